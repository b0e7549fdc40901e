//! Programme policies: who a regency's programme covers, for which months, paid from
//! which funds.
//!
//! A policy is written in TOML or JSON (same schema, documented field by field in
//! `docs/policy.md`) as a [`PolicySpec`], and compiled once into a [`Policy`]: fields
//! validated, sector names resolved against the taxonomy, and the rate rows for every
//! covered month looked up, so that evaluation cannot meet a hole in the rate table.
//! Unknown fields are an error, not ignored.

use std::path::Path;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::exact;
use crate::rates::{Programme, RateTable, Segment};
use crate::sector::{SectorSet, Taxonomy};
use crate::{Error, YearMonth};

/// A policy as written in its file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicySpec {
    /// Short identifier, e.g. `tegal-2025`.
    pub id: String,
    /// Human name of the programme.
    pub name: String,
    /// Regency (kabupaten/kota) running the programme: 4-digit Kemendagri code.
    pub regency: String,
    /// Fiscal year (APBD year) the programme is budgeted in.
    pub fiscal_year: i32,
    /// What is bought, for which months.
    pub coverage: Coverage,
    /// Who qualifies.
    #[serde(default)]
    pub eligibility: Eligibility,
    /// Who pays: one or more funding sources, in the order they are tried.
    pub funding: Vec<FundingSource>,
    /// The regency's whole DBHCHT allocation for the fiscal year, in rupiah, when
    /// known: `check` warns when DBHCHT ceilings exceed its welfare share.
    #[serde(
        default,
        with = "exact::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub dbhcht_allocation: Option<Decimal>,
    /// Who is paid for first when budgets do not cover every eligible worker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocation: Option<AllocationRules>,
    /// Occupations added to the sector taxonomy (`[[occupation]]`): new sectors, or
    /// more texts for existing ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub occupation: Vec<crate::occupation::Occupation>,
}

/// Priority among eligible workers when budget ceilings bind.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllocationRules {
    /// Tiers, highest first; each a list of sector codes or group codes. Workers in no
    /// tier come after every tier.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub priority: Vec<Vec<String>>,
    /// How workers of the same tier are ordered, applied in turn; roster order always
    /// breaks the last tie.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tie_break: Vec<TieBreak>,
}

/// One tie-break rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TieBreak {
    /// Earlier birth date first (unknown last).
    OlderFirst,
    /// Lower welfare decile first (unknown last).
    LowerDecileFirst,
    /// Roster order.
    RosterOrder,
}

/// The coverage bought for each worker: one run of months (`start`, `months`), or a
/// list of runs (`blocks`) when a programme pays for months with a gap between them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coverage {
    /// First contribution month (with `months`; not with `blocks`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<YearMonth>,
    /// Number of consecutive months (1–60; with `start`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub months: Option<u32>,
    /// Runs of months, in calendar order and not overlapping (instead of `start` and
    /// `months`): 60 months at most in all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocks: Vec<Block>,
    /// Programmes bought; JKK and JKM by default, JHT optional.
    #[serde(default = "default_programmes")]
    pub programmes: Vec<Programme>,
    /// The income the percentages apply to.
    #[serde(default)]
    pub income: IncomeBasis,
    /// The amount, when `income = "fixed"`.
    #[serde(
        default,
        with = "exact::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub income_amount: Option<Decimal>,
}

/// One run of consecutive covered months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Block {
    /// First month of the run.
    pub start: YearMonth,
    /// Number of consecutive months (at least 1).
    pub months: u32,
}

fn default_programmes() -> Vec<Programme> {
    vec![Programme::Jkk, Programme::Jkm]
}

/// Which income the JKK and JHT percentages are applied to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum IncomeBasis {
    /// The lowest declared income of the rate table (Rp 1,000,000), what regencies pay.
    #[default]
    Minimum,
    /// Each worker's declared income (its bracket value), never below the minimum;
    /// the minimum when a worker declares none.
    Declared,
    /// One amount for everyone: `income_amount`.
    Fixed,
}

/// Eligibility rules. Every rule that fails becomes a reason; all are collected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Eligibility {
    /// Age band, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<AgeBand>,
    /// Sector codes covered (with `groups`; both empty: every sector).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sectors: Vec<String>,
    /// Sector groups covered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// District lists within the regency.
    #[serde(default, skip_serializing_if = "Districts::is_empty")]
    pub districts: Districts,
    /// Leave out workers who are already active BPJS Ketenagakerjaan members
    /// (default `true`).
    #[serde(default = "yes")]
    pub exclude_active_members: bool,
    /// Highest DTSEN welfare decile admitted (1–10), if targeting by decile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_welfare_decile: Option<u8>,
    /// Only workers registered in DTSEN (default `false`): a roster's `dtsen` column,
    /// or a known welfare decile where that column is blank or absent.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub require_dtsen: bool,
    /// Whether a NIK is required (default `true`). Set `false` to plan on
    /// de-identified data; a NIK that is given is still checked.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub require_nik: bool,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's `skip_serializing_if` passes a reference
fn is_true(b: &bool) -> bool {
    *b
}

fn yes() -> bool {
    true
}

impl Default for Eligibility {
    fn default() -> Self {
        Eligibility {
            age: None,
            sectors: Vec::new(),
            groups: Vec::new(),
            districts: Districts::default(),
            exclude_active_members: true,
            max_welfare_decile: None,
            require_dtsen: false,
            require_nik: true,
        }
    }
}

/// An age band in completed years, bounds inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgeBand {
    /// Lowest age admitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    /// Highest age admitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
    /// When the age is measured.
    #[serde(default)]
    pub rule: AgeRule,
    /// The day both bounds are measured on, with `rule = "on_date"` (a registration
    /// or decree date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<jiff::civil::Date>,
}

/// When the age band is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AgeRule {
    /// Age in completed years on the first day of coverage.
    #[default]
    AtStart,
    /// Within the band on every day of coverage: at least `min` on the first day and
    /// at most `max` on the last day of the last covered month.
    Throughout,
    /// Age in completed years on `date` (both bounds), such as the registration or
    /// decree date.
    OnDate,
    /// Month by month: a worker is covered in each covered month on whose first day
    /// the age is within the band, and paid for those months only.
    Monthly,
}

/// District (kecamatan) include and exclude lists: codes (`332801`, `33.28.01`) or
/// names, compared ignoring case, spaces and dots.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Districts {
    /// Only these districts (empty: all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// Not these districts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
}

impl Districts {
    /// Neither list is given.
    pub fn is_empty(&self) -> bool {
        self.include.is_empty() && self.exclude.is_empty()
    }
}

/// Where the money comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum FundingKind {
    /// Dana Bagi Hasil Cukai Hasil Tembakau (tobacco-excise revenue share), spent
    /// through the APBD.
    #[serde(rename = "DBHCHT")]
    Dbhcht,
    /// The regency budget.
    #[serde(rename = "APBD")]
    Apbd,
    /// A village budget.
    #[serde(rename = "APBDes")]
    Apbdes,
    /// Company social responsibility funds.
    #[serde(rename = "CSR")]
    Csr,
    /// Anything else.
    #[serde(rename = "other")]
    Other,
}

impl FundingKind {
    /// Whether money of this kind counts as APBN/APBD for PP 50/2025, when that is
    /// settled; `None` where a policy must say (`APBDes`, other).
    pub fn default_public_payer(self) -> Option<bool> {
        match self {
            FundingKind::Dbhcht | FundingKind::Apbd => Some(true),
            FundingKind::Csr => Some(false),
            FundingKind::Apbdes | FundingKind::Other => None,
        }
    }
}

/// One funding source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundingSource {
    /// Short identifier used in outputs, e.g. `dbhcht`.
    pub id: String,
    /// Kind of money.
    pub kind: FundingKind,
    /// Human name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Whether payment from this source counts as APBN/APBD, so that discounts marked
    /// `not_for_public_payers` (PP 50/2025) do not apply. Defaults: DBHCHT and APBD
    /// yes, CSR no; `APBDes` and other must say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_payer: Option<bool>,
    /// Sector codes this source may pay for (with `groups`; both empty: any covered
    /// sector).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sectors: Vec<String>,
    /// Sector groups this source may pay for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// Budget ceiling in rupiah, if any. With a ceiling (this or `max_workers`) a
    /// roster is allocated: the source pays for workers in priority order while the
    /// money lasts, and the rest wait.
    #[serde(
        default,
        with = "exact::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub budget: Option<Decimal>,
    /// The most workers this source pays for, if any (a decree's recipient count);
    /// alone or with `budget`, whichever binds first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_workers: Option<u64>,
}

/// A compiled funding source.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    pub(crate) public_payer: bool,
    pub(crate) sectors: SectorSet,
}

/// A validated, compiled policy, ready to evaluate workers.
///
/// Everything a `Policy` can do, by the module that holds the code:
///
/// | what | methods | module |
/// |---|---|---|
/// | read and compile | [`from_file`](Policy::from_file), [`from_toml`](Policy::from_toml), [`from_json`](Policy::from_json), [`compile`](Policy::compile), [`compile_with`](Policy::compile_with); [`spec`](Policy::spec), [`rates`](Policy::rates), [`taxonomy`](Policy::taxonomy), [`months`](Policy::months) | `policy` |
/// | decide one worker (a one-row batch, explained) | [`evaluate`](Policy::evaluate), [`evaluate_record`](Policy::evaluate_record) | `explain` |
/// | decide a roster file, streaming | [`evaluate_file`](Policy::evaluate_file), [`evaluate_file_each`](Policy::evaluate_file_each) | `roster` |
/// | decide a roster in memory | [`evaluate_roster`](Policy::evaluate_roster) (every row explained), [`report_roster`](Policy::report_roster), [`report_roster_each`](Policy::report_roster_each) | `roster` |
/// | decide columns (bindings) | [`evaluate_columns`](Policy::evaluate_columns), [`evaluate_columns_into`](Policy::evaluate_columns_into), [`summarize`](Policy::summarize) | `batch` |
/// | budget ceilings | [`has_ceilings`](Policy::has_ceilings), [`allocate`](Policy::allocate) | `allocation` |
/// | plan a budget | [`worker_cost`](Policy::worker_cost), [`capacity`](Policy::capacity), [`requirement`](Policy::requirement), [`schedule`](Policy::schedule), [`roadmap`](Policy::roadmap) | `planning`, `roadmap` |
/// | explain to a family | [`benefits`](Policy::benefits) | `benefits` |
/// | check | [`lint`](Policy::lint) | `lint` |
///
/// What-ifs are in [`crate::compare`] and [`crate::Scenario`].
#[derive(Debug, Clone)]
pub struct Policy {
    pub(crate) spec: PolicySpec,
    pub(crate) rates: Arc<RateTable>,
    pub(crate) taxonomy: Arc<Taxonomy>,
    pub(crate) months: Vec<YearMonth>,
    pub(crate) covered: SectorSet,
    pub(crate) sources: Vec<Source>,
    pub(crate) regency: String,
    pub(crate) include: Vec<String>,
    pub(crate) exclude: Vec<String>,
    /// Allocation tiers as sector sets.
    pub(crate) tiers: Vec<SectorSet>,
    /// The policy compiled for the engine.
    pub(crate) plan: Arc<crate::batch::Plan>,
}

/// Compare codes and names ignoring case, spaces and dots: `33.28.01` = `332801`.
pub(crate) fn normalize_place(text: &str) -> String {
    place_chars(text).collect()
}

fn place_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .flat_map(char::to_lowercase)
}

/// Whether `text` names the place `normalized` (already normalised), without
/// allocating.
pub(crate) fn same_place(text: &str, normalized: &str) -> bool {
    place_chars(text).eq(normalized.chars())
}

impl Policy {
    /// Read a policy from a `.toml` or `.json` file, with the built-in rate table and
    /// sector taxonomy.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Policy, Error> {
        let path = path.as_ref();
        let text = Error::read_text(path)?;
        Policy::from_text(&text, path.to_str())
    }

    /// Parse and compile a policy written in TOML or JSON: the format is the file
    /// name's (`name`, when there is one) or else the text's ([`Format::detect`]).
    ///
    /// [`Format::detect`]: crate::format::Format::detect
    pub fn from_text(text: &str, name: Option<&str>) -> Result<Policy, Error> {
        Policy::compile(PolicySpec::from_text(text, name)?)
    }

    /// Parse and compile a TOML policy.
    ///
    /// ```
    /// let policy = iuran::Policy::from_toml(r#"
    ///     id = "demo"
    ///     name = "Demo"
    ///     regency = "3327"
    ///     fiscal_year = 2025
    ///     coverage = { start = "2025-11", months = 2 }
    ///     [[funding]]
    ///     id = "dbhcht"
    ///     kind = "DBHCHT"
    /// "#)?;
    /// assert_eq!(policy.months().len(), 2);
    /// # Ok::<(), iuran::Error>(())
    /// ```
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<Policy, Error> {
        Policy::compile(PolicySpec::from_toml(text)?)
    }

    /// Parse and compile a JSON policy.
    pub fn from_json(text: &str) -> Result<Policy, Error> {
        Policy::compile(PolicySpec::from_json(text)?)
    }

    /// Read a policy file ([`from_file`](Self::from_file)) with a taxonomy file's text
    /// added to the built-in taxonomy ([`compile_with_taxonomy`](Self::compile_with_taxonomy)).
    pub fn from_file_with_taxonomy(
        path: impl AsRef<Path>,
        taxonomy: Option<&str>,
    ) -> Result<Policy, Error> {
        let path = path.as_ref();
        let text = Error::read_text(path)?;
        Policy::compile_with_taxonomy(PolicySpec::from_text(&text, path.to_str())?, taxonomy)
    }

    /// Compile a spec with the built-in rate table and the built-in sector taxonomy
    /// plus the groups, sectors and aliases of a taxonomy file's text, when given (the
    /// `--taxonomy` option of the command line, `taxonomy=` in Python, `{ taxonomy }`
    /// in JavaScript). Errors in that text name its field (`alias[0].texts[1]`).
    pub fn compile_with_taxonomy(
        spec: PolicySpec,
        taxonomy: Option<&str>,
    ) -> Result<Policy, Error> {
        let builtin = Taxonomy::builtin();
        let taxonomy = match taxonomy {
            None => builtin.clone(),
            #[cfg(feature = "toml")]
            Some(text) => builtin.extended(text)?,
            #[cfg(not(feature = "toml"))]
            Some(_) => return Err(Error::unsupported("a taxonomy file", "toml")),
        };
        Policy::compile_with(
            spec,
            Arc::new(RateTable::builtin().clone()),
            Arc::new(taxonomy),
        )
    }

    /// Compile a spec with the built-in rate table and sector taxonomy.
    pub fn compile(spec: PolicySpec) -> Result<Policy, Error> {
        Policy::compile_with(
            spec,
            Arc::new(RateTable::builtin().clone()),
            Arc::new(Taxonomy::builtin().clone()),
        )
    }

    /// Compile a spec against a given rate table and sector taxonomy.
    pub fn compile_with(
        spec: PolicySpec,
        rates: Arc<RateTable>,
        taxonomy: Arc<Taxonomy>,
    ) -> Result<Policy, Error> {
        // A table built in code (its fields are public) is held to the same ranges as
        // one read from a file, so no rate can make an amount overflow.
        rates.validate()?;
        let taxonomy = if spec.occupation.is_empty() {
            taxonomy
        } else {
            Arc::new(crate::occupation::extend(&taxonomy, &spec.occupation)?)
        };
        let regency = check_header(&spec)?;
        let months = check_coverage(&spec.coverage, &rates)?;
        check_adjustment_groups(&rates, &taxonomy)?;
        let e = &spec.eligibility;
        check_eligibility(e)?;
        let covered = sector_set(&taxonomy, &e.sectors, &e.groups, "eligibility")?;
        let sources = compile_sources(&spec.funding, &taxonomy)?;
        let tiers = compile_tiers(spec.allocation.as_ref(), &taxonomy)?;
        let place_list = |v: &[String]| v.iter().map(|d| normalize_place(d)).collect::<Vec<_>>();
        let include = place_list(&e.districts.include);
        let exclude = place_list(&e.districts.exclude);
        let mut policy = Policy {
            spec,
            rates,
            taxonomy,
            months,
            covered,
            sources,
            regency,
            include,
            exclude,
            tiers,
            plan: Arc::default(),
        };
        policy.plan = Arc::new(crate::batch::Plan::new(&policy));
        Ok(policy)
    }

    /// The spec this policy was compiled from.
    pub fn spec(&self) -> &PolicySpec {
        &self.spec
    }

    /// The rate table the policy uses.
    pub fn rates(&self) -> &RateTable {
        &self.rates
    }

    /// The sector taxonomy the policy uses.
    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }

    /// The covered contribution months, in order.
    pub fn months(&self) -> &[YearMonth] {
        &self.months
    }
}

fn nonblank(field: &str, v: &str) -> Result<(), Error> {
    if v.trim().is_empty() {
        Err(Error::policy_field(field, "must not be empty"))
    } else {
        Ok(())
    }
}

/// Identity fields; returns the normalised regency code.
fn check_header(spec: &PolicySpec) -> Result<String, Error> {
    nonblank("id", &spec.id)?;
    nonblank("name", &spec.name)?;
    if let Some(a) = spec.dbhcht_allocation {
        crate::limits::check_budget(a).map_err(|m| Error::policy_field("dbhcht_allocation", m))?;
    }
    let regency = normalize_place(&spec.regency);
    if regency.len() != 4 || !regency.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::policy_field(
            "regency",
            format!(
                "must be a 4-digit regency code such as `3328`, found `{}`",
                spec.regency
            ),
        ));
    }
    if !(2000..=2100).contains(&spec.fiscal_year) {
        return Err(Error::policy_field(
            "fiscal_year",
            format!(
                "must be a year between 2000 and 2100, found {}",
                spec.fiscal_year
            ),
        ));
    }
    Ok(regency)
}

/// Coverage fields; returns the covered months, each checked to have a rate for every
/// programme bought.
fn check_coverage(c: &Coverage, rates: &RateTable) -> Result<Vec<YearMonth>, Error> {
    let blocks = coverage_blocks(c)?;
    let mut months: Vec<YearMonth> = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        let at = |x: &str| {
            if c.blocks.is_empty() {
                format!("coverage.{x}")
            } else {
                format!("coverage.blocks[{i}].{x}")
            }
        };
        if b.months == 0 || b.months > crate::limits::MAX_MONTHS {
            return Err(Error::policy_field(
                at("months"),
                format!(
                    "must be between 1 and {}, found {}",
                    crate::limits::MAX_MONTHS,
                    b.months
                ),
            ));
        }
        if let Some(last) = months.last()
            && b.start <= *last
        {
            return Err(Error::policy_field(
                at("start"),
                format!(
                    "{} is not after the previous block, which ends in {last}: list blocks in calendar order, without overlap",
                    b.start
                ),
            ));
        }
        months.extend((0..b.months).map(|k| b.start.plus(k as i32)));
        if months.len() > crate::limits::MAX_MONTHS as usize {
            return Err(Error::policy_field(
                "coverage.blocks",
                format!(
                    "cover {} months up to block {i}; at most {} in all",
                    months.len(),
                    crate::limits::MAX_MONTHS
                ),
            ));
        }
    }
    if c.programmes.is_empty() {
        return Err(Error::policy_field(
            "coverage.programmes",
            "must name at least one programme",
        ));
    }
    for (i, p) in c.programmes.iter().enumerate() {
        if c.programmes[..i].contains(p) {
            return Err(Error::policy_field(
                format!("coverage.programmes[{i}]"),
                format!("{p} is listed twice"),
            ));
        }
    }
    match (c.income, c.income_amount) {
        (IncomeBasis::Fixed, None) => {
            return Err(Error::policy_field(
                "coverage.income_amount",
                "is required when `income = \"fixed\"`",
            ));
        }
        (IncomeBasis::Fixed, Some(a)) if a <= Decimal::ZERO || !crate::money::is_whole(a) => {
            return Err(Error::policy_field(
                "coverage.income_amount",
                "must be a positive whole number of rupiah",
            ));
        }
        (IncomeBasis::Fixed, Some(a)) if !crate::limits::declared_income_ok(a) => {
            return Err(Error::policy_field(
                "coverage.income_amount",
                format!(
                    "must be at most {} rupiah",
                    crate::limits::group(crate::limits::MAX_DECLARED_INCOME)
                ),
            ));
        }
        (IncomeBasis::Minimum | IncomeBasis::Declared, Some(_)) => {
            return Err(Error::policy_field(
                "coverage.income_amount",
                "is only used with `income = \"fixed\"`",
            ));
        }
        _ => {}
    }
    for m in &months {
        for p in &c.programmes {
            rates.rate(*p, Segment::Bpu, *m)?;
        }
    }
    Ok(months)
}

/// The runs of months a coverage names: `start` and `months`, or `blocks`.
fn coverage_blocks(c: &Coverage) -> Result<Vec<Block>, Error> {
    match (c.start, c.months, c.blocks.is_empty()) {
        (Some(start), Some(months), true) => Ok(vec![Block { start, months }]),
        (None, None, false) => Ok(c.blocks.clone()),
        (_, _, false) => Err(Error::policy_field(
            if c.start.is_some() {
                "coverage.start"
            } else {
                "coverage.months"
            },
            "is not used with `coverage.blocks`: give each block its own `start` and `months`",
        )),
        (None, _, true) => Err(Error::policy_field(
            "coverage.start",
            "is required: the first covered month (`YYYY-MM`), with `months`; or list `blocks`",
        )),
        (Some(_), None, true) => Err(Error::policy_field(
            "coverage.months",
            "is required with `coverage.start`: the number of consecutive months",
        )),
    }
}

/// Every group an adjustment names exists in the taxonomy.
fn check_adjustment_groups(rates: &RateTable, taxonomy: &Taxonomy) -> Result<(), Error> {
    for (i, a) in rates.adjustments.iter().enumerate() {
        for (list, name) in [(&a.groups, "groups"), (&a.except_groups, "except_groups")] {
            if let Some((j, g)) = list
                .iter()
                .enumerate()
                .find(|(_, g)| taxonomy.group_by_code(g).is_none())
            {
                return Err(Error::Data {
                    table: "rate table",
                    field: format!("adjustment[{i}].{name}[{j}]"),
                    message: format!("unknown sector group `{g}`"),
                });
            }
        }
    }
    Ok(())
}

fn check_eligibility(e: &Eligibility) -> Result<(), Error> {
    if let Some(age) = e.age {
        for (v, field) in [
            (age.min, "eligibility.age.min"),
            (age.max, "eligibility.age.max"),
        ] {
            if v.is_some_and(|v| v > 120) {
                return Err(Error::policy_field(field, "must be an age from 0 to 120"));
            }
        }
        if let (Some(lo), Some(hi)) = (age.min, age.max)
            && lo > hi
        {
            return Err(Error::policy_field(
                "eligibility.age.min",
                format!("{lo} is above `eligibility.age.max` ({hi})"),
            ));
        }
        match (age.rule, age.date) {
            (AgeRule::OnDate, None) => {
                return Err(Error::policy_field(
                    "eligibility.age.date",
                    "is required with `rule = \"on_date\"`: the day the age is measured on",
                ));
            }
            (AgeRule::OnDate, Some(d)) if !(1900..=2100).contains(&d.year()) => {
                return Err(Error::policy_field(
                    "eligibility.age.date",
                    format!("must be a date from 1900 to 2100, found {d}"),
                ));
            }
            (AgeRule::AtStart | AgeRule::Throughout | AgeRule::Monthly, Some(_)) => {
                return Err(Error::policy_field(
                    "eligibility.age.date",
                    "is only used with `rule = \"on_date\"`",
                ));
            }
            _ => {}
        }
    }
    if e.max_welfare_decile
        .is_some_and(|d| !crate::worker::DECILES.contains(&d))
    {
        return Err(Error::policy_field(
            "eligibility.max_welfare_decile",
            "must be a decile from 1 to 10",
        ));
    }
    Ok(())
}

fn compile_sources(funding: &[FundingSource], taxonomy: &Taxonomy) -> Result<Vec<Source>, Error> {
    if funding.is_empty() {
        return Err(Error::policy_field(
            "funding",
            "name at least one funding source",
        ));
    }
    let mut sources = Vec::with_capacity(funding.len());
    for (i, s) in funding.iter().enumerate() {
        let at = |x: &str| format!("funding[{i}].{x}");
        nonblank(&at("id"), &s.id)?;
        if funding[..i].iter().any(|o| o.id == s.id) {
            return Err(Error::policy_field(
                at("id"),
                format!("`{}` is used by another funding source", s.id),
            ));
        }
        let Some(public_payer) = s.public_payer.or(s.kind.default_public_payer()) else {
            return Err(Error::policy_field(
                at("public_payer"),
                "must be set for this kind of source: whether village or other funds count as APBN/APBD under PP 50/2025 is not settled",
            ));
        };
        if let Some(b) = s.budget {
            crate::limits::check_budget(b).map_err(|m| Error::policy_field(at("budget"), m))?;
        }
        if let Some(n) = s.max_workers {
            crate::limits::check_max_workers(n)
                .map_err(|m| Error::policy_field(at("max_workers"), m))?;
        }
        let sectors = sector_set(taxonomy, &s.sectors, &s.groups, &format!("funding[{i}]"))?;
        sources.push(Source {
            public_payer,
            sectors,
        });
    }
    Ok(sources)
}

fn compile_tiers(
    rules: Option<&AllocationRules>,
    taxonomy: &Taxonomy,
) -> Result<Vec<SectorSet>, Error> {
    let Some(rules) = rules else {
        return Ok(Vec::new());
    };
    let mut tiers = Vec::with_capacity(rules.priority.len());
    for (i, tier) in rules.priority.iter().enumerate() {
        let mut set = SectorSet::EMPTY;
        for (j, code) in tier.iter().enumerate() {
            if let Some(id) = taxonomy.sector_by_code(code) {
                set.insert(id);
            } else if let Some(g) = taxonomy.group_by_code(code) {
                set = set.union(taxonomy.sectors_in(g));
            } else {
                return Err(Error::policy_field(
                    format!("allocation.priority[{i}][{j}]"),
                    format!("`{code}` is neither a sector code nor a group code"),
                ));
            }
        }
        tiers.push(set);
    }
    Ok(tiers)
}

/// The set named by sector codes and group codes; everything when both are empty.
fn sector_set(
    taxonomy: &Taxonomy,
    sectors: &[String],
    groups: &[String],
    at: &str,
) -> Result<SectorSet, Error> {
    if sectors.is_empty() && groups.is_empty() {
        return Ok(SectorSet::all(taxonomy));
    }
    let mut set = SectorSet::EMPTY;
    for (i, code) in sectors.iter().enumerate() {
        let id = taxonomy.sector_by_code(code).ok_or_else(|| {
            Error::policy_field(
                format!("{at}.sectors[{i}]"),
                format!("unknown sector code `{code}`"),
            )
        })?;
        set.insert(id);
    }
    for (i, code) in groups.iter().enumerate() {
        let id = taxonomy.group_by_code(code).ok_or_else(|| {
            Error::policy_field(
                format!("{at}.groups[{i}]"),
                format!("unknown sector group `{code}`"),
            )
        })?;
        set = set.union(taxonomy.sectors_in(id));
    }
    Ok(set)
}

impl PolicySpec {
    /// Parse TOML or JSON without compiling: the format is the file name's (`name`,
    /// when there is one) or else the text's ([`Format::detect`]).
    ///
    /// [`Format::detect`]: crate::format::Format::detect
    pub fn from_text(text: &str, name: Option<&str>) -> Result<PolicySpec, Error> {
        match crate::format::Format::detect(name, text) {
            crate::format::Format::Json => PolicySpec::from_json(text),
            #[cfg(feature = "toml")]
            crate::format::Format::Toml => PolicySpec::from_toml(text),
            #[cfg(not(feature = "toml"))]
            crate::format::Format::Toml => Err(Error::unsupported("a TOML policy", "toml")),
        }
    }

    /// Parse TOML without compiling. Errors name the field (`coverage.months`).
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<PolicySpec, Error> {
        let de = toml::Deserializer::parse(text).map_err(|e| Error::PolicySyntax {
            format: "toml",
            message: crate::rates::toml_syntax_message(&e, text),
        })?;
        serde_path_to_error::deserialize(de)
            .map_err(|e| field_error(e.path(), crate::rates::toml_message(e.inner())))
    }

    /// Parse JSON without compiling.
    pub fn from_json(text: &str) -> Result<PolicySpec, Error> {
        let de = &mut serde_json::Deserializer::from_str(text);
        let spec = serde_path_to_error::deserialize(&mut *de).map_err(|e| {
            let inner = e.inner();
            if inner.is_syntax() || inner.is_eof() {
                Error::PolicySyntax {
                    format: "json",
                    message: inner.to_string(),
                }
            } else {
                field_error(e.path(), inner.to_string())
            }
        })?;
        // Text after the policy (a second document, garbage) is refused, not ignored.
        de.end().map_err(|e| Error::PolicySyntax {
            format: "json",
            message: format!("text after the policy: {e}"),
        })?;
        Ok(spec)
    }

    /// The spec as TOML text.
    #[cfg(feature = "toml")]
    pub fn to_toml(&self) -> String {
        toml::to_string(self).expect("a policy spec always serialises")
    }
}

fn field_error(path: &serde_path_to_error::Path, message: String) -> Error {
    let mut field = path.to_string();
    if field == "." {
        field = String::from("(top level)");
    }
    // serde reports a missing field one level up: name the field itself.
    if let Some(name) = message
        .strip_prefix("missing field `")
        .and_then(|m| m.split('`').next())
    {
        field = if field == "(top level)" {
            name.to_owned()
        } else {
            format!("{field}.{name}")
        };
    }
    Error::PolicyField { field, message }
}
