//! The README as its readers get it: every code block says its language
//! (so none renders as Rust by accident, and rustdoc compiles exactly the
//! Rust ones), and the `zego.toml` it shows is the file its Rust examples
//! are compiled against (`tests/zego.toml`; `src/lib.rs` includes the
//! README as doctests). The derive's documentation shows the same file.

const README: &str = include_str!("../README.md");
const DERIVE_DOCS: &str = include_str!("../zego-token-macros/src/derive.md");
const ZEGO_TOML: &str = include_str!("zego.toml");

/// Each fenced block: its info string and its text.
fn blocks(markdown: &str) -> Vec<(&str, String)> {
    let mut blocks = Vec::new();
    let mut lines = markdown.lines();
    while let Some(line) = lines.next() {
        let Some(info) = line.strip_prefix("```") else {
            continue;
        };
        let mut text = String::new();
        for line in lines.by_ref() {
            if line == "```" {
                break;
            }
            text.push_str(line);
            text.push('\n');
        }
        blocks.push((info, text));
    }
    blocks
}

#[test]
fn every_code_block_names_its_language() {
    let blocks = blocks(README);
    assert!(blocks.len() >= 5, "only {} blocks", blocks.len());
    for (info, text) in &blocks {
        assert!(!info.is_empty(), "a block without a language:\n{text}");
    }
    let rust = blocks.iter().filter(|(info, _)| info.starts_with("rust"));
    assert!(rust.count() >= 2);
}

#[test]
fn the_zego_toml_shown_is_the_one_compiled_against() {
    for (name, doc) in [("README.md", README), ("derive.md", DERIVE_DOCS)] {
        let shown = blocks(doc)
            .into_iter()
            .find(|(info, text)| *info == "toml" && text.contains("[profiles."))
            .unwrap_or_else(|| panic!("{name} shows no zego.toml"));
        assert_eq!(shown.1, ZEGO_TOML, "{name}");
        assert!(
            doc.contains(r#"#[zego(config = "zego.toml", profile = "staging")]"#),
            "{name}"
        );
    }
}

#[test]
fn the_main_commands_are_shown() {
    for command in ["cargo run --example quickstart", "cargo test --workspace"] {
        assert!(README.contains(command), "{command}");
    }
}
