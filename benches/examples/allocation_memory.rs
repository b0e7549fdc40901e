//! The memory and time of allocating a roster held in partitions
//! ([`iuran::Policy::allocate_partitions`]), for `/usr/bin/time -v`.
//!
//! ```sh
//! cargo build --release -p iuran-benches --example allocation_memory
//! /usr/bin/time -v target/release/examples/allocation_memory tegal 10000000
//! /usr/bin/time -v target/release/examples/allocation_memory tiered 10000000
//! /usr/bin/time -v target/release/examples/allocation_memory tiered 10000000 lazy
//! ```
//!
//! `tegal` is the Kab. Tegal 2025 policy (`examples/policies/tegal-2025.toml`: tobacco,
//! clove and food-crop farmers on DBHCHT, fishers on APBD, both budgets binding);
//! `tiered` the same sources with fishers and tobacco farmers first and ties broken
//! `older_first`, then `lower_decile_first`, so that every part of the rank key is
//! read. N candidates (seeded) in partitions of 100,000 rows, a few covered for fewer
//! months. By default every partition's candidates are built before the call (as an
//! engine that gathers them all does); `lazy` builds each as the call asks for it.
//!
//! Prints `key=value` lines: the resident set before the candidates are built and its
//! peak (from `/proc/self/status`), the bytes per candidate between them, the seconds
//! of the call, and the workers funded and waiting.

use std::time::Instant;

use iuran::Policy;
use iuran::allocation::{Candidate, Placement};
use iuran::partition::Candidates;
use iuran_benches::Rng;
use jiff::civil::date;

const PART: usize = 100_000;

fn policy(tiered: bool) -> Policy {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/policies/tegal-2025.toml"
    );
    let mut text = std::fs::read_to_string(path).expect("the Tegal 2025 policy");
    if tiered {
        text += "\n[allocation]\npriority = [[\"fisher\"], [\"tobacco_farmer\"]]\n\
                 tie_break = [\"older_first\", \"lower_decile_first\"]\n";
    }
    Policy::from_toml(&text).expect("the Tegal 2025 policy")
}

/// Partition `p`'s candidates: every first or second row from `p * PART * 1.7` on (the
/// eligible rows among a roster's), seeded by the partition.
fn part(policy: &Policy, p: usize, len: usize) -> Candidates {
    let sectors: Vec<_> = [
        "tobacco_farmer",
        "clove_farmer",
        "food_crop_farmer",
        "fisher",
    ]
    .iter()
    .map(|s| policy.taxonomy().sector_by_code(s).expect("a Tegal sector"))
    .collect();
    let mut rng = Rng(p as u64 + 1);
    let origin = date(1950, 1, 1);
    let all = policy.months().len();
    let mut out = Vec::with_capacity(len);
    let mut row = p * PART * 17 / 10;
    for _ in 0..len {
        let r = rng.next_u64();
        row += 1 + (r % 2) as usize;
        out.push(Candidate {
            row,
            sector: sectors[(r >> 8) as usize % sectors.len()],
            birth_date: (!(r >> 16).is_multiple_of(50)).then(|| {
                origin
                    .checked_add(jiff::Span::new().days(((r >> 24) % 20_000) as i64))
                    .expect("a date after 1950")
            }),
            welfare_decile: (!(r >> 40).is_multiple_of(7)).then_some(((r >> 44) % 10) as u8 + 1),
            declared_income: None,
            // One in a thousand covered from the second month on.
            months: if (r >> 54).is_multiple_of(1000) {
                (1u64 << all) - 2
            } else {
                u64::MAX
            },
        });
    }
    Candidates(out)
}

fn status(field: &str) -> u64 {
    let text = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    text.lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .map_or(0, |kb: u64| kb * 1024)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let what = args.get(1).map_or("tegal", String::as_str);
    let n: usize = args
        .get(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000_000);
    let lazy = args.get(3).is_some_and(|a| a == "lazy");
    let policy = match what {
        "tegal" => policy(false),
        "tiered" => policy(true),
        other => {
            eprintln!("unknown case {other}: tegal or tiered");
            std::process::exit(2);
        }
    };
    let lens: Vec<usize> = (0..n.div_ceil(PART))
        .map(|p| PART.min(n - p * PART))
        .collect();
    let baseline = status("VmRSS:");
    let start = Instant::now();
    let placements = if lazy {
        let parts = lens
            .iter()
            .enumerate()
            .map(|(p, &len)| part(&policy, p, len));
        policy.allocate_partitions(parts)
    } else {
        let parts: Vec<Candidates> = lens
            .iter()
            .enumerate()
            .map(|(p, &len)| part(&policy, p, len))
            .collect();
        println!("built_seconds={:.3}", start.elapsed().as_secs_f64());
        let start = Instant::now();
        let placements = policy.allocate_partitions(parts);
        println!("allocate_seconds={:.3}", start.elapsed().as_secs_f64());
        placements
    }
    .expect("the candidates allocate");
    let total = start.elapsed().as_secs_f64();
    let peak = status("VmHWM:");
    let funded = placements
        .rows
        .iter()
        .filter(|(_, p)| matches!(p, Placement::Funded { .. }))
        .count();
    assert_eq!(placements.rows.len(), n);
    println!("case={what}{}", if lazy { " lazy" } else { "" });
    println!("candidates={n}");
    println!("funded={funded}");
    println!("waiting={}", n - funded);
    println!("seconds={total:.3}");
    println!("rss_baseline_bytes={baseline}");
    println!("rss_peak_bytes={peak}");
    let tenths = (peak - baseline) * 10 / (n.max(1) as u64);
    println!("bytes_per_candidate={}.{}", tenths / 10, tenths % 10);
}
