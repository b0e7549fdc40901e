//! Reading CSV a physical record at a time, with exact line numbers.
//!
//! A record ends at a line break outside quotes (`\n`, `\r\n`, or a lone `\r` as old
//! Mac files write it); every record is one row, blank lines included, so rows in
//! always equal rows out. Fields are split on the delimiter outside quotes; a quoted
//! field loses its quotes and `""` becomes `"`. Nothing is allocated per row: records
//! are appended to a [`Records`] buffer that is reused chunk after chunk, and lines
//! and fields longer than the limits are refused before they are kept.

use std::io::BufRead;

use crate::Error;

use crate::limits::{MAX_CELL_CHARS, MAX_COLUMNS as MAX_FIELDS, MAX_LINE_BYTES as MAX_LINE};

/// Many records' fields, stored end to end.
#[derive(Debug, Default)]
pub(crate) struct Records {
    data: Vec<u8>,
    /// Where each field ends in `data`.
    ends: Vec<u32>,
    /// Where each record's fields end in `ends`.
    rows: Vec<u32>,
    /// Each record's first line (1-based).
    pub(crate) lines: Vec<u64>,
}

impl Records {
    pub(crate) fn clear(&mut self) {
        self.data.clear();
        self.ends.clear();
        self.rows.clear();
        self.lines.clear();
    }

    /// Records held.
    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }

    /// The fields of record `r`.
    pub(crate) fn fields(&self, r: usize) -> impl ExactSizeIterator<Item = &[u8]> + '_ {
        let first = if r == 0 { 0 } else { self.rows[r - 1] as usize };
        let last = self.rows[r] as usize;
        (first..last).map(move |f| {
            let start = if f == 0 { 0 } else { self.ends[f - 1] as usize };
            &self.data[start..self.ends[f] as usize]
        })
    }

    /// Every field's bytes as text, checked once for all the records held; the error
    /// names the line of the first byte that is not UTF-8. The fields lie end to end,
    /// so a field that ends inside a character (its next field starting with the rest
    /// of a valid sequence) is caught by its boundary.
    pub(crate) fn text(&self) -> Result<&str, Error> {
        let text =
            std::str::from_utf8(&self.data).map_err(|e| self.not_utf8_at(e.valid_up_to()))?;
        match self
            .ends
            .iter()
            .find(|end| !text.is_char_boundary(**end as usize))
        {
            None => Ok(text),
            Some(end) => {
                let at = (0..*end as usize)
                    .rev()
                    .find(|i| text.is_char_boundary(*i))
                    .unwrap_or(0);
                Err(self.not_utf8_at(at))
            }
        }
    }

    /// The error for the byte at `at` in the fields' bytes, on the line of its record.
    fn not_utf8_at(&self, at: usize) -> Error {
        // The record holding the byte: the first whose fields end after it.
        let field = self.ends.partition_point(|end| (*end as usize) <= at);
        let r = self.rows.partition_point(|end| (*end as usize) <= field);
        let first_field = if r == 0 { 0 } else { self.rows[r - 1] as usize };
        let start = if first_field == 0 {
            0
        } else {
            self.ends[first_field - 1] as usize
        };
        let line = self.lines.get(r).copied().unwrap_or(1);
        not_utf8(line, &self.data[start.min(at)..at])
    }

    /// The span of field `f` of record `r` in [`Records::text`].
    pub(crate) fn span(&self, r: usize, f: usize) -> Option<(usize, usize)> {
        let first = if r == 0 { 0 } else { self.rows[r - 1] as usize };
        let last = self.rows[r] as usize;
        let k = first + f;
        (k < last).then(|| {
            let start = if k == 0 { 0 } else { self.ends[k - 1] as usize };
            (start, self.ends[k] as usize)
        })
    }

    /// Number of fields of record `r`.
    pub(crate) fn width(&self, r: usize) -> usize {
        let first = if r == 0 { 0 } else { self.rows[r - 1] as usize };
        self.rows[r] as usize - first
    }
}

/// A CSV reader over buffered bytes.
pub(crate) struct CsvReader<R> {
    input: R,
    delimiter: u8,
    /// The line the next record starts on.
    line: u64,
    /// The current record's bytes.
    record: Vec<u8>,
    /// A `\r` ended the last record: a `\n` right after it belongs to it.
    after_cr: bool,
    /// Check each record is UTF-8 as it is read (otherwise the caller checks a whole
    /// chunk at once, [`Records::text`]).
    pub(crate) check_utf8: bool,
}

impl<R: BufRead> CsvReader<R> {
    pub(crate) fn new(input: R, delimiter: u8) -> Self {
        CsvReader {
            input,
            delimiter,
            line: 1,
            record: Vec::new(),
            after_cr: false,
            check_utf8: true,
        }
    }

    /// Appends the next record to `out`; `false` at the end of the input.
    pub(crate) fn read(&mut self, out: &mut Records) -> Result<bool, Error> {
        self.record.clear();
        let start_line = self.line;
        let mut in_quotes = false;
        // Where in the record the last quoted section closed: a quote right after it
        // is the `""` of a quote inside the field, not the end of it.
        let mut closed_at = None;
        let mut newlines = 0u64;
        let mut any = false;
        loop {
            let buf = self.input.fill_buf().map_err(|e| {
                Error::roster(Some(start_line), None, format!("cannot be read: {e}"))
            })?;
            if buf.is_empty() {
                if !any {
                    return Ok(false);
                }
                break;
            }
            if self.after_cr {
                self.after_cr = false;
                if buf[0] == b'\n' {
                    self.input.consume(1);
                    continue;
                }
            }
            any = true;
            let mut i = 0;
            let mut end = None;
            // Only quotes and line breaks matter: jump from one to the next. A quote
            // opens a quoted section only at the start of a field, as `split` reads it;
            // elsewhere it is a character like any other.
            while let Some(k) = memchr::memchr3(b'"', b'\n', b'\r', &buf[i..]) {
                i += k;
                match buf[i] {
                    b'"' if in_quotes => {
                        in_quotes = false;
                        closed_at = Some(self.record.len() + i);
                    }
                    b'"' => {
                        let at = self.record.len() + i;
                        let before = if i > 0 {
                            Some(buf[i - 1])
                        } else {
                            self.record.last().copied()
                        };
                        in_quotes = closed_at.is_some_and(|c| c + 1 == at)
                            || before.is_none_or(|b| b == self.delimiter);
                    }
                    b'\n' if in_quotes => newlines += 1,
                    b'\r' if in_quotes && buf.get(i + 1) != Some(&b'\n') => newlines += 1,
                    _ if !in_quotes => {
                        end = Some(i);
                        break;
                    }
                    _ => {}
                }
                i += 1;
            }
            let take = end.unwrap_or(buf.len());
            if self.record.len() + take > MAX_LINE {
                return Err(Error::roster(
                    Some(start_line),
                    None,
                    format!("has a line longer than {MAX_LINE} bytes; is it a CSV file?"),
                ));
            }
            self.record.extend_from_slice(&buf[..take]);
            if let Some(e) = end {
                self.after_cr = buf[e] == b'\r';
                self.input.consume(e + 1);
                break;
            }
            self.input.consume(take);
        }
        self.line = start_line + newlines + 1;
        if self.check_utf8
            && let Err(e) = std::str::from_utf8(&self.record)
        {
            return Err(not_utf8(start_line, &self.record[..e.valid_up_to()]));
        }
        split(&self.record, self.delimiter, out, start_line)?;
        out.lines.push(start_line);
        Ok(true)
    }
}

/// The error for bytes that are not UTF-8, on the line where `before` (the valid
/// start of a record on `line`) ends.
fn not_utf8(line: u64, before: &[u8]) -> Error {
    let line = line + before.iter().filter(|b| **b == b'\n').count() as u64;
    Error::roster(
        Some(line),
        None,
        "is not UTF-8 text; save the file as \"CSV UTF-8\" (in Excel: Save As, CSV UTF-8)",
    )
}

/// Split one record into fields, appended to `out`. A blank line has no field.
fn split(record: &[u8], delimiter: u8, out: &mut Records, line: u64) -> Result<(), Error> {
    let first_field = out.ends.len();
    if !record.is_empty() {
        let mut i = 0;
        loop {
            let field_start = out.data.len();
            if record.get(i) == Some(&b'"') {
                // Quoted: up to the closing quote, `""` for a quote; then anything up
                // to the delimiter is kept as written.
                i += 1;
                while i < record.len() {
                    if record[i] == b'"' {
                        if record.get(i + 1) == Some(&b'"') {
                            out.data.push(b'"');
                            i += 2;
                            continue;
                        }
                        i += 1;
                        break;
                    }
                    out.data.push(record[i]);
                    i += 1;
                }
            }
            let rest = &record[i.min(record.len())..];
            let n = rest
                .iter()
                .position(|b| *b == delimiter)
                .unwrap_or(rest.len());
            out.data.extend_from_slice(&rest[..n]);
            i += n;
            if out.data.len() - field_start > MAX_CELL_CHARS {
                return Err(Error::roster(
                    Some(line),
                    None,
                    format!("has a cell longer than {MAX_CELL_CHARS} bytes"),
                ));
            }
            out.ends.push(out.data.len() as u32);
            if out.ends.len() - first_field > MAX_FIELDS {
                return Err(Error::roster(
                    Some(line),
                    None,
                    format!("has a row with more than {MAX_FIELDS} cells"),
                ));
            }
            if i >= record.len() {
                break;
            }
            i += 1; // the delimiter
            if i == record.len() {
                // A trailing delimiter: one more, empty, field.
                out.ends.push(out.data.len() as u32);
                break;
            }
        }
    }
    out.rows.push(out.ends.len() as u32);
    if out.data.len() > u32::MAX as usize / 2 {
        return Err(Error::roster(
            Some(line),
            None,
            "is too large to read in one chunk",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &[u8]) -> Vec<(u64, Vec<String>)> {
        let mut r = CsvReader::new(text, b',');
        let mut out = Records::default();
        while r.read(&mut out).unwrap() {}
        (0..out.len())
            .map(|i| {
                (
                    out.lines[i],
                    out.fields(i)
                        .map(|f| String::from_utf8(f.to_vec()).unwrap())
                        .collect(),
                )
            })
            .collect()
    }

    #[test]
    fn every_physical_record_is_a_row_with_its_line() {
        let rows = read(b"a,b\n1,2\n\n   \n,,\n\"x\ny\",\"q\"\"q\"\r\n5,6");
        let lines: Vec<u64> = rows.iter().map(|r| r.0).collect();
        assert_eq!(lines, [1, 2, 3, 4, 5, 6, 8]);
        assert_eq!(rows[2].1, Vec::<String>::new());
        assert_eq!(rows[3].1, ["   "]);
        assert_eq!(rows[4].1, ["", "", ""]);
        assert_eq!(rows[5].1, ["x\ny", "q\"q"]);
        assert_eq!(rows[6].1, ["5", "6"]);
    }

    #[test]
    fn a_quote_inside_a_field_is_a_character() {
        // As `split` reads a field: quoted only when the quote starts it. A record
        // splitter that took the quote in `b"c` as opening a section would swallow
        // the line break and the next record with it.
        let rows = read(b"a,b\"c,d\n1,2,3\n\"x\"\"y\",\"p\"q\"r,z\n");
        let lines: Vec<u64> = rows.iter().map(|r| r.0).collect();
        assert_eq!(lines, [1, 2, 3]);
        assert_eq!(rows[0].1, ["a", "b\"c", "d"]);
        assert_eq!(rows[1].1, ["1", "2", "3"]);
        assert_eq!(rows[2].1, ["x\"y", "pq\"r", "z"]);
    }

    #[test]
    fn a_quote_split_across_reads_is_read_alike() {
        // The reader sees the input a byte at a time: the byte before a quote and
        // an escaped quote's pair lie in earlier reads.
        let text = b"a,b\"c\n\"x\"\"\ny\",z\n";
        let whole = read(text);
        let mut r = CsvReader::new(std::io::BufReader::with_capacity(1, &text[..]), b',');
        let mut out = Records::default();
        while r.read(&mut out).unwrap() {}
        assert_eq!(out.len(), whole.len());
        assert_eq!(out.lines, [1, 2]);
        assert_eq!(whole[1].1, ["x\"\ny", "z"]);
        for (i, (_, fields)) in whole.iter().enumerate() {
            let got: Vec<&[u8]> = out.fields(i).collect();
            let want: Vec<&[u8]> = fields.iter().map(String::as_bytes).collect();
            assert_eq!(got, want);
        }
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let rows = read(b"a,b\r1,2\r\r3,4\r");
        let lines: Vec<u64> = rows.iter().map(|r| r.0).collect();
        assert_eq!(lines, [1, 2, 3, 4]);
        assert_eq!(rows[2].1, Vec::<String>::new());
        assert_eq!(read(b"a\r\nb\r\n").len(), 2);
    }

    #[test]
    fn a_final_line_break_ends_the_last_record() {
        assert_eq!(read(b"a\nb\n").len(), 2);
        assert_eq!(read(b"a\nb").len(), 2);
        assert_eq!(read(b"a\nb\n\n").len(), 3);
        assert_eq!(read(b"").len(), 0);
    }

    #[test]
    fn a_chunk_checked_at_once_names_the_line_too() {
        let mut r = CsvReader::new(&b"a,b\nc,\"d\ne\xff\"\n"[..], b',');
        r.check_utf8 = false;
        let mut out = Records::default();
        while r.read(&mut out).unwrap() {}
        let e = out.text().unwrap_err().to_string();
        assert!(e.contains("line 3"), "{e}");
        let mut ok = Records::default();
        let mut r = CsvReader::new(&b"ab,c\n"[..], b',');
        r.check_utf8 = false;
        while r.read(&mut ok).unwrap() {}
        let (x, y) = ok.span(0, 1).unwrap();
        assert_eq!(&ok.text().unwrap()[x..y], "c");
    }

    #[test]
    fn bytes_that_are_not_utf8_name_their_line() {
        let mut r = CsvReader::new(&b"a\nb\n\xff\n"[..], b',');
        let mut out = Records::default();
        assert!(r.read(&mut out).unwrap() && r.read(&mut out).unwrap());
        let e = r.read(&mut out).unwrap_err().to_string();
        assert!(e.contains("line 3") && e.contains("UTF-8"), "{e}");
    }

    #[test]
    fn a_character_split_between_two_records_is_not_utf8() {
        // \xd4 ends one record and \xbe starts the next: end to end they would make
        // the valid U+053E, but neither record is text.
        let mut r = CsvReader::new(&b"a\n\xd4\r\xbeb\n"[..], b',');
        r.check_utf8 = false;
        let mut out = Records::default();
        while r.read(&mut out).unwrap() {}
        let e = out.text().unwrap_err().to_string();
        assert!(e.contains("line 2") && e.contains("UTF-8"), "{e}");
    }
}
