//! `iuran-service`: the HTTP service, configured by flags or environment variables.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use iuran_service::{Config, serve_until};
use tracing::{error, info};
use tracing_subscriber::EnvFilter;

/// Serve the iuran policies of a folder over HTTP.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Folder of policy files (`*.toml`, `*.json`), watched for changes.
    #[arg(long, env = "IURAN_POLICIES")]
    policies: PathBuf,
    /// Address to listen on.
    #[arg(long, env = "IURAN_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Largest roster upload, in bytes.
    #[arg(long, env = "IURAN_MAX_ROSTER_BYTES", default_value_t = 256 * 1024 * 1024)]
    max_roster_bytes: usize,
    /// Largest JSON body, in bytes.
    #[arg(long, env = "IURAN_MAX_JSON_BYTES", default_value_t = 64 * 1024)]
    max_json_bytes: usize,
    /// Rosters read and evaluated at once (default: one per core); more wait.
    #[arg(long, env = "IURAN_MAX_ROSTER_JOBS")]
    max_roster_jobs: Option<usize>,
    /// How often to check the policy folder for changes, in milliseconds.
    #[arg(long, env = "IURAN_RELOAD_MS", default_value_t = 1000)]
    reload_ms: u64,
    /// The longest a request body may take to arrive, in milliseconds (longer: 408).
    #[arg(long, env = "IURAN_BODY_TIMEOUT_MS", default_value_t = 120_000)]
    body_timeout_ms: u64,
    /// Log one JSON object a line instead of text (the level: `RUST_LOG`, default `info`).
    #[arg(long, env = "IURAN_LOG_JSON")]
    log_json: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if args.log_json {
        logs.json().init();
    } else {
        logs.with_ansi(std::io::stderr().is_terminal()).init();
    }
    let mut config = Config::new(args.policies);
    config.max_roster_bytes = args.max_roster_bytes;
    config.max_json_bytes = args.max_json_bytes;
    config.reload_interval = Duration::from_millis(args.reload_ms.max(10));
    config.body_timeout = Duration::from_millis(args.body_timeout_ms.max(1));
    if let Some(jobs) = args.max_roster_jobs {
        config.max_roster_jobs = jobs.max(1);
    }
    let listener = match tokio::net::TcpListener::bind(args.listen).await {
        Ok(l) => l,
        Err(e) => {
            error!(listen = %args.listen, error = %e, "cannot listen");
            return ExitCode::FAILURE;
        }
    };
    info!(listen = %args.listen, policies = %config.policies.display(), "serving");
    match serve_until(listener, config, shutdown()).await {
        Ok(()) => {
            info!("stopped");
            ExitCode::SUCCESS
        }
        Err(e) => {
            error!(error = %e, "cannot serve");
            ExitCode::FAILURE
        }
    }
}

/// Ctrl-C or SIGTERM.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
    info!("shutting down: finishing the requests in flight");
}
