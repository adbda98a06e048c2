//! Fresh IVs, nonces and claim nonces from the thread-local, OS-seeded
//! CSPRNG, reseeded from the operating system after a `fork()`.
//!
//! `rand::rng()` is ChaCha12 seeded from the operating system, per thread,
//! so concurrent issuers share no lock. It is not reseeded on `fork()`:
//! left alone, a parent and its child would draw the same bytes, and a GCM
//! nonce used twice under one key reveals GCM's authentication key.
//! Pre-fork servers, daemons that fork after start-up and language
//! bindings under pre-forking workers all fork. So every draw first asks
//! `forkguard` whether this process was forked since the thread last drew
//! (a `pthread_atfork` child handler bumps a counter: one atomic load per
//! token), and reseeds the generator from the OS if it was. Where the
//! handler cannot be registered, the check compares process IDs instead
//! (one `getpid` per token, about 0.15 µs on a VM).
//!
//! The alternatives measured: the OS generator for every token (one
//! `getrandom` system call, about 0.6 µs here, more than the rest of a
//! token), and a process-ID check on every token. A fork made with a raw
//! `fork` system call, bypassing the C library, runs no `pthread_atfork`
//! handler; every runtime we know of forks through the C library.
//!
//! Each token draws everything it needs in one bulk fill: a CBC token takes
//! 36 bytes, a GCM token 16.

use std::cell::RefCell;

use rand::Rng;

use crate::error::Error;
use crate::mode::{CBC_IV_LEN, GCM_NONCE_LEN};

/// The characters of a CBC IV: the alphabet ZEGO's Go, Node.js, Python, C++
/// and .NET generators draw from, so servers that read the IV as text cope.
pub(crate) const IV_ALPHABET: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// Random bytes below this map onto the alphabet with equal weight
/// (`252 = 7 × 36`); bytes at or above it are rejected, so every character
/// is exactly equally likely.
const ACCEPT_BELOW: u8 = (256 / IV_ALPHABET.len() * IV_ALPHABET.len()) as u8;

/// Bytes drawn per CBC token: 4 for the nonce, then 2 candidates per IV
/// character, so that a refill is needed about once in 10^11 tokens.
const CBC_POOL: usize = 4 + 2 * CBC_IV_LEN;

/// The IV character each random byte maps to, or 0 for a rejected byte:
/// one table load instead of a compare, a modulo and an alphabet load.
const CHAR_OF_BYTE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut byte = 0;
    while byte < ACCEPT_BELOW as usize {
        table[byte] = IV_ALPHABET[byte % IV_ALPHABET.len()];
        byte += 1;
    }
    table
};

/// Notices that this process was forked since the thread last drew.
enum ForkWatch {
    /// A `pthread_atfork` child handler's counter.
    #[cfg(unix)]
    AtFork(forkguard::atfork::Guard),
    /// The process ID, where the handler could not be registered.
    Pid(forkguard::pid::Guard),
}

impl ForkWatch {
    fn new() -> Self {
        #[cfg(unix)]
        if let Ok(guard) = forkguard::atfork::Guard::try_new() {
            return ForkWatch::AtFork(guard);
        }
        ForkWatch::Pid(forkguard::pid::Guard::try_new().unwrap_or_else(|never| match never {}))
    }

    fn forked(&mut self) -> bool {
        match self {
            #[cfg(unix)]
            ForkWatch::AtFork(guard) => guard.detected_fork(),
            ForkWatch::Pid(guard) => guard.detected_fork(),
        }
    }
}

thread_local! {
    static FORKS: RefCell<ForkWatch> = RefCell::new(ForkWatch::new());
}

/// Fills `bytes` from the thread's generator, reseeding it from the
/// operating system first if this process was forked since the thread last
/// drew: a child never continues its parent's stream.
fn fill(bytes: &mut [u8]) -> Result<(), Error> {
    let mut rng = rand::rng();
    if FORKS.with_borrow_mut(ForkWatch::forked) {
        rng.reseed().map_err(|e| Error::Random(e.into()))?;
    }
    rng.fill_bytes(bytes);
    Ok(())
}

/// A claims nonce and a CBC IV of 16 characters drawn uniformly from
/// [`IV_ALPHABET`] (~82.7 bits).
pub(crate) fn cbc() -> Result<(i32, [u8; CBC_IV_LEN]), Error> {
    let mut pool = [0u8; CBC_POOL];
    fill(&mut pool)?;
    let nonce = claims_nonce(pool[..4].try_into().expect("4 bytes"));
    Ok((nonce, iv_from(&mut pool, |pool| fill(pool))?))
}

/// The IV that rejection sampling gives from the candidate bytes after the
/// nonce: accepted bytes in order, each mapped to its character, drawing a
/// fresh pool with `refill` if the candidates run out.
fn iv_from<E>(
    pool: &mut [u8; CBC_POOL],
    mut refill: impl FnMut(&mut [u8; CBC_POOL]) -> Result<(), E>,
) -> Result<[u8; CBC_IV_LEN], E> {
    // In 78% of tokens ((252/256)^16) the first 16 candidates are all
    // accepted, and the IV is just those, mapped: no loop, no branches.
    let first: [u8; CBC_IV_LEN] = pool[4..4 + CBC_IV_LEN].try_into().expect("16 bytes");
    if first.iter().all(|&byte| byte < ACCEPT_BELOW) {
        return Ok(first.map(|byte| CHAR_OF_BYTE[usize::from(byte)]));
    }
    let mut iv = [0u8; CBC_IV_LEN];
    let mut filled = 0;
    let mut candidates = &pool[4..];
    loop {
        for &byte in candidates {
            if byte < ACCEPT_BELOW {
                iv[filled] = CHAR_OF_BYTE[usize::from(byte)];
                filled += 1;
                if filled == CBC_IV_LEN {
                    return Ok(iv);
                }
            }
        }
        refill(pool)?;
        candidates = &pool[..];
    }
}

/// A claims nonce and 12 uniformly random bytes.
pub(crate) fn gcm() -> Result<(i32, [u8; GCM_NONCE_LEN]), Error> {
    let mut pool = [0u8; 4 + GCM_NONCE_LEN];
    fill(&mut pool)?;
    let nonce = claims_nonce(pool[..4].try_into().expect("4 bytes"));
    Ok((nonce, pool[4..].try_into().expect("12 bytes")))
}

/// Uniform in `0..=i32::MAX`, the range the official generators produce:
/// 31 random bits, so never negative.
fn claims_nonce(bytes: [u8; 4]) -> i32 {
    (u32::from_le_bytes(bytes) >> 1) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejection_bound_is_the_largest_multiple_of_36() {
        assert_eq!(ACCEPT_BELOW, 252);
        assert_eq!(usize::from(ACCEPT_BELOW) % IV_ALPHABET.len(), 0);
        assert!(256 - usize::from(ACCEPT_BELOW) < IV_ALPHABET.len());
    }

    #[test]
    fn nonce_takes_31_bits() {
        assert_eq!(claims_nonce([0xff; 4]), i32::MAX);
        assert_eq!(claims_nonce([0x01, 0, 0, 0]), 0);
        assert_eq!(claims_nonce([0, 0, 0, 0x80]), 1 << 30);
    }

    /// Rejection sampling written plainly: what `iv_from` must equal.
    fn iv_reference(candidates: impl IntoIterator<Item = u8>) -> Vec<u8> {
        candidates
            .into_iter()
            .filter(|&byte| byte < ACCEPT_BELOW)
            .map(|byte| IV_ALPHABET[usize::from(byte) % 36])
            .take(CBC_IV_LEN)
            .collect()
    }

    #[test]
    fn table_maps_each_character_from_exactly_seven_bytes() {
        for (i, &c) in IV_ALPHABET.iter().enumerate() {
            let from: Vec<usize> = (0..256).filter(|&b| CHAR_OF_BYTE[b] == c).collect();
            assert_eq!(from, (0..7).map(|k| i + 36 * k).collect::<Vec<_>>());
        }
        assert!(CHAR_OF_BYTE[252..].iter().all(|&c| c == 0));
    }

    proptest::proptest! {
        /// Pools where rejections (bytes 252 to 255) are common, including
        /// ones that need a refill.
        #[test]
        fn iv_from_is_rejection_sampling(
            pool in proptest::array::uniform::<_, CBC_POOL>(proptest::prop_oneof![
                3 => 0u8..=255, 1 => 252u8..=255, 1 => proptest::strategy::Just(255u8)]),
            refills in proptest::collection::vec(proptest::array::uniform::<_, CBC_POOL>(0u8..=255), 2),
        ) {
            let mut fresh = refills.iter();
            let mut given = pool;
            let iv = iv_from(&mut given, |p| {
                *p = *fresh.next().expect("at most two refills");
                Ok::<(), ()>(())
            })
            .unwrap();
            let all = pool[4..].iter().chain(refills.iter().flatten()).copied();
            proptest::prop_assert_eq!(iv.to_vec(), iv_reference(all));
        }
    }

    #[test]
    fn ivs_use_only_the_alphabet() {
        for _ in 0..1000 {
            let (nonce, iv) = cbc().unwrap();
            assert!(nonce >= 0);
            assert!(iv.iter().all(|c| IV_ALPHABET.contains(c)));
        }
    }
}
