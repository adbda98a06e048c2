//! `/v1/token` and `/healthz` through the router: every token returned is
//! decoded with the core decoder; every error is checked in its JSON shape.

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};
use zego_token::{KitToken, Mode};

use crate::app;
use crate::settings::{STAGING_APP_ID, config, write_config};
use crate::support::{
    API_KEY, APP_ID, Answer, call, decode, env, get_token, keys, ok, request, state, state_with,
};

fn router() -> Router {
    app::router(state())
}

#[tokio::test]
async fn issues_basic_privilege_and_kit_tokens() {
    let router = router();

    let body = ok(&router, "user_id=alice").await;
    assert_eq!(keys(&body), ["app_id", "expire_at", "token"]);
    assert_eq!(body["app_id"], APP_ID);
    let claims = decode(&body["token"]);
    assert_eq!(claims.user_id, "alice");
    assert_eq!(claims.app_id, APP_ID);
    assert_eq!(body["expire_at"], claims.expire);
    assert_eq!(claims.lifetime().as_secs(), 3600);
    assert_eq!(claims.payload, "");

    let body = ok(&router, "user_id=bob&room_id=room-1&publish=true").await;
    let claims = decode(&body["token"]);
    assert_eq!(claims.user_id, "bob");
    let privilege = claims.privilege().unwrap();
    assert_eq!(privilege.room_id(), "room-1");
    assert!(privilege.login() && privilege.publish());

    let body = ok(&router, "user_id=carol&room_id=r1").await;
    let privilege = decode(&body["token"]).privilege().unwrap();
    assert!(privilege.login() && !privilege.publish());

    let body = ok(
        &router,
        "user_id=dave&room_id=r2&kit=true&user_name=Zo%C3%AB%20D",
    )
    .await;
    assert_eq!(keys(&body), ["app_id", "expire_at", "kit_token", "token"]);
    let kit = KitToken::parse(body["kit_token"].as_str().unwrap()).unwrap();
    assert_eq!(kit.token(), body["token"].as_str().unwrap());
    assert_eq!(
        (kit.app_id(), kit.room_id(), kit.user_id(), kit.user_name()),
        (APP_ID, "r2", "dave", "Zoë D")
    );
    assert_eq!(decode(&body["token"]).user_id, "dave");
}

#[tokio::test]
async fn token_responses_are_never_cached() {
    let router = router();
    for (query, status) in [
        ("user_id=alice", StatusCode::OK),
        ("user_id=alice&room_id=r&kit=true", StatusCode::OK),
        ("user_id=", StatusCode::BAD_REQUEST),
    ] {
        let answer = get_token(&router, query, Some(API_KEY)).await;
        assert_eq!(answer.status, status, "{query}");
        assert_eq!(answer.headers[header::CACHE_CONTROL], "no-store", "{query}");
    }
}

#[tokio::test]
async fn callers_without_the_key_are_refused() {
    let router = router();
    let expected = json!({"error": "missing or wrong API key: send Authorization: Bearer <key>"});
    for key in [None, Some("wrong"), Some(""), Some("test-key-012345678")] {
        let answer = get_token(&router, "user_id=alice", key).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{key:?}");
        assert_eq!(answer.body, expected);
        assert_eq!(answer.headers[header::WWW_AUTHENTICATE], "Bearer");
    }
    // Auth comes before input checks: a bad query without a key is still 401.
    let answer = get_token(&router, "user_id=", None).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);

    // Not a bearer credential at all.
    let basic = Request::get("/v1/token?user_id=a")
        .header(header::AUTHORIZATION, format!("Basic {API_KEY}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(call(&router, basic).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn bad_input_is_a_400_in_json_never_a_500() {
    let router = router();
    let long_user = format!("user_id={}", "x".repeat(64));
    // A user ID ZEGO's clients refuse: the generators' code 3 and the
    // client's own code.
    let user_rule = |what: &str, client_code: u32| {
        json!({
            "error": format!("user ID {what} (ZEGO client error {client_code})"),
            "code": 3,
            "client_code": client_code,
        })
    };
    let character = |position: usize, ch: &str| {
        user_rule(
            &format!(
                "has character {position} {ch}, which ZEGO's RTC clients refuse: use ASCII letters, digits and ~!@#$^&*()_+=-`;',.<>\\"
            ),
            1_002_006,
        )
    };
    let cases = [
        ("user_id=", user_rule("is empty", 1_002_005)),
        ("user_id=a%0Ab", character(2, "(U+000A)")),
        ("user_id=alice%20bob", character(6, "(U+0020)")),
        ("user_id=Zo%C3%AB", character(3, "(U+00EB)")),
        ("user_id=%E7%94%A8%E6%88%B71", character(1, "(U+7528)")),
        ("user_id=alice%22x", character(6, "('\"', U+0022)")),
        // Valid UTF-8 for U+FFFD is a character ZEGO refuses, not the
        // refusal of invalid UTF-8.
        ("user_id=%EF%BF%BD", character(1, "(U+FFFD)")),
        (
            long_user.as_str(),
            user_rule(
                "is 64 bytes, over the 63 bytes ZEGO's RTC clients accept",
                1_002_007,
            ),
        ),
        // No generator code: no "code" key at all, the client's only.
        (
            "user_id=a&room_id=",
            json!({"error": "privilege payload `room_id` is empty (ZEGO client error 1002011)", "client_code": 1_002_011}),
        ),
        (
            "user_id=a&room_id=room%201",
            json!({"error": "privilege payload `room_id` has character 5 (U+0020), which ZEGO's RTC clients refuse: use ASCII letters, digits and ~!@#$^&*()_+=-`;',.<>\\ (ZEGO client error 1002012)", "client_code": 1_002_012}),
        ),
        (
            "user_id=a&publish=true",
            json!({"error": "publish=true needs a room_id"}),
        ),
        (
            "user_id=a&kit=true",
            json!({"error": "kit=true needs a room_id"}),
        ),
        (
            "user_id=a&user_name=A",
            json!({"error": "user_name is only used with kit=true"}),
        ),
        ("", json!({"error": "missing query parameter user_id"})),
        (
            "user_id=a&publish=maybe",
            json!({"error": "query parameter publish must be true or false, got \"maybe\""}),
        ),
        (
            "user_id=a&userid=b",
            json!({"error": "unknown query parameter \"userid\" (expected user_id, room_id, publish, kit, user_name)"}),
        ),
        (
            "user_id=a&user_id=b",
            json!({"error": "query parameter user_id is given more than once"}),
        ),
    ];
    for (query, expected) in cases {
        let answer = get_token(&router, query, Some(API_KEY)).await;
        assert_eq!(
            (answer.status, &answer.body),
            (StatusCode::BAD_REQUEST, &expected),
            "{query}"
        );
    }
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
    let router = router();
    let long_name = "n".repeat(60_000);
    let unknown = |shown: &str| {
        format!(
            "unknown query parameter {shown} (expected user_id, room_id, publish, kit, user_name)"
        )
    };
    let cases = [
        (
            "user_id=a&x%0AINFO%20issued%20a%20token=1".to_owned(),
            unknown(r#""x\nINFO issued a token""#),
        ),
        (
            "user_id=a&%1B%5B2J%E2%80%AE%E2%81%A6%E2%80%8B=1".to_owned(),
            unknown(r#""\u{1b}[2J\u{202e}\u{2066}\u{200b}""#),
        ),
        (
            format!("user_id=a&{long_name}=1"),
            unknown(&format!(r#""{}"..."#, "n".repeat(32))),
        ),
        (
            "user_id=%FF".to_owned(),
            example_server::NOT_UTF8.to_owned(),
        ),
        (
            "user_id=%FE".to_owned(),
            example_server::NOT_UTF8.to_owned(),
        ),
        (
            "user_id=a&room_id=r%FF".to_owned(),
            example_server::NOT_UTF8.to_owned(),
        ),
        (
            "user_id=a&%FF=1".to_owned(),
            example_server::NOT_UTF8.to_owned(),
        ),
    ];
    for (query, expected) in &cases {
        let answer = get_token(&router, query, Some(API_KEY)).await;
        let shown = &query[..query.len().min(60)];
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{shown}");
        assert_eq!(answer.body, json!({"error": expected}), "{shown}");
        assert_short_and_clean(shown, &answer.body);
    }
    // What ZEGO's rules refuse is named by position and code point, never
    // shown: the control characters of a forged line stay out too.
    let room_rule = |position: usize, ch: &str| {
        format!(
            "privilege payload `room_id` has character {position} {ch}, which ZEGO's RTC clients refuse: use ASCII letters, digits and ~!@#$^&*()_+=-`;',.<>\\ (ZEGO client error 1002012)"
        )
    };
    for (query, error, client_code) in [
        (
            "user_id=a&room_id=r%0Aforged",
            room_rule(2, "(U+000A)"),
            1_002_012,
        ),
        (
            "user_id=a&room_id=%1B%5B31m",
            room_rule(1, "(U+001B)"),
            1_002_012,
        ),
        (
            "user_id=a&room_id=r&kit=true&user_name=A%0DB",
            "kit user name has character 2 (U+000D), a control character".to_owned(),
            0,
        ),
    ] {
        let answer = get_token(&router, query, Some(API_KEY)).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{query}");
        let mut expected = json!({"error": error});
        if client_code != 0 {
            expected["client_code"] = json!(client_code);
        }
        assert_eq!(answer.body, expected, "{query}");
        assert_short_and_clean(query, &answer.body);
    }
}

#[tokio::test]
async fn healthz_needs_no_key_and_bearer_is_case_insensitive() {
    let router = router();
    for method in [Method::GET, Method::HEAD] {
        let answer = call(&router, request(method.clone(), "/healthz", None)).await;
        assert_eq!(answer.status, StatusCode::OK, "{method}");
        let expected = if method == Method::GET {
            json!("ok\n")
        } else {
            Value::Null
        };
        assert_eq!(answer.body, expected, "{method}");
    }

    for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        for gap in [" ", "   "] {
            let request = Request::get("/v1/token?user_id=alice")
                .header(header::AUTHORIZATION, format!("{scheme}{gap}{API_KEY}"))
                .body(Body::empty())
                .unwrap();
            let answer = call(&router, request).await;
            assert_eq!(answer.status, StatusCode::OK, "{scheme:?}{gap:?}");
        }
    }
    for value in [
        format!("Bearer{API_KEY}"),
        format!("Bearer: {API_KEY}"),
        format!("Token {API_KEY}"),
        format!("Bearer {API_KEY}x"),
    ] {
        let request = Request::get("/v1/token?user_id=alice")
            .header(header::AUTHORIZATION, &value)
            .body(Body::empty())
            .unwrap();
        let answer = call(&router, request).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{value:?}");
    }
}

#[tokio::test]
async fn head_mints_nothing() {
    let router = router();
    let log = crate::logs::Log::capture("debug", async {
        let answer = call(
            &router,
            request(Method::HEAD, "/v1/token?user_id=alice", Some(API_KEY)),
        )
        .await;
        assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(answer.headers[header::ALLOW], "GET");
        assert_eq!(answer.headers[header::CACHE_CONTROL], "no-store");
        assert_eq!(answer.headers[header::CONTENT_TYPE], "application/json");
    })
    .await;
    assert!(!log.contains("issued"), "{log}");
    // Without the key, HEAD learns no more than GET does.
    let answer = call(
        &router,
        request(Method::HEAD, "/v1/token?user_id=alice", None),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn unknown_paths_and_methods_answer_in_the_json_error_shape() {
    let router = router();
    let not_found = json!({"error": "no such endpoint"});
    for uri in ["/", "/v1/token/", "/v1/tokens?user_id=a", "/healthz/x"] {
        let answer = call(&router, request(Method::GET, uri, Some(API_KEY))).await;
        assert_eq!(
            (answer.status, &answer.body),
            (StatusCode::NOT_FOUND, &not_found),
            "{uri}"
        );
        assert_eq!(answer.headers[header::CONTENT_TYPE], "application/json");
    }
    let method_not_allowed = json!({"error": "method not allowed: see the Allow header"});
    for (method, uri, allow) in [
        (Method::POST, "/v1/token?user_id=a", "GET"),
        (Method::DELETE, "/v1/token", "GET"),
        (Method::POST, "/healthz", "GET,HEAD"),
        (Method::PUT, "/healthz", "GET,HEAD"),
    ] {
        let answer: Answer = call(&router, request(method.clone(), uri, Some(API_KEY))).await;
        assert_eq!(
            (answer.status, &answer.body),
            (StatusCode::METHOD_NOT_ALLOWED, &method_not_allowed),
            "{method} {uri}"
        );
        assert_eq!(answer.headers[header::ALLOW], allow, "{method} {uri}");
    }
}

#[tokio::test]
async fn cors_allows_only_the_configured_origins() {
    let cors = app::cors(&["https://app.example.com".to_owned()]).unwrap();
    let router = router().layer(cors);
    let url = "/v1/token?user_id=alice";

    // The browser's preflight carries no key and must still be answered.
    let preflight = |origin: &str| {
        Request::builder()
            .method(Method::OPTIONS)
            .uri(url)
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization")
            .body(Body::empty())
            .unwrap()
    };
    let answer = call(&router, preflight("https://app.example.com")).await;
    assert_eq!(answer.status, StatusCode::OK);
    let headers = &answer.headers;
    assert_eq!(
        headers["access-control-allow-origin"],
        "https://app.example.com"
    );
    assert_eq!(headers["access-control-allow-headers"], "authorization");
    assert_eq!(headers["access-control-allow-methods"], "GET");
    let answer = call(&router, preflight("https://evil.example")).await;
    assert!(!answer.headers.contains_key("access-control-allow-origin"));

    let request = Request::get(url)
        .header(header::AUTHORIZATION, format!("Bearer {API_KEY}"))
        .header(header::ORIGIN, "https://app.example.com")
        .body(Body::empty())
        .unwrap();
    let answer = call(&router, request).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.headers["access-control-allow-origin"],
        "https://app.example.com"
    );

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

#[tokio::test]
async fn serves_tokens_for_a_config_profile() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(dir.path());
    let settings = app::Settings::from_lookup(
        Some(&config(&path, Some("staging"))),
        env(&[("TOKEN_SERVER_API_KEY", API_KEY)]),
    )
    .unwrap();
    let router = app::router(state_with(settings));

    let body = ok(&router, "user_id=erin&room_id=r3&kit=true").await;
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
}
