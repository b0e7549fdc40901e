//! Human-readable reports for the terminal.

use std::fmt::Write as _;

use iuran::quality::heading;
use iuran::{Lang, Lint, Policy, RosterReport};
use rust_decimal::Decimal;

/// `Rp 547.411.200` (Indonesian grouping) or `Rp 547,411,200` (English).
pub fn rupiah(amount: Decimal, lang: Lang) -> String {
    let sep = if lang == Lang::Id { '.' } else { ',' };
    let digits = amount.trunc().abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    let sign = if amount.is_sign_negative() && !amount.is_zero() {
        "-"
    } else {
        ""
    };
    format!("{sign}Rp {out}")
}

fn t(lang: Lang, id: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::Id { id } else { en }
}

pub fn sample_banner(lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}\n",
        t(
            lang,
            "Contoh bawaan: kebijakan Kab. Tegal 2025 (examples/policies/tegal-2025.toml) dan daftar BNBA sintetis 3.000 baris (examples/data/sample-tegal-2025.csv).",
            "Built-in sample: the Kab. Tegal 2025 policy (examples/policies/tegal-2025.toml) and a synthetic BNBA roster of 3,000 rows (examples/data/sample-tegal-2025.csv)."
        )
    );
    s
}

pub fn evaluation(policy: &Policy, result: &RosterReport, lang: Lang) -> String {
    let spec = policy.spec();
    let sum = &result.summary;
    let months = policy.months();
    let programmes: Vec<String> = spec
        .coverage
        .programmes
        .iter()
        .map(ToString::to_string)
        .collect();
    let runs = policy
        .coverage_runs()
        .iter()
        .map(|(first, last)| format!("{first} … {last}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut s = String::new();
    let _ = writeln!(s, "{} ({})", spec.name, spec.id);
    let _ = writeln!(
        s,
        "{} {} ({} {}), {}\n",
        t(lang, "Masa cakupan", "Coverage"),
        runs,
        months.len(),
        t(lang, "bulan", "months"),
        programmes.join(" + ")
    );
    let _ = writeln!(s, "{:<28}{:>10}", t(lang, "Baris", "Rows"), sum.rows);
    let _ = writeln!(
        s,
        "{:<28}{:>10}",
        t(lang, "Memenuhi syarat", "Eligible"),
        sum.eligible
    );
    let _ = writeln!(
        s,
        "{:<28}{:>10}",
        t(lang, "Tidak memenuhi syarat", "Not eligible"),
        sum.ineligible
    );
    reasons(&mut s, result, lang);
    money(&mut s, policy, result, lang);
    let lints = policy.lint();
    if !lints.is_empty() {
        let _ = writeln!(
            s,
            "\n{}",
            t(lang, "Peringatan kebijakan", "Policy warnings")
        );
        for l in &lints {
            let _ = writeln!(
                s,
                "  [{}] {}",
                l.code,
                if lang == Lang::Id {
                    &l.message_id
                } else {
                    &l.message_en
                }
            );
        }
    }
    s
}

/// Each reason code with its count and the first row that has it.
fn reasons(s: &mut String, result: &RosterReport, lang: Lang) {
    if result.summary.by_reason.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "\n{}",
        t(
            lang,
            "Alasan (satu baris bisa punya beberapa alasan)",
            "Reasons (a row may have several)"
        )
    );
    for (code, n) in &result.summary.by_reason {
        let first = result.examples.iter().find_map(|(c, e)| {
            (c.as_str() == code)
                .then(|| e.decision.reasons.iter().find(|r| r.code == *c))
                .flatten()
                .map(|r| (e.line, r))
        });
        let example = first
            .map(|(line, r)| {
                format!(
                    "{} {line}: {}",
                    t(lang, "mis. baris", "e.g. line"),
                    r.message(lang)
                )
            })
            .unwrap_or_default();
        let _ = writeln!(s, "  {code:<26}{n:>8}   {example}");
    }
}

/// Cost by funding source and by month, and the total.
fn money(s: &mut String, policy: &Policy, result: &RosterReport, lang: Lang) {
    let sum = &result.summary;
    let _ = writeln!(
        s,
        "\n{}",
        t(lang, "Biaya per sumber dana", "Cost by funding source")
    );
    for f in &policy.spec().funding {
        let (w, c) = sum
            .by_funding_source
            .get(&f.id)
            .map_or((0, Decimal::ZERO), |t| (t.workers, t.cost));
        let mut budget = f
            .budget
            .map(|b| format!("  ({} {})", t(lang, "pagu", "budget"), rupiah(b, lang)))
            .unwrap_or_default();
        if let Some(n) = f.max_workers {
            let _ = write!(budget, "  ({} {n})", t(lang, "kuota", "at most"));
        }
        let _ = writeln!(
            s,
            "  {:<12}{:>8} {}  {:>20}{budget}",
            f.id,
            w,
            t(lang, "pekerja", "workers"),
            rupiah(c, lang)
        );
    }
    let _ = writeln!(
        s,
        "\n{}",
        t(
            lang,
            "Setoran ke BPJS Ketenagakerjaan per bulan (jatuh tempo tanggal 15)",
            "Due to BPJS Ketenagakerjaan per month (by the 15th)"
        )
    );
    for (m, a) in &sum.by_month {
        let _ = writeln!(s, "  {m}  {:>20}", rupiah(*a, lang));
    }
    let _ = writeln!(s, "\n{:<28}{:>20}", "TOTAL", rupiah(sum.total_cost, lang));
}

/// Today's date (UTC), without a time-zone database.
pub fn today() -> jiff::civil::Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    jiff::civil::Date::constant(1970, 1, 1)
        .checked_add(jiff::Span::new().days((secs / 86_400) as i64))
        .unwrap_or(jiff::civil::Date::constant(1970, 1, 1))
}

fn lines(list: &[u64]) -> String {
    const SHOWN: usize = 12;
    let mut s: Vec<String> = list.iter().take(SHOWN).map(ToString::to_string).collect();
    if list.len() > SHOWN {
        s.push(format!("… (+{})", list.len() - SHOWN));
    }
    s.join(", ")
}

pub fn quality(q: &iuran::QualityReport, lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{:<48}{:>8}", t(lang, "Baris", "Rows"), q.rows);
    let _ = writeln!(
        s,
        "{:<48}{:>8}",
        t(lang, "Baris tanpa temuan", "Rows with no finding"),
        q.clean_rows
    );
    let findings = row_findings(q, lang);
    if findings.is_empty() && q.duplicate_niks.is_empty() && q.unknown_sectors.is_empty() {
        let _ = writeln!(
            s,
            "{} ({} {})",
            t(lang, "Tidak ada temuan", "No findings"),
            t(lang, "per tanggal", "as of"),
            q.as_of
        );
        return s;
    }
    let _ = writeln!(
        s,
        "{} ({} {})",
        t(
            lang,
            "Temuan, dengan nomor baris berkas",
            "Findings, with the file's row numbers"
        ),
        t(lang, "per tanggal", "as of"),
        q.as_of
    );
    if !findings.is_empty() {
        let _ = writeln!(s);
    }
    for (label, rows) in findings {
        let _ = writeln!(
            s,
            "  {label:<46}{:>8}   {} {}",
            rows.len(),
            t(lang, "baris", "rows"),
            lines(rows)
        );
    }
    if !q.duplicate_niks.is_empty() {
        let _ = writeln!(
            s,
            "\n{}: {}",
            heading("duplicate_niks", None, lang),
            q.duplicate_niks.len()
        );
        for g in q.duplicate_niks.iter().take(10) {
            let _ = writeln!(s, "  {} {}", t(lang, "baris", "rows"), lines(g));
        }
    }
    if !q.unknown_sectors.is_empty() {
        let _ = writeln!(s, "\n{}", heading("unknown_sectors", None, lang));
        for u in &q.unknown_sectors {
            let _ = writeln!(s, "  {:<38}{:>8}", u.text, u.rows);
        }
    }
    s
}

/// The findings listed by row, each with its heading (the core's words, which the page
/// and Python show too); those with no row are left out.
fn row_findings(q: &iuran::QualityReport, lang: Lang) -> Vec<(String, &[u64])> {
    let mut items: Vec<(String, &[u64])> =
        vec![(heading("malformed_rows", None, lang), &q.malformed_rows)];
    for (finding, map) in [
        ("missing", &q.missing),
        ("unreadable", &q.unreadable),
        ("invalid_nik", &q.invalid_nik),
    ] {
        items.extend(
            map.iter()
                .map(|(k, r)| (heading(finding, Some(k), lang), r.as_slice())),
        );
    }
    for (finding, rows) in [
        ("nik_birth_date_mismatch", &q.nik_birth_date_mismatch),
        ("nik_sex_mismatch", &q.nik_sex_mismatch),
        ("future_birth_dates", &q.future_birth_dates),
        ("age_over_120", &q.age_over_120),
    ] {
        items.push((heading(finding, None, lang), rows));
    }
    items.retain(|(_, rows)| !rows.is_empty());
    items
}

pub fn capacity(c: &iuran::Capacity, lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<32}{:>24}",
        t(lang, "Anggaran", "Budget"),
        rupiah(c.budget, lang)
    );
    let _ = writeln!(
        s,
        "{:<32}{:>24}",
        format!(
            "{} ({}, {} {})",
            t(lang, "Biaya per pekerja", "Cost per worker"),
            c.cost.source,
            c.cost.months,
            t(lang, "bulan", "months")
        ),
        rupiah(c.cost.total, lang)
    );
    let _ = writeln!(
        s,
        "{:<32}{:>24}",
        t(lang, "Pekerja tercakup", "Workers covered"),
        c.workers
    );
    let _ = writeln!(
        s,
        "{:<32}{:>24}",
        t(lang, "Terpakai", "Spent"),
        rupiah(c.spent, lang)
    );
    let _ = writeln!(
        s,
        "{:<32}{:>24}",
        t(lang, "Sisa", "Left over"),
        rupiah(c.unspent, lang)
    );
    if let Some(pagu) = c.source_budget.filter(|_| c.exceeds_source_budget) {
        let _ = writeln!(
            s,
            "{} ({})",
            t(
                lang,
                "Catatan: anggaran ini melebihi pagu sumber dana ini",
                "Note: this budget is more than this source's ceiling"
            ),
            rupiah(pagu, lang)
        );
    }
    if let Some(n) = c
        .source_max_workers
        .filter(|_| c.exceeds_source_max_workers)
    {
        let _ = writeln!(
            s,
            "{} ({n})",
            t(
                lang,
                "Catatan: melebihi jumlah penerima sumber dana ini (max_workers)",
                "Note: more than this source's recipient count (max_workers)"
            ),
        );
    }
    s
}

pub fn requirement(r: &iuran::Requirement, lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{:<32}{:>24}", t(lang, "Pekerja", "Workers"), r.workers);
    let _ = writeln!(
        s,
        "{:<32}{:>24}",
        format!(
            "{} ({})",
            t(lang, "Biaya per pekerja", "Cost per worker"),
            r.cost.source
        ),
        rupiah(r.cost.total, lang)
    );
    let _ = writeln!(
        s,
        "{:<32}{:>24}",
        t(lang, "Anggaran dibutuhkan", "Budget needed"),
        rupiah(r.budget, lang)
    );
    for (m, a) in &r.by_month {
        let _ = writeln!(s, "  {m}{:>46}", rupiah(*a, lang));
    }
    s
}

pub fn schedule(sc: &iuran::Schedule, lang: Lang) -> String {
    let mut s = String::new();
    let sources: Vec<&String> = sc
        .months
        .first()
        .map(|m| m.by_source.keys().collect())
        .unwrap_or_default();
    let mut header = format!(
        "{:<18}{:<12}",
        t(lang, "Bulan", "Months"),
        t(lang, "Jatuh tempo", "Due")
    );
    for id in &sources {
        let _ = write!(header, "{id:>20}");
    }
    let _ = write!(header, "{:>20}", "total");
    let table = |s: &mut String, rows: &[iuran::planning::Payment]| {
        let _ = writeln!(s, "{header}");
        for p in rows {
            let months = if p.from == p.to {
                p.from.to_string()
            } else {
                format!("{} … {}", p.from, p.to)
            };
            let _ = write!(s, "{months:<18}{:<12}", p.due.to_string());
            for id in &sources {
                let _ = write!(
                    s,
                    "{:>20}",
                    rupiah(p.by_source.get(*id).copied().unwrap_or(Decimal::ZERO), lang)
                );
            }
            let _ = writeln!(s, "{:>20}", rupiah(p.total, lang));
        }
    };
    let _ = writeln!(s, "{}", t(lang, "Per bulan", "Per month"));
    table(&mut s, &sc.months);
    let _ = writeln!(
        s,
        "\n{} ({})",
        t(lang, "Per termin", "Per tranche"),
        sc.tranches.len()
    );
    table(&mut s, &sc.tranches);
    let _ = writeln!(s, "\n{:<30}{:>20}", "TOTAL", rupiah(sc.total, lang));
    let _ = writeln!(
        s,
        "{}: {}",
        t(lang, "Dasar jatuh tempo", "Due date basis"),
        sc.reference
    );
    s
}

pub fn roadmap(r: &iuran::Roadmap, lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<6}{:>12}{:>11}{:>12}{:>12}{:>12}{:>22}",
        t(lang, "Tahun", "Year"),
        t(lang, "Angkatan", "Workforce"),
        t(lang, "Cakupan", "Coverage"),
        t(lang, "Peserta", "Members"),
        t(lang, "Tambahan", "New"),
        t(lang, "Disubsidi", "Subsidised"),
        t(lang, "Anggaran subsidi", "Subsidy budget"),
    );
    for y in &r.years {
        let _ = writeln!(
            s,
            "{:<6}{:>12}{:>10}%{:>12}{:>12}{:>12}{:>22}",
            y.year,
            y.workforce,
            y.coverage_percent,
            y.members,
            y.additional_members,
            y.subsidised_members,
            rupiah(y.subsidy_budget, lang)
        );
    }
    let _ = writeln!(
        s,
        "\n{:<40}{:>22}",
        t(lang, "Total subsidi", "Total subsidy"),
        rupiah(r.total_subsidy, lang)
    );
    s
}

pub fn benefits(i: &iuran::benefits::Illustration, lang: Lang) -> String {
    let mut s = String::new();
    for item in &i.items {
        let name = if lang == Lang::Id {
            &item.name_id
        } else {
            &item.name_en
        };
        let _ = writeln!(
            s,
            "  {name:<50}{:>20}   {}",
            rupiah(item.amount, lang),
            item.reference
        );
    }
    let _ = writeln!(s, "  {:<50}{:>20}", "TOTAL", rupiah(i.total, lang));
    for (id, en) in &i.notes {
        let _ = writeln!(s, "  * {}", if lang == Lang::Id { id } else { en });
    }
    s
}

/// What `synth --out` wrote: `wrote 10000 rows to roster.csv (seed 1, synthetic: no real people)`.
pub fn synthesized(rows: usize, path: &std::path::Path, seed: u64, lang: Lang) -> String {
    format!(
        "{} {rows} {} {} ({})\n",
        t(lang, "menulis", "wrote"),
        t(lang, "baris ke", "rows to"),
        path.display(),
        match lang {
            Lang::Id => format!("seed {seed}, sintetis: bukan orang sungguhan"),
            Lang::En => format!("seed {seed}, synthetic: no real people"),
        }
    )
}

pub fn check(policy: &Policy, lints: &[Lint], lang: Lang) -> String {
    let spec = policy.spec();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}: {} ({})",
        t(lang, "Kebijakan valid", "Policy is valid"),
        spec.name,
        spec.id
    );
    if lints.is_empty() {
        let _ = writeln!(s, "{}", t(lang, "Tidak ada peringatan.", "No warnings."));
    }
    for l in lints {
        let _ = writeln!(
            s,
            "{} [{}] `{}`: {}",
            t(lang, "peringatan", "warning"),
            l.code,
            l.field,
            if lang == Lang::Id {
                &l.message_id
            } else {
                &l.message_en
            }
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_rupiah() {
        assert_eq!(
            rupiah(Decimal::from(547_411_200), Lang::Id),
            "Rp 547.411.200"
        );
        assert_eq!(rupiah(Decimal::from(16_800), Lang::En), "Rp 16,800");
        assert_eq!(rupiah(Decimal::ZERO, Lang::En), "Rp 0");
        assert_eq!(rupiah(Decimal::from(100), Lang::En), "Rp 100");
    }
}
