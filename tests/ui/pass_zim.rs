//! A ZIM issuer mints basic tokens (ZIM tokens carry no payload).
#![deny(warnings)]

use zego_token::ZegoTokenIssuer;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 5, secret = "fa94dd0f974cf2e293728a526b028271", product = "zim")]
struct Chat;

fn main() {
    let issuer = Chat::issuer().unwrap();
    assert_eq!(issuer.product(), zego_token::Product::Zim);
    let claims = issuer.verifier().verify(issuer.issue("ui").unwrap().as_str()).unwrap();
    assert_eq!((claims.app_id, claims.payload.as_str()), (5, ""));
}
