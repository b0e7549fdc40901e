//! The evaluated roster as CSV: every input row, in order, its cells as read, then the
//! decision columns. The output is rectangular: a row with fewer cells than the header
//! is padded with empty cells, and cells beyond the header's are joined (with the
//! file's delimiter) into the last column, `extra_cells`, so nothing is lost. When the
//! input already has a column of one of these names, the decision column is written
//! as `iuran_<name>`.

use std::io::Write;

use crate::Error;
use crate::Policy;
use crate::batch::Outcome;

/// The decision columns appended to an evaluated roster (and returned for a table).
pub const OUTPUT_COLUMNS: [&str; 7] = [
    "eligible",
    "reasons",
    "monthly_contribution",
    "months",
    "total_cost",
    "funding_source",
    "waiting_position",
];

/// The decision columns a caller asks for (`names`, each one of [`OUTPUT_COLUMNS`]),
/// each once, in the order of [`OUTPUT_COLUMNS`]: what a table evaluated for only some
/// of its answers carries. A name that is not a decision column is an
/// [`Error::Argument`] listing them.
///
/// ```
/// use iuran::roster::output_columns;
///
/// assert_eq!(output_columns(&["total_cost", "eligible", "total_cost"])?, ["eligible", "total_cost"]);
/// assert!(output_columns(&["cost"]).is_err());
/// # Ok::<(), iuran::Error>(())
/// ```
pub fn output_columns<S: AsRef<str>>(names: &[S]) -> Result<Vec<&'static str>, Error> {
    if let Some(unknown) = names
        .iter()
        .map(AsRef::as_ref)
        .find(|n| !OUTPUT_COLUMNS.contains(n))
    {
        let shown: String = unknown.chars().take(40).collect();
        return Err(Error::Argument {
            name: "outputs",
            message: format!(
                "`{}` is not a decision column (they are: {})",
                crate::nik::mask_niks(&shown),
                OUTPUT_COLUMNS.join(", ")
            ),
        });
    }
    Ok(OUTPUT_COLUMNS
        .iter()
        .copied()
        .filter(|c| names.iter().any(|n| n.as_ref() == *c))
        .collect())
}

/// The last column of an evaluated roster file: cells beyond the header's, joined.
pub const EXTRA_CELLS: &str = "extra_cells";

/// A CSV writer of evaluated rows.
#[cfg(feature = "csv")]
pub(crate) struct Output<'w> {
    csv: csv::Writer<&'w mut dyn Write>,
    width: usize,
    delimiter: u8,
    /// Reused text buffers.
    number: String,
    extra: Vec<u8>,
}

/// Without the `csv` feature no roster is written: asking for output is an error.
#[cfg(not(feature = "csv"))]
pub(crate) struct Output<'w>(
    std::convert::Infallible,
    std::marker::PhantomData<&'w mut ()>,
);

#[cfg(not(feature = "csv"))]
impl<'w> Output<'w> {
    pub(crate) fn new(_: &'w mut dyn Write, _: u8, _: &[String]) -> Result<Output<'w>, Error> {
        Err(Error::unsupported("a roster written as CSV", "csv"))
    }

    pub(crate) fn row<'c>(
        &mut self,
        _: &Policy,
        _: impl Iterator<Item = &'c [u8]>,
        _: &Outcome,
        _: usize,
    ) -> Result<(), Error> {
        match self.0 {}
    }

    pub(crate) fn finish(self) -> Result<(), Error> {
        match self.0 {}
    }
}

#[cfg(feature = "csv")]
fn failed(e: &dyn std::fmt::Display) -> Error {
    Error::Io {
        action: "write",
        path: "the output".to_owned(),
        message: e.to_string(),
    }
}

#[cfg(feature = "csv")]
impl<'w> Output<'w> {
    /// A writer, with the header written.
    pub(crate) fn new(
        w: &'w mut dyn Write,
        delimiter: u8,
        headers: &[String],
    ) -> Result<Output<'w>, Error> {
        let mut csv = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_writer(w);
        let clash = |name: &str| headers.iter().any(|h| h.trim().eq_ignore_ascii_case(name));
        for h in headers {
            csv.write_field(h).map_err(|e| failed(&e))?;
        }
        for name in OUTPUT_COLUMNS.into_iter().chain([EXTRA_CELLS]) {
            if clash(name) {
                csv.write_field(format!("iuran_{name}"))
            } else {
                csv.write_field(name)
            }
            .map_err(|e| failed(&e))?;
        }
        csv.write_record(None::<&[u8]>).map_err(|e| failed(&e))?;
        Ok(Output {
            csv,
            width: headers.len(),
            delimiter,
            number: String::new(),
            extra: Vec::new(),
        })
    }

    /// One row: its cells, then row `i` of the outcome.
    pub(crate) fn row<'c>(
        &mut self,
        policy: &Policy,
        cells: impl Iterator<Item = &'c [u8]>,
        out: &Outcome,
        i: usize,
    ) -> Result<(), Error> {
        use std::fmt::Write as _;
        self.extra.clear();
        let mut n = 0;
        for cell in cells {
            if n < self.width {
                self.csv.write_field(cell).map_err(|e| failed(&e))?;
            } else {
                if n > self.width {
                    self.extra.push(self.delimiter);
                }
                self.extra.extend_from_slice(cell);
            }
            n += 1;
        }
        for _ in n..self.width {
            self.csv.write_field("").map_err(|e| failed(&e))?;
        }
        let field = |csv: &mut csv::Writer<&'w mut dyn Write>, v: &[u8]| {
            csv.write_field(v).map_err(|e| failed(&e))
        };
        field(
            &mut self.csv,
            if out.eligible[i] { b"true" } else { b"false" },
        )?;
        self.number.clear();
        let _ = write!(self.number, "{}", out.reasons[i]);
        field(&mut self.csv, self.number.as_bytes())?;
        for v in [
            out.monthly_contribution[i],
            i64::from(out.months[i]),
            out.total_cost[i],
        ] {
            self.number.clear();
            let _ = write!(self.number, "{v}");
            field(&mut self.csv, self.number.as_bytes())?;
        }
        let source =
            out.funding_source[i].map_or("", |s| policy.spec.funding[usize::from(s)].id.as_str());
        field(&mut self.csv, source.as_bytes())?;
        self.number.clear();
        if let Some(p) = out.waiting_position[i] {
            let _ = write!(self.number, "{p}");
        }
        field(&mut self.csv, self.number.as_bytes())?;
        field(&mut self.csv, &self.extra)?;
        self.csv.write_record(None::<&[u8]>).map_err(|e| failed(&e))
    }

    /// Flush what is buffered.
    pub(crate) fn finish(mut self) -> Result<(), Error> {
        self.csv.flush().map_err(|e| failed(&e))
    }
}
