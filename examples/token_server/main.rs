//! A token endpoint for your backend: axum + tokio, one shared `Issuer`.
//!
//! ```text
//! export ZEGO_APP_ID=1234567890 ZEGO_SERVER_SECRET=<32 chars> TOKEN_SERVER_API_KEY=<long random key>
//! cargo run --example token_server            # 127.0.0.1:8080; --port N or PORT=N to change
//! curl -H "Authorization: Bearer $TOKEN_SERVER_API_KEY" \
//!   'http://127.0.0.1:8080/v1/token?user_id=alice&room_id=room1&publish=true&kit=true&user_name=Alice'
//!
//! # or take the app (app ID, secret_env/secret_file, ttl, mode) from a TOML config:
//! cargo run --example token_server -- --config zego.toml --profile production
//! ZEGO_CONFIG=zego.toml ZEGO_PROFILE=production cargo run --example token_server
//! ```
//!
//! Returns `{"token":..,"expire_at":..,"app_id":..}` (+ `"kit_token"` with
//! `kit=true`); bad input is a 400 with `{"error":..,"code":..}`, a missing
//! or wrong key a 401. Ctrl-C (or SIGTERM) stops it after in-flight requests.

mod app;

use std::net::Ipv4Addr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use tokio::net::TcpListener;

/// Serve ZEGO tokens over HTTP.
#[derive(Debug, Parser)]
struct Args {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, env = "PORT", default_value_t = 8080)]
    port: u16,

    /// Take the app ID, secret (secret_env or secret_file), ttl and mode
    /// from this TOML config instead of ZEGO_APP_ID and ZEGO_SERVER_SECRET.
    #[arg(long, env = "ZEGO_CONFIG", value_name = "PATH")]
    config: Option<PathBuf>,

    /// With --config: its [profiles.NAME] table instead of the top level.
    #[arg(long, env = "ZEGO_PROFILE", value_name = "NAME", requires = "config")]
    profile: Option<String>,
}

#[tokio::main]
async fn main() -> ExitCode {
    use std::io::IsTerminal as _;
    tracing_subscriber::fmt()
        .with_target(false)
        .with_ansi(std::io::stdout().is_terminal())
        .init();
    let args = Args::parse();

    // Read and check everything before binding: a server that starts with a
    // bad secret would only fail later, on the first real user.
    let config = args.config.map(|path| app::ConfigFile {
        path,
        profile: args.profile,
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
    let listener = match TcpListener::bind((Ipv4Addr::LOCALHOST, args.port)).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!(
                "token_server: cannot listen on 127.0.0.1:{}: {e}",
                args.port
            );
            return ExitCode::FAILURE;
        }
    };
    match listener.local_addr() {
        Ok(addr) => tracing::info!("listening on http://{addr}"),
        Err(e) => tracing::warn!("listening, address unknown: {e}"),
    }

    if let Err(e) = app::serve(listener, state, shutdown_signal()).await {
        eprintln!("token_server: {e}");
        return ExitCode::FAILURE;
    }
    tracing::info!("shut down");
    ExitCode::SUCCESS
}

/// Completes on Ctrl-C, or on SIGTERM (what `docker stop` and Kubernetes send).
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            // No signal handling on this platform: run until killed.
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
