//! Budget allocation at scale: a plain timing loop (criterion's figures are in
//! `benches/allocation.rs`).
//!
//! ```sh
//! cargo run --release -p iuran-benches --example allocation                 # 10^6, paired
//! cargo run --release -p iuran-benches --example allocation -- paired 1000000 5
//! cargo run --release -p iuran-benches --example allocation -- shuffled 1000000 5
//! ```
//!
//! `paired` is the roster whose answer is worked out by hand, `shuffled` the one with
//! costs and ranks in no order (`iuran_benches::allocation`). Every answer is checked.
//! Prints `key=value` lines: the best and median seconds of one `Policy::allocate` call.

use std::hint::black_box;
use std::time::Instant;

use iuran_benches::allocation::Roster;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let what = args.get(1).map_or("paired", String::as_str);
    let n: usize = args
        .get(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let iters: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(5);
    let roster = match what {
        "paired" => Roster::paired(n),
        "shuffled" => Roster::shuffled(n, 11),
        other => {
            eprintln!("unknown case {other}: paired or shuffled");
            std::process::exit(2);
        }
    };
    let mut times: Vec<f64> = Vec::with_capacity(iters);
    let mut funded = 0;
    for _ in 0..iters.max(1) {
        let start = Instant::now();
        let placements = roster.policy.allocate(black_box(&roster.candidates));
        times.push(start.elapsed().as_secs_f64());
        funded = roster.check(&placements);
    }
    times.sort_by(f64::total_cmp);
    println!("case={what}");
    println!("candidates={n}");
    println!("funded={funded}");
    println!("seconds_best={:.3}", times[0]);
    println!("seconds_median={:.3}", times[times.len() / 2]);
}
