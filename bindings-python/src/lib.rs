//! Python bindings for `iuran`: the private native module `iuran._native` behind the
//! Python package `iuran` (`python/iuran`).
//!
//! This crate translates; it never decides. Values cross as the core's own types (text
//! records, Arrow columns, `Decimal`), every answer comes from the core, and every
//! error is mapped in one function ([`error::raise`]), and every entry point that calls
//! the core runs inside [`error::guard`], so a panic is an `InternalError`. The modules mirror the core's:
//! [`policy`], [`worker`], [`decision`], [`roster`], [`batch`], [`summary`], [`lint`], [`planning`], [`partition`].

use pyo3::prelude::*;

pub mod answers;
pub mod batch;
pub mod decision;
pub mod error;
pub mod json;
pub mod lint;
pub mod partition;
pub mod planning;
pub mod policy;
pub mod roster;
pub mod scenario;
pub mod summary;
pub mod worker;

/// The data-quality report of a roster file (a path, or the file's bytes: CSV or
/// `.xlsx`) as of a date `YYYY-MM-DD`, as JSON (see `iuran.quality_report`).
#[pyfunction]
// PyO3 hands arguments over owned.
#[allow(clippy::needless_pass_by_value)]
fn _quality_report(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    as_of: error::Text,
) -> PyResult<String> {
    error::guard(py, || {
        let bytes = policy::csv_source(source)?;
        py.detach(|| planning::quality(&bytes, &as_of.0))
    })
}

/// Rows of an Arrow table (as `evaluate_table` reads it) explained: one `Decision` per
/// position in `rows` (see `iuran.Policy.explain_rows`).
#[pyfunction]
#[pyo3(signature = (policy, data, columns, rows, *, names = None))]
// PyO3 hands arguments over owned.
#[allow(clippy::needless_pass_by_value)]
fn _explain_arrow(
    py: Python<'_>,
    policy: &policy::PyPolicy,
    data: &Bound<'_, PyAny>,
    columns: std::collections::HashMap<String, String>,
    rows: Vec<u64>,
    names: Option<Vec<error::Text>>,
) -> PyResult<Vec<decision::PyDecision>> {
    error::guard(py, || {
        let (schema, batches, names) = batch::read_stream(data, names)?;
        let policy = &policy.0;
        let decisions = py.detach(|| {
            let required = policy.required_columns();
            let prepared = batch::prepare_table(&schema, &batches, &columns, &names, &required)?;
            batch::explain(policy, &prepared, &rows)
        })?;
        Ok(decisions.into_iter().map(decision::PyDecision).collect())
    })
}

/// Text as the package may show it in its own messages and reprs: every NIK-shaped run
/// of 16 digits masked, everything else kept.
#[pyfunction]
fn _mask_niks(text: &Bound<'_, pyo3::types::PyString>) -> String {
    error::mask_niks(&text.to_string_lossy())
}

/// The native module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<policy::PyPolicy>()?;
    m.add_function(wrap_pyfunction!(_quality_report, m)?)?;
    m.add_function(wrap_pyfunction!(_mask_niks, m)?)?;
    m.add_function(wrap_pyfunction!(_explain_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(partition::_nik_keys, m)?)?;
    m.add_function(wrap_pyfunction!(partition::_first_occurrences, m)?)?;
    m.add_function(wrap_pyfunction!(partition::_contexts, m)?)?;
    m.add_function(wrap_pyfunction!(partition::_partition_candidates, m)?)?;
    m.add_function(wrap_pyfunction!(partition::_allocate_partitions, m)?)?;
    m.add_function(wrap_pyfunction!(partition::_evaluate_partition, m)?)?;
    m.add_function(wrap_pyfunction!(partition::_add_summaries, m)?)?;
    m.add_function(wrap_pyfunction!(partition::_has_ceilings, m)?)?;
    m.add_function(wrap_pyfunction!(partition::_context_rows, m)?)?;
    m.add_class::<scenario::PyScenario>()?;
    m.add_function(wrap_pyfunction!(scenario::_compare_file, m)?)?;
    m.add_function(wrap_pyfunction!(scenario::_compare_arrow, m)?)?;
    m.add_class::<decision::PyDecision>()?;
    m.add_class::<decision::PyReason>()?;
    m.add_class::<decision::PyCharge>()?;
    m.add_class::<summary::PySummary>()?;
    m.add_class::<summary::PySourceTotal>()?;
    m.add_class::<lint::PyLint>()?;
    m.add_class::<roster::PyEvaluation>()?;
    m.add("FIELDS", iuran::worker::Field::NAMES.to_vec())?;
    m.add(
        "REQUIRED",
        iuran::roster::REQUIRED
            .map(iuran::worker::Field::name)
            .to_vec(),
    )?;
    m.add("OUTPUT_COLUMNS", iuran::roster::OUTPUT_COLUMNS.to_vec())?;
    m.add("EXTRA_CELLS", iuran::roster::EXTRA_CELLS)?;
    m.add("SECTOR_COLUMN", batch::SECTOR_COLUMN)?;
    // Every reason code's short label in each language (the core's catalogue), for
    // `iuran.explode_reasons`.
    let labels: std::collections::BTreeMap<&str, std::collections::BTreeMap<&str, &str>> =
        iuran::ReasonCode::ALL
            .iter()
            .map(|code| {
                let by_lang = [("id", iuran::Lang::Id), ("en", iuran::Lang::En)]
                    .into_iter()
                    .map(|(name, lang)| (name, code.label(lang)))
                    .collect();
                (code.as_str(), by_lang)
            })
            .collect();
    m.add("REASON_LABELS", labels)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // Benchmarks refuse a debug build.
    m.add(
        "BUILD",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
    )?;
    m.add(
        "__all__",
        [
            "Policy",
            "Decision",
            "Reason",
            "Charge",
            "Summary",
            "SourceTotal",
            "Lint",
            "Evaluation",
            "Scenario",
            "FIELDS",
            "REQUIRED",
            "OUTPUT_COLUMNS",
            "EXTRA_CELLS",
            "SECTOR_COLUMN",
        ],
    )?;
    Ok(())
}
