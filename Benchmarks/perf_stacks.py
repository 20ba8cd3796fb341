#!/usr/bin/env python3
"""Shares of perf samples by what is on their stack, for work that no single library owns
(the dynamic linker, Swift runtime metadata, ICU date formatters) and that a grouping by
library (perf_breakdown.py) cannot see.

Usage: perf script -i perf.data | perf_stacks.py [PATTERN ...]
Each PATTERN is a regular expression over frame names; a sample counts for a pattern when any
frame of its stack matches. For each pattern it prints the share of samples and the callers in
cpdcert's own code (or ArgumentParser, Yams, GRDB, Pango, cairo) nearest the matching frame.
Samples of the shell, rm and mkdir around a batch are left out. With no pattern it uses the
groups docs/performance.md reports for a one-certificate batch.
"""
import collections
import re
import sys

DEFAULT = {
    "dynamic linker": r"^_dl_|do_lookup_x",
    "fontconfig": r"^Fc|libfontconfig",
    "Swift runtime metadata": r"swift_getTypeByMangledName|swift_conformsToProtocol",
    "ArgumentParser": r"ArgumentParser",
    "YAML (Yams)": r"Yams",
    "writes and flushes": r"pwrite|fdatasync|syncfs|fsync",
    "ICU date formatters": r"DateFormatter",
    "SHA-256": r"SHA256|sha256",
}
OWN = re.compile(r"CPD|ArgumentParser|Yams|GRDB|pango_|cairo_")
LEFT_OUT = {"bash", "rm", "mkdir", "run.sh"}


def stacks(lines):
    current = None
    for line in lines:
        if not line.strip():
            if current:
                yield current
            current = None
        elif not line[0].isspace():
            current = [line.split()[0]]
        elif current is not None:
            parts = line.strip().split(" ", 1)
            current.append(re.sub(r"\+0x[0-9a-f]+ \(.*\)$", "", parts[1] if len(parts) > 1 else ""))
    if current:
        yield current


def main():
    patterns = {p: p for p in sys.argv[1:]} or DEFAULT
    samples = [s for s in stacks(sys.stdin) if s[0] not in LEFT_OUT]
    print(f"{len(samples)} samples")
    for label, pattern in patterns.items():
        regex = re.compile(pattern)
        callers = collections.Counter()
        for sample in samples:
            frames = sample[1:]
            hits = [i for i, frame in enumerate(frames) if regex.search(frame)]
            if not hits:
                continue
            own = [frame[:100] for frame in frames[hits[-1] + 1:] if OWN.search(frame)]
            callers[" <- ".join(own[:2]) or "?"] += 1
        count = sum(callers.values())
        print(f"{label}: {100 * count / max(1, len(samples)):.1f} % ({count} samples)")
        for caller, n in callers.most_common(4):
            print(f"  {n:6d}  {caller}")


if __name__ == "__main__":
    main()
