#!/usr/bin/env bash
# The whole test suite, from a bare Debian machine: installs the Debian packages the tests need
# when missing (as root), builds, then runs every test (unit, golden, differential, lab, browser).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
# libpcap-dev may have arrived after npm ci could not build the native capture engine: build it now.
[ -x build/ovsf-capture ] || sh scripts/build-native.sh
npm run build --silent
# Lab tests share one set of network namespaces: run test files one at a time.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
node --test --test-concurrency=1 dist/test/ 2>&1 | tee "$log" || status=$?
# Under CI nothing may skip: a skipped test is an untested part.
if [ -n "${CI:-}" ] && grep -q '^# skipped [1-9]' "$log"; then
  echo "test.sh: tests were skipped under CI:" >&2
  grep -E '# SKIP' "$log" >&2 || true
  exit 1
fi
exit "$status"
