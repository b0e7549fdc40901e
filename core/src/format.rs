//! Which language a policy or scenario is written in: decided once, here, for every
//! surface — by the file name's extension when it has a known one, otherwise by the
//! text itself (JSON starts with `{`; a TOML document never does).

use std::path::Path;

/// The language of a policy or scenario text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// TOML (the form the examples use).
    Toml,
    /// JSON.
    Json,
}

impl Format {
    /// The format of `text`, read from a file called `name` when there is one.
    ///
    /// ```
    /// use iuran::format::Format;
    /// assert_eq!(Format::detect(Some("tegal.JSON"), "id = 1"), Format::Json);
    /// assert_eq!(Format::detect(Some("tegal.toml"), "{}"), Format::Toml);
    /// assert_eq!(Format::detect(None, "\u{feff}  {\"id\": \"x\"}"), Format::Json);
    /// assert_eq!(Format::detect(Some("scenario.txt"), "name = \"x\""), Format::Toml);
    /// ```
    pub fn detect(name: Option<&str>, text: &str) -> Format {
        let extension = name
            .and_then(|n| Path::new(n).extension())
            .and_then(|e| e.to_str());
        match extension {
            Some(e) if e.eq_ignore_ascii_case("json") => Format::Json,
            Some(e) if e.eq_ignore_ascii_case("toml") => Format::Toml,
            _ if text
                .trim_start_matches('\u{feff}')
                .trim_start()
                .starts_with('{') =>
            {
                Format::Json
            }
            _ => Format::Toml,
        }
    }

    /// The format's name as the audit record writes it: `toml` or `json`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Toml => "toml",
            Format::Json => "json",
        }
    }
}
