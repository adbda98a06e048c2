//! Run-time configuration: a TOML file naming the app, where its secret
//! lives, and token defaults, with named profiles.
//!
//! ```toml
//! app_id = 1234567890          # default profile, top level
//! secret_env = "ZEGO_SERVER_SECRET"
//! ttl = "1h"
//! mode = "cbc"
//!
//! [profiles.staging]           # inherits every key it does not set
//! app_id = 987654321
//! secret_file = "/run/secrets/zego"
//! ```
//!
//! The same schema and value rules apply to `#[derive(ZegoTokenIssuer)]`'s
//! `config = "..."` form, which reads the file while compiling.

mod problem;
mod raw;
/// The value rules shared with the derive.
pub(crate) use zego_token_rules as rules;

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use toml::{Spanned, Value};

use crate::error::Error;
use crate::issuer::{DEFAULT_TTL, Issuer, ttl_from_seconds};
use crate::mode::Mode;
use crate::secret::ServerSecret;

pub use problem::ConfigProblem;
use raw::RawTable;

/// A byte range of the TOML text.
type Span = Range<usize>;

/// The environment variable a profile reads its secret from when it names
/// neither `secret_env` nor `secret_file`.
pub const DEFAULT_SECRET_ENV: &str = "ZEGO_SERVER_SECRET";

/// Which ZEGO product the tokens are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Product {
    /// Express SDK (real-time audio and video): tokens may carry a privilege
    /// payload.
    #[default]
    Rtc,
    /// ZIM (in-app chat): tokens carry no payload.
    Zim,
}

impl Product {
    /// The lowercase name used in configuration: `rtc` or `zim`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Product::Rtc => "rtc",
            Product::Zim => "zim",
        }
    }
}

impl fmt::Display for Product {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a profile's server secret is read from when its issuer is built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretSource {
    /// An environment variable (`secret_env`).
    Env(String),
    /// A file such as a container secret mount (`secret_file`), relative to
    /// the working directory unless absolute.
    File(PathBuf),
}

impl SecretSource {
    /// Reads the secret.
    ///
    /// # Errors
    ///
    /// [`Error::Secret`] (code 5) naming the variable or file when it is
    /// missing or does not hold exactly 32 bytes.
    pub fn read(&self) -> Result<ServerSecret, Error> {
        match self {
            SecretSource::Env(var) => ServerSecret::from_env(var),
            SecretSource::File(path) => ServerSecret::from_file(path),
        }
    }
}

/// One resolved profile: every key validated, inherited keys filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    name: Option<String>,
    app_id: u32,
    secret: SecretSource,
    ttl: i64,
    mode: Mode,
    product: Product,
}

impl Profile {
    /// The profile's name; `None` for the top level (default) profile.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The app ID.
    pub fn app_id(&self) -> u32 {
        self.app_id
    }

    /// Where the secret is read from.
    pub fn secret_source(&self) -> &SecretSource {
        &self.secret
    }

    /// Default token lifetime in seconds (3600 unless set).
    pub fn ttl(&self) -> i64 {
        self.ttl
    }

    /// Cipher mode (CBC unless set).
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The product (RTC unless set). Run-time issuers do not enforce it;
    /// the derive's typed ZIM issuers do.
    pub fn product(&self) -> Product {
        self.product
    }

    /// Reads the secret and builds an issuer with this profile's settings.
    ///
    /// # Errors
    ///
    /// [`Error::Secret`] (code 5) naming the variable or file when the secret
    /// is missing or not 32 bytes.
    pub fn issuer(&self) -> Result<Issuer, Error> {
        Ok(Issuer::new(self.app_id, self.secret.read()?)?
            .with_ttl(ttl_from_seconds(self.ttl))?
            .with_mode(self.mode))
    }
}

/// A parsed and validated configuration: the top-level (default) profile and
/// the named ones.
///
/// ```
/// use zego_token::Config;
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
/// assert_eq!(staging.ttl(), 7200); // inherited from the top level
///
/// // A plain secret in a file is refused, with the place and the fix.
/// let err = "app_id = 1\nsecret = \"fa94dd0f974cf2e293728a526b028271\"".parse::<Config>().unwrap_err();
/// assert!(err.to_string().starts_with("invalid config: line 2, column 10: a plain `secret` is not allowed"));
/// assert!(!err.to_string().contains("fa94"));
/// # Ok::<(), zego_token::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Config {
    path: Option<PathBuf>,
    default: Option<Profile>,
    profiles: BTreeMap<String, Profile>,
}

impl Config {
    /// Reads and validates a config file.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] with the file, line and column of the first mistake,
    /// or the file's path when it cannot be read.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::Config(
                ConfigProblem::new(format!("cannot read the config file: {}", e.kind()))
                    .in_file(path),
            )
        })?;
        let mut config = Self::parse(&text).map_err(|p| Error::Config(p.in_file(path)))?;
        config.path = Some(path.to_owned());
        Ok(config)
    }

    /// The top-level profile.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the top level sets no `app_id` (a file may
    /// define named profiles only).
    pub fn default_profile(&self) -> Result<&Profile, Error> {
        self.default.as_ref().ok_or_else(|| {
            self.problem(format!(
                "the top level sets no app_id: set one, or pick a profile with Config::profile ({})",
                self.names_hint()
            ))
        })
    }

    /// The profile `name`, with every key it does not set inherited from the
    /// top level.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] listing the existing profiles when there is none
    /// called `name`.
    pub fn profile(&self, name: &str) -> Result<&Profile, Error> {
        self.profiles
            .get(name)
            .ok_or_else(|| self.problem(format!("no profile `{name}` ({})", self.names_hint())))
    }

    /// The names of the `[profiles.<name>]` tables, sorted.
    pub fn profile_names(&self) -> impl Iterator<Item = &str> {
        self.profiles.keys().map(String::as_str)
    }

    /// Builds an issuer from the top-level profile.
    ///
    /// # Errors
    ///
    /// As [`Config::default_profile`] and [`Profile::issuer`].
    pub fn issuer(&self) -> Result<Issuer, Error> {
        self.default_profile()?.issuer()
    }

    fn problem(&self, message: String) -> Error {
        let problem = ConfigProblem::new(message);
        Error::Config(match &self.path {
            Some(path) => problem.in_file(path),
            None => problem,
        })
    }

    fn names_hint(&self) -> String {
        if self.profiles.is_empty() {
            "the config defines no profiles".to_owned()
        } else {
            format!(
                "profiles: {}",
                self.profiles
                    .keys()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    }

    fn parse(text: &str) -> Result<Self, ConfigProblem> {
        let raw = raw::parse(text)?;
        let top = Fields::check(&raw, text)?;
        let mut profiles = BTreeMap::new();
        if let Some(tables) = &raw.profiles {
            for (name, table) in tables.get_ref() {
                let fields = Fields::check(table.get_ref(), text)?;
                if let Some(nested) = &table.get_ref().profiles {
                    return Err(ConfigProblem::new("profiles cannot be nested")
                        .at(text, nested.span().start));
                }
                let profile = fields.inherit(&top).resolve(Some(name)).ok_or_else(|| {
                    ConfigProblem::new(format!(
                        "profile `{name}` has no app_id, and the top level sets none to inherit"
                    ))
                    .at(text, table.span().start)
                })?;
                profiles.insert(name.clone(), profile);
            }
        }
        Ok(Config {
            path: None,
            default: top.resolve(None),
            profiles,
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

/// The validated keys one table sets.
#[derive(Debug, Clone, Default)]
struct Fields {
    app_id: Option<u32>,
    secret: Option<SecretSource>,
    ttl: Option<i64>,
    mode: Option<Mode>,
    product: Option<Product>,
}

impl Fields {
    fn check(table: &RawTable, text: &str) -> Result<Self, ConfigProblem> {
        let fail = |value_span: Span, message: String| {
            ConfigProblem::new(message).at(text, value_span.start)
        };
        if let Some(secret) = &table.secret {
            return Err(fail(secret.span(), rules::SECRET_IN_FILE.to_owned()));
        }
        let mut fields = Fields::default();
        if let Some(v) = &table.app_id {
            let id = match v.get_ref() {
                Value::Integer(i) => rules::app_id(i128::from(*i)),
                _ => Err(rules::APP_ID_NOT_INTEGER.to_owned()),
            };
            fields.app_id = Some(id.map_err(|m| fail(v.span(), m))?);
        }
        let env = string(&table.secret_env, "secret_env", text)?;
        let file = string(&table.secret_file, "secret_file", text)?;
        fields.secret = match (env, file) {
            (Some(_), Some((span, _))) => {
                return Err(fail(span, rules::BOTH_SECRET_SOURCES.to_owned()));
            }
            (Some((span, var)), None) => {
                rules::env_var_name(var).map_err(|m| fail(span, m))?;
                Some(SecretSource::Env(var.to_owned()))
            }
            (None, Some((_, path))) => Some(SecretSource::File(PathBuf::from(path))),
            (None, None) => None,
        };
        if let Some(v) = &table.ttl {
            let ttl = match v.get_ref() {
                Value::Integer(i) => rules::ttl_seconds(i128::from(*i)),
                Value::String(s) => rules::ttl_text(s),
                _ => rules::ttl_text(""),
            };
            fields.ttl = Some(ttl.map_err(|m| fail(v.span(), m))?);
        }
        if let Some((span, word)) = string(&table.mode, "mode", text)? {
            let word = rules::mode(word).map_err(|m| fail(span, m))?;
            fields.mode = Some(if word == "gcm" { Mode::Gcm } else { Mode::Cbc });
        }
        if let Some((span, word)) = string(&table.product, "product", text)? {
            let word = rules::product(word).map_err(|m| fail(span, m))?;
            fields.product = Some(if word == "zim" {
                Product::Zim
            } else {
                Product::Rtc
            });
        }
        Ok(fields)
    }

    /// Keys this table does not set come from `top`.
    fn inherit(self, top: &Fields) -> Fields {
        Fields {
            app_id: self.app_id.or(top.app_id),
            secret: self.secret.or_else(|| top.secret.clone()),
            ttl: self.ttl.or(top.ttl),
            mode: self.mode.or(top.mode),
            product: self.product.or(top.product),
        }
    }

    /// A complete profile, or `None` without an app ID.
    fn resolve(&self, name: Option<&str>) -> Option<Profile> {
        Some(Profile {
            name: name.map(str::to_owned),
            app_id: self.app_id?,
            secret: self
                .secret
                .clone()
                .unwrap_or_else(|| SecretSource::Env(DEFAULT_SECRET_ENV.to_owned())),
            ttl: self.ttl.unwrap_or(DEFAULT_TTL.as_secs() as i64),
            mode: self.mode.unwrap_or_default(),
            product: self.product.unwrap_or_default(),
        })
    }
}

/// A string value and its span, or a problem placed at a value of another type.
fn string<'a>(
    value: &'a Option<Spanned<Value>>,
    key: &str,
    text: &str,
) -> Result<Option<(Span, &'a str)>, ConfigProblem> {
    match value {
        None => Ok(None),
        Some(v) => match v.get_ref() {
            Value::String(s) => Ok(Some((v.span(), s.as_str()))),
            _ => {
                Err(ConfigProblem::new(format!("{key} must be a string")).at(text, v.span().start))
            }
        },
    }
}
