#!/bin/bash
# HMP `info cpus` with several vCPUs (-S, -monitor stdio; the guest never
# runs): one line per vCPU as QEMU prints them, "* CPU #0: thread_id=N"
# for the monitor's CPU and "  CPU #i: thread_id=N" for the others.
#   -smp 3 (one host thread per vCPU): three lines, three different
#       thread ids, each a thread of the emulator's process
#   -accel tcg,thread=single -smp 2: two lines, one thread id for both,
#       a thread of the process
# BOOT_EMULATOR=qemu runs the same checks against Debian's
# qemu-system-ppc64, whose output the expectations come from.
# Exit status: 0 pass, 1 fail, 77 skip (no guest: scripts/fetch-guest).
set -u
cd "$(dirname "$0")/../.."
POWERJIT=${POWERJIT:-build/powerjit}
KERNEL=${GUEST_KERNEL:-build/guest/vmlinux}

if [ ! -f "$KERNEL" ]; then
    echo "SKIP: no guest kernel (scripts/fetch-guest)"
    exit 77
fi
if [ "${BOOT_EMULATOR:-powerjit}" = qemu ]; then
    command -v qemu-system-ppc64 >/dev/null || { echo "SKIP: no qemu-system-ppc64"; exit 77; }
    EMU=(qemu-system-ppc64 -M pseries,x-vof=on -vga none)
else
    [ -x "$POWERJIT" ] || { echo "FAIL: $POWERJIT is not built"; exit 1; }
    EMU=("$POWERJIT" -M pseries)
fi

TMP=$(mktemp -d)
EMU_PID=
cleanup() {
    exec 3>&- 2>/dev/null
    [ -n "$EMU_PID" ] && kill "$EMU_PID" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT

failed=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

# info_cpus WHAT NCPUS SAME ARGS...: starts the emulator stopped with ARGS,
# asks `info cpus`, checks its lines (SAME: 1 if every vCPU must name the
# same thread, 0 if each its own), quits
info_cpus() {
    local what=$1 n=$2 same=$3 i lines tids
    shift 3
    rm -f "$TMP/in"
    mkfifo "$TMP/in"
    "${EMU[@]}" -m 1G -kernel "$KERNEL" -S -display none -serial none \
        -monitor stdio "$@" <"$TMP/in" >"$TMP/out" 2>&1 &
    EMU_PID=$!
    exec 3>"$TMP/in"
    echo "info cpus" >&3
    # the last vCPU's line, then the next prompt: the answer is whole
    for ((i = 0; i < 600; i++)); do
        tr -d '\r' <"$TMP/out" | grep -aqE "CPU #$((n - 1)): thread_id=[0-9]+$" &&
            break
        kill -0 "$EMU_PID" 2>/dev/null || break
        sleep 0.1
    done
    # QEMU's readline redraws the typed line with escapes; keep the answer
    lines=$(tr -d '\r' <"$TMP/out" | sed 's/\x1b\[[0-9]*[A-Z]//g' |
        grep -aoE '[* ] CPU #[0-9]+: thread_id=[0-9]+$')
    tids=$(sed 's/.*thread_id=//' <<<"$lines")
    if [ "$(wc -l <<<"$lines")" = "$n" ] &&
        [ "$(sed -n 's/^\([* ]\) CPU #\([0-9]*\):.*/\1\2/p' <<<"$lines" | tr '\n' ,)" = \
          "$(for ((i = 0; i < n; i++)); do [ $i = 0 ] && printf '*0,' || printf ' %d,' $i; done)" ]; then
        pass "$what: $n lines, CPU #0 marked"
    else
        fail "$what: got"
        sed 's/^/    | /' "$TMP/out"
    fi
    if [ "$same" = 1 ] && [ "$(sort -u <<<"$tids" | wc -l)" = 1 ]; then
        pass "$what: one thread for all"
    elif [ "$same" = 0 ] && [ "$(sort -u <<<"$tids" | wc -l)" = "$n" ]; then
        pass "$what: a thread each"
    else
        fail "$what: thread ids $(echo $tids)"
    fi
    local bad=0
    for i in $tids; do
        [ -d "/proc/$EMU_PID/task/$i" ] || bad=1
    done
    if [ $bad = 0 ]; then
        pass "$what: the ids are threads of the emulator"
    else
        fail "$what: thread ids $(echo $tids) not all in /proc/$EMU_PID/task: $(ls /proc/$EMU_PID/task | tr '\n' ' ')"
    fi
    echo quit >&3
    for ((i = 0; i < 300; i++)); do
        kill -0 "$EMU_PID" 2>/dev/null || break
        sleep 0.1
    done
    kill "$EMU_PID" 2>/dev/null
    wait "$EMU_PID" 2>/dev/null
    EMU_PID=
    exec 3>&-
}

info_cpus "-smp 3" 3 0 -smp 3
info_cpus "thread=single -smp 2" 2 1 -accel tcg,thread=single -smp 2
info_cpus "-smp 1" 1 1

[ $failed -eq 0 ]
