//! Start-up: what the server reads from the environment or a config file,
//! and every setting it refuses before it binds.

use std::path::{Path, PathBuf};

use axum::http::StatusCode;
use zego_token::{Charset, Mode, Product};

use crate::app;
use crate::support::{API_KEY, APP_ID, SECRET, env, get_token, good_env, state_with};

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
fn missing_or_invalid_settings_are_refused() {
    assert_eq!(
        startup_error("ZEGO_APP_ID", None),
        "ZEGO_APP_ID is not set (or name a config file with --config or ZEGO_CONFIG)"
    );
    assert_eq!(
        startup_error("ZEGO_APP_ID", Some("abc")),
        "ZEGO_APP_ID must be the numeric app ID from the ZEGO console (1 to 4294967295)"
    );
    assert_eq!(
        startup_error("ZEGO_APP_ID", Some("0")),
        "ZEGO_APP_ID: invalid app ID: it must be a non-zero 32-bit integer from the ZEGO console"
    );
    assert_eq!(
        startup_error("ZEGO_SERVER_SECRET", None),
        "ZEGO_SERVER_SECRET is not set"
    );
    let err = startup_error("ZEGO_SERVER_SECRET", Some("not-the-real-secret"));
    assert!(
        err.starts_with("ZEGO_SERVER_SECRET: invalid server secret"),
        "{err}"
    );
    assert!(!err.contains("not-the-real-secret"), "{err}");
    assert_eq!(
        startup_error("TOKEN_SERVER_API_KEY", None),
        "TOKEN_SERVER_API_KEY is not set"
    );
    let settings = app::Settings::from_lookup(None, env(&good_env())).unwrap();
    assert!(!format!("{settings:?}").contains(API_KEY));
}

#[test]
fn api_keys_no_client_could_send_are_refused_without_being_shown() {
    let long = "k".repeat(app::ApiKey::MAX_LEN + 1);
    let cases = [
        ("", "TOKEN_SERVER_API_KEY is empty".to_owned()),
        (
            "0123456789abcdef-mounted\n",
            "TOKEN_SERVER_API_KEY has a line break at byte 24: no client can send it after `Bearer `; \
             use printable ASCII without spaces (a trailing newline from a mounted secret or `echo`? strip it)"
                .to_owned(),
        ),
        (
            "  0123456789abcdef-spaces  ",
            "TOKEN_SERVER_API_KEY has a space or tab at byte 0: no client can send it after `Bearer `; \
             use printable ASCII without spaces"
                .to_owned(),
        ),
        (
            "0123456789abcdef-spaces  ",
            "TOKEN_SERVER_API_KEY has a space or tab at byte 23: no client can send it after `Bearer `; \
             use printable ASCII without spaces (a trailing newline from a mounted secret or `echo`? strip it)"
                .to_owned(),
        ),
        (
            "0123456789\u{7f}abcdef-control",
            "TOKEN_SERVER_API_KEY has a control character at byte 10: no client can send it after `Bearer `; \
             use printable ASCII without spaces"
                .to_owned(),
        ),
        (
            "0123456789abcdef-caf\u{e9}",
            "TOKEN_SERVER_API_KEY has a character outside printable ASCII at byte 20: no client can send it \
             after `Bearer `; use printable ASCII without spaces"
                .to_owned(),
        ),
        (
            "0123456789abcdef\u{a0}nbsp",
            "TOKEN_SERVER_API_KEY has a space character at byte 16: no client can send it after `Bearer `; \
             use printable ASCII without spaces"
                .to_owned(),
        ),
        (
            "k",
            "TOKEN_SERVER_API_KEY is 1 bytes, shorter than 16: use a long random key (openssl rand -hex 32)"
                .to_owned(),
        ),
        (
            "short-key-15chr",
            "TOKEN_SERVER_API_KEY is 15 bytes, shorter than 16: use a long random key (openssl rand -hex 32)"
                .to_owned(),
        ),
        (
            long.as_str(),
            "TOKEN_SERVER_API_KEY is 257 bytes, longer than 256".to_owned(),
        ),
    ];
    for (key, expected) in &cases {
        let err = startup_error("TOKEN_SERVER_API_KEY", Some(key));
        assert_eq!(&err, expected, "{key:?}");
        assert!(!err.contains('\n'), "{err}");
        if key.len() > 1 {
            assert!(!err.contains(key.trim()), "the key is shown: {err}");
        }
    }
    // The bounds themselves are accepted.
    for key in [
        "0123456789abcdef".to_owned(),
        "k".repeat(app::ApiKey::MAX_LEN),
    ] {
        let mut vars = good_env();
        vars.retain(|(k, _)| *k != "TOKEN_SERVER_API_KEY");
        vars.push(("TOKEN_SERVER_API_KEY", &key));
        assert!(app::Settings::from_lookup(None, env(&vars)).is_ok());
    }
}

/// `zego.toml` in `dir`: a top level reading `ZEGO_TEST_PROD_SECRET`, and a
/// GCM `staging` profile with a 10-minute ttl reading `staging.secret`
/// (which holds `SECRET`).
pub fn write_config(dir: &Path) -> PathBuf {
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

pub const STAGING_APP_ID: u32 = 987_654_321;

pub fn config(path: &Path, profile: Option<&str>) -> app::ConfigFile {
    app::ConfigFile {
        path: path.to_owned(),
        profile: profile.map(str::to_owned),
    }
}

#[test]
fn the_app_comes_from_a_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(dir.path());
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
fn a_broken_config_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let path = write_config(dir);
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
    let err = startup_error(config(&missing, None), key_only);
    assert!(
        err.starts_with(&format!("invalid config: {}: ", missing.display())),
        "{err}"
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

#[tokio::test]
async fn a_zim_profile_mints_under_zims_rules() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("zego.toml");
    std::fs::write(
        &path,
        "app_id = 1234567890\nsecret_env = \"ZEGO_TEST_PROD_SECRET\"\nproduct = \"zim\"\nid_charset = \"extended\"\n",
    )
    .unwrap();
    let vars = [
        ("TOKEN_SERVER_API_KEY", API_KEY),
        ("ZEGO_TEST_PROD_SECRET", SECRET),
    ];
    let settings = app::Settings::from_lookup(Some(&config(&path, None)), env(&vars)).unwrap();
    assert_eq!(
        (settings.product, settings.id_charset),
        (Product::Zim, Charset::Extended)
    );
    let router = app::router(state_with(settings));
    // ZIM's user IDs are at most 32 bytes; its tokens carry no payload.
    let ok = get_token(
        &router,
        &format!("user_id={}", "u".repeat(32)),
        Some(API_KEY),
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let long = get_token(
        &router,
        &format!("user_id={}", "u".repeat(33)),
        Some(API_KEY),
    )
    .await;
    assert_eq!(long.status, StatusCode::BAD_REQUEST, "{}", long.body);
    assert_eq!(long.body["code"], 3);
    let room = get_token(&router, "user_id=alice&room_id=room1", Some(API_KEY)).await;
    assert_eq!(room.status, StatusCode::BAD_REQUEST, "{}", room.body);
}
