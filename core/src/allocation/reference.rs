//! The allocation as first written: classes in a hash map, and a search that lists and
//! sorts every class funded by a full source. Quadratic in the number of classes; kept
//! for the tests, which check that the indexed search gives the same answer on every
//! input.

use std::collections::{HashMap, VecDeque};

use rust_decimal::Decimal;

use super::{Candidate, Placement};
use crate::Policy;
use crate::policy::TieBreak;
use crate::sector::SectorId;

/// One class of interchangeable workers: same allowed sources, same cost in each.
struct Class {
    /// Cost per source; `None` where the source may not pay.
    cost: Vec<Option<Decimal>>,
    /// Set once a worker of the class could not be placed.
    blocked: bool,
}

impl Policy {
    /// The sources (indexes) allowed to pay for a sector, in policy order.
    fn sources_for(&self, sector: SectorId) -> impl Iterator<Item = usize> + '_ {
        self.sources
            .iter()
            .enumerate()
            .filter(move |(_, s)| s.sectors.contains(sector))
            .map(|(i, _)| i)
    }

    /// The rank key of a candidate: tier, tie-breaks, roster order.
    pub(in crate::allocation) fn rank_reference(&self, c: &Candidate) -> (usize, Vec<i64>, usize) {
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

    /// The allocation as first written.
    pub(super) fn allocate_reference(&self, candidates: &[Candidate]) -> Vec<Placement> {
        let k = self.sources.len();
        let mut remaining: Vec<Option<Decimal>> =
            self.spec.funding.iter().map(|f| f.budget).collect();
        let mut seats: Vec<Option<u64>> = self.spec.funding.iter().map(|f| f.max_workers).collect();
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
        order.sort_by_cached_key(|i| self.rank_reference(&candidates[*i]));
        let mut result: Vec<Option<Placement>> = vec![None; candidates.len()];
        let mut waiting = 0u32;
        for i in order {
            let c = class_ids[i];
            let placed_ok = !classes[c].blocked
                && place(
                    &classes,
                    c,
                    i,
                    (&mut remaining, &mut seats),
                    &mut placed,
                    &mut result,
                );
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

fn has_seat(seats: Option<u64>) -> bool {
    seats != Some(0)
}

/// Place candidate `i` of class `c`, directly or along an augmenting path.
fn place(
    classes: &[Class],
    c: usize,
    i: usize,
    (remaining, seats): (&mut [Option<Decimal>], &mut [Option<u64>]),
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
        if has_seat(seats[u]) && fits(remaining[u], needed) {
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
        if let Some(n) = &mut seats[from] {
            *n += 1;
        }
        if let Some(n) = &mut seats[at] {
            *n -= 1;
        }
        placed[at].entry(cl).or_default().push(w);
        result[w] = Some(Placement::Funded { source: at });
        at = from;
    }
    spend(&mut remaining[at], classes[c].cost[at].expect("allowed"));
    if let Some(n) = &mut seats[at] {
        *n -= 1;
    }
    placed[at].entry(c).or_default().push(i);
    result[i] = Some(Placement::Funded { source: at });
    true
}
