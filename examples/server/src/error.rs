//! The JSON error both examples answer with.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// `{"error": "...", "code": 3}` with a status; `code` is ZEGO's official
/// error code where there is one, else `null`. Callers never put raw
/// request text in `error` (the token server quotes it only through its
/// `Escaped`).
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    error: String,
    code: Option<u32>,
}

impl ApiError {
    /// An error with no ZEGO code.
    pub fn new(status: StatusCode, error: impl Into<String>) -> Self {
        ApiError {
            status,
            error: error.into(),
            code: None,
        }
    }

    /// A 400, with ZEGO's code where there is one.
    pub fn bad_request(error: impl Into<String>, code: Option<u32>) -> Self {
        ApiError {
            code,
            ..ApiError::new(StatusCode::BAD_REQUEST, error)
        }
    }

    /// The status it answers with.
    pub fn status(&self) -> StatusCode {
        self.status
    }
}

/// Every library error a request can trigger is about its input: 400.
/// (Library messages carry lengths and positions, never the input.)
impl From<zego_token::Error> for ApiError {
    fn from(err: zego_token::Error) -> Self {
        ApiError::bad_request(err.to_string(), err.code())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        #[derive(Serialize)]
        struct Body {
            error: String,
            code: Option<u32>,
        }
        if self.status == StatusCode::BAD_REQUEST {
            // The caller's mistake, not the operator's: INFO, not WARN.
            tracing::info!(error = %self.error, "refused a token request");
        }
        let body = Body {
            error: self.error,
            code: self.code,
        };
        (self.status, Json(body)).into_response()
    }
}
