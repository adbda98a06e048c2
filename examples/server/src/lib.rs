//! What the repository's axum examples share to face the open internet:
//! [`serve`] (every phase of every connection bounded by [`Limits`]:
//! first-byte, header, request, write and connection deadlines, slots with
//! shedding, per-client caps, header size, bounded shutdown), [`bind`],
//! [`shutdown_signal`], the JSON [`ApiError`] both answer with (404 and 405
//! included), [`mint_route`] for endpoints that mint, [`Escaped`] for
//! request-derived text, [`check_utf8`] for query strings, and what the
//! process asks of the OS ([`make_non_dumpable`], [`raise_open_file_limit`]).

mod admission;
mod deadline_io;
mod error;
mod escape;
mod limits;
mod process;
mod query;
mod route;
mod serve;
mod signal;

pub use admission::BUSY_RESPONSE;
pub use error::{ApiError, json_fallbacks};
pub use escape::Escaped;
pub use limits::{COUNT, HEADER_BYTES, Limits, MAX_TIMEOUT_SECS};
pub use process::{make_non_dumpable, raise_open_file_limit};
pub use query::{NOT_UTF8, check_utf8};
pub use route::{mint_route, no_store};
pub use serve::{DEFAULT_BACKLOG, REPORT_EVERY, bind, serve};
pub use signal::shutdown_signal;
