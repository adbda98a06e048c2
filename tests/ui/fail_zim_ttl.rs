//! ZIM closes a connection 24 days after login, and refuses a token with
//! under 30 s left: a ZIM app (or one whose token a UIKit also hands to ZIM)
//! with a ttl outside 31 s to 24 days does not compile, whether the ttl is
//! written in the attribute or a config profile.
use zego_token::ZegoTokenIssuer;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, product = "zim", ttl = "30d")]
struct Chat;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, product = "rtc+zim", ttl = 2073601)]
struct CallInvitation;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, product = "zim", ttl = "30s")]
struct Brief;

#[derive(ZegoTokenIssuer)]
#[zego(product = "zim", ttl = "25d")]
struct FromFields {
    #[zego(app_id)]
    app_id: u32,
    #[zego(secret)]
    secret: String,
}

// The profile inherits a ttl ZIM cannot keep: reported where it says zim.
#[derive(ZegoTokenIssuer)]
#[zego(config = "../../../../tests/ui/config/zim_ttl.toml", profile = "chat")]
struct Profile;

fn main() {}
