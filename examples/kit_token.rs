//! UIKit Prebuilt kit tokens, minted on the server.
//!
//! ```text
//! cargo run --example kit_token
//! ```
//!
//! UIKit's `generateKitTokenForProduction(appID, token, roomID, userID, userName)`
//! builds `token + "#" + base64(JSON)` in the browser. Building it here means
//! the browser gets the finished kit token and nothing else.

use zego_token::{Issuer, KitParts, KitToken, Privilege, ServerSecret};

/// The demo secret published in ZEGO's documentation. Never use it for real.
const DEMO_SECRET: ServerSecret = ServerSecret::from_static("fa94dd0f974cf2e293728a526b028271");
const APP_ID: u32 = 1;

fn main() -> Result<(), zego_token::Error> {
    let issuer = Issuer::new(APP_ID, DEMO_SECRET)?;

    // The token04 inside is an ordinary one for the user and room...
    let token = issuer
        .token("alice")
        .with_privilege(&Privilege::new("room1").with_publish(true))
        .issue()?;
    // ...wrapped with the same room and user and a display name (any
    // Unicode; UIKit percent-encodes it the way encodeURIComponent does).
    let parts = KitParts {
        app_id: APP_ID,
        token: token.as_str(),
        room_id: "room1",
        user_id: "alice",
        user_name: "Alice Zoë",
    };
    let kit = KitToken::new(parts)?;
    let text = kit.to_string();
    println!("kit token: {text}");

    // Parsing gives the parts back, for logs or support tools.
    let parsed = KitToken::parse(&text)?;
    assert_eq!(parsed, kit);
    println!(
        "  app {}, room {}, user {} ({}), token04 of {} chars",
        parsed.app_id(),
        parsed.room_id(),
        parsed.user_id(),
        parsed.user_name(),
        parsed.token().len()
    );

    // With the secret, a kit token is checked against its token's claims:
    // the same app, user and room.
    issuer.verifier().verify_kit(&parsed)?;
    let elsewhere = KitToken::new(KitParts {
        room_id: "room2",
        ..parts
    })?;
    let err = issuer.verifier().verify_kit(&elsewhere).unwrap_err();
    println!("another room: {err}");

    // IDs are what every ZEGO client accepts: ASCII letters, digits and
    // ZEGO's punctuation (the error names the character, with ZEGO's code).
    let err = KitToken::new(KitParts {
        room_id: "会议室",
        ..parts
    })
    .unwrap_err();
    println!("room ID: {err}");
    Ok(())
}
