//! How an endpoint that mints answers: GET only, never cached.

use axum::handler::Handler;
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use axum::routing::{MethodRouter, get};
use tower_http::set_header::SetResponseHeaderLayer;

/// A route minting with `handler` on GET. HEAD is a 405 like every other
/// method (axum would run the GET handler for it and mint a token nobody
/// receives), with `Allow: GET`; every answer of the handler is
/// [`no_store`].
pub fn mint_route<H, T, S>(handler: H) -> MethodRouter<S>
where
    H: Handler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    get(handler)
        .head(get_only)
        .fallback(get_only)
        .route_layer(no_store())
}

/// `Cache-Control: no-store` on every response: a token is a credential,
/// for the caller only, and no cache or browser history may keep it.
pub fn no_store() -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))
}

async fn get_only() -> impl IntoResponse {
    (
        [(header::ALLOW, "GET")],
        crate::error::method_not_allowed().await,
    )
}
