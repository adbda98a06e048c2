//! The command line: every flag has an environment variable, a default
//! from `example_server::Limits` (one source of truth) and a range, so no
//! value can start a server that cannot work or that panics later.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use clap::builder::TypedValueParser as _;
use example_server::{COUNT, HEADER_BYTES, Limits, MAX_TIMEOUT_SECS};

/// Serve ZEGO tokens over HTTP.
///
/// Every limit below bounds one phase of a connection; see
/// examples/token_server/README.md for how they fit together.
#[derive(Debug, Parser)]
#[command(about, long_about)]
pub struct Args {
    /// Address to listen on, e.g. 0.0.0.0:8080 in a container or [::]:8080.
    /// Overrides --port. [default: 127.0.0.1:8080]
    #[arg(long, env = "LISTEN_ADDR", value_name = "ADDR")]
    pub listen: Option<SocketAddr>,

    /// Port on 127.0.0.1, when --listen is not given (0 picks a free one).
    #[arg(long, env = "PORT", default_value_t = 8080)]
    pub port: u16,

    /// Allow browsers on this origin (e.g. https://app.example.com) to fetch
    /// tokens (CORS). Repeat it or separate origins with commas; `*` allows
    /// any origin. Off by default.
    #[arg(
        long,
        env = "CORS_ORIGIN",
        value_name = "ORIGIN",
        value_delimiter = ','
    )]
    pub cors_origin: Vec<String>,

    /// Seconds a new connection has to send its first byte. Until then it
    /// holds no slot.
    #[arg(long, env = "TOKEN_SERVER_FIRST_BYTE_TIMEOUT", value_name = "SECS",
          default_value_t = Limits::default().first_byte_timeout.as_secs(),
          value_parser = secs(1))]
    pub first_byte_timeout: u64,

    /// Seconds a client has to send a request's headers; also how long an
    /// idle keep-alive connection stays open.
    #[arg(long, env = "TOKEN_SERVER_HEADER_TIMEOUT", value_name = "SECS",
          default_value_t = Limits::default().header_timeout.as_secs(),
          value_parser = secs(1))]
    pub header_timeout: u64,

    /// Seconds from a request's headers to its response (408 after that).
    #[arg(long, env = "TOKEN_SERVER_REQUEST_TIMEOUT", value_name = "SECS",
          default_value_t = Limits::default().request_timeout.as_secs(),
          value_parser = secs(1))]
    pub request_timeout: u64,

    /// Seconds a write to a client may stay blocked because the client does
    /// not read its responses; then the connection is reset.
    #[arg(long, env = "TOKEN_SERVER_WRITE_TIMEOUT", value_name = "SECS",
          default_value_t = Limits::default().write_timeout.as_secs(),
          value_parser = secs(1))]
    pub write_timeout: u64,

    /// Seconds a connection may stay open in all. From --request-timeout +
    /// --write-timeout before the end, responses say `Connection: close`.
    #[arg(long, env = "TOKEN_SERVER_CONNECTION_TIMEOUT", value_name = "SECS",
          default_value_t = Limits::default().connection_timeout.as_secs(),
          value_parser = secs(1))]
    pub connection_timeout: u64,

    /// Requests one connection may make; the last response says
    /// `Connection: close`.
    #[arg(long, env = "TOKEN_SERVER_MAX_REQUESTS_PER_CONNECTION", value_name = "N",
          default_value_t = Limits::default().max_requests_per_connection,
          value_parser = clap::value_parser!(u32).range(count()))]
    pub max_requests_per_connection: u32,

    /// Largest request head (request line and headers) in bytes; more is a
    /// 431. A connection's buffers hold up to this, or 8 KiB if larger:
    /// about 15 KiB per connection sending headers at the default.
    #[arg(long, env = "TOKEN_SERVER_MAX_HEADER_BYTES", value_name = "BYTES",
          default_value_t = Limits::default().max_header_bytes,
          value_parser = clap::value_parser!(u32)
              .range(*HEADER_BYTES.start() as i64..=*HEADER_BYTES.end() as i64)
              .map(|n| n as usize))]
    pub max_header_bytes: usize,

    /// Connections served at once (slots). Past it, a new client gets a
    /// 503 at once instead of waiting behind the others.
    #[arg(long, env = "TOKEN_SERVER_MAX_CONNECTIONS", value_name = "N",
          default_value_t = Limits::default().max_connections,
          value_parser = clap::value_parser!(u32).range(count()).map(|n| n as usize))]
    pub max_connections: usize,

    /// Connections that have not sent a byte yet. Past it, the one that has
    /// waited longest is closed.
    #[arg(long, env = "TOKEN_SERVER_MAX_WAITING", value_name = "N",
          default_value_t = Limits::default().max_waiting,
          value_parser = clap::value_parser!(u32).range(count()).map(|n| n as usize))]
    pub max_waiting: usize,

    /// Connections one client (IPv4 address, or IPv6 /64) may have served at
    /// once; more get a 503. Off by default: behind a load balancer every
    /// client has the balancer's address.
    #[arg(long, env = "TOKEN_SERVER_MAX_CONNECTIONS_PER_CLIENT", value_name = "N",
          value_parser = clap::value_parser!(u32).range(count()).map(|n| n as usize))]
    pub max_connections_per_client: Option<usize>,

    /// Listen backlog: connects the kernel queues in a burst, before they
    /// are accepted (capped by net.core.somaxconn).
    #[arg(long, env = "TOKEN_SERVER_BACKLOG", value_name = "N",
          default_value_t = example_server::DEFAULT_BACKLOG,
          value_parser = clap::value_parser!(u32).range(1..=65_535))]
    pub backlog: u32,

    /// Seconds in-flight requests get after Ctrl-C or SIGTERM before the
    /// server exits anyway.
    #[arg(long, env = "TOKEN_SERVER_SHUTDOWN_GRACE", value_name = "SECS",
          default_value_t = Limits::default().shutdown_grace.as_secs(),
          value_parser = secs(0))]
    pub shutdown_grace: u64,

    /// Take the app ID, secret (secret_env or secret_file), ttl, mode,
    /// product and id_charset from this TOML config instead of ZEGO_APP_ID
    /// and ZEGO_SERVER_SECRET.
    #[arg(long, env = "ZEGO_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// With --config: its [profiles.NAME] table instead of the top level.
    #[arg(long, env = "ZEGO_PROFILE", value_name = "NAME", requires = "config")]
    pub profile: Option<String>,
}

/// Whole seconds from `min` to a day.
fn secs(min: u64) -> clap::builder::RangedU64ValueParser<u64> {
    clap::value_parser!(u64).range(min..=MAX_TIMEOUT_SECS)
}

fn count() -> std::ops::RangeInclusive<i64> {
    *COUNT.start() as i64..=*COUNT.end() as i64
}

impl Args {
    /// The connection limits the flags ask for.
    pub fn limits(&self) -> Limits {
        Limits {
            first_byte_timeout: Duration::from_secs(self.first_byte_timeout),
            header_timeout: Duration::from_secs(self.header_timeout),
            request_timeout: Duration::from_secs(self.request_timeout),
            write_timeout: Duration::from_secs(self.write_timeout),
            connection_timeout: Duration::from_secs(self.connection_timeout),
            max_requests_per_connection: self.max_requests_per_connection,
            max_header_bytes: self.max_header_bytes,
            max_connections: self.max_connections,
            max_waiting: self.max_waiting,
            max_connections_per_client: self.max_connections_per_client,
            shutdown_grace: Duration::from_secs(self.shutdown_grace),
        }
    }
}
