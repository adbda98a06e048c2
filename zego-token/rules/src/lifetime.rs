//! The lifetime and expiry rules, per product.

use crate::product::Product;
use crate::violation::{RuleViolation, TimeProblem};

/// The latest expiry every ZEGO client reads correctly, unix seconds
/// (2038-01-19T03:14:07Z): the ZIM Web SDK reads a token's expiry as a
/// signed 32-bit number (`Long.toInt()` of the first 8 bytes), so 2^31
/// reads as -2^31, long past, and it closes the connection at once
/// (6000106, "Token expired").
pub const MAX_EXPIRY: i64 = i32::MAX as i64;

/// The longest lifetime of a ZIM token, in seconds: 24 days. ZIM's `login`
/// reference says "The token validity period cannot exceed 24 days"; the
/// ZIM Web SDK computes 6000109 ("Token duration is too long") for an
/// expiry more than 2,073,600 s ahead, and closes the connection 24 days
/// after login whatever the expiry.
pub const ZIM_MAX_LIFETIME_SECS: i64 = 2_073_600;

/// The shortest lifetime of a ZIM token, in seconds. The ZIM Web SDK
/// computes 6000108 ("Token duration is too short") for a token with less
/// than 30 s left when it logs in; one minted with exactly 30 s has less by
/// the time it gets there.
pub const ZIM_MIN_LIFETIME_SECS: i64 = 31;

/// The lifetime rule of one product. Every product needs a positive
/// lifetime (ZEGO's generators return 6 otherwise); ZIM also bounds it.
pub(crate) fn lifetime(seconds: i64, product: Product) -> Result<(), RuleViolation> {
    let zim = matches!(product, Product::Zim | Product::RtcAndZim);
    let problem = if seconds <= 0 {
        Some(TimeProblem::NotPositive { seconds })
    } else if zim && seconds < ZIM_MIN_LIFETIME_SECS {
        Some(TimeProblem::TooShort {
            seconds,
            min: ZIM_MIN_LIFETIME_SECS,
        })
    } else if zim && seconds > ZIM_MAX_LIFETIME_SECS {
        Some(TimeProblem::TooLong {
            seconds,
            max: ZIM_MAX_LIFETIME_SECS,
        })
    } else {
        None
    };
    problem.map_or(Ok(()), |problem| {
        Err(RuleViolation::Time { product, problem })
    })
}

/// The expiry rule, the same for every product: it must fit a signed
/// 32-bit unix time. `product` only says whose client reads it wrong.
pub(crate) fn expiry(expire: Option<i64>, product: Product) -> Result<(), RuleViolation> {
    match expire {
        Some(expire) if expire <= MAX_EXPIRY => Ok(()),
        expire => Err(RuleViolation::Time {
            product,
            problem: TimeProblem::ExpiryAfter2038 { expire },
        }),
    }
}
