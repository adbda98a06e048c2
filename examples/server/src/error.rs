//! The JSON error both examples answer with, for every error they make
//! themselves: `{"error": "..."}`, plus `"code"` (ZEGO's generator code)
//! and `"client_code"` (the error a ZEGO client would report) where ZEGO
//! has them.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde::Serialize;

/// `{"error": "...", "code": 3, "client_code": 1002006}` with a status;
/// `code` is ZEGO's official generator error code, `client_code` the error
/// a ZEGO client reports for the same input (a user ID with a character it
/// refuses: 1002006), each present only where there is one. Callers never
/// put raw request text in `error`, only [`Escaped`](crate::Escaped) text
/// (library messages name positions, never the input).
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    error: String,
    code: Option<u32>,
    client_code: Option<u32>,
}

impl ApiError {
    /// An error with no ZEGO code.
    pub fn new(status: StatusCode, error: impl Into<String>) -> Self {
        ApiError {
            status,
            error: error.into(),
            code: None,
            client_code: None,
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

/// Every library error a request can trigger is about its input: 400,
/// with ZEGO's generator and client codes. (Library messages carry lengths
/// and positions, never the input.)
impl From<zego_token::Error> for ApiError {
    fn from(err: zego_token::Error) -> Self {
        ApiError {
            client_code: err.client_code(),
            ..ApiError::bad_request(err.to_string(), err.code())
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        #[derive(Serialize)]
        struct Body {
            error: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            code: Option<u32>,
            #[serde(skip_serializing_if = "Option::is_none")]
            client_code: Option<u32>,
        }
        if self.status == StatusCode::BAD_REQUEST {
            // The caller's mistake, not the operator's: INFO, not WARN.
            tracing::info!(error = %self.error, "refused a bad request");
        }
        let body = Body {
            error: self.error,
            code: self.code,
            client_code: self.client_code,
        };
        (self.status, Json(body)).into_response()
    }
}

/// `router` with its 404 (no such path) and 405 (no such method on a
/// path; axum adds the `Allow` header) in the [`ApiError`] shape. Call it
/// after the last route is added.
pub fn json_fallbacks(router: Router) -> Router {
    router
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no such endpoint")
}

pub(crate) async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method not allowed: see the Allow header",
    )
}
