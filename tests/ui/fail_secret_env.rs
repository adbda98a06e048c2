// `secret_env` names a variable; the derive never reads it (the secret is
// read when `issuer()` runs), so only the name is checked while compiling.
use zego_token::ZegoTokenIssuer;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, secret_env = "fa94dd0f974cf2e293728a526b028271 ")]
struct SecretPastedAsName;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, secret_env = "1ZEGO_SECRET")]
struct NotAName;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, secret_env = 5)]
struct NotAString;

fn main() {}
