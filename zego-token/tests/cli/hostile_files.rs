//! `--secret-file` and `--config` given what is not a small regular file:
//! each is refused with one line, quickly (every run here is killed after
//! ten seconds, so a read that blocks or never ends fails the test instead
//! of hanging it), and a file larger than the cap is refused unread.

use std::time::Duration;

use super::*;

const ISSUE: [&str; 5] = ["issue", "--app-id", "1", "--user-id", "u"];

/// `zego-token issue` with `flag path`, killed after ten seconds (a config
/// names the app ID itself).
fn issue_with(flag: &str, path: &Path) -> Command {
    let mut cmd = zego();
    match flag {
        "--config" => cmd.args(["issue", "--user-id", "u"]),
        _ => cmd.args(ISSUE),
    };
    cmd.arg(flag).arg(path).timeout(Duration::from_secs(10));
    cmd
}

/// The one line each flag's refusal gives for `path`, for a problem.
fn refusals(path: &Path, problem: &str) -> [(&'static str, String); 2] {
    let path = path.display();
    [
        (
            "--secret-file",
            format!("error (code 5): invalid server secret: cannot read {path}: {problem}"),
        ),
        (
            "--config",
            format!("error: invalid config: {path}: cannot read the config file: {problem}"),
        ),
    ]
}

fn refused(path: &Path, problem: &str, extra: [&str; 2]) {
    for ((flag, line), extra) in refusals(path, problem).into_iter().zip(extra) {
        fails_with(&mut issue_with(flag, path), &format!("{line}{extra}"));
    }
}

#[cfg(unix)]
#[test]
fn dev_zero_is_refused_unread() {
    refused(
        Path::new("/dev/zero"),
        "it is a character device, not a regular file",
        ["", ""],
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_blocking() {
    // Nobody ever writes to it: opening it for reading would wait forever.
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    refused(
        &fifo,
        "it is a named pipe (FIFO), not a regular file",
        ["", ""],
    );
}

#[test]
fn a_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    refused(
        dir.path(),
        "it is a directory, not a regular file",
        ["", ""],
    );
}

#[test]
fn files_over_the_cap_are_refused_from_their_size() {
    // Sparse: a gibibyte that takes no disk space and is never read.
    let huge = temp_file("huge", "");
    std::fs::File::options()
        .write(true)
        .open(&*huge)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    refused(
        &huge,
        "it is 1073741824 bytes, over the limit of",
        [
            " 34 (a secret file holds the 32 characters and at most one newline)",
            " 1048576",
        ],
    );
    // Just over each cap.
    let secret = temp_file("secret", &format!("{SECRET}\r\n\n"));
    fails_with(
        &mut issue_with("--secret-file", &secret),
        &format!(
            "error (code 5): invalid server secret: cannot read {}: it is 35 bytes, over the limit of 34 (a secret file holds the 32 characters and at most one newline)",
            secret.display()
        ),
    );
    let config = temp_file(
        "zego.toml",
        &format!("app_id = 1\n#{}", "x".repeat(1 << 20)),
    );
    fails_with(
        &mut issue_with("--config", &config),
        &format!(
            "error: invalid config: {}: cannot read the config file: it is 1048588 bytes, over the limit of 1048576",
            config.display()
        ),
    );
}

#[test]
fn a_secret_file_is_not_a_config_and_other_bytes_are_named() {
    // 31 characters, one of them two bytes long: 32 bytes, not a secret.
    let accented = format!("{}é", &SECRET[..30]);
    assert_eq!(accented.len(), 32);
    let file = temp_file("secret", &accented);
    fails_with(
        &mut issue_with("--secret-file", &file),
        &format!(
            "error (code 5): invalid server secret: {}: byte 30 is not a printable ASCII character: a ServerSecret is 32 ASCII characters (hex digits, from the ZEGO console)",
            file.display()
        ),
    );
    fails_with(
        zego()
            .args(ISSUE)
            .arg("--secret-stdin")
            .write_stdin(format!("{accented}\n")),
        "error (code 5): invalid server secret: byte 30 is not a printable ASCII character: a ServerSecret is 32 ASCII characters (hex digits, from the ZEGO console)",
    );
    fails_with(
        zego().args(ISSUE).env("ZEGO_SERVER_SECRET", &accented),
        "error (code 5): invalid server secret: environment variable ZEGO_SERVER_SECRET: byte 30 is not a printable ASCII character: a ServerSecret is 32 ASCII characters (hex digits, from the ZEGO console)",
    );
    let config = temp_file("zego.toml", "app_id = 1\n\u{ff}\n");
    std::fs::write(&*config, b"app_id = 1\n\xff\n").unwrap();
    fails_with(
        &mut issue_with("--config", &config),
        &format!(
            "error: invalid config: {}: the config file is not UTF-8 text",
            config.display()
        ),
    );
}
