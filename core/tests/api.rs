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
