//! `Lint`: a warning about a policy that is legal but risky.

use iuran::{Lang, Lint};
use pyo3::prelude::*;

/// One warning about a policy, with a stable code and messages in both languages.
#[pyclass(frozen, eq, module = "iuran", name = "Lint")]
#[derive(Clone, PartialEq, Eq)]
pub struct PyLint(pub Lint);

// PyO3 hands arguments over owned (`Text` among them).
#[allow(clippy::needless_pass_by_value)]
#[pymethods]
impl PyLint {
    /// The stable `snake_case` code.
    #[getter]
    fn code(&self) -> &str {
        &self.0.code
    }

    /// The policy field concerned.
    #[getter]
    fn field(&self) -> &str {
        &self.0.field
    }

    /// The message in Indonesian.
    #[getter]
    fn message_id(&self) -> &str {
        &self.0.message_id
    }

    /// The message in English.
    #[getter]
    fn message_en(&self) -> &str {
        &self.0.message_en
    }

    /// The message in a language: `"id"` (the default) or `"en"`.
    #[pyo3(signature = (lang = crate::error::Text::from("id")), text_signature = "($self, lang='id')")]
    fn message(&self, py: Python<'_>, lang: crate::error::Text) -> PyResult<&str> {
        Ok(
            match crate::error::py_result(py, crate::decision::lang(&lang.0))? {
                Lang::Id => &self.0.message_id,
                Lang::En => &self.0.message_en,
            },
        )
    }

    /// The warning as plain Python values, keyed as `to_json()` is: money as
    /// `decimal.Decimal`, nested results as dicts.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::error::guard(py, || crate::json::to_plain(py, &self.0))
    }

    /// The warning as the core's JSON (money as decimal strings).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        crate::error::guard(py, || crate::planning::to_json(&self.0))
    }

    fn __repr__(&self) -> String {
        format!(
            "Lint(code={}, field={})",
            crate::decision::quoted(&self.0.code),
            crate::decision::quoted(&self.0.field)
        )
    }
}
