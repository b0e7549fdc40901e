//! The rows shared out over threads, or handed over a block at a time, give the answers
//! of one evaluation on one thread, row for row: with NIKs that repeat across the
//! shares (the second of each is `duplicate_nik`), nulls, and with and without budget
//! ceilings.

use iuran::Policy;
use iuran::batch::{CHUNK, Columns, Dates, Outcome, Strings, shares};

const TEGAL: &str = include_str!("../../examples/policies/tegal-2025.toml");

fn tegal() -> Policy {
    Policy::from_toml(TEGAL).unwrap()
}

/// Tegal without its budget ceilings.
fn unbudgeted() -> Policy {
    let text = TEGAL
        .lines()
        .filter(|l| !l.starts_with("budget"))
        .collect::<Vec<_>>()
        .join("\n");
    let p = Policy::from_toml(&text).unwrap();
    assert!(!p.has_ceilings());
    p
}

/// `n` rows: every 7th row's NIK repeats the NIK of the row `n / 2` before it (so
/// duplicates cross every share), every 11th NIK is null, sectors and birth dates
/// vary, every 13th birth date is unreadable.
struct Rows {
    nik: Vec<Option<String>>,
    birth: Vec<Option<String>>,
    regency: Vec<Option<&'static str>>,
    sector: Vec<Option<&'static str>>,
}

impl Rows {
    fn new(n: usize) -> Rows {
        let mut nik = Vec::with_capacity(n);
        let mut birth = Vec::with_capacity(n);
        for i in 0..n {
            let j = if i % 7 == 0 && i >= n / 2 {
                i - n / 2
            } else {
                i
            };
            // District 01, born DD-MM-1970 (as declared), serial from 1.
            let (day, month, serial) = (1 + j % 28, 1 + (j / 28) % 12, 1 + j / 336);
            nik.push((i % 11 != 5).then(|| format!("332801{day:02}{month:02}70{serial:04}")));
            birth.push(Some(if i % 13 == 0 {
                "31-02-1970".to_owned()
            } else {
                format!("1970-{month:02}-{day:02}")
            }));
        }
        let regency = (0..n)
            .map(|i| Some(if i % 17 == 0 { "3327" } else { "3328" }))
            .collect();
        let sectors = [
            "Petani Tembakau",
            "nelayan",
            "pedagang",
            "petani cengkeh",
            "",
        ];
        let sector = (0..n).map(|i| Some(sectors[i % 5])).collect();
        Rows {
            nik,
            birth,
            regency,
            sector,
        }
    }
}

fn check(policy: &Policy, n: usize) {
    let rows = Rows::new(n);
    let nik: Vec<Option<&str>> = rows.nik.iter().map(Option::as_deref).collect();
    let birth: Vec<Option<&str>> = rows.birth.iter().map(Option::as_deref).collect();
    let columns = Columns {
        len: n,
        nik: Some(Strings::Slice(&nik)),
        birth_date: Some(Dates::Text(Strings::Slice(&birth))),
        regency: Some(Strings::Slice(&rows.regency)),
        sector: Some(Strings::Slice(&rows.sector)),
        ..Columns::default()
    };
    let one = policy.evaluate_columns(&columns).unwrap();
    assert!(one.duplicates.len() > n / 20, "duplicates cross the shares");
    assert!(
        one.eligible.iter().any(|e| *e) && one.eligible.iter().any(|e| !*e),
        "{:?}",
        &one.reasons[..10]
    );
    for threads in [0, 2, 3, 8] {
        let many = policy.evaluate_columns_threads(&columns, threads).unwrap();
        assert_eq!(many, one, "{threads} threads");
    }
    assert_eq!(
        policy.summarize_columns(&columns).unwrap(),
        policy.summarize(&columns, &one)
    );
    if policy.has_ceilings() {
        let refused =
            policy.evaluate_columns_blocks(&columns, &shares(n, 1), vec![|_, _: &Outcome| ()]);
        assert!(refused.is_err());
        return;
    }
    for threads in [1, 2, 3] {
        let shares = shares(n, threads);
        assert!(shares.len() <= threads);
        let parts: Vec<std::sync::Mutex<Vec<(usize, Outcome)>>> =
            shares.iter().map(|_| std::sync::Mutex::default()).collect();
        let sinks: Vec<_> = parts
            .iter()
            .map(|p| move |at: usize, block: &Outcome| p.lock().unwrap().push((at, block.clone())))
            .collect();
        policy
            .evaluate_columns_blocks(&columns, &shares, sinks)
            .unwrap();
        let mut blocks: Vec<(usize, Outcome)> = parts
            .into_iter()
            .flat_map(|p| p.into_inner().unwrap())
            .collect();
        blocks.sort_by_key(|b| b.0);
        let mut whole = Outcome::default();
        let mut next = 0;
        for (at, b) in blocks {
            assert_eq!(at, next);
            assert!(b.eligible.len() <= CHUNK);
            whole.eligible.extend(&b.eligible);
            whole.reasons.extend(&b.reasons);
            whole.sector.extend(&b.sector);
            whole.funding_source.extend(&b.funding_source);
            whole.monthly_contribution.extend(&b.monthly_contribution);
            whole.months.extend(&b.months);
            whole.covered_months.extend(&b.covered_months);
            whole.total_cost.extend(&b.total_cost);
            whole.waiting_position.extend(&b.waiting_position);
            whole
                .duplicates
                .extend(b.duplicates.iter().map(|d| (d.0 + at, d.1)));
            next = at + b.eligible.len();
        }
        assert_eq!(next, n);
        assert_eq!(whole, one, "blocks over {threads} shares");
    }
    // Shares that do not cover the rows are refused.
    let half = 0..n / 2;
    let bad = std::slice::from_ref(&half);
    assert!(
        policy
            .evaluate_columns_blocks(&columns, bad, vec![|_, _: &Outcome| ()])
            .is_err()
    );
}

#[test]
fn threads_give_the_answers_of_one_thread_without_ceilings() {
    check(&unbudgeted(), 3 * CHUNK + 1234);
}

#[test]
fn threads_give_the_answers_of_one_thread_with_ceilings() {
    check(&tegal(), 2 * CHUNK + 77);
}

#[test]
fn shares_cover_the_rows_in_whole_chunks() {
    assert_eq!(shares(0, 4), vec![0..0; 1]);
    assert_eq!(shares(5, 0).len(), 1);
    let s = shares(10 * CHUNK + 3, 3);
    assert_eq!(
        s,
        [
            0..4 * CHUNK,
            4 * CHUNK..8 * CHUNK,
            8 * CHUNK..10 * CHUNK + 3
        ]
    );
}
