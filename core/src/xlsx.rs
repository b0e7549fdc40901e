//! Excel workbooks: BNBA lists arrive as `.xlsx`.
//!
//! The first worksheet is read into the same rows a CSV gives, with Excel's own row
//! numbers, so everything downstream (header detection, decisions, output) is shared.
//! Cells become text exactly: whole numbers without exponent or `.0` (a NIK stored as a
//! number), dates as `YYYY-MM-DD` (Excel date cells and date serials).
//!
//! A workbook is hostile input like any file, so the reader never allocates by what
//! the file declares:
//!
//! - before calamine inflates anything, every XML part it reads is inflated once as a
//!   stream and measured: a part beyond [`MAX_XLSX_SHEET_BYTES`] or
//!   [`MAX_XLSX_PART_BYTES`], or a run of text between two tags beyond
//!   [`MAX_XML_RUN_BYTES`] (a giant cell, a whitespace bomb), is refused there;
//! - a declared dimension beyond [`MAX_SHEET_ROWS`] × [`MAX_SHEET_COLUMNS`] is refused;
//! - the sheet is read cell by cell ([`Workbook::rows`]), never as a whole range, and a
//!   cell beyond the row or column cap, or longer than [`MAX_CELL_CHARS`] bytes, is an
//!   error naming the cell, never echoing it.

use std::io::{Cursor, Read};

use calamine::{DataRef, Reader, Xlsx, XlsxCellReader};

use crate::limits::{
    MAX_CELL_CHARS, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, MAX_XLSX_PART_BYTES, MAX_XLSX_SHEET_BYTES,
    MAX_XML_RUN_BYTES, group,
};
use crate::worker::excel_serial;
use crate::{Error, Roster};

impl Roster {
    /// Read the first worksheet of an `.xlsx` workbook.
    pub fn from_xlsx(bytes: &[u8]) -> Result<Roster, Error> {
        let mut book = Workbook::open(bytes)?;
        let raw = book.rows()?.collect::<Result<Vec<_>, Error>>()?;
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
}

/// An opened workbook whose first worksheet can be read row by row.
pub(crate) struct Workbook<'b> {
    book: Xlsx<Cursor<&'b [u8]>>,
    sheet: String,
}

impl<'b> Workbook<'b> {
    /// Measure the workbook's parts (see the module documentation) and open it.
    pub(crate) fn open(bytes: &'b [u8]) -> Result<Workbook<'b>, Error> {
        measure(bytes)?;
        let book: Xlsx<_> =
            calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
        let Some(sheet) = book.sheet_names().into_iter().next() else {
            return Err(Error::roster(None, None, "workbook has no worksheet"));
        };
        Ok(Workbook { book, sheet })
    }

    /// The first worksheet's rows, in order, each with its 1-based Excel row number and
    /// its cells as text by column position (column A first). Rows between the first
    /// and the last row holding a value are all given, an empty row as no cells;
    /// trailing empty cells are dropped.
    pub(crate) fn rows(&mut self) -> Result<Rows<'_, 'b>, Error> {
        let cells = self
            .book
            .worksheet_cells_reader(&self.sheet)
            .map_err(|e| unreadable(&e))?;
        let d = cells.dimensions();
        let (rows, columns) = (u64::from(d.end.0) + 1, u64::from(d.end.1) + 1);
        if rows > u64::from(MAX_SHEET_ROWS) || columns > u64::from(MAX_SHEET_COLUMNS) {
            return Err(Error::roster(
                None,
                None,
                format!(
                    "the worksheet declares {} rows and {} columns (up to cell {}): iuran reads at most {} rows and {} columns",
                    group(rows as i64),
                    group(columns as i64),
                    cell_name(d.end.0, d.end.1),
                    group(i64::from(MAX_SHEET_ROWS)),
                    group(i64::from(MAX_SHEET_COLUMNS)),
                ),
            ));
        }
        Ok(Rows {
            cells,
            pending: None,
            next_row: None,
            exhausted: false,
            done: false,
        })
    }
}

/// The rows of a worksheet, read cell by cell.
pub(crate) struct Rows<'a, 'b> {
    cells: XlsxCellReader<'a, Cursor<&'b [u8]>>,
    /// The first cell of the next row with a value, read ahead.
    pending: Option<(u32, u32, String)>,
    /// The 0-based row to give next (`None` before the first).
    next_row: Option<u32>,
    /// The sheet's last cell has been read.
    exhausted: bool,
    done: bool,
}

impl Rows<'_, '_> {
    /// The next cell holding a value, checked against the caps.
    fn next_value(&mut self) -> Result<Option<(u32, u32, String)>, Error> {
        loop {
            if self.exhausted {
                return Ok(None);
            }
            let Some(cell) = self.cells.next_cell().map_err(|e| unreadable(&e))? else {
                self.exhausted = true;
                return Ok(None);
            };
            let (row, col) = cell.get_position();
            let text = match cell_text(cell.get_value()) {
                Ok(t) if t.is_empty() => continue,
                Ok(t) => t,
                Err(len) => {
                    return Err(Error::roster(
                        Some(u64::from(row) + 1),
                        None,
                        format!(
                            "cell {} is {} bytes long: iuran reads cells of at most {} bytes",
                            cell_name(row, col),
                            group(len as i64),
                            group(MAX_CELL_CHARS as i64)
                        ),
                    ));
                }
            };
            if row >= MAX_SHEET_ROWS || col >= MAX_SHEET_COLUMNS {
                return Err(Error::roster(
                    Some(u64::from(row) + 1),
                    None,
                    format!(
                        "cell {} is beyond the last row or column iuran reads ({} rows, {} columns)",
                        cell_name(row, col),
                        group(i64::from(MAX_SHEET_ROWS)),
                        group(i64::from(MAX_SHEET_COLUMNS))
                    ),
                ));
            }
            return Ok(Some((row, col, text)));
        }
    }

    fn next_row(&mut self) -> Result<Option<(u64, Vec<String>)>, Error> {
        if self.pending.is_none() {
            match self.next_value()? {
                Some(c) => self.pending = Some(c),
                None => return Ok(None),
            }
        }
        let target = self.pending.as_ref().map_or(0, |c| c.0);
        let emit = self.next_row.unwrap_or(target);
        if emit < target {
            // An empty row between two rows with values: a physical row of the sheet.
            self.next_row = Some(emit + 1);
            return Ok(Some((u64::from(emit) + 1, Vec::new())));
        }
        let mut cells: Vec<String> = Vec::new();
        while let Some((row, col, text)) = self.pending.take() {
            if row != target {
                if row < target {
                    return Err(Error::roster(
                        Some(u64::from(row) + 1),
                        None,
                        format!(
                            "cell {} comes after row {}: the worksheet's rows are out of order",
                            cell_name(row, col),
                            target + 1
                        ),
                    ));
                }
                self.pending = Some((row, col, text));
                break;
            }
            let col = col as usize;
            if cells.len() <= col {
                cells.resize(col + 1, String::new());
            }
            cells[col] = text;
            self.pending = self.next_value()?;
        }
        while cells.last().is_some_and(String::is_empty) && cells.len() > 1 {
            cells.pop();
        }
        self.next_row = Some(target + 1);
        Ok(Some((u64::from(target) + 1, cells)))
    }
}

impl Iterator for Rows<'_, '_> {
    type Item = Result<(u64, Vec<String>), Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_row() {
            Ok(Some(row)) => Some(Ok(row)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

fn unreadable(e: &dyn std::fmt::Display) -> Error {
    Error::roster(
        None,
        None,
        format!(
            "is not a readable .xlsx workbook: {}",
            crate::nik::echo(&lower_first(&e.to_string()))
        ),
    )
}

/// Inflate every XML part calamine reads, as a stream, and refuse one that is too
/// large or holds a run of text between tags beyond [`MAX_XML_RUN_BYTES`], before any
/// of it is kept in memory.
fn measure(bytes: &[u8]) -> Result<(), Error> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let mut buf = vec![0u8; 64 << 10];
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| unreadable(&e))?;
        let name = part
            .name()
            .map_err(|e| unreadable(&e))?
            .to_ascii_lowercase();
        let read_by_calamine = name == "[content_types].xml"
            || name.starts_with("_rels/")
            || name.starts_with("xl/_rels/")
            || name.starts_with("xl/worksheets/")
            || matches!(
                name.as_str(),
                "xl/workbook.xml" | "xl/sharedstrings.xml" | "xl/styles.xml"
            );
        if !read_by_calamine {
            continue;
        }
        let cap = if name.starts_with("xl/worksheets/") {
            MAX_XLSX_SHEET_BYTES
        } else {
            MAX_XLSX_PART_BYTES
        };
        let shown = crate::nik::echo(&name);
        let mut total: u64 = 0;
        let mut scan = XmlScan::default();
        loop {
            let n = part.read(&mut buf).map_err(|e| unreadable(&e))?;
            if n == 0 {
                break;
            }
            total += n as u64;
            if total > cap {
                return Err(Error::roster(
                    None,
                    None,
                    format!(
                        "the workbook's part `{shown}` inflates to more than {} bytes: refused (a compression bomb or a roster beyond what iuran reads)",
                        group(cap as i64)
                    ),
                ));
            }
            if !buf[..n].iter().all(|&b| scan.push(b)) {
                return Err(Error::roster(
                    None,
                    None,
                    format!(
                        "the workbook's part `{shown}` holds a value or tag longer than {} bytes: iuran reads cells of at most {} bytes",
                        group(MAX_XML_RUN_BYTES as i64),
                        group(MAX_CELL_CHARS as i64)
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Tags inside one cell's or shared string's text: rich-text runs, their formatting,
/// phonetic runs.
const RUN_TAGS: &[&[u8]] = &[
    b"t",
    b"r",
    b"rPr",
    b"b",
    b"i",
    b"u",
    b"sz",
    b"color",
    b"rFont",
    b"family",
    b"strike",
    b"vertAlign",
    b"scheme",
    b"charset",
    b"outline",
    b"shadow",
    b"condense",
    b"extend",
    b"rPh",
    b"phoneticPr",
];

/// A byte-by-byte scan of XML that bounds what one event or one value can make a
/// parser hold: a tag's length, and the text of one value — a cell or shared string
/// across all its rich-text runs (text is counted until a tag other than a run's,
/// with or without a namespace prefix).
#[derive(Default)]
struct XmlScan {
    in_tag: bool,
    /// Bytes of the current tag.
    tag: usize,
    /// The current tag's name (up to 16 bytes, without a namespace prefix).
    name: Vec<u8>,
    name_done: bool,
    /// Text bytes since the last value-opening tag.
    text: usize,
}

impl XmlScan {
    /// Take one byte; `false` when a tag or a value is beyond [`MAX_XML_RUN_BYTES`].
    fn push(&mut self, b: u8) -> bool {
        if self.in_tag {
            if b == b'>' {
                self.in_tag = false;
                // Text runs and their formatting are inside one value; any other tag
                // ends the value.
                if !RUN_TAGS.contains(&self.name.as_slice()) {
                    self.text = 0;
                }
                return true;
            }
            self.tag += 1;
            if !self.name_done {
                match b {
                    b'/' if self.tag == 1 => {}
                    b' ' | b'\t' | b'\r' | b'\n' | b'/' => self.name_done = true,
                    b':' => self.name.clear(),
                    _ if self.name.len() < 16 => self.name.push(b),
                    _ => self.name_done = true,
                }
            }
            return self.tag <= MAX_XML_RUN_BYTES;
        }
        if b == b'<' {
            self.in_tag = true;
            self.tag = 0;
            self.name.clear();
            self.name_done = false;
            return true;
        }
        self.text += 1;
        self.text <= MAX_XML_RUN_BYTES
    }
}

/// `A1`-style name of a 0-based cell position.
fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = u64::from(col) + 1;
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        String::from_utf8(letters).unwrap_or_default(),
        u64::from(row) + 1
    )
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_lowercase().chain(c).collect())
}

/// A cell as text, exactly; its length in bytes when beyond [`MAX_CELL_CHARS`].
fn cell_text(cell: &DataRef<'_>) -> Result<String, usize> {
    let text = match cell {
        DataRef::Empty => String::new(),
        DataRef::SharedString(s) => {
            if s.len() > MAX_CELL_CHARS {
                return Err(s.len());
            }
            (*s).to_owned()
        }
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            if s.len() > MAX_CELL_CHARS {
                return Err(s.len());
            }
            s.clone()
        }
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(d) => {
            let serial = d.as_f64().floor();
            excel_serial(serial as i64)
                .map_or_else(|| number_text(d.as_f64()), |date| date.to_string())
        }
        DataRef::Error(e) => e.to_string(),
    };
    Ok(text)
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
    fn cells_are_named_as_excel_names_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(9, 27), "AB10");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
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
