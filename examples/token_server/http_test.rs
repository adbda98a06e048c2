//! The `token_server` example over real HTTP: the router from `app.rs` on an
//! ephemeral loopback port, called with reqwest, every returned token decoded
//! with the core decoder.

// The example's own module (the file beside this one), compiled in as is.
mod app;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::net::TcpListener;
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
    base: String,
    client: reqwest::Client,
    stop: oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

async fn start() -> Server {
    start_with(app::Settings::from_lookup(None, env(&good_env())).unwrap()).await
}

async fn start_with(settings: app::Settings) -> Server {
    let state = app::AppState::new(settings).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(app::serve(listener, state, async {
        let _ = stopped.await;
    }));
    Server {
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
            .unwrap()
            .unwrap();
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
    // Query strings axum itself cannot parse: still our JSON shape.
    for (query, needle) in [
        ("", "missing field `user_id`"),
        ("user_id=a&publish=maybe", "publish"),
        ("user_id=a&userid=b", "unknown field `userid`"),
    ] {
        let (status, body) = server.get(query, Some(API_KEY)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(keys(&body), ["code", "error"]);
        assert_eq!(body["code"], Value::Null);
        assert!(
            body["error"].as_str().unwrap().contains(needle),
            "{query}: {body}"
        );
    }
    server.stop().await;
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
