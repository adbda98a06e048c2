//! What a server holding a secret asks of the operating system.

use crate::Limits;

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
/// (1024) is below what the default [`Limits`] can open. Logs a WARN line
/// if the limit is still below what `limits` need. Returns the limit in
/// force afterwards (`None` when unknown or unlimited).
pub fn raise_open_file_limit(limits: &Limits) -> Option<u64> {
    let files = raise_to_hard_limit();
    if let Some(files) = files
        && files < limits.open_files_needed()
    {
        tracing::warn!(
            open_file_limit = files,
            needed = limits.open_files_needed(),
            "the open file limit (ulimit -n) is below the connections and waiting \
             connections allowed: under load, new connections will wait in the backlog"
        );
    }
    files
}

fn raise_to_hard_limit() -> Option<u64> {
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
        let limit = super::raise_open_file_limit(&crate::Limits::default());
        #[cfg(unix)]
        {
            let now = rustix::process::getrlimit(rustix::process::Resource::Nofile);
            assert_eq!(limit, now.current);
        }
        let _ = limit;
    }

    #[test]
    #[cfg(unix)]
    fn a_file_limit_below_what_the_limits_need_is_reported() {
        use std::sync::{Arc, Mutex};
        #[derive(Clone, Default)]
        struct Log(Arc<Mutex<Vec<u8>>>);
        impl std::io::Write for Log {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let log = Log::default();
        let sink = log.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(move || sink.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            let huge = crate::Limits {
                max_connections: 1_000_000,
                max_waiting: 1_000_000,
                ..crate::Limits::default()
            };
            let files = super::raise_open_file_limit(&huge);
            assert!(files.is_some_and(|files| files < huge.open_files_needed()));
            super::raise_open_file_limit(&crate::Limits {
                max_connections: 1,
                max_waiting: 1,
                ..crate::Limits::default()
            });
        });
        let log = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
        assert_eq!(log.lines().count(), 1, "{log}");
        assert!(
            log.contains("WARN") && log.contains("needed=2000064"),
            "{log}"
        );
    }
}
