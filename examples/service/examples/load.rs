//! A small load run against the service, on localhost only and bounded in requests
//! and time: requests/s and p50/p99 latency for single-worker decisions, then rows/s
//! for one roster upload (output CSV, and summary only).
//!
//! ```text
//! cargo run --release -p iuran-cli -- synth --rows 1000000 --out /tmp/roster-1m.csv
//! cargo run --release -p iuran-service --example load -- \
//!     --requests 100000 --concurrency 8 --seconds 30 --roster /tmp/roster-1m.csv
//! ```
//!
//! The service runs in this process (two runtime threads) on 127.0.0.1, port 0, over
//! the example policies; the clients share the machine with it.

// Counts become `f64` only to print rates and milliseconds.
#![allow(clippy::cast_precision_loss)]

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use iuran_service::{Config, serve};

struct Options {
    requests: u64,
    concurrency: usize,
    seconds: u64,
    roster: Option<PathBuf>,
    policy: String,
}

fn options() -> Result<Options, String> {
    let mut o = Options {
        requests: 100_000,
        concurrency: 8,
        seconds: 30,
        roster: None,
        policy: "tegal-2025".to_owned(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--requests" => o.requests = value()?.parse().map_err(|e| format!("{e}"))?,
            "--concurrency" => o.concurrency = value()?.parse().map_err(|e| format!("{e}"))?,
            "--seconds" => o.seconds = value()?.parse().map_err(|e| format!("{e}"))?,
            "--roster" => o.roster = Some(value()?.into()),
            "--policy" => o.policy = value()?,
            _ => {
                return Err(format!(
                    "unknown flag {flag}: --requests N --concurrency N --seconds N --roster FILE --policy ID"
                ));
            }
        }
    }
    Ok(o)
}

fn main() -> Result<(), String> {
    let o = options()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(run(o))
}

async fn run(o: Options) -> Result<(), String> {
    let policies = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../policies");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let base = format!(
        "http://{}",
        listener.local_addr().map_err(|e| e.to_string())?
    );
    tokio::spawn(serve(listener, Config::new(policies)));
    let client = reqwest::Client::new();

    decisions(&client, &base, &o).await?;
    if let Some(path) = &o.roster {
        upload(&client, &base, &o, path).await?;
    }
    Ok(())
}

/// Single-worker decisions from `concurrency` clients, each one request at a time.
async fn decisions(client: &reqwest::Client, base: &str, o: &Options) -> Result<(), String> {
    let url = format!("{base}/policies/{}/evaluate", o.policy);
    let body = r#"{"nik":"3328052801744680","birth_date":"1974-01-28","sex":"L","regency":"3328","district":"332805","sector":"Petani Tembakau","active_member":"tidak","welfare_decile":2}"#;
    let issued = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(o.seconds);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..o.concurrency.max(1) {
        let (client, url, issued, requests) =
            (client.clone(), url.clone(), Arc::clone(&issued), o.requests);
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while issued.fetch_add(1, Ordering::Relaxed) < requests && Instant::now() < deadline {
                let t = Instant::now();
                let response = client
                    .post(&url)
                    .body(body)
                    .send()
                    .await
                    .map_err(|e| e.to_string())?;
                let ok = response.status().is_success();
                response.bytes().await.map_err(|e| e.to_string())?;
                if !ok {
                    return Err("a decision request failed".to_owned());
                }
                latencies.push(t.elapsed());
            }
            Ok::<_, String>(latencies)
        }));
    }
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.map_err(|e| e.to_string())??);
    }
    let elapsed = start.elapsed();
    latencies.sort();
    let at = |q: f64| {
        let i = ((latencies.len() as f64 * q).ceil() as usize).clamp(1, latencies.len()) - 1;
        latencies[i].as_secs_f64() * 1000.0
    };
    if latencies.is_empty() {
        return Err("no request finished".to_owned());
    }
    println!(
        "decisions: {} requests, {} clients, {:.1} s: {:.0} requests/s, p50 {:.3} ms, p99 {:.3} ms",
        latencies.len(),
        o.concurrency,
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        at(0.50),
        at(0.99),
    );
    Ok(())
}

/// One roster upload, answered as the output CSV and then as the summary.
async fn upload(
    client: &reqwest::Client,
    base: &str,
    o: &Options,
    path: &PathBuf,
) -> Result<(), String> {
    let roster = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let rows = roster
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        .saturating_sub(1);
    let url = format!("{base}/policies/{}/rosters", o.policy);
    for (what, accept) in [
        ("output CSV", "text/csv"),
        ("summary JSON", "application/json"),
    ] {
        let start = Instant::now();
        let response = client
            .post(&url)
            .header("Accept", accept)
            .body(roster.clone())
            .timeout(Duration::from_secs(o.seconds.max(60)))
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(|e| e.to_string())?.len();
        if !status.is_success() {
            return Err(format!("roster upload answered {status}"));
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "roster ({what}): {rows} rows, {:.1} MB up, {:.1} MB back, {secs:.2} s: {:.0} rows/s",
            roster.len() as f64 / 1e6,
            bytes as f64 / 1e6,
            rows as f64 / secs,
        );
    }
    Ok(())
}
