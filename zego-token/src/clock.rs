//! The one reading of the system clock the issuer, the verifier and the
//! CLI share, and the conversions between token times (unix seconds, the
//! wire format's unit) and [`SystemTime`].

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The system clock in unix seconds, as the issuer stamps `ctime` and the
/// verifier checks `expire`. A clock set before 1970 reads as 0.
pub fn unix_now() -> i64 {
    unix_seconds(SystemTime::now())
}

/// `time` in whole unix seconds, the unit of every time a token carries:
/// for [`Verifier::verify_at`](crate::Verifier::verify_at) and the other
/// `*_at` methods. The sub-second part is dropped; a time before 1970 reads
/// as 0, and one past `i64::MAX` seconds as `i64::MAX`.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
///
/// let time = UNIX_EPOCH + Duration::from_millis(1_700_000_000_999);
/// assert_eq!(zego_token::unix_seconds(time), 1_700_000_000);
/// ```
pub fn unix_seconds(time: SystemTime) -> i64 {
    time.duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Unix seconds as a `SystemTime`, when the platform's `SystemTime` can
/// represent them.
pub(crate) fn system_time(unix: i64) -> Option<SystemTime> {
    let magnitude = Duration::from_secs(unix.unsigned_abs());
    if unix >= 0 {
        UNIX_EPOCH.checked_add(magnitude)
    } else {
        UNIX_EPOCH.checked_sub(magnitude)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_seconds_and_system_times_agree() {
        for unix in [0, 1, 1_700_000_000, i64::from(i32::MAX), -1, -86_400] {
            let time = system_time(unix).unwrap();
            if unix >= 0 {
                assert_eq!(unix_seconds(time), unix);
            } else {
                assert_eq!(unix_seconds(time), 0, "before 1970 reads as 0");
            }
        }
        assert_eq!(
            system_time(-1),
            UNIX_EPOCH.checked_sub(Duration::from_secs(1))
        );
    }
}
