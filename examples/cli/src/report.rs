//! Human-readable reports for the terminal.

use std::fmt::Write as _;

use iuran::{Evaluation, Lang, Lint, Policy, Roster};
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

pub fn evaluation(policy: &Policy, roster: &Roster, result: &Evaluation, lang: Lang) -> String {
    let spec = policy.spec();
    let sum = &result.summary;
    let months = policy.months();
    let programmes: Vec<String> = spec
        .coverage
        .programmes
        .iter()
        .map(ToString::to_string)
        .collect();
    let mut s = String::new();
    let _ = writeln!(s, "{} ({})", spec.name, spec.id);
    let _ = writeln!(
        s,
        "{} {} … {} ({} {}), {}\n",
        t(lang, "Masa cakupan", "Coverage"),
        months[0],
        months[months.len() - 1],
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
    reasons(&mut s, roster, result, lang);
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
fn reasons(s: &mut String, roster: &Roster, result: &Evaluation, lang: Lang) {
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
        let first = roster
            .rows
            .iter()
            .zip(&result.decisions)
            .find_map(|(row, d)| {
                d.reasons
                    .iter()
                    .find(|r| r.code.as_str() == code)
                    .map(|r| (row.line, r))
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
fn money(s: &mut String, policy: &Policy, result: &Evaluation, lang: Lang) {
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
        let budget = f
            .budget
            .map(|b| format!("  ({} {})", t(lang, "pagu", "budget"), rupiah(b, lang)))
            .unwrap_or_default();
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
        let _ = writeln!(s, "  {m}  {:>20}", rupiah(a.0, lang));
    }
    let _ = writeln!(s, "\n{:<28}{:>20}", "TOTAL", rupiah(sum.total_cost, lang));
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
            "warning [{}] `{}`: {}",
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
