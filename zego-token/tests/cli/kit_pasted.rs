//! Kit tokens pasted whole into `decode` and `inspect`.

use super::*;

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
    let other_user = kit_token(9, &token, "r", "bob", "Bob");
    let r = run(zego_with_secret().args(["decode", &other_user.to_string()]));
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("user_id    alice\n"), "{}", r.stdout);
    assert!(r.stdout.contains("kit user_id    bob\n"), "{}", r.stdout);
    assert_eq!(
        r.stderr,
        "error: kit token disagrees with its token04: the kit's userID is not the user ID in the token's claims\n"
    );

    // The room of the token's privilege payload (r&1) is the kit's too.
    let other_room = kit_token(9, &token, "r", "alice", "Alice");
    let r = run(zego_with_secret().args(["decode", &other_room.to_string()]));
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("kit room_id    r\n"), "{}", r.stdout);
    assert_eq!(
        r.stderr,
        "error: kit token disagrees with its token04: the kit's roomID is not the room_id of the token's privilege payload\n"
    );

    let other_app = kit_token(8, &token, "r", "alice", "Alice");
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

/// A kit token anyone can make, no secret needed: its userName carries
/// U+202E (right-to-left override), which would show "Alice (admin)"'s
/// last part reversed, and a zero-width space; its roomID a no-break space.
/// `decode` and `inspect` show them escaped, in lines and in JSON.
#[test]
fn text_that_could_spoof_a_terminal_is_escaped() {
    use base64::Engine as _;
    // A token for no room: the kit's roomID is the kit's own say.
    let token = ok(zego_with_secret().args(["issue", "--app-id", "9", "--user-id", "alice"]));
    let token = token.trim_end();
    let room_data = r#"{"appID":9,"roomID":"r\u00a01","userID":"alice","userName":"Alice%E2%80%AE(nimda)%E2%80%8B"}"#;
    let kit = format!(
        "{token}#{}",
        base64::engine::general_purpose::STANDARD.encode(room_data)
    );
    let shown = [
        r"kit app_id     9",
        r"kit room_id    r\u{a0}1",
        r"kit user_id    alice",
        r"kit user_name  Alice\u{202e}(nimda)\u{200b}",
    ];
    let out = ok(zego().args(["inspect", &kit]));
    assert_eq!(out.lines().skip(4).collect::<Vec<_>>(), shown);
    let out = ok(zego_with_secret().args(["decode", &kit]));
    assert_eq!(out.lines().skip(7).collect::<Vec<_>>(), shown);
    for out in [
        ok(zego().args(["inspect", "--json", &kit])),
        ok(zego_with_secret().args(["decode", "--json", &kit])),
    ] {
        assert!(
            out.contains(r#""room_id":"r\u00a01""#)
                && out.contains(r#""user_name":"Alice\u202e(nimda)\u200b""#),
            "{out}"
        );
        // Escaped, yet the same text for a script.
        assert_eq!(
            json(&out)["kit"]["user_name"],
            "Alice\u{202e}(nimda)\u{200b}"
        );
    }
}
