//! Claims as compact JSON, byte for byte what serde_json writes.

use arrayvec::ArrayVec;

use super::ClaimsRef;
use crate::user_id::MAX_USER_ID_LEN;
use crate::wire::Buf;

/// A stack buffer for the claims up to the payload: 128 bytes of keys,
/// punctuation and the longest integers, plus a user ID of at most
/// [`MAX_USER_ID_LEN`] bytes; the rest holds payloads of up to 190 bytes
/// (a privilege payload is about 90).
const CHUNK: usize = 384;

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
        let mut chunk = ArrayVec::<u8, CHUNK>::new();
        put(&mut chunk, b"{\"app_id\":");
        put(&mut chunk, int.format(self.app_id).as_bytes());
        put(&mut chunk, b",\"user_id\":\"");
        put(&mut chunk, self.user_id.as_bytes());
        put(&mut chunk, b"\",\"ctime\":");
        put(&mut chunk, int.format(self.ctime).as_bytes());
        put(&mut chunk, b",\"expire\":");
        put(&mut chunk, int.format(self.expire).as_bytes());
        put(&mut chunk, b",\"nonce\":");
        put(&mut chunk, int.format(self.nonce).as_bytes());
        put(&mut chunk, b",\"payload\":\"");
        if self.payload.len() + 2 <= chunk.remaining_capacity() {
            put(&mut chunk, self.payload.as_bytes());
            put(&mut chunk, b"\"}");
            out.extend_from_slice(&chunk);
        } else {
            out.extend_from_slice(&chunk);
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

/// Appends to the stack buffer. [`ClaimsRef::write_json`] only takes this
/// path with a user ID that fits, so running out of room is a bug.
#[inline(always)]
fn put(chunk: &mut ArrayVec<u8, CHUNK>, bytes: &[u8]) {
    chunk
        .try_extend_from_slice(bytes)
        .expect("the chunk is sized for the longest integers and user ID");
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
