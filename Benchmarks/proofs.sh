#!/usr/bin/env bash
# Proof benchmark: inclusion and consistency proofs (as `cpdcert serve` makes them, from the
# stored tree) timed over registries of 10,000 and 1,000,000 log entries, to show their cost is
# flat in the log's size; and, at 10,000, the algorithm cpdcert used before (every leaf read,
# the tree rebuilt per proof) for comparison.
#
#   Benchmarks/proofs.sh [SIZES]     (default "10000 1000000"; PROOFS=1000 OLD=50)
#
# Each registry is built once by cpdcert-proof-benchmark (attendance records inserted in batches
# through SQLiteCertificateRegistry, so each append writes its subtree hashes as issuing does) and
# reused from $BENCH_DIR. Figures are per proof: median, p90, p99 in µs.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-10000 1000000}
proofs=${PROOFS:-1000}
old=${OLD:-50}
work=${BENCH_DIR:-/tmp/cpdcert-proof-bench}
mkdir -p "$work"
swift build -c release --product cpdcert-proof-benchmark >/dev/null
for size in $sizes; do
  echo "== $size entries"
  flags=()
  [ "$size" -le 100000 ] && flags=(--old "$old")
  ./.build/release/cpdcert-proof-benchmark "$work/registry-$size.sqlite" "$size" "$proofs" "${flags[@]}"
done
