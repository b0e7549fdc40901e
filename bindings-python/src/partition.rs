//! A roster in partitions: the core's `partition` pieces, for engines that hold a
//! roster in parts (`iuran.partitions`, and through it `iuran.dask` and `iuran.spark`).
//! Keys and row orders cross as Arrow `int64` columns (the type every engine ships;
//! unsigned values bit for bit), contexts, candidates and placements as the core's
//! bytes, summaries as the core's JSON. Nothing here decides.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::{Array, ArrayRef, Int64Array, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use iuran::Summary;
use iuran::partition::{
    Candidates, Layout, NikKey, PartitionContext, Placements, RowOrder, first_occurrences, nik_keys,
};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::{PyBytes, PyIterator};
use pyo3_arrow::PyTable;

use crate::batch;
use crate::error::{Failure, Result, Text, guard};
use crate::policy::PyPolicy;
use crate::summary::PySummary;

/// Columns of `int64`s as one table.
fn int64_table(columns: Vec<(&str, Vec<i64>)>) -> Result<PyTable> {
    let fields: Vec<Field> = columns
        .iter()
        .map(|(name, _)| Field::new(*name, DataType::Int64, false))
        .collect();
    let arrays: Vec<ArrayRef> = columns
        .into_iter()
        .map(|(_, v)| Arc::new(Int64Array::from(v)) as ArrayRef)
        .collect();
    let schema = Arc::new(Schema::new(fields));
    let batch = RecordBatch::try_new(schema.clone(), arrays)
        .map_err(|e| Failure::Internal(format!("a table of keys cannot be built: {e}")))?;
    PyTable::try_new(vec![batch], schema).map_err(|e| Failure::Internal(e.to_string()))
}

/// The named `int64` columns of an Arrow stream, each whole.
fn int64_columns(data: &Bound<'_, PyAny>, names: &[&str]) -> Result<Vec<Vec<i64>>> {
    let (schema, batches, _) = batch::read_stream(data, None)?;
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let bad = |message: &str| Failure::Column {
            field: (*name).to_owned(),
            column: Some((*name).to_owned()),
            message: message.to_owned(),
        };
        let index = schema
            .index_of(name)
            .map_err(|_| bad("is not in the table"))?;
        let mut values = Vec::new();
        for b in &batches {
            let column = b.column(index);
            let ints = column
                .as_any()
                .downcast_ref::<Int64Array>()
                .ok_or_else(|| bad("must be int64"))?;
            if ints.null_count() > 0 {
                return Err(bad("must have no nulls"));
            }
            values.extend_from_slice(ints.values());
        }
        out.push(values);
    }
    Ok(out)
}

// Unsigned values cross as `int64` bit for bit.
#[allow(clippy::cast_possible_wrap, clippy::cast_sign_loss)]
fn signed(v: u64) -> i64 {
    v as i64
}

#[allow(clippy::cast_sign_loss)]
fn unsigned(v: i64) -> u64 {
    v as u64
}

/// The keys of a partition's rows with a NIK (see `iuran.partitions.nik_keys`): a
/// table of `order`, `key_hi`, `key_lo` (`int64`).
#[pyfunction]
#[pyo3(signature = (data, columns, partition, offset, salt, *, names = None))]
// PyO3 hands arguments over owned.
#[allow(clippy::needless_pass_by_value)]
pub(crate) fn _nik_keys(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    columns: HashMap<String, String>,
    partition: u64,
    offset: u64,
    salt: u64,
    names: Option<Vec<Text>>,
) -> PyResult<PyTable> {
    guard(py, || {
        let (schema, batches, names) = batch::read_stream(data, names)?;
        let keys = py.detach(|| -> Result<_> {
            let prepared = batch::prepare_table(&schema, &batches, &columns, &names, &[])?;
            let first = RowOrder::new(partition, offset)?;
            Ok(nik_keys(&prepared.columns()?, first, salt)?)
        })?;
        let order = keys.iter().map(|k| signed(k.1.get())).collect();
        let hi = keys.iter().map(|k| signed(k.0.hi)).collect();
        let lo = keys.iter().map(|k| signed(k.0.lo)).collect();
        int64_table(vec![("order", order), ("key_hi", hi), ("key_lo", lo)])
    })
}

/// Of keyed rows holding every copy of their keys, each row that repeats an earlier
/// one with the first one's order: a table of `order`, `first` (`int64`).
#[pyfunction]
pub(crate) fn _first_occurrences(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<PyTable> {
    guard(py, || {
        let mut columns = int64_columns(data, &["order", "key_hi", "key_lo"])?;
        let (lo, hi, order) = (
            columns.pop().unwrap_or_default(),
            columns.pop().unwrap_or_default(),
            columns.pop().unwrap_or_default(),
        );
        let found = py.detach(|| -> Result<_> {
            let keys = order
                .iter()
                .zip(hi.iter().zip(&lo))
                .map(|(&o, (&h, &l))| {
                    let key = NikKey {
                        hi: unsigned(h),
                        lo: unsigned(l),
                    };
                    Ok((key, RowOrder::from_packed(unsigned(o))?))
                })
                .collect::<std::result::Result<Vec<_>, iuran::Error>>()?;
            Ok(first_occurrences(keys))
        })?;
        let order = found.iter().map(|d| signed(d.0.get())).collect();
        let first = found.iter().map(|d| signed(d.1.get())).collect();
        int64_table(vec![("order", order), ("first", first)])
    })
}

/// Every partition's context as bytes, from the partitions' lengths, the gathered
/// duplicates (a table of `order`, `first`) and the placements (bytes).
#[pyfunction]
#[pyo3(signature = (lengths, duplicates, placements = None))]
// PyO3 hands arguments over owned.
#[allow(clippy::needless_pass_by_value)]
pub(crate) fn _contexts<'py>(
    py: Python<'py>,
    lengths: Vec<u64>,
    duplicates: &Bound<'py, PyAny>,
    placements: Option<PyBackedBytes>,
) -> PyResult<Vec<Bound<'py, PyBytes>>> {
    guard(py, || {
        let mut columns = int64_columns(duplicates, &["order", "first"])?;
        let (first, order) = (
            columns.pop().unwrap_or_default(),
            columns.pop().unwrap_or_default(),
        );
        let contexts = py.detach(|| -> Result<_> {
            let duplicates = order
                .iter()
                .zip(&first)
                .map(|(&o, &f)| {
                    Ok((
                        RowOrder::from_packed(unsigned(o))?,
                        RowOrder::from_packed(unsigned(f))?,
                    ))
                })
                .collect::<std::result::Result<Vec<_>, iuran::Error>>()?;
            let placements = placements
                .as_deref()
                .map(Placements::from_bytes)
                .transpose()?;
            Ok(Layout::new(lengths).context_bytes(&duplicates, placements.as_ref())?)
        })?;
        Ok(contexts.iter().map(|c| PyBytes::new(py, c)).collect())
    })
}

/// A partition's context from its bytes: the whole (`offset` None: the partition must
/// have its rows) or the slice of a batch from `offset`.
fn context_of(bytes: &[u8], offset: Option<u64>, rows: usize) -> Result<PartitionContext> {
    let context = PartitionContext::from_bytes(bytes)?;
    Ok(match offset {
        None => context,
        Some(offset) => context.slice(offset, rows as u64)?,
    })
}

/// The rows a context was made for.
#[pyfunction]
// PyO3 hands arguments over owned.
#[allow(clippy::needless_pass_by_value)]
pub(crate) fn _context_rows(py: Python<'_>, context: PyBackedBytes) -> PyResult<u64> {
    guard(py, || Ok(PartitionContext::from_bytes(&context)?.rows))
}

/// A partition's (or a batch of it's, from `offset`) eligible rows as allocation
/// candidates (bytes).
#[pyfunction]
#[pyo3(signature = (policy, data, columns, context, offset, *, names = None))]
// PyO3 hands arguments over owned.
#[allow(clippy::needless_pass_by_value)]
pub(crate) fn _partition_candidates<'py>(
    py: Python<'py>,
    policy: &PyPolicy,
    data: &Bound<'py, PyAny>,
    columns: HashMap<String, String>,
    context: PyBackedBytes,
    offset: Option<u64>,
    names: Option<Vec<Text>>,
) -> PyResult<Bound<'py, PyBytes>> {
    guard(py, || {
        let (schema, batches, names) = batch::read_stream(data, names)?;
        let policy = &policy.0;
        let bytes = py.detach(|| -> Result<_> {
            let required = policy.required_columns();
            let prepared = batch::prepare_table(&schema, &batches, &columns, &names, &required)?;
            let columns = prepared.columns()?;
            let context = context_of(&context, offset, columns.len)?;
            Ok(policy.partition_candidates(&columns, &context)?.to_bytes())
        })?;
        Ok(PyBytes::new(py, &bytes))
    })
}

/// Every partition's candidates allocated together: the placements (bytes). `parts`
/// is any iterable of bytes, read one at a time when the allocation asks for the next
/// (the GIL held only while an item is taken): each part's bytes are decoded then and
/// can be freed at once (a draining iterator), so that neither the bytes nor the
/// decoded candidates of every part are held together.
#[pyfunction]
pub(crate) fn _allocate_partitions<'py>(
    py: Python<'py>,
    policy: &PyPolicy,
    parts: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyBytes>> {
    guard(py, || {
        let policy = &policy.0;
        let parts: Py<PyIterator> = parts.try_iter()?.unbind();
        let bytes = py.detach(|| -> Result<_> {
            let mut failed: Option<Failure> = None;
            let decoded = std::iter::from_fn(|| {
                if failed.is_some() {
                    return None;
                }
                let next = Python::attach(|py| -> Result<Option<PyBackedBytes>> {
                    match parts.bind(py).clone().next() {
                        None => Ok(None),
                        Some(item) => Ok(Some(item?.extract().map_err(PyErr::from)?)),
                    }
                })
                .and_then(|part| {
                    part.map(|p| Ok(Candidates::from_bytes(policy, &p)?))
                        .transpose()
                });
                next.unwrap_or_else(|e| {
                    failed = Some(e);
                    None
                })
            });
            let placements = policy.allocate_partitions(decoded);
            if let Some(e) = failed {
                return Err(e);
            }
            Ok(placements?.to_bytes())
        })?;
        Ok(PyBytes::new(py, &bytes))
    })
}

/// A partition (or a batch of it, from `offset`) decided as part of the whole roster:
/// the decision columns and/or its summary (the core's JSON), as asked.
#[pyfunction]
#[pyo3(signature = (policy, data, columns, context, offset, *, names = None, with_sector = false, outputs = None, table = true, summary = false))]
// PyO3 hands arguments over owned; one argument per choice of `evaluate_table`.
#[allow(clippy::needless_pass_by_value, clippy::too_many_arguments)]
pub(crate) fn _evaluate_partition(
    py: Python<'_>,
    policy: &PyPolicy,
    data: &Bound<'_, PyAny>,
    columns: HashMap<String, String>,
    context: PyBackedBytes,
    offset: Option<u64>,
    names: Option<Vec<Text>>,
    with_sector: bool,
    outputs: Option<Vec<Text>>,
    table: bool,
    summary: bool,
) -> PyResult<(Option<PyTable>, Option<String>)> {
    guard(py, || {
        let selected = batch::selected_outputs(outputs.as_deref())?;
        let (schema, batches, names) = batch::read_stream(data, names)?;
        let policy = &policy.0;
        let (out, totals) = py.detach(|| -> Result<_> {
            let prepared = batch::prepare_for(
                policy,
                &schema,
                &batches,
                &columns,
                &names,
                table.then_some(&selected[..]),
                with_sector,
            )?;
            let columns = prepared.columns()?;
            let context = context_of(&context, offset, columns.len)?;
            let outcome = policy.evaluate_partition(&columns, &context)?;
            let totals = summary
                .then(|| crate::planning::to_json(&policy.summarize(&columns, &outcome)))
                .transpose()?;
            let out = table
                .then(|| batch::outcome_batch(policy, outcome, &selected, with_sector, 1))
                .transpose()
                .map_err(|e| Failure::Column {
                    field: "total_cost".to_owned(),
                    column: None,
                    message: format!("output cannot be built: {e}"),
                })?;
            Ok((out, totals))
        })?;
        let out = out
            .map(|b| {
                let schema = b.schema();
                PyTable::try_new(vec![b], schema)
            })
            .transpose()
            .map_err(|e| Failure::Internal(e.to_string()))?;
        Ok((out, totals))
    })
}

/// Summaries of a roster's partitions (the core's JSON) added up.
#[pyfunction]
// PyO3 hands arguments over owned.
#[allow(clippy::needless_pass_by_value)]
pub(crate) fn _add_summaries(py: Python<'_>, parts: Vec<Text>) -> PyResult<PySummary> {
    guard(py, || {
        let mut total = Summary::default();
        for part in &parts {
            let part: Summary = serde_json::from_str(&part.0).map_err(|e| {
                Failure::Core(iuran::Error::Argument {
                    name: "summaries",
                    message: format!("not a summary made by iuran: {e}"),
                })
            })?;
            total.add(&part);
        }
        Ok(PySummary(total))
    })
}

/// Whether the policy has budget ceilings (a `budget` or `max_workers`): its
/// partitions are then allocated together before they are decided.
#[pyfunction]
pub(crate) fn _has_ceilings(policy: &PyPolicy) -> bool {
    policy.0.has_ceilings()
}
