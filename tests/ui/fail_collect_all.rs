// One attribute with four mistakes: all four are reported in one build.
use zego_token::ZegoTokenIssuer;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 0, ttl = "soon", mode = "ctr", colour = 1)]
struct Rtc;

fn main() {}
