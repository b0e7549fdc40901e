//! Reasons and the message language, as JavaScript sees them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tsify::Tsify;

/// Message language: Bahasa Indonesia (the default) or English.
#[derive(Debug, Clone, Copy, Deserialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Bahasa Indonesia.
    Id,
    /// English.
    En,
}

/// One reason a worker is not eligible.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct Reason {
    /// Stable `snake_case` code (`age_below_minimum`).
    pub code: String,
    /// The message in the language asked for.
    pub message: String,
    /// The values the message refers to, all text (`{ age: "54", minimum: "55" }`).
    pub context: BTreeMap<String, String>,
}

impl Reason {
    pub(crate) fn new(r: &iuran::Reason, lang: iuran::Lang) -> Reason {
        Reason {
            code: r.code.as_str().to_owned(),
            message: r.message(lang),
            context: r.context.clone(),
        }
    }
}

/// The core's words in one language.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct Catalogue {
    /// Per reason code: its short label and its message template.
    pub reasons: BTreeMap<String, CatalogueReason>,
    /// What each roster field is called (`birth_date` → `tanggal lahir`).
    pub fields: BTreeMap<String, String>,
}

/// One reason code's words.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct CatalogueReason {
    /// Short heading without a worker's values.
    pub label: String,
    /// The message, `{name}` standing for a context value.
    pub template: String,
}

impl Catalogue {
    pub(crate) fn new(lang: iuran::Lang) -> Catalogue {
        let fields = [
            "nik",
            "name",
            "birth_date",
            "sex",
            "regency",
            "district",
            "sector",
            "active_member",
            "welfare_decile",
            "dtsen",
            "declared_income",
            "cover_from",
            "cover_to",
        ];
        Catalogue {
            reasons: iuran::ReasonCode::ALL
                .iter()
                .map(|c| {
                    (
                        c.as_str().to_owned(),
                        CatalogueReason {
                            label: c.label(lang).to_owned(),
                            template: c.template(lang).to_owned(),
                        },
                    )
                })
                .collect(),
            fields: fields
                .iter()
                .map(|f| {
                    (
                        (*f).to_owned(),
                        iuran::reason::field_label(f, lang).to_owned(),
                    )
                })
                .collect(),
        }
    }
}
