//! ZEGO's common response: `Code`, `Message`, `RequestId` and `Data`.
//!
//! Every server API answers with this JSON object ("Common response
//! parameters"): `Code` 0 means success, any other value is a failure
//! listed in the product's "Return codes" page
//! (<https://zegocloud.com/docs/zim-server/return-codes>). A few APIs put
//! their results beside `Data` rather than in it; those fields are kept
//! in [`ApiResponse::other`].

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::ApiError;

/// A successful answer: `Code` was 0.
///
/// `T` is the shape of `Data` (by default any JSON value).
///
/// ```
/// use zego_token::server_api::{ApiError, ApiResponse};
///
/// let ok: ApiResponse = ApiResponse::from_json(
///     br#"{"Code":0,"Message":"success","RequestId":"955607951583870294","Data":{"UserCount":3}}"#)?;
/// assert_eq!(ok.data.unwrap()["UserCount"], 3);
///
/// let refused = ApiResponse::<serde_json::Value>::from_json(
///     br#"{"Code":100000004,"Message":"signature expired","RequestId":"1"}"#).unwrap_err();
/// assert_eq!(refused.code(), Some(100000004));
/// # Ok::<(), ApiError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiResponse<T = Value> {
    /// `Message` ("success" and the like).
    pub message: String,
    /// `RequestId`: quote it to ZEGO's support.
    pub request_id: String,
    /// `Data`, when the response has one (and it is not `null`).
    pub data: Option<T>,
    /// Every other top-level field.
    pub other: Map<String, Value>,
}

/// The response as sent, before `Code` is looked at.
#[derive(Deserialize)]
struct Envelope {
    #[serde(rename = "Code")]
    code: i64,
    #[serde(rename = "Message", default)]
    message: String,
    #[serde(
        rename = "RequestId",
        default,
        deserialize_with = "crate::scalar::string_or_integer"
    )]
    request_id: String,
    #[serde(rename = "Data", default)]
    data: Value,
    #[serde(flatten)]
    other: Map<String, Value>,
}

impl<T: DeserializeOwned> ApiResponse<T> {
    /// Reads a response body.
    ///
    /// # Errors
    ///
    /// [`ApiError::Zego`] when `Code` is not 0; [`ApiError::Response`] when
    /// the body is not a JSON object with an integer `Code`, or `Data` is
    /// not a `T`.
    pub fn from_json(body: &[u8]) -> Result<Self, ApiError> {
        let envelope: Envelope = serde_json::from_slice(body)
            .map_err(|e| ApiError::Response(format!("not ZEGO's common response: {e}")))?;
        if envelope.code != 0 {
            return Err(ApiError::Zego {
                code: envelope.code,
                message: envelope.message,
                request_id: envelope.request_id,
            });
        }
        let data = match envelope.data {
            Value::Null => None,
            data => Some(
                serde_json::from_value(data)
                    .map_err(|e| ApiError::Response(format!("unexpected Data: {e}")))?,
            ),
        };
        Ok(ApiResponse {
            message: envelope.message,
            request_id: envelope.request_id,
            data,
            other: envelope.other,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct UserNum {
        #[serde(rename = "UserCount")]
        user_count: u32,
    }

    #[test]
    fn data_is_typed_and_other_fields_are_kept() {
        let r: ApiResponse<UserNum> = ApiResponse::from_json(
            br#"{"Code":0,"Message":"success","RequestId":123,"Data":{"UserCount":3},"ErrorList":[]}"#,
        )
        .unwrap();
        assert_eq!(r.data, Some(UserNum { user_count: 3 }));
        assert_eq!(r.request_id, "123");
        assert_eq!(r.other["ErrorList"], serde_json::json!([]));
        let r: ApiResponse<UserNum> =
            ApiResponse::from_json(br#"{"Code":0,"Message":"success","RequestId":"1"}"#).unwrap();
        assert_eq!(r.data, None);
    }

    #[test]
    fn non_zero_code_is_an_error_and_bad_shapes_are_response_errors() {
        let err = ApiResponse::<Value>::from_json(
            br#"{"Code":100000005,"Message":"invalid signature","RequestId":"r1"}"#,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "ZEGO refused the request: code 100000005: invalid signature (RequestId r1)"
        );
        for (body, start) in [
            (
                &b"<html>"[..],
                "ZEGO's response is not what was expected: not ZEGO's common response",
            ),
            (
                br#"{"Message":"x"}"#,
                "ZEGO's response is not what was expected: not ZEGO's common response: missing field `Code`",
            ),
            (
                br#"{"Code":0,"Data":{"UserCount":"x"}}"#,
                "ZEGO's response is not what was expected: unexpected Data",
            ),
        ] {
            let err = ApiResponse::<UserNum>::from_json(body).unwrap_err();
            assert!(matches!(err, ApiError::Response(_)));
            assert!(err.to_string().starts_with(start), "{err}");
        }
    }
}
