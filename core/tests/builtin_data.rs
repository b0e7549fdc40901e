//! The built-in reference data is written in TOML (`data/*.toml`, with its sources in
//! comments) and embedded as JSON (`data/*.json`), so that a build without the `toml`
//! feature needs no TOML parser. Each JSON file must hold exactly its TOML file's data;
//! `IURAN_BLESS=1` rewrites the JSON files from the TOML ones.

use std::path::PathBuf;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name)
}

#[test]
fn every_json_twin_holds_its_toml_file() {
    let bless = std::env::var_os("IURAN_BLESS").is_some();
    for name in ["rates", "sectors", "benefits"] {
        let toml_text = std::fs::read_to_string(data(&format!("{name}.toml"))).unwrap();
        let from_toml: serde_json::Value = toml::from_str(&toml_text).unwrap();
        let json_path = data(&format!("{name}.json"));
        if bless {
            let text = serde_json::to_string_pretty(&from_toml).unwrap() + "\n";
            std::fs::write(&json_path, text).unwrap();
        }
        let json_text = std::fs::read_to_string(&json_path).unwrap();
        let from_json: serde_json::Value = serde_json::from_str(&json_text).unwrap();
        assert_eq!(
            from_json, from_toml,
            "data/{name}.json differs from data/{name}.toml: rerun with IURAN_BLESS=1"
        );
    }
}

#[test]
fn the_builtin_tables_are_the_toml_files() {
    let rates = iuran::RateTable::from_toml(&std::fs::read_to_string(data("rates.toml")).unwrap());
    assert_eq!(&rates.unwrap(), iuran::RateTable::builtin());
    let taxonomy = iuran::Taxonomy::from_toml(iuran::Taxonomy::BUILTIN_TOML).unwrap();
    let builtin = iuran::Taxonomy::builtin();
    let sectors = |t: &iuran::Taxonomy| {
        t.sectors()
            .map(|(_, s)| format!("{s:?}"))
            .collect::<Vec<_>>()
    };
    assert_eq!(sectors(&taxonomy), sectors(builtin));
    for text in [
        "Buruh Tani Tembakau",
        "ojek online",
        "PETANI/PEKEBUN",
        "nelayan",
    ] {
        assert_eq!(taxonomy.lookup(text), builtin.lookup(text), "{text}");
    }
}
