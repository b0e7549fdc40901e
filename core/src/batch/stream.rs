//! A roster streamed through the kernel a chunk at a time, under one or more policies
//! at once (an evaluation, or a base and its variants): each chunk is read once and
//! decided by every policy while it is in cache.
//!
//! Budget allocation needs the whole roster's eligible workers, so when a policy has a
//! ceiling the roster is read twice: the first pass keeps only the eligible rows as
//! allocation candidates, the second decides every chunk again (the same answers) and
//! applies the placements. Memory does not grow with the roster beyond the duplicate
//! index (one entry per NIK) and those candidates.

use rust_decimal::Decimal;

use super::columns::Columns;
use super::kernel::{Duplicates, Kernel};
use super::outcome::Outcome;
use crate::Error;
use crate::allocation::{Candidate, Placement};
use crate::policy::Policy;

/// One chunk of a roster.
pub(crate) struct Chunk<'c, 'a> {
    /// The chunk's rows as columns.
    pub(crate) columns: &'c Columns<'a>,
    /// Position of the chunk's first row in the roster (0-based).
    pub(crate) first_row: usize,
    /// The chunk's rows (0-based within the chunk) whose cells do not match the header.
    pub(crate) malformed: &'c [usize],
    /// Each row's line in its file, when it comes from one.
    pub(crate) lines: Option<&'c [u64]>,
    /// The rows' cells as read from a CSV file, when they come from one.
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pub(crate) records: Option<&'c crate::roster::Records>,
}

impl Chunk<'_, '_> {
    /// How row `i` of the chunk is named: its line, or its 1-based row number.
    pub(crate) fn label(&self, i: usize) -> u64 {
        self.lines
            .and_then(|l| l.get(i).copied())
            .unwrap_or((self.first_row + i) as u64 + 1)
    }
}

/// Something that yields a roster's chunks, in order, as often as asked.
pub(crate) trait ChunkSource {
    /// Calls `f` with every chunk, in roster order.
    fn chunks(
        &mut self,
        f: &mut dyn FnMut(&Chunk<'_, '_>) -> Result<(), Error>,
    ) -> Result<(), Error>;

    /// About how many rows there are, when it can be told before reading them: the
    /// duplicate index is sized once instead of growing.
    fn rows_hint(&self) -> Option<usize> {
        None
    }
}

/// Columns already in memory, in chunks of the kernel's size.
pub(crate) struct InMemory<'c, 'a> {
    pub(crate) columns: &'c Columns<'a>,
    /// Rows with `malformed_row`, ascending.
    pub(crate) malformed: &'c [usize],
    pub(crate) lines: Option<&'c [u64]>,
}

impl ChunkSource for InMemory<'_, '_> {
    fn rows_hint(&self) -> Option<usize> {
        Some(self.columns.len)
    }

    fn chunks(
        &mut self,
        f: &mut dyn FnMut(&Chunk<'_, '_>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        self.columns.check()?;
        let mut lo = 0;
        let mut local = Vec::new();
        while lo < self.columns.len {
            let n = (self.columns.len - lo).min(super::CHUNK);
            let columns = self.columns.slice(lo, n);
            let first = self.malformed.partition_point(|&i| i < lo);
            local.clear();
            local.extend(
                self.malformed[first..]
                    .iter()
                    .take_while(|&&i| i < lo + n)
                    .map(|i| i - lo),
            );
            f(&Chunk {
                columns: &columns,
                first_row: lo,
                malformed: &local,
                lines: self.lines.map(|l| &l[lo.min(l.len())..]),
                records: None,
            })?;
            lo += n;
        }
        Ok(())
    }
}

/// Where allocation put one eligible row.
struct Placed {
    row: usize,
    placement: Placement,
    income: Option<Decimal>,
}

/// What sees each chunk with one outcome per policy.
pub(crate) type Visit<'v> = dyn FnMut(&Chunk<'_, '_>, &[Outcome]) -> Result<(), Error> + 'v;

/// Stream `source` through every policy: `visit` sees each chunk with one outcome per
/// policy (in the order given), allocation applied.
pub(crate) fn run(
    policies: &[&Policy],
    source: &mut dyn ChunkSource,
    visit: &mut Visit<'_>,
) -> Result<(), Error> {
    // With ceilings, the first pass finds the duplicates once; the second reads them.
    let (placements, mut known) = if policies.iter().any(|p| p.has_ceilings()) {
        let (placements, duplicates) = allocate(policies, source)?;
        (placements, Some((duplicates, 0usize)))
    } else {
        (policies.iter().map(|_| Vec::new()).collect(), None)
    };
    let seats_full: Vec<u64> = policies
        .iter()
        .zip(&placements)
        .map(|(policy, placed)| {
            let placed: Vec<Placement> = placed.iter().map(|p| p.placement).collect();
            policy.seats_full(&placed)
        })
        .collect();
    let mut index = Duplicates::default();
    if known.is_none() {
        index.reserve(source.rows_hint().unwrap_or(0));
    }
    let mut duplicates = Vec::new();
    let mut kernels: Vec<Kernel<'_>> = policies.iter().map(|p| Kernel::new(p)).collect();
    let mut outs: Vec<Outcome> = policies.iter().map(|_| Outcome::default()).collect();
    let mut next = vec![0usize; policies.len()];
    source.chunks(&mut |chunk| {
        let n = chunk.columns.len;
        duplicates.clear();
        match known.as_mut() {
            Some((all, at)) => {
                while let Some((row, first)) = all.get(*at).filter(|d| d.0 < chunk.first_row + n) {
                    duplicates.push((row - chunk.first_row, *first));
                    *at += 1;
                }
            }
            None => index.mark(
                chunk.columns.nik.as_ref(),
                n,
                &|i| chunk.label(i),
                &mut duplicates,
            ),
        }
        for (p, policy) in policies.iter().enumerate() {
            let out = &mut outs[p];
            out.fit(n);
            out.seats_full = seats_full[p];
            kernels[p].run(chunk.columns, chunk.malformed, &duplicates, out);
            let placed = &placements[p];
            while let Some(pl) = placed.get(next[p]) {
                if pl.row >= chunk.first_row + n {
                    break;
                }
                policy.place(out, pl.row - chunk.first_row, pl.placement, pl.income);
                next[p] += 1;
            }
        }
        visit(chunk, &outs)
    })
}

/// Placements per policy, in row order, and the roster's duplicates (`(row, first)`,
/// rows counted from the roster's first).
type FirstPass = (Vec<Vec<Placed>>, Vec<(usize, u64)>);

/// The first pass: the roster's duplicates, and every policy's eligible rows,
/// allocated.
fn allocate(policies: &[&Policy], source: &mut dyn ChunkSource) -> Result<FirstPass, Error> {
    let mut kernels: Vec<Kernel<'_>> = policies.iter().map(|p| Kernel::new(p)).collect();
    let mut candidates: Vec<Vec<Candidate>> = policies.iter().map(|_| Vec::new()).collect();
    let mut out = Outcome::default();
    let mut index = Duplicates::default();
    index.reserve(source.rows_hint().unwrap_or(0));
    let mut duplicates = Vec::new();
    let mut all = Vec::new();
    source.chunks(&mut |chunk| {
        let n = chunk.columns.len;
        duplicates.clear();
        index.mark(
            chunk.columns.nik.as_ref(),
            n,
            &|i| chunk.label(i),
            &mut duplicates,
        );
        all.extend(duplicates.iter().map(|(r, f)| (chunk.first_row + r, *f)));
        for (p, policy) in policies.iter().enumerate() {
            if !policy.has_ceilings() {
                continue;
            }
            out.fit(n);
            kernels[p].run(chunk.columns, chunk.malformed, &duplicates, &mut out);
            for i in (0..n).filter(|i| out.eligible[*i]) {
                candidates[p].push(super::candidate(
                    chunk.columns,
                    &out,
                    i,
                    chunk.first_row + i,
                ));
            }
        }
        Ok(())
    })?;
    let placements = policies
        .iter()
        .zip(candidates)
        .map(|(policy, candidates)| {
            if candidates.is_empty() {
                return Vec::new();
            }
            let placements = policy.allocate(&candidates);
            candidates
                .into_iter()
                .zip(placements)
                .map(|(c, placement)| Placed {
                    row: c.row,
                    placement,
                    income: c.declared_income,
                })
                .collect()
        })
        .collect();
    Ok((placements, all))
}
