//! The shape of a covered worker's bill: which rate row and which adjustments apply in
//! each covered month, for a sector paid by a funding source. The explained path turns
//! it into [`Charge`](crate::Charge)s; the bulk path into per-row totals. Both compute
//! every amount with [`PlanItem::amount`], so they cannot disagree.

use rust_decimal::Decimal;

use crate::YearMonth;
use crate::money::round_rupiah;
use crate::policy::{IncomeBasis, Policy};
use crate::rates::{Programme, RateTable, Segment};
use crate::sector::SectorId;

/// One month and programme of a plan.
#[derive(Debug, Clone)]
pub(crate) struct PlanItem {
    pub(crate) month: YearMonth,
    /// Position of the month in the coverage (0 = first month).
    pub(crate) month_index: usize,
    pub(crate) programme: Programme,
    /// Index into the rate table's rates.
    pub(crate) rate: usize,
    /// Indexes into the rate table's adjustments, in table order.
    pub(crate) adjustments: Vec<usize>,
    /// Product of the adjustments' factors.
    pub(crate) factor: Decimal,
}

impl PlanItem {
    /// The amount billed for an income basis: exact, then rounded down once.
    pub(crate) fn amount(&self, rates: &RateTable, basis: Decimal) -> Decimal {
        amount(rates, self.rate, self.factor, basis)
    }
}

/// The one formula: rate × basis × factor, exact, then rounded down once.
pub(crate) fn amount(rates: &RateTable, rate: usize, factor: Decimal, basis: Decimal) -> Decimal {
    round_rupiah(rates.rates[rate].exact_amount(basis) * factor)
}

/// Every month and programme of a covered worker's bill.
#[derive(Debug, Clone)]
pub(crate) struct CostPlan {
    pub(crate) items: Vec<PlanItem>,
}

impl Policy {
    /// The income basis percentages apply to, for a worker's declared income.
    pub(crate) fn income_basis(&self, declared: Option<Decimal>) -> Decimal {
        let c = &self.spec.coverage;
        match c.income {
            IncomeBasis::Minimum => self.rates.income.minimum,
            IncomeBasis::Declared => self.rates.income.basis(declared),
            IncomeBasis::Fixed => c.income_amount.unwrap_or(self.rates.income.minimum),
        }
    }

    /// The plan for a sector paid by a source, over the covered months.
    pub(crate) fn cost_plan(&self, sector: SectorId, source: usize) -> CostPlan {
        self.cost_plan_for(sector, source, &self.months)
    }

    /// The plan for a sector paid by a source over any months (a roadmap year). A month
    /// without a rate for a programme bought is left out.
    pub(crate) fn cost_plan_for(
        &self,
        sector: SectorId,
        source: usize,
        months: &[YearMonth],
    ) -> CostPlan {
        let programmes = &self.spec.coverage.programmes;
        let group = &self.taxonomy.group(self.taxonomy.sector(sector).group).code;
        let public = self.sources[source].public_payer;
        let mut items = Vec::with_capacity(self.months.len() * programmes.len());
        for (month_index, &month) in months.iter().enumerate() {
            for &programme in programmes {
                let in_force = |r: &crate::rates::Rate| {
                    r.programme == programme && r.segment == Segment::Bpu && r.covers(month)
                };
                // Compile checked every covered month; a roadmap year past the table's
                // last row simply has no charge for that month.
                let Some(rate) = self.rates.rates.iter().position(in_force) else {
                    continue;
                };
                let mut factor = Decimal::ONE;
                let mut adjustments = Vec::new();
                for (i, a) in self.rates.adjustments.iter().enumerate() {
                    let applies = a.segment == Segment::Bpu
                        && a.programmes.contains(&programme)
                        && a.covers(month)
                        && (a.groups.is_empty() || a.groups.contains(group))
                        && !a.except_groups.contains(group)
                        && !(a.not_for_public_payers && public);
                    if applies {
                        factor *= a.factor;
                        adjustments.push(i);
                    }
                }
                items.push(PlanItem {
                    month,
                    month_index,
                    programme,
                    rate,
                    adjustments,
                    factor,
                });
            }
        }
        CostPlan { items }
    }
}
