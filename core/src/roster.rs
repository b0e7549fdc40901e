//! Rosters: the BNBA list of workers, read from CSV, evaluated row by row, written back
//! with the decision columns.
//!
//! Rows in = rows out, in input order. A row that cannot be read is still a row: it
//! gets reasons (`malformed_row`, `invalid_value`, `missing_field`, …) and stays in the
//! output. Only a file that cannot be read at all (not UTF-8, no header, a required
//! column missing) is an [`Error`].

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::allocation::{Candidate, Placement};
use crate::decision::Decision;
use crate::nik::Nik;
use crate::reason::{Reason, ReasonCode};
use crate::summary::Summary;
use crate::worker::{FIELDS, Record};
use crate::{Error, Policy};

/// The columns a roster must have.
pub const REQUIRED: [&str; 4] = ["nik", "birth_date", "regency", "sector"];

/// The columns appended to an evaluated roster.
pub const OUTPUT_COLUMNS: [&str; 6] = [
    "eligible",
    "reasons",
    "monthly_contribution",
    "months",
    "total_cost",
    "funding_source",
];

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

/// A roster read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roster {
    /// The header as written.
    pub headers: Vec<String>,
    /// For each canonical field (in [`FIELDS`] order), the column holding it.
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
pub struct Evaluation {
    /// One decision per roster row.
    pub decisions: Vec<Decision>,
    /// Totals over the decisions.
    pub summary: Summary,
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
    pub fn from_csv(bytes: &[u8]) -> Result<Roster, Error> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if let Err(e) = std::str::from_utf8(bytes) {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64
                + 1;
            return Err(Error::roster(
                Some(line),
                None,
                "is not UTF-8 text; save the file as \"CSV UTF-8\" (in Excel: Save As, CSV UTF-8)",
            ));
        }
        let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
        let count = |c: u8| first_line.iter().filter(|b| **b == c).count();
        let delimiter = if count(b';') > count(b',') {
            b';'
        } else {
            b','
        };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(false)
            .from_reader(bytes);
        let mut raw = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map(csv::Position::line);
                Error::roster(line, None, csv_message(&e))
            })?;
            let line = record.position().map_or(0, csv::Position::line);
            raw.push((line, record.iter().map(str::to_owned).collect()));
        }
        Roster::from_rows(raw, delimiter)
    }

    /// Build a roster from raw rows `(line, cells)`: find the header (the first row,
    /// within the first 20, that names a NIK column; otherwise the first row), map its
    /// columns, and keep every later non-blank row with its line number.
    pub(crate) fn from_rows(raw: Vec<(u64, Vec<String>)>, delimiter: u8) -> Result<Roster, Error> {
        let header_at = raw
            .iter()
            .take(HEADER_SEARCH)
            .position(|(_, cells)| {
                cells
                    .iter()
                    .any(|c| field_for(c).is_some_and(|(f, _)| FIELDS[f] == "nik"))
            })
            .unwrap_or(0);
        let Some((header_line, header_cells)) = raw.get(header_at) else {
            return Err(Error::roster(None, None, "is empty: expected a header row"));
        };
        let header_line = *header_line;
        let headers: Vec<String> = header_cells.iter().map(|c| c.trim().to_owned()).collect();
        let mut columns = [None; FIELDS.len()];
        let mut birth_date_combined = false;
        for (i, h) in headers.iter().enumerate() {
            let Some((f, combined)) = field_for(h) else {
                continue;
            };
            if columns[f].is_some() {
                return Err(Error::roster(
                    Some(header_line),
                    Some(FIELDS[f]),
                    "appears twice in the header",
                ));
            }
            columns[f] = Some(i);
            birth_date_combined |= combined;
        }
        for field in REQUIRED {
            let f = FIELDS
                .iter()
                .position(|x| *x == field)
                .expect("required fields are canonical");
            if columns[f].is_none() {
                return Err(Error::roster(
                    Some(header_line),
                    Some(field),
                    format!(
                        "required column is missing (the header has: {})",
                        headers.join(", ")
                    ),
                ));
            }
        }
        let width = headers.len();
        let rows = raw
            .into_iter()
            .skip(header_at + 1)
            .filter(|(_, cells)| !cells.iter().all(|c| c.trim().is_empty()))
            .map(|(line, cells)| {
                let mut problems = Vec::new();
                if cells.len() != width {
                    problems.push(Reason::new(
                        ReasonCode::MalformedRow,
                        [
                            ("found", cells.len().to_string()),
                            ("expected", width.to_string()),
                        ],
                    ));
                }
                Row {
                    line,
                    cells,
                    problems,
                }
            })
            .collect();
        Ok(Roster {
            headers,
            columns,
            rows,
            birth_date_combined,
            delimiter,
        })
    }

    /// The text record of a row, by canonical field.
    pub fn record(&self, row: &Row) -> Record {
        let mut r = Record::default();
        for (f, col) in FIELDS.iter().zip(self.columns) {
            let value = col.and_then(|c| row.cells.get(c)).cloned();
            r.set(f, value);
        }
        if self.birth_date_combined {
            r.birth_date = r.birth_date.map(|t| date_part(&t).to_owned());
        }
        r
    }

    /// The input rows with the decision columns appended, as CSV bytes in the input's
    /// delimiter. Money is written as whole-rupiah integers.
    pub fn write_csv(&self, decisions: &[Decision]) -> Vec<u8> {
        let mut w = csv::WriterBuilder::new()
            .delimiter(self.delimiter)
            .flexible(true)
            .from_writer(Vec::new());
        let mut header = self.headers.clone();
        header.extend(OUTPUT_COLUMNS.iter().map(|c| (*c).to_owned()));
        w.write_record(&header)
            .expect("writing to memory cannot fail");
        for (row, d) in self.rows.iter().zip(decisions) {
            let mut out = row.cells.clone();
            out.resize(self.headers.len().max(out.len()), String::new());
            out.extend([
                d.eligible.to_string(),
                d.reason_codes(),
                d.monthly_contribution.to_string(),
                d.months.to_string(),
                d.total_cost.to_string(),
                d.funding_source.clone().unwrap_or_default(),
            ]);
            w.write_record(&out).expect("writing to memory cannot fail");
        }
        w.into_inner().expect("writing to memory cannot fail")
    }
}

/// The date of a "place, date" cell: the text after the last comma (all of it when
/// there is none).
pub fn date_part(text: &str) -> &str {
    text.rsplit_once(',').map_or(text, |(_, d)| d).trim()
}

fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => {
            "is not UTF-8 text; save the file as \"CSV UTF-8\"".to_owned()
        }
        _ => format!("cannot be read as CSV: {e}"),
    }
}

impl Policy {
    /// Evaluate every row of a roster, in order, and total the result. Rows whose NIK
    /// already appeared on an earlier row get `duplicate_nik` (the first stays). When a
    /// funding source has a budget ceiling, eligible workers are allocated to sources
    /// (see [`crate::allocation`]); those the budgets cannot fund get
    /// `budget_exhausted` with their waiting-list position.
    pub fn evaluate_roster(&self, roster: &Roster) -> Result<Evaluation, Error> {
        let mut seen: HashMap<String, u64> = HashMap::with_capacity(roster.rows.len());
        let mut decisions = Vec::with_capacity(roster.rows.len());
        let ceilings = self.has_ceilings();
        let mut candidates = Vec::new();
        let mut workers = Vec::new();
        for (i, row) in roster.rows.iter().enumerate() {
            let record = roster.record(row);
            let (worker, mut problems) = record.parse();
            problems.splice(0..0, row.problems.iter().cloned());
            let key = match Nik::parse(&worker.nik) {
                Ok(n) => n.as_str().to_owned(),
                Err(_) => worker.nik.trim().to_owned(),
            };
            if !key.is_empty() {
                if let Some(first) = seen.get(&key) {
                    problems.push(Reason::new(
                        ReasonCode::DuplicateNik,
                        [("first_row", first.to_string())],
                    ));
                } else {
                    seen.insert(key, row.line);
                }
            }
            let decision = self.decide(&worker, problems);
            if ceilings && decision.eligible {
                let sector = decision
                    .sector
                    .as_deref()
                    .and_then(|c| self.taxonomy.sector_by_code(c));
                candidates.push(Candidate {
                    row: i,
                    sector: sector.expect("an eligible worker has a sector"),
                    birth_date: worker.birth_date,
                    welfare_decile: worker.welfare_decile,
                    declared_income: worker.declared_income,
                });
                workers.push(worker);
            }
            decisions.push(decision);
        }
        if ceilings {
            for ((c, w), placement) in candidates
                .iter()
                .zip(&workers)
                .zip(self.allocate(&candidates))
            {
                let d = &mut decisions[c.row];
                match placement {
                    Placement::Funded { source }
                        if d.funding_source.as_deref() != Some(&self.spec.funding[source].id) =>
                    {
                        *d = self.covered_decision(w, c.sector, source, d.sector.clone());
                    }
                    Placement::Funded { .. } => {}
                    Placement::Waiting { position } => {
                        let reason = Reason::new(
                            ReasonCode::BudgetExhausted,
                            [("position", position.to_string())],
                        );
                        *d = Decision::ineligible(vec![reason], d.sector.clone());
                    }
                }
            }
        }
        let summary = Summary::of(&decisions);
        Ok(Evaluation { decisions, summary })
    }
}

/// The total cost of a set of decisions.
pub fn total(decisions: &[Decision]) -> Decimal {
    decisions.iter().map(|d| d.total_cost).sum()
}
