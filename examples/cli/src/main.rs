//! `iuran`: evaluate BNBA rosters against regency subsidy policies from the command line.
//!
//! With no arguments it runs the main job on the built-in sample: the Kab. Tegal 2025
//! policy and a synthetic roster of 3,000 workers.

mod compare;
mod report;
mod synth;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use iuran::{Error, Lang, Policy, RateTable, Roster, RosterFile};

const SAMPLE_POLICY: &str = include_str!("../../policies/tegal-2025.toml");
const SAMPLE_ROSTER: &[u8] = include_bytes!("../../data/sample-tegal-2025.csv");

#[derive(Parser)]
#[command(
    name = "iuran",
    version,
    about = "Who qualifies for a regency-funded BPJS Ketenagakerjaan subsidy, and what it costs"
)]
struct Cli {
    /// Language of messages: `en` or `id`.
    #[arg(long, global = true, default_value = "en", value_parser = parse_lang)]
    lang: Lang,
    /// A rate-table file (TOML) whose rows replace or extend the built-in ones by id.
    #[arg(long, global = true)]
    rates: Option<PathBuf>,
    /// A sector-taxonomy file (TOML) whose groups, sectors and aliases are added to the
    /// built-in ones.
    #[arg(long, global = true)]
    taxonomy: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Evaluate every row of a roster; write the rows with decision columns and a summary.
    Evaluate {
        /// Policy file (`.toml` or `.json`).
        #[arg(long)]
        policy: PathBuf,
        /// Roster file (`.csv`, UTF-8, `,` or `;` delimited).
        #[arg(long)]
        roster: PathBuf,
        /// Where to write the evaluated roster (CSV).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Where to write the summary (JSON).
        #[arg(long)]
        summary: Option<PathBuf>,
        /// Print the summary as JSON instead of a report.
        #[arg(long)]
        json: bool,
        /// Write an audit record (JSON: files with their SHA-256, rate rows used, the
        /// roster's SHA-256, the totals) that `iuran verify` re-runs.
        #[arg(long)]
        audit: Option<PathBuf>,
    },
    /// What-if: compare scenarios (changes to the policy) with the policy on one roster.
    Compare {
        /// The base policy file (`.toml` or `.json`).
        #[arg(long)]
        policy: PathBuf,
        /// A scenario file (`.toml` or `.json`), repeatable.
        #[arg(long = "scenario", required = true)]
        scenarios: Vec<PathBuf>,
        /// Roster file (`.csv` or `.xlsx`).
        #[arg(long)]
        roster: PathBuf,
        /// Print the whole comparison as JSON (every changed worker, NIKs masked).
        #[arg(long)]
        json: bool,
        /// Changed workers to list per scenario in the report.
        #[arg(long, default_value_t = 10)]
        show: usize,
        /// Write an audit record of the comparison.
        #[arg(long)]
        audit: Option<PathBuf>,
    },
    /// Re-run an audit record and report every difference (exit status 1 if any).
    Verify {
        /// The audit record (JSON).
        record: PathBuf,
        /// The roster (default: the file named in the record).
        #[arg(long)]
        roster: Option<PathBuf>,
        /// Print the differences as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Data-quality report of a roster: broken NIKs, duplicates, missing fields,
    /// unknown occupations, impossible dates — with the file's row numbers.
    Quality {
        /// Roster file (`.csv` or `.xlsx`).
        #[arg(long)]
        roster: PathBuf,
        /// Judge dates on this day (`YYYY-MM-DD`; default today).
        #[arg(long)]
        as_of: Option<String>,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// How many workers a budget covers (`--budget`), or what N workers need (`--workers`).
    Capacity {
        /// Policy file.
        #[arg(long)]
        policy: PathBuf,
        /// Budget in rupiah (`2090000000` or `2.090.000.000`).
        #[arg(long, conflicts_with = "workers", required_unless_present = "workers")]
        budget: Option<String>,
        /// Number of workers.
        #[arg(long)]
        workers: Option<u64>,
        /// Funding source id (default: the first).
        #[arg(long)]
        source: Option<String>,
        /// Sector code, when the source's workers cost differently by sector.
        #[arg(long)]
        sector: Option<String>,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// What must be transferred to BPJS Ketenagakerjaan each month and per tranche.
    Schedule {
        /// Policy file.
        #[arg(long)]
        policy: PathBuf,
        /// Roster file (`.csv` or `.xlsx`).
        #[arg(long)]
        roster: PathBuf,
        /// Number of tranches (default: one per covered month).
        #[arg(long)]
        tranches: Option<u32>,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Data quality, decisions, allocation under the budgets, and the payment schedule,
    /// in one pass.
    Plan {
        /// Policy file.
        #[arg(long)]
        policy: PathBuf,
        /// Roster file (`.csv` or `.xlsx`).
        #[arg(long)]
        roster: PathBuf,
        /// Where to write the evaluated roster (CSV).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Number of payment tranches (default: one per covered month).
        #[arg(long)]
        tranches: Option<u32>,
        /// Judge dates on this day (`YYYY-MM-DD`; default today).
        #[arg(long)]
        as_of: Option<String>,
        /// Print everything as one JSON document.
        #[arg(long)]
        json: bool,
    },
    /// Coverage roadmap: from a baseline coverage to a target, year by year, with the
    /// subsidy budget at the dated rates.
    Roadmap(RoadmapArgs),
    /// What a covered worker's family would receive for a death in a given month.
    Benefits {
        /// Policy file.
        #[arg(long)]
        policy: PathBuf,
        /// Month of coverage (1 = the first covered month).
        #[arg(long)]
        month: u32,
        /// The death was a work accident.
        #[arg(long)]
        work_accident: bool,
        /// A child's school level (`tk`, `sd`, `smp`, `sma`, `university`), repeatable.
        #[arg(long = "child")]
        children: Vec<String>,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Validate a policy and list its warnings.
    Check {
        /// Policy file (`.toml` or `.json`).
        #[arg(long)]
        policy: PathBuf,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write a synthetic roster (seeded, no real people) to standard output, or to a file
    /// and say what was written.
    Synth {
        /// Seed of the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Rows to generate (ignored when `--group` is given).
        #[arg(long, default_value_t = 3000)]
        rows: usize,
        /// Regency code most workers live in.
        #[arg(long, default_value = "3328")]
        regency: String,
        /// `COUNT:OCCUPATION`, repeatable: exact groups in order, e.g. `596:Petani Tembakau`.
        #[arg(long = "group")]
        groups: Vec<String>,
        /// A clean roster: no data errors, everyone in the regency, no active members.
        #[arg(long)]
        clean: bool,
        /// Birth years `FROM-TO`.
        #[arg(long, default_value = "1955-2003")]
        birth_years: String,
        /// Output file (standard output when absent).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// Arguments of `iuran roadmap`.
#[derive(clap::Args)]
struct RoadmapArgs {
    /// Policy file (its programmes, income basis and funding source price a year).
    #[arg(long)]
    policy: PathBuf,
    /// Baseline year.
    #[arg(long)]
    baseline_year: i32,
    /// Baseline coverage, percent (or `--baseline-members`).
    #[arg(long, required_unless_present = "baseline_members")]
    baseline_percent: Option<String>,
    /// Active members in the baseline year.
    #[arg(long)]
    baseline_members: Option<u64>,
    /// Potential workforce in the baseline year.
    #[arg(long)]
    workforce: u64,
    /// Annual workforce growth, percent.
    #[arg(long, default_value = "0")]
    growth: String,
    /// Target year.
    #[arg(long)]
    target_year: i32,
    /// Target coverage, percent.
    #[arg(long)]
    target_percent: String,
    /// `linear` or `constant_growth`.
    #[arg(long, default_value = "linear")]
    path: String,
    /// Share of new members the regency pays for, percent.
    #[arg(long, default_value = "0")]
    share: String,
    /// Funding source id.
    #[arg(long)]
    source: Option<String>,
    /// Print as JSON.
    #[arg(long)]
    json: bool,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("`{s}` is not a language: use `en` or `id`"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn read(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|e| Error::Io {
        action: "read",
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    std::fs::write(path, bytes).map_err(|e| Error::Io {
        action: "write",
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

/// A text file (policy, rates, scenario, record): refused, not repaired, when it is not
/// UTF-8, so that what is computed is exactly what the file says.
fn read_text(path: &Path) -> Result<String, Error> {
    String::from_utf8(read(path)?).map_err(|e| Error::Io {
        action: "read",
        path: path.display().to_string(),
        message: format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ),
    })
}

/// The override files given with `--rates` and `--taxonomy`.
#[derive(Clone, Copy)]
struct Tables<'a> {
    rates: Option<&'a Path>,
    taxonomy: Option<&'a Path>,
}

impl Tables<'_> {
    /// The built-in taxonomy, with the `--taxonomy` file's entries added.
    fn taxonomy(self) -> Result<iuran::Taxonomy, Error> {
        match self.taxonomy {
            None => Ok(iuran::Taxonomy::builtin().clone()),
            Some(p) => iuran::Taxonomy::builtin().extended(&read_text(p)?),
        }
    }
}

fn load_policy(path: &Path, tables: Tables<'_>) -> Result<Policy, Error> {
    let text = read_text(path)?;
    compile(iuran::PolicySpec::from_text(&text, path.to_str())?, tables)
}

fn compile(spec: iuran::PolicySpec, tables: Tables<'_>) -> Result<Policy, Error> {
    let table = match tables.rates {
        None => RateTable::builtin().clone(),
        Some(p) => RateTable::builtin().merged(&read_text(p)?)?,
    };
    Policy::compile_with(spec, table.into(), tables.taxonomy()?.into())
}

// A dispatcher: one short arm per command, each handing its arguments to a function.
#[allow(clippy::too_many_lines)]
fn run(cli: Cli) -> Result<(), Failure> {
    let lang = cli.lang;
    let tables = Tables {
        rates: cli.rates.as_deref(),
        taxonomy: cli.taxonomy.as_deref(),
    };
    match cli.command {
        None => sample(lang, tables),
        Some(Command::Evaluate {
            policy,
            roster,
            out,
            summary,
            json,
            audit,
        }) => {
            distinct_outputs(
                &[Some(&policy), tables.rates, tables.taxonomy, Some(&roster)],
                &[
                    ("--out", out.as_deref()),
                    ("--summary", summary.as_deref()),
                    ("--audit", audit.as_deref()),
                ],
            )?;
            evaluate(
                &load_policy(&policy, tables)?,
                &roster,
                out.as_deref(),
                summary.as_deref(),
                json,
                lang,
            )?;
            if let Some(path) = audit {
                let input = audit_input(&policy, tables, &[], &roster)?;
                let record = iuran::audit::AuditRecord::evaluation(&input, &read(&roster)?)?;
                write(&path, record.to_json().as_bytes())?;
            }
            Ok(())
        }
        Some(Command::Compare {
            policy,
            scenarios,
            roster,
            json,
            show,
            audit,
        }) => {
            let mut inputs = vec![
                Some(policy.as_path()),
                tables.rates,
                tables.taxonomy,
                Some(roster.as_path()),
            ];
            inputs.extend(scenarios.iter().map(|p| Some(p.as_path())));
            distinct_outputs(&inputs, &[("--audit", audit.as_deref())])?;
            compare_scenarios(
                &policy,
                tables,
                &scenarios,
                &roster,
                json,
                show,
                audit.as_deref(),
                lang,
            )
        }
        Some(Command::Verify {
            record,
            roster,
            json,
        }) => verify(&record, roster.as_deref(), json),
        Some(Command::Quality {
            roster,
            as_of,
            json,
        }) => quality(&roster, tables, as_of.as_deref(), json, lang),
        Some(Command::Capacity {
            policy,
            budget,
            workers,
            source,
            sector,
            json,
        }) => {
            let policy = load_policy(&policy, tables)?;
            capacity(
                &policy,
                budget.as_deref(),
                workers,
                source.as_deref(),
                sector.as_deref(),
                json,
                lang,
            )
        }
        Some(Command::Schedule {
            policy,
            roster,
            tranches,
            json,
        }) => schedule(
            &load_policy(&policy, tables)?,
            &roster,
            tranches,
            json,
            lang,
        ),
        Some(Command::Plan {
            policy,
            roster,
            out,
            tranches,
            as_of,
            json,
        }) => {
            distinct_outputs(
                &[Some(&policy), tables.rates, tables.taxonomy, Some(&roster)],
                &[("--out", out.as_deref())],
            )?;
            plan(
                &load_policy(&policy, tables)?,
                &roster,
                out.as_deref(),
                tranches,
                as_of.as_deref(),
                json,
                lang,
            )
        }
        Some(Command::Roadmap(args)) => roadmap(&load_policy(&args.policy, tables)?, &args, lang),
        Some(Command::Benefits {
            policy,
            month,
            work_accident,
            children,
            json,
        }) => {
            let q = iuran::benefits::BenefitQuery {
                work_accident,
                month,
                children,
            };
            benefits(&load_policy(&policy, tables)?, &q, json, lang)
        }
        Some(Command::Check { policy, json }) => {
            check(&load_policy(&policy, tables)?, json, lang);
            Ok(())
        }
        Some(Command::Synth {
            seed,
            rows,
            regency,
            groups,
            clean,
            birth_years,
            out,
        }) => {
            let written = synthesize(
                seed,
                rows,
                regency,
                &groups,
                clean,
                &birth_years,
                out.as_deref(),
            )?;
            if let Some(path) = out {
                // Standard output is the roster itself when no file is given.
                print!("{}", report::synthesized(written, &path, seed, lang));
            }
            Ok(())
        }
    }
}

/// Refuse, before anything is written, an output path that is one of the input files
/// (or another output): `--summary roster.csv` must not overwrite the roster.
fn distinct_outputs(
    inputs: &[Option<&Path>],
    outputs: &[(&str, Option<&Path>)],
) -> Result<(), Failure> {
    let inputs: Vec<(PathBuf, &Path)> = inputs
        .iter()
        .flatten()
        .filter_map(|p| resolved(p).map(|r| (r, *p)))
        .collect();
    let mut seen: Vec<(PathBuf, &str)> = Vec::new();
    for (flag, path) in outputs {
        let Some(path) = path else { continue };
        let Some(target) = resolved(path) else {
            continue;
        };
        if let Some((_, input)) = inputs.iter().find(|(r, _)| *r == target) {
            return Err(usage(format!(
                "`{flag} {}` is the input file `{}`: it would be overwritten; write to another file",
                path.display(),
                input.display()
            )));
        }
        if let Some((_, other)) = seen.iter().find(|(r, _)| *r == target) {
            return Err(usage(format!(
                "`{flag} {}` is the same file as `{other}`: give each output its own file",
                path.display()
            )));
        }
        seen.push((target, flag));
    }
    Ok(())
}

/// A path made absolute with links resolved; for a file not yet written, its folder's
/// resolved path joined with its name.
fn resolved(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = std::fs::canonicalize(path) {
        return Some(p);
    }
    let name = path.file_name()?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::canonicalize(parent).ok().map(|p| p.join(name))
}

fn sample(lang: Lang, tables: Tables<'_>) -> Result<(), Failure> {
    let policy = compile(iuran::PolicySpec::from_toml(SAMPLE_POLICY)?, tables)?;
    let result = policy.evaluate_file(RosterFile::Bytes(SAMPLE_ROSTER), None)?;
    print!("{}", report::sample_banner(lang));
    print!("{}", report::evaluation(&policy, &result, lang));
    Ok(())
}

fn evaluate(
    policy: &Policy,
    roster: &Path,
    out: Option<&Path>,
    summary: Option<&Path>,
    json: bool,
    lang: Lang,
) -> Result<(), Failure> {
    let result = match out {
        Some(out) => {
            let file = std::fs::File::create(out).map_err(|e| Error::Io {
                action: "write",
                path: out.display().to_string(),
                message: e.to_string(),
            })?;
            let mut w = std::io::BufWriter::with_capacity(1 << 16, file);
            policy.evaluate_file(RosterFile::Path(roster), Some(&mut w))?
        }
        None => policy.evaluate_file(RosterFile::Path(roster), None)?,
    };
    let summary_json = serde_json::to_string_pretty(&result.summary).expect("a summary serialises");
    if let Some(path) = summary {
        write(path, summary_json.as_bytes())?;
    }
    if json {
        println!("{summary_json}");
    } else {
        print!("{}", report::evaluation(policy, &result, lang));
    }
    Ok(())
}

/// The files of a computation, for its audit record.
fn audit_input(
    policy: &Path,
    tables: Tables<'_>,
    scenarios: &[PathBuf],
    roster: &Path,
) -> Result<iuran::audit::AuditInput, Error> {
    let doc = |p: &Path| -> Result<iuran::audit::Document, Error> {
        Ok(iuran::audit::Document::new(
            Some(p.display().to_string()),
            read_text(p)?,
        ))
    };
    Ok(iuran::audit::AuditInput {
        policy: doc(policy)?,
        rates: tables.rates.map(doc).transpose()?,
        taxonomy: tables.taxonomy.map(doc).transpose()?,
        scenarios: scenarios.iter().map(|p| doc(p)).collect::<Result<_, _>>()?,
        roster_file: Some(roster.display().to_string()),
    })
}

#[allow(clippy::too_many_arguments)]
fn compare_scenarios(
    policy_path: &Path,
    tables: Tables<'_>,
    scenario_paths: &[PathBuf],
    roster_path: &Path,
    json: bool,
    show: usize,
    audit: Option<&Path>,
    lang: Lang,
) -> Result<(), Failure> {
    let base = load_policy(policy_path, tables)?;
    let variants = scenario_paths
        .iter()
        .map(|p| {
            let s = iuran::Scenario::from_file(p)?;
            Ok(iuran::compare::Variant::new(
                s.name.clone(),
                s.apply(&base)?,
            ))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let bytes = read(roster_path)?;
    let roster = Roster::from_bytes(&bytes)?;
    let c = iuran::compare::compare(&base, &variants, &roster)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&c).expect("serialises"));
    } else {
        print!(
            "{}",
            compare::report(&c, &base, &variants, &roster, show, lang)
        );
    }
    if let Some(path) = audit {
        let input = audit_input(policy_path, tables, scenario_paths, roster_path)?;
        let record = iuran::audit::AuditRecord::comparison(&input, &bytes)?;
        write(path, record.to_json().as_bytes())?;
    }
    Ok(())
}

fn verify(record_path: &Path, roster: Option<&Path>, json: bool) -> Result<(), Failure> {
    let text = read_text(record_path)?;
    let record = iuran::audit::AuditRecord::from_json(&text)?;
    let (bytes, foreign) = match (roster, &record.roster.file) {
        (Some(p), _) => (read(p)?, false),
        (None, Some(f)) => {
            let bytes = std::fs::read(f).map_err(|_| {
                usage(String::from(
                    "the roster file the record names cannot be read: give `--roster FILE`",
                ))
            })?;
            // A file the record names is not one the user chose: when it is not the
            // recorded roster, nothing of its content may reach a message.
            let foreign = iuran::audit::sha256(&bytes) != record.roster.sha256;
            (bytes, foreign)
        }
        (None, None) => {
            return Err(usage(
                "the record names no roster file: give `--roster FILE`".into(),
            ));
        }
    };
    let diffs = record.verify(&bytes).map_err(|e| match e {
        Error::Roster { .. } if foreign => usage(String::from(
            "the roster file the record names is not the roster it recorded (its SHA-256 differs) and cannot be read as a roster: give `--roster FILE`",
        )),
        e => Failure::Iuran(e),
    })?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&diffs).expect("serialises")
        );
    } else if diffs.is_empty() {
        println!(
            "verified: {} reproduces exactly (iuran {}, roster {} rows, sha256 {})",
            record_path.display(),
            env!("CARGO_PKG_VERSION"),
            record.roster.rows,
            record.roster.sha256
        );
    } else {
        println!("{} difference(s):", diffs.len());
        for d in &diffs {
            println!("  {}: recorded {}, now {}", d.field, d.recorded, d.now);
        }
    }
    if diffs.is_empty() {
        Ok(())
    } else {
        Err(usage(format!(
            "{} does not reproduce: {} difference(s)",
            record_path.display(),
            diffs.len()
        )))
    }
}

fn plan(
    policy: &Policy,
    roster_path: &Path,
    out: Option<&Path>,
    tranches: Option<u32>,
    as_of: Option<&str>,
    json: bool,
    lang: Lang,
) -> Result<(), Failure> {
    let roster = Roster::from_bytes(&read(roster_path)?)?;
    let as_of = parse_as_of(as_of)?;
    let quality = iuran::QualityReport::of(&roster, policy.taxonomy(), as_of);
    let mut csv = Vec::new();
    let result = policy.report_roster(&roster, out.map(|_| &mut csv as &mut dyn std::io::Write))?;
    let schedule = policy.schedule(&result.summary, tranches)?;
    if let Some(out) = out {
        write(out, &csv)?;
    }
    if json {
        let doc = serde_json::json!({ "quality": quality, "summary": result.summary, "schedule": schedule });
        println!(
            "{}",
            serde_json::to_string_pretty(&doc).expect("serialises")
        );
    } else {
        print!("{}", report::quality(&quality, lang));
        println!();
        print!("{}", report::evaluation(policy, &result, lang));
        println!();
        print!("{}", report::schedule(&schedule, lang));
    }
    Ok(())
}

fn roadmap(policy: &Policy, a: &RoadmapArgs, lang: Lang) -> Result<(), Failure> {
    let decimal = |name: &str, v: &str| {
        v.trim()
            .parse::<rust_decimal::Decimal>()
            .map_err(|_| usage(format!("`--{name} {v}`: not a number")))
    };
    let input = iuran::RoadmapInput {
        baseline_year: a.baseline_year,
        baseline_percent: a
            .baseline_percent
            .as_deref()
            .map(|v| decimal("baseline-percent", v))
            .transpose()?,
        baseline_members: a.baseline_members,
        workforce: a.workforce,
        workforce_growth_percent: decimal("growth", &a.growth)?,
        target_year: a.target_year,
        target_percent: decimal("target-percent", &a.target_percent)?,
        path: match a.path.as_str() {
            "linear" => iuran::roadmap::Path::Linear,
            "constant_growth" | "constant-growth" => iuran::roadmap::Path::ConstantGrowth,
            other => {
                return Err(usage(format!(
                    "`--path {other}`: use `linear` or `constant_growth`"
                )));
            }
        },
        subsidy_share_percent: decimal("share", &a.share)?,
        source: a.source.clone(),
        sector: None,
    };
    let r = policy.roadmap(&input)?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&r).expect("serialises"));
    } else {
        print!("{}", report::roadmap(&r, lang));
    }
    Ok(())
}

fn benefits(
    policy: &Policy,
    q: &iuran::benefits::BenefitQuery,
    json: bool,
    lang: Lang,
) -> Result<(), Failure> {
    let i = policy.benefits(q)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&i).expect("serialises"));
    } else {
        print!("{}", report::benefits(&i, lang));
    }
    Ok(())
}

fn parse_as_of(as_of: Option<&str>) -> Result<jiff::civil::Date, Failure> {
    match as_of {
        Some(d) => d
            .parse()
            .map_err(|_| usage(format!("`--as-of {d}`: expected a date YYYY-MM-DD"))),
        None => Ok(report::today()),
    }
}

fn quality(
    roster: &Path,
    tables: Tables<'_>,
    as_of: Option<&str>,
    json: bool,
    lang: Lang,
) -> Result<(), Failure> {
    let roster = Roster::from_bytes(&read(roster)?)?;
    let as_of = match as_of {
        Some(d) => d
            .parse()
            .map_err(|_| usage(format!("`--as-of {d}`: expected a date YYYY-MM-DD")))?,
        None => report::today(),
    };
    let q = iuran::QualityReport::of(&roster, &tables.taxonomy()?, as_of);
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&q).expect("a report serialises")
        );
    } else {
        print!("{}", report::quality(&q, lang));
    }
    Ok(())
}

fn capacity(
    policy: &Policy,
    budget: Option<&str>,
    workers: Option<u64>,
    source: Option<&str>,
    sector: Option<&str>,
    json: bool,
    lang: Lang,
) -> Result<(), Failure> {
    let out = if let Some(b) = budget {
        let b = iuran::money::parse_budget(b)?;
        let c = policy.capacity(b, source, sector)?;
        if json {
            serde_json::to_string_pretty(&c).expect("serialises")
        } else {
            report::capacity(&c, lang)
        }
    } else {
        let r = policy.requirement(workers.unwrap_or_default(), source, sector)?;
        if json {
            serde_json::to_string_pretty(&r).expect("serialises")
        } else {
            report::requirement(&r, lang)
        }
    };
    println!("{}", out.trim_end());
    Ok(())
}

fn schedule(
    policy: &Policy,
    roster: &Path,
    tranches: Option<u32>,
    json: bool,
    lang: Lang,
) -> Result<(), Failure> {
    let summary = policy
        .evaluate_file(RosterFile::Path(roster), None)?
        .summary;
    let s = policy.schedule(&summary, tranches)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&s).expect("serialises"));
    } else {
        print!("{}", report::schedule(&s, lang));
    }
    Ok(())
}

fn check(policy: &Policy, json: bool, lang: Lang) {
    let lints = policy.lint();
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&lints).expect("lints serialise")
        );
    } else {
        print!("{}", report::check(policy, &lints, lang));
    }
}

fn synthesize(
    seed: u64,
    rows: usize,
    regency: String,
    groups: &[String],
    clean: bool,
    birth_years: &str,
    out: Option<&Path>,
) -> Result<usize, Failure> {
    let max_rows = iuran::limits::MAX_ROWS;
    if rows as u64 > max_rows {
        return Err(usage(format!(
            "`--rows {rows}`: at most {max_rows} rows (the most a roster may have)"
        )));
    }
    if regency.len() != 4 || !regency.bytes().all(|b| b.is_ascii_digit()) {
        return Err(usage(format!(
            "`--regency {}`: expected a 4-digit regency code such as 3328",
            iuran::nik::echo(&regency)
        )));
    }
    let mut opts = synth::Options {
        seed,
        regency,
        rows,
        ..synth::Options::default()
    };
    let mut total: u64 = 0;
    for g in groups {
        let (n, text) = g
            .split_once(':')
            .ok_or_else(|| usage(format!("`--group {g}`: expected COUNT:OCCUPATION")))?;
        let n: usize = n
            .trim()
            .parse()
            .map_err(|_| usage(format!("`--group {g}`: `{n}` is not a count")))?;
        total = total.saturating_add(n as u64);
        if total > max_rows {
            return Err(usage(format!(
                "`--group`: the groups add up to more than {max_rows} rows (the most a roster may have)"
            )));
        }
        opts.groups.push((n, text.trim().to_owned()));
    }
    let (a, b) = birth_years
        .split_once('-')
        .ok_or_else(|| usage("`--birth-years`: expected FROM-TO".into()))?;
    opts.birth_years = (
        a.trim()
            .parse()
            .map_err(|_| usage("`--birth-years`: FROM is not a year".into()))?,
        b.trim()
            .parse()
            .map_err(|_| usage("`--birth-years`: TO is not a year".into()))?,
    );
    let (from, to) = opts.birth_years;
    if !(1900..=2100).contains(&from) || !(1900..=2100).contains(&to) || from > to {
        return Err(usage(format!(
            "`--birth-years {from}-{to}`: expected FROM-TO with 1900 <= FROM <= TO <= 2100"
        )));
    }
    if clean {
        opts.messy_per_mille = 0;
        opts.outside_per_mille = 0;
        opts.member_per_mille = 0;
    }
    let written = if opts.groups.is_empty() {
        opts.rows
    } else {
        opts.groups.iter().map(|(n, _)| n).sum()
    };
    let text = synth::roster(&opts);
    if let Some(p) = out {
        write(p, text.as_bytes())?;
    } else {
        print!("{text}");
    }
    Ok(written)
}

/// Why a command failed: the library's error, or a wrong command line.
enum Failure {
    Iuran(Error),
    Usage(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Iuran(e)
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Iuran(e) => e.fmt(f),
            Failure::Usage(m) => f.write_str(m),
        }
    }
}

/// A command-line error; any NIK in what it quotes is masked.
fn usage(message: String) -> Failure {
    let masked = iuran::nik::mask_niks(&message);
    Failure::Usage(if masked == message { message } else { masked })
}
