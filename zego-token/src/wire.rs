//! The token04 envelope: `"04" + base64(expire | iv_len | iv | ct_len | ct [| 0x01])`.
//!
//! All integers are big-endian; base64 is the standard alphabet with padding.

use std::ops::Range;
use std::time::SystemTime;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::clock::system_time;
use crate::error::Error;
use crate::mode::{BLOCK, CBC_IV_LEN, GCM_NONCE_LEN, GCM_TAG_LEN, Mode};

/// The version prefix of every token04.
pub(crate) const PREFIX: &str = "04";
/// The u16 length field caps the ciphertext (GCM: including its tag).
pub(crate) const MAX_CIPHERTEXT_LEN: usize = u16::MAX as usize;
/// The byte a GCM token carries after its ciphertext.
const GCM_MODE_BYTE: u8 = 1;
/// An upper bound on any envelope: the longer (CBC) header, the largest
/// ciphertext and the GCM mode byte.
const MAX_ENVELOPE_LEN: usize = 8 + 2 + CBC_IV_LEN + 2 + MAX_CIPHERTEXT_LEN + 1;

/// The capacity an envelope being minted starts with: a basic token's, and
/// a privilege token's with IDs of everyday length, fit, so its buffer is
/// one allocation; a larger payload grows it.
///
/// Envelopes are built and read in a plain `Vec<u8>`, the one buffer type
/// of the crate. A stack buffer (`SmallVec`) measured slower, allocation
/// included: its appends copy twice (callgrind, per basic CBC token: 4,331
/// instructions against 3,799).
pub(crate) const ENVELOPE_CAPACITY: usize = 512;

/// Bytes before the ciphertext.
pub(crate) const fn header_len(mode: Mode) -> usize {
    8 + 2 + mode.iv_len() + 2
}

/// Bytes after the ciphertext.
pub(crate) const fn trailer_len(mode: Mode) -> usize {
    match mode {
        Mode::Cbc => 0,
        Mode::Gcm => 1,
    }
}

/// Appends the header of an envelope: expiry, IV length, IV, and a zero
/// ciphertext length that [`finish_frame`] fills in.
pub(crate) fn put_header(out: &mut Vec<u8>, mode: Mode, expire: i64, iv: &[u8]) {
    let mut header = [0u8; 8 + 2 + CBC_IV_LEN + 2];
    let iv_len = mode.iv_len();
    header[..8].copy_from_slice(&expire.to_be_bytes());
    header[8..10].copy_from_slice(&(iv_len as u16).to_be_bytes());
    header[10..10 + iv_len].copy_from_slice(iv);
    out.extend_from_slice(&header[..header_len(mode)]);
}

/// Fills in the ciphertext length and the GCM mode byte. `frame` is exactly
/// `header_len + ct_len + trailer_len` long and `ct_len` has been checked
/// against [`MAX_CIPHERTEXT_LEN`].
pub(crate) fn finish_frame(frame: &mut [u8], mode: Mode, ct_len: usize) {
    let at = 10 + mode.iv_len();
    frame[at..at + 2].copy_from_slice(&(ct_len as u16).to_be_bytes());
    if mode == Mode::Gcm {
        let last = frame.len() - 1;
        frame[last] = GCM_MODE_BYTE;
    }
}

/// `"04"` + base64 of the envelope, in one allocation of the exact size.
pub(crate) fn encode(envelope: &[u8]) -> String {
    let len = PREFIX.len()
        + base64::encoded_len(envelope.len(), true).expect("envelope is at most 64 KiB");
    let mut token = String::with_capacity(len);
    token.push_str(PREFIX);
    STANDARD.encode_string(envelope, &mut token);
    debug_assert_eq!(token.len(), len);
    token
}

/// Strips the prefix and base64-decodes the envelope into `out`. Text that
/// is not a token04 as it stands but looks like one mangled on its way is
/// [`Error::Mangled`], naming the likely cause.
pub(crate) fn decode(token: &str, out: &mut Vec<u8>) -> Result<(), Error> {
    let explained = |plain: Error| crate::mangled::diagnose(token).map_or(plain, Error::Mangled);
    let body = token
        .strip_prefix(PREFIX)
        .ok_or_else(|| explained(Error::NotToken04))?;
    let max = base64::encoded_len(MAX_ENVELOPE_LEN, true).unwrap_or(usize::MAX);
    if body.len() > max {
        return Err(Error::Malformed("longer than any token04 can be"));
    }
    out.clear();
    out.resize(base64::decoded_len_estimate(body.len()), 0);
    let len = STANDARD.decode_slice(body, out).map_err(|_| {
        // `#` is no base64 character, but it is where a kit token's room
        // data starts: say what the text is rather than what it is not.
        if body.contains('#') {
            Error::Malformed("this is a UIKit kit token (token04#room data), not a bare token04")
        } else {
            explained(Error::Base64)
        }
    })?;
    out.truncate(len);
    Ok(())
}

/// Where the parts of a decoded envelope are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Frame {
    pub(crate) mode: Mode,
    pub(crate) expire: i64,
    pub(crate) iv: Range<usize>,
    pub(crate) ciphertext: Range<usize>,
}

/// Reads the header of an envelope and checks every length against its size.
pub(crate) fn parse(envelope: &[u8]) -> Result<Frame, Error> {
    let len = envelope.len();
    let truncated = |needed: usize| Error::Truncated { needed, len };
    let head: &[u8; 10] = envelope
        .get(..10)
        .and_then(|h| h.try_into().ok())
        .ok_or_else(|| truncated(10))?;
    let expire = i64::from_be_bytes(head[..8].try_into().expect("8 bytes"));
    let iv_len = usize::from(u16::from_be_bytes([head[8], head[9]]));
    let mode = match iv_len {
        CBC_IV_LEN => Mode::Cbc,
        GCM_NONCE_LEN => Mode::Gcm,
        _ => {
            return Err(Error::Malformed(
                "IV length must be 16 (CBC) or nonce length 12 (GCM)",
            ));
        }
    };
    let iv = 10..10 + iv_len;
    let ct_len_at = iv.end;
    let ct_len_bytes = envelope
        .get(ct_len_at..ct_len_at + 2)
        .ok_or_else(|| truncated(ct_len_at + 2))?;
    let ct_len = usize::from(u16::from_be_bytes([ct_len_bytes[0], ct_len_bytes[1]]));
    let ciphertext = ct_len_at + 2..ct_len_at + 2 + ct_len;
    let needed = ciphertext.end + trailer_len(mode);
    if len < needed {
        return Err(truncated(needed));
    }
    if len > needed {
        return Err(Error::TrailingBytes {
            count: len - needed,
        });
    }
    match mode {
        Mode::Cbc if ct_len == 0 || ct_len % BLOCK != 0 => {
            return Err(Error::Malformed(
                "CBC ciphertext length is not a positive multiple of 16",
            ));
        }
        Mode::Gcm if ct_len < GCM_TAG_LEN => {
            return Err(Error::Malformed(
                "GCM ciphertext is shorter than its 16-byte tag",
            ));
        }
        Mode::Gcm if envelope[len - 1] != GCM_MODE_BYTE => {
            return Err(Error::Malformed("GCM token does not end in mode byte 0x01"));
        }
        _ => {}
    }
    Ok(Frame {
        mode,
        expire,
        iv,
        ciphertext,
    })
}

/// What can be read from a token without its secret.
///
/// ```
/// let env = zego_token::inspect("04AAAAAGVT/xAAEDAxMjM0NTY3ODlhYmNkZWYAcPDOWcZeMCPxbh1dpHzCTRH0tbs1JDwaSloPPpfrCE29tUW/QA7cBUDbJW7EPsVPsGpO/KyXwgxISYw5q52prPMSDPSd273V+GccmQjr86yJzXgjAi1WOIdNYImOOK+KUyRl6LN2rT4pm+K4yG/IxH0=")?;
/// assert_eq!(env.mode, zego_token::Mode::Cbc);
/// assert_eq!(env.expire, 1700003600);
/// assert_eq!(env.iv, b"0123456789abcdef");
/// assert_eq!(env.ciphertext_len, 112);
/// # Ok::<(), zego_token::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Envelope {
    /// The cipher mode.
    pub mode: Mode,
    /// The expiry in the clear header, unix seconds (also as a
    /// `SystemTime`: [`Envelope::expires_at`]).
    pub expire: i64,
    /// The IV (CBC) or nonce (GCM). Not secret: it travels in the clear.
    pub iv: Vec<u8>,
    /// Length of the ciphertext, including the GCM tag.
    pub ciphertext_len: usize,
}

impl Envelope {
    /// The expiry as a [`SystemTime`]. `None` only where the platform's
    /// `SystemTime` cannot represent it (Unix-like systems represent every
    /// `i64` second; Windows stops before the year 30828).
    pub fn expires_at(&self) -> Option<SystemTime> {
        system_time(self.expire)
    }
}

/// Reads a token's envelope without decrypting it.
///
/// # Errors
///
/// The decode errors that need no secret: [`Error::NotToken04`],
/// [`Error::Base64`], [`Error::Mangled`], [`Error::Truncated`], [`Error::Malformed`],
/// [`Error::TrailingBytes`].
pub fn inspect(token: &str) -> Result<Envelope, Error> {
    let mut buf = Vec::new();
    decode(token, &mut buf)?;
    let frame = parse(&buf)?;
    Ok(Envelope {
        mode: frame.mode,
        expire: frame.expire,
        iv: buf[frame.iv].to_vec(),
        ciphertext_len: frame.ciphertext.len(),
    })
}
