//! The one check axum's query decoding lacks.

use percent_encoding::percent_decode_str;

/// Why a query string was refused by [`check_utf8`].
pub const NOT_UTF8: &str = "the query string is not UTF-8 after percent-decoding";

/// Refuses a query string that is not UTF-8 after percent-decoding.
///
/// axum's `Query` (serde_urlencoded, form_urlencoded) replaces invalid
/// UTF-8 with U+FFFD, so `%FF`, `%FE` and `%EF%BF%BD` would all decode to
/// the same user or room. Checking the whole query at once is enough: the
/// `&` and `=` separators are raw ASCII, so the decoded query is UTF-8
/// exactly when every decoded name and value is (`+` is ASCII too, and
/// decodes to one).
///
/// # Errors
///
/// [`NOT_UTF8`], a message fit for a 400.
pub fn check_utf8(query: &str) -> Result<(), &'static str> {
    match percent_decode_str(query).decode_utf8() {
        Ok(_) => Ok(()),
        Err(_) => Err(NOT_UTF8),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_anywhere_is_refused() {
        for query in ["user_id=%FF", "a%C3=1", "x=1&room_id=%80", "r=%E2%82&x=%AC"] {
            assert_eq!(check_utf8(query), Err(NOT_UTF8), "{query}");
        }
        for query in [
            "",
            "user_id=%EF%BF%BD",
            "room_id=Zo%C3%AB+1&x=%E6%88%BF",
            "a=%zz",
        ] {
            assert_eq!(check_utf8(query), Ok(()), "{query}");
        }
    }
}
