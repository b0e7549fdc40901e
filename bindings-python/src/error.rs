//! Errors: every failure that reaches Python goes through [`raise`], the one function
//! that picks the exception class (defined in `iuran/_errors.py`) and fills in its
//! `code`, `field`, `column`, `line` and `row`; and every entry point that calls the
//! core runs inside [`guard`], so a panic becomes an `InternalError`, never a
//! `PanicException` that `except Exception` does not catch.

use std::panic::{AssertUnwindSafe, catch_unwind};

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
    /// A Python value that cannot be written as a policy or scenario value: nested too
    /// deep, containing itself, or a number JSON cannot hold.
    Value {
        /// The scenario's name, when the value is part of a scenario; `None` for a policy.
        scenario: Option<String>,
        /// Where in the value, as a field path (`funding[0].budget`).
        at: String,
        /// What is wrong, lower case.
        message: String,
    },
    /// A panic inside the library: a bug, caught at the boundary.
    Internal(String),
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

/// An exception to raise: its class in `iuran._errors`, message and attributes.
type Described = (
    &'static str,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<u64>,
);

/// The exception a failure becomes (`Err` when it is a Python exception already).
///
/// Core errors are mapped by their stable code, so a variant the core adds later still
/// lands in the hierarchy (as `IuranError`) until it gets its own class. The binding's
/// own messages echo values through [`echo`] or [`mask_niks`].
fn describe(failure: Failure) -> std::result::Result<Described, PyErr> {
    Ok(match failure {
        Failure::Python(e) => return Err(e),
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
                Some(c) if *c != field => {
                    format!("table column `{}` (field `{}`)", echo(c), echo(&field))
                }
                _ => format!("table column `{}`", echo(&field)),
            };
            (
                "ColumnError",
                format!("{shown}: {}", mask_niks(&message)),
                "column".to_owned(),
                Some(field),
                column,
                None,
            )
        }
        Failure::Record { field, message } => (
            "RecordError",
            format!("worker field `{}`: {message}", echo(&field)),
            "record".to_owned(),
            Some(field),
            None,
            None,
        ),
        Failure::Value {
            scenario,
            at,
            message,
        } => {
            let shown = echo(&at);
            match scenario {
                None => (
                    "PolicyError",
                    format!("policy field `{shown}`: {message}"),
                    "policy_field".to_owned(),
                    Some(at),
                    None,
                    None,
                ),
                Some(name) => {
                    let named = if name.is_empty() {
                        String::new()
                    } else {
                        format!(" `{}`", echo(&name))
                    };
                    (
                        "ScenarioError",
                        format!("scenario{named} field `{shown}`: {message}"),
                        "scenario".to_owned(),
                        Some(at),
                        None,
                        None,
                    )
                }
            }
        }
        Failure::Internal(message) => (
            "InternalError",
            format!(
                "internal error in iuran (a bug: please report it with the call that \
                     caused it): {}",
                echo(&message)
            ),
            "internal".to_owned(),
            None,
            None,
            None,
        ),
    })
}

/// The one mapping from a failure to a Python exception.
pub fn raise(py: Python<'_>, failure: Failure) -> PyErr {
    let built = (|| -> PyResult<PyErr> {
        let (class, message, code, field, column, line) = match describe(failure) {
            Ok(described) => described,
            Err(e) => return Ok(e),
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

/// A `str` argument's text. A `str` that is not valid Unicode (a lone surrogate, as
/// `os.fsdecode` leaves for bytes it cannot decode) is an `ArgumentError`, never a
/// `UnicodeEncodeError`; any other type is a `TypeError`, as for `String`.
pub struct Text(pub String);

/// A default argument written as a literal.
impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text(text.to_owned())
    }
}

impl FromPyObject<'_, '_> for Text {
    type Error = PyErr;

    fn extract(obj: pyo3::Borrowed<'_, '_, PyAny>) -> PyResult<Self> {
        let s = obj.cast::<pyo3::types::PyString>()?;
        match s.to_cow() {
            Ok(text) => Ok(Text(text.into_owned())),
            Err(_) => Err(raise(
                obj.py(),
                Failure::Core(iuran::Error::Argument {
                    name: "text",
                    message: "is not valid Unicode: it holds a lone surrogate".to_owned(),
                }),
            )),
        }
    }
}

/// `Result` with a [`Failure`].
pub type Result<T> = std::result::Result<T, Failure>;

/// Map a binding result to a Python one.
pub fn py_result<T>(py: Python<'_>, r: Result<T>) -> PyResult<T> {
    r.map_err(|f| raise(py, f))
}

/// Run `work`, turning a panic into [`Failure::Internal`]: the one place a panic is
/// stopped before it reaches Python. The panic hook still prints it to stderr, as for
/// any Rust panic, so the bug can be reported.
pub fn contain<T>(work: impl FnOnce() -> Result<T>) -> Result<T> {
    catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_owned());
        Err(Failure::Internal(message))
    })
}

/// Every entry point that calls the core: `work` run inside [`contain`], its failure
/// raised through [`raise`].
pub fn guard<T>(py: Python<'_>, work: impl FnOnce() -> Result<T>) -> PyResult<T> {
    py_result(py, contain(work))
}

/// The decimal text of a Python int (or an object with `__index__`'s result), or `None`
/// when Python will not write it (more digits than `sys.get_int_max_str_digits()`).
pub fn int_text(value: &Bound<'_, PyAny>) -> Option<String> {
    value
        .str()
        .ok()?
        .to_cow()
        .ok()
        .map(std::borrow::Cow::into_owned)
}

/// Characters of an input value the binding echoes in a message.
pub const ECHO_CHARS: usize = iuran::limits::ECHO_CHARS;

/// Text with every NIK in it masked: the core's one masking rule, for the text the
/// binding writes itself (messages, reprs).
pub fn mask_niks(text: &str) -> String {
    iuran::nik::mask_niks(text)
}

/// An input value (a column name, a key, a path) as a message may show it: the core's
/// echo, NIKs masked and cut to [`ECHO_CHARS`] characters.
pub fn echo(text: &str) -> String {
    iuran::nik::echo(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn niks_are_masked_wherever_they_stand() {
        assert_eq!(
            mask_niks("the table has: 3328011203700001, Joko"),
            "the table has: 3328********0001, Joko"
        );
        assert_eq!(mask_niks("x3328011203700001y"), "x3328********0001y");
        // 15 and 17 digits are not NIKs.
        assert_eq!(mask_niks("332801120370000"), "332801120370000");
        assert_eq!(mask_niks("33280112037000011"), "33280112037000011");
        assert_eq!(mask_niks("é3328011203700001"), "é3328********0001");
    }

    #[test]
    fn echoes_are_cut() {
        assert_eq!(echo("short"), "short");
        let exact = "a".repeat(ECHO_CHARS);
        assert_eq!(echo(&exact), exact);
        let long = "b".repeat(10_000);
        let shown = echo(&long);
        assert_eq!(shown.chars().count(), ECHO_CHARS);
        assert!(shown.ends_with('…'));
        let nik_at_edge = format!("{}3328011203700001", "c".repeat(ECHO_CHARS - 10));
        assert!(!echo(&nik_at_edge).contains("3328011203700001"));
    }

    #[test]
    fn panics_are_contained() {
        let caught = contain(|| -> Result<()> { panic!("Multiplication overflowed") });
        match caught {
            Err(Failure::Internal(m)) => assert_eq!(m, "Multiplication overflowed"),
            _ => panic!("expected an internal failure"),
        }
        let formatted = contain(|| -> Result<()> { panic!("row {}", 3_328_011_203_700_001_u64) });
        match formatted {
            Err(Failure::Internal(m)) => assert_eq!(echo(&m), "row 3328********0001"),
            _ => panic!("expected an internal failure"),
        }
        assert!(matches!(contain(|| Ok(7)), Ok(7)));
    }
}
