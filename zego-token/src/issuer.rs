//! Minting tokens: the shared [`Issuer`], the per-token [`TokenRequest`]
//! builder and the minted [`Token`].

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use zego_token_rules as rules;

use crate::cipher::Keys;
use crate::claims::{ClaimsRef, PayloadRef};
use crate::clock::unix_now;
use crate::error::{AppIdEnvProblem, Error};
use crate::lifetime::{self, Times};
use crate::mode::Mode;
use crate::payload::Privilege;
use crate::product::Product;
use crate::random;
use crate::rules::{Charset, Rules};
use crate::secret::ServerSecret;
use crate::verify::Verifier;
use crate::wire::{self, MAX_CIPHERTEXT_LEN};

/// Lifetime of a token when none is set: one hour, as in ZEGO's samples.
pub const DEFAULT_TTL: Duration = Duration::from_secs(rules::DEFAULT_TTL.unsigned_abs());

/// The environment variable [`Issuer::from_env`] reads the app ID from.
pub const APP_ID_ENV: &str = "ZEGO_APP_ID";

/// The environment variable [`Issuer::from_env`] reads the secret from
/// (also the default `secret_env` of config files and the derive).
pub const DEFAULT_SECRET_ENV: &str = rules::DEFAULT_SECRET_ENV;

/// Mints tokens for one ZEGO app.
///
/// Every token it mints meets ZEGO's [rules](crate::rules) for its
/// [`Product`] and [`Charset`]: the user ID, the lifetime and expiry, and
/// the payload are checked as each token is minted, so what it mints is
/// what every client of the product accepts.
///
/// The AES key schedule is expanded once, here; cloning is an `Arc` bump, and
/// the issuer is `Send + Sync`, so one instance serves every request handler.
///
/// ```
/// use std::time::Duration;
/// use zego_token::{Issuer, Mode, Privilege, ServerSecret};
///
/// let secret = ServerSecret::new("fa94dd0f974cf2e293728a526b028271")?;
/// let issuer = Issuer::new(1, secret)?.with_ttl(Duration::from_secs(7200));
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
    /// As set: checked, and cut to whole seconds, as each token is minted.
    ttl: Duration,
    mode: Mode,
    product: Product,
    id_charset: Charset,
    keys: Arc<Keys>,
}

impl Issuer {
    /// An issuer for `app_id` minting CBC tokens for RTC that live
    /// [`DEFAULT_TTL`].
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
            product: Product::default(),
            id_charset: Charset::default(),
            keys: Arc::new(Keys::new(&secret)),
        })
    }

    /// An issuer for the app ID in the environment variable [`APP_ID_ENV`]
    /// (`ZEGO_APP_ID`, a decimal integer) with the secret in
    /// [`DEFAULT_SECRET_ENV`] (`ZEGO_SERVER_SECRET`, its 32 characters),
    /// otherwise as [`Issuer::new`]: the twelve-factor way to configure a
    /// server.
    ///
    /// ```no_run
    /// let issuer = zego_token::Issuer::from_env()?;
    /// println!("minting for app {}", issuer.app_id());
    /// # Ok::<(), zego_token::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::AppIdEnv`] (code 1) when `ZEGO_APP_ID` is unset or holds no
    /// app ID from 1 to 4294967295; [`Error::Secret`] (code 5) when
    /// `ZEGO_SERVER_SECRET` is unset or not a valid secret. The app ID is
    /// read first. Errors name the variable and never show its value.
    pub fn from_env() -> Result<Self, Error> {
        let app_id = app_id_from_env(APP_ID_ENV)?;
        Issuer::new(app_id, ServerSecret::from_env(DEFAULT_SECRET_ENV)?)
    }

    /// Sets the default lifetime of minted tokens.
    ///
    /// Checked as each token is minted, as [`TokenRequest::with_ttl`] is,
    /// by the product's rules: at least one second (ZIM: 31 s to 24 days),
    /// and an expiry by 2038-01-19T03:14:07Z. Token times are whole
    /// seconds, so the sub-second part is dropped (a token never outlives
    /// the `Duration` asked for). A lifetime the rules refuse makes minting
    /// fail with [`Error::Rule`] (code 6).
    #[must_use]
    pub fn with_ttl(mut self, ttl: Duration) -> Self {
        self.ttl = ttl;
        self
    }

    /// Sets the cipher mode of minted tokens.
    #[must_use]
    pub fn with_mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// Sets the product minted tokens are for ([`Product::Rtc`] unless
    /// set), whose [rules](crate::rules) minting applies: ZIM's user IDs
    /// of at most 32 bytes, lifetimes of at most 24 days and no payload;
    /// [`Product::RtcAndZim`] for a token a UIKit hands to both logins.
    ///
    /// ```
    /// use zego_token::{Issuer, Product, ServerSecret};
    ///
    /// let issuer = Issuer::new(1, ServerSecret::new("fa94dd0f974cf2e293728a526b028271")?)?
    ///     .with_product(Product::Zim);
    /// assert!(issuer.issue(&"u".repeat(32)).is_ok());
    /// assert_eq!(issuer.issue(&"u".repeat(33)).unwrap_err().code(), Some(3));
    /// # Ok::<(), zego_token::Error>(())
    /// ```
    #[must_use]
    pub fn with_product(mut self, product: Product) -> Self {
        self.product = product;
        self
    }

    /// Sets the characters user and room IDs may use: [`Charset::Portable`]
    /// (unless set) takes what every ZEGO client accepts;
    /// [`Charset::Extended`] the widest set ZEGO documents for the product,
    /// for an app whose every client is known to take it (see [`Charset`]
    /// for the platforms).
    ///
    /// ```
    /// use zego_token::{Charset, Issuer, ServerSecret};
    ///
    /// let issuer = Issuer::new(1, ServerSecret::new("fa94dd0f974cf2e293728a526b028271")?)?;
    /// assert_eq!(issuer.issue("100%").unwrap_err().client_code(), Some(1_002_006));
    /// assert!(issuer.with_id_charset(Charset::Extended).issue("100%").is_ok());
    /// # Ok::<(), zego_token::Error>(())
    /// ```
    #[must_use]
    pub fn with_id_charset(mut self, charset: Charset) -> Self {
        self.id_charset = charset;
        self
    }

    /// The app ID tokens are minted for.
    pub fn app_id(&self) -> u32 {
        self.app_id
    }

    /// The default lifetime, as given to [`Issuer::with_ttl`] (minting uses
    /// its whole seconds).
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// The cipher mode.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The product tokens are minted for.
    pub fn product(&self) -> Product {
        self.product
    }

    /// The characters user and room IDs may use.
    pub fn id_charset(&self) -> Charset {
        self.id_charset
    }

    /// The rules minted tokens meet: the product's, with the ID character
    /// set. For checking an ID before minting, or building a
    /// [`KitToken`](crate::KitToken) with
    /// [`KitToken::new_with_rules`](crate::KitToken::new_with_rules).
    pub fn rules(&self) -> Rules {
        Rules::for_product(self.product).with_charset(self.id_charset)
    }

    /// Mints a basic token (empty payload) for `user_id` with the default lifetime.
    ///
    /// # Errors
    ///
    /// [`Error::Rule`]: code 3 for a user ID the product's clients refuse
    /// (RTC: 1 to 63 bytes of ASCII letters, digits and
    /// `` ~!@#$^&*()_+=-`;',.<>\ ``; ZIM: 1 to 32 bytes; see
    /// [`rules`](crate::rules)), code 6 for a lifetime or expiry they
    /// refuse; [`Error::Random`] if the operating system cannot supply
    /// randomness.
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

    /// A verifier sharing this issuer's key schedule that checks its app
    /// ID, the expiry and the issue time (see [`Verifier::new`]).
    pub fn verifier(&self) -> Verifier {
        Verifier::from_keys(Arc::clone(&self.keys), Some(self.app_id))
    }
}

impl fmt::Debug for Issuer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Issuer")
            .field("app_id", &self.app_id)
            .field("ttl", &self.ttl)
            .field("mode", &self.mode)
            .field("product", &self.product)
            .field("id_charset", &self.id_charset)
            .field("secret", &format_args!("<redacted>"))
            .finish()
    }
}

/// The app ID in the environment variable `var`: ASCII digits only (no
/// sign, no spaces), in the config files' range, 1 to 4294967295.
fn app_id_from_env(var: &str) -> Result<u32, Error> {
    let problem = |problem| Err(Error::AppIdEnv(problem));
    let Some(value) = std::env::var_os(var) else {
        return problem(AppIdEnvProblem::Missing {
            var: var.to_owned(),
        });
    };
    let digits = value.as_encoded_bytes();
    let parsed = (!digits.is_empty() && digits.iter().all(u8::is_ascii_digit))
        .then(|| std::str::from_utf8(digits).ok()?.parse::<i128>().ok())
        .flatten()
        .and_then(|n| rules::app_id(rules::Literal::Integer(n)).ok());
    match parsed {
        Some(app_id) => Ok(app_id),
        None => problem(AppIdEnvProblem::Invalid {
            var: var.to_owned(),
            len: digits.len(),
        }),
    }
}

/// A lifetime the config and the derive give in seconds (already checked
/// positive by the shared rules).
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
    /// Sets this token's lifetime instead of the issuer's, checked by
    /// `issue` as for [`Issuer::with_ttl`]: whole seconds, at least one
    /// (ZIM: 31 s to 24 days), and `ctime + ttl` by 2038-01-19T03:14:07Z.
    pub fn with_ttl(mut self, ttl: Duration) -> Self {
        self.ttl = ttl;
        self
    }

    /// Sets a raw payload string, carried verbatim: empty, or a JSON
    /// object (ZEGO's clients refuse anything else with 1002075); one with
    /// the privilege keys (`room_id`, `privilege`, `stream_id_list`) in the
    /// privilege shape, as [`Privilege`] writes it. Checked by `issue`.
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
    /// [`Error::Rule`] when the user ID (code 3), the lifetime or expiry
    /// (code 6) or the payload breaks the issuer's [rules](crate::rules):
    /// a raw payload that is not a JSON object of the privilege shape, a
    /// privilege with a room or stream ID ZEGO's clients refuse or an
    /// empty stream list, any payload on a ZIM token;
    /// [`Error::PayloadTooLarge`]; [`Error::Random`] if the operating
    /// system cannot supply randomness.
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

    /// Validates the inputs, writes the claims into the envelope buffer
    /// after its header, and seals it.
    fn mint(self, ctime: i64, nonce: i32, iv: &[u8]) -> Result<Token, Error> {
        let rules = self.issuer.rules();
        rules.user_id(self.user_id)?;
        let times = lifetime::check(rules, ctime, self.ttl)?;
        let payload = match self.payload {
            Payload::Empty => PayloadRef::Text(""),
            Payload::Raw(raw) => {
                rules.payload(raw)?;
                PayloadRef::Text(raw)
            }
            Payload::Privilege(privilege) => {
                privilege.validate_for(rules)?;
                PayloadRef::Privilege(privilege)
            }
        };
        let claims = ClaimsRef {
            app_id: self.issuer.app_id,
            user_id: self.user_id,
            ctime,
            expire: times.expire,
            nonce,
            payload,
        };
        let mut envelope = Vec::with_capacity(wire::ENVELOPE_CAPACITY);
        wire::put_header(&mut envelope, self.issuer.mode, times.expire, iv);
        claims.write(&mut envelope);
        let value = self.seal(&mut envelope, iv)?;
        Ok(Token { value, times })
    }

    /// Encrypts the claims after the header in place, completes the frame
    /// and base64-encodes it into the returned string, allocated at its
    /// exact length.
    fn seal(&self, envelope: &mut Vec<u8>, iv: &[u8]) -> Result<String, Error> {
        let mode = self.issuer.mode;
        let header = wire::header_len(mode);
        let pt_len = envelope.len() - header;
        let ct_len = mode.ciphertext_len(pt_len);
        if ct_len > MAX_CIPHERTEXT_LEN {
            return Err(Error::PayloadTooLarge {
                ciphertext_len: ct_len,
            });
        }
        envelope.resize(header + ct_len + wire::trailer_len(mode), 0);
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
#[derive(Clone)]
pub struct Token {
    value: String,
    times: Times,
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

    /// Issue time, unix seconds (the `ctime` claim).
    pub fn ctime(&self) -> i64 {
        self.times.ctime
    }

    /// Expiry, unix seconds (the `expire` claim).
    pub fn expire(&self) -> i64 {
        self.times.expire
    }

    /// Issue time as a [`SystemTime`]: [`Token::ctime`] seconds after the
    /// unix epoch.
    pub fn issued_at(&self) -> SystemTime {
        self.times.issued_at()
    }

    /// Expiry as a [`SystemTime`]: [`Token::expire`] seconds after the unix
    /// epoch.
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// use zego_token::{Issuer, ServerSecret};
    ///
    /// let issuer = Issuer::new(1, ServerSecret::new("fa94dd0f974cf2e293728a526b028271")?)?;
    /// let token = issuer.issue("user1")?; // lives an hour
    /// let left = token.expires_at().duration_since(SystemTime::now()).unwrap_or_default();
    /// assert!(left <= Duration::from_secs(3600));
    /// assert_eq!(token.expires_at().duration_since(token.issued_at()).ok(), Some(Duration::from_secs(3600)));
    /// # Ok::<(), zego_token::Error>(())
    /// ```
    pub fn expires_at(&self) -> SystemTime {
        self.times.expires_at()
    }
}

/// Tokens are equal when their strings are, which carry their times.
impl PartialEq for Token {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl Eq for Token {}

impl std::hash::Hash for Token {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state);
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
            .field("ctime", &self.times.ctime)
            .field("expire", &self.times.expire)
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
