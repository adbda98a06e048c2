//! `--help` texts.

use super::*;

#[test]
fn every_command_has_help_with_an_example() {
    for command in [
        "issue",
        "decode",
        "inspect",
        "check",
        "kit",
        "sign",
        "verify-callback",
    ] {
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
