//! The engine: every decision iuran makes is made here, over columns, a chunk of rows
//! at a time, with no allocation per row.
//!
//! The bindings hand over whole columns (Arrow layouts: offsets and bytes, dictionaries,
//! validity bitmaps, date32 days) as [`Columns`]; roster files are read into the same
//! columns a chunk at a time. [`Policy::evaluate_columns`] returns an [`Outcome`] of
//! plain vectors: eligible, the set of reason codes, the mapped sector, the funding
//! source, and money in whole rupiah. A single worker is a one-row batch. What the
//! engine does not build is text: reasons with their context and messages, and the
//! charges per month and programme, are a view of its answer computed for the rows a
//! person reads (`crate::explain`, [`crate::RowView::decision`]).
//!
//! The modules: `columns` (the input layouts), `plan` (a policy compiled for the
//! kernel), `kernel` (the rules), `bill` (money in integers), `outcome` (the answers),
//! `tally` (the one summariser, for evaluations and comparisons), `calendar` (days).
//!
//! ```
//! # #[cfg(feature = "toml")] {
//! use iuran::batch::{Columns, Strings};
//! use iuran::Policy;
//!
//! let policy = Policy::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/policies/tegal-2025.toml"))?;
//! let nik = [Some("3328011203700001"), Some("3328015003800002"), None];
//! let birth = [Some("1970-03-12"), Some("1980-03-10"), Some("1990-01-01")];
//! let regency = [Some("3328"), Some("3328"), Some("3328")];
//! let sector = [Some("Petani Tembakau"), Some("nelayan"), Some("nelayan")];
//! let columns = Columns {
//!     len: 3,
//!     nik: Some(Strings::Slice(&nik)),
//!     birth_date: Some(iuran::batch::Dates::Text(Strings::Slice(&birth))),
//!     regency: Some(Strings::Slice(&regency)),
//!     sector: Some(Strings::Slice(&sector)),
//!     ..Columns::default()
//! };
//! let out = policy.evaluate_columns(&columns)?;
//! assert_eq!(out.eligible, [true, true, false]);
//! assert_eq!(out.reasons[2].to_string(), "missing_field");
//! assert_eq!(out.total_cost, [67_200, 67_200, 0]);
//! assert_eq!(out.funding_source, [Some(0), Some(1), None]);
//! # }
//! # Ok::<(), iuran::Error>(())
//! ```

use rust_decimal::Decimal;

use crate::Error;
use crate::allocation::{Candidate, Placement};
use crate::decision::Decision;
use crate::policy::Policy;
use crate::reason::{ReasonCode, ReasonSet};
use crate::summary::Summary;

mod bill;
mod calendar;
mod columns;
pub(crate) mod kernel;
mod outcome;
pub(crate) mod plan;
pub(crate) mod stream;
pub(crate) mod tally;

pub(crate) use bill::{Income, SectorBill};
pub(crate) use calendar::{date_from_days, days_from_date};
pub use columns::{
    Amounts, Bitmap, Columns, Dates, Flags, Floats, IntColumn, Integers, Ints, Keys, Strings,
    TimeUnit,
};
pub use kernel::CHUNK;
pub(crate) use kernel::{Duplicates, Judged, Kernel, NikCell, each_nik, income_at};
pub(crate) use outcome::Answer;
pub use outcome::Outcome;
pub(crate) use plan::Plan;
pub(crate) use tally::Tally;

impl Policy {
    /// Evaluate every row of a roster given as columns.
    ///
    /// The same answers as [`Policy::evaluate_roster`] row by row (reasons as sets of
    /// codes, money as whole rupiah); duplicate NIKs are flagged on their second and
    /// later rows. Errors only when the columns fail [`Columns::check`] (a column
    /// shorter than `len`, an income or decile stored as floats that are not whole).
    pub fn evaluate_columns(&self, columns: &Columns<'_>) -> Result<Outcome, Error> {
        let mut out = Outcome::default();
        self.evaluate_columns_into(columns, &mut out)?;
        Ok(out)
    }

    /// [`Policy::evaluate_columns`] into an outcome the caller keeps: its vectors are
    /// overwritten (and resized to `columns.len`), so a loop over many rosters (or
    /// chunks of one) reuses their memory instead of paying for fresh pages on every
    /// call. On error, `out` is left as it was.
    ///
    /// ```
    /// # #[cfg(feature = "toml")] {
    /// use iuran::batch::{Columns, Dates, Outcome, Strings};
    /// use iuran::Policy;
    ///
    /// let policy = Policy::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/policies/tegal-2025.toml"))?;
    /// let mut out = Outcome::default();
    /// for sector in ["nelayan", "pedagang"] {
    ///     let columns = Columns {
    ///         len: 1,
    ///         nik: Some(Strings::Slice(&[Some("3328015003800002")])),
    ///         birth_date: Some(Dates::Text(Strings::Slice(&[Some("1980-03-10")]))),
    ///         regency: Some(Strings::Slice(&[Some("3328")])),
    ///         sector: Some(Strings::Slice(&[Some(sector)])),
    ///         ..Columns::default()
    ///     };
    ///     policy.evaluate_columns_into(&columns, &mut out)?;
    ///     assert_eq!(out, policy.evaluate_columns(&columns)?);
    ///     assert_eq!(out.eligible.len(), 1);
    /// }
    /// assert_eq!(out.eligible, [false]);
    /// assert_eq!(out.reasons[0].to_string(), "sector_not_covered");
    /// # }
    /// # Ok::<(), iuran::Error>(())
    /// ```
    pub fn evaluate_columns_into(
        &self,
        columns: &Columns<'_>,
        out: &mut Outcome,
    ) -> Result<(), Error> {
        self.evaluate_columns_marked(columns, &[], &|i| i as u64 + 1, 1, out)
    }

    /// [`Policy::evaluate_columns`] with the rows shared out over up to `threads`
    /// threads (0: as many as the cores this process may use): the same answers, row for row, whatever the number of
    /// threads. The index of NIKs before and the allocation under budget ceilings
    /// after are one sequential step each (both depend on every row); each thread
    /// judges and prices a run of consecutive rows into its share of the outcome.
    ///
    /// ```
    /// # #[cfg(feature = "toml")] {
    /// use iuran::batch::{Columns, Dates, Strings};
    /// use iuran::Policy;
    ///
    /// let policy = Policy::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/policies/tegal-2025.toml"))?;
    /// let birth: Vec<Option<&str>> = (0..100_000).map(|i| Some(if i % 3 == 0 { "1970-03-12" } else { "" })).collect();
    /// let regency = vec![Some("3328"); 100_000];
    /// let sector = vec![Some("nelayan"); 100_000];
    /// let columns = Columns {
    ///     len: 100_000,
    ///     birth_date: Some(Dates::Text(Strings::Slice(&birth))),
    ///     regency: Some(Strings::Slice(&regency)),
    ///     sector: Some(Strings::Slice(&sector)),
    ///     ..Columns::default()
    /// };
    /// assert_eq!(policy.evaluate_columns_threads(&columns, 2)?, policy.evaluate_columns(&columns)?);
    /// # }
    /// # Ok::<(), iuran::Error>(())
    /// ```
    pub fn evaluate_columns_threads(
        &self,
        columns: &Columns<'_>,
        threads: usize,
    ) -> Result<Outcome, Error> {
        let mut out = Outcome::default();
        self.evaluate_columns_marked(columns, &[], &|i| i as u64 + 1, threads, &mut out)?;
        Ok(out)
    }

    /// [`Policy::evaluate_columns_into`], with the rows in `malformed` (ascending)
    /// given `malformed_row`, as the roster path does for rows whose cells do not
    /// match the header; `label(i)` names row `i` for the duplicates of its NIK.
    pub(crate) fn evaluate_columns_marked(
        &self,
        columns: &Columns<'_>,
        malformed: &[usize],
        label: &dyn Fn(usize) -> u64,
        threads: usize,
        out: &mut Outcome,
    ) -> Result<(), Error> {
        columns.check()?;
        out.fit(columns.len);
        let mut duplicates = Vec::new();
        let mut index = Duplicates::default();
        index.reserve_for(columns.nik.as_ref(), columns.len);
        index.mark(columns.nik.as_ref(), columns.len, label, &mut duplicates);
        let shares = shares(columns.len, threads);
        if let [_] = &shares[..] {
            Kernel::new(self).run(columns, malformed, &duplicates, out);
        } else {
            std::thread::scope(|s| {
                let mut rest = out.part();
                for range in &shares {
                    let (here, tail) = rest.split_at(range.len());
                    rest = tail;
                    let malformed = within(malformed, range, |i| *i, |i, lo| i - lo);
                    let duplicates = within(&duplicates, range, |d| d.0, |d, lo| (d.0 - lo, d.1));
                    let part = columns.slice(range.start, range.len());
                    s.spawn(move || {
                        Kernel::new(self).run_part(&part, &malformed, &duplicates, here);
                    });
                }
            });
            out.duplicates = duplicates;
        }
        if self.has_ceilings() {
            let candidates: Vec<Candidate> = (0..columns.len)
                .filter(|i| out.eligible[*i])
                .map(|i| candidate(columns, out, i, i))
                .collect();
            let placements = self.allocate(&candidates);
            out.seats_full = self.seats_full(&placements);
            for (c, p) in candidates.iter().zip(placements) {
                self.place(out, c.row, p, c.declared_income);
            }
        }
        Ok(())
    }

    /// Row `i` of an outcome moved to where allocation placed it.
    pub(crate) fn place(
        &self,
        out: &mut Outcome,
        i: usize,
        placement: Placement,
        income: Option<Decimal>,
    ) {
        match placement {
            Placement::Funded { source } => {
                let sector = out.sector[i].expect("an eligible row has a sector");
                let bill = self
                    .plan
                    .bill(sector, source as u8)
                    .expect("allocated where allowed");
                (out.monthly_contribution[i], out.total_cost[i]) =
                    bill.cost(self, Income::of(income), out.covered_months[i]);
                out.funding_source[i] = Some(source as u8);
            }
            Placement::Waiting { position } => {
                let mut r = ReasonSet::EMPTY;
                r.insert(ReasonCode::BudgetExhausted);
                out.eligible[i] = false;
                out.reasons[i] = r;
                out.funding_source[i] = None;
                out.monthly_contribution[i] = 0;
                out.months[i] = 0;
                out.covered_months[i] = 0;
                out.total_cost[i] = 0;
                out.waiting_position[i] = Some(position);
            }
        }
    }

    /// Row `i` of columns evaluated into `outcome` (by [`Policy::evaluate_columns`]),
    /// explained: its reasons with their context and messages, or its charges.
    ///
    /// # Panics
    ///
    /// When `i` is not a row of `outcome`.
    pub fn explain_row(&self, columns: &Columns<'_>, outcome: &Outcome, i: usize) -> Decision {
        let facts = crate::explain::RowFacts {
            problems: Vec::new(),
            first_of: outcome.first_of(i),
        };
        self.explain(columns, i, outcome, i, &facts)
    }

    /// Every row's answers handed over a block of rows at a time, never all held at
    /// once: for each share of the rows (`shares`, from [`shares`]), its sink is called
    /// as `sink(first_row, block)` for consecutive blocks of that share (up to
    /// [`CHUNK`] rows; `first_row` counts from the table's first row), each share on
    /// its own thread. The answers are those of [`Policy::evaluate_columns`] (the NIKs
    /// of every row are indexed first), whatever the shares; `block.duplicates` counts
    /// rows from the block's first.
    ///
    /// # Errors
    ///
    /// As [`Columns::check`]; an [`Error::Argument`] when `shares` do not cover the
    /// rows in order, one sink each, or when the policy has budget ceilings (rows are
    /// placed only once every eligible row is known: use
    /// [`Policy::evaluate_columns_threads`]).
    pub fn evaluate_columns_blocks<S>(
        &self,
        columns: &Columns<'_>,
        shares: &[std::ops::Range<usize>],
        sinks: Vec<S>,
    ) -> Result<(), Error>
    where
        S: FnMut(usize, &Outcome) + Send,
    {
        columns.check()?;
        let refuse = |message: &str| Error::Argument {
            name: "shares",
            message: message.to_owned(),
        };
        if self.has_ceilings() {
            return Err(refuse(
                "a policy with budget ceilings is evaluated whole (evaluate_columns_threads)",
            ));
        }
        let mut next = 0;
        for range in shares {
            if range.start != next || range.end < range.start {
                return Err(refuse("shares must cover the rows in order"));
            }
            next = range.end;
        }
        if next != columns.len || sinks.len() != shares.len() {
            return Err(refuse("shares must cover the rows in order, one sink each"));
        }
        let mut duplicates = Vec::new();
        let mut index = Duplicates::default();
        index.reserve_for(columns.nik.as_ref(), columns.len);
        index.mark(
            columns.nik.as_ref(),
            columns.len,
            &|i| i as u64 + 1,
            &mut duplicates,
        );
        let run = |range: &std::ops::Range<usize>, mut sink: S| {
            let duplicates = within(&duplicates, range, |d| d.0, |d, lo| (d.0 - lo, d.1));
            let part = columns.slice(range.start, range.len());
            let mut kernel = Kernel::new(self);
            let mut out = Outcome::default();
            let mut lo = 0;
            while lo < part.len {
                let block = part.slice(lo, CHUNK);
                let here = lo..lo + block.len;
                let block_duplicates = within(&duplicates, &here, |d| d.0, |d, lo| (d.0 - lo, d.1));
                out.fit(block.len);
                kernel.run(&block, &[], &block_duplicates, &mut out);
                sink(range.start + lo, &out);
                lo += block.len;
            }
        };
        if shares.len() == 1 {
            for (range, sink) in shares.iter().zip(sinks) {
                run(range, sink);
            }
        } else {
            std::thread::scope(|s| {
                for (range, sink) in shares.iter().zip(sinks) {
                    let run = &run;
                    s.spawn(move || run(range, sink));
                }
            });
        }
        Ok(())
    }

    /// The totals of columns, without their per-row answers: the same [`Summary`] as
    /// [`Policy::summarize`] over [`Policy::evaluate_columns`], with memory for one
    /// chunk of answers instead of every row's. A policy with budget ceilings needs
    /// every eligible row before any is placed, so it is evaluated whole.
    pub fn summarize_columns(&self, columns: &Columns<'_>) -> Result<Summary, Error> {
        // Several kernel chunks at a time: the tally's fixed cost per call is small.
        const ROWS: usize = 4 * CHUNK;
        if self.has_ceilings() {
            let out = self.evaluate_columns(columns)?;
            return Ok(self.summarize(columns, &out));
        }
        columns.check()?;
        let mut index = Duplicates::default();
        index.reserve_for(columns.nik.as_ref(), columns.len);
        let mut kernel = Kernel::new(self);
        let mut tally = Tally::new(self);
        let mut out = Outcome::default();
        let mut duplicates = Vec::new();
        let mut lo = 0;
        while lo < columns.len {
            let part = columns.slice(lo, ROWS);
            duplicates.clear();
            index.mark(
                part.nik.as_ref(),
                part.len,
                &|i| (lo + i) as u64 + 1,
                &mut duplicates,
            );
            out.fit(part.len);
            kernel.run(&part, &[], &duplicates, &mut out);
            tally.add(&part, &out);
            lo += part.len;
        }
        Ok(tally.summary())
    }

    /// Totals over an outcome: the same [`Summary`] as evaluating the roster gives.
    pub fn summarize(&self, columns: &Columns<'_>, outcome: &Outcome) -> Summary {
        let mut tally = Tally::new(self);
        tally.add(columns, outcome);
        tally.summary()
    }
}

/// Rows `0..len` shared out for up to `threads` threads (0: as many as the cores this
/// process may use): consecutive runs of whole [`CHUNK`]s (the last may be shorter),
/// at least one run, as even as whole chunks allow.
///
/// ```
/// use iuran::batch::{CHUNK, shares};
///
/// assert_eq!(shares(10, 4), [0..10]);
/// assert_eq!(shares(3 * CHUNK, 2), [0..2 * CHUNK, 2 * CHUNK..3 * CHUNK]);
/// ```
pub fn shares(len: usize, threads: usize) -> Vec<std::ops::Range<usize>> {
    let threads = if threads == 0 {
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
    } else {
        threads
    };
    let threads = threads.clamp(1, len.div_ceil(CHUNK).max(1));
    let share = len.div_ceil(threads).next_multiple_of(CHUNK).max(CHUNK);
    let mut out = Vec::with_capacity(threads);
    let mut lo = 0;
    while lo < len || out.is_empty() {
        let hi = (lo + share).min(len);
        out.push(lo..hi);
        lo = hi;
    }
    out
}

/// The items of `items` (ascending by `row`) whose row is in `range`, moved to count
/// from its start.
fn within<T: Copy>(
    items: &[T],
    range: &std::ops::Range<usize>,
    row: impl Fn(&T) -> usize,
    shift: impl Fn(&T, usize) -> T,
) -> Vec<T> {
    let first = items.partition_point(|t| row(t) < range.start);
    items[first..]
        .iter()
        .take_while(|t| row(t) < range.end)
        .map(|t| shift(t, range.start))
        .collect()
}

/// An eligible row of an outcome as allocation sees it; `row` is its position in
/// the whole roster.
pub(crate) fn candidate(columns: &Columns<'_>, out: &Outcome, i: usize, row: usize) -> Candidate {
    Candidate {
        row,
        sector: out.sector[i].expect("an eligible row has a sector"),
        birth_date: columns.birth_date.as_ref().and_then(|c| c.cell(i).value()),
        welfare_decile: columns
            .welfare_decile
            .as_ref()
            .and_then(|c| c.cell(i).value()),
        declared_income: income_at(columns, i).decimal(),
        months: out.covered_months[i],
    }
}
