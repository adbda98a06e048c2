//! `verify-callback`: ZEGO's worked example, forged and stale callbacks, and
//! where the callback secret comes from.

use super::*;

/// ZEGO's documented example: nonce 123412, timestamp 1470820198 and the
/// callback secret `secret` give this signature.
const EXAMPLE: [&str; 6] = [
    "--timestamp",
    "1470820198",
    "--nonce",
    "123412",
    "--signature",
    "5bd59fd62953a8059fb7eaba95720f66d19e4517",
];
const ON_TIME: [&str; 2] = ["--now", "1470820200"];

fn verify() -> Command {
    let mut cmd = zego();
    cmd.arg("verify-callback");
    cmd
}

#[test]
fn zegos_example_is_genuine_from_every_secret_source() {
    let out = ok(verify()
        .args(EXAMPLE)
        .args(ON_TIME)
        .env("ZEGO_CALLBACK_SECRET", "secret"));
    assert_eq!(out, "genuine\n");
    let out = ok(verify()
        .args(EXAMPLE)
        .args(ON_TIME)
        .args(["--secret-env", "MY_CALLBACK"])
        .env("MY_CALLBACK", "secret"));
    assert_eq!(out, "genuine\n");
    let file = temp_file("callback", "secret\n");
    let out = ok(verify()
        .args(EXAMPLE)
        .args(ON_TIME)
        .arg("--secret-file")
        .arg(&file));
    assert_eq!(out, "genuine\n");
    let out = ok(verify()
        .args(EXAMPLE)
        .args(ON_TIME)
        .arg("--secret-stdin")
        .write_stdin("secret\r\n"));
    assert_eq!(out, "genuine\n");
    // The server secret is not the callback secret.
    fails_with(
        verify()
            .args(EXAMPLE)
            .args(ON_TIME)
            .env("ZEGO_SERVER_SECRET", "secret"),
        "error: invalid callback secret: environment variable ZEGO_CALLBACK_SECRET is not set",
    );
}

#[test]
fn forged_and_stale_callbacks_exit_1() {
    let forged = [
        "--timestamp",
        "1470820198",
        "--nonce",
        "123413",
        "--signature",
        "5bd59fd62953a8059fb7eaba95720f66d19e4517",
    ];
    fails_with(
        verify()
            .args(forged)
            .args(ON_TIME)
            .env("ZEGO_CALLBACK_SECRET", "secret"),
        "error: the callback's signature does not match: it was not signed with this callback secret",
    );
    fails_with(
        verify()
            .args(EXAMPLE)
            .args(ON_TIME)
            .env("ZEGO_CALLBACK_SECRET", "Secret"),
        "error: the callback's signature does not match: it was not signed with this callback secret",
    );
    // Against the clock, the 2016 example is long stale.
    let r = run(verify().args(EXAMPLE).env("ZEGO_CALLBACK_SECRET", "secret"));
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
    assert!(
        r.stderr
            .starts_with("error: the callback is stale: its timestamp 1470820198 is ")
            && r.stderr.ends_with(
                "), more than the 300 s accepted (to check a recorded callback, give its time with --now SECS, or widen --tolerance)\n"
            ),
        "{}",
        r.stderr
    );
    // The tolerance: 2 s late passes with the default, fails with 1s.
    fails_with(
        verify()
            .args(EXAMPLE)
            .args(ON_TIME)
            .args(["--tolerance", "1s"])
            .env("ZEGO_CALLBACK_SECRET", "secret"),
        "error: the callback is stale: its timestamp 1470820198 is 2 s before now (1470820200), more than the 1 s accepted (to check a recorded callback, give its time with --now SECS, or widen --tolerance)",
    );
    let out = ok(verify()
        .args(EXAMPLE)
        .args(["--now", "1470823798", "--tolerance", "1h"])
        .env("ZEGO_CALLBACK_SECRET", "secret"));
    assert_eq!(out, "genuine\n");
    fails_with(
        verify()
            .args([
                "--timestamp",
                "1470820198",
                "--nonce",
                "123412",
                "--signature",
                "5bd5",
            ])
            .env("ZEGO_CALLBACK_SECRET", "secret"),
        "error: the callback's `signature` is not 40 hexadecimal digits (a SHA-1)",
    );
}

#[test]
fn the_secret_never_comes_from_an_argument() {
    usage_error(
        verify().args(EXAMPLE).args(["--secret", "secret"]),
        "unexpected argument '--secret'",
    );
    usage_error(
        verify()
            .args(EXAMPLE)
            .args(["--secret-env", "A", "--secret-stdin"]),
        "cannot be used with",
    );
    fails_with(
        verify().args(EXAMPLE).env("ZEGO_CALLBACK_SECRET", ""),
        "error: invalid callback secret: environment variable ZEGO_CALLBACK_SECRET: it is empty",
    );
    fails_with(
        verify().args(EXAMPLE).arg("--secret-file").arg("/dev/zero"),
        "error: invalid callback secret: cannot read /dev/zero: it is a character device, not a regular file",
    );
    usage_error(
        verify().args(EXAMPLE).args(["--tolerance", "-5"]),
        "expected a positive duration",
    );
}

#[test]
fn a_config_profile_names_the_callback_secret() {
    let dir = tempfile::tempdir().unwrap();
    let staging = dir.path().join("staging-callback.secret");
    std::fs::write(&staging, "secret\n").unwrap();
    let config = dir.path().join("zego.toml");
    std::fs::write(
        &config,
        format!(
            "app_id = 1\ncallback_secret_env = \"ZEGO_CLI_TEST_CALLBACK\"\n\n[profiles.staging]\napp_id = 2\ncallback_secret_file = {staging:?}\n\n[profiles.plain]\napp_id = 3\ncallback_secret_env = \"ZEGO_CALLBACK_SECRET\"\n"
        ),
    )
    .unwrap();
    // The top level's variable...
    let out = ok(verify()
        .args(EXAMPLE)
        .args(ON_TIME)
        .arg("--config")
        .arg(&config)
        .env("ZEGO_CLI_TEST_CALLBACK", "secret"));
    assert_eq!(out, "genuine\n");
    fails_with(
        verify()
            .args(EXAMPLE)
            .args(ON_TIME)
            .arg("--config")
            .arg(&config)
            .env("ZEGO_CALLBACK_SECRET", "secret"),
        "error: invalid callback secret: environment variable ZEGO_CLI_TEST_CALLBACK is not set",
    );
    // ...a profile's file, which the top level's variable does not override...
    let out = ok(verify()
        .args(EXAMPLE)
        .args(ON_TIME)
        .arg("--config")
        .arg(&config)
        .args(["--profile", "staging"])
        .env("ZEGO_CLI_TEST_CALLBACK", "other"));
    assert_eq!(out, "genuine\n");
    // ...and a profile whose secret signs differently is a forgery to it.
    fails_with(
        verify()
            .args(EXAMPLE)
            .args(ON_TIME)
            .arg("--config")
            .arg(&config)
            .args(["--profile", "plain"])
            .env("ZEGO_CALLBACK_SECRET", "not the secret"),
        "error: the callback's signature does not match: it was not signed with this callback secret",
    );
    fails_with(
        verify()
            .args(EXAMPLE)
            .arg("--config")
            .arg(&config)
            .args(["--profile", "prod"]),
        &format!(
            "error: invalid config: {}: no profile `prod` (profiles: plain, staging)",
            config.display()
        ),
    );
    // A config names the source: no other source with it, and no
    // --profile without it.
    usage_error(
        verify()
            .args(EXAMPLE)
            .arg("--config")
            .arg(&config)
            .args(["--secret-env", "A"]),
        "cannot be used with",
    );
    usage_error(
        verify().args(EXAMPLE).args(["--profile", "staging"]),
        "--config <PATH>",
    );
}
