//! The request log: one line per request, NIKs masked, bodies never written.

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};

use iuran_service::{Config, serve};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_log_has_a_line_per_request_and_no_nik_or_body() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber).unwrap();

    let policies = Path::new(env!("CARGO_MANIFEST_DIR")).join("../policies");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(serve(listener, Config::new(policies)));
    let client = reqwest::Client::new();
    let worker = r#"{"nik": "3328052801744680", "name": "Eko Wahyuni", "birth_date": "1974-01-28", "regency": "3328", "sector": "Petani Tembakau"}"#;
    let ok = client
        .post(format!("{base}/policies/tegal-2025/evaluate"))
        .body(worker)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let missing = client
        .post(format!("{base}/policies/3328052801744680/evaluate"))
        .body(worker)
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let requests: Vec<&str> = log.lines().filter(|l| l.contains(" request ")).collect();
    assert_eq!(requests.len(), 2, "{log}");
    assert!(requests[0].contains("method=POST"), "{log}");
    assert!(
        requests[0].contains("path=/policies/tegal-2025/evaluate"),
        "{log}"
    );
    assert!(requests[0].contains("status=200"), "{log}");
    assert!(requests[0].contains("duration_us="), "{log}");
    assert!(
        requests[1].contains("path=/policies/3328********4680/evaluate"),
        "{log}"
    );
    assert!(requests[1].contains("status=404"), "{log}");
    assert!(!log.contains("3328052801744680"), "{log}");
    assert!(!log.contains("Eko"), "{log}");
}
