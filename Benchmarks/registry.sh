#!/usr/bin/env bash
# The registry's storage, side by side in one run: `cpdcert issue` (release) of N fictional
# attendees of the example event into a SQLite file and into a PostgreSQL database, with the same
# options, alternating, median of R runs; certificates per second and CPU seconds per 1,000
# (cpdcert's own, from /usr/bin/time; PostgreSQL's server is a process of its own and not counted).
#
#   Benchmarks/registry.sh [N] [R]            (default 1000 3)
#   BENCH_JOBS=1 Benchmarks/registry.sh 1000  (render jobs; default every core)
#
# PostgreSQL: the server CPDCERT_TEST_POSTGRES names (an admin URL), else a throwaway cluster
# (Tests/with-postgres.sh, fsync off as in the tests: the SQLite runs keep cpdcert's fsyncs).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${CPDCERT_TEST_POSTGRES:-}" ]; then exec Tests/with-postgres.sh "$0" "$@"; fi
n=${1:-1000} runs=${2:-3} jobs=${BENCH_JOBS:-$(nproc)}
work=$(mktemp -d /tmp/cpdcert-registry-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
[ "${BUILD:-1}" = 0 ] || swift build -c release --product cpdcert >/dev/null
binary=.build/release/cpdcert
python3 Benchmarks/generate_attendance.py "$n" >"$work/attendance.csv"
event=Examples/county-lines-2020/event.yaml

# one STORAGE RUN: issues into a fresh registry, prints "seconds cpu-seconds certificates".
one() {
  local storage=$1 run=$2 registry
  if [ "$storage" = sqlite ]; then
    registry="$work/r$run.sqlite"
  else
    psql -X -q -d "$CPDCERT_TEST_POSTGRES" -c "CREATE DATABASE bench_$run"
    registry=$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' \
      "$CPDCERT_TEST_POSTGRES" "bench_$run")
    "$binary" registry init --registry "$registry" >/dev/null
  fi
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$binary" issue --event "$event" --attendance "$work/attendance.csv" \
    --out "$work/out-$storage-$run" --registry "$registry" --jobs "$jobs" --quiet 2>/dev/null || [ $? -eq 65 ]
  local count; count=$(find "$work/out-$storage-$run" -name '*.pdf' | wc -l)
  read -r wall user sys <"$work/time"
  echo "$wall $(awk -v u="$user" -v s="$sys" "BEGIN { print u + s }") $count"
  rm -rf "$work/out-$storage-$run" "$work/r$run.sqlite"*
  [ "$storage" = sqlite ] || psql -X -q -d "$CPDCERT_TEST_POSTGRES" -c "DROP DATABASE bench_$run"
}

for run in $(seq 1 "$runs"); do
  for storage in sqlite postgres; do one "$storage" "$run" >>"$work/$storage.txt"; done
done
echo "N = $n, --jobs $jobs, median of $runs (alternating runs)"
printf '%-12s %14s %18s %8s\n' storage "certificates/s" "CPU s per 1,000" issued
for storage in sqlite postgres; do
  sort -n "$work/$storage.txt" | awk -v name="$storage" -v runs="$runs" '
    { wall[NR] = $1; cpu[NR] = $2; count = $3 }
    END { m = int((runs + 1) / 2); printf "%-12s %14.0f %18.2f %8d\n", name, count / wall[m], cpu[m] / count * 1000, count }'
done
