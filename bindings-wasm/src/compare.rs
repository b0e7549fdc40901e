//! What-if comparisons in JavaScript's spelling: the core's
//! [`iuran::compare::Comparison`], field by field, money as decimal strings.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;
use tsify::Tsify;

use crate::summary::SourceTotal;

/// The base and every scenario judged on one roster.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct Comparison {
    /// Rows of the roster.
    pub rows: u64,
    /// The base policy's totals.
    pub base: ScenarioTotals,
    /// Each scenario, in the order given.
    pub variants: Vec<VariantResult>,
}

/// One policy's totals on the roster.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct ScenarioTotals {
    /// The scenario's name (`base` for the base).
    pub name: String,
    /// The policy's `id`.
    pub policy_id: String,
    /// Rows of the roster.
    pub rows: u64,
    /// Workers meeting every rule (funded or waiting).
    pub eligible: u64,
    /// Workers paid for.
    pub funded: u64,
    /// Eligible workers the budget ceilings cannot fund.
    pub waiting: u64,
    /// Total cost (decimal string).
    #[serde(with = "iuran::money::exact")]
    #[tsify(type = "string")]
    pub total_cost: Decimal,
    /// Workers and cost per funding source id.
    pub by_source: BTreeMap<String, SourceTotal>,
    /// Per sector code.
    pub by_sector: BTreeMap<String, ScenarioGroup>,
    /// Per district as written in the roster (`(none)` when blank).
    pub by_district: BTreeMap<String, ScenarioGroup>,
    /// Amount due per contribution month (`YYYY-MM` → decimal string).
    #[tsify(type = "Record<string, string>")]
    pub by_month: BTreeMap<String, crate::summary::MoneyString>,
    /// Rows carrying each reason code.
    pub by_reason: BTreeMap<String, u64>,
}

/// Eligible and funded workers and their cost.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ScenarioGroup {
    /// Workers meeting every rule.
    pub eligible: u64,
    /// Workers paid for.
    pub funded: u64,
    /// Their cost (decimal string).
    #[serde(with = "iuran::money::exact")]
    #[tsify(type = "string")]
    pub cost: Decimal,
}

/// The change of a group, scenario minus base.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ScenarioGroupDelta {
    /// Change in eligible workers.
    pub eligible: i64,
    /// Change in funded workers.
    pub funded: i64,
    /// Change in cost (decimal string, negative when it falls).
    #[serde(with = "iuran::money::exact")]
    #[tsify(type = "string")]
    pub cost: Decimal,
}

/// Scenario minus base; every key of either side appears.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct ScenarioDelta {
    /// Change in eligible workers.
    pub eligible: i64,
    /// Change in funded workers.
    pub funded: i64,
    /// Change in waiting workers.
    pub waiting: i64,
    /// Change in total cost (decimal string); the sum of every change's `costDelta`.
    #[serde(with = "iuran::money::exact")]
    #[tsify(type = "string")]
    pub total_cost: Decimal,
    /// Per funding source (`eligible` counts the workers it pays for).
    pub by_source: BTreeMap<String, ScenarioGroupDelta>,
    /// Per sector code.
    pub by_sector: BTreeMap<String, ScenarioGroupDelta>,
    /// Per district.
    pub by_district: BTreeMap<String, ScenarioGroupDelta>,
    /// Per contribution month (`YYYY-MM` → decimal string).
    #[tsify(type = "Record<string, string>")]
    pub by_month: BTreeMap<String, crate::summary::MoneyString>,
}

/// A scenario: its totals, the change against the base, and who changes.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct VariantResult {
    /// Totals under the scenario.
    pub totals: ScenarioTotals,
    /// Scenario minus base.
    pub delta: ScenarioDelta,
    /// Workers changing, per kind of change.
    #[tsify(type = "Partial<Record<ChangeKind, number>>")]
    pub change_counts: BTreeMap<String, u64>,
    /// The first workers whose outcome changes (as many as asked for), in roster order.
    pub changes: Vec<ScenarioChange>,
}

/// One worker whose outcome changes.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct ScenarioChange {
    /// 1-based data row.
    pub row: u64,
    /// Line in the roster file (the header is line 1).
    pub line: Option<u64>,
    /// The NIK, masked (`3328********0001`).
    pub nik: Option<String>,
    /// What changes.
    #[tsify(type = "ChangeKind")]
    pub kind: String,
    /// Under the base.
    pub base: ScenarioSide,
    /// Under the scenario.
    pub variant: ScenarioSide,
    /// Scenario cost minus base cost (decimal string).
    #[serde(with = "iuran::money::exact")]
    #[tsify(type = "string")]
    pub cost_delta: Decimal,
}

/// A worker's outcome under one policy.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct ScenarioSide {
    /// `funded`, `waiting` or `ineligible`.
    #[tsify(type = "\"funded\" | \"waiting\" | \"ineligible\"")]
    pub status: String,
    /// Reason codes (empty when funded).
    pub reasons: Vec<String>,
    /// Paying source id.
    pub funding_source: Option<String>,
    /// Total cost (decimal string).
    #[serde(with = "iuran::money::exact")]
    #[tsify(type = "string")]
    pub total_cost: Decimal,
    /// Waiting-list position.
    pub waiting_position: Option<u32>,
}

fn months(
    m: &BTreeMap<iuran::YearMonth, Decimal>,
) -> BTreeMap<String, crate::summary::MoneyString> {
    m.iter()
        .map(|(k, a)| (k.to_string(), crate::summary::MoneyString(*a)))
        .collect()
}

/// A serde enum's name (`cost_changed`).
fn name(v: &impl serde::Serialize) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn group(g: &iuran::compare::Subtotal) -> ScenarioGroup {
    ScenarioGroup {
        eligible: g.eligible,
        funded: g.funded,
        cost: g.cost,
    }
}

fn group_delta(g: &iuran::compare::GroupDelta) -> ScenarioGroupDelta {
    ScenarioGroupDelta {
        eligible: g.eligible,
        funded: g.funded,
        cost: g.cost,
    }
}

fn totals(t: &iuran::compare::Totals) -> ScenarioTotals {
    ScenarioTotals {
        name: t.name.clone(),
        policy_id: t.policy_id.clone(),
        rows: t.rows,
        eligible: t.eligible,
        funded: t.funded,
        waiting: t.waiting,
        total_cost: t.total_cost,
        by_source: t
            .by_source
            .iter()
            .map(|(k, s)| {
                (
                    k.clone(),
                    SourceTotal {
                        workers: s.workers,
                        cost: s.cost,
                        by_month: months(&s.by_month),
                    },
                )
            })
            .collect(),
        by_sector: t
            .by_sector
            .iter()
            .map(|(k, g)| (k.clone(), group(g)))
            .collect(),
        by_district: t
            .by_district
            .iter()
            .map(|(k, g)| (k.clone(), group(g)))
            .collect(),
        by_month: months(&t.by_month),
        by_reason: t.by_reason.clone(),
    }
}

fn side(s: &iuran::compare::Side) -> ScenarioSide {
    ScenarioSide {
        status: name(&s.status),
        reasons: s.reasons.clone(),
        funding_source: s.funding_source.clone(),
        total_cost: s.total_cost,
        waiting_position: s.waiting_position,
    }
}

impl Comparison {
    /// The core's comparison, keeping the first `max_changes` changes of each scenario.
    pub(crate) fn new(c: &iuran::compare::Comparison, max_changes: usize) -> Comparison {
        let deltas = |m: &BTreeMap<String, iuran::compare::GroupDelta>| {
            m.iter().map(|(k, g)| (k.clone(), group_delta(g))).collect()
        };
        Comparison {
            rows: c.rows,
            base: totals(&c.base),
            variants: c
                .variants
                .iter()
                .map(|v| VariantResult {
                    totals: totals(&v.totals),
                    delta: ScenarioDelta {
                        eligible: v.delta.eligible,
                        funded: v.delta.funded,
                        waiting: v.delta.waiting,
                        total_cost: v.delta.total_cost,
                        by_source: deltas(&v.delta.by_source),
                        by_sector: deltas(&v.delta.by_sector),
                        by_district: deltas(&v.delta.by_district),
                        by_month: months(&v.delta.by_month),
                    },
                    change_counts: v.change_counts.iter().map(|(k, n)| (name(k), *n)).collect(),
                    changes: v
                        .changes
                        .iter()
                        .take(max_changes)
                        .map(|ch| ScenarioChange {
                            row: ch.row,
                            line: ch.line,
                            nik: ch.nik.clone(),
                            kind: name(&ch.kind),
                            base: side(&ch.base),
                            variant: side(&ch.variant),
                            cost_delta: ch.cost_delta,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every field the core serialises crosses, renamed to camelCase, with the same
    /// values (the first `max_changes` changes).
    #[test]
    fn the_core_comparison_crosses_field_by_field() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let base =
            iuran::Policy::from_file(format!("{root}/examples/policies/tegal-2025.toml")).unwrap();
        let s = iuran::Scenario::from_file(format!("{root}/examples/scenarios/usia-50-65.toml"))
            .unwrap();
        let variants = [iuran::compare::Variant::new(
            s.name.clone(),
            s.apply(&base).unwrap(),
        )];
        let roster = iuran::Roster::from_bytes(
            &std::fs::read(format!("{root}/examples/data/sample-tegal-2025.csv")).unwrap(),
        )
        .unwrap();
        let c = iuran::compare::compare(&base, &variants, &roster).unwrap();
        let mut core = serde_json::to_value(&c).unwrap();
        let all = c.variants[0].changes.len();
        core["variants"][0]["changes"] = serde_json::Value::Array(
            core["variants"][0]["changes"].as_array().unwrap()[..3].to_vec(),
        );
        let maps = [
            "by_source",
            "by_sector",
            "by_district",
            "by_month",
            "by_reason",
            "change_counts",
        ];
        let mut want = crate::testing::camel_fields(&core, &maps);
        // The maps' values are structs: their fields are renamed too.
        // The binding writes `null` where the core leaves a field out.
        let got = strip_nulls(serde_json::to_value(Comparison::new(&c, 3)).unwrap());
        for t in ["/base/bySource", "/variants/0/totals/bySource"] {
            for (_, s) in want.pointer_mut(t).unwrap().as_object_mut().unwrap() {
                *s = crate::testing::camel_fields(s, &["by_month"]);
            }
        }
        assert_eq!(got, strip_nulls(want));
        assert!(all > 3);
    }

    fn strip_nulls(v: serde_json::Value) -> serde_json::Value {
        match v {
            serde_json::Value::Object(o) => serde_json::Value::Object(
                o.into_iter()
                    .filter(|(_, x)| !x.is_null())
                    .map(|(k, x)| (k, strip_nulls(x)))
                    .collect(),
            ),
            serde_json::Value::Array(a) => {
                serde_json::Value::Array(a.into_iter().map(strip_nulls).collect())
            }
            v => v,
        }
    }
}
