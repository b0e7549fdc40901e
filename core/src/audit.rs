//! Audit records: what was computed, from what, so that a decree (SK Bupati) can cite
//! it and anyone can re-run it and get the same answer.
//!
//! An [`AuditRecord`] is versioned JSON (`"format": "iuran-audit/1"`) holding the
//! library version; the policy, rate-override and scenario files (name, SHA-256 and
//! full content); the rate-table rows in force in the covered months, each with its
//! legal reference and status; the roster's SHA-256 and row count (never its rows:
//! they hold personal data); and the totals. [`AuditRecord::verify`] re-runs a record
//! from its own contents on a roster and lists every difference.
//!
//! ```
//! use iuran::audit::{AuditInput, AuditRecord, Document};
//!
//! let policy = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/policies/tegal-2025.toml")).unwrap();
//! let input = AuditInput {
//!     policy: Document::new(Some("tegal-2025.toml".into()), policy),
//!     rates: None,
//!     taxonomy: None,
//!     scenarios: vec![],
//!     roster_file: Some("roster.csv".into()),
//! };
//! let roster = b"nik,birth_date,regency,sector\n3328011203700001,1970-03-12,3328,Petani Tembakau\n";
//! let record = AuditRecord::evaluation(&input, roster)?;
//! assert_eq!(record.roster.rows, 1);
//! assert!(record.rate_rows.iter().any(|r| r.reference == "PP 44/2015 jo. PP 82/2019"));
//! let json = record.to_json();
//! let again = AuditRecord::from_json(&json)?;
//! assert!(again.verify(roster)?.is_empty());
//! let empty = again.verify(b"nik,birth_date,regency,sector\n")?;
//! assert!(empty.iter().any(|d| d.field == "roster.sha256"));
//! assert!(empty.iter().any(|d| d.field == "roster.rows" && d.recorded == "1" && d.now == "0"));
//! # Ok::<(), iuran::Error>(())
//! ```

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::compare::{ChangeKind, Comparison, Delta, Totals, Variant, compare};
use crate::summary::Summary;
use crate::{Error, Policy, PolicySpec, RateTable, Roster, Scenario, Taxonomy};

/// The format this library writes and reads.
pub const FORMAT: &str = "iuran-audit/1";

/// A file that went into a computation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// The file name as given, if any.
    pub file: Option<String>,
    /// `toml` or `json`.
    pub format: String,
    /// SHA-256 of `content` (UTF-8), lower-case hex.
    pub sha256: String,
    /// The whole text.
    pub content: String,
}

impl Document {
    /// A document, its format found by [`Format::detect`](crate::format::Format::detect).
    pub fn new(file: Option<String>, content: String) -> Document {
        let format = crate::format::Format::detect(file.as_deref(), &content);
        Document {
            file,
            format: format.name().into(),
            sha256: sha256(content.as_bytes()),
            content,
        }
    }

    fn is_json(&self) -> bool {
        self.format == "json"
    }
}

/// SHA-256 of bytes, lower-case hex.
pub fn sha256(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// What a computation is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditInput {
    /// The policy file.
    pub policy: Document,
    /// A rate-table override file (`--rates`), if any.
    pub rates: Option<Document>,
    /// A sector-taxonomy file added to the built-in one (`--taxonomy`), if any.
    pub taxonomy: Option<Document>,
    /// Scenario files (a comparison has at least one).
    pub scenarios: Vec<Document>,
    /// The roster's file name, as given.
    pub roster_file: Option<String>,
}

/// The library that made a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Library {
    /// `iuran`.
    pub name: String,
    /// Its version.
    pub version: String,
}

/// A rate-table row in force in a covered month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateRow {
    /// `rate` or `adjustment`.
    pub table: String,
    /// The row's id.
    pub id: String,
    /// The row as the rate table holds it (amounts and percentages as strings).
    pub row: Value,
    /// Its legal reference.
    pub reference: String,
    /// How sure the figure is (`regulation`, `official`, … `unverified`).
    pub status: String,
}

/// The roster, identified without its contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterInfo {
    /// The file name as given, if any.
    pub file: Option<String>,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// Data rows.
    pub rows: u64,
}

/// What was computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AuditResult {
    /// One policy on a roster: its summary.
    Evaluation(Summary),
    /// Variants compared with a base: totals, deltas and change counts (not the
    /// per-worker changes, which hold personal data).
    Comparison(ComparisonTotals),
}

/// A comparison without its per-worker changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComparisonTotals {
    /// The base's totals.
    pub base: Totals,
    /// Each variant.
    pub variants: Vec<VariantTotals>,
}

/// A variant's totals, delta and change counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantTotals {
    /// Totals under the variant.
    pub totals: Totals,
    /// Variant minus base.
    pub delta: Delta,
    /// Workers changing, per kind.
    pub change_counts: std::collections::BTreeMap<ChangeKind, u64>,
}

impl From<&Comparison> for ComparisonTotals {
    fn from(c: &Comparison) -> Self {
        ComparisonTotals {
            base: c.base.clone(),
            variants: c
                .variants
                .iter()
                .map(|v| VariantTotals {
                    totals: v.totals.clone(),
                    delta: v.delta.clone(),
                    change_counts: v.change_counts.clone(),
                })
                .collect(),
        }
    }
}

/// One value that differs between a record and its re-run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Difference {
    /// Dotted path in the record (`result.evaluation.total_cost`).
    pub field: String,
    /// As recorded.
    pub recorded: String,
    /// As computed now.
    pub now: String,
}

/// A versioned record of an evaluation or a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditRecord {
    /// [`FORMAT`].
    pub format: String,
    /// The library that computed it.
    pub library: Library,
    /// The policy file (the base of a comparison).
    pub policy: Document,
    /// The rate-table override file, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rates: Option<Document>,
    /// The sector-taxonomy file added to the built-in one, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taxonomy: Option<Document>,
    /// The scenario files of a comparison.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<Document>,
    /// Every rate and adjustment row in force in a covered month of any policy
    /// compared, with its legal reference.
    pub rate_rows: Vec<RateRow>,
    /// The roster.
    pub roster: RosterInfo,
    /// The totals.
    pub result: AuditResult,
}

impl AuditRecord {
    /// Evaluate a policy on a roster (CSV or `.xlsx` bytes) and record it.
    pub fn evaluation(input: &AuditInput, roster: &[u8]) -> Result<AuditRecord, Error> {
        let (base, _) = compile(input)?;
        let parsed = Roster::from_bytes(roster)?;
        let summary = base.evaluate_roster(&parsed)?.summary;
        Ok(record(
            input,
            roster,
            &parsed,
            &[&base],
            AuditResult::Evaluation(summary),
        ))
    }

    /// Compare the scenarios with the policy on a roster and record it.
    pub fn comparison(input: &AuditInput, roster: &[u8]) -> Result<AuditRecord, Error> {
        let (base, variants) = compile(input)?;
        let parsed = Roster::from_bytes(roster)?;
        let c = compare(&base, &variants, &parsed)?;
        let mut policies = vec![&base];
        policies.extend(variants.iter().map(|v| &v.policy));
        let result = AuditResult::Comparison(ComparisonTotals::from(&c));
        Ok(record(input, roster, &parsed, &policies, result))
    }

    /// What went into this record.
    pub fn input(&self) -> AuditInput {
        AuditInput {
            policy: self.policy.clone(),
            rates: self.rates.clone(),
            taxonomy: self.taxonomy.clone(),
            scenarios: self.scenarios.clone(),
            roster_file: self.roster.file.clone(),
        }
    }

    /// Compute the record again from its own documents, with this library, on a
    /// roster.
    pub fn rerun(&self, roster: &[u8]) -> Result<AuditRecord, Error> {
        match self.result {
            AuditResult::Evaluation(_) => AuditRecord::evaluation(&self.input(), roster),
            AuditResult::Comparison(_) => AuditRecord::comparison(&self.input(), roster),
        }
    }

    /// Re-run the record and list every difference (empty: it reproduces exactly).
    /// A document whose content no longer matches its recorded SHA-256 is a
    /// difference too.
    pub fn verify(&self, roster: &[u8]) -> Result<Vec<Difference>, Error> {
        let mut diffs = Vec::new();
        let docs = std::iter::once(("policy".to_owned(), &self.policy))
            .chain(self.rates.iter().map(|d| ("rates".to_owned(), d)))
            .chain(self.taxonomy.iter().map(|d| ("taxonomy".to_owned(), d)))
            .chain(
                self.scenarios
                    .iter()
                    .enumerate()
                    .map(|(i, d)| (format!("scenarios[{i}]"), d)),
            );
        for (at, d) in docs {
            let now = sha256(d.content.as_bytes());
            if now != d.sha256 {
                diffs.push(Difference {
                    field: format!("{at}.sha256"),
                    recorded: d.sha256.clone(),
                    now,
                });
            }
        }
        let again = self.rerun(roster)?;
        let recorded = serde_json::to_value(self).expect("a record serialises");
        let now = serde_json::to_value(&again).expect("a record serialises");
        diff(&recorded, &now, "", &mut diffs);
        Ok(diffs)
    }

    /// Read a record. Errors name the field.
    pub fn from_json(text: &str) -> Result<AuditRecord, Error> {
        let de = &mut serde_json::Deserializer::from_str(text);
        let r: AuditRecord = serde_path_to_error::deserialize(de).map_err(|e| Error::Audit {
            field: e.path().to_string(),
            message: e.inner().to_string(),
        })?;
        if r.format != FORMAT {
            return Err(Error::Audit {
                field: "format".into(),
                message: format!(
                    "`{}` is not a format this version reads (`{FORMAT}`)",
                    r.format
                ),
            });
        }
        Ok(r)
    }

    /// The record as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a record serialises")
    }
}

/// The base policy and the variants, from the documents' contents.
fn compile(input: &AuditInput) -> Result<(Policy, Vec<Variant>), Error> {
    let p = &input.policy;
    let spec = if p.is_json() {
        PolicySpec::from_json(&p.content)?
    } else {
        PolicySpec::from_toml(&p.content)?
    };
    let rates = match &input.rates {
        None => RateTable::builtin().clone(),
        Some(d) => RateTable::builtin().merged(&d.content)?,
    };
    let taxonomy = match &input.taxonomy {
        None => Taxonomy::builtin().clone(),
        Some(d) => Taxonomy::builtin().extended(&d.content)?,
    };
    let base = Policy::compile_with(spec, Arc::new(rates), Arc::new(taxonomy))?;
    let variants = input
        .scenarios
        .iter()
        .map(|d| {
            let s = if d.is_json() {
                Scenario::from_json(&d.content)
            } else {
                Scenario::from_toml(&d.content)
            }?;
            Ok(Variant::new(s.name.clone(), s.apply(&base)?))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok((base, variants))
}

fn record(
    input: &AuditInput,
    bytes: &[u8],
    roster: &Roster,
    policies: &[&Policy],
    result: AuditResult,
) -> AuditRecord {
    AuditRecord {
        format: FORMAT.into(),
        library: Library {
            name: "iuran".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        policy: input.policy.clone(),
        rates: input.rates.clone(),
        taxonomy: input.taxonomy.clone(),
        scenarios: input.scenarios.clone(),
        rate_rows: rate_rows(policies),
        roster: RosterInfo {
            file: input.roster_file.clone(),
            sha256: sha256(bytes),
            rows: roster.rows.len() as u64,
        },
        result,
    }
}

/// The rows in force in a covered month of any of the policies, for a programme it
/// buys; each row once, in table order (rates, then adjustments), per policy table.
fn rate_rows(policies: &[&Policy]) -> Vec<RateRow> {
    let mut out: Vec<RateRow> = Vec::new();
    for p in policies {
        let bought = &p.spec().coverage.programmes;
        let in_force =
            |covers: &dyn Fn(crate::YearMonth) -> bool| p.months().iter().any(|m| covers(*m));
        let rates = p.rates();
        for r in &rates.rates {
            if bought.contains(&r.programme) && in_force(&|m| r.covers(m)) {
                push_row(&mut out, "rate", &r.id, r, &r.reference, r.status);
            }
        }
        for a in &rates.adjustments {
            if a.programmes.iter().any(|x| bought.contains(x)) && in_force(&|m| a.covers(m)) {
                push_row(&mut out, "adjustment", &a.id, a, &a.reference, a.status);
            }
        }
    }
    out
}

fn push_row(
    out: &mut Vec<RateRow>,
    table: &str,
    id: &str,
    row: &impl Serialize,
    reference: &str,
    status: impl Serialize,
) {
    let row = serde_json::to_value(row).expect("a rate row serialises");
    if out
        .iter()
        .any(|x| x.table == table && x.id == id && x.row == row)
    {
        return;
    }
    out.push(RateRow {
        table: table.into(),
        id: id.into(),
        row,
        reference: reference.into(),
        status: serde_json::to_value(status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default(),
    });
}

fn diff(recorded: &Value, now: &Value, at: &str, out: &mut Vec<Difference>) {
    let join = |k: &str| {
        if at.is_empty() {
            k.to_owned()
        } else {
            format!("{at}.{k}")
        }
    };
    match (recorded, now) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                diff(
                    a.get(k).unwrap_or(&Value::Null),
                    b.get(k).unwrap_or(&Value::Null),
                    &join(k),
                    out,
                );
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                diff(x, y, &format!("{at}[{i}]"), out);
            }
        }
        _ if recorded == now => {}
        _ => {
            let show = |v: &Value| match v {
                Value::String(s) if s.len() > 80 => format!("({} characters)", s.len()),
                Value::String(s) => s.clone(),
                v => {
                    let t = v.to_string();
                    if t.len() > 80 {
                        format!("({} characters of JSON)", t.len())
                    } else {
                        t
                    }
                }
            };
            // A record is a file anyone can edit: what it holds is echoed masked.
            out.push(Difference {
                field: crate::nik::echo(at),
                recorded: crate::nik::mask_niks(&show(recorded)),
                now: crate::nik::mask_niks(&show(now)),
            });
        }
    }
}
