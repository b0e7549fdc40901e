//! Warnings about a policy that is legal but risky, in one language.

use iuran::Lang;
use serde::Serialize;
use tsify::Tsify;

/// One warning about a policy.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(hashmap_as_object, missing_as_null)]
pub struct Lint {
    /// Stable `snake_case` code (`short_cover_funeral_only`).
    pub code: String,
    /// The policy field concerned (`coverage.months`).
    pub field: String,
    /// The message in the language asked for.
    pub message: String,
}

impl Lint {
    pub(crate) fn new(l: &iuran::Lint, lang: Lang) -> Lint {
        Lint {
            code: l.code.clone(),
            field: l.field.clone(),
            message: match lang {
                Lang::Id => l.message_id.clone(),
                Lang::En => l.message_en.clone(),
            },
        }
    }
}
