//! The run-time config loader: `Config::from_path`, `FromStr`, profiles,
//! and refusals that carry file, line and column.

use std::path::Path;
use std::time::Duration;

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
    for key in ["mode", "product", "secret_env", "secret_file"] {
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
         line 5, column 1: unknown key `region`: expected one of app_id, secret_env, secret_file, secret, ttl, mode, product, profiles; \
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
