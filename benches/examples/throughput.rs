//! A plain timing loop for profilers (`perf stat`, `perf record`, callgrind), and the
//! machine's memory bandwidth. Criterion's own figures are in `benches/columns.rs`.
//!
//! ```sh
//! cargo run --release -p iuran-benches --example throughput -- workload 1000000 20
//! cargo run --release -p iuran-benches --example throughput -- tegal 1000000 5
//! cargo run --release -p iuran-benches --example throughput -- bandwidth 268435456 10
//! cargo run --release -p iuran-benches --example throughput -- floor 1000000 40
//! ```
//!
//! `floor` alternates the kernel (reused outcome) and the hand-written floor loop
//! (`iuran_benches::floor`) call by call on the workload, after checking them row by
//! row, and prints both medians and floor / kernel.
//!
//! Prints `key=value` lines: the best and median seconds per call, and rows/s or GB/s.

use std::hint::black_box;
use std::time::Instant;

use iuran::Policy;
use iuran::batch::Outcome;
use iuran_benches::floor::Floor;
use iuran_benches::{POLICY, TEGAL, TextRoster, Workload};

fn timed(iters: usize, mut f: impl FnMut()) -> (f64, f64) {
    let mut t: Vec<f64> = (0..iters)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .collect();
    t.sort_by(f64::total_cmp);
    (t[0], t[t.len() / 2])
}

#[allow(clippy::cast_precision_loss)] // counts far below 2^52
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let what = args.get(1).map_or("workload", String::as_str);
    let n: usize = args
        .get(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let iters: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(10);
    match what {
        "bandwidth" => {
            // `n` bytes copied between two buffers that are touched first, so the
            // figure has no page faults in it; and `n` bytes read and summed.
            let src: Vec<u64> = (0..n / 8).map(|i| i as u64).collect();
            let mut dst = vec![1u64; n / 8];
            let (best, median) = timed(iters, || dst.copy_from_slice(black_box(&src)));
            println!("copy_bytes={n}");
            println!("copy_gb_per_s_best={:.2}", 2.0 * n as f64 / best / 1e9);
            println!("copy_gb_per_s_median={:.2}", 2.0 * n as f64 / median / 1e9);
            let (best, median) = timed(iters, || {
                black_box(black_box(&src).iter().fold(0u64, |a, b| a.wrapping_add(*b)));
            });
            println!("read_gb_per_s_best={:.2}", n as f64 / best / 1e9);
            println!("read_gb_per_s_median={:.2}", n as f64 / median / 1e9);
        }
        "workload" | "workload-fresh" => {
            let policy = Policy::from_toml(POLICY).expect("the workload policy");
            let w = Workload::generate(n, 2025);
            let (sectors, sexes, regencies) = Workload::dictionaries();
            let cols = w.columns(&sectors, &sexes, &regencies);
            let mut out = Outcome::default();
            let (best, median) = if what == "workload" {
                timed(iters, || {
                    policy
                        .evaluate_columns_into(black_box(&cols), &mut out)
                        .expect("evaluation");
                })
            } else {
                timed(iters, || {
                    out = policy
                        .evaluate_columns(black_box(&cols))
                        .expect("evaluation");
                })
            };
            println!("rows={n}");
            println!("total={}", out.total_cost.iter().sum::<i64>());
            println!("seconds_best={best:.6}");
            println!("rows_per_s_best={:.0}", n as f64 / best);
            println!("rows_per_s_median={:.0}", n as f64 / median);
        }
        "tegal" => {
            let policy = Policy::from_toml(TEGAL).expect("the Tegal policy");
            let roster = TextRoster::generate(n, 7);
            let cols = roster.columns();
            let mut out = Outcome::default();
            let (best, median) = timed(iters, || {
                policy
                    .evaluate_columns_into(black_box(&cols), &mut out)
                    .expect("evaluation");
            });
            println!("rows={n}");
            println!("total={}", out.total_cost.iter().sum::<i64>());
            println!("seconds_best={best:.6}");
            println!("rows_per_s_best={:.0}", n as f64 / best);
            println!("rows_per_s_median={:.0}", n as f64 / median);
        }
        "floor" => floor(n, iters),
        other => {
            eprintln!("unknown case {other}: workload, workload-fresh, tegal, floor or bandwidth");
        }
    }
}

/// The kernel (reused outcome) and the floor, alternating call by call on the workload,
/// after checking them row by row: both medians and floor / kernel.
fn floor(n: usize, iters: usize) {
    let policy = Policy::from_toml(POLICY).expect("the workload policy");
    let w = Workload::generate(n, 2025);
    let (sectors, sexes, regencies) = Workload::dictionaries();
    let cols = w.columns(&sectors, &sexes, &regencies);
    let covered: Vec<bool> = (0..sectors.len()).map(|k| k < 6).collect();
    let in_regency: Vec<bool> = regencies.iter().map(|r| *r == Some("3323")).collect();
    let mut out = Outcome::default();
    let mut floor = Floor::default();
    policy
        .evaluate_columns_into(&cols, &mut out)
        .expect("evaluation");
    floor.run(&w, &covered, &in_regency);
    assert_eq!(out.eligible, floor.eligible, "eligible");
    assert_eq!(
        out.monthly_contribution, floor.monthly_contribution,
        "monthly contribution"
    );
    let (mut kernel, mut hand) = (Vec::new(), Vec::new());
    for _ in 0..iters {
        let start = Instant::now();
        policy
            .evaluate_columns_into(black_box(&cols), &mut out)
            .expect("evaluation");
        kernel.push(start.elapsed().as_secs_f64());
        let start = Instant::now();
        floor.run(black_box(&w), black_box(&covered), black_box(&in_regency));
        hand.push(start.elapsed().as_secs_f64());
    }
    kernel.sort_by(f64::total_cmp);
    hand.sort_by(f64::total_cmp);
    let (k, f) = (kernel[iters / 2], hand[iters / 2]);
    println!("rows={n}");
    println!("kernel_seconds_median={k:.6} best={:.6}", kernel[0]);
    println!("floor_seconds_median={f:.6} best={:.6}", hand[0]);
    println!("floor_over_kernel_median={:.2}", f / k);
    println!("floor_over_kernel_best={:.2}", hand[0] / kernel[0]);
}
