#!/bin/bash
# What bare-metal pseries programs expect of the platform:
# tests/bios/platform.c as a -bios image with -m 1G, under the JIT and the
# interpreter (entered with MSR[ME]=1; machine checks at 0x200 for real-mode
# and radix-table accesses past RAM, the partition running on after each;
# H_REGISTER_PROC_TBL radix without client-architecture-support).  It
# prints "ISA-TEST PASS" and powers off.  Expected values: the Power ISA
# and LoPAPR (the program's header); Debian's QEMU 7.2 differs, see
# tests/diff/KNOWN-DIFFERENCES.md.
#
# Exit status: 0 pass, 1 fail, 77 skipped (no cross compiler).
set -u
cd "$(dirname "$0")/../.."

POWERJIT=${POWERJIT:-build/powerjit}
STAGE_TIMEOUT=${STAGE_TIMEOUT:-60}

if ! command -v powerpc64-linux-gnu-gcc >/dev/null; then
    echo "no powerpc64-linux-gnu-gcc to build the test image"
    exit 77
fi
if ! make -s -f tests/bios/bios.mk bios >/dev/null 2>&1; then
    echo "FAIL: the -bios test images do not build (make -f tests/bios/bios.mk bios)"
    exit 1
fi
if [ ! -x "$POWERJIT" ]; then
    echo "FAIL: $POWERJIT is not built"
    exit 1
fi

failed=0
for accel in tcg tcg,interp=on; do
    out=$(timeout "$STAGE_TIMEOUT" "$POWERJIT" -M pseries -m 1G -nographic \
        -accel "$accel" -bios build/bios/platform.bin </dev/null 2>&1)
    rc=$?
    if [ $rc = 0 ] && grep -q '^ISA-TEST PASS' <<<"$out"; then
        echo "PASS [$accel] $(grep '^ISA-TEST' <<<"$out" | tr -d '\r')"
    else
        echo "FAIL [$accel] exit status $rc:"
        echo "$out" | tail -n 25
        failed=1
    fi
done
[ "$failed" = 0 ]
