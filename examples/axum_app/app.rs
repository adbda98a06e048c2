//! The app of `examples/axum_app`: two ZEGO apps declared with the derive,
//! their typed issuers in axum state, and one generic handler minting room
//! tokens for the signed-in user.

use std::future::Future;

use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRef, FromRequestParts, Query, RawQuery, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::{Json, Router};
use example_server::{ApiError, Limits, json_fallbacks, mint_route};
use serde::{Deserialize, Serialize};
use tokio::net::TcpListener;
use zego_token::{Privilege, RtcSpec, TypedIssuer, ZegoTokenIssuer};

/// The production app: app ID, lifetime and mode from `zego.toml`, checked
/// while compiling; its secret from `ZEGO_SERVER_SECRET` at start-up.
#[derive(Debug, ZegoTokenIssuer)]
#[zego(config = "zego.toml", profile = "production")]
pub struct Production;

/// The staging app, for testers: another app ID and secret
/// (`ZEGO_STAGING_SECRET`), 10-minute tokens.
#[derive(Debug, ZegoTokenIssuer)]
#[zego(config = "zego.toml", profile = "staging")]
pub struct Staging;

/// Everything the handlers share. Each issuer is its own type, so a handler
/// asking for `State<TypedIssuer<Staging>>` can never get production's.
#[derive(Clone, Debug)]
pub struct AppState {
    production: TypedIssuer<Production>,
    staging: TypedIssuer<Staging>,
}

impl AppState {
    /// Reads and checks the secrets of both apps, so a bad or missing secret
    /// stops the server at start-up rather than failing the first user.
    ///
    /// # Errors
    ///
    /// When `ZEGO_SERVER_SECRET` or `ZEGO_STAGING_SECRET` is unset or does
    /// not hold a secret; the error names the variable and never shows its
    /// value.
    pub fn from_env() -> Result<Self, zego_token::Error> {
        Ok(AppState {
            production: Production::issuer()?,
            staging: Staging::issuer()?,
        })
    }
}

// How `State<TypedIssuer<T>>` finds the issuer for `T` in the shared state:
// one impl per app.
impl FromRef<AppState> for TypedIssuer<Production> {
    fn from_ref(state: &AppState) -> Self {
        state.production.clone()
    }
}

impl FromRef<AppState> for TypedIssuer<Staging> {
    fn from_ref(state: &AppState) -> Self {
        state.staging.clone()
    }
}

/// `GET /token?room_id=R` for production, `GET /staging/token?room_id=R`
/// for staging: the same generic handler, one route per app. Tokens are
/// never cached, HEAD mints nothing (405, like other methods), and 404s
/// and 405s answer in the same JSON shape as every other error.
pub fn router(state: AppState) -> Router {
    let router = Router::new()
        .route("/token", mint_route(room_token::<Production>))
        .route("/staging/token", mint_route(room_token::<Staging>))
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
