//! User IDs: the rule a minted one must meet, and the rule on control
//! characters every ID or name a token carries shares.

use crate::error::{Error, UserIdProblem};

/// Longest user ID ZEGO accepts, in bytes.
pub const MAX_USER_ID_LEN: usize = 64;

/// Checks a user ID the way ZEGO's servers will: 1 to 64 bytes, no control
/// characters (which also keeps it printable in logs and kit tokens).
pub(crate) fn validate_user_id(user_id: &str) -> Result<(), Error> {
    if user_id.is_empty() {
        return Err(Error::UserId(UserIdProblem::Empty));
    }
    if user_id.len() > MAX_USER_ID_LEN {
        return Err(Error::UserId(UserIdProblem::TooLong { len: user_id.len() }));
    }
    if let Some(at) = control_character_at(user_id) {
        return Err(Error::UserId(UserIdProblem::ControlCharacter { at }));
    }
    Ok(())
}

/// The rule for every ID or name a token or kit token carries (user ID,
/// room ID, kit user name): no control characters (Unicode `Cc`: C0, DEL,
/// C1). They would let one input forge log lines or terminal escapes
/// wherever the text is shown. Returns the byte offset of the first one.
pub(crate) fn control_character_at(text: &str) -> Option<usize> {
    // Printable ASCII, which almost every ID is, has no control character:
    // one pass over the bytes instead of decoding each char.
    if text
        .bytes()
        .fold(true, |printable, b| printable & (b' '..=b'~').contains(&b))
    {
        return None;
    }
    text.char_indices()
        .find(|(_, c)| c.is_control())
        .map(|(at, _)| at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_codes() {
        assert!(matches!(
            validate_user_id(""),
            Err(Error::UserId(UserIdProblem::Empty))
        ));
        assert!(matches!(
            validate_user_id(&"x".repeat(65)),
            Err(Error::UserId(UserIdProblem::TooLong { len: 65 }))
        ));
        assert!(matches!(
            validate_user_id("a\u{7f}"),
            Err(Error::UserId(UserIdProblem::ControlCharacter { at: 1 }))
        ));
        assert!(validate_user_id(&"x".repeat(64)).is_ok());
    }
}
