//! The answer for one worker: eligible or not, why, and what it costs.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::YearMonth;
use crate::rates::Programme;
use crate::reason::{Reason, ReasonCode};

/// The decision for one worker. "Not eligible" is a decision with reasons, not an
/// error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Decision {
    /// Whether the programme covers the worker.
    pub eligible: bool,
    /// Every reason the worker is not covered (empty when eligible).
    pub reasons: Vec<Reason>,
    /// The sector code the occupation mapped to, when it mapped.
    pub sector: Option<String>,
    /// The funding source that pays, when eligible.
    pub funding_source: Option<String>,
    /// Contribution for the first covered month (zero when not eligible).
    #[serde(with = "crate::money::exact")]
    pub monthly_contribution: Decimal,
    /// Number of covered months (zero when not eligible).
    pub months: u32,
    /// Sum of every charge (zero when not eligible).
    #[serde(with = "crate::money::exact")]
    pub total_cost: Decimal,
    /// One line per covered month and programme.
    pub breakdown: Vec<Charge>,
    /// For a worker covered in only some of their months by the age rule
    /// (`rule = "monthly"`): which months were left out and why, one per run of months.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded_months: Vec<Reason>,
}

impl Decision {
    /// Whether one of the reasons has this code.
    pub fn has(&self, code: ReasonCode) -> bool {
        self.reasons.iter().any(|r| r.code == code)
    }

    /// The distinct reason codes joined by `;` in catalogue order (empty when
    /// eligible), as in output files.
    pub fn reason_codes(&self) -> String {
        let mut set = crate::reason::ReasonSet::EMPTY;
        for r in &self.reasons {
            set.insert(r.code);
        }
        set.to_string()
    }

    /// An ineligible decision with these reasons.
    pub(crate) fn ineligible(reasons: Vec<Reason>, sector: Option<String>) -> Decision {
        Decision {
            eligible: false,
            reasons,
            sector,
            funding_source: None,
            monthly_contribution: Decimal::ZERO,
            months: 0,
            total_cost: Decimal::ZERO,
            breakdown: Vec::new(),
            excluded_months: Vec::new(),
        }
    }
}

/// What one programme costs in one month for one worker, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Charge {
    /// Contribution month.
    pub month: YearMonth,
    /// Programme.
    pub programme: Programme,
    /// The rate row used (`bpu-jkk`).
    pub rate_id: String,
    /// The rate as written (`1%`, `Rp 6800`).
    pub rate: String,
    /// The income basis a percentage was applied to.
    #[serde(with = "crate::money::exact")]
    pub income_basis: Decimal,
    /// Adjustments applied (`pp50-2025-other`), in table order.
    pub adjustments: Vec<String>,
    /// Product of the adjustment factors (1 when none).
    #[serde(with = "crate::money::exact")]
    pub factor: Decimal,
    /// The amount billed, whole rupiah (rounded down once).
    #[serde(with = "crate::money::exact")]
    pub amount: Decimal,
    /// Legal references: the rate's, then each adjustment's.
    pub reference: String,
}
