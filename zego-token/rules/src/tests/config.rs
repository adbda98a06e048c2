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
    let rules: [(&str, Rule); 7] = [
        ("mode", |v| rules::mode(v).map(drop)),
        ("product", |v| rules::product(v).map(drop)),
        ("id_charset", |v| rules::id_charset(v).map(drop)),
        ("secret_env", |v| rules::secret_env(v).map(drop)),
        ("secret_file", |v| rules::secret_file(v).map(drop)),
        ("callback_secret_env", |v| {
            rules::callback_secret_env(v).map(drop)
        }),
        ("callback_secret_file", |v| {
            rules::callback_secret_file(v).map(drop)
        }),
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
    let messages: Vec<_> = problems.iter().map(rules::ConfigProblem::message).collect();
    assert_eq!(
        messages,
        [
            "unknown key `ttl_s`: did you mean `ttl`?",
            "unknown key `zzzzzzzzzz`: expected one of app_id, secret_env, secret_file, secret, callback_secret_env, callback_secret_file, ttl, mode, product, id_charset, profiles"
        ]
    );
    assert_eq!(
        problems.first().unwrap().kind(),
        rules::ConfigProblemKind::UnknownKey
    );
}

#[test]
fn unknown_keys_are_reported_with_every_other_problem() {
    use rules::ConfigProblemKind as K;
    let text = "app-id = 1\nttl = \"soon\"\ncolour = \"blue\"\n\n[profiles.eu]\napp_id = 0\nmode = \"ecb\"\nregion = \"eu\"\n[profiles.us]\nproduct = 5\n";
    let problems = rules::Document::parse(text).unwrap_err();
    let seen: Vec<_> = problems
        .iter()
        .map(|p| (p.line().unwrap(), p.column().unwrap(), p.kind()))
        .collect();
    // `app-id` looks like `app_id`: no "names no app" or "profile `us` has
    // no app_id" on top of it.
    assert_eq!(
        seen,
        [
            (1, 1, K::UnknownKey),
            (2, 7, K::Ttl),
            (3, 1, K::UnknownKey),
            (6, 10, K::AppId),
            (7, 8, K::Mode),
            (8, 1, K::UnknownKey),
            (10, 11, K::Product),
        ],
        "{problems}"
    );
    assert_eq!(
        problems.first().unwrap().message(),
        "unknown key `app-id`: did you mean `app_id`?"
    );
}

#[test]
fn wrong_types_of_profiles_are_reported_with_every_other_problem() {
    use rules::ConfigProblemKind as K;
    let kinds = |text: &str| -> Vec<_> {
        let problems = rules::Document::parse(text).unwrap_err();
        problems.iter().map(|p| (p.line(), p.kind())).collect()
    };
    assert_eq!(
        kinds("ttl = 0\nprofiles = 5\nfoo = 1\n"),
        [
            (Some(1), K::Ttl),
            (Some(2), K::Profiles),
            (Some(3), K::UnknownKey)
        ]
    );
    // An empty [profiles] names no app, whatever else is wrong.
    assert_eq!(
        kinds("ttl = 0\n[profiles]\n"),
        [(Some(1), K::Ttl), (None, K::MissingAppId)]
    );
    assert_eq!(
        kinds("app_id = 1\nprofiles = { eu = 5, us = { mode = 1 } }\n"),
        [(Some(2), K::Profiles), (Some(2), K::Mode)]
    );
    assert_eq!(
        kinds("app_id = 1\n[profiles.a]\nttl = 0\n[profiles.a.profiles.b]\napp_id = 2\n"),
        [(Some(3), K::Ttl), (Some(4), K::Profiles)]
    );
    // Integers beyond 64 bits get the rule's message, not TOML's.
    let problems = rules::Document::parse("app_id = 99999999999999999999999\n").unwrap_err();
    assert_eq!(
        problems.first().unwrap().message(),
        "app_id is above u32::MAX: use the AppID from the ZEGO console (1 to 4294967295)"
    );
}

#[test]
fn a_syntax_error_is_reported_alone() {
    // After the first syntax error, the rest is read as a parser guesses:
    // the unclosed array would add a dozen made-up mistakes.
    for text in [
        "app_id = 0\napp_id = 2\nttl = \"x\nmode = 5\n[a\nfoo = 3",
        "app_id = 0\na = [1,\nb = 2\nc = 3\n",
    ] {
        let problems = rules::Document::parse(text).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems}");
        let problem = problems.first().unwrap();
        assert_eq!(problem.kind(), rules::ConfigProblemKind::Syntax);
        assert!(
            problem.message().starts_with("TOML syntax error: "),
            "{problem}"
        );
    }
}

#[test]
fn no_problem_is_reported_twice() {
    let text = "app_id = 0\nsecret = \"x\"\nsecret_env = \"1\"\nsecret_file = \"\"\nttl = 0\nmode = 1\nproduct = 1\nx = 1\n[profiles.a]\nsecret = 1\nsecret_env = \"A\"\nsecret_file = \"/s\"\nprofiles = 1\n[profiles.b]\nttl = 0\n";
    let problems = rules::Document::parse(text).unwrap_err();
    let mut places: Vec<_> = problems
        .iter()
        .map(|p| (p.line(), p.column(), p.message().to_owned()))
        .collect();
    let all = places.len();
    places.dedup();
    assert_eq!(places.len(), all, "{problems}");
    assert_eq!(all, 13, "{problems}");
}

/// Many bad profiles: one problem each, and a message naming them all.
fn bad_profiles(n: usize) -> String {
    let mut text = String::from("app_id = 1\n");
    for i in 0..n {
        text.push_str(&format!("[profiles.p{i}]\nttl = \"soon\"\n"));
    }
    text
}

#[test]
fn problems_are_placed_in_one_pass_over_the_text() {
    for n in [10, 2_000] {
        let text = bad_profiles(n);
        let (problems, read) = crate::problem::work::counted(|| rules::Document::parse(&text));
        let problems = problems.unwrap_err();
        assert_eq!(problems.len(), n);
        // Placing each problem by reading the text from its start would read
        // about n * len / 2 bytes: 60 MB for 2,000 profiles.
        assert!(
            read <= text.len(),
            "{n} problems: read {read} bytes of {}",
            text.len()
        );
        let last = problems.iter().last().unwrap();
        assert_eq!((last.line(), last.column()), (Some(2 * n + 1), Some(7)));
    }
    // The same on one line: columns are counted once too.
    let line: String = (0..5_000)
        .map(|i| format!("p{i} = {{ ttl = 0 }}, "))
        .collect();
    let text = format!(
        "app_id = 1\nprofiles = {{ {} }}\n",
        line.trim_end_matches(", ")
    );
    let (problems, read) = crate::problem::work::counted(|| rules::Document::parse(&text));
    assert_eq!(problems.unwrap_err().len(), 5_000);
    assert!(read <= text.len());
}

#[test]
fn a_report_lists_at_most_the_documented_number_of_problems() {
    let listed = rules::ConfigProblems::LISTED;
    let problems = rules::Document::parse(&bad_profiles(listed)).unwrap_err();
    assert_eq!((problems.listed().len(), problems.more()), (listed, None));
    assert_eq!(
        problems
            .to_string()
            .matches("ttl is not a duration")
            .count(),
        listed
    );

    let problems = rules::Document::parse(&bad_profiles(5_000)).unwrap_err();
    assert_eq!(problems.len(), 5_000);
    assert_eq!(problems.listed().len(), listed);
    assert_eq!(problems.more().as_deref(), Some("and 4980 more"));
    let report = problems.to_string();
    assert_eq!(report.matches("ttl is not a duration").count(), listed);
    assert!(report.ends_with("; and 4980 more"), "{report}");
    // The listed ones are the first in the text.
    assert!(report.starts_with("line 3, column 7: "), "{report}");
    assert!(report.len() < 200 * listed, "{} bytes", report.len());

    // The names of 5,000 profiles are not listed either.
    let mut text = String::from("app_id = 1\n");
    for i in 0..5_000 {
        text.push_str(&format!("[profiles.p{i:04}]\n"));
    }
    let document = rules::Document::parse(&text).unwrap();
    let message = document.profile(Some("nope")).unwrap_err().to_string();
    assert!(
        message.starts_with("no profile `nope` (profiles: p0000, p0001, "),
        "{message}"
    );
    assert!(message.ends_with(", p0019 and 4980 more)"), "{message}");
}

#[test]
fn names_from_the_file_are_shown_escaped_and_short() {
    let problems = rules::Document::parse("app_id = 1\n\"evil\u{202e}key\" = 1\n").unwrap_err();
    assert_eq!(
        problems.first().unwrap().message(),
        "unknown key `evil\\u{202e}key`: expected one of app_id, secret_env, secret_file, secret, callback_secret_env, callback_secret_file, ttl, mode, product, id_charset, profiles"
    );
    let long = "k".repeat(10_000);
    let problems = rules::Document::parse(&format!("app_id = 1\n{long} = 1\n")).unwrap_err();
    let message = problems.first().unwrap().message();
    assert!(message.len() < 200, "{message}");
    assert!(
        message.contains(&format!("`{}…`", "k".repeat(40))),
        "{message}"
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
    assert_eq!(
        rules::Product::from_word("rtc+zim"),
        Some(rules::Product::RtcAndZim)
    );
    assert_eq!(rules::Product::from_word("ZIM"), None);
    for product in rules::Product::ALL {
        assert_eq!(rules::Product::from_word(product.as_str()), Some(product));
    }
    for charset in rules::Charset::ALL {
        assert_eq!(rules::Charset::from_word(charset.as_str()), Some(charset));
    }
    assert_eq!(rules::Charset::from_word("Portable"), None);
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
        "ttl = \"2h\"\nmode = \"gcm\"\n[profiles.a]\napp_id = 7\n[profiles.b]\napp_id = 8\nsecret_file = \"/s\"\nttl = 60\nproduct = \"zim\"\nid_charset = \"extended\"\n",
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
    assert_eq!(
        (b.app_id, b.ttl, b.product, b.id_charset),
        (8, 60, rules::Product::Zim, rules::Charset::Extended)
    );
    assert_eq!(a.id_charset, rules::Charset::Portable);
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
fn the_callback_secret_source_is_inherited_defaulted_and_checked_like_the_secret() {
    let doc = rules::Document::parse(
        "app_id = 1\ncallback_secret_file = \"/run/secrets/cb\"\n[profiles.a]\n[profiles.b]\ncallback_secret_env = \"B_CALLBACK\"\n",
    )
    .unwrap();
    let file = rules::SecretSource::File("/run/secrets/cb".into());
    assert_eq!(doc.profile(None).unwrap().callback_secret, file);
    assert_eq!(doc.profile(Some("a")).unwrap().callback_secret, file);
    assert_eq!(
        doc.profile(Some("b")).unwrap().callback_secret,
        rules::SecretSource::Env("B_CALLBACK".into())
    );
    // The two secrets' sources are independent of each other.
    assert_eq!(
        doc.profile(Some("b")).unwrap().secret,
        rules::SecretSource::Env(rules::DEFAULT_SECRET_ENV.into())
    );
    let plain = rules::Document::parse("app_id = 1").unwrap();
    assert_eq!(
        plain.profile(None).unwrap().callback_secret,
        rules::SecretSource::Env(rules::DEFAULT_CALLBACK_SECRET_ENV.into())
    );
    assert_eq!(rules::DEFAULT_CALLBACK_SECRET_ENV, "ZEGO_CALLBACK_SECRET");

    use rules::ConfigProblemKind as K;
    let text = "app_id = 1\ncallback_secret = \"secret\"\n[profiles.a]\ncallback_secret_env = \"A\"\ncallback_secret_file = \"/a\"\n[profiles.b]\ncallback_secret_env = \"fa94dd0f974cf2e293728a526b028271\"\ncallback_secret_file = \"\"\nsecret_env = \"S\"\n";
    let problems = rules::Document::parse(text).unwrap_err();
    let seen: Vec<_> = problems
        .iter()
        .map(|p| (p.line().unwrap(), p.kind()))
        .collect();
    // Both of `a`'s sources are fine alone, together they are not; `b`'s
    // two are refused each, and naming both is a mistake of its own.
    assert_eq!(
        seen,
        [
            (2, K::SecretInFile),
            (5, K::BothCallbackSecretSources),
            (7, K::CallbackSecretEnv),
            (8, K::CallbackSecretFile),
            (8, K::BothCallbackSecretSources),
        ],
        "{problems}"
    );
    let messages: Vec<_> = problems.iter().map(rules::ConfigProblem::message).collect();
    assert_eq!(messages[0], rules::CALLBACK_SECRET_IN_FILE);
    assert_eq!(
        messages[1],
        "set either callback_secret_env or callback_secret_file, not both"
    );
    assert_eq!(
        messages[2],
        "callback_secret_env must name an environment variable, and this looks like a secret itself: put the callback secret in the environment and name the variable here"
    );
    assert_eq!(
        messages[3],
        "callback_secret_file must not be empty: name the file holding the callback secret"
    );
    assert!(!problems.to_string().contains("fa94"), "{problems}");
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

#[test]
fn a_zim_lifetime_over_24_days_refuses_the_file_where_the_keys_meet() {
    let kinds = |text: &str| -> Vec<(usize, usize, rules::ConfigProblemKind)> {
        match rules::Document::parse(text) {
            Ok(_) => Vec::new(),
            Err(problems) => problems
                .iter()
                .map(|p| (p.line().unwrap(), p.column().unwrap(), p.kind()))
                .collect(),
        }
    };
    let ttl = rules::ConfigProblemKind::Ttl;
    // Exactly 24 days is ZIM's limit; a second more is not.
    assert_eq!(kinds("app_id = 1\nproduct = \"zim\"\nttl = 2073600\n"), []);
    assert_eq!(kinds("app_id = 1\nproduct = \"zim\"\nttl = \"24d\"\n"), []);
    assert_eq!(
        kinds("app_id = 1\nproduct = \"zim\"\nttl = 2073601\n"),
        [(3, 7, ttl)]
    );
    // Both products' rules for a token handed to both; RTC alone has no limit.
    assert_eq!(
        kinds("app_id = 1\nproduct = \"rtc+zim\"\nttl = \"30d\"\n"),
        [(3, 7, ttl)]
    );
    assert_eq!(
        kinds("app_id = 1\nproduct = \"rtc\"\nttl = \"5000d\"\n"),
        []
    );
    // Too short for ZIM: under 31 s.
    assert_eq!(
        kinds("app_id = 1\nproduct = \"zim\"\nttl = \"30s\"\n"),
        [(3, 7, ttl)]
    );
    // Inherited: at the key the profile writes (its ttl, else its product);
    // a mistake of the top level's is reported there once, not per profile.
    assert_eq!(
        kinds("ttl = \"30d\"\n[profiles.a]\napp_id = 1\nproduct = \"zim\"\n"),
        [(4, 11, ttl)]
    );
    assert_eq!(
        kinds("product = \"zim\"\n[profiles.a]\napp_id = 1\nttl = \"25d\"\n"),
        [(4, 7, ttl)]
    );
    assert_eq!(
        kinds(
            "app_id = 1\nproduct = \"zim\"\nttl = \"30d\"\n[profiles.a]\napp_id = 2\n[profiles.b]\nmode = \"gcm\"\n"
        ),
        [(3, 7, ttl)]
    );
    // A profile that overrides the ttl fixes it for itself only.
    assert_eq!(
        kinds("app_id = 1\nproduct = \"zim\"\nttl = \"1h\"\n[profiles.long]\nttl = \"30d\"\n"),
        [(5, 7, ttl)]
    );
    // A refused value is reported once, by its own rule.
    assert_eq!(
        kinds("app_id = 1\nproduct = \"zim\"\nttl = \"soon\"\n"),
        [(3, 7, ttl)]
    );
    let problems =
        rules::Document::parse("app_id = 1\nproduct = \"zim\"\nttl = \"30d\"\n").unwrap_err();
    assert_eq!(
        problems.to_string(),
        "line 3, column 7: ttl does not suit product \"zim\": lifetime of 2592000 s is over ZIM's limit of 2073600 s (24 days): ZIM closes the connection at 24 days (ZEGO client error 6000109)"
    );
}
