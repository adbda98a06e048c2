//! A token endpoint for your backend: axum + hyper-util + tokio, one shared
//! `Issuer`, hardened for the open internet. The reference (endpoints,
//! every flag and what it bounds, logs) is `README.md` beside this file.
//!
//! ```text
//! export ZEGO_APP_ID=1234567890 ZEGO_SERVER_SECRET=<32 chars> TOKEN_SERVER_API_KEY=$(openssl rand -hex 32)
//! cargo run --example token_server            # 127.0.0.1:8080
//! curl -H "Authorization: Bearer $TOKEN_SERVER_API_KEY" \
//!   'http://127.0.0.1:8080/v1/token?user_id=alice&room_id=room1&publish=true&kit=true&user_name=Alice'
//! curl http://127.0.0.1:8080/healthz          # no key: "ok"
//! cargo run --example token_server -- --help  # every flag, with its variable and default
//! ```

mod app;
mod args;

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::LevelFilter;

#[tokio::main]
async fn main() -> ExitCode {
    use std::io::IsTerminal as _;
    let args = args::Args::parse();
    // Before any secret is read: no core dump or same-user process can
    // read it out of this one.
    if let Err(e) = example_server::make_non_dumpable() {
        eprintln!("token_server: cannot start: cannot make the process non-dumpable: {e}");
        return ExitCode::FAILURE;
    }
    let filter = match EnvFilter::builder()
        .with_default_directive(LevelFilter::INFO.into())
        .from_env()
    {
        Ok(filter) => filter,
        Err(e) => {
            eprintln!("token_server: cannot start: RUST_LOG: {e}");
            return ExitCode::FAILURE;
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(std::io::stdout().is_terminal())
        .init();

    // Read and check everything before binding: a server that starts with a
    // bad secret would only fail later, on the first real user.
    let config = args.config.clone().map(|path| app::ConfigFile {
        path,
        profile: args.profile.clone(),
    });
    let state = match app::Settings::from_lookup(config.as_ref(), |name| std::env::var(name).ok())
        .and_then(app::AppState::new)
    {
        Ok(state) => state,
        Err(message) => {
            eprintln!("token_server: cannot start: {message}");
            return ExitCode::FAILURE;
        }
    };
    let cors = if args.cors_origin.is_empty() {
        None
    } else {
        match app::cors(&args.cors_origin) {
            Ok(cors) => Some(cors),
            Err(message) => {
                eprintln!("token_server: cannot start: {message}");
                return ExitCode::FAILURE;
            }
        }
    };
    let limits = args.limits();
    example_server::raise_open_file_limit(&limits);
    let addr = args
        .listen
        .unwrap_or(SocketAddr::from((Ipv4Addr::LOCALHOST, args.port)));
    let listener = match example_server::bind(addr, args.backlog) {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("token_server: cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };

    app::serve(
        listener,
        state,
        &limits,
        cors,
        example_server::shutdown_signal(),
    )
    .await;
    tracing::info!("shut down");
    ExitCode::SUCCESS
}
