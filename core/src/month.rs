//! Contribution months.
//!
//! BPJS Ketenagakerjaan bills BPU contributions by calendar month, and every dated rule
//! (rates, discounts, coverage blocks) starts and ends on a month. [`YearMonth`] is that
//! month: ordered, displayed and serialised as `YYYY-MM`.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar month such as `2025-09`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    year: i16,
    month: i8,
}

impl YearMonth {
    /// The month `year-month`, or `None` when `month` is not 1–12 or the year is not
    /// between 1900 and 2200.
    pub fn new(year: i32, month: u32) -> Option<Self> {
        ((1900..=2200).contains(&year) && (1..=12).contains(&month)).then_some(YearMonth {
            year: year as i16,
            month: month as i8,
        })
    }

    /// The year.
    pub fn year(self) -> i32 {
        i32::from(self.year)
    }

    /// The month, 1–12.
    pub fn month(self) -> u32 {
        self.month as u32
    }

    /// The month `n` months later (`n` may be negative).
    #[must_use]
    pub fn plus(self, n: i32) -> Self {
        let index = self.index() + n;
        YearMonth {
            year: index.div_euclid(12) as i16,
            month: (index.rem_euclid(12) + 1) as i8,
        }
    }

    /// Months since year 0, a dense index for month arithmetic.
    pub fn index(self) -> i32 {
        self.year() * 12 + self.month as i32 - 1
    }

    /// Number of months from `self` to `other`, counting both ends (`0` if `other` is
    /// earlier).
    pub fn months_through(self, other: YearMonth) -> u32 {
        (other.index() - self.index() + 1).max(0) as u32
    }

    /// The first day of the month.
    pub fn first_day(self) -> Date {
        Date::new(self.year, self.month, 1).expect("a YearMonth is always a valid month")
    }

    /// The last day of the month.
    pub fn last_day(self) -> Date {
        self.first_day().last_of_month()
    }

    /// The month a date falls in.
    pub fn of(date: Date) -> Self {
        YearMonth {
            year: date.year(),
            month: date.month(),
        }
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl fmt::Debug for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// The text is not a month written `YYYY-MM`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected a month written `YYYY-MM`, found `{0}`")]
pub struct ParseMonthError(String);

impl FromStr for YearMonth {
    type Err = ParseMonthError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || ParseMonthError(s.to_owned());
        let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        YearMonth::new(year, month).ok_or_else(bad)
    }
}

impl Serialize for YearMonth {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(s: &str) -> YearMonth {
        s.parse().unwrap()
    }

    #[test]
    fn parses_and_displays() {
        assert_eq!(ym("2025-09").to_string(), "2025-09");
        assert_eq!(ym(" 2026-12 ").month(), 12);
        for bad in [
            "2025-13", "2025-00", "2025-9", "25-09", "2025/09", "", "abcd-ef",
        ] {
            assert!(bad.parse::<YearMonth>().is_err(), "{bad}");
        }
    }

    #[test]
    fn arithmetic_crosses_years() {
        assert_eq!(ym("2025-09").plus(3), ym("2025-12"));
        assert_eq!(ym("2025-09").plus(4), ym("2026-01"));
        assert_eq!(ym("2026-01").plus(-1), ym("2025-12"));
        assert_eq!(ym("2026-01").months_through(ym("2027-03")), 15);
        assert_eq!(ym("2026-04").months_through(ym("2026-12")), 9);
        assert_eq!(ym("2026-04").months_through(ym("2026-03")), 0);
    }

    #[test]
    fn days() {
        assert_eq!(ym("2024-02").last_day().to_string(), "2024-02-29");
        assert_eq!(ym("2025-02").last_day().to_string(), "2025-02-28");
        assert_eq!(ym("2025-11").first_day().to_string(), "2025-11-01");
    }
}
