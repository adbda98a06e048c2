//! The typed privilege payload of room-scoped tokens.

use serde::Deserialize;

use crate::error::Error;
use crate::rules::Rules;

/// What a token lets its user do in one room.
///
/// Publishing is restricted to a list of streams only when one is given
/// ([`Privilege::with_streams`]); without one the user may publish any
/// stream (`"stream_id_list":null`). An empty list is refused when the
/// token is minted: ZEGO reads `[]` as "any stream", so a restriction that
/// came out empty would fail open. To allow no publishing at all, leave
/// [`Privilege::with_publish`] off.
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

    /// Restricts publishing to these stream IDs (`stream_id_list`): 1 to
    /// 255 bytes of `[0-9A-Za-z_-]` each, checked when the token is minted.
    /// The list must not be empty (minting refuses it: ZEGO would read it
    /// as any stream); for any stream, do not call this.
    ///
    /// ```
    /// use zego_token::{Issuer, Privilege, ServerSecret};
    /// use zego_token::error::{PayloadProblem, RuleViolation};
    ///
    /// let issuer = Issuer::new(1, ServerSecret::new("fa94dd0f974cf2e293728a526b028271")?)?;
    /// let allowed: Vec<String> = Vec::new(); // e.g. a lookup that found nothing
    /// let privilege = Privilege::new("room1").with_publish(true).with_streams(allowed);
    /// let err = issuer.token("alice").with_privilege(&privilege).issue().unwrap_err();
    /// assert!(matches!(err, zego_token::Error::Rule(RuleViolation::Payload(PayloadProblem::EmptyStreamList))));
    /// # Ok::<(), zego_token::Error>(())
    /// ```
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

    /// The stream IDs publishing is restricted to; `None` when publishing
    /// is not restricted to a list: no list was given, or (read from a
    /// token by [`Privilege::from_json`]) the list is `null` or `[]`, which
    /// ZEGO reads as "any stream" too.
    pub fn streams(&self) -> Option<&[String]> {
        self.streams.as_deref()
    }

    /// Checks the privilege against the [rules](crate::rules) every ZEGO
    /// client accepts ([`Rules::default`]): the room ID (1 to 127 bytes of
    /// ASCII letters, digits and `` ~!@#$^&*()_+=-`;',.<>\ ``), each stream
    /// ID, and a stream list that is not empty. An issuer checks with its
    /// own rules ([`Privilege::validate_for`]).
    ///
    /// # Errors
    ///
    /// [`Error::Rule`] with a [`RuleViolation::Payload`](crate::error::RuleViolation::Payload).
    pub fn validate(&self) -> Result<(), Error> {
        self.validate_for(Rules::default())
    }

    /// Checks the privilege against `rules`, as an issuer does when it
    /// mints ([`Issuer::rules`](crate::Issuer::rules)): with
    /// [`Charset::Extended`](crate::Charset::Extended), room IDs may use the
    /// wider set; ZIM's rules refuse every payload.
    ///
    /// # Errors
    ///
    /// As [`Privilege::validate`].
    pub fn validate_for(&self, rules: Rules) -> Result<(), Error> {
        rules.privilege(&self.room_id, self.streams.as_deref())?;
        Ok(())
    }

    /// The payload JSON, validated by [`Privilege::validate`].
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

    /// Reads a privilege payload, such as [`Claims::payload`](crate::Claims::payload),
    /// as ZEGO reads it: leniently (what another generator wrote is read
    /// as it is, not checked against the minting rules), and a
    /// `stream_id_list` of `[]` as no restriction, as ZEGO does ("if empty,
    /// no stream ID verification is performed"), so [`Privilege::streams`]
    /// is `None` for it, as for `null`. Returns `None` when `payload` is
    /// not a privilege payload.
    ///
    /// ```
    /// use zego_token::Privilege;
    ///
    /// // ZEGO's PHP sample writes `[]` for "any stream".
    /// let php = r#"{"room_id":"demo","privilege":{"1":1,"2":1},"stream_id_list":[]}"#;
    /// assert_eq!(Privilege::from_json(php).unwrap().streams(), None);
    /// # Ok::<(), zego_token::Error>(())
    /// ```
    pub fn from_json(payload: &str) -> Option<Self> {
        let wire: WireOwned = serde_json::from_str(payload).ok()?;
        Some(Privilege {
            room_id: wire.room_id,
            login: wire.privilege.login != 0,
            publish: wire.privilege.publish != 0,
            streams: wire.stream_id_list.filter(|streams| !streams.is_empty()),
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
    use crate::error::{IdProblem, PayloadProblem, RuleViolation};

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
        let p = Privilege::new("a\\b")
            .with_publish(true)
            .with_streams(["x"]);
        assert_eq!(Privilege::from_json(&p.to_json().unwrap()), Some(p));
        assert_eq!(Privilege::from_json(""), None);
        assert_eq!(Privilege::from_json("{}"), None);
    }

    #[test]
    fn an_empty_stream_list_reads_as_any_stream_and_is_never_written() {
        let read = |list: &str| {
            Privilege::from_json(&format!(
                r#"{{"room_id":"r","privilege":{{"1":1,"2":1}},"stream_id_list":{list}}}"#
            ))
            .unwrap()
        };
        assert_eq!(read("[]").streams(), None);
        assert_eq!(read("null").streams(), None);
        assert_eq!(read(r#"["s1"]"#).streams(), Some(&["s1".to_owned()][..]));
        let empty = Privilege::new("r").with_streams(Vec::<String>::new());
        for err in [empty.validate().unwrap_err(), empty.to_json().unwrap_err()] {
            assert!(
                matches!(
                    err,
                    Error::Rule(RuleViolation::Payload(PayloadProblem::EmptyStreamList))
                ),
                "{err:?}"
            );
        }
    }

    #[test]
    fn room_and_stream_ids_follow_zegos_rules() {
        let room_problem = |room: &str| match Privilege::new(room).validate() {
            Err(Error::Rule(RuleViolation::Payload(PayloadProblem::RoomId(p)))) => Some(p),
            Ok(()) => None,
            other => panic!("{other:?}"),
        };
        assert_eq!(room_problem(&"r".repeat(127)), None);
        assert_eq!(
            room_problem(&"r".repeat(128)),
            Some(IdProblem::TooLong { len: 128, max: 127 })
        );
        assert_eq!(room_problem(""), Some(IdProblem::Empty));
        for (room, position) in [
            ("a\nb", 2),
            ("房间", 1),
            ("room 1", 5),
            ("a/b", 2),
            ("é", 1),
        ] {
            assert!(
                matches!(room_problem(room), Some(IdProblem::Character { position: p, .. }) if p == position),
                "{room:?}"
            );
        }
        let err = Privilege::new("a\nb").validate().unwrap_err();
        assert_eq!(
            err.to_string(),
            "privilege payload `room_id` has character 2 (U+000A), which ZEGO's RTC clients refuse: use ASCII letters, digits and ~!@#$^&*()_+=-`;',.<>\\ (ZEGO client error 1002012)"
        );
        assert_eq!((err.code(), err.client_code()), (None, Some(1_002_012)));
        assert!(Privilege::new("a\nb").to_json().is_err());
        // `%`: only with the extended set.
        assert!(Privilege::new("100%").validate().is_err());
        assert!(
            Privilege::new("100%")
                .validate_for(Rules::default().with_charset(crate::Charset::Extended))
                .is_ok()
        );

        let ok = Privilege::new("r").with_streams(["s".repeat(255)]);
        assert!(ok.validate().is_ok());
        let stream_problem = |p: Privilege| match p.validate() {
            Err(Error::Rule(RuleViolation::Payload(PayloadProblem::StreamId {
                index,
                problem,
            }))) => (index, problem),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            stream_problem(Privilege::new("r").with_streams(["ok".to_owned(), "s".repeat(256)])),
            (1, IdProblem::TooLong { len: 256, max: 255 })
        );
        assert_eq!(
            stream_problem(Privilege::new("r").with_streams([""])),
            (0, IdProblem::Empty)
        );
        assert!(matches!(
            stream_problem(Privilege::new("r").with_streams(["s1", "s.2"])),
            (1, IdProblem::Character { position: 2, .. })
        ));
    }
}
