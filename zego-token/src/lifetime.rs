//! The one check of a token's times. Every minting path (the issuer,
//! typed issuers, config profiles, the derive, the CLI) sets a lifetime
//! without checking it and mints through [`check`], so times are refused in
//! one place, by ZEGO's rules ([`Rules::times`]), with one error:
//! [`Error::Rule`] (code 6), as ZEGO's generators report it.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use zego_token_rules::Rules;

use crate::clock::system_time;
use crate::error::Error;

/// The times of a token being minted, checked.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Times {
    /// Issue time, unix seconds.
    pub(crate) ctime: i64,
    /// Expiry, unix seconds.
    pub(crate) expire: i64,
}

impl Times {
    /// `ctime` as a `SystemTime`.
    pub(crate) fn issued_at(&self) -> SystemTime {
        as_system_time(self.ctime)
    }

    /// `expire` as a `SystemTime`.
    pub(crate) fn expires_at(&self) -> SystemTime {
        as_system_time(self.expire)
    }
}

/// The rules bound the expiry to 2038 and `ctime` below it; only a fixed
/// `ctime` (tests) before what the platform's `SystemTime` holds (1601 on
/// Windows) has no `SystemTime`: it reads as the epoch, as `unix_seconds`
/// reads times before 1970.
fn as_system_time(unix: i64) -> SystemTime {
    system_time(unix).unwrap_or(UNIX_EPOCH)
}

/// The times of a token issued at `ctime` (unix seconds) that lives `ttl`,
/// checked by `rules`: a lifetime of at least one second (ZIM: 31 s to 24
/// days), an expiry that fits a signed 32-bit unix time.
///
/// Token times are whole seconds, so the sub-second part of `ttl` is
/// dropped: a token never outlives the `Duration` asked for.
pub(crate) fn check(rules: Rules, ctime: i64, ttl: Duration) -> Result<Times, Error> {
    // Beyond i64 seconds is beyond every rule's limit too.
    let lifetime = i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX);
    rules.times(ctime, lifetime)?;
    Ok(Times {
        ctime,
        expire: ctime + lifetime,
    })
}

#[cfg(test)]
mod tests {
    use zego_token_rules::{MAX_EXPIRY, Product, RuleViolation, TimeProblem};

    use super::*;

    fn time_problem(result: Result<Times, Error>) -> TimeProblem {
        match result {
            Err(Error::Rule(RuleViolation::Time { problem, .. })) => problem,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn whole_seconds_at_least_one() {
        let times = check(Rules::default(), 100, Duration::from_millis(90_999)).unwrap();
        assert_eq!((times.ctime, times.expire), (100, 190));
        assert_eq!(
            times.expires_at().duration_since(times.issued_at()).ok(),
            Some(Duration::from_secs(90))
        );
        for short in [Duration::ZERO, Duration::from_millis(999)] {
            assert_eq!(
                time_problem(check(Rules::default(), 100, short)),
                TimeProblem::NotPositive { seconds: 0 }
            );
        }
    }

    #[test]
    fn an_expiry_past_2038_is_refused() {
        let day = Duration::from_secs(86_400);
        assert_eq!(
            check(Rules::default(), MAX_EXPIRY - 86_400, day)
                .unwrap()
                .expire,
            MAX_EXPIRY
        );
        for (ctime, ttl, expire) in [
            (MAX_EXPIRY - 86_399, day, Some(MAX_EXPIRY + 1)),
            (i64::MAX, Duration::from_secs(1), None),
            // Lifetimes beyond i64 seconds count as i64::MAX seconds.
            (0, Duration::from_secs(u64::MAX), Some(i64::MAX)),
            (0, Duration::MAX, Some(i64::MAX)),
        ] {
            assert_eq!(
                time_problem(check(Rules::default(), ctime, ttl)),
                TimeProblem::ExpiryAfter2038 { expire },
                "{ctime} + {ttl:?}"
            );
        }
    }

    #[test]
    fn zim_lifetimes_are_at_most_24_days() {
        let zim = Rules::for_product(Product::Zim);
        assert!(check(zim, 0, Duration::from_secs(2_073_600)).is_ok());
        assert!(matches!(
            time_problem(check(zim, 0, Duration::from_secs(2_073_601))),
            TimeProblem::TooLong { .. }
        ));
        assert!(check(Rules::default(), 0, Duration::from_secs(2_073_601)).is_ok());
    }
}
