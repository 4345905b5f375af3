#!/bin/bash
# linux-boot.sh's checks on -cpu POWER9 with the kernel argument
# disable_radix: client-architecture-support negotiates the hash MMU.
BOOT_CPU=POWER9 BOOT_MMU=Hash BOOT_APPEND=disable_radix \
    exec "$(dirname "$0")/linux-boot.sh" "$@"
