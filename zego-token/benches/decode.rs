//! Reading tokens: decode (CBC, GCM), inspect, and the decode floors
//! (base64-decode + decrypt of the same token, see `common/mod.rs`).
//!
//! `cargo bench -p zego-token --bench decode`

mod common;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn decode(c: &mut Criterion) {
    let fx = common::Fixture::new();
    common::check_floors(&fx);

    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Elements(1));
    group.bench_function("cbc", |b| {
        b.iter(|| fx.verifier.decode(black_box(&fx.token_cbc)).unwrap())
    });
    group.bench_function("gcm", |b| {
        b.iter(|| fx.verifier.decode(black_box(&fx.token_gcm)).unwrap())
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
