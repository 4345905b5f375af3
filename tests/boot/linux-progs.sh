#!/bin/bash
# Whole programs in a Linux guest: the static C programs of
# tests/guest-progs (an integer mix, a double matrix multiply, an n-body
# with sqrt, a memory mix of glibc's string functions, a __float128 loop),
# built for ppc64le at -O2 and at -O3 -mcpu=power9 by tests/guest-progs/
# build.sh, are appended as a second (gzipped cpio) archive to the standard
# initramfs; Debian's kernel boots, the busybox shell runs each one, and its
# checksum line must equal the same source's output built and run natively
# on the host (IEEE arithmetic only, correctly rounded operations: any
# correct implementation prints the same bits).  A program killed by
# SIGILL shows as a missing line with the shell's status 132.
#
# Exit status: 0 pass, 1 fail, 77 skipped (no guest, or no cross compiler
# with a static C library).  BOOT_EMULATOR=qemu checks the test on QEMU.
set -u
cd "$(dirname "$0")/../.."
. tests/boot/console.bash
boot_test_setup

tests/guest-progs/build.sh "$CON_TMP/progs" || {
    rc=$?
    [ $rc = 77 ] && exit 77
    echo "FAIL: tests/guest-progs/build.sh exited $rc"
    exit 1
}
gzip -9 -n -c "$CON_TMP/progs/progs.cpio" | cat "$INITRD" - >"$CON_TMP/initrd.gz"
INITRD=$CON_TMP/initrd.gz
guest_cmdline "console=hvc0"
echo "command: ${EMU[*]}"
console_start "$CON_TMP/console" "${EMU[@]}"
boot_to_shell boot || exit 1

for flavour in o2 p9; do
    while read -r name want; do
        console_run "/progs/$flavour/$name" $((3 * STAGE_TIMEOUT))
        got=$(tail -n 1 <<<"$CON_OUT")
        if [ -z "$CON_RC" ]; then
            fail "$flavour/$name: no answer within $((3 * STAGE_TIMEOUT)) s"
            console_dump 10
        elif [ "$CON_RC" = 0 ] && [ "$got" = "$name $want" ]; then
            pass "$flavour/$name: $got (the host's)"
        else
            fail "$flavour/$name: status $CON_RC, printed '$got', want '$name $want'"
        fi
    done <"$CON_TMP/progs/expected"
done

console_type $'poweroff -f\r'
console_exit "$STAGE_TIMEOUT"
[ "$CON_STATUS" = 0 ] || fail "poweroff -f: emulator exit status $CON_STATUS"

if [ "$CHECK_FAILED" -ne 0 ]; then
    echo "$CHECK_FAILED check(s) failed"
    exit 1
fi
echo "all checks passed"
