//! The size limit of a token04: its ciphertext length is a u16, so the
//! largest claims that fit are accepted and decode, and one byte more is
//! refused with `Error::PayloadTooLarge`, never cut short (ZEGO's Go
//! generator silently truncates the length field there).
//!
//! The boundary is computed, not guessed: CBC pads to the next multiple of
//! 16 (always adding 1..=16 bytes) and GCM appends a 16-byte tag, so in both
//! modes the largest plaintext is 65 519 bytes:
//!
//! - CBC: `(pt / 16 + 1) * 16 <= 65 535`  ⇔  `pt <= 4 095 * 16 - 1 = 65 519`
//! - GCM: `pt + 16 <= 65 535`  ⇔  `pt <= 65 519`

use serde::Serialize;
use zego_token::dangerous::FixedInputs;
use zego_token::{Error, Issuer, Mode, Privilege, ServerSecret};

const MAX_PLAINTEXT: usize = 65_519;
const CTIME: i64 = 1_700_000_000;
const NONCE: i32 = 7;

/// The claims body exactly as a token04 carries it, to measure its length
/// independently of the crate.
#[derive(Serialize)]
struct Body<'a> {
    app_id: u32,
    user_id: &'a str,
    ctime: i64,
    expire: i64,
    nonce: i32,
    payload: &'a str,
}

fn plaintext_len(payload: &str) -> usize {
    serde_json::to_string(&Body {
        app_id: 1,
        user_id: "u",
        ctime: CTIME,
        expire: CTIME + 3600,
        nonce: NONCE,
        payload,
    })
    .unwrap()
    .len()
}

fn mint(mode: Mode, payload: &str) -> Result<zego_token::Token, Error> {
    let issuer = Issuer::new(
        1,
        ServerSecret::new("fa94dd0f974cf2e293728a526b028271").unwrap(),
    )
    .unwrap()
    .with_mode(mode);
    let iv: &[u8] = match mode {
        Mode::Cbc => b"0123456789abcdef",
        Mode::Gcm => b"0123456789ab",
    };
    issuer
        .token("u")
        .with_payload(payload)
        .issue_fixed(FixedInputs {
            ctime: CTIME,
            nonce: NONCE,
            iv,
        })
}

fn ciphertext_len(mode: Mode, pt_len: usize) -> usize {
    match mode {
        Mode::Cbc => (pt_len / 16 + 1) * 16,
        Mode::Gcm => pt_len + 16,
    }
}

#[test]
fn the_boundary_is_65519_plaintext_bytes_in_both_modes() {
    for mode in [Mode::Cbc, Mode::Gcm] {
        assert!(ciphertext_len(mode, MAX_PLAINTEXT) <= usize::from(u16::MAX));
        assert!(ciphertext_len(mode, MAX_PLAINTEXT + 1) > usize::from(u16::MAX));
    }
}

/// A payload ZEGO's clients accept (a JSON object) around `text`, which
/// must be valid inside a JSON string.
fn object(text: &str) -> String {
    format!(r#"{{"p":"{text}"}}"#)
}

/// `unit` is a piece of the payload's text and `per_unit` the bytes it
/// takes in the claims' JSON: plain characters and ones serde_json escapes
/// shift the boundary differently, and both must land exactly.
fn check_boundary(mode: Mode, unit: &str, per_unit: usize) {
    assert_eq!(
        plaintext_len(&object(unit)) - plaintext_len(&object("")),
        per_unit
    );
    let overhead = plaintext_len(&object(""));
    let room = MAX_PLAINTEXT - overhead;
    let units = room / per_unit;
    // Pad with plain bytes so the plaintext is exactly the maximum.
    let largest = object(&(unit.repeat(units) + &"a".repeat(room - units * per_unit)));
    assert_eq!(plaintext_len(&largest), MAX_PLAINTEXT);

    let token = mint(mode, &largest).unwrap_or_else(|e| panic!("{mode}: largest refused: {e}"));
    let envelope = zego_token::inspect(token.as_str()).unwrap();
    assert_eq!(envelope.ciphertext_len, ciphertext_len(mode, MAX_PLAINTEXT));
    let issuer = Issuer::new(
        1,
        ServerSecret::new("fa94dd0f974cf2e293728a526b028271").unwrap(),
    )
    .unwrap();
    // Minted at a fixed time in the past.
    let claims = zego_token::dangerous::without_time_checks(issuer.verifier())
        .verify(token.as_str())
        .unwrap();
    assert_eq!(claims.payload, largest, "{mode}: payload changed");
    assert_eq!(claims.mode, mode);

    let too_large = object(&format!("{}a", &largest[6..largest.len() - 2]));
    assert_eq!(plaintext_len(&too_large), MAX_PLAINTEXT + 1);
    match mint(mode, &too_large) {
        Err(Error::PayloadTooLarge {
            ciphertext_len: len,
        }) => {
            assert_eq!(len, ciphertext_len(mode, MAX_PLAINTEXT + 1));
            assert!(len > usize::from(u16::MAX));
        }
        other => panic!("{mode}: one byte over gave {other:?}"),
    }
}

#[test]
fn largest_plain_payload_fits_and_one_byte_more_is_refused() {
    check_boundary(Mode::Cbc, "a", 1);
    check_boundary(Mode::Gcm, "a", 1);
}

#[test]
fn escaped_payload_is_measured_after_escaping() {
    // The payload's `\"` is written as `\\\"` in the claims: four bytes.
    check_boundary(Mode::Cbc, "\\\"", 4);
    check_boundary(Mode::Gcm, "\\\"", 4);
    // Its `\u0001` as `\\u0001`: seven bytes; `é` as itself: two.
    check_boundary(Mode::Cbc, "\\u0001", 7);
    check_boundary(Mode::Gcm, "é", 2);
}

#[test]
fn oversized_privilege_is_refused_not_truncated() {
    let streams: Vec<String> = (0..300).map(|i| format!("{i:0>255}")).collect();
    let privilege = Privilege::new("room").with_streams(streams);
    assert!(
        privilege.validate().is_ok(),
        "each stream ID is within its own limit"
    );
    let issuer = Issuer::new(
        1,
        ServerSecret::new("fa94dd0f974cf2e293728a526b028271").unwrap(),
    )
    .unwrap();
    let err = issuer
        .token("u")
        .with_privilege(&privilege)
        .issue()
        .unwrap_err();
    assert!(
        matches!(err, Error::PayloadTooLarge { ciphertext_len } if ciphertext_len > 65_535),
        "{err}"
    );
    assert_eq!(
        err.to_string().lines().count(),
        1,
        "one-line message: {err}"
    );
}

/// Minting writes claims that need no escape into a fixed-size stack
/// envelope when they fit, and anything else into a growable one. Every
/// size across that edge, for both modes, the shortest and longest user
/// IDs, and payloads with and without escapes, mints and decodes to its
/// inputs.
#[test]
fn every_size_across_the_stack_envelope_edge_round_trips() {
    let secret = "fa94dd0f974cf2e293728a526b028271";
    let longest_user = "u".repeat(zego_token::rules::RTC_USER_ID_MAX_BYTES);
    for mode in [Mode::Cbc, Mode::Gcm] {
        let issuer = Issuer::new(u32::MAX, ServerSecret::new(secret).unwrap())
            .unwrap()
            .with_mode(mode);
        let verifier = issuer.verifier();
        for user in ["u", longest_user.as_str()] {
            for len in 200..=600 {
                // JSON objects (what ZEGO's clients accept), without and
                // with characters the claims must escape.
                for payload in [
                    format!(r#"{{"p":"{}"}}"#, "p".repeat(len)),
                    format!(r#"{{"p":"\"{}"}}"#, "p".repeat(len)),
                ] {
                    let token = issuer.token(user).with_payload(&payload).issue().unwrap();
                    let claims = verifier.verify(token.as_str()).unwrap();
                    assert_eq!(
                        (claims.user_id.as_str(), claims.payload.as_str()),
                        (user, payload.as_str())
                    );
                }
            }
            // A privilege with as many streams as it takes to cross the edge
            // (none: no list; an empty one is never minted).
            for streams in 0..12 {
                let mut privilege = Privilege::new("room");
                if streams > 0 {
                    privilege =
                        privilege.with_streams((0..streams).map(|i| format!("stream-{i:0>24}")));
                }
                let token = issuer
                    .token(user)
                    .with_privilege(&privilege)
                    .issue()
                    .unwrap();
                let claims = verifier.verify(token.as_str()).unwrap();
                assert_eq!(claims.privilege(), Some(privilege));
            }
        }
    }
}
