use zego_token::ZegoTokenIssuer;

#[derive(ZegoTokenIssuer)]
#[zego(config = "../../../../tests/ui/config/good.toml", profile = "production")]
struct Prod;

#[derive(ZegoTokenIssuer)]
#[zego(config = "../../../../tests/ui/config/named_only.toml")]
struct TopLevel;

#[derive(ZegoTokenIssuer)]
#[zego(config = "../../../../tests/ui/config/profiles_only.toml", profile = "staging")]
struct UsableButInABrokenFile;

fn main() {}
