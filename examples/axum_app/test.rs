//! The `axum_app` example's endpoints, called through its router with
//! tower's `oneshot` (no sockets, no timing), as axum's own testing example
//! does; every token decoded with the secret. How connections are handled
//! belongs to the serve loop both servers share, tested in `examples/server`.
//!
//! The derived issuers read `ZEGO_SERVER_SECRET` (production) and
//! `ZEGO_STAGING_SECRET` (staging) from the environment, and setting a
//! variable inside this process would take `unsafe`; so each test re-runs
//! itself in a child process with the environment it needs.

// The example's own module (the file beside this one), compiled in as is;
// `serve` is not used here.
#[allow(dead_code)]
mod app;

use std::process::Command;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt as _;
use serde_json::{Value, json};
use tower::ServiceExt as _;
use zego_token::ServerSecret;

/// Production's secret (`ZEGO_SERVER_SECRET`).
const SECRET: &str = "fa94dd0f974cf2e293728a526b028271";
/// Staging's secret (`ZEGO_STAGING_SECRET`): another app, another secret.
const STAGING_SECRET: &str = "0123456789abcdef0123456789abcdef";
/// Both apps' secrets set.
const BOTH: [Option<&str>; 2] = [Some(SECRET), Some(STAGING_SECRET)];
/// Set in the child process a test re-runs itself in.
const CHILD: &str = "AXUM_APP_TEST_CHILD";

/// Runs `test` in a child process with `ZEGO_SERVER_SECRET` and
/// `ZEGO_STAGING_SECRET` set to `secrets` (or unset); true when called in
/// that child, which then does the work.
fn in_child(test: &str, secrets: [Option<&str>; 2]) -> bool {
    if std::env::var_os(CHILD).is_some() {
        return true;
    }
    let mut child = Command::new(std::env::current_exe().unwrap());
    child.args(["--exact", test, "--nocapture", "--test-threads=1"]);
    child.env(CHILD, "1");
    for (var, secret) in ["ZEGO_SERVER_SECRET", "ZEGO_STAGING_SECRET"]
        .into_iter()
        .zip(secrets)
    {
        match secret {
            Some(secret) => child.env(var, secret),
            None => child.env_remove(var),
        };
    }
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

fn router() -> Router {
    app::router(app::AppState::from_env().unwrap())
}

/// `method uri` as `user` (no `X-User-Id` if `None`): status, headers, and
/// the body as JSON (`Value::Null` when empty).
async fn call(
    router: &Router,
    method: Method,
    uri: &str,
    user: Option<&str>,
) -> (StatusCode, HeaderMap, Value) {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(user) = user {
        request = request.header("x-user-id", user);
    }
    let response = router
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).unwrap()
    };
    (status, headers, body)
}

async fn get(router: &Router, uri: &str, user: Option<&str>) -> (StatusCode, Value) {
    let (status, headers, body) = call(router, Method::GET, uri, user).await;
    assert_eq!(headers[header::CONTENT_TYPE], "application/json", "{uri}");
    (status, body)
}

#[tokio::test]
async fn serves_room_tokens_for_the_signed_in_user() {
    if !in_child("serves_room_tokens_for_the_signed_in_user", BOTH) {
        return;
    }
    let router = router();

    for (path, app_id, ttl, secret) in [
        ("/token", 1_234_567_890, 3600, SECRET),
        ("/staging/token", 987_654_321, 600, STAGING_SECRET),
    ] {
        let secret = ServerSecret::new(secret).unwrap();
        let uri = format!("{path}?room_id=room%201");
        let (status, headers, body) = call(&router, Method::GET, &uri, Some("alice")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");
        assert_eq!(body["app_id"], app_id);
        let claims = zego_token::Verifier::new(app_id, secret)
            .unwrap()
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
}

#[tokio::test]
async fn refuses_what_it_cannot_serve_in_json() {
    if !in_child("refuses_what_it_cannot_serve_in_json", BOTH) {
        return;
    }
    let router = router();

    // Not signed in: 401 before anything else is looked at.
    let (status, body) = get(&router, "/token?room_id=room1", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        body,
        json!({"error": "not signed in: send the X-User-Id header"})
    );
    let (status, _) = get(&router, "/token", Some("")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Signed in, but no room.
    for query in ["", "?room_id=", "?room=room1"] {
        let (status, body) = get(&router, &format!("/token{query}"), Some("alice")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(
            body,
            json!({"error": "room_id is required: GET /token?room_id=ROOM"})
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
        let (status, body) = get(&router, &format!("/token{query}"), Some("alice")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(body, json!({"error": error}), "{query}");
    }

    // A user ID ZEGO refuses: 400 with ZEGO's code 3 (user ID).
    let too_long = "u".repeat(zego_token::MAX_USER_ID_LEN + 1);
    let (status, body) = get(&router, "/token?room_id=room1", Some(&too_long)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["code"], 3, "{body}");
    assert!(!body["error"].as_str().unwrap().contains(&too_long));

    // HEAD mints nothing; unknown paths and methods answer in JSON too.
    for path in ["/token?room_id=r", "/staging/token?room_id=r"] {
        let (status, headers, _) = call(&router, Method::HEAD, path, Some("alice")).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{path}");
        assert_eq!(headers[header::ALLOW], "GET", "{path}");
        let (status, headers, body) = call(&router, Method::POST, path, Some("alice")).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{path}");
        assert_eq!(headers[header::ALLOW], "GET", "{path}");
        assert_eq!(
            body,
            json!({"error": "method not allowed: see the Allow header"})
        );
    }
    let (status, body) = get(&router, "/tokens", Some("alice")).await;
    assert_eq!(
        (status, body),
        (StatusCode::NOT_FOUND, json!({"error": "no such endpoint"}))
    );
}

#[tokio::test]
async fn refuses_to_start_without_the_secret() {
    if !in_child("refuses_to_start_without_the_secret", [None, None]) {
        return;
    }
    let err = app::AppState::from_env().unwrap_err();
    assert_eq!(err.code(), Some(5));
    assert!(err.to_string().contains("ZEGO_SERVER_SECRET"), "{err}");
}

#[tokio::test]
async fn refuses_to_start_without_the_staging_secret() {
    if !in_child(
        "refuses_to_start_without_the_staging_secret",
        [Some(SECRET), None],
    ) {
        return;
    }
    let err = app::AppState::from_env().unwrap_err();
    assert_eq!(err.code(), Some(5));
    assert!(err.to_string().contains("ZEGO_STAGING_SECRET"), "{err}");
}
