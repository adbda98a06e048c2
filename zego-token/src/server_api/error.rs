//! What can go wrong calling a server API: ZEGO's refusal (its non-zero
//! `Code`), or the way there and back.
//!
//! No variant holds a URL, a query or a header, so neither the secret nor a
//! request's signature can reach a message; text that comes from ZEGO's
//! response is escaped and shortened when displayed.

use crate::text::Shown;

/// Why a server API call failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ApiError {
    /// ZEGO answered with a non-zero `Code`: the request was refused or
    /// failed. [`ApiError::code`] gives the code (for instance 100000004:
    /// signature expired; 100000005: invalid signature).
    #[error(
        "ZEGO refused the request: code {code}: {} (RequestId {})",
        Shown(message),
        Shown(request_id)
    )]
    Zego {
        /// ZEGO's `Code`, never 0.
        code: i64,
        /// ZEGO's `Message`.
        message: String,
        /// ZEGO's `RequestId`, for ZEGO's support.
        request_id: String,
    },

    /// The action name is empty, longer than 64 bytes, or not ASCII letters,
    /// digits and `_`.
    #[error("invalid action: it must be 1 to 64 ASCII letters, digits or '_'")]
    InvalidAction,

    /// The base URL cannot carry a signed request.
    #[error("invalid base URL: {0}")]
    BaseUrl(&'static str),

    /// The action's parameters cannot be written as a query string or JSON
    /// body (a nested structure in a query, say).
    #[error("the request parameters cannot be encoded: {}", Shown(.0))]
    Params(String),

    /// No complete answer within the client's timeout.
    #[error("the request to ZEGO timed out")]
    Timeout,

    /// The request could not be sent or its answer not read (DNS, TCP,
    /// TLS, a broken connection).
    #[error("the request to ZEGO failed: {}", Shown(.0))]
    Transport(String),

    /// An HTTP error status without ZEGO's JSON response.
    #[error("ZEGO answered HTTP {status} without its JSON response")]
    Status {
        /// The HTTP status code.
        status: u16,
    },

    /// The response body is longer than the client accepts.
    #[error("ZEGO's response is longer than {limit} bytes")]
    TooLarge {
        /// The client's limit, in bytes.
        limit: usize,
    },

    /// The response is not ZEGO's common response, or its `Data` is not
    /// the type asked for.
    #[error("ZEGO's response is not what was expected: {}", Shown(.0))]
    Response(String),

    /// The HTTP client could not be built (the TLS backend failed to
    /// start).
    #[error("cannot build the HTTP client: {}", Shown(.0))]
    Client(String),
}

impl ApiError {
    /// ZEGO's `Code`, for [`ApiError::Zego`].
    pub fn code(&self) -> Option<i64> {
        match self {
            ApiError::Zego { code, .. } => Some(*code),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zego_errors_carry_the_code_and_show_escaped_short_text() {
        let err = ApiError::Zego {
            code: 100_000_005,
            message: "bad\nsignature\u{202e}".into(),
            request_id: "1".repeat(300),
        };
        assert_eq!(err.code(), Some(100_000_005));
        let text = err.to_string();
        assert!(text.starts_with(
            "ZEGO refused the request: code 100000005: bad\\nsignature\\u{202e} (RequestId 111"
        ));
        assert!(text.ends_with("1…)"), "{text}");
        assert!(!text.contains('\n'));
        assert_eq!(ApiError::Timeout.code(), None);
    }
}
