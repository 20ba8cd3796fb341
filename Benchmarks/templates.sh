#!/usr/bin/env bash
# Per-template render time and PDF size, release build.
#
#   Benchmarks/templates.sh [N]        (default N=1000 attendees, about 900 eligible)
#
# For every template in Templates/ it issues N fictional attendees of the example event
# (names in ten scripts, Benchmarks/generate_attendance.py) with that template:
#   - a dry run with one rendering thread: compose, render, hash, no registry or file
#     writes: "ms/cert" is the wall time and "cpu ms" the CPU time of drawing one
#     certificate (a PDF with its fonts subset), the latter steady on a busy machine;
#   - a real run with one job, and one with a job per core (worker processes): certificates
#     per second, with the registry and fsync'd files;
#   - the PDFs' sizes (mean and largest), and where the bytes are (embedded font programs
#     and how many faces, the page's content stream, everything else) from qpdf;
#   - `cpdcert preview` to PNG and to PDF, median wall time of 5 runs, process start included.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
cores=$(nproc)
work=${BENCH_DIR:-$(mktemp -d /tmp/cpdcert-templates.XXXXXX)}
mkdir -p "$work"

swift build -c release --product cpdcert >/dev/null
bin=.build/release/cpdcert
python3 Benchmarks/generate_attendance.py "$n" >"$work/attendance.csv"

# median_ms COMMAND...: the median wall time of 5 runs, in ms.
median_ms() {
  for _ in 1 2 3 4 5; do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    echo $(((end - start) / 1000000))
  done | sort -n | sed -n 3p
}

# breakdown DIR: mean KB of font programs, number of faces, page content and the rest, over the PDFs in DIR.
breakdown() {
  python3 - "$1" <<'PY'
import json, os, subprocess, sys
folder = sys.argv[1]
files = sorted(f for f in os.listdir(folder) if f.endswith(".pdf"))[:20]
totals = {"fonts": 0, "faces": 0, "content": 0, "other": 0}
for name in files:
    path = os.path.join(folder, name)
    data = json.loads(subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", path], capture_output=True, check=True).stdout)
    objects = data["qpdf"][1]
    def length(ref):
        value = objects.get("obj:" + ref, {}).get("stream", {}).get("dict", {}).get("/Length", 0)
        if isinstance(value, str):  # cairo writes /Length as an indirect object
            value = objects.get("obj:" + value, {}).get("value", 0)
        return value
    fonts, contents = set(), set()
    for value in objects.values():
        d = value.get("value") or value.get("stream", {}).get("dict") or {}
        if isinstance(d, dict):
            for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                if key in d: fonts.add(d[key])
            if d.get("/Type") == "/Page":
                c = d.get("/Contents")
                for ref in (c if isinstance(c, list) else [c]):
                    if ref: contents.add(ref)
    font_bytes = sum(length(r) for r in fonts)
    content_bytes = sum(length(r) for r in contents)
    totals["fonts"] += font_bytes; totals["faces"] += len(fonts); totals["content"] += content_bytes
    totals["other"] += os.path.getsize(path) - font_bytes - content_bytes
k = len(files) or 1
print(f"{totals['fonts']/k/1024:6.1f} KB in {totals['faces']/k:4.1f} faces, content {totals['content']/k/1024:5.1f} KB, other {totals['other']/k/1024:5.1f} KB")
PY
}

printf '%-10s %7s %7s %8s %7s %8s %8s %7s %7s  %s\n' template ms/cert "cpu ms" "cert/s@1" "@$cores" "KB mean" "KB max" "png ms" "pdf ms" "where a PDF's bytes are (mean of 20)"
for template in $(ls Templates | sed -n 's/\.yaml$//p'); do
  dir="$work/$template"
  rm -rf "$dir"; mkdir -p "$dir"
  sed "s/^template: .*/template: $template/" Examples/county-lines-2020/event.yaml >"$dir/event.yaml"
  issue() { "$bin" issue --event "$dir/event.yaml" --attendance "$work/attendance.csv" "$@" || [ $? -eq 65 ]; }

  dry=$(/usr/bin/time -f '%U %S' -o "$dir/cpu.txt" "$bin" issue --event "$dir/event.yaml" --attendance "$work/attendance.csv" \
    --dry-run --json --jobs 1 --out "$dir/dry" --registry "$dir/dry.sqlite" | tail -1) || true
  read -r user system <"$dir/cpu.txt"
  read -r ms cpu < <(python3 -c "import json,sys; r=json.loads(sys.argv[1]); n=max(r['issued'],1); print(f\"{r['elapsed_seconds']*1000/n:.2f} {(float(sys.argv[2])+float(sys.argv[3]))*1000/n:.2f}\")" "$dry" "$user" "$system")

  rate() { python3 -c "import json,sys; print(json.loads(sys.stdin.read().splitlines()[-1])['rate_per_second'])"; }
  one=$(issue --json --jobs 1 --out "$dir/out" --registry "$dir/one.sqlite" | rate)
  parallel=$(issue --json --jobs "$cores" --out "$dir/par" --registry "$dir/par.sqlite" | rate)
  sizes=$(find "$dir/out" -name '*.pdf' -printf '%s\n' | awk '{s+=$1; if ($1>m) m=$1} END {printf "%.1f %.1f", s/NR/1024, m/1024}')

  png=$(median_ms "$bin" preview --event "$dir/event.yaml" --out "$dir/preview.png")
  pdf=$(median_ms "$bin" preview --event "$dir/event.yaml" --out "$dir/preview.pdf")
  read -r kb max <<<"$sizes"
  printf '%-10s %7s %7s %8s %7s %8s %8s %7s %7s  %s\n' "$template" "$ms" "$cpu" "$one" "$parallel" "$kb" "$max" "$png" "$pdf" \
    "$(breakdown "$dir/out")"
done
# What one element or one font face costs: classic as shipped, without the logo, without its one
# italic face (the two italic lines set upright), and with one more face (the heading in Noto
# Serif Display). Dry runs with one job, and the size of one PDF.
echo
printf '%-28s %7s %8s\n' "classic variant" "cpu ms" "KB"
variants="$work/variants"
for variant in shipped no-logo no-italic extra-face; do
  rm -rf "$variants"; mkdir -p "$variants/Templates"
  case $variant in
    shipped) cp Templates/classic.yaml "$variants/Templates/" ;;
    no-logo) python3 -c "import re,sys; t=open('Templates/classic.yaml').read(); print(re.sub(r'  - image: logo.svg\n(    .*\n)+', '', t), end='')" >"$variants/Templates/classic.yaml" ;;
    no-italic) sed 's/italic: true/italic: false/' Templates/classic.yaml >"$variants/Templates/classic.yaml" ;;
    extra-face) python3 -c "import sys; t=open('Templates/classic.yaml').read(); print(t.replace('font: { family: serif, size: 32, weight: bold }', 'font: { family: \"Noto Serif Display\", size: 32, weight: bold }'), end='')" >"$variants/Templates/classic.yaml" ;;
  esac
  /usr/bin/time -f '%U %S' -o "$variants/cpu.txt" "$bin" issue --event "$work/classic/event.yaml" --attendance "$work/attendance.csv" \
    --templates "$variants/Templates" --dry-run --json --jobs 1 --out "$variants/dry" --registry "$variants/dry.sqlite" >"$variants/dry.json" || true
  issued=$(python3 -c "import json; print(json.loads(open('$variants/dry.json').read().splitlines()[-1])['issued'])")
  read -r user system <"$variants/cpu.txt"
  "$bin" preview --event "$work/classic/event.yaml" --templates "$variants/Templates" --name "Siân Llywelyn" --out "$variants/one.pdf" >/dev/null
  awk -v name="$variant" -v u="$user" -v s="$system" -v n="$issued" -v bytes="$(stat -c %s "$variants/one.pdf")" \
    'BEGIN { printf "%-28s %7.2f %8.1f\n", name, (u + s) * 1000 / n, bytes / 1024 }'
done
echo "(N=$n attendees; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); work folder: $work)"
