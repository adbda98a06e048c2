//! ZEGO's rules and the config schema of zego-token, one copy of each.
//!
//! [`Rules`] is the one implementation of ZEGO's rules for what a token
//! carries (user, room and stream IDs, kit user names, lifetimes, expiries,
//! payloads), per product, as ZEGO documents them and its client SDKs
//! enforce them; every path that mints a token asks it, and each refusal is
//! a [`RuleViolation`] with ZEGO's generator and client error codes.
//!
//! The config schema is shared by `#[derive(ZegoTokenIssuer)]` (checked
//! while compiling) and the run-time loader `zego_token::Config`, so both
//! accept and refuse exactly the same files and values, resolve them to the
//! same settings, and say so with the same messages.
//!
//! An implementation detail of [zego-token](https://docs.rs/zego-token),
//! which re-exports what users see ([`Mode`], [`Product`], [`SecretSource`],
//! [`ConfigProblem`], ...): its own crate only because a proc-macro crate
//! cannot depend on the crate that re-exports it.
//!
//! - `rules`: [`Rules`], the entry point to ZEGO's rules;
//! - `ids`, `lifetime`, `payload`: the ID and name rules, the time rules,
//!   the payload rule (feature `json`, which the derive does not need);
//! - `violation`: [`RuleViolation`], why a value breaks one of them;
//! - `values`: the rule of each config value (app ID, ttl grammar, mode,
//!   product, the sources of the server and callback secrets) and the
//!   defaults;
//! - `secret`: what a ServerSecret and a CallbackSecret look like, their
//!   bytes and a secret misplaced where a name or path belongs;
//! - `file`: reading config and secret files, bounded and regular only;
//! - `schema` (feature `schema`, on by default): the file's tables,
//!   inheritance, resolution into profiles;
//! - `problem`: the config problem type and the sink that collects every
//!   problem;
//! - `mode`, `product`: the typed values;
//! - `suggest`: accepted keys and "did you mean" suggestions.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// docs.rs (nightly rustdoc, `--cfg docsrs`) marks the `json` items.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod file;
mod ids;
mod lifetime;
mod mode;
#[cfg(feature = "json")]
mod payload;
mod problem;
mod product;
mod rules;
#[cfg(feature = "schema")]
mod schema;
mod secret;
mod suggest;
mod values;
mod violation;

pub use file::{
    FileProblem, MAX_CONFIG_FILE_LEN, MAX_SECRET_FILE_LEN, NotRegular, read_regular_file,
};
pub use ids::{
    Charset, KIT_USER_NAME_MAX_BYTES, ROOM_ID_MAX_BYTES, RTC_ID_PUNCTUATION,
    RTC_ID_PUNCTUATION_EXTENDED, RTC_USER_ID_MAX_BYTES, STREAM_ID_MAX_BYTES, STREAM_ID_PUNCTUATION,
    ZIM_USER_ID_MAX_BYTES, ZIM_USER_ID_PUNCTUATION, ZIM_USER_ID_PUNCTUATION_EXTENDED,
};
pub use lifetime::{MAX_EXPIRY, ZIM_MAX_LIFETIME_SECS, ZIM_MIN_LIFETIME_SECS};
pub use mode::{BLOCK, CBC_IV_LEN, GCM_NONCE_LEN, GCM_TAG_LEN, Mode, UnknownMode};
#[cfg(feature = "json")]
#[cfg_attr(docsrs, doc(cfg(feature = "json")))]
pub use payload::PRIVILEGE_KEYS;
pub use problem::{ConfigProblem, ConfigProblemKind, ConfigProblems, line_column};
pub use product::Product;
pub use rules::Rules;
#[cfg(feature = "schema")]
pub use schema::{Document, Profile, SecretSource};
pub use secret::{
    CALLBACK_SECRET_MAX_LEN, CallbackSecretValueProblem, REDACTED, SECRET_LEN, SecretValueProblem,
    callback_secret_value, looks_like_secret, redact_secrets, secret_value,
    without_trailing_newline,
};
pub use suggest::{ATTR_KEYS, CONFIG_KEYS, closest, unknown_key};
pub use values::{
    BOTH_CALLBACK_SECRET_SOURCES, BOTH_SECRET_SOURCES, CALLBACK_SECRET_IN_FILE,
    DEFAULT_CALLBACK_SECRET_ENV, DEFAULT_SECRET_ENV, DEFAULT_TTL, Literal, SECRET_IN_FILE, app_id,
    callback_secret_env, callback_secret_file, env_var_name, id_charset, mode, product,
    product_ttl, secret_env, secret_file, ttl, ttl_seconds, ttl_text,
};
pub use violation::{IdKind, IdProblem, PayloadProblem, RuleViolation, TimeProblem};

#[cfg(test)]
mod tests;
