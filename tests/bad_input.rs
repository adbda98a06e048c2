//! Every kind of bad input gets its own typed error, with ZEGO's code where
//! one exists, and nothing panics.

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use zego_token::dangerous::{self, FixedInputs};
use zego_token::error::{
    AppIdEnvProblem, IdKind, IdProblem, MangledToken, PayloadProblem, RuleViolation, SecretProblem,
    TimeProblem,
};
use zego_token::{Error, Issuer, Mode, Privilege, ServerSecret, Verifier};

const SECRET: &str = "fa94dd0f974cf2e293728a526b028271";

fn issuer(mode: Mode) -> Issuer {
    Issuer::new(1, ServerSecret::new(SECRET).unwrap())
        .unwrap()
        .with_mode(mode)
}

/// Decoding errors come before any check: a verifier that checks nothing
/// the tokens here could fail.
fn verifier() -> Verifier {
    dangerous::without_time_checks(Verifier::for_any_app(ServerSecret::new(SECRET).unwrap()))
}

/// The envelope bytes of a token, to corrupt.
fn envelope(token: &str) -> Vec<u8> {
    STANDARD.decode(&token[2..]).unwrap()
}

fn token_of(envelope: &[u8]) -> String {
    format!("04{}", STANDARD.encode(envelope))
}

#[test]
fn app_id_zero_is_code_1() {
    let err = Issuer::new(0, ServerSecret::new(SECRET).unwrap()).unwrap_err();
    assert!(matches!(err, Error::AppId));
    assert_eq!(err.code(), Some(1));
    assert_eq!(
        err.to_string(),
        "invalid app ID: it must be a non-zero 32-bit integer from the ZEGO console"
    );
}

#[test]
fn a_missing_or_invalid_app_id_variable_is_code_1_without_its_value() {
    // In a child process: edition 2024 makes `set_var` unsafe, since other
    // test threads read the environment.
    let run = |app_id: Option<&str>, secret: Option<&str>| {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap());
        child.args(["--exact", "bad_input::from_env_child", "--nocapture"]);
        child.env("ZEGO_TOKEN_TEST_FROM_ENV_CHILD", "1");
        for (var, value) in [("ZEGO_APP_ID", app_id), ("ZEGO_SERVER_SECRET", secret)] {
            match value {
                Some(value) => child.env(var, value),
                None => child.env_remove(var),
            };
        }
        let out = child.output().unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let line = stdout.lines().find_map(|l| l.strip_prefix("from_env: "));
        line.unwrap_or_else(|| panic!("{stdout}")).to_owned()
    };
    assert_eq!(
        run(None, Some(SECRET)),
        "code Some(1): invalid app ID: environment variable ZEGO_APP_ID is not set"
    );
    for bad in ["0", "-5", "+5", " 5", "4294967296", "12a", "", SECRET] {
        let shown = run(Some(bad), Some(SECRET));
        assert_eq!(
            shown,
            format!(
                "code Some(1): invalid app ID: environment variable ZEGO_APP_ID must hold the \
                 AppID from the ZEGO console, a decimal integer from 1 to 4294967295 \
                 (its {}-byte value is not shown)",
                bad.len()
            ),
            "{bad:?}"
        );
    }
    // The app ID is read first; then the secret, with its own errors.
    assert_eq!(
        run(None, None),
        "code Some(1): invalid app ID: environment variable ZEGO_APP_ID is not set"
    );
    assert_eq!(
        run(Some("4294967295"), None),
        "code Some(5): invalid server secret: environment variable ZEGO_SERVER_SECRET is not set"
    );
    assert_eq!(run(Some("1234567890"), Some(SECRET)), "app 1234567890");
}

/// What `a_missing_or_invalid_app_id_variable_is_code_1_without_its_value`
/// runs in a child process with the variables it sets.
#[test]
fn from_env_child() {
    if std::env::var_os("ZEGO_TOKEN_TEST_FROM_ENV_CHILD").is_none() {
        return;
    }
    match Issuer::from_env() {
        Ok(issuer) => println!("from_env: app {}", issuer.app_id()),
        Err(err) => {
            if let Error::AppIdEnv(problem) = &err {
                assert!(matches!(
                    problem,
                    AppIdEnvProblem::Missing { var } | AppIdEnvProblem::Invalid { var, .. }
                        if var == "ZEGO_APP_ID"
                ));
            }
            println!("from_env: code {:?}: {err}", err.code());
        }
    }
}

#[test]
fn bad_user_ids_are_code_3() {
    let issuer = issuer(Mode::Cbc);
    // The problem, or for a character problem its 1-based position.
    let long = "x".repeat(64);
    let cases = [
        ("", Ok(IdProblem::Empty)),
        (long.as_str(), Ok(IdProblem::TooLong { len: 64, max: 63 })),
        ("ab\ncd", Err(3)),
        ("é\u{7f}", Err(1)),
        ("alice bob", Err(6)),
    ];
    for (user_id, want) in cases {
        let err = issuer.issue(user_id).unwrap_err();
        assert_eq!(err.code(), Some(3), "{user_id:?}");
        let Error::Rule(RuleViolation::Id {
            kind: IdKind::UserId,
            problem,
            ..
        }) = err
        else {
            panic!("{user_id:?}: {err}")
        };
        match (want, problem) {
            (Ok(want), problem) => assert_eq!(problem, want, "{user_id:?}"),
            (Err(at), IdProblem::Character { position, .. }) => {
                assert_eq!(position, at, "{user_id:?}");
            }
            (Err(_), problem) => panic!("{user_id:?}: {problem:?}"),
        }
    }
    // 63 bytes is the most every client takes; the message never shows the ID.
    assert!(issuer.issue(&"x".repeat(63)).is_ok());
    let err = issuer.issue(&"é".repeat(33)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "user ID is 66 bytes, over the 63 bytes ZEGO's RTC clients accept (ZEGO client error 1002007)"
    );
    let err = issuer.issue("secret\u{e9}42").unwrap_err();
    assert_eq!(
        err.to_string(),
        "user ID has character 7 (U+00E9), which ZEGO's RTC clients refuse: use ASCII letters, digits and ~!@#$^&*()_+=-`;',.<>\\ (ZEGO client error 1002006)"
    );
    assert!(!err.to_string().contains("secret"));
}

fn time_problem(err: &Error) -> TimeProblem {
    match err {
        Error::Rule(RuleViolation::Time { problem, .. }) => *problem,
        other => panic!("{other}"),
    }
}

#[test]
fn bad_lifetimes_are_code_6() {
    let base = issuer(Mode::Cbc);
    // Token times are whole seconds: under one second is no lifetime.
    for lifetime in [
        Duration::ZERO,
        Duration::from_nanos(1),
        Duration::from_millis(999),
    ] {
        // One check, as each token is minted, whichever builder set it.
        for err in [
            base.clone().with_ttl(lifetime).issue("u").unwrap_err(),
            base.token("u").with_ttl(lifetime).issue().unwrap_err(),
        ] {
            assert_eq!(err.code(), Some(6));
            assert_eq!(time_problem(&err), TimeProblem::NotPositive { seconds: 0 });
        }
    }
    assert_eq!(
        base.clone()
            .with_ttl(Duration::from_millis(500))
            .issue("u")
            .unwrap_err()
            .to_string(),
        "lifetime must be positive, got 0 s"
    );
    let err = base
        .token("u")
        .with_ttl(Duration::MAX)
        .issue_fixed(FixedInputs {
            ctime: 1_700_000_000,
            nonce: 1,
            iv: b"0123456789abcdef",
        })
        .unwrap_err();
    assert_eq!(
        time_problem(&err),
        TimeProblem::ExpiryAfter2038 { expire: None }
    );
    assert_eq!(err.code(), Some(6));
    // The largest lifetime that fits a signed 32-bit expiry, and one second more.
    let fixed = FixedInputs {
        ctime: 1,
        nonce: 1,
        iv: b"0123456789abcdef",
    };
    let longest = Duration::from_secs(i32::MAX as u64 - 1);
    let token = base
        .token("u")
        .with_ttl(longest)
        .issue_fixed(fixed)
        .unwrap();
    assert_eq!(token.expire(), i64::from(i32::MAX));
    let err = base
        .token("u")
        .with_ttl(longest + Duration::from_secs(1))
        .issue_fixed(fixed)
        .unwrap_err();
    assert_eq!(
        time_problem(&err),
        TimeProblem::ExpiryAfter2038 {
            expire: Some(1 << 31)
        }
    );
    assert_eq!(err.code(), Some(6));
    // With the system clock too.
    assert_eq!(
        base.token("u")
            .with_ttl(Duration::from_secs(i64::MAX as u64))
            .issue()
            .unwrap_err()
            .code(),
        Some(6)
    );
}

/// Sub-second parts are dropped, never rounded up: a token does not
/// outlive the lifetime asked for, and a leeway of 1.9 s accepts exactly
/// what 1 s does (token times are whole seconds).
#[test]
fn sub_second_lifetimes_and_leeways_are_truncated() {
    let base = issuer(Mode::Cbc);
    let fixed = FixedInputs {
        ctime: 1_000_000,
        nonce: 1,
        iv: b"0123456789abcdef",
    };
    let issuer = base.clone().with_ttl(Duration::from_millis(90_999));
    let token = issuer.token("u").issue_fixed(fixed).unwrap();
    assert_eq!(token.expire(), 1_000_090);
    let token = base
        .token("u")
        .with_ttl(Duration::from_secs_f64(1.9))
        .issue_fixed(fixed)
        .unwrap();
    assert_eq!(token.expire(), 1_000_001);
    let v = Verifier::new(1, ServerSecret::new(SECRET).unwrap())
        .unwrap()
        .with_leeway(Duration::from_millis(1_900));
    assert!(v.verify_at(token.as_str(), 1_000_002).is_ok());
    assert!(v.verify_at(token.as_str(), 1_000_003).is_err());
}

#[test]
fn secrets_of_the_wrong_length_are_code_5() {
    for bad in ["", "fa94", &format!("{SECRET}0")] {
        let err = ServerSecret::new(bad).unwrap_err();
        assert_eq!(err.code(), Some(5));
        assert!(matches!(err, Error::Secret(SecretProblem::Length { len }) if len == bad.len()));
    }
    assert!(ServerSecret::from_bytes(&[0u8; 31]).is_err());
}

#[test]
fn payloads_too_large_for_the_length_field_are_refused_not_truncated() {
    for mode in [Mode::Cbc, Mode::Gcm] {
        let payload = format!(r#"{{"data":"{}"}}"#, "p".repeat(70_000));
        let err = issuer(mode)
            .token("u")
            .with_payload(&payload)
            .issue()
            .unwrap_err();
        assert!(
            matches!(err, Error::PayloadTooLarge { ciphertext_len } if ciphertext_len > 65_535),
            "{err}"
        );
    }
    // Escaping counts: 16 500 escaped quotes (33 000 bytes) become 66 000
    // bytes of JSON as the contents of the claims' payload string.
    let quotes = format!(r#"{{"q":"{}"}}"#, "\\\"".repeat(16_500));
    assert!(matches!(
        issuer(Mode::Cbc).token("u").with_payload(&quotes).issue(),
        Err(Error::PayloadTooLarge { .. })
    ));
}

#[test]
fn privilege_limits() {
    let issuer = issuer(Mode::Cbc);
    let payload_problem =
        |privilege: &Privilege| match issuer.token("u").with_privilege(privilege).issue() {
            Err(Error::Rule(RuleViolation::Payload(p))) => p,
            other => panic!("{other:?}"),
        };
    assert_eq!(
        payload_problem(&Privilege::new("r".repeat(128))),
        PayloadProblem::RoomId(IdProblem::TooLong { len: 128, max: 127 })
    );
    assert!(matches!(
        payload_problem(&Privilege::new("r1\nINFO forged line")),
        PayloadProblem::RoomId(IdProblem::Character { position: 3, .. })
    ));
    assert_eq!(
        payload_problem(&Privilege::new("r").with_streams(["s".repeat(256)])),
        PayloadProblem::StreamId {
            index: 0,
            problem: IdProblem::TooLong { len: 256, max: 255 }
        }
    );
    assert_eq!(
        payload_problem(&Privilege::new("r").with_publish(true).with_streams([""; 0])),
        PayloadProblem::EmptyStreamList
    );
}

#[test]
fn fixed_iv_of_the_wrong_length() {
    let err = issuer(Mode::Gcm)
        .token("u")
        .issue_fixed(FixedInputs {
            ctime: 1,
            nonce: 1,
            iv: b"0123456789abcdef",
        })
        .unwrap_err();
    assert!(matches!(
        err,
        Error::IvLength {
            mode: Mode::Gcm,
            expected: 12,
            len: 16
        }
    ));
}

#[test]
fn garbage_is_refused_by_decode_and_inspect() {
    let v = verifier();
    type Check = fn(&Error) -> bool;
    let cases: [(&str, Check); 7] = [
        ("", |e| matches!(e, Error::NotToken04)),
        ("03AAAA", |e| matches!(e, Error::NotToken04)),
        ("hello world", |e| matches!(e, Error::NotToken04)),
        ("04", |e| {
            matches!(e, Error::Truncated { needed: 10, len: 0 })
        }),
        ("04!!!!", |e| matches!(e, Error::Base64)),
        ("04AAAA AAAA", |e| {
            matches!(e, Error::Mangled(MangledToken::PlusAsSpace))
        }),
        ("04AAAAAAAAAAA=", |e| {
            matches!(e, Error::Truncated { needed: 10, len: 8 })
        }),
    ];
    for (token, expected) in cases {
        let err = v.verify(token).unwrap_err();
        assert!(expected(&err), "decode {token:?}: {err}");
        let err = zego_token::inspect(token).unwrap_err();
        assert!(expected(&err), "inspect {token:?}: {err}");
    }
}

#[test]
fn truncated_tokens() {
    for mode in [Mode::Cbc, Mode::Gcm] {
        let token = issuer(mode).issue("demo").unwrap();
        let full = envelope(token.as_str());
        for cut in [1, 5, 16, full.len() - 20, full.len() - 1] {
            let err = verifier().verify(&token_of(&full[..cut])).unwrap_err();
            assert!(
                matches!(err, Error::Truncated { len, .. } if len == cut),
                "{mode} cut {cut}: {err}"
            );
        }
        // Dropping the last base64 characters breaks the padding or the length.
        let s = token.as_str();
        assert!(verifier().verify(&s[..s.len() - 1]).is_err());
    }
}

#[test]
fn repadded_tokens() {
    let token = issuer(Mode::Cbc).issue("demo").unwrap();
    let s = token.as_str();
    // Refused, with the likely cause.
    let unpadded = s.trim_end_matches('=');
    if unpadded.len() != s.len() {
        assert!(matches!(
            verifier().verify(unpadded),
            Err(Error::Mangled(MangledToken::Base64Length { .. }))
        ));
    }
    assert!(matches!(
        verifier().verify(&format!("{s}=")),
        Err(Error::Mangled(MangledToken::Base64Length { .. }))
    ));
    assert!(matches!(
        verifier().verify(&format!("{s}\n")),
        Err(Error::Mangled(MangledToken::Whitespace))
    ));
    // URL-safe alphabet is not the token alphabet.
    let url_safe = s.replace('+', "-").replace('/', "_");
    if url_safe != s {
        assert!(matches!(
            verifier().verify(&url_safe),
            Err(Error::Mangled(MangledToken::Base64Url))
        ));
    }
}

#[test]
fn length_fields_that_disagree_with_the_size() {
    for mode in [Mode::Cbc, Mode::Gcm] {
        let token = issuer(mode).issue("demo").unwrap();
        let env = envelope(token.as_str());
        let iv_len = mode.iv_len();
        let ct_len_at = 10 + iv_len;
        let ct_len = usize::from(u16::from_be_bytes([env[ct_len_at], env[ct_len_at + 1]]));

        // ct_len one block larger than what follows.
        let mut longer = env.clone();
        longer[ct_len_at..ct_len_at + 2].copy_from_slice(&((ct_len + 16) as u16).to_be_bytes());
        assert!(
            matches!(
                verifier().verify(&token_of(&longer)),
                Err(Error::Truncated { .. })
            ),
            "{mode}"
        );

        // ct_len one block smaller: the last block becomes trailing garbage.
        let mut shorter = env.clone();
        shorter[ct_len_at..ct_len_at + 2].copy_from_slice(&((ct_len - 16) as u16).to_be_bytes());
        assert!(
            matches!(
                verifier().verify(&token_of(&shorter)),
                Err(Error::TrailingBytes { count: 16 })
            ),
            "{mode}"
        );

        // An IV length no mode uses.
        let mut odd_iv = env.clone();
        odd_iv[8..10].copy_from_slice(&15u16.to_be_bytes());
        assert!(
            matches!(
                verifier().verify(&token_of(&odd_iv)),
                Err(Error::Malformed(_))
            ),
            "{mode}"
        );

        // Bytes appended after a complete token.
        let mut trailing = env.clone();
        trailing.extend_from_slice(&[1, 2, 3]);
        assert!(
            matches!(
                verifier().verify(&token_of(&trailing)),
                Err(Error::TrailingBytes { count: 3 })
            ),
            "{mode}"
        );
    }
    // A CBC ciphertext that is not whole blocks.
    let token = issuer(Mode::Cbc).issue("demo").unwrap();
    let mut env = envelope(token.as_str());
    env.pop();
    let ct_len = env.len() - 28;
    env[26..28].copy_from_slice(&(ct_len as u16).to_be_bytes());
    assert!(matches!(
        verifier().verify(&token_of(&env)),
        Err(Error::Malformed(_))
    ));
}

#[test]
fn bit_flips_are_caught() {
    // GCM authenticates every ciphertext bit.
    let token = issuer(Mode::Gcm).issue("demo").unwrap();
    let env = envelope(token.as_str());
    for at in 24..env.len() - 1 {
        let mut flipped = env.clone();
        flipped[at] ^= 0x01;
        let err = verifier().verify(&token_of(&flipped)).unwrap_err();
        assert!(matches!(err, Error::Authentication), "byte {at}: {err}");
    }
    // The GCM mode byte itself.
    let mut flipped = env.clone();
    *flipped.last_mut().unwrap() = 2;
    assert!(matches!(
        verifier().verify(&token_of(&flipped)),
        Err(Error::Malformed(_))
    ));

    // CBC is not authenticated, but a flipped byte in the IV or ciphertext
    // garbles the JSON or the padding: the claims never come back silently wrong.
    let token = issuer(Mode::Cbc).issue("demo").unwrap();
    let env = envelope(token.as_str());
    for at in 10..env.len() {
        if (26..28).contains(&at) {
            continue; // the length field, covered above
        }
        let mut flipped = env.clone();
        flipped[at] ^= 0x80;
        let err = verifier().verify(&token_of(&flipped)).unwrap_err();
        assert!(
            matches!(err, Error::Decrypt | Error::Claims(_)),
            "byte {at}: {err}"
        );
    }
    // The clear expiry must agree with the encrypted one.
    let mut env = envelope(token.as_str());
    env[7] ^= 1;
    assert!(matches!(
        verifier().verify(&token_of(&env)),
        Err(Error::Malformed(_))
    ));
}

#[test]
fn wrong_secret() {
    let other = Verifier::new(
        1,
        ServerSecret::new("0123456789abcdef0123456789abcdef").unwrap(),
    )
    .unwrap();
    let cbc = issuer(Mode::Cbc).issue("demo").unwrap();
    assert!(matches!(other.decrypt(cbc.as_str()), Err(Error::Decrypt)));
    let gcm = issuer(Mode::Gcm).issue("demo").unwrap();
    assert!(matches!(
        other.verify(gcm.as_str()),
        Err(Error::Authentication)
    ));
}

#[test]
fn verifier_checks_app_id_expiry_and_issue_time() {
    let token = issuer(Mode::Cbc)
        .token("demo")
        .with_ttl(Duration::from_secs(100))
        .issue_fixed(FixedInputs {
            ctime: 1_000_000,
            nonce: 3,
            iv: b"0123456789abcdef",
        })
        .unwrap();
    let v = Verifier::new(1, ServerSecret::new(SECRET).unwrap()).unwrap();
    let other_app = Verifier::new(2, ServerSecret::new(SECRET).unwrap()).unwrap();
    assert!(matches!(
        other_app.verify_at(token.as_str(), 1_000_050),
        Err(Error::AppIdMismatch {
            expected: 2,
            found: 1
        })
    ));
    // The app ID is checked first, and with time checks off too.
    assert!(matches!(
        dangerous::without_time_checks(other_app).verify_at(token.as_str(), i64::MAX),
        Err(Error::AppIdMismatch { .. })
    ));
    let any_app = Verifier::for_any_app(ServerSecret::new(SECRET).unwrap());
    assert_eq!(any_app.app_id(), None);
    assert_eq!(v.app_id(), Some(1));
    assert!(any_app.verify_at(token.as_str(), 1_000_050).is_ok());
    assert!(matches!(
        Verifier::new(0, ServerSecret::new(SECRET).unwrap()),
        Err(Error::AppId)
    ));
    assert_eq!(
        v.verify_at(token.as_str(), 1_000_100).unwrap().user_id,
        "demo"
    );
    assert!(matches!(
        v.verify_at(token.as_str(), 1_000_101),
        Err(Error::Expired {
            expire: 1_000_100,
            now: 1_000_101
        })
    ));
    assert!(
        v.clone()
            .with_leeway(Duration::from_secs(10))
            .verify_at(token.as_str(), 1_000_110)
            .is_ok()
    );
    assert!(
        v.clone()
            .with_leeway(Duration::from_secs(10))
            .verify_at(token.as_str(), 1_000_111)
            .is_err()
    );
    // Default future leeway: 60 s.
    assert!(v.verify_at(token.as_str(), 1_000_000 - 60).is_ok());
    assert!(matches!(
        v.verify_at(token.as_str(), 1_000_000 - 61),
        Err(Error::NotYetValid {
            ctime: 1_000_000,
            now: 999_939
        })
    ));
    assert!(
        v.clone()
            .with_future_leeway(Duration::ZERO)
            .verify_at(token.as_str(), 999_999)
            .is_err()
    );
    assert!(
        dangerous::without_time_checks(v.clone())
            .verify_at(token.as_str(), i64::MAX)
            .is_ok()
    );
    // The real clock: this token expired long ago.
    assert!(matches!(
        v.verify(token.as_str()),
        Err(Error::Expired { .. })
    ));
}

/// A path or variable name that reaches an error message is escaped, so it
/// cannot forge a second line or reverse the text on a terminal.
#[test]
fn secret_sources_are_named_escaped() {
    let err = ServerSecret::from_file("/no/such\ndir/\u{202e}secret").unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with("invalid server secret: cannot read /no/such\\ndir/\\u{202e}secret: "),
        "{text}"
    );
    assert_eq!(text.lines().count(), 1);
    let err = ServerSecret::from_env("ZEGO\u{202e}_UNSET").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid server secret: environment variable ZEGO\\u{202e}_UNSET is not set"
    );
}
