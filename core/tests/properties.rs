//! Invariants that hold for any input.

use iuran::{Decision, Policy, PolicySpec, Record, Roster, Summary};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn policy(programmes: &str, start: &str, months: u32, payer: &str) -> Policy {
    Policy::from_toml(&format!(
        r#"
        id = "p"
        name = "property"
        regency = "3328"
        fiscal_year = 2026
        [coverage]
        start = "{start}"
        months = {months}
        programmes = [{programmes}]
        income = "declared"
        [eligibility]
        age = {{ min = 18, max = 64 }}
        [[funding]]
        id = "src"
        kind = "{payer}"
        public_payer = false
        "#
    ))
    .unwrap()
}

fn any_policy() -> impl Strategy<Value = Policy> {
    (
        prop::sample::select(vec![
            r#""JKK", "JKM""#,
            r#""JKM""#,
            r#""JKK", "JKM", "JHT""#,
        ]),
        prop::sample::select(vec!["2025-01", "2025-11", "2026-02", "2026-11", "2027-02"]),
        1u32..=24,
        prop::sample::select(vec!["CSR", "APBD", "other"]),
    )
        .prop_map(|(p, s, m, f)| policy(p, s, m, f))
}

fn digits(n: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(0u8..10, n)
        .prop_map(|d| d.into_iter().map(|x| char::from(b'0' + x)).collect())
}

fn any_record() -> impl Strategy<Value = Record> {
    (
        prop_oneof![digits(16), digits(15), ".{0,20}"],
        prop_oneof![
            (1940i32..2015, 1u32..13, 1u32..29)
                .prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
            ".{0,12}"
        ],
        prop::sample::select(vec!["L", "P", "", "x"]),
        prop::sample::select(vec!["3328", "3376", "33.28", ""]),
        prop::sample::select(vec![
            "Ojek Online",
            "Petani Padi",
            "Nelayan",
            "Wiraswasta",
            "kurir",
            "",
        ]),
        prop_oneof![(0u64..20_000_000).prop_map(|n| n.to_string()), ".{0,8}"],
        prop::sample::select(vec!["ya", "tidak", "", "maybe"]),
    )
        .prop_map(
            |(nik, birth, sex, regency, sector, income, member)| Record {
                nik: Some(nik),
                birth_date: Some(birth),
                sex: Some(sex.into()),
                regency: Some(regency.into()),
                sector: Some(sector.into()),
                declared_income: Some(income),
                active_member: Some(member.into()),
                ..Record::default()
            },
        )
}

fn check_cost(d: &Decision) -> Result<(), TestCaseError> {
    prop_assert_eq!(d.eligible, d.reasons.is_empty());
    prop_assert!(d.total_cost >= Decimal::ZERO && d.monthly_contribution >= Decimal::ZERO);
    prop_assert!(
        d.breakdown
            .iter()
            .all(|c| c.amount >= Decimal::ZERO && c.amount.fract().is_zero())
    );
    let sum: Decimal = d.breakdown.iter().map(|c| c.amount).sum();
    prop_assert_eq!(d.total_cost, sum);
    if let Some(first) = d.breakdown.first() {
        let m: Decimal = d
            .breakdown
            .iter()
            .filter(|c| c.month == first.month)
            .map(|c| c.amount)
            .sum();
        prop_assert_eq!(d.monthly_contribution, m);
        prop_assert_eq!(d.breakdown.len() as u32 % d.months, 0);
    } else {
        prop_assert!(!d.eligible);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn cost_is_never_negative_and_total_is_the_sum_of_its_parts(p in any_policy(), r in any_record()) {
        let d = p.evaluate_record(&r).unwrap();
        check_cost(&d)?;
    }

    #[test]
    fn a_roster_total_is_the_sum_of_its_rows(p in any_policy(), rs in prop::collection::vec(any_record(), 0..40)) {
        let mut csv = String::from("nik,birth_date,sex,regency,sector,declared_income,active_member\n");
        for r in &rs {
            let cells: Vec<String> = ["nik", "birth_date", "sex", "regency", "sector", "declared_income", "active_member"]
                .iter()
                .map(|f| {
                    let v = r.get(f).unwrap_or_default();
                    format!("\"{}\"", v.replace('"', "\"\""))
                })
                .collect();
            csv.push_str(&cells.join(","));
            csv.push('\n');
        }
        let roster = Roster::from_csv(csv.as_bytes()).unwrap();
        let result = p.evaluate_roster(&roster).unwrap();
        let rows_with_content = rs.iter().filter(|r| ["nik", "birth_date", "sex", "regency", "sector", "declared_income", "active_member"].iter().any(|f| !r.get(f).unwrap_or_default().trim().is_empty())).count();
        prop_assert_eq!(result.decisions.len(), rows_with_content);
        let sum: Decimal = result.decisions.iter().map(|d| d.total_cost).sum();
        prop_assert_eq!(result.summary.total_cost, sum);
        let by_source: Decimal = result.summary.by_funding_source.values().map(|t| t.cost).sum();
        prop_assert_eq!(by_source, sum);
        let by_month: Decimal = result.summary.by_month.values().map(|a| a.0).sum();
        prop_assert_eq!(by_month, sum);
        prop_assert_eq!(result.summary.eligible + result.summary.ineligible, result.summary.rows);
        prop_assert_eq!(&Summary::of(&result.decisions), &result.summary);
        for d in &result.decisions { check_cost(d)?; }
    }

    #[test]
    fn decisions_round_trip_through_json(p in any_policy(), r in any_record()) {
        let d = p.evaluate_record(&r).unwrap();
        let json = serde_json::to_string(&d).unwrap();
        prop_assert!(!json.contains("e+") && !json.contains(".0\""), "money stays exact text: {}", json);
        let back: Decision = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, d);
    }

    #[test]
    fn policy_specs_round_trip(p in any_policy()) {
        let toml = p.spec().to_toml();
        prop_assert_eq!(&PolicySpec::from_toml(&toml).unwrap(), p.spec());
        let json = serde_json::to_string(p.spec()).unwrap();
        prop_assert_eq!(&PolicySpec::from_json(&json).unwrap(), p.spec());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = Roster::from_csv(&bytes);
        let text = String::from_utf8_lossy(&bytes);
        let _ = PolicySpec::from_toml(&text);
        let _ = PolicySpec::from_json(&text);
        let _ = Policy::from_toml(&text);
        let _ = iuran::RateTable::builtin().merged(&text);
    }

    #[test]
    fn arbitrary_csv_rows_are_all_kept(rows in prop::collection::vec("[a-z0-9,;\" ]{1,40}", 0..30)) {
        let mut csv = String::from("nik,birth_date,regency,sector\n");
        for r in &rows { csv.push_str(r); csv.push('\n'); }
        if let Ok(roster) = Roster::from_csv(csv.as_bytes()) {
            let p = policy(r#""JKK", "JKM""#, "2025-01", 12, "CSR");
            let result = p.evaluate_roster(&roster).unwrap();
            prop_assert_eq!(result.decisions.len(), roster.rows.len());
            let out = roster.write_csv(&result.decisions);
            let back = Roster::from_csv(&out).unwrap();
            prop_assert_eq!(back.rows.len(), roster.rows.len());
            for (a, b) in back.rows.iter().zip(&roster.rows) {
                prop_assert_eq!(&a.cells[..b.cells.len()], &b.cells[..]);
            }
        }
    }
}
