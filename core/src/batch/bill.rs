//! Money in integers: how a covered sector is billed by a funding source, worked out
//! once per policy, and a row's amounts from it.
//!
//! Every amount is `round_rupiah(rate × basis × factor)` (`cost::amount`, the
//! one formula). A flat rate is that amount once; a percentage times a product of
//! decimal factors is an exact ratio of integers, so `floor(basis × num / den)` gives
//! the same rupiah without `Decimal` per row, and the `Decimal` formula is used when a
//! product would not fit. A property test holds the two equal.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::plan::{MonthSet, first_months};
use crate::cost::PlanItem;
use crate::policy::{IncomeBasis, Policy};
use crate::rates::IncomeRule;
use crate::sector::SectorId;

/// One distinct (rate, factor) of a bill, with how often it is billed.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    rate: usize,
    factor: Decimal,
    /// Months billed.
    count: u32,
    /// Billed in the first month.
    first: bool,
    /// The amount as integer arithmetic, when exact.
    exact: Exact,
}

/// A term's amount without `Decimal` per row.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Exact {
    Flat(i64),
    Ratio {
        num: i128,
        den: i128,
    },
    /// Too many digits for `i128`: use `Decimal`.
    Decimal,
}

impl Term {
    pub(crate) fn new(policy: &Policy, rate: usize, factor: Decimal) -> Term {
        let r = &policy.rates.rates[rate];
        let exact = match (r.percent, r.amount) {
            (None, Some(_)) => Exact::Flat(whole(crate::cost::amount(
                &policy.rates,
                rate,
                factor,
                Decimal::ZERO,
            ))),
            (Some(p), _) => {
                let scale = p.scale() + factor.scale();
                let num = p.mantissa().checked_mul(factor.mantissa());
                let den = 10i128.checked_pow(scale).and_then(|d| d.checked_mul(100));
                match (num, den) {
                    (Some(num), Some(den)) if num.abs() < 10i128.pow(20) => {
                        Exact::Ratio { num, den }
                    }
                    _ => Exact::Decimal,
                }
            }
            (None, None) => Exact::Flat(0),
        };
        Term {
            rate,
            factor,
            count: 0,
            first: false,
            exact,
        }
    }

    /// The amount for an income basis: the same value as
    /// `round_rupiah(rate.exact_amount(basis) * factor)`, in integers when exact (the
    /// basis is made a `Decimal` only when they are not).
    pub(crate) fn amount(&self, policy: &Policy, basis: Basis) -> i64 {
        match (self.exact, basis.whole()) {
            (Exact::Flat(a), _) => a,
            (Exact::Ratio { num, den }, Some(b)) if b >= 0 => {
                // Both factors in `i64` (a whole rupiah basis, a rate of a few digits):
                // one widening multiplication, which cannot overflow.
                let x = match (i64::try_from(b), i64::try_from(num)) {
                    (Ok(b), Ok(n)) => i128::from(b) * i128::from(n),
                    _ => match b.checked_mul(num) {
                        Some(x) => x,
                        None => return self.decimal_amount(policy, basis.decimal()),
                    },
                };
                // `i64` division when it fits: the same quotient, without `__divti3`.
                match (i64::try_from(x), i64::try_from(den)) {
                    (Ok(x), Ok(d)) => x.div_euclid(d),
                    _ => x.div_euclid(den) as i64,
                }
            }
            _ => self.decimal_amount(policy, basis.decimal()),
        }
    }

    pub(crate) fn decimal_amount(&self, policy: &Policy, basis: Decimal) -> i64 {
        whole(crate::cost::amount(
            &policy.rates,
            self.rate,
            self.factor,
            basis,
        ))
    }

    #[cfg(all(test, feature = "toml"))]
    pub(crate) fn is_ratio(&self) -> bool {
        matches!(self.exact, Exact::Ratio { .. })
    }
}

/// A row's income basis.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Basis {
    /// Whole rupiah from [`IncomeRule::whole_basis_from`]: no `Decimal` unless a
    /// term's amount needs one.
    Whole(i64),
    /// The basis as [`Policy::income_basis`] gives it, and it as a whole number when
    /// it is one.
    Other { basis: Decimal, whole: Option<i128> },
}

impl Basis {
    /// The basis `Decimal` arithmetic uses.
    pub(crate) fn decimal(self) -> Decimal {
        match self {
            Basis::Whole(w) => Decimal::from(w),
            Basis::Other { basis, .. } => basis,
        }
    }

    /// The basis as a whole number, when it is one.
    pub(crate) fn whole(self) -> Option<i128> {
        match self {
            Basis::Whole(w) => Some(i128::from(w)),
            Basis::Other { whole, .. } => whole,
        }
    }

    /// A basis worked out in `Decimal`.
    pub(crate) fn of(basis: Decimal) -> Basis {
        Basis::Other {
            basis,
            whole: whole_basis(basis),
        }
    }
}

/// A basis as a whole number, when it is one.
pub(crate) fn whole_basis(basis: Decimal) -> Option<i128> {
    basis
        .fract()
        .is_zero()
        .then(|| basis.trunc().to_i128())
        .flatten()
}

pub(crate) fn whole(d: Decimal) -> i64 {
    d.to_i64().expect("a contribution fits in i64 rupiah")
}

/// A declared income as the kernel holds it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Income {
    Absent,
    /// Whole rupiah.
    Whole(i64),
    /// Anything else (a fraction, beyond `i64`).
    Other(Decimal),
}

impl Income {
    pub(crate) fn of(value: Option<Decimal>) -> Income {
        match value {
            None => Income::Absent,
            Some(d) => d
                .fract()
                .is_zero()
                .then(|| d.to_i64())
                .flatten()
                .map_or(Income::Other(d), Income::Whole),
        }
    }

    pub(crate) fn decimal(self) -> Option<Decimal> {
        match self {
            Income::Absent => None,
            Income::Whole(v) => Some(Decimal::from(v)),
            Income::Other(d) => Some(d),
        }
    }
}

/// How one covered sector is billed by one source, worked out once per policy.
#[derive(Debug, Clone)]
pub(crate) struct SectorBill {
    /// Amount per covered month at a fixed basis (minimum or fixed income).
    pub(crate) by_month: Vec<i64>,
    /// At a fixed basis: (first month, total).
    fixed: Option<(i64, i64)>,
    /// Each distinct (rate, factor), for a declared basis.
    terms: Vec<Term>,
    /// Per month, the terms billed.
    month_terms: Vec<Vec<usize>>,
    /// The income rule's [`IncomeRule::whole_minimum`], asked once: a whole income's
    /// basis without `Decimal`.
    whole_minimum: Option<i64>,
}

impl SectorBill {
    pub(crate) fn new(policy: &Policy, sector: SectorId, source: usize) -> SectorBill {
        let fixed = policy.spec.coverage.income != IncomeBasis::Declared;
        let basis = policy.income_basis(None);
        let plan = policy.cost_plan(sector, source);
        let mut bill = SectorBill {
            by_month: vec![0; policy.months.len()],
            fixed: None,
            terms: Vec::new(),
            month_terms: vec![Vec::new(); policy.months.len()],
            whole_minimum: policy.rates.income.whole_minimum(),
        };
        let (mut monthly, mut total) = (0, 0);
        for item in &plan.items {
            if fixed {
                let a = whole(item.amount(&policy.rates, basis));
                total += a;
                bill.by_month[item.month_index] += a;
                if item.month_index == 0 {
                    monthly += a;
                }
            }
            bill.add_term(policy, item);
        }
        bill.fixed = fixed.then_some((monthly, total));
        bill
    }

    fn add_term(&mut self, policy: &Policy, item: &PlanItem) {
        let t = self
            .terms
            .iter()
            .position(|t| t.rate == item.rate && t.factor == item.factor)
            .unwrap_or_else(|| {
                self.terms.push(Term::new(policy, item.rate, item.factor));
                self.terms.len() - 1
            });
        self.terms[t].count += 1;
        self.terms[t].first |= item.month_index == 0;
        self.month_terms[item.month_index].push(t);
    }

    /// A covered row's money over the months it is covered: (its first month, total).
    pub(crate) fn cost(&self, policy: &Policy, income: Income, months: MonthSet) -> (i64, i64) {
        if months == first_months(self.by_month.len()) {
            return self.cost_all(policy, income);
        }
        let first = months.trailing_zeros() as usize;
        if self.fixed.is_some() {
            let total = each_month(months).map(|m| self.by_month[m]).sum();
            return (self.by_month.get(first).copied().unwrap_or(0), total);
        }
        let mut due = vec![0; self.by_month.len()];
        self.add_by_month(policy, income, months, &mut due);
        (due.get(first).copied().unwrap_or(0), due.iter().sum())
    }

    /// A row covered in every month: (first month, total).
    fn cost_all(&self, policy: &Policy, income: Income) -> (i64, i64) {
        if let Some(fixed) = self.fixed {
            return fixed;
        }
        let basis = self.basis(policy, income);
        let mut monthly = 0;
        let mut total = 0;
        for t in &self.terms {
            let a = t.amount(policy, basis);
            total += a * i64::from(t.count);
            if t.first {
                monthly += a;
            }
        }
        (monthly, total)
    }

    /// What a paid row is due in each month it is covered, added to `due` (one entry
    /// per covered month of the policy).
    pub(crate) fn add_by_month(
        &self,
        policy: &Policy,
        income: Income,
        months: MonthSet,
        due: &mut [i64],
    ) {
        if self.fixed.is_some() {
            for m in each_month(months) {
                due[m] += self.by_month[m];
            }
            return;
        }
        let basis = self.basis(policy, income);
        // Each term's amount once, then added to the months that bill it.
        let mut small = [0i64; 8];
        let mut large = Vec::new();
        let amounts: &mut [i64] = if self.terms.len() <= small.len() {
            &mut small[..self.terms.len()]
        } else {
            large.resize(self.terms.len(), 0);
            &mut large
        };
        for (a, t) in amounts.iter_mut().zip(&self.terms) {
            *a = t.amount(policy, basis);
        }
        for m in each_month(months) {
            for &t in &self.month_terms[m] {
                due[m] += amounts[t];
            }
        }
    }
}

/// The indexes of the months in a set, in order.
pub(crate) fn each_month(months: MonthSet) -> impl Iterator<Item = usize> {
    let mut rest = months;
    std::iter::from_fn(move || {
        (rest != 0).then(|| {
            let m = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            m
        })
    })
}

impl SectorBill {
    /// The income basis of a declared income: without `Decimal` arithmetic when the
    /// basis is `max(income, minimum)` of a whole income.
    fn basis(&self, policy: &Policy, income: Income) -> Basis {
        let declared = match income {
            Income::Absent => None,
            Income::Whole(v) => Some(v),
            Income::Other(_) => return Basis::of(policy.income_basis(income.decimal())),
        };
        match self.whole_minimum {
            Some(m) => Basis::Whole(IncomeRule::whole_basis_from(m, declared)),
            None => Basis::of(policy.income_basis(income.decimal())),
        }
    }
}

impl Policy {
    /// For every covered sector and every source allowed to pay for it, the bill.
    pub(crate) fn sector_bills(&self) -> Vec<Vec<Option<SectorBill>>> {
        self.taxonomy
            .sectors()
            .map(|(id, _)| {
                (0..self.sources.len())
                    .map(|source| {
                        (self.covered.contains(id) && self.sources[source].sectors.contains(id))
                            .then(|| SectorBill::new(self, id, source))
                    })
                    .collect()
            })
            .collect()
    }
}

#[cfg(all(test, feature = "toml"))] // its cases are written in TOML
mod tests {
    use super::*;

    proptest::proptest! {
        /// Integer arithmetic gives exactly the `Decimal` formula's rupiah, for the
        /// percentages where binary floats go wrong (0.24%, 1.74%) and the discounts.
        #[test]
        fn integer_terms_equal_the_decimal_formula(
            income in 0i64..50_000_000,
            percent in proptest::sample::select(vec!["0.24", "0.54", "0.89", "1.27", "1.74", "1", "2", "0.3"]),
            factor in proptest::sample::select(vec!["1", "0.5", "0.01", "0.333"]),
        ) {
            let table = crate::RateTable::builtin().merged(&format!(
                "[[rate]]\nid = 'bpu-jkk'\nprogramme = 'JKK'\nsegment = 'BPU'\npercent = '{percent}'\nfrom = '2015-07'\nreference = 'x'\nstatus = 'unverified'\n"
            )).unwrap();
            let spec = crate::PolicySpec::from_toml("id='x'\nname='x'\nregency='3328'\nfiscal_year=2025\ncoverage={start='2025-01',months=1,income='declared'}\n[[funding]]\nid='a'\nkind='APBD'\n").unwrap();
            let policy = Policy::compile_with(spec, table.into(), crate::Taxonomy::builtin().clone().into()).unwrap();
            let rate = policy.rates.rates.iter().position(|r| r.id == "bpu-jkk").unwrap();
            let term = Term::new(&policy, rate, factor.parse().unwrap());
            let basis = Decimal::from(income);
            proptest::prop_assert!(term.is_ratio());
            proptest::prop_assert_eq!(term.amount(&policy, Basis::of(basis)), term.decimal_amount(&policy, basis));
            proptest::prop_assert_eq!(term.amount(&policy, Basis::Whole(income)), term.decimal_amount(&policy, basis));
        }
    }
}
