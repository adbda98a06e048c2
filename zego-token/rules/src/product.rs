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
    /// One token for both: ZEGO's React Native UIKits (and the call
    /// invitation UIKits) pass the token from `onTokenProvide` to the room
    /// login and to the ZIM login, so it must satisfy both products' rules
    /// ([`Rules::rtc_and_zim`](crate::Rules::rtc_and_zim)): a user ID ZIM
    /// takes too, a lifetime of at most 24 days. It may carry a privilege
    /// payload, for the room login.
    RtcAndZim,
}

impl Product {
    /// Every product, in the order messages list them.
    pub const ALL: [Product; 3] = [Product::Rtc, Product::Zim, Product::RtcAndZim];

    /// The lowercase name used in configuration: `rtc`, `zim` or `rtc+zim`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Product::Rtc => "rtc",
            Product::Zim => "zim",
            Product::RtcAndZim => "rtc+zim",
        }
    }

    /// Whether its tokens may carry a payload: every product but ZIM alone.
    pub const fn carries_payload(self) -> bool {
        !matches!(self, Product::Zim)
    }

    /// Whether its tokens log in to an Express SDK room (RTC, or RTC and ZIM).
    pub const fn logs_in_to_room(self) -> bool {
        !matches!(self, Product::Zim)
    }

    /// Whether its tokens log in to ZIM (ZIM, or RTC and ZIM).
    pub const fn logs_in_to_zim(self) -> bool {
        !matches!(self, Product::Rtc)
    }

    /// The product named by `word` (`rtc`, `zim` or `rtc+zim`, exactly).
    pub fn from_word(word: &str) -> Option<Product> {
        Product::ALL.into_iter().find(|p| p.as_str() == word)
    }
}

impl fmt::Display for Product {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
