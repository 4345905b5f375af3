#!/bin/bash
# linux-boot.sh's checks on -cpu POWER8: the hash MMU (the only one POWER8
# has), XICS, ISA 2.07; /proc/cpuinfo must say "POWER8" and "MMU : Hash".
# What the POWER8 boot touches and a pseries answers must be handled
# quietly: SPR 894 (MMCRS, which __setup_cpu_power8 clears), the PowerVM
# performance-counter hcalls (H_FUNCTION), config reads of empty PCI slots.
BOOT_UNIMP_QUIET='mtspr 894|hcall 0xf0[78]|RTAS PCI config' \
    BOOT_CPU=POWER8 BOOT_MMU=Hash exec "$(dirname "$0")/linux-boot.sh" "$@"
