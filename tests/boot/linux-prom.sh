#!/bin/bash
# Boots Debian's ppc64el kernel (scripts/fetch-guest) far enough to see its
# own prom_init run through powerjit's built-in Open Firmware client
# interface (hw-spapr/vof*.c): the console must show prom_init's messages
# in order, client-architecture-support and instantiate-rtas succeeding,
# and prom_init handing over to the kernel.  Stops the emulator as soon as
# the last milestone appears (or after PROM_TIMEOUT seconds).
#
# Exit status: 0 pass, 1 fail, 77 skipped (no guest kernel, and
# scripts/fetch-guest could not fetch it).
# POWERJIT names the binary (default build/powerjit); GUEST_KERNEL and
# GUEST_INITRD the images (default build/guest/).
set -u
cd "$(dirname "$0")/../.."
POWERJIT=${POWERJIT:-build/powerjit}
KERNEL=${GUEST_KERNEL:-build/guest/vmlinux}
INITRD=${GUEST_INITRD:-build/guest/initramfs.cpio.gz}
WAIT=${PROM_TIMEOUT:-30}

if [ "$KERNEL" = build/guest/vmlinux ]; then
    scripts/fetch-guest >&2 || true # the default guest, when it can be fetched
fi
if [ ! -f "$KERNEL" ]; then
    echo "no guest kernel $KERNEL (scripts/fetch-guest could not fetch it)"
    exit 77
fi
if [ ! -x "$POWERJIT" ]; then
    echo "FAIL: $POWERJIT is not built"
    exit 1
fi
initrd_args=()
[ -f "$INITRD" ] && initrd_args=(-initrd "$INITRD")

TMP=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT
LOG=$TMP/console

"$POWERJIT" -M pseries -cpu POWER9 -m 1G -nographic -kernel "$KERNEL" \
    "${initrd_args[@]}" -append console=hvc0 </dev/null >"$LOG" 2>&1 &
pid=$!

LAST='Booting Linux via __start()'
for ((i = 0; i < WAIT * 10; i++)); do
    grep -qF "$LAST" "$LOG" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
pid=

# prom_init's own messages (arch/powerpc/kernel/prom_init.c), in this order
MILESTONES=(
    'OF stdout device is: /vdevice/vty@71000000'
    'Preparing to boot Linux version'
    'Detected machine type: 0000000000000101'
    'command line: console=hvc0'
    'Calling ibm,client-architecture-support... done'
    'instantiating rtas at 0x'
    'Building dt structure...'
    'Quiescing Open Firmware ...'
    "$LAST"
)

failed=0
line=0
for m in "${MILESTONES[@]}"; do
    n=$(grep -nF -m1 "$m" "$LOG" | cut -d: -f1)
    if [ -z "$n" ]; then
        echo "FAIL: missing '$m'"
        failed=1
    elif [ "$n" -lt "$line" ]; then
        echo "FAIL: '$m' out of order (line $n)"
        failed=1
    else
        echo "PASS: $m"
        line=$n
    fi
done
if grep -q 'instantiating rtas.* failed' "$LOG"; then
    echo "FAIL: instantiate-rtas failed"
    failed=1
fi
if grep -q 'client-architecture-support call FAILED' "$LOG"; then
    echo "FAIL: client-architecture-support failed"
    failed=1
fi
if [ "$failed" != 0 ]; then
    echo "--- console:"
    head -c 20000 "$LOG"
    exit 1
fi
echo "prom_init ran to completion"
exit 0
