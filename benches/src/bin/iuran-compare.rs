//! The Rust side of the comparison harness (`benches/compare/`, issue 6).
//!
//! ```text
//! iuran-compare generate --rows N --out DIR   the workload's columns, as raw files
//! iuran-compare run --data DIR --repeat R     time Policy::evaluate_columns on them
//! iuran-compare bandwidth [--mib M]           one-thread memory read and copy speed
//! ```
//!
//! `generate` writes the seeded workload of `iuran_benches::Workload` (seed 2025) as
//! little-endian files that every implementation of the harness reads, so all of them
//! see the same rows: `birth_days.i32` (days since 1970-01-01), `sex.i32`, `sector.i32`,
//! `regency.i32` (dictionary keys), `income.i64` (whole rupiah) and `member.bits` (one
//! bit a row, Arrow's layout). `run` reads them, evaluates them `R` times with one
//! thread, writes the core's answers (`eligible.u8`, `monthly.i64`, `total_cost.i64`) as
//! the reference the harness checks the other implementations against, and prints one
//! line of JSON: the time of every run, the totals and the peak memory of the first run.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use iuran::Policy;
use iuran_benches::{POLICY, SECTORS, Workload};

/// The seed of the workload, as in `benches/benches/columns.rs`.
const SEED: u64 = 2025;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| -> Option<&str> {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .map(String::as_str)
    };
    match args.first().map(String::as_str) {
        Some("generate") => {
            let rows: usize = flag("--rows").expect("--rows N").parse().expect("rows");
            let out = PathBuf::from(flag("--out").expect("--out DIR"));
            generate(rows, &out);
        }
        Some("run") => {
            let data = PathBuf::from(flag("--data").expect("--data DIR"));
            let repeat: usize = flag("--repeat").unwrap_or("5").parse().expect("repeat");
            run(&data, repeat.max(1));
        }
        Some("bandwidth") => {
            let mib: usize = flag("--mib").unwrap_or("1024").parse().expect("mib");
            bandwidth(mib);
        }
        _ => {
            eprintln!("usage: iuran-compare generate|run|bandwidth (see the module docs)");
            std::process::exit(2);
        }
    }
}

fn write_raw<T: Copy, const N: usize>(path: &Path, values: &[T], to_le: impl Fn(T) -> [u8; N]) {
    let mut bytes = Vec::with_capacity(values.len() * N);
    for v in values {
        bytes.extend_from_slice(&to_le(*v));
    }
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn read_raw<T, const N: usize>(path: &Path, from_le: impl Fn([u8; N]) -> T) -> Vec<T> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    bytes
        .chunks_exact(N)
        .map(|c| from_le(c.try_into().expect("chunk of N bytes")))
        .collect()
}

fn generate(rows: usize, out: &Path) {
    std::fs::create_dir_all(out).expect("output folder");
    let w = Workload::generate(rows, SEED);
    write_raw(&out.join("birth_days.i32"), &w.birth_days, i32::to_le_bytes);
    write_raw(&out.join("sex.i32"), &w.sex, i32::to_le_bytes);
    write_raw(&out.join("sector.i32"), &w.sector, i32::to_le_bytes);
    write_raw(&out.join("regency.i32"), &w.regency, i32::to_le_bytes);
    write_raw(&out.join("income.i64"), &w.income, i64::to_le_bytes);
    std::fs::write(out.join("member.bits"), &w.member).expect("member.bits");
    println!("{{\"rows\": {rows}, \"seed\": {SEED}}}");
}

fn load(data: &Path) -> Workload {
    let birth_days = read_raw(&data.join("birth_days.i32"), i32::from_le_bytes);
    let len = birth_days.len();
    let w = Workload {
        len,
        birth_days,
        sex: read_raw(&data.join("sex.i32"), i32::from_le_bytes),
        sector: read_raw(&data.join("sector.i32"), i32::from_le_bytes),
        regency: read_raw(&data.join("regency.i32"), i32::from_le_bytes),
        income: read_raw(&data.join("income.i64"), i64::from_le_bytes),
        member: std::fs::read(data.join("member.bits")).expect("member.bits"),
    };
    assert!(w.sex.len() == len && w.sector.len() == len && w.regency.len() == len);
    assert!(w.income.len() == len && w.member.len() == len.div_ceil(8));
    w
}

/// `VmRSS` and `VmHWM` of this process, in bytes.
fn memory() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| -> u64 {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or(0, |kb| kb * 1024)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn run(data: &Path, repeat: usize) {
    let policy = Policy::from_toml(POLICY).expect("the workload's policy");
    let w = load(data);
    let sectors: Vec<Option<&str>> = SECTORS.iter().map(|s| Some(*s)).collect();
    let sexes = [Some("L"), Some("P")];
    let regencies = [Some("3323"), Some("3324")];
    let cols = w.columns(&sectors, &sexes, &regencies);
    // Peak memory of one evaluation: the high-water mark is reset (Linux `clear_refs`)
    // once the input is loaded, so the peak less the resident size before is what the
    // evaluation itself needed.
    let (before, _) = memory();
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let start = Instant::now();
    let first = policy.evaluate_columns(&cols).expect("evaluate_columns");
    let mut times = vec![start.elapsed().as_secs_f64()];
    let (_, peak) = memory();
    for _ in 1..repeat {
        let start = Instant::now();
        let out = policy
            .evaluate_columns(black_box(&cols))
            .expect("evaluate_columns");
        times.push(start.elapsed().as_secs_f64());
        assert_eq!(out.total_cost, first.total_cost, "runs disagree");
        drop(black_box(out));
    }
    let eligible: Vec<u8> = first.eligible.iter().map(|&e| u8::from(e)).collect();
    std::fs::write(data.join("eligible.u8"), &eligible).expect("eligible.u8");
    write_raw(
        &data.join("monthly.i64"),
        &first.monthly_contribution,
        i64::to_le_bytes,
    );
    write_raw(
        &data.join("total_cost.i64"),
        &first.total_cost,
        i64::to_le_bytes,
    );
    let total: i64 = first.total_cost.iter().sum();
    let monthly: i64 = first.monthly_contribution.iter().sum();
    let count = first.eligible.iter().filter(|&&e| e).count();
    let mut json = String::new();
    let times: Vec<String> = times.iter().map(|t| format!("{t:.6}")).collect();
    write!(
        json,
        "{{\"rows\": {}, \"times\": [{}], \"eligible\": {count}, \"monthly_sum\": {monthly}, \
         \"total\": {total}, \"rss_before\": {before}, \"peak\": {peak}, \"peak_reset\": {reset}}}",
        w.len,
        times.join(", ")
    )
    .expect("write to a String");
    println!("{json}");
}

/// One thread's memory bandwidth: the best of five passes reading a buffer (a sum) and
/// copying it (read + write), in bytes a second.
fn bandwidth(mib: usize) {
    let n = mib * 1024 * 1024 / 8;
    let src: Vec<u64> = (0..n as u64).collect();
    let mut dst = vec![0u64; n];
    let bytes = f64::from(u32::try_from(mib).expect("MiB fit in u32")) * 1024.0 * 1024.0;
    let (mut read, mut copy) = (0f64, 0f64);
    for _ in 0..5 {
        let start = Instant::now();
        let sum = black_box(&src)
            .chunks_exact(8)
            .fold([0u64; 8], |mut acc, c| {
                for (a, v) in acc.iter_mut().zip(c) {
                    *a = a.wrapping_add(*v);
                }
                acc
            });
        black_box(sum);
        read = read.max(bytes / start.elapsed().as_secs_f64());
        let start = Instant::now();
        dst.copy_from_slice(black_box(&src));
        black_box(&dst);
        copy = copy.max(2.0 * bytes / start.elapsed().as_secs_f64());
    }
    println!(
        "{{\"read_bytes_per_s\": {read:.0}, \"copy_bytes_per_s\": {copy:.0}, \"mib\": {mib}}}"
    );
}
