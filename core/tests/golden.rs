//! Runs every case in `golden/` (the folder Python and JavaScript tests run too) and
//! checks the result exactly.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use iuran::batch::Columns;
const FIELDS: [&str; iuran::worker::Field::NAMES.len()] = iuran::worker::Field::NAMES;
use iuran::{Decision, Policy, PolicySpec, Record, Roster};
use serde_json::Value;

mod golden_input;
use golden_input::{expand, roster_csv};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn cases() -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = std::fs::read_dir(root().join("golden"))
        .expect("golden folder")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let v: Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p.file_stem().unwrap().to_string_lossy().into_owned(), v)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn policy(v: &Value) -> Result<Policy, iuran::Error> {
    if let Some(file) = v.get("file").and_then(Value::as_str) {
        Policy::from_file(root().join(file))
    } else if let Some(toml) = v.get("toml").and_then(Value::as_str) {
        Policy::from_toml(toml)
    } else if let Some(json) = v.get("json") {
        Policy::compile(PolicySpec::from_json(&json.to_string())?)
    } else {
        panic!("policy must have `file`, `toml` or `json`")
    }
}

fn money(v: &Value) -> String {
    v.as_str()
        .expect("money is a string in golden files")
        .to_owned()
}

/// The reason with this code, among a decision's `reasons` and `excluded_months`.
fn reason_named<'d>(d: &'d Decision, code: &str) -> Option<&'d iuran::Reason> {
    d.reasons
        .iter()
        .chain(&d.excluded_months)
        .find(|r| r.code.as_str() == code)
}

/// The codes of a decision's `excluded_months` and the expected ones, when expected.
fn excluded_months(d: &Decision, exp: &Value) -> Option<(String, String)> {
    let want: Vec<&str> = exp
        .get("excluded_months")?
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let got: Vec<&str> = d.excluded_months.iter().map(|r| r.code.as_str()).collect();
    Some((format!("{got:?}"), format!("{want:?}")))
}

fn check_decision(d: &Decision, exp: &Value) -> Vec<String> {
    let mut errs = Vec::new();
    let mut eq = |what: &str, got: String, want: String| {
        if got != want {
            errs.push(format!("{what}: got {got}, want {want}"));
        }
    };
    eq(
        "eligible",
        d.eligible.to_string(),
        exp["eligible"].to_string(),
    );
    let codes: Vec<&str> = d.reasons.iter().map(|r| r.code.as_str()).collect();
    let want: Vec<&str> = exp["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    eq("reasons", format!("{codes:?}"), format!("{want:?}"));
    if let Some(v) = exp.get("funding_source") {
        eq(
            "funding_source",
            format!("{:?}", d.funding_source),
            format!("{:?}", v.as_str()),
        );
    }
    if let Some(v) = exp.get("monthly_contribution") {
        eq(
            "monthly_contribution",
            d.monthly_contribution.to_string(),
            money(v),
        );
    }
    if let Some(v) = exp.get("months") {
        eq("months", d.months.to_string(), v.to_string());
    }
    if let Some(v) = exp.get("total_cost") {
        eq("total_cost", d.total_cost.to_string(), money(v));
    }
    if let Some((got, want)) = excluded_months(d, exp) {
        eq("excluded_months", got, want);
    }
    if let Some(ctx) = exp.get("context").and_then(Value::as_object) {
        for (code, kv) in ctx {
            let reason = reason_named(d, code);
            for (k, want) in kv.as_object().unwrap() {
                let got = reason
                    .and_then(|r| r.context.get(k))
                    .cloned()
                    .unwrap_or_default();
                eq(
                    &format!("context {code}.{k}"),
                    got,
                    want.as_str().unwrap().to_owned(),
                );
            }
        }
    }
    for item in exp
        .get("breakdown")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let (month, programme) = (
            item["month"].as_str().unwrap(),
            item["programme"].as_str().unwrap(),
        );
        match d
            .breakdown
            .iter()
            .find(|c| c.month.to_string() == month && c.programme.as_str() == programme)
        {
            None => eq(
                &format!("breakdown {month} {programme}"),
                "absent".into(),
                "present".into(),
            ),
            Some(c) => {
                eq(
                    &format!("breakdown {month} {programme} amount"),
                    c.amount.to_string(),
                    money(&item["amount"]),
                );
                let want: Vec<&str> = item["adjustments"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a.as_str().unwrap())
                    .collect();
                eq(
                    &format!("breakdown {month} {programme} adjustments"),
                    format!("{:?}", c.adjustments),
                    format!("{want:?}"),
                );
            }
        }
    }
    errs
}

/// Text columns over cells given per canonical field (`None` for an absent column).
fn text_columns<'a>(len: usize, cells: &'a [Option<Vec<Option<&'a str>>>]) -> Columns<'a> {
    Columns::from_text(len, std::array::from_fn(|f| cells[f].as_deref()))
}

/// The same worker through the bulk path, as a one-row table.
fn check_bulk_record(policy: &Policy, record: &Record, exp: &Value) -> Vec<String> {
    let cells: Vec<Option<Vec<Option<&str>>>> = iuran::worker::Field::ALL
        .iter()
        .map(|f| Some(vec![record.get(*f)]))
        .collect();
    let out = policy
        .evaluate_columns(&text_columns(1, &cells))
        .expect("bulk evaluation");
    let want: Vec<&str> = exp["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let mut errs = Vec::new();
    if out.reasons[0].to_string() != want.join(";")
        || out.eligible[0] != exp["eligible"].as_bool().unwrap()
    {
        errs.push(format!(
            "bulk reasons: got {}, want {}",
            out.reasons[0],
            want.join(";")
        ));
    }
    if let Some(t) = exp.get("total_cost")
        && out.total_cost[0].to_string() != money(t)
    {
        errs.push(format!(
            "bulk total_cost: got {}, want {}",
            out.total_cost[0],
            money(t)
        ));
    }
    errs
}

/// The roster through the bulk path: the same summary and the same row answers.
fn check_bulk_roster(policy: &Policy, roster: &Roster, result: &iuran::Evaluation) -> Vec<String> {
    if roster.rows.iter().any(|r| !r.problems.is_empty()) {
        return Vec::new(); // malformed rows are a CSV matter, not a column one
    }
    let cells: Vec<Option<Vec<Option<&str>>>> = (0..FIELDS.len())
        .map(|f| {
            roster.columns[f].map(|c| {
                roster
                    .rows
                    .iter()
                    .map(|r| r.cells.get(c).map(String::as_str))
                    .collect()
            })
        })
        .collect();
    let columns = text_columns(roster.rows.len(), &cells);
    let bulk = policy.evaluate_columns(&columns).expect("bulk evaluation");
    let mut errs = Vec::new();
    let summary = policy.summarize(&columns, &bulk);
    if summary != result.summary {
        errs.push(format!(
            "bulk summary: got {summary:?}, want {:?}",
            result.summary
        ));
    }
    for (i, d) in result.decisions.iter().enumerate() {
        let got = (
            bulk.reasons[i].to_string(),
            bulk.total_cost[i].to_string(),
            bulk.monthly_contribution[i].to_string(),
        );
        let want = (
            d.reason_codes(),
            d.total_cost.to_string(),
            d.monthly_contribution.to_string(),
        );
        if got != want {
            errs.push(format!("bulk row {i}: got {got:?}, want {want:?}"));
        }
    }
    errs
}

fn check_roster(policy: &Policy, input: &Value, exp: &Value) -> Vec<String> {
    let roster =
        Roster::from_csv(roster_csv(input).as_bytes()).expect("golden rosters are readable");
    let result = policy.evaluate_roster(&roster).expect("evaluation");
    let s = &result.summary;
    let mut errs = Vec::new();
    let mut eq = |what: &str, got: String, want: String| {
        if got != want {
            errs.push(format!("{what}: got {got}, want {want}"));
        }
    };
    eq("rows", s.rows.to_string(), exp["rows"].to_string());
    eq(
        "eligible",
        s.eligible.to_string(),
        exp["eligible"].to_string(),
    );
    eq(
        "ineligible",
        s.ineligible.to_string(),
        exp["ineligible"].to_string(),
    );
    eq(
        "total_cost",
        s.total_cost.to_string(),
        money(&exp["total_cost"]),
    );
    if let Some(v) = exp.get("by_funding_source").and_then(Value::as_object) {
        let got: BTreeMap<String, (u64, String)> = s
            .by_funding_source
            .iter()
            .map(|(k, t)| (k.clone(), (t.workers, t.cost.to_string())))
            .collect();
        let want: BTreeMap<String, (u64, String)> = v
            .iter()
            .map(|(k, t)| {
                (
                    k.clone(),
                    (t["workers"].as_u64().unwrap(), money(&t["cost"])),
                )
            })
            .collect();
        eq("by_funding_source", format!("{got:?}"), format!("{want:?}"));
    }
    if let Some(v) = exp.get("by_reason").and_then(Value::as_object) {
        let want: BTreeMap<String, u64> = v
            .iter()
            .map(|(k, n)| (k.clone(), n.as_u64().unwrap()))
            .collect();
        eq(
            "by_reason",
            format!("{:?}", s.by_reason),
            format!("{want:?}"),
        );
    }
    if let Some(v) = exp.get("by_month").and_then(Value::as_object) {
        for (m, want) in v {
            let got = s
                .by_month
                .iter()
                .find(|(k, _)| k.to_string() == *m)
                .map(|(_, a)| a.to_string())
                .unwrap_or_default();
            eq(&format!("by_month {m}"), got, money(want));
        }
    }
    // Whatever the case, a total is the sum of its rows.
    let sum: rust_decimal::Decimal = result.decisions.iter().map(|d| d.total_cost).sum();
    eq("sum of rows", sum.to_string(), s.total_cost.to_string());
    if let Some(want) = exp.get("lines").and_then(Value::as_array) {
        let got: Vec<u64> = roster.rows.iter().map(|r| r.line).collect();
        let want: Vec<u64> = want.iter().map(|l| l.as_u64().unwrap()).collect();
        eq("lines", format!("{got:?}"), format!("{want:?}"));
    }
    errs.extend(check_streamed(policy, input, exp, &roster, s));
    errs.extend(check_rows(&result, exp));
    errs.extend(check_bulk_roster(policy, &roster, &result));
    errs
}

/// The streamed file path ([`Policy::evaluate_file_each`]): the same summary, the rows
/// at the same lines, their waiting positions, and the output file.
fn check_streamed(
    policy: &Policy,
    input: &Value,
    exp: &Value,
    roster: &Roster,
    s: &iuran::Summary,
) -> Vec<String> {
    let mut errs = Vec::new();
    let mut eq = |what: &str, got: String, want: String| {
        if got != want {
            errs.push(format!("{what}: got {got}, want {want}"));
        }
    };
    let csv = roster_csv(input);
    let mut written = Vec::new();
    let mut lines = Vec::new();
    let mut waiting = Vec::new();
    let report = policy
        .evaluate_file_each(
            iuran::RosterFile::Bytes(csv.as_bytes()),
            Some(&mut written),
            &mut |row| {
                lines.push(row.line());
                waiting.push(row.waiting_position().map(u64::from));
            },
        )
        .expect("a golden roster streams");
    if let Some(want) = exp.get("waiting_positions").and_then(Value::as_array) {
        let want: Vec<Option<u64>> = want.iter().map(Value::as_u64).collect();
        eq(
            "streamed waiting positions",
            format!("{waiting:?}"),
            format!("{want:?}"),
        );
    }
    eq(
        "streamed summary",
        format!("{:?}", report.summary),
        format!("{s:?}"),
    );
    let read: Vec<u64> = roster.rows.iter().map(|r| r.line).collect();
    eq("streamed lines", format!("{lines:?}"), format!("{read:?}"));
    if let Some(want) = exp.get("output").and_then(Value::as_str) {
        eq(
            "output",
            String::from_utf8_lossy(&written).into_owned(),
            want.to_owned(),
        );
    }
    errs
}

fn check_policy(policy: Result<Policy, iuran::Error>, exp: &Value) -> Vec<String> {
    match (policy, exp.get("error"), exp.get("lints")) {
        (Err(e), Some(want), _) => {
            let mut errs = Vec::new();
            if e.code() != want["code"].as_str().unwrap() {
                errs.push(format!(
                    "error code: got {}, want {}",
                    e.code(),
                    want["code"]
                ));
            }
            if e.field() != want["field"].as_str() {
                errs.push(format!(
                    "error field: got {:?}, want {} ({e})",
                    e.field(),
                    want["field"]
                ));
            }
            errs
        }
        (Ok(p), None, Some(lints)) => {
            let got: Vec<String> = p.lint().into_iter().map(|l| l.code).collect();
            let want: Vec<&str> = lints
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap())
                .collect();
            if got == want {
                vec![]
            } else {
                vec![format!("lints: got {got:?}, want {want:?}")]
            }
        }
        (Err(e), None, _) => vec![format!("unexpected error: {e}")],
        (Ok(_), Some(_), _) => vec!["expected an error, the policy compiled".into()],
        (Ok(_), None, None) => vec!["check case needs `error` or `lints`".into()],
    }
}

/// Compare selected fields of a JSON value (what `expected` names) with the result's
/// JSON, exactly.
fn subset(got: &Value, want: &Value, at: &str, errs: &mut Vec<String>) {
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => {
            for (k, v) in w {
                subset(
                    g.get(k).unwrap_or(&Value::Null),
                    v,
                    &format!("{at}.{k}"),
                    errs,
                );
            }
        }
        (Value::Array(g), Value::Object(w)) => {
            // `{"3": {...}}` checks element 3 of an array.
            for (k, v) in w {
                let i: usize = k.parse().expect("array index");
                subset(
                    g.get(i).unwrap_or(&Value::Null),
                    v,
                    &format!("{at}[{i}]"),
                    errs,
                );
            }
        }
        (Value::Array(g), Value::Array(w)) if g.len() == w.len() => {
            for (i, (g, w)) in g.iter().zip(w).enumerate() {
                subset(g, w, &format!("{at}[{i}]"), errs);
            }
        }
        _ if got == want => {}
        _ => errs.push(format!("{at}: got {got}, want {want}")),
    }
}

fn arg<'a>(input: &'a Value, key: &str) -> Option<&'a str> {
    input.get(key).and_then(Value::as_str)
}

/// Per-row expectations: reasons, waiting positions, paying sources.
fn check_rows(result: &iuran::Evaluation, exp: &Value) -> Vec<String> {
    let mut errs = Vec::new();
    let mut eq = |what: &str, got: String, want: String| {
        if got != want {
            errs.push(format!("{what}: got {got}, want {want}"));
        }
    };
    if let Some(rows) = exp.get("row_reasons").and_then(Value::as_array) {
        let got: Vec<Vec<&str>> = result
            .decisions
            .iter()
            .map(|d| d.reasons.iter().map(|r| r.code.as_str()).collect())
            .collect();
        let want: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| {
                r.as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c.as_str().unwrap())
                    .collect()
            })
            .collect();
        eq("row_reasons", format!("{got:?}"), format!("{want:?}"));
    }
    if let Some(rows) = exp.get("waiting_positions").and_then(Value::as_array) {
        let got: Vec<Option<u64>> = result
            .decisions
            .iter()
            .map(|d| {
                d.reasons
                    .iter()
                    .find(|r| r.code.as_str() == "budget_exhausted")
                    .map(|r| r.context["position"].parse().unwrap())
            })
            .collect();
        let want: Vec<Option<u64>> = rows.iter().map(Value::as_u64).collect();
        eq("waiting_positions", format!("{got:?}"), format!("{want:?}"));
    }
    if let Some(rows) = exp.get("funding_sources").and_then(Value::as_array) {
        let got: Vec<Option<&str>> = result
            .decisions
            .iter()
            .map(|d| d.funding_source.as_deref())
            .collect();
        let want: Vec<Option<&str>> = rows.iter().map(Value::as_str).collect();
        eq("funding_sources", format!("{got:?}"), format!("{want:?}"));
    }
    errs
}

/// Planning cases: capacity, requirement, schedule, quality.
fn check_planning(p: &Policy, kind: &str, input: &Value, exp: &Value) -> Vec<String> {
    let result: Result<Value, iuran::Error> = match kind {
        "capacity" => iuran::money::parse_budget(input["budget"].as_str().unwrap())
            .and_then(|budget| p.capacity(budget, arg(input, "source"), arg(input, "sector")))
            .map(|c| {
                let mut v = serde_json::to_value(&c).unwrap();
                v["cost_per_worker"] = v["cost"]["total"].clone();
                v
            }),
        "requirement" => p
            .requirement(
                input["workers"].as_u64().unwrap(),
                arg(input, "source"),
                arg(input, "sector"),
            )
            .map(|r| serde_json::to_value(&r).unwrap()),
        "schedule" => {
            let roster = Roster::from_csv(roster_csv(&input["roster"]).as_bytes()).unwrap();
            let summary = p.evaluate_roster(&roster).unwrap().summary;
            p.schedule(&summary, input["tranches"].as_u64().map(|t| t as u32))
                .map(|s| serde_json::to_value(&s).unwrap())
        }
        "roadmap" => {
            let input: iuran::RoadmapInput =
                serde_json::from_value(input.clone()).expect("a roadmap input");
            p.roadmap(&input).map(|r| serde_json::to_value(&r).unwrap())
        }
        "benefits" => {
            let q: iuran::benefits::BenefitQuery =
                serde_json::from_value(input.clone()).expect("a benefit query");
            p.benefits(&q).map(|r| serde_json::to_value(&r).unwrap())
        }
        "quality" => {
            let roster = Roster::from_csv(roster_csv(&input["roster"]).as_bytes()).unwrap();
            let as_of = input["as_of"].as_str().unwrap().parse().unwrap();
            Ok(
                serde_json::to_value(iuran::QualityReport::of(&roster, p.taxonomy(), as_of))
                    .unwrap(),
            )
        }
        _ => unreachable!(),
    };
    let mut errs = Vec::new();
    match (result, exp.get("error")) {
        (Ok(v), None) => subset(&v, exp, kind, &mut errs),
        (Err(e), Some(want)) => {
            if e.code() != want["code"] || e.field() != want["field"].as_str() {
                errs.push(format!(
                    "error: got {} {:?} ({e}), want {want}",
                    e.code(),
                    e.field()
                ));
            }
        }
        (Ok(_), Some(_)) => errs.push("expected an error".into()),
        (Err(e), None) => errs.push(format!("unexpected error: {e}")),
    }
    errs
}

/// A comparison: the base policy and each scenario (`{ "file": … }` or
/// `{ "toml": … }`) on one roster; `expected` names a subset of the comparison's JSON.
/// Every case also checks what holds for any comparison: each variant's totals equal
/// its own evaluation, and the per-worker cost changes add up to the total delta.
fn check_compare(base: &Policy, input: &Value, exp: &Value) -> Vec<String> {
    use iuran::Scenario;
    use iuran::compare::{Variant, compare};
    let roster = Roster::from_csv(roster_csv(&input["roster"]).as_bytes()).unwrap();
    let variants: Vec<Variant> = input["scenarios"]
        .as_array()
        .expect("scenarios")
        .iter()
        .map(|s| {
            let scenario = match (s.get("file"), s.get("toml")) {
                (Some(f), _) => Scenario::from_file(root().join(f.as_str().unwrap())),
                (_, Some(t)) => Scenario::from_toml(t.as_str().unwrap()),
                _ => panic!("a scenario is `file` or `toml`"),
            }
            .expect("a valid scenario");
            Variant::new(
                scenario.name.clone(),
                scenario.apply(base).expect("applies"),
            )
        })
        .collect();
    let c = compare(base, &variants, &roster).expect("compares");
    let mut errs = Vec::new();
    subset(
        &serde_json::to_value(&c).unwrap(),
        exp,
        "compare",
        &mut errs,
    );
    for (v, r) in variants.iter().zip(&c.variants) {
        let alone = v.policy.evaluate_roster(&roster).unwrap().summary;
        if r.totals.summary() != alone {
            errs.push(format!("{}: totals differ from its own evaluation", v.name));
        }
        let sum: rust_decimal::Decimal = r.changes.iter().map(|c| c.cost_delta).sum();
        if sum != r.delta.total_cost {
            errs.push(format!(
                "{}: changes add up to {sum}, delta {}",
                v.name, r.delta.total_cost
            ));
        }
    }
    errs
}

#[test]
fn golden_cases() {
    let cases = cases();
    assert!(
        cases.len() >= 25,
        "the golden folder holds the shared cases"
    );
    let mut failures = Vec::new();
    for (file, case) in &cases {
        for key in ["name", "reference", "policy", "input", "expected"] {
            assert!(case.get(key).is_some(), "{file}: missing `{key}`");
        }
        let input = &case["input"];
        let exp = &case["expected"];
        let planning = [
            "capacity",
            "requirement",
            "schedule",
            "quality",
            "roadmap",
            "benefits",
        ]
        .into_iter()
        .find(|k| input.get(*k).is_some());
        let errs = if let Some(c) = input.get("compare") {
            let p = policy(&case["policy"]).unwrap_or_else(|e| panic!("{file}: {e}"));
            check_compare(&p, c, exp)
        } else if let Some(kind) = planning {
            let p = policy(&case["policy"]).unwrap_or_else(|e| panic!("{file}: {e}"));
            check_planning(&p, kind, &input[kind], exp)
        } else if input.get("check").is_some() {
            check_policy(policy(&case["policy"]), exp)
        } else {
            let p = policy(&case["policy"]).unwrap_or_else(|e| panic!("{file}: {e}"));
            if let Some(w) = input.get("worker") {
                let record: Record =
                    serde_json::from_value(w.clone()).unwrap_or_else(|e| panic!("{file}: {e}"));
                let mut errs = check_decision(&p.evaluate_record(&record).unwrap(), exp);
                errs.extend(check_bulk_record(&p, &record, exp));
                errs
            } else {
                check_roster(&p, &input["roster"], exp)
            }
        };
        for e in errs {
            failures.push(format!("{file}: {e}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} golden failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn expand_numbers_runs_of_hashes() {
    assert_eq!(expand("332801120370####", 7), "3328011203700007");
    assert_eq!(expand("a##b#", 3), "a03b3");
    assert_eq!(expand("none", 3), "none");
}
