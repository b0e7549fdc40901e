//! Budget planning: what a budget buys, what N workers need, what is due month by
//! month, a coverage roadmap, the benefits a family would receive, and the data-quality
//! report of a roster file.
//!
//! Every figure is the core's ([`iuran::planning`], [`iuran::roadmap`],
//! [`iuran::benefits`], [`iuran::quality`]). Each function hands back the core's own
//! serde form as JSON text, money as exact decimal strings; `iuran/_planning.py` turns
//! it into typed objects with `decimal.Decimal` money. Nothing is computed here.

use iuran::benefits::BenefitQuery;
use iuran::{Policy, QualityReport, RoadmapInput, Roster, Summary, Taxonomy};
use pyo3::prelude::*;
use pyo3::types::{PyFloat, PyInt, PyString};
use rust_decimal::Decimal;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt::Display;

use crate::error::{Failure, Result, type_error};

fn argument(name: &'static str, message: impl Into<String>) -> Failure {
    Failure::Core(iuran::Error::Argument {
        name,
        message: message.into(),
    })
}

/// The core's answer as JSON text.
pub fn to_json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|e| Failure::Internal(format!("an answer does not serialise: {e}")))
}

/// A budget given as `int`, `decimal.Decimal` or text (`"2.090.000.000"`,
/// `"Rp 2.090.000.000"`, read by [`iuran::money::parse_budget`]). A float is refused:
/// money never passes through binary floating point.
pub fn budget(value: &Bound<'_, PyAny>) -> Result<Decimal> {
    if value.cast::<PyFloat>().is_ok() {
        return Err(type_error(
            "budget must be an int, a decimal.Decimal or text, never a float",
        ));
    }
    if let Ok(s) = value.cast::<PyString>() {
        let text = s.to_cow().map_err(|_| {
            argument(
                "budget",
                "is not valid Unicode text (it holds a lone surrogate)",
            )
        })?;
        return Ok(iuran::money::parse_budget(&text)?);
    }
    if value.cast::<PyInt>().is_ok() {
        let n: i128 = value
            .extract()
            .map_err(|_| argument("budget", "is too large an amount"))?;
        return Decimal::try_from_i128_with_scale(n, 0)
            .map_err(|_| argument("budget", "is too large an amount"));
    }
    if value.is_instance(&value.py().import("decimal")?.getattr("Decimal")?)? {
        // A `decimal.Decimal` rust_decimal cannot hold: say which.
        return value.extract::<Decimal>().or_else(|_| {
            let finite: bool = value.call_method0("is_finite")?.extract()?;
            Err(argument(
                "budget",
                if finite {
                    "is too large an amount"
                } else {
                    "is not a number (NaN or infinity): give an amount of rupiah"
                },
            ))
        });
    }
    value.extract::<Decimal>().map_err(|_| {
        type_error(format!(
            "budget must be an int, a decimal.Decimal or text, not `{}`",
            value
                .get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default()
        ))
    })
}

/// A count (`workers`, `tranches`) given as a Python int: a `TypeError` for anything
/// else, an `ArgumentError` for an int outside 0 ..= `max` (never `OverflowError`).
pub fn count<T: TryFrom<u64> + Display + Copy>(
    name: &'static str,
    value: &Bound<'_, PyAny>,
    max: T,
) -> Result<T> {
    if value.cast::<PyFloat>().is_ok() || !value.hasattr("__index__")? {
        return Err(type_error(format!(
            "{name} must be an int, not `{}`",
            value.get_type().name()?
        )));
    }
    value
        .extract::<u64>()
        .ok()
        .and_then(|n| T::try_from(n).ok())
        .ok_or_else(|| argument(name, format!("must be a whole number from 0 to {max}")))
}

/// JSON text from the Python package, read into one of the core's input types; an
/// unknown or ill-typed field is an `ArgumentError` naming it.
fn input<T: DeserializeOwned>(name: &'static str, text: &str) -> Result<T> {
    let mut de = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let mut inner = e.into_inner().to_string();
        // The JSON text is the package's, not the user's: its positions mean nothing.
        if let Some(at) = inner.find(" at line ") {
            inner.truncate(at);
        }
        let message = if path.is_empty() || path == "." {
            inner
        } else {
            format!("`{path}`: {inner}")
        };
        argument(name, message)
    })
}

/// How many workers `budget` covers ([`Policy::capacity`]).
pub fn capacity(
    policy: &Policy,
    budget: Decimal,
    source: Option<&str>,
    sector: Option<&str>,
) -> Result<String> {
    to_json(&policy.capacity(budget, source, sector)?)
}

/// What `workers` workers cost ([`Policy::requirement`]).
pub fn requirement(
    policy: &Policy,
    workers: u64,
    source: Option<&str>,
    sector: Option<&str>,
) -> Result<String> {
    to_json(&policy.requirement(workers, source, sector)?)
}

/// The payment schedule of an evaluated roster ([`Policy::schedule`]).
pub fn schedule(policy: &Policy, summary: &Summary, tranches: Option<u32>) -> Result<String> {
    to_json(&policy.schedule(summary, tranches)?)
}

/// A coverage roadmap ([`Policy::roadmap`]) from a [`RoadmapInput`] as JSON.
pub fn roadmap(policy: &Policy, input_json: &str) -> Result<String> {
    let input: RoadmapInput = input("roadmap", input_json)?;
    to_json(&policy.roadmap(&input)?)
}

/// The benefit illustration ([`Policy::benefits`]) from a [`BenefitQuery`] as JSON.
pub fn benefits(policy: &Policy, query_json: &str) -> Result<String> {
    let query: BenefitQuery = input("benefits", query_json)?;
    to_json(&policy.benefits(&query)?)
}

/// The data-quality report of a roster file (CSV or `.xlsx`, as bytes), as of a date
/// written `YYYY-MM-DD`.
pub fn quality(bytes: &[u8], as_of: &str) -> Result<String> {
    let as_of = iuran::worker::parse_date(as_of)
        .ok_or_else(|| argument("as_of", "must be a date written YYYY-MM-DD"))?;
    let roster = Roster::from_bytes(bytes)?;
    to_json(&QualityReport::of(&roster, Taxonomy::builtin(), as_of))
}
