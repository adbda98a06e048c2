//! The randomness in minted tokens, read back through the public API:
//! IVs never repeat, every one of the 36 IV characters is equally likely
//! (ZEGO's Python generator only ever uses 16 of them), GCM nonces are
//! uniform bytes, and claim nonces are never negative.
//!
//! The chi-square thresholds are fixed and generous: a correct generator
//! exceeds them with probability below 4e-8 per check, while a generator
//! using 16 of 36 characters scores in the hundreds of thousands.

use std::collections::HashSet;

use zego_token::{Issuer, Mode, ServerSecret};

const TOKENS: usize = 100_000;
const ALPHABET: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

fn issuer(mode: Mode) -> Issuer {
    Issuer::new(
        1,
        ServerSecret::new("fa94dd0f974cf2e293728a526b028271").unwrap(),
    )
    .unwrap()
    .with_mode(mode)
}

/// Pearson's chi-square statistic of `counts` against equal expected counts.
fn chi_square(counts: &[u64]) -> f64 {
    let total: u64 = counts.iter().sum();
    let expected = total as f64 / counts.len() as f64;
    counts
        .iter()
        .map(|&c| (c as f64 - expected).powi(2) / expected)
        .sum()
}

/// IVs of `TOKENS` fresh tokens, and their claim nonces.
fn mint(mode: Mode) -> (Vec<Vec<u8>>, Vec<i32>) {
    let issuer = issuer(mode);
    let verifier = issuer.verifier();
    (0..TOKENS)
        .map(|_| {
            let token = issuer.issue("user").unwrap();
            let iv = zego_token::inspect(token.as_str()).unwrap().iv;
            let nonce = verifier.verify(token.as_str()).unwrap().nonce;
            (iv, nonce)
        })
        .unzip()
}

fn check_nonces(nonces: &[i32]) {
    assert!(nonces.iter().all(|&n| n >= 0), "a negative claims nonce");
    // 31 uniform bits: the top one is set about half the time (binomial,
    // sd ≈ 158 for 100 000 draws; 1 000 is over 6 sd).
    let high = nonces.iter().filter(|&&n| n >= 1 << 30).count();
    assert!(
        high.abs_diff(TOKENS / 2) < 1_000,
        "{high} of {TOKENS} nonces ≥ 2^30"
    );
}

#[test]
fn cbc_ivs_are_unique_and_uniform_over_36_characters() {
    let (ivs, nonces) = mint(Mode::Cbc);
    let unique: HashSet<&Vec<u8>> = ivs.iter().collect();
    assert_eq!(unique.len(), TOKENS, "repeated IVs");

    let mut overall = [0u64; 36];
    let mut by_position = [[0u64; 36]; 16];
    for iv in &ivs {
        assert_eq!(iv.len(), 16);
        for (position, c) in iv.iter().enumerate() {
            let index = ALPHABET
                .iter()
                .position(|a| a == c)
                .unwrap_or_else(|| panic!("IV byte {c:#04x} outside 0-9a-z"));
            overall[index] += 1;
            by_position[position][index] += 1;
        }
    }
    // 35 degrees of freedom: mean 35, sd 8.4; P(chi² > 100) ≈ 3.6e-8.
    assert!(
        overall.iter().all(|&c| c > 0),
        "unused IV characters: {overall:?}"
    );
    let chi = chi_square(&overall);
    assert!(
        chi < 100.0,
        "chi-square {chi:.1} over the 36 IV characters: {overall:?}"
    );
    for (position, counts) in by_position.iter().enumerate() {
        let chi = chi_square(counts);
        assert!(chi < 100.0, "chi-square {chi:.1} at IV position {position}");
    }
    check_nonces(&nonces);
}

#[test]
fn gcm_nonces_are_unique_and_uniform_bytes() {
    let (ivs, nonces) = mint(Mode::Gcm);
    let unique: HashSet<&Vec<u8>> = ivs.iter().collect();
    assert_eq!(unique.len(), TOKENS, "repeated GCM nonces");
    let mut counts = [0u64; 256];
    for iv in &ivs {
        assert_eq!(iv.len(), 12);
        for &b in iv {
            counts[usize::from(b)] += 1;
        }
    }
    // 255 degrees of freedom: mean 255, sd 22.6; P(chi² > 400) ≈ 1.7e-8.
    let chi = chi_square(&counts);
    assert!(chi < 400.0, "chi-square {chi:.1} over GCM nonce bytes");
    check_nonces(&nonces);
}

/// The check above has teeth: the alphabet of ZEGO's Python generator
/// (16 of the 36 characters) fails it by orders of magnitude.
#[test]
fn chi_square_rejects_a_16_character_alphabet() {
    let mut counts = [0u64; 36];
    for i in 0..TOKENS * 16 {
        counts[i % 16] += 1;
    }
    assert!(chi_square(&counts) > 100_000.0);
    let fair = [TOKENS as u64 * 16 / 36; 36];
    assert!(chi_square(&fair) < 1.0);
}
