#!/usr/bin/env bash
# Remakes the README's pictures of the shipped templates (docs/templates/): for each template, a
# certificate issued for the example event and rasterised by poppler (not by cpdcert, so the
# picture is what a PDF viewer shows), and the contact sheet from `cpdcert preview --all-templates`.
#
#   docs/pictures.sh [BINARY]     (default: .build/debug/cpdcert, built first)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-}
if [ -z "$bin" ]; then swift build --product cpdcert >/dev/null; bin=.build/debug/cpdcert; fi
work=$(mktemp -d /tmp/cpdcert-pictures.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p docs/templates
for template in $(ls Templates | sed -n 's/\.yaml$//p'); do
  sed "s/^template: .*/template: $template/" Examples/county-lines-2020/event.yaml >"$work/$template.yaml"
  "$bin" issue --quiet --event "$work/$template.yaml" --attendance Examples/county-lines-2020/attendance.csv \
    --out "$work/$template" --registry "$work/$template.sqlite" 2>/dev/null || [ $? -eq 65 ]
  file=$(awk -F, '$1 == "sian.llywelyn@example.org" { print $4 }' "$work/$template/manifest.csv")
  pdftoppm -png -r 90 -singlefile "$work/$template/$file" "docs/templates/$template"
done
"$bin" preview --event Examples/county-lines-2020/event.yaml --all-templates --dpi 40 --out docs/templates/contact-sheet.png
ls -l docs/templates
