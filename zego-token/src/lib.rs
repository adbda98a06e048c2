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

mod cipher;
mod claims;
mod error;
mod issuer;
mod kit;
mod payload;
mod random;
mod secret;
mod verify;
mod wire;

pub use cipher::{Mode, UnknownMode};
pub use claims::{Claims, MAX_USER_ID_LEN};
pub use error::{ClaimsProblem, EffectiveTimeProblem, Error, Result, SecretProblem, UserIdProblem};
pub use issuer::{DEFAULT_TTL, FixedInputs, Issuer, Token, TokenRequest};
pub use kit::KitToken;
pub use payload::{MAX_ROOM_ID_LEN, MAX_STREAM_ID_LEN, Privilege};
pub use secret::ServerSecret;
pub use verify::{DEFAULT_FUTURE_LEEWAY, Verifier, decode};
pub use wire::{Envelope, inspect};
