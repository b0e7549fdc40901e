//! Arbitrary rosters under arbitrary valid policies: no panic, one decision per row,
//! the total equal to the sum of the rows, every row's total equal to its charges.
#![no_main]

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use iuran::{Policy, Roster};
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;

#[path = "shared/policies.rs"]
mod policies;
use policies::POLICIES;

const INCOME: [&str; 3] = ["minimum", "declared", "fixed"];

/// A compiled policy per key (`None`: the variant does not compile).
type Compiled = HashMap<[u8; 5], Option<Arc<Policy>>>;

/// Compiled policies, one per variant the first bytes can name (compiling one per run
/// would make the compiler, not the roster, the thing fuzzed).
fn policy(key: [u8; 5]) -> Option<Arc<Policy>> {
    static CACHE: OnceLock<Mutex<Compiled>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache.lock().expect("one fuzzing thread");
    cache
        .entry(key)
        .or_insert_with(|| {
            let mut spec = iuran::PolicySpec::from_toml(POLICIES[usize::from(key[0])])
                .expect("the example policies are valid");
            spec.coverage.months = Some(1 + u32::from(key[1]));
            let income = INCOME[usize::from(key[2])];
            spec.coverage.income = toml_enum(income);
            spec.coverage.income_amount = (income == "fixed").then(|| {
                Decimal::from(
                    1_000_000 + i64::from(key[3]) * 7_919_993 % iuran::limits::MAX_DECLARED_INCOME,
                )
            });
            if key[4] & 1 == 1 && !spec.coverage.programmes.contains(&iuran::Programme::Jht) {
                spec.coverage.programmes.push(iuran::Programme::Jht);
            }
            if key[4] & 2 == 2 {
                // Month by month, in the example's band or in 18–65.
                let band = spec.eligibility.age.get_or_insert(iuran::policy::AgeBand {
                    min: Some(18),
                    max: Some(65),
                    rule: iuran::policy::AgeRule::Monthly,
                    date: None,
                });
                band.rule = iuran::policy::AgeRule::Monthly;
                band.date = None;
            }
            let months = 1 + u32::from(key[1]);
            if key[4] & 4 == 4 && months >= 2 {
                // Two runs with a month's gap between them.
                let start = spec
                    .coverage
                    .start
                    .take()
                    .expect("the examples have a start");
                let first = months / 2;
                spec.coverage.months = None;
                spec.coverage.blocks = vec![
                    iuran::policy::Block {
                        start,
                        months: first,
                    },
                    iuran::policy::Block {
                        start: start.plus(first as i32 + 1),
                        months: months - first,
                    },
                ];
            }
            Policy::compile(spec).ok().map(Arc::new) // months beyond the rate table's rows
        })
        .clone()
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 5 {
        return;
    }
    // The first bytes vary the policy: which example, months, income basis, JHT, the
    // monthly age rule, two coverage blocks (and, below, the roster's optional columns).
    let key = [
        data[0] % POLICIES.len() as u8,
        (u32::from(data[1]) % iuran::limits::MAX_MONTHS) as u8,
        data[2] % INCOME.len() as u8,
        // An amount only matters for a fixed income: fewer distinct policies to hold.
        if INCOME[usize::from(data[2] % INCOME.len() as u8)] == "fixed" {
            data[3] % 4
        } else {
            0
        },
        data[4] & 7,
    ];
    let Some(policy) = policy(key) else {
        return;
    };
    let mut csv = b"nik,name,birth_date,sex,regency,district,sector,declared_income,active_member,welfare_decile".to_vec();
    if data[4] & 8 == 8 {
        // The optional columns too: DTSEN registration and the worker's own months.
        csv.extend_from_slice(b",dtsen,cover_from,cover_to");
    }
    csv.push(b'\n');
    csv.extend_from_slice(&data[5..]);
    let Ok(roster) = Roster::from_csv(&csv) else {
        return;
    };
    let result = policy
        .evaluate_roster(&roster)
        .expect("a read roster evaluates");
    assert_eq!(
        result.decisions.len(),
        roster.rows.len(),
        "rows in = rows out"
    );
    assert_eq!(result.summary.rows, roster.rows.len() as u64);
    let sum: Decimal = result.decisions.iter().map(|d| d.total_cost).sum();
    assert_eq!(result.summary.total_cost, sum, "total = sum of rows");
    for d in &result.decisions {
        let charges: Decimal = d.breakdown.iter().map(|c| c.amount).sum();
        assert_eq!(d.total_cost, charges, "a row's total = its charges");
        assert!(d.eligible || d.total_cost.is_zero());
    }
});

fn toml_enum(name: &str) -> iuran::policy::IncomeBasis {
    match name {
        "declared" => iuran::policy::IncomeBasis::Declared,
        "fixed" => iuran::policy::IncomeBasis::Fixed,
        _ => iuran::policy::IncomeBasis::Minimum,
    }
}
