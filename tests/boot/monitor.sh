#!/bin/bash
# The human monitor (HMP) against Debian's kernel, through -monitor stdio
# (the console on a file), and through Ctrl-A c on -serial mon:stdio:
#   info status (paused (prelaunch) with -S, running after cont), info
#   name, stop, x/4bx and xp/4bx of linux_banner (its address from the
#   vmlinux symbols, its bytes "Linux" from the vmlinux file itself),
#   x/2i $pc, info registers, system_reset (the guest boots again),
#   an unknown command, quit (exit status 0).
# Exit status: 0 pass, 1 fail, 77 skip (no guest: scripts/fetch-guest).
set -u
cd "$(dirname "$0")/../.."
POWERJIT=${POWERJIT:-build/powerjit}
KERNEL=${GUEST_KERNEL:-build/guest/vmlinux}
INITRD=${GUEST_INITRD:-build/guest/initramfs.cpio.gz}
NM=powerpc64le-linux-gnu-nm

if [ ! -f "$KERNEL" ] || [ ! -f "$INITRD" ] || ! command -v $NM >/dev/null; then
    echo "SKIP: no guest kernel (scripts/fetch-guest) or no $NM"
    exit 77
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

# waits 10 s for the emulator to end, then kills it; $? = its status
stop_emu() {
    local i
    for ((i = 0; i < 100; i++)); do
        kill -0 "$EMU_PID" 2>/dev/null || break
        sleep 0.1
    done
    kill "$EMU_PID" 2>/dev/null
    wait "$EMU_PID"
}

wait_for() { # FILE REGEX SECONDS
    local i
    for ((i = 0; i < $3 * 10; i++)); do
        grep -aqE -- "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# the banner's virtual address and its first bytes, from the file
BANNER=$($NM "$KERNEL" | awk '$3 == "linux_banner" { print $1 }')
PHYS=$(printf '%016x' $((0x$BANNER & 0x0fffffffffffffff)))
WANT_BYTES="0x4c 0x69 0x6e 0x75" # "Linu": checked against the file below
if ! powerpc64le-linux-gnu-objdump -s --start-address=0x$BANNER \
        --stop-address=$((0x$BANNER + 4)) "$KERNEL" | grep -q '4c696e75'; then
    fail "vmlinux's linux_banner does not start with 'Linu'"
fi

# ---- 1. -monitor stdio, console in a file
mkfifo "$TMP/in"
"$POWERJIT" -M pseries -cpu POWER9 -m 1G -display none -serial "file:$TMP/con" \
    -append console=hvc0 -kernel "$KERNEL" -initrd "$INITRD" -S \
    -name hmp-test -monitor stdio <"$TMP/in" >"$TMP/out" 2>&1 &
EMU_PID=$!
exec 3>"$TMP/in"
cmd() { printf '%s\n' "$1" >&3; sleep "${2:-0.3}"; }

cmd "info status"
cmd "info name"
cmd "cont"
cmd "info status"
if wait_for "$TMP/con" "Run /init" 120; then
    pass "cont: the guest boots to Run /init"
else
    fail "cont: no Run /init"
fi
cmd "stop"
cmd "info status"
cmd "x/4bx 0x$BANNER"
cmd "xp/4bx 0x$PHYS"
cmd "x/2i \$pc"
cmd "info registers"
cmd "info cpus"
cmd "info roms"
cmd "log bogus_item"
cmd "bogus_command"
cmd "cont"
cmd "system_reset" 1
for ((i = 0; i < 1200; i++)); do
    [ "$(grep -ac 'Run /init' "$TMP/con")" -ge 2 ] && break
    sleep 0.1
done
if [ "$(grep -ac 'Run /init' "$TMP/con")" -ge 2 ]; then
    pass "system_reset: the guest boots again"
else
    fail "system_reset: one boot only"
fi
cmd "quit"
exec 3>&-
stop_emu
rc=$?
EMU_PID=
tr -d '\r' <"$TMP/out" >"$TMP/out.txt"
want() { # NAME REGEX
    if grep -aqE -- "$2" "$TMP/out.txt"; then
        pass "$1"
    else
        fail "$1: no line matching '$2' in:"
        sed 's/^/    | /' "$TMP/out.txt" | head -n 60
    fi
}
want "banner" "^powerjit .* monitor - type 'help' for more information"
want "info status with -S" "^\(qemu\) VM status: paused \(prelaunch\)$"
want "info name" "^\(qemu\) hmp-test$"
want "info status after cont" "VM status: running$"
want "info status after stop" "VM status: paused$"
want "x/4bx linux_banner" "^\(qemu\) $BANNER: $WANT_BYTES$"
want "xp/4bx at its real address" "^\(qemu\) $PHYS: $WANT_BYTES$"
want "x/2i \$pc" "^\(qemu\) 0x[0-9a-f]{8,16}:  [0-9a-f]{8}  "
# the guest may be stopped in its kernel or in user space
want "info registers" "NIP [0-9a-f]{16} "
want "info cpus" "^\(qemu\) \* CPU #0: thread_id=[0-9]+$"
# the initrd's size is the file's
want "info roms: the initrd" "name=\"$INITRD\"$"
want "info roms: its size" "size=0x$(printf '%06x' "$(stat -c %s "$INITRD")") mem=ram name=\"$INITRD\""
want "log with a bad item" "^\(qemu\) Invalid log mask$"
want "unknown command" "^\(qemu\) unknown command: 'bogus_command'$"
if [ $rc -eq 0 ]; then pass "quit: exit status 0"; else fail "quit: exit status $rc"; fi

# ---- 2. Ctrl-A c on -serial mon:stdio
rm -f "$TMP/in"
mkfifo "$TMP/in"
"$POWERJIT" -M pseries -nographic -kernel build/isa/gdb-target-le.elf -S \
    <"$TMP/in" >"$TMP/mux" 2>&1 &
EMU_PID=$!
exec 3>"$TMP/in"
# typed at once: Ctrl-A c read while the machine is still starting waits
# for the monitor to be attached (no sleep here: that is what is tested)
printf '\001c' >&3
cmd "info status"
cmd "q"
exec 3>&-
stop_emu
rc=$?
EMU_PID=
if tr -d '\r' <"$TMP/mux" | grep -q '^VM status: paused (prelaunch)$' && [ $rc -eq 0 ]; then
    pass "Ctrl-A c: the monitor on mon:stdio, q exits 0"
else
    fail "Ctrl-A c (exit $rc):"
    tr -d '\r' <"$TMP/mux" | sed 's/^/    | /' | head -20
fi

if [ $failed -ne 0 ]; then
    echo "$failed check(s) failed"
    exit 1
fi
echo "all checks passed"
