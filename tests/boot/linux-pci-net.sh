#!/bin/bash
# virtio-net-pci on user networking (issue 14): `-nic user,model=virtio-net-pci`
# (no other NIC: -nodefaults); the guest loads virtio_net, gets 10.0.2.15
# from slirp's DHCP and fetches a 4 MiB file from tftp= whose md5 matches
# the host's; a second boot with `-device virtio-net-pci,netdev=,mac=`
# checks the MAC and a hostfwd to the guest; a third with the old
# `-net nic,model=virtio -net user` gets its DHCP lease too.  BOOT_EMULATOR=qemu runs the same checks on
# QEMU.  Exit status: 0 pass, 1 fail, 77 skipped (no guest).
set -u
cd "$(dirname "$0")/../.."
. tests/boot/console.bash
boot_test_setup

mkdir -p "$CON_TMP/tftp"
head -c $((4 << 20)) /dev/urandom >"$CON_TMP/tftp/big.bin"
want_md5=$(md5sum <"$CON_TMP/tftp/big.bin" | cut -d' ' -f1)

# net_boot WHAT ARGS...: boots, loads virtio_net, runs DHCP on eth0
net_boot() {
    local what=$1
    shift
    guest_cmdline console=hvc0 -vga none -nodefaults -serial mon:stdio "$@"
    # QEMU's virtio-net-pci loads an option ROM (efi-virtio.rom) that
    # Debian ships only for x86; a pseries guest never runs it
    [ "$(boot_emulator)" = qemu ] && EMU+=(-global virtio-net-pci.romfile=)
    echo "command: ${EMU[*]}"
    console_start "$CON_TMP/console-$what" "${EMU[@]}"
    boot_to_shell "$what" || exit 1
    console_run 'dmesg -n 1; cd /lib/modules/*; for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci failover net_failover virtio_net; do insmod ./$m.ko || echo "insmod $m failed"; done; cd /; for i in $(seq 100); do [ -e /sys/class/net/eth0 ] && break; sleep 0.1; done; ip link set eth0 up && echo up' 60
    if [ "$CON_OUT" = up ]; then
        pass "$what: virtio_net loaded, eth0 up"
    else
        fail "$what: virtio_net: '$CON_OUT'"
        console_dump 20
        exit 1
    fi
    console_run "printf '%s\n' '#!/bin/sh' '[ \"\$1\" = bound ] || exit 0' 'ifconfig \$interface \$ip netmask \$subnet' 'route add default gw \$router' >/tmp/dhcp.sh && chmod +x /tmp/dhcp.sh"
    console_run 'udhcpc -i eth0 -n -q -t 10 -s /tmp/dhcp.sh 2>&1; ip -4 addr show eth0' 90
    case $CON_OUT in
    *"inet 10.0.2.15/24"*) pass "$what: DHCP: eth0 has 10.0.2.15/24" ;;
    *) fail "$what: DHCP: '$CON_OUT'"; console_dump; exit 1 ;;
    esac
}

net_boot nic -nic "user,model=virtio-net-pci,tftp=$CON_TMP/tftp"
console_run 'cd /tmp && tftp -g -r big.bin 10.0.2.2 && md5sum big.bin' 300
got_md5=$(echo "$CON_OUT" | awk '/big.bin/ { print $1 }' | tail -n 1)
if [ "$CON_RC" = 0 ] && [ "$got_md5" = "$want_md5" ]; then
    pass "nic: TFTP: 4 MiB over virtio-net, md5 $got_md5 as on the host"
else
    fail "nic: TFTP: rc '$CON_RC', md5 '$got_md5', want $want_md5: '$CON_OUT'"
fi
console_run 'poweroff -f'
console_exit 30

# -device virtio-net-pci,netdev=,mac= on a -netdev with a hostfwd: the
# guest sees the MAC given, and 1 MiB the guest serves with nc arrives on
# the host through the forwarded port with the md5 the guest computed
# (TCP the guest checksums through VIRTIO_NET_F_CSUM, which slirp checks)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
net_boot dev -netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$port-:8000" \
    -device virtio-net-pci,netdev=n0,mac=52:54:00:ab:cd:ef
console_run 'cat /sys/class/net/eth0/address'
if [ "$CON_OUT" = 52:54:00:ab:cd:ef ]; then
    pass "dev: eth0 has mac= 52:54:00:ab:cd:ef"
else
    fail "dev: eth0 address '$CON_OUT'"
fi
console_run 'head -c 1048576 /dev/urandom >/tmp/up.bin; md5sum </tmp/up.bin | cut -d" " -f1; (nc -l -p 8000 </tmp/up.bin >/dev/null 2>&1 &)'
guest_md5=$CON_OUT
# until the guest's nc listens, slirp's connection to it is refused and
# the host reads nothing: connect again until the whole megabyte came
host_md5=$(timeout 120 python3 - "$port" <<'PY'
import hashlib, socket, sys, time
while True:
    try:
        s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), 10)
        data = b""
        while True:
            b = s.recv(65536)
            if not b:
                break
            data += b
        s.close()
        if len(data) == 1 << 20:
            print(hashlib.md5(data).hexdigest())
            break
    except OSError:
        pass
    time.sleep(0.2)
PY
)
if [ -n "$host_md5" ] && [ "$host_md5" = "$guest_md5" ]; then
    pass "dev: hostfwd: 1 MiB from the guest, md5 $host_md5 as in the guest"
else
    fail "dev: hostfwd: host md5 '$host_md5', guest '$guest_md5'"
fi
console_run 'poweroff -f'
console_exit 30

net_boot net -net nic,model=virtio -net user
console_run 'poweroff -f'
console_exit 30
[ "$CHECK_FAILED" = 0 ]
