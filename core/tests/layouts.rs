//! The Arrow layouts the core reads in place (string views, dictionaries with keys of
//! any width, integers of any width, timestamps and `date64`, dates in a cover-month
//! field) give the answers of the same roster written as text; hostile values (keys
//! out of range, views outside their buffers, timestamp extremes) read as absent or
//! unreadable, never a panic.

use iuran::Policy;
use iuran::batch::{
    Amounts, Bitmap, Columns, Dates, Flags, IntColumn, Integers, Ints, Keys, Strings, TimeUnit,
};

fn policy() -> Policy {
    Policy::from_file(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/policies/tegal-2025.toml"
    ))
    .unwrap()
}

/// Four workers of Tegal; NIKs agree with the birth dates (row 1 born on the last
/// day before 1970, row 2 female, born 1980-03-10, her birth date left to the NIK).
const NIK: [Option<&str>; 4] = [
    Some("3328011203700001"),
    Some("3328013112690004"),
    Some("3328015003800002"),
    Some("3328011203700005"),
];
const REGENCY: [Option<&str>; 4] = [Some("3328"); 4];
const SECTOR: [Option<&str>; 4] = [
    Some("nelayan"),
    Some("Petani Tembakau"),
    Some("nelayan"),
    Some("nelayan"),
];

fn roster(birth: Dates<'_>) -> Columns<'_> {
    Columns {
        len: 4,
        nik: Some(Strings::Slice(&NIK)),
        birth_date: Some(birth),
        regency: Some(Strings::Slice(&REGENCY)),
        sector: Some(Strings::Slice(&SECTOR)),
        ..Columns::default()
    }
}

// Keys of every width: row 3's is negative or past the end of two values.
static I8: [i8; 4] = [0, 1, 0, -1];
static I16: [i16; 4] = [0, 1, 0, i16::MIN];
static I32: [i32; 4] = [0, 1, 0, 2];
static I64: [i64; 4] = [0, 1, 0, i64::MIN];
static U8: [u8; 4] = [0, 1, 0, u8::MAX];
static U16: [u16; 4] = [0, 1, 0, 2];
static U32: [u32; 4] = [0, 1, 0, u32::MAX];
static U64: [u64; 4] = [0, 1, 0, u64::MAX];

fn reasons(out: &iuran::batch::Outcome) -> Vec<String> {
    out.reasons.iter().map(ToString::to_string).collect()
}

#[test]
fn timestamps_of_every_unit_fall_on_their_civil_day() {
    let p = policy();
    // Row 3 is a birth date no calendar holds.
    let text = [
        Some("1970-03-12"),
        Some("1969-12-31"),
        None,
        Some("not a date"),
    ];
    let by_text = p
        .evaluate_columns(&roster(Dates::Text(Strings::Slice(&text))))
        .unwrap();
    // Worked out by hand: rows 0–2 eligible for the four months at Rp 16,800.
    assert_eq!(by_text.eligible, [true, true, true, false]);
    assert_eq!(by_text.total_cost, [67_200, 67_200, 67_200, 0]);
    assert_eq!(reasons(&by_text)[3], "invalid_value");
    let validity = [0b1011_u8];
    let bits = Some(Bitmap {
        bits: &validity,
        offset: 0,
    });
    for (unit, per_second) in [
        (TimeUnit::Second, 1_i64),
        (TimeUnit::Millisecond, 1_000),
        (TimeUnit::Microsecond, 1_000_000),
        (TimeUnit::Nanosecond, 1_000_000_000),
    ] {
        // 1970-03-12 is day 70; one unit before 1970 is 1969-12-31 (floor, not
        // truncation towards 1970-01-01).
        for extreme in [i64::MIN, i64::MAX] {
            let values = [70 * 86_400 * per_second + 5, -1, 0, extreme];
            let c = roster(Dates::Instants {
                values: &values,
                unit,
                validity: bits,
            });
            let out = p.evaluate_columns(&c).unwrap();
            assert_eq!(out, by_text, "{unit:?} {extreme}");
            let d = p.explain_row(&c, &out, 3);
            assert_eq!(d.reasons[0].code.as_str(), "invalid_value");
        }
    }
    // `date64`: milliseconds.
    let values = [70 * 86_400_000, -86_400_000, 0, i64::MIN];
    let c = roster(Dates::Instants {
        values: &values,
        unit: TimeUnit::Millisecond,
        validity: bits,
    });
    assert_eq!(p.evaluate_columns(&c).unwrap(), by_text);
    // A day that fits `i32` but is past the years read: unreadable too.
    let values = [70 * 86_400, -86_400, 0, 400 * 366 * 86_400];
    let c = roster(Dates::Instants {
        values: &values,
        unit: TimeUnit::Second,
        validity: bits,
    });
    assert_eq!(p.evaluate_columns(&c).unwrap(), by_text);
}

#[test]
fn dictionaries_with_any_key_width_read_their_values() {
    let p = policy();
    let birth = [Some("1970-03-12"), Some("1969-12-31"), None, None];
    // Sectors by dictionary; row 3's key is negative or past the end: absent, so
    // `missing_field` as a null sector is.
    let values = [Some("nelayan"), Some("Petani Tembakau")];
    let with = |keys: Keys<'static>| {
        let c = Columns {
            sector: Some(Strings::Dictionary {
                keys,
                values: Box::new(Strings::Slice(&values)),
                validity: None,
            }),
            ..roster(Dates::Text(Strings::Slice(&birth)))
        };
        p.evaluate_columns(&c).unwrap()
    };
    let missing_sector = {
        let sector = [
            Some("nelayan"),
            Some("Petani Tembakau"),
            Some("nelayan"),
            None,
        ];
        let c = Columns {
            sector: Some(Strings::Slice(&sector)),
            ..roster(Dates::Text(Strings::Slice(&birth)))
        };
        p.evaluate_columns(&c).unwrap()
    };
    assert_eq!(reasons(&missing_sector)[3], "missing_field");
    assert_eq!(missing_sector.eligible, [true, true, true, false]);
    for keys in [
        Keys::from(&I8[..]),
        Keys::from(&I16[..]),
        Keys::from(&I32[..]),
        Keys::from(&I64[..]),
        Keys::from(&U8[..]),
        Keys::from(&U16[..]),
        Keys::from(&U32[..]),
        Keys::from(&U64[..]),
    ] {
        assert_eq!(keys.len(), 4);
        assert_eq!(with(keys), missing_sector, "{keys:?}");
    }
    // Nulls by the keys' validity; a slice of the columns reads from its row on.
    let validity = [0b0111_u8];
    let c = Columns {
        sector: Some(Strings::Dictionary {
            keys: Keys::from(&U8[..]),
            values: Box::new(Strings::Slice(&values)),
            validity: Some(Bitmap {
                bits: &validity,
                offset: 0,
            }),
        }),
        ..roster(Dates::Text(Strings::Slice(&birth)))
    };
    assert_eq!(p.evaluate_columns(&c).unwrap(), missing_sector);
    let tail = c.slice(1, 3);
    assert_eq!(
        reasons(&p.evaluate_columns(&tail).unwrap()),
        reasons(&missing_sector)[1..]
    );
}

/// Views of Arrow `Utf8View`: 16 bytes each, little-endian.
fn view(text: &[u8], buffer: u32, offset: u32) -> [u8; 16] {
    let mut v = [0u8; 16];
    v[..4].copy_from_slice(&u32::try_from(text.len()).unwrap().to_le_bytes());
    if text.len() <= 12 {
        v[4..4 + text.len()].copy_from_slice(text);
    } else {
        v[4..8].copy_from_slice(&text[..4]);
        v[8..12].copy_from_slice(&buffer.to_le_bytes());
        v[12..].copy_from_slice(&offset.to_le_bytes());
    }
    v
}

#[test]
fn string_views_read_inline_and_long_texts_and_hostile_views_fail_visibly() {
    static TEXT: [Option<&str>; 4] = [
        Some("nelayan"),
        Some("Petani Tembakau"),
        Some("nelayan"),
        Some("\u{fffd}"),
    ];
    static BIRTH: [Option<&str>; 4] = [Some("1970-03-12"), Some("1969-12-31"), None, None];
    let p = policy();
    let data: &[u8] = b"xxPetani Tembakau";
    let long = b"Petani Tembakau";
    let mut views = Vec::new();
    for v in [
        view(b"nelayan", 0, 0),
        view(long, 0, 2),
        view(b"nelayan", 0, 0),
        // Past its buffer, then a buffer that does not exist: unreadable text.
        view(long, 0, 9),
    ] {
        views.extend_from_slice(&v);
    }
    let sector = |s: Strings<'static>| Columns {
        sector: Some(s),
        ..roster(Dates::Text(Strings::Slice(&BIRTH)))
    };
    let views: &'static [u8] = Box::leak(views.into_boxed_slice());
    let by_view = p
        .evaluate_columns(&sector(Strings::Utf8View {
            views,
            buffers: Box::new([data]),
            validity: None,
        }))
        .unwrap();
    let by_text = p.evaluate_columns(&sector(Strings::Slice(&TEXT))).unwrap();
    assert_eq!(by_view, by_text);
    assert_eq!(by_view.eligible, [true, true, true, false]);
    // The same with no buffer at all, and a sex column of views (a view out of range
    // is an invalid sex; a short views buffer reads as absent past its end).
    let mut views2 = views.to_vec();
    views2[3 * 16 + 8..3 * 16 + 12].copy_from_slice(&7u32.to_le_bytes());
    let views2: &'static [u8] = Box::leak(views2.into_boxed_slice());
    let out = p
        .evaluate_columns(&sector(Strings::Utf8View {
            views: views2,
            buffers: Box::new([data]),
            validity: None,
        }))
        .unwrap();
    assert_eq!(out, by_text);
    let sexes: &'static [u8] = Box::leak(
        [
            view(b"L", 0, 0),
            view(b"P", 0, 0),
            view(b"Perempuan...x", 3, 0),
        ]
        .concat()
        .into_boxed_slice(),
    );
    let c = Columns {
        sex: Some(Strings::Utf8View {
            views: sexes,
            buffers: Box::new([]),
            validity: None,
        }),
        ..sector(Strings::Slice(&TEXT))
    };
    // Three views for four rows: the core refuses the column by its length.
    assert!(p.evaluate_columns(&c).is_err());
    let c = c.slice(0, 3);
    let out = p.evaluate_columns(&Columns { len: 3, ..c }).unwrap();
    assert_eq!(reasons(&out)[2], "invalid_value");
}

#[test]
fn integers_of_any_width_read_as_their_numbers() {
    let p = policy();
    let birth = [Some("1970-03-12"), Some("1969-12-31"), None, None];
    let base = || roster(Dates::Text(Strings::Slice(&birth)));
    // Incomes: int32 and uint64 read as int64 would; u64::MAX is past every limit.
    let text_income = [
        Some("1500000"),
        None,
        Some("0"),
        Some("18446744073709551615"),
    ];
    let by_text = p
        .evaluate_columns(&Columns {
            declared_income: Some(Amounts::Text(Strings::Slice(&text_income))),
            ..base()
        })
        .unwrap();
    assert_eq!(reasons(&by_text)[3], "invalid_value");
    let incomes = [1_500_000_u64, 7, 0, u64::MAX];
    let nulls = [0b1101_u8];
    let validity = Some(Bitmap {
        bits: &nulls,
        offset: 0,
    });
    let c = Columns {
        declared_income: Some(Amounts::Integers(IntColumn {
            values: Integers::from(&incomes[..]),
            validity,
        })),
        ..base()
    };
    assert_eq!(p.evaluate_columns(&c).unwrap(), by_text);
    // The record shows the number as given.
    assert_eq!(
        c.record(3).declared_income.as_deref(),
        Some("18446744073709551615")
    );
    assert_eq!(c.record(1).declared_income, None);
    // Deciles as int8 (pandas' `Int8`): 11 and -1 are no decile.
    let deciles = [3_i8, 11, -1, 0];
    let dec_nulls = [0b0111_u8];
    let text_deciles = [Some("3"), Some("11"), Some("-1"), None];
    let c = Columns {
        welfare_decile: Some(Ints::Integers(IntColumn {
            values: Integers::from(&deciles[..]),
            validity: Some(Bitmap {
                bits: &dec_nulls,
                offset: 0,
            }),
        })),
        ..base()
    };
    let by_int = p.evaluate_columns(&c).unwrap();
    let by_text = p
        .evaluate_columns(&Columns {
            welfare_decile: Some(Ints::Text(Strings::Slice(&text_deciles))),
            ..base()
        })
        .unwrap();
    assert_eq!(by_int, by_text);
    assert_eq!(
        reasons(&by_int)[1..3],
        ["invalid_value".to_owned(), "invalid_value".to_owned()]
    );
    // Flags as integers: 1 yes, 0 no, anything else unreadable (as its digits are).
    let member = [1_u16, 0, 2, 0];
    let text_member = [Some("1"), Some("0"), Some("2"), Some("0")];
    let c = Columns {
        active_member: Some(Flags::Integers(IntColumn {
            values: Integers::from(&member[..]),
            validity: None,
        })),
        ..base()
    };
    let by_int = p.evaluate_columns(&c).unwrap();
    let by_text = p
        .evaluate_columns(&Columns {
            active_member: Some(Flags::Text(Strings::Slice(&text_member))),
            ..base()
        })
        .unwrap();
    assert_eq!(by_int, by_text);
    assert_eq!(
        reasons(&by_int),
        ["already_member", "", "invalid_value", ""]
    );
    // Codes as integers: a regency read as int64 is its digits.
    let regency = [3328_i64, 3328, 3327, 3328];
    let c = Columns {
        regency: Some(Strings::Integers(IntColumn {
            values: Integers::from(&regency[..]),
            validity: None,
        })),
        ..base()
    };
    let out = p.evaluate_columns(&c).unwrap();
    assert_eq!(out.eligible, [true, true, false, true]);
    assert_eq!(reasons(&out)[2], "outside_region");
}

#[test]
fn a_date_in_a_cover_field_stands_for_its_month() {
    let p = policy();
    let birth = [Some("1970-03-12"), Some("1969-12-31"), None, None];
    let base = || roster(Dates::Text(Strings::Slice(&birth)));
    // 2025-10-31, 2025-11-01T00:00 minus a second (so 2025-10-31), null, and a day no
    // calendar holds.
    let oct_31: i32 = 20_392;
    let from = [
        i64::from(oct_31) * 86_400,
        i64::from(oct_31 + 1) * 86_400 - 1,
        0,
        i64::MAX,
    ];
    let nulls = [0b1011_u8];
    let c = Columns {
        cover_from: Some(Strings::Dates(Box::new(Dates::Instants {
            values: &from,
            unit: TimeUnit::Second,
            validity: Some(Bitmap {
                bits: &nulls,
                offset: 0,
            }),
        }))),
        ..base()
    };
    let by_date = p.evaluate_columns(&c).unwrap();
    let text = [Some("2025-10"), Some("2025-10-31"), None, Some("x")];
    let by_text = p
        .evaluate_columns(&Columns {
            cover_from: Some(Strings::Slice(&text)),
            ..base()
        })
        .unwrap();
    assert_eq!(by_date, by_text);
    // October to December: three months at Rp 16,800.
    assert_eq!(by_date.total_cost[..3], [50_400, 50_400, 67_200]);
    assert_eq!(reasons(&by_date)[3], "invalid_value");
    // `date32` days in the same field.
    let days = [oct_31, oct_31, 0, i32::MAX];
    let c = Columns {
        cover_from: Some(Strings::Dates(Box::new(Dates::Days {
            days: &days,
            validity: Some(Bitmap {
                bits: &nulls,
                offset: 0,
            }),
        }))),
        ..base()
    };
    assert_eq!(p.evaluate_columns(&c).unwrap(), by_text);
    assert_eq!(c.record(0).cover_from.as_deref(), Some("2025-10-31"));
}
