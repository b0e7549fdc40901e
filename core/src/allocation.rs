//! Allocation under budget ceilings: which funding source pays for which eligible
//! worker when the budgets do not cover everyone, and who waits.
//!
//! # The objective
//!
//! Eligible workers are ranked by the policy's priority (tier, then the tie-break
//! rules, then roster order). The funded set is the **lexicographically greatest**
//! feasible set in that ranking: the first-ranked worker is funded if any assignment
//! can fund them; the second is funded if some assignment funds both (or, if the first
//! could not be, the second alone); and so on. "Feasible" means every funded worker is
//! assigned to one source allowed to pay for their sector, and no source spends more
//! than its ceiling. Sources without a ceiling are unlimited.
//!
//! # The algorithm
//!
//! Workers are taken in rank order. A worker is placed in the first allowed source (in
//! the policy's order) with room for them. If none has room, an augmenting path is
//! searched, breadth first over sources: a full source `s` can make room by moving one
//! of its funded workers to another source allowed for that worker, which may itself
//! make room the same way. Workers who cost the same are interchangeable, so workers
//! are grouped into classes (same allowed sources, same cost in each) and the search
//! moves the most recently placed worker of a class. When no path exists the worker
//! waits; since funding never shrinks, every later worker of the same class waits too,
//! which keeps the whole allocation near-linear.
//!
//! When every source charges each of its workers the same amount (the common case:
//! regency money is a public payer, so no discount applies, and the income basis is
//! the minimum), feasibility is a bipartite b-matching, the feasible sets form a
//! matroid, and this greedy with an exact augmenting-path oracle returns the
//! lexicographically greatest feasible set: the tests check it against brute force.
//! When one source charges different workers differently (a discount for one group
//! under a non-public payer, declared incomes), the same search only takes steps that
//! keep every ceiling, so no ceiling is ever exceeded, but the result is a best effort.

use std::collections::{HashMap, VecDeque};

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::Policy;
use crate::policy::TieBreak;
use crate::sector::SectorId;

/// An eligible worker, as allocation sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Position in the roster (ties break on it last).
    pub row: usize,
    /// The worker's sector.
    pub sector: SectorId,
    /// Birth date (for `older_first`).
    pub birth_date: Option<Date>,
    /// Welfare decile (for `lower_decile_first`).
    pub welfare_decile: Option<u8>,
    /// Declared income (for a declared income basis).
    pub declared_income: Option<Decimal>,
}

/// Where a candidate ended up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// Paid for by this source (index into the policy's `funding`).
    Funded {
        /// Source index.
        source: usize,
    },
    /// Waiting; 1-based position in the waiting list.
    Waiting {
        /// Position.
        position: u32,
    },
}

/// One class of interchangeable workers: same allowed sources, same cost in each.
struct Class {
    /// Cost per source; `None` where the source may not pay.
    cost: Vec<Option<Decimal>>,
    /// Set once a worker of the class could not be placed.
    blocked: bool,
}

impl Policy {
    /// Whether any funding source has a budget ceiling (rosters are then allocated).
    pub fn has_ceilings(&self) -> bool {
        self.spec.funding.iter().any(|f| f.budget.is_some())
    }

    /// The sources (indexes) allowed to pay for a sector, in policy order.
    pub(crate) fn sources_for(&self, sector: SectorId) -> impl Iterator<Item = usize> + '_ {
        self.sources
            .iter()
            .enumerate()
            .filter(move |(_, s)| s.sectors.contains(sector))
            .map(|(i, _)| i)
    }

    /// The rank key of a candidate: tier, tie-breaks, roster order.
    fn rank(&self, c: &Candidate) -> (usize, Vec<i64>, usize) {
        let tier = self
            .tiers
            .iter()
            .position(|t| t.contains(c.sector))
            .unwrap_or(self.tiers.len());
        let rules = self
            .spec
            .allocation
            .as_ref()
            .map_or(&[][..], |a| &a.tie_break[..]);
        let keys = rules
            .iter()
            .map(|r| match r {
                TieBreak::OlderFirst => c.birth_date.map_or(i64::MAX, |d| {
                    i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day())
                }),
                TieBreak::LowerDecileFirst => c.welfare_decile.map_or(i64::MAX, i64::from),
                TieBreak::RosterOrder => c.row as i64,
            })
            .collect();
        (tier, keys, c.row)
    }

    /// Allocate eligible candidates to sources under the budget ceilings; see the module
    /// documentation for the objective and the algorithm. Returns one placement per
    /// candidate, in the order given.
    pub fn allocate(&self, candidates: &[Candidate]) -> Vec<Placement> {
        let k = self.sources.len();
        let mut remaining: Vec<Option<Decimal>> =
            self.spec.funding.iter().map(|f| f.budget).collect();
        // Classes of interchangeable workers.
        let mut classes: Vec<Class> = Vec::new();
        let mut class_of: HashMap<Vec<Option<Decimal>>, usize> = HashMap::new();
        // Each (sector, source) plan is worked out once, not once per candidate.
        let mut plans: HashMap<(SectorId, usize), crate::cost::CostPlan> = HashMap::new();
        let class_ids: Vec<usize> = candidates
            .iter()
            .map(|c| {
                let mut cost = vec![None; k];
                let basis = self.income_basis(c.declared_income);
                for s in self.sources_for(c.sector) {
                    let plan = plans
                        .entry((c.sector, s))
                        .or_insert_with(|| self.cost_plan(c.sector, s));
                    cost[s] = Some(
                        plan.items
                            .iter()
                            .map(|i| i.amount(&self.rates, basis))
                            .sum(),
                    );
                }
                *class_of.entry(cost.clone()).or_insert_with(|| {
                    classes.push(Class {
                        cost,
                        blocked: false,
                    });
                    classes.len() - 1
                })
            })
            .collect();
        // Funded candidates by (source, class), most recently placed last.
        let mut placed: Vec<HashMap<usize, Vec<usize>>> = vec![HashMap::new(); k];
        let mut order: Vec<usize> = (0..candidates.len()).collect();
        order.sort_by_cached_key(|i| self.rank(&candidates[*i]));
        let mut result: Vec<Option<Placement>> = vec![None; candidates.len()];
        let mut waiting = 0u32;
        for i in order {
            let c = class_ids[i];
            let placed_ok = !classes[c].blocked
                && place(&classes, c, i, &mut remaining, &mut placed, &mut result);
            if !placed_ok {
                classes[c].blocked = true;
                waiting += 1;
                result[i] = Some(Placement::Waiting { position: waiting });
            }
        }
        result
            .into_iter()
            .map(|p| p.expect("every candidate is placed or waiting"))
            .collect()
    }
}

fn fits(remaining: Option<Decimal>, cost: Decimal) -> bool {
    remaining.is_none_or(|r| r >= cost)
}

fn spend(remaining: &mut Option<Decimal>, amount: Decimal) {
    if let Some(r) = remaining {
        *r -= amount;
    }
}

/// Place candidate `i` of class `c`, directly or along an augmenting path.
fn place(
    classes: &[Class],
    c: usize,
    i: usize,
    remaining: &mut [Option<Decimal>],
    placed: &mut [HashMap<usize, Vec<usize>>],
    result: &mut [Option<Placement>],
) -> bool {
    let k = remaining.len();
    // Breadth-first search over sources. `need[s]`: what the worker arriving at `s`
    // costs there; `parent[s]`: the source it comes from and its class (None: `i`).
    let mut need: Vec<Option<Decimal>> = vec![None; k];
    let mut parent: Vec<Option<(usize, usize)>> = vec![None; k];
    let mut queue = VecDeque::new();
    for (s, cost) in classes[c].cost.iter().enumerate() {
        if let Some(cost) = cost {
            need[s] = Some(*cost);
            queue.push_back(s);
        }
    }
    let mut end = None;
    while let Some(u) = queue.pop_front() {
        let needed = need[u].expect("queued sources have a need");
        if fits(remaining[u], needed) {
            end = Some(u);
            break;
        }
        // Make room at `u` by moving one of its workers elsewhere.
        let mut movable: Vec<usize> = placed[u]
            .iter()
            .filter(|(_, w)| !w.is_empty())
            .map(|(cl, _)| *cl)
            .collect();
        movable.sort_unstable();
        for cl in movable {
            let out = classes[cl].cost[u].expect("placed where allowed");
            if !fits(remaining[u].map(|r| r + out), needed) {
                continue;
            }
            for (t, cost) in classes[cl].cost.iter().enumerate() {
                if let Some(cost) = cost
                    && need[t].is_none()
                {
                    need[t] = Some(*cost);
                    parent[t] = Some((u, cl));
                    queue.push_back(t);
                }
            }
        }
    }
    let Some(mut at) = end else { return false };
    // Walk back: each step moves one worker of class `cl` from `from` into `at`.
    while let Some((from, cl)) = parent[at] {
        let w = placed[from]
            .get_mut(&cl)
            .and_then(Vec::pop)
            .expect("a worker to move");
        spend(
            &mut remaining[from],
            -classes[cl].cost[from].expect("allowed"),
        );
        spend(&mut remaining[at], classes[cl].cost[at].expect("allowed"));
        placed[at].entry(cl).or_default().push(w);
        result[w] = Some(Placement::Funded { source: at });
        at = from;
    }
    spend(&mut remaining[at], classes[c].cost[at].expect("allowed"));
    placed[at].entry(c).or_default().push(i);
    result[i] = Some(Placement::Funded { source: at });
    true
}
