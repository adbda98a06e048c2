//! The one check of a token's lifetime. Every minting path (the issuer,
//! typed issuers, config profiles, the derive, the CLI) sets a lifetime
//! without checking it and mints through [`check`], so a lifetime is
//! refused in one place, with one error: [`Error::EffectiveTime`] (code 6),
//! as ZEGO's generators report it.

use std::time::{Duration, SystemTime};

use crate::clock::system_time;
use crate::error::{EffectiveTimeProblem, Error};
use crate::product::Product;

/// The times of a token being minted, checked.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Times {
    /// Issue time, unix seconds.
    pub(crate) ctime: i64,
    /// Expiry, unix seconds.
    pub(crate) expire: i64,
    /// `ctime` as a `SystemTime`.
    pub(crate) issued_at: SystemTime,
    /// `expire` as a `SystemTime`.
    pub(crate) expires_at: SystemTime,
}

/// The times of a token for `product` issued at `ctime` (unix seconds) that
/// lives `ttl`.
///
/// Token times are whole seconds, so the sub-second part of `ttl` is
/// dropped: a token never outlives the `Duration` asked for. The lifetime
/// must be at least one second, and both times must fit in an `i64` and in
/// the platform's `SystemTime`.
pub(crate) fn check(product: Product, ctime: i64, ttl: Duration) -> Result<Times, Error> {
    // RTC and ZIM tokens follow the same rules here; a limit that belongs
    // to one product is one more arm matching on `product`.
    match product {
        Product::Rtc | Product::Zim => {}
    }
    if ttl.as_secs() == 0 {
        return Err(Error::EffectiveTime(EffectiveTimeProblem::TooShort {
            lifetime: ttl,
        }));
    }
    let lifetime = Duration::from_secs(ttl.as_secs());
    // Not `ok_or(Error..)`: that would build and drop an `Error` on every
    // token minted.
    let times = i64::try_from(lifetime.as_secs())
        .ok()
        .and_then(|seconds| ctime.checked_add(seconds))
        .and_then(|expire| {
            Some(Times {
                ctime,
                expire,
                issued_at: system_time(ctime)?,
                expires_at: system_time(expire)?,
            })
        });
    match times {
        Some(times) => Ok(times),
        None => Err(Error::EffectiveTime(EffectiveTimeProblem::Overflow {
            ctime,
            lifetime,
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_seconds_at_least_one() {
        let times = check(Product::Rtc, 100, Duration::from_millis(90_999)).unwrap();
        assert_eq!((times.ctime, times.expire), (100, 190));
        assert_eq!(
            times.expires_at.duration_since(times.issued_at).ok(),
            Some(Duration::from_secs(90))
        );
        for short in [Duration::ZERO, Duration::from_millis(999)] {
            assert!(matches!(
                check(Product::Zim, 100, short),
                Err(Error::EffectiveTime(EffectiveTimeProblem::TooShort { lifetime })) if lifetime == short
            ));
        }
    }

    #[test]
    fn an_expiry_past_i64_is_refused() {
        // Unix-like systems' `SystemTime` represents every `i64` second.
        if cfg!(unix) {
            assert!(check(Product::Rtc, i64::MAX - 1, Duration::from_secs(1)).is_ok());
        }
        for (ctime, ttl) in [
            (i64::MAX, Duration::from_secs(1)),
            (0, Duration::from_secs(u64::MAX)),
            (0, Duration::MAX),
        ] {
            assert!(matches!(
                check(Product::Rtc, ctime, ttl),
                Err(Error::EffectiveTime(EffectiveTimeProblem::Overflow { ctime: c, lifetime }))
                    if c == ctime && lifetime == Duration::from_secs(ttl.as_secs())
            ));
        }
    }
}
