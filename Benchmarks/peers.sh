#!/usr/bin/env bash
# cpdcert against the peers (../shared/peers, or PEERS): the same certificate drawn by Typst, by
# a hand-written C program over cairo and Pango, and by `cpdcert issue` end to end; then where
# cpdcert's CPU goes, its start-up time and its memory at 100,000 attendees.
#
#   Benchmarks/peers.sh [table|breakdown|startup|memory|all] ...    (default: all)
#   Benchmarks/peers.sh table 1000 5      N certificates, at most 5 timed runs a row
#   Benchmarks/peers.sh breakdown 1000    perf profile of N certificates, peers' design and classic
#   Benchmarks/peers.sh startup 9         N runs of a one-certificate batch
#   Benchmarks/peers.sh memory 100000     peak RSS with --jobs 1 and with the default
#
# It uses the release binary (.build/release/cpdcert; set CPDCERT for another, BUILD=0 to skip
# `swift build -c release`). The peers' folder is copied to PEERS_WORK (default
# /tmp/cpdcert-peers) first, so the shared one is only read. A benchmark, not a test: it prints
# figures (load-independent ones where it can: CPU seconds from wait4, perf's share of samples)
# and checks nothing beyond exit statuses. See docs/performance.md for the figures and the story.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
mode=${1:-all}
[ $# -gt 0 ] && shift
peers=${PEERS:-$root/../shared/peers}
work=${PEERS_WORK:-/tmp/cpdcert-peers}
export CPDCERT=${CPDCERT:-$root/.build/release/cpdcert}
scratch=$(mktemp -d /tmp/cpdcert-peers-bench.XXXXXX)
trap 'rm -rf "$scratch"' EXIT

[ "${BUILD:-1}" = 0 ] || swift build -c release --product cpdcert >&2
if [ ! -x "$work/run-all.sh" ]; then
  mkdir -p "$work" && cp -a "$peers/." "$work/" && chmod -R u+w "$work"
fi

# issue BINARY ATTENDANCE OUT JOBS [TEMPLATE-ARGS...]: the peers' event, template and assets.
issue_peer() {
  local out=$3
  rm -rf "$out" && mkdir -p "$out"
  "$1" issue --event "$work/cpdcert/event.yaml" --attendance "$2" --format canonical --out "$out" \
    --registry "$out/reg.sqlite" --templates "$work/cpdcert/templates" --assets "$work/cpdcert/assets" \
    --keys "$out/no-keys" --jobs "$4" --quiet
}
issue_classic() {
  local out=$3
  rm -rf "$out" && mkdir -p "$out"
  "$1" issue --event Examples/county-lines-2020/event.yaml --attendance "$2" --out "$out" \
    --registry "$out/reg.sqlite" --keys "$out/no-keys" --jobs "$4" --quiet
}

# The peers' attendance CSV for N rows, as gen_cpdcert.sh writes it.
peer_attendance() {
  local n=$1 out=$scratch/peer-$1
  "$work/cpdcert/gen_cpdcert.sh" "$n" "$out" >/dev/null
  echo "$out/attendance.csv"
}

table() {
  local n=${1:-1000} runs=${2:-5}
  (cd "$work" && ONLY=${ONLY:-'cpdcert cpdcert-2proc typst+qrencode c-direct c-lean c-lean-2proc'} SKIP_VERIFY=${SKIP_VERIFY:-1} \
    PEERS_OUT=$scratch/out ./run-all.sh "$n" "$runs")
  cat "$work/results/table.md"
}

# Where the CPU of N certificates goes, by library, from perf's cpu-clock samples (no hardware
# counters needed), in ms per certificate: the share of samples times the run's CPU seconds.
breakdown() {
  local n=${1:-1000}
  command -v perf >/dev/null || { echo "breakdown needs perf (linux-perf)" >&2; return 1; }
  local peer classic
  peer=$(peer_attendance "$n")
  classic=$scratch/classic.csv
  python3 Benchmarks/generate_attendance.py "$n" >"$classic"
  for design in peer classic; do
    local attendance=$peer
    [ $design = classic ] && attendance=$classic
    /usr/bin/time -f '%U %S' -o "$scratch/time" \
      perf record -q -F 1999 -e cpu-clock -o "$scratch/$design.data" -- \
      bash -c "$(declare -f issue_peer issue_classic); work=$work; issue_$design '$CPDCERT' '$attendance' '$scratch/out-$design' 1"
    local issued
    issued=$(($(wc -l <"$scratch/out-$design/manifest.csv") - 1))
    perf report -i "$scratch/$design.data" --no-children --sort dso,sym --stdio -g none --percent-limit 0 2>/dev/null |
      python3 Benchmarks/perf_breakdown.py "$design" "$issued" "$(awk '{print $1 + $2}' "$scratch/time")"
  done
}

# A one-certificate batch, start to exit (wall and CPU), median of N runs; and the time from
# exec to the PDF's rename into place, from strace.
startup() {
  local runs=${1:-9} attendance
  attendance=$(peer_attendance 1)
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %U %S' -o "$scratch/t" bash -c \
      "$(declare -f issue_peer); work=$work; issue_peer '$CPDCERT' '$attendance' '$scratch/one' 1"
    cat "$scratch/t"
  done | sort -n | awk '{ w[NR] = $1; c[NR] = $2 + $3 } END {
      m = int((NR + 1) / 2); printf "one certificate: median wall %.0f ms, CPU %.0f ms (%d runs)\n", w[m] * 1000, c[m] * 1000, NR }'
  if command -v strace >/dev/null; then
    strace -f -ttt -e trace=execve,renameat -o "$scratch/strace" bash -c \
      "$(declare -f issue_peer); work=$work; issue_peer '$CPDCERT' '$attendance' '$scratch/one' 1"
    awk '/execve\(".*cpdcert/ && !start { start = $2 } /renameat\(.*\.pdf"/ && start { printf "exec to first PDF in place (under strace): %.0f ms\n", ($2 - start) * 1000; exit }' "$scratch/strace"
  fi
}

# Peak RSS of a batch of N attendees (Benchmarks/generate_attendance.py, the classic template),
# with one job and with the default, from cpdcert's own JSON summary (its process, and its
# largest render worker's) and from wait4 (/usr/bin/time: the largest process).
memory() {
  local n=${1:-100000}
  python3 Benchmarks/generate_attendance.py "$n" >"$scratch/attendance.csv"
  for jobs in 1 default; do
    local flag=(--jobs "$jobs")
    [ $jobs = default ] && flag=()
    rm -rf "$scratch/mem" && mkdir -p "$scratch/mem"
    /usr/bin/time -f '%e %U %S %M' -o "$scratch/t" "$CPDCERT" issue --json "${flag[@]}" \
      --event Examples/county-lines-2020/event.yaml --attendance "$scratch/attendance.csv" \
      --out "$scratch/mem" --registry "$scratch/mem/reg.sqlite" --keys "$scratch/mem/no-keys" >"$scratch/summary" || [ $? = 65 ]
    read -r wall user sys rss <"$scratch/t"
    tail -n 1 "$scratch/summary" | python3 -c '
import json, sys
s = json.load(sys.stdin); jobs, n, wall, cpu, rss = sys.argv[1:]
worker = s.get("peak_worker_rss_kib")
issued = s.get("issued", s.get("issued_count"))
main = s["peak_rss_kib"] / 1024
print(f"N={n} jobs={jobs}: issued {issued}, wall {float(wall):.0f} s, CPU {float(cpu):.0f} s, "
      f"peak RSS {int(rss) / 1024:.0f} MiB (wait4), main {main:.0f} MiB, "
      f"worker {(worker or 0) / 1024:.0f} MiB")' "$jobs" "$n" "$wall" "$(echo "$user + $sys" | bc)" "$rss"
  done
}

case $mode in
  table) table "$@" ;;
  breakdown) breakdown "$@" ;;
  startup) startup "$@" ;;
  memory) memory "$@" ;;
  all) table 1000 5 && breakdown 1000 && startup 9 && memory 100000 ;;
  *) echo "usage: Benchmarks/peers.sh [table|breakdown|startup|memory|all] ..." >&2; exit 64 ;;
esac
