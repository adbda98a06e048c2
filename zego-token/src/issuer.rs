//! Minting tokens: the shared [`Issuer`], the per-token [`TokenRequest`]
//! builder and the minted [`Token`].

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::cipher::Keys;
use crate::claims::{ClaimsRef, PayloadRef};
use crate::clock::unix_now;
use crate::error::{EffectiveTimeProblem, Error};
use crate::mode::Mode;
use crate::payload::Privilege;
use crate::random;
use crate::secret::ServerSecret;
use crate::user_id::validate_user_id;
use crate::verify::Verifier;
use crate::wire::{self, MAX_CIPHERTEXT_LEN};

/// Lifetime of a token when none is set: one hour, as in ZEGO's samples.
pub const DEFAULT_TTL: Duration = Duration::from_secs(zego_token_rules::DEFAULT_TTL.unsigned_abs());

/// Mints tokens for one ZEGO app.
///
/// The AES key schedule is expanded once, here; cloning is an `Arc` bump, and
/// the issuer is `Send + Sync`, so one instance serves every request handler.
///
/// ```
/// use std::time::Duration;
/// use zego_token::{Issuer, Mode, Privilege, ServerSecret};
///
/// let secret = ServerSecret::new("fa94dd0f974cf2e293728a526b028271")?;
/// let issuer = Issuer::new(1, secret)?.with_ttl(Duration::from_secs(7200))?;
///
/// let basic = issuer.issue("user1")?;
/// assert!(basic.as_str().starts_with("04"));
///
/// let room = issuer
///     .token("user1")
///     .with_ttl(Duration::from_secs(600))
///     .with_privilege(&Privilege::new("room1").with_publish(true))
///     .issue()?;
/// let claims = issuer.verifier().verify(room.as_str())?;
/// assert_eq!(claims.lifetime(), Duration::from_secs(600));
/// assert!(claims.privilege().unwrap().publish());
/// # Ok::<(), zego_token::Error>(())
/// ```
#[derive(Clone)]
pub struct Issuer {
    app_id: u32,
    /// Whole seconds: [`Issuer::with_ttl`] drops the sub-second part.
    ttl: Duration,
    mode: Mode,
    keys: Arc<Keys>,
}

impl Issuer {
    /// An issuer for `app_id` minting CBC tokens that live [`DEFAULT_TTL`].
    ///
    /// The secret is consumed: its key schedule is all the issuer keeps.
    ///
    /// # Errors
    ///
    /// [`Error::AppId`] (code 1) when `app_id` is 0.
    pub fn new(app_id: u32, secret: ServerSecret) -> Result<Self, Error> {
        if app_id == 0 {
            return Err(Error::AppId);
        }
        Ok(Issuer {
            app_id,
            ttl: DEFAULT_TTL,
            mode: Mode::default(),
            keys: Arc::new(Keys::new(&secret)),
        })
    }

    /// Sets the default lifetime of minted tokens.
    ///
    /// Token times are whole seconds, so the sub-second part is dropped: a
    /// token never outlives the `Duration` asked for.
    ///
    /// # Errors
    ///
    /// [`Error::EffectiveTime`] (code 6) when `ttl` is under one second.
    pub fn with_ttl(mut self, ttl: Duration) -> Result<Self, Error> {
        self.ttl = check_ttl(ttl)?;
        Ok(self)
    }

    /// Sets the cipher mode of minted tokens.
    #[must_use]
    pub fn with_mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// The app ID tokens are minted for.
    pub fn app_id(&self) -> u32 {
        self.app_id
    }

    /// The default lifetime, in whole seconds.
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// The cipher mode.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Mints a basic token (empty payload) for `user_id` with the default lifetime.
    ///
    /// # Errors
    ///
    /// [`Error::UserId`] (code 3) for an empty, over-long (> 64 bytes) or
    /// control-character user ID; [`Error::EffectiveTime`] (code 6) if the
    /// expiry overflows; [`Error::Random`] if the operating system cannot
    /// supply randomness.
    pub fn issue(&self, user_id: &str) -> Result<Token, Error> {
        self.token(user_id).issue()
    }

    /// Starts a token with per-token settings: lifetime and payload.
    pub fn token<'a>(&'a self, user_id: &'a str) -> TokenRequest<'a> {
        TokenRequest {
            issuer: self,
            user_id,
            ttl: self.ttl,
            payload: Payload::Empty,
        }
    }

    /// A verifier sharing this issuer's key schedule that expects its app ID.
    pub fn verifier(&self) -> Verifier {
        Verifier::from_keys(Arc::clone(&self.keys)).with_app_id(self.app_id)
    }
}

impl fmt::Debug for Issuer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Issuer")
            .field("app_id", &self.app_id)
            .field("ttl", &self.ttl)
            .field("mode", &self.mode)
            .field("secret", &format_args!("<redacted>"))
            .finish()
    }
}

/// A lifetime of at least one second, truncated to whole seconds as token
/// times are.
fn check_ttl(ttl: Duration) -> Result<Duration, Error> {
    match ttl.as_secs() {
        0 => Err(Error::EffectiveTime(EffectiveTimeProblem::TooShort {
            lifetime: ttl,
        })),
        seconds => Ok(Duration::from_secs(seconds)),
    }
}

/// A lifetime the config and the derive give in seconds (already checked
/// positive by the shared rules); anything else is refused by `with_ttl`.
pub(crate) fn ttl_from_seconds(seconds: i64) -> Duration {
    Duration::from_secs(u64::try_from(seconds).unwrap_or(0))
}

#[derive(Clone, Copy)]
enum Payload<'a> {
    Empty,
    Raw(&'a str),
    Privilege(&'a Privilege),
}

/// One token's settings, started by [`Issuer::token`] and finished by
/// [`TokenRequest::issue`].
#[derive(Clone, Copy)]
#[must_use = "a token request does nothing until `.issue()`"]
pub struct TokenRequest<'a> {
    issuer: &'a Issuer,
    user_id: &'a str,
    ttl: Duration,
    payload: Payload<'a>,
}

impl<'a> TokenRequest<'a> {
    /// Sets this token's lifetime, in whole seconds as for
    /// [`Issuer::with_ttl`] (checked by `issue`: at least one second, and
    /// `ctime + ttl` must fit in an `i64`).
    pub fn with_ttl(mut self, ttl: Duration) -> Self {
        self.ttl = ttl;
        self
    }

    /// Sets a raw payload string, carried verbatim.
    pub fn with_payload(mut self, payload: &'a str) -> Self {
        self.payload = Payload::Raw(payload);
        self
    }

    /// Sets a typed privilege payload for one room.
    pub fn with_privilege(mut self, privilege: &'a Privilege) -> Self {
        self.payload = Payload::Privilege(privilege);
        self
    }

    /// Mints the token with the system clock and fresh randomness.
    ///
    /// # Errors
    ///
    /// [`Error::UserId`] (3), [`Error::EffectiveTime`] (6),
    /// [`Error::RoomId`], [`Error::StreamId`] or [`Error::PayloadTooLarge`];
    /// [`Error::Random`] if the operating system cannot supply randomness.
    pub fn issue(self) -> Result<Token, Error> {
        let ctime = unix_now();
        match self.issuer.mode {
            Mode::Cbc => {
                let (nonce, iv) = random::cbc()?;
                self.mint(ctime, nonce, &iv)
            }
            Mode::Gcm => {
                let (nonce, iv) = random::gcm()?;
                self.mint(ctime, nonce, &iv)
            }
        }
    }

    /// **For tests and known-answer vectors only** (feature `fixed-inputs`):
    /// mints with a caller-chosen clock, claims nonce and IV. A fixed IV
    /// reused with the same secret leaks plaintext relations (and, for GCM,
    /// the authentication key), so production code must call
    /// [`TokenRequest::issue`].
    ///
    /// ```
    /// use zego_token::dangerous::FixedInputs;
    /// use zego_token::{Issuer, ServerSecret};
    ///
    /// let issuer = Issuer::new(1, ServerSecret::new("fa94dd0f974cf2e293728a526b028271")?)?;
    /// let token = issuer.token("demo").issue_fixed(FixedInputs {
    ///     ctime: 1700000000,
    ///     nonce: 123456789,
    ///     iv: b"0123456789abcdef",
    /// })?;
    /// assert_eq!(token.as_str(), "04AAAAAGVT/xAAEDAxMjM0NTY3ODlhYmNkZWYAcPDOWcZeMCPxbh1dpHzCTRH0tbs1JDwaSloPPpfrCE29tUW/QA7cBUDbJW7EPsVPsGpO/KyXwgxISYw5q52prPMSDPSd273V+GccmQjr86yJzXgjAi1WOIdNYImOOK+KUyRl6LN2rT4pm+K4yG/IxH0=");
    /// # Ok::<(), zego_token::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`TokenRequest::issue`], plus [`Error::IvLength`] when `iv` is not
    /// 16 bytes (CBC) or 12 bytes (GCM).
    #[cfg(feature = "fixed-inputs")]
    pub fn issue_fixed(self, fixed: crate::dangerous::FixedInputs<'_>) -> Result<Token, Error> {
        let mode = self.issuer.mode;
        if fixed.iv.len() != mode.iv_len() {
            return Err(Error::IvLength {
                mode,
                expected: mode.iv_len(),
                len: fixed.iv.len(),
            });
        }
        self.mint(fixed.ctime, fixed.nonce, fixed.iv)
    }

    /// Validates the inputs and writes the claims straight into the
    /// envelope buffer, after its header.
    fn mint(self, ctime: i64, nonce: i32, iv: &[u8]) -> Result<Token, Error> {
        validate_user_id(self.user_id)?;
        let ttl = check_ttl(self.ttl)?;
        // Not `ok_or(Error..)`: that builds and drops an `Error` on every
        // call, which callgrind showed on the hot path.
        let Some(expire) = i64::try_from(ttl.as_secs())
            .ok()
            .and_then(|seconds| ctime.checked_add(seconds))
        else {
            return Err(Error::EffectiveTime(EffectiveTimeProblem::Overflow {
                ctime,
                lifetime: ttl,
            }));
        };

        let payload = match self.payload {
            Payload::Empty => PayloadRef::Text(""),
            Payload::Raw(raw) => PayloadRef::Text(raw),
            Payload::Privilege(privilege) => {
                privilege.validate()?;
                PayloadRef::Privilege(privilege)
            }
        };

        let claims = ClaimsRef {
            app_id: self.issuer.app_id,
            user_id: self.user_id,
            ctime,
            expire,
            nonce,
            payload,
        };
        let mode = self.issuer.mode;
        let header = wire::header_len(mode);
        // Claims that need no escape and fit (every basic and privilege
        // token) are written straight into a fixed-size stack envelope; the
        // rest go through the general writer into a growable one.
        let value = match claims.plain_len() {
            Some(len) if header + len + wire::MAX_OVERHEAD <= wire::SMALL_LEN => {
                let mut envelope = wire::Small::new();
                wire::put_header(&mut envelope, mode, expire, iv);
                claims.write_plain(&mut envelope);
                self.seal(&mut envelope, iv)?
            }
            _ => {
                let mut envelope = wire::Buf::new();
                wire::put_header(&mut envelope, mode, expire, iv);
                claims.write_json(&mut envelope);
                self.seal(&mut envelope, iv)?
            }
        };
        Ok(Token {
            value,
            ctime,
            expire,
        })
    }

    /// Encrypts the claims after the header in place, completes the frame
    /// and base64-encodes it into the one allocation a token needs: the
    /// returned string.
    fn seal(&self, envelope: &mut impl wire::Sink, iv: &[u8]) -> Result<String, Error> {
        let mode = self.issuer.mode;
        let header = wire::header_len(mode);
        let pt_len = envelope.len() - header;
        let ct_len = mode.ciphertext_len(pt_len);
        if ct_len > MAX_CIPHERTEXT_LEN {
            return Err(Error::PayloadTooLarge {
                ciphertext_len: ct_len,
            });
        }
        envelope.zeros(ct_len - pt_len + wire::trailer_len(mode));
        self.issuer
            .keys
            .encrypt(mode, iv, &mut envelope[header..header + ct_len], pt_len);
        wire::finish_frame(envelope, mode, ct_len);
        Ok(wire::encode(envelope))
    }
}

impl fmt::Debug for TokenRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenRequest")
            .field("app_id", &self.issuer.app_id)
            .field("user_id", &self.user_id)
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}

/// A minted token: the string to hand to the client, and when it expires.
///
/// `Display`, [`Token::as_str`] and serde serialization give the token
/// itself; `Debug` does not, since a token is a bearer credential.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Token {
    value: String,
    ctime: i64,
    expire: i64,
}

impl Token {
    /// The token string.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The token string, by value.
    pub fn into_string(self) -> String {
        self.value
    }

    /// Issue time, unix seconds.
    pub fn ctime(&self) -> i64 {
        self.ctime
    }

    /// Expiry, unix seconds.
    pub fn expire(&self) -> i64 {
        self.expire
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("value", &format_args!("<{} chars>", self.value.len()))
            .field("ctime", &self.ctime)
            .field("expire", &self.expire)
            .finish()
    }
}

impl AsRef<str> for Token {
    fn as_ref(&self) -> &str {
        &self.value
    }
}

impl From<Token> for String {
    fn from(token: Token) -> String {
        token.value
    }
}

impl serde::Serialize for Token {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.value)
    }
}
