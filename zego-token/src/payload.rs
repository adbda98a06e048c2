//! The typed privilege payload of room-scoped tokens.

use serde::Deserialize;

use crate::error::{Error, RoomIdProblem};
use crate::user_id::control_character_at;

/// Longest room ID ZEGO accepts, in bytes.
pub const MAX_ROOM_ID_LEN: usize = 128;
/// Longest stream ID ZEGO accepts, in bytes.
pub const MAX_STREAM_ID_LEN: usize = 256;

/// Checks a room ID (of a privilege payload or a kit token): 1 to 128
/// bytes, and the user ID's rule on control characters.
pub(crate) fn validate_room_id(room_id: &str) -> Result<(), Error> {
    let len = room_id.len();
    if len == 0 || len > MAX_ROOM_ID_LEN {
        return Err(Error::RoomId(RoomIdProblem::Length { len }));
    }
    if let Some(at) = control_character_at(room_id) {
        return Err(Error::RoomId(RoomIdProblem::ControlCharacter { at }));
    }
    Ok(())
}

/// What a token lets its user do in one room.
///
/// Serializes to exactly the payload ZEGO's servers read:
///
/// ```
/// use zego_token::Privilege;
///
/// let p = Privilege::new("demo").with_publish(true).with_streams(["s1"]);
/// assert_eq!(
///     p.to_json()?,
///     r#"{"room_id":"demo","privilege":{"1":1,"2":1},"stream_id_list":["s1"]}"#
/// );
/// assert_eq!(
///     Privilege::new("demo").to_json()?,
///     r#"{"room_id":"demo","privilege":{"1":1,"2":0},"stream_id_list":null}"#
/// );
/// # Ok::<(), zego_token::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Privilege {
    room_id: String,
    login: bool,
    publish: bool,
    streams: Option<Vec<String>>,
}

impl Privilege {
    /// A privilege for `room_id` that may log in (bit "1") but not publish
    /// (bit "2"), for any stream.
    pub fn new(room_id: impl Into<String>) -> Self {
        Privilege {
            room_id: room_id.into(),
            login: true,
            publish: false,
            streams: None,
        }
    }

    /// Sets whether the user may log in to the room (bit "1").
    #[must_use]
    pub fn with_login(mut self, allowed: bool) -> Self {
        self.login = allowed;
        self
    }

    /// Sets whether the user may publish streams (bit "2").
    #[must_use]
    pub fn with_publish(mut self, allowed: bool) -> Self {
        self.publish = allowed;
        self
    }

    /// Restricts publishing to these stream IDs (`stream_id_list`).
    #[must_use]
    pub fn with_streams<I, S>(mut self, streams: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.streams = Some(streams.into_iter().map(Into::into).collect());
        self
    }

    /// The room this privilege is for.
    pub fn room_id(&self) -> &str {
        &self.room_id
    }

    /// Whether the user may log in to the room.
    pub fn login(&self) -> bool {
        self.login
    }

    /// Whether the user may publish.
    pub fn publish(&self) -> bool {
        self.publish
    }

    /// The stream IDs publishing is restricted to, if any.
    pub fn streams(&self) -> Option<&[String]> {
        self.streams.as_deref()
    }

    /// Checks the room and stream ID lengths ZEGO enforces, and that the
    /// room ID has no control characters (the same rule as user IDs).
    ///
    /// # Errors
    ///
    /// [`Error::RoomId`] or [`Error::StreamId`].
    pub fn validate(&self) -> Result<(), Error> {
        validate_room_id(&self.room_id)?;
        for (index, stream) in self.streams.iter().flatten().enumerate() {
            let len = stream.len();
            if len == 0 || len > MAX_STREAM_ID_LEN {
                return Err(Error::StreamId { index, len });
            }
        }
        Ok(())
    }

    /// The payload JSON, validated.
    ///
    /// # Errors
    ///
    /// As [`Privilege::validate`].
    pub fn to_json(&self) -> Result<String, Error> {
        self.validate()?;
        let mut json = Vec::new();
        self.write_json(&mut json, Nesting::Top);
        Ok(String::from_utf8(json).expect("the JSON of `str`s is UTF-8"))
    }

    /// Reads a privilege payload, such as [`Claims::payload`](crate::Claims::payload).
    /// Returns `None` when `payload` is not a privilege payload.
    pub fn from_json(payload: &str) -> Option<Self> {
        let wire: WireOwned = serde_json::from_str(payload).ok()?;
        Some(Privilege {
            room_id: wire.room_id,
            login: wire.privilege.login != 0,
            publish: wire.privilege.publish != 0,
            streams: wire.stream_id_list,
        })
    }

    /// Appends the payload JSON, keys in ZEGO's order:
    /// `{"room_id":"..","privilege":{"1":0|1,"2":0|1},"stream_id_list":null|["..",..]}`,
    /// at `nesting`. The strings are escaped by serde_json.
    pub(crate) fn write_json(&self, out: &mut Vec<u8>, nesting: Nesting) {
        let quote = nesting.quote();
        let key = |out: &mut Vec<u8>, name: &[u8]| {
            out.extend_from_slice(quote);
            out.extend_from_slice(name);
            out.extend_from_slice(quote);
            out.push(b':');
        };
        out.push(b'{');
        key(out, b"room_id");
        string(out, &self.room_id, nesting);
        out.push(b',');
        key(out, b"privilege");
        out.push(b'{');
        key(out, b"1");
        out.push(bit(self.login));
        out.push(b',');
        key(out, b"2");
        out.push(bit(self.publish));
        out.extend_from_slice(b"},");
        key(out, b"stream_id_list");
        match &self.streams {
            None => out.extend_from_slice(b"null"),
            Some(streams) => {
                out.push(b'[');
                for (i, stream) in streams.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    string(out, stream, nesting);
                }
                out.push(b']');
            }
        }
        out.push(b'}');
    }
}

/// Where privilege JSON is written: as is ([`Privilege::to_json`]), or
/// already escaped as the contents of a JSON string, which is how a token's
/// claims carry it (their `payload` is a string holding this JSON, as ZEGO's
/// generators write it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Nesting {
    Top,
    InString,
}

impl Nesting {
    /// A quotation mark, as written at this nesting.
    fn quote(self) -> &'static [u8] {
        match self {
            Nesting::Top => b"\"",
            Nesting::InString => b"\\\"",
        }
    }
}

/// A privilege bit as ZEGO writes it.
fn bit(allowed: bool) -> u8 {
    if allowed { b'1' } else { b'0' }
}

/// A JSON string literal at `nesting`.
fn string(out: &mut Vec<u8>, text: &str, nesting: Nesting) {
    match nesting {
        Nesting::Top => {
            serde_json::to_writer(out, text).expect("a str always serializes to memory");
        }
        // An ID without a quote, backslash or control character is its own
        // text at any nesting, as almost every ID is.
        Nesting::InString if !text.bytes().any(|b| b == b'"' || b == b'\\' || b < b' ') => {
            out.extend_from_slice(b"\\\"");
            out.extend_from_slice(text.as_bytes());
            out.extend_from_slice(b"\\\"");
        }
        // The literal serde_json writes, then that literal escaped by
        // serde_json as the contents of a string, without its quotes.
        Nesting::InString => {
            let literal = serde_json::to_string(text).expect("a str always serializes");
            let escaped = serde_json::to_string(&literal).expect("a str always serializes");
            out.extend_from_slice(&escaped.as_bytes()[1..escaped.len() - 1]);
        }
    }
}

#[derive(Deserialize)]
struct Bits {
    #[serde(rename = "1")]
    login: u8,
    #[serde(rename = "2")]
    publish: u8,
}

#[derive(Deserialize)]
struct WireOwned {
    room_id: String,
    privilege: Bits,
    stream_id_list: Option<Vec<String>>,
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The payload as serde_json serializes it from a struct in ZEGO's key
    /// order: what `write_json` must equal.
    fn reference(p: &Privilege) -> String {
        #[derive(serde::Serialize)]
        struct Wire<'a> {
            room_id: &'a str,
            privilege: BitsOut,
            stream_id_list: Option<&'a [String]>,
        }
        #[derive(serde::Serialize)]
        struct BitsOut {
            #[serde(rename = "1")]
            login: u8,
            #[serde(rename = "2")]
            publish: u8,
        }
        serde_json::to_string(&Wire {
            room_id: p.room_id(),
            privilege: BitsOut {
                login: u8::from(p.login()),
                publish: u8::from(p.publish()),
            },
            stream_id_list: p.streams(),
        })
        .unwrap()
    }

    fn written(p: &Privilege, nesting: Nesting) -> String {
        let mut out = Vec::new();
        p.write_json(&mut out, nesting);
        String::from_utf8(out).unwrap()
    }

    proptest! {
        /// As is, the JSON serde_json writes; in a string, that JSON
        /// escaped as serde_json escapes string contents.
        #[test]
        fn writes_what_serde_json_writes_at_both_nestings(
            room in prop_oneof![any::<String>(), "[a-z0-9_]{1,20}"],
            login: bool, publish: bool,
            streams in proptest::option::of(proptest::collection::vec(
                prop_oneof![any::<String>(), "[a-z0-9_]{1,20}"], 0..4)),
        ) {
            let mut p = Privilege::new(room).with_login(login).with_publish(publish);
            if let Some(streams) = streams {
                p = p.with_streams(streams);
            }
            let top = written(&p, Nesting::Top);
            prop_assert_eq!(&top, &reference(&p));
            let literal = serde_json::to_string(&top).unwrap();
            prop_assert_eq!(written(&p, Nesting::InString), &literal[1..literal.len() - 1]);
        }
    }

    #[test]
    fn serializes_in_zegos_key_order() {
        let p = Privilege::new("room-42")
            .with_login(true)
            .with_publish(true)
            .with_streams(["s1", "s_2"]);
        assert_eq!(
            p.to_json().unwrap(),
            r#"{"room_id":"room-42","privilege":{"1":1,"2":1},"stream_id_list":["s1","s_2"]}"#
        );
        let none = Privilege::new("r").with_login(false);
        assert_eq!(
            none.to_json().unwrap(),
            r#"{"room_id":"r","privilege":{"1":0,"2":0},"stream_id_list":null}"#
        );
    }

    #[test]
    fn round_trips_through_json() {
        let p = Privilege::new("a\"b")
            .with_publish(true)
            .with_streams(["x"]);
        assert_eq!(Privilege::from_json(&p.to_json().unwrap()), Some(p));
        assert_eq!(Privilege::from_json(""), None);
        assert_eq!(Privilege::from_json("{}"), None);
    }

    #[test]
    fn room_ids_follow_the_user_id_control_character_rule() {
        for (room, at) in [
            ("a\nb", 1),
            ("\u{1b}[31m", 0),
            ("é\u{7f}", 2),
            ("r\u{85}", 1),
        ] {
            let err = Privilege::new(room).validate().unwrap_err();
            assert!(
                matches!(err, Error::RoomId(RoomIdProblem::ControlCharacter { at: got }) if got == at),
                "{room:?}: {err:?}"
            );
            assert_eq!(
                err.to_string(),
                format!("invalid room ID: it contains a control character at byte {at}")
            );
            assert_eq!(err.code(), None);
        }
        // Printable Unicode, spaces and symbols stay allowed.
        assert!(Privilege::new("房间 1 – \"a\"").validate().is_ok());
        assert!(Privilege::new("a\nb").to_json().is_err());
    }

    #[test]
    fn room_and_stream_limits() {
        assert!(Privilege::new("r".repeat(128)).validate().is_ok());
        assert!(matches!(
            Privilege::new("r".repeat(129)).validate(),
            Err(Error::RoomId(RoomIdProblem::Length { len: 129 }))
        ));
        assert!(matches!(
            Privilege::new("").validate(),
            Err(Error::RoomId(RoomIdProblem::Length { len: 0 }))
        ));
        let ok = Privilege::new("r").with_streams(["s".repeat(256)]);
        assert!(ok.validate().is_ok());
        let long = Privilege::new("r").with_streams(["ok".to_owned(), "s".repeat(257)]);
        assert!(matches!(
            long.validate(),
            Err(Error::StreamId { index: 1, len: 257 })
        ));
        assert!(matches!(
            Privilege::new("r").with_streams([""]).validate(),
            Err(Error::StreamId { index: 0, len: 0 })
        ));
    }
}
