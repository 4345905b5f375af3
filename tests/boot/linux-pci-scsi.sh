#!/bin/bash
# virtio-scsi-pci (issue 14) with a scsi-hd on a raw image on its bus
# (scsi-id 1): the guest's virtio_scsi and sd drivers find
# the disk (/dev/sda of the image's size), read the 1 MiB the host wrote
# into it (same md5) and write 64 KiB with dd conv=fsync that the host
# then finds in the file.  BOOT_EMULATOR=qemu runs the same checks on
# QEMU.  Exit status: 0 pass, 1 fail, 77 skipped (no guest).
set -u
cd "$(dirname "$0")/../.."
. tests/boot/console.bash
boot_test_setup

disk_with_data 16M

guest_cmdline console=hvc0 -vga none -nodefaults -serial mon:stdio \
    -device virtio-scsi-pci,id=scsi0,disable-legacy=on \
    -drive "if=none,id=d0,file=$disk,format=raw" \
    -device scsi-hd,drive=d0,bus=scsi0.0,scsi-id=1,lun=0
echo "command: ${EMU[*]}"
console_start "$CON_TMP/console" "${EMU[@]}"
boot_to_shell scsi || exit 1

console_run 'dmesg -n 1; cd /lib/modules/*; for m in scsi_common scsi_mod virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio_scsi crct10dif_common crct10dif_generic crc-t10dif crc64 crc64-rocksoft t10-pi sd_mod; do [ -e $m.ko ] && insmod ./$m.ko 2>/dev/null; done; cd /; for i in $(seq 200); do [ -e /sys/block/sda/size ] && break; sleep 0.1; done; cat /sys/block/sda/size' 90
if [ "$CON_OUT" = 32768 ]; then
    pass "virtio-scsi: /dev/sda has 32768 sectors"
else
    fail "virtio-scsi: /sys/block/sda/size: '$CON_OUT'"
    console_dump 30
fi

console_run 'dd if=/dev/sda bs=65536 count=16 2>/dev/null | md5sum' 120
if [ "${CON_OUT%% *}" = "$want_md5" ]; then
    pass "virtio-scsi: the guest reads what the host wrote"
else
    fail "virtio-scsi read: '$CON_OUT' (want $want_md5)"
fi

console_run 'head -c 65536 /dev/zero | tr "\0" "\132" | dd of=/dev/sda bs=65536 seek=128 conv=fsync 2>/dev/null; echo done' 120
got=$(dd if="$disk" bs=65536 skip=128 count=1 status=none | tr -d 'Z' | wc -c)
if [ "$CON_OUT" = done ] && [ "$got" = 0 ] &&
   [ "$(dd if="$disk" bs=65536 skip=128 count=1 status=none | wc -c)" = 65536 ]; then
    pass "virtio-scsi: the guest's write (conv=fsync) is in the host file"
else
    fail "virtio-scsi write: '$CON_OUT', $got bytes differ in the host file"
fi

console_run 'poweroff -f'
console_exit 30
[ "$CHECK_FAILED" = 0 ]
