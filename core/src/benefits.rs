//! What a covered worker's family would receive: the outreach illustration.
//!
//! Benefit amounts are data (`data/benefits.toml`, each with its reference), like the
//! rates. The illustration answers one question: if the worker died in month `m` of
//! the programme's coverage, from a work accident or not, with these children in
//! school, what would the family receive? It honours the JKM waiting period (a
//! non-work death in the first three months of membership pays only the funeral
//! benefit) and the scholarship's minimum membership under JKM.

use std::sync::OnceLock;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::exact;
use crate::rates::{Evidence, Programme};
use crate::{Error, Policy};

/// The built-in benefit table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenefitTable {
    /// Version label.
    pub version: String,
    /// Death benefit (not a work accident).
    pub jkm: JkmBenefit,
    /// Work-accident death benefit.
    pub jkk: JkkBenefit,
    /// Scholarship.
    pub scholarship: Scholarship,
}

/// JKM death benefit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JkmBenefit {
    /// Santunan sekaligus.
    #[serde(with = "exact")]
    pub lump_sum: Decimal,
    /// Santunan berkala (paid at once).
    #[serde(with = "exact")]
    pub periodic: Decimal,
    /// Biaya pemakaman.
    #[serde(with = "exact")]
    pub funeral: Decimal,
    /// Legal reference.
    pub reference: String,
    /// Confidence.
    pub status: Evidence,
    /// The waiting period.
    pub waiting: Waiting,
}

/// The JKM waiting period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Waiting {
    /// Months of membership during which only the funeral benefit is paid.
    pub months: u32,
    /// Legal reference.
    pub reference: String,
    /// Confidence.
    pub status: Evidence,
    /// Caveat.
    pub note: String,
}

/// JKK death benefit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JkkBenefit {
    /// The lump sum is this many months of declared income…
    pub income_multiple: u32,
    /// …and not below this.
    #[serde(with = "exact")]
    pub minimum_lump_sum: Decimal,
    /// Periodic benefit (paid at once).
    #[serde(with = "exact")]
    pub periodic: Decimal,
    /// Funeral benefit.
    #[serde(with = "exact")]
    pub funeral: Decimal,
    /// Legal reference.
    pub reference: String,
    /// Confidence.
    pub status: Evidence,
    /// Caveat.
    pub note: String,
}

/// Scholarship rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scholarship {
    /// Children who may receive it.
    pub max_children: usize,
    /// Cap over all years and children.
    #[serde(with = "exact")]
    pub max_total: Decimal,
    /// Months of membership required when the death is not a work accident.
    pub jkm_min_membership_months: u32,
    /// Legal reference.
    pub reference: String,
    /// Confidence.
    pub status: Evidence,
    /// Caveat.
    pub note: String,
    /// Amounts per school level.
    #[serde(rename = "level")]
    pub levels: Vec<SchoolLevel>,
}

/// One school level's scholarship.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchoolLevel {
    /// `tk`, `sd`, `smp`, `sma`, `university`.
    pub level: String,
    /// Indonesian name.
    pub name_id: String,
    /// English name.
    pub name_en: String,
    /// Amount per year.
    #[serde(with = "exact")]
    pub per_year: Decimal,
    /// Years paid at this level.
    pub max_years: u32,
}

impl BenefitTable {
    /// The built-in table.
    pub fn builtin() -> &'static BenefitTable {
        static TABLE: OnceLock<BenefitTable> = OnceLock::new();
        TABLE.get_or_init(|| {
            // `data/benefits.toml` as its JSON twin: no TOML parser needed.
            serde_json::from_str(include_str!("../data/benefits.json"))
                .expect("the built-in benefit table is valid (tested)")
        })
    }
}

/// The event to illustrate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenefitQuery {
    /// Whether the death is a work accident (JKK) or not (JKM).
    pub work_accident: bool,
    /// The month of coverage it happens in, 1 = the first covered month.
    pub month: u32,
    /// School levels of the children (`tk`, `sd`, `smp`, `sma`, `university`), eldest
    /// first; only the first two count.
    #[serde(default)]
    pub children: Vec<String>,
}

/// One amount the family would receive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BenefitItem {
    /// Stable code (`jkm_lump_sum`, `funeral`, `scholarship_year`, …).
    pub code: String,
    /// Indonesian label.
    pub name_id: String,
    /// English label.
    pub name_en: String,
    /// Amount.
    #[serde(with = "exact")]
    pub amount: Decimal,
    /// Legal reference.
    pub reference: String,
}

/// What the family would receive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Illustration {
    /// Whether the month is covered at all.
    pub covered: bool,
    /// The amounts.
    pub items: Vec<BenefitItem>,
    /// Their sum (the scholarship counted for the first year only).
    #[serde(with = "exact")]
    pub total: Decimal,
    /// Why an amount is absent or limited, in Indonesian and English.
    pub notes: Vec<(String, String)>,
}

fn item(code: &str, id: &str, en: &str, amount: Decimal, reference: &str) -> BenefitItem {
    BenefitItem {
        code: code.into(),
        name_id: id.into(),
        name_en: en.into(),
        amount,
        reference: reference.into(),
    }
}

impl Policy {
    /// What the family of a worker covered by this policy would receive for a death
    /// in a given month of coverage.
    ///
    /// ```
    /// # #[cfg(feature = "toml")] {
    /// use iuran::benefits::BenefitQuery;
    /// // Pemalang covers two months: a death in the second month is within the JKM
    /// // waiting period, so only the funeral benefit is paid.
    /// let p = iuran::Policy::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/policies/pemalang-2025.toml"))?;
    /// let i = p.benefits(&BenefitQuery { work_accident: false, month: 2, children: vec![] })?;
    /// assert_eq!(i.total.to_string(), "10000000");
    /// # }
    /// # Ok::<(), iuran::Error>(())
    /// ```
    pub fn benefits(&self, q: &BenefitQuery) -> Result<Illustration, Error> {
        let t = BenefitTable::builtin();
        let mut out = Illustration {
            covered: false,
            items: Vec::new(),
            total: Decimal::ZERO,
            notes: Vec::new(),
        };
        let months = self.months.len() as u32;
        if q.month == 0 || q.month > months {
            out.notes.push((
                format!(
                    "bulan ke-{} di luar masa cakupan ({months} bulan): program tidak membayar manfaat",
                    q.month
                ),
                format!(
                    "month {} is outside the {months} covered months: the programme pays no benefit",
                    q.month
                ),
            ));
            return Ok(out);
        }
        let programme = if q.work_accident {
            Programme::Jkk
        } else {
            Programme::Jkm
        };
        if !self.spec.coverage.programmes.contains(&programme) {
            out.notes.push((
                format!("program tidak membeli {programme}"),
                format!("the programme does not buy {programme}"),
            ));
            return Ok(out);
        }
        out.covered = true;
        let scholarship = self.death_benefits(q, t, &mut out);
        if scholarship {
            scholarship_items(q, t, &mut out)?;
        }
        out.total = out.items.iter().map(|i| i.amount).sum();
        Ok(out)
    }
}

impl Policy {
    /// The death benefit items; returns whether a scholarship may follow.
    fn death_benefits(&self, q: &BenefitQuery, t: &BenefitTable, out: &mut Illustration) -> bool {
        if q.work_accident {
            let lump = (Decimal::from(t.jkk.income_multiple) * self.income_basis(None))
                .max(t.jkk.minimum_lump_sum);
            let r = &t.jkk.reference;
            out.items.push(item(
                "jkk_lump_sum",
                "Santunan kematian akibat kecelakaan kerja",
                "Work-accident death lump sum",
                lump,
                r,
            ));
            out.items.push(item(
                "periodic",
                "Santunan berkala (dibayar sekaligus)",
                "Periodic benefit (paid at once)",
                t.jkk.periodic,
                r,
            ));
            out.items.push(item(
                "funeral",
                "Biaya pemakaman",
                "Funeral benefit",
                t.jkk.funeral,
                r,
            ));
            return true;
        }
        let w = &t.jkm.waiting;
        if q.month <= w.months {
            out.items.push(item(
                "funeral",
                "Biaya pemakaman",
                "Funeral benefit",
                t.jkm.funeral,
                &w.reference,
            ));
            out.notes.push((
                format!(
                    "meninggal dalam {} bulan pertama kepesertaan: hanya biaya pemakaman ({})",
                    w.months, w.reference
                ),
                format!(
                    "death within the first {} months of membership: funeral benefit only ({})",
                    w.months, w.reference
                ),
            ));
            return false;
        }
        let r = &t.jkm.reference;
        out.items.push(item(
            "jkm_lump_sum",
            "Santunan sekaligus",
            "Lump sum",
            t.jkm.lump_sum,
            r,
        ));
        out.items.push(item(
            "periodic",
            "Santunan berkala (dibayar sekaligus)",
            "Periodic benefit (paid at once)",
            t.jkm.periodic,
            r,
        ));
        out.items.push(item(
            "funeral",
            "Biaya pemakaman",
            "Funeral benefit",
            t.jkm.funeral,
            r,
        ));
        let min = t.scholarship.jkm_min_membership_months;
        if q.month < min && !q.children.is_empty() {
            out.notes.push((
                format!("beasiswa anak butuh kepesertaan JKM minimal {min} bulan"),
                format!("the children's scholarship needs at least {min} months of JKM membership"),
            ));
            return false;
        }
        true
    }
}

/// One year of scholarship for each of the first children who may receive it.
fn scholarship_items(
    q: &BenefitQuery,
    t: &BenefitTable,
    out: &mut Illustration,
) -> Result<(), Error> {
    let s = &t.scholarship;
    for (i, level) in q.children.iter().take(s.max_children).enumerate() {
        let l = s
            .levels
            .iter()
            .find(|l| l.level == *level)
            .ok_or_else(|| Error::Argument {
                name: "children",
                message: format!("unknown school level `{level}` (tk, sd, smp, sma, university)"),
            })?;
        out.items.push(item(
            "scholarship_year",
            &format!("Beasiswa anak ke-{} ({}), per tahun", i + 1, l.name_id),
            &format!("Scholarship, child {} ({}), per year", i + 1, l.name_en),
            l.per_year,
            &s.reference,
        ));
    }
    if q.children.len() > s.max_children {
        out.notes.push((
            format!("beasiswa untuk paling banyak {} anak", s.max_children),
            format!("the scholarship covers at most {} children", s.max_children),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_carries_rules_md_figures() {
        let t = BenefitTable::builtin();
        assert_eq!(
            t.jkm.lump_sum + t.jkm.periodic + t.jkm.funeral,
            Decimal::from(42_000_000)
        );
        assert_eq!(t.jkm.waiting.months, 3);
        assert_eq!(t.scholarship.max_total, Decimal::from(174_000_000));
        assert_eq!(t.scholarship.levels.len(), 5);
    }
}
