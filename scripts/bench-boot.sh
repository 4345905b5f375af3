#!/bin/bash
# Boot benchmark: Debian's ppc64el kernel and the busybox initramfs
# (scripts/fetch-guest) booted N times (default 5) under powerjit and under
# Debian's qemu-system-ppc64, alternately, with the same machine:
#     powerjit          -M pseries          -cpu POWER9 -m 1G -nographic
#     qemu-system-ppc64 -M pseries,x-vof=on -cpu POWER9 -m 1G -nographic -vga none (its VGA BIOS is not in every install)
# and `-append "console=hvc0 powerjit.bench=1"`: with that argument the
# guest's /init runs a short workload (/etc/powerjit-bench.sh in the
# initramfs: write a 4 MB file, md5sum it 8 times, gzip | gunzip it, 200
# fork/exec, an awk floating-point loop) and then `poweroff -f`.
#
# Every console line is timestamped by the host as it arrives, so the
# times are wall clock seen from outside the guest:
#   first kernel line   the kernel's first printk on the console
#   Run /init           the kernel hands over to user space
#   workload            from the workload's first step to its last
#                       (also per step: write md5 gzip fork awk)
#   power-off           the emulator process exits (status must be 0)
# Printed: the median of each over the runs that got there, for powerjit
# and QEMU, and the ratio powerjit/QEMU (below 1 = powerjit is faster; the
# goal for the boot is at most 1.0).
#
# Memory: the peak resident set of the emulator process is VmHWM from
# /proc/PID/status (the kernel's high-water mark of the RSS), read every
# 50 ms until the process exits; nothing grows during power-off, so the last
# reading is the peak.  The goal is "peak RSS < guest RAM touched + 64 MiB".
# Guest RAM touched is estimated from inside the guest: at the end of the
# workload (its 4 MB files still in the initramfs) /init prints MemFree, and
# RAM touched = the -m size - MemFree: every page the guest kernel is not
# holding free (kernel image, page tables, struct pages, page cache, the
# initramfs, user memory).  It leaves out pages that were touched and freed
# again (the initrd image, the kernel's init sections, exited processes), so
# the limit it gives is, if anything, strict.  QEMU's own figure is printed
# for comparison (it holds its translated code and its own data as well).
#
# --hash adds the hash-MMU machines (issue 7), each under both emulators
# in the same rounds as the radix one:
#     -cpu POWER9 with the kernel argument disable_radix
#     -cpu POWER8 (hash only)
# A run must have used the MMU its configuration names (the kernel's
# "Initializing hash mmu" / "Using radix MMU" line).  For each
# the same rows and ratios against QEMU (goal: at most 0.6 for Run /init,
# the workload and power-off), and then the hash configurations' workload
# steps against powerjit's radix run: the fork step (200 fork/exec of
# /bin/true: fork, exec's mmaps, page faults and exits, the
# process-heavy part) must stay within 1.2x of radix.
#
# Exit status 0 when every run of both emulators powered off with status 0
# and printed the workload's expected answers (computed by the host: the
# same data from the host's seq, the same awk program); the speed and
# memory goals are reported, not enforced.
#
#   scripts/bench-boot.sh [-n N] [--hash]
# POWERJIT names the binary; BENCH_TIMEOUT bounds one run (default 300 s).
set -u
cd "$(dirname "$0")/.."

N=5
HASH=0
while [ $# -gt 0 ]; do
    case "$1" in
    -n) N=$2; shift ;;
    --hash) HASH=1 ;;
    *) echo "usage: $0 [-n N] [--hash]" >&2; exit 2 ;;
    esac
    shift
done
POWERJIT=${POWERJIT:-build/powerjit}
KERNEL=build/guest/vmlinux
INITRD=build/guest/initramfs.cpio.gz
RAM_MIB=1024
LIMIT=${BENCH_TIMEOUT:-300}
OUT=build/bench/boot
APPEND="console=hvc0 powerjit.bench=1"
STEPS="write md5 gzip fork awk"

echo "== boot benchmark (Debian ppc64el kernel + busybox initramfs, $N runs each)"
if ! scripts/fetch-guest >/dev/null || [ ! -f "$KERNEL" ] || [ ! -f "$INITRD" ]; then
    echo "bench-boot: no guest (scripts/fetch-guest could not fetch it); skipped"
    exit 0
fi
rm -rf "$OUT"
mkdir -p "$OUT"

# what the workload must print, computed on the host
want_md5=$(for i in 1 2 3 4 5 6 7; do seq 1 100000; done | md5sum | cut -d' ' -f1)
want_awk=$(awk 'BEGIN { s = 0; for (i = 1; i <= 100000; i++) s += i * 1.5 / (i * i + 0.25); printf "%.12f\n", s }')

# stamp: copies stdin to stdout, each line prefixed with the host's clock
# (seconds since the epoch, microseconds); "EOF" when the input ends
stamp() {
    local line
    while IFS= read -r line || [ -n "$line" ]; do
        printf '%s %s\n' "$EPOCHREALTIME" "${line%$'\r'}"
    done
    printf '%s EOF\n' "$EPOCHREALTIME"
}

# run_one LABEL I MMU CMD...: one boot; leaves LABEL-I.log (timestamped
# console) and appends one line to LABEL.runs:
#   status init_s off_s workload_s peak_rss_kib memfree_kib step_s... first_s cpu_s
# (off_s and workload_s are "-" when the run failed, also when the kernel
# did not initialise the MMU named, hash or radix; cpu_s is the emulator's
# user + system time, all threads, at its last 50 ms reading before it
# exited: on a loaded host the wall times count other jobs' time too)
run_one() {
    local label=$1 i=$2 mmu=$3 log t0 pid spid hwm=0 k v rest status
    local -a st
    local ticks=0 hz
    hz=$(getconf CLK_TCK)
    shift 3
    log=$OUT/$label-$i.log
    rm -f "$OUT/fifo"
    mkfifo "$OUT/fifo"
    stamp <"$OUT/fifo" >"$log" &
    spid=$!
    t0=$EPOCHREALTIME
    "$@" </dev/null >"$OUT/fifo" 2>&1 &
    pid=$!
    local deadline=$(( ${t0/./} + LIMIT * 1000000 ))
    while kill -0 "$pid" 2>/dev/null; do
        while read -r k v rest; do
            [ "$k" = VmHWM: ] && [ "$v" -gt "$hwm" ] && hwm=$v
        done <"/proc/$pid/status" 2>/dev/null
        # fields 14 and 15 of /proc/PID/stat: utime, stime in clock ticks
        if read -r -a st <"/proc/$pid/stat" 2>/dev/null && [ "${#st[@]}" -gt 15 ]; then
            ticks=$((st[13] + st[14]))
        fi
        if [ "${EPOCHREALTIME/./}" -gt "$deadline" ]; then
            echo "bench-boot: $label run $i still running after $LIMIT s: killed"
            kill "$pid"
        fi
        sleep 0.05
    done
    wait "$pid"
    status=$?
    wait "$spid"
    rm -f "$OUT/fifo"
    # the answers the workload printed
    local got_md5 got_gzip got_fork got_awk ok=1
    got_md5=$(awk '$2 == "pjbench:" && $3 == "md5" {print $4}' "$log")
    got_gzip=$(awk '$2 == "pjbench:" && $3 == "gzip" {print $4}' "$log")
    got_fork=$(awk '$2 == "pjbench:" && $3 == "fork" {print $4}' "$log")
    got_awk=$(awk '$2 == "pjbench:" && $3 == "awk" {print $4}' "$log")
    [ "$status" = 0 ] || ok=0
    [ "$got_md5" = "$want_md5" ] && [ "$got_gzip" = "$want_md5" ] || ok=0
    [ "$got_fork" = 200 ] && [ "$got_awk" = "$want_awk" ] || ok=0
    local got_mmu=none
    grep -q 'Initializing hash mmu' "$log" && got_mmu=hash
    grep -q 'Using radix MMU' "$log" && got_mmu=radix
    [ "$got_mmu" = "$mmu" ] || ok=0
    awk -v t0="$t0" -v status="$status" -v ok="$ok" -v hwm="$hwm" -v steps="$STEPS" \
        -v cpu="$(awk -v t="$ticks" -v hz="$hz" 'BEGIN { printf "%.3f", t / hz }')" '
        function rel(t) { return sprintf("%.3f", t - t0) }
        !first && / \[ *[0-9]+\.[0-9]+\] / { first = $1 }
        !init && /Run \/init/ { init = $1 }
        $2 == "pjbench:" && $3 == "step" { at[$4] = $1 }
        $2 == "pjbench:" && $3 == "meminfo" { for (f = 4; f < NF; f++) if ($f == "MemFree:") free = $(f + 1) }
        $2 == "EOF" { end = $1 }
        END {
            n = split(steps, s, " ")
            line = status " " (init ? rel(init) : "-") " " (end && ok ? rel(end) : "-")
            line = line " " ((ok && "write" in at && "end" in at) ? sprintf("%.3f", at["end"] - at["write"]) : "-")
            line = line " " hwm " " (free ? free : "-")
            for (j = 1; j <= n; j++) {
                nxt = (j < n) ? s[j + 1] : "end"
                line = line " " ((s[j] in at && nxt in at) ? sprintf("%.3f", at[nxt] - at[s[j]]) : "-")
            }
            print line " " (first ? rel(first) : "-") " " (ok ? cpu : "-")
        }' "$log" >>"$OUT/$label.runs"
    if [ $ok = 0 ]; then
        echo "bench-boot: $label run $i failed: exit status $status," \
            "md5 '${got_md5:-none}' gzip '${got_gzip:-none}' fork '${got_fork:-none}' awk '${got_awk:-none}' MMU $got_mmu" \
            "(want $want_md5, 200, $want_awk, $mmu); console in $log:"
        tail -n 8 "$log" | cut -d' ' -f2- | sed 's/^/    | /'
        echo "$label $i" >>"$OUT/failed"
    fi
}

# median FILE COLUMN: the median of a column of LABEL.runs over the runs
# that have it ("-" if none has)
median() {
    awk -v c="$2" '$c != "-" { v[++n] = $c }
        END {
            if (n == 0) { print "-"; exit }
            for (i = 2; i <= n; i++)
                for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
            if (n % 2) printf "%.3f\n", v[(n + 1) / 2]
            else printf "%.3f\n", (v[n / 2] + v[n / 2 + 1]) / 2
        }' "$1"
}

ratio() {
    if [ "$1" = - ] || [ "$2" = - ]; then
        echo -
    else
        awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f\n", a / b; else print "-" }'
    fi
}

have_jit=1
[ -x "$POWERJIT" ] || { echo "bench-boot: $POWERJIT is not built; timing QEMU only"; have_jit=0; }
have_qemu=1
command -v qemu-system-ppc64 >/dev/null || { echo "bench-boot: qemu-system-ppc64 is not installed; no comparison"; have_qemu=0; }

# the machines: radix (labels powerjit, qemu), and with --hash p9hash and
# p8 (labels powerjit-p9hash, qemu-p9hash...): CPU, extra kernel argument,
# MMU, title
CONFIGS=radix
[ $HASH = 1 ] && CONFIGS="radix p9hash p8"
conf() { # conf NAME FIELD
    local cpu append mmu title
    case $1 in
    radix) cpu=POWER9 append= mmu=radix title="POWER9, radix" ;;
    p9hash) cpu=POWER9 append=" disable_radix" mmu=hash title="POWER9 disable_radix, hash" ;;
    p8) cpu=POWER8 append= mmu=hash title="POWER8, hash" ;;
    esac
    case $2 in
    cpu) echo "$cpu" ;;
    append) echo "$APPEND$append" ;;
    mmu) echo "$mmu" ;;
    title) echo "$title" ;;
    suffix) [ "$1" = radix ] || echo "-$1" ;;
    esac
}

for i in $(seq 1 "$N"); do
    for c in $CONFIGS; do
        sfx=$(conf "$c" suffix)
        if [ $have_jit = 1 ]; then
            run_one "powerjit$sfx" "$i" "$(conf "$c" mmu)" "$POWERJIT" -M pseries \
                -cpu "$(conf "$c" cpu)" -m 1G -nographic \
                -kernel "$KERNEL" -initrd "$INITRD" -append "$(conf "$c" append)"
        fi
        if [ $have_qemu = 1 ]; then
            run_one "qemu$sfx" "$i" "$(conf "$c" mmu)" qemu-system-ppc64 -M pseries,x-vof=on \
                -cpu "$(conf "$c" cpu)" -m 1G -nographic -vga none \
                -kernel "$KERNEL" -initrd "$INITRD" -append "$(conf "$c" append)"
        fi
    done
done

# columns of LABEL.runs: 1 status, 2 init, 3 off, 4 workload, 5 rss, 6 memfree,
# 7.. steps, last: first kernel line
nsteps=$(wc -w <<<"$STEPS")
col_first=$((7 + nsteps))
col_cpu=$((col_first + 1))
row() { # row NAME COLUMN [SUFFIX]: powerjit$SUFFIX against qemu$SUFFIX
    local j=- q=- sfx=${3:-}
    [ -s "$OUT/powerjit$sfx.runs" ] && j=$(median "$OUT/powerjit$sfx.runs" "$2")
    [ -s "$OUT/qemu$sfx.runs" ] && q=$(median "$OUT/qemu$sfx.runs" "$2")
    printf "%-22s %10s %10s %7s\n" "$1" "$j" "$q" "$(ratio "$j" "$q")"
}
[ $HASH = 1 ] && echo "-- $(conf radix title)"
printf "%-22s %10s %10s %7s\n" "median, seconds" powerjit "QEMU" ratio
row "first kernel line" "$col_first"
row "Run /init" 2
row "power-off (exit)" 3
row "workload in the guest" 4
row "emulator CPU user+sys" $col_cpu
c=7
for s in $STEPS; do
    row "  $s" $c
    c=$((c + 1))
done

# memory
mib() { awk -v k="$1" 'BEGIN { if (k == "-" || k == "") print "-"; else printf "%.0f\n", k / 1024 }'; }
maxcol() { awk -v c="$2" '$c != "-" && $c + 0 > m { m = $c + 0 } END { print m ? m : "-" }' "$1"; }
mincol() { awk -v c="$2" '$c != "-" && (m == "" || $c + 0 < m) { m = $c + 0 } END { print m != "" ? m : "-" }' "$1"; }
j_rss=-; q_rss=-; free=-
[ -s "$OUT/powerjit.runs" ] && j_rss=$(maxcol "$OUT/powerjit.runs" 5) && free=$(mincol "$OUT/powerjit.runs" 6)
[ -s "$OUT/qemu.runs" ] && q_rss=$(maxcol "$OUT/qemu.runs" 5)
[ "$free" = - ] && [ -s "$OUT/qemu.runs" ] && free=$(mincol "$OUT/qemu.runs" 6)
printf "%-22s %10s %10s\n" "peak RSS, MiB (max)" "$(mib "$j_rss")" "$(mib "$q_rss")"
if [ "$free" != - ]; then
    touched=$((RAM_MIB - free / 1024))
    echo "guest RAM touched: ${touched} MiB (-m ${RAM_MIB} minus the guest's MemFree $((free / 1024)) MiB);" \
        "limit ${touched} + 64 = $((touched + 64)) MiB"
    if [ "$j_rss" != - ]; then
        if [ $((j_rss / 1024)) -lt $((touched + 64)) ]; then
            echo "memory goal met: powerjit's peak RSS $(mib "$j_rss") MiB < $((touched + 64)) MiB"
        else
            echo "memory goal NOT met: powerjit's peak RSS $(mib "$j_rss") MiB >= $((touched + 64)) MiB"
        fi
    fi
fi
j_init=-; q_init=-
[ -s "$OUT/powerjit.runs" ] && j_init=$(median "$OUT/powerjit.runs" 2)
[ -s "$OUT/qemu.runs" ] && q_init=$(median "$OUT/qemu.runs" 2)
r=$(ratio "$j_init" "$q_init")
if [ "$r" != - ]; then
    if awk -v r="$r" 'BEGIN { exit !(r <= 1.0) }'; then
        echo "boot goal met: powerjit reaches /init in $r of QEMU's time"
    else
        echo "boot goal NOT met: powerjit needs $r of QEMU's time to reach /init"
    fi
fi

# --hash: each hash machine against QEMU, then against powerjit's radix run
HASH_GOAL=0.6 FORK_GOAL=1.2
goal() { # goal WHAT RATIO LIMIT
    [ "$2" = - ] && return
    if awk -v r="$2" -v l="$3" 'BEGIN { exit !(r <= l) }'; then
        echo "  goal met: $1 in $2 of the other's time (at most $3)"
    else
        echo "  goal NOT met: $1 in $2 of the other's time (at most $3)"
    fi
}
med() { [ -s "$OUT/$1.runs" ] && median "$OUT/$1.runs" "$2" || echo -; }
if [ $HASH = 1 ]; then
    for c in p9hash p8; do
        sfx=$(conf "$c" suffix)
        echo
        echo "-- $(conf "$c" title)"
        printf "%-22s %10s %10s %7s\n" "median, seconds" powerjit "QEMU" ratio
        row "first kernel line" "$col_first" "$sfx"
        row "Run /init" 2 "$sfx"
        row "power-off (exit)" 3 "$sfx"
        row "workload in the guest" 4 "$sfx"
        row "emulator CPU user+sys" $col_cpu "$sfx"
        k=7
        for s in $STEPS; do
            row "  $s" $k "$sfx"
            k=$((k + 1))
        done
        goal "Run /init" "$(ratio "$(med "powerjit$sfx" 2)" "$(med "qemu$sfx" 2)")" $HASH_GOAL
        goal "the workload" "$(ratio "$(med "powerjit$sfx" 4)" "$(med "qemu$sfx" 4)")" $HASH_GOAL
        goal "power-off" "$(ratio "$(med "powerjit$sfx" 3)" "$(med "qemu$sfx" 3)")" $HASH_GOAL
        goal "the whole run's CPU time" "$(ratio "$(med "powerjit$sfx" $col_cpu)" "$(med "qemu$sfx" $col_cpu)")" $HASH_GOAL
    done
    echo
    echo "-- powerjit: hash against radix (median seconds, ratio hash/radix)"
    printf "%-22s %10s %10s %7s %10s %7s\n" "" radix p9hash ratio p8 ratio
    hrow() { # hrow NAME COLUMN
        local r h8 h9
        r=$(med powerjit "$2")
        h9=$(med powerjit-p9hash "$2")
        h8=$(med powerjit-p8 "$2")
        printf "%-22s %10s %10s %7s %10s %7s\n" "$1" "$r" "$h9" "$(ratio "$h9" "$r")" \
            "$h8" "$(ratio "$h8" "$r")"
    }
    hrow "Run /init" 2
    hrow "workload in the guest" 4
    hrow "emulator CPU user+sys" $col_cpu
    k=7
    for s in $STEPS; do
        hrow "  $s" $k
        k=$((k + 1))
    done
    fork_col=$((7 + $(wc -w <<<"${STEPS%% fork*}")))
    goal "POWER9 hash fork/exec against radix" \
        "$(ratio "$(med powerjit-p9hash $fork_col)" "$(med powerjit $fork_col)")" $FORK_GOAL
    goal "POWER8 fork/exec against POWER9 radix" \
        "$(ratio "$(med powerjit-p8 $fork_col)" "$(med powerjit $fork_col)")" $FORK_GOAL
fi
echo "(logs: $OUT/)"
if [ -s "$OUT/failed" ]; then
    echo "bench-boot: $(wc -l <"$OUT/failed") run(s) failed"
    exit 1
fi
[ $have_jit = 1 ]
