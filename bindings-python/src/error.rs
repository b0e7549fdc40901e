//! Errors: every failure that reaches Python goes through [`raise`], the one function
//! that picks the exception class (defined in `iuran/_errors.py`) and fills in its
//! `code`, `field`, `column`, `line` and `row`.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// A failure on its way to Python.
#[derive(Debug)]
pub enum Failure {
    /// The core said the input is unusable.
    Core(iuran::Error),
    /// A table column cannot be handed to the core: missing, of a type the core does
    /// not read, or ambiguous.
    Column {
        /// The canonical field (`nik`, `birth_date`, …).
        field: String,
        /// The table's own column name, when it has one.
        column: Option<String>,
        /// What is wrong, lower case.
        message: String,
    },
    /// A worker mapping has a key that is not a field, or a value of a type that is not
    /// translated to text (a float, a list, …).
    Record {
        /// The key.
        field: String,
        /// What is wrong, lower case.
        message: String,
    },
    /// Already a Python exception (raised by Python code we called).
    Python(PyErr),
}

impl From<iuran::Error> for Failure {
    fn from(e: iuran::Error) -> Self {
        Failure::Core(e)
    }
}

impl From<PyErr> for Failure {
    fn from(e: PyErr) -> Self {
        Failure::Python(e)
    }
}

/// The one mapping from a failure to a Python exception.
///
/// Core errors are mapped by their stable code, so a variant the core adds later still
/// lands in the hierarchy (as `IuranError`) until it gets its own class.
pub fn raise(py: Python<'_>, failure: Failure) -> PyErr {
    let built = (|| -> PyResult<PyErr> {
        let (class, message, code, field, column, line) = match failure {
            Failure::Python(e) => return Ok(e),
            Failure::Core(e) => {
                let class = match e.code() {
                    "policy_syntax" | "policy_field" => "PolicyError",
                    "scenario" => "ScenarioError",
                    "audit" => "AuditError",
                    "data" => "DataError",
                    "roster" => "RosterError",
                    "argument" => "ArgumentError",
                    "io" => "IoError",
                    _ => "IuranError",
                };
                let column = if e.code() == "roster" {
                    e.field().map(str::to_owned)
                } else {
                    None
                };
                (
                    class,
                    e.to_string(),
                    e.code().to_owned(),
                    e.field().map(str::to_owned),
                    column,
                    e.line(),
                )
            }
            Failure::Column {
                field,
                column,
                message,
            } => {
                let shown = match &column {
                    Some(c) if *c != field => format!("table column `{c}` (field `{field}`)"),
                    _ => format!("table column `{field}`"),
                };
                (
                    "ColumnError",
                    format!("{shown}: {message}"),
                    "column".to_owned(),
                    Some(field),
                    column,
                    None,
                )
            }
            Failure::Record { field, message } => (
                "RecordError",
                format!("worker field `{field}`: {message}"),
                "record".to_owned(),
                Some(field),
                None,
                None,
            ),
        };
        let module = py.import("iuran._errors")?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("code", code)?;
        kwargs.set_item("field", field)?;
        kwargs.set_item("column", column)?;
        kwargs.set_item("line", line)?;
        let exc = module.getattr(class)?.call((message,), Some(&kwargs))?;
        Ok(PyErr::from_value(exc))
    })();
    built.unwrap_or_else(|e| e)
}

/// A `TypeError` for an argument of the wrong Python type (a programming error, not
/// bad data).
pub fn type_error(message: impl Into<String>) -> Failure {
    Failure::Python(PyTypeError::new_err(message.into()))
}

/// `Result` with a [`Failure`].
pub type Result<T> = std::result::Result<T, Failure>;

/// Map a binding result to a Python one.
pub fn py_result<T>(py: Python<'_>, r: Result<T>) -> PyResult<T> {
    r.map_err(|f| raise(py, f))
}
