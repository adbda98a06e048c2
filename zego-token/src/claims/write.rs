//! Claims as compact JSON, byte for byte what serde_json writes.

use arrayvec::ArrayVec;
use smallvec::SmallVec;

use super::{ClaimsRef, PayloadRef};
use crate::payload::Privilege;
use crate::user_id::MAX_USER_ID_LEN;
use crate::wire::Buf;

/// A stack buffer for the claims up to the payload: 128 bytes of keys,
/// punctuation and the longest integers, plus a user ID of at most
/// [`MAX_USER_ID_LEN`] bytes; the rest holds payloads of up to 190 bytes
/// (a privilege payload is about 90).
const CHUNK: usize = 384;

impl ClaimsRef<'_> {
    /// Appends the claims as compact JSON, byte for byte what serde_json
    /// serializes for this struct (unit tests and proptests check exactly
    /// that), at a fraction of the cost: the keys and punctuation are
    /// constant and the integers go through `itoa`.
    pub(crate) fn write_json(&self, out: &mut Buf) {
        // The stack buffer below has room for a user ID of up to 64 bytes;
        // minting checks that first, and anything longer takes the general
        // path rather than overrunning it.
        let plain_payload = match self.payload {
            PayloadRef::Text(text) => !needs_escape(text),
            PayloadRef::Privilege(privilege) => is_plain(privilege),
        };
        if !plain_payload || needs_escape(self.user_id) || self.user_id.len() > MAX_USER_ID_LEN {
            return self.write_json_escaped(out);
        }
        // No string needs an escape, so each is its own bytes between
        // quotes. Everything up to the payload (at most 128 bytes plus a
        // 64-byte user ID) is assembled in one stack buffer, the payload
        // too when it fits, and appended with a single copy: appending
        // piece by piece cost a call and a capacity check per piece.
        let mut int = itoa::Buffer::new();
        let mut chunk = ArrayVec::<u8, CHUNK>::new();
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
        let payload_len = match self.payload {
            PayloadRef::Text(text) => text.len(),
            PayloadRef::Privilege(privilege) => plain_privilege_len(privilege),
        };
        if payload_len + 2 <= chunk.remaining_capacity() {
            let start = chunk.len();
            self.payload.write_plain(&mut chunk);
            debug_assert_eq!(chunk.len() - start, payload_len);
            chunk.put(b"\"}");
            out.extend_from_slice(&chunk);
        } else {
            out.extend_from_slice(&chunk);
            self.payload.write_plain(out);
            out.put(b"\"}");
        }
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

impl PayloadRef<'_> {
    /// Writes the payload between the quotes of the claims' `"payload"`
    /// string, when no string in it needs an escape (checked by the caller).
    fn write_plain(&self, sink: &mut impl Sink) {
        match *self {
            PayloadRef::Text(text) => sink.put(text.as_bytes()),
            PayloadRef::Privilege(privilege) => write_plain_privilege(sink, privilege),
        }
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

/// Where the claims are written: the stack chunk or the envelope buffer.
trait Sink {
    fn put(&mut self, bytes: &[u8]);
}

/// [`ClaimsRef::write_json`] only writes to the chunk what it has checked
/// fits, so running out of room is a bug.
impl Sink for ArrayVec<u8, CHUNK> {
    #[inline(always)]
    fn put(&mut self, bytes: &[u8]) {
        self.try_extend_from_slice(bytes)
            .expect("the chunk is sized for the longest integers and user ID");
    }
}

impl Sink for Buf {
    #[inline(always)]
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// Whether JSON requires escapes in `s`: a `"`, a backslash or a control
/// character (U+0000 to U+001F), the only characters serde_json escapes.
/// Byte-wise: in UTF-8 these ASCII bytes never occur inside a multi-byte
/// character.
pub(super) fn needs_escape(s: &str) -> bool {
    s.bytes().any(|b| b == b'"' || b == b'\\' || b < b' ')
}

/// A JSON string literal, escaped by serde_json.
fn json_string(out: &mut Buf, s: &str) {
    serde_json::to_writer(&mut *out, s).expect("writing a str to memory cannot fail");
}
