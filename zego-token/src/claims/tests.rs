use proptest::prelude::*;

use super::read::{digit_run, parse_written};
use super::write::needs_escape;
use super::*;
use crate::payload::MAX_STREAM_ID_LEN;
use crate::wire::Buf;

fn both(claims: &ClaimsRef<'_>) -> (String, String) {
    let mut fast = Buf::new();
    claims.write_json(&mut fast);
    let fast = String::from_utf8(fast.to_vec()).unwrap();
    (fast, serde_json::to_string(claims).unwrap())
}

#[test]
fn writes_what_serde_json_writes_for_edge_cases() {
    for (user_id, payload) in [
        ("demo", ""),
        ("a\"b\\c<d>&e", "\u{0}\u{1f}\u{7f}"),
        (
            "Zo\u{eb} \u{623f}\u{95f4} \u{1f600}",
            "{\"room_id\":\"r\"}\n\t\r",
        ),
        ("\u{2028}\u{2029}", "/"),
    ] {
        for (ctime, expire, nonce) in [
            (0, 1, 0),
            (i64::MIN, i64::MAX, i32::MIN),
            (1_700_000_000, 1_700_003_600, i32::MAX),
        ] {
            let claims = ClaimsRef {
                app_id: u32::MAX,
                user_id,
                ctime,
                expire,
                nonce,
                payload: PayloadRef::Text(payload),
            };
            let (fast, serde) = both(&claims);
            assert_eq!(fast, serde);
        }
    }
}

fn privilege_claims(privilege: &Privilege, user_id: &'static str) -> (String, String) {
    both(&ClaimsRef {
        app_id: 1_234_567_890,
        user_id,
        ctime: 1_700_000_000,
        expire: 1_700_007_200,
        nonce: 987_654_321,
        payload: PayloadRef::Privilege(privilege),
    })
}

#[test]
fn writes_privileges_as_serde_json_writes_them() {
    let long = "s".repeat(MAX_STREAM_ID_LEN);
    for privilege in [
        Privilege::new("demo"),
        Privilege::new("room-42")
            .with_publish(true)
            .with_streams(["s1", "s_2"]),
        Privilege::new("r").with_login(false).with_streams([""; 0]),
        Privilege::new("Zo\u{eb} \u{623f}\u{95f4} \u{1f600} /<>&'"),
        // Longer than the stack chunk: written straight into the envelope.
        Privilege::new("r".repeat(128)).with_streams([long.as_str(), long.as_str()]),
        // Escapes: the general path, serde_json twice.
        Privilege::new("a\"b\\c").with_streams(["\n", "\u{0}x"]),
        Privilege::new("ok").with_streams(["ok", "tab\there"]),
    ] {
        for user_id in ["user1", "a\"b"] {
            let (fast, serde) = privilege_claims(&privilege, user_id);
            assert_eq!(fast, serde, "{privilege:?}");
            let claims: Claims = serde_json::from_str(&fast).unwrap();
            assert_eq!(claims.privilege().as_ref(), Some(&privilege));
        }
    }
    // The known-answer layout, byte for byte.
    let (fast, _) = privilege_claims(&Privilege::new("demo"), "user1");
    assert_eq!(
        fast,
        r#"{"app_id":1234567890,"user_id":"user1","ctime":1700000000,"expire":1700007200,"nonce":987654321,"payload":"{\"room_id\":\"demo\",\"privilege\":{\"1\":1,\"2\":0},\"stream_id_list\":null}"}"#
    );
}

/// What the fast path must agree with.
fn serde(text: &str) -> Option<Claims> {
    serde_json::from_str(text).ok()
}

#[test]
fn fast_path_reads_what_the_issuer_writes() {
    let claims = ClaimsRef {
        app_id: 1,
        user_id: "demo",
        ctime: 1_700_000_000,
        expire: 1_700_003_600,
        nonce: -5,
        payload: PayloadRef::Text(""),
    };
    let (text, _) = both(&claims);
    let parsed = parse_written(text.as_bytes()).unwrap();
    assert_eq!(Some(&parsed), serde(&text).as_ref());
    assert_eq!((parsed.user_id.as_str(), parsed.nonce), ("demo", -5));
}

#[test]
fn fast_path_integers_at_their_limits() {
    for (app_id, ctime, nonce) in [
        ("4294967295", "-9223372036854775808", "-2147483648"),
        ("0", "9223372036854775807", "2147483647"),
    ] {
        let text = format!(
            r#"{{"app_id":{app_id},"user_id":"u","ctime":{ctime},"expire":0,"nonce":{nonce},"payload":""}}"#
        );
        let fast = parse_written(text.as_bytes());
        assert!(fast.is_some(), "{text}");
        assert_eq!(fast, serde(&text));
    }
    for (app_id, ctime, nonce) in [
        ("4294967296", "0", "0"),
        ("0", "9223372036854775808", "0"),
        ("0", "-9223372036854775809", "0"),
        ("0", "100000000000000000000", "0"),
        ("0", "-100000000000000000000", "0"),
        ("0", "0", "-2147483649"),
    ] {
        let text = format!(
            r#"{{"app_id":{app_id},"user_id":"u","ctime":{ctime},"expire":0,"nonce":{nonce},"payload":""}}"#
        );
        assert_eq!(parse_written(text.as_bytes()), None, "{text}");
        assert_eq!(serde(&text), None, "{text}");
    }
}

#[test]
fn fast_path_leaves_everything_else_to_serde() {
    let base = r#"{"app_id":1,"user_id":"u","ctime":2,"expire":3,"nonce":4,"payload":"p"}"#;
    assert!(parse_written(base.as_bytes()).is_some());
    for text in [
        // numbers JSON spells differently or serde_json reads as floats
        r#"{"app_id":01,"user_id":"u","ctime":2,"expire":3,"nonce":4,"payload":"p"}"#,
        r#"{"app_id":1,"user_id":"u","ctime":-0,"expire":3,"nonce":4,"payload":"p"}"#,
        r#"{"app_id":1,"user_id":"u","ctime":+2,"expire":3,"nonce":4,"payload":"p"}"#,
        r#"{"app_id":1,"user_id":"u","ctime":2.0,"expire":3,"nonce":4,"payload":"p"}"#,
        r#"{"app_id":1,"user_id":"u","ctime":2e0,"expire":3,"nonce":4,"payload":"p"}"#,
        r#"{"app_id":-1,"user_id":"u","ctime":2,"expire":3,"nonce":4,"payload":"p"}"#,
        r#"{"app_id":4294967296,"user_id":"u","ctime":2,"expire":3,"nonce":4,"payload":"p"}"#,
        r#"{"app_id":1,"user_id":"u","ctime":2,"expire":3,"nonce":2147483648,"payload":"p"}"#,
        r#"{"app_id":,"user_id":"u","ctime":2,"expire":3,"nonce":4,"payload":"p"}"#,
        // escapes, raw control characters, other layouts
        r#"{"app_id":1,"user_id":"a"b","ctime":2,"expire":3,"nonce":4,"payload":"p"}"#,
        r#"{"app_id":1,"user_id":"u","ctime":2,"expire":3,"nonce":4,"payload":"\u0041"}"#,
        "{\"app_id\":1,\"user_id\":\"a\tb\",\"ctime\":2,\"expire\":3,\"nonce\":4,\"payload\":\"p\"}",
        r#"{"app_id": 1,"user_id":"u","ctime":2,"expire":3,"nonce":4,"payload":"p"}"#,
        r#"{"app_id":1,"user_id":"u","ctime":2,"expire":3,"nonce":4,"payload":"p"} "#,
        r#"{"app_id":1,"user_id":"u","ctime":2,"expire":3,"nonce":4,"payload":"p"}}"#,
        r#"{"app_id":1,"user_id":"u","ctime":2,"expire":3,"nonce":4,"payload":"p","x":1}"#,
        r#"{"user_id":"u","app_id":1,"ctime":2,"expire":3,"nonce":4,"payload":"p"}"#,
        r#"{"app_id":1,"user_id":"u","ctime":2,"expire":3,"nonce":4,"payload":"p"#,
    ] {
        assert_eq!(parse_written(text.as_bytes()), None, "{text}");
    }
    // The ones serde_json does accept, it accepts for itself.
    let spaced = r#"{"app_id": 1,"user_id":"u","ctime":2,"expire":3,"nonce":4,"payload":"p"} "#;
    assert!(serde(spaced).is_some());
}

/// The digit run one byte at a time: what `digit_run` must equal.
fn digit_run_bytewise(s: &[u8]) -> (u64, usize) {
    let len = s.iter().take_while(|b| b.is_ascii_digit()).count();
    let value = s[..len].iter().fold(0u64, |v, &b| {
        v.wrapping_mul(10).wrapping_add(u64::from(b - b'0'))
    });
    (value, len)
}

#[test]
fn digit_runs_of_every_length_and_every_stop_byte() {
    let digits = b"98765432109876543210123";
    for len in 0..=digits.len() {
        for stop in 0..=255u8 {
            let mut s = digits[..len].to_vec();
            s.extend_from_slice(&[stop, b'7', b'7', b'7', b'7', b'7', b'7', b'7', b'7']);
            assert_eq!(digit_run(&s), digit_run_bytewise(&s), "{s:?}");
            assert_eq!(digit_run(&s[..len]), digit_run_bytewise(&s[..len]));
        }
    }
    assert_eq!(digit_run(b"1795812338,"), (1_795_812_338, 10));
    assert_eq!(
        digit_run(b"9999999999999999999"),
        (9_999_999_999_999_999_999, 19)
    );
}

proptest! {
    #[test]
    fn fast_path_agrees_with_serde_on_written_claims(
        app_id: u32, user_id in any::<String>(), ctime: i64, expire: i64, nonce: i32, payload in any::<String>()
    ) {
        let claims = ClaimsRef { app_id, user_id: &user_id, ctime, expire, nonce, payload: PayloadRef::Text(&payload) };
        let (text, _) = both(&claims);
        let fast = parse_written(text.as_bytes());
        let needs_escape = |s: &str| s.chars().any(|c| c == '"' || c == '\\' || c < ' ');
        prop_assert_eq!(needs_escape(&user_id), needs_escape(&user_id));
        prop_assert_eq!(fast.is_some(), !needs_escape(&user_id) && !needs_escape(&payload));
        if let Some(fast) = fast {
            prop_assert_eq!(Some(fast), serde(&text));
        }
    }

    #[test]
    fn digit_run_agrees_with_bytewise(s in proptest::collection::vec(prop_oneof![
        3 => proptest::num::u8::ANY.prop_map(|b| b'0' + b % 10), 1 => any::<u8>()], 0..40)) {
        prop_assert_eq!(digit_run(&s), digit_run_bytewise(&s));
    }

    /// The escape-free path, with strings that exercise it often.
    #[test]
    fn writes_what_serde_json_writes_for_plain_strings(
        app_id: u32, user_id in "[a-zA-Z0-9 _\\-é房\\u{7f}\\u{1f600}]{0,70}", ctime: i64, expire: i64, nonce: i32,
        payload in "[a-z{}:,\\[\\] ]{0,300}"
    ) {
        let claims = ClaimsRef { app_id, user_id: &user_id, ctime, expire, nonce, payload: PayloadRef::Text(&payload) };
        prop_assert!(!needs_escape(&user_id) && !needs_escape(&payload));
        let (fast, serde) = both(&claims);
        prop_assert_eq!(&fast, &serde);
        prop_assert_eq!(parse_written(fast.as_bytes()), serde_json::from_str::<Claims>(&serde).ok());
    }

    /// Byte-level damage to a written claims text: whatever the fast
    /// path still accepts, serde_json reads the same way.
    #[test]
    fn fast_path_never_disagrees_with_serde(
        nonce: i32, at in 0usize..200, byte in prop::sample::select(b"0123456789-+.e,:{}\"\\ a\t".to_vec()), op in 0u8..3
    ) {
        let claims = ClaimsRef { app_id: 7, user_id: "user", ctime: 10, expire: 20, nonce, payload: PayloadRef::Text("") };
        let (text, _) = both(&claims);
        let mut bytes = text.into_bytes();
        let at = at % (bytes.len() + 1);
        match op {
            0 => bytes.insert(at, byte),
            1 if at < bytes.len() => { bytes.remove(at); }
            _ if at < bytes.len() => bytes[at] = byte,
            _ => {}
        }
        let text = String::from_utf8(bytes).unwrap();
        if let Some(fast) = parse_written(text.as_bytes()) {
            prop_assert_eq!(Some(fast), serde(&text));
        }
    }

    /// Privileges with IDs from anything to plain ASCII, bits and stream
    /// lists of every shape: one pass equals serde_json's two.
    #[test]
    fn writes_privileges_as_serde_json_writes_them_for_any_ids(
        room in prop_oneof![any::<String>(), "[a-zA-Z0-9_\\-]{1,128}"],
        login: bool, publish: bool,
        streams in proptest::option::of(proptest::collection::vec(
            prop_oneof![any::<String>(), "[a-z0-9_]{0,300}"], 0..6)),
        user_id in prop_oneof![any::<String>(), "[a-z0-9_]{1,64}"],
    ) {
        let mut privilege = Privilege::new(room).with_login(login).with_publish(publish);
        if let Some(streams) = streams {
            privilege = privilege.with_streams(streams);
        }
        let claims = ClaimsRef {
            app_id: 1, user_id: &user_id, ctime: 2, expire: 3, nonce: 4,
            payload: PayloadRef::Privilege(&privilege),
        };
        let (fast, serde) = both(&claims);
        prop_assert_eq!(fast, serde);
    }

    #[test]
    fn writes_what_serde_json_writes(
        app_id: u32, user_id in any::<String>(), ctime: i64, expire: i64, nonce: i32, payload in any::<String>()
    ) {
        let claims = ClaimsRef { app_id, user_id: &user_id, ctime, expire, nonce, payload: PayloadRef::Text(&payload) };
        let (fast, serde) = both(&claims);
        prop_assert_eq!(fast, serde);
    }
}
