//! Why a value breaks one of ZEGO's rules: one type for every ID, lifetime
//! and payload rule, carrying ZEGO's generator code and client error code.
//!
//! Messages name the rule and, for a character, its position and code
//! point, never the value itself: an ID may be a pasted secret or personal
//! data, and a character outside ASCII may be a terminal or bidi control.

use std::fmt;

use crate::product::Product;

/// Which ID or name a rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IdKind {
    /// The user ID of a token (`user_id`), as the client logs in with it.
    UserId,
    /// A room ID: of a privilege payload (`room_id`) or a kit token (`roomID`).
    RoomId,
    /// A stream ID of a privilege payload's `stream_id_list`.
    StreamId,
    /// The user name a UIKit kit token carries (`userName`).
    KitUserName,
}

impl IdKind {
    /// How messages name it.
    pub const fn name(self) -> &'static str {
        match self {
            IdKind::UserId => "user ID",
            IdKind::RoomId => "room ID",
            IdKind::StreamId => "stream ID",
            IdKind::KitUserName => "kit user name",
        }
    }
}

/// What is wrong with an ID or name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IdProblem {
    /// It is empty.
    Empty,
    /// It is longer than the rule allows, in UTF-8 bytes.
    TooLong {
        /// Its length in bytes.
        len: usize,
        /// The most the rule allows, in bytes.
        max: usize,
    },
    /// It has a character outside the rule's set.
    Character {
        /// 1-based position of the character, counted in characters
        /// (Unicode scalar values).
        position: usize,
        /// 0-based byte offset of the character.
        byte: usize,
        /// The character.
        ch: char,
        /// The punctuation the rule allows besides ASCII letters and
        /// digits; empty for a name, whose rule refuses only control
        /// characters.
        allowed: &'static str,
    },
}

/// What is wrong with a lifetime or expiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeProblem {
    /// The lifetime is zero or negative.
    NotPositive {
        /// The lifetime, in seconds.
        seconds: i64,
    },
    /// ZIM: the token would reach the client with 30 seconds or less left.
    TooShort {
        /// The lifetime, in seconds.
        seconds: i64,
        /// The shortest lifetime the rule allows, in seconds.
        min: i64,
    },
    /// ZIM: the lifetime is over 24 days.
    TooLong {
        /// The lifetime, in seconds.
        seconds: i64,
        /// The longest lifetime the rule allows, in seconds.
        max: i64,
    },
    /// The expiry does not fit a signed 32-bit unix time (it is after
    /// 2038-01-19T03:14:07Z), or issue time plus lifetime overflows.
    ExpiryAfter2038 {
        /// The expiry, unix seconds (`None` when it overflows 64 bits).
        expire: Option<i64>,
    },
}

/// What is wrong with a payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PayloadProblem {
    /// The payload is not JSON.
    NotJson,
    /// The payload is JSON, but not an object.
    NotObject,
    /// A ZIM token carries no payload.
    ForZim,
    /// A privilege payload lacks a field it needs.
    Missing {
        /// The field: `room_id` or `privilege`.
        field: &'static str,
    },
    /// A privilege payload field has the wrong JSON type.
    WrongType {
        /// The field.
        field: &'static str,
        /// What it must be.
        expected: &'static str,
    },
    /// `privilege` has a key other than `"1"` (login) and `"2"` (publish).
    UnknownPrivilegeKey,
    /// `privilege` has no key at all.
    NoPrivilege,
    /// A `privilege` value is not the number 0 or 1.
    PrivilegeValue {
        /// The key: 1 (login) or 2 (publish).
        key: u8,
    },
    /// `stream_id_list` is `[]`, which ZEGO reads as "any stream": a
    /// restriction that fails open.
    EmptyStreamList,
    /// An entry of `stream_id_list` is not a string.
    StreamNotString {
        /// 0-based index in the list.
        index: usize,
    },
    /// `room_id` breaks the room ID rule.
    RoomId(IdProblem),
    /// An entry of `stream_id_list` breaks the stream ID rule.
    StreamId {
        /// 0-based index in the list.
        index: usize,
        /// What is wrong with it.
        problem: IdProblem,
    },
}

/// Why a value breaks one of ZEGO's rules: a token minted with it would be
/// refused by a ZEGO client or server, or would fail open.
///
/// [`generator_code`](RuleViolation::generator_code) gives the code ZEGO's
/// official generators return for the mistake (3 user ID, 6 lifetime),
/// [`client_code`](RuleViolation::client_code) the error code a ZEGO client
/// reports when it meets the result. `Display` is one line naming the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RuleViolation {
    /// An ID or name breaks its rule.
    Id {
        /// Which ID.
        kind: IdKind,
        /// Whose rule it breaks, [`Product::Rtc`] or [`Product::Zim`]
        /// (never [`Product::RtcAndZim`]: the first client refusing is
        /// named): room IDs, stream IDs and kit user names are RTC concepts
        /// and always say [`Product::Rtc`].
        product: Product,
        /// What is wrong.
        problem: IdProblem,
    },
    /// A lifetime or expiry breaks its rule.
    Time {
        /// Whose rule it breaks, [`Product::Rtc`] or [`Product::Zim`] (ZIM
        /// when the token is also for ZIM: its limits are the tighter).
        product: Product,
        /// What is wrong.
        problem: TimeProblem,
    },
    /// A payload breaks its rule.
    Payload(PayloadProblem),
}

impl RuleViolation {
    /// The code ZEGO's official token generators (`zego_server_assistant`)
    /// return for the same mistake: 3 for a user ID, 6 for a lifetime
    /// (`effectiveTimeInSeconds`). Other rules have none.
    pub const fn generator_code(&self) -> Option<u32> {
        match self {
            RuleViolation::Id {
                kind: IdKind::UserId,
                ..
            } => Some(3),
            RuleViolation::Time { .. } => Some(6),
            _ => None,
        }
    }

    /// The error code a ZEGO client reports for it, where one is known:
    /// Express 1002005/1002006/1002007 (user ID empty, characters, length),
    /// 1002011/1002012/1002013 (room ID), 1000015/1000016/1000014 (stream
    /// ID), 1002010 (user name length), 1002075 (payload not a JSON
    /// object); ZIM 6000106 (expiry read as past), 6000108 (lifetime too
    /// short), 6000109 (lifetime too long).
    pub const fn client_code(&self) -> Option<u32> {
        match *self {
            RuleViolation::Id {
                kind,
                product,
                problem,
            } => id_client_code(kind, product, problem),
            RuleViolation::Time { product, problem } => match (product, problem) {
                (Product::Zim | Product::RtcAndZim, TimeProblem::TooShort { .. }) => {
                    Some(6_000_108)
                }
                (Product::Zim | Product::RtcAndZim, TimeProblem::TooLong { .. }) => Some(6_000_109),
                (Product::Zim | Product::RtcAndZim, TimeProblem::ExpiryAfter2038 { .. }) => {
                    Some(6_000_106)
                }
                _ => None,
            },
            RuleViolation::Payload(problem) => match problem {
                PayloadProblem::NotJson | PayloadProblem::NotObject => Some(1_002_075),
                PayloadProblem::RoomId(p) => id_client_code(IdKind::RoomId, Product::Rtc, p),
                PayloadProblem::StreamId { problem, .. } => {
                    id_client_code(IdKind::StreamId, Product::Rtc, problem)
                }
                _ => None,
            },
        }
    }
}

const fn id_client_code(kind: IdKind, product: Product, problem: IdProblem) -> Option<u32> {
    let (empty, long, character) = match (kind, product) {
        (IdKind::UserId, Product::Rtc) => (1_002_005, 1_002_007, 1_002_006),
        (IdKind::RoomId, _) => (1_002_011, 1_002_013, 1_002_012),
        (IdKind::StreamId, _) => (1_000_015, 1_000_014, 1_000_016),
        (IdKind::KitUserName, _) => (0, 1_002_010, 0),
        // ZIM's web SDK checks no user ID; its native error codes for one
        // are undocumented.
        (IdKind::UserId, Product::Zim | Product::RtcAndZim) => (0, 0, 0),
    };
    let code = match problem {
        IdProblem::Empty => empty,
        IdProblem::TooLong { .. } => long,
        IdProblem::Character { .. } => character,
    };
    if code == 0 { None } else { Some(code) }
}

/// Whose rule it is, for messages, and the ending its verb takes.
const fn who(product: Product) -> (&'static str, &'static str) {
    match product {
        Product::Rtc => ("ZEGO's RTC clients", ""),
        Product::Zim => ("ZIM", "s"),
        Product::RtcAndZim => ("ZEGO's RTC clients and ZIM", ""),
    }
}

impl fmt::Display for RuleViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            RuleViolation::Id {
                kind,
                product,
                problem,
            } => write_id(f, kind.name(), kind, product, problem)?,
            RuleViolation::Time { product, problem } => write_time(f, product, problem)?,
            RuleViolation::Payload(problem) => write_payload(f, problem)?,
        }
        if let Some(code) = self.client_code() {
            write!(f, " (ZEGO client error {code})")?;
        }
        Ok(())
    }
}

fn write_id(
    f: &mut fmt::Formatter<'_>,
    what: &str,
    kind: IdKind,
    product: Product,
    problem: IdProblem,
) -> fmt::Result {
    match problem {
        IdProblem::Empty if kind == IdKind::KitUserName => write!(
            f,
            "{what} is empty: UIKit needs a name to join (it refuses an empty one)"
        ),
        IdProblem::Empty => write!(f, "{what} is empty"),
        IdProblem::TooLong { len, max } => {
            let (whom, s) = who(product);
            write!(
                f,
                "{what} is {len} bytes, over the {max} bytes {whom} accept{s}"
            )
        }
        IdProblem::Character {
            position,
            ch,
            allowed,
            ..
        } => {
            write!(f, "{what} has character {position} ")?;
            write_char(f, ch)?;
            if allowed.is_empty() {
                f.write_str(", a control character")
            } else {
                let (whom, s) = who(product);
                write!(
                    f,
                    ", which {whom} refuse{s}: use ASCII letters, digits and {allowed}"
                )
            }
        }
    }
}

/// `(U+0020)`, or `('/', U+002F)` for visible ASCII: never a raw character
/// that could be a control or bidi override in the reader's terminal.
fn write_char(f: &mut fmt::Formatter<'_>, ch: char) -> fmt::Result {
    if ch.is_ascii_graphic() {
        write!(f, "('{ch}', U+{:04X})", u32::from(ch))
    } else {
        write!(f, "(U+{:04X})", u32::from(ch))
    }
}

fn write_time(f: &mut fmt::Formatter<'_>, product: Product, problem: TimeProblem) -> fmt::Result {
    match problem {
        TimeProblem::NotPositive { seconds } => {
            write!(f, "lifetime must be positive, got {seconds} s")
        }
        TimeProblem::TooShort { seconds, min } => write!(
            f,
            "lifetime of {seconds} s is too short for ZIM, which refuses a token with less than 30 s left at login: give at least {min} s"
        ),
        TimeProblem::TooLong { seconds, max } => write!(
            f,
            "lifetime of {seconds} s is over ZIM's limit of {max} s (24 days): ZIM closes the connection at 24 days"
        ),
        TimeProblem::ExpiryAfter2038 { expire } => {
            f.write_str("expiry ")?;
            if let Some(expire) = expire {
                write!(f, "{expire} ")?;
            }
            f.write_str(
                "is after 2038-01-19T03:14:07Z, the last second a signed 32-bit unix time holds",
            )?;
            if matches!(product, Product::Zim | Product::RtcAndZim) {
                f.write_str(": ZIM reads it as already past")?;
            }
            Ok(())
        }
    }
}

fn write_payload(f: &mut fmt::Formatter<'_>, problem: PayloadProblem) -> fmt::Result {
    match problem {
        PayloadProblem::NotJson => {
            f.write_str("payload is not JSON: give a JSON object, or no payload")
        }
        PayloadProblem::NotObject => {
            f.write_str("payload is not a JSON object: give an object, or no payload")
        }
        PayloadProblem::ForZim => f.write_str(
            "a ZIM token carries no payload: mint it without a room or payload, or use product rtc+zim for a token both logins take",
        ),
        PayloadProblem::Missing { field } => {
            write!(f, "privilege payload has no `{field}`")
        }
        PayloadProblem::WrongType { field, expected } => {
            write!(f, "privilege payload `{field}` must be {expected}")
        }
        PayloadProblem::UnknownPrivilegeKey => f.write_str(
            "privilege payload `privilege` has a key other than \"1\" (login) and \"2\" (publish)",
        ),
        PayloadProblem::NoPrivilege => f.write_str(
            "privilege payload `privilege` is empty: set \"1\" (login) and \"2\" (publish)",
        ),
        PayloadProblem::PrivilegeValue { key } => {
            write!(f, "privilege payload `privilege` \"{key}\" must be 0 or 1")
        }
        PayloadProblem::EmptyStreamList => f.write_str(
            "privilege payload `stream_id_list` is empty, which ZEGO reads as any stream: give no list (null) for any stream, or list the streams",
        ),
        PayloadProblem::StreamNotString { index } => {
            write!(
                f,
                "privilege payload `stream_id_list` entry {index} is not a string"
            )
        }
        PayloadProblem::RoomId(problem) => write_id(
            f,
            "privilege payload `room_id`",
            IdKind::RoomId,
            Product::Rtc,
            problem,
        ),
        PayloadProblem::StreamId { index, problem } => write_id(
            f,
            &format!("privilege payload `stream_id_list` entry {index}"),
            IdKind::StreamId,
            Product::Rtc,
            problem,
        ),
    }
}

impl std::error::Error for RuleViolation {}
