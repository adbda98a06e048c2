//! The callback secret in every form, and code generic over any app's
//! signer and callback verifier.
#![deny(warnings)]

use zego_token::callback::{CallbackParams, CallbackSecret};
use zego_token::{App, IssuerSpec, TypedApiSigner, TypedCallbackVerifier, ZegoTokenIssuer};

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 1, secret_env = "ZEGO_TOKEN_TEST_SECRET", callback_secret = "secret")]
struct Literal;

#[derive(ZegoTokenIssuer)]
#[zego(app_id = 2, callback_secret_env = "ZEGO_TOKEN_UI_CALLBACK")]
struct Named;

#[derive(ZegoTokenIssuer)]
#[zego(config = "../../../../tests/ui/config/good.toml", profile = "staging")]
struct FromFile;

#[derive(ZegoTokenIssuer)]
struct Fields {
    #[zego(app_id)]
    id: u32,
    #[zego(secret)]
    secret: String,
    #[zego(callback_secret)]
    callback: CallbackSecret,
}

/// Works for any app, e.g. inside a generic axum handler.
fn genuine<T: IssuerSpec>(verifier: &TypedCallbackVerifier<T>) -> bool {
    let params = CallbackParams::new("1470820198", "123412", "5bd59fd62953a8059fb7eaba95720f66d19e4517");
    verifier.verify_at(&params, 1_470_820_198).is_ok()
}

fn app_id<T: IssuerSpec>(signer: &TypedApiSigner<T>) -> u32 {
    signer.app_id()
}

fn main() {
    let literal: App<Literal> = Literal::app().unwrap();
    assert!(genuine(literal.callback_verifier()));
    assert_eq!(app_id(literal.api_signer()), 1);
    assert_eq!(Named::CALLBACK_SECRET_ENV, Some("ZEGO_TOKEN_UI_CALLBACK"));
    assert_eq!(FromFile::CALLBACK_SECRET_ENV, Some("ZEGO_CALLBACK_SECRET"));
    let fields = Fields {
        id: 3,
        secret: "fa94dd0f974cf2e293728a526b028271".into(),
        callback: CallbackSecret::new("secret").unwrap(),
    };
    assert!(genuine(&fields.callback_verifier().unwrap()));
    assert_eq!(app_id(&fields.api_signer().unwrap()), 3);
}
