//! Explanations: a view of the engine's answer for the rows a person reads.
//!
//! The kernel ([`crate::batch`]) decides every row and records, per row, which codes
//! apply and which field is missing or unreadable. This module turns one row's answer
//! into a [`Decision`]: each reason with its context values (the age computed and the
//! bound, the field, the value as written, the row where a NIK first appeared) and its
//! messages in both languages, and for a covered worker the charges per month and
//! programme with their legal references. It decides nothing: it reads the row's
//! inputs only to say what the engine found.

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::batch::kernel::{
    ABSENT, BORN_AFTER_START, INVALID_BIRTH_DATE, INVALID_COVER_FROM, INVALID_COVER_TO,
    INVALID_DECILE, INVALID_DTSEN, INVALID_INCOME, INVALID_MEMBER, INVALID_SEX, MISSING_BIRTH_DATE,
    MISSING_DECILE, MISSING_DISTRICT, MISSING_DTSEN, MISSING_NIK, MISSING_REGENCY, MISSING_SECTOR,
};
use crate::batch::plan::age_days;
use crate::batch::{
    Amounts, Columns, Dates, Flags, Ints, Kernel, Outcome, Strings, date_from_days,
};
use crate::decision::{Charge, Decision};
use crate::nik::Nik;
use crate::policy::Policy;
use crate::reason::{Reason, ReasonCode, sector_context};
use crate::sector::SectorId;
use crate::worker::{Record, Sex, Worker, age_on};
use crate::{Error, batch};

/// Which of a row's codes a table reader stored as a float that cannot be read.
#[derive(Clone, Copy)]
struct Floats {
    nik: bool,
    sex: bool,
}

/// What the roster knows of a row beyond the row itself.
#[derive(Debug, Clone, Default)]
pub(crate) struct RowFacts {
    /// Problems with the row's shape (`malformed_row`).
    pub(crate) problems: Vec<Reason>,
    /// The row where the row's NIK first appeared, when it is a duplicate.
    pub(crate) first_of: Option<u64>,
}

impl Policy {
    /// Decide whether a worker is covered and what it costs: the worker is a one-row
    /// batch through the engine, explained.
    ///
    /// Every failed rule becomes a [`Reason`]; all are collected, in catalogue order.
    ///
    /// ```
    /// # #[cfg(feature = "toml")] {
    /// use iuran::{Policy, Worker};
    /// use jiff::civil::date;
    /// let policy = Policy::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/policies/pemalang-2025.toml"))?;
    /// let worker = Worker {
    ///     nik: Some("3327015505650001".into()),
    ///     birth_date: Some(date(1965, 5, 15)),
    ///     regency: Some("3327".into()),
    ///     sector: Some("petani padi".into()),
    ///     ..Worker::default()
    /// };
    /// let decision = policy.evaluate(&worker)?;
    /// assert!(decision.eligible);
    /// assert_eq!(decision.monthly_contribution.to_string(), "16800");
    /// assert_eq!(decision.total_cost.to_string(), "33600");
    /// # }
    /// # Ok::<(), iuran::Error>(())
    /// ```
    pub fn evaluate(&self, worker: &Worker) -> Result<Decision, Error> {
        let nik = [Some(worker.nik.as_deref().unwrap_or(""))];
        let days = [worker
            .birth_date
            .map_or(0, |d| batch::days_from_date(d) as i32)];
        let present = [u8::from(worker.birth_date.is_some())];
        let sex = [worker.sex.map(|s| match s {
            Sex::Male => "L",
            Sex::Female => "P",
        })];
        let regency = [worker.regency.as_deref()];
        let district = [worker.district.as_deref()];
        let sector = [worker.sector.as_deref()];
        let income = [worker.declared_income];
        let member = [worker
            .active_member
            .map(|m| if m { "true" } else { "false" })];
        let decile = [worker.welfare_decile.map_or(0, i64::from)];
        let decile_present = [u8::from(worker.welfare_decile.is_some())];
        let dtsen = [worker.dtsen.map(|m| if m { "true" } else { "false" })];
        let cover_from = [worker.cover_from.map(|m| m.to_string())];
        let cover_from = [cover_from[0].as_deref()];
        let cover_to = [worker.cover_to.map(|m| m.to_string())];
        let cover_to = [cover_to[0].as_deref()];
        let columns = Columns {
            len: 1,
            nik: Some(Strings::Slice(&nik)),
            birth_date: Some(Dates::Days {
                days: &days,
                validity: Some(batch::Bitmap {
                    bits: &present,
                    offset: 0,
                }),
            }),
            sex: Some(Strings::Slice(&sex)),
            regency: Some(Strings::Slice(&regency)),
            district: Some(Strings::Slice(&district)),
            sector: Some(Strings::Slice(&sector)),
            declared_income: Some(Amounts::Exact(&income)),
            active_member: Some(Flags::Text(Strings::Slice(&member))),
            welfare_decile: Some(Ints::Int64 {
                values: &decile,
                validity: Some(batch::Bitmap {
                    bits: &decile_present,
                    offset: 0,
                }),
            }),
            dtsen: Some(Flags::Text(Strings::Slice(&dtsen))),
            cover_from: Some(Strings::Slice(&cover_from)),
            cover_to: Some(Strings::Slice(&cover_to)),
        };
        Ok(self.evaluate_one(&columns))
    }

    /// Read a text record (as a roster or a form gives it) and evaluate it: fields that
    /// cannot be read become `invalid_value` reasons.
    pub fn evaluate_record(&self, record: &Record) -> Result<Decision, Error> {
        let cells = crate::worker::Field::ALL.map(|f| [record.get(f)]);
        let columns = Columns::from_text(1, std::array::from_fn(|f| Some(&cells[f][..])));
        Ok(self.evaluate_one(&columns))
    }

    /// One row, decided without allocation (a single worker has no budget to share)
    /// and explained.
    fn evaluate_one(&self, columns: &Columns<'_>) -> Decision {
        let mut out = Outcome::default();
        out.fit(1);
        Kernel::new(self).run(columns, &[], &[], &mut out);
        self.explain(columns, 0, &out, 0, &RowFacts::default())
    }

    /// Row `i` of `columns`, decided as row `k` of `out`, explained: its reasons with
    /// their context and messages, or its charges.
    pub(crate) fn explain(
        &self,
        columns: &Columns<'_>,
        i: usize,
        out: &Outcome,
        k: usize,
        facts: &RowFacts,
    ) -> Decision {
        let sector = out.sector[k];
        let sector_code = sector.map(|id| self.taxonomy.sector(id).code.clone());
        if let Some(position) = out.waiting_position[k] {
            let place = sector.is_some_and(|id| self.waits_for_a_place(id, out.seats_full));
            let reason = Reason::waiting(position, place);
            return Decision::ineligible(vec![reason], sector_code);
        }
        if let (Some(source), Some(sector)) = (out.funding_source[k], sector) {
            let source = usize::from(source);
            let income = batch::income_at(columns, i).decimal();
            let covered = out.covered_months[k];
            let excluded_months = self.excluded_months(columns, i, covered);
            return Decision {
                eligible: true,
                reasons: Vec::new(),
                sector: sector_code,
                funding_source: Some(self.spec.funding[source].id.clone()),
                monthly_contribution: Decimal::from(out.monthly_contribution[k]),
                months: out.months[k],
                total_cost: Decimal::from(out.total_cost[k]),
                breakdown: self.charges(sector, source, income, covered),
                excluded_months,
            };
        }
        let row = columns.slice(i, 1);
        let judged = Kernel::new(self).judge_one(&row);
        let record = row.record(0);
        let mut reasons = facts.problems.clone();
        // Codes a table reader stored as floats that are not whole numbers below 2^53.
        let floats = Floats {
            nik: row.nik.as_ref().is_some_and(|c| c.float_not_whole(0)),
            sex: row.sex.as_ref().is_some_and(|c| c.float_not_whole(0)),
        };
        self.reasons(&record, judged, floats, sector, &mut reasons);
        if let Some(first) = facts.first_of {
            reasons.push(Reason::new(
                ReasonCode::DuplicateNik,
                [("first_row", first.to_string())],
            ));
        }
        reasons.sort_by_key(|r| r.code);
        Decision::ineligible(reasons, sector_code)
    }

    /// The reasons of a row the kernel judged, with their context.
    fn reasons(
        &self,
        record: &Record,
        judged: batch::Judged,
        floats: Floats,
        sector: Option<SectorId>,
        out: &mut Vec<Reason>,
    ) {
        let bits = judged.reasons;
        let has = |code: ReasonCode| bits & (1 << code as u32) != 0;
        let flag = |b: u64| bits & b != 0;
        let text = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .unwrap_or_default()
                .to_owned()
        };
        // Fields that cannot be read, in the order a record is read.
        let unreadable = [
            (INVALID_BIRTH_DATE, "birth_date", &record.birth_date),
            (INVALID_SEX, "sex", &record.sex),
            (INVALID_INCOME, "declared_income", &record.declared_income),
            (INVALID_MEMBER, "active_member", &record.active_member),
            (INVALID_DECILE, "welfare_decile", &record.welfare_decile),
            (INVALID_DTSEN, "dtsen", &record.dtsen),
            (INVALID_COVER_FROM, "cover_from", &record.cover_from),
            (INVALID_COVER_TO, "cover_to", &record.cover_to),
        ];
        for (b, field, value) in unreadable {
            if field == "sex" && floats.sex && flag(b) {
                out.push(Reason::invalid_value_expecting(
                    field,
                    &text(value),
                    "L atau P, sebagai teks (pembaca tabel menyimpannya sebagai angka pecahan)",
                    "L or P, as text (the table reader stored it as a floating-point number)",
                ));
            } else if flag(b) {
                out.push(Reason::invalid_value(field, &text(value)));
            }
        }
        let birth = (judged.birth != ABSENT)
            .then(|| date_from_days(judged.birth))
            .flatten();
        if flag(BORN_AFTER_START)
            && let Some(b) = birth
        {
            out.push(born_after_start(b));
        }
        let missing = [
            (MISSING_NIK, "nik"),
            (MISSING_BIRTH_DATE, "birth_date"),
            (MISSING_SECTOR, "sector"),
            (MISSING_REGENCY, "regency"),
            (MISSING_DISTRICT, "district"),
            (MISSING_DECILE, "welfare_decile"),
            (MISSING_DTSEN, "dtsen"),
        ];
        for (b, field) in missing {
            if flag(b) {
                out.push(Reason::missing(field));
            }
        }
        let nik_text = text(&record.nik);
        if has(ReasonCode::InvalidNik) {
            if floats.nik {
                out.push(Reason::invalid_nik(&crate::nik::NikError::Float));
            } else if let Err(e) = Nik::parse(&nik_text) {
                out.push(Reason::invalid_nik(&e));
            }
        }
        if let Ok(nik) = Nik::parse(&nik_text) {
            if has(ReasonCode::NikBirthDateMismatch)
                && let Some(declared) = birth
            {
                let nik_birth = format!(
                    "{:02}-{:02}-{:02}",
                    nik.birth_day(),
                    nik.birth_month(),
                    nik.birth_year_2digit()
                );
                out.push(Reason::new(
                    ReasonCode::NikBirthDateMismatch,
                    [("nik_birth", nik_birth), ("declared", declared.to_string())],
                ));
            }
            if has(ReasonCode::NikSexMismatch)
                && let Some(s) = record.sex.as_deref().and_then(Sex::parse)
            {
                out.push(Reason::new(
                    ReasonCode::NikSexMismatch,
                    [
                        ("nik_sex", sex_letter(nik.sex()).to_owned()),
                        ("declared", sex_letter(s).to_owned()),
                    ],
                ));
            }
        }
        self.age_reasons(bits, birth, judged.cover, out);
        self.cover_reasons(record, bits, out);
        self.place_reasons(record, bits, sector, out);
    }

    /// The reasons about the worker's own cover.
    fn cover_reasons(&self, record: &Record, bits: u64, out: &mut Vec<Reason>) {
        let has = |code: ReasonCode| bits & (1 << code as u32) != 0;
        let text = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
        };
        let (from, to) = (text(&record.cover_from), text(&record.cover_to));
        if has(ReasonCode::CoverReversed) {
            out.push(Reason::new(
                ReasonCode::CoverReversed,
                [
                    ("cover_from", from.clone().unwrap_or_default()),
                    ("cover_to", to.clone().unwrap_or_default()),
                ],
            ));
        }
        if has(ReasonCode::CoverOutsideCoverage) {
            let (first, last) = (self.months[0], self.months[self.months.len() - 1]);
            let cover = format!(
                "{}–{}",
                from.unwrap_or_else(|| first.to_string()),
                to.unwrap_or_else(|| last.to_string())
            );
            out.push(Reason::new(
                ReasonCode::CoverOutsideCoverage,
                [("cover", cover), ("coverage", self.coverage_text())],
            ));
        }
    }

    /// The policy's covered months as runs: `2026-01–2026-03, 2026-05–2026-12`.
    pub(crate) fn coverage_text(&self) -> String {
        self.coverage_runs()
            .iter()
            .map(|(a, b)| format!("{a}–{b}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The covered months as runs of consecutive months, (first, last) each: one run,
    /// or one per block of `coverage.blocks`.
    pub fn coverage_runs(&self) -> Vec<(crate::YearMonth, crate::YearMonth)> {
        runs(&self.months, self.plan.all).collect()
    }

    /// For an eligible worker covered in fewer of their own months under
    /// `rule = "monthly"`, which months the age rule left out and why: one
    /// explanation per run of months.
    fn excluded_months(&self, columns: &Columns<'_>, i: usize, covered: u64) -> Vec<Reason> {
        let Some(band) = self
            .spec
            .eligibility
            .age
            .filter(|a| a.rule == crate::policy::AgeRule::Monthly)
        else {
            return Vec::new();
        };
        let judged = Kernel::new(self).judge_one(&columns.slice(i, 1));
        let Some(birth) = (judged.birth != ABSENT)
            .then(|| date_from_days(judged.birth))
            .flatten()
        else {
            return Vec::new();
        };
        let left_out = judged.cover & !covered;
        let mut out = Vec::new();
        for (from, to) in runs(&self.months, left_out) {
            let on = from.first_day();
            let age = age_on(birth, on);
            if band.min.is_some_and(|min| age < min as i32) {
                let min = band.min.unwrap_or_default();
                out.push(Reason::new(
                    ReasonCode::MonthsBelowMinimumAge,
                    [
                        ("from", from.to_string()),
                        ("to", to.to_string()),
                        ("age", age.to_string()),
                        ("on", on.to_string()),
                        ("minimum", min.to_string()),
                        ("birthday", birthday(birth, min).to_string()),
                    ],
                ));
            } else if let Some(max) = band.max {
                out.push(Reason::new(
                    ReasonCode::MonthsAboveMaximumAge,
                    [
                        ("from", from.to_string()),
                        ("to", to.to_string()),
                        ("age", (max + 1).to_string()),
                        ("maximum", max.to_string()),
                        ("birthday", birthday(birth, max + 1).to_string()),
                    ],
                ));
            }
        }
        out
    }

    /// The age band's reasons, with the age computed on the day each bound is measured.
    /// With `rule = "monthly"` (`cover`: the worker's own months), the minimum is
    /// shown on the first day of their last month and the maximum on the first day of
    /// their first month.
    fn age_reasons(&self, bits: u64, birth: Option<Date>, cover: u64, out: &mut Vec<Reason>) {
        let has = |code: ReasonCode| bits & (1 << code as u32) != 0;
        if let Some(b) = birth
            && let Some(band) = self.spec.eligibility.age
        {
            let (min_on, max_on) = if band.rule == crate::policy::AgeRule::Monthly && cover != 0 {
                let last = 63 - cover.leading_zeros() as usize;
                let first = cover.trailing_zeros() as usize;
                (
                    self.months[last].first_day(),
                    self.months[first].first_day(),
                )
            } else {
                age_days(self)
            };
            if has(ReasonCode::AgeBelowMinimum)
                && let Some(min) = band.min
            {
                out.push(Reason::new(
                    ReasonCode::AgeBelowMinimum,
                    [
                        ("age", age_on(b, min_on).to_string()),
                        ("minimum", min.to_string()),
                        ("on", min_on.to_string()),
                    ],
                ));
            }
            if has(ReasonCode::AgeAboveMaximum)
                && let Some(max) = band.max
            {
                out.push(Reason::new(
                    ReasonCode::AgeAboveMaximum,
                    [
                        ("age", age_on(b, max_on).to_string()),
                        ("maximum", max.to_string()),
                        ("on", max_on.to_string()),
                    ],
                ));
            }
        }
    }

    /// The reasons about the row's sector, domicile, membership and welfare.
    fn place_reasons(
        &self,
        record: &Record,
        bits: u64,
        sector: Option<SectorId>,
        out: &mut Vec<Reason>,
    ) {
        let has = |code: ReasonCode| bits & (1 << code as u32) != 0;
        let text = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .unwrap_or_default()
                .to_owned()
        };
        if has(ReasonCode::UnknownSector) {
            out.push(Reason::new(
                ReasonCode::UnknownSector,
                [("sector", text(&record.sector).chars().take(60).collect())],
            ));
        }
        if has(ReasonCode::SectorNotCovered)
            && let Some(id) = sector
        {
            out.push(Reason::new(
                ReasonCode::SectorNotCovered,
                sector_context(self.taxonomy.sector(id)),
            ));
        }
        if has(ReasonCode::OutsideRegion) {
            out.push(Reason::outside_region(
                &text(&record.regency),
                &self.regency,
            ));
        }
        if has(ReasonCode::DistrictExcluded) {
            out.push(Reason::new(
                ReasonCode::DistrictExcluded,
                [(
                    "district",
                    text(&record.district).chars().take(40).collect(),
                )],
            ));
        }
        if has(ReasonCode::AlreadyMember) {
            out.push(Reason::new(ReasonCode::AlreadyMember, []));
        }
        if has(ReasonCode::DecileAboveMaximum)
            && let Some(max) = self.spec.eligibility.max_welfare_decile
        {
            out.push(Reason::new(
                ReasonCode::DecileAboveMaximum,
                [
                    ("decile", text(&record.welfare_decile)),
                    ("maximum", max.to_string()),
                ],
            ));
        }
        if has(ReasonCode::NotInDtsen) {
            out.push(Reason::new(ReasonCode::NotInDtsen, []));
        }
        if has(ReasonCode::NoFundingSource)
            && let Some(id) = sector
        {
            out.push(Reason::new(
                ReasonCode::NoFundingSource,
                sector_context(self.taxonomy.sector(id)),
            ));
        }
    }

    /// The first funding source (in the policy's order) allowed to pay for a sector.
    pub(crate) fn source_for(&self, sector: SectorId) -> Option<usize> {
        self.sources.iter().position(|s| s.sectors.contains(sector))
    }

    /// Every charge for a covered worker of a sector paid by a source.
    pub(crate) fn charges(
        &self,
        sector: SectorId,
        source: usize,
        declared: Option<Decimal>,
        covered: u64,
    ) -> Vec<Charge> {
        let basis = self.income_basis(declared);
        self.cost_plan(sector, source)
            .items
            .into_iter()
            .filter(|item| covered & (1 << item.month_index) != 0)
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

/// The runs of consecutive months of a set over `months`, as (first, last).
pub(crate) fn runs(
    months: &[crate::YearMonth],
    set: u64,
) -> impl Iterator<Item = (crate::YearMonth, crate::YearMonth)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < months.len() && set & (1 << i) == 0 {
            i += 1;
        }
        if i >= months.len() {
            return None;
        }
        let first = months[i];
        let mut last = first;
        i += 1;
        while i < months.len() && set & (1 << i) != 0 && months[i] == last.plus(1) {
            last = months[i];
            i += 1;
        }
        Some((first, last))
    })
}

/// The day someone born on `birth` turns `age`, as [`age_on`] counts (1 March for a
/// 29 February birth in a common year).
fn birthday(birth: Date, age: u32) -> Date {
    let year = birth.year() + age as i16;
    Date::new(year, birth.month(), birth.day())
        .unwrap_or_else(|_| Date::new(year, 3, 1).expect("1 March exists"))
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

fn sex_letter(s: Sex) -> &'static str {
    match s {
        Sex::Male => "L",
        Sex::Female => "P",
    }
}
