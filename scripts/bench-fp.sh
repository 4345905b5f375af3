#!/bin/bash
# FP kernel benchmark, bare metal (no Linux guest, so no boot noise):
# tests/isa/bench/fp-kernel.c (matmul's -O2 vector loop and nbody-like
# scalar double code) run under powerjit and under qemu-system-ppc64 -M
# pseries,x-vof=on -cpu POWER9 in turn, RUNS times each; prints the
# smallest user+system CPU time of each and the ratio powerjit/QEMU
# (CPU time, not wall time: less sensitive to a loaded host), also less
# the time of the same program with neither loop (start-up and exit),
# and checks that both printed the same checksum.
#   scripts/bench-fp.sh [-n RUNS]      (default 3)
set -u
cd "$(dirname "$0")/.."
RUNS=3
[ "${1:-}" = -n ] && RUNS=$2
POWERJIT=${POWERJIT:-build/powerjit}
OUT=build/bench/fp
mkdir -p "$OUT"
command -v powerpc64le-linux-gnu-gcc >/dev/null || { echo "bench-fp: no cross compiler"; exit 77; }
make -s -f tests/isa/Makefile.inc build/isa/librt-le.a || exit 1
for k in 0 1 2; do
powerpc64le-linux-gnu-gcc -DKERNEL=$k -O2 -g -std=gnu11 -Wall -ffreestanding \
    -fno-builtin-printf -fno-stack-protector -fno-pie \
    -fno-asynchronous-unwind-tables -fno-tree-vectorize -mcpu=power9 \
    -Wa,-mregnames -Wa,-many -Itests/isa/lib -nostdlib -static -no-pie \
    -Wl,-T,tests/isa/lib/link.ld -Wl,--build-id=none -Wl,-z,noexecstack \
    -Wl,--no-warn-rwx-segments -o "$OUT/fp-kernel$k.elf" \
    tests/isa/bench/fp-kernel.c build/isa/librt-le.a -lgcc || exit 1
done

# run NAME CMD...: the smallest CPU seconds of RUNS runs -> $OUT/NAME.t
run() {
    local name=$1 best= t i
    shift
    for i in $(seq "$RUNS"); do
        /usr/bin/time -f '%U %S' -o "$OUT/$name.time" timeout 600 "$@" \
            </dev/null >"$OUT/$name.out" 2>&1
        t=$(awk '{printf "%.2f", $1 + $2}' "$OUT/$name.time")
        best=$(awk -v a="$best" -v b="$t" 'BEGIN {print (a == "" || b < a) ? b : a}')
    done
    echo "$best" >"$OUT/$name.t"
}
status=0
j0=0 q0=0
for k in 0 1 2; do
    run powerjit "$POWERJIT" -M pseries -nographic -kernel "$OUT/fp-kernel$k.elf"
    run qemu qemu-system-ppc64 -M pseries,x-vof=on -cpu POWER9 -m 1G \
        -nographic -vga none -kernel "$OUT/fp-kernel$k.elf"
    sj=$(grep -a -o 'fp-kernel [0-9a-f]*' "$OUT/powerjit.out")
    sq=$(grep -a -o 'fp-kernel [0-9a-f]*' "$OUT/qemu.out")
    j=$(cat "$OUT/powerjit.t") q=$(cat "$OUT/qemu.t")
    if [ $k = 0 ]; then
        j0=$j q0=$q
        printf "%-24s powerjit %6s  qemu %6s\n" "start+exit (min of $RUNS)" "$j" "$q"
        continue
    fi
    printf "%-24s powerjit %6s  qemu %6s  ratio %s  (less start+exit: %s)\n" \
        "$([ $k = 1 ] && echo vector-matmul || echo scalar-nbody) (min of $RUNS)" "$j" "$q" \
        "$(awk -v j="$j" -v q="$q" 'BEGIN {printf "%.2f", j / q}')" \
        "$(awk -v j="$j" -v q="$q" -v a="$j0" -v b="$q0" 'BEGIN {if (q > b) printf "%.2f", (j - a) / (q - b); else print "-"}')"
    if [ -z "$sj" ] || [ "$sj" != "$sq" ]; then
        echo "bench-fp: checksums differ: powerjit '$sj' qemu '$sq'"
        status=1
    fi
done
exit $status
