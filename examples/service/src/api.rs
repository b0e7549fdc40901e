//! The routes.

use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Json;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, FromRequest, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use iuran::nik::mask_niks;
use iuran::{Decision, Lang, Policy, Record, RosterFile};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc};
use tracing::{info, warn};

use crate::lang::from_accept_language;
use crate::{Config, Problem, Store};

/// Bytes of output CSV sent at a time.
const CHUNK: usize = 64 * 1024;

#[derive(Clone)]
struct App {
    store: Arc<Store>,
    max_roster_bytes: usize,
    max_json_bytes: usize,
    body_timeout: Duration,
    /// One permit per roster being read or evaluated.
    rosters: Arc<Semaphore>,
}

pub(crate) fn router(store: Arc<Store>, config: &Config) -> Router {
    let app = App {
        store,
        max_roster_bytes: config.max_roster_bytes,
        max_json_bytes: config.max_json_bytes,
        body_timeout: config.body_timeout,
        rosters: Arc::new(Semaphore::new(config.max_roster_jobs.max(1))),
    };
    Router::new()
        .route("/policies", get(list))
        .route("/policies/{id}/evaluate", post(evaluate))
        .route("/policies/{id}/capacity", post(capacity))
        .route(
            "/policies/{id}/rosters",
            post(roster).layer(DefaultBodyLimit::max(config.max_roster_bytes)),
        )
        .fallback(|| async { Problem::new(StatusCode::NOT_FOUND, "not_found", "no such route") })
        .layer(DefaultBodyLimit::max(config.max_json_bytes))
        .layer(middleware::from_fn(log))
        .with_state(app)
}

/// One line per request: method, path (NIKs masked), status, time to the response
/// head. Never the body or the query. Also gives the router's bare 405 a JSON body.
async fn log(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = mask_niks(request.uri().path());
    let start = Instant::now();
    let mut response = next.run(request).await;
    if response.status() == StatusCode::METHOD_NOT_ALLOWED {
        // The router's own 405 has an empty body: answer it as JSON too.
        let allow = response.headers().get(header::ALLOW).cloned();
        response = Problem::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "this route does not take that method",
        )
        .into_response();
        if let Some(allow) = allow {
            response.headers_mut().insert(header::ALLOW, allow);
        }
    }
    let micros = u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX);
    info!(
        %method,
        path = %path,
        status = response.status().as_u16(),
        duration_us = micros,
        "request"
    );
    response
}

/// The policy a request is about, taken before its body is read: a request finishes
/// on the policy it started with, whatever reloads meanwhile.
fn policy(app: &App, id: &str) -> Result<Arc<Policy>, Problem> {
    app.store.get(id).ok_or_else(|| Problem::unknown_policy(id))
}

/// The body, within the route's limit of size and the service's limit of time.
async fn body(app: &App, request: Request, limit: usize) -> Result<Bytes, Problem> {
    let read = Bytes::from_request(request, &());
    match tokio::time::timeout(app.body_timeout, read).await {
        Err(_) => Err(Problem::timeout(app.body_timeout)),
        Ok(read) => read.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                Problem::too_large(limit)
            } else {
                Problem::body(&e.body_text())
            }
        }),
    }
}

fn lang(headers: &HeaderMap) -> Lang {
    from_accept_language(
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
}

async fn list(State(app): State<App>) -> Json<Value> {
    let policies: Vec<Value> = app
        .store
        .all()
        .iter()
        .map(|p| {
            let spec = p.spec();
            json!({
                "id": spec.id,
                "name": spec.name,
                "regency": spec.regency,
                "fiscal_year": spec.fiscal_year,
                "first_month": p.months()[0],
                "months": p.months().len(),
            })
        })
        .collect();
    Json(Value::Array(policies))
}

async fn evaluate(
    State(app): State<App>,
    Path(id): Path<String>,
    request: Request,
) -> Result<Response, Problem> {
    let policy = policy(&app, &id)?;
    let lang = lang(request.headers());
    let body = body(&app, request, app.max_json_bytes).await?;
    let record = record(&body)?;
    let decision = policy.evaluate_record(&record)?;
    let mut response = Json(decision_json(&decision, lang)).into_response();
    let tag = if lang == Lang::En { "en" } else { "id" };
    response
        .headers_mut()
        .insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(tag));
    Ok(response)
}

/// A worker from a JSON object of canonical fields ([`iuran::worker::Field`]); values
/// are text, or numbers and booleans taken as the text they print as.
fn record(body: &[u8]) -> Result<Record, Problem> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| Problem::body(&format!("not a JSON object: {e}")))?;
    let Value::Object(fields) = value else {
        return Err(Problem::body(
            "expected a JSON object of worker fields (nik, birth_date, regency, sector, …)",
        ));
    };
    let mut record = Record::default();
    for (name, value) in fields {
        let text = match value {
            Value::Null => None,
            Value::String(s) => Some(s),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Array(_) | Value::Object(_) => {
                return Err(
                    Problem::body("a worker field is text, a number or a boolean")
                        .with_field(&name),
                );
            }
        };
        let Some(field) = iuran::worker::Field::parse(&name) else {
            let known = iuran::worker::Field::NAMES.join(", ");
            return Err(
                Problem::body(&format!("unknown worker field; the fields are {known}"))
                    .with_field(&name),
            );
        };
        record.set(field, text);
    }
    Ok(record)
}

/// A decision as JSON, each reason with its message in `lang`.
fn decision_json(decision: &Decision, lang: Lang) -> Value {
    let mut value = serde_json::to_value(decision).unwrap_or(Value::Null);
    value["reasons"] = decision
        .reasons
        .iter()
        .map(|r| json!({ "code": r.code, "message": r.message(lang), "context": r.context }))
        .collect();
    value["lang"] = json!(lang);
    value
}

async fn roster(
    State(app): State<App>,
    Path(id): Path<String>,
    request: Request,
) -> Result<Response, Problem> {
    let policy = policy(&app, &id)?;
    // The summary when the client asks for JSON and not for CSV; the CSV otherwise.
    let summary_only = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json") && !v.contains("text/csv"));
    // Taken before the body is read, so that waiting uploads are not held in memory.
    let permit = Arc::clone(&app.rosters)
        .acquire_owned()
        .await
        .map_err(|_| internal())?;
    let body = body(&app, request, app.max_roster_bytes).await?;
    if summary_only {
        let report = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            policy.evaluate_file(RosterFile::Bytes(&body), None)
        })
        .await
        .map_err(|_| internal())??;
        info!(policy = %id, rows = report.summary.rows, eligible = report.summary.eligible, "roster evaluated");
        return Ok(Json(json!({ "policy_id": id, "summary": report.summary })).into_response());
    }
    stream_csv(policy, id, body, permit).await
}

fn internal() -> Problem {
    Problem::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "the evaluation stopped unexpectedly",
    )
}

/// What the evaluating thread hands the response.
enum Piece {
    Bytes(Bytes),
    Failed(iuran::Error),
}

/// The output CSV, sent as the engine writes it. An error before the first chunk is
/// answered as a JSON error; after it, the response is cut short (the client sees an
/// incomplete body, never a truncated file that looks whole).
async fn stream_csv(
    policy: Arc<Policy>,
    id: String,
    body: Bytes,
    permit: OwnedSemaphorePermit,
) -> Result<Response, Problem> {
    let (tx, mut rx) = mpsc::channel::<Piece>(8);
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let mut out = Chunks {
            buf: Vec::with_capacity(CHUNK),
            tx: tx.clone(),
        };
        match policy.evaluate_file(RosterFile::Bytes(&body), Some(&mut out)) {
            Ok(report) => {
                if out.send().is_ok() {
                    info!(policy = %id, rows = report.summary.rows, eligible = report.summary.eligible, "roster evaluated");
                }
            }
            Err(e) => {
                warn!(policy = %id, code = e.code(), error = %mask_niks(&e.to_string()), "roster evaluation failed");
                let _ = tx.blocking_send(Piece::Failed(e));
            }
        }
    });
    let first = match rx.recv().await {
        None => Bytes::new(),
        Some(Piece::Failed(e)) => return Err(e.into()),
        Some(Piece::Bytes(b)) => b,
    };
    let rest = futures_util::stream::unfold(rx, |mut rx| async move {
        match rx.recv().await? {
            Piece::Bytes(b) => Some((Ok(b), rx)),
            Piece::Failed(e) => Some((Err(std::io::Error::other(mask_niks(&e.to_string()))), rx)),
        }
    });
    let stream = futures_util::StreamExt::chain(
        futures_util::stream::iter([Ok::<_, std::io::Error>(first)]),
        rest,
    );
    Ok((
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
        Body::from_stream(stream),
    )
        .into_response())
}

/// A writer that sends what it is given in chunks of [`CHUNK`] bytes.
struct Chunks {
    buf: Vec<u8>,
    tx: mpsc::Sender<Piece>,
}

impl Chunks {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK));
        self.tx
            .blocking_send(Piece::Bytes(chunk.into()))
            .map_err(|_| std::io::Error::other("the client went away"))
    }
}

impl Write for Chunks {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A budget question.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CapacityRequest {
    budget: Budget,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    sector: Option<String>,
}

/// A budget as text (`"2.090.000.000"`, `"Rp 2.090.000.000"`) or a whole number.
#[derive(Deserialize)]
#[serde(untagged)]
enum Budget {
    Text(String),
    Number(serde_json::Number),
}

async fn capacity(
    State(app): State<App>,
    Path(id): Path<String>,
    request: Request,
) -> Result<Response, Problem> {
    let policy = policy(&app, &id)?;
    let body = body(&app, request, app.max_json_bytes).await?;
    let ask: CapacityRequest = serde_json::from_slice(&body).map_err(|e| {
        Problem::body(&format!(
            "expected {{\"budget\": \"2.090.000.000\", \"source\"?, \"sector\"?}}: {e}"
        ))
    })?;
    let budget = match ask.budget {
        Budget::Text(t) => t,
        Budget::Number(n) => n.to_string(),
    };
    let budget = iuran::money::parse_budget(&budget)?;
    let capacity = policy.capacity(budget, ask.source.as_deref(), ask.sector.as_deref())?;
    Ok(Json(capacity).into_response())
}
