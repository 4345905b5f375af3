#!/bin/bash
# -device spapr-rng (issue 10): the guest's pseries-rng driver binds to
# /ibm,platform-facilities/ibm,random-v1 and reads H_RANDOM.  Two boots:
#  1. a plain -device spapr-rng (the host's getrandom): rng_current is
#     pseries_rng, 1 MiB from /dev/hwrng does not compress (gzip output is
#     no smaller than its input) and a second read differs from the first;
#  2. -object rng-random,filename=F with F holding only 0xa5 bytes: what
#     the guest reads from /dev/hwrng is those bytes, so the backend is
#     the one the command line named.
# Exit status: 0 pass, 1 fail, 77 skipped (no guest).
set -u
cd "$(dirname "$0")/../.."
. tests/boot/console.bash
boot_test_setup

# rng_boot WHAT ARGS...: boots with ARGS, loads the module, checks
# rng_current
rng_boot() {
    local what=$1
    shift
    guest_cmdline console=hvc0 "$@"
    echo "command: ${EMU[*]}"
    console_start "$CON_TMP/console-$what" "${EMU[@]}"
    boot_to_shell "$what" || exit 1
    console_run 'dmesg -n 1; insmod /lib/modules/*/pseries-rng.ko && cat /sys/class/misc/hw_random/rng_current'
    if [ "$CON_RC" = 0 ] && [ "$CON_OUT" = pseries_rng ]; then
        pass "$what: rng_current is pseries_rng"
    else
        fail "$what: insmod/rng_current: status '$CON_RC', '$CON_OUT'"
        console_dump 20
    fi
}

rng_boot builtin -device spapr-rng
console_run 'dd if=/dev/hwrng bs=4096 count=256 2>/dev/null >/tmp/a; dd if=/dev/hwrng bs=4096 count=256 2>/dev/null >/tmp/b; wc -c </tmp/a; gzip -c </tmp/a | wc -c; md5sum </tmp/a; md5sum </tmp/b' 120
read -r size gz md5a md5b <<<"$(tr -d ' -' <<<"$CON_OUT" | tr '\n' ' ')"
if [ "${size:-}" = 1048576 ] && [ "${gz:-0}" -ge 1048576 ] && [ -n "${md5b:-}" ] && [ "$md5a" != "$md5b" ]; then
    pass "builtin: 1 MiB from /dev/hwrng, gzip gives $gz bytes, two reads differ"
else
    fail "builtin: /dev/hwrng: got '$CON_OUT'"
fi
console_run 'poweroff -f'
console_exit 30

# a backend file of 0xa5 bytes (enough for the boot's own H_RANDOM calls
# and the read)
head -c 262144 /dev/zero | tr '\0' '\245' >"$CON_TMP/pattern"
rng_boot file -object "rng-random,id=r0,filename=$CON_TMP/pattern" -device spapr-rng,rng=r0
console_run 'dd if=/dev/hwrng bs=4096 count=4 2>/dev/null | od -An -v -tx1 | tr -s " " "\n" | sort -u | grep .'
if [ "$CON_OUT" = a5 ]; then
    pass "file: /dev/hwrng returns the backend file's bytes"
else
    fail "file: /dev/hwrng: got '$CON_OUT', want 'a5'"
fi
console_run 'poweroff -f'
console_exit 30
[ "$CHECK_FAILED" = 0 ]
