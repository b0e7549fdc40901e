//! Regency and city names by their BPS/Kemendagri code (`3328` → "Kabupaten Tegal"),
//! so that people read a place's name where the data holds its code.
//!
//! The built-in table (`data/regions.csv`, with its source) lists the regencies and
//! cities of Java; a code it does not list is shown as the code itself, never guessed.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The built-in table as shipped: `code,name` rows after `#` comment lines.
pub(crate) const BUILTIN_CSV: &str = include_str!("../data/regions.csv");

fn table() -> &'static HashMap<&'static str, &'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        BUILTIN_CSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .skip(1) // the header
            .filter_map(|l| l.split_once(','))
            .map(|(code, name)| (code.trim(), name.trim()))
            .collect()
    })
}

/// The name of a regency or city by its four-digit code, written as in the data
/// (`3328`, `33.28`, ` 3328 `); `None` when the table does not list it.
///
/// ```
/// assert_eq!(iuran::region::name("33.28"), Some("Kabupaten Tegal"));
/// assert_eq!(iuran::region::name("3376"), Some("Kota Tegal"));
/// assert_eq!(iuran::region::name("9999"), None);
/// ```
pub fn name(code: &str) -> Option<&'static str> {
    let digits: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .collect();
    table().get(digits.as_str()).copied()
}

/// A place for a message, in Indonesian and English: its name with the code
/// (`Kabupaten Tegal (3328)`), or the code alone, said to be one, when the table does
/// not list it.
pub fn describe(code: &str) -> (String, String) {
    match name(code) {
        Some(n) => (format!("{n} ({code})"), format!("{n} ({code})")),
        None => (
            format!("kabupaten/kota berkode {code}"),
            format!("the regency with code {code}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_programmes_regencies_have_names() {
        for (code, want) in [
            ("3323", "Kabupaten Temanggung"),
            ("3327", "Kabupaten Pemalang"),
            ("3328", "Kabupaten Tegal"),
            ("3503", "Kabupaten Trenggalek"),
            ("3509", "Kabupaten Jember"),
            ("3578", "Kota Surabaya"),
            ("3374", "Kota Semarang"),
        ] {
            assert_eq!(name(code), Some(want), "{code}");
        }
    }

    #[test]
    fn every_row_is_a_four_digit_code_of_java_with_a_kabupaten_or_kota_name() {
        let t = table();
        // 6 + 27 + 35 + 5 + 38 + 8 regencies and cities.
        assert_eq!(t.len(), 119);
        for (code, name) in t {
            assert_eq!(code.len(), 4, "{code}");
            assert!(code.chars().all(|c| c.is_ascii_digit()), "{code}");
            assert!(("31".."37").contains(&&code[..2]), "{code}");
            let city = code[2..] >= *"71";
            let prefix = if city { "Kota " } else { "Kabupaten " };
            assert!(name.starts_with(prefix), "{code} {name}");
        }
        // Each province's count, as Kemendagri lists them.
        let count = |p: &str| t.keys().filter(|c| c.starts_with(p)).count();
        assert_eq!(
            [
                count("31"),
                count("32"),
                count("33"),
                count("34"),
                count("35"),
                count("36")
            ],
            [6, 27, 35, 5, 38, 8]
        );
    }

    #[test]
    fn unknown_codes_stay_codes() {
        assert_eq!(name("1234"), None);
        assert_eq!(
            describe("1234"),
            (
                "kabupaten/kota berkode 1234".to_owned(),
                "the regency with code 1234".to_owned()
            )
        );
        assert_eq!(describe("3329").1, "Kabupaten Brebes (3329)");
    }
}
