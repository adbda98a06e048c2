use zego_token::ZegoTokenIssuer;

#[derive(ZegoTokenIssuer)]
#[zego(config = "../../../../tests/ui/config/invalid.toml", profile = "eu")]
struct Eu;

#[derive(ZegoTokenIssuer)]
#[zego(config = "../../../../tests/ui/config/unknown_key.toml")]
struct Typo;

fn main() {}
