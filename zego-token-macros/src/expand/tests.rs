//! The expansion as a whole: the fallback of a failed derive declares the
//! very items of the real expansion, and nothing in the environment while
//! compiling changes what is generated.

use quote::ToTokens;
use syn::{DeriveInput, ImplItem, Item};

use crate::ast::Input;
use crate::errors::Errors;
use crate::rules::{Mode, Product};
use crate::valid::{self, Lifetime, Secret, Values};

/// What user code can name in an expansion: each impl's trait, and the
/// signature of every item in it (values and bodies left out); and whether
/// it reports an error.
fn declared(source: &str) -> (Vec<String>, bool) {
    let input: DeriveInput = syn::parse_str(source).unwrap();
    let file: syn::File = syn::parse2(super::derive(&input)).unwrap();
    let mut declared = Vec::new();
    let mut failed = false;
    for item in file.items {
        match item {
            Item::Impl(block) => {
                let of = block.trait_.as_ref().map(|(path, _)| path);
                declared.push(format!("impl {}", of.to_token_stream()));
                for item in block.items {
                    declared.push(match item {
                        ImplItem::Const(c) => {
                            let (vis, ident, ty) = (&c.vis, &c.ident, &c.ty);
                            quote::quote!(#vis const #ident: #ty).to_string()
                        }
                        ImplItem::Fn(f) => {
                            let (vis, sig) = (&f.vis, &f.sig);
                            quote::quote!(#vis #sig).to_string()
                        }
                        other => other.to_token_stream().to_string(),
                    });
                }
            }
            Item::Macro(m) => {
                let name = &m.mac.path.segments.last().unwrap().ident;
                assert_eq!(name, "compile_error");
                failed = true;
            }
            // `const _` tracking the config file: nothing to name.
            Item::Const(_) => {}
            other => panic!("unexpected item {}", other.to_token_stream()),
        }
    }
    (declared, failed)
}

#[test]
fn a_failed_derive_declares_what_a_valid_one_would() {
    let pairs = [
        (
            "#[zego(app_id = 1, secret = \"fa94dd0f974cf2e293728a526b028271\")] pub struct App;",
            "#[zego(app_id = 0, secret = \"fa94dd0f974cf2e293728a526b028271\")] pub struct App;",
        ),
        (
            "#[zego(app_id = 5, product = \"zim\", ttl = \"2h\")] pub(crate) struct Chat;",
            "#[zego(app_id = 5, product = \"zim\", ttl = \"2 hours\")] pub(crate) struct Chat;",
        ),
        (
            "#[zego(config = \"../tests/data/zego.toml\", profile = \"staging\")] struct FromFile;",
            "#[zego(config = \"../tests/data/config/many_mistakes.toml\")] struct FromFile;",
        ),
        (
            "#[zego(mode = \"gcm\")] pub struct Settings { #[zego(app_id)] id: u32, #[zego(secret)] secret: String, #[zego(ttl)] ttl: u64 }",
            "#[zego(mode = \"ctr\")] pub struct Settings { #[zego(app_id)] id: u32, #[zego(secret)] secret: String, #[zego(ttl)] ttl: u64 }",
        ),
        (
            "struct Settings { #[zego(app_id)] id: u32, #[zego(secret)] secret: String }",
            "struct Settings { #[zego(app_id)] id: u32, #[zego(secret, ttl)] secret: String }",
        ),
        (
            "#[zego(app_id = 1, callback_secret_env = \"CB\")] pub struct App;",
            "#[zego(app_id = 1, callback_secret_env = \"C B\")] pub struct App;",
        ),
        (
            "#[zego(app_id = 1, callback_secret = \"secret\")] pub struct App;",
            "#[zego(app_id = 1, callback_secret = \"secret\", callback_secret_env = \"CB\")] pub struct App;",
        ),
        (
            "pub struct Settings { #[zego(app_id)] id: u32, #[zego(secret)] secret: String, #[zego(callback_secret)] cb: String }",
            "#[zego(callback_secret_env = \"CB\")] pub struct Settings { #[zego(app_id)] id: u32, #[zego(secret)] secret: String, #[zego(callback_secret)] cb: String }",
        ),
    ];
    for (valid, broken) in pairs {
        let (real, real_failed) = declared(valid);
        let (fallback, fallback_failed) = declared(broken);
        assert!(!real_failed && fallback_failed, "{valid}\n{broken}");
        assert!(real.len() >= 3, "{real:?}");
        assert_eq!(real, fallback, "{valid}\n{broken}");
    }
}

#[test]
fn the_derive_reads_no_environment_variable() {
    // Set by cargo for this test, and not a 32-byte secret: a derive that
    // looked at the variable while compiling would refuse it.
    let name = std::env::var("CARGO_PKG_NAME").unwrap();
    assert_ne!(name.len(), 32);
    let (declared, failed) =
        declared("#[zego(app_id = 1, secret_env = \"CARGO_PKG_NAME\")] struct App;");
    assert!(!failed);
    assert!(declared.iter().any(|d| d.contains("fn issuer")));
}

#[test]
fn stages_hand_on_typed_values() {
    let input: DeriveInput = syn::parse_str(
        "#[zego(app_id = 7, secret_env = \"APP_SECRET\", ttl = \"2h\", mode = \"gcm\", product = \"zim\")] struct App;",
    )
    .unwrap();
    let mut errors = Errors::default();
    let ast = Input::from_syn(&input, &mut errors);
    let app = valid::check(&ast, &mut errors).unwrap();
    assert!(errors.is_empty());
    assert_eq!((app.mode, app.product), (Mode::Gcm, Product::Zim));
    let Values::Consts(consts) = app.values else {
        panic!("constants")
    };
    assert_eq!(consts.app_id, 7);
    assert_eq!(consts.ttl, std::time::Duration::from_secs(7200));
    assert!(matches!(consts.secret, Secret::Env(ref var) if var == "APP_SECRET"));
    // The callback secret's default source: a variable, read at run time.
    assert!(
        matches!(consts.callback_secret, Secret::Env(ref var) if var == crate::rules::DEFAULT_CALLBACK_SECRET_ENV)
    );

    let input: DeriveInput = syn::parse_str(
        "#[zego(ttl = 90)] struct Settings { #[zego(secret)] s: String, #[zego(app_id)] id: u32 }",
    )
    .unwrap();
    let ast = Input::from_syn(&input, &mut errors);
    let app = valid::check(&ast, &mut errors).unwrap();
    let Values::Fields(fields) = app.values else {
        panic!("fields")
    };
    assert_eq!(
        (
            fields.app_id.ident.to_string(),
            fields.secret.ident.to_string()
        ),
        ("id".into(), "s".into())
    );
    assert!(matches!(fields.ttl, Lifetime::Fixed(ttl) if ttl.as_secs() == 90));
    assert!(fields.callback_secret.is_none());
}

#[test]
fn the_callback_secret_is_declared_in_every_form() {
    let (declared, failed) = declared(
        "#[zego(app_id = 1, secret = \"fa94dd0f974cf2e293728a526b028271\", callback_secret_env = \"APP_CALLBACK\")] pub struct App;",
    );
    assert!(!failed);
    for item in [
        "pub const CALLBACK_SECRET_ENV",
        "pub fn callback_secret ()",
        "pub fn api_signer ()",
        "pub fn callback_verifier ()",
        "pub fn app ()",
    ] {
        assert!(
            declared.iter().any(|d| d.starts_with(item)),
            "{item}: {declared:?}"
        );
    }
    // The field form: a signer always, a callback verifier and the whole
    // app only with a #[zego(callback_secret)] field.
    let without = "pub struct S { #[zego(app_id)] id: u32, #[zego(secret)] s: String }";
    let (declared, _) = self::declared(without);
    let names: Vec<_> = declared.iter().map(String::as_str).collect();
    assert!(
        names
            .iter()
            .any(|d| d.starts_with("pub fn api_signer (& self)")),
        "{names:?}"
    );
    assert!(
        !names.iter().any(|d| d.contains("callback_verifier")),
        "{names:?}"
    );
    let with = "pub struct S { #[zego(app_id)] id: u32, #[zego(secret)] s: String, #[zego(callback_secret)] c: String }";
    let (declared, _) = self::declared(with);
    assert!(
        declared
            .iter()
            .any(|d| d.starts_with("pub fn callback_verifier (& self)")),
        "{declared:?}"
    );
    assert!(
        declared
            .iter()
            .any(|d| d.starts_with("pub fn app (& self)")),
        "{declared:?}"
    );
}
