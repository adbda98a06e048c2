use zego_token::ZegoTokenIssuer;

#[derive(ZegoTokenIssuer)]
#[zego(config = "../../../../tests/ui/config/invalid.toml", profile = "eu")]
struct Eu;

#[derive(ZegoTokenIssuer)]
#[zego(config = "../../../../tests/ui/config/unknown_key.toml")]
struct Typo;

// A second derive of the same file reports its mistakes again, once each.
#[derive(ZegoTokenIssuer)]
#[zego(config = "../../../../tests/ui/config/unknown_key.toml", profile = "eu")]
struct TypoEu;

fn main() {}
