use zego_token::ZegoTokenIssuer;

#[derive(ZegoTokenIssuer)]
struct WrongTypes {
    #[zego(app_id)]
    id: i64,
    #[zego(secret)]
    secret: Vec<u8>,
    #[zego(ttl)]
    ttl: f64,
}

#[derive(ZegoTokenIssuer)]
struct Duplicates {
    #[zego(app_id)]
    id: u32,
    #[zego(app_id)]
    other_id: u32,
    #[zego(secret, ttl)]
    secret: String,
}

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, secret_env = "ZEGO_SERVER_SECRET")]
struct MissingSecret {
    #[zego(app_id)]
    id: u32,
    #[zego(secrt)]
    secret: String,
    #[zego(ttl = 60)]
    ttl: i64,
}

fn main() {}
