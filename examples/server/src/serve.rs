//! The connection side, for a server on the open internet: a listener with a
//! deep backlog, hyper's HTTP/1 connection builder with hyper-util's tokio
//! timer (so hyper's header-read timeout runs), a cap on open connections,
//! tower-http's per-request timeout, and hyper-util's graceful shutdown with
//! a deadline.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpSocket};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tower_http::timeout::TimeoutLayer;

/// How long clients may take and how many may be connected. The defaults
/// are what `main.rs` documents for its flags.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Time a client has to send a request's headers. hyper starts this
    /// timer whenever the connection waits for a request, so it also closes
    /// idle keep-alive connections and connections that never send a byte.
    pub header_timeout: Duration,
    /// Time from a request's headers to its response (408 after that).
    pub request_timeout: Duration,
    /// On shutdown, time in-flight requests get before their connections
    /// are closed anyway.
    pub shutdown_grace: Duration,
    /// Open connections at most; further clients wait in the listen
    /// backlog until one closes. Keep it below the file limit (`ulimit -n`).
    /// HTTP/1 only, so this is also the cap on requests in flight.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(10),
            shutdown_grace: Duration::from_secs(10),
            max_connections: 1000,
        }
    }
}

/// Listen backlog asked of the kernel (which caps it at
/// `net.core.somaxconn`, 4096 on current Linux): a burst of connects queues
/// instead of being dropped, as 2000 at once were with the default.
pub const DEFAULT_BACKLOG: u32 = 4096;

/// Binds `addr` with `SO_REUSEADDR` (restarts do not wait out TIME_WAIT) and
/// the given listen backlog, and logs `listening on http://ADDR` (with the
/// port the system picked, for port 0).
pub fn bind(addr: SocketAddr, backlog: u32) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    let listener = socket.listen(backlog)?;
    match listener.local_addr() {
        Ok(addr) => tracing::info!("listening on http://{addr}"),
        Err(e) => tracing::warn!("listening, address unknown: {e}"),
    }
    Ok(listener)
}

/// Serves `router` on `listener` until `shutdown` completes; then stops
/// accepting, lets in-flight requests finish for `limits.shutdown_grace`,
/// closes whatever is still open and returns.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: &Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let router = router.layer(TimeoutLayer::with_status_code(
        StatusCode::REQUEST_TIMEOUT,
        limits.request_timeout,
    ));
    // HTTP/1 only: hyper's header-read timer is HTTP/1's, and an HTTP/2
    // connection could hold many requests and idle forever behind pings.
    // (Load balancers speak HTTP/1.1 to their backends.)
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);

    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        // Reap finished connection tasks so the set stays small.
        while connections.try_join_next().is_some() {}
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => slot.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => stream,
                Err(e) => {
                    // Out of file descriptors, or a connection reset before
                    // it was accepted: back off briefly instead of spinning.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Small responses: send them now rather than wait for more data.
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(router.clone());
        let connection = builder.serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        connections.spawn(async move {
            // A client that hangs up or times out is not the server's error.
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);

    if tokio::time::timeout(limits.shutdown_grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            grace_secs = limits.shutdown_grace.as_secs_f64(),
            "grace period over: closing the connections still open"
        );
    }
    // Aborts the connection tasks still running, closing their sockets.
    connections.shutdown().await;
}
