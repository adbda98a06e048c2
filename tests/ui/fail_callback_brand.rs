// Each app's signer and callback verifier are types of their own: staging's
// cannot be used where production's is expected.
use zego_token::{TypedApiSigner, TypedCallbackVerifier, ZegoTokenIssuer};

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, secret = "fa94dd0f974cf2e293728a526b028271", callback_secret = "production")]
struct Production;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 2, secret = "fa94dd0f974cf2e293728a526b028271", callback_secret = "staging")]
struct Staging;

fn production_callbacks(_: &TypedCallbackVerifier<Production>) {}
fn production_calls(_: &TypedApiSigner<Production>) {}

fn main() {
    let staging = Staging::app().unwrap();
    production_callbacks(staging.callback_verifier());
    production_calls(staging.api_signer());
}
