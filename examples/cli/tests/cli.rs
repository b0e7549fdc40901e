//! The `iuran` program, run as a user runs it.

mod common;

use common::{iuran, root, text, tmp};

#[test]
fn no_arguments_runs_the_sample() {
    let out = iuran(&[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(
        s.contains("Built-in sample") && s.contains("Rows                              3000"),
        "{s}"
    );
    assert!(s.contains("TOTAL"), "{s}");
}

#[test]
fn tegal_published_budget_to_the_rupiah() {
    // RULES.md §8: 7,146 farmers (DBHCHT) + 1,000 fishers (APBD), 4 months at Rp 16,800.
    let summary = tmp("tegal-summary.json");
    let out_csv = tmp("tegal-out.csv");
    let out = iuran(&[
        "evaluate",
        "--policy",
        "examples/policies/tegal-2025.toml",
        "--roster",
        "examples/data/tegal-2025-budget.csv",
        "--out",
        out_csv.to_str().unwrap(),
        "--summary",
        summary.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&summary).unwrap()).unwrap();
    assert_eq!(s["rows"], 8146);
    assert_eq!(s["eligible"], 8146);
    assert_eq!(s["total_cost"], "547411200");
    assert_eq!(s["by_funding_source"]["dbhcht"]["cost"], "480211200");
    assert_eq!(s["by_funding_source"]["dbhcht"]["workers"], 7146);
    assert_eq!(s["by_funding_source"]["apbd"]["cost"], "67200000");
    assert_eq!(s["by_funding_source"]["apbd"]["workers"], 1000);
    let report = text(&out.stdout);
    assert!(report.contains("Rp 547,411,200"), "{report}");
    let csv = std::fs::read_to_string(&out_csv).unwrap();
    assert_eq!(csv.lines().count(), 8147);
    assert!(csv.lines().next().unwrap().ends_with(
        ",eligible,reasons,monthly_contribution,months,total_cost,funding_source,waiting_position,extra_cells"
    ));
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .ends_with(",true,,16800,4,67200,dbhcht,,")
    );
}

#[test]
fn malformed_rows_are_kept_in_order_with_their_reasons() {
    let roster = tmp("messy.csv");
    std::fs::write(
        &roster,
        "\u{feff}NIK;Name;Birth_Date;Regency;Sector;Note\n\
         3328011203700001;A;12-03-1970;3328;Petani Tembakau;ok\n\
         33280112037X0002;B;12-03-1970;3328;Petani Tembakau;bad nik\n\
         3328011203700003;C;31/02/1970;3328;Petani Tembakau;bad date\n\
         3328011203700004;D;12/03/1970;3328;Astronot;unknown sector\n\
         3328011203700005;E;12-03-1970;3328;;empty sector\n",
    )
    .unwrap();
    let out_csv = tmp("messy-out.csv");
    let out = iuran(&[
        "evaluate",
        "--policy",
        "examples/policies/tegal-2025.toml",
        "--roster",
        roster.to_str().unwrap(),
        "--out",
        out_csv.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = std::fs::read_to_string(&out_csv).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 6, "{csv}");
    assert!(
        lines[0].starts_with("NIK;Name;Birth_Date;Regency;Sector;Note;eligible;reasons"),
        "{csv}"
    );
    assert!(
        lines[1].ends_with(";ok;true;;16800;4;67200;dbhcht;;"),
        "{csv}"
    );
    assert!(
        lines[2].ends_with(";bad nik;false;invalid_nik;0;0;0;;;"),
        "{csv}"
    );
    assert!(
        lines[3].ends_with(";bad date;false;invalid_value;0;0;0;;;"),
        "{csv}"
    );
    assert!(
        lines[4].ends_with(";unknown sector;false;unknown_sector;0;0;0;;;"),
        "{csv}"
    );
    assert!(
        lines[5].ends_with(";empty sector;false;missing_field;0;0;0;;;"),
        "{csv}"
    );
}

#[test]
fn unreadable_files_are_named_precisely() {
    let missing = tmp("missing-column.csv");
    std::fs::write(
        &missing,
        "nik,birth_date,sector\n3328011203700001,1970-03-12,Nelayan\n",
    )
    .unwrap();
    let out = iuran(&[
        "evaluate",
        "--policy",
        "examples/policies/tegal-2025.toml",
        "--roster",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("error: roster line 1, column `regency`: required column is missing"),
        "{err}"
    );

    let latin1 = tmp("latin1.csv");
    std::fs::write(&latin1, b"nik,birth_date,regency,sector\n3328011203700001,1970-03-12,3328,Nelayan\n3328011203700002,1970-03-12,3328,Pedagang \xe9\n").unwrap();
    let out = iuran(&[
        "evaluate",
        "--policy",
        "examples/policies/tegal-2025.toml",
        "--roster",
        latin1.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("error: roster line 3: is not UTF-8 text"),
        "{err}"
    );

    let out = iuran(&[
        "evaluate",
        "--policy",
        "no/such/policy.toml",
        "--roster",
        latin1.to_str().unwrap(),
    ]);
    assert!(
        text(&out.stderr).starts_with("error: cannot read `no/such/policy.toml`"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn check_lists_lints_and_rejects_bad_policies() {
    let out = iuran(&[
        "check",
        "--policy",
        "examples/policies/pemalang-2025.toml",
        "--json",
    ]);
    assert!(out.status.success());
    let lints: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = lints
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "short_cover_funeral_only",
            "age_at_registration_limit",
            "dbhcht_outside_tobacco"
        ]
    );

    let bad = tmp("bad.toml");
    std::fs::write(&bad, "id='x'\nname='x'\nregency='3328'\nfiscal_year=2025\ncoverage={start='2025-01',months=0}\n[[funding]]\nid='a'\nkind='APBD'\n").unwrap();
    let out = iuran(&["check", "--policy", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr).trim(),
        "error: policy field `coverage.months`: must be between 1 and 60, found 0"
    );
}

#[test]
fn check_speaks_the_chosen_language() {
    let out = iuran(&[
        "check",
        "--lang",
        "id",
        "--policy",
        "examples/policies/pemalang-2025.toml",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    let lines: Vec<&str> = s.lines().collect();
    assert_eq!(lines.len(), 4, "{s}"); // "Kebijakan valid" and the three lints
    assert!(
        lines[1].starts_with(
            "peringatan [short_cover_funeral_only] `coverage.months`: cakupan 2 bulan"
        ),
        "{s}"
    );
    assert!(!s.contains("warning"), "{s}");
    let out = iuran(&["check", "--policy", "examples/policies/pemalang-2025.toml"]);
    assert!(
        text(&out.stdout)
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("warning [short_cover_funeral_only]")
    );
}

#[test]
fn synth_says_what_it_wrote() {
    let path = tmp("synth-says.csv");
    let p = path.to_str().unwrap();
    let out = iuran(&["synth", "--rows", "7", "--seed", "3", "--out", p]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!("wrote 7 rows to {p} (seed 3, synthetic: no real people)\n")
    );
    // a header and the 7 rows
    assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 8);
    let out = iuran(&[
        "synth",
        "--lang",
        "id",
        "--group",
        "2:Nelayan",
        "--group",
        "3:Petani Tembakau",
        "--out",
        p,
    ]);
    assert_eq!(
        text(&out.stdout),
        format!("menulis 5 baris ke {p} (seed 1, sintetis: bukan orang sungguhan)\n")
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 6);
}

#[test]
fn plan_says_when_the_roster_has_no_findings() {
    let out = iuran(&[
        "plan",
        "--policy",
        "examples/policies/tegal-2025.toml",
        "--roster",
        "examples/data/tegal-2025-budget.csv",
        "--as-of",
        "2025-11-22",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    let first: Vec<&str> = s.lines().take(5).collect();
    assert_eq!(
        first,
        [
            "Rows                                                8146",
            "Rows with no finding                                8146",
            "No findings (as of 2025-11-22)",
            "",
            "Bantuan iuran Jamsostek petani dan nelayan Kabupaten Tegal 2025 (tegal-2025)",
        ],
        "{s}"
    );
    assert!(!s.contains("\n\n\n"), "{s}");
    let out = iuran(&[
        "quality",
        "--lang",
        "id",
        "--roster",
        "examples/data/tegal-2025-budget.csv",
        "--as-of",
        "2025-11-22",
    ]);
    assert_eq!(
        text(&out.stdout).lines().last(),
        Some("Tidak ada temuan (per tanggal 2025-11-22)")
    );
}

#[test]
fn reports_end_their_lines_without_spaces() {
    let compare = [
        "compare",
        "--policy",
        "examples/policies/tegal-2025.toml",
        "--scenario",
        "examples/scenarios/mulai-april.toml",
        "--roster",
        "examples/data/tegal-2025-budget.csv",
    ];
    let plan = [
        "plan",
        "--policy",
        "examples/policies/tegal-2025.toml",
        "--roster",
        "examples/data/sample-tegal-2025.csv",
        "--as-of",
        "2025-11-22",
    ];
    for args in [&compare[..], &plan[..]] {
        let out = iuran(args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let s = text(&out.stdout);
        for line in s.lines() {
            assert_eq!(line, line.trim_end(), "{args:?}: a line ends with spaces");
        }
    }
    let out = iuran(&compare);
    assert!(text(&out.stdout).contains("\nbase (tegal-2025)                                8146     8146        0       Rp 547,411,200\n"));
}

#[test]
fn every_example_policy_compiles() {
    for entry in std::fs::read_dir(root().join("examples/policies")).unwrap() {
        let path = entry.unwrap().path();
        let out = iuran(&["check", "--policy", path.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{}: {}",
            path.display(),
            text(&out.stderr)
        );
    }
}

#[test]
fn the_sample_roster_is_what_the_generator_makes() {
    let out = iuran(&[
        "synth",
        "--seed",
        "2025",
        "--rows",
        "3000",
        "--regency",
        "3328",
    ]);
    let committed =
        std::fs::read_to_string(root().join("examples/data/sample-tegal-2025.csv")).unwrap();
    assert_eq!(text(&out.stdout), committed);
}

#[test]
fn a_100k_messy_roster_goes_through_quality_evaluate_and_allocate_in_one_command() {
    let roster = tmp("messy-100k.csv");
    let out = iuran(&[
        "synth",
        "--seed",
        "42",
        "--rows",
        "100000",
        "--regency",
        "3328",
        "--out",
        roster.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out_csv = tmp("messy-100k-out.csv");
    let out = iuran(&[
        "plan",
        "--policy",
        "examples/policies/tegal-2025.toml",
        "--roster",
        roster.to_str().unwrap(),
        "--out",
        out_csv.to_str().unwrap(),
        "--tranches",
        "2",
        "--as-of",
        "2025-11-22",
        "--json",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Rows in = rows out, everywhere.
    assert_eq!(doc["quality"]["rows"], 100_000);
    assert_eq!(doc["summary"]["rows"], 100_000);
    let csv = std::fs::read_to_string(&out_csv).unwrap();
    assert_eq!(csv.lines().count(), 100_001);
    // The Tegal budgets bind: DBHCHT pays exactly its 7,146 places, APBD its 1,000,
    // and everyone else eligible waits.
    let s = &doc["summary"];
    assert_eq!(s["by_funding_source"]["dbhcht"]["workers"], 7146);
    assert_eq!(s["by_funding_source"]["dbhcht"]["cost"], "480211200");
    assert_eq!(s["by_funding_source"]["apbd"]["workers"], 1000);
    assert_eq!(s["total_cost"], "547411200");
    assert!(s["by_reason"]["budget_exhausted"].as_u64().unwrap() > 10_000);
    // The output's money column adds up to the summary.
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let col = header.iter().position(|h| *h == "total_cost").unwrap();
    let sum: u64 = csv
        .lines()
        .skip(1)
        .map(|l| {
            l.rsplit(',')
                .nth(header.len() - 1 - col)
                .unwrap()
                .parse::<u64>()
                .unwrap()
        })
        .sum();
    assert_eq!(sum, 547_411_200);
    assert_eq!(doc["schedule"]["tranches"][0]["total"], "273705600");
}

#[test]
fn planning_commands_print_the_published_figures() {
    let out = iuran(&[
        "capacity",
        "--policy",
        "examples/policies/trenggalek-2025.toml",
        "--budget",
        "2.090.000.000",
        "--json",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let c: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (c["workers"].as_u64(), c["unspent"].as_str()),
        (Some(10_367), Some("12800"))
    );
    let out = iuran(&[
        "benefits",
        "--policy",
        "examples/policies/pemalang-2025.toml",
        "--month",
        "2",
    ]);
    assert!(
        text(&out.stdout).contains("Rp 10,000,000"),
        "{}",
        text(&out.stdout)
    );
    let out = iuran(&[
        "roadmap",
        "--policy",
        "examples/policies/trenggalek-2025.toml",
        "--baseline-year",
        "2025",
        "--baseline-percent",
        "26.30",
        "--workforce",
        "400000",
        "--target-year",
        "2045",
        "--target-percent",
        "83.29",
        "--share",
        "50",
        "--json",
    ]);
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["years"][20]["members"], 333_160);
}

#[test]
fn compare_scenarios_when_the_budgets_bind() {
    // The published Kab. Tegal roster: DBHCHT Rp 480,211,200 pays 7,146 × 16,800 × 4.
    // Nine months from April cost 151,200 a worker: DBHCHT funds 480,211,200 / 151,200
    // = 3,176 exactly, APBD 67,200,000 / 151,200 = 444 (Rp 67,132,800): 3,620 funded,
    // Rp 547,344,000, 4,526 waiting. A JKM of Rp 7,500 costs 70,000 a worker: 6,860 +
    // 960 = 7,820 funded, Rp 547,400,000, 326 waiting.
    let out = iuran(&[
        "compare",
        "--policy",
        "examples/policies/tegal-2025.toml",
        "--scenario",
        "examples/scenarios/mulai-april.toml",
        "--scenario",
        "examples/scenarios/jkm-7500.toml",
        "--roster",
        "examples/data/tegal-2025-budget.csv",
        "--json",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let c: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(c["rows"], 8146);
    assert_eq!(c["base"]["total_cost"], "547411200");
    let april = &c["variants"][0];
    assert_eq!(april["totals"]["funded"], 3620);
    assert_eq!(april["totals"]["waiting"], 4526);
    assert_eq!(april["totals"]["total_cost"], "547344000");
    assert_eq!(april["delta"]["total_cost"], "-67200");
    assert_eq!(april["delta"]["by_source"]["dbhcht"]["cost"], "0");
    assert_eq!(april["change_counts"]["funded_to_waiting"], 4526);
    let jkm = &c["variants"][1];
    assert_eq!(jkm["totals"]["funded"], 7820);
    assert_eq!(jkm["totals"]["total_cost"], "547400000");
    assert_eq!(jkm["delta"]["waiting"], 326);
    // NIKs are masked in every change.
    let first = &april["changes"][0];
    assert_eq!(first["line"], 2);
    assert!(first["nik"].as_str().unwrap().contains("********"));
    let digits_in_a_row = text(&out.stdout)
        .split(|c: char| !c.is_ascii_digit())
        .map(str::len)
        .max()
        .unwrap_or(0);
    assert!(digits_in_a_row < 16, "an unmasked NIK");
}

#[test]
fn compare_report_explains_both_sides_in_indonesian() {
    let out = iuran(&[
        "compare",
        "--lang",
        "id",
        "--policy",
        "examples/policies/tegal-2025.toml",
        "--scenario",
        "examples/scenarios/usia-50-65.toml",
        "--roster",
        "examples/data/sample-tegal-2025.csv",
        "--show",
        "1",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.contains("Perbandingan skenario (3000 baris)"), "{s}");
    assert!(s.contains("Usia 50–65"), "{s}");
    assert!(s.contains("di bawah batas minimal 50 tahun"), "{s}");
    assert!(s.contains("Rp 94.348.800"), "{s}");
}

#[test]
fn a_bad_scenario_names_its_field() {
    let bad = tmp("bad-scenario.toml");
    std::fs::write(&bad, "name = \"bad\"\n[set]\ncoverage.months = 99\n").unwrap();
    let out = iuran(&[
        "compare",
        "--policy",
        "examples/policies/tegal-2025.toml",
        "--scenario",
        bad.to_str().unwrap(),
        "--roster",
        "examples/data/sample-tegal-2025.csv",
    ]);
    assert!(!out.status.success());
    assert_eq!(
        text(&out.stderr).trim(),
        "error: scenario `bad` field `set.coverage.months`: must be between 1 and 60, found 99"
    );
}

#[test]
fn audit_records_verify_and_report_differences() {
    let record = tmp("audit-evaluate.json");
    let roster = tmp("audit-roster.csv");
    std::fs::copy(root().join("examples/data/tegal-2025-budget.csv"), &roster).unwrap();
    let out = iuran(&[
        "evaluate",
        "--policy",
        "examples/policies/tegal-2025.toml",
        "--roster",
        roster.to_str().unwrap(),
        "--json",
        "--audit",
        record.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&record).unwrap()).unwrap();
    assert_eq!(r["format"], "iuran-audit/1");
    assert_eq!(r["roster"]["rows"], 8146);
    assert_eq!(r["result"]["evaluation"]["total_cost"], "547411200");
    assert_eq!(r["policy"]["sha256"].as_str().unwrap().len(), 64);
    assert!(
        r["rate_rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|row| row["id"] == "bpu-jkm" && row["reference"] == "PP 44/2015 jo. PP 82/2019")
    );

    let ok = iuran(&["verify", record.to_str().unwrap()]);
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    assert!(
        text(&ok.stdout).starts_with("verified: "),
        "{}",
        text(&ok.stdout)
    );

    // One worker fewer: the roster's hash and the totals differ, and the exit status says so.
    let csv = std::fs::read_to_string(&roster).unwrap();
    let mut shorter = csv.lines().take(8146).collect::<Vec<_>>().join("\n");
    shorter.push('\n');
    std::fs::write(&roster, shorter).unwrap();
    let bad = iuran(&["verify", record.to_str().unwrap()]);
    assert!(!bad.status.success());
    let s = text(&bad.stdout);
    assert!(s.contains("roster.sha256"), "{s}");
    assert!(
        s.contains("result.evaluation.total_cost: recorded 547411200, now 547344000"),
        "{s}"
    );
}

#[test]
fn a_comparison_audit_record_reproduces() {
    let record = tmp("audit-compare.json");
    let out = iuran(&[
        "compare",
        "--policy",
        "examples/policies/tegal-2025.toml",
        "--scenario",
        "examples/scenarios/usia-50-65.toml",
        "--scenario",
        "examples/scenarios/jkm-7500.toml",
        "--roster",
        "examples/data/sample-tegal-2025.csv",
        "--audit",
        record.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&record).unwrap()).unwrap();
    assert_eq!(r["scenarios"].as_array().unwrap().len(), 2);
    assert!(
        r["result"]["comparison"]["variants"][0]
            .get("changes")
            .is_none()
    );
    // The hypothetical JKM row is recorded with its (hypothetical) reference.
    assert!(
        r["rate_rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|row| row["id"] == "bpu-jkm" && row["status"] == "unverified")
    );
    let ok = iuran(&[
        "verify",
        record.to_str().unwrap(),
        "--roster",
        "examples/data/sample-tegal-2025.csv",
    ]);
    assert!(ok.status.success(), "{}", text(&ok.stdout));
}

#[test]
fn a_taxonomy_file_names_more_occupations_and_is_audited() {
    // Kab. Tegal 2025 covers fishers; a village writes "Pencari Ikan Kali", which the
    // built-in taxonomy does not know. `--taxonomy` adds it as a fisher alias.
    let taxonomy = tmp("more-sectors.toml");
    std::fs::write(
        &taxonomy,
        "[[alias]]\nsector = \"fisher\"\ntexts = [\"pencari ikan kali\"]\n",
    )
    .unwrap();
    let roster = tmp("river.csv");
    std::fs::write(
        &roster,
        "nik,birth_date,regency,sector\n3328010101700001,1970-01-01,3328,Pencari Ikan Kali\n",
    )
    .unwrap();
    let summary = |extra: &[&str]| {
        let path = tmp("river-summary.json");
        let record = tmp("river-audit.json");
        let mut args = vec![
            "evaluate",
            "--policy",
            "examples/policies/tegal-2025.toml",
            "--roster",
            roster.to_str().unwrap(),
            "--summary",
            path.to_str().unwrap(),
            "--audit",
            record.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let out = iuran(&args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let s: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        (s, record)
    };
    let (without, _) = summary(&[]);
    assert_eq!(without["by_reason"]["unknown_sector"], 1);
    let (with, record) = summary(&["--taxonomy", taxonomy.to_str().unwrap()]);
    // 4 months × Rp 16,800, paid from APBD (the fishers' source).
    assert_eq!(with["eligible"], 1);
    assert_eq!(with["total_cost"], "67200");
    assert_eq!(with["by_funding_source"]["apbd"]["workers"], 1);
    // The record keeps the taxonomy file and reproduces with it.
    let out = iuran(&["verify", record.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let bad = tmp("bad-sectors.toml");
    std::fs::write(
        &bad,
        "[[alias]]\nsector = \"fisher\"\ntexts = [\"petani tembakau\"]\n",
    )
    .unwrap();
    let out = iuran(&[
        "check",
        "--policy",
        "examples/policies/tegal-2025.toml",
        "--taxonomy",
        bad.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("alias[0].texts[0]") && err.contains("tobacco_farmer"),
        "{err}"
    );
}
