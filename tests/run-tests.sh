#!/bin/bash
# Runs every test of powerjit and ends with one line "N passed, N failed"
# (", N skipped" when something could not run).  Exit status 0 only if
# nothing failed.
#
#   unit/ir   every test binary in build/tests/ (GLib test binaries: each
#             test case counts, read from their TAP output)
#   isa       every bare-metal program in tests/isa, in both byte orders,
#             under both backends (-accel tcg and -accel tcg,interp=on)
#   boot      every tests/boot/*.sh (exit 0 pass, 77 skip, else fail);
#             --full also runs linux-boot.sh under -accel tcg,interp=on
#   diff      the differential runner against Debian's qemu-ppc64le
#             (fixed-point sequences, and floating point: DIFF_KIND=fp)
#
# Usage: tests/run-tests.sh [--full] [-j N]
#   --full   50000 differential sequences (and 20000 FP ones) in both byte
#            orders under both backends (default: 4000 and 2000,
#            little-endian, JIT)
# Logs: build/test-logs/run-DATE-XXXX/ (one per run; latest -> the newest).
# POWERJIT=cmd runs the guest programs under another emulator instead, e.g.
# POWERJIT=tests/isa/qemu-wrapper.sh checks the ISA tests' own expectations
# against Debian's QEMU.
set -u
cd "$(dirname "$0")/.."

FULL=0
JOBS=2
while [ $# -gt 0 ]; do
    case "$1" in
    --full) FULL=1 ;;
    -j) JOBS="$2"; shift ;;
    *) echo "usage: $0 [--full] [-j N]" >&2; exit 2 ;;
    esac
    shift
done

BUILD=build
# each run has a log folder of its own (two runs in one build directory
# never share one); build/test-logs/latest points at the newest
mkdir -p "$BUILD/test-logs"
LOGS=$(mktemp -d "$BUILD/test-logs/run-$(date +%Y%m%d-%H%M%S)-XXXX")
RES=$LOGS/results
mkdir -p "$RES"
ln -sfn "$(basename "$LOGS")" "$BUILD/test-logs/latest"

export POWERJIT=${POWERJIT:-$BUILD/powerjit}
export BUILD LOGS RES FULL
export ISA_TIMEOUT=${ISA_TIMEOUT:-30}
export UNIT_TIMEOUT=${UNIT_TIMEOUT:-300}
export BOOT_TIMEOUT=${BOOT_TIMEOUT:-900}
if [ "$FULL" = 1 ]; then
    export DIFF_COUNT=${DIFF_COUNT:-50000}
    export DIFF_FP_COUNT=${DIFF_FP_COUNT:-20000}
    # the random IR programs (tests/ir/test-jit-vs-interp.c): 20x the default
    export JIT_COUNT=${JIT_COUNT:-60000}
    export DIFF_ACCELS=${DIFF_ACCELS:-tcg tcg,interp=on}
    export DIFF_ORDERS=${DIFF_ORDERS:-le be}
else
    export DIFF_COUNT=${DIFF_COUNT:-4000}
    export DIFF_FP_COUNT=${DIFF_FP_COUNT:-2000}
fi
# a fixed seed keeps `make check` reproducible; --full explores a new one
# each day (the seed is printed, so any failure can be rerun)
if [ "$FULL" = 1 ]; then
    export DIFF_SEED=${DIFF_SEED:-$(date +%Y%m%d)}
else
    export DIFF_SEED=${DIFF_SEED:-1}
fi

# record one result: kind name verdict(pass|fail|skip) [count]
record() {
    local verdict=$3 n=${4:-1} f
    f=$(mktemp "$RES/r.XXXXXX")
    case "$verdict" in
    pass) echo "$n 0 0" >"$f" ;;
    fail) echo "0 $n 0" >"$f" ;;
    skip) echo "0 0 $n" >"$f" ;;
    esac
}

show_tail() {
    sed -n '1,400p' "$1" | tail -n 15 | sed 's/^/    | /'
}

run_job() {
    local kind=${1%%:*} rest=${1#*:}
    case "$kind" in
    unit) run_unit "$rest" ;;
    isa) run_isa "${rest%%@*}" "${rest#*@}" ;;
    boot) run_boot "$rest" ;;
    diff) run_diff "$rest" ;;
    esac
}

run_unit() {
    local bin=$1 name log rc pass fail skip
    name=${bin#"$BUILD"/}
    log=$LOGS/${name//\//_}.log
    timeout "$UNIT_TIMEOUT" "$bin" --tap >"$log" 2>&1
    rc=$?
    pass=$(grep -c '^ok ' "$log")
    skip=$(grep -c '^ok .*# SKIP' "$log")
    fail=$(grep -c '^not ok ' "$log")
    pass=$((pass - skip))
    if [ $rc -ne 0 ] && [ "$fail" -eq 0 ]; then
        fail=1 # crashed or timed out outside a test case
    fi
    [ "$pass" -gt 0 ] && record unit "$name" pass "$pass"
    [ "$skip" -gt 0 ] && record unit "$name" skip "$skip"
    [ "$fail" -gt 0 ] && record unit "$name" fail "$fail"
    if [ "$fail" -gt 0 ]; then
        echo "FAIL $name ($pass passed, $fail failed, exit $rc)"
        grep '^not ok ' "$log" | head -n 20 | sed 's/^/    | /'
        [ $rc -ne 0 ] && show_tail "$log"
    elif [ "$pass" -eq 0 ] && [ "$skip" -eq 0 ]; then
        record unit "$name" pass 1 # a binary without TAP output that exited 0
        echo "PASS $name"
    else
        local skipped=""
        [ "$skip" -gt 0 ] && skipped=", $skip skipped"
        echo "PASS $name ($pass cases$skipped)"
    fi
}

run_isa() {
    local elf=$1 accel=$2 name log rc
    name="isa/$(basename "$elf" .elf) [$accel]"
    log=$LOGS/isa_$(basename "$elf" .elf)_${accel//[,=]/_}.log
    timeout "$ISA_TIMEOUT" "$POWERJIT" -M pseries -nographic \
        -accel "$accel" -kernel "$elf" </dev/null >"$log" 2>&1
    rc=$?
    if [ $rc -eq 0 ] && grep -q '^ISA-TEST PASS' "$log"; then
        record isa "$name" pass
        echo "PASS $name"
    else
        record isa "$name" fail
        [ $rc -eq 124 ] && rc="$rc (timeout ${ISA_TIMEOUT}s)"
        echo "FAIL $name (exit $rc)"
        show_tail "$log"
    fi
}

run_boot() {
    local script=${1%%@*} accel= name log rc
    [ "$script" != "$1" ] && accel=${1#*@}
    name="boot/$(basename "$script")${accel:+ [$accel]}"
    log=$LOGS/boot_$(basename "$script" .sh)${accel:+_${accel//[,=]/_}}.log
    BOOT_ACCEL=${accel:-tcg} timeout "$BOOT_TIMEOUT" "$script" >"$log" 2>&1 </dev/null
    rc=$?
    case $rc in
    0) record boot "$name" pass; echo "PASS $name" ;;
    77) record boot "$name" skip; echo "SKIP $name ($(tail -n 1 "$log"))" ;;
    *) record boot "$name" fail; echo "FAIL $name (exit $rc)"; show_tail "$log" ;;
    esac
}

run_diff() {
    local kind=${1:-fixed} count=$DIFF_COUNT name log rc
    [ "$kind" = fp ] && count=$DIFF_FP_COUNT
    name="diff/qemu-ppc64le${1:+-$1} seed=$DIFF_SEED count=$count"
    log=$LOGS/diff${1:+-$1}.log
    DIFF_KIND=$kind tests/diff/run.sh "$DIFF_SEED" "$count" >"$log" 2>&1 </dev/null
    rc=$?
    case $rc in
    0) record diff "$name" pass; echo "PASS $name ($(tail -n 1 "$log"))" ;;
    77) record diff "$name" skip; echo "SKIP $name ($(tail -n 1 "$log"))" ;;
    *) record diff "$name" fail; echo "FAIL $name (exit $rc)"; show_tail "$log" ;;
    esac
}

export -f record show_tail run_job run_unit run_isa run_boot run_diff

# ---- the job list
JOBLIST=$LOGS/jobs
: >"$JOBLIST"

for bin in "$BUILD"/tests/unit/* "$BUILD"/tests/ir/*; do
    [ -f "$bin" ] && [ -x "$bin" ] && echo "unit:$bin" >>"$JOBLIST"
done

ISA_SRCS=$(ls tests/isa/*.c tests/isa/*.S 2>/dev/null)
ISA_COUNT=$(echo "$ISA_SRCS" | grep -c .)
if ! command -v powerpc64le-linux-gnu-gcc >/dev/null ||
    ! command -v powerpc64-linux-gnu-gcc >/dev/null; then
    echo "SKIP isa (no ppc64 cross compilers: run scripts/install-deps)"
    record isa all skip $((ISA_COUNT * 4))
elif ! make -k -s -f tests/isa/Makefile.inc isa >"$LOGS/isa-build.log" 2>&1 &&
    [ ! -f "$BUILD/isa/librt-le.a" ]; then
    echo "FAIL isa runtime build"
    show_tail "$LOGS/isa-build.log"
    record isa build fail
elif [ ! -x "$POWERJIT" ]; then
    echo "FAIL isa ($POWERJIT is not built)"
    record isa all fail $((ISA_COUNT * 4))
else
    for src in $ISA_SRCS; do
        n=$(basename "${src%.*}")
        for order in le be; do
            elf=$BUILD/isa/$n-$order.elf
            if [ ! -f "$elf" ] || [ "$elf" -ot "$src" ]; then
                echo "FAIL isa/$n-$order (does not build: see $LOGS/isa-build.log)"
                record isa "$n-$order" fail 2
                continue
            fi
            for accel in tcg tcg,interp=on; do
                echo "isa:$elf@$accel" >>"$JOBLIST"
            done
        done
    done
fi

for script in tests/boot/*.sh; do
    [ -f "$script" ] && echo "boot:$script" >>"$JOBLIST"
done
# the Linux boot under the interpreter backend takes minutes: --full only
if [ "$FULL" = 1 ] && [ -x tests/boot/linux-boot.sh ]; then
    echo "boot:tests/boot/linux-boot.sh@tcg,interp=on" >>"$JOBLIST"
fi

[ -x tests/diff/run.sh ] && echo "diff:" >>"$JOBLIST" && echo "diff:fp" >>"$JOBLIST"

# slowest first so that the two workers finish together
{ grep '^boot:' "$JOBLIST"; grep '^diff:' "$JOBLIST"; grep -v -e '^boot:' -e '^diff:' "$JOBLIST"; } |
    xargs -d '\n' -P "$JOBS" -n 1 bash -c 'run_job "$1"' _

# ---- summary
read -r P F S < <(cat "$RES"/r.* 2>/dev/null |
    awk '{p += $1; f += $2; s += $3} END {printf "%d %d %d\n", p, f, s}')
if [ "$S" -gt 0 ]; then
    echo "$P passed, $F failed, $S skipped"
else
    echo "$P passed, $F failed"
fi
[ "$F" -eq 0 ] && [ "$P" -gt 0 ]
