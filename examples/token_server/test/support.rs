//! What every test module uses: settings from a map, the router, and one
//! request through it.

use std::collections::HashMap;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt as _;
use serde_json::Value;
use tower::ServiceExt as _;
use zego_token::ServerSecret;

use crate::app;

pub const APP_ID: u32 = 1_234_567_890;
pub const SECRET: &str = "fa94dd0f974cf2e293728a526b028271";
pub const API_KEY: &str = "test-key-0123456789";

/// A lookup over `vars`, standing in for the environment.
pub fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
    let map: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |name| map.get(name).cloned()
}

pub fn good_env() -> Vec<(&'static str, &'static str)> {
    vec![
        ("ZEGO_APP_ID", "1234567890"),
        ("ZEGO_SERVER_SECRET", SECRET),
        ("TOKEN_SERVER_API_KEY", API_KEY),
    ]
}

pub fn state() -> app::AppState {
    state_with(app::Settings::from_lookup(None, env(&good_env())).unwrap())
}

pub fn state_with(settings: app::Settings) -> app::AppState {
    app::AppState::new(settings).unwrap()
}

/// The answer to one request: status, headers, and the body as JSON (or
/// `Value::Null` when empty, as for HEAD).
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

/// Sends `request` through `router` once.
pub async fn call(router: &Router, request: Request<Body>) -> Answer {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
    };
    Answer {
        status,
        headers,
        body,
    }
}

/// A request for `method uri`, with `key` as the bearer key.
pub fn request(method: Method, uri: &str, key: Option<&str>) -> Request<Body> {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(key) = key {
        request = request.header(header::AUTHORIZATION, format!("Bearer {key}"));
    }
    request.body(Body::empty()).unwrap()
}

/// GET `/v1/token?{query}`; checks the answer is JSON.
pub async fn get_token(router: &Router, query: &str, key: Option<&str>) -> Answer {
    let answer = call(
        router,
        request(Method::GET, &format!("/v1/token?{query}"), key),
    )
    .await;
    assert_eq!(
        answer.headers[header::CONTENT_TYPE],
        "application/json",
        "{}",
        answer.status
    );
    answer
}

/// The body of a 200 for `query` with the right key.
pub async fn ok(router: &Router, query: &str) -> Value {
    let answer = get_token(router, query, Some(API_KEY)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body
}

pub fn decode(token: &Value) -> zego_token::Claims {
    zego_token::dangerous::decode_unverified(
        token.as_str().unwrap(),
        &ServerSecret::new(SECRET).unwrap(),
    )
    .unwrap()
}

pub fn keys(body: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}
