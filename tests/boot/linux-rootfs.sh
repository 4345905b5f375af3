#!/bin/bash
# Booting a root filesystem from a disk on spapr-vscsi:
#   -kernel vmlinux -initrd initramfs -append 'root=/dev/sda rw console=hvc0'
# The root is a small ext4 image made here (mke2fs -d, no root needed)
# from Debian's busybox-static (the package fetch-guest keeps) and the
# test's own files: an /sbin/init that says "powerjit root: up" and runs a
# shell.  The initramfs loads the vscsi and ext4 modules, mounts root= and
# switch_roots to it (scripts/fetch-guest's /init).
#   1. raw: -drive file=root.img,if=none,id=d0,format=raw + scsi-hd: the
#      guest sees / as /dev/sda ext4 rw, reads a file the host put there,
#      writes one with dd conv=fsync; after poweroff the host finds it in
#      root.img (debugfs).
#   2. qcow2 over the raw image as its backing file, given with -blockdev
#      (driver=file + driver=qcow2 nodes) and -device scsi-hd,drive=NODE:
#      the same boot and write; afterwards `qemu-img check` accepts the
#      overlay, the written file is in `qemu-img convert`'s raw view of it,
#      and the backing file is unchanged.  (Skipped without qemu-img.)
#
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

boot_root raw /dev/sda "1 40000" \
    -drive file="$T/root.img",if=none,id=d0,format=raw \
    -device spapr-vscsi,id=scsi0 -device scsi-hd,drive=d0,bus=scsi0.0
host_file "$T/root.img" written-raw.txt "$(seq 1 40000 | md5sum | cut -d' ' -f1)"

qcow2_round /dev/sda written-raw.txt \
    -device spapr-vscsi,id=scsi0 -device scsi-hd,drive=q0,bus=scsi0.0

[ "${CHECK_FAILED:-0}" = 0 ] && echo "all checks passed"
exit "${CHECK_FAILED:-0}"
