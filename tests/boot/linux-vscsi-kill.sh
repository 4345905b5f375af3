#!/bin/bash
# Durability under kill -9: the guest writes numbered records to a disk
# on spapr-vscsi, one 512-byte sector each with `dd conv=sync,fsync`, and
# prints "ack N" after each fsync returned; the host kills the emulator
# with SIGKILL after a random number of acknowledgements (5..40) and then
# checks that every acknowledged record is in the image: a write the
# guest was told is on the disk (SYNCHRONIZE CACHE -> fdatasync) survives
# the emulator's death.  Twice: a raw image, then a qcow2 one (made by
# qemu-img create), which `qemu-img check` must then accept (leaked
# clusters are fine, corruption is not) and whose records are read through
# `qemu-img convert`.  The qcow2 round is skipped without qemu-img.
#
# Exit status: 0 pass, 1 fail, 77 skipped (no guest).
set -u
cd "$(dirname "$0")/../.."
. tests/boot/console.bash
boot_test_setup

T=$CON_TMP

# one round: FORMAT (raw or qcow2)
kill_round() {
    local fmt=$1 img=$T/disk.$1 view=$T/disk.$1
    if [ "$fmt" = raw ]; then
        truncate -s 1M "$img"
    else
        qemu-img create -q -f qcow2 "$img" 1M
    fi
    guest_cmdline console=hvc0 \
        -drive file="$img",if=none,id=d0,format=$fmt \
        -device spapr-vscsi,id=scsi0 -device scsi-hd,drive=d0,bus=scsi0.0
    echo "command: ${EMU[*]}"
    console_start "$T/console-$fmt" "${EMU[@]}"
    boot_to_shell "$fmt: boot" || return 1

    console_run "dmesg -n 1; cd /lib/modules/*/ && for m in scsi_transport_srp ibmvscsi crct10dif_common crct10dif_generic crc-t10dif crc64 crc64-rocksoft t10-pi sd_mod; do insmod \$m.ko 2>/dev/null; done; cd /; for i in \$(seq 100); do [ -b /dev/sda ] && break; sleep 0.2; done; ls /dev/sda"
    if [ "$CON_OUT" = /dev/sda ]; then
        pass "$fmt: the disk is /dev/sda"
    else
        fail "$fmt: no /dev/sda: '$CON_OUT'"
        return 1
    fi

    local want=$((5 + RANDOM % 36))
    console_type 'i=0; while [ $i -lt 2000 ]; do i=$((i+1)); printf "rec %08d\n" $i | dd of=/dev/sda bs=512 seek=$i count=1 conv=sync,fsync 2>/dev/null && echo "ack $i"; done'$'\r'
    if console_wait "ack $want" 120; then
        pass "$fmt: the guest acknowledged $want records"
    else
        fail "$fmt: no 'ack $want' within 120 s"
        console_dump 20
        return 1
    fi
    kill -9 "$CON_PID" 2>/dev/null
    wait "$CON_PID" 2>/dev/null
    CON_PID=
    exec {CON_FD}>&-
    if [ "$fmt" = qcow2 ]; then
        local out
        if out=$(qemu-img check "$img" 2>&1); then
            pass "qcow2: qemu-img check accepts the image after kill -9"
        elif [ $? = 3 ]; then
            pass "qcow2: qemu-img check after kill -9: leaked clusters only"
        else
            fail "qcow2: qemu-img check after kill -9: $out"
        fi
        view=$T/view.raw
        qemu-img convert -O raw "$img" "$view"
    fi
    local acked missing=0 k got
    acked=$(grep -a -o 'ack [0-9]*' "$T/console-$fmt" | tail -n 1 | cut -d' ' -f2)
    for ((k = 1; k <= acked; k++)); do
        got=$(dd if="$view" bs=512 skip=$k count=1 2>/dev/null | head -c 12)
        if [ "$got" != "$(printf 'rec %08d' $k)" ]; then
            missing=$((missing + 1))
            [ $missing -le 3 ] && echo "    record $k: '$got'"
        fi
    done
    if [ "$acked" -ge "$want" ] && [ $missing = 0 ]; then
        pass "$fmt: after kill -9: all $acked acknowledged records are in the image"
    else
        fail "$fmt: after kill -9: $missing of $acked acknowledged records missing"
    fi
}

kill_round raw || exit 1
if command -v qemu-img >/dev/null; then
    kill_round qcow2 || exit 1
else
    echo "SKIP: qemu-img not installed (Debian's qemu-utils): no qcow2 round"
fi

[ "${CHECK_FAILED:-0}" = 0 ] && echo "all checks passed"
exit "${CHECK_FAILED:-0}"
