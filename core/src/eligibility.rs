//! Evaluating one worker against a policy: every rule, every reason, then the cost.

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::Error;
use crate::decision::{Charge, Decision};
use crate::nik::Nik;
use crate::policy::{AgeRule, Policy, same_place};
use crate::reason::{Reason, ReasonCode, sector_context};
use crate::sector::SectorId;
use crate::worker::{Record, Sex, Worker, age_on};

impl Policy {
    /// Decide whether a worker is covered and what it costs.
    ///
    /// Every failed rule becomes a [`Reason`]; all are collected, in a fixed order
    /// (identity, age, sector, domicile, membership, welfare, funding).
    ///
    /// ```
    /// use iuran::{Policy, Worker};
    /// use jiff::civil::date;
    /// let policy = Policy::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/policies/pemalang-2025.toml"))?;
    /// let worker = Worker {
    ///     nik: "3327015505650001".into(),
    ///     birth_date: Some(date(1965, 5, 15)),
    ///     regency: Some("3327".into()),
    ///     sector: Some("petani padi".into()),
    ///     ..Worker::default()
    /// };
    /// let decision = policy.evaluate(&worker)?;
    /// assert!(decision.eligible);
    /// assert_eq!(decision.monthly_contribution.to_string(), "16800");
    /// assert_eq!(decision.total_cost.to_string(), "33600");
    /// # Ok::<(), iuran::Error>(())
    /// ```
    pub fn evaluate(&self, worker: &Worker) -> Result<Decision, Error> {
        Ok(self.decide(worker, Vec::new()))
    }

    /// Read a text record (as a roster or a form gives it) and evaluate it: fields that
    /// cannot be read become `invalid_value` reasons.
    pub fn evaluate_record(&self, record: &Record) -> Result<Decision, Error> {
        let (worker, problems) = record.parse();
        Ok(self.decide(&worker, problems))
    }

    pub(crate) fn decide(&self, w: &Worker, mut reasons: Vec<Reason>) -> Decision {
        let nik = check_identity(w, self.spec.eligibility.require_nik, &mut reasons);
        if let Some(birth) = self.birth_date(w, nik, &mut reasons) {
            self.check_age(birth, &mut reasons);
        }
        let sector = self.check_sector(w, &mut reasons);
        self.check_domicile(w, &mut reasons);
        self.check_welfare(w, &mut reasons);
        let source = sector
            .filter(|id| self.covered.contains(*id))
            .map(|id| (id, self.source_for(id)));
        if let Some((id, None)) = source {
            reasons.push(Reason::new(
                ReasonCode::NoFundingSource,
                sector_context(self.taxonomy.sector(id)),
            ));
        }
        let sector_code = sector.map(|id| self.taxonomy.sector(id).code.clone());
        // One order for every path: the catalogue order of the codes.
        reasons.sort_by_key(|r| r.code);
        match source {
            Some((id, Some(s))) if reasons.is_empty() => {
                self.covered_decision(w, id, s, sector_code)
            }
            _ => Decision::ineligible(reasons, sector_code),
        }
    }

    /// The sector the occupation maps to (also when not covered, for reporting).
    fn check_sector(&self, w: &Worker, reasons: &mut Vec<Reason>) -> Option<SectorId> {
        let Some(text) = w.sector.as_deref() else {
            reasons.push(Reason::missing("sector"));
            return None;
        };
        let Some(id) = self.taxonomy.lookup(text) else {
            reasons.push(Reason::new(
                ReasonCode::UnknownSector,
                [("sector", text.chars().take(60).collect())],
            ));
            return None;
        };
        if !self.covered.contains(id) {
            reasons.push(Reason::new(
                ReasonCode::SectorNotCovered,
                sector_context(self.taxonomy.sector(id)),
            ));
        }
        Some(id)
    }

    fn check_domicile(&self, w: &Worker, reasons: &mut Vec<Reason>) {
        match w.regency.as_deref() {
            None => reasons.push(Reason::missing("regency")),
            Some(r) if !same_place(r, &self.regency) => {
                reasons.push(Reason::outside_region(r, &self.regency));
            }
            Some(_) => {}
        }
        if self.include.is_empty() && self.exclude.is_empty() {
            return;
        }
        let Some(district) = w.district.as_deref() else {
            reasons.push(Reason::missing("district"));
            return;
        };
        let listed = |list: &[String]| list.iter().any(|x| same_place(district, x));
        if (!self.include.is_empty() && !listed(&self.include)) || listed(&self.exclude) {
            reasons.push(Reason::new(
                ReasonCode::DistrictExcluded,
                [("district", district.chars().take(40).collect())],
            ));
        }
    }

    fn check_welfare(&self, w: &Worker, reasons: &mut Vec<Reason>) {
        if self.spec.eligibility.exclude_active_members && w.active_member == Some(true) {
            reasons.push(Reason::new(ReasonCode::AlreadyMember, []));
        }
        if let Some(max) = self.spec.eligibility.max_welfare_decile {
            match w.welfare_decile {
                None if !has_invalid("welfare_decile", reasons) => {
                    reasons.push(Reason::missing("welfare_decile"));
                }
                Some(d) if d > max => reasons.push(Reason::new(
                    ReasonCode::DecileAboveMaximum,
                    [("decile", d.to_string()), ("maximum", max.to_string())],
                )),
                _ => {}
            }
        }
    }

    /// The birth date ages are measured from: the declared one, or the NIK's (its
    /// century resolved against the first day of coverage) when none is declared. A
    /// declared date after the first day of coverage cannot be a worker's.
    fn birth_date(&self, w: &Worker, nik: Option<Nik>, reasons: &mut Vec<Reason>) -> Option<Date> {
        let start = self.months[0].first_day();
        match w.birth_date {
            Some(b) if b > start => {
                reasons.push(born_after_start(b));
                None
            }
            Some(b) => Some(b),
            None if has_invalid("birth_date", reasons) => None,
            None => {
                let derived = nik.and_then(|n| n.birth_date(start));
                if derived.is_none() {
                    reasons.push(Reason::missing("birth_date"));
                }
                derived
            }
        }
    }

    fn check_age(&self, birth: Date, reasons: &mut Vec<Reason>) {
        let Some(band) = self.spec.eligibility.age else {
            return;
        };
        let first = self.months[0].first_day();
        let last = self.months[self.months.len() - 1].last_day();
        let (min_on, max_on) = match band.rule {
            AgeRule::AtStart => (first, first),
            AgeRule::Throughout => (first, last),
        };
        if let Some(min) = band.min {
            let age = age_on(birth, min_on);
            if age < min as i32 {
                reasons.push(Reason::new(
                    ReasonCode::AgeBelowMinimum,
                    [
                        ("age", age.to_string()),
                        ("minimum", min.to_string()),
                        ("on", min_on.to_string()),
                    ],
                ));
            }
        }
        if let Some(max) = band.max {
            let age = age_on(birth, max_on);
            if age > max as i32 {
                reasons.push(Reason::new(
                    ReasonCode::AgeAboveMaximum,
                    [
                        ("age", age.to_string()),
                        ("maximum", max.to_string()),
                        ("on", max_on.to_string()),
                    ],
                ));
            }
        }
    }

    /// The first funding source (in the policy's order) allowed to pay for a sector.
    pub(crate) fn source_for(&self, sector: SectorId) -> Option<usize> {
        self.sources.iter().position(|s| s.sectors.contains(sector))
    }

    pub(crate) fn covered_decision(
        &self,
        w: &Worker,
        sector: SectorId,
        source: usize,
        sector_code: Option<String>,
    ) -> Decision {
        let breakdown = self.charges(sector, source, w.declared_income);
        let first = self.months[0];
        let monthly_contribution = breakdown
            .iter()
            .filter(|c| c.month == first)
            .map(|c| c.amount)
            .sum();
        let total_cost = breakdown.iter().map(|c| c.amount).sum();
        Decision {
            eligible: true,
            reasons: Vec::new(),
            sector: sector_code,
            funding_source: Some(self.spec.funding[source].id.clone()),
            monthly_contribution,
            months: self.months.len() as u32,
            total_cost,
            breakdown,
        }
    }

    /// Every charge for a covered worker of a sector paid by a source.
    pub(crate) fn charges(
        &self,
        sector: SectorId,
        source: usize,
        declared: Option<Decimal>,
    ) -> Vec<Charge> {
        let basis = self.income_basis(declared);
        self.cost_plan(sector, source)
            .items
            .into_iter()
            .map(|item| {
                let rate = &self.rates.rates[item.rate];
                let mut reference = rate.reference.clone();
                let mut adjustments = Vec::with_capacity(item.adjustments.len());
                for &a in &item.adjustments {
                    let a = &self.rates.adjustments[a];
                    adjustments.push(a.id.clone());
                    reference.push_str("; ");
                    reference.push_str(&a.reference);
                }
                Charge {
                    month: item.month,
                    programme: item.programme,
                    rate_id: rate.id.clone(),
                    rate: rate.describe(),
                    income_basis: basis,
                    adjustments,
                    factor: item.factor,
                    amount: item.amount(&self.rates, basis),
                    reference,
                }
            })
            .collect()
    }
}

/// Whether a field was present but unreadable (so it is not also reported missing).
fn has_invalid(field: &str, reasons: &[Reason]) -> bool {
    reasons.iter().any(|r| {
        r.code == ReasonCode::InvalidValue && r.context.get("field").is_some_and(|f| f == field)
    })
}

/// `invalid_value` for a birth date after the first day of coverage.
pub(crate) fn born_after_start(b: Date) -> Reason {
    Reason::invalid_value_expecting(
        "birth_date",
        &b.to_string(),
        "tanggal sebelum hari pertama masa cakupan",
        "a date before the first day of coverage",
    )
}

/// The NIK's own checks, and its agreement with the declared birth date and sex;
/// the NIK when it is valid.
fn check_identity(w: &Worker, require_nik: bool, reasons: &mut Vec<Reason>) -> Option<Nik> {
    if w.nik.trim().is_empty() {
        if require_nik {
            reasons.push(Reason::missing("nik"));
        }
        return None;
    }
    let nik = match Nik::parse(&w.nik) {
        Ok(nik) => nik,
        Err(e) => {
            reasons.push(Reason::invalid_nik(&e));
            return None;
        }
    };
    if let Some(b) = w.birth_date.filter(|b| !nik.matches_birth_date(*b)) {
        let nik_birth = format!(
            "{:02}-{:02}-{:02}",
            nik.birth_day(),
            nik.birth_month(),
            nik.birth_year_2digit()
        );
        reasons.push(Reason::new(
            ReasonCode::NikBirthDateMismatch,
            [("nik_birth", nik_birth), ("declared", b.to_string())],
        ));
    }
    if let Some(s) = w.sex.filter(|s| *s != nik.sex()) {
        reasons.push(Reason::new(
            ReasonCode::NikSexMismatch,
            [
                ("nik_sex", sex_letter(nik.sex()).to_owned()),
                ("declared", sex_letter(s).to_owned()),
            ],
        ));
    }
    Some(nik)
}

fn sex_letter(s: Sex) -> &'static str {
    match s {
        Sex::Male => "L",
        Sex::Female => "P",
    }
}
