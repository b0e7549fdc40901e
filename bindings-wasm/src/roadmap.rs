//! Coverage roadmaps in JavaScript's spelling: from today's coverage to a target share
//! of the workforce, year by year, with the subsidy each year costs
//! ([`iuran::roadmap`]).

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;
use tsify::Tsify;

use crate::error::camel;

/// A coverage roadmap, year by year from the baseline to the target.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct Roadmap {
    /// The input it was computed from, as the core read it (percentages as decimal
    /// strings).
    #[tsify(type = "RoadmapInput")]
    pub input: Value,
    /// One entry per year, baseline and target included.
    pub years: Vec<RoadmapYear>,
    /// Sum of the yearly subsidy budgets (decimal string).
    #[serde(with = "iuran::money::exact")]
    #[tsify(type = "string")]
    pub total_subsidy: Decimal,
}

/// One year of a roadmap.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct RoadmapYear {
    /// The year.
    pub year: i32,
    /// Potential workforce (whole persons).
    pub workforce: u64,
    /// Coverage on the path, percent (decimal string).
    #[serde(with = "iuran::money::exact")]
    #[tsify(type = "string")]
    pub coverage_percent: Decimal,
    /// Active members needed.
    pub members: u64,
    /// New members needed over the previous year.
    pub additional_members: u64,
    /// Members the regency pays for.
    pub subsidised_members: u64,
    /// A year of contributions for one worker at that year's rates (decimal string).
    #[serde(with = "iuran::money::exact")]
    #[tsify(type = "string")]
    pub cost_per_worker: Decimal,
    /// What the subsidised members cost that year (decimal string).
    #[serde(with = "iuran::money::exact")]
    #[tsify(type = "string")]
    pub subsidy_budget: Decimal,
}

impl From<iuran::Roadmap> for Roadmap {
    fn from(r: iuran::Roadmap) -> Self {
        // The core's own serialisation of the input, renamed.
        let input = match serde_json::to_value(&r.input) {
            Ok(Value::Object(o)) => {
                Value::Object(o.into_iter().map(|(k, v)| (camel(&k), v)).collect())
            }
            _ => Value::Null,
        };
        Roadmap {
            input,
            years: r
                .years
                .into_iter()
                .map(|y| RoadmapYear {
                    year: y.year,
                    workforce: y.workforce,
                    coverage_percent: y.coverage_percent,
                    members: y.members,
                    additional_members: y.additional_members,
                    subsidised_members: y.subsidised_members,
                    cost_per_worker: y.cost_per_worker,
                    subsidy_budget: y.subsidy_budget,
                })
                .collect(),
            total_subsidy: r.total_subsidy,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{policy, same};

    #[test]
    fn every_field_of_the_core_crosses_unchanged() {
        let input = iuran::RoadmapInput {
            baseline_year: 2025,
            baseline_percent: Some("26.30".parse().unwrap()),
            baseline_members: None,
            workforce: 400_000,
            workforce_growth_percent: "2".parse().unwrap(),
            target_year: 2030,
            target_percent: "40".parse().unwrap(),
            path: iuran::roadmap::Path::ConstantGrowth,
            subsidy_share_percent: "50".parse().unwrap(),
            source: Some("dbhcht".into()),
            sector: None,
        };
        let r = policy("trenggalek-2025").roadmap(&input).unwrap();
        same(&r, &Roadmap::from(r.clone()), &[]);
    }
}
