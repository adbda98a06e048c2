//! Showing text that came from a token or a request (user IDs, payloads, a
//! kit token's room ID and user name) in a terminal or a log, where it must
//! not be able to pass for something else.
//!
//! A control character can move the cursor, clear the screen or end a log
//! line; a Unicode format character such as U+202E (right-to-left
//! override) reverses the text after it, and zero-width ones hide or join
//! characters. Anyone can put these in a kit token's `userName` without a
//! secret, or in a user ID they ask a token server for.

use std::fmt;

/// Whether `c` is escaped by [`escape`]: `\`, and every character that is
/// not printable as itself: controls (Unicode category Cc), format
/// characters (Cf: bidirectional overrides and isolates, zero-width spaces
/// and joiners, the BOM, tags), line and paragraph separators, spaces other
/// than U+0020, private-use and unassigned code points. The table is the
/// standard library's (what `{:?}` escapes), kept current with Unicode by
/// Rust releases; combining marks, which `{:?}` escapes only at the start
/// of a string, are shown as they are here, and so are both quotes.
///
/// A JSON writer escapes the same characters as `\uXXXX`, which round-trips.
pub fn needs_escape(c: char) -> bool {
    match c {
        '\\' => true,
        '"' | '\'' => false,
        c => {
            // After a base character, so that a combining mark is not
            // treated as the start of a string.
            let mut buffer = [0u8; 8];
            buffer[0] = b'a';
            let len = 1 + c.encode_utf8(&mut buffer[1..]).len();
            let text = std::str::from_utf8(&buffer[..len]).expect("a char is UTF-8");
            !text.escape_debug().eq(text.chars())
        }
    }
}

/// `text` for a terminal or a log: each character [`needs_escape`] names is
/// written as Rust writes it (`\n`, `\t`, `\\`, `\u{202e}`), everything else
/// as it is. Two different texts never show alike. No allocation: the
/// escaping happens as the value is formatted.
///
/// ```
/// // A user name that would show as "Alice (admin)" reversed in part.
/// let name = "Alice\u{202e}(nimda)";
/// assert_eq!(zego_token::escape(name).to_string(), r"Alice\u{202e}(nimda)");
/// assert_eq!(zego_token::escape("Zoë \"x\"").to_string(), "Zoë \"x\"");
/// ```
pub fn escape(text: &str) -> Escaped<'_> {
    Escaped(text)
}

/// Text that is escaped when formatted with `{}`; see [`escape`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Escaped<'a>(&'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(needs_escape) {
            f.write_str(&rest[..at])?;
            let c = rest[at..].chars().next().expect("found at a char boundary");
            // `escape_default` gives \t \r \n \\ and \u{...} for the rest
            // of what reaches here (never a quote).
            write!(f, "{}", c.escape_default())?;
            rest = &rest[at + c.len_utf8()..];
        }
        f.write_str(rest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> String {
        escape(text).to_string()
    }

    #[test]
    fn controls_and_format_characters_are_escaped() {
        assert_eq!(shown("a\nb\u{1b}[31mc\t"), r"a\nb\u{1b}[31mc\t");
        assert_eq!(shown("\u{7f}\u{85}"), r"\u{7f}\u{85}");
        for (c, escaped) in [
            ('\u{202e}', r"\u{202e}"),   // right-to-left override
            ('\u{202a}', r"\u{202a}"),   // left-to-right embedding
            ('\u{2066}', r"\u{2066}"),   // left-to-right isolate
            ('\u{2069}', r"\u{2069}"),   // pop directional isolate
            ('\u{200b}', r"\u{200b}"),   // zero-width space
            ('\u{200d}', r"\u{200d}"),   // zero-width joiner
            ('\u{200f}', r"\u{200f}"),   // right-to-left mark
            ('\u{feff}', r"\u{feff}"),   // BOM
            ('\u{ad}', r"\u{ad}"),       // soft hyphen
            ('\u{e0041}', r"\u{e0041}"), // tag latin capital A
            ('\u{2028}', r"\u{2028}"),   // line separator
            ('\u{a0}', r"\u{a0}"),       // no-break space
        ] {
            assert!(needs_escape(c), "{c:?}");
            assert_eq!(shown(&format!("x{c}y")), format!("x{escaped}y"));
        }
    }

    #[test]
    fn ordinary_text_is_shown_as_it_is() {
        for text in [
            "alice",
            "Zoë \"x\" 'y'",
            "用户 名",
            "Jose\u{301}",
            "مرحبا",
            "emoji 😀",
        ] {
            assert!(!text.chars().any(needs_escape), "{text:?}");
            assert_eq!(shown(text), text);
        }
    }

    #[test]
    fn a_backslash_is_escaped_so_escapes_cannot_be_forged() {
        // The text `\u{202e}` (eight characters) and the character U+202E
        // must not show alike.
        assert_eq!(shown(r"\u{202e}"), r"\\u{202e}");
        assert_ne!(shown(r"\u{202e}"), shown("\u{202e}"));
    }
}
