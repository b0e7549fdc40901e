//! What-if scenarios: a base policy with some fields changed.
//!
//! A scenario names the policy fields it changes with the policy's own field paths —
//! the paths a policy error names (`eligibility.age.min`, `funding[1].budget`) — so a
//! structural change (add a sector, a funding source, a month) is written like a
//! parameter change. A funding source can also be named by its id
//! (`funding.dbhcht.budget`). In TOML:
//!
//! ```toml
//! name = "Usia 50–65, mulai April"
//! description = "widen the age band and start in April"
//!
//! [set]                                   # replace values; tables merge
//! eligibility.age = { min = 50, max = 65 }
//! coverage.start = "2025-04"
//! "funding.dbhcht.budget" = "600000000"   # a quoted dotted key is the same path
//!
//! [add]                                   # append to lists
//! eligibility.sectors = ["tobacco_farm_labourer"]
//!
//! # unset = ["eligibility.age"]           # back to the field's default
//!
//! [[rate]]                                # rate-table rows, as in a `--rates` file
//! id = "bpu-jkm"
//! programme = "JKM"
//! segment = "BPU"
//! amount = "7500"
//! from = "2015-07"
//! reference = "hypothetical JKM of Rp 7,500"
//! status = "unverified"
//! ```
//!
//! The merged policy is validated like any policy; an error names the scenario field
//! that caused it, e.g. ``scenario `x` field `set.eligibility.age.min`: …``.
//!
//! ```
//! # #[cfg(feature = "toml")] {
//! use iuran::{Policy, Scenario};
//!
//! let base = Policy::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/policies/tegal-2025.toml"))?;
//! let april = Scenario::new("April start")
//!     .set("coverage.start", "2025-04")
//!     .set("coverage.months", 9)
//!     .add("eligibility.sectors", serde_json::json!(["tobacco_farm_labourer"]))
//!     .add("funding.dbhcht.sectors", serde_json::json!(["tobacco_farm_labourer"]));
//! let policy = april.apply(&base)?;
//! assert_eq!(policy.months().len(), 9);
//! assert_eq!(policy.spec().eligibility.sectors.len(), 5);
//!
//! let bad = Scenario::new("bad").set("eligibility.age.min", 200);
//! assert_eq!(
//!     bad.apply(&base).unwrap_err().to_string(),
//!     "scenario `bad` field `set.eligibility.age.min`: must be an age from 0 to 120"
//! );
//! # }
//! # Ok::<(), iuran::Error>(())
//! ```

use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::Error;
use crate::policy::{Policy, PolicySpec};

/// A scenario as written in its file (TOML or JSON, the same schema).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Short human name, shown in comparisons.
    pub name: String,
    /// The name in English, for pages that show the other language (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// What the scenario asks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Values to replace, by policy field path. Tables merge: a table value sets each
    /// of its fields; any other value (text, number, list) replaces.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub set: Map<String, Value>,
    /// Lists to extend, by policy field path: each value is a list appended to the
    /// policy's list (sectors, groups, districts, funding sources, priority tiers).
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub add: Map<String, Value>,
    /// Fields to remove, so that they take their default (no age band, no budget…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unset: Vec<String>,
    /// Rate rows replacing or extending the policy's rate table by `id`, as in a
    /// `--rates` file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rate: Vec<Value>,
    /// Adjustment rows (discounts) replacing or extending the rate table's by `id`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjustment: Vec<Value>,
}

/// One change, flattened: the scenario field that asks it and the policy path it
/// touches.
struct Edit<'s> {
    /// As the scenario file names it: `set.eligibility.age.min`.
    field: String,
    path: Vec<Segment>,
    op: Op<'s>,
}

enum Op<'s> {
    Set(&'s Value),
    Add(&'s Value),
    Unset,
}

#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Key(String),
    Index(usize),
}

impl Scenario {
    /// An empty scenario (the base policy unchanged).
    pub fn new(name: impl Into<String>) -> Scenario {
        Scenario {
            name: name.into(),
            ..Scenario::default()
        }
    }

    /// Replace a value (builder form of `[set]`).
    #[must_use]
    pub fn set(mut self, path: &str, value: impl Into<Value>) -> Scenario {
        self.set.insert(path.to_owned(), value.into());
        self
    }

    /// Append to a list (builder form of `[add]`).
    #[must_use]
    pub fn add(mut self, path: &str, value: impl Into<Value>) -> Scenario {
        self.add.insert(path.to_owned(), value.into());
        self
    }

    /// Remove a field (builder form of `unset`).
    #[must_use]
    pub fn unset(mut self, path: &str) -> Scenario {
        self.unset.push(path.to_owned());
        self
    }

    /// Read a scenario from a `.toml` or `.json` file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Scenario, Error> {
        let path = path.as_ref();
        let text = Error::read_text(path)?;
        Scenario::from_text(&text, path.to_str()).map_err(|e| match e {
            Error::Scenario {
                scenario,
                field,
                message,
            } if scenario.is_empty() => Error::Scenario {
                scenario: path.display().to_string(),
                field,
                message,
            },
            e => e,
        })
    }

    /// Parse a scenario written in TOML or JSON: the format is the file name's
    /// (`name`, when there is one) or else the text's ([`Format::detect`]).
    ///
    /// [`Format::detect`]: crate::format::Format::detect
    pub fn from_text(text: &str, name: Option<&str>) -> Result<Scenario, Error> {
        match crate::format::Format::detect(name, text) {
            crate::format::Format::Json => Scenario::from_json(text),
            #[cfg(feature = "toml")]
            crate::format::Format::Toml => Scenario::from_toml(text),
            #[cfg(not(feature = "toml"))]
            crate::format::Format::Toml => Err(Error::unsupported("a TOML scenario", "toml")),
        }
    }

    /// Parse a TOML scenario. Errors name the field.
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<Scenario, Error> {
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            scenario_error("", "(syntax)", crate::rates::toml_syntax_message(&e, text))
        })?;
        // JSON has no infinity or NaN: converted, they would become `null` and silently
        // unset the field (a budget of `inf` would remove the ceiling).
        let mut path = String::new();
        non_finite(&toml::Value::Table(table.clone()), &mut path).map_or(
            Ok(()),
            |(field, v)| {
                Err(scenario_error(
                    "",
                    &field,
                    format!("`{v}` is not a number iuran accepts: write a decimal as a string"),
                ))
            },
        )?;
        let value = serde_json::to_value(table)
            .map_err(|e| scenario_error("", "(syntax)", e.to_string()))?;
        Scenario::from_value(value)
    }

    /// Parse a JSON scenario. Errors name the field. A key given twice in one object is
    /// refused, not silently overwritten.
    pub fn from_json(text: &str) -> Result<Scenario, Error> {
        let value = strict_json(text).map_err(|e| scenario_error("", "(syntax)", e))?;
        Scenario::from_value(value)
    }

    fn from_value(value: Value) -> Result<Scenario, Error> {
        let s: Scenario = serde_path_to_error::deserialize(value).map_err(|e| {
            let mut field = e.path().to_string();
            let message = e.inner().to_string();
            if let Some(name) = message
                .strip_prefix("missing field `")
                .and_then(|m| m.split('`').next())
            {
                name.clone_into(&mut field);
            }
            scenario_error("", &field, message)
        })?;
        if s.name.trim().is_empty() {
            return Err(scenario_error("", "name", "must not be empty"));
        }
        Ok(s)
    }

    /// The scenario as JSON text (what an audit record keeps for a scenario built in
    /// code).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a scenario serialises")
    }

    /// The policy this scenario makes from `base`: the base's fields with the changes
    /// applied, its rate table with the scenario's rows, validated.
    pub fn apply(&self, base: &Policy) -> Result<Policy, Error> {
        let edits = self.edits()?;
        let mut doc = serde_json::to_value(base.spec()).expect("a policy spec serialises");
        one_coverage_form(&mut doc, &edits);
        let mut touched = Vec::with_capacity(edits.len());
        for e in &edits {
            let resolved = apply_edit(&mut doc, e).map_err(|m| self.error(&e.field, m))?;
            touched.push((resolved, e.field.as_str()));
        }
        let spec: PolicySpec = serde_path_to_error::deserialize(&doc).map_err(|err| {
            let field = err.path().to_string();
            self.error(&blame(&touched, &field), err.inner().to_string())
        })?;
        let rates = if self.rate.is_empty() && self.adjustment.is_empty() {
            Arc::clone(&base.rates)
        } else {
            let mut patch = Map::new();
            if !self.rate.is_empty() {
                patch.insert("rate".into(), Value::Array(self.rate.clone()));
            }
            if !self.adjustment.is_empty() {
                patch.insert("adjustment".into(), Value::Array(self.adjustment.clone()));
            }
            let table = rate_patch(&patch)
                .and_then(|p| base.rates.patched(p))
                .map_err(|e| match e {
                    Error::Data { field, message, .. } => self.error(&field, message),
                    e => e,
                })?;
            Arc::new(table)
        };
        Policy::compile_with(spec, rates, Arc::clone(&base.taxonomy)).map_err(|e| match e {
            Error::PolicyField { field, message } => self.error(&blame(&touched, &field), message),
            Error::Data { field, message, .. } => self.error(&field, message),
            e => e,
        })
    }

    fn error(&self, field: &str, message: impl Into<String>) -> Error {
        scenario_error(&self.name, field, message)
    }

    /// Every change, flattened to one policy path each, in file order: `set`, `add`,
    /// `unset`.
    fn edits(&self) -> Result<Vec<Edit<'_>>, Error> {
        let mut out = Vec::new();
        for (key, value) in &self.set {
            let field = format!("set.{key}");
            let path = parse_path(key).map_err(|m| self.error(&field, m))?;
            flatten(&field, path, value, &|v| Op::Set(v), &mut out);
        }
        for (key, value) in &self.add {
            let field = format!("add.{key}");
            let path = parse_path(key).map_err(|m| self.error(&field, m))?;
            flatten(&field, path, value, &|v| Op::Add(v), &mut out);
        }
        if let Some(e) = out
            .iter()
            .find(|e| matches!(e.op, Op::Add(v) if !v.is_array()))
        {
            return Err(self.error(&e.field, "must be a list of values to append"));
        }
        for (i, key) in self.unset.iter().enumerate() {
            let field = format!("unset[{i}]");
            let path = parse_path(key).map_err(|m| self.error(&field, m))?;
            out.push(Edit {
                field,
                path,
                op: Op::Unset,
            });
        }
        Ok(out)
    }
}

/// A coverage is one run (`start`, `months`) or `blocks`: a scenario that sets one
/// form replaces the base's other form, rather than leaving both.
fn one_coverage_form(doc: &mut Value, edits: &[Edit<'_>]) {
    let sets = |name: &str| {
        edits.iter().any(|e| {
            !matches!(e.op, Op::Unset)
                && matches!(&e.path[..], [Segment::Key(c), Segment::Key(k), ..] if c == "coverage" && k == name)
        })
    };
    let Some(coverage) = doc.get_mut("coverage").and_then(Value::as_object_mut) else {
        return;
    };
    if sets("blocks") {
        if !sets("start") {
            coverage.remove("start");
        }
        if !sets("months") {
            coverage.remove("months");
        }
    } else if sets("start") || sets("months") {
        coverage.remove("blocks");
    }
}

/// A scenario's `rate` and `adjustment` rows as a rate table patch. Under the `toml`
/// feature they go through TOML text, as a rate file would (the same messages as
/// `iuran --rates FILE`); without it, straight from the JSON value.
#[cfg(feature = "toml")]
fn rate_patch(patch: &Map<String, Value>) -> Result<crate::rates::RatePatch, Error> {
    let text = toml::to_string(patch).map_err(|e| Error::Data {
        table: "rate table",
        field: "rate".to_owned(),
        message: e.to_string(),
    })?;
    crate::rates::parse_toml(&text)
}

#[cfg(not(feature = "toml"))]
fn rate_patch(patch: &Map<String, Value>) -> Result<crate::rates::RatePatch, Error> {
    serde_path_to_error::deserialize(Value::Object(patch.clone())).map_err(|e| Error::Data {
        table: "rate table",
        field: e.path().to_string(),
        message: e.inner().to_string(),
    })
}

/// The first infinite or NaN float in a TOML value, with its dotted path.
#[cfg(feature = "toml")]
fn non_finite(value: &toml::Value, path: &mut String) -> Option<(String, f64)> {
    match value {
        toml::Value::Float(f) if !f.is_finite() => Some((path.clone(), *f)),
        toml::Value::Table(t) => t.iter().find_map(|(k, v)| {
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(k);
            let found = non_finite(v, path);
            path.truncate(len);
            found
        }),
        toml::Value::Array(items) => items.iter().enumerate().find_map(|(i, v)| {
            let len = path.len();
            let _ = write!(path, "[{i}]");
            let found = non_finite(v, path);
            path.truncate(len);
            found
        }),
        _ => None,
    }
}

/// JSON text to a value, refusing a key given twice in one object and text after the
/// value. Nesting is bounded by `serde_json`'s recursion limit.
fn strict_json(text: &str) -> Result<Value, String> {
    struct Strict(Value);
    struct Visit;
    impl<'de> serde::de::Visitor<'de> for Visit {
        type Value = Strict;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a JSON value")
        }
        fn visit_bool<E>(self, v: bool) -> Result<Strict, E> {
            Ok(Strict(Value::Bool(v)))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Strict, E> {
            Ok(Strict(Value::from(v)))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Strict, E> {
            Ok(Strict(Value::from(v)))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Strict, E> {
            Ok(Strict(Value::from(v)))
        }
        fn visit_str<E>(self, v: &str) -> Result<Strict, E> {
            Ok(Strict(Value::from(v)))
        }
        fn visit_string<E>(self, v: String) -> Result<Strict, E> {
            Ok(Strict(Value::String(v)))
        }
        fn visit_unit<E>(self) -> Result<Strict, E> {
            Ok(Strict(Value::Null))
        }
        fn visit_none<E>(self) -> Result<Strict, E> {
            Ok(Strict(Value::Null))
        }
        fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Strict, D::Error> {
            d.deserialize_any(Visit)
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Strict, A::Error> {
            let mut items = Vec::new();
            while let Some(Strict(v)) = seq.next_element()? {
                items.push(v);
            }
            Ok(Strict(Value::Array(items)))
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Strict, A::Error> {
            let mut out = Map::new();
            while let Some(key) = map.next_key::<String>()? {
                if out.contains_key(&key) {
                    return Err(serde::de::Error::custom(format!(
                        "key `{}` is given twice",
                        crate::nik::echo(&key)
                    )));
                }
                let Strict(v) = map.next_value()?;
                out.insert(key, v);
            }
            Ok(Strict(Value::Object(out)))
        }
    }
    impl<'de> Deserialize<'de> for Strict {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Strict, D::Error> {
            d.deserialize_any(Visit)
        }
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let Strict(value) = Strict::deserialize(&mut de).map_err(|e| e.to_string())?;
    de.end()
        .map_err(|e| format!("text after the scenario: {e}"))?;
    Ok(value)
}

fn scenario_error(scenario: &str, field: &str, message: impl Into<String>) -> Error {
    Error::Scenario {
        scenario: scenario.to_owned(),
        field: field.to_owned(),
        message: message.into(),
    }
}

/// Tables under `[set]` and `[add]` merge: each leaf is one edit.
fn flatten<'s>(
    field: &str,
    path: Vec<Segment>,
    value: &'s Value,
    op: &dyn Fn(&'s Value) -> Op<'s>,
    out: &mut Vec<Edit<'s>>,
) {
    match value {
        Value::Object(m) if !m.is_empty() => {
            for (k, v) in m {
                let mut p = path.clone();
                p.push(Segment::Key(k.clone()));
                flatten(&format!("{field}.{k}"), p, v, op, out);
            }
        }
        _ => out.push(Edit {
            field: field.to_owned(),
            path,
            op: op(value),
        }),
    }
}

/// `funding[1].budget` → `funding`, 1, `budget`.
fn parse_path(text: &str) -> Result<Vec<Segment>, String> {
    let mut out = Vec::new();
    for part in text.split('.') {
        let (name, mut rest) = part.split_once('[').map_or((part, ""), |(n, r)| (n, r));
        if name.trim().is_empty() {
            return Err(format!(
                "`{text}` is not a field path (e.g. `eligibility.age.min`, `funding[0].budget`)"
            ));
        }
        out.push(Segment::Key(name.trim().to_owned()));
        while !rest.is_empty() {
            let (index, after) = rest
                .split_once(']')
                .ok_or_else(|| format!("`{text}`: `[` without `]`"))?;
            let i = index
                .trim()
                .parse()
                .map_err(|_| format!("`{text}`: `{index}` is not a list index"))?;
            out.push(Segment::Index(i));
            rest = after.strip_prefix('[').unwrap_or(after);
            if !after.is_empty() && !after.starts_with('[') {
                return Err(format!("`{text}`: unexpected `{after}`"));
            }
        }
    }
    Ok(out)
}

/// Apply one edit; returns the path it touched with list elements as indexes
/// (`funding[0].budget`), as a policy error would name it.
fn apply_edit(doc: &mut Value, e: &Edit<'_>) -> Result<String, String> {
    let mut at = doc;
    let mut resolved = String::new();
    let last = e.path.len() - 1;
    for (n, seg) in e.path.iter().enumerate() {
        // A key on a list of tables selects the element with that `id`.
        let seg = match (seg, &*at) {
            (Segment::Key(k), Value::Array(items)) => Segment::Index(
                items
                    .iter()
                    .position(|x| x.get("id").and_then(Value::as_str) == Some(k))
                    .ok_or_else(|| format!("no element of `{resolved}` has id `{k}`"))?,
            ),
            _ => seg.clone(),
        };
        match &seg {
            Segment::Key(k) => {
                if !resolved.is_empty() {
                    resolved.push('.');
                }
                resolved.push_str(k);
            }
            Segment::Index(i) => {
                let _ = write!(resolved, "[{i}]");
            }
        }
        if n == last {
            return finish(at, &seg, &e.op, &resolved).map(|()| resolved);
        }
        at = match (&seg, at) {
            (Segment::Key(k), Value::Object(m)) => m
                .entry(k.clone())
                .or_insert_with(|| Value::Object(Map::new())),
            (Segment::Index(i), Value::Array(items)) => {
                let len = items.len();
                items
                    .get_mut(*i)
                    .ok_or_else(|| format!("`{resolved}` is out of range: the list has {len}"))?
            }
            (_, Value::Null) => return Err(format!("`{resolved}` is not set in the policy")),
            _ => return Err(format!("`{resolved}` is not a table or list")),
        };
        if at.is_null() {
            *at = Value::Object(Map::new());
        }
    }
    Ok(resolved)
}

fn finish(at: &mut Value, seg: &Segment, op: &Op<'_>, resolved: &str) -> Result<(), String> {
    let slot = match (seg, &mut *at) {
        (Segment::Key(k), Value::Object(m)) => {
            if let Op::Unset = op {
                m.remove(k);
                return Ok(());
            }
            m.entry(k.clone()).or_insert(Value::Null)
        }
        (Segment::Index(i), Value::Array(items)) => {
            let len = items.len();
            if let Op::Unset = op {
                if *i >= len {
                    return Err(format!("`{resolved}` is out of range: the list has {len}"));
                }
                items.remove(*i);
                return Ok(());
            }
            items.get_mut(*i).ok_or_else(|| {
                format!("`{resolved}` is out of range: the list has {len}; use `[add]` to append")
            })?
        }
        _ => return Err(format!("`{resolved}` is not inside a table or list")),
    };
    match op {
        Op::Set(v) => *slot = (*v).clone(),
        Op::Add(v) => {
            let more = v.as_array().cloned().unwrap_or_default();
            match slot {
                Value::Null => *slot = Value::Array(more),
                Value::Array(items) => items.extend(more),
                _ => return Err(format!("`{resolved}` is not a list")),
            }
        }
        Op::Unset => {}
    }
    Ok(())
}

/// The scenario field to blame for an error on a policy field: the edit whose path is
/// the field or contains it (the last such edit), else the policy field itself.
fn blame(touched: &[(String, &str)], field: &str) -> String {
    let within = |p: &str| {
        field == p
            || field
                .strip_prefix(p)
                .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
            || p.strip_prefix(field)
                .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
    };
    touched
        .iter()
        .rev()
        .find(|(p, _)| within(p))
        .map_or_else(|| field.to_owned(), |(_, f)| (*f).to_owned())
}

#[cfg(all(test, feature = "toml"))] // its cases are written in TOML
mod tests {
    use super::*;

    fn tegal() -> Policy {
        Policy::from_file(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../examples/policies/tegal-2025.toml"
        ))
        .unwrap()
    }

    #[test]
    fn an_empty_scenario_is_the_base() {
        let base = tegal();
        let same = Scenario::new("same").apply(&base).unwrap();
        assert_eq!(same.spec(), base.spec());
    }

    #[test]
    fn toml_tables_merge_and_funding_is_named_by_id() {
        let s = Scenario::from_toml(
            r#"
            name = "x"
            [set]
            eligibility.age = { min = 50, max = 65 }
            "funding.apbd.budget" = "100000000"
            [add]
            "funding[0].sectors" = ["tobacco_farm_labourer"]
            "#,
        )
        .unwrap();
        let p = s.apply(&tegal()).unwrap();
        let age = p.spec().eligibility.age.unwrap();
        assert_eq!((age.min, age.max), (Some(50), Some(65)));
        assert_eq!(p.spec().funding[1].budget.unwrap().to_string(), "100000000");
        assert_eq!(p.spec().funding[0].sectors.len(), 4);
    }

    #[test]
    fn a_recipient_count_is_set_like_a_budget() {
        let p = Scenario::new("decree")
            .set("funding.dbhcht.max_workers", 7_000)
            .apply(&tegal())
            .unwrap();
        assert_eq!(p.spec().funding[0].max_workers, Some(7_000));
        let p = Scenario::new("dtsen")
            .set("eligibility.require_dtsen", true)
            .apply(&tegal())
            .unwrap();
        assert!(p.spec().eligibility.require_dtsen);
        assert!(p.has_ceilings());
        let e = Scenario::new("none")
            .set("funding.dbhcht.max_workers", 0)
            .apply(&tegal())
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("field `set.funding.dbhcht.max_workers`: must be at least 1"),
            "{e}"
        );
    }

    #[test]
    fn coverage_blocks_and_the_monthly_age_rule_are_set_like_any_field() {
        // Tegal covers 2025-03 for 10 months; blocks replace that run.
        let p = Scenario::new("two blocks")
            .set(
                "coverage.blocks",
                serde_json::json!([
                    { "start": "2025-01", "months": 3 },
                    { "start": "2025-05", "months": 8 }
                ]),
            )
            .set("eligibility.age.rule", "monthly")
            .apply(&tegal())
            .unwrap();
        assert_eq!(p.months().len(), 11);
        assert_eq!(p.months()[3].to_string(), "2025-05");
        assert_eq!(p.spec().coverage.start, None);
        assert_eq!(
            p.spec().eligibility.age.unwrap().rule,
            crate::policy::AgeRule::Monthly
        );
        // And a run replaces blocks.
        let back = Scenario::new("one run")
            .set("coverage.start", "2025-02")
            .set("coverage.months", 4)
            .apply(&p)
            .unwrap();
        assert_eq!(back.months().len(), 4);
        let e = Scenario::new("overlap")
            .set(
                "coverage.blocks",
                serde_json::json!([
                    { "start": "2025-01", "months": 3 },
                    { "start": "2025-03", "months": 2 }
                ]),
            )
            .apply(&tegal())
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "scenario `overlap` field `set.coverage.blocks`: 2025-03 is not after the previous block, which ends in 2025-03: list blocks in calendar order, without overlap"
        );
    }

    #[test]
    fn errors_name_the_scenario_field() {
        let base = tegal();
        let cases = [
            (
                Scenario::new("a").set("coverage.months", 0),
                "scenario `a` field `set.coverage.months`: must be between 1 and 60, found 0",
            ),
            (
                Scenario::new("b").set("funding.csr.budget", "1"),
                "scenario `b` field `set.funding.csr.budget`: no element of `funding` has id `csr`",
            ),
            (
                Scenario::new("c").add("eligibility.sectors", serde_json::json!(["astronaut"])),
                "scenario `c` field `add.eligibility.sectors`: unknown sector code `astronaut`",
            ),
            (
                Scenario::new("d").set("eligibility.colour", "red"),
                "scenario `d` field `set.eligibility.colour`: unknown field `colour`, expected one of `age`, `sectors`, `groups`, `districts`, `exclude_active_members`, `max_welfare_decile`, `require_dtsen`, `require_nik`",
            ),
            (
                Scenario::new("e").set("funding[5].budget", "1"),
                "scenario `e` field `set.funding[5].budget`: `funding[5]` is out of range: the list has 2",
            ),
        ];
        for (s, want) in cases {
            assert_eq!(s.apply(&base).unwrap_err().to_string(), want);
        }
        let e = Scenario::from_toml("name = 'x'\ncolour = 1\n").unwrap_err();
        assert_eq!(e.field(), Some("colour"));
        let e = Scenario::from_toml("[set]\na = 1\n").unwrap_err();
        assert_eq!(e.field(), Some("name"));
    }

    #[test]
    fn rate_rows_override_the_table() {
        let s = Scenario::from_toml(
            r#"
            name = "JKM 7,500"
            [[rate]]
            id = "bpu-jkm"
            programme = "JKM"
            segment = "BPU"
            amount = "7500"
            from = "2015-07"
            reference = "hypothetical"
            status = "unverified"
            "#,
        )
        .unwrap();
        let p = s.apply(&tegal()).unwrap();
        let jkm = p.rates().rates.iter().find(|r| r.id == "bpu-jkm").unwrap();
        assert_eq!(jkm.amount.unwrap().to_string(), "7500");
    }
}
