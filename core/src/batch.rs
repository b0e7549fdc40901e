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
pub use columns::{Amounts, Bitmap, Columns, Dates, Flags, Floats, Ints, Strings};
pub use kernel::CHUNK;
pub(crate) use kernel::{Duplicates, Judged, Kernel, income_at};
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
    /// # Ok::<(), iuran::Error>(())
    /// ```
    pub fn evaluate_columns_into(
        &self,
        columns: &Columns<'_>,
        out: &mut Outcome,
    ) -> Result<(), Error> {
        self.evaluate_columns_marked(columns, &[], &|i| i as u64 + 1, out)
    }

    /// [`Policy::evaluate_columns_into`], with the rows in `malformed` (ascending)
    /// given `malformed_row`, as the roster path does for rows whose cells do not
    /// match the header; `label(i)` names row `i` for the duplicates of its NIK.
    pub(crate) fn evaluate_columns_marked(
        &self,
        columns: &Columns<'_>,
        malformed: &[usize],
        label: &dyn Fn(usize) -> u64,
        out: &mut Outcome,
    ) -> Result<(), Error> {
        columns.check()?;
        out.fit(columns.len);
        let mut duplicates = Vec::new();
        let mut index = Duplicates::default();
        if columns.nik.is_some() {
            index.reserve(columns.len);
        }
        index.mark(columns.nik.as_ref(), columns.len, label, &mut duplicates);
        Kernel::new(self).run(columns, malformed, &duplicates, out);
        if self.has_ceilings() {
            let candidates: Vec<Candidate> = (0..columns.len)
                .filter(|i| out.eligible[*i])
                .map(|i| candidate(columns, out, i, i))
                .collect();
            let placements = self.allocate(&candidates);
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
                    bill.cost(self, Income::of(income));
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

    /// Totals over an outcome: the same [`Summary`] as evaluating the roster gives.
    pub fn summarize(&self, columns: &Columns<'_>, outcome: &Outcome) -> Summary {
        let mut tally = Tally::new(self);
        tally.add(columns, outcome);
        tally.summary()
    }
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
    }
}
