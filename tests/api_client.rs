//! `server_api::ApiClient` against a stand-in for ZEGO's API gateway on
//! loopback. Nothing reaches ZEGO.
//!
//! The stand-in checks what ZEGO's gateway documents, with its own code: the
//! five common parameters present, `SignatureVersion=2.0`, the MD5
//! signature recomputed from the secret, and the timestamp within ten
//! minutes of its clock (which a test can move). It answers with ZEGO's
//! common response and ZEGO's codes (100000004 signature expired,
//! 100000005 invalid signature, 100000007 unsupported action), and records
//! every nonce it sees.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use md5::{Digest, Md5};
use serde::Deserialize;
use serde_json::{Value, json};
use zego_token::ServerSecret;
use zego_token::server_api::{ApiClient, ApiError, ApiResponse, ApiSigner, Region, Service};

const APP_ID: u32 = 1_234_567_890;
const SECRET: &str = "fa94dd0f974cf2e293728a526b028271";
const WRONG_SECRET: &str = "0123456789abcdef0123456789abcdef";

#[derive(Default)]
struct Gateway {
    /// Seconds added to the stand-in's clock.
    clock_offset: Mutex<i64>,
    nonces: Mutex<Vec<String>>,
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn zego(code: i64, message: &str, data: Value) -> Response {
    axum::Json(json!({
        "Code": code, "Message": message, "RequestId": "stand-in-1", "Data": data
    }))
    .into_response()
}

async fn gateway(
    State(gw): State<Arc<Gateway>>,
    method: Method,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect();
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let (Some(action), Some(app_id), Some(nonce), Some(timestamp), Some(signature), Some(version)) = (
        get("Action"),
        get("AppId"),
        get("SignatureNonce"),
        get("Timestamp"),
        get("Signature"),
        get("SignatureVersion"),
    ) else {
        return zego(2, "missing common parameter", Value::Null);
    };
    if version != "2.0" {
        return zego(100_000_014, "unsupported SignatureVersion", Value::Null);
    }
    if app_id != APP_ID.to_string() {
        return zego(100_000_001, "invalid AppId", Value::Null);
    }
    let Ok(ts) = timestamp.parse::<i64>() else {
        return zego(100_000_003, "invalid Timestamp", Value::Null);
    };
    let clock = now() + *gw.clock_offset.lock().unwrap();
    if (clock - ts).abs() > 600 {
        return zego(100_000_004, "signature expired", Value::Null);
    }
    let expected = hex::encode(Md5::digest(format!("{app_id}{nonce}{SECRET}{timestamp}")));
    if signature != expected {
        return zego(100_000_005, "invalid signature", Value::Null);
    }
    gw.nonces.lock().unwrap().push(nonce.to_owned());

    match (method, action) {
        (Method::GET, "DescribeUserNum") => {
            let rooms = pairs.iter().filter(|(k, _)| k == "RoomId[]").count();
            zego(0, "success", json!({ "UserCount": rooms * 2 }))
        }
        (Method::POST, "KickoutUser") => {
            let json_body = headers
                .get(header::CONTENT_TYPE)
                .is_some_and(|v| v == "application/json");
            match serde_json::from_slice::<Value>(&body) {
                Ok(body) if json_body => zego(0, "success", json!({ "Echo": body })),
                _ => zego(2, "body is not JSON", Value::Null),
            }
        }
        (Method::GET, "Slow") => {
            tokio::time::sleep(Duration::from_secs(5)).await;
            zego(0, "success", Value::Null)
        }
        (Method::GET, "Huge") => zego(0, "success", json!({ "Blob": "x".repeat(100_000) })),
        (Method::GET, "Broken") => {
            (StatusCode::BAD_GATEWAY, "<html>bad gateway</html>").into_response()
        }
        (Method::GET, "Moved") => (
            StatusCode::FOUND,
            [(header::LOCATION, "http://127.0.0.1:9/elsewhere")],
        )
            .into_response(),
        _ => zego(100_000_007, "unsupported Action", Value::Null),
    }
}

/// Starts the stand-in on an ephemeral loopback port.
async fn start() -> (SocketAddr, Arc<Gateway>) {
    let gw = Arc::new(Gateway::default());
    let app = Router::new()
        .route("/", axum::routing::any(gateway))
        .with_state(Arc::clone(&gw));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, gw)
}

fn client(addr: SocketAddr, secret: &str) -> ApiClient {
    let signer = ApiSigner::new(APP_ID, ServerSecret::new(secret).unwrap()).unwrap();
    ApiClient::builder(signer)
        .base_url(&format!("http://{addr}/"))
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap()
}

/// No secret, signature or query in an error's text or `Debug`.
fn assert_clean(err: &ApiError, gw: &Gateway) {
    let text = format!("{err} {err:?}");
    for secret in [SECRET, WRONG_SECRET, "Signature=", "SignatureNonce"] {
        assert!(!text.contains(secret), "{text}");
    }
    for nonce in gw.nonces.lock().unwrap().iter() {
        assert!(!text.contains(nonce.as_str()), "{text}");
    }
}

#[derive(Debug, Deserialize, PartialEq)]
struct UserNum {
    #[serde(rename = "UserCount")]
    user_count: usize,
}

#[tokio::test]
async fn signed_get_and_post_are_accepted() {
    let (addr, gw) = start().await;
    let client = client(addr, SECRET);

    let users: ApiResponse<UserNum> = client
        .get(
            "DescribeUserNum",
            &[("RoomId[]", "room 1"), ("RoomId[]", "room&2")],
        )
        .await
        .unwrap();
    assert_eq!(users.data, Some(UserNum { user_count: 4 }));
    assert_eq!(
        (users.message.as_str(), users.request_id.as_str()),
        ("success", "stand-in-1")
    );

    let body = json!({ "RoomId": "room1", "UserId": ["alice", "bob"] });
    let kicked: ApiResponse = client.post("KickoutUser", &body).await.unwrap();
    assert_eq!(kicked.data.unwrap()["Echo"], body);

    // Every call was signed afresh.
    let nonces = gw.nonces.lock().unwrap().clone();
    assert_eq!(nonces.len(), 2);
    assert_ne!(nonces[0], nonces[1]);
}

#[tokio::test]
async fn many_calls_never_share_a_nonce() {
    let (addr, gw) = start().await;
    let client = client(addr, SECRET);
    for _ in 0..50 {
        let _: ApiResponse = client
            .get("DescribeUserNum", &[("RoomId[]", "r")])
            .await
            .unwrap();
    }
    let nonces = gw.nonces.lock().unwrap();
    assert_eq!(nonces.iter().collect::<HashSet<_>>().len(), 50);
}

#[tokio::test]
async fn zegos_refusals_are_errors_with_its_code() {
    let (addr, gw) = start().await;

    let err = client(addr, WRONG_SECRET)
        .get::<Value, _>("DescribeUserNum", &[("RoomId[]", "r")])
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(100_000_005));
    assert_eq!(
        err.to_string(),
        "ZEGO refused the request: code 100000005: invalid signature (RequestId stand-in-1)"
    );
    assert_clean(&err, &gw);

    let err = client(addr, SECRET)
        .get::<Value, _>("NoSuchAction", &())
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(100_000_007));

    // The stand-in's clock eleven minutes ahead: the signature has expired.
    *gw.clock_offset.lock().unwrap() = 660;
    let err = client(addr, SECRET)
        .get::<Value, _>("DescribeUserNum", &())
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(100_000_004));
    // Nine minutes is within ZEGO's ten.
    *gw.clock_offset.lock().unwrap() = -540;
    let ok: ApiResponse = client(addr, SECRET)
        .get("DescribeUserNum", &())
        .await
        .unwrap();
    assert_eq!(ok.data.unwrap()["UserCount"], 0);
}

#[tokio::test]
async fn deadlines_limits_and_broken_answers_are_typed() {
    let (addr, gw) = start().await;
    let signer = ApiSigner::new(APP_ID, ServerSecret::new(SECRET).unwrap()).unwrap();
    let quick = ApiClient::builder(signer.clone())
        .base_url(&format!("http://{addr}/"))
        .timeout(Duration::from_millis(300))
        .max_response_bytes(10_000)
        .build()
        .unwrap();

    let started = std::time::Instant::now();
    let err = quick.get::<Value, _>("Slow", &()).await.unwrap_err();
    assert!(matches!(err, ApiError::Timeout), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(3));

    let err = quick.get::<Value, _>("Huge", &()).await.unwrap_err();
    assert!(
        matches!(err, ApiError::TooLarge { limit: 10_000 }),
        "{err:?}"
    );

    let err = quick.get::<Value, _>("Broken", &()).await.unwrap_err();
    assert!(matches!(err, ApiError::Status { status: 502 }), "{err:?}");

    // A redirect is not followed: it would carry the signed query elsewhere.
    let err = quick.get::<Value, _>("Moved", &()).await.unwrap_err();
    assert!(matches!(err, ApiError::Status { status: 302 }), "{err:?}");

    let err = quick.get::<Value, _>("Bad Action", &()).await.unwrap_err();
    assert!(matches!(err, ApiError::InvalidAction));

    let nested = json!({ "a": { "b": 1 } });
    let err = quick
        .get::<Value, _>("DescribeUserNum", &nested)
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Params(_)), "{err:?}");
    assert_clean(&err, &gw);
}

#[tokio::test]
async fn an_unreachable_host_is_a_transport_error_without_the_query() {
    // A port that was just free: nothing listens there.
    let addr = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let err = client(addr, SECRET)
        .get::<Value, _>("DescribeUserNum", &[("RoomId[]", "r")])
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Transport(_)), "{err:?}");
    assert!(
        err.to_string().starts_with("the request to ZEGO failed: "),
        "{err}"
    );
    assert_clean(&err, &Gateway::default());
}

#[test]
fn base_urls_that_would_leak_the_signature_are_refused() {
    let signer = ApiSigner::new(APP_ID, ServerSecret::new(SECRET).unwrap()).unwrap();
    let err = ApiClient::builder(signer.clone())
        .base_url("http://rtc-api.zego.im/")
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid base URL: it must be https (plain http only to a loopback host)"
    );
    let client = ApiClient::new(signer, Service::Zim, Region::Singapore).unwrap();
    assert_eq!(client.base_url(), "https://zim-api-sgp.zego.im/");
    let debug = format!("{client:?}");
    assert!(
        !debug.contains(SECRET) && debug.contains("<redacted>"),
        "{debug}"
    );
}
