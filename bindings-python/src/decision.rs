//! `Decision`, `Reason` and `Charge`: read-only views of the core's types. Money is
//! `decimal.Decimal`; nothing is computed here.

use std::collections::BTreeMap;

use iuran::{Charge, Decision, Lang, Reason};
use pyo3::prelude::*;
use rust_decimal::Decimal;

use crate::error::{Failure, Result, guard, mask_niks};

/// Read a language argument (`"id"` or `"en"`, as `Lang::parse` reads it); anything
/// else is an `ArgumentError`.
pub fn lang(text: &str) -> Result<Lang> {
    Lang::parse(text).ok_or_else(|| {
        Failure::Core(iuran::Error::Argument {
            name: "lang",
            message: format!(
                "unknown language `{}`: use \"id\" or \"en\"",
                crate::error::echo(text)
            ),
        })
    })
}

/// Text as Python's `repr` writes it: single quotes, with `\\` and `'` escaped, and
/// any NIK-shaped run of digits masked (a repr is text that leaves the library).
pub fn quoted(text: &str) -> String {
    let text = mask_niks(text);
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// One reason a worker is not eligible.
#[pyclass(frozen, eq, module = "iuran", name = "Reason")]
#[derive(Clone, PartialEq, Eq)]
pub struct PyReason(pub Reason);

// PyO3 hands arguments over owned (`Text` among them).
#[allow(clippy::needless_pass_by_value)]
#[pymethods]
impl PyReason {
    /// The stable `snake_case` code.
    #[getter]
    fn code(&self) -> &'static str {
        self.0.code.as_str()
    }

    /// The message in a language: `"id"` (Indonesian, the default) or `"en"`.
    #[pyo3(signature = (lang = crate::error::Text::from("id")), text_signature = "($self, lang='id')")]
    fn message(&self, py: Python<'_>, lang: crate::error::Text) -> PyResult<String> {
        guard(py, || Ok(self.0.message(self::lang(&lang.0)?)))
    }

    /// The message in Indonesian.
    #[getter]
    fn message_id(&self, py: Python<'_>) -> PyResult<String> {
        guard(py, || Ok(self.0.message(Lang::Id)))
    }

    /// The message in English.
    #[getter]
    fn message_en(&self, py: Python<'_>) -> PyResult<String> {
        guard(py, || Ok(self.0.message(Lang::En)))
    }

    /// The values behind the message (all text; NIKs and names masked).
    #[getter]
    fn context(&self) -> BTreeMap<String, String> {
        self.0.context.clone()
    }

    /// The reason as plain Python values, keyed as `to_json()` is: money as
    /// `decimal.Decimal`, nested results as dicts.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::error::guard(py, || crate::json::to_plain(py, &self.0))
    }

    /// The reason as the core's JSON (money as decimal strings).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        crate::error::guard(py, || crate::planning::to_json(&self.0))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        guard(py, || {
            Ok(format!(
                "Reason(code={}, message_en={})",
                quoted(self.0.code.as_str()),
                quoted(&self.0.message(Lang::En))
            ))
        })
    }
}

/// What one programme costs in one month for one worker, and why.
#[pyclass(frozen, eq, module = "iuran", name = "Charge")]
#[derive(Clone, PartialEq, Eq)]
pub struct PyCharge(pub Charge);

#[pymethods]
impl PyCharge {
    /// The contribution month, `YYYY-MM`.
    #[getter]
    fn month(&self) -> String {
        self.0.month.to_string()
    }

    /// `JKK`, `JKM` or `JHT`.
    #[getter]
    fn programme(&self) -> &'static str {
        self.0.programme.as_str()
    }

    /// The rate row used (`bpu-jkk`).
    #[getter]
    fn rate_id(&self) -> &str {
        &self.0.rate_id
    }

    /// The rate as written (`1%`, `Rp 6800`).
    #[getter]
    fn rate(&self) -> &str {
        &self.0.rate
    }

    /// The income basis a percentage was applied to.
    #[getter]
    fn income_basis(&self) -> Decimal {
        self.0.income_basis
    }

    /// Adjustments applied, in table order.
    #[getter]
    fn adjustments(&self) -> Vec<String> {
        self.0.adjustments.clone()
    }

    /// Product of the adjustment factors (1 when none).
    #[getter]
    fn factor(&self) -> Decimal {
        self.0.factor
    }

    /// The amount billed, whole rupiah.
    #[getter]
    fn amount(&self) -> Decimal {
        self.0.amount
    }

    /// Legal references: the rate's, then each adjustment's.
    #[getter]
    fn reference(&self) -> &str {
        &self.0.reference
    }

    /// The charge as plain Python values, keyed as `to_json()` is: money as
    /// `decimal.Decimal`, nested results as dicts.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::error::guard(py, || crate::json::to_plain(py, &self.0))
    }

    /// The charge as the core's JSON (money as decimal strings).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        crate::error::guard(py, || crate::planning::to_json(&self.0))
    }

    fn __repr__(&self) -> String {
        format!(
            "Charge(month='{}', programme='{}', amount=Decimal('{}'))",
            self.0.month, self.0.programme, self.0.amount
        )
    }
}

/// The decision for one worker: eligible or not, why, and what it costs.
#[pyclass(frozen, eq, module = "iuran", name = "Decision")]
#[derive(Clone, PartialEq, Eq)]
pub struct PyDecision(pub Decision);

#[pymethods]
impl PyDecision {
    /// Whether the programme covers the worker.
    #[getter]
    fn eligible(&self) -> bool {
        self.0.eligible
    }

    /// Every reason the worker is not covered (empty when eligible).
    #[getter]
    fn reasons(&self) -> Vec<PyReason> {
        self.0.reasons.iter().cloned().map(PyReason).collect()
    }

    /// The distinct reason codes joined by `;` (empty when eligible), as in tables.
    #[getter]
    fn reason_codes(&self, py: Python<'_>) -> PyResult<String> {
        guard(py, || Ok(self.0.reason_codes()))
    }

    /// The sector code the occupation mapped to, when it mapped.
    #[getter]
    fn sector(&self) -> Option<&str> {
        self.0.sector.as_deref()
    }

    /// The funding source that pays, when eligible.
    #[getter]
    fn funding_source(&self) -> Option<&str> {
        self.0.funding_source.as_deref()
    }

    /// Contribution for the first covered month.
    #[getter]
    fn monthly_contribution(&self) -> Decimal {
        self.0.monthly_contribution
    }

    /// Number of covered months.
    #[getter]
    fn months(&self) -> u32 {
        self.0.months
    }

    /// Sum of every charge.
    #[getter]
    fn total_cost(&self) -> Decimal {
        self.0.total_cost
    }

    /// One charge per covered month and programme.
    #[getter]
    fn breakdown(&self) -> Vec<PyCharge> {
        self.0.breakdown.iter().cloned().map(PyCharge).collect()
    }

    /// For a worker the age rule covers in only some months (`rule = "monthly"`):
    /// which months were left out and why.
    #[getter]
    fn excluded_months(&self) -> Vec<PyReason> {
        self.0
            .excluded_months
            .iter()
            .cloned()
            .map(PyReason)
            .collect()
    }

    /// The decision as the core's JSON (money as decimal strings).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        guard(py, || crate::planning::to_json(&self.0))
    }

    /// The decision as plain Python values, keyed as `to_json()` is: money as
    /// `decimal.Decimal`, nested results as dicts.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::error::guard(py, || crate::json::to_plain(py, &self.0))
    }

    fn __repr__(&self) -> String {
        let codes: Vec<String> = self
            .0
            .reasons
            .iter()
            .map(|r| format!("'{}'", r.code))
            .collect();
        format!(
            "Decision(eligible={}, reasons=[{}], funding_source={}, total_cost=Decimal('{}'))",
            if self.0.eligible { "True" } else { "False" },
            codes.join(", "),
            self.0
                .funding_source
                .as_ref()
                .map_or_else(|| "None".to_owned(), |s| quoted(s)),
            self.0.total_cost
        )
    }
}
