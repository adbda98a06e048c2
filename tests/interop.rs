//! Interop with an implementation that shares no code with the crate:
//! `interop/token04.mjs`, written on Node's own `crypto` from the format
//! description. Node decrypts what we mint (CBC and GCM) and mints tokens we
//! must decode; for fixed inputs both sides must produce the same bytes.
//!
//! These tests need `node` (20+) on PATH, so they are `#[ignore]`d: plain
//! `cargo test` lists them as ignored, and CI (`.ci/run`) runs them with
//! `cargo test -p tests --test integration -- --ignored interop`. The tokens
//! real clients minted are checked without node, in `clients.rs`.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::{Value, json};
use std::time::Duration;

use zego_token::dangerous::{self, FixedInputs};
use zego_token::{Issuer, Mode, Privilege, ServerSecret};

const SECRET: &str = "fa94dd0f974cf2e293728a526b028271";

struct Node {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Node {
    /// The interop script, running.
    fn start() -> Node {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/interop/token04.mjs");
        let mut child = Command::new("node")
            .arg(script)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("the interop tests need `node` (20+) on PATH: {e}"));
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Node {
            child,
            stdin,
            stdout,
        }
    }

    fn ask(&mut self, request: Value) -> Value {
        writeln!(self.stdin, "{request}").unwrap();
        let mut line = String::new();
        self.stdout.read_line(&mut line).unwrap();
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("node answered {line:?}: {e}"))
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn issuer(app_id: u32, mode: Mode) -> Issuer {
    Issuer::new(app_id, ServerSecret::new(SECRET).unwrap())
        .unwrap()
        .with_mode(mode)
}

/// (app ID, user ID, payload) triples covering escaping, Unicode and
/// limits, within what ZEGO's clients accept (the only tokens we mint):
/// `\`, `'`, `<`, `>`, `&` in a user ID, and anything inside a JSON
/// object payload.
fn cases() -> Vec<(u32, &'static str, String)> {
    vec![
        (1, "demo", String::new()),
        (
            u32::MAX,
            "u_42",
            Privilege::new("room-42")
                .with_publish(true)
                .with_streams(["s1", "s_2"])
                .to_json()
                .unwrap(),
        ),
        (
            5,
            "a\\b'c<d>&e",
            r#"{"t":"x\ny\tz \"q\" \\ \u0001"}"#.to_owned(),
        ),
        (
            7,
            "zoe-li",
            r#"{"t":"payload with ünïcödé and emoji 🎉"}"#.to_owned(),
        ),
        (9, "long", format!(r#"{{"p":"{}"}}"#, "p".repeat(3000))),
    ]
}

#[test]
#[ignore = "needs node 20+ on PATH: cargo test -p tests --test integration -- --ignored interop"]
fn node_decrypts_what_we_mint() {
    let mut node = Node::start();
    for mode in [Mode::Cbc, Mode::Gcm] {
        for (app_id, user_id, payload) in cases() {
            let token = issuer(app_id, mode)
                .token(user_id)
                .with_ttl(Duration::from_secs(86_400))
                .with_payload(&payload)
                .issue()
                .unwrap();
            let answer =
                node.ask(json!({"op": "decode", "token": token.as_str(), "secret": SECRET}));
            assert_eq!(answer.get("error"), None, "{mode} {user_id}: {answer}");
            assert_eq!(answer["mode"], mode.as_str());
            let claims = &answer["claims"];
            assert_eq!(claims["app_id"], app_id);
            assert_eq!(claims["user_id"], user_id);
            assert_eq!(claims["payload"], payload.as_str());
            assert_eq!(claims["ctime"], token.ctime());
            assert_eq!(claims["expire"], token.expire());
            assert_eq!(token.expire() - token.ctime(), 86_400);
            let nonce = claims["nonce"].as_i64().unwrap();
            assert!((0..=i64::from(i32::MAX)).contains(&nonce));
        }
    }
}

#[test]
#[ignore = "needs node 20+ on PATH: cargo test -p tests --test integration -- --ignored interop"]
fn node_refuses_our_token_under_another_secret() {
    let mut node = Node::start();
    let token = issuer(1, Mode::Gcm).issue("demo").unwrap();
    let answer = node.ask(json!({"op": "decode", "token": token.as_str(), "secret": "0123456789abcdef0123456789abcdef"}));
    assert!(answer["error"].is_string(), "{answer}");
}

#[test]
#[ignore = "needs node 20+ on PATH: cargo test -p tests --test integration -- --ignored interop"]
fn we_decode_what_node_mints() {
    let mut node = Node::start();
    for mode in [Mode::Cbc, Mode::Gcm] {
        for (app_id, user_id, payload) in cases() {
            let claims = json!({
                "app_id": app_id, "user_id": user_id, "ctime": 1_700_000_000,
                "expire": 1_700_003_600, "nonce": -42, "payload": payload,
            });
            let answer = node.ask(json!({"op": "mint", "secret": SECRET, "mode": mode.as_str(), "iv_hex": null, "claims": claims}));
            let token = answer["token"]
                .as_str()
                .unwrap_or_else(|| panic!("{answer}"));
            let decoded =
                dangerous::decode_unverified(token, &ServerSecret::new(SECRET).unwrap()).unwrap();
            assert_eq!(decoded.mode, mode);
            assert_eq!(decoded.app_id, app_id);
            assert_eq!(decoded.user_id, user_id);
            assert_eq!(decoded.payload, payload);
            assert_eq!(
                (decoded.ctime, decoded.expire, decoded.nonce),
                (1_700_000_000, 1_700_003_600, -42)
            );
        }
    }
}

/// We refuse to mint a user ID over 64 bytes, but another generator may
/// not: decoding reports such an ID whole (it then lives on the heap).
#[test]
#[ignore = "needs node 20+ on PATH: cargo test -p tests --test integration -- --ignored interop"]
fn we_decode_a_foreign_token_with_a_user_id_longer_than_we_mint() {
    let mut node = Node::start();
    let long = "é".repeat(100);
    let claims = json!({
        "app_id": 7, "user_id": long, "ctime": 1_700_000_000,
        "expire": 1_700_003_600, "nonce": 1, "payload": "",
    });
    let answer = node.ask(
        json!({"op": "mint", "secret": SECRET, "mode": "cbc", "iv_hex": null, "claims": claims}),
    );
    let token = answer["token"]
        .as_str()
        .unwrap_or_else(|| panic!("{answer}"));
    let decoded = dangerous::decode_unverified(token, &ServerSecret::new(SECRET).unwrap()).unwrap();
    assert_eq!(decoded.user_id.len(), 200);
    assert_eq!(decoded.user_id, long);
}

#[test]
#[ignore = "needs node 20+ on PATH: cargo test -p tests --test integration -- --ignored interop"]
fn both_sides_agree_byte_for_byte_on_fixed_inputs() {
    let mut node = Node::start();
    for (mode, iv) in [
        (Mode::Cbc, &b"k3j5h6g7f8d9s0a1"[..]),
        (Mode::Gcm, &[7u8; 12][..]),
    ] {
        for (app_id, user_id, payload) in cases() {
            let ours = issuer(app_id, mode)
                .token(user_id)
                .with_ttl(Duration::from_secs(600))
                .with_payload(&payload)
                .issue_fixed(FixedInputs {
                    ctime: 1_750_000_000,
                    nonce: 2_147_483_647,
                    iv,
                })
                .unwrap();
            let iv_hex: String = iv.iter().map(|b| format!("{b:02x}")).collect();
            let claims = json!({
                "app_id": app_id, "user_id": user_id, "ctime": 1_750_000_000,
                "expire": 1_750_000_600, "nonce": 2_147_483_647, "payload": payload,
            });
            let theirs = node.ask(json!({"op": "mint", "secret": SECRET, "mode": mode.as_str(), "iv_hex": iv_hex, "claims": claims}));
            assert_eq!(theirs["token"], ours.as_str(), "{mode} {user_id}");
        }
    }
}

/// Every official generator's claims layout, minted by Node: the key orders
/// of Go/PHP, Node.js/Python and Java (with a negative nonce and raw random
/// IV bytes), and UIKit's, which has no payload.
#[test]
#[ignore = "needs node 20+ on PATH: cargo test -p tests --test integration -- --ignored interop"]
fn we_decode_every_generator_layout_node_mints() {
    let mut node = Node::start();
    let layouts: [(&str, &[&str]); 4] = [
        (
            "go",
            &["app_id", "user_id", "ctime", "expire", "nonce", "payload"],
        ),
        (
            "nodejs",
            &["app_id", "user_id", "nonce", "ctime", "expire", "payload"],
        ),
        (
            "java",
            &["user_id", "payload", "expire", "ctime", "app_id", "nonce"],
        ),
        ("uikit", &["app_id", "user_id", "nonce", "ctime", "expire"]),
    ];
    let verifier = zego_token::Verifier::for_any_app(ServerSecret::new(SECRET).unwrap());
    for (name, keys) in layouts {
        for (app_id, user_id, payload) in cases() {
            let claims = json!({
                "app_id": app_id, "user_id": user_id, "ctime": 1_700_000_000,
                "expire": 1_700_003_600, "nonce": -2_147_483_648i64, "payload": payload,
            });
            let answer = node.ask(json!({"op": "mint", "secret": SECRET, "mode": "cbc", "iv_hex": null, "keys": keys, "claims": claims}));
            let token = answer["token"]
                .as_str()
                .unwrap_or_else(|| panic!("{answer}"));
            let decoded = verifier
                .verify_at(token, 1_700_000_001)
                .unwrap_or_else(|e| panic!("{name} {user_id}: {e}"));
            let expected_payload = if keys.contains(&"payload") {
                payload.as_str()
            } else {
                ""
            };
            assert_eq!(decoded.app_id, app_id);
            assert_eq!(decoded.user_id, user_id);
            assert_eq!(decoded.payload, expected_payload, "{name}");
            assert_eq!(
                (decoded.ctime, decoded.expire, decoded.nonce),
                (1_700_000_000, 1_700_003_600, i32::MIN)
            );
        }
    }
}
