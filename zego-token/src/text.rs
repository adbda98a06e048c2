//! Text from outside (a response, a request, a path) made safe to show in
//! a one-line message.

use std::fmt;

use crate::escape::needs_escape;

/// Most characters a message shows of one such text.
const SHOWN_CHARS: usize = 200;

/// Displays its text on one line, escaped as [`crate::escape`] does
/// (controls, bidirectional and zero-width characters and the rest of what
/// [`needs_escape`] names), at most [`SHOWN_CHARS`] characters, then `…`.
pub(crate) struct Shown<'a>(pub(crate) &'a str);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut chars = self.0.chars();
        for c in chars.by_ref().take(SHOWN_CHARS) {
            if needs_escape(c) {
                write!(f, "{}", c.escape_default())?;
            } else {
                write!(f, "{c}")?;
            }
        }
        if chars.next().is_some() {
            f.write_str("…")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_short_line() {
        assert_eq!(Shown("a\nb\u{202e}c").to_string(), "a\\nb\\u{202e}c");
        let long = "x".repeat(SHOWN_CHARS + 1);
        assert_eq!(Shown(&long).to_string(), format!("{}…", &long[1..]));
        assert_eq!(Shown("Zoë").to_string(), "Zoë");
    }
}
