//! What skips a check or a safeguard, under a name that says so at the call
//! site (as jsonwebtoken's `dangerous` module does). Nothing outside this
//! module hands out claims that were not checked.
//!
//! - [`decode_unverified`] decrypts a token and returns its claims without
//!   checking its app ID, expiry or issue time.
//! - [`unvalidated_claims`] reads the claims of a token decrypted with
//!   [`Verifier::decrypt`] without checking them: for a support tool that
//!   shows a token that fails, then reports why.
//! - [`without_time_checks`] makes a verifier that accepts expired tokens
//!   and tokens issued in the future.
//! - `FixedInputs`, with `TokenRequest::issue_fixed`, mints with a
//!   caller-chosen clock, nonce and IV, to reproduce known-answer vectors.
//!   It exists only with the non-default `fixed-inputs` feature (which the
//!   `cli` feature turns on for its `--fixed-*` flags), so no production
//!   build can reuse an IV by accident.
//!
//! To accept a token, use [`Verifier::verify`].

use std::sync::Arc;

use crate::cipher::Keys;
use crate::claims::Claims;
use crate::error::Error;
use crate::secret::ServerSecret;
use crate::verify::{Decrypted, Verifier};

/// Decrypts a token and returns its claims **without checking them**: an
/// expired token, or one minted for another app, decodes. For reading
/// tokens you do not accept, such as in a support tool; to accept a token,
/// use [`Verifier::verify`].
///
/// Expands the key on every call; to read many tokens, keep a verifier and
/// use [`Verifier::decrypt`] with [`unvalidated_claims`].
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
/// As [`Verifier::decrypt`]: [`Error::NotToken04`], [`Error::Base64`],
/// [`Error::Mangled`], [`Error::Truncated`], [`Error::Malformed`], [`Error::TrailingBytes`],
/// [`Error::Decrypt`] (CBC: wrong secret or corruption),
/// [`Error::Authentication`] (GCM) or [`Error::Claims`].
pub fn decode_unverified(token: &str, secret: &ServerSecret) -> Result<Claims, Error> {
    let decrypted = Verifier::from_keys(Arc::new(Keys::new(secret)), None).decrypt(token)?;
    Ok(decrypted.claims)
}

/// The claims of a decrypted token **without checking them**, as they are
/// whether or not they pass: to show a token that fails (expired, for
/// another app) before reporting why, with one decryption. To accept a
/// token, use [`Verifier::validate`], which returns the claims only when
/// they pass.
///
/// ```
/// use zego_token::{Error, Issuer, ServerSecret, dangerous};
///
/// let issuer = Issuer::new(1, ServerSecret::new("fa94dd0f974cf2e293728a526b028271")?)?;
/// let token = issuer.issue("user1")?;
/// let verifier = issuer.verifier();
/// let decrypted = verifier.decrypt(token.as_str())?;
/// let verdict = verifier.validate_at(&decrypted, token.expire() + 1);
/// assert!(matches!(verdict, Err(Error::Expired { .. })));
/// // What a support tool shows next to the verdict.
/// assert_eq!(dangerous::unvalidated_claims(&decrypted).user_id, "user1");
/// # Ok::<(), zego_token::Error>(())
/// ```
pub fn unvalidated_claims(decrypted: &Decrypted) -> &Claims {
    &decrypted.claims
}

/// `verifier` **without its expiry and issue-time checks**: it accepts
/// expired tokens and tokens issued in the future. Its app ID check, if it
/// has one, still applies. For reading old tokens, such as known-answer
/// vectors; to accept a token late, give a verifier a
/// [`with_leeway`](Verifier::with_leeway) instead.
///
/// ```
/// use zego_token::{Issuer, ServerSecret, dangerous};
///
/// let issuer = Issuer::new(1, ServerSecret::new("fa94dd0f974cf2e293728a526b028271")?)?;
/// let token = issuer.issue("user1")?;
/// let any_time = dangerous::without_time_checks(issuer.verifier());
/// assert!(any_time.verify_at(token.as_str(), token.expire() + 86_400).is_ok());
/// # Ok::<(), zego_token::Error>(())
/// ```
pub fn without_time_checks(verifier: Verifier) -> Verifier {
    verifier.without_time_checks()
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
