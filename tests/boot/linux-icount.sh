#!/bin/bash
# -icount (issue 11, deterministic runs; accel/tcg/icount.c): Debian's
# kernel booted twice with
#     -icount shift=5,sleep=off -rtc base=2020-01-01T00:00:00,clock=vm
# runs a fixed script in its shell (dmesg, cat /proc/uptime, date) and
# powers off; the two console transcripts must be byte-identical, kernel
# timestamps included.  A third boot with sleep=on (the idle vCPU waits in
# host time, then the clock makes the same jump) must give the same bytes
# again, and a fourth without -icount must differ (its timestamps follow
# the host), so that the comparison can fail.
#
# The commands come from the initramfs (a /init of this test's own,
# in a cpio archive of its own with the standard initramfs's busybox),
# not typed on the console: input typed by the host arrives at a host
# moment, which no emulator without record/replay can make repeatable.
# cryptomgr.notests skips the kernel's crypto self-tests, which are most
# of the boot's instructions and of its idle time (25 of 31 s of guest
# time at shift=5, and sleep=on waits the idle part in host time).
#
# Exit status: 0 pass, 1 fail, 77 skipped (no guest, no cpio).
set -u
cd "$(dirname "$0")/../.."
. tests/boot/console.bash
boot_test_setup

if ! command -v cpio >/dev/null; then
    echo "skipped: cpio is not installed"
    exit 77
fi
root=$CON_TMP/root
mkdir -p "$root/bin" "$root/proc" "$root/sys"
if ! (cd "$root" && gzip -dc "$OLDPWD/$INITRD" | cpio -id --quiet bin/busybox) ||
    [ ! -x "$root/bin/busybox" ]; then
    echo "FAIL: no bin/busybox in $INITRD"
    exit 1
fi
cat >"$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
echo "icount-test: begin"
sh -c 'dmesg; cat /proc/uptime; date'
echo "icount-test: end"
poweroff -f
INIT
chmod +x "$root/init"
find "$root" -exec touch -h -d @0 {} +
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
    gzip -1 -n >"$CON_TMP/initrd.gz"
INITRD=$CON_TMP/initrd.gz
RTC=(-rtc base=2020-01-01T00:00:00,clock=vm)

# icount_boot NAME ARGS...: boots with ARGS until the guest powers off;
# the transcript is $CON_TMP/NAME.log
icount_boot() {
    local name=$1
    shift
    guest_cmdline "console=hvc0 cryptomgr.notests" "$@"
    echo "command: ${EMU[*]}"
    console_start "$CON_TMP/$name.log" "${EMU[@]}"
    console_exit $((STAGE_TIMEOUT * 2))
    if [ "$CON_STATUS" = 0 ] && grep -q '^icount-test: end' "$CON_TMP/$name.log"; then
        pass "$name: ran the script and powered off (exit 0 at $(console_elapsed) s)"
    else
        fail "$name: emulator status $CON_STATUS"
        console_dump 20
        exit 1
    fi
}

icount_boot first -icount shift=5,sleep=off "${RTC[@]}"
icount_boot second -icount shift=5,sleep=off "${RTC[@]}"
icount_boot sleep-on -icount shift=5,sleep=on "${RTC[@]}"
icount_boot host-clock "${RTC[@]}"

log=$CON_TMP/first.log
lines=$(grep -c '^\[ *[0-9]*\.[0-9]*\]' "$log")
if cmp -s "$log" "$CON_TMP/second.log"; then
    pass "two runs with shift=5,sleep=off: identical transcripts ($(wc -c <"$log") bytes, $lines timestamped lines)"
else
    fail "two runs with shift=5,sleep=off differ:"
    diff "$log" "$CON_TMP/second.log" | head -n 10 | sed 's/^/    | /'
fi
if cmp -s "$log" "$CON_TMP/sleep-on.log"; then
    pass "sleep=on: the same transcript as sleep=off"
else
    fail "sleep=on differs from sleep=off:"
    diff "$log" "$CON_TMP/sleep-on.log" | head -n 10 | sed 's/^/    | /'
fi
# without -icount the timestamps follow the host: some kernel line's time
# must differ (the same text with other times would still be a pass of
# cmp, so compare the timestamps themselves)
ts() { grep -o '^\[ *[0-9]*\.[0-9]*\]' "$1"; }
if [ "$(ts "$log")" != "$(ts "$CON_TMP/host-clock.log")" ]; then
    pass "without -icount: the timestamps differ"
else
    fail "without -icount the timestamps are the same: the test cannot tell"
fi
# the guest's date comes from the RTC at base= plus the guest's own time
d=$(grep -a -A1 '^[0-9]*\.[0-9]* [0-9]*\.[0-9]*' "$log" | tail -n 1 | tr -d '\r')
case $d in
*" Jan  1 00:0"?":"??" UTC 2020") pass "date: '$d' (base=2020-01-01, clock=vm)" ;;
*) fail "date: got '$d', want 2020-01-01 00:0x:xx UTC" ;;
esac

[ "$CHECK_FAILED" -eq 0 ]
