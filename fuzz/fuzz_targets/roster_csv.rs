//! Any bytes as a CSV roster: a roster or an error, never a panic; a roster evaluates
//! to one decision per row.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn policy() -> &'static iuran::Policy {
    static POLICY: OnceLock<iuran::Policy> = OnceLock::new();
    POLICY.get_or_init(|| {
        iuran::Policy::from_toml(include_str!("../../examples/policies/tegal-2025.toml"))
            .expect("the example policy is valid")
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(roster) = iuran::Roster::from_csv(data) {
        let result = policy()
            .evaluate_roster(&roster)
            .expect("a read roster evaluates");
        assert_eq!(result.decisions.len(), roster.rows.len());
        let _ = roster.write_csv(&result.decisions);
    }
});
