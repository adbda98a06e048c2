//! Text from outside (a response, a request, a path) made safe to show in
//! a one-line message.

use std::fmt;

/// Most characters a message shows of one such text.
const SHOWN_CHARS: usize = 200;

/// Displays its text on one line: control, bidirectional and zero-width
/// characters escaped, at most [`SHOWN_CHARS`] characters, then `…`.
pub(crate) struct Shown<'a>(pub(crate) &'a str);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut chars = self.0.chars();
        for c in chars.by_ref().take(SHOWN_CHARS) {
            if c.is_control()
                || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
            {
                write!(f, "{}", c.escape_unicode())?;
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
        assert_eq!(Shown("a\nb\u{202e}c").to_string(), "a\\u{a}b\\u{202e}c");
        let long = "x".repeat(SHOWN_CHARS + 1);
        assert_eq!(Shown(&long).to_string(), format!("{}…", &long[1..]));
        assert_eq!(Shown("Zoë").to_string(), "Zoë");
    }
}
