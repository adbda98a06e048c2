//! The `axum_app` example over real HTTP: its router on an ephemeral
//! loopback port, called with reqwest, every token decoded with the secret.
//!
//! The derived issuers read `ZEGO_SERVER_SECRET` from the environment, and
//! setting a variable inside this process would take `unsafe`; so each test
//! re-runs itself in a child process with the environment it needs.

// The example's own module (the file beside this one), compiled in as is.
mod app;

use std::io::Write as _;
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use zego_token::ServerSecret;

const SECRET: &str = "fa94dd0f974cf2e293728a526b028271";
/// Set in the child process a test re-runs itself in.
const CHILD: &str = "AXUM_APP_TEST_CHILD";

/// Runs `test` in a child process with `ZEGO_SERVER_SECRET` set to `secret`
/// (or unset); true when called in that child, which then does the work.
fn in_child(test: &str, secret: Option<&str>) -> bool {
    if std::env::var_os(CHILD).is_some() {
        return true;
    }
    let mut child = Command::new(std::env::current_exe().unwrap());
    child.args(["--exact", test, "--nocapture", "--test-threads=1"]);
    child.env(CHILD, "1");
    match secret {
        Some(secret) => child.env("ZEGO_SERVER_SECRET", secret),
        None => child.env_remove("ZEGO_SERVER_SECRET"),
    };
    let output = child.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The child ran exactly this test (a typo in `test` would run none).
    assert!(stdout.contains("1 passed"), "{stdout}");
    false
}

struct Server {
    base: String,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

async fn start(grace: Duration) -> Server {
    let state = app::AppState::from_env().unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = oneshot::channel::<()>();
    let shutdown = async move {
        let _ = stopped.await;
    };
    let task = tokio::spawn(app::serve(listener, state, shutdown, grace));
    Server {
        base,
        stop: Some(stop),
        task,
    }
}

async fn get(url: &str, user: Option<&str>) -> (StatusCode, Value) {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let mut request = client.get(url);
    if let Some(user) = user {
        request = request.header("X-User-Id", user);
    }
    let response = request.send().await.unwrap();
    (response.status(), response.json().await.unwrap())
}

#[tokio::test]
async fn serves_room_tokens_for_the_signed_in_user() {
    if !in_child("serves_room_tokens_for_the_signed_in_user", Some(SECRET)) {
        return;
    }
    let mut server = start(Duration::from_secs(5)).await;
    let secret = ServerSecret::new(SECRET).unwrap();

    for (path, app_id, ttl) in [
        ("/token", 1_234_567_890, 3600),
        ("/staging/token", 987_654_321, 600),
    ] {
        let (status, body) = get(
            &format!("{}{path}?room_id=room%201", server.base),
            Some("alice"),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["app_id"], app_id);
        let claims = zego_token::Verifier::new(secret.clone())
            .with_app_id(app_id)
            .verify(body["token"].as_str().unwrap())
            .unwrap();
        assert_eq!(claims.app_id, app_id);
        assert_eq!(claims.user_id, "alice");
        assert_eq!(claims.lifetime(), Duration::from_secs(ttl));
        assert_eq!(body["expire_at"], claims.expire);
        let privilege = claims.privilege().unwrap();
        assert_eq!(privilege.room_id(), "room 1");
        assert!(privilege.login() && privilege.publish());
    }

    // Not signed in: 401 before anything else is looked at.
    let (status, body) = get(&format!("{}/token?room_id=room1", server.base), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        body,
        json!({"error": "not signed in: send the X-User-Id header", "code": null})
    );
    let (status, _) = get(&format!("{}/token", server.base), Some("")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Signed in, but no room.
    for query in ["", "?room_id=", "?room=room1"] {
        let (status, body) = get(&format!("{}/token{query}", server.base), Some("alice")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(
            body,
            json!({"error": "room_id is required: GET /token?room_id=ROOM", "code": null})
        );
    }

    // A room ID that is not UTF-8 is refused, not replaced by U+FFFD; a
    // control character in it is the library's room ID rule.
    for (query, error) in [
        ("?room_id=%FF", example_server::NOT_UTF8),
        (
            "?room_id=r%0Aforged",
            "invalid room ID: it contains a control character at byte 1",
        ),
    ] {
        let (status, body) = get(&format!("{}/token{query}", server.base), Some("alice")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(body, json!({"error": error, "code": null}), "{query}");
    }

    // A user ID ZEGO refuses: 400 with ZEGO's code 3 (user ID).
    let too_long = "u".repeat(zego_token::MAX_USER_ID_LEN + 1);
    let (status, body) = get(
        &format!("{}/token?room_id=room1", server.base),
        Some(&too_long),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["code"], 3, "{body}");
    assert!(!body["error"].as_str().unwrap().contains(&too_long));

    server.stop.take().unwrap().send(()).unwrap();
    server.task.await.unwrap();
}

#[tokio::test]
async fn refuses_to_start_without_the_secret() {
    if !in_child("refuses_to_start_without_the_secret", None) {
        return;
    }
    let err = app::AppState::from_env().unwrap_err();
    assert_eq!(err.code(), Some(5));
    assert!(err.to_string().contains("ZEGO_SERVER_SECRET"), "{err}");
}

#[tokio::test]
async fn shutdown_is_bounded_by_the_grace_period() {
    if !in_child("shutdown_is_bounded_by_the_grace_period", Some(SECRET)) {
        return;
    }
    let mut server = start(Duration::from_millis(300)).await;
    // A client that never finishes its request keeps its connection open.
    let mut stalled = TcpStream::connect(server.base.trim_start_matches("http://")).unwrap();
    stalled
        .write_all(b"GET /token?room_id=r HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;

    let began = Instant::now();
    server.stop.take().unwrap().send(()).unwrap();
    let finished = tokio::time::timeout(Duration::from_secs(5), server.task).await;
    assert!(finished.is_ok(), "serve() outlived its grace period");
    assert!(
        began.elapsed() < Duration::from_secs(2),
        "{:?}",
        began.elapsed()
    );
    drop(stalled);
}
