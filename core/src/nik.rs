//! The Indonesian NIK (Nomor Induk Kependudukan), the 16-digit population number.
//!
//! Layout: `PP KK CC DD MM YY SSSS`, that is province (2 digits), regency or city (2),
//! district (2), birth day (plus 40 for women, so 41–71), birth month (01–12), two-digit
//! birth year and a serial number (0001–9999). There is no check digit.
//!
//! [`Nik::parse`] performs the offline checks only: a NIK that parses is *syntactically*
//! valid, which is not the same as "valid per Dukcapil" (that needs an online check).
//!
//! A NIK is personal data (UU 27/2022 on personal data protection). `Debug` and `Display`
//! of a [`Nik`] print the masked form (`3327********0001`), and no [`NikError`] message
//! contains the NIK. Use [`mask`] on any raw text that may hold a NIK before it goes into a
//! log or a message. Only [`Nik::as_str`] and `Serialize` give the full digits, for output
//! files that belong to the user.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::worker::Sex;

/// Province codes known to Kemendagri (two leading digits of a NIK).
const PROVINCE_CODES: &[u8] = &[
    11, // Aceh
    12, // Sumatera Utara
    13, // Sumatera Barat
    14, // Riau
    15, // Jambi
    16, // Sumatera Selatan
    17, // Bengkulu
    18, // Lampung
    19, // Kepulauan Bangka Belitung
    21, // Kepulauan Riau
    31, // DKI Jakarta
    32, // Jawa Barat
    33, // Jawa Tengah
    34, // DI Yogyakarta
    35, // Jawa Timur
    36, // Banten
    51, // Bali
    52, // Nusa Tenggara Barat
    53, // Nusa Tenggara Timur
    61, // Kalimantan Barat
    62, // Kalimantan Tengah
    63, // Kalimantan Selatan
    64, // Kalimantan Timur
    65, // Kalimantan Utara
    71, // Sulawesi Utara
    72, // Sulawesi Tengah
    73, // Sulawesi Selatan
    74, // Sulawesi Tenggara
    75, // Gorontalo
    76, // Sulawesi Barat
    81, // Maluku
    82, // Maluku Utara
    91, // Papua
    92, // Papua Barat
    93, // Papua Selatan
    94, // Papua Tengah
    95, // Papua Pegunungan
    96, // Papua Barat Daya
];

/// [`PROVINCE_CODES`] as a table indexed by the code (0–99).
const KNOWN_PROVINCE: [bool; 100] = {
    let mut table = [false; 100];
    let mut i = 0;
    while i < PROVINCE_CODES.len() {
        table[PROVINCE_CODES[i] as usize] = true;
        i += 1;
    }
    table
};

/// Number of digits in a NIK.
const LEN: usize = 16;

/// A syntactically valid NIK (offline checks only; "valid per Dukcapil" needs an online
/// check).
///
/// Built with [`Nik::parse`] (or [`str::parse`]). `Debug` and `Display` print the masked
/// form `3327********0001`; [`Nik::as_str`] and `Serialize` give the full 16 digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Nik {
    /// The 16 ASCII digits (`b'0'..=b'9'`).
    digits: [u8; LEN],
}

impl Nik {
    /// Parses a NIK as found in a roster cell.
    ///
    /// Surrounding whitespace is trimmed; a single leading apostrophe (the spreadsheet
    /// "text" marker) and spaces, dots and hyphens used as separators between digits
    /// (`3327 0155 0570 0001`, `3327.0155.0570.0001`) are dropped; a trailing `.0` left by a
    /// float-formatted cell is dropped when it follows exactly 16 digits (after any other
    /// number of bare digits it is a [`NikError::Length`], never a 16th digit). What remains must
    /// be exactly 16 ASCII digits with a known province code, a month 01–12, a birth day
    /// that exists in that month (after removing the 40 added for women) and a non-zero
    /// serial. 29 February is accepted when the two-digit year is divisible by 4.
    ///
    /// Checks run in this order, and the first failure is returned: empty, exponent,
    /// non-digit, length, province, month, day, serial.
    pub fn parse(text: &str) -> Result<Nik, NikError> {
        let text = text.trim();
        let text = text.strip_prefix('\'').unwrap_or(text).trim();
        if text.is_empty() {
            return Err(NikError::Empty);
        }
        if has_exponent(text) {
            return Err(NikError::Exponent);
        }
        let text = match text.strip_suffix(".0") {
            Some(head) if !head.is_empty() && head.bytes().all(|b| b.is_ascii_digit()) => {
                if head.len() != LEN {
                    // A float-formatted number of the wrong length: the `.0` is not part of
                    // the NIK, so do not let the dot pass as a separator and the `0` as a
                    // 16th digit.
                    return Err(NikError::Length { found: head.len() });
                }
                head
            }
            _ => text,
        };

        let mut digits = [0u8; LEN];
        let mut found = 0usize;
        let last = text.chars().count() - 1;
        for (i, c) in text.chars().enumerate() {
            if c.is_ascii_digit() {
                if found < LEN {
                    digits[found] = c as u8;
                }
                found += 1;
            } else if !(is_separator(c) && i != 0 && i != last) {
                return Err(NikError::NonDigit);
            }
        }
        if found != LEN {
            return Err(NikError::Length { found });
        }
        Nik::check(digits)
    }

    /// [`Nik::parse`] for a cell already trimmed, with a shortcut for the common case
    /// of exactly 16 ASCII digits: the same answer, without the scan for separators.
    pub(crate) fn parse_trimmed(text: &str) -> Result<Nik, NikError> {
        match <[u8; LEN]>::try_from(text.as_bytes()) {
            Ok(digits) if digits.iter().all(u8::is_ascii_digit) => Nik::check(digits),
            _ => Nik::parse(text),
        }
    }

    /// The checks after the digits are found: province, month, day, serial.
    fn check(digits: [u8; LEN]) -> Result<Nik, NikError> {
        let nik = Nik { digits };
        let province = nik.number(0, 2) as u8;
        if !KNOWN_PROVINCE[usize::from(province)] {
            return Err(NikError::Province { code: province });
        }
        let month = nik.number(8, 2) as u8;
        if !(1..=12).contains(&month) {
            return Err(NikError::Month { month });
        }
        let raw_day = nik.number(6, 2) as u8;
        let day = if raw_day > 40 { raw_day - 40 } else { raw_day };
        let year = nik.number(10, 2) as u8;
        if !(1..=31).contains(&raw_day) && !(41..=71).contains(&raw_day)
            || day > days_in_month(month, year)
        {
            return Err(NikError::Day { day: raw_day });
        }
        if nik.serial() == 0 {
            return Err(NikError::Serial);
        }
        Ok(nik)
    }

    /// The full 16 digits, for output files that belong to the user. Never log this: use
    /// `Display` or [`Nik::masked`] instead.
    pub fn as_str(&self) -> &str {
        // Always ASCII digits, so this never falls back.
        std::str::from_utf8(&self.digits).unwrap_or_default()
    }

    /// The masked form: first 4 digits, 8 `*`, last 4 digits (`3327********0001`).
    pub fn masked(&self) -> String {
        mask(self.as_str())
    }

    /// The province code, 2 digits (`33` for Jawa Tengah).
    ///
    /// This is where the NIK was **first registered**, not where the person lives now:
    /// never decide domicile from it.
    pub fn province_code(&self) -> &str {
        &self.as_str()[..2]
    }

    /// The regency or city code, 4 digits including the province (`3327` for Pemalang).
    ///
    /// This is where the NIK was **first registered**, not where the person lives now:
    /// never decide domicile from it; use the address region instead.
    pub fn regency_code(&self) -> &str {
        &self.as_str()[..4]
    }

    /// The district (kecamatan) code, 6 digits including province and regency
    /// (`332701`). Like [`Nik::regency_code`], this is where the NIK was first registered,
    /// not the domicile.
    pub fn district_code(&self) -> &str {
        &self.as_str()[..6]
    }

    /// The sex encoded in the day field: [`Sex::Female`] when it is above 40.
    pub fn sex(&self) -> Sex {
        if self.number(6, 2) > 40 {
            Sex::Female
        } else {
            Sex::Male
        }
    }

    /// The birth day of the month, 1–31, with the 40 added for women removed.
    pub fn birth_day(&self) -> u8 {
        let raw = self.number(6, 2) as u8;
        if raw > 40 { raw - 40 } else { raw }
    }

    /// The birth month, 1–12.
    pub fn birth_month(&self) -> u8 {
        self.number(8, 2) as u8
    }

    /// The two-digit birth year, 0–99 (the century is not encoded; see
    /// [`Nik::birth_date`]).
    pub fn birth_year_2digit(&self) -> u8 {
        self.number(10, 2) as u8
    }

    /// The serial number, 1–9999.
    pub fn serial(&self) -> u16 {
        self.number(12, 4)
    }

    /// The birth date with the century resolved against `reference`: the 2000s unless
    /// that would make the person born after `reference`, then the 1900s. `None` if that
    /// date does not exist (29 February in a non-leap year, e.g. 1900).
    pub fn birth_date(&self, reference: Date) -> Option<Date> {
        let (day, month, yy) = (
            self.birth_day(),
            self.birth_month(),
            self.birth_year_2digit(),
        );
        let yy = i16::from(yy);
        let in_2000s = (2000 + yy, month as i8, day as i8);
        let reference = (reference.year(), reference.month(), reference.day());
        let year = if in_2000s > reference {
            1900 + yy
        } else {
            2000 + yy
        };
        Date::new(year, month as i8, day as i8).ok()
    }

    /// Whether the NIK's day, month and two-digit year agree with a declared birth date.
    ///
    /// The sex is not compared here: compare [`Nik::sex`] with the declared sex as well.
    pub fn matches_birth_date(&self, declared: Date) -> bool {
        self.matches_birth(
            i64::from(declared.year()),
            i64::from(declared.month()),
            i64::from(declared.day()),
        )
    }

    /// [`Nik::matches_birth_date`] for a date given as year, month and day.
    pub(crate) fn matches_birth(&self, year: i64, month: i64, day: i64) -> bool {
        i64::from(self.birth_day()) == day
            && i64::from(self.birth_month()) == month
            && i64::from(self.birth_year_2digit()) == year.rem_euclid(100)
    }

    /// The 16 digits as one number: a compact key for finding duplicates.
    pub(crate) fn key(&self) -> u64 {
        self.digits
            .iter()
            .fold(0, |acc, &b| acc * 10 + u64::from(b - b'0'))
    }

    /// The decimal value of `len` digits starting at `start`.
    fn number(&self, start: usize, len: usize) -> u16 {
        self.digits[start..start + len]
            .iter()
            .fold(0, |acc, &b| acc * 10 + u16::from(b - b'0'))
    }
}

/// Days in `month` (1–12); February has 29 when the two-digit year is divisible by 4
/// (`00` is accepted too, as it may be 2000).
fn days_in_month(month: u8, yy: u8) -> u8 {
    match month {
        2 if yy.is_multiple_of(4) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Characters accepted between digits as separators.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || c == '.' || c == '-'
}

/// Whether `text` holds `E+`/`e+` after a digit, as a number in scientific notation does
/// (`3.32801E+15`).
fn has_exponent(text: &str) -> bool {
    let mut seen_digit = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            seen_digit = true;
        } else if seen_digit && (c == 'e' || c == 'E') && chars.peek() == Some(&'+') {
            return true;
        }
    }
    false
}

/// Masks any text that may hold a NIK, for error messages and logs.
///
/// Nothing is stripped: when the text has at least 10 characters, the first 4 and the
/// last 4 are kept and every character between becomes `*`; shorter texts become all
/// `*`. Works on characters, not bytes, so any UTF-8 text is safe.
pub fn mask(text: &str) -> String {
    let count = text.chars().count();
    if count < 10 {
        return "*".repeat(count);
    }
    text.chars()
        .enumerate()
        .map(|(i, c)| if i < 4 || i >= count - 4 { c } else { '*' })
        .collect()
}

impl fmt::Debug for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Nik({})", self.masked())
    }
}

impl fmt::Display for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.masked())
    }
}

impl FromStr for Nik {
    type Err = NikError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Nik::parse(s)
    }
}

impl Serialize for Nik {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Nik {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A format may refuse a non-string value with an error that quotes it (serde_json:
        // "invalid type: integer `3327015505700001`"): mask long digit runs in that case.
        deserializer.deserialize_str(NikVisitor).map_err(|error| {
            let message = error.to_string();
            let scrubbed = mask_digit_runs(&message);
            if scrubbed == message {
                error
            } else {
                serde::de::Error::custom(scrubbed)
            }
        })
    }
}

/// Masks every NIK inside any text: each run of exactly 16 ASCII digits (not part of a
/// longer run) that parses as a NIK becomes its masked form (`3327********0001`), as
/// [`mask`] gives. Everything else is kept. This is the one masking rule for every text
/// that leaves the library other than the per-row output: errors, reasons, reports,
/// audit records.
///
/// ```
/// use iuran::nik::mask_niks;
/// assert_eq!(
///     mask_niks("header has: 3327015505700001, Joko"),
///     "header has: 3327********0001, Joko"
/// );
/// assert_eq!(mask_niks("Rp 16800, 12345678901234567"), "Rp 16800, 12345678901234567");
/// ```
pub fn mask_niks(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if let Ok(digits) = <[u8; LEN]>::try_from(&bytes[start..i])
            && Nik::check(digits).is_ok()
        {
            out.push_str(&text[copied..start]);
            out.push_str(&mask(&text[start..i]));
            copied = i;
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// Cuts a text to at most `max` characters, ending in `…` when anything was cut.
///
/// ```
/// assert_eq!(iuran::nik::truncate("abcdef", 4), "abc…");
/// assert_eq!(iuran::nik::truncate("abc", 4), "abc");
/// ```
pub fn truncate(text: &str, max: usize) -> String {
    if text.char_indices().nth(max).is_none() {
        return text.to_owned();
    }
    let keep = max.saturating_sub(1);
    let end = text.char_indices().nth(keep).map_or(text.len(), |(i, _)| i);
    format!("{}…", &text[..end])
}

/// An input value as it may be echoed in a message: NIKs masked ([`mask_niks`]) and
/// cut to [`ECHO_CHARS`](crate::limits::ECHO_CHARS) characters ([`truncate`]).
pub fn echo(text: &str) -> String {
    // Cut first (a little beyond the limit, so a NIK at the edge is still recognised),
    // so a 2 GiB value is never copied whole.
    let head = match text.char_indices().nth(crate::limits::ECHO_CHARS + LEN) {
        Some((end, _)) => &text[..end],
        None => text,
    };
    truncate(&mask_niks(head), crate::limits::ECHO_CHARS)
}

/// Masks every run of 10 or more ASCII digits in `text` with [`mask`].
fn mask_digit_runs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let run = &rest[..end];
        if run.len() >= 10 {
            out.push_str(&mask(run));
        } else {
            out.push_str(run);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Deserialises a NIK from a string (or an integer), without ever echoing the value in
/// an error message (serde's default "invalid type" errors would).
struct NikVisitor;

impl serde::de::Visitor<'_> for NikVisitor {
    type Value = Nik;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a 16-digit nik as a string")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Nik, E> {
        Nik::parse(v).map_err(E::custom)
    }

    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Nik, E> {
        match std::str::from_utf8(v) {
            Ok(s) => self.visit_str(s),
            Err(_) => Err(E::custom(NikError::NonDigit)),
        }
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Nik, E> {
        self.visit_str(&v.to_string())
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Nik, E> {
        match u64::try_from(v) {
            Ok(v) => self.visit_u64(v),
            Err(_) => Err(E::custom(NikError::NonDigit)),
        }
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Nik, E> {
        Err(E::custom(
            "nik must be written as text, not as a floating-point number (digits may be lost)",
        ))
    }
}

/// Why a text is not a valid NIK.
///
/// Messages are lower case, without a trailing period, and never contain the NIK itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NikError {
    /// Nothing but whitespace (or a lone apostrophe).
    #[error("nik is empty")]
    Empty,
    /// Not 16 digits after removing separators.
    #[error("nik must have 16 digits, found {found}")]
    Length {
        /// How many digits were found.
        found: usize,
    },
    /// A character that is neither a digit nor a separator between digits.
    #[error("nik must contain digits only")]
    NonDigit,
    /// Written as a number in scientific notation such as `3.32801E+15`: a spreadsheet
    /// stored the NIK as a number and its last digits are lost.
    #[error(
        "nik is written as a number in scientific notation, so digits were lost; store the column as text"
    )]
    Exponent,
    /// The first two digits are not a province code known to Kemendagri.
    #[error("unknown province code {code:02}")]
    Province {
        /// The two-digit code found.
        code: u8,
    },
    /// The month field (digits 9–10) is not 01–12.
    #[error("nik birth month must be 01 to 12, found {month:02}")]
    Month {
        /// The month field found.
        month: u8,
    },
    /// The day field (digits 7–8, with the 40 added for women) is not a valid day of
    /// that month for either sex.
    #[error(
        "nik birth day field {day:02} is not a day of its month (01 to 31, or 41 to 71 for women)"
    )]
    Day {
        /// The raw day field, including any 40 added for women.
        day: u8,
    },
    /// The serial (last four digits) is `0000`.
    #[error("nik serial must not be 0000")]
    Serial,
    /// A table reader stored the NIK as a floating-point number that is not a whole
    /// number below 2^53, so its digits may be lost (pandas reads a column of numbers
    /// with an empty cell as `float64`).
    #[error(
        "nik was stored as a floating-point number by the table reader, so digits may be lost; read the column as text"
    )]
    Float,
}

impl NikError {
    /// A stable `snake_case` code for the kind of error, for bindings and scripts: `empty`,
    /// `length`, `non_digit`, `exponent`, `unknown_province`, `bad_month`, `bad_day`,
    /// `zero_serial` or `float`.
    pub fn kind(&self) -> &'static str {
        match self {
            NikError::Empty => "empty",
            NikError::Length { .. } => "length",
            NikError::NonDigit => "non_digit",
            NikError::Exponent => "exponent",
            NikError::Province { .. } => "unknown_province",
            NikError::Month { .. } => "bad_month",
            NikError::Day { .. } => "bad_day",
            NikError::Serial => "zero_serial",
            NikError::Float => "float",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i16, m: i8, d: i8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    fn nik(text: &str) -> Nik {
        Nik::parse(text).unwrap()
    }

    #[test]
    fn woman_from_pemalang() {
        let n = nik("3327015505700001");
        assert_eq!(n.as_str(), "3327015505700001");
        assert_eq!(n.province_code(), "33");
        assert_eq!(n.regency_code(), "3327");
        assert_eq!(n.district_code(), "332701");
        assert_eq!(n.sex(), Sex::Female);
        assert_eq!(n.birth_day(), 15);
        assert_eq!(n.birth_month(), 5);
        assert_eq!(n.birth_year_2digit(), 70);
        assert_eq!(n.serial(), 1);
        assert_eq!(n.masked(), "3327********0001");
        assert_eq!(n.birth_date(date(2025, 1, 1)), Some(date(1970, 5, 15)));
    }

    #[test]
    fn man_born_in_2000() {
        let n = nik("3328011203000002");
        assert_eq!(n.sex(), Sex::Male);
        assert_eq!(n.birth_day(), 12);
        assert_eq!(n.birth_month(), 3);
        assert_eq!(n.birth_year_2digit(), 0);
        assert_eq!(n.serial(), 2);
        assert_eq!(n.regency_code(), "3328");
        assert_eq!(n.birth_date(date(2025, 1, 1)), Some(date(2000, 3, 12)));
    }

    #[test]
    fn future_year_goes_to_the_1900s() {
        // yy = 30: 2030 is after 2025-06-01, so 1930.
        let n = nik("3503010101300003");
        assert_eq!(n.birth_date(date(2025, 6, 1)), Some(date(1930, 1, 1)));
        // yy = 25: 10 June 2025 is after 1 June 2025, so 1925; on the day itself, 2025.
        let n = nik("3509011006250001");
        assert_eq!(n.birth_date(date(2025, 6, 1)), Some(date(1925, 6, 10)));
        assert_eq!(n.birth_date(date(2025, 6, 10)), Some(date(2025, 6, 10)));
    }

    #[test]
    fn leap_day() {
        // 29 Feb with yy 00: 2000 is a leap year, 1900 is not.
        let n = nik("3323012902000001");
        assert_eq!(n.birth_date(date(2025, 1, 1)), Some(date(2000, 2, 29)));
        assert_eq!(n.birth_date(date(1999, 1, 1)), None);
        // A woman born 29 Feb (19)96.
        let n = nik("3323016902960001");
        assert_eq!(n.sex(), Sex::Female);
        assert_eq!(n.birth_date(date(2025, 1, 1)), Some(date(1996, 2, 29)));
        assert_eq!(
            Nik::parse("3323012902970001"),
            Err(NikError::Day { day: 29 })
        );
        assert_eq!(
            Nik::parse("3323016902970001"),
            Err(NikError::Day { day: 69 })
        );
        assert!(Nik::parse("3323012802970001").is_ok());
    }

    #[test]
    fn separators_and_spreadsheet_artefacts() {
        let expected = nik("3327015505700001");
        for text in [
            "  3327015505700001\t",
            "'3327015505700001",
            " '3327015505700001 ",
            "3327 0155 0570 0001",
            "3327.0155.0570.0001",
            "33-27-01-550570-0001",
            "3327015505700001.0",
            "'3327 0155 0570 0001",
        ] {
            assert_eq!(Nik::parse(text), Ok(expected), "{}", mask(text));
        }
        assert_eq!("3327015505700001".parse::<Nik>(), Ok(expected));
        // `.0` only after exactly 16 digits.
        assert_eq!(
            Nik::parse("332701550570001.0"),
            Err(NikError::Length { found: 15 })
        );
        assert_eq!(
            Nik::parse("33270155057000010.0"),
            Err(NikError::Length { found: 17 })
        );
        assert_eq!(Nik::parse(".0"), Err(NikError::NonDigit));
        // Separators only between digits; one apostrophe only.
        assert_eq!(Nik::parse("-3327015505700001"), Err(NikError::NonDigit));
        assert_eq!(Nik::parse("3327015505700001-"), Err(NikError::NonDigit));
        assert_eq!(Nik::parse("''3327015505700001"), Err(NikError::NonDigit));
        assert_eq!(Nik::parse("3327015505700001'"), Err(NikError::NonDigit));
    }

    #[test]
    fn every_error() {
        let cases = [
            ("", NikError::Empty, "empty"),
            ("   ", NikError::Empty, "empty"),
            ("'", NikError::Empty, "empty"),
            ("332701550570001", NikError::Length { found: 15 }, "length"),
            (
                "33270155057000011",
                NikError::Length { found: 17 },
                "length",
            ),
            ("3327O15505700001", NikError::NonDigit, "non_digit"),
            ("3327 0155 0570 000a", NikError::NonDigit, "non_digit"),
            (
                "３３２７０１５５０５７０００１",
                NikError::NonDigit,
                "non_digit",
            ),
            ("3.32801E+15", NikError::Exponent, "exponent"),
            ("3,32701e+15", NikError::Exponent, "exponent"),
            (
                "1027015505700001",
                NikError::Province { code: 10 },
                "unknown_province",
            ),
            (
                "9727015505700001",
                NikError::Province { code: 97 },
                "unknown_province",
            ),
            (
                "3327011500700001",
                NikError::Month { month: 0 },
                "bad_month",
            ),
            (
                "3327011513700001",
                NikError::Month { month: 13 },
                "bad_month",
            ),
            ("3327010005700001", NikError::Day { day: 0 }, "bad_day"),
            ("3327013205700001", NikError::Day { day: 32 }, "bad_day"),
            ("3327014005700001", NikError::Day { day: 40 }, "bad_day"),
            ("3327017205700001", NikError::Day { day: 72 }, "bad_day"),
            ("3327013104700001", NikError::Day { day: 31 }, "bad_day"),
            ("3327017104700001", NikError::Day { day: 71 }, "bad_day"),
            ("3327015505700000", NikError::Serial, "zero_serial"),
        ];
        for (text, error, kind) in cases {
            assert_eq!(Nik::parse(text), Err(error), "{}", mask(text));
            assert_eq!(error.kind(), kind);
        }
        // Boundaries that are valid.
        assert!(Nik::parse("3327013101700001").is_ok());
        assert!(Nik::parse("3327017112700001").is_ok());
        assert!(Nik::parse("3327014101709999").is_ok());
    }

    #[test]
    fn check_order() {
        // Exponent before non-digit, non-digit before length, length before province,
        // province before month, month before day, day before serial.
        assert_eq!(Nik::parse("x3.3E+15"), Err(NikError::Exponent));
        assert_eq!(Nik::parse("12a"), Err(NikError::NonDigit));
        assert_eq!(Nik::parse("1000"), Err(NikError::Length { found: 4 }));
        assert_eq!(
            Nik::parse("1000000000000000"),
            Err(NikError::Province { code: 10 })
        );
        assert_eq!(
            Nik::parse("3300000000000000"),
            Err(NikError::Month { month: 0 })
        );
        assert_eq!(
            Nik::parse("3300000001000000"),
            Err(NikError::Day { day: 0 })
        );
        assert_eq!(Nik::parse("3300000101000000"), Err(NikError::Serial));
    }

    #[test]
    fn error_messages() {
        assert_eq!(NikError::Empty.to_string(), "nik is empty");
        assert_eq!(
            NikError::Length { found: 15 }.to_string(),
            "nik must have 16 digits, found 15"
        );
        assert_eq!(
            NikError::NonDigit.to_string(),
            "nik must contain digits only"
        );
        assert_eq!(
            NikError::Province { code: 7 }.to_string(),
            "unknown province code 07"
        );
        for error in [
            NikError::Empty,
            NikError::Length { found: 3 },
            NikError::NonDigit,
            NikError::Exponent,
            NikError::Province { code: 10 },
            NikError::Month { month: 13 },
            NikError::Day { day: 72 },
            NikError::Serial,
        ] {
            let message = error.to_string();
            assert_eq!(message, message.to_lowercase());
            assert!(!message.ends_with('.'), "{message}");
        }
    }

    #[test]
    fn no_leak_in_debug_display_or_errors() {
        for text in [
            "3327015505700001",
            "3328011203000002",
            "3327015513700001",
            "3327013205700001",
            "3327015505700000",
            "1027015505700001",
        ] {
            let middle = &text[4..12];
            match Nik::parse(text) {
                Ok(n) => {
                    assert!(!format!("{n:?}").contains(middle));
                    assert!(!format!("{n}").contains(middle));
                    assert!(!format!("{n:#?}").contains(middle));
                    assert!(!format!("{:?}", Some(n)).contains(middle));
                }
                Err(e) => {
                    assert!(!e.to_string().contains(middle));
                    assert!(!format!("{e:?}").contains(middle));
                }
            }
        }
        let n = nik("3327015505700001");
        assert_eq!(format!("{n:?}"), "Nik(3327********0001)");
        assert_eq!(format!("{n}"), "3327********0001");
    }

    #[test]
    fn birth_date_matching() {
        let woman = nik("3327015505700001");
        assert!(woman.matches_birth_date(date(1970, 5, 15)));
        assert!(woman.matches_birth_date(date(2070, 5, 15)));
        assert!(!woman.matches_birth_date(date(1970, 5, 16)));
        assert!(!woman.matches_birth_date(date(1970, 6, 15)));
        assert!(!woman.matches_birth_date(date(1971, 5, 15)));
        // The raw day field (55) is not the day.
        assert!(!woman.matches_birth_date(date(1970, 5, 25)));
        let man = nik("3328011203000002");
        assert!(man.matches_birth_date(date(2000, 3, 12)));
        assert!(man.matches_birth_date(date(1900, 3, 12)));
        assert!(!man.matches_birth_date(date(2001, 3, 12)));
        assert!(!man.matches_birth_date(date(2000, 12, 3)));
    }

    #[test]
    fn mask_text() {
        assert_eq!(mask("3327015505700001"), "3327********0001");
        assert_eq!(mask("12345"), "*****");
        assert_eq!(mask(""), "");
        assert_eq!(mask("123456789"), "*********");
        assert_eq!(mask("1234567890"), "1234**7890");
        assert_eq!(mask(" 3327015505700001 "), " 332**********001 ");
        assert_eq!(mask("ÄÖÜßéèêë€😀"), "ÄÖÜß**êë€😀");
        assert_eq!(mask("日本語"), "***");
        assert_eq!(mask("😀😀😀😀中文字符😀😀😀😀"), "😀😀😀😀****😀😀😀😀");
    }

    #[test]
    fn serde_round_trip() {
        let n = nik("3327015505700001");
        let json = serde_json::to_string(&n).unwrap();
        assert_eq!(json, "\"3327015505700001\"");
        assert_eq!(serde_json::from_str::<Nik>(&json).unwrap(), n);
        assert_eq!(
            serde_json::from_str::<Nik>("\"'3327 0155 0570 0001\"").unwrap(),
            n
        );
        // A JSON number is refused, and the error does not quote it in full.
        let error = serde_json::from_str::<Nik>("3327015505700001")
            .unwrap_err()
            .to_string();
        assert!(error.contains("3327********0001"), "{error}");
        let error = serde_json::from_str::<Nik>("\"3327015505700000\"").unwrap_err();
        assert!(error.to_string().contains("nik serial must not be 0000"));
        for bad in [
            "-3327015505700001",
            "3327015505700001.5",
            "3.327015505700001e15",
            "[3327015505700001]",
            "{\"nik\": 3327015505700001}",
        ] {
            let error = serde_json::from_str::<Nik>(bad).unwrap_err().to_string();
            assert!(!error.contains("01550570"), "{error}");
        }
    }

    #[test]
    fn digit_runs_are_masked() {
        assert_eq!(
            mask_digit_runs("integer `3327015505700001` at line 1 column 16"),
            "integer `3327********0001` at line 1 column 16"
        );
        assert_eq!(mask_digit_runs("123456789 x"), "123456789 x");
        assert_eq!(mask_digit_runs("é1234567890é"), "é1234**7890é");
        assert_eq!(mask_digit_runs(""), "");
    }

    #[test]
    fn ordering_follows_digits() {
        assert!(nik("3327015505700001") < nik("3327015505700002"));
        assert!(nik("1101010101000001") < nik("9601010101000001"));
    }

    fn valid_nik() -> impl Strategy<Value = String> {
        (
            proptest::sample::select(PROVINCE_CODES),
            0u32..10_000,
            1u8..=28,
            any::<bool>(),
            1u8..=12,
            0u8..100,
            1u16..=9999,
        )
            .prop_map(|(p, rd, day, female, month, yy, serial)| {
                let day = if female { day + 40 } else { day };
                format!("{p:02}{rd:04}{day:02}{month:02}{yy:02}{serial:04}")
            })
    }

    proptest! {
        #[test]
        fn parse_never_panics(text in any::<String>()) {
            let _ = Nik::parse(&text);
        }

        #[test]
        fn parse_never_panics_on_nik_like_text(text in "[0-9 .\\-'eE+]{0,24}") {
            let _ = Nik::parse(&text);
        }

        #[test]
        fn mask_never_panics(text in any::<String>()) {
            let masked = mask(&text);
            prop_assert_eq!(masked.chars().count(), text.chars().count());
        }

        #[test]
        fn parsed_niks_round_trip(text in "(33|35|[0-9]{2})[0-9]{4}[0-7][0-9][01][0-9][0-9]{6}") {
            prop_assert_eq!(text.len(), 16);
            let parsed = Nik::parse(&text);
            if let Err(error) = parsed {
                let message = error.to_string();
                prop_assert!(!message.contains(&text[4..12]));
            }
            if let Ok(n) = parsed {
                prop_assert_eq!(n.masked().len(), 16);
                prop_assert_eq!(n.as_str(), text.as_str());
                prop_assert_eq!(Nik::parse(n.as_str()), Ok(n));
                let middle = &n.as_str()[4..12];
                let (debug, display) = (format!("{n:?}"), format!("{n}"));
                prop_assert!(!debug.contains(middle));
                prop_assert!(!display.contains(middle));
            }
        }

        /// The 16-digit shortcut gives exactly the general parse's answer, and the key
        /// is the digits' number.
        #[test]
        fn the_shortcut_parses_like_parse(text in "(33|35|99|[0-9]{2})[0-9]{4}[0-7][0-9][01][0-9][0-9]{2}(0000|[0-9]{4})|[0-9 .x]{14,18}") {
            let fast = Nik::parse_trimmed(text.trim());
            prop_assert_eq!(fast, Nik::parse(&text));
            if let Ok(n) = fast {
                prop_assert_eq!(n.key(), n.as_str().parse::<u64>().unwrap());
            }
        }

        #[test]
        fn generated_valid_niks(text in valid_nik()) {
            let n = Nik::parse(&text).unwrap();
            prop_assert_eq!(n.as_str(), text.as_str());
            prop_assert_eq!(n.masked().len(), 16);
            prop_assert_eq!(Nik::parse(n.as_str()), Ok(n));
            let debug = format!("{n:?}");
            prop_assert!(!debug.contains(&n.as_str()[4..12]));
            let reference = Date::new(2025, 6, 1).unwrap();
            let born = n.birth_date(reference).unwrap();
            prop_assert!(born <= reference);
            prop_assert!(n.matches_birth_date(born));
            prop_assert_eq!(n.sex() == Sex::Female, n.as_str()[6..8].parse::<u8>().unwrap() > 40);
        }
    }
}
