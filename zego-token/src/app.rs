//! [`App`]: everything one ZEGO app's server does with its secrets, branded
//! with the type that declares the app: its [`TypedIssuer`], its
//! [`TypedApiSigner`] and its [`TypedCallbackVerifier`], built by the
//! derived `T::app()` (or one by one by `T::issuer()`, `T::api_signer()`
//! and `T::callback_verifier()`).
//!
//! The brand is the point: a handler taking
//! `State<TypedCallbackVerifier<Production>>` cannot be given staging's
//! verifier, just as a `TypedIssuer<Production>` cannot be staging's.

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use crate::callback::{CallbackError, CallbackParams, CallbackVerifier};
use crate::server_api::{ApiSigner, CommonParams};
use crate::typed::{IssuerSpec, TypedIssuer};

/// One ZEGO app, declared by `T` with `#[derive(ZegoTokenIssuer)]`: its
/// issuer (tokens), its API signer (your requests to ZEGO) and its callback
/// verifier (ZEGO's requests to you), each branded with `T`.
///
/// Built once at start-up by the derived `T::app()`, which reads the
/// ServerSecret once (the issuer keeps its AES key schedule, the signer the
/// secret itself) and the CallbackSecret once; both are wiped from memory
/// when the last clone is dropped, and no `Debug` shows them. Cloning is a
/// few `Arc` bumps, and it is `Send + Sync` whatever `T` is.
///
/// ```
/// use zego_token::callback::CallbackParams;
/// use zego_token::server_api::{Region, Service};
/// use zego_token::{App, ZegoTokenIssuer};
///
/// // Literal secrets for this example; a real app names their variables
/// // (secret_env, callback_secret_env) or files (in a zego.toml).
/// #[derive(ZegoTokenIssuer)]
/// #[zego(app_id = 1234567890, secret = "fa94dd0f974cf2e293728a526b028271", callback_secret = "secret")]
/// struct Production;
///
/// let app: App<Production> = Production::app()?;
///
/// // Tokens for your users...
/// let token = app.issuer().issue("alice")?;
/// // ...signed calls to ZEGO's server APIs...
/// let url = app.api_signer().sign().to_url(&Service::Rtc.base_url(Region::Unified), "CloseRoom", [("RoomId", "room1")]);
/// assert!(url.contains("AppId=1234567890"));
/// // ...and ZEGO's callbacks to you, checked (ZEGO's documented example).
/// let params = CallbackParams::new("1470820198", "123412", "5bd59fd62953a8059fb7eaba95720f66d19e4517");
/// app.callback_verifier().verify_at(&params, 1470820198)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// A staging app's verifier is not a production one:
///
/// ```compile_fail,E0308
/// use zego_token::{TypedCallbackVerifier, ZegoTokenIssuer};
///
/// #[derive(ZegoTokenIssuer)]
/// #[zego(app_id = 1, secret = "fa94dd0f974cf2e293728a526b028271", callback_secret = "production")]
/// struct Production;
///
/// #[derive(ZegoTokenIssuer)]
/// #[zego(app_id = 2, secret = "fa94dd0f974cf2e293728a526b028271", callback_secret = "staging")]
/// struct Staging;
///
/// fn production_callbacks(verifier: &TypedCallbackVerifier<Production>) {}
///
/// production_callbacks(&Staging::callback_verifier().unwrap()); // mismatched types
/// ```
pub struct App<T> {
    issuer: TypedIssuer<T>,
    api_signer: TypedApiSigner<T>,
    callback_verifier: TypedCallbackVerifier<T>,
}

impl<T> App<T> {
    /// The three, branded alike; only reachable through the derive's
    /// generated code.
    pub(crate) fn new(
        issuer: TypedIssuer<T>,
        api_signer: TypedApiSigner<T>,
        callback_verifier: TypedCallbackVerifier<T>,
    ) -> Self {
        App {
            issuer,
            api_signer,
            callback_verifier,
        }
    }
}

impl<T: IssuerSpec> App<T> {
    /// The app ID, the same for all three.
    pub fn app_id(&self) -> u32 {
        self.issuer.app_id()
    }

    /// The issuer of the app's tokens.
    pub fn issuer(&self) -> &TypedIssuer<T> {
        &self.issuer
    }

    /// The signer of the app's requests to ZEGO's server APIs.
    pub fn api_signer(&self) -> &TypedApiSigner<T> {
        &self.api_signer
    }

    /// The verifier of the callbacks ZEGO sends for this app.
    pub fn callback_verifier(&self) -> &TypedCallbackVerifier<T> {
        &self.callback_verifier
    }

    /// The three parts, each for the handlers that need only it (as axum
    /// states, say).
    pub fn into_parts(self) -> (TypedIssuer<T>, TypedApiSigner<T>, TypedCallbackVerifier<T>) {
        (self.issuer, self.api_signer, self.callback_verifier)
    }
}

impl<T> Clone for App<T> {
    fn clone(&self) -> Self {
        App::new(
            self.issuer.clone(),
            self.api_signer.clone(),
            self.callback_verifier.clone(),
        )
    }
}

impl<T> fmt::Debug for App<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("App")
            .field("spec", &std::any::type_name::<T>())
            .field("issuer", &self.issuer)
            .field("api_signer", &self.api_signer)
            .field("callback_verifier", &self.callback_verifier)
            .finish()
    }
}

/// An [`ApiSigner`] that is a distinct type per config type `T`, built by
/// the derived `T::api_signer()` or `T::app()`: the signer of the app `T`
/// declares, and of no other.
///
/// Cloning is an `Arc` bump; it is `Send + Sync` whatever `T` is, and its
/// `Debug` never shows the secret.
pub struct TypedApiSigner<T> {
    inner: ApiSigner,
    spec: PhantomData<fn() -> T>,
}

impl<T> TypedApiSigner<T> {
    /// Brands `inner`; only reachable through the derive's generated code.
    pub(crate) fn new(inner: ApiSigner) -> Self {
        TypedApiSigner {
            inner,
            spec: PhantomData,
        }
    }
}

impl<T: IssuerSpec> TypedApiSigner<T> {
    /// The app ID requests are signed for.
    pub fn app_id(&self) -> u32 {
        self.inner.app_id()
    }

    /// The common parameters of one request, with a fresh nonce and the
    /// current time: see [`ApiSigner::sign`].
    ///
    /// # Panics
    ///
    /// As [`ApiSigner::sign`]: if the operating system's random generator
    /// fails.
    pub fn sign(&self) -> CommonParams {
        self.inner.sign()
    }

    /// The common parameters with a caller-chosen nonce and timestamp: see
    /// [`ApiSigner::sign_fixed`]. **For tests only** (feature
    /// `fixed-inputs`).
    #[cfg(feature = "fixed-inputs")]
    #[cfg_attr(docsrs, doc(cfg(feature = "fixed-inputs")))]
    pub fn sign_fixed(&self, nonce: &str, timestamp: i64) -> CommonParams {
        self.inner.sign_fixed(nonce, timestamp)
    }

    /// The core signer, giving up the type brand: for
    /// `server_api::ApiClient::new` (feature `api-client`), say.
    pub fn into_inner(self) -> ApiSigner {
        self.inner
    }
}

impl<T> AsRef<ApiSigner> for TypedApiSigner<T> {
    fn as_ref(&self) -> &ApiSigner {
        &self.inner
    }
}

impl<T> Clone for TypedApiSigner<T> {
    fn clone(&self) -> Self {
        TypedApiSigner::new(self.inner.clone())
    }
}

impl<T> fmt::Debug for TypedApiSigner<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TypedApiSigner")
            .field("spec", &std::any::type_name::<T>())
            .field("signer", &self.inner)
            .finish()
    }
}

/// A [`CallbackVerifier`] that is a distinct type per config type `T`,
/// built by the derived `T::callback_verifier()` or `T::app()` from the
/// CallbackSecret `T` names: a handler for production's callbacks cannot be
/// given staging's verifier.
///
/// Cloning is an `Arc` bump; it is `Send + Sync` whatever `T` is, and its
/// `Debug` never shows the secret.
pub struct TypedCallbackVerifier<T> {
    inner: CallbackVerifier,
    spec: PhantomData<fn() -> T>,
}

impl<T> TypedCallbackVerifier<T> {
    /// Brands `inner`; only reachable through the derive's generated code.
    pub(crate) fn new(inner: CallbackVerifier) -> Self {
        TypedCallbackVerifier {
            inner,
            spec: PhantomData,
        }
    }
}

impl<T: IssuerSpec> TypedCallbackVerifier<T> {
    /// Accepts timestamps up to `tolerance` before or after now: see
    /// [`CallbackVerifier::with_tolerance`].
    #[must_use]
    pub fn with_tolerance(self, tolerance: Duration) -> Self {
        TypedCallbackVerifier::new(self.inner.with_tolerance(tolerance))
    }

    /// The tolerance, in whole seconds.
    pub fn tolerance(&self) -> Duration {
        self.inner.tolerance()
    }

    /// Checks a callback against the system clock: see
    /// [`CallbackVerifier::verify`].
    ///
    /// # Errors
    ///
    /// As [`CallbackVerifier::verify`]: [`CallbackError::Mismatch`] for a
    /// forged callback, [`CallbackError::Stale`] for a replayed one,
    /// [`CallbackError::InvalidField`] for a malformed one.
    pub fn verify(&self, params: &CallbackParams) -> Result<(), CallbackError> {
        self.inner.verify(params)
    }

    /// Checks a callback as if the time were `now` (unix seconds).
    ///
    /// # Errors
    ///
    /// As [`CallbackVerifier::verify`].
    pub fn verify_at(&self, params: &CallbackParams, now: i64) -> Result<(), CallbackError> {
        self.inner.verify_at(params, now)
    }

    /// The signature ZEGO sends with `timestamp` and `nonce`, for tests and
    /// local stand-ins of ZEGO: see [`CallbackVerifier::sign`].
    pub fn sign(&self, timestamp: &str, nonce: &str) -> String {
        self.inner.sign(timestamp, nonce)
    }

    /// The core verifier, giving up the type brand.
    pub fn into_inner(self) -> CallbackVerifier {
        self.inner
    }
}

impl<T> AsRef<CallbackVerifier> for TypedCallbackVerifier<T> {
    fn as_ref(&self) -> &CallbackVerifier {
        &self.inner
    }
}

impl<T> Clone for TypedCallbackVerifier<T> {
    fn clone(&self) -> Self {
        TypedCallbackVerifier::new(self.inner.clone())
    }
}

impl<T> fmt::Debug for TypedCallbackVerifier<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TypedCallbackVerifier")
            .field("spec", &std::any::type_name::<T>())
            .field("verifier", &self.inner)
            .finish()
    }
}
