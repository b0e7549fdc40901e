//! Invariants that hold for any input.

use iuran::{Decision, Policy, PolicySpec, Record, Roster};
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
                    let v = r.get(iuran::worker::Field::parse(f).unwrap()).unwrap_or_default();
                    format!("\"{}\"", v.replace('"', "\"\""))
                })
                .collect();
            csv.push_str(&cells.join(","));
            csv.push('\n');
        }
        let roster = Roster::from_csv(csv.as_bytes()).unwrap();
        let result = p.evaluate_roster(&roster).unwrap();
        // Every record is a row, blank ones included.
        prop_assert_eq!(result.decisions.len(), rs.len());
        let sum: Decimal = result.decisions.iter().map(|d| d.total_cost).sum();
        prop_assert_eq!(result.summary.total_cost, sum);
        let by_source: Decimal = result.summary.by_funding_source.values().map(|t| t.cost).sum();
        prop_assert_eq!(by_source, sum);
        let by_month: Decimal = result.summary.by_month.values().sum();
        prop_assert_eq!(by_month, sum);
        prop_assert_eq!(result.summary.eligible + result.summary.ineligible, result.summary.rows);
        prop_assert_eq!(result.summary.eligible, result.decisions.iter().filter(|d| d.eligible).count() as u64);
        let mut by_reason = std::collections::BTreeMap::<String, u64>::new();
        for d in &result.decisions {
            let codes: std::collections::BTreeSet<&str> = d.reasons.iter().map(|r| r.code.as_str()).collect();
            for c in codes { *by_reason.entry(c.to_owned()).or_default() += 1; }
        }
        prop_assert_eq!(&by_reason, &result.summary.by_reason);
        for d in &result.decisions { check_cost(d)?; }
    }

    #[test]
    fn decisions_round_trip_through_json(p in any_policy(), r in any_record()) {
        let d = p.evaluate_record(&r).unwrap();
        let json = serde_json::to_string(&d).unwrap();
        // Money stays exact text. Reasons echo what the roster said (an income of
        // `.0` is shown as written), so they are left out of this check.
        let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let object = value.as_object_mut().unwrap();
        object.remove("reasons");
        object.remove("excluded_months");
        let money = value.to_string();
        prop_assert!(!money.contains("e+") && !money.contains(".0\""), "money stays exact text: {}", money);
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
            let out = roster.write_csv(&p).unwrap();
            let back = Roster::from_csv(&out).unwrap();
            prop_assert_eq!(back.rows.len(), roster.rows.len());
            let width = roster.headers.len();
            for (a, b) in back.rows.iter().zip(&roster.rows) {
                // Rectangular: the header's cells, the decision columns, the extra cells.
                prop_assert_eq!(a.cells.len(), width + iuran::roster::OUTPUT_COLUMNS.len() + 1);
                let kept = b.cells.len().min(width);
                prop_assert_eq!(&a.cells[..kept], &b.cells[..kept]);
                prop_assert!(a.cells[kept..width].iter().all(String::is_empty));
                let extra = b.cells.get(width..).map(|c| c.join(",")).unwrap_or_default();
                prop_assert_eq!(a.cells.last().unwrap(), &extra);
            }
        }
    }
}

mod bulk {
    use super::*;
    use iuran::batch::{Amounts, Bitmap, Columns, Dates, Flags, Ints, Strings};
    const FIELDS: [&str; iuran::worker::Field::NAMES.len()] = iuran::worker::Field::NAMES;

    /// `welfare`: 0 no welfare rule, 1 `max_welfare_decile`, 2 `require_dtsen`, 3 both.
    fn policy_with(districts: bool, welfare: u8, rule: &str, budgets: bool) -> Policy {
        let districts = if districts {
            r#"districts = { exclude = ["332899", "Slawi"] }"#
        } else {
            ""
        };
        let decile = if welfare & 1 != 0 {
            "max_welfare_decile = 4"
        } else {
            ""
        };
        let dtsen = if welfare & 2 != 0 {
            "require_dtsen = true"
        } else {
            ""
        };
        let (b1, b2) = if budgets {
            (r#"budget = "400000""#, r#"budget = "300000""#)
        } else {
            ("", "")
        };
        let months = if rule == MONTHLY {
            r#"blocks = [{ start = "2026-02", months = 2 }, { start = "2026-05", months = 4 }]"#
        } else {
            r#"start = "2026-02", months = 6"#
        };
        Policy::from_toml(&format!(
            r#"
            id = "p"
            name = "bulk"
            regency = "3328"
            fiscal_year = 2026
            coverage = {{ {months}, income = "declared" }}
            [eligibility]
            age = {{ min = 30, max = 60, rule = "{rule}" }}
            groups = ["tobacco", "agriculture", "transport", "fisheries"]
            {districts}
            {decile}
            {dtsen}
            [[funding]]
            id = "dbhcht"
            kind = "DBHCHT"
            groups = ["tobacco"]
            {b1}
            [[funding]]
            id = "csr"
            kind = "CSR"
            groups = ["transport", "agriculture", "tobacco"]
            {b2}
            [allocation]
            priority = [["ojol"], ["tobacco"]]
            tie_break = ["older_first", "lower_decile_first"]
            "#
        ))
        .unwrap()
    }

    /// The `on_date` rule as a value of the templates' `rule = "{rule}"`: it closes the
    /// string and adds the date (a day before the edge policies' coverage starts).
    const ON_DATE: &str = "on_date\", date = \"2024-12-31";
    /// Month by month, over two blocks of months with a gap.
    const MONTHLY: &str = "monthly";

    fn any_bulk_policy() -> impl Strategy<Value = Policy> {
        (
            any::<bool>(),
            0u8..4,
            prop::sample::select(vec!["at_start", "throughout", ON_DATE, MONTHLY]),
            any::<bool>(),
        )
            .prop_map(|(d, w, r, b)| policy_with(d, w, r, b))
    }

    fn unbudgeted_policy() -> impl Strategy<Value = Policy> {
        (
            any::<bool>(),
            0u8..4,
            prop::sample::select(vec!["at_start", "throughout", ON_DATE, MONTHLY]),
        )
            .prop_map(|(d, w, r)| policy_with(d, w, r, false))
    }

    fn row() -> impl Strategy<Value = Vec<String>> {
        (
            prop_oneof![
                3 => (0u32..40, 1960u32..2000).prop_map(|(s, y)| format!("33280112{:02}{:02}{:04}", 3, y % 100, s + 1)),
                1 => prop::sample::select(vec!["", "3328011203700001", "33280112037", "x"]).prop_map(String::from),
            ],
            prop_oneof![
                3 => (1960u32..2000, 1u32..13, 1u32..29).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
                1 => prop::sample::select(vec!["", "31-02-1970", "12-03-1970", "1970-03-12"]).prop_map(String::from),
            ],
            prop::sample::select(vec!["L", "P", "", "?"]),
            prop::sample::select(vec!["3328", "33.28", "3376", ""]),
            prop::sample::select(vec!["332801", "33.28.99", "slawi", ""]),
            prop::sample::select(vec!["Petani Tembakau", "ojol", "Nelayan", "Petani Padi", "Guru Ngaji", "Wiraswasta", ""]),
            prop::sample::select(vec!["", "750000", "1234567", "2.500.000", "abc"]),
            prop::sample::select(vec!["ya", "tidak", "", "??"]),
            prop::sample::select(vec!["1", "4", "9", "", "11"]),
            prop::sample::select(vec!["ya", "tidak", "", "??"]),
            prop::sample::select(vec!["", "", "", "2026-03", "2026-01", "bad", "2026-06"]),
            prop::sample::select(vec!["", "", "", "2026-05", "2026-09", "2026-04"]),
        )
            .prop_map(|(a, b, c, d, e, f, g, h, i, j, k, l)| {
                vec![a, String::new(), b, c.into(), d.into(), e.into(), f.into(), g.into(), h.into(), i.into(), j.into(), k.into(), l.into()]
            })
    }

    /// The issue-6 rules (age 55–65 on 2025-01-01, six sectors, regency 3323, not a
    /// member), 12 months, with a rule, the NIK required or not, and budgets or not.
    fn edge_policy(rule: &str, require_nik: bool, budgets: bool) -> Policy {
        let (b1, b2) = if budgets {
            (r#"budget = "2000000""#, r#"budget = "1500000""#)
        } else {
            ("", "")
        };
        Policy::from_toml(&format!(
            r#"
            id = "edge"
            name = "edges"
            regency = "3323"
            fiscal_year = 2025
            coverage = {{ start = "2025-01", months = 12, income = "declared" }}
            [eligibility]
            require_nik = {require_nik}
            age = {{ min = 55, max = 65, rule = "{rule}" }}
            sectors = ["tobacco_farmer", "clove_farmer", "tobacco_farm_labourer", "cigarette_factory_worker", "food_crop_farmer", "fisher"]
            [[funding]]
            id = "dbhcht"
            kind = "DBHCHT"
            sectors = ["tobacco_farmer", "clove_farmer", "tobacco_farm_labourer", "cigarette_factory_worker"]
            {b1}
            [[funding]]
            id = "apbd"
            kind = "APBD"
            {b2}
            "#
        ))
        .unwrap()
    }

    /// One typed row: (birth date or null, sex key or null, sector key (7 = not in the
    /// dictionary) or null, regency key or null, income or null, member, NIK choice).
    type EdgeRow = (
        Option<(i16, i8, i8)>,
        Option<i32>,
        Option<i32>,
        Option<i32>,
        Option<i64>,
        bool,
        (u8, usize),
    );

    fn edge_row() -> impl Strategy<Value = EdgeRow> {
        let edge = prop::sample::select(vec![
            (1958, 12, 31),
            (1959, 1, 1),
            (1959, 1, 2),
            (1959, 12, 31),
            (1960, 1, 1),
            (1969, 12, 31),
            (1970, 1, 1),
            (1970, 1, 2),
            (1970, 12, 31),
            (1964, 2, 29),
            (2025, 1, 1),
            (2025, 1, 2),
            (1850, 1, 1),
        ]);
        let any_date = (1940i16..2010, 1i8..13, 1i8..29).prop_map(|(y, m, d)| (y, m, d));
        (
            prop::option::weighted(0.9, prop_oneof![2 => edge, 1 => any_date]),
            prop::option::weighted(0.9, 0i32..3),
            prop::option::weighted(0.9, 0i32..8),
            prop::option::weighted(0.9, 0i32..2),
            prop::option::weighted(0.8, prop_oneof![0i64..3_000_000, Just(-5i64)]),
            any::<bool>(),
            (0u8..9, 0usize..100),
        )
    }

    /// Columns of edge rows, owned.
    struct EdgeRoster {
        n: usize,
        days: Vec<i32>,
        born: Vec<u8>,
        sex: Vec<i32>,
        sex_valid: Vec<u8>,
        sector: Vec<i32>,
        sector_valid: Vec<u8>,
        regency: Vec<i32>,
        regency_valid: Vec<u8>,
        income: Vec<i64>,
        income_valid: Vec<u8>,
        member: Vec<u8>,
        niks: Vec<Option<String>>,
    }

    impl EdgeRoster {
        fn new(rows: &[EdgeRow]) -> Self {
            let len = rows.len();
            let bits = || vec![0u8; len.div_ceil(8)];
            let mut e = EdgeRoster {
                n: len,
                days: Vec::new(),
                born: bits(),
                sex: Vec::new(),
                sex_valid: bits(),
                sector: Vec::new(),
                sector_valid: bits(),
                regency: Vec::new(),
                regency_valid: bits(),
                income: Vec::new(),
                income_valid: bits(),
                member: bits(),
                niks: Vec::new(),
            };
            let epoch = jiff::civil::Date::constant(1970, 1, 1);
            let set = |v: &mut Vec<u8>, i: usize, on: bool| {
                if on {
                    v[i / 8] |= 1 << (i % 8);
                }
            };
            for (i, (birth, sex, sector, regency, income, member, (nik, pick))) in
                rows.iter().enumerate()
            {
                let date = birth
                    .map(|(year, month, day)| jiff::civil::Date::new(year, month, day).unwrap());
                e.days
                    .push(date.map_or(0, |d| d.since(epoch).unwrap().get_days()));
                set(&mut e.born, i, birth.is_some());
                e.sex.push(sex.unwrap_or(0));
                set(&mut e.sex_valid, i, sex.is_some());
                e.sector.push(sector.unwrap_or(0));
                set(&mut e.sector_valid, i, sector.is_some());
                e.regency.push(regency.unwrap_or(0));
                set(&mut e.regency_valid, i, regency.is_some());
                e.income.push(income.unwrap_or(0));
                set(&mut e.income_valid, i, income.is_some());
                set(&mut e.member, i, *member);
                let (year, month, day) = birth.unwrap_or((1965, 6, 15));
                let female = *sex == Some(1);
                let good = format!(
                    "332301{:02}{:02}{:02}{:04}",
                    day + if female { 40 } else { 0 },
                    month,
                    year.rem_euclid(100),
                    1 + pick % 50
                );
                let earlier = |k: usize| e.niks.get(k % i.max(1)).cloned().flatten();
                e.niks.push(match nik {
                    0..=2 => Some(good),
                    3 => None,
                    4 => Some(String::from("  ")),
                    5 => Some(format!("{}.{}", &good[..6], &good[6..])),
                    6 => Some(format!("99{}", &good[2..])),
                    7 => Some(String::from(
                        [
                            "3323011203700001",
                            "33230112037",
                            " x ",
                            "'3323014503700002",
                        ][pick % 4],
                    )),
                    _ => earlier(*pick).or(Some(good)),
                });
            }
            e
        }

        fn nik_refs(&self) -> Vec<Option<&str>> {
            self.niks.iter().map(|s| s.as_deref()).collect()
        }

        fn columns<'a>(&'a self, niks: &'a [Option<&'a str>]) -> Columns<'a> {
            const SEXES: &[Option<&str>] = &[Some("L"), Some("P"), Some("?")];
            const SECTORS: &[Option<&str>] = &[
                Some("Petani Tembakau"),
                Some("Nelayan"),
                Some(" Buruh Pabrik Rokok "),
                Some("Pedagang"),
                Some("Astronot"),
                Some(""),
                None,
            ];
            const REGENCIES: &[Option<&str>] = &[Some("3323"), Some("33.24")];
            let bitmap = |bits: &'a [u8]| Some(Bitmap { bits, offset: 0 });
            Columns {
                len: self.n,
                nik: Some(Strings::Slice(niks)),
                birth_date: Some(Dates::Days {
                    days: &self.days,
                    validity: bitmap(&self.born),
                }),
                sex: Some(Strings::Dictionary {
                    keys: self.sex[..].into(),
                    values: Box::new(Strings::Slice(SEXES)),
                    validity: bitmap(&self.sex_valid),
                }),
                regency: Some(Strings::Dictionary {
                    keys: self.regency[..].into(),
                    values: Box::new(Strings::Slice(REGENCIES)),
                    validity: bitmap(&self.regency_valid),
                }),
                sector: Some(Strings::Dictionary {
                    keys: self.sector[..].into(),
                    values: Box::new(Strings::Slice(SECTORS)),
                    validity: bitmap(&self.sector_valid),
                }),
                declared_income: Some(Amounts::Int64 {
                    values: &self.income,
                    validity: bitmap(&self.income_valid),
                }),
                active_member: Some(Flags::Bits {
                    values: Bitmap {
                        bits: &self.member,
                        offset: 0,
                    },
                    validity: None,
                }),
                ..Columns::default()
            }
        }
    }

    fn text_columns<'a>(n: usize, cells: &'a [Vec<Option<&'a str>>]) -> Columns<'a> {
        Columns::from_text(n, std::array::from_fn(|f| Some(cells[f].as_slice())))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// The bulk path and the explained path agree on every row of random rosters.
        #[test]
        fn bulk_agrees_with_explained(p in any_bulk_policy(), rows in prop::collection::vec(row(), 1..60)) {
            let mut csv = FIELDS.join(",");
            csv.push('\n');
            for r in &rows {
                csv.push_str(&r.join(","));
                csv.push('\n');
            }
            let roster = Roster::from_csv(csv.as_bytes()).unwrap();
            let explained = p.evaluate_roster(&roster).unwrap();
            let cells: Vec<Vec<Option<&str>>> = (0..FIELDS.len())
                .map(|f| roster.rows.iter().map(|r| r.cells.get(f).map(String::as_str)).collect())
                .collect();
            let columns = text_columns(roster.rows.len(), &cells);
            let bulk = p.evaluate_columns(&columns).unwrap();
            for (i, d) in explained.decisions.iter().enumerate() {
                prop_assert_eq!(bulk.eligible[i], d.eligible, "row {}", i);
                let position = d.reasons.iter().find(|r| r.code == iuran::ReasonCode::BudgetExhausted).map(|r| r.context["position"].parse::<u32>().unwrap());
                prop_assert_eq!(bulk.waiting_position[i], position, "row {}", i);
                prop_assert_eq!(bulk.reasons[i].to_string(), d.reason_codes(), "row {}", i);
                prop_assert_eq!(Decimal::from(bulk.total_cost[i]), d.total_cost, "row {}", i);
                prop_assert_eq!(Decimal::from(bulk.monthly_contribution[i]), d.monthly_contribution, "row {}", i);
                prop_assert_eq!(bulk.months[i], d.months);
                // The charges shown are the months paid for, and add up to the cost.
                let charged: Decimal = d.breakdown.iter().map(|c| c.amount).sum();
                prop_assert_eq!(charged, d.total_cost, "row {}", i);
                let mut months: Vec<_> = d.breakdown.iter().map(|c| c.month).collect();
                months.dedup();
                prop_assert_eq!(months.len() as u32, d.months, "row {}", i);
                prop_assert_eq!(bulk.covered_months[i].count_ones(), d.months, "row {}", i);
                let source = bulk.funding_source[i].map(|s| p.spec().funding[usize::from(s)].id.clone());
                prop_assert_eq!(&source, &d.funding_source);
                let sector = bulk.sector[i].map(|s| p.taxonomy().sector(s).code.clone());
                prop_assert_eq!(&sector, &d.sector);
            }
            prop_assert_eq!(p.summarize(&columns, &bulk), explained.summary);
        }

        /// The columnar fast path and the explained per-worker path agree on random
        /// typed rosters: birth dates on the age band's edges (1 January, 31 December),
        /// nulls in every column, unknown sectors, good, bad and duplicated NIKs, with
        /// and without budgets; and a reused outcome gives what a fresh one does.
        #[test]
        fn typed_rosters_agree_on_the_edges(
            rule in prop::sample::select(vec!["at_start", "throughout", ON_DATE]),
            require_nik in any::<bool>(),
            budgets in any::<bool>(),
            rows in prop::collection::vec(edge_row(), 1..80),
            dirty in prop::collection::vec(edge_row(), 0..100),
        ) {
            let p = edge_policy(rule, require_nik, budgets);
            let a = EdgeRoster::new(&rows);
            let a_niks = a.nik_refs();
            let columns = a.columns(&a_niks);
            let bulk = p.evaluate_columns(&columns).unwrap();
            // Explained: the same rows as text, through the roster reader.
            let mut csv = String::from("nik,birth_date,sex,regency,sector,declared_income,active_member\n");
            for i in 0..rows.len() {
                let r = columns.record(i);
                let cells = [&r.nik, &r.birth_date, &r.sex, &r.regency, &r.sector, &r.declared_income, &r.active_member];
                let line: Vec<&str> = cells.iter().map(|c| c.as_deref().unwrap_or("")).collect();
                csv.push_str(&line.join(","));
                csv.push('\n');
            }
            let explained = p.evaluate_roster(&Roster::from_csv(csv.as_bytes()).unwrap()).unwrap();
            for (i, d) in explained.decisions.iter().enumerate() {
                prop_assert_eq!(bulk.eligible[i], d.eligible, "row {}", i);
                prop_assert_eq!(bulk.reasons[i].to_string(), d.reason_codes(), "row {}: {:?}", i, columns.record(i));
                prop_assert_eq!(Decimal::from(bulk.total_cost[i]), d.total_cost, "row {}", i);
                prop_assert_eq!(Decimal::from(bulk.monthly_contribution[i]), d.monthly_contribution, "row {}", i);
                prop_assert_eq!(bulk.months[i], d.months, "row {}", i);
                let source = bulk.funding_source[i].map(|s| p.spec().funding[usize::from(s)].id.clone());
                prop_assert_eq!(&source, &d.funding_source, "row {}", i);
            }
            prop_assert_eq!(p.summarize(&columns, &bulk), explained.summary);
            // A reused outcome, dirty from another roster, gives the same answers.
            let b = EdgeRoster::new(&dirty);
            let b_niks = b.nik_refs();
            let mut out = p.evaluate_columns(&b.columns(&b_niks)).unwrap();
            p.evaluate_columns_into(&columns, &mut out).unwrap();
            prop_assert_eq!(&out, &bulk);
        }

        /// Typed Arrow-like columns read the same as their text.
        #[test]
        fn typed_columns_read_like_text(
            p in unbudgeted_policy(),
            rows in prop::collection::vec(
                (0i32..20_000, any::<bool>(), -5i64..3_000_000, 0i64..12, any::<bool>(), any::<bool>(), 0usize..3),
                1..40,
            ),
        ) {
            let n = rows.len();
            let days: Vec<i32> = rows.iter().map(|r| -r.0 - 3000).collect();
            let mut valid = vec![0u8; n.div_ceil(8)];
            let mut member = vec![0u8; n.div_ceil(8)];
            for (i, r) in rows.iter().enumerate() {
                if r.1 { valid[i / 8] |= 1 << (i % 8); }
                if r.4 { member[i / 8] |= 1 << (i % 8); }
            }
            let income: Vec<i64> = rows.iter().map(|r| r.2).collect();
            let deciles: Vec<i64> = rows.iter().map(|r| r.3).collect();
            let incomes_dec: Vec<i128> = rows.iter().map(|r| i128::from(r.2) * 100 + if r.5 { 0 } else { 50 }).collect();
            let niks: Vec<String> = (0..n).map(|i| format!("33280112037{:01}{:04}", 0, i + 1)).collect();
            let nik_refs: Vec<Option<&str>> = niks.iter().map(|s| Some(s.as_str())).collect();
            let sectors = ["Petani Tembakau", "ojol", "Petani Padi"];
            let sector_keys: Vec<i32> = rows.iter().map(|r| r.6 as i32).collect();
            let sector_values: Vec<Option<&str>> = sectors.iter().map(|s| Some(*s)).collect();
            let regency: Vec<Option<&str>> = vec![Some("3328"); n];
            let columns = Columns {
                len: n,
                nik: Some(Strings::Slice(&nik_refs)),
                birth_date: Some(Dates::Days { days: &days, validity: Some(Bitmap { bits: &valid, offset: 0 }) }),
                regency: Some(Strings::Slice(&regency)),
                sector: Some(Strings::Dictionary { keys: sector_keys[..].into(), values: Box::new(Strings::Slice(&sector_values)), validity: None }),
                declared_income: Some(if rows[0].5 {
                    Amounts::Int64 { values: &income, validity: None }
                } else {
                    Amounts::Decimal128 { values: &incomes_dec, scale: 2, validity: None }
                }),
                active_member: Some(Flags::Bits { values: Bitmap { bits: &member, offset: 0 }, validity: None }),
                welfare_decile: Some(Ints::Int64 { values: &deciles, validity: None }),
                ..Columns::default()
            };
            let bulk = p.evaluate_columns(&columns).unwrap();
            for i in 0..n {
                let d = p.evaluate_record(&columns.record(i)).unwrap();
                prop_assert_eq!(bulk.reasons[i].to_string(), d.reason_codes(), "row {}: {:?}", i, columns.record(i));
                prop_assert_eq!(Decimal::from(bulk.total_cost[i]), d.total_cost, "row {}", i);
            }
        }
    }
}

mod planning {
    use super::*;

    /// A small, valid BNBA workbook.
    fn workbook() -> &'static [u8] {
        static BOOK: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
        BOOK.get_or_init(|| {
            let mut book = rust_xlsxwriter::Workbook::new();
            let sheet = book.add_worksheet();
            for (c, h) in ["NIK", "Tanggal Lahir", "Kode Kabupaten", "Pekerjaan"]
                .iter()
                .enumerate()
            {
                sheet.write_string(0, c as u16, *h).unwrap();
            }
            sheet.write_number(1, 0, 3_328_011_203_700_001.0).unwrap();
            sheet.write_string(1, 1, "12 Maret 1970").unwrap();
            sheet.write_number(1, 2, 3328.0).unwrap();
            sheet.write_string(1, 3, "Petani Tembakau").unwrap();
            book.save_to_buffer().unwrap()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// `capacity(budget)` workers fit in the budget; one more does not.
        #[test]
        fn capacity_is_exactly_what_fits(p in any_policy(), budget in 0u64..50_000_000_000) {
            let budget = Decimal::from(budget);
            let Ok(c) = p.capacity(budget, None, None) else { return Ok(()) };
            prop_assert!(c.spent <= budget);
            prop_assert!(c.spent + c.cost.total > budget);
            prop_assert_eq!(c.spent + c.unspent, budget);
            let r = p.requirement(c.workers, None, None).unwrap();
            prop_assert_eq!(r.budget, c.spent);
            let by_month: Decimal = r.by_month.values().sum();
            prop_assert_eq!(by_month, r.budget);
        }

        /// A schedule's months and tranches both add up to the roster's total.
        #[test]
        fn schedules_add_up(p in any_policy(), rs in prop::collection::vec(any_record(), 0..30), tranches in 1u32..6) {
            let mut csv = String::from("nik,birth_date,sex,regency,sector,declared_income,active_member\n");
            for r in &rs {
                let cells: Vec<String> = ["nik", "birth_date", "sex", "regency", "sector", "declared_income", "active_member"]
                    .iter()
                    .map(|f| format!("\"{}\"", r.get(iuran::worker::Field::parse(f).unwrap()).unwrap_or_default().replace('"', "\"\"")))
                    .collect();
                csv.push_str(&cells.join(","));
                csv.push('\n');
            }
            let summary = p.evaluate_roster(&Roster::from_csv(csv.as_bytes()).unwrap()).unwrap().summary;
            let Ok(s) = p.schedule(&summary, Some(tranches)) else {
                prop_assert!(tranches as usize > p.months().len());
                return Ok(());
            };
            prop_assert_eq!(s.total, summary.total_cost);
            let months: Decimal = s.months.iter().map(|m| m.total).sum();
            let blocks: Decimal = s.tranches.iter().map(|m| m.total).sum();
            prop_assert_eq!(months, summary.total_cost);
            prop_assert_eq!(blocks, summary.total_cost);
            prop_assert_eq!(s.tranches.len() as u32, tranches);
        }

        /// Arbitrary bytes as a workbook, and real workbooks with bytes flipped, give an
        /// error or a roster, never a panic.
        #[test]
        fn damaged_workbooks_never_panic(
            mut bytes in prop::collection::vec(any::<u8>(), 0..600),
            flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        ) {
            bytes.splice(0..0, *b"PK\x03\x04");
            let _ = Roster::from_bytes(&bytes);
            let mut book = workbook().to_vec();
            for (at, b) in flips {
                let i = at.index(book.len());
                book[i] = b;
            }
            let _ = Roster::from_bytes(&book);
        }
    }
}

/// Rosters longer than one kernel chunk, with bitmaps that start mid-byte: every row
/// agrees with the explained path, across chunk boundaries.
#[test]
fn long_rosters_agree_across_chunks() {
    for member_offset in [0, 3] {
        long_roster(member_offset);
    }
}

fn long_roster(member_offset: usize) {
    use iuran::batch::{Amounts, Bitmap, Columns, Dates, Flags, Strings};
    let p = Policy::from_toml(
        r#"
        id = "long"
        name = "long"
        regency = "3323"
        fiscal_year = 2025
        coverage = { start = "2025-01", months = 12, income = "declared" }
        [eligibility]
        require_nik = false
        age = { min = 55, max = 65 }
        sectors = ["tobacco_farmer", "fisher"]
        [[funding]]
        id = "apbd"
        kind = "APBD"
        "#,
    )
    .unwrap();
    let n = 40_000usize;
    let mut state = 7u64;
    let mut next = |m: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % m
    };
    // Days around the age band's edges (1959-12-31 is -3654, 1970-01-01 is 0).
    let days: Vec<i32> = (0..n)
        .map(|_| [-3654, -3653, -4018, -4019, 0, 1, -1, -9000][next(8) as usize])
        .collect();
    let sector: Vec<i32> = (0..n).map(|_| next(4) as i32 - 1).collect();
    let regency: Vec<i32> = (0..n).map(|_| next(2) as i32).collect();
    let income: Vec<i64> = (0..n).map(|_| next(3_000_000) as i64 - 1000).collect();
    let born_offset = 5;
    let mut born = vec![0u8; (n + born_offset).div_ceil(8)];
    let mut member = vec![0u8; (n + member_offset).div_ceil(8)];
    for i in 0..n {
        if next(10) != 0 {
            born[(i + born_offset) / 8] |= 1 << ((i + born_offset) % 8);
        }
        if next(4) == 0 {
            member[(i + member_offset) / 8] |= 1 << ((i + member_offset) % 8);
        }
    }
    let sectors = [Some("Petani Tembakau"), Some("Nelayan"), Some("Pedagang")];
    let regencies = [Some("3323"), Some("3324")];
    let columns = Columns {
        len: n,
        birth_date: Some(Dates::Days {
            days: &days,
            validity: Some(Bitmap {
                bits: &born,
                offset: born_offset,
            }),
        }),
        sector: Some(Strings::Dictionary {
            keys: sector[..].into(),
            values: Box::new(Strings::Slice(&sectors)),
            validity: None,
        }),
        regency: Some(Strings::Dictionary {
            keys: regency[..].into(),
            values: Box::new(Strings::Slice(&regencies)),
            validity: None,
        }),
        declared_income: Some(Amounts::Int64 {
            values: &income,
            validity: None,
        }),
        active_member: Some(Flags::Bits {
            values: Bitmap {
                bits: &member,
                offset: member_offset,
            },
            validity: None,
        }),
        ..Columns::default()
    };
    let bulk = p.evaluate_columns(&columns).unwrap();
    let mut eligible = 0;
    for i in 0..n {
        let d = p.evaluate_record(&columns.record(i)).unwrap();
        assert_eq!(bulk.reasons[i].to_string(), d.reason_codes(), "row {i}");
        assert_eq!(Decimal::from(bulk.total_cost[i]), d.total_cost, "row {i}");
        eligible += usize::from(d.eligible);
    }
    // Enough of both answers on every chunk for the comparison to mean something.
    assert!(eligible > 1000 && eligible < n - 1000, "{eligible}");
}

/// The monthly age rule, against the rule as written: a worker is covered in exactly
/// the policy's months on whose first day their age (as `age_on` counts it) is within
/// the band, and pays 16,800 for each (APBD: no discount); none, and they are not
/// eligible for their age.
mod monthly_age {
    use super::*;
    use iuran::worker::age_on;

    fn policy(blocks: bool) -> Policy {
        let coverage = if blocks {
            r#"{ blocks = [{ start = "2025-11", months = 3 }, { start = "2026-05", months = 8 }] }"#
        } else {
            r#"{ start = "2026-01", months = 12 }"#
        };
        Policy::from_toml(&format!(
            "id = \"m\"\nname = \"m\"\nregency = \"3328\"\nfiscal_year = 2026\ncoverage = {coverage}\n\
             [eligibility]\nrequire_nik = false\nage = {{ min = 18, max = 65, rule = \"monthly\" }}\n\
             [[funding]]\nid = \"apbd\"\nkind = \"APBD\"\n"
        ))
        .unwrap()
    }

    proptest! {
        #[test]
        fn covers_exactly_the_months_inside_the_band(
            year in 1958i16..2011,
            month in 1i8..13,
            day in 1i8..29,
            blocks in any::<bool>(),
        ) {
            let p = policy(blocks);
            let birth = jiff::civil::Date::new(year, month, day).unwrap();
            let worker = iuran::Worker {
                birth_date: Some(birth),
                regency: Some("3328".into()),
                sector: Some("Petani Padi".into()),
                ..iuran::Worker::default()
            };
            let d = p.evaluate(&worker).unwrap();
            let inside: Vec<iuran::YearMonth> = p
                .months()
                .iter()
                .copied()
                .filter(|m| (18..=65).contains(&age_on(birth, m.first_day())))
                .collect();
            if inside.is_empty() {
                prop_assert!(!d.eligible);
                prop_assert!(d.has(iuran::ReasonCode::AgeBelowMinimum) || d.has(iuran::ReasonCode::AgeAboveMaximum));
            } else {
                prop_assert!(d.eligible, "{:?}", d.reasons);
                prop_assert_eq!(d.months as usize, inside.len());
                prop_assert_eq!(d.total_cost, Decimal::from(16_800 * inside.len() as i64));
                let mut charged: Vec<iuran::YearMonth> = d.breakdown.iter().map(|c| c.month).collect();
                charged.dedup();
                prop_assert_eq!(charged, inside.clone());
                prop_assert_eq!(d.excluded_months.is_empty(), inside.len() == p.months().len());
            }
        }
    }
}
