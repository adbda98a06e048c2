//! `inspect`: the envelope, without the secret.

use super::*;

#[test]
fn inspect_needs_no_secret() {
    let out = ok(zego().args(["inspect", VECTOR_TOKEN]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "mode        cbc (AES-256-CBC)");
    assert!(lines[1].starts_with("expire      2023-11-14T23:13:20Z (1700003600, expired "));
    assert_eq!(lines[2], "iv_len      16 bytes (IV)");
    assert_eq!(lines[3], "ciphertext  112 bytes");
    assert_eq!(lines.len(), 4);

    let out = ok(zego().args(["inspect", "--json", VECTOR_TOKEN]));
    let v = json(&out);
    assert_eq!(
        keys(&out),
        ["mode", "expire", "expired", "iv_len", "ciphertext_len"]
    );
    assert_eq!(
        v,
        serde_json::json!({"mode": "cbc", "expire": 1_700_003_600, "expired": true, "iv_len": 16, "ciphertext_len": 112})
    );
}

#[test]
fn inspect_gcm_from_stdin() {
    let token = ok(zego_with_secret().args([
        "issue",
        "--app-id",
        "1",
        "--user-id",
        "u",
        "--gcm",
        "--ttl",
        "2h",
    ]));
    let envelope = zego_token::inspect(token.trim_end()).unwrap();
    let v = json(&ok(zego()
        .args(["inspect", "--json", "-"])
        .write_stdin(token.clone())));
    assert_eq!(v["mode"], "gcm");
    assert_eq!(v["iv_len"], 12);
    assert_eq!(v["ciphertext_len"], envelope.ciphertext_len);
    assert_eq!(v["expire"], envelope.expire);
    assert_eq!(v["expired"], false);
    let out = ok(zego().args(["inspect", "-"]).write_stdin(token));
    assert!(out.contains("iv_len      12 bytes (nonce)\n"), "{out}");
    assert!(out.contains("bytes, including the 16-byte tag\n"), "{out}");
    assert!(
        out.contains(", expires in 2h)\n") || out.contains(", expires in 1h 59m)\n"),
        "{out}"
    );
}

#[test]
fn inspect_corrupt_or_missing_token() {
    fails_with(
        zego().args(["inspect", "-"]).write_stdin(""),
        "error: standard input holds no token",
    );
    fails_with(
        zego().args(["inspect", "04AAAA"]),
        "error: token is truncated: its fields need 10 bytes, it has 3",
    );
}
