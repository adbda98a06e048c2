//! `kit`: wrapping a token04 into a UIKit kit token.

use super::*;

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
