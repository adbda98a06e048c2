//! `POST /zego/callback`: the callbacks ZEGO sends this server (room
//! created and closed, streams, ZIM messages, recordings), verified before
//! anything acts on them.
//!
//! ZEGO signs each callback with the app's CallbackSecret and sends it as
//! a JSON body (every product's default, `Content-Type: application/json`)
//! or, where ZEGO's support switched RTC callbacks to "POST/FORM", as form
//! fields (`application/x-www-form-urlencoded`); `CallbackParams` reads
//! `timestamp`, `nonce` and `signature` from either.
//!
//! What ZEGO expects back: "Returning HTTP status code 2XX (e.g. 200)
//! indicates success, other responses indicate failure", and without a 2XX
//! (or any response) it retries up to 5 times, 2, 4, 8, 16 and 32 s apart
//! ("Return response" and "Callback retry strategy" on every callback page,
//! e.g. <https://www.zegocloud.com/docs/real-time-voice-server/callback/room/created>
//! and <https://www.zegocloud.com/docs/zim-server/callbacks/room/room-destroyed>).
//! So a genuine callback gets a 200 (its body, `{}`, is not read by ZEGO),
//! and one that does not verify a 401 or 400 in this server's JSON error
//! shape, which ZEGO would retry and a forger learns nothing from. Retries
//! mean one event can arrive more than once: act on events idempotently.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode, header};
use example_server::{ApiError, Escaped};
use serde::{Deserialize, Serialize};
use zego_token::IssuerSpec;
use zego_token::TypedCallbackVerifier;
use zego_token::callback::{CallbackError, CallbackParams};

/// The largest callback body read, in bytes. ZEGO's callbacks are a few
/// hundred bytes; the largest (a ZIM message with its 32 KB body, escaped,
/// or a recording's file list) stay well below this.
pub const MAX_CALLBACK_BYTES: usize = 256 * 1024;

/// What a verified callback is answered with: `{}` and a 200.
#[derive(Debug, Serialize)]
pub struct Received {}

/// Verifies one callback for the app `T` with `T`'s verifier (so
/// production's endpoint cannot be given staging's), then acts on it.
pub async fn zego_callback<T: IssuerSpec>(
    State(verifier): State<TypedCallbackVerifier<T>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Received>, ApiError> {
    let body = body.map_err(|rejection| {
        let status = rejection.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                status,
                format!("the callback body is over {MAX_CALLBACK_BYTES} bytes"),
            )
        } else {
            ApiError::new(status, "cannot read the callback body")
        }
    })?;
    let form = is_form(&headers);
    let params = if form {
        CallbackParams::from_form(&body)
    } else {
        CallbackParams::from_json(&body)
    }
    .map_err(refused)?;
    verifier.verify(&params).map_err(refused)?;

    // Genuine: act on it. This example logs the event's name, escaped and
    // cut short (it is request text even when ZEGO sent it).
    let event = event_name(&body, form).unwrap_or_default();
    tracing::info!(event = %Escaped::prefix(&event), "verified a ZEGO callback");
    Ok(Json(Received {}))
}

/// Whether the body is form fields rather than JSON, by its content type.
fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|mime| {
            mime.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

/// A callback that does not verify: 401 when it is not signed with this
/// app's CallbackSecret or is too old (forged, replayed, or another app's),
/// 400 when it is no callback at all. The messages carry no request text
/// but what `CallbackError` escapes.
fn refused(err: CallbackError) -> ApiError {
    match err {
        CallbackError::Mismatch | CallbackError::Stale { .. } => {
            tracing::info!(error = %err, "refused a callback");
            ApiError::new(StatusCode::UNAUTHORIZED, err.to_string())
        }
        other => ApiError::bad_request(other.to_string(), None),
    }
}

/// The `event` field ZEGO's RTC and ZIM callbacks carry.
fn event_name(body: &[u8], form: bool) -> Option<String> {
    if form {
        return form_urlencoded::parse(body)
            .find(|(name, _)| name == "event")
            .map(|(_, value)| value.into_owned());
    }
    #[derive(Deserialize)]
    struct Event {
        event: Option<String>,
    }
    serde_json::from_slice::<Event>(body).ok()?.event
}
