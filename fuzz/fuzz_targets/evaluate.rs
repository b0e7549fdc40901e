//! Arbitrary rosters under arbitrary valid policies: no panic, one decision per row,
//! the total equal to the sum of the rows, every row's total equal to its charges.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;

const POLICIES: [&str; 5] = [
    include_str!("../../examples/policies/tegal-2025.toml"),
    include_str!("../../examples/policies/jember-2025.toml"),
    include_str!("../../examples/policies/pemalang-2025.toml"),
    include_str!("../../examples/policies/temanggung-2025.toml"),
    include_str!("../../examples/policies/trenggalek-2025.toml"),
];

const INCOME: [&str; 3] = ["minimum", "declared", "fixed"];

fuzz_target!(|data: &[u8]| {
    if data.len() < 5 {
        return;
    }
    // The first bytes vary the policy: which example, months, income basis, JHT.
    let mut spec = iuran::PolicySpec::from_toml(POLICIES[usize::from(data[0]) % POLICIES.len()])
        .expect("the example policies are valid");
    spec.coverage.months = 1 + u32::from(data[1]) % iuran::limits::MAX_MONTHS;
    let income = INCOME[usize::from(data[2]) % INCOME.len()];
    spec.coverage.income = toml_enum(income);
    spec.coverage.income_amount = (income == "fixed").then(|| {
        Decimal::from(
            1_000_000 + i64::from(data[3]) * 7_919_993 % iuran::limits::MAX_DECLARED_INCOME,
        )
    });
    if data[4] & 1 == 1 && !spec.coverage.programmes.contains(&iuran::Programme::Jht) {
        spec.coverage.programmes.push(iuran::Programme::Jht);
    }
    let Ok(policy) = iuran::Policy::compile(spec) else {
        return; // months beyond the rate table's rows
    };
    let body = &data[5..];
    let mut csv = b"nik,name,birth_date,sex,regency,district,sector,declared_income,active_member,welfare_decile\n".to_vec();
    csv.extend_from_slice(body);
    let Ok(roster) = iuran::Roster::from_csv(&csv) else {
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
