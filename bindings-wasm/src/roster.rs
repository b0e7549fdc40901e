//! Evaluating a whole roster (a BNBA list as CSV or `.xlsx`): the output file, the summary, and
//! the per-row answers as columns, so that 100,000 rows cross to JavaScript as a few
//! arrays rather than 100,000 objects.

use std::collections::{BTreeMap, HashMap};

use iuran::{Lang, Roster};
use rust_decimal::Decimal;
use serde::Serialize;
use tsify::Tsify;
use wasm_bindgen::{JsCast, JsValue};

use crate::decision::Decision;
use crate::error::Error;
use crate::summary::Summary;
use crate::worker::WorkerRecord;

/// What evaluating a roster gives back.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct RosterResult {
    /// The input rows, in order, with the core's decision columns appended (`eligible`,
    /// `reasons`, `monthly_contribution`, `months`, `total_cost`, `funding_source`,
    /// `waiting_position`, then `extra_cells`), in the input's delimiter: the file to
    /// download.
    pub csv: String,
    /// Counts and money over every row.
    pub summary: Summary,
    /// One entry per row, in input order, as columns.
    pub rows: RowColumns,
    /// The explained decisions of the first rows (as many as asked for).
    pub first_rows: Vec<RowDecision>,
    /// For each reason code that occurs, the first row carrying it, explained.
    pub examples: BTreeMap<String, RowDecision>,
}

/// The answer for every row, one array per column (index `i` is row `i`). Numbers
/// cross as typed arrays and repeated text once per distinct value, so 100,000 rows
/// cost a few copies rather than 100,000 objects.
#[derive(Debug, Clone, Default, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct RowColumns {
    /// 1-based line in the file (the header is line 1).
    #[serde(serialize_with = "columns::u32s")]
    #[tsify(type = "Uint32Array")]
    pub line: Vec<u32>,
    /// 1 when the row is covered, 0 when not.
    #[serde(serialize_with = "columns::flags")]
    #[tsify(type = "Uint8Array")]
    pub eligible: Vec<bool>,
    /// The codes of the row's reasons, each once, joined by `;` as in the output
    /// file's `reasons` column (empty when eligible); `firstRows` and `examples` give
    /// every reason with its context.
    #[serde(serialize_with = "columns::strings")]
    #[tsify(type = "string[]")]
    pub reasons: Vec<String>,
    /// Sector code the occupation mapped to, or `null`.
    #[serde(serialize_with = "columns::optional_strings")]
    #[tsify(type = "(string | null)[]")]
    pub sector: Vec<Option<String>>,
    /// Funding source paying, or `null`.
    #[serde(serialize_with = "columns::optional_strings")]
    #[tsify(type = "(string | null)[]")]
    pub funding_source: Vec<Option<String>>,
    /// Contribution for the first covered month (decimal string).
    #[serde(serialize_with = "columns::strings")]
    #[tsify(type = "string[]")]
    pub monthly_contribution: Vec<String>,
    /// Covered months.
    #[serde(serialize_with = "columns::u32s")]
    #[tsify(type = "Uint32Array")]
    pub months: Vec<u32>,
    /// Total cost of the row (decimal string).
    #[serde(serialize_with = "columns::strings")]
    #[tsify(type = "string[]")]
    pub total_cost: Vec<String>,
    /// Place on the waiting list of a worker the budgets cannot fund (1 = first to be
    /// funded when money is found), or `null`.
    #[serde(serialize_with = "columns::optional_u32s")]
    #[tsify(type = "(number | null)[]")]
    pub waiting_position: Vec<Option<u32>>,
}

/// What `evaluateRosterColumns` gives back: the answers of every row as typed arrays
/// (no text per row, no output file), the summary, and the explained rows a page shows.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct RosterColumnsResult {
    /// Counts and money over every row.
    pub summary: Summary,
    /// One entry per row, in input order, as typed arrays.
    pub rows: TypedRows,
    /// The explained decisions of the first rows (as many as asked for).
    pub first_rows: Vec<RowDecision>,
    /// For each reason code that occurs, the first row carrying it, explained.
    pub examples: BTreeMap<String, RowDecision>,
}

/// The answer for every row as typed arrays (index `i` is row `i`), whose buffers a Web
/// Worker can transfer to the page without copying. Text that repeats is a key into a
/// small table: `reasons[i]` indexes `reasonSets`, `sector[i]` indexes `sectors`,
/// `fundingSource[i]` indexes `fundingSources`. Money is whole rupiah as `bigint`s.
#[derive(Debug, Clone, Default, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct TypedRows {
    /// 1-based line in the file (the header is line 1; for `.xlsx`, the sheet's row).
    #[serde(serialize_with = "columns::u32s")]
    #[tsify(type = "Uint32Array")]
    pub line: Vec<u32>,
    /// 1 when the row is covered, 0 when not.
    #[serde(serialize_with = "columns::u8s")]
    #[tsify(type = "Uint8Array")]
    pub eligible: Vec<u8>,
    /// The row's set of reason codes, as an index into `reasonSets`.
    #[serde(serialize_with = "columns::u32s")]
    #[tsify(type = "Uint32Array")]
    pub reasons: Vec<u32>,
    /// The distinct reason sets, each a list of codes in the core's order; entry 0 is
    /// the empty set (an eligible row).
    pub reason_sets: Vec<Vec<&'static str>>,
    /// The sector the occupation mapped to, as an index into `sectors`.
    #[serde(serialize_with = "columns::u8s")]
    #[tsify(type = "Uint8Array")]
    pub sector: Vec<u8>,
    /// Sector codes; entry 0 is `null` (no sector).
    pub sectors: Vec<Option<String>>,
    /// The paying funding source, as an index into `fundingSources`.
    #[serde(serialize_with = "columns::u8s")]
    #[tsify(type = "Uint8Array")]
    pub funding_source: Vec<u8>,
    /// Funding source ids; entry 0 is `null` (not funded).
    pub funding_sources: Vec<Option<String>>,
    /// Contribution for the first covered month, whole rupiah.
    #[serde(serialize_with = "columns::i64s")]
    #[tsify(type = "BigInt64Array")]
    pub monthly_contribution: Vec<i64>,
    /// Covered months.
    #[serde(serialize_with = "columns::u32s")]
    #[tsify(type = "Uint32Array")]
    pub months: Vec<u32>,
    /// Total cost of the row, whole rupiah.
    #[serde(serialize_with = "columns::i64s")]
    #[tsify(type = "BigInt64Array")]
    pub total_cost: Vec<i64>,
    /// Place on the waiting list of a worker the budgets cannot fund (1 = first to be
    /// funded when money is found); 0 when the row is not waiting.
    #[serde(serialize_with = "columns::u32s")]
    #[tsify(type = "Uint32Array")]
    pub waiting_position: Vec<u32>,
}

/// How far `evaluateRosterColumns` has read, told to its `onProgress` after each chunk
/// of rows.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct RosterProgress {
    /// The pass under way, from 1 (a policy with budget ceilings reads a CSV roster twice).
    pub pass: u32,
    /// How many passes the evaluation makes (1 or 2).
    pub passes: u32,
    /// Rows read so far in this pass.
    pub rows: u64,
    /// How many rows the roster has (estimated from the file's size during a CSV
    /// file's first pass), or `null`.
    pub expected_rows: Option<u64>,
    /// The share of the work done, from 0 to 1.
    pub fraction: f64,
}

impl From<iuran::Progress> for RosterProgress {
    fn from(p: iuran::Progress) -> Self {
        let passes = p.passes.max(1);
        // A progress bar only: an estimate, never a figure of the answer.
        #[allow(clippy::cast_precision_loss)]
        let within = p
            .expected_rows
            .filter(|n| *n > 0)
            .map_or(0.0, |n| (p.rows as f64 / n as f64).min(1.0));
        RosterProgress {
            pass: p.pass,
            passes,
            rows: p.rows,
            expected_rows: p.expected_rows,
            fraction: (f64::from(p.pass.saturating_sub(1)) + within) / f64::from(passes),
        }
    }
}

/// Evaluate every row through the engine in one pass (the CSV read a chunk at a time,
/// `progress` told after each), into typed columns.
pub(crate) fn evaluate_columns(
    policy: &iuran::Policy,
    roster: &[u8],
    lang: Lang,
    first_rows: usize,
    progress: &mut dyn FnMut(iuran::Progress),
) -> Result<RosterColumnsResult, Error> {
    let report =
        policy.evaluate_file_columns(iuran::RosterFile::Bytes(roster), first_rows, progress)?;
    let out = &report.outcome;
    // Reason sets by their bits (entry 0: the empty set); a map, as a messy roster may
    // hold many combinations.
    let mut keys: HashMap<u32, u32> = HashMap::from([(0, 0)]);
    let mut sets = vec![iuran::ReasonSet::EMPTY];
    let reasons = out
        .reasons
        .iter()
        .map(|set| {
            *keys.entry(set.bits()).or_insert_with(|| {
                sets.push(*set);
                u32::try_from(sets.len() - 1).unwrap_or(u32::MAX)
            })
        })
        .collect();
    // Sectors and funding sources by the core's ids, each id's key once (entry 0: none).
    let mut sector_keys: HashMap<Option<iuran::sector::SectorId>, u8> = HashMap::from([(None, 0)]);
    let mut sectors: Vec<Option<String>> = vec![None];
    let sector = out
        .sector
        .iter()
        .map(|id| {
            *sector_keys.entry(*id).or_insert_with(|| {
                sectors.push(id.map(|id| policy.taxonomy().sector(id).code.clone()));
                u8::try_from(sectors.len() - 1).unwrap_or(u8::MAX)
            })
        })
        .collect();
    let funding_sources = std::iter::once(None)
        .chain(policy.spec().funding.iter().map(|f| Some(f.id.clone())))
        .collect();
    let rows = TypedRows {
        // A roster of more than 4 billion lines cannot be read into memory anyway.
        line: report
            .lines
            .iter()
            .map(|l| u32::try_from(*l).unwrap_or(u32::MAX))
            .collect(),
        eligible: out.eligible.iter().map(|e| u8::from(*e)).collect(),
        reasons,
        reason_sets: sets
            .iter()
            .map(|set| set.iter().map(iuran::ReasonCode::as_str).collect())
            .collect(),
        sector,
        sectors,
        funding_source: out
            .funding_source
            .iter()
            .map(|s| s.map_or(0, |s| s.saturating_add(1)))
            .collect(),
        funding_sources,
        monthly_contribution: out.monthly_contribution.clone(),
        months: out.months.clone(),
        total_cost: out.total_cost.clone(),
        waiting_position: out
            .waiting_position
            .iter()
            .map(|p| p.unwrap_or(0))
            .collect(),
    };
    let explained = |e: &iuran::Example| RowDecision {
        line: e.line,
        record: e.record.clone().into(),
        decision: Decision::new(&e.decision, lang),
    };
    Ok(RosterColumnsResult {
        summary: Summary::new(&report.summary),
        rows,
        first_rows: report.first_rows.iter().map(explained).collect(),
        examples: report
            .examples
            .iter()
            .map(|(code, e)| (code.as_str().to_owned(), explained(e)))
            .collect(),
    })
}

/// The output file of a roster: its rows with the core's decision columns appended.
pub(crate) fn output_csv(policy: &iuran::Policy, roster: &[u8]) -> Result<String, Error> {
    let mut csv = Vec::new();
    policy.evaluate_file(iuran::RosterFile::Bytes(roster), Some(&mut csv))?;
    String::from_utf8(csv).map_err(|e| Error::Internal(format!("output CSV is not UTF-8: {e}")))
}

/// Each reason's example row, explained in `lang`.
fn examples(report: &iuran::RosterReport, lang: Lang) -> BTreeMap<String, RowDecision> {
    report
        .examples
        .iter()
        .map(|(code, e)| {
            (
                code.as_str().to_owned(),
                RowDecision {
                    line: e.line,
                    record: e.record.clone().into(),
                    decision: Decision::new(&e.decision, lang),
                },
            )
        })
        .collect()
}

/// One row, explained: where it is, what it says, and the decision.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct RowDecision {
    /// 1-based line in the file.
    pub line: u64,
    /// The row's canonical fields, as text.
    pub record: WorkerRecord,
    /// The decision, with messages in the language asked for.
    pub decision: Decision,
}

/// The roster argument as bytes: CSV text, or the bytes of a CSV file or an `.xlsx`
/// workbook (the core tells them apart).
pub(crate) fn bytes(input: &JsValue) -> Result<Vec<u8>, Error> {
    if let Some(text) = input.as_string() {
        Ok(text.into_bytes())
    } else if let Some(bytes) = input.dyn_ref::<js_sys::Uint8Array>() {
        Ok(bytes.to_vec())
    } else {
        Err(Error::argument(
            Some("roster"),
            "must be CSV text (a string) or the bytes of a CSV or .xlsx file (a Uint8Array)",
        ))
    }
}

/// The roster argument, read whole (for the quality report and comparisons).
pub(crate) fn read(input: &JsValue) -> Result<Roster, Error> {
    Ok(Roster::from_bytes(&bytes(input)?)?)
}

/// Evaluate every row through the engine, streaming, and gather the result.
pub(crate) fn evaluate(
    policy: &iuran::Policy,
    roster: &[u8],
    lang: Lang,
    first_rows: usize,
) -> Result<RosterResult, Error> {
    let mut rows = RowColumns::default();
    let mut first = Vec::new();
    let mut amounts: HashMap<i64, String> = HashMap::new();
    let mut money = |amount: i64| {
        amounts
            .entry(amount)
            .or_insert_with(|| wire_money(Decimal::from(amount)))
            .clone()
    };
    let mut csv = Vec::new();
    let report = policy.evaluate_file_each(
        iuran::RosterFile::Bytes(roster),
        Some(&mut csv),
        &mut |row| {
            // A roster of more than 4 billion lines cannot be read into memory anyway.
            rows.line
                .push(u32::try_from(row.line()).unwrap_or(u32::MAX));
            rows.eligible.push(row.eligible());
            rows.reasons.push(row.reasons().to_string());
            rows.sector.push(row.sector().map(str::to_owned));
            rows.funding_source
                .push(row.funding_source().map(str::to_owned));
            rows.monthly_contribution
                .push(money(row.monthly_contribution()));
            rows.months.push(row.months());
            rows.total_cost.push(money(row.total_cost()));
            rows.waiting_position.push(row.waiting_position());
            if first.len() < first_rows {
                first.push(RowDecision {
                    line: row.line(),
                    record: row.record().into(),
                    decision: Decision::new(&row.decision(), lang),
                });
            }
        },
    )?;
    let examples = examples(&report, lang);
    let csv = String::from_utf8(csv)
        .map_err(|e| Error::Internal(format!("output CSV is not UTF-8: {e}")))?;
    Ok(RosterResult {
        csv,
        summary: Summary::new(&report.summary),
        rows,
        first_rows: first,
        examples,
    })
}

/// An amount as the core writes it on the wire ([`iuran::money::exact`]).
fn wire_money(amount: Decimal) -> String {
    serde_json::to_value(crate::summary::MoneyString(amount))
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| amount.to_string())
}

/// Serialisers that hand whole columns to JavaScript (serde-wasm-bindgen only).
mod columns {
    use std::collections::HashMap;

    use serde::Serializer;
    use wasm_bindgen::JsValue;

    fn pass<S: Serializer>(value: &JsValue, s: S) -> Result<S::Ok, S::Error> {
        serde_wasm_bindgen::preserve::serialize(value, s)
    }

    pub(super) fn u32s<S: Serializer>(v: &[u32], s: S) -> Result<S::Ok, S::Error> {
        pass(&js_sys::Uint32Array::from(v).into(), s)
    }

    pub(super) fn u8s<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        pass(&js_sys::Uint8Array::from(v).into(), s)
    }

    pub(super) fn i64s<S: Serializer>(v: &[i64], s: S) -> Result<S::Ok, S::Error> {
        pass(&js_sys::BigInt64Array::from(v).into(), s)
    }

    pub(super) fn optional_u32s<S: Serializer>(v: &[Option<u32>], s: S) -> Result<S::Ok, S::Error> {
        let out = js_sys::Array::new_with_length(v.len() as u32);
        for (i, p) in v.iter().enumerate() {
            out.set(i as u32, p.map_or(JsValue::NULL, JsValue::from));
        }
        pass(&out.into(), s)
    }

    pub(super) fn flags<S: Serializer>(v: &[bool], s: S) -> Result<S::Ok, S::Error> {
        let bytes: Vec<u8> = v.iter().map(|b| u8::from(*b)).collect();
        pass(&js_sys::Uint8Array::from(bytes.as_slice()).into(), s)
    }

    /// An array of strings where each distinct value crosses the boundary once.
    fn interned<'a>(values: impl ExactSizeIterator<Item = Option<&'a str>>) -> js_sys::Array {
        let out = js_sys::Array::new_with_length(values.len() as u32);
        let mut seen: HashMap<&str, JsValue> = HashMap::new();
        for (i, v) in values.enumerate() {
            let js = match v {
                None => JsValue::NULL,
                Some(text) => seen
                    .entry(text)
                    .or_insert_with(|| JsValue::from_str(text))
                    .clone(),
            };
            out.set(i as u32, js);
        }
        out
    }

    pub(super) fn strings<S: Serializer>(v: &[String], s: S) -> Result<S::Ok, S::Error> {
        pass(&interned(v.iter().map(|x| Some(x.as_str()))).into(), s)
    }

    pub(super) fn optional_strings<S: Serializer>(
        v: &[Option<String>],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        pass(&interned(v.iter().map(Option::as_deref)).into(), s)
    }
}
