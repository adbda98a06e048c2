//! Secret hygiene: with a random secret, every public type that holds or
//! touches it and every error the crate can return is formatted with `{}`
//! (where it has `Display`) and `{:?}` / `{:#?}`, and none of that text
//! contains the secret (raw, any 12-character piece of it, hex or base64)
//! or any decrypted plaintext.
//!
//! Every error is driven for real through the public API, often with the
//! secret or plaintext planted where a careless message would quote it. The
//! test reads the variant lists of `Error` and its problem enums from
//! `src/error.rs` (and of `RuleViolation` from the rules crate's
//! `violation.rs`) and fails if any variant was not driven, so a new error
//! cannot skip this check.
//!
//! To cover a new error: drive it in one of the `drive_*` functions below
//! (pass it to `seen.error`); if it wraps a new problem enum, add that enum
//! to `PROBLEM_ENUMS`.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use aes::Aes256;
use aes::cipher::{BlockModeEncrypt, InnerIvInit, KeyInit, block_padding::Pkcs7};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rand::RngExt;
use zego_token::dangerous::{self, FixedInputs};
use zego_token::{
    Error, Issuer, KitParts, KitToken, Mode, Privilege, Product, ServerSecret, Verifier,
};

/// Problem enums carried by an `Error` variant, as `(variant, enum)`.
const PROBLEM_ENUMS: &[(&str, &str)] = &[
    ("AppIdEnv", "AppIdEnvProblem"),
    ("Secret", "SecretProblem"),
    ("KitMismatch", "KitMismatch"),
    ("Rule", "RuleViolation"),
    ("Mangled", "MangledToken"),
];

/// A kit token's fields, for `KitToken::new`.
fn parts<'a>(
    app_id: u32,
    token: &'a str,
    room_id: &'a str,
    user_id: &'a str,
    user_name: &'a str,
) -> KitParts<'a> {
    KitParts {
        app_id,
        token,
        room_id,
        user_id,
        user_name,
    }
}

const APP_ID: u32 = 1_234_567_890;

/// Everything that was formatted, and which error variants were driven.
struct Seen {
    secret: String,
    /// Text that must never be shown: the secret's forms and plaintexts.
    forbidden: Vec<String>,
    shown: usize,
    variants: BTreeSet<String>,
}

impl Seen {
    fn new(secret: &str) -> Self {
        let mut forbidden = vec![
            secret.to_owned(),
            hex(secret.as_bytes()),
            hex(secret.as_bytes()).to_uppercase(),
            STANDARD.encode(secret),
        ];
        // Any 12-character piece of the raw secret (random alphanumerics:
        // a chance match in this much text is below 1e-15).
        forbidden.extend((0..=secret.len() - 12).map(|i| secret[i..i + 12].to_owned()));
        Seen {
            secret: secret.to_owned(),
            forbidden,
            shown: 0,
            variants: BTreeSet::new(),
        }
    }

    /// Plaintext that must never be shown from now on.
    fn forbid(&mut self, text: &str) {
        self.forbidden.push(text.to_owned());
    }

    fn check(&mut self, what: &str, text: &str) {
        self.shown += 1;
        for bad in &self.forbidden {
            assert!(!text.contains(bad.as_str()), "{what} shows {bad:?}: {text}");
        }
    }

    fn debug(&mut self, what: &str, value: &impl std::fmt::Debug) {
        self.check(what, &format!("{value:?}"));
        self.check(what, &format!("{value:#?}"));
    }

    fn both(&mut self, what: &str, value: &(impl std::fmt::Debug + std::fmt::Display)) {
        self.debug(what, value);
        self.check(what, &value.to_string());
    }

    /// Checks an error's text and records its variant (and problem variant).
    fn error(&mut self, what: &str, err: Error) {
        self.both(what, &err);
        let debug = format!("{err:?}");
        let outer: String = debug
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if PROBLEM_ENUMS.iter().any(|(v, _)| *v == outer) {
            let inner: String = debug[outer.len() + 1..]
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            self.variants.insert(format!("{outer}::{inner}"));
        }
        self.variants.insert(outer);
    }

    fn result<T: std::fmt::Debug>(&mut self, what: &str, result: Result<T, Error>) {
        match result {
            Ok(value) => panic!("{what}: expected an error, got {value:?}"),
            Err(err) => self.error(what, err),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A random 32-character alphanumeric secret.
fn random_secret() -> String {
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    (0..32)
        .map(|_| char::from(CHARS[rng.random_range(0..CHARS.len())]))
        .collect()
}

/// A CBC token04 around an arbitrary plaintext, built with the cipher
/// crates directly, to reach the decoder's claims errors.
fn cbc_token(secret: &str, expire: i64, plaintext: &str) -> String {
    let key: &[u8; 32] = secret.as_bytes().try_into().unwrap();
    let iv = b"0123456789abcdef";
    let pt_len = plaintext.len();
    let mut ct = plaintext.as_bytes().to_vec();
    ct.resize((pt_len / 16 + 1) * 16, 0);
    cbc::Encryptor::<&Aes256>::inner_iv_init(&Aes256::new(key.into()), iv.into())
        .encrypt_padded::<Pkcs7>(&mut ct, pt_len)
        .unwrap();
    let mut envelope = expire.to_be_bytes().to_vec();
    envelope.extend_from_slice(&16u16.to_be_bytes());
    envelope.extend_from_slice(iv);
    envelope.extend_from_slice(&(ct.len() as u16).to_be_bytes());
    envelope.extend_from_slice(&ct);
    format!("04{}", STANDARD.encode(envelope))
}

/// `Error` and the problem enums' variant names, read from the source.
fn declared_variants() -> BTreeSet<String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../zego-token");
    let mut source = std::fs::read_to_string(root.join("src/error.rs")).unwrap();
    // `RuleViolation` is defined with ZEGO's rules, in the rules crate.
    source.push_str(&std::fs::read_to_string(root.join("rules/src/violation.rs")).unwrap());
    let mut all: BTreeSet<String> = enum_variants(&source, "Error").into_iter().collect();
    for (outer, problem) in PROBLEM_ENUMS {
        for inner in enum_variants(&source, problem) {
            all.insert(format!("{outer}::{inner}"));
        }
    }
    all
}

/// The variants of `pub enum NAME { ... }`: its lines indented by exactly
/// four spaces that start with an uppercase identifier.
fn enum_variants(source: &str, name: &str) -> Vec<String> {
    let start = source
        .find(&format!("pub enum {name} {{"))
        .unwrap_or_else(|| panic!("enum {name} not found in error.rs"));
    let body = &source[start..];
    let body = &body[..body.find("\n}").unwrap()];
    let variants: Vec<String> = body
        .lines()
        .skip(1)
        .filter(|line| line.starts_with("    ") && !line.starts_with("     "))
        .map(|line| {
            line[4..]
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect::<String>()
        })
        .filter(|ident| ident.starts_with(|c: char| c.is_ascii_uppercase()))
        .collect();
    assert!(!variants.is_empty(), "no variants parsed for {name}");
    variants
}

#[test]
fn nothing_shows_the_secret_or_plaintext() {
    let secret_text = random_secret();
    let mut seen = Seen::new(&secret_text);

    drive_types(&mut seen);
    drive_mint_errors(&mut seen);
    drive_secret_errors(&mut seen);
    drive_decode_errors(&mut seen);
    drive_check_errors(&mut seen);
    drive_kit_errors(&mut seen);
    drive_config_errors(&mut seen);
    drive_check_reports(&mut seen);
    drive_app(&mut seen);

    let declared = declared_variants();
    let missing: Vec<_> = declared.difference(&seen.variants).collect();
    assert!(
        missing.is_empty(),
        "error variants never driven: {missing:?}"
    );
    assert!(seen.shown > 100, "only {} texts checked", seen.shown);
}

fn secret(seen: &Seen) -> ServerSecret {
    ServerSecret::new(&seen.secret).unwrap()
}

/// Every public type that holds or touches the secret, in use.
fn drive_types(seen: &mut Seen) {
    let secret = secret(seen);
    seen.debug("ServerSecret", &secret);
    let parsed: ServerSecret = seen.secret.parse().unwrap();
    seen.debug("ServerSecret::from_str", &parsed);
    seen.debug(
        "ServerSecret::try_from",
        &ServerSecret::try_from(seen.secret.clone()).unwrap(),
    );
    seen.debug(
        "ServerSecret::from_bytes",
        &ServerSecret::from_bytes(seen.secret.as_bytes()).unwrap(),
    );

    for mode in [Mode::Cbc, Mode::Gcm] {
        let issuer = Issuer::new(APP_ID, secret.clone()).unwrap().with_mode(mode);
        seen.debug("Issuer", &issuer);
        seen.debug("Issuer clone", &issuer.clone());
        let verifier = issuer.verifier();
        seen.debug("Verifier", &verifier);
        seen.debug(
            "Verifier::new",
            &Verifier::new(APP_ID, secret.clone())
                .unwrap()
                .with_leeway(Duration::from_secs(5)),
        );
        seen.debug(
            "Verifier::for_any_app",
            &Verifier::for_any_app(secret.clone()),
        );

        // A payload that is itself secret-looking plaintext.
        let payload = format!(r#"{{"private":"payload-{}"}}"#, random_secret());
        let privilege = Privilege::new("room1")
            .with_publish(true)
            .with_streams(["s1"]);
        let request = issuer.token("user1").with_payload(&payload);
        seen.debug("TokenRequest", &request);
        let token = request.issue().unwrap();
        let room = issuer
            .token("user1")
            .with_privilege(&privilege)
            .issue()
            .unwrap();
        let fixed = FixedInputs {
            ctime: 1_700_000_000,
            nonce: 1,
            iv: &b"0123456789abcdef"[..mode.iv_len()],
        };
        seen.debug("FixedInputs", &fixed);
        let fixed_token = issuer.token("user1").issue_fixed(fixed).unwrap();

        let claims = verifier.verify(token.as_str()).unwrap();
        assert_eq!(claims.payload, payload, "the payload did decode");
        let plaintext = serde_json::json!({
            "app_id": claims.app_id, "user_id": claims.user_id, "ctime": claims.ctime,
            "expire": claims.expire, "nonce": claims.nonce, "payload": claims.payload,
        });
        seen.forbid(&payload);
        seen.forbid(&plaintext.to_string());

        for t in [&token, &room, &fixed_token] {
            seen.both("Token", t);
            let decrypted = verifier.decrypt(t.as_str()).unwrap();
            seen.debug("Decrypted", &decrypted);
            seen.debug(
                "Claims (unvalidated)",
                dangerous::unvalidated_claims(&decrypted),
            );
            let lenient = dangerous::without_time_checks(verifier.clone());
            seen.debug("Claims (verify)", &lenient.verify(t.as_str()).unwrap());
            seen.debug("Envelope", &zego_token::inspect(t.as_str()).unwrap());
            seen.check("Token JSON", &serde_json::to_string(t).unwrap());
        }
        seen.debug(
            "Privilege",
            &verifier.verify(room.as_str()).unwrap().privilege(),
        );
        seen.debug(
            "Claims (decode)",
            &dangerous::decode_unverified(token.as_str(), &secret).unwrap(),
        );

        let kit = KitToken::new(parts(APP_ID, token.as_str(), "room1", "user1", "Zoë")).unwrap();
        seen.both("KitToken", &kit);
        seen.both("Mode", &mode);
        // The crate's other error type.
        let unknown = seen.secret.parse::<Mode>().unwrap_err();
        seen.both("UnknownMode", &unknown);
    }
}

fn drive_mint_errors(seen: &mut Seen) {
    let issuer = Issuer::new(APP_ID, secret(seen)).unwrap();
    seen.result("app ID 0", Issuer::new(0, secret(seen)));
    seen.result("empty user ID", issuer.issue(""));
    // User IDs and payloads made of the secret: a message must not echo them.
    let long_user = format!("{}{}{}", seen.secret, seen.secret, seen.secret);
    seen.result("long user ID", issuer.issue(&long_user));
    seen.result(
        "control character",
        issuer.issue(&format!("{}\n", seen.secret)),
    );
    seen.result(
        "ttl 0",
        issuer
            .clone()
            .with_ttl(Duration::from_millis(999))
            .issue("u"),
    );
    seen.result(
        "ZIM ttl",
        issuer
            .clone()
            .with_product(Product::Zim)
            .with_ttl(Duration::from_secs(30 * 86_400))
            .issue("u"),
    );
    seen.result(
        "payload not JSON",
        issuer.token("u").with_payload(&seen.secret).issue(),
    );
    seen.result(
        "payload with a bad privilege",
        issuer
            .token("u")
            .with_payload(&format!(
                r#"{{"room_id":"{}\n","privilege":{{"1":1}}}}"#,
                seen.secret
            ))
            .issue(),
    );
    // The OS generator cannot be made to fail from a test: the variant is
    // formatted as minting would return it, with what the OS said.
    seen.error(
        "random",
        Error::Random(std::io::Error::from_raw_os_error(38)),
    );
    seen.result(
        "expiry overflow",
        issuer.token("u").issue_fixed(FixedInputs {
            ctime: i64::MAX - 10,
            nonce: 1,
            iv: b"0123456789abcdef",
        }),
    );
    let huge = format!(r#"{{"s":"{}"}}"#, seen.secret.repeat(65_536 / 32 + 1));
    seen.result(
        "payload too large",
        issuer.token("u").with_payload(&huge).issue(),
    );
    seen.result(
        "room ID",
        issuer
            .token("u")
            .with_privilege(&Privilege::new(""))
            .issue(),
    );
    seen.result(
        "room ID control character",
        issuer
            .token("u")
            .with_privilege(&Privilege::new(format!("{}\n", seen.secret)))
            .issue(),
    );
    let stream = Privilege::new("r").with_streams([seen.secret.repeat(9)]);
    seen.result(
        "stream ID",
        issuer.token("u").with_privilege(&stream).issue(),
    );
    seen.result(
        "IV length",
        issuer.token("u").issue_fixed(FixedInputs {
            ctime: 1,
            nonce: 1,
            iv: &seen.secret.as_bytes()[..15],
        }),
    );
}

fn drive_secret_errors(seen: &mut Seen) {
    // One character short and one too many: the rest of the secret is in
    // the input and must not be in the message.
    seen.result("secret too short", ServerSecret::new(&seen.secret[..31]));
    seen.result(
        "secret too long",
        ServerSecret::new(&format!("{}x", seen.secret)),
    );
    seen.result("secret parse", seen.secret[1..].parse::<ServerSecret>());
    seen.result(
        "secret from String",
        ServerSecret::try_from(format!("{}ab", seen.secret)),
    );
    seen.result(
        "secret with whitespace",
        ServerSecret::try_from(format!("{}  ", seen.secret)),
    );
    seen.result(
        "unset variable",
        ServerSecret::from_env("ZEGO_TOKEN_HYGIENE_SURELY_UNSET"),
    );

    let dir = std::env::temp_dir().join(format!("zego-token-hygiene-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("secret");
    std::fs::write(&file, format!("{}x\n", seen.secret)).unwrap();
    seen.result("secret file length", ServerSecret::from_file(&file));
    std::fs::write(&file, format!("{}\n\n", seen.secret)).unwrap();
    seen.result("secret file whitespace", ServerSecret::from_file(&file));
    seen.result(
        "missing secret file",
        ServerSecret::from_file(dir.join("missing")),
    );
    // 30 characters of the secret and a two-byte one: 32 bytes, refused
    // for the character, with the rest of the secret in the input.
    let accented = format!("{}é", &seen.secret[..30]);
    seen.result("secret character", ServerSecret::new(&accented));
    std::fs::write(&file, &accented).unwrap();
    seen.result("secret file character", ServerSecret::from_file(&file));
    std::fs::remove_dir_all(&dir).unwrap();

    // A secret of the console's shape (32 hex digits) where a variable's
    // name or a file's path belongs: refused, and not shown.
    let console_shaped: String = (0..32)
        .map(|_| char::from(b"0123456789abcdef"[rand::rng().random_range(0..16)]))
        .collect();
    for form in [console_shaped.clone(), console_shaped.to_uppercase()] {
        seen.forbid(&form);
        seen.result("secret as env name", ServerSecret::from_env(&form));
        seen.result("secret as path", ServerSecret::from_file(&form));
    }

    // A variable holding the secret plus one byte. Setting a variable in
    // this process needs `unsafe` (edition 2024), so a child process gets
    // it and prints the error; the parent checks the text.
    // Also one holding 31 characters of it and a two-byte one.
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "hygiene::env_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("ZEGO_TOKEN_HYGIENE_SECRET", format!("{}x", seen.secret))
        .env(
            "ZEGO_TOKEN_HYGIENE_ACCENTED",
            format!("{}é", &seen.secret[..30]),
        )
        .env("ZEGO_TOKEN_HYGIENE_PADDED", format!(" {}\n", seen.secret))
        .env("ZEGO_TOKEN_HYGIENE_CHILD", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("HYGIENE "))
        .collect();
    seen.check("env errors (child)", &stdout);
    assert_eq!(lines.len(), 3, "child printed: {stdout}");
    assert!(lines[0].starts_with("Secret(EnvLength"), "{}", lines[0]);
    assert!(lines[1].starts_with("Secret(EnvCharacter"), "{}", lines[1]);
    assert!(lines[2].starts_with("Secret(EnvWhitespace"), "{}", lines[2]);
    seen.variants.insert("Secret::EnvLength".into());
    seen.variants.insert("Secret::EnvCharacter".into());
    seen.variants.insert("Secret::EnvWhitespace".into());

    // `Issuer::from_env` with the secret pasted into ZEGO_APP_ID, and with
    // ZEGO_APP_ID unset: the same child, asked for the app ID's errors.
    let secret = seen.secret.clone();
    for (app_id, expected) in [(Some(&secret), "Invalid"), (None, "Missing")] {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap());
        child
            .args(["--exact", "hygiene::env_child", "--nocapture"])
            .env("ZEGO_TOKEN_HYGIENE_CHILD", "app_id")
            .env("ZEGO_SERVER_SECRET", &secret);
        match app_id {
            Some(value) => child.env("ZEGO_APP_ID", value),
            None => child.env_remove("ZEGO_APP_ID"),
        };
        let stdout = String::from_utf8(child.output().unwrap().stdout).unwrap();
        let line = stdout
            .lines()
            .find(|l| l.starts_with("HYGIENE "))
            .unwrap_or_else(|| panic!("child printed no error: {stdout}"));
        seen.check("app ID env error (child)", &stdout);
        let debug = line.trim_start_matches("HYGIENE ");
        assert!(
            debug.starts_with(&format!("AppIdEnv({expected}")),
            "{debug}"
        );
        seen.variants.insert("AppIdEnv".into());
        seen.variants.insert(format!("AppIdEnv::{expected}"));
    }
}

/// The child half of the environment-variable check above.
#[test]
fn env_child() {
    if std::env::var_os("ZEGO_TOKEN_HYGIENE_CHILD").is_none() {
        return;
    }
    let errors = match std::env::var("ZEGO_TOKEN_HYGIENE_CHILD").as_deref() {
        Ok("app_id") => vec![Issuer::from_env().unwrap_err()],
        _ => [
            "ZEGO_TOKEN_HYGIENE_SECRET",
            "ZEGO_TOKEN_HYGIENE_ACCENTED",
            "ZEGO_TOKEN_HYGIENE_PADDED",
        ]
        .into_iter()
        .map(|var| ServerSecret::from_env(var).unwrap_err())
        .collect(),
    };
    for err in errors {
        // On a line of its own: libtest has already printed "test env_child ... ".
        println!("\nHYGIENE {err:?}");
        println!("{err}");
        println!("{err:#?}");
    }
}

fn drive_decode_errors(seen: &mut Seen) {
    let secret = secret(seen);
    let verifier = Verifier::for_any_app(secret.clone());
    let issuer = Issuer::new(APP_ID, secret.clone()).unwrap();
    let token = issuer.issue("user1").unwrap();
    let body = STANDARD.decode(&token.as_str()[2..]).unwrap();

    seen.result(
        "not token04",
        verifier.decrypt(&format!("x{}", seen.secret)),
    );
    // Alphanumerics are base64 characters: the '!' makes it invalid.
    seen.result("base64", verifier.decrypt(&format!("04{}!", seen.secret)));
    seen.result(
        "truncated",
        verifier.decrypt(&format!("04{}", STANDARD.encode(&body[..20]))),
    );
    let mut bad_iv_len = body.clone();
    bad_iv_len[9] = 15;
    seen.result(
        "malformed",
        verifier.decrypt(&format!("04{}", STANDARD.encode(&bad_iv_len))),
    );
    let mut trailing = body.clone();
    trailing.push(0);
    seen.result(
        "trailing bytes",
        verifier.decrypt(&format!("04{}", STANDARD.encode(&trailing))),
    );
    seen.result(
        "inspect truncated",
        zego_token::inspect(&format!("04{}", STANDARD.encode(&body[..5]))),
    );
    // Every way a token is mangled, around text made of the secret: the
    // explanation names the cause, never the text.
    let s = &seen.secret;
    for mangled in [
        format!("04{s} {s}"),
        format!("04{s}%2B{s}"),
        format!("\"04{s}\""),
        format!("{{\"token\":\"04{s}\"}}"),
        format!("Bearer 04{s}"),
        format!("04{s}\n"),
        format!("04{s}\n{s}"),
        format!("04{s}\u{200b}{s}"),
        format!("04{s}-_{s}"),
        format!("04{s}A"),
    ] {
        seen.result("mangled", verifier.decrypt(&mangled));
        seen.result("mangled (inspect)", zego_token::inspect(&mangled));
    }

    // Another secret: CBC padding fails (or, 1 in 256, the text is not JSON).
    let other = Verifier::for_any_app(ServerSecret::new(&random_secret()).unwrap());
    seen.result("wrong secret (CBC)", other.decrypt(token.as_str()));
    let gcm = issuer.clone().with_mode(Mode::Gcm).issue("user1").unwrap();
    seen.result("wrong secret (GCM)", other.decrypt(gcm.as_str()));
    let mut tampered = STANDARD.decode(&gcm.as_str()[2..]).unwrap();
    tampered[30] ^= 1;
    seen.result(
        "tampered GCM",
        verifier.decrypt(&format!("04{}", STANDARD.encode(&tampered))),
    );
    seen.result(
        "decode with wrong secret",
        dangerous::decode_unverified(gcm.as_str(), &ServerSecret::new(&random_secret()).unwrap()),
    );

    // Decrypted text that is not claims, carrying the secret and a marker:
    // serde_json's own messages would quote them; ours must not.
    let marker = format!("plaintext-{}", random_secret());
    let not_json = format!("{marker} {}", seen.secret);
    seen.forbid(&marker);
    seen.result(
        "not JSON",
        verifier.decrypt(&cbc_token(&seen.secret, 1, &not_json)),
    );
    for claims in [
        format!(
            r#"{{"app_id":"{marker}","user_id":"u","ctime":1,"expire":2,"nonce":3,"payload":""}}"#
        ),
        format!(
            r#"{{"app_id":1,"user_id":"{marker}","ctime":1,"expire":2,"nonce":3,"payload":{}}}"#,
            seen.secret.len()
        ),
        format!(
            r#"{{"app_id":1,"user_id":"{}","ctime":1,"expire":2,"nonce":3,"payload":"{marker}""#,
            seen.secret
        ),
        format!(r#"{{"{marker}":1}}"#),
    ] {
        seen.forbid(&claims);
        seen.result(
            "bad claims",
            verifier.decrypt(&cbc_token(&seen.secret, 2, &claims)),
        );
    }
    // Valid claims whose expiry disagrees with the clear header.
    let claims = format!(
        r#"{{"app_id":1,"user_id":"{marker}","ctime":1,"expire":2,"nonce":3,"payload":"{marker}"}}"#
    );
    seen.forbid(&claims);
    seen.result(
        "expiry mismatch",
        verifier.decrypt(&cbc_token(&seen.secret, 99, &claims)),
    );
}

fn drive_check_errors(seen: &mut Seen) {
    let issuer = Issuer::new(APP_ID, secret(seen)).unwrap();
    let token = issuer
        .token("user1")
        .issue_fixed(FixedInputs {
            ctime: 1_700_000_000,
            nonce: 1,
            iv: b"0123456789abcdef",
        })
        .unwrap();
    let verifier = issuer.verifier();
    seen.result("expired", verifier.verify(token.as_str()));
    seen.result(
        "not yet valid",
        verifier.verify_at(token.as_str(), 1_600_000_000),
    );
    seen.result(
        "app ID mismatch",
        Verifier::new(7, secret(seen))
            .unwrap()
            .verify_at(token.as_str(), 1_700_000_001),
    );
}

fn drive_kit_errors(seen: &mut Seen) {
    let issuer = Issuer::new(APP_ID, secret(seen)).unwrap();
    let token = issuer.issue("user1").unwrap();
    seen.result(
        "kit room ID",
        KitToken::new(parts(APP_ID, token.as_str(), "房间", "u", "n")),
    );
    seen.result(
        "kit user name control character",
        KitToken::new(parts(
            APP_ID,
            token.as_str(),
            "r",
            "u",
            &format!("{}\n", seen.secret),
        )),
    );
    let escaped = format!(
        r#"{{"userID":"{}","roomID":"\u623f","userName":"n","appID":1}}"#,
        seen.secret
    );
    seen.result(
        "kit room not Latin-1",
        KitToken::parse(&format!("{}#{}", token, STANDARD.encode(escaped))),
    );
    seen.result("kit no '#'", KitToken::parse(&seen.secret));
    seen.result(
        "kit bad base64",
        KitToken::parse(&format!("{}#{}!", token, seen.secret)),
    );
    let json = format!(r#"{{"userID":"{}","roomID":1}}"#, seen.secret);
    seen.result(
        "kit bad JSON",
        KitToken::parse(&format!("{}#{}", token, STANDARD.encode(json))),
    );

    // A kit token around a token for another user: the user ID in the
    // claims is decrypted text, so the mismatch must not show it.
    let private_user = format!("user-{}", &random_secret()[..20]);
    let private = issuer.issue(&private_user).unwrap();
    seen.forbid(&private_user);
    let verifier = issuer.verifier();
    let kit = KitToken::new(parts(
        APP_ID,
        private.as_str(),
        "room1",
        "someone-else",
        "n",
    ))
    .unwrap();
    seen.result("kit user ID mismatch", verifier.verify_kit(&kit));
    let kit = KitToken::new(parts(7, private.as_str(), "room1", &private_user, "n")).unwrap();
    seen.result("kit app ID mismatch", verifier.verify_kit(&kit));
    // A token for a private room: the room in the claims is decrypted text.
    let private_room = format!("room-{}", &random_secret()[..20]);
    seen.forbid(&private_room);
    let in_room = issuer
        .token(&private_user)
        .with_privilege(&Privilege::new(private_room.as_str()))
        .issue()
        .unwrap();
    let kit = KitToken::new(parts(APP_ID, in_room.as_str(), "room1", &private_user, "n")).unwrap();
    seen.result("kit room ID mismatch", verifier.verify_kit(&kit));
}

/// Reports on tokens whose claims are private text, with every finding
/// the checker has: none shows the claims, the token or the secret.
fn drive_check_reports(seen: &mut Seen) {
    use zego_token::check::Checker;
    let issuer = Issuer::new(APP_ID, secret(seen)).unwrap();
    let private_user = format!("user-{}", &random_secret()[..20]);
    let private_payload = format!("payload {}", random_secret());
    seen.forbid(&private_user);
    seen.forbid(&private_payload);
    let s = seen.secret.clone();
    let claims = format!(
        r#"{{"app_id":{APP_ID},"user_id":"{private_user} {s}","ctime":1,"expire":2,"nonce":3,"payload":"{private_payload}"}}"#
    );
    let tokens = [
        cbc_token(&s, 2, &claims),
        cbc_token(&s, 2, &format!(r#"{{"app_id":"{private_user}"}}"#)),
        issuer.issue(&private_user).unwrap().to_string(),
        format!("\"04{s}\""),
        format!(
            "{}#{}",
            issuer.issue(&private_user).unwrap(),
            STANDARD.encode(&s)
        ),
    ];
    let checker = Checker::new(Verifier::new(7, secret(seen)).unwrap())
        .with_user_id("bob")
        .with_room_id("room 2");
    seen.debug("Checker", &checker);
    for token in tokens {
        let report = checker.check(&token);
        seen.debug("Report", &report);
        assert!(!report.findings().is_empty());
        for finding in report.findings() {
            seen.both("Finding", finding);
        }
        let other = Checker::new(Verifier::for_any_app(
            ServerSecret::new(&random_secret()).unwrap(),
        ));
        seen.debug("Report (another secret)", &other.check(&token));
    }
}

fn drive_config_errors(seen: &mut Seen) {
    use zego_token::Config;
    let s = seen.secret.clone();
    // The secret planted wherever a careless message would quote a value.
    // (Key and profile names are quoted on purpose: "did you mean `ttl`?",
    // "no profile `prod`". They are structure, not values.)
    for text in [
        format!("app_id = 1\nsecret = \"{s}\""),
        format!("app_id = 1\nttl = \"{s}\""),
        format!("app_id = 1\nmode = \"{s}\""),
        format!("app_id = 1\nproduct = \"{s}\""),
        format!("app_id = \"{s}\""),
        format!("app_id = 1\nsecret_env = {s}"),
        format!("app_id = 1\nsecret_env = \"{}\"", hex(&s.as_bytes()[..16])),
        format!("app_id = 1\n[profiles.staging]\nttl = \"{s}\""),
        s.clone(),
    ] {
        seen.result("config text", text.parse::<Config>());
    }
    let config: Config = "app_id = 1\n[profiles.staging]\nsecret_file = \"/nonexistent/zego\""
        .parse()
        .unwrap();
    seen.debug("config", &config);
    seen.result("unknown profile", config.profile("production"));
    seen.result(
        "missing config file",
        Config::from_path("/nonexistent/zego.toml"),
    );
    let staging = config.profile("staging").unwrap();
    seen.debug("profile", staging);
    seen.result("profile secret file", staging.issuer());
}

/// The issuer and verifier keep the secret only as these two expanded key
/// schedules (`cipher::Keys`), and `ServerSecret` holds the raw bytes: all
/// three wipe themselves on drop. This compiles only while RustCrypto's
/// `zeroize` features are on (root Cargo.toml), so turning them off breaks
/// the build of this test rather than silently leaving keys in freed memory.
///
/// That the wipe really happens was checked outside the test suite, where
/// `unsafe` is allowed: dropping each type in place leaves all of its bytes
/// zero (`Aes256` 480 bytes, `Aes256Gcm` 624, `ServerSecret` 32), and a
/// global allocator that scans every freed heap block for the key found
/// none across issuing, decoding and dropping issuers and verifiers.
#[test]
fn key_schedules_and_secret_zeroize_on_drop() {
    fn wiped_on_drop<T: zeroize::ZeroizeOnDrop>() {}
    wiped_on_drop::<aes::Aes256>();
    wiped_on_drop::<aes_gcm::Aes256Gcm>();
    wiped_on_drop::<ServerSecret>();
}

/// Tokens are bearer credentials: `Debug` of a token or a kit token shows
/// their length, never their text (which `Display` gives on purpose).
#[test]
fn bearer_tokens_stay_out_of_debug() {
    let issuer = Issuer::new(APP_ID, ServerSecret::new(&random_secret()).unwrap()).unwrap();
    let token = issuer.issue("user1").unwrap();
    let kit = KitToken::new(parts(APP_ID, token.as_str(), "room1", "user1", "Zoë")).unwrap();
    // Any 16 characters of the token's body would identify it.
    let body = &token.as_str()[2..];
    for (what, debug) in [
        ("Token", format!("{token:?} {token:#?}")),
        ("KitToken", format!("{kit:?} {kit:#?}")),
    ] {
        for piece in body.as_bytes().chunks(16).filter(|c| c.len() == 16) {
            let piece = std::str::from_utf8(piece).unwrap();
            assert!(
                !debug.contains(piece),
                "{what} Debug shows the token: {debug}"
            );
        }
        assert!(
            debug.contains(&format!("<{} chars>", token.as_str().len())),
            "{debug}"
        );
    }
    assert!(kit.to_string().starts_with(token.as_str()));
}

/// The typed app (issuer, API signer, callback verifier) holding the secret
/// and a callback secret, and every way reading a callback secret fails.
fn drive_app(seen: &mut Seen) {
    use zego_token::callback::CallbackSecret;
    use zego_token::{Config, ZegoTokenIssuer};

    #[derive(ZegoTokenIssuer)]
    struct Fields {
        #[zego(app_id)]
        id: u32,
        #[zego(secret)]
        secret: String,
        #[zego(callback_secret)]
        callback: String,
    }
    let callback = random_secret();
    seen.forbid(&callback);
    let fields = Fields {
        id: APP_ID,
        secret: seen.secret.clone(),
        callback: callback.clone(),
    };
    let app = fields.app().unwrap();
    seen.debug("app", &app);
    seen.debug("typed api signer", app.api_signer());
    seen.debug("typed callback verifier", app.callback_verifier());
    seen.debug("api signer", app.api_signer().as_ref());
    seen.debug("callback verifier", app.callback_verifier().as_ref());
    seen.debug("callback secret", &CallbackSecret::new(&callback).unwrap());
    let too_long = Fields {
        callback: format!("{callback}{}", "x".repeat(1024)),
        ..fields
    };
    seen.result("callback field too long", too_long.callback_verifier());

    // From config profiles: a variable that is unset, a file holding the
    // callback secret and more, an empty file, and a directory.
    let dir = std::env::temp_dir().join(format!("zego-token-hygiene-cb-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let long = dir.join("long");
    std::fs::write(&long, format!("{callback}\n").repeat(64)).unwrap();
    let empty = dir.join("empty");
    std::fs::write(&empty, "\n").unwrap();
    let config: Config = format!(
        "app_id = 1\ncallback_secret_env = \"ZEGO_TOKEN_HYGIENE_SURELY_UNSET_CB\"\n\
         [profiles.long]\ncallback_secret_file = {long:?}\n\
         [profiles.empty]\ncallback_secret_file = {empty:?}\n\
         [profiles.dir]\ncallback_secret_file = {dir:?}\n"
    )
    .parse()
    .unwrap();
    seen.result("unset callback variable", config.callback_verifier());
    for name in ["long", "empty", "dir"] {
        let profile = config.profile(name).unwrap();
        seen.result("callback secret file", profile.read_callback_secret());
        seen.result("callback verifier", profile.callback_verifier());
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
