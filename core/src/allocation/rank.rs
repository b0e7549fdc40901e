//! Rank order: tier, tie-break rules, roster order, then the order given. Each
//! candidate's rank key is packed with its index and class into one integer of 64
//! bits when the key fits (128 bits otherwise), so ranking is one sort of small
//! integers; a key that fits in neither, or rows given out of roster order, are ranked
//! on the whole key ([`Wide`]), the definition the packed keys are checked against.
//!
//! The packed key holds, from the most significant bits: the tier, each tie-break
//! rule's key, the index, the class (which never decides: the index is unique). Each
//! part is stored less its least value among the candidates, in as many bits as its
//! range needs. Rows given in roster order (never decreasing, as both callers give
//! them) need no part of their own: the index orders them as the rows do, and a
//! `roster_order` rule's key is the index of the first candidate with the same row.
//! When every row is distinct that rule decides every tie, so it and the rules after
//! it are left out.

use super::kind::{day, decile, kind};
use crate::Policy;
use crate::policy::TieBreak;

/// Tie-break rules: `older_first`, `lower_decile_first`, `roster_order`, each at most
/// once once repeats are dropped.
const TIE_BREAKS: usize = 3;

/// What a candidate is ranked on, besides its traits.
pub(super) struct Ranking<'a> {
    /// Per kind: its tier (the policy's tiers' count for a sector in none).
    pub(super) tier_of_kind: &'a [u32],
    /// Per kind: its class.
    pub(super) class_of_kind: &'a [u32],
    /// Classes.
    pub(super) classes: usize,
}

/// One entry of the rank order: a candidate's index (upper 32 bits) and class.
pub(super) fn entry(index: u64, class: u64) -> u64 {
    index << 32 | class
}

/// A part of a packed key.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Tier,
    Day,
    Decile,
    /// The index of the first candidate with the same row.
    Row,
    Index,
    Class,
}

/// How the rank key is packed: each part, its least value and its width in bits.
struct Packing {
    parts: Vec<(Part, u64, u32)>,
    bits: u32,
}

/// Bits to hold `0..=x`.
fn bits(x: u64) -> u32 {
    64 - x.leading_zeros()
}

/// Which way the candidates are ranked (chosen by the tests; otherwise the narrowest
/// keys that hold the rank).
#[cfg_attr(not(all(test, feature = "toml")), allow(dead_code))] // only the tests choose
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Way {
    /// Keys of 64 bits.
    Narrow,
    /// Keys of 128 bits.
    Packed,
    /// The whole key.
    Wide,
}

impl Ranking<'_> {
    /// The candidates in rank order, as entries ([`entry`]). `traits` are the
    /// candidates' ([`Kinds::traits`](super::kind::Kinds::traits)), `row` gives a
    /// candidate's roster row. `way` forces a way (when it can be taken: the tests);
    /// otherwise the narrowest keys that hold the rank are taken.
    pub(super) fn order_by(
        &self,
        policy: &Policy,
        traits: Vec<u64>,
        row: impl Fn(usize) -> u64,
        way: Option<Way>,
    ) -> Vec<u64> {
        let packing = self.packing(policy, &traits, &row);
        match (packing, way) {
            (Some(p), None | Some(Way::Narrow)) if p.bits <= 64 => self.narrow(&p, traits, &row),
            (Some(p), None | Some(Way::Narrow | Way::Packed)) if p.bits <= 128 => {
                self.packed(&p, traits, &row)
            }
            _ => self.wide(policy, &traits, &row),
        }
    }

    /// How the keys pack; `None` when the rows are not in roster order (or some row is
    /// past `i64::MAX`, where `roster_order` wraps).
    fn packing(
        &self,
        policy: &Policy,
        traits: &[u64],
        row: &impl Fn(usize) -> u64,
    ) -> Option<Packing> {
        let n = traits.len();
        let mut distinct = true;
        for i in 1..n {
            let (a, b) = (row(i - 1), row(i));
            if a > b {
                return None;
            }
            distinct &= a != b;
        }
        if n > 0 && row(n - 1) > i64::MAX as u64 {
            return None;
        }
        let mut parts = vec![Part::Tier];
        for rule in policy.tie_breaks() {
            match rule {
                TieBreak::OlderFirst => parts.push(Part::Day),
                TieBreak::LowerDecileFirst => parts.push(Part::Decile),
                TieBreak::RosterOrder if distinct => break,
                TieBreak::RosterOrder => parts.push(Part::Row),
            }
        }
        parts.extend([Part::Index, Part::Class]);
        let last = (n as u64).saturating_sub(1);
        let mut range = [(u64::MAX, 0u64); 3];
        for &t in traits {
            for (r, v) in range.iter_mut().zip([
                u64::from(self.tier_of_kind[kind(t) as usize]),
                day(t),
                decile(t),
            ]) {
                *r = (r.0.min(v), r.1.max(v));
            }
        }
        let span = |(lo, hi): (u64, u64)| (lo.min(hi), bits(hi.saturating_sub(lo)));
        let parts: Vec<(Part, u64, u32)> = parts
            .into_iter()
            .map(|part| {
                let (least, width) = match part {
                    Part::Tier => span(range[0]),
                    Part::Day => span(range[1]),
                    Part::Decile => span(range[2]),
                    Part::Row | Part::Index => (0, bits(last)),
                    Part::Class => (0, bits((self.classes as u64).saturating_sub(1))),
                };
                (part, least, width)
            })
            .collect();
        let bits = parts.iter().map(|p| p.2).sum();
        Some(Packing { parts, bits })
    }

    /// The entry of a packed key.
    fn entry_of(p: &Packing, key: u128) -> u64 {
        let class_bits = p.parts[p.parts.len() - 1].2;
        let index_bits = p.parts[p.parts.len() - 2].2;
        let mask = |w: u32| (1u128 << w) - 1;
        let class = key & mask(class_bits);
        let index = (key >> class_bits) & mask(index_bits);
        entry(index as u64, class as u64)
    }

    /// Keys of 64 bits, made in place of the traits.
    fn narrow(&self, p: &Packing, mut traits: Vec<u64>, row: &impl Fn(usize) -> u64) -> Vec<u64> {
        let mut first = 0u64;
        for (i, t) in traits.iter_mut().enumerate() {
            if i > 0 && row(i) != row(i - 1) {
                first = i as u64;
            }
            // At most 64 bits wide.
            *t = self.key_at(p, *t, i, first) as u64;
        }
        traits.sort_unstable();
        for key in &mut traits {
            *key = Self::entry_of(p, u128::from(*key));
        }
        traits
    }

    /// One candidate's packed key.
    fn key_at(&self, p: &Packing, t: u64, i: usize, first: u64) -> u128 {
        let kind = kind(t) as usize;
        let mut key = 0u128;
        for &(part, least, width) in &p.parts {
            let value = match part {
                Part::Tier => u64::from(self.tier_of_kind[kind]),
                Part::Day => day(t),
                Part::Decile => decile(t),
                Part::Row => first,
                Part::Index => i as u64,
                Part::Class => u64::from(self.class_of_kind[kind]),
            };
            // A part of width 0 has one value: it adds nothing.
            key = key << width | u128::from(value - least);
        }
        key
    }

    /// Keys of 128 bits.
    fn packed(&self, p: &Packing, traits: Vec<u64>, row: &impl Fn(usize) -> u64) -> Vec<u64> {
        let mut keys: Vec<u128> = Vec::with_capacity(traits.len());
        let mut first = 0u64;
        for (i, &t) in traits.iter().enumerate() {
            if i > 0 && row(i) != row(i - 1) {
                first = i as u64;
            }
            keys.push(self.key_at(p, t, i, first));
        }
        drop(traits);
        keys.sort_unstable();
        keys.into_iter().map(|k| Self::entry_of(p, k)).collect()
    }

    /// The whole key.
    fn wide(&self, policy: &Policy, traits: &[u64], row: &impl Fn(usize) -> u64) -> Vec<u64> {
        let rules = policy.tie_breaks();
        let mut ranks: Vec<Wide> = traits
            .iter()
            .zip(0u32..)
            .map(|(&t, index)| {
                let kind = kind(t) as usize;
                let row = row(index as usize);
                let mut keys = [0i64; TIE_BREAKS];
                for (key, rule) in keys.iter_mut().zip(&rules) {
                    *key = match rule {
                        TieBreak::OlderFirst => day(t) as i64,
                        TieBreak::LowerDecileFirst => decile(t) as i64,
                        // As a signed key, as it always was (rows past i64::MAX wrap).
                        TieBreak::RosterOrder => row as i64,
                    };
                }
                Wide {
                    tier: self.tier_of_kind[kind],
                    keys,
                    row,
                    index,
                    class: self.class_of_kind[kind],
                }
            })
            .collect();
        ranks.sort_unstable();
        ranks
            .into_iter()
            .map(|r| entry(u64::from(r.index), u64::from(r.class)))
            .collect()
    }
}

/// A candidate's whole rank key; ordered field by field.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Wide {
    tier: u32,
    keys: [i64; TIE_BREAKS],
    row: u64,
    index: u32,
    /// Carried along (the index is unique, so it never decides).
    class: u32,
}

#[cfg(all(test, feature = "toml"))]
mod tests;
