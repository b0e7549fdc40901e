//! A worker mapping (`{"nik": …, "birth_date": date(…), …}`) to the core's text
//! [`Record`]: each value becomes the text the core reads, and the core judges it.

use iuran::Record;
use iuran::worker::Field;

const FIELDS: [&str; Field::NAMES.len()] = Field::NAMES;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyMapping, PyString};

use crate::error::{Failure, Result, int_text, type_error};

fn not_unicode(field: &str) -> Failure {
    Failure::Record {
        field: field.to_owned(),
        message: "is not valid Unicode text (it holds a lone surrogate)".to_owned(),
    }
}

fn too_large(field: &str) -> Failure {
    Failure::Record {
        field: field.to_owned(),
        message: "is an int too large to be written out".to_owned(),
    }
}

/// The text of one value, or `None` when absent.
fn text(py: Python<'_>, field: &str, value: &Bound<'_, PyAny>) -> Result<Option<String>> {
    if value.is_none() {
        return Ok(None);
    }
    if let Ok(s) = value.cast::<PyString>() {
        return s
            .to_cow()
            .map(|t| Some(t.into_owned()))
            .map_err(|_| not_unicode(field));
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(Some(b.is_true().to_string()));
    }
    if value.cast::<PyInt>().is_ok() {
        return int_text(value).map(Some).ok_or_else(|| too_large(field));
    }
    let datetime = py.import("datetime")?;
    if value.is_instance(&datetime.getattr("datetime")?)? {
        // The calendar date as written (a pandas Timestamp is a datetime too).
        let date = value.call_method0("date")?;
        return Ok(Some(date.call_method0("isoformat")?.extract()?));
    }
    if value.is_instance(&datetime.getattr("date")?)? {
        return Ok(Some(value.call_method0("isoformat")?.extract()?));
    }
    if value.is_instance(&py.import("decimal")?.getattr("Decimal")?)? {
        // As the core writes a decimal cell (`Columns::record`): normalised digits.
        // A value rust_decimal cannot hold (NaN, 1E+40) goes as Python writes it, and
        // the core reports it as unreadable.
        return Ok(Some(match value.extract::<rust_decimal::Decimal>() {
            Ok(d) => d.normalize().to_string(),
            Err(_) => value.str()?.to_cow()?.into_owned(),
        }));
    }
    if value.cast::<PyFloat>().is_ok() {
        return Err(Failure::Record {
            field: field.to_owned(),
            message: "a float is not accepted (money and counts are never floats): give an \
                      int, a decimal.Decimal or text, and None for a missing value"
                .to_owned(),
        });
    }
    if value.hasattr("__index__")? {
        // Integer-like scalars (NumPy's int64, …).
        let i = py.import("operator")?.getattr("index")?.call1((value,))?;
        return int_text(&i).map(Some).ok_or_else(|| too_large(field));
    }
    Err(Failure::Record {
        field: field.to_owned(),
        message: format!(
            "a value of type `{}` is not accepted: give str, int, decimal.Decimal, \
             datetime.date, bool or None",
            value.get_type().name()?
        ),
    })
}

/// Read a worker mapping into a record.
pub fn record(py: Python<'_>, worker: &Bound<'_, PyAny>) -> Result<Record> {
    let Ok(mapping) = worker.cast::<PyMapping>() else {
        return Err(type_error(format!(
            "a worker must be a mapping of field names to values, not `{}`",
            worker.get_type().name()?
        )));
    };
    let mut record = Record::default();
    for item in mapping.items()?.iter() {
        let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
        let Ok(key) = key.cast::<PyString>() else {
            return Err(type_error(format!(
                "worker field names must be str, not `{}`",
                key.get_type().name()?
            )));
        };
        let key = key.to_cow().map_err(|_| not_unicode("(a key)"))?;
        let value = text(py, &key, &value)?;
        let Some(field) = Field::parse(&key) else {
            return Err(Failure::Record {
                field: key.into_owned(),
                message: format!("is not a field (the fields are: {})", FIELDS.join(", ")),
            });
        };
        record.set(field, value);
    }
    Ok(record)
}
