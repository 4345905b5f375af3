#!/bin/bash
# The gdbstub under Debian's gdb-multiarch in batch mode:
#   1. tests/isa/gdb-target.c in both byte orders, -S -gdb unix:...: a
#      breakpoint, registers (r3, f1, pc after stepi) and memory (gdb_buf)
#      against the values the host computes from the program's formulas;
#      writes of memory and of r3 that the program checks itself and
#      reports on its console; stepi; detach and the program runs to its
#      end ("ISA-TEST PASS", exit 0).
#   2. Debian's kernel (build/guest, if fetched): break at start_kernel
#      from vmlinux's symbols, bt, stepi, read linux_banner through the
#      MMU, watch/rwatch/awatch on jiffies (stops where QEMU's do, the
#      value the monitor reads), detach, and the guest goes on to
#      "Run /init".
#   3. The protocol itself (tests/boot/gdb-rsp.py): qSupported, Ctrl-C
#      into a running guest over TCP on 127.0.0.1, bad packets, `k`
#      ending the emulator with status 0.
#   4. A port that is already in use: one line on stderr, exit 1.
#   5. Packets in pieces, and half a packet that stalls nothing.
# Exit status: 0 pass, 1 fail, 77 skip (no gdb-multiarch).
set -u
cd "$(dirname "$0")/../.."
POWERJIT=${POWERJIT:-build/powerjit}
GDB=${GDB:-gdb-multiarch}

if ! command -v "$GDB" >/dev/null; then
    echo "SKIP: no $GDB (scripts/install-deps installs it)"
    exit 77
fi
if ! make -s -f tests/isa/Makefile.inc build/isa/gdb-target-le.elf \
        build/isa/gdb-target-be.elf >/dev/null 2>&1; then
    echo "SKIP: cannot build tests/isa/gdb-target.c (no cross compilers?)"
    exit 77
fi

TMP=$(mktemp -d)
EMU_PID=
cleanup() {
    [ -n "$EMU_PID" ] && kill "$EMU_PID" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT

failed=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

# wait_for FILE REGEX SECONDS
wait_for() {
    local i
    for ((i = 0; i < $3 * 10; i++)); do
        grep -aq -- "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# want NAME REGEX FILE: a line of FILE matches REGEX
want() {
    if grep -aqE -- "$2" "$3"; then
        pass "$1"
    else
        fail "$1: no line matching '$2' in:"
        sed 's/^/    | /' "$3" | tail -n 25
    fi
}

wait_socket() {
    local i
    for ((i = 0; i < 50; i++)); do
        [ -S "$1" ] && return 0
        sleep 0.1
    done
}

# start_emu CONSOLE ARGS...: the emulator in the background
start_emu() {
    local con=$1
    shift
    "$POWERJIT" -M pseries -nographic "$@" </dev/null >"$con" 2>&1 &
    EMU_PID=$!
}

# wait_emu: its exit status, or 124 after 60 s
wait_emu() {
    local i
    for ((i = 0; i < 600; i++)); do
        if ! kill -0 "$EMU_PID" 2>/dev/null; then
            wait "$EMU_PID"
            local rc=$?
            EMU_PID=
            return $rc
        fi
        sleep 0.1
    done
    kill "$EMU_PID"
    EMU_PID=
    return 124
}

# ---- 1. the bare-metal program, both byte orders
# the program's values, computed by the host
read -r SUM B1 B3 < <(python3 -c '
m = (1 << 64) - 1
s = 0
for i in range(1000):
    s = ((s ^ i) * 0x9e3779b97f4a7c15 + 1) & m
print(hex(s), hex(s ^ 0x0101010101010101), hex(s ^ 3 * 0x0101010101010101))')

for order in le be; do
    elf=build/isa/gdb-target-$order.elf
    sock=$TMP/gdb-$order.sock
    cat >"$TMP/cmds-$order" <<EOF
set pagination off
set confirm off
target remote $sock
break gdb_stop_here
continue
printf "r3=0x%lx\n", \$r3
printf "f1=%f\n", \$f1
printf "buf1=0x%lx buf3=0x%lx\n", gdb_buf[1], gdb_buf[3]
x/2gx &gdb_buf
set var gdb_attached = 1
set var gdb_poke = 0x1122334455667788
set var \$r3 = 0xfeedface
break gdb_step_here
continue
stepi
stepi
printf "stepped pc=+%ld r3=%ld\n", \$pc - (long)&gdb_step_here, \$r3
p/x \$vs1.uint128
info threads
detach
EOF
    start_emu "$TMP/con-$order" -S -gdb "unix:$sock,server,nowait" -kernel "$elf"
    wait_socket "$sock"
    timeout 60 "$GDB" -batch -x "$TMP/cmds-$order" "$elf" >"$TMP/gdb-$order" 2>&1
    wait_emu
    rc=$?
    out=$TMP/gdb-$order
    want "$order: breakpoint at gdb_stop_here" "^Breakpoint 1, .* in gdb_stop_here" "$out"
    want "$order: r3 = the program's sum $SUM" "^r3=$SUM\$" "$out"
    want "$order: f1 = 2.5" "^f1=2.500000\$" "$out"
    want "$order: memory gdb_buf[1], [3]" "^buf1=$B1 buf3=$B3\$" "$out"
    want "$order: x/2gx" "<gdb_buf>:[[:space:]]+$SUM[[:space:]]+$B1" "$out"
    want "$order: two stepi: pc +8, r3 40+2" "^stepped pc=\+8 r3=42\$" "$out"
    want "$order: vs1 = f1 (2.5) in doubleword 0" \
        "^\\\$[0-9]+ = 0x4004000000000000[0-9a-f]{16}\$" "$out"
    want "$order: info threads" "Thread 1" "$out"
    want "$order: detach" "Inferior 1 \(Remote target\) detached" "$out"
    want "$order: the program saw the writes" \
        "the debugger's writes arrived" "$TMP/con-$order"
    want "$order: and ran to its end" "^ISA-TEST PASS" "$TMP/con-$order"
    if [ $rc -eq 0 ]; then pass "$order: exit status 0"; else fail "$order: exit status $rc"; fi
done

# ---- 2. the Linux guest
KERNEL=${GUEST_KERNEL:-build/guest/vmlinux}
INITRD=${GUEST_INITRD:-build/guest/initramfs.cpio.gz}
if [ -f "$KERNEL" ] && [ -f "$INITRD" ]; then
    sock=$TMP/gdb-linux.sock
    cat >"$TMP/cmds-linux" <<EOF
set pagination off
set confirm off
target remote $sock
break start_kernel
continue
bt 2
stepi
x/s (char *)&linux_banner
monitor info status
monitor bogus_cmd
watch *(unsigned long *)&jiffies
continue
printf "watch stop pc=0x%lx\n", \$pc
printf "jiffies=0x%016lx\n", *(unsigned long *)&jiffies
printf "xp follows\n"
eval "monitor xp/8bx 0x%lx", (long)&jiffies - 0xc000000000000000
delete
rwatch *(unsigned long *)&jiffies
continue
printf "rwatch stop pc=0x%lx\n", \$pc
delete
awatch *(unsigned long *)&jiffies
continue
printf "awatch stop pc=0x%lx\n", \$pc
delete
detach
EOF
    start_emu "$TMP/con-linux" -cpu POWER9 -m 1G -append console=hvc0 \
        -kernel "$KERNEL" -initrd "$INITRD" -S -gdb "unix:$sock,server,nowait"
    wait_socket "$sock"
    timeout 120 "$GDB" -batch -x "$TMP/cmds-linux" "$KERNEL" >"$TMP/gdb-linux" 2>&1
    out=$TMP/gdb-linux
    want "linux: breakpoint at start_kernel" "^Breakpoint 1, 0xc[0-9a-f]+ in start_kernel" "$out"
    want "linux: bt" "^#1 .* in start_here_common" "$out"
    want "linux: linux_banner through the MMU" "<linux_banner>:[[:space:]]+\"Linux version " "$out"
    # qRcmd: the monitor's own answers (QEMU's texts)
    want "linux: monitor info status" "^VM status: paused \(debug\)" "$out"
    want "linux: monitor with an unknown command" "^unknown command: 'bogus_cmd'" "$out"
    # watchpoints on jiffies: the first write after start_kernel (do_timer)
    # and the reads after it stop where QEMU 7.2's gdbstub stops with the
    # same commands (reference run, Debian's 6.1.0-57 kernel; gdb steps
    # over the access itself after the stop); the new value is the one
    # read independently through the monitor's xp at jiffies' real address
    want "linux: watch jiffies (write)" "^Hardware watchpoint [0-9]+: \*\(unsigned long \*\)&jiffies" "$out"
    want "linux: watch: old value" "^Old value = [0-9]+" "$out"
    want "linux: watch: new value" "^New value = [0-9]+" "$out"
    old=$(sed -n 's/^Old value = \([0-9]*\)$/\1/p' "$out" | head -1)
    new=$(sed -n 's/^New value = \([0-9]*\)$/\1/p' "$out" | head -1)
    gdbval=$(sed -n 's/^jiffies=0x\([0-9a-f]*\)$/\1/p' "$out" | head -1)
    # xp/8bx: bytes in memory order, jiffies is little endian
    xpval=$(grep -a -A1 '^xp follows$' "$out" | tail -1 | cut -d: -f2- |
            grep -aoE '0x[0-9a-f]{2}' | head -8 | tac | sed 's/0x//' | tr -d '\n')
    if [ -n "$new" ] && [ -n "$old" ] && [ "$new" != "$old" ] &&
       [ -n "$xpval" ] && [ "$(printf '%016x' "$new")" = "$xpval" ] &&
       [ "$gdbval" = "$xpval" ]; then
        pass "linux: watch: jiffies $old -> $new, = xp at its real address ($xpval)"
    else
        fail "linux: watch values: old '$old' new '$new' gdb '$gdbval' xp '$xpval'"
    fi
    if grep -q '^linux-image-6.1.0-57-powerpc64le ' build/guest/VERSION 2>/dev/null &&
       [ "$KERNEL" = build/guest/vmlinux ]; then
        want "linux: watch stops where QEMU does" "^watch stop pc=0xc0000000001cb3a8\$" "$out"
        want "linux: watch: first tick (QEMU: 4294892296 -> 4294892297)" "^New value = 4294892297\$" "$out"
        want "linux: rwatch stops where QEMU does" "^rwatch stop pc=0xc0000000001cb3dc\$" "$out"
        want "linux: awatch stops where QEMU does" "^awatch stop pc=0xc000000000231528\$" "$out"
    fi
    want "linux: rwatch" "^Hardware read watchpoint [0-9]+: \*\(unsigned long \*\)&jiffies" "$out"
    want "linux: awatch" "^Hardware access \(read/write\) watchpoint [0-9]+: \*\(unsigned long \*\)&jiffies" "$out"
    want "linux: detach" "Inferior 1 \(Remote target\) detached" "$out"
    if wait_for "$TMP/con-linux" "Run /init" 120; then
        pass "linux: the guest goes on to Run /init"
    else
        fail "linux: no 'Run /init' after detach"
        tail -n 5 "$TMP/con-linux" | sed 's/^/    | /'
    fi
    kill "$EMU_PID"
    wait "$EMU_PID" 2>/dev/null
    EMU_PID=
else
    echo "SKIP linux part: no $KERNEL (scripts/fetch-guest)"
fi

# ---- 3. the protocol: Ctrl-C into a running guest over TCP, errors, k
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$TMP/rsp" <<'EOF'
send qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=i386
expect PacketSize=[0-9a-f]+;qXfer:features:read\+;vContSupported\+;swbreak\+;hwbreak\+;QStartNoAckMode\+
send ?
expect T05thread:01;
send qXfer:features:read:target.xml:0,40
expect m<\?xml version="1.0"\?>.*
send qXfer:features:read:nosuch.xml:0,40
expect E00
send m0,zz
expect E22
send p1000
expect E14
send vCont?
expect vCont;c;C;s;S
send c
sleep 1
break
expect T02thread:01;
send p40
expect [0-9a-f]{16}
EOF
if [ -f "$KERNEL" ] && [ -f "$INITRD" ]; then
    # a write watchpoint on jiffies (address from vmlinux's symbols): the
    # stop reply names it as the protocol says (watch:ADDR)
    JIFFIES=$(nm "$KERNEL" | awk '$3 == "jiffies" { print $1 }')
    cat >>"$TMP/rsp" <<EOF
send Z2,$JIFFIES,8
expect OK
cont
expect T05thread:01;watch:0*$JIFFIES;
send z2,$JIFFIES,8
expect OK
send Z3,$JIFFIES,0
expect E22
send Z5,$JIFFIES,8
expect 
EOF
fi
echo "send k" >>"$TMP/rsp"
if [ -f "$KERNEL" ] && [ -f "$INITRD" ]; then
    start_emu "$TMP/con-rsp" -cpu POWER9 -m 1G -append console=hvc0 \
        -kernel "$KERNEL" -initrd "$INITRD" -gdb "tcp:127.0.0.1:$PORT"
else
    start_emu "$TMP/con-rsp" -kernel build/isa/gdb-target-le.elf -S \
        -gdb "tcp:127.0.0.1:$PORT"
fi
for ((i = 0; i < 50; i++)); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $PORT)).close()" 2>/dev/null && break
    sleep 0.1
done
if timeout 60 python3 tests/boot/gdb-rsp.py "127.0.0.1:$PORT" "$TMP/rsp" >"$TMP/rsp-out" 2>&1; then
    pass "protocol: qSupported, target.xml, errors, Ctrl-C (T02), k"
else
    fail "protocol:"
    sed 's/^/    | /' "$TMP/rsp-out"
fi
wait_emu
rc=$?
if [ $rc -eq 0 ]; then pass "k: exit status 0"; else fail "k: exit status $rc"; fi

# ---- 4. a port in use (held by a listener of our own on a fresh port)
python3 -c "
import socket, sys, time
s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(1)
print(s.getsockname()[1], flush=True); time.sleep(10)" >"$TMP/held-port" &
HOLD=$!
for ((i = 0; i < 50; i++)); do
    [ -s "$TMP/held-port" ] && break
    sleep 0.1
done
PORT=$(cat "$TMP/held-port")
"$POWERJIT" -M pseries -nographic -kernel build/isa/gdb-target-le.elf \
    -gdb "tcp:127.0.0.1:$PORT" </dev/null >"$TMP/inuse-out" 2>"$TMP/inuse-err"
rc=$?
kill $HOLD 2>/dev/null
wait $HOLD 2>/dev/null
lines=$(wc -l <"$TMP/inuse-err")
if [ $rc = 1 ] && [ "$lines" = 1 ] && grep -q "Address already in use" "$TMP/inuse-err"; then
    pass "port in use: $(cat "$TMP/inuse-err")"
else
    fail "port in use: exit $rc, stderr:"
    sed 's/^/    | /' "$TMP/inuse-err"
fi

# ---- 5. packets in pieces: one sent a byte at a time assembles; a
# debugger that sends half a packet and goes quiet stalls nothing: QMP
# still answers and its quit ends the emulator (status 0), closing the
# debugger's connection
start_emu "$TMP/con-half" -kernel build/isa/gdb-target-le.elf -S \
    -gdb "unix:$TMP/half.gdb,server=on" \
    -qmp "unix:$TMP/half.qmp,server=on,wait=off"
wait_socket "$TMP/half.gdb"
wait_socket "$TMP/half.qmp"
timeout 90 python3 - "$TMP/half.gdb" "$TMP/half.qmp" >"$TMP/half-out" 2>&1 <<'PY'
import importlib.util, json, os, socket, sys, time
spec = importlib.util.spec_from_file_location(
    "gdb_rsp", os.path.join("tests", "boot", "gdb-rsp.py"))
rsp_mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(rsp_mod)
rsp = rsp_mod.Rsp(rsp_mod.connect(sys.argv[1]))
for c in b"$?#3f":
    rsp.s.sendall(bytes([c]))
    time.sleep(0.05)
print("pieces:", rsp.reply())
body = b"qSupported:swbreak+"
pkt = b"$%s#%02x" % (body, sum(body) % 256)
rsp.s.sendall(pkt[:12])
time.sleep(0.3)
rsp.s.sendall(pkt[12:])
print("split:", rsp.reply().split(";")[0][:11])
rsp.s.sendall(b"$m0,")  # half a packet, and the debugger waits
q = socket.socket(socket.AF_UNIX)
q.settimeout(30)
q.connect(sys.argv[2])
f = q.makefile("rwb", buffering=0)
f.readline()
def cmd(name):
    f.write(json.dumps({"execute": name}).encode() + b"\n")
    while True:
        m = json.loads(f.readline())
        if "event" not in m:
            return m
cmd("qmp_capabilities")
print("status:", cmd("query-status")["return"]["status"])
print("quit:", json.dumps(cmd("quit")))
rsp.s.settimeout(30)
try:
    while rsp.s.recv(4096):
        pass
    print("gdb connection closed")
except OSError as e:
    print("gdb connection:", e)
PY
wait_emu
rc=$?
if grep -qx 'pieces: T05thread:01;' "$TMP/half-out" &&
    grep -qx 'split: PacketSize=' "$TMP/half-out" &&
    grep -qE '^status: [a-z-]+$' "$TMP/half-out" &&
    grep -qx 'quit: {"return": {}}' "$TMP/half-out" &&
    grep -qx 'gdb connection closed' "$TMP/half-out" && [ $rc -eq 0 ]; then
    pass "packets in pieces assemble; half a packet stalls neither QMP nor quit"
else
    fail "packets in pieces / half a packet (exit $rc):"
    sed 's/^/    | /' "$TMP/half-out" "$TMP/con-half" | tail -n 25
fi

if [ $failed -ne 0 ]; then
    echo "$failed check(s) failed"
    exit 1
fi
echo "all checks passed"
