//! `sign`: the common parameters of a server API request, and signed URLs.

use super::*;
use md5::{Digest, Md5};

/// MD5 of the documented concatenation, computed here with the md-5 crate
/// directly: AppId + SignatureNonce + ServerSecret + Timestamp.
fn md5_hex(app_id: &str, nonce: &str, secret: &str, timestamp: &str) -> String {
    hex::encode(Md5::digest(format!("{app_id}{nonce}{secret}{timestamp}")))
}

/// The query string's pairs, decoded.
fn pairs(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect()
}

#[test]
fn fixed_inputs_reproduce_the_known_answer_in_zegos_key_order() {
    let out = ok(zego_with_secret().args([
        "sign",
        "--app-id",
        "1234567890",
        "--json",
        "--fixed-nonce",
        "0123456789abcdef",
        "--fixed-timestamp",
        "1700000000",
    ]));
    // python3 hashlib and `openssl md5` agree on this value.
    assert_eq!(
        json(&out),
        serde_json::json!({
            "AppId": 1234567890, "SignatureNonce": "0123456789abcdef", "Timestamp": 1700000000,
            "Signature": "cc040de47db6a2bea5d1e53cb5c497ef", "SignatureVersion": "2.0"
        })
    );
    assert_eq!(
        keys(&out),
        [
            "AppId",
            "SignatureNonce",
            "Timestamp",
            "Signature",
            "SignatureVersion"
        ]
    );
}

#[test]
fn default_output_is_a_fresh_query_string_signed_with_the_secret() {
    let before = zego_token::unix_now();
    let first = ok(zego_with_secret().args(["sign", "--app-id", "42"]));
    let second = ok(zego_with_secret().args(["sign", "--app-id", "42"]));
    assert_ne!(first, second);
    for out in [&first, &second] {
        let pairs = pairs(out.trim_end());
        let names: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "AppId",
                "SignatureNonce",
                "Timestamp",
                "Signature",
                "SignatureVersion"
            ]
        );
        let value = |i: usize| pairs[i].1.as_str();
        assert_eq!((value(0), value(4)), ("42", "2.0"));
        assert_eq!(value(1).len(), 16);
        assert!(value(1).bytes().all(|b| b.is_ascii_hexdigit()));
        let timestamp: i64 = value(2).parse().unwrap();
        assert!((before..=zego_token::unix_now()).contains(&timestamp));
        assert_eq!(value(3), md5_hex("42", value(1), SECRET, value(2)));
    }
    assert_ne!(
        pairs(&first)[1],
        pairs(&second)[1],
        "two calls shared a nonce"
    );
}

#[test]
fn action_prints_a_complete_escaped_url() {
    let fixed = ["--fixed-nonce", "n", "--fixed-timestamp", "1"];
    let out = ok(zego_with_secret()
        .args(["sign", "--app-id", "1", "--action", "DescribeUserNum"])
        .args(["--param", "RoomId[]=room 1", "--param", "RoomId[]=a&b=c"])
        .args(fixed));
    let signature = md5_hex("1", "n", SECRET, "1");
    assert_eq!(
        out,
        format!(
            "https://rtc-api.zego.im/?Action=DescribeUserNum&AppId=1&SignatureNonce=n&Timestamp=1\
             &Signature={signature}&SignatureVersion=2.0&RoomId%5B%5D=room+1&RoomId%5B%5D=a%26b%3Dc\n"
        )
    );
    let out = ok(zego_with_secret()
        .args(["sign", "--app-id", "1", "--action", "QueryUserOnlineState"])
        .args(["--service", "zim", "--region", "sgp"])
        .args(fixed));
    assert!(
        out.starts_with("https://zim-api-sgp.zego.im/?Action=QueryUserOnlineState&AppId=1&"),
        "{out}"
    );
    let out = ok(zego_with_secret()
        .args([
            "sign",
            "--app-id",
            "1",
            "--action",
            "X",
            "--base",
            "http://127.0.0.1:8080/v2?IsTest=true",
        ])
        .args(fixed));
    assert!(
        out.starts_with("http://127.0.0.1:8080/v2?IsTest=true&Action=X&AppId=1&"),
        "{out}"
    );
    let out = ok(zego_with_secret()
        .args(["sign", "--app-id", "1", "--action", "X", "--json"])
        .args(fixed));
    let value = json(&out);
    assert!(
        value["Url"]
            .as_str()
            .unwrap()
            .starts_with("https://rtc-api.zego.im/?Action=X&")
    );
    assert_eq!(value["Signature"], signature.as_str());
}

#[test]
fn config_and_every_secret_source_sign() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("zego.toml");
    std::fs::write(
        &config,
        "app_id = 777\nsecret_env = \"ZEGO_CLI_SIGN_SECRET\"\n",
    )
    .unwrap();
    let fixed = ["--fixed-nonce", "n", "--fixed-timestamp", "1", "--json"];
    let out = ok(zego()
        .args(["sign", "--config"])
        .arg(&config)
        .args(fixed)
        .env("ZEGO_CLI_SIGN_SECRET", OTHER_SECRET));
    let value = json(&out);
    assert_eq!(value["AppId"], 777);
    assert_eq!(
        value["Signature"],
        md5_hex("777", "n", OTHER_SECRET, "1").as_str()
    );

    let out = ok(zego()
        .args(["sign", "--app-id", "5", "--secret-stdin"])
        .args(fixed)
        .write_stdin(format!("{OTHER_SECRET}\n")));
    assert_eq!(
        json(&out)["Signature"],
        md5_hex("5", "n", OTHER_SECRET, "1").as_str()
    );
}

#[test]
fn mistakes_are_refused() {
    fails_with(
        zego().args(["sign", "--app-id", "1"]),
        "error (code 5): invalid server secret: environment variable ZEGO_SERVER_SECRET is not set",
    );
    fails_with(
        zego_with_secret().args(["sign", "--app-id", "0"]),
        "error (code 1): invalid app ID: it must be a non-zero 32-bit integer from the ZEGO console",
    );
    usage_error(zego_with_secret().args(["sign"]), "--app-id <N>");
    usage_error(
        zego_with_secret().args(["sign", "--app-id", "1", "--param", "a=b"]),
        "--action <NAME>",
    );
    usage_error(
        zego_with_secret().args([
            "sign",
            "--app-id",
            "1",
            "--action",
            "X",
            "--param",
            "Signature=x",
        ]),
        "set by sign itself",
    );
    usage_error(
        zego_with_secret().args([
            "sign", "--app-id", "1", "--action", "X", "--param", "novalue",
        ]),
        "expected KEY=VALUE",
    );
    usage_error(
        zego_with_secret().args([
            "sign",
            "--app-id",
            "1",
            "--action",
            "X",
            "--base",
            "rtc-api.zego.im",
        ]),
        "expected an https:// (or http://) URL",
    );
    usage_error(
        zego_with_secret().args([
            "sign",
            "--app-id",
            "1",
            "--action",
            "X",
            "--base",
            "https://h/",
            "--region",
            "fra",
        ]),
        "cannot be used with",
    );
    usage_error(
        zego_with_secret().args(["sign", "--app-id", "1", "--action", "X", "--service", "RTC"]),
        "unknown ZEGO service",
    );
    usage_error(
        zego_with_secret().args(["sign", "--app-id", "1", "--fixed-nonce", "n"]),
        "--fixed-timestamp <SECS>",
    );
    let config = temp_file("zego.toml", "app_id = 1\n");
    usage_error(
        zego_with_secret()
            .args(["sign", "--app-id", "1", "--config"])
            .arg(&config),
        "--app-id cannot be used with --config",
    );
}
