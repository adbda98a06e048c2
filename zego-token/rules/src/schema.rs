//! The config file: its raw tables, the check of each table, inheritance,
//! defaults, and the resolved profiles. `zego_token::Config` (at run time)
//! and `#[derive(ZegoTokenIssuer)]`'s `config = "..."` form (while
//! compiling) both read files through [`Document::parse`], so they accept
//! the same files and resolve them to the same values.
//!
//! # Profiles that cannot be used
//!
//! A file is checked as a whole: a mistake in any table refuses it, whichever
//! profile is asked for. That includes a `[profiles.<name>]` table that has
//! no `app_id` and inherits none from the top level: such a profile could
//! never be used, so the file is refused. The top level is different: it is
//! a profile only when it sets an `app_id`; without one it just holds the
//! keys the named profiles inherit, and asking for it is an error (of kind
//! [`MissingAppId`](ConfigProblemKind::MissingAppId)). A file that names no
//! app at all (no `app_id` and no profiles) is refused.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;
use serde::de::IgnoredAny;
use toml::{Spanned, Value};

use crate::mode::Mode;
use crate::problem::{ConfigProblem, ConfigProblemKind as Kind, ConfigProblems};
use crate::product::Product;
use crate::suggest::{CONFIG_KEYS, unknown_key};
use crate::values::{self, DEFAULT_SECRET_ENV, DEFAULT_TTL, Literal};

/// One table of the file: the top level or a `[profiles.<name>]` table.
/// Leaf values stay untyped `toml::Value`s so that type mistakes get our
/// messages, which never quote the value.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    app_id: Option<Spanned<Value>>,
    secret_env: Option<Spanned<Value>>,
    secret_file: Option<Spanned<Value>>,
    /// Only read to be refused; `IgnoredAny` never holds the value.
    secret: Option<Spanned<IgnoredAny>>,
    ttl: Option<Spanned<Value>>,
    mode: Option<Spanned<Value>>,
    product: Option<Spanned<Value>>,
    profiles: Option<Spanned<BTreeMap<String, Spanned<RawTable>>>>,
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

/// One resolved profile: every key validated, inherited keys and defaults
/// filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// The profile's name; `None` for the top level.
    pub name: Option<String>,
    /// The app ID.
    pub app_id: u32,
    /// Where the secret is read from ([`DEFAULT_SECRET_ENV`] unless set).
    pub secret: SecretSource,
    /// Default token lifetime in seconds ([`DEFAULT_TTL`] unless set).
    pub ttl: i64,
    /// Cipher mode (CBC unless set).
    pub mode: Mode,
    /// Product (RTC unless set).
    pub product: Product,
}

/// A config file, checked and resolved: the top-level profile (when the top
/// level sets an `app_id`) and every named profile. `P` is the profile type:
/// [`Profile`] as parsed, or the runtime's wrapper after [`Document::map`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document<P = Profile> {
    top: Option<P>,
    profiles: BTreeMap<String, P>,
}

impl Document {
    /// Parses and checks `text`, reporting every problem (each with its line
    /// and column where it has one), not only the first.
    ///
    /// # Errors
    ///
    /// Every problem found, in the order of the text.
    pub fn parse(text: &str) -> Result<Document, ConfigProblems> {
        let mut problems = ConfigProblems::default();
        let raw: RawTable = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(err) => {
                let (kind, message) = describe_toml_error(err.message());
                let problem = ConfigProblem::new(kind, message);
                problems.push(match err.span() {
                    Some(span) => problem.at(text, span.start),
                    None => problem,
                });
                return problems.finish(Document::empty());
            }
        };
        let mut sink = |offset: usize, problem: ConfigProblem| {
            problems.push(problem.at(text, offset));
        };
        let top = Fields::check(&raw, &mut sink);
        let mut profiles = BTreeMap::new();
        let tables = raw.profiles.as_ref().map(Spanned::get_ref);
        for (name, table) in tables.into_iter().flatten() {
            if let Some(nested) = &table.get_ref().profiles {
                sink(
                    nested.span().start,
                    ConfigProblem::new(Kind::Profiles, "profiles cannot be nested"),
                );
            }
            let fields = Fields::check(table.get_ref(), &mut sink).inherit(&top);
            match fields.resolve(Some(name)) {
                Some(profile) => {
                    profiles.insert(name.clone(), profile);
                }
                None if fields.app_id_invalid => {}
                None => sink(
                    table.span().start,
                    ConfigProblem::new(
                        Kind::MissingAppId,
                        format!(
                            "profile `{name}` has no app_id, and the top level sets none to inherit"
                        ),
                    ),
                ),
            }
        }
        if top.app_id.is_none() && !top.app_id_invalid && tables.is_none_or(BTreeMap::is_empty) {
            problems.push(ConfigProblem::new(
                Kind::MissingAppId,
                "the config names no app: set app_id at the top level or in a [profiles.<name>] table",
            ));
        }
        let top = top.resolve(None);
        problems.finish(Document { top, profiles })
    }

    fn empty() -> Document {
        Document {
            top: None,
            profiles: BTreeMap::new(),
        }
    }
}

impl<P> Document<P> {
    /// The same document with each profile turned into another type.
    pub fn map<Q>(self, mut f: impl FnMut(P) -> Q) -> Document<Q> {
        Document {
            top: self.top.map(&mut f),
            profiles: self
                .profiles
                .into_iter()
                .map(|(name, p)| (name, f(p)))
                .collect(),
        }
    }

    /// The profile `name`, or the top level for `None`.
    ///
    /// # Errors
    ///
    /// [`UnknownProfile`](Kind::UnknownProfile) listing the profiles that
    /// exist, or [`MissingAppId`](Kind::MissingAppId) when the top level is
    /// asked for and sets no `app_id`.
    pub fn profile(&self, name: Option<&str>) -> Result<&P, ConfigProblem> {
        match name {
            Some(name) => self.profiles.get(name).ok_or_else(|| {
                ConfigProblem::new(
                    Kind::UnknownProfile,
                    format!("no profile `{name}` ({})", self.names_hint()),
                )
            }),
            None => self.top.as_ref().ok_or_else(|| {
                ConfigProblem::new(
                    Kind::MissingAppId,
                    format!(
                        "the top level sets no app_id: set one, or pick a profile ({})",
                        self.names_hint()
                    ),
                )
            }),
        }
    }

    /// The names of the `[profiles.<name>]` tables, sorted.
    pub fn profile_names(&self) -> impl Iterator<Item = &str> {
        self.profiles.keys().map(String::as_str)
    }

    fn names_hint(&self) -> String {
        if self.profiles.is_empty() {
            "the config defines no profiles".to_owned()
        } else {
            let names: Vec<&str> = self.profile_names().collect();
            format!("profiles: {}", names.join(", "))
        }
    }
}

/// The validated keys one table sets.
#[derive(Clone, Default)]
struct Fields {
    app_id: Option<u32>,
    /// An invalid `app_id` was reported: "no app_id" would only be noise.
    app_id_invalid: bool,
    secret: Option<SecretSource>,
    ttl: Option<i64>,
    mode: Option<Mode>,
    product: Option<Product>,
}

impl Fields {
    /// Validates one table, reporting every problem to `sink` with the byte
    /// offset of the value.
    fn check(table: &RawTable, sink: &mut impl FnMut(usize, ConfigProblem)) -> Fields {
        let mut fields = Fields::default();
        if let Some(secret) = &table.secret {
            sink(
                secret.span().start,
                ConfigProblem::new(Kind::SecretInFile, values::SECRET_IN_FILE),
            );
        }
        fields.app_id = checked(&table.app_id, values::app_id, sink);
        fields.app_id_invalid = table.app_id.is_some() && fields.app_id.is_none();
        let env = checked(&table.secret_env, values::secret_env, sink);
        let file = checked(&table.secret_file, values::secret_file, sink);
        fields.ttl = checked(&table.ttl, values::ttl, sink);
        fields.mode = checked(&table.mode, values::mode, sink);
        fields.product = checked(&table.product, values::product, sink);
        fields.secret = match (env, file, &table.secret_env, &table.secret_file) {
            (_, _, Some(_), Some(second)) => {
                sink(
                    second.span().start,
                    ConfigProblem::new(Kind::BothSecretSources, values::BOTH_SECRET_SOURCES),
                );
                None
            }
            (Some(var), _, _, _) => Some(SecretSource::Env(var)),
            (_, Some(path), _, _) => Some(SecretSource::File(path)),
            _ => None,
        };
        fields
    }

    /// Keys this table does not set come from `top`.
    fn inherit(self, top: &Fields) -> Fields {
        Fields {
            app_id: self.app_id.or(top.app_id),
            app_id_invalid: self.app_id_invalid || (self.app_id.is_none() && top.app_id_invalid),
            secret: self.secret.or_else(|| top.secret.clone()),
            ttl: self.ttl.or(top.ttl),
            mode: self.mode.or(top.mode),
            product: self.product.or(top.product),
        }
    }

    /// A complete profile with the defaults filled in, or `None` without an
    /// app ID.
    fn resolve(&self, name: Option<&str>) -> Option<Profile> {
        Some(Profile {
            name: name.map(str::to_owned),
            app_id: self.app_id?,
            secret: self
                .secret
                .clone()
                .unwrap_or_else(|| SecretSource::Env(DEFAULT_SECRET_ENV.to_owned())),
            ttl: self.ttl.unwrap_or(DEFAULT_TTL),
            mode: self.mode.unwrap_or_default(),
            product: self.product.unwrap_or_default(),
        })
    }
}

/// The value of one key through its rule; a refusal goes to `sink`, placed
/// at the value.
fn checked<T>(
    value: &Option<Spanned<Value>>,
    rule: fn(Literal<'_>) -> Result<T, ConfigProblem>,
    sink: &mut impl FnMut(usize, ConfigProblem),
) -> Option<T> {
    let value = value.as_ref()?;
    rule(literal(value.get_ref()))
        .map_err(|p| sink(value.span().start, p))
        .ok()
}

fn literal(value: &Value) -> Literal<'_> {
    match value {
        Value::Integer(i) => Literal::Integer(i128::from(*i)),
        Value::String(s) => Literal::String(s),
        _ => Literal::Other,
    }
}

/// A toml/serde error message made safe to show. toml's syntax messages are
/// generic ("invalid string"); serde's data messages can quote a value
/// ("invalid type: string \"...\""), so those are cut down to what was
/// expected, and unknown keys get a suggestion.
pub(crate) fn describe_toml_error(message: &str) -> (Kind, String) {
    let first_line = message.lines().next().unwrap_or("");
    if let Some(rest) = first_line.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or("");
        return (Kind::UnknownKey, unknown_key(key, &CONFIG_KEYS));
    }
    if first_line.starts_with("invalid type:") || first_line.starts_with("invalid value:") {
        let expected = first_line
            .rsplit_once(", expected ")
            .map_or("another type", |(_, e)| e);
        // Every leaf is read as a plain TOML value: only `profiles` (or a
        // table inside it) can have the wrong type for serde.
        return (
            Kind::Profiles,
            format!("wrong type of value, expected {expected}"),
        );
    }
    (Kind::Syntax, format!("TOML syntax error: {first_line}"))
}
