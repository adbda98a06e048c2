//! Tokens issued through every form of `#[derive(ZegoTokenIssuer)]`, decoded
//! with the secret they were minted with.

use std::time::Duration;

use zego_token::{Claims, Mode, Privilege, Product, ServerSecret, TypedIssuer, ZegoTokenIssuer};

/// The public demo secret; `.cargo/config.toml` puts it in
/// `ZEGO_TOKEN_TEST_SECRET` for the tests to read at run time.
const DEMO: &str = "fa94dd0f974cf2e293728a526b028271";
/// The staging app's secret in `data/zego.toml`
/// (`ZEGO_TOKEN_TEST_STAGING_SECRET`).
const STAGING: &str = "0123456789abcdef0123456789abcdef";

fn decode(token: &str) -> Claims {
    decode_with(token, DEMO)
}

fn decode_with(token: &str, secret: &str) -> Claims {
    zego_token::dangerous::decode_unverified(token, &ServerSecret::new(secret).unwrap()).unwrap()
}

#[derive(ZegoTokenIssuer)]
#[zego(
    app_id = 1234567890,
    secret_env = "ZEGO_TOKEN_TEST_SECRET",
    ttl = "2h",
    mode = "cbc"
)]
struct Rtc;

#[derive(ZegoTokenIssuer)]
#[zego(
    app_id = 42,
    secret = "fa94dd0f974cf2e293728a526b028271",
    ttl = 90,
    mode = "gcm"
)]
struct Literal;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 7, secret_env = "ZEGO_TOKEN_TEST_SURELY_UNSET_DERIVE")]
struct Unset;

#[derive(ZegoTokenIssuer)]
#[zego(
    app_id = 5,
    secret = "fa94dd0f974cf2e293728a526b028271",
    product = "zim"
)]
struct Chat;

#[test]
fn attribute_form_issues_decodable_tokens() {
    assert_eq!(
        (Rtc::APP_ID, Rtc::TTL, Rtc::MODE),
        (1234567890, Duration::from_secs(7200), Mode::Cbc)
    );
    assert_eq!(Rtc::SECRET_ENV, Some("ZEGO_TOKEN_TEST_SECRET"));
    let issuer = Rtc::issuer().unwrap();
    let token = issuer.issue("alice").unwrap();
    let claims = decode(token.as_str());
    assert_eq!(
        (claims.app_id, claims.user_id.as_str()),
        (1234567890, "alice")
    );
    assert_eq!(claims.expire - claims.ctime, 7200);
    assert_eq!(zego_token::inspect(token.as_str()).unwrap().mode, Mode::Cbc);

    // An RTC app's typed issuer: the per-token builder and privileges.
    let privilege = Privilege::new("room1").with_publish(true);
    let room = issuer
        .token("alice")
        .with_ttl(std::time::Duration::from_secs(600))
        .with_privilege(&privilege)
        .issue()
        .unwrap();
    let claims = issuer.verifier().verify(room.as_str()).unwrap();
    assert_eq!(claims.expire - claims.ctime, 600);
    assert_eq!(claims.privilege().unwrap().room_id(), "room1");
}

#[test]
fn literal_secret_and_gcm() {
    assert_eq!(Literal::SECRET_ENV, None);
    let token = Literal::issuer().unwrap().issue("bob").unwrap();
    let claims = decode(token.as_str());
    assert_eq!((claims.app_id, claims.expire - claims.ctime), (42, 90));
    assert_eq!(zego_token::inspect(token.as_str()).unwrap().mode, Mode::Gcm);
}

#[test]
fn missing_secret_variable_is_a_named_code_5_error() {
    let err = Unset::issuer().unwrap_err();
    assert_eq!(err.code(), Some(5));
    assert_eq!(
        err.to_string(),
        "invalid server secret: environment variable ZEGO_TOKEN_TEST_SURELY_UNSET_DERIVE is not set"
    );
}

#[test]
fn zim_issuer_mints_basic_tokens() {
    let issuer = Chat::issuer().unwrap();
    assert_eq!(
        (Chat::PRODUCT, issuer.product()),
        (Product::Zim, Product::Zim)
    );
    let claims = decode(issuer.issue("carol").unwrap().as_str());
    assert_eq!((claims.app_id, claims.payload.as_str()), (5, ""));
}

// The config-file form; the path is relative to this package's Cargo.toml.
#[derive(ZegoTokenIssuer)]
#[zego(config = "data/zego.toml")]
struct FromFile;

#[derive(ZegoTokenIssuer)]
#[zego(config = "data/zego.toml", profile = "staging")]
struct FromFileStaging;

#[derive(ZegoTokenIssuer)]
#[zego(config = "data/zego.toml", profile = "chat")]
struct FromFileChat;

#[test]
fn config_file_form_issues_decodable_tokens() {
    assert_eq!(
        (FromFile::APP_ID, FromFile::TTL, FromFile::MODE),
        (1234567890, Duration::from_secs(3600), Mode::Cbc)
    );
    let claims = decode(FromFile::issuer().unwrap().issue("dave").unwrap().as_str());
    assert_eq!(
        (claims.app_id, claims.expire - claims.ctime),
        (1234567890, 3600)
    );

    // Another app, with its own secret; sets everything it uses.
    assert_eq!(
        FromFileStaging::SECRET_ENV,
        Some("ZEGO_TOKEN_TEST_STAGING_SECRET")
    );
    let token = FromFileStaging::issuer().unwrap().issue("dave").unwrap();
    let claims = decode_with(token.as_str(), STAGING);
    assert_eq!(
        (claims.app_id, claims.expire - claims.ctime),
        (987654321, 1800)
    );
    assert_eq!(zego_token::inspect(token.as_str()).unwrap().mode, Mode::Gcm);

    // A secret file, read at run time (relative to the working directory,
    // which cargo sets to this package's directory).
    assert_eq!(
        (FromFileChat::SECRET_ENV, FromFileChat::PRODUCT),
        (None, Product::Zim)
    );
    let claims = decode(
        FromFileChat::issuer()
            .unwrap()
            .issue("dave")
            .unwrap()
            .as_str(),
    );
    assert_eq!(
        (claims.app_id, claims.expire - claims.ctime),
        (1234567890, 3600)
    );
}

/// The app's own config, loaded at run time (here by serde from TOML).
#[derive(serde::Deserialize, ZegoTokenIssuer)]
#[zego(mode = "gcm")]
struct AppConfig {
    listen: String,
    #[zego(app_id)]
    zego_app_id: u32,
    #[zego(secret)]
    zego_secret: String,
    #[zego(ttl)]
    token_ttl: String,
}

#[derive(ZegoTokenIssuer)]
struct SecretField {
    #[zego(app_id)]
    id: u32,
    #[zego(secret)]
    secret: ServerSecret,
    #[zego(ttl)]
    ttl: i64,
}

#[derive(ZegoTokenIssuer)]
struct DurationField {
    #[zego(app_id)]
    id: u32,
    #[zego(secret)]
    secret: ServerSecret,
    #[zego(ttl)]
    ttl: Duration,
}

fn app_config(app_id: u32, secret: &str, ttl: &str) -> AppConfig {
    toml::from_str(&format!(
        "listen = \"0.0.0.0:8080\"\nzego_app_id = {app_id}\nzego_secret = \"{secret}\"\ntoken_ttl = \"{ttl}\""
    ))
    .unwrap()
}

#[test]
fn field_backed_form_issues_decodable_tokens() {
    let config = app_config(31337, DEMO, "45m");
    assert_eq!(config.listen, "0.0.0.0:8080");
    let token = config.issuer().unwrap().issue("erin").unwrap();
    let claims = decode(token.as_str());
    assert_eq!((claims.app_id, claims.expire - claims.ctime), (31337, 2700));
    assert_eq!(zego_token::inspect(token.as_str()).unwrap().mode, Mode::Gcm);

    let typed = SecretField {
        id: 9,
        secret: ServerSecret::new(DEMO).unwrap(),
        ttl: 120,
    };
    let claims = decode(typed.issuer().unwrap().issue("erin").unwrap().as_str());
    assert_eq!((claims.app_id, claims.expire - claims.ctime), (9, 120));

    // A `Duration` field: whole seconds, as `with_ttl` takes them.
    let timed = DurationField {
        id: 9,
        secret: ServerSecret::new(DEMO).unwrap(),
        ttl: Duration::from_millis(90_500),
    };
    let issuer = timed.issuer().unwrap();
    assert_eq!(issuer.ttl(), Duration::from_secs(90));
    let claims = decode(issuer.issue("erin").unwrap().as_str());
    assert_eq!(claims.lifetime(), Duration::from_secs(90));
}

#[test]
fn field_backed_form_checks_values_at_run_time() {
    assert_eq!(
        app_config(0, DEMO, "1h").issuer().unwrap_err().code(),
        Some(1)
    );
    let err = app_config(1, "fa94dd0f974cf2e2", "1h")
        .issuer()
        .unwrap_err();
    assert_eq!(err.code(), Some(5));
    assert!(!err.to_string().contains("fa94"), "{err}");
    let err = app_config(1, DEMO, "soon").issuer().unwrap_err();
    assert!(matches!(err, zego_token::Error::Config(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "invalid config: field `token_ttl`: ttl is not a duration: give seconds (3600) or a duration such as \"90s\", \"30m\", \"2h\", \"1d\""
    );
    let bad = SecretField {
        id: 9,
        secret: ServerSecret::new(DEMO).unwrap(),
        ttl: 0,
    };
    assert!(
        bad.issuer()
            .unwrap_err()
            .to_string()
            .contains("ttl must be positive")
    );
    let too_short = DurationField {
        id: 9,
        secret: ServerSecret::new(DEMO).unwrap(),
        ttl: Duration::from_millis(999),
    };
    let err = too_short.issuer().unwrap_err();
    assert!(matches!(err, zego_token::Error::Config(_)), "{err:?}");
    assert!(
        err.to_string()
            .contains("field `ttl`: ttl must be positive"),
        "{err}"
    );
}

#[test]
fn typed_issuer_is_cheap_send_sync_and_redacted() {
    fn assert_traits<T: Send + Sync + Clone + 'static>() {}
    // A spec type that is itself neither Send nor Sync.
    #[derive(ZegoTokenIssuer)]
    #[allow(dead_code)]
    struct NotSend {
        marker: std::rc::Rc<()>,
        #[zego(app_id)]
        id: u32,
        #[zego(secret)]
        secret: String,
    }
    assert_traits::<TypedIssuer<NotSend>>();
    assert_traits::<TypedIssuer<Chat>>();

    let issuer = Literal::issuer().unwrap();
    let debug = format!("{:?}", issuer.clone());
    assert!(debug.starts_with("TypedIssuer { spec: \""), "{debug}");
    assert!(debug.contains("Literal"), "{debug}");
    assert!(
        debug.contains("<redacted>") && !debug.contains("fa94"),
        "{debug}"
    );
    assert_eq!(issuer.into_inner().app_id(), 42);
}

/// Rebuild tracking: rustc's dep-info for this test binary lists the config
/// file (from `include_bytes!`), so cargo rebuilds, and re-checks, when it
/// changes; and it does not list the secret variable, which would record
/// the secret's value under `target/` (tests/secret_at_rest.rs searches a
/// whole target directory).
#[test]
fn generated_code_tracks_the_config_file_but_not_the_secret() {
    let exe = std::env::current_exe().unwrap();
    let dep_info = exe.with_extension("d");
    let text = std::fs::read_to_string(&dep_info)
        .unwrap_or_else(|e| panic!("{}: {e}", dep_info.display()));
    assert!(
        text.lines()
            .any(|l| l.ends_with("data/zego.toml:") || l.contains("data/zego.toml ")),
        "config file missing from {}",
        dep_info.display()
    );
    for var in ["ZEGO_TOKEN_TEST_SECRET", "ZEGO_TOKEN_TEST_STAGING_SECRET"] {
        assert!(
            !text.contains(var),
            "the secret variable {var} is recorded in {}",
            dep_info.display()
        );
    }
}
