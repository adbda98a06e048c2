//! Run-time configuration: a TOML file naming the app, where its secrets
//! live, and token defaults, with named profiles.
//!
//! ```toml
//! app_id = 1234567890          # default profile, top level
//! secret_env = "ZEGO_SERVER_SECRET"
//! callback_secret_env = "ZEGO_CALLBACK_SECRET"
//! ttl = "1h"
//! mode = "cbc"
//! product = "rtc"              # or "zim", or "rtc+zim" (a UIKit hands the token to both)
//! id_charset = "portable"      # or "extended": IDs with the characters only some clients take
//!
//! [profiles.staging]           # inherits every key it does not set
//! app_id = 987654321
//! secret_file = "/run/secrets/zego"
//! callback_secret_file = "/run/secrets/zego-callback"
//! ```
//!
//! The schema, its value rules, inheritance and defaults live in
//! `zego-token-rules`, which `#[derive(ZegoTokenIssuer)]`'s `config = "..."`
//! form uses too: the derive and this loader accept the same files and
//! resolve them to the same values.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use zego_token_rules as rules;

use crate::callback::{CallbackSecret, CallbackVerifier};
use crate::error::{ConfigProblem, ConfigProblemKind, ConfigProblems, Error};
use crate::issuer::{Issuer, ttl_from_seconds};
use crate::mode::Mode;
use crate::product::Product;
use crate::rules::Charset;
use crate::secret::ServerSecret;
use crate::server_api::ApiSigner;

pub use zego_token_rules::SecretSource;

/// One resolved profile: every key validated, inherited keys and defaults
/// filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile(rules::Profile);

impl Profile {
    /// The profile's name; `None` for the top level (default) profile.
    pub fn name(&self) -> Option<&str> {
        self.0.name.as_deref()
    }

    /// The app ID.
    pub fn app_id(&self) -> u32 {
        self.0.app_id
    }

    /// Where the secret is read from
    /// ([`DEFAULT_SECRET_ENV`](crate::DEFAULT_SECRET_ENV) unless set).
    pub fn secret_source(&self) -> &SecretSource {
        &self.0.secret
    }

    /// Where the callback secret is read from
    /// ([`DEFAULT_CALLBACK_SECRET_ENV`](crate::callback::DEFAULT_CALLBACK_SECRET_ENV)
    /// unless set).
    pub fn callback_secret_source(&self) -> &SecretSource {
        &self.0.callback_secret
    }

    /// Default token lifetime ([`DEFAULT_TTL`](crate::DEFAULT_TTL) unless
    /// set): whole seconds, at least one, as the file's `ttl` grammar allows.
    pub fn ttl(&self) -> Duration {
        ttl_from_seconds(self.0.ttl)
    }

    /// Cipher mode (CBC unless set).
    pub fn mode(&self) -> Mode {
        self.0.mode
    }

    /// The product (RTC unless set), which [`Profile::issuer`] gives its
    /// issuer ([`Issuer::product`]): `product = "rtc"`, `"zim"` or
    /// `"rtc+zim"` (a token a UIKit hands to both logins). The file is
    /// refused when the profile's `ttl` does not suit it (ZIM: 31 s to 24
    /// days), at the line and column of the key.
    pub fn product(&self) -> Product {
        self.0.product
    }

    /// The characters user and room IDs may use (`id_charset =
    /// "portable"`, the default, or `"extended"`), which
    /// [`Profile::issuer`] gives its issuer ([`Issuer::id_charset`]).
    pub fn id_charset(&self) -> Charset {
        self.0.id_charset
    }

    /// Reads the secret from the profile's [`SecretSource`].
    ///
    /// # Errors
    ///
    /// [`Error::Secret`] (code 5) naming the variable or file when it is
    /// missing or does not hold exactly 32 bytes.
    pub fn read_secret(&self) -> Result<ServerSecret, Error> {
        match &self.0.secret {
            SecretSource::Env(var) => ServerSecret::from_env(var),
            SecretSource::File(path) => ServerSecret::from_file(path),
        }
    }

    /// Reads the callback secret from the profile's callback
    /// [`SecretSource`].
    ///
    /// # Errors
    ///
    /// [`Error::CallbackSecret`] naming the variable or file when it is
    /// missing, empty or too long.
    pub fn read_callback_secret(&self) -> Result<CallbackSecret, Error> {
        match &self.0.callback_secret {
            SecretSource::Env(var) => CallbackSecret::read_env(var),
            SecretSource::File(path) => CallbackSecret::read_file(path),
        }
        .map_err(Error::CallbackSecret)
    }

    /// Reads the secret and builds the signer of this profile's requests to
    /// ZEGO's server APIs.
    ///
    /// # Errors
    ///
    /// As [`Profile::read_secret`].
    pub fn api_signer(&self) -> Result<ApiSigner, Error> {
        ApiSigner::new(self.app_id(), self.read_secret()?)
    }

    /// Reads the callback secret and builds the verifier of the callbacks
    /// ZEGO sends for this profile's app, with the default tolerance.
    ///
    /// # Errors
    ///
    /// As [`Profile::read_callback_secret`].
    pub fn callback_verifier(&self) -> Result<CallbackVerifier, Error> {
        Ok(CallbackVerifier::new(self.read_callback_secret()?))
    }

    /// Reads the secret and builds an issuer with this profile's settings:
    /// app ID, lifetime, mode, product and ID character set.
    ///
    /// # Errors
    ///
    /// [`Error::Secret`] (code 5) naming the variable or file when the secret
    /// is missing or not 32 bytes.
    pub fn issuer(&self) -> Result<Issuer, Error> {
        Ok(Issuer::new(self.app_id(), self.read_secret()?)?
            .with_ttl(self.ttl())
            .with_mode(self.mode())
            .with_product(self.product())
            .with_id_charset(self.id_charset()))
    }
}

/// A parsed and validated configuration: the top-level (default) profile and
/// the named ones.
///
/// Keys: `app_id` (1 to 4294967295), `secret_env` (the name of the variable
/// holding the secret; [`DEFAULT_SECRET_ENV`](crate::DEFAULT_SECRET_ENV)
/// unless set) or `secret_file` (a file holding it), `ttl` (seconds, or a
/// number with `s`, `m`, `h` or `d`; one hour unless set), `mode` (`"cbc"`
/// or `"gcm"`) and `product` (`"rtc"` or `"zim"`). A plain `secret = "..."`
/// is refused: config files get committed and copied, so they name where
/// the secret is instead. A relative `secret_file` is read from the working
/// directory of the running program (prefer absolute paths, such as a
/// container secret mount).
///
/// Files are read with a cap and only when they are regular files: a config
/// file of at most [`Config::MAX_FILE_LEN`] bytes, a secret file of at most
/// [`ServerSecret::MAX_FILE_LEN`]. A directory, FIFO or device is refused
/// from its metadata without being opened, a larger file from its size
/// without being read. A value shaped like a secret (32 hex digits) where a
/// variable's name or a file's path belongs is refused without being shown.
///
/// The whole file is checked, whichever profile is used later: a mistake in
/// any table refuses it, and so does a `[profiles.<name>]` table that has no
/// `app_id` and inherits none, since it could never be used. The top level
/// is a profile only when it sets an `app_id`; without one it holds the keys
/// the named profiles inherit. Every problem is reported, not only the first.
///
/// ```
/// use zego_token::error::ConfigProblemKind;
/// use zego_token::{Config, Error};
///
/// let config: Config = r#"
///     app_id = 1234567890
///     ttl = "2h"
///
///     [profiles.staging]
///     app_id = 987654321
///     secret_env = "ZEGO_STAGING_SECRET"
/// "#.parse()?;
///
/// let staging = config.profile("staging")?;
/// assert_eq!(staging.app_id(), 987654321);
/// assert_eq!(staging.ttl().as_secs(), 7200); // inherited from the top level
///
/// // A plain secret in a file is refused, with the place and the fix.
/// let err = "app_id = 1\nsecret = \"fa94dd0f974cf2e293728a526b028271\"".parse::<Config>().unwrap_err();
/// assert!(err.to_string().starts_with("invalid config: line 2, column 10: a plain `secret` is not allowed"));
/// assert!(!err.to_string().contains("fa94"));
/// let Error::Config(problems) = err else { unreachable!() };
/// assert_eq!(problems.first().unwrap().kind(), ConfigProblemKind::SecretInFile);
/// # Ok::<(), zego_token::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Config {
    path: Option<PathBuf>,
    document: rules::Document<Profile>,
}

impl Config {
    /// The largest config file [`Config::from_path`] reads, in bytes: 1 MiB,
    /// room for thousands of profiles.
    pub const MAX_FILE_LEN: u64 = rules::MAX_CONFIG_FILE_LEN;

    /// Reads and validates a config file.
    ///
    /// Only a regular file of at most [`Config::MAX_FILE_LEN`] bytes is
    /// read: a directory, FIFO or device (`/dev/zero`) is refused from its
    /// metadata, unopened, and a larger file from its size, unread.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] with every problem, each with the file, line and
    /// column; or one problem of kind [`Read`](ConfigProblemKind::Read)
    /// naming the file when it cannot be read, is not a regular file, is too
    /// large or is not UTF-8. A path that looks like a ServerSecret (32 hex
    /// digits) is refused without being shown.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let read = |message: String| ConfigProblem::new(ConfigProblemKind::Read, message);
        let bytes = rules::read_regular_file(path, Self::MAX_FILE_LEN).map_err(|problem| {
            Error::Config(
                match problem {
                    rules::FileProblem::SecretShapedPath => read(
                        "the config file's path looks like a ServerSecret itself, so it is not shown: give the path of the TOML file".to_owned(),
                    ),
                    problem => read(format!("cannot read the config file: {problem}")).in_file(path),
                }
                .into(),
            )
        })?;
        let text = std::str::from_utf8(&bytes).map_err(|_| {
            let problem = read("the config file is not UTF-8 text".to_owned());
            Error::Config(problem.in_file(path).into())
        })?;
        let mut config = Self::parse(text).map_err(|p| Error::Config(p.in_file(path)))?;
        config.path = Some(path.to_owned());
        Ok(config)
    }

    /// The top-level profile.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] of kind [`MissingAppId`](ConfigProblemKind::MissingAppId)
    /// when the top level sets no `app_id` (a file may define named profiles
    /// only); the message lists them.
    pub fn default_profile(&self) -> Result<&Profile, Error> {
        self.select(None)
    }

    /// The profile `name`, with every key it does not set inherited from the
    /// top level.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] of kind [`UnknownProfile`](ConfigProblemKind::UnknownProfile)
    /// listing the existing profiles when there is none called `name`.
    pub fn profile(&self, name: &str) -> Result<&Profile, Error> {
        self.select(Some(name))
    }

    /// The names of the `[profiles.<name>]` tables, sorted.
    pub fn profile_names(&self) -> impl Iterator<Item = &str> {
        self.document.profile_names()
    }

    /// Builds an issuer from the top-level profile.
    ///
    /// # Errors
    ///
    /// As [`Config::default_profile`] and [`Profile::issuer`].
    pub fn issuer(&self) -> Result<Issuer, Error> {
        self.default_profile()?.issuer()
    }

    /// Builds the API signer of the top-level profile.
    ///
    /// # Errors
    ///
    /// As [`Config::default_profile`] and [`Profile::api_signer`].
    pub fn api_signer(&self) -> Result<ApiSigner, Error> {
        self.default_profile()?.api_signer()
    }

    /// Builds the callback verifier of the top-level profile.
    ///
    /// # Errors
    ///
    /// As [`Config::default_profile`] and [`Profile::callback_verifier`].
    pub fn callback_verifier(&self) -> Result<CallbackVerifier, Error> {
        self.default_profile()?.callback_verifier()
    }

    fn select(&self, name: Option<&str>) -> Result<&Profile, Error> {
        self.document.profile(name).map_err(|problem| {
            Error::Config(
                match &self.path {
                    Some(path) => problem.in_file(path),
                    None => problem,
                }
                .into(),
            )
        })
    }

    fn parse(text: &str) -> Result<Self, ConfigProblems> {
        Ok(Config {
            path: None,
            document: rules::Document::parse(text)?.map(Profile),
        })
    }
}

impl FromStr for Config {
    type Err = Error;

    /// Parses and validates a config held in a string.
    fn from_str(text: &str) -> Result<Self, Error> {
        Self::parse(text).map_err(Error::Config)
    }
}
