//! The token endpoint itself: settings, state, authentication, the handler.
//! `main.rs` only parses the port, binds and waits for Ctrl-C; the test in
//! `http_test.rs` beside it drives this module over real HTTP.

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;
use tokio::net::TcpListener;
use zego_token::{
    Config, DEFAULT_TTL, Issuer, KitToken, Mode, Privilege, SecretSource, ServerSecret,
};

/// A TOML config file to take the app from (`--config PATH` or
/// `ZEGO_CONFIG`), and the profile in it (`--profile NAME` or
/// `ZEGO_PROFILE`; the top level when `None`).
#[derive(Debug, Clone)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub profile: Option<String>,
}

/// Everything the server needs, read once at start-up.
#[derive(Debug)]
pub struct Settings {
    pub app_id: u32,
    pub secret: ServerSecret,
    /// Token lifetime (the config's `ttl`, else one hour).
    pub ttl: Duration,
    /// Cipher mode (the config's `mode`, else CBC).
    pub mode: Mode,
    pub api_key: ApiKey,
}

impl Settings {
    /// Reads the app from `config` when given, else from `ZEGO_APP_ID` and
    /// `ZEGO_SERVER_SECRET`; then `TOKEN_SERVER_API_KEY`. Variables are
    /// read through `lookup` (the environment in `main`, a map in tests),
    /// including the one a config's `secret_env` names. The error is one
    /// line naming the variable or the config's file:line:column, never a
    /// value.
    pub fn from_lookup(
        config: Option<&ConfigFile>,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, String> {
        let require = |name: &str| lookup(name).ok_or_else(|| format!("{name} is not set"));

        let app = match config {
            Some(config) => App::from_config(config, &lookup)?,
            None => App::from_env(&lookup)?,
        };
        // No key, no server: an example that serves tokens to anyone who asks
        // would be copied into production sooner or later.
        let api_key =
            ApiKey::new(require("TOKEN_SERVER_API_KEY")?).ok_or("TOKEN_SERVER_API_KEY is empty")?;
        Ok(Settings {
            app_id: app.app_id,
            secret: app.secret,
            ttl: app.ttl,
            mode: app.mode,
            api_key,
        })
    }
}

/// The app half of the settings, from either source.
struct App {
    app_id: u32,
    secret: ServerSecret,
    ttl: Duration,
    mode: Mode,
}

impl App {
    fn from_env(lookup: &impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let app_id = lookup("ZEGO_APP_ID")
            .ok_or("ZEGO_APP_ID is not set (or name a config file with --config or ZEGO_CONFIG)")?;
        let app_id: u32 = app_id.trim().parse().map_err(|_| {
            format!("ZEGO_APP_ID must be the numeric app ID from the ZEGO console, got {app_id:?}")
        })?;
        Ok(App {
            app_id,
            secret: secret_from_var("ZEGO_SERVER_SECRET", lookup)?,
            // The library's defaults, as a config without `ttl`/`mode` gets.
            ttl: DEFAULT_TTL,
            mode: Mode::default(),
        })
    }

    /// `Config` validates the whole file (every profile) with file:line:column
    /// errors; the profile then names the app ID, the secret's source, the
    /// ttl and the mode.
    fn from_config(
        config: &ConfigFile,
        lookup: &impl Fn(&str) -> Option<String>,
    ) -> Result<Self, String> {
        // Two sources for the app ID would leave it unclear which one is in
        // use; ZEGO_SERVER_SECRET is fine, as a config may name it.
        if lookup("ZEGO_APP_ID").is_some() {
            return Err(
                "both ZEGO_APP_ID and a config file are set: the config names the app, unset ZEGO_APP_ID"
                    .to_owned(),
            );
        }
        let file = Config::from_path(&config.path).map_err(|e| e.to_string())?;
        // The library's messages name no API, so they are shown as they are.
        let profile = match &config.profile {
            Some(name) => file.profile(name),
            None => file.default_profile(),
        }
        .map_err(|e| e.to_string())?;
        let secret = match profile.secret_source() {
            SecretSource::Env(var) => secret_from_var(var, lookup)?,
            // Relative paths are read from the working directory.
            SecretSource::File(path) => ServerSecret::from_file(path).map_err(|e| e.to_string())?,
        };
        Ok(App {
            app_id: profile.app_id(),
            secret,
            ttl: profile.ttl(),
            mode: profile.mode(),
        })
    }
}

fn secret_from_var(
    name: &str,
    lookup: &impl Fn(&str) -> Option<String>,
) -> Result<ServerSecret, String> {
    let value = lookup(name).ok_or_else(|| format!("{name} is not set"))?;
    // `TryFrom<String>` wipes the string, valid or not.
    ServerSecret::try_from(value).map_err(|e| format!("{name}: {e}"))
}

/// The bearer key callers must present. Replace [`require_api_key`] with
/// your own authentication (session cookie, JWT...) in a real app.
pub struct ApiKey(zeroize::Zeroizing<String>);

impl ApiKey {
    /// `None` for an empty key.
    pub fn new(key: String) -> Option<Self> {
        let key = zeroize::Zeroizing::new(key);
        (!key.is_empty()).then_some(ApiKey(key))
    }

    /// Constant-time comparison, so response timing does not reveal how
    /// many leading bytes of a guess were right. (The length can still show;
    /// use a long random key.)
    fn matches(&self, presented: &str) -> bool {
        self.0.as_bytes().ct_eq(presented.as_bytes()).into()
    }
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

/// Shared by every request: the issuer (key schedule expanded once; cloning
/// is an `Arc` bump) and the API key.
#[derive(Debug, Clone)]
pub struct AppState {
    issuer: Issuer,
    api_key: Arc<ApiKey>,
}

impl AppState {
    /// Builds the issuer; fails on an invalid app ID (0) or lifetime.
    pub fn new(settings: Settings) -> Result<Self, String> {
        let issuer = Issuer::new(settings.app_id, settings.secret)
            .map_err(|e| format!("ZEGO_APP_ID: {e}"))?
            .with_ttl(settings.ttl)
            .map_err(|e| format!("ttl: {e}"))?
            .with_mode(settings.mode);
        Ok(AppState {
            issuer,
            api_key: Arc::new(settings.api_key),
        })
    }
}

/// `GET /v1/token`, behind the API key.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/v1/token", get(issue_token))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            require_api_key,
        ))
        .with_state(state)
}

/// Serves until `shutdown` completes, then lets in-flight requests finish.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}

/// This is where a real app plugs in its own authentication.
async fn require_api_key(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let presented = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    match presented {
        Some(key) if state.api_key.matches(key) => next.run(request).await,
        _ => {
            tracing::warn!("refused a request without a valid API key");
            let mut response = ApiError::new(
                StatusCode::UNAUTHORIZED,
                "missing or wrong API key: send Authorization: Bearer <key>",
            )
            .into_response();
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
            response
        }
    }
}

/// `?user_id=..[&room_id=..&publish=true&kit=true&user_name=..]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenQuery {
    user_id: String,
    room_id: Option<String>,
    #[serde(default)]
    publish: bool,
    #[serde(default)]
    kit: bool,
    user_name: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct TokenResponse {
    token: String,
    expire_at: i64,
    app_id: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    kit_token: Option<String>,
}

async fn issue_token(
    State(state): State<AppState>,
    // Taking the rejection keeps bad query strings in our JSON error shape
    // (axum's own rejection is plain text).
    query: Result<Query<TokenQuery>, QueryRejection>,
) -> Result<Json<TokenResponse>, ApiError> {
    let Query(query) =
        query.map_err(|rejection| ApiError::bad_request(rejection.body_text(), None))?;
    let issuer = &state.issuer;

    let privilege = match (&query.room_id, query.publish) {
        (Some(room), publish) => Some(Privilege::new(room.as_str()).with_publish(publish)),
        (None, true) => return Err(ApiError::bad_request("publish=true needs a room_id", None)),
        (None, false) => None,
    };
    if query.user_name.is_some() && !query.kit {
        return Err(ApiError::bad_request(
            "user_name is only used with kit=true",
            None,
        ));
    }
    let mut request = issuer.token(&query.user_id);
    if let Some(privilege) = &privilege {
        request = request.with_privilege(privilege);
    }
    let token = request.issue()?;

    let kit_token = if query.kit {
        let room = query
            .room_id
            .as_deref()
            .ok_or_else(|| ApiError::bad_request("kit=true needs a room_id", None))?;
        let user_name = query.user_name.as_deref().unwrap_or(&query.user_id);
        let kit = KitToken::new(
            issuer.app_id(),
            token.as_str(),
            room,
            &query.user_id,
            user_name,
        )?;
        Some(kit.to_string())
    } else {
        None
    };

    // The user and the expiry only: the token is a bearer credential.
    tracing::info!(user_id = %query.user_id, expire_at = token.expire(), "issued a token");
    Ok(Json(TokenResponse {
        expire_at: token.expire(),
        app_id: issuer.app_id(),
        token: token.into_string(),
        kit_token,
    }))
}

/// `{"error": "...", "code": 3}` with a status; `code` is ZEGO's official
/// error code where there is one, else `null`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    error: String,
    code: Option<u32>,
}

impl ApiError {
    fn new(status: StatusCode, error: impl Into<String>) -> Self {
        ApiError {
            status,
            error: error.into(),
            code: None,
        }
    }

    fn bad_request(error: impl Into<String>, code: Option<u32>) -> Self {
        ApiError {
            code,
            ..ApiError::new(StatusCode::BAD_REQUEST, error)
        }
    }
}

/// Every library error a request can trigger is about its input: 400.
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
            tracing::warn!(error = %self.error, "refused a token request");
        }
        let body = Body {
            error: self.error,
            code: self.code,
        };
        (self.status, Json(body)).into_response()
    }
}
