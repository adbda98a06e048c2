//! What each fuzz target does with one input, shared by the libFuzzer
//! binaries in `fuzz_targets/` and by the corpus replay test
//! (`tests/fuzz_corpus.rs`), which runs every committed corpus
//! file through these same functions under plain `cargo test`.
//!
//! Every function must return normally for every input: a panic is a bug
//! (nothing may panic on input), and so is a failed invariant assertion.
//!
//! To add a target: add a `pub fn NAME(data: &[u8])` here, a
//! `fuzz_targets/NAME.rs` calling it, a `[[bin]]` in `Cargo.toml`, a
//! `corpus/NAME/` directory, and one line in `TARGETS` below.

#![allow(dead_code)] // each fuzz binary uses one function

use aes::Aes256;
use aes::cipher::{BlockModeEncrypt, InnerIvInit, KeyInit, block_padding::Pkcs7};
use aes_gcm::{AeadInOut, Aes256Gcm};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use zego_token::check::Checker;
use zego_token::error::{IdKind, RuleViolation};
use zego_token::{Claims, Config, Error, KitToken, Mode, ServerSecret, Verifier, dangerous};

/// What a fuzz target runs on one input.
pub type Target = fn(&[u8]);

/// Every target by name, as the replay test walks `corpus/<name>/`.
pub const TARGETS: &[(&str, Target)] = &[
    ("decode", decode),
    ("inspect", inspect),
    ("kit_parse", kit_parse),
    ("issue", issue),
    ("config", config),
];

/// The secret of the known-answer vectors, so seeds taken from them decrypt.
const SECRET: &str = "fa94dd0f974cf2e293728a526b028271";
const IV: &[u8; 16] = b"0123456789abcdef";

/// Every error message is one line (the project's rule for errors).
fn check_message(err: &Error) {
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains('\n'), "multi-line error: {shown}");
}

/// The decoder, fed four ways by the first byte:
///
/// - `0x01` + bytes: the bytes are an envelope; the target base64-encodes
///   them behind `04`, so the fuzzer explores framing and decryption without
///   having to find valid base64.
/// - `0x02` / `0x03` + 8 bytes + bytes: the rest is a *plaintext*, encrypted
///   with the known secret (CBC / GCM) under a header whose expiry is the 8
///   big-endian bytes: this reaches the claims parser with arbitrary
///   decrypted text, which random ciphertext never would.
/// - anything else: the whole input is the token string, as received.
pub fn decode(data: &[u8]) {
    let verifier = Verifier::for_any_app(ServerSecret::new(SECRET).unwrap());
    match data.split_first() {
        Some((1, envelope)) => {
            decode_token(&verifier, &token_of(envelope), None);
        }
        Some((&selector @ (2 | 3), rest)) if rest.len() >= 8 => {
            let (expire, plaintext) = rest.split_at(8);
            let expire = i64::from_be_bytes(expire.try_into().unwrap());
            let mode = if selector == 2 { Mode::Cbc } else { Mode::Gcm };
            if let Some(token) = encrypt(mode, expire, plaintext) {
                decode_token(&verifier, &token, Some(plaintext));
            }
        }
        _ => {
            if let Ok(token) = std::str::from_utf8(data) {
                decode_token(&verifier, token, None);
            }
        }
    }
}

fn token_of(envelope: &[u8]) -> String {
    format!("04{}", STANDARD.encode(envelope))
}

/// A token04 around `plaintext`, built with the cipher crates directly.
/// `None` when the ciphertext would not fit the u16 length field.
fn encrypt(mode: Mode, expire: i64, plaintext: &[u8]) -> Option<String> {
    let key: &[u8; 32] = SECRET.as_bytes().try_into().unwrap();
    let aes = Aes256::new(key.into());
    let mut ct = plaintext.to_vec();
    let iv: &[u8] = match mode {
        Mode::Cbc => {
            let pt_len = ct.len();
            ct.resize((pt_len / 16 + 1) * 16, 0);
            cbc::Encryptor::<&Aes256>::inner_iv_init(&aes, IV.into())
                .encrypt_padded::<Pkcs7>(&mut ct, pt_len)
                .unwrap();
            IV
        }
        Mode::Gcm => {
            let nonce: &[u8; 12] = IV[..12].try_into().unwrap();
            let tag = Aes256Gcm::from(aes)
                .encrypt_inout_detached(nonce.into(), &[], ct.as_mut_slice().into())
                .unwrap();
            ct.extend_from_slice(&tag);
            &IV[..12]
        }
    };
    let ct_len = u16::try_from(ct.len()).ok()?;
    let mut envelope = Vec::with_capacity(ct.len() + 29);
    envelope.extend_from_slice(&expire.to_be_bytes());
    envelope.extend_from_slice(&(iv.len() as u16).to_be_bytes());
    envelope.extend_from_slice(iv);
    envelope.extend_from_slice(&ct_len.to_be_bytes());
    envelope.extend_from_slice(&ct);
    if mode == Mode::Gcm {
        envelope.push(1);
    }
    Some(token_of(&envelope))
}

/// The claims as a plain serde_json reading of the plaintext sees them,
/// with the documented rules (any key order, unknown keys ignored, a
/// missing `payload` is `""`): the reference the decoder's visitor, which
/// also names the key at fault without quoting values, must agree with.
#[derive(serde::Deserialize)]
struct Reference {
    app_id: u32,
    user_id: String,
    ctime: i64,
    expire: i64,
    nonce: i32,
    #[serde(default)]
    payload: String,
}

/// Decodes `token` every public way and checks they agree.
fn decode_token(verifier: &Verifier, token: &str, plaintext: Option<&[u8]>) {
    let decoded: Result<Claims, Error> = verifier
        .decrypt(token)
        .map(|decrypted| dangerous::unvalidated_claims(&decrypted).clone());
    if let Some(plaintext) = plaintext {
        // Differential check of the claims parser against serde_json.
        let reference = std::str::from_utf8(plaintext)
            .ok()
            .filter(|text| text.starts_with('{'))
            .and_then(|text| serde_json::from_str::<Reference>(text).ok());
        match (&decoded, reference) {
            (Ok(claims), Some(r)) => assert_eq!(
                (r.app_id, &*r.user_id, r.ctime, r.nonce, &*r.payload),
                (
                    claims.app_id,
                    &*claims.user_id,
                    claims.ctime,
                    claims.nonce,
                    &*claims.payload
                ),
            ),
            (Ok(_), None) => panic!("decoded claims serde_json rejects"),
            (Err(Error::Malformed(_)), Some(r)) => assert_ne!(
                r.expire,
                zego_token::inspect(token).unwrap().expire,
                "only a header/claims expiry mismatch may refuse valid claims"
            ),
            (Err(err), Some(_)) => panic!("valid claims refused: {err}"),
            (Err(_), None) => {}
        }
    }
    let envelope = zego_token::inspect(token);
    match &decoded {
        Ok(claims) => {
            // Whatever decodes, inspects, and the clear header agrees.
            let envelope = envelope.expect("a decodable token must be inspectable");
            assert_eq!(envelope.expire, claims.expire);
            assert_eq!(envelope.mode, claims.mode);
            // Time checks only ever narrow what decodes.
            let at_ctime = verifier.verify_at(token, claims.ctime);
            if claims.expire >= claims.ctime {
                assert_eq!(at_ctime.as_ref().ok(), Some(claims));
            } else {
                assert!(matches!(at_ctime, Err(Error::Expired { .. })));
            }
            let _ = format!("{claims:?} {:?}", claims.privilege());
        }
        Err(err) => {
            check_message(err);
            // Decoding fails wherever inspecting does, with the same error.
            if let Err(inspect_err) = &envelope {
                assert_eq!(inspect_err.to_string(), err.to_string());
            }
            // The decrypted text never shows in an error. No message or
            // Debug form has a `{"` of its own (Debug structs print `{ `),
            // so a plaintext that starts like a JSON object with a string
            // key can only appear there by leaking.
            if let Some(pt) = plaintext.filter(|pt| pt.starts_with(b"{\"")) {
                let shown = format!("{err} {err:?}");
                let pt = String::from_utf8_lossy(pt);
                assert!(!shown.contains(&*pt), "plaintext in error: {shown}");
            }
        }
    }
    // The one-shot `dangerous::decode_unverified` agrees with the verifier.
    let secret = ServerSecret::new(SECRET).unwrap();
    let again = dangerous::decode_unverified(token, &secret);
    assert_eq!(
        again.as_ref().map_err(ToString::to_string),
        decoded.as_ref().map_err(ToString::to_string)
    );
    // The checker decrypts what the verifier does (a text with a `#` it
    // reads as a kit token instead), reports a token it cannot decrypt
    // with that one finding, and every finding in one line.
    let report = Checker::new(verifier.clone()).check_at(token, 0);
    if !token.contains('#') {
        assert_eq!(report.decrypted().is_some(), decoded.is_ok());
        if let Err(err) = &decoded {
            assert_eq!(report.findings().len(), 1);
            assert!(report.findings()[0].message().starts_with(&err.to_string()));
        }
    }
    for finding in report.findings() {
        assert!(!finding.message().contains('\n'), "multi-line: {finding}");
    }
    assert_eq!(report.claims().is_some(), report.is_clean());
}

/// `inspect` on the token string as received; a token that inspects has a
/// header consistent with its mode, and the bytes it reports are really there.
pub fn inspect(data: &[u8]) {
    let Ok(token) = std::str::from_utf8(data) else {
        return;
    };
    match zego_token::inspect(token) {
        Ok(envelope) => {
            assert_eq!(envelope.iv.len(), envelope.mode.iv_len());
            match envelope.mode {
                Mode::Cbc => {
                    assert!(
                        envelope.ciphertext_len.is_multiple_of(16) && envelope.ciphertext_len > 0
                    )
                }
                Mode::Gcm => assert!(envelope.ciphertext_len >= 16),
            }
            let bytes = STANDARD
                .decode(&token[2..])
                .expect("inspect accepted the base64");
            assert_eq!(bytes[..8], envelope.expire.to_be_bytes());
            let trailer = usize::from(envelope.mode == Mode::Gcm);
            assert_eq!(
                bytes.len(),
                12 + envelope.iv.len() + envelope.ciphertext_len + trailer
            );
        }
        Err(err) => check_message(&err),
    }
}

/// `KitToken::parse` on the text as received; whatever parses prints back
/// to a kit token that parses to the same value.
pub fn kit_parse(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match KitToken::parse(text) {
        Ok(kit) => {
            let printed = kit.to_string();
            let reparsed = KitToken::parse(&printed).expect("a printed kit token parses");
            assert_eq!(reparsed, kit);
            assert_eq!(reparsed.to_string(), printed);
        }
        Err(err) => check_message(&err),
    }
}

/// Minting with arbitrary user IDs and payloads: the input is
/// `mode byte | user ID | 0x00 | payload`. Whatever mints decodes to the
/// same claims; whatever is refused is refused by ZEGO's user ID or payload
/// rule, or for its size.
pub fn issue(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(rest) = std::str::from_utf8(rest) else {
        return;
    };
    let (user_id, payload) = rest.split_once('\0').unwrap_or((rest, ""));
    let (mode, iv) = if mode & 1 == 0 {
        (Mode::Cbc, &IV[..])
    } else {
        (Mode::Gcm, &IV[..12])
    };
    let issuer = zego_token::Issuer::new(1, ServerSecret::new(SECRET).unwrap())
        .unwrap()
        .with_mode(mode);
    let fixed = dangerous::FixedInputs {
        ctime: 1_700_000_000,
        nonce: 42,
        iv,
    };
    match issuer
        .token(user_id)
        .with_payload(payload)
        .issue_fixed(fixed)
    {
        Ok(token) => {
            let claims = dangerous::without_time_checks(issuer.verifier())
                .verify(token.as_str())
                .expect("minted tokens decode");
            assert_eq!(claims.user_id, user_id);
            assert_eq!(claims.payload, payload);
            assert_eq!(
                (claims.ctime, claims.expire, claims.nonce),
                (1_700_000_000, 1_700_003_600, 42)
            );
            assert_eq!(claims.mode, mode);
        }
        Err(err) => {
            check_message(&err);
            assert!(
                matches!(
                    err,
                    Error::Rule(
                        RuleViolation::Id {
                            kind: IdKind::UserId,
                            ..
                        } | RuleViolation::Payload(_)
                    ) | Error::PayloadTooLarge { .. }
                ),
                "unexpected refusal: {err}"
            );
        }
    }
}

/// The run-time TOML config loader on arbitrary text. Whatever parses is a
/// fully validated config (every profile has a non-zero app ID and a
/// positive lifetime); whatever does not is refused with one config error.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match text.parse::<Config>() {
        Ok(config) => {
            let names: Vec<String> = config.profile_names().map(str::to_owned).collect();
            let profiles = config.default_profile().ok().into_iter().chain(
                names
                    .iter()
                    .map(|n| config.profile(n).expect("listed profile exists")),
            );
            for profile in profiles {
                assert!(profile.app_id() != 0);
                assert!(profile.ttl().as_secs() > 0);
                let _ = format!("{profile:?}");
            }
            assert!(config.profile("\u{0}no such profile").is_err());
        }
        Err(err) => {
            check_message(&err);
            assert!(matches!(err, Error::Config(_)), "unexpected error: {err}");
        }
    }
}
