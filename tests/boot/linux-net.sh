#!/bin/bash
# User networking on spapr-vlan (issue 10): the guest loads ibmveth, gets
# 10.0.2.15 from slirp's DHCP (busybox udhcpc with a script of our own,
# as the initramfs has none), fetches a 4 MiB file from -netdev user,tftp=
# and compares its md5 with the host's, then serves a file the host also
# generates (seq) with busybox httpd on port 8080, which the test fetches
# through hostfwd=tcp:127.0.0.1:PORT-:8080 and compares byte for byte.
# With -object filter-dump the frames go to a pcap that tcpdump -r must
# read (skipped when tcpdump is absent).
# Exit status: 0 pass, 1 fail, 77 skipped (no guest).
set -u
cd "$(dirname "$0")/../.."
. tests/boot/console.bash
boot_test_setup

mkdir -p "$CON_TMP/tftp"
head -c $((4 << 20)) /dev/urandom >"$CON_TMP/tftp/big.bin"
want_md5=$(md5sum <"$CON_TMP/tftp/big.bin" | cut -d' ' -f1)
seq 1 100000 >"$CON_TMP/served.txt"

# a free host port: the emulator refuses a busy one, so try a few
for try in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 40000))
    guest_cmdline console=hvc0 -nodefaults -serial mon:stdio \
        -netdev "user,id=n0,tftp=$CON_TMP/tftp,hostfwd=tcp:127.0.0.1:$port-:8080" \
        -device spapr-vlan,netdev=n0 \
        -object "filter-dump,id=d0,netdev=n0,file=$CON_TMP/net.pcap"
    console_start "$CON_TMP/console" "${EMU[@]}"
    for i in $(seq 100); do
        [ -s "$CON_TMP/console" ] && break
        console_alive || break
        sleep 0.1
    done
    if console_alive || ! grep -q "Could not set up host forwarding" "$CON_TMP/console"; then
        break
    fi
    wait "$CON_PID" 2>/dev/null
    exec {CON_FD}>&-
done
echo "command: ${EMU[*]}"
boot_to_shell net || exit 1

console_run 'insmod /lib/modules/*/ibmveth.ko && ip link set eth0 up'
if [ "$CON_RC" = 0 ]; then
    pass "ibmveth loaded, eth0 up"
else
    fail "ibmveth: rc '$CON_RC' '$CON_OUT'"
    console_dump
    exit 1
fi

# udhcpc calls the script with "bound" and the lease in the environment
console_run "printf '%s\n' '#!/bin/sh' '[ \"\$1\" = bound ] || exit 0' 'ifconfig \$interface \$ip netmask \$subnet' 'route add default gw \$router' >/tmp/dhcp.sh && chmod +x /tmp/dhcp.sh"
console_run 'udhcpc -i eth0 -n -q -t 10 -s /tmp/dhcp.sh 2>&1; ip -4 addr show eth0' 90
case $CON_OUT in
*"inet 10.0.2.15/24"*) pass "DHCP: eth0 has 10.0.2.15/24" ;;
*) fail "DHCP: '$CON_OUT'"; console_dump; exit 1 ;;
esac

console_run 'cd /tmp && tftp -g -r big.bin 10.0.2.2 && md5sum big.bin' 300
got_md5=$(echo "$CON_OUT" | awk '/big.bin/ { print $1 }' | tail -n 1)
if [ "$CON_RC" = 0 ] && [ "$got_md5" = "$want_md5" ]; then
    pass "TFTP: 4 MiB, md5 $got_md5 as on the host"
else
    fail "TFTP: rc '$CON_RC', md5 '$got_md5', want $want_md5: '$CON_OUT'"
fi

console_run 'mkdir -p /www && seq 1 100000 >/www/served.txt && httpd -p 8080 -h /www && echo httpd up'
fetched=$CON_TMP/fetched.txt
for i in $(seq 3); do
    if exec 3<>"/dev/tcp/127.0.0.1/$port"; then
        printf 'GET /served.txt HTTP/1.0\r\n\r\n' >&3
        timeout 120 cat <&3 >"$CON_TMP/reply" || true
        exec 3<&-
        # the body follows the first empty line
        awk 'body { print; next } /^\r?$/ { body = 1 }' "$CON_TMP/reply" >"$fetched"
        [ -s "$fetched" ] && break
    fi
    sleep 1
done
if cmp -s "$fetched" "$CON_TMP/served.txt"; then
    pass "hostfwd: $(wc -c <"$fetched") bytes from the guest's httpd, byte for byte"
else
    fail "hostfwd: got $(wc -c <"$fetched" 2>/dev/null) bytes, want $(wc -c <"$CON_TMP/served.txt")"
    head -c 300 "$CON_TMP/reply" 2>/dev/null
fi

console_run 'poweroff -f'
console_exit 30

if ! command -v tcpdump >/dev/null; then
    echo "SKIP: filter-dump: no tcpdump on the host"
elif n=$(tcpdump -n -r "$CON_TMP/net.pcap" 2>/dev/null | grep -c 'UDP\|tftp\|http\|Flags') && [ "$n" -gt 100 ]; then
    pass "filter-dump: tcpdump -r reads $n frames of DHCP, TFTP and HTTP"
else
    fail "filter-dump: tcpdump -r: $(tcpdump -n -r "$CON_TMP/net.pcap" 2>&1 | head -n 3)"
fi
[ "$CHECK_FAILED" = 0 ]
