//! Checking a token as ZEGO's clients and servers will: the offline
//! counterpart of the ZEGO console's token checker (`zego-token check` on
//! the command line).
//!
//! A [`Checker`] decrypts a token (leniently, as [`Verifier::decrypt`]
//! does, so tokens from every official generator can be checked, and a
//! UIKit kit token pasted whole too) and lists in a [`Report`] every
//! problem a ZEGO client or server would raise, each a [`Finding`] with its
//! [`Severity`], its [`Subject`] and ZEGO's client error code:
//!
//! | code | raised for | found by |
//! |---|---|---|
//! | 1002075 `RoomTokenFormatError` | a payload that is not JSON | [`Rules::payload`] |
//! | 1002076 `RoomTokenAppidError` | a token for another app | the verifier's app ID, a kit token's appID |
//! | 1002077 `RoomTokenUseridError` | a token for another user | [`Checker::with_user_id`], a kit token's userID |
//! | 1002078 `RoomTokenExpireError` | an expired token | the clock |
//! | 1002079 `RoomTokenVersionError` | a token that does not start with `04` | the text |
//! | 1002006 / 1002012 / 1000016 | characters ZEGO refuses in a user, room or stream ID | [`Rules::user_id`], [`Rules::room_id`], [`Rules::stream_id`] |
//! | 1002007 / 1002013 / 1000014 | a user, room or stream ID too long | the same |
//! | ZIM 6000103 `NetworkModuleTokenInvalid` | text too short to be a token | the text |
//! | ZIM 6000106 `NetworkModuleTokenExpired` | an expired token, or an expiry after 2038 | the clock, [`Rules::expiry`] |
//! | ZIM 6000107 `NetworkModuleTokenVersionError` | a token that does not start with `04` | the text |
//! | ZIM 6000108 `NetworkModuleTokenTimeIsTooShort` | a lifetime under 31 s, or under 30 s left | [`Rules::lifetime`], the clock |
//! | ZIM 6000109 `NetworkModuleTokenTimeIsTooLong` | a lifetime over 24 days | [`Rules::lifetime`] |
//!
//! The codes are the Express SDK's for an RTC token and ZIM's for a ZIM
//! token ([`Checker::with_product`]); their sources are in [`code`]. The
//! rules themselves are [`zego_token_rules::Rules`], the one implementation
//! every minting path uses, re-exported here with the types a
//! [`Finding::violation`] carries.
//!
//! [`Verifier::decrypt`]: crate::Verifier::decrypt
//! [`Rules::payload`]: zego_token_rules::Rules::payload
//! [`Rules::user_id`]: zego_token_rules::Rules::user_id
//! [`Rules::room_id`]: zego_token_rules::Rules::room_id
//! [`Rules::stream_id`]: zego_token_rules::Rules::stream_id
//! [`Rules::expiry`]: zego_token_rules::Rules::expiry
//! [`Rules::lifetime`]: zego_token_rules::Rules::lifetime

mod checker;
pub mod code;
mod finding;
mod report;
#[cfg(test)]
mod tests;

pub use checker::Checker;
pub use finding::{Finding, Severity, Subject};
pub use report::Report;
pub use zego_token_rules::{
    Charset, IdKind, IdProblem, PayloadProblem, RuleViolation, Rules, TimeProblem,
};
