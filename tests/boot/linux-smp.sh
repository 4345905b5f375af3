#!/bin/bash
# Boots Debian's ppc64el kernel with the busybox initramfs (as
# linux-boot.sh) on SMP machines: `-smp 2` and `-smp 4,threads=2` (two
# SMT2 cores; SMP_LIST names others, e.g. SMP_LIST="4 8,threads=4").  For
# each: the guest must see
# every CPU online (nproc, /proc/cpuinfo, /sys/devices/system/cpu/online;
# the counts come from the command line), run work on all of them at once
# with right results (md5sum of data the host hashes too, one pipeline per
# CPU), take CPU 1 offline and online again through sysfs (RTAS stop-self
# and start-cpu), show a clean dmesg, and power off with status 0.  The
# kernel sends IPIs between the threads of a core as msgsndp doorbells
# (the DBL row of /proc/interrupts) and to other cores through the XICS:
# with threads > 1 doorbells must have been taken, with one thread per
# core none.
#
# The vCPUs run one host thread each (-accel tcg,thread=multi, the
# default); BOOT_ACCEL=tcg,thread=single checks the round robin.  When
# the ppc64le cross compiler can link static programs, tests/boot/
# smp-atomics.c is built into the scratch dir, appended to the initramfs
# as a second cpio archive, and run with one thread per CPU: atomic adds
# of every width (larx/stcx.), a 16-byte CAS (lqarx/stqcx.), mutex-guarded
# adds (totals exact: THREADS * ITERATIONS, from the arguments) and a
# message-passing litmus test with lwsync on both sides (the forbidden
# outcome never seen).  FULL=1 (make check-full) runs it longer.
#
# Exit status: 0 pass, 1 fail, 77 skipped (no guest).  Same environment as
# linux-boot.sh (POWERJIT, BOOT_ACCEL, BOOT_EMULATOR=qemu, GUEST_*).
set -u
cd "$(dirname "$0")/../.."
. tests/boot/console.bash
boot_test_setup

host_big=$(seq 1 100000 | md5sum | cut -d' ' -f1)

atomics=0
if powerpc64le-linux-gnu-gcc -O2 -static -pthread -mcpu=power9 \
        -o "$CON_TMP/smp-atomics" tests/boot/smp-atomics.c \
        2>"$CON_TMP/cc.log" &&
    (cd "$CON_TMP" && echo smp-atomics | cpio -o -H newc --quiet) \
        >"$CON_TMP/extra.cpio"; then
    # the kernel unpacks every archive of the initramfs in turn; each
    # starts on a 4-byte boundary (zeros between them are skipped)
    cp "$INITRD" "$CON_TMP/initrd"
    pad=$(( (4 - $(stat -c %s "$CON_TMP/initrd") % 4) % 4 ))
    head -c "$pad" /dev/zero >>"$CON_TMP/initrd"
    cat "$CON_TMP/extra.cpio" >>"$CON_TMP/initrd"
    INITRD=$CON_TMP/initrd
    atomics=1
else
    echo "note: no static ppc64le toolchain (libc6-dev-ppc64el-cross):" \
         "the atomics program is not run"
fi
if [ "${FULL:-0}" = 1 ]; then
    a_iters=200000 a_rounds=5000000
else
    a_iters=20000 a_rounds=200000
fi

for smp in ${SMP_LIST:-2 4,threads=2}; do
    n=${smp%%,*}
    case $smp in
    *threads=[2-8]*) smt=1 ;;
    *) smt=0 ;;
    esac
    guest_cmdline console=hvc0 -smp "$smp"
    echo "command: ${EMU[*]}"
    console_start "$CON_TMP/console.$n" "${EMU[@]}"
    boot_to_shell "-smp $smp" || exit 1
    # kernel messages (an "hrtimer: interrupt took" on a busy host) would
    # land between a command's output lines: keep them in dmesg only
    console_run 'echo 1 >/proc/sys/kernel/printk'

    console_run 'nproc'
    expect "-smp $smp: nproc" "$n"
    console_run 'grep -c ^processor /proc/cpuinfo'
    expect "-smp $smp: processors in /proc/cpuinfo" "$n"
    console_run 'cat /sys/devices/system/cpu/online'
    expect "-smp $smp: /sys/devices/system/cpu/online" "0-$((n - 1))"

    # one md5sum pipeline per CPU at once, each on its own data
    console_run "for i in \$(seq $n); do (seq 1 100000 | md5sum >/tmp/h.\$i) & done; wait; cat /tmp/h.* | sort -u" $((2 * STAGE_TIMEOUT))
    expect "-smp $smp: $n md5sum pipelines at once" "$host_big  -"

    if [ "$atomics" = 1 ]; then
        total=$((n * a_iters))
        console_run "/smp-atomics $n $a_iters $a_rounds" $((4 * STAGE_TIMEOUT))
        expect "-smp $smp: $n threads of atomics and the message-passing litmus test" "add32 $total
add64 $total
add16 $((total % 65536))
add8 $((total % 256))
cas128 $total
mutex $total
mp-forbidden 0
mp-seen yes"
    fi

    console_run 'echo 0 >/sys/devices/system/cpu/cpu1/online; cat /sys/devices/system/cpu/cpu1/online; nproc'
    expect "-smp $smp: cpu1 offline" "0
$((n - 1))"
    console_run 'echo 1 >/sys/devices/system/cpu/cpu1/online; cat /sys/devices/system/cpu/cpu1/online; nproc'
    expect "-smp $smp: cpu1 online again" "1
$n"
    console_run 'n=0; for i in $(seq 100); do /bin/true && n=$((n + 1)); done; echo $n' $((2 * STAGE_TIMEOUT))
    expect "-smp $smp: 100 fork/exec after the hotplug" 100

    # the doorbells taken on every CPU (Linux counts them in irq_stat)
    console_run "awk '\$1 == \"DBL:\" { s = 0; for (i = 2; i <= NF; i++) if (\$i ~ /^[0-9]+\$/) s += \$i; print (s > 0) ? \"some\" : \"none\" }' /proc/interrupts"
    expect "-smp $smp: doorbell interrupts" "$([ $smt = 1 ] && echo some || echo none)"

    expect_clean_dmesg "-smp $smp: " 'WARNING|BUG|Oops|Call Trace|stuck|stall'

    expect_poweroff "-smp $smp: "
done

if [ "$CHECK_FAILED" -ne 0 ]; then
    echo "$CHECK_FAILED check(s) failed"
    exit 1
fi
echo "all checks passed"
