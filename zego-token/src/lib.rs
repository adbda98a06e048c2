//! Mint and verify ZEGO **token04** authentication tokens on your server.
//!
//! ZEGO's Express SDK, ZIM and UIKits log users in with a token04 that your
//! server mints from the app ID and the 32-character ServerSecret. This crate
//! mints them byte-compatibly with ZEGO's official generators (CBC, and the
//! authenticated GCM variant), decodes and verifies them, reads their
//! envelope without the secret, and builds UIKit Prebuilt kit tokens.
//!
//! # The journey: declare the app, configure it, mint in handlers
//!
//! Declare each ZEGO app once with `#[derive(ZegoTokenIssuer)]`, its
//! settings in the attribute or in a `zego.toml` (with profiles) that is
//! checked while compiling; build its [`TypedIssuer`] once at start-up; mint
//! tokens in request handlers.
//!
//! ```no_run
//! use zego_token::{Privilege, RtcSpec, Token, TypedIssuer, ZegoTokenIssuer};
//!
//! // Or #[zego(config = "zego.toml", profile = "production")]: the same keys
//! // from a TOML file. A mistake is one compile error pointing at it.
//! #[derive(ZegoTokenIssuer)]
//! #[zego(app_id = 1234567890, secret_env = "ZEGO_SERVER_SECRET", ttl = "1h")]
//! struct Production;
//!
//! // What a request handler calls (the issuer lives in axum `State`, say),
//! // for any RTC app: `T: RtcSpec` brings the privilege builders.
//! fn room_token<T: RtcSpec>(issuer: &TypedIssuer<T>, user_id: &str, room_id: &str) -> zego_token::Result<Token> {
//!     let privilege = Privilege::new(room_id).with_login(true).with_publish(true);
//!     issuer.token(user_id).with_privilege(&privilege).issue()
//! }
//!
//! // At start-up: reads and checks ZEGO_SERVER_SECRET, once.
//! let production = Production::issuer()?;
//! let token = room_token(&production, "alice", "room1")?;
//! # Ok::<(), zego_token::Error>(())
//! ```
//!
//! The secret is read when `issuer()` runs and never compiled in: building
//! with it exported leaves no copy of it under `target/`. The repository's
//! `examples/axum_app` is this journey as a server (`cargo run --example
//! axum_app`): two apps from `zego.toml` profiles in axum state with
//! `FromRef`, one generic handler, JSON errors, timeouts, bounded shutdown.
//!
//! Features: `derive` (on by default) provides the derive; `cli` builds the
//! `zego-token` command-line tool (`cargo install zego-token --features
//! cli`). The plain [`Issuer`] below and the run-time [`Config`] loader need
//! neither.
//!
//! # Without the derive
//!
//! ```
//! use std::time::Duration;
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
//! let room_token = issuer
//!     .token("user1")
//!     .with_ttl(Duration::from_secs(600))
//!     .with_privilege(&privilege)
//!     .issue()?;
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
//! plaintext. Lifetimes and leeways are [`std::time::Duration`]s, in whole
//! seconds as token times are.
//!
//! What skips a check lives in [`dangerous`]: decoding without verifying,
//! and (feature `fixed-inputs`, for known-answer tests) minting with a fixed
//! clock, nonce and IV.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// docs.rs (nightly rustdoc, `--cfg docsrs`) marks feature-gated items with
// the feature they need; stable builds are unaffected.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod cipher;
mod claims;
mod clock;
mod config;
pub mod dangerous;
mod error;
mod issuer;
mod kit;
mod mode;
mod payload;
pub mod product;
mod random;
mod secret;
mod typed;
mod user_id;
mod verify;
mod wire;

pub use claims::Claims;
pub use clock::unix_now;
pub use config::{Config, DEFAULT_SECRET_ENV, Profile, SecretSource};
pub use error::{
    ClaimsProblem, ConfigProblem, ConfigProblemKind, ConfigProblems, EffectiveTimeProblem, Error,
    KitMismatch, Result, RoomIdProblem, SecretProblem, UserIdProblem,
};
pub use issuer::{DEFAULT_TTL, Issuer, Token, TokenRequest};
pub use kit::KitToken;
pub use mode::{Mode, UnknownMode};
pub use payload::{MAX_ROOM_ID_LEN, MAX_STREAM_ID_LEN, Privilege};
pub use product::Product;
pub use secret::ServerSecret;
pub use typed::{IssuerSpec, RtcSpec, TypedIssuer};
pub use user_id::{MAX_USER_ID_LEN, UserId};
pub use verify::{DEFAULT_FUTURE_LEEWAY, Verifier};
pub use wire::{Envelope, inspect};

#[cfg(feature = "derive")]
#[cfg_attr(docsrs, doc(cfg(feature = "derive")))]
pub use zego_token_macros::ZegoTokenIssuer;

/// Support for the code `#[derive(ZegoTokenIssuer)]` generates; not public
/// API.
#[doc(hidden)]
pub mod __private;
