//! The `token_server` example's tests: its settings and flags at start-up,
//! and its endpoints called through the router with tower's `oneshot` (no
//! sockets, no timing), as axum's own testing example does. How
//! connections are handled (deadlines, shedding, shutdown) belongs to the
//! serve loop both servers share, and is tested once, in `examples/server`.

// The example's own modules (the files beside this one), compiled in as
// they are; not every item is used by the tests.
#[allow(dead_code)]
mod app;
#[allow(dead_code)]
mod args;

#[path = "test/endpoints.rs"]
mod endpoints;
#[path = "test/flags.rs"]
mod flags;
#[path = "test/logs.rs"]
mod logs;
#[path = "test/settings.rs"]
mod settings;
#[path = "test/support.rs"]
mod support;
