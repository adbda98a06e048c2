//! The `zego-token` binary end to end: every command, `--json`, stdin tokens,
//! every secret source and the error paths, checked on exit status, stdout
//! and the one stderr line.
//!
//! Built only with the `cli` feature; `cargo test --workspace` turns it on
//! (the `examples` package enables it), so these run in CI.

use std::path::PathBuf;
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;
use zego_token::{KitToken, Privilege, ServerSecret, Verifier};

const SECRET: &str = "fa94dd0f974cf2e293728a526b028271";
const OTHER_SECRET: &str = "0123456789abcdef0123456789abcdef";

/// The first known-answer vector (app 1, user "demo", expired in 2023).
const VECTOR_TOKEN: &str = "04AAAAAGVT/xAAEDAxMjM0NTY3ODlhYmNkZWYAcPDOWcZeMCPxbh1dpHzCTRH0tbs1JDwaSloPPpfrCE29tUW/QA7cBUDbJW7EPsVPsGpO/KyXwgxISYw5q52prPMSDPSd273V+GccmQjr86yJzXgjAi1WOIdNYImOOK+KUyRl6LN2rT4pm+K4yG/IxH0=";

/// The binary with a clean environment: no secret unless a test sets one.
fn zego() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_zego-token"));
    cmd.env_remove("ZEGO_SERVER_SECRET")
        .env_remove("ZEGO_APP_ID");
    cmd
}

/// The binary with the demo secret in `ZEGO_SERVER_SECRET`.
fn zego_with_secret() -> Command {
    let mut cmd = zego();
    cmd.env("ZEGO_SERVER_SECRET", SECRET);
    cmd
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().unwrap();
    Run {
        code: status.code().expect("exited, not killed"),
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    }
}

/// Runs and expects success with nothing on stderr; returns stdout.
fn ok(cmd: &mut Command) -> String {
    let r = run(cmd);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "stdout: {}", r.stdout);
    r.stdout
}

/// Runs and expects exit status 1, no stdout, and exactly `line` on stderr.
fn fails_with(cmd: &mut Command, line: &str) {
    let r = run(cmd);
    assert_eq!(r.code, 1, "stderr: {}", r.stderr);
    assert_eq!(r.stdout, "");
    assert_eq!(r.stderr, format!("{line}\n"));
}

/// Runs and expects a usage error (status 2) mentioning `needle`.
fn usage_error(cmd: &mut Command, needle: &str) {
    let r = run(cmd);
    assert_eq!(r.code, 2, "stdout: {} stderr: {}", r.stdout, r.stderr);
    assert!(r.stderr.contains(needle), "{}", r.stderr);
    assert_eq!(r.stdout, "");
}

fn verifier() -> Verifier {
    Verifier::new(ServerSecret::new(SECRET).unwrap())
}

fn json(text: &str) -> Value {
    assert!(
        text.ends_with('\n') && text.lines().count() == 1,
        "{text:?}"
    );
    serde_json::from_str(text).unwrap()
}

/// The keys of a one-line JSON object, in the order they were written.
fn keys(text: &str) -> Vec<String> {
    // serde_json's `Map` sorts keys (no `preserve_order`); a `Vec` of pairs
    // deserialized through a map visitor keeps the written order.
    struct Ordered(Vec<String>);
    impl<'de> serde::Deserialize<'de> for Ordered {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct Visit;
            impl<'de> serde::de::Visitor<'de> for Visit {
                type Value = Ordered;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("a JSON object")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> Result<Ordered, A::Error> {
                    let mut keys = Vec::new();
                    while let Some((key, _)) = map.next_entry::<String, serde::de::IgnoredAny>()? {
                        keys.push(key);
                    }
                    Ok(Ordered(keys))
                }
            }
            d.deserialize_map(Visit)
        }
    }
    serde_json::from_str::<Ordered>(text).unwrap().0
}

fn temp_file(name: &str, content: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zego-token-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

// ---------------------------------------------------------------- issue

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
    let claims = verifier().with_app_id(42).verify(out.trim_end()).unwrap();
    assert_eq!(claims.user_id, "alice");
    assert_eq!(claims.lifetime(), 3600);
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
        assert_eq!(claims.lifetime(), seconds, "{ttl}");
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
        "error (code 3): invalid user ID: it is empty",
    );
    fails_with(
        zego_with_secret().args(["issue", "--app-id", "1", "--user-id", "u", "--ttl", "0"]),
        "error (code 6): invalid effective time: the lifetime must be positive, got 0 s",
    );
    fails_with(
        zego_with_secret().args(["issue", "--app-id", "1", "--user-id", "u", "--ttl=-5m"]),
        "error (code 6): invalid effective time: the lifetime must be positive, got -300 s",
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
    usage_error(
        zego_with_secret().args(base).args(["--ttl", "1w"]),
        "expected seconds",
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

// ---------------------------------------------------------------- secret sources

#[test]
fn every_secret_source_works() {
    let issue = ["issue", "--app-id", "1", "--user-id", "u"];

    let from_default_env = ok(zego_with_secret().args(issue));
    verifier().verify(from_default_env.trim_end()).unwrap();

    let from_named_env = ok(zego()
        .args(issue)
        .args(["--secret-env", "MY_SECRET"])
        .env("MY_SECRET", SECRET));
    verifier().verify(from_named_env.trim_end()).unwrap();

    let file = temp_file("secret", &format!("{SECRET}\n"));
    let from_file = ok(zego().args(issue).arg("--secret-file").arg(&file));
    verifier().verify(from_file.trim_end()).unwrap();

    let from_stdin = ok(zego()
        .args(issue)
        .arg("--secret-stdin")
        .write_stdin(format!("{SECRET}\n")));
    verifier().verify(from_stdin.trim_end()).unwrap();

    // The explicit source wins over the default variable.
    let out = ok(zego_with_secret()
        .args(issue)
        .arg("--secret-stdin")
        .write_stdin(OTHER_SECRET));
    Verifier::new(ServerSecret::new(OTHER_SECRET).unwrap())
        .verify(out.trim_end())
        .unwrap();
}

#[test]
fn secret_errors_name_the_source_never_the_value() {
    let issue = ["issue", "--app-id", "1", "--user-id", "u"];
    fails_with(
        zego().args(issue),
        "error (code 5): invalid server secret: environment variable ZEGO_SERVER_SECRET is not set",
    );
    fails_with(
        zego().args(issue).args(["--secret-env", "NOPE_UNSET"]),
        "error (code 5): invalid server secret: environment variable NOPE_UNSET is not set",
    );
    let short = "short-secret-value";
    fails_with(
        zego().args(issue).env("ZEGO_SERVER_SECRET", short),
        "error (code 5): invalid server secret: environment variable ZEGO_SERVER_SECRET must hold exactly 32 bytes, it holds 18",
    );
    fails_with(
        zego()
            .args(issue)
            .arg("--secret-stdin")
            .write_stdin(format!("{short}\n")),
        "error (code 5): invalid server secret: it must be exactly 32 bytes, got 18",
    );
    let file = temp_file("short", short);
    fails_with(
        zego().args(issue).arg("--secret-file").arg(&file),
        &format!(
            "error (code 5): invalid server secret: {} must hold exactly 32 bytes, it holds 18",
            file.display()
        ),
    );
    let missing = file.with_file_name("missing");
    fails_with(
        zego().args(issue).arg("--secret-file").arg(&missing),
        &format!(
            "error (code 5): invalid server secret: cannot read {}: entity not found",
            missing.display()
        ),
    );
}

#[test]
fn secret_sources_are_mutually_exclusive() {
    usage_error(
        zego().args([
            "issue",
            "--app-id",
            "1",
            "--user-id",
            "u",
            "--secret-stdin",
            "--secret-env",
            "X",
        ]),
        "cannot be used with",
    );
    usage_error(
        zego_with_secret()
            .args(["decode", "--secret-stdin", "-"])
            .write_stdin(SECRET),
        "--secret-stdin and a TOKEN of - cannot both read standard input",
    );
}

// ---------------------------------------------------------------- decode

#[test]
fn decode_prints_the_claims_with_times() {
    let token = ok(zego_with_secret().args([
        "issue",
        "--app-id",
        "9",
        "--user-id",
        "alice",
        "--room",
        "r1",
        "--login",
    ]));
    let out = ok(zego_with_secret().args(["decode", token.trim_end()]));
    let claims = verifier().verify(token.trim_end()).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "app_id     9");
    assert_eq!(lines[1], "user_id    alice");
    assert_eq!(lines[2], "mode       cbc");
    assert!(
        lines[3].starts_with("ctime      20")
            && lines[3].ends_with(&format!("Z ({})", claims.ctime))
    );
    // Issued a moment ago with a one-hour lifetime.
    assert!(
        lines[4].ends_with(", expires in 1h)") || lines[4].contains(", expires in 59m "),
        "{}",
        lines[4]
    );
    assert_eq!(lines[5], format!("nonce      {}", claims.nonce));
    assert_eq!(lines[6], format!("payload    {}", claims.payload));
    assert_eq!(
        lines[7],
        "privilege  room r1: login yes, publish no, streams any"
    );
    assert_eq!(lines.len(), 8);
}

#[test]
fn decode_json_has_exactly_the_documented_keys() {
    let token =
        ok(zego_with_secret().args(["issue", "--app-id", "9", "--user-id", "alice", "--gcm"]));
    let out = ok(zego_with_secret().args(["decode", "--json", "--app-id", "9", token.trim_end()]));
    let v = json(&out);
    assert_eq!(
        keys(&out),
        [
            "app_id", "user_id", "ctime", "expire", "nonce", "payload", "mode", "expired"
        ]
    );
    let claims = verifier().verify(token.trim_end()).unwrap();
    assert_eq!(v["app_id"], 9);
    assert_eq!(v["user_id"], "alice");
    assert_eq!(v["ctime"], claims.ctime);
    assert_eq!(v["expire"], claims.expire);
    assert_eq!(v["nonce"], claims.nonce);
    assert_eq!(v["payload"], "");
    assert_eq!(v["mode"], "gcm");
    assert_eq!(v["expired"], false);
}

#[test]
fn decode_expired_token_shows_claims_then_fails() {
    let r = run(zego_with_secret().args(["decode", "--json", VECTOR_TOKEN]));
    assert_eq!(r.code, 1);
    let v = json(&r.stdout);
    assert_eq!(v["user_id"], "demo");
    assert_eq!(v["expire"], 1_700_003_600);
    assert_eq!(v["expired"], true);
    assert!(
        r.stderr
            .starts_with("error: token expired at 1700003600 (unix seconds); it is now ")
            && r.stderr.lines().count() == 1,
        "{}",
        r.stderr
    );

    let r = run(zego_with_secret().args(["decode", VECTOR_TOKEN]));
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .contains("ctime      2023-11-14T22:13:20Z (1700000000)\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("expire     2023-11-14T23:13:20Z (1700003600, expired ")
            && r.stdout.contains(" ago)\n"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("payload    (empty)\n"));
}

#[test]
fn decode_reads_the_token_from_stdin() {
    let token = ok(zego_with_secret().args(["issue", "--app-id", "3", "--user-id", "carol"]));
    // `token` ends with the newline `issue` printed, as in a shell pipe.
    let v = json(&ok(zego_with_secret()
        .args(["decode", "--json", "-"])
        .write_stdin(token)));
    assert_eq!(v["user_id"], "carol");
    // With the secret from a file, stdin stays free for the token.
    let file = temp_file("secret-for-stdin", SECRET);
    let token = ok(zego_with_secret().args(["issue", "--app-id", "3", "--user-id", "dave"]));
    let v = json(&ok(zego()
        .args(["decode", "--json", "-", "--secret-file"])
        .arg(&file)
        .write_stdin(token)));
    assert_eq!(v["user_id"], "dave");
}

#[test]
fn decode_error_paths() {
    let token = ok(zego_with_secret().args(["issue", "--app-id", "5", "--user-id", "u"]));
    let token = token.trim_end();
    fails_with(
        zego().args(["decode", token]),
        "error (code 5): invalid server secret: environment variable ZEGO_SERVER_SECRET is not set",
    );
    fails_with(
        zego()
            .args(["decode", token])
            .env("ZEGO_SERVER_SECRET", OTHER_SECRET),
        "error: token cannot be decrypted: wrong server secret, or the token was corrupted",
    );
    let gcm = ok(zego_with_secret().args(["issue", "--app-id", "5", "--user-id", "u", "--gcm"]));
    fails_with(
        zego()
            .args(["decode", gcm.trim_end()])
            .env("ZEGO_SERVER_SECRET", OTHER_SECRET),
        "error: GCM authentication failed: wrong server secret, or the token was tampered with",
    );
    fails_with(
        zego_with_secret().args(["decode", "--app-id", "6", token]),
        "error: app ID mismatch: expected 6, the token is for 5",
    );
    fails_with(
        zego_with_secret().args(["decode", &token[..token.len() - 1]]),
        "error: token is not valid base64 (standard alphabet, with padding)",
    );
    let short = &token[..token.len() - 8];
    let r = run(zego_with_secret().args(["decode", short]));
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .starts_with("error: token is truncated: its fields need "),
        "{}",
        r.stderr
    );
    fails_with(
        zego_with_secret().args(["decode", "hello"]),
        "error: not a token04: a ZEGO token04 starts with \"04\"",
    );
    fails_with(
        zego_with_secret()
            .args(["decode", "-"])
            .write_stdin(&b"04\xff\n"[..]),
        "error: the token on standard input is not UTF-8 text",
    );
    // Nothing ever echoes the secret.
    let r = run(zego()
        .args(["decode", token])
        .env("ZEGO_SERVER_SECRET", OTHER_SECRET));
    assert!(!r.stderr.contains(OTHER_SECRET) && !r.stdout.contains(OTHER_SECRET));
}

// ---------------------------------------------------------------- inspect

#[test]
fn inspect_needs_no_secret() {
    let out = ok(zego().args(["inspect", VECTOR_TOKEN]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "mode        cbc (AES-256-CBC)");
    assert!(lines[1].starts_with("expire      2023-11-14T23:13:20Z (1700003600, expired "));
    assert_eq!(lines[2], "iv_len      16 bytes (IV)");
    assert_eq!(lines[3], "ciphertext  112 bytes");
    assert_eq!(lines.len(), 4);

    let out = ok(zego().args(["inspect", "--json", VECTOR_TOKEN]));
    let v = json(&out);
    assert_eq!(
        keys(&out),
        ["mode", "expire", "expired", "iv_len", "ciphertext_len"]
    );
    assert_eq!(
        v,
        serde_json::json!({"mode": "cbc", "expire": 1_700_003_600, "expired": true, "iv_len": 16, "ciphertext_len": 112})
    );
}

#[test]
fn inspect_gcm_from_stdin() {
    let token = ok(zego_with_secret().args([
        "issue",
        "--app-id",
        "1",
        "--user-id",
        "u",
        "--gcm",
        "--ttl",
        "2h",
    ]));
    let envelope = zego_token::inspect(token.trim_end()).unwrap();
    let v = json(&ok(zego()
        .args(["inspect", "--json", "-"])
        .write_stdin(token.clone())));
    assert_eq!(v["mode"], "gcm");
    assert_eq!(v["iv_len"], 12);
    assert_eq!(v["ciphertext_len"], envelope.ciphertext_len);
    assert_eq!(v["expire"], envelope.expire);
    assert_eq!(v["expired"], false);
    let out = ok(zego().args(["inspect", "-"]).write_stdin(token));
    assert!(out.contains("iv_len      12 bytes (nonce)\n"), "{out}");
    assert!(out.contains("bytes, including the 16-byte tag\n"), "{out}");
    assert!(
        out.contains(", expires in 2h)\n") || out.contains(", expires in 1h 59m)\n"),
        "{out}"
    );
}

#[test]
fn inspect_corrupt_or_missing_token() {
    fails_with(
        zego().args(["inspect", "-"]).write_stdin(""),
        "error: standard input holds no token",
    );
    fails_with(
        zego().args(["inspect", "04AAAA"]),
        "error: token is truncated: its fields need 10 bytes, it has 3",
    );
}

// ---------------------------------------------------------------- kit

#[test]
fn kit_wraps_a_token_like_the_library() {
    let expected = KitToken::new(1, VECTOR_TOKEN, "room1", "demo", "Zoë")
        .unwrap()
        .to_string();
    let out = ok(zego().args([
        "kit",
        "--app-id",
        "1",
        "--room",
        "room1",
        "--user-id",
        "demo",
        "--user-name",
        "Zoë",
        VECTOR_TOKEN,
    ]));
    assert_eq!(out, format!("{expected}\n"));
    let from_stdin = ok(zego()
        .args([
            "kit",
            "--app-id",
            "1",
            "--room",
            "room1",
            "--user-id",
            "demo",
            "--user-name",
            "Zoë",
            "-",
        ])
        .write_stdin(format!("{VECTOR_TOKEN}\n")));
    assert_eq!(from_stdin, out);
    // The display name defaults to the user ID.
    let out = ok(zego().args([
        "kit",
        "--app-id",
        "1",
        "--room",
        "r",
        "--user-id",
        "demo",
        VECTOR_TOKEN,
    ]));
    assert_eq!(KitToken::parse(out.trim_end()).unwrap().user_name(), "demo");
}

#[test]
fn kit_errors() {
    fails_with(
        zego().args([
            "kit",
            "--app-id",
            "1",
            "--room",
            "r",
            "--user-id",
            "",
            VECTOR_TOKEN,
        ]),
        "error (code 3): invalid user ID: it is empty",
    );
    fails_with(
        zego().args([
            "kit",
            "--app-id",
            "1",
            "--room",
            "r",
            "--user-id",
            "u",
            "not-a-token",
        ]),
        "error: not a token04: a ZEGO token04 starts with \"04\"",
    );
    usage_error(
        zego().args(["kit", "--app-id", "1", "--user-id", "u", VECTOR_TOKEN]),
        "--room",
    );
}

// ---------------------------------------------------------------- help

#[test]
fn every_command_has_help_with_an_example() {
    for command in ["issue", "decode", "inspect", "kit"] {
        let out = ok(zego().args([command, "--help"]));
        assert!(out.contains("Examples:\n  zego-token "), "{command}: {out}");
    }
    let out = ok(zego().arg("--help"));
    assert!(
        out.contains("ZEGO_SERVER_SECRET") && out.contains("Example:"),
        "{out}"
    );
}
