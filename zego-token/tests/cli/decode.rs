//! `decode`: claims, times, `--json`, and the exit status of expired or foreign tokens.

use super::*;

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
        zego_with_secret().args(["decode", &format!("{token}!")]),
        "error: token is not valid base64 (standard alphabet, with padding)",
    );
    fails_with(
        zego_with_secret().args(["decode", &token[..token.len() - 1]]),
        &format!(
            "error: token text looks mangled: its base64 is {} characters, not a multiple of 4: \
             its '=' padding was stripped or added, or it was cut short when copied",
            token.len() - 3
        ),
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

/// A user ID and a payload are whatever the minting server accepted: U+202E
/// (right-to-left override) and U+2066 (left-to-right isolate) among them.
/// `decode` shows them escaped, and its JSON escapes them the JSON way.
#[test]
fn decoded_text_that_could_spoof_a_terminal_is_escaped() {
    // Another generator's token: ours refuse to mint these claims.
    let token = foreign_token(
        r#"{"app_id":1,"user_id":"bob\u202enimda","ctime":1700000000,"expire":4102444800,"nonce":1,"payload":"x\u2066y\\z"}"#,
    );
    let out = ok(zego_with_secret().args(["decode", token.trim_end()]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[1], r"user_id    bob\u{202e}nimda");
    assert_eq!(lines[6], r"payload    x\u{2066}y\\z");
    let out = ok(zego_with_secret().args(["decode", "--json", token.trim_end()]));
    assert!(out.contains(r#""user_id":"bob\u202enimda""#), "{out}");
    assert!(out.contains(r#""payload":"x\u2066y\\z""#), "{out}");
    assert_eq!(json(&out)["user_id"], "bob\u{202e}nimda");
}

#[test]
fn decode_shows_an_empty_stream_list_as_zego_reads_it_any_stream() {
    // ZEGO's PHP sample writes `[]` for "no restriction"; ours never does.
    let payload =
        r#"{\"room_id\":\"room1\",\"privilege\":{\"1\":1,\"2\":1},\"stream_id_list\":[]}"#;
    let token = foreign_token(&format!(
        r#"{{"app_id":1,"user_id":"u","ctime":1700000000,"expire":4102444800,"nonce":1,"payload":"{payload}"}}"#
    ));
    let out = ok(zego_with_secret().args(["decode", &token]));
    assert!(
        out.contains("privilege  room room1: login yes, publish yes, streams any\n"),
        "{out}"
    );
    let listed = ok(zego_with_secret().args([
        "issue",
        "--app-id",
        "1",
        "--user-id",
        "u",
        "--room",
        "room1",
        "--publish",
        "--stream",
        "s1",
        "--stream",
        "s2",
    ]));
    let out = ok(zego_with_secret().args(["decode", listed.trim_end()]));
    assert!(out.contains("streams s1, s2\n"), "{out}");
}
