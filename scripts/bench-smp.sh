#!/bin/bash
# SMP benchmark: a CPU-bound guest program (tests/bench/smp-spin.c, built
# static for ppc64le and appended to the initramfs as a second cpio
# archive) inside Debian's Linux (scripts/fetch-guest), timed from the host
# around the shell command that runs it:
#     -smp 1   one copy
#     -smp 2   two copies at once (each should take as long as the one
#              copy: the speed-up is 2 x t(1 copy) / t(2 copies))
# under powerjit (-accel tcg: one host thread per vCPU) and under Debian's
# qemu-system-ppc64 (-M pseries,x-vof=on -cpu POWER9 -m 1G -smp N
# -vga none, multi-threaded TCG), N times each (default 3), medians.
# Both must print the result the host computes for the same rounds.
#
# Also printed, from the same runs: the boot to the kernel's 'Run /init'
# line under -smp 1 and -smp 2 (from the emulator's start, as the console
# shows it), and the host's own scaling: the program built
# for x86-64 run natively, one copy and then two at once, in each round.
# A host whose two CPUs are busy with other work, or share a core, makes
# the native pair slower than one copy as well, and bounds what an
# emulator can reach (its speed-up is the ceiling for the emulators').
#
# While it times something this script does not poll the console log
# (console.bash's console_wait runs tail, grep, head and sleep every
# 50 ms): it blocks in one `tail -f` (inotify) until the line comes.  On
# this 2-CPU VM, where a fork and exec costs milliseconds of CPU, the
# script's children took 1.24 CPU-seconds over the timed part of one
# -smp 2 pair run with the polls, 0.23 with the blocking wait (most of it
# collecting the output after the clock stops; load 16, 2026-12-07).  With -smp 2 both host CPUs
# run a vCPU and the poller's CPU came out of theirs, with -smp 1 it had
# the second CPU to itself; the native pair, timed with `wait`, never
# paid it.
#
#   scripts/bench-smp.sh [-n N] [--rounds R] [--one SMP]
# POWERJIT names the binary.  --one SMP: one powerjit run of SMP copies on
# -smp SMP, printing its seconds to 'Run /init' and the copies' seconds
# (to compare two binaries run after run).  Exit status 0 when every run printed the
# right results; the times are reported, not enforced.
set -u
cd "$(dirname "$0")/.."

N=3
ROUNDS=200000000
ONE=
while [ $# -gt 0 ]; do
    case "$1" in
    -n) N=$2; shift ;;
    --rounds) ROUNDS=$2; shift ;;
    --one) ONE=$2; shift ;;
    *) echo "usage: $0 [-n N] [--rounds R] [--one SMP]" >&2; exit 2 ;;
    esac
    shift
done

. tests/boot/console.bash
STAGE_TIMEOUT=${STAGE_TIMEOUT:-300}
boot_test_setup

if ! powerpc64le-linux-gnu-gcc -O2 -static -o "$CON_TMP/smp-spin" \
        tests/bench/smp-spin.c 2>"$CON_TMP/cc.log" ||
    ! cc -O2 -o "$CON_TMP/smp-spin-host" tests/bench/smp-spin.c; then
    echo "bench-smp: cannot build tests/bench/smp-spin.c (needs libc6-dev-ppc64el-cross)"
    exit 77
fi
want=$("$CON_TMP/smp-spin-host" "$ROUNDS")
(cd "$CON_TMP" && echo smp-spin | cpio -o -H newc --quiet) >"$CON_TMP/extra.cpio"
cp "$INITRD" "$CON_TMP/initrd"
head -c $(( (4 - $(stat -c %s "$CON_TMP/initrd") % 4) % 4 )) /dev/zero >>"$CON_TMP/initrd"
cat "$CON_TMP/extra.cpio" >>"$CON_TMP/initrd"
INITRD=$CON_TMP/initrd

# quiet_wait TEXT SECONDS: waits until TEXT appears on the console after
# the offset, blocked in tail -f rather than polling (the offset stays:
# console_collect or console_wait then finds TEXT again at once)
quiet_wait() {
    local off=$CON_OFF at pid
    if console_find "$1"; then
        CON_OFF=$off
        return 0
    fi
    at=$(grep -a -b -o -F -m1 -- "$1" < <(
        echo "$BASHPID" >"$CON_TMP/quiet.pid"
        exec timeout "$2" tail -c +$((CON_OFF + 1)) -f --pid="$CON_PID" "$CON_LOG" 2>/dev/null))
    # the tail (timeout's child) would linger until the console's next line
    pid=$(cat "$CON_TMP/quiet.pid")
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    [ -n "$at" ]
}

median() {
    sort -n | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

ok=1
# one_run EMULATOR SMP COPIES: prints the seconds to 'Run /init' and the
# seconds the copies took, or nothing on failure
one_run() {
    local emu=$1 smp=$2 copies=$3 cmd t0 t1 expect i boot
    BOOT_EMULATOR=$emu guest_cmdline console=hvc0 -smp "$smp"
    [ "$emu" = qemu ] && EMU+=(-vga none)
    console_start "$CON_TMP/console.$emu.$smp" "${EMU[@]}"
    if ! quiet_wait 'Run /init' "$STAGE_TIMEOUT"; then
        console_stop
        return 1
    fi
    boot=$(console_elapsed)
    if ! boot_to_shell "$emu -smp $smp" >/dev/null; then
        console_stop
        return 1
    fi
    console_run 'echo 1 >/proc/sys/kernel/printk' >/dev/null
    cmd=""
    expect=""
    for i in $(seq "$copies"); do
        cmd="$cmd/smp-spin $ROUNDS >/tmp/s.$i & "
        expect="$expect$want"$'\n'
    done
    t0=$EPOCHREALTIME
    console_send "${cmd}wait; cat /tmp/s.*"
    quiet_wait "@@${CON_SEQ}E " $((4 * STAGE_TIMEOUT))
    t1=$EPOCHREALTIME
    console_collect $((4 * STAGE_TIMEOUT))
    console_type $'poweroff -f\r'
    console_exit "$STAGE_TIMEOUT"
    if [ "$CON_OUT"$'\n' != "$expect" ]; then
        echo "bench-smp: $emu -smp $smp: got '$CON_OUT'" >&2
        return 1
    fi
    echo "$boot $t0 $t1" | awk '{printf "%s %.3f\n", $1, $3 - $2}'
}

# host_run COPIES: seconds for COPIES native copies at once
host_run() {
    local t0 t1 i
    t0=$EPOCHREALTIME
    for i in $(seq "$1"); do
        "$CON_TMP/smp-spin-host" "$ROUNDS" >"$CON_TMP/h.$i" &
    done
    wait
    t1=$EPOCHREALTIME
    for i in $(seq "$1"); do
        [ "$(cat "$CON_TMP/h.$i")" = "$want" ] || return 1
    done
    echo "$t0 $t1" | awk '{printf "%.3f\n", $2 - $1}'
}

if [ -n "$ONE" ]; then
    one_run powerjit "$ONE" "$ONE" || exit 1
    exit 0
fi
declare -A times boots
for i in $(seq "$N"); do
    for emu in powerjit qemu; do
        for smp in 1 2; do
            r=$(one_run "$emu" "$smp" "$smp") || { ok=0; continue; }
            [ -n "$r" ] || { ok=0; continue; }
            boots[$emu.$smp]+="${r%% *} "
            times[$emu.$smp]+="${r##* } "
        done
    done
    for c in 1 2; do
        t=$(host_run $c) && times[host.$c]+="$t " || ok=0
    done
done

printf "%-36s %10s %10s %9s\n" "$ROUNDS rounds per copy" "-smp 1 x1" "-smp 2 x2" "speed-up"
for emu in powerjit qemu host; do
    t1=$(tr ' ' '\n' <<<"${times[$emu.1]:-}" | grep . | median)
    t2=$(tr ' ' '\n' <<<"${times[$emu.2]:-}" | grep . | median)
    name=$emu
    [ "$emu" = qemu ] && name="qemu-system-ppc64 (MTTCG)"
    [ "$emu" = host ] && name="host, native x86-64 (1 and 2 copies)"
    if [ -n "$t1" ] && [ -n "$t2" ]; then
        printf "%-36s %9ss %9ss %9s\n" "$name" "$t1" "$t2" \
            "$(echo "$t1 $t2" | awk '{printf "%.2f", 2 * $1 / $2}')"
    else
        printf "%-36s %10s %10s\n" "$name" "${t1:-fail}" "${t2:-fail}"
    fi
done
echo "(median of $N runs; speed-up 2.00 = two vCPUs did twice the work in the same time)"
med() { tr ' ' '\n' <<<"${1:-}" | grep . | median; }
p1=$(med "${times[powerjit.1]:-}"); p2=$(med "${times[powerjit.2]:-}")
q2=$(med "${times[qemu.2]:-}")
if [ -n "$p1" ] && [ -n "$p2" ] && [ -n "$q2" ]; then
    echo "powerjit pair / one copy: $(echo "$p2 $p1" | awk '{printf "%.2f", $1 / $2}') (goal <= 1.15);" \
        "powerjit pair / QEMU pair: $(echo "$p2 $q2" | awk '{printf "%.2f", $1 / $2}') (goal <= 0.67)"
fi
printf "%-36s %10s %10s %9s\n" "boot to 'Run /init'" "-smp 1" "-smp 2" ""
for emu in powerjit qemu; do
    name=$emu
    [ "$emu" = qemu ] && name="qemu-system-ppc64 (MTTCG)"
    printf "%-36s %9ss %9ss\n" "$name" "$(med "${boots[$emu.1]:-}")" "$(med "${boots[$emu.2]:-}")"
done
b2=$(med "${boots[powerjit.2]:-}"); c2=$(med "${boots[qemu.2]:-}")
if [ -n "$b2" ] && [ -n "$c2" ]; then
    echo "-smp 2 boot powerjit / QEMU: $(echo "$b2 $c2" | awk '{printf "%.2f", $1 / $2}') (goal <= 0.6)"
fi
[ "$ok" = 1 ]
