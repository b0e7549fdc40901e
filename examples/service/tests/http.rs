//! The service over real HTTP: started in-process on 127.0.0.1, port 0, and spoken to
//! with reqwest. Expected figures are worked out by hand from the example policies.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use iuran_service::{Config, serve, serve_until};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Start the service on a free port; returns its base URL.
async fn start(config: Config) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(serve(listener, config));
    format!("http://{addr}")
}

async fn start_on_examples() -> String {
    let mut config = Config::new(examples().join("policies"));
    config.max_roster_bytes = 4 * 1024 * 1024;
    start(config).await
}

/// A fresh folder for this test.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("iuran-service-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn json_of(response: reqwest::Response) -> Value {
    serde_json::from_str(&response.text().await.unwrap()).unwrap()
}

fn post(url: String, body: impl Into<reqwest::Body>) -> reqwest::RequestBuilder {
    reqwest::Client::new().post(url).body(body)
}

/// A tobacco farmer of Kab. Tegal (3328), from the published Tegal roster.
fn tegal_farmer() -> Value {
    json!({
        "nik": "3328052801744680",
        "birth_date": "1974-01-28",
        "sex": "L",
        "regency": "3328",
        "district": "332805",
        "sector": "Petani Tembakau",
        "active_member": "tidak",
        "welfare_decile": 2
    })
}

#[tokio::test]
async fn lists_the_policies_of_the_folder() {
    let base = start_on_examples().await;
    let response = reqwest::get(format!("{base}/policies")).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let list = json_of(response).await;
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "jember-2025",
            "pemalang-2025",
            "tegal-2025",
            "temanggung-2025",
            "trenggalek-2025",
            "trenggalek-2025-decree"
        ]
    );
    let tegal = &list[2];
    assert_eq!(tegal["first_month"], "2025-09");
    assert_eq!(tegal["months"], 4);
    assert_eq!(tegal["regency"], "3328");
}

#[tokio::test]
async fn decides_an_eligible_worker() {
    let base = start_on_examples().await;
    let response = post(
        format!("{base}/policies/tegal-2025/evaluate"),
        tegal_farmer().to_string(),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let decision = json_of(response).await;
    assert_eq!(decision["eligible"], true);
    assert_eq!(decision["sector"], "tobacco_farmer");
    assert_eq!(decision["funding_source"], "dbhcht");
    // JKK Rp 10,000 + JKM Rp 6,800 = Rp 16,800 a month, September to December.
    assert_eq!(decision["monthly_contribution"], "16800");
    assert_eq!(decision["months"], 4);
    assert_eq!(decision["total_cost"], "67200");
    assert_eq!(decision["reasons"], json!([]));
    assert_eq!(decision["breakdown"].as_array().unwrap().len(), 8); // 4 months × 2 programmes
}

#[tokio::test]
async fn explains_an_ineligible_worker_in_the_asked_language() {
    let base = start_on_examples().await;
    let mut worker = tegal_farmer();
    worker["regency"] = json!("3376"); // Kota Tegal, not the regency
    worker["district"] = json!(null);
    let ask = |lang: Option<&'static str>| {
        let mut request = post(
            format!("{base}/policies/tegal-2025/evaluate"),
            worker.to_string(),
        );
        if let Some(lang) = lang {
            request = request.header("Accept-Language", lang);
        }
        request.send()
    };

    let english = ask(Some("en-US,en;q=0.9")).await.unwrap();
    assert_eq!(english.status(), StatusCode::OK);
    assert_eq!(english.headers()["content-language"], "en");
    let decision = json_of(english).await;
    assert_eq!(decision["eligible"], false);
    assert_eq!(decision["total_cost"], "0");
    assert_eq!(decision["lang"], "en");
    let reasons = decision["reasons"].as_array().unwrap();
    assert_eq!(reasons.len(), 1);
    assert_eq!(reasons[0]["code"], "outside_region");
    let message = reasons[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("lives in ") && message.contains("outside the programme's area"),
        "{message}"
    );

    let indonesian = json_of(ask(None).await.unwrap()).await;
    let message = indonesian["reasons"][0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("berdomisili di ") && message.contains("di luar wilayah program"),
        "{message}"
    );
}

#[tokio::test]
async fn a_bad_worker_body_is_a_json_error() {
    let base = start_on_examples().await;
    let url = format!("{base}/policies/tegal-2025/evaluate");
    let response = post(url.clone(), r#"{"nik": "3328052801744680", "umur": 40}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let error = json_of(response).await;
    assert_eq!(error["code"], "body");
    assert_eq!(error["field"], "umur");

    let response = post(url, "[1, 2]").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json_of(response).await["code"], "body");

    let response = post(format!("{base}/policies/kudus-2031/evaluate"), "{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(json_of(response).await["code"], "not_found");

    let response = reqwest::Client::new()
        .delete(format!("{base}/policies"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(json_of(response).await["code"], "method_not_allowed");
}

#[tokio::test]
async fn a_roster_comes_back_as_csv_and_as_a_summary() {
    let base = start_on_examples().await;
    let roster = std::fs::read(examples().join("data/tegal-2025-budget.csv")).unwrap();
    let url = format!("{base}/policies/tegal-2025/rosters");

    let response = post(url.clone(), roster.clone()).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = response.text().await.unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let total = header.iter().position(|h| *h == "total_cost").unwrap();
    let eligible = header.iter().position(|h| *h == "eligible").unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 8146);
    assert!(rows.iter().all(|r| r[eligible] == "true"));
    let sum: u64 = rows.iter().map(|r| r[total].parse::<u64>().unwrap()).sum();
    // The published Tegal 2025 budget: 8,146 workers × Rp 16,800 × 4 months.
    assert_eq!(sum, 547_411_200);

    let response = post(url, roster)
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let report = json_of(response).await;
    assert_eq!(report["policy_id"], "tegal-2025");
    let summary = &report["summary"];
    assert_eq!(summary["rows"], 8146);
    assert_eq!(summary["eligible"], 8146);
    assert_eq!(summary["total_cost"], "547411200");
    // 7,146 farmers on DBHCHT, 1,000 fishers on APBD.
    assert_eq!(summary["by_funding_source"]["dbhcht"]["workers"], 7146);
    assert_eq!(summary["by_funding_source"]["dbhcht"]["cost"], "480211200");
    assert_eq!(summary["by_funding_source"]["apbd"]["cost"], "67200000");
}

#[tokio::test]
async fn a_workbook_roster_is_read_too() {
    // Three BNBA rows in an .xlsx (a copy of the WebAssembly tests' fixture, made by
    // their make-bnba-xlsx.mjs): Slamet (tobacco) and Sri (fisher) in Kab. Tegal, Agus
    // in Kota Tegal.
    let base = start_on_examples().await;
    let book =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bnba-tegal-3.xlsx"))
            .unwrap();
    let response = post(format!("{base}/policies/tegal-2025/rosters"), book.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let csv = response.text().await.unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 3, "{csv}");
    assert!(rows[0].ends_with(",true,,16800,4,67200,dbhcht,,"), "{csv}");
    assert!(rows[1].ends_with(",true,,16800,4,67200,apbd,,"), "{csv}");
    assert!(rows[2].ends_with(",false,outside_region,0,0,0,,,"), "{csv}");

    let response = post(format!("{base}/policies/tegal-2025/rosters"), book)
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap();
    let summary = &json_of(response).await["summary"];
    assert_eq!(summary["total_cost"], "134400"); // 2 × 16,800 × 4
    assert_eq!(summary["by_reason"], json!({"outside_region": 1}));
}

#[tokio::test]
async fn a_malformed_roster_is_a_json_error() {
    let base = start_on_examples().await;
    let url = format!("{base}/policies/tegal-2025/rosters");

    // Not UTF-8 (a Latin-1 byte in the header) — nor a workbook.
    let latin1 =
        b"nik,birth_date,regency,sector,p\xe9kerjaan\n3328052801744680,1974-01-28,3328,petani\n";
    let response = post(url.clone(), latin1.to_vec()).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let error = json_of(response).await;
    assert_eq!(error["code"], "roster", "{error}");

    // No header: the first row is taken for one and lacks the required columns. The
    // message may quote the row, never its NIK.
    let headless = "3328052801744680,1974-01-28,3328,Petani Tembakau\n";
    let response = post(url, headless).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let text = response.text().await.unwrap();
    assert!(!text.contains("3328052801744680"), "{text}");
    let error: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(error["code"], "roster", "{error}");
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_413() {
    let mut config = Config::new(examples().join("policies"));
    config.max_roster_bytes = 1024;
    let base = start(config).await;

    let big_json = format!("{{\"nik\": \"{}\"}}", "1".repeat(64 * 1024));
    let response = post(format!("{base}/policies/tegal-2025/evaluate"), big_json)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(json_of(response).await["code"], "payload_too_large");

    let mut roster = b"nik,birth_date,regency,sector\n".to_vec();
    while roster.len() <= 1024 {
        roster.extend_from_slice(b"3328052801744680,1974-01-28,3328,Petani Tembakau\n");
    }
    let response = post(format!("{base}/policies/tegal-2025/rosters"), roster)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(json_of(response).await["code"], "payload_too_large");

    // Under the limit, the same route answers.
    let small = "nik,birth_date,regency,sector\n3328052801744680,1974-01-28,3328,Petani Tembakau\n";
    let response = post(format!("{base}/policies/tegal-2025/rosters"), small)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn capacity_of_the_trenggalek_budget() {
    let base = start_on_examples().await;
    let response = post(
        format!("{base}/policies/trenggalek-2025/capacity"),
        r#"{"budget": "2.090.000.000"}"#,
    )
    .send()
    .await
    .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let capacity = json_of(response).await;
    // Rp 16,800 × 12 months = Rp 201,600 a worker; 2,090,000,000 / 201,600 = 10,367
    // workers (Rp 2,089,987,200), Rp 12,800 left.
    assert_eq!(capacity["workers"], 10_367);
    assert_eq!(capacity["cost"]["total"], "201600");
    assert_eq!(capacity["spent"], "2089987200");
    assert_eq!(capacity["unspent"], "12800");

    let response = post(
        format!("{base}/policies/trenggalek-2025/capacity"),
        r#"{"budget": "2,09 M"}"#,
    )
    .send()
    .await
    .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error = json_of(response).await;
    assert_eq!(error["code"], "argument");
    assert_eq!(error["field"], "budget");
}

/// Total cost in a roster summary.
async fn summary_total(base: &str, roster: impl Into<reqwest::Body>) -> String {
    let response = post(format!("{base}/policies/tegal-2025/rosters"), roster)
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    json_of(response).await["summary"]["total_cost"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn months_served(base: &str) -> Value {
    let list = json_of(reqwest::get(format!("{base}/policies")).await.unwrap()).await;
    list[0]["months"].clone()
}

#[tokio::test]
async fn a_policy_reloads_while_a_request_finishes_on_the_old_one() {
    let dir = temp_dir("reload");
    let file = dir.join("tegal.toml");
    let original = std::fs::read_to_string(examples().join("policies/tegal-2025.toml")).unwrap();
    std::fs::write(&file, &original).unwrap();
    let mut config = Config::new(&dir);
    config.reload_interval = Duration::from_millis(20);
    let base = start(config).await;
    assert_eq!(months_served(&base).await, 4);

    // Two tobacco farmers, uploaded in two halves with the policy rewritten between.
    let roster = "nik,birth_date,regency,sector\n\
                  3328052801744680,1974-01-28,3328,Petani Tembakau\n\
                  3328062611996191,1999-11-26,3328,Petani Tembakau\n";
    let (head, tail) = roster.split_at(40);
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<&'static str, std::io::Error>>(1);
    let body = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|piece| (piece, rx))
    });
    let in_flight = tokio::spawn({
        let base = base.clone();
        async move { summary_total(&base, reqwest::Body::wrap_stream(body)).await }
    });
    tx.send(Ok(head)).await.unwrap();
    // The client has sent the request head and started on the body.
    while tx.capacity() == 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }

    // A file that does not parse keeps the policy in service.
    std::fs::write(&file, "id = \"tegal-2025\"\nname = ").unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(months_served(&base).await, 4);

    std::fs::write(&file, original.replace("months = 4", "months = 3")).unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while months_served(&base).await != 3 {
        assert!(
            Instant::now() < deadline,
            "the rewritten policy was not reloaded"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    // The upload started under 4 months: 2 × 16,800 × 4.
    tx.send(Ok(tail)).await.unwrap();
    drop(tx);
    assert_eq!(in_flight.await.unwrap(), "134400");
    // A new request sees 3 months: 2 × 16,800 × 3.
    assert_eq!(summary_total(&base, roster).await, "100800");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn shutdown_lets_the_request_in_flight_finish() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve_until(
        listener,
        Config::new(examples().join("policies")),
        async {
            let _ = stopped.await;
        },
    ));

    let roster = "nik,birth_date,regency,sector\n\
                  3328052801744680,1974-01-28,3328,Petani Tembakau\n";
    let (head, tail) = roster.split_at(40);
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<&'static str, std::io::Error>>(1);
    let body = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|piece| (piece, rx))
    });
    let in_flight = tokio::spawn({
        let base = base.clone();
        async move { summary_total(&base, reqwest::Body::wrap_stream(body)).await }
    });
    tx.send(Ok(head)).await.unwrap();
    while tx.capacity() == 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    tokio::time::sleep(Duration::from_millis(50)).await;

    stop.send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(
        !server.is_finished(),
        "the server waits for the request in flight"
    );
    tx.send(Ok(tail)).await.unwrap();
    drop(tx);
    assert_eq!(in_flight.await.unwrap(), "67200"); // 16,800 × 4
    tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .expect("the server stops once the request is answered")
        .unwrap()
        .unwrap();
    assert!(reqwest::get(format!("{base}/policies")).await.is_err());
}

async fn ids_served(base: &str) -> Vec<String> {
    let list = json_of(reqwest::get(format!("{base}/policies")).await.unwrap()).await;
    list.as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn wait_for_ids(base: &str, expected: &[&str]) {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let ids = ids_served(base).await;
        if ids == expected {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "served {ids:?}, expected {expected:?}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[cfg(unix)]
#[tokio::test]
async fn the_folder_is_watched_for_new_removed_and_linked_files() {
    let dir = temp_dir("folder");
    let policies = examples().join("policies");
    std::os::unix::fs::symlink(policies.join("tegal-2025.toml"), dir.join("tegal.toml")).unwrap();
    std::fs::write(dir.join("notes.txt"), "not a policy").unwrap();
    std::fs::copy(policies.join("jember-2025.toml"), dir.join(".draft.toml")).unwrap();
    let mut config = Config::new(&dir);
    config.reload_interval = Duration::from_millis(20);
    let base = start(config).await;
    assert_eq!(ids_served(&base).await, ["tegal-2025"]);

    let added = dir.join("trenggalek.toml");
    std::fs::copy(policies.join("trenggalek-2025.toml"), &added).unwrap();
    wait_for_ids(&base, &["tegal-2025", "trenggalek-2025"]).await;
    std::fs::remove_file(&added).unwrap();
    wait_for_ids(&base, &["tegal-2025"]).await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn rosters_beyond_the_job_limit_wait_their_turn() {
    let mut config = Config::new(examples().join("policies"));
    config.max_roster_jobs = 1;
    let base = start(config).await;

    let roster = "nik,birth_date,regency,sector\n\
                  3328052801744680,1974-01-28,3328,Petani Tembakau\n";
    let (head, tail) = roster.split_at(40);
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<&'static str, std::io::Error>>(1);
    let body = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|piece| (piece, rx))
    });
    let first = tokio::spawn({
        let base = base.clone();
        async move { summary_total(&base, reqwest::Body::wrap_stream(body)).await }
    });
    tx.send(Ok(head)).await.unwrap();
    while tx.capacity() == 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    tokio::time::sleep(Duration::from_millis(50)).await;

    let second = tokio::spawn({
        let base = base.clone();
        async move { summary_total(&base, roster).await }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        !second.is_finished(),
        "the second roster waits for the first"
    );
    // Other routes do not wait.
    assert_eq!(ids_served(&base).await.len(), 6);

    tx.send(Ok(tail)).await.unwrap();
    drop(tx);
    assert_eq!(first.await.unwrap(), "67200");
    assert_eq!(second.await.unwrap(), "67200");
}

#[tokio::test]
async fn a_stalled_upload_is_answered_408_and_frees_its_turn() {
    let mut config = Config::new(examples().join("policies"));
    config.max_roster_jobs = 1;
    config.body_timeout = Duration::from_millis(300);
    let base = start(config).await;

    // A client that promises 100 bytes, sends 30 and then nothing.
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<&'static str, std::io::Error>>(1);
    let body = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|piece| (piece, rx))
    });
    tx.send(Ok("nik,birth_date,regency,sector\n"))
        .await
        .unwrap();
    let started = Instant::now();
    let request = post(
        format!("{base}/policies/tegal-2025/rosters"),
        reqwest::Body::wrap_stream(body),
    )
    .header("accept", "application/json")
    .send();
    let stalled = tokio::time::timeout(Duration::from_secs(20), request)
        .await
        .expect("the service answers a stalled upload itself")
        .unwrap();
    assert_eq!(stalled.status(), StatusCode::REQUEST_TIMEOUT);
    assert!(started.elapsed() >= Duration::from_millis(300));
    let problem = json_of(stalled).await;
    assert_eq!(problem["code"], "request_timeout");
    assert_eq!(
        problem["message"],
        "the body did not arrive within this service's limit of 300 ms"
    );

    // The one roster turn is free again.
    let roster = "nik,birth_date,regency,sector\n\
                  3328052801744680,1974-01-28,3328,Petani Tembakau\n";
    assert_eq!(summary_total(&base, roster).await, "67200");
    drop(tx);
}

#[tokio::test]
async fn an_error_after_the_csv_has_started_cuts_the_response_short() {
    // Pemalang has no budget ceiling, so rows are written as each chunk of 16,384 is
    // decided; a byte that is not UTF-8 on line 40,002 fails the third chunk, after the
    // first ones were sent.
    let base = start_on_examples().await;
    let mut roster = b"nik,birth_date,regency,sector\n".to_vec();
    for i in 0..40_000 {
        if i == 40_000 - 1 {
            roster.extend_from_slice(b"3327015505650001,15-05-1965,3327,p\xe9tani\n");
        } else {
            roster.extend_from_slice(b"3327015505650001,15-05-1965,3327,petani\n");
        }
    }
    let response = post(format!("{base}/policies/pemalang-2025/rosters"), roster)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.bytes().await.is_err(),
        "an output cut short must not read as a whole file"
    );
}
