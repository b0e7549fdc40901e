//! Warnings about policies that are legal but risky.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

use crate::Policy;
use crate::policy::{FundingKind, IncomeBasis};
use crate::rates::{Evidence, Programme};

/// One warning about a policy, with a stable code and messages in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Lint {
    /// Stable `snake_case` code.
    pub code: String,
    /// The policy field concerned.
    pub field: String,
    /// Message in Indonesian.
    pub message_id: String,
    /// Message in English.
    pub message_en: String,
}

impl Lint {
    /// The message in a language.
    pub fn message(&self, lang: crate::Lang) -> &str {
        match lang {
            crate::Lang::Id => &self.message_id,
            crate::Lang::En => &self.message_en,
        }
    }
}

impl Policy {
    /// Warnings about this policy (empty when none):
    ///
    /// - `short_cover_funeral_only`: 3 months or less of JKM buys, for a non-work death,
    ///   only the Rp 10,000,000 funeral benefit (Permenaker 1/2025 waiting period).
    /// - `age_at_registration_limit`: an upper age of 65 or more meets the rule that BPU
    ///   members register before 65 (single source, unverified).
    /// - `coverage_outside_fiscal_year`: covered months fall outside the fiscal year.
    /// - `income_below_minimum`: a fixed income basis below the lowest declared income.
    /// - `dbhcht_outside_tobacco`: a DBHCHT source may pay for sectors outside the
    ///   tobacco group, which regencies usually fund from plain APBD (PMK 72/2024
    ///   practice).
    /// - `dbhcht_above_welfare_share`: with `dbhcht_allocation`, a DBHCHT source's
    ///   ceiling (or all of them together) above the welfare share of that allocation
    ///   the rate table gives (PMK 72/2024: 50%; the part for contribution subsidies
    ///   is not verified).
    pub fn lint(&self) -> Vec<Lint> {
        let mut out = Vec::new();
        let mut push = |code: &str, field: &str, id: String, en: String| {
            out.push(Lint {
                code: code.into(),
                field: field.into(),
                message_id: id,
                message_en: en,
            });
        };
        let c = &self.spec.coverage;
        let n = self.months.len();
        if n <= 3 && c.programmes.contains(&Programme::Jkm) {
            push(
                "short_cover_funeral_only",
                if c.blocks.is_empty() {
                    "coverage.months"
                } else {
                    "coverage.blocks"
                },
                format!(
                    "cakupan {n} bulan: kematian bukan karena kecelakaan kerja dalam 3 bulan pertama kepesertaan hanya mendapat biaya pemakaman Rp 10.000.000 (Permenaker 1/2025)"
                ),
                format!(
                    "{n} months of cover: a non-work death within the first 3 months of membership pays only the Rp 10,000,000 funeral benefit (Permenaker 1/2025)"
                ),
            );
        }
        if let Some(max) = self.spec.eligibility.age.and_then(|a| a.max)
            && max >= 65
        {
            push(
                "age_at_registration_limit",
                "eligibility.age.max",
                format!(
                    "batas usia {max}: peserta BPU harus mendaftar sebelum usia 65 tahun (satu sumber, belum terverifikasi)"
                ),
                format!(
                    "upper age {max}: BPU members must register before age 65 (single source, unverified)"
                ),
            );
        }
        let (first, last) = (self.months[0], self.months[self.months.len() - 1]);
        let fy = self.spec.fiscal_year;
        if first.year() != fy || last.year() != fy {
            push(
                "coverage_outside_fiscal_year",
                if c.blocks.is_empty() {
                    "coverage.start"
                } else {
                    "coverage.blocks"
                },
                format!("masa cakupan {first} s.d. {last} di luar tahun anggaran {fy}"),
                format!("coverage {first} to {last} falls outside fiscal year {fy}"),
            );
        }
        if c.income == IncomeBasis::Fixed
            && c.income_amount
                .is_some_and(|a| a < self.rates.income.minimum)
        {
            let min = self.rates.income.minimum;
            push(
                "income_below_minimum",
                "coverage.income_amount",
                format!("dasar upah di bawah upah terendah tabel iuran (Rp {min})"),
                format!("income basis below the rate table's lowest declared income (Rp {min})"),
            );
        }
        if let Some(tobacco) = self.taxonomy.group_by_code("tobacco") {
            let tobacco = self.taxonomy.sectors_in(tobacco);
            for (i, (spec, src)) in self.spec.funding.iter().zip(&self.sources).enumerate() {
                let paid = src.sectors.intersection(self.covered);
                if spec.kind == FundingKind::Dbhcht && paid.intersection(tobacco) != paid {
                    let name = spec.name.as_deref().unwrap_or(&spec.id);
                    push(
                        "dbhcht_outside_tobacco",
                        &format!("funding[{i}].sectors"),
                        format!(
                            "dana cukai tembakau (DBHCHT) “{name}” dapat membayar iuran pekerja di luar ekosistem tembakau; pastikan sesuai prioritas PMK 72/2024 dan SK Bupati"
                        ),
                        format!(
                            "the tobacco excise fund (DBHCHT) “{name}” may pay for workers outside the tobacco ecosystem; check this against PMK 72/2024 priorities and the regent's decree"
                        ),
                    );
                }
            }
        }
        self.dbhcht_share(&mut push);
        out
    }

    /// `dbhcht_above_welfare_share`: whole rupiah compared exactly.
    fn dbhcht_share(&self, push: &mut impl FnMut(&str, &str, String, String)) {
        let (Some(allocation), Some(rule)) = (self.spec.dbhcht_allocation, &self.rates.dbhcht)
        else {
            return;
        };
        let pct = rule.welfare_percent;
        let share = (allocation * pct / Decimal::ONE_HUNDRED).floor();
        let flag = if rule.status == Evidence::Unverified {
            (" (belum terverifikasi)", " (unverified)")
        } else {
            ("", "")
        };
        let rp = |d: Decimal| crate::limits::group(d.to_i64().unwrap_or(i64::MAX));
        let mut total = Decimal::ZERO;
        let mut any_over = false;
        for (i, f) in self.spec.funding.iter().enumerate() {
            let Some(b) = f.budget.filter(|_| f.kind == FundingKind::Dbhcht) else {
                continue;
            };
            total += b;
            if b > share {
                any_over = true;
                let name = f.name.as_deref().unwrap_or(&f.id);
                push(
                    "dbhcht_above_welfare_share",
                    &format!("funding[{i}].budget"),
                    format!(
                        "pagu DBHCHT “{name}” Rp {} melebihi bagian kesejahteraan masyarakat {pct}% dari alokasi DBHCHT Rp {} (Rp {}; {}{})",
                        rp(b),
                        rp(allocation),
                        rp(share),
                        rule.reference_id.as_deref().unwrap_or(&rule.reference),
                        flag.0
                    ),
                    format!(
                        "the DBHCHT ceiling “{name}” of Rp {} is more than the {pct}% welfare share of the Rp {} DBHCHT allocation (Rp {}; {}{})",
                        rp(b),
                        rp(allocation),
                        rp(share),
                        rule.reference,
                        flag.1
                    ),
                );
            }
        }
        if !any_over && total > share {
            push(
                "dbhcht_above_welfare_share",
                "dbhcht_allocation",
                format!(
                    "pagu seluruh sumber DBHCHT Rp {} melebihi bagian kesejahteraan masyarakat {pct}% dari alokasi DBHCHT Rp {} (Rp {}; {}{})",
                    rp(total),
                    rp(allocation),
                    rp(share),
                    rule.reference_id.as_deref().unwrap_or(&rule.reference),
                    flag.0
                ),
                format!(
                    "the DBHCHT ceilings together, Rp {}, are more than the {pct}% welfare share of the Rp {} DBHCHT allocation (Rp {}; {}{})",
                    rp(total),
                    rp(allocation),
                    rp(share),
                    rule.reference,
                    flag.1
                ),
            );
        }
    }
}
