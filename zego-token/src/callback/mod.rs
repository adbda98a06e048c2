//! Verifying the callbacks ZEGO sends your server: room created and
//! closed, streams started and stopped, ZIM messages, recordings.
//!
//! Each callback carries `timestamp`, `nonce` and `signature`, where
//! `signature` is the SHA-1 of the **CallbackSecret**, the timestamp and the
//! nonce, sorted and concatenated. The CallbackSecret is a key of its own,
//! not the ServerSecret: find it in the ZEGO console, *Project Management*,
//! your project, *Basic Configurations*, next to the ServerSecret. Keep it
//! as you keep the ServerSecret (an environment variable such as
//! [`DEFAULT_CALLBACK_SECRET_ENV`], or a secret file): a config file names
//! it with `callback_secret_env` or `callback_secret_file`, the derive with
//! `callback_secret_env`, and the derived `T::callback_verifier()` (or
//! `T::app()`) gives a [`TypedCallbackVerifier`](crate::TypedCallbackVerifier)
//! that only `T`'s handlers accept.
//!
//! - [`CallbackSecret`]: the key, redacted in `Debug` and wiped on drop.
//! - [`CallbackParams`]: the three fields, from a JSON body (every
//!   product's default), a form body or a query string.
//! - [`CallbackVerifier`]: checks the signature in constant time and the
//!   timestamp against a tolerance ([`DEFAULT_CALLBACK_TOLERANCE`], five
//!   minutes); "now" can be injected with
//!   [`verify_at`](CallbackVerifier::verify_at).
//! - [`CallbackError`]: why a callback was refused.
//!
//! ```
//! use zego_token::callback::{CallbackError, CallbackParams, CallbackSecret, CallbackVerifier};
//!
//! // At start-up (the secret from ZEGO_CALLBACK_SECRET, say).
//! let verifier = CallbackVerifier::new(CallbackSecret::new("secret")?);
//!
//! // In the handler for ZEGO's POST: refuse anything that does not verify,
//! // then read the body as the event it is. ZEGO counts any 2xx answer as
//! // delivered and retries the rest (5 times, 2 to 32 s apart).
//! fn on_callback(verifier: &CallbackVerifier, body: &[u8], now: i64) -> Result<(), CallbackError> {
//!     let params = CallbackParams::from_json(body)?;
//!     verifier.verify_at(&params, now)?; // verifier.verify(&params) in production
//!     // ... serde_json::from_slice::<YourEvent>(body) and act on it
//!     Ok(())
//! }
//!
//! let genuine = br#"{"event":"room_close","appid":1,"timestamp":1470820198,"nonce":"123412",
//!     "signature":"5bd59fd62953a8059fb7eaba95720f66d19e4517","room_id":"room1"}"#;
//! on_callback(&verifier, genuine, 1470820198)?;
//! let forged = br#"{"event":"room_close","timestamp":1470820198,"nonce":"1","signature":"5bd59fd62953a8059fb7eaba95720f66d19e4517"}"#;
//! assert!(matches!(on_callback(&verifier, forged, 1470820198), Err(CallbackError::Mismatch)));
//! # Ok::<(), CallbackError>(())
//! ```

mod error;
mod params;
mod secret;
mod verifier;

pub use error::{CallbackError, CallbackSecretProblem};
pub use params::CallbackParams;
pub use secret::{CallbackSecret, DEFAULT_CALLBACK_SECRET_ENV};
pub use verifier::{CallbackVerifier, DEFAULT_CALLBACK_TOLERANCE};
