//! The core's own batch throughput on Arrow columns, with no Python anywhere: the
//! figure `bench/bench.py` compares `evaluate_table` with.
//!
//! `cargo run --release -p iuran-python --example core_throughput -- ROSTER.csv POLICY.toml`
//!
//! Reads the roster with the core's CSV reader, builds one Arrow `Utf8` column per
//! canonical field (what pyarrow hands over for a text table), then times, best of 5:
//! the core alone (`Policy::evaluate_columns`), and the binding's Rust side (columns
//! found and translated, evaluated, decision columns built as Arrow arrays). Prints `key=value` lines.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use _native::batch;
use arrow_array::{ArrayRef, RecordBatch, StringArray};
const FIELDS: [&str; iuran::worker::Field::NAMES.len()] = iuran::worker::Field::NAMES;
use iuran::{Policy, Roster};

fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut out = None;
    let mut fastest = Duration::MAX;
    for _ in 0..runs {
        let start = Instant::now();
        let value = f();
        fastest = fastest.min(start.elapsed());
        out = Some(value);
    }
    (fastest, out.expect("at least one run"))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(csv), Some(policy)) = (args.get(1), args.get(2)) else {
        return Err("usage: core_throughput ROSTER.csv POLICY.toml".into());
    };
    let policy = Policy::from_file(policy)?;
    let roster = Roster::from_csv(&std::fs::read(csv)?)?;
    let mut columns: Vec<(&str, ArrayRef)> = Vec::new();
    for (f, col) in FIELDS.iter().zip(roster.columns) {
        if let Some(c) = col {
            let values: StringArray = roster
                .rows
                .iter()
                .map(|r| r.cells.get(c).map(String::as_str))
                .collect();
            columns.push((f, Arc::new(values)));
        }
    }
    let table = RecordBatch::try_from_iter(columns)?;
    let rows = table.num_rows();
    let schema = table.schema();
    let names: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
    let batches = [table];
    let mapping: HashMap<String, String> = HashMap::new();
    let prepared = batch::prepare_table(
        &schema,
        &batches,
        &mapping,
        &names,
        &iuran::roster::REQUIRED,
    )
    .map_err(|e| format!("{e:?}"))?;

    let summary_only = batch::Wanted {
        outputs: None,
        with_sector: false,
        summary: true,
        threads: 1,
    };
    let table_only = batch::Wanted {
        outputs: Some(&iuran::roster::OUTPUT_COLUMNS),
        with_sector: false,
        summary: false,
        threads: 1,
    };
    let (core, eligible) = best(5, || {
        let (_, summary) = batch::evaluate(&policy, &prepared, &summary_only).expect("evaluation");
        summary.map(|s| s.eligible)
    });
    let (binding, out) = best(5, || {
        let prepared = batch::prepare_table(
            &schema,
            &batches,
            &mapping,
            &names,
            &iuran::roster::REQUIRED,
        )
        .expect("columns");
        batch::evaluate(&policy, &prepared, &table_only).expect("evaluation")
    });
    let expected = policy.evaluate_roster(&roster)?.summary;
    assert_eq!(
        eligible,
        Some(expected.eligible),
        "bulk and explained paths agree"
    );
    assert_eq!(out.0.map(|b| b.num_rows()), Some(rows));
    #[allow(clippy::cast_precision_loss)] // a row count is far below 2^52
    let per_second = |d: Duration| rows as f64 / d.as_secs_f64();
    println!("rows={rows}");
    println!("core_seconds={:.6}", core.as_secs_f64());
    println!("core_rows_per_second={:.0}", per_second(core));
    println!("binding_rust_seconds={:.6}", binding.as_secs_f64());
    println!("binding_rust_rows_per_second={:.0}", per_second(binding));
    Ok(())
}
