#!/usr/bin/env bash
# Sets up what the build needs, then runs every test: the Swift suites (unit, store,
# protocol, end to end over loopback and through the built executables) and the C client's.
#
# People run Hadir as an ordinary user, not as root, so the tests do too: run as root (as
# CI is), this script builds as root and then runs every test as the unprivileged account
# `hadir-test`, so that anything that only works with root's privileges fails here.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

# The end-to-end tests run the built hadird and hadir, so build everything first.
swift build --build-tests
bin_path="$(swift build --show-bin-path)"
# The restore drill runs hadird under Litestream.
litestream="$(bash scripts/install-litestream.sh)"

as_tester=()
test_flags=(--skip-build --no-parallel)
if [ "$(id -u)" -eq 0 ]; then
  tester=hadir-test
  id -u "$tester" >/dev/null 2>&1 || useradd --system --create-home --shell /usr/sbin/nologin "$tester"
  # The tester writes only the build folder and the C client's; hand them back afterwards
  # so that root's next build and git keep working.
  chown -R "$tester:" .build clients/c
  home="$(getent passwd "$tester" | cut -d: -f6)"
  # A temporary folder of the tester's own: root's files in /tmp (such as the build's lock
  # file) are not the tester's to open.
  tester_tmp="$(mktemp -d)"
  chown "$tester:" "$tester_tmp"
  trap 'chown -R root:root .build clients/c; rm -rf "$tester_tmp"' EXIT
  as_tester=(setpriv --reuid="$tester" --regid="$tester" --init-groups --inh-caps=-all
    env HOME="$home" USER="$tester" LOGNAME="$tester" TMPDIR="$tester_tmp")
  echo "Running the tests as the unprivileged user $tester (uid $(id -u "$tester"))." >&2
  # Every folder above the checkout must be enterable by the tester.
  dir="$PWD"
  while [ "$dir" != "/" ]; do
    if ! "${as_tester[@]}" test -x "$dir"; then
      echo "error: $tester cannot enter $dir; run the tests from a checkout others can read." >&2
      exit 1
    fi
    dir="$(dirname "$dir")"
  done
fi

"${as_tester[@]}" swift test "${test_flags[@]}"

if [ -f clients/c/Makefile ]; then
  "${as_tester[@]}" make -C clients/c check HADIR_BIN="$bin_path"
fi

# The restore drills: the server is lost mid-check-in and restored on a spare, from its
# Litestream replica and from its last backup; every check-in acknowledged before the
# recovery point must be there (see docs/operations.md, "When the machine is lost").
for method in litestream backup; do
  "${as_tester[@]}" "$bin_path/hadir-bench" restore-drill --method "$method" --litestream "$litestream"
done
