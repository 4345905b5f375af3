#!/bin/bash
# Coverage of the Book I floating-point encodings (the insns.def rows lfs
# .. mcrfs) by the ISA tests tests/isa/fp*.c: each program runs in both
# byte orders with "-d in_asm", and tests/isa/gen/fp-coverage.c matches
# the translated instruction words against the rows.  Prints the list;
# fails if a row is never reached.  Exit status: 0 pass, 1 fail, 77 skip.
set -u
cd "$(dirname "$0")/../.."

POWERJIT=${POWERJIT:-build/powerjit}
if ! command -v powerpc64le-linux-gnu-gcc >/dev/null ||
    ! command -v powerpc64-linux-gnu-gcc >/dev/null; then
    echo "no ppc64 cross compilers to build the test programs"
    exit 77
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
if ! ${HOST_CC:-cc} -std=gnu11 -O1 -Wall -Wextra -Werror -I. \
    -o "$TMP/fp-coverage" tests/isa/gen/fp-coverage.c; then
    echo "FAIL: tests/isa/gen/fp-coverage.c does not build"
    exit 1
fi
: >"$TMP/words"
for src in tests/isa/fp*.c; do
    n=$(basename "$src" .c)
    for order in le be; do
        elf=build/isa/$n-$order.elf
        if ! make -s -f tests/isa/Makefile.inc "$elf" >/dev/null 2>&1; then
            echo "FAIL: $elf does not build"
            exit 1
        fi
        out=$(timeout 120 "$POWERJIT" -M pseries -nographic -d in_asm \
            -D "$TMP/log" -kernel "$elf" </dev/null 2>&1)
        if ! grep -q '^ISA-TEST PASS' <<<"$out"; then
            echo "FAIL: $elf does not pass:"
            echo "$out" | tail -n 5
            exit 1
        fi
        # "0x<address>:  <word>  <disassembly>"
        sed -n 's/^0x[0-9a-f]*:  *\([0-9a-f]\{8\}\) .*/\1/p' "$TMP/log" >>"$TMP/words"
    done
done
"$TMP/fp-coverage" <"$TMP/words"
