#!/bin/bash
# -d unimp names an illegal instruction when it executes, not when it is
# translated: tests/isa/unimp-log.c has one of each and prints their
# addresses; the log (-D) must name the executed one and not the other.
# Both backends.  Exit status: 0 pass, 1 fail, 77 skipped.
set -u
cd "$(dirname "$0")/../.."

POWERJIT=${POWERJIT:-build/powerjit}
ELF=build/isa/unimp-log-le.elf
if ! command -v powerpc64le-linux-gnu-gcc >/dev/null; then
    echo "no powerpc64le-linux-gnu-gcc to build the test program"
    exit 77
fi
if ! make -s -f tests/isa/Makefile.inc "$ELF" >/dev/null 2>&1; then
    echo "FAIL: $ELF does not build"
    exit 1
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failed=0
for accel in tcg tcg,interp=on; do
    out=$(timeout 30 "$POWERJIT" -M pseries -nographic -accel "$accel" \
        -d unimp -D "$TMP/log" -kernel "$ELF" </dev/null 2>&1)
    line=$(grep -o 'never 0x[0-9a-f]* executed 0x[0-9a-f]*' <<<"$out")
    never=$(awk '{print $2}' <<<"$line")
    executed=$(awk '{print $4}' <<<"$line")
    if ! grep -q '^ISA-TEST PASS' <<<"$out" || [ -z "$line" ]; then
        echo "FAIL [$accel] the program failed:"
        echo "$out" | tail -n 10
        failed=1
    elif ! grep -q "illegal.*executed at $executed" "$TMP/log"; then
        echo "FAIL [$accel] the executed illegal instruction at $executed is not logged:"
        head -n 5 "$TMP/log"
        failed=1
    elif grep -q "$never" "$TMP/log"; then
        echo "FAIL [$accel] the never-executed instruction at $never is logged"
        failed=1
    else
        echo "PASS [$accel] logged at $executed only"
    fi
done
[ "$failed" = 0 ]
