//! The three fields a callback is signed with, taken from the request in
//! each shape ZEGO sends.
//!
//! - A JSON body: every product's default (RTC room and stream callbacks,
//!   <https://www.zegocloud.com/docs/real-time-voice-server/callback/room/created>;
//!   ZIM, <https://www.zegocloud.com/docs/zim-server/callbacks/room/room-created>;
//!   Cloud Recording,
//!   <https://www.zegocloud.com/docs/cloud-recording-server/recording-status-callback>).
//!   `timestamp` is a number in some callbacks and a string in others, and
//!   so is `nonce`; both are read as the text they stand for. The AI
//!   products spell the fields `Timestamp`, `Nonce` and `Signature`
//!   (<https://www.zegocloud.com/docs/aigc-digital-human-server/server-apis/receiving-callback>);
//!   both spellings are accepted.
//! - A form body (`application/x-www-form-urlencoded`): the "POST/FORM"
//!   format ZEGO's support can switch RTC callbacks to
//!   (<https://docs.zegocloud.com/article/9806>), and what ZEGO's PHP
//!   sample reads (`$_POST["signature"]`).
//! - A query string, the same grammar, for a callback URL that forwards
//!   them there.
//!
//! A field given twice is refused rather than picking one: the handler's
//! own parser might pick the other.

use serde::Deserialize;

use super::error::CallbackError;

/// The `timestamp`, `nonce` and `signature` of one callback, as sent.
///
/// ```
/// use zego_token::callback::CallbackParams;
///
/// // An RTC "room created" callback (JSON, the timestamp a number).
/// let body = br#"{"event":"room_create","appid":1,"timestamp":1470820198,"nonce":"123412",
///     "signature":"5bd59fd62953a8059fb7eaba95720f66d19e4517","room_id":"rid_1242649"}"#;
/// let params = CallbackParams::from_json(body)?;
/// assert_eq!((params.timestamp(), params.nonce()), ("1470820198", "123412"));
///
/// // The same fields in a form body.
/// let form = b"nonce=123412&timestamp=1470820198&signature=5bd59fd62953a8059fb7eaba95720f66d19e4517&event=stream_create";
/// assert_eq!(CallbackParams::from_form(form)?, params);
/// # Ok::<(), zego_token::callback::CallbackError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackParams {
    timestamp: String,
    nonce: String,
    signature: String,
}

/// The three fields in a JSON body, either spelling; everything else in
/// the body is skipped.
#[derive(Deserialize)]
struct JsonFields {
    #[serde(alias = "Timestamp", default, deserialize_with = "some_text")]
    timestamp: Option<String>,
    #[serde(alias = "Nonce", default, deserialize_with = "some_text")]
    nonce: Option<String>,
    #[serde(alias = "Signature", default)]
    signature: Option<String>,
}

fn some_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    crate::scalar::string_or_integer(d).map(Some)
}

impl CallbackParams {
    /// The three fields as given (for a framework that has already parsed
    /// the request). Nothing is checked until
    /// [`CallbackVerifier::verify`](super::CallbackVerifier::verify).
    pub fn new(
        timestamp: impl Into<String>,
        nonce: impl Into<String>,
        signature: impl Into<String>,
    ) -> Self {
        CallbackParams {
            timestamp: timestamp.into(),
            nonce: nonce.into(),
            signature: signature.into(),
        }
    }

    /// The fields of a JSON callback body: `timestamp` (or `Timestamp`),
    /// `nonce` (`Nonce`) and `signature` (`Signature`) at the top level,
    /// each a string or (timestamp and nonce) an integer.
    ///
    /// # Errors
    ///
    /// [`CallbackError::Body`] when the body is not a JSON object or a field
    /// has another type or appears twice; [`CallbackError::MissingField`]
    /// when one of the three is absent.
    pub fn from_json(body: &[u8]) -> Result<Self, CallbackError> {
        // serde would also read a struct from an array; a callback is an object.
        if body.trim_ascii_start().first() == Some(&b'[') {
            return Err(CallbackError::Body("it is an array".into()));
        }
        let fields: JsonFields =
            serde_json::from_slice(body).map_err(|e| CallbackError::Body(e.to_string()))?;
        Ok(CallbackParams {
            timestamp: fields
                .timestamp
                .ok_or(CallbackError::MissingField("timestamp"))?,
            nonce: fields.nonce.ok_or(CallbackError::MissingField("nonce"))?,
            signature: fields
                .signature
                .ok_or(CallbackError::MissingField("signature"))?,
        })
    }

    /// The fields of an `application/x-www-form-urlencoded` body.
    ///
    /// # Errors
    ///
    /// [`CallbackError::MissingField`] when one of the three is absent;
    /// [`CallbackError::InvalidField`] when one appears twice.
    pub fn from_form(body: &[u8]) -> Result<Self, CallbackError> {
        let mut timestamp = None;
        let mut nonce = None;
        let mut signature = None;
        for (name, value) in form_urlencoded::parse(body) {
            let (slot, field) = match &*name {
                "timestamp" | "Timestamp" => (&mut timestamp, "timestamp"),
                "nonce" | "Nonce" => (&mut nonce, "nonce"),
                "signature" | "Signature" => (&mut signature, "signature"),
                _ => continue,
            };
            if slot.replace(value.into_owned()).is_some() {
                return Err(CallbackError::InvalidField {
                    field,
                    problem: "appears more than once",
                });
            }
        }
        Ok(CallbackParams {
            timestamp: timestamp.ok_or(CallbackError::MissingField("timestamp"))?,
            nonce: nonce.ok_or(CallbackError::MissingField("nonce"))?,
            signature: signature.ok_or(CallbackError::MissingField("signature"))?,
        })
    }

    /// The fields of a URL's query string (without the `?`), read as
    /// [`from_form`](CallbackParams::from_form) reads a body.
    ///
    /// # Errors
    ///
    /// As [`CallbackParams::from_form`].
    pub fn from_query(query: &str) -> Result<Self, CallbackError> {
        Self::from_form(query.as_bytes())
    }

    /// `timestamp`: unix seconds in decimal, as sent.
    pub fn timestamp(&self) -> &str {
        &self.timestamp
    }

    /// `nonce`, as sent.
    pub fn nonce(&self) -> &str {
        &self.nonce
    }

    /// `signature`: 40 hex digits, if the callback is genuine.
    pub fn signature(&self) -> &str {
        &self.signature
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIGNATURE: &str = "5bd59fd62953a8059fb7eaba95720f66d19e4517";

    fn expected() -> CallbackParams {
        CallbackParams::new("1470820198", "123412", SIGNATURE)
    }

    #[test]
    fn every_documented_json_shape() {
        let bodies = [
            // RTC: appid and timestamp numbers.
            format!(
                r#"{{"event":"room_create","appid":1,"timestamp":1470820198,"nonce":"123412","signature":"{SIGNATURE}","room_session_id":858012925204410400}}"#
            ),
            // ZIM and stream callbacks: strings.
            format!(
                r#"{{"appid":"1","event":"room_create","nonce":"123412","signature":"{SIGNATURE}","attributes":[{{"key":"k"}}],"timestamp":"1470820198"}}"#
            ),
            // Cloud Recording: a nested detail object, nonce as a number.
            format!(
                r#"{{"app_id":1,"detail":{{"file_info":[]}},"nonce":123412,"timestamp":"1470820198","signature":"{SIGNATURE}"}}"#
            ),
            // AI products: capitalized names.
            format!(
                r#"{{"AppId":1,"EventType":3,"Nonce":"123412","Timestamp":"1470820198","Signature":"{SIGNATURE}","Detail":{{}}}}"#
            ),
        ];
        for body in bodies {
            assert_eq!(
                CallbackParams::from_json(body.as_bytes()).unwrap(),
                expected(),
                "{body}"
            );
        }
    }

    #[test]
    fn json_problems_are_typed() {
        let err = CallbackParams::from_json(br#"{"nonce":"1","signature":"x"}"#).unwrap_err();
        assert_eq!(err.to_string(), "the callback has no `timestamp` field");
        let err = CallbackParams::from_json(br#"{"timestamp":1,"nonce":"1"}"#).unwrap_err();
        assert!(matches!(err, CallbackError::MissingField("signature")));
        for (body, message) in [
            (&b"a=1"[..], "expected value at line 1 column 1"),
            (b" [1,2]", "it is an array"),
            (
                br#"{"timestamp":1.5,"nonce":"1","signature":"x"}"#,
                "expected a string or an integer",
            ),
            (
                br#"{"nonce":"1","Nonce":"2","timestamp":1,"signature":"x"}"#,
                "duplicate field `nonce`",
            ),
        ] {
            let err = CallbackParams::from_json(body).unwrap_err();
            assert!(matches!(err, CallbackError::Body(_)));
            let text = err.to_string();
            assert!(
                text.starts_with("the callback body is not a JSON object: "),
                "{text}"
            );
            assert!(text.contains(message), "{text}");
        }
    }

    #[test]
    fn form_and_query_bodies() {
        let form = format!(
            "stream_alias=a%20b&timestamp=1470820198&nonce=123412&signature={SIGNATURE}&appid=1"
        );
        assert_eq!(
            CallbackParams::from_form(form.as_bytes()).unwrap(),
            expected()
        );
        assert_eq!(CallbackParams::from_query(&form).unwrap(), expected());
        // Values are percent-decoded, as a form body's are.
        let encoded = format!("timestamp=1470820198&nonce=12%334%312&signature={SIGNATURE}");
        assert_eq!(CallbackParams::from_query(&encoded).unwrap(), expected());

        let twice = format!("{form}&timestamp=1");
        let err = CallbackParams::from_form(twice.as_bytes()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the callback's `timestamp` appears more than once"
        );
        let err = CallbackParams::from_query("timestamp=1&signature=x").unwrap_err();
        assert_eq!(err.to_string(), "the callback has no `nonce` field");
    }
}
