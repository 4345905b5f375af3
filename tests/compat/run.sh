#!/bin/bash
# Runs the harness command lines of tests/compat/lines.bash under powerjit
# (issue 15): a line marked boot must reach the harness's success point (the
# busybox shell answering, then `poweroff -f` ending the emulator with status
# 0); a line marked xfail:WHAT is blocked by WHAT and must fail cleanly: exit
# status 1 with a "powerjit:" message on stderr, never a hang.  A blocked
# line that boots is reported as XPASS (its mark should go).
#
# Usage: tests/compat/run.sh [--quick] [--only REGEX] [--table FILE]
#   --quick      only the quick-boot lines boot; the others are still run up
#                to their refusal (make check)
#   --only REGEX only the lines whose name matches (grep -E)
#   --table FILE writes the results as a Markdown table
# Exit status: 0 when every line did what its mark says, 1 otherwise, 77
# when there is no guest kernel.
set -u
cd "$(dirname "$0")/../.."
. tests/boot/console.bash

QUICK=0
TABLE=
ONLY=
while [ $# -gt 0 ]; do
    case $1 in
    --quick) QUICK=1 ;;
    --table) TABLE=$2; shift ;;
    --only) ONLY=$2; shift ;;
    *) echo "usage: $0 [--quick] [--only REGEX] [--table FILE]" >&2; exit 2 ;;
    esac
    shift
done

boot_test_setup
SCRATCH=$CON_TMP/scratch
mkdir -p "$SCRATCH"
: >"$SCRATCH/disk.img"
echo key >"$SCRATCH/master-key.aes" # libvirt's -object secret,file=
ROWS=()
failed=0

# free_port N: a TCP port that nothing on this host listens on (from
# /proc/net/tcp and tcp6), distinct for N = 0, 1 within this run
free_port() {
    local p=$((20000 + ($$ * 7 + $1 * 101) % 30000)) hex
    while :; do
        printf -v hex ':%04X ' "$p"
        if ! cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | grep -q -F "$hex"; then
            echo "$p"
            return
        fi
        p=$((p + 2))
    done
}
PORT=$(free_port 0)
PORT2=$(free_port 1)

# substitutes the file names (and the harness's ports) of one argument
subst() {
    local a=$1
    a=${a//@KERNEL@/$KERNEL}
    a=${a//@INITRD@/$INITRD}
    a=${a//@DIR@/$SCRATCH}
    a=${a//@DISK@/$SCRATCH/disk.img}
    a=${a//@PORT@/$PORT}
    a=${a//@PORT2@/$PORT2}
    printf '%s' "$a"
}

row() { ROWS+=("| $1 | $2 | $3 | $4 | $5 | $6 |"); }

# boot_line EMULATOR LIMIT ARGS...: boots one line on powerjit or QEMU to
# the harness's success point; BOOT_T is the time to the shell prompt,
# BOOT_WHY what went wrong (empty on success)
boot_line() {
    local emu=$1 limit=$2
    shift 2
    BOOT_T= BOOT_WHY=
    console_start "$CON_TMP/console" "$emu" "$@"
    if ! console_wait '/ # ' "$limit"; then
        BOOT_WHY="no shell prompt within $limit s"
        console_dump 10
        console_stop
        exec {CON_FD}>&-
        return 1
    fi
    BOOT_T=$(console_elapsed)
    console_run 'echo $((6 * 7))'
    if [ "$CON_OUT" != 42 ]; then
        BOOT_WHY="the shell did not answer (got '$CON_OUT')"
        console_stop
        exec {CON_FD}>&-
        return 1
    fi
    console_type $'poweroff -f\r'
    console_exit "$limit"
    if [ "$CON_STATUS" != 0 ]; then
        BOOT_WHY="poweroff -f: exit status $CON_STATUS"
        return 1
    fi
}

# qemu_time ARGS...: the same line on Debian's qemu-system-ppc64 (table
# mode).  Debian's qemu-system-ppc64 package comes without SeaBIOS's VGA
# ROM, so QEMU refuses its default VGA card: a line that leaves the card
# to QEMU's default gets -vga none here (the host's packaging, not the
# harness's line).
qemu_time() {
    local a extra=(-vga none)
    QEMU_T=-
    [ -n "$TABLE" ] && command -v qemu-system-ppc64 >/dev/null || return 0
    for a in "$@"; do
        case $a in -vga | -nodefaults) extra=() ;; esac
    done
    # QEMU boots through SLOF: give it three times the line's limit
    if boot_line qemu-system-ppc64 $((LIMIT * 3)) "$@" "${extra[@]}"; then
        QEMU_T="$BOOT_T s"
    else
        QEMU_T="no ($BOOT_WHY)"
    fi
}

# run_boot NAME SLOW ARGS...: SLOW is empty, or why the line is known to
# be slow (it then has five times the stage time)
run_boot() {
    local name=$1 slow=$2 mark=boot
    shift 2
    LIMIT=$STAGE_TIMEOUT
    if [ -n "$slow" ]; then
        LIMIT=$((STAGE_TIMEOUT * 5))
        mark="boot (slow: $slow)"
    fi
    if ! boot_line "$POWERJIT" "$LIMIT" "$@"; then
        fail "$name: $BOOT_WHY"
        row "$name" "$mark" yes no - -
        return 1
    fi
    local t=$BOOT_T
    qemu_time "$@"
    pass "$name: shell at $t s${slow:+ (slow: $slow)}; QEMU: $QEMU_T"
    row "$name" "$mark" yes yes "$t s" "$QEMU_T"
}

# run_console NAME REGEX ARGS...: a line of QEMU's own Python harness
# (QMP on fd 3, the console on @DIR@/console.sock): its success point is
# the console line REGEX, then QMP quit and exit status 0
# (tests/compat/machine-harness.py plays the harness's part)
run_console() {
    local name=$1 regex=$2 t q=-
    shift 2
    harness() { # EMULATOR LIMIT ARGS...
        local emu=$1 limit=$2
        shift 2
        rm -f "$SCRATCH/console.sock"
        python3 tests/compat/machine-harness.py --console "$SCRATCH/console.sock" \
            --wait "$regex" --limit "$limit" -- "$emu" "$@" \
            >"$CON_TMP/harness.out" 2>&1
        local rc=$?
        HARNESS_T=$(sed -n 's/^harness: reached at \(.*\) s$/\1/p' "$CON_TMP/harness.out")
        HARNESS_WHY=$(grep -a '^harness: ' "$CON_TMP/harness.out" | grep -v reached | tail -n 1)
        [ $rc = 0 ] && [ -n "$HARNESS_T" ] && return 0
        HARNESS_WHY=${HARNESS_WHY:-exit status $rc}
        return 1
    }
    if ! harness "$POWERJIT" "$STAGE_TIMEOUT" "$@"; then
        fail "$name: $HARNESS_WHY"
        sed 's/^/    | /' "$CON_TMP/harness.out" | tail -n 5
        row "$name" "console: ${regex//|/\\|}" yes no - -
        return 1
    fi
    t=$HARNESS_T
    if [ -n "$TABLE" ] && command -v qemu-system-ppc64 >/dev/null; then
        if harness qemu-system-ppc64 $((STAGE_TIMEOUT * 3)) "$@"; then
            q="$HARNESS_T s"
        else
            q="no ($HARNESS_WHY)"
        fi
    fi
    pass "$name: '$regex' at $t s, quit: status 0; QEMU: $q"
    row "$name" "console: ${regex//|/\\|}" yes yes "$t s" "$q"
}

# a blocked line: exit 1 with a message, within the stage time
run_xfail() {
    local name=$1 what=$2 rc msg
    shift 2
    local with_fd3=()
    # a line of QEMU's Python harness wants its QMP socketpair on fd 3
    [[ " $* " == *,fd=3[\ ,]* ]] && with_fd3=(python3 -c 'import os, socket, subprocess, sys
a, b = socket.socketpair()
os.dup2(b.fileno(), 3)
sys.exit(subprocess.call(sys.argv[1:], pass_fds=(3,)))')
    timeout "$STAGE_TIMEOUT" "${with_fd3[@]}" "$@" </dev/null >"$CON_TMP/out" 2>"$CON_TMP/err"
    rc=$?
    msg=$(grep -a -m1 '^powerjit: ' "$CON_TMP/err" | grep -v 'warning:' || true)
    [ -n "$msg" ] || msg=$(grep -a '^powerjit: ' "$CON_TMP/err" | tail -n 1)
    msg=${msg//$SCRATCH/@DIR@}
    if [ $rc = 0 ] && grep -q -a '/ # ' "$CON_TMP/out"; then
        echo "XPASS: $name: boots although marked blocked by $what"
        row "$name" "xfail: $what" yes "XPASS" - -
    elif [ $rc = 1 ] && [ -n "$msg" ]; then
        pass "$name: XFAIL ($what): $msg"
        row "$name" "xfail: $what" "no: ${msg//|/\\|}" no - -
    else
        fail "$name: blocked line must exit 1 with a message (exit $rc)"
        sed 's/^/    | /' "$CON_TMP/err" | tail -n 5
        row "$name" "xfail: $what" "HANG/CRASH (exit $rc)" no - -
        return 1
    fi
}

line() {
    local name=$1 expect=$2 args=() a
    shift 2
    if [ -n "$ONLY" ] && ! grep -q -E -- "$ONLY" <<<"$name"; then
        return 0
    fi
    for a in "$@"; do
        args+=("$(subst "$a")")
    done
    case $expect in
    quick-boot) run_boot "$name" "" "${args[@]}" || failed=$((failed + 1)) ;;
    boot | slow:*)
        local slow=
        [ "$expect" = boot ] || slow=${expect#slow:}
        if [ $QUICK = 1 ]; then
            echo "SKIP: $name (boots under --full)"
            row "$name" "boot" "not run (quick)" - - -
        else
            run_boot "$name" "$slow" "${args[@]}" || failed=$((failed + 1))
        fi
        ;;
    console:*) run_console "$name" "${expect#console:}" "${args[@]}" || failed=$((failed + 1)) ;;
    xfail:*) run_xfail "$name" "${expect#xfail:}" "$POWERJIT" "${args[@]}" || failed=$((failed + 1)) ;;
    *) fail "$name: unknown mark $expect"; failed=$((failed + 1)) ;;
    esac
}

. tests/compat/lines.bash

if [ -n "$TABLE" ]; then
    {
        echo "# Harness command lines under powerjit"
        echo
        echo "Generated by \`make check-full\` (\`tests/compat/run.sh --table" \
            "docs/compat-lines.md\`); the lines, their sources and what was" \
            "substituted: \`tests/compat/lines.bash\`.  \"reached\" is the" \
            "harness's success point: the busybox shell answering a command," \
            "then \`poweroff -f\` ending the emulator with status 0.  A" \
            "blocked line must be refused in one line naming what it needs" \
            "(shown).  Times are to the shell prompt, powerjit's and then" \
            "Debian's qemu-system-ppc64 $(qemu-system-ppc64 --version 2>/dev/null | head -n 1 | sed 's/.*version //') on the same line in the same run, on" \
            "the shared 2-core build host (other jobs were running: compare" \
            "the two columns of a row, not rows)."
        echo
        echo "| line | expected | accepted | reached | powerjit | QEMU |"
        echo "|---|---|---|---|---|---|"
        printf '%s\n' "${ROWS[@]}"
        echo
        echo "Choices written down: \`-device nvme\` and \`-device usb-storage\`" \
            "(groeck's nvme and usb variants; \`-usb\` and libvirt's" \
            "\`pci-ohci\` too) are refused in one line naming the device:" \
            "this machine has neither an NVMe nor a USB controller (an NVMe" \
            "controller on the PHB is a well-defined device, out of scope so" \
            "far).  QEMU boots through SLOF, its default firmware, powerjit" \
            "through its built-in client interface; QEMU's curses display" \
            "takes the test's terminal, so the buildroot lines never show it" \
            "a shell here."
    } >"$TABLE"
fi
if [ $failed -ne 0 ]; then
    echo "$failed line(s) did not do what their mark says"
    exit 1
fi
echo "all lines did what their marks say"
