//! Totals over an evaluated roster: a policy's [`Totals`] (what comparisons show) and
//! the [`Summary`] of an evaluation, both from the engine's one summariser.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::YearMonth;

/// Counts and money over an evaluated roster. Every total is the sum of its rows.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Summary {
    /// Rows evaluated.
    pub rows: u64,
    /// Rows eligible.
    pub eligible: u64,
    /// Rows not eligible.
    pub ineligible: u64,
    /// Sum of every row's total cost.
    #[serde(with = "crate::money::exact")]
    pub total_cost: Decimal,
    /// Rows carrying each reason code (a row with two reasons counts under both).
    pub by_reason: BTreeMap<String, u64>,
    /// Workers and cost per funding source id.
    pub by_funding_source: BTreeMap<String, SourceTotal>,
    /// Amount due per contribution month.
    #[serde(with = "crate::money::exact::map")]
    pub by_month: BTreeMap<YearMonth, Decimal>,
}

/// Workers and cost of one funding source.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SourceTotal {
    /// Workers paid for.
    pub workers: u64,
    /// Their total cost.
    #[serde(with = "crate::money::exact")]
    pub cost: Decimal,
    /// Amount due per contribution month.
    #[serde(with = "crate::money::exact::map")]
    pub by_month: BTreeMap<YearMonth, Decimal>,
}

/// One policy's totals on the roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
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
    pub by_sector: BTreeMap<String, Subtotal>,
    /// Per district as written in the roster (`(none)` when blank).
    pub by_district: BTreeMap<String, Subtotal>,
    /// Amount due per contribution month.
    #[serde(with = "crate::money::exact::map")]
    pub by_month: BTreeMap<YearMonth, Decimal>,
    /// Rows carrying each reason code.
    pub by_reason: BTreeMap<String, u64>,
}

/// Eligible and funded workers and their cost, in one sector or district.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Subtotal {
    /// Workers meeting every rule.
    pub eligible: u64,
    /// Workers paid for.
    pub funded: u64,
    /// Their cost.
    #[serde(with = "crate::money::exact")]
    pub cost: Decimal,
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
