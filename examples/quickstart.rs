//! The main job: mint a basic and a privilege token, then verify both.
//!
//! ```text
//! cargo run --example quickstart
//! ZEGO_APP_ID=1234567890 ZEGO_SERVER_SECRET=<your 32 chars> cargo run --example quickstart
//! ```
//!
//! With the two variables it mints for your app (`Issuer::from_env`). With
//! neither, it mints for app ID 1 with the public demo secret from ZEGO's
//! documentation, whose tokens ZEGO's servers refuse. It says which.

use std::time::Duration;

use zego_token::{APP_ID_ENV, DEFAULT_SECRET_ENV, Issuer, Privilege, ServerSecret};

/// The demo secret published in ZEGO's documentation. Never for real apps.
const DEMO_SECRET: ServerSecret = ServerSecret::from_static("fa94dd0f974cf2e293728a526b028271");

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("quickstart: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), zego_token::Error> {
    let demo = [APP_ID_ENV, DEFAULT_SECRET_ENV]
        .iter()
        .all(|var| std::env::var_os(var).is_none());
    // One of the two set is a mistake `from_env` reports, naming the other.
    let issuer = if demo {
        Issuer::new(1, DEMO_SECRET)?
    } else {
        Issuer::from_env()?
    };
    if demo {
        println!(
            "app ID {}, public demo secret (ZEGO's servers refuse these tokens; \
             set {APP_ID_ENV} and {DEFAULT_SECRET_ENV} for your app)",
            issuer.app_id()
        );
    } else {
        println!(
            "app ID {} from {APP_ID_ENV}, secret from {DEFAULT_SECRET_ENV}",
            issuer.app_id()
        );
    }
    let verifier = issuer.verifier();

    let basic = issuer.issue("demo_user")?;
    println!("basic token:     {basic}");
    println!("  verified:      {:?}", verifier.verify(basic.as_str())?);

    let privilege = Privilege::new("demo_room").with_publish(true);
    let room = issuer
        .token("demo_user")
        .with_ttl(Duration::from_secs(600))
        .with_privilege(&privilege)
        .issue()?;
    let claims = verifier.verify(room.as_str())?;
    println!("privilege token: {room}");
    println!("  verified:      {claims:?}");
    println!("  payload:       {}", claims.payload);
    Ok(())
}
