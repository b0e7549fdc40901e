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
//! # #[cfg(all(feature = "toml", feature = "csv"))] {
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
//! # }
//! # Ok::<(), iuran::Error>(())
//! ```

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::batch::stream::{self, ChunkSource, InMemory};
use crate::batch::{Answer, Columns, Outcome, Tally};
use crate::policy::Policy;
use crate::summary::SourceTotal;
pub use crate::summary::{Subtotal, Totals};
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
#[non_exhaustive]
pub struct Comparison {
    /// Rows of the roster.
    pub rows: u64,
    /// The base policy's totals.
    pub base: Totals,
    /// Each variant, in the order given.
    pub variants: Vec<VariantResult>,
}

/// The change of a [`Subtotal`] (variant minus base).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
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
#[non_exhaustive]
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
#[non_exhaustive]
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
    #[serde(with = "crate::money::exact::map")]
    pub by_month: BTreeMap<YearMonth, Decimal>,
}

/// How a worker's outcome changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
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
#[non_exhaustive]
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
#[non_exhaustive]
pub struct Side {
    /// Funded, waiting or ineligible.
    pub status: Status,
    /// Reason codes (empty when funded); messages in both languages are in
    /// [`crate::ReasonCode::template`] and, with context, from `Policy::evaluate_record`.
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
    roster.with_columns(|columns, malformed, lines| {
        let mut source = InMemory {
            columns,
            malformed,
            lines: Some(lines),
        };
        compare_rows(base, variants, &mut source, true)
    })
}

/// Compare variants with a base on a roster given as columns.
pub fn compare_columns(
    base: &Policy,
    variants: &[Variant],
    columns: &Columns<'_>,
) -> Result<Comparison, Error> {
    let mut source = InMemory {
        columns,
        malformed: &[],
        lines: None,
    };
    compare_rows(base, variants, &mut source, false)
}

/// The base and every variant in one pass over the roster: each chunk is decided by
/// every policy while it is in cache, tallied, and its rows diffed against the base's.
fn compare_rows(
    base: &Policy,
    variants: &[Variant],
    source: &mut dyn ChunkSource,
    with_lines: bool,
) -> Result<Comparison, Error> {
    let policies: Vec<&Policy> = std::iter::once(base)
        .chain(variants.iter().map(|v| &v.policy))
        .collect();
    let mut tallies: Vec<Tally<'_>> = policies.iter().map(|p| Tally::new(p)).collect();
    let mut changes: Vec<Vec<Change>> = variants.iter().map(|_| Vec::new()).collect();
    let mut rows = 0u64;
    stream::run(&policies, source, &mut |chunk, outs| {
        rows += chunk.columns.len as u64;
        for (t, out) in tallies.iter_mut().zip(outs) {
            t.add(chunk.columns, out);
        }
        let base_out = &outs[0];
        for (v, out) in outs[1..].iter().enumerate() {
            let policy = policies[v + 1];
            for i in 0..out.eligible.len() {
                // Rows ineligible on both sides do not change: skip them without
                // building either side.
                let ineligible =
                    |o: &Outcome| o.funding_source[i].is_none() && o.waiting_position[i].is_none();
                if ineligible(out) && ineligible(base_out) {
                    continue;
                }
                let (b, row) = (base_out.row(i), out.row(i));
                if let Some(kind) = change_kind(base, &b, policy, &row) {
                    changes[v].push(Change {
                        row: (chunk.first_row + i) as u64 + 1,
                        line: with_lines.then(|| chunk.label(i)),
                        nik: masked_nik(chunk.columns, i),
                        kind,
                        base: side(base, &b),
                        variant: side(policy, &row),
                        cost_delta: Decimal::from(row.total - b.total),
                    });
                }
            }
        }
        Ok(())
    })?;
    let mut tallies = tallies.into_iter();
    let base_totals = tallies.next().expect("the base is tallied").totals("base");
    let results = variants
        .iter()
        .zip(tallies)
        .zip(changes)
        .map(|((v, t), changes)| {
            let t = t.totals(&v.name);
            let mut change_counts = BTreeMap::new();
            for c in &changes {
                *change_counts.entry(c.kind).or_default() += 1;
            }
            VariantResult {
                delta: delta(&base_totals, &t),
                totals: t,
                change_counts,
                changes,
            }
        })
        .collect();
    Ok(Comparison {
        rows,
        base: base_totals,
        variants: results,
    })
}

/// Row `i`'s NIK, masked (`3328********0001`), if any.
fn masked_nik(columns: &Columns<'_>, i: usize) -> Option<String> {
    let cell = columns.nik.as_ref()?.get(i)?;
    let text = cell.trim();
    (!text.is_empty()).then(|| crate::nik::mask(text))
}

fn status(row: &Answer) -> Status {
    if row.source.is_some() {
        Status::Funded
    } else if row.waiting.is_some() {
        Status::Waiting
    } else {
        Status::Ineligible
    }
}

fn delta(base: &Totals, v: &Totals) -> Delta {
    fn keys<'m, T>(a: &'m BTreeMap<String, T>, b: &'m BTreeMap<String, T>) -> Vec<&'m String> {
        let mut k: Vec<&String> = a.keys().chain(b.keys()).collect();
        k.sort();
        k.dedup();
        k
    }
    let groups = |a: &BTreeMap<String, Subtotal>, b: &BTreeMap<String, Subtotal>| {
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
    let source_group = |m: &BTreeMap<String, SourceTotal>| -> BTreeMap<String, Subtotal> {
        m.iter()
            .map(|(k, t)| {
                (
                    k.clone(),
                    Subtotal {
                        eligible: t.workers,
                        funded: t.workers,
                        cost: t.cost,
                    },
                )
            })
            .collect()
    };
    let mut by_month: BTreeMap<YearMonth, Decimal> = BTreeMap::new();
    for (m, a) in &v.by_month {
        *by_month.entry(*m).or_default() += a;
    }
    for (m, a) in &base.by_month {
        *by_month.entry(*m).or_default() -= a;
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

fn side(policy: &Policy, row: &Answer) -> Side {
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

fn change_kind(base: &Policy, b: &Answer, policy: &Policy, v: &Answer) -> Option<ChangeKind> {
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

fn source_id<'p>(p: &'p Policy, r: &Answer) -> Option<&'p str> {
    r.source.map(|s| p.spec.funding[usize::from(s)].id.as_str())
}
