//! ZEGO's rules on every path that mints, through the public API: the
//! boundaries of every rule (the rules crate's own table,
//! `zego-token/rules/tests/zego_rules.toml`) and the committed verdicts of
//! the Express Web SDK's `loginRoom` (`data/express_login_verdicts.json`),
//! run through `Issuer`, `TypedIssuer`, `Privilege` and `KitToken` rather
//! than the rules crate. Everything the SDK refuses, every path refuses;
//! the plain IDs real apps use still mint. (`zego_clients.rs` checks the
//! rules themselves against the SDKs; the CLI runs the same verdicts in
//! `zego-token/tests/cli/verdicts.rs`.)

use std::time::Duration;

use serde_json::Value;
use zego_token::dangerous::FixedInputs;
use zego_token::error::{IdProblem, PayloadProblem, RuleViolation, TimeProblem};
use zego_token::{
    Charset, Error, Issuer, KitParts, KitToken, Privilege, Product, Rules, ServerSecret,
    TypedIssuer, ZegoTokenIssuer,
};

const SECRET: &str = "fa94dd0f974cf2e293728a526b028271";
const APP_ID: u32 = 1_234_567_890;
const CTIME: i64 = 1_700_000_000;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1_234_567_890, secret = "fa94dd0f974cf2e293728a526b028271")]
struct RtcApp;

#[derive(ZegoTokenIssuer)]
#[zego(
    app_id = 1_234_567_890,
    secret = "fa94dd0f974cf2e293728a526b028271",
    id_charset = "extended"
)]
struct RtcExtendedApp;

#[derive(ZegoTokenIssuer)]
#[zego(
    app_id = 1_234_567_890,
    secret = "fa94dd0f974cf2e293728a526b028271",
    product = "zim"
)]
struct ZimApp;

#[derive(ZegoTokenIssuer)]
#[zego(
    app_id = 1_234_567_890,
    secret = "fa94dd0f974cf2e293728a526b028271",
    product = "zim",
    id_charset = "extended"
)]
struct ZimExtendedApp;

#[derive(ZegoTokenIssuer)]
#[zego(
    app_id = 1_234_567_890,
    secret = "fa94dd0f974cf2e293728a526b028271",
    product = "rtc+zim"
)]
struct BothApp;

fn issuer(product: Product, charset: Charset) -> Issuer {
    Issuer::new(APP_ID, ServerSecret::new(SECRET).unwrap())
        .unwrap()
        .with_product(product)
        .with_id_charset(charset)
}

fn fixed(ctime: i64) -> FixedInputs<'static> {
    FixedInputs {
        ctime,
        nonce: 1,
        iv: b"0123456789abcdef",
    }
}

/// A basic token from the derived typed issuer of `product` and `charset`.
fn typed_issue(product: Product, charset: Charset, user_id: &str) -> Result<(), Error> {
    fn issue<T: zego_token::IssuerSpec>(issuer: &TypedIssuer<T>, user: &str) -> Result<(), Error> {
        issuer.issue(user).map(drop)
    }
    match (product, charset) {
        (Product::Rtc, Charset::Portable) => issue(&RtcApp::issuer()?, user_id),
        (Product::Rtc, _) => issue(&RtcExtendedApp::issuer()?, user_id),
        (Product::Zim, Charset::Portable) => issue(&ZimApp::issuer()?, user_id),
        (Product::Zim, _) => issue(&ZimExtendedApp::issuer()?, user_id),
        (Product::RtcAndZim, Charset::Portable) => issue(&BothApp::issuer()?, user_id),
        (Product::RtcAndZim, charset) => panic!("no typed app for rtc+zim {charset}"),
    }
}

/// A kit token of `parts`' fields around a real token, by `rules`.
fn kit(rules: Rules, room_id: &str, user_id: &str, user_name: &str) -> Result<(), Error> {
    let token = issuer(Product::Rtc, Charset::Portable).issue("u").unwrap();
    let parts = KitParts {
        app_id: APP_ID,
        token: token.as_str(),
        room_id,
        user_id,
        user_name,
    };
    KitToken::new_with_rules(parts, rules).map(drop)
}

/// A refusal as the table names it: the problem, the 1-based position of
/// a character, the client's and the generators' codes.
#[derive(Debug, PartialEq)]
struct Refusal {
    problem: &'static str,
    position: Option<usize>,
    client: Option<u32>,
    generator: Option<u32>,
}

fn id_problem(problem: &IdProblem) -> (&'static str, Option<usize>) {
    match problem {
        IdProblem::Empty => ("empty", None),
        IdProblem::TooLong { .. } => ("too_long", None),
        IdProblem::Character { position, .. } => ("character", Some(*position)),
        other => panic!("{other:?}"),
    }
}

/// What the table says about a refusal of `err`. An ID carried in a
/// privilege payload is named as the ID itself is (`PayloadProblem::RoomId`
/// as the room ID rule) when `as_id` is set.
fn refusal(err: &Error, as_id: bool) -> Refusal {
    let Error::Rule(violation) = err else {
        panic!("not a rule: {err}");
    };
    let (problem, position) = match violation {
        RuleViolation::Id { problem, .. } => id_problem(problem),
        RuleViolation::Time { problem, .. } => (
            match problem {
                TimeProblem::NotPositive { .. } => "not_positive",
                TimeProblem::TooShort { .. } => "too_short",
                TimeProblem::TooLong { .. } => "too_long",
                TimeProblem::ExpiryAfter2038 { .. } => "after_2038",
                other => panic!("{other:?}"),
            },
            None,
        ),
        RuleViolation::Payload(PayloadProblem::RoomId(p)) if as_id => id_problem(p),
        RuleViolation::Payload(PayloadProblem::StreamId { problem, .. }) if as_id => {
            id_problem(problem)
        }
        RuleViolation::Payload(problem) => match problem {
            PayloadProblem::NotJson => ("not_json", None),
            PayloadProblem::NotObject => ("not_object", None),
            PayloadProblem::ForZim => ("for_zim", None),
            PayloadProblem::Missing { .. } => ("missing", None),
            PayloadProblem::WrongType { .. } => ("wrong_type", None),
            PayloadProblem::UnknownPrivilegeKey => ("unknown_privilege_key", None),
            PayloadProblem::NoPrivilege => ("no_privilege", None),
            PayloadProblem::PrivilegeValue { .. } => ("privilege_value", None),
            PayloadProblem::EmptyStreamList => ("empty_stream_list", None),
            PayloadProblem::StreamNotString { .. } => ("stream_not_string", None),
            PayloadProblem::RoomId(p) => ("room_id", id_problem(p).1),
            PayloadProblem::StreamId { problem, .. } => ("stream_id", id_problem(problem).1),
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    };
    // Every refusal is one line that carries its client code, if any.
    let text = err.to_string();
    assert!(!text.contains('\n'), "{text}");
    if let Some(code) = err.client_code() {
        assert!(
            text.ends_with(&format!("(ZEGO client error {code})")),
            "{text}"
        );
    }
    Refusal {
        problem,
        position,
        client: err.client_code(),
        generator: err.code(),
    }
}

fn table() -> toml::Table {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../zego-token/rules/tests/zego_rules.toml"
    );
    std::fs::read_to_string(path).unwrap().parse().unwrap()
}

fn rules_of(case: &toml::Value) -> (Product, Charset) {
    let product = Product::from_word(case["rules"].as_str().unwrap()).unwrap();
    let charset = case.get("charset").map_or(Charset::Portable, |c| {
        Charset::from_word(c.as_str().unwrap()).unwrap()
    });
    (product, charset)
}

fn expected(case: &toml::Value) -> Option<Refusal> {
    let code = |key: &str| {
        case.get(key)
            .and_then(toml::Value::as_integer)
            .map(|c| u32::try_from(c).unwrap())
    };
    let problem = case.get("problem")?.as_str().unwrap();
    Some(Refusal {
        // The table's names are `'static` in the enum above.
        problem: Box::leak(problem.to_owned().into_boxed_str()),
        position: case
            .get("position")
            .and_then(toml::Value::as_integer)
            .map(|p| usize::try_from(p).unwrap()),
        client: code("client"),
        generator: code("generator"),
    })
}

fn input(case: &toml::Value) -> String {
    let text = case["input"].as_str().unwrap();
    let repeat = case.get("repeat").and_then(toml::Value::as_integer);
    text.repeat(repeat.map_or(1, |n| usize::try_from(n).unwrap()))
}

/// Checks one path's answer for a case against the table.
fn agree(path: &str, case: &toml::Value, got: Result<(), Error>, as_id: bool) {
    match (expected(case), got) {
        (None, Ok(())) => {}
        (None, Err(err)) => panic!("{path} refuses {case}: {err}"),
        (Some(want), Ok(())) => panic!("{path} accepts {case}, the table says {want:?}"),
        (Some(want), Err(err)) => assert_eq!(refusal(&err, as_id), want, "{path}: {case}"),
    }
}

#[test]
fn every_rule_boundary_holds_on_every_minting_path() {
    let table = table();
    let mut checked = 0;
    for case in table["id"].as_array().unwrap() {
        let (product, charset) = rules_of(case);
        let rules = Rules::for_product(product).with_charset(charset);
        let issuer = issuer(product, charset);
        let id = input(case);
        match case["kind"].as_str().unwrap() {
            "user_id" => {
                agree("Issuer", case, issuer.issue(&id).map(drop), false);
                agree(
                    "TokenRequest",
                    case,
                    issuer.token(&id).issue_fixed(fixed(CTIME)).map(drop),
                    false,
                );
                if (product, charset) != (Product::RtcAndZim, Charset::Extended) {
                    agree(
                        "TypedIssuer",
                        case,
                        typed_issue(product, charset, &id),
                        false,
                    );
                }
                agree("KitToken", case, kit(rules, "room1", &id, "n"), false);
                checked += 4;
            }
            "room_id" => {
                // ZIM tokens carry no privilege; a kit token's room is an
                // RTC login's whatever the product.
                if product != Product::Zim {
                    let privilege = Privilege::new(id.as_str());
                    let minted = issuer.token("u").with_privilege(&privilege).issue();
                    agree("Privilege", case, minted.map(drop), true);
                    checked += 1;
                }
                agree("KitToken", case, kit(rules, &id, "u", "n"), false);
                checked += 1;
            }
            "stream_id" => {
                let privilege = Privilege::new("room1")
                    .with_publish(true)
                    .with_streams([id]);
                let minted = issuer.token("u").with_privilege(&privilege).issue();
                agree("Privilege", case, minted.map(drop), true);
                checked += 1;
            }
            "kit_user_name" => {
                agree("KitToken", case, kit(rules, "room1", "u", &id), false);
                checked += 1;
            }
            other => panic!("unknown kind {other}"),
        }
    }
    for case in table["time"].as_array().unwrap() {
        let (product, charset) = rules_of(case);
        let issuer = issuer(product, charset);
        let int = |key: &str| case.get(key).and_then(toml::Value::as_integer);
        let (ctime, lifetime) = match (int("lifetime"), int("expire")) {
            (Some(lifetime), None) => (int("ctime").unwrap_or(CTIME), lifetime),
            (None, Some(expire)) => (expire - 3600, 3600),
            _ => panic!("{case}"),
        };
        // A `Duration` is never negative: no path can be asked for one.
        let Ok(seconds) = u64::try_from(lifetime) else {
            assert_eq!(expected(case).unwrap().problem, "not_positive");
            continue;
        };
        let ttl = Duration::from_secs(seconds);
        let minted = issuer.token("u").with_ttl(ttl).issue_fixed(fixed(ctime));
        agree("TokenRequest::with_ttl", case, minted.map(drop), false);
        let minted = issuer.with_ttl(ttl).token("u").issue_fixed(fixed(ctime));
        agree("Issuer::with_ttl", case, minted.map(drop), false);
        checked += 2;
    }
    for case in table["payload"].as_array().unwrap() {
        let (product, charset) = rules_of(case);
        let minted = issuer(product, charset)
            .token("u")
            .with_payload(case["input"].as_str().unwrap())
            .issue();
        agree("with_payload", case, minted.map(drop), false);
        checked += 1;
    }
    assert!(checked > 250, "only {checked}");
}

fn verdicts() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/express_login_verdicts.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn entries<'a>(verdicts: &'a Value, key: &str) -> &'a [Value] {
    verdicts[key].as_array().unwrap()
}

fn refused_by_sdk(entry: &Value) -> bool {
    entry["verdict"] == "refused"
}

/// Runs every entry of one list through `path`: each one the SDK refuses
/// must be refused (with a rule violation), each plain one accepted unless
/// `stricter` says a ZEGO client other than the Web SDK refuses it (as
/// `zego_clients.rs` names each case). Returns how many SDK-refused
/// entries it refused.
fn refuses_what_the_sdk_refuses(
    what: &str,
    entries: &[Value],
    stricter: impl Fn(&str) -> bool,
    path: impl Fn(&str) -> Result<(), Error>,
) -> usize {
    let mut refused = 0;
    for entry in entries {
        let id = entry["id"].as_str().unwrap();
        let got = path(id);
        if refused_by_sdk(entry) {
            match got {
                Err(Error::Rule(_)) => refused += 1,
                other => panic!("{what} {id:?}: the SDK refuses it, we say {other:?}"),
            }
        } else if entry["group"] == "plain" && !stricter(id) {
            assert!(got.is_ok(), "{what} {id:?}: plain, refused: {got:?}");
        }
    }
    refused
}

#[test]
fn every_minting_path_refuses_what_the_express_web_sdk_refuses() {
    let verdicts = verdicts();
    let users = entries(&verdicts, "user_id");
    let rooms = entries(&verdicts, "room_id");
    let streams = entries(&verdicts, "stream_id");
    let names = entries(&verdicts, "user_name");
    let sdk_refuses = |list: &[Value]| list.iter().filter(|e| refused_by_sdk(e)).count();
    let rtc = issuer(Product::Rtc, Charset::Portable);
    let rtc_typed = RtcApp::issuer().unwrap();
    let none = |_: &str| false;
    // The Web SDK only warns about stream IDs outside [0-9A-Za-z_-], the
    // set ZEGO's reference and error 1000016 name.
    let outside_stream_set = |id: &str| {
        !id.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };

    let counts = [
        (
            "user ID via Issuer::issue",
            sdk_refuses(users),
            refuses_what_the_sdk_refuses("user ID", users, none, |id| rtc.issue(id).map(drop)),
        ),
        (
            "user ID via TypedIssuer::token",
            sdk_refuses(users),
            refuses_what_the_sdk_refuses("user ID", users, none, |id| {
                rtc_typed.token(id).issue().map(drop)
            }),
        ),
        (
            "user ID via KitToken::new",
            sdk_refuses(users),
            refuses_what_the_sdk_refuses("kit user ID", users, none, |id| {
                kit(Rules::default(), "room1", id, "n")
            }),
        ),
        (
            "room ID via Privilege",
            sdk_refuses(rooms),
            refuses_what_the_sdk_refuses("room ID", rooms, none, |id| {
                let privilege = Privilege::new(id).with_publish(true);
                rtc.token("u").with_privilege(&privilege).issue().map(drop)
            }),
        ),
        (
            "room ID via KitToken::new",
            sdk_refuses(rooms),
            refuses_what_the_sdk_refuses("kit room ID", rooms, none, |id| {
                kit(Rules::default(), id, "u", "n")
            }),
        ),
        (
            "stream ID via Privilege",
            sdk_refuses(streams),
            refuses_what_the_sdk_refuses("stream ID", streams, outside_stream_set, |id| {
                let privilege = Privilege::new("room1")
                    .with_publish(true)
                    .with_streams([id]);
                rtc.token("u").with_privilege(&privilege).issue().map(drop)
            }),
        ),
        (
            "user name via KitToken::new",
            sdk_refuses(names),
            refuses_what_the_sdk_refuses("kit user name", names, none, |name| {
                kit(Rules::default(), "room1", "u", name)
            }),
        ),
    ];
    for (path, sdk, ours) in counts {
        assert_eq!(ours, sdk, "{path}");
        assert!(sdk > 0, "{path}: the verdicts hold no refusal");
    }
    assert_eq!(
        counts.map(|(_, sdk, _)| sdk),
        [66, 66, 66, 66, 66, 63, 3],
        "the committed verdicts changed"
    );

    // The IDs a React Native UIKit hands to both logins: ZIM's rules on
    // top refuse no fewer, and plain IDs of up to ZIM's 32 bytes mint.
    let both = issuer(Product::RtcAndZim, Charset::Portable);
    let refused = refuses_what_the_sdk_refuses(
        "rtc+zim user ID",
        users,
        |id| id.len() > zego_token::rules::ZIM_USER_ID_MAX_BYTES,
        |id| both.issue(id).map(drop),
    );
    assert_eq!(refused, sdk_refuses(users));
}

#[test]
fn plain_ids_still_mint_on_every_path() {
    let rtc = issuer(Product::Rtc, Charset::Portable);
    let longest_user = "u".repeat(zego_token::rules::RTC_USER_ID_MAX_BYTES);
    let longest_room = "r".repeat(zego_token::rules::ROOM_ID_MAX_BYTES);
    let longest_stream = "s".repeat(zego_token::rules::STREAM_ID_MAX_BYTES);
    for user in [
        "alice",
        "user_42",
        "Alice-Bob",
        "a.b@example.com",
        "550e8400-e29b-41d4-a716-446655440000",
        "~!@#$^&*()_+=-`;',.<>\\",
        longest_user.as_str(),
    ] {
        for room in ["room1", "room-42", "Meeting.2024", longest_room.as_str()] {
            let privilege = Privilege::new(room).with_publish(true).with_streams([
                "s1",
                "stream_2-b",
                longest_stream.as_str(),
            ]);
            let token = rtc.token(user).with_privilege(&privilege).issue().unwrap();
            let claims = rtc.verifier().verify(token.as_str()).unwrap();
            assert_eq!(claims.user_id, user);
            assert_eq!(claims.privilege(), Some(privilege));
            let parts = KitParts {
                app_id: APP_ID,
                token: token.as_str(),
                room_id: room,
                user_id: user,
                user_name: "Zoë Li 李雷 🎉",
            };
            let kit = KitToken::new(parts).unwrap();
            rtc.verifier().verify_kit(&kit).unwrap();
        }
    }
    let zim = ZimApp::issuer().unwrap();
    let longest_zim = "u".repeat(zego_token::rules::ZIM_USER_ID_MAX_BYTES);
    for user in ["alice", "user_42", longest_zim.as_str()] {
        zim.issue(user).unwrap();
    }
}

/// Every printable ASCII character, first, inside and last in an ID, on
/// each path: accepted exactly when it is in the set of ZEGO's reference.
#[test]
fn every_ascii_character_class_is_accepted_or_refused_on_every_path() {
    let rtc = issuer(Product::Rtc, Charset::Portable);
    let zim = issuer(Product::Zim, Charset::Portable);
    let rtc_set = zego_token::rules::RTC_ID_PUNCTUATION;
    let zim_set = zego_token::rules::ZIM_USER_ID_PUNCTUATION;
    let stream_set = zego_token::rules::STREAM_ID_PUNCTUATION;
    let mut refused = [0; 4];
    for c in (b' '..=b'~').map(char::from) {
        let allowed = |set: &str| c.is_ascii_alphanumeric() || set.contains(c);
        for id in [format!("{c}id"), format!("i{c}d"), format!("id{c}")] {
            let paths = [
                (allowed(rtc_set), rtc.issue(&id).map(drop)),
                (
                    allowed(rtc_set),
                    rtc.token("u")
                        .with_privilege(&Privilege::new(id.as_str()))
                        .issue()
                        .map(drop),
                ),
                (
                    allowed(stream_set),
                    rtc.token("u")
                        .with_privilege(&Privilege::new("r").with_streams([id.as_str()]))
                        .issue()
                        .map(drop),
                ),
                (allowed(zim_set), zim.issue(&id).map(drop)),
            ];
            for (i, (accept, got)) in paths.into_iter().enumerate() {
                match got {
                    Ok(()) => assert!(accept, "path {i} accepts {id:?}"),
                    Err(err) => {
                        assert!(!accept, "path {i} refuses {id:?}: {err}");
                        // The character is named by position, never shown
                        // outside its quotes.
                        assert!(err.to_string().contains(&format!("U+{:04X}", u32::from(c))));
                        refused[i] += 1;
                    }
                }
            }
        }
    }
    // Refused classes: 95 printable characters less 62 letters and digits
    // less the set's punctuation, in three places each.
    assert_eq!(
        refused,
        [
            3 * (33 - rtc_set.len()),
            3 * (33 - rtc_set.len()),
            3 * (33 - stream_set.len()),
            3 * (33 - zim_set.len())
        ]
    );
}
