//! The worker record: what a roster row says about one person.
//!
//! [`Worker`] is the typed record a Rust service builds. [`Record`] is the same person
//! as text, the way a roster, a form or a binding hands it over; [`Record::parse`]
//! turns it into a `Worker` and a list of [`Reason`]s for every field it could not
//! read, so that a bad field makes the row ineligible with an explanation instead of
//! failing the whole roster.
//!
//! Only `nik`, `birth_date`, `regency` and `sector` are required. `Debug` masks the NIK
//! and hides the name: personal data never reaches a log.

use std::fmt;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::parse_income;
use crate::nik;
use crate::reason::Reason;

/// Sex as declared on the roster (and encoded in the NIK's day field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// Laki-laki (`L`).
    Male,
    /// Perempuan (`P`); the NIK adds 40 to her birth day.
    Female,
}

impl Sex {
    /// Read `L`/`P`, `laki-laki`/`perempuan`, `M`/`F`, `male`/`female` in any case.
    pub fn parse(text: &str) -> Option<Sex> {
        const MALE: [&str; 8] = [
            "l",
            "lk",
            "laki-laki",
            "laki laki",
            "lakilaki",
            "pria",
            "m",
            "male",
        ];
        const FEMALE: [&str; 6] = ["p", "pr", "perempuan", "wanita", "f", "female"];
        let t = text.trim();
        if MALE.iter().any(|w| w.eq_ignore_ascii_case(t)) {
            Some(Sex::Male)
        } else if FEMALE.iter().any(|w| w.eq_ignore_ascii_case(t)) {
            Some(Sex::Female)
        } else {
            None
        }
    }
}

/// One worker, typed.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Worker {
    /// Nomor Induk Kependudukan as given (checked during evaluation); `None` when the
    /// worker has none (a policy that requires one says `missing_field`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nik: Option<String>,
    /// Name (never used in a decision; kept for the user's own output).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Declared birth date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<Date>,
    /// Declared sex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// Regency (kabupaten/kota) of domicile, 4-digit Kemendagri code such as `3328`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regency: Option<String>,
    /// District (kecamatan) of domicile: code (`332801`) or name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    /// Occupation as written; mapped to a sector code by the taxonomy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    /// Declared monthly income in rupiah.
    #[serde(
        default,
        with = "crate::money::exact::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub declared_income: Option<Decimal>,
    /// Already an active BPJS Ketenagakerjaan member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_member: Option<bool>,
    /// Welfare decile in DTSEN (1 = poorest tenth).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub welfare_decile: Option<u8>,
    /// Registered in DTSEN (Data Tunggal Sosial dan Ekonomi Nasional), when the roster
    /// says; without it, a known `welfare_decile` counts as registered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dtsen: Option<bool>,
    /// The worker's own first covered month, when the programme covers them for less
    /// than its whole coverage (a worker who joins later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover_from: Option<crate::YearMonth>,
    /// The worker's own last covered month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover_to: Option<crate::YearMonth>,
}

impl fmt::Debug for Worker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Worker")
            .field("nik", &self.nik.as_deref().map(nik::mask))
            .field("name", &self.name.as_ref().map(|_| "<hidden>"))
            .field("birth_date", &self.birth_date)
            .field("sex", &self.sex)
            .field("regency", &self.regency)
            .field("district", &self.district)
            .field("sector", &self.sector)
            .field("declared_income", &self.declared_income)
            .field("active_member", &self.active_member)
            .field("welfare_decile", &self.welfare_decile)
            .field("dtsen", &self.dtsen)
            .field("cover_from", &self.cover_from)
            .field("cover_to", &self.cover_to)
            .finish()
    }
}

/// A canonical roster field: a column a roster may have, a key of a worker record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Field {
    /// `nik`: Nomor Induk Kependudukan.
    Nik,
    /// `name`.
    Name,
    /// `birth_date`.
    BirthDate,
    /// `sex`.
    Sex,
    /// `regency`: the regency (kabupaten/kota) code.
    Regency,
    /// `district`: the district (kecamatan) code or name.
    District,
    /// `sector`: the occupation text.
    Sector,
    /// `declared_income`.
    DeclaredIncome,
    /// `active_member`: already a BPJS Ketenagakerjaan member.
    ActiveMember,
    /// `welfare_decile`: the DTSEN decile.
    WelfareDecile,
    /// `dtsen`: registered in DTSEN (`ya`/`tidak`).
    Dtsen,
    /// `cover_from`: the worker's own first covered month (`YYYY-MM`).
    CoverFrom,
    /// `cover_to`: the worker's own last covered month (`YYYY-MM`).
    CoverTo,
}

impl Field {
    /// Every field, in the order output files use.
    pub const ALL: [Field; 13] = [
        Field::Nik,
        Field::Name,
        Field::BirthDate,
        Field::Sex,
        Field::Regency,
        Field::District,
        Field::Sector,
        Field::DeclaredIncome,
        Field::ActiveMember,
        Field::WelfareDecile,
        Field::Dtsen,
        Field::CoverFrom,
        Field::CoverTo,
    ];

    /// Every field's name, in [`Field::ALL`] order.
    pub const NAMES: [&'static str; 13] = FIELDS;

    /// The field's column name (`birth_date`).
    pub fn name(self) -> &'static str {
        FIELDS[self as usize]
    }

    /// The field of a canonical column name (`birth_date`), exactly as written.
    ///
    /// ```
    /// use iuran::worker::Field;
    /// assert_eq!(Field::parse("birth_date"), Some(Field::BirthDate));
    /// assert_eq!(Field::parse("Birth Date"), None); // header aliases are the roster's
    /// assert!(Field::ALL.iter().all(|f| Field::parse(f.name()) == Some(*f)));
    /// ```
    pub fn parse(name: &str) -> Option<Field> {
        FIELDS
            .iter()
            .position(|f| *f == name)
            .map(|i| Field::ALL[i])
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The canonical field names, in [`Field::ALL`] order.
pub(crate) const FIELDS: [&str; 13] = [
    "nik",
    "name",
    "birth_date",
    "sex",
    "regency",
    "district",
    "sector",
    "declared_income",
    "active_member",
    "welfare_decile",
    "dtsen",
    "cover_from",
    "cover_to",
];

/// One worker as text: every field optional, nothing interpreted yet.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// NIK.
    #[serde(default)]
    pub nik: Option<String>,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Birth date: `YYYY-MM-DD`, `DD-MM-YYYY` or `DD/MM/YYYY`.
    #[serde(default)]
    pub birth_date: Option<String>,
    /// `L`/`P` (also `laki-laki`/`perempuan`, `M`/`F`).
    #[serde(default)]
    pub sex: Option<String>,
    /// Regency code.
    #[serde(default)]
    pub regency: Option<String>,
    /// District code or name.
    #[serde(default)]
    pub district: Option<String>,
    /// Occupation text.
    #[serde(default)]
    pub sector: Option<String>,
    /// Monthly income (`1500000`, `1.500.000`, `Rp 1.500.000`).
    #[serde(default)]
    pub declared_income: Option<String>,
    /// `true`/`false` (also `ya`/`tidak`, `y`/`n`, `1`/`0`).
    #[serde(default)]
    pub active_member: Option<String>,
    /// 1–10.
    #[serde(default)]
    pub welfare_decile: Option<String>,
    /// Registered in DTSEN: `true`/`false` (also `ya`/`tidak`, `y`/`n`, `1`/`0`).
    #[serde(default)]
    pub dtsen: Option<String>,
    /// The worker's own first covered month: `YYYY-MM`.
    #[serde(default)]
    pub cover_from: Option<String>,
    /// The worker's own last covered month: `YYYY-MM`.
    #[serde(default)]
    pub cover_to: Option<String>,
}

impl fmt::Debug for Record {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Record")
            .field("nik", &self.nik.as_deref().map(nik::mask))
            .field("name", &self.name.as_ref().map(|_| "<hidden>"))
            .field("birth_date", &self.birth_date)
            .field("sex", &self.sex)
            .field("regency", &self.regency)
            .field("district", &self.district)
            .field("sector", &self.sector)
            .field("declared_income", &self.declared_income)
            .field("active_member", &self.active_member)
            .field("welfare_decile", &self.welfare_decile)
            .field("dtsen", &self.dtsen)
            .field("cover_from", &self.cover_from)
            .field("cover_to", &self.cover_to)
            .finish()
    }
}

impl Record {
    /// The text of a field.
    pub fn get(&self, field: Field) -> Option<&str> {
        match field {
            Field::Nik => self.nik.as_deref(),
            Field::Name => self.name.as_deref(),
            Field::BirthDate => self.birth_date.as_deref(),
            Field::Sex => self.sex.as_deref(),
            Field::Regency => self.regency.as_deref(),
            Field::District => self.district.as_deref(),
            Field::Sector => self.sector.as_deref(),
            Field::DeclaredIncome => self.declared_income.as_deref(),
            Field::ActiveMember => self.active_member.as_deref(),
            Field::WelfareDecile => self.welfare_decile.as_deref(),
            Field::Dtsen => self.dtsen.as_deref(),
            Field::CoverFrom => self.cover_from.as_deref(),
            Field::CoverTo => self.cover_to.as_deref(),
        }
    }

    /// Set the text of a field.
    pub fn set(&mut self, field: Field, value: Option<String>) {
        let slot = match field {
            Field::Nik => &mut self.nik,
            Field::Name => &mut self.name,
            Field::BirthDate => &mut self.birth_date,
            Field::Sex => &mut self.sex,
            Field::Regency => &mut self.regency,
            Field::District => &mut self.district,
            Field::Sector => &mut self.sector,
            Field::DeclaredIncome => &mut self.declared_income,
            Field::ActiveMember => &mut self.active_member,
            Field::WelfareDecile => &mut self.welfare_decile,
            Field::Dtsen => &mut self.dtsen,
            Field::CoverFrom => &mut self.cover_from,
            Field::CoverTo => &mut self.cover_to,
        };
        *slot = value;
    }

    /// Read every field. Blank text counts as absent. A field that is present but
    /// unreadable is left out of the `Worker` and reported as an `invalid_value`
    /// reason naming the field; required fields that are absent are reported by
    /// evaluation as `missing_field`.
    pub fn parse(&self) -> (Worker, Vec<Reason>) {
        fn text(v: Option<&String>) -> Option<&str> {
            v.map(String::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
        }
        /// Parse one optional field; an unreadable value becomes a reason.
        fn read<T>(
            problems: &mut Vec<Reason>,
            field: &str,
            value: Option<&String>,
            parse: impl Fn(&str) -> Option<T>,
        ) -> Option<T> {
            let t = text(value)?;
            let parsed = parse(t);
            if parsed.is_none() {
                problems.push(Reason::invalid_value(field, t));
            }
            parsed
        }
        let mut problems = Vec::new();
        let p = &mut problems;
        let birth_date = read(p, "birth_date", self.birth_date.as_ref(), parse_date);
        let sex = read(p, "sex", self.sex.as_ref(), Sex::parse);
        let declared_income = read(
            p,
            "declared_income",
            self.declared_income.as_ref(),
            parse_income,
        );
        let active_member = read(p, "active_member", self.active_member.as_ref(), parse_bool);
        let welfare_decile = read(
            p,
            "welfare_decile",
            self.welfare_decile.as_ref(),
            parse_decile,
        );
        let dtsen = read(p, "dtsen", self.dtsen.as_ref(), parse_bool);
        let cover_from = read(p, "cover_from", self.cover_from.as_ref(), parse_month);
        let cover_to = read(p, "cover_to", self.cover_to.as_ref(), parse_month);
        let worker = Worker {
            nik: text(self.nik.as_ref()).map(str::to_owned),
            name: text(self.name.as_ref()).map(str::to_owned),
            birth_date,
            sex,
            regency: text(self.regency.as_ref()).map(str::to_owned),
            district: text(self.district.as_ref()).map(str::to_owned),
            sector: text(self.sector.as_ref()).map(str::to_owned),
            declared_income,
            active_member,
            welfare_decile,
            dtsen,
            cover_from,
            cover_to,
        };
        (worker, problems)
    }
}

/// Read a birth date as rosters write it: `YYYY-MM-DD`, `DD-MM-YYYY`, `DD/MM/YYYY`
/// (also `YYYY/MM/DD`), a month name in Indonesian or English (`12 Maret 1970`,
/// `12-Mar-1970`), or an Excel date serial of five digits (`25639` = 1970-03-12).
///
/// ```
/// use iuran::worker::parse_date;
/// assert_eq!(parse_date("15-05-1970"), parse_date("1970-05-15"));
/// assert_eq!(parse_date("15 Mei 1970"), parse_date("1970-05-15"));
/// assert_eq!(parse_date("25703"), parse_date("1970-05-15"));
/// assert_eq!(parse_date("29/02/2023"), None);
/// ```
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    if text.len() == 5 && text.bytes().all(|b| b.is_ascii_digit()) {
        return excel_serial(text.parse().ok()?);
    }
    let sep = ['-', '/', ' '].into_iter().find(|c| text.contains(*c))?;
    let parts: Vec<&str> = text
        .split(sep)
        .filter(|p| !(sep == ' ' && p.is_empty()))
        .collect();
    if parts.len() != 3 {
        return None;
    }
    let numeric = |p: &str| !p.is_empty() && p.bytes().all(|x| x.is_ascii_digit());
    let month: i8 = if numeric(parts[1]) && parts[1].len() <= 2 {
        parts[1].parse().ok()?
    } else {
        month_number(parts[1])?
    };
    if !numeric(parts[0]) || !numeric(parts[2]) {
        return None;
    }
    let (year, day) = match (parts[0].len(), parts[2].len()) {
        (4, 1..=2) => (parts[0], parts[2]),
        (1..=2, 4) => (parts[2], parts[0]),
        _ => return None,
    };
    let year: i16 = year.parse().ok()?;
    if !(1850..=2200).contains(&year) {
        return None;
    }
    Date::new(year, month, day.parse().ok()?).ok()
}

/// Read a worker's cover month (`cover_from`, `cover_to`): `YYYY-MM`, or a date in any
/// form [`parse_date`] reads (a spreadsheet's date cell, `2026-03-01`), which stands for
/// its month.
pub(crate) fn parse_month(text: &str) -> Option<crate::YearMonth> {
    text.parse::<crate::YearMonth>()
        .ok()
        .or_else(|| parse_date(text).map(crate::YearMonth::of))
}

/// A month written as a name, Indonesian or English, full or abbreviated.
fn month_number(name: &str) -> Option<i8> {
    const MONTHS: [&[&str]; 12] = [
        &["januari", "january", "jan"],
        &["februari", "pebruari", "february", "feb", "peb"],
        &["maret", "march", "mar"],
        &["april", "apr"],
        &["mei", "may"],
        &["juni", "june", "jun"],
        &["juli", "july", "jul"],
        &["agustus", "august", "agu", "ags", "agt", "aug"],
        &["september", "sep", "sept"],
        &["oktober", "october", "okt", "oct"],
        &["november", "nopember", "nov", "nop"],
        &["desember", "december", "des", "dec"],
    ];
    let name = name.trim().trim_end_matches('.');
    MONTHS
        .iter()
        .position(|names| names.iter().any(|n| n.eq_ignore_ascii_case(name)))
        .map(|i| i as i8 + 1)
}

/// An Excel date serial (days since 1899-12-30 in the 1900 date system), within the
/// years a birth date can have.
pub(crate) fn excel_serial(serial: i64) -> Option<Date> {
    // 1850-01-01 is serial -18262; 2200-12-31 is 110_940. Birth dates as serials are
    // always positive in practice (1900 onwards).
    if !(1..=110_940).contains(&serial) {
        return None;
    }
    Date::constant(1899, 12, 30)
        .checked_add(jiff::Span::new().days(serial))
        .ok()
}

/// Read a yes/no flag as rosters write it.
pub(crate) fn parse_bool(text: &str) -> Option<bool> {
    const YES: [&str; 7] = ["true", "ya", "y", "yes", "1", "aktif", "t"];
    const NO: [&str; 8] = [
        "false",
        "tidak",
        "n",
        "no",
        "0",
        "tidak aktif",
        "f",
        "bukan",
    ];
    let t = text.trim();
    if YES.iter().any(|w| w.eq_ignore_ascii_case(t)) {
        Some(true)
    } else if NO.iter().any(|w| w.eq_ignore_ascii_case(t)) {
        Some(false)
    } else {
        None
    }
}

/// DTSEN welfare deciles run from 1 (the poorest tenth) to 10.
pub const DECILES: std::ops::RangeInclusive<u8> = 1..=10;

/// A whole number as a DTSEN welfare decile, when it is one (1–10).
pub fn decile(n: i64) -> Option<u8> {
    u8::try_from(n).ok().filter(|d| DECILES.contains(d))
}

/// Read a DTSEN welfare decile, 1–10.
pub(crate) fn parse_decile(text: &str) -> Option<u8> {
    text.trim().parse::<i64>().ok().and_then(decile)
}

/// The completed years of age on a date.
///
/// Someone born on 29 February reaches a new age on 1 March in common years: on
/// 28 February 2025 a person born 29 February 1960 is still 64.
///
/// ```
/// use iuran::worker::age_on;
/// use jiff::civil::date;
/// assert_eq!(age_on(date(1960, 2, 29), date(2025, 2, 28)), 64);
/// assert_eq!(age_on(date(1960, 2, 29), date(2025, 3, 1)), 65);
/// ```
pub fn age_on(birth: Date, on: Date) -> i32 {
    let years = i32::from(on.year()) - i32::from(birth.year());
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years - 1
    } else {
        years
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reason::ReasonCode;
    use jiff::civil::date;

    #[test]
    fn dates_in_every_roster_form() {
        let want = Some(date(1970, 5, 15));
        for t in [
            "1970-05-15",
            "15-05-1970",
            "15/05/1970",
            "1970/05/15",
            " 15-5-1970 ",
        ] {
            assert_eq!(parse_date(t), want, "{t}");
        }
        for bad in [
            "",
            "1970-13-01",
            "31-04-1970",
            "15.05.1970",
            "70-05-15",
            "1970-05",
            "x",
            "15-05-1970-1",
            "0015-05-15",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert_eq!(parse_date("29-02-1960"), Some(date(1960, 2, 29)));
    }

    #[test]
    fn ages_around_birthdays() {
        let b = date(1970, 1, 1);
        assert_eq!(age_on(b, date(2025, 1, 1)), 55);
        assert_eq!(age_on(b, date(2024, 12, 31)), 54);
        assert_eq!(age_on(date(1959, 12, 31), date(2025, 1, 1)), 65);
        assert_eq!(age_on(date(1959, 12, 31), date(2024, 12, 31)), 65);
        assert_eq!(age_on(date(1959, 12, 31), date(2024, 12, 30)), 64);
    }

    #[test]
    fn record_parse_reports_bad_fields_by_name() {
        let rec = Record {
            nik: Some(" 3327015505700001 ".into()),
            birth_date: Some("31-02-1970".into()),
            sex: Some("X".into()),
            declared_income: Some("Rp 1.500.000".into()),
            active_member: Some("ya".into()),
            welfare_decile: Some("11".into()),
            sector: Some("  ".into()),
            ..Record::default()
        };
        let (w, problems) = rec.parse();
        assert_eq!(w.nik.as_deref(), Some("3327015505700001"));
        assert_eq!(
            Record::default().parse().0.nik,
            None,
            "no NIK is None, not \"\""
        );
        assert_eq!(w.birth_date, None);
        assert_eq!(w.declared_income, Some(Decimal::from(1_500_000)));
        assert_eq!(w.active_member, Some(true));
        assert_eq!(w.sector, None);
        let fields: Vec<_> = problems
            .iter()
            .map(|r| r.context["field"].as_str())
            .collect();
        assert_eq!(fields, ["birth_date", "sex", "welfare_decile"]);
        assert!(problems.iter().all(|r| r.code == ReasonCode::InvalidValue));
    }

    #[test]
    fn debug_hides_personal_data() {
        let w = Worker {
            nik: Some("3327015505700001".into()),
            name: Some("Siti Aminah".into()),
            ..Worker::default()
        };
        let shown = format!("{w:?}");
        assert!(
            !shown.contains("01550570") && !shown.contains("Siti"),
            "{shown}"
        );
        let r = Record {
            nik: Some("3327015505700001".into()),
            name: Some("Siti Aminah".into()),
            ..Record::default()
        };
        let shown = format!("{r:?}");
        assert!(
            !shown.contains("01550570") && !shown.contains("Siti"),
            "{shown}"
        );
    }
}
