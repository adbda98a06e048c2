//! The error codes ZEGO's clients report for a token, as [`Finding::code`]
//! gives them, named as ZEGO's SDKs name them.
//!
//! The codes of ID, lifetime and payload rules come with the rule
//! ([`RuleViolation::client_code`]): 1002006 / 1002012 / 1000016 for user,
//! room and stream ID characters (1002007 / 1002013 / 1000014 for their
//! lengths), 1002075 for a payload that is not JSON, ZIM's 6000106,
//! 6000108 and 6000109 for its time limits. The codes below are the ones a
//! check assigns itself, for what is not a rule of a single value: a token
//! for another app or user, an expired one, a wrong version.
//!
//! Sources, each code's meaning as ZEGO publishes it:
//!
//! - Express (RTC): ZEGO's `ZegoErrorCode` reference, the same on every
//!   platform, e.g. <https://pub.dev/documentation/zego_express_engine/latest/zego_express_engine/ZegoErrorCode/RoomTokenUseridError-constant.html>
//!   and <https://zegocloud.com/unique-api/express-video-sdk/en/dart_flutter/zego_express_engine/ZegoErrorCode/RoomTokenExpireError-constant.html>;
//!   handling them: <https://www.zegocloud.com/docs/faq/token-error-codes>.
//!   The Express **Web** SDK reports the server's refusals of a token as
//!   1102016 ("token error") and 1102018 ("token expired") instead.
//! - ZIM: ZEGO's ZIM error codes, <https://www.zegocloud.com/docs/zim-web/sdk-error-codes/zim>,
//!   and the SDKs' `ZIMErrorCode` (`NetworkModuleToken*`, e.g.
//!   <https://pub.dev/documentation/zego_zim/latest/zego_zim/ZIMErrorCode/networkModuleTokenTimeIsTooShort-constant.html>);
//!   when each is raised was read from the ZIM Web SDK's own token check.
//!
//! [`Finding::code`]: crate::check::Finding::code
//! [`RuleViolation::client_code`]: zego_token_rules::RuleViolation::client_code

use crate::product::Product;

/// Express `RoomTokenFormatError`: "The generated Token transmission
/// parameter payload is in non-JSON format."
pub const ROOM_TOKEN_FORMAT_ERROR: u32 = 1_002_075;

/// Express `RoomTokenAppidError`: "The generated Token Appid is
/// inconsistent with the SDK used Appid, Or the appID type is incorrect."
pub const ROOM_TOKEN_APPID_ERROR: u32 = 1_002_076;

/// Express `RoomTokenUseridError`: "The generated Token userID is
/// inconsistent with the login used userID Or the userID type is
/// incorrect."
pub const ROOM_TOKEN_USERID_ERROR: u32 = 1_002_077;

/// Express `RoomTokenExpireError`: "Token expire Or the generated Token
/// validity period parameter type is incorrect."
pub const ROOM_TOKEN_EXPIRE_ERROR: u32 = 1_002_078;

/// Express `RoomTokenVersionError`: "The Token Version was generated
/// incorrectly."
pub const ROOM_TOKEN_VERSION_ERROR: u32 = 1_002_079;

/// ZIM `NetworkModuleTokenInvalid`, "Token is invalid": raised by the ZIM
/// Web SDK for a token of fewer than 31 characters.
pub const ZIM_TOKEN_INVALID: u32 = 6_000_103;

/// ZIM `NetworkModuleTokenExpired`, "Token expired": the expiry, read as a
/// signed 32-bit number, is past.
pub const ZIM_TOKEN_EXPIRED: u32 = 6_000_106;

/// ZIM `NetworkModuleTokenVersionError`, "Token version number is wrong":
/// the token does not start with `04`.
pub const ZIM_TOKEN_VERSION_ERROR: u32 = 6_000_107;

/// ZIM `NetworkModuleTokenTimeIsTooShort`, "Token duration is too short":
/// less than 30 s left at login.
pub const ZIM_TOKEN_TIME_IS_TOO_SHORT: u32 = 6_000_108;

/// ZIM `NetworkModuleTokenTimeIsTooLong`, "Token duration is too long": an
/// expiry more than 24 days ahead.
pub const ZIM_TOKEN_TIME_IS_TOO_LONG: u32 = 6_000_109;

/// The code for a token that is not version `04`.
pub(crate) const fn version(product: Product) -> u32 {
    if product.logs_in_to_room() {
        ROOM_TOKEN_VERSION_ERROR
    } else {
        ZIM_TOKEN_VERSION_ERROR
    }
}

/// The code for an expired token.
pub(crate) const fn expired(product: Product) -> u32 {
    if product.logs_in_to_room() {
        ROOM_TOKEN_EXPIRE_ERROR
    } else {
        ZIM_TOKEN_EXPIRED
    }
}

/// The code for a token minted for another app; ZIM documents none.
pub(crate) const fn app_id(product: Product) -> Option<u32> {
    if product.logs_in_to_room() {
        Some(ROOM_TOKEN_APPID_ERROR)
    } else {
        None
    }
}

/// The code for a token minted for another user; ZIM documents none.
pub(crate) const fn user_id(product: Product) -> Option<u32> {
    if product.logs_in_to_room() {
        Some(ROOM_TOKEN_USERID_ERROR)
    } else {
        None
    }
}
