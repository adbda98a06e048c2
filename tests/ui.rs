//! Compile-time behaviour of `#[derive(ZegoTokenIssuer)]`: every diagnostic
//! pinned by a `.stderr` snapshot, and the forms that must build (and run).
//!
//! Snapshots depend on the rustc version (1.95 here and in CI). To refresh
//! them after an intended change: `TRYBUILD=overwrite cargo test -p tests --test ui`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/pass_*.rs");
    t.compile_fail("ui/fail_*.rs");
}
