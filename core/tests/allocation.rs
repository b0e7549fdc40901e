//! Allocation under budget ceilings is optimal for its stated objective: checked
//! against brute force on small cases.

use iuran::Policy;
use iuran::allocation::{Candidate, Placement};
use proptest::prelude::*;
use rust_decimal::Decimal;

const SECTORS: [&str; 4] = ["tobacco_farmer", "fisher", "ojol", "trader"];

/// Three sources with different costs per worker, each the same for all its workers
/// (April–June 2026: DBHCHT pays full rates, 3 × 16,800 = 50,400; CSR and a village
/// fund declared non-public get PP 50/2025's half rate, 3 × 8,400 = 25,200).
fn policy(allowed: [u8; 3], budgets: [u32; 3]) -> Policy {
    policy_with_seats(allowed, budgets, [None; 3])
}

/// The same, each source's ceiling a budget for `budgets` workers and, where given,
/// `max_workers`.
fn policy_with_seats(allowed: [u8; 3], budgets: [u32; 3], seats: [Option<u32>; 3]) -> Policy {
    let seat = |s: Option<u32>| s.map_or(String::new(), |n| format!("max_workers = {n}"));
    let list = |mask: u8| {
        let codes: Vec<String> = (0..4)
            .filter(|b| mask & (1 << b) != 0)
            .map(|b| format!("\"{}\"", SECTORS[b]))
            .collect();
        codes.join(", ")
    };
    Policy::from_toml(&format!(
        r#"
        id = "alloc"
        name = "allocation"
        regency = "3328"
        fiscal_year = 2026
        coverage = {{ start = "2026-04", months = 3 }}
        [[funding]]
        id = "dbhcht"
        kind = "DBHCHT"
        sectors = [{}]
        budget = "{}"
        {}
        [[funding]]
        id = "csr"
        kind = "CSR"
        sectors = [{}]
        budget = "{}"
        {}
        [[funding]]
        id = "desa"
        kind = "APBDes"
        public_payer = false
        sectors = [{}]
        budget = "{}"
        {}
        "#,
        list(allowed[0]),
        u64::from(budgets[0]) * 50_400,
        seat(seats[0]),
        list(allowed[1]),
        u64::from(budgets[1]) * 25_200,
        seat(seats[1]),
        list(allowed[2]),
        u64::from(budgets[2]) * 25_200,
        seat(seats[2]),
    ))
    .unwrap()
}

/// The lexicographically greatest funded set (in candidate order), by trying every
/// assignment.
fn brute_force(
    p: &Policy,
    candidates: &[Candidate],
    allowed: [u8; 3],
    budgets: [u32; 3],
) -> Vec<bool> {
    let n = candidates.len();
    let sector_bit = |c: &Candidate| {
        SECTORS
            .iter()
            .position(|s| p.taxonomy().sector_by_code(s) == Some(c.sector))
            .unwrap()
    };
    let mut best: Option<Vec<bool>> = None;
    let total = 4usize.pow(n as u32);
    for code in 0..total {
        let mut x = code;
        let mut used = [0u32; 3];
        let mut funded = vec![false; n];
        let mut ok = true;
        for (i, c) in candidates.iter().enumerate() {
            let choice = x % 4;
            x /= 4;
            if choice == 3 {
                continue;
            }
            if allowed[choice] & (1 << sector_bit(c)) == 0 {
                ok = false;
                break;
            }
            used[choice] += 1;
            funded[i] = true;
        }
        if ok && (0..3).all(|s| used[s] <= budgets[s]) && best.as_ref().is_none_or(|b| funded > *b)
        {
            best = Some(funded);
        }
    }
    best.unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn greedy_with_augmenting_paths_is_lexicographically_optimal(
        allowed in prop::array::uniform3(1u8..16),
        budgets in prop::array::uniform3(0u32..4),
        sectors in prop::collection::vec(0usize..4, 1..8),
    ) {
        let p = policy(allowed, budgets);
        // Sectors no source may pay for are not candidates (they are not eligible).
        let candidates: Vec<Candidate> = sectors
            .iter()
            .filter(|s| allowed.iter().any(|m| m & (1 << **s) != 0))
            .enumerate()
            .map(|(row, s)| Candidate {
                row,
                sector: p.taxonomy().sector_by_code(SECTORS[*s]).unwrap(),
                birth_date: None,
                welfare_decile: None,
                declared_income: None,
                months: u64::MAX,
            })
            .collect();
        prop_assume!(!candidates.is_empty());
        let placements = p.allocate(&candidates);
        let funded: Vec<bool> = placements.iter().map(|pl| matches!(pl, Placement::Funded { .. })).collect();
        prop_assert_eq!(&funded, &brute_force(&p, &candidates, allowed, budgets));
        // Every ceiling holds, every source is allowed, waiting positions count up.
        let mut spent = [Decimal::ZERO; 3];
        let mut next_wait = 1;
        for (c, pl) in candidates.iter().zip(&placements) {
            match *pl {
                Placement::Funded { source } => {
                    let bit = SECTORS.iter().position(|s| p.taxonomy().sector_by_code(s) == Some(c.sector)).unwrap();
                    prop_assert!(allowed[source] & (1 << bit) != 0);
                    spent[source] += if source == 0 { Decimal::from(50_400) } else { Decimal::from(25_200) };
                }
                Placement::Waiting { position } => {
                    prop_assert_eq!(position, next_wait);
                    next_wait += 1;
                }
            }
        }
        for (spent, source) in spent.iter().zip(&p.spec().funding) {
            prop_assert!(*spent <= source.budget.unwrap());
        }
    }

    #[test]
    fn max_workers_binds_like_a_budget_for_that_many(
        allowed in prop::array::uniform3(1u8..16),
        budgets in prop::array::uniform3(0u32..5),
        seats in prop::array::uniform3(prop::option::of(1u32..4)),
        sectors in prop::collection::vec(0usize..4, 1..8),
    ) {
        // A source with room for `b` workers by budget and `m` by head count has room
        // for min(b, m): the same answer as a budget for that many.
        let p = policy_with_seats(allowed, budgets, seats);
        let limits = [0, 1, 2].map(|s| seats[s].map_or(budgets[s], |m| m.min(budgets[s])));
        let candidates: Vec<Candidate> = sectors
            .iter()
            .filter(|s| allowed.iter().any(|m| m & (1 << **s) != 0))
            .enumerate()
            .map(|(row, s)| Candidate {
                row,
                sector: p.taxonomy().sector_by_code(SECTORS[*s]).unwrap(),
                birth_date: None,
                welfare_decile: None,
                declared_income: None,
                months: u64::MAX,
            })
            .collect();
        prop_assume!(!candidates.is_empty());
        let funded: Vec<bool> = p
            .allocate(&candidates)
            .iter()
            .map(|pl| matches!(pl, Placement::Funded { .. }))
            .collect();
        prop_assert_eq!(&funded, &brute_force(&p, &candidates, allowed, limits));
    }
}

#[test]
fn moving_a_flexible_worker_makes_room() {
    // Worker 1 (tobacco) may be paid by DBHCHT or CSR; worker 2 (fisher) only by
    // DBHCHT; one place each. First-come would put worker 1 in DBHCHT and leave
    // worker 2 waiting; the augmenting path moves worker 1 to CSR.
    let p = policy([0b0011, 0b0001, 0], [1, 1, 0]);
    let sector = |code| p.taxonomy().sector_by_code(code).unwrap();
    let c = |row, code| Candidate {
        row,
        sector: sector(code),
        birth_date: None,
        welfare_decile: None,
        declared_income: None,
        months: u64::MAX,
    };
    let out = p.allocate(&[c(0, "tobacco_farmer"), c(1, "fisher")]);
    assert_eq!(
        out,
        [
            Placement::Funded { source: 1 },
            Placement::Funded { source: 0 }
        ]
    );
}

/// A worker waiting because every source that may pay has filled its `max_workers` is
/// told that the head-count cap is filled; one waiting for money, that the budget is
/// spent. Both keep the code `budget_exhausted`.
#[test]
fn the_waiting_message_names_the_limit_that_binds() {
    // DBHCHT: tobacco farmers, money for many but one recipient; APBD: fishers, money
    // for one (12 × 16,800 = 201,600) and no recipient count.
    let policy = Policy::from_toml(
        r#"
        id = "limits"
        name = "Which limit binds"
        regency = "3328"
        fiscal_year = 2026
        coverage = { start = "2026-01", months = 12 }
        eligibility = { sectors = ["tobacco_farmer", "fisher"] }
        [[funding]]
        id = "dbhcht"
        kind = "DBHCHT"
        sectors = ["tobacco_farmer"]
        budget = "100000000"
        max_workers = 1
        [[funding]]
        id = "apbd"
        kind = "APBD"
        sectors = ["fisher"]
        budget = "201600"
        "#,
    )
    .unwrap();
    let nik = [
        Some("3328011203700001"),
        Some("3328011203700002"),
        Some("3328011203700003"),
        Some("3328011203700004"),
    ];
    let birth = [Some("1970-03-12"); 4];
    let regency = [Some("3328"); 4];
    let sector = [
        Some("Petani Tembakau"),
        Some("Petani Tembakau"),
        Some("Nelayan"),
        Some("Nelayan"),
    ];
    let mut fields: [Option<&[Option<&str>]>; iuran::worker::Field::ALL.len()] =
        [None; iuran::worker::Field::ALL.len()];
    fields[0] = Some(&nik);
    fields[2] = Some(&birth);
    fields[4] = Some(&regency);
    fields[6] = Some(&sector);
    let columns = iuran::batch::Columns::from_text(4, fields);
    let out = policy.evaluate_columns(&columns).unwrap();
    assert_eq!(out.waiting_position, [None, Some(1), None, Some(2)]);
    let message = |i: usize| {
        let d = policy.explain_row(&columns, &out, i);
        assert_eq!(d.reason_codes(), "budget_exhausted");
        (
            d.reasons[0].context["limit"].clone(),
            d.reasons[0].message(iuran::Lang::En),
            d.reasons[0].message(iuran::Lang::Id),
        )
    };
    assert_eq!(
        message(1),
        (
            "max_workers".to_owned(),
            "eligible, but the head-count cap (max_workers) is filled by workers of higher priority; waiting-list position 1".to_owned(),
            "memenuhi syarat, tetapi kuota jumlah penerima (max_workers) sudah penuh oleh pekerja berprioritas lebih tinggi; urutan tunggu 1".to_owned()
        )
    );
    assert_eq!(
        message(3),
        (
            "budget".to_owned(),
            "eligible, but the budget is spent on workers of higher priority; waiting-list position 2".to_owned(),
            "memenuhi syarat, tetapi anggaran sudah habis untuk pekerja berprioritas lebih tinggi; urutan tunggu 2".to_owned()
        )
    );
}
