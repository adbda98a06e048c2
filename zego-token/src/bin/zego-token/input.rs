//! Reading TOKEN arguments, where `-` means standard input, and telling a
//! kit token pasted whole from a bare token04.

use std::io::Read;

use zego_token::KitToken;

use crate::error::CliError;

/// The largest token04 is about 87,000 characters (a 65,535-byte ciphertext
/// in base64); one MiB leaves room for kit tokens and stray whitespace while
/// keeping `zego-token decode - < /dev/zero` from eating memory.
const MAX_TOKEN_INPUT: usize = 1 << 20;

/// The token named by a TOKEN argument: the argument itself, or for `-`
/// standard input; either way without surrounding whitespace (`echo` adds
/// a newline, a terminal paste may add spaces; a token never contains
/// whitespace).
pub fn token(arg: &str, stdin: &mut dyn Read) -> Result<String, CliError> {
    if arg != "-" {
        return Ok(arg.trim().to_owned());
    }
    let bytes = read_limited(stdin, MAX_TOKEN_INPUT, "the token")?;
    let text = String::from_utf8(bytes)
        .map_err(|_| CliError::Input("the token on standard input is not UTF-8 text".into()))?;
    let token = text.trim();
    if token.is_empty() {
        return Err(CliError::Input("standard input holds no token".into()));
    }
    Ok(token.to_owned())
}

/// A TOKEN argument that may be a UIKit kit token (`token04#room data`),
/// which is what UIKit apps pass around.
#[derive(Debug)]
pub struct Pasted {
    /// The token04: the whole text, or the part before the kit's `#`.
    pub token: String,
    /// The kit token, when the text is one.
    pub kit: Option<KitToken>,
}

/// [`token`], read as a kit token when it has the kit's `#` (no base64
/// character is `#`, so a bare token04 never has one).
pub fn token_or_kit(arg: &str, stdin: &mut dyn Read) -> Result<Pasted, CliError> {
    let text = token(arg, stdin)?;
    if !text.contains('#') {
        return Ok(Pasted {
            token: text,
            kit: None,
        });
    }
    let kit = KitToken::parse(&text)?;
    Ok(Pasted {
        token: kit.token().to_owned(),
        kit: Some(kit),
    })
}

/// Reads all of `stdin`, refusing more than `limit` bytes.
pub fn read_limited(stdin: &mut dyn Read, limit: usize, what: &str) -> Result<Vec<u8>, CliError> {
    let mut bytes = Vec::new();
    let limit_plus_one = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    stdin
        .take(limit_plus_one)
        .read_to_end(&mut bytes)
        .map_err(|e| CliError::Input(format!("cannot read {what} from standard input: {e}")))?;
    if bytes.len() > limit {
        return Err(CliError::Input(format!(
            "{what} on standard input is longer than {limit} bytes"
        )));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dash_reads_stdin_and_trims_the_newline() {
        let mut stdin: &[u8] = b"04abc\r\n";
        assert_eq!(token("-", &mut stdin).unwrap(), "04abc");
        let mut untouched: &[u8] = b"ignored";
        assert_eq!(token("04xyz", &mut untouched).unwrap(), "04xyz");
    }

    #[test]
    fn whitespace_around_an_argument_is_ignored_too() {
        let mut untouched: &[u8] = b"";
        assert_eq!(token(" \t04xyz\n", &mut untouched).unwrap(), "04xyz");
    }

    #[test]
    fn a_kit_token_is_split_into_its_token04_and_fields() {
        let token04 = "04AAAAAGVT/xAAEDAxMjM0NTY3ODlhYmNkZWYAcPDOWcZeMCPxbh1dpHzCTRH0tbs1JDwaSloPPpfrCE29tUW/QA7cBUDbJW7EPsVPsGpO/KyXwgxISYw5q52prPMSDPSd273V+GccmQjr86yJzXgjAi1WOIdNYImOOK+KUyRl6LN2rT4pm+K4yG/IxH0=";
        let kit = KitToken::new(zego_token::KitParts {
            app_id: 1,
            token: token04,
            room_id: "room1",
            user_id: "demo",
            user_name: "Zoë",
        })
        .unwrap();
        let mut stdin = format!("  {kit}\r\n");
        let pasted = token_or_kit("-", &mut stdin.as_bytes()).unwrap();
        assert_eq!(pasted.token, token04);
        assert_eq!(pasted.kit, Some(kit));
        stdin.clear();
        let pasted = token_or_kit(token04, &mut stdin.as_bytes()).unwrap();
        assert_eq!((pasted.token.as_str(), pasted.kit), (token04, None));
        let err = token_or_kit(&format!("{token04}#e30="), &mut stdin.as_bytes()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "error: invalid kit token: room data is not the JSON UIKit builds"
        );
    }

    #[test]
    fn oversized_or_binary_stdin_is_an_input_error() {
        let big = vec![b'A'; MAX_TOKEN_INPUT + 1];
        let err = token("-", &mut big.as_slice()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "error: the token on standard input is longer than 1048576 bytes"
        );
        let err = token("-", &mut &b" \n"[..]).unwrap_err();
        assert_eq!(err.to_string(), "error: standard input holds no token");
        let err = token("-", &mut &b"04\xff"[..]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "error: the token on standard input is not UTF-8 text"
        );
    }
}
