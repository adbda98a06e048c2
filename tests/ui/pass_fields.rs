//! The field-backed form: values loaded at run time, issuer built from them.
#![deny(warnings, missing_docs)]

use std::num::NonZeroU32;
use std::time::Duration;

use zego_token::{ServerSecret, ZegoTokenIssuer};

/// The app's own config, e.g. deserialized by serde.
#[derive(ZegoTokenIssuer)]
#[zego(mode = "gcm")]
pub struct AppConfig {
    /// Not a marker: left alone.
    pub name: String,
    /// The app ID.
    #[zego(app_id)]
    pub zego_app_id: u32,
    /// The secret.
    #[zego(secret)]
    pub zego_secret: ServerSecret,
    /// The lifetime.
    #[zego(ttl)]
    pub token_ttl: String,
}

#[derive(ZegoTokenIssuer)]
#[zego(ttl = "1d")]
struct Plain {
    #[zego(app_id)]
    id: u32,
    #[zego(secret)]
    secret: String,
}

// Field types are checked through the traits the generated code calls, so
// aliases of accepted types work too.
type AppId = NonZeroU32;
type Secret = String;
type Seconds = u64;

#[derive(ZegoTokenIssuer)]
struct Aliased {
    #[zego(app_id)]
    id: AppId,
    #[zego(secret)]
    secret: Secret,
    #[zego(ttl)]
    ttl: Seconds,
}

#[derive(ZegoTokenIssuer)]
struct Timed {
    #[zego(app_id)]
    id: u32,
    #[zego(secret)]
    secret: ServerSecret,
    #[zego(ttl)]
    ttl: Duration,
}

fn main() {
    let config = AppConfig {
        name: "demo".to_owned(),
        zego_app_id: 42,
        zego_secret: ServerSecret::from_static("fa94dd0f974cf2e293728a526b028271"),
        token_ttl: "45m".to_owned(),
    };
    let issuer = config.issuer().unwrap();
    assert_eq!((issuer.app_id(), issuer.ttl().as_secs(), issuer.mode()), (42, 2700, zego_token::Mode::Gcm));
    assert_eq!(config.name, "demo");

    let plain = Plain { id: 7, secret: "fa94dd0f974cf2e293728a526b028271".to_owned() };
    assert_eq!(plain.issuer().unwrap().ttl().as_secs(), 86400);

    let aliased = Aliased {
        id: NonZeroU32::new(9).unwrap(),
        secret: "fa94dd0f974cf2e293728a526b028271".to_owned(),
        ttl: 120,
    };
    let issuer = aliased.issuer().unwrap();
    assert_eq!((issuer.app_id(), issuer.ttl().as_secs()), (9, 120));

    let timed = Timed {
        id: 3,
        secret: ServerSecret::from_static("fa94dd0f974cf2e293728a526b028271"),
        ttl: Duration::from_secs(90),
    };
    assert_eq!(timed.issuer().unwrap().ttl().as_secs(), 90);
}
