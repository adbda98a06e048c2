//! Runs one operation a given number of times, for instruction counts
//! under `valgrind --tool=callgrind`, which repeat exactly even on a busy
//! machine (timings do not). `benches/instructions.sh` runs every
//! operation twice, with N and N + 10,000 calls, and prints the difference
//! divided by 10,000: the cost of one call, without the set-up.
//!
//! `instructions OPERATION CALLS`, where OPERATION is one of [`OPERATIONS`].

mod common;

use std::hint::black_box;

/// Every operation this binary can run, ours and their floors.
const OPERATIONS: [&str; 10] = [
    "issue_basic_cbc",
    "floor_cbc",
    "issue_basic_gcm",
    "floor_gcm",
    "issue_privilege_cbc",
    "floor_privilege_cbc",
    "decode_cbc",
    "floor_decode_cbc",
    "decode_gcm",
    "floor_decode_gcm",
];

fn main() {
    // `cargo bench` with no filter runs every bench with `--bench`: this one
    // measures nothing on its own, so it says how to use it and succeeds.
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let (Some(operation), Some(calls)) = (args.next(), args.next()) else {
        eprintln!(
            "instructions: run by benches/instructions.sh under callgrind; \
             usage: instructions OPERATION CALLS, operations: {OPERATIONS:?}"
        );
        return;
    };
    let calls: u64 = calls.parse().expect("CALLS is a number");
    let fx = common::Fixture::new();
    common::check_floors(&fx);
    let user = common::USER_ID;
    let run = |f: &mut dyn FnMut()| {
        for _ in 0..calls {
            f();
        }
    };
    match operation.as_str() {
        "issue_basic_cbc" => run(&mut || drop(black_box(fx.cbc.issue(black_box(user)).unwrap()))),
        "floor_cbc" => run(&mut || drop(black_box(black_box(&fx.floor_cbc).issue()))),
        "issue_basic_gcm" => run(&mut || drop(black_box(fx.gcm.issue(black_box(user)).unwrap()))),
        "floor_gcm" => run(&mut || drop(black_box(black_box(&fx.floor_gcm).issue()))),
        "issue_privilege_cbc" => run(&mut || drop(black_box(fx.issue_privilege_cbc()))),
        "floor_privilege_cbc" => {
            run(&mut || drop(black_box(black_box(&fx.floor_privilege_cbc).issue())))
        }
        "decode_cbc" => run(&mut || {
            drop(black_box(
                fx.verifier.decrypt(black_box(&fx.token_cbc)).unwrap(),
            ))
        }),
        "floor_decode_cbc" => run(&mut || {
            black_box(black_box(&fx.floor_cbc).decode());
        }),
        "decode_gcm" => run(&mut || {
            drop(black_box(
                fx.verifier.decrypt(black_box(&fx.token_gcm)).unwrap(),
            ))
        }),
        "floor_decode_gcm" => run(&mut || {
            black_box(black_box(&fx.floor_gcm).decode());
        }),
        other => {
            eprintln!("unknown operation {other:?}; operations: {OPERATIONS:?}");
            std::process::exit(2);
        }
    }
}
