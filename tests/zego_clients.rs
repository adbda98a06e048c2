//! ZEGO's rules (`zego_token_rules::Rules`) against the verdicts of ZEGO's
//! own web SDKs: everything an SDK refuses, our rules refuse too, and the
//! IDs it accepts we accept, except where a rule is stricter for another
//! ZEGO client, each such case named here with its reason.
//!
//! The verdicts are committed (`data/express_login_verdicts.json`,
//! `data/zim_verdicts.json`; `data/README.md` says how they were made), so
//! this runs without node. `live_sdks_agree_with_the_committed_verdicts`
//! runs `interop/zego_clients.mjs` against the SDKs themselves and checks
//! their answers today; it needs node and the SDKs installed, so it is
//! `#[ignore]`d, and CI (`.ci/run`) installs them and runs it with
//! `ZEGO_SDK_DIR=<dir> cargo test -p tests --test integration -- --ignored live_sdks`.

use std::process::Command;

use serde_json::Value;
use zego_token_rules::{
    Charset, IdProblem, MAX_EXPIRY, Product, ROOM_ID_MAX_BYTES, RTC_USER_ID_MAX_BYTES,
    RuleViolation, Rules, STREAM_ID_MAX_BYTES, TimeProblem, ZIM_MAX_LIFETIME_SECS,
    ZIM_USER_ID_MAX_BYTES,
};

fn committed(name: &str) -> Value {
    let path = format!("{}/data/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn entries<'a>(verdicts: &'a Value, key: &str) -> &'a [Value] {
    verdicts[key]
        .as_array()
        .unwrap_or_else(|| panic!("no {key}"))
}

fn id(entry: &Value) -> &str {
    entry["id"].as_str().unwrap()
}

fn refused(entry: &Value) -> Option<u32> {
    match entry["verdict"].as_str().unwrap() {
        "accepted" => None,
        "refused" => Some(u32::try_from(entry["code"].as_u64().unwrap()).unwrap()),
        other => panic!("verdict {other}"),
    }
}

/// One kind of ID against the SDK's verdicts: what it refuses we refuse
/// (with its code, unless our byte count refuses first an ID the SDK
/// measured in UTF-16 units), and what it accepts we accept unless
/// `stricter` names why not. Returns how many IDs were compared.
fn compare(
    entries: &[Value],
    what: &str,
    max_bytes: usize,
    ours: impl Fn(&str) -> Result<(), RuleViolation>,
    stricter: impl Fn(&str) -> bool,
) -> usize {
    for entry in entries {
        let id = id(entry);
        match (refused(entry), ours(id)) {
            (Some(code), Ok(())) => {
                panic!("{what} {id:?}: the SDK refuses it ({code}), we accept it")
            }
            (Some(code), Err(v)) => {
                if v.client_code() != Some(code) {
                    assert!(
                        matches!(
                            v,
                            RuleViolation::Id {
                                problem: IdProblem::TooLong { .. },
                                ..
                            }
                        ) && id.len() > max_bytes,
                        "{what} {id:?}: the SDK says {code}, we say {v}"
                    );
                }
            }
            (None, Ok(())) => assert!(!stricter(id), "{what} {id:?}: we accept it"),
            (None, Err(v)) => assert!(
                stricter(id),
                "{what} {id:?}: the SDK accepts it, we say {v}"
            ),
        }
    }
    entries.len()
}

/// Checks one Express Web SDK verdict file; returns how many IDs it held.
fn check_express(verdicts: &Value) -> usize {
    let rtc = Rules::for_product(Product::Rtc);
    let extended = rtc.with_charset(Charset::Extended);
    let mut compared = 0;
    // Stricter than the Web SDK: the native SDKs take one byte less (a C
    // buffer with its NUL), and `%` is out of the portable set because
    // ZEGO warns it breaks talking to Web SDK users.
    let user_ids = entries(verdicts, "user_id");
    compared += compare(
        user_ids,
        "user ID",
        RTC_USER_ID_MAX_BYTES,
        |i| rtc.user_id(i),
        |i| i.len() > RTC_USER_ID_MAX_BYTES || i.contains('%'),
    );
    compare(
        user_ids,
        "user ID (extended)",
        RTC_USER_ID_MAX_BYTES,
        |i| extended.user_id(i),
        |i| i.len() > RTC_USER_ID_MAX_BYTES,
    );
    let room_ids = entries(verdicts, "room_id");
    compared += compare(
        room_ids,
        "room ID",
        ROOM_ID_MAX_BYTES,
        |i| rtc.room_id(i),
        |i| i.len() > ROOM_ID_MAX_BYTES || i.contains('%'),
    );
    compare(
        room_ids,
        "room ID (extended)",
        ROOM_ID_MAX_BYTES,
        |i| extended.room_id(i),
        |i| i.len() > ROOM_ID_MAX_BYTES,
    );
    // Stream IDs: the Web SDK only warns about characters outside
    // [0-9A-Za-z_-], which ZEGO's reference and 1000016 name as the set.
    compared += compare(
        entries(verdicts, "stream_id"),
        "stream ID",
        STREAM_ID_MAX_BYTES,
        |i| rtc.stream_id(i),
        |i| {
            i.len() > STREAM_ID_MAX_BYTES
                || !i
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        },
    );
    // User names: UIKit refuses an empty one; the native SDKs count bytes
    // where the Web SDK counts UTF-16 units; control characters are ours.
    compared += compare(
        entries(verdicts, "user_name"),
        "kit user name",
        255,
        |n| rtc.kit_user_name(n),
        |n| n.is_empty() || n.len() > 255 || n.chars().any(char::is_control),
    );

    // The plain IDs real apps use are accepted as they are.
    for entry in user_ids.iter().filter(|e| e["group"] == "plain") {
        assert_eq!(refused(entry), None, "{entry}");
        rtc.user_id(id(entry)).unwrap();
        rtc.room_id(id(entry)).unwrap();
    }
    // Every refusal class the Web SDK has is represented, so a file that
    // lost its refusals would not pass vacuously.
    let codes: std::collections::BTreeSet<u32> = [
        user_ids,
        room_ids,
        entries(verdicts, "stream_id"),
        entries(verdicts, "user_name"),
    ]
    .into_iter()
    .flatten()
    .filter_map(refused)
    .collect();
    assert_eq!(
        codes.into_iter().collect::<Vec<_>>(),
        [
            1_000_014, 1_000_015, 1_000_016, 1_002_005, 1_002_006, 1_002_007, 1_002_010, 1_002_011,
            1_002_012, 1_002_013
        ]
    );
    compared
}

/// Checks one ZIM Web SDK verdict file; returns how many cases it held.
fn check_zim(verdicts: &Value) -> usize {
    let zim = Rules::for_product(Product::Zim);
    let both = Rules::rtc_and_zim();
    let int = |v: &Value| v.as_i64().unwrap();
    let mut compared = 0;

    // The token check, at a fixed clock: every expiry it objects to we
    // refuse to mint (`times` from `now`, as if minted that second), with
    // its code where ours has one.
    for entry in entries(verdicts, "token_check") {
        let (now, expire, code) = (
            int(&entry["now"]),
            int(&entry["expire"]),
            int(&entry["code"]),
        );
        for rules in [zim, both] {
            match (code, rules.times(now, expire - now)) {
                (0, Ok(())) => {}
                (0, Err(v)) => match v {
                    // Accepted at the very second it was minted; by the
                    // time a client logs in it has less than 30 s left.
                    RuleViolation::Time {
                        problem: TimeProblem::TooShort { seconds: 30, .. },
                        ..
                    } => {}
                    // 2^32 + t reads as t in 32 bits: the SDK takes it, the
                    // token's real lifetime is 136 years.
                    RuleViolation::Time {
                        problem: TimeProblem::TooLong { .. } | TimeProblem::ExpiryAfter2038 { .. },
                        ..
                    } if expire > 1 << 32 => {}
                    v => panic!("the ZIM SDK accepts {entry}, we say {v}"),
                },
                (code, Ok(())) => panic!("the ZIM SDK says {code} for {entry}, we accept it"),
                (code, Err(v)) => {
                    if let Some(ours) = v.client_code() {
                        assert_eq!(i64::from(ours), code, "{entry}: {v}");
                    }
                }
            }
        }
        compared += 1;
    }
    // The rollover itself: read as -2^31, "expired" (6000106).
    let rollover = entries(verdicts, "token_check")
        .iter()
        .find(|e| int(&e["expire"]) == MAX_EXPIRY + 1)
        .expect("no case at 2^31");
    assert_eq!(
        (int(&rollover["code"]), int(&rollover["expire_as_read"])),
        (6_000_106, -(1 << 31))
    );

    // After login the SDK closes the connection 2 s before the expiry,
    // but never later than 24 days in: our limit is its timer's.
    for entry in entries(verdicts, "expiry_timers") {
        let lifetime = int(&entry["lifetime"]);
        let longest = entry["timer_delays_ms"]
            .as_array()
            .unwrap()
            .iter()
            .map(int)
            .max()
            .unwrap();
        let events = entry["events"].as_array().unwrap();
        let closed = events.iter().any(|e| e["state"] == 0 && e["event"] == 5);
        assert!(closed, "{entry}");
        if int(&entry["expire"]) > MAX_EXPIRY {
            // Read as long past: every timer fires at once.
            assert!(
                entry["timer_delays_ms"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|d| int(d) < 0),
                "{entry}"
            );
        } else {
            assert_eq!(
                longest,
                (lifetime.min(ZIM_MAX_LIFETIME_SECS) - 2) * 1000,
                "{entry}"
            );
        }
        compared += 1;
    }

    // ZIM's web SDK checks no user ID (its check tests the parameter's name
    // instead of its value), so it refuses none; ours holds ZIM's documented
    // limit, and takes the plain IDs that fit it.
    for entry in entries(verdicts, "user_id") {
        assert_eq!(refused(entry), None, "{entry}");
        if entry["group"] == "plain" {
            assert_eq!(
                zim.user_id(id(entry)).is_ok(),
                id(entry).len() <= ZIM_USER_ID_MAX_BYTES,
                "{entry}"
            );
        }
        compared += 1;
    }
    // What login refuses before the network is the token's shape: the
    // codes `zego-token check` reports for mangled tokens.
    let login: Vec<(&str, Option<u32>)> = entries(verdicts, "login_token")
        .iter()
        .map(|e| (e["kind"].as_str().unwrap(), refused(e)))
        .collect();
    for (kind, code) in [
        ("valid, 1 hour", None),
        ("empty", Some(6_000_103)),
        ("version 03", Some(6_000_107)),
    ] {
        assert!(login.contains(&(kind, code)), "{kind}: {login:?}");
    }
    compared
}

#[test]
fn rules_refuse_everything_the_express_web_sdk_refuses() {
    let compared = check_express(&committed("express_login_verdicts.json"));
    assert!(compared > 1000, "only {compared}");
}

#[test]
fn rules_refuse_every_token_the_zim_web_sdk_refuses() {
    let compared = check_zim(&committed("zim_verdicts.json"));
    assert!(compared > 300, "only {compared}");
}

/// Every entry of every list, for comparing two runs (the count of stubbed
/// connections varies, and is not a list).
fn essence(verdicts: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for (key, value) in verdicts.as_object().unwrap() {
        let Some(list) = value.as_array() else {
            continue;
        };
        for entry in list {
            out.push(format!("{key} {entry}"));
        }
    }
    out
}

/// The npm packages `ZEGO_SDK_DIR` must hold, as `data/README.md` gives them.
const SDKS: &str =
    "zego-express-engine-webrtc@3.12.0 zego-zim-web@2.29.0 jsdom@29.1.1 fake-indexeddb@6.2.8";

#[test]
#[ignore = "needs node and ZEGO's web SDKs: ZEGO_SDK_DIR=<dir> cargo test -p tests --test integration -- --ignored live_sdks"]
fn live_sdks_agree_with_the_committed_verdicts() {
    let dir = std::env::var_os("ZEGO_SDK_DIR").unwrap_or_else(|| {
        panic!("set ZEGO_SDK_DIR to a directory where `npm install {SDKS}` ran")
    });
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/interop/zego_clients.mjs");
    for (mode, file) in [
        ("express", "express_login_verdicts.json"),
        ("zim", "zim_verdicts.json"),
    ] {
        let output = Command::new("node")
            .arg(script)
            .arg(mode)
            .env("ZEGO_SDK_DIR", &dir)
            .output()
            .expect("ZEGO_SDK_DIR is set, so node must be on PATH");
        assert!(
            output.status.success(),
            "{mode}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let live: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(live["network_attempts_below_the_stubs"], 0, "{mode}");
        let committed = committed(file);
        assert_eq!(live["sdk"], committed["sdk"], "{mode}: another SDK version");
        assert_eq!(
            essence(&live),
            essence(&committed),
            "{mode}: the SDK's verdicts changed"
        );
        if mode == "express" {
            check_express(&live);
        } else {
            check_zim(&live);
        }
    }
}
