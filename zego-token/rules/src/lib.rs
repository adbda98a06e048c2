//! The config schema of zego-token, one copy shared by
//! `#[derive(ZegoTokenIssuer)]` (checked while compiling) and the run-time
//! loader `zego_token::Config`, so both accept and refuse exactly the same
//! files and values, resolve them to the same settings, and say so with the
//! same messages.
//!
//! An implementation detail of [zego-token](https://docs.rs/zego-token),
//! which re-exports what users see ([`Mode`], [`Product`], [`SecretSource`],
//! [`ConfigProblem`], ...): its own crate only because a proc-macro crate
//! cannot depend on the crate that re-exports it.
//!
//! - `values`: the rule of each value (app ID, ttl grammar, mode, product,
//!   secret sources) and the defaults;
//! - `secret`: what a ServerSecret looks like, its bytes and a secret
//!   misplaced where a name or path belongs;
//! - `file`: reading config and secret files, bounded and regular only;
//! - `schema`: the file's tables, inheritance, resolution into profiles;
//! - `problem`: the problem type and the sink that collects every problem;
//! - `mode`, `product`: the typed values;
//! - `suggest`: accepted keys and "did you mean" suggestions.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod file;
mod mode;
mod problem;
mod product;
mod schema;
mod secret;
mod suggest;
mod values;

pub use file::{
    FileProblem, MAX_CONFIG_FILE_LEN, MAX_SECRET_FILE_LEN, NotRegular, read_regular_file,
};
pub use mode::{BLOCK, CBC_IV_LEN, GCM_NONCE_LEN, GCM_TAG_LEN, Mode, UnknownMode};
pub use problem::{ConfigProblem, ConfigProblemKind, ConfigProblems, line_column};
pub use product::Product;
pub use schema::{Document, Profile, SecretSource};
pub use secret::{
    REDACTED, SECRET_LEN, SecretValueProblem, looks_like_secret, redact_secrets, secret_value,
};
pub use suggest::{ATTR_KEYS, CONFIG_KEYS, closest, unknown_key};
pub use values::{
    BOTH_SECRET_SOURCES, DEFAULT_SECRET_ENV, DEFAULT_TTL, Literal, SECRET_IN_FILE, app_id,
    env_var_name, mode, product, secret_env, secret_file, ttl, ttl_seconds, ttl_text,
};

#[cfg(test)]
mod tests;
