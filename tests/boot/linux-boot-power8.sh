#!/bin/bash
# linux-boot.sh's checks on -cpu POWER8: the hash MMU (the only one POWER8
# has), XICS, ISA 2.07; /proc/cpuinfo must say "POWER8" and "MMU : Hash".
BOOT_CPU=POWER8 BOOT_MMU=Hash exec "$(dirname "$0")/linux-boot.sh" "$@"
