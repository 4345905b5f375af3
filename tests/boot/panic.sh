#!/bin/bash
# A guest panic (Debian's kernel with rdinit=/bogus: "No working init
# found" -> RTAS ibm,os-term) under each -action panic=, checked against
# what qemu-system-ppc64 7.2 does with the same kernel and command line:
#   default       stderr "OS terminated: ...", QMP GUEST_PANICKED
#                 {"action": "poweroff"}, SHUTDOWN {"guest": true,
#                 "reason": "guest-panic"}, exit status 0;
#   exit-failure  the same events, exit status 1;
#   pause         GUEST_PANICKED {"action": "pause"}, query-status
#                 "guest-panicked", cont refused until a reset;
#   none          GUEST_PANICKED {"action": "run"}, still running.
# Exit status: 0 pass, 1 fail, 77 skip (no guest: scripts/fetch-guest).
set -u
cd "$(dirname "$0")/../.."
POWERJIT=${POWERJIT:-build/powerjit}
KERNEL=${GUEST_KERNEL:-build/guest/vmlinux}
INITRD=${GUEST_INITRD:-build/guest/initramfs.cpio.gz}

if [ ! -f "$KERNEL" ] || [ ! -f "$INITRD" ]; then
    echo "SKIP: no guest kernel (scripts/fetch-guest)"
    exit 77
fi

TMP=$(mktemp -d)
EMU_PID=
cleanup() {
    [ -n "$EMU_PID" ] && kill -9 "$EMU_PID" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT
failed=0

# run NAME [-action ...]: boots to the panic with a QMP client that prints
# the events and, once GUEST_PANICKED is seen, query-status and a cont;
# quits unless the machine ends by itself.  The machine starts stopped
# (-S) and the client's cont starts it, so that no event can come before
# the client listens, however late it connects on a loaded host.  Sets rc.
run() {
    local name=$1
    shift
    "$POWERJIT" -M pseries -cpu POWER9 -m 1G -display none \
        -serial "file:$TMP/$name.con" -kernel "$KERNEL" -initrd "$INITRD" \
        -append "console=hvc0 rdinit=/bogus" "$@" -S \
        -qmp "unix:$TMP/$name.sock,server=on,wait=off" \
        </dev/null >"$TMP/$name.err" 2>&1 &
    EMU_PID=$!
    for ((i = 0; i < 300; i++)); do
        [ -S "$TMP/$name.sock" ] && break
        sleep 0.1
    done
    timeout 300 python3 - "$TMP/$name.sock" >"$TMP/$name.qmp" 2>&1 <<'PY'
import json, socket, sys
s = socket.socket(socket.AF_UNIX); s.settimeout(280); s.connect(sys.argv[1])
f = s.makefile("rwb", buffering=0)
f.readline()
def cmd(c):
    f.write((json.dumps(c) + "\n").encode())
    while True:
        line = f.readline()
        if not line:
            return None
        m = json.loads(line)
        if "event" not in m:
            return m
        show(m)
def show(m):
    print("event", m["event"], json.dumps(m.get("data"), sort_keys=True))
cmd({"execute": "qmp_capabilities"})
cmd({"execute": "cont"})
for line in f:
    m = json.loads(line)
    if "event" not in m:
        continue
    show(m)
    if m["event"] == "SHUTDOWN":
        sys.exit(0)
    if m["event"] == "GUEST_PANICKED" and m["data"]["action"] != "poweroff":
        break
r = cmd({"execute": "query-status"})
print("status", r and r["return"]["status"])
print("cont", json.dumps(cmd({"execute": "cont"})))
cmd({"execute": "quit"})
PY
    for ((i = 0; i < 300; i++)); do
        kill -0 "$EMU_PID" 2>/dev/null || break
        sleep 0.1
    done
    kill -9 "$EMU_PID" 2>/dev/null
    wait "$EMU_PID"
    rc=$?
    EMU_PID=
}

check() { # NAME DESCRIPTION WANT-RC LINE...
    local name=$1 what=$2 want=$3 ok=1 l
    shift 3
    [ "$rc" -eq "$want" ] || ok=0
    for l in "$@"; do
        grep -qxF -- "$l" "$TMP/$name.qmp" || ok=0
    done
    if [ $ok -eq 1 ]; then
        echo "PASS $what"
    else
        echo "FAIL $what (exit $rc, want $want):"
        sed 's/^/    | /' "$TMP/$name.qmp" "$TMP/$name.err" | tail -n 20
        failed=1
    fi
}

run default
check default "default: GUEST_PANICKED poweroff, SHUTDOWN guest-panic, exit 0" 0 \
    'event GUEST_PANICKED {"action": "poweroff"}' \
    'event SHUTDOWN {"guest": true, "reason": "guest-panic"}'
if grep -aq '^powerjit: OS terminated: OS panic: VFS: Unable to mount root fs' "$TMP/default.err"; then
    echo "PASS the panic message on stderr"
else
    echo "FAIL no 'OS terminated:' message:"
    sed 's/^/    | /' "$TMP/default.err"
    failed=1
fi

run exitfail -action panic=exit-failure
check exitfail "panic=exit-failure: exit status 1" 1 \
    'event GUEST_PANICKED {"action": "poweroff"}' \
    'event SHUTDOWN {"guest": true, "reason": "guest-panic"}'

run pause -action panic=pause
check pause "panic=pause: stopped in guest-panicked, cont refused" 0 \
    'event GUEST_PANICKED {"action": "pause"}' \
    'status guest-panicked' \
    'cont {"error": {"class": "GenericError", "desc": "Resetting the Virtual Machine is required"}}'

run none -action panic=none
check none "panic=none: the guest goes on" 0 \
    'event GUEST_PANICKED {"action": "run"}' 'status running'

[ $failed -eq 0 ] && echo "all checks passed"
exit $failed
