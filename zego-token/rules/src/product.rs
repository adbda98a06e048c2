//! Which ZEGO product tokens are for, as a value. The runtime re-exports it
//! as `zego_token::Product`, beside its type-level twin `zego_token::product`.

use std::fmt;

/// Which ZEGO product the tokens are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Product {
    /// Express SDK (real-time audio and video): tokens may carry a privilege
    /// payload.
    #[default]
    Rtc,
    /// ZIM (in-app chat): tokens carry no payload.
    Zim,
}

impl Product {
    /// Every product, in the order messages list them.
    pub const ALL: [Product; 2] = [Product::Rtc, Product::Zim];

    /// The lowercase name used in configuration: `rtc` or `zim`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Product::Rtc => "rtc",
            Product::Zim => "zim",
        }
    }

    /// The product named by `word` (`rtc` or `zim`, exactly).
    pub fn from_word(word: &str) -> Option<Product> {
        Product::ALL.into_iter().find(|p| p.as_str() == word)
    }
}

impl fmt::Display for Product {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
