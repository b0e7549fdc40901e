//! Python data ⇄ JSON values, for `Policy.from_dict` and `Policy.spec`: a policy as a
//! dict is its JSON form, which the core parses and validates.

use pyo3::IntoPyObjectExt;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyMapping, PySequence, PyString};
use serde_json::{Map, Number, Value};

use crate::error::{Failure, Result, echo, type_error};

/// How deep Python data given as a policy or scenario may nest: far deeper than any
/// policy (a rate row inside a scenario is four levels), far shallower than what would
/// exhaust the stack while converting, serialising or dropping it.
pub const MAX_DEPTH: usize = 64;

const NOT_UNICODE: &str = "is not valid Unicode text (it holds a lone surrogate)";

/// Which document a value belongs to, for the error it gets.
#[derive(Clone, Copy)]
pub enum Document<'a> {
    /// A policy (`Policy.from_dict`): a `PolicyError`.
    Policy,
    /// A scenario with this name (`Scenario.from_dict`, `.set`, `.add`): a
    /// `ScenarioError`.
    Scenario(&'a str),
}

/// A Python value as JSON. `Decimal`s become decimal strings (what policy files use for
/// money); finite floats stay floats, so the core rejects them where it rejects them in
/// JSON (money: "write it as a string"). What JSON cannot hold is refused here, naming
/// the field: a float that is `inf` or `nan` (it would otherwise become `null`, which
/// reads as "no value" — a budget with no ceiling), data nested deeper than
/// [`MAX_DEPTH`], and a container that contains itself.
pub fn to_json(
    py: Python<'_>,
    value: &Bound<'_, PyAny>,
    at: &str,
    document: Document<'_>,
) -> Result<Value> {
    let mut reader = Reader {
        py,
        document,
        open: Vec::new(),
    };
    reader.value(value, at)
}

struct Reader<'py, 'a> {
    py: Python<'py>,
    document: Document<'a>,
    /// The containers being read, outermost first (to find one inside itself).
    open: Vec<*mut pyo3::ffi::PyObject>,
}

impl Reader<'_, '_> {
    fn refuse(&self, at: &str, message: String) -> Failure {
        Failure::Value {
            scenario: match self.document {
                Document::Policy => None,
                Document::Scenario(name) => Some(name.to_owned()),
            },
            at: if at.is_empty() {
                "(top level)".to_owned()
            } else {
                at.to_owned()
            },
            message,
        }
    }

    /// Enter a container: refused when it is already open (a cycle) or too deep.
    fn enter(&mut self, value: &Bound<'_, PyAny>, at: &str) -> Result<()> {
        let id = value.as_ptr();
        if self.open.contains(&id) {
            return Err(self.refuse(
                at,
                "contains itself (a cyclic list or dict cannot be written as JSON)".to_owned(),
            ));
        }
        if self.open.len() >= MAX_DEPTH {
            return Err(self.refuse(
                at,
                format!("is nested more than {MAX_DEPTH} levels deep: no policy is this deep"),
            ));
        }
        self.open.push(id);
        Ok(())
    }

    fn value(&mut self, value: &Bound<'_, PyAny>, at: &str) -> Result<Value> {
        let py = self.py;
        if value.is_none() {
            return Ok(Value::Null);
        }
        if let Ok(s) = value.cast::<PyString>() {
            let text = s
                .to_cow()
                .map_err(|_| self.refuse(at, NOT_UNICODE.to_owned()))?;
            return Ok(Value::String(text.into_owned()));
        }
        if let Ok(b) = value.cast::<PyBool>() {
            return Ok(Value::Bool(b.is_true()));
        }
        if value.cast::<PyInt>().is_ok() {
            return Ok(match value.extract::<i64>() {
                Ok(i) => Value::from(i),
                // Too large for JSON numbers the core reads: as text, for the core to judge.
                Err(_) => Value::String(crate::error::int_text(value).ok_or_else(|| {
                    self.refuse(at, "is too large a number to be written out".to_owned())
                })?),
            });
        }
        if let Ok(f) = value.cast::<PyFloat>() {
            let f = f.value();
            return Number::from_f64(f).map(Value::Number).ok_or_else(|| {
                self.refuse(
                    at,
                    format!(
                        "`{f}` is not a number: a float cannot be `inf` or `nan` (write \
                         amounts as text, e.g. \"480211200\")"
                    ),
                )
            });
        }
        if value.is_instance(&py.import("decimal")?.getattr("Decimal")?)? {
            // `NaN`, `Infinity` and `sNaN` are text the core refuses as an amount.
            return Ok(Value::String(value.str()?.to_cow()?.into_owned()));
        }
        if let Ok(m) = value.cast::<PyMapping>() {
            self.enter(value, at)?;
            let mut out = Map::new();
            for item in m.items()?.iter() {
                let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
                let Ok(k) = k.cast::<PyString>() else {
                    return Err(type_error(format!(
                        "policy keys must be str, found `{}` in `{}`",
                        k.get_type().name()?,
                        echo(at)
                    )));
                };
                let k = k
                    .to_cow()
                    .map_err(|_| self.refuse(at, format!("has a key that {NOT_UNICODE}")))?
                    .into_owned();
                let path = if at.is_empty() {
                    k.clone()
                } else {
                    format!("{at}.{k}")
                };
                let v = self.value(&v, &path)?;
                out.insert(k, v);
            }
            self.open.pop();
            return Ok(Value::Object(out));
        }
        if let Ok(seq) = value.cast::<PySequence>() {
            self.enter(value, at)?;
            let mut out = Vec::new();
            for (i, v) in seq.try_iter()?.enumerate() {
                out.push(self.value(&v?, &format!("{at}[{i}]"))?);
            }
            self.open.pop();
            return Ok(Value::Array(out));
        }
        Err(type_error(format!(
            "policy value of type `{}` at `{}` cannot be written as JSON",
            value.get_type().name()?,
            echo(at)
        )))
    }
}

/// A JSON value as Python data (numbers as int, or float where JSON has a fraction).
pub fn to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    match value {
        Value::Null => Ok(py.None().into_bound(py)),
        Value::Bool(b) => b.into_bound_py_any(py),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_bound_py_any(py)
            } else if let Some(u) = n.as_u64() {
                u.into_bound_py_any(py)
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_bound_py_any(py)
            }
        }
        Value::String(s) => s.into_bound_py_any(py),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for v in items {
                list.append(to_python(py, v)?)?;
            }
            Ok(list.into_any())
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, to_python(py, v)?)?;
            }
            Ok(dict.into_any())
        }
    }
}

/// Keys whose values are exact decimals in the core's JSON: money, and a charge's
/// adjustment factor.
const DECIMAL_KEYS: &[&str] = &[
    "monthly_contribution",
    "total_cost",
    "income_basis",
    "factor",
    "amount",
    "cost",
];

/// An answer as plain Python values (what a result's `to_dict()` returns): the core's
/// JSON form, keyed as `to_json()` is, with the decimal strings of money (and of the
/// amounts per month) as `decimal.Decimal`. A reason's context stays text.
pub fn to_plain<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> Result<Bound<'py, PyAny>> {
    let value = serde_json::to_value(value)
        .map_err(|e| Failure::Internal(format!("an answer does not serialise: {e}")))?;
    Ok(plain(py, &value, None, None)?)
}

fn plain<'py>(
    py: Python<'py>,
    value: &Value,
    key: Option<&str>,
    parent: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    match value {
        Value::String(s)
            if key.is_some_and(|k| DECIMAL_KEYS.contains(&k)) || parent == Some("by_month") =>
        {
            match s.parse::<rust_decimal::Decimal>() {
                Ok(d) => d.into_bound_py_any(py),
                Err(_) => s.into_bound_py_any(py),
            }
        }
        Value::Object(_) if key == Some("context") => to_python(py, value),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for v in items {
                list.append(plain(py, v, None, key)?)?;
            }
            Ok(list.into_any())
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, plain(py, v, Some(k), key)?)?;
            }
            Ok(dict.into_any())
        }
        _ => to_python(py, value),
    }
}
