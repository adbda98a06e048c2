//! Support for the code `#[derive(ZegoTokenIssuer)]` generates; not public
//! API. Generated code reaches the crate only through these paths, so users
//! need no other dependency.
//!
//! The field form reads each marked field through the trait of its marker,
//! named with the field's type: any type implementing it works (an alias
//! such as `type Secret = String;` too), and any other is refused at the
//! field with the trait's `on_unimplemented` message.

use std::num::NonZeroU32;
use std::time::Duration;

use zego_token_rules as rules;

pub use crate::callback::CallbackSecret;
use crate::callback::CallbackVerifier;
use crate::error::{ConfigProblem, ConfigProblemKind};
use crate::issuer::ttl_from_seconds;
pub use crate::product::{Rtc, RtcAndZim, Zim};
use crate::server_api::ApiSigner;
pub use crate::{
    App, Charset, Error, Issuer, IssuerSpec, Mode, Product, ServerSecret, TypedApiSigner,
    TypedCallbackVerifier, TypedIssuer,
};

/// Builds the typed issuer the derive's `issuer()` returns, for `T`'s
/// product and ID character set. A lifetime from a `#[zego(ttl)]` field is
/// checked here against the product's rules (ZIM: 31 s to 24 days), so a
/// wrong one stops `issuer()` rather than every token; the derive checks a
/// constant one while compiling.
pub fn issuer<T: IssuerSpec>(
    app_id: u32,
    secret: ServerSecret,
    ttl: Duration,
    mode: Mode,
) -> Result<TypedIssuer<T>, Error> {
    let issuer = Issuer::new(app_id, secret)?
        .with_ttl(ttl)
        .with_mode(mode)
        .with_product(<T::Product as crate::product::Kind>::PRODUCT)
        .with_id_charset(T::ID_CHARSET);
    issuer
        .rules()
        .lifetime(i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX))?;
    Ok(TypedIssuer::new(issuer))
}

/// Builds the typed API signer the derive's `api_signer()` returns.
pub fn api_signer<T: IssuerSpec>(
    app_id: u32,
    secret: ServerSecret,
) -> Result<TypedApiSigner<T>, Error> {
    Ok(TypedApiSigner::new(ApiSigner::new(app_id, secret)?))
}

/// Builds the typed callback verifier the derive's `callback_verifier()`
/// returns.
pub fn callback_verifier<T: IssuerSpec>(secret: CallbackSecret) -> TypedCallbackVerifier<T> {
    TypedCallbackVerifier::new(CallbackVerifier::new(secret))
}

/// Builds the derive's `app()` from one read of each secret: the issuer
/// keeps the ServerSecret's key schedule, the signer a copy of it.
pub fn app<T: IssuerSpec>(
    app_id: u32,
    secret: ServerSecret,
    ttl: Duration,
    mode: Mode,
    callback_secret: CallbackSecret,
) -> Result<App<T>, Error> {
    let api_signer = api_signer::<T>(app_id, secret.clone())?;
    Ok(App::new(
        issuer::<T>(app_id, secret, ttl, mode)?,
        api_signer,
        callback_verifier::<T>(callback_secret),
    ))
}

/// The callback secret from the environment variable `var`, read when the
/// generated `callback_secret()` runs.
pub fn callback_secret_from_env(var: &str) -> Result<CallbackSecret, Error> {
    CallbackSecret::read_env(var).map_err(Error::CallbackSecret)
}

/// The callback secret from the file `path`, read when the generated
/// `callback_secret()` runs.
pub fn callback_secret_from_file(path: &str) -> Result<CallbackSecret, Error> {
    CallbackSecret::read_file(std::path::Path::new(path)).map_err(Error::CallbackSecret)
}

/// The derive's literal callback secret (tests and demos), already checked
/// while compiling.
pub fn callback_secret_literal(secret: &'static str) -> Result<CallbackSecret, Error> {
    CallbackSecret::checked(secret.as_bytes()).map_err(Error::CallbackSecret)
}

/// The derive's constant lifetime, already checked while compiling.
pub const fn seconds(ttl: u64) -> Duration {
    Duration::from_secs(ttl)
}

/// A `#[zego(app_id)]` field: a `u32` or a `NonZeroU32` (`Issuer::new`
/// refuses 0 at run time).
#[diagnostic::on_unimplemented(
    message = "a #[zego(app_id)] field must be a `u32`, not `{Self}`",
    label = "the #[zego(app_id)] field's type",
    note = "ZEGO app IDs are 1 to 4294967295: declare the field as `u32` (or `NonZeroU32`)"
)]
pub trait AppIdField {
    /// The app ID.
    fn app_id(&self) -> u32;
}

impl AppIdField for u32 {
    fn app_id(&self) -> u32 {
        *self
    }
}

impl AppIdField for NonZeroU32 {
    fn app_id(&self) -> u32 {
        self.get()
    }
}

/// A `#[zego(secret)]` field: a `ServerSecret` or a `String`.
#[diagnostic::on_unimplemented(
    message = "a #[zego(secret)] field must be a `ServerSecret` or a `String`, not `{Self}`",
    label = "the #[zego(secret)] field's type",
    note = "the field holds the 32-character ServerSecret from the ZEGO console"
)]
pub trait SecretField {
    /// The secret, checked.
    fn server_secret(&self) -> Result<ServerSecret, Error>;
}

impl SecretField for ServerSecret {
    fn server_secret(&self) -> Result<ServerSecret, Error> {
        Ok(self.clone())
    }
}

impl SecretField for String {
    fn server_secret(&self) -> Result<ServerSecret, Error> {
        ServerSecret::new(self)
    }
}

/// A `#[zego(callback_secret)]` field: a `CallbackSecret` or a `String`.
#[diagnostic::on_unimplemented(
    message = "a #[zego(callback_secret)] field must be a `CallbackSecret` or a `String`, not `{Self}`",
    label = "the #[zego(callback_secret)] field's type",
    note = "the field holds the CallbackSecret from the ZEGO console, which signs ZEGO's callbacks"
)]
pub trait CallbackSecretField {
    /// The callback secret, checked.
    fn callback_secret(&self) -> Result<CallbackSecret, Error>;
}

impl CallbackSecretField for CallbackSecret {
    fn callback_secret(&self) -> Result<CallbackSecret, Error> {
        Ok(self.clone())
    }
}

impl CallbackSecretField for String {
    fn callback_secret(&self) -> Result<CallbackSecret, Error> {
        CallbackSecret::checked(self.as_bytes()).map_err(Error::CallbackSecret)
    }
}

/// A `#[zego(ttl)]` field: a `Duration`, seconds as `i64`, `u32` or `u64`,
/// or a `String` such as `"2h"`.
#[diagnostic::on_unimplemented(
    message = "a #[zego(ttl)] field must be a `Duration`, seconds as `i64`, `u32` or `u64`, or a `String` such as \"2h\", not `{Self}`",
    label = "the #[zego(ttl)] field's type"
)]
pub trait TtlField {
    /// The lifetime, checked by the config rules (whole seconds, at least
    /// one); errors name `field`.
    fn ttl(&self, field: &str) -> Result<Duration, Error>;
}

fn field_problem(field: &str, problem: &ConfigProblem) -> Error {
    let message = format!("field `{field}`: {}", problem.message());
    Error::Config(ConfigProblem::new(ConfigProblemKind::Ttl, message).into())
}

fn checked(field: &str, seconds: Result<i64, ConfigProblem>) -> Result<Duration, Error> {
    seconds
        .map(ttl_from_seconds)
        .map_err(|p| field_problem(field, &p))
}

impl TtlField for Duration {
    /// Whole seconds: a sub-second part is dropped, as `with_ttl` does.
    fn ttl(&self, field: &str) -> Result<Duration, Error> {
        checked(field, rules::ttl_seconds(i128::from(self.as_secs())))
    }
}

impl TtlField for i64 {
    fn ttl(&self, field: &str) -> Result<Duration, Error> {
        checked(field, rules::ttl_seconds(i128::from(*self)))
    }
}

impl TtlField for u32 {
    fn ttl(&self, field: &str) -> Result<Duration, Error> {
        checked(field, rules::ttl_seconds(i128::from(*self)))
    }
}

impl TtlField for u64 {
    fn ttl(&self, field: &str) -> Result<Duration, Error> {
        checked(field, rules::ttl_seconds(i128::from(*self)))
    }
}

impl TtlField for String {
    fn ttl(&self, field: &str) -> Result<Duration, Error> {
        checked(field, rules::ttl_text(self))
    }
}
