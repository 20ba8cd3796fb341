#!/usr/bin/env bash
# Times `cpdcert eligibility` (release build) on a generated Zoom webinar attendee report.
#   Benchmarks/eligibility.sh            # 10,000 attendee rows, 5 runs
#   ROWS=50000 RUNS=3 Benchmarks/eligibility.sh
# A benchmark, not a test: it prints timings and checks nothing beyond the exit status.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${ROWS:-10000}
runs=${RUNS:-5}

swift build -c release --product cpdcert >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 Benchmarks/zoom_webinar_report.py "$rows" > "$work/zoom.csv"
echo "report: $rows attendee rows, $(wc -c < "$work/zoom.csv") bytes"

TIMEFORMAT='%R s elapsed, %U s user'
for run in $(seq "$runs"); do
  printf 'run %s: ' "$run"
  { time ./.build/release/cpdcert eligibility --event Examples/county-lines-2020/event.yaml \
      --attendance "$work/zoom.csv" --json > "$work/report.json"; } 2>&1
done
python3 - "$work/report.json" <<'PY'
import json, sys
totals = json.load(open(sys.argv[1]))["totals"]
print("people {people}, eligible {eligible}, not eligible {ineligible}, rows rejected {rejected_rows}".format(**totals))
PY
