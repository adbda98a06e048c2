//! User IDs: the rule a minted one must meet, and the type decoded claims
//! carry one in.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

use arrayvec::ArrayString;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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

/// The user ID of decoded [`Claims`](crate::Claims).
///
/// Use it as a `str`: it derefs to one and compares with `&str`, `String`
/// and `str`. IDs of up to [`MAX_USER_ID_LEN`] bytes (every ID ZEGO
/// accepts) are stored inline, so decoding a token does not allocate for its
/// user ID; that malloc and free were an eighth of the cost of decoding a
/// basic token. A longer ID, which another generator may have minted, is
/// kept on the heap rather than refused: decoding reports what the token
/// says.
///
/// ```
/// use zego_token::UserId;
///
/// let id = UserId::from("alice");
/// assert_eq!(id, "alice");
/// assert_eq!(id.len(), 5); // any `str` method
/// let owned: String = id.into();
/// assert_eq!(owned, "alice");
/// ```
#[derive(Clone)]
pub struct UserId(Repr);

/// Inline exactly when the ID fits, so equal IDs always have equal
/// representations (the comparisons below go through `as_str` anyway).
#[derive(Clone)]
enum Repr {
    Inline(ArrayString<MAX_USER_ID_LEN>),
    Heap(Box<str>),
}

impl UserId {
    /// The ID as a string slice.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Inline(s) => s.as_str(),
            Repr::Heap(s) => s,
        }
    }

    /// The ID as an owned `String` (one allocation).
    pub fn into_string(self) -> String {
        match self.0 {
            Repr::Inline(s) => s.as_str().to_owned(),
            Repr::Heap(s) => s.into_string(),
        }
    }
}

impl From<&str> for UserId {
    fn from(s: &str) -> Self {
        UserId(match ArrayString::from(s) {
            Ok(inline) => Repr::Inline(inline),
            Err(_) => Repr::Heap(s.into()),
        })
    }
}

impl From<String> for UserId {
    fn from(s: String) -> Self {
        if s.len() <= MAX_USER_ID_LEN {
            UserId::from(s.as_str())
        } else {
            UserId(Repr::Heap(s.into_boxed_str()))
        }
    }
}

impl From<UserId> for String {
    fn from(id: UserId) -> Self {
        id.into_string()
    }
}

impl Deref for UserId {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for UserId {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for UserId {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for UserId {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for UserId {}

impl PartialOrd for UserId {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for UserId {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

/// Hashes as the `str` does, as `Borrow<str>` requires.
impl Hash for UserId {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

/// `UserId == str`, `&str` and `String`, in both directions.
macro_rules! eq_str {
    ($($other:ty),*) => {$(
        impl PartialEq<$other> for UserId {
            fn eq(&self, other: &$other) -> bool {
                self.as_str() == AsRef::<str>::as_ref(other)
            }
        }

        impl PartialEq<UserId> for $other {
            fn eq(&self, other: &UserId) -> bool {
                AsRef::<str>::as_ref(self) == other.as_str()
            }
        }
    )*};
}

eq_str!(str, &str, String);

impl Serialize for UserId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for UserId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl serde::de::Visitor<'_> for Visitor {
            type Value = UserId;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a user ID string")
            }

            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<UserId, E> {
                Ok(UserId::from(s))
            }

            fn visit_string<E: serde::de::Error>(self, s: String) -> Result<UserId, E> {
                Ok(UserId::from(s))
            }
        }

        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn ids_up_to_the_limit_are_inline_and_longer_ones_are_kept() {
        let at_limit = "a".repeat(MAX_USER_ID_LEN);
        let over = "b".repeat(MAX_USER_ID_LEN + 1);
        assert!(matches!(UserId::from(at_limit.as_str()).0, Repr::Inline(_)));
        assert!(matches!(UserId::from(at_limit.clone()).0, Repr::Inline(_)));
        assert!(matches!(UserId::from(over.as_str()).0, Repr::Heap(_)));
        assert_eq!(UserId::from(over.clone()), over);
        assert_eq!(UserId::from(over.as_str()).into_string(), over);
        assert_eq!(String::from(UserId::from(at_limit.clone())), at_limit);
    }

    #[test]
    fn compares_orders_and_hashes_as_its_text() {
        let id = UserId::from("ユーザー");
        assert_eq!(id, "ユーザー");
        assert_eq!("ユーザー", id);
        assert_eq!(id, *"ユーザー");
        assert_eq!(id, String::from("ユーザー"));
        assert_ne!(id, "ユーザ");
        let mut ids = vec![UserId::from("b"), UserId::from("a")];
        ids.sort();
        assert_eq!(ids, ["a", "b"]);
        let set: HashSet<UserId> = [UserId::from("x")].into();
        assert!(set.contains("x"));
        assert_eq!(format!("{id} {id:?}"), "ユーザー \"ユーザー\"");
    }

    #[test]
    fn serde_round_trip_and_escapes() {
        let id: UserId = serde_json::from_str(r#""a\"b\u00e9""#).unwrap();
        assert_eq!(id, "a\"bé");
        assert_eq!(serde_json::to_string(&id).unwrap(), r#""a\"bé""#);
        let err = serde_json::from_str::<UserId>("7").unwrap_err();
        assert!(err.to_string().contains("a user ID string"), "{err}");
    }

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
