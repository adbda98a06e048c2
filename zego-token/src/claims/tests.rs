use proptest::prelude::*;

use super::read::{parse, parse_any};
use super::*;
use crate::error::{ClaimsProblem, Error};
use crate::rules::{ROOM_ID_MAX_BYTES, STREAM_ID_MAX_BYTES};

// Writing: the layout of ZEGO's Go and PHP generators.

fn written(claims: &ClaimsRef<'_>) -> String {
    let mut out = Vec::new();
    claims.write(&mut out);
    String::from_utf8(out).unwrap()
}

#[test]
fn writes_the_key_order_and_escapes_of_zegos_generators() {
    let claims = ClaimsRef {
        app_id: 1,
        user_id: "demo",
        ctime: 1_700_000_000,
        expire: 1_700_003_600,
        nonce: 123_456_789,
        payload: PayloadRef::Text(""),
    };
    assert_eq!(
        written(&claims),
        r#"{"app_id":1,"user_id":"demo","ctime":1700000000,"expire":1700003600,"nonce":123456789,"payload":""}"#
    );
    let claims = ClaimsRef {
        app_id: u32::MAX,
        user_id: "a\"b\\c\u{1f}é",
        ctime: i64::MIN,
        expire: i64::MAX,
        nonce: i32::MIN,
        payload: PayloadRef::Text("{\"k\":\"v\"}\n"),
    };
    assert_eq!(
        written(&claims),
        r#"{"app_id":4294967295,"user_id":"a\"b\\c\u001fé","ctime":-9223372036854775808,"expire":9223372036854775807,"nonce":-2147483648,"payload":"{\"k\":\"v\"}\n"}"#
    );
}

#[test]
fn writes_a_privilege_as_a_json_string_inside_the_payload() {
    let claims = ClaimsRef {
        app_id: 1_234_567_890,
        user_id: "user1",
        ctime: 1_700_000_000,
        expire: 1_700_007_200,
        nonce: 987_654_321,
        payload: PayloadRef::Privilege(&Privilege::new("demo")),
    };
    assert_eq!(
        written(&claims),
        r#"{"app_id":1234567890,"user_id":"user1","ctime":1700000000,"expire":1700007200,"nonce":987654321,"payload":"{\"room_id\":\"demo\",\"privilege\":{\"1\":1,\"2\":0},\"stream_id_list\":null}"}"#
    );
    // The longest IDs ZEGO accepts, and IDs that need escapes, read back.
    let long = "s".repeat(STREAM_ID_MAX_BYTES);
    for privilege in [
        Privilege::new("r".repeat(ROOM_ID_MAX_BYTES)).with_streams([long.as_str(), long.as_str()]),
        Privilege::new("a\"b\\c").with_streams(["\n", "\u{0}x"]),
        Privilege::new("r").with_login(false).with_streams(["s1"]),
    ] {
        let claims = ClaimsRef {
            payload: PayloadRef::Privilege(&privilege),
            ..claims
        };
        let read = parse(written(&claims).as_bytes()).unwrap();
        assert_eq!(read.privilege().as_ref(), Some(&privilege));
    }
}

proptest! {
    /// Whatever the issuer writes, the reader reads back unchanged.
    #[test]
    fn reads_back_what_it_writes(
        app_id: u32, user_id in any::<String>(), ctime: i64, expire: i64, nonce: i32,
        payload in any::<String>(),
        room in any::<String>(), publish: bool,
        streams in proptest::option::of(proptest::collection::vec(any::<String>(), 0..4)),
    ) {
        let claims = ClaimsRef { app_id, user_id: &user_id, ctime, expire, nonce, payload: PayloadRef::Text(&payload) };
        prop_assert_eq!(parse(written(&claims).as_bytes()).ok(), Some(expected(&claims, &payload)));

        let mut privilege = Privilege::new(room).with_publish(publish);
        if let Some(streams) = streams {
            privilege = privilege.with_streams(streams);
        }
        let claims = ClaimsRef { payload: PayloadRef::Privilege(&privilege), ..claims };
        let read = parse(written(&claims).as_bytes()).unwrap();
        // A list written empty reads as no list: ZEGO reads `[]` as any
        // stream (minting refuses to write one).
        let read_as = match privilege.streams() {
            Some([]) => Privilege::new(privilege.room_id()).with_publish(publish),
            _ => privilege,
        };
        prop_assert_eq!(read.privilege(), Some(read_as));
    }
}

// Reading: every generator's layout.

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
                "payload" => match claims.payload {
                    PayloadRef::Text(text) => serde_json::to_string(text).unwrap(),
                    PayloadRef::Privilege(_) => unreachable!("layouts carry text payloads"),
                },
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
        user_id: claims.user_id.to_owned(),
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

/// The error of the reader on `text`, as the decoder reports it.
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
    /// decodes to the same claims.
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
