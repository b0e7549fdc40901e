//! The indexed search gives the answers of the allocation as first written
//! ([`reference`](super::reference)) on random policies and rosters: several sources,
//! discounts for non-public payers, declared incomes, tiers and tie-breaks. (Optimality
//! against brute force is checked in `tests/allocation.rs`.)

use std::fmt::Write as _;

use jiff::civil::date;
use proptest::prelude::*;
use rust_decimal::Decimal;

use super::{Candidate, Placement};
use crate::Policy;
use crate::partition::Candidates;

/// Sectors: two farmers, a fisher, a transport worker (discounted on other dates).
const SECTORS: [&str; 5] = ["tobacco_farmer", "clove_farmer", "fisher", "ojol", "trader"];
const KINDS: [&str; 4] = ["DBHCHT", "CSR", "APBDes", "APBD"];
const RULES: [&str; 3] = ["older_first", "lower_decile_first", "roster_order"];

#[derive(Debug, Clone)]
struct SourceCase {
    kind: usize,
    public: Option<bool>,
    sectors: u8,
    budget: Option<u32>,
    max_workers: Option<u8>,
}

fn source() -> impl Strategy<Value = SourceCase> {
    (
        0..KINDS.len(),
        prop::option::of(any::<bool>()),
        1u8..32,
        prop::option::weighted(0.85, 0u32..400_000),
        prop::option::weighted(0.3, 1u8..12),
    )
        .prop_map(|(kind, public, sectors, budget, max_workers)| SourceCase {
            kind,
            public,
            sectors,
            budget,
            max_workers,
        })
}

fn policy(
    sources: &[SourceCase],
    months: u8,
    declared: bool,
    tiers: &[u8],
    rules: &[usize],
) -> Policy {
    let list = |mask: u8| {
        let codes: Vec<String> = (0..SECTORS.len())
            .filter(|b| mask & (1 << b) != 0)
            .map(|b| format!("\"{}\"", SECTORS[b]))
            .collect();
        codes.join(", ")
    };
    let mut toml = format!(
        "id = \"alloc\"\nname = \"allocation\"\nregency = \"3328\"\nfiscal_year = 2026\n\
         coverage = {{ start = \"2026-03\", months = {months}, income = \"{}\" }}\n",
        if declared { "declared" } else { "minimum" }
    );
    for (i, s) in sources.iter().enumerate() {
        write!(
            toml,
            "[[funding]]\nid = \"s{i}\"\nkind = \"{}\"\nsectors = [{}]\n",
            KINDS[s.kind],
            list(s.sectors)
        )
        .unwrap();
        // APBDes must say whether it is a public payer.
        if let Some(p) = s.public.or((KINDS[s.kind] == "APBDes").then_some(false)) {
            writeln!(toml, "public_payer = {p}").unwrap();
        }
        if let Some(amount) = s.budget {
            writeln!(toml, "budget = \"{amount}\"").unwrap();
        }
        if let Some(n) = s.max_workers {
            writeln!(toml, "max_workers = {n}").unwrap();
        }
    }
    if !tiers.is_empty() || !rules.is_empty() {
        toml += "[allocation]\n";
        if !tiers.is_empty() {
            let tiers: Vec<String> = tiers.iter().map(|m| format!("[{}]", list(*m))).collect();
            writeln!(toml, "priority = [{}]", tiers.join(", ")).unwrap();
        }
        let rules: Vec<String> = rules.iter().map(|r| format!("\"{}\"", RULES[*r])).collect();
        writeln!(toml, "tie_break = [{}]", rules.join(", ")).unwrap();
    }
    Policy::from_toml(&toml).unwrap_or_else(|e| panic!("{e}\n{toml}"))
}

/// Incomes: below the minimum, at it, equal costs from different incomes, distinct.
const INCOMES: [Option<u32>; 8] = [
    None,
    Some(400_000),
    Some(1_000_000),
    Some(1_000_050),
    Some(1_500_000),
    Some(2_000_000),
    Some(2_345_678),
    Some(3_100_000),
];

fn candidates(p: &Policy, raw: &[(usize, usize, u8, Option<u8>, usize)]) -> Vec<Candidate> {
    raw.iter()
        .enumerate()
        .map(
            |(i, &(sector, income, born, decile, row_jitter))| Candidate {
                // Mostly roster order; now and then a repeated row.
                row: if row_jitter == 0 { i / 2 } else { i },
                sector: p.taxonomy().sector_by_code(SECTORS[sector]).unwrap(),
                birth_date: (born > 0).then(|| date(1960 + i16::from(born % 4), 1, 1)),
                welfare_decile: decile,
                declared_income: INCOMES[income].map(Decimal::from),
                months: u64::MAX,
            },
        )
        .collect()
}

fn tiers_and_rules() -> impl Strategy<Value = (Vec<u8>, Vec<usize>)> {
    (
        prop::collection::vec(1u8..32, 0..3),
        prop::collection::vec(0..RULES.len(), 0..4),
    )
}

fn roster() -> impl Strategy<Value = Vec<(usize, usize, u8, Option<u8>, usize)>> {
    prop::collection::vec(
        (
            0..SECTORS.len(),
            0..INCOMES.len(),
            0u8..5,
            prop::option::of(1u8..=10),
            0usize..8,
        ),
        1..60,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn the_indexed_search_gives_the_answers_of_the_first_allocation(
        sources in prop::collection::vec(source(), 1..5),
        months in 1u8..4,
        declared in any::<bool>(),
        (tiers, rules) in tiers_and_rules(),
        raw in roster(),
    ) {
        let p = policy(&sources, months, declared, &tiers, &rules);
        let c = candidates(&p, &raw);
        prop_assert_eq!(p.allocate(&c), p.allocate_reference(&c));
    }
}

#[test]
fn the_same_answers_on_a_large_roster() {
    // Many workers, few places: long searches over many classes.
    let sources = [
        SourceCase {
            kind: 0,
            public: None,
            sectors: 0b00111,
            budget: Some(3_000_000),
            max_workers: None,
        },
        SourceCase {
            kind: 1,
            public: None,
            sectors: 0b11101,
            budget: Some(2_000_001),
            max_workers: None,
        },
        SourceCase {
            kind: 2,
            public: Some(false),
            sectors: 0b11010,
            budget: Some(1_500_000),
            max_workers: None,
        },
    ];
    let p = policy(&sources, 3, true, &[0b00001], &[0]);
    let raw: Vec<_> = (0..3_000usize)
        .map(|i| {
            (
                (i * 7 + i / 3) % SECTORS.len(),
                (i * 5 + i / 7) % INCOMES.len(),
                (i % 5) as u8,
                Some((i % 10) as u8 + 1),
                1,
            )
        })
        .collect();
    let c = candidates(&p, &raw);
    let ours = p.allocate(&c);
    assert_eq!(ours, p.allocate_reference(&c));
    assert!(ours.iter().any(|x| matches!(x, Placement::Waiting { .. })));
    assert!(
        (0..3).all(|s| ours.contains(&Placement::Funded { source: s })),
        "every source pays someone"
    );
}

fn farmer_policy(budget: &str) -> Policy {
    Policy::from_toml(&format!(
        "id = \"a\"\nname = \"a\"\nregency = \"3328\"\nfiscal_year = 2025\n\
         coverage = {{ start = \"2025-09\", months = 4 }}\n\
         [[funding]]\nid = \"dbhcht\"\nkind = \"DBHCHT\"\nbudget = \"{budget}\"\n"
    ))
    .unwrap()
}

fn farmers(p: &Policy, n: usize) -> Vec<Candidate> {
    let sector = p.taxonomy().sector_by_code("tobacco_farmer").unwrap();
    (0..n)
        .map(|row| Candidate {
            row,
            sector,
            birth_date: None,
            welfare_decile: None,
            declared_income: None,
            months: u64::MAX,
        })
        .collect()
}

fn funded(placements: &[Placement]) -> usize {
    placements
        .iter()
        .filter(|p| matches!(p, Placement::Funded { .. }))
        .count()
}

#[test]
fn the_largest_budget_funds_everyone() {
    // Rp 10^15, the most a policy may state; larger budgets are refused at the door.
    let p = farmer_policy(&crate::limits::MAX_BUDGET.to_string());
    assert_eq!(funded(&p.allocate(&farmers(&p, 1_000))), 1_000);
    let e = Policy::from_toml(&format!(
        "id = \"a\"\nname = \"a\"\nregency = \"3328\"\nfiscal_year = 2025\n\
         coverage = {{ start = \"2025-09\", months = 4 }}\n\
         [[funding]]\nid = \"dbhcht\"\nkind = \"DBHCHT\"\nbudget = \"{}\"\n",
        Decimal::MAX
    ))
    .unwrap_err();
    assert!(e.to_string().contains("funding[0].budget"), "{e}");
}

#[test]
fn a_budget_one_rupiah_short_leaves_the_last_worker_waiting() {
    // Four months at 16,800: 67,200 a farmer. 134,399 pays for one, 134,400 for two.
    let p = farmer_policy("134399");
    assert_eq!(
        p.allocate(&farmers(&p, 3)),
        [
            Placement::Funded { source: 0 },
            Placement::Waiting { position: 1 },
            Placement::Waiting { position: 2 },
        ]
    );
    let p = farmer_policy("134400");
    assert_eq!(funded(&p.allocate(&farmers(&p, 3))), 2);
    let p = farmer_policy("0");
    assert_eq!(funded(&p.allocate(&farmers(&p, 3))), 0);
}

#[test]
fn a_sector_no_source_pays_for_waits() {
    let p = Policy::from_toml(
        "id = \"a\"\nname = \"a\"\nregency = \"3328\"\nfiscal_year = 2025\n\
         coverage = { start = \"2025-09\", months = 4 }\n\
         [eligibility]\nsectors = [\"tobacco_farmer\"]\n\
         [[funding]]\nid = \"dbhcht\"\nkind = \"DBHCHT\"\nbudget = \"1000000\"\n",
    )
    .unwrap();
    let mut c = farmers(&p, 2);
    c[0].sector = p.taxonomy().sector_by_code("fisher").unwrap();
    assert_eq!(
        p.allocate(&c),
        [
            Placement::Waiting { position: 1 },
            Placement::Funded { source: 0 }
        ]
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn parts_in_any_order_are_allocated_as_one_roster(
        sources in prop::collection::vec(source(), 1..4),
        declared in any::<bool>(),
        (tiers, rules) in tiers_and_rules(),
        raw in roster(),
        cuts in prop::collection::vec(0usize..60, 0..4),
        rotate in 0usize..5,
    ) {
        let p = policy(&sources, 2, declared, &tiers, &rules);
        // Distinct rows, in roster order: one evaluation's candidates.
        let mut c = candidates(&p, &raw);
        for (row, x) in c.iter_mut().enumerate() {
            x.row = row * 3;
        }
        let expected: Vec<(u64, Placement)> = c
            .iter()
            .map(|x| x.row as u64)
            .zip(p.allocate(&c))
            .collect();
        // The same candidates cut into parts, handed over in another order, one at a
        // time.
        let mut bounds: Vec<usize> = cuts.iter().map(|&k| k.min(c.len())).collect();
        bounds.extend([0, c.len()]);
        bounds.sort_unstable();
        let mut parts: Vec<Candidates> = bounds
            .windows(2)
            .map(|w| Candidates(c[w[0]..w[1]].to_vec()))
            .collect();
        let turn = rotate % parts.len();
        parts.rotate_left(turn);
        let placements = p.allocate_partitions(parts.into_iter()).unwrap();
        prop_assert_eq!(&placements.rows, &expected);
        let in_order: Vec<Placement> = expected.iter().map(|r| r.1).collect();
        prop_assert_eq!(placements.seats_full, p.seats_full(&in_order));
    }
}
