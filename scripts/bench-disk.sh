#!/bin/bash
# Disk benchmark: the guest's disk I/O over spapr-vscsi under powerjit and
# under Debian's qemu-system-ppc64, side by side, with raw and with qcow2
# images:
#     powerjit          -M pseries          -cpu POWER9 -m 1G -nographic
#     qemu-system-ppc64 -M pseries,x-vof=on -cpu POWER9 -m 1G -nographic -vga none
#     ... -kernel vmlinux -initrd initramfs -append 'root=/dev/sda rw console=hvc0'
#     -drive file=IMG,if=none,id=d0,format=raw|qcow2 -device spapr-vscsi
#     -device scsi-hd,drive=d0
# The disk (320 MiB) holds a 64 MiB ext4 root made here (busybox from
# build/guest/debs and the workload as its /sbin/init) and, after it,
# 256 MiB the filesystem does not use.  The workload:
#   seqwrite   dd if=/dev/zero of=/dev/sda bs=1M seek=64 count=256
#              oflag=direct conv=fsync (into the unused part: for qcow2
#              every cluster is allocated on the way)
#   seqread    dd of the same 256 MiB back, iflag=direct
#   untar      3000 small files (1-4 KiB, 30 directories) from a tar on the
#              root into /w, then sync
#   rm         rm -rf /w, then sync
# then `poweroff -f`.  Each step is timed by the guest's uptime, which both
# emulators run from the host's monotonic clock.  A fresh copy of the
# image each run (qcow2: qemu-img convert of the raw one).  Printed: the
# median of each step over N runs (default 3), powerjit and QEMU, and the
# ratio powerjit/QEMU (the issue's goal: at most 0.6).  Exit status 0 when
# every run finished its workload with the expected answers (the file
# count, dd's byte counts).
#
#   scripts/bench-disk.sh [-n N] [--format raw|qcow2|both]
# POWERJIT names the binary; BENCH_TIMEOUT bounds one run (default 600 s).
set -u
cd "$(dirname "$0")/.."

N=3
FORMATS="raw qcow2"
while [ $# -gt 0 ]; do
    case "$1" in
    -n) N=$2; shift ;;
    --format) FORMATS=$2; [ "$2" = both ] && FORMATS="raw qcow2"; shift ;;
    *) echo "usage: $0 [-n N] [--format raw|qcow2|both]" >&2; exit 2 ;;
    esac
    shift
done
POWERJIT=${POWERJIT:-build/powerjit}
KERNEL=build/guest/vmlinux
INITRD=build/guest/initramfs.cpio.gz
LIMIT=${BENCH_TIMEOUT:-600}
OUT=build/bench/disk
STEPS="seqwrite seqread untar rm"
PATH=$PATH:/sbin:/usr/sbin

scripts/fetch-guest >/dev/null || true
bbdeb=$(ls build/guest/debs/busybox-static_*.deb 2>/dev/null | head -n 1)
for need in "$KERNEL" "$INITRD" "$bbdeb"; do
    [ -n "$need" ] && [ -f "$need" ] || { echo "bench-disk: no guest (scripts/fetch-guest)"; exit 1; }
done
for tool in mke2fs qemu-img qemu-system-ppc64; do
    command -v $tool >/dev/null || { echo "bench-disk: $tool is not installed (scripts/install-deps)"; exit 1; }
done
rm -rf "$OUT"
mkdir -p "$OUT/root/bin" "$OUT/root/sbin" "$OUT/root/proc" "$OUT/root/sys" \
    "$OUT/root/dev" "$OUT/root/tmp" "$OUT/pkg" "$OUT/files"
dpkg -x "$bbdeb" "$OUT/pkg"
cp "$OUT/pkg/bin/busybox" "$OUT/root/bin/busybox"
# the small files: sizes 1-4 KiB from seq, 30 directories of 100
nfiles=0
for d in $(seq 1 30); do
    mkdir -p "$OUT/files/d$d"
    for f in $(seq 1 100); do
        seq $((d * 1000 + f)) $((d * 1000 + f + 200 + (f * 37 % 600))) >"$OUT/files/d$d/f$f"
        nfiles=$((nfiles + 1))
    done
done
tar cf "$OUT/root/files.tar" -C "$OUT/files" .
cat >"$OUT/root/sbin/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
dmesg -n 1
step() { echo "pjdisk: step $1 $(cut -d' ' -f1 /proc/uptime)"; }
step seqwrite
w=$(dd if=/dev/zero of=/dev/sda bs=1M seek=64 count=256 oflag=direct conv=fsync 2>&1 | grep -c '256+0 records out')
step seqread
r=$(dd if=/dev/sda of=/dev/null bs=1M skip=64 count=256 iflag=direct 2>&1 | grep -c '256+0 records in')
step untar
mkdir -p /w && tar xf /files.tar -C /w && sync
n=$(find /w -type f | wc -l)
step rm
rm -rf /w && sync
step end
echo "pjdisk: result write=$w read=$r files=$n"
poweroff -f
INIT
chmod +x "$OUT/root/sbin/init"
truncate -s 320M "$OUT/disk.raw"
mke2fs -q -F -t ext4 -d "$OUT/root" "$OUT/disk.raw" 64M
want="pjdisk: result write=1 read=1 files=$nfiles"

# one_run EMU FORMAT I: boots, appends "STEP SECONDS" lines to EMU-FORMAT.steps
one_run() {
    local emu=$1 fmt=$2 i=$3 img log cmd
    img=$OUT/run.$fmt
    log=$OUT/$emu-$fmt-$i.log
    rm -f "$img"
    if [ "$fmt" = raw ]; then
        cp --sparse=always "$OUT/disk.raw" "$img"
    else
        qemu-img convert -O qcow2 "$OUT/disk.raw" "$img"
    fi
    local common=(-cpu POWER9 -m 1G -nographic -kernel "$KERNEL" -initrd "$INITRD"
        -append "root=/dev/sda rw console=hvc0"
        -drive "file=$img,if=none,id=d0,format=$fmt" -device spapr-vscsi,id=scsi0
        -device scsi-hd,drive=d0,bus=scsi0.0)
    if [ "$emu" = qemu ]; then
        cmd=(qemu-system-ppc64 -M pseries,x-vof=on -vga none "${common[@]}")
    else
        cmd=("$POWERJIT" -M pseries "${common[@]}")
    fi
    timeout "$LIMIT" "${cmd[@]}" </dev/null >"$log" 2>&1
    tr -d '\r' <"$log" | awk '/^pjdisk: step / {t[++n] = $4; s[n] = $3}
        END {for (k = 1; k < n; k++) printf "%s %.3f\n", s[k], t[k + 1] - t[k]}' \
        >>"$OUT/$emu-$fmt.steps"
    if ! tr -d '\r' <"$log" | grep -q -F "$want"; then
        echo "bench-disk: $emu $fmt run $i: no '$want'" >&2
        tr -d '\r' <"$log" | tail -n 5 | sed 's/^/    | /' >&2
        return 1
    fi
}

median_of() { # FILE STEP
    awk -v s="$2" '$1 == s {print $2}' "$1" | sort -n |
        awk '{v[NR] = $1} END {if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

status=0
have_jit=1
[ -x "$POWERJIT" ] || { echo "bench-disk: $POWERJIT is not built; timing QEMU only"; have_jit=0; status=1; }
for fmt in $FORMATS; do
    for i in $(seq 1 "$N"); do
        if [ $have_jit = 1 ]; then
            one_run powerjit "$fmt" "$i" || status=1
        fi
        one_run qemu "$fmt" "$i" || status=1
    done
done
rm -f "$OUT"/run.*

echo "disk I/O in the guest over spapr-vscsi: median of $N runs, seconds (guest uptime)"
printf "%-7s %-9s %10s %10s %8s\n" format step powerjit qemu ratio
for fmt in $FORMATS; do
    for s in $STEPS; do
        j=$(median_of "$OUT/powerjit-$fmt.steps" "$s" 2>/dev/null || echo -)
        q=$(median_of "$OUT/qemu-$fmt.steps" "$s")
        r=$(awk -v j="$j" -v q="$q" 'BEGIN {if (j == "-" || q == "-" || q == 0) print "-"; else printf "%.2f", j / q}')
        printf "%-7s %-9s %10s %10s %8s\n" "$fmt" "$s" "$j" "$q" "$r"
    done
done
exit $status
