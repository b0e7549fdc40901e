//! Money: exact decimals, whole rupiah, one rounding rule.
//!
//! Every amount is a [`rust_decimal::Decimal`]. Contributions are computed exactly
//! (basis × percentage, × discount factor) and then rounded **once**, by
//! [`round_rupiah`], for each programme and each month: down to the whole rupiah.
//! No published BPU amount needs rounding (Rp 10,000, Rp 6,800, Rp 8,400), so the rule
//! only matters for declared incomes or hypothetical rates that give fractions; rounding
//! down never bills more than the regulation's exact figure. Totals are sums of rounded
//! parts, so a total always equals the sum of its rows.
//!
//! On the wire an amount is a decimal string (`"16800"`), never a float.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};

/// Round an exact amount to whole rupiah, down (towards negative infinity).
///
/// ```
/// use iuran::money::round_rupiah;
/// use rust_decimal::Decimal;
/// assert_eq!(round_rupiah(Decimal::new(1_234_567, 2)), Decimal::from(12_345));
/// assert_eq!(round_rupiah(Decimal::from(8_400)), Decimal::from(8_400));
/// ```
pub fn round_rupiah(amount: Decimal) -> Decimal {
    amount.floor().normalize()
}

/// Whether an amount is a whole number of rupiah.
pub fn is_whole(amount: Decimal) -> bool {
    amount.fract().is_zero()
}

/// Parse a rupiah amount as people write it: `1500000`, `1.500.000`, `1,500,000`,
/// `Rp 1.500.000`, `Rp1.500.000,00`. Thousands separators must group by three; a
/// decimal part must be zeros (whole rupiah). Returns `None` for anything else.
///
/// ```
/// use iuran::money::parse_rupiah;
/// use rust_decimal::Decimal;
/// assert_eq!(parse_rupiah("Rp 1.500.000"), Some(Decimal::from(1_500_000)));
/// assert_eq!(parse_rupiah("1,500,000"), Some(Decimal::from(1_500_000)));
/// assert_eq!(parse_rupiah("1.5"), None);
/// ```
pub fn parse_rupiah(text: &str) -> Option<Decimal> {
    let mut t = text.trim();
    for prefix in ["Rp.", "Rp", "rp.", "rp", "IDR"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            t = rest.trim_start();
            break;
        }
    }
    // A trailing decimal part of zeros (",00" or ".00" or ".0" from a float cell).
    let t = strip_zero_fraction(t);
    if t.is_empty() || t.len() > 40 {
        return None;
    }
    let digits: String = if t.bytes().all(|b| b.is_ascii_digit()) {
        t.to_owned()
    } else {
        let sep = if t.contains('.') { '.' } else { ',' };
        if t.contains('.') && t.contains(',') {
            return None;
        }
        let groups: Vec<&str> = t.split(sep).collect();
        let first_ok = !groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[0].bytes().all(|b| b.is_ascii_digit());
        let rest_ok = groups[1..]
            .iter()
            .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
        if !(first_ok && rest_ok) {
            return None;
        }
        groups.concat()
    };
    digits.parse::<Decimal>().ok()
}

/// [`parse_rupiah`] for a declared monthly income: also `None` above
/// [`MAX_DECLARED_INCOME`](crate::limits::MAX_DECLARED_INCOME), so that an income no
/// contribution could be computed from is that row's `invalid_value`, never an overflow.
///
/// ```
/// use iuran::money::parse_income;
/// use rust_decimal::Decimal;
/// assert_eq!(parse_income("Rp 2.500.000"), Some(Decimal::from(2_500_000)));
/// assert_eq!(parse_income("79228162514264337593543950335"), None);
/// ```
pub fn parse_income(text: &str) -> Option<Decimal> {
    parse_rupiah(text).filter(|d| crate::limits::declared_income_ok(*d))
}

/// A budget as people write it (anything [`parse_rupiah`] reads), within
/// [`MAX_BUDGET`](crate::limits::MAX_BUDGET): what every surface — the command line,
/// Python and JavaScript — accepts as budget text, with the same message when it is
/// not one.
///
/// ```
/// use iuran::money::parse_budget;
/// use rust_decimal::Decimal;
/// assert_eq!(parse_budget("Rp 2.090.000.000").unwrap(), Decimal::from(2_090_000_000_i64));
/// assert_eq!(parse_budget("2,09 M").unwrap_err().field(), Some("budget"));
/// ```
pub fn parse_budget(text: &str) -> Result<Decimal, crate::Error> {
    let amount = parse_rupiah(text).ok_or_else(|| crate::Error::Argument {
        name: "budget",
        message: format!(
            "`{}` is not an amount of rupiah (write it as 2090000000 or 2.090.000.000)",
            crate::nik::echo(text.trim())
        ),
    })?;
    crate::limits::check_budget(amount).map_err(|message| crate::Error::Argument {
        name: "budget",
        message,
    })?;
    Ok(amount)
}

/// A decimal as written in a policy, scenario or rate file: an optional sign, digits,
/// and an optional fraction. No exponent (`1e9`), no `inf` or `nan`, no grouping.
pub(crate) fn parse_plain_decimal(text: &str) -> Option<Decimal> {
    let t = text.trim();
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits(int) || !digits(frac) || (body.contains('.') && frac.is_empty()) {
        return None;
    }
    t.parse::<Decimal>().ok()
}

fn strip_zero_fraction(t: &str) -> &str {
    for sep in [',', '.'] {
        if let Some((head, tail)) = t.rsplit_once(sep)
            && (1..=2).contains(&tail.len())
            && tail.bytes().all(|b| b == b'0')
            && !head.is_empty()
            && (tail.len() != 3)
        {
            // `1.000` is a thousands group, `1.00`/`1,0` is a zero fraction.
            return head;
        }
    }
    t
}

/// Serde helpers for decimals in policy and rate files: a string (`"0.5"`, `"16800"`)
/// or an integer (`16800`), never a float, because a float has already lost exactness
/// by the time it reaches us.
pub mod exact {
    use super::{Decimal, Deserialize, Deserializer};
    use std::fmt;

    struct Visitor;

    impl serde::de::Visitor<'_> for Visitor {
        type Value = Decimal;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a decimal written as a string (\"0.5\") or a whole number")
        }

        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Decimal, E> {
            super::parse_plain_decimal(v).ok_or_else(|| {
                E::custom(format!(
                    "`{}` is not a decimal number (digits with an optional fraction, no exponent)",
                    crate::nik::echo(v)
                ))
            })
        }

        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Decimal, E> {
            Ok(Decimal::from(v))
        }

        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Decimal, E> {
            Ok(Decimal::from(v))
        }

        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Decimal, E> {
            Err(E::custom(format!(
                "floating-point number {v} is not exact: write it as a string, e.g. \"{v}\""
            )))
        }
    }

    /// Deserialize one decimal.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        d.deserialize_any(Visitor)
    }

    /// Serialize one decimal as a string.
    pub fn serialize<S: serde::Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(v)
    }

    /// The same for `Option<Decimal>`.
    pub mod option {
        use super::{Decimal, Deserialize, Deserializer};

        #[derive(Deserialize)]
        struct Wrap(#[serde(deserialize_with = "super::deserialize")] Decimal);

        /// Deserialize an optional decimal.
        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
            Ok(Option::<Wrap>::deserialize(d)?.map(|w| w.0))
        }

        /// Serialize an optional decimal as a string or null.
        pub fn serialize<S: serde::Serializer>(
            v: &Option<Decimal>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            match v {
                Some(v) => s.collect_str(v),
                None => s.serialize_none(),
            }
        }
    }

    /// The same for the values of a map (`by_month`, `by_source`): each a string.
    pub mod map {
        use std::collections::BTreeMap;

        use super::{Decimal, Deserialize, Deserializer};

        #[derive(Deserialize)]
        struct Wrap(#[serde(deserialize_with = "super::deserialize")] Decimal);

        /// Deserialize a map of decimals.
        pub fn deserialize<'de, K, D>(d: D) -> Result<BTreeMap<K, Decimal>, D::Error>
        where
            K: Deserialize<'de> + Ord,
            D: Deserializer<'de>,
        {
            let m = BTreeMap::<K, Wrap>::deserialize(d)?;
            Ok(m.into_iter().map(|(k, w)| (k, w.0)).collect())
        }

        /// Serialize a map of decimals, each as a string.
        pub fn serialize<K: serde::Serialize, S: serde::Serializer>(
            m: &BTreeMap<K, Decimal>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            struct Text<'a>(&'a Decimal);
            impl serde::Serialize for Text<'_> {
                fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    s.collect_str(self.0)
                }
            }
            s.collect_map(m.iter().map(|(k, v)| (k, Text(v))))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn rounds_down_to_whole_rupiah() {
        assert_eq!(round_rupiah(d("10000.999")), d("10000"));
        assert_eq!(round_rupiah(d("8400")), d("8400"));
        assert_eq!(round_rupiah(d("3400.5")), d("3400"));
        assert_eq!(round_rupiah(d("0.4")), d("0"));
    }

    #[test]
    fn exact_percentages_give_the_right_rupiah_where_floats_do_not() {
        // RULES.md §2: floor(income × 0.0024) in binary floating point is wrong for
        // 2,040 incomes between Rp 1,000,000 and Rp 5,000,000. 1,250,000 × 0.24% is
        // exactly 3,000.
        let rate = d("0.0024");
        assert_eq!(round_rupiah(d("1250000") * rate), d("3000"));
        let wrong = (1_250_000.0_f64 * 0.0024).floor();
        assert!(
            (wrong - 2999.0).abs() < 0.5,
            "the float path would bill 2,999"
        );
    }

    #[test]
    fn parses_rupiah_as_written() {
        assert_eq!(parse_rupiah("16800"), Some(d("16800")));
        assert_eq!(parse_rupiah("16.800"), Some(d("16800")));
        assert_eq!(parse_rupiah("Rp16.800,00"), Some(d("16800")));
        assert_eq!(parse_rupiah("1000000.0"), Some(d("1000000")));
        assert_eq!(parse_rupiah(" Rp. 2.090.000.000 "), Some(d("2090000000")));
        for bad in [
            "",
            "Rp",
            "1.50",
            "12,34,567",
            "1.500,5",
            "abc",
            "-5",
            "1e6",
            "1.000,000",
        ] {
            assert_eq!(parse_rupiah(bad), None, "{bad}");
        }
    }

    proptest! {
        #[test]
        fn rounding_is_idempotent_and_never_rounds_up(cents in 0i64..10_000_000_000) {
            let x = Decimal::new(cents, 2);
            let r = round_rupiah(x);
            prop_assert_eq!(round_rupiah(r), r);
            prop_assert!(r <= x && x - r < Decimal::ONE);
            prop_assert!(is_whole(r));
        }

        #[test]
        fn formatted_amounts_parse_back(n in 0u64..1_000_000_000_000) {
            let plain = n.to_string();
            let mut grouped = String::new();
            for (i, c) in plain.chars().enumerate() {
                if i > 0 && (plain.len() - i) % 3 == 0 { grouped.push('.'); }
                grouped.push(c);
            }
            prop_assert_eq!(parse_rupiah(&plain), Some(Decimal::from(n)));
            prop_assert_eq!(parse_rupiah(&format!("Rp {grouped}")), Some(Decimal::from(n)));
        }

        #[test]
        fn parse_never_panics(s in ".*") {
            let _ = parse_rupiah(&s);
        }
    }
}
