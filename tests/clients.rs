//! Tokens real clients minted, committed as data (`data/README.md` says how
//! each was made): kit tokens from ZEGO's UIKit Prebuilt SDK, and tokens in
//! the Java and UIKit claims layouts minted by the Node interop script. No
//! network, npm or node is needed to run these.

use serde::Deserialize;
use zego_token::{Error, KitParts, KitToken, Mode, ServerSecret, Verifier, dangerous};

#[derive(Deserialize)]
struct Fixtures<T> {
    secret: String,
    tokens: Vec<T>,
}

/// One `generateKitTokenForTest` call and what Node's crypto decrypted.
#[derive(Deserialize)]
struct UikitToken {
    app_id: u32,
    room_id: String,
    user_id: String,
    user_name: String,
    expire_seconds: Option<u64>,
    kit_token: String,
    iv: String,
    plaintext: String,
    ctime: i64,
    expire: i64,
    nonce: i32,
}

/// One token minted by `interop/token04.mjs` in another generator's layout.
#[derive(Deserialize)]
struct LayoutToken {
    layout: String,
    token: String,
    iv_hex: String,
    plaintext: String,
    app_id: u32,
    user_id: String,
    ctime: i64,
    expire: i64,
    nonce: i32,
    payload: String,
}

fn uikit() -> Fixtures<UikitToken> {
    serde_json::from_str(include_str!("data/uikit_prebuilt.json")).unwrap()
}

fn layouts() -> Fixtures<LayoutToken> {
    serde_json::from_str(include_str!("data/node_layouts.json")).unwrap()
}

#[test]
fn uikit_sdk_kit_tokens_verify_to_their_inputs() {
    let fixtures = uikit();
    assert_eq!(fixtures.tokens.len(), 5);
    let secret = ServerSecret::new(&fixtures.secret).unwrap();
    let (mut checked, mut built) = (0, 0);
    for t in &fixtures.tokens {
        let verifier = Verifier::new(t.app_id, secret.clone()).unwrap();
        // The SDK's layout, as Node decrypted it: no payload, nonce first.
        assert!(
            t.plaintext
                .starts_with(&format!(r#"{{"app_id":{},"user_id":"#, t.app_id))
                && t.plaintext.contains(r#","nonce":"#)
                && !t.plaintext.contains("payload"),
            "{}",
            t.plaintext
        );
        let kit = KitToken::parse(&t.kit_token).unwrap_or_else(|e| panic!("{}: {e}", t.user_id));
        checked += 1;
        assert_eq!(
            (kit.app_id(), kit.room_id(), kit.user_id(), kit.user_name()),
            (
                t.app_id,
                t.room_id.as_str(),
                t.user_id.as_str(),
                t.user_name.as_str()
            )
        );
        let claims = dangerous::without_time_checks(verifier.clone())
            .verify_kit(&kit)
            .unwrap_or_else(|e| panic!("{}: {e}", t.user_id));
        assert_eq!(claims.app_id, t.app_id);
        assert_eq!(claims.user_id, t.user_id);
        assert_eq!(claims.payload, "");
        assert_eq!(
            (claims.ctime, claims.expire, claims.nonce),
            (t.ctime, t.expire, t.nonce)
        );
        assert_eq!(
            claims.lifetime().as_secs(),
            t.expire_seconds.unwrap_or(7200)
        );
        assert_eq!(claims.mode, Mode::Cbc);

        let envelope = zego_token::inspect(kit.token()).unwrap();
        assert_eq!(envelope.iv, t.iv.as_bytes());
        assert!(envelope.iv.iter().all(u8::is_ascii_digit), "{}", t.iv);
        assert_eq!(envelope.expire, t.expire);

        // Our kit token for the same token04 is the SDK's, byte for byte:
        // built by `new` when ZEGO's clients accept its fields (the SDK
        // builds whatever it is given: `zoë`, `r&=+/?#`, 64-byte IDs),
        // read back and printed unchanged either way.
        assert_eq!(kit.to_string(), t.kit_token);
        match KitToken::new(KitParts {
            app_id: t.app_id,
            token: kit.token(),
            room_id: &t.room_id,
            user_id: &t.user_id,
            user_name: &t.user_name,
        }) {
            Ok(ours) => {
                assert_eq!(ours.to_string(), t.kit_token);
                built += 1;
            }
            Err(err) => assert!(matches!(err, Error::Rule(_)), "{err}"),
        }

        // With the time checks on, the token is expired after its expiry.
        let late = verifier.verify_kit_at(&kit, t.expire + 1).unwrap_err();
        assert!(matches!(late, Error::Expired { expire, .. } if expire == t.expire));
        assert!(verifier.verify_kit_at(&kit, t.expire).is_ok());
    }
    assert_eq!((checked, built), (5, 2));
}

#[test]
fn uikit_sdk_kit_token_for_another_user_or_app_is_refused() {
    let fixtures = uikit();
    let verifier = dangerous::without_time_checks(Verifier::for_any_app(
        ServerSecret::new(&fixtures.secret).unwrap(),
    ));
    let t = &fixtures.tokens[0];
    let kit = KitToken::parse(&t.kit_token).unwrap();
    let parts = KitParts {
        app_id: t.app_id,
        token: kit.token(),
        room_id: &t.room_id,
        user_id: &t.user_id,
        user_name: "x",
    };
    let other_user = KitToken::new(KitParts {
        user_id: "someone-else",
        ..parts
    })
    .unwrap();
    let err = verifier.verify_kit(&other_user).unwrap_err();
    assert_eq!(
        err.to_string(),
        "kit token disagrees with its token04: the kit's userID is not the user ID in the token's claims"
    );
    let other_app = KitToken::new(KitParts { app_id: 7, ..parts }).unwrap();
    let err = verifier.verify_kit(&other_app).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "kit token disagrees with its token04: the kit's appID is 7, the token's claims say {}",
            t.app_id
        )
    );
}

#[test]
fn java_and_uikit_layouts_minted_by_node_decode_to_their_claims() {
    let fixtures = layouts();
    let secret = ServerSecret::new(&fixtures.secret).unwrap();
    let mut seen = Vec::new();
    for t in &fixtures.tokens {
        seen.push(t.layout.as_str());
        let verifier = Verifier::new(t.app_id, secret.clone()).unwrap();
        let claims = dangerous::without_time_checks(verifier)
            .verify(&t.token)
            .unwrap_or_else(|e| panic!("{}: {e}", t.layout));
        assert_eq!(claims.app_id, t.app_id);
        assert_eq!(claims.user_id, t.user_id);
        assert_eq!(
            (claims.ctime, claims.expire, claims.nonce),
            (t.ctime, t.expire, t.nonce)
        );
        assert_eq!(claims.payload, t.payload);
        assert_eq!(
            dangerous::decode_unverified(&t.token, &secret).unwrap(),
            claims
        );
        let iv = zego_token::inspect(&t.token).unwrap().iv;
        let iv_hex: String = iv.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(iv_hex, t.iv_hex);
        // The fixture holds the layout it claims to.
        match t.layout.as_str() {
            "java" => {
                assert!(t.plaintext.starts_with(r#"{"user_id":"#), "{}", t.plaintext);
                assert!(t.nonce < 0);
                assert!(!iv.iter().all(u8::is_ascii_alphanumeric));
            }
            "uikit" => {
                assert!(!t.plaintext.contains("payload"), "{}", t.plaintext);
                assert!(iv.iter().all(u8::is_ascii_digit));
            }
            other => panic!("unknown layout {other}"),
        }
    }
    assert_eq!(seen, ["java", "java", "uikit"]);
}
