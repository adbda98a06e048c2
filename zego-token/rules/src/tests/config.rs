//! The rules against the table of cases in `tests/config_rules.toml`
//! (`tests/config.rs` runs the same table through the run-time loader, and
//! the derive's differential test through the derive and the loader), and
//! the schema's resolution.

use crate as rules;

#[test]
fn rules_pass_the_shared_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/config_rules.toml");
    let table: toml::Table = std::fs::read_to_string(path).unwrap().parse().unwrap();
    let mut checked = 0;
    for case in table["ttl"].as_array().unwrap() {
        let got = match &case["input"] {
            toml::Value::Integer(i) => rules::ttl(rules::Literal::Integer(i128::from(*i))),
            toml::Value::String(s) => rules::ttl(rules::Literal::String(s)),
            other => panic!("bad case {other}"),
        };
        assert_eq!(
            got.ok(),
            case.get("seconds").and_then(toml::Value::as_integer),
            "ttl {case}"
        );
        checked += 1;
    }
    for case in table["app_id"].as_array().unwrap() {
        let input: i128 = case["input"].as_str().unwrap().parse().unwrap();
        let expected = case
            .get("id")
            .and_then(toml::Value::as_integer)
            .map(|i| u32::try_from(i).unwrap());
        assert_eq!(
            rules::app_id(rules::Literal::Integer(input)).ok(),
            expected,
            "app_id {case}"
        );
        checked += 1;
    }
    type Rule = fn(rules::Literal<'_>) -> Result<(), rules::ConfigProblem>;
    let rules: [(&str, Rule); 4] = [
        ("mode", |v| rules::mode(v).map(drop)),
        ("product", |v| rules::product(v).map(drop)),
        ("secret_env", |v| rules::secret_env(v).map(drop)),
        ("secret_file", |v| rules::secret_file(v).map(drop)),
    ];
    for (key, rule) in rules {
        for case in table[key].as_array().unwrap() {
            let ok = case["valid"].as_bool().unwrap();
            let input = rules::Literal::String(case["input"].as_str().unwrap());
            assert_eq!(rule(input).is_ok(), ok, "{key} {case}");
            checked += 1;
        }
    }
    assert!(checked > 30, "only {checked} cases");
}

#[test]
fn suggestions_pick_plausible_typos_only() {
    let keys = rules::ATTR_KEYS;
    assert_eq!(rules::closest("appid", &keys), Some("app_id"));
    assert_eq!(rules::closest("ttl_s", &keys), Some("ttl"));
    assert_eq!(rules::closest("secret_evn", &keys), Some("secret_env"));
    assert_eq!(rules::closest("profiles", &keys), Some("profile"));
    assert_eq!(rules::closest("ttl_secs", &keys), Some("ttl"));
    assert_eq!(
        rules::closest("secret_evn", &["secret", "secret_env"]),
        Some("secret_env")
    );
    assert_eq!(rules::closest("banana", &keys), None);
}

#[test]
fn positions_are_one_based_and_count_characters() {
    let text = "a = 1\nzoë = \"x\"\n";
    assert_eq!(rules::line_column(text, 0), (1, 1));
    assert_eq!(rules::line_column(text, 6), (2, 1));
    // `=` after "zoë " (ë is two bytes).
    assert_eq!(rules::line_column(text, 11), (2, 5));
    assert_eq!(rules::line_column(text, 999), (3, 1));
}

#[test]
fn unknown_keys_get_a_suggestion() {
    let problems = rules::Document::parse("app_id = 1\nttl_s = 5\nzzzzzzzzzz = 1\n").unwrap_err();
    let first = problems.first().unwrap();
    assert_eq!(first.kind(), rules::ConfigProblemKind::UnknownKey);
    assert_eq!(first.message(), "unknown key `ttl_s`: did you mean `ttl`?");
    assert_eq!(
        rules::unknown_key("zzzzzzzzzz", &rules::CONFIG_KEYS),
        "unknown key `zzzzzzzzzz`: expected one of app_id, secret_env, secret_file, secret, ttl, mode, product, profiles"
    );
}

#[test]
fn the_one_mode_grammar_is_lowercase_words() {
    assert_eq!("gcm".parse(), Ok(rules::Mode::Gcm));
    assert_eq!("cbc".parse(), Ok(rules::Mode::Cbc));
    for bad in ["CBC", "Gcm", "", "ecb", " cbc"] {
        assert_eq!(bad.parse::<rules::Mode>(), Err(rules::UnknownMode), "{bad}");
    }
    assert_eq!(rules::Product::from_word("zim"), Some(rules::Product::Zim));
    assert_eq!(rules::Product::from_word("ZIM"), None);
}

#[test]
fn every_problem_is_collected_in_the_order_of_the_text() {
    let text = "app_id = 0\nsecret = \"x\"\nttl = \"soon\"\n[profiles.eu]\nmode = \"ecb\"\nsecret_env = \"A\"\nsecret_file = \"/x\"\n";
    let problems = rules::Document::parse(text).unwrap_err();
    let seen: Vec<_> = problems
        .iter()
        .map(|p| (p.line().unwrap(), p.kind()))
        .collect();
    use rules::ConfigProblemKind as K;
    assert_eq!(
        seen,
        [
            (1, K::AppId),
            (2, K::SecretInFile),
            (3, K::Ttl),
            (5, K::Mode),
            (7, K::BothSecretSources)
        ]
    );
    assert!(!problems.to_string().contains('\n'));
}

#[test]
fn defaults_and_inheritance_resolve_each_profile() {
    let doc = rules::Document::parse(
        "ttl = \"2h\"\nmode = \"gcm\"\n[profiles.a]\napp_id = 7\n[profiles.b]\napp_id = 8\nsecret_file = \"/s\"\nttl = 5\nproduct = \"zim\"\n",
    )
    .unwrap();
    let a = doc.profile(Some("a")).unwrap();
    assert_eq!(
        (a.app_id, a.ttl, a.mode, a.product),
        (7, 7200, rules::Mode::Gcm, rules::Product::Rtc)
    );
    assert_eq!(
        a.secret,
        rules::SecretSource::Env(rules::DEFAULT_SECRET_ENV.into())
    );
    let b = doc.profile(Some("b")).unwrap();
    assert_eq!((b.app_id, b.ttl, b.product), (8, 5, rules::Product::Zim));
    assert_eq!(b.secret, rules::SecretSource::File("/s".into()));
    let top = doc.profile(None).unwrap_err();
    assert_eq!(top.kind(), rules::ConfigProblemKind::MissingAppId);
    assert_eq!(
        top.message(),
        "the top level sets no app_id: set one, or pick a profile (profiles: a, b)"
    );
    let plain = rules::Document::parse("app_id = 1").unwrap();
    let top = plain.profile(None).unwrap();
    assert_eq!(
        (top.ttl, top.mode, top.product),
        (rules::DEFAULT_TTL, rules::Mode::Cbc, rules::Product::Rtc)
    );
    assert_eq!(
        plain.profile(Some("x")).unwrap_err().to_string(),
        "no profile `x` (the config defines no profiles)"
    );
}

#[test]
fn a_profile_that_cannot_be_used_refuses_the_file() {
    // The decided rule: every named profile must resolve, whichever is used.
    let problems =
        rules::Document::parse("[profiles.good]\napp_id = 1\n[profiles.bare]\nttl = 5\n")
            .unwrap_err();
    assert_eq!(problems.len(), 1);
    let p = problems.first().unwrap();
    assert_eq!(p.kind(), rules::ConfigProblemKind::MissingAppId);
    assert_eq!(
        p.to_string(),
        "line 3, column 1: profile `bare` has no app_id, and the top level sets none to inherit"
    );
    // A file naming no app at all is refused too.
    for empty in ["", "ttl = 5", "ttl = 5\n[profiles]\n"] {
        let p = rules::Document::parse(empty).unwrap_err();
        assert_eq!(
            p.first().unwrap().kind(),
            rules::ConfigProblemKind::MissingAppId,
            "{empty:?}"
        );
    }
    // An invalid top-level app_id is reported once, not again per profile.
    let p = rules::Document::parse("app_id = 0\n[profiles.a]\nttl = 5\n").unwrap_err();
    assert_eq!(p.len(), 1, "{p}");
}
