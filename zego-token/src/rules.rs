//! ZEGO's rules for what a token carries, which every minted token meets.
//!
//! Every path that mints ([`Issuer`](crate::Issuer) and
//! [`TypedIssuer`](crate::TypedIssuer), [`Privilege`](crate::Privilege),
//! [`KitToken`](crate::KitToken), config profiles, the derive, the CLI)
//! asks one implementation, [`Rules`], chosen by the issuer's
//! [`Product`](crate::Product) and [`Charset`]. A refusal is
//! [`Error::Rule`](crate::Error::Rule) carrying a
//! [`RuleViolation`](crate::error::RuleViolation): ZEGO's generator code (3
//! user ID, 6 lifetime or expiry), the client's error code where one is
//! known, and a one-line message naming the rule and the offending
//! character's position, never the value. Decoding does not apply them:
//! what other generators minted is read as it is.
//!
//! | what | RTC ([`Charset::Portable`], the default) | ZIM | source |
//! |---|---|---|---|
//! | user ID | 1 to [`RTC_USER_ID_MAX_BYTES`] (63) bytes: ASCII letters, digits, `` ~!@#$^&*()_+=-`;',.<>\ `` | 1 to [`ZIM_USER_ID_MAX_BYTES`] (32) bytes: ASCII letters, digits, `!#$%&()+-.;<=>@^_~` | Express `ZegoUser.userID` reference, errors 1002005-1002007, the native SDKs' `char user_id[64]` (with its NUL), the Express Web SDK's `loginRoom`; ZIM's "Manage user login" guide and `ZIMUserInfo.userID` |
//! | room ID | 1 to [`ROOM_ID_MAX_BYTES`] (127) bytes, the RTC user ID set | — | errors 1002011-1002013, `char room_id[128]`, `loginRoom` |
//! | stream ID | 1 to [`STREAM_ID_MAX_BYTES`] (255) bytes of `[0-9A-Za-z_-]` | — | `ZegoStream.streamID`, errors 1000014-1000016 |
//! | stream list | absent or `null` (any stream), or not empty: `[]` reads as any stream | — | ZEGO's generator samples ("if empty, no stream ID verification") |
//! | kit user name | 1 to [`KIT_USER_NAME_MAX_BYTES`] (255) bytes, no control characters | — | UIKit Prebuilt refuses an empty name; error 1002010 |
//! | lifetime | at least 1 s | [`ZIM_MIN_LIFETIME_SECS`] (31 s) to [`ZIM_MAX_LIFETIME_SECS`] (24 days) | ZIM's `login` reference, ZIM Web SDK (6000108, 6000109) |
//! | expiry | at most [`MAX_EXPIRY`] (2038-01-19T03:14:07Z), every product | same | the ZIM Web SDK reads it as a signed 32-bit number (6000106) |
//! | payload | empty, or a JSON object; privilege keys in the privilege shape | none | error 1002075 ("payload is in non-JSON format") |
//!
//! The lengths are one byte under what the Express Web SDK takes (64, 128,
//! 256 UTF-16 units): ZEGO's error reference calls 64 bytes "too long"
//! (1002007: "greater than or equal to 64 bytes"), and the native SDKs copy
//! IDs into NUL-terminated buffers of 64, 128 and 256 bytes. What every
//! client accepts is the shorter. The committed verdicts of ZEGO's Express
//! and ZIM web SDKs (`tests/data` in the repository) check these rules.
//!
//! [`Product::RtcAndZim`](crate::Product::RtcAndZim) applies both columns,
//! for a token a UIKit hands to both logins (React Native UIKits, call
//! invitation). [`Charset::Extended`] widens the ID sets for apps whose
//! every client takes more (`%` for RTC; ZIM's documented `:?[]{}|`); set
//! it with [`Issuer::with_id_charset`](crate::Issuer::with_id_charset),
//! `id_charset = "extended"` in a config file or the derive.

pub use zego_token_rules::{
    Charset, KIT_USER_NAME_MAX_BYTES, MAX_EXPIRY, ROOM_ID_MAX_BYTES, RTC_ID_PUNCTUATION,
    RTC_ID_PUNCTUATION_EXTENDED, RTC_USER_ID_MAX_BYTES, Rules, STREAM_ID_MAX_BYTES,
    STREAM_ID_PUNCTUATION, ZIM_MAX_LIFETIME_SECS, ZIM_MIN_LIFETIME_SECS, ZIM_USER_ID_MAX_BYTES,
    ZIM_USER_ID_PUNCTUATION, ZIM_USER_ID_PUNCTUATION_EXTENDED,
};
