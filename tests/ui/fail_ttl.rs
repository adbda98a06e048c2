use zego_token::ZegoTokenIssuer;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, ttl = 0)]
struct Zero;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, ttl = -60)]
struct Negative;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, ttl = "-5m")]
struct NegativeText;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, ttl = "2 weeks")]
struct Unparseable;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, ttl = 1.5)]
struct Float;

fn main() {}
