#!/bin/bash
# The pseries PCI host bridge and virtio over PCI (issue 14).  One boot
# with -device virtio-rng-pci (transitional, QEMU 7.2's default on a PCI
# bus) and a virtio-blk-pci,disable-legacy=on (modern) on a raw image:
#  1. the virtio modules load, and /sys/bus/pci/devices lists the IDs QEMU
#     7.2 gives them (its dumpdtb; virtio 1.1 4.1.2): 0x1af4:0x1005,
#     subsystem 0x0004, revision 0 (rng) and 0x1af4:0x1042, subsystem
#     0x1100, revision 1 (block), under the PHB at 0000:00; virtio_pci
#     binds both (rng_current below, the block device);
#  2. rng_current is virtio_rng.0 and 256 KiB of /dev/hwrng does not
#     compress;
#  3. /dev/vda has the image's size, the guest reads the 1 MiB the host
#     wrote into it (same md5), and what the guest writes with
#     dd conv=fsync is in the host file afterwards;
#  4. blkdiscard of 64 KiB works (and leaves a hole in the host file).
# BOOT_EMULATOR=qemu runs the same checks on QEMU.
# Exit status: 0 pass, 1 fail, 77 skipped (no guest).
set -u
cd "$(dirname "$0")/../.."
. tests/boot/console.bash
boot_test_setup

disk_with_data 8M

guest_cmdline console=hvc0 -vga none -device virtio-rng-pci \
    -drive "if=none,id=d0,file=$disk,format=raw" \
    -device virtio-blk-pci,drive=d0,disable-legacy=on
echo "command: ${EMU[*]}"
console_start "$CON_TMP/console" "${EMU[@]}"
boot_to_shell pci || exit 1

console_run 'dmesg -n 1; cd /lib/modules/*; for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio-rng virtio_blk; do insmod ./$m.ko || echo "insmod $m failed"; done; cd /' 60
if [ "$CON_RC" = 0 ] && [ -z "$CON_OUT" ]; then
    pass "the virtio modules load"
else
    fail "insmod: status '$CON_RC', '$CON_OUT'"
    console_dump 30
fi

console_run 'for d in /sys/bus/pci/devices/*; do echo "${d##*/} $(cat $d/vendor):$(cat $d/device) $(cat $d/subsystem_device) $(cat $d/revision)"; done | sort'
echo "$CON_OUT"
if grep -q '^0000:00:..\.0 0x1af4:0x1005 0x0004 0x00$' <<<"$CON_OUT" &&
   grep -q '^0000:00:..\.0 0x1af4:0x1042 0x1100 0x01$' <<<"$CON_OUT"; then
    pass "PCI: virtio-rng transitional (1af4:1005, subsystem 4, rev 0) and virtio-blk modern (1af4:1042, subsystem 1100, rev 1) listed"
else
    fail "PCI devices: '$CON_OUT'"
    console_dump 40
fi

console_run 'cat /sys/class/misc/hw_random/rng_current; dd if=/dev/hwrng bs=4096 count=64 2>/dev/null | gzip -c | wc -c' 120
read -r cur gz <<<"$(tr '\n' ' ' <<<"$CON_OUT")"
if [ "${cur:-}" = virtio_rng.0 ] && [ "${gz:-0}" -ge 262144 ]; then
    pass "virtio-rng: rng_current $cur, 256 KiB from /dev/hwrng gzip to $gz bytes"
else
    fail "virtio-rng: '$CON_OUT'"
fi

console_run 'cat /sys/block/vda/size; dd if=/dev/vda bs=65536 count=16 2>/dev/null | md5sum' 120
read -r sectors md5 _ <<<"$(tr '\n' ' ' <<<"$CON_OUT")"
if [ "${sectors:-}" = 16384 ] && [ "${md5:-}" = "$want_md5" ]; then
    pass "virtio-blk: 16384 sectors, the guest reads what the host wrote"
else
    fail "virtio-blk read: '$CON_OUT' (want 16384 sectors, md5 $want_md5)"
fi

# the guest writes 64 KiB of a pattern at 4 MiB and flushes
console_run 'head -c 65536 /dev/zero | tr "\0" "\132" | dd of=/dev/vda bs=65536 seek=64 conv=fsync 2>/dev/null; echo done' 120
got=$(dd if="$disk" bs=65536 skip=64 count=1 status=none | tr -d 'Z' | wc -c)
if [ "$CON_OUT" = done ] && [ "$got" = 0 ] &&
   [ "$(dd if="$disk" bs=65536 skip=64 count=1 status=none | wc -c)" = 65536 ]; then
    pass "virtio-blk: the guest's write (conv=fsync) is in the host file"
else
    fail "virtio-blk write: '$CON_OUT', $got bytes differ in the host file"
fi

# the guest discards the image's second 64 KiB (the host's random data):
# the queue says it can (VIRTIO_BLK_F_DISCARD), blkdiscard succeeds, and
# on powerjit the raw file has a hole there (QEMU's default discard=ignore
# leaves the data)
console_run 'cat /sys/block/vda/queue/discard_max_bytes; blkdiscard -o 65536 -l 65536 /dev/vda && echo discarded' 60
read -r dmax dres _ <<<"$(tr '\n' ' ' <<<"$CON_OUT")"
if [ "${dmax:-0}" -gt 0 ] 2>/dev/null && [ "${dres:-}" = discarded ]; then
    pass "virtio-blk: discard offered ($dmax bytes) and done"
else
    fail "virtio-blk discard: '$CON_OUT'"
fi
if [ "$(boot_emulator)" = powerjit ]; then
    nz=$(dd if="$disk" bs=65536 skip=1 count=1 status=none | tr -d '\0' | wc -c)
    if [ "$nz" = 0 ]; then
        pass "virtio-blk: the discarded range is a hole in the host file"
    else
        fail "virtio-blk discard: $nz bytes still nonzero in the host file"
    fi
fi

console_run 'poweroff -f'
console_exit 30
[ "$CHECK_FAILED" = 0 ]
