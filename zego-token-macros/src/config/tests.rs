//! Differential test: every config case goes through the derive's own code
//! path (the `#[zego(...)]` attribute parsed by `ast`/`attr`, checked by
//! `valid::check`, the file read by `config::load`) and through the run-time
//! loader (`zego_token::Config`, a dev-dependency). For the top level, every
//! profile the file names and one it does not, both must agree on accept or
//! refuse, on the resolved app ID, ttl, mode, product and secret source, and
//! on the exact problems reported.
//!
//! The cases: every `.toml` under `tests/data/config/` (each says whether
//! the file is valid in its `# expect:` line), the other config files in
//! `tests/data/` and `tests/ui/config/`, the value table
//! `zego-token/rules/tests/config_rules.toml` written out as files, and files generated
//! by proptest, which are in no repository.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use syn::DeriveInput;
use zego_token::{Config, Error, SecretSource};

use crate::ast::Input;
use crate::errors::Errors;
use crate::valid::{self, Secret, Values};

/// What a profile resolved to, or every message refusing it.
type Outcome = Result<Resolved, Vec<String>>;

#[derive(Debug, PartialEq, Eq)]
struct Resolved {
    app_id: u32,
    ttl: i64,
    mode: String,
    product: String,
    secret: String,
    callback_secret: String,
}

/// The derive: `#[zego(config = path, profile = name)] struct App;`.
fn derive(path: &str, profile: Option<&str>) -> Outcome {
    let attr = match profile {
        Some(name) => format!("#[zego(config = {path:?}, profile = {name:?})]"),
        None => format!("#[zego(config = {path:?})]"),
    };
    let input: DeriveInput = syn::parse_str(&format!("{attr} struct App;")).unwrap();
    let mut errors = Errors::default();
    let ast = Input::from_syn(&input, &mut errors);
    let app = valid::check(&ast, &mut errors);
    if !errors.is_empty() {
        return Err(errors.messages());
    }
    let app = app.expect("no error, so a valid app");
    let Values::Consts(c) = app.values else {
        panic!("the config form resolves to constants")
    };
    Ok(Resolved {
        app_id: c.app_id,
        ttl: i64::try_from(c.ttl.as_secs()).unwrap(),
        mode: app.mode.to_string(),
        product: app.product.to_string(),
        secret: derived(c.secret),
        callback_secret: derived(c.callback_secret),
    })
}

fn derived(secret: Secret) -> String {
    match secret {
        Secret::Env(var) => format!("env {var}"),
        Secret::File(file) => format!("file {}", file.display()),
        Secret::Literal(_) => "literal".to_owned(),
    }
}

fn loaded(source: &SecretSource) -> String {
    match source {
        SecretSource::Env(var) => format!("env {var}"),
        SecretSource::File(file) => format!("file {}", file.display()),
    }
}

/// The run-time loader, reading the same path (the test runs in this
/// crate's directory, which is where the derive resolves paths from).
fn loader(path: &str, profile: Option<&str>) -> Outcome {
    let messages = |err: Error| -> Vec<String> {
        match err {
            // As the derive reports them: the listed ones, then the count.
            Error::Config(problems) => {
                let mut messages: Vec<String> =
                    problems.listed().iter().map(ToString::to_string).collect();
                if let Some(more) = problems.more() {
                    messages.push(format!("{path}: {more} problems"));
                }
                messages
            }
            other => panic!("not a config error: {other}"),
        }
    };
    let config = Config::from_path(path).map_err(messages)?;
    let chosen = match profile {
        Some(name) => config.profile(name),
        None => config.default_profile(),
    }
    .map_err(messages)?;
    Ok(Resolved {
        app_id: chosen.app_id(),
        ttl: i64::try_from(chosen.ttl().as_secs()).expect("a checked ttl fits i64"),
        mode: chosen.mode().to_string(),
        product: chosen.product().to_string(),
        secret: loaded(chosen.secret_source()),
        callback_secret: loaded(chosen.callback_secret_source()),
    })
}

/// Both paths agree on `path` for the top level, each profile it names and
/// one it does not; returns whether the loader accepted the file.
fn agree(path: &str, text: &str) -> bool {
    let mut names: Vec<String> = text
        .parse::<toml::Table>()
        .ok()
        .and_then(|t| t.get("profiles")?.as_table().cloned())
        .map(|t| t.keys().cloned().collect())
        .unwrap_or_default();
    names.push("no_such_profile".to_owned());
    let mut selections = vec![None];
    selections.extend(names.iter().map(|n| Some(n.as_str())));
    for profile in selections {
        let (d, l) = (derive(path, profile), loader(path, profile));
        assert_eq!(d, l, "{path} profile {profile:?}\n{text}");
        if let Err(messages) = &d {
            assert!(!messages.is_empty());
            for message in messages {
                // Never a pasted secret, in either.
                assert!(!message.contains("fa94dd0f"), "{message}");
            }
        }
    }
    Config::from_path(path).is_ok()
}

fn workspace(relative: &str) -> PathBuf {
    Path::new("..").join(relative)
}

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn derive_and_loader_agree_on_every_case_file() {
    let mut checked = 0;
    for file in toml_files(&workspace("tests/data/config")) {
        let text = std::fs::read_to_string(&file).unwrap();
        let expect = text
            .lines()
            .find_map(|l| l.strip_prefix("# expect: "))
            .unwrap_or_else(|| panic!("{} has no `# expect:` line", file.display()));
        let path = file.to_str().unwrap();
        assert_eq!(agree(path, &text), expect == "accept", "{path}");
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} case files");
    // The other config files of the repository, which must be valid.
    for file in [
        workspace("tests/data/zego.toml"),
        workspace("tests/ui/config/good.toml"),
        workspace("tests/zego.toml"),
        workspace("examples/axum_app/zego.toml"),
        workspace("examples/config_profiles/zego.toml"),
    ] {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(agree(file.to_str().unwrap(), &text), "{}", file.display());
    }
    // And the UI tests' broken ones, which must not be.
    for file in toml_files(&workspace("tests/ui/config")) {
        let text = std::fs::read_to_string(&file).unwrap();
        agree(file.to_str().unwrap(), &text);
    }
}

/// A scratch file for texts that are not in the repository.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "zego-token-differential-{}-{name}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir.join("zego.toml"))
    }

    fn agree(&self, text: &str) -> bool {
        std::fs::write(&self.0, text).unwrap();
        agree(self.0.to_str().unwrap(), text)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some(dir) = self.0.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

#[test]
fn derive_and_loader_agree_on_the_value_table() {
    let table: toml::Table =
        std::fs::read_to_string(workspace("zego-token/rules/tests/config_rules.toml"))
            .unwrap()
            .parse()
            .unwrap();
    let scratch = Scratch::new("values");
    let mut checked = 0;
    for (key, cases) in &table {
        for case in cases.as_array().unwrap() {
            let input = &case["input"];
            let text = match key.as_str() {
                // As strings in the table, so values beyond 64 bits fit;
                // TOML itself has no such integers, so some are syntax errors.
                "app_id" => format!("app_id = {}\n", input.as_str().unwrap()),
                _ => format!("app_id = 1\n{key} = {input}\n"),
            };
            let valid = case
                .get("valid")
                .and_then(toml::Value::as_bool)
                .unwrap_or(case.get("seconds").is_some() || case.get("id").is_some());
            assert_eq!(scratch.agree(&text), valid, "{text}");
            checked += 1;
        }
    }
    assert!(checked > 40, "only {checked} cases");
}

#[test]
fn derive_and_loader_agree_on_a_report_of_many_problems() {
    let scratch = Scratch::new("many");
    let mut text = String::from("app-id = 1\n");
    for i in 0..30 {
        text.push_str(&format!("[profiles.p{i:02}]\nttl = \"soon\"\ncolour = 1\n"));
    }
    assert!(!scratch.agree(&text));
    let path = scratch.0.to_str().unwrap();
    let messages = derive(path, None).unwrap_err();
    // The first problems in the text, each once, then the count of the rest.
    assert_eq!(messages.len(), crate::rules::ConfigProblems::LISTED + 1);
    assert!(messages[0].ends_with(":1:1: unknown key `app-id`: did you mean `app_id`?"));
    assert!(messages[1].ends_with(":3:7: ttl is not a duration: give seconds (3600) or a duration such as \"90s\", \"30m\", \"2h\", \"1d\""));
    assert!(messages[2].contains(":4:1: unknown key `colour`"));
    assert_eq!(messages[20], format!("{path}: and 41 more problems"));
}

/// Values for each key, valid and not.
fn value(key: &'static str) -> BoxedStrategy<String> {
    let pool: &[&str] = match key {
        "app_id" => &["1", "4294967295", "0", "-1", "\"12\"", "4294967296", "1.5"],
        "secret_env" => &[
            "\"ZEGO_DIFF_UNSET_A\"",
            "\"ZEGO_DIFF_UNSET_B\"",
            "\"1BAD\"",
            "\"\"",
            "5",
            "\"fa94dd0f974cf2e293728a526b028271\"",
        ],
        "secret_file" => &["\"/run/secrets/zego\"", "\"zego.secret\"", "\"\"", "3"],
        "secret" => &["\"fa94dd0f974cf2e293728a526b028271\""],
        "callback_secret_env" => &[
            "\"ZEGO_DIFF_CALLBACK_A\"",
            "\"ZEGO_DIFF_CALLBACK_B\"",
            "\"1BAD\"",
            "\"FA94DD0F974CF2E293728A526B028271\"",
        ],
        "callback_secret_file" => &["\"/run/secrets/cb\"", "\"\"", "3"],
        "ttl" => &[
            "3600", "\"2h\"", "\"90s\"", "0", "\"-5m\"", "\"+5s\"", "\"soon\"", "true", "\"24d\"",
            "\"30d\"", "\"30s\"",
        ],
        "mode" => &["\"cbc\"", "\"gcm\"", "\"CBC\"", "1"],
        "product" => &["\"rtc\"", "\"zim\"", "\"rtc+zim\"", "\"im\""],
        "id_charset" => &["\"portable\"", "\"extended\"", "\"wide\""],
        _ => &["5"],
    };
    proptest::sample::select(pool)
        .prop_map(str::to_owned)
        .boxed()
}

/// One table: a few keys (rarely an unknown one), each with a value.
fn table() -> impl Strategy<Value = String> {
    // Every key of a table but `profiles` (nesting is added by `file`),
    // `app_id` more often so that some files are valid, and a typo.
    let mut keys: Vec<&'static str> = crate::rules::CONFIG_KEYS
        .into_iter()
        .filter(|k| *k != "profiles")
        .collect();
    keys.extend(["app_id", "app_id", "ttl_secs"]);
    keys.sort_unstable();
    proptest::sample::subsequence(keys, 0..=5)
        .prop_flat_map(|keys| {
            let mut keys = keys;
            keys.dedup();
            keys.into_iter()
                .map(|k| value(k).prop_map(move |v| format!("{k} = {v}\n")))
                .collect::<Vec<_>>()
        })
        .prop_map(|lines| lines.concat())
}

/// A file: the top level and up to three profiles, one possibly nesting.
fn file() -> impl Strategy<Value = String> {
    (
        table(),
        proptest::collection::vec((table(), any::<bool>()), 0..=3),
        proptest::bool::weighted(0.05),
    )
        .prop_map(|(top, profiles, nested)| {
            let mut text = top;
            for (i, (body, _)) in profiles.iter().enumerate() {
                text.push_str(&format!("\n[profiles.p{i}]\n{body}"));
            }
            if nested && !profiles.is_empty() {
                text.push_str("\n[profiles.p0.profiles.q]\napp_id = 3\n");
            }
            text
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Files that are in no repository.
    #[test]
    fn derive_and_loader_agree_on_generated_files(text in file()) {
        let scratch = Scratch::new("generated");
        scratch.agree(&text);
    }
}
