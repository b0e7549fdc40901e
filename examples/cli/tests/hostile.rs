//! The `iuran` program fed hostile input: a clear error and a non-zero exit, never a
//! panic (exit 101), never an overwritten input, never a NIK or another file's text.

mod common;

use std::path::PathBuf;

use common::{iuran, text, tmp};

const POLICY: &str = "examples/policies/tegal-2025.toml";
const ROSTER: &str = "nik,birth_date,regency,sector,declared_income\n3328011203700001,1970-03-12,3328,Petani Tembakau,79228162514264337593543950335\n";

fn roster_file(name: &str) -> PathBuf {
    let p = tmp(name);
    std::fs::write(&p, ROSTER).unwrap();
    p
}

#[test]
fn an_output_that_is_an_input_is_refused_before_anything_is_written() {
    let roster = roster_file("self.csv");
    let r = roster.to_str().unwrap();
    for flag in ["--summary", "--out", "--audit"] {
        let out = iuran(&["evaluate", "--policy", POLICY, "--roster", r, flag, r]);
        assert_eq!(out.status.code(), Some(1), "{flag}");
        let err = text(&out.stderr);
        assert!(err.contains("is the input file"), "{flag}: {err}");
        assert_eq!(std::fs::read_to_string(&roster).unwrap(), ROSTER, "{flag}");
    }
    // The same file reached by another path.
    let other = format!(
        "{}/../{}/self.csv",
        roster.parent().unwrap().display(),
        roster
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
    );
    let out = iuran(&[
        "evaluate", "--policy", POLICY, "--roster", r, "--out", &other,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let out = iuran(&[
        "evaluate", "--policy", POLICY, "--roster", r, "--out", POLICY,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("is the input file"));
    assert_eq!(std::fs::read_to_string(&roster).unwrap(), ROSTER);
}

#[test]
fn an_income_near_decimal_max_is_a_row_reason_not_a_crash() {
    let roster = roster_file("huge-income.csv");
    let policy = tmp("declared.toml");
    std::fs::write(
        &policy,
        "id='x'\nname='x'\nregency='3328'\nfiscal_year=2025\ncoverage={ start='2025-09', months=4, programmes=['JKK','JKM','JHT'], income='declared' }\n[[funding]]\nid='apbd'\nkind='APBD'\n",
    )
    .unwrap();
    let out = iuran(&[
        "evaluate",
        "--policy",
        policy.to_str().unwrap(),
        "--roster",
        roster.to_str().unwrap(),
        "--json",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["eligible"], 0);
    assert_eq!(s["by_reason"]["invalid_value"], 1);
}

#[test]
fn verify_echoes_nothing_of_a_file_it_did_not_write() {
    let roster = roster_file("verified.csv");
    let record = tmp("record.json");
    let out = iuran(&[
        "evaluate",
        "--policy",
        POLICY,
        "--roster",
        roster.to_str().unwrap(),
        "--audit",
        record.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Point the record at another readable file whose first line is a secret.
    let secret = tmp("secret.txt");
    std::fs::write(&secret, "root-password-3328011203700009 and more\n").unwrap();
    let mut r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&record).unwrap()).unwrap();
    r["roster"]["file"] = serde_json::Value::String(secret.display().to_string());
    std::fs::write(&record, r.to_string()).unwrap();
    let out = iuran(&["verify", record.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let all = text(&out.stdout) + &text(&out.stderr);
    assert!(!all.contains("root-password"), "{all}");
    assert!(!all.contains("011203700009"), "{all}");
    assert!(all.contains("is not the roster it recorded"), "{all}");
}

#[test]
fn synth_refuses_impossible_arguments() {
    for (args, want) in [
        (
            vec!["synth", "--birth-years", "2010-1900"],
            "--birth-years 2010-1900",
        ),
        (vec!["synth", "--regency", "ABCD"], "--regency ABCD"),
        (
            vec!["synth", "--rows", "18446744073709551615"],
            "at most 100000000 rows",
        ),
        (
            vec!["synth", "--group", "18446744073709551615:Petani Tembakau"],
            "more than 100000000 rows",
        ),
    ] {
        let out = iuran(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(
            text(&out.stderr).contains(want),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn a_policy_that_is_not_utf8_is_refused_not_repaired() {
    let policy = tmp("latin1.json");
    let mut bytes = br#"{"id": "x", "name": "Kab. "#.to_vec();
    bytes.push(0xE9);
    bytes.extend_from_slice(br#"", "regency": "3328", "fiscal_year": 2025, "coverage": {"start": "2025-09", "months": 4}, "funding": [{"id": "apbd", "kind": "APBD"}]}"#);
    std::fs::write(&policy, bytes).unwrap();
    let out = iuran(&["check", "--policy", policy.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("not UTF-8"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_budget_with_an_exponent_is_refused_in_json_as_on_the_command_line() {
    let policy = tmp("exp.json");
    std::fs::write(
        &policy,
        r#"{"id": "x", "name": "x", "regency": "3328", "fiscal_year": 2025, "coverage": {"start": "2025-09", "months": 4}, "funding": [{"id": "apbd", "kind": "APBD", "budget": "1e9"}]}"#,
    )
    .unwrap();
    let out = iuran(&["check", "--policy", policy.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("funding[0].budget"),
        "{}",
        text(&out.stderr)
    );
    let out = iuran(&["capacity", "--policy", POLICY, "--budget", "1e9"]);
    assert_eq!(out.status.code(), Some(1));
}
