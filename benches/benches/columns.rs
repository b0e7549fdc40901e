//! Bulk evaluation from columns, one thread: the issue-6 workload (typed Arrow-like
//! columns) at 10^6 and 10^7 rows, and a Tegal roster of 10^6 rows with every column as
//! text, NIKs included.
//!
//! Each iteration checks the answer: the outcome's total must equal the total worked
//! out once, outside the timed loop — for the workload from the definition
//! (`Workload::reference_cost`, which the explained per-worker path is checked against
//! on 10^6 rows), for the Tegal roster by `evaluate_roster`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use iuran::batch::Outcome;
use iuran::{Policy, Roster};
use iuran_benches::{POLICY, TEGAL, TextRoster, Workload};

fn workload(c: &mut Criterion) {
    let policy = Policy::from_toml(POLICY).unwrap();
    let (sectors, sexes, regencies) = Workload::dictionaries();
    let mut g = c.benchmark_group("columns");
    g.sample_size(10);
    for n in [1_000_000usize, 10_000_000] {
        let w = Workload::generate(n, 2025);
        let cols = w.columns(&sectors, &sexes, &regencies);
        let expected: i64 = (0..n).map(|i| w.reference_cost(i)).sum();
        if n == 1_000_000 {
            // The reference agrees with the explained path, row by row.
            for i in 0..n {
                let d = policy.evaluate_record(&cols.record(i)).unwrap();
                assert_eq!(d.total_cost, w.reference_cost(i).into(), "row {i}");
            }
        }
        g.throughput(Throughput::Elements(n as u64));
        if n == 1_000_000 {
            g.bench_function(
                format!("evaluate_columns: issue-6 workload, {n} rows, fresh outcome"),
                |b| {
                    b.iter(|| {
                        let out = policy.evaluate_columns(black_box(&cols)).unwrap();
                        assert_eq!(out.total_cost.iter().sum::<i64>(), expected);
                        out.eligible.len()
                    });
                },
            );
        }
        let mut out = Outcome::default();
        g.bench_function(
            format!("evaluate_columns_into: issue-6 workload, {n} rows, reused outcome"),
            |b| {
                b.iter(|| {
                    policy
                        .evaluate_columns_into(black_box(&cols), &mut out)
                        .unwrap();
                    assert_eq!(out.total_cost.iter().sum::<i64>(), expected);
                    out.eligible.len()
                });
            },
        );
    }
    g.finish();
}

fn tegal(c: &mut Criterion) {
    let n = 1_000_000usize;
    // Every column as text, NIKs included, with the Tegal policy's budget ceilings.
    let policy = Policy::from_toml(TEGAL).unwrap();
    let roster = TextRoster::generate(n, 7);
    let cols = roster.columns();
    let explained = policy
        .evaluate_roster(&Roster::from_csv(&roster.to_csv()).unwrap())
        .unwrap()
        .summary;
    let expected = i64::try_from(explained.total_cost.mantissa()).unwrap();
    let mut g = c.benchmark_group("columns");
    g.sample_size(10);
    g.throughput(Throughput::Elements(n as u64));
    let mut out = Outcome::default();
    g.bench_function(
        format!("evaluate_columns_into: Tegal text roster with NIKs, {n} rows"),
        |b| {
            b.iter(|| {
                policy
                    .evaluate_columns_into(black_box(&cols), &mut out)
                    .unwrap();
                assert_eq!(out.total_cost.iter().sum::<i64>(), expected);
                assert_eq!(
                    out.eligible.iter().filter(|e| **e).count() as u64,
                    explained.eligible
                );
                out.eligible.len()
            });
        },
    );
    g.finish();
}

criterion_group!(benches, workload, tegal);
criterion_main!(benches);
