#!/bin/bash
# Booting an installed system from its disk, the way a Debian ppc64el
# install boots on pseries: no -kernel, so SLOF (Debian's qemu-system-data
# slof.bin, the default firmware when no -kernel is given, as in QEMU)
# reads the disk's PReP partition (MBR type 0x41), whose ELF is GRUB for
# powerpc-ieee1275 (made here by the host's grub-mkimage from Debian's
# grub-ieee1275-bin:ppc64el modules); GRUB reads its grub.cfg from the ext4
# partition (found by its label), loads the kernel and the initramfs from
# /boot, and passes the command line through SLOF's client interface; the
# initramfs mounts /dev/sda2 (or /dev/vda2) and runs the disk's /sbin/init.
# The same disk boots on spapr-vscsi and as virtio-blk-pci.
#
# Expected: SLOF's "Successfully loaded" and GRUB's banner (SLOF's and
# GRUB's own messages), the grub.cfg command line in the guest's
# /proc/cmdline (GRUB prefixes BOOT_IMAGE=, as it documents), the root on
# the disk's second partition, a file the host put there, and the guest's
# write seen in the host's image afterwards.
#
# Exit status: 0 pass, 1 fail, 77 skipped (no slof.bin, grub-mkimage,
# sfdisk or mke2fs on the host, or the GRUB package neither downloadable
# nor cached).  BOOT_EMULATOR=qemu runs it on QEMU.
set -u
cd "$(dirname "$0")/../.."
. tests/boot/console.bash
. tests/boot/rootfs.bash
boot_test_setup
T=$CON_TMP
PATH=$PATH:/sbin:/usr/sbin

for tool in grub-mkimage sfdisk mke2fs debugfs; do
    if ! command -v $tool >/dev/null; then
        echo "$tool is not installed (scripts/install-deps adds grub-common, fdisk and e2fsprogs)"
        exit 77
    fi
done
if [ ! -r /usr/share/qemu/slof.bin ]; then
    echo "no /usr/share/qemu/slof.bin (scripts/install-deps adds qemu-system-data)"
    exit 77
fi
bbdeb=$(ls build/guest/debs/busybox-static_*.deb 2>/dev/null | head -n 1)
[ -n "$bbdeb" ] || { echo "no busybox-static package in build/guest/debs"; exit 77; }

# GRUB's powerpc-ieee1275 modules, cached by package file name
cache=${XDG_CACHE_HOME:-$HOME/.cache}/powerjit/grub
mkdir -p "$cache"
name=$(apt-get download --print-uris grub-ieee1275-bin:ppc64el 2>/dev/null | awk '{print $2}' | head -n 1)
if [ -n "$name" ] && [ ! -s "$cache/$name" ]; then
    (cd "$T" && apt-get download grub-ieee1275-bin:ppc64el >/dev/null 2>&1) &&
        mv "$T"/grub-ieee1275-bin_*.deb "$cache/$name"
fi
grubdeb=${name:+$cache/$name}
[ -n "$grubdeb" ] && [ -s "$grubdeb" ] || grubdeb=$(ls -t "$cache"/grub-ieee1275-bin_*.deb 2>/dev/null | head -n 1)
if [ -z "$grubdeb" ] || [ ! -s "$grubdeb" ]; then
    echo "grub-ieee1275-bin:ppc64el is neither downloadable (apt-get download) nor cached in $cache"
    exit 77
fi
echo "GRUB modules: $grubdeb"

# the disk: 1 MiB gap, a 4 MiB PReP partition, then ext4 to the end
dpkg -x "$grubdeb" "$T/grub"
dpkg -x "$bbdeb" "$T/pkg"
mods=$T/grub/usr/lib/grub/powerpc-ieee1275
cat >"$T/early.cfg" <<'EOF'
search.fs_label pjboot root
set prefix=($root)/boot/grub
EOF
grub-mkimage -d "$mods" -O powerpc-ieee1275 -c "$T/early.cfg" -p /boot/grub \
    -o "$T/core.elf" part_msdos ext2 search_label normal linux echo configfile ||
    { echo "FAIL: grub-mkimage"; exit 1; }
r=$T/root
mkdir -p "$r/bin" "$r/sbin" "$r/proc" "$r/sys" "$r/dev" "$r/tmp" "$r/etc" "$r/boot/grub"
cp "$T/pkg/bin/busybox" "$r/bin/busybox"
cat >"$r/sbin/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
echo "powerjit disk: $(cat /etc/pj-id) up"
exec setsid cttyhack sh
INIT
chmod +x "$r/sbin/init"
echo "grub-disk" >"$r/etc/pj-id"
virtio_initrd || exit 1
cp "$KERNEL" "$r/boot/vmlinux"
cp "$INITRD" "$r/boot/initrd.img"
cat >"$r/boot/grub/grub.cfg" <<'EOF'
set timeout=0
menuentry 'powerjit disk' {
    linux /boot/vmlinux root=/dev/ROOTDEV rw console=hvc0 pj.grub=yes
    initrd /boot/initrd.img
}
EOF
disk=$T/disk.img
start2=10240
make_disk() { # ROOTDEV
    sed -i "s|root=/dev/[A-Za-z0-9]*|root=/dev/$1|" "$r/boot/grub/grub.cfg"
    rm -f "$disk"
    truncate -s 160M "$disk"
    printf 'label: dos\nstart=2048, size=8192, type=41, bootable\nstart=%s, type=83\n' \
        $start2 | sfdisk -q "$disk" || return 1
    mke2fs -q -F -t ext4 -d "$r" -L pjboot -E offset=$((start2 * 512)) "$disk" \
        $(( (160 * 1024 - start2 / 2) ))k || return 1
    dd if="$T/core.elf" of="$disk" bs=512 seek=2048 conv=notrunc status=none
}

# boot_disk WHAT ROOTDEV EMULATOR-ARGS...
boot_disk() {
    local what=$1 dev=$2 m
    shift 2
    make_disk "$dev" || { fail "$what: could not make the disk"; return 1; }
    if [ "$(boot_emulator)" = qemu ]; then
        EMU=(qemu-system-ppc64 -M pseries -m 1G -nographic -vga none "$@")
    else
        EMU=("$POWERJIT" -M pseries -m 1G -nographic "$@")
    fi
    echo "command: ${EMU[*]}"
    console_start "$T/console-$what" "${EMU[@]}"
    for m in 'Successfully loaded' 'Welcome to GRUB' '] Linux version' \
        'powerjit disk: grub-disk up' '/ # '; do
        if console_wait "$m" $((2 * STAGE_TIMEOUT)); then
            pass "$what: '$m' at $(console_elapsed) s"
        else
            fail "$what: no '$m' within $((2 * STAGE_TIMEOUT)) s"
            console_dump 60
            console_stop
            return 1
        fi
    done
    console_run "dmesg -n 1; cat /proc/cmdline"
    expect "$what: GRUB's command line" \
        "BOOT_IMAGE=/boot/vmlinux root=/dev/$dev rw console=hvc0 pj.grub=yes"
    console_run "grep ' / ' /proc/mounts | cut -d' ' -f1-3"
    expect "$what: / is the disk's ext4" "/dev/$dev / ext4"
    console_run "head -c 9 /boot/grub/grub.cfg"
    expect "$what: the grub.cfg GRUB read" "set timeo"
    console_run "echo $what-wrote > /written.txt && sync && echo synced" 60
    expect "$what: a write to the root" synced
    console_type "poweroff -f"$'\r'
    console_exit 60
    if [ "$CON_STATUS" = 0 ]; then
        pass "$what: powered off"
    else
        fail "$what: emulator status $CON_STATUS after poweroff -f"
    fi
    got=$(debugfs -R "cat /written.txt" "$disk?offset=$((start2 * 512))" 2>/dev/null)
    if [ "$got" = "$what-wrote" ]; then
        pass "$what: the host reads the guest's write from the image"
    else
        fail "$what: the image holds '$got', not '$what-wrote'"
    fi
}

boot_disk vscsi sda2 -drive "file=$disk,format=raw"
boot_disk virtio vda2 -drive "if=none,id=d0,file=$disk,format=raw" \
    -device virtio-blk-pci,drive=d0
[ "$CHECK_FAILED" = 0 ] && echo "all cases passed"
exit $((CHECK_FAILED > 0))
