//! Reading TOKEN arguments, where `-` means standard input.

use std::io::Read;

use crate::error::CliError;

/// The largest token04 is about 87,000 characters (a 65,535-byte ciphertext
/// in base64); one MiB leaves room for kit tokens and stray whitespace while
/// keeping `zego-token decode - < /dev/zero` from eating memory.
const MAX_TOKEN_INPUT: usize = 1 << 20;

/// The token named by a TOKEN argument: the argument itself, or for `-`
/// standard input without surrounding whitespace (`echo` adds a newline;
/// a token never contains whitespace).
pub fn token(arg: &str, stdin: &mut dyn Read) -> Result<String, CliError> {
    if arg != "-" {
        return Ok(arg.to_owned());
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
