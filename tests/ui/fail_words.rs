use zego_token::ZegoTokenIssuer;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, mode = "ecb")]
struct BadMode;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, product = "im")]
struct BadProduct;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, mode = gcm)]
struct Unquoted;

fn main() {}
