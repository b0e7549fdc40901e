//! The benchmark workload, fixed in the repo (issue 6): N workers with birth date, sex,
//! sector (a dozen sectors), regency code, declared monthly income and a membership
//! flag; about half in the target regency; many birth dates exactly on the age
//! boundaries (1 January and 31 December births), so that an off-by-one-day error
//! changes the answer.
//!
//! Eligible: age in completed years on 2025-01-01 from 55 to 65 inclusive, sector in a
//! set of six, regency 3323, not a member. Monthly contribution: 1% of
//! max(income, Rp 1,000,000) rounded down, plus Rp 6,800; a year is 12 months.

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

/// `SplitMix64`, as the CLI's generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
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
