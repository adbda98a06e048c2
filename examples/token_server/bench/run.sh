#!/usr/bin/env bash
# Throughput and latency of examples/token_server next to a minimal Node.js
# token server (node_server.js beside this script: Node's `http` + `crypto`,
# token04 CBC), measured side by side in one run with wrk.
#
#   examples/token_server/bench/run.sh              # from the workspace root
#   DURATION=10 ROUNDS=3 CONNECTIONS="16 256" examples/token_server/bench/run.sh
#
# Needs wrk (Debian/Ubuntu: `sudo apt-get install -y wrk`; macOS: `brew
# install wrk`) and node; skips with exit 0 when either is missing. Builds
# our server with --release. Load goes to 127.0.0.1 only and every wrk run
# lasts DURATION seconds. Each round measures both servers at each
# concurrency back to back, so both see the same machine; the summary is the
# median of the rounds. Both servers log nothing per request (ours runs with
# RUST_LOG=warn). Ours uses every core (tokio's default); Node, as usual,
# one process.
set -euo pipefail

DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-"16 256"}
WRK_THREADS=${WRK_THREADS:-2}
RUST_PORT=${RUST_PORT:-18080}
NODE_PORT=${NODE_PORT:-18081}

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)

for tool in wrk node; do
    if ! command -v "$tool" >/dev/null; then
        echo "bench: $tool is not installed; skipping (wrk: apt-get install -y wrk / brew install wrk)"
        exit 0
    fi
done

cd "$root"
cargo build --release --quiet -p token-server-example --example token_server
target=$(cargo metadata --format-version 1 --no-deps | node -e \
    'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')
server="$target/release/examples/token_server"

# A throwaway app: the benchmark measures minting, not a real app's secret.
export ZEGO_APP_ID=1234567890
export ZEGO_SERVER_SECRET=fa94dd0f974cf2e293728a526b028271
export TOKEN_SERVER_API_KEY=bench-key-7f3a9c2e5b1d4f6a8c0e2b4d6f8a1c3e
unset ZEGO_CONFIG ZEGO_PROFILE LISTEN_ADDR PORT CORS_ORIGIN

pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT

RUST_LOG=warn "$server" --listen "127.0.0.1:$RUST_PORT" &
pids+=($!)
node "$here/node_server.js" "$NODE_PORT" &
pids+=($!)

for port in "$RUST_PORT" "$NODE_PORT"; do
    for _ in $(seq 50); do
        curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
        sleep 0.2
    done
    body=$(curl -sf -H "Authorization: Bearer $TOKEN_SERVER_API_KEY" \
        "http://127.0.0.1:$port/v1/token?user_id=bench_user")
    case "$body" in
        '{"token":"04'*) ;;
        *) echo "bench: the server on port $port did not mint a token: $body" >&2; exit 1 ;;
    esac
done

# wrk's latency ("123.45us", "1.20ms", "1.00s") in milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0
        if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n *= 1; else if (v ~ /s$/) n *= 1000
        printf "%.2f", n
    }'
}

results=$(mktemp)
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'), wrk -t$WRK_THREADS -d${DURATION}s, $ROUNDS round(s)"
printf '%-6s %-5s %-5s %12s %9s %9s\n' round c server req/s p50_ms p99_ms
for round in $(seq "$ROUNDS"); do
    for c in $CONNECTIONS; do
        for name in ours node; do
            port=$RUST_PORT
            [ "$name" = node ] && port=$NODE_PORT
            out=$(wrk -t"$WRK_THREADS" -c"$c" -d"${DURATION}s" --latency \
                -H "Authorization: Bearer $TOKEN_SERVER_API_KEY" \
                "http://127.0.0.1:$port/v1/token?user_id=bench_user")
            if grep -q 'Non-2xx' <<<"$out"; then
                echo "bench: $name answered errors at c=$c:" >&2
                echo "$out" >&2
                exit 1
            fi
            rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
            p50=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")
            p99=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
            printf '%-6s %-5s %-5s %12s %9s %9s\n' "$round" "$c" "$name" "$rps" "$p50" "$p99"
            echo "$c $name $rps $p50 $p99" >>"$results"
        done
    done
done

echo
echo "median of $ROUNDS round(s):"
median() { # concurrency server column
    awk -v c="$1" -v s="$2" -v k="$3" '$1 == c && $2 == s {print $k}' "$results" |
        sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'
}
printf '%-5s %-5s %12s %9s %9s\n' c server req/s p50_ms p99_ms
for c in $CONNECTIONS; do
    for name in ours node; do
        printf '%-5s %-5s %12s %9s %9s\n' "$c" "$name" \
            "$(median "$c" "$name" 3)" "$(median "$c" "$name" 4)" "$(median "$c" "$name" 5)"
    done
done
for c in $CONNECTIONS; do
    awk -v r="$(median "$c" ours 3)" -v n="$(median "$c" node 3)" -v c="$c" \
        'BEGIN {printf "c=%s: ours / node = %.1fx req/s\n", c, r / n}'
done
rm -f "$results"
