//! Contexts, candidates and placements as bytes, the form they cross between an
//! engine's processes in. Each begins with a tag naming the kind and version; numbers
//! are unsigned LEB128 varints (a signed one zigzag-coded first), rows are coded as
//! the difference from the row before, and placements as runs (eligible rows funded
//! by one source; rows waiting at consecutive positions), so a partition's placements
//! take about a byte per eligible row and its candidates two or three (a birth date, a
//! decile or a declared income, when the allocation reads them, adds its own). Reading
//! checks every length and value against what is left: bytes that are not what they
//! claim are an [`Error::Argument`], never a panic, and a list read is never longer
//! than the bytes it was read from.

use rust_decimal::Decimal;

use super::{Candidates, PartitionContext, Placements, argument};
use crate::Error;
use crate::allocation::{Candidate, Placement};
use crate::batch::{date_from_days, days_from_date};
use crate::limits::MAX_DECLARED_INCOME;
use crate::policy::Policy;
use crate::worker::decile;

const CONTEXT: [u8; 8] = *b"iuranPC3";
const CANDIDATES: [u8; 8] = *b"iuranCA3";
const PLACEMENTS: [u8; 8] = *b"iuranPL3";

/// No decile.
const NO_DECILE: u8 = u8::MAX;

/// Which optional fields a list of candidates carries (bits of one byte); without
/// `WITH_MONTHS`, one value of months follows, every candidate's.
const WITH_BIRTH_DATE: u8 = 1;
const WITH_DECILE: u8 = 1 << 1;
const WITH_INCOME: u8 = 1 << 2;
const WITH_MONTHS: u8 = 1 << 3;

/// A run of placements: funded by one source, or waiting at consecutive positions.
const FUNDED_RUN: u64 = 0;
const WAITING_RUN: u64 = 1;

fn put(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// A row as the difference from the row before (any order codes; ascending rows
/// near each other take one byte).
fn put_row(out: &mut Vec<u8>, prev: &mut u64, row: u64) {
    #[allow(clippy::cast_possible_wrap)] // a difference modulo 2^64, read back so
    put(out, zigzag(row.wrapping_sub(*prev) as i64));
    *prev = row;
}

struct Reader<'b> {
    bytes: &'b [u8],
    what: &'static str,
}

impl<'b> Reader<'b> {
    fn new(bytes: &'b [u8], tag: [u8; 8], what: &'static str) -> Result<Reader<'b>, Error> {
        let mut r = Reader { bytes, what };
        if r.take(8)? != tag.as_slice() {
            return Err(r.bad());
        }
        Ok(r)
    }

    fn bad(&self) -> Error {
        argument(
            self.what,
            format!(
                "these bytes are not a {} made by this version of iuran",
                self.what
            ),
        )
    }

    fn take(&mut self, n: usize) -> Result<&'b [u8], Error> {
        if self.bytes.len() < n {
            return Err(self.bad());
        }
        let (head, tail) = self.bytes.split_at(n);
        self.bytes = tail;
        Ok(head)
    }

    fn u8(&mut self) -> Result<u8, Error> {
        Ok(self.take(1)?[0])
    }

    /// A varint of at most ten bytes whose value fits in 64 bits.
    fn varint(&mut self) -> Result<u64, Error> {
        let mut value = 0u64;
        for shift in (0..70).step_by(7) {
            let byte = self.u8()?;
            let bits = u64::from(byte & 0x7F);
            if shift == 63 && bits > 1 {
                return Err(self.bad());
            }
            value |= bits << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(self.bad())
    }

    /// A count of items of at least one byte each, checked against what is left (so
    /// a list sized by it is never larger than the bytes).
    fn count(&mut self) -> Result<usize, Error> {
        let n = usize::try_from(self.varint()?).map_err(|_| self.bad())?;
        if n > self.bytes.len() {
            return Err(self.bad());
        }
        Ok(n)
    }

    fn row(&mut self, prev: &mut u64) -> Result<u64, Error> {
        #[allow(clippy::cast_sign_loss)] // the difference modulo 2^64 it was written as
        let row = prev.wrapping_add(unzigzag(self.varint()?) as u64);
        *prev = row;
        Ok(row)
    }

    fn end(&self) -> Result<(), Error> {
        if self.bytes.is_empty() {
            Ok(())
        } else {
            Err(self.bad())
        }
    }

    /// `n` placements as [`put_placements`] wrote them, each row above the one before
    /// (and below `rows`, when given).
    fn placements(&mut self, rows: Option<u64>) -> Result<Vec<(u64, Placement)>, Error> {
        let n = self.count()?;
        let mut list = Vec::with_capacity(n);
        let (mut prev, mut next_wait) = (0u64, 1u32);
        while list.len() < n {
            let head = self.varint()?;
            let len = usize::try_from(head >> 1).map_err(|_| self.bad())?;
            if len == 0 || len > n - list.len() {
                return Err(self.bad());
            }
            let mut placement = if head & 1 == FUNDED_RUN {
                Placement::Funded {
                    source: usize::try_from(self.varint()?).map_err(|_| self.bad())?,
                }
            } else {
                // Every position of the run is a u32 from 1.
                let first = i64::from(next_wait).checked_add(unzigzag(self.varint()?));
                let last = first.and_then(|f| f.checked_add(len as i64 - 1));
                let position = first.and_then(|f| u32::try_from(f).ok());
                match (position, last.and_then(|l| u32::try_from(l).ok())) {
                    (Some(position @ 1..), Some(_)) => Placement::Waiting { position },
                    _ => return Err(self.bad()),
                }
            };
            for _ in 0..len {
                let had = prev;
                let row = self.row(&mut prev)?;
                if rows.is_some_and(|n| row >= n) || (!list.is_empty() && row <= had) {
                    return Err(self.bad());
                }
                list.push((row, placement));
                if let Placement::Waiting { position } = &mut placement {
                    next_wait = position.wrapping_add(1);
                    *position = next_wait;
                }
            }
        }
        Ok(list)
    }
}

/// Placements (`(row, placement)`, ascending by row) as runs.
fn put_placements(out: &mut Vec<u8>, list: &[(u64, Placement)]) {
    put(out, list.len() as u64);
    let (mut prev, mut next_wait) = (0u64, 1u32);
    let mut rest = list;
    while let Some(&(_, head)) = rest.first() {
        // The run: the same source, or positions one after another.
        let len = 1 + rest
            .windows(2)
            .take_while(|w| match (w[0].1, w[1].1) {
                (Placement::Funded { source: a }, Placement::Funded { source: b }) => a == b,
                (Placement::Waiting { position: a }, Placement::Waiting { position: b }) => {
                    a.checked_add(1) == Some(b)
                }
                _ => false,
            })
            .count();
        match head {
            Placement::Funded { source } => {
                put(out, (len as u64) << 1 | FUNDED_RUN);
                put(out, source as u64);
            }
            Placement::Waiting { position } => {
                put(out, (len as u64) << 1 | WAITING_RUN);
                put(out, zigzag(i64::from(position) - i64::from(next_wait)));
                next_wait = position.wrapping_add(len as u32);
            }
        }
        for &(row, _) in &rest[..len] {
            put_row(out, &mut prev, row);
        }
        rest = &rest[len..];
    }
}

impl PartitionContext {
    /// The context as bytes, for [`PartitionContext::from_bytes`].
    pub fn to_bytes(&self) -> Vec<u8> {
        let placed = self.placements.as_ref().map_or(0, Vec::len);
        let mut out = Vec::with_capacity(40 + 8 * self.duplicates.len() + 2 * placed);
        out.extend_from_slice(&CONTEXT);
        put(&mut out, self.first_row);
        put(&mut out, self.rows);
        put(&mut out, self.duplicates.len() as u64);
        let mut prev = 0;
        for &(row, first) in &self.duplicates {
            put_row(&mut out, &mut prev, row);
            put(&mut out, first);
        }
        put(&mut out, self.seats_full);
        match &self.placements {
            None => out.push(0),
            Some(list) => {
                out.push(1);
                put_placements(&mut out, list);
            }
        }
        out
    }

    /// A context from [`PartitionContext::to_bytes`].
    ///
    /// # Errors
    /// [`Error::Argument`] when the bytes are not a context (or one that refers to
    /// rows it does not have).
    pub fn from_bytes(bytes: &[u8]) -> Result<PartitionContext, Error> {
        let mut r = Reader::new(bytes, CONTEXT, "partition context")?;
        let first_row = r.varint()?;
        let rows = r.varint()?;
        // The partition's rows are rows of a roster counted in 64 bits.
        if first_row.checked_add(rows).is_none() {
            return Err(r.bad());
        }
        let n = r.count()?;
        let mut duplicates = Vec::with_capacity(n);
        let mut prev = 0;
        for _ in 0..n {
            let had = prev;
            let row = r.row(&mut prev)?;
            let first = r.varint()?;
            // Ascending; a duplicate's first occurrence comes before it.
            let ascending = duplicates.is_empty() || row > had;
            if !ascending || row >= rows || first == 0 || first > first_row.saturating_add(row) {
                return Err(r.bad());
            }
            duplicates.push((row, first));
        }
        let seats_full = r.varint()?;
        let placements = match r.u8()? {
            0 => None,
            1 => Some(r.placements(Some(rows))?),
            _ => return Err(r.bad()),
        };
        r.end()?;
        Ok(PartitionContext {
            first_row,
            rows,
            duplicates,
            placements,
            seats_full,
        })
    }
}

impl Candidates {
    /// The candidates as bytes, for [`Candidates::from_bytes`]. An optional field
    /// (birth date, decile, declared income) is written only when some candidate has
    /// it: the candidates of [`Policy::partition_candidates`] carry only what the
    /// policy's allocation reads. The months covered are written once when every
    /// candidate has the same (the common case: every month of the policy).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut with = 0;
        let common = self.0.first().map_or(u64::MAX, |c| c.months);
        for c in &self.0 {
            for (has, bit) in [
                (c.birth_date.is_some(), WITH_BIRTH_DATE),
                (c.welfare_decile.is_some(), WITH_DECILE),
                (c.declared_income.is_some(), WITH_INCOME),
                (c.months != common, WITH_MONTHS),
            ] {
                if has {
                    with |= bit;
                }
            }
        }
        let mut out = Vec::with_capacity(24 + 3 * self.0.len());
        out.extend_from_slice(&CANDIDATES);
        put(&mut out, self.0.len() as u64);
        out.push(with);
        if with & WITH_MONTHS == 0 {
            put(&mut out, common);
        }
        let mut prev = 0;
        for c in &self.0 {
            put_row(&mut out, &mut prev, c.row as u64);
            put(&mut out, c.sector.index() as u64);
            if with & WITH_BIRTH_DATE != 0 {
                // 0 for none, else the day's number zigzag-coded, plus one.
                put(
                    &mut out,
                    c.birth_date.map_or(0, |d| zigzag(days_from_date(d)) + 1),
                );
            }
            if with & WITH_DECILE != 0 {
                out.push(c.welfare_decile.unwrap_or(NO_DECILE));
            }
            if with & WITH_INCOME != 0 {
                match c.declared_income {
                    None => out.push(0),
                    Some(d) => {
                        out.push(1);
                        out.extend_from_slice(&d.serialize());
                    }
                }
            }
            if with & WITH_MONTHS != 0 {
                put(&mut out, c.months);
            }
        }
        out
    }

    /// Candidates from [`Candidates::to_bytes`], made under the same policy (sectors
    /// are numbered by its taxonomy).
    ///
    /// # Errors
    /// [`Error::Argument`] when the bytes are not candidates of this policy.
    pub fn from_bytes(policy: &Policy, bytes: &[u8]) -> Result<Candidates, Error> {
        let mut r = Reader::new(bytes, CANDIDATES, "list of candidates")?;
        let n = r.count()?;
        let with = r.u8()?;
        if with & !(WITH_BIRTH_DATE | WITH_DECILE | WITH_INCOME | WITH_MONTHS) != 0 {
            return Err(r.bad());
        }
        // The months every candidate is covered in, unless each has its own.
        let common = (with & WITH_MONTHS == 0).then(|| r.varint()).transpose()?;
        let sectors: Vec<_> = policy.taxonomy.sectors().map(|(id, _)| id).collect();
        let mut out = Vec::with_capacity(n);
        let mut prev = 0;
        for _ in 0..n {
            let row = usize::try_from(r.row(&mut prev)?).map_err(|_| r.bad())?;
            let sector = usize::try_from(r.varint()?).map_err(|_| r.bad())?;
            let sector = *sectors.get(sector).ok_or_else(|| r.bad())?;
            let birth_date = match (with & WITH_BIRTH_DATE != 0)
                .then(|| r.varint())
                .transpose()?
            {
                None | Some(0) => None,
                Some(v) => {
                    let day = i32::try_from(unzigzag(v - 1)).map_err(|_| r.bad())?;
                    Some(date_from_days(day).ok_or_else(|| r.bad())?)
                }
            };
            // A decile as a roster's is read (1 to 10).
            let welfare_decile = match (with & WITH_DECILE != 0).then(|| r.u8()).transpose()? {
                None | Some(NO_DECILE) => None,
                Some(d) => Some(decile(i64::from(d)).ok_or_else(|| r.bad())?),
            };
            let declared_income = match (with & WITH_INCOME != 0).then(|| r.u8()).transpose()? {
                None | Some(0) => None,
                Some(1) => {
                    let mut raw = [0u8; 16];
                    raw.copy_from_slice(r.take(16)?);
                    // Byte 2 of the flags is the scale: at most 28. The amount is in
                    // the range a roster's income is bounded to at the door.
                    if raw[2] > 28 {
                        return Err(r.bad());
                    }
                    let income = Decimal::deserialize(raw);
                    if income < Decimal::ZERO || income.trunc() > Decimal::from(MAX_DECLARED_INCOME)
                    {
                        return Err(r.bad());
                    }
                    Some(income)
                }
                Some(_) => return Err(r.bad()),
            };
            let months = match common {
                Some(months) => months,
                None => r.varint()?,
            };
            out.push(Candidate {
                row,
                sector,
                birth_date,
                welfare_decile,
                declared_income,
                months,
            });
        }
        r.end()?;
        Ok(Candidates(out))
    }
}

impl Placements {
    /// The placements as bytes, for [`Placements::from_bytes`].
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(32 + 2 * self.rows.len());
        out.extend_from_slice(&PLACEMENTS);
        put(&mut out, self.seats_full);
        put_placements(&mut out, &self.rows);
        out
    }

    /// Placements from [`Placements::to_bytes`].
    ///
    /// # Errors
    /// [`Error::Argument`] when the bytes are not placements in ascending row order.
    pub fn from_bytes(bytes: &[u8]) -> Result<Placements, Error> {
        let mut r = Reader::new(bytes, PLACEMENTS, "list of placements")?;
        let seats_full = r.varint()?;
        let rows = r.placements(None)?;
        r.end()?;
        Ok(Placements { rows, seats_full })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn placement() -> impl Strategy<Value = Placement> {
        prop_oneof![
            (0usize..4).prop_map(|source| Placement::Funded { source }),
            prop_oneof![
                1u32..6,
                Just(u32::MAX),
                Just(1),
                any::<u32>().prop_map(|p| p.max(1))
            ]
            .prop_map(|position| Placement::Waiting { position }),
        ]
    }

    proptest! {
        #[test]
        fn placements_read_back_as_written(
            steps in prop::collection::vec((1u64..5, placement()), 0..40),
            start in prop_oneof![Just(0u64), any::<u64>().prop_map(|s| s / 2)],
            seats_full in any::<u64>(),
        ) {
            let mut row = start;
            let mut rows = Vec::new();
            for (step, p) in steps {
                rows.push((row, p));
                row = row.saturating_add(step);
            }
            rows.dedup_by_key(|r| r.0);
            let placements = Placements { rows, seats_full };
            prop_assert_eq!(Placements::from_bytes(&placements.to_bytes()).unwrap(), placements);
        }

        #[test]
        fn any_bytes_are_read_or_refused(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
            for tag in [CONTEXT, PLACEMENTS] {
                let mut all = tag.to_vec();
                all.extend_from_slice(&bytes);
                let _ = PartitionContext::from_bytes(&all);
                let _ = Placements::from_bytes(&all);
            }
        }
    }

    #[test]
    fn runs_take_a_byte_per_row() {
        // 1,000 eligible rows of 1,700, funded then waiting in a row: one byte each
        // for its row, and a few for the two runs.
        let rows: Vec<(u64, Placement)> = (0..1_000u64)
            .map(|i| {
                let p = if i < 300 {
                    Placement::Funded { source: 1 }
                } else {
                    Placement::Waiting {
                        position: 40 + i as u32,
                    }
                };
                (i * 17 / 10, p)
            })
            .collect();
        let context = PartitionContext {
            first_row: 5_000_000,
            rows: 1_700,
            placements: Some(rows),
            ..PartitionContext::default()
        };
        let bytes = context.to_bytes();
        assert!(bytes.len() < 1_030, "{}", bytes.len());
        assert_eq!(PartitionContext::from_bytes(&bytes).unwrap(), context);
    }

    #[test]
    #[cfg(feature = "toml")] // the policy is written in TOML
    fn candidates_take_two_bytes_each() {
        let policy =
            Policy::from_toml(include_str!("../../../examples/policies/tegal-2025.toml")).unwrap();
        let sector = policy.taxonomy.sectors().next().unwrap().0;
        let candidate = |i: u64, months: u64| Candidate {
            row: (1_000_000 + i * 17 / 10) as usize,
            sector,
            birth_date: None,
            welfare_decile: None,
            declared_income: None,
            months,
        };
        // Every candidate covered in the policy's four months: the months once, then
        // a byte for the row and one for the sector.
        let all = Candidates((0..1_000).map(|i| candidate(i, 0b1111)).collect());
        let bytes = all.to_bytes();
        assert!(bytes.len() < 2_020, "{}", bytes.len());
        assert_eq!(Candidates::from_bytes(&policy, &bytes).unwrap(), all);
        // Months of their own, each written.
        let own = Candidates((0..1_000).map(|i| candidate(i, i % 3 + 1)).collect());
        let bytes = own.to_bytes();
        assert!(bytes.len() < 3_020, "{}", bytes.len());
        assert_eq!(Candidates::from_bytes(&policy, &bytes).unwrap(), own);
    }

    #[test]
    fn a_context_past_the_last_row_is_refused() {
        let context = PartitionContext {
            first_row: u64::MAX,
            rows: 2,
            ..PartitionContext::default()
        };
        assert!(PartitionContext::from_bytes(&context.to_bytes()).is_err());
        // Made in memory, its slices are refused too, not overflowed.
        assert!(context.slice(1, 1).is_err());
    }

    #[test]
    fn a_varint_past_64_bits_is_refused() {
        let mut r = Reader {
            bytes: &[0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02],
            what: "test",
        };
        assert!(r.varint().is_err());
        let mut r = Reader {
            bytes: &[0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],
            what: "test",
        };
        assert_eq!(r.varint().unwrap(), u64::MAX);
    }
}
