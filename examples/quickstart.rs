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

use zego_token::{Issuer, Privilege, ServerSecret};

/// The demo secret published in ZEGO's documentation. Never use it for real.
const DEMO_SECRET: ServerSecret = ServerSecret::from_static("fa94dd0f974cf2e293728a526b028271");
const DEMO_APP_ID: u32 = 1;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let app_id = match std::env::var("ZEGO_APP_ID") {
        Ok(id) => id
            .parse()
            .map_err(|_| format!("ZEGO_APP_ID is not a number: {id:?}"))?,
        Err(_) => DEMO_APP_ID,
    };
    let secret = match std::env::var_os("ZEGO_SERVER_SECRET") {
        Some(_) => ServerSecret::from_env("ZEGO_SERVER_SECRET")?,
        None => DEMO_SECRET,
    };

    let issuer = Issuer::new(app_id, secret)?;
    let verifier = issuer.verifier();

    let basic = issuer.issue("demo_user")?;
    println!("basic token:     {basic}");
    println!("  decoded:       {:?}", verifier.verify(basic.as_str())?);

    let privilege = Privilege::new("demo_room").with_publish(true);
    let room = issuer
        .token("demo_user")
        .with_ttl(600)
        .with_privilege(&privilege)
        .issue()?;
    let claims = verifier.verify(room.as_str())?;
    println!("privilege token: {room}");
    println!("  decoded:       {claims:?}");
    println!("  payload:       {}", claims.payload);
    Ok(())
}
