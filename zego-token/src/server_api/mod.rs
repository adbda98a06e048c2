//! Calling ZEGO's server APIs: signing requests with the ServerSecret, and
//! (feature `api-client`) a small HTTPS client.
//!
//! Your server calls ZEGO's server APIs to manage what its users do: close
//! a room, kick a user out, mix streams, send ZIM messages. Each request
//! carries five common parameters, `AppId`, `SignatureNonce`, `Timestamp`,
//! `SignatureVersion=2.0` and `Signature`, signed with the app's
//! **ServerSecret**: the same 32 characters that mint its tokens (ZEGO
//! console, *Project Management*, your project, *Basic Configurations*:
//! AppID and ServerSecret).
//!
//! - [`ApiSigner`] makes the [`CommonParams`] of one request, for any HTTP
//!   client: as a query string, through serde, or as a whole URL.
//! - [`Service`] and [`Region`] name the host: `rtc-api.zego.im`,
//!   `zim-api-fra.zego.im` and so on.
//! - [`ApiResponse`] reads ZEGO's common response, `Code` 0 or an
//!   [`ApiError`] with ZEGO's code.
//! - `ApiClient` (feature `api-client`, on reqwest with rustls) does all
//!   of it: sign, send with deadlines, read the bounded response.
//!
//! ```
//! use zego_token::ServerSecret;
//! use zego_token::server_api::{ApiSigner, Region, Service};
//!
//! // At start-up, from the secret the issuer uses too.
//! let secret = ServerSecret::new("fa94dd0f974cf2e293728a526b028271")?; // or ServerSecret::from_env(..)
//! let signer = ApiSigner::new(1234567890, secret)?;
//!
//! // Per request: a fresh nonce and the current time.
//! let url = signer.sign().to_url(
//!     &Service::Rtc.base_url(Region::Unified),
//!     "DescribeUserNum",
//!     [("RoomId[]", "room1")],
//! );
//! assert!(url.starts_with("https://rtc-api.zego.im/?Action=DescribeUserNum&AppId=1234567890&SignatureNonce="));
//! # Ok::<(), zego_token::Error>(())
//! ```
//!
//! To keep one copy of the secret for tokens and API calls, clone the
//! [`ServerSecret`](crate::ServerSecret) before handing it to
//! [`Issuer::new`](crate::Issuer::new): the issuer keeps only its AES key
//! schedule, the signer the secret itself, each wiped when dropped. A
//! derived app's `app()` does exactly that, from one read of the secret
//! ([`App`](crate::App)).

#[cfg(feature = "api-client")]
mod client;
mod endpoint;
mod error;
mod response;
mod signature;

#[cfg(feature = "api-client")]
#[cfg_attr(docsrs, doc(cfg(feature = "api-client")))]
pub use client::{
    ApiClient, ApiClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_TIMEOUT,
};
pub use endpoint::{Region, Service, UnknownRegion, UnknownService};
pub use error::ApiError;
pub use response::ApiResponse;
pub use signature::{ApiSigner, CommonParams, MAX_CLOCK_SKEW, SIGNATURE_VERSION};
