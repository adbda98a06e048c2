//! What the repository's axum examples share to face the open internet:
//! [`serve`] (hyper's HTTP/1 connection builder with a header-read timeout,
//! a per-request timeout, a cap on open connections and a bounded graceful
//! shutdown), [`bind`] with a deep listen backlog, and [`shutdown_signal`].

mod serve;
mod signal;

pub use serve::{DEFAULT_BACKLOG, Limits, bind, serve};
pub use signal::shutdown_signal;
