use zego_token::ZegoTokenIssuer;

#[derive(ZegoTokenIssuer)]
#[zego(secret_env = "ZEGO_TOKEN_TEST_SECRET")]
struct Missing;

#[derive(ZegoTokenIssuer)]
struct MissingWithoutAttribute;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 0)]
struct Zero;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = -1)]
struct Negative;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 4294967296)]
struct TooBig;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = "1234567890")]
struct NotAnInteger;

fn main() {}
