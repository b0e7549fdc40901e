//! The comparison report: one line per variant, the deltas, and who changes — with the
//! reasons on both sides in the chosen language.

use std::fmt::Write as _;

use iuran::compare::{Change, Comparison, Side, Status, Totals, Variant};
use iuran::{Lang, Policy, Roster};
use rust_decimal::Decimal;

use crate::report::rupiah;

fn t(lang: Lang, id: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::Id { id } else { en }
}

fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

fn signed_rp(a: Decimal, lang: Lang) -> String {
    if a > Decimal::ZERO {
        format!("+{}", rupiah(a, lang))
    } else {
        rupiah(a, lang)
    }
}

/// The whole report. `shown` is how many changed workers to list per variant.
pub fn report(
    c: &Comparison,
    base: &Policy,
    variants: &[Variant],
    roster: &Roster,
    shown: usize,
    lang: Lang,
) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} ({} {})\n",
        t(lang, "Perbandingan skenario", "Scenario comparison"),
        c.rows,
        t(lang, "baris", "rows")
    );
    let _ = writeln!(
        s,
        "{:<44} {:>8} {:>8} {:>8} {:>20} {:>20}",
        t(lang, "Skenario", "Variant"),
        t(lang, "Layak", "Eligible"),
        t(lang, "Dibiayai", "Funded"),
        t(lang, "Antre", "Waiting"),
        t(lang, "Biaya", "Cost"),
        t(lang, "Selisih", "Δ cost"),
    );
    let line = |s: &mut String, name: &str, x: &Totals, delta: Option<Decimal>| {
        let mut row = format!(
            "{:<44} {:>8} {:>8} {:>8} {:>20}",
            name.chars().take(44).collect::<String>(),
            x.eligible,
            x.funded,
            x.waiting,
            rupiah(x.total_cost, lang),
        );
        if let Some(d) = delta {
            let _ = write!(row, " {:>20}", signed_rp(d, lang));
        }
        let _ = writeln!(s, "{row}");
    };
    line(
        &mut s,
        &format!("base ({})", c.base.policy_id),
        &c.base,
        None,
    );
    for v in &c.variants {
        line(&mut s, &v.totals.name, &v.totals, Some(v.delta.total_cost));
    }
    for (v, variant) in c.variants.iter().zip(variants) {
        let _ = writeln!(s, "\n{}", v.totals.name);
        for (source, d) in &v.delta.by_source {
            if d.funded != 0 || !d.cost.is_zero() {
                let _ = writeln!(
                    s,
                    "  {:<42} {:>8} {:>20}",
                    source,
                    signed(d.funded),
                    signed_rp(d.cost, lang)
                );
            }
        }
        for (sector, d) in &v.delta.by_sector {
            if d.eligible != 0 || d.funded != 0 || !d.cost.is_zero() {
                let _ = writeln!(
                    s,
                    "  {:<42} {:>8} {:>20}",
                    format!("{}: {sector}", t(lang, "sektor", "sector")),
                    signed(d.funded),
                    signed_rp(d.cost, lang)
                );
            }
        }
        let _ = writeln!(
            s,
            "  {} {}",
            v.changes.len(),
            t(lang, "pekerja berubah", "workers change")
        );
        for (kind, n) in &v.change_counts {
            let name = serde_json::to_value(kind).expect("serialises");
            let _ = writeln!(s, "    {:<24} {n:>8}", name.as_str().unwrap_or_default());
        }
        for ch in v.changes.iter().take(shown) {
            change(&mut s, ch, base, &variant.policy, roster, lang);
        }
        if v.changes.len() > shown {
            let _ = writeln!(s, "    … (+{})", v.changes.len() - shown);
        }
    }
    s
}

fn change(
    s: &mut String,
    ch: &Change,
    base: &Policy,
    variant: &Policy,
    roster: &Roster,
    lang: Lang,
) {
    let _ = writeln!(
        s,
        "    {} {} {}: {} → {}  ({})",
        t(lang, "baris", "line"),
        ch.line.unwrap_or(ch.row),
        ch.nik.as_deref().unwrap_or("-"),
        side(&ch.base, base, roster, ch.row, lang),
        side(&ch.variant, variant, roster, ch.row, lang),
        signed_rp(ch.cost_delta, lang),
    );
}

/// `funded by dbhcht, Rp 67,200` or `not eligible: aged 35 on …` — the messages of the
/// explained path for this row, in the chosen language.
fn side(x: &Side, policy: &Policy, roster: &Roster, row: u64, lang: Lang) -> String {
    match x.status {
        Status::Funded => format!(
            "{} {}, {}",
            t(lang, "dibiayai", "funded by"),
            x.funding_source.as_deref().unwrap_or_default(),
            rupiah(x.total_cost, lang)
        ),
        Status::Waiting => format!(
            "{} {}",
            t(lang, "antrean no.", "waiting list no."),
            x.waiting_position.unwrap_or_default()
        ),
        Status::Ineligible => {
            let explained = roster
                .rows
                .get(row as usize - 1)
                .and_then(|r| policy.evaluate_record(&roster.record(r)).ok());
            let messages: Vec<String> = x
                .reasons
                .iter()
                .map(|code| {
                    explained
                        .as_ref()
                        .and_then(|d| d.reasons.iter().find(|r| r.code.as_str() == code))
                        .map_or_else(|| code.clone(), |r| r.message(lang))
                })
                .collect();
            format!(
                "{}: {}",
                t(lang, "tidak layak", "not eligible"),
                messages.join("; ")
            )
        }
    }
}
