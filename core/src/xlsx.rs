//! Excel workbooks: BNBA lists arrive as `.xlsx`.
//!
//! The first worksheet is read into the same rows a CSV gives, with Excel's own row
//! numbers, so everything downstream (header detection, decisions, output) is shared.
//! Cells become text exactly: whole numbers without exponent or `.0` (a NIK stored as a
//! number), dates as `YYYY-MM-DD` (Excel date cells and date serials).

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use crate::worker::excel_serial;
use crate::{Error, Roster};

impl Roster {
    /// Read the first worksheet of an `.xlsx` workbook.
    pub fn from_xlsx(bytes: &[u8]) -> Result<Roster, Error> {
        let unreadable = |e: &dyn std::fmt::Display| {
            Error::roster(
                None,
                None,
                format!(
                    "is not a readable .xlsx workbook: {}",
                    lower_first(&e.to_string())
                ),
            )
        };
        let mut book: Xlsx<_> =
            calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
        let range = match book.worksheet_range_at(0) {
            None => return Err(Error::roster(None, None, "workbook has no worksheet")),
            Some(r) => r.map_err(|e| unreadable(&e))?,
        };
        let first_row = range.start().map_or(0, |(row, _)| u64::from(row));
        let first_col = range.start().map_or(0, |(_, col)| col as usize);
        let raw = range
            .rows()
            .enumerate()
            .map(|(i, cells)| {
                // Columns left of the range's first are empty in the sheet: keep positions.
                let mut row = vec![String::new(); first_col];
                row.extend(cells.iter().map(cell_text));
                while row.last().is_some_and(String::is_empty) && row.len() > 1 {
                    row.pop();
                }
                (first_row + i as u64 + 1, row)
            })
            .collect();
        let mut roster = Roster::from_rows(raw, b',')?;
        let width = roster.headers.len();
        for row in &mut roster.rows {
            // Trailing empty cells are not a malformed row in a spreadsheet.
            if row.cells.len() < width {
                row.cells.resize(width, String::new());
                row.problems.clear();
            }
        }
        Ok(roster)
    }

    /// Read a roster from a file's bytes: a workbook when they start like one (a ZIP
    /// archive), CSV otherwise.
    pub fn from_bytes(bytes: &[u8]) -> Result<Roster, Error> {
        if bytes.starts_with(b"PK\x03\x04") {
            Roster::from_xlsx(bytes)
        } else {
            Roster::from_csv(bytes)
        }
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_lowercase().chain(c).collect())
}

/// A cell as text, exactly.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => {
            let serial = d.as_f64().floor();
            excel_serial(serial as i64)
                .map_or_else(|| number_text(d.as_f64()), |date| date.to_string())
        }
        Data::Error(e) => format!("#{e}"),
    }
}

/// A float cell as people read it: whole numbers without `.0` or exponent. A NIK
/// stored as a number comes back as its 16 digits (when Excel kept them all).
fn number_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e18 {
        format!("{f:.0}")
    } else {
        f.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(number_text(3_327_015_505_700_001.0), "3327015505700001");
        assert_eq!(number_text(16_800.0), "16800");
        assert_eq!(number_text(1.5), "1.5");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let e = Roster::from_xlsx(b"PK\x03\x04not really a zip").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("roster: is not a readable .xlsx workbook"),
            "{e}"
        );
        assert!(
            Roster::from_bytes(b"nik,birth_date,regency,sector\n")
                .unwrap()
                .rows
                .is_empty()
        );
    }
}
