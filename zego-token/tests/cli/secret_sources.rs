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
