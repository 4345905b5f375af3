#!/bin/bash
# Benchmark: the bare-metal integer workload tests/bench/intbench.c (about
# 2.4 billion guest instructions) run N times under powerjit (JIT) and under
# Debian's qemu-system-ppc64, side by side.  Prints the median wall time of
# each and the ratio powerjit/QEMU (below 1 = powerjit is faster), and checks
# that both printed the same checksum.  Then the boot benchmark,
# scripts/bench-boot.sh --hash (Debian's Linux booted under both, same N:
# POWER9 radix, and the hash MMU on POWER9 disable_radix and POWER8), and the
# disk benchmark, scripts/bench-disk.sh (raw and qcow2 over spapr-vscsi, at
# most 3 runs).
#
#   scripts/bench.sh [-n N] [--order le|be] [--no-boot]
set -u
cd "$(dirname "$0")/.."

N=5
ORDER=le
BOOT=1
while [ $# -gt 0 ]; do
    case "$1" in
    -n) N=$2; shift ;;
    --order) ORDER=$2; shift ;;
    --no-boot) BOOT=0 ;;
    *) echo "usage: $0 [-n N] [--order le|be] [--no-boot]" >&2; exit 2 ;;
    esac
    shift
done
POWERJIT=${POWERJIT:-build/powerjit}
ELF=build/bench/intbench-$ORDER.elf
OUT=build/bench

make -s -f tests/bench/bench.mk "$ELF" || exit 1

# run_timed LABEL LOG CMD...: appends the wall time in seconds to $OUT/LABEL.times
run_timed() {
    local label=$1 log=$2 t0 t1
    shift 2
    t0=$(date +%s.%N)
    timeout 600 "$@" </dev/null >"$log" 2>&1
    t1=$(date +%s.%N)
    echo "$t0 $t1" | awk '{printf "%.3f\n", $2 - $1}' >>"$OUT/$label.times"
}

median() {
    sort -n "$1" | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

checksum() {
    tr -d '\r' <"$1" | grep -m1 '^intbench checksum' | awk '{print $3}'
}

rm -f "$OUT"/*.times
have_jit=1
[ -x "$POWERJIT" ] || { echo "bench: $POWERJIT is not built; timing QEMU only"; have_jit=0; }
for i in $(seq 1 "$N"); do
    if [ $have_jit = 1 ]; then
        run_timed powerjit "$OUT/powerjit.log" "$POWERJIT" -M pseries -nographic -accel tcg -kernel "$ELF"
    fi
    run_timed qemu "$OUT/qemu.log" qemu-system-ppc64 -M pseries,x-vof=on -nographic -vga none -kernel "$ELF"
done

# boot_bench STATUS: runs the boot benchmark, exits with STATUS if it passed
boot_bench() {
    [ "$BOOT" = 1 ] || exit "$1"
    echo
    scripts/bench-boot.sh -n "$N" --hash || exit 1
    echo
    scripts/bench-disk.sh -n "$(( N < 3 ? N : 3 ))" || exit 1
    exit "$1"
}

q_sum=$(checksum "$OUT/qemu.log")
q_med=$(median "$OUT/qemu.times")
printf "%-24s %8s s   checksum %s\n" "qemu-system-ppc64 (TCG)" "$q_med" "${q_sum:-none}"
if [ $have_jit = 0 ]; then
    boot_bench 1
fi
j_sum=$(checksum "$OUT/powerjit.log")
j_med=$(median "$OUT/powerjit.times")
printf "%-24s %8s s   checksum %s\n" "powerjit (JIT)" "$j_med" "${j_sum:-none}"
echo "$j_med $q_med" | awk '{printf "ratio powerjit/QEMU: %.2f  (median of '"$N"' runs, %s)\n", $1 / $2, "'"$ORDER"'"}'
if [ -z "$j_sum" ] || [ "$j_sum" != "$q_sum" ]; then
    echo "bench: checksum mismatch (powerjit ${j_sum:-none}, QEMU ${q_sum:-none})"
    tail -n 5 "$OUT/powerjit.log"
    boot_bench 1
fi
boot_bench 0
