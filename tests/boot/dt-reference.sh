#!/bin/bash
# The device tree against QEMU's: `-M pseries,dumpdtb=FILE` on the same
# command line under powerjit and qemu-system-ppc64 (its dumpdtb is the
# reference), read back with fdtget.  What firmware and Linux rely on must
# agree: the VIO nodes (their names), v-scsi's #address-cells/#size-cells
# (SLOF's disk@8000000000000000 unit needs 2/0), the PHB's cells and
# qemu,phb-enumerated (SLOF binds its drivers to the nodes in the tree
# instead of adding its own), the virtio-blk node's name and IDs, and
# /chosen/bootargs (absent without -append, as SLOF and GRUB need it, and
# the -append text with one), the VIO unit addresses with -nodefaults and
# -serial none.  Also: dumpdtb's one info line, status 0.
#
# Exit status: 0 pass, 1 fail, 77 skipped (no qemu-system-ppc64 or fdtget).
set -u
cd "$(dirname "$0")/../.."
POWERJIT=${POWERJIT:-build/powerjit}
for tool in qemu-system-ppc64 fdtget; do
    command -v $tool >/dev/null || { echo "$tool is not installed (scripts/install-deps)"; exit 77; }
done
[ -x "$POWERJIT" ] || { echo "FAIL: $POWERJIT is not built"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
failed=0
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

truncate -s 64M "$T/a.img"
truncate -s 64M "$T/b.img"
# dump NAME ARGS...: $T/NAME-pj.dtb and $T/NAME-q.dtb
dump() {
    local name=$1
    shift
    if "$POWERJIT" -M "pseries,dumpdtb=$T/$name-pj.dtb" "$@" </dev/null \
        >"$T/out" 2>"$T/err" &&
        [ "$(cat "$T/err")" = "powerjit: info: dtb dumped to $T/$name-pj.dtb. Exiting." ] &&
        [ ! -s "$T/out" ]; then
        pass "$name: powerjit's dumpdtb says so in one line and exits 0"
    else
        fail "$name: powerjit's dumpdtb: $(head -c 300 "$T/err")"
    fi
    qemu-system-ppc64 -M "pseries,dumpdtb=$T/$name-q.dtb" -vga none "$@" \
        </dev/null >/dev/null 2>&1
    [ -s "$T/$name-q.dtb" ] || fail "$name: QEMU wrote no tree"
}
# same NAME WHAT FDTGET-ARGS...: the value (or the error) in both trees
same() {
    local name=$1 what=$2 a b
    shift 2
    a=$(fdtget "${@/QDTB/$T/$name-q.dtb}" 2>&1 | sort)
    b=$(fdtget "${@/QDTB/$T/$name-pj.dtb}" 2>&1 | sed "s|$T/$name-pj.dtb|$T/$name-q.dtb|" | sort)
    if [ "$a" = "$b" ]; then
        pass "$name: $what: $(echo $a)"
    else
        fail "$name: $what: QEMU '$(echo $a)', powerjit '$(echo $b)'"
    fi
}

args=(-m 1G -nographic -drive "file=$T/a.img,format=raw"
    -drive "if=none,id=d0,file=$T/b.img,format=raw")
dump disks "${args[@]}" -device virtio-blk-pci,drive=d0,disable-legacy=on
phb=/pci@800000020000000
same disks "the VIO devices" -l QDTB /vdevice
same disks "v-scsi's #address-cells" -t i QDTB /vdevice/v-scsi@71000003 '#address-cells'
same disks "v-scsi's #size-cells" -t i QDTB /vdevice/v-scsi@71000003 '#size-cells'
same disks "the PHB's #address-cells" -t i QDTB $phb '#address-cells'
same disks "the PHB's #size-cells" -t i QDTB $phb '#size-cells'
same disks "the PHB's qemu,phb-enumerated" -t i QDTB $phb qemu,phb-enumerated
same disks "the PHB's devices" -l QDTB $phb
same disks "virtio-blk's IDs" -t x QDTB $phb/scsi@0 vendor-id $phb/scsi@0 device-id
same disks "virtio-blk's class" -t x QDTB $phb/scsi@0 class-code
# the default (transitional) form's IDs, and the -non-transitional model's
dump transitional -m 1G -nographic \
    -drive "if=none,id=d0,file=$T/b.img,format=raw" \
    -device virtio-blk-pci,drive=d0 -device virtio-rng-pci \
    -device virtio-rng-pci-non-transitional
for node in scsi@0 legacy-device@1 legacy-device@2; do
    same transitional "$node's IDs" -t x QDTB $phb/$node vendor-id \
        $phb/$node device-id $phb/$node revision-id \
        $phb/$node subsystem-vendor-id $phb/$node subsystem-id
done
same disks "/chosen/bootargs without -append" -t s QDTB /chosen bootargs

# VIO unit addresses as QEMU numbers them: a counter from 0x71000000 in
# creation order (a -serial console's vty, the NVRAM, then the devices),
# so that under -nodefaults the NVRAM is nvram@71000000 and a -device
# spapr-vty console comes after it; reg= takes its own address
dump nodefaults -m 1G -nodefaults -device spapr-vscsi \
    -chardev null,id=c0 -device spapr-vty,chardev=c0 \
    -netdev user,id=n0 -device spapr-vlan,netdev=n0
same nodefaults "the VIO devices" -l QDTB /vdevice
same nodefaults "the console" -t s QDTB /chosen stdout-path
same nodefaults "the NVRAM's reg" -t x QDTB /vdevice/nvram@71000000 reg
dump serialnone -m 1G -serial none -device spapr-vscsi,reg=0x71000003 \
    -device spapr-vscsi
same serialnone "the VIO devices" -l QDTB /vdevice
dump twovty -m 1G -nographic -chardev null,id=c1 \
    -device spapr-vty,chardev=c1 -device spapr-vscsi,reg=0x71000005 \
    -device spapr-vscsi
same twovty "the VIO devices" -l QDTB /vdevice
same twovty "the console" -t s QDTB /chosen stdout-path

kernel=${GUEST_KERNEL:-build/guest/vmlinux}
if [ -f "$kernel" ]; then
    dump append -m 1G -nographic -kernel "$kernel" -append "console=hvc0 pj.dt=1"
    same append "/chosen/bootargs with -append" -t s QDTB /chosen bootargs
else
    echo "no guest kernel ($kernel): the -append case is left out"
fi

[ "$failed" = 0 ] && echo "all cases passed"
exit $((failed > 0))
