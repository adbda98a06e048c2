//! The ID and name rules: lengths in UTF-8 bytes and character sets, per
//! product, as ZEGO documents them and its clients enforce them.
//!
//! Every set is ASCII letters and digits plus some punctuation, so an ID
//! that passes is also as many bytes as characters. Checks run in the
//! order the Express Web SDK runs them (empty, length, characters), so the
//! first problem reported is the one its `loginRoom` would report.

use crate::product::Product;
use crate::violation::{IdKind, IdProblem, RuleViolation};

/// Longest user ID every Express (RTC) client accepts, in bytes: ZEGO's
/// error reference says 1002007 "RoomUserIdTooLong" for a user ID of "greater
/// than or equal to 64 bytes", and the native SDKs copy it into
/// `char user_id[64]` with its terminating NUL (`ZEGO_EXPRESS_MAX_USERID_LEN`
/// in `zego-express-defines.h`). The Express Web SDK alone takes 64.
pub const RTC_USER_ID_MAX_BYTES: usize = 63;

/// Longest ZIM user ID, in bytes: "a string of up to 32 bytes" (ZIM's
/// "Manage user login" guide; `ZIMUserInfo.userID`).
pub const ZIM_USER_ID_MAX_BYTES: usize = 32;

/// Longest room ID every Express client accepts, in bytes: 1002013
/// "RoomRoomidTooLong" for "greater than or equal to 128 bytes", and
/// `char room_id[128]` in the native SDKs. The Express Web SDK takes 128.
pub const ROOM_ID_MAX_BYTES: usize = 127;

/// Longest stream ID every Express client accepts, in bytes: 1000014
/// "CommonStreamIdTooLong" ("should be less than 256 bytes"), and
/// `char stream_id[256]` in the native SDKs. The Express Web SDK takes 256.
pub const STREAM_ID_MAX_BYTES: usize = 255;

/// Longest kit user name, in bytes: 1002010 "RoomUserNameTooLong" for
/// "greater than or equal to 256 bytes", and `char user_name[256]` in the
/// native SDKs. (The Express Web SDK counts 256 UTF-16 units instead.)
pub const KIT_USER_NAME_MAX_BYTES: usize = 255;

/// Which characters IDs may use beyond the set every ZEGO client accepts.
///
/// The sets are ASCII letters and digits plus the punctuation listed here.
/// Stream IDs have one set whatever the choice: `-` and `_`
/// ("CommonStreamIdInvalidCharacter", 1000016).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Charset {
    /// The characters every ZEGO client accepts, so a token works wherever
    /// it is used.
    ///
    /// - RTC user and room IDs: `` ~!@#$^&*()_+=-`;',.<>\ ``, the set of
    ///   ZEGO's `ZegoUser.userID` reference and error 1002006/1002012,
    ///   which is also exactly what the Express Web SDK's `loginRoom`
    ///   accepts, without `%`, which that reference says not to use "if you
    ///   need to communicate with the Web SDK".
    /// - ZIM user IDs: `!#$%&()+-.;<=>@^_~`, the characters both of ZEGO's
    ///   ZIM references list (the "Manage user login" guide and the
    ///   `ZIMUserInfo.userID` reference disagree on the rest).
    #[default]
    Portable,
    /// The widest set ZEGO documents for each product. Name it only when
    /// every client of the app is known to take it:
    ///
    /// - RTC user and room IDs: adds `%`. Accepted by the Express native
    ///   SDKs (Android, iOS, macOS, Windows, Linux, and Flutter, React
    ///   Native and Unity on them) and by the Express Web SDK's
    ///   `loginRoom`; ZEGO warns it breaks talking to Web SDK users.
    /// - ZIM user IDs: `!#$%&()+-:;<=.>?@[]^_{}|~`, the set of ZIM's "Manage
    ///   user login" guide and its server API (`UserRegister`). `:`, `?`,
    ///   `[`, `]`, `{`, `}` and `|` are refused by every Express client, so
    ///   not for a token a UIKit also hands to Express.
    Extended,
}

impl Charset {
    /// Every set, in the order messages list them.
    pub const ALL: [Charset; 2] = [Charset::Portable, Charset::Extended];

    /// The lowercase name used in configuration (`id_charset`): `portable`
    /// or `extended`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Charset::Portable => "portable",
            Charset::Extended => "extended",
        }
    }

    /// The set named by `word` (`portable` or `extended`, exactly).
    pub fn from_word(word: &str) -> Option<Charset> {
        Charset::ALL.into_iter().find(|c| c.as_str() == word)
    }
}

impl std::fmt::Display for Charset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Punctuation of RTC user and room IDs ([`Charset::Portable`]).
pub const RTC_ID_PUNCTUATION: &str = "~!@#$^&*()_+=-`;',.<>\\";
/// Punctuation of RTC user and room IDs ([`Charset::Extended`]).
pub const RTC_ID_PUNCTUATION_EXTENDED: &str = "~!@#$%^&*()_+=-`;',.<>\\";
/// Punctuation of ZIM user IDs ([`Charset::Portable`]).
pub const ZIM_USER_ID_PUNCTUATION: &str = "!#$%&()+-.;<=>@^_~";
/// Punctuation of ZIM user IDs ([`Charset::Extended`]).
pub const ZIM_USER_ID_PUNCTUATION_EXTENDED: &str = "!#$%&()+-:;<=.>?@[]^_{}|~";
/// Punctuation of stream IDs.
pub const STREAM_ID_PUNCTUATION: &str = "-_";

/// The first character of `text` that is neither an ASCII letter or digit
/// nor in `punctuation`, as an [`IdProblem::Character`].
fn outside(text: &str, punctuation: &'static str) -> Option<IdProblem> {
    let allowed = |b: u8| b.is_ascii_alphanumeric() || punctuation.as_bytes().contains(&b);
    // All-ASCII IDs, nearly all of them, are checked byte by byte.
    let at = text.bytes().position(|b| !allowed(b))?;
    let (position, (byte, ch)) = text
        .char_indices()
        .enumerate()
        .find(|&(_, (i, _))| i >= at)?;
    Some(IdProblem::Character {
        position: position + 1,
        byte,
        ch,
        allowed: punctuation,
    })
}

/// Empty, length and character checks in the Express Web SDK's order.
fn check(text: &str, max: usize, punctuation: &'static str) -> Result<(), IdProblem> {
    if text.is_empty() {
        return Err(IdProblem::Empty);
    }
    if text.len() > max {
        return Err(IdProblem::TooLong {
            len: text.len(),
            max,
        });
    }
    outside(text, punctuation).map_or(Ok(()), Err)
}

fn violation(kind: IdKind, product: Product) -> impl Fn(IdProblem) -> RuleViolation {
    move |problem| RuleViolation::Id {
        kind,
        product,
        problem,
    }
}

/// The user ID rule of one product.
pub(crate) fn user_id(id: &str, product: Product, charset: Charset) -> Result<(), RuleViolation> {
    let (max, punctuation) = match (product, charset) {
        (Product::Rtc, Charset::Portable) => (RTC_USER_ID_MAX_BYTES, RTC_ID_PUNCTUATION),
        (Product::Rtc, Charset::Extended) => (RTC_USER_ID_MAX_BYTES, RTC_ID_PUNCTUATION_EXTENDED),
        (Product::Zim, Charset::Portable) => (ZIM_USER_ID_MAX_BYTES, ZIM_USER_ID_PUNCTUATION),
        (Product::Zim, Charset::Extended) => {
            (ZIM_USER_ID_MAX_BYTES, ZIM_USER_ID_PUNCTUATION_EXTENDED)
        }
        // Both rules, RTC's first: a violation names the client refusing.
        (Product::RtcAndZim, _) => {
            user_id(id, Product::Rtc, charset)?;
            return user_id(id, Product::Zim, charset);
        }
    };
    check(id, max, punctuation).map_err(violation(IdKind::UserId, product))
}

/// The room ID rule (an RTC concept: privilege payloads and kit tokens).
pub(crate) fn room_id_problem(id: &str, charset: Charset) -> Result<(), IdProblem> {
    let punctuation = match charset {
        Charset::Portable => RTC_ID_PUNCTUATION,
        Charset::Extended => RTC_ID_PUNCTUATION_EXTENDED,
    };
    check(id, ROOM_ID_MAX_BYTES, punctuation)
}

/// The room ID rule, as a violation.
pub(crate) fn room_id(id: &str, charset: Charset) -> Result<(), RuleViolation> {
    room_id_problem(id, charset).map_err(violation(IdKind::RoomId, Product::Rtc))
}

/// The stream ID rule: `[0-9A-Za-z_-]`, 1 to 255 bytes.
pub(crate) fn stream_id_problem(id: &str) -> Result<(), IdProblem> {
    check(id, STREAM_ID_MAX_BYTES, STREAM_ID_PUNCTUATION)
}

/// The stream ID rule, as a violation.
pub(crate) fn stream_id(id: &str) -> Result<(), RuleViolation> {
    stream_id_problem(id).map_err(violation(IdKind::StreamId, Product::Rtc))
}

/// The kit user name rule: 1 to 255 bytes, no control characters.
pub(crate) fn kit_user_name(name: &str) -> Result<(), RuleViolation> {
    let problem = if name.is_empty() {
        Some(IdProblem::Empty)
    } else if name.len() > KIT_USER_NAME_MAX_BYTES {
        Some(IdProblem::TooLong {
            len: name.len(),
            max: KIT_USER_NAME_MAX_BYTES,
        })
    } else {
        name.chars()
            .enumerate()
            .zip(name.char_indices())
            .find(|((_, c), _)| c.is_control())
            .map(|((position, ch), (byte, _))| IdProblem::Character {
                position: position + 1,
                byte,
                ch,
                allowed: "",
            })
    };
    problem.map_or(Ok(()), |p| {
        Err(violation(IdKind::KitUserName, Product::Rtc)(p))
    })
}
