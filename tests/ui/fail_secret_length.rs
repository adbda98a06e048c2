use zego_token::ZegoTokenIssuer;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, secret = "fa94dd0f974cf2e293728a526b02827")]
struct Short;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, secret = 1234)]
struct NotAString;

fn main() {}
