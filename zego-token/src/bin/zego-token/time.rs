//! Instants as ISO-8601 UTC, spans as "59m 12s", and `--ttl` values.
//!
//! Only UTC is needed, so the calendar conversion is Howard Hinnant's
//! `civil_from_days` (public domain, exact for every `i64` day count)
//! rather than a date-time dependency.

pub use zego_token::unix_now as now;

/// `secs` (unix seconds) as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn utc(secs: i64) -> String {
    let (days, secs_of_day) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    let (h, m, s) = (secs_of_day / 3600, secs_of_day / 60 % 60, secs_of_day % 60);
    format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z")
}

/// Proleptic Gregorian (year, month, day) of the day `days` after 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    // Shift the epoch to 0000-03-01 so leap days end each 400-year era.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // day of era, 0..=146096
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // 0..=399
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // day of year from March 1
    let mp = (5 * doy + 2) / 153; // month from March, 0..=11
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// "expires in 59m 12s" or "expired 3h ago", as seen at `now`. A token is
/// still valid in its `expire` second, as the verifier sees it.
pub fn relative(expire: i64, now: i64) -> String {
    if now > expire {
        format!("expired {} ago", span(now.abs_diff(expire)))
    } else {
        format!("expires in {}", span(expire.abs_diff(now)))
    }
}

/// The two most significant non-zero units of a span: "1d 2h", "59m 12s", "3h".
pub fn span(secs: u64) -> String {
    let parts = [
        (secs / 86_400, 'd'),
        (secs / 3600 % 24, 'h'),
        (secs / 60 % 60, 'm'),
        (secs % 60, 's'),
    ];
    let Some(first) = parts.iter().position(|&(n, _)| n > 0) else {
        return "0s".to_owned();
    };
    let (n, unit) = parts[first];
    match parts.get(first + 1) {
        Some(&(next, next_unit)) if next > 0 => format!("{n}{unit} {next}{next_unit}"),
        _ => format!("{n}{unit}"),
    }
}

/// An expiry as the human outputs show it: `2026-11-27T22:45:38Z (1795819538, expires in 2h)`.
pub fn expiry(expire: i64, now: i64) -> String {
    format!("{} ({expire}, {})", utc(expire), relative(expire, now))
}

/// Parses a `--ttl` with the one lifetime grammar of config files and the
/// derive (`zego-token-rules`): whole seconds, or a number with `s`, `m`,
/// `h` or `d`, positive. A refusal is a usage error naming the flag.
pub fn parse_ttl(text: &str) -> Result<std::time::Duration, String> {
    zego_token_rules::ttl_text(text)
        .map(|seconds| std::time::Duration::from_secs(seconds.unsigned_abs()))
        .map_err(|problem| problem.message().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_matches_known_instants() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(utc(951_782_400), "2000-02-29T00:00:00Z"); // leap day, 400-year rule
        assert_eq!(utc(4_107_542_400), "2100-03-01T00:00:00Z"); // 2100 is not a leap year
        assert_eq!(utc(-1), "1969-12-31T23:59:59Z");
        assert_eq!(utc(253_402_300_799), "9999-12-31T23:59:59Z");
    }

    #[test]
    fn utc_agrees_with_day_counting_over_a_long_range() {
        // Walk day by day through 1968..2404 (leap years, century rules and
        // all) and check each date follows the previous one.
        let mut prev = civil_from_days(-731);
        assert_eq!(prev, (1968, 1, 1));
        for days in -730..160_000 {
            let (y, m, d) = civil_from_days(days);
            let next_day = (prev.0, prev.1, prev.2 + 1);
            let next_month = (prev.0, prev.1 + 1, 1);
            let next_year = (prev.0 + 1, 1, 1);
            assert!(
                [next_day, next_month, next_year].contains(&(y, m, d)),
                "{prev:?} -> {:?}",
                (y, m, d)
            );
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            let month_len = [
                31,
                if leap { 29 } else { 28 },
                31,
                30,
                31,
                30,
                31,
                31,
                30,
                31,
                30,
                31,
            ];
            assert!(d <= month_len[usize::try_from(m - 1).unwrap()]);
            prev = (y, m, d);
        }
    }

    #[test]
    fn utc_never_panics_at_the_extremes() {
        assert_eq!(utc(i64::MAX), "292277026596-12-04T15:30:07Z");
        assert_eq!(utc(i64::MIN), "-292277022657-01-27T08:29:52Z");
    }

    #[test]
    fn relative_times() {
        assert_eq!(relative(1000 + 3552, 1000), "expires in 59m 12s");
        assert_eq!(relative(1000, 1000 + 3 * 3600), "expired 3h ago");
        assert_eq!(relative(1000, 1000), "expires in 0s");
        assert_eq!(relative(0, 90_061), "expired 1d 1h ago");
        assert_eq!(relative(61, 0), "expires in 1m 1s");
        assert_eq!(
            relative(i64::MIN, i64::MAX),
            "expired 213503982334601d 7h ago"
        );
    }

    #[test]
    fn ttl_units() {
        assert_eq!(parse_ttl("3600"), Ok(std::time::Duration::from_secs(3600)));
        assert_eq!(parse_ttl("90s"), Ok(std::time::Duration::from_secs(90)));
        assert_eq!(parse_ttl("30m"), Ok(std::time::Duration::from_secs(1800)));
        assert_eq!(parse_ttl("2h"), Ok(std::time::Duration::from_secs(7200)));
        assert_eq!(parse_ttl("1d"), Ok(std::time::Duration::from_secs(86_400)));
        // The grammar of config files: no sign, no zero.
        for bad in ["0", "-5m", "-5", "0s"] {
            assert!(
                parse_ttl(bad)
                    .unwrap_err()
                    .starts_with("ttl must be positive"),
                "{bad}"
            );
        }
        for bad in ["", "h", "1w", "1.5h", "2 h", "1hh", "é", "+5", "+5m"] {
            assert!(
                parse_ttl(bad)
                    .unwrap_err()
                    .starts_with("ttl is not a duration"),
                "{bad}"
            );
        }
        assert_eq!(
            parse_ttl("106751991167301d").unwrap_err(),
            "ttl is too large for 64-bit seconds"
        );
    }
}
