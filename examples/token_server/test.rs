//! The `token_server` example over real HTTP: the server from `app.rs` on
//! an ephemeral loopback port, called with reqwest (every returned token
//! decoded with the core decoder) and with raw TCP clients reqwest would not
//! imitate (silent, half-sent, idle, stuck). Timeouts are set short so each
//! test ends within a few seconds.

// The example's own module (the file beside this one), compiled in as is.
mod app;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use zego_token::{KitToken, Mode, ServerSecret};

const APP_ID: u32 = 1_234_567_890;
const SECRET: &str = "fa94dd0f974cf2e293728a526b028271";
const API_KEY: &str = "test-key-0123456789";

fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |name| map.get(name).cloned()
}

fn good_env() -> Vec<(&'static str, &'static str)> {
    vec![
        ("ZEGO_APP_ID", "1234567890"),
        ("ZEGO_SERVER_SECRET", SECRET),
        ("TOKEN_SERVER_API_KEY", API_KEY),
    ]
}

/// The start-up error for `good_env()` with `name` replaced (or removed).
fn startup_error(name: &str, value: Option<&str>) -> String {
    let mut vars = good_env();
    vars.retain(|(k, _)| *k != name);
    if let Some(value) = value {
        vars.push((name, value));
    }
    app::Settings::from_lookup(None, env(&vars))
        .and_then(app::AppState::new)
        .unwrap_err()
}

#[test]
fn start_up_refuses_missing_or_invalid_settings() {
    assert_eq!(
        startup_error("ZEGO_APP_ID", None),
        "ZEGO_APP_ID is not set (or name a config file with --config or ZEGO_CONFIG)"
    );
    assert_eq!(
        startup_error("ZEGO_APP_ID", Some("abc")),
        "ZEGO_APP_ID must be the numeric app ID from the ZEGO console, got \"abc\""
    );
    assert_eq!(
        startup_error("ZEGO_APP_ID", Some("0")),
        "ZEGO_APP_ID: invalid app ID: it must be a non-zero 32-bit integer from the ZEGO console"
    );
    assert_eq!(
        startup_error("ZEGO_SERVER_SECRET", None),
        "ZEGO_SERVER_SECRET is not set"
    );
    let short = "not-the-real-secret";
    let err = startup_error("ZEGO_SERVER_SECRET", Some(short));
    assert_eq!(
        err,
        "ZEGO_SERVER_SECRET: invalid server secret: it must be exactly 32 bytes, got 19"
    );
    assert_eq!(
        startup_error("TOKEN_SERVER_API_KEY", None),
        "TOKEN_SERVER_API_KEY is not set"
    );
    assert_eq!(
        startup_error("TOKEN_SERVER_API_KEY", Some("")),
        "TOKEN_SERVER_API_KEY is empty"
    );
    let settings = app::Settings::from_lookup(None, env(&good_env())).unwrap();
    assert!(!format!("{settings:?}").contains(API_KEY));
}

/// A fresh directory for one test's files.
fn test_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("token-server-test-{}/{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `zego.toml` in `dir`: a top level reading `ZEGO_TEST_PROD_SECRET`, and a
/// GCM `staging` profile with a 10-minute ttl reading `staging.secret`
/// (which holds `SECRET`).
fn write_config(dir: &Path) -> PathBuf {
    let secret_file = dir.join("staging.secret");
    std::fs::write(&secret_file, format!("{SECRET}\n")).unwrap();
    let path = dir.join("zego.toml");
    std::fs::write(
        &path,
        format!(
            "app_id = 1234567890\nsecret_env = \"ZEGO_TEST_PROD_SECRET\"\n\n\
             [profiles.staging]\napp_id = {STAGING_APP_ID}\nsecret_file = {secret_file:?}\nttl = \"10m\"\nmode = \"gcm\"\n"
        ),
    )
    .unwrap();
    path
}

const STAGING_APP_ID: u32 = 987_654_321;

fn config(path: &Path, profile: Option<&str>) -> app::ConfigFile {
    app::ConfigFile {
        path: path.to_owned(),
        profile: profile.map(str::to_owned),
    }
}

#[test]
fn start_up_from_a_config_file() {
    let dir = test_dir("settings");
    let path = write_config(&dir);
    let key_only = [("TOKEN_SERVER_API_KEY", API_KEY)];

    // A named profile: everything from the file (the secret from its file).
    let settings =
        app::Settings::from_lookup(Some(&config(&path, Some("staging"))), env(&key_only)).unwrap();
    assert_eq!(
        (settings.app_id, settings.ttl.as_secs(), settings.mode),
        (STAGING_APP_ID, 600, Mode::Gcm)
    );
    // The top level: its `secret_env` is read like every other variable.
    let top = config(&path, None);
    let err = app::Settings::from_lookup(Some(&top), env(&key_only)).unwrap_err();
    assert_eq!(err, "ZEGO_TEST_PROD_SECRET is not set");
    let vars = [
        ("TOKEN_SERVER_API_KEY", API_KEY),
        ("ZEGO_TEST_PROD_SECRET", SECRET),
    ];
    let settings = app::Settings::from_lookup(Some(&top), env(&vars)).unwrap();
    assert_eq!(
        (settings.app_id, settings.ttl.as_secs(), settings.mode),
        (APP_ID, 3600, Mode::Cbc)
    );
}

#[test]
fn start_up_refuses_a_broken_config() {
    let dir = test_dir("broken");
    let path = write_config(&dir);
    let startup_error = |config: app::ConfigFile, vars: &[(&str, &str)]| {
        app::Settings::from_lookup(Some(&config), env(vars))
            .and_then(app::AppState::new)
            .unwrap_err()
    };
    let key_only: &[(&str, &str)] = &[("TOKEN_SERVER_API_KEY", API_KEY)];

    assert_eq!(
        startup_error(config(&path, Some("prod")), key_only),
        format!(
            "invalid config: {}: no profile `prod` (profiles: staging)",
            path.display()
        )
    );
    let syntax = dir.join("syntax.toml");
    std::fs::write(&syntax, "app_id = 1\nmode = gcm\n").unwrap();
    let err = startup_error(config(&syntax, None), key_only);
    assert!(
        err.starts_with(&format!("invalid config: {}:2:8: ", syntax.display())),
        "{err}"
    );
    let plain = dir.join("plain.toml");
    std::fs::write(&plain, format!("app_id = 1\nsecret = \"{SECRET}\"\n")).unwrap();
    let err = startup_error(config(&plain, None), key_only);
    assert!(
        err.starts_with(&format!(
            "invalid config: {}:2:10: a plain `secret` is not allowed",
            plain.display()
        )) && !err.contains(SECRET),
        "{err}"
    );
    let missing = dir.join("missing.toml");
    assert_eq!(
        startup_error(config(&missing, None), key_only),
        format!(
            "invalid config: {}: cannot read the config file: entity not found",
            missing.display()
        )
    );
    let profiles_only = dir.join("profiles_only.toml");
    std::fs::write(&profiles_only, "[profiles.a]\napp_id = 1\n").unwrap();
    assert_eq!(
        startup_error(config(&profiles_only, None), key_only),
        format!(
            "invalid config: {}: the top level sets no app_id: set one, or pick a profile (profiles: a)",
            profiles_only.display()
        )
    );
    // One source for the app ID, not two.
    assert_eq!(
        startup_error(
            config(&path, Some("staging")),
            &[("TOKEN_SERVER_API_KEY", API_KEY), ("ZEGO_APP_ID", "1")]
        ),
        "both ZEGO_APP_ID and a config file are set: the config names the app, unset ZEGO_APP_ID"
    );
    // The API key is still required.
    assert_eq!(
        startup_error(config(&path, Some("staging")), &[]),
        "TOKEN_SERVER_API_KEY is not set"
    );
}

struct Server {
    addr: SocketAddr,
    base: String,
    client: reqwest::Client,
    stop: oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

async fn start() -> Server {
    start_with(app::Settings::from_lookup(None, env(&good_env())).unwrap()).await
}

async fn start_with(settings: app::Settings) -> Server {
    start_full(settings, app::Limits::default(), None).await
}

/// Limits short enough for a test to watch them act.
fn short_limits() -> app::Limits {
    app::Limits {
        header_timeout: Duration::from_millis(300),
        request_timeout: Duration::from_secs(5),
        shutdown_grace: Duration::from_millis(300),
        max_connections: 100,
    }
}

async fn start_limited(limits: app::Limits) -> Server {
    let settings = app::Settings::from_lookup(None, env(&good_env())).unwrap();
    start_full(settings, limits, None).await
}

async fn start_full(
    settings: app::Settings,
    limits: app::Limits,
    cors: Option<tower_http::cors::CorsLayer>,
) -> Server {
    let state = app::AppState::new(settings).unwrap();
    let listener = app::bind("127.0.0.1:0".parse().unwrap(), app::DEFAULT_BACKLOG).unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        app::serve(listener, state, &limits, cors, async {
            let _ = stopped.await;
        })
        .await;
    });
    Server {
        addr,
        base: format!("http://{addr}"),
        client: reqwest::Client::builder().no_proxy().build().unwrap(),
        stop,
        task,
    }
}

impl Server {
    /// GET `/v1/token?{query}` with `key` as the bearer key (none if `None`).
    async fn get(&self, query: &str, key: Option<&str>) -> (StatusCode, Value) {
        let mut request = self.client.get(format!("{}/v1/token?{query}", self.base));
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let content_type = response.headers()[reqwest::header::CONTENT_TYPE].clone();
        assert_eq!(content_type, "application/json", "{status}");
        (status, response.json().await.unwrap())
    }

    async fn ok(&self, query: &str) -> Value {
        let (status, body) = self.get(query, Some(API_KEY)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    }

    async fn stop(self) {
        self.stop.send(()).unwrap();
        tokio::time::timeout(Duration::from_secs(10), self.task)
            .await
            .expect("graceful shutdown finishes")
            .unwrap();
    }

    /// A raw TCP connection, for clients reqwest would not imitate.
    async fn connect(&self) -> TcpStream {
        TcpStream::connect(self.addr).await.unwrap()
    }
}

fn decode(token: &Value) -> zego_token::Claims {
    zego_token::dangerous::decode_unverified(
        token.as_str().unwrap(),
        &ServerSecret::new(SECRET).unwrap(),
    )
    .unwrap()
}

fn keys(body: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

#[tokio::test]
async fn issues_basic_privilege_and_kit_tokens() {
    let server = start().await;

    let body = server.ok("user_id=alice").await;
    assert_eq!(keys(&body), ["app_id", "expire_at", "token"]);
    assert_eq!(body["app_id"], APP_ID);
    let claims = decode(&body["token"]);
    assert_eq!(claims.user_id, "alice");
    assert_eq!(claims.app_id, APP_ID);
    assert_eq!(body["expire_at"], claims.expire);
    assert_eq!(claims.lifetime().as_secs(), 3600);
    assert_eq!(claims.payload, "");

    let body = server.ok("user_id=bob&room_id=room%201&publish=true").await;
    let claims = decode(&body["token"]);
    assert_eq!(claims.user_id, "bob");
    let privilege = claims.privilege().unwrap();
    assert_eq!(privilege.room_id(), "room 1");
    assert!(privilege.login() && privilege.publish());

    let body = server.ok("user_id=carol&room_id=r1").await;
    let privilege = decode(&body["token"]).privilege().unwrap();
    assert!(privilege.login() && !privilege.publish());

    let body = server
        .ok("user_id=dave&room_id=r2&kit=true&user_name=Zo%C3%AB%20D")
        .await;
    assert_eq!(keys(&body), ["app_id", "expire_at", "kit_token", "token"]);
    let kit = KitToken::parse(body["kit_token"].as_str().unwrap()).unwrap();
    assert_eq!(kit.token(), body["token"].as_str().unwrap());
    assert_eq!(
        (kit.app_id(), kit.room_id(), kit.user_id(), kit.user_name()),
        (APP_ID, "r2", "dave", "Zoë D")
    );
    assert_eq!(decode(&body["token"]).user_id, "dave");

    server.stop().await;
}

#[tokio::test]
async fn refuses_callers_without_the_key() {
    let server = start().await;
    let expected = json!({
        "error": "missing or wrong API key: send Authorization: Bearer <key>",
        "code": null
    });
    for key in [None, Some("wrong"), Some(""), Some("test-key-012345678")] {
        let (status, body) = server.get("user_id=alice", key).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{key:?}");
        assert_eq!(body, expected);
    }
    // Auth comes before input checks: a bad query without a key is still 401.
    let (status, _) = server.get("user_id=", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Not a bearer credential at all.
    let response = server
        .client
        .get(format!("{}/v1/token?user_id=a", server.base))
        .basic_auth("user", Some(API_KEY))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(response.headers()["www-authenticate"], "Bearer");
    server.stop().await;
}

#[tokio::test]
async fn bad_input_is_400_json_never_500() {
    let server = start().await;
    let cases = [
        (
            "user_id=",
            json!({"error": "invalid user ID: it is empty", "code": 3}),
        ),
        (
            "user_id=a%0Ab",
            json!({"error": "invalid user ID: it contains a control character at byte 1", "code": 3}),
        ),
        (
            &format!("user_id={}", "x".repeat(65)),
            json!({"error": "invalid user ID: it is 65 bytes long, the limit is 64", "code": 3}),
        ),
        (
            "user_id=a&room_id=",
            json!({"error": "invalid room ID: it must be 1 to 128 bytes, got 0", "code": null}),
        ),
        (
            "user_id=a&publish=true",
            json!({"error": "publish=true needs a room_id", "code": null}),
        ),
        (
            "user_id=a&kit=true",
            json!({"error": "kit=true needs a room_id", "code": null}),
        ),
        (
            "user_id=a&user_name=A",
            json!({"error": "user_name is only used with kit=true", "code": null}),
        ),
    ];
    for (query, expected) in cases {
        let (status, body) = server.get(query, Some(API_KEY)).await;
        assert_eq!(
            (status, &body),
            (StatusCode::BAD_REQUEST, &expected),
            "{query}"
        );
    }
    // Query strings that do not parse: still our JSON shape.
    for (query, expected) in [
        ("", "missing query parameter user_id"),
        (
            "user_id=a&publish=maybe",
            "query parameter publish must be true or false, got \"maybe\"",
        ),
        (
            "user_id=a&userid=b",
            "unknown query parameter \"userid\" (expected user_id, room_id, publish, kit, user_name)",
        ),
        (
            "user_id=a&user_id=b",
            "query parameter user_id is given more than once",
        ),
    ] {
        let (status, body) = server.get(query, Some(API_KEY)).await;
        assert_eq!(
            (status, body),
            (
                StatusCode::BAD_REQUEST,
                json!({"error": expected, "code": null})
            ),
            "{query}"
        );
    }
    server.stop().await;
}

/// Request-derived text in a 400: short, escaped, one line.
fn assert_short_and_clean(query: &str, body: &Value) {
    let text = body.to_string();
    assert!(text.len() < 300, "{query}: {} bytes", text.len());
    let error = body["error"].as_str().unwrap();
    assert!(
        error.chars().all(|c| c.is_ascii() && !c.is_ascii_control()),
        "{query}: {error:?}"
    );
}

#[tokio::test]
async fn hostile_query_text_gets_a_short_escaped_400() {
    let server = start().await;
    let long_name = "n".repeat(60_000);
    let cases = [
        (
            "user_id=a&x%0AINFO%20issued%20a%20token=1".to_owned(),
            r#"unknown query parameter "x\nINFO issued a token" (expected user_id, room_id, publish, kit, user_name)"#.to_owned(),
        ),
        (
            "user_id=a&%1B%5B2J%E2%80%AE=1".to_owned(),
            r#"unknown query parameter "\u{1b}[2J\u{202e}" (expected user_id, room_id, publish, kit, user_name)"#.to_owned(),
        ),
        (
            format!("user_id=a&{long_name}=1"),
            format!(
                r#"unknown query parameter "{}"... (expected user_id, room_id, publish, kit, user_name)"#,
                "n".repeat(32)
            ),
        ),
        (
            "user_id=%FF".to_owned(),
            "the query string is not UTF-8 after percent-decoding".to_owned(),
        ),
        (
            "user_id=%FE".to_owned(),
            "the query string is not UTF-8 after percent-decoding".to_owned(),
        ),
        (
            "user_id=a&room_id=r%FF".to_owned(),
            "the query string is not UTF-8 after percent-decoding".to_owned(),
        ),
        (
            "user_id=a&%FF=1".to_owned(),
            "the query string is not UTF-8 after percent-decoding".to_owned(),
        ),
        (
            "user_id=a&room_id=r%0Aforged".to_owned(),
            "invalid room ID: it contains a control character at byte 1".to_owned(),
        ),
        (
            "user_id=a&room_id=%1B%5B31m".to_owned(),
            "invalid room ID: it contains a control character at byte 0".to_owned(),
        ),
        (
            "user_id=a&room_id=r&kit=true&user_name=A%0DB".to_owned(),
            "invalid user name: it contains a control character at byte 1".to_owned(),
        ),
    ];
    for (query, expected) in &cases {
        let (status, body) = server.get(query, Some(API_KEY)).await;
        let shown = &query[..query.len().min(60)];
        assert_eq!(status, StatusCode::BAD_REQUEST, "{shown}");
        assert_eq!(body, json!({"error": expected, "code": null}), "{shown}");
        assert_short_and_clean(shown, &body);
    }
    // U+FFFD sent as valid UTF-8 is an ordinary character, distinct from
    // the invalid bytes above that used to be replaced by it.
    let body = server.ok("user_id=%EF%BF%BD").await;
    assert_eq!(decode(&body["token"]).user_id, "\u{fffd}");
    server.stop().await;
}

/// Reads until the server closes the connection; panics after `within`.
/// Returns what was read and when the connection closed.
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

#[tokio::test]
async fn idle_and_half_sent_connections_are_closed_by_the_server() {
    let limits = short_limits();
    let timeout = limits.header_timeout;
    let server = start_limited(limits).await;

    // Connects and never sends a byte.
    let opened = Instant::now();
    let mut silent = server.connect().await;
    // Sends half a request and stops (a slowloris client).
    let mut half = server.connect().await;
    half.write_all(b"GET /v1/token?user_id=a HTTP/1.1\r\nHost: x\r\nAuthor")
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

    for (what, stream) in [("silent", &mut silent), ("half-sent", &mut half)] {
        let (received, closed) = read_until_closed(stream, Duration::from_secs(5)).await;
        assert!(
            closed - opened >= timeout,
            "{what}: closed before the timeout"
        );
        let text = String::from_utf8_lossy(&received);
        assert!(
            text.is_empty() || text.starts_with("HTTP/1.1 408"),
            "{what}: {text}"
        );
    }
    let (received, closed) = read_until_closed(&mut idle, Duration::from_secs(5)).await;
    let text = String::from_utf8_lossy(&received);
    assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
    assert!(text.ends_with("\r\n\r\nok\n"), "{text}");
    assert!(
        closed - opened >= timeout,
        "idle: closed before the timeout"
    );

    // The server still serves everyone else.
    assert_eq!(server.ok("user_id=alice").await["app_id"], APP_ID);
    server.stop().await;
}

#[tokio::test]
async fn idle_clients_cannot_hold_every_connection_slot() {
    // One slot, taken by a client that sends nothing: the next client waits
    // in the backlog until the header timeout frees the slot.
    let limits = app::Limits {
        max_connections: 1,
        ..short_limits()
    };
    let timeout = limits.header_timeout;
    let server = start_limited(limits).await;
    let started = Instant::now();
    let _silent = server.connect().await;
    let response = tokio::time::timeout(
        Duration::from_secs(5),
        server.client.get(format!("{}/healthz", server.base)).send(),
    )
    .await
    .expect("served once the idle client is gone")
    .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(started.elapsed() >= timeout, "{:?}", started.elapsed());
    server.stop().await;
}

#[tokio::test]
async fn shutdown_with_a_stuck_client_ends_within_the_grace_period() {
    // A header timeout far longer than the test: only the grace period can
    // end the stuck connection.
    let limits = app::Limits {
        header_timeout: Duration::from_secs(600),
        ..short_limits()
    };
    let grace = limits.shutdown_grace;
    let server = start_limited(limits).await;
    let mut stuck = server.connect().await;
    stuck
        .write_all(b"GET /v1/token?user_id=a HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    // Let the server read what was sent before stopping it.
    tokio::time::sleep(Duration::from_millis(50)).await;

    let stopping = Instant::now();
    server.stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(5), server.task)
        .await
        .expect("shutdown is bounded by the grace period")
        .unwrap();
    let took = stopping.elapsed();
    // It did wait for the client, then gave up on it.
    assert!(took >= grace, "{took:?}");
    let (received, _) = read_until_closed(&mut stuck, Duration::from_secs(1)).await;
    assert!(
        received.is_empty(),
        "{}",
        String::from_utf8_lossy(&received)
    );
}

#[tokio::test]
async fn healthz_needs_no_key_and_bearer_is_case_insensitive() {
    let server = start().await;
    let response = server
        .client
        .get(format!("{}/healthz", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.unwrap(), "ok\n");

    for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        for gap in [" ", "   "] {
            let response = server
                .client
                .get(format!("{}/v1/token?user_id=alice", server.base))
                .header("authorization", format!("{scheme}{gap}{API_KEY}"))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{scheme:?}{gap:?}");
        }
    }
    for value in [
        format!("Bearer{API_KEY}"),
        format!("Bearer: {API_KEY}"),
        format!("Token {API_KEY}"),
        format!("Bearer {API_KEY}x"),
    ] {
        let response = server
            .client
            .get(format!("{}/v1/token?user_id=alice", server.base))
            .header("authorization", &value)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{value:?}");
    }
    server.stop().await;
}

#[tokio::test]
async fn cors_allows_only_the_configured_origins() {
    let settings = app::Settings::from_lookup(None, env(&good_env())).unwrap();
    let cors = app::cors(&["https://app.example.com".to_owned()]).unwrap();
    let server = start_full(settings, app::Limits::default(), Some(cors)).await;
    let url = format!("{}/v1/token?user_id=alice", server.base);

    // The browser's preflight carries no key and must still be answered.
    let preflight = |origin: &str| {
        server
            .client
            .request(reqwest::Method::OPTIONS, &url)
            .header("origin", origin)
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "authorization")
            .send()
    };
    let response = preflight("https://app.example.com").await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers();
    assert_eq!(
        headers["access-control-allow-origin"],
        "https://app.example.com"
    );
    assert_eq!(headers["access-control-allow-headers"], "authorization");
    assert_eq!(headers["access-control-allow-methods"], "GET");
    let response = preflight("https://evil.example").await.unwrap();
    assert!(
        !response
            .headers()
            .contains_key("access-control-allow-origin")
    );

    let response = server
        .client
        .get(&url)
        .bearer_auth(API_KEY)
        .header("origin", "https://app.example.com")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "https://app.example.com"
    );
    server.stop().await;

    assert!(app::cors(&["*".to_owned()]).is_ok());
    for bad in [
        "app.example.com",
        "https://app.example.com/",
        "https://a\nb",
    ] {
        let err = app::cors(&[bad.to_owned()]).unwrap_err();
        assert!(err.starts_with("CORS origin \""), "{err}");
        assert!(!err.contains('\n'), "{err}");
    }
}

/// A log sink for one test: tracing's fmt output, as the example sets it
/// up, into a buffer.
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

impl Log {
    /// Collects every event at `filter` (a `RUST_LOG` value) while `run`
    /// runs on this thread (the test's current-thread runtime).
    async fn capture(filter: &str, run: impl Future<Output = ()>) -> String {
        let log = Log::default();
        let sink = log.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
            .with_target(false)
            .with_ansi(false)
            .with_writer(move || sink.clone())
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        run.await;
        String::from_utf8(log.0.lock().unwrap().clone()).unwrap()
    }
}

async fn mixed_traffic() {
    let server = start().await;
    server.ok("user_id=alice").await;
    for query in [
        "user_id=a&x%0AINFO%20issued%20a%20token=1",
        "user_id=a&room_id=r%0A%1B[2J",
        "user_id=%FF",
    ] {
        let (status, _) = server.get(query, Some(API_KEY)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }
    for _ in 0..5 {
        let (status, _) = server.get("user_id=a", Some("wrong")).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, _) = server.get("user_id=%0A", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    server.stop().await;
}

#[tokio::test]
async fn the_log_stays_one_line_per_event() {
    let log = Log::capture("info", mixed_traffic()).await;
    let lines: Vec<&str> = log.lines().collect();
    for line in &lines {
        assert!(
            line.chars().all(|c| !c.is_control()) && line.len() < 300,
            "{line:?}"
        );
    }
    let count = |needle: &str| lines.iter().filter(|l| l.contains(needle)).count();
    // One line per token and per refused request; the forged text is
    // escaped inside its own line.
    assert_eq!(count("issued a token"), 2, "{log}");
    assert_eq!(count(r#"user_id="alice""#), 1, "{log}");
    assert_eq!(count("refused a token request"), 3, "{log}");
    assert_eq!(count(r#""x\nINFO issued a token""#), 1, "{log}");
    // Wrong keys: one summary line, not one WARN per request.
    let refused: Vec<_> = lines
        .iter()
        .filter(|l| l.contains("without a valid API key"))
        .collect();
    assert_eq!(refused.len(), 1, "{log}");
    assert!(
        refused[0].contains("WARN") && refused[0].contains("count=6"),
        "{log}"
    );
    assert_eq!(count("listening on http://127.0.0.1:"), 1, "{log}");
    assert_eq!(lines.len(), 1 + 1 + 3 + 1, "{log}");

    // RUST_LOG=warn: nothing per request, only the summary of refusals.
    let log = Log::capture("warn", mixed_traffic()).await;
    assert_eq!(log.lines().count(), 1, "{log}");
    assert!(log.contains("count=6"), "{log}");
}

#[tokio::test]
async fn serves_tokens_for_a_config_profile() {
    let path = write_config(&test_dir("serve"));
    let settings = app::Settings::from_lookup(
        Some(&config(&path, Some("staging"))),
        env(&[("TOKEN_SERVER_API_KEY", API_KEY)]),
    )
    .unwrap();
    let server = start_with(settings).await;

    let body = server.ok("user_id=erin&room_id=r3&kit=true").await;
    assert_eq!(body["app_id"], STAGING_APP_ID);
    let claims = decode(&body["token"]);
    assert_eq!(
        (claims.app_id, claims.user_id.as_str(), claims.mode),
        (STAGING_APP_ID, "erin", Mode::Gcm)
    );
    assert_eq!(claims.lifetime().as_secs(), 600);
    assert_eq!(body["expire_at"], claims.expire);
    let kit = KitToken::parse(body["kit_token"].as_str().unwrap()).unwrap();
    assert_eq!(kit.app_id(), STAGING_APP_ID);

    server.stop().await;
}
