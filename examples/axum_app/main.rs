//! The whole journey: declare the apps with `#[derive(ZegoTokenIssuer)]`,
//! configure them in `zego.toml`, mint tokens in axum request handlers.
//!
//! ```text
//! export ZEGO_SERVER_SECRET=<production's 32-character ServerSecret>
//! export ZEGO_STAGING_SECRET=<staging's>
//! export ZEGO_CALLBACK_SECRET=<production's CallbackSecret> ZEGO_STAGING_CALLBACK_SECRET=<staging's>
//! cargo run --example axum_app                   # 127.0.0.1:8080; PORT=N to change, 0 picks a free one
//! curl -H 'X-User-Id: alice' 'http://127.0.0.1:8080/token?room_id=room1'
//! curl -H 'X-User-Id: alice' 'http://127.0.0.1:8080/staging/token?room_id=room1'
//! ```
//!
//! Answers `{"token":..,"expire_at":..,"app_id":..}`: a token letting the
//! user log in to the room and publish. No `X-User-Id` (this example's
//! stand-in for real authentication, see `SignedInUser` in `app.rs`) is a
//! 401, a missing `room_id` a 400, both as `{"error":..,"code":..}`.
//!
//! `POST /zego/callback` (production) and `POST /staging/zego/callback`
//! are the callback URLs for each app's ZEGO console: a callback signed
//! with that app's CallbackSecret, in a JSON body or form fields, and at
//! most five minutes old, gets a 200; a forged or stale one a 401, one
//! that is no callback a 400 (`app/callback.rs`).
//! Ctrl-C (or SIGTERM) stops it, giving in-flight requests 10 seconds.
//! Connections are bounded by `example_server::Limits`' defaults, the ones
//! `examples/token_server/README.md` documents as flags.
//!
//! The apps' settings live in `examples/axum_app/zego.toml` and are checked
//! while compiling; each app's secrets are read only when the server starts.

mod app;

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use example_server::Limits;

#[tokio::main]
async fn main() -> ExitCode {
    use std::io::IsTerminal as _;
    // Before the secret is read: no core dump or same-user process can read
    // it out of this one.
    if let Err(e) = example_server::make_non_dumpable() {
        eprintln!("axum_app: cannot start: cannot make the process non-dumpable: {e}");
        return ExitCode::FAILURE;
    }
    tracing_subscriber::fmt()
        .with_target(false)
        .with_ansi(std::io::stdout().is_terminal())
        .init();

    let state = match app::AppState::from_env() {
        Ok(state) => state,
        Err(err) => {
            eprintln!("axum_app: cannot start: {err}");
            return ExitCode::FAILURE;
        }
    };
    let port = match std::env::var("PORT") {
        Err(_) => 8080,
        Ok(text) => match text.parse::<u16>() {
            Ok(port) => port,
            Err(_) => {
                eprintln!(
                    "axum_app: cannot start: PORT must be a port number (0 picks a free one)"
                );
                return ExitCode::FAILURE;
            }
        },
    };
    let limits = Limits::default();
    example_server::raise_open_file_limit(&limits);
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let listener = match example_server::bind(addr, example_server::DEFAULT_BACKLOG) {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("axum_app: cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };

    app::serve(listener, state, &limits, example_server::shutdown_signal()).await;
    tracing::info!("shut down");
    ExitCode::SUCCESS
}
