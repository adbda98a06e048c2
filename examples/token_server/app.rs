//! The token endpoint itself: settings, state, authentication, the handler.
//! `main.rs` only parses flags (`args.rs`), binds and waits for a signal;
//! the tests in `tests/` beside it call [`router`] through
//! `tower::ServiceExt::oneshot`. The query parser lives in `app/query.rs`;
//! connections and their deadlines in the `examples/server` package, shared
//! with `axum_app` and tested there.

mod query;

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::extract::{RawQuery, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use subtle::ConstantTimeEq;
use tokio::net::TcpListener;
use tower_http::cors::{AllowOrigin, CorsLayer};
use zego_token::{
    Charset, Config, DEFAULT_TTL, Issuer, KitParts, KitToken, Mode, Privilege, Product,
    SecretSource, ServerSecret,
};

use example_server::{ApiError, Limits};
use example_server::{Escaped, json_fallbacks, mint_route};
pub use query::TokenQuery;

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
    /// The product whose rules minted tokens meet (the config's `product`,
    /// else RTC).
    pub product: Product,
    /// The ID characters allowed (the config's `id_charset`, else the
    /// portable set every client accepts).
    pub id_charset: Charset,
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
        let api_key = ApiKey::new(require("TOKEN_SERVER_API_KEY")?)?;
        Ok(Settings {
            app_id: app.app_id,
            secret: app.secret,
            ttl: app.ttl,
            mode: app.mode,
            product: app.product,
            id_charset: app.id_charset,
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
    product: Product,
    id_charset: Charset,
}

impl App {
    fn from_env(lookup: &impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let app_id = lookup("ZEGO_APP_ID")
            .ok_or("ZEGO_APP_ID is not set (or name a config file with --config or ZEGO_CONFIG)")?;
        // Not echoed: a value pasted into the wrong variable may be a secret.
        let app_id: u32 = app_id.trim().parse().map_err(|_| {
            "ZEGO_APP_ID must be the numeric app ID from the ZEGO console (1 to 4294967295)"
                .to_owned()
        })?;
        Ok(App {
            app_id,
            secret: secret_from_var("ZEGO_SERVER_SECRET", lookup)?,
            // The library's defaults, as a config without `ttl`/`mode` gets.
            ttl: DEFAULT_TTL,
            mode: Mode::default(),
            product: Product::default(),
            id_charset: Charset::default(),
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
            product: profile.product(),
            id_charset: profile.id_charset(),
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
    /// Shortest key accepted, in bytes: 16 random characters are about 96
    /// bits or more. `openssl rand -hex 32` makes a good one.
    pub const MIN_LEN: usize = 16;
    /// Longest key accepted, in bytes: it must fit in a request's headers
    /// with room to spare, even at the smallest `--max-header-bytes`.
    pub const MAX_LEN: usize = 256;

    /// Checks a key read from `TOKEN_SERVER_API_KEY`: printable ASCII
    /// without spaces (what a client can send after `Bearer `), of
    /// [`MIN_LEN`](Self::MIN_LEN) to [`MAX_LEN`](Self::MAX_LEN) bytes. The
    /// error is one line naming the variable and the first problem's byte
    /// position, never the key.
    pub fn new(key: String) -> Result<Self, String> {
        const VAR: &str = "TOKEN_SERVER_API_KEY";
        let key = zeroize::Zeroizing::new(key);
        if key.is_empty() {
            return Err(format!("{VAR} is empty"));
        }
        if let Some((at, c)) = key.char_indices().find(|(_, c)| !c.is_ascii_graphic()) {
            let what = match c {
                '\n' | '\r' => "a line break",
                ' ' | '\t' => "a space or tab",
                c if c.is_control() => "a control character",
                c if c.is_whitespace() => "a space character",
                _ => "a character outside printable ASCII",
            };
            let hint = if key[at..].trim().is_empty() {
                " (a trailing newline from a mounted secret or `echo`? strip it)"
            } else {
                ""
            };
            return Err(format!(
                "{VAR} has {what} at byte {at}: no client can send it after `Bearer `; \
                 use printable ASCII without spaces{hint}"
            ));
        }
        if key.len() < Self::MIN_LEN {
            return Err(format!(
                "{VAR} is {} bytes, shorter than {}: use a long random key (openssl rand -hex 32)",
                key.len(),
                Self::MIN_LEN
            ));
        }
        if key.len() > Self::MAX_LEN {
            return Err(format!(
                "{VAR} is {} bytes, longer than {}",
                key.len(),
                Self::MAX_LEN
            ));
        }
        Ok(ApiKey(key))
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
/// is an `Arc` bump), the API key, and the count of refused keys.
#[derive(Debug, Clone)]
pub struct AppState {
    issuer: Issuer,
    api_key: Arc<ApiKey>,
    refused: Arc<AtomicU64>,
}

impl AppState {
    /// Builds the issuer; fails on an invalid app ID (0). (The lifetime is
    /// the config's, already checked, or the default.)
    pub fn new(settings: Settings) -> Result<Self, String> {
        let issuer = Issuer::new(settings.app_id, settings.secret)
            .map_err(|e| format!("ZEGO_APP_ID: {e}"))?
            .with_ttl(settings.ttl)
            .with_mode(settings.mode)
            .with_product(settings.product)
            .with_id_charset(settings.id_charset);
        Ok(AppState {
            issuer,
            api_key: Arc::new(settings.api_key),
            refused: Arc::default(),
        })
    }

    /// Logs one WARN line with the number of requests refused for a missing
    /// or wrong key since the last call, if any.
    pub fn report_refused(&self) {
        let count = self.refused.swap(0, Ordering::Relaxed);
        if count > 0 {
            tracing::warn!(count, "refused requests without a valid API key");
        }
    }
}

/// `GET /v1/token` behind the API key (never cached; HEAD and other
/// methods are a 405), and `GET /healthz` without one; every error,
/// 404 and 405 included, as `{"error": ..}` JSON.
pub fn router(state: AppState) -> Router {
    let router = Router::new()
        .route("/v1/token", mint_route(issue_token))
        // Applies to the routes above only.
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            require_api_key,
        ))
        .route("/healthz", get(healthz))
        .with_state(state);
    json_fallbacks(router)
}

/// CORS for browsers on `origins` (`*` for any) fetching `/v1/token` with
/// an `Authorization` header. The error names the origin that is not one.
pub fn cors(origins: &[String]) -> Result<CorsLayer, String> {
    let allow = if origins.iter().any(|origin| origin == "*") {
        AllowOrigin::any()
    } else {
        let values = origins
            .iter()
            .map(|origin| {
                let is_origin = (origin.starts_with("https://") || origin.starts_with("http://"))
                    && !origin.ends_with('/');
                is_origin
                    .then(|| HeaderValue::from_str(origin).ok())
                    .flatten()
                    .ok_or_else(|| {
                        format!(
                            "CORS origin {} is not scheme://host[:port] (e.g. https://app.example.com) or *",
                            Escaped::prefix(origin)
                        )
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        AllowOrigin::list(values)
    };
    Ok(CorsLayer::new()
        .allow_origin(allow)
        .allow_methods([Method::GET])
        .allow_headers([header::AUTHORIZATION])
        .max_age(Duration::from_secs(600)))
}

/// How often refused API keys are summed up in one WARN line.
pub const REFUSED_SUMMARY_EVERY: Duration = Duration::from_secs(60);

/// Serves `router(state)` (behind `cors` when given) until `shutdown`
/// completes; see [`Limits`] for every timeout and cap.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    limits: &Limits,
    cors: Option<CorsLayer>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let reporter = state.clone();
    let mut app = router(state);
    if let Some(cors) = cors {
        app = app.layer(cors);
    }
    // Anyone can send a wrong key, so refusals are summed up, not logged
    // one line each.
    let summary = tokio::spawn({
        let reporter = reporter.clone();
        async move {
            let mut every = tokio::time::interval(REFUSED_SUMMARY_EVERY);
            every.tick().await;
            loop {
                every.tick().await;
                reporter.report_refused();
            }
        }
    });
    example_server::serve(listener, app, limits, shutdown).await;
    summary.abort();
    reporter.report_refused();
}

/// For load balancers and orchestrators: no key, mints nothing.
async fn healthz() -> &'static str {
    "ok\n"
}

/// The key of an `Authorization: Bearer <key>` header. The scheme is
/// case-insensitive (RFC 9110, section 11.1).
fn bearer_key(value: &HeaderValue) -> Option<&str> {
    let (scheme, key) = value.to_str().ok()?.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| key.trim_start_matches(' '))
}

/// This is where a real app plugs in its own authentication.
async fn require_api_key(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let presented = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(bearer_key);
    match presented {
        Some(key) if state.api_key.matches(key) => next.run(request).await,
        _ => {
            state.refused.fetch_add(1, Ordering::Relaxed);
            tracing::debug!("refused a request without a valid API key");
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
    RawQuery(query): RawQuery,
) -> Result<Json<TokenResponse>, ApiError> {
    let query = TokenQuery::parse(query.as_deref().unwrap_or_default())
        .map_err(|message| ApiError::bad_request(message, None))?;
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
        let parts = KitParts {
            app_id: issuer.app_id(),
            token: token.as_str(),
            room_id: room,
            user_id: &query.user_id,
            user_name: query.user_name.as_deref().unwrap_or(&query.user_id),
        };
        // The issuer's rules, which the token itself was minted under.
        let kit = KitToken::new_with_rules(parts, issuer.rules())?;
        Some(kit.to_string())
    } else {
        None
    };

    // The user and the expiry only: the token is a bearer credential. The
    // user ID in full (ZEGO's rules bound it to 63 bytes of ASCII), so no two users
    // log alike.
    tracing::info!(user_id = %Escaped::full(&query.user_id), expire_at = token.expire(), "issued a token");
    Ok(Json(TokenResponse {
        expire_at: token.expire(),
        app_id: issuer.app_id(),
        token: token.into_string(),
        kit_token,
    }))
}
