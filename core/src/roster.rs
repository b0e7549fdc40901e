//! Rosters: the BNBA list of workers, read from CSV or `.xlsx`, decided by the engine
//! and written back with the decision columns.
//!
//! Rows in = rows out, in input order: every physical record after the header is a
//! row, blank lines included, and a row that cannot be read is still a row — it gets
//! reasons (`malformed_row`, `invalid_value`, `missing_field`, …) and stays in the
//! output, which is rectangular (cells beyond the header's go to an `extra_cells`
//! column). Only a file that cannot be read at all (not UTF-8, no header, a required
//! column missing) is an [`Error`].
//!
//! A CSV file streams through the engine a chunk at a time ([`Policy::evaluate_file`]):
//! memory does not grow with the roster. [`Roster`] holds a whole roster in memory,
//! for the quality report and for explaining every row ([`Policy::evaluate_roster`]).

// Without the `csv` feature the CSV reader stays (the engine's chunks carry its
// records) but nothing public reads a file with it.
#![cfg_attr(not(feature = "csv"), allow(dead_code, unused_imports))]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;

use crate::batch::stream::{self, Chunk, ChunkSource, InMemory};
use crate::batch::{Columns, Outcome};
use crate::decision::Decision;
use crate::explain::RowFacts;
use crate::reason::{Reason, ReasonCode};
use crate::summary::Summary;
use crate::worker::{FIELDS, Field, Record};
use crate::{Error, Policy};

mod csv_reader;
mod output;
#[cfg(feature = "csv")]
mod whole;

use csv_reader::CsvReader;
pub(crate) use csv_reader::Records;
use output::Output;
pub use output::{EXTRA_CELLS, OUTPUT_COLUMNS, output_columns};
#[cfg(feature = "csv")]
pub use whole::{ColumnsReport, Progress};

/// The columns a roster must have under a policy that requires a NIK (the default;
/// [`Policy::required_columns`] says which a given policy needs).
pub const REQUIRED: [Field; 4] = [Field::Nik, Field::BirthDate, Field::Regency, Field::Sector];

/// The columns every policy needs: what a roster read without a policy must have.
const ALWAYS_REQUIRED: [&str; 3] = ["birth_date", "regency", "sector"];

/// The names of [`REQUIRED`].
const REQUIRED_NAMES: [&str; 4] = ["nik", "birth_date", "regency", "sector"];

/// One roster row.
#[derive(Clone, PartialEq, Eq)]
pub struct Row {
    /// 1-based line in the source file (the header is line 1), as the user sees it.
    pub line: u64,
    /// Every cell as read, in the file's column order.
    pub cells: Vec<String>,
    /// Problems with the row's shape (`malformed_row`).
    pub problems: Vec<Reason>,
}

impl std::fmt::Debug for Row {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Cells hold NIKs and names: never print them.
        f.debug_struct("Row")
            .field("line", &self.line)
            .field("cells", &self.cells.len())
            .field("problems", &self.problems)
            .finish()
    }
}

/// A roster read from a file, held in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roster {
    /// The header as written.
    pub headers: Vec<String>,
    /// The header's line in the file (1 unless rows such as a title come first).
    pub header_line: u64,
    /// For each canonical field (in [`Field::ALL`] order), the column holding it.
    pub columns: [Option<usize>; FIELDS.len()],
    /// The rows, in file order.
    pub rows: Vec<Row>,
    /// Whether the `birth_date` column holds "place, date" (`Tempat/Tgl Lahir`).
    pub birth_date_combined: bool,
    /// The field delimiter found (`,` or `;`); `,` for spreadsheets.
    pub delimiter: u8,
}

/// An evaluated roster: one decision per row, in row order, and the totals.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Evaluation {
    /// One decision per roster row.
    pub decisions: Vec<Decision>,
    /// Totals over the decisions.
    pub summary: Summary,
}

/// A roster streamed through the engine: the totals, and for each reason code the
/// first row that has it, explained (what a report shows as an example).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RosterReport {
    /// Totals over every row.
    pub summary: Summary,
    /// For each reason code, the first row with it.
    pub examples: BTreeMap<ReasonCode, Example>,
}

/// A row shown as an example of a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Example {
    /// The row's line in its file.
    pub line: u64,
    /// The row's canonical fields, as text (personal data: for the row's own display).
    pub record: Record,
    /// The row explained.
    pub decision: Decision,
}

/// A roster file: its bytes, or a path read as it streams.
#[cfg(feature = "csv")]
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum RosterFile<'a> {
    /// The file's bytes (CSV or `.xlsx`).
    Bytes(&'a [u8]),
    /// A file on disk (CSV streams; `.xlsx` is read whole).
    Path(&'a Path),
}

/// Header names villages actually use, normalised (lower case, letters and digits
/// only, single spaces), for each canonical field.
const HEADER_ALIASES: &[(&str, &[&str])] = &[
    (
        "nik",
        &[
            "nik",
            "no nik",
            "nomor nik",
            "nomor induk kependudukan",
            "nik ktp",
            "no ktp",
            "nomor ktp",
        ],
    ),
    (
        "name",
        &[
            "name",
            "nama",
            "nama lengkap",
            "nama peserta",
            "nama pekerja",
            "nama penerima",
        ],
    ),
    (
        "birth_date",
        &[
            "birth date",
            "date of birth",
            "tanggal lahir",
            "tgl lahir",
            "tgl lhr",
            "tanggal lhr",
        ],
    ),
    (
        "sex",
        &["sex", "jenis kelamin", "jk", "l p", "kelamin", "gender"],
    ),
    (
        "regency",
        &[
            "regency",
            "kode kabupaten",
            "kode kab",
            "kode kabupaten kota",
            "kode kab kota",
            "kab kode",
        ],
    ),
    (
        "district",
        &["district", "kecamatan", "kode kecamatan", "kec"],
    ),
    (
        "sector",
        &[
            "sector",
            "pekerjaan",
            "jenis pekerjaan",
            "sektor",
            "sektor pekerjaan",
            "profesi",
            "occupation",
        ],
    ),
    (
        "declared_income",
        &[
            "declared income",
            "penghasilan",
            "penghasilan per bulan",
            "upah",
            "pendapatan",
        ],
    ),
    (
        "active_member",
        &[
            "active member",
            "peserta aktif",
            "status peserta aktif",
            "sudah peserta bpjs",
            "sudah terdaftar",
        ],
    ),
    (
        "welfare_decile",
        &[
            "welfare decile",
            "desil",
            "desil kesejahteraan",
            "desil dtsen",
            "desil dtks",
        ],
    ),
    (
        "dtsen",
        &[
            "terdaftar dtsen",
            "status dtsen",
            "masuk dtsen",
            "dtks",
            "terdaftar dtks",
            "registered in dtsen",
        ],
    ),
    (
        "cover_from",
        &[
            "bulan mulai",
            "mulai tanggungan",
            "awal tanggungan",
            "bulan awal tanggungan",
        ],
    ),
    (
        "cover_to",
        &[
            "bulan akhir",
            "akhir tanggungan",
            "sampai bulan",
            "bulan akhir tanggungan",
        ],
    ),
];

/// Combined "place, date of birth" headers (`Tempat/Tgl Lahir`): the date is the part
/// after the last comma.
const PLACE_AND_DATE: &[&str] = &[
    "tempat tgl lahir",
    "tempat tanggal lahir",
    "ttl",
    "tempat dan tanggal lahir",
    "tempat lahir tgl lahir",
];

/// A header cell normalised: lower case, anything but letters and digits to spaces.
fn header_key(header: &str) -> String {
    let lowered: String = header
        .trim()
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    lowered.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The canonical field a header names, and whether it is a combined place-and-date.
fn field_for(header: &str) -> Option<(usize, bool)> {
    let key = header_key(header);
    let snake = key.replace(' ', "_");
    if let Some(f) = FIELDS.iter().position(|f| *f == snake) {
        return Some((f, false));
    }
    for (field, aliases) in HEADER_ALIASES {
        if aliases.contains(&key.as_str()) {
            return FIELDS.iter().position(|f| f == field).map(|f| (f, false));
        }
    }
    if PLACE_AND_DATE.contains(&key.as_str()) {
        return FIELDS
            .iter()
            .position(|f| *f == "birth_date")
            .map(|f| (f, true));
    }
    None
}

/// Rows a header may be preceded by (titles, blank lines) before we give up looking.
const HEADER_SEARCH: usize = 20;

/// Where a roster's fields are: the header and the column of each canonical field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Layout {
    pub(crate) headers: Vec<String>,
    pub(crate) columns: [Option<usize>; FIELDS.len()],
    pub(crate) birth_date_combined: bool,
    /// Position of the header among the file's records.
    pub(crate) header_at: usize,
}

impl Layout {
    /// Find the header: the first row, within the first 20, that names a NIK column;
    /// else the first that names a `required` column; otherwise the first row. Every
    /// `required` column must be there.
    pub(crate) fn find(
        first_rows: &[(u64, Vec<String>)],
        required: &[&str],
    ) -> Result<Layout, Error> {
        let names = |row: &(u64, Vec<String>), wanted: &dyn Fn(&str) -> bool| {
            row.1
                .iter()
                .any(|c| field_for(c).is_some_and(|(f, _)| wanted(FIELDS[f])))
        };
        let search = &first_rows[..first_rows.len().min(HEADER_SEARCH)];
        let header_at = search
            .iter()
            .position(|row| names(row, &|f| f == "nik"))
            .or_else(|| {
                search
                    .iter()
                    .position(|row| names(row, &|f| required.contains(&f)))
            })
            .unwrap_or(0);
        let Some((header_line, header_cells)) = first_rows.get(header_at) else {
            return Err(Error::roster(None, None, "is empty: expected a header row"));
        };
        let headers: Vec<String> = header_cells.iter().map(|c| c.trim().to_owned()).collect();
        let mut columns = [None; FIELDS.len()];
        let mut birth_date_combined = false;
        for (i, h) in headers.iter().enumerate() {
            let Some((f, combined)) = field_for(h) else {
                continue;
            };
            if columns[f].is_some() {
                return Err(Error::roster(
                    Some(*header_line),
                    Some(FIELDS[f]),
                    "appears twice in the header",
                ));
            }
            columns[f] = Some(i);
            birth_date_combined |= combined;
        }
        for &field in required {
            let f = FIELDS
                .iter()
                .position(|x| *x == field)
                .expect("required fields are canonical");
            if columns[f].is_none() {
                // Name only the columns recognised: a row that is not a header holds
                // personal data, which an error never repeats.
                let known: Vec<&str> = FIELDS
                    .iter()
                    .zip(&columns)
                    .filter(|(_, c)| c.is_some())
                    .map(|(f, _)| *f)
                    .collect();
                let others = headers.len() - known.len();
                let found = if known.is_empty() {
                    "no column name is recognised in the first row".to_owned()
                } else {
                    format!("the header names {}", known.join(", "))
                };
                return Err(Error::roster(
                    Some(*header_line),
                    Some(field),
                    format!(
                        "required column is missing ({found}; {others} other column(s); expected the columns {})",
                        required.join(", ")
                    ),
                ));
            }
        }
        Ok(Layout {
            headers,
            columns,
            birth_date_combined,
            header_at,
        })
    }

    fn width(&self) -> usize {
        self.headers.len()
    }
}

/// `malformed_row` for a row of `found` cells under a header of `expected`.
fn malformed(found: usize, expected: usize) -> Reason {
    Reason::new(
        ReasonCode::MalformedRow,
        [
            ("found", found.to_string()),
            ("expected", expected.to_string()),
        ],
    )
}

/// The field delimiter a file's first line suggests: `;` when it has more of them than
/// commas.
fn guess_delimiter(head: &[u8]) -> u8 {
    let first_line = head
        .split(|b| *b == b'\n' || *b == b'\r')
        .next()
        .unwrap_or_default();
    let count = |c: u8| first_line.iter().filter(|b| **b == c).count();
    if count(b';') > count(b',') {
        b';'
    } else {
        b','
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A CSV input opened for reading: buffered, without its byte-order mark, with its
/// delimiter (`delimiter`, or the one its first line suggests).
fn open_csv<'a>(
    input: Box<dyn Read + 'a>,
    delimiter: Option<u8>,
) -> Result<(CsvReader<Box<dyn BufRead + 'a>>, u8), Error> {
    let mut buffered: Box<dyn BufRead + 'a> = Box::new(BufReader::with_capacity(1 << 16, input));
    let head = buffered
        .fill_buf()
        .map_err(|e| Error::roster(None, None, format!("cannot be read: {e}")))?;
    let bom = head.starts_with(BOM);
    let d =
        delimiter.unwrap_or_else(|| guess_delimiter(if bom { &head[BOM.len()..] } else { head }));
    if bom {
        buffered.consume(BOM.len());
    }
    Ok((CsvReader::new(buffered, d), d))
}

/// A CSV input read up to its header.
struct Opened<'a> {
    /// The reader, at the record after the first rows.
    reader: CsvReader<Box<dyn BufRead + 'a>>,
    delimiter: u8,
    /// The first records (up to the header search), as text.
    first: Vec<(u64, Vec<String>)>,
    layout: Layout,
}

/// A CSV input (opened by `open`, which may be called twice) read up to its header.
///
/// One rule, whatever the policy, so that a file streamed through a policy and the same
/// file read whole ([`Roster::from_csv`]) find the same header: first a header naming
/// every column of [`REQUIRED`], under the delimiter the first line suggests, then under
/// the other one (a title line above the header can use either); failing that, a header
/// naming the columns every policy needs (a de-identified roster without a NIK column).
/// A delimiter under which the first rows cannot be read (a cell too long, say, where
/// the other delimiter's quoting differs) has no header. When there is none, the error
/// is the suggested delimiter's reading error, or else the one for the `required`
/// columns (the policy's) under it.
fn open_with_header<'a>(
    open: &mut dyn FnMut() -> Result<Box<dyn Read + 'a>, Error>,
    required: &[&str],
) -> Result<Opened<'a>, Error> {
    let (mut reader, delimiter) = open_csv(open()?, None)?;
    let first = first_rows(&mut reader);
    let other = if delimiter == b';' { b',' } else { b';' };
    let (mut other_reader, _) = open_csv(open()?, Some(other))?;
    let other_first = first_rows(&mut other_reader);
    let tries = [
        (reader, delimiter, first),
        (other_reader, other, other_first),
    ];
    let found = [&REQUIRED_NAMES[..], &ALWAYS_REQUIRED[..]]
        .into_iter()
        .find_map(|columns| {
            tries.iter().enumerate().find_map(|(i, (_, _, first))| {
                let first = first.as_ref().ok()?;
                Layout::find(first, columns).ok().map(|layout| (i, layout))
            })
        });
    let [suggested, other] = tries;
    match found {
        Some((i, layout)) => {
            let (reader, delimiter, first) = if i == 0 { suggested } else { other };
            Ok(Opened {
                reader,
                delimiter,
                first: first?,
                layout,
            })
        }
        None => Err(match Layout::find(&suggested.2?, required) {
            Err(e) => e,
            Ok(_) => Error::roster(None, None, "has no header row naming the required columns"),
        }),
    }
}

/// A policy that requires a NIK refuses a roster whose header (at `header_line`) has no
/// NIK column.
fn require_nik_column(
    layout_has_nik: bool,
    required: &[&str],
    header_line: u64,
) -> Result<(), Error> {
    if layout_has_nik || !required.contains(&"nik") {
        return Ok(());
    }
    Err(Error::roster(
        Some(header_line),
        Some("nik"),
        format!(
            "required column is missing (this policy requires a NIK; expected the columns {})",
            REQUIRED_NAMES.join(", ")
        ),
    ))
}

/// The first records of a CSV input (up to the header search), as text.
fn first_rows<R: BufRead>(reader: &mut CsvReader<R>) -> Result<Vec<(u64, Vec<String>)>, Error> {
    let mut records = Records::default();
    let mut rows = Vec::new();
    while rows.len() < HEADER_SEARCH {
        records.clear();
        if !reader.read(&mut records)? {
            break;
        }
        rows.push((records.lines[0], text_cells(&records, 0)));
    }
    Ok(rows)
}

fn text_cells(records: &Records, r: usize) -> Vec<String> {
    records
        .fields(r)
        .map(|f| String::from_utf8_lossy(f).into_owned())
        .collect()
}

impl Roster {
    /// Read a roster from CSV bytes: UTF-8 (a BOM is tolerated), `,` or `;` delimited,
    /// a header row with the canonical column names (any case; extra columns are kept
    /// and passed through).
    ///
    /// ```
    /// let roster = iuran::Roster::from_csv(b"nik;birth_date;regency;sector\n3327015505650001;15-05-1965;3327;petani\n")?;
    /// assert_eq!(roster.rows.len(), 1);
    /// assert_eq!(roster.rows[0].line, 2);
    /// # Ok::<(), iuran::Error>(())
    /// ```
    #[cfg(feature = "csv")]
    pub fn from_csv(bytes: &[u8]) -> Result<Roster, Error> {
        let Opened {
            mut reader,
            delimiter,
            first: mut raw,
            ..
        } = open_with_header(
            &mut || Ok(Box::new(bytes) as Box<dyn Read>),
            &ALWAYS_REQUIRED,
        )?;
        let mut records = Records::default();
        loop {
            records.clear();
            if !reader.read(&mut records)? {
                break;
            }
            raw.push((records.lines[0], text_cells(&records, 0)));
            too_many_rows(raw.len().saturating_sub(HEADER_SEARCH), records.lines[0])?;
        }
        Roster::from_rows(raw, delimiter)
    }

    /// Read a roster from a file's bytes: a workbook when they start like one (a ZIP
    /// archive), CSV otherwise. A format this build leaves out is an
    /// [`Error::Unsupported`] naming its feature.
    #[cfg(any(feature = "csv", feature = "xlsx"))]
    pub fn from_bytes(bytes: &[u8]) -> Result<Roster, Error> {
        if bytes.starts_with(ZIP) {
            #[cfg(feature = "xlsx")]
            return Roster::from_xlsx(bytes);
            #[cfg(not(feature = "xlsx"))]
            return Err(Error::unsupported("an .xlsx roster", "xlsx"));
        }
        #[cfg(feature = "csv")]
        return Roster::from_csv(bytes);
        #[cfg(not(feature = "csv"))]
        return Err(Error::unsupported("a CSV roster", "csv"));
    }

    /// Build a roster from raw rows `(line, cells)`: find the header and keep every
    /// later row with its line number.
    pub(crate) fn from_rows(raw: Vec<(u64, Vec<String>)>, delimiter: u8) -> Result<Roster, Error> {
        let layout = Layout::find(&raw, &ALWAYS_REQUIRED)?;
        let width = layout.width();
        let header_line = raw[layout.header_at].0;
        let rows = raw
            .into_iter()
            .skip(layout.header_at + 1)
            .map(|(line, cells)| {
                let problems = if cells.len() == width {
                    Vec::new()
                } else {
                    vec![malformed(cells.len(), width)]
                };
                Row {
                    line,
                    cells,
                    problems,
                }
            })
            .collect();
        Ok(Roster {
            header_line,
            headers: layout.headers,
            columns: layout.columns,
            rows,
            birth_date_combined: layout.birth_date_combined,
            delimiter,
        })
    }

    /// The text record of a row, by canonical field.
    pub fn record(&self, row: &Row) -> Record {
        let mut r = Record::default();
        for (f, col) in Field::ALL.into_iter().zip(self.columns) {
            let value = col.and_then(|c| row.cells.get(c)).cloned();
            r.set(f, value);
        }
        if self.birth_date_combined {
            r.birth_date = r.birth_date.map(|t| date_part(&t).to_owned());
        }
        r
    }

    /// The text of each canonical field, per row (the date part of a combined
    /// place-and-date cell).
    fn field_texts(&self) -> Vec<Option<Vec<Option<&str>>>> {
        (0..FIELDS.len())
            .map(|f| {
                self.columns[f].map(|c| {
                    self.rows
                        .iter()
                        .map(|r| {
                            r.cells
                                .get(c)
                                .map(|t| field_text(self.birth_date_combined, f, t))
                        })
                        .collect()
                })
            })
            .collect()
    }

    /// The rows as columns, with the malformed rows and every row's line: what the
    /// engine reads.
    pub(crate) fn with_columns<T>(&self, f: impl FnOnce(&Columns<'_>, &[usize], &[u64]) -> T) -> T {
        let texts = self.field_texts();
        let columns = Columns::from_text(
            self.rows.len(),
            std::array::from_fn(|f| texts[f].as_deref()),
        );
        let malformed: Vec<usize> = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.problems.is_empty())
            .map(|(i, _)| i)
            .collect();
        let lines: Vec<u64> = self.rows.iter().map(|r| r.line).collect();
        f(&columns, &malformed, &lines)
    }

    /// The input rows with the decision columns appended, as CSV bytes in the input's
    /// delimiter: the same bytes [`Policy::evaluate_file`] writes.
    #[cfg(feature = "csv")]
    pub fn write_csv(&self, policy: &Policy) -> Result<Vec<u8>, Error> {
        let mut bytes = Vec::new();
        policy.report_roster(self, Some(&mut bytes))?;
        Ok(bytes)
    }
}

/// A roster may have at most [`crate::limits::MAX_ROWS`] rows.
fn too_many_rows(rows: usize, line: u64) -> Result<(), Error> {
    if rows as u64 > crate::limits::MAX_ROWS {
        return Err(Error::roster(
            Some(line),
            None,
            format!(
                "has more than {} rows, the most a roster may have",
                crate::limits::MAX_ROWS
            ),
        ));
    }
    Ok(())
}

/// What the engine reads of a cell of canonical field `f`: the date part of a combined
/// place-and-date birth cell, any other cell as it is.
fn field_text(birth_date_combined: bool, f: usize, cell: &str) -> &str {
    if birth_date_combined && FIELDS[f] == "birth_date" {
        date_part(cell)
    } else {
        cell
    }
}

/// The date of a "place, date" cell: the text after the last comma (all of it when
/// there is none).
pub(crate) fn date_part(text: &str) -> &str {
    text.rsplit_once(',').map_or(text, |(_, d)| d).trim()
}

/// How a ZIP archive (an `.xlsx` workbook) starts.
const ZIP: &[u8] = b"PK\x03\x04";

/// A CSV file streamed in chunks, each read again when asked.
struct CsvChunks<'a> {
    open: Box<dyn FnMut() -> Result<Box<dyn Read + 'a>, Error> + 'a>,
    /// About how many rows the file has: its size over the first rows' length.
    rows_hint: Option<usize>,
    layout: Layout,
    delimiter: u8,
    /// The current chunk's records.
    records: Records,
}

impl<'a> CsvChunks<'a> {
    fn new(
        mut open: Box<dyn FnMut() -> Result<Box<dyn Read + 'a>, Error> + 'a>,
        size: Option<u64>,
        required: &[&str],
    ) -> Result<Self, Error> {
        let Opened {
            delimiter,
            first,
            layout,
            ..
        } = open_with_header(&mut open, required)?;
        require_nik_column(
            layout.columns[0].is_some(),
            required,
            first[layout.header_at].0,
        )?;
        let sample: usize = first
            .iter()
            .map(|(_, c)| c.iter().map(|x| x.len() + 1).sum::<usize>())
            .sum();
        let per_row = (sample / first.len().max(1)).max(1);
        let rows_hint = size.map(|s| usize::try_from(s).unwrap_or(usize::MAX) / per_row);
        Ok(CsvChunks {
            open,
            rows_hint,
            layout,
            delimiter,
            records: Records::default(),
        })
    }

    /// Every chunk, in order, read from the start of the file.
    fn each(
        &mut self,
        f: &mut dyn FnMut(&Chunk<'_, '_>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let (mut reader, _) = open_csv((self.open)()?, Some(self.delimiter))?;
        // Each chunk is checked to be UTF-8 at once ([`Records::text`]).
        reader.check_utf8 = false;
        let mut skip = Records::default();
        for _ in 0..=self.layout.header_at {
            skip.clear();
            reader.read(&mut skip)?;
        }
        let width = self.layout.width();
        let mut first_row = 0;
        let records = &mut self.records;
        let mut malformed = Vec::new();
        loop {
            records.clear();
            while records.len() < crate::batch::CHUNK && reader.read(records)? {}
            let n = records.len();
            if n == 0 {
                return Ok(());
            }
            too_many_rows(first_row + n, records.lines[n - 1])?;
            malformed.clear();
            malformed.extend((0..n).filter(|r| records.width(*r) != width));
            let text = records.text()?;
            let texts: Vec<Option<Vec<Option<&str>>>> = (0..FIELDS.len())
                .map(|f| {
                    self.layout.columns[f].map(|c| {
                        (0..n)
                            .map(|r| {
                                records.span(r, c).map(|(a, b)| {
                                    let t = text.get(a..b).unwrap_or("\u{fffd}");
                                    field_text(self.layout.birth_date_combined, f, t)
                                })
                            })
                            .collect()
                    })
                })
                .collect();
            let columns = Columns::from_text(n, std::array::from_fn(|f| texts[f].as_deref()));
            let chunk = Chunk {
                columns: &columns,
                first_row,
                malformed: &malformed,
                lines: Some(&records.lines),
                records: Some(records),
            };
            f(&chunk)?;
            first_row += n;
        }
    }
}

impl ChunkSource for CsvChunks<'_> {
    fn rows_hint(&self) -> Option<usize> {
        // Never more than the limit on rows a roster may have.
        self.rows_hint.map(|r| r.min(1 << 27))
    }

    fn chunks(
        &mut self,
        f: &mut dyn FnMut(&Chunk<'_, '_>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        self.each(f)
    }
}

/// Calls the function with each cell of a chunk's row, and says how many there are.
type Cells<'c> = dyn Fn(&Chunk<'_, '_>, usize, &mut dyn FnMut(&[u8])) -> usize + 'c;

/// One row of a roster as the engine decided it, while its chunk is in hand: what a
/// binding copies into its own table, and the row's explanation on demand.
pub struct RowView<'v> {
    policy: &'v Policy,
    chunk: &'v Chunk<'v, 'v>,
    out: &'v Outcome,
    i: usize,
    found: usize,
    width: usize,
    /// The row's name cell (the engine reads no name).
    name: &'v Name<'v>,
}

/// The name cell of a chunk's row.
type Name<'n> = dyn Fn(&Chunk<'_, '_>, usize) -> Option<String> + 'n;

impl RowView<'_> {
    /// The row's line in its file.
    pub fn line(&self) -> u64 {
        self.chunk.label(self.i)
    }

    /// Whether the row is covered (and funded).
    pub fn eligible(&self) -> bool {
        self.out.eligible[self.i]
    }

    /// The row's reason codes.
    pub fn reasons(&self) -> crate::reason::ReasonSet {
        self.out.reasons[self.i]
    }

    /// The sector code the occupation mapped to.
    pub fn sector(&self) -> Option<&str> {
        self.out.sector[self.i].map(|id| self.policy.taxonomy.sector(id).code.as_str())
    }

    /// The paying source's id.
    pub fn funding_source(&self) -> Option<&str> {
        self.out.funding_source[self.i]
            .map(|s| self.policy.spec.funding[usize::from(s)].id.as_str())
    }

    /// The first month's contribution, whole rupiah.
    pub fn monthly_contribution(&self) -> i64 {
        self.out.monthly_contribution[self.i]
    }

    /// Covered months.
    pub fn months(&self) -> u32 {
        self.out.months[self.i]
    }

    /// The row's total cost, whole rupiah.
    pub fn total_cost(&self) -> i64 {
        self.out.total_cost[self.i]
    }

    /// The waiting-list position, when the budgets cannot fund the row.
    pub fn waiting_position(&self) -> Option<u32> {
        self.out.waiting_position[self.i]
    }

    /// The row's canonical fields, as text.
    pub fn record(&self) -> Record {
        let mut r = self.chunk.columns.record(self.i);
        r.name = (self.name)(self.chunk, self.i);
        r
    }

    /// The row explained: reasons with context and messages, or its charges.
    pub fn decision(&self) -> Decision {
        let facts = RowFacts {
            problems: if self.reasons().contains(ReasonCode::MalformedRow) {
                vec![malformed(self.found, self.width)]
            } else {
                Vec::new()
            },
            first_of: self.out.first_of(self.i),
        };
        self.policy
            .explain(self.chunk.columns, self.i, self.out, self.i, &facts)
    }
}

impl Policy {
    /// The engine's pass over a roster: tally, examples, output rows, and `each` row.
    #[allow(clippy::too_many_arguments)]
    fn report(
        &self,
        source: &mut dyn ChunkSource,
        width: usize,
        cells: &Cells<'_>,
        name: &Name<'_>,
        output: Option<Output<'_>>,
        each: &mut dyn FnMut(&RowView<'_>),
    ) -> Result<RosterReport, Error> {
        let mut output = output;
        let mut tally = crate::batch::Tally::new(self);
        let mut examples: BTreeMap<ReasonCode, Example> = BTreeMap::new();
        let mut seen = crate::reason::ReasonSet::EMPTY;
        let mut row_cells: Vec<Vec<u8>> = Vec::new();
        stream::run(&[self], source, &mut |chunk, outs| {
            let out = &outs[0];
            tally.add(chunk.columns, out);
            for i in 0..chunk.columns.len {
                let mut k = 0;
                let copy = output.is_some();
                let found = cells(chunk, i, &mut |c| {
                    if !copy {
                        return;
                    }
                    if row_cells.len() <= k {
                        row_cells.push(Vec::new());
                    }
                    row_cells[k].clear();
                    row_cells[k].extend_from_slice(c);
                    k += 1;
                });
                let view = RowView {
                    policy: self,
                    chunk,
                    out,
                    i,
                    found,
                    width,
                    name,
                };
                let r = view.reasons();
                if r.bits() & !seen.bits() != 0 {
                    let example = Example {
                        line: view.line(),
                        record: view.record(),
                        decision: view.decision(),
                    };
                    for code in r.iter() {
                        if !seen.contains(code) {
                            seen.insert(code);
                            examples.insert(code, example.clone());
                        }
                    }
                }
                each(&view);
                if let Some(output) = output.as_mut() {
                    output.row(self, row_cells[..k].iter().map(Vec::as_slice), out, i)?;
                }
            }
            Ok(())
        })?;
        if let Some(output) = output {
            output.finish()?;
        }
        Ok(RosterReport {
            summary: tally.summary(),
            examples,
        })
    }

    /// Evaluate a roster file, streaming: CSV is read, decided and written a chunk at
    /// a time, so memory does not grow with the roster (beyond one entry per NIK for
    /// duplicates, and the eligible rows when budget ceilings make allocation
    /// necessary); `.xlsx` is read whole first. Writes the input rows with the decision
    /// columns to `output` when given, and returns the totals with an explained
    /// example of each reason.
    ///
    /// ```
    /// # #[cfg(feature = "toml")] {
    /// use iuran::{Policy, RosterFile};
    /// let policy = Policy::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/policies/pemalang-2025.toml"))?;
    /// let roster = b"nik,birth_date,regency,sector\n3327015505650001,15-05-1965,3327,petani\n\n";
    /// let mut csv = Vec::new();
    /// let report = policy.evaluate_file(RosterFile::Bytes(roster), Some(&mut csv))?;
    /// assert_eq!(report.summary.rows, 2); // the blank line is a row too
    /// assert_eq!(report.summary.total_cost.to_string(), "33600");
    /// let text = String::from_utf8(csv).unwrap();
    /// assert!(text.lines().nth(1).unwrap().ends_with(",true,,16800,2,33600,dbhcht,,"));
    /// # }
    /// # Ok::<(), iuran::Error>(())
    /// ```
    #[cfg(feature = "csv")]
    pub fn evaluate_file(
        &self,
        file: RosterFile<'_>,
        output: Option<&mut dyn Write>,
    ) -> Result<RosterReport, Error> {
        self.evaluate_file_each(file, output, &mut |_| {})
    }

    /// [`Policy::evaluate_file`], calling `each` with every row as it is decided, in
    /// order: what a binding copies into its own table.
    #[cfg(feature = "csv")]
    pub fn evaluate_file_each<'f>(
        &self,
        file: RosterFile<'f>,
        output: Option<&mut dyn Write>,
        each: &mut dyn FnMut(&RowView<'_>),
    ) -> Result<RosterReport, Error> {
        let xlsx = match file {
            RosterFile::Bytes(b) => b.starts_with(ZIP),
            RosterFile::Path(p) => {
                let mut head = [0u8; 4];
                let n = std::fs::File::open(p)
                    .and_then(|mut f| f.read(&mut head))
                    .map_err(|e| io_error(p, &e))?;
                head[..n].starts_with(ZIP)
            }
        };
        #[cfg(not(feature = "xlsx"))]
        if xlsx {
            return Err(Error::unsupported("an .xlsx roster", "xlsx"));
        }
        #[cfg(feature = "xlsx")]
        if xlsx {
            let bytes = match file {
                RosterFile::Bytes(b) => std::borrow::Cow::Borrowed(b),
                RosterFile::Path(p) => {
                    std::borrow::Cow::Owned(std::fs::read(p).map_err(|e| io_error(p, &e))?)
                }
            };
            return self.report_roster_each(&Roster::from_xlsx(&bytes)?, output, each);
        }
        let open: Box<dyn FnMut() -> Result<Box<dyn Read + 'f>, Error> + 'f> = match file {
            RosterFile::Bytes(b) => Box::new(move || Ok(Box::new(b) as Box<dyn Read>)),
            RosterFile::Path(p) => Box::new(move || {
                std::fs::File::open(p)
                    .map(|f| Box::new(f) as Box<dyn Read>)
                    .map_err(|e| io_error(p, &e))
            }),
        };
        let size = match file {
            RosterFile::Bytes(b) => Some(b.len() as u64),
            RosterFile::Path(p) => std::fs::metadata(p).ok().map(|m| m.len()),
        };
        let mut chunks = CsvChunks::new(open, size, &self.required_names())?;
        let width = chunks.layout.width();
        let output = match output {
            Some(w) => Some(Output::new(w, chunks.delimiter, &chunks.layout.headers)?),
            None => None,
        };
        let cells = |chunk: &Chunk<'_, '_>, i: usize, f: &mut dyn FnMut(&[u8])| {
            let records = chunk.records.expect("a CSV chunk has its records");
            for c in records.fields(i) {
                f(c);
            }
            records.width(i)
        };
        let name_column = chunks.layout.columns[1];
        let name = |chunk: &Chunk<'_, '_>, i: usize| {
            let records = chunk.records?;
            let (a, b) = records.span(i, name_column?)?;
            records.text().ok()?.get(a..b).map(str::to_owned)
        };
        self.report(&mut chunks, width, &cells, &name, output, each)
    }

    /// [`Policy::evaluate_file`] for a roster already in memory.
    pub fn report_roster(
        &self,
        roster: &Roster,
        output: Option<&mut dyn Write>,
    ) -> Result<RosterReport, Error> {
        self.report_roster_each(roster, output, &mut |_| {})
    }

    /// The roster columns this policy needs: [`REQUIRED`], without `nik` when the
    /// policy does not require one (`require_nik = false`, de-identified rosters).
    /// Every surface asks this; a file or table without one of them is refused.
    pub fn required_columns(&self) -> Vec<Field> {
        let nik = self.spec.eligibility.require_nik;
        REQUIRED
            .into_iter()
            .filter(|c| nik || *c != Field::Nik)
            .collect()
    }

    /// [`Policy::required_columns`] by name.
    fn required_names(&self) -> Vec<&'static str> {
        self.required_columns()
            .into_iter()
            .map(Field::name)
            .collect()
    }

    /// [`Policy::evaluate_file_each`] for a roster already in memory.
    pub fn report_roster_each(
        &self,
        roster: &Roster,
        output: Option<&mut dyn Write>,
        each: &mut dyn FnMut(&RowView<'_>),
    ) -> Result<RosterReport, Error> {
        require_nik_column(
            roster.columns[0].is_some(),
            &self.required_names(),
            roster.header_line,
        )?;
        let output = match output {
            Some(w) => Some(Output::new(w, roster.delimiter, &roster.headers)?),
            None => None,
        };
        let cells = |chunk: &Chunk<'_, '_>, i: usize, f: &mut dyn FnMut(&[u8])| {
            let row = &roster.rows[chunk.first_row + i];
            for c in &row.cells {
                f(c.as_bytes());
            }
            row.cells.len()
        };
        roster.with_columns(|columns, malformed, lines| {
            let mut source = InMemory {
                columns,
                malformed,
                lines: Some(lines),
            };
            let name = |chunk: &Chunk<'_, '_>, i: usize| {
                let row = &roster.rows[chunk.first_row + i];
                roster.columns[1].and_then(|c| row.cells.get(c)).cloned()
            };
            self.report(
                &mut source,
                roster.headers.len(),
                &cells,
                &name,
                output,
                each,
            )
        })
    }

    /// Evaluate every row of a roster and explain each: one decision per row, in
    /// order, and the totals. Rows whose NIK already appeared on an earlier row get
    /// `duplicate_nik` (the first stays). When a funding source has a budget ceiling,
    /// eligible workers are allocated to sources (see [`crate::allocation`]); those the
    /// budgets cannot fund get `budget_exhausted` with their waiting-list position.
    /// For large rosters, [`Policy::evaluate_file`] streams without building a
    /// decision per row.
    pub fn evaluate_roster(&self, roster: &Roster) -> Result<Evaluation, Error> {
        let mut decisions = Vec::with_capacity(roster.rows.len());
        let report = self.report_roster_each(roster, None, &mut |row| {
            decisions.push(row.decision());
        })?;
        Ok(Evaluation {
            decisions,
            summary: report.summary,
        })
    }
}

#[cfg(feature = "csv")]
fn io_error(path: &Path, e: &std::io::Error) -> Error {
    Error::Io {
        action: "read",
        path: path.display().to_string(),
        message: e.to_string(),
    }
}
