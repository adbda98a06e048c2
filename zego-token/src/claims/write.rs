//! Claims as compact JSON, byte for byte what serde_json writes.

use smallvec::SmallVec;

use super::{ClaimsRef, PayloadRef};
use crate::payload::Privilege;
use crate::wire::{Buf, Sink};

/// Keys, punctuation and the longest integers: every byte of the claims
/// but the user ID and the payload.
const FIXED_LEN: usize = 128;

impl ClaimsRef<'_> {
    /// The length [`ClaimsRef::write_plain`] writes at most, or `None` when
    /// a string needs an escape and only [`ClaimsRef::write_json`] can write
    /// these claims.
    pub(crate) fn plain_len(&self) -> Option<usize> {
        let payload_len = match self.payload {
            PayloadRef::Text(text) => (!needs_escape(text)).then_some(text.len())?,
            PayloadRef::Privilege(privilege) => {
                is_plain(privilege).then(|| plain_privilege_len(privilege))?
            }
        };
        (!needs_escape(self.user_id)).then_some(FIXED_LEN + self.user_id.len() + payload_len)
    }

    /// Appends the claims as compact JSON, byte for byte what serde_json
    /// serializes for this struct (unit tests and proptests check exactly
    /// that).
    pub(crate) fn write_json(&self, out: &mut Buf) {
        if self.plain_len().is_some() {
            self.write_plain(out);
        } else {
            self.write_json_escaped(out);
        }
    }

    /// The claims when no string needs an escape ([`ClaimsRef::plain_len`]
    /// is `Some`): each string is then its own bytes between quotes, the
    /// keys and punctuation are constant and the integers go through
    /// `itoa`, so this is a run of appends, at a fraction of serde_json's
    /// cost.
    pub(crate) fn write_plain(&self, out: &mut impl Sink) {
        let mut int = itoa::Buffer::new();
        out.put(b"{\"app_id\":");
        out.put(int.format(self.app_id).as_bytes());
        out.put(b",\"user_id\":\"");
        out.put(self.user_id.as_bytes());
        out.put(b"\",\"ctime\":");
        out.put(int.format(self.ctime).as_bytes());
        out.put(b",\"expire\":");
        out.put(int.format(self.expire).as_bytes());
        out.put(b",\"nonce\":");
        out.put(int.format(self.nonce).as_bytes());
        out.put(b",\"payload\":\"");
        match self.payload {
            PayloadRef::Text(text) => out.put(text.as_bytes()),
            PayloadRef::Privilege(privilege) => write_plain_privilege(out, privilege),
        }
        out.put(b"\"}");
    }

    /// The general case: serde_json escapes the strings.
    fn write_json_escaped(&self, out: &mut Buf) {
        let mut int = itoa::Buffer::new();
        out.put(b"{\"app_id\":");
        out.put(int.format(self.app_id).as_bytes());
        out.put(b",\"user_id\":");
        json_string(out, self.user_id);
        out.put(b",\"ctime\":");
        out.put(int.format(self.ctime).as_bytes());
        out.put(b",\"expire\":");
        out.put(int.format(self.expire).as_bytes());
        out.put(b",\"nonce\":");
        out.put(int.format(self.nonce).as_bytes());
        out.put(b",\"payload\":");
        match self.payload {
            PayloadRef::Text(text) => json_string(out, text),
            PayloadRef::Privilege(privilege) => {
                // A room or stream ID with a quote, a backslash or a control
                // character: serialize, then escape that JSON as a string,
                // as ZEGO's generators do.
                let mut json: SmallVec<[u8; 512]> = SmallVec::new();
                serde_json::to_writer(&mut json, &privilege.wire())
                    .expect("strings and integers always serialize");
                json_string(
                    out,
                    std::str::from_utf8(&json).expect("serde_json writes UTF-8"),
                );
            }
        }
        out.push(b'}');
    }
}

/// The privilege JSON, already escaped as the contents of a JSON string, in
/// one pass: `{\"room_id\":\"ROOM\",\"privilege\":{\"1\":1,\"2\":0},\"stream_id_list\":null}`.
///
/// Only for a privilege whose room and stream IDs need no escape
/// ([`is_plain`]): each is then its own bytes in both the inner JSON and
/// the outer string, and every escape in the result is a constant below.
/// The keys and their order are those of [`Privilege::wire`], the serde
/// view `Privilege::to_json` and the general path use; proptests check
/// this writer against serde_json's two passes byte for byte.
fn write_plain_privilege(sink: &mut impl Sink, privilege: &Privilege) {
    sink.put(b"{\\\"room_id\\\":\\\"");
    sink.put(privilege.room_id().as_bytes());
    sink.put(b"\\\",\\\"privilege\\\":{\\\"1\\\":");
    sink.put(bit(privilege.login()));
    sink.put(b",\\\"2\\\":");
    sink.put(bit(privilege.publish()));
    sink.put(b"},\\\"stream_id_list\\\":");
    match privilege.streams() {
        None => sink.put(b"null}"),
        Some(streams) => {
            sink.put(b"[");
            for (i, stream) in streams.iter().enumerate() {
                sink.put(if i == 0 { b"\\\"" } else { b",\\\"" });
                sink.put(stream.as_bytes());
                sink.put(b"\\\"");
            }
            sink.put(b"]}");
        }
    }
}

/// Bytes [`write_plain_privilege`] writes: its constant parts, the IDs, and
/// per stream two escaped quotes and (but for the first) a comma.
fn plain_privilege_len(privilege: &Privilege) -> usize {
    const CONSTANT: usize =
        br#"{\"room_id\":\"\",\"privilege\":{\"1\":0,\"2\":0},\"stream_id_list\":}"#.len();
    let list = match privilege.streams() {
        None => "null".len(),
        Some(streams) => {
            let ids: usize = streams.iter().map(String::len).sum();
            "[]".len() + ids + streams.len() * r#"\"\""#.len() + streams.len().saturating_sub(1)
        }
    };
    CONSTANT + privilege.room_id().len() + list
}

/// Whether no string in the privilege needs a JSON escape.
fn is_plain(privilege: &Privilege) -> bool {
    !needs_escape(privilege.room_id())
        && privilege
            .streams()
            .is_none_or(|streams| streams.iter().all(|s| !needs_escape(s)))
}

/// A privilege bit as ZEGO writes it.
fn bit(allowed: bool) -> &'static [u8] {
    if allowed { b"1" } else { b"0" }
}

/// Whether JSON requires escapes in `s`: a `"`, a backslash or a control
/// character (U+0000 to U+001F), the only characters serde_json escapes.
/// Byte-wise: in UTF-8 these ASCII bytes never occur inside a multi-byte
/// character.
pub(super) fn needs_escape(s: &str) -> bool {
    // Without an early exit the loop is branch-free (and vectorized for
    // long strings); the strings here are short and almost never escaped.
    s.bytes().fold(false, |found, b| {
        found | (b == b'"') | (b == b'\\') | (b < b' ')
    })
}

/// A JSON string literal, escaped by serde_json.
fn json_string(out: &mut Buf, s: &str) {
    serde_json::to_writer(&mut *out, s).expect("writing a str to memory cannot fail");
}
