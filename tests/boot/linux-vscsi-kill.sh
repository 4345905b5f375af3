#!/bin/bash
# Durability under kill -9: the guest writes numbered records to a raw disk
# on spapr-vscsi, one 512-byte sector each with `dd conv=sync,fsync`, and
# prints "ack N" after each fsync returned; the host kills the emulator
# with SIGKILL after a random number of acknowledgements (5..40) and then
# checks that every acknowledged record is in the image file: a write the
# guest was told is on the disk (SYNCHRONIZE CACHE -> fdatasync) survives
# the emulator's death.
#
# Exit status: 0 pass, 1 fail, 77 skipped (no guest).
set -u
cd "$(dirname "$0")/../.."
. tests/boot/console.bash
boot_test_setup

T=$CON_TMP
truncate -s 1M "$T/disk.img"
guest_cmdline console=hvc0 \
    -drive file="$T/disk.img",if=none,id=d0,format=raw \
    -device spapr-vscsi,id=scsi0 -device scsi-hd,drive=d0,bus=scsi0.0
echo "command: ${EMU[*]}"
console_start "$T/console" "${EMU[@]}"
boot_to_shell boot || exit 1

console_run "dmesg -n 1; cd /lib/modules/*/ && for m in scsi_transport_srp ibmvscsi crct10dif_common crct10dif_generic crc-t10dif crc64 crc64-rocksoft t10-pi sd_mod; do insmod \$m.ko 2>/dev/null; done; cd /; for i in \$(seq 100); do [ -b /dev/sda ] && break; sleep 0.2; done; ls /dev/sda"
if [ "$CON_OUT" = /dev/sda ]; then
    pass "the disk is /dev/sda"
else
    fail "no /dev/sda: '$CON_OUT'"
    exit 1
fi

want=$((5 + RANDOM % 36))
console_type 'i=0; while [ $i -lt 2000 ]; do i=$((i+1)); printf "rec %08d\n" $i | dd of=/dev/sda bs=512 seek=$i count=1 conv=sync,fsync 2>/dev/null && echo "ack $i"; done'$'\r'
if console_wait "ack $want" 120; then
    pass "the guest acknowledged $want records"
else
    fail "no 'ack $want' within 120 s"
    console_dump 20
    exit 1
fi
kill -9 "$CON_PID" 2>/dev/null
wait "$CON_PID" 2>/dev/null
acked=$(grep -a -o 'ack [0-9]*' "$T/console" | tail -n 1 | cut -d' ' -f2)
missing=0
for ((k = 1; k <= acked; k++)); do
    got=$(dd if="$T/disk.img" bs=512 skip=$k count=1 2>/dev/null | head -c 12)
    if [ "$got" != "$(printf 'rec %08d' $k)" ]; then
        missing=$((missing + 1))
        [ $missing -le 3 ] && echo "    record $k: '$got'"
    fi
done
if [ "$acked" -ge "$want" ] && [ $missing = 0 ]; then
    pass "after kill -9: all $acked acknowledged records are in the image"
else
    fail "after kill -9: $missing of $acked acknowledged records missing"
fi

[ "${CHECK_FAILED:-0}" = 0 ] && echo "all checks passed"
exit "${CHECK_FAILED:-0}"
