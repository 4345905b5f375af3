#!/bin/bash
# In-guest CPU benchmark: the static C programs of tests/guest-progs (an
# integer mix, a dense double matrix multiply, an n-body with sqrt, a
# memory mix, a __float128 loop; each built at -O2 and at -O3
# -mcpu=power9) run inside Debian's Linux guest, booted once under
# powerjit and once under qemu-system-ppc64 -M pseries,x-vof=on -cpu
# POWER9 -m 1G -vga none, in the same run.  Each program is timed inside
# the guest by busybox `time` (wall time, so boot and console costs stay
# out) and natively on the host with the same scale argument.  Prints one
# line per program: powerjit's time, QEMU's, the ratio powerjit/QEMU
# (below 1 = powerjit is faster) and the host's own time, and checks that
# all three printed the same checksum.
#
#   scripts/bench-cpu.sh [-s SCALE] [--only powerjit|qemu]
# SCALE (default 4) multiplies each program's work.  Exit status 0, or 1
# when a program failed or printed a wrong checksum; 77 when the guest or
# the cross compiler is missing.
set -u
cd "$(dirname "$0")/.."
SCALE=4
ONLY=
while [ $# -gt 0 ]; do
    case "$1" in
    -s) SCALE=$2; shift ;;
    --only) ONLY=$2; shift ;;
    *) echo "usage: $0 [-s SCALE] [--only powerjit|qemu]" >&2; exit 2 ;;
    esac
    shift
done

. tests/boot/console.bash
STAGE_TIMEOUT=${STAGE_TIMEOUT:-120}
POWERJIT=${POWERJIT:-build/powerjit}
KERNEL=${GUEST_KERNEL:-build/guest/vmlinux}
INITRD=${GUEST_INITRD:-build/guest/initramfs.cpio.gz}
guest_fetch || { echo "bench-cpu: no guest kernel/initramfs"; exit 77; }
OUT=build/bench/cpu
rm -rf "$OUT"
mkdir -p "$OUT"
tests/guest-progs/build.sh "$OUT/progs" || exit $?
gzip -9 -n -c "$OUT/progs/progs.cpio" | cat "$INITRD" - >"$OUT/initrd.gz"
CON_TMP=$OUT
trap 'console_stop' EXIT

PROGS=$(awk '{print $1}' "$OUT/progs/expected")
failed=0

# run_guest EMULATOR: boots the guest under EMULATOR and writes
# $OUT/EMULATOR.times ("flavour/name seconds checksum-ok")
run_guest() {
    local emu=$1 flavour name out t sum
    : >"$OUT/$emu.times"
    BOOT_EMULATOR=$emu
    INITRD_SAVED=$INITRD
    INITRD=$OUT/initrd.gz
    guest_cmdline "console=hvc0"
    [ "$emu" = qemu ] && EMU+=(-vga none)
    INITRD=$INITRD_SAVED
    console_start "$OUT/$emu.console" "${EMU[@]}"
    if ! boot_to_shell "$emu boot" >/dev/null; then
        echo "bench-cpu: $emu did not boot to the shell"
        console_stop
        failed=1
        return
    fi
    for flavour in o2 p9; do
        for name in $PROGS; do
            console_run "time -f 'T %e' /progs/$flavour/$name $SCALE" $((10 * STAGE_TIMEOUT))
            t=$(grep -m1 '^T ' <<<"$CON_OUT" | awk '{print $2}')
            sum=$(grep -m1 "^$name " <<<"$CON_OUT")
            if [ "$CON_RC" = 0 ] && [ -n "$t" ] &&
                [ "$sum" = "$(grep "^$name " "$OUT/native.sums")" ]; then
                echo "$flavour/$name $t ok" >>"$OUT/$emu.times"
            else
                echo "$flavour/$name ${t:--} bad" >>"$OUT/$emu.times"
                echo "bench-cpu: $emu $flavour/$name: status ${CON_RC:-timeout}, printed '$sum'"
                failed=1
            fi
        done
    done
    console_type $'poweroff -f\r'
    console_exit 60
}

# the host: the same sources with the same scale
: >"$OUT/native.times"
: >"$OUT/native.sums"
for name in $PROGS; do
    t0=$(date +%s.%N)
    "$OUT/progs/native/$name" "$SCALE" >>"$OUT/native.sums"
    t1=$(date +%s.%N)
    echo "$name $(echo "$t0 $t1" | awk '{printf "%.2f", $2 - $1}')" >>"$OUT/native.times"
done

have_qemu=1
command -v qemu-system-ppc64 >/dev/null || have_qemu=0
[ "$ONLY" != qemu ] && run_guest powerjit
if [ "$ONLY" != powerjit ] && [ $have_qemu = 1 ]; then
    run_guest qemu
fi

lookup() { # FILE KEY -> the time, or -
    [ -f "$1" ] && awk -v k="$2" '$1 == k {print $2; found = 1} END {if (!found) print "-"}' "$1" || echo -
}

echo "in-guest CPU benchmark (scale $SCALE; seconds inside the guest, busybox time)"
printf "%-16s %10s %10s %8s %10s\n" program powerjit qemu ratio native
for flavour in o2 p9; do
    for name in $PROGS; do
        j=$(lookup "$OUT/powerjit.times" "$flavour/$name")
        q=$(lookup "$OUT/qemu.times" "$flavour/$name")
        n=$(lookup "$OUT/native.times" "$name")
        r=$(awk -v j="$j" -v q="$q" 'BEGIN {if (j != "-" && q != "-" && q > 0) printf "%.2f", j / q; else print "-"}')
        printf "%-16s %10s %10s %8s %10s\n" "$flavour/$name" "$j" "$q" "$r" "$n"
    done
done
exit $failed
