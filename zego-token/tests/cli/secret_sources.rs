//! Where the server secret comes from, and errors that name the source, never the value.

use super::*;

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
    Verifier::for_any_app(ServerSecret::new(OTHER_SECRET).unwrap())
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
            "error (code 5): invalid server secret: cannot read {}: not found",
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

/// The secret written where a name or a path belongs, in either case: each
/// is refused with one line that does not show it.
#[test]
fn a_misplaced_secret_is_refused_and_never_shown() {
    let upper = SECRET.to_ascii_uppercase();
    let config = |body: &str| temp_file("zego.toml", &format!("app_id = 1\n{body}\n"));
    let in_config = |body: &str, line: &str| {
        let file = config(body);
        (
            zego()
                .args(["issue", "--user-id", "u", "--config"])
                .arg(&file)
                .output()
                .unwrap(),
            format!("error: invalid config: {}:{line}", file.display()),
        )
    };
    let mut runs = Vec::new();
    for secret in [SECRET, upper.as_str()] {
        runs.push((
            zego().args(ISSUE).args(["--secret-file", secret]).output().unwrap(),
            "error (code 5): invalid server secret: the secret file's path looks like a ServerSecret itself, so it is not shown: put the secret in a file and give the file's path".to_owned(),
        ));
        runs.push((
            zego().args(ISSUE).args(["--secret-env", secret]).output().unwrap(),
            "error (code 5): invalid server secret: the environment variable's name looks like a ServerSecret itself, so it is not shown: put the secret in the environment and give the variable's name".to_owned(),
        ));
        runs.push((
            zego().args(["issue", "--user-id", "u", "--config", secret]).output().unwrap(),
            "error: invalid config: the config file's path looks like a ServerSecret itself, so it is not shown: give the path of the TOML file".to_owned(),
        ));
        runs.push(in_config(
            &format!("secret_file = \"{secret}\""),
            "2:15: secret_file must name the file holding the secret, and this looks like a ServerSecret itself: put the secret in a file and name the file here",
        ));
        runs.push(in_config(
            &format!("secret_env = \"{secret}\""),
            "2:14: secret_env must name an environment variable, and this looks like a ServerSecret itself: put the secret in the environment and name the variable here",
        ));
        let file = config("");
        runs.push((
            zego()
                .args(["issue", "--user-id", "u", "--config"])
                .arg(&file)
                .args(["--profile", secret])
                .output()
                .unwrap(),
            format!(
                "error: invalid config: {}: no profile `<redacted: looks like a ServerSecret>` (",
                file.display()
            ),
        ));
    }
    // Each line whole, but the list of profiles after the last.
    for (out, line) in runs {
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.starts_with(&line), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(!stderr.to_ascii_lowercase().contains(SECRET), "{stderr}");
    }
}

const ISSUE: [&str; 5] = ["issue", "--app-id", "1", "--user-id", "u"];
