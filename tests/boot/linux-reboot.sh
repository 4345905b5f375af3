#!/bin/bash
# The ways a Linux guest ends or restarts the machine, on the same boot as
# tests/boot/linux-boot.sh (Debian's ppc64el kernel, busybox initramfs,
# -M pseries -cpu POWER9 -m 1G -nographic -append console=hvc0):
#   reboot      `reboot -f` at the shell resets the machine (RTAS
#               system-reboot), the kernel boots again to the shell, and
#               `poweroff -f` then ends the emulator with status 0
#   no-reboot   with -no-reboot, `reboot -f` ends the emulator with status 0
#   ctrl-a x    Ctrl-A x typed on the console quits the emulator with
#               status 0, as in QEMU (-nographic multiplexes the monitor)
# One PASS/FAIL line per check; each stage has STAGE_TIMEOUT seconds
# (default 60).
#
# Exit status: 0 pass, 1 fail, 77 skipped (no guest and no way to fetch it).
# Variables as in tests/boot/linux-boot.sh (POWERJIT, BOOT_ACCEL,
# BOOT_EMULATOR=qemu, GUEST_KERNEL, GUEST_INITRD).
set -u
cd "$(dirname "$0")/../.."
. tests/boot/console.bash
boot_test_setup

# expect_exit WHAT: the emulator must exit with status 0 within the stage time
expect_exit() {
    console_exit "$STAGE_TIMEOUT"
    if [ "$CON_STATUS" = 0 ]; then
        pass "$1: the emulator exited with status 0 at $(console_elapsed) s"
    else
        fail "$1: emulator exit status $CON_STATUS"
        console_dump 15
    fi
}

echo "--- reboot"
guest_cmdline console=hvc0
console_start "$CON_TMP/reboot.log" "${EMU[@]}"
if boot_to_shell "first boot"; then
    console_type $'reboot -f\r'
    reboot_at=${EPOCHREALTIME/./}
    if boot_to_shell "after reboot -f"; then
        console_run 'uname -m; cat /proc/uptime'
        up=$(sed -n '2s/[. ].*//p' <<<"$CON_OUT")
        since=$(((${EPOCHREALTIME/./} - reboot_at) / 1000000))
        if [ "$(head -n 1 <<<"$CON_OUT")" = ppc64le ] && [ -n "$up" ] &&
            [ "$up" -le $((since + 1)) ]; then
            pass "the second boot's shell runs commands (uptime $up s, $since s after reboot -f)"
        else
            fail "the second boot's shell: got '$CON_OUT'"
        fi
        console_type $'poweroff -f\r'
        expect_exit "poweroff -f after the reboot"
    fi
fi
console_stop

echo "--- no-reboot"
guest_cmdline console=hvc0 -no-reboot
console_start "$CON_TMP/no-reboot.log" "${EMU[@]}"
if boot_to_shell "boot with -no-reboot"; then
    console_type $'reboot -f\r'
    expect_exit "reboot -f with -no-reboot"
    if grep -q 'Run /init' <(tail -c +$((CON_OFF + 1)) "$CON_LOG"); then
        fail "reboot -f with -no-reboot: the kernel booted again"
    fi
fi
console_stop

echo "--- ctrl-a x"
guest_cmdline console=hvc0
console_start "$CON_TMP/ctrl-a.log" "${EMU[@]}"
if console_wait '] Linux version'; then
    console_type $'\001x'
    expect_exit "Ctrl-A x during the boot"
else
    fail "Ctrl-A x: no '] Linux version' within ${STAGE_TIMEOUT} s"
    console_dump 10
fi
console_stop

if [ "$CHECK_FAILED" -ne 0 ]; then
    echo "$CHECK_FAILED check(s) failed"
    exit 1
fi
echo "all checks passed"
