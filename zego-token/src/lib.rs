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
//! The secret named by `secret_env` (or a config file's `secret_file`) is
//! read when `issuer()` runs, never while compiling: building with it
//! exported leaves no copy of it under `target/`. (A `secret = "..."`
//! literal in the attribute is compiled in like any literal: for tests and
//! demos with a public secret.) The repository's `examples/axum_app` is
//! this journey as a server (`cargo run --example axum_app`): two apps from
//! `zego.toml` profiles, each with its own secret, in axum state with
//! `FromRef`, one generic handler, JSON errors, deadlines, bounded shutdown.
//!
//! Features: `derive` (on by default) provides the derive; `config` (on by
//! default) the run-time TOML loader `Config`; `cli` builds the
//! `zego-token` command-line tool; `api-client` adds
//! `server_api::ApiClient`, an HTTPS client for ZEGO's server APIs (reqwest
//! with rustls, on tokio); `fixed-inputs` adds minting with a fixed clock,
//! nonce and IV, for known-answer tests only. The plain [`Issuer`] below
//! needs none of them (`default-features = false`).
//!
//! # Without the derive
//!
//! ```
//! use std::time::Duration;
//! use zego_token::{Issuer, Privilege, ServerSecret};
//!
//! // One issuer per app, shared by every request handler.
//! let secret = ServerSecret::new("fa94dd0f974cf2e293728a526b028271")?;
//! let issuer = Issuer::new(1, secret)?; // or Issuer::from_env()?: ZEGO_APP_ID, ZEGO_SERVER_SECRET
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
//! # Tokens every ZEGO client accepts
//!
//! Everything a minted token carries meets ZEGO's [rules] for
//! its [`Product`]: user IDs of 1 to 63 bytes of ASCII letters, digits and
//! `` ~!@#$^&*()_+=-`;',.<>\ `` (ZIM: 32 bytes), room and stream IDs as
//! the Express SDKs take them, a payload that is a JSON object, a stream
//! list that is not empty, an expiry by 2038, and for ZIM a lifetime of at
//! most 24 days. A refusal is [`Error::Rule`], with ZEGO's generator code
//! and the error code a client would report, before anything is encrypted.
//!
//! ```
//! use zego_token::{Issuer, Privilege, Product, ServerSecret};
//!
//! let issuer = Issuer::new(1, ServerSecret::new("fa94dd0f974cf2e293728a526b028271")?)?;
//! let err = issuer.issue("Zoë").unwrap_err();
//! assert_eq!((err.code(), err.client_code()), (Some(3), Some(1_002_006)));
//! assert_eq!(
//!     err.to_string(),
//!     "user ID has character 3 (U+00EB), which ZEGO's RTC clients refuse: \
//!      use ASCII letters, digits and ~!@#$^&*()_+=-`;',.<>\\ (ZEGO client error 1002006)"
//! );
//! let err = issuer.token("alice").with_payload("room1").issue().unwrap_err();
//! assert_eq!(err.client_code(), Some(1_002_075)); // not a JSON object
//!
//! // A token a React Native UIKit hands to both the room login and ZIM:
//! let uikit = issuer.with_product(Product::RtcAndZim);
//! assert!(uikit.token("alice").with_privilege(&Privilege::new("room1")).issue().is_ok());
//! assert_eq!(uikit.issue(&"u".repeat(33)).unwrap_err().code(), Some(3)); // ZIM: 32 bytes
//! # Ok::<(), zego_token::Error>(())
//! ```
//!
//! # Server APIs and callbacks
//!
//! The same app has two more places that need its secrets, side by side
//! with the token:
//!
//! | secret | from the ZEGO console | used for |
//! |---|---|---|
//! | [`ServerSecret`] | *Basic Configurations*: ServerSecret (32 characters) | minting tokens; signing your requests to ZEGO's server APIs ([`server_api`]) |
//! | [`CallbackSecret`](callback::CallbackSecret) | *Basic Configurations*: CallbackSecret | checking that a callback ZEGO sends your server is genuine ([`callback`]) |
//!
//! ```
//! use zego_token::ServerSecret;
//! use zego_token::callback::{CallbackParams, CallbackSecret, CallbackVerifier};
//! use zego_token::server_api::{ApiSigner, Region, Service};
//!
//! // Calling ZEGO: sign each request just before sending it (or use
//! // `server_api::ApiClient`, feature `api-client`, which does it all).
//! let signer = ApiSigner::new(1234567890, ServerSecret::new("fa94dd0f974cf2e293728a526b028271")?)?;
//! let url = signer.sign().to_url(&Service::Rtc.base_url(Region::Unified), "CloseRoom", [("RoomId", "room1")]);
//! assert!(url.starts_with("https://rtc-api.zego.im/?Action=CloseRoom&AppId=1234567890&"));
//!
//! // Called by ZEGO: refuse a callback unless it verifies.
//! let verifier = CallbackVerifier::new(CallbackSecret::new("secret")?); // or CallbackSecret::from_env("ZEGO_CALLBACK_SECRET")
//! let body = br#"{"event":"room_create","timestamp":1470820198,"nonce":"123412","signature":"5bd59fd62953a8059fb7eaba95720f66d19e4517"}"#;
//! let params = CallbackParams::from_json(body)?;
//! verifier.verify_at(&params, 1470820198)?; // verifier.verify(&params) against the clock
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Declared with the derive, an app gives all three, each branded with its
//! type so a staging verifier cannot check production's callbacks:
//! `Production::app()` reads both secrets once (the CallbackSecret from
//! `ZEGO_CALLBACK_SECRET` unless `callback_secret_env` or, in a config file,
//! `callback_secret_file` says otherwise) and returns an [`App`] with its
//! [`TypedIssuer`], [`TypedApiSigner`] and [`TypedCallbackVerifier`]; a
//! config [`Profile`] gives `issuer()`, `api_signer()` and
//! `callback_verifier()` the same way.
//!
//! # Where things are
//!
//! | concept | items |
//! |---|---|
//! | the 32-byte secret | [`ServerSecret`] (`new`, `from_env`, `from_file`, `const fn from_static`) |
//! | minting | [`Issuer`], [`Issuer::token`] → [`TokenRequest`], [`Token`] |
//! | room privileges | [`Privilege`] |
//! | decoding and checking | [`Verifier`] (`new(app_id, secret)`, `for_any_app`; `verify`, `decrypt` + `validate`, `verify_kit`), [`Claims`] |
//! | skipping a check | [`dangerous`] |
//! | reading without the secret | [`inspect`], [`Envelope`] |
//! | UIKit Prebuilt kit tokens | [`KitToken`] |
//! | everything that can fail | [`Error`] (`code()` gives ZEGO's code), the [`error`] module |
//! | declaring an app | `#[derive(ZegoTokenIssuer)]`, [`TypedIssuer`], [`IssuerSpec`], [`RtcSpec`] |
//! | config files at run time (feature `config`) | `Config`, `Profile`, `SecretSource` |
//! | ZEGO's rules for IDs, payloads, lifetimes | [`rules`], [`Rules`], [`Charset`] |
//! | checking a token as ZEGO's clients would | [`check`] |
//! | ZEGO's server APIs, callbacks, the whole app | [`server_api`], [`callback`], [`App`] |
//! | text from tokens, safe to print | [`escape`], [`Escaped`] |
//!
//! # Secrets, time and errors
//!
//! Secrets live in [`ServerSecret`], which redacts itself in `Debug` and is
//! zeroized on drop; no error message ever contains a secret or decrypted
//! plaintext. IVs and nonces come from the thread's OS-seeded CSPRNG, which
//! is reseeded from the operating system in a process that was forked, so
//! a child never repeats its parent's.
//!
//! Lifetimes and leeways are [`std::time::Duration`]s. Token times are whole
//! unix seconds, as the wire format carries them ([`Token::expire`]), and
//! also [`std::time::SystemTime`]s ([`Token::expires_at`]); sub-second parts
//! of a `Duration` are dropped, never rounded up, so a token never outlives
//! the lifetime asked for, and a leeway of 1.9 s accepts exactly what 1 s
//! does. A lifetime under one second is refused when a token is minted
//! (code 6).
//!
//! Errors are one [`Error`] type, whose [`Error::code`] gives the code
//! ZEGO's generators use for the same mistake where one exists (1 app ID,
//! 3 user ID, 5 secret, 6 effective time) and [`Error::client_code`] the
//! one a ZEGO client would report; the problem types its variants carry
//! are in [`error`]. Nothing panics on input.
//!
//! # Checks, and skipping them
//!
//! Every way to read claims checks them, and every [`Verifier`] constructor
//! says whether it checks the app ID. What skips a check lives in
//! [`dangerous`], named for what it skips: [`dangerous::decode_unverified`]
//! (no expiry or app ID check), [`dangerous::unvalidated_claims`] (the
//! claims of a decrypted token that may fail, for a support tool),
//! [`dangerous::without_time_checks`], and, with the non-default
//! `fixed-inputs` feature only, `TokenRequest::issue_fixed` with
//! `dangerous::FixedInputs`, which take the clock, nonce and IV from the
//! caller to reproduce known-answer vectors. A fixed IV reused with one
//! secret leaks plaintext relations (with GCM, the authentication key), so
//! no default build has it.
//!
//! [`check`] lists every problem ZEGO's clients and servers would raise
//! with a token, each with ZEGO's error code (the CLI's `zego-token
//! check`).
//!
//! # The token04 format
//!
//! ```text
//! "04" + base64( i64 expire | u16 iv_len | iv | u16 ct_len | ct [| 0x01] )
//! ```
//!
//! Big-endian integers, standard base64 with padding. CBC: AES-256-CBC,
//! PKCS#7, a 16-character IV from `0-9a-z`. GCM: AES-256-GCM, a 12-byte
//! random nonce, the 16-byte tag appended to the ciphertext and a trailing
//! mode byte `0x01`. The key is the secret's 32 ASCII bytes. The plaintext
//! is compact JSON:
//! `{"app_id":..,"user_id":..,"ctime":..,"expire":..,"nonce":..,"payload":..}`,
//! where a room privilege's payload is itself a JSON string
//! (`{"room_id":..,"privilege":{"1":0|1,"2":0|1},"stream_id_list":null|[..]}`).
//!
//! This crate writes the keys in that order. Decoding takes them in any
//! order (the official generators differ), reads a missing `payload` as
//! `""` (ZEGO's UIKit SDK writes none), accepts any `i32` nonce (Java's can
//! be negative) and ignores keys it does not know, since ZEGO may add
//! fields. A missing, repeated or mistyped key is an error that names the
//! key, never its value.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// docs.rs (nightly rustdoc, `--cfg docsrs`) marks feature-gated items with
// the feature they need; stable builds are unaffected.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod app;
pub mod callback;
pub mod check;
mod cipher;
mod claims;
mod clock;
#[cfg(feature = "config")]
mod config;
pub mod dangerous;
pub mod error;
mod escape;
mod issuer;
mod kit;
mod lifetime;
mod mangled;
mod mode;
mod payload;
pub mod product;
mod random;
pub mod rules;
mod scalar;
mod secret;
pub mod server_api;
mod text;
mod typed;
mod verify;
mod wire;

pub use app::{App, TypedApiSigner, TypedCallbackVerifier};
pub use claims::Claims;
pub use clock::{unix_now, unix_seconds};
#[cfg(feature = "config")]
#[cfg_attr(docsrs, doc(cfg(feature = "config")))]
pub use config::{Config, Profile, SecretSource};
pub use error::{Error, Result};
pub use escape::{Escaped, escape, needs_escape};
pub use issuer::{APP_ID_ENV, DEFAULT_SECRET_ENV, DEFAULT_TTL, Issuer, Token, TokenRequest};
pub use kit::{KitParts, KitToken};
pub use mode::Mode;
pub use payload::Privilege;
pub use product::Product;
pub use rules::{Charset, Rules};
pub use secret::ServerSecret;
pub use typed::{IssuerSpec, RtcSpec, TypedIssuer};
pub use verify::{DEFAULT_FUTURE_LEEWAY, Decrypted, Verifier};
pub use wire::{Envelope, inspect};

#[cfg(feature = "derive")]
#[cfg_attr(docsrs, doc(cfg(feature = "derive")))]
pub use zego_token_macros::ZegoTokenIssuer;

/// Support for the code `#[derive(ZegoTokenIssuer)]` generates; not public
/// API.
#[doc(hidden)]
pub mod __private;
