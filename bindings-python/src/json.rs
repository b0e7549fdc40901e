//! Python data ⇄ JSON values, for `Policy.from_dict` and `Policy.spec`: a policy as a
//! dict is its JSON form, which the core parses and validates.

use pyo3::IntoPyObjectExt;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyMapping, PySequence, PyString};
use serde_json::{Map, Number, Value};

/// A Python value as JSON. `Decimal`s become decimal strings (what policy files use for
/// money); floats stay floats, so the core rejects them where it rejects them in JSON.
pub fn to_json(py: Python<'_>, value: &Bound<'_, PyAny>, at: &str) -> PyResult<Value> {
    if value.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if value.cast::<PyInt>().is_ok() {
        return Ok(match value.extract::<i64>() {
            Ok(i) => Value::from(i),
            // Too large for JSON numbers the core reads: as text, for the core to judge.
            Err(_) => Value::String(value.str()?.to_cow()?.into_owned()),
        });
    }
    if let Ok(f) = value.cast::<PyFloat>() {
        return Ok(Number::from_f64(f.value()).map_or(Value::Null, Value::Number));
    }
    if value.is_instance(&py.import("decimal")?.getattr("Decimal")?)? {
        return Ok(Value::String(value.str()?.to_cow()?.into_owned()));
    }
    if let Ok(m) = value.cast::<PyMapping>() {
        let mut out = Map::new();
        for item in m.items()?.iter() {
            let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
            let Ok(k) = k.cast::<PyString>() else {
                return Err(PyTypeError::new_err(format!(
                    "policy keys must be str, found `{}` in `{at}`",
                    k.get_type().name()?
                )));
            };
            let k = k.to_cow()?.into_owned();
            let path = if at.is_empty() {
                k.clone()
            } else {
                format!("{at}.{k}")
            };
            out.insert(k, to_json(py, &v, &path)?);
        }
        return Ok(Value::Object(out));
    }
    if value.cast::<PyString>().is_err()
        && let Ok(seq) = value.cast::<PySequence>()
    {
        let mut out = Vec::new();
        for (i, v) in seq.try_iter()?.enumerate() {
            out.push(to_json(py, &v?, &format!("{at}[{i}]"))?);
        }
        return Ok(Value::Array(out));
    }
    Err(PyTypeError::new_err(format!(
        "policy value of type `{}` at `{at}` cannot be written as JSON",
        value.get_type().name()?
    )))
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
