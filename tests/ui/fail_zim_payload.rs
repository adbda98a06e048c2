// A ZIM issuer has no payload methods: ZIM tokens carry no payload.
use zego_token::{Privilege, ZegoTokenIssuer};

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 5, secret = "fa94dd0f974cf2e293728a526b028271", product = "zim")]
struct Chat;

fn main() {
    let issuer = Chat::issuer().unwrap();
    let _ = issuer.token("user").with_privilege(&Privilege::new("room")).issue();
}
