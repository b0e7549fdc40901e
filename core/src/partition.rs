//! A roster held in partitions (a Dask or Spark `DataFrame`, a roster read in parts on
//! many machines) decided as one roster: the same answers, row for row, as one
//! [`Policy::evaluate_columns`] call on the partitions concatenated in order, whatever
//! the partitioning.
//!
//! Two answers depend on other rows: whether a NIK appeared on an earlier row
//! (`duplicate_nik`, pointing at the first), and under budget ceilings who is funded
//! and who waits. An engine gets there in passes; every pass but the allocation runs
//! on the partitions in parallel, and the engine moves the data between them (its own
//! shuffle, gather and broadcast):
//!
//! 1. **Keys.** [`nik_keys`] gives each row with a NIK its [`NikKey`] (a salted
//!    128-bit hash: the NIK itself never leaves its partition) and its [`RowOrder`]
//!    (partition and offset); the engine also gathers each partition's length.
//! 2. **First occurrences.** The engine shuffles the keys so that every copy of a key
//!    is in one group; [`first_occurrences`] gives, per group, each row that repeats
//!    an earlier one with the first one's order. These are gathered: duplicates are
//!    the exception.
//! 3. **Contexts.** A [`Layout`] (the partitions' lengths) turns orders into roster
//!    rows and gives each partition its [`PartitionContext`]: its first row, its
//!    duplicates (each pointing at the first occurrence's 1-based roster row) and,
//!    under ceilings, its placements. Contexts cross as bytes ([`PartitionContext::to_bytes`]).
//! 4. **Allocation** (only when the policy has ceilings). Each partition's eligible
//!    rows ([`Policy::partition_candidates`], as bytes) are gathered and allocated
//!    once by [`Policy::allocate_partitions`], which is [`Policy::allocate`] on the
//!    candidates in roster order, as one call would give it them.
//! 5. **Answers.** [`Policy::evaluate_partition`] decides each partition with its
//!    context: the kernel, with the duplicates given instead of found, and the
//!    placements applied as one call applies them. Totals per partition add up
//!    ([`Summary::add`]).
//!
//! ```
//! # #[cfg(feature = "toml")] {
//! use iuran::batch::{Columns, Dates, Strings};
//! use iuran::partition::{first_occurrences, nik_keys, Layout, RowOrder};
//! use iuran::Policy;
//!
//! let policy = Policy::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/policies/tegal-2025.toml"))?;
//! // One roster of three rows in two partitions; row 2 repeats row 0's NIK.
//! let nik = [Some("3328011203700001"), Some("3328015003800002"), Some("3328011203700001")];
//! let birth = [Some("1970-03-12"), Some("1980-03-10"), Some("1970-03-12")];
//! let regency = [Some("3328"); 3];
//! let sector = [Some("nelayan"); 3];
//! let columns = |lo: usize, hi: usize| Columns {
//!     len: hi - lo,
//!     nik: Some(Strings::Slice(&nik[lo..hi])),
//!     birth_date: Some(Dates::Text(Strings::Slice(&birth[lo..hi]))),
//!     regency: Some(Strings::Slice(&regency[lo..hi])),
//!     sector: Some(Strings::Slice(&sector[lo..hi])),
//!     ..Columns::default()
//! };
//! let parts = [columns(0, 2), columns(2, 3)];
//! let salt = 7;
//! let mut keys = Vec::new();
//! for (p, part) in parts.iter().enumerate() {
//!     keys.extend(nik_keys(part, RowOrder::new(p as u64, 0)?, salt)?);
//! }
//! let duplicates = first_occurrences(keys);
//! let layout = Layout::new(vec![2, 1]);
//! let contexts = layout.contexts(&duplicates, None)?;
//! // Tegal's sources have budgets: every partition's candidates are allocated at once.
//! let candidates = parts
//!     .iter()
//!     .zip(&contexts)
//!     .map(|(part, context)| policy.partition_candidates(part, context))
//!     .collect::<Result<Vec<_>, _>>()?;
//! let placements = policy.allocate_partitions(candidates)?;
//! let contexts = layout.contexts(&duplicates, Some(&placements))?;
//! let last = policy.evaluate_partition(&parts[1], &contexts[1])?;
//! assert_eq!(last.reasons[0].to_string(), "duplicate_nik");
//! assert_eq!(last.first_of(0), Some(1)); // roster row 1 (1-based)
//! # }
//! # Ok::<(), iuran::Error>(())
//! ```

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::Error;
use crate::allocation::{Candidate, Kinds, Placement};
use crate::batch::{Columns, Kernel, NikCell, Outcome, candidate, each_nik, income_at};
use crate::policy::{IncomeBasis, Policy, TieBreak};
use crate::summary::{SourceTotal, Summary};

/// Bits of a [`RowOrder`] that hold the offset within the partition (the layout of
/// Spark's `monotonically_increasing_id`).
pub const OFFSET_BITS: u32 = 33;

/// Partitions a roster may have: the order's bits above the offset, less the sign bit
/// (orders stay positive as signed 64-bit integers, the type engines ship).
pub const MAX_PARTITIONS: u64 = 1 << (63 - OFFSET_BITS);

/// Rows a partition may have.
pub const MAX_PARTITION_ROWS: u64 = 1 << OFFSET_BITS;

/// A row's place in the roster: its partition, then its offset in that partition,
/// packed into one number that orders as the roster does (`partition << 33 |
/// offset`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RowOrder(u64);

impl RowOrder {
    /// Row `offset` (from 0) of partition `partition` (from 0).
    ///
    /// # Errors
    /// [`Error::Argument`] when the partition is `MAX_PARTITIONS` or more, or the
    /// offset `MAX_PARTITION_ROWS` or more.
    pub fn new(partition: u64, offset: u64) -> Result<RowOrder, Error> {
        if partition >= MAX_PARTITIONS {
            return Err(argument(
                "partition",
                format!("a roster has at most {MAX_PARTITIONS} partitions"),
            ));
        }
        if offset >= MAX_PARTITION_ROWS {
            return Err(argument(
                "offset",
                format!("a partition has at most {MAX_PARTITION_ROWS} rows"),
            ));
        }
        Ok(RowOrder(partition << OFFSET_BITS | offset))
    }

    /// The packed number (at most `2^63 - 1`).
    pub fn get(self) -> u64 {
        self.0
    }

    /// An order from its packed number.
    ///
    /// # Errors
    /// [`Error::Argument`] when the number is `2^63` or more.
    pub fn from_packed(packed: u64) -> Result<RowOrder, Error> {
        RowOrder::new(packed >> OFFSET_BITS, packed & (MAX_PARTITION_ROWS - 1))
    }

    /// The partition.
    pub fn partition(self) -> u64 {
        self.0 >> OFFSET_BITS
    }

    /// The offset within the partition.
    pub fn offset(self) -> u64 {
        self.0 & (MAX_PARTITION_ROWS - 1)
    }

    /// The order `n` rows further in the same partition.
    fn plus(self, n: usize) -> Result<RowOrder, Error> {
        RowOrder::new(self.partition(), self.offset() + n as u64)
    }
}

/// A NIK as partitions exchange it: a 128-bit salted hash of what duplicate detection
/// compares (a valid NIK's 16 digits, otherwise the cell's trimmed text). Two cells
/// that are the same NIK have the same key. Two valid NIKs that differ never share a
/// key (their hash is a bijection of the 16 digits); a text that is not a valid NIK
/// shares a key with another only by a 128-bit hash collision. The NIK cannot be
/// read back from its key without the salt.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NikKey {
    /// High half (its top bit set for a valid NIK).
    pub hi: u64,
    /// Low half.
    pub lo: u64,
}

impl std::fmt::Debug for NikKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NikKey({:016x}{:016x})", self.hi, self.lo)
    }
}

/// The splitmix64 finaliser: a bijection of 64-bit numbers that mixes every bit.
pub(crate) fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

const VALID: u64 = 1 << 63;

impl NikKey {
    fn of(cell: &NikCell<'_>, salt: u64) -> NikKey {
        match cell {
            // `lo` alone is a bijection of the number: valid NIKs never collide.
            NikCell::Valid(n) => NikKey {
                hi: VALID | (mix(n ^ mix(salt ^ 0x5EED)) >> 1),
                lo: mix(n ^ salt),
            },
            NikCell::Raw(text) => {
                let (mut a, mut b) = (mix(salt ^ 0xA5A5), mix(salt ^ 0x3C3C));
                for chunk in text.as_bytes().chunks(8) {
                    let mut word = [0u8; 8];
                    word[..chunk.len()].copy_from_slice(chunk);
                    let w = u64::from_le_bytes(word);
                    a = mix(a ^ w).wrapping_add(0x9E37_79B9_7F4A_7C15);
                    b = mix(b.rotate_left(23) ^ w ^ 0xD6E8_FEB8_6659_FD93);
                }
                let len = text.len() as u64;
                NikKey {
                    hi: mix(a ^ len) >> 1,
                    lo: mix(b ^ len.rotate_left(32)),
                }
            }
        }
    }
}

/// Every row of `columns` (one partition, or a run of its rows) that has a NIK, with
/// its key under `salt` and its order, the first row's order being `first`. Rows
/// without a NIK (null or blank) have no key. Use one salt for the whole roster.
///
/// # Errors
/// [`Error::Argument`] when the rows run past the partition's last possible offset.
pub fn nik_keys(
    columns: &Columns<'_>,
    first: RowOrder,
    salt: u64,
) -> Result<Vec<(NikKey, RowOrder)>, Error> {
    // The last row's order is in range, so every row's is.
    if columns.len > 0 {
        first.plus(columns.len - 1)?;
    }
    let mut keys = Vec::new();
    if let Some(column) = &columns.nik {
        keys.reserve(columns.len);
        each_nik(column, columns.len, |i, cell| {
            keys.push((NikKey::of(&cell, salt), RowOrder(first.0 + i as u64)));
        });
    }
    Ok(keys)
}

/// Keys of rows, holding every copy of any key among them (one group of the engine's
/// shuffle by key): each row whose key appeared on an earlier row (in roster order),
/// with the order of the first such row, ordered by the repeating row.
pub fn first_occurrences(mut keys: Vec<(NikKey, RowOrder)>) -> Vec<(RowOrder, RowOrder)> {
    keys.sort_unstable();
    let mut out = Vec::new();
    for run in keys.chunk_by(|a, b| a.0 == b.0) {
        let first = run[0].1;
        out.extend(run[1..].iter().map(|(_, order)| (*order, first)));
    }
    out.sort_unstable();
    out
}

/// The partitions' lengths, in roster order: where each begins in the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// Per partition, its first row (0-based), then the number of rows.
    starts: Vec<u64>,
}

impl Layout {
    /// Partitions of these lengths, in roster order.
    pub fn new(lengths: Vec<u64>) -> Layout {
        let mut starts = Vec::with_capacity(lengths.len() + 1);
        let mut at = 0u64;
        for n in lengths {
            starts.push(at);
            at = at.saturating_add(n);
        }
        starts.push(at);
        Layout { starts }
    }

    /// Rows in the roster.
    pub fn rows(&self) -> u64 {
        self.starts.last().copied().unwrap_or(0)
    }

    /// Partitions.
    pub fn partitions(&self) -> usize {
        self.starts.len() - 1
    }

    /// A row's position in the roster (0-based).
    ///
    /// # Errors
    /// [`Error::Argument`] when the order is not a row of the layout.
    pub fn row(&self, order: RowOrder) -> Result<u64, Error> {
        let p = usize::try_from(order.partition()).unwrap_or(usize::MAX);
        match (self.starts.get(p), self.starts.get(p.saturating_add(1))) {
            (Some(&lo), Some(&hi)) if order.offset() < hi - lo => Ok(lo + order.offset()),
            _ => Err(argument(
                "order",
                format!(
                    "a row order names partition {} offset {}, not a row of {} partitions \
                     of {} rows: the partitions must come back the same on every pass",
                    order.partition(),
                    order.offset(),
                    self.partitions(),
                    self.rows()
                ),
            )),
        }
    }

    /// Every partition's context: its first row, its duplicates (from
    /// [`first_occurrences`], gathered from every group) and, with `placements`
    /// (from [`Policy::allocate_partitions`]), the placements of its eligible rows.
    ///
    /// # Errors
    /// [`Error::Argument`] when an order or a placed row is not a row of the layout.
    pub fn contexts(
        &self,
        duplicates: &[(RowOrder, RowOrder)],
        placements: Option<&Placements>,
    ) -> Result<Vec<PartitionContext>, Error> {
        let mut out = Vec::with_capacity(self.partitions());
        self.each_context(duplicates, placements, |c| out.push(c))?;
        Ok(out)
    }

    /// Every partition's context as bytes ([`PartitionContext::to_bytes`]), as
    /// [`Layout::contexts`] gives them: each made and written in turn, so that only
    /// one partition's context is held at a time besides the bytes.
    ///
    /// # Errors
    /// As [`Layout::contexts`].
    pub fn context_bytes(
        &self,
        duplicates: &[(RowOrder, RowOrder)],
        placements: Option<&Placements>,
    ) -> Result<Vec<Vec<u8>>, Error> {
        let mut out = Vec::with_capacity(self.partitions());
        self.each_context(duplicates, placements, |c| out.push(c.to_bytes()))?;
        Ok(out)
    }

    /// Each partition's context in turn, in roster order.
    fn each_context(
        &self,
        duplicates: &[(RowOrder, RowOrder)],
        placements: Option<&Placements>,
        mut each: impl FnMut(PartitionContext),
    ) -> Result<(), Error> {
        let mut sorted = Vec::with_capacity(duplicates.len());
        for &(row, first) in duplicates {
            self.row(row)?;
            sorted.push((row, self.row(first)? + 1));
        }
        sorted.sort_unstable();
        let mut sorted = sorted.as_slice();
        let mut placed = placements.map_or(&[][..], |p| p.rows.as_slice());
        if placed.windows(2).any(|w| w[0].0 >= w[1].0) {
            return Err(argument(
                "placements",
                "the placements are not in ascending row order".to_owned(),
            ));
        }
        if let Some(&(row, _)) = placed.last().filter(|p| p.0 >= self.rows()) {
            return Err(argument(
                "placements",
                format!(
                    "a placement names roster row {row}, not a row of {} rows",
                    self.rows()
                ),
            ));
        }
        for (p, w) in self.starts.windows(2).enumerate() {
            let (first_row, end) = (w[0], w[1]);
            let mine = sorted.partition_point(|d| d.0.partition() <= p as u64);
            let (here, rest) = sorted.split_at(mine);
            sorted = rest;
            let mine = placed.partition_point(|q| q.0 < end);
            let (ours, rest) = placed.split_at(mine);
            placed = rest;
            each(PartitionContext {
                first_row,
                rows: end - first_row,
                duplicates: here
                    .iter()
                    .map(|(row, first)| (row.offset(), *first))
                    .collect(),
                placements: placements.map(|_| {
                    ours.iter()
                        .map(|&(row, placement)| (row - first_row, placement))
                        .collect()
                }),
                seats_full: placements.map_or(0, |p| p.seats_full),
            });
        }
        Ok(())
    }
}

/// What a partition needs to be decided as part of the whole roster.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PartitionContext {
    /// Its first row in the roster (0-based).
    pub first_row: u64,
    /// Its rows.
    pub rows: u64,
    /// Its rows that repeat a NIK of an earlier row (offset), each with the first
    /// occurrence's roster row (1-based), by offset.
    pub duplicates: Vec<(u64, u64)>,
    /// Under budget ceilings, where each of its eligible rows (offset) was placed, by
    /// offset; `None` before allocation.
    pub placements: Option<Vec<(u64, Placement)>>,
    /// The sources whose head-count cap the whole roster's allocation filled.
    pub seats_full: u64,
}

impl PartitionContext {
    /// The context of rows `offset..offset + rows` of the partition, for an engine
    /// that hands a partition over in batches (each batch decided with its slice).
    ///
    /// # Errors
    /// [`Error::Argument`] when the rows run past the partition's end.
    pub fn slice(&self, offset: u64, rows: u64) -> Result<PartitionContext, Error> {
        let end = offset.checked_add(rows).filter(|&e| e <= self.rows);
        let first_row = self.first_row.checked_add(offset);
        let (Some(end), Some(first_row)) = (end, first_row) else {
            return Err(argument(
                "context",
                format!(
                    "rows {offset} to {} are not in a partition of {} rows: the partitions \
                     must come back the same on every pass",
                    offset.saturating_add(rows),
                    self.rows
                ),
            ));
        };
        let within = |row: u64| (offset..end).contains(&row);
        Ok(PartitionContext {
            first_row,
            rows,
            duplicates: self
                .duplicates
                .iter()
                .filter(|d| within(d.0))
                .map(|&(row, first)| (row - offset, first))
                .collect(),
            placements: self.placements.as_ref().map(|list| {
                list.iter()
                    .filter(|p| within(p.0))
                    .map(|&(row, p)| (row - offset, p))
                    .collect()
            }),
            seats_full: self.seats_full,
        })
    }
}

/// Placements of eligible rows, by roster row (0-based).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Placements {
    /// `(roster row, placement)`, ascending by row.
    pub rows: Vec<(u64, Placement)>,
    /// The sources whose head-count cap the allocation filled, one bit per source
    /// (what a waiting row's explanation names).
    pub seats_full: u64,
}

impl Policy {
    /// The answers for one partition decided as part of the whole roster: those of
    /// one [`Policy::evaluate_columns`] call on every partition concatenated, for this
    /// partition's rows. `context` is this partition's, from [`Layout::contexts`]; a
    /// policy with budget ceilings needs the placements in it.
    ///
    /// # Errors
    /// As [`Columns::check`]; [`Error::Argument`] when the partition does not have the
    /// rows its context was made for, or (with ceilings) the context has no
    /// placements or they are not those of the partition's eligible rows.
    pub fn evaluate_partition(
        &self,
        columns: &Columns<'_>,
        context: &PartitionContext,
    ) -> Result<Outcome, Error> {
        let mut out = self.judge_partition(columns, context)?;
        if self.has_ceilings() {
            let Some(placements) = &context.placements else {
                return Err(argument(
                    "context",
                    "the policy has budget ceilings: allocate the candidates of every \
                     partition first (allocate_partitions)"
                        .to_owned(),
                ));
            };
            let eligible = out.eligible.iter().filter(|e| **e).count();
            // Each placed row is eligible, and one funded is paid by a source allowed
            // to pay for its sector.
            let placed_eligible = placements.iter().all(|&(i, placement)| {
                let Some(i) = usize::try_from(i)
                    .ok()
                    .filter(|&i| out.eligible.get(i) == Some(&true))
                else {
                    return false;
                };
                match placement {
                    Placement::Funded { source } => out.sector[i].is_some_and(|sector| {
                        source < self.sources.len()
                            && u8::try_from(source)
                                .is_ok_and(|s| self.plan.bill(sector, s).is_some())
                    }),
                    Placement::Waiting { .. } => true,
                }
            });
            if eligible != placements.len() || !placed_eligible {
                return Err(argument(
                    "context",
                    "the placements are not those of this partition's eligible rows: the \
                     partitions must come back the same on every pass"
                        .to_owned(),
                ));
            }
            for &(i, placement) in placements {
                let i = i as usize;
                self.place(&mut out, i, placement, income_at(columns, i).decimal());
            }
            out.seats_full = context.seats_full;
        }
        Ok(out)
    }

    /// The eligible rows of one partition, as allocation sees them (their roster
    /// rows from the context), for [`Policy::allocate_partitions`].
    ///
    /// # Errors
    /// As [`Policy::evaluate_partition`] before placements.
    pub fn partition_candidates(
        &self,
        columns: &Columns<'_>,
        context: &PartitionContext,
    ) -> Result<Candidates, Error> {
        let out = self.judge_partition(columns, context)?;
        let first = usize::try_from(context.first_row).unwrap_or(usize::MAX);
        // Only what this policy's allocation reads crosses to it.
        let rules = self.tie_breaks();
        let (by_age, by_decile) = (
            rules.contains(&TieBreak::OlderFirst),
            rules.contains(&TieBreak::LowerDecileFirst),
        );
        let by_income = self.spec.coverage.income == IncomeBasis::Declared;
        Ok(Candidates(
            (0..columns.len)
                .filter(|i| out.eligible[*i])
                .map(|i| {
                    let mut c = candidate(columns, &out, i, first.saturating_add(i));
                    c.birth_date = c.birth_date.filter(|_| by_age);
                    c.welfare_decile = c.welfare_decile.filter(|_| by_decile);
                    c.declared_income = c.declared_income.filter(|_| by_income);
                    c
                })
                .collect(),
        ))
    }

    /// Every partition's candidates allocated together: [`Policy::allocate`] on them
    /// in roster order, the call one evaluation of the whole roster makes.
    ///
    /// The parts are taken one at a time, each reduced to what allocation keeps of a
    /// candidate (its row, its placement to come and 64 bits) and freed before the
    /// next is taken: hand them over lazily (an iterator that decodes each part when
    /// asked) and every candidate is never held at once. The peak is then about 36
    /// bytes a candidate, the answer's 24 included.
    ///
    /// # Errors
    /// [`Error::Argument`] when a roster row is given twice, or there are too many
    /// candidates for one allocation.
    pub fn allocate_partitions(
        &self,
        parts: impl IntoIterator<Item = Candidates>,
    ) -> Result<Placements, Error> {
        // Each part is taken in turn and its candidates reduced to what allocation
        // keeps of them (the answer's row, its placement to come and 64 bits of
        // traits) before the next is taken: the candidates of an engine that hands the
        // parts over one at a time are never all held at once. (The lists grow by
        // doubling; the room not yet written to is not memory the process holds.)
        let mut kinds = Kinds::new(self);
        let mut rows: Vec<(u64, Placement)> = Vec::new();
        let mut traits: Vec<u64> = Vec::new();
        for part in parts {
            rows.reserve(part.0.len());
            traits.reserve(part.0.len());
            kinds.reserve(part.0.len());
            for c in &part.0 {
                rows.push((c.row as u64, Placement::Waiting { position: 0 }));
                traits.push(kinds.traits(self, c));
            }
        }
        if !rows.is_sorted_by_key(|r| r.0) {
            let mut pairs: Vec<(u64, u64)> = rows
                .iter()
                .map(|r| r.0)
                .zip(traits.iter().copied())
                .collect();
            pairs.sort_unstable();
            for ((row, t), (r, u)) in rows.iter_mut().zip(&mut traits).zip(pairs) {
                (row.0, *t) = (r, u);
            }
        }
        if rows.windows(2).any(|w| w[0].0 == w[1].0) {
            return Err(argument(
                "candidates",
                "a roster row is among the candidates twice".to_owned(),
            ));
        }
        if u32::try_from(rows.len()).is_err() || rows.len() == u32::MAX as usize {
            return Err(argument(
                "candidates",
                format!(
                    "{} eligible rows: at most {} are allocated at once",
                    rows.len(),
                    u32::MAX - 1
                ),
            ));
        }
        let seats_full = self.allocate_rows(kinds, &mut rows, traits);
        Ok(Placements { rows, seats_full })
    }

    /// The kernel over a partition with its duplicates, before any allocation.
    fn judge_partition(
        &self,
        columns: &Columns<'_>,
        context: &PartitionContext,
    ) -> Result<Outcome, Error> {
        columns.check()?;
        if columns.len as u64 != context.rows {
            return Err(argument(
                "context",
                format!(
                    "the partition has {} rows, its context was made for {}: the \
                     partitions must come back the same on every pass",
                    columns.len, context.rows
                ),
            ));
        }
        let duplicates: Vec<(usize, u64)> = context
            .duplicates
            .iter()
            .map(|&(i, first)| (i as usize, first))
            .collect();
        let mut out = Outcome::default();
        out.fit(columns.len);
        Kernel::new(self).run(columns, &[], &duplicates, &mut out);
        Ok(out)
    }
}

/// The eligible rows of a partition, as allocation sees them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Candidates(pub Vec<Candidate>);

impl Summary {
    /// Adds another part's totals (every figure of a summary is a sum over rows, so
    /// the summaries of a roster's partitions add up to the roster's).
    pub fn add(&mut self, other: &Summary) {
        fn months<K: Ord + Copy>(into: &mut BTreeMap<K, Decimal>, from: &BTreeMap<K, Decimal>) {
            for (m, a) in from {
                *into.entry(*m).or_default() += *a;
            }
        }
        self.rows += other.rows;
        self.eligible += other.eligible;
        self.ineligible += other.ineligible;
        self.total_cost += other.total_cost;
        for (code, n) in &other.by_reason {
            *self.by_reason.entry(code.clone()).or_default() += n;
        }
        for (id, source) in &other.by_funding_source {
            let into: &mut SourceTotal = self.by_funding_source.entry(id.clone()).or_default();
            into.workers += source.workers;
            into.cost += source.cost;
            months(&mut into.by_month, &source.by_month);
        }
        months(&mut self.by_month, &other.by_month);
    }
}

fn argument(name: &'static str, message: String) -> Error {
    Error::Argument { name, message }
}

mod bytes;
#[cfg(all(test, feature = "toml"))]
mod tests;
