//! Mangled input, one test per way a token or secret is mangled on its way:
//! refused as before, now with one line naming the likely cause, through
//! every library path that reads a token (`Verifier`, `inspect`,
//! `KitToken`, `check::Checker`) or a secret, and never echoing either.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use zego_token::check::{Checker, Subject};
use zego_token::error::{MangledToken, SecretProblem};
use zego_token::{Error, Issuer, KitToken, ServerSecret, Verifier};

const SECRET: &str = "fa94dd0f974cf2e293728a526b028271";

/// A token whose base64 has `+`, `/` and `=`, as most do.
fn token() -> String {
    let issuer = Issuer::new(1, ServerSecret::new(SECRET).unwrap()).unwrap();
    (0..)
        .map(|i| issuer.issue(&format!("user{i}")).unwrap().to_string())
        .find(|t| t.contains('+') && t.contains('/') && t.ends_with('='))
        .unwrap()
}

/// A kit token around `token`, as UIKit builds it.
fn kit(token: &str) -> String {
    let room_data = r#"{"userID":"user1","roomID":"room1","userName":"n","appID":1}"#;
    format!("{token}#{}", STANDARD.encode(room_data))
}

/// `text` is refused by every path with `expected`, whose message is
/// `line`, and no message shows a run of the token.
fn explained(text: &str, expected: MangledToken, line: &str) {
    let verifier = Verifier::for_any_app(ServerSecret::new(SECRET).unwrap());
    let token = token();
    for (path, err) in [
        ("verify", verifier.verify(text).unwrap_err()),
        ("inspect", zego_token::inspect(text).unwrap_err()),
        ("kit", KitToken::parse(&kit(text)).unwrap_err()),
    ] {
        assert!(
            matches!(&err, Error::Mangled(m) if *m == expected),
            "{path}: {err:?}"
        );
        assert_eq!(err.to_string(), format!("token text looks mangled: {line}"));
        assert!(!err.to_string().contains(&token[10..30]));
        assert!(!format!("{err:?}").contains(&token[10..30]));
    }
    let report = Checker::new(verifier).check(text);
    let finding = &report.findings()[0];
    assert_eq!(finding.subject(), Subject::Encoding);
    assert!(finding.to_string().contains(line), "{finding}");
}

#[test]
fn a_token_whose_plus_became_spaces() {
    // Sent unencoded in a URL query: form decoding turns `+` into a space.
    explained(
        &token().replace('+', " "),
        MangledToken::PlusAsSpace,
        "it has spaces where base64 has '+', as when a token04 is sent unencoded in a URL \
         query: percent-encode it there (encodeURIComponent), or send it in a header or body",
    );
}

#[test]
fn a_percent_encoded_token() {
    let t = token();
    for encoded in [
        t.replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D"),
        t.replace('=', "%3d"),
        // Encoded twice.
        t.replace('+', "%252B"),
    ] {
        explained(
            &encoded,
            MangledToken::PercentEncoded,
            "it is percent-encoded (%2B, %2F, %3D): URL-decode it once (decodeURIComponent) before use",
        );
    }
}

#[test]
fn a_token_in_quotes() {
    let t = token();
    for quoted in [
        format!("\"{t}\""),
        format!("'{t}'"),
        format!("`{t}`"),
        format!("\u{201c}{t}\u{201d}"),
        format!("\"{t}"),
    ] {
        explained(
            &quoted,
            MangledToken::Quoted,
            "it is wrapped in quotes: pass the text between them",
        );
    }
}

#[test]
fn a_pasted_json_response() {
    let t = token();
    for body in [
        format!("{{\"token\":\"{t}\"}}"),
        format!("{{\n  \"code\": 0,\n  \"data\": {{ \"token\": \"{t}\" }}\n}}\n"),
        format!("[\"{t}\"]"),
    ] {
        explained(
            &body,
            MangledToken::Json,
            "it is a JSON document, such as a whole response: pass the token's value (its \
             \"token\" field), not the body",
        );
    }
}

#[test]
fn an_authorization_header_value() {
    explained(
        &format!("Bearer {}", token()),
        MangledToken::Bearer,
        "it is an Authorization header's value (\"Bearer ...\"): pass the token without the scheme",
    );
}

#[test]
fn a_token_with_whitespace_around_it() {
    let t = token();
    for padded in [format!("{t}\n"), format!("{t}\r\n"), format!(" {t}")] {
        explained(
            &padded,
            MangledToken::Whitespace,
            "it has whitespace before or after it, such as a trailing newline: trim it",
        );
    }
}

#[test]
fn a_wrapped_token() {
    let t = token();
    let wrapped: Vec<&str> = t
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    explained(
        &wrapped.join("\n"),
        MangledToken::LineBreaks,
        "it has line breaks inside, as base64 wrapped at 76 columns (`base64` without -w0, \
         PHP's chunk_split) or by a terminal: join the lines",
    );
}

#[test]
fn a_token_with_an_invisible_character() {
    explained(
        &format!("\u{feff}{}", token()),
        MangledToken::Invisible {
            position: 1,
            ch: '\u{feff}',
        },
        "character 1 is an invisible U+FEFF (a byte-order mark or zero-width character an \
         editor or chat app inserted): remove it",
    );
}

#[test]
fn a_url_safe_or_unpadded_token() {
    let t = token();
    explained(
        &t.replace('+', "-").replace('/', "_"),
        MangledToken::Base64Url,
        "it uses URL-safe base64 ('-', '_'), a token04 standard base64 ('+', '/'): something \
         re-encoded it; pass the token as minted",
    );
    let unpadded = t.trim_end_matches('=');
    explained(
        unpadded,
        MangledToken::Base64Length {
            len: unpadded.len() - 2,
        },
        &format!(
            "its base64 is {} characters, not a multiple of 4: its '=' padding was stripped or \
             added, or it was cut short when copied",
            unpadded.len() - 2
        ),
    );
}

#[test]
fn garbage_that_looks_like_no_mangling_keeps_its_plain_error() {
    let verifier = Verifier::for_any_app(ServerSecret::new(SECRET).unwrap());
    assert!(matches!(verifier.verify("hello"), Err(Error::NotToken04)));
    assert!(matches!(verifier.verify("04!!!!"), Err(Error::Base64)));
    // A kit token given where a token04 is expected says what it is.
    assert!(matches!(
        verifier.verify(&kit(&token())),
        Err(Error::Malformed(_))
    ));
}

/// The child half of the secret tests below: the variable is set for it.
#[test]
fn secret_env_child() {
    if std::env::var_os("ZEGO_TOKEN_MANGLED_CHILD").is_none() {
        return;
    }
    let err = ServerSecret::from_env("ZEGO_TOKEN_MANGLED_SECRET").unwrap_err();
    println!("MANGLED {err:?}");
    println!("MANGLED {err}");
}

#[test]
fn a_secret_from_the_environment_with_whitespace_around_it() {
    // An .env line with a trailing space, a value written with `echo`, a
    // Windows line ending. Set in a child process: `set_var` is unsafe
    // while other test threads read the environment.
    for padded in [
        format!("{SECRET} "),
        format!("{SECRET}\n"),
        format!("{SECRET}\r\n"),
        format!("\t{SECRET}"),
    ] {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "mangled::secret_env_child", "--nocapture"])
            .env("ZEGO_TOKEN_MANGLED_CHILD", "1")
            .env("ZEGO_TOKEN_MANGLED_SECRET", &padded)
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<&str> = stdout
            .lines()
            .filter_map(|l| l.strip_prefix("MANGLED "))
            .collect();
        assert_eq!(
            lines,
            [
                "Secret(EnvWhitespace { var: \"ZEGO_TOKEN_MANGLED_SECRET\" })",
                "invalid server secret: environment variable ZEGO_TOKEN_MANGLED_SECRET has \
                 whitespace around its 32 characters (a trailing space or newline from an .env \
                 file or `echo`?): remove it where the secret is stored (a secret has no \
                 whitespace of its own)",
            ],
            "{padded:?}"
        );
        assert!(!stdout.contains(&SECRET[..12]));
    }
    // The same secret given directly, or in a file with a second newline.
    assert!(matches!(
        ServerSecret::new(&format!(" {SECRET} ")),
        Err(Error::Secret(SecretProblem::Whitespace))
    ));
}
