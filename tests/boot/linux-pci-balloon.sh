#!/bin/bash
# virtio-balloon-pci (issue 14): a 1 GiB guest with the balloon, driven
# through QMP on a unix socket (the human monitor's texts through
# human-monitor-command):
#   - info balloon / query-balloon before: the whole 1024 MiB;
#   - the guest dirties 384 MiB (a dd buffer) and frees it again;
#   - balloon 512: the guest's virtio_balloon driver inflates until
#     query-balloon says 512 MiB (awaited, never assumed), info balloon
#     says actual=512, the guest's MemTotal is 512 MiB less and the
#     emulator's resident memory shrank (the pages went back to the host);
#   - balloon back to 1 GiB (QMP balloon): MemTotal as before;
#   - QEMU's errors: balloon 0, balloon with no size.
# BOOT_EMULATOR=qemu runs the same checks on QEMU.
# Exit status: 0 pass, 1 fail, 77 skipped (no guest, no python3).
set -u
cd "$(dirname "$0")/../.."
. tests/boot/console.bash
STAGE_TIMEOUT=${STAGE_TIMEOUT:-180}
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
boot_test_setup
T=$CON_TMP

# qmp CMD-JSON...: runs each command on the QMP socket, prints each
# answer's "return" (or "error: CLASS: DESC"), one a line
qmp() {
    python3 - "$T/qmp.sock" "$@" <<'PY'
import json, socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(30)
s.connect(sys.argv[1])
f = s.makefile("rw")
def recv():
    while True:
        m = json.loads(f.readline())
        if "event" not in m:
            return m
recv()
f.write(json.dumps({"execute": "qmp_capabilities"}) + "\n"); f.flush()
recv()
for cmd in sys.argv[2:]:
    f.write(cmd + "\n"); f.flush()
    r = recv()
    if "error" in r:
        print("error: %s: %s" % (r["error"]["class"], r["error"]["desc"]))
    else:
        v = r["return"]
        print(v if isinstance(v, str) else json.dumps(v, sort_keys=True))
PY
}
hmp() { # the human monitor's text, its \r\n line ends as \n
    qmp "$(python3 -c 'import json,sys; print(json.dumps({"execute": "human-monitor-command", "arguments": {"command-line": sys.argv[1]}}))' "$1")" | tr -d '\r'
}
# wait_actual MIB: until query-balloon says MIB MiB (60 s)
wait_actual() {
    local i got
    for ((i = 0; i < 300; i++)); do
        got=$(qmp '{"execute": "query-balloon"}')
        [ "$got" = "{\"actual\": $(($1 << 20))}" ] && return 0
        sleep 0.2
    done
    echo "query-balloon: $got"
    return 1
}
check() { # WHAT GOT WANT
    if [ "$2" = "$3" ]; then pass "$1: $2"; else fail "$1: got '$2', want '$3'"; fi
}
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$CON_PID/status"; }

guest_cmdline "console=hvc0" -vga none -nodefaults -serial mon:stdio \
    -device virtio-balloon-pci,id=balloon0 \
    -qmp "unix:$T/qmp.sock,server=on,wait=off"
echo "command: ${EMU[*]}"
console_start "$T/console" "${EMU[@]}"
boot_to_shell balloon || exit 1
console_run 'for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio_balloon; do insmod /lib/modules/*/$m.ko; done; ls /sys/bus/virtio/drivers/virtio_balloon | grep -c virtio' 60
expect "the virtio_balloon driver has the device" "1"
console_run "awk '/^MemTotal:/ { print \$2 }' /proc/meminfo"
mem0=$CON_OUT
check "info balloon before" "$(hmp 'info balloon')" "balloon: actual=1024"
check "query-balloon before" "$(qmp '{"execute": "query-balloon"}')" '{"actual": 1073741824}'

# pages the guest has used, so that the host holds them
console_run "dd if=/dev/zero of=/dev/null bs=384M count=1 2>/dev/null && echo dirtied" 120
expect "the guest dirties 384 MiB" dirtied
rss0=$(rss_kb)

check "balloon 512" "$(hmp 'balloon 512')" ""
if wait_actual 512; then
    pass "the guest inflated to 512 MiB"
else
    fail "the guest did not inflate to 512 MiB"
fi
check "info balloon after" "$(hmp 'info balloon')" "balloon: actual=512"
console_run "awk '/^MemTotal:/ { print \$2 }' /proc/meminfo"
check "MemTotal went down by 512 MiB" "$((mem0 - CON_OUT))" "524288"
rss1=$(rss_kb)
if [ $((rss0 - rss1)) -ge 131072 ]; then
    pass "the emulator's resident memory shrank by $(((rss0 - rss1) / 1024)) MiB"
else
    fail "resident memory $rss0 kB before, $rss1 kB after inflating"
fi

check "QMP balloon 1 GiB" "$(qmp '{"execute": "balloon", "arguments": {"value": 1073741824}}')" "{}"
if wait_actual 1024; then
    pass "the guest deflated to 1024 MiB"
else
    fail "the guest did not deflate"
fi
console_run "awk '/^MemTotal:/ { print \$2 }' /proc/meminfo"
check "MemTotal back" "$CON_OUT" "$mem0"
console_run "dd if=/dev/zero of=/dev/null bs=256M count=1 2>/dev/null && echo used"
expect "the pages given back are usable again" used

check "QMP balloon 0" "$(qmp '{"execute": "balloon", "arguments": {"value": 0}}')" \
    "error: GenericError: Parameter 'target' expects a size"
check "HMP balloon 0" "$(hmp 'balloon 0')" "Error: Parameter 'target' expects a size"
check "HMP balloon without a size" "$(hmp 'balloon')" 'unexpected end of expression
Try "help balloon" for more information'

expect_poweroff ""
[ "${CHECK_FAILED:-0}" = 0 ] && echo "all checks passed"
exit "${CHECK_FAILED:-0}"
