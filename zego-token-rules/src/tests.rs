//! The rules against the table of cases in `tests/config_rules.toml`
//! (`tests/config.rs` runs the same table through the run-time loader).

use crate as rules;

#[test]
fn rules_pass_the_shared_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/config_rules.toml");
    let table: toml::Table = std::fs::read_to_string(path).unwrap().parse().unwrap();
    let mut checked = 0;
    for case in table["ttl"].as_array().unwrap() {
        let got = match &case["input"] {
            toml::Value::Integer(i) => rules::ttl_seconds(i128::from(*i)),
            toml::Value::String(s) => rules::ttl_text(s),
            other => panic!("bad case {other}"),
        };
        assert_eq!(
            got.ok(),
            case.get("seconds").and_then(toml::Value::as_integer),
            "ttl {case}"
        );
        checked += 1;
    }
    for case in table["app_id"].as_array().unwrap() {
        let input: i128 = case["input"].as_str().unwrap().parse().unwrap();
        let expected = case
            .get("id")
            .and_then(toml::Value::as_integer)
            .map(|i| u32::try_from(i).unwrap());
        assert_eq!(rules::app_id(input).ok(), expected, "app_id {case}");
        checked += 1;
    }
    for (key, rule) in [
        ("mode", rules::mode as fn(&str) -> _),
        ("product", rules::product),
    ] {
        for case in table[key].as_array().unwrap() {
            let ok = case["valid"].as_bool().unwrap();
            assert_eq!(
                rule(case["input"].as_str().unwrap()).is_ok(),
                ok,
                "{key} {case}"
            );
            checked += 1;
        }
    }
    for case in table["secret_env"].as_array().unwrap() {
        let ok = case["valid"].as_bool().unwrap();
        assert_eq!(
            rules::env_var_name(case["input"].as_str().unwrap()).is_ok(),
            ok,
            "secret_env {case}"
        );
        checked += 1;
    }
    assert!(checked > 30, "only {checked} cases");
}

#[test]
fn suggestions_pick_plausible_typos_only() {
    let keys = rules::ATTR_KEYS;
    assert_eq!(rules::closest("appid", &keys), Some("app_id"));
    assert_eq!(rules::closest("ttl_s", &keys), Some("ttl"));
    assert_eq!(rules::closest("secret_evn", &keys), Some("secret_env"));
    assert_eq!(rules::closest("profiles", &keys), Some("profile"));
    assert_eq!(rules::closest("ttl_secs", &keys), Some("ttl"));
    assert_eq!(
        rules::closest("secret_evn", &["secret", "secret_env"]),
        Some("secret_env")
    );
    assert_eq!(rules::closest("banana", &keys), None);
}

#[test]
fn positions_are_one_based_and_count_characters() {
    let text = "a = 1\nzoë = \"x\"\n";
    assert_eq!(rules::line_column(text, 0), (1, 1));
    assert_eq!(rules::line_column(text, 6), (2, 1));
    // `=` after "zoë " (ë is two bytes).
    assert_eq!(rules::line_column(text, 11), (2, 5));
    assert_eq!(rules::line_column(text, 999), (3, 1));
}

#[test]
fn unknown_keys_get_a_suggestion() {
    assert_eq!(
        rules::describe_toml_error("unknown field `ttl_s`, expected one of `app_id`"),
        "unknown key `ttl_s`: did you mean `ttl`?"
    );
    assert!(
        rules::describe_toml_error("unknown field `zzzzzzzzzz`, expected")
            .starts_with("unknown key `zzzzzzzzzz`: expected one of app_id,")
    );
}
