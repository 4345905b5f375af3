#!/bin/bash
# QMP against Debian's kernel booting (tests/boot/qmp-client.py has the
# checks): negotiation, query-*, stop/cont with STOP/RESUME events,
# human-monitor-command, QEMU's error texts for bad input, system_reset
# (RESET, the guest boots again), quit (SHUTDOWN host-qmp-quit, exit 0);
# then SIGTERM: SHUTDOWN with reason host-signal and exit status 0;
# system_powerdown: POWERDOWN, the guest's EPOW handler shuts it down
# (Linux: "Power off requested"), SHUTDOWN guest-shutdown, exit status 0;
# QMP and HMP over socketpair fds (-chardev socket,fd=N), HMP gdbserver,
# info block, query-block, info network and info qtree against QEMU's
# answers.
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

start_emu() { # SOCKET CONSOLE
    "$POWERJIT" -M pseries -cpu POWER9 -m 1G -display none \
        -serial "file:$2" -append console=hvc0 -kernel "$KERNEL" \
        -initrd "$INITRD" -name qmp-test \
        -qmp "unix:$1,server=on,wait=off" </dev/null >"$TMP/emu-out" 2>&1 &
    EMU_PID=$!
    wait_socket "$1"
}

wait_socket() { # PATH: up to 20 s for the emulator's listening socket
    for ((i = 0; i < 200; i++)); do
        [ -S "$1" ] && return
        sleep 0.1
    done
}

# waits 20 s for the emulator to end, then kills it; $? = its status
stop_emu() {
    local i
    for ((i = 0; i < 200; i++)); do
        kill -0 "$EMU_PID" 2>/dev/null || break
        sleep 0.1
    done
    kill -9 "$EMU_PID" 2>/dev/null
    wait "$EMU_PID"
}

start_emu "$TMP/qmp.sock" "$TMP/con"
timeout 300 python3 tests/boot/qmp-client.py "$TMP/qmp.sock" "$TMP/con" || failed=1
stop_emu
rc=$?
EMU_PID=
if [ $rc -eq 0 ]; then echo "PASS quit: exit status 0"; else echo "FAIL quit: exit status $rc"; failed=1; fi

# SIGTERM
start_emu "$TMP/qmp2.sock" "$TMP/con2"
python3 - "$TMP/qmp2.sock" "$EMU_PID" >"$TMP/sigterm" 2>&1 <<'PY'
import json, os, signal, socket, sys
s = socket.socket(socket.AF_UNIX); s.settimeout(60); s.connect(sys.argv[1])
f = s.makefile("rwb", buffering=0)
f.readline()
f.write(b'{"execute": "qmp_capabilities"}\n'); f.readline()
os.kill(int(sys.argv[2]), signal.SIGTERM)
for line in f:
    msg = json.loads(line)
    if msg.get("event") == "SHUTDOWN":
        print(json.dumps(msg["data"], sort_keys=True))
        break
PY
stop_emu
rc=$?
EMU_PID=
if grep -qx '{"guest": false, "reason": "host-signal"}' "$TMP/sigterm" && [ $rc -eq 0 ]; then
    echo "PASS SIGTERM: SHUTDOWN host-signal, exit status 0"
else
    echo "FAIL SIGTERM (exit $rc):"
    sed 's/^/    | /' "$TMP/sigterm" "$TMP/emu-out"
    failed=1
fi

# after_init NAME COMMAND: boots, waits for the guest's init, sends the
# QMP COMMAND and logs the reply and the events up to SHUTDOWN in
# $TMP/NAME (the console in $TMP/NAME.con); rc = the exit status
after_init() {
    start_emu "$TMP/$1.sock" "$TMP/$1.con"
    for ((i = 0; i < 1200; i++)); do
        grep -aq 'Run /init' "$TMP/$1.con" 2>/dev/null && break
        sleep 0.1
    done
    timeout 120 python3 - "$TMP/$1.sock" "$2" >"$TMP/$1" 2>&1 <<'PY'
import json, socket, sys
s = socket.socket(socket.AF_UNIX); s.settimeout(100); s.connect(sys.argv[1])
f = s.makefile("rwb", buffering=0)
f.readline()
f.write(b'{"execute": "qmp_capabilities"}\n'); f.readline()
f.write(json.dumps({"execute": sys.argv[2]}).encode() + b"\n")
for line in f:
    msg = json.loads(line)
    if "event" in msg:
        print("event", msg["event"], json.dumps(msg.get("data"), sort_keys=True))
        if msg["event"] == "SHUTDOWN":
            break
    else:
        print("reply", json.dumps(msg, sort_keys=True))
PY
    stop_emu
    rc=$?
    EMU_PID=
}

# want_after NAME DESCRIPTION CONSOLE-TEXT LINE...: the lines in $TMP/NAME,
# the text on the console, exit status 0
want_after() {
    local name=$1 what=$2 text=$3 ok=1 l
    shift 3
    for l in 'reply {"return": {}}' "$@"; do
        grep -qxF -- "$l" "$TMP/$name" || ok=0
    done
    grep -aqF -- "$text" "$TMP/$name.con" || ok=0
    if [ $ok -eq 1 ] && [ $rc -eq 0 ]; then
        echo "PASS $what"
    else
        echo "FAIL $what (exit $rc):"
        sed 's/^/    | /' "$TMP/$name"
        tail -n 5 "$TMP/$name.con" | sed 's/^/    | /'
        failed=1
    fi
}

# system_powerdown once the guest runs its init (Linux's RAS_EPOW handler
# is registered long before)
after_init powerdown system_powerdown
want_after powerdown "system_powerdown: POWERDOWN, the guest powers itself off, exit status 0" \
    'Power off requested' 'event POWERDOWN null' \
    'event SHUTDOWN {"guest": true, "reason": "guest-shutdown"}'

# inject-nmi: a system reset interrupt, delivered through FWNMI (Linux
# registered its handler: r3 points at the save area, or Linux would say
# "FWNMI: corrupt r3"), which Linux takes as fatal: "Kernel panic - not
# syncing: System Reset", then GUEST_PANICKED and SHUTDOWN guest-panic, as
# under QEMU
after_init nmi inject-nmi
want_after nmi "inject-nmi: the guest takes the system reset and panics" \
    'Kernel panic - not syncing: System Reset' \
    'event GUEST_PANICKED {"action": "poweroff"}' \
    'event SHUTDOWN {"guest": true, "reason": "guest-panic"}'
if grep -aqF 'FWNMI: corrupt r3' "$TMP/nmi.con"; then
    echo "FAIL inject-nmi: the system reset did not come through FWNMI"
    failed=1
else
    echo "PASS inject-nmi: through FWNMI (no 'FWNMI: corrupt r3')"
fi

# -no-shutdown and -pidfile with the bare-metal program, which powers off
if make -s -f tests/isa/Makefile.inc build/isa/gdb-target-le.elf >/dev/null 2>&1; then
    "$POWERJIT" -M pseries -display none -serial "file:$TMP/con3" -S \
        -kernel build/isa/gdb-target-le.elf -no-shutdown -pidfile "$TMP/pid" \
        -qmp "unix:$TMP/qmp3.sock,server=on,wait=off" </dev/null >"$TMP/emu-out" 2>&1 &
    EMU_PID=$!
    wait_socket "$TMP/qmp3.sock"
    [ "$(cat "$TMP/pid" 2>/dev/null)" = "$EMU_PID" ] && echo "PASS -pidfile" ||
        { echo "FAIL -pidfile: '$(cat "$TMP/pid" 2>/dev/null)', want $EMU_PID"; failed=1; }
    python3 - "$TMP/qmp3.sock" >"$TMP/noshut" 2>&1 <<'PY'
import json, socket, sys
s = socket.socket(socket.AF_UNIX); s.settimeout(60); s.connect(sys.argv[1])
f = s.makefile("rwb", buffering=0)
seen = []
def cmd(c):
    f.write((json.dumps(c) + "\n").encode())
    while True:
        m = json.loads(f.readline())
        if "event" not in m:
            return m
        seen.append(m["event"])
        print("event", m["event"], json.dumps(m.get("data"), sort_keys=True))
f.readline()
cmd({"execute": "qmp_capabilities"})
cmd({"execute": "cont"})
while "STOP" not in seen:
    m = json.loads(f.readline())
    seen.append(m["event"])
    print("event", m["event"], json.dumps(m.get("data"), sort_keys=True))
print("status", cmd({"execute": "query-status"})["return"]["status"])
print("cont", json.dumps(cmd({"execute": "cont"})))
cmd({"execute": "quit"})
PY
    stop_emu
    rc=$?
    EMU_PID=
    if grep -qx 'event SHUTDOWN {"guest": true, "reason": "guest-shutdown"}' "$TMP/noshut" &&
        grep -qx 'status shutdown' "$TMP/noshut" &&
        grep -qx 'cont {"error": {"class": "GenericError", "desc": "Resetting the Virtual Machine is required"}}' "$TMP/noshut" &&
        [ $rc -eq 0 ] && [ ! -e "$TMP/pid" ]; then
        echo "PASS -no-shutdown: SHUTDOWN, STOP, status shutdown, cont refused; pidfile removed"
    else
        echo "FAIL -no-shutdown (exit $rc):"
        sed 's/^/    | /' "$TMP/noshut"
        failed=1
    fi
fi

# query-chardev and info chardev: the labels, filenames and frontend-open
# QEMU 7.2 gives for the same devices (reference run of
# qemu-system-ppc64 -M pseries,x-vof=on -vga none with this line; its
# list is in hash-table order, so both are compared sorted; QEMU's
# internal "#chrNNN: filename=gdb" is not expected)
if make -s -f tests/isa/Makefile.inc build/isa/gdb-target-le.elf >/dev/null 2>&1; then
    read -r P1 P2 < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
    "$POWERJIT" -M pseries -display none -serial mon:stdio -S \
        -kernel build/isa/gdb-target-le.elf -gdb "tcp::$P1" \
        -qmp "unix:$TMP/qmp4.sock,server=on,wait=off" \
        -chardev "file,id=f1,path=$TMP/f1.out" -chardev null,id=n1 \
        -chardev ringbuf,id=r1 -chardev socket,id=vc,path="$TMP/vc.sock",server=on,wait=off \
        -chardev "socket,id=t1,host=127.0.0.1,port=$P2,server=on,wait=off" \
        -device spapr-vty,chardev=vc </dev/null >"$TMP/emu-out4" 2>&1 &
    EMU_PID=$!
    wait_socket "$TMP/qmp4.sock"
    timeout 60 python3 tests/boot/qmp-client.py --chardevs "$TMP/qmp4.sock" hmp \
        >"$TMP/chardev"
    stop_emu
    EMU_PID=
    sort "$TMP/chardev" >"$TMP/chardev.sorted"
    sort >"$TMP/chardev.want" <<EOF
qmp {"filename": "disconnected:tcp:0.0.0.0:$P1,server=on", "frontend-open": true, "label": "gdb"}
qmp {"filename": "disconnected:tcp:127.0.0.1:$P2,server=on", "frontend-open": false, "label": "t1"}
qmp {"filename": "disconnected:unix:$TMP/vc.sock,server=on", "frontend-open": true, "label": "vc"}
qmp {"filename": "file", "frontend-open": false, "label": "f1"}
qmp {"filename": "mux", "frontend-open": true, "label": "serial0"}
qmp {"filename": "null", "frontend-open": false, "label": "n1"}
qmp {"filename": "ringbuf", "frontend-open": false, "label": "r1"}
qmp {"filename": "stdio", "frontend-open": true, "label": "serial0-base"}
qmp {"filename": "unix:$TMP/qmp4.sock,server=on", "frontend-open": true, "label": "compat_monitor0"}
hmp gdb: filename=disconnected:tcp:0.0.0.0:$P1,server=on
hmp t1: filename=disconnected:tcp:127.0.0.1:$P2,server=on
hmp vc: filename=disconnected:unix:$TMP/vc.sock,server=on
hmp f1: filename=file
hmp serial0: filename=mux
hmp n1: filename=null
hmp r1: filename=ringbuf
hmp serial0-base: filename=stdio
hmp compat_monitor0: filename=unix:$TMP/qmp4.sock,server=on
EOF
    if cmp -s "$TMP/chardev.sorted" "$TMP/chardev.want"; then
        echo "PASS query-chardev, info chardev: QEMU's labels and filenames"
    else
        echo "FAIL query-chardev / info chardev (got, want):"
        diff "$TMP/chardev.sorted" "$TMP/chardev.want" | sed 's/^/    | /'
        failed=1
    fi
fi

# -mon on -chardev socket servers: each monitor is listed as its chardev,
# in use (no compat_monitorN of its own), the QMP one connected (QEMU
# 7.2's answer for the same line, sorted)
if make -s -f tests/isa/Makefile.inc build/isa/gdb-target-le.elf >/dev/null 2>&1; then
    P1=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "$POWERJIT" -M pseries -display none -nodefaults -S \
        -kernel build/isa/gdb-target-le.elf \
        -chardev "socket,id=qm,path=$TMP/qm.sock,server=on,wait=off" \
        -mon chardev=qm,mode=control \
        -chardev "socket,id=hm,host=127.0.0.1,port=$P1,server=on,wait=off" \
        -mon chardev=hm -chardev null,id=n1 </dev/null >"$TMP/emu-out5" 2>&1 &
    EMU_PID=$!
    wait_socket "$TMP/qm.sock"
    timeout 60 python3 tests/boot/qmp-client.py --chardevs "$TMP/qm.sock" \
        >"$TMP/mon-cd"
    stop_emu
    EMU_PID=
    sort "$TMP/mon-cd" >"$TMP/mon-cd.sorted"
    sort >"$TMP/mon-cd.want" <<EOF
qmp {"filename": "disconnected:tcp:127.0.0.1:$P1,server=on", "frontend-open": true, "label": "hm"}
qmp {"filename": "null", "frontend-open": false, "label": "n1"}
qmp {"filename": "unix:$TMP/qm.sock,server=on", "frontend-open": true, "label": "qm"}
EOF
    if cmp -s "$TMP/mon-cd.sorted" "$TMP/mon-cd.want"; then
        echo "PASS query-chardev with -mon on -chardev sockets: QEMU's list"
    else
        echo "FAIL query-chardev with -mon on -chardev sockets (got, want):"
        diff "$TMP/mon-cd.sorted" "$TMP/mon-cd.want" | sed 's/^/    | /'
        failed=1
    fi
fi

# QMP and HMP on socketpairs the test passes (-chardev socket,fd=N, as
# QEMU's Python machine class and libvirt do), from a -S start with the
# bare-metal program: query-status, query-chardev, the human monitor;
# then info block / query-block and info network against QEMU 7.2's
# answers for the same lines (tests/boot/qmp-client.py --spawn; each line
# was run on qemu-system-ppc64 -M pseries -S -vga none
# -global virtio-net-pci.romfile= too, where the same checks pass)
if make -s -f tests/isa/Makefile.inc build/isa/gdb-target-le.elf >/dev/null 2>&1; then
    case $POWERJIT in /*) PJ=$POWERJIT ;; *) PJ=$PWD/$POWERJIT ;; esac
    E=("$PJ" -M pseries -S -display none
        -kernel "$PWD/build/isa/gdb-target-le.elf")
    spawn() { # CASE ARGS...
        timeout 120 python3 tests/boot/qmp-client.py --spawn "$TMP" "$1" \
            "${E[@]}" "${@:2}" || failed=1
    }
    spawn fd
    spawn gdbserver
    truncate -s 1M "$TMP/raw.img" "$TMP/r2.img" "$TMP/r3.img" "$TMP/r4.img" "$TMP/r5.img"
    spawn block -drive file=raw.img,format=raw
    if command -v qemu-img >/dev/null &&
        (cd "$TMP" && qemu-img create -q -f qcow2 base.qcow2 2M &&
            qemu-img create -q -f qcow2 -b base.qcow2 -F qcow2 top.qcow2); then
        spawn block -nodefaults \
            -drive file=top.qcow2,if=none,id=d0,format=qcow2 \
            -device spapr-vscsi,id=scsi1 -device scsi-hd,drive=d0 \
            -drive file=r2.img,format=raw,if=none,id=d1,readonly=on \
            -device virtio-blk-pci,drive=d1,id=vb \
            -drive file=r3.img,format=raw,if=none,id=d2,cache=none \
            -device scsi-hd,drive=d2,id=disk9,scsi-id=1 \
            -blockdev driver=file,filename=r4.img,node-name=f0 \
            -blockdev driver=raw,file=f0,node-name=r0 \
            -device virtio-blk-pci,drive=r0
    else
        echo "SKIP info block of qcow2 images: no qemu-img"
    fi
    read -r P1 P2 < <(python3 -c '
import socket
s = [socket.socket(), socket.socket(type=socket.SOCK_DGRAM)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
    export UDP_PORT=1234
    spawn network -nic user,model=virtio-net-pci \
        -netdev user,id=n0,net=192.168.76.0/24,restrict=on \
        -device virtio-net-pci,netdev=n0,id=vn,mac=52:54:00:aa:bb:cc \
        -netdev socket,id=s0,listen=127.0.0.1:$P1 -device spapr-vlan,netdev=s0 \
        -netdev socket,id=s1,udp=127.0.0.1:1234,localaddr=127.0.0.1:$P2 \
        -device spapr-vlan,netdev=s1
    spawn qtree -chardev null,id=c1 -device spapr-vty,chardev=c1 \
        -drive file=raw.img,format=raw -device spapr-vscsi,id=s1 \
        -drive file=r3.img,if=none,id=d3,format=raw \
        -device scsi-hd,bus=s1.0,drive=d3,scsi-id=3 \
        -drive file=r4.img,if=none,id=d4,format=raw -device scsi-hd,bus=s1.0,drive=d4 \
        -drive file=r5.img,if=none,id=d5,format=raw -device scsi-hd,bus=s1.0,drive=d5 \
        -netdev user,id=n1 -device spapr-vlan,netdev=n1,mac=52:54:00:00:00:07,id=vl
    spawn network -net nic -net user -netdev user,id=un \
        -netdev socket,id=s2,udp=127.0.0.1:1234,localaddr=127.0.0.1:$P2 \
        -device virtio-net-pci,netdev=s2
    spawn network-mixed -nic user,model=spapr-vlan -net nic,model=spapr-vlan \
        -net user -nic user,model=virtio-net-pci -device spapr-vlan,netdev=n9 \
        -netdev user,id=n9
fi

[ $failed -eq 0 ] && echo "all checks passed"
exit $failed
