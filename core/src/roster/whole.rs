//! A roster file read whole into text columns, a chunk of rows at a time, then decided
//! by the column engine in one pass ([`Policy::evaluate_file_columns`]): what a page
//! or a binding that holds the file in memory anyway wants, as the answers come back
//! as the engine's own columns (an [`Outcome`]) rather than a row at a time.
//!
//! Against [`Policy::evaluate_file`] it holds every row's text (about the file's size)
//! and reads the file once even when budget ceilings need every eligible row first;
//! the answers, the summary and the examples are the same.

use std::collections::BTreeMap;

#[cfg(feature = "xlsx")]
use super::Roster;
use super::{Chunk, CsvChunks, Example, RosterFile, ZIP, io_error, malformed};
use crate::batch::{Columns, Outcome};
use crate::explain::RowFacts;
use crate::reason::{ReasonCode, ReasonSet};
use crate::summary::Summary;
use crate::{Error, Policy};

/// How far [`Policy::evaluate_file_columns`] has gone, told after each chunk of rows
/// read and once more when every row is decided.
///
/// Pass 1 reads the file (`rows` read so far); pass 2 decides every row at once and
/// is told when it is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Progress {
    /// The pass under way: 1 while reading, 2 once decided.
    pub pass: u32,
    /// How many passes there are (2).
    pub passes: u32,
    /// Rows read so far.
    pub rows: u64,
    /// How many rows the roster has: estimated from the file's size while a CSV file
    /// is read, exact once it is; `None` when it cannot be told.
    pub expected_rows: Option<u64>,
}

/// A roster decided whole: every row's answer as the engine's columns, the totals, and
/// the rows a person reads, explained.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ColumnsReport {
    /// Every row's answer, in row order.
    pub outcome: Outcome,
    /// Each row's line in its file (for `.xlsx`, its row in the sheet).
    pub lines: Vec<u64>,
    /// Totals over every row.
    pub summary: Summary,
    /// For each reason code, the first row with it.
    pub examples: BTreeMap<ReasonCode, Example>,
    /// The first rows (as many as asked for), explained.
    pub first_rows: Vec<Example>,
}

/// Opens bytes as a file, as often as asked.
fn opener<'b>(
    bytes: &'b [u8],
) -> Box<dyn FnMut() -> Result<Box<dyn std::io::Read + 'b>, Error> + 'b> {
    Box::new(move || Ok(Box::new(bytes) as Box<dyn std::io::Read + 'b>))
}

/// One field's text for every row, end to end.
#[derive(Default)]
struct TextColumn {
    data: String,
    /// Where each row's text ends in `data`, `None` for a row without the cell.
    ends: Vec<Option<usize>>,
}

impl TextColumn {
    fn push(&mut self, text: Option<&str>) {
        self.ends.push(text.map(|t| {
            self.data.push_str(t);
            self.data.len()
        }));
    }

    fn cells(&self) -> Vec<Option<&str>> {
        let mut start = 0;
        self.ends
            .iter()
            .map(|end| {
                end.map(|e| {
                    let text = self.data.get(start..e).unwrap_or_default();
                    start = e;
                    text
                })
            })
            .collect()
    }
}

/// A roster's rows as text columns, with what the engine and the explanations need
/// besides: malformed rows, lines, each row's cell count and name.
struct Texts<'c> {
    columns: Columns<'c>,
    /// Rows whose cells do not match the header, ascending.
    malformed: Vec<usize>,
    /// The cell count of each malformed row, in the same order.
    found: Vec<usize>,
    lines: Vec<u64>,
    /// The header's cell count.
    width: usize,
    names: Option<Vec<Option<&'c str>>>,
}

impl Policy {
    /// Evaluate a roster file whole: read it into columns (a CSV file a chunk of rows
    /// at a time, `progress` told after each; an `.xlsx` workbook at once), decide every
    /// row in one pass of the column engine ([`Policy::evaluate_columns`], allocation
    /// under budget ceilings included), and explain the first `explain_first` rows and
    /// an example of each reason. The same answers, summary and examples as
    /// [`Policy::evaluate_file`] row by row, without writing an output file.
    ///
    /// ```
    /// # #[cfg(feature = "toml")] {
    /// use iuran::{Policy, Progress, RosterFile};
    /// let policy = Policy::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/policies/tegal-2025.toml"))?;
    /// let mut roster = String::from("nik,birth_date,regency,sector\n");
    /// for _ in 0..40_000 {
    ///     roster.push_str("3328011203700001,1970-03-12,3328,nelayan\n");
    /// }
    /// let mut seen: Vec<Progress> = Vec::new();
    /// let report = policy.evaluate_file_columns(RosterFile::Bytes(roster.as_bytes()), 2, &mut |p| seen.push(p))?;
    /// let streamed = policy.evaluate_file(RosterFile::Bytes(roster.as_bytes()), None)?;
    /// assert_eq!(report.summary, streamed.summary);
    /// assert_eq!(report.outcome.eligible.len(), 40_000);
    /// // The same NIK on every row: the first is covered, the rest are duplicates.
    /// assert_eq!(report.summary.eligible, 1);
    /// assert_eq!(report.first_rows[1].decision.reasons[0].code.as_str(), "duplicate_nik");
    /// // Told after each chunk of rows read, then once decided.
    /// let chunks = 40_000usize.div_ceil(iuran::batch::CHUNK);
    /// assert_eq!(seen.len(), chunks + 1);
    /// assert_eq!(seen[0].rows, iuran::batch::CHUNK as u64);
    /// let last = seen.last().unwrap();
    /// assert_eq!((last.pass, last.passes, last.rows, last.expected_rows), (2, 2, 40_000, Some(40_000)));
    /// # }
    /// # Ok::<(), iuran::Error>(())
    /// ```
    pub fn evaluate_file_columns(
        &self,
        file: RosterFile<'_>,
        explain_first: usize,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<ColumnsReport, Error> {
        let bytes = match file {
            RosterFile::Bytes(b) => std::borrow::Cow::Borrowed(b),
            RosterFile::Path(p) => {
                std::borrow::Cow::Owned(std::fs::read(p).map_err(|e| io_error(p, &e))?)
            }
        };
        if bytes.starts_with(ZIP) {
            #[cfg(not(feature = "xlsx"))]
            return Err(Error::unsupported("an .xlsx roster", "xlsx"));
            #[cfg(feature = "xlsx")]
            return self.decide_roster(&Roster::from_xlsx(&bytes)?, explain_first, progress);
        }
        let bytes: &[u8] = &bytes;
        let mut chunks = CsvChunks::new(
            opener(bytes),
            Some(bytes.len() as u64),
            &self.required_names(),
        )?;
        let expected = chunks.rows_hint.map(|r| r as u64);
        let (fields, combined) = (chunks.layout.columns, chunks.layout.birth_date_combined);
        let width = chunks.layout.width();
        let mut texts: Vec<Option<TextColumn>> = fields
            .iter()
            .map(|c| c.map(|_| TextColumn::default()))
            .collect();
        let mut lines = Vec::new();
        let (mut malformed, mut found) = (Vec::new(), Vec::new());
        chunks.each(&mut |chunk: &Chunk<'_, '_>| {
            let records = chunk.records.expect("a CSV chunk has its records");
            let text = records.text()?;
            let n = chunk.columns.len;
            for (f, column) in texts.iter_mut().enumerate() {
                let (Some(column), Some(c)) = (column.as_mut(), fields[f]) else {
                    continue;
                };
                for r in 0..n {
                    column.push(records.span(r, c).map(|(a, b)| {
                        super::field_text(combined, f, text.get(a..b).unwrap_or("\u{fffd}"))
                    }));
                }
            }
            for &r in chunk.malformed {
                malformed.push(chunk.first_row + r);
                found.push(records.width(r));
            }
            lines.extend_from_slice(&records.lines[..n]);
            progress(Progress {
                pass: 1,
                passes: 2,
                rows: lines.len() as u64,
                expected_rows: expected,
            });
            Ok(())
        })?;
        let cells: Vec<Option<Vec<Option<&str>>>> = texts
            .iter()
            .map(|t| t.as_ref().map(TextColumn::cells))
            .collect();
        let rows = Texts {
            columns: Columns::from_text(lines.len(), std::array::from_fn(|f| cells[f].as_deref())),
            malformed,
            found,
            width,
            names: cells[1].clone(),
            lines,
        };
        self.decide(&rows, explain_first, progress)
    }

    /// [`Policy::evaluate_file_columns`] for a roster read whole already.
    #[cfg(feature = "xlsx")]
    fn decide_roster(
        &self,
        roster: &Roster,
        explain_first: usize,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<ColumnsReport, Error> {
        super::require_nik_column(
            roster.columns[0].is_some(),
            &self.required_names(),
            roster.header_line,
        )?;
        roster.with_columns(|columns, malformed, lines| {
            let rows = Texts {
                columns: columns.clone(),
                malformed: malformed.to_vec(),
                found: malformed
                    .iter()
                    .map(|&i| roster.rows[i].cells.len())
                    .collect(),
                lines: lines.to_vec(),
                width: roster.headers.len(),
                names: roster.columns[1].map(|c| {
                    roster
                        .rows
                        .iter()
                        .map(|r| r.cells.get(c).map(String::as_str))
                        .collect()
                }),
            };
            self.decide(&rows, explain_first, progress)
        })
    }

    /// Every row of `rows` decided in one pass, totalled, and the rows a person reads
    /// explained.
    fn decide(
        &self,
        rows: &Texts<'_>,
        explain_first: usize,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<ColumnsReport, Error> {
        let mut out = Outcome::default();
        let lines = &rows.lines;
        self.evaluate_columns_marked(&rows.columns, &rows.malformed, &|i| lines[i], 1, &mut out)?;
        let summary = self.summarize(&rows.columns, &out);
        let explain = |i: usize| {
            let problems = match rows.malformed.binary_search(&i) {
                Ok(k) if out.reasons[i].contains(ReasonCode::MalformedRow) => {
                    vec![malformed(rows.found[k], rows.width)]
                }
                _ => Vec::new(),
            };
            let facts = RowFacts {
                problems,
                first_of: out.first_of(i),
            };
            let mut record = rows.columns.record(i);
            record.name = rows.names.as_ref().and_then(|n| n[i]).map(str::to_owned);
            Example {
                line: lines[i],
                record,
                decision: self.explain(&rows.columns, i, &out, i, &facts),
            }
        };
        let mut examples = BTreeMap::new();
        let mut seen = ReasonSet::EMPTY;
        for (i, r) in out.reasons.iter().enumerate() {
            if r.bits() & !seen.bits() == 0 {
                continue;
            }
            let example = explain(i);
            for code in r.iter() {
                if !seen.contains(code) {
                    seen.insert(code);
                    examples.insert(code, example.clone());
                }
            }
        }
        let first_rows = (0..explain_first.min(out.eligible.len()))
            .map(explain)
            .collect();
        let n = out.eligible.len() as u64;
        progress(Progress {
            pass: 2,
            passes: 2,
            rows: n,
            expected_rows: Some(n),
        });
        Ok(ColumnsReport {
            outcome: out,
            lines: rows.lines.clone(),
            summary,
            examples,
            first_rows,
        })
    }
}

// The same file through both paths gives the same answers.
#[cfg(test)]
mod tests {
    use super::*;

    fn policy(name: &str) -> Policy {
        Policy::from_file(format!(
            "{}/../examples/policies/{name}.toml",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    /// Every row's answer, the summary and the examples of the streamed path.
    fn streamed(policy: &Policy, bytes: &[u8]) -> (Vec<String>, super::super::RosterReport) {
        let mut rows = Vec::new();
        let report = policy
            .evaluate_file_each(RosterFile::Bytes(bytes), None, &mut |row| {
                rows.push(format!(
                    "{} {} {} {:?} {:?} {} {} {} {:?}",
                    row.line(),
                    row.eligible(),
                    row.reasons(),
                    row.sector(),
                    row.funding_source(),
                    row.monthly_contribution(),
                    row.months(),
                    row.total_cost(),
                    row.waiting_position(),
                ));
            })
            .unwrap();
        (rows, report)
    }

    fn whole(policy: &Policy, bytes: &[u8]) -> (Vec<String>, ColumnsReport) {
        let report = policy
            .evaluate_file_columns(RosterFile::Bytes(bytes), 3, &mut |_| {})
            .unwrap();
        let o = &report.outcome;
        let rows = (0..o.eligible.len())
            .map(|i| {
                format!(
                    "{} {} {} {:?} {:?} {} {} {} {:?}",
                    report.lines[i],
                    o.eligible[i],
                    o.reasons[i],
                    o.sector[i].map(|s| policy.taxonomy.sector(s).code.as_str()),
                    o.funding_source[i].map(|s| policy.spec.funding[usize::from(s)].id.as_str()),
                    o.monthly_contribution[i],
                    o.months[i],
                    o.total_cost[i],
                    o.waiting_position[i],
                )
            })
            .collect();
        (rows, report)
    }

    #[test]
    fn whole_and_streamed_agree_row_by_row() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/data");
        let messy = b"Daftar BNBA\nnik;name;birth_date;regency;sector\n3328011203700001;Joko;12-03-1970;3328;nelayan\n3328011203700001;Joko lagi;12-03-1970;3328;nelayan\n\n3328015003800002;Sri;10/03/1980;3328;petani tembakau;lebih\n12345;X;1970-01-01;3328;nelayan\n";
        let files: Vec<(String, Vec<u8>)> = ["tegal-2025-budget.csv", "sample-tegal-2025.csv"]
            .iter()
            .map(|f| (f.to_string(), std::fs::read(format!("{dir}/{f}")).unwrap()))
            .chain([("messy".to_string(), messy.to_vec())])
            .collect();
        for name in ["tegal-2025", "pemalang-2025"] {
            let policy = policy(name);
            for (file, bytes) in &files {
                let (a, s) = streamed(&policy, bytes);
                let (b, w) = whole(&policy, bytes);
                assert_eq!(a, b, "{name} on {file}");
                assert_eq!(s.summary, w.summary, "{name} on {file}");
                assert_eq!(s.examples, w.examples, "{name} on {file}");
                let mut explained = Vec::new();
                policy
                    .evaluate_file_each(RosterFile::Bytes(bytes), None, &mut |row| {
                        if explained.len() < 3 {
                            explained.push((row.line(), row.record(), row.decision()));
                        }
                    })
                    .unwrap();
                let first: Vec<_> = w
                    .first_rows
                    .iter()
                    .map(|e| (e.line, e.record.clone(), e.decision.clone()))
                    .collect();
                assert_eq!(explained, first, "{name} on {file}");
            }
        }
    }

    #[test]
    fn whole_and_streamed_agree_on_every_golden_roster() {
        // The golden rosters hold the rules the example files do not: a worker's own
        // months, the monthly age rule, coverage blocks, head-count caps.
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../golden");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let case: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            let (Some(toml), Some(csv)) = (
                case["policy"]["toml"].as_str(),
                case["input"]["roster"]["csv"].as_str(),
            ) else {
                continue;
            };
            let Ok(policy) = Policy::from_toml(toml) else {
                continue;
            };
            let (a, s) = streamed(&policy, csv.as_bytes());
            let (b, w) = whole(&policy, csv.as_bytes());
            let name = path.display();
            assert_eq!(a, b, "{name}");
            assert_eq!(s.summary, w.summary, "{name}");
            seen += 1;
        }
        assert!(seen >= 10, "golden rosters compared: {seen}");
    }
}
