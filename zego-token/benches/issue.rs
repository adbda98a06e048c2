//! Minting: basic CBC and GCM tokens, a privilege token, and the floors the
//! ratio targets are measured against (see `common/mod.rs`).
//!
//! `cargo bench -p zego-token --bench issue`

mod common;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn issue(c: &mut Criterion) {
    let fx = common::Fixture::new();
    common::check_floors(&fx);

    let mut group = c.benchmark_group("issue");
    group.throughput(Throughput::Elements(1));
    group.bench_function("basic_cbc", |b| {
        b.iter(|| fx.cbc.issue(black_box(common::USER_ID)).unwrap())
    });
    group.bench_function("basic_gcm", |b| {
        b.iter(|| fx.gcm.issue(black_box(common::USER_ID)).unwrap())
    });
    group.bench_function("privilege_cbc", |b| b.iter(|| fx.issue_privilege_cbc()));
    group.bench_function("floor_cbc", |b| b.iter(|| black_box(&fx.floor_cbc).issue()));
    group.bench_function("floor_gcm", |b| b.iter(|| black_box(&fx.floor_gcm).issue()));
    group.bench_function("floor_privilege_cbc", |b| {
        b.iter(|| black_box(&fx.floor_privilege_cbc).issue())
    });
    group.finish();
}

criterion_group!(benches, issue);
criterion_main!(benches);
