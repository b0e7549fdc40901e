//! Days since 1970-01-01 and civil dates, without a time-zone database: how the
//! kernel holds birth dates (Arrow `date32` is the same count).

use jiff::civil::Date;

/// 1850-01-01 and 2200-12-31 as days since 1970-01-01: the birth dates read.
pub(crate) const FIRST_DAY: i32 = -43_829;
pub(crate) const LAST_DAY: i32 = 84_370;

/// Days since 1970-01-01 to a civil date (H. Hinnant's `civil_from_days`).
pub(crate) fn date_from_days(days: i32) -> Option<Date> {
    let (year, month, day) = civil_from_days(days);
    Date::new(i16::try_from(year).ok()?, month as i8, day as i8).ok()
}

/// Days since 1970-01-01 to (year, month, day), for any `i32`.
pub(crate) fn civil_from_days(days: i32) -> (i64, i64, i64) {
    let z = i64::from(days) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// A civil date to days since 1970-01-01 (H. Hinnant's `days_from_civil`).
pub(crate) fn days_from_date(d: Date) -> i64 {
    let (m, day) = (i64::from(d.month()), i64::from(d.day()));
    let y = i64::from(d.year()) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_convert_like_jiff() {
        let epoch = Date::constant(1970, 1, 1);
        for d in [-100_000, -25_567, -1, 0, 1, 11_016, 19_000, 20_000, 50_000] {
            let want = epoch.checked_add(jiff::Span::new().days(d)).unwrap();
            assert_eq!(date_from_days(d), Some(want), "{d}");
            assert_eq!(days_from_date(want), i64::from(d));
        }
        assert_eq!(
            days_from_date(Date::constant(1850, 1, 1)),
            i64::from(FIRST_DAY)
        );
        assert_eq!(
            days_from_date(Date::constant(2200, 12, 31)),
            i64::from(LAST_DAY)
        );
        for d in [FIRST_DAY - 1, LAST_DAY + 1] {
            assert!(!(1850..=2200).contains(&date_from_days(d).unwrap().year()));
        }
    }
}
