//! Totals over an evaluated roster, in JavaScript's spelling. A summary JavaScript got
//! from `evaluateRoster` also goes back in, to `policy.schedule`.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use tsify::Tsify;

use crate::error::Error;

/// Counts and money over an evaluated roster; every total is the sum of its rows.
#[derive(Debug, Clone, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct Summary {
    /// Rows evaluated.
    pub rows: u64,
    /// Rows eligible.
    pub eligible: u64,
    /// Rows not eligible.
    pub ineligible: u64,
    /// Sum of every row's total cost (decimal string).
    #[serde(with = "iuran::money::exact")]
    #[tsify(type = "string")]
    pub total_cost: Decimal,
    /// Rows carrying each reason code (a row with two reasons counts under both).
    pub by_reason: BTreeMap<String, u64>,
    /// Workers and cost per funding source id.
    pub by_funding_source: BTreeMap<String, SourceTotal>,
    /// Amount due per contribution month (`YYYY-MM` → decimal string).
    #[tsify(type = "Record<string, string>")]
    pub by_month: BTreeMap<String, MoneyString>,
}

/// Workers and cost of one funding source.
#[derive(Debug, Clone, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct SourceTotal {
    /// Workers paid for.
    pub workers: u64,
    /// Their total cost (decimal string).
    #[serde(with = "iuran::money::exact")]
    #[tsify(type = "string")]
    pub cost: Decimal,
    /// Amount due from this source per contribution month (`YYYY-MM` → decimal string).
    #[tsify(type = "Record<string, string>")]
    pub by_month: BTreeMap<String, MoneyString>,
}

impl Summary {
    pub(crate) fn new(s: &iuran::Summary) -> Summary {
        Summary {
            rows: s.rows,
            eligible: s.eligible,
            ineligible: s.ineligible,
            total_cost: s.total_cost,
            by_reason: s.by_reason.clone(),
            by_funding_source: s
                .by_funding_source
                .iter()
                .map(|(k, t)| {
                    (
                        k.clone(),
                        SourceTotal {
                            workers: t.workers,
                            cost: t.cost,
                            by_month: months(&t.by_month),
                        },
                    )
                })
                .collect(),
            by_month: months(&s.by_month),
        }
    }
}

/// An amount on the wire: a decimal string ([`iuran::money::exact`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoneyString(#[serde(with = "iuran::money::exact")] pub Decimal);

fn months(by_month: &BTreeMap<iuran::YearMonth, Decimal>) -> BTreeMap<String, MoneyString> {
    by_month
        .iter()
        .map(|(m, a)| (m.to_string(), MoneyString(*a)))
        .collect()
}

/// Months back from `YYYY-MM` text; a month that is not one is JavaScript's mistake.
fn months_back(
    by_month: BTreeMap<String, MoneyString>,
    field: &str,
) -> Result<BTreeMap<iuran::YearMonth, Decimal>, Error> {
    by_month
        .into_iter()
        .map(|(m, a)| {
            let month = m.parse().map_err(|e: iuran::month::ParseMonthError| {
                Error::argument(Some(field), e.to_string())
            })?;
            Ok((month, a.0))
        })
        .collect()
}

impl TryFrom<Summary> for iuran::Summary {
    type Error = Error;

    /// The core's summary back from JavaScript's, field by field.
    fn try_from(s: Summary) -> Result<Self, Error> {
        let mut by_funding_source = BTreeMap::new();
        for (id, t) in s.by_funding_source {
            let field = format!("summary.byFundingSource.{id}.byMonth");
            // The core's result types are non-exhaustive: built from their defaults.
            let mut total = iuran::summary::SourceTotal::default();
            total.workers = t.workers;
            total.cost = t.cost;
            total.by_month = months_back(t.by_month, &field)?;
            by_funding_source.insert(id, total);
        }
        let mut summary = iuran::Summary::default();
        summary.rows = s.rows;
        summary.eligible = s.eligible;
        summary.ineligible = s.ineligible;
        summary.total_cost = s.total_cost;
        summary.by_reason = s.by_reason;
        summary.by_funding_source = by_funding_source;
        summary.by_month = months_back(s.by_month, "summary.byMonth")?;
        Ok(summary)
    }
}
