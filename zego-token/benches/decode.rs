//! Reading tokens: decrypt and parse the claims (CBC, GCM; a token this
//! crate minted, and one ZEGO's UIKit SDK minted, with another key order
//! and no payload), inspect, and the decode floors (base64-decode + decrypt
//! of the same token, see `common/mod.rs`).
//!
//! `cargo bench -p zego-token --bench decode`

mod common;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use zego_token::{KitToken, ServerSecret, Verifier};

/// The first kit token of `tests/data/uikit_prebuilt.json`: its token04
/// (another generator's key order, no payload) and a verifier for it.
fn uikit_sdk_token() -> (Verifier, String) {
    let data: serde_json::Value =
        serde_json::from_str(include_str!("../../tests/data/uikit_prebuilt.json")).unwrap();
    let secret = ServerSecret::new(data["secret"].as_str().unwrap()).unwrap();
    let kit = KitToken::parse(data["tokens"][0]["kit_token"].as_str().unwrap()).unwrap();
    (Verifier::for_any_app(secret), kit.token().to_owned())
}

fn decode(c: &mut Criterion) {
    let fx = common::Fixture::new();
    common::check_floors(&fx);

    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Elements(1));
    group.bench_function("cbc", |b| {
        b.iter(|| fx.verifier.decrypt(black_box(&fx.token_cbc)).unwrap())
    });
    let (uikit_verifier, uikit_token) = uikit_sdk_token();
    group.bench_function("cbc_uikit_sdk", |b| {
        b.iter(|| uikit_verifier.decrypt(black_box(&uikit_token)).unwrap())
    });
    group.bench_function("gcm", |b| {
        b.iter(|| fx.verifier.decrypt(black_box(&fx.token_gcm)).unwrap())
    });
    group.bench_function("inspect", |b| {
        b.iter(|| zego_token::inspect(black_box(&fx.token_cbc)).unwrap())
    });
    group.bench_function("floor_cbc", |b| {
        b.iter(|| black_box(&fx.floor_cbc).decode())
    });
    group.bench_function("floor_gcm", |b| {
        b.iter(|| black_box(&fx.floor_gcm).decode())
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
