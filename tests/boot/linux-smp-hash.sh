#!/bin/bash
# SMP in hash-MMU mode: Debian's ppc64el kernel with the busybox initramfs
# (as linux-smp.sh) on `-smp 2` with -cpu POWER8 (hash only, XICS IPIs)
# and with -cpu POWER9 and the kernel argument disable_radix.  For each:
# the kernel must bring the secondary up (no "Processor 1 is stuck"; a
# secondary that turns translation on must find the partition's HPT
# through its own kernel SLB entries), the guest must see both CPUs
# (nproc, /proc/cpuinfo, /sys/devices/system/cpu/online; "MMU : Hash"),
# run one md5sum pipeline per CPU with the host's result, take CPU 1
# offline and online again (RTAS stop-self, start-cpu: the secondary
# comes back through the same hash-mode entry path), fork/exec after
# that, show a clean dmesg and power off with status 0.  The counts come
# from the command line, the checksum from the host.
#
# HASH_SMP_LIST overrides the configurations ("CPU:APPEND:SMP" words;
# e.g. HASH_SMP_LIST="POWER8::8 POWER8::2,threads=2").  Exit status: 0
# pass, 1 fail, 77 skipped (no guest).  Same environment as
# linux-boot.sh (POWERJIT, BOOT_ACCEL, BOOT_EMULATOR=qemu, GUEST_*).
set -u
cd "$(dirname "$0")/../.."
. tests/boot/console.bash
boot_test_setup

host_big=$(seq 1 100000 | md5sum | cut -d' ' -f1)

for conf in ${HASH_SMP_LIST:-POWER8::2 POWER9:disable_radix:2}; do
    IFS=: read -r cpu append smp <<<"$conf"
    n=${smp%%,*}
    what="-cpu $cpu${append:+ $append} -smp $smp"
    BOOT_CPU=$cpu guest_cmdline "console=hvc0${append:+ $append}" -smp "$smp"
    echo "command: ${EMU[*]}"
    console_start "$CON_TMP/console.$cpu.$n" "${EMU[@]}"
    boot_to_shell "$what" || exit 1
    console_run 'echo 1 >/proc/sys/kernel/printk'

    console_run 'nproc'
    expect "$what: nproc" "$n"
    console_run 'grep -c ^processor /proc/cpuinfo'
    expect "$what: processors in /proc/cpuinfo" "$n"
    console_run 'cat /sys/devices/system/cpu/online'
    expect "$what: /sys/devices/system/cpu/online" "0-$((n - 1))"
    console_run "grep -m1 '^MMU' /proc/cpuinfo | tr -d ' \\t'"
    expect "$what: /proc/cpuinfo MMU" "MMU:Hash"
    console_run "grep -m1 '^cpu' /proc/cpuinfo | awk '{ print \$3 }'"
    expect "$what: /proc/cpuinfo cpu" "$cpu"

    console_run "for i in \$(seq $n); do (seq 1 100000 | md5sum >/tmp/h.\$i) & done; wait; cat /tmp/h.* | sort -u" $((2 * STAGE_TIMEOUT))
    expect "$what: $n md5sum pipelines at once" "$host_big  -"

    console_run 'echo 0 >/sys/devices/system/cpu/cpu1/online; cat /sys/devices/system/cpu/cpu1/online; nproc'
    expect "$what: cpu1 offline" "0
$((n - 1))"
    console_run 'echo 1 >/sys/devices/system/cpu/cpu1/online; cat /sys/devices/system/cpu/cpu1/online; nproc'
    expect "$what: cpu1 online again" "1
$n"
    console_run 'n=0; for i in $(seq 100); do /bin/true && n=$((n + 1)); done; echo $n' $((2 * STAGE_TIMEOUT))
    expect "$what: 100 fork/exec after the hotplug" 100

    expect_clean_dmesg "$what: " 'WARNING|BUG|Oops|Call Trace|stuck|stall'

    expect_poweroff "$what: "
done

if [ "$CHECK_FAILED" -ne 0 ]; then
    echo "$CHECK_FAILED check(s) failed"
    exit 1
fi
echo "all checks passed"
