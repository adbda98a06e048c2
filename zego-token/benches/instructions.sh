#!/usr/bin/env bash
# Instructions per call of each operation and its floor, counted by
# valgrind's callgrind: exact and repeatable even on a busy machine.
#
#   bash zego-token/benches/instructions.sh            # every operation
#   bash zego-token/benches/instructions.sh decode_cbc # just some
#
# Each operation runs twice, with BASE and BASE + 10,000 calls; the
# difference over 10,000 is the cost of one call without the set-up.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v valgrind >/dev/null || { echo "needs valgrind" >&2; exit 1; }
bin=$(cargo bench -p zego-token --bench instructions --no-run --message-format=json 2>/dev/null \
    | sed -n 's/.*"executable":"\([^"]*instructions[^"]*\)".*/\1/p' | tail -1)
[ -x "$bin" ] || { echo "could not build the instructions bench" >&2; exit 1; }
ops=("$@")
[ ${#ops[@]} -gt 0 ] || ops=(issue_basic_cbc floor_cbc issue_basic_gcm floor_gcm
    issue_privilege_cbc floor_privilege_cbc decode_cbc floor_decode_cbc decode_gcm floor_decode_gcm)
base=1000 extra=10000
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$2" 2>&1 \
        | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
for op in "${ops[@]}"; do
    a=$(count "$op" $base)
    b=$(count "$op" $((base + extra)))
    printf '%-22s %6d instructions\n' "$op" $(((b - a) / extra))
done
