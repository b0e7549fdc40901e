//! WebAssembly bindings for **iuran**: who qualifies for a regency-funded BPJS
//! Ketenagakerjaan contribution subsidy, and what it costs, in the browser and in Node.
//!
//! The binding translates and decides nothing: every rule, rounding and default is the
//! core's. Names are camelCase; money is always a decimal string (`"16800"`), never a
//! JavaScript number. Errors are thrown as `Error` objects with `name = "IuranError"`
//! and a stable `code` (see [`error`]).
//!
//! ```js
//! import { Policy } from "iuran-wasm";
//! const policy = Policy.fromToml(policyText);
//! const decision = policy.evaluate({ nik, birthDate: "1970-11-02", regency: "3327", sector: "Petani Padi" }, "en");
//! decision.eligible;            // false
//! decision.reasons[0].message;  // "aged 54 on 2025-11-01, below the minimum age of 55"
//! ```
//!
//! Modules mirror the core's: [`policy`], [`worker`], [`decision`], [`reason`],
//! [`roster`], [`summary`], [`compare`], [`planning`], [`quality`], [`roadmap`], [`benefits`],
//! [`lint`], [`sector`], [`error`].

mod args;
pub mod benefits;
pub mod compare;
pub mod decision;
pub mod error;
pub mod lint;
pub mod options;
pub mod planning;
pub mod policy;
pub mod quality;
pub mod reason;
pub mod roadmap;
pub mod roster;
pub mod sector;
pub mod summary;
pub mod worker;

use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

pub use policy::Policy;

/// Types the generated declarations refer to that no Rust struct of this crate
/// describes: the language and programme names, the thrown error, and the policy file
/// schema (the core's `PolicySpec`, in the file's own snake_case names; a host test
/// checks it against the core's serialisation field by field).
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = include_str!("types.d.ts");

/// The version of this package (and of the `iuran` core it is built with).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The built-in sector taxonomy (groups and sectors with their names in `lang`), for a
/// sector picker. A sector's `code` is accepted as a worker's `sector`.
#[wasm_bindgen]
pub fn taxonomy(
    options: Option<Ts<options::LangOptions>>,
) -> Result<Ts<sector::Taxonomy>, error::Error> {
    let lang = options::lang(options::read(options)?.lang);
    Ok(sector::Taxonomy::new(iuran::Taxonomy::builtin(), lang).into_ts()?)
}

/// The data-quality report of a roster (CSV text, or the bytes of a CSV or `.xlsx`
/// file): missing and unreadable fields, invalid and duplicate NIKs, NIKs that disagree
/// with the birth date or sex, unknown occupations, implausible birth dates — with the
/// file's own row numbers. Ages and future dates are judged on `asOf` (`YYYY-MM-DD`,
/// e.g. today); occupations against the built-in sector taxonomy, the one every
/// `Policy` of this package uses. Throws only when the file cannot be read at all.
/// Each finding present has a plain heading in `lang` (`headings`).
#[wasm_bindgen(js_name = qualityReport)]
pub fn quality_report(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] roster: &JsValue,
    #[wasm_bindgen(js_name = asOf)] as_of: &str,
    options: Option<Ts<options::LangOptions>>,
) -> Result<Ts<quality::QualityReport>, error::Error> {
    let lang = options::lang(options::read(options)?.lang);
    let as_of = iuran::worker::parse_date(as_of)
        .ok_or_else(|| error::Error::argument(Some("asOf"), "must be a date written YYYY-MM-DD"))?;
    let roster = roster::read(roster)?;
    let report = iuran::QualityReport::of(&roster, iuran::Taxonomy::builtin(), as_of);
    Ok(quality::QualityReport::new(report, lang).into_ts()?)
}

/// The core's words in `lang`: every reason code's short label and message template
/// (`{name}` marks a context value), and what each roster field is called. For tables
/// that count reasons by code, and for checking that a page speaks one language.
#[wasm_bindgen(js_name = messageCatalogue)]
pub fn message_catalogue(
    options: Option<Ts<options::LangOptions>>,
) -> Result<Ts<reason::Catalogue>, error::Error> {
    let lang = options::lang(options::read(options)?.lang);
    Ok(reason::Catalogue::new(lang).into_ts()?)
}

/// The name of a regency or city by its BPS/Kemendagri code (`"3328"` →
/// `"Kabupaten Tegal"`), or `undefined` when the built-in table does not list it.
#[wasm_bindgen(js_name = regionName)]
pub fn region_name(code: &str) -> Option<String> {
    iuran::region::name(code).map(str::to_owned)
}

/// A rupiah amount as people write it (`"1.500.000"`, `"Rp 1.500.000"`,
/// `"1,500,000"`), read by the core: a decimal string (`"1500000"`), or `undefined` when
/// the text is not a whole amount of rupiah.
#[wasm_bindgen(js_name = parseRupiah)]
pub fn parse_rupiah(text: &str) -> Option<String> {
    iuran::money::parse_rupiah(text).map(|d| d.to_string())
}

/// The school levels a child's scholarship is paid for (`code`, `name` in `lang`), for
/// the `children` of `policy.benefits`.
#[wasm_bindgen(js_name = schoolLevels)]
pub fn school_levels(
    options: Option<Ts<options::LangOptions>>,
) -> Result<Vec<Ts<benefits::SchoolLevel>>, error::Error> {
    let lang = options::lang(options::read(options)?.lang);
    let mut out = Vec::new();
    for level in benefits::school_levels(lang) {
        out.push(level.into_ts()?);
    }
    Ok(out)
}

/// Helpers for the host tests of the modules.
#[cfg(test)]
pub(crate) mod testing {
    use serde_json::Value;

    /// The core's JSON with every struct field renamed to camelCase (the values of the
    /// keys named in `maps`, whose own keys are months, source ids or column names, are
    /// left alone): what the binding must hand back.
    pub(crate) fn camel_fields(v: &Value, maps: &[&str]) -> Value {
        match v {
            Value::Object(o) => Value::Object(
                o.iter()
                    .map(|(k, x)| {
                        let inner = if maps.contains(&k.as_str()) {
                            x.clone()
                        } else {
                            camel_fields(x, maps)
                        };
                        (crate::error::camel(k), inner)
                    })
                    .collect(),
            ),
            Value::Array(a) => Value::Array(a.iter().map(|x| camel_fields(x, maps)).collect()),
            _ => v.clone(),
        }
    }

    /// The binding's value serialises to the core's, renamed.
    pub(crate) fn same<C: serde::Serialize, B: serde::Serialize>(
        core: &C,
        binding: &B,
        maps: &[&str],
    ) {
        let core = serde_json::to_value(core).unwrap();
        assert_eq!(
            serde_json::to_value(binding).unwrap(),
            camel_fields(&core, maps)
        );
    }

    /// An example policy by file name.
    pub(crate) fn policy(name: &str) -> iuran::Policy {
        let path = format!(
            "{}/../examples/policies/{name}.toml",
            env!("CARGO_MANIFEST_DIR")
        );
        iuran::Policy::from_toml(&std::fs::read_to_string(path).unwrap()).unwrap()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use serde_json::Value;

    /// The fields of each interface in `types.d.ts`.
    fn interfaces() -> BTreeMap<String, BTreeSet<String>> {
        let mut out = BTreeMap::new();
        let mut current: Option<(String, BTreeSet<String>)> = None;
        for line in include_str!("types.d.ts").lines() {
            let line = line.trim();
            if let Some(rest) = line.strip_prefix("export interface ") {
                let name = rest.split_whitespace().next().unwrap().to_owned();
                current = Some((name, BTreeSet::new()));
            } else if line == "}" {
                if let Some((name, fields)) = current.take() {
                    out.insert(name, fields);
                }
            } else if let Some((_, fields)) = current.as_mut()
                && let Some((field, _)) = line.split_once(':')
                && !line.starts_with('/')
                && !line.starts_with('*')
            {
                fields.insert(field.trim_end_matches('?').to_owned());
            }
        }
        out
    }

    fn keys(v: &Value) -> BTreeSet<String> {
        v.as_object().unwrap().keys().cloned().collect()
    }

    /// Every field of the core's `PolicySpec`, set, serialises to exactly the fields the
    /// TypeScript interfaces declare.
    #[test]
    fn policy_spec_declarations_match_the_core() {
        let spec = iuran::Policy::from_toml(
            r#"
            id = "all"
            name = "Every field"
            regency = "3328"
            fiscal_year = 2025
            dbhcht_allocation = "1000000000"
            [coverage]
            start = "2025-01"
            months = 2
            programmes = ["JKK", "JKM", "JHT"]
            income = "fixed"
            income_amount = "1500000"
            [eligibility]
            age = { min = 18, max = 60, rule = "on_date", date = "2024-12-01" }
            sectors = ["fisher"]
            groups = ["tobacco"]
            districts = { include = ["332801"], exclude = ["332899"] }
            exclude_active_members = true
            max_welfare_decile = 4
            require_dtsen = true
            [[funding]]
            id = "csr"
            kind = "CSR"
            name = "CSR"
            public_payer = false
            sectors = ["fisher"]
            groups = ["tobacco"]
            budget = "1000000"
            max_workers = 10
            [[occupation]]
            code = "parking_attendant"
            group = "labour"
            name_id = "Juru parkir"
            name_en = "Parking attendant"
            aliases = ["jukir"]
            "#,
        )
        .unwrap()
        .spec()
        .clone();
        let json = serde_json::to_value(&spec).unwrap();
        let ts = interfaces();
        for (value, name) in [
            (&json, "PolicySpec"),
            (&json["eligibility"], "PolicyEligibility"),
            (&json["eligibility"]["age"], "PolicyAgeBand"),
            (&json["eligibility"]["districts"], "PolicyDistricts"),
            (&json["funding"][0], "PolicyFunding"),
            (&json["occupation"][0], "PolicyOccupation"),
        ] {
            assert_eq!(keys(value), ts[name], "{name}");
        }
        // A coverage is one run (above) or blocks: the interface names both forms.
        let blocks = iuran::Policy::from_toml(
            "id = 'b'\nname = 'b'\nregency = '3328'\nfiscal_year = 2025\n\
             coverage = { blocks = [{ start = '2025-01', months = 2 }] }\n\
             [[funding]]\nid = 'a'\nkind = 'APBD'\n",
        )
        .unwrap()
        .spec()
        .clone();
        let blocks = serde_json::to_value(&blocks).unwrap();
        let mut coverage = keys(&json["coverage"]);
        coverage.extend(keys(&blocks["coverage"]));
        assert_eq!(coverage, ts["PolicyCoverage"], "PolicyCoverage");
        assert_eq!(
            keys(&blocks["coverage"]["blocks"][0]),
            ts["PolicyCoverageBlock"],
            "PolicyCoverageBlock"
        );
    }

    /// The hand-written input interfaces name exactly the core's fields, in camelCase.
    #[test]
    fn input_declarations_match_the_core() {
        let roadmap = iuran::RoadmapInput {
            baseline_year: 2025,
            baseline_percent: Some(rust_decimal::Decimal::ONE),
            baseline_members: Some(1),
            workforce: 1,
            workforce_growth_percent: rust_decimal::Decimal::ONE,
            target_year: 2026,
            target_percent: rust_decimal::Decimal::ONE,
            path: iuran::roadmap::Path::Linear,
            subsidy_share_percent: rust_decimal::Decimal::ONE,
            source: Some("a".into()),
            sector: Some("b".into()),
        };
        let query = iuran::benefits::BenefitQuery {
            work_accident: true,
            month: 1,
            children: vec![],
        };
        let ts = interfaces();
        for (value, name) in [
            (serde_json::to_value(&roadmap).unwrap(), "RoadmapInput"),
            (serde_json::to_value(&query).unwrap(), "BenefitQuery"),
        ] {
            let camel: BTreeSet<String> = keys(&value)
                .iter()
                .map(|k| crate::error::camel(k))
                .collect();
            assert_eq!(camel, ts[name], "{name}");
        }
    }
}
