//! The engine's answers for a batch of rows, as columns.

use crate::reason::ReasonSet;
use crate::sector::SectorId;

/// The answers for every row, as columns.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outcome {
    /// Whether each row is covered.
    pub eligible: Vec<bool>,
    /// The reason codes of each row (empty when eligible).
    pub reasons: Vec<ReasonSet>,
    /// The sector each occupation mapped to.
    pub sector: Vec<Option<SectorId>>,
    /// The paying source, as an index into the policy's `funding` list.
    pub funding_source: Vec<Option<u8>>,
    /// First month's contribution, whole rupiah (0 when not covered).
    pub monthly_contribution: Vec<i64>,
    /// Covered months (0 when not covered).
    pub months: Vec<u32>,
    /// Which months each row is covered in, as a set of bits: bit `i` is the policy's
    /// month `i` ([`Policy::months`](crate::Policy::months)); 0 when not covered.
    pub covered_months: Vec<u64>,
    /// Total cost, whole rupiah (0 when not covered).
    pub total_cost: Vec<i64>,
    /// Position in the waiting list of an eligible row the budgets cannot fund
    /// (reason `budget_exhausted`).
    pub waiting_position: Vec<Option<u32>>,
    /// The rows with `duplicate_nik`, each with the row where its NIK first appeared
    /// (its line in a roster file, otherwise its 1-based row number), in row order.
    pub duplicates: Vec<(usize, u64)>,
    /// The funding sources whose head-count cap (`max_workers`) the allocation filled,
    /// one bit per source: what a waiting row's explanation says it waits for.
    pub(crate) seats_full: u64,
}

impl Outcome {
    /// Every row, as the slices the kernel writes.
    pub(crate) fn part(&mut self) -> Part<'_> {
        Part {
            eligible: &mut self.eligible,
            reasons: &mut self.reasons,
            sector: &mut self.sector,
            funding_source: &mut self.funding_source,
            monthly_contribution: &mut self.monthly_contribution,
            months: &mut self.months,
            covered_months: &mut self.covered_months,
            total_cost: &mut self.total_cost,
            waiting_position: &mut self.waiting_position,
        }
    }

    pub(crate) fn row(&self, i: usize) -> Answer {
        Answer {
            reasons: self.reasons[i],
            source: self.funding_source[i],
            total: self.total_cost[i],
            waiting: self.waiting_position[i],
        }
    }

    /// Every vector `n` long, keeping the memory it has: a vector as long stays as it
    /// is (every value is written again), one too short is extended, one without the
    /// capacity is allocated anew (zeroed pages from the system, not a copy).
    pub(crate) fn fit(&mut self, n: usize) {
        fn fit<T: Clone>(v: &mut Vec<T>, n: usize, fill: T) {
            if v.capacity() < n {
                *v = vec![fill; n];
            } else {
                v.truncate(n);
                v.resize(n, fill);
            }
        }
        fit(&mut self.eligible, n, false);
        fit(&mut self.reasons, n, ReasonSet::EMPTY);
        fit(&mut self.sector, n, None);
        fit(&mut self.funding_source, n, None);
        fit(&mut self.monthly_contribution, n, 0);
        fit(&mut self.months, n, 0);
        fit(&mut self.covered_months, n, 0);
        fit(&mut self.total_cost, n, 0);
        fit(&mut self.waiting_position, n, None);
        self.duplicates.clear();
        self.seats_full = 0;
    }

    /// The row where row `i`'s NIK first appeared, when row `i` is a duplicate.
    pub fn first_of(&self, i: usize) -> Option<u64> {
        self.duplicates
            .binary_search_by_key(&i, |d| d.0)
            .ok()
            .map(|k| self.duplicates[k].1)
    }
}

/// Consecutive rows of an [`Outcome`] (all of them, or one thread's share), as the
/// kernel writes them: row 0 of a part is its first row.
pub(crate) struct Part<'a> {
    pub(crate) eligible: &'a mut [bool],
    pub(crate) reasons: &'a mut [ReasonSet],
    pub(crate) sector: &'a mut [Option<SectorId>],
    pub(crate) funding_source: &'a mut [Option<u8>],
    pub(crate) monthly_contribution: &'a mut [i64],
    pub(crate) months: &'a mut [u32],
    pub(crate) covered_months: &'a mut [u64],
    pub(crate) total_cost: &'a mut [i64],
    pub(crate) waiting_position: &'a mut [Option<u32>],
}

impl<'a> Part<'a> {
    /// The first `at` rows and the rest.
    pub(crate) fn split_at(self, at: usize) -> (Part<'a>, Part<'a>) {
        let (eligible, eligible_rest) = self.eligible.split_at_mut(at);
        let (reasons, reasons_rest) = self.reasons.split_at_mut(at);
        let (sector, sector_rest) = self.sector.split_at_mut(at);
        let (funding_source, funding_rest) = self.funding_source.split_at_mut(at);
        let (monthly_contribution, monthly_rest) = self.monthly_contribution.split_at_mut(at);
        let (months, months_rest) = self.months.split_at_mut(at);
        let (covered_months, covered_rest) = self.covered_months.split_at_mut(at);
        let (total_cost, total_rest) = self.total_cost.split_at_mut(at);
        let (waiting_position, waiting_rest) = self.waiting_position.split_at_mut(at);
        (
            Part {
                eligible,
                reasons,
                sector,
                funding_source,
                monthly_contribution,
                months,
                covered_months,
                total_cost,
                waiting_position,
            },
            Part {
                eligible: eligible_rest,
                reasons: reasons_rest,
                sector: sector_rest,
                funding_source: funding_rest,
                monthly_contribution: monthly_rest,
                months: months_rest,
                covered_months: covered_rest,
                total_cost: total_rest,
                waiting_position: waiting_rest,
            },
        )
    }
}

/// One row's answer, as [`crate::compare`] reads it from an [`Outcome`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Answer {
    pub(crate) reasons: ReasonSet,
    pub(crate) source: Option<u8>,
    pub(crate) total: i64,
    /// Waiting-list position (budget ceilings).
    pub(crate) waiting: Option<u32>,
}
