//! Replays the committed fuzz corpus (`fuzz/corpus/<target>/`) through the
//! very functions the cargo-fuzz targets call (`fuzz/targets.rs`), so every
//! input the fuzzer found interesting stays a regression test under plain
//! `cargo test`, without nightly flags or libFuzzer.

use std::path::Path;

#[path = "../zego-token/fuzz/targets.rs"]
mod targets;

#[test]
fn every_corpus_file_passes_its_target() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../zego-token/fuzz/corpus");
    let mut failures = Vec::new();
    for &(name, target) in targets::TARGETS {
        let dir = corpus.join(name);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.unwrap().path())
            .collect();
        files.sort();
        assert!(
            files.len() >= 5,
            "{name}: only {} corpus files",
            files.len()
        );
        for file in files {
            let data = std::fs::read(&file).unwrap();
            if std::panic::catch_unwind(|| target(&data)).is_err() {
                failures.push(file.display().to_string());
            }
        }
    }
    assert!(
        failures.is_empty(),
        "inputs that fail their target: {failures:#?}"
    );
}
