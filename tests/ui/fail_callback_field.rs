// The field form's #[zego(callback_secret)] marker: a CallbackSecret or a
// String, once; the struct-level keys do not apply in this form.
use zego_token::ZegoTokenIssuer;

#[derive(ZegoTokenIssuer)]
struct WrongType {
    #[zego(app_id)]
    id: u32,
    #[zego(secret)]
    secret: String,
    #[zego(callback_secret)]
    callback: u64,
}

#[derive(ZegoTokenIssuer)]
#[zego(callback_secret_env = "ZEGO_CALLBACK_SECRET")]
struct Twice {
    #[zego(app_id)]
    id: u32,
    #[zego(secret)]
    secret: String,
    #[zego(callback_secret)]
    callback: String,
    #[zego(callback_secret)]
    other: String,
}

fn main() {}
