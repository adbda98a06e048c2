//! The config-file form: top level and a named profile that inherits.
#![deny(warnings)]

use zego_token::ZegoTokenIssuer;

// Paths are relative to the crate's Cargo.toml; trybuild builds this file in
// target/tests/trybuild/tests, four levels below the workspace root.
#[derive(ZegoTokenIssuer)]
#[zego(config = "../../../../tests/ui/config/good.toml")]
struct Top;

#[derive(ZegoTokenIssuer)]
#[zego(config = "../../../../tests/ui/config/good.toml", profile = "staging")]
struct Staging;

fn main() {
    assert_eq!((Top::APP_ID, Top::TTL.as_secs(), Top::SECRET_ENV), (1234567890, 3600, Some("ZEGO_TOKEN_TEST_SECRET")));
    assert_eq!((Staging::APP_ID, Staging::TTL.as_secs(), Staging::SECRET_ENV), (987654321, 1800, Some("ZEGO_TOKEN_TEST_SECRET")));
    assert_eq!(Staging::MODE, zego_token::Mode::Gcm);
    let token = Staging::issuer().unwrap().issue("ui").unwrap();
    assert_eq!(Staging::issuer().unwrap().verifier().verify(token.as_str()).unwrap().app_id, 987654321);
}
