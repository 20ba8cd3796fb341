#!/usr/bin/env bash
# Verification-server benchmark: wrk against `cpdcert serve` (release build) over a registry of
# N synthetic certificates, measuring in one run of one server:
#   /healthz (a constant answer: the ceiling), /api/v1/certificates/<random ID> (JSON lookup),
#   /c/<random ID> (the HTML page).
#
#   Benchmarks/server.sh [N]      (default 100000; DURATION=10s CONNECTIONS=50 THREADS=2,
#                                  SERVE_FLAGS="--log-level warning" to leave out the access log)
#
# The registry is built once by cpdcert-synthetic-registry (rows inserted in batches through
# SQLiteCertificateRegistry.insert, no PDFs rendered) and reused from $BENCH_DIR. The server runs
# with its default info logging (to a file) and a rate limit too high to refuse anything, so the
# limiter's cost is counted. Target: the JSON lookup at >= 0.7 of /healthz's rate, p99 < 10 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-50}
threads=${THREADS:-2}
work=${BENCH_DIR:-/tmp/cpdcert-serve-bench}
mkdir -p "$work"
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 1; }

swift build -c release --product cpdcert >/dev/null
swift build -c release --product cpdcert-synthetic-registry >/dev/null
registry="$work/registry-$count.sqlite"
ids="$work/ids-$count.txt"
if [ ! -s "$ids" ] || [ ! -f "$registry" ]; then
  rm -f "$registry" "$registry-wal" "$registry-shm"
  .build/release/cpdcert-synthetic-registry "$registry" "$count" "$ids"
fi

rm -f "$work/serve.out" "$work/serve.log"
.build/release/cpdcert serve --registry "$registry" --port 0 --lookups-per-minute 1000000000 ${SERVE_FLAGS:-} \
  >"$work/serve.out" 2>"$work/serve.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q 'serving http' "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
base=$(grep -o 'http://[0-9.]*:[0-9]*' "$work/serve.out" | head -1)
[ -n "$base" ] || { cat "$work/serve.log" >&2; exit 1; }

# bench SLUG NAME PATH [PREFIX]: a short warm-up, then the measured run; prints one row.
bench() {
  local slug=$1 name=$2 path=$3 prefix=${4:-}
  local script=()
  [ -n "$prefix" ] && script=(-s Benchmarks/random-id.lua)
  IDS="$ids" PREFIX="$prefix" wrk -t"$threads" -c"$connections" -d2s "${script[@]}" "$base$path" >/dev/null
  IDS="$ids" PREFIX="$prefix" wrk -t"$threads" -c"$connections" -d"$duration" --latency "${script[@]}" "$base$path" >"$work/wrk-$slug.txt"
  awk -v name="$name" '
    /Requests\/sec:/ { rate = $2 }
    /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
    /Non-2xx or 3xx responses:/ { errors = $NF }
    END { printf "%-26s %10.0f %9s %9s %8s\n", name, rate, p50, p99, errors + 0 }' "$work/wrk-$slug.txt"
}

echo "cpdcert serve ${SERVE_FLAGS:-}, $count certificates, wrk -t$threads -c$connections -d$duration, $(nproc) cores shared by server and wrk"
printf '%-26s %10s %9s %9s %8s\n' endpoint 'req/s' p50 p99 non-2xx
{
  bench healthz /healthz /healthz
  bench api '/api/v1/certificates/<id>' / /api/v1/certificates/
  bench page '/c/<id>' / /c/
} | tee "$work/results.txt"
awk 'NR == 1 { health = $2 } NR == 2 { printf "JSON lookup / healthz = %.2f (target >= 0.70)\n", $(NF-3) / health }' "$work/results.txt"
