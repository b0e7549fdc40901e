//! Arguments JavaScript passes as plain objects (`RoadmapInput`, `BenefitQuery`): read in
//! JavaScript's spelling (`baselineYear`), handed to the core's own deserialiser in its
//! spelling (`baseline_year`). The core decides what is required, what defaults to
//! what, and which values it accepts; this module only renames.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use wasm_bindgen::JsValue;

use crate::error::{Error, camel};

/// A JavaScript object as its entries; `null` and `undefined` values count as absent.
pub(crate) fn entries(value: JsValue, arg: &str) -> Result<BTreeMap<String, Value>, Error> {
    let plain = || Error::argument(Some(arg), "must be a plain object");
    if !value.is_object() || js_sys::Array::is_array(&value) {
        return Err(plain());
    }
    let entries: BTreeMap<String, Value> =
        serde_wasm_bindgen::from_value(value).map_err(|_| plain())?;
    Ok(entries)
}

/// The core's value of type `T` from entries named in `camelCase`.
pub(crate) fn to_core<T: DeserializeOwned>(
    entries: BTreeMap<String, Value>,
    arg: &str,
) -> Result<T, Error> {
    let mut map = Map::new();
    for (key, value) in entries {
        if key.contains('_') {
            return Err(Error::argument(
                Some(&key),
                format!(
                    "unknown field; names are written in camelCase (`{}`)",
                    camel(&key)
                ),
            ));
        }
        if !value.is_null() {
            map.insert(snake(&key), value);
        }
    }
    serde_path_to_error::deserialize(Value::Object(map)).map_err(|e| {
        let path = e.path().to_string();
        let message = e.inner().to_string();
        // `missing field `x``, `unknown field `x`, expected one of …`: every name
        // between backticks is a field name.
        let message =
            if message.starts_with("missing field") || message.starts_with("unknown field") {
                camel_between_backticks(&message)
            } else {
                message
            };
        let field = if path == "." {
            arg.to_owned()
        } else {
            camel(&path)
        };
        Error::argument(Some(&field), message)
    })
}

/// `baselineYear` → `baseline_year`.
fn snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Every `` `snake_name` `` in a message spelt as JavaScript spells it.
fn camel_between_backticks(message: &str) -> String {
    message
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                camel(part)
            } else {
                part.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("`")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entries(v: &Value) -> BTreeMap<String, Value> {
        v.as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    #[test]
    fn names_are_renamed_and_nulls_left_out() {
        let q: iuran::benefits::BenefitQuery = to_core(
            entries(&json!({ "workAccident": true, "month": 2, "children": null })),
            "query",
        )
        .unwrap();
        assert!(q.work_accident && q.month == 2 && q.children.is_empty());
        assert_eq!(snake("subsidySharePercent"), "subsidy_share_percent");
    }

    #[test]
    fn errors_name_the_field_in_camel_case() {
        let e = to_core::<iuran::benefits::BenefitQuery>(entries(&json!({ "month": 2 })), "query")
            .unwrap_err();
        assert_eq!(e.field().as_deref(), Some("query"));
        assert_eq!(
            e.message(),
            "argument `query`: missing field `workAccident`"
        );
        let e = to_core::<iuran::RoadmapInput>(
            entries(
                &json!({ "baselineYear": 2025, "workforce": 1, "targetYear": 2030,
                             "targetPercent": 12.5 }),
            ),
            "input",
        )
        .unwrap_err();
        assert_eq!(e.field().as_deref(), Some("targetPercent"));
        assert!(
            e.message()
                .contains("floating-point number 12.5 is not exact"),
            "{}",
            e.message()
        );
        let e = to_core::<iuran::benefits::BenefitQuery>(
            entries(&json!({ "work_accident": true, "month": 2 })),
            "query",
        )
        .unwrap_err();
        assert_eq!(e.field().as_deref(), Some("work_accident"));
        assert!(e.message().contains("`workAccident`"));
        let e = to_core::<iuran::benefits::BenefitQuery>(
            entries(&json!({ "workAccident": true, "month": 2, "childrenLevels": [] })),
            "query",
        )
        .unwrap_err();
        assert_eq!(e.field().as_deref(), Some("childrenLevels"));
        assert_eq!(
            e.message(),
            "argument `childrenLevels`: unknown field `childrenLevels`, expected one of `workAccident`, `month`, `children`"
        );
    }
}
