//! The JSON body a token04 encrypts, and the rules for its fields.

use std::fmt;

use serde::Deserialize;

use crate::cipher::Mode;
use crate::payload::Privilege;
use crate::user_id::{MAX_USER_ID_LEN, UserId};
use crate::wire::Buf;

/// The decrypted contents of a token.
///
/// `Debug` shows every field but the payload, which is summarised by its
/// length: payloads can carry application data the caller may not want in
/// logs.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Claims {
    /// The app the token was minted for.
    pub app_id: u32,
    /// The user the token was minted for (inline, no allocation, up to
    /// [`MAX_USER_ID_LEN`](crate::MAX_USER_ID_LEN) bytes).
    pub user_id: UserId,
    /// Issue time, unix seconds.
    pub ctime: i64,
    /// Expiry, unix seconds.
    pub expire: i64,
    /// The random nonce in the claims.
    pub nonce: i32,
    /// The payload string: empty, a privilege payload, or anything else.
    pub payload: String,
    /// The cipher mode the token was encrypted with.
    #[serde(skip)]
    pub mode: Mode,
}

impl Claims {
    /// The payload read as a privilege payload, when it is one.
    pub fn privilege(&self) -> Option<Privilege> {
        Privilege::from_json(&self.payload)
    }

    /// Seconds from `ctime` to `expire`: the lifetime the token was minted with.
    pub fn lifetime(&self) -> i64 {
        self.expire.saturating_sub(self.ctime)
    }
}

impl fmt::Debug for Claims {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Claims")
            .field("app_id", &self.app_id)
            .field("user_id", &self.user_id)
            .field("ctime", &self.ctime)
            .field("expire", &self.expire)
            .field("nonce", &self.nonce)
            .field("payload", &format_args!("<{} bytes>", self.payload.len()))
            .field("mode", &self.mode)
            .finish()
    }
}

/// The borrowed form the issuer writes. Field order is the wire order:
/// `app_id, user_id, ctime, expire, nonce, payload`.
#[cfg_attr(test, derive(serde::Serialize))]
pub(crate) struct ClaimsRef<'a> {
    pub(crate) app_id: u32,
    pub(crate) user_id: &'a str,
    pub(crate) ctime: i64,
    pub(crate) expire: i64,
    pub(crate) nonce: i32,
    pub(crate) payload: &'a str,
}

impl ClaimsRef<'_> {
    /// Appends the claims as compact JSON, byte for byte what serde_json
    /// serializes for this struct (unit tests and a proptest check exactly
    /// that), at a fraction of the cost: the keys and punctuation are
    /// constant and the integers go through `itoa`.
    pub(crate) fn write_json(&self, out: &mut Buf) {
        // The stack buffer below has room for a user ID of up to 64 bytes;
        // minting checks that first, and anything longer takes the general
        // path rather than overrunning it.
        if needs_escape(self.user_id)
            || needs_escape(self.payload)
            || self.user_id.len() > MAX_USER_ID_LEN
        {
            return self.write_json_escaped(out);
        }
        // Neither string needs an escape, so each is its own bytes between
        // quotes. Everything up to the payload (at most 128 bytes plus a
        // 64-byte user ID) is assembled in one stack buffer, the payload
        // too when it fits, and appended with a single copy: appending
        // piece by piece cost a call and a capacity check per piece.
        let mut int = itoa::Buffer::new();
        let mut chunk = Chunk::default();
        chunk.put(b"{\"app_id\":");
        chunk.put(int.format(self.app_id).as_bytes());
        chunk.put(b",\"user_id\":\"");
        chunk.put(self.user_id.as_bytes());
        chunk.put(b"\",\"ctime\":");
        chunk.put(int.format(self.ctime).as_bytes());
        chunk.put(b",\"expire\":");
        chunk.put(int.format(self.expire).as_bytes());
        chunk.put(b",\"nonce\":");
        chunk.put(int.format(self.nonce).as_bytes());
        chunk.put(b",\"payload\":\"");
        if self.payload.len() + 2 <= chunk.room() {
            chunk.put(self.payload.as_bytes());
            chunk.put(b"\"}");
            out.extend_from_slice(chunk.filled());
        } else {
            out.extend_from_slice(chunk.filled());
            out.extend_from_slice(self.payload.as_bytes());
            out.extend_from_slice(b"\"}");
        }
    }

    /// The general case: serde_json escapes the two strings.
    fn write_json_escaped(&self, out: &mut Buf) {
        let mut int = itoa::Buffer::new();
        out.extend_from_slice(b"{\"app_id\":");
        out.extend_from_slice(int.format(self.app_id).as_bytes());
        out.extend_from_slice(b",\"user_id\":");
        json_string(out, self.user_id);
        out.extend_from_slice(b",\"ctime\":");
        out.extend_from_slice(int.format(self.ctime).as_bytes());
        out.extend_from_slice(b",\"expire\":");
        out.extend_from_slice(int.format(self.expire).as_bytes());
        out.extend_from_slice(b",\"nonce\":");
        out.extend_from_slice(int.format(self.nonce).as_bytes());
        out.extend_from_slice(b",\"payload\":");
        json_string(out, self.payload);
        out.push(b'}');
    }
}

/// Whether JSON requires escapes in `s`: a `"`, a backslash or a control
/// character (U+0000 to U+001F), the only characters serde_json escapes.
/// Byte-wise: in UTF-8 these ASCII bytes never occur inside a multi-byte
/// character.
fn needs_escape(s: &str) -> bool {
    s.bytes().any(|b| b == b'"' || b == b'\\' || b < b' ')
}

/// A stack buffer for the claims up to the payload: 128 bytes of keys,
/// punctuation and the longest integers, plus a user ID of at most
/// [`MAX_USER_ID_LEN`] bytes; the rest holds payloads of up to 190 bytes
/// (a privilege payload is about 90).
struct Chunk {
    buf: [u8; 384],
    len: usize,
}

impl Default for Chunk {
    fn default() -> Self {
        Chunk {
            buf: [0; 384],
            len: 0,
        }
    }
}

impl Chunk {
    fn put(&mut self, bytes: &[u8]) {
        self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
    }

    fn room(&self) -> usize {
        self.buf.len() - self.len
    }

    fn filled(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// Reads claims laid out byte for byte as [`ClaimsRef::write_json`] writes
/// them when neither string needs an escape: every basic token this crate
/// mints. Returns `None` for anything else (another generator's key order,
/// whitespace, an escape, a number spelled any other way), and the caller
/// parses with serde_json.
///
/// This is a matcher for one fixed layout, not a JSON parser: it accepts a
/// strict subset of what serde_json accepts and, on that subset, yields
/// exactly serde_json's result (tested below and differential-fuzzed in
/// `fuzz/targets.rs`). It exists because general JSON parsing was most of
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
fn digit_run(s: &[u8]) -> (u64, usize) {
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

/// A JSON string literal, escaped by serde_json.
fn json_string(out: &mut Buf, s: &str) {
    serde_json::to_writer(&mut *out, s).expect("writing a str to memory cannot fail");
}

/// The system clock in unix seconds. A clock set before 1970 reads as 0.
pub(crate) fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn both(claims: &ClaimsRef<'_>) -> (String, String) {
        let mut fast = Buf::new();
        claims.write_json(&mut fast);
        let fast = String::from_utf8(fast.to_vec()).unwrap();
        (fast, serde_json::to_string(claims).unwrap())
    }

    #[test]
    fn writes_what_serde_json_writes_for_edge_cases() {
        for (user_id, payload) in [
            ("demo", ""),
            ("a\"b\\c<d>&e", "\u{0}\u{1f}\u{7f}"),
            (
                "Zo\u{eb} \u{623f}\u{95f4} \u{1f600}",
                "{\"room_id\":\"r\"}\n\t\r",
            ),
            ("\u{2028}\u{2029}", "/"),
        ] {
            for (ctime, expire, nonce) in [
                (0, 1, 0),
                (i64::MIN, i64::MAX, i32::MIN),
                (1_700_000_000, 1_700_003_600, i32::MAX),
            ] {
                let claims = ClaimsRef {
                    app_id: u32::MAX,
                    user_id,
                    ctime,
                    expire,
                    nonce,
                    payload,
                };
                let (fast, serde) = both(&claims);
                assert_eq!(fast, serde);
            }
        }
    }

    /// What the fast path must agree with.
    fn serde(text: &str) -> Option<Claims> {
        serde_json::from_str(text).ok()
    }

    #[test]
    fn fast_path_reads_what_the_issuer_writes() {
        let claims = ClaimsRef {
            app_id: 1,
            user_id: "demo",
            ctime: 1_700_000_000,
            expire: 1_700_003_600,
            nonce: -5,
            payload: "",
        };
        let (text, _) = both(&claims);
        let parsed = parse_written(text.as_bytes()).unwrap();
        assert_eq!(Some(&parsed), serde(&text).as_ref());
        assert_eq!((parsed.user_id.as_str(), parsed.nonce), ("demo", -5));
    }

    #[test]
    fn fast_path_integers_at_their_limits() {
        for (app_id, ctime, nonce) in [
            ("4294967295", "-9223372036854775808", "-2147483648"),
            ("0", "9223372036854775807", "2147483647"),
        ] {
            let text = format!(
                r#"{{"app_id":{app_id},"user_id":"u","ctime":{ctime},"expire":0,"nonce":{nonce},"payload":""}}"#
            );
            let fast = parse_written(text.as_bytes());
            assert!(fast.is_some(), "{text}");
            assert_eq!(fast, serde(&text));
        }
        for (app_id, ctime, nonce) in [
            ("4294967296", "0", "0"),
            ("0", "9223372036854775808", "0"),
            ("0", "-9223372036854775809", "0"),
            ("0", "100000000000000000000", "0"),
            ("0", "-100000000000000000000", "0"),
            ("0", "0", "-2147483649"),
        ] {
            let text = format!(
                r#"{{"app_id":{app_id},"user_id":"u","ctime":{ctime},"expire":0,"nonce":{nonce},"payload":""}}"#
            );
            assert_eq!(parse_written(text.as_bytes()), None, "{text}");
            assert_eq!(serde(&text), None, "{text}");
        }
    }

    #[test]
    fn fast_path_leaves_everything_else_to_serde() {
        let base = r#"{"app_id":1,"user_id":"u","ctime":2,"expire":3,"nonce":4,"payload":"p"}"#;
        assert!(parse_written(base.as_bytes()).is_some());
        for text in [
            // numbers JSON spells differently or serde_json reads as floats
            r#"{"app_id":01,"user_id":"u","ctime":2,"expire":3,"nonce":4,"payload":"p"}"#,
            r#"{"app_id":1,"user_id":"u","ctime":-0,"expire":3,"nonce":4,"payload":"p"}"#,
            r#"{"app_id":1,"user_id":"u","ctime":+2,"expire":3,"nonce":4,"payload":"p"}"#,
            r#"{"app_id":1,"user_id":"u","ctime":2.0,"expire":3,"nonce":4,"payload":"p"}"#,
            r#"{"app_id":1,"user_id":"u","ctime":2e0,"expire":3,"nonce":4,"payload":"p"}"#,
            r#"{"app_id":-1,"user_id":"u","ctime":2,"expire":3,"nonce":4,"payload":"p"}"#,
            r#"{"app_id":4294967296,"user_id":"u","ctime":2,"expire":3,"nonce":4,"payload":"p"}"#,
            r#"{"app_id":1,"user_id":"u","ctime":2,"expire":3,"nonce":2147483648,"payload":"p"}"#,
            r#"{"app_id":,"user_id":"u","ctime":2,"expire":3,"nonce":4,"payload":"p"}"#,
            // escapes, raw control characters, other layouts
            r#"{"app_id":1,"user_id":"a"b","ctime":2,"expire":3,"nonce":4,"payload":"p"}"#,
            r#"{"app_id":1,"user_id":"u","ctime":2,"expire":3,"nonce":4,"payload":"\u0041"}"#,
            "{\"app_id\":1,\"user_id\":\"a\tb\",\"ctime\":2,\"expire\":3,\"nonce\":4,\"payload\":\"p\"}",
            r#"{"app_id": 1,"user_id":"u","ctime":2,"expire":3,"nonce":4,"payload":"p"}"#,
            r#"{"app_id":1,"user_id":"u","ctime":2,"expire":3,"nonce":4,"payload":"p"} "#,
            r#"{"app_id":1,"user_id":"u","ctime":2,"expire":3,"nonce":4,"payload":"p"}}"#,
            r#"{"app_id":1,"user_id":"u","ctime":2,"expire":3,"nonce":4,"payload":"p","x":1}"#,
            r#"{"user_id":"u","app_id":1,"ctime":2,"expire":3,"nonce":4,"payload":"p"}"#,
            r#"{"app_id":1,"user_id":"u","ctime":2,"expire":3,"nonce":4,"payload":"p"#,
        ] {
            assert_eq!(parse_written(text.as_bytes()), None, "{text}");
        }
        // The ones serde_json does accept, it accepts for itself.
        let spaced = r#"{"app_id": 1,"user_id":"u","ctime":2,"expire":3,"nonce":4,"payload":"p"} "#;
        assert!(serde(spaced).is_some());
    }

    /// The digit run one byte at a time: what `digit_run` must equal.
    fn digit_run_bytewise(s: &[u8]) -> (u64, usize) {
        let len = s.iter().take_while(|b| b.is_ascii_digit()).count();
        let value = s[..len].iter().fold(0u64, |v, &b| {
            v.wrapping_mul(10).wrapping_add(u64::from(b - b'0'))
        });
        (value, len)
    }

    #[test]
    fn digit_runs_of_every_length_and_every_stop_byte() {
        let digits = b"98765432109876543210123";
        for len in 0..=digits.len() {
            for stop in 0..=255u8 {
                let mut s = digits[..len].to_vec();
                s.extend_from_slice(&[stop, b'7', b'7', b'7', b'7', b'7', b'7', b'7', b'7']);
                assert_eq!(digit_run(&s), digit_run_bytewise(&s), "{s:?}");
                assert_eq!(digit_run(&s[..len]), digit_run_bytewise(&s[..len]));
            }
        }
        assert_eq!(digit_run(b"1795812338,"), (1_795_812_338, 10));
        assert_eq!(
            digit_run(b"9999999999999999999"),
            (9_999_999_999_999_999_999, 19)
        );
    }

    proptest! {
        #[test]
        fn fast_path_agrees_with_serde_on_written_claims(
            app_id: u32, user_id in any::<String>(), ctime: i64, expire: i64, nonce: i32, payload in any::<String>()
        ) {
            let claims = ClaimsRef { app_id, user_id: &user_id, ctime, expire, nonce, payload: &payload };
            let (text, _) = both(&claims);
            let fast = parse_written(text.as_bytes());
            let needs_escape = |s: &str| s.chars().any(|c| c == '"' || c == '\\' || c < ' ');
            prop_assert_eq!(needs_escape(&user_id), super::needs_escape(&user_id));
            prop_assert_eq!(fast.is_some(), !needs_escape(&user_id) && !needs_escape(&payload));
            if let Some(fast) = fast {
                prop_assert_eq!(Some(fast), serde(&text));
            }
        }

        #[test]
        fn digit_run_agrees_with_bytewise(s in proptest::collection::vec(prop_oneof![
            3 => proptest::num::u8::ANY.prop_map(|b| b'0' + b % 10), 1 => any::<u8>()], 0..40)) {
            prop_assert_eq!(digit_run(&s), digit_run_bytewise(&s));
        }

        /// The escape-free path, with strings that exercise it often.
        #[test]
        fn writes_what_serde_json_writes_for_plain_strings(
            app_id: u32, user_id in "[a-zA-Z0-9 _\\-é房\\u{7f}\\u{1f600}]{0,70}", ctime: i64, expire: i64, nonce: i32,
            payload in "[a-z{}:,\\[\\] ]{0,300}"
        ) {
            let claims = ClaimsRef { app_id, user_id: &user_id, ctime, expire, nonce, payload: &payload };
            prop_assert!(!needs_escape(&user_id) && !needs_escape(&payload));
            let (fast, serde) = both(&claims);
            prop_assert_eq!(&fast, &serde);
            prop_assert_eq!(parse_written(fast.as_bytes()), serde_json::from_str::<Claims>(&serde).ok());
        }

        /// Byte-level damage to a written claims text: whatever the fast
        /// path still accepts, serde_json reads the same way.
        #[test]
        fn fast_path_never_disagrees_with_serde(
            nonce: i32, at in 0usize..200, byte in prop::sample::select(b"0123456789-+.e,:{}\"\\ a\t".to_vec()), op in 0u8..3
        ) {
            let claims = ClaimsRef { app_id: 7, user_id: "user", ctime: 10, expire: 20, nonce, payload: "" };
            let (text, _) = both(&claims);
            let mut bytes = text.into_bytes();
            let at = at % (bytes.len() + 1);
            match op {
                0 => bytes.insert(at, byte),
                1 if at < bytes.len() => { bytes.remove(at); }
                _ if at < bytes.len() => bytes[at] = byte,
                _ => {}
            }
            let text = String::from_utf8(bytes).unwrap();
            if let Some(fast) = parse_written(text.as_bytes()) {
                prop_assert_eq!(Some(fast), serde(&text));
            }
        }

        #[test]
        fn writes_what_serde_json_writes(
            app_id: u32, user_id in any::<String>(), ctime: i64, expire: i64, nonce: i32, payload in any::<String>()
        ) {
            let claims = ClaimsRef { app_id, user_id: &user_id, ctime, expire, nonce, payload: &payload };
            let (fast, serde) = both(&claims);
            prop_assert_eq!(fast, serde);
        }
    }
}
