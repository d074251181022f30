#!/usr/bin/env bash
# Sets up what the build needs, then builds and runs hadird on its defaults: listening on
# 127.0.0.1:7400, with its database in ./hadir.sqlite. Extra arguments go to hadird.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bash "$here/scripts/setup.sh"
swift build --package-path "$here" -c release --product hadird
exec "$(swift build --package-path "$here" -c release --show-bin-path)/hadird" "$@"
