//! What one decision and a whole roster cost, on the explained (per-worker) path.
//!
//! Each bench checks its answer inside the loop, so a faster wrong answer cannot pass.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use iuran::{Policy, Record, Roster};
use iuran_benches::{POLICY, Workload};

const TEGAL: &str = include_str!("../../examples/policies/tegal-2025.toml");
const TEGAL_BUDGET: &[u8] = include_bytes!("../../examples/data/tegal-2025-budget.csv");

fn single(c: &mut Criterion) {
    let policy = Policy::from_toml(TEGAL).unwrap();
    let record = Record {
        nik: Some("3328011203700001".into()),
        birth_date: Some("1970-03-12".into()),
        regency: Some("3328".into()),
        sector: Some("Petani Tembakau".into()),
        ..Record::default()
    };
    c.bench_function("evaluate_record: one eligible farmer, 4 months", |b| {
        b.iter(|| {
            let d = policy.evaluate_record(black_box(&record)).unwrap();
            assert_eq!(d.total_cost, rust_decimal::Decimal::from(67_200));
            d
        });
    });
}

fn roster(c: &mut Criterion) {
    let policy = Policy::from_toml(TEGAL).unwrap();
    let roster = Roster::from_csv(TEGAL_BUDGET).unwrap();
    let mut g = c.benchmark_group("roster");
    g.throughput(Throughput::Elements(roster.rows.len() as u64));
    g.bench_function("evaluate_roster: Kab. Tegal 2025 budget, 8,146 rows", |b| {
        b.iter(|| {
            let r = policy.evaluate_roster(black_box(&roster)).unwrap();
            assert_eq!(
                r.summary.total_cost,
                rust_decimal::Decimal::from(547_411_200)
            );
            r
        });
    });
    g.bench_function("from_csv: 8,146 rows", |b| {
        b.iter(|| {
            Roster::from_csv(black_box(TEGAL_BUDGET))
                .unwrap()
                .rows
                .len()
        });
    });
    g.finish();
}

/// The issue-6 workload as 10^6 typed `Worker` structs, one explained decision each.
fn workers(c: &mut Criterion) {
    let policy = Policy::from_toml(POLICY).unwrap();
    let n = 1_000_000usize;
    let w = Workload::generate(n, 2025);
    let workers = w.workers();
    let expected: i64 = (0..n).map(|i| w.reference_cost(i)).sum();
    let mut g = c.benchmark_group("workers");
    g.sample_size(10);
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function(
        format!("evaluate: issue-6 workload, {n} row structs"),
        |b| {
            b.iter(|| {
                let total: rust_decimal::Decimal = black_box(&workers)
                    .iter()
                    .map(|w| policy.evaluate(w).unwrap().total_cost)
                    .sum();
                assert_eq!(total, expected.into());
                total
            });
        },
    );
    g.finish();
}

criterion_group!(benches, single, roster, workers);
criterion_main!(benches);
