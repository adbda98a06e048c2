//! AES-256-GCM tokens: the authenticated variant of token04.
//!
//! ```text
//! cargo run --example gcm
//! ```
//!
//! A changed byte in a CBC token is caught only when it breaks the padding or
//! the JSON inside; a GCM token's tag turns any change into an
//! authentication error. Use GCM when your ZEGO SDK versions accept it.

use zego_token::{Error, Issuer, Mode, ServerSecret};

/// The demo secret published in ZEGO's documentation. Never use it for real.
const DEMO_SECRET: ServerSecret = ServerSecret::from_static("fa94dd0f974cf2e293728a526b028271");

fn main() -> Result<(), Error> {
    let issuer = Issuer::new(1, DEMO_SECRET)?.with_mode(Mode::Gcm);
    let token = issuer.issue("alice")?;
    println!("GCM token: {token}");

    // The envelope is readable without the secret: mode, expiry, nonce, size.
    let envelope = zego_token::inspect(token.as_str())?;
    println!(
        "  envelope: mode {}, expires {}, {}-byte nonce, {}-byte ciphertext (with the 16-byte tag)",
        envelope.mode,
        envelope.expire,
        envelope.iv.len(),
        envelope.ciphertext_len
    );

    let claims = issuer.verifier().verify(token.as_str())?;
    println!("  decoded: user {}, mode {}", claims.user_id, claims.mode);

    // Change one character inside the ciphertext: the tag no longer matches.
    let mut tampered = token.into_string();
    let at = tampered.len() - 10;
    let replacement = if &tampered[at..=at] == "A" { "B" } else { "A" };
    tampered.replace_range(at..=at, replacement);
    match issuer.verifier().verify(&tampered) {
        Err(err @ Error::Authentication) => println!("  tampered: {err}"),
        other => panic!("a tampered GCM token must fail authentication, got {other:?}"),
    }
    Ok(())
}
