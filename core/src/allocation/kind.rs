//! Kinds of candidate: a sector and what a worker of it costs in each source. Every
//! candidate is reduced to one number of 64 bits, its kind and its tie-break keys
//! ([`Kinds::traits`]), before anything else is done with them: what allocation keeps
//! per candidate is that number and the roster row.

use std::hash::{Hash, Hasher};

use jiff::civil::Date;
use rustc_hash::{FxHashMap, FxHasher};

use super::{Candidate, NONE};
use crate::Policy;
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
    date.map_or(NO_DAY, |d| {
        let days = (i64::from(d.year()) + 9999) * 372
            + (i64::from(d.month()) - 1) * 31
            + i64::from(d.day())
            - 1;
        days as u64
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

/// Lists of costs, each with a tag (a sector, a group), each stored once: the same
/// tag and costs are one entry. Entries are numbered in the order they are added.
pub(super) struct CostTable {
    k: usize,
    tag: Vec<u32>,
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

    pub(super) fn tag(&self, e: u32) -> u32 {
        self.tag[e as usize]
    }

    pub(super) fn costs(&self, e: u32) -> &[i64] {
        let e = e as usize;
        &self.cost[e * self.k..(e + 1) * self.k]
    }

    /// The entry of this tag and these costs, added when new.
    pub(super) fn entry(&mut self, tag: u32, costs: &[i64]) -> u32 {
        let mut hasher = FxHasher::default();
        tag.hash(&mut hasher);
        costs.hash(&mut hasher);
        let hash = hasher.finish();
        let last = self.last.get(&hash).copied().unwrap_or(NONE);
        let mut e = last;
        while e != NONE {
            if self.tag(e) == tag && self.costs(e) == costs {
                return e;
            }
            e = self.before[e as usize];
        }
        let e = self.tag.len() as u32;
        self.tag.push(tag);
        self.cost.extend_from_slice(costs);
        self.before.push(last);
        self.last.insert(hash, e);
        e
    }
}

/// The kinds of the candidates seen so far.
pub(crate) struct Kinds {
    /// Tagged with the sector's index.
    pub(super) table: CostTable,
    declared: bool,
    /// Per sector of the taxonomy: the covered months of the last worker priced
    /// without a declared income, and their kind (`NONE` before any).
    recent: Vec<(u64, u32)>,
    costs: Vec<Option<i64>>,
    flat: Vec<i64>,
}

impl Kinds {
    pub(crate) fn new(policy: &Policy) -> Kinds {
        let k = policy.sources.len();
        Kinds {
            table: CostTable::new(k),
            declared: policy.spec.coverage.income == IncomeBasis::Declared,
            recent: vec![(0, NONE); policy.taxonomy.sectors().count()],
            costs: vec![None; k],
            flat: vec![0; k],
        }
    }

    /// The kinds seen.
    pub(super) fn len(&self) -> usize {
        self.table.len()
    }

    /// A kind's sector.
    pub(super) fn sector(&self, kind: u32) -> usize {
        self.table.tag(kind) as usize
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
                let kind = self.table.entry(sector as u32, &self.flat);
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
