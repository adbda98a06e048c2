//! Reading `/v1/token`'s query string strictly.
//!
//! axum's `Query` (serde_urlencoded) decodes invalid UTF-8 lossily, so
//! `%FF`, `%FE` and `%EF%BF%BD` would all become U+FFFD and name the same
//! user, and its errors quote unknown parameter names verbatim. Here the
//! query must be UTF-8 after percent-decoding (checked before
//! `form_urlencoded` splits and decodes it), and errors quote at most a
//! short, escaped prefix of any name or value (`example_server::Escaped`).

use example_server::Escaped;

/// `?user_id=..[&room_id=..&publish=true&kit=true&user_name=..]`
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TokenQuery {
    pub user_id: String,
    pub room_id: Option<String>,
    pub publish: bool,
    pub kit: bool,
    pub user_name: Option<String>,
}

impl TokenQuery {
    /// Parses `application/x-www-form-urlencoded` text (`+` is a space).
    /// The error is a one-line message for a 400.
    pub fn parse(query: &str) -> Result<Self, String> {
        // form_urlencoded splits and decodes, replacing invalid UTF-8 with
        // U+FFFD: refuse that first.
        example_server::check_utf8(query)?;
        let mut user_id = None;
        let mut parsed = TokenQuery::default();
        let (mut publish, mut kit) = (None, None);
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            let value = value.into_owned();
            match &*name {
                "user_id" => set_once(&mut user_id, value, "user_id")?,
                "room_id" => set_once(&mut parsed.room_id, value, "room_id")?,
                "user_name" => set_once(&mut parsed.user_name, value, "user_name")?,
                "publish" => set_once(&mut publish, flag(&value, "publish")?, "publish")?,
                "kit" => set_once(&mut kit, flag(&value, "kit")?, "kit")?,
                other => {
                    return Err(format!(
                        "unknown query parameter {} (expected user_id, room_id, publish, kit, user_name)",
                        Escaped::prefix(other)
                    ));
                }
            }
        }
        parsed.user_id = user_id.ok_or("missing query parameter user_id")?;
        parsed.publish = publish.unwrap_or(false);
        parsed.kit = kit.unwrap_or(false);
        Ok(parsed)
    }
}

fn set_once<T>(slot: &mut Option<T>, value: T, name: &str) -> Result<(), String> {
    if slot.replace(value).is_some() {
        return Err(format!("query parameter {name} is given more than once"));
    }
    Ok(())
}

fn flag(value: &str, name: &str) -> Result<bool, String> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(format!(
            "query parameter {name} must be true or false, got {}",
            Escaped::prefix(value)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_parameter_once() {
        let query = TokenQuery::parse(
            "user_id=a+b%20c&room_id=r%2F1&publish=true&kit=false&user_name=Zo%C3%AB",
        )
        .unwrap();
        assert_eq!(
            query,
            TokenQuery {
                user_id: "a b c".into(),
                room_id: Some("r/1".into()),
                publish: true,
                kit: false,
                user_name: Some("Zoë".into()),
            }
        );
        assert_eq!(
            TokenQuery::parse("user_id=a&user_id=b").unwrap_err(),
            "query parameter user_id is given more than once"
        );
        assert_eq!(
            TokenQuery::parse("room_id=r").unwrap_err(),
            "missing query parameter user_id"
        );
    }

    #[test]
    fn invalid_utf8_is_refused_not_replaced() {
        for query in [
            "user_id=%FF",
            "user_id=%FE",
            "user_id=a%C3",
            "room_id=%80&user_id=a",
        ] {
            let err = TokenQuery::parse(query).unwrap_err();
            assert!(
                err.ends_with("is not UTF-8 after percent-decoding"),
                "{query}: {err}"
            );
        }
        assert!(TokenQuery::parse("%FF=1").is_err());
        // U+FFFD sent as valid UTF-8 is a character like any other.
        assert_eq!(
            TokenQuery::parse("user_id=%EF%BF%BD").unwrap().user_id,
            "\u{fffd}"
        );
    }

    #[test]
    fn hostile_names_are_quoted_short_and_escaped() {
        let err = TokenQuery::parse("x%0AINFO%20forged%1B%5B2J=1&user_id=a").unwrap_err();
        assert_eq!(
            err,
            r#"unknown query parameter "x\nINFO forged\u{1b}[2J" (expected user_id, room_id, publish, kit, user_name)"#
        );
        let long = format!("user_id=a&{}=1", "n".repeat(65_000));
        let err = TokenQuery::parse(&long).unwrap_err();
        assert!(err.len() < 150, "{}", err.len());
        assert!(err.contains(&format!("\"{}\"...", "n".repeat(32))), "{err}");
        let err = TokenQuery::parse("user_id=a&kit=%E2%80%AEyes").unwrap_err();
        assert_eq!(
            err,
            r#"query parameter kit must be true or false, got "\u{202e}yes""#
        );
    }
}
