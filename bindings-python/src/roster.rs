//! `Evaluation`: a roster file evaluated by the core (`Roster::from_csv`,
//! `Policy::evaluate_roster`, `Roster::write_csv`).

use iuran::Evaluation;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::decision::PyDecision;
use crate::summary::PySummary;

/// An evaluated roster file: the output CSV, one decision per row, and the totals.
#[pyclass(frozen, module = "iuran", name = "Evaluation")]
pub struct PyEvaluation {
    /// The core's decisions and summary.
    pub evaluation: Evaluation,
    /// The output file, as `Roster::write_csv` wrote it.
    pub csv: Vec<u8>,
}

#[pymethods]
impl PyEvaluation {
    /// The input rows with the decision columns appended, as CSV bytes in the input's
    /// delimiter (money as whole-rupiah integers).
    #[getter]
    fn csv<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.csv)
    }

    /// One decision per roster row, in row order.
    #[getter]
    fn decisions(&self) -> Vec<PyDecision> {
        self.evaluation
            .decisions
            .iter()
            .cloned()
            .map(PyDecision)
            .collect()
    }

    /// Totals over the decisions.
    #[getter]
    fn summary(&self) -> PySummary {
        PySummary(self.evaluation.summary.clone())
    }

    fn __len__(&self) -> usize {
        self.evaluation.decisions.len()
    }

    fn __repr__(&self) -> String {
        let s = &self.evaluation.summary;
        format!(
            "Evaluation(rows={}, eligible={}, total_cost=Decimal('{}'))",
            s.rows, s.eligible, s.total_cost
        )
    }
}
