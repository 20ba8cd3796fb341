#!/usr/bin/env bash
# The registry's storage, side by side in one run: `cpdcert issue` (release) of N fictional
# attendees of the example event into a SQLite file, into a PostgreSQL database, and by two
# runners started together on one PostgreSQL database (sharing the event's work, each with its own
# --out), with the same options, alternating, median of R runs; certificates per second and CPU
# seconds per 1,000: cpdcert's own (from /usr/bin/time, both runners' together), and in a column
# of its own the PostgreSQL server's (its processes share this machine's cores).
#
#   Benchmarks/registry.sh [N] [R]            (default 1000 3)
#   BENCH_JOBS=1 Benchmarks/registry.sh 1000  (render jobs of each runner; default every core)
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

# CPU seconds the PostgreSQL server has used so far (the postmaster and every backend it reaped:
# stat's utime, stime, cutime, cstime); 0 when the server is not a cluster of Tests/with-postgres.sh.
server_cpu() {
  local pidfile="${CPDCERT_TEST_POSTGRES_DATA:-/nonexistent}/postmaster.pid"
  [ -r "$pidfile" ] || { echo 0; return; }
  local pid; pid=$(head -1 "$pidfile")
  # Backends still running count too (their own times are not yet in the postmaster's).
  local total=0 ticks; ticks=$(getconf CLK_TCK)
  for p in $pid $(pgrep -P "$pid"); do
    [ -r "/proc/$p/stat" ] || continue
    total=$((total + $(awk '{ sub(/.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$p/stat")))
  done
  awk -v t="$total" -v k="$ticks" 'BEGIN { printf "%.2f", t / k }'
}

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
  local runners=1
  [ "$storage" = postgres-2 ] && runners=2
  local start server; start=$(date +%s.%N) server=$(server_cpu)
  for r in $(seq 1 "$runners"); do
    /usr/bin/time -f "%e %U %S" -o "$work/time$r" "$binary" issue --event "$event" --attendance "$work/attendance.csv" \
      --out "$work/out-$storage-$run/$r" --registry "$registry" --jobs "$jobs" --quiet 2>/dev/null &
  done
  wait
  local wall; wall=$(echo "$(date +%s.%N) - $start" | bc)
  local count; count=$(find "$work/out-$storage-$run" -name '*.pdf' | wc -l)
  local cpu; cpu=$(cat "$work"/time? | awk '{ cpu += $2 + $3 } END { print cpu }')
  rm -f "$work"/time?
  [ "$storage" = sqlite ] && server=0 || server=$(awk -v a="$server" -v b="$(server_cpu)" 'BEGIN { print b - a }')
  echo "$wall $cpu $count $server"
  rm -rf "$work/out-$storage-$run" "$work/r$run.sqlite"*
  [ "$storage" = sqlite ] || psql -X -q -d "$CPDCERT_TEST_POSTGRES" -c "DROP DATABASE bench_$run"
}

for run in $(seq 1 "$runs"); do
  for storage in sqlite postgres postgres-2; do one "$storage" "$run" >>"$work/$storage.txt"; done
done
echo "N = $n, --jobs $jobs, median of $runs (alternating runs)"
printf '%-12s %14s %18s %8s %26s\n' storage "certificates/s" "CPU s per 1,000" issued "server CPU s per 1,000"
for storage in sqlite postgres postgres-2; do
  sort -n "$work/$storage.txt" | awk -v name="$storage" -v runs="$runs" '
    { wall[NR] = $1; cpu[NR] = $2; count = $3; server[NR] = $4 }
    END { m = int((runs + 1) / 2); printf "%-12s %14.0f %18.2f %8d %26.2f\n", name, count / wall[m], cpu[m] / count * 1000, count, server[m] / count * 1000 }'
done
