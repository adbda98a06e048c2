//! What skips a check or a safeguard, under a name that says so at the call
//! site (as jsonwebtoken's `dangerous` module does).
//!
//! - [`decode_unverified`] decrypts a token without checking its expiry,
//!   issue time or app ID. To accept a token, use
//!   [`Verifier::verify`](crate::Verifier::verify).
//! - `FixedInputs`, with `TokenRequest::issue_fixed`, mints with a
//!   caller-chosen clock, nonce and IV, to reproduce known-answer vectors.
//!   It exists only with the non-default `fixed-inputs` feature (which the
//!   `cli` feature turns on for its `--fixed-*` flags), so no production
//!   build can reuse an IV by accident.

use std::sync::Arc;

use crate::cipher::Keys;
use crate::claims::Claims;
use crate::error::Error;
use crate::secret::ServerSecret;
use crate::verify::Verifier;

/// Decrypts a token and returns its claims **without checking them**: an
/// expired token, or one minted for another app, decodes. For reading
/// tokens you do not accept, such as in a support tool; to accept a token,
/// use [`Verifier::verify`].
///
/// Expands the key on every call; keep a [`Verifier`] to decode many
/// tokens.
///
/// ```
/// use zego_token::{Issuer, ServerSecret, dangerous};
///
/// let secret = ServerSecret::new("fa94dd0f974cf2e293728a526b028271")?;
/// let token = Issuer::new(1, secret.clone())?.issue("user1")?;
/// let claims = dangerous::decode_unverified(token.as_str(), &secret)?;
/// assert_eq!(claims.user_id, "user1");
/// # Ok::<(), zego_token::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::NotToken04`], [`Error::Base64`], [`Error::Truncated`],
/// [`Error::Malformed`], [`Error::TrailingBytes`], [`Error::Decrypt`] (CBC:
/// wrong secret or corruption), [`Error::Authentication`] (GCM) or
/// [`Error::Claims`].
pub fn decode_unverified(token: &str, secret: &ServerSecret) -> Result<Claims, Error> {
    Verifier::from_keys(Arc::new(Keys::new(secret))).decode(token)
}

/// The inputs `TokenRequest::issue_fixed` takes instead of the clock and
/// the CSPRNG. **For tests and known-answer vectors only** (feature
/// `fixed-inputs`).
#[cfg(feature = "fixed-inputs")]
#[derive(Debug, Clone, Copy)]
pub struct FixedInputs<'a> {
    /// Issue time, unix seconds.
    pub ctime: i64,
    /// The claims nonce (any `i32`; real tokens use `0..=i32::MAX`).
    pub nonce: i32,
    /// The IV (16 bytes, CBC) or nonce (12 bytes, GCM).
    pub iv: &'a [u8],
}
