//! Golden roster inputs as CSV text, shared by the golden runner and the CLI's pinned
//! outputs test (which includes this file by path), so both read the same rows.

use std::fmt::Write as _;

const FIELDS: [&str; iuran::worker::Field::NAMES.len()] = iuran::worker::Field::NAMES;
use serde_json::Value;

/// Replace each run of `#` with the copy number, zero-padded to the run's width.
pub fn expand(template: &str, n: usize) -> String {
    let mut out = String::new();
    let mut run = 0;
    for c in template.chars().chain(std::iter::once('\0')) {
        if c == '#' {
            run += 1;
            continue;
        }
        if run > 0 {
            let _ = write!(out, "{n:0run$}");
            run = 0;
        }
        if c != '\0' {
            out.push(c);
        }
    }
    out
}

/// A roster input (`{ "csv": … }` or `{ "groups": [...] }`) as CSV text: groups become
/// the canonical columns in `FIELDS` order.
pub fn roster_csv(v: &Value) -> String {
    if let Some(csv) = v.get("csv").and_then(Value::as_str) {
        return csv.to_owned();
    }
    let groups = v["groups"].as_array().expect("groups");
    // The first ten canonical columns always; a later one when a record names it.
    let fields: Vec<&str> = FIELDS
        .iter()
        .enumerate()
        .filter(|(i, f)| *i < 10 || groups.iter().any(|g| g["record"].get(**f).is_some()))
        .map(|(_, f)| *f)
        .collect();
    let mut out = fields.join(",");
    out.push('\n');
    for g in groups {
        let count = g["count"].as_u64().unwrap() as usize;
        for n in 1..=count {
            let cells: Vec<String> = fields
                .iter()
                .map(|f| {
                    g["record"]
                        .get(*f)
                        .and_then(Value::as_str)
                        .map(|t| expand(t, n))
                        .unwrap_or_default()
                })
                .collect();
            out.push_str(&cells.join(","));
            out.push('\n');
        }
    }
    out
}
