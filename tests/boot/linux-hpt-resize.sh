#!/bin/bash
# HPT resizing (hcall-hpt-resize: H_RESIZE_HPT_PREPARE/COMMIT) driven by
# Debian's kernel: `-M pseries,resize-hpt=enabled` with the hash MMU, on
# -cpu POWER9 with disable_radix and on -cpu POWER8 -smp 2 (the COMMIT
# runs under the guest's stop_machine, the other vCPU spinning).  Linux resizes its
# HPT when /sys/kernel/debug/powerpc/hpt_order is written
# (arch/powerpc/mm/book3s64/hash_utils.c, pseries_lpar_resize_hpt):
#   - the order starts at 23: 1 GiB of RAM / 128 (LoPAPR ibm,pft-size, as
#     QEMU sizes it);
#   - 24 (one above, the most the machine allows) then back to 23: each
#     write reads back, the kernel logs "HPT resize to shift N complete";
#   - 25 is refused (H_RESOURCE: "Operation not permitted");
#   - 22, below the boot size: the bolted entries fold into half as many
#     PTEGs without two meeting in a slot;
#   - 18, the smallest: 16384 slots cannot hold the bolted entries (the
#     1 GiB linear map alone is 16384 64K pages), so two bolted entries
#     meet: H_PTEG_FULL, "No space left on device", the order stays 22;
#   (QEMU 7.2 gives the same answers: BOOT_EMULATOR=qemu runs this test
#   on it.  Where a shrink in between succeeds depends on the bolted
#   entries the devices' mappings add: QEMU's default USB controller
#   makes 20 fail there, which is why 20 is not tried);
# then 200 fork/exec, data hashed in the guest against the host, and a
# dmesg with no warning, Oops or failed hcall.
# Also `-M pseries,resize-hpt=disabled`: no hpt_order file's effect (the
# write fails: the kernel has no resize_hpt operation, ENODEV).
# Exit status: 0 pass, 1 fail, 77 skipped.
set -u
cd "$(dirname "$0")/../.."
. tests/boot/console.bash
boot_test_setup

DBG=/sys/kernel/debug/powerpc/hpt_order

# hpt_write ORDER: writes the order, CON_OUT = the shell's error (if any)
# and then the order read back
hpt_write() {
    console_run "{ echo $1 >$DBG; } 2>&1; cat $DBG" $((2 * STAGE_TIMEOUT))
}

# resize_case WHAT CPU APPEND NCPUS
resize_case() {
    local what=$1 cpu=$2 append=$3 ncpus=$4
    BOOT_CPU=$cpu guest_cmdline "console=hvc0${append:+ $append}" \
        -M pseries,resize-hpt=enabled -smp "$ncpus"
    echo "command: ${EMU[*]}"
    console_start "$CON_TMP/console-$what" "${EMU[@]}"
    boot_to_shell "$what" || return 1
    console_run "grep -E '^MMU' /proc/cpuinfo; grep -c ^processor /proc/cpuinfo"
    expect "$what: MMU, CPUs" "MMU		: Hash
$ncpus"
    console_run "mount -t debugfs none /sys/kernel/debug && cat $DBG"
    expect "$what: hpt_order at boot" 23
    hpt_write 24
    expect "$what: hpt_order 24" 24
    hpt_write 23
    expect "$what: hpt_order back to 23" 23
    hpt_write 25
    expect "$what: hpt_order 25 refused" "sh: write error: Operation not permitted
23"
    hpt_write 22
    expect "$what: hpt_order 22" 22
    hpt_write 18
    expect "$what: hpt_order 18 refused" "sh: write error: No space left on device
22"
    console_run "dmesg | grep -c 'HPT resize to shift .* complete'"
    expect "$what: the kernel's resize messages" 3

    # the guest goes on working in the resized tables
    console_run 'n=0; for i in $(seq 200); do /bin/true && n=$((n + 1)); done; echo $n' $((2 * STAGE_TIMEOUT))
    expect "$what: 200 fork/exec of /bin/true" 200
    host_big=$(seq 1 100000 | md5sum | cut -d' ' -f1)
    console_run 'seq 1 100000 >/tmp/t.dat && md5sum </tmp/t.dat'
    expect "$what: md5sum of a 589 KB file" "$host_big  -"
    console_run 'gzip -c /tmp/t.dat | gunzip -c | md5sum; rm /tmp/t.dat'
    expect "$what: gzip | gunzip round trip" "$host_big  -"
    hpt_write 24
    expect "$what: hpt_order 24 again" 24
    # with two CPUs the two halves run at once
    host_seq=$(seq 1 200000 | md5sum | cut -d' ' -f1)
    # (the count goes to a file: the two halves end in either order)
    console_run '(seq 300 | while read -r x; do echo "$x" | cat; done | wc -l >/tmp/wc.out) & seq 1 200000 | md5sum; wait; cat /tmp/wc.out' $((2 * STAGE_TIMEOUT))
    expect "$what: a 300-line pipeline beside an md5sum after the resize" "$host_seq  -
300"
    expect_clean_dmesg "$what: " 'WARNING|BUG|Oops|Call Trace|Unexpected error'
    expect_poweroff "$what: "
}

# resize-hpt=disabled: the kernel sees no hcall-hpt-resize
disabled_case() {
    local what=disabled
    BOOT_CPU=POWER8 guest_cmdline "console=hvc0" -M pseries,resize-hpt=disabled
    echo "command: ${EMU[*]}"
    console_start "$CON_TMP/console-$what" "${EMU[@]}"
    boot_to_shell "$what" || return 1
    console_run "mount -t debugfs none /sys/kernel/debug && cat $DBG"
    expect "$what: hpt_order at boot" 23
    hpt_write 24
    expect "$what: hpt_order 24 refused" "sh: write error: No such device
23"
    expect_poweroff "$what: "
}

resize_case power9-hash POWER9 disable_radix 1
resize_case power8-smp2 POWER8 "" 2
disabled_case

if [ "$CHECK_FAILED" -ne 0 ]; then
    echo "$CHECK_FAILED check(s) failed"
    exit 1
fi
echo "all checks passed"
