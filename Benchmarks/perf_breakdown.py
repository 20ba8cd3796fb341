#!/usr/bin/env python3
"""Groups `perf report --no-children --sort dso,sym --stdio -g none` output by part of the work
and prints CPU ms per certificate for each: the share of samples times the run's CPU seconds.

Usage: perf report ... | perf_breakdown.py NAME CERTIFICATES CPU_SECONDS
Used by Benchmarks/peers.sh breakdown; the groups are by shared library (symbols of the cpdcert
binary itself are not resolved by perf here, so Swift code, GRDB and BoringSSL's SHA-256 share
the "cpdcert binary" row).
"""
import re
import sys

GROUPS = [
    ("zlib (deflate of fonts, images, content streams)", r"libz\.so"),
    ("cairo (PDF writer, font subsetting, rasterising)", r"libcairo\.so"),
    ("libc (float formatting, memcpy, malloc)", r"libc\.so|libm\.so"),
    ("text (HarfBuzz, Pango, GLib, FreeType, fontconfig)", r"libharfbuzz|libpango|libglib|libgobject|libfreetype|libfontconfig|libgio|libpixman|libpng|libexpat|libfribidi|libthai|libdatrie|libgraphite"),
    ("libqrencode", r"libqrencode"),
    ("SQLite", r"libsqlite3"),
    ("Swift runtime and Foundation", r"libswift|libFoundation|lib_Foundation|libdispatch|libBlocksRuntime"),
    ("dynamic linker", r"ld-linux"),
    ("kernel (writes, fsync, page faults, threads)", r"\[kernel"),
]


def main():
    name, certificates, cpu = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    shares = {label: 0.0 for label, _ in GROUPS}
    shares["cpdcert binary (Swift code, GRDB, swift-crypto)"] = 0.0
    shares["other"] = 0.0
    for line in sys.stdin:
        match = re.match(r"\s*([\d.]+)%\s+(\S+)\s", line)
        if not match:
            continue
        share, dso = float(match.group(1)), match.group(2)
        for label, pattern in GROUPS:
            if re.search(pattern, dso):
                shares[label] += share
                break
        else:
            key = "cpdcert binary (Swift code, GRDB, swift-crypto)" if "cpdcert" in dso else "other"
            shares[key] += share
    total = sum(shares.values()) or 100
    per = cpu * 1000 / certificates
    print(f"{name}: {certificates} certificates, {cpu:.2f} CPU s, {per:.2f} ms CPU per certificate")
    for label, share in sorted(shares.items(), key=lambda item: -item[1]):
        if share > 0:
            print(f"  {share * 100 / total:5.1f} %  {per * share / total:5.2f} ms  {label}")


if __name__ == "__main__":
    main()
