//! The typed privilege payload of room-scoped tokens.

use serde::{Deserialize, Serialize};

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
        Ok(serde_json::to_string(&self.wire()).expect("strings and integers always serialize"))
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

    /// The serde view with ZEGO's key names and order.
    pub(crate) fn wire(&self) -> Wire<'_> {
        Wire {
            room_id: &self.room_id,
            privilege: Bits {
                login: u8::from(self.login),
                publish: u8::from(self.publish),
            },
            stream_id_list: self.streams.as_deref(),
        }
    }
}

#[derive(Serialize)]
pub(crate) struct Wire<'a> {
    room_id: &'a str,
    privilege: Bits,
    stream_id_list: Option<&'a [String]>,
}

#[derive(Serialize, Deserialize)]
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
    use super::*;

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
