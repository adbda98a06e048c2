//! The JSON body a token04 encrypts, and the rules for its fields.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::cipher::Mode;
use crate::error::{Error, UserIdProblem};
use crate::payload::Privilege;

/// Longest user ID ZEGO accepts, in bytes.
pub const MAX_USER_ID_LEN: usize = 64;

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
    /// The user the token was minted for.
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

/// The borrowed, serialize-only form the issuer writes. Field order is the
/// wire order: `app_id, user_id, ctime, expire, nonce, payload`.
#[derive(Serialize)]
pub(crate) struct ClaimsRef<'a> {
    pub(crate) app_id: u32,
    pub(crate) user_id: &'a str,
    pub(crate) ctime: i64,
    pub(crate) expire: i64,
    pub(crate) nonce: i32,
    pub(crate) payload: &'a str,
}

/// Checks a user ID the way ZEGO's servers will: 1 to 64 bytes, no control
/// characters (which also keeps it printable in logs and kit tokens).
pub(crate) fn validate_user_id(user_id: &str) -> Result<(), Error> {
    if user_id.is_empty() {
        return Err(Error::UserId(UserIdProblem::Empty));
    }
    if user_id.len() > MAX_USER_ID_LEN {
        return Err(Error::UserId(UserIdProblem::TooLong { len: user_id.len() }));
    }
    if let Some((at, _)) = user_id.char_indices().find(|(_, c)| c.is_control()) {
        return Err(Error::UserId(UserIdProblem::ControlCharacter { at }));
    }
    Ok(())
}

/// The system clock in unix seconds. A clock set before 1970 reads as 0.
pub(crate) fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
