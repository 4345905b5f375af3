#!/bin/bash
# A 9p root filesystem on virtio-9p-pci (issue 14).  The host directory
# $T/root holds a busybox root built here (Debian's busybox-static, an
# /sbin/init, a file of numbers); next to it, outside the share, lies
# $T/secret.txt, and the share holds symlinks pointing out at it (relative
# and absolute) and at its parent.  The guest initramfs gets a second /init
# (a second cpio archive replaces the first's: the kernel unpacks them in
# order) that loads the virtio and 9p modules and mounts root=/dev/root
# rootfstype=9p rootflags=trans=virtio,version=9p2000.L, then switch_roots.
#   1. -fsdev local,security_model=none + -device virtio-9p-pci,
#      mount_tag=/dev/root: / is the share, a file the host put there reads
#      back, a file the guest writes is in the host directory with its
#      content, '..' and the symlinks cannot reach the secret;
#   2. a second share given as -virtfs (security_model=mapped-xattr),
#      mounted after boot: a file there, a new file chowned by the guest
#      whose owner the host finds in user.virtfs.uid/gid (skipped where the
#      scratch directory has no user xattrs).
# BOOT_EMULATOR=qemu runs the same checks on QEMU.
# Exit status: 0 pass, 1 fail, 77 skipped (no guest or busybox).
set -u
cd "$(dirname "$0")/../.."
. tests/boot/console.bash
STAGE_TIMEOUT=${STAGE_TIMEOUT:-180}
boot_test_setup
T=$CON_TMP

bbdeb=$(ls build/guest/debs/busybox-static_*.deb 2>/dev/null | head -n 1)
if [ -z "$bbdeb" ]; then
    echo "no busybox-static package in build/guest/debs (scripts/fetch-guest)"
    exit 77
fi
if ! zcat "$INITRD" | cpio -t --quiet 2>/dev/null | grep -q '/9pnet_virtio.ko$'; then
    echo "FAIL: the initramfs has no 9p modules (rerun scripts/fetch-guest)"
    exit 1
fi

# the share: a busybox root
R=$T/root
mkdir -p "$T/pkg" "$R/bin" "$R/sbin" "$R/proc" "$R/sys" "$R/dev" "$R/tmp" \
    "$R/etc" "$R/mnt"
dpkg -x "$bbdeb" "$T/pkg"
cp "$T/pkg/bin/busybox" "$R/bin/busybox"
cat >"$R/sbin/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo "powerjit root: $(cat /etc/pj-id) up"
exec setsid cttyhack sh
INIT
chmod +x "$R/sbin/init"
echo "9p-root-test" >"$R/etc/pj-id"
seq 1 30000 >"$R/etc/numbers.txt"
host_md5=$(md5sum <"$R/etc/numbers.txt" | cut -d' ' -f1)
# outside the share, and the ways a guest might try to reach it
echo "TOPSECRET host file" >"$T/secret.txt"
ln -s ../secret.txt "$R/escape"
ln -s "$T/secret.txt" "$R/abs"
ln -s .. "$R/updir"
# the second share
S=$T/second
mkdir -p "$S"
echo "second share" >"$S/hello.txt"

# the /init that mounts the 9p root
mkdir -p "$T/init"
cat >"$T/init/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo "powerjit guest: $(uname -sr) up (9p init)"
for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev \
         virtio_pci netfs fscache 9pnet 9pnet_virtio 9p; do
    insmod /lib/modules/*/$m.ko 2>/dev/null
done
root= fstype= flags=
for a in $(cat /proc/cmdline); do
    case $a in
    root=*) root=${a#root=} ;;
    rootfstype=*) fstype=${a#rootfstype=} ;;
    rootflags=*) flags=${a#rootflags=} ;;
    esac
done
mkdir -p /newroot
for i in $(seq 50); do
    mount -t "$fstype" -o "$flags" "$root" /newroot 2>/dev/null && break
    sleep 0.2
done
if grep -q ' /newroot ' /proc/mounts; then
    echo "powerjit guest: root $root mounted ($fstype)"
    umount /proc /sys 2>/dev/null
    exec switch_root /newroot /sbin/init
fi
echo "powerjit guest: cannot mount root $root"
exec sh
INIT
chmod +x "$T/init/init"
(cd "$T/init" && echo init | cpio -o -H newc --quiet) >"$T/init.cpio"
cat "$INITRD" "$T/init.cpio" >"$T/initrd"
INITRD=$T/initrd

# can the scratch directory hold user xattrs (mapped-xattr)?
xattrs=no
if command -v python3 >/dev/null && python3 -c "import os,sys; os.setxattr(sys.argv[1], 'user.pj', b'1')" "$S/hello.txt" 2>/dev/null; then
    xattrs=yes
    python3 -c "import os,sys; os.removexattr(sys.argv[1], 'user.pj')" "$S/hello.txt"
fi

guest_cmdline "root=/dev/root rootfstype=9p rootflags=trans=virtio,version=9p2000.L rw console=hvc0" \
    -vga none -nodefaults -serial mon:stdio \
    -fsdev local,id=r0,path="$R",security_model=none \
    -device virtio-9p-pci,fsdev=r0,mount_tag=/dev/root \
    -virtfs local,path="$S",mount_tag=second,security_model=mapped-xattr,id=s0
echo "command: ${EMU[*]}"
console_start "$T/console" "${EMU[@]}"
if console_wait "powerjit root: 9p-root-test up"; then
    pass "the share's /sbin/init runs at $(console_elapsed) s"
else
    fail "no 'powerjit root: 9p-root-test up' within ${STAGE_TIMEOUT} s"
    console_dump 30
    exit 1
fi
console_wait '/ # ' || { fail "no shell prompt"; exit 1; }
console_run "dmesg -n 1; grep ' / ' /proc/mounts | cut -d' ' -f1-3"
expect "/ is the 9p share" "/dev/root / 9p"
console_run 'md5sum < /etc/numbers.txt'
expect "a file the host put there" "$host_md5  -"
console_run "seq 1 40000 > /written.txt && mkdir -p /d1/d2 && echo deep > /d1/d2/f && sync && echo synced" 60
expect "writing to the root" synced
console_run "ls /d1/d2; cat /d1/d2/f; mv /d1/d2/f /d1/g && cat /d1/g; rm /d1/g && rmdir /d1/d2 /d1 && echo removed"
expect "mkdir, mv, rm, rmdir" "f
deep
deep
removed"
console_run "ln -s numbers.txt /etc/nlink && readlink /etc/nlink && md5sum < /etc/nlink"
expect "a symlink made by the guest" "numbers.txt
$host_md5  -"
# leaving the share: '..' at the root is the root, the symlinks are
# resolved by the guest inside its own tree
console_run "cd /..; ls etc/pj-id; cd /; cat /../secret.txt /escape /abs /updir/secret.txt /updir/../secret.txt 2>/dev/null | grep -c TOPSECRET"
expect "'..' and symlinks pointing out do not reach the host file" "etc/pj-id
0"
console_run "readlink /escape; ls /updir/etc/pj-id"
expect "the symlinks are the guest's to follow" "../secret.txt
/updir/etc/pj-id"
console_run "mount -t 9p -o trans=virtio,version=9p2000.L second /mnt && cat /mnt/hello.txt"
expect "the -virtfs share mounted after boot" "second share"
if [ "$xattrs" = yes ]; then
    console_run "echo new > /mnt/made.txt && chown 123:45 /mnt/made.txt && chmod 640 /mnt/made.txt && stat -c '%u %g %a' /mnt/made.txt"
    expect "chown in the mapped-xattr share" "123 45 640"
fi
console_run "umount /mnt && echo unmounted"
expect "the second share unmounted" "unmounted"
console_type $'poweroff -f\r'
console_exit 30
if [ "$CON_STATUS" = 0 ]; then
    pass "poweroff -f: status 0"
else
    fail "poweroff: status $CON_STATUS"
fi

# the host's side
got=$(md5sum <"$R/written.txt" 2>/dev/null | cut -d' ' -f1)
if [ "$got" = "$(seq 1 40000 | md5sum | cut -d' ' -f1)" ]; then
    pass "the guest's file is in the host directory with its content"
else
    fail "written.txt in the host directory: md5 $got"
fi
if [ "$(readlink "$R/etc/nlink")" = numbers.txt ]; then
    pass "the guest's symlink is a host symlink (security_model=none)"
else
    fail "etc/nlink on the host: $(ls -l "$R/etc/nlink" 2>&1)"
fi
if [ "$xattrs" = yes ]; then
    own=$(python3 -c "
import os, struct, sys
p = sys.argv[1]
u = struct.unpack('<I', os.getxattr(p, 'user.virtfs.uid'))[0]
g = struct.unpack('<I', os.getxattr(p, 'user.virtfs.gid'))[0]
m = struct.unpack('<I', os.getxattr(p, 'user.virtfs.mode'))[0]
print(u, g, oct(m))" "$S/made.txt" 2>&1)
    if [ "$own" = "123 45 0o100640" ]; then
        pass "user.virtfs.uid/gid/mode hold the guest's owner and mode"
    else
        fail "the mapped attributes on the host: $own"
    fi
else
    echo "SKIP: no user xattrs in $T: no mapped-xattr check on the host"
fi

[ "${CHECK_FAILED:-0}" = 0 ] && echo "all checks passed"
exit "${CHECK_FAILED:-0}"
