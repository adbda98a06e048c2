//! Which ZEGO product tokens are for, as a value ([`Product`], from a config
//! or the derive) and as a type ([`Rtc`], [`Zim`], which a derived
//! `TypedIssuer` is branded with), in one place. A leaf.

/// The product as a value, defined once in `zego-token-rules` so the derive
/// and config files name the same type.
pub use zego_token_rules::Product;

/// A product marker: [`Rtc`] or [`Zim`]. Sealed.
pub trait Kind: sealed::Sealed {
    /// The product as a value.
    const PRODUCT: Product;
}

/// Express SDK tokens: the typed issuer derefs to [`Issuer`](crate::Issuer),
/// payload builders included.
#[derive(Debug)]
pub enum Rtc {}

/// ZIM tokens, which carry no payload: the typed issuer offers only
/// basic tokens.
#[derive(Debug)]
pub enum Zim {}

impl Kind for Rtc {
    const PRODUCT: Product = Product::Rtc;
}

impl Kind for Zim {
    const PRODUCT: Product = Product::Zim;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Rtc {}
    impl Sealed for super::Zim {}
}
