#!/usr/bin/env bash
# Credential benchmark: the CPU an Open Badges credential adds to each certificate (its JSON
# built from the frozen record, then signed RS256 with swift-crypto's RSA), and the status list's
# size for 100,000 certificates with 0%, 1% and 10% of them revoked.
#
#   Benchmarks/credentials.sh [COUNT]     (default 1000 credentials; CONFIG=release or debug)
set -euo pipefail
cd "$(dirname "$0")/.."
config=${CONFIG:-release}
swift build -c "$config" --product cpdcert-credential-benchmark >/dev/null
"./.build/$config/cpdcert-credential-benchmark" "${1:-1000}"
