//! A BNBA list as villages send it — an Excel workbook with a title, Indonesian
//! headers, NIKs stored as numbers or with apostrophes and spaces, dates as Excel dates,
//! serials and Indonesian month names — gives the same decisions as the clean CSV of the
//! same people.

use iuran::{Policy, Roster};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const CLEAN: &str = "\
nik,name,birth_date,sex,regency,district,sector
3328011203700001,Siti,1970-03-12,L,3328,332801,Petani Tembakau
3328015203700002,Sri,1970-03-12,P,3328,332801,Petani Cengkeh
3328011203700003,Budi,1970-03-12,L,3328,332802,Petani Padi
3328011203700004,Agus,1970-03-12,L,3376,337601,Nelayan
3328011203700005,Eko,1970-03-12,L,3328,332803,Buruh Bangunan
3328011203700006,Dwi,1970-03-13,L,3328,332803,Nelayan
33280112037,Nur,1970-03-12,L,3328,332803,Nelayan
";

/// The same people, written the way a village office does.
fn messy_workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    sheet
        .write_string(0, 0, "DAFTAR PENERIMA BANTUAN IURAN BPJS KETENAGAKERJAAN")
        .unwrap();
    sheet
        .write_string(1, 0, "Kabupaten Tegal Tahun Anggaran 2025")
        .unwrap();
    let headers = [
        "No",
        "NIK",
        "Nama Lengkap",
        "Tempat/Tgl Lahir",
        "Jenis Kelamin",
        "Kode Kabupaten",
        "Kecamatan",
        "Desa/Kelurahan",
        "Pekerjaan",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(3, c as u16, *h).unwrap();
    }
    // Row 5 (index 4): NIK as a number, birth date as "place, DD MMMM YYYY".
    let rows: [Person<'_>; 7] = [
        (
            "n3328011203700001",
            "Siti",
            "Slawi, 12 Maret 1970",
            "L",
            "3328",
            "332801",
            "PETANI TEMBAKAU",
        ),
        (
            "'3328015203700002",
            "Sri",
            "Slawi, 12-03-1970",
            "P",
            "33.28",
            "33.28.01",
            "Petani cengkeh",
        ),
        (
            "3328 0112 0370 0003",
            "Budi",
            "Slawi, 25639",
            "L",
            "3328",
            "332802",
            "petani padi",
        ),
        (
            "3328011203700004",
            "Agus",
            "Tegal, 12/03/1970",
            "L",
            "3376",
            "337601",
            "nelayan",
        ),
        (
            "3328011203700005",
            "Eko",
            "D",
            "L",
            "3328",
            "332803",
            "buruh bangunan",
        ),
        (
            "3328011203700006",
            "Dwi",
            "Slawi, 13 Mar 1970",
            "L",
            "3328",
            "332803",
            "Nelayan",
        ),
        (
            "33280112037",
            "Nur",
            "Slawi, 12 Maret 1970",
            "L",
            "3328",
            "332803",
            "Nelayan",
        ),
    ];
    for (i, row) in rows.iter().enumerate() {
        write_person(sheet, 4 + i as u32, row, &date);
    }
    book.save_to_buffer().unwrap()
}

type Person<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
);

/// One person's row, in the cell types a village office would use.
fn write_person(
    sheet: &mut rust_xlsxwriter::Worksheet,
    r: u32,
    person: &Person<'_>,
    date: &Format,
) {
    let (nik, name, ttl, sex, regency, district, job) = *person;
    sheet.write_number(r, 0, f64::from(r - 3)).unwrap();
    if let Some(n) = nik.strip_prefix('n') {
        sheet.write_number(r, 1, n.parse::<f64>().unwrap()).unwrap();
    } else {
        sheet.write_string(r, 1, nik).unwrap();
    }
    sheet.write_string(r, 2, name).unwrap();
    if ttl == "D" {
        // An Excel date cell in the place-and-date column.
        let d = ExcelDateTime::from_ymd(1970, 3, 12).unwrap();
        sheet.write_datetime_with_format(r, 3, &d, date).unwrap();
    } else {
        sheet.write_string(r, 3, ttl).unwrap();
    }
    sheet.write_string(r, 4, sex).unwrap();
    if regency.contains('.') {
        sheet.write_string(r, 5, regency).unwrap();
    } else {
        sheet
            .write_number(r, 5, regency.parse::<f64>().unwrap())
            .unwrap();
    }
    sheet.write_string(r, 6, district).unwrap();
    sheet.write_string(r, 7, "Desa Contoh").unwrap();
    sheet.write_string(r, 8, job).unwrap();
}

fn tegal() -> Policy {
    Policy::from_file(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/policies/tegal-2025.toml"
    ))
    .unwrap()
}

#[test]
fn messy_workbook_decides_like_the_clean_csv() {
    let policy = tegal();
    let clean = policy
        .evaluate_roster(&Roster::from_csv(CLEAN.as_bytes()).unwrap())
        .unwrap();
    let bytes = messy_workbook();
    let roster = Roster::from_bytes(&bytes).unwrap();
    // Excel's own row numbers: the header is on row 4, the first person on row 5.
    let lines: Vec<u64> = roster.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, [5, 6, 7, 8, 9, 10, 11]);
    let messy = policy.evaluate_roster(&roster).unwrap();
    let codes = |e: &iuran::Evaluation| {
        e.decisions
            .iter()
            .map(iuran::Decision::reason_codes)
            .collect::<Vec<_>>()
    };
    assert_eq!(codes(&messy), codes(&clean));
    // Worked out by hand: rows 1-3 eligible (tobacco, clove, rice farmers), row 4
    // lives in Kota Tegal, row 5 is a construction worker, row 6's NIK says the 12th,
    // row 7's NIK is 11 digits.
    assert_eq!(
        codes(&clean),
        [
            "",
            "",
            "",
            "outside_region",
            "sector_not_covered",
            "nik_birth_date_mismatch",
            "invalid_nik"
        ]
    );
    assert_eq!(messy.summary, clean.summary);
    assert_eq!(messy.summary.total_cost.to_string(), "201600"); // 3 × 16,800 × 4
}

#[test]
fn the_output_keeps_the_workbook_columns() {
    let roster = Roster::from_bytes(&messy_workbook()).unwrap();
    let out = String::from_utf8(roster.write_csv(&tegal()).unwrap()).unwrap();
    let first = out.lines().next().unwrap();
    assert!(first.starts_with("No,NIK,Nama Lengkap,Tempat/Tgl Lahir,Jenis Kelamin,Kode Kabupaten,Kecamatan,Desa/Kelurahan,Pekerjaan,eligible"), "{first}");
    assert!(
        out.lines()
            .nth(1)
            .unwrap()
            .starts_with("1,3328011203700001,Siti,\"Slawi, 12 Maret 1970\""),
        "{out}"
    );
}

/// A worker's own cover in a workbook: the `Bulan Mulai` and `Bulan Akhir` columns as
/// Excel date cells (what a spreadsheet makes of "Mar 2025") or as text.
#[test]
fn cover_months_read_from_date_cells_and_text() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let month = Format::new().set_num_format("mmm yyyy");
    let headers = [
        "NIK",
        "Tanggal Lahir",
        "Kode Kabupaten",
        "Pekerjaan",
        "Bulan Mulai",
        "Bulan Akhir",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..=2u32 {
        sheet
            .write_string(r, 0, format!("332801120370000{r}"))
            .unwrap();
        sheet.write_string(r, 1, "1970-03-12").unwrap();
        sheet.write_string(r, 2, "3328").unwrap();
        sheet.write_string(r, 3, "Petani Tembakau").unwrap();
    }
    // Row 1: from October 2025 (a date cell) to November (text).
    let october = ExcelDateTime::from_ymd(2025, 10, 1).unwrap();
    sheet
        .write_datetime_with_format(1, 4, &october, &month)
        .unwrap();
    sheet.write_string(1, 5, "2025-11").unwrap();
    // Row 2: from December (text), to the coverage's end.
    sheet.write_string(2, 4, "2025-12").unwrap();
    let roster = Roster::from_bytes(&book.save_to_buffer().unwrap()).unwrap();
    let e = tegal().evaluate_roster(&roster).unwrap();
    // Tegal covers September–December 2025 at 16,800 a month (DBHCHT, no discount):
    // row 1 October–November, 2 × 16,800; row 2 December, 16,800.
    let months: Vec<(u32, String)> = e
        .decisions
        .iter()
        .map(|d| (d.months, d.total_cost.to_string()))
        .collect();
    assert_eq!(months, [(2, "33600".into()), (1, "16800".into())]);
}
