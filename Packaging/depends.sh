#!/bin/bash
# Prints the Debian Depends of the cpdcert binary given as $1: the packages of the shared
# libraries it is linked against (dpkg-shlibdeps, checked against objdump's NEEDED entries and
# dpkg -S), the fonts the shipped templates name (fc-match, dpkg -S), and tzdata (Foundation
# reads the time zones of events from /usr/share/zoneinfo).
# Fails, saying why, when the binary needs a Swift runtime library (it must be linked with
# --static-swift-stdlib) or a library or font no installed package provides.
set -euo pipefail
binary=$1
templates=${2:-Templates}

fail() { echo "depends.sh: $*" >&2; exit 1; }

needed=$(objdump -p "$binary" | awk '$1 == "NEEDED" { print $2 }')
[ -n "$needed" ] || fail "objdump -p $binary lists no NEEDED libraries; is it a dynamic ELF executable?"
for library in $needed; do
    case $library in
    libswift*.so* | libFoundation*.so* | libdispatch.so* | libBlocksRuntime.so* | lib_FoundationICU.so*)
        fail "$binary needs the Swift runtime library $library; build it with swift build -c release --static-swift-stdlib" ;;
    esac
done

# dpkg-shlibdeps wants a debian/control naming the binary package.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/debian"
printf 'Source: cpdcert\n\nPackage: cpdcert\nArchitecture: any\n' >"$work/debian/control"
cp "$binary" "$work/cpdcert"
shlibs=$(cd "$work" && dpkg-shlibdeps -O -e cpdcert 2>"$work/warnings" | sed -n 's/^shlibs:Depends=//p') \
    || fail "dpkg-shlibdeps failed: $(cat "$work/warnings")"

# Every library ldd resolves must belong to a package dpkg-shlibdeps named.
for library in $needed; do
    # "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (...)", or the loader's "/lib64/ld-linux-x86-64.so.2 (...)"
    path=$(ldd "$binary" | awk -v lib="$library" '$1 == lib { print $3 } substr($1, length($1) - length(lib)) == "/" lib { print $1 }')
    [ -n "$path" ] && [ "$path" != "not" ] || fail "ldd cannot find $library, which $binary needs"
    real=$(readlink -f "$path")
    package=$(dpkg -S "$path" 2>/dev/null || dpkg -S "$real" 2>/dev/null || dpkg -S "${path#/usr}" 2>/dev/null) \
        || fail "no installed package provides $path ($library)"
    package=${package%%:*}
    echo "$shlibs" | tr ',' '\n' | sed 's/^ *//; s/[ (].*//' | grep -qx "$package" \
        || fail "$library comes from $package, which dpkg-shlibdeps did not list: $shlibs"
done

# The font packages: every family a template's fonts: lines name, as fontconfig resolves it.
fonts=$(sed -n '/^fonts:/,/^[^ ]/ s/^  [a-z_]*: *"\(.*\)"/\1/p' "$templates"/*.yaml | tr ',' '\n' | sed 's/^ *//; s/ *$//' | sort -u)
[ -n "$fonts" ] || fail "no fonts: lines found in $templates/*.yaml"
font_packages=$(echo "$fonts" | while read -r family; do
    found=$(fc-match -f '%{family}\n%{file}\n' "$family")
    echo "$found" | head -1 | tr ',' '\n' | grep -qx "$family" || fail "fontconfig has no '$family' (a template names it): install its font package"
    file=$(echo "$found" | sed -n 2p)
    package=$(dpkg -S "$file" 2>/dev/null) || fail "no installed package provides $file ('$family')"
    echo "${package%%:*}"
done | sort -u | tr '\n' ' ')

echo "$shlibs" | tr ',' '\n' | sed 's/^ *//' | { cat; for p in $font_packages tzdata; do echo "$p"; done; } | sort -u | paste -sd, - | sed 's/,/, /g'
