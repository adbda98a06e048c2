// ZEGO_TOKEN_UI_SHORT_SECRET is set while compiling (by the workspace's
// .cargo/config.toml) to a value that is not 32 bytes; the error names the
// variable and never shows the value.
use zego_token::ZegoTokenIssuer;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, secret_env = "ZEGO_TOKEN_UI_SHORT_SECRET")]
struct Rtc;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, secret_env = "fa94dd0f974cf2e293728a526b028271 ")]
struct SecretPastedAsName;

fn main() {}
