//! The `Policy` class: a compiled programme policy that evaluates workers and rosters,
//! and plans budgets, payments, coverage and benefits.

use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

use crate::args;
use crate::benefits::Illustration;
use crate::compare::Comparison;
use crate::decision::Decision;
use crate::error::Error;
use crate::lint::Lint;
use crate::options::{
    self, CompareOptions, LangOptions, PlanOptions, PolicyOptions, RosterOptions, ScheduleOptions,
};
use crate::planning::{self, Capacity, Requirement, Schedule};
use crate::roadmap::Roadmap;
use crate::roster::{self, RosterColumnsResult, RosterProgress, RosterResult};
use crate::summary::Summary;
use crate::worker::WorkerRecord;

/// A validated programme policy (built-in rate table and sector taxonomy), ready to
/// evaluate workers and rosters.
#[wasm_bindgen]
pub struct Policy {
    inner: iuran::Policy,
}

#[wasm_bindgen]
impl Policy {
    /// Parse and compile a policy written in TOML. Throws an `IuranError`
    /// (`policy_syntax`, or `policy_field` naming the field; `data` naming the field of
    /// a `taxonomy` text).
    #[wasm_bindgen(js_name = fromToml)]
    pub fn from_toml(text: &str, options: Option<Ts<PolicyOptions>>) -> Result<Policy, Error> {
        let taxonomy = options::read(options)?.taxonomy;
        Ok(Policy {
            inner: iuran::Policy::compile_with_taxonomy(
                iuran::PolicySpec::from_toml(text)?,
                taxonomy.as_deref(),
            )?,
        })
    }

    /// Parse and compile a policy written in JSON (same schema as TOML; amounts as
    /// strings or whole numbers).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str, options: Option<Ts<PolicyOptions>>) -> Result<Policy, Error> {
        let taxonomy = options::read(options)?.taxonomy;
        Ok(Policy {
            inner: iuran::Policy::compile_with_taxonomy(
                iuran::PolicySpec::from_json(text)?,
                taxonomy.as_deref(),
            )?,
        })
    }

    /// Decide whether one worker is covered and what it costs, with every reason in
    /// `lang` (`"id"`, the default, or `"en"`). "Not eligible" is an answer, not an
    /// error; only a worker object of the wrong shape throws (`invalid_argument`).
    pub fn evaluate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WorkerRecord")] worker: JsValue,
        options: Option<Ts<LangOptions>>,
    ) -> Result<Ts<Decision>, Error> {
        let lang = options::lang(options::read(options)?.lang);
        let record = iuran::Record::from(WorkerRecord::from_js(worker)?);
        let decision = self.inner.evaluate_record(&record)?;
        Ok(Decision::new(&decision, lang).into_ts()?)
    }

    /// Evaluate every row of a roster (CSV text, or the bytes of a CSV file or an `.xlsx`
    /// workbook, told apart by the core): the output CSV,
    /// the summary, every row's answer as columns, and the explained decisions of the
    /// first `firstRows` rows (default 0). Throws an `IuranError` with code `roster`
    /// (and `line`/`field`) only when the file cannot be read at all; a bad row is a
    /// row with reasons.
    #[wasm_bindgen(js_name = evaluateRoster)]
    pub fn evaluate_roster(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] roster: &JsValue,
        options: Option<Ts<RosterOptions>>,
    ) -> Result<Ts<RosterResult>, Error> {
        let options = options::read(options)?;
        let lang = options::lang(options.lang);
        let roster = roster::bytes(roster)?;
        let first_rows = options.first_rows.unwrap_or(0) as usize;
        let result = roster::evaluate(&self.inner, &roster, lang, first_rows)?;
        Ok(result.into_ts()?)
    }

    /// Evaluate every row of a roster as `evaluateRoster` does, for a page that shows
    /// the totals: every row's answer as typed arrays (money as whole rupiah in
    /// `BigInt64Array`s, reason sets and names as keys into small tables), the summary,
    /// the explained first `firstRows` rows and an example of each reason, but no
    /// output file (`evaluateRosterCsv` writes it). A CSV file is read and decided a
    /// chunk of rows at a time; `onProgress`, when given, is called after each chunk
    /// with how far the evaluation is (`RosterProgress`). Throws as `evaluateRoster`.
    #[wasm_bindgen(js_name = evaluateRosterColumns)]
    #[allow(clippy::needless_pass_by_value)] // wasm-bindgen hands over owned values
    pub fn evaluate_roster_columns(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] roster: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RosterOptions | null")] options: Option<
            Ts<RosterOptions>,
        >,
        #[wasm_bindgen(js_name = onProgress, unchecked_optional_param_type = "(progress: RosterProgress) => void")]
        on_progress: Option<js_sys::Function>,
    ) -> Result<Ts<RosterColumnsResult>, JsValue> {
        let options = options::read(options)?;
        let lang = options::lang(options.lang);
        let roster = roster::bytes(roster)?;
        let first_rows = options.first_rows.unwrap_or(0) as usize;
        // An exception thrown by the callback stops nothing: it is kept and thrown
        // once the evaluation is done.
        let mut thrown: Option<JsValue> = None;
        let mut progress = |p: iuran::Progress| {
            let Some(f) = on_progress.as_ref() else {
                return;
            };
            if thrown.is_some() {
                return;
            }
            let value = RosterProgress::from(p)
                .into_ts()
                .map_or(JsValue::NULL, JsValue::from);
            if let Err(e) = f.call1(&JsValue::NULL, &value) {
                thrown = Some(e);
            }
        };
        let result =
            roster::evaluate_columns(&self.inner, &roster, lang, first_rows, &mut progress)?;
        if let Some(e) = thrown {
            return Err(e);
        }
        Ok(result.into_ts().map_err(Error::from)?)
    }

    /// The output file of a roster (what `evaluateRoster` returns as `csv`): its rows
    /// in order, with the decision columns appended, in its own delimiter.
    #[wasm_bindgen(js_name = evaluateRosterCsv)]
    pub fn evaluate_roster_csv(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] roster: &JsValue,
    ) -> Result<String, Error> {
        roster::output_csv(&self.inner, &roster::bytes(roster)?)
    }

    /// What-if: this policy and each scenario (TOML text, or JSON text starting with
    /// `{`; the format of `examples/scenarios/`) on one roster, read once. Per scenario:
    /// totals, the change against this policy, and the first `maxChanges` (default
    /// 100) workers whose outcome changes, NIKs masked. Throws an `IuranError` with
    /// code `scenario` naming the scenario's field when a scenario is invalid.
    #[allow(clippy::needless_pass_by_value)] // wasm-bindgen hands over owned strings
    pub fn compare(
        &self,
        scenarios: Vec<String>,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] roster: &JsValue,
        options: Option<Ts<CompareOptions>>,
    ) -> Result<Ts<Comparison>, Error> {
        let max_changes = options::read(options)?
            .max_changes
            .map_or(usize::MAX, |m| m as usize);
        let variants = scenarios
            .iter()
            .map(|text| {
                let s = iuran::Scenario::from_text(text, None)?;
                Ok(iuran::compare::Variant::new(
                    s.name.clone(),
                    s.apply(&self.inner)?,
                ))
            })
            .collect::<Result<Vec<_>, iuran::Error>>()?;
        let roster = roster::read(roster)?;
        let c = iuran::compare::compare(&self.inner, &variants, &roster)?;
        Ok(Comparison::new(&c, max_changes).into_ts()?)
    }

    /// Warnings about the policy (empty when none), in `lang`.
    pub fn lint(&self, options: Option<Ts<LangOptions>>) -> Result<Vec<Ts<Lint>>, Error> {
        let lang = options::lang(options::read(options)?.lang);
        let mut out = Vec::new();
        for l in self.inner.lint() {
            out.push(Lint::new(&l, lang).into_ts()?);
        }
        Ok(out)
    }

    /// The policy as written, in the file's own field names (`snake_case`): what
    /// `Policy.fromJson(JSON.stringify(spec))` reads back.
    #[wasm_bindgen(unchecked_return_type = "PolicySpec")]
    pub fn spec(&self) -> Result<JsValue, Error> {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        Ok(serde::Serialize::serialize(self.inner.spec(), &serializer)?)
    }

    /// The covered contribution months, `YYYY-MM`, in order.
    pub fn months(&self) -> Vec<String> {
        self.inner
            .months()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// How many workers `budget` covers in full for the policy's coverage, and what is
    /// left over. `budget` is rupiah as people write them (`"2090000000"`,
    /// `"2.090.000.000"`, `"Rp 2.090.000.000"`), read by the core. `source` is a funding
    /// source id (default: the first); when that source's workers cost differently by
    /// sector the core asks for one: an `IuranError` with code `argument` and field
    /// `sector`.
    pub fn capacity(
        &self,
        budget: &str,
        options: Option<Ts<PlanOptions>>,
    ) -> Result<Ts<Capacity>, Error> {
        let PlanOptions { source, sector } = options::read(options)?;
        let budget = planning::budget(budget)?;
        let c = self
            .inner
            .capacity(budget, source.as_deref(), sector.as_deref())?;
        Ok(Capacity::from(c).into_ts()?)
    }

    /// The budget `workers` workers need, in total and per month (`source` and `sector`
    /// as for `capacity`).
    pub fn requirement(
        &self,
        workers: f64,
        options: Option<Ts<PlanOptions>>,
    ) -> Result<Ts<Requirement>, Error> {
        let PlanOptions { source, sector } = options::read(options)?;
        let workers = planning::count(workers, "workers")?;
        let r = self
            .inner
            .requirement(workers, source.as_deref(), sector.as_deref())?;
        Ok(Requirement::from(r).into_ts()?)
    }

    /// What is due to BPJS Ketenagakerjaan for an evaluated roster: per contribution
    /// month and per source, and grouped into `tranches` consecutive blocks of months
    /// (default: one per covered month), each due by the due day of its first month.
    /// `summary` is the `summary` of
    /// `evaluateRoster` with this policy.
    pub fn schedule(
        &self,
        summary: &Ts<Summary>,
        options: Option<Ts<ScheduleOptions>>,
    ) -> Result<Ts<Schedule>, Error> {
        let ScheduleOptions { tranches } = options::read(options)?;
        let summary = summary.to_rust().map_err(|_| {
            Error::argument(Some("summary"), "must be the `summary` of `evaluateRoster`")
        })?;
        let summary = iuran::Summary::try_from(summary)?;
        let s = self.inner.schedule(&summary, tranches)?;
        Ok(Schedule::from(s).into_ts()?)
    }

    /// A coverage roadmap: from a baseline coverage to a target share of the workforce,
    /// year by year, with what the regency's share of the new members costs at the
    /// dated rates. Percentages are decimal strings (`"26.30"`).
    pub fn roadmap(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RoadmapInput")] input: JsValue,
    ) -> Result<Ts<Roadmap>, Error> {
        let input: iuran::RoadmapInput = args::to_core(args::entries(input, "input")?, "input")?;
        Ok(Roadmap::from(self.inner.roadmap(&input)?).into_ts()?)
    }

    /// What the family of a worker covered by this policy would receive for a death in
    /// month `query.month` of the coverage (1 = the first covered month), from a work
    /// accident or not, with `children` at these school levels (`schoolLevels()`); the
    /// labels and notes in `lang`.
    pub fn benefits(
        &self,
        #[wasm_bindgen(unchecked_param_type = "BenefitQuery")] query: JsValue,
        options: Option<Ts<LangOptions>>,
    ) -> Result<Ts<Illustration>, Error> {
        let lang = options::lang(options::read(options)?.lang);
        let query: iuran::benefits::BenefitQuery =
            args::to_core(args::entries(query, "query")?, "query")?;
        Ok(Illustration::new(&self.inner.benefits(&query)?, lang).into_ts()?)
    }
}
