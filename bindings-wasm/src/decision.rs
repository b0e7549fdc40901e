//! The decision for one worker, in JavaScript's spelling. Money stays a decimal string,
//! written by the core's own serialiser ([`iuran::money::exact`]).

use iuran::{Lang, YearMonth};
use rust_decimal::Decimal;
use serde::Serialize;
use tsify::Tsify;

use crate::reason::Reason;

/// Eligible or not, every reason, and the cost.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct Decision {
    /// Whether the programme covers the worker.
    pub eligible: bool,
    /// Every reason the worker is not covered (empty when eligible).
    pub reasons: Vec<Reason>,
    /// The sector code the occupation mapped to, when it mapped.
    pub sector: Option<String>,
    /// The funding source that pays, when eligible.
    pub funding_source: Option<String>,
    /// Contribution for the first covered month, rupiah as a decimal string ("0" when
    /// not eligible).
    #[serde(with = "iuran::money::exact")]
    #[tsify(type = "string")]
    pub monthly_contribution: Decimal,
    /// Number of covered months (0 when not eligible).
    pub months: u32,
    /// Sum of every charge, rupiah as a decimal string.
    #[serde(with = "iuran::money::exact")]
    #[tsify(type = "string")]
    pub total_cost: Decimal,
    /// One line per covered month and programme.
    pub breakdown: Vec<Charge>,
    /// For a worker the age rule covers in only some months (`rule = "monthly"`):
    /// which months were left out and why.
    pub excluded_months: Vec<Reason>,
}

/// What one programme costs in one month, and why.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct Charge {
    /// Contribution month, `YYYY-MM`.
    #[tsify(type = "string")]
    pub month: YearMonth,
    /// `JKK`, `JKM` or `JHT`.
    #[tsify(type = "Programme")]
    pub programme: iuran::Programme,
    /// The rate row used (`bpu-jkk`).
    pub rate_id: String,
    /// The rate as written (`1%`, `Rp 6800`).
    pub rate: String,
    /// The income basis a percentage was applied to (decimal string).
    #[serde(with = "iuran::money::exact")]
    #[tsify(type = "string")]
    pub income_basis: Decimal,
    /// Adjustments applied (`pp50-2025-other`), in table order.
    pub adjustments: Vec<String>,
    /// Product of the adjustment factors (decimal string, `"1"` when none).
    #[serde(with = "iuran::money::exact")]
    #[tsify(type = "string")]
    pub factor: Decimal,
    /// The amount billed, whole rupiah (decimal string).
    #[serde(with = "iuran::money::exact")]
    #[tsify(type = "string")]
    pub amount: Decimal,
    /// Legal references: the rate's, then each adjustment's.
    pub reference: String,
}

impl Decision {
    pub(crate) fn new(d: &iuran::Decision, lang: Lang) -> Decision {
        Decision {
            eligible: d.eligible,
            reasons: d.reasons.iter().map(|r| Reason::new(r, lang)).collect(),
            sector: d.sector.clone(),
            funding_source: d.funding_source.clone(),
            monthly_contribution: d.monthly_contribution,
            months: d.months,
            total_cost: d.total_cost,
            breakdown: d.breakdown.iter().map(Charge::new).collect(),
            excluded_months: d
                .excluded_months
                .iter()
                .map(|r| Reason::new(r, lang))
                .collect(),
        }
    }
}

impl Charge {
    fn new(c: &iuran::Charge) -> Charge {
        Charge {
            month: c.month,
            programme: c.programme,
            rate_id: c.rate_id.clone(),
            rate: c.rate.clone(),
            income_basis: c.income_basis,
            adjustments: c.adjustments.clone(),
            factor: c.factor,
            amount: c.amount,
            reference: c.reference.clone(),
        }
    }
}
