//! The app of `examples/axum_app`: two ZEGO apps declared with the derive,
//! their typed issuers and callback verifiers in axum state, one generic
//! handler minting room tokens for the signed-in user, and one verifying
//! ZEGO's callbacks (`callback`).

mod callback;

use std::future::Future;

use axum::extract::rejection::QueryRejection;
use axum::extract::{DefaultBodyLimit, FromRef, FromRequestParts, Query, RawQuery, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::routing::post;
use axum::{Json, Router};
use example_server::{ApiError, Limits, json_fallbacks, mint_route};
use serde::{Deserialize, Serialize};
use tokio::net::TcpListener;
use zego_token::{App, Privilege, RtcSpec, TypedCallbackVerifier, TypedIssuer, ZegoTokenIssuer};

pub use callback::MAX_CALLBACK_BYTES;

/// The production app: app ID, lifetime, mode and where its secrets live
/// from `zego.toml`, checked while compiling; the secrets themselves from
/// `ZEGO_SERVER_SECRET` and `ZEGO_CALLBACK_SECRET` at start-up.
#[derive(Debug, ZegoTokenIssuer)]
#[zego(config = "zego.toml", profile = "production")]
pub struct Production;

/// The staging app, for testers: another app ID, 10-minute tokens, its own
/// secrets (`ZEGO_STAGING_SECRET`, `ZEGO_STAGING_CALLBACK_SECRET`).
#[derive(Debug, ZegoTokenIssuer)]
#[zego(config = "zego.toml", profile = "staging")]
pub struct Staging;

/// Everything the handlers share: each app's issuer, API signer and
/// callback verifier. Each is its own type, so a handler asking for
/// `State<TypedIssuer<Staging>>` or `State<TypedCallbackVerifier<Staging>>`
/// can never get production's.
#[derive(Clone, Debug)]
pub struct AppState {
    production: App<Production>,
    staging: App<Staging>,
}

impl AppState {
    /// Reads and checks every secret of both apps, so a bad or missing
    /// secret stops the server at start-up rather than failing the first
    /// user or callback.
    ///
    /// # Errors
    ///
    /// When `ZEGO_SERVER_SECRET` or `ZEGO_STAGING_SECRET` is unset or does
    /// not hold a secret, or a callback secret's variable is unset or empty;
    /// the error names the variable and never shows its value.
    pub fn from_env() -> Result<Self, zego_token::Error> {
        Ok(AppState {
            production: Production::app()?,
            staging: Staging::app()?,
        })
    }
}

// How `State<TypedIssuer<T>>` and `State<TypedCallbackVerifier<T>>` find
// what belongs to `T` in the shared state: one impl per app and part.
impl FromRef<AppState> for TypedIssuer<Production> {
    fn from_ref(state: &AppState) -> Self {
        state.production.issuer().clone()
    }
}

impl FromRef<AppState> for TypedIssuer<Staging> {
    fn from_ref(state: &AppState) -> Self {
        state.staging.issuer().clone()
    }
}

impl FromRef<AppState> for TypedCallbackVerifier<Production> {
    fn from_ref(state: &AppState) -> Self {
        state.production.callback_verifier().clone()
    }
}

impl FromRef<AppState> for TypedCallbackVerifier<Staging> {
    fn from_ref(state: &AppState) -> Self {
        state.staging.callback_verifier().clone()
    }
}

/// `GET /token?room_id=R` for production, `GET /staging/token?room_id=R`
/// for staging: the same generic handler, one route per app. Tokens are
/// never cached, HEAD mints nothing (405, like other methods), and 404s
/// and 405s answer in the same JSON shape as every other error.
///
/// `POST /zego/callback` and `POST /staging/zego/callback`: the callback
/// URLs to set in each app's ZEGO console, each verified with its own app's
/// CallbackSecret; bodies over [`MAX_CALLBACK_BYTES`] are refused unread
/// (413).
pub fn router(state: AppState) -> Router {
    let callback = |route: axum::routing::MethodRouter<AppState>| {
        route.layer(DefaultBodyLimit::max(MAX_CALLBACK_BYTES))
    };
    let router = Router::new()
        .route("/token", mint_route(room_token::<Production>))
        .route("/staging/token", mint_route(room_token::<Staging>))
        .route(
            "/zego/callback",
            callback(post(callback::zego_callback::<Production>)),
        )
        .route(
            "/staging/zego/callback",
            callback(post(callback::zego_callback::<Staging>)),
        )
        .with_state(state);
    json_fallbacks(router)
}

/// Serves until `shutdown` completes. The connection side is the
/// repository's shared one (`examples/server`): every phase of every
/// connection bounded by `limits`, slots with shedding, bounded shutdown.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    limits: &Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    example_server::serve(listener, router(state), limits, shutdown).await;
}

/// The signed-in user making the request.
///
/// **This is where real authentication plugs in**: verify your session
/// cookie or bearer token here and take the user ID from it. This example
/// trusts the `X-User-Id` header, which any client can forge.
#[derive(Debug)]
pub struct SignedInUser(String);

impl<S: Send + Sync> FromRequestParts<S> for SignedInUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        match parts.headers.get("x-user-id").map(|v| v.to_str()) {
            Some(Ok(user)) if !user.is_empty() => Ok(SignedInUser(user.to_owned())),
            _ => Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "not signed in: send the X-User-Id header",
            )),
        }
    }
}

/// The query string of a token request.
#[derive(Debug, Deserialize)]
pub struct RoomQuery {
    room_id: Option<String>,
}

/// A minted token.
#[derive(Debug, Serialize)]
struct TokenResponse {
    token: String,
    expire_at: i64,
    app_id: u32,
}

/// Mints a token letting the signed-in user log in to the room and publish.
/// Generic over every RTC app: `T: RtcSpec` is what makes `issuer.token(..)`
/// and the privilege builders available on `TypedIssuer<T>`.
async fn room_token<T: RtcSpec>(
    State(issuer): State<TypedIssuer<T>>,
    SignedInUser(user_id): SignedInUser,
    RawQuery(raw): RawQuery,
    query: Result<Query<RoomQuery>, QueryRejection>,
) -> Result<Json<TokenResponse>, ApiError> {
    // axum's Query would turn invalid UTF-8 into U+FFFD: `%FF` and `%FE`
    // would name the same room.
    example_server::check_utf8(raw.as_deref().unwrap_or_default())
        .map_err(|message| ApiError::bad_request(message, None))?;
    let room_id = query
        .ok()
        .and_then(|Query(q)| q.room_id)
        .filter(|room| !room.is_empty())
        .ok_or_else(|| {
            ApiError::bad_request("room_id is required: GET /token?room_id=ROOM", None)
        })?;
    let privilege = Privilege::new(room_id).with_login(true).with_publish(true);
    let token = issuer.token(&user_id).with_privilege(&privilege).issue()?;
    // No token, user or room text in the log: the token is a credential,
    // the rest comes from the request.
    tracing::info!(app_id = issuer.app_id(), "issued a room token");
    Ok(Json(TokenResponse {
        expire_at: token.expire(),
        token: token.into_string(),
        app_id: issuer.app_id(),
    }))
}
