//! A roster cut into random partitions and decided pass by pass gives the answers of
//! one call on the whole roster: duplicates across partitions, ceilings that bind.

use proptest::prelude::*;

use super::*;
use crate::batch::{Dates, Strings};

const TEGAL: &str = include_str!("../../../examples/policies/tegal-2025.toml");

/// Tegal 2025 with ceilings of `dbhcht` workers' and `apbd` workers' worth (Rp 67,200
/// each over four months: 4 × 16,800), a seat limit, and tie-breaks.
fn tight(dbhcht: u32, apbd: u32, seats: Option<u8>) -> Policy {
    let mut text = TEGAL
        .replace(
            "budget = \"480211200\"",
            &format!("budget = \"{}\"", u64::from(dbhcht) * 67_200),
        )
        .replace(
            "budget = \"67200000\"",
            &format!("budget = \"{}\"", u64::from(apbd) * 67_200),
        );
    if let Some(n) = seats {
        text = text.replacen(
            "kind = \"APBD\"",
            &format!("kind = \"APBD\"\nmax_workers = {n}"),
            1,
        );
    }
    text.push_str("\n[allocation]\ntie_break = [\"lower_decile_first\", \"older_first\"]\n");
    Policy::from_toml(&text).expect("a valid policy")
}

const NIKS: [&str; 6] = [
    "3328011203700001",
    "3328015003800002",
    " 3328011203700001 ",
    "3328016504650003",
    "not a nik",
    "",
];
const BIRTHS: [&str; 4] = ["1970-03-12", "1980-03-10", "1990-01-01", "1950-01-01"];
const SECTORS: [&str; 4] = ["Petani Tembakau", "nelayan", "pedagang", "petani cengkeh"];

#[derive(Debug, Clone)]
struct Row {
    nik: Option<usize>,
    birth: usize,
    sector: usize,
    decile: Option<&'static str>,
}

fn row() -> impl Strategy<Value = Row> {
    (
        prop::option::weighted(0.9, 0..NIKS.len() + 40),
        0..BIRTHS.len(),
        0..SECTORS.len(),
        prop::option::of(prop::sample::select(vec!["1", "3", "5", "9"])),
    )
        .prop_map(|(nik, birth, sector, decile)| Row {
            nik,
            birth,
            sector,
            decile,
        })
}

/// The NIK of pool entry `k`: the fixed ones, then distinct valid ones.
fn nik(k: usize) -> String {
    NIKS.get(k)
        .map_or_else(|| format!("33280112037{:05}", 100 + k), |s| (*s).to_owned())
}

struct Table {
    nik: Vec<Option<String>>,
    birth: Vec<Option<&'static str>>,
    regency: Vec<Option<&'static str>>,
    sector: Vec<Option<&'static str>>,
    decile: Vec<Option<&'static str>>,
}

impl Table {
    fn new(rows: &[Row]) -> Table {
        Table {
            nik: rows.iter().map(|r| r.nik.map(nik)).collect(),
            birth: rows.iter().map(|r| Some(BIRTHS[r.birth])).collect(),
            regency: rows.iter().map(|_| Some("3328")).collect(),
            sector: rows.iter().map(|r| Some(SECTORS[r.sector])).collect(),
            decile: rows.iter().map(|r| r.decile).collect(),
        }
    }
}

/// Owned text cells as the kernel's slices.
fn cells(v: &[Option<String>]) -> Vec<Option<&str>> {
    v.iter().map(Option::as_deref).collect()
}

fn columns<'a>(t: &'a Table, nik: &'a [Option<&'a str>], lo: usize, hi: usize) -> Columns<'a> {
    Columns {
        len: hi - lo,
        nik: Some(Strings::Slice(&nik[lo..hi])),
        birth_date: Some(Dates::Text(Strings::Slice(&t.birth[lo..hi]))),
        regency: Some(Strings::Slice(&t.regency[lo..hi])),
        sector: Some(Strings::Slice(&t.sector[lo..hi])),
        welfare_decile: Some(crate::batch::Ints::Text(Strings::Slice(&t.decile[lo..hi]))),
        ..Columns::default()
    }
}

/// The passes an engine runs, each partition's bytes crossing as they would.
fn by_partitions(policy: &Policy, t: &Table, cuts: &[usize], salt: u64) -> Outcome {
    let nik = cells(&t.nik);
    let bounds: Vec<(usize, usize)> = cuts.windows(2).map(|w| (w[0], w[1])).collect();
    let parts: Vec<Columns<'_>> = bounds
        .iter()
        .map(|&(lo, hi)| columns(t, &nik, lo, hi))
        .collect();
    // 1: keys; 2: shuffled into three groups by key, first occurrences per group.
    let mut groups: [Vec<(NikKey, RowOrder)>; 3] = Default::default();
    for (p, part) in parts.iter().enumerate() {
        for (key, order) in nik_keys(part, RowOrder::new(p as u64, 0).unwrap(), salt).unwrap() {
            groups[(key.lo % 3) as usize].push((key, order));
        }
    }
    let duplicates: Vec<_> = groups.into_iter().flat_map(first_occurrences).collect();
    // 3: contexts.
    let layout = Layout::new(bounds.iter().map(|&(lo, hi)| (hi - lo) as u64).collect());
    let mut contexts = layout.contexts(&duplicates, None).unwrap();
    // 4: allocation.
    if policy.has_ceilings() {
        let gathered: Vec<Vec<u8>> = parts
            .iter()
            .zip(&contexts)
            .map(|(part, c)| {
                let c = PartitionContext::from_bytes(&c.to_bytes()).unwrap();
                policy.partition_candidates(part, &c).unwrap().to_bytes()
            })
            .collect();
        let candidates = gathered
            .iter()
            .map(|b| Candidates::from_bytes(policy, b).unwrap());
        let placements = policy.allocate_partitions(candidates).unwrap();
        let placements = Placements::from_bytes(&placements.to_bytes()).unwrap();
        contexts = layout.contexts(&duplicates, Some(&placements)).unwrap();
    }
    // 5: answers, concatenated.
    let mut all = Outcome::default();
    for ((part, context), (lo, _)) in parts.iter().zip(&contexts).zip(&bounds) {
        let context = PartitionContext::from_bytes(&context.to_bytes()).unwrap();
        // Handed over in two batches, each decided with its slice of the context.
        let half = part.len / 2;
        let mut out = Outcome::default();
        for (lo, n) in [(0, half), (half, part.len - half)] {
            let batch = part.slice(lo, n);
            let slice = context.slice(lo as u64, n as u64).unwrap();
            let piece = policy.evaluate_partition(&batch, &slice).unwrap();
            append(&mut out, &piece, lo);
        }
        append(&mut all, &out, *lo);
    }
    all
}

/// `piece`'s rows after `out`'s, its first row being row `lo` of `out`.
fn append(out: &mut Outcome, piece: &Outcome, lo: usize) {
    out.eligible.extend(&piece.eligible);
    out.reasons.extend(&piece.reasons);
    out.sector.extend(&piece.sector);
    out.funding_source.extend(&piece.funding_source);
    out.monthly_contribution.extend(&piece.monthly_contribution);
    out.months.extend(&piece.months);
    out.covered_months.extend(&piece.covered_months);
    out.seats_full = piece.seats_full;
    out.total_cost.extend(&piece.total_cost);
    out.waiting_position.extend(&piece.waiting_position);
    out.duplicates
        .extend(piece.duplicates.iter().map(|(i, first)| (i + lo, *first)));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn partitions_answer_as_one_call(
        rows in prop::collection::vec(row(), 0..60),
        cuts in prop::collection::vec(0usize..60, 0..6),
        ceilings in prop::option::of((0u32..12, 0u32..6, prop::option::of(1u8..4))),
        salt in any::<u64>(),
    ) {
        let policy = match ceilings {
            Some((d, a, seats)) => tight(d, a, seats),
            None => Policy::from_toml(TEGAL).unwrap(),
        };
        let table = Table::new(&rows);
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(rows.len())).collect();
        cuts.extend([0, rows.len()]);
        cuts.sort_unstable();
        let nik = cells(&table.nik);
        let whole = policy.evaluate_columns(&columns(&table, &nik, 0, rows.len())).unwrap();
        prop_assert_eq!(by_partitions(&policy, &table, &cuts, salt), whole);
    }
}

#[test]
fn a_duplicate_in_a_later_partition_points_at_the_first_row() {
    // Row 1's NIK is of a woman born 1980-03-10; the others' of 1970-03-12.
    let rows: Vec<Row> = [0, 1, 2, 0, 4, 4]
        .iter()
        .map(|&k| Row {
            nik: Some(k),
            birth: usize::from(k == 1),
            sector: 1,
            decile: None,
        })
        .collect();
    let table = Table::new(&rows);
    let out = by_partitions(
        &Policy::from_toml(TEGAL).unwrap(),
        &table,
        &[0, 2, 4, 5, 6],
        1,
    );
    // Rows 2 and 3 repeat row 0 (1-based row 1: the trimmed text is the same NIK);
    // row 5 repeats row 4's text, which is not a NIK (1-based row 5).
    assert_eq!(out.duplicates, [(2, 1), (3, 1), (5, 5)]);
    assert_eq!(out.eligible, [true, true, false, false, false, false]);
}

#[test]
fn ceilings_bind_across_partitions() {
    // Six fishers in three partitions, the APBD pays for two: rows 0 and 1 are
    // funded, the rest wait in roster order (all born the same day, no decile).
    let rows: Vec<Row> = (0..6)
        .map(|k| Row {
            nik: Some(10 + k),
            birth: 0,
            sector: 1,
            decile: None,
        })
        .collect();
    let table = Table::new(&rows);
    let out = by_partitions(&tight(0, 2, None), &table, &[0, 2, 4, 6], 9);
    assert_eq!(
        out.funding_source,
        [Some(1), Some(1), None, None, None, None]
    );
    assert_eq!(out.total_cost, [67_200, 67_200, 0, 0, 0, 0]);
    assert_eq!(
        out.waiting_position,
        [None, None, Some(1), Some(2), Some(3), Some(4)]
    );
}

#[test]
fn keys_hide_the_nik_and_a_context_must_fit_its_partition() {
    let rows: Vec<Row> = (0..3)
        .map(|k| Row {
            nik: Some(k),
            birth: 0,
            sector: 1,
            decile: None,
        })
        .collect();
    let t = Table::new(&rows);
    let nik = cells(&t.nik);
    let part = columns(&t, &nik, 0, 3);
    let keys = nik_keys(&part, RowOrder::new(5, 7).unwrap(), 42).unwrap();
    assert_eq!(keys.len(), 3);
    assert_eq!(keys[0].0, keys[2].0, "the same NIK, trimmed");
    assert_ne!(keys[0].0, keys[1].0);
    assert_eq!(keys[2].1, RowOrder::new(5, 9).unwrap());
    let shown = format!("{keys:?}");
    assert!(!shown.contains("3328011203700001"), "{shown}");
    // Another salt, other keys.
    let other = nik_keys(&part, RowOrder::new(5, 7).unwrap(), 43).unwrap();
    assert_ne!(keys[0].0, other[0].0);
    // A context made for another length is refused.
    let context = PartitionContext {
        rows: 4,
        ..PartitionContext::default()
    };
    let policy = Policy::from_toml(TEGAL).unwrap();
    assert!(matches!(
        policy.evaluate_partition(&part, &context),
        Err(Error::Argument {
            name: "context",
            ..
        })
    ));
    // Under ceilings, a context without placements is refused.
    let context = PartitionContext {
        rows: 3,
        ..PartitionContext::default()
    };
    assert!(
        tight(1, 1, None)
            .evaluate_partition(&part, &context)
            .is_err()
    );
    // Placements must be the partition's eligible rows, each funded where allowed:
    // the three fishers funded by the APBD (source 1) are taken; by the DBHCHT
    // (source 0, for farmers only), refused.
    let funded = |source| PartitionContext {
        rows: 3,
        placements: Some((0..3).map(|i| (i, Placement::Funded { source })).collect()),
        ..PartitionContext::default()
    };
    let fishers = Table::new(
        &(10..13)
            .map(|k| Row {
                nik: Some(k),
                birth: 0,
                sector: 1,
                decile: None,
            })
            .collect::<Vec<_>>(),
    );
    let fisher_niks = cells(&fishers.nik);
    let fishers = columns(&fishers, &fisher_niks, 0, 3);
    let out = tight(1, 3, None)
        .evaluate_partition(&fishers, &funded(1))
        .unwrap();
    assert_eq!(out.total_cost, [67_200; 3]);
    for source in [0, 2, 256, 257] {
        assert!(matches!(
            tight(1, 3, None).evaluate_partition(&fishers, &funded(source)),
            Err(Error::Argument {
                name: "context",
                ..
            })
        ));
    }
    // Bytes that are not a context are refused, never read (version 2's among them).
    assert!(PartitionContext::from_bytes(b"iuranPC2\x01").is_err());
    assert!(PartitionContext::from_bytes(b"iuranPC3\x01").is_err());
    let mut bytes = context.to_bytes();
    bytes.push(0);
    assert!(PartitionContext::from_bytes(&bytes).is_err());
    assert!(Candidates::from_bytes(&policy, b"nonsense").is_err());
    // Orders out of range.
    assert!(RowOrder::new(MAX_PARTITIONS, 0).is_err());
    assert!(RowOrder::new(0, MAX_PARTITION_ROWS).is_err());
    assert!(
        Layout::new(vec![2])
            .row(RowOrder::new(0, 2).unwrap())
            .is_err()
    );
}

#[test]
fn summaries_of_partitions_add_up() {
    // Rows 7 and 8 repeat rows 0 and 1; of rows 0 to 6, four tobacco farmers and
    // three fishers are eligible, one of each is funded and five wait.
    let rows: Vec<Row> = (0..9)
        .map(|k| Row {
            nik: Some(10 + k % 7),
            birth: 0,
            sector: k % 2,
            decile: None,
        })
        .collect();
    let t = Table::new(&rows);
    let nik = cells(&t.nik);
    let policy = tight(1, 1, None);
    let whole_columns = columns(&t, &nik, 0, 9);
    let whole = policy.summarize(
        &whole_columns,
        &policy.evaluate_columns(&whole_columns).unwrap(),
    );
    let cuts = [0, 4, 4, 9];
    let out = by_partitions(&policy, &t, &cuts, 3);
    let mut sum = Summary::default();
    for w in cuts.windows(2) {
        let part = columns(&t, &nik, w[0], w[1]);
        let rows = w[0]..w[1];
        let piece = Outcome {
            eligible: out.eligible[rows.clone()].to_vec(),
            reasons: out.reasons[rows.clone()].to_vec(),
            sector: out.sector[rows.clone()].to_vec(),
            funding_source: out.funding_source[rows.clone()].to_vec(),
            monthly_contribution: out.monthly_contribution[rows.clone()].to_vec(),
            months: out.months[rows.clone()].to_vec(),
            covered_months: out.covered_months[rows.clone()].to_vec(),
            total_cost: out.total_cost[rows.clone()].to_vec(),
            waiting_position: out.waiting_position[rows].to_vec(),
            duplicates: Vec::new(),
            seats_full: out.seats_full,
        };
        sum.add(&policy.summarize(&part, &piece));
    }
    assert_eq!(sum, whole);
    assert_eq!(whole.by_reason.get("budget_exhausted"), Some(&5));
    assert_eq!(whole.by_reason.get("duplicate_nik"), Some(&2));
    assert_eq!(whole.total_cost, Decimal::from(2 * 67_200));
}
