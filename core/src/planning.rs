//! Budget planning: what one worker costs, how many workers a budget covers, what N
//! workers need, and what must be transferred to BPJS Ketenagakerjaan each month.
//!
//! Every figure comes from the same cost plan as a worker's decision, month by month
//! at the dated rates, so a plan and the decisions it leads to cannot disagree.

use std::collections::BTreeMap;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::exact;
use crate::sector::SectorId;
use crate::summary::Summary;
use crate::{Error, Policy, YearMonth};

/// What covering one worker costs from one source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WorkerCost {
    /// Funding source id.
    pub source: String,
    /// The sector priced, when the cost depends on it.
    pub sector: Option<String>,
    /// First month's contribution.
    #[serde(with = "exact")]
    pub monthly_contribution: Decimal,
    /// Covered months.
    pub months: u32,
    /// Total for the coverage.
    #[serde(with = "exact")]
    pub total: Decimal,
    /// Amount per covered month.
    #[serde(with = "crate::money::exact::map")]
    pub by_month: BTreeMap<YearMonth, Decimal>,
}

/// How many workers a budget covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Capacity {
    /// The cost of one worker.
    pub cost: WorkerCost,
    /// The budget.
    #[serde(with = "exact")]
    pub budget: Decimal,
    /// Workers covered in full.
    pub workers: u64,
    /// What they cost.
    #[serde(with = "exact")]
    pub spent: Decimal,
    /// What is left: less than one more worker.
    #[serde(with = "exact")]
    pub unspent: Decimal,
    /// The source's ceiling (pagu) in the policy, when it has one.
    #[serde(default, with = "exact::option")]
    pub source_budget: Option<Decimal>,
    /// Whether `budget` is more than that ceiling: the answer then counts money the
    /// source does not have.
    #[serde(default)]
    pub exceeds_source_budget: bool,
    /// The source's `max_workers` in the policy, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_max_workers: Option<u64>,
    /// Whether the budget covers more workers than that: allocation then stops at
    /// `source_max_workers`, leaving money unspent.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exceeds_source_max_workers: bool,
}

/// What a number of workers needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Requirement {
    /// The cost of one worker.
    pub cost: WorkerCost,
    /// Workers to cover.
    pub workers: u64,
    /// Budget needed.
    #[serde(with = "exact")]
    pub budget: Decimal,
    /// Amount due per month.
    #[serde(with = "crate::money::exact::map")]
    pub by_month: BTreeMap<YearMonth, Decimal>,
}

/// What is due to BPJS Ketenagakerjaan, month by month and in tranches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Schedule {
    /// One entry per covered month.
    pub months: Vec<Payment>,
    /// The months grouped into consecutive tranches, each due with its first month.
    pub tranches: Vec<Payment>,
    /// Everything due.
    #[serde(with = "exact")]
    pub total: Decimal,
    /// Legal reference of the due date.
    pub reference: String,
    /// The same in Indonesian, where the rate table gives it apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_id: Option<String>,
}

/// One payment: the months it covers, when it is due, and the amount per source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Payment {
    /// First contribution month paid.
    pub from: YearMonth,
    /// Last contribution month paid.
    pub to: YearMonth,
    /// Due date: the due day of the first month.
    pub due: Date,
    /// Amount per funding source id.
    #[serde(with = "crate::money::exact::map")]
    pub by_source: BTreeMap<String, Decimal>,
    /// Total.
    #[serde(with = "exact")]
    pub total: Decimal,
}

fn argument(name: &'static str, message: impl Into<String>) -> Error {
    Error::Argument {
        name,
        message: message.into(),
    }
}

impl Policy {
    /// What one worker costs from a source (the first source when `None`) for the
    /// policy's coverage. When the source pays for sectors that cost differently (a
    /// discount for one group), name the sector.
    ///
    /// ```
    /// # #[cfg(feature = "toml")] {
    /// let p = iuran::Policy::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/policies/tegal-2025.toml"))?;
    /// let c = p.worker_cost(Some("apbd"), None)?;
    /// assert_eq!((c.monthly_contribution.to_string(), c.total.to_string()), ("16800".into(), "67200".into()));
    /// # }
    /// # Ok::<(), iuran::Error>(())
    /// ```
    pub fn worker_cost(
        &self,
        source: Option<&str>,
        sector: Option<&str>,
    ) -> Result<WorkerCost, Error> {
        let s = match source {
            None => 0,
            Some(id) => self
                .spec
                .funding
                .iter()
                .position(|f| f.id == id)
                .ok_or_else(|| {
                    let ids: Vec<&str> = self.spec.funding.iter().map(|f| f.id.as_str()).collect();
                    argument(
                        "source",
                        format!(
                            "no funding source `{id}` (the policy has: {})",
                            ids.join(", ")
                        ),
                    )
                })?,
        };
        let paid: Vec<SectorId> = self
            .taxonomy
            .sectors()
            .map(|(id, _)| id)
            .filter(|id| self.covered.contains(*id) && self.source_for(*id) == Some(s))
            .collect();
        let source_id = self.spec.funding[s].id.clone();
        let priced: Vec<SectorId> = match sector {
            Some(code) => {
                let id = self
                    .taxonomy
                    .sector_by_code(code)
                    .ok_or_else(|| argument("sector", format!("unknown sector code `{code}`")))?;
                if !paid.contains(&id) {
                    return Err(argument(
                        "sector",
                        format!("`{code}` is not paid for by source `{source_id}`"),
                    ));
                }
                vec![id]
            }
            None if paid.is_empty() => {
                return Err(argument(
                    "source",
                    format!("source `{source_id}` pays for no covered sector"),
                ));
            }
            None => paid,
        };
        // The engine's bill: the same money as a decided worker's, at the income basis
        // a worker without a declared income has.
        let price = |id: SectorId| {
            let mut due = vec![0i64; self.months.len()];
            if let Some(bill) = self.plan.bill(id, s as u8) {
                bill.add_by_month(self, crate::batch::Income::Absent, self.plan.all, &mut due);
            }
            self.months
                .iter()
                .zip(due)
                .map(|(m, a)| (*m, Decimal::from(a)))
                .collect::<BTreeMap<YearMonth, Decimal>>()
        };
        let first = price(priced[0]);
        if let Some(other) = priced.iter().find(|id| price(**id) != first) {
            return Err(argument(
                "sector",
                format!(
                    "workers paid by `{source_id}` cost differently by sector (e.g. `{}` and `{}`, through a discount for one group): name the sector",
                    self.taxonomy.sector(priced[0]).code,
                    self.taxonomy.sector(*other).code
                ),
            ));
        }
        Ok(WorkerCost {
            source: source_id,
            sector: sector.map(str::to_owned),
            monthly_contribution: first.values().next().copied().unwrap_or(Decimal::ZERO),
            months: self.months.len() as u32,
            total: first.values().sum(),
            by_month: first,
        })
    }

    /// How many workers a budget covers in full, and what is left over.
    ///
    /// ```
    /// # #[cfg(feature = "toml")] {
    /// // Trenggalek 2025: Rp 2,090,000,000 for 12 months at Rp 16,800.
    /// let p = iuran::Policy::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/policies/trenggalek-2025.toml"))?;
    /// let c = p.capacity("2090000000".parse().unwrap(), None, None)?;
    /// assert_eq!((c.workers, c.unspent.to_string()), (10_367, "12800".to_string()));
    /// # }
    /// # Ok::<(), iuran::Error>(())
    /// ```
    pub fn capacity(
        &self,
        budget: Decimal,
        source: Option<&str>,
        sector: Option<&str>,
    ) -> Result<Capacity, Error> {
        crate::limits::check_budget(budget).map_err(|m| argument("budget", m))?;
        let cost = self.worker_cost(source, sector)?;
        if cost.total.is_zero() {
            return Err(argument(
                "budget",
                "a worker costs nothing under this policy: no capacity to compute",
            ));
        }
        let workers = (budget / cost.total).floor();
        let spent = workers * cost.total;
        let source = self.spec.funding.iter().find(|f| f.id == cost.source);
        let source_budget = source.and_then(|f| f.budget);
        let source_max_workers = source.and_then(|f| f.max_workers);
        let workers: u64 = workers
            .try_into()
            .map_err(|_| argument("budget", "is too large"))?;
        Ok(Capacity {
            source_budget,
            exceeds_source_budget: source_budget.is_some_and(|pagu| budget > pagu),
            source_max_workers,
            exceeds_source_max_workers: source_max_workers.is_some_and(|n| workers > n),
            workers,
            spent,
            unspent: budget - spent,
            budget,
            cost,
        })
    }

    /// The budget a number of workers needs, in total and per month.
    pub fn requirement(
        &self,
        workers: u64,
        source: Option<&str>,
        sector: Option<&str>,
    ) -> Result<Requirement, Error> {
        crate::limits::check_plan_workers(workers)?;
        let cost = self.worker_cost(source, sector)?;
        let n = Decimal::from(workers);
        let too_large = || argument("workers", "the budget they need is too large to compute");
        let by_month = cost
            .by_month
            .iter()
            .map(|(m, a)| Ok((*m, a.checked_mul(n).ok_or_else(too_large)?)))
            .collect::<Result<_, Error>>()?;
        Ok(Requirement {
            budget: cost.total.checked_mul(n).ok_or_else(too_large)?,
            by_month,
            workers,
            cost,
        })
    }

    /// What is due per contribution month and per source for an evaluated roster, and
    /// the same grouped into `tranches` consecutive blocks of months (as equal as
    /// possible, longer blocks first), each due by the due day of its first month.
    /// Without a number of tranches, each covered month is one (BPJS Ketenagakerjaan
    /// bills contributions monthly).
    pub fn schedule(&self, summary: &Summary, tranches: Option<u32>) -> Result<Schedule, Error> {
        let n = self.months.len() as u32;
        let tranches = tranches.unwrap_or(n);
        if !(1..=n).contains(&tranches) {
            return Err(argument(
                "tranches",
                format!("must be from 1 to the {n} covered months, found {tranches}"),
            ));
        }
        let due_day = self.rates.payment.due_day as i8;
        // A summary built by hand may hold any amounts: sums are checked, never wrapped.
        let too_large = || argument("summary", "its amounts are too large to add up");
        let sum = |amounts: &mut dyn Iterator<Item = Decimal>| {
            let mut total = Decimal::ZERO;
            for a in amounts {
                total = total.checked_add(a).ok_or_else(too_large)?;
            }
            Ok::<_, Error>(total)
        };
        let payment = |months: &[YearMonth]| -> Result<Payment, Error> {
            let mut by_source = BTreeMap::new();
            for (id, t) in &summary.by_funding_source {
                let a = sum(&mut months.iter().filter_map(|m| t.by_month.get(m)).copied())?;
                by_source.insert(id.clone(), a);
            }
            let first = months[0];
            Ok(Payment {
                from: first,
                to: months[months.len() - 1],
                due: Date::new(first.year() as i16, first.month() as i8, due_day)
                    .map_err(|_| argument("summary", "a covered month has no due date"))?,
                total: sum(&mut by_source.values().copied())?,
                by_source,
            })
        };
        let months: Vec<Payment> = self
            .months
            .chunks(1)
            .map(payment)
            .collect::<Result<_, _>>()?;
        let mut blocks = Vec::with_capacity(tranches as usize);
        let mut start = 0usize;
        for k in 0..tranches {
            let len = (n / tranches + u32::from(k < n % tranches)) as usize;
            blocks.push(payment(&self.months[start..start + len])?);
            start += len;
        }
        Ok(Schedule {
            total: sum(&mut months.iter().map(|p| p.total))?,
            months,
            tranches: blocks,
            reference: self.rates.payment.reference.clone(),
            reference_id: self.rates.payment.reference_id.clone(),
        })
    }
}
