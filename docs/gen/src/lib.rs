//! The documentation site's generated pages and its schema check.
//!
//! The site (`docs/site/id` and `docs/site/en`, two mdBook books) is written by hand
//! except for the reference pages that restate what the core already knows: the reason
//! codes with both message templates, the rate table with its references and statuses,
//! the sector taxonomy, the command-line help and the TypeScript declarations. The
//! `docs-gen` program writes those at build time from the core itself, so they cannot
//! drift; [`schema`] holds the field paths of the policy, scenario and rate-file types,
//! read from the types' own deserializers, that the hand-written schema pages are
//! checked against (`tests/schema.rs`).
//!
//! The guide's Rust code blocks are compiled and run as doc tests of this crate
//! (`cargo test -p iuran-docs --doc`).

pub mod pages;
pub mod schema;

/// A language of the site: Indonesian first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Bahasa Indonesia.
    Id,
    /// English.
    En,
}

impl Lang {
    /// Both languages, Indonesian first.
    pub const ALL: [Lang; 2] = [Lang::Id, Lang::En];

    /// `id` or `en`: the book's folder.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    /// The core's language.
    pub fn core(self) -> iuran::Lang {
        match self {
            Lang::Id => iuran::Lang::Id,
            Lang::En => iuran::Lang::En,
        }
    }

    /// Pick the text for this language.
    pub fn pick<'a>(self, id: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Id => id,
            Lang::En => en,
        }
    }
}

/// The guide pages holding Rust code blocks, run as doc tests. `tests/schema.rs`
/// checks that no page with a Rust block is missing here.
macro_rules! guide_doctests {
    ($($name:ident = $path:literal;)*) => {
        /// Pages of the guide whose Rust blocks are doc tests.
        pub const RUST_PAGES: &[&str] = &[$($path),*];
        $(
            #[cfg(doctest)]
            #[doc = include_str!(concat!("../../site/", $path))]
            pub struct $name;
        )*
    };
}

guide_doctests! {
    IdDecisions = "id/src/guide/decisions.md";
    EnDecisions = "en/src/guide/decisions.md";
}
