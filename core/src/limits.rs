//! The ranges iuran accepts, as data, and the small checks that apply them where values
//! enter the library (parsers of rosters, policies, scenarios and rate tables).
//!
//! A value outside its range is refused where it enters: a roster cell becomes that
//! row's `invalid_value` reason, a policy, scenario or rate-table field an [`Error`]
//! naming the field, a file beyond a size cap an error naming the line or cell. Nothing
//! beyond a limit reaches the arithmetic, so no amount can overflow or wrap.
//!
//! # Why these numbers
//!
//! Every amount the engine produces is a sum of per-worker, per-month, per-programme
//! amounts, each at most `basis × percent / 100 × factor` or `amount × factor`:
//!
//! | factor | limit |
//! |---|---|
//! | income basis | [`MAX_DECLARED_INCOME`] = Rp 10⁹ |
//! | percent | [`MAX_RATE_PERCENT`] = 100 |
//! | flat amount | [`MAX_RATE_AMOUNT`] = Rp 10⁹ |
//! | adjustment factor | [`MAX_FACTOR`] = 1 |
//! | programmes | 3 (JKK, JKM, JHT) |
//! | months | [`MAX_MONTHS`] = 60 |
//! | rows | [`MAX_ROWS`] = 10⁸ |
//!
//! so one worker-month costs at most 3 × 10⁹ and one worker 1.8 × 10¹¹ rupiah, fifty
//! million times below `i64::MAX` (≈ 9.22 × 10¹⁸), the integer path of a row's amounts;
//! a whole roster, 1.8 × 10¹⁹ rupiah, is summed in `i128` and `Decimal` (≈ 7.9 × 10²⁸),
//! nine orders of magnitude below either's limit. Budgets
//! ([`MAX_BUDGET`] = Rp 10¹⁵, a quarter of Indonesia's whole national budget) and the
//! workers a plan prices ([`MAX_PLAN_WORKERS`] = 10⁹) keep planning figures
//! (≤ 1.8 × 10²⁰) inside `Decimal` with eight orders of magnitude to spare.
//!
//! The real figures are far inside: the BPU rates are 1% and 2% of a declared income of
//! a few million rupiah, JKM is Rp 6,800, a programme lasts at most a few years, and the
//! largest regency has a few million workers.
//!
//! The reader caps ([`MAX_COLUMNS`], [`MAX_CELL_CHARS`], [`MAX_LINE_BYTES`],
//! [`MAX_SHEET_ROWS`], [`MAX_SHEET_COLUMNS`]) bound the memory a roster file can make
//! the library allocate, whatever the file declares. `docs/limits.md` has the same
//! table for users.

use rust_decimal::Decimal;

use crate::Error;

/// The highest declared monthly income: Rp 1,000,000,000 (about 200 times the highest
/// BPU income bracket). Beyond it a roster cell is an `invalid_value`.
pub const MAX_DECLARED_INCOME: i64 = 1_000_000_000;
/// The highest percentage a rate row may give (`"100"` = the whole income basis).
pub const MAX_RATE_PERCENT: i64 = 100;
/// The highest flat monthly amount a rate row may give: Rp 1,000,000,000.
pub const MAX_RATE_AMOUNT: i64 = 1_000_000_000;
/// The highest adjustment factor: 1 (an adjustment is a discount, `"0.5"` halves).
pub const MAX_FACTOR: i64 = 1;
/// The highest budget of a funding source or a planning call: Rp 10¹⁵.
pub const MAX_BUDGET: i64 = 1_000_000_000_000_000;
/// The most months of coverage a policy may buy.
pub const MAX_MONTHS: u32 = 60;
/// The most data rows a roster may have: more than every informal worker in Indonesia
/// (about 85 million), so a national roster fits.
pub const MAX_ROWS: u64 = 100_000_000;
/// The most workers a planning call (`requirement`) may price.
pub const MAX_PLAN_WORKERS: u64 = 1_000_000_000;
/// The most columns a roster may have.
pub const MAX_COLUMNS: usize = 1_000;
/// The longest cell, in bytes of UTF-8 (a name or an address is far shorter).
pub const MAX_CELL_CHARS: usize = 4_096;
/// The longest line of a CSV roster, in bytes.
pub const MAX_LINE_BYTES: usize = 1 << 20;
/// The most rows a worksheet may declare or hold (header included): Excel's own limit,
/// 1,048,576.
pub const MAX_SHEET_ROWS: u32 = 1_048_576;
/// The most columns a worksheet may declare or hold (Excel allows 16,384; a roster has
/// a few dozen).
pub const MAX_SHEET_COLUMNS: u32 = MAX_COLUMNS as u32;
/// The most bytes a workbook's worksheet may inflate to (a full 1,048,576-row roster
/// of 30 columns is about 1.2 GB of XML).
pub const MAX_XLSX_SHEET_BYTES: u64 = 2 << 30;
/// The most bytes any other part of a workbook the reader uses (shared strings,
/// styles, workbook) may inflate to.
pub const MAX_XLSX_PART_BYTES: u64 = 512 << 20;
/// The longest run of a workbook's XML between two tags: one cell's text
/// ([`MAX_CELL_CHARS`] bytes, XML-escaped) or one tag fits many times over.
pub const MAX_XML_RUN_BYTES: usize = 64 << 10;
/// The longest echo of an input value in a message, in characters (then `…`).
pub const ECHO_CHARS: usize = 80;

/// Whether a declared monthly income is in range: a whole, non-negative number of
/// rupiah no higher than [`MAX_DECLARED_INCOME`].
///
/// ```
/// use iuran::limits::declared_income_ok;
/// use rust_decimal::Decimal;
/// assert!(declared_income_ok(Decimal::from(2_500_000)));
/// assert!(!declared_income_ok(Decimal::from(1_000_000_001)));
/// assert!(!declared_income_ok(Decimal::MAX));
/// ```
pub fn declared_income_ok(income: Decimal) -> bool {
    income >= Decimal::ZERO
        && income.fract().is_zero()
        && income <= Decimal::from(MAX_DECLARED_INCOME)
}

/// [`declared_income_ok`] for an integer column (Arrow `int64`).
pub fn declared_income_i64_ok(income: i64) -> bool {
    (0..=MAX_DECLARED_INCOME).contains(&income)
}

/// Check a decimal field against `0 ..= max`: an error message when outside.
pub(crate) fn check_range(value: Decimal, max: i64, unit: &str) -> Result<(), String> {
    if value < Decimal::ZERO {
        Err(String::from("must not be negative"))
    } else if value > Decimal::from(max) {
        Err(format!("must be at most {} {unit}", group(max)))
    } else {
        Ok(())
    }
}

/// A budget in range: whole, non-negative rupiah up to [`MAX_BUDGET`]; the message
/// otherwise.
pub(crate) fn check_budget(budget: Decimal) -> Result<(), String> {
    if budget < Decimal::ZERO || !budget.fract().is_zero() {
        return Err(String::from(
            "must be a whole, non-negative number of rupiah",
        ));
    }
    check_range(budget, MAX_BUDGET, "rupiah")
}

/// A source's most workers: from 1 to [`MAX_PLAN_WORKERS`]; the message otherwise.
pub(crate) fn check_max_workers(workers: u64) -> Result<(), String> {
    if workers == 0 {
        Err(String::from(
            "must be at least 1 (leave the source out to pay for no one)",
        ))
    } else if workers > MAX_PLAN_WORKERS {
        Err(format!(
            "must be at most {}",
            group(MAX_PLAN_WORKERS as i64)
        ))
    } else {
        Ok(())
    }
}

/// A count of workers for planning, up to [`MAX_PLAN_WORKERS`].
pub(crate) fn check_plan_workers(workers: u64) -> Result<(), Error> {
    if workers > MAX_PLAN_WORKERS {
        return Err(Error::Argument {
            name: "workers",
            message: format!("must be at most {}", group(MAX_PLAN_WORKERS as i64)),
        });
    }
    Ok(())
}

/// `1000000000` as `1,000,000,000`.
pub(crate) fn group(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_amounts_fit_their_integers() {
        let per_worker_month =
            3 * MAX_DECLARED_INCOME.max(MAX_RATE_AMOUNT) * MAX_RATE_PERCENT / 100 * MAX_FACTOR;
        let per_worker = i128::from(per_worker_month) * i128::from(MAX_MONTHS);
        assert!(per_worker * 10_000_000 <= i128::from(i64::MAX));
        let total = per_worker * i128::from(MAX_ROWS);
        assert_eq!(total, 18_000_000_000_000_000_000);
        assert!(total * 1_000_000_000 < Decimal::MAX.mantissa());
        let plan =
            i128::from(per_worker_month) * i128::from(MAX_MONTHS) * i128::from(MAX_PLAN_WORKERS);
        assert!(plan * 100_000_000 < Decimal::MAX.mantissa());
    }

    #[test]
    fn checks() {
        assert!(declared_income_ok(Decimal::ZERO));
        assert!(!declared_income_ok(Decimal::new(15, 1)));
        assert!(!declared_income_ok(Decimal::NEGATIVE_ONE));
        assert!(declared_income_i64_ok(MAX_DECLARED_INCOME));
        assert!(!declared_income_i64_ok(-1));
        assert_eq!(group(1_000_000_000), "1,000,000,000");
        assert_eq!(group(-1_234), "-1,234");
        assert_eq!(
            check_budget(Decimal::from(MAX_BUDGET) + Decimal::ONE).unwrap_err(),
            "must be at most 1,000,000,000,000,000 rupiah"
        );
        assert!(check_budget(Decimal::new(5, 1)).is_err());
        assert!(check_plan_workers(MAX_PLAN_WORKERS + 1).is_err());
    }
}
