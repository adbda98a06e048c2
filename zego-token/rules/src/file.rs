//! Reading the files a configuration names, the one way every path reads
//! them: `zego_token::Config::from_path`, `ServerSecret::from_file`, the
//! derive's `config = "..."` while compiling, and through those the CLI and
//! the servers.
//!
//! Only regular files are read, and never more than a cap: `/dev/zero`, a
//! FIFO or a directory is refused from its metadata before it is opened, so
//! nothing blocks or fills memory; a file larger than the cap is refused
//! from its size, unread. The file is opened non-blocking and checked again
//! once open, so a FIFO put in its place in between cannot block either.

use std::fmt;
use std::fs::{File, Metadata};
use std::io::{ErrorKind, Read};
use std::path::Path;

use zeroize::Zeroizing;

use crate::secret::{SECRET_LEN, looks_like_secret};

/// The largest config file read, in bytes: 1 MiB, room for thousands of
/// profiles.
pub const MAX_CONFIG_FILE_LEN: u64 = 1 << 20;

/// The largest secret file read, in bytes: the 32-byte secret and one
/// `\r\n`.
pub const MAX_SECRET_FILE_LEN: u64 = SECRET_LEN as u64 + 2;

/// Why a file was not read. Never carries the file's content, nor its path
/// (which the caller names, unless it looks like a secret).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileProblem {
    /// The path looks like a ServerSecret itself (see
    /// [`looks_like_secret`]): refused before the file system is touched,
    /// and never shown.
    SecretShapedPath,
    /// Opening or reading failed with this error from the operating system.
    Io(ErrorKind),
    /// Not a regular file.
    NotRegular(NotRegular),
    /// Larger than the cap; `len` when its size was known before reading.
    TooLarge {
        /// The file's size in bytes, from its metadata.
        len: Option<u64>,
        /// The cap, in bytes.
        limit: u64,
    },
}

/// What a path that is not a regular file names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotRegular {
    /// A directory.
    Directory,
    /// A named pipe (FIFO), which would block until a writer opens it.
    Fifo,
    /// A character device such as `/dev/zero`, which never ends.
    CharDevice,
    /// A block device.
    BlockDevice,
    /// A Unix socket.
    Socket,
    /// Any other kind of file.
    Other,
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileProblem::SecretShapedPath => {
                f.write_str("the path looks like a ServerSecret itself, so it is not shown")
            }
            FileProblem::Io(ErrorKind::NotFound) => f.write_str("not found"),
            FileProblem::Io(kind) => write!(f, "{kind}"),
            FileProblem::NotRegular(what) => {
                let what = match what {
                    NotRegular::Directory => "a directory",
                    NotRegular::Fifo => "a named pipe (FIFO)",
                    NotRegular::CharDevice => "a character device",
                    NotRegular::BlockDevice => "a block device",
                    NotRegular::Socket => "a socket",
                    NotRegular::Other => "a special file",
                };
                write!(f, "it is {what}, not a regular file")
            }
            FileProblem::TooLarge {
                len: Some(len),
                limit,
            } => write!(f, "it is {len} bytes, over the limit of {limit}"),
            FileProblem::TooLarge { len: None, limit } => {
                write!(f, "it is over the limit of {limit} bytes")
            }
        }
    }
}

impl std::error::Error for FileProblem {}

/// Reads the regular file at `path`, refusing one of more than `limit`
/// bytes. The bytes are wiped when dropped (a secret file's are the key).
///
/// # Errors
///
/// [`FileProblem::SecretShapedPath`] when the path looks like a secret,
/// [`NotRegular`](FileProblem::NotRegular) for directories, FIFOs, devices
/// and sockets, [`TooLarge`](FileProblem::TooLarge) past `limit`, else
/// [`Io`](FileProblem::Io) with what the operating system said.
pub fn read_regular_file(path: &Path, limit: u64) -> Result<Zeroizing<Vec<u8>>, FileProblem> {
    if looks_like_secret(&path.to_string_lossy()) {
        return Err(FileProblem::SecretShapedPath);
    }
    check(&std::fs::metadata(path).map_err(io)?, limit)?;
    let file = open_nonblocking(path)?;
    // The file opened is the one just checked, not something swapped in.
    let metadata = file.metadata().map_err(io)?;
    check(&metadata, limit)?;
    read_at_most(file, metadata.len(), limit)
}

fn io(err: std::io::Error) -> FileProblem {
    FileProblem::Io(err.kind())
}

/// A regular file within `limit`, by its metadata.
fn check(metadata: &Metadata, limit: u64) -> Result<(), FileProblem> {
    let kind = metadata.file_type();
    if !kind.is_file() {
        return Err(FileProblem::NotRegular(not_regular(kind)));
    }
    if metadata.len() > limit {
        return Err(FileProblem::TooLarge {
            len: Some(metadata.len()),
            limit,
        });
    }
    Ok(())
}

#[cfg(unix)]
fn not_regular(kind: std::fs::FileType) -> NotRegular {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_dir() {
        NotRegular::Directory
    } else if kind.is_fifo() {
        NotRegular::Fifo
    } else if kind.is_char_device() {
        NotRegular::CharDevice
    } else if kind.is_block_device() {
        NotRegular::BlockDevice
    } else if kind.is_socket() {
        NotRegular::Socket
    } else {
        NotRegular::Other
    }
}

#[cfg(not(unix))]
fn not_regular(kind: std::fs::FileType) -> NotRegular {
    if kind.is_dir() {
        NotRegular::Directory
    } else {
        NotRegular::Other
    }
}

/// Opens for reading without waiting: opening a FIFO blocks until a writer
/// comes, unless `O_NONBLOCK` is set (which a regular file's reads ignore).
fn open_nonblocking(path: &Path) -> Result<File, FileProblem> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path).map_err(io)
}

/// Reads to the end, into a buffer the size the metadata gave (plus one
/// byte, to notice a file that grew), refusing more than `limit` bytes.
/// Files whose size says nothing (those in `/proc` say 0) grow the buffer,
/// and each outgrown one is wiped.
fn read_at_most(mut file: File, len: u64, limit: u64) -> Result<Zeroizing<Vec<u8>>, FileProblem> {
    let room =
        |bytes: u64| usize::try_from(bytes.min(limit).saturating_add(1)).unwrap_or(usize::MAX);
    let mut buffer = Zeroizing::new(vec![0u8; room(len)]);
    let mut filled = 0;
    loop {
        if filled == buffer.len() {
            if filled as u64 > limit {
                return Err(FileProblem::TooLarge { len: None, limit });
            }
            let mut larger = Zeroizing::new(vec![0u8; room(filled as u64 * 2)]);
            larger[..filled].copy_from_slice(&buffer[..filled]);
            buffer = larger;
        }
        match file.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(err) if err.kind() == ErrorKind::Interrupted => {}
            Err(err) => return Err(io(err)),
        }
    }
    buffer.truncate(filled);
    Ok(buffer)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh directory under the system's temporary directory, removed on drop.
    struct TempDir(std::path::PathBuf);

    impl TempDir {
        fn new(name: &str) -> TempDir {
            let dir = std::env::temp_dir()
                .join(format!("zego-token-rules-{name}-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            TempDir(dir)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn reads_a_regular_file_up_to_the_limit() {
        let dir = TempDir::new("limit");
        let path = dir.0.join("f");
        std::fs::write(&path, b"0123456789").unwrap();
        assert_eq!(&read_regular_file(&path, 10).unwrap()[..], b"0123456789");
        assert_eq!(
            read_regular_file(&path, 9),
            Err(FileProblem::TooLarge {
                len: Some(10),
                limit: 9
            })
        );
        std::fs::write(&path, b"").unwrap();
        assert!(read_regular_file(&path, 0).unwrap().is_empty());
    }

    #[test]
    fn a_file_larger_than_its_size_says_is_cut_at_the_limit() {
        // The reading loop on its own: files in /proc report a size of 0.
        let dir = TempDir::new("grow");
        let path = dir.0.join("f");
        std::fs::write(&path, vec![b'x'; 100]).unwrap();
        let read = |limit| read_at_most(File::open(&path).unwrap(), 0, limit);
        assert_eq!(read(100).unwrap().len(), 100);
        assert_eq!(
            read(99),
            Err(FileProblem::TooLarge {
                len: None,
                limit: 99
            })
        );
    }

    #[test]
    fn directories_and_missing_files_are_refused() {
        let dir = TempDir::new("kinds");
        assert_eq!(
            read_regular_file(&dir.0, 1 << 20),
            Err(FileProblem::NotRegular(NotRegular::Directory))
        );
        assert_eq!(
            read_regular_file(&dir.0.join("missing"), 1 << 20),
            Err(FileProblem::Io(ErrorKind::NotFound))
        );
        assert_eq!(
            FileProblem::Io(ErrorKind::NotFound).to_string(),
            "not found"
        );
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_unopened() {
        assert_eq!(
            read_regular_file(Path::new("/dev/zero"), 1 << 20),
            Err(FileProblem::NotRegular(NotRegular::CharDevice))
        );
        assert_eq!(
            FileProblem::NotRegular(NotRegular::CharDevice).to_string(),
            "it is a character device, not a regular file"
        );
    }

    /// Runs `f` on a thread and gives up after ten seconds, so that a FIFO
    /// that does block fails the test instead of hanging it.
    #[cfg(unix)]
    fn within_10s<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        let (sent, received) = std::sync::mpsc::channel();
        std::thread::spawn(move || sent.send(f()));
        received
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("blocked for 10 s")
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = TempDir::new("fifo");
        let fifo = dir.0.join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let path = fifo.clone();
        assert_eq!(
            within_10s(move || read_regular_file(&path, 1 << 20)),
            Err(FileProblem::NotRegular(NotRegular::Fifo))
        );
        // Had a FIFO replaced the file between the check and the opening,
        // the opening would not wait for a writer either, and the check of
        // the open file refuses it.
        let opened = within_10s(move || {
            let file = open_nonblocking(&fifo)?;
            check(&file.metadata().map_err(io)?, 1 << 20)
        });
        assert_eq!(opened, Err(FileProblem::NotRegular(NotRegular::Fifo)));
    }

    #[test]
    fn a_secret_shaped_path_is_refused_before_any_lookup() {
        for path in [
            "fa94dd0f974cf2e293728a526b028271",
            "FA94DD0F974CF2E293728A526B028271\n",
        ] {
            assert_eq!(
                read_regular_file(Path::new(path), 1 << 20),
                Err(FileProblem::SecretShapedPath)
            );
        }
        let shown = FileProblem::SecretShapedPath.to_string();
        assert!(!shown.contains("fa94"), "{shown}");
    }
}
