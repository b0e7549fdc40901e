//! Comparing policy variants on the same roster: who gains, who loses, what it costs.
//!
//! [`compare`] runs the base policy and each variant through the bulk kernel
//! ([`Policy::evaluate_columns_into`], one reused outcome). For each it gives the
//! totals (eligible, funded and waiting workers; cost by funding source, sector,
//! district and month), the deltas against the base, and every worker whose outcome
//! changes — with the row, the masked NIK and the reason codes on both sides.
//! Everything serialises; money is a decimal string.
//!
//! ```
//! use iuran::compare::{compare, Variant};
//! use iuran::{Policy, Roster, Scenario};
//!
//! let base = Policy::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/policies/tegal-2025.toml"))?;
//! let roster = Roster::from_csv(b"\
//! nik,birth_date,regency,sector
//! 3328011203700001,1970-03-12,3328,Petani Tembakau
//! 3328015003600002,1960-03-10,3328,nelayan
//! ")?;
//! let older = Scenario::new("50+").set("eligibility.age", serde_json::json!({ "min": 60 }));
//! let variants = [Variant::new(older.name.clone(), older.apply(&base)?)];
//! let c = compare(&base, &variants, &roster)?;
//! assert_eq!(c.base.total_cost.to_string(), "134400");        // 2 × 16,800 × 4
//! let v = &c.variants[0];
//! assert_eq!(v.delta.total_cost.to_string(), "-67200");       // the farmer is 55
//! assert_eq!(v.changes[0].row, 1);
//! assert_eq!(v.changes[0].nik.as_deref(), Some("3328********0001"));
//! assert_eq!(v.changes[0].variant.reasons, ["age_below_minimum"]);
//! # Ok::<(), iuran::Error>(())
//! ```

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use rustc_hash::FxHashMap;

use crate::batch::{Columns, Outcome, Row, SectorBill, Strings};
use crate::policy::{IncomeBasis, Policy};
use crate::reason::ReasonCode;
use crate::summary::{MoneyString, SourceTotal, Summary};
use crate::worker::FIELDS;
use crate::{Error, Roster, YearMonth};

/// A named policy to compare with the base.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Name shown in the comparison.
    pub name: String,
    /// The policy (usually [`Scenario::apply`](crate::Scenario::apply) of the base).
    pub policy: Policy,
}

impl Variant {
    /// A named policy.
    pub fn new(name: impl Into<String>, policy: Policy) -> Variant {
        Variant {
            name: name.into(),
            policy,
        }
    }
}

/// The base and every variant judged on one roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    /// Rows of the roster.
    pub rows: u64,
    /// The base policy's totals.
    pub base: Totals,
    /// Each variant, in the order given.
    pub variants: Vec<VariantResult>,
}

/// One policy's totals on the roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// The variant's name (`base` for the base).
    pub name: String,
    /// The policy's `id`.
    pub policy_id: String,
    /// Rows of the roster.
    pub rows: u64,
    /// Workers meeting every rule (funded or on the waiting list).
    pub eligible: u64,
    /// Workers paid for.
    pub funded: u64,
    /// Eligible workers the budget ceilings cannot fund (`budget_exhausted`).
    pub waiting: u64,
    /// Total cost, whole rupiah.
    #[serde(with = "crate::money::exact")]
    pub total_cost: Decimal,
    /// Workers and cost per funding source id.
    pub by_source: BTreeMap<String, SourceTotal>,
    /// Per sector code: eligible and funded workers, cost.
    pub by_sector: BTreeMap<String, Group>,
    /// Per district as written in the roster (`(none)` when blank).
    pub by_district: BTreeMap<String, Group>,
    /// Amount due per contribution month.
    pub by_month: BTreeMap<YearMonth, MoneyString>,
    /// Rows carrying each reason code.
    pub by_reason: BTreeMap<String, u64>,
}

/// Eligible and funded workers and their cost, in one sector or district.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Group {
    /// Workers meeting every rule.
    pub eligible: u64,
    /// Workers paid for.
    pub funded: u64,
    /// Their cost.
    #[serde(with = "crate::money::exact")]
    pub cost: Decimal,
}

/// The change of a [`Group`] (variant minus base).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GroupDelta {
    /// Change in eligible workers.
    pub eligible: i64,
    /// Change in funded workers.
    pub funded: i64,
    /// Change in cost.
    #[serde(with = "crate::money::exact")]
    pub cost: Decimal,
}

/// A variant: its totals, the change against the base, and who changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantResult {
    /// Totals under the variant.
    pub totals: Totals,
    /// Variant minus base.
    pub delta: Delta,
    /// How many workers change, per kind of change.
    pub change_counts: BTreeMap<ChangeKind, u64>,
    /// Every worker whose outcome changes, in roster order.
    pub changes: Vec<Change>,
}

/// Variant minus base. Every key of either side appears.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Delta {
    /// Change in eligible workers.
    pub eligible: i64,
    /// Change in funded workers.
    pub funded: i64,
    /// Change in waiting workers.
    pub waiting: i64,
    /// Change in total cost; equals the sum of the changes' `cost_delta`.
    #[serde(with = "crate::money::exact")]
    pub total_cost: Decimal,
    /// Per funding source (`eligible` here counts the workers it pays for).
    pub by_source: BTreeMap<String, GroupDelta>,
    /// Per sector code.
    pub by_sector: BTreeMap<String, GroupDelta>,
    /// Per district.
    pub by_district: BTreeMap<String, GroupDelta>,
    /// Per contribution month.
    pub by_month: BTreeMap<YearMonth, MoneyString>,
}

/// How a worker's outcome changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Not eligible under the base; eligible (funded or waiting) under the variant.
    NewlyEligible,
    /// Eligible under the base; not under the variant.
    NoLongerEligible,
    /// Funded under the base; on the waiting list under the variant.
    FundedToWaiting,
    /// On the waiting list under the base; funded under the variant.
    WaitingToFunded,
    /// Funded under both, at a different cost.
    CostChanged,
    /// Funded under both at the same cost, from another source.
    SourceChanged,
}

/// A worker's status under one policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Paid for.
    Funded,
    /// Eligible, but the budgets cannot fund them.
    Waiting,
    /// Not eligible.
    Ineligible,
}

/// One worker whose outcome changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// 1-based data row (the first row after the header is 1).
    pub row: u64,
    /// Line in the roster file, when compared from a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The NIK, masked (`3328********0001`).
    pub nik: Option<String>,
    /// What changes.
    pub kind: ChangeKind,
    /// Under the base.
    pub base: Side,
    /// Under the variant.
    pub variant: Side,
    /// Variant cost minus base cost.
    #[serde(with = "crate::money::exact")]
    pub cost_delta: Decimal,
}

/// A worker's outcome under one policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Side {
    /// Funded, waiting or ineligible.
    pub status: Status,
    /// Reason codes (empty when funded); messages in both languages are in
    /// [`ReasonCode::template`] and, with context, from `Policy::evaluate_record`.
    pub reasons: Vec<String>,
    /// Paying source id.
    pub funding_source: Option<String>,
    /// Total cost.
    #[serde(with = "crate::money::exact")]
    pub total_cost: Decimal,
    /// Waiting-list position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting_position: Option<u32>,
}

/// Compare variants with a base on a roster read from a file. Malformed rows get
/// `malformed_row` as when evaluated alone.
pub fn compare(base: &Policy, variants: &[Variant], roster: &Roster) -> Result<Comparison, Error> {
    let cells: Vec<Option<Vec<Option<&str>>>> = (0..FIELDS.len())
        .map(|f| {
            roster.columns[f].map(|c| {
                roster
                    .rows
                    .iter()
                    .map(|r| {
                        r.cells.get(c).map(|t| {
                            if roster.birth_date_combined && FIELDS[f] == "birth_date" {
                                crate::roster::date_part(t)
                            } else {
                                t.as_str()
                            }
                        })
                    })
                    .collect()
            })
        })
        .collect();
    let columns = Columns::from_text(
        roster.rows.len(),
        std::array::from_fn(|f| cells[f].as_deref()),
    );
    let malformed: Vec<usize> = roster
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.problems.is_empty())
        .map(|(i, _)| i)
        .collect();
    let lines: Vec<u64> = roster.rows.iter().map(|r| r.line).collect();
    compare_rows(base, variants, &columns, &malformed, Some(&lines))
}

/// Compare variants with a base on a roster given as columns.
pub fn compare_columns(
    base: &Policy,
    variants: &[Variant],
    columns: &Columns<'_>,
) -> Result<Comparison, Error> {
    compare_rows(base, variants, columns, &[], None)
}

/// Each policy through the bulk kernel ([`Policy::evaluate_columns_into`], one reused
/// outcome for the variants), then its totals tallied and its rows diffed against the
/// base's. `malformed` (ascending) are the rows given `malformed_row`; `lines` gives
/// each row's line in its file, when there is one.
fn compare_rows(
    base: &Policy,
    variants: &[Variant],
    columns: &Columns<'_>,
    malformed: &[usize],
    lines: Option<&[u64]>,
) -> Result<Comparison, Error> {
    let mut base_out = Outcome::default();
    base.evaluate_columns_marked(columns, malformed, &mut base_out)?;
    let districts = Districts::of(columns);
    let base_totals = Tally::new(base, columns, &districts)
        .run(&base_out)
        .finish("base");
    let mut out = Outcome::default();
    let mut results = Vec::with_capacity(variants.len());
    for v in variants {
        v.policy
            .evaluate_columns_marked(columns, malformed, &mut out)?;
        let t = Tally::new(&v.policy, columns, &districts)
            .run(&out)
            .finish(&v.name);
        let mut changes = Vec::new();
        for i in 0..out.eligible.len() {
            // Rows ineligible on both sides do not change: skip them without building
            // either side.
            let ineligible =
                |o: &Outcome| o.funding_source[i].is_none() && o.waiting_position[i].is_none();
            if ineligible(&out) && ineligible(&base_out) {
                continue;
            }
            let (b, row) = (base_out.row(i), out.row(i));
            if let Some(kind) = change_kind(base, &b, &v.policy, &row) {
                changes.push(Change {
                    row: i as u64 + 1,
                    line: lines.and_then(|l| l.get(i).copied()),
                    nik: masked_nik(columns, i),
                    kind,
                    base: side(base, &b),
                    variant: side(&v.policy, &row),
                    cost_delta: Decimal::from(row.total - b.total),
                });
            }
        }
        let mut change_counts = BTreeMap::new();
        for c in &changes {
            *change_counts.entry(c.kind).or_default() += 1;
        }
        results.push(VariantResult {
            delta: delta(&base_totals, &t),
            totals: t,
            change_counts,
            changes,
        });
    }
    Ok(Comparison {
        rows: columns.len as u64,
        base: base_totals,
        variants: results,
    })
}

/// Row `i`'s NIK, masked (`3328********0001`), if any.
fn masked_nik(columns: &Columns<'_>, i: usize) -> Option<String> {
    let text = columns.nik.as_ref()?.get(i)?.trim();
    (!text.is_empty()).then(|| crate::nik::mask(text))
}

/// The roster's district texts, interned once for every policy's tally.
struct Districts<'a> {
    /// Per row, the id of its trimmed district text; [`Districts::NONE`] when null or
    /// blank.
    ids: Vec<u32>,
    texts: Vec<&'a str>,
}

impl<'a> Districts<'a> {
    const NONE: u32 = u32::MAX;

    fn of(columns: &Columns<'a>) -> Districts<'a> {
        let mut texts: Vec<&'a str> = Vec::new();
        let mut map: FxHashMap<&'a str, u32> = FxHashMap::default();
        let mut intern = |t: Option<&'a str>| match t.map(str::trim).filter(|t| !t.is_empty()) {
            None => Self::NONE,
            Some(t) => *map.entry(t).or_insert_with(|| {
                texts.push(t);
                texts.len() as u32 - 1
            }),
        };
        let n = columns.len;
        let ids = match &columns.district {
            None => Vec::new(),
            Some(Strings::Dictionary {
                keys,
                values,
                validity,
            }) => {
                // Each dictionary value once, then the rows by their keys.
                let by_key: Vec<u32> = (0..values.len()).map(|k| intern(values.get(k))).collect();
                (0..n)
                    .map(|i| {
                        let present = validity.as_ref().is_none_or(|v| v.get(i));
                        keys.get(i)
                            .filter(|_| present)
                            .and_then(|k| usize::try_from(*k).ok())
                            .and_then(|k| by_key.get(k).copied())
                            .unwrap_or(Self::NONE)
                    })
                    .collect()
            }
            Some(column) => (0..n).map(|i| intern(column.get(i))).collect(),
        };
        Districts { ids, texts }
    }

    fn id(&self, i: usize) -> Option<u32> {
        self.ids.get(i).copied().filter(|&d| d != Self::NONE)
    }

    fn text(&self, id: u32) -> &'a str {
        self.texts.get(id as usize).copied().unwrap_or("(none)")
    }
}

impl Totals {
    /// The totals as the [`Summary`] that evaluating the roster under this policy
    /// alone gives.
    pub fn summary(&self) -> Summary {
        Summary {
            rows: self.rows,
            eligible: self.funded,
            ineligible: self.rows - self.funded,
            total_cost: self.total_cost,
            by_reason: self.by_reason.clone(),
            by_funding_source: self.by_source.clone(),
            by_month: self.by_month.clone(),
        }
    }
}

fn status(row: &Row) -> Status {
    if row.source.is_some() {
        Status::Funded
    } else if row.waiting.is_some() {
        Status::Waiting
    } else {
        Status::Ineligible
    }
}

/// Counters indexed by source, sector, district and reason, filled row by row.
struct Tally<'p, 'r, 'c, 'a> {
    policy: &'p Policy,
    columns: &'r Columns<'a>,
    names: &'r Districts<'c>,
    bills: Vec<Vec<Option<SectorBill>>>,
    declared: bool,
    rows: u64,
    reasons: [u64; 32],
    src_workers: Vec<u64>,
    src_cost: Vec<i64>,
    /// Fixed basis: workers per (sector, source), priced per month at the end.
    pairs: Vec<u64>,
    due: Vec<Vec<i64>>,
    sectors: Vec<(u64, u64, i64)>,
    districts: Vec<(u64, u64, i64)>,
    no_district: (u64, u64, i64),
    funded: u64,
    waiting: u64,
}

impl<'p, 'r, 'c, 'a> Tally<'p, 'r, 'c, 'a> {
    fn new(policy: &'p Policy, columns: &'r Columns<'a>, districts: &'r Districts<'c>) -> Self {
        let n_sources = policy.spec.funding.len();
        let bills = policy.sector_bills();
        let n_sectors = bills.len();
        Tally {
            policy,
            columns,
            names: districts,
            declared: policy.spec.coverage.income == IncomeBasis::Declared,
            bills,
            rows: 0,
            reasons: [0; 32],
            src_workers: vec![0; n_sources],
            src_cost: vec![0; n_sources],
            pairs: vec![0; n_sectors * n_sources],
            due: vec![vec![0; policy.months.len()]; n_sources],
            sectors: vec![(0, 0, 0); n_sectors],
            districts: Vec::new(),
            no_district: (0, 0, 0),
            funded: 0,
            waiting: 0,
        }
    }

    /// Every row of an outcome.
    fn run(mut self, out: &Outcome) -> Self {
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
                self.add(i, &out.row(i));
            }
        }
        self
    }

    /// A funded or waiting row.
    fn add(&mut self, i: usize, row: &Row) {
        let st = status(row);
        if st == Status::Ineligible {
            return;
        }
        let cost = row.total;
        let paid = u64::from(st == Status::Funded);
        self.funded += paid;
        self.waiting += 1 - paid;
        if let Some(s) = row.sector {
            let g = &mut self.sectors[s.index()];
            g.0 += 1;
            g.1 += paid;
            g.2 += cost;
        }
        let g = match self.names.id(i) {
            Some(d) => {
                let d = d as usize;
                if d >= self.districts.len() {
                    self.districts.resize(d + 1, (0, 0, 0));
                }
                &mut self.districts[d]
            }
            None => &mut self.no_district,
        };
        g.0 += 1;
        g.1 += paid;
        g.2 += cost;
        if let (Some(src), Some(sector)) = (row.source, row.sector) {
            let s = usize::from(src);
            self.src_workers[s] += 1;
            self.src_cost[s] += cost;
            if self.declared {
                let bill = self.bills[sector.index()][s]
                    .as_ref()
                    .expect("a paid row has a bill");
                self.policy
                    .add_row_by_month(bill, self.columns.income_at(i), &mut self.due[s]);
            } else {
                self.pairs[sector.index() * self.src_workers.len() + s] += 1;
            }
        }
    }

    fn finish(mut self, name: &str) -> Totals {
        let policy = self.policy;
        let n_sources = self.src_workers.len();
        if !self.declared {
            for (sector, row) in self.bills.iter().enumerate() {
                for (s, bill) in row.iter().enumerate() {
                    let count = self.pairs[sector * n_sources + s] as i64;
                    if let Some(bill) = bill.as_ref().filter(|_| count > 0) {
                        for (m, a) in bill.by_month.iter().enumerate() {
                            self.due[s][m] += count * a;
                        }
                    }
                }
            }
        }
        let money = |v: i64| Decimal::from(v);
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
                            .map(|(m, a)| (*m, MoneyString(money(*a))))
                            .collect(),
                    },
                );
            }
        }
        let group = |(eligible, funded, cost): (u64, u64, i64)| Group {
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
        let mut by_district: BTreeMap<String, Group> = BTreeMap::new();
        for (d, g) in self.districts.iter().enumerate() {
            if g.0 > 0 {
                let key = self.names.text(d as u32).to_owned();
                let e = by_district.entry(key).or_default();
                e.eligible += g.0;
                e.funded += g.1;
                e.cost += money(g.2);
            }
        }
        if self.no_district.0 > 0 {
            let e = by_district.entry("(none)".into()).or_default();
            e.eligible += self.no_district.0;
            e.funded += self.no_district.1;
            e.cost += money(self.no_district.2);
        }
        let due = &self.due;
        let by_month = if self.funded > 0 {
            policy
                .months
                .iter()
                .enumerate()
                .map(|(m, month)| (*month, MoneyString(money(due.iter().map(|r| r[m]).sum()))))
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
}

fn delta(base: &Totals, v: &Totals) -> Delta {
    fn keys<'m, T>(a: &'m BTreeMap<String, T>, b: &'m BTreeMap<String, T>) -> Vec<&'m String> {
        let mut k: Vec<&String> = a.keys().chain(b.keys()).collect();
        k.sort();
        k.dedup();
        k
    }
    let groups = |a: &BTreeMap<String, Group>, b: &BTreeMap<String, Group>| {
        keys(a, b)
            .into_iter()
            .map(|k| {
                let (x, y) = (
                    a.get(k).copied().unwrap_or_default(),
                    b.get(k).copied().unwrap_or_default(),
                );
                (
                    k.clone(),
                    GroupDelta {
                        eligible: y.eligible as i64 - x.eligible as i64,
                        funded: y.funded as i64 - x.funded as i64,
                        cost: y.cost - x.cost,
                    },
                )
            })
            .collect()
    };
    let source_group = |m: &BTreeMap<String, SourceTotal>| -> BTreeMap<String, Group> {
        m.iter()
            .map(|(k, t)| {
                (
                    k.clone(),
                    Group {
                        eligible: t.workers,
                        funded: t.workers,
                        cost: t.cost,
                    },
                )
            })
            .collect()
    };
    let mut by_month: BTreeMap<YearMonth, MoneyString> = BTreeMap::new();
    for (m, a) in &v.by_month {
        by_month.entry(*m).or_default().0 += a.0;
    }
    for (m, a) in &base.by_month {
        by_month.entry(*m).or_default().0 -= a.0;
    }
    Delta {
        eligible: v.eligible as i64 - base.eligible as i64,
        funded: v.funded as i64 - base.funded as i64,
        waiting: v.waiting as i64 - base.waiting as i64,
        total_cost: v.total_cost - base.total_cost,
        by_source: groups(&source_group(&base.by_source), &source_group(&v.by_source)),
        by_sector: groups(&base.by_sector, &v.by_sector),
        by_district: groups(&base.by_district, &v.by_district),
        by_month,
    }
}

fn side(policy: &Policy, row: &Row) -> Side {
    Side {
        status: status(row),
        reasons: row.reasons.iter().map(|c| c.as_str().to_owned()).collect(),
        funding_source: row
            .source
            .map(|s| policy.spec.funding[usize::from(s)].id.clone()),
        total_cost: Decimal::from(row.total),
        waiting_position: row.waiting,
    }
}

fn change_kind(base: &Policy, b: &Row, policy: &Policy, v: &Row) -> Option<ChangeKind> {
    match (status(b), status(v)) {
        (Status::Ineligible, Status::Ineligible) | (Status::Waiting, Status::Waiting) => None,
        (Status::Ineligible, _) => Some(ChangeKind::NewlyEligible),
        (_, Status::Ineligible) => Some(ChangeKind::NoLongerEligible),
        (Status::Funded, Status::Waiting) => Some(ChangeKind::FundedToWaiting),
        (Status::Waiting, Status::Funded) => Some(ChangeKind::WaitingToFunded),
        (Status::Funded, Status::Funded) => {
            if b.total != v.total {
                Some(ChangeKind::CostChanged)
            } else if source_id(base, b) != source_id(policy, v) {
                Some(ChangeKind::SourceChanged)
            } else {
                None
            }
        }
    }
}

fn source_id<'p>(p: &'p Policy, r: &Row) -> Option<&'p str> {
    r.source.map(|s| p.spec.funding[usize::from(s)].id.as_str())
}
