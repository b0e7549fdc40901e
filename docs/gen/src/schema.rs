//! The field paths of the files users write — a policy, a scenario, a rate file — read
//! from the core's own types, and the paths a schema page documents.
//!
//! Each type derives `Deserialize` with `deny_unknown_fields`, so deserializing a map
//! with a field no type has fails with serde's message listing every field the type
//! accepts (`unknown field …, expected one of `id`, `name`, …`): the list is the
//! type's, not a copy. Nested tables are named here by their path; a new nested table
//! in the core shows up as a new field and fails the check until it is documented.

use std::collections::BTreeSet;

use iuran::occupation::Occupation;
use iuran::policy::{
    AgeBand, AllocationRules, Block, Coverage, Districts, Eligibility, FundingSource,
};
use iuran::rates::{Adjustment, Bracket, DbhchtRule, IncomeRule, PaymentRule, Rate};
use iuran::{PolicySpec, RateTable, Scenario};
use serde::de::DeserializeOwned;

/// A file kind whose schema the site documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A programme policy (`examples/policies/*.toml`).
    Policy,
    /// A what-if scenario (`examples/scenarios/*.toml`).
    Scenario,
    /// A rate file (`--rates FILE`, `core/data/rates.toml`).
    Rates,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 3] = [Kind::Policy, Kind::Scenario, Kind::Rates];

    /// The marker name in a page: `<!-- schema: policy -->`.
    pub fn marker(self) -> &'static str {
        match self {
            Kind::Policy => "policy",
            Kind::Scenario => "scenario",
            Kind::Rates => "rates",
        }
    }

    /// Every leaf field path of this kind (`coverage.start`, `funding[].budget`).
    pub fn fields(self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let tables: Vec<(&str, Vec<String>)> = match self {
            Kind::Policy => vec![
                ("", fields_of::<PolicySpec>()),
                ("coverage", fields_of::<Coverage>()),
                ("coverage.blocks[]", fields_of::<Block>()),
                ("eligibility", fields_of::<Eligibility>()),
                ("eligibility.age", fields_of::<AgeBand>()),
                ("eligibility.districts", fields_of::<Districts>()),
                ("funding[]", fields_of::<FundingSource>()),
                ("allocation", fields_of::<AllocationRules>()),
                ("occupation[]", fields_of::<Occupation>()),
            ],
            Kind::Scenario => vec![("", fields_of::<Scenario>())],
            Kind::Rates => vec![
                ("", fields_of::<RateTable>()),
                ("income", fields_of::<IncomeRule>()),
                ("income.bracket[]", fields_of::<Bracket>()),
                ("payment", fields_of::<PaymentRule>()),
                ("dbhcht", fields_of::<DbhchtRule>()),
                ("rate[]", fields_of::<Rate>()),
                ("adjustment[]", fields_of::<Adjustment>()),
            ],
        };
        let containers: BTreeSet<&str> = tables.iter().map(|(p, _)| *p).collect();
        for (prefix, names) in &tables {
            for name in names {
                let path = join(prefix, name);
                let is_table = containers.contains(path.as_str())
                    || containers.contains(&*format!("{path}[]"));
                if !is_table {
                    out.insert(path);
                }
            }
        }
        out
    }
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

/// The fields a struct deserializes, as serde names them (renames applied).
///
/// Panics, with serde's message, if the type does not reject unknown fields: the schema
/// check must not pass on a type it cannot read.
pub fn fields_of<T: DeserializeOwned>() -> Vec<String> {
    const PROBE: &str = "\u{1}no such field";
    let probe = serde_json::json!({ PROBE: null });
    let message = match serde_json::from_value::<T>(probe) {
        Ok(_) => panic!("{} accepted an unknown field", std::any::type_name::<T>()),
        Err(e) => e.to_string(),
    };
    let Some((_, expected)) = message.split_once("expected ") else {
        panic!(
            "{}: not an unknown-field error: {message}",
            std::any::type_name::<T>()
        );
    };
    assert!(
        message.starts_with("unknown field"),
        "{}: not an unknown-field error: {message}",
        std::any::type_name::<T>()
    );
    expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The field paths a page documents for `kind`: the first backticked word of every table
/// row between `<!-- schema: KIND -->` and `<!-- /schema -->`.
pub fn documented(page: &str, kind: Kind) -> BTreeSet<String> {
    let start = format!("<!-- schema: {} -->", kind.marker());
    let mut out = BTreeSet::new();
    let mut inside = false;
    for line in page.lines() {
        let line = line.trim();
        if line == start {
            inside = true;
        } else if line == "<!-- /schema -->" {
            inside = false;
        } else if inside
            && line.starts_with("| `")
            && let Some(path) = line.split('`').nth(1)
        {
            out.insert(path.to_owned());
        }
    }
    out
}
