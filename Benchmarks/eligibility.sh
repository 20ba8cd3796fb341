#!/usr/bin/env bash
# Times `cpdcert eligibility` (release build) on a generated Zoom webinar attendee report, then
# on one event's attendance from three sources plus a roster (Benchmarks/attendance_sources.py:
# a Zoom report with emails, Teams' names-only list and telephone dial-ins by name), with its
# time and peak memory from /usr/bin/time -v.
#   Benchmarks/eligibility.sh            # 10,000 attendee rows, 5 runs; 100,000 rows from three sources
#   ROWS=50000 RUNS=3 SOURCE_ROWS=200000 Benchmarks/eligibility.sh
# A benchmark, not a test: it prints timings and checks nothing beyond the exit status.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${ROWS:-10000}
runs=${RUNS:-5}
source_rows=${SOURCE_ROWS:-100000}

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

python3 Benchmarks/attendance_sources.py "$source_rows" "$work"
echo "three sources: $source_rows rows ($(wc -l < "$work/zoom.csv") + $(wc -l < "$work/teams.csv") + $(wc -l < "$work/phone.csv") lines), roster of $(($(wc -l < "$work/roster.csv") - 1)) bookings"
for run in $(seq "$runs"); do
  /usr/bin/time -f "run $run: %e s elapsed, %U s user, peak memory %M KB" ./.build/release/cpdcert eligibility \
    --event Examples/county-lines-2020/event.yaml --json --roster "$work/roster.csv" \
    --attendance "$work/zoom.csv" --attendance "$work/teams.csv" --attendance "$work/phone.csv" > "$work/sources.json"
done
python3 - "$work/sources.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
print("people {people}, eligible {eligible}, not eligible {ineligible}, rows rejected {rejected_rows}".format(**report["totals"]))
print("sources:", ", ".join(f'{s["format"]}' for s in report["sources"]))
PY
