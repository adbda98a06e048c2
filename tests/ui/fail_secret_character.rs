// A literal secret is checked by the rule ServerSecret applies: 32
// printable ASCII characters, so a tab among 32 bytes does not compile
// (rather than failing when the issuer is built).
use zego_token::ZegoTokenIssuer;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, secret = "fa94dd0f974cf2e293728a526b02827\t")]
struct Tab;

fn main() {}
