//! Pinned outputs: every file and report the `iuran` program writes for the example
//! rosters and for every roster in a golden case, compared byte for byte with the files
//! in `tests/pinned/`.
//!
//! What the program writes is part of its contract — people keep these files, diff them
//! and feed them to other programs — so a change to any byte must be deliberate. After
//! one, regenerate the expected files and review the diff:
//!
//! ```text
//! IURAN_BLESS=1 cargo test -p iuran-cli --test pinned
//! git diff --stat examples/cli/tests/pinned/
//! ```
//!
//! `IURAN_BLESS=1` rewrites every expected file (and removes any no run produces any
//! more) instead of comparing. Files over 512 KiB are kept gzipped (`NAME.gz`) and
//! compared after decompression.
//!
//! Every run is made from the repository root with the same relative paths as when the
//! files were generated. Golden rosters (and inline policies or scenarios) are written to
//! a scratch folder first; no output may contain that folder's path.

#[path = "../../../core/tests/golden_input/mod.rs"]
mod golden_input;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use serde_json::Value;

/// The day `quality` judges dates on, so the reports do not change with the calendar.
const AS_OF: &str = "2025-11-22";
/// Tranches every `schedule` run is asked for (golden schedule cases add their own).
const TRANCHES: u32 = 2;
/// The policy the example scenarios are written against.
const COMPARE_POLICY: &str = "examples/policies/tegal-2025.toml";
/// Expected files larger than this are stored gzipped.
const GZIP_OVER: usize = 512 * 1024;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

fn pinned_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pinned")
}

/// A policy as the program is given it.
#[derive(Clone)]
struct PolicyArg {
    /// Name part of the pinned files: the file's stem, or `inline`.
    id: String,
    /// The `--policy` argument.
    arg: String,
}

/// A roster and what is run on it.
struct Subject {
    /// Name part of the pinned files.
    id: String,
    /// The `--roster` argument.
    roster: String,
    rows: usize,
    policies: Vec<PolicyArg>,
    /// Tranche counts asked of `schedule`.
    tranches: BTreeSet<u32>,
    /// `--scenario` arguments for `compare` (with the policy at `COMPARE_POLICY`), if any.
    scenarios: Vec<String>,
}

/// One run of the program and the pinned files it produces.
struct Run {
    args: Vec<String>,
    /// Pinned name of standard output.
    stdout: String,
    /// Files the run writes: where, and their pinned name.
    files: Vec<(PathBuf, String)>,
    /// Rows evaluated, to start the longest runs first.
    cost: usize,
}

fn path_arg(p: &Path) -> String {
    p.to_str().expect("UTF-8 path").to_owned()
}

fn stem(path: &str) -> String {
    Path::new(path)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// The values of a CSV's `regency` column (plain files: no quoted separators).
fn regencies(csv: &str) -> BTreeSet<String> {
    let mut lines = csv.lines();
    let header = lines.next().unwrap_or_default();
    let sep = if header.contains(';') { ';' } else { ',' };
    let Some(col) = header.split(sep).position(|h| h.trim() == "regency") else {
        return BTreeSet::new();
    };
    lines
        .filter_map(|l| l.split(sep).nth(col))
        .map(|v| v.trim().to_owned())
        .collect()
}

fn sorted_files(dir: &str, ext: &str) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(root().join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(ext))
        .map(|n| format!("{dir}/{n}"))
        .collect();
    out.sort();
    out
}

fn example_scenarios() -> Vec<String> {
    sorted_files("examples/scenarios", ".toml")
}

/// The example rosters, each with every example policy of a regency it has rows in.
fn example_subjects() -> Vec<Subject> {
    let policies: Vec<(String, String)> = sorted_files("examples/policies", ".toml")
        .into_iter()
        .map(|p| {
            let policy =
                iuran::Policy::from_file(root().join(&p)).unwrap_or_else(|e| panic!("{p}: {e}"));
            (p, policy.spec().regency.clone())
        })
        .collect();
    sorted_files("examples/data", ".csv")
        .into_iter()
        .map(|roster| {
            let text = std::fs::read_to_string(root().join(&roster)).unwrap();
            let seen = regencies(&text);
            let matching: Vec<PolicyArg> = policies
                .iter()
                .filter(|(_, regency)| seen.contains(regency))
                .map(|(p, _)| PolicyArg {
                    id: stem(p),
                    arg: p.clone(),
                })
                .collect();
            assert!(!matching.is_empty(), "{roster}: no example policy matches");
            let scenarios = if matching.iter().any(|p| p.arg == COMPARE_POLICY) {
                example_scenarios()
            } else {
                Vec::new()
            };
            Subject {
                id: stem(&roster),
                rows: text.lines().count().saturating_sub(1),
                roster,
                policies: matching,
                tranches: BTreeSet::from([TRANCHES]),
                scenarios,
            }
        })
        .collect()
}

/// Every roster in a golden case, written to `scratch`, under the case's policy. Cases
/// with the same roster and policy are run once, under the first case's name.
fn golden_subjects(scratch: &Path) -> Vec<Subject> {
    let mut out: Vec<Subject> = Vec::new();
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    for file in sorted_files("golden", ".json") {
        let case: Value =
            serde_json::from_str(&std::fs::read_to_string(root().join(&file)).unwrap())
                .unwrap_or_else(|e| panic!("{file}: {e}"));
        let name = stem(&file);
        let input = &case["input"];
        let (roster, tranches, scenarios) = if let Some(r) = input.get("roster") {
            (r, None, None)
        } else if let Some(s) = input.get("schedule") {
            (&s["roster"], s["tranches"].as_u64(), None)
        } else if let Some(q) = input.get("quality") {
            assert_eq!(q["as_of"], AS_OF, "{file}: quality is pinned on {AS_OF}");
            (&q["roster"], None, None)
        } else if let Some(c) = input.get("compare") {
            (&c["roster"], None, c["scenarios"].as_array())
        } else {
            continue;
        };
        let csv = golden_input::roster_csv(roster);
        let policy = &case["policy"];
        let key = (csv, policy.to_string());
        let at = if let Some(&at) = seen.get(&key) {
            at
        } else {
            out.push(golden_subject(scratch, &file, &name, &key.0, policy));
            seen.insert(key, out.len() - 1);
            out.len() - 1
        };
        let subject = &mut out[at];
        if let Some(t) = tranches {
            subject.tranches.insert(u32::try_from(t).unwrap());
        }
        if let Some(list) = scenarios {
            assert_eq!(
                subject.policies[0].arg, COMPARE_POLICY,
                "{file}: compare cases are pinned under {COMPARE_POLICY}"
            );
            subject.scenarios = list
                .iter()
                .enumerate()
                .map(|(i, s)| match (s.get("file"), s.get("toml")) {
                    (Some(f), _) => f.as_str().unwrap().to_owned(),
                    (_, Some(t)) => {
                        let p = scratch.join(format!("{name}.scenario-{i}.toml"));
                        std::fs::write(&p, t.as_str().unwrap()).unwrap();
                        path_arg(&p)
                    }
                    _ => panic!("{file}: a scenario is `file` or `toml`"),
                })
                .collect();
        }
    }
    out
}

/// A golden case's roster (as CSV text) under its policy, written to `scratch`.
fn golden_subject(scratch: &Path, file: &str, name: &str, csv: &str, policy: &Value) -> Subject {
    let roster_path = scratch.join(format!("{name}.csv"));
    std::fs::write(&roster_path, csv).unwrap();
    let policy = if let Some(f) = policy.get("file").and_then(Value::as_str) {
        PolicyArg {
            id: stem(f),
            arg: f.to_owned(),
        }
    } else if let Some(t) = policy.get("toml").and_then(Value::as_str) {
        let p = scratch.join(format!("{name}.policy.toml"));
        std::fs::write(&p, t).unwrap();
        PolicyArg {
            id: "inline".into(),
            arg: path_arg(&p),
        }
    } else if let Some(j) = policy.get("json") {
        let p = scratch.join(format!("{name}.policy.json"));
        std::fs::write(&p, j.to_string()).unwrap();
        PolicyArg {
            id: "inline".into(),
            arg: path_arg(&p),
        }
    } else {
        panic!("{file}: policy must have `file`, `toml` or `json`")
    };
    let scenarios = if policy.arg == COMPARE_POLICY {
        example_scenarios()
    } else {
        Vec::new()
    };
    Subject {
        id: format!("golden-{name}"),
        roster: path_arg(&roster_path),
        rows: csv.lines().count().saturating_sub(1),
        policies: vec![policy],
        tranches: BTreeSet::from([TRANCHES]),
        scenarios,
    }
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| (*a).to_owned()).collect()
}

fn runs(subjects: &[Subject], out_dir: &Path) -> Vec<Run> {
    let mut runs = Vec::new();
    for s in subjects {
        let roster = s.roster.as_str();
        for flags in [&[][..], &["--json"][..]] {
            let ext = if flags.is_empty() { "txt" } else { "json" };
            let mut args = strings(&["quality", "--roster", roster, "--as-of", AS_OF]);
            args.extend(strings(flags));
            runs.push(Run {
                args,
                stdout: format!("{}.quality.{ext}", s.id),
                files: Vec::new(),
                cost: s.rows,
            });
        }
        for p in &s.policies {
            let base = format!("{}.{}", s.id, p.id);
            let csv = out_dir.join(format!("{base}.evaluate.csv"));
            let summary = out_dir.join(format!("{base}.evaluate.summary.json"));
            runs.push(Run {
                args: strings(&[
                    "evaluate",
                    "--policy",
                    &p.arg,
                    "--roster",
                    roster,
                    "--out",
                    &path_arg(&csv),
                    "--summary",
                    &path_arg(&summary),
                ]),
                stdout: format!("{base}.evaluate.txt"),
                files: vec![
                    (csv, format!("{base}.evaluate.csv")),
                    (summary, format!("{base}.evaluate.summary.json")),
                ],
                cost: s.rows,
            });
            for t in &s.tranches {
                for flags in [&[][..], &["--json"][..]] {
                    let ext = if flags.is_empty() { "txt" } else { "json" };
                    let mut args = strings(&[
                        "schedule",
                        "--policy",
                        &p.arg,
                        "--roster",
                        roster,
                        "--tranches",
                        &t.to_string(),
                    ]);
                    args.extend(strings(flags));
                    runs.push(Run {
                        args,
                        stdout: format!("{base}.schedule-{t}.{ext}"),
                        files: Vec::new(),
                        cost: s.rows,
                    });
                }
            }
            if p.arg == COMPARE_POLICY && !s.scenarios.is_empty() {
                let mut args = strings(&["compare", "--policy", &p.arg, "--roster", roster]);
                for sc in &s.scenarios {
                    args.push("--scenario".into());
                    args.push(sc.clone());
                }
                args.push("--json".into());
                runs.push(Run {
                    args,
                    stdout: format!("{base}.compare.json"),
                    files: Vec::new(),
                    cost: s.rows * (1 + s.scenarios.len()),
                });
            }
        }
    }
    runs
}

/// Run one command; its outputs by pinned name.
fn execute(run: &Run) -> Result<Vec<(String, Vec<u8>)>, String> {
    let out = Command::new(env!("CARGO_BIN_EXE_iuran"))
        .args(&run.args)
        .current_dir(root())
        .output()
        .map_err(|e| format!("cannot run iuran: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`iuran {}` failed ({}): {}",
            run.args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let mut files = vec![(run.stdout.clone(), out.stdout)];
    for (path, name) in &run.files {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        files.push((name.clone(), bytes));
    }
    Ok(files)
}

/// Run everything, the longest runs first, on as many threads as there are cores.
fn execute_all(mut runs: Vec<Run>) -> (BTreeMap<String, Vec<u8>>, Vec<String>) {
    runs.sort_by_key(|r| std::cmp::Reverse(r.cost));
    let next = AtomicUsize::new(0);
    let results = Mutex::new((BTreeMap::new(), Vec::new()));
    let threads = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(run) = runs.get(i) else { break };
                    let got = execute(run);
                    let mut r = results.lock().unwrap();
                    match got {
                        Ok(files) => {
                            for (name, bytes) in files {
                                assert!(r.0.insert(name.clone(), bytes).is_none(), "{name} twice");
                            }
                        }
                        Err(e) => r.1.push(e),
                    }
                }
            });
        }
    });
    results.into_inner().unwrap()
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("a gzip file");
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    // No name and no time in the header, so the same bytes give the same file.
    let mut enc = flate2::GzBuilder::new().write(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// The expected bytes of a pinned output, plain or gzipped.
fn expected(name: &str) -> Option<Vec<u8>> {
    let dir = pinned_dir();
    if let Ok(b) = std::fs::read(dir.join(name)) {
        return Some(b);
    }
    std::fs::read(dir.join(format!("{name}.gz")))
        .ok()
        .map(|b| gunzip(&b))
}

fn shown(line: Option<&[u8]>) -> String {
    match line {
        None => "(end of file)".into(),
        Some(l) => {
            let s = String::from_utf8_lossy(l);
            if s.chars().count() > 200 {
                format!("{:?}…", s.chars().take(200).collect::<String>())
            } else {
                format!("{s:?}")
            }
        }
    }
}

/// Where two outputs first differ, in three lines.
fn first_difference(want: &[u8], got: &[u8]) -> String {
    let mut w = want.split_inclusive(|&b| b == b'\n');
    let mut g = got.split_inclusive(|&b| b == b'\n');
    let mut line = 1;
    loop {
        let (a, b) = (w.next(), g.next());
        if a.is_none() && b.is_none() {
            return "no difference".into();
        }
        if a != b {
            return format!(
                "first difference on line {line}\n    expected: {}\n    got:      {}",
                shown(a),
                shown(b)
            );
        }
        line += 1;
    }
}

/// The pinned file names now in the folder (without `.gz`), and their stored names.
fn pinned_now() -> BTreeMap<String, String> {
    std::fs::read_dir(pinned_dir())
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n != "README.md")
                .map(|n| (n.strip_suffix(".gz").unwrap_or(&n).to_owned(), n))
                .collect()
        })
        .unwrap_or_default()
}

fn bless(got: &BTreeMap<String, Vec<u8>>) {
    let dir = pinned_dir();
    std::fs::create_dir_all(&dir).unwrap();
    for (_, stored) in pinned_now() {
        std::fs::remove_file(dir.join(stored)).unwrap();
    }
    for (name, bytes) in got {
        if bytes.len() > GZIP_OVER {
            std::fs::write(dir.join(format!("{name}.gz")), gzip(bytes)).unwrap();
        } else {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
    }
}

#[test]
fn outputs_match_the_pinned_files() {
    let started = Instant::now();
    let scratch = std::env::temp_dir().join(format!("iuran-pinned-{}", std::process::id()));
    let out_dir = scratch.join("out");
    std::fs::create_dir_all(&out_dir).unwrap();

    let mut subjects = example_subjects();
    subjects.extend(golden_subjects(&scratch));
    let runs = runs(&subjects, &out_dir);
    let count = runs.len();
    let (got, errors) = execute_all(runs);
    std::fs::remove_dir_all(&scratch).ok();
    assert!(errors.is_empty(), "{}", errors.join("\n"));

    let scratch_text = path_arg(&scratch);
    for (name, bytes) in &got {
        assert!(
            !String::from_utf8_lossy(bytes).contains(&scratch_text),
            "{name} contains the scratch folder's path, so it cannot be pinned"
        );
    }

    if std::env::var_os("IURAN_BLESS").is_some_and(|v| v == "1") {
        bless(&got);
        eprintln!(
            "IURAN_BLESS=1: wrote {} pinned outputs from {count} runs in {:.1?}",
            got.len(),
            started.elapsed()
        );
        return;
    }

    let mut failures = Vec::new();
    for (name, bytes) in &got {
        match expected(name) {
            None => failures.push(format!("{name}: not pinned")),
            Some(want) if want != *bytes => {
                failures.push(format!("{name}: {}", first_difference(&want, bytes)));
            }
            Some(_) => {}
        }
    }
    for name in pinned_now().keys() {
        if !got.contains_key(name) {
            failures.push(format!("{name}: pinned, but no run produces it any more"));
        }
    }
    eprintln!(
        "{} pinned outputs from {count} runs checked in {:.1?}",
        got.len(),
        started.elapsed()
    );
    assert!(
        failures.is_empty(),
        "{} of {} pinned outputs differ (if the change is deliberate, regenerate them with \
         IURAN_BLESS=1 and review the diff):\n{}",
        failures.len(),
        got.len(),
        failures.join("\n")
    );
}

#[test]
fn first_difference_names_the_line() {
    assert_eq!(
        first_difference(b"a\nb\nc\n", b"a\nB\nc\n"),
        "first difference on line 2\n    expected: \"b\\n\"\n    got:      \"B\\n\""
    );
    assert_eq!(
        first_difference(b"a\n", b"a\nb\n"),
        "first difference on line 2\n    expected: (end of file)\n    got:      \"b\\n\""
    );
    assert_eq!(
        first_difference(b"a\nb", b"a\nb\n"),
        "first difference on line 2\n    expected: \"b\"\n    got:      \"b\\n\""
    );
    assert_eq!(first_difference(b"same", b"same"), "no difference");
}

#[test]
fn gzip_round_trips_and_is_reproducible() {
    let text = b"nik,name\n3328011203700001,A\n".repeat(1000);
    assert_eq!(gunzip(&gzip(&text)), text);
    assert_eq!(gzip(&text), gzip(&text));
}
