#!/bin/bash
# -netdev socket between two powerjit guests (issue 10): guest A listens
# (listen=127.0.0.1:PORT), guest B connects; both load ibmveth, take
# static addresses 192.168.77.1 and .2, and B fetches with busybox wget a
# file that A's httpd serves (seq output, which the host generates too to
# compare md5s).  Exit status: 0 pass, 1 fail, 77 skipped (no guest).
set -u
cd "$(dirname "$0")/../.."
. tests/boot/console.bash
boot_test_setup
TOP=$CON_TMP
A_PID= B_PID=
trap 'for p in $A_PID $B_PID; do kill $p 2>/dev/null; done; rm -rf "$TOP"' EXIT

# the console driver keeps one guest's state in CON_*: save and restore it
save_guest() {
    eval "${1}_LOG=\$CON_LOG ${1}_OFF=\$CON_OFF ${1}_SEQ=\$CON_SEQ" \
         "${1}_FD=\$CON_FD ${1}_PID=\$CON_PID ${1}_T0=\$CON_T0 ${1}_TMP=\$CON_TMP"
}
use_guest() {
    eval "CON_LOG=\$${1}_LOG CON_OFF=\$${1}_OFF CON_SEQ=\$${1}_SEQ" \
         "CON_FD=\$${1}_FD CON_PID=\$${1}_PID CON_T0=\$${1}_T0 CON_TMP=\$${1}_TMP"
}

# guest A: a free port (retried if taken)
mkdir -p "$TOP/a" "$TOP/b"
CON_TMP=$TOP/a
for try in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 40000))
    guest_cmdline console=hvc0 -nodefaults -serial mon:stdio \
        -netdev "socket,id=n0,listen=127.0.0.1:$port" \
        -device spapr-vlan,netdev=n0,mac=52:54:00:77:00:01
    console_start "$TOP/a/console" "${EMU[@]}"
    console_wait '] Linux version' && break
    console_alive && break
    wait "$CON_PID" 2>/dev/null
    exec {CON_FD}>&-
done
echo "guest A: ${EMU[*]}"
CON_OFF=0 # boot_to_shell looks for the first line again
save_guest A

CON_TMP=$TOP/b
guest_cmdline console=hvc0 -nodefaults -serial mon:stdio \
    -netdev "socket,id=n0,connect=127.0.0.1:$port" \
    -device spapr-vlan,netdev=n0,mac=52:54:00:77:00:02
echo "guest B: ${EMU[*]}"
console_start "$TOP/b/console" "${EMU[@]}"
save_guest B

setup_guest() {
    local g=$1 addr=$2
    use_guest "$g"
    boot_to_shell "guest $g" || exit 1
    console_run "insmod /lib/modules/*/ibmveth.ko && ip addr add $addr/24 dev eth0 && ip link set eth0 up"
    if [ "$CON_RC" = 0 ]; then
        pass "guest $g: eth0 up as $addr"
    else
        fail "guest $g: '$CON_OUT'"
        console_dump
        exit 1
    fi
    save_guest "$g"
}
setup_guest A 192.168.77.1
setup_guest B 192.168.77.2

use_guest A
console_run 'mkdir -p /www && seq 1 200000 >/www/f.txt && httpd -p 8080 -h /www && echo up'
save_guest A
want=$(seq 1 200000 | md5sum | cut -d' ' -f1)

use_guest B
console_run 'wget -q -O /tmp/f.txt http://192.168.77.1:8080/f.txt && md5sum /tmp/f.txt' 300
got=$(echo "$CON_OUT" | awk '/f.txt/ { print $1 }' | tail -n 1)
if [ "$CON_RC" = 0 ] && [ "$got" = "$want" ]; then
    pass "B fetched $(seq 1 200000 | wc -c) bytes from A over -netdev socket, md5 $got"
else
    fail "B's wget: rc '$CON_RC', md5 '$got', want $want: '$CON_OUT'"
    console_dump 20
fi
console_run 'poweroff -f'
console_exit 30
B_PID=
use_guest A
console_run 'poweroff -f'
console_exit 30
A_PID=
[ "$CHECK_FAILED" = 0 ]
