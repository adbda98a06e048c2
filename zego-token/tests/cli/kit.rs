//! `kit`: wrapping a token04 into a UIKit kit token.

use super::*;

#[test]
fn kit_wraps_a_token_like_the_library() {
    let expected = kit_token(1, VECTOR_TOKEN, "room1", "demo", "Zoë").to_string();
    let out = ok(zego_with_secret().args([
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
    let from_stdin = ok(zego_with_secret()
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
    let out = ok(zego_with_secret().args([
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
        let mut cmd = zego_with_secret();
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
        "error (code 3): user ID is empty (ZEGO client error 1002005)",
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
    let kit = kit_token(1, VECTOR_TOKEN, "room1", "demo", "Zoë");
    fails_with(
        &mut kit_cmd("demo", &kit.to_string()),
        "error: malformed token: this is a UIKit kit token (token04#room data), not a bare token04",
    );
}

/// `zego-token kit` for app 9, with the secret in the environment.
fn kit_cmd(room: &str, user_id: &str, token: &str) -> Command {
    let mut cmd = zego_with_secret();
    cmd.args([
        "kit",
        "--app-id",
        "9",
        "--room",
        room,
        "--user-id",
        user_id,
        token,
    ]);
    cmd
}

/// A token of app 9 for alice, for room1 when `room` says so.
fn alices_token(room: bool) -> String {
    let mut cmd = zego_with_secret();
    cmd.args(["issue", "--app-id", "9", "--user-id", "alice"]);
    if room {
        cmd.args(["--room", "room1", "--login"]);
    }
    ok(&mut cmd).trim_end().to_owned()
}

#[test]
fn kit_with_the_secret_refuses_what_the_claims_contradict() {
    let token = alices_token(true);
    let out = ok(&mut kit_cmd("room1", "alice", &token));
    let kit = KitToken::parse(out.trim_end()).unwrap();
    verifier().verify_kit(&kit).unwrap();

    fails_with(
        &mut kit_cmd("room1", "mallory", &token),
        "error: kit token disagrees with its token04: the kit's userID is not the user ID in the token's claims",
    );
    fails_with(
        &mut kit_cmd("room2", "alice", &token),
        "error: kit token disagrees with its token04: the kit's roomID is not the room_id of the token's privilege payload",
    );
    fails_with(
        zego_with_secret().args([
            "kit",
            "--app-id",
            "8",
            "--room",
            "room1",
            "--user-id",
            "alice",
            &token,
        ]),
        "error: kit token disagrees with its token04: the kit's appID is 8, the token's claims say 9",
    );
    // A token for no room: any room is the kit's to name.
    let basic = alices_token(false);
    ok(&mut kit_cmd("room2", "alice", &basic));
    // The secret from a file, the token from stdin.
    let secret = temp_file("secret", SECRET);
    ok(zego()
        .args([
            "kit",
            "--app-id",
            "9",
            "--room",
            "room1",
            "--user-id",
            "alice",
            "--secret-file",
        ])
        .arg(&secret)
        .arg("-")
        .write_stdin(token.clone()));
    fails_with(
        zego()
            .args([
                "kit",
                "--app-id",
                "9",
                "--room",
                "room1",
                "--user-id",
                "mallory",
                "--secret-file",
            ])
            .arg(&secret)
            .arg(&token),
        "error: kit token disagrees with its token04: the kit's userID is not the user ID in the token's claims",
    );
    // An expired token is wrapped: the kit does not vouch for its times.
    let r = run(zego_with_secret().args([
        "kit",
        "--app-id",
        "1",
        "--room",
        "r",
        "--user-id",
        "demo",
        VECTOR_TOKEN,
    ]));
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
}

#[test]
fn kit_without_a_secret_says_it_could_not_check() {
    let token = alices_token(true);
    let r = run(zego().args([
        "kit",
        "--app-id",
        "9",
        "--room",
        "room2",
        "--user-id",
        "mallory",
        &token,
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        KitToken::parse(r.stdout.trim_end()).unwrap().user_id(),
        "mallory"
    );
    assert_eq!(
        r.stderr,
        "note: the kit token's appID, userID and roomID were not checked against the token's claims: no secret to decrypt it (invalid server secret: environment variable ZEGO_SERVER_SECRET is not set); give --secret-env, --secret-file, --secret-stdin or --config to check them\n"
    );
    // A source named by a flag must be there.
    fails_with(
        zego().args([
            "kit",
            "--app-id",
            "9",
            "--room",
            "room1",
            "--user-id",
            "alice",
            "--secret-env",
            "ZEGO_CLI_UNSET",
            &token,
        ]),
        "error (code 5): invalid server secret: environment variable ZEGO_CLI_UNSET is not set",
    );
    // The wrong secret is an error, not a pass.
    fails_with(
        zego().env("ZEGO_SERVER_SECRET", OTHER_SECRET).args([
            "kit",
            "--app-id",
            "9",
            "--room",
            "room1",
            "--user-id",
            "alice",
            &token,
        ]),
        "error: token cannot be decrypted: wrong server secret, or the token was corrupted",
    );
    usage_error(
        zego().args([
            "kit",
            "--app-id",
            "9",
            "--room",
            "r",
            "--user-id",
            "alice",
            "--secret-stdin",
            "-",
        ]),
        "cannot both read standard input",
    );
}

#[test]
fn kit_applies_zegos_rules_to_its_fields() {
    let token = alices_token(false);
    for (room, user, name, line) in [
        (
            "room 1",
            "alice",
            "Alice",
            "error: room ID has character 5 (U+0020), which ZEGO's RTC clients refuse: use ASCII letters, digits and ~!@#$^&*()_+=-`;',.<>\\ (ZEGO client error 1002012)",
        ),
        (
            "room1",
            "alice bob",
            "Alice",
            "error (code 3): user ID has character 6 (U+0020), which ZEGO's RTC clients refuse: use ASCII letters, digits and ~!@#$^&*()_+=-`;',.<>\\ (ZEGO client error 1002006)",
        ),
        (
            "room1",
            "alice",
            "",
            "error: kit user name is empty: UIKit needs a name to join (it refuses an empty one)",
        ),
        (
            "room1",
            "alice",
            "A\u{1b}[2J",
            "error: kit user name has character 2 (U+001B), a control character",
        ),
    ] {
        fails_with(
            zego_with_secret().args([
                "kit",
                "--app-id",
                "9",
                "--room",
                room,
                "--user-id",
                user,
                "--user-name",
                name,
                &token,
            ]),
            line,
        );
    }
}
