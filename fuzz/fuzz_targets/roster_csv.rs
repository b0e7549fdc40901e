//! Any bytes as a CSV roster, streamed through the engine as `evaluate_file` does and
//! read whole by `Roster::from_csv`, then evaluated as `report_roster` does: both accept
//! or both refuse, and when they accept they write the same bytes; every record is one
//! output row, the output is rectangular and reads back; the total is the sum of the
//! rows.
#![no_main]

use std::sync::OnceLock;

use iuran::{Policy, Roster, RosterFile};
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;

fn policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(|| {
        Policy::from_toml(include_str!("../../examples/policies/tegal-2025.toml"))
            .expect("the example policy is valid")
    })
}

fuzz_target!(|data: &[u8]| {
    let mut out = Vec::new();
    let (mut rows, mut sum) = (0u64, 0i128);
    let streamed = policy().evaluate_file_each(RosterFile::Bytes(data), Some(&mut out), &mut |r| {
        rows += 1;
        sum += i128::from(r.total_cost());
    });
    let whole = Roster::from_csv(data).and_then(|roster| {
        let mut out = Vec::new();
        let report = policy().report_roster(&roster, Some(&mut out))?;
        Ok((roster, report, out))
    });
    match (streamed, whole) {
        (Ok(report), Ok((roster, whole_report, whole_out))) => {
            assert_eq!(
                report.summary.rows,
                roster.rows.len() as u64,
                "rows in = rows out"
            );
            assert_eq!(rows, report.summary.rows, "one view per row");
            assert_eq!(
                report.summary.total_cost,
                Decimal::from_i128_with_scale(sum, 0)
            );
            assert_eq!(report.summary.total_cost, whole_report.summary.total_cost);
            assert!(out == whole_out, "streamed and whole write the same bytes");
            let written = Roster::from_csv(&out).expect("the output CSV reads back");
            assert_eq!(
                written.rows.len(),
                roster.rows.len(),
                "one output row per record"
            );
            for row in &written.rows {
                assert_eq!(row.cells.len(), written.headers.len(), "rectangular output");
            }
        }
        (Err(_), Err(_)) => {}
        (streamed, whole) => panic!(
            "the streamed reader says {:?}, the whole-file reader {:?}",
            streamed.map(|r| r.summary.rows),
            whole.map(|(roster, _, _)| roster.rows.len())
        ),
    }
});
