//! [`TypedIssuer`]: an issuer branded with the config type it was built
//! from, so issuers for different apps cannot be mixed up.

use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;

use crate::error::Error;
use crate::issuer::{Issuer, Token};
use crate::product;
use crate::verify::Verifier;

/// A config type that describes one ZEGO app. Implemented by
/// `#[derive(ZegoTokenIssuer)]`.
pub trait IssuerSpec {
    /// [`product::Rtc`] or [`product::Zim`].
    type Product: product::Kind;
}

/// Any RTC app: the bound for generic code over `TypedIssuer<T>` that mints
/// room (privilege) tokens.
///
/// Shorthand for `IssuerSpec<Product = product::Rtc>`, which is what makes a
/// [`TypedIssuer<T>`] deref to [`Issuer`] and so offer
/// [`token`](Issuer::token) and the payload builders. Every type deriving
/// `ZegoTokenIssuer` without `product = "zim"` implements it.
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
pub trait RtcSpec: IssuerSpec<Product = product::Rtc> {}

impl<T: IssuerSpec<Product = product::Rtc>> RtcSpec for T {}

/// An [`Issuer`] that is a distinct type per config type `T`, built by the
/// derived `T::issuer()`.
///
/// A `TypedIssuer<Staging>` cannot be passed where a `TypedIssuer<Prod>` is
/// expected (for instance as axum `State`). For RTC specs it derefs to
/// [`Issuer`], so everything the core issuer does is available; for ZIM
/// specs only basic tokens can be minted, since ZIM tokens carry no payload.
/// Generic code over any RTC app bounds `T: `[`RtcSpec`].
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

    /// The default lifetime, in whole seconds.
    pub fn ttl(&self) -> std::time::Duration {
        self.inner.ttl()
    }

    /// The cipher mode.
    pub fn mode(&self) -> crate::Mode {
        self.inner.mode()
    }

    /// The product this issuer mints for.
    pub fn product(&self) -> crate::Product {
        <T::Product as product::Kind>::PRODUCT
    }

    /// Mints a basic token (empty payload): see [`Issuer::issue`].
    ///
    /// # Errors
    ///
    /// As [`Issuer::issue`].
    pub fn issue(&self, user_id: &str) -> Result<Token, Error> {
        self.inner.issue(user_id)
    }

    /// A verifier sharing this issuer's key that expects its app ID.
    pub fn verifier(&self) -> Verifier {
        self.inner.verifier()
    }
}

impl<T: IssuerSpec<Product = product::Rtc>> TypedIssuer<T> {
    /// The core issuer, giving up the type brand.
    pub fn into_inner(self) -> Issuer {
        self.inner
    }
}

impl<T: IssuerSpec<Product = product::Rtc>> Deref for TypedIssuer<T> {
    type Target = Issuer;

    fn deref(&self) -> &Issuer {
        &self.inner
    }
}

impl<T: IssuerSpec<Product = product::Rtc>> AsRef<Issuer> for TypedIssuer<T> {
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
