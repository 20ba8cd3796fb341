#!/bin/bash
# Installs cpdcert into $DESTDIR$PREFIX in the layout of the Debian package (make install and
# make package both call it): the stripped binary, Templates and Assets in share/cpdcert (found
# from the binary's real path, ../share/cpdcert), the commit it was built from, man pages,
# bash, zsh and fish completions, the documentation, and the systemd, sysusers and tmpfiles
# files.
#   BINARY   the release binary (swift build -c release --static-swift-stdlib)
#   MANUALS  folder of generated man pages (*.1), from swift package plugin generate-manual
#   COMMIT   the commit to record ("unknown" when not given)
#   UNITDIR  systemd units (default $PREFIX/lib/systemd/system; the package uses /lib/systemd/system)
#   SYSCONFDIR  where cpdcert.yaml goes (default /etc/cpdcert, the path cpdcert reads by default);
#            an existing one is left as it is, so make install never overwrites your edits
set -euo pipefail
: "${BINARY:?BINARY must name the release binary}" "${MANUALS:?MANUALS must name the folder of man pages}"
PREFIX=${PREFIX:-/usr/local}
DESTDIR=${DESTDIR:-}
COMMIT=${COMMIT:-unknown}
UNITDIR=${UNITDIR:-$PREFIX/lib/systemd/system}
SYSCONFDIR=${SYSCONFDIR:-/etc/cpdcert}
here=$(cd "$(dirname "$0")" && pwd)
source=$(dirname "$here")
root=$DESTDIR$PREFIX
share=$root/share

ls "$MANUALS"/*.1 >/dev/null 2>&1 || { echo "install.sh: no man pages (*.1) in $MANUALS" >&2; exit 1; }

install -d -m 0755 "$root/bin" "$share/cpdcert" "$share/man/man1" "$share/doc/cpdcert" \
    "$share/bash-completion/completions" "$share/zsh/vendor-completions" "$share/fish/vendor_completions.d" \
    "$DESTDIR$UNITDIR" "$root/lib/sysusers.d" "$root/lib/tmpfiles.d"
install -m 0755 "$BINARY" "$root/bin/cpdcert"
strip --strip-unneeded "$root/bin/cpdcert"

# Resources: what the templates draw with; Assets/sources holds only the sources of assets.
rm -rf "$share/cpdcert/Templates" "$share/cpdcert/Assets"
cp -R "$source/Templates" "$share/cpdcert/Templates"
cp -R "$source/Assets" "$share/cpdcert/Assets"
rm -rf "$share/cpdcert/Assets/sources"
find "$share/cpdcert" -type d -exec chmod 0755 {} + -o -type f -exec chmod 0644 {} +
echo "$COMMIT" >"$share/cpdcert/commit"
chmod 0644 "$share/cpdcert/commit"

for manual in "$MANUALS"/*.1; do
    gzip -9n <"$manual" >"$share/man/man1/$(basename "$manual").gz"
done
chmod 0644 "$share/man/man1"/*.1.gz

"$BINARY" --generate-completion-script bash >"$share/bash-completion/completions/cpdcert"
"$BINARY" --generate-completion-script zsh >"$share/zsh/vendor-completions/_cpdcert"
"$BINARY" --generate-completion-script fish >"$share/fish/vendor_completions.d/cpdcert.fish"
chmod 0644 "$share/bash-completion/completions/cpdcert" "$share/zsh/vendor-completions/_cpdcert" \
    "$share/fish/vendor_completions.d/cpdcert.fish"

install -m 0644 "$here/debian/copyright" "$share/doc/cpdcert/copyright"
version=$("$here/version.sh")
sed "s/@VERSION@/$version/" "$here/debian/changelog" | gzip -9n >"$share/doc/cpdcert/changelog.Debian.gz"
install -m 0644 "$source/docs/operations.md" "$share/doc/cpdcert/operations.md"
chmod 0644 "$share/doc/cpdcert/changelog.Debian.gz"

sed "s|@BINDIR@|$PREFIX/bin|g" "$here/cpdcert-serve.service" >"$DESTDIR$UNITDIR/cpdcert-serve.service"
install -m 0644 "$here/sysusers.conf" "$root/lib/sysusers.d/cpdcert.conf"
install -m 0644 "$here/tmpfiles.conf" "$root/lib/tmpfiles.d/cpdcert.conf"
chmod 0644 "$DESTDIR$UNITDIR/cpdcert-serve.service"

# The configuration file (a conffile in the package: dpkg keeps the operator's edits on upgrade).
if [ ! -e "$DESTDIR$SYSCONFDIR/cpdcert.yaml" ]; then
    install -d -m 0755 "$DESTDIR$SYSCONFDIR"
    install -m 0644 "$source/Examples/cpdcert.yaml" "$DESTDIR$SYSCONFDIR/cpdcert.yaml"
fi
