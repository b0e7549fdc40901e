//! Arbitrary column layouts as a binding hands them over: Arrow offsets, string views,
//! dictionaries with keys of every integer width, integers, floats, decimals, days,
//! timestamps of every unit and validity bitmaps, each either well formed (values a
//! roster would hold) or with offsets, keys, views and bitmaps pointing anywhere.
//! No panic; when the columns are accepted, one answer per row, a row that is not
//! eligible costs nothing, and the explanation of a row agrees with the kernel's answer
//! and sums its charges to the row's total.
#![no_main]

use std::sync::OnceLock;

use iuran::Policy;
use iuran::batch::{
    Amounts, Bitmap, Columns, Dates, Flags, Floats, IntColumn, Integers, Ints, Strings, TimeUnit,
};
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;

#[path = "shared/policies.rs"]
mod policies;
use policies::POLICIES;

fn compiled() -> &'static [Policy] {
    static COMPILED: OnceLock<Vec<Policy>> = OnceLock::new();
    COMPILED.get_or_init(|| {
        POLICIES
            .iter()
            .map(|p| Policy::from_toml(p).expect("the example policies are valid"))
            .collect()
    })
}

/// The fuzzer's bytes, read from the front; past the end every read is zero.
struct Input<'a>(&'a [u8]);

impl Input<'_> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        let n = n.min(self.0.len());
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        head.to_vec()
    }

    fn array<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0; N];
        for b in &mut out {
            *b = self.byte();
        }
        out
    }

    /// A count near `n`: usually `n`, sometimes a few more or fewer (a column shorter or
    /// longer than the roster).
    fn count(&mut self, n: usize) -> usize {
        match self.byte() % 16 {
            0 => n.saturating_sub(1),
            1 => n + 1,
            2 => n / 2,
            _ => n,
        }
    }
}

/// What a field holds, for the values a well-formed column draws from.
#[derive(Clone, Copy)]
enum Kind {
    Nik,
    Date,
    Sex,
    Regency,
    District,
    Sector,
    Amount,
    Flag,
    Decile,
    Month,
}

impl Kind {
    fn words(self) -> &'static [&'static str] {
        match self {
            Kind::Nik => &[
                "3328011203700001",
                "3328015003800002",
                "3327010211700002",
                "3522014101850003",
                "3328011203700001",
                "33280112037",
                " 3328011203700001 ",
            ],
            Kind::Date => &[
                "1970-03-12",
                "12-03-1970",
                "1955-11-01",
                "2001-02-29",
                "1990/01/01",
                "31/12/1960",
            ],
            Kind::Sex => &["L", "P", "l", "x"],
            Kind::Regency => &["3328", "3327", "3522", "3323", "3503", "9999"],
            Kind::District => &["332801", "332701", "352201", "Kec. Talang"],
            Kind::Sector => &[
                "Petani Tembakau",
                "nelayan",
                "Buruh Pabrik Rokok",
                "ojol",
                "Petani Padi",
                "Wiraswasta",
            ],
            Kind::Amount => &["1500000", "Rp 1.500.000", "0", "1000000000000", "-5"],
            Kind::Flag => &["ya", "tidak", "1", "0", "true", "maybe"],
            Kind::Decile => &["1", "4", "10", "11", "0"],
            Kind::Month => &[
                "2025-11",
                "2026-01",
                "2026-04",
                "2025-12-15",
                "2027-01",
                "13-2026",
            ],
        }
    }
}

struct Bits {
    bits: Vec<u8>,
    offset: usize,
}

impl Bits {
    fn view(&self) -> Bitmap<'_> {
        Bitmap {
            bits: &self.bits,
            offset: self.offset,
        }
    }
}

fn validity(input: &mut Input<'_>, n: usize) -> Option<Bits> {
    input.byte().is_multiple_of(3).then(|| {
        let offset = usize::from(input.byte() % 16);
        let len = (n + offset).div_ceil(8);
        let len = if input.byte().is_multiple_of(8) {
            len / 2
        } else {
            len
        };
        let mut bits = input.bytes(len);
        bits.resize(len, 0xff);
        Bits { bits, offset }
    })
}

enum Ints8 {
    I8(Vec<i8>),
    I16(Vec<i16>),
    I32(Vec<i32>),
    I64(Vec<i64>),
    U8(Vec<u8>),
    U16(Vec<u16>),
    U32(Vec<u32>),
    U64(Vec<u64>),
}

macro_rules! ints {
    ($input:expr, $n:expr, $well:expr, $t:ty) => {{
        (0..$n)
            .map(|_| match $well {
                Some(range) => (i64::from($input.byte()) % range) as $t,
                None => <$t>::from_le_bytes($input.array()),
            })
            .collect()
    }};
}

/// Integers of a width the input chooses: well formed, below `range` (keys into a
/// dictionary, deciles, flags), or any value of the width.
fn integers(input: &mut Input<'_>, n: usize, range: Option<i64>) -> Ints8 {
    match input.byte() % 8 {
        0 => Ints8::I8(ints!(input, n, range, i8)),
        1 => Ints8::I16(ints!(input, n, range, i16)),
        2 => Ints8::I32(ints!(input, n, range, i32)),
        3 => Ints8::I64(ints!(input, n, range, i64)),
        4 => Ints8::U8(ints!(input, n, range, u8)),
        5 => Ints8::U16(ints!(input, n, range, u16)),
        6 => Ints8::U32(ints!(input, n, range, u32)),
        _ => Ints8::U64(ints!(input, n, range, u64)),
    }
}

impl Ints8 {
    fn integers(&self) -> Integers<'_> {
        match self {
            Ints8::I8(v) => Integers::I8(v),
            Ints8::I16(v) => Integers::I16(v),
            Ints8::I32(v) => Integers::I32(v),
            Ints8::I64(v) => Integers::I64(v),
            Ints8::U8(v) => Integers::U8(v),
            Ints8::U16(v) => Integers::U16(v),
            Ints8::U32(v) => Integers::U32(v),
            Ints8::U64(v) => Integers::U64(v),
        }
    }
}

struct IntsColumn {
    values: Ints8,
    validity: Option<Bits>,
}

impl IntsColumn {
    fn new(input: &mut Input<'_>, n: usize, range: Option<i64>) -> IntsColumn {
        let len = input.count(n);
        IntsColumn {
            values: integers(input, len, range),
            validity: validity(input, n),
        }
    }

    fn view(&self) -> IntColumn<'_> {
        IntColumn {
            values: self.values.integers(),
            validity: self.validity.as_ref().map(Bits::view),
        }
    }
}

struct FloatColumn {
    values: Vec<f64>,
    validity: Option<Bits>,
}

impl FloatColumn {
    fn new(input: &mut Input<'_>, n: usize) -> FloatColumn {
        let len = input.count(n);
        let values = (0..len)
            .map(|_| match input.byte() % 4 {
                0 => f64::from_le_bytes(input.array()),
                1 => f64::NAN,
                _ => f64::from(u32::from_le_bytes(input.array())),
            })
            .collect();
        FloatColumn {
            values,
            validity: validity(input, n),
        }
    }

    fn view(&self) -> Floats<'_> {
        Floats {
            values: &self.values,
            validity: self.validity.as_ref().map(Bits::view),
        }
    }
}

/// A text column in one of the layouts `Strings` reads.
enum Text {
    Utf8 {
        offsets: Vec<i32>,
        data: Vec<u8>,
        validity: Option<Bits>,
    },
    Large {
        offsets: Vec<i64>,
        data: Vec<u8>,
        validity: Option<Bits>,
    },
    View {
        views: Vec<u8>,
        buffers: Vec<Vec<u8>>,
        validity: Option<Bits>,
    },
    Dictionary {
        keys: Ints8,
        values: Box<Text>,
        validity: Option<Bits>,
    },
    /// Borrowed Rust text: the field's words only (raw bytes go through the other
    /// layouts).
    Slice(Vec<Option<&'static str>>),
    Float(FloatColumn),
    Integers(IntsColumn),
    Dates(Box<DateColumn>),
}

/// Row `i`'s text for a well-formed column: a word of the field, or a few raw bytes.
fn word(input: &mut Input<'_>, kind: Kind) -> Vec<u8> {
    let b = input.byte();
    let words = kind.words();
    if usize::from(b) < words.len() * 30 {
        words[usize::from(b) % words.len()].as_bytes().to_vec()
    } else {
        let n = usize::from(input.byte() % 20);
        input.bytes(n)
    }
}

impl Text {
    fn new(input: &mut Input<'_>, n: usize, kind: Kind, depth: u8) -> Text {
        let well = !input.byte().is_multiple_of(4);
        match input.byte() % if depth == 0 { 8 } else { 3 } {
            0 => {
                let (offsets, data) = offsets(input, n, kind, well, |o| o as i32);
                Text::Utf8 {
                    offsets,
                    data,
                    validity: validity(input, n),
                }
            }
            1 => {
                let (offsets, data) = offsets(input, n, kind, well, |o| o as i64);
                Text::Large {
                    offsets,
                    data,
                    validity: validity(input, n),
                }
            }
            2 => {
                let (views, buffers) = views(input, n, kind, well);
                Text::View {
                    views,
                    buffers,
                    validity: validity(input, n),
                }
            }
            3 => {
                let distinct = usize::from(input.byte() % 8);
                let values = Text::new(input, distinct, kind, depth + 1);
                let len = input.count(n);
                Text::Dictionary {
                    keys: integers(input, len, well.then_some(9)),
                    values: Box::new(values),
                    validity: validity(input, n),
                }
            }
            4 => Text::Slice(
                (0..input.count(n))
                    .map(|_| {
                        let words = kind.words();
                        let w = words[usize::from(input.byte()) % words.len()];
                        (!input.byte().is_multiple_of(8)).then_some(w)
                    })
                    .collect(),
            ),
            5 => Text::Float(FloatColumn::new(input, n)),
            6 => Text::Integers(IntsColumn::new(input, n, None)),
            _ => Text::Dates(Box::new(DateColumn::new(input, n, depth + 1))),
        }
    }

    fn view(&self) -> Strings<'_> {
        match self {
            Text::Utf8 {
                offsets,
                data,
                validity,
            } => Strings::Utf8 {
                offsets,
                data,
                validity: validity.as_ref().map(Bits::view),
            },
            Text::Large {
                offsets,
                data,
                validity,
            } => Strings::LargeUtf8 {
                offsets,
                data,
                validity: validity.as_ref().map(Bits::view),
            },
            Text::View {
                views,
                buffers,
                validity,
            } => Strings::Utf8View {
                views,
                buffers: buffers.iter().map(Vec::as_slice).collect(),
                validity: validity.as_ref().map(Bits::view),
            },
            Text::Dictionary {
                keys,
                values,
                validity,
            } => Strings::Dictionary {
                keys: keys.integers(),
                values: Box::new(values.view()),
                validity: validity.as_ref().map(Bits::view),
            },
            Text::Slice(s) => Strings::Slice(s),
            Text::Float(f) => Strings::Float64(f.view()),
            Text::Integers(i) => Strings::Integers(i.view()),
            Text::Dates(d) => Strings::Dates(Box::new(d.view())),
        }
    }
}

/// Offsets and bytes: well formed (each row's word, in order), or any offsets over any
/// bytes.
fn offsets<O>(
    input: &mut Input<'_>,
    n: usize,
    kind: Kind,
    well: bool,
    cast: impl Fn(usize) -> O,
) -> (Vec<O>, Vec<u8>)
where
    O: FromLe,
{
    let rows = input.count(n);
    if well {
        let mut data = Vec::new();
        let mut offsets = vec![cast(0)];
        for _ in 0..rows {
            data.extend(word(input, kind));
            offsets.push(cast(data.len()));
        }
        (offsets, data)
    } else {
        let offsets = (0..=rows).map(|_| O::from_le(input)).collect();
        let len = usize::from(input.byte());
        (offsets, input.bytes(len))
    }
}

/// An offset read as its width's little-endian bytes.
trait FromLe {
    fn from_le(input: &mut Input<'_>) -> Self;
}

impl FromLe for i32 {
    fn from_le(input: &mut Input<'_>) -> i32 {
        i32::from_le_bytes(input.array())
    }
}

impl FromLe for i64 {
    fn from_le(input: &mut Input<'_>) -> i64 {
        i64::from_le_bytes(input.array())
    }
}

/// String views: well formed (short words inline, long ones in one of two buffers), or
/// 16 arbitrary bytes a row over arbitrary buffers.
fn views(input: &mut Input<'_>, n: usize, kind: Kind, well: bool) -> (Vec<u8>, Vec<Vec<u8>>) {
    let rows = input.count(n);
    let mut buffers = vec![Vec::new(), Vec::new()];
    let mut views = Vec::with_capacity(16 * rows);
    for _ in 0..rows {
        if !well {
            views.extend(input.array::<16>());
            continue;
        }
        let w = word(input, kind);
        let len = u32::try_from(w.len()).expect("words are short");
        views.extend(len.to_le_bytes());
        if w.len() <= 12 {
            let mut inline = [0; 12];
            inline[..w.len()].copy_from_slice(&w);
            views.extend(inline);
        } else {
            let b = usize::from(input.byte() % 2);
            let offset = u32::try_from(buffers[b].len()).expect("buffers are short");
            views.extend(&w[..4]);
            views.extend(u32::try_from(b).expect("two buffers").to_le_bytes());
            views.extend(offset.to_le_bytes());
            buffers[b].extend(&w);
        }
    }
    if !well {
        for b in &mut buffers {
            let len = usize::from(input.byte());
            *b = input.bytes(len);
        }
    }
    buffers.truncate(usize::from(input.byte() % 3));
    (views, buffers)
}

/// A column of dates in one of the layouts `Dates` reads.
enum DateColumn {
    Days(Vec<i32>, Option<Bits>),
    Instants(Vec<i64>, TimeUnit, Option<Bits>),
    Text(Text),
}

/// Days since 1970-01-01 of birth dates a roster holds (1940–2010), or any day.
fn day(input: &mut Input<'_>, well: bool) -> i32 {
    if well {
        -10_957 + i32::from(u16::from_le_bytes(input.array()) % 25_567)
    } else {
        i32::from_le_bytes(input.array())
    }
}

impl DateColumn {
    fn new(input: &mut Input<'_>, n: usize, depth: u8) -> DateColumn {
        let well = !input.byte().is_multiple_of(4);
        let rows = input.count(n);
        match input.byte() % if depth < 2 { 3 } else { 2 } {
            0 => DateColumn::Days(
                (0..rows).map(|_| day(input, well)).collect(),
                validity(input, n),
            ),
            1 => {
                let (unit, per_day) = match input.byte() % 4 {
                    0 => (TimeUnit::Second, 86_400_i64),
                    1 => (TimeUnit::Millisecond, 86_400_000),
                    2 => (TimeUnit::Microsecond, 86_400_000_000),
                    _ => (TimeUnit::Nanosecond, 86_400_000_000_000),
                };
                let values = (0..rows)
                    .map(|_| {
                        if well {
                            // A day and a time within it (negative before 1970).
                            i64::from(day(input, true)) * per_day
                                + i64::from(input.byte()) * (per_day / 256)
                        } else {
                            i64::from_le_bytes(input.array())
                        }
                    })
                    .collect();
                DateColumn::Instants(values, unit, validity(input, n))
            }
            _ => DateColumn::Text(Text::new(input, n, Kind::Date, depth + 1)),
        }
    }

    fn view(&self) -> Dates<'_> {
        match self {
            DateColumn::Days(days, v) => Dates::Days {
                days,
                validity: v.as_ref().map(Bits::view),
            },
            DateColumn::Instants(values, unit, v) => Dates::Instants {
                values,
                unit: *unit,
                validity: v.as_ref().map(Bits::view),
            },
            DateColumn::Text(t) => Dates::Text(t.view()),
        }
    }
}

/// A column of amounts in one of the layouts `Amounts` reads.
enum AmountColumn {
    Int64(Vec<i64>, Option<Bits>),
    Decimal128(Vec<i128>, u32, Option<Bits>),
    Text(Text),
    Exact(Vec<Option<Decimal>>),
    Float(FloatColumn),
    Integers(IntsColumn),
}

impl AmountColumn {
    fn new(input: &mut Input<'_>, n: usize) -> AmountColumn {
        let rows = input.count(n);
        match input.byte() % 6 {
            0 => AmountColumn::Int64(
                (0..rows)
                    .map(|_| match input.byte() % 4 {
                        0 => i64::from_le_bytes(input.array()),
                        _ => i64::from(input.byte()) * 25_000,
                    })
                    .collect(),
                validity(input, n),
            ),
            1 => AmountColumn::Decimal128(
                (0..rows)
                    .map(|_| i128::from_le_bytes(input.array()) >> (input.byte() % 128))
                    .collect(),
                u32::from(input.byte() % 40),
                validity(input, n),
            ),
            2 => AmountColumn::Text(Text::new(input, n, Kind::Amount, 0)),
            3 => AmountColumn::Exact(
                (0..rows)
                    .map(|_| {
                        (!input.byte().is_multiple_of(8)).then(|| {
                            let mut d = Decimal::from(i64::from_le_bytes(input.array()));
                            d.set_scale(u32::from(input.byte() % 29))
                                .expect("scales up to 28");
                            d
                        })
                    })
                    .collect(),
            ),
            4 => AmountColumn::Float(FloatColumn::new(input, n)),
            _ => AmountColumn::Integers(IntsColumn::new(input, n, None)),
        }
    }

    fn view(&self) -> Amounts<'_> {
        match self {
            AmountColumn::Int64(values, v) => Amounts::Int64 {
                values,
                validity: v.as_ref().map(Bits::view),
            },
            AmountColumn::Decimal128(values, scale, v) => Amounts::Decimal128 {
                values,
                scale: *scale,
                validity: v.as_ref().map(Bits::view),
            },
            AmountColumn::Text(t) => Amounts::Text(t.view()),
            AmountColumn::Exact(values) => Amounts::Exact(values),
            AmountColumn::Float(f) => Amounts::Float64(f.view()),
            AmountColumn::Integers(i) => Amounts::Integers(i.view()),
        }
    }
}

/// A column of flags in one of the layouts `Flags` reads.
enum FlagColumn {
    Bits(Bits, Option<Bits>),
    Text(Text),
    Integers(IntsColumn),
}

impl FlagColumn {
    fn new(input: &mut Input<'_>, n: usize) -> FlagColumn {
        match input.byte() % 3 {
            0 => {
                let offset = usize::from(input.byte() % 8);
                let len = input.count(n + offset).div_ceil(8);
                let mut bits = input.bytes(len);
                bits.resize(len, 0);
                FlagColumn::Bits(Bits { bits, offset }, validity(input, n))
            }
            1 => FlagColumn::Text(Text::new(input, n, Kind::Flag, 0)),
            _ => FlagColumn::Integers(IntsColumn::new(input, n, Some(3))),
        }
    }

    fn view(&self) -> Flags<'_> {
        match self {
            FlagColumn::Bits(values, v) => Flags::Bits {
                values: values.view(),
                validity: v.as_ref().map(Bits::view),
            },
            FlagColumn::Text(t) => Flags::Text(t.view()),
            FlagColumn::Integers(i) => Flags::Integers(i.view()),
        }
    }
}

/// A column of small integers in one of the layouts `Ints` reads.
enum DecileColumn {
    Int64(Vec<i64>, Option<Bits>),
    Text(Text),
    Float(FloatColumn),
    Integers(IntsColumn),
}

impl DecileColumn {
    fn new(input: &mut Input<'_>, n: usize) -> DecileColumn {
        let rows = input.count(n);
        match input.byte() % 4 {
            0 => DecileColumn::Int64(
                (0..rows)
                    .map(|_| match input.byte() % 4 {
                        0 => i64::from_le_bytes(input.array()),
                        _ => i64::from(input.byte() % 12),
                    })
                    .collect(),
                validity(input, n),
            ),
            1 => DecileColumn::Text(Text::new(input, n, Kind::Decile, 0)),
            2 => DecileColumn::Float(FloatColumn::new(input, n)),
            _ => DecileColumn::Integers(IntsColumn::new(input, n, Some(12))),
        }
    }

    fn view(&self) -> Ints<'_> {
        match self {
            DecileColumn::Int64(values, v) => Ints::Int64 {
                values,
                validity: v.as_ref().map(Bits::view),
            },
            DecileColumn::Text(t) => Ints::Text(t.view()),
            DecileColumn::Float(f) => Ints::Float64(f.view()),
            DecileColumn::Integers(i) => Ints::Integers(i.view()),
        }
    }
}

/// Each field present or not, as the input says.
fn maybe<T>(input: &mut Input<'_>, make: impl FnOnce(&mut Input<'_>) -> T) -> Option<T> {
    (!input.byte().is_multiple_of(5)).then(|| make(input))
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input(data);
    let policy = &compiled()[usize::from(input.byte()) % POLICIES.len()];
    let n = usize::from(input.byte() % 48);
    let i = &mut input;
    let nik = maybe(i, |i| Text::new(i, n, Kind::Nik, 0));
    let birth = maybe(i, |i| DateColumn::new(i, n, 0));
    let sex = maybe(i, |i| Text::new(i, n, Kind::Sex, 0));
    let regency = maybe(i, |i| Text::new(i, n, Kind::Regency, 0));
    let district = maybe(i, |i| Text::new(i, n, Kind::District, 0));
    let sector = maybe(i, |i| Text::new(i, n, Kind::Sector, 0));
    let income = maybe(i, |i| AmountColumn::new(i, n));
    let member = maybe(i, |i| FlagColumn::new(i, n));
    let decile = maybe(i, |i| DecileColumn::new(i, n));
    let dtsen = maybe(i, |i| FlagColumn::new(i, n));
    let cover_from = maybe(i, |i| Text::new(i, n, Kind::Month, 0));
    let cover_to = maybe(i, |i| Text::new(i, n, Kind::Month, 0));
    let columns = Columns {
        len: n,
        nik: nik.as_ref().map(Text::view),
        birth_date: birth.as_ref().map(DateColumn::view),
        sex: sex.as_ref().map(Text::view),
        regency: regency.as_ref().map(Text::view),
        district: district.as_ref().map(Text::view),
        sector: sector.as_ref().map(Text::view),
        declared_income: income.as_ref().map(AmountColumn::view),
        active_member: member.as_ref().map(FlagColumn::view),
        welfare_decile: decile.as_ref().map(DecileColumn::view),
        dtsen: dtsen.as_ref().map(FlagColumn::view),
        cover_from: cover_from.as_ref().map(Text::view),
        cover_to: cover_to.as_ref().map(Text::view),
    };

    // A column shorter than the roster, or a decimal no amount can be, is refused
    // with an error; anything else is decided.
    let Ok(out) = policy.evaluate_columns(&columns) else {
        return;
    };
    assert_eq!(out.eligible.len(), n, "rows in = rows out");
    assert_eq!(out.total_cost.len(), n);
    assert_eq!(out.reasons.len(), n);
    for row in 0..n {
        let total = out.total_cost[row];
        assert!(total >= 0);
        assert!(
            out.eligible[row] || total == 0,
            "not eligible costs nothing"
        );
        let d = policy.explain_row(&columns, &out, row);
        assert_eq!(
            d.eligible, out.eligible[row],
            "the explanation is the kernel's answer"
        );
        assert_eq!(d.total_cost, Decimal::from(total));
        let charges: Decimal = d.breakdown.iter().map(|c| c.amount).sum();
        assert_eq!(d.total_cost, charges, "a row's total = its charges");
    }
});
