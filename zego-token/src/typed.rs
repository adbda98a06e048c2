//! [`TypedIssuer`]: an issuer branded with the config type it was built
//! from, so issuers for different apps cannot be mixed up.

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use crate::error::Error;
use crate::issuer::{Issuer, Token, TokenRequest};
use crate::mode::Mode;
use crate::product::{self, Product};
use crate::rules::{Charset, Rules};
use crate::verify::Verifier;

/// A config type that describes one ZEGO app. Implemented by
/// `#[derive(ZegoTokenIssuer)]`.
pub trait IssuerSpec {
    /// [`product::Rtc`], [`product::Zim`] or [`product::RtcAndZim`].
    type Product: product::Kind;

    /// The characters user and room IDs may use
    /// ([`Issuer::with_id_charset`]): the derive's `id_charset` key,
    /// [`Charset::Portable`] unless set.
    const ID_CHARSET: Charset = Charset::Portable;
}

/// Any RTC app: the bound for generic code over `TypedIssuer<T>` that mints
/// room (privilege) tokens with [`TypedIssuer::token`].
///
/// Implemented for every [`IssuerSpec`] whose product is [`product::Rtc`]
/// or [`product::RtcAndZim`]: every type deriving `ZegoTokenIssuer` without
/// `product = "zim"`. Generic
/// code bounded only `T: IssuerSpec` that calls `token` gets a compile error
/// that names this bound.
///
/// ```
/// use zego_token::{Privilege, RtcSpec, Token, TypedIssuer, ZegoTokenIssuer};
///
/// /// Works for every RTC app, e.g. inside a generic axum handler.
/// fn room_token<T: RtcSpec>(issuer: &TypedIssuer<T>, user: &str, room: &str) -> zego_token::Result<Token> {
///     let privilege = Privilege::new(room).with_publish(true);
///     issuer.token(user).with_privilege(&privilege).issue()
/// }
///
/// #[derive(ZegoTokenIssuer)]
/// #[zego(app_id = 1, secret = "fa94dd0f974cf2e293728a526b028271")]
/// struct Staging;
///
/// let token = room_token(&Staging::issuer()?, "user1", "room1")?;
/// # Ok::<(), zego_token::Error>(())
/// ```
pub trait RtcSpec: IssuerSpec {}

impl<T: IssuerSpec> RtcSpec for T where T::Product: product::IsRtc {}

/// An [`Issuer`] that is a distinct type per config type `T`, built by the
/// derived `T::issuer()`.
///
/// A `TypedIssuer<Staging>` cannot be passed where a `TypedIssuer<Prod>` is
/// expected (for instance as axum `State`). Every app mints basic tokens
/// with [`issue`](TypedIssuer::issue); RTC apps ([`RtcSpec`]) also mint
/// tokens with a lifetime of their own and a payload with
/// [`token`](TypedIssuer::token), and give up the brand with
/// [`into_inner`](TypedIssuer::into_inner). ZIM tokens carry no payload.
///
/// Cloning is an `Arc` bump; it is `Send + Sync` whatever `T` is, and its
/// `Debug` never shows the secret.
pub struct TypedIssuer<T> {
    inner: Issuer,
    spec: PhantomData<fn() -> T>,
}

impl<T> TypedIssuer<T> {
    /// Brands `inner`; only reachable through the derive's generated code.
    pub(crate) fn new(inner: Issuer) -> Self {
        TypedIssuer {
            inner,
            spec: PhantomData,
        }
    }
}

impl<T: IssuerSpec> TypedIssuer<T> {
    /// The app ID tokens are minted for.
    pub fn app_id(&self) -> u32 {
        self.inner.app_id()
    }

    /// The default lifetime: see [`Issuer::ttl`].
    pub fn ttl(&self) -> Duration {
        self.inner.ttl()
    }

    /// The cipher mode.
    pub fn mode(&self) -> Mode {
        self.inner.mode()
    }

    /// The product this issuer mints for: `T`'s.
    pub fn product(&self) -> Product {
        self.inner.product()
    }

    /// The characters user and room IDs may use: `T`'s.
    pub fn id_charset(&self) -> Charset {
        self.inner.id_charset()
    }

    /// The rules minted tokens meet: see [`Issuer::rules`].
    pub fn rules(&self) -> Rules {
        self.inner.rules()
    }

    /// Mints a basic token (empty payload) with the default lifetime: see
    /// [`Issuer::issue`].
    ///
    /// # Errors
    ///
    /// As [`Issuer::issue`].
    pub fn issue(&self, user_id: &str) -> Result<Token, Error> {
        self.inner.issue(user_id)
    }

    /// Starts a token with its own lifetime or payload: see
    /// [`Issuer::token`]. RTC apps only (`T: `[`RtcSpec`]).
    pub fn token<'a>(&'a self, user_id: &'a str) -> TokenRequest<'a>
    where
        T: RtcSpec,
    {
        self.inner.token(user_id)
    }

    /// A verifier sharing this issuer's key that checks its app ID, the
    /// expiry and the issue time: see [`Issuer::verifier`].
    pub fn verifier(&self) -> Verifier {
        self.inner.verifier()
    }

    /// The core issuer, giving up the type brand. RTC apps only
    /// (`T: `[`RtcSpec`]): a ZIM app's brand is what keeps payloads out of
    /// its tokens.
    pub fn into_inner(self) -> Issuer
    where
        T: RtcSpec,
    {
        self.inner
    }
}

impl<T: RtcSpec> AsRef<Issuer> for TypedIssuer<T> {
    fn as_ref(&self) -> &Issuer {
        &self.inner
    }
}

impl<T> Clone for TypedIssuer<T> {
    fn clone(&self) -> Self {
        TypedIssuer::new(self.inner.clone())
    }
}

impl<T> fmt::Debug for TypedIssuer<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TypedIssuer")
            .field("spec", &std::any::type_name::<T>())
            .field("issuer", &self.inner)
            .finish()
    }
}
