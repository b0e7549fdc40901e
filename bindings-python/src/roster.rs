//! `Evaluation`: a roster file evaluated by the core (`Policy::evaluate_file`); each
//! row's decision is explained only when asked for.

use std::sync::OnceLock;

use iuran::{Policy, Roster, Summary};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::decision::PyDecision;
use crate::summary::PySummary;

/// An evaluated roster file: the output CSV, one decision per row, and the totals.
#[pyclass(frozen, module = "iuran", name = "Evaluation")]
pub struct PyEvaluation {
    policy: Policy,
    /// The roster file.
    input: Vec<u8>,
    summary: Summary,
    /// Each row's line in the roster file.
    lines: Vec<u64>,
    /// The output file, as the core wrote it.
    csv: Vec<u8>,
    /// Every row explained, once asked for.
    decisions: OnceLock<Vec<iuran::Decision>>,
}

impl PyEvaluation {
    /// An evaluated roster file: its totals and output; decisions are explained later.
    pub fn new(
        policy: Policy,
        input: Vec<u8>,
        summary: Summary,
        lines: Vec<u64>,
        csv: Vec<u8>,
    ) -> Self {
        PyEvaluation {
            policy,
            input,
            summary,
            lines,
            csv,
            decisions: OnceLock::new(),
        }
    }
}

#[pymethods]
impl PyEvaluation {
    /// The input rows with the decision columns appended, as CSV bytes in the input's
    /// delimiter (money as whole-rupiah integers).
    #[getter]
    fn csv<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.csv)
    }

    /// Each row's line in the roster file (the header is line 1; a record spanning
    /// lines has the line it starts on), in row order.
    #[getter]
    fn lines(&self) -> Vec<u64> {
        self.lines.clone()
    }

    /// One decision per roster row, in row order (explained on first access).
    #[getter]
    fn decisions(&self, py: Python<'_>) -> PyResult<Vec<PyDecision>> {
        if self.decisions.get().is_none() {
            let explained = crate::error::guard(py, || {
                Ok(py.detach(|| {
                    Roster::from_bytes(&self.input)
                        .and_then(|r| self.policy.evaluate_roster(&r))
                        .map(|e| e.decisions)
                })?)
            })?;
            let _ = self.decisions.set(explained);
        }
        Ok(self
            .decisions
            .get()
            .map(|d| d.iter().cloned().map(PyDecision).collect())
            .unwrap_or_default())
    }

    /// Totals over the decisions.
    #[getter]
    fn summary(&self) -> PySummary {
        PySummary(self.summary.clone())
    }

    fn __len__(&self) -> usize {
        usize::try_from(self.summary.rows).unwrap_or(usize::MAX)
    }

    fn __repr__(&self) -> String {
        let s = &self.summary;
        format!(
            "Evaluation(rows={}, eligible={}, total_cost=Decimal('{}'))",
            s.rows, s.eligible, s.total_cost
        )
    }
}
