//! An HTTP service that links `iuran`: every policy in a folder, compiled once and
//! shared by all requests, reloaded when its file changes, served as JSON.
//!
//! | route | body | answer |
//! |---|---|---|
//! | `GET /policies` | — | id, name, regency, fiscal year, first month and months of each policy |
//! | `POST /policies/{id}/evaluate` | one worker, canonical field names | the decision, reasons in the `Accept-Language` language (`id` by default, `en`) |
//! | `POST /policies/{id}/rosters` | a CSV or `.xlsx` roster | the output CSV, streamed; with `Accept: application/json` the summary |
//! | `POST /policies/{id}/capacity` | `{"budget": "2.090.000.000", "source"?, "sector"?}` | how many workers the budget covers |
//!
//! Errors are JSON, `{"code", "field"?, "message"}`: the core's stable code
//! ([`iuran::Error::code`]) or one of the service's own (`not_found`,
//! `method_not_allowed`, `body`, `payload_too_large`, `request_timeout`, `internal`);
//! messages never carry a NIK unmasked. A body that does not arrive in full within
//! [`Config::body_timeout`] is answered 408, so a stalled upload cannot hold a roster's
//! turn. Each request is logged
//! as one line (method, path, status, duration); bodies are never logged.
//!
//! [`serve`] runs the service on a bound listener, which is how the tests start it on
//! port 0.

mod api;
mod lang;
mod problem;
mod store;

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;

pub use lang::from_accept_language;
pub use problem::Problem;
pub use store::Store;

/// What the service is started with.
#[derive(Debug, Clone)]
pub struct Config {
    /// The folder of policy files (`*.toml`, `*.json`).
    pub policies: PathBuf,
    /// The largest roster body accepted, in bytes (larger: 413).
    pub max_roster_bytes: usize,
    /// The largest JSON body accepted, in bytes (larger: 413).
    pub max_json_bytes: usize,
    /// Rosters read and evaluated at once; more wait their turn. Uploads in memory stay
    /// under this many times `max_roster_bytes`.
    pub max_roster_jobs: usize,
    /// How often the folder is checked for changed policy files.
    pub reload_interval: Duration,
    /// The longest a request body may take to arrive (longer: 408).
    pub body_timeout: Duration,
}

impl Config {
    /// The defaults for a policy folder: 256 MiB rosters, 64 KiB JSON, one roster at a
    /// time per core, a check of the folder every second, two minutes for a body to
    /// arrive.
    pub fn new(policies: impl Into<PathBuf>) -> Config {
        Config {
            policies: policies.into(),
            max_roster_bytes: 256 * 1024 * 1024,
            max_json_bytes: 64 * 1024,
            max_roster_jobs: std::thread::available_parallelism().map_or(2, usize::from),
            reload_interval: Duration::from_secs(1),
            body_timeout: Duration::from_secs(120),
        }
    }
}

/// Serve on `listener` until the process ends.
pub async fn serve(listener: TcpListener, config: Config) -> std::io::Result<()> {
    serve_until(listener, config, std::future::pending()).await
}

/// Serve on `listener` until `shutdown` completes, then stop accepting and let the
/// requests in flight finish.
pub async fn serve_until(
    listener: TcpListener,
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let store = Arc::new(Store::open(&config.policies)?);
    let watcher = {
        let store = Arc::clone(&store);
        let every = config.reload_interval;
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            tick.tick().await;
            loop {
                tick.tick().await;
                let store = Arc::clone(&store);
                // A folder that cannot be read is logged by `refresh`; the next tick
                // tries again.
                let _ = tokio::task::spawn_blocking(move || store.refresh()).await;
            }
        })
    };
    let app = api::router(store, &config);
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
    watcher.abort();
    served
}
