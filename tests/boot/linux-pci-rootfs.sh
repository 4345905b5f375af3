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
if ! command -v mke2fs >/dev/null || ! command -v debugfs >/dev/null; then
    PATH=$PATH:/sbin:/usr/sbin
fi
if ! command -v mke2fs >/dev/null || ! command -v debugfs >/dev/null; then
    echo "mke2fs/debugfs not installed (scripts/install-deps adds e2fsprogs)"
    exit 77
fi
# the first stage waits for the kernel, the modules and the root mount at
# once: generous, for a loaded CI machine
STAGE_TIMEOUT=${STAGE_TIMEOUT:-180}
boot_test_setup
T=$CON_TMP
bbdeb=$(ls build/guest/debs/busybox-static_*.deb 2>/dev/null | head -n 1)
if [ -z "$bbdeb" ]; then
    echo "no busybox-static package in build/guest/debs (scripts/fetch-guest)"
    exit 77
fi

# the initramfs's /init with the virtio drivers loaded after sd_mod
mkdir -p "$T/init"
zcat "$INITRD" | (cd "$T/init" && cpio -i --quiet init)
virtio_mods="virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio_blk virtio_scsi"
sed -i "s/ sd_mod / sd_mod $virtio_mods /" "$T/init/init"
if ! grep -q " sd_mod $virtio_mods " "$T/init/init"; then
    fail "the initramfs /init has no module list to add the virtio drivers to"
    exit 1
fi
(cd "$T/init" && echo init | cpio -o -H newc --quiet) >"$T/init.cpio"
cat "$INITRD" "$T/init.cpio" >"$T/initrd"
INITRD=$T/initrd

mkdir -p "$T/pkg" "$T/root/bin" "$T/root/sbin" "$T/root/proc" "$T/root/sys" \
    "$T/root/dev" "$T/root/tmp" "$T/root/etc"
dpkg -x "$bbdeb" "$T/pkg"
cp "$T/pkg/bin/busybox" "$T/root/bin/busybox"
cat >"$T/root/sbin/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo "powerjit root: $(cat /etc/pj-id) up"
exec setsid cttyhack sh
INIT
chmod +x "$T/root/sbin/init"
echo "rootfs-test" >"$T/root/etc/pj-id"
seq 1 30000 >"$T/root/etc/numbers.txt"
host_md5=$(md5sum <"$T/root/etc/numbers.txt" | cut -d' ' -f1)
mke2fs -q -F -t ext4 -d "$T/root" -L pjroot "$T/root.img" 48M

expect() {
    if [ -z "$CON_RC" ]; then
        fail "$1: no answer within ${STAGE_TIMEOUT} s"
        console_dump 30
    elif [ "$CON_OUT" = "$2" ]; then
        pass "$1: $2"
    else
        fail "$1: got '$CON_OUT', want '$2'"
    fi
}

# boot_root WHAT DEV SEQ-ARGS DRIVE-ARGS...: boots with root=DEV, checks
# the root, writes /written-WHAT.txt (seq SEQ-ARGS) and powers off
boot_root() {
    local what=$1 dev=$2 seqargs=$3
    shift 3
    guest_cmdline "root=$dev rw console=hvc0" -vga none -nodefaults \
        -serial mon:stdio "$@"
    echo "command: ${EMU[*]}"
    console_start "$T/console-$what" "${EMU[@]}"
    if console_wait "powerjit root: rootfs-test up"; then
        pass "$what: the disk's /sbin/init runs at $(console_elapsed) s"
    else
        fail "$what: no 'powerjit root: rootfs-test up' within ${STAGE_TIMEOUT} s"
        console_dump 30
        console_stop
        return 1
    fi
    console_wait '/ # ' || { fail "$what: no shell prompt"; console_stop; return 1; }
    console_run "dmesg -n 1; grep ' / ' /proc/mounts | cut -d' ' -f1-3"
    expect "$what: / is the disk" "$dev / ext4"
    console_run "grep ' / ' /proc/mounts | cut -d' ' -f4 | cut -d, -f1"
    expect "$what: / is mounted" "rw"
    console_run 'md5sum < /etc/numbers.txt'
    expect "$what: a file the host put there" "$host_md5  -"
    console_run "seq $seqargs > /tmp/w && dd if=/tmp/w of=/written-$what.txt bs=4k conv=fsync 2>/dev/null && sync && echo synced" 60
    expect "$what: dd conv=fsync to the root" synced
    console_type $'poweroff -f\r'
    console_exit 30
    if [ "$CON_STATUS" = 0 ]; then
        pass "$what: poweroff -f: status 0"
    else
        fail "$what: poweroff: status $CON_STATUS"
    fi
}

# host_file IMAGE NAME WANT-MD5: debugfs finds NAME in IMAGE with that md5
host_file() {
    local got
    got=$(debugfs -R "cat /$2" "$1" 2>/dev/null | md5sum | cut -d' ' -f1)
    if [ "$got" = "$3" ]; then
        pass "$2 in the host image holds what the guest wrote"
    else
        fail "$2 in the host image: md5 $got, want $3"
    fi
}

boot_root vda /dev/vda "1 40000" \
    -drive file="$T/root.img",if=virtio,format=raw
host_file "$T/root.img" written-vda.txt "$(seq 1 40000 | md5sum | cut -d' ' -f1)"

if command -v qemu-img >/dev/null; then
    base_md5=$(md5sum <"$T/root.img" | cut -d' ' -f1)
    qemu-img create -q -f qcow2 -b "$T/root.img" -F raw "$T/overlay.qcow2"
    boot_root qcow2 /dev/vda "7 3 90000" \
        -blockdev driver=file,filename="$T/overlay.qcow2",node-name=f0 \
        -blockdev driver=qcow2,file=f0,node-name=q0 \
        -device virtio-blk-pci,drive=q0
    if out=$(qemu-img check "$T/overlay.qcow2" 2>&1); then
        pass "qemu-img check accepts the overlay"
    else
        fail "qemu-img check: $out"
    fi
    qemu-img convert -O raw "$T/overlay.qcow2" "$T/view.raw"
    host_file "$T/view.raw" written-qcow2.txt "$(seq 7 3 90000 | md5sum | cut -d' ' -f1)"
    host_file "$T/view.raw" written-vda.txt "$(seq 1 40000 | md5sum | cut -d' ' -f1)"
    if [ "$(md5sum <"$T/root.img" | cut -d' ' -f1)" = "$base_md5" ]; then
        pass "the backing file is unchanged"
    else
        fail "the backing file changed"
    fi
    rm -f "$T/view.raw"
else
    echo "SKIP: qemu-img not installed (Debian's qemu-utils): no qcow2 part"
fi

boot_root scsi /dev/sda "5 50000" \
    -device virtio-scsi-pci,id=vs0 \
    -drive file="$T/root.img",if=none,id=d0,format=raw \
    -device scsi-hd,drive=d0,bus=vs0.0
host_file "$T/root.img" written-scsi.txt "$(seq 5 50000 | md5sum | cut -d' ' -f1)"

[ "${CHECK_FAILED:-0}" = 0 ] && echo "all checks passed"
exit "${CHECK_FAILED:-0}"
