//! The one public error type.
//!
//! An [`Error`] means the *input* is unusable: a policy that does not validate, a rate
//! table with a hole in it, a roster file that cannot be read at all. A worker who does
//! not qualify is not an error: that is a [`Decision`](crate::Decision) with reasons.
//!
//! Messages are lower case, name the field, column or line, and never contain a NIK or a
//! name unmasked.

/// Everything that can go wrong in `iuran`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A policy file is not valid TOML or JSON.
    #[error("policy is not valid {format}: {}", shown(message))]
    PolicySyntax {
        /// `toml` or `json`.
        format: &'static str,
        /// What the parser said, with line and column.
        message: String,
    },
    /// A policy field has a wrong or missing value.
    #[error("policy field `{}`: {}", shown(field), shown(message))]
    PolicyField {
        /// Dotted path of the field, e.g. `eligibility.age.min` or `funding[1].public_payer`.
        field: String,
        /// Why the value is rejected.
        message: String,
    },
    /// A scenario file is invalid, or the policy it makes from its base does not
    /// validate. `field` is the scenario's own field (`set.eligibility.age.min`).
    #[error(
        "scenario{} field `{}`: {}",
        named(scenario),
        shown(field),
        shown(message)
    )]
    Scenario {
        /// The scenario's name (or file, when it cannot be read); may be empty.
        scenario: String,
        /// The field of the scenario file the error is about.
        field: String,
        /// Why it is rejected.
        message: String,
    },
    /// An audit record cannot be read or does not match what it records.
    #[error("audit record field `{}`: {}", shown(field), shown(message))]
    Audit {
        /// The field of the record.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// Reference data (rate table, sector taxonomy) is malformed or incomplete.
    #[error("{table} field `{}`: {}", shown(field), shown(message))]
    Data {
        /// `rate table` or `sector taxonomy`.
        table: &'static str,
        /// Dotted path of the offending field.
        field: String,
        /// Why it is rejected.
        message: String,
    },
    /// A roster file cannot be read at all (the rows of a readable roster never error:
    /// a bad row becomes a decision with reasons).
    #[error("roster{}: {}", location(*line, column.as_deref()), shown(message))]
    Roster {
        /// 1-based line in the file, where it applies.
        line: Option<u64>,
        /// The column concerned, where it applies.
        column: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// An argument to a planning function is out of range or does not fit the policy.
    #[error("argument `{name}`: {}", shown(message))]
    Argument {
        /// The argument's name (`budget`, `source`, `sector`, `tranches`).
        name: &'static str,
        /// Why it is rejected.
        message: String,
    },
    /// A file could not be read or written.
    #[error("cannot {action} `{}`: {}", shown(path), shown(message))]
    Io {
        /// `read` or `write`.
        action: &'static str,
        /// The path as given.
        path: String,
        /// The operating system's message.
        message: String,
    },
    /// The input is in a format (found by its file name or content) that this build of
    /// `iuran` leaves out: its Cargo feature is off.
    #[error("{what} needs iuran's `{feature}` feature, which this build leaves out")]
    Unsupported {
        /// What was asked (`a TOML policy`, `an .xlsx roster`).
        what: &'static str,
        /// The Cargo feature that brings it (`toml`, `csv`, `xlsx`).
        feature: &'static str,
    },
}

/// The longest part of a message shown, in characters: a message quoting a value
/// already cut it to [`ECHO_CHARS`](crate::limits::ECHO_CHARS); this bounds the rest.
const MESSAGE_CHARS: usize = 600;

/// A part of a message as shown: every NIK masked, cut to a bounded length. Applied to
/// every text an error displays, so no constructor can leak a NIK or echo a huge value.
fn shown(text: &str) -> String {
    let head = match text.char_indices().nth(MESSAGE_CHARS + 16) {
        Some((end, _)) => &text[..end],
        None => text,
    };
    crate::nik::truncate(&crate::nik::mask_niks(head), MESSAGE_CHARS)
}

fn named(scenario: &str) -> String {
    if scenario.is_empty() {
        String::new()
    } else {
        format!(" `{}`", shown(scenario))
    }
}

fn location(line: Option<u64>, column: Option<&str>) -> String {
    match (line, column.map(shown)) {
        (Some(l), Some(c)) => format!(" line {l}, column `{c}`"),
        (Some(l), None) => format!(" line {l}"),
        (None, Some(c)) => format!(" column `{c}`"),
        (None, None) => String::new(),
    }
}

impl Error {
    /// A stable `snake_case` code for the kind of error, for bindings and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            Error::PolicySyntax { .. } => "policy_syntax",
            Error::PolicyField { .. } => "policy_field",
            Error::Data { .. } => "data",
            Error::Scenario { .. } => "scenario",
            Error::Audit { .. } => "audit",
            Error::Roster { .. } => "roster",
            Error::Argument { .. } => "argument",
            Error::Io { .. } => "io",
            Error::Unsupported { .. } => "unsupported",
        }
    }

    /// The policy field, data field or roster column the error is about, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::PolicyField { field, .. }
            | Error::Data { field, .. }
            | Error::Scenario { field, .. }
            | Error::Audit { field, .. } => Some(field),
            Error::Roster { column, .. } => column.as_deref(),
            Error::Argument { name, .. } => Some(name),
            _ => None,
        }
    }

    /// The 1-based line of a roster file the error is about, if any.
    pub fn line(&self) -> Option<u64> {
        match self {
            Error::Roster { line, .. } => *line,
            _ => None,
        }
    }

    /// Read a text file (a policy, a scenario): an [`Error::Io`] naming it otherwise.
    pub(crate) fn read_text(path: &std::path::Path) -> Result<String, Error> {
        std::fs::read_to_string(path).map_err(|e| Error::Io {
            action: "read",
            path: path.display().to_string(),
            message: e.to_string(),
        })
    }

    /// A format found in the input but compiled out of this build.
    #[allow(dead_code)] // used only when a format feature is off
    pub(crate) fn unsupported(what: &'static str, feature: &'static str) -> Self {
        Error::Unsupported { what, feature }
    }

    pub(crate) fn policy_field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::PolicyField {
            field: field.into(),
            message: message.into(),
        }
    }

    pub(crate) fn roster(
        line: Option<u64>,
        column: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        Error::Roster {
            line,
            column: column.map(str::to_owned),
            message: message.into(),
        }
    }
}
