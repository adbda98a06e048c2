//! A token a UIKit hands to both the room login and ZIM: both products'
//! rules (24 days, user IDs ZIM takes too), and room tokens as for RTC.
//! The wider ID set is named in the attribute.
#![deny(warnings)]

use zego_token::{Charset, Privilege, Product, ZegoTokenIssuer};

#[derive(ZegoTokenIssuer)]
#[zego(
    app_id = 5,
    secret = "fa94dd0f974cf2e293728a526b028271",
    product = "rtc+zim",
    ttl = "24d",
    id_charset = "extended"
)]
struct Uikit;

fn main() {
    assert_eq!(Uikit::PRODUCT, Product::RtcAndZim);
    let issuer = Uikit::issuer().unwrap();
    assert_eq!((issuer.product(), issuer.id_charset()), (Product::RtcAndZim, Charset::Extended));
    let token = issuer
        .token("100%")
        .with_privilege(&Privilege::new("room1"))
        .issue()
        .unwrap();
    let claims = issuer.verifier().verify(token.as_str()).unwrap();
    assert_eq!(claims.lifetime().as_secs(), 24 * 86_400);
    // 33 bytes: RTC would take it, ZIM does not.
    assert_eq!(issuer.issue(&"u".repeat(33)).unwrap_err().code(), Some(3));
}
