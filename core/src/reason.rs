//! Why a worker is not eligible: stable codes, messages in Indonesian and English, and
//! the values behind them.
//!
//! A [`Reason`] has a [`ReasonCode`] (a `snake_case` string that never changes meaning),
//! a context map (the computed age and the bound, the field that was missing, …) and
//! messages rendered from templates in both languages. Scripts match on the code; people
//! read the message.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize, Serializer};

/// The language of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Bahasa Indonesia (the default).
    #[default]
    Id,
    /// English.
    En,
}

impl Lang {
    /// `id` or `en` (also `indonesia`, `english`, any case).
    pub fn parse(text: &str) -> Option<Lang> {
        match text.trim().to_lowercase().as_str() {
            "id" | "ind" | "indonesia" | "bahasa" => Some(Lang::Id),
            "en" | "eng" | "english" => Some(Lang::En),
            _ => None,
        }
    }
}

macro_rules! reason_codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, id: $id:literal, en: $en:literal; )*) => {
        /// A stable reason code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[non_exhaustive]
        pub enum ReasonCode {
            $( $(#[$doc])* $variant, )*
        }

        impl ReasonCode {
            /// Every code, in catalogue order: the order reasons are listed in.
            pub const ALL: &'static [ReasonCode] = &[$(ReasonCode::$variant),*];

            /// Position in [`ReasonCode::ALL`] (0–31), for compact reason sets.
            pub fn index(self) -> usize {
                self as usize
            }

            /// The `snake_case` code.
            pub fn as_str(self) -> &'static str {
                match self { $(ReasonCode::$variant => $code,)* }
            }

            /// The message template in a language; `{name}` is replaced by the context
            /// value of that name.
            pub fn template(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $( (ReasonCode::$variant, Lang::Id) => $id, (ReasonCode::$variant, Lang::En) => $en, )*
                }
            }

            /// The code for a `snake_case` string.
            pub fn parse(code: &str) -> Option<ReasonCode> {
                match code { $($code => Some(ReasonCode::$variant),)* _ => None }
            }
        }
    };
}

reason_codes! {
    /// The roster row has a different number of cells than the header.
    MalformedRow = "malformed_row",
        id: "baris berisi {found} kolom, seharusnya {expected}",
        en: "row has {found} cells, expected {expected}";
    /// A required field is empty or absent.
    MissingField = "missing_field",
        id: "kolom `{field}` wajib diisi",
        en: "field `{field}` is required";
    /// A field is present but cannot be read.
    InvalidValue = "invalid_value",
        id: "kolom `{field}` tidak dapat dibaca: `{value}` (seharusnya {expected_id})",
        en: "field `{field}` cannot be read: `{value}` (expected {expected_en})";
    /// The NIK fails an offline check.
    InvalidNik = "invalid_nik",
        id: "NIK tidak valid: {problem_id}",
        en: "invalid NIK: {problem_en}";
    /// The birth date in the NIK differs from the declared one.
    NikBirthDateMismatch = "nik_birth_date_mismatch",
        id: "tanggal lahir di NIK ({nik_birth}) berbeda dengan tanggal lahir yang diisi ({declared})",
        en: "the birth date in the NIK ({nik_birth}) differs from the declared birth date ({declared})";
    /// The sex in the NIK differs from the declared one.
    NikSexMismatch = "nik_sex_mismatch",
        id: "jenis kelamin di NIK ({nik_sex}) berbeda dengan yang diisi ({declared})",
        en: "the sex in the NIK ({nik_sex}) differs from the declared sex ({declared})";
    /// The same NIK appears on an earlier row of the roster.
    DuplicateNik = "duplicate_nik",
        id: "NIK sama dengan baris {first_row}",
        en: "same NIK as row {first_row}";
    /// Younger than the policy's minimum age.
    AgeBelowMinimum = "age_below_minimum",
        id: "usia {age} tahun pada {on}, di bawah batas minimal {minimum} tahun",
        en: "aged {age} on {on}, below the minimum age of {minimum}";
    /// Older than the policy's maximum age.
    AgeAboveMaximum = "age_above_maximum",
        id: "usia {age} tahun pada {on}, di atas batas maksimal {maximum} tahun",
        en: "aged {age} on {on}, above the maximum age of {maximum}";
    /// The occupation text maps to no known sector.
    UnknownSector = "unknown_sector",
        id: "pekerjaan `{sector}` tidak dikenal; tambahkan alias di taksonomi sektor",
        en: "occupation `{sector}` is not recognised; add an alias to the sector taxonomy";
    /// The sector is not one the programme covers.
    SectorNotCovered = "sector_not_covered",
        id: "sektor {sector} tidak termasuk sasaran program",
        en: "sector {sector} is not covered by the programme";
    /// Domicile outside the programme's regency.
    OutsideRegion = "outside_region",
        id: "domisili di kabupaten/kota {regency}, bukan {required}",
        en: "domiciled in regency {regency}, not {required}";
    /// Domicile district excluded (or not included) by the programme.
    DistrictExcluded = "district_excluded",
        id: "kecamatan {district} tidak termasuk wilayah program",
        en: "district {district} is not in the programme's area";
    /// Already an active BPJS Ketenagakerjaan member.
    AlreadyMember = "already_member",
        id: "sudah menjadi peserta aktif BPJS Ketenagakerjaan",
        en: "already an active BPJS Ketenagakerjaan member";
    /// Welfare decile above the programme's maximum.
    DecileAboveMaximum = "decile_above_maximum",
        id: "desil kesejahteraan {decile}, di atas batas desil {maximum}",
        en: "welfare decile {decile}, above the maximum decile {maximum}";
    /// Eligible, but the budgets are spent on workers of higher priority.
    BudgetExhausted = "budget_exhausted",
        id: "memenuhi syarat, tetapi anggaran sudah habis untuk pekerja berprioritas lebih tinggi; urutan tunggu {position}",
        en: "eligible, but the budget is spent on workers of higher priority; waiting-list position {position}";
    /// No funding source of the programme may pay for this sector.
    NoFundingSource = "no_funding_source",
        id: "tidak ada sumber dana program yang boleh membiayai sektor {sector}",
        en: "no funding source of the programme may pay for sector {sector}";
}

impl fmt::Display for ReasonCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of reason codes, one bit per code: what the bulk path records per row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ReasonSet(u32);

impl ReasonSet {
    /// No reasons: eligible.
    pub const EMPTY: ReasonSet = ReasonSet(0);

    /// The set of the raw bits (bit `i` is `ReasonCode::ALL[i]`).
    pub(crate) const fn from_bits(bits: u32) -> ReasonSet {
        ReasonSet(bits)
    }

    /// Add a code.
    pub fn insert(&mut self, code: ReasonCode) {
        self.0 |= 1 << code.index();
    }

    /// Whether the set holds a code.
    pub fn contains(self, code: ReasonCode) -> bool {
        self.0 & (1 << code.index()) != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The raw bits (bit `i` is `ReasonCode::ALL[i]`).
    pub fn bits(self) -> u32 {
        self.0
    }

    /// The codes, in catalogue order.
    pub fn iter(self) -> impl Iterator<Item = ReasonCode> {
        ReasonCode::ALL
            .iter()
            .copied()
            .filter(move |c| self.contains(*c))
    }
}

impl fmt::Display for ReasonSet {
    /// The codes joined by `;`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, c) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(";")?;
            }
            f.write_str(c.as_str())?;
        }
        Ok(())
    }
}

/// One reason a worker is not eligible.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Reason {
    /// Stable code.
    pub code: ReasonCode,
    /// Values the message refers to (all as text: ages, bounds, field names, dates).
    pub context: BTreeMap<String, String>,
}

impl Reason {
    /// A reason with context values. Every value is shown as
    /// [`nik::echo`](crate::nik::echo) gives it: NIKs masked, cut to 80 characters, so
    /// no reason can carry a NIK from any column into a message or a report.
    pub fn new<'a>(
        code: ReasonCode,
        context: impl IntoIterator<Item = (&'a str, String)>,
    ) -> Reason {
        Reason {
            code,
            context: context
                .into_iter()
                .map(|(k, v)| (k.to_owned(), crate::nik::echo(&v)))
                .collect(),
        }
    }

    /// `missing_field` for a field.
    pub fn missing(field: &str) -> Reason {
        Reason::new(ReasonCode::MissingField, [("field", field.to_owned())])
    }

    /// `invalid_value` for a field that cannot be read, with what the field expects
    /// in both languages; a value in the `nik` or `name` field is masked.
    pub fn invalid_value(field: &str, value: &str) -> Reason {
        let (id, en) = match field {
            "birth_date" => (
                "tanggal seperti 15-05-1970 atau 1970-05-15",
                "a date such as 1970-05-15 or 15-05-1970",
            ),
            "sex" => ("L atau P", "L or P"),
            "declared_income" => ("jumlah rupiah bulat", "a whole rupiah amount"),
            "active_member" => ("ya atau tidak", "true or false"),
            "welfare_decile" => ("desil 1 sampai 10", "a decile from 1 to 10"),
            "nik" => ("16 angka", "16 digits"),
            _ => ("nilai yang sah", "a valid value"),
        };
        Reason::invalid_value_expecting(field, value, id, en)
    }

    /// `invalid_value` with what is expected spelled out in both languages.
    pub fn invalid_value_expecting(
        field: &str,
        value: &str,
        expected_id: &str,
        expected_en: &str,
    ) -> Reason {
        let shown = if matches!(field, "nik" | "name") {
            crate::nik::mask(value)
        } else {
            value.chars().take(60).collect()
        };
        Reason::new(
            ReasonCode::InvalidValue,
            [
                ("field", field.to_owned()),
                ("value", shown),
                ("expected_id", expected_id.to_owned()),
                ("expected_en", expected_en.to_owned()),
            ],
        )
    }

    /// The message in a language.
    pub fn message(&self, lang: Lang) -> String {
        let template = self.code.template(lang);
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            if let Some(close) = after.find('}') {
                let key = &after[..close];
                match self.context.get(key) {
                    Some(v) => out.push_str(v),
                    None => out.push('?'),
                }
                rest = &after[close + 1..];
            } else {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
        out.push_str(rest);
        out
    }
}

impl Serialize for Reason {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Reason", 4)?;
        st.serialize_field("code", &self.code)?;
        st.serialize_field("message_id", &self.message(Lang::Id))?;
        st.serialize_field("message_en", &self.message(Lang::En))?;
        st.serialize_field("context", &self.context)?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_snake_case_and_round_trip() {
        let expected = [
            "malformed_row",
            "missing_field",
            "invalid_value",
            "invalid_nik",
            "nik_birth_date_mismatch",
            "nik_sex_mismatch",
            "duplicate_nik",
            "age_below_minimum",
            "age_above_maximum",
            "unknown_sector",
            "sector_not_covered",
            "outside_region",
            "district_excluded",
            "already_member",
            "decile_above_maximum",
            "budget_exhausted",
            "no_funding_source",
        ];
        let codes: Vec<&str> = ReasonCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(codes, expected);
        for c in ReasonCode::ALL {
            assert_eq!(ReasonCode::parse(c.as_str()), Some(*c));
            assert_eq!(serde_json::to_string(c).unwrap(), format!("\"{c}\""));
        }
    }

    #[test]
    fn reason_sets_list_codes_in_catalogue_order() {
        let mut s = ReasonSet::EMPTY;
        assert!(s.is_empty());
        s.insert(ReasonCode::OutsideRegion);
        s.insert(ReasonCode::MissingField);
        s.insert(ReasonCode::MissingField);
        assert_eq!(s.to_string(), "missing_field;outside_region");
        assert!(s.contains(ReasonCode::OutsideRegion) && !s.contains(ReasonCode::AlreadyMember));
        assert!(ReasonCode::ALL.len() <= 32);
    }

    #[test]
    fn every_placeholder_is_the_same_in_both_languages() {
        let keys = |t: &str| {
            let mut k: Vec<String> = t
                .split('{')
                .skip(1)
                .map(|p| {
                    let k = p.split('}').next().unwrap();
                    k.strip_suffix("_id")
                        .or_else(|| k.strip_suffix("_en"))
                        .unwrap_or(k)
                        .to_owned()
                })
                .collect();
            k.sort();
            k
        };
        for c in ReasonCode::ALL {
            assert_eq!(
                keys(c.template(Lang::Id)),
                keys(c.template(Lang::En)),
                "{c}"
            );
        }
    }

    #[test]
    fn messages_fill_in_context() {
        let r = Reason::new(
            ReasonCode::AgeAboveMaximum,
            [
                ("age", "66".into()),
                ("on", "2025-11-01".into()),
                ("maximum", "65".into()),
            ],
        );
        assert_eq!(
            r.message(Lang::En),
            "aged 66 on 2025-11-01, above the maximum age of 65"
        );
        assert_eq!(
            r.message(Lang::Id),
            "usia 66 tahun pada 2025-11-01, di atas batas maksimal 65 tahun"
        );
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["code"], "age_above_maximum");
        assert_eq!(json["context"]["age"], "66");
        assert_eq!(
            json["message_en"],
            "aged 66 on 2025-11-01, above the maximum age of 65"
        );
    }

    #[test]
    fn invalid_nik_values_are_masked() {
        let r = Reason::invalid_value("nik", "33270155057000X1");
        assert_eq!(r.context["value"], "3327********00X1");
        assert!(!r.message(Lang::En).contains("01550570"));
        assert_eq!(
            r.message(Lang::Id),
            "kolom `nik` tidak dapat dibaca: `3327********00X1` (seharusnya 16 angka)"
        );
    }
}
