//! The `zego-token` binary end to end: every command, `--json`, stdin tokens,
//! every secret source and the error paths, checked on exit status, stdout
//! and the one stderr line.
//!
//! One binary, one module per command. Built only with the `cli` feature,
//! which `cargo test --workspace` turns on (the `token_server` example
//! package depends on zego-token with it).

mod check;
mod config;
mod decode;
mod help;
mod hostile_files;
mod inspect;
mod issue;
mod kit;
mod kit_pasted;
mod secret_sources;
mod sign;
mod verdicts;
mod verify_callback;

use std::ffi::OsStr;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;
use zego_token::{KitParts, KitToken, Privilege, ServerSecret, Verifier};

const SECRET: &str = "fa94dd0f974cf2e293728a526b028271";
const OTHER_SECRET: &str = "0123456789abcdef0123456789abcdef";

/// The first known-answer vector (app 1, user "demo", expired in 2023).
const VECTOR_TOKEN: &str = "04AAAAAGVT/xAAEDAxMjM0NTY3ODlhYmNkZWYAcPDOWcZeMCPxbh1dpHzCTRH0tbs1JDwaSloPPpfrCE29tUW/QA7cBUDbJW7EPsVPsGpO/KyXwgxISYw5q52prPMSDPSd273V+GccmQjr86yJzXgjAi1WOIdNYImOOK+KUyRl6LN2rT4pm+K4yG/IxH0=";

/// The binary with a clean environment: no secret unless a test sets one.
fn zego() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_zego-token"));
    cmd.env_remove("ZEGO_SERVER_SECRET")
        .env_remove("ZEGO_CALLBACK_SECRET")
        .env_remove("ZEGO_APP_ID");
    cmd
}

/// The binary with the demo secret in `ZEGO_SERVER_SECRET`.
fn zego_with_secret() -> Command {
    let mut cmd = zego();
    cmd.env("ZEGO_SERVER_SECRET", SECRET);
    cmd
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().unwrap();
    Run {
        code: status.code().expect("exited, not killed"),
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    }
}

/// Runs and expects success with nothing on stderr; returns stdout.
fn ok(cmd: &mut Command) -> String {
    let r = run(cmd);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "stdout: {}", r.stdout);
    r.stdout
}

/// Runs and expects exit status 1, no stdout, and exactly `line` on stderr.
fn fails_with(cmd: &mut Command, line: &str) {
    let r = run(cmd);
    assert_eq!(r.code, 1, "stderr: {}", r.stderr);
    assert_eq!(r.stdout, "");
    assert_eq!(r.stderr, format!("{line}\n"));
}

/// Runs and expects a usage error (status 2) mentioning `needle`.
fn usage_error(cmd: &mut Command, needle: &str) {
    let r = run(cmd);
    assert_eq!(r.code, 2, "stdout: {} stderr: {}", r.stdout, r.stderr);
    assert!(r.stderr.contains(needle), "{}", r.stderr);
    assert_eq!(r.stdout, "");
}

/// A CBC token04 of `claims` (JSON text) under the demo secret, as another
/// generator would mint it: with claims ZEGO's rules refuse, which the
/// library does not mint and every command decodes.
fn foreign_token(claims: &str) -> String {
    use aes::Aes256;
    use aes::cipher::{BlockModeEncrypt, InnerIvInit, KeyInit, block_padding::Pkcs7};
    use base64::Engine as _;

    let expire: i64 = serde_json::from_str::<Value>(claims).unwrap()["expire"]
        .as_i64()
        .unwrap();
    let key: &[u8; 32] = SECRET.as_bytes().try_into().unwrap();
    let iv = b"0123456789abcdef";
    let len = claims.len();
    let mut ct = claims.as_bytes().to_vec();
    ct.resize((len / 16 + 1) * 16, 0);
    cbc::Encryptor::<&Aes256>::inner_iv_init(&Aes256::new(key.into()), iv.into())
        .encrypt_padded::<Pkcs7>(&mut ct, len)
        .unwrap();
    let mut envelope = expire.to_be_bytes().to_vec();
    envelope.extend_from_slice(&16u16.to_be_bytes());
    envelope.extend_from_slice(iv);
    envelope.extend_from_slice(&u16::try_from(ct.len()).unwrap().to_be_bytes());
    envelope.extend_from_slice(&ct);
    format!(
        "04{}",
        base64::engine::general_purpose::STANDARD.encode(envelope)
    )
}

/// A kit token, built by the library with its default rules.
fn kit_token(app_id: u32, token: &str, room_id: &str, user_id: &str, user_name: &str) -> KitToken {
    KitToken::new(KitParts {
        app_id,
        token,
        room_id,
        user_id,
        user_name,
    })
    .unwrap()
}

fn verifier() -> Verifier {
    Verifier::for_any_app(ServerSecret::new(SECRET).unwrap())
}

fn json(text: &str) -> Value {
    assert!(
        text.ends_with('\n') && text.lines().count() == 1,
        "{text:?}"
    );
    serde_json::from_str(text).unwrap()
}

/// The keys of a one-line JSON object, in the order they were written.
fn keys(text: &str) -> Vec<String> {
    // serde_json's `Map` sorts keys (no `preserve_order`); a `Vec` of pairs
    // deserialized through a map visitor keeps the written order.
    struct Ordered(Vec<String>);
    impl<'de> serde::Deserialize<'de> for Ordered {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct Visit;
            impl<'de> serde::de::Visitor<'de> for Visit {
                type Value = Ordered;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("a JSON object")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> Result<Ordered, A::Error> {
                    let mut keys = Vec::new();
                    while let Some((key, _)) = map.next_entry::<String, serde::de::IgnoredAny>()? {
                        keys.push(key);
                    }
                    Ok(Ordered(keys))
                }
            }
            d.deserialize_map(Visit)
        }
    }
    serde_json::from_str::<Ordered>(text).unwrap().0
}

/// A file in its own temporary directory, removed when dropped.
struct TempFile {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Deref for TempFile {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.path
    }
}

impl AsRef<OsStr> for TempFile {
    fn as_ref(&self) -> &OsStr {
        self.path.as_os_str()
    }
}

fn temp_file(name: &str, content: &str) -> TempFile {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, content).unwrap();
    TempFile { _dir: dir, path }
}
