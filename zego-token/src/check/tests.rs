//! Reports on foreign tokens minted with broken claims: each carries the
//! findings and ZEGO codes its client would raise, and nothing else.
//!
//! The tokens are sealed here from claims JSON, as another generator
//! would write them: no minting path of this crate lets such claims
//! through.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

use super::*;
use crate::cipher::Keys;
use crate::mode::Mode;
use crate::{Product, ServerSecret, Verifier, wire};

const SECRET: &str = "fa94dd0f974cf2e293728a526b028271";
const APP_ID: u32 = 1_234_567_890;
const CTIME: i64 = 1_700_000_000;
/// When the checks run: ten seconds after issue.
const NOW: i64 = CTIME + 10;

/// A CBC token04 around `claims` as written, its header's expiry theirs.
fn seal(claims: &Value) -> String {
    let keys = Keys::new(&ServerSecret::from_static(SECRET));
    let mode = Mode::Cbc;
    let iv = [7u8; 16];
    let plaintext = claims.to_string().into_bytes();
    let ct_len = mode.ciphertext_len(plaintext.len());
    let mut envelope = Vec::new();
    let expire = claims["expire"].as_i64().unwrap_or(CTIME + 3600);
    wire::put_header(&mut envelope, mode, expire, &iv);
    let start = envelope.len();
    envelope.extend_from_slice(&plaintext);
    envelope.resize(start + ct_len, 0);
    keys.encrypt(mode, &iv, &mut envelope[start..], plaintext.len());
    wire::finish_frame(&mut envelope, mode, ct_len);
    wire::encode(&envelope)
}

/// Claims of an hour-long token for `user_id` with `payload`.
fn claims(user_id: &str, payload: &str) -> Value {
    json!({
        "app_id": APP_ID, "user_id": user_id, "ctime": CTIME, "expire": CTIME + 3600,
        "nonce": 42, "payload": payload,
    })
}

fn with(mut claims: Value, key: &str, value: Value) -> Value {
    claims[key] = value;
    claims
}

fn checker() -> Checker {
    Checker::new(Verifier::new(APP_ID, ServerSecret::from_static(SECRET)).unwrap())
}

/// What a check found, as (severity, subject, code).
fn found(report: &Report) -> Vec<(Severity, Subject, Option<u32>)> {
    report
        .findings()
        .iter()
        .map(|f| (f.severity(), f.subject(), f.code()))
        .collect()
}

fn check(checker: &Checker, claims: &Value) -> Vec<(Severity, Subject, Option<u32>)> {
    found(&checker.check_at(&seal(claims), NOW))
}

use Severity::{Error as E, Warning as W};

const PRIVILEGE: &str = r#"{"room_id":"room1","privilege":{"1":1,"2":1},"stream_id_list":["s1"]}"#;

#[test]
fn a_good_token_is_clean_and_hands_out_its_claims() {
    for payload in ["", PRIVILEGE] {
        let report = checker()
            .with_user_id("alice")
            .with_room_id("room1")
            .check_at(&seal(&claims("alice", payload)), NOW);
        assert_eq!(found(&report), [], "{payload}");
        assert!(report.is_clean());
        assert_eq!(report.claims().unwrap().user_id, "alice");
        assert_eq!(report.product(), Product::Rtc);
    }
}

#[test]
fn broken_claims_get_their_zego_codes() {
    let rtc = checker();
    let zim = checker().with_product(Product::Zim);
    let good = claims("alice", "");
    // An hour-long token that expired an hour ago.
    let expired = with(
        with(good.clone(), "ctime", json!(NOW - 7200)),
        "expire",
        json!(NOW - 3600),
    );
    let cases: Vec<(&str, &Checker, Value, Vec<_>)> = vec![
        (
            "another app",
            &rtc,
            with(good.clone(), "app_id", json!(7)),
            vec![(E, Subject::AppId, Some(1_002_076))],
        ),
        (
            "64-byte user ID",
            &rtc,
            claims(&"u".repeat(64), ""),
            vec![(E, Subject::UserId, Some(1_002_007))],
        ),
        (
            "63-byte user ID: RTC takes it, ZIM in a UIKit does not",
            &rtc,
            claims(&"u".repeat(63), ""),
            vec![(W, Subject::UserId, None)],
        ),
        (
            "33-byte ZIM user ID",
            &zim,
            claims(&"u".repeat(33), ""),
            vec![(E, Subject::UserId, None)],
        ),
        (
            "a space in the user ID",
            &rtc,
            claims("alice bob", ""),
            vec![(E, Subject::UserId, Some(1_002_006))],
        ),
        (
            "a non-ASCII user ID",
            &rtc,
            claims("Zoë", ""),
            vec![(E, Subject::UserId, Some(1_002_006))],
        ),
        (
            "a payload that is not JSON",
            &rtc,
            claims("alice", "room1"),
            vec![(E, Subject::Payload, Some(1_002_075))],
        ),
        (
            "a privilege bit of 2",
            &rtc,
            claims("alice", r#"{"room_id":"r","privilege":{"1":2}}"#),
            vec![(E, Subject::Payload, None)],
        ),
        (
            "a privilege room ID with a space",
            &rtc,
            claims("alice", r#"{"room_id":"room 1","privilege":{"1":1}}"#),
            vec![(E, Subject::RoomId, Some(1_002_012))],
        ),
        (
            "a stream ID with a space",
            &rtc,
            claims(
                "alice",
                r#"{"room_id":"r","privilege":{"1":1,"2":1},"stream_id_list":["s 1"]}"#,
            ),
            vec![(E, Subject::StreamId, Some(1_000_016))],
        ),
        (
            "an empty stream list, read as any stream",
            &rtc,
            claims(
                "alice",
                r#"{"room_id":"r","privilege":{"1":1,"2":1},"stream_id_list":[]}"#,
            ),
            vec![(W, Subject::Payload, None)],
        ),
        (
            "a privilege that denies login",
            &rtc,
            claims("alice", r#"{"room_id":"r","privilege":{"1":0,"2":0}}"#),
            vec![(W, Subject::Payload, None)],
        ),
        (
            "a payload on a ZIM token",
            &zim,
            claims("alice", PRIVILEGE),
            vec![(W, Subject::Payload, None)],
        ),
        (
            "an expiry after 2038 (RTC)",
            &rtc,
            with(good.clone(), "expire", json!(1i64 << 31)),
            vec![
                (W, Subject::Lifetime, Some(6_000_109)),
                (E, Subject::Expiry, None),
            ],
        ),
        (
            "an expiry after 2038 (ZIM: over 24 days too)",
            &zim,
            with(good.clone(), "expire", json!(1i64 << 31)),
            vec![
                (E, Subject::Lifetime, Some(6_000_109)),
                (E, Subject::Expiry, Some(6_000_106)),
            ],
        ),
        (
            "the last second of 2038",
            &rtc,
            with(good.clone(), "expire", json!(i64::from(i32::MAX))),
            vec![(W, Subject::Lifetime, Some(6_000_109))],
        ),
        (
            "a 30-day ZIM token",
            &zim,
            with(good.clone(), "expire", json!(CTIME + 30 * 86_400)),
            vec![(E, Subject::Lifetime, Some(6_000_109))],
        ),
        (
            "a ZIM token of exactly 24 days",
            &zim,
            with(good.clone(), "expire", json!(CTIME + 24 * 86_400)),
            vec![],
        ),
        (
            "a 30-day RTC token a UIKit hands to ZIM",
            &rtc,
            with(good.clone(), "expire", json!(CTIME + 30 * 86_400)),
            vec![(W, Subject::Lifetime, Some(6_000_109))],
        ),
        (
            "a 20-second ZIM token, 10 s left",
            &zim,
            with(good.clone(), "expire", json!(CTIME + 20)),
            vec![
                (E, Subject::Lifetime, Some(6_000_108)),
                (E, Subject::Expiry, Some(6_000_108)),
            ],
        ),
        (
            "an expiry before the issue time",
            &rtc,
            with(good.clone(), "expire", json!(CTIME - 1)),
            vec![
                (E, Subject::Lifetime, None),
                (E, Subject::Expiry, Some(1_002_078)),
            ],
        ),
        (
            "an expired RTC token",
            &rtc,
            expired.clone(),
            vec![(E, Subject::Expiry, Some(1_002_078))],
        ),
        (
            "an expired ZIM token",
            &zim,
            expired.clone(),
            vec![(E, Subject::Expiry, Some(6_000_106))],
        ),
        (
            "a ZIM token with 29 s left",
            &zim,
            with(expired.clone(), "expire", json!(NOW + 29)),
            vec![(E, Subject::Expiry, Some(6_000_108))],
        ),
        (
            "a ZIM token with 30 s left",
            &zim,
            with(expired.clone(), "expire", json!(NOW + 30)),
            vec![],
        ),
        (
            "issued in the future",
            &rtc,
            with(good.clone(), "ctime", json!(NOW + 61)),
            vec![(W, Subject::IssueTime, None)],
        ),
        (
            "an app ID of the wrong type",
            &rtc,
            with(good.clone(), "app_id", json!("1234567890")),
            vec![(E, Subject::Claims, Some(1_002_076))],
        ),
        (
            "a user ID of the wrong type",
            &rtc,
            with(good.clone(), "user_id", json!(42)),
            vec![(E, Subject::Claims, Some(1_002_077))],
        ),
        (
            "an expiry of the wrong type",
            &rtc,
            with(good.clone(), "expire", json!("soon")),
            vec![(E, Subject::Claims, Some(1_002_078))],
        ),
        (
            "every problem at once",
            &rtc,
            json!({
                "app_id": 7, "user_id": "alice bob", "ctime": NOW - 7200, "expire": NOW - 3600,
                "nonce": 1, "payload": "room1",
            }),
            vec![
                (E, Subject::AppId, Some(1_002_076)),
                (E, Subject::UserId, Some(1_002_006)),
                (E, Subject::Payload, Some(1_002_075)),
                (E, Subject::Expiry, Some(1_002_078)),
            ],
        ),
    ];
    for (what, checker, claims, expected) in cases {
        assert_eq!(check(checker, &claims), expected, "{what}");
    }
}

#[test]
fn the_client_s_user_and_room_are_checked_against_the_token() {
    let token = seal(&claims("alice", PRIVILEGE));
    let report = checker()
        .with_user_id("bob")
        .with_room_id("room2")
        .check_at(&token, NOW);
    assert_eq!(
        found(&report),
        [
            (E, Subject::UserId, Some(1_002_077)),
            (E, Subject::RoomId, None),
        ]
    );
    // The client's own values break ZEGO's rules too: its SDK refuses them.
    let report = checker()
        .with_user_id("bob smith")
        .with_room_id("room 2")
        .check_at(&token, NOW);
    assert_eq!(
        found(&report),
        [
            (E, Subject::UserId, Some(1_002_077)),
            (E, Subject::UserId, Some(1_002_006)),
            (E, Subject::RoomId, Some(1_002_012)),
            (E, Subject::RoomId, None),
        ]
    );
    assert_eq!(
        report.findings()[2].to_string(),
        "as the client logs in: room ID has character 5 (U+0020), which ZEGO's RTC clients \
         refuse: use ASCII letters, digits and ~!@#$^&*()_+=-`;',.<>\\ (ZEGO client error 1002012)"
    );
    // A basic token opens any room.
    let basic = seal(&claims("alice", ""));
    assert!(
        checker()
            .with_room_id("room2")
            .check_at(&basic, NOW)
            .is_clean()
    );
    // ZIM documents no code for another user.
    let zim = checker().with_product(Product::Zim).with_user_id("bob");
    assert_eq!(
        found(&zim.check_at(&basic, NOW)),
        [(E, Subject::UserId, None)]
    );
}

#[test]
fn text_that_is_no_token_gets_the_version_or_encoding_code() {
    let rtc = checker();
    let zim = checker().with_product(Product::Zim);
    let token = seal(&claims("alice", ""));
    let truncated = format!("04{}", STANDARD.encode([0u8; 20]));
    let cases: Vec<(&Checker, String, Vec<_>)> = vec![
        (
            &rtc,
            "03abc".into(),
            vec![(E, Subject::Version, Some(1_002_079))],
        ),
        (
            &zim,
            format!("03{}", &token[2..]),
            vec![(E, Subject::Version, Some(6_000_107))],
        ),
        (
            &zim,
            "04abc".into(),
            vec![(E, Subject::Encoding, Some(6_000_103))],
        ),
        (
            &zim,
            "alice".into(),
            vec![(E, Subject::Version, Some(6_000_103))],
        ),
        // Mangled on its way: explained, with the code of its first
        // characters (quotes are no version 04).
        (
            &rtc,
            format!("\"{token}\""),
            vec![(E, Subject::Encoding, Some(1_002_079))],
        ),
        (
            &rtc,
            token.replace('+', " "),
            vec![(E, Subject::Encoding, None)],
        ),
        (
            &rtc,
            format!("{token}!"),
            vec![(E, Subject::Encoding, None)],
        ),
        (&rtc, truncated, vec![(E, Subject::Envelope, None)]),
    ];
    for (checker, text, expected) in cases {
        let report = checker.check_at(&text, NOW);
        assert_eq!(found(&report), expected, "{text:?}");
        assert!(report.decrypted().is_none() && report.claims().is_none());
    }
    let report = rtc.check_at(&format!("{{\"token\":\"{token}\"}}"), NOW);
    assert_eq!(
        report.findings()[0].to_string(),
        "token text looks mangled: it is a JSON document, such as a whole response: pass the \
         token's value (its \"token\" field), not the body (ZEGO client error 1002079)"
    );
}

#[test]
fn another_secret_is_a_decryption_finding() {
    let other = Checker::new(Verifier::for_any_app(ServerSecret::from_static(
        "0123456789abcdef0123456789abcdef",
    )));
    let report = other.check_at(&seal(&claims("alice", "")), NOW);
    assert_eq!(found(&report), [(E, Subject::Secret, None)]);
}

#[test]
fn a_kit_token_s_fields_are_checked_against_its_claims() {
    let token = seal(&claims("alice", PRIVILEGE));
    let kit = |app_id, room: &str, user: &str, name: &str| {
        // As UIKit builds it (the user name needs no percent-encoding here).
        let room_data = json!({"userID": user, "roomID": room, "userName": name, "appID": app_id});
        format!("{token}#{}", STANDARD.encode(room_data.to_string()))
    };
    let clean = checker().check_at(&kit(APP_ID, "room1", "alice", "Alice"), NOW);
    assert!(clean.is_clean() && clean.findings().is_empty());
    assert_eq!(clean.kit().unwrap().room_id(), "room1");

    let report = checker().check_at(&kit(7, "room 2", "bob", ""), NOW);
    assert_eq!(
        found(&report),
        [
            (E, Subject::AppId, Some(1_002_076)),
            (E, Subject::UserId, Some(1_002_077)),
            (E, Subject::RoomId, Some(1_002_012)),
            (E, Subject::RoomId, None),
            (E, Subject::KitUserName, None),
        ]
    );
    assert_eq!(
        report.findings()[0].to_string(),
        "the kit token's appID is 7, the token is for 1234567890 (ZEGO client error 1002076)"
    );
    assert!(report.kit().is_some() && report.claims().is_none());

    // Room data that cannot be read: said so, and the token04 still checked.
    let report = checker().check_at(&format!("{token}#e30="), NOW);
    assert_eq!(found(&report), [(E, Subject::Kit, None)]);
    assert!(report.decrypted().is_some());
    // A token04 that cannot be read is reported once, as the token's.
    let report = checker().check_at("03abc#e30=", NOW);
    assert_eq!(found(&report), [(E, Subject::Version, Some(1_002_079))]);
}

#[test]
fn messages_name_no_claim_and_the_codes_agree_with_the_rules() {
    let private = "marker~secret~user";
    let report = checker().with_user_id("someone").check_at(
        &seal(&claims(&format!("{private} x"), "private payload")),
        NOW,
    );
    assert!(report.findings().len() >= 3);
    for finding in report.findings() {
        assert!(!finding.to_string().contains("marker"), "{finding}");
        assert!(!finding.to_string().contains("private"), "{finding}");
        assert_eq!(finding.message(), finding.to_string());
        assert_eq!(
            finding.to_string().ends_with(&format!(
                "(ZEGO client error {})",
                finding.code().unwrap_or(0)
            )),
            finding.code().is_some(),
            "{finding}"
        );
    }
    // The check's own codes are the ones the rules give the same problems.
    let rtc = Rules::default();
    let zim = Rules::for_product(Product::Zim);
    let code = |r: Result<(), RuleViolation>| r.unwrap_err().client_code();
    assert_eq!(code(rtc.payload("x")), Some(code::ROOM_TOKEN_FORMAT_ERROR));
    assert_eq!(code(zim.expiry(1 << 31)), Some(code::ZIM_TOKEN_EXPIRED));
    assert_eq!(
        code(zim.lifetime(30)),
        Some(code::ZIM_TOKEN_TIME_IS_TOO_SHORT)
    );
    assert_eq!(
        code(zim.lifetime(30 * 86_400)),
        Some(code::ZIM_TOKEN_TIME_IS_TOO_LONG)
    );
}

#[test]
fn violations_are_kept_for_callers_to_match() {
    let report = checker().check_at(&seal(&claims("alice bob", "")), NOW);
    let violation = report.findings()[0].violation().unwrap();
    assert!(matches!(
        violation,
        RuleViolation::Id {
            kind: IdKind::UserId,
            problem: IdProblem::Character { position: 6, .. },
            ..
        }
    ));
    assert_eq!(report.errors().count(), 1);
    assert_eq!(report.warnings().count(), 0);
    assert_eq!(Severity::Error.as_str(), "error");
    assert_eq!(Subject::IssueTime.as_str(), "ctime");
}
