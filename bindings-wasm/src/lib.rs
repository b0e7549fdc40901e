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
//! [`roster`], [`summary`], [`lint`], [`sector`], [`error`].

pub mod decision;
pub mod error;
pub mod lint;
pub mod policy;
pub mod reason;
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
pub fn taxonomy(lang: Option<Ts<reason::Lang>>) -> Result<Ts<sector::Taxonomy>, error::Error> {
    let lang = reason::lang(lang)?;
    Ok(sector::Taxonomy::new(iuran::Taxonomy::builtin(), lang).into_ts()?)
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
            [coverage]
            start = "2025-01"
            months = 2
            programmes = ["JKK", "JKM", "JHT"]
            income = "fixed"
            income_amount = "1500000"
            [eligibility]
            age = { min = 18, max = 60, rule = "throughout" }
            sectors = ["fisher"]
            groups = ["tobacco"]
            districts = { include = ["332801"], exclude = ["332899"] }
            exclude_active_members = true
            max_welfare_decile = 4
            [[funding]]
            id = "csr"
            kind = "CSR"
            name = "CSR"
            public_payer = false
            sectors = ["fisher"]
            groups = ["tobacco"]
            budget = "1000000"
            "#,
        )
        .unwrap()
        .spec()
        .clone();
        let json = serde_json::to_value(&spec).unwrap();
        let ts = interfaces();
        for (value, name) in [
            (&json, "PolicySpec"),
            (&json["coverage"], "PolicyCoverage"),
            (&json["eligibility"], "PolicyEligibility"),
            (&json["eligibility"]["age"], "PolicyAgeBand"),
            (&json["eligibility"]["districts"], "PolicyDistricts"),
            (&json["funding"][0], "PolicyFunding"),
        ] {
            assert_eq!(keys(value), ts[name], "{name}");
        }
    }
}
