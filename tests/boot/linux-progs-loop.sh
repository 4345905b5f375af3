#!/bin/bash
# Issue 12's intermittent crash: Debian's gcc-12 compiling C inside the
# guest once killed powerjit with SIGSEGV in one boot of five.  This
# `make check-full` test (skipped unless FULL=1) boots the real-program image
# of scripts/bench-progs.sh (Debian's perl, python3.11, gcc-12, xz, sqlite3)
# PROGS_LOOP times (default 5) under powerjit alone, with core dumps on.
# Every boot must power off with status 0 and print the same answers as
# QEMU's reference run (kept with the cached image when bench-progs ran with
# QEMU) or, without one, as the first boot.  Under the sanitizer build
# (`./configure --enable-sanitizers`) a report fails the boot the same way.
#
# Exit status: 0 pass, 1 fail, 77 skipped (not FULL, or the image cannot be
# built: no guest, packages not reachable and nothing cached).
set -u
cd "$(dirname "$0")/../.."
if [ "${FULL:-0}" != 1 ]; then
    echo "skipped: the gcc/interpreter boot loop is part of make check-full (FULL=1)"
    exit 77
fi
POWERJIT=${POWERJIT:-build/powerjit}
n=${PROGS_LOOP:-5}
out=$(mktemp -d)
ulimit -c unlimited 2>/dev/null || true
BENCH_OUT=$out POWERJIT=$POWERJIT scripts/bench-progs.sh -n "$n" --no-qemu --no-perf \
    >"$out/report" 2>&1
rc=$?
cat "$out/report"
if grep -q "skipped" "$out/report" && ! grep -q "run .* failed" "$out/report"; then
    rm -rf "$out"
    exit 77
fi
if [ $rc != 0 ]; then
    echo "FAIL: bench-progs.sh -n $n exited $rc (logs kept in $out)"
    exit 1
fi
rm -rf "$out"
echo "PASS: $n boots of the real-program image, each powered off with the reference answers"
