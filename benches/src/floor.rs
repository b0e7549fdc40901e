//! The floor for the column kernel: the workload's two answers, `eligible` and
//! `monthly_contribution`, by a loop written by hand for exactly this policy over the
//! same columns the kernel reads. It knows what a general engine must work out at run
//! time (the age band as a range of birth days, which dictionary keys are covered
//! sectors and the target regency), writes two vectors instead of the `Outcome`'s
//! eight, and gives no reasons. How close the kernel comes to it is how much the
//! engine's generality costs.

use crate::Workload;

/// Days since 1970-01-01 of the first and last birth date aged 55 to 65 in completed
/// years on 2025-01-01: born 1959-01-02 (65, turning 66 the next day) to 1970-01-01
/// (55 that day).
pub const BIRTH_DAYS: (i32, i32) = (-4_017, 0);

/// The floor's answers, kept between calls like the kernel's reused `Outcome`.
#[derive(Default)]
pub struct Floor {
    /// Whether each row is covered.
    pub eligible: Vec<bool>,
    /// The first month's contribution, whole rupiah (0 when not covered).
    pub monthly_contribution: Vec<i64>,
}

impl Floor {
    /// Evaluate the workload's columns: `covered_sector[key]` and `in_regency[key]` are
    /// the sector and regency dictionaries resolved once, as the kernel's plan does.
    #[allow(clippy::needless_bitwise_bool)] // `&` on purpose: no branch, so the loop vectorises
    pub fn run(&mut self, w: &Workload, covered_sector: &[bool], in_regency: &[bool]) {
        let n = w.len;
        self.eligible.resize(n, false);
        self.monthly_contribution.resize(n, 0);
        let (first, last) = BIRTH_DAYS;
        let row = |birth: i32, sector: i32, regency: i32, income: i64, member: bool| {
            let yes = (first..=last).contains(&birth)
                & (covered_sector.get(sector as usize) == Some(&true))
                & (in_regency.get(regency as usize) == Some(&true))
                & !member;
            (yes, i64::from(yes) * (income.max(1_000_000) / 100 + 6_800))
        };
        // Eight rows per membership byte, so the loop body has no bit arithmetic on the
        // row index and the compiler can unroll it.
        let whole = n / 8 * 8;
        let blocks = w.birth_days[..whole]
            .chunks_exact(8)
            .zip(w.sector[..whole].chunks_exact(8))
            .zip(w.regency[..whole].chunks_exact(8))
            .zip(w.income[..whole].chunks_exact(8))
            .zip(&w.member)
            .zip(
                self.eligible[..whole]
                    .chunks_exact_mut(8)
                    .zip(self.monthly_contribution[..whole].chunks_exact_mut(8)),
            );
        for (((((birth, sector), regency), income), &bits), (eligible, monthly)) in blocks {
            for j in 0..8 {
                let (yes, m) = row(
                    birth[j],
                    sector[j],
                    regency[j],
                    income[j],
                    bits >> j & 1 != 0,
                );
                eligible[j] = yes;
                monthly[j] = m;
            }
        }
        for i in whole..n {
            let member = w.member[i / 8] >> (i % 8) & 1 != 0;
            let (yes, m) = row(
                w.birth_days[i],
                w.sector[i],
                w.regency[i],
                w.income[i],
                member,
            );
            self.eligible[i] = yes;
            self.monthly_contribution[i] = m;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn birth_day_range_is_the_age_band() {
        // 1959-01-02 is 3,651 days before 1970-01-01: 11 years of 365 days plus the
        // leap days of 1960, 1964 and 1968, less the 1 January of 1959.
        assert_eq!(BIRTH_DAYS.0, -(11 * 365 + 3 - 1));
    }

    #[test]
    fn floor_agrees_with_the_reference() {
        let w = Workload::generate(100_000, 2025);
        let mut f = Floor::default();
        f.run(
            &w,
            &[
                true, true, true, true, true, true, false, false, false, false, false, false,
            ],
            &[true, false],
        );
        for i in 0..w.len {
            assert_eq!(
                12 * f.monthly_contribution[i],
                w.reference_cost(i),
                "row {i}"
            );
            assert_eq!(f.eligible[i], w.reference_cost(i) > 0, "row {i}");
        }
    }
}
