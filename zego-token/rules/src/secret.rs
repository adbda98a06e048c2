//! What a ZEGO ServerSecret looks like: the rule for a secret's own bytes
//! (and for a CallbackSecret's), and the rule that spots a secret written where a name or a path belongs
//! (`secret_env`, `secret_file`, `--secret-file`, `--config`, a profile
//! name), so that it is refused, or left out of a message, instead of being
//! echoed into a terminal, a log or a compiled binary.

use std::borrow::Cow;

/// Length of every ServerSecret, in bytes.
pub const SECRET_LEN: usize = 32;

/// What replaces a secret-shaped word in a message (see [`redact_secrets`]).
pub const REDACTED: &str = "<redacted: looks like a ServerSecret>";

/// Why bytes cannot be a ServerSecret. Carries lengths and positions only,
/// never the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SecretValueProblem {
    /// Not exactly [`SECRET_LEN`] bytes.
    Length {
        /// The length, in bytes.
        len: usize,
    },
    /// The byte at offset `at` is not a printable ASCII character.
    Character {
        /// Offset of the first such byte.
        at: usize,
    },
}

/// Checks that `bytes` can be a ServerSecret: exactly 32 printable ASCII
/// characters (`!` to `~`), which is what the ZEGO console shows (32 hex
/// digits), and what ZEGO's generators use, unchanged, as the AES-256 key.
///
/// A space, a control character or a byte of a multi-byte UTF-8 character
/// among the 32 is a copy-and-paste slip: 31 characters and a `\r`, or 31
/// and a `é` (two bytes), add up to 32 bytes but are not a secret any ZEGO
/// client was given.
///
/// # Errors
///
/// The length when it is not 32, else the offset of the first byte that is
/// not printable ASCII.
pub const fn secret_value(bytes: &[u8]) -> Result<(), SecretValueProblem> {
    if bytes.len() != SECRET_LEN {
        return Err(SecretValueProblem::Length { len: bytes.len() });
    }
    let mut at = 0;
    while at < SECRET_LEN {
        if !bytes[at].is_ascii_graphic() {
            return Err(SecretValueProblem::Character { at });
        }
        at += 1;
    }
    Ok(())
}

/// `content` without one trailing `\n` or `\r\n`: what a secret file or
/// standard input holds, less the newline the tools that write them add
/// (`echo`, editors, secret mounts). The one whitespace a secret's source
/// may carry; any other is part of the value (and refused as such).
pub fn without_trailing_newline(content: &[u8]) -> &[u8] {
    content
        .strip_suffix(b"\r\n")
        .or_else(|| content.strip_suffix(b"\n"))
        .unwrap_or(content)
}

/// The longest CallbackSecret accepted, in bytes. ZEGO's are 32
/// characters; the bound keeps a wrong file (a log, a binary) from being
/// read whole.
pub const CALLBACK_SECRET_MAX_LEN: usize = 1024;

/// Why bytes cannot be a CallbackSecret. Carries a length only, never the
/// bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallbackSecretValueProblem {
    /// No bytes at all.
    Empty,
    /// More than [`CALLBACK_SECRET_MAX_LEN`] bytes.
    TooLong {
        /// The length, in bytes.
        len: usize,
    },
}

/// Checks that `bytes` can be a CallbackSecret: any non-empty text of at
/// most [`CALLBACK_SECRET_MAX_LEN`] bytes, since ZEGO's own worked example
/// ("Authenticating server-to-server callbacks") signs with the 6-byte
/// secret `secret`.
///
/// # Errors
///
/// [`Empty`](CallbackSecretValueProblem::Empty) or
/// [`TooLong`](CallbackSecretValueProblem::TooLong) with the length.
pub const fn callback_secret_value(bytes: &[u8]) -> Result<(), CallbackSecretValueProblem> {
    match bytes.len() {
        0 => Err(CallbackSecretValueProblem::Empty),
        len if len > CALLBACK_SECRET_MAX_LEN => Err(CallbackSecretValueProblem::TooLong { len }),
        _ => Ok(()),
    }
}

/// Whether `text` holds a word shaped like a ZEGO ServerSecret: 32 hex
/// digits, in either case, standing alone or delimited by whitespace,
/// quotes, `=` or brackets. That catches the secret pasted as a value
/// (`"fa94…"`, `FA94…`, `fa94…\n`) and as an assignment copied from an env
/// file (`ZEGO_SERVER_SECRET=fa94…`).
///
/// Path separators, `.`, `-`, `_` and `:` do not delimit words, so a path
/// with a 32-hex-digit directory or file stem (Bazel's output base, an
/// MD5-named cache entry) is not taken for a secret, and neither is a path
/// that merely ends in 32 hex digits (`/run/secrets/fa94…`).
pub fn looks_like_secret(text: &str) -> bool {
    text.split(is_delimiter).any(is_secret_word)
}

/// `text` with every secret-shaped word (see [`looks_like_secret`])
/// replaced by [`REDACTED`]: for messages that quote what a user wrote,
/// such as a key or profile name.
pub fn redact_secrets(text: &str) -> Cow<'_, str> {
    if !looks_like_secret(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut word_start = 0;
    for (at, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if at == text.len() || is_delimiter(c) {
            let word = &text[word_start..at];
            out.push_str(if is_secret_word(word) { REDACTED } else { word });
            if at < text.len() {
                out.push(c);
            }
            word_start = at + c.len_utf8();
        }
    }
    Cow::Owned(out)
}

fn is_delimiter(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\'' | '`' | '=' | ',' | ';' | '(' | ')' | '[' | ']' | '{' | '}' | '<' | '>'
        )
}

fn is_secret_word(word: &str) -> bool {
    word.len() == SECRET_LEN && word.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEMO: &str = "fa94dd0f974cf2e293728a526b028271";

    #[test]
    fn a_secret_is_32_printable_ascii_bytes() {
        assert_eq!(secret_value(DEMO.as_bytes()), Ok(()));
        assert_eq!(secret_value(b"!~!~!~!~!~!~!~!~!~!~!~!~!~!~!~!~"), Ok(()));
        assert_eq!(
            secret_value(&DEMO.as_bytes()[1..]),
            Err(SecretValueProblem::Length { len: 31 })
        );
        // 31 characters, one of them two bytes long: 32 bytes, not a secret.
        let accented = format!("{}é", &DEMO[..30]);
        assert_eq!((accented.chars().count(), accented.len()), (31, 32));
        assert_eq!(
            secret_value(accented.as_bytes()),
            Err(SecretValueProblem::Character { at: 30 })
        );
        for slip in [" ", "\t", "\r", "\0", "\x7f"] {
            let bad = format!("{}{slip}", &DEMO[..31]);
            assert_eq!(
                secret_value(bad.as_bytes()),
                Err(SecretValueProblem::Character { at: 31 }),
                "{slip:?}"
            );
        }
    }

    #[test]
    fn one_trailing_newline_is_dropped() {
        assert_eq!(without_trailing_newline(b"s\n"), b"s");
        assert_eq!(without_trailing_newline(b"s\r\n"), b"s");
        assert_eq!(without_trailing_newline(b"s\n\n"), b"s\n");
        assert_eq!(without_trailing_newline(b"s\r"), b"s\r");
        assert_eq!(without_trailing_newline(b" s "), b" s ");
        assert_eq!(without_trailing_newline(b""), b"");
    }

    #[test]
    fn a_callback_secret_is_any_non_empty_text_up_to_the_limit() {
        assert_eq!(callback_secret_value(b"secret"), Ok(()));
        assert_eq!(callback_secret_value(DEMO.as_bytes()), Ok(()));
        assert_eq!(
            callback_secret_value(b""),
            Err(CallbackSecretValueProblem::Empty)
        );
        let max = [b's'; CALLBACK_SECRET_MAX_LEN + 1];
        assert_eq!(callback_secret_value(&max[1..]), Ok(()));
        assert_eq!(
            callback_secret_value(&max),
            Err(CallbackSecretValueProblem::TooLong { len: 1025 })
        );
    }

    #[test]
    fn secret_shaped_words_in_any_case_and_wrapping() {
        let upper = DEMO.to_ascii_uppercase();
        for text in [
            DEMO.to_owned(),
            upper.clone(),
            format!("  {DEMO}\n"),
            format!("\"{upper}\""),
            format!("ZEGO_SERVER_SECRET={DEMO}"),
            format!("export ZEGO_SERVER_SECRET='{DEMO}'"),
            format!("no profile `{DEMO}`"),
        ] {
            assert!(looks_like_secret(&text), "{text:?}");
        }
        for text in [
            &DEMO[1..],
            &format!("{DEMO}0"),
            // Not hex.
            "ga94dd0f974cf2e293728a526b028271",
            // Path components and file stems are not words of their own.
            &format!("/home/u/.cache/bazel/_bazel_u/{DEMO}/execroot/zego.toml"),
            &format!("/cache/{DEMO}.toml"),
            &format!("secret_{DEMO}"),
            "ZEGO_SERVER_SECRET",
            "/run/secrets/zego",
        ] {
            assert!(!looks_like_secret(text), "{text:?}");
        }
    }

    #[test]
    fn redaction_replaces_only_the_secret_shaped_words() {
        assert!(matches!(
            redact_secrets("no profile `eu`"),
            Cow::Borrowed(_)
        ));
        let upper = DEMO.to_ascii_uppercase();
        assert_eq!(
            redact_secrets(&format!("no profile `{upper}` (profiles: `eu`); K={DEMO}")),
            format!("no profile `{REDACTED}` (profiles: `eu`); K={REDACTED}")
        );
        assert_eq!(
            redact_secrets(&format!("é {DEMO}")),
            format!("é {REDACTED}")
        );
    }
}
