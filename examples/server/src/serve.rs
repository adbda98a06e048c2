//! The connection side, for a server on the open internet: the listener, the
//! accept loop, and each connection's way through the phases [`Limits`]
//! bounds, on hyper's HTTP/1 connection (header-read timer, header size),
//! hyper-util's graceful shutdown, tower's request timeout and
//! tokio-io-timeout's write timeout.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use axum::Router;
use axum::error_handling::HandleErrorLayer;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;
use tokio::time::Instant;
use tower::util::MapResponse;
use tower::{BoxError, ServiceBuilder};

use crate::admission::{Clients, Seat, Tally, WaitingRoom, shed};
use crate::deadline_io::DeadlineIo;
use crate::{ApiError, Limits};

/// Listen backlog asked of the kernel (which caps it at
/// `net.core.somaxconn`, 4096 on current Linux): a burst of connects queues
/// for the moment it takes to accept them instead of being dropped. (The
/// accept loop never waits for a free slot, so the backlog does not fill
/// behind slow clients.)
pub const DEFAULT_BACKLOG: u32 = 4096;

/// How often the connections shed or closed early are summed up in one
/// WARN line (and once more at shutdown).
pub const REPORT_EVERY: Duration = Duration::from_secs(60);

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

/// What every connection task shares.
#[derive(Debug)]
struct Shared {
    limits: Limits,
    builder: http1::Builder,
    router: Router,
    slots: Arc<Semaphore>,
    waiting: WaitingRoom,
    clients: Clients,
    tally: Arc<Tally>,
}

/// Serves `router` on `listener` until `shutdown` completes, with every
/// phase of every connection bounded by `limits` (see [`Limits`]; values
/// outside their ranges are [clamped](Limits::clamped)). Then it stops
/// accepting, closes connections that have sent nothing, lets in-flight
/// requests finish for `limits.shutdown_grace`, closes whatever is still
/// open and returns.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: &Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let limits = limits.clamped();
    // tower's timeout, its error answered in the JSON error shape.
    let router = router.layer(
        ServiceBuilder::new()
            .layer(HandleErrorLayer::new(|_: BoxError| async {
                ApiError::new(
                    StatusCode::REQUEST_TIMEOUT,
                    "the request took too long to handle",
                )
            }))
            .timeout(limits.request_timeout),
    );
    // HTTP/1 only: hyper's header-read timer is HTTP/1's, and an HTTP/2
    // connection could hold many requests and idle forever behind pings.
    // (Load balancers speak HTTP/1.1 to their backends.)
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_header_size(limits.max_header_bytes)
        // Bounds the read and the write buffer alike; hyper's minimum is
        // 8 KiB, far above one token response.
        .max_buf_size(limits.max_header_bytes.max(MIN_BUF_SIZE))
        .keep_alive(true);
    let shared = Arc::new(Shared {
        builder,
        router,
        slots: Arc::new(Semaphore::new(limits.max_connections)),
        waiting: WaitingRoom::new(limits.max_waiting),
        clients: Clients::new(limits.max_connections_per_client),
        tally: Arc::default(),
        limits,
    });

    let graceful = GracefulShutdown::new();
    let (stopping, stop) = watch::channel(false);
    let mut connections = JoinSet::new();
    let mut report = tokio::time::interval(REPORT_EVERY);
    report.tick().await;
    tokio::pin!(shutdown);
    loop {
        // Reap finished connection tasks so the set stays small.
        while connections.try_join_next().is_some() {}
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // A client that reset its connection before it was
                // accepted: nothing to wait for (as axum::serve does).
                Err(e) if is_connection_error(&e) => continue,
                Err(e) => {
                    // Out of file descriptors or memory: back off briefly
                    // instead of spinning.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = report.tick() => {
                shared.tally.report();
                continue;
            }
            () = &mut shutdown => break,
        };
        let accepted = Instant::now();
        let seat = shared.waiting.enter();
        connections.spawn(connection(
            Arc::clone(&shared),
            (stream, peer, accepted),
            seat,
            graceful.watcher(),
            stop.clone(),
        ));
    }
    drop(listener);
    // Connections still waiting for their first byte close now.
    let _ = stopping.send(true);

    if tokio::time::timeout(shared.limits.shutdown_grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            grace_secs = shared.limits.shutdown_grace.as_secs_f64(),
            "grace period over: closing the connections still open"
        );
    }
    // Aborts the connection tasks still running, closing their sockets.
    connections.shutdown().await;
    shared.tally.report();
}

fn is_connection_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind;
    matches!(
        e.kind(),
        ErrorKind::ConnectionRefused | ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset
    )
}

/// hyper's smallest accepted `max_buf_size`.
const MIN_BUF_SIZE: usize = 8 * 1024;

/// One connection, from accept to close.
async fn connection(
    shared: Arc<Shared>,
    (stream, peer, accepted): (TcpStream, SocketAddr, Instant),
    seat: Seat,
    graceful: Watcher,
    mut stop: watch::Receiver<bool>,
) {
    let limits = &shared.limits;

    // Waiting: no slot is held until the client sends something. Whether
    // it has is asked first: under a flood, this task may first run after
    // newer arrivals evicted it, and a client whose request is already
    // here is served rather than closed.
    let mut first = [0u8; 1];
    let waited = tokio::select! {
        biased;
        peeked = tokio::time::timeout(limits.first_byte_timeout, stream.peek(&mut first)) => peeked,
        _ = seat => {
            Tally::add(&shared.tally.silent);
            return;
        }
        _ = stop.wait_for(|stop| *stop) => return,
    };
    match waited {
        Ok(Ok(1..)) => {}
        // Closed, or failed, before sending a byte.
        Ok(_) => return,
        Err(_) => {
            Tally::add(&shared.tally.silent);
            return;
        }
    }

    // Admitted, or shed at once.
    let Ok(client) = shared.clients.admit(peer.ip()) else {
        Tally::add(&shared.tally.client_capped);
        tracing::debug!("shed a connection: its client is at its cap");
        return shed(stream);
    };
    let Ok(slot) = Arc::clone(&shared.slots).try_acquire_owned() else {
        Tally::add(&shared.tally.busy);
        tracing::debug!("shed a connection: every slot is taken");
        return shed(stream);
    };

    // Served, until the connection deadline at the latest. Well before it,
    // responses ask the client to close, so that it leaves between requests.
    let deadline = accepted + limits.connection_timeout;
    let closing_from = deadline
        .checked_sub(limits.request_timeout + limits.write_timeout)
        .unwrap_or(accepted);
    let max_requests = limits.max_requests_per_connection;
    let served = Arc::new(AtomicU32::new(0));
    let service = MapResponse::new(shared.router.clone(), move |mut response: Response| {
        let count = served.fetch_add(1, Ordering::Relaxed) + 1;
        if count >= max_requests || Instant::now() >= closing_from {
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        response
    });
    // Small responses: send them now rather than wait for more data.
    let _ = stream.set_nodelay(true);
    let io = DeadlineIo::new(stream, limits.write_timeout, Arc::clone(&shared.tally));
    let connection = shared
        .builder
        .serve_connection(TokioIo::new(io), TowerToHyperService::new(service));
    // A client that hangs up or times out is not the server's error.
    if tokio::time::timeout_at(deadline, graceful.watch(connection))
        .await
        .is_err()
    {
        tracing::debug!("closed a connection at its deadline");
    }
    drop((slot, client));
}
