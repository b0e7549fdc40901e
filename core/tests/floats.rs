//! Numbers a table reader stored as floats (pandas makes `float64` of a column of
//! numbers with an empty cell): read one cell at a time, and only as whole numbers.

use iuran::Policy;
use iuran::batch::{Amounts, Bitmap, Columns, Dates, Floats, Ints, Strings};

fn policy() -> Policy {
    Policy::from_file(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/policies/tegal-2025.toml"
    ))
    .unwrap()
}

const BIRTH: [Option<&str>; 4] = [Some("1970-03-12"); 4];
const REGENCY: [Option<&str>; 4] = [Some("3328"); 4];
const SECTOR: [Option<&str>; 4] = [Some("nelayan"); 4];

fn columns(nik: Strings<'_>) -> Columns<'_> {
    Columns {
        len: 4,
        nik: Some(nik),
        birth_date: Some(Dates::Text(Strings::Slice(&BIRTH))),
        regency: Some(Strings::Slice(&REGENCY)),
        sector: Some(Strings::Slice(&SECTOR)),
        ..Columns::default()
    }
}

#[test]
fn a_whole_float_nik_is_its_digits_and_any_other_is_invalid() {
    let p = policy();
    // Row 1 is null (validity bit 1 clear); row 2 has a fraction; row 3 is 2^53 + 2,
    // beyond the whole numbers a double holds exactly.
    let values = [
        3_328_011_203_700_001.0,
        0.0,
        3_328_011_203_700_001.5,
        9_007_199_254_740_994.0,
    ];
    let validity = [0b1101_u8];
    let floats = Strings::Float64(Floats {
        values: &values,
        validity: Some(Bitmap {
            bits: &validity,
            offset: 0,
        }),
    });
    let text = [Some("3328011203700001"), None, Some("x"), Some("y")];
    let by_float = p.evaluate_columns(&columns(floats.clone())).unwrap();
    let by_text = p.evaluate_columns(&columns(Strings::Slice(&text))).unwrap();
    // The same answers as the NIKs written as text (the policy requires a NIK).
    assert_eq!(by_float.eligible, [true, false, false, false]);
    assert_eq!(by_float.reasons[1].to_string(), "missing_field");
    assert_eq!(by_float, by_text);
    assert_eq!(by_float.total_cost[0], 67_200);
    assert_eq!(by_float.reasons[2].to_string(), "invalid_nik");
    assert_eq!(by_float.reasons[3].to_string(), "invalid_nik");
    let c = columns(floats);
    for row in [2, 3] {
        let d = p.explain_row(&c, &by_float, row);
        assert_eq!(d.reasons.len(), 1);
        let reason = &d.reasons[0];
        assert_eq!(reason.context["kind"], "float");
        assert!(
            reason
                .message(iuran::Lang::En)
                .contains("stored the NIK as a floating-point number"),
            "{}",
            reason.message(iuran::Lang::En)
        );
    }
    // A sex stored as a float is an invalid value, saying so.
    let sexes = [0.0, 0.0, 0.0, 1.5];
    let mut c = columns(Strings::Float64(Floats {
        values: &values,
        validity: Some(Bitmap {
            bits: &validity,
            offset: 0,
        }),
    }));
    c.sex = Some(Strings::Float64(Floats {
        values: &sexes,
        validity: Some(Bitmap {
            bits: &[0b1000],
            offset: 0,
        }),
    }));
    let out = p.evaluate_columns(&c).unwrap();
    assert_eq!(out.reasons[3].to_string(), "invalid_value;invalid_nik");
    let d = p.explain_row(&c, &out, 3);
    assert_eq!(d.reasons[0].context["value"], "1.5e0");
    assert!(
        d.reasons[0]
            .message(iuran::Lang::En)
            .contains("the table reader stored it as a floating-point number"),
        "{}",
        d.reasons[0].message(iuran::Lang::En)
    );
    // A text NIK that does not parse keeps its own explanation.
    let d = p.explain_row(&columns(Strings::Slice(&text)), &by_text, 2);
    assert_eq!(d.reasons[0].context["kind"], "non_digit");
}

#[test]
fn all_null_floats_are_missing_values() {
    let p = policy();
    let values = [f64::NAN, 0.0, 0.0, 0.0];
    let none = [0_u8];
    let nulls = Floats {
        values: &values,
        validity: Some(Bitmap {
            bits: &none,
            offset: 0,
        }),
    };
    let nik = [Some("3328011203700001"); 4];
    let mut typed = columns(Strings::Slice(&nik));
    typed.sex = Some(Strings::Float64(nulls));
    typed.district = Some(Strings::Float64(nulls));
    typed.declared_income = Some(Amounts::Float64(nulls));
    typed.welfare_decile = Some(Ints::Float64(nulls));
    let plain = columns(Strings::Slice(&nik));
    assert_eq!(
        p.evaluate_columns(&typed).unwrap(),
        p.evaluate_columns(&plain).unwrap()
    );
}

#[test]
fn whole_float_incomes_and_deciles_read_as_integers() {
    // One month, the income basis as declared: JKK 1% of Rp 2,500,000 plus JKM Rp 6,800.
    let p = Policy::from_toml(
        "id = \"simple\"\nname = \"Simple\"\nregency = \"3328\"\nfiscal_year = 2025\n\
         [coverage]\nstart = \"2025-09\"\nmonths = 1\nincome = \"declared\"\n\
         [[funding]]\nid = \"apbd\"\nkind = \"APBD\"\n",
    )
    .unwrap();
    let nik = [Some("3328011203700001"), None, None, None];
    let incomes = [2_500_000.0, f64::NAN, -1.0, 2e9];
    let deciles = [3.0, 10.0, 0.0, f64::NAN];
    let mut floats = columns(Strings::Slice(&nik));
    floats.declared_income = Some(Amounts::Float64(Floats {
        values: &incomes,
        validity: None,
    }));
    floats.welfare_decile = Some(Ints::Float64(Floats {
        values: &deciles,
        validity: None,
    }));
    let ints_income = [2_500_000_i64, 0, -1, 2_000_000_000];
    let income_valid = [0b1101_u8];
    let ints_decile = [3_i64, 10, 0, 0];
    let decile_valid = [0b0111_u8];
    let mut ints = columns(Strings::Slice(&nik));
    ints.declared_income = Some(Amounts::Int64 {
        values: &ints_income,
        validity: Some(Bitmap {
            bits: &income_valid,
            offset: 0,
        }),
    });
    ints.welfare_decile = Some(Ints::Int64 {
        values: &ints_decile,
        validity: Some(Bitmap {
            bits: &decile_valid,
            offset: 0,
        }),
    });
    let by_float = p.evaluate_columns(&floats).unwrap();
    assert_eq!(by_float, p.evaluate_columns(&ints).unwrap());
    // A negative income and one above Rp 10^9 are unreadable, as integers are.
    let reasons: Vec<String> = by_float.reasons.iter().map(ToString::to_string).collect();
    assert!(reasons[2].contains("invalid_value"), "{reasons:?}");
    assert!(reasons[3].contains("invalid_value"), "{reasons:?}");
    assert!(by_float.eligible[0]);
    assert_eq!(by_float.total_cost[0], 31_800);
    let charges = p.explain_row(&floats, &by_float, 0).breakdown;
    assert_eq!(charges[0].income_basis.to_string(), "2500000");
}

#[test]
fn a_float_income_or_decile_with_a_fraction_is_refused() {
    let p = policy();
    let nik = [Some("3328011203700001"); 4];
    let fraction = [1.0, 2.0, 1_500_000.5, 3.0];
    let mut c = columns(Strings::Slice(&nik));
    c.declared_income = Some(Amounts::Float64(Floats {
        values: &fraction,
        validity: None,
    }));
    let e = p.evaluate_columns(&c).unwrap_err();
    assert_eq!(e.field(), Some("declared_income"));
    assert!(e.to_string().contains("row 2"), "{e}");
    assert!(e.to_string().contains("money is never a float"), "{e}");
    let beyond = [1.0, 2.0, 3.0, 2f64.powi(53)];
    let mut c = columns(Strings::Slice(&nik));
    c.welfare_decile = Some(Ints::Float64(Floats {
        values: &beyond,
        validity: None,
    }));
    let e = c.check().unwrap_err();
    assert_eq!(e.field(), Some("welfare_decile"));
    assert!(e.to_string().contains("row 3"), "{e}");
    // Infinity is not a whole number either; null rows are not looked at.
    let inf = [f64::INFINITY, 1.0, 1.0, 1.0];
    c.welfare_decile = Some(Ints::Float64(Floats {
        values: &inf,
        validity: Some(Bitmap {
            bits: &[0b1110],
            offset: 0,
        }),
    }));
    assert!(c.check().is_ok());
}
