#!/bin/bash
# Builds cpdcert_<version>_amd64.deb in $OUT (default .) with dpkg-deb: the install.sh layout
# under /usr (units in /lib/systemd/system, as Debian 12 keeps them), a control file whose
# version is BuildInfo.version and whose Depends depends.sh computes, the maintainer scripts
# and md5sums. BINARY, MANUALS and COMMIT as for install.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source=$(dirname "$here")
OUT=${OUT:-.}
version=$("$here/version.sh")
staging=$source/.build/deb/cpdcert_${version}_amd64

# Every Swift package the build checked out is linked statically: debian/copyright must name it.
for package in "$source"/.build/checkouts/*/; do
    name=$(basename "$package")
    grep -q -w -- "$name" "$here/debian/copyright" \
        || { echo "build-deb.sh: debian/copyright does not name the package $name (see its Comment)" >&2; exit 1; }
done

rm -rf "$staging"
DESTDIR=$staging PREFIX=/usr UNITDIR=/lib/systemd/system "$here/install.sh"
depends=$("$here/depends.sh" "$staging/usr/bin/cpdcert" "$source/Templates")
installed_size=$(du -sk "$staging" | cut -f1)

install -d -m 0755 "$staging/DEBIAN"
sed -e "s/@VERSION@/$version/" -e "s/@INSTALLED_SIZE@/$installed_size/" -e "s/@DEPENDS@/$depends/" \
    "$here/debian/control.in" >"$staging/DEBIAN/control"
install -m 0755 "$here/debian/postinst" "$here/debian/prerm" "$here/debian/postrm" "$staging/DEBIAN/"
# Everything under /etc is a conffile (as debhelper would list it); md5sums leaves them out.
(cd "$staging" && find etc -type f -printf '/%p\n' | sort) >"$staging/DEBIAN/conffiles"
(cd "$staging" && find . \( -path ./DEBIAN -o -path ./etc \) -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) \
    >"$staging/DEBIAN/md5sums"
chmod 0644 "$staging/DEBIAN/control" "$staging/DEBIAN/md5sums" "$staging/DEBIAN/conffiles"

mkdir -p "$OUT"
dpkg-deb --root-owner-group -Zxz --build "$staging" "$OUT/cpdcert_${version}_amd64.deb" >/dev/null
echo "$OUT/cpdcert_${version}_amd64.deb: $(stat -c %s "$OUT/cpdcert_${version}_amd64.deb") bytes"
echo "Depends: $depends"
