// Typed issuers of different apps are different types.
use zego_token::{TypedIssuer, ZegoTokenIssuer};

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, secret = "fa94dd0f974cf2e293728a526b028271")]
struct Prod;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 2, secret = "fa94dd0f974cf2e293728a526b028271")]
struct Staging;

fn serve(_issuer: TypedIssuer<Prod>) {}

fn main() {
    serve(Staging::issuer().unwrap());
}
