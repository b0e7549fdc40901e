//! Bulk evaluation over columns: a roster of millions of rows, evaluated in one pass
//! with no allocation per row.
//!
//! The bindings hand over whole columns (Arrow layouts: offsets and bytes, dictionaries,
//! validity bitmaps, date32 days) as [`Columns`]; [`Policy::evaluate_columns`] returns
//! an [`Outcome`] of plain vectors: eligible, the set of reason codes, the mapped
//! sector, the funding source, and money in whole rupiah. The answers are the explained
//! path's answers — the same parsing functions, the same rules, the same cost plan —
//! which the golden cases and a property test check row by row. What this path does
//! not build is the text: messages, contexts and per-month charges. For those, evaluate
//! a row with [`Policy::evaluate_record`] (see [`Columns::record`]).
//!
//! ```
//! use iuran::batch::{Columns, Strings};
//! use iuran::Policy;
//!
//! let policy = Policy::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/policies/tegal-2025.toml"))?;
//! let nik = [Some("3328011203700001"), Some("3328015003800002"), None];
//! let birth = [Some("1970-03-12"), Some("1980-03-10"), Some("1990-01-01")];
//! let regency = [Some("3328"), Some("3328"), Some("3328")];
//! let sector = [Some("Petani Tembakau"), Some("nelayan"), Some("nelayan")];
//! let columns = Columns {
//!     len: 3,
//!     nik: Some(Strings::Slice(&nik)),
//!     birth_date: Some(iuran::batch::Dates::Text(Strings::Slice(&birth))),
//!     regency: Some(Strings::Slice(&regency)),
//!     sector: Some(Strings::Slice(&sector)),
//!     ..Columns::default()
//! };
//! let out = policy.evaluate_columns(&columns)?;
//! assert_eq!(out.eligible, [true, true, false]);
//! assert_eq!(out.reasons[2].to_string(), "missing_field");
//! assert_eq!(out.total_cost, [67_200, 67_200, 0]);
//! assert_eq!(out.funding_source, [Some(0), Some(1), None]);
//! # Ok::<(), iuran::Error>(())
//! ```

use jiff::civil::Date;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::Error;
use crate::allocation::{Candidate, Placement};
use crate::money::parse_rupiah;
use crate::policy::{AgeRule, IncomeBasis, Policy};
use crate::reason::{ReasonCode, ReasonSet};
use crate::sector::SectorId;
use crate::summary::{MoneyString, SourceTotal, Summary};
use crate::worker::{Record, age_on, parse_bool, parse_date, parse_decile};

mod plan;

/// An Arrow validity bitmap: bit `offset + i` set means row `i` is present.
#[derive(Debug, Clone, Copy)]
pub struct Bitmap<'a> {
    /// The bytes, least significant bit first.
    pub bits: &'a [u8],
    /// Bit offset of row 0.
    pub offset: usize,
}

impl Bitmap<'_> {
    /// Whether bit `i` is set (out of range: not set).
    #[inline]
    pub fn get(&self, i: usize) -> bool {
        let b = self.offset + i;
        self.bits
            .get(b / 8)
            .is_some_and(|byte| byte & (1 << (b % 8)) != 0)
    }
}

#[inline]
fn valid(v: Option<&Bitmap<'_>>, i: usize) -> bool {
    v.is_none_or(|v| v.get(i))
}

/// A column of text.
#[derive(Debug, Clone)]
pub enum Strings<'a> {
    /// Arrow `Utf8`: value `i` is `data[offsets[i]..offsets[i + 1]]`.
    Utf8 {
        /// `len + 1` offsets.
        offsets: &'a [i32],
        /// The bytes.
        data: &'a [u8],
        /// Nulls.
        validity: Option<Bitmap<'a>>,
    },
    /// Arrow `LargeUtf8`.
    LargeUtf8 {
        /// `len + 1` offsets.
        offsets: &'a [i64],
        /// The bytes.
        data: &'a [u8],
        /// Nulls.
        validity: Option<Bitmap<'a>>,
    },
    /// Arrow dictionary: value `i` is `values[keys[i]]`. Sectors, regencies and
    /// districts are resolved once per dictionary value.
    Dictionary {
        /// One key per row.
        keys: &'a [i32],
        /// The distinct values.
        values: Box<Strings<'a>>,
        /// Nulls (of the keys).
        validity: Option<Bitmap<'a>>,
    },
    /// Borrowed Rust strings.
    Slice(&'a [Option<&'a str>]),
}

/// Text that is not UTF-8 reads as this, so it fails every rule visibly.
const NOT_UTF8: &str = "\u{fffd}";

/// The stored bytes of value `i` of an offsets layout, `None` when null; a span outside
/// the data reads as [`NOT_UTF8`].
fn stored<'a, O: Copy + TryInto<usize>>(
    offsets: &[O],
    data: &'a [u8],
    validity: Option<&Bitmap<'_>>,
    i: usize,
) -> Option<&'a [u8]> {
    if !valid(validity, i) || i + 1 >= offsets.len() {
        return None;
    }
    let span = offsets[i]
        .try_into()
        .ok()
        .zip(offsets[i + 1].try_into().ok());
    Some(
        span.and_then(|(start, end)| data.get(start..end))
            .unwrap_or(NOT_UTF8.as_bytes()),
    )
}

/// Stored bytes as text; bytes that are not UTF-8 read as [`NOT_UTF8`].
fn utf8(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or(NOT_UTF8)
}

impl<'a> Strings<'a> {
    /// Value `i`, or `None` when null. Blank text is returned as is.
    pub fn get(&self, i: usize) -> Option<&'a str> {
        match self {
            Strings::Utf8 {
                offsets,
                data,
                validity,
            } => stored(offsets, data, validity.as_ref(), i).map(utf8),
            Strings::LargeUtf8 {
                offsets,
                data,
                validity,
            } => stored(offsets, data, validity.as_ref(), i).map(utf8),
            Strings::Dictionary {
                keys,
                values,
                validity,
            } => {
                if !valid(validity.as_ref(), i) {
                    return None;
                }
                let k = usize::try_from(*keys.get(i)?).ok()?;
                values.get(k)
            }
            Strings::Slice(s) => s.get(i).copied().flatten(),
        }
    }

    /// Value `i` as the bytes it is stored as (not checked to be UTF-8), or `None`
    /// when null: a key for memos, read without validating every row's text.
    fn raw(&self, i: usize) -> Option<&'a [u8]> {
        match self {
            Strings::Utf8 {
                offsets,
                data,
                validity,
            } => stored(offsets, data, validity.as_ref(), i),
            Strings::LargeUtf8 {
                offsets,
                data,
                validity,
            } => stored(offsets, data, validity.as_ref(), i),
            _ => self.get(i).map(str::as_bytes),
        }
    }

    pub(crate) fn len(&self) -> usize {
        match self {
            Strings::Utf8 { offsets, .. } => offsets.len().saturating_sub(1),
            Strings::LargeUtf8 { offsets, .. } => offsets.len().saturating_sub(1),
            Strings::Dictionary { keys, .. } => keys.len(),
            Strings::Slice(s) => s.len(),
        }
    }
}

/// A column of dates.
#[derive(Debug, Clone)]
pub enum Dates<'a> {
    /// Arrow `Date32`: days since 1970-01-01.
    Days {
        /// One per row.
        days: &'a [i32],
        /// Nulls.
        validity: Option<Bitmap<'a>>,
    },
    /// Text as rosters write it (`YYYY-MM-DD`, `DD-MM-YYYY`, `DD/MM/YYYY`).
    Text(Strings<'a>),
}

/// A column of rupiah amounts.
#[derive(Debug, Clone)]
pub enum Amounts<'a> {
    /// Whole rupiah.
    Int64 {
        /// One per row.
        values: &'a [i64],
        /// Nulls.
        validity: Option<Bitmap<'a>>,
    },
    /// Arrow `Decimal128` with a scale.
    Decimal128 {
        /// Unscaled values.
        values: &'a [i128],
        /// Digits after the point.
        scale: u32,
        /// Nulls.
        validity: Option<Bitmap<'a>>,
    },
    /// Text (`1500000`, `1.500.000`, `Rp 1.500.000`).
    Text(Strings<'a>),
}

/// A column of yes/no flags.
#[derive(Debug, Clone)]
pub enum Flags<'a> {
    /// Arrow `Boolean`.
    Bits {
        /// The values.
        values: Bitmap<'a>,
        /// Nulls.
        validity: Option<Bitmap<'a>>,
    },
    /// Text (`true`/`false`, `ya`/`tidak`, `1`/`0`).
    Text(Strings<'a>),
}

/// A column of small integers.
#[derive(Debug, Clone)]
pub enum Ints<'a> {
    /// Any Arrow integer type, widened.
    Int64 {
        /// One per row.
        values: &'a [i64],
        /// Nulls.
        validity: Option<Bitmap<'a>>,
    },
    /// Text.
    Text(Strings<'a>),
}

/// A roster as columns. An absent column reads as all null.
#[derive(Debug, Clone, Default)]
pub struct Columns<'a> {
    /// Number of rows; every present column must have at least this many values.
    pub len: usize,
    /// NIK.
    pub nik: Option<Strings<'a>>,
    /// Birth date.
    pub birth_date: Option<Dates<'a>>,
    /// Sex (`L`/`P`).
    pub sex: Option<Strings<'a>>,
    /// Regency code.
    pub regency: Option<Strings<'a>>,
    /// District code or name.
    pub district: Option<Strings<'a>>,
    /// Occupation text.
    pub sector: Option<Strings<'a>>,
    /// Declared monthly income.
    pub declared_income: Option<Amounts<'a>>,
    /// Already an active member.
    pub active_member: Option<Flags<'a>>,
    /// DTSEN welfare decile.
    pub welfare_decile: Option<Ints<'a>>,
}

/// A cell read from a typed column: absent, unreadable, or a value.
#[derive(Clone, Copy)]
enum Cell<T> {
    Absent,
    Invalid,
    Value(T),
}

impl<T: Copy> Cell<T> {
    fn value(&self) -> Option<T> {
        if let Cell::Value(v) = self {
            Some(*v)
        } else {
            None
        }
    }
}

fn read_text<T>(text: Option<&str>, parse: impl Fn(&str) -> Option<T>) -> Cell<T> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Cell::Absent,
        Some(t) => parse(t).map_or(Cell::Invalid, Cell::Value),
    }
}

impl Dates<'_> {
    fn cell(&self, i: usize) -> Cell<Date> {
        match self {
            Dates::Days { days, validity } => {
                if !valid(validity.as_ref(), i) {
                    return Cell::Absent;
                }
                match days.get(i).and_then(|d| date_from_days(*d)) {
                    Some(date) if (1850..=2200).contains(&date.year()) => Cell::Value(date),
                    Some(_) => Cell::Invalid,
                    None => Cell::Absent,
                }
            }
            Dates::Text(s) => read_text(s.get(i), parse_date),
        }
    }

    fn len(&self) -> usize {
        match self {
            Dates::Days { days, .. } => days.len(),
            Dates::Text(s) => s.len(),
        }
    }
}

impl Amounts<'_> {
    fn cell(&self, i: usize) -> Cell<Decimal> {
        match self {
            Amounts::Int64 { values, validity } => match values.get(i) {
                Some(v) if valid(validity.as_ref(), i) => {
                    if *v >= 0 {
                        Cell::Value(Decimal::from(*v))
                    } else {
                        Cell::Invalid
                    }
                }
                _ => Cell::Absent,
            },
            Amounts::Decimal128 {
                values,
                scale,
                validity,
            } => match values.get(i) {
                Some(v) if valid(validity.as_ref(), i) => {
                    match Decimal::try_from_i128_with_scale(*v, *scale) {
                        Ok(d) if d >= Decimal::ZERO && d.fract().is_zero() => {
                            Cell::Value(d.trunc())
                        }
                        _ => Cell::Invalid,
                    }
                }
                _ => Cell::Absent,
            },
            Amounts::Text(s) => read_text(s.get(i), parse_rupiah),
        }
    }

    fn len(&self) -> usize {
        match self {
            Amounts::Int64 { values, .. } => values.len(),
            Amounts::Decimal128 { values, .. } => values.len(),
            Amounts::Text(s) => s.len(),
        }
    }
}

impl Flags<'_> {
    fn cell(&self, i: usize) -> Cell<bool> {
        match self {
            Flags::Bits { values, validity } => {
                if valid(validity.as_ref(), i) {
                    Cell::Value(values.get(i))
                } else {
                    Cell::Absent
                }
            }
            Flags::Text(s) => read_text(s.get(i), parse_bool),
        }
    }
}

impl Ints<'_> {
    fn cell(&self, i: usize) -> Cell<u8> {
        match self {
            Ints::Int64 { values, validity } => match values.get(i) {
                Some(v) if valid(validity.as_ref(), i) => u8::try_from(*v)
                    .ok()
                    .filter(|d| (1..=10).contains(d))
                    .map_or(Cell::Invalid, Cell::Value),
                _ => Cell::Absent,
            },
            Ints::Text(s) => read_text(s.get(i), parse_decile),
        }
    }

    fn len(&self) -> usize {
        match self {
            Ints::Int64 { values, .. } => values.len(),
            Ints::Text(s) => s.len(),
        }
    }
}

/// 1850-01-01 and 2200-12-31 as days since 1970-01-01: the birth dates read.
const FIRST_DAY: i32 = -43_829;
const LAST_DAY: i32 = 84_370;

/// Days since 1970-01-01 to a civil date (H. Hinnant's `civil_from_days`).
fn date_from_days(days: i32) -> Option<Date> {
    let (year, month, day) = civil_from_days(days);
    Date::new(i16::try_from(year).ok()?, month as i8, day as i8).ok()
}

/// Days since 1970-01-01 to (year, month, day), for any `i32`.
fn civil_from_days(days: i32) -> (i64, i64, i64) {
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
fn days_from_date(d: Date) -> i64 {
    let (m, day) = (i64::from(d.month()), i64::from(d.day()));
    let y = i64::from(d.year()) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The answers for every row, as columns.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outcome {
    /// Whether each row is covered.
    pub eligible: Vec<bool>,
    /// The reason codes of each row (empty when eligible).
    pub reasons: Vec<ReasonSet>,
    /// The sector each occupation mapped to.
    pub sector: Vec<Option<SectorId>>,
    /// The paying source, as an index into the policy's `funding` list.
    pub funding_source: Vec<Option<u8>>,
    /// First month's contribution, whole rupiah (0 when not covered).
    pub monthly_contribution: Vec<i64>,
    /// Covered months (0 when not covered).
    pub months: Vec<u32>,
    /// Total cost, whole rupiah (0 when not covered).
    pub total_cost: Vec<i64>,
    /// Position in the waiting list of an eligible row the budgets cannot fund
    /// (reason `budget_exhausted`).
    pub waiting_position: Vec<Option<u32>>,
}

impl Outcome {
    pub(crate) fn row(&self, i: usize) -> Row {
        Row {
            reasons: self.reasons[i],
            sector: self.sector[i],
            source: self.funding_source[i],
            total: self.total_cost[i],
            waiting: self.waiting_position[i],
        }
    }

    /// Every vector `n` long, keeping the memory it has: a vector as long stays as it
    /// is (every value is written again), one too short is extended, one without the
    /// capacity is allocated anew (zeroed pages from the system, not a copy).
    fn fit(&mut self, n: usize) {
        fn fit<T: Clone>(v: &mut Vec<T>, n: usize, fill: T) {
            if v.capacity() < n {
                *v = vec![fill; n];
            } else {
                v.truncate(n);
                v.resize(n, fill);
            }
        }
        fit(&mut self.eligible, n, false);
        fit(&mut self.reasons, n, ReasonSet::EMPTY);
        fit(&mut self.sector, n, None);
        fit(&mut self.funding_source, n, None);
        fit(&mut self.monthly_contribution, n, 0);
        fit(&mut self.months, n, 0);
        fit(&mut self.total_cost, n, 0);
        fit(&mut self.waiting_position, n, None);
    }
}

impl Columns<'_> {
    /// Row `i`'s declared income, when readable.
    pub(crate) fn income_at(&self, i: usize) -> Option<Decimal> {
        self.declared_income
            .as_ref()
            .and_then(|c| c.cell(i).value())
    }
}

/// One distinct (rate, factor) of a bill, with how often it is billed.
#[derive(Debug, Clone)]
struct Term {
    rate: usize,
    factor: Decimal,
    /// Months billed.
    count: u32,
    /// Billed in the first month.
    first: bool,
    /// The amount as integer arithmetic, when exact: a flat amount, or
    /// `floor(basis × num / den)` for a percentage.
    exact: Exact,
}

/// A term's amount without `Decimal` per row.
#[derive(Debug, Clone, Copy)]
enum Exact {
    Flat(i64),
    Ratio {
        num: i128,
        den: i128,
    },
    /// Too many digits for `i128`: use `Decimal`.
    Decimal,
}

impl Term {
    fn new(policy: &Policy, rate: usize, factor: Decimal) -> Term {
        let r = &policy.rates.rates[rate];
        let exact = match (r.percent, r.amount) {
            (None, Some(_)) => Exact::Flat(whole(crate::money::round_rupiah(
                r.exact_amount(Decimal::ZERO) * factor,
            ))),
            (Some(p), _) => {
                let scale = p.scale() + factor.scale();
                let num = p.mantissa().checked_mul(factor.mantissa());
                let den = 10i128.checked_pow(scale).and_then(|d| d.checked_mul(100));
                match (num, den) {
                    (Some(num), Some(den)) if num.abs() < 10i128.pow(20) => {
                        Exact::Ratio { num, den }
                    }
                    _ => Exact::Decimal,
                }
            }
            (None, None) => Exact::Flat(0),
        };
        Term {
            rate,
            factor,
            count: 0,
            first: false,
            exact,
        }
    }

    /// The amount for an income basis: the same value as
    /// `round_rupiah(rate.exact_amount(basis) * factor)`, in integers when exact.
    fn amount(&self, policy: &Policy, basis: Decimal, whole_basis: Option<i128>) -> i64 {
        match (self.exact, whole_basis) {
            (Exact::Flat(a), _) => a,
            (Exact::Ratio { num, den }, Some(b)) if b >= 0 => match b.checked_mul(num) {
                // `i64` division when it fits: the same quotient, without `__divti3`.
                Some(x) => match (i64::try_from(x), i64::try_from(den)) {
                    (Ok(x), Ok(d)) => x.div_euclid(d),
                    _ => x.div_euclid(den) as i64,
                },
                None => self.decimal_amount(policy, basis),
            },
            _ => self.decimal_amount(policy, basis),
        }
    }

    fn decimal_amount(&self, policy: &Policy, basis: Decimal) -> i64 {
        whole(crate::money::round_rupiah(
            policy.rates.rates[self.rate].exact_amount(basis) * self.factor,
        ))
    }
}

/// A basis as a whole number, when it is one.
fn whole_basis(basis: Decimal) -> Option<i128> {
    basis
        .fract()
        .is_zero()
        .then(|| basis.trunc().to_i128())
        .flatten()
}

/// How one covered sector is billed, worked out once per sector.
#[derive(Debug, Clone)]
pub(crate) struct SectorBill {
    source: u8,
    /// Fixed basis (minimum or fixed income): the amounts.
    monthly: i64,
    total: i64,
    pub(crate) by_month: Vec<i64>,
    /// Declared basis: (rate, factor, months billed, billed in the first month).
    terms: Vec<Term>,
    /// Per month, the terms billed (for the summary under a declared basis).
    month_terms: Vec<Vec<usize>>,
}

fn whole(d: Decimal) -> i64 {
    d.to_i64().expect("a contribution fits in i64 rupiah")
}

/// Birth-date windows equivalent to the age band: `age >= min` on the day it is
/// measured iff born on or before `latest`; `age <= max` iff born on or after
/// `earliest`. Found with [`age_on`] itself, so the windows cannot drift from it.
#[derive(Debug, Clone, Copy)]
struct AgeWindow {
    /// Days since 1970-01-01.
    latest: Option<i32>,
    /// Days since 1970-01-01.
    earliest: Option<i32>,
    /// The first day of coverage, in days: later birth dates are invalid.
    start: i32,
}

fn boundary(on: Date, pred: impl Fn(Date) -> bool) -> Date {
    // The last date d in [on - 200 years, on + 1 day] with pred(d) true, for a
    // predicate that is true then false as d grows.
    let days = |d: Date| days_from_date(d);
    let mut lo = days(on) - 200 * 366;
    let mut hi = days(on) + 1;
    let at = |n: i64| date_from_days(n as i32).expect("within range");
    while lo < hi {
        let mid = lo + (hi - lo + 1) / 2;
        if pred(at(mid)) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    at(lo)
}

impl Policy {
    fn age_window(&self) -> AgeWindow {
        let first = self.months[0].first_day();
        let start = days_from_date(first) as i32;
        let Some(band) = self.spec.eligibility.age else {
            return AgeWindow {
                latest: None,
                earliest: None,
                start,
            };
        };
        let last = self.months[self.months.len() - 1].last_day();
        let max_on = if band.rule == AgeRule::Throughout {
            last
        } else {
            first
        };
        let day = |d: Date| days_from_date(d) as i32;
        AgeWindow {
            start,
            latest: band
                .min
                .map(|min| day(boundary(first, |b| age_on(b, first) >= min as i32))),
            earliest: band
                .max
                .map(|max| day(boundary(max_on, |b| age_on(b, max_on) > max as i32)) + 1),
        }
    }

    /// For every covered sector and every source allowed to pay for it, the bill.
    pub(crate) fn sector_bills(&self) -> Vec<Vec<Option<SectorBill>>> {
        self.taxonomy
            .sectors()
            .map(|(id, _)| {
                (0..self.sources.len())
                    .map(|source| {
                        (self.covered.contains(id) && self.sources[source].sectors.contains(id))
                            .then(|| self.bill(id, source))
                    })
                    .collect()
            })
            .collect()
    }

    fn bill(&self, sector: SectorId, source: usize) -> SectorBill {
        let fixed = self.spec.coverage.income != IncomeBasis::Declared;
        let basis = self.income_basis(None);
        let plan = self.cost_plan(sector, source);
        let mut bill = SectorBill {
            source: source as u8,
            monthly: 0,
            total: 0,
            by_month: vec![0; self.months.len()],
            terms: Vec::new(),
            month_terms: vec![Vec::new(); self.months.len()],
        };
        for item in &plan.items {
            if fixed {
                let a = whole(item.amount(&self.rates, basis));
                bill.total += a;
                bill.by_month[item.month_index] += a;
                if item.month_index == 0 {
                    bill.monthly += a;
                }
            }
            let t = bill
                .terms
                .iter()
                .position(|t| t.rate == item.rate && t.factor == item.factor)
                .unwrap_or_else(|| {
                    bill.terms.push(Term::new(self, item.rate, item.factor));
                    bill.terms.len() - 1
                });
            bill.terms[t].count += 1;
            bill.terms[t].first |= item.month_index == 0;
            bill.month_terms[item.month_index].push(t);
        }
        bill
    }

    /// A covered row's money from a bill: (first month, total).
    pub(crate) fn row_cost(&self, bill: &SectorBill, income: Option<Decimal>) -> (i64, i64) {
        if self.spec.coverage.income == IncomeBasis::Declared {
            self.declared_cost(bill, self.income_basis(income))
        } else {
            (bill.monthly, bill.total)
        }
    }

    /// Evaluate every row of a roster given as columns.
    ///
    /// The same answers as [`Policy::evaluate_roster`] row by row (reasons as sets of
    /// codes, money as whole rupiah); duplicate NIKs are flagged on their second and
    /// later rows. Errors only when a column is shorter than `len`.
    pub fn evaluate_columns(&self, columns: &Columns<'_>) -> Result<Outcome, Error> {
        let mut out = Outcome::default();
        self.evaluate_columns_into(columns, &mut out)?;
        Ok(out)
    }

    /// [`Policy::evaluate_columns`] into an outcome the caller keeps: its vectors are
    /// overwritten (and resized to `columns.len`), so a loop over many rosters (or
    /// chunks of one) reuses their memory instead of paying for fresh pages on every
    /// call. On error, `out` is left as it was.
    ///
    /// ```
    /// use iuran::batch::{Columns, Dates, Outcome, Strings};
    /// use iuran::Policy;
    ///
    /// let policy = Policy::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/policies/tegal-2025.toml"))?;
    /// let mut out = Outcome::default();
    /// for sector in ["nelayan", "pedagang"] {
    ///     let columns = Columns {
    ///         len: 1,
    ///         nik: Some(Strings::Slice(&[Some("3328015003800002")])),
    ///         birth_date: Some(Dates::Text(Strings::Slice(&[Some("1980-03-10")]))),
    ///         regency: Some(Strings::Slice(&[Some("3328")])),
    ///         sector: Some(Strings::Slice(&[Some(sector)])),
    ///         ..Columns::default()
    ///     };
    ///     policy.evaluate_columns_into(&columns, &mut out)?;
    ///     assert_eq!(out, policy.evaluate_columns(&columns)?);
    ///     assert_eq!(out.eligible.len(), 1);
    /// }
    /// assert_eq!(out.eligible, [false]);
    /// assert_eq!(out.reasons[0].to_string(), "sector_not_covered");
    /// # Ok::<(), iuran::Error>(())
    /// ```
    pub fn evaluate_columns_into(
        &self,
        columns: &Columns<'_>,
        out: &mut Outcome,
    ) -> Result<(), Error> {
        self.evaluate_columns_marked(columns, &[], out)
    }

    /// [`Policy::evaluate_columns_into`], with the rows in `malformed` (ascending)
    /// given `malformed_row`, as the roster path does for rows whose cells do not
    /// match the header.
    pub(crate) fn evaluate_columns_marked(
        &self,
        columns: &Columns<'_>,
        malformed: &[usize],
        out: &mut Outcome,
    ) -> Result<(), Error> {
        check_lengths(columns)?;
        out.fit(columns.len);
        let plan = plan::Plan::new(self);
        plan::run(&plan, columns, malformed, out);
        if self.has_ceilings() {
            self.allocate_outcome(columns, &plan.bills, out);
        }
        Ok(())
    }

    /// Apply budget ceilings to an outcome: move rows to the source allocation picks,
    /// and make the rows it cannot fund wait.
    fn allocate_outcome(
        &self,
        columns: &Columns<'_>,
        bills: &[Vec<Option<SectorBill>>],
        out: &mut Outcome,
    ) {
        let read = |i: usize| {
            let birth = columns
                .birth_date
                .as_ref()
                .map_or(Cell::Absent, |c| c.cell(i))
                .value();
            let decile = columns
                .welfare_decile
                .as_ref()
                .map_or(Cell::Absent, |c| c.cell(i))
                .value();
            let income = columns
                .declared_income
                .as_ref()
                .map_or(Cell::Absent, |c| c.cell(i))
                .value();
            (birth, decile, income)
        };
        let rows: Vec<usize> = (0..out.eligible.len())
            .filter(|i| out.eligible[*i])
            .collect();
        let candidates: Vec<Candidate> = rows
            .iter()
            .map(|&i| {
                let (birth_date, welfare_decile, declared_income) = read(i);
                let sector = out.sector[i].expect("an eligible row has a sector");
                Candidate {
                    row: i,
                    sector,
                    birth_date,
                    welfare_decile,
                    declared_income,
                }
            })
            .collect();
        for (c, placement) in candidates.iter().zip(self.allocate(&candidates)) {
            let i = c.row;
            match placement {
                Placement::Funded { source } => {
                    let bill = bills[c.sector.index()][source]
                        .as_ref()
                        .expect("allocated where allowed");
                    (out.monthly_contribution[i], out.total_cost[i]) =
                        self.row_cost(bill, c.declared_income);
                    out.funding_source[i] = Some(source as u8);
                }
                Placement::Waiting { position } => {
                    let mut r = ReasonSet::EMPTY;
                    r.insert(ReasonCode::BudgetExhausted);
                    out.eligible[i] = false;
                    out.reasons[i] = r;
                    out.funding_source[i] = None;
                    out.monthly_contribution[i] = 0;
                    out.months[i] = 0;
                    out.total_cost[i] = 0;
                    out.waiting_position[i] = Some(position);
                }
            }
        }
    }

    fn declared_cost(&self, bill: &SectorBill, basis: Decimal) -> (i64, i64) {
        let mut monthly = 0;
        let mut total = 0;
        let b = whole_basis(basis);
        for t in &bill.terms {
            let a = t.amount(self, basis, b);
            total += a * i64::from(t.count);
            if t.first {
                monthly += a;
            }
        }
        (monthly, total)
    }

    /// Totals over an outcome, as [`Summary::of`] gives for the explained path.
    pub fn summarize(&self, columns: &Columns<'_>, outcome: &Outcome) -> Summary {
        self.summarize_with(outcome, &|i| columns.income_at(i))
    }

    /// What a paid row is due per covered month, added to `due`.
    pub(crate) fn add_row_by_month(
        &self,
        bill: &SectorBill,
        income: Option<Decimal>,
        due: &mut [i64],
    ) {
        if self.spec.coverage.income == IncomeBasis::Declared {
            let basis = self.income_basis(income);
            let b = whole_basis(basis);
            // Each term's amount once, then added to the months that bill it.
            let mut small = [0i64; 8];
            let mut large = Vec::new();
            let amounts: &mut [i64] = if bill.terms.len() <= small.len() {
                &mut small[..bill.terms.len()]
            } else {
                large.resize(bill.terms.len(), 0);
                &mut large
            };
            for (a, t) in amounts.iter_mut().zip(&bill.terms) {
                *a = t.amount(self, basis, b);
            }
            for (m, terms) in bill.month_terms.iter().enumerate() {
                for &t in terms {
                    due[m] += amounts[t];
                }
            }
        } else {
            for (m, a) in bill.by_month.iter().enumerate() {
                due[m] += a;
            }
        }
    }

    fn summarize_with(
        &self,
        outcome: &Outcome,
        income: &dyn Fn(usize) -> Option<Decimal>,
    ) -> Summary {
        let bills = self.sector_bills();
        let mut s = Summary::default();
        let n_months = self.months.len();
        // Amount per source (rows) and month (columns).
        let mut due = vec![vec![0i64; n_months]; self.spec.funding.len()];
        for i in 0..outcome.eligible.len() {
            s.rows += 1;
            if outcome.eligible[i] {
                s.eligible += 1;
            } else {
                s.ineligible += 1;
            }
            for c in outcome.reasons[i].iter() {
                *s.by_reason.entry(c.as_str().to_owned()).or_default() += 1;
            }
            let Some(source) = outcome.funding_source[i] else {
                continue;
            };
            let t = s
                .by_funding_source
                .entry(self.spec.funding[usize::from(source)].id.clone())
                .or_default();
            t.workers += 1;
            t.cost += Decimal::from(outcome.total_cost[i]);
            let bill = outcome.sector[i]
                .and_then(|id| bills[id.index()][usize::from(source)].as_ref())
                .expect("a paid row has a bill");
            self.add_row_by_month(bill, income(i), &mut due[usize::from(source)]);
        }
        s.total_cost = s
            .by_funding_source
            .values()
            .map(|t: &SourceTotal| t.cost)
            .sum();
        if s.eligible > 0 {
            for (m, month) in self.months.iter().enumerate() {
                let total: i64 = due.iter().map(|row| row[m]).sum();
                s.by_month.insert(*month, MoneyString(Decimal::from(total)));
            }
            for (source, row) in self.spec.funding.iter().zip(&due) {
                if let Some(t) = s.by_funding_source.get_mut(&source.id) {
                    for (month, a) in self.months.iter().zip(row) {
                        t.by_month.insert(*month, MoneyString(Decimal::from(*a)));
                    }
                }
            }
        }
        s
    }
}

/// One row's answer, as [`crate::compare`] reads it from an [`Outcome`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Row {
    pub(crate) reasons: ReasonSet,
    pub(crate) sector: Option<SectorId>,
    pub(crate) source: Option<u8>,
    pub(crate) total: i64,
    /// Waiting-list position (budget ceilings).
    pub(crate) waiting: Option<u32>,
}

fn check_lengths(c: &Columns<'_>) -> Result<(), Error> {
    let lens = [
        ("nik", c.nik.as_ref().map(Strings::len)),
        ("birth_date", c.birth_date.as_ref().map(Dates::len)),
        ("sex", c.sex.as_ref().map(Strings::len)),
        ("regency", c.regency.as_ref().map(Strings::len)),
        ("district", c.district.as_ref().map(Strings::len)),
        ("sector", c.sector.as_ref().map(Strings::len)),
        (
            "declared_income",
            c.declared_income.as_ref().map(Amounts::len),
        ),
        ("welfare_decile", c.welfare_decile.as_ref().map(Ints::len)),
    ];
    for (name, len) in lens {
        if let Some(len) = len
            && len < c.len
        {
            return Err(Error::roster(
                None,
                Some(name),
                format!("column has {len} values for {} rows", c.len),
            ));
        }
    }
    Ok(())
}

impl<'a> Columns<'a> {
    /// Text columns, one per canonical field in [`FIELDS`](crate::worker::FIELDS) order
    /// (`None` for an absent column): the simplest way to hand over plain text.
    pub fn from_text(
        len: usize,
        fields: [Option<&'a [Option<&'a str>]>; crate::worker::FIELDS.len()],
    ) -> Self {
        let [
            nik,
            _name,
            birth_date,
            sex,
            regency,
            district,
            sector,
            income,
            member,
            decile,
        ] = fields;
        Columns {
            len,
            nik: nik.map(Strings::Slice),
            birth_date: birth_date.map(|s| Dates::Text(Strings::Slice(s))),
            sex: sex.map(Strings::Slice),
            regency: regency.map(Strings::Slice),
            district: district.map(Strings::Slice),
            sector: sector.map(Strings::Slice),
            declared_income: income.map(|s| Amounts::Text(Strings::Slice(s))),
            active_member: member.map(|s| Flags::Text(Strings::Slice(s))),
            welfare_decile: decile.map(|s| Ints::Text(Strings::Slice(s))),
        }
    }
}

impl Columns<'_> {
    /// Row `i` as a text record, for the explained path (messages, charges).
    pub fn record(&self, i: usize) -> Record {
        let text = |s: Option<&Strings<'_>>| s.and_then(|s| s.get(i)).map(str::to_owned);
        let mut r = Record {
            nik: text(self.nik.as_ref()),
            sex: text(self.sex.as_ref()),
            regency: text(self.regency.as_ref()),
            district: text(self.district.as_ref()),
            sector: text(self.sector.as_ref()),
            ..Record::default()
        };
        r.birth_date = self.birth_date.as_ref().and_then(|c| match c {
            Dates::Text(s) => s.get(i).map(str::to_owned),
            Dates::Days { days, validity } => valid(validity.as_ref(), i)
                .then(|| {
                    days.get(i)
                        .and_then(|d| date_from_days(*d))
                        .map(|d| d.to_string())
                })
                .flatten(),
        });
        r.declared_income = self.declared_income.as_ref().and_then(|c| match c {
            Amounts::Text(s) => s.get(i).map(str::to_owned),
            Amounts::Int64 { values, validity } => valid(validity.as_ref(), i)
                .then(|| values.get(i).map(ToString::to_string))
                .flatten(),
            Amounts::Decimal128 {
                values,
                scale,
                validity,
            } => valid(validity.as_ref(), i)
                .then(|| {
                    values.get(i).map(|v| {
                        Decimal::from_i128_with_scale(*v, (*scale).min(28))
                            .normalize()
                            .to_string()
                    })
                })
                .flatten(),
        });
        r.active_member = self.active_member.as_ref().and_then(|c| match c {
            Flags::Text(s) => s.get(i).map(str::to_owned),
            Flags::Bits { .. } => match c.cell(i) {
                Cell::Value(b) => Some(b.to_string()),
                _ => None,
            },
        });
        r.welfare_decile = self.welfare_decile.as_ref().and_then(|c| match c {
            Ints::Text(s) => s.get(i).map(str::to_owned),
            Ints::Int64 { values, validity } => (valid(validity.as_ref(), i))
                .then(|| values.get(i).map(ToString::to_string))
                .flatten(),
        });
        r
    }
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

    proptest::proptest! {
        /// Integer arithmetic gives exactly the `Decimal` formula's rupiah, for the
        /// percentages where binary floats go wrong (0.24%, 1.74%) and the discounts.
        #[test]
        fn integer_terms_equal_the_decimal_formula(
            income in 0i64..50_000_000,
            percent in proptest::sample::select(vec!["0.24", "0.54", "0.89", "1.27", "1.74", "1", "2", "0.3"]),
            factor in proptest::sample::select(vec!["1", "0.5", "0.01", "0.333"]),
        ) {
            let table = crate::RateTable::builtin().merged(&format!(
                "[[rate]]\nid = 'bpu-jkk'\nprogramme = 'JKK'\nsegment = 'BPU'\npercent = '{percent}'\nfrom = '2015-07'\nreference = 'x'\nstatus = 'unverified'\n"
            )).unwrap();
            let spec = crate::PolicySpec::from_toml("id='x'\nname='x'\nregency='3328'\nfiscal_year=2025\ncoverage={start='2025-01',months=1,income='declared'}\n[[funding]]\nid='a'\nkind='APBD'\n").unwrap();
            let policy = Policy::compile_with(spec, table.into(), crate::Taxonomy::builtin().clone().into()).unwrap();
            let rate = policy.rates.rates.iter().position(|r| r.id == "bpu-jkk").unwrap();
            let term = Term::new(&policy, rate, factor.parse().unwrap());
            let basis = Decimal::from(income);
            let exact = matches!(term.exact, Exact::Ratio { .. });
            proptest::prop_assert!(exact);
            proptest::prop_assert_eq!(term.amount(&policy, basis, whole_basis(basis)), term.decimal_amount(&policy, basis));
        }
    }

    /// Text columns memoised by their bytes answer as their text does: padding, blank,
    /// null, bytes that are not UTF-8 and offsets out of range.
    #[test]
    fn utf8_columns_answer_like_their_text() {
        let policy = Policy::from_file(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../examples/policies/tegal-2025.toml"
        ))
        .unwrap();
        let data = b"NelayanPedagang Nelayan \xff  3328";
        let offsets = [0, 7, 15, 24, 25, 27, 31, 31, 99];
        let column = |validity| Strings::Utf8 {
            offsets: &offsets,
            data,
            validity,
        };
        let nulls = [0b1011_1111];
        let text: Vec<Option<&str>> = (0..8).map(|i| column(None).get(i)).collect();
        for validity in [
            None,
            Some(Bitmap {
                bits: &nulls,
                offset: 0,
            }),
        ] {
            let text: Vec<Option<&str>> = (0..8)
                .map(|i| {
                    if i == 6 && validity.is_some() {
                        None
                    } else {
                        text[i]
                    }
                })
                .collect();
            let with = |sector: Strings<'_>, regency: Strings<'_>| {
                let columns = Columns {
                    len: 8,
                    sector: Some(sector),
                    regency: Some(regency),
                    ..Columns::default()
                };
                policy.evaluate_columns(&columns).unwrap()
            };
            let raw = with(column(validity), column(validity));
            let slice = with(Strings::Slice(&text), Strings::Slice(&text));
            assert_eq!(raw, slice);
            assert_eq!(raw.sector[0], policy.taxonomy.lookup("nelayan"));
            assert_eq!(raw.sector[2], raw.sector[0]);
            assert!(raw.reasons[3].contains(ReasonCode::UnknownSector));
            assert!(raw.reasons[4].contains(ReasonCode::MissingField));
        }
    }

    #[test]
    fn bitmaps_honour_offsets() {
        let b = Bitmap {
            bits: &[0b1010_0000, 0b0000_0001],
            offset: 5,
        };
        assert!(b.get(0) && !b.get(1) && b.get(2) && b.get(3) && !b.get(4) && !b.get(40));
    }

    #[test]
    fn arrow_layouts_read_the_same_text() {
        let data = b"ab\xffcd";
        let offsets = [0, 2, 3, 5];
        let s = Strings::Utf8 {
            offsets: &offsets,
            data,
            validity: Some(Bitmap {
                bits: &[0b101],
                offset: 0,
            }),
        };
        assert_eq!(
            [s.get(0), s.get(1), s.get(2), s.get(3)],
            [Some("ab"), None, Some("cd"), None]
        );
        let plain = Strings::Utf8 {
            offsets: &offsets,
            data,
            validity: None,
        };
        assert_eq!(plain.get(1), Some(NOT_UTF8));
        let values = Strings::Slice(&[Some("x"), Some("y")]);
        let d = Strings::Dictionary {
            keys: &[1, 0, 7],
            values: Box::new(values),
            validity: None,
        };
        assert_eq!([d.get(0), d.get(1), d.get(2)], [Some("y"), Some("x"), None]);
    }
}
