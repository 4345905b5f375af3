#!/bin/bash
# Differential test: random fixed-point sequences (gen.c) run by powerjit
# (bare metal) and by Debian's qemu-ppc64le (Linux user mode, the
# reference), compared value by value.
#
#   tests/diff/run.sh SEED COUNT
#   DIFF_KIND=fp tests/diff/run.sh SEED COUNT    (floating point: gen-fp.c)
#
# Environment: POWERJIT (default build/powerjit), DIFF_ACCELS (default
# "tcg"; e.g. "tcg tcg,interp=on"), DIFF_ORDERS (default "le"; "le be" also
# compares big-endian against qemu-ppc64), DIFF_BATCH (cases per guest
# program, default 1000).  Exit 0: all equal; 1: a mismatch or a crash;
# 77: the cross compilers or qemu-user are missing.  Mismatches are printed
# with the case's inputs, code and differing values; rerun one case with
#   tests/diff/run.sh SEED 1 --first INDEX
set -u
cd "$(dirname "$0")/../.."

if [ $# -lt 2 ]; then
    echo "usage: $0 SEED COUNT [--first INDEX]" >&2
    exit 2
fi
SEED=$1
COUNT=$2
FIRST=0
if [ "${3:-}" = "--first" ]; then
    FIRST=$4
fi
POWERJIT=${POWERJIT:-build/powerjit}
ACCELS=${DIFF_ACCELS:-tcg}
ORDERS=${DIFF_ORDERS:-le}
BATCH_SIZE=${DIFF_BATCH:-1000}
KIND=${DIFF_KIND:-fixed}
case "$KIND" in
fixed) GEN=gen; PFX= ;;
fp) GEN=gen-fp; PFX=fp- ;;
*) echo "DIFF_KIND must be fixed or fp" >&2; exit 2 ;;
esac
OUT=build/diff/${PFX}seed-$SEED
MAX_REPORTS=5

for tool in powerpc64le-linux-gnu-gcc powerpc64-linux-gnu-gcc qemu-ppc64le qemu-ppc64; do
    if ! command -v $tool >/dev/null; then
        echo "skipped: $tool missing (scripts/install-deps installs it)"
        exit 77
    fi
done
if [ ! -x "$POWERJIT" ]; then
    echo "$POWERJIT is not built"
    exit 1
fi
mkdir -p "$OUT"
make -s -f tests/diff/diff.mk $GEN || exit 1

reference() { # order elf
    if [ "$1" = le ]; then
        timeout 120 qemu-ppc64le -cpu power9 "$2"
    else
        timeout 120 qemu-ppc64 -cpu power9 "$2"
    fi
}

subject() { # accel elf
    timeout 300 "$POWERJIT" -M pseries -nographic -accel "$1" -kernel "$2" </dev/null
}

# build one batch: dir first count [gen options...]
build_batch() {
    local dir=$1 first=$2 n=$3
    shift 3
    mkdir -p "$dir"
    build/diff/$GEN "$SEED" "$first" "$n" "$dir/cases.S" "$@" &&
        make -s -f tests/diff/diff.mk BATCH="$dir" ORDERS="$ORDERS" batch${PFX:+-fp}
}

# print the full report of one case: order accel index
report_case() {
    local order=$1 accel=$2 idx=$3 dir=$OUT/case-$3
    build_batch "$dir" "$idx" 1 --full --list "$dir/listing.txt" >/dev/null 2>&1 || {
        echo "  (could not rebuild case $idx)"
        return
    }
    echo "---- mismatch: seed $SEED case $idx ($order, -accel $accel)"
    sed 's/^/  /' "$dir/listing.txt"
    reference "$order" "$dir/${PFX}user-$order.elf" 2>&1 | grep '^F ' >"$dir/ref.txt"
    subject "$accel" "$dir/${PFX}bm-$order.elf" 2>&1 | tr -d '\r' >"$dir/jit.raw"
    grep '^F [0-9]* [a-z0-9]* [0-9a-f]*$' "$dir/jit.raw" >"$dir/jit.txt"
    grep '^F [0-9]* trap ' "$dir/jit.raw" | awk '{printf "  powerjit took interrupt 0x%s (at case+offset:word %s)\n", substr($4, 1, 3), substr($4, 5)}'
    echo "  differing values (name: qemu-ppc64${order/be/} vs powerjit):"
    join -j 1 <(awk '{print $3, $4}' "$dir/ref.txt" | sort) \
        <(awk '{print $3, $4}' "$dir/jit.txt" | sort) |
        awk '$2 != $3 {printf "    %-4s %s vs %s\n", $1, $2, $3}'
    if [ ! -s "$dir/jit.txt" ]; then
        echo "  powerjit printed no values"
    fi
}

total=0
bad=0
notrun=0
crashed=0
: >"$OUT/traps.txt"
for order in $ORDERS; do
    for ((start = FIRST; start < FIRST + COUNT; start += BATCH_SIZE)); do
        n=$((FIRST + COUNT - start))
        [ $n -gt $BATCH_SIZE ] && n=$BATCH_SIZE
        dir=$OUT/batch-$start
        if ! build_batch "$dir" "$start" "$n"; then
            echo "build of batch $start failed"
            exit 1
        fi
        reference "$order" "$dir/${PFX}user-$order.elf" >"$dir/ref.txt" 2>&1
        if ! grep -q '^DIFF-DONE' "$dir/ref.txt"; then
            echo "reference run of batch $start ($order) failed:"
            tail -n 5 "$dir/ref.txt"
            exit 1
        fi
        grep '^D ' "$dir/ref.txt" >"$dir/ref.hashes"
        for accel in $ACCELS; do
            log=$dir/jit-$order-${accel//[,=]/_}.txt
            subject "$accel" "$dir/${PFX}bm-$order.elf" >"$log" 2>&1
            rc=$?
            tr -d '\r' <"$log" | grep '^D ' >"$log.hashes"
            total=$((total + n))
            if ! grep -q '^DIFF-DONE' "$log" || [ $rc -ne 0 ]; then
                echo "powerjit (-accel $accel, $order) did not finish batch $start (exit $rc):"
                tail -n 3 "$log" | sed 's/^/  /'
                crashed=$((crashed + 1))
            fi
            # instructions that trapped, by mnemonic (from the listing comments)
            awk -F: '/^D [0-9]+ trap:/ {print $4}' "$log.hashes" |
                awk 'NR == FNR {w[$1]++; next}
                     $1 == ".long" && (substr($2, 3) in w) {print $4; delete w[substr($2, 3)]}' \
                    - "$dir/cases.S" >>"$OUT/traps.txt"
            mism=$(join -j 2 -o 1.2,1.3,2.3 <(awk '{print "x", $2, $3}' "$dir/ref.hashes" | sort -k2,2) \
                <(awk '{print "x", $2, $3}' "$log.hashes" | sort -k2,2) | awk '$2 != $3 {print $1}' | sort -n)
            missing=$(($(wc -l <"$dir/ref.hashes") - $(wc -l <"$log.hashes")))
            notrun=$((notrun + missing))
            if [ -n "$mism" ]; then
                nm=$(echo "$mism" | wc -l)
                bad=$((bad + nm))
                echo "$nm mismatching cases in batch $start ($order, -accel $accel)"
                for idx in $(echo "$mism" | head -n $MAX_REPORTS); do
                    report_case "$order" "$accel" "$idx"
                done
            fi
        done
    done
done

if [ -s "$OUT/traps.txt" ]; then
    echo "instructions that raised an interrupt under powerjit (distinct encodings seen):"
    sort "$OUT/traps.txt" | uniq -c | sort -rn | awk '{printf "  %-10s %d\n", $2, $1}'
fi
echo "$total ${PFX}sequences (seed $SEED; $ORDERS; $ACCELS): $bad mismatches, $notrun not run, $crashed incomplete runs"
[ $bad -eq 0 ] && [ $notrun -eq 0 ] && [ $crashed -eq 0 ]
