//! What-if comparison of the issue-6 workload: the base policy and 10 scenarios on
//! 10^6 rows ([`iuran::compare::compare_columns`]: each of the 11 policies through the
//! bulk kernel, then tallied and diffed against the base), against one evaluation
//! ([`iuran::Policy::evaluate_columns`]). The target is under 3× one evaluation; the
//! measured figures are in the README ("One engine").
//!
//! Each iteration checks the answer: the base's and every variant's total must equal
//! the total of evaluating that policy alone, worked out once outside the timed loop.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use iuran::compare::{Variant, compare_columns};
use iuran::{Policy, Scenario};
use iuran_benches::{POLICY, SECTORS, Workload};
use rust_decimal::Decimal;
use serde_json::json;

/// Ten what-ifs a planner asks: age bands, sectors, start and length, a JKM change,
/// the income basis, members, and a budget ceiling that makes workers wait.
fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario::new("age 50-65").set("eligibility.age", json!({ "min": 50 })),
        Scenario::new("age 55-70").set("eligibility.age.max", 70),
        Scenario::new("no age band").unset("eligibility.age"),
        Scenario::new("add traders and drivers")
            .add("eligibility.sectors", json!(["trader", "driver"])),
        Scenario::new("start in April, 9 months")
            .set("coverage.start", "2025-04")
            .set("coverage.months", 9),
        Scenario::new("6 months").set("coverage.months", 6),
        Scenario::new("JKM 7,500"),
        Scenario::new("minimum income basis").set("coverage.income", "minimum"),
        Scenario::new("members too").set("eligibility.exclude_active_members", false),
        Scenario::new("no regency check").set("regency", "3324"),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, s)| {
        if i == 6 {
            let mut s = s;
            s.rate.push(json!({
                "id": "bpu-jkm", "programme": "JKM", "segment": "BPU", "amount": "7500",
                "from": "2015-07", "reference": "hypothetical", "status": "unverified"
            }));
            s
        } else {
            s
        }
    })
    .collect()
}

fn bench(c: &mut Criterion) {
    let policy = Policy::from_toml(POLICY).unwrap();
    let variants: Vec<Variant> = scenarios()
        .iter()
        .map(|s| Variant::new(s.name.clone(), s.apply(&policy).unwrap()))
        .collect();
    let sectors: Vec<Option<&str>> = SECTORS.iter().map(|s| Some(*s)).collect();
    let sexes = [Some("L"), Some("P")];
    let regencies = [Some("3323"), Some("3324")];
    let n = 1_000_000usize;
    let workload = Workload::generate(n, 2025);
    let cols = workload.columns(&sectors, &sexes, &regencies);
    // Each policy's total, evaluated alone, outside the timed loops.
    let total = |p: &Policy| -> Decimal {
        p.evaluate_columns(&cols)
            .unwrap()
            .total_cost
            .iter()
            .map(|&a| Decimal::from(a))
            .sum()
    };
    let base_total = total(&policy);
    let variant_totals: Vec<Decimal> = variants.iter().map(|v| total(&v.policy)).collect();
    let mut g = c.benchmark_group("compare");
    g.throughput(Throughput::Elements(n as u64));
    g.sample_size(10);
    g.bench_function(format!("evaluate_columns: one policy, {n} rows"), |b| {
        b.iter(|| {
            let out = policy.evaluate_columns(black_box(&cols)).unwrap();
            // Summed as i64 (no overflow at these sizes): a `Decimal` sum of 10^6 rows
            // costs about as much as the evaluation and would flatter the ratio.
            let t: i64 = out.total_cost.iter().sum();
            assert_eq!(Decimal::from(t), base_total);
            out.eligible.len()
        });
    });
    g.bench_function(
        format!("compare_columns: base + 10 variants, {n} rows"),
        |b| {
            b.iter(|| {
                let c = compare_columns(&policy, &variants, black_box(&cols)).unwrap();
                assert_eq!(c.base.total_cost, base_total);
                for (v, t) in c.variants.iter().zip(&variant_totals) {
                    assert_eq!(v.totals.total_cost, *t);
                }
                c.variants.len()
            });
        },
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
