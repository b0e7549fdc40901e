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
        id: "baris ini berisi {found} kolom, padahal judul kolom ada {expected}; periksa sel yang bergeser atau koma di dalam isian",
        en: "this row has {found} cells but the header has {expected}; look for shifted cells or a comma inside a cell";
    /// A required field is empty or absent.
    MissingField = "missing_field",
        id: "{field_id} belum diisi",
        en: "{field_en} is not filled in";
    /// A field is present but cannot be read.
    InvalidValue = "invalid_value",
        id: "{field_id} “{value}” tidak dapat dibaca; seharusnya {expected_id}",
        en: "{field_en} “{value}” cannot be read; it should be {expected_en}";
    /// The NIK fails an offline check.
    InvalidNik = "invalid_nik",
        id: "{problem_id}",
        en: "{problem_en}";
    /// The birth date in the NIK differs from the declared one.
    NikBirthDateMismatch = "nik_birth_date_mismatch",
        id: "tanggal lahir menurut NIK ({nik_birth}) berbeda dengan tanggal lahir yang diisi ({declared})",
        en: "the birth date in the NIK ({nik_birth}) differs from the birth date filled in ({declared})";
    /// The sex in the NIK differs from the declared one.
    NikSexMismatch = "nik_sex_mismatch",
        id: "jenis kelamin menurut NIK ({nik_sex}) berbeda dengan yang diisi ({declared}); L = laki-laki, P = perempuan",
        en: "the sex in the NIK ({nik_sex}) differs from the one filled in ({declared}); L = male, P = female";
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
        id: "pekerjaan “{sector}” tidak ada dalam daftar sektor; pilih sektor dari daftar atau tulis nama pekerjaan yang umum",
        en: "the occupation “{sector}” is not in the sector list; choose a sector from the list or write a common name for the work";
    /// The sector is not one the programme covers.
    SectorNotCovered = "sector_not_covered",
        id: "pekerjaan {sector_name_id} bukan sasaran program ini",
        en: "{sector_name_en} is not an occupation this programme covers";
    /// Domicile outside the programme's regency.
    OutsideRegion = "outside_region",
        id: "berdomisili di {regency_name_id}, di luar wilayah program ({required_name_id})",
        en: "lives in {regency_name_en}, outside the programme's area ({required_name_en})";
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
        id: "memenuhi syarat, tetapi {limit_id} pekerja berprioritas lebih tinggi; urutan tunggu {position}",
        en: "eligible, but {limit_en} workers of higher priority; waiting-list position {position}";
    /// No funding source of the programme may pay for this sector.
    NoFundingSource = "no_funding_source",
        id: "tidak ada sumber dana program yang boleh membiayai pekerjaan {sector_name_id}",
        en: "no funding source of the programme may pay for {sector_name_en}";
    /// Not registered in DTSEN, which the programme requires.
    NotInDtsen = "not_in_dtsen",
        id: "tidak terdaftar di DTSEN (Data Tunggal Sosial dan Ekonomi Nasional), syarat program ini",
        en: "not registered in DTSEN (the national social and economic register), which this programme requires";
    /// The worker's own cover (`cover_from`, `cover_to`) reaches outside the
    /// programme's coverage, or holds none of its months.
    CoverOutsideCoverage = "cover_outside_coverage",
        id: "masa tanggungan pekerja {cover} di luar masa cakupan program ({coverage})",
        en: "the worker's cover {cover} is outside the programme's coverage ({coverage})";
    /// The worker's `cover_from` is after their `cover_to`.
    CoverReversed = "cover_reversed",
        id: "bulan awal tanggungan ({cover_from}) sesudah bulan akhirnya ({cover_to})",
        en: "the first month of cover ({cover_from}) is after the last ({cover_to})";
    /// Eligible, but not in some months: below the minimum age on their first day
    /// (`rule = "monthly"`). Explains an eligible worker's months; never a row's reason.
    MonthsBelowMinimumAge = "months_below_minimum_age",
        id: "bulan {from} s.d. {to} tidak ditanggung: usia {age} tahun pada {on}, di bawah batas minimal {minimum} tahun (genap {minimum} tahun pada {birthday})",
        en: "months {from} to {to} not covered: aged {age} on {on}, below the minimum age of {minimum} (turns {minimum} on {birthday})";
    /// Eligible, but not in some months: above the maximum age on their first day
    /// (`rule = "monthly"`). Explains an eligible worker's months; never a row's reason.
    MonthsAboveMaximumAge = "months_above_maximum_age",
        id: "bulan {from} s.d. {to} tidak ditanggung: usia {age} tahun sejak {birthday}, di atas batas maksimal {maximum} tahun",
        en: "months {from} to {to} not covered: aged {age} from {birthday}, above the maximum age of {maximum}";
}

impl ReasonCode {
    /// A short heading for the reason, without any worker's values, for tables that
    /// count reasons ("Di bawah batas usia").
    pub fn label(self, lang: Lang) -> &'static str {
        let (id, en) = match self {
            ReasonCode::MalformedRow => (
                "Jumlah kolom baris tidak sesuai judul",
                "Row has the wrong number of cells",
            ),
            ReasonCode::MissingField => ("Data wajib belum diisi", "Required data missing"),
            ReasonCode::InvalidValue => ("Isian tidak dapat dibaca", "Entry cannot be read"),
            ReasonCode::InvalidNik => ("NIK tidak sah", "NIK not valid"),
            ReasonCode::NikBirthDateMismatch => (
                "Tanggal lahir tidak cocok dengan NIK",
                "Birth date differs from the NIK",
            ),
            ReasonCode::NikSexMismatch => (
                "Jenis kelamin tidak cocok dengan NIK",
                "Sex differs from the NIK",
            ),
            ReasonCode::DuplicateNik => ("NIK ganda", "Duplicate NIK"),
            ReasonCode::AgeBelowMinimum => ("Di bawah batas usia", "Below the minimum age"),
            ReasonCode::AgeAboveMaximum => ("Di atas batas usia", "Above the maximum age"),
            ReasonCode::UnknownSector => ("Pekerjaan tidak dikenali", "Occupation not recognised"),
            ReasonCode::SectorNotCovered => {
                ("Pekerjaan bukan sasaran program", "Occupation not covered")
            }
            ReasonCode::OutsideRegion => (
                "Berdomisili di luar kabupaten/kota",
                "Lives outside the regency",
            ),
            ReasonCode::DistrictExcluded => (
                "Kecamatan di luar wilayah program",
                "District outside the programme's area",
            ),
            ReasonCode::AlreadyMember => ("Sudah peserta aktif", "Already a member"),
            ReasonCode::DecileAboveMaximum => (
                "Desil kesejahteraan terlalu tinggi",
                "Welfare decile too high",
            ),
            ReasonCode::BudgetExhausted => ("Menunggu: anggaran habis", "Waiting: budget spent"),
            ReasonCode::NoFundingSource => (
                "Tidak ada sumber dana untuk pekerjaan ini",
                "No funding source for this occupation",
            ),
            ReasonCode::NotInDtsen => ("Tidak terdaftar di DTSEN", "Not registered in DTSEN"),
            ReasonCode::CoverOutsideCoverage => (
                "Masa tanggungan di luar masa cakupan",
                "Cover outside the programme's coverage",
            ),
            ReasonCode::CoverReversed => (
                "Bulan awal tanggungan sesudah bulan akhir",
                "Cover starts after it ends",
            ),
            ReasonCode::MonthsBelowMinimumAge => (
                "Sebagian bulan: di bawah batas usia",
                "Some months: below the minimum age",
            ),
            ReasonCode::MonthsAboveMaximumAge => (
                "Sebagian bulan: di atas batas usia",
                "Some months: above the maximum age",
            ),
        };
        match lang {
            Lang::Id => id,
            Lang::En => en,
        }
    }
}

/// What a roster column or form field is called for people (`birth_date` → "tanggal
/// lahir" / "birth date"); an unknown field name is returned as it is.
pub fn field_label(field: &str, lang: Lang) -> &str {
    let (id, en) = match field {
        "nik" => ("NIK", "NIK"),
        "name" => ("nama", "name"),
        "birth_date" => ("tanggal lahir", "birth date"),
        "sex" => ("jenis kelamin", "sex"),
        "regency" => ("kode kabupaten/kota domisili", "regency code of domicile"),
        "district" => ("kecamatan", "district"),
        "sector" => ("pekerjaan", "occupation"),
        "active_member" => ("status peserta aktif", "active member status"),
        "welfare_decile" => ("desil kesejahteraan", "welfare decile"),
        "dtsen" => ("status terdaftar di DTSEN", "DTSEN registration"),
        "cover_from" => ("bulan awal tanggungan", "first month of cover"),
        "cover_to" => ("bulan akhir tanggungan", "last month of cover"),
        "declared_income" => ("penghasilan sebulan", "monthly income"),
        _ => (field, field),
    };
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

/// The context values naming a sector: its code and its name in both languages.
pub(crate) fn sector_context(s: &crate::sector::Sector) -> [(&'static str, String); 3] {
    [
        ("sector", s.code.clone()),
        ("sector_name_id", s.name_id.clone()),
        ("sector_name_en", s.name_en.clone()),
    ]
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

    /// `budget_exhausted` at a waiting-list position: for money, or (`place`) for a
    /// place, when every source that may pay has reached its head-count cap
    /// (`max_workers`).
    pub(crate) fn waiting(position: u32, place: bool) -> Reason {
        let (limit, id, en) = if place {
            (
                "max_workers",
                "kuota jumlah penerima (max_workers) sudah penuh oleh",
                "the head-count cap (max_workers) is filled by",
            )
        } else {
            (
                "budget",
                "anggaran sudah habis untuk",
                "the budget is spent on",
            )
        };
        Reason::new(
            ReasonCode::BudgetExhausted,
            [
                ("position", position.to_string()),
                ("limit", limit.to_owned()),
                ("limit_id", id.to_owned()),
                ("limit_en", en.to_owned()),
            ],
        )
    }

    /// `missing_field` for a field.
    pub fn missing(field: &str) -> Reason {
        Reason::new(
            ReasonCode::MissingField,
            [
                ("field", field.to_owned()),
                ("field_id", capitalised(field_label(field, Lang::Id))),
                ("field_en", capitalised(field_label(field, Lang::En))),
            ],
        )
    }

    /// `invalid_nik` for a NIK that fails an offline check, the problem said plainly
    /// in both languages (`kind` is [`NikError::kind`](crate::nik::NikError::kind)).
    pub fn invalid_nik(e: &crate::nik::NikError) -> Reason {
        use crate::nik::NikError;
        let (id, en) = match *e {
            NikError::Empty => ("NIK kosong".to_owned(), "the NIK is empty".to_owned()),
            NikError::Length { found } => (
                format!("NIK berisi {found} angka, seharusnya 16"),
                format!("the NIK has {found} digits, it needs 16"),
            ),
            NikError::NonDigit => (
                "NIK berisi huruf atau tanda lain; NIK hanya terdiri dari 16 angka".to_owned(),
                "the NIK contains letters or other signs; a NIK is 16 digits only".to_owned(),
            ),
            NikError::Exponent => (
                "NIK tertulis sebagai angka pangkat (seperti 3,3E+15), sehingga angka terakhirnya hilang di spreadsheet; ketik ulang NIK sebagai teks".to_owned(),
                "the NIK is written as a power of ten (like 3.3E+15), so the spreadsheet lost its last digits; type the NIK again as text".to_owned(),
            ),
            NikError::Province { code } => (
                format!("dua angka pertama NIK ({code:02}) bukan kode provinsi"),
                format!("the first two digits of the NIK ({code:02}) are not a province code"),
            ),
            NikError::Month { month } => (
                format!("bulan lahir di dalam NIK ({month:02}) tidak ada; seharusnya 01 sampai 12"),
                format!("the birth month in the NIK ({month:02}) does not exist; it should be 01 to 12"),
            ),
            NikError::Day { day } => (
                format!("tanggal lahir di dalam NIK ({day:02}) tidak ada pada bulannya (perempuan: tanggal ditambah 40)"),
                format!("the birth day in the NIK ({day:02}) is not a day of its month (for women the day plus 40)"),
            ),
            NikError::Serial => (
                "empat angka terakhir NIK tidak boleh 0000".to_owned(),
                "the last four digits of a NIK cannot be 0000".to_owned(),
            ),
            NikError::Float => (
                "pembaca tabel menyimpan NIK sebagai angka pecahan (float), sehingga angkanya bisa hilang; baca kolom NIK sebagai teks".to_owned(),
                "the table reader stored the NIK as a floating-point number, so its digits may be lost; read the NIK column as text".to_owned(),
            ),
        };
        Reason::new(
            ReasonCode::InvalidNik,
            [
                ("kind", e.kind().to_owned()),
                ("problem_id", id),
                ("problem_en", en),
            ],
        )
    }

    /// `outside_region`: domiciled in `regency` (as written), the programme's regency
    /// being `required`; both also by name where the built-in table knows them.
    pub fn outside_region(regency: &str, required: &str) -> Reason {
        let regency: String = regency.chars().take(20).collect();
        let (regency_id, regency_en) = crate::region::describe(&regency);
        let (required_id, required_en) = crate::region::describe(required);
        Reason::new(
            ReasonCode::OutsideRegion,
            [
                ("regency", regency),
                ("required", required.to_owned()),
                ("regency_name_id", regency_id),
                ("regency_name_en", regency_en),
                ("required_name_id", required_id),
                ("required_name_en", required_en),
            ],
        )
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
            "active_member" | "dtsen" => ("ya atau tidak", "true or false"),
            "cover_from" | "cover_to" => (
                "bulan ditulis TTTT-BB, misalnya 2026-03",
                "a month written YYYY-MM, such as 2026-03",
            ),
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
                ("field_id", capitalised(field_label(field, Lang::Id))),
                ("field_en", capitalised(field_label(field, Lang::En))),
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

/// The text with its first letter in upper case (for a label that opens a message).
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
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
            "not_in_dtsen",
            "cover_outside_coverage",
            "cover_reversed",
            "months_below_minimum_age",
            "months_above_maximum_age",
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
    fn messages_name_fields_places_and_sectors_for_people() {
        assert_eq!(
            Reason::missing("birth_date").message(Lang::Id),
            "Tanggal lahir belum diisi"
        );
        assert_eq!(
            Reason::missing("birth_date").message(Lang::En),
            "Birth date is not filled in"
        );
        let r = Reason::outside_region("3329", "3328");
        assert_eq!(
            r.message(Lang::Id),
            "berdomisili di Kabupaten Brebes (3329), di luar wilayah program (Kabupaten Tegal (3328))"
        );
        assert_eq!(r.context["regency"], "3329");
        let r = Reason::outside_region("9999", "3328");
        assert_eq!(
            r.message(Lang::En),
            "lives in the regency with code 9999, outside the programme's area (Kabupaten Tegal (3328))"
        );
        let builder = crate::sector::Taxonomy::builtin();
        let id = builder.sector_by_code("ojol").unwrap();
        let r = Reason::new(
            ReasonCode::SectorNotCovered,
            sector_context(builder.sector(id)),
        );
        assert!(
            !r.message(Lang::Id).contains("ojol"),
            "{}",
            r.message(Lang::Id)
        );
        assert!(
            !r.message(Lang::En).contains("ojol"),
            "{}",
            r.message(Lang::En)
        );
        assert_eq!(r.context["sector"], "ojol");
    }

    #[test]
    fn every_code_has_a_label_in_both_languages() {
        for c in ReasonCode::ALL {
            let (id, en) = (c.label(Lang::Id), c.label(Lang::En));
            assert!(!id.is_empty() && !en.is_empty() && id != en, "{c}");
            assert!(!id.contains('_') && !en.contains('_'), "{c}");
        }
    }

    #[test]
    fn invalid_nik_values_are_masked() {
        let r = Reason::invalid_value("nik", "33270155057000X1");
        assert_eq!(r.context["value"], "3327********00X1");
        assert!(!r.message(Lang::En).contains("01550570"));
        assert_eq!(
            r.message(Lang::Id),
            "NIK “3327********00X1” tidak dapat dibaca; seharusnya 16 angka"
        );
    }
}
