//! The `axum_app` example's endpoints, called through its router with
//! tower's `oneshot` (no sockets, no timing), as axum's own testing example
//! does; every token decoded with the secret. How connections are handled
//! belongs to the serve loop both servers share, tested in `examples/server`.
//!
//! The derived apps read their secrets (`ZEGO_SERVER_SECRET` for
//! production, `ZEGO_STAGING_SECRET` for staging) and their callback
//! secrets from the environment, and setting a variable inside this process would
//! take `unsafe`; so each test re-runs itself in a child process with the
//! environment it needs.

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
use zego_token::callback::{CallbackSecret, CallbackVerifier};

/// Production's secret (`ZEGO_SERVER_SECRET`).
const SECRET: &str = "fa94dd0f974cf2e293728a526b028271";
/// Staging's secret (`ZEGO_STAGING_SECRET`): another app, another secret.
const STAGING_SECRET: &str = "0123456789abcdef0123456789abcdef";
/// The two apps' callback secrets (ZEGO's console shows one per app).
const CALLBACK_SECRET: &str = "production-callback-secret";
const STAGING_CALLBACK_SECRET: &str = "staging-callback-secret";
/// Set in the child process a test re-runs itself in.
const CHILD: &str = "AXUM_APP_TEST_CHILD";

/// Every secret the server reads, as `(variable, value)`.
const ALL_SECRETS: [(&str, Option<&str>); 4] = [
    ("ZEGO_SERVER_SECRET", Some(SECRET)),
    ("ZEGO_STAGING_SECRET", Some(STAGING_SECRET)),
    ("ZEGO_CALLBACK_SECRET", Some(CALLBACK_SECRET)),
    (
        "ZEGO_STAGING_CALLBACK_SECRET",
        Some(STAGING_CALLBACK_SECRET),
    ),
];

/// Runs `test` in a child process with each variable of `env` set to its
/// value (or unset); true when called in that child, which then does the
/// work.
fn in_child(test: &str, env: &[(&str, Option<&str>)]) -> bool {
    if std::env::var_os(CHILD).is_some() {
        return true;
    }
    let mut child = Command::new(std::env::current_exe().unwrap());
    child.args(["--exact", test, "--nocapture", "--test-threads=1"]);
    child.env(CHILD, "1");
    for (var, value) in env {
        match value {
            Some(value) => child.env(var, value),
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
    if !in_child("serves_room_tokens_for_the_signed_in_user", &ALL_SECRETS) {
        return;
    }
    let router = router();

    for (path, app_id, ttl, secret) in [
        ("/token", 1_234_567_890, 3600, SECRET),
        ("/staging/token", 987_654_321, 600, STAGING_SECRET),
    ] {
        let secret = ServerSecret::new(secret).unwrap();
        let uri = format!("{path}?room_id=room-1");
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
        assert_eq!(privilege.room_id(), "room-1");
        assert!(privilege.login() && privilege.publish());
    }
}

#[tokio::test]
async fn refuses_what_it_cannot_serve_in_json() {
    if !in_child("refuses_what_it_cannot_serve_in_json", &ALL_SECRETS) {
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

    // A room ID that is not UTF-8 is refused, not replaced by U+FFFD; one
    // ZEGO's clients refuse gets the library's one-line error and the
    // client's error code (1002012: room ID characters).
    let room_rule = |position: usize, ch: &str| {
        json!({
            "error": format!("privilege payload `room_id` has character {position} {ch}, which ZEGO's RTC clients refuse: use ASCII letters, digits and ~!@#$^&*()_+=-`;',.<>\\ (ZEGO client error 1002012)"),
            "client_code": 1_002_012,
        })
    };
    for (query, expected) in [
        ("?room_id=%FF", json!({"error": example_server::NOT_UTF8})),
        ("?room_id=r%0Aforged", room_rule(2, "(U+000A)")),
        ("?room_id=room%201", room_rule(5, "(U+0020)")),
        ("?room_id=%E6%88%BF%E9%97%B4", room_rule(1, "(U+623F)")),
    ] {
        let (status, body) = get(&router, &format!("/token{query}"), Some("alice")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(body, expected, "{query}");
    }

    // A user ID ZEGO refuses: 400 with ZEGO's code 3 (user ID) and the
    // client's (1002007 too long, 1002006 a character), never the ID itself.
    let too_long = "u".repeat(zego_token::rules::RTC_USER_ID_MAX_BYTES + 1);
    for (user, client_code) in [
        (too_long.as_str(), 1_002_007),
        ("alice bob", 1_002_006),
        ("alice\"x", 1_002_006),
        ("a:b", 1_002_006),
    ] {
        let (status, body) = get(&router, "/token?room_id=room1", Some(user)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{user}");
        assert_eq!(
            (&body["code"], &body["client_code"]),
            (&json!(3), &json!(client_code)),
            "{body}"
        );
        assert!(!body["error"].as_str().unwrap().contains(user));
    }
    // The longest every client accepts still mints.
    let longest = "u".repeat(zego_token::rules::RTC_USER_ID_MAX_BYTES);
    let (status, body) = get(&router, "/token?room_id=room1", Some(&longest)).await;
    assert_eq!(status, StatusCode::OK, "{body}");

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
    if !in_child(
        "refuses_to_start_without_the_secret",
        &[
            ("ZEGO_SERVER_SECRET", None),
            ALL_SECRETS[1],
            ALL_SECRETS[2],
            ALL_SECRETS[3],
        ],
    ) {
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
        &[
            ALL_SECRETS[0],
            ("ZEGO_STAGING_SECRET", None),
            ALL_SECRETS[2],
            ALL_SECRETS[3],
        ],
    ) {
        return;
    }
    let err = app::AppState::from_env().unwrap_err();
    assert_eq!(err.code(), Some(5));
    assert!(err.to_string().contains("ZEGO_STAGING_SECRET"), "{err}");
}

#[tokio::test]
async fn refuses_to_start_without_a_callback_secret() {
    if !in_child(
        "refuses_to_start_without_a_callback_secret",
        &[
            ALL_SECRETS[0],
            ALL_SECRETS[1],
            ALL_SECRETS[2],
            ("ZEGO_STAGING_CALLBACK_SECRET", None),
        ],
    ) {
        return;
    }
    let err = app::AppState::from_env().unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid callback secret: environment variable ZEGO_STAGING_CALLBACK_SECRET is not set"
    );
}

/// Signs callbacks as ZEGO does for the app whose callback secret is
/// `secret`.
fn zego(secret: &str) -> CallbackVerifier {
    CallbackVerifier::new(CallbackSecret::new(secret).unwrap())
}

/// A body in the shape ZEGO sends, signed by `signer` at `timestamp`.
enum Shape {
    /// JSON, `timestamp` a number (RTC callbacks).
    Json,
    /// JSON, `timestamp` a string (ZIM callbacks).
    JsonText,
    /// Form fields ("POST/FORM").
    Form,
}

fn callback_body(
    shape: &Shape,
    timestamp: i64,
    nonce: &str,
    signature: &str,
) -> (&'static str, String) {
    match shape {
        Shape::Json => (
            "application/json",
            json!({"event": "room_create", "appid": 1234567890, "timestamp": timestamp,
                   "nonce": nonce, "signature": signature, "room_id": "room1"})
            .to_string(),
        ),
        Shape::JsonText => (
            "application/json; charset=utf-8",
            json!({"appid": "1234567890", "event": "room_destroy", "timestamp": timestamp.to_string(),
                   "nonce": nonce, "signature": signature, "user_ids": ["alice"]})
            .to_string(),
        ),
        Shape::Form => (
            "application/x-www-form-urlencoded",
            format!("event=stream_create&appid=1234567890&stream_alias=a%20b&timestamp={timestamp}&nonce={nonce}&signature={signature}"),
        ),
    }
}

/// POSTs `body` as `content_type` to `uri`: status and JSON body.
async fn post(
    router: &Router,
    uri: &str,
    content_type: &str,
    body: impl Into<Body>,
) -> (StatusCode, Value) {
    let request = Request::post(uri)
        .header(header::CONTENT_TYPE, content_type)
        .body(body.into())
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/json",
        "{uri}"
    );
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap())
}

#[tokio::test]
async fn verifies_zegos_callbacks_in_every_shape() {
    if !in_child("verifies_zegos_callbacks_in_every_shape", &ALL_SECRETS) {
        return;
    }
    let router = router();
    let now = zego_token::unix_now();
    for (uri, secret, other_uri) in [
        ("/zego/callback", CALLBACK_SECRET, "/staging/zego/callback"),
        (
            "/staging/zego/callback",
            STAGING_CALLBACK_SECRET,
            "/zego/callback",
        ),
    ] {
        for shape in [Shape::Json, Shape::JsonText, Shape::Form] {
            // Genuine: 200, answered as ZEGO expects.
            let nonce = "350176";
            let signature = zego(secret).sign(&now.to_string(), nonce);
            let (content_type, body) = callback_body(&shape, now, nonce, &signature);
            let (status, answer) = post(&router, uri, content_type, body.clone()).await;
            assert_eq!(
                (status, &answer),
                (StatusCode::OK, &json!({})),
                "{uri} {body}"
            );

            // The same callback at the other app's endpoint: not its secret.
            let (status, answer) = post(&router, other_uri, content_type, body).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{other_uri}");
            assert_eq!(
                answer,
                json!({"error": "the callback's signature does not match: it was not signed with this callback secret"})
            );

            // Forged: another nonce under the genuine signature.
            let (content_type, forged) = callback_body(&shape, now, "350177", &signature);
            let (status, answer) = post(&router, uri, content_type, forged).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{uri}");
            assert!(
                answer["error"].as_str().unwrap().contains("does not match"),
                "{answer}"
            );

            // Stale: genuinely signed, an hour ago (a replay).
            let then = now - 3600;
            let signature = zego(secret).sign(&then.to_string(), nonce);
            let (content_type, stale) = callback_body(&shape, then, nonce, &signature);
            let (status, answer) = post(&router, uri, content_type, stale).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{uri}");
            let error = answer["error"].as_str().unwrap();
            assert!(
                error.starts_with("the callback is stale: its timestamp "),
                "{error}"
            );
        }
    }
}

#[tokio::test]
async fn refuses_what_is_no_callback() {
    if !in_child("refuses_what_is_no_callback", &ALL_SECRETS) {
        return;
    }
    let router = router();
    let json_type = "application/json";
    let form_type = "application/x-www-form-urlencoded";
    for (content_type, body, error) in [
        (
            json_type,
            r#"{"event":"room_create","nonce":"1","signature":"x"}"#,
            "the callback has no `timestamp` field",
        ),
        (
            json_type,
            "nonce=1&timestamp=1&signature=x",
            "the callback body is not a JSON object: expected ident at line 1 column 2",
        ),
        (
            json_type,
            r#"{"timestamp":1,"nonce":"1","signature":"zz"}"#,
            "the callback's `signature` is not 40 hexadecimal digits (a SHA-1)",
        ),
        (
            form_type,
            "timestamp=1&nonce=1",
            "the callback has no `signature` field",
        ),
        (
            form_type,
            "timestamp=1&timestamp=2&nonce=1&signature=x",
            "the callback's `timestamp` appears more than once",
        ),
    ] {
        let (status, answer) = post(&router, "/zego/callback", content_type, body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(answer, json!({"error": error}), "{body}");
    }

    // A hostile body's text is not echoed.
    let long = "x".repeat(10_000);
    let hostile = format!(
        "{{\"timestamp\":\"\u{202e}{long}\",\"nonce\":\"\u{202e}\",\"signature\":\"{long}\"}}"
    );
    let (status, answer) = post(&router, "/zego/callback", json_type, hostile).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let error = answer["error"].as_str().unwrap();
    assert_eq!(
        error,
        "the callback's `timestamp` is not unix seconds (1 to 18 decimal digits)"
    );

    // A body over the limit is refused unread, in the same JSON shape.
    let huge = vec![b' '; app::MAX_CALLBACK_BYTES + 1];
    let (status, answer) = post(&router, "/zego/callback", json_type, huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        answer,
        json!({"error": format!("the callback body is over {} bytes", app::MAX_CALLBACK_BYTES)})
    );

    // ZEGO only POSTs.
    let (status, headers, body) = call(&router, Method::GET, "/zego/callback", None).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(headers[header::ALLOW], "POST");
    assert_eq!(
        body,
        json!({"error": "method not allowed: see the Allow header"})
    );
}
