//! Coverage roadmaps: from today's coverage (cakupan kepesertaan) to a target share
//! of the workforce in a target year — the yearly path, the members needed, and what
//! the regency's share of the new members costs at the dated rates.
//!
//! Coverage is active members ÷ potential workforce × 100 (RULES.md §7); the
//! workforce is an input (BPJS counts KTP holders aged 17 and over minus civil
//! servants and military; BPS Sakernas counts workers aged 15 and over).
//!
//! Rounding, stated once: the workforce of a year is rounded down to whole persons;
//! the coverage percentage of a year is rounded half-up to 4 decimal places (a
//! constant-growth path needs fractional powers); members needed are rounded **up**
//! (reaching a share needs whole people); subsidised members are rounded up too.

use rust_decimal::{Decimal, MathematicalOps, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::money::exact;
use crate::rates::Segment;
use crate::{Error, Policy, YearMonth};

/// How coverage moves from the baseline to the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Path {
    /// The same number of percentage points every year.
    #[default]
    Linear,
    /// The same growth factor every year.
    ConstantGrowth,
}

/// Where a roadmap starts and where it must arrive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoadmapInput {
    /// Year of the baseline.
    pub baseline_year: i32,
    /// Coverage in the baseline year, percent (give this or `baseline_members`).
    #[serde(
        default,
        with = "exact::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub baseline_percent: Option<Decimal>,
    /// Active members in the baseline year (give this or `baseline_percent`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_members: Option<u64>,
    /// Potential workforce in the baseline year.
    pub workforce: u64,
    /// Annual growth of the workforce, percent (may be negative).
    #[serde(default, with = "exact")]
    pub workforce_growth_percent: Decimal,
    /// Target year.
    pub target_year: i32,
    /// Target coverage, percent.
    #[serde(with = "exact")]
    pub target_percent: Decimal,
    /// Path between them.
    #[serde(default)]
    pub path: Path,
    /// Share of the members gained since the baseline that the regency pays for,
    /// percent.
    #[serde(default, with = "exact")]
    pub subsidy_share_percent: Decimal,
    /// Funding source that pays (default: the policy's first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Sector priced, when the source's workers cost differently by sector.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
}

/// One year of a roadmap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RoadmapYear {
    /// The year.
    pub year: i32,
    /// Potential workforce (whole persons).
    pub workforce: u64,
    /// Coverage on the path, percent.
    #[serde(with = "exact")]
    pub coverage_percent: Decimal,
    /// Active members needed.
    pub members: u64,
    /// New members needed over the previous year.
    pub additional_members: u64,
    /// Members the regency pays for: its share of all members gained since the baseline.
    pub subsidised_members: u64,
    /// A year of contributions for one worker at that year's rates (12 months, the
    /// policy's programmes and income basis, from the chosen source).
    #[serde(with = "exact")]
    pub cost_per_worker: Decimal,
    /// What the subsidised members cost that year.
    #[serde(with = "exact")]
    pub subsidy_budget: Decimal,
}

/// A coverage roadmap, year by year from the baseline to the target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Roadmap {
    /// The input it was computed from.
    pub input: RoadmapInput,
    /// One entry per year, baseline and target included.
    pub years: Vec<RoadmapYear>,
    /// Sum of the yearly subsidy budgets.
    #[serde(with = "exact")]
    pub total_subsidy: Decimal,
}

fn argument(name: &'static str, message: impl Into<String>) -> Error {
    Error::Argument {
        name,
        message: message.into(),
    }
}

fn percent_ok(p: Decimal) -> bool {
    p >= Decimal::ZERO && p <= Decimal::ONE_HUNDRED
}

impl Policy {
    /// The yearly path from a baseline coverage to a target, with the subsidy each
    /// year costs.
    ///
    /// ```
    /// # #[cfg(feature = "toml")] {
    /// use iuran::roadmap::{Path, RoadmapInput};
    /// let p = iuran::Policy::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/policies/trenggalek-2025.toml"))?;
    /// let r = p.roadmap(&RoadmapInput {
    ///     baseline_year: 2025, baseline_percent: Some("26.30".parse().unwrap()), baseline_members: None,
    ///     workforce: 400_000, workforce_growth_percent: Default::default(),
    ///     target_year: 2045, target_percent: "83.29".parse().unwrap(), path: Path::Linear,
    ///     subsidy_share_percent: "50".parse().unwrap(), source: None, sector: None,
    /// })?;
    /// assert_eq!(r.years[1].coverage_percent.to_string(), "29.1495"); // +2.8495 points a year
    /// assert_eq!(r.years[20].members, 333_160);
    /// # }
    /// # Ok::<(), iuran::Error>(())
    /// ```
    pub fn roadmap(&self, input: &RoadmapInput) -> Result<Roadmap, Error> {
        let span = input.target_year - input.baseline_year;
        if !(1..=50).contains(&span) {
            return Err(argument(
                "target_year",
                "must be 1 to 50 years after the baseline year",
            ));
        }
        if input.workforce == 0 {
            return Err(argument("workforce", "must be positive"));
        }
        let w0 = Decimal::from(input.workforce);
        let p0 = match (input.baseline_percent, input.baseline_members) {
            (Some(p), None) => p,
            (None, Some(m)) => Decimal::from(m) * Decimal::ONE_HUNDRED / w0,
            _ => {
                return Err(argument(
                    "baseline_percent",
                    "give either `baseline_percent` or `baseline_members`",
                ));
            }
        };
        let target = input.target_percent;
        for (name, p) in [
            ("baseline_percent", p0),
            ("target_percent", target),
            ("subsidy_share_percent", input.subsidy_share_percent),
        ] {
            if !percent_ok(p) {
                return Err(argument(name, "must be a percentage from 0 to 100"));
            }
        }
        if input.path == Path::ConstantGrowth && p0.is_zero() {
            return Err(argument(
                "path",
                "constant growth needs a baseline above 0%",
            ));
        }
        let growth = Decimal::ONE + input.workforce_growth_percent / Decimal::ONE_HUNDRED;
        if growth <= Decimal::ZERO {
            return Err(argument("workforce_growth_percent", "must be above -100"));
        }
        let baseline_members = match input.baseline_members {
            Some(m) => m,
            None => ceil_u64(w0 * p0 / Decimal::ONE_HUNDRED),
        };
        let share = input.subsidy_share_percent / Decimal::ONE_HUNDRED;
        let mut years = Vec::with_capacity(span as usize + 1);
        let mut previous = baseline_members;
        for k in 0..=span {
            let year = input.baseline_year + k;
            let (workforce, workforce_count) = grown_workforce(w0, growth, k)?;
            let pct = coverage_percent(input.path, p0, target, k, span)?
                .round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
                .normalize();
            let members = if k == 0 {
                baseline_members
            } else {
                ceil_u64(workforce * pct / Decimal::ONE_HUNDRED)
            };
            let subsidised =
                ceil_u64(share * Decimal::from(members.saturating_sub(baseline_members)));
            let cost = self.year_cost(year, input.source.as_deref(), input.sector.as_deref())?;
            years.push(RoadmapYear {
                year,
                workforce: workforce_count,
                coverage_percent: pct,
                members,
                additional_members: members.saturating_sub(previous),
                subsidised_members: subsidised,
                cost_per_worker: cost,
                subsidy_budget: cost.checked_mul(Decimal::from(subsidised)).ok_or_else(|| {
                    argument("workforce", "is too large: its budget cannot be computed")
                })?,
            });
            previous = members;
        }
        let mut total_subsidy = Decimal::ZERO;
        for y in &years {
            total_subsidy = total_subsidy.checked_add(y.subsidy_budget).ok_or_else(|| {
                argument("workforce", "is too large: its budget cannot be computed")
            })?;
        }
        Ok(Roadmap {
            total_subsidy,
            years,
            input: input.clone(),
        })
    }

    /// One worker's contributions for the twelve months of a year, at that year's rates.
    fn year_cost(
        &self,
        year: i32,
        source: Option<&str>,
        sector: Option<&str>,
    ) -> Result<Decimal, Error> {
        let months: Vec<YearMonth> = (1..=12).filter_map(|m| YearMonth::new(year, m)).collect();
        for m in &months {
            for p in &self.spec.coverage.programmes {
                self.rates.rate(*p, Segment::Bpu, *m)?;
            }
        }
        let cost = self.worker_cost(source, sector)?;
        let s = self
            .spec
            .funding
            .iter()
            .position(|f| f.id == cost.source)
            .expect("worker_cost names a source");
        let priced = match &cost.sector {
            Some(code) => self.taxonomy.sector_by_code(code),
            None => self
                .taxonomy
                .sectors()
                .map(|(id, _)| id)
                .find(|id| self.covered.contains(*id) && self.source_for(*id) == Some(s)),
        }
        .expect("worker_cost found a sector this source pays for");
        let basis = self.income_basis(None);
        Ok(self
            .cost_plan_for(priced, s, &months)
            .items
            .iter()
            .map(|i| i.amount(&self.rates, basis))
            .sum())
    }
}

/// The workforce `k` years after the baseline, as a decimal and a count. Growth
/// compounds: a large rate over many years is refused, not overflowed.
fn grown_workforce(w0: Decimal, growth: Decimal, k: i32) -> Result<(Decimal, u64), Error> {
    let workforce = growth
        .checked_powi(i64::from(k))
        .and_then(|g| w0.checked_mul(g))
        .ok_or_else(|| {
            argument(
                "workforce_growth_percent",
                "makes the workforce too large to compute",
            )
        })?
        .floor();
    let count = workforce
        .try_into()
        .map_err(|_| argument("workforce", "is too large"))?;
    Ok((workforce, count))
}

/// The coverage target of year `k` of `span` on a path, before rounding.
fn coverage_percent(
    path: Path,
    p0: Decimal,
    target: Decimal,
    k: i32,
    span: i32,
) -> Result<Decimal, Error> {
    let t = Decimal::from(k) / Decimal::from(span);
    Ok(match path {
        Path::Linear => p0 + (target - p0) * t,
        Path::ConstantGrowth if k == span => target,
        Path::ConstantGrowth => target
            .checked_div(p0)
            .and_then(|r| r.checked_powd(t))
            .and_then(|r| p0.checked_mul(r))
            .ok_or_else(|| {
                argument(
                    "baseline_percent",
                    "is too small for constant growth to the target",
                )
            })?,
    })
}

fn ceil_u64(d: Decimal) -> u64 {
    d.ceil().try_into().unwrap_or(u64::MAX)
}
