//! Run-time config with profiles: one TOML file describing a staging and a
//! production app, read while the program runs.
//!
//! ```text
//! cargo run --example config_profiles
//! ```
//!
//! The file is `examples/config_profiles/zego.toml`; its `secret_file`s are
//! demo secrets shipped beside it. A mistake in the file is an error with its
//! file, line and column, e.g. `zego.toml:12:8: mode must be "cbc" or "gcm"`.

use zego_token::Config;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A relative `secret_file` is read from the working directory, as any
    // relative path is; start in the config's directory so the demo secrets
    // are found wherever cargo was started.
    std::env::set_current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/config_profiles"))?;
    let config = Config::from_path("zego.toml")?;

    let staging = config.profile("staging")?;
    let production = config.profile("production")?;
    for profile in [staging, production] {
        println!(
            "{:<10} app {:>10}, ttl {:>4}s, mode {}, secret from {:?}",
            profile.name().unwrap_or_default(),
            profile.app_id(),
            profile.ttl().as_secs(),
            profile.mode(),
            profile.secret_source(),
        );
    }

    // One issuer per profile: reads the secret, applies app ID, ttl and mode.
    let staging = staging.issuer()?;
    let production = production.issuer()?;

    for (name, issuer, other) in [
        ("staging", &staging, &production),
        ("production", &production, &staging),
    ] {
        let token = issuer.issue("alice")?;
        let claims = issuer.verifier().verify(token.as_str())?;
        println!(
            "{name}: token for app {}, {} seconds, {}",
            claims.app_id,
            claims.lifetime().as_secs(),
            claims.mode
        );
        // The other profile's verifier has another app ID and secret: refused.
        match other.verifier().verify(token.as_str()) {
            Err(err) => println!("  the other profile refuses it: {err}"),
            Ok(_) => return Err(format!("{name}'s token passed the other profile's check").into()),
        }
    }
    Ok(())
}
