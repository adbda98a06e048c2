//! Which ZEGO product tokens are for, as a value ([`Product`], from a config
//! or the derive) and as a type ([`Rtc`], [`Zim`], [`RtcAndZim`], which a
//! derived `TypedIssuer` is branded with), in one place. A leaf.

/// The product as a value, defined once in `zego-token-rules` so the derive
/// and config files name the same type.
pub use zego_token_rules::Product;

/// A product marker: [`Rtc`], [`Zim`] or [`RtcAndZim`]. Sealed.
pub trait Kind: sealed::Sealed {
    /// The product as a value.
    const PRODUCT: Product;
}

/// Express SDK tokens: the typed issuer offers
/// [`token`](crate::TypedIssuer::token) and its payload builders.
#[derive(Debug)]
pub enum Rtc {}

/// ZIM tokens, which carry no payload: the typed issuer offers only
/// basic tokens.
#[derive(Debug)]
pub enum Zim {}

/// A token a UIKit hands to both the room login and the ZIM login
/// (`product = "rtc+zim"`): both products' rules, and the typed issuer
/// offers [`token`](crate::TypedIssuer::token) and its payload builders,
/// as for [`Rtc`].
#[derive(Debug)]
pub enum RtcAndZim {}

/// The products whose tokens may carry a payload: [`Rtc`] and [`RtcAndZim`]. What makes a
/// spec an [`RtcSpec`](crate::RtcSpec), and so a typed issuer offer
/// [`token`](crate::TypedIssuer::token); its compile error, where the bound
/// is missing, names the fix. Sealed.
#[diagnostic::on_unimplemented(
    message = "`token(..)` needs an RTC app, and `{Self}` is not known to be one",
    label = "only `TypedIssuer<T>` with `T: zego_token::RtcSpec` has this method",
    note = "generic code: bound the type parameter with `T: RtcSpec`, not only `T: IssuerSpec`",
    note = "a ZIM app (`product = \"zim\"`) carries no payload and mints with `issue(..)`; `product = \"rtc+zim\"` is for a token handed to both logins"
)]
pub trait IsRtc: Kind {}

impl IsRtc for Rtc {}

impl IsRtc for RtcAndZim {}

impl Kind for Rtc {
    const PRODUCT: Product = Product::Rtc;
}

impl Kind for Zim {
    const PRODUCT: Product = Product::Zim;
}

impl Kind for RtcAndZim {
    const PRODUCT: Product = Product::RtcAndZim;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Rtc {}
    impl Sealed for super::Zim {}
    impl Sealed for super::RtcAndZim {}
}
