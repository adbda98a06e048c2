//! The command line: defaults from `Limits`, and every flag's range
//! checked by clap, so no value reaches the server that it cannot use.

use clap::Parser as _;
use clap::error::ErrorKind;
use example_server::Limits;

use crate::args::Args;

fn parse(flags: &[&str]) -> Result<Args, clap::Error> {
    Args::try_parse_from(std::iter::once("token_server").chain(flags.iter().copied()))
}

/// The numeric flags, with the smallest and largest value each accepts.
const RANGES: &[(&str, u64, u64)] = &[
    ("--first-byte-timeout", 1, 86_400),
    ("--header-timeout", 1, 86_400),
    ("--request-timeout", 1, 86_400),
    ("--write-timeout", 1, 86_400),
    ("--connection-timeout", 1, 86_400),
    ("--shutdown-grace", 0, 86_400),
    ("--max-requests-per-connection", 1, 1_000_000),
    ("--max-header-bytes", 1024, 1_048_576),
    ("--max-connections", 1, 1_000_000),
    ("--max-waiting", 1, 1_000_000),
    ("--max-connections-per-client", 1, 1_000_000),
    ("--backlog", 1, 65_535),
];

#[test]
fn the_defaults_are_the_limits_defaults() {
    let args = parse(&[]).unwrap();
    assert_eq!(
        format!("{:?}", args.limits()),
        format!("{:?}", Limits::default())
    );
    assert_eq!(args.max_connections_per_client, None);
    assert_eq!(args.backlog, example_server::DEFAULT_BACKLOG);
}

#[test]
fn every_flag_refuses_values_out_of_its_range() {
    for &(flag, min, max) in RANGES {
        let below = min.checked_sub(1).map(|n| n.to_string());
        let above = (max + 1).to_string();
        let hostile = [
            below.as_deref(),
            Some(above.as_str()),
            Some("9223372036854775807"),
            Some("18446744073709551616"),
            Some("-1"),
            Some("1.5"),
            Some("ten"),
            Some(""),
        ];
        for value in hostile.into_iter().flatten() {
            let err = parse(&[&format!("{flag}={value}")])
                .err()
                .unwrap_or_else(|| panic!("{flag} {value:?} was accepted"));
            assert!(
                matches!(
                    err.kind(),
                    ErrorKind::ValueValidation | ErrorKind::InvalidValue
                ),
                "{flag} {value:?}: {err}"
            );
        }
        // Both ends are accepted, and are what the serve loop runs with.
        for value in [min, max] {
            let args = parse(&[flag, &value.to_string()]).unwrap();
            let limits = args.limits();
            assert_eq!(
                format!("{limits:?}"),
                format!("{:?}", limits.clamped()),
                "{flag} {value}"
            );
        }
    }
}

#[test]
fn a_timeout_beyond_the_clock_is_a_one_line_error_not_a_panic() {
    let err = parse(&["--header-timeout", "9223372036854775807"]).unwrap_err();
    let first = err.to_string();
    let first = first.lines().next().unwrap();
    assert_eq!(
        first,
        "error: invalid value '9223372036854775807' for '--header-timeout <SECS>': \
         9223372036854775807 is not in 1..=86400"
    );
}

#[test]
fn help_documents_every_limit_with_its_variable() {
    let help = <Args as clap::CommandFactory>::command()
        .render_long_help()
        .to_string();
    for &(flag, _, _) in RANGES {
        assert!(help.contains(flag), "{flag} is not in --help");
    }
    for variable in [
        "TOKEN_SERVER_FIRST_BYTE_TIMEOUT",
        "TOKEN_SERVER_WRITE_TIMEOUT",
        "TOKEN_SERVER_CONNECTION_TIMEOUT",
        "TOKEN_SERVER_MAX_REQUESTS_PER_CONNECTION",
        "TOKEN_SERVER_MAX_HEADER_BYTES",
        "TOKEN_SERVER_MAX_WAITING",
        "TOKEN_SERVER_MAX_CONNECTIONS_PER_CLIENT",
    ] {
        assert!(help.contains(variable), "{variable} is not in --help");
    }
}
