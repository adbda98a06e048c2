//! The attribute form builds without a single warning (and documents what it
//! generates), then mints and decodes tokens.
#![deny(warnings, missing_docs)]

use zego_token::ZegoTokenIssuer;

/// Secret from an environment variable, set (to 32 bytes) at run time by the
/// workspace's `.cargo/config.toml`.
#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1234567890, secret_env = "ZEGO_TOKEN_TEST_SECRET", ttl = "2h", mode = "gcm")]
pub struct Rtc;

/// Every generated item unused: no `dead_code` warning.
#[derive(ZegoTokenIssuer)]
#[zego(app_id = 4294967295, secret = "fa94dd0f974cf2e293728a526b028271", ttl = 90, product = "zim")]
struct Unused;

/// Restricted visibility is carried over to the generated items.
#[derive(ZegoTokenIssuer)]
#[zego(app_id = 7, secret = "fa94dd0f974cf2e293728a526b028271")]
pub(crate) struct Crate;

fn main() {
    assert_eq!(Rtc::APP_ID, 1234567890);
    assert_eq!(Rtc::TTL.as_secs(), 7200);
    assert_eq!(Rtc::SECRET_ENV, Some("ZEGO_TOKEN_TEST_SECRET"));
    assert_eq!(Rtc::MODE, zego_token::Mode::Gcm);
    assert_eq!(Rtc::PRODUCT, zego_token::Product::Rtc);
    let issuer = Rtc::issuer().unwrap();
    let token = issuer.issue("ui").unwrap();
    let claims = issuer.verifier().verify(token.as_str()).unwrap();
    assert_eq!((claims.app_id, claims.expire - claims.ctime), (1234567890, 7200));
    assert_eq!(zego_token::inspect(token.as_str()).unwrap().mode, zego_token::Mode::Gcm);

    assert_eq!(Crate::SECRET_ENV, None);
    assert_eq!((Crate::APP_ID, Crate::TTL.as_secs()), (7, 3600));
}
