#!/bin/bash
# Installs a cpdcert .deb in a clean Debian 12 root and uses it as an operator would, with no
# Swift toolchain: apt-get install ./cpdcert_*.deb (apt-get resolves Depends from Debian's
# mirror), cpdcert --version, keys init and issue on the example event from /tmp (the templates
# must come from /usr/share/cpdcert), serve as an unprivileged user in the group cpdcert (as
# the unit runs it), answered from outside the root with curl.
#   Tests/Package/test-package.sh cpdcert_0.9.0_amd64.deb      (root; debootstrap, network)
#   MIRROR=http://deb.debian.org/debian   DEBOOTSTRAP_CACHE=/var/cache/cpdcert-debootstrap
#   KEEP_ROOT=1 leaves the root in place for a look around.
set -euo pipefail
deb=$(readlink -f "${1:?usage: test-package.sh cpdcert_VERSION_amd64.deb}")
source=$(cd "$(dirname "$0")/../.." && pwd)
mirror=${MIRROR:-http://deb.debian.org/debian}
cache=${DEBOOTSTRAP_CACHE:-/var/cache/cpdcert-debootstrap}
[ "$(id -u)" -eq 0 ] || { echo "test-package.sh: run as root (debootstrap and chroot need it)" >&2; exit 1; }
[ -f "$deb" ] || { echo "test-package.sh: no package at $deb; run make package" >&2; exit 1; }

root=$(mktemp -d /var/tmp/cpdcert-root.XXXXXX)
chmod 0755 "$root" # the root's /, which users other than root must traverse
server=""
cleanup() {
    [ -z "$server" ] || kill "$server" 2>/dev/null || true
    umount "$root/proc" 2>/dev/null || true
    umount "$root/dev" 2>/dev/null || true
    if [ -z "${KEEP_ROOT:-}" ]; then rm -rf "$root"; else echo "root kept at $root"; fi
}
trap cleanup EXIT
started=$(date +%s)
step() { echo "== $* ($(($(date +%s) - started)) s)"; }
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

step "debootstrap --variant=minbase bookworm $root $mirror"
mkdir -p "$cache"
debootstrap --variant=minbase --cache-dir="$cache" bookworm "$root" "$mirror" >"$root.debootstrap.log" 2>&1 \
    || { tail -20 "$root.debootstrap.log"; exit 1; }
rm -f "$root.debootstrap.log"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
cp /etc/resolv.conf "$root/etc/resolv.conf"
if in_root sh -c 'command -v swift || ls /usr/lib/swift' >/dev/null 2>&1; then echo "the clean root has Swift" >&2; exit 1; fi

step "apt-get install ./$(basename "$deb")"
cp "$deb" "$root/tmp/"
in_root apt-get update -qq
in_root sh -c "cd /tmp && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ./$(basename "$deb")" >"$root/tmp/apt.log" 2>&1 \
    || { tail -30 "$root/tmp/apt.log"; exit 1; }
grep -E '^(Setting up cpdcert|[0-9]+ upgraded)' "$root/tmp/apt.log"
in_root dpkg-query -W -f='installed ${Package} ${Version}, Installed-Size ${Installed-Size} KiB\n' cpdcert
in_root stat -c '/var/lib/cpdcert %A %U:%G' /var/lib/cpdcert

step "cpdcert --version"
in_root cpdcert --version

step "/etc/cpdcert/cpdcert.yaml: a conffile, kept across a reinstall once edited"
in_root dpkg-query -W -f='${Conffiles}\n' cpdcert | grep -q '^ /etc/cpdcert/cpdcert.yaml [0-9a-f]\{32\}$' \
    || { echo "/etc/cpdcert/cpdcert.yaml is not a conffile of the package" >&2; exit 1; }
in_root sed -i 's|^  # site_name: .*|  site_name: Package Test Council|' /etc/cpdcert/cpdcert.yaml
in_root sh -c "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --reinstall /tmp/$(basename "$deb")" >/dev/null 2>&1
in_root grep -q '^  site_name: Package Test Council$' /etc/cpdcert/cpdcert.yaml \
    || { echo "reinstalling the package replaced the edited /etc/cpdcert/cpdcert.yaml" >&2; exit 1; }
in_root cpdcert config check | grep -E '^  (registry|keys|serve.site_name) '

step "keys init and issue on the example event, from /tmp"
cp -R "$source/Examples/county-lines-2020" "$root/tmp/county-lines-2020"
in_root sh -c 'cd /tmp && mkdir -p /etc/cpdcert && cpdcert keys init --name verify.example.org/package-test --keys /etc/cpdcert/keys'
# The group may read the public key (serve shows it); log.key stays root's 0600.
in_root sh -c 'chgrp cpdcert /etc/cpdcert/keys && chmod 0750 /etc/cpdcert/keys'
status=0
# No --registry or --keys: /etc/cpdcert/cpdcert.yaml names /var/lib/cpdcert/cpdcert.sqlite and /etc/cpdcert/keys.
in_root sh -c 'cd /tmp && cpdcert issue --event county-lines-2020/event.yaml --attendance county-lines-2020/attendance.csv \
    --out /tmp/certificates' \
    >"$root/tmp/issue.log" 2>&1 || status=$?
tail -4 "$root/tmp/issue.log"
# 65: the example has malformed rows on purpose; the rest are issued.
[ "$status" -eq 0 ] || [ "$status" -eq 65 ] || { echo "issue exited $status" >&2; cat "$root/tmp/issue.log" >&2; exit 1; }
pdfs=$(find "$root/tmp/certificates" -name '*.pdf' | wc -l)
[ "$pdfs" -gt 0 ] || { echo "issue wrote no PDF" >&2; exit 1; }
for pdf in "$root"/tmp/certificates/*.pdf; do
    [ "$(head -c 5 "$pdf")" = "%PDF-" ] || { echo "$pdf is not a PDF" >&2; exit 1; }
done
echo "issue exited $status with $pdfs PDFs in /tmp/certificates"
id=$(grep -o -E '[0-9A-Z]{4}(-[0-9A-Z]{4}){4,}' "$root/tmp/certificates/manifest.csv" | head -1)
[ -n "$id" ] || { echo "no certificate ID in manifest.csv" >&2; exit 1; }

step "serve as nobody in the group cpdcert, read-only"
port=$((20000 + RANDOM % 20000))
# As the unit runs it: everything from the conffile but the port.
chroot "$root" /usr/bin/env -i PATH=/usr/bin:/bin LANG=C.UTF-8 \
    setpriv --reuid=nobody --regid=nogroup --groups=cpdcert --inh-caps=-all \
    sh -c "cd /tmp && exec cpdcert serve --config /etc/cpdcert/cpdcert.yaml --port $port" \
    >"$root/tmp/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 50); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { echo "serve exited" >&2; cat "$root/tmp/serve.log" >&2; exit 1; }
    sleep 0.2
done
head -3 "$root/tmp/serve.log"
echo "GET /healthz: $(curl -fsS "http://127.0.0.1:$port/healthz")"
answer=$(curl -fsS "http://127.0.0.1:$port/api/v1/certificates/$id")
echo "GET /api/v1/certificates/$id: $(echo "$answer" | head -c 160)..."
echo "$answer" | grep -q '"valid"' || { echo "the API did not answer valid for $id" >&2; exit 1; }
curl -fsS "http://127.0.0.1:$port/c/$id" | grep -q -i 'valid' || { echo "no verification page for $id" >&2; exit 1; }
echo "GET /c/$id: page served"
curl -fsS "http://127.0.0.1:$port/c/$id" | grep -q 'Package Test Council' || { echo "serve did not use the conffile's site_name" >&2; exit 1; }
# The picture is drawn from the registry's archive with the installed fonts.
curl -fsS "http://127.0.0.1:$port/c/$id/certificate.png" -o "$root/tmp/certificate.png"
[ "$(head -c 4 "$root/tmp/certificate.png" | tail -c 3)" = "PNG" ] || { echo "no PNG picture for $id" >&2; exit 1; }
echo "GET /c/$id/certificate.png: $(stat -c %s "$root/tmp/certificate.png") bytes of PNG"
kill "$server"; wait "$server" 2>/dev/null || true; server=""

step "systemd-analyze verify on the installed unit (systemd installed after cpdcert)"
in_root sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends systemd' >/dev/null 2>&1
in_root systemd-analyze verify --man=no /lib/systemd/system/cpdcert-serve.service
echo "systemd-analyze verify: ok"

step "remove and purge (the registry and the keys stay; purge removes the conffile)"
in_root sh -c 'DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq cpdcert' >/dev/null 2>&1
[ ! -e "$root/usr/bin/cpdcert" ] && [ -f "$root/var/lib/cpdcert/cpdcert.sqlite" ] \
    || { echo "purge left the binary or removed the registry" >&2; exit 1; }
[ ! -e "$root/etc/cpdcert/cpdcert.yaml" ] && [ -f "$root/etc/cpdcert/keys/log.key" ] \
    || { echo "purge left /etc/cpdcert/cpdcert.yaml or removed the keys" >&2; exit 1; }
step "passed"
