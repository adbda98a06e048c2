//! [`ApiClient`]: calls a server API over HTTPS, signing every request.
//!
//! Following ZEGO's "Accessing Server APIs" pages: `Action` and the common
//! parameters always go in the query; a GET carries the action's
//! parameters in the query too, a POST carries them as a JSON body. Each
//! call is signed just before it is sent, so a retry is a new signature.

use std::time::Duration;

use reqwest::{Method, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{ApiError, ApiResponse, ApiSigner, Region, Service};

/// Default deadline for opening a connection (TCP and TLS).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Default deadline for a whole call: connecting, sending, and reading the
/// complete response.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Default limit on a response body.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 4 << 20;

/// The longest `Action` accepted.
const MAX_ACTION_LEN: usize = 64;

/// Calls one app's server APIs on one service's host.
///
/// Built once and shared (cloning is cheap; connections are pooled).
/// Every call has a deadline ([`DEFAULT_TIMEOUT`] unless set), redirects
/// are not followed (a redirect would hand the signed query to another
/// host), and the response body is bounded. Errors and `Debug` never
/// contain the secret, a signature or a URL.
///
/// ```no_run
/// use zego_token::ServerSecret;
/// use zego_token::server_api::{ApiClient, ApiResponse, ApiSigner, Region, Service};
///
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// let signer = ApiSigner::new(1234567890, ServerSecret::from_env("ZEGO_SERVER_SECRET")?)?;
/// let rtc = ApiClient::new(signer, Service::Rtc, Region::Frankfurt)?;
///
/// // GET: the parameters go in the query (repeat a name for a list).
/// let users: ApiResponse = rtc.get("DescribeUserNum", &[("RoomId[]", "room1")]).await?;
/// println!("{:?}", users.data);
///
/// // POST: the parameters are a JSON body (StartMix, as in ZEGO's sample).
/// let body = serde_json::json!({ "TaskId": "mix1", "Sequence": 1, "UserId": "server",
///     "MixInput": [{ "StreamId": "stream1" }], "MixOutput": [{ "StreamId": "mixed1" }] });
/// rtc.post::<serde_json::Value, _>("StartMix", &body).await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct ApiClient {
    http: reqwest::Client,
    signer: ApiSigner,
    base: Url,
    max_response_bytes: usize,
}

impl ApiClient {
    /// A client for `service` in `region` with the default timeouts and
    /// limits.
    ///
    /// # Errors
    ///
    /// [`ApiError::Client`] when the HTTP client cannot start.
    pub fn new(signer: ApiSigner, service: Service, region: Region) -> Result<Self, ApiError> {
        ApiClient::builder(signer).service(service, region).build()
    }

    /// Starts a client with settings other than the defaults: another
    /// host, timeouts, the response limit.
    pub fn builder(signer: ApiSigner) -> ApiClientBuilder {
        ApiClientBuilder {
            signer,
            base: Service::Rtc.base_url(Region::Unified),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        self.base.as_str()
    }

    /// Calls `action` with its `params` in the query string (a struct, a
    /// map, or a slice of `(name, value)` pairs; repeat a name such as
    /// `RoomId[]` for a list).
    ///
    /// # Errors
    ///
    /// [`ApiError::Zego`] when ZEGO answers with a non-zero `Code`;
    /// [`ApiError::InvalidAction`], [`ApiError::Params`],
    /// [`ApiError::Timeout`], [`ApiError::Transport`],
    /// [`ApiError::Status`], [`ApiError::TooLarge`] or
    /// [`ApiError::Response`] otherwise.
    pub async fn get<T, P>(&self, action: &str, params: &P) -> Result<ApiResponse<T>, ApiError>
    where
        T: DeserializeOwned,
        P: Serialize + ?Sized,
    {
        let request = self.request(Method::GET, action)?.query(params);
        self.send(request).await
    }

    /// Calls `action` with `body` as its JSON body.
    ///
    /// # Errors
    ///
    /// As [`ApiClient::get`].
    pub async fn post<T, B>(&self, action: &str, body: &B) -> Result<ApiResponse<T>, ApiError>
    where
        T: DeserializeOwned,
        B: Serialize + ?Sized,
    {
        let body = serde_json::to_vec(body).map_err(|e| ApiError::Params(e.to_string()))?;
        let request = self
            .request(Method::POST, action)?
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
        self.send(request).await
    }

    /// A request to `action`, signed now.
    fn request(&self, method: Method, action: &str) -> Result<reqwest::RequestBuilder, ApiError> {
        check_action(action)?;
        Ok(self
            .http
            .request(method, self.base.clone())
            .query(&[("Action", action)])
            .query(&self.signer.sign()))
    }

    async fn send<T: DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<ApiResponse<T>, ApiError> {
        let mut response = request.send().await.map_err(failure)?;
        let status = response.status();
        let limit = self.max_response_bytes;
        if response
            .content_length()
            .is_some_and(|len| len > limit as u64)
        {
            return Err(ApiError::TooLarge { limit });
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(failure)? {
            if body.len() + chunk.len() > limit {
                return Err(ApiError::TooLarge { limit });
            }
            body.extend_from_slice(&chunk);
        }
        match ApiResponse::from_json(&body) {
            // A proxy's or load balancer's error page: the status says more.
            Err(ApiError::Response(_)) if !status.is_success() => Err(ApiError::Status {
                status: status.as_u16(),
            }),
            result => result,
        }
    }
}

impl std::fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiClient")
            .field("signer", &self.signer)
            .field("base", &self.base.as_str())
            .field("max_response_bytes", &self.max_response_bytes)
            .finish_non_exhaustive()
    }
}

/// Settings for an [`ApiClient`], started by [`ApiClient::builder`].
#[derive(Debug)]
#[must_use = "a builder does nothing until `.build()`"]
pub struct ApiClientBuilder {
    signer: ApiSigner,
    base: String,
    connect_timeout: Duration,
    timeout: Duration,
    max_response_bytes: usize,
}

impl ApiClientBuilder {
    /// Sends requests to `service` in `region` (the default is
    /// [`Service::Rtc`] at [`Region::Unified`]).
    pub fn service(mut self, service: Service, region: Region) -> Self {
        self.base = service.base_url(region);
        self
    }

    /// Sends requests to `base` instead, such as a service on another host
    /// (`https://aigc-aiagent-api.zegotech.cn/`). `https` is required,
    /// except for a loopback host (`http://127.0.0.1:8080/`, a local
    /// stand-in for tests): the query carries a signature that authorizes
    /// requests for ten minutes.
    pub fn base_url(mut self, base: &str) -> Self {
        base.clone_into(&mut self.base);
        self
    }

    /// The deadline for opening a connection
    /// ([`DEFAULT_CONNECT_TIMEOUT`] unless set).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The deadline for a whole call, response body included
    /// ([`DEFAULT_TIMEOUT`] unless set).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The longest response body accepted
    /// ([`DEFAULT_MAX_RESPONSE_BYTES`] unless set).
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// The client.
    ///
    /// # Errors
    ///
    /// [`ApiError::BaseUrl`] for a base URL that is not `https` (or `http`
    /// to a loopback host), has credentials or a fragment;
    /// [`ApiError::Client`] when the HTTP client cannot start.
    pub fn build(self) -> Result<ApiClient, ApiError> {
        let base = check_base(&self.base)?;
        let http = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("zego-token/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ApiError::Client(chain(&e)))?;
        Ok(ApiClient {
            http,
            signer: self.signer,
            base,
            max_response_bytes: self.max_response_bytes,
        })
    }
}

fn check_action(action: &str) -> Result<(), ApiError> {
    let valid = (1..=MAX_ACTION_LEN).contains(&action.len())
        && action
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if valid {
        Ok(())
    } else {
        Err(ApiError::InvalidAction)
    }
}

fn check_base(base: &str) -> Result<Url, ApiError> {
    let url = Url::parse(base).map_err(|_| ApiError::BaseUrl("it is not an absolute URL"))?;
    let host = url.host_str().ok_or(ApiError::BaseUrl("it has no host"))?;
    let loopback = host == "localhost"
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(ApiError::BaseUrl(
                "it must be https (plain http only to a loopback host)",
            ));
        }
        _ => return Err(ApiError::BaseUrl("it must be https")),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(ApiError::BaseUrl("it must not carry credentials"));
    }
    if url.fragment().is_some() {
        return Err(ApiError::BaseUrl("it must not have a fragment"));
    }
    Ok(url)
}

/// A failed send or read, without the URL (whose query holds the
/// signature).
fn failure(err: reqwest::Error) -> ApiError {
    if err.is_timeout() {
        ApiError::Timeout
    } else if err.is_builder() {
        ApiError::Params(chain(&err.without_url()))
    } else {
        ApiError::Transport(chain(&err.without_url()))
    }
}

/// An error and its causes on one line, each said once.
fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let said = cause.to_string();
        if !text.contains(&said) {
            text.push_str(": ");
            text.push_str(&said);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_are_letters_digits_and_underscores() {
        for good in ["DescribeUserNum", "StartMix", "A", "a_1"] {
            assert!(check_action(good).is_ok(), "{good}");
        }
        for bad in ["", "Describe&X=1", "Kick out", "é", &"A".repeat(65)] {
            assert!(
                matches!(check_action(bad), Err(ApiError::InvalidAction)),
                "{bad}"
            );
        }
    }

    #[test]
    fn base_urls_must_be_https_or_loopback_http() {
        for good in [
            "https://rtc-api.zego.im/",
            "https://aigc-aiagent-api.zegotech.cn",
            "http://127.0.0.1:8080/",
            "http://[::1]:1/",
            "http://localhost/",
            "https://rtc-api.zego.im/?IsTest=true",
        ] {
            assert!(check_base(good).is_ok(), "{good}");
        }
        for (bad, why) in [
            ("rtc-api.zego.im", "it is not an absolute URL"),
            (
                "http://rtc-api.zego.im/",
                "it must be https (plain http only to a loopback host)",
            ),
            (
                "http://10.0.0.1/",
                "it must be https (plain http only to a loopback host)",
            ),
            ("ftp://rtc-api.zego.im/", "it must be https"),
            (
                "https://user:pw@rtc-api.zego.im/",
                "it must not carry credentials",
            ),
            ("https://rtc-api.zego.im/#x", "it must not have a fragment"),
        ] {
            let err = check_base(bad).unwrap_err();
            assert_eq!(err.to_string(), format!("invalid base URL: {why}"), "{bad}");
        }
    }
}
