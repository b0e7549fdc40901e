//! The packed rank keys order candidates as the whole key does (tier, tie-break keys,
//! row, index): on random candidates with every part at its extremes (no birth date,
//! the calendar's first and last days, no decile, decile 255, repeated rows, rows past
//! `i64::MAX`, rows out of order), every way of ranking gives the order of the
//! definition, worked out here from the candidates themselves.

use jiff::civil::{Date, date};
use proptest::prelude::*;

use super::Way;
use crate::Policy;
use crate::allocation::{Candidate, Kinds};

const SECTORS: [&str; 4] = ["tobacco_farmer", "clove_farmer", "fisher", "trader"];
const RULES: [&str; 3] = ["older_first", "lower_decile_first", "roster_order"];

fn policy(tiers: &[u8], rules: &[usize]) -> Policy {
    let list = |mask: u8| {
        let codes: Vec<String> = (0..SECTORS.len())
            .filter(|b| mask & (1 << b) != 0)
            .map(|b| format!("\"{}\"", SECTORS[b]))
            .collect();
        codes.join(", ")
    };
    let tiers: Vec<String> = tiers.iter().map(|m| format!("[{}]", list(*m))).collect();
    let rules: Vec<String> = rules.iter().map(|r| format!("\"{}\"", RULES[*r])).collect();
    let toml = format!(
        "id = \"rank\"\nname = \"rank\"\nregency = \"3328\"\nfiscal_year = 2026\n\
         coverage = {{ start = \"2026-03\", months = 2 }}\n\
         [[funding]]\nid = \"s\"\nkind = \"DBHCHT\"\nsectors = [{}]\nbudget = \"100000\"\n\
         [allocation]\npriority = [{}]\ntie_break = [{}]\n",
        list(0b0111),
        tiers.join(", "),
        rules.join(", ")
    );
    Policy::from_toml(&toml).unwrap_or_else(|e| panic!("{e}\n{toml}"))
}

/// The rank key as first defined (the reference allocation's): tier, each rule's key
/// (repeats included: a repeat never decides), row; then the index.
fn definition(p: &Policy, c: &Candidate, index: usize) -> (usize, Vec<i64>, usize, usize) {
    let (tier, keys, row) = p.rank_reference(c);
    (tier, keys, row, index)
}

const DATES: [Option<(i16, i8, i8)>; 7] = [
    None,
    Some((-9999, 1, 1)),
    Some((9999, 12, 31)),
    Some((1970, 3, 12)),
    Some((1970, 3, 13)),
    Some((1970, 4, 1)),
    Some((1969, 12, 31)),
];

fn candidate() -> impl Strategy<Value = (usize, usize, Option<u8>, u64)> {
    (
        0..SECTORS.len(),
        0..DATES.len(),
        prop_oneof![
            Just(None),
            Just(Some(255u8)),
            Just(Some(0u8)),
            (1u8..=10).prop_map(Some)
        ],
        prop_oneof![
            0u64..4,
            Just(u64::MAX),
            Just(1 << 63),
            Just((1 << 63) - 1),
            any::<u64>()
        ],
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn every_way_of_ranking_gives_the_order_of_the_definition(
        tiers in prop::collection::vec(1u8..16, 0..3),
        rules in prop::collection::vec(0..RULES.len(), 0..4),
        raw in prop::collection::vec(candidate(), 0..40),
        in_order in any::<bool>(),
        small_rows in any::<bool>(),
    ) {
        let p = policy(&tiers, &rules);
        let mut candidates: Vec<Candidate> = raw
            .iter()
            .map(|&(sector, born, decile, row)| Candidate {
                row: if small_rows { (row % 8) as usize } else { row as usize },
                sector: p.taxonomy().sector_by_code(SECTORS[sector]).unwrap(),
                birth_date: DATES[born].map(|(y, m, d)| date(y, m, d)),
                welfare_decile: decile,
                declared_income: None,
                months: u64::MAX,
            })
            .collect();
        if in_order {
            candidates.sort_by_key(|c| c.row);
        }
        let mut expected: Vec<usize> = (0..candidates.len()).collect();
        expected.sort_by_key(|&i| definition(&p, &candidates[i], i));
        for way in [None, Some(Way::Narrow), Some(Way::Packed), Some(Way::Wide)] {
            let mut kinds = Kinds::new(&p);
            let traits: Vec<u64> = candidates.iter().map(|c| kinds.traits(&p, c)).collect();
            let order = p.rank_by(kinds, traits, |i| candidates[i].row as u64, way);
            let got: Vec<usize> = order.iter().map(|e| (e >> 32) as usize).collect();
            prop_assert_eq!(&got, &expected, "{:?}", way);
        }
    }
}

#[test]
fn a_birth_date_key_orders_as_the_calendar() {
    let keys: Vec<u64> = [
        date(-9999, 1, 1),
        date(-1, 12, 31),
        date(0, 1, 1),
        date(2000, 2, 29),
        date(2000, 3, 1),
        Date::MAX,
    ]
    .iter()
    .map(|d| super::super::kind::day_key(Some(*d)))
    .collect();
    assert!(
        keys.is_sorted() && keys.windows(2).all(|w| w[0] < w[1]),
        "{keys:?}"
    );
    assert!(keys[keys.len() - 1] < super::super::kind::day_key(None));
}
