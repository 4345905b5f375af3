#!/bin/bash
# An installed Debian on a disk, for `make check-full` (skipped unless
# FULL=1): the bookworm ppc64el system scripts/debian-rootfs debootstraps
# (its second stage ran in powerjit; the image is cached), booted as CI rigs
# boot a root image:
#   -kernel vmlinux -initrd initramfs -append 'root=/dev/sda rw console=hvc0'
#   -smp 2 -m 2G, the disk a qcow2 overlay whose backing file is the cached
#   raw image (so the cache stays as it was built)
# systemd runs as PID 1 and gives a login prompt on hvc0; the test logs in
# as root (no password) and checks: the release is bookworm, PID 1 is
# systemd, `systemctl is-system-running --wait` says running (else the
# failed units are shown), dpkg knows of no half-installed package, both
# CPUs are online, no kernel warning, oops or BUG; it writes a file with
# dd conv=fsync and powers off with `systemctl poweroff` (the whole systemd
# shutdown); the emulator exits with status 0, `qemu-img check` accepts the
# overlay, and the file is in its raw view.
#
# Exit status: 0 pass, 1 fail, 77 skipped (not FULL, no guest, the image
# cannot be built here: not root, no debootstrap, no mirror, no qemu-img).
set -u
cd "$(dirname "$0")/../.."
if [ "${FULL:-0}" != 1 ]; then
    echo "skipped: the debootstrapped Debian boot is part of make check-full (FULL=1)"
    exit 77
fi
. tests/boot/console.bash
. tests/boot/rootfs.bash
STAGE_TIMEOUT=${STAGE_TIMEOUT:-120}
boot_test_setup
T=$CON_TMP
if ! command -v qemu-img >/dev/null; then
    echo "qemu-img is not installed (Debian's qemu-utils): no overlay to boot"
    exit 77
fi
PATH=$PATH:/sbin:/usr/sbin

img=$(POWERJIT=$POWERJIT GUEST_KERNEL=$KERNEL GUEST_INITRD=$INITRD scripts/debian-rootfs)
rc=$?
case $rc in
0) pass "the Debian image: $img" ;;
77) exit 77 ;;
*)
    fail "scripts/debian-rootfs could not build the image (status $rc)"
    exit 1
    ;;
esac

qemu-img create -q -f qcow2 -b "$img" -F raw "$T/debian.qcow2"
guest_cmdline "root=/dev/sda rw console=hvc0" -m 2G -smp 2 \
    -drive file="$T/debian.qcow2",format=qcow2,if=none,id=d0 \
    -device spapr-vscsi,id=scsi0 -device scsi-hd,drive=d0,bus=scsi0.0
echo "command: ${EMU[*]}"
console_start "$T/console" "${EMU[@]}"
for m in 'Run /init' 'root /dev/sda mounted rw' 'systemd[1]: ' 'pjdebian login: '; do
    if console_wait "$m" 300; then
        pass "'$m' at $(console_elapsed) s"
    else
        fail "no '$m' (emulator $(console_alive && echo running || echo exited))"
        console_dump 40
        exit 1
    fi
done
console_type $'root\r'
if console_wait 'root@pjdebian:~# ' 120; then
    pass "logged in as root at $(console_elapsed) s"
else
    fail "no shell prompt after logging in"
    console_dump 20
    exit 1
fi
console_run ". /etc/os-release; echo \$VERSION_CODENAME"
expect "the release" bookworm
console_run "readlink /proc/1/exe"
expect "PID 1" /usr/lib/systemd/systemd
console_run "systemctl is-system-running --wait" 300
expect "systemd's state" running
if [ "$CON_OUT" != running ]; then
    console_run "systemctl --failed --no-legend --plain | cut -d' ' -f1"
    sed 's/^/    | failed unit: /' <<<"$CON_OUT"
fi
console_run "dpkg --audit; echo audit \$?"
expect "dpkg --audit" "audit 0"
console_run "nproc"
expect "CPUs online" 2
expect_clean_dmesg "" 'WARNING:|Oops|BUG:|stalls|lockup'
console_run "seq 3 7 70000 >/root/written.txt && sync && dd if=/root/written.txt of=/root/fsynced.txt bs=4k conv=fsync 2>/dev/null && echo synced" 120
expect "dd conv=fsync" synced
console_type $'systemctl poweroff\r'
console_exit 180
if [ "$CON_STATUS" = 0 ]; then
    pass "systemctl poweroff: the emulator exits with status 0 at $(console_elapsed) s"
else
    fail "systemctl poweroff: emulator exit status $CON_STATUS"
    console_dump 20
fi
if out=$(qemu-img check "$T/debian.qcow2" 2>&1); then
    pass "qemu-img check accepts the overlay"
else
    fail "qemu-img check: $out"
fi
qemu-img convert -O raw "$T/debian.qcow2" "$T/view.raw"
host_file "$T/view.raw" root/fsynced.txt "$(seq 3 7 70000 | md5sum | cut -d' ' -f1)"

[ "$CHECK_FAILED" = 0 ] && echo "all checks passed"
exit "$CHECK_FAILED"
