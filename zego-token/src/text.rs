//! Text from outside (a response, a request, a path) made safe to show in
//! a one-line message.

use std::fmt;

use crate::escape::escape;

/// Most characters a message shows of one such text.
const SHOWN_CHARS: usize = 200;

/// Displays its text on one line, escaped by [`escape`] (controls,
/// bidirectional and zero-width characters and the rest of what
/// [`needs_escape`](crate::escape::needs_escape) names), at most
/// [`SHOWN_CHARS`] characters, then `…`.
pub(crate) struct Shown<'a>(pub(crate) &'a str);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.char_indices().nth(SHOWN_CHARS) {
            Some((cut, _)) => write!(f, "{}…", escape(&self.0[..cut])),
            None => write!(f, "{}", escape(self.0)),
        }
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
