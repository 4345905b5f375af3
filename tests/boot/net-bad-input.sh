#!/bin/bash
# Bad network options (issue 10): each makes powerjit print exactly one
# line on stderr that names the problem, nothing on stdout, and exit with
# status 1 before the guest starts.  The messages follow QEMU 7.2's where
# it has one (Duplicate ID, "Invalid host forwarding rule", "Could not set
# up host forwarding rule").  Exit status 0 pass, 1 fail, 77 skipped
# (no guest kernel).  A busy hostfwd port is held by a python3
# listener (skipped without python3).
set -u
cd "$(dirname "$0")/../.."
POWERJIT=${POWERJIT:-build/powerjit}
[ -x "$POWERJIT" ] || { echo "FAIL: $POWERJIT is not built"; exit 1; }
TMP=$(mktemp -d)
holder=
trap '[ -n "$holder" ] && kill "$holder" 2>/dev/null; rm -rf "$TMP"' EXIT
# the network is set up after the kernel is read: a real one (a line
# that wrongly passed would boot it and time out, and so fail)
KERNEL=${GUEST_KERNEL:-build/guest/vmlinux}
[ -f "$KERNEL" ] || { echo "no guest kernel $KERNEL (scripts/fetch-guest)"; exit 77; }

failed=0
# check NAME WANT ARGS...: status 1, one stderr line containing WANT
check() {
    local name=$1 want=$2 rc lines
    shift 2
    timeout 20 "$POWERJIT" -nographic -kernel "$KERNEL" "$@" </dev/null >"$TMP/out" 2>"$TMP/err"
    rc=$?
    lines=$(wc -l <"$TMP/err")
    if [ $rc -eq 1 ] && [ "$lines" -eq 1 ] && [ ! -s "$TMP/out" ] && grep -qF -- "$want" "$TMP/err"; then
        echo "PASS: $name: $(cat "$TMP/err")"
    else
        echo "FAIL: $name (exit $rc, $lines lines on stderr, want '$want')"
        sed 's/^/    | /' "$TMP/err" "$TMP/out" | head -n 5
        failed=$((failed + 1))
    fi
}

check "unknown -netdev type" "expects a netdev backend type" -netdev foo,id=x
check "-netdev without id" "Parameter 'id' is missing" -netdev user
check "duplicate netdev id" "Duplicate ID 'a' for netdev" -netdev user,id=a -netdev user,id=a
check "-nic and -netdev with one id" "Duplicate ID 'a' for netdev" -netdev user,id=a -nic user,id=a
check "unknown user option" "Invalid parameter 'bogus'" -netdev user,id=a,bogus=1
check "hostfwd: bad protocol" "Invalid host forwarding rule 'sctp::2222-:22' (Bad protocol name)" \
    -netdev user,id=a,hostfwd=sctp::2222-:22
check "hostfwd: no guest part" "Invalid host forwarding rule 'tcp::2222'" -netdev user,id=a,hostfwd=tcp::2222
check "hostfwd: bad host port" "(Bad host port)" -netdev user,id=a,hostfwd=tcp::99999-:22
check "hostfwd: bad guest address" "(Bad guest address)" -netdev user,id=a,hostfwd=tcp::2222-10.0.2.x:22
check "net= not a network" "Invalid net=" -netdev user,id=a,net=10.0.2.1/24
check "host= outside net=" "not an address in the guest network" -netdev user,id=a,net=10.0.5.0/24,host=10.0.2.2
check "tftp= not a directory" "is not a directory" -netdev "user,id=a,tftp=$TMP/nope"
check "netdev= unknown" "can't find value 'zz'" -device spapr-vlan,netdev=zz
check "two NICs on one netdev" "is already used by spapr-vlan" -netdev user,id=a -device spapr-vlan,netdev=a -device spapr-vlan,netdev=a
check "bad mac=" "doesn't take value '52:54:00:12:34'" -nic user,mac=52:54:00:12:34
check "filter-dump on no netdev" "netdev 'q' not found" -object "filter-dump,id=d,netdev=q,file=$TMP/x.pcap"
check "filter-dump without file" "Parameter 'file' is missing" -netdev user,id=a -object filter-dump,id=d,netdev=a

if command -v python3 >/dev/null; then
    python3 -c '
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(1)
print(s.getsockname()[1], flush=True)
time.sleep(120)' >"$TMP/port" &
    holder=$!
    for i in $(seq 200); do
        [ -s "$TMP/port" ] && break
        sleep 0.1
    done
    port=$(cat "$TMP/port")
    check "hostfwd: port in use" "Could not set up host forwarding rule 'tcp:127.0.0.1:$port-:22'" \
        -netdev "user,id=a,hostfwd=tcp:127.0.0.1:$port-:22"
else
    echo "SKIP: hostfwd port in use: no python3"
fi
[ "$failed" = 0 ]
