//! Reading decrypted claims with serde_json, in every generator's layout.
//!
//! Official generators differ: Go and PHP write `app_id, user_id, ctime,
//! expire, nonce, payload`; Node.js and Python put `nonce` before `ctime`;
//! Java writes hash-map order and can have a negative nonce; ZEGO's UIKit
//! SDK leaves `payload` out. So the reader takes the keys in any order,
//! reads a missing `payload` as `""`, and ignores keys it does not know
//! (ZEGO may add fields). A missing, repeated or mistyped key is an error
//! that names the key, never its value.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::Claims;
use crate::error::{ClaimsProblem, ClaimsProblemKind, Error};
use crate::mode::Mode;

/// Reads a decrypted plaintext.
pub(crate) fn parse(plaintext: &[u8]) -> Result<Claims, Error> {
    // With the wrong key, CBC padding still checks out about once in 256
    // tries; the "plaintext" is then random bytes. Report that as the wrong
    // secret it almost surely is, not as a JSON problem.
    let Ok(text) = std::str::from_utf8(plaintext) else {
        return Err(Error::Decrypt);
    };
    if !text.starts_with('{') {
        return Err(Error::Decrypt);
    }
    parse_any(text).map_err(Error::Claims)
}

/// Any key order, `payload` optional, unknown keys ignored. From a `str`,
/// so serde_json skips re-validating UTF-8.
pub(super) fn parse_any(text: &str) -> Result<Claims, ClaimsProblem> {
    let mut problem = None;
    let mut json = serde_json::Deserializer::from_str(text);
    json.deserialize_map(ClaimsVisitor {
        problem: &mut problem,
    })
    .and_then(|claims| json.end().map(|()| claims))
    .map_err(|err| ClaimsProblem::new(&err, problem))
}

/// The decoder's rules, for any serde format. Errors are serde's own (for
/// JSON they can quote values); the crate's decoder goes through
/// `parse_any` instead, whose errors never do.
impl<'de> Deserialize<'de> for Claims {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ClaimsVisitor { problem: &mut None })
    }
}

/// The keys of a token04 body, as every generator spells them.
#[derive(Clone, Copy, serde::Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum Key {
    AppId,
    UserId,
    Ctime,
    Expire,
    Nonce,
    Payload,
    /// Any other key: ignored, value unread.
    #[serde(other)]
    Other,
}

impl Key {
    fn name(self) -> &'static str {
        match self {
            Key::AppId => "app_id",
            Key::UserId => "user_id",
            Key::Ctime => "ctime",
            Key::Expire => "expire",
            Key::Nonce => "nonce",
            Key::Payload => "payload",
            Key::Other => "(other)",
        }
    }

    fn expected(self) -> &'static str {
        match self {
            Key::AppId => "an unsigned 32-bit integer",
            Key::UserId | Key::Payload => "a string",
            Key::Ctime | Key::Expire => "a 64-bit integer",
            Key::Nonce => "a 32-bit integer",
            Key::Other => "any JSON value",
        }
    }
}

/// Reads the claims object, noting in `problem` what it was doing when it
/// stopped, so that the error can name the key without quoting the
/// serializer's message.
struct ClaimsVisitor<'p> {
    problem: &'p mut Option<ClaimsProblemKind>,
}

impl ClaimsVisitor<'_> {
    /// Reads the value of `key` into `slot`, refusing a second one.
    fn value<'de, A, T>(
        &mut self,
        map: &mut A,
        key: Key,
        slot: &mut Option<T>,
    ) -> Result<(), A::Error>
    where
        A: MapAccess<'de>,
        T: Deserialize<'de>,
    {
        if slot.is_some() {
            return Err(self.fail(ClaimsProblemKind::Duplicate { key: key.name() }));
        }
        // Until the value is read, any failure is about this key: a type
        // error (serde_json's "data" category) or a syntax error inside it.
        *self.problem = Some(ClaimsProblemKind::WrongType {
            key: key.name(),
            expected: key.expected(),
        });
        *slot = Some(map.next_value()?);
        *self.problem = None;
        Ok(())
    }

    /// The value of a required key.
    fn required<T, E: de::Error>(&mut self, slot: Option<T>, key: Key) -> Result<T, E> {
        slot.ok_or_else(|| self.fail(ClaimsProblemKind::Missing { key: key.name() }))
    }

    fn fail<E: de::Error>(&mut self, kind: ClaimsProblemKind) -> E {
        *self.problem = Some(kind);
        match kind {
            ClaimsProblemKind::Missing { key } => E::missing_field(key),
            ClaimsProblemKind::Duplicate { key } => E::duplicate_field(key),
            _ => E::custom("invalid token04 claims"),
        }
    }
}

impl<'de> Visitor<'de> for ClaimsVisitor<'_> {
    type Value = Claims;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a token04 claims object")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Claims, A::Error> {
        let (mut app_id, mut user_id, mut ctime, mut expire, mut nonce, mut payload) =
            (None, None, None, None, None, None);
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::AppId => self.value(&mut map, key, &mut app_id)?,
                Key::UserId => self.value::<_, String>(&mut map, key, &mut user_id)?,
                Key::Ctime => self.value(&mut map, key, &mut ctime)?,
                Key::Expire => self.value(&mut map, key, &mut expire)?,
                Key::Nonce => self.value(&mut map, key, &mut nonce)?,
                Key::Payload => self.value::<_, String>(&mut map, key, &mut payload)?,
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Claims {
            app_id: self.required(app_id, Key::AppId)?,
            user_id: self.required(user_id, Key::UserId)?,
            ctime: self.required(ctime, Key::Ctime)?,
            expire: self.required(expire, Key::Expire)?,
            nonce: self.required(nonce, Key::Nonce)?,
            // UIKit's generateKitTokenForTest writes no payload.
            payload: payload.unwrap_or_default(),
            mode: Mode::default(),
        })
    }
}
