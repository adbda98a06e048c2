//! A token endpoint for your backend: axum + hyper-util + tokio, one shared
//! `Issuer`, hardened for the open internet.
//!
//! ```text
//! export ZEGO_APP_ID=1234567890 ZEGO_SERVER_SECRET=<32 chars> TOKEN_SERVER_API_KEY=<long random key>
//! cargo run --example token_server            # 127.0.0.1:8080
//! curl -H "Authorization: Bearer $TOKEN_SERVER_API_KEY" \
//!   'http://127.0.0.1:8080/v1/token?user_id=alice&room_id=room1&publish=true&kit=true&user_name=Alice'
//! curl http://127.0.0.1:8080/healthz          # no key: "ok"
//!
//! # in a container or behind a load balancer:
//! LISTEN_ADDR=0.0.0.0:8080 cargo run --example token_server
//! # or take the app (app ID, secret_env/secret_file, ttl, mode) from a TOML config:
//! cargo run --example token_server -- --config zego.toml --profile production
//! ```
//!
//! Returns `{"token":..,"expire_at":..,"app_id":..}` (+ `"kit_token"` with
//! `kit=true`); bad input is a 400 with `{"error":..,"code":..}`, a missing
//! or wrong key a 401. Every flag has an environment variable (`--help`
//! lists them). Logs go to stdout, one line per event, filtered by
//! `RUST_LOG` (default `info`; `warn` drops the line per issued token).
//! Ctrl-C or SIGTERM stops accepting, gives in-flight requests
//! `--shutdown-grace` seconds, then exits.

mod app;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use clap::builder::TypedValueParser as _;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::LevelFilter;

/// Serve ZEGO tokens over HTTP.
#[derive(Debug, Parser)]
#[command(about)]
struct Args {
    /// Address to listen on, e.g. 0.0.0.0:8080 in a container or [::]:8080.
    /// Overrides --port. [default: 127.0.0.1:8080]
    #[arg(long, env = "LISTEN_ADDR", value_name = "ADDR")]
    listen: Option<SocketAddr>,

    /// Port on 127.0.0.1, when --listen is not given (0 picks a free one).
    #[arg(long, env = "PORT", default_value_t = 8080)]
    port: u16,

    /// Allow browsers on this origin (e.g. https://app.example.com) to fetch
    /// tokens (CORS). Repeat it or separate origins with commas; `*` allows
    /// any origin. Off by default.
    #[arg(
        long,
        env = "CORS_ORIGIN",
        value_name = "ORIGIN",
        value_delimiter = ','
    )]
    cors_origin: Vec<String>,

    /// Seconds a client has to send a request's headers; also how long an
    /// idle keep-alive connection stays open.
    #[arg(long, env = "TOKEN_SERVER_HEADER_TIMEOUT", value_name = "SECS",
          default_value_t = app::Limits::default().header_timeout.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..))]
    header_timeout: u64,

    /// Seconds from a request's headers to its response (408 after that).
    #[arg(long, env = "TOKEN_SERVER_REQUEST_TIMEOUT", value_name = "SECS",
          default_value_t = app::Limits::default().request_timeout.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..))]
    request_timeout: u64,

    /// Seconds in-flight requests get after Ctrl-C or SIGTERM before the
    /// server exits anyway.
    #[arg(long, env = "TOKEN_SERVER_SHUTDOWN_GRACE", value_name = "SECS",
          default_value_t = app::Limits::default().shutdown_grace.as_secs())]
    shutdown_grace: u64,

    /// Open connections at most (more wait in the listen backlog). Keep it
    /// below the process's file limit (`ulimit -n`).
    #[arg(long, env = "TOKEN_SERVER_MAX_CONNECTIONS", value_name = "N",
          default_value_t = app::Limits::default().max_connections,
          value_parser = clap::value_parser!(u32).range(1..).map(|n| n as usize))]
    max_connections: usize,

    /// Listen backlog: connections the kernel queues before they are
    /// accepted (capped by net.core.somaxconn).
    #[arg(long, env = "TOKEN_SERVER_BACKLOG", value_name = "N",
          default_value_t = app::DEFAULT_BACKLOG)]
    backlog: u32,

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
    let args = Args::parse();
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
    let limits = app::Limits {
        header_timeout: Duration::from_secs(args.header_timeout),
        request_timeout: Duration::from_secs(args.request_timeout),
        shutdown_grace: Duration::from_secs(args.shutdown_grace),
        max_connections: args.max_connections,
    };
    let addr = args
        .listen
        .unwrap_or(SocketAddr::from((Ipv4Addr::LOCALHOST, args.port)));
    let listener = match app::bind(addr, args.backlog) {
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
