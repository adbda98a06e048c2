//! How long each phase of a connection may take and how many connections
//! may be open: one struct, whose defaults are the ones `token_server`'s
//! flags document, and the ranges its flags accept.

use std::ops::RangeInclusive;
use std::time::Duration;

/// Every deadline and cap of [`serve`](crate::serve).
///
/// A connection goes through these phases, each bounded:
///
/// 1. **waiting** for its first byte: `first_byte_timeout`; at most
///    `max_waiting` connections wait at once, and a new one closes the one
///    that has waited longest. Waiting connections hold no slot, so silent
///    sockets cannot crowd out real clients.
/// 2. **admitted** on its first byte, if one of `max_connections` slots is
///    free and its client (peer address) holds fewer than
///    `max_connections_per_client`; otherwise shed at once with a 503.
/// 3. **reading** a request's headers (at most `max_header_bytes`):
///    `header_timeout`, which also closes a keep-alive connection idle
///    that long;
/// 4. **handling** it: `request_timeout` (a JSON 408 after that);
/// 5. **writing** the response: `write_timeout` for each write the client
///    does not take (a client that stops reading is cut off, its unsent
///    data discarded);
/// 6. the **whole connection**: `max_requests_per_connection` requests and
///    `connection_timeout` at most.
///
/// On shutdown, connections get `shutdown_grace` to finish.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Time a new connection has to send its first byte.
    pub first_byte_timeout: Duration,
    /// Time a client has to send a request's headers, from its first byte
    /// (or from the previous response on a keep-alive connection).
    pub header_timeout: Duration,
    /// Time from a request's headers to its response (408 after that).
    pub request_timeout: Duration,
    /// Time one write to the client may stay blocked because the client is
    /// not reading; then the connection is reset.
    pub write_timeout: Duration,
    /// Time a connection may stay open in all. Responses carry
    /// `Connection: close` from `request_timeout + write_timeout` before
    /// it, so well-behaved clients leave on their own.
    pub connection_timeout: Duration,
    /// Requests one connection may make; the last response carries
    /// `Connection: close`.
    pub max_requests_per_connection: u32,
    /// Largest request head (request line and headers) in bytes; more is a
    /// 431. hyper's read buffer per connection is this, or 8 KiB if larger.
    pub max_header_bytes: usize,
    /// Connections being served at once (one request in flight each:
    /// HTTP/1). Past it, new clients get a 503 at once.
    pub max_connections: usize,
    /// Connections that have not sent a byte yet. Past it, the one that
    /// has waited longest is closed. Each costs a socket and a small task
    /// (well under 1 KiB of the process's memory), so the room is large:
    /// silent sockets beyond it would wait in the kernel's listen backlog,
    /// in front of real clients.
    pub max_waiting: usize,
    /// Connections one client may have served at once: an IPv4 address, or
    /// an IPv6 /64 (what one host usually has). `None`: no cap, the right
    /// choice behind a load balancer, where every client has its address.
    pub max_connections_per_client: Option<usize>,
    /// On shutdown, time in-flight requests get before their connections
    /// are closed anyway.
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            first_byte_timeout: Duration::from_secs(3),
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(10),
            write_timeout: Duration::from_secs(10),
            connection_timeout: Duration::from_secs(60),
            max_requests_per_connection: 1000,
            max_header_bytes: 8 * 1024,
            max_connections: 1000,
            max_waiting: 10_000,
            max_connections_per_client: None,
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

/// The longest any timeout may be, in seconds (a day): far beyond any use,
/// and far below what the clock can add without overflowing.
pub const MAX_TIMEOUT_SECS: u64 = 86_400;

/// Accepted values of [`Limits::max_header_bytes`]: 1 KiB holds a token
/// request with a long key; past 1 MiB a header is an attack.
pub const HEADER_BYTES: RangeInclusive<usize> = 1024..=1024 * 1024;

/// Accepted values of the counts (`max_connections`, `max_waiting`,
/// `max_connections_per_client`, `max_requests_per_connection`).
pub const COUNT: RangeInclusive<usize> = 1..=1_000_000;

impl Limits {
    /// The same limits with every value moved into its accepted range:
    /// timeouts into 1 ms ..= [`MAX_TIMEOUT_SECS`] (the grace may be 0),
    /// [`HEADER_BYTES`], [`COUNT`]. What [`serve`](crate::serve) runs
    /// with, so no value can make it panic.
    #[must_use]
    pub fn clamped(&self) -> Limits {
        let max = Duration::from_secs(MAX_TIMEOUT_SECS);
        let timeout = |d: Duration| d.clamp(Duration::from_millis(1), max);
        let count = |n: usize| n.clamp(*COUNT.start(), *COUNT.end());
        Limits {
            first_byte_timeout: timeout(self.first_byte_timeout),
            header_timeout: timeout(self.header_timeout),
            request_timeout: timeout(self.request_timeout),
            write_timeout: timeout(self.write_timeout),
            connection_timeout: timeout(self.connection_timeout),
            max_requests_per_connection: self.max_requests_per_connection.clamp(1, 1_000_000),
            max_header_bytes: self
                .max_header_bytes
                .clamp(*HEADER_BYTES.start(), *HEADER_BYTES.end()),
            max_connections: count(self.max_connections),
            max_waiting: count(self.max_waiting),
            max_connections_per_client: self.max_connections_per_client.map(count),
            shutdown_grace: self.shutdown_grace.min(max),
        }
    }

    /// File descriptors the limits can use at once: every slot, every
    /// waiting connection, the listener and a margin.
    pub fn open_files_needed(&self) -> u64 {
        (self.max_connections as u64) + (self.max_waiting as u64) + 64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamping_keeps_every_value_usable() {
        let wild = Limits {
            first_byte_timeout: Duration::ZERO,
            header_timeout: Duration::MAX,
            request_timeout: Duration::from_secs(u64::MAX / 2),
            write_timeout: Duration::from_nanos(1),
            connection_timeout: Duration::MAX,
            max_requests_per_connection: 0,
            max_header_bytes: 0,
            max_connections: 0,
            max_waiting: usize::MAX,
            max_connections_per_client: Some(0),
            shutdown_grace: Duration::MAX,
        }
        .clamped();
        let day = Duration::from_secs(MAX_TIMEOUT_SECS);
        assert_eq!(wild.first_byte_timeout, Duration::from_millis(1));
        assert_eq!((wild.header_timeout, wild.request_timeout), (day, day));
        assert_eq!(wild.write_timeout, Duration::from_millis(1));
        assert_eq!((wild.connection_timeout, wild.shutdown_grace), (day, day));
        assert_eq!(wild.max_requests_per_connection, 1);
        assert_eq!(wild.max_header_bytes, 1024);
        assert_eq!((wild.max_connections, wild.max_waiting), (1, 1_000_000));
        assert_eq!(wild.max_connections_per_client, Some(1));
        // The clock can add every clamped timeout.
        let now = std::time::Instant::now();
        assert!(now.checked_add(wild.header_timeout * 3).is_some());
        // The defaults are inside the ranges already.
        let defaults = Limits::default();
        assert_eq!(format!("{defaults:?}"), format!("{:?}", defaults.clamped()));
    }
}
