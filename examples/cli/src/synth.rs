//! A seeded generator of synthetic BNBA rosters.
//!
//! The NIKs it writes are structurally valid (region, birth date, sex, serial) but made
//! up; names are drawn from short lists of common Indonesian names. The same seed and
//! options always give the same bytes, on every platform, because the generator uses
//! its own tiny PRNG (`SplitMix64`) rather than a crate whose streams may change.

use std::collections::HashSet;
use std::fmt::Write as _;

/// `SplitMix64` (Steele, Lea, Flood 2014): small, fast, stable.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// True with probability `per_mille / 1000`.
    pub fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// What to generate.
pub struct Options {
    pub seed: u64,
    /// Regency code most workers live in.
    pub regency: String,
    /// `(count, occupation text)` groups, written in this order; when empty, `rows`
    /// workers with occupations drawn from [`OCCUPATIONS`].
    pub groups: Vec<(usize, String)>,
    pub rows: usize,
    /// Birth years drawn uniformly from this range.
    pub birth_years: (i32, i32),
    /// Share of rows (per mille) with a data problem, and of other-regency residents,
    /// active members; zero for a clean roster.
    pub messy_per_mille: u64,
    pub outside_per_mille: u64,
    pub member_per_mille: u64,
    /// Write a `welfare_decile` column.
    pub deciles: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            seed: 1,
            regency: "3328".into(),
            groups: Vec::new(),
            rows: 3000,
            birth_years: (1955, 2003),
            messy_per_mille: 40,
            outside_per_mille: 50,
            member_per_mille: 60,
            deciles: true,
        }
    }
}

/// Occupation texts as villages write them, with rough weights.
pub const OCCUPATIONS: &[(&str, u64)] = &[
    ("Petani Tembakau", 10),
    ("Buruh Tani Tembakau", 8),
    ("Petani Cengkeh", 5),
    ("Petani Padi", 30),
    ("PETANI", 8),
    ("Buruh Tani", 10),
    ("Nelayan", 8),
    ("Pedagang Kaki Lima", 5),
    ("Ojek Online", 3),
    ("Buruh Bangunan", 4),
    ("Guru Ngaji", 3),
    ("Buruh Pabrik Rokok", 4),
    ("Industri Rumahan", 2),
];

const FIRST: &[&str] = &[
    "Siti", "Sri", "Budi", "Agus", "Dwi", "Eko", "Nur", "Slamet", "Wahyu", "Tri", "Rina", "Joko",
    "Ahmad", "Dewi", "Yanto", "Sumarni",
];
const LAST: &[&str] = &[
    "Aminah",
    "Wahyuni",
    "Santoso",
    "Setiawan",
    "Rahayu",
    "Prasetyo",
    "Hidayat",
    "Lestari",
    "Susanto",
    "Purwanti",
    "Kurniawan",
    "Handayani",
];

/// Generate a roster as CSV text (`,`-delimited, canonical headers).
pub fn roster(opts: &Options) -> String {
    let mut rng = Rng::new(opts.seed);
    let mut out = String::from("nik,name,birth_date,sex,regency,district,sector,active_member");
    if opts.deciles {
        out.push_str(",welfare_decile");
    }
    out.push('\n');
    let plan: Vec<(usize, Option<&str>)> = if opts.groups.is_empty() {
        vec![(opts.rows, None)]
    } else {
        opts.groups
            .iter()
            .map(|(n, s)| (*n, Some(s.as_str())))
            .collect()
    };
    let total_weight: u64 = OCCUPATIONS.iter().map(|o| o.1).sum();
    let mut used = HashSet::new();
    let mut niks: Vec<String> = Vec::new();
    for (count, fixed) in plan {
        for _ in 0..count {
            let sector = fixed.unwrap_or_else(|| {
                let mut x = rng.below(total_weight);
                OCCUPATIONS
                    .iter()
                    .find(|(_, w)| {
                        let hit = x < *w;
                        x = x.saturating_sub(*w);
                        hit
                    })
                    .map_or("Petani Padi", |o| o.0)
            });
            let year = opts.birth_years.0
                + rng.below((opts.birth_years.1 - opts.birth_years.0 + 1) as u64) as i32;
            let month = 1 + rng.below(12) as u32;
            let day = 1 + rng.below(u64::from(days_in(year, month))) as u32;
            let female = rng.chance(500);
            let regency = if rng.chance(opts.outside_per_mille) {
                neighbour(&opts.regency)
            } else {
                opts.regency.clone()
            };
            let district = format!("{}{:02}", opts.regency, 1 + rng.below(18));
            let mut nik;
            loop {
                nik = format!(
                    "{}{:02}{:02}{:02}{:04}",
                    &district,
                    day + if female { 40 } else { 0 },
                    month,
                    year.rem_euclid(100),
                    1 + rng.below(9999)
                );
                if used.insert(nik.clone()) {
                    break;
                }
            }
            let mut fields = vec![
                nik.clone(),
                format!("{} {}", rng.pick(FIRST), rng.pick(LAST)),
                format!("{year:04}-{month:02}-{day:02}"),
                (if female { "P" } else { "L" }).to_owned(),
                regency,
                district,
                sector.to_owned(),
                (if rng.chance(opts.member_per_mille) {
                    "ya"
                } else {
                    "tidak"
                })
                .to_owned(),
            ];
            if opts.deciles {
                fields.push((1 + rng.below(10)).to_string());
            }
            if rng.chance(opts.messy_per_mille) {
                mess_up(&mut rng, &mut fields, &niks);
            }
            niks.push(nik);
            for (i, f) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if f.contains(',') || f.contains('"') {
                    let _ = write!(out, "\"{}\"", f.replace('"', "\"\""));
                } else {
                    out.push_str(f);
                }
            }
            out.push('\n');
        }
    }
    out
}

/// The kinds of mess villages' lists really have.
fn mess_up(rng: &mut Rng, fields: &mut [String], earlier: &[String]) {
    match rng.below(8) {
        0 => fields[0].truncate(15), // a digit lost
        1 => fields[0] = format!("{}.{}E+15", &fields[0][..1], &fields[0][1..6]), // scientific notation
        2 if !earlier.is_empty() => fields[0].clone_from(rng.pick(earlier)),      // duplicate NIK
        3 => fields[2] = "31-02-1970".into(),                                     // impossible date
        4 => fields[6] = String::new(),                                           // empty sector
        5 => fields[6] = "Wiraswasta".into(), // unmapped occupation
        6 => {
            fields[3] = if fields[3] == "L" {
                "P".into()
            } else {
                "L".into()
            }
        } // sex mismatch
        _ => fields[2] = fields[2].replacen("19", "20", 1), // birth year typed wrong
    }
}

fn neighbour(regency: &str) -> String {
    // Kota Tegal for Kab. Tegal, otherwise the next code in the province.
    if regency == "3328" {
        "3376".into()
    } else {
        format!("{}", regency.parse::<u32>().map_or(9999, |r| r + 1))
    }
}

fn days_in(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_roster() {
        let o = Options {
            rows: 200,
            ..Options::default()
        };
        assert_eq!(roster(&o), roster(&o));
        let other = Options {
            seed: 2,
            rows: 200,
            ..Options::default()
        };
        assert_ne!(roster(&o), roster(&other));
        assert_eq!(roster(&o).lines().count(), 201);
    }
}
