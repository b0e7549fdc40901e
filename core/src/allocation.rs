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
//! are grouped into classes (same allowed sources, same cost in each; numbered in the
//! order they first appear among the candidates) and the search moves the most
//! recently placed worker of a class. Expanding a full source `u` for a worker who
//! needs `need` there, with `r` left, finds for every source `t` not yet reached the
//! lowest-numbered class with a worker funded by `u`, allowed at `t`, that frees at
//! least `need − r`; those sources are queued in the order of (class, source). When
//! no path exists the worker waits; since funding never shrinks, every later worker of
//! the same class waits too.
//!
//! # Cost of the search
//!
//! Classes with the same allowed sources form a group. For each group and each of its
//! sources a max-tree over the group's classes (in class order) holds what each class
//! costs there while it has a worker funded there: "the lowest-numbered class freeing
//! at least `x`" is a walk down that tree, and a worker moved or placed updates one
//! leaf (a tree is built when a search first asks it). With `k` sources and `g` groups
//! a search costs `O(k² · g · log n)` and placing `n` workers `O(n log n)`; ranking is
//! one sort of integers (module `rank`). Each worker's cost comes from the sector's
//! integer bill (the engine's compiled bills, the one money path): once per sector and
//! covered months without a declared basis; on a declared basis once per worker, equal
//! costs then found by sorting hashes. Remaining budgets are whole rupiah in `i128`,
//! which holds any budget a policy can state.
//!
//! # Memory
//!
//! Each candidate is first reduced to 64 bits of traits (module `kind`): its kind (the
//! sources allowed to pay for it, its tier and its costs; the kinds themselves are held
//! once) and the keys of its birth date and decile. The traits' list becomes the rank
//! keys' (tier, tie-break keys, index, class, each in the bits its range needs) and,
//! sorted, the rank order's; then come the placements and, per worker, one link of the
//! search (4 bytes). [`Policy::allocate_partitions`] reduces each part as it takes it
//! and writes the placements next to the rows it returns: beyond its answer (24 bytes a
//! candidate) it holds 12 bytes a candidate at its peak (16 more while it sorts
//! parts handed over out of roster order).
//!
//! # When it is optimal
//!
//! When every source charges each of its workers the same amount (the common case:
//! regency money is a public payer, so no discount applies, and the income basis is
//! the minimum), feasibility is a bipartite b-matching, the feasible sets form a
//! matroid, and this greedy with an exact augmenting-path oracle returns the
//! lexicographically greatest feasible set: the tests check it against brute force.
//! When one source charges different workers differently (a discount for one group
//! under a non-public payer, declared incomes), the same search only takes steps that
//! keep every ceiling, so no ceiling is ever exceeded, but the result is a best effort.

use jiff::civil::Date;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

use crate::Policy;
use crate::batch::{Income, SectorBill};
use crate::policy::TieBreak;
use crate::sector::SectorId;

use kind::CostTable;
pub(crate) use kind::Kinds;
use rank::Ranking;

mod kind;
mod rank;
#[cfg(all(test, feature = "toml"))]
mod reference;

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
    /// The months the worker is covered in, one bit per month of the policy (bit `i`
    /// is [`Policy::months`]`[i]`, as [`Outcome::covered_months`]); `u64::MAX` for
    /// every month.
    ///
    /// [`Outcome::covered_months`]: crate::batch::Outcome::covered_months
    pub months: u64,
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

impl Policy {
    /// The allocation's tie-break rules in the order they apply, repeats dropped (a
    /// rule given twice never breaks a tie the first did not).
    pub(crate) fn tie_breaks(&self) -> Vec<TieBreak> {
        let mut rules: Vec<TieBreak> = Vec::new();
        for r in self.spec.allocation.iter().flat_map(|a| &a.tie_break) {
            if !rules.contains(r) {
                rules.push(*r);
            }
        }
        rules
    }

    /// Whether any funding source has a ceiling, a `budget` or a `max_workers`
    /// (rosters are then allocated).
    pub fn has_ceilings(&self) -> bool {
        self.spec
            .funding
            .iter()
            .any(|f| f.budget.is_some() || f.max_workers.is_some())
    }

    /// What a worker of a sector with a declared income costs in each source, in whole
    /// rupiah over the covered months (`None` where the source may not pay for the
    /// sector), into `out`. Every cost allocation weighs comes from here.
    fn worker_costs(
        &self,
        bills: &[Vec<Option<SectorBill>>],
        sector: SectorId,
        (income, months): (Option<Decimal>, u64),
        out: &mut [Option<i64>],
    ) {
        let bills = bills.get(sector.index()).map_or(&[][..], Vec::as_slice);
        let months = months & self.plan.all;
        for (s, cost) in out.iter_mut().enumerate() {
            *cost = bills
                .get(s)
                .and_then(Option::as_ref)
                .map(|bill| bill.cost(self, Income::of(income), months).1);
        }
    }

    /// Allocate eligible candidates to sources under the budget ceilings; see the module
    /// documentation for the objective and the algorithm. Returns one placement per
    /// candidate, in the order given. A candidate whose sector the policy does not
    /// cover has no source allowed to pay and waits.
    ///
    /// # Panics
    /// When there are `u32::MAX` candidates or more.
    pub fn allocate(&self, candidates: &[Candidate]) -> Vec<Placement> {
        assert!(
            u32::try_from(candidates.len()).is_ok_and(|n| n < NONE),
            "at most {} candidates",
            NONE - 1
        );
        let mut kinds = Kinds::new(self);
        kinds.reserve(candidates.len());
        let traits: Vec<u64> = candidates.iter().map(|c| kinds.traits(self, c)).collect();
        let (classes, order) = self.rank(kinds, traits, |i| candidates[i].row as u64);
        let mut result = vec![Placement::Waiting { position: 0 }; candidates.len()];
        self.place_in_order(&classes, &order, &mut result[..]);
        result
    }

    /// Candidates in roster order, each as its roster row (with a placement to come)
    /// and its traits (of `kinds`), allocated: their placements written next to their
    /// rows, and the sources whose head-count cap they fill ([`Policy::seats_full`]).
    /// The traits' list becomes the rank order's; nothing else per candidate is kept
    /// but the list of the placed workers.
    pub(crate) fn allocate_rows(
        &self,
        kinds: Kinds,
        rows: &mut [(u64, Placement)],
        traits: Vec<u64>,
    ) -> u64 {
        assert!(
            u32::try_from(rows.len()).is_ok_and(|n| n < NONE),
            "at most {} candidates",
            NONE - 1
        );
        let (classes, order) = self.rank(kinds, traits, |i| rows[i].0);
        self.place_in_order(&classes, &order, rows);
        drop(order);
        self.seats_full_of(rows.iter().map(|(_, p)| p))
    }

    /// The candidates' classes, and the candidates in rank order as entries of
    /// [`rank::entry`] (their traits' list becomes the order's when the rank keys fit
    /// in 64 bits).
    fn rank(
        &self,
        kinds: Kinds,
        traits: Vec<u64>,
        row: impl Fn(usize) -> u64,
    ) -> (Classes, Vec<u64>) {
        self.rank_way(kinds, traits, row, None)
    }

    /// The rank order the way given, for the tests.
    #[cfg(all(test, feature = "toml"))]
    fn rank_by(
        &self,
        kinds: Kinds,
        traits: Vec<u64>,
        row: impl Fn(usize) -> u64,
        way: Option<rank::Way>,
    ) -> Vec<u64> {
        self.rank_way(kinds, traits, row, way).1
    }

    fn rank_way(
        &self,
        mut kinds: Kinds,
        mut traits: Vec<u64>,
        row: impl Fn(usize) -> u64,
        way: Option<rank::Way>,
    ) -> (Classes, Vec<u64>) {
        kinds.settle(&mut traits);
        let (classes, class_of_kind) =
            Classes::new(self, &kinds, traits.iter().map(|&t| kind::kind(t)));
        let tier_of_kind: Vec<u32> = (0..kinds.len() as u32).map(|k| kinds.tier(k)).collect();
        // The kinds' costs are the classes' now (one kind per worker on a declared
        // basis): let them go before the sort and the placing.
        drop(kinds);
        let ranking = Ranking {
            tier_of_kind: &tier_of_kind,
            class_of_kind: &class_of_kind,
            classes: classes.group.len(),
        };
        let order = ranking.order_by(self, traits, row, way);
        (classes, order)
    }

    /// Place every candidate, taken in rank order (`order`, entries of
    /// [`rank::entry`]), into `result`.
    fn place_in_order<R: Slots + ?Sized>(&self, classes: &Classes, order: &[u64], result: &mut R) {
        let mut search = Search::new(self, classes, order.len());
        let mut blocked = vec![false; classes.group.len()];
        let mut waiting = 0u32;
        for (r, &e) in order.iter().enumerate() {
            let (i, c) = ((e >> 32) as u32, e as u32);
            // Read a later worker's class ahead, so that its cache misses overlap
            // this worker's search.
            if let Some(&ahead) = order.get(r + LOOK_AHEAD) {
                let ahead = ahead as u32;
                std::hint::black_box((
                    blocked[ahead as usize],
                    classes.cost.get(ahead as usize * classes.k).copied(),
                ));
            }
            if blocked[c as usize] || !search.place(i, c, result) {
                blocked[c as usize] = true;
                waiting = waiting.saturating_add(1);
                result.set(i, Placement::Waiting { position: waiting });
            }
        }
    }
}

/// Where placements are written, by candidate.
trait Slots {
    fn set(&mut self, i: u32, placement: Placement);
}

impl Slots for [Placement] {
    fn set(&mut self, i: u32, placement: Placement) {
        self[i as usize] = placement;
    }
}

impl Slots for [(u64, Placement)] {
    fn set(&mut self, i: u32, placement: Placement) {
        self[i as usize].1 = placement;
    }
}

impl Policy {
    /// The sources whose head-count cap (`max_workers`) the placements fill, as bits
    /// (bit `s` is `funding[s]`): a worker waiting when every source allowed to pay
    /// for them is among these waits for a place, not for money.
    pub(crate) fn seats_full(&self, placements: &[Placement]) -> u64 {
        self.seats_full_of(placements.iter())
    }

    /// As [`Policy::seats_full`], of placements listed any way.
    fn seats_full_of<'a>(&self, placements: impl Iterator<Item = &'a Placement>) -> u64 {
        let mut funded = vec![0u64; self.spec.funding.len()];
        for p in placements {
            if let Placement::Funded { source } = p {
                funded[*source] += 1;
            }
        }
        let mut full = 0;
        for (s, f) in self.spec.funding.iter().enumerate().take(64) {
            if f.max_workers.is_some_and(|m| funded[s] >= m) {
                full |= 1 << s;
            }
        }
        full
    }

    /// Whether a worker of `sector` waits because every source allowed to pay for the
    /// sector has reached its head-count cap (`seats_full`, from [`Policy::seats_full`]).
    pub(crate) fn waits_for_a_place(&self, sector: SectorId, seats_full: u64) -> bool {
        let allowed: Vec<usize> = (0..self.sources.len().min(64))
            .filter(|s| self.plan.bill(sector, *s as u8).is_some())
            .collect();
        !allowed.is_empty() && allowed.iter().all(|s| seats_full & (1 << s) != 0)
    }
}

/// How far ahead in rank order the allocation reads a worker's class.
const LOOK_AHEAD: usize = 16;

/// No worker, no class.
const NONE: u32 = u32::MAX;

/// A group: the classes allowed the same sources.
struct Group {
    /// The allowed sources, in policy order.
    sources: Vec<usize>,
    /// Its classes, in class order.
    classes: Vec<u32>,
}

/// The classes of interchangeable workers.
struct Classes {
    k: usize,
    /// Per class: its group.
    group: Vec<u32>,
    /// Per class: its position in its group's classes.
    pos: Vec<u32>,
    /// Per class and source (`class * k + source`): the cost there, where allowed.
    cost: Vec<i64>,
    groups: Vec<Group>,
}

impl Classes {
    /// The classes of the kinds met in `kinds_met` (every candidate's kind, in the
    /// order given), numbered in the order they are first met; and per kind, its
    /// class.
    fn new(
        policy: &Policy,
        kinds: &Kinds,
        kinds_met: impl Iterator<Item = u32>,
    ) -> (Classes, Vec<u32>) {
        let k = policy.sources.len();
        let mut classes = Classes {
            k,
            group: Vec::new(),
            pos: Vec::new(),
            cost: Vec::new(),
            groups: Vec::new(),
        };
        // The groups, numbered as the kinds number them.
        for sources in &kinds.groups {
            classes.group_with(sources.clone());
        }
        // A class: a group and the costs there. Kinds differ in their tier too: when
        // no group has sectors in two tiers, each kind is a class of its own.
        let mut table = (kinds.tiers_split_groups).then(|| CostTable::new(k));
        let mut class_of_kind = vec![NONE; kinds.len()];
        let mut unmet = kinds.live();
        for kind in kinds_met {
            if unmet == 0 {
                break;
            }
            if class_of_kind[kind as usize] != NONE {
                continue;
            }
            let g = match kinds.group(kind) {
                Some(g) => g,
                None => classes.group_with(Vec::new()),
            };
            let costs = kinds.table.costs(kind);
            let class = match &mut table {
                Some(table) => table.entry(u64::from(g), costs),
                None => classes.group.len() as u32,
            };
            if class as usize == classes.group.len() {
                classes.add(g, costs);
            }
            class_of_kind[kind as usize] = class;
            unmet -= 1;
        }
        (classes, class_of_kind)
    }

    /// The group allowed exactly these sources, made when first needed.
    fn group_with(&mut self, sources: Vec<usize>) -> u32 {
        let g = self
            .groups
            .iter()
            .position(|g| g.sources == sources)
            .unwrap_or_else(|| {
                self.groups.push(Group {
                    sources,
                    classes: Vec::new(),
                });
                self.groups.len() - 1
            });
        g as u32
    }

    fn add(&mut self, g: u32, costs: &[i64]) -> u32 {
        let c = self.group.len() as u32;
        let group = &mut self.groups[g as usize];
        self.pos.push(group.classes.len() as u32);
        group.classes.push(c);
        self.group.push(g);
        self.cost.extend_from_slice(costs);
        c
    }

    fn cost(&self, c: u32, s: usize) -> i64 {
        self.cost[c as usize * self.k + s]
    }
}

/// A leaf of a class with no worker funded at the tree's source.
const EMPTY: i64 = i64::MIN;

/// Over a group's classes (in class order) at one source: what each class with a
/// worker funded there costs there, and the most in each range. Built when a search
/// first asks it (a source that never makes room for another pays nothing for it).
struct MaxTree {
    /// Leaves: a power of two.
    width: usize,
    /// `node[1]` the root, `node[width + pos]` the leaves; empty until built.
    node: Vec<i64>,
}

impl MaxTree {
    fn new(len: usize) -> MaxTree {
        MaxTree {
            width: len.next_power_of_two(),
            node: Vec::new(),
        }
    }

    fn is_built(&self) -> bool {
        !self.node.is_empty()
    }

    /// Build from the leaves' values.
    fn build(&mut self, leaves: impl Iterator<Item = i64>) {
        let width = self.width;
        self.node = vec![EMPTY; 2 * width];
        for (leaf, value) in self.node[width..].iter_mut().zip(leaves) {
            *leaf = value;
        }
        for i in (1..width).rev() {
            self.node[i] = self.node[2 * i].max(self.node[2 * i + 1]);
        }
    }

    fn set(&mut self, pos: usize, value: i64) {
        if !self.is_built() {
            return;
        }
        let mut i = self.width + pos;
        self.node[i] = value;
        while i > 1 {
            i /= 2;
            let max = self.node[2 * i].max(self.node[2 * i + 1]);
            if self.node[i] == max {
                break;
            }
            self.node[i] = max;
        }
    }

    /// The first position whose value is at least `x`.
    fn first_at_least(&self, x: i128) -> Option<usize> {
        // Values are `i64`; a threshold beyond them is met by none.
        let x = i64::try_from(x).ok()?;
        if self.node[1] < x {
            return None;
        }
        let mut i = 1;
        while i < self.width {
            i = if self.node[2 * i] >= x {
                2 * i
            } else {
                2 * i + 1
            };
        }
        Some(i - self.width)
    }
}

/// The allocation's state, and the buffers of one augmenting-path search.
struct Search<'a> {
    classes: &'a Classes,
    k: usize,
    /// Whole rupiah left per source; `None` without a ceiling.
    remaining: Vec<Option<i128>>,
    /// Workers a source may still take (`max_workers`); `None` without a limit.
    seats: Vec<Option<u64>>,
    /// Per class and source: the most recently placed worker funded there, or `NONE`.
    head: Vec<u32>,
    /// Per worker: the worker placed before them in the same class and source.
    below: Vec<u32>,
    /// Per group and source (`group * k + source`): its tree, or `NONE`.
    tree_at: Vec<u32>,
    trees: Vec<MaxTree>,
    /// Per pair of sources (`u * k + t`): the groups allowed both.
    both: Vec<Vec<u32>>,
    // The search's buffers.
    need: Vec<Option<i128>>,
    parent: Vec<Option<(usize, u32)>>,
    queue: Vec<usize>,
    found: Vec<(u32, usize)>,
}

impl<'a> Search<'a> {
    fn new(policy: &Policy, classes: &'a Classes, n: usize) -> Search<'a> {
        let k = classes.k;
        let mut tree_at = vec![NONE; classes.groups.len() * k];
        let mut trees = Vec::new();
        let mut both = vec![Vec::new(); k * k];
        for (g, group) in classes.groups.iter().enumerate() {
            if group.classes.is_empty() {
                continue;
            }
            for &u in &group.sources {
                tree_at[g * k + u] = trees.len() as u32;
                trees.push(MaxTree::new(group.classes.len()));
                for &t in &group.sources {
                    if t != u {
                        both[u * k + t].push(g as u32);
                    }
                }
            }
        }
        Search {
            classes,
            k,
            // The whole rupiah of a budget: a fraction never pays for a whole-rupiah
            // cost. Every Decimal's integer part fits in i128.
            remaining: policy
                .spec
                .funding
                .iter()
                .map(|f| f.budget.map(|b| b.floor().to_i128().unwrap_or(i128::MAX)))
                .collect(),
            seats: policy.spec.funding.iter().map(|f| f.max_workers).collect(),
            head: vec![NONE; classes.group.len() * k],
            below: vec![NONE; n],
            tree_at,
            trees,
            both,
            need: vec![None; k],
            parent: vec![None; k],
            queue: Vec::with_capacity(k),
            found: Vec::with_capacity(k),
        }
    }

    fn fits(&self, s: usize) -> bool {
        if self.seats[s] == Some(0) {
            return false;
        }
        match (self.remaining[s], self.need[s]) {
            (None, _) => true,
            (Some(r), Some(need)) => r >= need,
            (Some(_), None) => false,
        }
    }

    fn tree(&mut self, c: u32, s: usize) -> &mut MaxTree {
        let g = self.classes.group[c as usize] as usize;
        &mut self.trees[self.tree_at[g * self.k + s] as usize]
    }

    /// Fund worker `w` of class `c` at `s`.
    fn push(&mut self, w: u32, c: u32, s: usize) {
        let slot = c as usize * self.k + s;
        if self.head[slot] == NONE {
            let (pos, cost) = (self.classes.pos[c as usize], self.classes.cost(c, s));
            self.tree(c, s).set(pos as usize, cost);
        }
        self.below[w as usize] = self.head[slot];
        self.head[slot] = w;
        if let Some(r) = &mut self.remaining[s] {
            *r = r.saturating_sub(i128::from(self.classes.cost(c, s)));
        }
        if let Some(n) = &mut self.seats[s] {
            *n = n.saturating_sub(1);
        }
    }

    /// Take the most recently placed worker of class `c` off `s`.
    fn pop(&mut self, c: u32, s: usize) -> u32 {
        let slot = c as usize * self.k + s;
        let w = self.head[slot];
        assert_ne!(w, NONE, "the search moves a funded worker");
        self.head[slot] = self.below[w as usize];
        if self.head[slot] == NONE {
            let pos = self.classes.pos[c as usize];
            self.tree(c, s).set(pos as usize, EMPTY);
        }
        if let Some(r) = &mut self.remaining[s] {
            *r = r.saturating_add(i128::from(self.classes.cost(c, s)));
        }
        if let Some(n) = &mut self.seats[s] {
            *n = n.saturating_add(1);
        }
        w
    }

    /// Place candidate `i` of class `c`, directly or along an augmenting path.
    fn place<R: Slots + ?Sized>(&mut self, i: u32, c: u32, result: &mut R) -> bool {
        let classes = self.classes;
        self.need.fill(None);
        self.parent.fill(None);
        self.queue.clear();
        for &s in &classes.groups[classes.group[c as usize] as usize].sources {
            self.need[s] = Some(i128::from(classes.cost(c, s)));
            self.queue.push(s);
        }
        // Breadth first: the first source in the queue with room ends the search.
        // Expanding a source only appends to the queue, so every queued source is
        // looked at before the next is expanded.
        let mut looked = 0;
        let mut next = 0;
        let end = 'search: loop {
            while looked < self.queue.len() {
                let s = self.queue[looked];
                if self.fits(s) {
                    break 'search s;
                }
                looked += 1;
            }
            let Some(&u) = self.queue.get(next) else {
                return false;
            };
            next += 1;
            self.expand(u);
        };
        // Walk back: each step moves one worker of class `cl` from `from` into `at`.
        let mut at = end;
        while let Some((from, cl)) = self.parent[at] {
            let w = self.pop(cl, from);
            self.push(w, cl, at);
            result.set(w, Placement::Funded { source: at });
            at = from;
        }
        self.push(i, c, at);
        result.set(i, Placement::Funded { source: at });
        true
    }

    /// Build the tree of group `g` at source `u` if it is not yet.
    fn build(&mut self, g: u32, u: usize) {
        let (k, classes) = (self.k, self.classes);
        let tree = &mut self.trees[self.tree_at[g as usize * k + u] as usize];
        if tree.is_built() {
            return;
        }
        let head = &self.head;
        tree.build(classes.groups[g as usize].classes.iter().map(|&c| {
            if head[c as usize * k + u] == NONE {
                EMPTY
            } else {
                classes.cost(c, u)
            }
        }));
    }

    /// Make room at the full source `u`: for every source not yet reached, the
    /// lowest-numbered class funded at `u`, allowed there, that frees enough at `u`.
    /// Moving one worker out for one in leaves `u`'s head count as it was, so a source
    /// full by `max_workers` takes any worker it can move; by budget, one that frees
    /// enough money.
    fn expand(&mut self, u: usize) {
        let Some(need) = self.need[u] else {
            return;
        };
        let frees = match self.remaining[u] {
            Some(r) => need - r,
            // Any funded worker: every leaf holding one is at least this.
            None => i128::from(EMPTY) + 1,
        }
        .max(i128::from(EMPTY) + 1);
        self.found.clear();
        for t in 0..self.k {
            if self.need[t].is_some() {
                continue;
            }
            for i in 0..self.both[u * self.k + t].len() {
                self.build(self.both[u * self.k + t][i], u);
            }
            let best = self.both[u * self.k + t]
                .iter()
                .filter_map(|&g| {
                    let tree = &self.trees[self.tree_at[g as usize * self.k + u] as usize];
                    let pos = tree.first_at_least(frees)?;
                    Some(self.classes.groups[g as usize].classes[pos])
                })
                .min();
            if let Some(cl) = best {
                self.found.push((cl, t));
            }
        }
        self.found.sort_unstable();
        for &(cl, t) in &self.found {
            self.need[t] = Some(i128::from(self.classes.cost(cl, t)));
            self.parent[t] = Some((u, cl));
            self.queue.push(t);
        }
    }
}

#[cfg(all(test, feature = "toml"))] // its cases are written in TOML
mod tests;
