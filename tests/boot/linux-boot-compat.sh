#!/bin/bash
# Processor compatibility modes: Debian's kernel on -cpu POWER9 with
# -machine pseries,max-cpu-compat=power8.  The guest must negotiate the
# POWER8 architected level through ibm,client-architecture-support and
# run as a POWER8 would:
#   - /proc/cpuinfo: "cpu : POWER8 (architected)" (Linux's name for logical
#     PVR 0x0f000004), "MMU : Hash" (no radix below ISA 3.00) and the real
#     processor in the revision line (POWER9's PVR 004e 1200); expected
#     values from Debian's qemu-system-ppc64 7.2 booting the same guest
#     (BOOT_EMULATOR=qemu runs the test on it);
#   - /proc/device-tree's cpu-version: 0f000004 (LoPAPR B.5.2.3);
#   - ISA level (tests/boot/isa-level.c): the 2.07 probe runs, the 3.0
#     ones (cnttzd, modsd) raise SIGILL, as PCR[v2.07] makes them
#     unavailable (Power ISA 3.0B Book III, Processor Compatibility
#     Register).  QEMU 7.2's TCG does not enforce PCR: under
#     BOOT_EMULATOR=qemu this check is left out (KNOWN-DIFFERENCES.md).
# Then the same boot without the option: POWER9 (architected), Radix and
# every probe ok, so the test fails if the option stops doing anything.
# Exit status: 0 pass, 1 fail, 77 skipped.
set -u
cd "$(dirname "$0")/../.."
. tests/boot/console.bash
boot_test_setup

initrd_add_program isa-level tests/boot/isa-level.c -mcpu=power8 ||
    { echo "skipped"; exit 77; }

# boot_case WHAT CPU_LINE MMU CPU_VERSION ISA3 MACHINE-ARGS...
boot_case() {
    local what=$1 cpu=$2 mmu=$3 version=$4 isa3=$5
    shift 5
    local extra=()
    [ "$(boot_emulator)" = qemu ] && extra=(-vga none)
    guest_cmdline "console=hvc0" "$@" "${extra[@]}"
    echo "command: ${EMU[*]}"
    console_start "$CON_TMP/console-$what" "${EMU[@]}"
    boot_to_shell "$what" || return 1
    console_run "grep -E '^(cpu|MMU|revision)' /proc/cpuinfo | sort -u"
    expect "$what: /proc/cpuinfo" "MMU		: $mmu
cpu		: $cpu, altivec supported
revision	: 2.0 (pvr 004e 1200)"
    console_run "od -An -tx1 /proc/device-tree/cpus/PowerPC,POWER9@0/cpu-version | tr -d ' '"
    expect "$what: cpu-version" "$version"
    if [ "$(boot_emulator)" = qemu ] && [ "$isa3" = sigill ]; then
        echo "(QEMU: the ISA-level probes are left out, see the header)"
    else
        console_run /isa-level
        expect "$what: ISA-level probes" "isa2.07-mfvsrd ok
isa3.0-cnttzd $isa3
isa3.0-modsd $isa3"
    fi
    expect_clean_dmesg "$what: " 'WARNING|BUG|Oops|Call Trace'
    expect_poweroff "$what: "
}

BOOT_CPU=POWER9
boot_case compat-power8 "POWER8 (architected)" Hash 0f000004 sigill \
    -machine max-cpu-compat=power8
boot_case native "POWER9 (architected)" Radix 0f000005 ok

if [ "$CHECK_FAILED" -ne 0 ]; then
    echo "$CHECK_FAILED check(s) failed"
    exit 1
fi
echo "all checks passed"
