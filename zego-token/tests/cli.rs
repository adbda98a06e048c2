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
        "error (code 3): invalid user ID: it is empty",
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

// ---------------------------------------------------------------- --config

/// The variable the test config's top level names with `secret_env`.
const CONFIG_ENV: &str = "ZEGO_CLI_TEST_PROD_SECRET";

/// A fresh directory for one test's config files (tests run in parallel).
fn config_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zego-token-cli-{}/{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `zego.toml` in `dir`: a GCM top level reading its secret from
/// `CONFIG_ENV`, a CBC `staging` profile reading `OTHER_SECRET` from a file,
/// and an `eu` profile that only changes the app ID. Returns its path.
fn write_config(dir: &std::path::Path) -> PathBuf {
    let secret_file = dir.join("staging.secret");
    std::fs::write(&secret_file, format!("{OTHER_SECRET}\n")).unwrap();
    let toml = format!(
        r#"app_id = 1234567890
secret_env = "{CONFIG_ENV}"
ttl = "2h"
mode = "gcm"

[profiles.staging]
app_id = 987654321
secret_file = {secret_file:?}
ttl = "10m"
mode = "cbc"

[profiles.eu]
app_id = 555
"#
    );
    let path = dir.join("zego.toml");
    std::fs::write(&path, toml).unwrap();
    path
}

/// The binary with `CONFIG_ENV` set to the demo secret.
fn zego_with_config_env() -> Command {
    let mut cmd = zego();
    cmd.env(CONFIG_ENV, SECRET);
    cmd
}

fn issue_json(cmd: &mut Command) -> Value {
    json(&ok(cmd.arg("--json")))
}

#[test]
fn config_default_profile_issues_and_decodes() {
    let config = write_config(&config_dir("default"));
    // The top level: app ID, ttl and mode from the file, secret from `secret_env`.
    let v = issue_json(
        zego_with_config_env()
            .args(["issue", "--user-id", "alice", "--config"])
            .arg(&config),
    );
    assert_eq!(
        (v["app_id"].as_u64(), v["mode"].as_str()),
        (Some(1_234_567_890), Some("gcm"))
    );
    let token = v["token"].as_str().unwrap();
    let claims = verifier().with_app_id(1_234_567_890).verify(token).unwrap();
    assert_eq!(claims.lifetime().as_secs(), 7200);
    assert_eq!(claims.mode, zego_token::Mode::Gcm);

    // decode with the same config: the profile's app ID is the expected one.
    let out = ok(zego_with_config_env()
        .args(["decode", "--json", "--config"])
        .arg(&config)
        .arg(token));
    let decoded = json(&out);
    assert_eq!(decoded["app_id"], 1_234_567_890);
    assert_eq!(decoded["user_id"], "alice");
    assert_eq!(decoded["mode"], "gcm");
    assert_eq!(decoded["expired"], false);

    // The variable the file names is required, and named when missing.
    fails_with(
        zego()
            .args(["issue", "--user-id", "alice", "--config"])
            .arg(&config),
        &format!(
            "error (code 5): invalid server secret: environment variable {CONFIG_ENV} is not set"
        ),
    );
    // ZEGO_SERVER_SECRET is not a fallback: the file names its own source.
    fails_with(
        zego_with_secret()
            .args(["issue", "--user-id", "alice", "--config"])
            .arg(&config),
        &format!(
            "error (code 5): invalid server secret: environment variable {CONFIG_ENV} is not set"
        ),
    );
}

#[test]
fn config_named_profile_issues_and_decodes() {
    let config = write_config(&config_dir("named"));
    // `staging` reads its secret from `secret_file`: no variable needed.
    let mut cmd = zego();
    cmd.args(["issue", "--user-id", "bob", "--config"])
        .arg(&config)
        .args(["--profile", "staging"]);
    let v = issue_json(&mut cmd);
    assert_eq!(
        (v["app_id"].as_u64(), v["mode"].as_str()),
        (Some(987_654_321), Some("cbc"))
    );
    let token = v["token"].as_str().unwrap().to_owned();
    let other = Verifier::new(ServerSecret::new(OTHER_SECRET).unwrap());
    let claims = other.with_app_id(987_654_321).verify(&token).unwrap();
    assert_eq!(
        (claims.user_id.as_str(), claims.lifetime().as_secs()),
        ("bob", 600)
    );

    // Human decode, token from stdin.
    let out = ok(zego()
        .args(["decode", "--profile", "staging", "-", "--config"])
        .arg(&config)
        .write_stdin(format!("{token}\n")));
    assert!(
        out.starts_with("app_id     987654321\nuser_id    bob\nmode       cbc\n"),
        "{out}"
    );
    assert!(out.contains("expires in 10m"), "{out}");

    // The top level's secret (and app ID) cannot read staging's token.
    fails_with(
        zego_with_config_env()
            .args(["decode", "--config"])
            .arg(&config)
            .arg(&token),
        "error: token cannot be decrypted: wrong server secret, or the token was corrupted",
    );
}

#[test]
fn config_flags_override_the_profile() {
    let config = write_config(&config_dir("override"));
    let base = || {
        let mut cmd = zego_with_config_env();
        cmd.args(["issue", "--user-id", "u", "--config"])
            .arg(&config);
        cmd
    };
    // --ttl and --cbc beat the top level's 2h and gcm.
    let v = issue_json(base().args(["--ttl", "90s", "--cbc"]));
    assert_eq!(v["mode"], "cbc");
    let claims = verifier().verify(v["token"].as_str().unwrap()).unwrap();
    assert_eq!(
        (claims.lifetime().as_secs(), claims.mode),
        (90, zego_token::Mode::Cbc)
    );
    // --gcm beats staging's cbc.
    let mut cmd = zego();
    cmd.args(["issue", "--user-id", "u", "--gcm", "--config"])
        .arg(&config)
        .args(["--profile", "staging"]);
    assert_eq!(issue_json(&mut cmd)["mode"], "gcm");
    usage_error(base().args(["--gcm", "--cbc"]), "cannot be used with");

    // A profile inherits what it does not set: `eu` has the top level's
    // secret variable, ttl and mode.
    let v = issue_json(base().args(["--profile", "eu"]));
    assert_eq!(
        (v["app_id"].as_u64(), v["mode"].as_str()),
        (Some(555), Some("gcm"))
    );
    let eu_token = v["token"].as_str().unwrap().to_owned();
    assert_eq!(
        verifier().verify(&eu_token).unwrap().lifetime().as_secs(),
        7200
    );

    // decode expects the profile's app ID unless --app-id says otherwise.
    let decode = || {
        let mut cmd = zego_with_config_env();
        cmd.args(["decode", "--config"]).arg(&config);
        cmd
    };
    fails_with(
        decode().arg(&eu_token),
        "error: app ID mismatch: expected 1234567890, the token is for 555",
    );
    let out = ok(decode().args(["--app-id", "555", "--json"]).arg(&eu_token));
    assert_eq!(json(&out)["app_id"], 555);
    fails_with(
        decode().args(["--app-id", "556"]).arg(&eu_token),
        "error: app ID mismatch: expected 556, the token is for 555",
    );

    // issue and kit refuse --app-id with --config: the file names the app
    // together with its secret, and a token for another app ID signed with
    // that secret would be rejected by ZEGO.
    usage_error(
        base().args(["--app-id", "1"]),
        "--app-id cannot be used with --config, which names the app together with its secret",
    );
    usage_error(
        zego()
            .args([
                "kit",
                "--app-id",
                "1",
                "--room",
                "r",
                "--user-id",
                "u",
                "--config",
            ])
            .arg(&config)
            .arg(VECTOR_TOKEN),
        "--app-id cannot be used with --config",
    );
    // The usage error comes before the file is read.
    usage_error(
        zego().args([
            "issue",
            "--app-id",
            "1",
            "--user-id",
            "u",
            "--config",
            "/nonexistent.toml",
        ]),
        "--app-id cannot be used with --config",
    );
}

#[test]
fn config_kit_takes_only_the_app_id() {
    let config = write_config(&config_dir("kit"));
    // No secret anywhere in the environment: kit never reads it.
    let out = ok(zego()
        .args([
            "kit",
            "--room",
            "r1",
            "--user-id",
            "demo",
            "--profile",
            "staging",
            "--config",
        ])
        .arg(&config)
        .arg(VECTOR_TOKEN));
    let kit = KitToken::parse(out.trim_end()).unwrap();
    assert_eq!(
        (kit.app_id(), kit.room_id(), kit.token()),
        (987_654_321, "r1", VECTOR_TOKEN)
    );
}

#[test]
fn config_relative_secret_file_is_read_from_the_working_directory() {
    let dir = config_dir("relative");
    std::fs::write(dir.join("secret.txt"), SECRET).unwrap();
    std::fs::write(
        dir.join("zego.toml"),
        "app_id = 7\nsecret_file = \"secret.txt\"\n",
    )
    .unwrap();
    let out =
        ok(zego()
            .current_dir(&dir)
            .args(["issue", "--user-id", "u", "--config", "zego.toml"]));
    assert_eq!(verifier().verify(out.trim_end()).unwrap().app_id, 7);
    // From elsewhere, the relative path no longer resolves, and says so.
    fails_with(
        zego()
            .current_dir(std::env::temp_dir())
            .args(["issue", "--user-id", "u", "--config"])
            .arg(dir.join("zego.toml")),
        "error (code 5): invalid server secret: cannot read secret.txt: entity not found",
    );
}

#[test]
fn config_errors_exit_1_with_the_place() {
    let dir = config_dir("errors");
    let config = write_config(&dir);
    let issue = ["issue", "--user-id", "u", "--config"];

    fails_with(
        zego_with_config_env()
            .args(issue)
            .arg(&config)
            .args(["--profile", "prod"]),
        &format!(
            "error: invalid config: {}: no profile `prod` (profiles: eu, staging)",
            config.display()
        ),
    );

    // A syntax error: file, line and column of the mistake.
    let broken = dir.join("broken.toml");
    std::fs::write(&broken, "app_id = 1\nttl = \"2h\nmode = \"cbc\"\n").unwrap();
    fails_with(
        zego_with_config_env().args(issue).arg(&broken),
        &format!(
            "error: invalid config: {}:2:10: TOML syntax error: invalid basic string, expected `\"`",
            broken.display()
        ),
    );
    // A bad value, placed the same way.
    let bad_mode = dir.join("bad_mode.toml");
    std::fs::write(&bad_mode, "app_id = 1\n\n[profiles.x]\nmode = \"ctr\"\n").unwrap();
    fails_with(
        zego_with_config_env()
            .args(issue)
            .arg(&bad_mode)
            .args(["--profile", "x"]),
        &format!(
            "error: invalid config: {}:4:8: mode must be \"cbc\" or \"gcm\"",
            bad_mode.display()
        ),
    );

    // A plain secret is refused, pointing at the key, without repeating it.
    let plain = dir.join("plain.toml");
    std::fs::write(&plain, format!("app_id = 1\nsecret = \"{SECRET}\"\n")).unwrap();
    let r = run(zego_with_config_env().args(issue).arg(&plain));
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
    assert!(
        r.stderr.starts_with(&format!(
            "error: invalid config: {}:2:10: a plain `secret` is not allowed in a config file",
            plain.display()
        )) && r.stderr.contains("`secret_env`")
            && r.stderr.contains("`secret_file`"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains(SECRET), "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1);

    // Missing file; a file with named profiles only and no --profile.
    let missing = dir.join("missing.toml");
    fails_with(
        zego().args(issue).arg(&missing),
        &format!(
            "error: invalid config: {}: cannot read the config file: entity not found",
            missing.display()
        ),
    );
    let profiles_only = dir.join("profiles_only.toml");
    std::fs::write(
        &profiles_only,
        "[profiles.a]\napp_id = 1\n[profiles.b]\napp_id = 2\n",
    )
    .unwrap();
    fails_with(
        zego().args(issue).arg(&profiles_only),
        &format!(
            "error: invalid config: {}: the top level sets no app_id: set one, or pick a profile (profiles: a, b)",
            profiles_only.display()
        ),
    );
    // kit reports config errors the same way.
    fails_with(
        zego()
            .args(["kit", "--room", "r", "--user-id", "u", "--config"])
            .arg(&broken)
            .arg(VECTOR_TOKEN),
        &format!(
            "error: invalid config: {}:2:10: TOML syntax error: invalid basic string, expected `\"`",
            broken.display()
        ),
    );
}

#[test]
fn config_zim_profile_refuses_payloads() {
    let dir = config_dir("zim");
    let config = dir.join("zego.toml");
    std::fs::write(
        &config,
        format!("app_id = 9\nsecret_env = \"{CONFIG_ENV}\"\nproduct = \"zim\"\n"),
    )
    .unwrap();
    let issue = || {
        let mut cmd = zego_with_config_env();
        cmd.args(["issue", "--user-id", "u", "--config"])
            .arg(&config);
        cmd
    };
    let claims = verifier().verify(ok(&mut issue()).trim_end()).unwrap();
    assert_eq!((claims.app_id, claims.payload.as_str()), (9, ""));
    let refusal = "error: the config's top level is for ZIM (product = \"zim\"), whose tokens carry no payload: drop --room/--payload";
    fails_with(issue().args(["--payload", "x"]), refusal);
    fails_with(issue().args(["--room", "r", "--login"]), refusal);
}

#[test]
fn config_usage_errors_exit_2() {
    let config = write_config(&config_dir("usage"));
    // --profile means nothing without --config.
    usage_error(
        zego_with_secret().args([
            "issue",
            "--app-id",
            "1",
            "--user-id",
            "u",
            "--profile",
            "staging",
        ]),
        "--config <PATH>",
    );
    usage_error(
        zego_with_secret().args(["decode", "--profile", "staging", VECTOR_TOKEN]),
        "--config <PATH>",
    );
    usage_error(
        zego().args([
            "kit",
            "--app-id",
            "1",
            "--room",
            "r",
            "--user-id",
            "u",
            "--profile",
            "x",
            VECTOR_TOKEN,
        ]),
        "--config <PATH>",
    );
    // --config is a secret source: it excludes the others.
    for other in [["--secret-env", "X"], ["--secret-file", "f"]] {
        usage_error(
            zego()
                .args(["issue", "--user-id", "u", "--config"])
                .arg(&config)
                .args(other),
            "cannot be used with",
        );
    }
    usage_error(
        zego()
            .args(["decode", "--secret-stdin", "--config"])
            .arg(&config)
            .arg(VECTOR_TOKEN),
        "cannot be used with",
    );
    // Without --config, --app-id is still required.
    usage_error(
        zego_with_secret().args(["issue", "--user-id", "u"]),
        "--app-id <N>",
    );
    usage_error(
        zego().args(["kit", "--room", "r", "--user-id", "u", VECTOR_TOKEN]),
        "--app-id <N>",
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

// ---------------------------------------------------------------- kit tokens pasted whole

/// A kit token for a fresh token of app 9 and user alice, as `issue --kit`
/// prints it; and that token04.
fn issued_kit() -> (String, String) {
    let out = ok(zego_with_secret().args([
        "issue",
        "--app-id",
        "9",
        "--user-id",
        "alice",
        "--room",
        "r&1",
        "--login",
        "--kit",
        "--user-name",
        "Zoë Li & co",
    ]));
    let kit = out.trim_end().to_owned();
    let token = KitToken::parse(&kit).unwrap().token().to_owned();
    (kit, token)
}

#[test]
fn decode_a_kit_token_pasted_whole_with_whitespace_around() {
    let (kit, token) = issued_kit();
    let claims = verifier().verify(&token).unwrap();
    let out = ok(zego_with_secret().args(["decode", "--app-id", "9", &format!("  {kit}\n")]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "app_id     9");
    assert_eq!(lines[1], "user_id    alice");
    assert_eq!(lines[5], format!("nonce      {}", claims.nonce));
    assert_eq!(
        lines[8..],
        [
            "kit app_id     9",
            "kit room_id    r&1",
            "kit user_id    alice",
            "kit user_name  Zoë Li & co"
        ]
    );
    assert_eq!(lines.len(), 12);

    let out = ok(zego_with_secret()
        .args(["decode", "--json", "-"])
        .write_stdin(format!("\t{kit} \r\n")));
    assert_eq!(
        keys(&out),
        [
            "app_id", "user_id", "ctime", "expire", "nonce", "payload", "mode", "expired", "kit"
        ]
    );
    let v = json(&out);
    assert_eq!(v["user_id"], "alice");
    assert_eq!(v["nonce"], claims.nonce);
    assert_eq!(
        v["kit"],
        serde_json::json!({"app_id": 9, "room_id": "r&1", "user_id": "alice", "user_name": "Zoë Li & co"})
    );
    let kit_json = serde_json::to_string(&v["kit"]).unwrap();
    assert_eq!(
        keys(&format!("{kit_json}\n")),
        ["app_id", "room_id", "user_id", "user_name"]
    );
    // A bare token04 has no "kit" key.
    let out = ok(zego_with_secret().args(["decode", "--json", &token]));
    assert!(!keys(&out).contains(&"kit".to_owned()));
}

#[test]
fn decode_a_kit_token_that_disagrees_with_its_claims_shows_both_and_exits_1() {
    let (_, token) = issued_kit();
    let other_user = KitToken::new(9, &token, "r", "bob", "Bob").unwrap();
    let r = run(zego_with_secret().args(["decode", &other_user.to_string()]));
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("user_id    alice\n"), "{}", r.stdout);
    assert!(r.stdout.contains("kit user_id    bob\n"), "{}", r.stdout);
    assert_eq!(
        r.stderr,
        "error: kit token disagrees with its token04: the kit's userID is not the user ID in the token's claims\n"
    );

    let other_app = KitToken::new(8, &token, "r", "alice", "Alice").unwrap();
    let r = run(zego_with_secret().args(["decode", "--json", &other_app.to_string()]));
    assert_eq!(r.code, 1);
    assert_eq!(json(&r.stdout)["kit"]["app_id"], 8);
    assert_eq!(
        r.stderr,
        "error: kit token disagrees with its token04: the kit's appID is 8, the token's claims say 9\n"
    );
    // A token for another app than --app-id is refused before anything is shown.
    fails_with(
        zego_with_secret().args(["decode", "--app-id", "8", &other_app.to_string()]),
        "error: app ID mismatch: expected 8, the token is for 9",
    );
}

#[test]
fn decode_and_inspect_kit_tokens_minted_by_the_uikit_sdk() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/data/uikit_prebuilt.json"
    );
    let data: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let secret = data["secret"].as_str().unwrap();
    for t in data["tokens"].as_array().unwrap() {
        let kit_token = t["kit_token"].as_str().unwrap();
        let r = run(zego()
            .args(["decode", "--json", kit_token])
            .env("ZEGO_SERVER_SECRET", secret));
        let v = json(&r.stdout);
        for key in ["app_id", "user_id", "ctime", "expire", "nonce"] {
            assert_eq!(v[key], t[key], "{key}");
        }
        assert_eq!(v["payload"], "");
        let kit = serde_json::json!({
            "app_id": t["app_id"], "room_id": t["room_id"],
            "user_id": t["user_id"], "user_name": t["user_name"],
        });
        assert_eq!(v["kit"], kit);
        // These tokens expire a day or less after they were minted.
        if v["expired"] == true {
            assert_eq!(r.code, 1);
            assert!(
                r.stderr.starts_with("error: token expired at "),
                "{}",
                r.stderr
            );
        } else {
            assert_eq!((r.code, r.stderr.as_str()), (0, ""));
        }

        let v = json(&ok(zego().args(["inspect", "--json", kit_token])));
        assert_eq!(v["expire"], t["expire"]);
        assert_eq!(v["kit"], kit);
    }
}

#[test]
fn inspect_a_kit_token_pasted_whole() {
    let (kit, token) = issued_kit();
    let envelope = zego_token::inspect(&token).unwrap();
    let out = ok(zego().args(["inspect", &format!(" {kit} ")]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[3],
        format!("ciphertext  {} bytes", envelope.ciphertext_len)
    );
    assert_eq!(
        lines[4..],
        [
            "kit app_id     9",
            "kit room_id    r&1",
            "kit user_id    alice",
            "kit user_name  Zoë Li & co"
        ]
    );
    let out = ok(zego()
        .args(["inspect", "--json", "-"])
        .write_stdin(format!("{kit}\n")));
    assert_eq!(
        keys(&out),
        [
            "mode",
            "expire",
            "expired",
            "iv_len",
            "ciphertext_len",
            "kit"
        ]
    );
    assert_eq!(json(&out)["kit"]["user_name"], "Zoë Li & co");
    // Broken room data is reported as such, not as bad base64.
    fails_with(
        zego().args(["inspect", &format!("{token}#!!")]),
        "error: invalid kit token: room data is not valid base64",
    );
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
    // `zego-token kit` for app 1, room "r", with the given user and token.
    let kit_cmd = |user_id: &str, token: &str| {
        let mut cmd = zego();
        cmd.args([
            "kit",
            "--app-id",
            "1",
            "--room",
            "r",
            "--user-id",
            user_id,
            token,
        ]);
        cmd
    };
    fails_with(
        &mut kit_cmd("", VECTOR_TOKEN),
        "error (code 3): invalid user ID: it is empty",
    );
    fails_with(
        &mut kit_cmd("u", "not-a-token"),
        "error: not a token04: a ZEGO token04 starts with \"04\"",
    );
    usage_error(
        zego().args(["kit", "--app-id", "1", "--user-id", "u", VECTOR_TOKEN]),
        "--room",
    );
    // A kit token where a token04 is expected: said so, not "not base64".
    let kit = KitToken::new(1, VECTOR_TOKEN, "room1", "demo", "Zoë").unwrap();
    fails_with(
        &mut kit_cmd("demo", &kit.to_string()),
        "error: malformed token: this is a UIKit kit token (token04#room data), not a bare token04",
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
        out.contains("ZEGO_SERVER_SECRET")
            && out.contains("--config PATH")
            && out.contains("Examples:\n  export ZEGO_SERVER_SECRET"),
        "{out}"
    );
}

#[test]
fn help_gives_the_locked_install_command() {
    // --locked: the published Cargo.lock, i.e. the versions CI tested.
    let out = ok(zego().arg("--help"));
    assert!(
        out.contains("\n  cargo install zego-token --features cli --locked\n"),
        "{out}"
    );
}
