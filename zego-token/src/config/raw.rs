//! The TOML document as serde reads it: every value with its byte span, so
//! each refusal can name a line and column.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde::de::IgnoredAny;
use toml::{Spanned, Value};

use super::problem::ConfigProblem;
use super::rules;

/// One table of the file: the top level (the default profile) or a
/// `[profiles.<name>]` table. Leaf values stay untyped `toml::Value`s so
/// that type mistakes get our messages, which never quote the value.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTable {
    pub(super) app_id: Option<Spanned<Value>>,
    pub(super) secret_env: Option<Spanned<Value>>,
    pub(super) secret_file: Option<Spanned<Value>>,
    /// Only read to be refused; `IgnoredAny` never holds the value.
    pub(super) secret: Option<Spanned<IgnoredAny>>,
    pub(super) ttl: Option<Spanned<Value>>,
    pub(super) mode: Option<Spanned<Value>>,
    pub(super) product: Option<Spanned<Value>>,
    pub(super) profiles: Option<Spanned<BTreeMap<String, Spanned<RawTable>>>>,
}

/// The keys a table accepts, for "did you mean" suggestions.
pub(super) const KEYS: [&str; 8] = [
    "app_id",
    "secret_env",
    "secret_file",
    "secret",
    "ttl",
    "mode",
    "product",
    "profiles",
];

/// Parses `text`, turning toml's and serde's errors into a problem with a
/// place and a message that never quotes a value.
pub(super) fn parse(text: &str) -> Result<RawTable, ConfigProblem> {
    toml::from_str(text).map_err(|err| {
        let problem = ConfigProblem::new(describe(err.message()));
        match err.span() {
            Some(span) => problem.at(text, span.start),
            None => problem,
        }
    })
}

/// toml's syntax messages are generic ("invalid string"); serde's data
/// messages can quote a value ("invalid type: string \"...\""), so those are
/// cut down to what was expected, and unknown keys get a suggestion.
fn describe(message: &str) -> String {
    let first_line = message.lines().next().unwrap_or("");
    if let Some(rest) = first_line.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or("");
        return unknown_key(key);
    }
    if first_line.starts_with("invalid type:") || first_line.starts_with("invalid value:") {
        let expected = first_line
            .rsplit_once(", expected ")
            .map_or("another type", |(_, e)| e);
        return format!("wrong type of value, expected {expected}");
    }
    format!("TOML syntax error: {first_line}")
}

pub(super) fn unknown_key(key: &str) -> String {
    match rules::closest(key, &KEYS) {
        Some(close) => format!("unknown key `{key}`: did you mean `{close}`?"),
        None => format!("unknown key `{key}`: expected one of {}", KEYS.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_get_a_suggestion() {
        assert_eq!(
            describe("unknown field `ttl_s`, expected one of `app_id`"),
            "unknown key `ttl_s`: did you mean `ttl`?"
        );
        assert!(
            describe("unknown field `zzzzzzzzzz`, expected")
                .starts_with("unknown key `zzzzzzzzzz`: expected one of app_id,")
        );
    }

    #[test]
    fn type_errors_do_not_quote_the_value() {
        let text = "profiles = \"fa94dd0f974cf2e293728a526b028271\"\n";
        let err = parse(text).unwrap_err();
        assert!(!err.to_string().contains("fa94"), "{err}");
        assert_eq!(err.line(), Some(1));
    }
}
