//! The main job on embedded defaults: mint a basic and a privilege token,
//! then decode both.
//!
//! ```text
//! cargo run --example quickstart
//! ZEGO_APP_ID=1234567890 ZEGO_SERVER_SECRET=<your 32 chars> cargo run --example quickstart
//! ```
//!
//! Without the variables it uses app ID 1 and the public demo secret from
//! ZEGO's documentation, which ZEGO's servers will not accept.

use std::time::Duration;

use zego_token::{Issuer, Privilege, ServerSecret, ZegoTokenIssuer};

/// The demo app: app ID 1 and the demo secret published in ZEGO's
/// documentation, checked while compiling. Never use that secret for real.
#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, secret = "fa94dd0f974cf2e293728a526b028271", ttl = "1h")]
struct Demo;

/// The demo issuer, or one built from `ZEGO_APP_ID` / `ZEGO_SERVER_SECRET`
/// when either is set (each falls back to the demo value on its own).
fn issuer() -> Result<Issuer, Box<dyn std::error::Error>> {
    let app_id = match std::env::var("ZEGO_APP_ID") {
        Ok(id) => Some(
            id.parse()
                .map_err(|_| format!("ZEGO_APP_ID is not a number: {id:?}"))?,
        ),
        Err(_) => None,
    };
    let secret = match std::env::var_os("ZEGO_SERVER_SECRET") {
        Some(_) => Some(ServerSecret::from_env("ZEGO_SERVER_SECRET")?),
        None => None,
    };
    if app_id.is_none() && secret.is_none() {
        return Ok(Demo::issuer()?.into_inner());
    }
    let secret = match secret {
        Some(secret) => secret,
        None => Demo::secret()?,
    };
    Ok(Issuer::new(app_id.unwrap_or(Demo::APP_ID), secret)?
        .with_ttl(Demo::TTL)?
        .with_mode(Demo::MODE))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let issuer = issuer()?;
    let verifier = issuer.verifier();

    let basic = issuer.issue("demo_user")?;
    println!("basic token:     {basic}");
    println!("  decoded:       {:?}", verifier.verify(basic.as_str())?);

    let privilege = Privilege::new("demo_room").with_publish(true);
    let room = issuer
        .token("demo_user")
        .with_ttl(Duration::from_secs(600))
        .with_privilege(&privilege)
        .issue()?;
    let claims = verifier.verify(room.as_str())?;
    println!("privilege token: {room}");
    println!("  decoded:       {claims:?}");
    println!("  payload:       {}", claims.payload);
    Ok(())
}
