//! The one place errors become JavaScript: an `Error` whose `name` is `"IuranError"`,
//! with a stable `code` and, where they apply, `field` and `line`.
//!
//! The codes are the core's ([`iuran::Error::code`]: `policy_syntax`, `policy_field`,
//! `data`, `roster`, `argument`, `io`) plus two of the binding's own: `invalid_argument`
//! when JavaScript passes a value of the wrong shape (an unknown worker field, a number
//! where text is expected, an unknown language) and `internal` if a result cannot be
//! handed back (a bug). The core's `argument` errors (a planning argument out of range
//! or not fitting the policy) name the argument in JavaScript's spelling
//! (`targetYear`, not `target_year`).

use wasm_bindgen::JsValue;

/// An error on its way to JavaScript.
#[derive(Debug)]
pub enum Error {
    /// The core rejected the input (a policy, a roster file).
    Core(iuran::Error),
    /// JavaScript passed a value of the wrong shape.
    Argument {
        /// The argument or field concerned, in JavaScript's spelling.
        field: Option<String>,
        /// What is wrong, lower case.
        message: String,
    },
    /// A result could not be converted for JavaScript.
    Internal(String),
}

impl Error {
    /// An `invalid_argument` error.
    pub(crate) fn argument(field: Option<&str>, message: impl Into<String>) -> Error {
        Error::Argument {
            field: field.map(str::to_owned),
            message: message.into(),
        }
    }

    /// The stable `snake_case` code.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Core(e) => e.code(),
            Error::Argument { .. } => "invalid_argument",
            Error::Internal(_) => "internal",
        }
    }

    /// The field, column or argument concerned, if any.
    pub fn field(&self) -> Option<String> {
        match self {
            Error::Core(e @ iuran::Error::Argument { .. }) => e.field().map(camel),
            Error::Core(e) => e.field().map(str::to_owned),
            Error::Argument { field, .. } => field.clone(),
            Error::Internal(_) => None,
        }
    }

    /// The 1-based line of a roster file, if any.
    pub fn line(&self) -> Option<u64> {
        match self {
            Error::Core(e) => e.line(),
            _ => None,
        }
    }

    /// The message, as the core writes it (lower case, no trailing period).
    pub fn message(&self) -> String {
        match self {
            Error::Core(iuran::Error::Argument { name, message }) => {
                format!("argument `{}`: {message}", camel(name))
            }
            Error::Core(e) => e.to_string(),
            Error::Argument {
                field: Some(f),
                message,
            } => format!("argument `{f}`: {message}"),
            Error::Argument {
                field: None,
                message,
            } => message.clone(),
            Error::Internal(m) => format!("internal error (please report): {m}"),
        }
    }
}

/// A core (`snake_case`) name in JavaScript's spelling, as serde's `camelCase` writes it:
/// `target_year` → `targetYear`, `age_over_120` → `ageOver120`.
pub(crate) fn camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

impl From<iuran::Error> for Error {
    fn from(e: iuran::Error) -> Self {
        Error::Core(e)
    }
}

impl From<tsify::Error> for Error {
    /// Serialising a result failed: a bug in the binding, not bad input.
    fn from(e: tsify::Error) -> Self {
        Error::Internal(e.to_string())
    }
}

impl From<serde_wasm_bindgen::Error> for Error {
    fn from(e: serde_wasm_bindgen::Error) -> Self {
        Error::Internal(e.to_string())
    }
}

impl From<Error> for JsValue {
    /// The mapping: every error thrown to JavaScript is built here.
    fn from(e: Error) -> JsValue {
        let err = js_sys::Error::new(&e.message());
        err.set_name("IuranError");
        let set = |key: &str, value: JsValue| {
            // Setting a property on a fresh `Error` object cannot fail.
            let _ = js_sys::Reflect::set(&err, &JsValue::from_str(key), &value);
        };
        set("code", JsValue::from_str(e.code()));
        if let Some(field) = e.field() {
            set("field", JsValue::from_str(&field));
        }
        // A line number past u32 would need a file of over 4 billion lines.
        if let Some(line) = e.line().and_then(|l| u32::try_from(l).ok()) {
            set("line", JsValue::from(line));
        }
        err.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_fields_and_lines_come_from_the_core() {
        let e = Error::from(iuran::Policy::from_toml("id = ").unwrap_err());
        assert_eq!(e.code(), "policy_syntax");
        assert_eq!(e.field(), None);
        let tegal =
            iuran::Policy::from_toml(include_str!("../../examples/policies/tegal-2025.toml"))
                .unwrap();
        let e = Error::from(
            tegal
                .schedule(&iuran::Summary::default(), Some(9))
                .unwrap_err(),
        );
        assert_eq!(
            (e.code(), e.field().as_deref()),
            ("argument", Some("tranches"))
        );
        assert!(
            e.message()
                .starts_with("argument `tranches`: must be from 1")
        );
        let e = Error::from(iuran::Roster::from_csv(b"nik,regency\n1,2\n").unwrap_err());
        assert_eq!(
            (e.code(), e.field().as_deref(), e.line()),
            ("roster", Some("birth_date"), Some(1))
        );
        assert!(
            e.message()
                .starts_with("roster line 1, column `birth_date`")
        );
        let e = Error::argument(Some("lang"), "unknown language `fr`");
        assert_eq!(e.code(), "invalid_argument");
        assert_eq!(e.message(), "argument `lang`: unknown language `fr`");
    }

    #[test]
    fn core_names_are_spelt_as_serde_spells_camel_case() {
        for (snake, js) in [
            ("target_year", "targetYear"),
            ("age_over_120", "ageOver120"),
            ("budget", "budget"),
            ("baseline_percent", "baselinePercent"),
        ] {
            assert_eq!(camel(snake), js);
        }
    }
}
