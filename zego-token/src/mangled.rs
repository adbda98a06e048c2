//! Why a text that fails to decode as a token04 probably does: the ways a
//! token is mangled on its way from the server that minted it to the code
//! that reads it (a URL query, a JSON response, a terminal, an editor).
//!
//! Only consulted once decoding has failed, and only to explain: nothing
//! here repairs a token. A token mangled on its way to one reader is
//! mangled for ZEGO's clients too, so the fix belongs where it was mangled;
//! accepting it here would hide the bug until a user's device refuses the
//! token.
//!
//! The diagnosis names the cause and at most a position, never the text:
//! what was pasted may be a secret or someone else's bearer token.

use crate::error::MangledToken;
use crate::wire::PREFIX;

/// Characters a token04 can contain: the standard base64 alphabet and its
/// padding (the `04` prefix is digits).
fn is_base64(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=')
}

/// Quotes a token arrives in: straight, typographic (word processors, chat
/// apps) and backticks (Markdown).
fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '`' | '\u{2018}' | '\u{2019}' | '\u{201c}' | '\u{201d}' | '\u{ab}' | '\u{bb}'
    )
}

/// Characters that show as nothing: the byte-order mark editors write,
/// zero-width spaces and joiners chat apps insert, word joiners, soft
/// hyphens.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{ad}'
    )
}

/// The likely cause of `text` not decoding as a token04, when it has the
/// shape of a known mangling; `None` when it has none (then the decoder's
/// own error stands).
pub(crate) fn diagnose(text: &str) -> Option<MangledToken> {
    let trimmed = text.trim();
    // What the whole text is, whitespace aside.
    if trimmed.starts_with(['{', '[']) {
        return Some(MangledToken::Json);
    }
    if trimmed
        .get(..7)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("bearer "))
    {
        return Some(MangledToken::Bearer);
    }
    if trimmed.starts_with(is_quote) {
        return Some(MangledToken::Quoted);
    }
    if percent_encoded(trimmed) {
        return Some(MangledToken::PercentEncoded);
    }
    // Characters that show as nothing, anywhere.
    if let Some((position, c)) = text.chars().enumerate().find(|&(_, c)| is_invisible(c)) {
        return Some(MangledToken::Invisible {
            position: position + 1,
            ch: c,
        });
    }
    if trimmed.len() != text.len() && trimmed.starts_with(PREFIX) {
        return Some(MangledToken::Whitespace);
    }
    // Inside a token04: what replaced or broke its base64.
    let body = text.strip_prefix(PREFIX)?;
    if body.contains(['\n', '\r']) {
        return Some(MangledToken::LineBreaks);
    }
    if body.contains(' ') && body.chars().all(|c| c == ' ' || is_base64(c)) {
        return Some(MangledToken::PlusAsSpace);
    }
    let url_safe = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '=');
    if body.contains(['-', '_']) && body.chars().all(url_safe) {
        return Some(MangledToken::Base64Url);
    }
    if body.chars().all(is_base64) && body.len() % 4 != 0 {
        return Some(MangledToken::Base64Length { len: body.len() });
    }
    None
}

/// Whether `text` holds a percent-escape of a byte base64 uses or a URL
/// escapes (`%2B`, `%2F`, `%3D`, `%23`, `%25`...): `%` and two hex digits.
fn percent_encoded(text: &str) -> bool {
    text.as_bytes()
        .windows(3)
        .any(|w| w[0] == b'%' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A CBC token04 whose base64 has `+`, `/` and `=`.
    const TOKEN: &str = "04AAAAAGVT/xAAEDAxMjM0NTY3ODlhYmNkZWYAcPDOWcZeMCPxbh1dpHzCTRH0tbs1JDwaSloPPpfrCE29tUW/QA7cBUDbJW7EPsVPsGpO/KyXwgxISYw5q52prPMSDPSd273V+GccmQjr86yJzXgjAi1WOIdNYImOOK+KUyRl6LN2rT4pm+K4yG/IxH0=";

    #[test]
    fn each_mangling_is_named() {
        let cases = [
            (TOKEN.replace('+', " "), MangledToken::PlusAsSpace),
            (
                TOKEN
                    .replace('+', "%2B")
                    .replace('/', "%2F")
                    .replace('=', "%3D"),
                MangledToken::PercentEncoded,
            ),
            (format!("\"{TOKEN}\""), MangledToken::Quoted),
            (format!("'{TOKEN}'"), MangledToken::Quoted),
            (format!("\u{201c}{TOKEN}\u{201d}"), MangledToken::Quoted),
            (format!("{{\"token\":\"{TOKEN}\"}}"), MangledToken::Json),
            (
                format!(" {{\"code\":0,\"data\":{{\"token\":\"{TOKEN}\"}}}}\n"),
                MangledToken::Json,
            ),
            (format!("Bearer {TOKEN}"), MangledToken::Bearer),
            (format!("{TOKEN}\n"), MangledToken::Whitespace),
            (format!("  {TOKEN}"), MangledToken::Whitespace),
            (
                format!("{}\n{}", &TOKEN[..76], &TOKEN[76..]),
                MangledToken::LineBreaks,
            ),
            (
                format!("\u{feff}{TOKEN}"),
                MangledToken::Invisible {
                    position: 1,
                    ch: '\u{feff}',
                },
            ),
            (
                format!("{}\u{200b}{}", &TOKEN[..10], &TOKEN[10..]),
                MangledToken::Invisible {
                    position: 11,
                    ch: '\u{200b}',
                },
            ),
            (
                TOKEN.replace('+', "-").replace('/', "_"),
                MangledToken::Base64Url,
            ),
            (
                TOKEN.trim_end_matches('=').to_owned(),
                MangledToken::Base64Length {
                    len: TOKEN.len() - 3,
                },
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(diagnose(&text), Some(expected), "{text:?}");
        }
    }

    #[test]
    fn other_garbage_gets_no_diagnosis() {
        for text in ["", "hello world", "03AAAA", "04!!!!", TOKEN, "04AAAA"] {
            assert_eq!(diagnose(text), None, "{text:?}");
        }
    }
}
