//! The data-quality report of a roster in JavaScript's spelling
//! ([`iuran::QualityReport`]): what village officials must fix, with the row numbers
//! of their own file.

use std::collections::BTreeMap;

use serde::Serialize;
use tsify::Tsify;

/// Findings over a roster. Row numbers are the file's own line numbers (the header is
/// line 1; a workbook's rows as Excel numbers them).
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct QualityReport {
    /// Rows read.
    pub rows: u64,
    /// Rows with no finding at all.
    pub clean_rows: u64,
    /// The date ages and future dates are judged on, `YYYY-MM-DD`.
    pub as_of: String,
    /// Rows whose cell count differs from the header's.
    pub malformed_rows: Vec<u64>,
    /// Required columns left empty: column (`nik`, `birth_date`, `regency`, `sector`) →
    /// rows.
    pub missing: BTreeMap<String, Vec<u64>>,
    /// Cells that cannot be read: column → rows.
    pub unreadable: BTreeMap<String, Vec<u64>>,
    /// Invalid NIKs by kind (`length`, `non_digit`, `exponent`, `unknown_province`,
    /// `bad_month`, `bad_day`, `zero_serial`) → rows.
    pub invalid_nik: BTreeMap<String, Vec<u64>>,
    /// Rows whose NIK's birth date differs from the declared one.
    pub nik_birth_date_mismatch: Vec<u64>,
    /// Rows whose NIK's sex differs from the declared one.
    pub nik_sex_mismatch: Vec<u64>,
    /// Every row of each NIK that appears more than once, one group per NIK.
    pub duplicate_niks: Vec<Vec<u64>>,
    /// Occupation texts the sector taxonomy does not know, most frequent first.
    pub unknown_sectors: Vec<UnknownSector>,
    /// Rows born after `asOf`.
    pub future_birth_dates: Vec<u64>,
    /// Rows implying an age over 120 on `asOf`.
    pub age_over_120: Vec<u64>,
    /// A plain heading for each finding present, in the language asked for, by
    /// `finding` or `finding.key` (`missing.birth_date`, `invalid_nik.length`,
    /// `duplicate_niks`), from the core's catalogue ([`iuran::quality::heading`]).
    pub headings: BTreeMap<String, String>,
}

/// One occupation text that maps to no sector.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct UnknownSector {
    /// The text as written (trimmed).
    pub text: String,
    /// Rows using it.
    pub rows: u64,
}

impl QualityReport {
    /// The report with its headings in `lang`.
    pub(crate) fn new(q: iuran::QualityReport, lang: iuran::Lang) -> Self {
        let mut headings = BTreeMap::new();
        let mut add = |finding: &str, key: Option<&str>| {
            let name = key.map_or_else(|| finding.to_owned(), |k| format!("{finding}.{k}"));
            headings.insert(name, iuran::quality::heading(finding, key, lang));
        };
        for (finding, keys) in [
            ("missing", &q.missing),
            ("unreadable", &q.unreadable),
            ("invalid_nik", &q.invalid_nik),
        ] {
            for k in keys.keys() {
                add(finding, Some(k));
            }
        }
        for (finding, present) in [
            ("malformed_rows", !q.malformed_rows.is_empty()),
            (
                "nik_birth_date_mismatch",
                !q.nik_birth_date_mismatch.is_empty(),
            ),
            ("nik_sex_mismatch", !q.nik_sex_mismatch.is_empty()),
            ("duplicate_niks", !q.duplicate_niks.is_empty()),
            ("unknown_sectors", !q.unknown_sectors.is_empty()),
            ("future_birth_dates", !q.future_birth_dates.is_empty()),
            ("age_over_120", !q.age_over_120.is_empty()),
        ] {
            if present {
                add(finding, None);
            }
        }
        QualityReport {
            headings,
            ..QualityReport::from(q)
        }
    }
}

impl From<iuran::QualityReport> for QualityReport {
    fn from(q: iuran::QualityReport) -> Self {
        QualityReport {
            headings: BTreeMap::new(),
            rows: q.rows,
            clean_rows: q.clean_rows,
            as_of: q.as_of,
            malformed_rows: q.malformed_rows,
            missing: q.missing,
            unreadable: q.unreadable,
            invalid_nik: q.invalid_nik,
            nik_birth_date_mismatch: q.nik_birth_date_mismatch,
            nik_sex_mismatch: q.nik_sex_mismatch,
            duplicate_niks: q.duplicate_niks,
            unknown_sectors: q
                .unknown_sectors
                .into_iter()
                .map(|u| UnknownSector {
                    text: u.text,
                    rows: u.rows,
                })
                .collect(),
            future_birth_dates: q.future_birth_dates,
            age_over_120: q.age_over_120,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::same;

    #[test]
    fn every_field_of_the_core_crosses_unchanged() {
        let roster = iuran::Roster::from_csv(
            b"nik,birth_date,regency,sector\n\
              3328011203700001,1970-03-12,3328,Wiraswasta\n\
              3328011203700001,31-02-1970,,Nelayan,x\n\
              3.32801E+15,2030-01-01,3328,\n",
        )
        .unwrap();
        let q = iuran::QualityReport::of(
            &roster,
            iuran::Taxonomy::builtin(),
            iuran::worker::parse_date("2025-11-22").unwrap(),
        );
        assert!(
            !q.duplicate_niks.is_empty() && !q.unknown_sectors.is_empty() && !q.missing.is_empty()
        );
        // Everything but the headings, which the core's report does not hold.
        let mut binding = serde_json::to_value(QualityReport::from(q.clone())).unwrap();
        binding.as_object_mut().unwrap().remove("headings");
        same(&q, &binding, &["missing", "unreadable", "invalid_nik"]);
    }

    #[test]
    fn headings_name_each_finding_present_in_plain_words() {
        let roster = iuran::Roster::from_csv(
            b"nik,birth_date,regency,sector\n\
              3328011203700001,31-02-1970,3328,Nelayan\n\
              332801120370001,1970-03-12,,Nelayan\n",
        )
        .unwrap();
        let q = iuran::QualityReport::of(
            &roster,
            iuran::Taxonomy::builtin(),
            iuran::worker::parse_date("2025-11-22").unwrap(),
        );
        let h = QualityReport::new(q, iuran::Lang::Id).headings;
        assert_eq!(
            h["unreadable.birth_date"],
            "Tanggal lahir tidak dapat dibaca"
        );
        assert_eq!(
            h["missing.regency"],
            "Kode kabupaten/kota domisili belum diisi"
        );
        assert_eq!(h["invalid_nik.length"], "NIK tidak berisi 16 angka");
        assert_eq!(h.len(), 3);
    }
}
