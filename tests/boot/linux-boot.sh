#!/bin/bash
# Boots Debian's ppc64el kernel with the busybox initramfs
# (scripts/fetch-guest) on `-M pseries -cpu POWER9 -m 1G -nographic
# -append console=hvc0`, types commands at the busybox shell and checks
# what they print against values from an independent source: the issue's
# facts (ppc64le, POWER9, radix, a 512 MHz timebase), the host's clock, and
# the host computing the same data (md5sum, sha256sum, awk).  Then 200
# fork/exec, a clean dmesg, and `poweroff -f` ending the emulator with
# status 0.  One PASS/FAIL line per check; each stage has STAGE_TIMEOUT
# seconds (default 60, 600 under the interpreter) so a hang fails instead
# of blocking.
#
# Exit status: 0 pass, 1 fail, 77 skipped (no guest and no way to fetch it).
# POWERJIT names the binary (default build/powerjit), BOOT_ACCEL its
# accelerator (tcg, or tcg,interp=on); BOOT_EMULATOR=qemu runs Debian's
# qemu-system-ppc64 -M pseries,x-vof=on instead, to check the test itself.
# GUEST_KERNEL and GUEST_INITRD name other images.  The same checks run
# in other configurations (tests/boot/linux-boot-*.sh): BOOT_CPU (default
# POWER9) is the -cpu, BOOT_APPEND is added to the kernel arguments,
# BOOT_MMU (default Radix) is what /proc/cpuinfo's MMU line must say.
set -u
cd "$(dirname "$0")/../.."
. tests/boot/console.bash
boot_test_setup

BOOT_CPU=${BOOT_CPU:-POWER9}
BOOT_MMU=${BOOT_MMU:-Radix}
# BOOT_UNIMP_QUIET (powerjit only): an ERE that no line of the boot's
# -d unimp,guest_errors log may match (what this CPU model must handle)
unimp_args=()
if [ -n "${BOOT_UNIMP_QUIET:-}" ] && [ "$(boot_emulator)" = powerjit ]; then
    unimp_args=(-d unimp,guest_errors -D "$CON_TMP/unimp.log")
fi
guest_cmdline "console=hvc0${BOOT_APPEND:+ $BOOT_APPEND}" "${unimp_args[@]}"
echo "command: ${EMU[*]}"
console_start "$CON_TMP/console" "${EMU[@]}"
boot_to_shell boot || exit 1

# expect NAME WANT: CON_OUT must be WANT

# typed input reaching a program that waits for it, after the guest has
# been idle for a while (its console interrupt must wake it)
sleep 2
console_send 'read -r line; echo "got <$line>"'
sleep 1
console_type $'typed 123 !\r'
console_collect
CON_OUT=$(tail -n 1 <<<"$CON_OUT") # the line before is the terminal's echo
expect "typed input" "got <typed 123 !>"

console_run 'uname -m'
expect "uname -m" ppc64le

console_run 'cat /proc/cpuinfo'
cpuinfo=$CON_OUT
before=$CHECK_FAILED
for want in "^cpu[[:space:]]*: $BOOT_CPU" "^MMU[[:space:]]*: $BOOT_MMU\$" '^timebase[[:space:]]*: 512000000$'; do
    if got=$(grep -E -m1 "$want" <<<"$cpuinfo"); then
        pass "/proc/cpuinfo: $got"
    else
        fail "/proc/cpuinfo has no line matching '$want'"
    fi
done
[ "$CHECK_FAILED" = "$before" ] || sed 's/^/    | /' <<<"$cpuinfo"

# the guest's clock (RTAS get-time-of-day, then the timebase) against the
# host's, read just before typing and just after the answer
before=$(date +%s)
console_run 'date +%s'
after=$(date +%s)
if [[ "$CON_OUT" =~ ^[0-9]+$ ]] && [ "$CON_OUT" -ge $((before - 3)) ] && [ "$CON_OUT" -le $((after + 3)) ]; then
    pass "date +%s: $CON_OUT (host $before..$after)"
else
    fail "date +%s: got '$CON_OUT', host $before..$after"
fi

# data generated in the guest, hashed there and on the host
host_seq=$(seq 1 10000 | md5sum | cut -d' ' -f1)
console_run "seq 1 10000 | md5sum"
expect "md5sum of seq 1 10000 through a pipe" "$host_seq  -"

host_u=$(head -c 524288 /dev/zero | tr '\000' U | md5sum | cut -d' ' -f1)
console_run "dd if=/dev/zero bs=1k count=512 2>/dev/null | tr '\\000' U | md5sum"
expect "md5sum of 512 KiB of 'U'" "$host_u  -"

host_big=$(seq 1 100000 | md5sum | cut -d' ' -f1)
host_sha=$(seq 1 100000 | sha256sum | cut -d' ' -f1)
console_run 'seq 1 100000 >/tmp/t.dat && md5sum </tmp/t.dat'
expect "md5sum of a 589 KB file in the initramfs" "$host_big  -"
console_run 'sha256sum </tmp/t.dat'
expect "sha256sum of the same file" "$host_sha  -"
console_run 'gzip -c /tmp/t.dat | gunzip -c | md5sum; rm /tmp/t.dat'
expect "gzip | gunzip round trip" "$host_big  -"

# floating point: only correctly rounded operations (+ * /; Debian's busybox
# awk has no math library), in the same order, so any IEEE-754 double
# implementation prints the same digits
fp_prog='BEGIN { s = 0; for (i = 1; i <= 20000; i++) s += i * 1.5 / (i * i + 0.25); printf "%.12f\n", s }'
host_fp=$(awk "$fp_prog")
console_run "awk '$fp_prog'"
expect "awk floating point" "$host_fp"

# 200 fork/exec of a program, then a pipeline per line
console_run 'n=0; for i in $(seq 200); do /bin/true && n=$((n + 1)); done; echo $n' $((2 * STAGE_TIMEOUT))
expect "200 fork/exec of /bin/true" 200
console_run 'seq 200 | while read -r x; do echo "$x" | cat; done | wc -l' $((2 * STAGE_TIMEOUT))
expect "a 200-line pipeline (echo | cat per line)" 200

expect_clean_dmesg "" 'WARNING|BUG|Oops|Call Trace'

expect_poweroff ""

if [ ${#unimp_args[@]} -gt 0 ]; then
    if [ ! -f "$CON_TMP/unimp.log" ]; then
        fail "-d unimp,guest_errors: no log written"
    elif grep -E "$BOOT_UNIMP_QUIET" "$CON_TMP/unimp.log" >"$CON_TMP/unimp.bad"; then
        fail "-d unimp,guest_errors logged what this model handles:"
        sed 's/^/    | /' "$CON_TMP/unimp.bad" | head -n 5
    else
        pass "-d unimp,guest_errors: no line matching $BOOT_UNIMP_QUIET"
    fi
fi

if [ "$CHECK_FAILED" -ne 0 ]; then
    echo "$CHECK_FAILED check(s) failed"
    exit 1
fi
echo "all checks passed"
