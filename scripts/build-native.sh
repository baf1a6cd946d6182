#!/bin/sh
# Builds the native capture engine (native/ovsf-capture.c) into build/ at npm install. It needs a C
# compiler and libpcap's headers (Debian: libpcap-dev, see scripts/install-deps.sh); without them
# the install still succeeds and capture falls back to tcpdump, saying so in one line.
cd "$(dirname "$0")/.." || exit 0
mkdir -p build
if ${CC:-cc} -O2 -Wall -Wextra -o build/ovsf-capture.tmp native/ovsf-capture.c -lpcap 2>build/ovsf-capture.log; then
  mv build/ovsf-capture.tmp build/ovsf-capture
else
  rm -f build/ovsf-capture.tmp
  echo "ovsforensics: the native capture engine was not built (see build/ovsf-capture.log); capture will use tcpdump" >&2
fi
exit 0
