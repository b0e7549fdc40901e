//! The benchmark workload, fixed in the repo (issue 6): N workers with birth date, sex,
//! sector (a dozen sectors), regency code, declared monthly income and a membership
//! flag; about half in the target regency; many birth dates exactly on the age
//! boundaries (1 January and 31 December births), so that an off-by-one-day error
//! changes the answer.
//!
//! Eligible: age in completed years on 2025-01-01 from 55 to 65 inclusive, sector in a
//! set of six, regency 3323, not a member. Monthly contribution: 1% of
//! max(income, Rp 1,000,000) rounded down, plus Rp 6,800; a year is 12 months.

use iuran::batch::{Amounts, Bitmap, Columns, Dates, Flags, Strings};

pub mod allocation;
pub mod floor;

/// The policy of the workload.
pub const POLICY: &str = r#"
id = "bench"
name = "Benchmark workload"
regency = "3323"
fiscal_year = 2025
coverage = { start = "2025-01", months = 12, income = "declared" }
[eligibility]
require_nik = false
age = { min = 55, max = 65 }
sectors = ["tobacco_farmer", "clove_farmer", "tobacco_farm_labourer", "cigarette_factory_worker", "food_crop_farmer", "fisher"]
[[funding]]
id = "apbd"
kind = "APBD"
"#;

/// The sectors as rosters write them: the first six are covered.
pub const SECTORS: [&str; 12] = [
    "Petani Tembakau",
    "Petani Cengkeh",
    "Buruh Tani Tembakau",
    "Buruh Pabrik Rokok",
    "Petani Padi",
    "Nelayan",
    "Pedagang",
    "Ojek Online",
    "Buruh Bangunan",
    "Guru Ngaji",
    "Industri Rumahan",
    "Sopir",
];

/// The workload as columns (Arrow-like layouts).
pub struct Workload {
    /// Rows.
    pub len: usize,
    /// Birth dates, days since 1970-01-01.
    pub birth_days: Vec<i32>,
    /// `L` or `P`, as dictionary keys into `["L", "P"]`.
    pub sex: Vec<i32>,
    /// Sector dictionary keys into [`SECTORS`].
    pub sector: Vec<i32>,
    /// Regency dictionary keys into `["3323", "3324"]`.
    pub regency: Vec<i32>,
    /// Declared monthly income, whole rupiah.
    pub income: Vec<i64>,
    /// Active membership, one bit per row (Arrow boolean layout).
    pub member: Vec<u8>,
}

impl Workload {
    /// The dictionaries the keys point into: sectors, sexes, regencies.
    pub fn dictionaries() -> (Vec<Text>, [Text; 2], [Text; 2]) {
        (
            SECTORS.iter().map(|s| Some(*s)).collect(),
            [Some("L"), Some("P")],
            [Some("3323"), Some("3324")],
        )
    }

    /// The workload as borrowed Arrow-like columns: `Date32` birth dates, dictionary
    /// sexes, sectors and regencies, `Int64` incomes and a `Boolean` membership.
    pub fn columns<'a>(
        &'a self,
        sectors: &'a [Option<&'a str>],
        sexes: &'a [Option<&'a str>],
        regencies: &'a [Option<&'a str>],
    ) -> Columns<'a> {
        Columns {
            len: self.len,
            birth_date: Some(Dates::Days {
                days: &self.birth_days,
                validity: None,
            }),
            sex: Some(Strings::Dictionary {
                keys: self.sex[..].into(),
                values: Box::new(Strings::Slice(sexes)),
                validity: None,
            }),
            regency: Some(Strings::Dictionary {
                keys: self.regency[..].into(),
                values: Box::new(Strings::Slice(regencies)),
                validity: None,
            }),
            sector: Some(Strings::Dictionary {
                keys: self.sector[..].into(),
                values: Box::new(Strings::Slice(sectors)),
                validity: None,
            }),
            declared_income: Some(Amounts::Int64 {
                values: &self.income,
                validity: None,
            }),
            active_member: Some(Flags::Bits {
                values: Bitmap {
                    bits: &self.member,
                    offset: 0,
                },
                validity: None,
            }),
            ..Columns::default()
        }
    }
}

/// A dictionary value.
pub type Text = Option<&'static str>;

/// `SplitMix64`, as the CLI's generator: the benches' synthetic data, the same for a
/// seed on every machine.
pub struct Rng(pub u64);

impl Rng {
    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n`.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }
}

/// Days since 1970-01-01 of a civil date.
fn days(y: i32, m: u32, d: u32) -> i32 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) as i32
}

impl Workload {
    /// `n` rows from a seed.
    pub fn generate(n: usize, seed: u64) -> Workload {
        let mut r = Rng(seed);
        let mut w = Workload {
            len: n,
            birth_days: Vec::with_capacity(n),
            sex: Vec::with_capacity(n),
            sector: Vec::with_capacity(n),
            regency: Vec::with_capacity(n),
            income: Vec::with_capacity(n),
            member: vec![0; n.div_ceil(8)],
        };
        for i in 0..n {
            let birth = match r.below(10) {
                // On the boundaries: born 1959-12-31 (65 on 2025-01-01), 1959-01-01 (66),
                // 1970-01-01 (55), 1970-01-02 (54), 1969-12-31 (55).
                0 => days(1959, 12, 31),
                1 => days(1959, 1, 1) + [0, 365][r.below(2) as usize],
                2 => days(1970, 1, 1) + [0, 1, -1][r.below(3) as usize],
                _ => days(
                    1940 + r.below(66) as i32,
                    1 + r.below(12) as u32,
                    1 + r.below(28) as u32,
                ),
            };
            w.birth_days.push(birth);
            w.sex.push(r.below(2) as i32);
            w.sector.push(r.below(12) as i32);
            w.regency.push(i32::from(r.below(2) == 1));
            w.income.push(500_000 + 50 * r.below(80_000) as i64);
            if r.below(10) == 0 {
                w.member[i / 8] |= 1 << (i % 8);
            }
        }
        w
    }
}

/// A text column in the Arrow `Utf8` layout (what pyarrow hands over for a text table).
#[derive(Default)]
pub struct TextColumn {
    /// `len + 1` offsets into `data`.
    pub offsets: Vec<i32>,
    /// The bytes.
    pub data: Vec<u8>,
}

impl TextColumn {
    fn with_capacity(n: usize, bytes: usize) -> TextColumn {
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0);
        TextColumn {
            offsets,
            data: Vec::with_capacity(n * bytes),
        }
    }

    fn push(&mut self, text: &str) {
        self.data.extend_from_slice(text.as_bytes());
        self.offsets
            .push(i32::try_from(self.data.len()).expect("a bench column under 2 GiB"));
    }
}

/// The Kabupaten Tegal 2025 policy (`examples/policies/tegal-2025.toml`): no age band,
/// four months, two funding sources with budget ceilings.
pub const TEGAL: &str = include_str!("../../examples/policies/tegal-2025.toml");

/// A synthetic Tegal roster with every column as text, NIKs included, as the Python
/// package's benchmark reads `iuran synth` output: structurally valid NIKs that agree
/// with the birth date and sex, about 1% duplicated NIKs, 1% malformed NIKs (short,
/// letters, bad province or month, separators), 1% blank cells, and occupations as
/// villages write them.
pub struct TextRoster {
    /// Rows.
    pub len: usize,
    /// The columns, in [`iuran::worker::Field::ALL`] order (`name` is left out: `None`).
    pub nik: TextColumn,
    /// `YYYY-MM-DD`.
    pub birth_date: TextColumn,
    /// `L`/`P`.
    pub sex: TextColumn,
    /// Regency code.
    pub regency: TextColumn,
    /// District code.
    pub district: TextColumn,
    /// Occupation text.
    pub sector: TextColumn,
    /// `ya`/`tidak`.
    pub active_member: TextColumn,
    /// `1`–`10`.
    pub welfare_decile: TextColumn,
}

/// Occupations as villages write them (the CLI generator's list).
const OCCUPATIONS: [&str; 13] = [
    "Petani Tembakau",
    "Buruh Tani Tembakau",
    "Petani Cengkeh",
    "Petani Padi",
    "PETANI",
    "Buruh Tani",
    "Nelayan",
    "Pedagang Kaki Lima",
    "Ojek Online",
    "Buruh Bangunan",
    "Guru Ngaji",
    "Buruh Pabrik Rokok",
    "Industri Rumahan",
];

impl TextRoster {
    /// `n` rows from a seed.
    pub fn generate(n: usize, seed: u64) -> TextRoster {
        let mut r = Rng(seed);
        let mut t = TextRoster {
            len: n,
            nik: TextColumn::with_capacity(n, 16),
            birth_date: TextColumn::with_capacity(n, 10),
            sex: TextColumn::with_capacity(n, 1),
            regency: TextColumn::with_capacity(n, 4),
            district: TextColumn::with_capacity(n, 6),
            sector: TextColumn::with_capacity(n, 12),
            active_member: TextColumn::with_capacity(n, 5),
            welfare_decile: TextColumn::with_capacity(n, 1),
        };
        let mut niks: Vec<String> = Vec::with_capacity(n);
        for _ in 0..n {
            let year = 1955 + r.below(49) as u32;
            let month = 1 + r.below(12) as u32;
            let day = 1 + r.below(28) as u32;
            let female = r.below(2) == 1;
            let district = format!("3328{:02}", 1 + r.below(18));
            let mut nik = format!(
                "{district}{:02}{month:02}{:02}{:04}",
                day + if female { 40 } else { 0 },
                year % 100,
                1 + r.below(9999)
            );
            match r.below(100) {
                0 if !niks.is_empty() => nik.clone_from(&niks[r.below(niks.len() as u64) as usize]),
                1 => {
                    nik = match r.below(5) {
                        0 => nik[..15].to_owned(),
                        1 => format!("{}X", &nik[..15]),
                        2 => format!("99{}", &nik[2..]),
                        3 => format!("{}13{}", &nik[..8], &nik[10..]),
                        _ => format!("{}.{}", &nik[..6], &nik[6..]),
                    }
                }
                _ => {}
            }
            let blank = r.below(100) == 0;
            t.nik.push(&nik);
            t.birth_date.push(&if blank {
                String::new()
            } else {
                format!("{year:04}-{month:02}-{day:02}")
            });
            t.sex.push(if female { "P" } else { "L" });
            t.regency
                .push(if r.below(20) == 0 { "3329" } else { "3328" });
            t.district.push(&district);
            t.sector
                .push(OCCUPATIONS[r.below(OCCUPATIONS.len() as u64) as usize]);
            t.active_member
                .push(if r.below(16) == 0 { "ya" } else { "tidak" });
            t.welfare_decile.push(&(1 + r.below(10)).to_string());
            niks.push(nik);
        }
        t
    }
}

impl TextColumn {
    /// Value `i`.
    pub fn get(&self, i: usize) -> &str {
        let (a, b) = (self.offsets[i] as usize, self.offsets[i + 1] as usize);
        std::str::from_utf8(&self.data[a..b]).expect("generated text is UTF-8")
    }

    /// As a borrowed Arrow `Utf8` column.
    pub fn strings(&self) -> iuran::batch::Strings<'_> {
        iuran::batch::Strings::Utf8 {
            offsets: &self.offsets,
            data: &self.data,
            validity: None,
        }
    }
}

impl TextRoster {
    /// The roster as CSV with canonical headers, for the explained path.
    pub fn to_csv(&self) -> Vec<u8> {
        let mut out =
            b"nik,birth_date,sex,regency,district,sector,active_member,welfare_decile\n".to_vec();
        for i in 0..self.len {
            let cells = [
                self.nik.get(i),
                self.birth_date.get(i),
                self.sex.get(i),
                self.regency.get(i),
                self.district.get(i),
                self.sector.get(i),
                self.active_member.get(i),
                self.welfare_decile.get(i),
            ];
            out.extend_from_slice(cells.join(",").as_bytes());
            out.push(b'\n');
        }
        out
    }

    /// The roster as borrowed Arrow `Utf8` columns.
    pub fn columns(&self) -> iuran::batch::Columns<'_> {
        use iuran::batch::{Columns, Dates, Flags, Ints};
        Columns {
            len: self.len,
            nik: Some(self.nik.strings()),
            birth_date: Some(Dates::Text(self.birth_date.strings())),
            sex: Some(self.sex.strings()),
            regency: Some(self.regency.strings()),
            district: Some(self.district.strings()),
            sector: Some(self.sector.strings()),
            active_member: Some(Flags::Text(self.active_member.strings())),
            welfare_decile: Some(Ints::Text(self.welfare_decile.strings())),
            ..Columns::default()
        }
    }
}

/// (year, month, day) of days since 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil(days: i32) -> (i64, i64, i64) {
    let z = i64::from(days) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

impl Workload {
    /// Row `i`'s yearly cost in whole rupiah, straight from the issue's definition (an
    /// independent reference, not the library): age in completed years on 2025-01-01
    /// from 55 to 65, one of the first six sectors, regency 3323, not a member; then
    /// 12 × (1% of max(income, 1,000,000) rounded down + 6,800).
    pub fn reference_cost(&self, i: usize) -> i64 {
        let (y, m, d) = civil(self.birth_days[i]);
        // On 2025-01-01 a birthday in the year has come only for 1 January births.
        let age = 2025 - y - i64::from((m, d) > (1, 1));
        let member = self.member[i / 8] & (1 << (i % 8)) != 0;
        let eligible =
            (55..=65).contains(&age) && self.sector[i] < 6 && self.regency[i] == 0 && !member;
        if eligible {
            12 * (self.income[i].max(1_000_000) / 100 + 6_800)
        } else {
            0
        }
    }

    /// The workload's rows as typed workers, for the per-worker path.
    pub fn workers(&self) -> Vec<iuran::Worker> {
        let days = |d: i32| {
            let (y, m, d) = civil(d);
            jiff::civil::Date::new(y as i16, m as i8, d as i8).expect("a generated date")
        };
        (0..self.len)
            .map(|i| iuran::Worker {
                birth_date: Some(days(self.birth_days[i])),
                sex: Some(if self.sex[i] == 0 {
                    iuran::Sex::Male
                } else {
                    iuran::Sex::Female
                }),
                regency: Some(["3323", "3324"][self.regency[i] as usize].to_owned()),
                sector: Some(SECTORS[self.sector[i] as usize].to_owned()),
                declared_income: Some(rust_decimal::Decimal::from(self.income[i])),
                active_member: Some(self.member[i / 8] & (1 << (i % 8)) != 0),
                ..iuran::Worker::default()
            })
            .collect()
    }
}
