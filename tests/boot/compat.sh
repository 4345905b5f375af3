#!/bin/bash
# The harness command lines of tests/compat/ (issue 15): make check boots
# the quick ones and checks that every blocked one is refused cleanly;
# make check-full (FULL=1) boots them all, each also on Debian's
# qemu-system-ppc64 for the side-by-side time, and writes the table
# docs/compat-lines.md.
cd "$(dirname "$0")/../.."
if [ "${FULL:-0}" = 1 ]; then
    exec tests/compat/run.sh --table docs/compat-lines.md
fi
exec tests/compat/run.sh --quick
