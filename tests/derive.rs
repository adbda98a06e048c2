//! Tokens issued through every form of `#[derive(ZegoTokenIssuer)]`, decoded
//! with the secret they were minted with.

use std::time::Duration;

use zego_token::callback::{CallbackError, CallbackParams, CallbackSecret};
use zego_token::{
    App, Claims, Mode, Privilege, Product, ServerSecret, TypedApiSigner, TypedCallbackVerifier,
    TypedIssuer, ZegoTokenIssuer,
};

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

/// ZEGO's worked example ("Authenticating server-to-server callbacks"):
/// nonce 123412 and timestamp 1470820198 signed with the callback secret
/// `secret`.
fn zegos_callback() -> CallbackParams {
    CallbackParams::new(
        "1470820198",
        "123412",
        "5bd59fd62953a8059fb7eaba95720f66d19e4517",
    )
}

const ZEGOS_TIME: i64 = 1_470_820_198;

/// The MD5 ZEGO's documentation gives for a server API signature, computed
/// here from its definition: AppId + SignatureNonce + ServerSecret +
/// Timestamp.
fn md5_signature(app_id: u32, nonce: &str, timestamp: i64) -> String {
    md5_signature_with(DEMO, app_id, nonce, timestamp)
}

/// As [`md5_signature`], for an app with another secret.
fn md5_signature_with(secret: &str, app_id: u32, nonce: &str, timestamp: i64) -> String {
    use md5::{Digest, Md5};
    hex::encode(Md5::digest(format!("{app_id}{nonce}{secret}{timestamp}")))
}

#[derive(ZegoTokenIssuer)]
#[zego(
    app_id = 1234567890,
    secret_env = "ZEGO_TOKEN_TEST_SECRET",
    callback_secret = "secret"
)]
struct WithCallback;

#[derive(ZegoTokenIssuer)]
#[zego(
    app_id = 7,
    secret = "fa94dd0f974cf2e293728a526b028271",
    callback_secret_env = "ZEGO_TOKEN_TEST_SURELY_UNSET_DERIVE_CALLBACK"
)]
struct UnsetCallback;

#[test]
fn attribute_form_gives_the_app_its_signer_and_callback_verifier() {
    assert_eq!(WithCallback::CALLBACK_SECRET_ENV, None);
    let app: App<WithCallback> = WithCallback::app().unwrap();
    assert_eq!(app.app_id(), 1234567890);

    let claims = decode(app.issuer().issue("alice").unwrap().as_str());
    assert_eq!(claims.app_id, 1234567890);

    // The signer holds the same secret the issuer was built from.
    let params = app
        .api_signer()
        .sign_fixed("0123456789abcdef", 1_700_000_000);
    assert_eq!(params.app_id(), 1234567890);
    assert_eq!(
        params.signature(),
        md5_signature(1234567890, "0123456789abcdef", 1_700_000_000)
    );
    let fresh = WithCallback::api_signer().unwrap().sign();
    assert_eq!(
        fresh.signature(),
        md5_signature(1234567890, fresh.nonce(), fresh.timestamp())
    );

    let verifier = app.callback_verifier();
    verifier.verify_at(&zegos_callback(), ZEGOS_TIME).unwrap();
    let forged = CallbackParams::new("1470820198", "123413", zegos_callback().signature());
    assert!(matches!(
        verifier.verify_at(&forged, ZEGOS_TIME),
        Err(CallbackError::Mismatch)
    ));
    assert!(matches!(
        verifier.verify_at(&zegos_callback(), ZEGOS_TIME + 3600),
        Err(CallbackError::Stale { .. })
    ));
    let strict = WithCallback::callback_verifier()
        .unwrap()
        .with_tolerance(Duration::from_secs(1));
    assert_eq!(strict.tolerance(), Duration::from_secs(1));
    assert!(strict.verify_at(&zegos_callback(), ZEGOS_TIME + 2).is_err());

    // The parts, for handlers that need one each.
    let (issuer, signer, verifier) = app.into_parts();
    assert_eq!((issuer.app_id(), signer.app_id()), (1234567890, 1234567890));
    assert!(verifier.verify_at(&zegos_callback(), ZEGOS_TIME).is_ok());
}

#[test]
fn the_callback_secret_is_read_when_asked_for_and_named_when_missing() {
    // The default variable, read only at run time.
    assert_eq!(Rtc::CALLBACK_SECRET_ENV, Some("ZEGO_CALLBACK_SECRET"));
    assert_eq!(
        UnsetCallback::CALLBACK_SECRET_ENV,
        Some("ZEGO_TOKEN_TEST_SURELY_UNSET_DERIVE_CALLBACK")
    );
    // An app that receives no callbacks never needs the callback secret.
    assert!(UnsetCallback::issuer().is_ok() && UnsetCallback::api_signer().is_ok());
    for err in [
        UnsetCallback::callback_verifier().unwrap_err(),
        UnsetCallback::app().unwrap_err(),
    ] {
        assert!(
            matches!(err, zego_token::Error::CallbackSecret(_)),
            "{err:?}"
        );
        assert_eq!(err.code(), None);
        assert_eq!(
            err.to_string(),
            "invalid callback secret: environment variable ZEGO_TOKEN_TEST_SURELY_UNSET_DERIVE_CALLBACK is not set"
        );
    }
    // The server secret is read first: its error comes first.
    let err = Unset::app().unwrap_err();
    assert_eq!(err.code(), Some(5), "{err}");
}

#[test]
fn config_file_form_names_the_callback_secret_per_profile() {
    // The top level's file, inherited by staging.
    assert_eq!(FromFile::CALLBACK_SECRET_ENV, None);
    for verifier in [
        FromFile::callback_verifier().unwrap().into_inner(),
        FromFileStaging::app()
            .unwrap()
            .callback_verifier()
            .clone()
            .into_inner(),
    ] {
        verifier.verify_at(&zegos_callback(), ZEGOS_TIME).unwrap();
    }
    // Chat names a variable of its own, unset here.
    assert_eq!(
        FromFileChat::CALLBACK_SECRET_ENV,
        Some("ZEGO_TOKEN_TEST_SURELY_UNSET_CALLBACK")
    );
    let err = FromFileChat::callback_verifier().unwrap_err();
    assert!(
        err.to_string()
            .ends_with("ZEGO_TOKEN_TEST_SURELY_UNSET_CALLBACK is not set"),
        "{err}"
    );
    let signer = FromFileStaging::api_signer().unwrap();
    let params = signer.sign_fixed("n", 1);
    assert_eq!(
        params.signature(),
        md5_signature_with(STAGING, 987654321, "n", 1)
    );
}

#[derive(ZegoTokenIssuer)]
struct FieldsWithCallback {
    #[zego(app_id)]
    id: u32,
    #[zego(secret)]
    secret: String,
    #[zego(callback_secret)]
    callback: String,
}

#[derive(ZegoTokenIssuer)]
#[zego(ttl = "5m")]
struct TypedCallbackField {
    #[zego(app_id)]
    id: u32,
    #[zego(secret)]
    secret: ServerSecret,
    #[zego(callback_secret)]
    callback: CallbackSecret,
}

#[test]
fn field_form_gives_the_callback_verifier_with_a_callback_secret_field() {
    let config = FieldsWithCallback {
        id: 31337,
        secret: DEMO.into(),
        callback: "secret".into(),
    };
    let app = config.app().unwrap();
    assert_eq!(app.app_id(), 31337);
    app.callback_verifier()
        .verify_at(&zegos_callback(), ZEGOS_TIME)
        .unwrap();
    config
        .callback_verifier()
        .unwrap()
        .verify_at(&zegos_callback(), ZEGOS_TIME)
        .unwrap();
    let params = config.api_signer().unwrap().sign_fixed("n", 2);
    assert_eq!(params.signature(), md5_signature(31337, "n", 2));

    let typed = TypedCallbackField {
        id: 9,
        secret: ServerSecret::new(DEMO).unwrap(),
        callback: CallbackSecret::new("secret").unwrap(),
    };
    let app = typed.app().unwrap();
    assert_eq!(app.issuer().ttl(), Duration::from_secs(300));
    assert!(
        app.callback_verifier()
            .verify_at(&zegos_callback(), ZEGOS_TIME)
            .is_ok()
    );

    // Checked at run time, like the other fields.
    let empty = FieldsWithCallback {
        id: 1,
        secret: DEMO.into(),
        callback: String::new(),
    };
    assert!(empty.issuer().is_ok());
    let err = empty.app().unwrap_err();
    assert_eq!(err.to_string(), "invalid callback secret: it is empty");
    assert!(empty.callback_verifier().is_err());
    // The field form without one has no callback verifier to give: the
    // signer is still there.
    let params = SecretField {
        id: 9,
        secret: ServerSecret::new(DEMO).unwrap(),
        ttl: 60,
    }
    .api_signer()
    .unwrap()
    .sign_fixed("n", 3);
    assert_eq!(params.signature(), md5_signature(9, "n", 3));
}

#[test]
fn the_typed_app_is_cheap_send_sync_and_redacted() {
    fn assert_traits<T: Send + Sync + Clone + 'static>() {}
    #[derive(ZegoTokenIssuer)]
    #[allow(dead_code)]
    struct NotSend {
        marker: std::rc::Rc<()>,
        #[zego(app_id)]
        id: u32,
        #[zego(secret)]
        secret: String,
        #[zego(callback_secret)]
        callback: String,
    }
    assert_traits::<App<NotSend>>();
    assert_traits::<TypedApiSigner<NotSend>>();
    assert_traits::<TypedCallbackVerifier<NotSend>>();

    let app = FieldsWithCallback {
        id: 1,
        secret: DEMO.into(),
        callback: "hunter2-callback".into(),
    }
    .app()
    .unwrap();
    let debug = format!("{:?} {:#?}", app.clone(), app);
    assert!(debug.starts_with("App { spec: \""), "{debug}");
    assert!(debug.contains("FieldsWithCallback"), "{debug}");
    assert!(debug.contains("TypedApiSigner") && debug.contains("TypedCallbackVerifier"));
    assert!(
        !debug.contains("fa94") && !debug.contains("hunter2"),
        "{debug}"
    );
}

/// A ZIM app whose lifetime comes from a field: ZIM's 24 days are checked
/// when `issuer()` runs (a constant `ttl` is checked while compiling).
#[derive(ZegoTokenIssuer)]
#[zego(product = "zim")]
struct ZimFields {
    #[zego(app_id)]
    id: u32,
    #[zego(secret)]
    secret: ServerSecret,
    #[zego(ttl)]
    ttl: String,
}

#[test]
fn a_zim_lifetime_from_a_field_is_checked_when_the_issuer_is_built() {
    let app = |ttl: &str| ZimFields {
        id: 9,
        secret: ServerSecret::new(DEMO).unwrap(),
        ttl: ttl.to_owned(),
    };
    let issuer = app("24d").issuer().unwrap();
    assert_eq!(
        decode(issuer.issue("erin").unwrap().as_str()).lifetime(),
        Duration::from_secs(24 * 86_400)
    );
    let err = app("25d").issuer().unwrap_err();
    assert_eq!((err.code(), err.client_code()), (Some(6), Some(6_000_109)));
    assert_eq!(
        app("30s").issuer().unwrap_err().client_code(),
        Some(6_000_108)
    );
}
