//! UIKit Prebuilt kit tokens, minted on the server.
//!
//! ```text
//! cargo run --example kit_token
//! ```
//!
//! UIKit's `generateKitTokenForProduction(appID, token, roomID, userID, userName)`
//! builds `token + "#" + base64(JSON)` in the browser. Building it here means
//! the browser gets the finished kit token and nothing else.

use zego_token::{Issuer, KitToken, ServerSecret};

/// The demo secret published in ZEGO's documentation. Never use it for real.
const DEMO_SECRET: ServerSecret = ServerSecret::from_static("fa94dd0f974cf2e293728a526b028271");
const APP_ID: u32 = 1;

fn main() -> Result<(), zego_token::Error> {
    let issuer = Issuer::new(APP_ID, DEMO_SECRET)?;

    // The token04 inside is an ordinary one for the user...
    let token = issuer.issue("alice")?;
    // ...wrapped with the room and a display name (any Unicode; UIKit
    // percent-encodes it the way encodeURIComponent does).
    let kit = KitToken::new(APP_ID, token.as_str(), "room1", "alice", "Alice Zoë")?;
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

    // The browser's btoa cannot encode room IDs beyond Latin-1; neither do we.
    let err = KitToken::new(APP_ID, token.as_str(), "会议室", "alice", "Alice").unwrap_err();
    println!("non-Latin-1 room ID: {err}");
    Ok(())
}
