# tests/boot/rootfs.bash: what linux-rootfs.sh (spapr-vscsi) and
# linux-pci-rootfs.sh (virtio) share: a small ext4 root image made here
# (mke2fs -d, no root needed) from Debian's busybox-static and the test's
# own files, an /sbin/init that says "powerjit root: rootfs-test up" and
# runs a shell; a boot with root=DEV that checks and writes it; the host's
# look into the image afterwards; the qcow2-overlay round.
# Source it after tests/boot/console.bash; rootfs_setup after
# boot_test_setup.

# the tools first (exit 77 without them), then $T/root.img and $host_md5
rootfs_setup() {
    if ! command -v mke2fs >/dev/null || ! command -v debugfs >/dev/null; then
        PATH=$PATH:/sbin:/usr/sbin
    fi
    if ! command -v mke2fs >/dev/null || ! command -v debugfs >/dev/null; then
        echo "mke2fs/debugfs not installed (scripts/install-deps adds e2fsprogs)"
        exit 77
    fi
    local bbdeb
    bbdeb=$(ls build/guest/debs/busybox-static_*.deb 2>/dev/null | head -n 1)
    if [ -z "$bbdeb" ]; then
        echo "no busybox-static package in build/guest/debs (scripts/fetch-guest)"
        exit 77
    fi
    mkdir -p "$T/pkg" "$T/root/bin" "$T/root/sbin" "$T/root/proc" \
        "$T/root/sys" "$T/root/dev" "$T/root/tmp" "$T/root/etc"
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
}

# virtio_initrd: $T/initrd, the guest initramfs whose /init also loads the
# virtio drivers after sd_mod (a second cpio archive after the first
# replaces /init: the kernel unpacks them in order); INITRD names it
virtio_initrd() {
    mkdir -p "$T/init"
    zcat "$INITRD" | (cd "$T/init" && cpio -i --quiet init)
    local mods="virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio_blk virtio_scsi"
    sed -i "s/ sd_mod / sd_mod $mods /" "$T/init/init"
    if ! grep -q " sd_mod $mods " "$T/init/init"; then
        fail "the initramfs /init has no module list to add the virtio drivers to"
        return 1
    fi
    (cd "$T/init" && echo init | cpio -o -H newc --quiet) >"$T/init.cpio"
    cat "$INITRD" "$T/init.cpio" >"$T/initrd"
    INITRD=$T/initrd
}

# boot_root WHAT DEV SEQ-ARGS EMULATOR-ARGS...: boots with root=DEV, checks
# the root, writes /written-WHAT.txt (seq SEQ-ARGS) and powers off
boot_root() {
    local what=$1 dev=$2 seqargs=$3
    shift 3
    guest_cmdline "root=$dev rw console=hvc0" "$@"
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

# qcow2_round DEV PREV DEVICE-ARGS...: a qcow2 overlay on root.img (the
# -blockdev node q0, which DEVICE-ARGS attach) booted with root=DEV; after
# it qemu-img check accepts the overlay, its raw view holds this boot's
# file and PREV (the earlier boot's, seq 1 40000), root.img is unchanged.
# Skipped without qemu-img.
qcow2_round() {
    local dev=$1 prev=$2 base_md5
    shift 2
    if ! command -v qemu-img >/dev/null; then
        echo "SKIP: qemu-img not installed (Debian's qemu-utils): no qcow2 part"
        return 0
    fi
    base_md5=$(md5sum <"$T/root.img" | cut -d' ' -f1)
    qemu-img create -q -f qcow2 -b "$T/root.img" -F raw "$T/overlay.qcow2"
    boot_root qcow2 "$dev" "7 3 90000" \
        -blockdev driver=file,filename="$T/overlay.qcow2",node-name=f0 \
        -blockdev driver=qcow2,file=f0,node-name=q0 "$@"
    if out=$(qemu-img check "$T/overlay.qcow2" 2>&1); then
        pass "qemu-img check accepts the overlay"
    else
        fail "qemu-img check: $out"
    fi
    qemu-img convert -O raw "$T/overlay.qcow2" "$T/view.raw"
    host_file "$T/view.raw" written-qcow2.txt "$(seq 7 3 90000 | md5sum | cut -d' ' -f1)"
    host_file "$T/view.raw" "$prev" "$(seq 1 40000 | md5sum | cut -d' ' -f1)"
    if [ "$(md5sum <"$T/root.img" | cut -d' ' -f1)" = "$base_md5" ]; then
        pass "the backing file is unchanged"
    else
        fail "the backing file changed"
    fi
    rm -f "$T/view.raw"
}
