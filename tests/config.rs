//! The run-time config loader: `Config::from_path`, `FromStr`, profiles,
//! and refusals that carry file, line and column.

use std::path::Path;
use std::time::Duration;

use zego_token::callback::CallbackParams;
use zego_token::error::{ConfigProblem, ConfigProblemKind};
use zego_token::{Config, Error, Mode, Product, SecretSource, ServerSecret};

const DEMO: &str = "fa94dd0f974cf2e293728a526b028271";
/// The staging app's secret in `data/zego.toml` (`ZEGO_TOKEN_TEST_STAGING_SECRET`).
const STAGING: &str = "0123456789abcdef0123456789abcdef";

fn data(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name)
}

/// The one problem `text` has.
fn problem(text: &str) -> ConfigProblem {
    match text.parse::<Config>() {
        Err(Error::Config(problems)) if problems.len() == 1 => problems.first().unwrap().clone(),
        other => panic!("expected one config problem for {text:?}, got {other:?}"),
    }
}

#[test]
fn file_profiles_inherit_the_top_level() {
    let config = Config::from_path(data("zego.toml")).unwrap();
    assert_eq!(
        config.profile_names().collect::<Vec<_>>(),
        ["chat", "staging"]
    );

    let top = config.default_profile().unwrap();
    assert_eq!(
        (top.name(), top.app_id(), top.ttl(), top.mode()),
        (None, 1234567890, Duration::from_secs(3600), Mode::Cbc)
    );
    assert_eq!(
        top.secret_source(),
        &SecretSource::Env("ZEGO_TOKEN_TEST_SECRET".into())
    );

    let staging = config.profile("staging").unwrap();
    assert_eq!(
        (
            staging.name(),
            staging.app_id(),
            staging.ttl(),
            staging.mode()
        ),
        (
            Some("staging"),
            987654321,
            Duration::from_secs(1800),
            Mode::Gcm
        )
    );
    assert_eq!(
        staging.secret_source(),
        &SecretSource::Env("ZEGO_TOKEN_TEST_STAGING_SECRET".into())
    );
    assert_eq!(staging.product(), Product::Rtc);

    let chat = config.profile("chat").unwrap();
    assert_eq!(
        (chat.app_id(), chat.ttl(), chat.product()),
        (1234567890, Duration::from_secs(3600), Product::Zim)
    );
    assert_eq!(
        chat.secret_source(),
        &SecretSource::File("data/demo_secret.txt".into())
    );
}

#[test]
fn issuers_from_profiles_mint_decodable_tokens() {
    let config = Config::from_path(data("zego.toml")).unwrap();
    for (issuer, secret, app_id, lifetime, mode, product) in [
        (
            config.issuer().unwrap(),
            DEMO,
            1234567890,
            3600,
            Mode::Cbc,
            Product::Rtc,
        ),
        // Another app, with its own secret.
        (
            config.profile("staging").unwrap().issuer().unwrap(),
            STAGING,
            987654321,
            1800,
            Mode::Gcm,
            Product::Rtc,
        ),
        // Secret from a file (relative to the working directory: this package).
        (
            config.profile("chat").unwrap().issuer().unwrap(),
            DEMO,
            1234567890,
            3600,
            Mode::Cbc,
            Product::Zim,
        ),
    ] {
        let secret = ServerSecret::new(secret).unwrap();
        assert_eq!(issuer.product(), product);
        let token = issuer.issue("user1").unwrap();
        let claims = zego_token::dangerous::decode_unverified(token.as_str(), &secret).unwrap();
        assert_eq!(
            (claims.app_id, claims.expire - claims.ctime),
            (app_id, lifetime)
        );
        assert_eq!(zego_token::inspect(token.as_str()).unwrap().mode, mode);
    }
}

#[test]
fn profiles_give_the_api_signer_and_the_callback_verifier() {
    let config = Config::from_path(data("zego.toml")).unwrap();
    let top = config.default_profile().unwrap();
    let file = SecretSource::File("data/demo_callback_secret.txt".into());
    assert_eq!(top.callback_secret_source(), &file);
    assert_eq!(
        config.profile("staging").unwrap().callback_secret_source(),
        &file
    );
    let chat = config.profile("chat").unwrap();
    assert_eq!(
        chat.callback_secret_source(),
        &SecretSource::Env("ZEGO_TOKEN_TEST_SURELY_UNSET_CALLBACK".into())
    );

    // ZEGO's worked example, checked by the top level's and staging's
    // verifiers (the file holds `secret`).
    let example = CallbackParams::new(
        "1470820198",
        "123412",
        "5bd59fd62953a8059fb7eaba95720f66d19e4517",
    );
    for verifier in [
        config.callback_verifier().unwrap(),
        config
            .profile("staging")
            .unwrap()
            .callback_verifier()
            .unwrap(),
    ] {
        verifier.verify_at(&example, 1_470_820_198).unwrap();
    }
    let err = chat.callback_verifier().unwrap_err();
    assert!(matches!(err, Error::CallbackSecret(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "invalid callback secret: environment variable ZEGO_TOKEN_TEST_SURELY_UNSET_CALLBACK is not set"
    );

    // Signers with each profile's app ID and secret (chat's from its file):
    // ZEGO's MD5 of AppId + SignatureNonce + ServerSecret + Timestamp.
    for (signer, app_id, secret) in [
        (config.api_signer().unwrap(), 1234567890, DEMO),
        (
            config.profile("staging").unwrap().api_signer().unwrap(),
            987654321,
            STAGING,
        ),
        (chat.api_signer().unwrap(), 1234567890, DEMO),
    ] {
        let params = signer.sign_fixed("0123456789abcdef", 1_700_000_000);
        use md5::{Digest, Md5};
        let expected = Md5::digest(format!("{app_id}0123456789abcdef{secret}1700000000"));
        assert_eq!(params.signature(), hex::encode(expected));
    }

    // The default source, and a file that cannot be a callback secret.
    let plain: Config = "app_id = 1".parse().unwrap();
    assert_eq!(
        plain.default_profile().unwrap().callback_secret_source(),
        &SecretSource::Env(zego_token::callback::DEFAULT_CALLBACK_SECRET_ENV.into())
    );
    for (file, why) in [
        ("data/token04.json", "over the limit of 1026"),
        ("data/config", "it is a directory, not a regular file"),
    ] {
        let config: Config = format!("app_id = 1\ncallback_secret_file = {file:?}")
            .parse()
            .unwrap();
        let err = config.callback_verifier().unwrap_err().to_string();
        assert!(err.starts_with("invalid callback secret: "), "{err}");
        assert!(err.contains(file) && err.ends_with(why), "{err}");
    }
}

#[test]
fn defaults_apply_when_keys_are_absent() {
    let config: Config = "app_id = 1".parse().unwrap();
    let top = config.default_profile().unwrap();
    assert_eq!(
        (top.ttl(), top.mode(), top.product()),
        (Duration::from_secs(3600), Mode::Cbc, Product::Rtc)
    );
    assert_eq!(
        top.secret_source(),
        &SecretSource::Env(zego_token::DEFAULT_SECRET_ENV.into())
    );
    assert_eq!(zego_token::DEFAULT_SECRET_ENV, "ZEGO_SERVER_SECRET");
}

#[test]
fn a_plain_secret_is_refused_without_echoing_it() {
    let p = problem(&format!("app_id = 1\n\nsecret = \"{DEMO}\"\n"));
    assert_eq!((p.line(), p.column()), (Some(3), Some(10)));
    assert!(
        p.message().contains("secret_env") && p.message().contains("secret_file"),
        "{p}"
    );
    assert!(!p.to_string().contains("fa94"), "{p}");
    // Also inside a profile.
    let p = problem(&format!("app_id = 1\n[profiles.x]\nsecret = \"{DEMO}\"\n"));
    assert_eq!(p.line(), Some(3));
}

#[test]
fn errors_from_files_carry_file_line_and_column() {
    let dir = std::env::temp_dir().join(format!("zego-token-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("zego.toml");
    std::fs::write(&path, "app_id = 1\nttl = \"soon\"\n").unwrap();
    let err = Config::from_path(&path).unwrap_err();
    let Error::Config(problems) = &err else {
        panic!("{err:?}")
    };
    let p = problems.first().unwrap();
    assert_eq!(
        (p.path(), p.line(), p.column()),
        (Some(path.as_path()), Some(2), Some(7))
    );
    assert_eq!(
        err.to_string(),
        format!(
            "invalid config: {}:2:7: ttl is not a duration: give seconds (3600) or a duration such as \"90s\", \"30m\", \"2h\", \"1d\"",
            path.display()
        )
    );

    // Syntax errors too.
    std::fs::write(&path, "app_id = 1\nsecret_env = \"UNTERMINATED\n").unwrap();
    let Err(Error::Config(problems)) = Config::from_path(&path) else {
        panic!()
    };
    let p = problems.first().unwrap();
    assert_eq!(p.line(), Some(2));
    assert!(p.message().starts_with("TOML syntax error: "), "{p}");

    let missing = dir.join("missing.toml");
    let err = Config::from_path(&missing).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "invalid config: {}: cannot read the config file: not found",
            missing.display()
        )
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn each_mistake_has_its_own_message_and_place() {
    let cases: &[(&str, (usize, usize), &str)] = &[
        (
            "app_id = 0",
            (1, 10),
            "app_id must not be 0: use the AppID from the ZEGO console (1 to 4294967295)",
        ),
        (
            "app_id = 4294967296",
            (1, 10),
            "app_id is above u32::MAX: use the AppID from the ZEGO console (1 to 4294967295)",
        ),
        (
            "app_id = \"12\"",
            (1, 10),
            "app_id must be an integer: the AppID from the ZEGO console, without quotes",
        ),
        (
            "app_id = 1\nmode = \"ecb\"",
            (2, 8),
            "mode must be \"cbc\" or \"gcm\"",
        ),
        (
            "app_id = 1\nproduct = 1",
            (2, 11),
            "product must be a string",
        ),
        (
            "app_id = 1\nttl = 0",
            (2, 7),
            "ttl must be positive: give seconds (3600) or a duration such as \"90s\", \"30m\", \"2h\", \"1d\"",
        ),
        (
            "app_id = 1\nttl_secs = 5",
            (2, 1),
            "unknown key `ttl_secs`: did you mean `ttl`?",
        ),
        (
            "app_id = 1\nsecret_env = \"1ABC\"",
            (2, 14),
            "secret_env must name an environment variable (letters, digits and _, not starting with a digit)",
        ),
        (
            "app_id = 1\nsecret_env = \"A\"\nsecret_file = \"/x\"",
            (3, 15),
            "set either secret_env or secret_file, not both",
        ),
        (
            "app_id = 1\ncallback_secret_env = \"CB\"\ncallback_secret_file = \"/cb\"",
            (3, 24),
            "set either callback_secret_env or callback_secret_file, not both",
        ),
        (
            "app_id = 1\ncallback_secret_file = 5",
            (2, 24),
            "callback_secret_file must be a string: the path of the file holding the callback secret",
        ),
        (
            "app_id = 1\ncallback_secret = \"secret\"",
            (2, 19),
            "a plain `callback_secret` is not allowed in a config file, which gets committed and copied: name an environment variable with `callback_secret_env` or a file with `callback_secret_file` instead",
        ),
        (
            "app_id = 1\n[profiles.a]\napp_id = 2\n[profiles.a.profiles.b]\napp_id = 3",
            (4, 13),
            "profiles cannot be nested",
        ),
        (
            "ttl = 60\n[profiles.a]\nmode = \"gcm\"",
            (2, 1),
            "profile `a` has no app_id, and the top level sets none to inherit",
        ),
        (
            "app_id = 1\nprofiles = \"fa94dd0f974cf2e293728a526b028271\"",
            (2, 12),
            "profiles must be a table of tables: write each profile as [profiles.<name>]",
        ),
    ];
    for (text, (line, column), message) in cases {
        let p = problem(text);
        assert_eq!(
            (p.line(), p.column(), p.message()),
            (Some(*line), Some(*column), *message),
            "{text}"
        );
        assert_eq!(
            p.to_string(),
            format!("line {line}, column {column}: {message}")
        );
    }
}

#[test]
fn profile_lookups_list_what_exists() {
    let config = Config::from_path(data("zego.toml")).unwrap();
    let err = config.profile("production").unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "invalid config: {}: no profile `production` (profiles: chat, staging)",
            data("zego.toml").display()
        )
    );
    let only_profiles: Config = "[profiles.eu]\napp_id = 5\n".parse().unwrap();
    assert_eq!(only_profiles.profile("eu").unwrap().app_id(), 5);
    let err = only_profiles.issuer().unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid config: the top level sets no app_id: set one, or pick a profile (profiles: eu)"
    );
    let Error::Config(problems) = err else {
        panic!("{err:?}")
    };
    assert_eq!(
        problems.first().map(ConfigProblem::kind),
        Some(ConfigProblemKind::MissingAppId)
    );
}

#[test]
fn missing_secret_names_the_variable() {
    let config: Config = "app_id = 1\nsecret_env = \"ZEGO_TOKEN_TEST_SURELY_UNSET_CONFIG\""
        .parse()
        .unwrap();
    let err = config.issuer().unwrap_err();
    assert_eq!(err.code(), Some(5));
    assert!(
        err.to_string()
            .contains("ZEGO_TOKEN_TEST_SURELY_UNSET_CONFIG is not set"),
        "{err}"
    );
}

/// The shared value rules, through the run-time loader, against the table
/// `zego-token-rules` checks directly.
#[test]
fn rules_pass_the_shared_table() {
    let table: toml::Table = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../zego-token/rules/tests/config_rules.toml"
    ))
    .unwrap()
    .parse()
    .unwrap();
    let parse =
        |key: &str, value: String| format!("app_id = 1\n{key} = {value}\n").parse::<Config>();
    let mut checked = 0;
    for case in table["ttl"].as_array().unwrap() {
        let got = parse("ttl", case["input"].to_string())
            .map(|c| c.default_profile().unwrap().ttl().as_secs());
        assert_eq!(
            got.ok(),
            case.get("seconds")
                .and_then(toml::Value::as_integer)
                .map(|s| s as u64),
            "ttl {case}"
        );
        checked += 1;
    }
    for case in table["app_id"].as_array().unwrap() {
        let input = case["input"].as_str().unwrap();
        let expected = case.get("id").and_then(toml::Value::as_integer);
        // Beyond 64 bits TOML itself has no integer; the loader must still refuse.
        let got = format!("app_id = {input}")
            .parse::<Config>()
            .map(|c| i64::from(c.default_profile().unwrap().app_id()));
        assert_eq!(got.ok(), expected, "app_id {case}");
        checked += 1;
    }
    for key in [
        "mode",
        "product",
        "secret_env",
        "secret_file",
        "callback_secret_env",
        "callback_secret_file",
    ] {
        for case in table[key].as_array().unwrap() {
            let ok = case["valid"].as_bool().unwrap();
            assert_eq!(
                parse(key, case["input"].to_string()).is_ok(),
                ok,
                "{key} {case}"
            );
            checked += 1;
        }
    }
    assert!(checked > 30, "only {checked} cases");
}

#[test]
fn every_problem_is_reported_with_its_kind() {
    let text = "app_id = 0\nttl = \"+5s\"\n[profiles.eu]\nmode = \"GCM\"\n[profiles.bare]\n";
    let Err(Error::Config(problems)) = text.parse::<Config>() else {
        panic!("accepted")
    };
    let seen: Vec<_> = problems.iter().map(|p| (p.line(), p.kind())).collect();
    assert_eq!(
        seen,
        [
            (Some(1), ConfigProblemKind::AppId),
            (Some(2), ConfigProblemKind::Ttl),
            (Some(4), ConfigProblemKind::Mode),
        ],
        "{problems}"
    );
    // One line, every problem.
    assert_eq!(
        Error::Config(problems).to_string(),
        "invalid config: line 1, column 10: app_id must not be 0: use the AppID from the ZEGO console (1 to 4294967295); \
         line 2, column 7: ttl is not a duration: give seconds (3600) or a duration such as \"90s\", \"30m\", \"2h\", \"1d\"; \
         line 4, column 8: mode must be \"cbc\" or \"gcm\""
    );
    // An unusable profile refuses the file, as the derive does.
    let p = problem("[profiles.ok]\napp_id = 1\n[profiles.bare]\nttl = 5\n");
    assert_eq!(
        (p.kind(), p.line()),
        (ConfigProblemKind::MissingAppId, Some(3))
    );
}

#[test]
fn an_unknown_key_hides_no_other_mistake() {
    let text =
        "app-id = 1\nttl = \"soon\"\n[profiles.eu]\napp_id = 5\nregion = \"eu\"\nmode = \"ecb\"\n";
    let Err(Error::Config(problems)) = text.parse::<Config>() else {
        panic!("accepted")
    };
    assert_eq!(
        Error::Config(problems).to_string(),
        "invalid config: line 1, column 1: unknown key `app-id`: did you mean `app_id`?; \
         line 2, column 7: ttl is not a duration: give seconds (3600) or a duration such as \"90s\", \"30m\", \"2h\", \"1d\"; \
         line 5, column 1: unknown key `region`: expected one of app_id, secret_env, secret_file, secret, callback_secret_env, callback_secret_file, ttl, mode, product, id_charset, profiles; \
         line 6, column 8: mode must be \"cbc\" or \"gcm\""
    );
}

#[test]
fn a_report_of_many_mistakes_lists_a_few_and_counts_the_rest() {
    let mut text = String::from("app_id = 1\n");
    for i in 0..1_000 {
        text.push_str(&format!("[profiles.p{i}]\nttl = \"soon\"\n"));
    }
    let Err(Error::Config(problems)) = text.parse::<Config>() else {
        panic!("accepted")
    };
    assert_eq!(problems.len(), 1_000);
    let report = Error::Config(problems).to_string();
    let listed = zego_token::error::ConfigProblems::LISTED;
    assert_eq!(report.matches("ttl is not a duration").count(), listed);
    assert!(
        report.ends_with(&format!("; and {} more", 1_000 - listed)),
        "{report}"
    );
}

/// ZEGO's rules from a config: the product's lifetime refused at the line
/// and column where the product and ttl meet, and the profile's product
/// and ID character set given to its issuer.
#[test]
fn a_profile_carries_zegos_rules_to_its_issuer() {
    let dir = std::env::temp_dir().join(format!("zego-rules-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("zego.toml");
    std::fs::write(
        &path,
        "app_id = 1\nttl = \"30d\"\n\n[profiles.chat]\nproduct = \"zim\"\n",
    )
    .unwrap();
    let err = Config::from_path(&path).unwrap_err();
    let Error::Config(problems) = &err else {
        panic!("{err}")
    };
    let p = problems.first().unwrap();
    assert_eq!(
        (p.kind(), p.path(), p.line(), p.column()),
        (
            ConfigProblemKind::Ttl,
            Some(path.as_path()),
            Some(5),
            Some(11)
        )
    );
    assert_eq!(
        err.to_string(),
        format!(
            "invalid config: {}:5:11: ttl does not suit product \"zim\": lifetime of 2592000 s is over ZIM's limit of 2073600 s (24 days): ZIM closes the connection at 24 days (ZEGO client error 6000109)",
            path.display()
        )
    );

    let secret = dir.join("secret");
    std::fs::write(&secret, DEMO).unwrap();
    let config: Config = format!(
        "app_id = 1\nproduct = \"rtc+zim\"\nttl = \"24d\"\nid_charset = \"extended\"\nsecret_file = {:?}\n",
        secret.display().to_string()
    )
    .parse()
    .unwrap();
    let profile = config.default_profile().unwrap();
    assert_eq!(
        (profile.product(), profile.id_charset()),
        (Product::RtcAndZim, zego_token::Charset::Extended)
    );
    let issuer = profile.issuer().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(
        issuer.rules(),
        zego_token::Rules::rtc_and_zim().with_charset(zego_token::Charset::Extended)
    );
    issuer.issue("100%").unwrap();
    assert_eq!(issuer.issue(&"u".repeat(33)).unwrap_err().code(), Some(3));
    assert_eq!(
        problem("app_id = 1\nid_charset = \"utf-8\"\n").kind(),
        ConfigProblemKind::IdCharset
    );
}
