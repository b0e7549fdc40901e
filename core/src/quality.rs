//! Data-quality report for a roster: what village officials must fix, with the row
//! numbers of their own file.
//!
//! The report does not depend on a policy: it checks identity (NIK validity by kind,
//! agreement with the declared birth date and sex, duplicates), completeness (required
//! fields), readability (dates, sexes, amounts, flags, deciles), occupations the
//! taxonomy does not know (with their counts, so the alias list can be extended) and
//! implausible birth dates. Every row is counted once in `rows`; a row may appear under
//! several findings.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::nik::Nik;
use crate::reason::ReasonCode;
use crate::roster::{REQUIRED, Roster};
use crate::sector::Taxonomy;
use crate::worker::age_on;

/// Findings over a roster. Row numbers are the file's own line numbers.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct QualityReport {
    /// Rows read.
    pub rows: u64,
    /// Rows with no finding at all.
    pub clean_rows: u64,
    /// The date ages and future dates are judged on.
    pub as_of: String,
    /// Rows whose cell count differs from the header's.
    pub malformed_rows: Vec<u64>,
    /// Required fields left empty: field → rows.
    pub missing: BTreeMap<String, Vec<u64>>,
    /// Fields that cannot be read: field → rows.
    pub unreadable: BTreeMap<String, Vec<u64>>,
    /// Invalid NIKs by kind (`length`, `non_digit`, `exponent`, `unknown_province`,
    /// `bad_month`, `bad_day`, `zero_serial`): kind → rows.
    pub invalid_nik: BTreeMap<String, Vec<u64>>,
    /// Rows whose NIK's birth date differs from the declared one.
    pub nik_birth_date_mismatch: Vec<u64>,
    /// Rows whose NIK's sex differs from the declared one.
    pub nik_sex_mismatch: Vec<u64>,
    /// Every row of each NIK that appears more than once, one group per NIK, in order
    /// of first appearance.
    pub duplicate_niks: Vec<Vec<u64>>,
    /// Occupation texts the taxonomy does not map, grouped as aliases are matched
    /// (ignoring case and punctuation) and shown as first written, with how many rows
    /// use each, most frequent first.
    pub unknown_sectors: Vec<UnknownSector>,
    /// Rows born after `as_of`.
    pub future_birth_dates: Vec<u64>,
    /// Rows implying an age over 120 on `as_of`.
    pub age_over_120: Vec<u64>,
}

/// One occupation text that maps to no sector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UnknownSector {
    /// The text as written (trimmed).
    pub text: String,
    /// Rows using it.
    pub rows: u64,
}

impl QualityReport {
    /// Check every row of a roster against the taxonomy, judging dates on `as_of`.
    ///
    /// ```
    /// # #[cfg(all(feature = "toml", feature = "csv"))] {
    /// use iuran::{QualityReport, Roster, Taxonomy};
    /// let roster = Roster::from_csv(b"nik,birth_date,regency,sector\n\
    ///     3328011203700001,1970-03-12,3328,Petani Tembakau\n\
    ///     3328011203700001,1970-03-12,3328,Wiraswasta\n")?;
    /// let report = QualityReport::of(&roster, Taxonomy::builtin(), jiff::civil::date(2025, 11, 22));
    /// assert_eq!(report.duplicate_niks, [vec![2, 3]]);
    /// assert_eq!(report.unknown_sectors[0].text, "Wiraswasta");
    /// # }
    /// # Ok::<(), iuran::Error>(())
    /// ```
    pub fn of(roster: &Roster, taxonomy: &Taxonomy, as_of: Date) -> QualityReport {
        let mut q = QualityReport {
            as_of: as_of.to_string(),
            ..QualityReport::default()
        };
        let mut niks: Vec<String> = Vec::with_capacity(roster.rows.len());
        let mut lines: Vec<u64> = Vec::with_capacity(roster.rows.len());
        let mut unknown: HashMap<String, u64> = HashMap::new();
        let mut unknown_order: Vec<String> = Vec::new();
        let mut clean: Vec<u64> = Vec::new();
        for row in &roster.rows {
            let line = row.line;
            let findings = std::cell::Cell::new(0usize);
            let flag = |list: &mut Vec<u64>| {
                list.push(line);
                findings.set(findings.get() + 1);
            };
            if !row.problems.is_empty() {
                flag(&mut q.malformed_rows);
            }
            let (w, problems) = roster.record(row).parse();
            for p in problems
                .iter()
                .filter(|p| p.code == ReasonCode::InvalidValue)
            {
                flag(q.unreadable.entry(p.context["field"].clone()).or_default());
            }
            for field in REQUIRED.map(crate::worker::Field::name) {
                let unreadable = problems
                    .iter()
                    .any(|p| p.context.get("field").is_some_and(|f| f == field));
                let absent = match field {
                    "nik" => w.nik.is_none(),
                    "birth_date" => w.birth_date.is_none() && !unreadable,
                    "regency" => w.regency.is_none(),
                    _ => w.sector.is_none(),
                };
                if absent {
                    flag(q.missing.entry(field.to_owned()).or_default());
                }
            }
            niks.push(w.nik.clone().unwrap_or_default());
            lines.push(line);
            if let Some(text) = &w.nik {
                match Nik::parse(text) {
                    Err(e) => flag(q.invalid_nik.entry(e.kind().to_owned()).or_default()),
                    Ok(nik) => {
                        if w.birth_date.is_some_and(|b| !nik.matches_birth_date(b)) {
                            flag(&mut q.nik_birth_date_mismatch);
                        }
                        if w.sex.is_some_and(|s| s != nik.sex()) {
                            flag(&mut q.nik_sex_mismatch);
                        }
                    }
                }
            }
            if let Some(text) = w.sector.as_deref().filter(|t| taxonomy.lookup(t).is_none()) {
                findings.set(findings.get() + 1);
                // Grouped as aliases match (normalised); shown as first written.
                let n = unknown.entry(Taxonomy::normalize(text)).or_insert_with(|| {
                    unknown_order.push(text.to_owned());
                    0
                });
                *n += 1;
            }
            if let Some(b) = w.birth_date {
                if b > as_of {
                    flag(&mut q.future_birth_dates);
                } else if age_on(b, as_of) > 120 {
                    flag(&mut q.age_over_120);
                }
            }
            q.rows += 1;
            if findings.get() == 0 {
                clean.push(line);
            }
        }
        q.duplicate_niks = duplicate_groups(&niks, &lines);
        let duplicated: std::collections::HashSet<u64> =
            q.duplicate_niks.iter().flatten().copied().collect();
        q.clean_rows = clean.iter().filter(|l| !duplicated.contains(l)).count() as u64;
        q.unknown_sectors = unknown_order
            .into_iter()
            .map(|text| UnknownSector {
                rows: unknown[&Taxonomy::normalize(&text)],
                // Shown, not kept: a NIK typed in the occupation column is masked.
                text: crate::nik::echo(&text),
            })
            .collect();
        q.unknown_sectors.sort_by_key(|u| std::cmp::Reverse(u.rows));
        q
    }
}

/// A plain heading for one finding of a report, for the people who fix the file, in a
/// language. `finding` is the report's field (`malformed_rows`, `missing`,
/// `unreadable`, `invalid_nik`, `nik_birth_date_mismatch`, `nik_sex_mismatch`,
/// `duplicate_niks`, `unknown_sectors`, `future_birth_dates`, `age_over_120`); `key`
/// is the column of `missing` and `unreadable`, or the kind of `invalid_nik`.
///
/// ```
/// use iuran::{Lang, quality::heading};
/// assert_eq!(heading("missing", Some("birth_date"), Lang::Id), "Tanggal lahir belum diisi");
/// assert_eq!(heading("invalid_nik", Some("length"), Lang::En), "NIK does not have 16 digits");
/// ```
pub fn heading(finding: &str, key: Option<&str>, lang: crate::Lang) -> String {
    use crate::Lang;
    let pick = |id: &str, en: &str| match lang {
        Lang::Id => id.to_owned(),
        Lang::En => en.to_owned(),
    };
    let field = || {
        let label = crate::reason::field_label(key.unwrap_or(""), lang);
        let mut chars = label.chars();
        chars.next().map_or_else(String::new, |c| {
            c.to_uppercase().chain(chars).collect::<String>()
        })
    };
    match (finding, key) {
        ("malformed_rows", _) => pick(
            "Jumlah sel tidak sama dengan judul kolom",
            "Number of cells differs from the header",
        ),
        ("missing", Some(_)) => match lang {
            Lang::Id => format!("{} belum diisi", field()),
            Lang::En => format!("{} not filled in", field()),
        },
        ("unreadable", Some(_)) => match lang {
            Lang::Id => format!("{} tidak dapat dibaca", field()),
            Lang::En => format!("{} cannot be read", field()),
        },
        ("invalid_nik", Some(kind)) => match kind {
            "empty" => pick("NIK kosong", "NIK empty"),
            "length" => pick("NIK tidak berisi 16 angka", "NIK does not have 16 digits"),
            "non_digit" => pick(
                "NIK berisi huruf atau tanda lain",
                "NIK contains letters or other signs",
            ),
            "exponent" => pick(
                "NIK tertulis 3,3E+15: ketik ulang sebagai teks",
                "NIK written as 3.3E+15: type it again as text",
            ),
            "unknown_province" => pick(
                "NIK: dua angka pertama bukan kode provinsi",
                "NIK: the first two digits are not a province code",
            ),
            "bad_month" => pick(
                "NIK: bulan lahir di dalamnya tidak ada",
                "NIK: the birth month in it does not exist",
            ),
            "bad_day" => pick(
                "NIK: tanggal lahir di dalamnya tidak ada",
                "NIK: the birth day in it does not exist",
            ),
            "zero_serial" => pick(
                "NIK: empat angka terakhir 0000",
                "NIK: last four digits are 0000",
            ),
            _ => pick("NIK tidak sah", "NIK not valid"),
        },
        ("nik_birth_date_mismatch", _) => pick(
            "Tanggal lahir tidak cocok dengan NIK",
            "Birth date differs from the NIK",
        ),
        ("nik_sex_mismatch", _) => pick(
            "Jenis kelamin tidak cocok dengan NIK",
            "Sex differs from the NIK",
        ),
        ("duplicate_niks", _) => pick(
            "NIK ganda (baris dengan NIK yang sama)",
            "Duplicate NIK (rows sharing one NIK)",
        ),
        ("unknown_sectors", _) => pick(
            "Pekerjaan tidak ada dalam daftar sektor (jumlah baris)",
            "Occupation not in the sector list (rows)",
        ),
        ("future_birth_dates", _) => pick(
            "Tanggal lahir sesudah tanggal pemeriksaan",
            "Birth date after the date of the check",
        ),
        ("age_over_120", _) => pick("Umur lebih dari 120 tahun", "Age over 120"),
        _ => finding.to_owned(),
    }
}

/// Rows sharing a NIK, by line: each group in the order of its first row, as the
/// engine's duplicate index finds them.
fn duplicate_groups(niks: &[String], lines: &[u64]) -> Vec<Vec<u64>> {
    let cells: Vec<Option<&str>> = niks.iter().map(|n| Some(n.as_str())).collect();
    let mut found = Vec::new();
    let mut index = crate::batch::Duplicates::default();
    index.reserve(cells.len());
    index.mark(
        Some(&crate::batch::Strings::Slice(&cells)),
        cells.len(),
        &|i| lines[i],
        &mut found,
    );
    let mut groups: Vec<Vec<u64>> = Vec::new();
    let mut group_of: HashMap<u64, usize> = HashMap::new();
    for (row, first) in found {
        let g = *group_of.entry(first).or_insert_with(|| {
            groups.push(vec![first]);
            groups.len() - 1
        });
        groups[g].push(lines[row]);
    }
    groups.sort_by_key(|g| g[0]);
    groups
}
