//! What the crate promises a service that links it: the compiled policy, a roster and
//! every result can be shared across threads (a policy behind an `Arc` serves many
//! requests at once).

fn send_sync<T: Send + Sync>() {}

#[test]
fn policies_rosters_and_results_are_send_and_sync() {
    send_sync::<iuran::Policy>();
    send_sync::<iuran::PolicySpec>();
    send_sync::<iuran::RateTable>();
    send_sync::<iuran::Taxonomy>();
    send_sync::<iuran::Roster>();
    send_sync::<iuran::Worker>();
    send_sync::<iuran::Record>();
    send_sync::<iuran::Decision>();
    send_sync::<iuran::Evaluation>();
    send_sync::<iuran::RosterReport>();
    send_sync::<iuran::Summary>();
    send_sync::<iuran::QualityReport>();
    send_sync::<iuran::Schedule>();
    send_sync::<iuran::Requirement>();
    send_sync::<iuran::Capacity>();
    send_sync::<iuran::WorkerCost>();
    send_sync::<iuran::Roadmap>();
    send_sync::<iuran::Lint>();
    send_sync::<iuran::Scenario>();
    send_sync::<iuran::compare::Comparison>();
    send_sync::<iuran::Error>();
}

/// The README's example of the crate without default features: runs in that build too
/// (`cargo test -p iuran --no-default-features`).
#[test]
fn a_json_policy_decides_a_typed_worker_without_any_file_format() {
    let policy = iuran::Policy::from_json(
        r#"{
        "id": "tegal-2025", "name": "Kab. Tegal 2025", "regency": "3328", "fiscal_year": 2025,
        "coverage": { "start": "2025-09", "months": 4 },
        "eligibility": { "groups": ["tobacco", "agriculture"] },
        "funding": [{ "id": "dbhcht", "kind": "DBHCHT" }]
    }"#,
    )
    .unwrap();
    let worker = iuran::Worker {
        nik: Some("3328011203700001".into()),
        birth_date: Some(jiff::civil::date(1970, 3, 12)),
        regency: Some("3328".into()),
        sector: Some("Petani Tembakau".into()),
        ..iuran::Worker::default()
    };
    let decision = policy.evaluate(&worker).unwrap();
    assert!(decision.eligible);
    // Rp 16,800 a month (JKK 10,000 + JKM 6,800) for the four months of cover.
    assert_eq!(decision.total_cost.to_string(), "67200");
}

/// Formats found by name or content but compiled out say which feature brings them.
#[cfg(not(feature = "toml"))]
#[test]
fn a_toml_policy_without_the_toml_feature_names_the_feature() {
    let e = iuran::Policy::from_text("id = \"x\"", None).unwrap_err();
    assert_eq!(e.code(), "unsupported");
    assert_eq!(
        e.to_string(),
        "a TOML policy needs iuran's `toml` feature, which this build leaves out"
    );
}

#[cfg(all(feature = "csv", not(feature = "xlsx")))]
#[test]
fn an_xlsx_roster_without_the_xlsx_feature_names_the_feature() {
    let e = iuran::Roster::from_bytes(b"PK\x03\x04rest").unwrap_err();
    assert_eq!(
        e.to_string(),
        "an .xlsx roster needs iuran's `xlsx` feature, which this build leaves out"
    );
}
