#!/usr/bin/env bash
# Sets up what the build needs, then runs every test: the Swift suites (unit, store,
# protocol, end to end over loopback and through the built executables) and the C client's.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

# The end-to-end tests run the built hadird and hadir, so build everything first.
swift build --build-tests
swift test --skip-build --no-parallel

if [ -f clients/c/Makefile ]; then
  make -C clients/c check HADIR_BIN="$(swift build --show-bin-path)"
fi
