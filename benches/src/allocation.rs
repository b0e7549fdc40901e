//! The allocation workload: eligible workers with distinct declared incomes under two
//! budget ceilings that bind, built so that the answer can be worked out by hand.
//!
//! The policy covers January 2025 (one month) on the declared-income basis. APBD (source
//! 0) pays tobacco farmers and fishers; DBHCHT (source 1) pays tobacco farmers only. A
//! worker declaring Rp 1,000,000 + 100·i + e (0 ≤ e < 100) costs JKK 1% rounded down
//! plus JKM Rp 6,800: Rp 16,800 + i.
//!
//! [`Roster::paired`] ranks the workers in roster order (no tiers, no tie-breaks):
//! `pairs` tobacco farmers costing 16,800 + i (i = 0, 1, …), then `pairs` fishers with
//! the same costs (income 50 rupiah higher, so every income is distinct), then the rest,
//! alternating tobacco farmer and fisher, dearer than every pair. Each budget is the
//! cost of the `pairs` tobacco farmers, Σ (16,800 + i).
//!
//! The answer, by hand: the first 2 × `pairs` workers cost exactly both budgets together
//! and they fit (each fisher on APBD, the only source allowed to pay for them, so every
//! tobacco farmer of the pairs on DBHCHT). No further worker fits anywhere, so the
//! lexicographically greatest funded set is exactly those workers, placed that way, and
//! every later worker waits in roster order. Reaching it takes `pairs` augmenting steps:
//! the tobacco farmers first fill APBD (tried first), then each fisher finds APBD full
//! and moves the tobacco farmer of the same cost to DBHCHT.
//!
//! [`Roster::shuffled`] is the same policy and sectors with costs in no order, ranked
//! older first by birth dates in no order, and budgets of about a third of the demand
//! each: no answer by hand, but the ceilings and the allowed sources are checked.

use iuran::Policy;
use iuran::allocation::{Candidate, Placement};
use jiff::civil::date;
use rust_decimal::Decimal;

use crate::Rng;

/// What a worker of cost rank `i` costs: 1% of `1,000,000 + 100·i` plus 6,800.
#[must_use]
pub fn cost(i: u64) -> u64 {
    16_800 + i
}

/// `Σ cost(i)` for `i < n`.
#[must_use]
pub fn cost_of_first(n: u64) -> u64 {
    16_800 * n + n * n.saturating_sub(1) / 2
}

/// A roster of eligible workers and the policy that allocates them.
pub struct Roster {
    /// The policy (two ceilings).
    pub policy: Policy,
    /// The candidates, in roster order.
    pub candidates: Vec<Candidate>,
    /// Each candidate's cost rank (its cost is [`cost`] of it), worked out apart from
    /// the library.
    pub cost_rank: Vec<u64>,
    /// Whether each candidate is a fisher (APBD only).
    pub fisher: Vec<bool>,
    /// Budgets of APBD and DBHCHT.
    pub budgets: [u64; 2],
    /// Workers funded in the answer worked out by hand (`None` when there is none).
    pub funded_by_hand: Option<usize>,
}

fn policy(apbd: u64, dbhcht: u64, older_first: bool) -> Policy {
    let tie_break = if older_first {
        "[allocation]\ntie_break = [\"older_first\"]\n"
    } else {
        ""
    };
    Policy::from_toml(&format!(
        r#"
id = "allocation-bench"
name = "Allocation at scale"
regency = "3328"
fiscal_year = 2025
coverage = {{ start = "2025-01", months = 1, income = "declared" }}
[eligibility]
sectors = ["tobacco_farmer", "fisher"]
[[funding]]
id = "apbd"
kind = "APBD"
sectors = ["tobacco_farmer", "fisher"]
budget = "{apbd}"
[[funding]]
id = "dbhcht"
kind = "DBHCHT"
sectors = ["tobacco_farmer"]
budget = "{dbhcht}"
{tie_break}"#
    ))
    .expect("the allocation bench policy")
}

impl Roster {
    /// `n` workers, two fifths of them tobacco farmers and two fifths fishers in pairs
    /// of equal cost, the rest dearer; the answer is known (module documentation).
    #[must_use]
    pub fn paired(n: usize) -> Roster {
        let pairs = n * 2 / 5;
        let budget = cost_of_first(pairs as u64);
        let policy = policy(budget, budget, false);
        let mut cost_rank = Vec::with_capacity(n);
        let mut fisher = Vec::with_capacity(n);
        let mut extra = Vec::with_capacity(n);
        for i in 0..n {
            let (rank, is_fisher, e) = if i < pairs {
                (i, false, 0)
            } else if i < 2 * pairs {
                (i - pairs, true, 50)
            } else {
                (i - pairs, (i - 2 * pairs) % 2 == 1, 0)
            };
            cost_rank.push(rank as u64);
            fisher.push(is_fisher);
            extra.push(e);
        }
        let candidates = candidates(&policy, &cost_rank, &fisher, &extra, None);
        Roster {
            policy,
            candidates,
            cost_rank,
            fisher,
            budgets: [budget, budget],
            funded_by_hand: Some(2 * pairs),
        }
    }

    /// `n` workers of either sector (seeded), costs in no order, ranked older first by
    /// birth dates in no order; each budget about a third of what everyone costs.
    #[must_use]
    pub fn shuffled(n: usize, seed: u64) -> Roster {
        let mut rng = Rng(seed);
        // A permutation of the cost ranks (Fisher–Yates), so incomes stay distinct.
        let mut cost_rank: Vec<u64> = (0..n as u64).collect();
        for i in (1..n).rev() {
            let j = (rng.next_u64() % (i as u64 + 1)) as usize;
            cost_rank.swap(i, j);
        }
        let fisher: Vec<bool> = (0..n).map(|_| rng.next_u64().is_multiple_of(2)).collect();
        let days: Vec<i64> = (0..n).map(|_| (rng.next_u64() % 15_000) as i64).collect();
        let demand = cost_of_first(n as u64);
        let policy = policy(demand / 3, demand / 3, true);
        let extra = vec![0; n];
        let candidates = candidates(&policy, &cost_rank, &fisher, &extra, Some(&days));
        Roster {
            policy,
            candidates,
            cost_rank,
            fisher,
            budgets: [demand / 3, demand / 3],
            funded_by_hand: None,
        }
    }

    /// Check an answer: one placement per candidate, every funded worker on a source
    /// allowed to pay for them, no ceiling exceeded (costs from [`cost`], not from the
    /// library), waiting positions 1, 2, … in rank order; and, for [`Roster::paired`],
    /// exactly the answer worked out by hand. Returns the workers funded.
    ///
    /// # Panics
    /// When the answer is wrong.
    #[must_use]
    pub fn check(&self, placements: &[Placement]) -> usize {
        assert_eq!(placements.len(), self.candidates.len());
        let mut spent = [0u64; 2];
        let mut funded = 0;
        let mut waiting = 0;
        for (i, p) in placements.iter().enumerate() {
            match *p {
                Placement::Funded { source } => {
                    assert!(source < 2, "row {i}: source {source}");
                    assert!(
                        !(self.fisher[i] && source == 1),
                        "row {i}: fisher on DBHCHT"
                    );
                    spent[source] += cost(self.cost_rank[i]);
                    funded += 1;
                }
                Placement::Waiting { .. } => waiting += 1,
            }
        }
        assert!(
            spent[0] <= self.budgets[0],
            "APBD {spent:?} {:?}",
            self.budgets
        );
        assert!(
            spent[1] <= self.budgets[1],
            "DBHCHT {spent:?} {:?}",
            self.budgets
        );
        // Waiting positions are 1..=waiting, in rank order; in the paired roster rank
        // order is roster order.
        let mut positions: Vec<u32> = placements
            .iter()
            .filter_map(|p| match p {
                Placement::Waiting { position } => Some(*position),
                Placement::Funded { .. } => None,
            })
            .collect();
        if self.funded_by_hand.is_none() {
            positions.sort_unstable();
        }
        assert!(
            positions.iter().zip(1..).all(|(p, k)| *p == k),
            "waiting positions"
        );
        assert_eq!(funded + waiting, placements.len());
        if let Some(by_hand) = self.funded_by_hand {
            let pairs = by_hand / 2;
            assert_eq!(funded, by_hand, "workers funded");
            assert_eq!(spent, self.budgets, "both budgets spent exactly");
            for (i, p) in placements.iter().enumerate() {
                let expected = if i >= by_hand {
                    Placement::Waiting {
                        position: (i - by_hand + 1) as u32,
                    }
                } else if i < pairs {
                    Placement::Funded { source: 1 }
                } else {
                    Placement::Funded { source: 0 }
                };
                assert_eq!(*p, expected, "row {i}");
            }
        }
        funded
    }
}

fn candidates(
    policy: &Policy,
    cost_rank: &[u64],
    fisher: &[bool],
    extra: &[u64],
    days: Option<&[i64]>,
) -> Vec<Candidate> {
    let tobacco = policy.taxonomy().sector_by_code("tobacco_farmer");
    let fish = policy.taxonomy().sector_by_code("fisher");
    let (Some(tobacco), Some(fish)) = (tobacco, fish) else {
        panic!("the built-in taxonomy has tobacco farmers and fishers")
    };
    let origin = date(1950, 1, 1);
    cost_rank
        .iter()
        .enumerate()
        .map(|(row, &rank)| Candidate {
            row,
            sector: if fisher[row] { fish } else { tobacco },
            birth_date: days.map(|d| {
                origin
                    .checked_add(jiff::Span::new().days(d[row]))
                    .expect("a date after 1950")
            }),
            welfare_decile: None,
            declared_income: Some(Decimal::from(1_000_000 + 100 * rank + extra[row])),
            months: u64::MAX,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn costs_by_hand() {
        assert_eq!(cost_of_first(0), 0);
        assert_eq!(cost_of_first(1), 16_800);
        assert_eq!(cost_of_first(3), 16_800 + 16_801 + 16_802);
        assert_eq!(cost_of_first(400_000), 86_719_800_000);
    }

    #[test]
    fn the_paired_answer_on_a_small_roster() {
        let r = Roster::paired(10);
        assert_eq!(r.check(&r.policy.allocate(&r.candidates)), 8);
    }

    #[test]
    fn the_shuffled_roster_keeps_its_ceilings() {
        let r = Roster::shuffled(2_000, 3);
        let funded = r.check(&r.policy.allocate(&r.candidates));
        assert!(funded > 0 && funded < 2_000);
    }
}
