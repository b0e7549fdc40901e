//! Contexts and candidates as bytes, the form they cross between an engine's
//! processes in: little-endian fixed-width fields behind a tag naming the kind and
//! version. Reading checks every length and value; bytes that are not what they claim
//! are an [`Error::Argument`], never a panic.

use rust_decimal::Decimal;

use super::{Candidates, PartitionContext, Placements, argument};
use crate::Error;
use crate::allocation::{Candidate, Placement};
use crate::batch::{date_from_days, days_from_date};
use crate::policy::Policy;

const CONTEXT: [u8; 8] = *b"iuranPC2";
const CANDIDATES: [u8; 8] = *b"iuranCA2";
const PLACEMENTS: [u8; 8] = *b"iuranPL2";

/// No date, no decile.
const NO_DAY: i32 = i32::MIN;
const NO_DECILE: u8 = u8::MAX;

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

    fn array<const N: usize>(&mut self) -> Result<[u8; N], Error> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    fn u8(&mut self) -> Result<u8, Error> {
        Ok(self.array::<1>()?[0])
    }

    fn u16(&mut self) -> Result<u16, Error> {
        Ok(u16::from_le_bytes(self.array()?))
    }

    fn u32(&mut self) -> Result<u32, Error> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn i32(&mut self) -> Result<i32, Error> {
        Ok(i32::from_le_bytes(self.array()?))
    }

    fn u64(&mut self) -> Result<u64, Error> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    /// A count of items of at least `size` bytes each, checked against what is left.
    fn count(&mut self, size: usize) -> Result<usize, Error> {
        let n = usize::try_from(self.u64()?).map_err(|_| self.bad())?;
        if n.checked_mul(size).is_none_or(|b| b > self.bytes.len()) {
            return Err(self.bad());
        }
        Ok(n)
    }

    fn end(&self) -> Result<(), Error> {
        if self.bytes.is_empty() {
            Ok(())
        } else {
            Err(self.bad())
        }
    }

    fn placement(&mut self) -> Result<Placement, Error> {
        let tag = self.u8()?;
        let value = self.u32()?;
        match tag {
            0 => Ok(Placement::Funded {
                source: value as usize,
            }),
            1 => Ok(Placement::Waiting { position: value }),
            _ => Err(self.bad()),
        }
    }
}

/// Whether the rows are strictly ascending.
fn ascending(rows: impl Iterator<Item = u64>) -> bool {
    let mut last = None;
    rows.into_iter().all(|row| {
        let ok = last.is_none_or(|l| l < row);
        last = Some(row);
        ok
    })
}

fn put_placement(out: &mut Vec<u8>, p: Placement) {
    let (tag, value) = match p {
        Placement::Funded { source } => (0u8, u32::try_from(source).unwrap_or(u32::MAX)),
        Placement::Waiting { position } => (1, position),
    };
    out.push(tag);
    out.extend_from_slice(&value.to_le_bytes());
}

impl PartitionContext {
    /// The context as bytes, for [`PartitionContext::from_bytes`].
    pub fn to_bytes(&self) -> Vec<u8> {
        let placed = self.placements.as_ref().map_or(0, Vec::len);
        let mut out = Vec::with_capacity(33 + 16 * self.duplicates.len() + 13 * placed);
        out.extend_from_slice(&CONTEXT);
        out.extend_from_slice(&self.first_row.to_le_bytes());
        out.extend_from_slice(&self.rows.to_le_bytes());
        out.extend_from_slice(&(self.duplicates.len() as u64).to_le_bytes());
        for (row, first) in &self.duplicates {
            out.extend_from_slice(&row.to_le_bytes());
            out.extend_from_slice(&first.to_le_bytes());
        }
        out.extend_from_slice(&self.seats_full.to_le_bytes());
        match &self.placements {
            None => out.push(0),
            Some(list) => {
                out.push(1);
                out.extend_from_slice(&(list.len() as u64).to_le_bytes());
                for (row, p) in list {
                    out.extend_from_slice(&row.to_le_bytes());
                    put_placement(&mut out, *p);
                }
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
        let first_row = r.u64()?;
        let rows = r.u64()?;
        let n = r.count(16)?;
        let mut duplicates = Vec::with_capacity(n);
        for _ in 0..n {
            let (row, first) = (r.u64()?, r.u64()?);
            // A duplicate's first occurrence comes before it.
            if row >= rows || first == 0 || first > first_row.saturating_add(row) {
                return Err(r.bad());
            }
            duplicates.push((row, first));
        }
        let seats_full = r.u64()?;
        let placements = match r.u8()? {
            0 => None,
            1 => {
                let n = r.count(13)?;
                let mut list = Vec::with_capacity(n);
                for _ in 0..n {
                    let row = r.u64()?;
                    if row >= rows {
                        return Err(r.bad());
                    }
                    list.push((row, r.placement()?));
                }
                Some(list)
            }
            _ => return Err(r.bad()),
        };
        r.end()?;
        let ordered = ascending(duplicates.iter().map(|d| d.0))
            && placements
                .as_ref()
                .is_none_or(|p| ascending(p.iter().map(|d| d.0)));
        if !ordered {
            return Err(r.bad());
        }
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
    /// The candidates as bytes, for [`Candidates::from_bytes`].
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + 32 * self.0.len());
        out.extend_from_slice(&CANDIDATES);
        out.extend_from_slice(&(self.0.len() as u64).to_le_bytes());
        for c in &self.0 {
            out.extend_from_slice(&(c.row as u64).to_le_bytes());
            out.extend_from_slice(&(c.sector.index() as u16).to_le_bytes());
            let day = c.birth_date.map_or(NO_DAY, |d| {
                i32::try_from(days_from_date(d)).unwrap_or(NO_DAY)
            });
            out.extend_from_slice(&day.to_le_bytes());
            out.push(c.welfare_decile.unwrap_or(NO_DECILE));
            out.extend_from_slice(&c.months.to_le_bytes());
            match c.declared_income {
                None => out.push(0),
                Some(d) => {
                    out.push(1);
                    out.extend_from_slice(&d.serialize());
                }
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
        let n = r.count(24)?;
        let sectors: Vec<_> = policy.taxonomy.sectors().map(|(id, _)| id).collect();
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let row = usize::try_from(r.u64()?).map_err(|_| r.bad())?;
            let sector = *sectors.get(usize::from(r.u16()?)).ok_or_else(|| r.bad())?;
            let birth_date = match r.i32()? {
                NO_DAY => None,
                day => Some(date_from_days(day).ok_or_else(|| r.bad())?),
            };
            let welfare_decile = match r.u8()? {
                NO_DECILE => None,
                d => Some(d),
            };
            let months = r.u64()?;
            let declared_income = match r.u8()? {
                0 => None,
                1 => {
                    let raw: [u8; 16] = r.array()?;
                    // Byte 2 of the flags is the scale: at most 28.
                    if raw[2] > 28 {
                        return Err(r.bad());
                    }
                    Some(Decimal::deserialize(raw))
                }
                _ => return Err(r.bad()),
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
        let mut out = Vec::with_capacity(16 + 13 * self.rows.len());
        out.extend_from_slice(&PLACEMENTS);
        out.extend_from_slice(&self.seats_full.to_le_bytes());
        out.extend_from_slice(&(self.rows.len() as u64).to_le_bytes());
        for (row, p) in &self.rows {
            out.extend_from_slice(&row.to_le_bytes());
            put_placement(&mut out, *p);
        }
        out
    }

    /// Placements from [`Placements::to_bytes`].
    ///
    /// # Errors
    /// [`Error::Argument`] when the bytes are not placements in ascending row order.
    pub fn from_bytes(bytes: &[u8]) -> Result<Placements, Error> {
        let mut r = Reader::new(bytes, PLACEMENTS, "list of placements")?;
        let seats_full = r.u64()?;
        let n = r.count(13)?;
        let mut rows = Vec::with_capacity(n);
        for _ in 0..n {
            let row = r.u64()?;
            rows.push((row, r.placement()?));
        }
        r.end()?;
        if !ascending(rows.iter().map(|p| p.0)) {
            return Err(r.bad());
        }
        Ok(Placements { rows, seats_full })
    }
}
