//! The JSON body a token04 encrypts: [`Claims`] as decoded, and the
//! borrowed form the issuer writes. Writing is in `write.rs`; reading, fast
//! for the layout this crate writes and general for every other, in
//! `read.rs`.

use std::fmt;
use std::time::Duration;

use crate::mode::Mode;
use crate::payload::Privilege;
use crate::user_id::UserId;

mod read;
#[cfg(test)]
mod tests;
mod write;

pub(crate) use read::parse;

/// The decrypted contents of a token.
///
/// `Debug` shows every field but the payload, which is summarised by its
/// length: payloads can carry application data the caller may not want in
/// logs.
///
/// Decoding accepts the claims layout of every official generator: the
/// keys in any order, a missing `payload` (ZEGO's UIKit SDK writes none)
/// read as `""`, and unknown keys ignored, since ZEGO may add fields. The
/// same rules apply when `Claims` is deserialized with serde.
#[derive(Clone, PartialEq, Eq)]
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
    pub mode: Mode,
}

impl Claims {
    /// The payload read as a privilege payload, when it is one.
    pub fn privilege(&self) -> Option<Privilege> {
        Privilege::from_json(&self.payload)
    }

    /// From `ctime` to `expire`: the lifetime the token was minted with
    /// (zero if `expire` is not after `ctime`, which no generator mints).
    pub fn lifetime(&self) -> Duration {
        Duration::from_secs(u64::try_from(self.expire.saturating_sub(self.ctime)).unwrap_or(0))
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
    pub(crate) payload: PayloadRef<'a>,
}

/// The payload as the issuer has it: text carried verbatim, or a typed
/// privilege, written as JSON straight into the claims' payload string.
#[derive(Clone, Copy)]
pub(crate) enum PayloadRef<'a> {
    Text(&'a str),
    Privilege(&'a Privilege),
}

/// The serde_json path the writer must equal: a privilege is serialized,
/// then embedded as a string, as ZEGO's generators do.
#[cfg(test)]
impl serde::Serialize for PayloadRef<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            PayloadRef::Text(text) => serializer.serialize_str(text),
            PayloadRef::Privilege(privilege) => {
                serializer.serialize_str(&serde_json::to_string(&privilege.wire()).unwrap())
            }
        }
    }
}
