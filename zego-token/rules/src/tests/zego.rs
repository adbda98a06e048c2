//! ZEGO's rules against the table in `tests/zego_rules.toml`, every
//! printable ASCII character in every ID, and the shape of messages.
//! (`tests/zego_clients.rs` in the workspace checks the same rules against
//! the verdicts of ZEGO's own SDKs.)

use crate::{
    Charset, IdKind, IdProblem, PayloadProblem, Product, RuleViolation, Rules, TimeProblem,
};

fn table() -> toml::Table {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/zego_rules.toml");
    std::fs::read_to_string(path).unwrap().parse().unwrap()
}

fn rules(case: &toml::Value) -> Rules {
    let rules = match case["rules"].as_str().unwrap() {
        "rtc" => Rules::for_product(Product::Rtc),
        "zim" => Rules::for_product(Product::Zim),
        "rtc+zim" => Rules::rtc_and_zim(),
        other => panic!("unknown rules {other}"),
    };
    match case.get("charset").and_then(toml::Value::as_str) {
        None | Some("portable") => rules,
        Some("extended") => rules.with_charset(Charset::Extended),
        Some(other) => panic!("unknown charset {other}"),
    }
}

fn id_problem_name(problem: &IdProblem) -> &'static str {
    match problem {
        IdProblem::Empty => "empty",
        IdProblem::TooLong { .. } => "too_long",
        IdProblem::Character { .. } => "character",
    }
}

fn position(problem: &IdProblem) -> Option<i64> {
    match problem {
        IdProblem::Character { position, .. } => Some(i64::try_from(*position).unwrap()),
        _ => None,
    }
}

/// The table's name for a violation, and the position of its character.
fn describe(violation: &RuleViolation) -> (&'static str, Option<i64>) {
    match violation {
        RuleViolation::Id { problem, .. } => (id_problem_name(problem), position(problem)),
        RuleViolation::Time { problem, .. } => (
            match problem {
                TimeProblem::NotPositive { .. } => "not_positive",
                TimeProblem::TooShort { .. } => "too_short",
                TimeProblem::TooLong { .. } => "too_long",
                TimeProblem::ExpiryAfter2038 { .. } => "after_2038",
            },
            None,
        ),
        RuleViolation::Payload(problem) => match problem {
            PayloadProblem::NotJson => ("not_json", None),
            PayloadProblem::NotObject => ("not_object", None),
            PayloadProblem::ForZim => ("for_zim", None),
            PayloadProblem::Missing { .. } => ("missing", None),
            PayloadProblem::WrongType { .. } => ("wrong_type", None),
            PayloadProblem::UnknownPrivilegeKey => ("unknown_privilege_key", None),
            PayloadProblem::NoPrivilege => ("no_privilege", None),
            PayloadProblem::PrivilegeValue { .. } => ("privilege_value", None),
            PayloadProblem::EmptyStreamList => ("empty_stream_list", None),
            PayloadProblem::StreamNotString { .. } => ("stream_not_string", None),
            PayloadProblem::RoomId(p) => ("room_id", position(p)),
            PayloadProblem::StreamId { problem, .. } => ("stream_id", position(problem)),
        },
    }
}

fn code(case: &toml::Value, key: &str) -> Option<u32> {
    case.get(key)
        .and_then(toml::Value::as_integer)
        .map(|c| u32::try_from(c).unwrap())
}

/// Checks one case's outcome against its expectations; returns 1.
fn expect(case: &toml::Value, got: Result<(), RuleViolation>) -> usize {
    match (case.get("problem").and_then(toml::Value::as_str), got) {
        (None, Ok(())) => {}
        (None, Err(v)) => panic!("{case} was refused: {v}"),
        (Some(_), Ok(())) => panic!("{case} was accepted"),
        (Some(problem), Err(v)) => {
            let (name, at) = describe(&v);
            assert_eq!(name, problem, "{case}: {v}");
            assert_eq!(
                at,
                case.get("position").and_then(toml::Value::as_integer),
                "{case}: {v}"
            );
            assert_eq!(v.client_code(), code(case, "client"), "{case}: {v}");
            assert_eq!(v.generator_code(), code(case, "generator"), "{case}: {v}");
            let message = v.to_string();
            assert!(!message.contains('\n'), "{message}");
            if let Some(client) = v.client_code() {
                assert!(message.ends_with(&format!("(ZEGO client error {client})")));
            }
        }
    }
    1
}

#[test]
fn rules_pass_the_shared_table() {
    let table = table();
    let mut checked = 0;
    for case in table["id"].as_array().unwrap() {
        let rules = rules(case);
        let repeat = case.get("repeat").and_then(toml::Value::as_integer);
        let input = case["input"]
            .as_str()
            .unwrap()
            .repeat(repeat.map_or(1, |n| usize::try_from(n).unwrap()));
        let got = match case["kind"].as_str().unwrap() {
            "user_id" => rules.user_id(&input),
            "room_id" => rules.room_id(&input),
            "stream_id" => rules.stream_id(&input),
            "kit_user_name" => rules.kit_user_name(&input),
            other => panic!("unknown kind {other}"),
        };
        // The message never repeats the value (a long or multi-character
        // input cannot hide in a short message).
        if let Err(v) = &got
            && input.chars().count() > 3
        {
            assert!(!v.to_string().contains(&input), "{v}");
        }
        checked += expect(case, got);
    }
    for case in table["time"].as_array().unwrap() {
        let rules = rules(case);
        let field = |key| case.get(key).and_then(toml::Value::as_integer);
        let got = match (field("ctime"), field("lifetime"), field("expire")) {
            (Some(ctime), Some(lifetime), None) => rules.times(ctime, lifetime),
            (None, Some(lifetime), None) => rules.lifetime(lifetime),
            (None, None, Some(expire)) => rules.expiry(expire),
            _ => panic!("bad case {case}"),
        };
        checked += expect(case, got);
    }
    // In the workspace the crate's tests have `json` (its dev-dependency on
    // itself); a packaged copy tests without it.
    #[cfg(feature = "json")]
    for case in table["payload"].as_array().unwrap() {
        checked += expect(case, rules(case).payload(case["input"].as_str().unwrap()));
    }
    assert!(checked > 80, "only {checked} cases");
}

/// Every printable ASCII character, first, inside and last, in every ID
/// kind and set: accepted exactly when it is a letter, a digit or in the
/// set written out here (not read back from the constants under test).
#[test]
fn every_printable_ascii_character_in_every_place() {
    let rtc = Rules::for_product(Product::Rtc);
    let zim = Rules::for_product(Product::Zim);
    type Check = Box<dyn Fn(&str) -> Result<(), RuleViolation>>;
    let sets: [(&str, &str, Check); 8] = [
        (
            "rtc user",
            "~!@#$^&*()_+=-`;',.<>\\",
            Box::new(move |id| rtc.user_id(id)),
        ),
        ("rtc user extended", "~!@#$%^&*()_+=-`;',.<>\\", {
            let r = rtc.with_charset(Charset::Extended);
            Box::new(move |id| r.user_id(id))
        }),
        (
            "room",
            "~!@#$^&*()_+=-`;',.<>\\",
            Box::new(move |id| rtc.room_id(id)),
        ),
        ("room extended", "~!@#$%^&*()_+=-`;',.<>\\", {
            let r = rtc.with_charset(Charset::Extended);
            Box::new(move |id| r.room_id(id))
        }),
        ("stream", "-_", Box::new(move |id| rtc.stream_id(id))),
        (
            "zim user",
            "!#$%&()+-.;<=>@^_~",
            Box::new(move |id| zim.user_id(id)),
        ),
        ("zim user extended", "!#$%&()+-:;<=.>?@[]^_{}|~", {
            let r = zim.with_charset(Charset::Extended);
            Box::new(move |id| r.user_id(id))
        }),
        ("both", "!#$&()+-.;<=>@^_~", {
            let r = Rules::rtc_and_zim();
            Box::new(move |id| r.user_id(id))
        }),
    ];
    let mut checked = 0;
    for (name, punctuation, check) in &sets {
        for c in (b' '..=b'~').map(char::from) {
            let allowed = c.is_ascii_alphanumeric() || punctuation.contains(c);
            for (id, at) in [
                (format!("{c}id"), 1),
                (format!("i{c}d"), 2),
                (format!("id{c}"), 3),
            ] {
                match check(&id) {
                    Ok(()) => assert!(allowed, "{name} accepted {id:?}"),
                    Err(RuleViolation::Id {
                        problem: IdProblem::Character { position, ch, .. },
                        ..
                    }) => {
                        assert!(!allowed, "{name} refused {id:?}");
                        assert_eq!((position, ch), (at, c), "{name} {id:?}");
                    }
                    Err(other) => panic!("{name} {id:?}: {other}"),
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 8 * 95 * 3);
}

#[test]
fn positions_count_characters_and_bytes() {
    let rtc = Rules::for_product(Product::Rtc);
    let Err(RuleViolation::Id {
        kind: IdKind::UserId,
        product: Product::Rtc,
        problem: IdProblem::Character {
            position, byte, ch, ..
        },
    }) = rtc.user_id("ab用户")
    else {
        panic!("accepted")
    };
    assert_eq!((position, byte, ch), (3, 2, '用'));
    let Err(RuleViolation::Id {
        problem: IdProblem::Character { position, byte, .. },
        ..
    }) = rtc.kit_user_name("Zoë 用\u{1b}[31m")
    else {
        panic!("accepted")
    };
    assert_eq!((position, byte), (6, 8));
}

#[test]
fn messages_name_the_rule_and_the_character_never_the_id() {
    let rtc = Rules::for_product(Product::Rtc);
    let message = |r: Result<(), RuleViolation>| r.unwrap_err().to_string();
    assert_eq!(
        message(rtc.user_id("alice bob")),
        "user ID has character 6 (U+0020), which ZEGO's RTC clients refuse: use ASCII letters, digits and ~!@#$^&*()_+=-`;',.<>\\ (ZEGO client error 1002006)"
    );
    assert_eq!(
        message(rtc.room_id("a/b")),
        "room ID has character 2 ('/', U+002F), which ZEGO's RTC clients refuse: use ASCII letters, digits and ~!@#$^&*()_+=-`;',.<>\\ (ZEGO client error 1002012)"
    );
    // A bidi override is named by its code point, never written out.
    let bidi = message(rtc.user_id("ab\u{202e}cd"));
    assert!(
        bidi.contains("character 3 (U+202E)") && !bidi.contains('\u{202e}'),
        "{bidi}"
    );
    assert_eq!(
        message(Rules::for_product(Product::Zim).user_id(&"a".repeat(33))),
        "user ID is 33 bytes, over the 32 bytes ZIM accepts"
    );
    assert_eq!(
        message(rtc.user_id(&"a".repeat(64))),
        "user ID is 64 bytes, over the 63 bytes ZEGO's RTC clients accept (ZEGO client error 1002007)"
    );
    assert_eq!(
        message(rtc.kit_user_name("a\nb")),
        "kit user name has character 2 (U+000A), a control character"
    );
    assert_eq!(
        message(rtc.stream_list::<&str>(&[])),
        "privilege payload `stream_id_list` is empty, which ZEGO reads as any stream: give no list (null) for any stream, or list the streams"
    );
    assert_eq!(
        message(rtc.stream_list(&["s1", "s 2"])),
        "privilege payload `stream_id_list` entry 1 has character 2 (U+0020), which ZEGO's RTC clients refuse: use ASCII letters, digits and -_ (ZEGO client error 1000016)"
    );
    assert_eq!(
        message(Rules::for_product(Product::Zim).lifetime(2_592_000)),
        "lifetime of 2592000 s is over ZIM's limit of 2073600 s (24 days): ZIM closes the connection at 24 days (ZEGO client error 6000109)"
    );
    assert_eq!(
        message(Rules::rtc_and_zim().expiry(1 << 31)),
        "expiry 2147483648 is after 2038-01-19T03:14:07Z, the last second a signed 32-bit unix time holds: ZIM reads it as already past (ZEGO client error 6000106)"
    );
    assert_eq!(
        message(rtc.times(i64::MAX, 1)),
        "expiry is after 2038-01-19T03:14:07Z, the last second a signed 32-bit unix time holds"
    );
    #[cfg(feature = "json")]
    assert_eq!(
        message(rtc.payload("room1")),
        "payload is not JSON: give a JSON object, or no payload (ZEGO client error 1002075)"
    );
}

#[test]
fn stream_lists_are_null_or_valid_and_non_empty() {
    let rtc = Rules::default();
    assert!(rtc.stream_list(&["s1", "s_2", "S-3"]).is_ok());
    assert!(rtc.stream_list(&["s".repeat(255)]).is_ok());
    for bad in [vec![], vec!["s1", ""], vec!["s".repeat(256).as_str()]] {
        assert!(
            matches!(rtc.stream_list(&bad), Err(RuleViolation::Payload(_))),
            "{bad:?}"
        );
    }
}

#[test]
fn defaults_and_accessors() {
    let rules = Rules::default();
    assert_eq!(rules, Rules::for_product(Product::Rtc));
    assert_eq!(Rules::from(Product::Zim), Rules::for_product(Product::Zim));
    assert_eq!(rules.charset(), Charset::Portable);
    assert!(rules.includes_rtc() && !rules.includes_zim());
    let both = Rules::rtc_and_zim().with_charset(Charset::Extended);
    assert!(both.includes_rtc() && both.includes_zim());
    assert_eq!(both.charset(), Charset::Extended);
    // With the extended sets, a token for both still takes only what both
    // products take: `%` (both), not `*` (RTC only) nor `:` (ZIM only).
    assert!(both.user_id("a%b").is_ok());
    assert!(both.user_id("a*b").is_err() && both.user_id("a:b").is_err());
}

#[test]
fn a_product_names_its_rules() {
    for product in Product::ALL {
        assert_eq!(Rules::for_product(product).product(), product);
        assert_eq!(Rules::from(product), Rules::for_product(product));
    }
    assert_eq!(Rules::for_product(Product::RtcAndZim), Rules::rtc_and_zim());
    assert!(Product::RtcAndZim.carries_payload() && !Product::Zim.carries_payload());
    // A violation of both rules names the first client that refuses.
    let long = "a".repeat(40);
    let v = Rules::rtc_and_zim().user_id(&long).unwrap_err();
    assert!(
        matches!(
            v,
            RuleViolation::Id {
                product: Product::Zim,
                ..
            }
        ),
        "{v:?}"
    );
    let v = Rules::rtc_and_zim().user_id("a:b").unwrap_err();
    assert!(
        matches!(
            v,
            RuleViolation::Id {
                product: Product::Rtc,
                ..
            }
        ),
        "{v:?}"
    );
}

#[test]
fn a_typed_privilege_meets_the_json_privilege_rule() {
    let rtc = Rules::default();
    let none: Option<&[&str]> = None;
    assert_eq!(rtc.privilege("room1", none), Ok(()));
    assert_eq!(rtc.privilege("room1", Some(&["s1", "s_2"][..])), Ok(()));
    assert!(matches!(
        rtc.privilege("room 1", none),
        Err(RuleViolation::Payload(PayloadProblem::RoomId(
            IdProblem::Character { position: 5, .. }
        )))
    ));
    assert_eq!(
        rtc.privilege("r", Some(&[] as &[&str])),
        Err(RuleViolation::Payload(PayloadProblem::EmptyStreamList))
    );
    // The same refusals as the JSON rule's (feature `json`: see above).
    #[cfg(feature = "json")]
    for (room, streams, json) in [
        (
            "room 1",
            None,
            r#"{"room_id":"room 1","privilege":{"1":1,"2":0}}"#,
        ),
        ("", None, r#"{"room_id":"","privilege":{"1":1,"2":0}}"#),
        (
            "r",
            Some(&[][..]),
            r#"{"room_id":"r","privilege":{"1":1,"2":1},"stream_id_list":[]}"#,
        ),
        (
            "r",
            Some(&["ok", "流1"][..]),
            r#"{"room_id":"r","privilege":{"1":1,"2":1},"stream_id_list":["ok","流1"]}"#,
        ),
    ] {
        let typed = rtc.privilege(room, streams).unwrap_err();
        assert_eq!(Err(typed), rtc.payload(json), "{json}");
    }
    assert_eq!(
        Rules::for_product(Product::Zim).privilege("room1", none),
        Err(RuleViolation::Payload(PayloadProblem::ForZim))
    );
    assert_eq!(Rules::rtc_and_zim().privilege("room1", none), Ok(()));
    let extended = rtc.with_charset(Charset::Extended);
    assert!(rtc.privilege("100%", none).is_err());
    assert_eq!(extended.privilege("100%", none), Ok(()));
}
