//! Kinds of candidate: the sources allowed to pay for a worker (their sector's group),
//! the worker's tier, and what the worker costs in each source. Every
//! candidate is reduced to one number of 64 bits, its kind and its tie-break keys
//! ([`Kinds::traits`]), before anything else is done with them: what allocation keeps
//! per candidate is that number and the roster row.

use std::collections::hash_map::Entry;
use std::hash::{Hash, Hasher};

use jiff::civil::Date;
use rustc_hash::{FxHashMap, FxHasher};

use super::{Candidate, NONE};
use crate::Policy;
use crate::batch::days_from_date;
use crate::policy::IncomeBasis;

/// Bits of a candidate's traits holding the birth date's key.
const DAY_BITS: u32 = 23;
/// Bits holding the welfare decile's key.
const DECILE_BITS: u32 = 9;
/// The key of no birth date: after every date, as `older_first` ranks it.
const NO_DAY: u64 = (1 << DAY_BITS) - 1;
/// The key of no decile: after every decile, as `lower_decile_first` ranks it.
const NO_DECILE: u64 = 1 << 8;

/// A birth date's key: ordered as the dates are, every date of the calendar (years
/// -9999 to 9999) below [`NO_DAY`].
pub(super) fn day_key(date: Option<Date>) -> u64 {
    // Days since the calendar's first day (7,304,850 on its last: 23 bits).
    date.map_or(NO_DAY, |d| {
        (days_from_date(d) - days_from_date(Date::MIN)).unsigned_abs()
    })
}

/// A candidate's kind (from [`Kinds::traits`]).
pub(super) fn kind(traits: u64) -> u32 {
    (traits >> 32) as u32
}

/// A candidate's birth-date key, ordered as `older_first` ranks.
pub(super) fn day(traits: u64) -> u64 {
    (traits >> DECILE_BITS) & NO_DAY
}

/// A candidate's decile key, ordered as `lower_decile_first` ranks.
pub(super) fn decile(traits: u64) -> u64 {
    traits & ((1 << DECILE_BITS) - 1)
}

/// Lists of costs, each with a tag (a group, a tier), each stored once: the same tag
/// and costs are one entry. Entries are numbered in the order they are added.
pub(super) struct CostTable {
    k: usize,
    tag: Vec<u64>,
    /// Per entry, `k` costs.
    cost: Vec<i64>,
    /// Per hash of tag and costs: the entry added last with it.
    last: FxHashMap<u64, u32>,
    /// Per entry: the entry added before it with the same hash, or `NONE`.
    before: Vec<u32>,
}

impl CostTable {
    pub(super) fn new(k: usize) -> CostTable {
        CostTable {
            k,
            tag: Vec::new(),
            cost: Vec::new(),
            last: FxHashMap::default(),
            before: Vec::new(),
        }
    }

    pub(super) fn len(&self) -> usize {
        self.tag.len()
    }

    fn reserve(&mut self, n: usize) {
        self.tag.reserve(n);
        self.cost.reserve(n * self.k);
    }

    pub(super) fn tag(&self, e: u32) -> u64 {
        self.tag[e as usize]
    }

    pub(super) fn costs(&self, e: u32) -> &[i64] {
        let e = e as usize;
        &self.cost[e * self.k..(e + 1) * self.k]
    }

    /// A hash of a tag and costs.
    fn hash(tag: u64, costs: &[i64]) -> u64 {
        let mut hasher = FxHasher::default();
        tag.hash(&mut hasher);
        costs.hash(&mut hasher);
        // FxHash leaves the low bits, those the table indexes by, poorly mixed: mix
        // them (the splitmix64 finaliser), or near lists of costs crowd one place.
        crate::partition::mix(hasher.finish())
    }

    /// A new entry, not looked for among the others (see [`Kinds::settle`]).
    fn push(&mut self, tag: u64, costs: &[i64]) -> u32 {
        self.tag.push(tag);
        self.cost.extend_from_slice(costs);
        (self.tag.len() - 1) as u32
    }

    /// The entry of this tag and these costs, added when new.
    pub(super) fn entry(&mut self, tag: u64, costs: &[i64]) -> u32 {
        let hash = CostTable::hash(tag, costs);
        // One probe of the table: most lists of costs are new or met under their hash
        // first.
        let next = self.tag.len() as u32;
        let last = match self.last.entry(hash) {
            Entry::Vacant(v) => {
                v.insert(next);
                NONE
            }
            Entry::Occupied(mut o) => {
                let mut e = *o.get();
                while e != NONE {
                    let at = e as usize;
                    if self.tag[at] == tag && self.cost[at * self.k..(at + 1) * self.k] == *costs {
                        return e;
                    }
                    e = self.before[at];
                }
                o.insert(next)
            }
        };
        self.tag.push(tag);
        self.cost.extend_from_slice(costs);
        self.before.push(last);
        next
    }
}

/// The group of a sector outside the policy's taxonomy when no sector of it is allowed
/// no source (a group of no sources is then made when first met).
const OUTSIDE: u32 = u32::MAX;

/// The kinds of the candidates seen so far.
pub(crate) struct Kinds {
    /// Tagged with the group (upper 32 bits; `OUTSIDE` for a sector outside the
    /// taxonomy) and the tier.
    pub(super) table: CostTable,
    /// The groups: each list of sources allowed to pay for a sector, in the order the
    /// taxonomy's sectors first have it.
    pub(super) groups: Vec<Vec<usize>>,
    /// Per sector of the taxonomy: its tag.
    tag_of: Vec<u64>,
    /// The tag of a sector outside the taxonomy.
    outside_tag: u64,
    /// Whether the sectors of one group can be in different tiers (a class of workers
    /// then holds more than one kind).
    pub(super) tiers_split_groups: bool,
    declared: bool,
    /// The kinds the candidates have, once [`Kinds::settle`]d.
    live: Option<usize>,
    /// Per sector of the taxonomy: the covered months of the last worker priced
    /// without a declared income, and their kind (`NONE` before any).
    recent: Vec<(u64, u32)>,
    costs: Vec<Option<i64>>,
    flat: Vec<i64>,
}

impl Kinds {
    pub(crate) fn new(policy: &Policy) -> Kinds {
        let k = policy.sources.len();
        let mut costs = vec![None; k];
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut tier_of_group: Vec<Option<u32>> = Vec::new();
        let mut tiers_split_groups = false;
        let outside = policy.tiers.len() as u32;
        let tag_of: Vec<u64> = policy
            .taxonomy
            .sectors()
            .map(|(id, _)| {
                policy.worker_costs(&policy.plan.bills, id, (None, u64::MAX), &mut costs);
                let sources: Vec<usize> = (0..k).filter(|s| costs[*s].is_some()).collect();
                let g = groups
                    .iter()
                    .position(|g| *g == sources)
                    .unwrap_or_else(|| {
                        groups.push(sources);
                        tier_of_group.push(None);
                        groups.len() - 1
                    });
                let tier = policy
                    .tiers
                    .iter()
                    .position(|t| t.contains(id))
                    .map_or(outside, |t| t as u32);
                tiers_split_groups |= *tier_of_group[g].get_or_insert(tier) != tier;
                (g as u64) << 32 | u64::from(tier)
            })
            .collect();
        // A sector outside the taxonomy is in the group of no sources, in no tier.
        let empty = groups.iter().position(Vec::is_empty);
        if let Some(g) = empty {
            tiers_split_groups |= tier_of_group[g].is_some_and(|t| t != outside);
        }
        let outside_tag = u64::from(empty.map_or(OUTSIDE, |g| g as u32)) << 32 | u64::from(outside);
        Kinds {
            outside_tag,
            table: CostTable::new(k),
            groups,
            tiers_split_groups,
            declared: policy.spec.coverage.income == IncomeBasis::Declared,
            live: None,
            recent: vec![(0, NONE); tag_of.len()],
            tag_of,
            costs: vec![None; k],
            flat: vec![0; k],
        }
    }

    /// Room for `n` more candidates: on a declared basis nearly every one may be a
    /// kind of its own (distinct incomes), and a table grown in steps rehashes.
    pub(crate) fn reserve(&mut self, n: usize) {
        if self.declared {
            self.table.reserve(n);
        }
    }

    /// The kinds' numbers: `0..len()` (some unused once settled).
    pub(super) fn len(&self) -> usize {
        self.table.len()
    }

    /// The kinds the candidates have.
    pub(super) fn live(&self) -> usize {
        self.live.unwrap_or(self.table.len())
    }

    /// On a declared basis nearly every worker may cost what no other does (distinct
    /// incomes): [`Kinds::traits`] then gives each their own entry, and the entries
    /// are made kinds here, equal ones found by sorting their hashes (a table looked
    /// into per worker would wait on memory for each), each candidate's traits then
    /// naming the first entry equal to theirs.
    pub(super) fn settle(&mut self, traits: &mut [u64]) {
        if !self.declared || self.live.is_some() {
            return;
        }
        let table = &self.table;
        let mut hashed: Vec<(u64, u32)> = (0..table.len() as u32)
            .map(|e| (CostTable::hash(table.tag(e), table.costs(e)), e))
            .collect();
        hashed.sort_unstable();
        let mut first: Vec<u32> = (0..table.len() as u32).collect();
        let mut distinct: Vec<u32> = Vec::new();
        let mut live = 0;
        for run in hashed.chunk_by(|a, b| a.0 == b.0) {
            // In entry order; nearly always one list of costs per hash.
            distinct.clear();
            for &(_, e) in run {
                let same =
                    |d: &&u32| table.tag(**d) == table.tag(e) && table.costs(**d) == table.costs(e);
                match distinct.iter().find(same) {
                    Some(&d) => first[e as usize] = d,
                    None => distinct.push(e),
                }
            }
            live += distinct.len();
        }
        drop(hashed);
        for t in traits {
            *t = u64::from(first[kind(*t) as usize]) << 32 | (*t & u64::from(u32::MAX));
        }
        self.live = Some(live);
    }

    /// A kind's group, `None` outside the taxonomy.
    pub(super) fn group(&self, kind: u32) -> Option<u32> {
        let g = (self.table.tag(kind) >> 32) as u32;
        (g != OUTSIDE).then_some(g)
    }

    /// A kind's tier.
    pub(super) fn tier(&self, kind: u32) -> u32 {
        self.table.tag(kind) as u32
    }

    /// A candidate as allocation keeps it: its kind (the upper 32 bits), the key of its
    /// birth date and that of its decile. A worker's costs come from the sector's bill
    /// over the months covered; without a declared basis the income does not change
    /// them, so they are worked out once per sector and months.
    pub(crate) fn traits(&mut self, policy: &Policy, c: &Candidate) -> u64 {
        let sector = c.sector.index();
        let months = c.months & policy.plan.all;
        let recent = if self.declared {
            None
        } else {
            self.recent.get(sector).copied()
        };
        let kind = match recent {
            Some((m, kind)) if kind != NONE && m == months => kind,
            _ => {
                let income = if self.declared {
                    c.declared_income
                } else {
                    None
                };
                policy.worker_costs(
                    &policy.plan.bills,
                    c.sector,
                    (income, months),
                    &mut self.costs,
                );
                for (x, c) in self.flat.iter_mut().zip(&self.costs) {
                    *x = c.unwrap_or(0);
                }
                let tag = self.tag_of.get(sector).copied().unwrap_or(self.outside_tag);
                let kind = if self.declared {
                    self.table.push(tag, &self.flat)
                } else {
                    self.table.entry(tag, &self.flat)
                };
                if let (false, Some(slot)) = (self.declared, self.recent.get_mut(sector)) {
                    *slot = (months, kind);
                }
                kind
            }
        };
        u64::from(kind) << 32
            | day_key(c.birth_date) << DECILE_BITS
            | c.welfare_decile.map_or(NO_DECILE, u64::from)
    }
}
