use zego_token::ZegoTokenIssuer;

#[derive(ZegoTokenIssuer)]
#[zego(config = "../../../../tests/ui/config/does-not-exist.toml")]
struct Rtc;

fn main() {}
