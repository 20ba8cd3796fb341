#!/usr/bin/env bash
# Times `cpdcert audit verify` on an existing registry (default: the one Benchmarks/run.sh left
# in $BENCH_DIR) and measures the size of a proof and an offline bundle.
#
#   Benchmarks/audit.sh [REGISTRY]
set -euo pipefail
cd "$(dirname "$0")/.."
registry=${1:-${BENCH_DIR:-/tmp/bench}/registry.sqlite}
work=$(mktemp -d /tmp/cpdcert-audit.XXXXXX)
swift build -c release --product cpdcert >/dev/null
bin=.build/release/cpdcert
export CPDCERT_REGISTRY=$registry CPDCERT_KEYS=$work/keys
$bin keys init --name bench.example.org/cpdcert >/dev/null
$bin log checkpoint >/dev/null
count=$(sqlite3 "$registry" 'SELECT COUNT(*) FROM certificate')
entries=$(sqlite3 "$registry" 'SELECT COUNT(*) FROM log_entry')
id=$(sqlite3 "$registry" 'SELECT id FROM certificate ORDER BY id LIMIT 1 OFFSET 777')
/usr/bin/time -f '%e s wall, %U s user, %M KB peak RSS' -o "$work/time.txt" $bin audit verify >"$work/audit.txt" || true
echo "audit verify over $count certificates, $entries log entries: $(cat "$work/time.txt")"
tail -1 "$work/audit.txt"
$bin proof "$id" >"$work/proof.json"
$bin bundle "$id" --out "$work/bundle.json" >/dev/null
echo "proof of one certificate: $(wc -c <"$work/proof.json") bytes ($(grep -c '"' "$work/proof.json" >/dev/null; python3 -c "import json;p=json.load(open('$work/proof.json'));print(len(p['entries'][0]['inclusion_proof']), 'hashes in the audit path')"))"
echo "offline bundle: $(wc -c <"$work/bundle.json") bytes"
/usr/bin/time -f '%e s' -o "$work/vb.txt" $bin verify-bundle "$work/bundle.json" >/dev/null
echo "verify-bundle: $(cat "$work/vb.txt")"
rm -rf "$work"
