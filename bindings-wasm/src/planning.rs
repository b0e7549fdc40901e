//! Budget planning in JavaScript's spelling: what one worker costs, how many workers a
//! budget covers, what N workers need, and what is due to BPJS Ketenagakerjaan month
//! by month and in tranches. Every figure is the core's ([`iuran::planning`]).

use std::collections::BTreeMap;

use crate::summary::MoneyString;
use rust_decimal::Decimal;
use serde::Serialize;
use tsify::Tsify;

use crate::error::Error;

/// What covering one worker costs from one funding source.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct WorkerCost {
    /// Funding source id.
    pub source: String,
    /// The sector priced, when the cost depends on it (else `null`).
    pub sector: Option<String>,
    /// The first month's contribution (decimal string).
    #[serde(with = "iuran::money::exact")]
    #[tsify(type = "string")]
    pub monthly_contribution: Decimal,
    /// Covered months.
    pub months: u32,
    /// Total for the coverage (decimal string).
    #[serde(with = "iuran::money::exact")]
    #[tsify(type = "string")]
    pub total: Decimal,
    /// Amount per covered month (`YYYY-MM` → decimal string).
    #[tsify(type = "Record<string, string>")]
    pub by_month: BTreeMap<String, MoneyString>,
}

/// How many workers a budget covers in full, and what is left over.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct Capacity {
    /// The cost of one worker.
    pub cost: WorkerCost,
    /// The budget, as the core read it (decimal string).
    #[serde(with = "iuran::money::exact")]
    #[tsify(type = "string")]
    pub budget: Decimal,
    /// Workers covered in full.
    pub workers: u64,
    /// What they cost (decimal string).
    #[serde(with = "iuran::money::exact")]
    #[tsify(type = "string")]
    pub spent: Decimal,
    /// What is left: less than one more worker (decimal string).
    #[serde(with = "iuran::money::exact")]
    #[tsify(type = "string")]
    pub unspent: Decimal,
    /// The source's ceiling (pagu) in the policy (decimal string), or `null`.
    #[serde(with = "iuran::money::exact::option")]
    #[tsify(type = "string | null")]
    pub source_budget: Option<Decimal>,
    /// Whether the budget asked about is more than that ceiling.
    pub exceeds_source_budget: bool,
}

/// The budget a number of workers needs.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct Requirement {
    /// The cost of one worker.
    pub cost: WorkerCost,
    /// Workers to cover.
    pub workers: u64,
    /// Budget needed (decimal string).
    #[serde(with = "iuran::money::exact")]
    #[tsify(type = "string")]
    pub budget: Decimal,
    /// Amount due per month (`YYYY-MM` → decimal string).
    #[tsify(type = "Record<string, string>")]
    pub by_month: BTreeMap<String, MoneyString>,
}

/// What is due to BPJS Ketenagakerjaan, month by month and in tranches.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct Schedule {
    /// One payment per covered month.
    pub months: Vec<Payment>,
    /// The months grouped into consecutive tranches, each due with its first month.
    pub tranches: Vec<Payment>,
    /// Everything due (decimal string).
    #[serde(with = "iuran::money::exact")]
    #[tsify(type = "string")]
    pub total: Decimal,
    /// Legal reference of the due date.
    pub reference: String,
    /// The same in Indonesian where the rate table gives it apart, else `null`.
    pub reference_id: Option<String>,
}

/// One payment: the months it covers, when it is due, and the amount per source.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct Payment {
    /// First contribution month paid, `YYYY-MM`.
    pub from: String,
    /// Last contribution month paid, `YYYY-MM`.
    pub to: String,
    /// Due date, `YYYY-MM-DD`.
    pub due: String,
    /// Amount per funding source id (decimal strings).
    #[tsify(type = "Record<string, string>")]
    pub by_source: BTreeMap<String, MoneyString>,
    /// Total (decimal string).
    #[serde(with = "iuran::money::exact")]
    #[tsify(type = "string")]
    pub total: Decimal,
}

fn months<K: ToString>(by_month: &BTreeMap<K, Decimal>) -> BTreeMap<String, MoneyString> {
    by_month
        .iter()
        .map(|(m, a)| (m.to_string(), MoneyString(*a)))
        .collect()
}

impl From<iuran::WorkerCost> for WorkerCost {
    fn from(c: iuran::WorkerCost) -> Self {
        WorkerCost {
            by_month: months(&c.by_month),
            source: c.source,
            sector: c.sector,
            monthly_contribution: c.monthly_contribution,
            months: c.months,
            total: c.total,
        }
    }
}

impl From<iuran::Capacity> for Capacity {
    fn from(c: iuran::Capacity) -> Self {
        Capacity {
            cost: c.cost.into(),
            budget: c.budget,
            workers: c.workers,
            spent: c.spent,
            unspent: c.unspent,
            source_budget: c.source_budget,
            exceeds_source_budget: c.exceeds_source_budget,
        }
    }
}

impl From<iuran::Requirement> for Requirement {
    fn from(r: iuran::Requirement) -> Self {
        Requirement {
            by_month: months(&r.by_month),
            cost: r.cost.into(),
            workers: r.workers,
            budget: r.budget,
        }
    }
}

impl From<iuran::planning::Payment> for Payment {
    fn from(p: iuran::planning::Payment) -> Self {
        Payment {
            from: p.from.to_string(),
            to: p.to.to_string(),
            due: p.due.to_string(),
            by_source: months(&p.by_source),
            total: p.total,
        }
    }
}

impl From<iuran::Schedule> for Schedule {
    fn from(s: iuran::Schedule) -> Self {
        Schedule {
            months: s.months.into_iter().map(Payment::from).collect(),
            tranches: s.tranches.into_iter().map(Payment::from).collect(),
            total: s.total,
            reference: s.reference,
            reference_id: s.reference_id,
        }
    }
}

/// The budget argument: rupiah as people write them, read by the core
/// ([`iuran::money::parse_budget`]).
pub(crate) fn budget(text: &str) -> Result<Decimal, Error> {
    Ok(iuran::money::parse_budget(text)?)
}

/// A count JavaScript passes as a number: a whole number from 0 to
/// `Number.MAX_SAFE_INTEGER`. Range checks that depend on the policy are the core's.
pub(crate) fn count(value: f64, arg: &str) -> Result<u64, Error> {
    const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;
    if value.fract() == 0.0 && (0.0..=MAX_SAFE_INTEGER).contains(&value) {
        Ok(value as u64)
    } else {
        Err(Error::argument(
            Some(arg),
            "must be a whole number, 0 or more",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::Summary;
    use crate::testing::{policy, same};

    #[test]
    fn every_field_of_the_core_crosses_unchanged() {
        let p = policy("tegal-2025");
        let c = p
            .capacity(Decimal::from(480_211_250), Some("dbhcht"), None)
            .unwrap();
        same(&c, &Capacity::from(c.clone()), &["by_month"]);
        let r = p.requirement(1000, Some("apbd"), None).unwrap();
        same(&r, &Requirement::from(r.clone()), &["by_month"]);
        let roster = iuran::Roster::from_csv(
            b"nik,birth_date,regency,sector\n3328011203700001,1970-03-12,3328,Nelayan\n",
        )
        .unwrap();
        let summary = p.evaluate_roster(&roster).unwrap().summary;
        let s = p.schedule(&summary, Some(3)).unwrap();
        same(&s, &Schedule::from(s.clone()), &["by_source"]);
        // The summary JavaScript got back reads back as the same summary.
        let js: Summary =
            serde_json::from_value(serde_json::to_value(Summary::new(&summary)).unwrap()).unwrap();
        assert_eq!(iuran::Summary::try_from(js).unwrap(), summary);
    }

    #[test]
    fn budgets_are_read_by_the_core() {
        assert_eq!(
            budget("2.090.000.000").unwrap(),
            Decimal::from(2_090_000_000)
        );
        assert_eq!(budget(" Rp 1.500.000 ").unwrap(), Decimal::from(1_500_000));
        let e = budget("1.5").unwrap_err();
        assert_eq!(
            (e.code(), e.field().as_deref()),
            ("argument", Some("budget"))
        );
        assert_eq!(count(3.0, "workers").unwrap(), 3);
        assert_eq!(
            count(-1.0, "workers").unwrap_err().code(),
            "invalid_argument"
        );
        assert!(count(2.5, "tranches").is_err());
        assert!(count(f64::NAN, "tranches").is_err());
        assert!(count(f64::INFINITY, "tranches").is_err());
    }
}
