# tests/boot/console.bash: a small expect-like driver for the Linux boot
# tests, in plain bash (no python or expect on a fresh Debian).  Sourced by
# tests/boot/linux-*.sh and scripts/bench-boot.sh.
#
# The emulator runs in the background with its stdin on a FIFO that this
# shell holds open, and its stdout and stderr in a log file.  Waiting for a
# console milestone polls the log from a moving offset: each wait only sees
# what arrived after the previous match, so the same text (say 'Run /init'
# after a reboot) can be awaited twice.  Commands are typed into the FIFO as
# a user would type them (the guest reads them through H_GET_TERM_CHAR);
# their output is cut out of the log between two markers that the shell
# prints but that the echo of the typed line cannot contain
# (`echo @@7''B@@` prints @@7B@@, its echo shows @@7''B@@).
#
# Also: which emulator to run.  BOOT_EMULATOR=qemu runs Debian's
# qemu-system-ppc64 (-M pseries,x-vof=on) instead of powerjit, to check the
# tests' own expectations against an independent implementation.

CON_POLL=0.05

# boot_emulator: powerjit or qemu (also when POWERJIT is the ISA tests'
# QEMU stand-in, tests/isa/qemu-wrapper.sh)
boot_emulator() {
    case ${POWERJIT:-} in
    *qemu-wrapper.sh) echo qemu ;;
    *) echo "${BOOT_EMULATOR:-powerjit}" ;;
    esac
}

# guest_cmdline: sets EMU (the command as an array) for
# `-M pseries -cpu $BOOT_CPU -m 1G -nographic` (BOOT_CPU defaults to
# POWER9), the kernel, the initrd and the
# kernel arguments $1, on the emulator BOOT_EMULATOR names (powerjit by
# default, $POWERJIT; or qemu), with the accelerator BOOT_ACCEL (powerjit
# only: tcg, or tcg,interp=on).  Extra arguments follow.
guest_cmdline() {
    local append=$1
    shift
    case $(boot_emulator) in
    qemu)
        EMU=(qemu-system-ppc64 -M pseries,x-vof=on -vga none -cpu "${BOOT_CPU:-POWER9}" -m 1G -nographic
            -kernel "$KERNEL" -initrd "$INITRD" -append "$append")
        # QEMU's NVRAM is all zeroes without a backing file, which the
        # kernel reports as a 'WARNING: nvram corruption'; give it one
        # formatted as firmware leaves it (powerjit formats its own)
        if [ -n "${CON_TMP:-}" ]; then
            make_nvram "$CON_TMP/nvram.bin"
            EMU+=(-drive "if=pflash,file=$CON_TMP/nvram.bin,format=raw")
        fi
        ;;
    *)
        EMU=("$POWERJIT" -M pseries -cpu "${BOOT_CPU:-POWER9}" -m 1G -nographic
            -accel "${BOOT_ACCEL:-tcg}"
            -kernel "$KERNEL" -initrd "$INITRD" -append "$append")
        ;;
    esac
    EMU+=("$@")
}

# make_nvram FILE: 64 KiB of NVRAM holding one CHRP "free space" partition
# that covers it all (signature 0x7f, length 0x1000 blocks of 16 bytes,
# name wwwwwwwwwwww), with the header checksum of the CHRP binding: the
# bytes of the header but the checksum itself, added with end-around carry.
make_nvram() {
    local sum=$((0x7f + 0x10 + 0x00 + 12 * 0x77)) f=$1
    while [ $sum -gt 255 ]; do
        sum=$(((sum & 0xff) + (sum >> 8)))
    done
    {
        printf '\177'"\\$(printf '%03o' $sum)"'\020\000'
        printf 'wwwwwwwwwwww'
        head -c $((65536 - 16)) /dev/zero
    } >"$f"
}

# guest_fetch: makes sure KERNEL and INITRD exist, fetching the default
# guest with scripts/fetch-guest when they are the default paths.  Returns 1
# when the guest is not there and cannot be fetched.
guest_fetch() {
    if [ "$KERNEL" = build/guest/vmlinux ] && [ "$INITRD" = build/guest/initramfs.cpio.gz ]; then
        scripts/fetch-guest >&2 || true
    fi
    [ -f "$KERNEL" ] && [ -f "$INITRD" ]
}

# console_start LOG CMD...: starts CMD with its console on this driver
console_start() {
    CON_LOG=$1
    shift
    CON_OFF=0
    CON_SEQ=0
    rm -f "$CON_TMP/in"
    mkfifo "$CON_TMP/in"
    exec {CON_FD}<>"$CON_TMP/in"
    "$@" <"$CON_TMP/in" >"$CON_LOG" 2>&1 &
    CON_PID=$!
    CON_T0=$EPOCHREALTIME
}

# console_alive: the emulator is still running
console_alive() {
    [ -n "${CON_PID:-}" ] && kill -0 "$CON_PID" 2>/dev/null
}

# console_find TEXT: if TEXT appears after the offset, moves the offset past
# it and succeeds
console_find() {
    local at
    at=$(tail -c +$((CON_OFF + 1)) "$CON_LOG" | grep -a -b -o -F -m1 -- "$1" | head -n 1)
    [ -n "$at" ] || return 1
    CON_OFF=$((CON_OFF + ${at%%:*} + ${#1}))
}

# console_wait TEXT [SECONDS]: waits until TEXT appears on the console (after
# the offset).  Fails when the time is up or the emulator has exited.
console_wait() {
    local text=$1 limit=${2:-$STAGE_TIMEOUT} deadline now
    deadline=$(( ${EPOCHREALTIME/./} + limit * 1000000 ))
    while :; do
        console_find "$text" && return 0
        if ! console_alive; then
            console_find "$text" && return 0
            return 1
        fi
        now=${EPOCHREALTIME/./}
        [ "$now" -lt "$deadline" ] || return 1
        sleep "$CON_POLL"
    done
}

# console_type TEXT: types TEXT (a line ends with \r, as a terminal's Enter)
console_type() {
    printf '%s' "$1" >&"$CON_FD"
}

# console_run COMMAND [SECONDS]: types COMMAND at the shell prompt and
# collects what it printed in CON_OUT (carriage returns removed) and its
# exit status in CON_RC.  Fails (CON_RC empty) on a timeout.
console_run() {
    console_send "$1"
    console_collect "${2:-$STAGE_TIMEOUT}"
}

# console_send COMMAND: types COMMAND between the markers (console_collect
# then waits for them); lets a test type more while COMMAND runs
console_send() {
    CON_SEQ=$((CON_SEQ + 1))
    local n=$CON_SEQ
    console_type "echo @@$n''B@@; $1; echo @@$n''E \$? @@$n''F@@"$'\r'
}

# console_collect [SECONDS]: the second half of console_run
console_collect() {
    local limit=${1:-$STAGE_TIMEOUT} n=$CON_SEQ o1 o2 o3
    CON_OUT=
    CON_RC=
    console_wait "@@${n}B@@" "$limit" || return 1
    o1=$CON_OFF
    console_wait "@@${n}E " "$limit" || return 1
    o2=$CON_OFF
    console_wait "@@${n}F@@" "$limit" || return 1
    o3=$CON_OFF
    CON_OUT=$(tail -c +$((o1 + 1)) "$CON_LOG" | head -c $((o2 - o1 - ${#n} - 4)) | tr -d '\r' | sed '1{/^$/d}')
    CON_RC=$(tail -c +$((o2 + 1)) "$CON_LOG" | head -c $((o3 - o2 - ${#n} - 5)) | tr -d ' \r\n')
}

# console_exit SECONDS: waits for the emulator to end; sets CON_STATUS to
# its exit status, or to 'timeout' (and kills it)
console_exit() {
    local limit=${1:-$STAGE_TIMEOUT} i
    for ((i = 0; i < limit * 20; i++)); do
        console_alive || break
        sleep "$CON_POLL"
    done
    if console_alive; then
        kill "$CON_PID" 2>/dev/null
        wait "$CON_PID" 2>/dev/null
        CON_STATUS=timeout
    else
        wait "$CON_PID"
        CON_STATUS=$?
    fi
    CON_PID=
    exec {CON_FD}>&-
}

# console_stop: ends the emulator if it still runs (for cleanup traps)
console_stop() {
    if console_alive; then
        kill "$CON_PID" 2>/dev/null
        sleep 0.2
        kill -9 "$CON_PID" 2>/dev/null
        wait "$CON_PID" 2>/dev/null
    fi
    CON_PID=
}

# console_elapsed: seconds since console_start, with milliseconds
console_elapsed() {
    local now=${EPOCHREALTIME/./} t0=${CON_T0/./}
    local ms=$(((now - t0) / 1000))
    printf '%d.%03d' $((ms / 1000)) $((ms % 1000))
}

# ---- verdicts: each check prints one PASS or FAIL line and counts failures
CHECK_FAILED=0
pass() { echo "PASS: $*"; }
fail() {
    echo "FAIL: $*"
    CHECK_FAILED=$((CHECK_FAILED + 1))
}

# console_dump: the tail of the console log, for a failure's context
console_dump() {
    echo "--- last console lines ($CON_LOG):"
    tail -n "${1:-40}" "$CON_LOG" | tr -d '\r' | sed 's/^/    | /'
}

# ---- the checks boot tests share, after a console_run
# expect WHAT WANT: PASS if the command printed exactly WANT
expect() {
    if [ -z "$CON_RC" ]; then
        fail "$1: no answer within ${STAGE_TIMEOUT} s"
        console_dump 20
    elif [ "$CON_OUT" = "$2" ]; then
        pass "$1: $2 (at $(console_elapsed) s)"
    else
        fail "$1: got '$CON_OUT', want '$2'"
    fi
}

# expect_clean_dmesg PREFIX PATTERN: PASS if no line of the guest's dmesg
# matches PATTERN (grep -E); PREFIX ("" or "WHAT: ") starts the verdict
expect_clean_dmesg() {
    console_run "dmesg | grep -E '$2'"
    if [ "$CON_RC" = 1 ] && [ -z "$CON_OUT" ]; then
        pass "${1}dmesg: no line matching $2"
    else
        fail "${1}dmesg shows:"
        sed 's/^/    | /' <<<"$CON_OUT"
    fi
}

# expect_poweroff PREFIX: types poweroff -f at the shell; PASS if the
# emulator then exits with status 0
expect_poweroff() {
    console_type $'poweroff -f\r'
    console_exit "$STAGE_TIMEOUT"
    if [ "$CON_STATUS" = 0 ]; then
        pass "${1}poweroff -f: status 0 at $(console_elapsed) s"
    else
        fail "${1}poweroff -f: emulator exit status $CON_STATUS"
        console_dump 10
    fi
}

# boot_test_setup: what every Linux boot test starts with: the defaults
# (POWERJIT, GUEST_KERNEL, GUEST_INITRD, STAGE_TIMEOUT: 60 s, 600 s under
# the interpreter backend), the guest (fetched
# if missing; exit 77 when it cannot be), the emulator (exit 1 when powerjit
# is not built, 77 when QEMU is asked for and absent), a scratch directory
# and a cleanup trap.  Prints which emulator runs.
boot_test_setup() {
    POWERJIT=${POWERJIT:-build/powerjit}
    KERNEL=${GUEST_KERNEL:-build/guest/vmlinux}
    INITRD=${GUEST_INITRD:-build/guest/initramfs.cpio.gz}
    case ${BOOT_ACCEL:-tcg} in
    *interp=on*) STAGE_TIMEOUT=${STAGE_TIMEOUT:-600} ;; # the IR interpreter
    *) STAGE_TIMEOUT=${STAGE_TIMEOUT:-60} ;;
    esac
    if ! guest_fetch; then
        echo "no guest kernel/initramfs ($KERNEL, $INITRD) and scripts/fetch-guest could not fetch them"
        exit 77
    fi
    if [ "$(boot_emulator)" = qemu ]; then
        if ! command -v qemu-system-ppc64 >/dev/null; then
            echo "qemu-system-ppc64 is not installed (scripts/install-deps)"
            exit 77
        fi
        echo "emulator: $(qemu-system-ppc64 --version | head -n 1)"
    else
        if [ ! -x "$POWERJIT" ]; then
            echo "FAIL: $POWERJIT is not built"
            exit 1
        fi
        echo "emulator: $POWERJIT (-accel ${BOOT_ACCEL:-tcg})"
    fi
    CON_TMP=$(mktemp -d)
    trap 'console_stop; rm -rf "$CON_TMP"' EXIT
}

# disk_with_data SIZE: a raw image $CON_TMP/disk.raw of SIZE (truncate's
# units) whose first MiB is random; sets disk to its path and want_md5 to
# that MiB's md5, for a guest to read back
disk_with_data() {
    disk=$CON_TMP/disk.raw
    head -c 1048576 /dev/urandom >"$CON_TMP/data"
    truncate -s "$1" "$disk"
    dd if="$CON_TMP/data" of="$disk" conv=notrunc status=none
    want_md5=$(md5sum <"$CON_TMP/data" | cut -d' ' -f1)
}

# initrd_add_program NAME SOURCE [CFLAGS...]: SOURCE built static for
# ppc64le as NAME and appended to a copy of $INITRD as a second cpio
# archive (the kernel unpacks each archive of the initramfs in turn, each
# starting on a 4-byte boundary); INITRD then names the copy.  Returns 1,
# with the reason on stdout, when there is no static ppc64le toolchain
# (libc6-dev-ppc64el-cross).
initrd_add_program() {
    local name=$1 src=$2 pad
    shift 2
    if ! powerpc64le-linux-gnu-gcc -O2 -static "$@" -o "$CON_TMP/$name" \
            "$src" 2>"$CON_TMP/cc.log" ||
        ! (cd "$CON_TMP" && echo "$name" | cpio -o -H newc --quiet) \
            >"$CON_TMP/extra.cpio"; then
        echo "no static ppc64le toolchain (libc6-dev-ppc64el-cross)"
        return 1
    fi
    cp "$INITRD" "$CON_TMP/initrd"
    pad=$(( (4 - $(stat -c %s "$CON_TMP/initrd") % 4) % 4 ))
    head -c "$pad" /dev/zero >>"$CON_TMP/initrd"
    cat "$CON_TMP/extra.cpio" >>"$CON_TMP/initrd"
    INITRD=$CON_TMP/initrd
}

# boot_to_shell WHAT: waits for the kernel's first line, 'Run /init' and the
# busybox prompt, with a PASS/FAIL line for each (WHAT names the boot);
# fails at the first one missing.  Then only emergency messages may reach
# the console (dmesg -n 1): on a loaded host the kernel's "hrtimer:
# interrupt took N ns" and the like would land inside the output that the
# checks capture (the kernel log itself, dmesg, keeps everything).
boot_to_shell() {
    local what=$1 m
    for m in '] Linux version' 'Run /init' 'built-in shell (ash)' '/ # '; do
        if console_wait "$m"; then
            pass "$what: '$m' at $(console_elapsed) s"
        else
            fail "$what: no '$m' within ${STAGE_TIMEOUT} s (emulator $(console_alive && echo running || echo exited))"
            console_dump
            return 1
        fi
    done
    console_run "dmesg -n 1"
}
