//! The one summariser: counters indexed by reason, source, sector, district and month,
//! filled from outcomes a chunk at a time, giving a policy's [`Totals`] (and so the
//! [`Summary`] of an evaluation). Money is summed in `i128`: no total can wrap.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

use super::columns::{Columns, Strings};
use super::kernel::income_at;
use super::outcome::Outcome;
use crate::policy::Policy;
use crate::reason::ReasonCode;
use crate::summary::{SourceTotal, Subtotal, Summary, Totals};

/// Eligible workers, funded workers, cost.
type Counts = (u64, u64, i128);

/// Counters for one policy's outcomes.
pub(crate) struct Tally<'p> {
    policy: &'p Policy,
    rows: u64,
    reasons: [u64; 32],
    src_workers: Vec<u64>,
    src_cost: Vec<i128>,
    /// Amount due per source (rows) and month (columns).
    due: Vec<Vec<i128>>,
    scratch_due: Vec<i64>,
    sectors: Vec<Counts>,
    districts: Vec<Counts>,
    district_ids: FxHashMap<Box<str>, u32>,
    district_names: Vec<Box<str>>,
    no_district: Counts,
    funded: u64,
    waiting: u64,
}

/// A district's name as comparisons group it: `(none)` when blank.
pub(crate) const NO_DISTRICT: &str = "(none)";

impl<'p> Tally<'p> {
    pub(crate) fn new(policy: &'p Policy) -> Tally<'p> {
        let n_sources = policy.spec.funding.len();
        Tally {
            policy,
            rows: 0,
            reasons: [0; 32],
            src_workers: vec![0; n_sources],
            src_cost: vec![0; n_sources],
            due: vec![vec![0; policy.months.len()]; n_sources],
            scratch_due: vec![0; policy.months.len()],
            sectors: vec![(0, 0, 0); policy.taxonomy.sectors().count()],
            districts: Vec::new(),
            district_ids: FxHashMap::default(),
            district_names: Vec::new(),
            no_district: (0, 0, 0),
            funded: 0,
            waiting: 0,
        }
    }

    /// Every row of an outcome of `columns`.
    pub(crate) fn add(&mut self, columns: &Columns<'_>, out: &Outcome) {
        self.rows += out.reasons.len() as u64;
        // Reason sets are few: count each in a small direct-mapped table, spilling to
        // a map when two sets share a slot, then each distinct set's codes.
        let mut slots = [(0u32, 0u64); 64];
        let mut spilled: FxHashMap<u32, u64> = FxHashMap::default();
        for r in &out.reasons {
            let bits = r.bits();
            let slot = &mut slots[(bits.wrapping_mul(0x9E37_79B9) >> 26) as usize];
            if slot.0 != bits {
                if slot.1 > 0 {
                    *spilled.entry(slot.0).or_default() += slot.1;
                }
                *slot = (bits, 0);
            }
            slot.1 += 1;
        }
        for (bits, count) in slots.into_iter().chain(spilled) {
            let mut bits = bits;
            while bits != 0 {
                self.reasons[bits.trailing_zeros() as usize] += count;
                bits &= bits - 1;
            }
        }
        // Only funded and waiting rows count further.
        for (i, (source, waiting)) in out
            .funding_source
            .iter()
            .zip(&out.waiting_position)
            .enumerate()
        {
            if source.is_some() || waiting.is_some() {
                self.add_row(columns, out, i);
            }
        }
    }

    fn district(&mut self, columns: &Columns<'_>, i: usize) -> &mut Counts {
        let cell = columns
            .district
            .as_ref()
            .and_then(|c: &Strings<'_>| c.get(i));
        let text = cell.as_deref().map(str::trim).filter(|t| !t.is_empty());
        let Some(text) = text else {
            return &mut self.no_district;
        };
        let id = if let Some(id) = self.district_ids.get(text) {
            *id as usize
        } else {
            let id = self.district_names.len();
            self.district_names.push(text.into());
            self.district_ids.insert(text.into(), id as u32);
            self.districts.push((0, 0, 0));
            id
        };
        &mut self.districts[id]
    }

    /// A funded or waiting row.
    fn add_row(&mut self, columns: &Columns<'_>, out: &Outcome, i: usize) {
        let source = out.funding_source[i];
        let cost = i128::from(out.total_cost[i]);
        let paid = u64::from(source.is_some());
        self.funded += paid;
        self.waiting += 1 - paid;
        if let Some(s) = out.sector[i] {
            let g = &mut self.sectors[s.index()];
            g.0 += 1;
            g.1 += paid;
            g.2 += cost;
        }
        let g = self.district(columns, i);
        g.0 += 1;
        g.1 += paid;
        g.2 += cost;
        if let (Some(src), Some(sector)) = (source, out.sector[i]) {
            let s = usize::from(src);
            self.src_workers[s] += 1;
            self.src_cost[s] += cost;
            let bill = self
                .policy
                .plan
                .bill(sector, src)
                .expect("a paid row has a bill");
            self.scratch_due.fill(0);
            bill.add_by_month(
                self.policy,
                income_at(columns, i),
                out.covered_months[i],
                &mut self.scratch_due,
            );
            for (d, a) in self.due[s].iter_mut().zip(&self.scratch_due) {
                *d += i128::from(*a);
            }
        }
    }

    /// The totals, named.
    pub(crate) fn totals(self, name: &str) -> Totals {
        let policy = self.policy;
        let money = |v: i128| Decimal::from_i128_with_scale(v, 0);
        let mut by_source = BTreeMap::new();
        for (s, f) in policy.spec.funding.iter().enumerate() {
            if self.src_workers[s] > 0 {
                by_source.insert(
                    f.id.clone(),
                    SourceTotal {
                        workers: self.src_workers[s],
                        cost: money(self.src_cost[s]),
                        by_month: policy
                            .months
                            .iter()
                            .zip(&self.due[s])
                            .map(|(m, a)| (*m, money(*a)))
                            .collect(),
                    },
                );
            }
        }
        let group = |(eligible, funded, cost): Counts| Subtotal {
            eligible,
            funded,
            cost: money(cost),
        };
        let sectors = &self.sectors;
        let by_sector = policy
            .taxonomy
            .sectors()
            .filter(|(id, _)| sectors[id.index()].0 > 0)
            .map(|(id, s)| (s.code.clone(), group(sectors[id.index()])))
            .collect();
        let mut by_district: BTreeMap<String, Subtotal> = BTreeMap::new();
        let named = self
            .district_names
            .iter()
            .map(|n| crate::nik::mask_niks(n))
            .zip(self.districts.iter().copied())
            .chain([(NO_DISTRICT.into(), self.no_district)]);
        for (name, g) in named {
            if g.0 > 0 {
                let e = by_district.entry(name).or_default();
                e.eligible += g.0;
                e.funded += g.1;
                e.cost += money(g.2);
            }
        }
        let due = &self.due;
        let by_month = if self.funded > 0 {
            policy
                .months
                .iter()
                .enumerate()
                .map(|(m, month)| (*month, money(due.iter().map(|r| r[m]).sum())))
                .collect()
        } else {
            BTreeMap::new()
        };
        let reasons = &self.reasons;
        let by_reason = ReasonCode::ALL
            .iter()
            .filter(|c| reasons[c.index()] > 0)
            .map(|c| (c.as_str().to_owned(), reasons[c.index()]))
            .collect();
        Totals {
            name: name.to_owned(),
            policy_id: policy.spec.id.clone(),
            rows: self.rows,
            eligible: self.funded + self.waiting,
            funded: self.funded,
            waiting: self.waiting,
            total_cost: money(self.src_cost.iter().sum()),
            by_source,
            by_sector,
            by_district,
            by_month,
            by_reason,
        }
    }

    /// The summary of an evaluation.
    pub(crate) fn summary(self) -> Summary {
        self.totals("").summary()
    }
}
