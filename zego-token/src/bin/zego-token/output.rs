//! What the commands print: text from a token (user IDs, payloads, a kit
//! token's room ID and user name) can carry terminal escapes and Unicode
//! format characters such as U+202E, which reverses what follows it. The
//! library's one rule (`zego_token::needs_escape`) decides what is escaped,
//! in both outputs:
//!
//! - lines for people, through `zego_token::escape` (`\u{202e}`);
//! - `--json`, as JSON's own `\u202e` escapes, so a script reads back the
//!   exact text while a terminal shows nothing it could be fooled by.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter};

/// Writes `value` as one line of JSON, escaping what the library's rule
/// names.
pub fn write_json(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(&mut *out, EscapingFormatter);
    value.serialize(&mut serializer).map_err(io::Error::from)?;
    writeln!(out)
}

/// serde_json's compact output, with every character `needs_escape`
/// names written as `\uXXXX` (serde_json already escapes `"`, `\` and the
/// C0 controls before a fragment gets here).
struct EscapingFormatter;

impl Formatter for EscapingFormatter {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some(at) = rest.find(zego_token::needs_escape) {
            writer.write_all(&rest.as_bytes()[..at])?;
            let c = rest[at..].chars().next().expect("found at a char boundary");
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            rest = &rest[at + c.len_utf8()..];
        }
        CompactFormatter.write_string_fragment(writer, rest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> String {
        let mut out = Vec::new();
        write_json(&mut out, &text).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn json_escapes_format_characters_and_round_trips() {
        let text = "Alice\u{202e}nimda\u{200b} \u{1b}[2J \\ \"q\" Zoë 😀 \u{e0041}";
        let line = json(text);
        assert_eq!(
            line,
            "\"Alice\\u202enimda\\u200b \\u001b[2J \\\\ \\\"q\\\" Zoë 😀 \\udb40\\udc41\"\n"
        );
        assert!(
            !line
                .chars()
                .any(|c| c != '\n' && zego_token::needs_escape(c) && c != '\\')
        );
        assert_eq!(serde_json::from_str::<String>(&line).unwrap(), text);
    }
}
