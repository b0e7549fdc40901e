//! The column kernel against its floor: `Policy::evaluate_columns_into` on the issue-6
//! workload (reused outcome) against [`Floor::run`], a loop written by hand for this
//! one policy over the same columns that computes only `eligible` and
//! `monthly_contribution`. Reported as floor time / kernel time (goal: at least 0.6).
//!
//! Before timing, the two are checked row by row (eligibility and the first month's
//! contribution); each timed iteration checks its own total.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use iuran::Policy;
use iuran::batch::Outcome;
use iuran_benches::floor::Floor;
use iuran_benches::{POLICY, SECTORS, Workload};

fn bench(c: &mut Criterion) {
    let policy = Policy::from_toml(POLICY).unwrap();
    let (sectors, sexes, regencies) = Workload::dictionaries();
    // The dictionaries resolved once, as the kernel's plan resolves them: the first six
    // sectors are covered, the target regency is 3323.
    let covered: Vec<bool> = (0..SECTORS.len()).map(|k| k < 6).collect();
    let in_regency: Vec<bool> = regencies.iter().map(|r| *r == Some("3323")).collect();
    let mut g = c.benchmark_group("kernel_vs_floor");
    g.sample_size(10);
    // `cargo test` runs each bench once, unoptimised: the smaller size shows it works.
    let sizes: &[usize] = if std::env::args().any(|a| a == "--test") {
        &[1_000_000]
    } else {
        &[1_000_000, 10_000_000]
    };
    for &n in sizes {
        let w = Workload::generate(n, 2025);
        let cols = w.columns(&sectors, &sexes, &regencies);
        let mut out = Outcome::default();
        let mut floor = Floor::default();
        policy.evaluate_columns_into(&cols, &mut out).unwrap();
        floor.run(&w, &covered, &in_regency);
        for i in 0..n {
            assert_eq!(out.eligible[i], floor.eligible[i], "eligible, row {i}");
            assert_eq!(
                out.monthly_contribution[i], floor.monthly_contribution[i],
                "monthly contribution, row {i}"
            );
        }
        let expected: i64 = floor.monthly_contribution.iter().sum();
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(format!("kernel: evaluate_columns_into, {n} rows"), |b| {
            b.iter(|| {
                policy
                    .evaluate_columns_into(black_box(&cols), &mut out)
                    .unwrap();
                assert_eq!(out.monthly_contribution.iter().sum::<i64>(), expected);
                out.eligible.len()
            });
        });
        g.bench_function(format!("floor: hand-written loop, {n} rows"), |b| {
            b.iter(|| {
                floor.run(black_box(&w), black_box(&covered), black_box(&in_regency));
                assert_eq!(floor.monthly_contribution.iter().sum::<i64>(), expected);
                floor.eligible.len()
            });
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
