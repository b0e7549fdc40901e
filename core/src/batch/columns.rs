//! The roster as columns: the layouts the bindings hand over (Arrow offsets and bytes,
//! string views, dictionaries with keys of any integer width, validity bitmaps,
//! `date32` days, `date64` and timestamps, integers of any width, decimals, and the
//! floats a table reader made of numbers) and borrowed Rust text, each read cell by
//! cell as absent, unreadable or a value, in place: nothing is converted first.

use std::borrow::Cow;

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::calendar::{date_from_days, days_from_date};
use crate::Error;
use crate::limits::{MAX_DECLARED_INCOME, declared_income_i64_ok, declared_income_ok};
use crate::money::parse_income;
use crate::worker::{Record, parse_bool, parse_date, parse_decile};

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
        self.offset.checked_add(i).is_some_and(|b| {
            self.bits
                .get(b / 8)
                .is_some_and(|byte| byte & (1 << (b % 8)) != 0)
        })
    }
}

#[inline]
pub(crate) fn valid(v: Option<&Bitmap<'_>>, i: usize) -> bool {
    v.is_none_or(|v| v.get(i))
}

/// Numbers a table reader stored as floating point, as Arrow `Float64` holds them:
/// pandas makes `float64` of a column of numbers with an empty cell (a NIK, a regency
/// code, an income, a decile), and of a column with no values at all.
///
/// A float is read one cell at a time, and only as a whole number: null and NaN are
/// absent; a whole number of magnitude below 2^53 (every such number is exact in a
/// double) is that number; anything else (a fraction, 2^53 or more, an infinity) cannot
/// be read, since the digits it stood for may be lost. No float reaches a money amount
/// except through this exact conversion.
#[derive(Debug, Clone, Copy)]
pub struct Floats<'a> {
    /// One per row.
    pub values: &'a [f64],
    /// Nulls.
    pub validity: Option<Bitmap<'a>>,
}

/// 2^53: every whole number of smaller magnitude is exact in a double.
const EXACT_FLOAT: f64 = 9_007_199_254_740_992.0;

impl Floats<'_> {
    /// Value `i` as a whole number.
    pub(crate) fn whole(&self, i: usize) -> Cell<i64> {
        match self.values.get(i) {
            Some(v) if valid(self.validity.as_ref(), i) && !v.is_nan() => {
                if v.fract() == 0.0 && v.abs() < EXACT_FLOAT {
                    // Exact: a whole number below 2^53 converts without rounding.
                    Cell::Value(*v as i64)
                } else {
                    Cell::Invalid
                }
            }
            _ => Cell::Absent,
        }
    }

    /// Value `i` as text: a whole number's digits, and anything else that cannot be
    /// read in scientific notation (`1.5e0`, `9.4e15`), which no field reads as a
    /// value; `None` when absent.
    fn text(&self, i: usize) -> Option<String> {
        match self.whole(i) {
            Cell::Absent => None,
            Cell::Value(v) => Some(v.to_string()),
            Cell::Invalid => Some(format!("{:e}", self.values[i])),
        }
    }

    /// The first of rows `0..len` that holds a value but not a whole number.
    fn first_not_whole(&self, len: usize) -> Option<usize> {
        (0..len.min(self.values.len())).find(|&i| matches!(self.whole(i), Cell::Invalid))
    }

    fn skip(&self, i: usize) -> Self {
        Floats {
            values: tail(self.values, i),
            validity: self.validity.map(|v| v.skip(i)),
        }
    }
}

/// A key as an index into the dictionary's values; a key no index can be (negative,
/// or beyond `usize`) as `usize::MAX`, which is past every dictionary's end.
pub(crate) trait Key: Copy {
    fn index(self) -> usize;
}

macro_rules! key {
    ($($t:ty),*) => {$(
        impl Key for $t {
            #[inline]
            fn index(self) -> usize {
                usize::try_from(self).unwrap_or(usize::MAX)
            }
        }
    )*};
}
key!(i8, i16, i32, i64, u8, u16, u32, u64);

/// Calls `f(j, key)` for rows `lo + j` of `keys` (`None` where the row is null).
#[inline]
fn each_key<K: Key>(
    keys: &[K],
    lo: usize,
    n: usize,
    validity: Option<&Bitmap<'_>>,
    mut f: impl FnMut(usize, Option<usize>),
) {
    let keys = keys
        .get(lo.min(keys.len())..lo.saturating_add(n).min(keys.len()))
        .unwrap_or_default();
    match validity {
        None => {
            for (j, k) in keys.iter().enumerate() {
                f(j, Some(k.index()));
            }
        }
        Some(v) => {
            for (j, k) in keys.iter().enumerate() {
                f(j, v.get(lo + j).then(|| k.index()));
            }
        }
    }
}

/// Whole numbers of any Arrow integer width, read in place (pandas' nullable `Int8`
/// … `Int64`, numpy's `int8` … `uint64`). Each is read exactly, as an `i128`.
#[derive(Debug, Clone, Copy)]
pub enum Integers<'a> {
    /// `int8`.
    I8(&'a [i8]),
    /// `int16`.
    I16(&'a [i16]),
    /// `int32`.
    I32(&'a [i32]),
    /// `int64`.
    I64(&'a [i64]),
    /// `uint8`.
    U8(&'a [u8]),
    /// `uint16`.
    U16(&'a [u16]),
    /// `uint32`.
    U32(&'a [u32]),
    /// `uint64`.
    U64(&'a [u64]),
}

/// The keys of a dictionary column: integers in the width their producer chose (pandas'
/// `Categorical` gives `int8` codes, polars' `Categorical` `uint32`, pyarrow `int32`),
/// read in place. A negative key, or one past the dictionary's end, reads as absent.
pub type Keys<'a> = Integers<'a>;

macro_rules! over_integers {
    ($values:expr, $v:ident => $e:expr) => {
        match $values {
            Integers::I8($v) => $e,
            Integers::I16($v) => $e,
            Integers::I32($v) => $e,
            Integers::I64($v) => $e,
            Integers::U8($v) => $e,
            Integers::U16($v) => $e,
            Integers::U32($v) => $e,
            Integers::U64($v) => $e,
        }
    };
}

macro_rules! integers_from {
    ($($t:ty => $v:ident),*) => {$(
        impl<'a> From<&'a [$t]> for Integers<'a> {
            fn from(values: &'a [$t]) -> Self {
                Integers::$v(values)
            }
        }
    )*};
}
integers_from!(i8 => I8, i16 => I16, i32 => I32, i64 => I64, u8 => U8, u16 => U16, u32 => U32, u64 => U64);

impl<'a> Integers<'a> {
    /// Number of values.
    #[must_use]
    pub fn len(&self) -> usize {
        over_integers!(self, v => v.len())
    }

    /// Whether there are no values.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Value `i`, exactly; `None` past the end.
    #[inline]
    pub(crate) fn get(&self, i: usize) -> Option<i128> {
        over_integers!(self, v => v.get(i).map(|&x| i128::from(x)))
    }

    fn skip(&self, i: usize) -> Integers<'a> {
        over_integers!(self, v => Integers::from(tail(v, i)))
    }

    /// Key `i` as an index (`usize::MAX` for a negative key), `None` past the end.
    #[inline]
    pub(crate) fn index(&self, i: usize) -> Option<usize> {
        over_integers!(self, k => k.get(i).map(|k| k.index()))
    }

    /// Calls `f(j, key)` for rows `lo + j`, `j < n`, in order: the key as an index
    /// (`usize::MAX` for a negative key), `None` where `validity` says null. One tight
    /// loop per key width.
    #[inline]
    pub(crate) fn each(
        &self,
        lo: usize,
        n: usize,
        validity: Option<&Bitmap<'_>>,
        f: impl FnMut(usize, Option<usize>),
    ) {
        over_integers!(self, k => each_key(k, lo, n, validity, f));
    }
}

/// Integers with their nulls.
#[derive(Debug, Clone, Copy)]
pub struct IntColumn<'a> {
    /// One per row.
    pub values: Integers<'a>,
    /// Nulls.
    pub validity: Option<Bitmap<'a>>,
}

impl IntColumn<'_> {
    /// Value `i`, `None` when null or past the end.
    #[inline]
    pub(crate) fn get(&self, i: usize) -> Option<i128> {
        if valid(self.validity.as_ref(), i) {
            self.values.get(i)
        } else {
            None
        }
    }

    /// Value `i` as the field's own text rule reads it: the digits, given to `parse`
    /// (trimmed and non-blank, as [`read_text`] gives text), without allocating.
    pub(crate) fn read<T>(&self, i: usize, parse: impl Fn(&str) -> Option<T>) -> Cell<T> {
        match self.get(i) {
            None => Cell::Absent,
            Some(v) => {
                let mut buf = [0u8; 48];
                let digits = digits(v, &mut buf);
                parse(digits).map_or(Cell::Invalid, Cell::Value)
            }
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.values.len()
    }

    fn skip(&self, i: usize) -> Self {
        IntColumn {
            values: self.values.skip(i),
            validity: self.validity.map(|v| v.skip(i)),
        }
    }
}

/// The decimal digits of `v` (with a `-` when negative), written into `buf`.
fn digits(v: i128, buf: &mut [u8; 48]) -> &str {
    let mut at = buf.len();
    let mut n = v.unsigned_abs();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if v < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    std::str::from_utf8(&buf[at..]).unwrap_or(NOT_UTF8)
}

/// The unit of a timestamp column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    /// Seconds.
    Second,
    /// Milliseconds (also Arrow `date64`).
    Millisecond,
    /// Microseconds.
    Microsecond,
    /// Nanoseconds.
    Nanosecond,
}

impl TimeUnit {
    /// Units in a day.
    const fn per_day(self) -> i64 {
        match self {
            TimeUnit::Second => 86_400,
            TimeUnit::Millisecond => 86_400_000,
            TimeUnit::Microsecond => 86_400_000_000,
            TimeUnit::Nanosecond => 86_400_000_000_000,
        }
    }

    /// The day (since 1970-01-01) an instant falls on, counted back from the epoch for
    /// an instant before it (floor division: one nanosecond before 1970 is 1969-12-31);
    /// `None` for a day no `i32` holds.
    #[inline]
    pub(crate) fn day(self, instant: i64) -> Option<i32> {
        i32::try_from(instant.div_euclid(self.per_day())).ok()
    }
}

/// A column of text. Its `Debug` shows the layout and the number of values, never the
/// values: a text column holds NIKs and names.
#[derive(Clone)]
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
    /// Arrow `Utf8View` (`string_view`): row `i`'s 16-byte view is
    /// `views[16 * i..16 * i + 16]` (little-endian: the length, then the text itself
    /// when it is 12 bytes or fewer, else a prefix, a buffer index and an offset into
    /// that buffer). A view that points outside its buffers reads as text no rule
    /// accepts (U+FFFD).
    Utf8View {
        /// 16 bytes per row.
        views: &'a [u8],
        /// The data buffers the long views point into.
        buffers: Box<[&'a [u8]]>,
        /// Nulls.
        validity: Option<Bitmap<'a>>,
    },
    /// Arrow dictionary: value `i` is `values[keys[i]]`, with keys of any integer
    /// width; a negative key or one past the values reads as absent. Sectors,
    /// regencies and districts are resolved once per dictionary value.
    Dictionary {
        /// One key per row.
        keys: Keys<'a>,
        /// The distinct values.
        values: Box<Strings<'a>>,
        /// Nulls (of the keys).
        validity: Option<Bitmap<'a>>,
    },
    /// Borrowed Rust strings.
    Slice(&'a [Option<&'a str>]),
    /// A code a table reader stored as a float (a NIK or a regency code in a pandas
    /// column with an empty cell): a whole number below 2^53 reads as its digits; any
    /// other value as text no rule accepts, so a NIK is that row's `invalid_nik` (saying
    /// the reader stored it as a float) and a sex an `invalid_value`.
    Float64(Floats<'a>),
    /// A code a table reader stored as an integer (a regency code or a NIK read as
    /// `int64`): read as its decimal digits.
    Integers(IntColumn<'a>),
    /// Dates in a text field (a worker's cover month given as a date column): each
    /// read as its `YYYY-MM-DD` text, which the field's own rule reads (a date stands
    /// for its month); a day no calendar date is reads as text no rule accepts
    /// (U+FFFD).
    Dates(Box<Dates<'a>>),
}

/// Text that is not UTF-8 reads as this, so it fails every rule visibly.
pub(crate) const NOT_UTF8: &str = "\u{fffd}";

/// The stored bytes of value `i` of an offsets layout, `None` when null; a span outside
/// the data reads as [`NOT_UTF8`].
fn stored<'a, O: Copy + TryInto<usize>>(
    offsets: &[O],
    data: &'a [u8],
    validity: Option<&Bitmap<'_>>,
    i: usize,
) -> Option<&'a [u8]> {
    if i >= offsets.len().saturating_sub(1) || !valid(validity, i) {
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

/// The stored bytes of view `i`, `None` when null or past the end; a view pointing
/// outside its buffers reads as [`NOT_UTF8`].
fn viewed<'a>(
    views: &'a [u8],
    buffers: &[&'a [u8]],
    validity: Option<&Bitmap<'_>>,
    i: usize,
) -> Option<&'a [u8]> {
    if !valid(validity, i) {
        return None;
    }
    let at = i.checked_mul(16)?;
    let view = views.get(at..at.checked_add(16)?)?;
    let word = |k: usize| u32::from_le_bytes([view[k], view[k + 1], view[k + 2], view[k + 3]]);
    let len = word(0) as usize;
    if len <= 12 {
        return view.get(4..4 + len);
    }
    let (buffer, offset) = (word(8) as usize, word(12) as usize);
    Some(
        buffers
            .get(buffer)
            .and_then(|b| b.get(offset..offset.checked_add(len)?))
            .unwrap_or(NOT_UTF8.as_bytes()),
    )
}

/// Stored bytes as text; bytes that are not UTF-8 read as [`NOT_UTF8`].
fn utf8(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or(NOT_UTF8)
}

impl<'a> Strings<'a> {
    /// Value `i`, or `None` when null. Blank text is returned as is; only a float
    /// column's text is made (the digits of a whole number).
    pub fn get(&self, i: usize) -> Option<Cow<'a, str>> {
        match self {
            Strings::Utf8 {
                offsets,
                data,
                validity,
            } => stored(offsets, data, validity.as_ref(), i).map(|b| Cow::Borrowed(utf8(b))),
            Strings::LargeUtf8 {
                offsets,
                data,
                validity,
            } => stored(offsets, data, validity.as_ref(), i).map(|b| Cow::Borrowed(utf8(b))),
            Strings::Utf8View {
                views,
                buffers,
                validity,
            } => viewed(views, buffers, validity.as_ref(), i).map(|b| Cow::Borrowed(utf8(b))),
            Strings::Dictionary {
                keys,
                values,
                validity,
            } => {
                if !valid(validity.as_ref(), i) {
                    return None;
                }
                values.get(keys.index(i)?)
            }
            Strings::Slice(s) => s.get(i).copied().flatten().map(Cow::Borrowed),
            Strings::Float64(f) => f.text(i).map(Cow::Owned),
            Strings::Integers(w) => w.get(i).map(|v| Cow::Owned(v.to_string())),
            Strings::Dates(d) => d.text(i).map(Cow::Owned),
        }
    }

    /// Whether value `i` is a float that cannot be read as a whole number.
    pub(crate) fn float_not_whole(&self, i: usize) -> bool {
        matches!(self, Strings::Float64(f) if matches!(f.whole(i), Cell::Invalid))
    }

    /// Value `i` as the bytes it is stored as (not checked to be UTF-8), or `None`
    /// when null: a key for memos, read without validating every row's text.
    pub(crate) fn raw(&self, i: usize) -> Option<Cow<'a, [u8]>> {
        match self {
            Strings::Utf8 {
                offsets,
                data,
                validity,
            } => stored(offsets, data, validity.as_ref(), i).map(Cow::Borrowed),
            Strings::LargeUtf8 {
                offsets,
                data,
                validity,
            } => stored(offsets, data, validity.as_ref(), i).map(Cow::Borrowed),
            Strings::Utf8View {
                views,
                buffers,
                validity,
            } => viewed(views, buffers, validity.as_ref(), i).map(Cow::Borrowed),
            _ => self.get(i).map(|t| match t {
                Cow::Borrowed(t) => Cow::Borrowed(t.as_bytes()),
                Cow::Owned(t) => Cow::Owned(t.into_bytes()),
            }),
        }
    }

    pub(crate) fn len(&self) -> usize {
        match self {
            Strings::Utf8 { offsets, .. } => offsets.len().saturating_sub(1),
            Strings::LargeUtf8 { offsets, .. } => offsets.len().saturating_sub(1),
            Strings::Utf8View { views, .. } => views.len() / 16,
            Strings::Dictionary { keys, .. } => keys.len(),
            Strings::Slice(s) => s.len(),
            Strings::Float64(f) => f.values.len(),
            Strings::Integers(w) => w.len(),
            Strings::Dates(d) => d.len(),
        }
    }
}

impl std::fmt::Debug for Strings<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let layout = match self {
            Strings::Utf8 { .. } => "Utf8",
            Strings::LargeUtf8 { .. } => "LargeUtf8",
            Strings::Utf8View { .. } => "Utf8View",
            Strings::Dictionary { .. } => "Dictionary",
            Strings::Slice(_) => "Slice",
            Strings::Float64(_) => "Float64",
            Strings::Integers(_) => "Integers",
            Strings::Dates(_) => "Dates",
        };
        f.debug_struct("Strings")
            .field("layout", &layout)
            .field("len", &self.len())
            .finish_non_exhaustive()
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
    /// Arrow `Timestamp` without a time zone (pandas' `datetime64`), or `date64`
    /// (milliseconds): the civil date is the day the instant falls on, counted by
    /// floor division (an instant before 1970 falls on the day before the epoch's
    /// count rounds towards zero). A day beyond the years read is unreadable.
    Instants {
        /// One per row, in `unit`s since 1970-01-01T00:00.
        values: &'a [i64],
        /// The unit.
        unit: TimeUnit,
        /// Nulls.
        validity: Option<Bitmap<'a>>,
    },
    /// Text as rosters write it (`YYYY-MM-DD`, `DD-MM-YYYY`, `DD/MM/YYYY`).
    Text(Strings<'a>),
}

/// Calls `f(j, day)` for `values[j]` (row `lo + j`), `PER_DAY` units a day.
#[inline]
fn each_instant<const PER_DAY: i64>(
    values: &[i64],
    lo: usize,
    validity: Option<&Bitmap<'_>>,
    mut f: impl FnMut(usize, Cell<i32>),
) {
    let day = |v: i64| i32::try_from(v.div_euclid(PER_DAY)).map_or(Cell::Invalid, Cell::Value);
    match validity {
        None => {
            for (j, v) in values.iter().enumerate() {
                f(j, day(*v));
            }
        }
        Some(bits) => {
            for (j, v) in values.iter().enumerate() {
                f(
                    j,
                    if bits.get(lo + j) {
                        day(*v)
                    } else {
                        Cell::Absent
                    },
                );
            }
        }
    }
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
    /// Typed Rust amounts, as a [`Worker`](crate::Worker) holds them (any non-negative
    /// amount, fractions included).
    Exact(&'a [Option<Decimal>]),
    /// Whole rupiah a table reader stored as floats (pandas: an income column with an
    /// empty cell): each converted exactly, then bounded as `Int64` is. A column with a
    /// value that is not a whole number below 2^53 is refused by [`Columns::check`].
    Float64(Floats<'a>),
    /// Whole rupiah as integers of any other width (pandas' nullable `Int32`),
    /// bounded as `Int64` is.
    Integers(IntColumn<'a>),
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
    /// Integers of any width, read as their digits are (`1` yes, `0` no, anything
    /// else unreadable).
    Integers(IntColumn<'a>),
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
    /// Whole numbers a table reader stored as floats (pandas: a decile column with an
    /// empty cell); refused by [`Columns::check`] when a value is not whole.
    Float64(Floats<'a>),
    /// Integers of any other width (pandas' nullable `Int8`).
    Integers(IntColumn<'a>),
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
    /// Registered in DTSEN.
    pub dtsen: Option<Flags<'a>>,
    /// The worker's own first covered month (`YYYY-MM`).
    pub cover_from: Option<Strings<'a>>,
    /// The worker's own last covered month (`YYYY-MM`).
    pub cover_to: Option<Strings<'a>>,
}

/// A cell read from a typed column: absent, unreadable, or a value.
#[derive(Clone, Copy)]
pub(crate) enum Cell<T> {
    Absent,
    Invalid,
    Value(T),
}

impl<T: Copy> Cell<T> {
    pub(crate) fn value(&self) -> Option<T> {
        if let Cell::Value(v) = self {
            Some(*v)
        } else {
            None
        }
    }
}

pub(crate) fn read_text<T>(text: Option<&str>, parse: impl Fn(&str) -> Option<T>) -> Cell<T> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Cell::Absent,
        Some(t) => parse(t).map_or(Cell::Invalid, Cell::Value),
    }
}

impl Dates<'_> {
    /// Row `i` as days since 1970-01-01: absent, unreadable (text that is no date, an
    /// instant whose day no `i32` holds), or the day, not yet checked against the
    /// years read (text is: [`parse_date`] reads only those years).
    #[inline]
    pub(crate) fn day(&self, i: usize) -> Cell<i32> {
        match self {
            Dates::Days { days, validity } => match days.get(i) {
                Some(d) if valid(validity.as_ref(), i) => Cell::Value(*d),
                _ => Cell::Absent,
            },
            Dates::Instants {
                values,
                unit,
                validity,
            } => match values.get(i) {
                Some(v) if valid(validity.as_ref(), i) => {
                    unit.day(*v).map_or(Cell::Invalid, Cell::Value)
                }
                _ => Cell::Absent,
            },
            Dates::Text(s) => read_text(s.get(i).as_deref(), |t| {
                parse_date(t).and_then(|d| i32::try_from(days_from_date(d)).ok())
            }),
        }
    }

    /// Calls `f(j, day)` for rows `lo + j`, `j < n`, as [`day`](Dates::day) reads
    /// them: one loop per layout, and for instants one per unit, so that the division
    /// is by a constant.
    #[inline]
    pub(crate) fn each_day(&self, lo: usize, n: usize, mut f: impl FnMut(usize, Cell<i32>)) {
        let Dates::Instants {
            values,
            unit,
            validity,
        } = self
        else {
            for j in 0..n {
                f(j, self.day(lo + j));
            }
            return;
        };
        let values = values
            .get(lo.min(values.len())..lo.saturating_add(n).min(values.len()))
            .unwrap_or_default();
        match unit {
            TimeUnit::Second => each_instant::<86_400>(values, lo, validity.as_ref(), f),
            TimeUnit::Millisecond => {
                each_instant::<86_400_000>(values, lo, validity.as_ref(), f);
            }
            TimeUnit::Microsecond => {
                each_instant::<86_400_000_000>(values, lo, validity.as_ref(), f);
            }
            TimeUnit::Nanosecond => {
                each_instant::<86_400_000_000_000>(values, lo, validity.as_ref(), f);
            }
        }
    }

    pub(crate) fn cell(&self, i: usize) -> Cell<Date> {
        if let Dates::Text(s) = self {
            return read_text(s.get(i).as_deref(), parse_date);
        }
        match self.day(i) {
            Cell::Absent => Cell::Absent,
            Cell::Invalid => Cell::Invalid,
            Cell::Value(d) => match date_from_days(d) {
                Some(date) if (1850..=2200).contains(&date.year()) => Cell::Value(date),
                _ => Cell::Invalid,
            },
        }
    }

    /// Row `i` as text: a day's `YYYY-MM-DD`, [`NOT_UTF8`] for a day no calendar date
    /// is; `None` when absent.
    pub(crate) fn text(&self, i: usize) -> Option<String> {
        if let Dates::Text(s) = self {
            return s.get(i).map(Cow::into_owned);
        }
        match self.day(i) {
            Cell::Absent => None,
            Cell::Invalid => Some(NOT_UTF8.to_owned()),
            Cell::Value(d) => {
                Some(date_from_days(d).map_or_else(|| NOT_UTF8.to_owned(), |d| d.to_string()))
            }
        }
    }

    pub(crate) fn len(&self) -> usize {
        match self {
            Dates::Days { days, .. } => days.len(),
            Dates::Instants { values, .. } => values.len(),
            Dates::Text(s) => s.len(),
        }
    }

    fn skip(&self, i: usize) -> Self {
        match self {
            Dates::Days { days, validity } => Dates::Days {
                days: tail(days, i),
                validity: validity.map(|v| v.skip(i)),
            },
            Dates::Instants {
                values,
                unit,
                validity,
            } => Dates::Instants {
                values: tail(values, i),
                unit: *unit,
                validity: validity.map(|v| v.skip(i)),
            },
            Dates::Text(s) => Dates::Text(s.skip(i)),
        }
    }
}

impl Amounts<'_> {
    pub(crate) fn cell(&self, i: usize) -> Cell<Decimal> {
        match self {
            Amounts::Int64 { values, validity } => match values.get(i) {
                Some(v) if valid(validity.as_ref(), i) => {
                    if declared_income_i64_ok(*v) {
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
                        Ok(d) if declared_income_ok(d) => Cell::Value(d.trunc()),
                        _ => Cell::Invalid,
                    }
                }
                _ => Cell::Absent,
            },
            Amounts::Text(s) => read_text(s.get(i).as_deref(), parse_income),
            Amounts::Float64(f) => match f.whole(i) {
                Cell::Absent => Cell::Absent,
                Cell::Value(v) if declared_income_i64_ok(v) => Cell::Value(Decimal::from(v)),
                _ => Cell::Invalid,
            },
            Amounts::Integers(w) => match w.get(i).map(i64::try_from) {
                None => Cell::Absent,
                Some(Ok(v)) if declared_income_i64_ok(v) => Cell::Value(Decimal::from(v)),
                Some(_) => Cell::Invalid,
            },
            // A typed amount may have a fraction (the basis is then exact), within the
            // same range.
            Amounts::Exact(values) => match values.get(i).copied().flatten() {
                None => Cell::Absent,
                Some(d)
                    if d >= Decimal::ZERO && d.trunc() <= Decimal::from(MAX_DECLARED_INCOME) =>
                {
                    Cell::Value(d)
                }
                Some(_) => Cell::Invalid,
            },
        }
    }

    pub(crate) fn len(&self) -> usize {
        match self {
            Amounts::Int64 { values, .. } => values.len(),
            Amounts::Decimal128 { values, .. } => values.len(),
            Amounts::Text(s) => s.len(),
            Amounts::Exact(values) => values.len(),
            Amounts::Float64(f) => f.values.len(),
            Amounts::Integers(w) => w.len(),
        }
    }
}

impl Flags<'_> {
    pub(crate) fn cell(&self, i: usize) -> Cell<bool> {
        match self {
            Flags::Bits { values, validity } => {
                if valid(validity.as_ref(), i) {
                    Cell::Value(values.get(i))
                } else {
                    Cell::Absent
                }
            }
            Flags::Text(s) => read_text(s.get(i).as_deref(), parse_bool),
            Flags::Integers(w) => w.read(i, parse_bool),
        }
    }
}

impl Ints<'_> {
    pub(crate) fn cell(&self, i: usize) -> Cell<u8> {
        match self {
            Ints::Int64 { values, validity } => match values.get(i) {
                Some(v) if valid(validity.as_ref(), i) => {
                    crate::worker::decile(*v).map_or(Cell::Invalid, Cell::Value)
                }
                _ => Cell::Absent,
            },
            Ints::Text(s) => read_text(s.get(i).as_deref(), parse_decile),
            Ints::Float64(f) => match f.whole(i) {
                Cell::Absent => Cell::Absent,
                Cell::Value(v) => crate::worker::decile(v).map_or(Cell::Invalid, Cell::Value),
                Cell::Invalid => Cell::Invalid,
            },
            Ints::Integers(w) => match w.get(i).map(i64::try_from) {
                None => Cell::Absent,
                Some(Ok(v)) => crate::worker::decile(v).map_or(Cell::Invalid, Cell::Value),
                Some(Err(_)) => Cell::Invalid,
            },
        }
    }

    pub(crate) fn len(&self) -> usize {
        match self {
            Ints::Int64 { values, .. } => values.len(),
            Ints::Text(s) => s.len(),
            Ints::Float64(f) => f.values.len(),
            Ints::Integers(w) => w.len(),
        }
    }
}

impl Columns<'_> {
    /// Whether the engine can read these columns: every column has at least
    /// [`len`](Columns::len) values, and a numeric field a reader stored as floats
    /// (`declared_income`, `welfare_decile`) holds only whole numbers below 2^53.
    /// [`Policy::evaluate_columns`](crate::Policy::evaluate_columns) checks this
    /// first; a binding may call it to report the column in its own terms.
    ///
    /// # Errors
    ///
    /// [`Error::Roster`] naming the field, for the first column that fails.
    pub fn check(&self) -> Result<(), Error> {
        check_lengths(self)?;
        let floats = [
            (
                "declared_income",
                match &self.declared_income {
                    Some(Amounts::Float64(f)) => Some(f),
                    _ => None,
                },
                "money is never a float; give integers, decimals or text",
            ),
            (
                "welfare_decile",
                match &self.welfare_decile {
                    Some(Ints::Float64(f)) => Some(f),
                    _ => None,
                },
                "give integers or text",
            ),
        ];
        for (name, column, give) in floats {
            if let Some(row) = column.and_then(|f| f.first_not_whole(self.len)) {
                return Err(Error::roster(
                    None,
                    Some(name),
                    format!(
                        "is float64 and row {row} (counting from 0) is not a whole number \
                         below 2^53: {give}"
                    ),
                ));
            }
        }
        Ok(())
    }
}

fn check_lengths(c: &Columns<'_>) -> Result<(), Error> {
    let lens = [
        ("nik", c.nik.as_ref().map(Strings::len)),
        ("birth_date", c.birth_date.as_ref().map(Dates::len)),
        ("sex", c.sex.as_ref().map(Strings::len)),
        ("regency", c.regency.as_ref().map(Strings::len)),
        ("district", c.district.as_ref().map(Strings::len)),
        ("sector", c.sector.as_ref().map(Strings::len)),
        ("cover_from", c.cover_from.as_ref().map(Strings::len)),
        ("cover_to", c.cover_to.as_ref().map(Strings::len)),
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
    /// Text columns, one per canonical field in [`Field::ALL`](crate::worker::Field::ALL) order
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
            dtsen,
            cover_from,
            cover_to,
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
            dtsen: dtsen.map(|s| Flags::Text(Strings::Slice(s))),
            cover_from: cover_from.map(Strings::Slice),
            cover_to: cover_to.map(Strings::Slice),
        }
    }
}

impl Columns<'_> {
    /// Row `i` as a text record, for the explained path (messages, charges).
    pub fn record(&self, i: usize) -> Record {
        let text = |s: Option<&Strings<'_>>| s.and_then(|s| s.get(i)).map(Cow::into_owned);
        let mut r = Record {
            nik: text(self.nik.as_ref()),
            sex: text(self.sex.as_ref()),
            regency: text(self.regency.as_ref()),
            district: text(self.district.as_ref()),
            sector: text(self.sector.as_ref()),
            cover_from: text(self.cover_from.as_ref()),
            cover_to: text(self.cover_to.as_ref()),
            ..Record::default()
        };
        r.birth_date = self.birth_date.as_ref().and_then(|c| c.text(i));
        r.declared_income = self.declared_income.as_ref().and_then(|c| match c {
            Amounts::Text(s) => s.get(i).map(Cow::into_owned),
            Amounts::Float64(f) => f.text(i),
            Amounts::Int64 { values, validity } => valid(validity.as_ref(), i)
                .then(|| values.get(i).map(ToString::to_string))
                .flatten(),
            Amounts::Decimal128 {
                values,
                scale,
                validity,
            } => valid(validity.as_ref(), i)
                .then(|| values.get(i).map(|v| decimal128_text(*v, *scale)))
                .flatten(),
            Amounts::Exact(values) => values
                .get(i)
                .copied()
                .flatten()
                .map(|d| d.normalize().to_string()),
            Amounts::Integers(w) => w.get(i).map(|v| v.to_string()),
        });
        let flag = |c: &Flags<'_>| match c {
            Flags::Text(s) => s.get(i).map(Cow::into_owned),
            Flags::Bits { .. } => match c.cell(i) {
                Cell::Value(b) => Some(b.to_string()),
                _ => None,
            },
            Flags::Integers(w) => w.get(i).map(|v| v.to_string()),
        };
        r.active_member = self.active_member.as_ref().and_then(flag);
        r.dtsen = self.dtsen.as_ref().and_then(flag);
        r.welfare_decile = self.welfare_decile.as_ref().and_then(|c| match c {
            Ints::Text(s) => s.get(i).map(Cow::into_owned),
            Ints::Float64(f) => f.text(i),
            Ints::Int64 { values, validity } => (valid(validity.as_ref(), i))
                .then(|| values.get(i).map(ToString::to_string))
                .flatten(),
            Ints::Integers(w) => w.get(i).map(|v| v.to_string()),
        });
        r
    }
}

/// An Arrow decimal as text, exactly: as a decimal number when `rust_decimal` holds it,
/// else as its digits (scale 0) or its unscaled integer and scale in scientific notation
/// (`123e-30`), which no field reads as a value.
fn decimal128_text(v: i128, scale: u32) -> String {
    match Decimal::try_from_i128_with_scale(v, scale) {
        Ok(d) => d.normalize().to_string(),
        Err(_) if scale == 0 => v.to_string(),
        Err(_) => format!("{v}e-{scale}"),
    }
}

impl Bitmap<'_> {
    fn skip(&self, i: usize) -> Self {
        Bitmap {
            bits: self.bits,
            offset: self.offset.saturating_add(i),
        }
    }
}

fn tail<T>(values: &[T], i: usize) -> &[T] {
    values.get(i..).unwrap_or_default()
}

impl<'a> Flags<'a> {
    /// The column from row `i` on.
    fn skip(&self, i: usize) -> Flags<'a> {
        match self {
            Flags::Bits { values, validity } => Flags::Bits {
                values: values.skip(i),
                validity: validity.map(|v| v.skip(i)),
            },
            Flags::Text(s) => Flags::Text(s.skip(i)),
            Flags::Integers(w) => Flags::Integers(w.skip(i)),
        }
    }
}

impl<'a> Strings<'a> {
    /// The column from row `i` on.
    fn skip(&self, i: usize) -> Strings<'a> {
        match self {
            Strings::Utf8 {
                offsets,
                data,
                validity,
            } => Strings::Utf8 {
                offsets: tail(offsets, i),
                data,
                validity: validity.map(|v| v.skip(i)),
            },
            Strings::LargeUtf8 {
                offsets,
                data,
                validity,
            } => Strings::LargeUtf8 {
                offsets: tail(offsets, i),
                data,
                validity: validity.map(|v| v.skip(i)),
            },
            Strings::Utf8View {
                views,
                buffers,
                validity,
            } => Strings::Utf8View {
                views: views.get(i.saturating_mul(16)..).unwrap_or_default(),
                buffers: buffers.clone(),
                validity: validity.map(|v| v.skip(i)),
            },
            Strings::Dictionary {
                keys,
                values,
                validity,
            } => Strings::Dictionary {
                keys: keys.skip(i),
                values: values.clone(),
                validity: validity.map(|v| v.skip(i)),
            },
            Strings::Slice(s) => Strings::Slice(tail(s, i)),
            Strings::Float64(f) => Strings::Float64(f.skip(i)),
            Strings::Integers(w) => Strings::Integers(w.skip(i)),
            Strings::Dates(d) => Strings::Dates(Box::new(d.skip(i))),
        }
    }
}

impl<'a> Columns<'a> {
    /// Rows `i..i + len`: the same layouts, read from row `i` on (nothing is copied).
    #[must_use]
    pub fn slice(&self, i: usize, len: usize) -> Columns<'a> {
        let len = len.min(self.len.saturating_sub(i));
        Columns {
            len,
            nik: self.nik.as_ref().map(|c| c.skip(i)),
            birth_date: self.birth_date.as_ref().map(|c| c.skip(i)),
            sex: self.sex.as_ref().map(|c| c.skip(i)),
            regency: self.regency.as_ref().map(|c| c.skip(i)),
            district: self.district.as_ref().map(|c| c.skip(i)),
            sector: self.sector.as_ref().map(|c| c.skip(i)),
            declared_income: self.declared_income.as_ref().map(|c| match c {
                Amounts::Int64 { values, validity } => Amounts::Int64 {
                    values: tail(values, i),
                    validity: validity.map(|v| v.skip(i)),
                },
                Amounts::Decimal128 {
                    values,
                    scale,
                    validity,
                } => Amounts::Decimal128 {
                    values: tail(values, i),
                    scale: *scale,
                    validity: validity.map(|v| v.skip(i)),
                },
                Amounts::Text(s) => Amounts::Text(s.skip(i)),
                Amounts::Exact(values) => Amounts::Exact(tail(values, i)),
                Amounts::Float64(f) => Amounts::Float64(f.skip(i)),
                Amounts::Integers(w) => Amounts::Integers(w.skip(i)),
            }),
            active_member: self.active_member.as_ref().map(|c| c.skip(i)),
            dtsen: self.dtsen.as_ref().map(|c| c.skip(i)),
            cover_from: self.cover_from.as_ref().map(|c| c.skip(i)),
            cover_to: self.cover_to.as_ref().map(|c| c.skip(i)),
            welfare_decile: self.welfare_decile.as_ref().map(|c| match c {
                Ints::Int64 { values, validity } => Ints::Int64 {
                    values: tail(values, i),
                    validity: validity.map(|v| v.skip(i)),
                },
                Ints::Text(s) => Ints::Text(s.skip(i)),
                Ints::Float64(f) => Ints::Float64(f.skip(i)),
                Ints::Integers(w) => Ints::Integers(w.skip(i)),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_a_text_column_s_layout_never_its_values() {
        let nik = [Some("3328011203700001"), Some("Siti Aminah")];
        let data = b"3328011203700001";
        let offsets = [0, 16];
        let columns = Columns {
            len: 2,
            nik: Some(Strings::Slice(&nik)),
            sector: Some(Strings::Utf8 {
                offsets: &offsets,
                data,
                validity: None,
            }),
            ..Columns::default()
        };
        let shown = format!("{columns:?}");
        assert!(
            shown.contains(r#"Strings { layout: "Slice", len: 2, .. }"#),
            "{shown}"
        );
        assert!(
            shown.contains(r#"Strings { layout: "Utf8", len: 1, .. }"#),
            "{shown}"
        );
        for secret in ["3328011203700001", "Siti", "51, 51, 50, 56"] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }

    #[test]
    fn keys_of_any_width_index_and_never_wrap() {
        let k8 = [-1_i8, 0, 127];
        let k = Keys::from(&k8[..]);
        assert_eq!(
            (0..4).map(|i| k.index(i)).collect::<Vec<_>>(),
            [Some(usize::MAX), Some(0), Some(127), None]
        );
        let k64 = [u64::MAX, 3];
        let k = Keys::from(&k64[..]);
        assert_eq!(k.index(1), Some(3));
        assert!(k.index(0).unwrap() >= usize::try_from(u32::MAX).unwrap());
        // `each` from a row on, nulls by the bitmap, a window past the end cut short.
        let k32 = [5_i32, -7, 9];
        let bits = [0b101_u8];
        let v = Bitmap {
            bits: &bits,
            offset: 0,
        };
        let mut seen = Vec::new();
        Keys::from(&k32[..]).each(1, 5, Some(&v), |j, k| seen.push((j, k)));
        assert_eq!(seen, [(0, None), (1, Some(9))]);
    }

    #[test]
    fn a_key_no_row_can_be_reads_as_absent_whatever_the_values_layout() {
        // A negative key is `usize::MAX` as an index: no arithmetic on it may wrap, in
        // the values' bitmap (offset 3) or their offsets.
        let offsets = [0, 4];
        let bits = [0xff_u8];
        let values = Strings::Utf8 {
            offsets: &offsets,
            data: b"3328",
            validity: Some(Bitmap {
                bits: &bits,
                offset: 3,
            }),
        };
        let keys = [-1_i8, 0];
        let column = Strings::Dictionary {
            keys: Keys::from(&keys[..]),
            values: Box::new(values),
            validity: None,
        };
        assert_eq!(column.get(0), None);
        assert_eq!(column.get(1).as_deref(), Some("3328"));
        let plain = Strings::Utf8 {
            offsets: &offsets,
            data: b"3328",
            validity: None,
        };
        assert_eq!(plain.get(usize::MAX), None);
        assert_eq!(plain.raw(usize::MAX), None);
    }

    #[test]
    fn an_arrow_decimal_is_echoed_exactly_whatever_its_size() {
        assert_eq!(decimal128_text(150_000_000, 2), "1500000");
        assert_eq!(decimal128_text(-25, 1), "-2.5");
        // Past rust_decimal's 96 bits, or a scale past its 28 digits.
        assert_eq!(decimal128_text(i128::MAX, 0), i128::MAX.to_string());
        assert_eq!(decimal128_text(123, 30), "123e-30");
    }

    #[test]
    fn instants_fall_on_the_day_by_floor_division() {
        assert_eq!(TimeUnit::Second.day(0), Some(0));
        assert_eq!(TimeUnit::Second.day(-1), Some(-1));
        assert_eq!(TimeUnit::Second.day(-86_400), Some(-1));
        assert_eq!(TimeUnit::Second.day(-86_401), Some(-2));
        assert_eq!(TimeUnit::Nanosecond.day(-1), Some(-1));
        assert_eq!(TimeUnit::Nanosecond.day(i64::MIN), Some(-106_752));
        assert_eq!(TimeUnit::Nanosecond.day(i64::MAX), Some(106_751));
        assert_eq!(TimeUnit::Millisecond.day(i64::MIN), None);
        assert_eq!(TimeUnit::Second.day(i64::MAX), None);
        // Nanoseconds span 1677-09-21 to 2262-04-11: the extremes are outside the
        // years a birth date is read in.
        let d = Dates::Instants {
            values: &[i64::MIN, i64::MAX, -1],
            unit: TimeUnit::Nanosecond,
            validity: None,
        };
        assert!(matches!(d.cell(0), Cell::Invalid));
        assert!(matches!(d.cell(1), Cell::Invalid));
        assert_eq!(d.cell(2).value(), Some(Date::constant(1969, 12, 31)));
        assert!(matches!(d.cell(3), Cell::Absent));
        assert_eq!(d.text(0).as_deref(), Some("1677-09-21"));
        assert_eq!(d.text(2).as_deref(), Some("1969-12-31"));
    }

    #[test]
    fn integers_read_as_their_digits() {
        let mut buf = [0u8; 48];
        assert_eq!(digits(0, &mut buf), "0");
        assert_eq!(digits(-1, &mut buf), "-1");
        assert_eq!(digits(i128::MIN, &mut buf), i128::MIN.to_string());
        let values = [1_u8, 0, 2];
        let c = IntColumn {
            values: Integers::from(&values[..]),
            validity: None,
        };
        let read = |i| c.read(i, parse_bool).value();
        assert_eq!(
            [read(0), read(1), read(2), read(3)],
            [Some(true), Some(false), None, None]
        );
        assert!(matches!(c.read(2, parse_bool), Cell::Invalid));
        assert!(matches!(c.read(3, parse_bool), Cell::Absent));
    }
}
