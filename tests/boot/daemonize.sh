#!/bin/bash
# -daemonize as QEMU does it: refused with -nographic and stdio devices
# (QEMU 7.2's messages); otherwise the command returns 0 once the machine
# is set up, and the daemon runs on in a session of its own, with
# /dev/null for its standard files, its pid in -pidfile (a relative path
# still removed at exit, after the daemon's chdir to /), until QMP quit.
# An error found after the fork still reaches the terminal, exit status 1.
# Exit status: 0 pass, 1 fail.
set -u
cd "$(dirname "$0")/../.."
POWERJIT=${POWERJIT:-build/powerjit}
ELF=build/isa/gdb-target-le.elf
TMP=$(mktemp -d)
DPID=
cleanup() {
    [ -n "$DPID" ] && kill -9 "$DPID" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT
failed=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; failed=1; }

make -s -f tests/isa/Makefile.inc "$ELF" >/dev/null 2>&1 || {
    echo "FAIL cannot build $ELF"
    exit 1
}

refused() { # MESSAGE ARGS...
    local want=$1 out rc
    shift
    out=$("$POWERJIT" -M pseries -kernel "$ELF" -daemonize "$@" 2>&1 </dev/null)
    rc=$?
    if [ $rc -eq 1 ] && [ "$out" = "powerjit: $want" ]; then
        pass "refused: $want"
    else
        fail "'$*' with -daemonize: exit $rc, '$out' (want '$want')"
    fi
}
refused "-nographic cannot be used with -daemonize" -nographic
refused "-serial stdio: cannot use stdio with -daemonize" -serial stdio
refused "-monitor stdio: cannot use stdio with -daemonize" -display none \
    -monitor stdio

# an error after the fork: the message still reaches us
out=$(cd "$TMP" && "$OLDPWD/$POWERJIT" -M pseries -kernel /nonexistent.elf \
    -daemonize -display none 2>&1 </dev/null)
rc=$?
if [ $rc -eq 1 ] && [[ $out == *"could not load kernel '/nonexistent.elf'"* ]]; then
    pass "an error after the fork: exit 1 with its message"
else
    fail "missing kernel with -daemonize: exit $rc, '$out'"
fi

mkdir "$TMP/run"
start=$(date +%s)
(cd "$TMP/run" && timeout 30 "$OLDPWD/$POWERJIT" -M pseries \
    -kernel "$OLDPWD/$ELF" -S -daemonize -display none \
    -serial "file:$TMP/con" -pidfile pid \
    -qmp "unix:$TMP/q.sock,server=on,wait=off" </dev/null >"$TMP/out" 2>&1)
rc=$?
DPID=$(cat "$TMP/run/pid" 2>/dev/null)
if [ $rc -eq 0 ] && [ -n "$DPID" ] && kill -0 "$DPID" 2>/dev/null &&
    [ "$(date +%s)" -lt $((start + 25)) ]; then
    pass "the command returns 0 and the daemon (pid $DPID) runs on"
else
    fail "exit $rc, pid '$DPID': $(cat "$TMP/out")"
fi
if [ -n "$DPID" ] && kill -0 "$DPID" 2>/dev/null; then
    sid=$(ps -o sid= -p "$DPID" | tr -d ' ')
    [ "$sid" = "$DPID" ] && pass "a session of its own" ||
        fail "session $sid, want $DPID"
    fd0=$(readlink "/proc/$DPID/fd/0") fd2=$(readlink "/proc/$DPID/fd/2")
    cwd=$(readlink "/proc/$DPID/cwd")
    [ "$fd0" = /dev/null ] && [ "$fd2" = /dev/null ] && [ "$cwd" = / ] &&
        pass "stdin and stderr /dev/null, cwd /" ||
        fail "fd0 $fd0 fd2 $fd2 cwd $cwd"
    python3 - "$TMP/q.sock" >"$TMP/qmp" 2>&1 <<'PY'
import json, socket, sys
s = socket.socket(socket.AF_UNIX); s.settimeout(20); s.connect(sys.argv[1])
f = s.makefile("rwb", buffering=0)
f.readline()
f.write(b'{"execute": "qmp_capabilities"}\n'); f.readline()
f.write(b'{"execute": "quit"}\n'); print(f.readline().decode().strip())
PY
    for ((i = 0; i < 100; i++)); do
        kill -0 "$DPID" 2>/dev/null || break
        sleep 0.1
    done
    if ! kill -0 "$DPID" 2>/dev/null && [ ! -e "$TMP/run/pid" ]; then
        pass "QMP quit ends the daemon; its relative pidfile is removed"
        DPID=
    else
        fail "after quit: $(cat "$TMP/qmp"); pidfile $(ls "$TMP/run")"
    fi
fi

[ $failed -eq 0 ] && echo "all checks passed"
exit $failed
