#!/usr/bin/env bash
# Batch benchmark: cpdcert (release) against a plain C program that draws the same certificate
# with the same Cairo, Pango, librsvg and libqrencode calls, run side by side on this machine.
#
#   Benchmarks/run.sh [N ...]          (default: 1000 10000 100000)
#   BENCH_PARALLEL="2" Benchmarks/run.sh 100000    (only some parallelisms; default "1 <cores>")
#
# For each N it issues N fictional attendees of the example event into a fresh registry and
# folder, with 1 and with all cores, and runs the C program with 1 and with all processes.
# Parallelism 1 runs pinned to one core (taskset -c 0), both programs: that is the single-core
# rate. (cpdcert with one rendering job still records, hashes and writes on other threads, so
# unpinned it borrows a second core for that work; BENCH_PIN=0 runs it unpinned to see that.)
# It prints certificates per second, CPU ms per certificate, peak RSS and KB per PDF, and the
# ratios that matter: cpdcert / C at the same parallelism, and all cores / one core.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
cores=$(nproc)
work=${BENCH_DIR:-$(mktemp -d /tmp/cpdcert-bench.XXXXXX)}
mkdir -p "$work"

swift build -c release --product cpdcert >/dev/null
cc -O2 -o "$work/c-baseline" Benchmarks/c-baseline/certificate.c \
  $(pkg-config --cflags --libs pangocairo libqrencode librsvg-2.0)

# run NAME N PARALLEL COMMAND...: times COMMAND, counts the PDFs it wrote, prints one row.
run() {
  local name=$1 n=$2 parallel=$3 out=$4; shift 4
  local stats="$work/time.txt" pin=()
  [ "$parallel" = 1 ] && [ "${BENCH_PIN:-1}" = 1 ] && pin=(taskset -c 0)
  "${pin[@]}" /usr/bin/time -f '%e %U %S %M' -o "$stats" "$@" >"$work/stdout.txt" 2>"$work/stderr.txt" || {
    status=$?; if [ $status -ne 65 ]; then cat "$work/stderr.txt" >&2; exit $status; fi; }
  read -r wall user sys rss <"$stats"
  # cpdcert's JSON summary gives its own peak and its largest render worker's (KiB).
  local parent=- worker=-
  if [ "$name" = cpdcert ]; then
    parent=$(tail -n 1 "$work/stdout.txt" | python3 -c 'import json,sys; s=json.load(sys.stdin); print(round(s["peak_rss_kib"]/1024))')
    worker=$(tail -n 1 "$work/stdout.txt" | python3 -c 'import json,sys; s=json.load(sys.stdin); w=s["peak_worker_rss_kib"]; print(round(w/1024) if w else "-")')
  fi
  local count bytes
  count=$(find "$out" -name '*.pdf' | wc -l)
  bytes=$(find "$out" -name '*.pdf' -printf '%s\n' | awk '{s+=$1} END {print s+0}')
  awk -v name="$name" -v n="$n" -v p="$parallel" -v c="$count" -v w="$wall" -v u="$user" -v s="$sys" \
      -v r="$rss" -v b="$bytes" -v pm="$parent" -v wm="$worker" 'BEGIN {
        printf "%-8s %7d %3d %7d %9.1f %9.2f %8.0f %8.1f %8s %8s\n", name, n, p, c, c / w, (u + s) * 1000 / c, r / 1024, b / c / 1024, pm, wm }'
}

# rss-MB is the largest process's peak (as /usr/bin/time reports it, for both programs);
# main-MB and worker-MB split cpdcert's into its own and its largest render worker's.
printf '%-8s %7s %3s %7s %9s %9s %8s %8s %8s %8s\n' program N par pdfs certs/s cpu-ms/c rss-MB KB/pdf main-MB worker-MB
for n in "${sizes[@]}"; do
  python3 Benchmarks/generate_attendance.py "$n" >"$work/attendance-$n.csv"
  for parallel in ${BENCH_PARALLEL:-1 $cores}; do
    rm -rf "$work/out" "$work/registry.sqlite"*
    run cpdcert "$n" "$parallel" "$work/out" .build/release/cpdcert issue --json --jobs "$parallel" \
      --event Examples/county-lines-2020/event.yaml --attendance "$work/attendance-$n.csv" \
      --out "$work/out" --registry "$work/registry.sqlite"
    rm -rf "$work/out"; mkdir -p "$work/out"
    # The C program draws as many certificates as cpdcert issued (the eligible ones).
    eligible=$(python3 -c "import csv,sys; print(sum(1 for r in csv.DictReader(open('$work/attendance-$n.csv')) if float(r['minutes_attended']) >= 157.5))")
    run c "$n" "$parallel" "$work/out" "$work/c-baseline" "$work/out" "$eligible" "$parallel"
  done
done | tee "$work/results.txt"

echo
echo "Ratios (cpdcert rate / C rate at the same parallelism; all cores / one core):"
awk '{ key = $2 " " $3; rate[$1 " " key] = $5; ns[$2] = 1; ps[$3] = 1 }
  END {
    for (n in ns) for (p in ps) if (("cpdcert " n " " p) in rate)
      printf "  N=%-7s par=%s  cpdcert/C = %.2f\n", n, p, rate["cpdcert " n " " p] / rate["c " n " " p]
    for (n in ns) {
      one = rate["cpdcert " n " 1"]; if (!one) continue
      for (p in ps) if (p != 1 && ("cpdcert " n " " p) in rate)
        printf "  N=%-7s cpdcert %s cores / 1 core = %.2f   (C: %.2f)\n", n, p, rate["cpdcert " n " " p] / one, rate["c " n " " p] / rate["c " n " 1"]
    }
  }' "$work/results.txt" | sort
echo "(work folder: $work)"
