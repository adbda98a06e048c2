//! Heap allocations per operation, counted exactly with a counting global
//! allocator (`allocation-counter`, which counts per thread, so tests
//! running in parallel do not disturb each other). Counts are
//! deterministic, unlike time: this is where the memory targets of the
//! crate are enforced.
//!
//! Targets: 1 allocation per basic or privilege token (the returned
//! string), at most 3 per basic-token decode (we need none). Each test
//! asserts the exact count the code achieves today, so a regression of even
//! one allocation fails.

use std::time::Duration;

use allocation_counter::{AllocationInfo, measure};
use zego_token::{Issuer, Mode, Privilege, ServerSecret, Verifier};

const SECRET: &str = "fa94dd0f974cf2e293728a526b028271";
/// Enough tokens that anything done only now and then (a refill of the
/// IV's candidate bytes, once in about 10^11 tokens, is the rarest) or set
/// up lazily would show if it allocated.
const MANY: u64 = 20_000;

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
fn basic_token_is_one_allocation_of_its_exact_length() {
    for mode in [Mode::Cbc, Mode::Gcm] {
        let issuer = issuer(mode);
        let mut len = 0;
        let info = count(|| len = issuer.issue("user_1234").unwrap().as_str().len());
        assert_eq!(info.count_total, 1, "{mode}: {info:?}");
        // The one allocation is the token string at its exact final size.
        assert_eq!(info.bytes_total, len as u64, "{mode}: {info:?}");
    }
}

#[test]
fn privilege_token_is_one_allocation_of_its_exact_length() {
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
        assert_eq!(info.count_total, 1, "{mode}: {info:?}");
        assert_eq!(info.bytes_total, len as u64, "{mode}: {info:?}");
    }
}

#[test]
fn every_token_costs_one_allocation_in_a_long_run() {
    let issuer = issuer(Mode::Cbc);
    let info = count(|| {
        for _ in 0..MANY {
            issuer.issue("user_1234").unwrap();
        }
    });
    assert_eq!(info.count_total, MANY, "{info:?}");
}

#[test]
fn decode_basic_token_does_not_allocate() {
    // The user ID lives inline in `Claims` up to the 64 bytes ZEGO allows,
    // and a basic token's payload is the empty `String`.
    let longest = "u".repeat(zego_token::MAX_USER_ID_LEN);
    for mode in [Mode::Cbc, Mode::Gcm] {
        let issuer = issuer(mode);
        for user in ["user_1234", longest.as_str()] {
            let token = issuer.issue(user).unwrap();
            let verifier = issuer.verifier();
            let info = count(|| {
                let claims = verifier.decode(token.as_str()).unwrap();
                assert_eq!(claims.user_id, user);
            });
            assert_eq!(info.count_total, 0, "{mode}: {info:?}");
            let info = count(|| {
                verifier.verify(token.as_str()).unwrap();
            });
            assert_eq!(info.count_total, 0, "{mode} verify: {info:?}");
        }
    }
}

#[test]
fn decode_privilege_token_allocates_the_payload() {
    let issuer = issuer(Mode::Cbc);
    let token = issuer
        .token("user_1234")
        .with_privilege(&privilege())
        .issue()
        .unwrap();
    let verifier = issuer.verifier();
    let info = count(|| {
        verifier.decode(token.as_str()).unwrap();
    });
    // The payload, plus serde_json's scratch buffer for unescaping
    // the payload (a JSON string inside a JSON string), which grows by
    // doubling from empty: 8, 16, 32, 64, 128 bytes for this 88-byte
    // payload. Not a target; pinned so that a change shows.
    assert_eq!(info.count_total, 6, "{info:?}");
}

#[test]
fn inspect_allocates_only_the_iv() {
    let issuer = issuer(Mode::Cbc);
    let token = issuer.issue("user_1234").unwrap();
    let info = count(|| {
        zego_token::inspect(token.as_str()).unwrap();
    });
    assert_eq!(info.count_total, 1, "{info:?}");
    assert_eq!(info.bytes_total, 16, "{info:?}");
}

#[test]
fn one_shot_decode_adds_only_the_shared_key_schedule() {
    let issuer = issuer(Mode::Cbc);
    let token = issuer.issue("user_1234").unwrap();
    let secret = ServerSecret::new(SECRET).unwrap();
    let info = count(|| {
        zego_token::dangerous::decode_unverified(token.as_str(), &secret).unwrap();
    });
    // The Arc holding the expanded keys.
    assert_eq!(info.count_total, 1, "{info:?}");
    // A verifier built once pays for its keys once.
    let info = count(|| {
        Verifier::new(secret.clone());
    });
    assert_eq!(info.count_total, 1, "{info:?}");
}
