// One mistake per derive, one error per derive: the failed derives still
// declare their items, so the code using them adds no E0599 on top.
use zego_token::product::Rtc;
use zego_token::{IssuerSpec, Privilege, TypedIssuer, ZegoTokenIssuer};

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 7, ttl = "2hours")]
struct App;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 7, product = "zim", mode = "ecb")]
struct Chat;

#[derive(ZegoTokenIssuer)]
#[zego(config = "../../../../tests/ui/config/missing.toml")]
struct FromFile;

#[derive(ZegoTokenIssuer)]
struct Settings {
    #[zego(app_id)]
    app_id: u64,
    #[zego(secret)]
    secret: String,
}

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 7)]
struct Generic<T>(T);

fn room_token<T: IssuerSpec<Product = Rtc>>(issuer: &TypedIssuer<T>) -> Result<(), zego_token::Error> {
    issuer.token("user1").with_privilege(&Privilege::new("room1")).issue()?;
    Ok(())
}

fn main() -> Result<(), zego_token::Error> {
    let app = App::issuer()?;
    room_token(&app)?;
    assert_eq!(App::APP_ID + FromFile::APP_ID, 14);
    let _: Option<&str> = App::SECRET_ENV;
    let _ = (App::TTL, App::MODE, App::PRODUCT, App::secret()?);
    Chat::issuer()?.issue("user1")?;
    room_token(&FromFile::issuer()?)?;
    let settings = Settings { app_id: 7, secret: String::new() };
    room_token(&settings.issuer()?)?;
    Generic::<u8>::issuer()?.issue("user1")?;
    Ok(())
}
