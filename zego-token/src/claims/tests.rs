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

// The general path: every generator's layout.

use super::read::{parse, parse_any};
use crate::error::{ClaimsProblem, Error};

const KEYS: [&str; 6] = ["app_id", "user_id", "ctime", "expire", "nonce", "payload"];

/// The JSON of `claims` with its keys in `order` (any subset of [`KEYS`]).
fn layout(claims: &ClaimsRef<'_>, order: &[&str]) -> String {
    let fields: Vec<String> = order
        .iter()
        .map(|&key| {
            let value = match key {
                "app_id" => claims.app_id.to_string(),
                "user_id" => serde_json::to_string(claims.user_id).unwrap(),
                "ctime" => claims.ctime.to_string(),
                "expire" => claims.expire.to_string(),
                "nonce" => claims.nonce.to_string(),
                "payload" => serde_json::to_string(&claims.payload).unwrap(),
                other => panic!("{other}"),
            };
            format!("\"{key}\":{value}")
        })
        .collect();
    format!("{{{}}}", fields.join(","))
}

/// Every ordering of `items` (Heap's algorithm).
fn permutations<'a>(items: &[&'a str]) -> Vec<Vec<&'a str>> {
    fn go<'a>(k: usize, items: &mut Vec<&'a str>, out: &mut Vec<Vec<&'a str>>) {
        if k <= 1 {
            out.push(items.clone());
            return;
        }
        for i in 0..k {
            go(k - 1, items, out);
            let j = if k.is_multiple_of(2) { i } else { 0 };
            items.swap(j, k - 1);
        }
    }
    let mut out = Vec::new();
    go(items.len(), &mut items.to_vec(), &mut out);
    out
}

fn expected(claims: &ClaimsRef<'_>, payload: &str) -> Claims {
    Claims {
        app_id: claims.app_id,
        user_id: UserId::from(claims.user_id),
        ctime: claims.ctime,
        expire: claims.expire,
        nonce: claims.nonce,
        payload: payload.to_owned(),
        mode: Mode::default(),
    }
}

#[test]
fn permutations_are_all_distinct_and_complete() {
    let all = permutations(&KEYS);
    let distinct: std::collections::HashSet<_> = all.iter().collect();
    assert_eq!((all.len(), distinct.len()), (720, 720));
    assert_eq!(permutations(&KEYS[..5]).len(), 120);
}

#[test]
fn every_official_layout_decodes() {
    let payload = "{\"room_id\":\"r\"}";
    let claims = ClaimsRef {
        app_id: 1234567890,
        user_id: "user1",
        ctime: 1_795_892_731,
        expire: 1_795_896_331,
        nonce: -1_294_967_295,
        payload: PayloadRef::Text(payload),
    };
    for order in [
        // Go, PHP (and this crate)
        &KEYS[..],
        // Node.js, Python
        &["app_id", "user_id", "nonce", "ctime", "expire", "payload"],
        // Java (hash-map order)
        &["user_id", "payload", "expire", "ctime", "app_id", "nonce"],
    ] {
        let text = layout(&claims, order);
        assert_eq!(
            parse(text.as_bytes()).unwrap(),
            expected(&claims, payload),
            "{text}"
        );
    }
    // UIKit's generateKitTokenForTest: no payload at all.
    let text = layout(&claims, &["app_id", "user_id", "nonce", "ctime", "expire"]);
    assert_eq!(parse(text.as_bytes()).unwrap(), expected(&claims, ""));
}

#[test]
fn unknown_keys_are_ignored_and_whitespace_allowed() {
    let text = r#" { "app_id" : 1 , "v": {"nested": [1, "x", null]}, "user_id":"u","ctime":2,
        "expire":3,"nonce":-4, "payload":"p", "zz": "\u0041", "app_id2": "not a number" } "#;
    let claims = parse_any(text).unwrap();
    assert_eq!(
        (
            claims.app_id,
            claims.user_id.as_str(),
            claims.nonce,
            claims.payload.as_str()
        ),
        (1, "u", -4, "p")
    );
    // Keys spelled with escapes are still the same keys.
    let text = r#"{"app\u005fid":1,"user_id":"u","ctime":2,"expire":3,"nonce":4}"#;
    assert_eq!(parse_any(text).unwrap().app_id, 1);
}

/// The error of the general path on `text`, as the decoder reports it.
fn problem(text: &str) -> ClaimsProblem {
    match parse(text.as_bytes()) {
        Err(Error::Claims(problem)) => problem,
        other => panic!("{text}: {other:?}"),
    }
}

#[test]
fn a_missing_required_key_is_named() {
    for missing in &KEYS[..5] {
        let order: Vec<&str> = KEYS.iter().copied().filter(|k| k != missing).collect();
        let claims = ClaimsRef {
            app_id: 1,
            user_id: "u",
            ctime: 2,
            expire: 3,
            nonce: 4,
            payload: PayloadRef::Text(""),
        };
        let problem = problem(&layout(&claims, &order));
        assert_eq!(problem.key(), Some(*missing));
        assert_eq!(problem.to_string(), format!("key `{missing}` is missing"));
    }
}

#[test]
fn a_wrong_type_names_the_key_and_never_echoes_the_value() {
    let secretish = "secret-ish";
    for (key, value, expected) in [
        ("app_id", "\"secret-ish\"", "an unsigned 32-bit integer"),
        ("app_id", "-1", "an unsigned 32-bit integer"),
        ("app_id", "4294967296", "an unsigned 32-bit integer"),
        ("user_id", "7", "a string"),
        ("user_id", "[\"secret-ish\"]", "a string"),
        ("ctime", "\"secret-ish\"", "a 64-bit integer"),
        ("ctime", "1.5", "a 64-bit integer"),
        ("expire", "{\"secret-ish\":1}", "a 64-bit integer"),
        ("nonce", "2147483648", "a 32-bit integer"),
        ("nonce", "true", "a 32-bit integer"),
        ("payload", "null", "a string"),
        ("payload", "12345678", "a string"),
    ] {
        let text = format!(
            r#"{{"app_id":1,"user_id":"u","ctime":2,"expire":3,"nonce":4,"payload":"","{key}":{value}}}"#
        )
        // The key appears once: replace its earlier default.
        .replacen(&format!("\"{key}\":"), "\"ignored\":", 1);
        let problem = problem(&text);
        assert_eq!(problem.key(), Some(key), "{text}");
        let shown = format!("{} {problem:?}", Error::Claims(problem.clone()));
        assert!(
            shown.contains(&format!("key `{key}` must be {expected} at line 1 column ")),
            "{shown}"
        );
        for leak in [
            secretish,
            "invalid type",
            "invalid value",
            "1.5",
            "4294967296",
            "2147483648",
            "12345678",
        ] {
            assert!(!shown.contains(leak), "{leak} in {shown}");
        }
    }
}

#[test]
fn duplicates_syntax_errors_and_non_objects_name_no_value() {
    let dup = r#"{"app_id":1,"user_id":"u","ctime":2,"expire":3,"nonce":4,"user_id":"secret-ish"}"#;
    let p = problem(dup);
    assert_eq!(
        (p.key(), p.to_string().as_str()),
        (
            Some("user_id"),
            "key `user_id` appears twice at line 1 column 66"
        )
    );

    let bad = r#"{"app_id":1,"user_id":"u","ctime":2,"expire":3,"nonce":4,"payload":"secret-ish}"#;
    let p = problem(bad);
    assert_eq!(p.key(), Some("payload"));
    assert!(!p.to_string().contains("secret"), "{p}");

    let bad = r#"{"app_id":1,"user_id":"u","ctime":tru,"expire":3,"nonce":4}"#;
    assert_eq!(
        problem(bad).to_string(),
        "syntax error in the value of `ctime` at line 1 column 38"
    );
    let bad = r#"{"app_id":1 "user_id":"u"}"#;
    assert_eq!(problem(bad).to_string(), "syntax error at line 1 column 13");
    let bad = r#"{"app_id":1,"user_id":"u","ctime":2,"expire":3,"nonce":4} x"#;
    assert_eq!(problem(bad).key(), None);

    // Not text that starts like an object: the wrong secret, as CBC reports it.
    assert!(matches!(parse(b"[1,2]"), Err(Error::Decrypt)));
    assert!(matches!(parse(b"\xff{}"), Err(Error::Decrypt)));
}

#[test]
fn serde_deserialize_follows_the_same_rules() {
    let text = r#"{"nonce":-9,"expire":3,"ctime":2,"user_id":"u","app_id":1}"#;
    let claims: Claims = serde_json::from_str(text).unwrap();
    assert_eq!((claims.nonce, claims.payload.as_str()), (-9, ""));
    let err = serde_json::from_str::<Claims>(r#"{"app_id":1}"#).unwrap_err();
    assert!(
        err.to_string().starts_with("missing field `user_id`"),
        "{err}"
    );
}

proptest! {
    /// Every order of the six keys, and of the five without `payload`,
    /// decodes to the same claims, through the fast path (for the one
    /// layout it knows) or the general one.
    #[test]
    fn every_key_order_decodes_to_the_same_claims(
        app_id: u32, user_id in any::<String>(), ctime: i64, expire: i64, nonce: i32,
        payload in any::<String>()
    ) {
        let claims = ClaimsRef { app_id, user_id: &user_id, ctime, expire, nonce, payload: PayloadRef::Text(&payload) };
        let with_payload = expected(&claims, &payload);
        for order in permutations(&KEYS) {
            let text = layout(&claims, &order);
            prop_assert_eq!(parse(text.as_bytes()).ok(), Some(with_payload.clone()), "{}", text);
        }
        let without_payload = expected(&claims, "");
        for order in permutations(&KEYS[..5]) {
            let text = layout(&claims, &order);
            prop_assert_eq!(parse(text.as_bytes()).ok(), Some(without_payload.clone()), "{}", text);
        }
    }
}
