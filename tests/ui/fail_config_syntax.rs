use zego_token::ZegoTokenIssuer;

#[derive(ZegoTokenIssuer)]
#[zego(config = "../../../../tests/ui/config/syntax.toml")]
struct Rtc;

fn main() {}
