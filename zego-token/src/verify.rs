//! Decrypting tokens and checking them against explicit validation options.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use zeroize::Zeroize;

use crate::cipher::Keys;
use crate::claims::{self, Claims};
use crate::clock::unix_now;
use crate::error::Error;
use crate::secret::ServerSecret;
use crate::wire;

/// Default tolerance for a `ctime` ahead of this server's clock.
pub const DEFAULT_FUTURE_LEEWAY: Duration = Duration::from_secs(60);

/// Decrypts tokens and checks their claims.
///
/// By default a verifier checks that the token has not expired (no leeway)
/// and was not issued more than [`DEFAULT_FUTURE_LEEWAY`] in the future;
/// [`Verifier::with_app_id`] adds an app ID check. Everything is explicit
/// and injectable ([`Verifier::verify_at`] takes "now").
///
/// ```
/// use std::time::Duration;
/// use zego_token::{Error, Issuer, ServerSecret, Verifier};
///
/// let secret = "fa94dd0f974cf2e293728a526b028271";
/// let issuer = Issuer::new(1, ServerSecret::new(secret)?)?; // tokens live an hour
/// let token = issuer.issue("demo")?;
/// let expire = token.expire();
///
/// let verifier = Verifier::new(ServerSecret::new(secret)?).with_app_id(1);
/// let claims = verifier.verify_at(token.as_str(), expire - 60)?;
/// assert_eq!(claims.user_id, "demo");
///
/// let late = verifier.verify_at(token.as_str(), expire + 1).unwrap_err();
/// assert!(matches!(late, Error::Expired { .. }));
/// let lenient = verifier.clone().with_leeway(Duration::from_secs(5));
/// assert!(lenient.verify_at(token.as_str(), expire + 1).is_ok());
/// # Ok::<(), zego_token::Error>(())
/// ```
#[derive(Clone)]
pub struct Verifier {
    keys: Arc<Keys>,
    app_id: Option<u32>,
    check_expiry: bool,
    /// Whole seconds, as token times are.
    leeway: u64,
    /// Whole seconds, as token times are.
    future_leeway: u64,
}

impl Verifier {
    /// A verifier for tokens minted with `secret`, for any app ID.
    pub fn new(secret: ServerSecret) -> Self {
        Self::from_keys(Arc::new(Keys::new(&secret)))
    }

    pub(crate) fn from_keys(keys: Arc<Keys>) -> Self {
        Verifier {
            keys,
            app_id: None,
            check_expiry: true,
            leeway: 0,
            future_leeway: DEFAULT_FUTURE_LEEWAY.as_secs(),
        }
    }

    /// Requires tokens to be minted for `app_id`.
    #[must_use]
    pub fn with_app_id(mut self, app_id: u32) -> Self {
        self.app_id = Some(app_id);
        self
    }

    /// Accepts tokens up to `leeway` after their expiry.
    ///
    /// Token times are whole seconds, so the sub-second part of `leeway`
    /// changes nothing and is dropped: 1.5 s accepts exactly what 1 s does.
    #[must_use]
    pub fn with_leeway(mut self, leeway: Duration) -> Self {
        self.leeway = leeway.as_secs();
        self
    }

    /// Accepts a `ctime` up to `leeway` ahead of now (clock skew between the
    /// minting and the checking server); whole seconds, as for
    /// [`Verifier::with_leeway`].
    #[must_use]
    pub fn with_future_leeway(mut self, leeway: Duration) -> Self {
        self.future_leeway = leeway.as_secs();
        self
    }

    /// Turns the expiry and issue-time checks on or off. Off is for reading
    /// old tokens, such as in a support tool; the app ID check still applies.
    #[must_use]
    pub fn with_time_checks(mut self, enabled: bool) -> Self {
        self.check_expiry = enabled;
        self
    }

    /// Decrypts `token` and checks it against the system clock.
    ///
    /// # Errors
    ///
    /// Any decode error (see [`Verifier::decode`]), [`Error::AppIdMismatch`],
    /// [`Error::Expired`] or [`Error::NotYetValid`].
    pub fn verify(&self, token: &str) -> Result<Claims, Error> {
        self.verify_at(token, unix_now())
    }

    /// Decrypts `token` and checks it as if the time were `now` (unix seconds).
    ///
    /// # Errors
    ///
    /// As [`Verifier::verify`].
    pub fn verify_at(&self, token: &str, now: i64) -> Result<Claims, Error> {
        let claims = self.decode(token)?;
        self.validate_at(&claims, now)?;
        Ok(claims)
    }

    /// Checks claims already decoded (by [`Verifier::decode`]) against the
    /// system clock: [`Verifier::verify`] without the decryption, for a
    /// caller that wants to look at the claims of a token that fails.
    ///
    /// # Errors
    ///
    /// [`Error::AppIdMismatch`], [`Error::Expired`] or
    /// [`Error::NotYetValid`], checked in that order.
    pub fn validate(&self, claims: &Claims) -> Result<(), Error> {
        self.validate_at(claims, unix_now())
    }

    /// Checks claims already decoded as if the time were `now` (unix seconds).
    ///
    /// ```
    /// use zego_token::{Error, Issuer, ServerSecret};
    ///
    /// let issuer = Issuer::new(1, ServerSecret::new("fa94dd0f974cf2e293728a526b028271")?)?;
    /// let token = issuer.issue("demo")?; // valid for an hour
    /// let verifier = issuer.verifier();
    /// let claims = verifier.decode(token.as_str())?; // decrypted once...
    /// assert!(verifier.validate_at(&claims, claims.ctime + 100).is_ok()); // ...checked twice
    /// let late = verifier.validate_at(&claims, claims.expire + 1).unwrap_err();
    /// assert!(matches!(late, Error::Expired { .. }));
    /// # Ok::<(), zego_token::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Verifier::validate`].
    pub fn validate_at(&self, claims: &Claims, now: i64) -> Result<(), Error> {
        if let Some(expected) = self.app_id
            && claims.app_id != expected
        {
            return Err(Error::AppIdMismatch {
                expected,
                found: claims.app_id,
            });
        }
        if self.check_expiry {
            if now > claims.expire.saturating_add_unsigned(self.leeway) {
                return Err(Error::Expired {
                    expire: claims.expire,
                    now,
                });
            }
            if claims.ctime > now.saturating_add_unsigned(self.future_leeway) {
                return Err(Error::NotYetValid {
                    ctime: claims.ctime,
                    now,
                });
            }
        }
        Ok(())
    }

    /// Decrypts `token` and parses its claims **without checking them**:
    /// no expiry, issue-time or app ID check. To accept a token, use
    /// [`Verifier::verify`].
    ///
    /// # Errors
    ///
    /// [`Error::NotToken04`], [`Error::Base64`], [`Error::Truncated`],
    /// [`Error::Malformed`], [`Error::TrailingBytes`], [`Error::Decrypt`]
    /// (CBC: wrong secret or corruption), [`Error::Authentication`] (GCM) or
    /// [`Error::Claims`].
    pub fn decode(&self, token: &str) -> Result<Claims, Error> {
        let mut envelope = wire::Buf::new();
        wire::decode(token, &mut envelope)?;
        let frame = wire::parse(&envelope)?;
        let (head, ciphertext) = envelope.split_at_mut(frame.ciphertext.start);
        let ciphertext = &mut ciphertext[..frame.ciphertext.len()];
        let result = self
            .keys
            .decrypt(frame.mode, &head[frame.iv.clone()], ciphertext)
            .and_then(|pt_len| claims::parse(&ciphertext[..pt_len]));
        // The ciphertext's bytes now hold plaintext: wipe them before the
        // buffer is freed (the header around them is public anyway).
        ciphertext.zeroize();
        let mut claims = result?;
        if claims.expire != frame.expire {
            return Err(Error::Malformed(
                "the expiry in the header disagrees with the encrypted claims",
            ));
        }
        claims.mode = frame.mode;
        Ok(claims)
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("app_id", &self.app_id)
            .field("check_expiry", &self.check_expiry)
            .field("leeway", &Duration::from_secs(self.leeway))
            .field("future_leeway", &Duration::from_secs(self.future_leeway))
            .field("secret", &format_args!("<redacted>"))
            .finish()
    }
}
