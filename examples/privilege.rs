//! Room-scoped ("privilege") tokens: what a user may do in one room.
//!
//! ```text
//! cargo run --example privilege
//! ```
//!
//! ZEGO's servers read the payload `{"room_id":..,"privilege":{"1":login,"2":publish},
//! "stream_id_list":..}`; `Privilege` builds exactly that and reads it back.

use std::time::Duration;

use zego_token::{Issuer, Privilege, ServerSecret};

/// The demo secret published in ZEGO's documentation. Never use it for real.
const DEMO_SECRET: ServerSecret = ServerSecret::from_static("fa94dd0f974cf2e293728a526b028271");

fn main() -> Result<(), zego_token::Error> {
    let issuer = Issuer::new(1, DEMO_SECRET)?;
    let verifier = issuer.verifier();

    // A viewer may join the room but not publish (login is on by default).
    let viewer = Privilege::new("concert-42");
    // A host may publish, and only the streams named here.
    let host = Privilege::new("concert-42")
        .with_publish(true)
        .with_streams(["concert-42-main", "concert-42-screen"]);

    for (role, privilege) in [("viewer", &viewer), ("host", &host)] {
        let token = issuer
            .token(role)
            .with_ttl(Duration::from_secs(600)) // short-lived: room tokens are minted per join
            .with_privilege(privilege)
            .issue()?;
        let claims = verifier.verify(token.as_str())?;
        println!("{role}: payload {}", claims.payload);

        // The payload reads back into the same privilege.
        let back = claims.privilege().expect("a privilege payload");
        assert_eq!(&back, privilege);
        println!(
            "  room {}, login {}, publish {}, streams {:?}",
            back.room_id(),
            back.login(),
            back.publish(),
            back.streams()
        );
    }

    // Bad room IDs are refused before anything is encrypted.
    let err = issuer
        .token("host")
        .with_privilege(&Privilege::new(""))
        .issue()
        .unwrap_err();
    println!("empty room ID: {err}");
    Ok(())
}
