//! Hostile input: values beyond the limits, workbooks that declare or inflate to more
//! than they hold, parsers fed what they must refuse, NIKs in echoed text. Every input
//! is built here, small; each case is a clear error or a row reason, never a panic,
//! never a wrapped number, never a NIK in a message.

use std::fmt::Write as _;
use std::io::Write as _;

use iuran::{Error, Policy, RateTable, ReasonCode, Roster, Scenario};
use rust_decimal::Decimal;

fn tegal() -> Policy {
    Policy::from_file(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/policies/tegal-2025.toml"
    ))
    .unwrap()
}

/// A declared-income policy buying JKK, JKM and JHT.
fn declared_jht() -> Policy {
    Policy::from_toml(
        r#"
        id = "declared"
        name = "Declared incomes with JHT"
        regency = "3328"
        fiscal_year = 2025
        coverage = { start = "2025-09", months = 4, programmes = ["JKK", "JKM", "JHT"], income = "declared" }
        [[funding]]
        id = "apbd"
        kind = "APBD"
        "#,
    )
    .unwrap()
}

const NIK: &str = "3328011203700001";

// ---- limits: incomes, rates, budgets ----------------------------------------------------

#[test]
fn an_income_near_decimal_max_is_the_rows_invalid_value_not_a_panic() {
    let csv = format!(
        "nik,birth_date,regency,sector,declared_income\n\
         {NIK},1970-03-12,3328,Petani Tembakau,79228162514264337593543950335\n\
         3328011203700002,1970-03-12,3328,Petani Tembakau,1000000000000000000000\n\
         3328011203700003,1970-03-12,3328,Petani Tembakau,2500000\n"
    );
    let roster = Roster::from_csv(csv.as_bytes()).unwrap();
    let result = declared_jht().evaluate_roster(&roster).unwrap();
    assert_eq!(result.decisions.len(), 3);
    for d in &result.decisions[..2] {
        assert!(d.has(ReasonCode::InvalidValue), "{:?}", d.reasons);
        assert!(!d.eligible);
        assert_eq!(d.total_cost, Decimal::ZERO);
    }
    // 2,500,000 × (1% + 2%) = 75,000 plus JKM 6,800 a month, 4 months: 327,200.
    assert_eq!(result.decisions[2].total_cost, Decimal::from(327_200));
    assert_eq!(result.summary.total_cost, Decimal::from(327_200));
}

#[test]
fn the_largest_income_accepted_costs_exactly_and_sums_exactly() {
    // 299 rows at the limit, Rp 1,000,000,000: JKK 1% = 10,000,000, JKM 6,800,
    // JHT 2% = 20,000,000 a month; 4 months: 120,027,200 a worker.
    let mut csv = String::from("nik,birth_date,regency,sector,declared_income\n");
    for i in 1..=299 {
        writeln!(
            csv,
            "33280112037{i:05},1970-03-12,3328,Petani Tembakau,1000000000"
        )
        .unwrap();
    }
    let result = declared_jht()
        .evaluate_roster(&Roster::from_csv(csv.as_bytes()).unwrap())
        .unwrap();
    assert_eq!(result.summary.eligible, 299);
    assert_eq!(
        result.decisions[0].total_cost,
        Decimal::from(120_027_200_i64)
    );
    assert_eq!(
        result.summary.total_cost,
        Decimal::from(299 * 120_027_200_i64)
    );
}

fn rate_patch(field: &str) -> String {
    format!(
        "[[rate]]\nid = 'bpu-jkk'\nprogramme = 'JKK'\nsegment = 'BPU'\n{field}\nfrom = '2015-07'\nreference = 'x'\nstatus = 'unverified'\n"
    )
}

#[test]
fn rate_amounts_and_percents_beyond_the_limits_are_refused_naming_the_field() {
    let base = RateTable::builtin();
    let cases = [
        (
            "amount = '79228162514264337593543950335'",
            "rate[0].amount",
            "must be at most 1,000,000,000 rupiah",
        ),
        (
            "amount = '100000000000000000000'",
            "rate[0].amount",
            "must be at most 1,000,000,000 rupiah",
        ),
        ("percent = '-1'", "rate[0].percent", "must not be negative"),
        (
            "percent = '101'",
            "rate[0].percent",
            "must be at most 100 percent",
        ),
        ("amount = '1e20'", "rate[0].amount", "no exponent"),
    ];
    for (line, field, message) in cases {
        let e = base.merged(&rate_patch(line)).unwrap_err();
        assert_eq!(e.field(), Some(field), "{line}: {e}");
        assert!(e.to_string().contains(message), "{line}: {e}");
    }
    let e = base
        .merged("[[adjustment]]\nid='x'\nprogrammes=['JKK']\nsegment='BPU'\nfactor='2'\nfrom='2026-01'\nnot_for_public_payers=true\nreference='x'\nstatus='news'\n")
        .unwrap_err();
    assert_eq!(e.field(), Some("adjustment[3].factor"));
    let e = base
        .merged("[income]\nminimum = '10000000000'\nreference = 'x'\nstatus = 'news'\n")
        .unwrap_err();
    assert_eq!(e.field(), Some("income.minimum"));
}

#[test]
fn a_rate_table_built_in_code_is_held_to_the_same_ranges() {
    let mut table = RateTable::builtin().clone();
    let jkm = table.rates.iter_mut().find(|r| r.id == "bpu-jkm").unwrap();
    jkm.amount = Some(Decimal::MAX);
    let e = Policy::compile_with(
        tegal().spec().clone(),
        std::sync::Arc::new(table),
        std::sync::Arc::new(iuran::Taxonomy::builtin().clone()),
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("rate[1].amount"));
}

#[test]
fn a_scenario_rate_of_1e20_is_an_error_not_a_panic() {
    let s = Scenario::from_toml(
        "name = 'huge'\n[[rate]]\nid = 'bpu-jkm'\nprogramme = 'JKM'\nsegment = 'BPU'\namount = '100000000000000000000'\nfrom = '2015-07'\nreference = 'x'\nstatus = 'unverified'\n",
    )
    .unwrap();
    let e = s.apply(&tegal()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "scenario `huge` field `rate[1].amount`: must be at most 1,000,000,000 rupiah"
    );
}

#[test]
fn budgets_beyond_the_limit_and_income_amounts_beyond_it_are_refused() {
    let policy = |extra: &str, coverage: &str| {
        Policy::from_toml(&format!(
            "id='x'\nname='x'\nregency='3328'\nfiscal_year=2025\ncoverage={{ start='2025-09', months=4{coverage} }}\n[[funding]]\nid='apbd'\nkind='APBD'\n{extra}\n"
        ))
    };
    let e = policy("budget = '1000000000000000001'", "").unwrap_err();
    assert_eq!(e.field(), Some("funding[0].budget"));
    let e = policy(
        "",
        ", income='fixed', income_amount='79228162514264337593543950335'",
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("coverage.income_amount"));
    assert!(policy("budget = '1000000000000000'", "").is_ok());
}

#[test]
fn planning_with_huge_numbers_is_an_error_not_a_panic() {
    let p = tegal();
    let e = p.requirement(u64::MAX, None, None).unwrap_err();
    assert_eq!(e.field(), Some("workers"));
    let e = p.capacity(Decimal::MAX, None, None).unwrap_err();
    assert_eq!(e.field(), Some("budget"));
    // A summary built by hand with amounts near Decimal::MAX: schedule adds them up.
    let roster = Roster::from_csv(
        format!("nik,birth_date,regency,sector\n{NIK},1970-03-12,3328,Petani Tembakau\n")
            .as_bytes(),
    )
    .unwrap();
    let mut summary = p.evaluate_roster(&roster).unwrap().summary;
    for t in summary.by_funding_source.values_mut() {
        for m in t.by_month.values_mut() {
            *m = Decimal::MAX;
        }
    }
    let e = p.schedule(&summary, Some(1)).unwrap_err();
    assert_eq!(e.field(), Some("summary"));
    // A real requirement is exact: 1,000,000 workers × 16,800 × 4 = 67,200,000,000.
    let r = p.requirement(1_000_000, Some("dbhcht"), None).unwrap();
    assert_eq!(r.budget, Decimal::from(67_200_000_000_i64));
}

#[test]
fn a_roadmap_with_huge_numbers_is_an_error_not_a_panic() {
    let p = tegal();
    let input = |workforce: u64, growth: &str, baseline: &str| iuran::RoadmapInput {
        baseline_year: 2025,
        baseline_percent: Some(baseline.parse().unwrap()),
        baseline_members: None,
        workforce,
        workforce_growth_percent: growth.parse().unwrap(),
        target_year: 2075,
        target_percent: Decimal::from(100),
        path: iuran::roadmap::Path::ConstantGrowth,
        subsidy_share_percent: Decimal::from(100),
        source: None,
        sector: None,
    };
    // The largest workforce without growth is computed, exactly: no panic, no wrap.
    let r = p.roadmap(&input(u64::MAX, "0", "1")).unwrap();
    assert_eq!(r.years[0].workforce, u64::MAX);
    for (w, g, b) in [
        (1_000, "100000000000000000000", "1"),
        (1_000, "0", "0.0000000000000000000000000001"),
        (u64::MAX, "100", "50"),
    ] {
        assert!(p.roadmap(&input(w, g, b)).is_err(), "{w} {g} {b}");
    }
}

// ---- .xlsx ------------------------------------------------------------------------------

fn workbook(sheet_xml: &str, shared_strings: Option<&str>) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(&mut out));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let mut part = |name: &str, text: &str| {
            z.start_file(name, opts).unwrap();
            z.write_all(text.as_bytes()).unwrap();
        };
        part(
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        );
        part(
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        );
        part(
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        );
        let mut rels = String::from(
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>"#,
        );
        if shared_strings.is_some() {
            rels.push_str(r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#);
        }
        rels.push_str("</Relationships>");
        part("xl/_rels/workbook.xml.rels", &rels);
        if let Some(s) = shared_strings {
            part("xl/sharedStrings.xml", s);
        }
        part("xl/worksheets/sheet1.xml", sheet_xml);
        z.finish().unwrap();
    }
    out
}

fn sheet(dimension: &str, rows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dimension}<sheetData>{rows}</sheetData></worksheet>"#
    )
}

const HEADER_ROW: &str = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>nik</t></is></c><c r="B1" t="inlineStr"><is><t>birth_date</t></is></c><c r="C1" t="inlineStr"><is><t>regency</t></is></c><c r="D1" t="inlineStr"><is><t>sector</t></is></c></row>"#;

#[test]
fn a_workbook_is_read_cell_by_cell_with_excel_row_numbers() {
    let rows = format!(
        r#"{HEADER_ROW}<row r="2"><c r="A2"><v>3328011203700001</v></c><c r="B2" t="inlineStr"><is><t>1970-03-12</t></is></c><c r="C2"><v>3328</v></c><c r="D2" t="inlineStr"><is><t>Petani Tembakau</t></is></c></row><row r="4"><c r="A4" t="inlineStr"><is><t>3328011203700002</t></is></c><c r="B4" t="e"><v>#N/A</v></c><c r="C4"><v>3328</v></c><c r="D4" t="inlineStr"><is><t>nelayan</t></is></c></row>"#
    );
    let roster = Roster::from_xlsx(&workbook(&sheet("", &rows), None)).unwrap();
    let lines: Vec<u64> = roster.rows.iter().map(|r| r.line).collect();
    assert!(lines.contains(&2) && lines.contains(&4), "{lines:?}");
    let last = roster.rows.iter().find(|r| r.line == 4).unwrap();
    // An Excel error cell passes through as it was written.
    assert_eq!(last.cells[1], "#N/A");
    assert_eq!(
        roster.rows.iter().find(|r| r.line == 2).unwrap().cells[0],
        NIK
    );
}

#[test]
fn a_tiny_workbook_declaring_xfd1048576_is_refused_without_allocating() {
    let rows = format!(r#"{HEADER_ROW}<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#);
    let bytes = workbook(&sheet(r#"<dimension ref="A1:XFD1048576"/>"#, &rows), None);
    assert!(bytes.len() < 5_000);
    let e = Roster::from_xlsx(&bytes).unwrap_err();
    assert!(
        e.to_string()
            .contains("declares 1,048,576 rows and 16,384 columns (up to cell XFD1048576)"),
        "{e}"
    );
    // Without the dimension element, the cell itself is refused.
    let e = Roster::from_xlsx(&workbook(&sheet("", &rows), None)).unwrap_err();
    assert!(e.to_string().contains("cell XFD1048576 is beyond"), "{e}");
}

#[test]
fn a_cell_beyond_the_last_row_is_refused_before_its_rows_are_made() {
    let rows = format!(r#"{HEADER_ROW}<row r="2000000"><c r="A2000000"><v>1</v></c></row>"#);
    let e = Roster::from_xlsx(&workbook(&sheet("", &rows), None)).unwrap_err();
    assert_eq!(e.line(), Some(2_000_000));
    assert!(e.to_string().contains("cell A2000000 is beyond"), "{e}");
}

#[test]
fn a_giant_cell_is_refused_without_echoing_it() {
    let giant = format!("{NIK}{}", "A".repeat(300_000));
    // As a shared string and as an inline string.
    let shared = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{giant}</t></si></sst>"#
    );
    let rows = format!(r#"{HEADER_ROW}<row r="2"><c r="A2" t="s"><v>0</v></c></row>"#);
    let inline = format!(
        r#"{HEADER_ROW}<row r="2"><c r="A2" t="inlineStr"><is><t>{giant}</t></is></c></row>"#
    );
    for bytes in [
        workbook(&sheet("", &rows), Some(&shared)),
        workbook(&sheet("", &inline), None),
    ] {
        let e = Roster::from_xlsx(&bytes).unwrap_err().to_string();
        assert!(e.contains("longer than 65,536 bytes"), "{e}");
        assert!(!e.contains("AAAA") && !e.contains("01120370"), "{e}");
    }
    // A cell a little over the cell cap passes the XML scan and is refused by name.
    let long = "B".repeat(5_000);
    let rows = format!(
        r#"{HEADER_ROW}<row r="2"><c r="D2" t="inlineStr"><is><t>{long}</t></is></c></row>"#
    );
    let e = Roster::from_xlsx(&workbook(&sheet("", &rows), None)).unwrap_err();
    assert_eq!(e.line(), Some(2));
    assert!(
        e.to_string()
            .contains("cell D2 is 5,000 bytes long: iuran reads cells of at most 4,096 bytes"),
        "{e}"
    );
}

#[test]
fn a_giant_cell_split_into_rich_text_runs_is_refused() {
    let runs =
        "<r><t>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</t></r>".repeat(2_000);
    let shared = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si>{runs}</si></sst>"#
    );
    let rows = format!(r#"{HEADER_ROW}<row r="2"><c r="A2" t="s"><v>0</v></c></row>"#);
    let e = Roster::from_xlsx(&workbook(&sheet("", &rows), Some(&shared))).unwrap_err();
    assert!(e.to_string().contains("longer than 65,536 bytes"), "{e}");
    // Many short cells, pretty-printed with whitespace between tags, are fine.
    let mut rows = String::from(HEADER_ROW);
    for r in 2..3_000 {
        write!(
            rows,
            "\n    <row r=\"{r}\">\n      <x:c r=\"A{r}\" t=\"inlineStr\">\n        <x:is><x:t>33280112037{r:05}</x:t></x:is>\n      </x:c>\n    </row>"
        )
        .unwrap();
    }
    let roster = Roster::from_xlsx(&workbook(&sheet("", &rows), None)).unwrap();
    assert_eq!(roster.rows.len(), 2_998);
}

#[test]
fn a_whitespace_bomb_in_a_workbook_is_refused() {
    let rows = format!("{HEADER_ROW}{}", " ".repeat(4 << 20));
    let bytes = workbook(&sheet("", &rows), None);
    assert!(bytes.len() < 100_000, "{}", bytes.len());
    let e = Roster::from_xlsx(&bytes).unwrap_err();
    assert!(e.to_string().contains("longer than 65,536 bytes"), "{e}");
}

// ---- parsers that refuse ------------------------------------------------------------------

const JSON_POLICY: &str = r#"{"id": "x", "name": "x", "regency": "3328", "fiscal_year": 2025,
  "coverage": {"start": "2025-09", "months": 4},
  "funding": [{"id": "apbd", "kind": "APBD", "budget": BUDGET}]}"#;

#[test]
fn json_policies_refuse_trailing_text_exponents_and_floats() {
    let ok = JSON_POLICY.replace("BUDGET", "\"1000000000\"");
    assert!(Policy::from_json(&ok).is_ok());
    let e = Policy::from_json(&format!("{ok} garbage")).unwrap_err();
    assert_eq!(e.code(), "policy_syntax");
    assert!(e.to_string().contains("text after the policy"), "{e}");
    let e = Policy::from_json(&format!("{ok}{ok}")).unwrap_err();
    assert_eq!(e.code(), "policy_syntax");
    for budget in ["\"1e9\"", "\"inf\"", "\"NaN\"", "1e9", "\"1_000\""] {
        let e = Policy::from_json(&JSON_POLICY.replace("BUDGET", budget)).unwrap_err();
        assert_eq!(e.field(), Some("funding[0].budget"), "{budget}: {e}");
    }
}

#[test]
fn a_scenario_budget_of_inf_or_nan_is_refused_not_dropped() {
    for v in ["inf", "-inf", "nan", "+inf"] {
        let e = Scenario::from_toml(&format!(
            "name = 'x'\n[set]\n\"funding.apbd.budget\" = {v}\n"
        ))
        .unwrap_err();
        assert_eq!(e.field(), Some("set.funding.apbd.budget"), "{v}: {e}");
        assert!(
            e.to_string().contains("is not a number iuran accepts"),
            "{e}"
        );
    }
}

#[test]
fn a_duplicate_key_in_a_json_scenario_is_refused() {
    let e = Scenario::from_json(r#"{"name": "a", "name": "b"}"#).unwrap_err();
    assert!(e.to_string().contains("key `name` is given twice"), "{e}");
    let e = Scenario::from_json(
        r#"{"name": "a", "set": {"coverage.months": 2, "coverage.months": 3}}"#,
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .contains("key `coverage.months` is given twice"),
        "{e}"
    );
    let e = Scenario::from_json(r#"{"name": "a"} trailing"#).unwrap_err();
    assert!(e.to_string().contains("text after the scenario"), "{e}");
    assert!(Scenario::from_json(r#"{"name": "a", "set": {"coverage.months": 2}}"#).is_ok());
}

#[test]
fn toml_syntax_errors_name_their_place() {
    let e = Policy::from_toml("id = 'a'\nname = 'b'\nid = 'c'\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "policy is not valid toml: duplicate key `id` at line 3, column 1"
    );
    let e = RateTable::builtin().merged("version = \n").unwrap_err();
    assert_eq!(e.field(), Some("(syntax)"));
    assert!(e.to_string().contains("at line 1, column"), "{e}");
    assert!(!e.to_string().contains("field ``"), "{e}");
    let e = Scenario::from_toml("name = 'a'\nname = 'b'\n").unwrap_err();
    assert!(
        e.to_string().contains("duplicate key `name` at line 2"),
        "{e}"
    );
}

// ---- one masking rule -------------------------------------------------------------------

#[test]
fn a_title_line_with_semicolons_above_a_comma_header_is_read_under_commas() {
    // A BNBA export: a title line, then the header and rows with commas.
    let csv = b"DAFTAR PENERIMA; KAB. TEGAL; 2025\nnik,birth_date,regency,sector\n3328011505800001,1980-05-15,3328,nelayan\n";
    let roster = Roster::from_csv(csv).expect("the header is found under commas");
    assert_eq!(roster.delimiter, b',');
    assert_eq!((roster.rows.len(), roster.rows[0].line), (1, 3));
    let mut out = Vec::new();
    let report = tegal()
        .evaluate_file(iuran::RosterFile::Bytes(csv), Some(&mut out))
        .unwrap();
    assert_eq!((report.summary.rows, report.summary.eligible), (1, 1));
    assert!(out.starts_with(b"nik,birth_date,regency,sector,eligible,"));
}

#[test]
fn a_file_read_whole_and_streamed_finds_one_header_whatever_the_policy() {
    // Under `;` the first line is a header without a NIK column; under `,` the second
    // line names all four required columns. Both readers take the full header, whether
    // or not the policy requires a NIK.
    let csv = b"birth_date;regency;sector\nnik,birth_date,regency,sector\n3328011505800001,1980-05-15,3328,nelayan\n";
    let roster = Roster::from_csv(csv).unwrap();
    assert_eq!((roster.delimiter, roster.header_line), (b',', 2));
    let mut no_nik = tegal().spec().clone();
    no_nik.eligibility.require_nik = false;
    for policy in [tegal(), Policy::compile(no_nik).unwrap()] {
        let mut streamed = Vec::new();
        let report = policy
            .evaluate_file(iuran::RosterFile::Bytes(csv), Some(&mut streamed))
            .unwrap();
        assert_eq!((report.summary.rows, report.summary.eligible), (1, 1));
        let mut whole = Vec::new();
        policy.report_roster(&roster, Some(&mut whole)).unwrap();
        assert_eq!(streamed, whole);
    }
}

#[test]
fn a_header_without_a_nik_column_is_refused_alike_streamed_and_whole() {
    // Found by fuzzing: the `;` header lacks a regency, the `,` line is a header without
    // a NIK column. A policy that requires a NIK refuses it by both paths, naming `nik`.
    let csv = b"NIK;Nama;Tgl Lahir;Kab;Pekerjaan\nnik_x,birth_date,regency,sector\n3328011505800001,1980-05-15,3328,nelayan\n";
    let streamed = tegal()
        .evaluate_file(iuran::RosterFile::Bytes(csv), None)
        .unwrap_err();
    let roster = Roster::from_csv(csv).expect("a roster without NIKs reads");
    let whole = tegal().report_roster(&roster, None).unwrap_err();
    assert_eq!(streamed.to_string(), whole.to_string());
    assert_eq!((streamed.line(), streamed.field()), (Some(2), Some("nik")));
}

#[test]
fn an_output_whose_first_cell_holds_semicolons_reads_back() {
    // The header's first cell holds a quote and semicolons: the output writes it
    // quoted, and its first line then has more `;` inside quotes than `,` outside.
    let csv = b"x;\"y;z;w\n1\",nik,birth_date,regency,sector\n,3328011505800001,1980-05-15,3328,nelayan\n";
    let mut out = Vec::new();
    let report = tegal()
        .evaluate_file(iuran::RosterFile::Bytes(csv), Some(&mut out))
        .unwrap();
    let back = Roster::from_csv(&out).expect("the output reads back");
    assert_eq!(back.rows.len() as u64, report.summary.rows);
    assert_eq!(
        back.headers.len(),
        5 + iuran::roster::OUTPUT_COLUMNS.len() + 1
    );
}

#[test]
fn a_quote_inside_a_header_cell_is_a_character_and_the_output_reads_back() {
    // The quote in `sector"active_member` does not start the cell, so it is a
    // character of the cell, not the start of a quoted section that would run on
    // through the next lines. The file has one header and two data rows.
    let csv = b"nik,birth_date,regency,sector,sector\"active_member\n\
3328011505800001,1980-05-15,3328,nelayan,x\n\
3328011505800002,1981-05-15,3328,nelayan,y\n";
    let roster = Roster::from_csv(csv).expect("the roster reads");
    assert_eq!(roster.rows.len(), 2);
    assert_eq!(roster.headers[4], "sector\"active_member");
    let mut out = Vec::new();
    let report = tegal()
        .evaluate_file(iuran::RosterFile::Bytes(csv), Some(&mut out))
        .unwrap();
    assert_eq!(report.summary.rows, 2);
    let back = Roster::from_csv(&out).expect("the output reads back");
    assert_eq!(back.rows.len(), 2);
    assert_eq!(back.headers[4], "sector\"active_member");
    assert!(
        back.rows
            .iter()
            .all(|r| r.cells.len() == back.headers.len())
    );
}

#[test]
fn a_file_that_cannot_be_read_under_the_other_delimiter_reads_under_its_own() {
    // Under `;` the quote after `a;` starts a quoted cell that runs on to the end of the
    // file, longer than a cell may be; under `,` (the header's) it is a plain cell.
    let mut csv =
        b"nik,birth_date,regency,sector,note\n3328011505800001,1980-05-15,3328,nelayan,a;\"b\n"
            .to_vec();
    for i in 0..200 {
        csv.extend_from_slice(format!("33280115058{i:05},1980-05-15,3328,nelayan,x\n").as_bytes());
    }
    let roster = Roster::from_csv(&csv).expect("the roster reads under commas");
    assert_eq!(roster.rows.len(), 201);
    assert_eq!(roster.rows[0].cells[4], "a;\"b");
    let report = tegal()
        .evaluate_file(iuran::RosterFile::Bytes(&csv), None)
        .unwrap();
    assert_eq!(report.summary.rows, 201);
}

#[test]
fn every_nik_in_an_echoed_value_is_masked() {
    assert_eq!(
        iuran::nik::mask_niks(&format!("a {NIK}, b 1234")),
        "a 3328********0001, b 1234"
    );
    // Errors, whatever constructed them.
    let e = Error::Roster {
        line: Some(1),
        column: Some(NIK.into()),
        message: format!("required column is missing (the header has: {NIK}, Joko)"),
    };
    let shown = e.to_string();
    assert!(!shown.contains("01120370"), "{shown}");
    assert!(shown.contains("3328********0001"), "{shown}");
    // A 50 MB message is cut, not copied whole.
    let e = Error::Roster {
        line: None,
        column: None,
        message: "x".repeat(50 << 20),
    };
    assert!(e.to_string().chars().count() < 1_000);
    // Reasons, whatever the field: a NIK typed in the birth-date or regency column.
    let roster = Roster::from_csv(
        format!("nik,birth_date,regency,sector\n{NIK},{NIK},{NIK},{NIK}\n").as_bytes(),
    )
    .unwrap();
    let result = tegal().evaluate_roster(&roster).unwrap();
    let text = serde_json::to_string(&result.decisions[0]).unwrap()
        + &result.decisions[0]
            .reasons
            .iter()
            .map(|r| r.message(iuran::Lang::En))
            .collect::<String>();
    assert!(!text.contains("01120370"), "{text}");
    // Quality report: an occupation cell holding a NIK.
    let q = iuran::QualityReport::of(
        &roster,
        iuran::Taxonomy::builtin(),
        jiff::civil::date(2025, 11, 1),
    );
    let json = serde_json::to_string(&q).unwrap();
    assert!(!json.contains("01120370"), "{json}");
}

#[test]
fn a_reason_context_value_is_masked_and_cut() {
    let r = iuran::Reason::new(
        ReasonCode::InvalidValue,
        [("value", format!("{NIK}{}", "z".repeat(500)))],
    );
    assert!(r.context["value"].starts_with("3328********0001zz"));
    assert_eq!(r.context["value"].chars().count(), 80);
    assert!(r.context["value"].ends_with('…'));
}

// ---- the fuzz targets' properties, as proptests in the ordinary test run ----------------

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Text that looks like the files: fragments of real syntax and hostile values.
    fn policyish() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("id = 'x'\n".to_owned()),
            Just("name = 'x'\n".to_owned()),
            Just("regency = '3328'\n".to_owned()),
            Just("fiscal_year = 2025\n".to_owned()),
            Just("coverage = { start = '2025-09', months = 4 }\n".to_owned()),
            Just("[[funding]]\nid = 'apbd'\nkind = 'APBD'\n".to_owned()),
            Just("budget = inf\n".to_owned()),
            Just("budget = '79228162514264337593543950335'\n".to_owned()),
            Just("[[rate]]\nid='bpu-jkk'\nprogramme='JKK'\nsegment='BPU'\nfrom='2015-07'\nreference='x'\nstatus='news'\n".to_owned()),
            Just("amount = '1e28'\n".to_owned()),
            Just("percent = '-0.0000000000000000000000000001'\n".to_owned()),
            "[a-z_\\.=\\[\\]'\" 0-9{},\n]{0,40}",
        ];
        proptest::collection::vec(piece, 0..12).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn policy_parsers_never_panic(text in policyish(), raw in ".{0,200}") {
            for t in [&text, &raw] {
                let _ = Policy::from_toml(t);
                let _ = Policy::from_json(t);
                let _ = Scenario::from_toml(t).map(|s| s.apply(&tegal()));
                let _ = Scenario::from_json(t).map(|s| s.apply(&tegal()));
                let _ = RateTable::from_toml(t);
                let _ = RateTable::builtin().merged(t);
            }
        }

        #[test]
        fn workbook_reader_never_panics(tail in proptest::collection::vec(any::<u8>(), 0..400)) {
            let mut bytes = b"PK\x03\x04".to_vec();
            bytes.extend(tail);
            let _ = Roster::from_bytes(&bytes);
        }

        #[test]
        fn masking_leaves_no_nik(prefix in "[a-z ,]{0,10}", serial in 1u32..9999, suffix in "[a-z ,]{0,10}") {
            let nik = format!("332801120370{serial:04}");
            let masked = iuran::nik::mask_niks(&format!("{prefix}{nik}{suffix}"));
            prop_assert!(!masked.contains(&nik));
            prop_assert!(masked.contains("3328********"));
        }

        #[test]
        fn any_incomes_evaluate_rows_in_rows_out_and_totals_sum(
            incomes in proptest::collection::vec(
                prop_oneof![
                    (0u64..2_000_000_000).prop_map(|n| n.to_string()),
                    Just("79228162514264337593543950335".to_owned()),
                    Just("1000000000000000000000".to_owned()),
                    Just("Rp 1.500.000".to_owned()),
                    Just(String::new()),
                    "[0-9.,]{0,30}",
                ],
                1..40,
            )
        ) {
            let mut csv = String::from("nik,birth_date,regency,sector,declared_income\n");
            for (i, income) in incomes.iter().enumerate() {
                writeln!(csv, "33280112037{:05},1970-03-12,3328,Petani Tembakau,\"{income}\"", i + 1).unwrap();
            }
            let roster = Roster::from_csv(csv.as_bytes()).unwrap();
            let result = declared_jht().evaluate_roster(&roster).unwrap();
            prop_assert_eq!(result.decisions.len(), incomes.len());
            let sum: Decimal = result.decisions.iter().map(|d| d.total_cost).sum();
            prop_assert_eq!(result.summary.total_cost, sum);
        }
    }
}
