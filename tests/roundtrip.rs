//! Property tests: every valid input round-trips, and no string makes the
//! decoder or inspector panic. Plus the randomness and lifetime guarantees
//! a caller relies on.

use std::collections::HashSet;
use std::time::Duration;

use proptest::prelude::*;
use zego_token::{Issuer, Mode, Privilege, ServerSecret, Verifier};

fn mode() -> impl Strategy<Value = Mode> {
    prop_oneof![Just(Mode::Cbc), Just(Mode::Gcm)]
}

/// A user ID every ZEGO client accepts: 1 to 63 bytes of ASCII letters,
/// digits and the punctuation of ZEGO's set.
fn user_id() -> impl Strategy<Value = String> {
    "[0-9A-Za-z~!@#$^&*()_+=\\-`;',.<>\\\\]{1,63}"
}

/// A payload ZEGO's clients accept: none, or a JSON object (here holding
/// any text, which the claims must escape).
fn payload() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        any::<String>().prop_map(|text| serde_json::json!({ "data": text }).to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn issue_then_decode_round_trips(
        secret in proptest::array::uniform32(b'!'..=b'~'),
        app_id in 1..=u32::MAX,
        user_id in user_id(),
        ttl in any::<u64>(),
        payload in payload(),
        mode in mode(),
    ) {
        // Any lifetime whose expiry, a minute from now, still fits the
        // signed 32-bit expiry every ZEGO client reads.
        let headroom = zego_token::rules::MAX_EXPIRY - zego_token::unix_now() - 60;
        let ttl = 1 + ttl % u64::try_from(headroom).unwrap();
        let issuer = Issuer::new(app_id, ServerSecret::from_bytes(&secret).unwrap())
            .unwrap()
            .with_mode(mode);
        let token = issuer.token(&user_id).with_ttl(Duration::from_secs(ttl)).with_payload(&payload).issue().unwrap();
        let claims = Verifier::new(app_id, ServerSecret::from_bytes(&secret).unwrap())
            .unwrap()
            .verify(token.as_str())
            .unwrap();
        prop_assert_eq!(claims.app_id, app_id);
        prop_assert_eq!(&claims.user_id, &user_id);
        prop_assert_eq!(&claims.payload, &payload);
        prop_assert_eq!(claims.mode, mode);
        prop_assert_eq!(claims.lifetime(), Duration::from_secs(ttl));
        prop_assert_eq!((claims.ctime, claims.expire), (token.ctime(), token.expire()));
        prop_assert!(claims.nonce >= 0);

        let envelope = zego_token::inspect(token.as_str()).unwrap();
        prop_assert_eq!(envelope.mode, mode);
        prop_assert_eq!(envelope.expire, token.expire());
        prop_assert_eq!(envelope.iv.len(), mode.iv_len());
    }

    #[test]
    fn privilege_round_trips(
        room in "[a-zA-Z0-9_\\-]{1,127}",
        login in any::<bool>(),
        publish in any::<bool>(),
        streams in proptest::option::of(proptest::collection::vec("[a-zA-Z0-9_\\-]{1,32}", 1..5)),
        mode in mode(),
    ) {
        let mut privilege = Privilege::new(room).with_login(login).with_publish(publish);
        if let Some(streams) = streams {
            privilege = privilege.with_streams(streams);
        }
        let issuer = Issuer::new(1, ServerSecret::from_static("fa94dd0f974cf2e293728a526b028271"))
            .unwrap()
            .with_mode(mode);
        let token = issuer.token("u").with_privilege(&privilege).issue().unwrap();
        let claims = issuer.verifier().verify(token.as_str()).unwrap();
        prop_assert_eq!(claims.privilege(), Some(privilege));
    }

    #[test]
    fn decode_and_inspect_never_panic_on_any_string(s in any::<String>()) {
        let verifier = Verifier::for_any_app(ServerSecret::from_static("fa94dd0f974cf2e293728a526b028271"));
        prop_assert!(verifier.decrypt(&s).is_err());
        prop_assert!(zego_token::inspect(&s).is_err());
    }

    #[test]
    fn decode_and_inspect_never_panic_on_any_envelope(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        use base64::Engine as _;
        let token = format!("04{}", base64::engine::general_purpose::STANDARD.encode(&bytes));
        let verifier = Verifier::for_any_app(ServerSecret::from_static("fa94dd0f974cf2e293728a526b028271"));
        let _ = zego_token::inspect(&token);
        prop_assert!(verifier.decrypt(&token).is_err());
    }
}

#[test]
fn same_inputs_give_distinct_tokens() {
    for mode in [Mode::Cbc, Mode::Gcm] {
        let issuer = Issuer::new(
            1,
            ServerSecret::from_static("fa94dd0f974cf2e293728a526b028271"),
        )
        .unwrap()
        .with_mode(mode);
        let tokens: Vec<_> = (0..200).map(|_| issuer.issue("same").unwrap()).collect();
        let strings: HashSet<&str> = tokens.iter().map(|t| t.as_str()).collect();
        assert_eq!(strings.len(), tokens.len(), "{mode}");
        let ivs: HashSet<Vec<u8>> = tokens
            .iter()
            .map(|t| zego_token::inspect(t.as_str()).unwrap().iv)
            .collect();
        assert_eq!(ivs.len(), tokens.len(), "{mode}");
        if mode == Mode::Cbc {
            for iv in &ivs {
                assert!(
                    iv.iter()
                        .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase())
                );
            }
        }
    }
}

#[test]
fn tokens_expire_exactly_lifetime_after_ctime() {
    let issuer = Issuer::new(
        1,
        ServerSecret::from_static("fa94dd0f974cf2e293728a526b028271"),
    )
    .unwrap()
    .with_ttl(Duration::from_secs(7200));
    let before = std::time::SystemTime::now();
    let default = issuer.issue("u").unwrap();
    let custom = issuer
        .token("u")
        .with_ttl(Duration::from_secs(45))
        .issue()
        .unwrap();
    let after = std::time::SystemTime::now();
    let seconds = zego_token::unix_seconds;
    for (token, ttl) in [(&default, 7200), (&custom, 45)] {
        assert!((seconds(before)..=seconds(after)).contains(&token.ctime()));
        assert_eq!(token.expire() - token.ctime(), ttl);
        let claims = issuer.verifier().verify(token.as_str()).unwrap();
        assert_eq!(claims.expire, token.expire());
        let envelope = zego_token::inspect(token.as_str()).unwrap();
        assert_eq!(envelope.expire, token.expire());
        // The same instants as `SystemTime`s, whole seconds after the epoch.
        assert_eq!(seconds(token.issued_at()), token.ctime());
        assert_eq!(seconds(token.expires_at()), token.expire());
        assert_eq!(claims.issued_at(), Some(token.issued_at()));
        assert_eq!(claims.expires_at(), Some(token.expires_at()));
        assert_eq!(envelope.expires_at(), Some(token.expires_at()));
        assert!(token.issued_at() <= after && token.expires_at() > after);
    }
}
