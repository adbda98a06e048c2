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

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::ids::Charset;
use crate::mode::Mode;
use crate::problem::{ConfigProblem, ConfigProblemKind as Kind, ConfigProblems};
use crate::product::Product;
use crate::suggest::{CONFIG_KEYS, closest, shown, unknown_key};
use crate::values::{self, DEFAULT_CALLBACK_SECRET_ENV, DEFAULT_SECRET_ENV, DEFAULT_TTL, Literal};

/// Where a profile's server secret is read from when its issuer is built,
/// or its callback secret when its callback verifier is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretSource {
    /// An environment variable (`secret_env`, `callback_secret_env`).
    Env(String),
    /// A file such as a container secret mount (`secret_file`,
    /// `callback_secret_file`), relative to the working directory unless
    /// absolute.
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
    /// Where the callback secret is read from
    /// ([`DEFAULT_CALLBACK_SECRET_ENV`] unless set).
    pub callback_secret: SecretSource,
    /// Default token lifetime in seconds ([`DEFAULT_TTL`] unless set).
    pub ttl: i64,
    /// Cipher mode (CBC unless set).
    pub mode: Mode,
    /// Product (RTC unless set).
    pub product: Product,
    /// The character set IDs are checked against when minting
    /// ([`Charset::Portable`] unless set).
    pub id_charset: Charset,
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
    /// and column where it has one), not only the first: unknown keys, wrong
    /// types and invalid values of every table together. A text that is not
    /// TOML reports its first syntax error alone: what a parser makes of the
    /// rest is guesswork (one unclosed `[` reads as a dozen mistakes).
    ///
    /// Linear in the text and the number of problems.
    ///
    /// # Errors
    ///
    /// Every problem found, in the order of the text, each once.
    pub fn parse(text: &str) -> Result<Document, ConfigProblems> {
        let mut found = Found::default();
        let root = match DeTable::parse(text) {
            Ok(root) => root,
            Err(error) => {
                let first_line = error.message().lines().next().unwrap_or("");
                found.add(
                    error.span().map(|span| span.start),
                    ConfigProblem::new(Kind::Syntax, format!("TOML syntax error: {first_line}")),
                );
                return found.finish(text, Document::empty());
            }
        };
        let root = root.get_ref();
        let top = Fields::check(root, Level::Top, &mut found);
        let written = root.iter().find(|(key, _)| key.get_ref() == "profiles");
        let written = written.map(|(_, profiles)| profiles);
        let tables = written.map_or_else(Vec::new, |p| profile_tables(p, &mut found));
        let mut profiles = BTreeMap::new();
        for (name, at, table) in &tables {
            let fields = Fields::check(table, Level::Profile, &mut found).inherit(&top);
            fields.check_product_ttl(&mut found);
            match fields.resolve(Some(name)) {
                Some(profile) => {
                    profiles.insert((*name).to_owned(), profile);
                }
                None if fields.app_id_attempted => {}
                None => found.add(
                    *at,
                    ConfigProblem::new(
                        Kind::MissingAppId,
                        format!(
                            "profile `{}` has no app_id, and the top level sets none to inherit",
                            shown(name)
                        ),
                    ),
                ),
            }
        }
        // Anything under `profiles` but an empty table is a profile, or a
        // mistake reported already.
        let names_an_app = top.app_id.is_some()
            || top.app_id_attempted
            || written.is_some_and(|p| !matches!(p.get_ref(), DeValue::Table(t) if t.is_empty()));
        if !names_an_app {
            found.add(
                None,
                ConfigProblem::new(
                    Kind::MissingAppId,
                    "the config names no app: set app_id at the top level or in a [profiles.<name>] table",
                ),
            );
        }
        if top.app_id.is_some() {
            top.check_product_ttl(&mut found);
        }
        let top = top.resolve(None);
        found.finish(text, Document { top, profiles })
    }

    fn empty() -> Document {
        Document {
            top: None,
            profiles: BTreeMap::new(),
        }
    }
}

/// The `[profiles.<name>]` tables in the top level's `profiles`: name, byte
/// offset and table. Anything else there is reported.
fn profile_tables<'t>(
    profiles: &'t Spanned<DeValue<'t>>,
    found: &mut Found,
) -> Vec<(&'t str, usize, &'t DeTable<'t>)> {
    let DeValue::Table(profiles) = profiles.get_ref() else {
        found.add(
            profiles.span().start,
            ConfigProblem::new(
                Kind::Profiles,
                "profiles must be a table of tables: write each profile as [profiles.<name>]",
            ),
        );
        return Vec::new();
    };
    let mut tables = Vec::with_capacity(profiles.len());
    for (name, table) in profiles {
        match table.get_ref() {
            DeValue::Table(fields) => tables.push((name.get_ref().as_ref(), table.span().start, fields)),
            _ => found.add(
                table.span().start,
                ConfigProblem::new(
                    Kind::Profiles,
                    format!(
                        "profile `{}` must be a table: write it as [profiles.<name>] with its keys below",
                        shown(name.get_ref())
                    ),
                ),
            ),
        }
    }
    tables
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
                    format!("no profile `{}` ({})", shown(name), self.names_hint()),
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

    /// The profiles that exist, for messages: the first
    /// [`ConfigProblems::LISTED`], then how many more.
    fn names_hint(&self) -> String {
        if self.profiles.is_empty() {
            return "the config defines no profiles".to_owned();
        }
        let listed: Vec<String> = self
            .profile_names()
            .take(ConfigProblems::LISTED)
            .map(shown)
            .collect();
        let mut hint = format!("profiles: {}", listed.join(", "));
        let more = self.profiles.len() - listed.len();
        if more > 0 {
            hint.push_str(&format!(" and {more} more"));
        }
        hint
    }
}

/// Which table [`Fields::check`] reads: only the top level holds `profiles`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Top,
    Profile,
}

/// The validated keys one table sets.
#[derive(Clone, Default)]
struct Fields {
    app_id: Option<u32>,
    /// An `app_id` was written and refused, or a key that looks like a
    /// misspelt one: "no app_id" would only be noise.
    app_id_attempted: bool,
    secret: Option<SecretSource>,
    callback_secret: Option<SecretSource>,
    ttl: Option<i64>,
    mode: Option<Mode>,
    product: Option<Product>,
    id_charset: Option<Charset>,
    /// Where `ttl` and `product` were written: the table's own, then (after
    /// [`Fields::inherit`]) the top level's.
    ttl_at: Placed,
    product_at: Placed,
}

/// Where a key's value was written: in the table itself, or inherited
/// from the top level; and whether the value that applies was refused.
#[derive(Clone, Copy, Default)]
struct Placed {
    own: Option<usize>,
    inherited: Option<usize>,
    refused: bool,
}

impl Placed {
    /// Written at `at`; `value` is what its rule made of it.
    fn written<T>(at: usize, value: &Option<T>) -> Placed {
        Placed {
            own: Some(at),
            inherited: None,
            refused: value.is_none(),
        }
    }

    fn inherit(self, top: Placed) -> Placed {
        Placed {
            own: self.own,
            inherited: top.own,
            refused: if self.own.is_some() {
                self.refused
            } else {
                top.refused
            },
        }
    }
}

impl Fields {
    /// Validates one table (the top level or a profile), reporting every
    /// problem to `found` at the byte offset of the value, or of the key when
    /// the key itself is the mistake. The top level's `profiles` is left to
    /// [`profile_tables`].
    fn check(table: &DeTable<'_>, level: Level, found: &mut Found) -> Fields {
        let mut fields = Fields::default();
        let mut env = None;
        let mut file = None;
        let mut callback_env = None;
        let mut callback_file = None;
        for (key, value) in table {
            let at = value.span().start;
            let literal = literal(value.get_ref());
            match key.get_ref().as_ref() {
                "app_id" => {
                    fields.app_id = found.check(at, values::app_id(literal));
                    fields.app_id_attempted = fields.app_id.is_none();
                }
                "secret_env" => env = Some((at, found.check(at, values::secret_env(literal)))),
                "secret_file" => file = Some((at, found.check(at, values::secret_file(literal)))),
                "secret" => found.add(
                    at,
                    ConfigProblem::new(Kind::SecretInFile, values::SECRET_IN_FILE),
                ),
                "callback_secret_env" => {
                    callback_env =
                        Some((at, found.check(at, values::callback_secret_env(literal))));
                }
                "callback_secret_file" => {
                    callback_file =
                        Some((at, found.check(at, values::callback_secret_file(literal))));
                }
                "callback_secret" => found.add(
                    at,
                    ConfigProblem::new(Kind::SecretInFile, values::CALLBACK_SECRET_IN_FILE),
                ),
                "ttl" => {
                    fields.ttl = found.check(at, values::ttl(literal));
                    fields.ttl_at = Placed::written(at, &fields.ttl);
                }
                "mode" => fields.mode = found.check(at, values::mode(literal)),
                "product" => {
                    fields.product = found.check(at, values::product(literal));
                    fields.product_at = Placed::written(at, &fields.product);
                }
                "id_charset" => fields.id_charset = found.check(at, values::id_charset(literal)),
                "profiles" if level == Level::Top => {}
                "profiles" => found.add(
                    at,
                    ConfigProblem::new(Kind::Profiles, "profiles cannot be nested"),
                ),
                other => {
                    fields.app_id_attempted |= closest(other, &CONFIG_KEYS) == Some("app_id");
                    found.add(
                        key.span().start,
                        ConfigProblem::new(Kind::UnknownKey, unknown_key(other, &CONFIG_KEYS)),
                    );
                }
            }
        }
        fields.secret = source(
            env,
            file,
            ConfigProblem::new(Kind::BothSecretSources, values::BOTH_SECRET_SOURCES),
            found,
        );
        fields.callback_secret = source(
            callback_env,
            callback_file,
            ConfigProblem::new(
                Kind::BothCallbackSecretSources,
                values::BOTH_CALLBACK_SECRET_SOURCES,
            ),
            found,
        );
        fields
    }

    /// Keys this table does not set come from `top`.
    fn inherit(self, top: &Fields) -> Fields {
        Fields {
            app_id: self.app_id.or(top.app_id),
            app_id_attempted: self.app_id_attempted
                || (self.app_id.is_none() && top.app_id_attempted),
            secret: self.secret.or_else(|| top.secret.clone()),
            callback_secret: self.callback_secret.or_else(|| top.callback_secret.clone()),
            ttl: self.ttl.or(top.ttl),
            mode: self.mode.or(top.mode),
            product: self.product.or(top.product),
            id_charset: self.id_charset.or(top.id_charset),
            ttl_at: self.ttl_at.inherit(top.ttl_at),
            product_at: self.product_at.inherit(top.product_at),
        }
    }

    /// The lifetime the product's clients accept ([`values::product_ttl`]:
    /// ZIM's 31 s to 24 days), once inheritance has put the two keys
    /// together, defaults filled in. Reported at the key this table writes
    /// (its `ttl`, else its `product`), else at the inherited `ttl`: a
    /// mistake the top level makes for every profile is reported there,
    /// once.
    fn check_product_ttl(&self, found: &mut Found) {
        // A refused value is reported already: nothing to combine.
        if self.ttl_at.refused || self.product_at.refused {
            return;
        }
        let ttl = self.ttl.unwrap_or(DEFAULT_TTL);
        if let Err(problem) = values::product_ttl(self.product.unwrap_or_default(), ttl) {
            let at = self
                .ttl_at
                .own
                .or(self.product_at.own)
                .or(self.ttl_at.inherited)
                .or(self.product_at.inherited);
            found.add(at, problem);
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
            callback_secret: self
                .callback_secret
                .clone()
                .unwrap_or_else(|| SecretSource::Env(DEFAULT_CALLBACK_SECRET_ENV.to_owned())),
            ttl: self.ttl.unwrap_or(DEFAULT_TTL),
            mode: self.mode.unwrap_or_default(),
            product: self.product.unwrap_or_default(),
            id_charset: self.id_charset.unwrap_or_default(),
        })
    }
}

/// One secret's source from its two keys (each with the offset of its
/// value, and the value when its rule accepted it): naming both is `both`,
/// reported at the later of the two.
fn source(
    env: Option<(usize, Option<String>)>,
    file: Option<(usize, Option<PathBuf>)>,
    both: ConfigProblem,
    found: &mut Found,
) -> Option<SecretSource> {
    match (env, file) {
        (Some((env_at, _)), Some((file_at, _))) => {
            found.add(env_at.max(file_at), both);
            None
        }
        (Some((_, var)), None) => var.map(SecretSource::Env),
        (None, Some((_, path))) => path.map(SecretSource::File),
        (None, None) => None,
    }
}

/// A value as the rules see it. Integers keep every digit (`i128`), so a
/// value beyond 64 bits gets the rule's own message rather than TOML's.
fn literal<'v>(value: &'v DeValue<'_>) -> Literal<'v> {
    match value {
        DeValue::Integer(integer) => {
            let digits = integer.as_str();
            Literal::Integer(i128::from_str_radix(digits, integer.radix()).unwrap_or(
                if digits.starts_with('-') {
                    i128::MIN
                } else {
                    i128::MAX
                },
            ))
        }
        DeValue::String(text) => Literal::String(text),
        _ => Literal::Other,
    }
}

/// The problems of one file as they are found, each at a byte offset of the
/// text (or nowhere); [`Found::finish`] places them all in one pass.
#[derive(Default)]
struct Found(Vec<(Option<usize>, ConfigProblem)>);

impl Found {
    fn add(&mut self, at: impl Into<Option<usize>>, problem: ConfigProblem) {
        self.0.push((at.into(), problem));
    }

    /// The value a rule accepted, or `None` with its refusal recorded at `at`.
    fn check<T>(&mut self, at: usize, rule: Result<T, ConfigProblem>) -> Option<T> {
        rule.map_err(|problem| self.add(at, problem)).ok()
    }

    fn finish<T>(self, text: &str, value: T) -> Result<T, ConfigProblems> {
        ConfigProblems::placed(text, self.0).finish(value)
    }
}
