//! The generated reference pages, rendered from the core's own catalogues.

use std::fmt::Write as _;

use iuran::rates::Evidence;
use iuran::{RateTable, ReasonCode, Taxonomy};

use crate::Lang;

/// The note every generated page opens with.
fn generated_note(lang: Lang, source: &str) -> String {
    match lang {
        Lang::Id => format!(
            "> Halaman ini dibuat otomatis dari {source} setiap kali situs dibangun; jangan disunting langsung.\n\n"
        ),
        Lang::En => format!(
            "> This page is generated from {source} each time the site is built; do not edit it by hand.\n\n"
        ),
    }
}

/// Whole rupiah with thousands separators as each language writes them:
/// `Rp 1.000.000` (id), `Rp 1,000,000` (en).
fn rupiah(lang: Lang, amount: rust_decimal::Decimal) -> String {
    let text = amount.normalize().to_string();
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let sep = lang.pick(".", ",");
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped += sep;
        }
        grouped.push(c);
    }
    if frac.is_empty() {
        format!("{sign}Rp {grouped}")
    } else {
        format!("{sign}Rp {grouped}{}{frac}", lang.pick(",", "."))
    }
}

/// A table cell: pipes escaped, line breaks flattened.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// Every reason code with its message template in both languages.
pub fn reasons(lang: Lang) -> String {
    let mut out = String::new();
    out += lang.pick("# Kode alasan\n\n", "# Reason codes\n\n");
    out += &generated_note(
        lang,
        lang.pick(
            "katalog `ReasonCode::ALL` pustaka inti (`core/src/reason.rs`)",
            "the core's catalogue `ReasonCode::ALL` (`core/src/reason.rs`)",
        ),
    );
    out += lang.pick(
        "Setiap baris yang tidak memenuhi syarat membawa satu atau lebih kode berikut, dalam urutan katalog ini. \
         Kode tidak pernah berubah arti; pesannya diisi dari konteks keputusan (`{age}`, `{field}`, …). \
         Cara membaca dan memperbaikinya: [Membaca keputusan](../guide/decisions.md) dan \
         [Menyiapkan daftar BNBA](../guide/roster.md).\n\n",
        "Every row that is not eligible carries one or more of these codes, in this catalogue order. \
         A code never changes meaning; its message is filled in from the decision's context (`{age}`, `{field}`, …). \
         How to read and fix them: [Reading a decision](../guide/decisions.md) and \
         [Preparing a BNBA list](../guide/roster.md).\n\n",
    );
    out += lang.pick(
        "| Kode | Pesan (Bahasa Indonesia) | Pesan (English) |\n|---|---|---|\n",
        "| Code | Message (Bahasa Indonesia) | Message (English) |\n|---|---|---|\n",
    );
    for code in ReasonCode::ALL {
        let _ = writeln!(
            out,
            "| <a id=\"{0}\"></a>`{0}` | {1} | {2} |",
            code.as_str(),
            cell(code.template(iuran::Lang::Id)),
            cell(code.template(iuran::Lang::En)),
        );
    }
    let _ = write!(
        out,
        "\n{} {}.\n",
        lang.pick("Jumlah kode:", "Codes:"),
        ReasonCode::ALL.len()
    );
    out
}

fn status(lang: Lang, s: Evidence) -> &'static str {
    match s {
        Evidence::Regulation => lang.pick("regulasi (teks peraturan)", "regulation (text quoted)"),
        Evidence::Official => lang.pick(
            "resmi (pejabat atau portal pemerintah)",
            "official (an official or a government portal)",
        ),
        Evidence::News => lang.pick("berita (beberapa media)", "news (several outlets)"),
        Evidence::Single => lang.pick("satu sumber", "single source"),
        Evidence::Unverified => lang.pick("**belum terverifikasi**", "**unverified**"),
    }
}

fn months(from: iuran::YearMonth, to: Option<iuran::YearMonth>, lang: Lang) -> String {
    match to {
        Some(to) => format!("{from} … {to}"),
        None => format!("{from} …{}", lang.pick(" (masih berlaku)", " (open-ended)")),
    }
}

/// The built-in rate table: income basis, payment rule, rates and adjustments, each
/// with its legal reference and status.
pub fn rates(lang: Lang) -> String {
    let t = RateTable::builtin();
    let mut out = String::new();
    out += lang.pick("# Tabel tarif\n\n", "# Rate table\n\n");
    out += &generated_note(
        lang,
        lang.pick(
            "tabel tarif bawaan pustaka inti (`core/data/rates.toml`, dibaca lewat `RateTable::builtin()`)",
            "the core's built-in rate table (`core/data/rates.toml`, read through `RateTable::builtin()`)",
        ),
    );
    let _ = writeln!(
        out,
        "{} `{}`. {}\n",
        lang.pick("Versi tabel:", "Table version:"),
        t.version,
        lang.pick(
            "Setiap angka membawa dasar hukum dan statusnya: seberapa yakin kita akan angka itu. \
             Dasar hukum dan catatan disalin apa adanya dari tabel data (catatannya berbahasa Inggris). \
             Baris dapat diganti menurut `id` dengan `--rates FILE` atau bagian `[[rate]]` sebuah skenario \
             (lihat [Skema berkas](schema.md#berkas-tarif)).",
            "Every figure carries its legal reference and its status: how sure we are of it. \
             Rows can be replaced by `id` with `--rates FILE` or a scenario's `[[rate]]` section \
             (see [File schemas](schema.md#rate-files)).",
        )
    );

    basis_tables(lang, t, &mut out);
    rate_rows(lang, t, &mut out);
    adjustment_rows(lang, t, &mut out);
    out
}

/// The income basis and the payment deadline.
fn basis_tables(lang: Lang, t: &RateTable, out: &mut String) {
    *out += lang.pick("## Dasar penghasilan\n\n", "## Income basis\n\n");
    *out += lang.pick(
        "| Isian | Nilai |\n|---|---|\n",
        "| Field | Value |\n|---|---|\n",
    );
    let _ = writeln!(
        *out,
        "| {} | {} |",
        lang.pick("Penghasilan terendah", "Lowest declared income"),
        rupiah(lang, t.income.minimum)
    );
    let _ = writeln!(
        *out,
        "| {} | {} |",
        lang.pick("Braket penghasilan", "Income brackets"),
        if t.income.brackets.is_empty() {
            lang.pick(
                "tidak dimuat (tabel lengkap Lampiran II belum diperoleh)",
                "none loaded (the full Lampiran II table has not been obtained)",
            )
            .to_owned()
        } else {
            t.income.brackets.len().to_string()
        }
    );
    let _ = writeln!(
        *out,
        "| {} | {} |",
        lang.pick("Dasar hukum", "Reference"),
        cell(&t.income.reference)
    );
    let _ = writeln!(*out, "| Status | {} |", status(lang, t.income.status));
    if let Some(note) = &t.income.note {
        let _ = writeln!(
            *out,
            "| {} | {} |",
            lang.pick("Catatan", "Note"),
            cell(note)
        );
    }

    *out += lang.pick(
        "\n## Jatuh tempo pembayaran\n\n",
        "\n## Payment deadline\n\n",
    );
    *out += lang.pick(
        "| Isian | Nilai |\n|---|---|\n",
        "| Field | Value |\n|---|---|\n",
    );
    let _ = writeln!(
        *out,
        "| {} | {} |",
        lang.pick("Jatuh tempo", "Due by"),
        match lang {
            Lang::Id => format!("tanggal {} bulan iuran itu sendiri", t.payment.due_day),
            Lang::En => format!("day {} of the contribution month itself", t.payment.due_day),
        }
    );
    let _ = writeln!(
        *out,
        "| {} | {} |",
        lang.pick("Kepesertaan nonaktif setelah", "Membership lapses after"),
        match lang {
            Lang::Id => format!(
                "{} bulan tidak dibayar",
                t.payment.lapse_after_unpaid_months
            ),
            Lang::En => format!("{} unpaid months", t.payment.lapse_after_unpaid_months),
        }
    );
    let _ = writeln!(
        *out,
        "| {} | {} |",
        lang.pick("Dasar hukum", "Reference"),
        cell(&t.payment.reference)
    );
    let _ = writeln!(*out, "| Status | {} |", status(lang, t.payment.status));
}

/// The contribution rates.
fn rate_rows(lang: Lang, t: &RateTable, out: &mut String) {
    *out += lang.pick("\n## Tarif iuran\n\n", "\n## Contribution rates\n\n");
    *out += lang.pick(
        "| `id` | Program | Segmen | Tarif | Bulan berlaku | Dasar hukum | Status | Catatan |\n",
        "| `id` | Programme | Segment | Rate | Months in force | Reference | Status | Note |\n",
    );
    *out += "|---|---|---|---|---|---|---|---|\n";
    for r in &t.rates {
        let rate = match (r.percent, r.amount) {
            (Some(p), _) => match lang {
                Lang::Id => format!("{p}% dari dasar penghasilan"),
                Lang::En => format!("{p}% of the income basis"),
            },
            (None, Some(a)) => match lang {
                Lang::Id => format!("{} per bulan", rupiah(lang, a)),
                Lang::En => format!("{} a month", rupiah(lang, a)),
            },
            (None, None) => String::new(),
        };
        let _ = writeln!(
            *out,
            "| `{}` | {} | BPU | {} | {} | {} | {} | {} |",
            r.id,
            r.programme,
            rate,
            months(r.from, r.to, lang),
            cell(&r.reference),
            status(lang, r.status),
            cell(r.note.as_deref().unwrap_or("")),
        );
    }
}

/// The adjustments (discounts).
fn adjustment_rows(lang: Lang, t: &RateTable, out: &mut String) {
    *out += lang.pick(
        "\n## Penyesuaian (potongan)\n\n",
        "\n## Adjustments (discounts)\n\n",
    );
    *out += lang.pick(
        "Penyesuaian mengalikan iuran program yang disebut pada bulan yang disebut. \
         \"Tidak untuk pembayar APBN/APBD\" berarti potongan tidak berlaku bila iuran dibayar dari APBN atau APBD \
         (setiap sumber dana menyatakan apakah ia terhitung demikian: `public_payer`).\n\n",
        "An adjustment multiplies the contribution of the named programmes in the named months. \
         \"Not for APBN/APBD payers\" means it does not apply when the contribution is paid from APBN or APBD \
         (each funding source says whether it counts as such: `public_payer`).\n\n",
    );
    *out += lang.pick(
        "| `id` | Program | Faktor | Bulan berlaku | Kelompok | Kecuali kelompok | Tidak untuk pembayar APBN/APBD | Dasar hukum | Status | Catatan |\n",
        "| `id` | Programmes | Factor | Months in force | Groups | Except groups | Not for APBN/APBD payers | Reference | Status | Note |\n",
    );
    *out += "|---|---|---|---|---|---|---|---|---|---|\n";
    for a in &t.adjustments {
        let programmes: Vec<&str> = a.programmes.iter().map(|p| p.as_str()).collect();
        let list = |v: &[String]| {
            if v.is_empty() {
                "—".to_owned()
            } else {
                v.iter()
                    .map(|g| format!("`{g}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        let _ = writeln!(
            *out,
            "| `{}` | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            a.id,
            programmes.join(" + "),
            a.factor,
            months(a.from, a.to, lang),
            list(&a.groups),
            list(&a.except_groups),
            if a.not_for_public_payers {
                lang.pick("ya", "yes")
            } else {
                lang.pick("tidak", "no")
            },
            cell(&a.reference),
            status(lang, a.status),
            cell(a.note.as_deref().unwrap_or("")),
        );
    }
}

/// The sector taxonomy: groups, their sectors and the occupation texts that map to
/// each.
pub fn sectors(lang: Lang) -> String {
    let t = Taxonomy::builtin();
    let mut out = String::new();
    out += lang.pick("# Sektor dan kelompok\n\n", "# Sectors and groups\n\n");
    out += &generated_note(
        lang,
        lang.pick(
            "taksonomi sektor bawaan (`core/data/sectors.toml`, lewat `Taxonomy::builtin()`)",
            "the built-in sector taxonomy (`core/data/sectors.toml`, through `Taxonomy::builtin()`)",
        ),
    );
    out += lang.pick(
        "Kolom `sector` daftar BNBA berisi teks pekerjaan bebas (\"Buruh Tani Tembakau\", \"PETANI/PEKEBUN\"). \
         Teks itu dinormalkan (huruf kecil, tanda baca menjadi spasi) lalu dicocokkan persis dengan kode, \
         nama, dan alias di bawah. Tidak ada pencocokan kira-kira: teks yang tidak dikenal dilaporkan \
         (`unknown_sector`) agar diklasifikasikan oleh orang. Kebijakan menyebut sektor dengan kodenya \
         (`eligibility.sectors`) atau kelompok dengan kodenya (`eligibility.groups`).\n\n",
        "A BNBA list's `sector` column holds free occupation text (\"Buruh Tani Tembakau\", \"PETANI/PEKEBUN\"). \
         The text is normalised (lower case, punctuation to spaces) and matched exactly against the codes, \
         names and aliases below. There is no fuzzy matching: an unknown text is reported \
         (`unknown_sector`) for a person to classify. Policies name sectors by code \
         (`eligibility.sectors`) or groups by code (`eligibility.groups`).\n\n",
    );
    for (gid, group) in t.groups() {
        let _ = writeln!(
            out,
            "## {} — `{}`\n",
            lang.pick(&group.name_id, &group.name_en),
            group.code
        );
        out += lang.pick(
            "| Kode sektor | Nama | Teks pekerjaan yang dikenali (selain kode dan nama) |\n|---|---|---|\n",
            "| Sector code | Name | Occupation texts recognised (besides the code and names) |\n|---|---|---|\n",
        );
        let members = t.sectors_in(gid);
        for (sid, sector) in t.sectors() {
            if !members.contains(sid) {
                continue;
            }
            let aliases: Vec<String> = sector.aliases.iter().map(|a| cell(a)).collect();
            let _ = writeln!(
                out,
                "| <a id=\"{0}\"></a>`{0}` | {1} / {2} | {3} |",
                sector.code,
                cell(&sector.name_id),
                cell(&sector.name_en),
                aliases.join(", ")
            );
        }
        out += "\n";
    }
    out
}

/// The command-line program's help: `iuran --help` and each command's.
///
/// `help` is a function of the arguments after `iuran`, returning what it prints.
pub fn cli(lang: Lang, help: &dyn Fn(&[&str]) -> String) -> String {
    let mut out = String::new();
    out += lang.pick("# Perintah `iuran`\n\n", "# The `iuran` commands\n\n");
    out += &generated_note(
        lang,
        lang.pick(
            "keluaran `iuran --help` program itu sendiri",
            "the program's own `iuran --help`",
        ),
    );
    out += lang.pick(
        "Teks bantuan program berbahasa Inggris; `--lang id` mengubah bahasa pesan keputusan dan laporan, \
         bukan bantuan ini. Dalam panduan ini `iuran` berarti program yang dibangun dari `examples/cli` \
         (`cargo run --release -p iuran-cli --`).\n\n",
        "In this guide `iuran` is the program built from `examples/cli` \
         (`cargo run --release -p iuran-cli --`); `--lang id` switches its messages and reports to Indonesian.\n\n",
    );
    let top = help(&["--help"]);
    let _ = writeln!(out, "```text\n$ iuran --help\n{}\n```\n", top.trim_end());
    for command in commands(&top) {
        let _ = writeln!(
            out,
            "## `iuran {command}`\n\n```text\n$ iuran {command} --help\n{}\n```\n",
            help(&[command.as_str(), "--help"]).trim_end()
        );
    }
    out
}

/// The commands listed under `Commands:` in clap's help, `help` left out.
pub fn commands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_owned)
        .collect()
}

/// The TypeScript declarations of the WebAssembly package, as built.
pub fn typescript(lang: Lang, declarations: &str) -> String {
    let mut out = String::new();
    out += lang.pick("# Tipe TypeScript\n\n", "# TypeScript types\n\n");
    out += &generated_note(
        lang,
        lang.pick(
            "berkas deklarasi paket WebAssembly hasil build (`bindings-wasm/pkg/web/iuran_wasm.d.ts`)",
            "the WebAssembly package's built declaration file (`bindings-wasm/pkg/web/iuran_wasm.d.ts`)",
        ),
    );
    out += lang.pick(
        "Paket `iuran-wasm` membawa pustaka inti yang sama ke Node dan peramban; uang berupa string rupiah utuh. \
         Panduan paket: `bindings-wasm/README.md`.\n\n",
        "The `iuran-wasm` package brings the same core to Node and browsers; money is a string of whole rupiah. \
         The package's guide: `bindings-wasm/README.md`.\n\n",
    );
    let _ = writeln!(out, "```ts\n{}\n```", declarations.trim_end());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rupiah_is_grouped_as_each_language_writes_it() {
        let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
        assert_eq!(rupiah(Lang::Id, d("1000000")), "Rp 1.000.000");
        assert_eq!(rupiah(Lang::En, d("1000000")), "Rp 1,000,000");
        assert_eq!(rupiah(Lang::Id, d("6800")), "Rp 6.800");
        assert_eq!(rupiah(Lang::En, d("680")), "Rp 680");
        assert_eq!(rupiah(Lang::Id, d("-12345.50")), "-Rp 12.345,5");
    }

    #[test]
    fn commands_are_read_from_clap_help() {
        let help = "Usage: iuran [OPTIONS] [COMMAND]\n\nCommands:\n  evaluate  Evaluate\n  check     Validate\n  help      Print this\n\nOptions:\n  --lang <LANG>\n";
        assert_eq!(commands(help), ["evaluate", "check"]);
    }
}
