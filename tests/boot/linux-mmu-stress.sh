#!/bin/bash
# The MMU under many processes, in radix and in hash mode: Debian's
# ppc64el kernel with the busybox initramfs and tests/boot/mmu-stress.c
# (built static with powerpc64le-linux-gnu-gcc, appended to the initramfs
# as a second cpio archive), booted as -cpu POWER9 (radix), -cpu POWER9
# with disable_radix (hash) and -cpu POWER8 (hash; MMU_LIST overrides
# the list, words CPU:APPEND).  In each the guest runs
#     mmu-stress 4 8 48
# four processes at once, each eight rounds of mmap, page faults, fork
# with copy-on-write, mprotect read-only / none / read-write with the
# SIGSEGVs protection says, munmap, and a MAP_SHARED page across fork; the
# counts it prints are computed here from the arguments alone (the
# program's own header says how), and were checked against qemu-ppc64le.
# Then /proc/cpuinfo's MMU line, a clean dmesg and poweroff -f with status 0.
#
# Exit status: 0 pass, 1 fail, 77 skipped (no guest, or no static ppc64le
# toolchain).  Same environment as linux-boot.sh (POWERJIT, BOOT_ACCEL,
# BOOT_EMULATOR=qemu, GUEST_*).
set -u
cd "$(dirname "$0")/../.."
. tests/boot/console.bash
boot_test_setup

initrd_add_program mmu-stress tests/boot/mmu-stress.c ||
    { echo "skipped"; exit 77; }

procs=4 rounds=8 pages=48
pr=$((procs * rounds))
want="zero $((pr * pages))
pattern $((pr * pages))
cow $pr
segv $((5 * pr))
shared $pr
errors 0"

for conf in ${MMU_LIST:-POWER9: POWER9:disable_radix POWER8:}; do
    IFS=: read -r cpu append <<<"$conf"
    mmu=Radix
    [ "$cpu" = POWER8 ] || [ -n "$append" ] && mmu=Hash
    what="-cpu $cpu${append:+ $append} ($mmu)"
    BOOT_CPU=$cpu guest_cmdline "console=hvc0${append:+ $append}"
    echo "command: ${EMU[*]}"
    console_start "$CON_TMP/console.$cpu$append" "${EMU[@]}"
    boot_to_shell "$what" || exit 1
    console_run 'echo 1 >/proc/sys/kernel/printk'

    console_run "grep -m1 '^MMU' /proc/cpuinfo | tr -d ' \\t'"
    expect "$what: /proc/cpuinfo MMU" "MMU:$mmu"
    console_run "/mmu-stress $procs $rounds $pages" $((4 * STAGE_TIMEOUT))
    if [ -z "$CON_RC" ]; then
        fail "$what: mmu-stress: no answer within $((4 * STAGE_TIMEOUT)) s"
        console_dump 20
    elif [ "$CON_OUT" = "$want" ]; then
        pass "$what: mmu-stress $procs $rounds $pages: every count right (at $(console_elapsed) s)"
    else
        fail "$what: mmu-stress printed:"
        sed 's/^/    | /' <<<"$CON_OUT"
        echo "  want:"
        sed 's/^/    | /' <<<"$want"
    fi
    # the guest's own SIGSEGVs are expected; the kernel must not complain
    expect_clean_dmesg "$what: " 'WARNING|BUG|Oops|Call Trace|stall|Bad page'
    expect_poweroff "$what: "
done

if [ "$CHECK_FAILED" -ne 0 ]; then
    echo "$CHECK_FAILED check(s) failed"
    exit 1
fi
echo "all checks passed"
