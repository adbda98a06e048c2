//! What a server holding a secret asks of the operating system.

/// Makes the process non-dumpable (Linux: `prctl(PR_SET_DUMPABLE, 0)`): no
/// core dump, no `ptrace` attach and no `/proc/PID/mem` or `environ` read
/// by other processes of the same user, so the secret does not leave
/// through them. Call it first thing in `main`, before the secret is read.
/// Elsewhere it does nothing.
///
/// # Errors
///
/// The `prctl` error, which the caller should treat as fatal.
pub fn make_non_dumpable() -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable)?;
    Ok(())
}

/// Raises the soft limit on open files to the hard limit, as Go's runtime
/// does at start-up: every connection is a file, and the usual soft limit
/// (1024) is below what the default [`Limits`](crate::Limits) can open.
/// Returns the limit in force afterwards (`None` when unknown or
/// unlimited).
pub fn raise_open_file_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        use rustix::process::{Resource, getrlimit, setrlimit};
        let limit = getrlimit(Resource::Nofile);
        if limit.current != limit.maximum {
            let to = |current| rustix::process::Rlimit {
                current,
                maximum: limit.maximum,
            };
            // macOS refuses "unlimited" and anything above OPEN_MAX (10240)
            // for this limit, as Go's runtime knows; elsewhere the old
            // limit stays if both are refused, and is what is reported.
            if setrlimit(Resource::Nofile, to(limit.maximum)).is_err() {
                let open_max = limit.maximum.map_or(10_240, |hard| hard.min(10_240));
                let _ = setrlimit(Resource::Nofile, to(Some(open_max)));
            }
        }
        getrlimit(Resource::Nofile).current
    }
    #[cfg(not(unix))]
    None
}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(target_os = "linux")]
    fn the_process_becomes_non_dumpable() {
        use rustix::process::{DumpableBehavior, dumpable_behavior};
        super::make_non_dumpable().unwrap();
        assert_eq!(dumpable_behavior().unwrap(), DumpableBehavior::NotDumpable);
    }

    #[test]
    fn the_file_limit_is_raised_to_the_hard_limit() {
        let limit = super::raise_open_file_limit();
        #[cfg(unix)]
        {
            let now = rustix::process::getrlimit(rustix::process::Resource::Nofile);
            assert_eq!(limit, now.current);
        }
        let _ = limit;
    }
}
