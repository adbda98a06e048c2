//! `issue`: minting, its flags, `--json`, and its input errors.

use super::*;

#[test]
fn issue_reproduces_every_known_answer_vector_byte_for_byte() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/data/token04.json");
    let data: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let vectors = data["vectors"].as_array().unwrap();
    assert_eq!(vectors.len(), 8);
    let mut via_room_flags = 0;
    for v in vectors {
        let name = v["name"].as_str().unwrap();
        let mut args = vec![
            "issue".to_owned(),
            "--app-id".into(),
            v["app_id"].to_string(),
            "--user-id".into(),
            v["user_id"].as_str().unwrap().into(),
            "--ttl".into(),
            v["effective_time_in_seconds"].to_string(),
            "--fixed-ctime".into(),
            v["ctime"].to_string(),
            format!("--fixed-nonce={}", v["nonce"]),
            "--fixed-iv".into(),
            v["iv_hex"].as_str().unwrap().into(),
            "--secret-env".into(),
            "VECTOR_SECRET".into(),
        ];
        if v["mode"] == "gcm" {
            args.push("--gcm".into());
        }
        let expected = format!("{}\n", v["token"].as_str().unwrap());
        let payload = v["payload"].as_str().unwrap();

        // The payload verbatim...
        let mut raw = args.clone();
        raw.extend(["--payload".into(), payload.into()]);
        let secret = v["secret"].as_str().unwrap();
        if name == "escaped_user" {
            // A user ID (a"b\c<d>&e) and payload no ZEGO client accepts:
            // it decodes, and it is not minted.
            let r = run(zego().args(&raw).env("VECTOR_SECRET", secret));
            assert_eq!((r.code, r.stdout.as_str()), (1, ""));
            assert!(
                r.stderr
                    .starts_with("error (code 3): user ID has character 2 ('\"', U+0022)"),
                "{}",
                r.stderr
            );
            continue;
        }
        let out = ok(zego().args(&raw).env("VECTOR_SECRET", secret));
        assert_eq!(out, expected, "{name} via --payload");

        // ...and privilege payloads rebuilt from the room flags.
        if let Some(p) = Privilege::from_json(payload) {
            args.extend(["--room".into(), p.room_id().into()]);
            if p.login() {
                args.push("--login".into());
            }
            if p.publish() {
                args.push("--publish".into());
            }
            for stream in p.streams().unwrap_or_default() {
                args.extend(["--stream".into(), stream.clone()]);
            }
            let out = ok(zego().args(&args).env("VECTOR_SECRET", secret));
            assert_eq!(out, expected, "{name} via --room");
            via_room_flags += 1;
        }
    }
    assert!(via_room_flags >= 3, "{via_room_flags}");
}

#[test]
fn issue_prints_one_token_line_that_decodes() {
    let out = ok(zego_with_secret().args(["issue", "--app-id", "42", "--user-id", "alice"]));
    assert_eq!(out.lines().count(), 1);
    let claims = Verifier::new(42, ServerSecret::new(SECRET).unwrap())
        .unwrap()
        .verify(out.trim_end())
        .unwrap();
    assert_eq!(claims.user_id, "alice");
    assert_eq!(claims.lifetime().as_secs(), 3600);
    assert_eq!(claims.payload, "");
}

#[test]
fn issue_json_has_exactly_the_documented_keys() {
    let out = ok(zego_with_secret().args([
        "issue",
        "--app-id",
        "42",
        "--user-id",
        "alice",
        "--ttl",
        "90s",
        "--gcm",
        "--json",
    ]));
    let v = json(&out);
    assert_eq!(
        keys(&out),
        ["token", "app_id", "user_id", "ctime", "expire", "mode"]
    );
    assert_eq!(v["app_id"], 42);
    assert_eq!(v["user_id"], "alice");
    assert_eq!(v["mode"], "gcm");
    assert_eq!(
        v["expire"].as_i64().unwrap() - v["ctime"].as_i64().unwrap(),
        90
    );
    let claims = verifier().verify(v["token"].as_str().unwrap()).unwrap();
    assert_eq!(claims.ctime, v["ctime"].as_i64().unwrap());
    assert_eq!(claims.mode, zego_token::Mode::Gcm);
}

#[test]
fn issue_ttl_units() {
    for (ttl, seconds) in [
        ("3600", 3600),
        ("90s", 90),
        ("30m", 1800),
        ("2h", 7200),
        ("1d", 86_400),
    ] {
        let out =
            ok(zego_with_secret().args(["issue", "--app-id", "1", "--user-id", "u", "--ttl", ttl]));
        let claims = verifier().verify(out.trim_end()).unwrap();
        assert_eq!(claims.lifetime().as_secs(), seconds, "{ttl}");
    }
}

#[test]
fn issue_room_privilege_and_kit_token() {
    let out = ok(zego_with_secret().args([
        "issue",
        "--app-id",
        "7",
        "--user-id",
        "alice",
        "--room",
        "room1",
        "--login",
        "--publish",
        "--stream",
        "s1",
        "--stream",
        "s2",
        "--kit",
        "--user-name",
        "Zoë Li",
        "--json",
    ]));
    let v = json(&out);
    assert_eq!(
        keys(&out),
        [
            "token",
            "app_id",
            "user_id",
            "ctime",
            "expire",
            "mode",
            "kit_token"
        ]
    );
    let token = v["token"].as_str().unwrap();
    let privilege = verifier().verify(token).unwrap().privilege().unwrap();
    assert_eq!(privilege.room_id(), "room1");
    assert!(privilege.login() && privilege.publish());
    assert_eq!(privilege.streams().unwrap(), ["s1", "s2"]);

    let kit = KitToken::parse(v["kit_token"].as_str().unwrap()).unwrap();
    assert_eq!(
        (
            kit.token(),
            kit.app_id(),
            kit.room_id(),
            kit.user_id(),
            kit.user_name()
        ),
        (token, 7, "room1", "alice", "Zoë Li")
    );

    // Without --json, the kit token is what gets printed; the user name
    // defaults to the user ID.
    let out = ok(zego_with_secret().args([
        "issue",
        "--app-id",
        "7",
        "--user-id",
        "bob",
        "--room",
        "r",
        "--login",
        "--kit",
    ]));
    let kit = KitToken::parse(out.trim_end()).unwrap();
    assert_eq!((kit.room_id(), kit.user_name()), ("r", "bob"));
    assert!(
        !verifier()
            .verify(kit.token())
            .unwrap()
            .privilege()
            .unwrap()
            .publish()
    );
}

#[test]
fn issue_input_errors_carry_the_official_codes() {
    fails_with(
        zego_with_secret().args(["issue", "--app-id", "0", "--user-id", "u"]),
        "error (code 1): invalid app ID: it must be a non-zero 32-bit integer from the ZEGO console",
    );
    fails_with(
        zego_with_secret().args(["issue", "--app-id", "1", "--user-id", ""]),
        "error (code 3): user ID is empty (ZEGO client error 1002005)",
    );
    fails_with(
        zego_with_secret().args([
            "issue",
            "--app-id",
            "1",
            "--user-id",
            "u",
            "--gcm",
            "--fixed-ctime",
            "1",
            "--fixed-nonce",
            "1",
            "--fixed-iv",
            "30313233343536373839616263646566",
        ]),
        "error: invalid fixed IV: gcm needs 12 bytes, got 16",
    );
}

#[test]
fn issue_usage_errors_exit_2() {
    let base = ["issue", "--app-id", "1", "--user-id", "u"];
    usage_error(
        zego_with_secret().args(base).args(["--fixed-ctime", "1"]),
        "--fixed-nonce",
    );
    usage_error(
        zego_with_secret()
            .args(base)
            .args(["--fixed-nonce", "1", "--fixed-iv", "00"]),
        "--fixed-ctime",
    );
    usage_error(
        zego_with_secret().args(base).args([
            "--fixed-ctime",
            "1",
            "--fixed-nonce",
            "1",
            "--fixed-iv",
            "zz",
        ]),
        "Invalid character",
    );
    // --ttl has the grammar of config files and the derive: no unit `w`,
    // no sign, nothing that is not positive.
    for (ttl, says) in [
        ("1w", "ttl is not a duration"),
        ("+5", "ttl is not a duration"),
        ("0", "ttl must be positive"),
        ("-5", "ttl must be positive"),
    ] {
        usage_error(zego_with_secret().args(base).args(["--ttl", ttl]), says);
    }
    usage_error(
        zego_with_secret().args(base).arg("--ttl=-5m"),
        "ttl must be positive",
    );
    usage_error(
        zego_with_secret().args(base).args(["--room", "r"]),
        "<--login|--publish>",
    );
    usage_error(zego_with_secret().args(base).args(["--publish"]), "--room");
    usage_error(zego_with_secret().args(base).args(["--kit"]), "--room");
    usage_error(
        zego_with_secret()
            .args(base)
            .args(["--room", "r", "--login", "--payload", "x"]),
        "cannot be used with",
    );
    usage_error(
        zego_with_secret().args(["issue", "--user-id", "u"]),
        "--app-id",
    );
    usage_error(
        zego_with_secret().args(["issue", "--app-id", "x", "--user-id", "u"]),
        "invalid value",
    );
    usage_error(zego().args(["frobnicate"]), "unrecognized subcommand");
}

/// The one-line refusal of `issue` with `args` after `--app-id 1 --user-id`.
fn refused(user_id: &str, args: &[&str]) -> String {
    let r = run(zego_with_secret()
        .args(["issue", "--app-id", "1", "--user-id", user_id])
        .args(args));
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (1, ""),
        "{user_id:?} {args:?}: {}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    r.stderr.trim_end().to_owned()
}

const RTC_SET: &str = "use ASCII letters, digits and ~!@#$^&*()_+=-`;',.<>\\";

#[test]
fn issue_refuses_what_zegos_clients_refuse_with_one_typed_line() {
    for (user, position, ch) in [
        ("alice bob", 6, "(U+0020)"),
        ("Zoë", 3, "(U+00EB)"),
        ("用户1", 1, "(U+7528)"),
        ("alice\"x", 6, "('\"', U+0022)"),
        ("a:b", 2, "(':', U+003A)"),
        ("100%", 4, "('%', U+0025)"),
    ] {
        assert_eq!(
            refused(user, &[]),
            format!(
                "error (code 3): user ID has character {position} {ch}, which ZEGO's RTC clients refuse: {RTC_SET} (ZEGO client error 1002006)"
            ),
            "{user:?}"
        );
    }
    assert_eq!(
        refused(&"u".repeat(64), &[]),
        "error (code 3): user ID is 64 bytes, over the 63 bytes ZEGO's RTC clients accept (ZEGO client error 1002007)"
    );
    for (stream, position, ch) in [("s 1", 2, "(U+0020)"), ("流1", 1, "(U+6D41)")] {
        assert_eq!(
            refused(
                "alice",
                &[
                    "--room",
                    "r1",
                    "--publish",
                    "--stream",
                    "ok",
                    "--stream",
                    stream
                ]
            ),
            format!(
                "error: privilege payload `stream_id_list` entry 1 has character {position} {ch}, which ZEGO's RTC clients refuse: use ASCII letters, digits and -_ (ZEGO client error 1000016)"
            )
        );
    }
    assert_eq!(
        refused("alice", &["--room", "room 1", "--login"]),
        format!(
            "error: privilege payload `room_id` has character 5 (U+0020), which ZEGO's RTC clients refuse: {RTC_SET} (ZEGO client error 1002012)"
        )
    );
    for payload in ["room1", "[1]", "\"room1\""] {
        let line = refused("alice", &["--payload", payload]);
        assert!(
            line.starts_with("error: payload is not"),
            "{payload}: {line}"
        );
        assert!(
            line.ends_with("(ZEGO client error 1002075)"),
            "{payload}: {line}"
        );
    }
    assert_eq!(
        refused(
            "alice",
            &[
                "--payload",
                r#"{"room_id":"r1","privilege":{"1":1,"2":1},"stream_id_list":[]}"#
            ]
        ),
        "error: privilege payload `stream_id_list` is empty, which ZEGO reads as any stream: give no list (null) for any stream, or list the streams"
    );
    // Expiry in 2038 at the latest, for every product.
    let fixed = |ctime: i64| {
        vec![
            "--ttl".to_owned(),
            "3600".into(),
            "--fixed-ctime".into(),
            ctime.to_string(),
            "--fixed-nonce".into(),
            "1".into(),
            "--fixed-iv".into(),
            "30313233343536373839616263646566".into(),
        ]
    };
    let last = i64::from(i32::MAX) - 3600;
    ok(zego_with_secret()
        .args(["issue", "--app-id", "1", "--user-id", "u"])
        .args(fixed(last)));
    let late = fixed(last + 1);
    let late: Vec<&str> = late.iter().map(String::as_str).collect();
    assert_eq!(
        refused("u", &late),
        "error (code 6): expiry 2147483648 is after 2038-01-19T03:14:07Z, the last second a signed 32-bit unix time holds"
    );
    // ZIM: 32 bytes, its set, 24 days; both products' rules for rtc+zim.
    assert_eq!(
        refused(&"u".repeat(33), &["--product", "zim"]),
        "error (code 3): user ID is 33 bytes, over the 32 bytes ZIM accepts"
    );
    assert!(refused("a*b", &["--product", "rtc+zim"]).contains("which ZIM refuses"));
    assert!(refused("u", &["--product", "zim", "--ttl", "25d"]).contains("6000109"));
    assert!(refused("u", &["--product", "rtc+zim", "--ttl", "25d"]).contains("6000109"));
}

#[test]
fn issue_mints_plain_ids_and_names_a_wider_set() {
    for user in [
        "alice",
        "user_42",
        "a.b@example.com",
        "550e8400-e29b-41d4-a716-446655440000",
        &"u".repeat(63),
    ] {
        let token = ok(zego_with_secret().args([
            "issue",
            "--app-id",
            "1",
            "--user-id",
            user,
            "--room",
            "room-1",
            "--publish",
            "--stream",
            "s_1",
        ]));
        assert_eq!(verifier().verify(token.trim_end()).unwrap().user_id, user);
    }
    let zim = ok(zego_with_secret().args([
        "issue",
        "--app-id",
        "1",
        "--user-id",
        &"u".repeat(32),
        "--product",
        "zim",
        "--ttl",
        "24d",
    ]));
    let claims = verifier().verify(zim.trim_end()).unwrap();
    assert_eq!(claims.expire - claims.ctime, 24 * 86_400);
    // `%` only with the extended set.
    ok(zego_with_secret().args([
        "issue",
        "--app-id",
        "1",
        "--user-id",
        "100%",
        "--id-charset",
        "extended",
    ]));
    usage_error(
        zego_with_secret().args([
            "issue",
            "--app-id",
            "1",
            "--user-id",
            "u",
            "--product",
            "im",
        ]),
        "[possible values: rtc, zim, rtc+zim]",
    );
    usage_error(
        zego_with_secret().args([
            "issue",
            "--app-id",
            "1",
            "--user-id",
            "u",
            "--id-charset",
            "wide",
        ]),
        "[possible values: portable, extended]",
    );
}
