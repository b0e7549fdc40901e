//! The `Policy` class: a compiled programme policy that evaluates workers and rosters.

use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

use crate::decision::Decision;
use crate::error::Error;
use crate::lint::Lint;
use crate::reason::{self, lang as parse_lang};
use crate::roster::{self, RosterResult};
use crate::worker::WorkerRecord;

/// A validated programme policy (built-in rate table and sector taxonomy), ready to
/// evaluate workers and rosters.
#[wasm_bindgen]
pub struct Policy {
    inner: iuran::Policy,
}

#[wasm_bindgen]
impl Policy {
    /// Parse and compile a policy written in TOML. Throws an `IuranError`
    /// (`policy_syntax`, or `policy_field` naming the field).
    #[wasm_bindgen(js_name = fromToml)]
    pub fn from_toml(text: &str) -> Result<Policy, Error> {
        Ok(Policy {
            inner: iuran::Policy::from_toml(text)?,
        })
    }

    /// Parse and compile a policy written in JSON (same schema as TOML; amounts as
    /// strings or whole numbers).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str) -> Result<Policy, Error> {
        Ok(Policy {
            inner: iuran::Policy::from_json(text)?,
        })
    }

    /// Decide whether one worker is covered and what it costs, with every reason in
    /// `lang` (`"id"`, the default, or `"en"`). "Not eligible" is an answer, not an
    /// error; only a worker object of the wrong shape throws (`invalid_argument`).
    pub fn evaluate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WorkerRecord")] worker: JsValue,
        lang: Option<Ts<reason::Lang>>,
    ) -> Result<Ts<Decision>, Error> {
        let lang = parse_lang(lang)?;
        let record = iuran::Record::from(WorkerRecord::from_js(worker)?);
        let decision = self.inner.evaluate_record(&record)?;
        Ok(Decision::new(&decision, lang).into_ts()?)
    }

    /// Evaluate every row of a roster (CSV text, or the file's bytes): the output CSV,
    /// the summary, every row's answer as columns, and the explained decisions of the
    /// first `firstRows` rows (default 0). Throws an `IuranError` with code `roster`
    /// (and `line`/`field`) only when the file cannot be read at all; a bad row is a
    /// row with reasons.
    #[wasm_bindgen(js_name = evaluateRoster)]
    pub fn evaluate_roster(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] roster: &JsValue,
        lang: Option<Ts<reason::Lang>>,
        #[wasm_bindgen(js_name = firstRows)] first_rows: Option<u32>,
    ) -> Result<Ts<RosterResult>, Error> {
        let lang = parse_lang(lang)?;
        let roster = roster::read(roster)?;
        let result =
            roster::evaluate(&self.inner, &roster, lang, first_rows.unwrap_or(0) as usize)?;
        Ok(result.into_ts()?)
    }

    /// Warnings about the policy (empty when none), in `lang`.
    pub fn lint(&self, lang: Option<Ts<reason::Lang>>) -> Result<Vec<Ts<Lint>>, Error> {
        let lang = parse_lang(lang)?;
        let mut out = Vec::new();
        for l in self.inner.lint() {
            out.push(Lint::new(&l, lang).into_ts()?);
        }
        Ok(out)
    }

    /// The policy as written, in the file's own field names (`snake_case`): what
    /// `Policy.fromJson(JSON.stringify(spec))` reads back.
    #[wasm_bindgen(unchecked_return_type = "PolicySpec")]
    pub fn spec(&self) -> Result<JsValue, Error> {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        Ok(serde::Serialize::serialize(self.inner.spec(), &serializer)?)
    }

    /// The covered contribution months, `YYYY-MM`, in order.
    pub fn months(&self) -> Vec<String> {
        self.inner
            .months()
            .iter()
            .map(ToString::to_string)
            .collect()
    }
}
