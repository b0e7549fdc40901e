//! What-if scenarios ([`iuran::Scenario`]) and their comparison on one roster
//! ([`iuran::compare`]).
//!
//! A scenario is the core's: a base policy plus edits by field path. The comparison is
//! the core's too; it crosses as the core's serde form (JSON text, money as decimal
//! strings) and `iuran/_compare.py` lays it out as pandas `DataFrame`s. Nothing is computed here.

use std::collections::HashMap;
use std::path::PathBuf;

use iuran::compare::{Variant, compare, compare_columns};
use iuran::{Roster, Scenario};
use pyo3::prelude::*;

use crate::batch;
use crate::error::{Failure, Text, guard};
use crate::json;
use crate::planning::to_json;
use crate::policy::{PyPolicy, csv_source};

/// A what-if scenario: edits to a base policy, by the policy's own field paths.
#[pyclass(frozen, module = "iuran._native", name = "Scenario")]
pub struct PyScenario(pub Scenario);

/// One side of a comparison: a scenario (applied to the base) or a policy as it is.
#[derive(FromPyObject)]
pub enum VariantArg {
    /// A scenario, applied to the base.
    Scenario(Py<PyScenario>),
    /// A whole policy, named by its id.
    Policy(Py<PyPolicy>),
}

// PyO3 hands arguments over owned (`Text` among them).
#[allow(clippy::needless_pass_by_value)]
#[pymethods]
impl PyScenario {
    /// An empty scenario with a name; add edits with `set`, `add` and `unset`.
    #[new]
    #[pyo3(signature = (name, description = None))]
    fn new(name: Text, description: Option<Text>) -> Self {
        let mut s = Scenario::new(name.0);
        s.description = description.map(|d| d.0);
        PyScenario(s)
    }

    /// Read a scenario from a `.toml` or `.json` file.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        guard(py, || Ok(Self(Scenario::from_file(path)?)))
    }

    /// Parse a TOML scenario.
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: Text) -> PyResult<Self> {
        guard(py, || Ok(Self(Scenario::from_toml(&text.0)?)))
    }

    /// Parse a JSON scenario.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: Text) -> PyResult<Self> {
        guard(py, || Ok(Self(Scenario::from_json(&text.0)?)))
    }

    /// A scenario given as a dict (its JSON form).
    #[staticmethod]
    fn from_dict(py: Python<'_>, spec: &Bound<'_, PyAny>) -> PyResult<Self> {
        guard(py, || {
            let value = json::to_json(py, spec, "", json::Document::Scenario(""))?;
            Ok(Self(Scenario::from_json(&value.to_string())?))
        })
    }

    /// A copy with `path` set to `value` (a policy field path such as
    /// `eligibility.age` or `funding.dbhcht.budget`).
    fn set(&self, py: Python<'_>, path: Text, value: &Bound<'_, PyAny>) -> PyResult<Self> {
        let path = path.0.as_str();
        guard(py, || {
            let at = format!("set.{path}");
            let value = json::to_json(py, value, &at, json::Document::Scenario(&self.0.name))?;
            Ok(PyScenario(self.0.clone().set(path, value)))
        })
    }

    /// A copy with `value` appended to the list at `path` (e.g. `eligibility.sectors`).
    fn add(&self, py: Python<'_>, path: Text, value: &Bound<'_, PyAny>) -> PyResult<Self> {
        let path = path.0.as_str();
        guard(py, || {
            let at = format!("add.{path}");
            let value = json::to_json(py, value, &at, json::Document::Scenario(&self.0.name))?;
            Ok(PyScenario(self.0.clone().add(path, value)))
        })
    }

    /// A copy with the field at `path` removed.
    fn unset(&self, path: Text) -> Self {
        PyScenario(self.0.clone().unset(&path.0))
    }

    /// The base policy with this scenario's edits, validated as a policy.
    fn apply(&self, py: Python<'_>, base: &PyPolicy) -> PyResult<PyPolicy> {
        guard(py, || Ok(PyPolicy(self.0.apply(&base.0)?)))
    }

    /// The scenario's name.
    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }

    /// What the scenario asks, in words.
    #[getter]
    fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }

    /// The scenario as a dict (its JSON form).
    #[getter]
    fn spec<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let value = serde_json::to_value(&self.0)
                .map_err(|e| Failure::Internal(format!("a scenario does not serialise: {e}")))?;
            Ok(json::to_python(py, &value)?)
        })
    }

    /// The scenario as JSON text.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        guard(py, || Ok(self.0.to_json()))
    }

    fn __eq__(&self, other: &Self) -> bool {
        self.0 == other.0
    }

    fn __repr__(&self) -> String {
        format!("Scenario(name={})", crate::decision::quoted(&self.0.name))
    }
}

/// The variants as the core takes them: each scenario applied to the base.
fn variants(base: &PyPolicy, given: &[VariantArg]) -> Result<Vec<Variant>, Failure> {
    given
        .iter()
        .map(|v| match v {
            VariantArg::Scenario(s) => {
                let s = &s.get().0;
                Ok(Variant::new(s.name.clone(), s.apply(&base.0)?))
            }
            VariantArg::Policy(p) => {
                let p = &p.get().0;
                Ok(Variant::new(p.spec().id.clone(), p.clone()))
            }
        })
        .collect()
}

/// Compare a base policy with variants on a roster file (a path, or its bytes: CSV or
/// `.xlsx`). JSON of the core's `Comparison`.
#[pyfunction]
// PyO3 hands arguments over owned.
#[allow(clippy::needless_pass_by_value)]
pub(crate) fn _compare_file(
    py: Python<'_>,
    base: &PyPolicy,
    given: Vec<VariantArg>,
    source: &Bound<'_, PyAny>,
) -> PyResult<String> {
    guard(py, || {
        let bytes = csv_source(source)?;
        let variants = variants(base, &given)?;
        let base = &base.0;
        py.detach(|| -> Result<String, Failure> {
            let roster = Roster::from_bytes(&bytes)?;
            to_json(&compare(base, &variants, &roster)?)
        })
    })
}

/// Compare a base policy with variants on an Arrow table (as `evaluate_table` reads
/// it). JSON of the core's `Comparison`.
#[pyfunction]
#[pyo3(signature = (base, given, data, columns, *, names = None))]
// PyO3 hands arguments over owned.
#[allow(clippy::needless_pass_by_value)]
pub(crate) fn _compare_arrow(
    py: Python<'_>,
    base: &PyPolicy,
    given: Vec<VariantArg>,
    data: &Bound<'_, PyAny>,
    columns: HashMap<String, String>,
    names: Option<Vec<Text>>,
) -> PyResult<String> {
    guard(py, || {
        let variants = variants(base, &given)?;
        let (schema, batches, names) = batch::read_stream(data, names)?;
        let base = &base.0;
        py.detach(|| -> Result<String, Failure> {
            // Every variant reads the same columns: those any policy compared needs.
            let mut required: Vec<iuran::worker::Field> = std::iter::once(base)
                .chain(variants.iter().map(|v| &v.policy))
                .flat_map(iuran::Policy::required_columns)
                .collect();
            required.sort_unstable();
            required.dedup();
            let prepared = batch::prepare_table(&schema, &batches, &columns, &names, &required)?;
            to_json(&compare_columns(base, &variants, &prepared.columns()?)?)
        })
    })
}
