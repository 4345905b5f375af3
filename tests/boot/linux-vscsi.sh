#!/bin/bash
# Disks on spapr-vscsi: boots Debian's kernel with the busybox initramfs and
#   -drive file=disk.img,if=none,id=d0,format=raw
#   -device spapr-vscsi,id=scsi0 -device scsi-hd,drive=d0,bus=scsi0.0
#   -drive file=ro.img,...,readonly=on on scsi-id 1
#   -cdrom cd.img (if=scsi: a second adapter, scsi-id 2)
# The disk is an ext4 image made here from the test's own files
# (mke2fs -d).  The guest loads the vio SCSI modules, mounts /dev/sda and
# reads a file the host wrote (its md5sum is the host's), writes a file
# with dd conv=fsync and unmounts; after power-off the host reads that
# file back from the image (debugfs) and compares it with what it
# generated itself.  The read-only disk refuses a write; the CD-ROM image
# reads back byte for byte.  Also: a second powerjit on the same image is
# refused (the image is locked), and bad -device/-drive lines fail with
# one line and exit status 1.  The NVRAM is a blank file given with
# -drive if=pflash: afterwards it holds the partitions the kernel made.
#
# Exit status: 0 pass, 1 fail, 77 skipped (no guest, or no mke2fs).
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
boot_test_setup

T=$CON_TMP
mkdir -p "$T/root"
seq 1 20000 >"$T/root/numbers.txt"
echo "hello from the host" >"$T/root/hello.txt"
host_md5=$(md5sum <"$T/root/numbers.txt" | cut -d' ' -f1)
mke2fs -q -F -t ext4 -d "$T/root" -L pjdisk "$T/disk.img" 32M
truncate -s 4M "$T/ro.img"
# the CD-ROM: 64 blocks of 2 KiB, numbered lines the host can regenerate
seq 1 30000 | head -c $((64 * 2048)) >"$T/cd.img"
cd_md5=$(md5sum <"$T/cd.img" | cut -d' ' -f1)
# a blank NVRAM file: the machine formats it, and the kernel adds its
# partitions (ibm,rtas-log, lnx,oops-log) to it through nvram-store
head -c 65536 /dev/zero >"$T/nvram.bin"

# bad input first: each one clear line, status 1
bad() {
    local want=$1 out rc
    shift
    out=$("$POWERJIT" -M pseries -nographic -kernel "$KERNEL" "$@" </dev/null 2>&1)
    rc=$?
    if [ $rc -eq 1 ] && [ "$(wc -l <<<"$out")" -eq 1 ] && grep -q -- "$want" <<<"$out"; then
        pass "bad input ($*): $out"
    else
        fail "bad input ($*): status $rc, want 1 and one line with '$want'; got: $out"
    fi
}
bad "Could not open" -drive file="$T/missing.img",format=raw
bad "Bus 'nope.0' not found" -drive file="$T/ro.img",if=none,id=x,format=raw \
    -device spapr-vscsi,id=s -device scsi-hd,drive=x,bus=nope.0
bad "already in use" -drive file="$T/ro.img",if=none,id=x,format=raw,readonly=on \
    -drive file="$T/cd.img",if=none,id=y,format=raw,readonly=on \
    -device spapr-vscsi,id=s -device scsi-hd,drive=x,bus=s.0,scsi-id=1 \
    -device scsi-hd,drive=y,bus=s.0,scsi-id=1
bad "must be 65536" -drive if=pflash,file="$T/ro.img",format=raw
bad "Unknown driver" -drive file="$T/ro.img",format=vmdk
bad "not a valid device model" -device no-such-device
bad "Property 'spapr-vscsi.foo' not found" -device spapr-vscsi,foo=1

# SLOF (Debian's qemu-system-data) finds the disk and the CD-ROM on the
# adapter: it scans with REPORT LUNS and INQUIRY and lists what it found
SLOF=${SLOF:-/usr/share/qemu/slof.bin}
if [ -r "$SLOF" ]; then
    # until both lines are there (or 180 s, or SLOF ended): a loaded
    # machine may take long to get to the SCSI scan
    "$POWERJIT" -M pseries -m 1G -nographic -bios "$SLOF" \
        -drive file="$T/ro.img",format=raw,readonly=on -cdrom "$T/cd.img" \
        </dev/null >"$T/slof.log" 2>&1 &
    slof_pid=$!
    for _ in $(seq 1800); do
        grep -a -q -E 'DISK *: "QEMU *QEMU HARDDISK' "$T/slof.log" &&
            grep -a -q -E 'CD-ROM *: "QEMU *QEMU CD-ROM' "$T/slof.log" && break
        kill -0 "$slof_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill "$slof_pid" 2>/dev/null
    wait "$slof_pid" 2>/dev/null
    for want in 'DISK *: "QEMU *QEMU HARDDISK' 'CD-ROM *: "QEMU *QEMU CD-ROM'; do
        if grep -a -q -E "$want" "$T/slof.log"; then
            pass "SLOF lists $(grep -a -o -E "$want" "$T/slof.log" | head -n 1)"
        else
            fail "SLOF does not list '$want'"
            grep -a -A3 'Looking for devices' "$T/slof.log" | sed 's/^/    | /'
        fi
    done
fi

# -global spapr-nvram.drive=: a blank file is formatted at start-up as the
# CHRP binding says firmware leaves it (console.bash's make_nvram builds
# those bytes independently)
head -c 65536 /dev/zero >"$T/nvram2.bin"
make_nvram "$T/nvram-want.bin"
if [ -e build/isa/smoke-be.elf ]; then
    timeout 30 "$POWERJIT" -M pseries -nographic -kernel build/isa/smoke-be.elf \
        -drive if=none,id=nv,file="$T/nvram2.bin",format=raw \
        -global spapr-nvram.drive=nv </dev/null >/dev/null 2>&1
    if cmp -s "$T/nvram2.bin" "$T/nvram-want.bin"; then
        pass "-global spapr-nvram.drive: a blank NVRAM file is formatted"
    else
        fail "-global spapr-nvram.drive: the NVRAM file is not the formatted blank one"
    fi
fi

guest_cmdline console=hvc0 \
    -drive file="$T/disk.img",if=none,id=d0,format=raw,cache=writeback \
    -drive file="$T/ro.img",if=none,id=d1,format=raw,readonly=on \
    -device spapr-vscsi,id=scsi0 \
    -device scsi-hd,drive=d0,bus=scsi0.0,scsi-id=0 \
    -device scsi-hd,drive=d1,bus=scsi0.0,scsi-id=1 \
    -drive file="$T/cd.img",if=scsi,media=cdrom,index=2,format=raw \
    -drive if=pflash,file="$T/nvram.bin",format=raw
echo "command: ${EMU[*]}"
console_start "$T/console" "${EMU[@]}"
boot_to_shell boot || exit 1

# a second emulator on the same writable image is refused while this runs
out=$("$POWERJIT" -M pseries -nographic -kernel "$KERNEL" \
    -drive file="$T/disk.img",format=raw </dev/null 2>&1)
rc=$?
if [ $rc -eq 1 ] && grep -q 'lock' <<<"$out"; then
    pass "second writer refused: $out"
else
    fail "second writer: status $rc: $out"
fi

console_run "dmesg -n 1; cd /lib/modules/*/ && for m in scsi_transport_srp ibmvscsi crct10dif_common crct10dif_generic crc-t10dif crc64 crc64-rocksoft t10-pi sd_mod cdrom sr_mod crc16 mbcache jbd2 crc32c_generic libcrc32c ext4; do insmod \$m.ko 2>/dev/null; done; cd /; echo loaded"
expect "modules loaded" loaded
# the disks show up (sd probes asynchronously)
console_run 'for i in $(seq 100); do [ -b /dev/sdb ] && [ -b /dev/sr0 ] && break; sleep 0.2; done; ls -1 /dev/sda /dev/sdb /dev/sr0'
expect "block devices" "$(printf '/dev/sda\n/dev/sdb\n/dev/sr0')"
# sd probes in parallel: which of sda and sdb is scsi-id 0 varies; the
# SCSI address (host:channel:target:lun) in sysfs says
console_run 'for t in 0 1; do basename /sys/bus/scsi/devices/0:0:$t:0/block/*; done'
set -- $CON_OUT
RW=${1:-sda} RO=${2:-sdb}
console_run "cat /sys/block/$RW/size /sys/block/$RO/size"
expect "disk sizes in 512-byte sectors" "$(printf '%s\n%s' $((32 << 11)) $((4 << 11)))"
console_run "cat /sys/block/$RW/device/vendor /sys/block/$RW/device/model"
expect "INQUIRY vendor and model" "$(printf 'QEMU    \nQEMU HARDDISK   ')"
console_run "cat /sys/block/$RO/ro /sys/block/$RW/ro"
expect "read-only flag" "$(printf '1\n0')"

console_run "mkdir -p /mnt && mount -t ext4 /dev/$RW /mnt && echo mounted" 60
expect "mount /dev/$RW" mounted
console_run 'cat /mnt/hello.txt'
expect "read a file" "hello from the host"
console_run 'md5sum < /mnt/numbers.txt'
expect "md5sum of a 100 KiB file" "$host_md5  -"

# the guest writes data the host can generate too
host_w=$(seq 5 3 150000 | md5sum | cut -d' ' -f1)
console_run 'seq 5 3 150000 > /tmp/w.txt && dd if=/tmp/w.txt of=/mnt/written.txt bs=4k conv=fsync 2>/dev/null && echo synced' 60
expect "dd conv=fsync" synced
console_run 'umount /mnt && echo unmounted' 60
expect "umount" unmounted

console_run "dd if=/dev/zero of=/dev/$RO bs=512 count=1 oflag=direct 2>&1 | grep -c -i -E 'error|not permitted|read-only'"
if [ -n "$CON_RC" ] && [ "$CON_OUT" -ge 1 ] 2>/dev/null; then
    pass "write to the read-only disk refused"
else
    fail "write to the read-only disk: '$CON_OUT'"
fi
console_run 'md5sum < /dev/sr0'
expect "CD-ROM image read back" "$cd_md5  -"

console_type $'poweroff -f\r'
console_exit 30
if [ "$CON_STATUS" = 0 ]; then
    pass "poweroff -f: status 0"
else
    fail "poweroff: status $CON_STATUS"
fi

got=$(debugfs -R "cat /written.txt" "$T/disk.img" 2>/dev/null | md5sum | cut -d' ' -f1)
if [ "$got" = "$host_w" ]; then
    pass "the host file holds what the guest wrote ($got)"
else
    fail "the host file: written.txt has md5 $got, want $host_w"
fi
if cmp -s "$T/ro.img" <(head -c $((4 << 20)) /dev/zero); then
    pass "the read-only image is unchanged"
else
    fail "the read-only image changed"
fi
for part in ibm,rtas-log lnx,oops-log; do
    if grep -q -a "$part" "$T/nvram.bin"; then
        pass "NVRAM file holds the kernel's '$part' partition"
    else
        fail "NVRAM file has no '$part' partition"
    fi
done
e2fsck -fn "$T/disk.img" >"$T/fsck.log" 2>&1 && pass "e2fsck -fn: clean" ||
    { fail "e2fsck -fn"; sed 's/^/    | /' "$T/fsck.log" | head -20; }

[ "${CHECK_FAILED:-0}" = 0 ] && echo "all checks passed"
exit "${CHECK_FAILED:-0}"
