//! Bulk evaluation of the issue-6 workload from columns, one thread.
//!
//! Each iteration checks the answer: the total of the outcome must equal the total
//! worked out once, outside the timed loop, by the explained per-worker path.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use iuran::batch::{Bitmap, Columns, Dates, Flags, Strings};
use iuran::{Policy, Roster};
use iuran_benches::{POLICY, SECTORS, TEGAL, TextRoster, Workload};

fn columns<'a>(
    w: &'a Workload,
    sectors: &'a [Option<&'a str>],
    sexes: &'a [Option<&'a str>],
    regencies: &'a [Option<&'a str>],
) -> Columns<'a> {
    Columns {
        len: w.len,
        birth_date: Some(Dates::Days {
            days: &w.birth_days,
            validity: None,
        }),
        sex: Some(Strings::Dictionary {
            keys: &w.sex,
            values: Box::new(Strings::Slice(sexes)),
            validity: None,
        }),
        regency: Some(Strings::Dictionary {
            keys: &w.regency,
            values: Box::new(Strings::Slice(regencies)),
            validity: None,
        }),
        sector: Some(Strings::Dictionary {
            keys: &w.sector,
            values: Box::new(Strings::Slice(sectors)),
            validity: None,
        }),
        declared_income: Some(iuran::batch::Amounts::Int64 {
            values: &w.income,
            validity: None,
        }),
        active_member: Some(Flags::Bits {
            values: Bitmap {
                bits: &w.member,
                offset: 0,
            },
            validity: None,
        }),
        ..Columns::default()
    }
}

fn bench(c: &mut Criterion) {
    let policy = Policy::from_toml(POLICY).unwrap();
    let sectors: Vec<Option<&str>> = SECTORS.iter().map(|s| Some(*s)).collect();
    let sexes = [Some("L"), Some("P")];
    let regencies = [Some("3323"), Some("3324")];
    let mut g = c.benchmark_group("columns");
    let n = 1_000_000usize;
    {
        let w = Workload::generate(n, 2025);
        let cols = columns(&w, &sectors, &sexes, &regencies);
        // The expected total, from the explained path, row by row.
        let expected: i64 = (0..n)
            .map(|i| policy.evaluate_record(&cols.record(i)).unwrap().total_cost)
            .map(|d| i64::try_from(d.mantissa()).unwrap())
            .sum();
        g.throughput(Throughput::Elements(n as u64));
        g.sample_size(10);
        g.bench_function(
            format!("evaluate_columns: issue-6 workload, {n} rows"),
            |b| {
                b.iter(|| {
                    let out = policy.evaluate_columns(black_box(&cols)).unwrap();
                    assert_eq!(out.total_cost.iter().sum::<i64>(), expected);
                    out.eligible.len()
                });
            },
        );
    }
    {
        // Every column as text, NIKs included, with the Tegal policy's budget ceilings.
        let tegal = Policy::from_toml(TEGAL).unwrap();
        let roster = TextRoster::generate(n, 7);
        let cols = roster.columns();
        let explained = tegal
            .evaluate_roster(&Roster::from_csv(&roster.to_csv()).unwrap())
            .unwrap()
            .summary;
        let expected = i64::try_from(explained.total_cost.mantissa()).unwrap();
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(
            format!("evaluate_columns: Tegal text roster with NIKs, {n} rows"),
            |b| {
                b.iter(|| {
                    let out = tegal.evaluate_columns(black_box(&cols)).unwrap();
                    assert_eq!(out.total_cost.iter().sum::<i64>(), expected);
                    assert_eq!(
                        out.eligible.iter().filter(|e| **e).count() as u64,
                        explained.eligible
                    );
                    out.eligible.len()
                });
            },
        );
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
