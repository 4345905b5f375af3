#!/bin/bash
# The legacy interface of transitional virtio-pci devices (issue 14;
# virtio 1.1 4.1.4.8): one boot with virtio-rng-pci, virtio-blk-pci and
# virtio-net-pci, all transitional (QEMU 7.2's default on a PCI bus), and
# virtio_pci loaded with force_legacy=1, so that Linux drives them
# through BAR 0 in I/O space instead of the modern capabilities:
#  1. each device's BAR 0 is an I/O BAR (the resource file's flags have
#     IORESOURCE_IO, 0x100) and the drivers bind; the negotiated features
#     (/sys/bus/virtio/devices/*/features) lack VIRTIO_F_VERSION_1 (bit
#     32), which only the modern interface can offer;
#  2. virtio-rng: 256 KiB of /dev/hwrng does not compress;
#  3. virtio-blk: the guest reads the 1 MiB the host wrote (md5), and a
#     write with conv=fsync is in the host file afterwards (the legacy
#     queue layout: descriptors, available ring, used ring at the next
#     4096-byte boundary);
#  4. virtio-net: DHCP gives 10.0.2.15 and 1 MiB from tftp= arrives with
#     the host's md5 (the legacy 10-byte header).
# BOOT_EMULATOR=qemu runs the same checks on QEMU.
# Exit status: 0 pass, 1 fail, 77 skipped (no guest).
set -u
cd "$(dirname "$0")/../.."
. tests/boot/console.bash
boot_test_setup

disk_with_data 8M
mkdir -p "$CON_TMP/tftp"
head -c 1048576 /dev/urandom >"$CON_TMP/tftp/f.bin"
want_net_md5=$(md5sum <"$CON_TMP/tftp/f.bin" | cut -d' ' -f1)

guest_cmdline console=hvc0 -vga none -device virtio-rng-pci \
    -drive "if=none,id=d0,file=$disk,format=raw" \
    -device virtio-blk-pci,drive=d0 \
    -netdev "user,id=n0,tftp=$CON_TMP/tftp" -device virtio-net-pci,netdev=n0
[ "$(boot_emulator)" = qemu ] && EMU+=(-global virtio-net-pci.romfile=)
echo "command: ${EMU[*]}"
console_start "$CON_TMP/console" "${EMU[@]}"
boot_to_shell pci-legacy || exit 1

console_run 'cd /lib/modules/*; for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev; do insmod ./$m.ko || echo "insmod $m failed"; done; insmod ./virtio_pci.ko force_legacy=1 || echo "insmod virtio_pci failed"; for m in virtio-rng virtio_blk failover net_failover virtio_net; do insmod ./$m.ko || echo "insmod $m failed"; done; cd /; for i in $(seq 100); do [ -e /sys/class/net/eth0 ] && [ -e /sys/block/vda ] && break; sleep 0.1; done' 60
if [ "$CON_RC" = 0 ] && [ -z "$CON_OUT" ]; then
    pass "the virtio modules load, virtio_pci with force_legacy=1"
else
    fail "insmod: status '$CON_RC', '$CON_OUT'"
    console_dump 30
fi

# BAR 0's flags (first line of resource: start end flags) and the
# negotiated features of each virtio device
console_run 'for d in /sys/bus/pci/devices/*; do set -- $(head -n 1 $d/resource); echo "bar0 $(cat $d/device) $(( ($3 >> 8) & 1 ))"; done; for v in /sys/bus/virtio/devices/*; do f=$(cat $v/features); echo "v1 $(cat $v/device) ${f:32:1}"; done'
echo "$CON_OUT"
io=$(grep -c '^bar0 0x100[0-9] 1$' <<<"$CON_OUT")
v1=$(grep -c '^v1 0x000[0-9] 0$' <<<"$CON_OUT")
if [ "$io" = 3 ] && [ "$v1" = 3 ]; then
    pass "three transitional devices with an I/O BAR 0, driven without VERSION_1 (legacy)"
else
    fail "legacy: $io of 3 I/O BARs, $v1 of 3 devices without VERSION_1"
fi

console_run 'cat /sys/class/misc/hw_random/rng_current; dd if=/dev/hwrng bs=4096 count=64 2>/dev/null | gzip -c | wc -c' 120
read -r cur gz <<<"$(tr '\n' ' ' <<<"$CON_OUT")"
if [ "${cur:-}" = virtio_rng.0 ] && [ "${gz:-0}" -ge 262144 ]; then
    pass "virtio-rng (legacy): 256 KiB from /dev/hwrng gzip to $gz bytes"
else
    fail "virtio-rng (legacy): '$CON_OUT'"
fi

console_run 'dd if=/dev/vda bs=65536 count=16 2>/dev/null | md5sum' 120
if [ "${CON_OUT%% *}" = "$want_md5" ]; then
    pass "virtio-blk (legacy): the guest reads what the host wrote"
else
    fail "virtio-blk (legacy) read: '$CON_OUT' (want md5 $want_md5)"
fi
console_run 'head -c 65536 /dev/zero | tr "\0" "\132" | dd of=/dev/vda bs=65536 seek=64 conv=fsync 2>/dev/null; echo done' 120
got=$(dd if="$disk" bs=65536 skip=64 count=1 status=none | tr -d 'Z' | wc -c)
if [ "$CON_OUT" = done ] && [ "$got" = 0 ]; then
    pass "virtio-blk (legacy): the guest's write (conv=fsync) is in the host file"
else
    fail "virtio-blk (legacy) write: '$CON_OUT', $got bytes differ in the host file"
fi

console_run "printf '%s\n' '#!/bin/sh' '[ \"\$1\" = bound ] || exit 0' 'ifconfig \$interface \$ip netmask \$subnet' 'route add default gw \$router' >/tmp/dhcp.sh && chmod +x /tmp/dhcp.sh; ip link set eth0 up"
console_run 'udhcpc -i eth0 -n -q -t 10 -s /tmp/dhcp.sh >/dev/null 2>&1; ip -4 addr show eth0' 90
case $CON_OUT in
*"inet 10.0.2.15/24"*) pass "virtio-net (legacy): DHCP: eth0 has 10.0.2.15/24" ;;
*) fail "virtio-net (legacy): DHCP: '$CON_OUT'" ;;
esac
console_run 'cd /tmp && tftp -g -r f.bin 10.0.2.2 && md5sum f.bin; cd /' 300
got_md5=$(echo "$CON_OUT" | awk '/f.bin/ { print $1 }' | tail -n 1)
if [ "$got_md5" = "$want_net_md5" ]; then
    pass "virtio-net (legacy): TFTP: 1 MiB, md5 as on the host"
else
    fail "virtio-net (legacy): TFTP: md5 '$got_md5', want $want_net_md5: '$CON_OUT'"
fi

console_run 'poweroff -f'
console_exit 30
[ "$CHECK_FAILED" = 0 ]
