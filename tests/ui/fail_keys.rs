use zego_token::ZegoTokenIssuer;

#[derive(ZegoTokenIssuer)]
#[zego(appid = 1)]
struct Typo;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, ttl_secs = 60, colour = "blue", secret_file = "/run/secrets/zego")]
struct Unknown;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, ttl = 60)]
#[zego(ttl = 120)]
struct Duplicate;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, secret_env = "ZEGO_SERVER_SECRET", secret = "fa94dd0f974cf2e293728a526b028271")]
struct SecretAndEnv;

#[derive(ZegoTokenIssuer)]
#[zego(app_id)]
struct NoValue;

#[derive(ZegoTokenIssuer)]
#[zego(app_id 1)]
struct Syntax;

fn main() {}
