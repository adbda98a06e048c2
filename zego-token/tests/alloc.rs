//! Heap allocations per operation, counted exactly with a counting global
//! allocator (`allocation-counter`, which counts per thread, so tests
//! running in parallel do not disturb each other). Counts are
//! deterministic, unlike time: this is where the memory targets of the
//! crate are enforced.
//!
//! Budget: 2 allocations per basic or privilege token (the envelope
//! buffer, then the returned string at its exact length); 2 per basic-token
//! decode (the envelope buffer and the user ID); 2 per `inspect` (the
//! envelope and the IV). Decoding a privilege token also allocates its
//! payload and serde_json's scratch buffer for unescaping it: pinned, not a
//! target. Each test asserts the exact count, so one more allocation fails.

use std::time::Duration;

use allocation_counter::{AllocationInfo, measure};
use zego_token::{Issuer, Mode, Privilege, ServerSecret, Verifier};

const SECRET: &str = "fa94dd0f974cf2e293728a526b028271";
/// Enough tokens that anything done only now and then, or set up lazily,
/// would show if it allocated.
const MANY: u64 = 20_000;
/// The capacity minting starts an envelope buffer with (`wire.rs`), which
/// every basic and privilege token's envelope fits.
const ENVELOPE_CAPACITY: u64 = 512;

/// The bytes the decoder's envelope buffer takes for `token`: base64's
/// estimate of its decoded length.
fn envelope_estimate(token: &str) -> u64 {
    ((token.len() as u64 - 2).div_ceil(4)) * 3
}

fn issuer(mode: Mode) -> Issuer {
    let issuer = Issuer::new(1_234_567_890, ServerSecret::new(SECRET).unwrap())
        .unwrap()
        .with_mode(mode);
    // Whatever is set up on first use is not what a token costs.
    issuer.issue("warm-up").unwrap();
    issuer
}

fn privilege() -> Privilege {
    Privilege::new("room_42")
        .with_publish(true)
        .with_streams(["stream_1", "stream_2"])
}

/// Allocations made by `f`, after checking that it frees all it keeps
/// nothing (tokens and claims are dropped inside `f`).
fn count(f: impl FnOnce()) -> AllocationInfo {
    let info = measure(f);
    assert_eq!(info.count_current, 0, "leaked: {info:?}");
    info
}

#[test]
fn basic_token_is_the_envelope_and_the_string_of_its_exact_length() {
    for mode in [Mode::Cbc, Mode::Gcm] {
        let issuer = issuer(mode);
        let mut len = 0;
        let info = count(|| len = issuer.issue("user_1234").unwrap().as_str().len());
        assert_eq!(info.count_total, 2, "{mode}: {info:?}");
        // The envelope never grows, and the string is at its final size.
        assert_eq!(
            info.bytes_total,
            ENVELOPE_CAPACITY + len as u64,
            "{mode}: {info:?}"
        );
    }
}

#[test]
fn privilege_token_is_the_envelope_and_the_string_of_its_exact_length() {
    for mode in [Mode::Cbc, Mode::Gcm] {
        let issuer = issuer(mode);
        let privilege = privilege();
        let mut len = 0;
        let info = count(|| {
            len = issuer
                .token("user_1234")
                .with_ttl(Duration::from_secs(600))
                .with_privilege(&privilege)
                .issue()
                .unwrap()
                .as_str()
                .len();
        });
        assert_eq!(info.count_total, 2, "{mode}: {info:?}");
        assert_eq!(
            info.bytes_total,
            ENVELOPE_CAPACITY + len as u64,
            "{mode}: {info:?}"
        );
    }
}

#[test]
fn every_token_costs_two_allocations_in_a_long_run() {
    let issuer = issuer(Mode::Cbc);
    let info = count(|| {
        for _ in 0..MANY {
            issuer.issue("user_1234").unwrap();
        }
    });
    assert_eq!(info.count_total, 2 * MANY, "{info:?}");
}

#[test]
fn decode_basic_token_allocates_the_envelope_and_the_user_id() {
    // A basic token's payload is the empty `String`, which allocates
    // nothing; the user ID is allocated at its exact length.
    let longest = "u".repeat(zego_token::rules::RTC_USER_ID_MAX_BYTES);
    for mode in [Mode::Cbc, Mode::Gcm] {
        let issuer = issuer(mode);
        for user in ["user_1234", longest.as_str()] {
            let token = issuer.issue(user).unwrap();
            let verifier = issuer.verifier();
            let info = count(|| {
                let claims = verifier.verify(token.as_str()).unwrap();
                assert_eq!(claims.user_id, user);
            });
            assert_eq!(info.count_total, 2, "{mode}: {info:?}");
            assert_eq!(
                info.bytes_total,
                envelope_estimate(token.as_str()) + user.len() as u64,
                "{mode}: {info:?}"
            );
            let info = count(|| {
                let decrypted = verifier.decrypt(token.as_str()).unwrap();
                verifier.validate(&decrypted).unwrap();
            });
            assert_eq!(info.count_total, 2, "{mode} decrypt: {info:?}");
        }
    }
}

#[test]
fn decode_privilege_token_allocates_the_user_id_and_payload() {
    let issuer = issuer(Mode::Cbc);
    let token = issuer
        .token("user_1234")
        .with_privilege(&privilege())
        .issue()
        .unwrap();
    let verifier = issuer.verifier();
    let info = count(|| {
        verifier.verify(token.as_str()).unwrap();
    });
    // The envelope, the user ID, the payload, and serde_json's scratch
    // buffer for unescaping the payload (a JSON string inside a JSON
    // string), which grows by doubling from empty: 8, 16, 32, 64, 128 bytes
    // for this 88-byte payload. Not a target; pinned so that a change shows.
    assert_eq!(info.count_total, 8, "{info:?}");
}

#[test]
fn inspect_allocates_the_envelope_and_the_iv() {
    let issuer = issuer(Mode::Cbc);
    let token = issuer.issue("user_1234").unwrap();
    let info = count(|| {
        zego_token::inspect(token.as_str()).unwrap();
    });
    assert_eq!(info.count_total, 2, "{info:?}");
    assert_eq!(
        info.bytes_total,
        envelope_estimate(token.as_str()) + 16,
        "{info:?}"
    );
}

#[test]
fn one_shot_decode_adds_only_the_shared_key_schedule() {
    let issuer = issuer(Mode::Cbc);
    let token = issuer.issue("user_1234").unwrap();
    let secret = ServerSecret::new(SECRET).unwrap();
    let info = count(|| {
        zego_token::dangerous::decode_unverified(token.as_str(), &secret).unwrap();
    });
    // The Arc holding the expanded keys, then the envelope and the user ID
    // as for any decode.
    assert_eq!(info.count_total, 3, "{info:?}");
    // A verifier built once pays for its keys once.
    let info = count(|| {
        Verifier::new(1, secret.clone()).unwrap();
    });
    assert_eq!(info.count_total, 1, "{info:?}");
}
