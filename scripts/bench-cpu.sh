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
# The crypto rows time Debian's openssl (`openssl speed -evp` of
# aes-128-gcm, the vcipher/vpmsumd path, and chacha20-poly1305, plain
# VMX integer lanes) in the same guest; their "seconds" are the time per
# 64 MB at the throughput openssl printed, natively the host's openssl.
# The packages (openssl, libssl3, libc6 for ppc64el) are fetched with
# apt-get download into ~/.cache/powerjit/crypto once; without them the
# rows are left out.
#
#   scripts/bench-cpu.sh [-s SCALE] [--only powerjit|qemu] [--crypto-only]
#                        [--progs "NAME..."]
# SCALE (default 4) multiplies each program's work.  --progs runs only the
# programs named (e.g. --progs "matmul nbody", the FP rows) and leaves the
# crypto rows out.  Exit status 0, or 1
# when a program failed or printed a wrong checksum; 77 when the guest or
# the cross compiler is missing.
set -u
cd "$(dirname "$0")/.."
SCALE=4
ONLY=
CRYPTO_ONLY=0
ONLY_PROGS=
while [ $# -gt 0 ]; do
    case "$1" in
    -s) SCALE=$2; shift ;;
    --only) ONLY=$2; shift ;;
    --crypto-only) CRYPTO_ONLY=1 ;;
    --progs) ONLY_PROGS=$2; shift ;;
    *) echo "usage: $0 [-s SCALE] [--only powerjit|qemu] [--crypto-only] [--progs \"NAME...\"]" >&2; exit 2 ;;
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

# the crypto image: openssl with its libraries as a second archive
CRYPTO_CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/powerjit/crypto
CRYPTO_ALGS="aes-128-gcm chacha20-poly1305"
crypto_image() {
    local debs=$CRYPTO_CACHE/debs root=$OUT/crypto-root d
    if [ ! -f "$debs/.complete" ]; then
        rm -rf "$debs.tmp" && mkdir -p "$debs.tmp"
        (cd "$debs.tmp" && apt-get download -o APT::Sandbox::User="$(id -un)" \
            openssl:ppc64el libssl3:ppc64el libc6:ppc64el >/dev/null 2>&1) || return 1
        rm -rf "$debs" && mv "$debs.tmp" "$debs" && touch "$debs/.complete"
    fi
    rm -rf "$root" && mkdir -p "$root"
    for d in "$debs"/*.deb; do dpkg -x "$d" "$root" || return 1; done
    rm -rf "$root/usr/share" "$root/usr/lib/powerpc64le-linux-gnu/gconv"
    (cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$OUT/crypto.cpio"
}
HAVE_CRYPTO=0
[ -z "$ONLY_PROGS" ] && crypto_image && HAVE_CRYPTO=1
[ $HAVE_CRYPTO = 1 ] || [ -n "$ONLY_PROGS" ] || echo "bench-cpu: no openssl packages for ppc64el; crypto rows left out"
{
    gzip -9 -n -c "$OUT/progs/progs.cpio"
    [ $HAVE_CRYPTO = 1 ] && gzip -1 -n -c "$OUT/crypto.cpio"
} | cat "$INITRD" - >"$OUT/initrd.gz"

# ssl_seconds: openssl speed's last line ("alg ... N.NNk" per block size,
# 1000s of bytes per second) on stdin -> seconds per 64 MB at the rate of
# the largest block
ssl_seconds() {
    awk '{v = $NF} END {sub(/k$/, "", v); if (v + 0 > 0) printf "%.2f", 64000 / v; else print "-"}'
}
SSL_CMD="openssl speed -seconds 3 -bytes 16384 -evp"
CON_TMP=$OUT
trap 'console_stop' EXIT

PROGS=$(awk '{print $1}' "$OUT/progs/expected")
[ -n "$ONLY_PROGS" ] && PROGS=$ONLY_PROGS
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
    if [ $HAVE_CRYPTO = 1 ]; then
        for alg in $CRYPTO_ALGS; do
            console_run "$SSL_CMD $alg 2>/dev/null | tail -n 1" $((10 * STAGE_TIMEOUT))
            t=$(ssl_seconds <<<"$CON_OUT")
            if [ "$CON_RC" = 0 ] && [ "$t" != - ]; then
                echo "ssl/$alg $t ok" >>"$OUT/$emu.times"
            else
                echo "ssl/$alg - bad" >>"$OUT/$emu.times"
                echo "bench-cpu: $emu openssl $alg: status ${CON_RC:-timeout}, printed '$CON_OUT'"
                failed=1
            fi
        done
    fi
    for flavour in o2 p9; do
        [ $CRYPTO_ONLY = 1 ] && break
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
if [ $HAVE_CRYPTO = 1 ] && command -v openssl >/dev/null; then
    for alg in $CRYPTO_ALGS; do
        echo "$alg $($SSL_CMD "$alg" 2>/dev/null | tail -n 1 | ssl_seconds)" >>"$OUT/native.times"
    done
fi
for name in $PROGS; do
    [ $CRYPTO_ONLY = 1 ] && break
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
printf "%-24s %10s %10s %8s %10s\n" program powerjit qemu ratio native
row() { # KEY NATIVE-KEY
    local j q n r
    j=$(lookup "$OUT/powerjit.times" "$1")
    q=$(lookup "$OUT/qemu.times" "$1")
    n=$(lookup "$OUT/native.times" "$2")
    r=$(awk -v j="$j" -v q="$q" 'BEGIN {if (j != "-" && q != "-" && q > 0) printf "%.2f", j / q; else print "-"}')
    printf "%-24s %10s %10s %8s %10s\n" "$1" "$j" "$q" "$r" "$n"
}
if [ $HAVE_CRYPTO = 1 ]; then
    for alg in $CRYPTO_ALGS; do row "ssl/$alg" "$alg"; done
fi
for flavour in o2 p9; do
    for name in $PROGS; do
        [ $CRYPTO_ONLY = 1 ] && break
        row "$flavour/$name" "$name"
    done
done
exit $failed
