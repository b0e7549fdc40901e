//! `Policy`: a compiled programme policy. Immutable, so one policy may be used from any
//! number of threads; bulk evaluation runs with the GIL released.

use std::collections::HashMap;
use std::path::PathBuf;

use iuran::{Policy, PolicySpec};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};
use pyo3_arrow::PyTable;

use crate::batch;
use crate::decision::PyDecision;
use crate::error::{Failure, Text, guard, type_error};

fn text(t: Option<&Text>) -> Option<&str> {
    t.map(|t| t.0.as_str())
}
use crate::json;
use crate::lint::PyLint;
use crate::planning;
use crate::roster::PyEvaluation;
use crate::summary::PySummary;
use crate::worker;

/// A validated, compiled policy, ready to evaluate workers.
#[pyclass(frozen, module = "iuran._native", name = "Policy")]
pub struct PyPolicy(pub Policy);

/// Read a CSV source: bytes as the file's content, a path (str or `os.PathLike`) to
/// read. Text that is plainly not a path is refused rather than shown in an error.
pub fn csv_source(source: &Bound<'_, PyAny>) -> crate::error::Result<Vec<u8>> {
    if let Ok(b) = source.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    if let Ok(b) = source.cast::<PyByteArray>() {
        return Ok(b.to_vec());
    }
    if let Ok(s) = source.cast::<PyString>()
        && s.to_string_lossy().contains('\n')
    {
        return Err(type_error(
            "a roster file is given as a path or bytes; pass CSV text as bytes (`text.encode()`)",
        ));
    }
    let path: PathBuf = source.extract().map_err(|_| {
        type_error(format!(
            "a roster file is given as a path or bytes, not `{}`",
            source
                .get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default()
        ))
    })?;
    std::fs::read(&path).map_err(|e| {
        Failure::Core(iuran::Error::Io {
            action: "read",
            path: path.display().to_string(),
            message: e.to_string(),
        })
    })
}

// PyO3 hands arguments over owned (`Text` among them).
#[allow(clippy::needless_pass_by_value)]
#[pymethods]
impl PyPolicy {
    /// Read a policy from a `.toml` or `.json` file; `taxonomy`, a taxonomy file's
    /// text, adds groups, sectors and aliases to the built-in taxonomy.
    #[staticmethod]
    #[pyo3(signature = (path, *, taxonomy = None))]
    fn from_file(py: Python<'_>, path: PathBuf, taxonomy: Option<Text>) -> PyResult<Self> {
        guard(py, || {
            let taxonomy = taxonomy.as_ref().map(|t| t.0.as_str());
            Ok(Self(Policy::from_file_with_taxonomy(path, taxonomy)?))
        })
    }

    /// Parse and compile a TOML policy.
    #[staticmethod]
    #[pyo3(signature = (text, *, taxonomy = None))]
    fn from_toml(py: Python<'_>, text: Text, taxonomy: Option<Text>) -> PyResult<Self> {
        guard(py, || {
            let taxonomy = taxonomy.as_ref().map(|t| t.0.as_str());
            Ok(Self(Policy::compile_with_taxonomy(
                PolicySpec::from_toml(&text.0)?,
                taxonomy,
            )?))
        })
    }

    /// Parse and compile a JSON policy.
    #[staticmethod]
    #[pyo3(signature = (text, *, taxonomy = None))]
    fn from_json(py: Python<'_>, text: Text, taxonomy: Option<Text>) -> PyResult<Self> {
        guard(py, || {
            let taxonomy = taxonomy.as_ref().map(|t| t.0.as_str());
            Ok(Self(Policy::compile_with_taxonomy(
                PolicySpec::from_json(&text.0)?,
                taxonomy,
            )?))
        })
    }

    /// Compile a policy given as a dict (the JSON form of a policy file).
    #[staticmethod]
    #[pyo3(signature = (spec, *, taxonomy = None))]
    fn from_dict(
        py: Python<'_>,
        spec: &Bound<'_, PyAny>,
        taxonomy: Option<Text>,
    ) -> PyResult<Self> {
        guard(py, || {
            let value = json::to_json(py, spec, "", json::Document::Policy)?;
            let taxonomy = taxonomy.as_ref().map(|t| t.0.as_str());
            Ok(Self(Policy::compile_with_taxonomy(
                PolicySpec::from_json(&value.to_string())?,
                taxonomy,
            )?))
        })
    }

    /// The policy as written, as a dict (its JSON form: amounts as decimal strings).
    #[getter]
    fn spec<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let value = serde_json::to_value(self.0.spec())
                .map_err(|e| Failure::Internal(format!("a policy does not serialise: {e}")))?;
            Ok(json::to_python(py, &value)?)
        })
    }

    /// The policy's identifier.
    #[getter]
    fn id(&self) -> &str {
        &self.0.spec().id
    }

    /// The covered contribution months, `YYYY-MM`, in order.
    #[getter]
    fn months(&self, py: Python<'_>) -> PyResult<Vec<String>> {
        guard(py, || {
            Ok(self.0.months().iter().map(ToString::to_string).collect())
        })
    }

    /// The policy as TOML text.
    fn to_toml(&self, py: Python<'_>) -> PyResult<String> {
        guard(py, || Ok(self.0.spec().to_toml()))
    }

    /// Warnings about this policy (empty when none).
    fn lint(&self, py: Python<'_>) -> PyResult<Vec<PyLint>> {
        guard(py, || Ok(self.0.lint().into_iter().map(PyLint).collect()))
    }

    /// Evaluate one worker given as a mapping of field names to values.
    fn evaluate(&self, py: Python<'_>, worker: &Bound<'_, PyAny>) -> PyResult<PyDecision> {
        guard(py, || {
            let record = worker::record(py, worker)?;
            Ok(PyDecision(self.0.evaluate_record(&record)?))
        })
    }

    /// Evaluate a roster file (a path, or the file's bytes).
    fn evaluate_csv(&self, py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<PyEvaluation> {
        guard(py, || {
            let bytes = csv_source(source)?;
            let policy = &self.0;
            Ok(py.detach(|| -> Result<PyEvaluation, iuran::Error> {
                let mut csv = Vec::new();
                let mut lines = Vec::new();
                let report = policy.evaluate_file_each(
                    iuran::RosterFile::Bytes(&bytes),
                    Some(&mut csv),
                    &mut |row| lines.push(row.line()),
                )?;
                Ok(PyEvaluation::new(
                    policy.clone(),
                    bytes,
                    report.summary,
                    lines,
                    csv,
                ))
            })?)
        })
    }

    /// Evaluate an Arrow table (anything with `__arrow_c_stream__` or
    /// `__arrow_c_array__`). Returns the decision columns (when `table`) and the
    /// summary (when `summary`); `outputs` names the decision columns to build (default:
    /// all of them), `threads` the threads to use (0: the cores this process may use).
    #[pyo3(signature = (data, columns, *, names = None, with_sector = false, table = true, summary = false, outputs = None, threads = 0))]
    // PyO3 hands arguments over owned, one per Python keyword argument.
    #[allow(clippy::needless_pass_by_value, clippy::too_many_arguments)]
    fn _evaluate_arrow(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        columns: HashMap<String, String>,
        names: Option<Vec<Text>>,
        with_sector: bool,
        table: bool,
        summary: bool,
        outputs: Option<Vec<Text>>,
        threads: usize,
    ) -> PyResult<(Option<PyTable>, Option<PySummary>)> {
        guard(py, || {
            let selected = batch::selected_outputs(outputs.as_deref())?;
            let (schema, batches, names) = batch::read_stream(data, names)?;
            let policy = &self.0;
            let (out, summary) = py.detach(|| {
                let prepared = batch::prepare_for(
                    policy,
                    &schema,
                    &batches,
                    &columns,
                    &names,
                    table.then_some(&selected[..]),
                    with_sector,
                )?;
                let wanted = batch::Wanted {
                    outputs: table.then_some(&selected[..]),
                    with_sector,
                    summary,
                    threads,
                };
                batch::evaluate(policy, &prepared, &wanted)
            })?;
            let out = out
                .map(|b| {
                    let schema = b.schema();
                    PyTable::try_new(vec![b], schema)
                })
                .transpose()?;
            Ok((out, summary.map(PySummary)))
        })
    }

    /// How many workers a budget covers (JSON; see `iuran.Policy.capacity`).
    #[pyo3(signature = (budget, source = None, sector = None))]
    fn _capacity(
        &self,
        py: Python<'_>,
        budget: &Bound<'_, PyAny>,
        source: Option<Text>,
        sector: Option<Text>,
    ) -> PyResult<String> {
        guard(py, || {
            let budget = planning::budget(budget)?;
            planning::capacity(
                &self.0,
                budget,
                text(source.as_ref()),
                text(sector.as_ref()),
            )
        })
    }

    /// What a number of workers costs (JSON; see `iuran.Policy.requirement`).
    #[pyo3(signature = (workers, source = None, sector = None))]
    fn _requirement(
        &self,
        py: Python<'_>,
        workers: &Bound<'_, PyAny>,
        source: Option<Text>,
        sector: Option<Text>,
    ) -> PyResult<String> {
        guard(py, || {
            let workers = planning::count("workers", workers, u64::MAX)?;
            planning::requirement(
                &self.0,
                workers,
                text(source.as_ref()),
                text(sector.as_ref()),
            )
        })
    }

    /// What is due to BPJS Ketenagakerjaan month by month and in tranches (JSON).
    fn _schedule(
        &self,
        py: Python<'_>,
        summary: &PySummary,
        tranches: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        guard(py, || {
            let tranches = if tranches.is_none() {
                None
            } else {
                Some(planning::count("tranches", tranches, u32::MAX)?)
            };
            planning::schedule(&self.0, &summary.0, tranches)
        })
    }

    /// A coverage roadmap from its input given as JSON (JSON).
    fn _roadmap(&self, py: Python<'_>, input: &str) -> PyResult<String> {
        guard(py, || planning::roadmap(&self.0, input))
    }

    /// The benefit illustration for a query given as JSON (JSON).
    fn _benefits(&self, py: Python<'_>, query: &str) -> PyResult<String> {
        guard(py, || planning::benefits(&self.0, query))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        guard(py, || {
            let months = self.0.months();
            Ok(format!(
                "Policy(id={}, months='{}…{}')",
                crate::decision::quoted(&self.0.spec().id),
                months.first().map(ToString::to_string).unwrap_or_default(),
                months.last().map(ToString::to_string).unwrap_or_default()
            ))
        })
    }
}
