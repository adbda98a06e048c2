//! No secret at rest: `ZEGO_SERVER_SECRET=... cargo run` of an app using
//! `#[derive(ZegoTokenIssuer)]` must leave no copy of the secret (nor of the
//! callback secret) anywhere in the target directory (dep-info, fingerprints,
//! incremental cache, binaries), and the build must not depend on the
//! variable at all.
//!
//! Builds a tiny crate (zego-token by path, default features) into its own
//! target directory under cargo's per-test temp dir, with the secret
//! exported, runs it, and searches every file of that target directory for
//! the secret's bytes. The target directory is kept between runs, so only the
//! first run compiles zego-token's dependencies; each run uses a fresh random
//! secret, so every run checks a build made with a value never seen before.
//!
//! As a control, the tiny crate also reads another fresh value through
//! `option_env!`, which rustc does record: the search must find that one,
//! proving the search looks where rustc records what a build reads.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

const MAIN_RS: &str = r#"
use zego_token::ZegoTokenIssuer;

/// The default variable, ZEGO_SERVER_SECRET.
#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1)]
struct Default;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 2, secret_env = "AT_REST_SECRET")]
struct Named;

/// `secret_env` named in a config file.
#[derive(ZegoTokenIssuer)]
#[zego(config = "zego.toml", profile = "production")]
struct FromConfig;

// rustc records this one in dep-info: the test's control.
const CONTROL: Option<&str> = option_env!("AT_REST_CONTROL");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let tokens = [
        Default::issuer()?.issue("u")?,
        Named::issuer()?.issue("u")?,
        FromConfig::issuer()?.issue("u")?,
    ];
    for token in &tokens {
        let claims = zego_token::Verifier::for_any_app(Default::secret()?).verify(token.as_str())?;
        println!("app {} ok", claims.app_id);
    }
    // The callback secret: the default variable, and one a config names.
    // (Each app's verifier is its own type: unbranded to share a loop.)
    let verifiers = [
        Default::callback_verifier()?.into_inner(),
        FromConfig::app()?.callback_verifier().clone().into_inner(),
    ];
    for verifier in verifiers {
        let signature = verifier.sign("1700000000", "n");
        let params = zego_token::callback::CallbackParams::new("1700000000", "n", signature);
        verifier.verify_at(&params, 1_700_000_000)?;
        println!("callback ok");
    }
    println!("control {}", CONTROL.map_or(0, str::len));
    Ok(())
}
"#;

const ZEGO_TOML: &str = r#"
secret_env = "AT_REST_SECRET"
callback_secret_env = "AT_REST_CALLBACK"

[profiles.production]
app_id = 3
"#;

/// 32 random hex characters: a well-formed secret no file can already hold.
fn fresh_value() -> String {
    let half = || RandomState::new().build_hasher().finish();
    format!("{:016x}{:016x}", half(), half())
}

fn files_containing(dir: &Path, needle: &[u8], found: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_containing(&path, needle, found);
        } else if contains(&std::fs::read(&path).unwrap(), needle) {
            found.push(path);
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    // Jump between occurrences of the first byte: fast enough unoptimized.
    let mut rest = haystack;
    while let Some(i) = rest.iter().position(|&b| b == needle[0]) {
        if rest[i..].starts_with(needle) {
            return true;
        }
        rest = &rest[i + 1..];
    }
    false
}

#[test]
fn building_with_the_secret_exported_neither_stores_nor_reads_it() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("secret_at_rest");
    let zego_token = Path::new(env!("CARGO_MANIFEST_DIR")).join("../zego-token");
    std::fs::create_dir_all(root.join("src")).unwrap();
    let manifest = format!(
        "[package]\nname = \"at-rest\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nzego-token = {{ path = {:?} }}\n\n\
         # Not part of the zego-token workspace it sits under.\n[workspace]\n",
        zego_token.canonicalize().unwrap()
    );
    std::fs::write(root.join("Cargo.toml"), manifest).unwrap();
    std::fs::write(root.join("src/main.rs"), MAIN_RS).unwrap();
    std::fs::write(root.join("zego.toml"), ZEGO_TOML).unwrap();
    // The workspace's lockfile: the same dependency versions, no resolution.
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    if !root.join("Cargo.lock").exists() {
        std::fs::copy(lock, root.join("Cargo.lock")).unwrap();
    }

    let secret = fresh_value();
    let callback_secret = fresh_value();
    let control = fresh_value();
    let target = root.join("target");
    let output = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--manifest-path"])
        .arg(root.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .env("ZEGO_SERVER_SECRET", &secret)
        .env("AT_REST_SECRET", &secret)
        .env("ZEGO_CALLBACK_SECRET", &callback_secret)
        .env("AT_REST_CALLBACK", &callback_secret)
        .env("AT_REST_CONTROL", &control)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The three apps minted with the exported secret and decoded.
    assert_eq!(
        stdout,
        "app 1 ok\napp 2 ok\napp 3 ok\ncallback ok\ncallback ok\ncontrol 32\n"
    );

    for (what, value) in [("secret", &secret), ("callback secret", &callback_secret)] {
        let mut with_secret = Vec::new();
        files_containing(&target, value.as_bytes(), &mut with_secret);
        assert!(
            with_secret.is_empty(),
            "the {what} is stored in {with_secret:#?}"
        );
    }
    let mut with_control = Vec::new();
    files_containing(&target, control.as_bytes(), &mut with_control);
    assert!(
        with_control
            .iter()
            .any(|p| p.extension() == Some("d".as_ref())),
        "the control value read by option_env! should be in dep-info, found in {with_control:#?}"
    );

    // Nor does the build read the secret: with a value that is no secret
    // exported, the derives run again (the source changed) and the build
    // succeeds; the program refuses the value when it reads it.
    std::fs::write(
        root.join("src/main.rs"),
        format!("{MAIN_RS}\n// Built with a value that is no secret exported.\n"),
    )
    .unwrap();
    let build = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--manifest-path"])
        .arg(root.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .env("ZEGO_SERVER_SECRET", "short")
        .env("AT_REST_SECRET", "short")
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let run = Command::new(target.join("debug/at-rest"))
        .env("ZEGO_SERVER_SECRET", "short")
        .env("AT_REST_SECRET", "short")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success(), "{stderr}");
    assert!(stderr.contains("ZEGO_SERVER_SECRET"), "{stderr}");
    assert!(!stderr.contains("short"), "{stderr}");
}
