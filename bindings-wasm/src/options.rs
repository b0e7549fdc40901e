//! The optional arguments of every function, as JavaScript passes them: one plain
//! object whose fields may each be left out (`{ lang: "en", firstRows: 3 }`). Defaults
//! are the core's: a field left out is handed over as absent.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use tsify::{Ts, Tsify};
use wasm_bindgen::JsValue;

use crate::error::Error;
use crate::reason::Lang;

/// `{ lang }`: the message language (default `"id"`).
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LangOptions {
    /// Message language: `"id"` (the default) or `"en"`.
    #[tsify(optional)]
    pub lang: Option<Lang>,
}

/// Options of `Policy.fromToml` and `Policy.fromJson`.
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PolicyOptions {
    /// The text of a sector-taxonomy file (TOML) whose groups, sectors and aliases are
    /// added to the built-in taxonomy, as the command line's `--taxonomy` does.
    #[tsify(optional)]
    pub taxonomy: Option<String>,
}

/// Options of `evaluateRoster`.
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RosterOptions {
    /// Message language: `"id"` (the default) or `"en"`.
    #[tsify(optional)]
    pub lang: Option<Lang>,
    /// How many of the first rows to explain in `firstRows` (default 0).
    #[tsify(optional)]
    pub first_rows: Option<u32>,
}

/// Options of `compare`.
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CompareOptions {
    /// List at most this many changed workers per scenario (default: every one; the
    /// counts in `changeCounts` are always complete).
    #[tsify(optional)]
    pub max_changes: Option<u32>,
}

/// Options of `capacity` and `requirement`.
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlanOptions {
    /// A funding source id (default: the policy's first).
    #[tsify(optional)]
    pub source: Option<String>,
    /// A sector code, when the source's workers cost differently by sector.
    #[tsify(optional)]
    pub sector: Option<String>,
}

/// Options of `schedule`.
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScheduleOptions {
    /// Number of transfers (default: one per covered month).
    #[tsify(optional)]
    pub tranches: Option<u32>,
}

/// The options object, or every default when it is left out (`undefined` or `null`).
/// A field of the wrong type or an unknown one is an `invalid_argument` naming it.
pub(crate) fn read<T>(options: Option<Ts<T>>) -> Result<T, Error>
where
    T: Tsify + DeserializeOwned + Default,
{
    let Some(options) = options else {
        return Ok(T::default());
    };
    let entries = crate::args::entries(JsValue::from(options), "options")?;
    let value = serde_json::Value::Object(entries.into_iter().collect());
    serde_path_to_error::deserialize(value).map_err(|e| {
        let message = e.inner().to_string();
        let path = e.path().to_string();
        // `unknown field `x`, expected …`: the field is the first name in backticks.
        let unknown = message
            .strip_prefix("unknown field `")
            .and_then(|rest| rest.split('`').next());
        let field = match unknown {
            Some(name) => name.to_owned(),
            None if path == "." => "options".to_owned(),
            None => path,
        };
        Error::argument(Some(&field), message)
    })
}

/// The language an options object names, as the core's.
pub(crate) fn lang(lang: Option<Lang>) -> iuran::Lang {
    match lang {
        None => iuran::Lang::default(),
        Some(Lang::Id) => iuran::Lang::Id,
        Some(Lang::En) => iuran::Lang::En,
    }
}
