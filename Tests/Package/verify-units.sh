#!/bin/bash
# systemd-analyze verify on every systemd unit cpdcert ships, as `make package` staged them
# (.build/deb/cpdcert_<version>_amd64, or the tree given as $1). systemd-analyze checks that
# ExecStart's program exists, so the copy it reads runs the staged binary; every other line is
# the shipped one. test-package.sh verifies the installed unit too, in its clean root.
set -euo pipefail
source=$(cd "$(dirname "$0")/../.." && pwd)
version=$("$source/Packaging/version.sh")
staging=$(readlink -f "${1:-$source/.build/deb/cpdcert_${version}_amd64}")
[ -x "$staging/usr/bin/cpdcert" ] || { echo "verify-units.sh: no staged package at $staging; run make package" >&2; exit 1; }
units=$(find "$staging/lib/systemd/system" -name '*.service' -o -name '*.socket' -o -name '*.timer' | sort)
[ -n "$units" ] || { echo "verify-units.sh: no units in $staging/lib/systemd/system" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
for unit in $units; do
    name=$(basename "$unit")
    sed "s|/usr/bin/cpdcert|$staging/usr/bin/cpdcert|g" "$unit" >"$work/$name"
    if output=$(systemd-analyze verify --man=no "$work/$name" 2>&1) && [ -z "$output" ]; then
        echo "ok: $name"
    else
        echo "FAILED: $name"; echo "$output"; failed=1
    fi
done
exit $failed
