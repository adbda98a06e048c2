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

/// Parses `text`, turning toml's and serde's errors into a problem with a
/// place and a message that never quotes a value.
pub(super) fn parse(text: &str) -> Result<RawTable, ConfigProblem> {
    toml::from_str(text).map_err(|err| {
        let problem = ConfigProblem::new(rules::describe_toml_error(err.message()));
        match err.span() {
            Some(span) => problem.at(text, span.start),
            None => problem,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_errors_do_not_quote_the_value() {
        let text = "profiles = \"fa94dd0f974cf2e293728a526b028271\"\n";
        let err = parse(text).unwrap_err();
        assert!(!err.to_string().contains("fa94"), "{err}");
        assert_eq!(err.line(), Some(1));
    }
}
