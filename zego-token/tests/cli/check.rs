//! `check`: the findings and ZEGO codes for tokens other generators minted
//! with broken claims, the exit status (0 clean or warnings only, 1 any
//! error), text and `--json`; and mangled input explained by every command.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::json;

use super::*;

const APP_ID: u32 = 1_234_567_890;

/// A CBC token04 around `claims`, sealed with the demo secret as another
/// generator would: none of this crate's minting paths lets broken claims
/// through. The header carries the claims' expiry.
fn seal(claims: &Value) -> String {
    foreign_token(&claims.to_string())
}

/// Claims issued a minute ago, living `lifetime` seconds.
fn claims(user_id: &str, payload: &str, lifetime: i64) -> Value {
    let ctime = zego_token::unix_now() - 60;
    json!({
        "app_id": APP_ID, "user_id": user_id, "ctime": ctime, "expire": ctime + lifetime,
        "nonce": 7, "payload": payload,
    })
}

fn token(user_id: &str, payload: &str, lifetime: i64) -> String {
    seal(&claims(user_id, payload, lifetime))
}

/// `check --json TOKEN` plus `flags`: the exit status and the findings as
/// (severity, subject, code).
fn findings(token: &str, flags: &[&str]) -> (i32, Vec<(String, String, Option<u64>)>) {
    let r = run(zego_with_secret()
        .args(["check", "--json"])
        .args(flags)
        .arg(token));
    let v = json(&r.stdout);
    let found = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["severity"].as_str().unwrap().to_owned(),
                f["subject"].as_str().unwrap().to_owned(),
                f["code"].as_u64(),
            )
        })
        .collect();
    (r.code, found)
}

fn e(subject: &str, code: Option<u64>) -> (String, String, Option<u64>) {
    ("error".into(), subject.into(), code)
}

fn w(subject: &str, code: Option<u64>) -> (String, String, Option<u64>) {
    ("warning".into(), subject.into(), code)
}

const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

#[test]
fn check_gives_zego_codes_for_broken_claims() {
    let privilege = |room: &str, streams: &str| {
        format!(r#"{{"room_id":"{room}","privilege":{{"1":1,"2":1}},"stream_id_list":{streams}}}"#)
    };
    let expired = {
        let mut c = claims("alice", "", HOUR);
        c["ctime"] = json!(zego_token::unix_now() - 2 * HOUR);
        c["expire"] = json!(zego_token::unix_now() - HOUR);
        seal(&c)
    };
    let after_2038 = {
        let mut c = claims("alice", "", HOUR);
        c["expire"] = json!(1i64 << 31);
        seal(&c)
    };
    let cases: Vec<(&str, String, &[&str], i32, Vec<_>)> = vec![
        ("clean", token("alice", "", HOUR), &[], 0, vec![]),
        (
            "wrong app ID",
            token("alice", "", HOUR),
            &["--app-id", "99"],
            1,
            vec![e("app_id", Some(1_002_076))],
        ),
        (
            "64-byte user ID",
            token(&"a".repeat(64), "", HOUR),
            &[],
            1,
            vec![e("user_id", Some(1_002_007))],
        ),
        (
            "a space in the user ID",
            token("alice bob", "", HOUR),
            &[],
            1,
            vec![e("user_id", Some(1_002_006))],
        ),
        (
            "33-byte ZIM user ID",
            token(&"a".repeat(33), "", HOUR),
            &["--product", "zim"],
            1,
            vec![e("user_id", None)],
        ),
        (
            "33-byte RTC user ID, handed to ZIM by a UIKit",
            token(&"a".repeat(33), "", HOUR),
            &[],
            0,
            vec![w("user_id", None)],
        ),
        (
            "a payload that is not JSON",
            token("alice", "room1", HOUR),
            &[],
            1,
            vec![e("payload", Some(1_002_075))],
        ),
        (
            "a privilege bit of 2",
            token("alice", r#"{"room_id":"r","privilege":{"1":2}}"#, HOUR),
            &[],
            1,
            vec![e("payload", None)],
        ),
        (
            "a room ID with a space",
            token("alice", &privilege("room 1", "null"), HOUR),
            &[],
            1,
            vec![e("room_id", Some(1_002_012))],
        ),
        (
            "a stream ID with a space",
            token("alice", &privilege("r", r#"["s 1"]"#), HOUR),
            &[],
            1,
            vec![e("stream_id", Some(1_000_016))],
        ),
        (
            "an empty stream list, which ZEGO reads as any stream",
            token("alice", &privilege("r", "[]"), HOUR),
            &[],
            0,
            vec![w("payload", None)],
        ),
        (
            "expiry after 2038, RTC",
            after_2038.clone(),
            &[],
            1,
            vec![w("lifetime", Some(6_000_109)), e("expiry", None)],
        ),
        (
            "expiry after 2038, ZIM",
            after_2038,
            &["--product", "zim"],
            1,
            vec![e("lifetime", Some(6_000_109)), e("expiry", Some(6_000_106))],
        ),
        (
            "a 25-day ZIM token",
            token("alice", "", 25 * DAY),
            &["--product", "zim"],
            1,
            vec![e("lifetime", Some(6_000_109))],
        ),
        (
            "a 24-day ZIM token",
            token("alice", "", 24 * DAY),
            &["--product", "zim"],
            0,
            vec![],
        ),
        (
            "a 25-day RTC token a UIKit hands to ZIM",
            token("alice", "", 25 * DAY),
            &[],
            0,
            vec![w("lifetime", Some(6_000_109))],
        ),
        (
            "expired, RTC",
            expired.clone(),
            &[],
            1,
            vec![e("expiry", Some(1_002_078))],
        ),
        (
            "expired, ZIM",
            expired,
            &["--product", "zim"],
            1,
            vec![e("expiry", Some(6_000_106))],
        ),
        (
            "another user and room",
            token("alice", &privilege("room1", "null"), HOUR),
            &["--user-id", "bob", "--room", "room2"],
            1,
            vec![e("user_id", Some(1_002_077)), e("room_id", None)],
        ),
        (
            "the same user and room",
            token("alice", &privilege("room1", "null"), HOUR),
            &["--user-id", "alice", "--room", "room1"],
            0,
            vec![],
        ),
        (
            "a '%' in the user ID, which the Web SDK refuses",
            token("100%", "", HOUR),
            &[],
            1,
            vec![e("user_id", Some(1_002_006))],
        ),
        (
            "a '%' in the user ID, where every client takes it",
            token("100%", "", HOUR),
            &["--id-charset", "extended"],
            0,
            vec![],
        ),
        (
            "version 03",
            format!("03{}", &token("alice", "", HOUR)[2..]),
            &[],
            1,
            vec![e("version", Some(1_002_079))],
        ),
        (
            "version 03, ZIM",
            format!("03{}", &token("alice", "", HOUR)[2..]),
            &["--product", "zim"],
            1,
            vec![e("version", Some(6_000_107))],
        ),
    ];
    for (what, token, flags, code, expected) in cases {
        assert_eq!(findings(&token, flags), (code, expected), "{what}");
    }
}

#[test]
fn check_text_lists_the_token_then_each_finding_then_the_result() {
    let token = token(
        "alice\u{202e}x",
        r#"{"room_id":"r","privilege":{"1":1}}"#,
        25 * DAY,
    );
    let r = run(zego_with_secret().args(["check", "--user-id", "bob", &token]));
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "error: a ZEGO client or server would refuse this token: 2 errors\n"
    );
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines[0], "app_id     1234567890");
    // Text from the token is escaped.
    assert_eq!(lines[1], r"user_id    alice\u{202e}x");
    assert!(!r.stdout.contains('\u{202e}'));
    assert!(lines[2].starts_with("expire     20") && lines[2].ends_with(", expires in 24d 23h)"));
    assert_eq!(lines[3], "lifetime   2160000 s (25d)");
    assert_eq!(
        lines[4],
        r#"payload    {"room_id":"r","privilege":{"1":1}}"#
    );
    assert_eq!(
        lines[5],
        "rules      rtc (and ZIM's as warnings, for React Native UIKits), portable characters"
    );
    assert_eq!(
        lines[6],
        "error      user ID has character 6 (U+202E), which ZEGO's RTC clients refuse: use ASCII \
         letters, digits and ~!@#$^&*()_+=-`;',.<>\\ (ZEGO client error 1002006)"
    );
    assert_eq!(
        lines[7],
        "warning    a React Native UIKit also hands this token to ZIM: lifetime of 2160000 s is \
         over ZIM's limit of 2073600 s (24 days): ZIM closes the connection at 24 days (ZEGO \
         client error 6000109)"
    );
    assert_eq!(
        lines[8],
        "error      the client logs in with another user ID than the token's (ZEGO client error 1002077)"
    );
    assert_eq!(lines[9], "result     2 errors, 1 warning");
    assert_eq!(lines.len(), 10);

    // Clean, and with warnings only: exit 0, nothing on stderr.
    let clean = ok(zego_with_secret().args(["check", &token_of("alice", HOUR)]));
    assert!(clean.ends_with("\nresult     ok\n"), "{clean}");
    let warned = ok(zego_with_secret().args(["check", &token_of("alice", 25 * DAY)]));
    assert!(warned.ends_with("\nresult     ok, 1 warning\n"), "{warned}");
}

fn token_of(user_id: &str, lifetime: i64) -> String {
    token(user_id, "", lifetime)
}

#[test]
fn check_json_has_stable_keys() {
    let token = token("alice bob", "", HOUR);
    let r = run(zego_with_secret().args(["check", "--json", "--app-id", "7", &token]));
    assert_eq!(r.code, 1);
    assert_eq!(
        keys(&r.stdout),
        ["ok", "product", "errors", "warnings", "findings"]
    );
    let v = json(&r.stdout);
    assert_eq!(v["ok"], false);
    assert_eq!(v["product"], "rtc");
    assert_eq!(
        (v["errors"].as_u64(), v["warnings"].as_u64()),
        (Some(2), Some(0))
    );
    let first = &v["findings"][0];
    // The first finding's text as written (a `Value` sorts its keys).
    let start = r.stdout.find("[{").unwrap() + 1;
    let end = start + r.stdout[start..].find('}').unwrap() + 1;
    assert_eq!(
        keys(&r.stdout[start..end]),
        ["severity", "subject", "code", "message"]
    );
    assert_eq!(first["severity"], "error");
    assert_eq!(first["subject"], "app_id");
    assert_eq!(first["code"], 1_002_076);
    assert_eq!(
        first["message"],
        "the token is for app ID 1234567890, the client uses 7 (ZEGO client error 1002076)"
    );
    // No code is null, not missing.
    let r = run(zego_with_secret().args(["check", "--json", "--product", "zim", &token]));
    let v = json(&r.stdout);
    assert_eq!(v["product"], "zim");
    assert!(v["findings"][0]["code"].is_null());

    let clean = ok(zego_with_secret().args(["check", "--json", &token_of("alice", HOUR)]));
    assert_eq!(
        clean,
        "{\"ok\":true,\"product\":\"rtc\",\"errors\":0,\"warnings\":0,\"findings\":[]}\n"
    );
}

#[test]
fn check_reads_kit_tokens_config_and_stdin() {
    let token = token("alice", r#"{"room_id":"room1","privilege":{"1":1}}"#, HOUR);
    // As UIKit builds it.
    let room_data = r#"{"userID":"bob","roomID":"room2","userName":"Bob","appID":1234567890}"#;
    let kit = format!("{token}#{}", STANDARD.encode(room_data));
    let (code, found) = findings(&kit, &[]);
    assert_eq!(
        (code, found),
        (1, vec![e("user_id", Some(1_002_077)), e("room_id", None)])
    );
    let text = run(zego_with_secret().args(["check", &kit])).stdout;
    assert!(text.contains("\nkit room_id    room2\n"), "{text}");

    // The profile names the secret, the app and the product.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("zego.toml");
    std::fs::write(
        &config,
        "app_id = 1234567890\nsecret_env = \"ZEGO_CHECK_TEST_SECRET\"\nproduct = \"zim\"\n",
    )
    .unwrap();
    let long = token_of("alice", 25 * DAY);
    let r = run(zego()
        .env("ZEGO_CHECK_TEST_SECRET", SECRET)
        .args(["check", "--json", "--config"])
        .arg(&config)
        .arg("-")
        .write_stdin(format!("{long}\n")));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = json(&r.stdout);
    assert_eq!(v["product"], "zim");
    assert_eq!(v["findings"][0]["code"], 6_000_109);
    // Flags win over the profile.
    let r = run(zego()
        .env("ZEGO_CHECK_TEST_SECRET", SECRET)
        .args([
            "check",
            "--json",
            "--product",
            "rtc",
            "--app-id",
            "5",
            "--config",
        ])
        .arg(&config)
        .arg(&long));
    let v = json(&r.stdout);
    assert_eq!(
        (v["product"].as_str(), v["findings"][0]["code"].as_u64()),
        (Some("rtc"), Some(1_002_076))
    );

    usage_error(
        zego_with_secret().args(["check", "--secret-stdin", "-"]),
        "cannot both read standard input",
    );
    usage_error(
        zego_with_secret().args(["check", "--product", "sms", &long]),
        "[possible values: rtc, zim, rtc+zim]",
    );
}

#[test]
fn check_without_a_usable_secret_exits_1_with_one_line() {
    fails_with(
        zego().args(["check", &token_of("alice", HOUR)]),
        "error (code 5): invalid server secret: environment variable ZEGO_SERVER_SECRET is not set",
    );
    // Another secret: the finding says it, exit 1.
    let r = run(zego().env("ZEGO_SERVER_SECRET", OTHER_SECRET).args([
        "check",
        "--json",
        &token_of("alice", HOUR),
    ]));
    assert_eq!(r.code, 1);
    assert_eq!(json(&r.stdout)["findings"][0]["subject"], "secret");
}

/// Each way a token is mangled on its way, and its one-line explanation.
fn mangled_cases(token: &str) -> Vec<(String, &'static str)> {
    vec![
        (
            token.replace('+', " "),
            "it has spaces where base64 has '+', as when a token04 is sent unencoded in a URL query",
        ),
        (
            token
                .replace('+', "%2B")
                .replace('/', "%2F")
                .replace('=', "%3D"),
            "it is percent-encoded (%2B, %2F, %3D)",
        ),
        (format!("\"{token}\""), "it is wrapped in quotes"),
        (
            format!("{{\"token\":\"{token}\",\"expire\":3600}}"),
            "it is a JSON document, such as a whole response",
        ),
        (
            format!("Bearer {token}"),
            "it is an Authorization header's value",
        ),
        (
            format!("{}\n{}", &token[..76], &token[76..]),
            "it has line breaks inside",
        ),
        (
            format!("\u{feff}{token}"),
            "character 1 is an invisible U+FEFF",
        ),
        (
            token.replace('+', "-").replace('/', "_"),
            "it uses URL-safe base64",
        ),
    ]
}

/// A token whose base64 has `+`, `/` and `=`, as most do.
fn token_with_plus_and_slash() -> String {
    (0..)
        .map(|i| token_of(&format!("user{i}"), HOUR))
        .find(|t| t.contains('+') && t.contains('/') && t.ends_with('='))
        .unwrap()
}

#[test]
fn mangled_tokens_are_explained_by_every_command() {
    let token = token_with_plus_and_slash();
    for (mangled, cause) in mangled_cases(&token) {
        for command in ["decode", "inspect"] {
            let r = run(zego_with_secret().args([command, &mangled]));
            assert_eq!(r.code, 1, "{command} {mangled:?}");
            assert!(
                r.stderr.starts_with("error: token text looks mangled: ")
                    && r.stderr.contains(cause)
                    && r.stderr.lines().count() == 1,
                "{command}: {}",
                r.stderr
            );
            // Never echoed: no run of the token's base64 is in the message.
            assert!(!r.stderr.contains(&token[10..30]), "{}", r.stderr);
        }
        let r = run(zego_with_secret().args(["check", "--json", &mangled]));
        assert_eq!(r.code, 1);
        let v = json(&r.stdout);
        assert_eq!(v["findings"][0]["subject"], "encoding", "{mangled:?}");
        let message = v["findings"][0]["message"].as_str().unwrap();
        assert!(message.contains(cause), "{message}");
        // `kit` refuses to wrap it, saying why.
        let r = run(zego().args([
            "kit",
            "--app-id",
            "1",
            "--room",
            "r",
            "--user-id",
            "u",
            &mangled,
        ]));
        assert_eq!(r.code, 1);
        assert!(r.stderr.contains(cause), "kit: {}", r.stderr);
    }
}

#[test]
fn a_secret_with_whitespace_around_it_is_explained() {
    for padded in [
        format!("{SECRET} "),
        format!("{SECRET}\n"),
        format!(" {SECRET}"),
    ] {
        let r = run(zego()
            .env("ZEGO_SERVER_SECRET", &padded)
            .args(["check", &token_of("alice", HOUR)]));
        assert_eq!(r.code, 1);
        assert_eq!(
            r.stderr,
            "error (code 5): invalid server secret: environment variable ZEGO_SERVER_SECRET has \
             whitespace around its 32 characters (a trailing space or newline from an .env file or \
             `echo`?): remove it where the secret is stored (a secret has no whitespace of its own)\n"
        );
        assert!(!r.stderr.contains(&SECRET[..12]));
    }
}
