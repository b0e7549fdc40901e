//! Totals over a set of decisions.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::YearMonth;
use crate::decision::Decision;

/// Counts and money over an evaluated roster. Every total is the sum of its rows.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
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
    pub by_month: BTreeMap<YearMonth, MoneyString>,
}

/// Workers and cost of one funding source.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SourceTotal {
    /// Workers paid for.
    pub workers: u64,
    /// Their total cost.
    #[serde(with = "crate::money::exact")]
    pub cost: Decimal,
    /// Amount due per contribution month.
    pub by_month: BTreeMap<YearMonth, MoneyString>,
}

/// An amount serialised as a decimal string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MoneyString(#[serde(with = "crate::money::exact")] pub Decimal);

impl Summary {
    /// Total a set of decisions.
    pub fn of(decisions: &[Decision]) -> Summary {
        let mut s = Summary::default();
        for d in decisions {
            s.add(d);
        }
        s
    }

    /// Add one decision.
    pub fn add(&mut self, d: &Decision) {
        self.rows += 1;
        if d.eligible {
            self.eligible += 1;
        } else {
            self.ineligible += 1;
        }
        self.total_cost += d.total_cost;
        let mut codes = crate::reason::ReasonSet::EMPTY;
        for r in &d.reasons {
            codes.insert(r.code);
        }
        for c in codes.iter() {
            *self.by_reason.entry(c.as_str().to_owned()).or_default() += 1;
        }
        if let Some(source) = &d.funding_source {
            let t = self.by_funding_source.entry(source.clone()).or_default();
            t.workers += 1;
            t.cost += d.total_cost;
            for c in &d.breakdown {
                t.by_month.entry(c.month).or_default().0 += c.amount;
            }
        }
        for c in &d.breakdown {
            self.by_month.entry(c.month).or_default().0 += c.amount;
        }
    }
}
