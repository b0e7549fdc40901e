//! The dated rate table: contribution rates, discounts and the income basis, each row
//! with the months it is in force and its legal reference.
//!
//! Rates are data, not code. The built-in table ([`RateTable::builtin`]) is embedded
//! from `data/rates.toml` and carries the current BPU rules (JKK 1%, JKM Rp 6,800,
//! JHT 2%, the PP 50/2025 discount); a user file of the same schema replaces or adds
//! rows by `id` ([`RateTable::merged`]).

#[cfg(feature = "toml")]
use std::fmt::Write as _;
use std::sync::OnceLock;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::limits;
use crate::money::exact;
use crate::{Error, YearMonth};

/// A BPJS Ketenagakerjaan programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Programme {
    /// Jaminan Kecelakaan Kerja — work-accident insurance.
    #[serde(rename = "JKK")]
    Jkk,
    /// Jaminan Kematian — death insurance.
    #[serde(rename = "JKM")]
    Jkm,
    /// Jaminan Hari Tua — old-age savings (optional for BPU).
    #[serde(rename = "JHT")]
    Jht,
}

impl Programme {
    /// `JKK`, `JKM` or `JHT`.
    pub fn as_str(self) -> &'static str {
        match self {
            Programme::Jkk => "JKK",
            Programme::Jkm => "JKM",
            Programme::Jht => "JHT",
        }
    }
}

impl std::fmt::Display for Programme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The membership segment a rate applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Segment {
    /// Bukan Penerima Upah: informal, self-employed and vulnerable workers.
    #[serde(rename = "BPU")]
    Bpu,
}

/// How sure we are of a figure (see `shared/domain/RULES.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// Quoted from the regulation text.
    Regulation,
    /// An official quoted by two or more outlets, or a government portal.
    Official,
    /// Several news outlets.
    News,
    /// One secondary source.
    Single,
    /// Not confirmed.
    Unverified,
}

/// The declared-income basis that percentage rates apply to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncomeRule {
    /// The lowest declared income (Rp 1,000,000).
    #[serde(with = "exact")]
    pub minimum: Decimal,
    /// Income brackets, lowest first; empty when the bracket table is not known.
    #[serde(default, rename = "bracket", skip_serializing_if = "Vec::is_empty")]
    pub brackets: Vec<Bracket>,
    /// Legal reference.
    pub reference: String,
    /// Confidence.
    pub status: Evidence,
    /// Free-text caveat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One declared-income bracket: a declared income of at least `from` (and below the
/// next bracket's `from`) is assessed at `basis`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bracket {
    /// Lowest declared income in the bracket, inclusive.
    #[serde(with = "exact")]
    pub from: Decimal,
    /// The bracket value percentages apply to.
    #[serde(with = "exact")]
    pub basis: Decimal,
}

impl IncomeRule {
    /// The basis for a declared monthly income: its bracket value when brackets are
    /// given, otherwise the income itself; never below [`minimum`](Self::minimum).
    /// No declared income means the minimum.
    pub fn basis(&self, declared: Option<Decimal>) -> Decimal {
        let Some(income) = declared else {
            return self.minimum;
        };
        let value = if self.brackets.is_empty() {
            income
        } else {
            self.brackets
                .iter()
                .rev()
                .find(|b| income >= b.from)
                .map_or(self.minimum, |b| b.basis)
        };
        value.max(self.minimum)
    }

    /// The minimum in whole rupiah when the rule has no brackets and a whole minimum;
    /// `None` otherwise (ask [`IncomeRule::basis`]). Asked once per policy: with it,
    /// [`IncomeRule::whole_basis_from`] is the engine's fast path for declared incomes.
    pub(crate) fn whole_minimum(&self) -> Option<i64> {
        if !self.brackets.is_empty() || !self.minimum.fract().is_zero() {
            return None;
        }
        rust_decimal::prelude::ToPrimitive::to_i64(&self.minimum)
    }

    /// [`IncomeRule::basis`] in whole rupiah, without `Decimal`, for a whole income (or
    /// none), from the rule's [`IncomeRule::whole_minimum`].
    pub(crate) fn whole_basis_from(minimum: i64, declared: Option<i64>) -> i64 {
        declared.map_or(minimum, |d| d.max(minimum))
    }
}

/// When contributions must be paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentRule {
    /// Day of the contribution month by which it is due (1–28).
    pub due_day: u8,
    /// Unpaid months after which membership becomes non-active.
    pub lapse_after_unpaid_months: u8,
    /// Legal reference.
    pub reference: String,
    /// The reference in Indonesian, when `reference` is a description rather than a
    /// citation that reads the same in both languages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_id: Option<String>,
    /// Confidence.
    pub status: Evidence,
}

/// How DBHCHT (tobacco-excise revenue share) may be spent: the share of a regency's
/// allocation for community welfare, where contribution subsidies come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DbhchtRule {
    /// The welfare share, percent of the allocation (0–100).
    #[serde(with = "exact")]
    pub welfare_percent: Decimal,
    /// Legal reference.
    pub reference: String,
    /// The reference in Indonesian, when it reads differently.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_id: Option<String>,
    /// Confidence.
    pub status: Evidence,
}

/// One contribution rate, in force for a range of months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rate {
    /// Stable identifier, e.g. `bpu-jkk`.
    pub id: String,
    /// Programme.
    pub programme: Programme,
    /// Segment.
    pub segment: Segment,
    /// A percentage of the income basis (`"1"` = 1%); exclusive with `amount`.
    #[serde(
        default,
        with = "exact::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub percent: Option<Decimal>,
    /// A flat monthly amount in rupiah; exclusive with `percent`.
    #[serde(
        default,
        with = "exact::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub amount: Option<Decimal>,
    /// First contribution month in force.
    pub from: YearMonth,
    /// Last contribution month in force (inclusive); open-ended when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<YearMonth>,
    /// Legal reference.
    pub reference: String,
    /// Confidence.
    pub status: Evidence,
    /// Free-text caveat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Rate {
    /// The exact (unrounded) monthly amount for an income basis.
    pub fn exact_amount(&self, income_basis: Decimal) -> Decimal {
        match (self.percent, self.amount) {
            (Some(p), _) => income_basis * p / Decimal::ONE_HUNDRED,
            (None, Some(a)) => a,
            (None, None) => Decimal::ZERO,
        }
    }

    /// Whether the rate is in force in `month`.
    pub fn covers(&self, month: YearMonth) -> bool {
        in_force(self.from, self.to, month)
    }

    /// `1%` or `Rp 6800`, for breakdowns.
    pub fn describe(&self) -> String {
        match (self.percent, self.amount) {
            (Some(p), _) => format!("{p}%"),
            (None, Some(a)) => format!("Rp {a}"),
            (None, None) => String::new(),
        }
    }
}

/// A multiplier on the contribution of some programmes in some months — a discount
/// such as PP 50/2025's 50%.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Adjustment {
    /// Stable identifier, e.g. `pp50-2025-transport`.
    pub id: String,
    /// Programmes whose amount is multiplied.
    pub programmes: Vec<Programme>,
    /// Segment.
    pub segment: Segment,
    /// The multiplier (`"0.5"` halves the contribution).
    #[serde(with = "exact")]
    pub factor: Decimal,
    /// First contribution month.
    pub from: YearMonth,
    /// Last contribution month (inclusive); open-ended when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<YearMonth>,
    /// Only workers whose sector is in one of these groups (empty: everyone).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// Not workers whose sector is in one of these groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub except_groups: Vec<String>,
    /// Not applied when the payer counts as APBN/APBD.
    pub not_for_public_payers: bool,
    /// Legal reference.
    pub reference: String,
    /// Confidence.
    pub status: Evidence,
    /// Free-text caveat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Adjustment {
    /// Whether the adjustment is in force in `month`.
    pub fn covers(&self, month: YearMonth) -> bool {
        in_force(self.from, self.to, month)
    }
}

fn in_force(from: YearMonth, to: Option<YearMonth>, month: YearMonth) -> bool {
    month >= from && to.is_none_or(|to| month <= to)
}

/// The whole table: income basis, rates and adjustments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateTable {
    /// Version label of the table (a date).
    pub version: String,
    /// Income basis.
    pub income: IncomeRule,
    /// Payment deadline.
    pub payment: PaymentRule,
    /// How DBHCHT may be spent, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dbhcht: Option<DbhchtRule>,
    /// Rates.
    #[serde(rename = "rate")]
    pub rates: Vec<Rate>,
    /// Adjustments.
    #[serde(default, rename = "adjustment")]
    pub adjustments: Vec<Adjustment>,
}

/// A partial table for [`RateTable::merged`]: every part optional.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RatePatch {
    version: Option<String>,
    income: Option<IncomeRule>,
    payment: Option<PaymentRule>,
    dbhcht: Option<DbhchtRule>,
    #[serde(default, rename = "rate")]
    rates: Vec<Rate>,
    #[serde(default, rename = "adjustment")]
    adjustments: Vec<Adjustment>,
}

const TABLE: &str = "rate table";

fn data_error(field: impl Into<String>, message: impl Into<String>) -> Error {
    Error::Data {
        table: TABLE,
        field: field.into(),
        message: message.into(),
    }
}

#[cfg(feature = "toml")]
pub(crate) fn parse_toml<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Error> {
    let de = toml::Deserializer::parse(text)
        .map_err(|e| data_error("(syntax)", toml_syntax_message(&e, text)))?;
    serde_path_to_error::deserialize(de)
        .map_err(|e| data_error(e.path().to_string(), toml_message(e.inner())))
}

/// A TOML syntax error with its place: the message, the key for a duplicate key, and
/// the line and column (`duplicate key `id` at line 3, column 1`). Nothing else of the
/// text is echoed.
#[cfg(feature = "toml")]
pub(crate) fn toml_syntax_message(e: &toml::de::Error, text: &str) -> String {
    let mut m = toml_message(e);
    if let Some(span) = e.span() {
        let start = span.start.min(text.len());
        if m.starts_with("duplicate key")
            && let Some(key) = text.get(start..span.end.min(text.len()))
            && !key.trim().is_empty()
        {
            m = format!("duplicate key `{}`", crate::nik::echo(key.trim()));
        }
        let (line, column) = line_column(text, start);
        let _ = write!(m, " at line {line}, column {column}");
    }
    m
}

/// 1-based line and column (in characters) of a byte offset.
#[cfg(feature = "toml")]
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let column = before
        .rfind('\n')
        .map_or(before, |i| &before[i + 1..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// A TOML error's message on one line, lower-cased first letter.
#[cfg(feature = "toml")]
pub(crate) fn toml_message(e: &toml::de::Error) -> String {
    let mut m = e.message().trim().replace('\n', " ");
    if let Some(first) = m.get(0..1) {
        m.replace_range(0..1, &first.to_lowercase());
    }
    m
}

impl RateTable {
    /// The built-in table (`data/rates.toml`, embedded as its JSON twin
    /// `data/rates.json` so that no TOML parser is needed), parsed and validated once.
    pub fn builtin() -> &'static RateTable {
        static BUILTIN: OnceLock<RateTable> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let table: RateTable = serde_json::from_str(include_str!("../data/rates.json"))
                .expect("the built-in rate table is valid (tested)");
            table
                .validate()
                .expect("the built-in rate table is valid (tested)");
            table
        })
    }

    /// A whole table from TOML, validated.
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<RateTable, Error> {
        let table: RateTable = parse_toml(text)?;
        table.validate()?;
        Ok(table)
    }

    /// This table with rows from a TOML patch: a `rate` or `adjustment` whose `id`
    /// exists replaces it, a new `id` is added, and an `[income]` section replaces the
    /// income rule.
    #[cfg(feature = "toml")]
    pub fn merged(&self, patch_toml: &str) -> Result<RateTable, Error> {
        self.patched(parse_toml(patch_toml)?)
    }

    /// [`RateTable::merged`] with a patch already read (a scenario's JSON rows).
    pub(crate) fn patched(&self, patch: RatePatch) -> Result<RateTable, Error> {
        let mut table = self.clone();
        if let Some(v) = patch.version {
            table.version = v;
        }
        if let Some(i) = patch.income {
            table.income = i;
        }
        if let Some(p) = patch.payment {
            table.payment = p;
        }
        if let Some(d) = patch.dbhcht {
            table.dbhcht = Some(d);
        }
        for r in patch.rates {
            match table.rates.iter_mut().find(|x| x.id == r.id) {
                Some(slot) => *slot = r,
                None => table.rates.push(r),
            }
        }
        for a in patch.adjustments {
            match table.adjustments.iter_mut().find(|x| x.id == a.id) {
                Some(slot) => *slot = a,
                None => table.adjustments.push(a),
            }
        }
        table.validate()?;
        Ok(table)
    }

    /// The rate row in force for a programme in a month, or an error naming the hole.
    pub fn rate(
        &self,
        programme: Programme,
        segment: Segment,
        month: YearMonth,
    ) -> Result<&Rate, Error> {
        self.rates
            .iter()
            .find(|r| r.programme == programme && r.segment == segment && r.covers(month))
            .ok_or_else(|| data_error("rate", format!("no {programme} rate in force for {month}")))
    }

    /// The adjustments in force for a programme in a month.
    pub fn adjustments(
        &self,
        programme: Programme,
        segment: Segment,
        month: YearMonth,
    ) -> impl Iterator<Item = &Adjustment> {
        self.adjustments.iter().filter(move |a| {
            a.segment == segment && a.programmes.contains(&programme) && a.covers(month)
        })
    }

    /// The DBHCHT welfare share is a percent.
    fn validate_dbhcht(&self) -> Result<(), Error> {
        match &self.dbhcht {
            Some(d) if !(Decimal::ZERO..=Decimal::ONE_HUNDRED).contains(&d.welfare_percent) => Err(
                data_error("dbhcht.welfare_percent", "must be a percent from 0 to 100"),
            ),
            _ => Ok(()),
        }
    }

    pub(crate) fn validate(&self) -> Result<(), Error> {
        if !(1..=28).contains(&self.payment.due_day) {
            return Err(data_error("payment.due_day", "must be a day from 1 to 28"));
        }
        self.validate_dbhcht()?;
        if self.income.minimum < Decimal::ZERO || !crate::money::is_whole(self.income.minimum) {
            return Err(data_error(
                "income.minimum",
                "must be a whole, non-negative number of rupiah",
            ));
        }
        limits::check_range(self.income.minimum, limits::MAX_DECLARED_INCOME, "rupiah")
            .map_err(|m| data_error("income.minimum", m))?;
        for (i, b) in self.income.brackets.iter().enumerate() {
            for (value, name) in [(b.from, "from"), (b.basis, "basis")] {
                limits::check_range(value, limits::MAX_DECLARED_INCOME, "rupiah")
                    .map_err(|m| data_error(format!("income.bracket[{i}].{name}"), m))?;
            }
            if i > 0 && b.from <= self.income.brackets[i - 1].from {
                return Err(data_error(
                    format!("income.bracket[{i}].from"),
                    "brackets must be in increasing order of `from`",
                ));
            }
        }
        let mut ids = std::collections::HashSet::new();
        for (i, r) in self.rates.iter().enumerate() {
            let at = |f: &str| format!("rate[{i}].{f}");
            if !ids.insert(r.id.as_str()) {
                return Err(data_error(at("id"), format!("duplicate id `{}`", r.id)));
            }
            match (r.percent, r.amount) {
                (Some(p), None) => {
                    limits::check_range(p, limits::MAX_RATE_PERCENT, "percent")
                        .map_err(|m| data_error(at("percent"), m))?;
                }
                (None, Some(a)) => {
                    limits::check_range(a, limits::MAX_RATE_AMOUNT, "rupiah")
                        .map_err(|m| data_error(at("amount"), m))?;
                }
                (Some(_), Some(_)) => {
                    return Err(data_error(
                        at("percent"),
                        "give either `percent` or `amount`, not both",
                    ));
                }
                (None, None) => {
                    return Err(data_error(
                        at("percent"),
                        "give either `percent` or `amount`",
                    ));
                }
            }
            if r.to.is_some_and(|to| to < r.from) {
                return Err(data_error(at("to"), "ends before it starts"));
            }
            for (j, other) in self.rates.iter().enumerate().take(i) {
                let overlap = other.programme == r.programme
                    && other.segment == r.segment
                    && r.to.is_none_or(|to| to >= other.from)
                    && other.to.is_none_or(|to| to >= r.from);
                if overlap {
                    return Err(data_error(
                        at("from"),
                        format!(
                            "overlaps rate[{j}] (`{}`) for {}: one rate per programme per month",
                            other.id, r.programme
                        ),
                    ));
                }
            }
        }
        let mut ids = std::collections::HashSet::new();
        for (i, a) in self.adjustments.iter().enumerate() {
            let at = |f: &str| format!("adjustment[{i}].{f}");
            if !ids.insert(a.id.as_str()) {
                return Err(data_error(at("id"), format!("duplicate id `{}`", a.id)));
            }
            limits::check_range(
                a.factor,
                limits::MAX_FACTOR,
                "(an adjustment is a discount)",
            )
            .map_err(|m| data_error(at("factor"), m))?;
            if a.to.is_some_and(|to| to < a.from) {
                return Err(data_error(at("to"), "ends before it starts"));
            }
            if a.programmes.is_empty() {
                return Err(data_error(
                    at("programmes"),
                    "must name at least one programme",
                ));
            }
            if !a.groups.is_empty() && !a.except_groups.is_empty() {
                return Err(data_error(
                    at("groups"),
                    "give `groups` or `except_groups`, not both",
                ));
            }
        }
        Ok(())
    }
}

#[cfg(all(test, feature = "toml"))] // its cases are written in TOML
mod tests {
    use super::*;

    #[test]
    fn the_dbhcht_welfare_share_is_a_flagged_percent() {
        let d = RateTable::builtin().dbhcht.as_ref().unwrap();
        assert_eq!(
            (d.welfare_percent, d.status),
            (Decimal::from(50), Evidence::Unverified)
        );
        let e = RateTable::builtin()
            .merged("[dbhcht]\nwelfare_percent = \"150\"\nreference = \"x\"\nstatus = \"news\"\n")
            .unwrap_err();
        assert!(e.to_string().contains("dbhcht.welfare_percent"), "{e}");
    }

    #[test]
    fn whole_bases_agree_with_the_rule() {
        let rule = &RateTable::builtin().income;
        for income in [
            None,
            Some(0),
            Some(999_999),
            Some(1_000_000),
            Some(2_500_000),
        ] {
            let minimum = rule
                .whole_minimum()
                .expect("the built-in rule has no brackets");
            let whole = IncomeRule::whole_basis_from(minimum, income);
            assert_eq!(Decimal::from(whole), rule.basis(income.map(Decimal::from)));
        }
        let bracketed = IncomeRule {
            brackets: vec![Bracket {
                from: Decimal::ZERO,
                basis: Decimal::from(1_000_000),
            }],
            ..rule.clone()
        };
        assert_eq!(bracketed.whole_minimum(), None);
    }

    fn ym(s: &str) -> YearMonth {
        s.parse().unwrap()
    }
    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn builtin_reproduces_the_standard_package() {
        let t = RateTable::builtin();
        let basis = t.income.basis(None);
        assert_eq!(basis, d("1000000"));
        let m = ym("2025-09");
        let jkk = t.rate(Programme::Jkk, Segment::Bpu, m).unwrap();
        let jkm = t.rate(Programme::Jkm, Segment::Bpu, m).unwrap();
        let jht = t.rate(Programme::Jht, Segment::Bpu, m).unwrap();
        assert_eq!(jkk.exact_amount(basis), d("10000"));
        assert_eq!(jkm.exact_amount(basis), d("6800"));
        assert_eq!(jht.exact_amount(basis), d("20000"));
        assert!(jkk.reference.contains("PP 44/2015"));
        assert_eq!(t.adjustments(Programme::Jkk, Segment::Bpu, m).count(), 0);
    }

    #[test]
    fn pp50_periods_are_in_the_data() {
        let t = RateTable::builtin();
        let ids = |m: &str| -> Vec<&str> {
            t.adjustments(Programme::Jkm, Segment::Bpu, ym(m))
                .map(|a| a.id.as_str())
                .collect()
        };
        assert_eq!(ids("2025-12"), Vec::<&str>::new());
        assert_eq!(ids("2026-01"), vec!["pp50-2025-transport"]);
        assert_eq!(
            ids("2026-04"),
            vec!["pp50-2025-transport", "pp50-2025-other"]
        );
        assert_eq!(
            ids("2026-12"),
            vec!["pp50-2025-transport", "pp50-2025-other"]
        );
        assert_eq!(ids("2027-03"), vec!["pp50-2025-transport"]);
        assert_eq!(ids("2027-04"), Vec::<&str>::new());
        assert_eq!(
            t.adjustments(Programme::Jht, Segment::Bpu, ym("2026-05"))
                .count(),
            0
        );
        assert!(t.adjustments.iter().all(|a| !a.reference.is_empty()));
        let relief = t
            .adjustments
            .iter()
            .find(|a| a.id == "pp49-2020-relief")
            .unwrap();
        assert_eq!(relief.status, Evidence::Unverified);
        assert_eq!(d("6800") * relief.factor, d("68"));
    }

    #[test]
    fn income_basis_never_below_the_minimum() {
        let t = RateTable::builtin();
        assert_eq!(t.income.basis(Some(d("750000"))), d("1000000"));
        assert_eq!(t.income.basis(Some(d("2500000"))), d("2500000"));
        let mut with_brackets = t.income.clone();
        with_brackets.brackets = vec![
            Bracket {
                from: d("0"),
                basis: d("1000000"),
            },
            Bracket {
                from: d("1000001"),
                basis: d("1300000"),
            },
        ];
        assert_eq!(with_brackets.basis(Some(d("1200000"))), d("1300000"));
        assert_eq!(with_brackets.basis(Some(d("900000"))), d("1000000"));
    }

    #[test]
    fn merge_replaces_and_adds_by_id() {
        let patched = RateTable::builtin()
            .merged(
                r#"
                [[rate]]
                id = "bpu-jkm"
                programme = "JKM"
                segment = "BPU"
                amount = "7500"
                from = "2015-07"
                reference = "hypothetical"
                status = "unverified"
                "#,
            )
            .unwrap();
        let jkm = patched
            .rate(Programme::Jkm, Segment::Bpu, ym("2026-01"))
            .unwrap();
        assert_eq!(jkm.amount, Some(d("7500")));
        assert_eq!(patched.rates.len(), RateTable::builtin().rates.len());
    }

    #[test]
    fn errors_name_the_field() {
        let overlap = RateTable::builtin().merged(
            r#"
            [[rate]]
            id = "bpu-jkm-2027"
            programme = "JKM"
            segment = "BPU"
            amount = "7500"
            from = "2027-01"
            reference = "x"
            status = "unverified"
            "#,
        );
        let e = overlap.unwrap_err();
        assert_eq!(e.field(), Some("rate[3].from"));
        assert!(
            e.to_string().contains("overlaps rate[1] (`bpu-jkm`)"),
            "{e}"
        );

        let float = RateTable::builtin().merged("[[adjustment]]\nid='x'\nprogrammes=['JKK']\nsegment='BPU'\nfactor=0.5\nfrom='2026-01'\nnot_for_public_payers=true\nreference='x'\nstatus='news'\n");
        let e = float.unwrap_err();
        assert_eq!(e.field(), Some("adjustment[0].factor"));
        assert!(e.to_string().contains("not exact"), "{e}");

        let unknown = RateTable::builtin().merged("[[rate]]\nid='x'\nprogramme='JKK'\nsegment='BPU'\npercent='1'\nfrom='2030-01'\nreference='x'\nstatus='news'\ncolour='red'\n");
        assert!(
            unknown
                .unwrap_err()
                .to_string()
                .contains("unknown field `colour`")
        );

        let hole = RateTable::from_toml(
            "version='x'\n[income]\nminimum='1000000'\nreference='x'\nstatus='news'\n[payment]\ndue_day=15\nlapse_after_unpaid_months=3\nreference='x'\nstatus='news'\n[[rate]]\nid='a'\nprogramme='JKK'\nsegment='BPU'\npercent='1'\nfrom='2026-01'\nreference='x'\nstatus='news'\n",
        )
        .unwrap();
        let e = hole
            .rate(Programme::Jkk, Segment::Bpu, ym("2025-12"))
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "rate table field `rate`: no JKK rate in force for 2025-12"
        );
    }

    #[test]
    fn round_trips_through_serde() {
        let t = RateTable::builtin();
        let text = toml::to_string(t).unwrap();
        assert_eq!(&RateTable::from_toml(&text).unwrap(), t);
        let json = serde_json::to_string(t).unwrap();
        assert!(json.contains(r#""amount":"6800""#), "{json}");
    }
}
