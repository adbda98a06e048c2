//! The serve loop both servers (`token_server`, `axum_app`) run, on an
//! ephemeral loopback port with raw TCP clients that misbehave as attackers
//! do: silent, half-sent, idle, not reading, too many, too large. Each
//! deadline is set short so it acts within the test; every wait is bounded.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use example_server::{BUSY_RESPONSE, Limits};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::oneshot;

/// What the servers' routes look like to the serve loop: a small answer,
/// and a large one for filling a client's receive window.
fn router() -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/large", get(|| async { "x".repeat(256 * 1024) }))
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(60)).await;
                "late\n"
            }),
        )
}

/// Limits short enough for a test to watch them act; the ones a test is
/// not about are long, so they cannot interfere.
fn short_limits() -> Limits {
    Limits {
        first_byte_timeout: Duration::from_secs(30),
        header_timeout: Duration::from_secs(30),
        request_timeout: Duration::from_secs(30),
        write_timeout: Duration::from_secs(30),
        connection_timeout: Duration::from_secs(300),
        shutdown_grace: Duration::from_millis(300),
        ..Limits::default()
    }
}

struct Server {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

async fn start(limits: Limits) -> Server {
    let listener = example_server::bind(
        "127.0.0.1:0".parse().unwrap(),
        example_server::DEFAULT_BACKLOG,
    )
    .unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        example_server::serve(listener, router(), &limits, async {
            let _ = stopped.await;
        })
        .await;
    });
    Server { addr, stop, task }
}

impl Server {
    async fn connect(&self) -> TcpStream {
        TcpStream::connect(self.addr).await.unwrap()
    }

    /// One `GET path` on a new connection: the whole answer, within 5 s.
    async fn get(&self, path: &str) -> String {
        let mut stream = self.connect().await;
        stream
            .write_all(
                format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
            )
            .await
            .unwrap();
        let (received, _) = read_until_closed(&mut stream, Duration::from_secs(5)).await;
        String::from_utf8_lossy(&received).into_owned()
    }

    /// Stops the server and waits for `serve` to return (10 s at most).
    async fn stop(self) {
        self.stop.send(()).unwrap();
        tokio::time::timeout(Duration::from_secs(10), self.task)
            .await
            .expect("shutdown is bounded")
            .unwrap();
    }
}

/// Reads until the server closes (or resets) the connection; panics after
/// `within`. Returns what was read and when the connection closed.
async fn read_until_closed(stream: &mut TcpStream, within: Duration) -> (Vec<u8>, Instant) {
    let mut received = Vec::new();
    let read = async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => received.extend_from_slice(&buf[..n]),
            }
        }
    };
    tokio::time::timeout(within, read)
        .await
        .expect("the server closes the connection in time");
    (received, Instant::now())
}

fn status_line(response: &str) -> &str {
    response.lines().next().unwrap_or_default()
}

#[tokio::test]
async fn silent_connections_hold_no_slot_and_meet_the_first_byte_deadline() {
    let limits = Limits {
        max_connections: 1,
        first_byte_timeout: Duration::from_millis(300),
        ..short_limits()
    };
    let server = start(limits).await;
    let opened = Instant::now();
    let mut silent = server.connect().await;
    // The only slot is free: the silent socket is still waiting.
    let response = server.get("/healthz").await;
    assert_eq!(status_line(&response), "HTTP/1.1 200 OK", "{response}");
    let (received, closed) = read_until_closed(&mut silent, Duration::from_secs(5)).await;
    assert!(received.is_empty());
    assert!(
        closed - opened >= Duration::from_millis(300),
        "{:?}",
        closed - opened
    );
    server.stop().await;
}

#[tokio::test]
async fn a_silent_flood_evicts_itself_and_health_checks_stay_fast() {
    let limits = Limits {
        max_connections: 4,
        max_waiting: 50,
        ..short_limits()
    };
    let server = start(limits).await;
    let mut flood = Vec::new();
    for _ in 0..200 {
        flood.push(server.connect().await);
    }
    // The first 150 were evicted by the later ones, well before their
    // 30-second first-byte deadline.
    let (received, _) = read_until_closed(&mut flood[0], Duration::from_secs(5)).await;
    assert!(received.is_empty());
    for _ in 0..5 {
        let asked = Instant::now();
        let response = server.get("/healthz").await;
        assert_eq!(status_line(&response), "HTTP/1.1 200 OK", "{response}");
        assert!(
            asked.elapsed() < Duration::from_secs(2),
            "{:?}",
            asked.elapsed()
        );
    }
    // The newest 50 still wait (the last one is open).
    let mut last = flood.pop().unwrap();
    let mut buf = [0u8; 1];
    let still_open = tokio::time::timeout(Duration::from_millis(100), last.read(&mut buf)).await;
    assert!(
        still_open.is_err(),
        "the newest silent connection was closed"
    );
    server.stop().await;
}

#[tokio::test]
async fn half_sent_and_idle_connections_meet_the_header_deadline() {
    let limits = Limits {
        header_timeout: Duration::from_millis(300),
        ..short_limits()
    };
    let timeout = limits.header_timeout;
    let server = start(limits).await;

    // Sends half a request and stops (a slowloris client).
    let opened = Instant::now();
    let mut half = server.connect().await;
    half.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nAuthor")
        .await
        .unwrap();
    // Finishes one request, then keeps the connection open and idle.
    let mut idle = server.connect().await;
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    // Sends the headers but only 3 of the 100 body bytes they announce.
    let mut short_body = server.connect().await;
    short_body
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc")
        .await
        .unwrap();

    let (received, closed) = read_until_closed(&mut half, Duration::from_secs(5)).await;
    assert!(
        closed - opened >= timeout,
        "half-sent: closed before the timeout"
    );
    let text = String::from_utf8_lossy(&received);
    assert!(
        text.is_empty() || text.starts_with("HTTP/1.1 408"),
        "{text}"
    );

    let (received, closed) = read_until_closed(&mut idle, Duration::from_secs(5)).await;
    let text = String::from_utf8_lossy(&received);
    assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
    assert!(text.ends_with("\r\n\r\nok\n"), "{text}");
    assert!(
        closed - opened >= timeout,
        "idle: closed before the timeout"
    );

    let (received, _) = read_until_closed(&mut short_body, Duration::from_secs(5)).await;
    assert!(String::from_utf8_lossy(&received).starts_with("HTTP/1.1 200 OK\r\n"));

    // The server still serves everyone else.
    assert_eq!(
        status_line(&server.get("/healthz").await),
        "HTTP/1.1 200 OK"
    );
    server.stop().await;
}

#[tokio::test]
async fn a_full_server_sheds_new_clients_at_once() {
    let limits = Limits {
        max_connections: 1,
        ..short_limits()
    };
    let server = start(limits).await;
    // Takes the only slot: it has sent a byte, and then nothing for 30 s.
    let mut holder = server.connect().await;
    holder
        .write_all(b"GET /healthz HTTP/1.1\r\n")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;

    let asked = Instant::now();
    let response = server.get("/healthz").await;
    assert!(
        asked.elapsed() < Duration::from_secs(1),
        "{:?}",
        asked.elapsed()
    );
    assert_eq!(response.as_bytes(), BUSY_RESPONSE);

    // Once the slot is free, clients are served again.
    drop(holder);
    let mut served = false;
    for _ in 0..50 {
        if status_line(&server.get("/healthz").await) == "HTTP/1.1 200 OK" {
            served = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(served, "the freed slot was not reused");
    server.stop().await;
}

#[tokio::test]
async fn one_client_cannot_take_more_than_its_cap() {
    let limits = Limits {
        max_connections: 10,
        max_connections_per_client: Some(1),
        ..short_limits()
    };
    let server = start(limits).await;
    let mut holder = server.connect().await;
    holder
        .write_all(b"GET /healthz HTTP/1.1\r\n")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;

    // The same address again: shed, though nine slots are free.
    let response = server.get("/healthz").await;
    assert_eq!(response.as_bytes(), BUSY_RESPONSE);

    // Another address on the loopback network (Linux routes all of
    // 127.0.0.0/8 to lo) is another client.
    #[cfg(target_os = "linux")]
    {
        let socket = TcpSocket::new_v4().unwrap();
        socket.bind("127.0.0.2:0".parse().unwrap()).unwrap();
        let mut other = socket.connect(server.addr).await.unwrap();
        other
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let (received, _) = read_until_closed(&mut other, Duration::from_secs(5)).await;
        let text = String::from_utf8_lossy(&received);
        assert_eq!(status_line(&text), "HTTP/1.1 200 OK", "{text}");
    }
    // The holder finishes its request: it was served, not shed.
    holder
        .write_all(b"Host: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let (received, _) = read_until_closed(&mut holder, Duration::from_secs(5)).await;
    assert!(String::from_utf8_lossy(&received).starts_with("HTTP/1.1 200 OK\r\n"));
    server.stop().await;
}

/// A log sink for one test, with tracing's fmt output.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Log {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_client_that_never_reads_is_cut_off_by_the_write_deadline() {
    let log = Log::default();
    let sink = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_writer(move || sink.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let limits = Limits {
        max_connections: 1,
        write_timeout: Duration::from_millis(300),
        ..short_limits()
    };
    let server = start(limits).await;
    // A small receive window, pipelined requests for large answers, and
    // never a read: the server's writes block once the kernel's buffers
    // are full.
    let socket = TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let attacker = socket.connect(server.addr).await.unwrap();
    let request = b"GET /large HTTP/1.1\r\nHost: x\r\n\r\n".repeat(64);
    let mut sent = 0;
    let started = Instant::now();
    while sent < request.len() && started.elapsed() < Duration::from_secs(2) {
        match attacker.try_write(&request[sent..]) {
            Ok(n) => sent += n,
            Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
        }
    }

    // Let the server take it in (it answers within the write deadline).
    tokio::time::sleep(Duration::from_millis(100)).await;

    // While it holds the only slot, others are shed; within the write
    // deadline (plus the time to fill the buffers) the slot is free again.
    let mut shed_seen = false;
    let mut served_after = None;
    while started.elapsed() < Duration::from_secs(20) {
        let response = server.get("/healthz").await;
        match status_line(&response) {
            "HTTP/1.1 503 Service Unavailable" => shed_seen = true,
            "HTTP/1.1 200 OK" => {
                served_after = Some(started.elapsed());
                break;
            }
            other => panic!("{other}"),
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(shed_seen, "the slow reader never held the slot");
    let served_after = served_after.expect("the slow reader was never cut off");
    assert!(served_after < Duration::from_secs(15), "{served_after:?}");
    // It was reset: what the server had queued for it is gone.
    let mut buf = vec![0u8; 1 << 20];
    let mut attacker = attacker;
    let end = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match attacker.read(&mut buf).await {
                Ok(0) => return "closed",
                Err(_) => return "reset",
                Ok(_) => {}
            }
        }
    })
    .await
    .expect("the connection ends");
    assert_eq!(end, "reset");

    server.stop().await;
    let log = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("write_timeouts=1"), "{log}");
}

#[tokio::test]
async fn headers_past_the_default_size_get_a_431() {
    let server = start(short_limits()).await;
    assert_eq!(Limits::default().max_header_bytes, 8 * 1024);
    let request = |pad: usize| {
        format!(
            "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: {}\r\nConnection: close\r\n\r\n",
            "a".repeat(pad)
        )
    };
    for (pad, expected) in [
        (7 * 1024, "HTTP/1.1 200 OK"),
        (9 * 1024, "HTTP/1.1 431 Request Header Fields Too Large"),
        (64 * 1024, "HTTP/1.1 431 Request Header Fields Too Large"),
    ] {
        let mut stream = server.connect().await;
        // A server that closes early may reset the rest of a large write.
        let _ = stream.write_all(request(pad).as_bytes()).await;
        let (received, _) = read_until_closed(&mut stream, Duration::from_secs(5)).await;
        let text = String::from_utf8_lossy(&received);
        assert_eq!(status_line(&text), expected, "{pad}");
    }
    server.stop().await;
}

#[tokio::test]
async fn a_slow_handler_meets_the_request_deadline_with_a_json_408() {
    let limits = Limits {
        request_timeout: Duration::from_millis(300),
        ..short_limits()
    };
    let server = start(limits).await;
    let asked = Instant::now();
    let response = server.get("/slow").await;
    let took = asked.elapsed();
    assert!(
        took >= Duration::from_millis(300) && took < Duration::from_secs(3),
        "{took:?}"
    );
    assert_eq!(
        status_line(&response),
        "HTTP/1.1 408 Request Timeout",
        "{response}"
    );
    assert!(
        response.ends_with(r#"{"error":"the request took too long to handle"}"#),
        "{response}"
    );
    server.stop().await;
}

/// Sends `GET /healthz` on a kept-alive connection and reads one answer.
async fn keep_alive_get(stream: &mut TcpStream) -> String {
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut received = Vec::new();
    let mut buf = [0u8; 1024];
    while !received.ends_with(b"ok\n") {
        let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf))
            .await
            .expect("an answer in time")
            .unwrap();
        assert!(n > 0, "closed before answering");
        received.extend_from_slice(&buf[..n]);
    }
    String::from_utf8(received).unwrap()
}

#[tokio::test]
async fn a_connection_makes_so_many_requests_at_most() {
    let limits = Limits {
        max_requests_per_connection: 3,
        ..short_limits()
    };
    let server = start(limits).await;
    let mut stream = server.connect().await;
    for _ in 0..2 {
        let answer = keep_alive_get(&mut stream).await;
        assert!(!answer.contains("connection: close"), "{answer}");
    }
    let answer = keep_alive_get(&mut stream).await;
    assert!(answer.contains("connection: close"), "{answer}");
    let (rest, _) = read_until_closed(&mut stream, Duration::from_secs(2)).await;
    assert!(rest.is_empty());
    server.stop().await;
}

#[tokio::test]
async fn a_connection_ends_at_its_deadline() {
    let limits = Limits {
        connection_timeout: Duration::from_millis(1200),
        request_timeout: Duration::from_millis(300),
        write_timeout: Duration::from_millis(300),
        ..short_limits()
    };
    let server = start(limits).await;

    // Asked to close from 600 ms on (deadline - request - write timeout).
    let mut stream = server.connect().await;
    let answer = keep_alive_get(&mut stream).await;
    assert!(!answer.contains("connection: close"), "{answer}");
    tokio::time::sleep(Duration::from_millis(700)).await;
    let answer = keep_alive_get(&mut stream).await;
    assert!(answer.contains("connection: close"), "{answer}");

    // An idle keep-alive connection is closed at the deadline, though its
    // header timeout (30 s) is far off.
    let opened = Instant::now();
    let mut idle = server.connect().await;
    keep_alive_get(&mut idle).await;
    let (_, closed) = read_until_closed(&mut idle, Duration::from_secs(5)).await;
    let lived = closed - opened;
    assert!(
        lived >= Duration::from_millis(1100) && lived < Duration::from_secs(3),
        "{lived:?}"
    );
    server.stop().await;
}

#[tokio::test]
async fn shutdown_is_bounded_by_the_grace_period() {
    // A header timeout far longer than the test: only the grace period can
    // end the stuck connection.
    let limits = short_limits();
    let grace = limits.shutdown_grace;
    let server = start(limits).await;
    let mut stuck = server.connect().await;
    stuck
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let mut silent = server.connect().await;
    // Let the server read what was sent before stopping it.
    tokio::time::sleep(Duration::from_millis(50)).await;

    let stopping = Instant::now();
    server.stop.send(()).unwrap();
    // A connection that sent nothing is closed at once.
    let (_, closed) = read_until_closed(&mut silent, Duration::from_secs(1)).await;
    assert!(closed - stopping < grace, "{:?}", closed - stopping);
    tokio::time::timeout(Duration::from_secs(5), server.task)
        .await
        .expect("shutdown is bounded by the grace period")
        .unwrap();
    let took = stopping.elapsed();
    // It did wait for the client in the middle of a request, then gave up.
    assert!(took >= grace, "{took:?}");
    let (received, _) = read_until_closed(&mut stuck, Duration::from_secs(1)).await;
    assert!(
        received.is_empty(),
        "{}",
        String::from_utf8_lossy(&received)
    );
}
