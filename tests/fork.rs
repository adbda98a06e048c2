//! Randomness across `fork()`: a process that minted a token, then forked,
//! must not mint the same CBC IVs, GCM nonces or claims nonces in the parent
//! and the child. A generator whose state is copied by `fork()` (such as a
//! thread-local one that is not reseeded) produces the very same sequence on
//! both sides, and a GCM nonce used twice under one key reveals GCM's
//! authentication key. Pre-fork servers, daemons that fork after start-up
//! and language bindings under pre-forking workers all do this.
//!
//! Its own binary without the test harness: `fork()` copies only the calling
//! thread, so the process forks from its main thread with no other thread
//! running (no harness thread can hold a lock the child would need).
#![cfg(unix)]
// `fork`, `_exit`, `kill` and `waitpid` have no safe std equivalent; each
// call below says why it is sound.
#![allow(unsafe_code)]

use std::collections::HashSet;
use std::io::{Read, Write};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use zego_token::{Issuer, Mode, ServerSecret};

/// Tokens of each mode minted on each side after the fork.
const PER_SIDE: usize = 8;
/// How long the child may take; it mints a handful of tokens.
const DEADLINE: Duration = Duration::from_secs(20);

/// The random parts of one token: its IV or GCM nonce, and its claims nonce.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Drawn {
    mode: Mode,
    iv: Vec<u8>,
    nonce: i32,
}

impl Drawn {
    /// One line: mode, IV in hex, claims nonce.
    fn line(&self) -> String {
        let hex: String = self.iv.iter().map(|b| format!("{b:02x}")).collect();
        format!("{} {hex} {}\n", self.mode, self.nonce)
    }

    fn parse(line: &str) -> Drawn {
        let mut parts = line.split(' ');
        let (Some(mode), Some(hex), Some(nonce), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            panic!("child wrote {line:?}");
        };
        let iv = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect();
        Drawn {
            mode: mode.parse().unwrap(),
            iv,
            nonce: nonce.parse().unwrap(),
        }
    }
}

fn issuers() -> [Issuer; 2] {
    let secret = ServerSecret::new("fa94dd0f974cf2e293728a526b028271").unwrap();
    let cbc = Issuer::new(1, secret).unwrap();
    [cbc.clone(), cbc.with_mode(Mode::Gcm)]
}

/// Mints `PER_SIDE` tokens per mode and reads back what was drawn for each.
fn mint(issuers: &[Issuer; 2]) -> Vec<Drawn> {
    let mut drawn = Vec::new();
    for issuer in issuers {
        let verifier = issuer.verifier();
        for _ in 0..PER_SIDE {
            let token = issuer.issue("forked").unwrap();
            let envelope = zego_token::inspect(token.as_str()).unwrap();
            drawn.push(Drawn {
                mode: envelope.mode,
                iv: envelope.iv,
                nonce: verifier.verify(token.as_str()).unwrap().nonce,
            });
        }
    }
    drawn
}

fn main() {
    let issuers = issuers();
    // Mint before forking, so that any per-thread generator state exists
    // and is what the child inherits.
    for issuer in &issuers {
        issuer.issue("before-the-fork").unwrap();
    }
    let (mut reader, mut writer) = std::io::pipe().unwrap();

    // SAFETY: the process has a single thread here (harness = false, no
    // thread spawned yet), so the child's copy of the address space holds
    // no lock owned by a thread that does not exist in the child.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork failed: {}", std::io::Error::last_os_error());
    if pid == 0 {
        drop(reader);
        let lines: String = mint(&issuers).iter().map(Drawn::line).collect();
        let ok = writer.write_all(lines.as_bytes()).is_ok();
        drop(writer);
        // SAFETY: `_exit` ends the child at once, without running the
        // parent's exit handlers or flushing buffers it shares with it.
        unsafe { libc::_exit(if ok { 0 } else { 1 }) };
    }
    drop(writer);

    // Read the child's lines on a thread, so a child that hangs cannot hang
    // the test: the parent gives up after `DEADLINE` and kills it.
    let (sent, received) = mpsc::channel();
    std::thread::spawn(move || {
        let mut text = String::new();
        let read = reader.read_to_string(&mut text).map(|_| text);
        let _ = sent.send(read);
    });
    let parent = mint(&issuers);
    let started = Instant::now();
    let child = match received.recv_timeout(DEADLINE) {
        Ok(read) => read.unwrap(),
        Err(_) => {
            // SAFETY: `pid` is our own child, not yet reaped.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("the child wrote nothing within {DEADLINE:?}");
        }
    };
    let mut status = 0;
    // SAFETY: waits for our own child; `status` outlives the call.
    let reaped = unsafe { libc::waitpid(pid, &mut status, 0) };
    assert_eq!(reaped, pid);
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "child failed: status {status:#x}"
    );
    let child: Vec<Drawn> = child.lines().map(Drawn::parse).collect();
    assert_eq!(child.len(), parent.len());

    for mode in [Mode::Cbc, Mode::Gcm] {
        let ivs = |side: &[Drawn]| -> HashSet<Vec<u8>> {
            side.iter()
                .filter(|d| d.mode == mode)
                .map(|d| d.iv.clone())
                .collect()
        };
        let (ours, theirs) = (ivs(&parent), ivs(&child));
        assert_eq!((ours.len(), theirs.len()), (PER_SIDE, PER_SIDE));
        let shared = ours.intersection(&theirs).count();
        assert_eq!(
            shared, 0,
            "{mode}: {shared} of {PER_SIDE} IVs/nonces minted after fork() are the same in parent and child"
        );
    }
    let nonces = |side: &[Drawn]| -> HashSet<i32> { side.iter().map(|d| d.nonce).collect() };
    let shared = nonces(&parent).intersection(&nonces(&child)).count();
    assert_eq!(
        shared, 0,
        "{shared} claims nonces minted after fork() are the same in parent and child"
    );
    println!(
        "fork: {} tokens in parent and child, no IV, GCM nonce or claims nonce shared ({:?})",
        parent.len() * 2,
        started.elapsed()
    );
}
