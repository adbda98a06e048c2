//! `--config PATH [--profile NAME]`: app, secret, ttl and mode from a TOML file.

use super::*;

/// The variable the test config's top level names with `secret_env`.
const CONFIG_ENV: &str = "ZEGO_CLI_TEST_PROD_SECRET";

/// A fresh directory for one test's config files, removed when dropped
/// (tests run in parallel).
fn config_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
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
    let dir = config_dir();
    let config = write_config(dir.path());
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
    let claims = Verifier::new(1_234_567_890, ServerSecret::new(SECRET).unwrap())
        .unwrap()
        .verify(token)
        .unwrap();
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
    let dir = config_dir();
    let config = write_config(dir.path());
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
    let other = Verifier::new(987_654_321, ServerSecret::new(OTHER_SECRET).unwrap()).unwrap();
    let claims = other.verify(&token).unwrap();
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
    let dir = config_dir();
    let config = write_config(dir.path());
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
fn config_kit_takes_the_app_id_and_checks_with_the_secret_it_names() {
    let dir = config_dir();
    let config = write_config(dir.path());
    let kit = |profile: &str, token: &str| {
        let mut cmd = zego_with_config_env();
        cmd.args([
            "kit",
            "--room",
            "r1",
            "--user-id",
            "demo",
            "--profile",
            profile,
            "--config",
        ])
        .arg(&config)
        .arg(token);
        cmd
    };
    // The `eu` profile's secret (the top level's variable) minted nothing
    // for app 555: the token is checked, and refused.
    let token = ok(zego_with_config_env()
        .args(["issue", "--user-id", "demo", "--profile", "eu", "--config"])
        .arg(&config));
    let out = ok(&mut kit("eu", token.trim_end()));
    let kit_token = KitToken::parse(out.trim_end()).unwrap();
    assert_eq!((kit_token.app_id(), kit_token.room_id()), (555, "r1"));
    // The staging profile's secret is another: the token cannot be checked
    // with it, which is an error, not a silent pass.
    fails_with(
        &mut kit("staging", token.trim_end()),
        "error: GCM authentication failed: wrong server secret, or the token was tampered with",
    );
    // A config whose secret is not there builds the kit token unchecked,
    // and says so.
    let r = run(zego()
        .args(["kit", "--room", "r1", "--user-id", "demo", "--config"])
        .arg(&config)
        .arg(VECTOR_TOKEN));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        KitToken::parse(r.stdout.trim_end()).unwrap().app_id(),
        1_234_567_890
    );
    assert_eq!(
        r.stderr,
        format!(
            "note: the kit token's appID, userID and roomID were not checked against the token's claims: no secret to decrypt it (invalid server secret: environment variable {CONFIG_ENV} is not set); give --secret-env, --secret-file, --secret-stdin or --config to check them\n"
        )
    );
}

#[test]
fn config_relative_secret_file_is_read_from_the_working_directory() {
    let dir = config_dir();
    std::fs::write(dir.path().join("secret.txt"), SECRET).unwrap();
    std::fs::write(
        dir.path().join("zego.toml"),
        "app_id = 7\nsecret_file = \"secret.txt\"\n",
    )
    .unwrap();
    let out = ok(zego().current_dir(dir.path()).args([
        "issue",
        "--user-id",
        "u",
        "--config",
        "zego.toml",
    ]));
    assert_eq!(verifier().verify(out.trim_end()).unwrap().app_id, 7);
    // From elsewhere, the relative path no longer resolves, and says so.
    fails_with(
        zego()
            .current_dir(std::env::temp_dir())
            .args(["issue", "--user-id", "u", "--config"])
            .arg(dir.path().join("zego.toml")),
        "error (code 5): invalid server secret: cannot read secret.txt: not found",
    );
}

#[test]
fn config_errors_exit_1_with_the_place() {
    let dir = config_dir();
    let config = write_config(dir.path());
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
    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, "app_id = 1\nttl = \"2h\nmode = \"cbc\"\n").unwrap();
    fails_with(
        zego_with_config_env().args(issue).arg(&broken),
        &format!(
            "error: invalid config: {}:2:10: TOML syntax error: invalid basic string, expected `\"`",
            broken.display()
        ),
    );
    // A bad value, placed the same way.
    let bad_mode = dir.path().join("bad_mode.toml");
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
    let plain = dir.path().join("plain.toml");
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
    let missing = dir.path().join("missing.toml");
    fails_with(
        zego().args(issue).arg(&missing),
        &format!(
            "error: invalid config: {}: cannot read the config file: not found",
            missing.display()
        ),
    );
    let profiles_only = dir.path().join("profiles_only.toml");
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
    let dir = config_dir();
    let config = dir.path().join("zego.toml");
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
    let refusal = "error: a ZIM token carries no payload: mint it without a room or payload, or use product rtc+zim for a token both logins take";
    fails_with(issue().args(["--payload", "{}"]), refusal);
    fails_with(issue().args(["--room", "r", "--login"]), refusal);
    // --product overrides the config's, as every flag does.
    ok(issue().args(["--room", "r", "--login", "--product", "rtc+zim"]));
    // ZIM's limits: 32-byte user IDs, 24 days.
    let long_user = "u".repeat(33);
    let r = run(zego_with_config_env()
        .args(["issue", "--user-id", &long_user, "--config"])
        .arg(&config));
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "error (code 3): user ID is 33 bytes, over the 32 bytes ZIM accepts\n"
    );
    fails_with(
        issue().args(["--ttl", "25d"]),
        "error (code 6): lifetime of 2160000 s is over ZIM's limit of 2073600 s (24 days): ZIM closes the connection at 24 days (ZEGO client error 6000109)",
    );
    ok(issue().args(["--ttl", "24d"]));
}

#[test]
fn config_usage_errors_exit_2() {
    let dir = config_dir();
    let config = write_config(dir.path());
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
