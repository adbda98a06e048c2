//! Reading decrypted claims: one fast path for the exact layout this crate
//! writes, and one general path, on serde_json, for every other layout.
//!
//! Official generators differ: Go and PHP write `app_id, user_id, ctime,
//! expire, nonce, payload`; Node.js and Python put `nonce` before `ctime`;
//! Java writes hash-map order and can have a negative nonce; ZEGO's UIKit
//! SDK leaves `payload` out. So the general path takes the keys in any
//! order, reads a missing `payload` as `""`, and ignores keys it does not
//! know (ZEGO may add fields). A missing, repeated or mistyped key is an
//! error that names the key, never its value.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::Claims;
use crate::error::{ClaimsProblem, ClaimsProblemKind, Error};
use crate::mode::Mode;
use crate::user_id::UserId;

/// Reads a decrypted plaintext: the fast path, else the general one.
pub(crate) fn parse(plaintext: &[u8]) -> Result<Claims, Error> {
    // The layout this crate writes, recognised without a JSON parser (it
    // checks the UTF-8 of the two strings itself).
    if let Some(claims) = parse_written(plaintext) {
        return Ok(claims);
    }
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

/// The general path: any key order, `payload` optional, unknown keys
/// ignored. From a `str`, so serde_json skips re-validating UTF-8.
pub(super) fn parse_any(text: &str) -> Result<Claims, ClaimsProblem> {
    let mut problem = None;
    let mut json = serde_json::Deserializer::from_str(text);
    json.deserialize_map(ClaimsVisitor {
        problem: &mut problem,
    })
    .and_then(|claims| json.end().map(|()| claims))
    .map_err(|err| ClaimsProblem::new(&err, problem))
}

/// The general path's rules, for any serde format. Errors are serde's own
/// (for JSON they can quote values); the crate's decoder goes through
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
                Key::UserId => self.value::<_, UserId>(&mut map, key, &mut user_id)?,
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

/// Reads claims laid out byte for byte as [`ClaimsRef::write_json`] writes
/// them when neither string needs an escape: every basic token this crate
/// mints. Returns `None` for anything else (another generator's key order,
/// whitespace, an escape, a number spelled any other way), and the caller
/// takes the general path.
///
/// This is a matcher for one fixed layout, not a JSON parser: it accepts a
/// strict subset of what the general path accepts and, on that subset,
/// yields exactly its result (tested in `tests.rs` and differential-fuzzed
/// in `fuzz/targets.rs`). It exists because general JSON parsing was most of
/// the cost of decoding a basic token.
pub(crate) fn parse_written(text: &[u8]) -> Option<Claims> {
    let rest = key(text, b"{\"app_id\":")?;
    let (app_id, rest) = integer(rest)?;
    let rest = key(rest, b",\"user_id\":")?;
    let (user_id, rest) = unescaped_string(rest)?;
    let rest = key(rest, b",\"ctime\":")?;
    let (ctime, rest) = integer(rest)?;
    let rest = key(rest, b",\"expire\":")?;
    let (expire, rest) = integer(rest)?;
    let rest = key(rest, b",\"nonce\":")?;
    let (nonce, rest) = integer(rest)?;
    let rest = key(rest, b",\"payload\":")?;
    let (payload, rest) = unescaped_string(rest)?;
    (rest == b"}").then(|| Claims {
        app_id,
        user_id: UserId::from(user_id),
        ctime,
        expire,
        nonce,
        payload: payload.to_owned(),
        mode: Mode::default(),
    })
}

/// `s` without the constant `prefix`. Comparing fixed-size arrays compiles
/// to a couple of integer compares instead of a `memcmp` call.
fn key<'a, const N: usize>(s: &'a [u8], prefix: &[u8; N]) -> Option<&'a [u8]> {
    let (head, rest) = s.split_first_chunk::<N>()?;
    (head == prefix).then_some(rest)
}

/// An integer as `itoa` writes it, in range for `T`: JSON's
/// `-?(0|[1-9][0-9]*)` without `-0` (which serde_json reads as a float).
/// The caller's next `key` checks what follows, so `1.5` or `1e3` never
/// match.
// Inlined at all four call sites: over five interleaved ratio-bench pairs,
// CBC decode measured 1.83 on average against 1.89 with two out-of-line
// copies (despite 70 more instructions per decode).
#[inline(always)]
fn integer<T: TryFrom<i64>>(s: &[u8]) -> Option<(T, &[u8])> {
    let negative = s.first() == Some(&b'-');
    let unsigned = &s[usize::from(negative)..];
    let (magnitude, len) = digit_run(unsigned);
    let canonical = match &unsigned[..len] {
        [] | [b'0', _, ..] => false,
        [b'0'] => !negative,
        // Every field fits in 19 digits (i64 has 19, u32 10, i32 10); a
        // longer number is out of range, which serde_json reports. And 19
        // digits stay below 10^19 < 2^64, so `magnitude` did not wrap.
        _ => len <= 19,
    };
    if !canonical {
        return None;
    }
    let signed = if negative {
        // -9223372036854775808 is the one magnitude past i64::MAX.
        0i64.checked_sub_unsigned(magnitude)?
    } else {
        i64::try_from(magnitude).ok()?
    };
    Some((T::try_from(signed).ok()?, &unsigned[len..]))
}

/// The run of ASCII digits `s` starts with: its value and length. The value
/// is exact up to 19 digits; past that it wraps, and callers reject it.
///
/// Eight digits at a time while a whole chunk is digits, then one at a
/// time: the four 10-digit integers of every token were a sixth of the
/// cost of decoding one, digit by digit.
pub(super) fn digit_run(s: &[u8]) -> (u64, usize) {
    let mut value: u64 = 0;
    let mut len = 0;
    while let Some(chunk) = s.get(len..).and_then(<[u8]>::first_chunk::<8>) {
        let chunk = u64::from_le_bytes(*chunk);
        if !eight_digits(chunk) {
            break;
        }
        value = value
            .wrapping_mul(100_000_000)
            .wrapping_add(eight_digit_value(chunk));
        len += 8;
    }
    for &b in &s[len..] {
        if !b.is_ascii_digit() {
            break;
        }
        value = value.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
        len += 1;
    }
    (value, len)
}

/// Whether all eight bytes of `chunk` are ASCII digits: each has the high
/// nibble 3, and still has it after adding 6 (which carries `:` to `?`
/// over into 4). A carry out of one byte can only come from a byte that
/// already failed the first test.
const fn eight_digits(chunk: u64) -> bool {
    const HIGH: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    const THREES: u64 = 0x3030_3030_3030_3030;
    chunk & HIGH == THREES && chunk.wrapping_add(0x0606_0606_0606_0606) & HIGH == THREES
}

/// The value of eight ASCII digits read little-endian (first digit in the
/// lowest byte), combining pairs, then quads, then the two halves with one
/// multiply each (the method of simdjson and fast_float).
const fn eight_digit_value(chunk: u64) -> u64 {
    let v = chunk - 0x3030_3030_3030_3030;
    let v = (v & 0x0F0F_0F0F_0F0F_0F0F).wrapping_mul(10 << 8 | 1) >> 8;
    let v = (v & 0x00FF_00FF_00FF_00FF).wrapping_mul(100 << 16 | 1) >> 16;
    (v & 0x0000_FFFF_0000_FFFF).wrapping_mul(10_000 << 32 | 1) >> 32
}

/// A JSON string without escapes, whose value is its raw text: `"`, then
/// no `"`, backslash or control character (which JSON requires escaped),
/// then `"`; and valid UTF-8. Byte-wise: in UTF-8 these ASCII bytes never
/// occur inside a multi-byte character. (Validating the two strings here,
/// rather than the whole plaintext up front, measured cheaper: 3,390 against
/// 3,483 instructions per basic-token decode, and a CBC decode ratio of 1.85
/// against 1.93-2.01, though alone the whole-text check looked faster.)
fn unescaped_string(s: &[u8]) -> Option<(&str, &[u8])> {
    let s = key(s, b"\"")?;
    let end = s
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < b' ')?;
    if s[end] != b'"' {
        return None;
    }
    Some((std::str::from_utf8(&s[..end]).ok()?, &s[end + 1..]))
}
