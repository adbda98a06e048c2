//! The one reading of the system clock the issuer, the verifier and the
//! CLI share.

/// The system clock in unix seconds, as the issuer stamps `ctime` and the
/// verifier checks `expire`. A clock set before 1970 reads as 0.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
