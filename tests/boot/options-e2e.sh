#!/bin/bash
# What some options do to the process itself, seen from outside: -name
# ...,process= renames it (prctl PR_SET_NAME, read back from /proc), -msg
# timestamp=on puts an ISO 8601 time before each message, -version prints
# a line that QEMU-version parsers accept, -mem-path backs RAM with a file
# in the directory (it appears in /proc/PID/maps, deleted), and POWER8
# under SLOF (whose H_CAS negotiates the hash MMU) reaches the kernel's
# /init.
# Exit status: 0 pass, 1 fail, 77 no guest kernel.
set -u
cd "$(dirname "$0")/../.."
. tests/boot/console.bash
boot_test_setup

guest_cmdline console=hvc0 -name guest=vm1,process=pj-e2e-name \
    -mem-path "$CON_TMP"
console_start "$CON_TMP/console" "${EMU[@]}"
if console_wait 'Run /init'; then
    comm=$(cat /proc/$CON_PID/comm 2>/dev/null)
    if [ "$comm" = pj-e2e-name ]; then
        pass "-name process=: /proc/PID/comm is '$comm'"
    else
        fail "-name process=: /proc/PID/comm is '$comm'"
    fi
    if grep -q "$CON_TMP/powerjit_ram.* (deleted)" /proc/$CON_PID/maps; then
        pass "-mem-path: RAM is a deleted file in the directory"
    else
        fail "-mem-path: no RAM file of $CON_TMP in /proc/PID/maps"
    fi
else
    fail "no 'Run /init'"
    console_dump 10
fi
console_stop
exec {CON_FD}>&-

err=$("$POWERJIT" -msg timestamp=on -M bogus 2>&1 >/dev/null)
if [[ $err =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z\ powerjit:\  ]]; then
    pass "-msg timestamp=on: $err"
else
    fail "-msg timestamp=on: '$err'"
fi

# the pattern QEMU-version parsers use (e.g. "version (\d+)\.(\d+)")
ver=$("$POWERJIT" -version)
if [[ $ver =~ version\ ([0-9]+)\.([0-9]+)\.([0-9]+) ]] &&
    [ "${BASH_REMATCH[1]}.${BASH_REMATCH[2]}" = 7.2 ] &&
    [[ $ver != QEMU* ]]; then
    pass "-version: $ver"
else
    fail "-version: '$ver'"
fi

# POWER8 under SLOF: the firmware's client-architecture-support call
# negotiates the hash MMU, and the kernel gets to its /init
if [ -f /usr/share/qemu/slof.bin ]; then
    "$POWERJIT" -M pseries -cpu POWER8 -m 1G \
        -nographic -bios /usr/share/qemu/slof.bin -kernel "$KERNEL" \
        -initrd "$INITRD" -append console=hvc0 </dev/null \
        >"$CON_TMP/p8.out" 2>&1 &
    p8=$!
    for _ in $(seq "$STAGE_TIMEOUT"); do
        grep -q 'Run /init' "$CON_TMP/p8.out" && break
        kill -0 "$p8" 2>/dev/null || break
        sleep 1
    done
    kill "$p8" 2>/dev/null
    wait "$p8" 2>/dev/null
    if grep -q 'Run /init' "$CON_TMP/p8.out"; then
        pass "POWER8 under SLOF: the kernel runs /init (hash MMU)"
    else
        fail "POWER8 under SLOF: no 'Run /init'"
        tail -n 3 "$CON_TMP/p8.out"
    fi
fi

if [ "$CHECK_FAILED" -ne 0 ]; then
    echo "$CHECK_FAILED check(s) failed"
    exit 1
fi
echo "all checks passed"
