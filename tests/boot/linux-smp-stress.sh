#!/bin/bash
# A stress run for `make check-full` (skipped unless FULL=1, which
# tests/run-tests.sh --full exports): Debian's kernel on -smp 4 (SMP_STRESS
# names another, e.g. SMP_STRESS=4,threads=2), and every vCPU busy at once
# for STRESS_SECS seconds of guest time (default 180): one worker per CPU
# runs the whole-program tests of tests/guest-progs (built by its build.sh,
# each checksum compared in the guest with the host's native run) and 20
# fork/exec of /bin/true per round, and one more runs tests/boot/
# smp-atomics.c (larx/stcx., quadword CAS, mutexes, the message-passing
# litmus test) in a loop, so that IPIs, TLB shootdowns of exiting
# processes and contended reservations all happen together.  Each worker
# counts its rounds and its wrong answers; the test wants every worker to
# have finished at least one round, no wrong answer, no kernel warning,
# oops, stall or lockup in dmesg, and a clean power-off.
#
# Exit status: 0 pass, 1 fail, 77 skipped (not FULL, no guest, no static
# ppc64le toolchain).  BOOT_EMULATOR=qemu runs it on QEMU.
set -u
cd "$(dirname "$0")/../.."
if [ "${FULL:-0}" != 1 ]; then
    echo "skipped: the SMP stress run is part of make check-full (FULL=1)"
    exit 77
fi
. tests/boot/console.bash
boot_test_setup

smp=${SMP_STRESS:-4}
n=${smp%%,*}
secs=${STRESS_SECS:-180}

tests/guest-progs/build.sh "$CON_TMP/progs" || {
    rc=$?
    [ $rc = 77 ] && exit 77
    echo "FAIL: tests/guest-progs/build.sh exited $rc"
    exit 1
}
root=$CON_TMP/progs/root
cp "$CON_TMP/progs/expected" "$root/progs/expected"
if ! powerpc64le-linux-gnu-gcc -O2 -static -pthread -mcpu=power9 \
        -o "$root/smp-atomics" tests/boot/smp-atomics.c; then
    echo "skipped: cannot build tests/boot/smp-atomics.c statically"
    exit 77
fi
# worker I SECONDS: rounds of every program (checksums against the host's)
# and fork/exec, until the guest clock passes the deadline; "I ROUNDS BAD"
# goes to /tmp/w.I.  Worker "a" loops over the atomics program instead.
cat >"$root/stress.sh" <<'SH'
#!/bin/sh
id=$1
end=$(( $(date +%s) + $2 ))
rounds=0 bad=0
while [ "$(date +%s)" -lt "$end" ]; do
    if [ "$id" = a ]; then
        out=$(/smp-atomics 4 5000 20000)
        want="add32 20000
add64 20000
add16 20000
add8 $((20000 % 256))
cas128 20000
mutex 20000
mp-forbidden 0
mp-seen yes"
        [ "$out" = "$want" ] || { bad=$((bad + 1)); echo "$out" >/tmp/bad.a; }
    else
        while read -r name sum; do
            got=$(/progs/o2/$name)
            [ "$got" = "$name $sum" ] || { bad=$((bad + 1)); echo "$got" >>/tmp/bad.$id; }
        done </progs/expected
        k=0
        while [ $k -lt 20 ]; do /bin/true || bad=$((bad + 1)); k=$((k + 1)); done
    fi
    rounds=$((rounds + 1))
done
echo "$id $rounds $bad" >/tmp/w.$id
SH
chmod +x "$root/stress.sh"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
    gzip -9 -n | cat "$INITRD" - >"$CON_TMP/initrd.gz"
INITRD=$CON_TMP/initrd.gz

guest_cmdline console=hvc0 -smp "$smp"
echo "command: ${EMU[*]}"
console_start "$CON_TMP/console" "${EMU[@]}"
boot_to_shell "-smp $smp" || exit 1
console_run 'echo 1 >/proc/sys/kernel/printk'
console_run 'nproc'
if [ "$CON_OUT" = "$n" ]; then
    pass "-smp $smp: nproc $n"
else
    fail "-smp $smp: nproc '$CON_OUT', want $n"
fi

# a round of every program may take a while under load: the deadline is
# the guest's, the wait here only guards against a hang
console_run "for i in \$(seq $n) a; do /stress.sh \$i $secs & done; wait; cat /tmp/w.* | sort" $((secs + 20 * STAGE_TIMEOUT))
if [ -z "$CON_RC" ]; then
    fail "-smp $smp: the workers did not finish within $((secs + 20 * STAGE_TIMEOUT)) s"
    console_dump 20
else
    workers=0 ok=1
    while read -r id rounds bad; do
        workers=$((workers + 1))
        if [ "${rounds:-0}" -lt 1 ] || [ "${bad:-1}" != 0 ]; then
            ok=0
        fi
        echo "    worker $id: $rounds rounds, $bad wrong"
    done <<<"$CON_OUT"
    if [ "$ok" = 1 ] && [ "$workers" = $((n + 1)) ]; then
        pass "-smp $smp: $workers workers for $secs s, every checksum and total right"
    else
        fail "-smp $smp: workers:"
        sed 's/^/    | /' <<<"$CON_OUT"
        console_run 'cat /tmp/bad.* 2>/dev/null | head -n 20'
        sed 's/^/    bad: /' <<<"$CON_OUT"
    fi
fi

console_run "dmesg | grep -E 'WARNING|BUG|Oops|Call Trace|stuck|stall|lockup'"
if [ "$CON_RC" = 1 ] && [ -z "$CON_OUT" ]; then
    pass "-smp $smp: dmesg: no WARNING, BUG, Oops, call trace, stall or lockup"
else
    fail "-smp $smp: dmesg shows:"
    sed 's/^/    | /' <<<"$CON_OUT"
fi

console_type $'poweroff -f\r'
console_exit "$STAGE_TIMEOUT"
if [ "$CON_STATUS" = 0 ]; then
    pass "-smp $smp: poweroff -f: status 0"
else
    fail "-smp $smp: poweroff -f: emulator exit status $CON_STATUS"
    console_dump 10
fi

if [ "$CHECK_FAILED" -ne 0 ]; then
    echo "$CHECK_FAILED check(s) failed"
    exit 1
fi
echo "all checks passed"
