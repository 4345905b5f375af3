#!/bin/bash
# Root filesystems on virtio disks (issue 14): the ext4 image of
# tests/boot/linux-rootfs.sh (busybox-static and the test's own files,
# mke2fs -d) booted with root=DEV through the guest initramfs, whose /init
# gets the virtio modules added here (a second cpio archive after the
# first replaces /init: the kernel unpacks them in order):
#   1. -drive if=virtio (virtio-blk-pci, root=/dev/vda), raw;
#   2. a qcow2 overlay on it by -blockdev driver=file + driver=qcow2 and
#      -device virtio-blk-pci,drive=NODE; qemu-img check accepts it after
#      the boot and its raw view holds both boots' files, the backing file
#      unchanged (skipped without qemu-img);
#   3. -device virtio-scsi-pci + scsi-hd (root=/dev/sda), raw.
# Each boot checks / is the disk, rw, a file the host put there, writes a
# file with dd conv=fsync and powers off; the host finds the file in the
# image with debugfs.  BOOT_EMULATOR=qemu runs the same checks on QEMU.
# Exit status: 0 pass, 1 fail, 77 skipped (no guest, mke2fs or busybox).
set -u
cd "$(dirname "$0")/../.."
. tests/boot/console.bash
. tests/boot/rootfs.bash
# the first stage waits for the kernel, the modules and the root mount at
# once: generous, for a loaded CI machine
STAGE_TIMEOUT=${STAGE_TIMEOUT:-180}
boot_test_setup
T=$CON_TMP
rootfs_setup

virtio_initrd || exit 1

# no VGA (QEMU has no VGA ROM here), the console on the serial line
PCI_ARGS=(-vga none -nodefaults -serial mon:stdio)

boot_root vda /dev/vda "1 40000" "${PCI_ARGS[@]}" \
    -drive file="$T/root.img",if=virtio,format=raw
host_file "$T/root.img" written-vda.txt "$(seq 1 40000 | md5sum | cut -d' ' -f1)"

qcow2_round /dev/vda written-vda.txt "${PCI_ARGS[@]}" \
    -device virtio-blk-pci,drive=q0

boot_root scsi /dev/sda "5 50000" "${PCI_ARGS[@]}" \
    -device virtio-scsi-pci,id=vs0 \
    -drive file="$T/root.img",if=none,id=d0,format=raw \
    -device scsi-hd,drive=d0,bus=vs0.0
host_file "$T/root.img" written-scsi.txt "$(seq 5 50000 | md5sum | cut -d' ' -f1)"

[ "${CHECK_FAILED:-0}" = 0 ] && echo "all checks passed"
exit "${CHECK_FAILED:-0}"
