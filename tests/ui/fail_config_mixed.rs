use zego_token::ZegoTokenIssuer;

#[derive(ZegoTokenIssuer)]
#[zego(config = "../../../../tests/ui/config/good.toml", ttl = "1h", app_id = 5)]
struct Mixed;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, profile = "staging")]
struct ProfileWithoutConfig;

fn main() {}
