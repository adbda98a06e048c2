//! Showing request-derived text in responses and log lines safely.

use std::fmt;

/// Text from a request as it may appear in a response or a log line:
/// quoted, with everything outside printable ASCII escaped (`\n`,
/// `\u{1b}`, `\u{202e}`, `\u{200b}`, `\u{eb}`...) and `"`, `'` and `\`
/// backslashed. No control, bidi or zero-width character gets through, no
/// two texts show alike (a look-alike letter from another script is
/// escaped too), and the shown text cannot end its quotes early.
///
/// [`prefix`](Escaped::prefix) shows the first [`Escaped::MAX_CHARS`]
/// characters and `...` when cut, for text of any length (a hostile query
/// parameter: the output is a few hundred bytes at most); [`full`](Escaped::full)
/// shows all of it, for text already bounded, such as a user ID the
/// library accepted (64 bytes at most).
#[derive(Debug, Clone, Copy)]
pub struct Escaped<'a> {
    text: &'a str,
    max_chars: Option<usize>,
}

impl<'a> Escaped<'a> {
    /// Characters [`prefix`](Escaped::prefix) shows before cutting.
    pub const MAX_CHARS: usize = 32;

    /// The first [`Escaped::MAX_CHARS`] characters of `text`.
    pub fn prefix(text: &'a str) -> Self {
        Escaped {
            text,
            max_chars: Some(Self::MAX_CHARS),
        }
    }

    /// All of `text`: only for text whose length is bounded already.
    pub fn full(text: &'a str) -> Self {
        Escaped {
            text,
            max_chars: None,
        }
    }
}

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        let mut chars = self.text.chars();
        for c in chars.by_ref().take(self.max_chars.unwrap_or(usize::MAX)) {
            write!(f, "{}", c.escape_default())?;
        }
        f.write_str("\"")?;
        if chars.next().is_some() {
            f.write_str("...")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_format_and_look_alike_characters_are_escaped() {
        let shown =
            Escaped::full("a\nb\u{1b}[2J\u{202e}\u{2066}\u{200b}\u{feff}\"\\'\u{430}").to_string();
        assert_eq!(
            shown,
            r#""a\nb\u{1b}[2J\u{202e}\u{2066}\u{200b}\u{feff}\"\\\'\u{430}""#
        );
        assert!(shown.chars().all(|c| c.is_ascii() && !c.is_ascii_control()));
    }

    #[test]
    fn prefix_cuts_and_full_does_not() {
        let long = "x".repeat(64);
        let other = format!("{}y", "x".repeat(63));
        assert_eq!(
            Escaped::prefix(&long).to_string(),
            format!("\"{}\"...", "x".repeat(32))
        );
        assert_eq!(
            Escaped::prefix(&long).to_string(),
            Escaped::prefix(&other).to_string()
        );
        // Two different 64-byte IDs never show alike in full.
        assert_ne!(
            Escaped::full(&long).to_string(),
            Escaped::full(&other).to_string()
        );
        assert_eq!(Escaped::full(&long).to_string(), format!("\"{long}\""));
        assert_eq!(Escaped::prefix("short").to_string(), "\"short\"");
    }
}
