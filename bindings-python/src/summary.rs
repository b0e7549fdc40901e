//! `Summary` and `SourceTotal`: read-only views of the core's totals.

use std::collections::BTreeMap;

use iuran::Summary;
use iuran::summary::SourceTotal;
use pyo3::prelude::*;
use rust_decimal::Decimal;

/// Workers and cost of one funding source.
#[pyclass(frozen, eq, module = "iuran", name = "SourceTotal")]
#[derive(Clone, PartialEq, Eq)]
pub struct PySourceTotal(pub SourceTotal);

#[pymethods]
impl PySourceTotal {
    /// Workers paid for.
    #[getter]
    fn workers(&self) -> u64 {
        self.0.workers
    }

    /// Their total cost.
    #[getter]
    fn cost(&self) -> Decimal {
        self.0.cost
    }

    /// Amount due per contribution month (`YYYY-MM`).
    #[getter]
    fn by_month(&self) -> BTreeMap<String, Decimal> {
        self.0
            .by_month
            .iter()
            .map(|(m, a)| (m.to_string(), *a))
            .collect()
    }

    /// The source total as plain Python values, keyed as `to_json()` is: money as
    /// `decimal.Decimal`, nested results as dicts.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::error::guard(py, || crate::json::to_plain(py, &self.0))
    }

    /// The source total as the core's JSON (money as decimal strings).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        crate::error::guard(py, || crate::planning::to_json(&self.0))
    }

    fn __repr__(&self) -> String {
        format!(
            "SourceTotal(workers={}, cost=Decimal('{}'))",
            self.0.workers, self.0.cost
        )
    }
}

/// Counts and money over an evaluated roster or table. Every total is the sum of its
/// rows.
#[pyclass(frozen, eq, module = "iuran", name = "Summary")]
#[derive(Clone, PartialEq, Eq)]
pub struct PySummary(pub Summary);

#[pymethods]
impl PySummary {
    /// Rows evaluated.
    #[getter]
    fn rows(&self) -> u64 {
        self.0.rows
    }

    /// Rows eligible.
    #[getter]
    fn eligible(&self) -> u64 {
        self.0.eligible
    }

    /// Rows not eligible.
    #[getter]
    fn ineligible(&self) -> u64 {
        self.0.ineligible
    }

    /// Sum of every row's total cost.
    #[getter]
    fn total_cost(&self) -> Decimal {
        self.0.total_cost
    }

    /// Rows carrying each reason code (a row with two reasons counts under both).
    #[getter]
    fn by_reason(&self) -> BTreeMap<String, u64> {
        self.0.by_reason.clone()
    }

    /// Workers and cost per funding source id.
    #[getter]
    fn by_funding_source(&self) -> BTreeMap<String, PySourceTotal> {
        self.0
            .by_funding_source
            .iter()
            .map(|(k, t)| (k.clone(), PySourceTotal(t.clone())))
            .collect()
    }

    /// Amount due per contribution month (`YYYY-MM`).
    #[getter]
    fn by_month(&self) -> BTreeMap<String, Decimal> {
        self.0
            .by_month
            .iter()
            .map(|(m, a)| (m.to_string(), *a))
            .collect()
    }

    /// The summary as the core's JSON (money as decimal strings).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        crate::error::guard(py, || crate::planning::to_json(&self.0))
    }

    /// The summary as plain Python values, keyed as `to_json()` is: money as
    /// `decimal.Decimal`, nested results as dicts.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::error::guard(py, || crate::json::to_plain(py, &self.0))
    }

    fn __repr__(&self) -> String {
        format!(
            "Summary(rows={}, eligible={}, ineligible={}, total_cost=Decimal('{}'))",
            self.0.rows, self.0.eligible, self.0.ineligible, self.0.total_cost
        )
    }
}
