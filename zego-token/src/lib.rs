//! Mint and verify ZEGO **token04** authentication tokens on your server.
//!
//! ZEGO's Express SDK, ZIM and UIKits log users in with a token04 that your
//! server mints from the app ID and the 32-character ServerSecret. This crate
//! mints them byte-compatibly with ZEGO's official generators (CBC, and the
//! authenticated GCM variant), decodes and verifies them, reads their
//! envelope without the secret, and builds UIKit Prebuilt kit tokens.
//!
//! ```
//! use zego_token::{Issuer, Privilege, ServerSecret};
//!
//! // One issuer per app, shared by every request handler.
//! let secret = ServerSecret::new("fa94dd0f974cf2e293728a526b028271")?; // or ServerSecret::from_env("ZEGO_SERVER_SECRET")
//! let issuer = Issuer::new(1, secret)?;
//!
//! // A basic token...
//! let token = issuer.issue("user1")?;
//!
//! // ...or one scoped to a room, with its own lifetime.
//! let privilege = Privilege::new("room1").with_publish(true);
//! let room_token = issuer.token("user1").with_ttl(600).with_privilege(&privilege).issue()?;
//!
//! // Decode and check (app ID, expiry, issue time).
//! let claims = issuer.verifier().verify(token.as_str())?;
//! assert_eq!(claims.user_id, "user1");
//!
//! // No secret needed to read the envelope.
//! let envelope = zego_token::inspect(room_token.as_str())?;
//! assert_eq!(envelope.expire, room_token.expire());
//! # Ok::<(), zego_token::Error>(())
//! ```
//!
//! Secrets live in [`ServerSecret`], which redacts itself in `Debug` and is
//! zeroized on drop; no error message ever contains a secret or decrypted
//! plaintext.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// docs.rs (nightly rustdoc, `--cfg docsrs`) marks feature-gated items with
// the feature they need; stable builds are unaffected.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod cipher;
mod claims;
mod clock;
mod config;
mod error;
mod issuer;
mod kit;
mod mode;
mod payload;
mod random;
mod secret;
mod typed;
mod user_id;
mod verify;
mod wire;

pub use claims::Claims;
pub use clock::unix_now;
pub use config::{Config, ConfigProblem, DEFAULT_SECRET_ENV, Product, Profile, SecretSource};
pub use error::{ClaimsProblem, EffectiveTimeProblem, Error, Result, SecretProblem, UserIdProblem};
pub use issuer::{DEFAULT_TTL, FixedInputs, Issuer, Token, TokenRequest};
pub use kit::KitToken;
pub use mode::{Mode, UnknownMode};
pub use payload::{MAX_ROOM_ID_LEN, MAX_STREAM_ID_LEN, Privilege};
pub use secret::ServerSecret;
pub use typed::{IssuerSpec, TypedIssuer, product};
pub use user_id::{MAX_USER_ID_LEN, UserId};
pub use verify::{DEFAULT_FUTURE_LEEWAY, Verifier, decode};
pub use wire::{Envelope, inspect};

#[cfg(feature = "derive")]
#[cfg_attr(docsrs, doc(cfg(feature = "derive")))]
pub use zego_token_macros::ZegoTokenIssuer;

/// Support for the code `#[derive(ZegoTokenIssuer)]` generates; not public
/// API. Generated code reaches the crate only through these paths, so users
/// need no other dependency.
#[doc(hidden)]
pub mod __private {
    use crate::config::{ConfigProblem, rules};
    pub use crate::product::{Rtc, Zim};
    pub use crate::{Error, Issuer, IssuerSpec, Mode, Product, ServerSecret, TypedIssuer};

    /// Builds the typed issuer the derive's `issuer()` returns.
    pub fn issuer<T>(
        app_id: u32,
        secret: ServerSecret,
        ttl: i64,
        mode: Mode,
    ) -> Result<TypedIssuer<T>, Error> {
        Ok(TypedIssuer::new(
            Issuer::new(app_id, secret)?.with_ttl(ttl)?.with_mode(mode),
        ))
    }

    /// A `#[zego(secret)]` field: a `ServerSecret` or a `String`.
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

    /// A `#[zego(ttl)]` field: seconds as `i64` or `u32`, or a `String`
    /// such as `"2h"`.
    pub trait TtlField {
        /// The lifetime in seconds, checked.
        fn ttl_seconds(&self, field: &str) -> Result<i64, Error>;
    }

    fn field_problem(field: &str, message: String) -> Error {
        Error::Config(ConfigProblem::new(format!("field `{field}`: {message}")))
    }

    impl TtlField for i64 {
        fn ttl_seconds(&self, field: &str) -> Result<i64, Error> {
            rules::ttl_seconds(i128::from(*self)).map_err(|m| field_problem(field, m))
        }
    }

    impl TtlField for u32 {
        fn ttl_seconds(&self, field: &str) -> Result<i64, Error> {
            rules::ttl_seconds(i128::from(*self)).map_err(|m| field_problem(field, m))
        }
    }

    impl TtlField for String {
        fn ttl_seconds(&self, field: &str) -> Result<i64, Error> {
            rules::ttl_text(self).map_err(|m| field_problem(field, m))
        }
    }
}
