use zego_token::ZegoTokenIssuer;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1)]
enum Apps {
    Rtc,
}

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1)]
union Raw {
    a: u32,
}

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1)]
struct Generic<T> {
    inner: T,
}

#[derive(ZegoTokenIssuer)]
struct Tuple(#[zego(app_id)] u32);

fn main() {}
