//! Decrypting tokens and checking their claims: [`Verifier`], and the
//! [`Decrypted`] token whose claims are read only once checked.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use zeroize::Zeroize;

use crate::cipher::Keys;
use crate::claims::{self, Claims};
use crate::clock::unix_now;
use crate::error::Error;
use crate::mode::Mode;
use crate::secret::ServerSecret;
use crate::wire;

/// Default tolerance for a `ctime` ahead of this server's clock.
pub const DEFAULT_FUTURE_LEEWAY: Duration = Duration::from_secs(60);

/// Decrypts tokens and checks their claims.
///
/// Every verifier checks that a token has not expired (no leeway unless
/// [`Verifier::with_leeway`]) and was not issued more than
/// [`DEFAULT_FUTURE_LEEWAY`] in the future. Its constructor says whether it
/// also checks the app ID: [`Verifier::new`] and [`Issuer::verifier`] do,
/// [`Verifier::for_any_app`] does not. "Now" is injectable
/// ([`Verifier::verify_at`]). What skips a check is in
/// [`dangerous`](crate::dangerous).
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
/// let verifier = Verifier::new(1, ServerSecret::new(secret)?)?;
/// let claims = verifier.verify_at(token.as_str(), expire - 60)?;
/// assert_eq!(claims.user_id, "demo");
///
/// let late = verifier.verify_at(token.as_str(), expire + 1).unwrap_err();
/// assert!(matches!(late, Error::Expired { .. }));
/// let lenient = verifier.clone().with_leeway(Duration::from_secs(5));
/// assert!(lenient.verify_at(token.as_str(), expire + 1).is_ok());
///
/// let other_app = Verifier::new(2, ServerSecret::new(secret)?)?;
/// let err = other_app.verify(token.as_str()).unwrap_err();
/// assert!(matches!(err, Error::AppIdMismatch { expected: 2, found: 1 }));
/// # Ok::<(), zego_token::Error>(())
/// ```
///
/// [`Issuer::verifier`]: crate::Issuer::verifier
#[derive(Clone)]
pub struct Verifier {
    keys: Arc<Keys>,
    /// `None`: any app ([`Verifier::for_any_app`]).
    app_id: Option<u32>,
    /// Off only through `dangerous::without_time_checks`.
    time_checks: bool,
    /// Whole seconds, as token times are.
    leeway: u64,
    /// Whole seconds, as token times are.
    future_leeway: u64,
}

impl Verifier {
    /// A verifier for the tokens of app `app_id` minted with `secret`: it
    /// checks the app ID, the expiry and the issue time.
    ///
    /// # Errors
    ///
    /// [`Error::AppId`] (code 1) when `app_id` is 0, which no app has.
    pub fn new(app_id: u32, secret: ServerSecret) -> Result<Self, Error> {
        if app_id == 0 {
            return Err(Error::AppId);
        }
        Ok(Self::from_keys(Arc::new(Keys::new(&secret)), Some(app_id)))
    }

    /// A verifier for tokens minted with `secret` **for any app**: it checks
    /// the expiry and the issue time, not the app ID. For a secret shared
    /// by several app IDs, or a tool that reads any app's tokens; a server
    /// accepting its own app's tokens wants [`Verifier::new`].
    pub fn for_any_app(secret: ServerSecret) -> Self {
        Self::from_keys(Arc::new(Keys::new(&secret)), None)
    }

    pub(crate) fn from_keys(keys: Arc<Keys>, app_id: Option<u32>) -> Self {
        Verifier {
            keys,
            app_id,
            time_checks: true,
            leeway: 0,
            future_leeway: DEFAULT_FUTURE_LEEWAY.as_secs(),
        }
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
    /// minting and the checking server; [`DEFAULT_FUTURE_LEEWAY`] unless
    /// set); whole seconds, as for [`Verifier::with_leeway`].
    #[must_use]
    pub fn with_future_leeway(mut self, leeway: Duration) -> Self {
        self.future_leeway = leeway.as_secs();
        self
    }

    /// Turns the expiry and issue-time checks off: see
    /// [`dangerous::without_time_checks`](crate::dangerous::without_time_checks).
    pub(crate) fn without_time_checks(mut self) -> Self {
        self.time_checks = false;
        self
    }

    /// The app ID this verifier requires; `None` for
    /// [`Verifier::for_any_app`].
    pub fn app_id(&self) -> Option<u32> {
        self.app_id
    }

    /// Decrypts `token` and checks its claims against the system clock.
    ///
    /// # Errors
    ///
    /// Any error of [`Verifier::decrypt`], then [`Error::AppIdMismatch`],
    /// [`Error::Expired`] or [`Error::NotYetValid`].
    pub fn verify(&self, token: &str) -> Result<Claims, Error> {
        self.verify_at(token, unix_now())
    }

    /// Decrypts `token` and checks its claims as if the time were `now`
    /// (unix seconds; [`unix_seconds`](crate::unix_seconds) converts a
    /// `SystemTime`).
    ///
    /// # Errors
    ///
    /// As [`Verifier::verify`].
    pub fn verify_at(&self, token: &str, now: i64) -> Result<Claims, Error> {
        let decrypted = self.decrypt(token)?;
        self.check(&decrypted.claims, now)?;
        Ok(decrypted.claims)
    }

    /// Decrypts `token` once, for checking its claims later, possibly more
    /// than once: [`Verifier::verify`] in two steps. The claims are read
    /// through [`Verifier::validate`] or [`Verifier::validate_at`], which
    /// return them only when they pass (or, for a support tool showing a
    /// token that fails, [`dangerous::unvalidated_claims`]).
    ///
    /// ```
    /// use zego_token::{Error, Issuer, ServerSecret};
    ///
    /// let issuer = Issuer::new(1, ServerSecret::new("fa94dd0f974cf2e293728a526b028271")?)?;
    /// let token = issuer.issue("demo")?; // valid for an hour
    /// let verifier = issuer.verifier();
    /// let decrypted = verifier.decrypt(token.as_str())?; // decrypted once...
    /// let claims = verifier.validate_at(&decrypted, token.ctime() + 100)?; // ...checked twice
    /// assert_eq!(claims.user_id, "demo");
    /// let late = verifier.validate_at(&decrypted, token.expire() + 1).unwrap_err();
    /// assert!(matches!(late, Error::Expired { .. }));
    /// # Ok::<(), zego_token::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::NotToken04`], [`Error::Base64`], [`Error::Mangled`] (text
    /// that looks like a token mangled on its way: the likely cause),
    /// [`Error::Truncated`], [`Error::Malformed`], [`Error::TrailingBytes`],
    /// [`Error::Decrypt`] (CBC: wrong secret or corruption),
    /// [`Error::Authentication`] (GCM) or [`Error::Claims`].
    ///
    /// [`dangerous::unvalidated_claims`]: crate::dangerous::unvalidated_claims
    pub fn decrypt(&self, token: &str) -> Result<Decrypted, Error> {
        let mut envelope = Vec::new();
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
        Ok(Decrypted { claims })
    }

    /// The claims of a token decrypted by [`Verifier::decrypt`], when they
    /// pass this verifier's checks against the system clock.
    ///
    /// # Errors
    ///
    /// [`Error::AppIdMismatch`], [`Error::Expired`] or
    /// [`Error::NotYetValid`], checked in that order.
    pub fn validate<'d>(&self, decrypted: &'d Decrypted) -> Result<&'d Claims, Error> {
        self.validate_at(decrypted, unix_now())
    }

    /// The claims of a token decrypted by [`Verifier::decrypt`], when they
    /// pass this verifier's checks as if the time were `now` (unix
    /// seconds). See [`Verifier::decrypt`] for an example.
    ///
    /// # Errors
    ///
    /// As [`Verifier::validate`].
    pub fn validate_at<'d>(&self, decrypted: &'d Decrypted, now: i64) -> Result<&'d Claims, Error> {
        self.check(&decrypted.claims, now)?;
        Ok(&decrypted.claims)
    }

    /// This verifier's checks, in the order [`Verifier::validate`] documents.
    pub(crate) fn check(&self, claims: &Claims, now: i64) -> Result<(), Error> {
        if let Some(expected) = self.app_id
            && claims.app_id != expected
        {
            return Err(Error::AppIdMismatch {
                expected,
                found: claims.app_id,
            });
        }
        if self.time_checks {
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
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("app_id", &self.app_id)
            .field("time_checks", &self.time_checks)
            .field("leeway", &Duration::from_secs(self.leeway))
            .field("future_leeway", &Duration::from_secs(self.future_leeway))
            .field("secret", &format_args!("<redacted>"))
            .finish()
    }
}

/// A token decrypted by [`Verifier::decrypt`] whose claims are not yet
/// checked: they are read through [`Verifier::validate`] or
/// [`Verifier::validate_at`], which return them only when they pass.
///
/// Its `Debug` shows the cipher mode only.
#[derive(Clone)]
#[must_use = "a decrypted token is not checked until `Verifier::validate`"]
pub struct Decrypted {
    pub(crate) claims: Claims,
}

impl Decrypted {
    /// The cipher mode the token was encrypted with (in its clear envelope).
    pub fn mode(&self) -> Mode {
        self.claims.mode
    }
}

impl fmt::Debug for Decrypted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Decrypted")
            .field("mode", &self.claims.mode)
            .finish_non_exhaustive()
    }
}
