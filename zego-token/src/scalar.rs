//! JSON fields ZEGO sends as a string in one place and as a number in
//! another (a callback's `timestamp`, `nonce`, `appid`; a response's
//! `RequestId`), read as the text they stand for.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};

/// A JSON string as it is, or an integer in decimal. Floats, booleans,
/// `null`, arrays and objects are refused: none of these fields is one.
pub(crate) fn string_or_integer<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    struct Text;

    impl Visitor<'_> for Text {
        type Value = String;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string or an integer")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }

        fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
            Ok(v)
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
    }

    d.deserialize_any(Text)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Field {
        #[serde(deserialize_with = "super::string_or_integer")]
        v: String,
    }

    fn read(json: &str) -> Result<String, String> {
        serde_json::from_str::<Field>(json)
            .map(|f| f.v)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn strings_and_integers_read_as_their_text() {
        assert_eq!(read(r#"{"v":"0123"}"#).unwrap(), "0123");
        assert_eq!(read(r#"{"v":1499676978}"#).unwrap(), "1499676978");
        assert_eq!(read(r#"{"v":-5}"#).unwrap(), "-5");
        for bad in [
            r#"{"v":1.5}"#,
            r#"{"v":null}"#,
            r#"{"v":true}"#,
            r#"{"v":[1]}"#,
        ] {
            let err = read(bad).unwrap_err();
            assert!(err.contains("expected a string or an integer"), "{err}");
        }
    }
}
