//! The JSON body a token04 encrypts: [`Claims`] as decoded, and the
//! borrowed form the issuer writes. Writing is in `write.rs`, reading (every
//! generator's layout) in `read.rs`.

use std::fmt;
use std::time::{Duration, SystemTime};

use crate::clock::system_time;
use crate::mode::Mode;
use crate::payload::Privilege;

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
    /// The user the token was minted for. Decoding keeps what the token
    /// says, even beyond the [`RTC_USER_ID_MAX_BYTES`](crate::rules::RTC_USER_ID_MAX_BYTES)
    /// bytes this crate mints.
    pub user_id: String,
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

    /// The issue time, `ctime`, as a [`SystemTime`]. `None` only where the
    /// platform's `SystemTime` cannot represent it (Unix-like systems
    /// represent every `i64` second; Windows stops before the year 30828).
    pub fn issued_at(&self) -> Option<SystemTime> {
        system_time(self.ctime)
    }

    /// The expiry, `expire`, as a [`SystemTime`]; `None` as for
    /// [`Claims::issued_at`].
    pub fn expires_at(&self) -> Option<SystemTime> {
        system_time(self.expire)
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
pub(crate) struct ClaimsRef<'a> {
    pub(crate) app_id: u32,
    pub(crate) user_id: &'a str,
    pub(crate) ctime: i64,
    pub(crate) expire: i64,
    pub(crate) nonce: i32,
    pub(crate) payload: PayloadRef<'a>,
}

/// The payload as the issuer has it: text carried verbatim, or a typed
/// privilege, written as JSON into the claims' payload string.
#[derive(Clone, Copy)]
pub(crate) enum PayloadRef<'a> {
    Text(&'a str),
    Privilege(&'a Privilege),
}
