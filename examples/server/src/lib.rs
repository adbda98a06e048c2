//! What the repository's axum examples share to face the open internet:
//! [`serve`] (hyper's HTTP/1 connection builder with a header-read timeout,
//! a per-request timeout, a cap on open connections and a bounded graceful
//! shutdown), [`bind`] with a deep listen backlog, [`shutdown_signal`], the
//! JSON [`ApiError`] both answer with, and [`check_utf8`] for query strings.

mod error;
mod query;
mod serve;
mod signal;

pub use error::ApiError;
pub use query::{NOT_UTF8, check_utf8};
pub use serve::{DEFAULT_BACKLOG, Limits, bind, serve};
pub use signal::shutdown_signal;
