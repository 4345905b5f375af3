#!/bin/bash
# Runs the harness command lines of tests/compat/lines.bash under powerjit
# (issue 15): a line marked boot must reach the harness's success point (the
# busybox shell answering, then `poweroff -f` ending the emulator with status
# 0); a line marked xfail:WHAT is blocked by WHAT and must fail cleanly: exit
# status 1 with a "powerjit:" message on stderr, never a hang.  A blocked
# line that boots is reported as XPASS (its mark should go).
#
# Usage: tests/compat/run.sh [--quick] [--table FILE]
#   --quick      only the quick-boot lines boot; the others are still run up
#                to their refusal (make check)
#   --table FILE writes the results as a Markdown table
# Exit status: 0 when every line did what its mark says, 1 otherwise, 77
# when there is no guest kernel.
set -u
cd "$(dirname "$0")/../.."
. tests/boot/console.bash

QUICK=0
TABLE=
while [ $# -gt 0 ]; do
    case $1 in
    --quick) QUICK=1 ;;
    --table) TABLE=$2; shift ;;
    *) echo "usage: $0 [--quick] [--table FILE]" >&2; exit 2 ;;
    esac
    shift
done

boot_test_setup
SCRATCH=$CON_TMP/scratch
mkdir -p "$SCRATCH"
: >"$SCRATCH/disk.img"
ROWS=()
failed=0

# substitutes the file names of one argument
subst() {
    local a=$1
    a=${a//@KERNEL@/$KERNEL}
    a=${a//@INITRD@/$INITRD}
    a=${a//@DIR@/$SCRATCH}
    a=${a//@DISK@/$SCRATCH/disk.img}
    printf '%s' "$a"
}

row() { ROWS+=("| $1 | $2 | $3 | $4 |"); }

run_boot() {
    local name=$1
    shift
    console_start "$CON_TMP/console" "$@"
    if ! console_wait '/ # ' "$STAGE_TIMEOUT"; then
        fail "$name: no shell prompt within ${STAGE_TIMEOUT} s"
        console_dump 10
        console_stop
        exec {CON_FD}>&-
        row "$name" "boot" "no" "-"
        return 1
    fi
    local t=$(console_elapsed)
    console_run 'echo $((6 * 7))'
    if [ "$CON_OUT" != 42 ]; then
        fail "$name: the shell did not answer (got '$CON_OUT')"
        console_stop
        exec {CON_FD}>&-
        row "$name" "boot" "no" "-"
        return 1
    fi
    console_type $'poweroff -f\r'
    console_exit "$STAGE_TIMEOUT"
    if [ "$CON_STATUS" != 0 ]; then
        fail "$name: poweroff -f: exit status $CON_STATUS"
        row "$name" "boot" "no" "-"
        return 1
    fi
    pass "$name: shell at $t s, powered off at $(console_elapsed) s"
    row "$name" "boot" "yes" "${t} s to the shell"
}

# a blocked line: exit 1 with a message, within the stage time
run_xfail() {
    local name=$1 what=$2 rc msg
    shift 2
    timeout "$STAGE_TIMEOUT" "$@" </dev/null >"$CON_TMP/out" 2>"$CON_TMP/err"
    rc=$?
    msg=$(grep -a -m1 '^powerjit: ' "$CON_TMP/err" | grep -v 'warning:' || true)
    [ -n "$msg" ] || msg=$(grep -a '^powerjit: ' "$CON_TMP/err" | tail -n 1)
    msg=${msg//$SCRATCH/@DIR@}
    if [ $rc = 0 ] && grep -q -a '/ # ' "$CON_TMP/out"; then
        echo "XPASS: $name: boots although marked blocked by $what"
        row "$name" "xfail: $what" "XPASS" "-"
    elif [ $rc = 1 ] && [ -n "$msg" ]; then
        pass "$name: XFAIL ($what): $msg"
        row "$name" "xfail: $what" "refused" "${msg//|/\\|}"
    else
        fail "$name: blocked line must exit 1 with a message (exit $rc)"
        sed 's/^/    | /' "$CON_TMP/err" | tail -n 5
        row "$name" "xfail: $what" "HANG/CRASH (exit $rc)" "-"
        return 1
    fi
}

line() {
    local name=$1 expect=$2 args=() a
    shift 2
    for a in "$@"; do
        args+=("$(subst "$a")")
    done
    case $expect in
    quick-boot) run_boot "$name" "$POWERJIT" "${args[@]}" || failed=$((failed + 1)) ;;
    boot)
        if [ $QUICK = 1 ]; then
            echo "SKIP: $name (boots under --full)"
            row "$name" "boot" "not run (quick)" "-"
        else
            run_boot "$name" "$POWERJIT" "${args[@]}" || failed=$((failed + 1))
        fi
        ;;
    xfail:*) run_xfail "$name" "${expect#xfail:}" "$POWERJIT" "${args[@]}" || failed=$((failed + 1)) ;;
    esac
}

. tests/compat/lines.bash

if [ -n "$TABLE" ]; then
    {
        echo "| line | expected | reached | detail |"
        echo "|---|---|---|---|"
        printf '%s\n' "${ROWS[@]}"
    } >"$TABLE"
fi
if [ $failed -ne 0 ]; then
    echo "$failed line(s) did not do what their mark says"
    exit 1
fi
echo "all lines did what their marks say"
