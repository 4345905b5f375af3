#!/bin/bash
# -bios: firmware images booted with QEMU's pseries conventions.
#   convention  tests/bios/bios-test.c as a raw image (build/bios/
#               bios-test.bin, tests/bios/bios.mk; and as an ELF file,
#               entered at its entry point) with a big-endian
#               -kernel, an -initrd of known contents and -rtc base=DATE:
#               it checks from inside that it was entered at 0x100,
#               big-endian, MSR[SF] = MSR[LE] = 0, r3 = the device tree, that /chosen
#               describes the kernel preloaded at 4 MiB and the initrd, and
#               that RTAS (through /rtas linux,rtas-entry) tells the -rtc
#               date; it prints "ISA-TEST PASS" and powers off
#   bad input   a missing, an empty and an oversized -bios file: one line
#               on stderr, exit status 1
#   slof        Debian's SLOF (qemu-system-data's slof.bin) boots the
#               Debian kernel and initramfs of tests/boot/linux-boot.sh to
#               the shell, where `date` tells the -rtc base date; `reboot
#               -f` runs SLOF and the kernel again, and `poweroff -f` ends
#               the emulator with status 0 (skipped without slof.bin)
# BOOT_EMULATOR=qemu runs the convention check on Debian's
# qemu-system-ppc64 instead, to check the program's own expectations.
#
# Exit status: 0 pass, 1 fail, 77 skipped (no cross compiler).
set -u
cd "$(dirname "$0")/../.."
. tests/boot/console.bash

POWERJIT=${POWERJIT:-build/powerjit}
SLOF=${SLOF:-/usr/share/qemu/slof.bin}
STAGE_TIMEOUT=${STAGE_TIMEOUT:-60}
RTC_DATE=2006-06-17T16:01:21

if ! command -v powerpc64-linux-gnu-gcc >/dev/null; then
    echo "no powerpc64-linux-gnu-gcc to build the test image"
    exit 77
fi
if ! make -s -f tests/bios/bios.mk bios >/dev/null 2>&1; then
    echo "FAIL: the -bios test image does not build (make -f tests/bios/bios.mk bios)"
    exit 1
fi
if [ "$(boot_emulator)" = qemu ]; then
    EMULATOR=(qemu-system-ppc64 -M pseries)
else
    EMULATOR=("$POWERJIT" -M pseries)
    if [ ! -x "$POWERJIT" ]; then
        echo "FAIL: $POWERJIT is not built"
        exit 1
    fi
fi

CON_TMP=$(mktemp -d)
trap 'console_stop; rm -rf "$CON_TMP"' EXIT
CHECK_FAILED=0

echo "--- convention"
printf 'powerjit bios initrd\n' >"$CON_TMP/initrd"
out=$(timeout "$STAGE_TIMEOUT" "${EMULATOR[@]}" -nographic \
    -bios build/bios/bios-test.bin -kernel build/isa/smoke-be.elf \
    -initrd "$CON_TMP/initrd" -rtc "base=$RTC_DATE" </dev/null 2>&1)
rc=$?
if [ $rc = 0 ] && grep -q '^ISA-TEST PASS' <<<"$out"; then
    pass "the test image ran: $(grep '^ISA-TEST' <<<"$out" | tr -d '\r')"
else
    fail "the test image (exit status $rc):"
    echo "$out" | tail -n 25
fi
if [ "$(boot_emulator)" != qemu ]; then
    if grep -q 'RTAS through linux,rtas-entry' <<<"$out"; then
        pass "RTAS through the entry code /rtas names"
    else
        fail "the image did not find /rtas linux,rtas-entry"
    fi
    # the same program as an ELF image (entry point 0x100): powerjit only,
    # QEMU takes raw images
    out=$(timeout "$STAGE_TIMEOUT" "$POWERJIT" -M pseries -nographic \
        -bios build/bios/bios-test.elf -kernel build/isa/smoke-be.elf \
        -initrd "$CON_TMP/initrd" -rtc "base=$RTC_DATE" </dev/null 2>&1)
    rc=$?
    if [ $rc = 0 ] && grep -q '^ISA-TEST PASS' <<<"$out"; then
        pass "the test image as an ELF file: $(grep '^ISA-TEST' <<<"$out" | tr -d '\r')"
    else
        fail "the test image as an ELF file (exit status $rc):"
        echo "$out" | tail -n 25
    fi

    echo "--- bad input"
    : >"$CON_TMP/empty.bin"
    head -c $((5 << 20)) /dev/zero >"$CON_TMP/big.bin"
    # check NAME ARGS...: status 1, one line on stderr, nothing on stdout
    check() {
        local name=$1
        shift
        timeout "$STAGE_TIMEOUT" "$POWERJIT" -M pseries -nographic "$@" </dev/null \
            >"$CON_TMP/out" 2>"$CON_TMP/err"
        local rc=$? lines
        lines=$(wc -l <"$CON_TMP/err")
        if [ $rc = 1 ] && [ "$lines" = 1 ] && [ ! -s "$CON_TMP/out" ]; then
            pass "$name: $(cat "$CON_TMP/err")"
        else
            fail "$name: status $rc, $lines stderr lines: $(head -n 3 "$CON_TMP/err")"
        fi
    }
    check "missing -bios file" -bios "$CON_TMP/nonexistent.bin"
    check "empty -bios file" -bios "$CON_TMP/empty.bin"
    check "-bios file over the kernel" -bios "$CON_TMP/big.bin" \
        -kernel build/isa/smoke-be.elf
    truncate -s 255M "$CON_TMP/huge.bin"
    check "-bios over the device tree at the top of RAM" -m 256M \
        -bios "$CON_TMP/huge.bin"
    check "-bios with an empty name" -bios ""
fi

if [ "$(boot_emulator)" != qemu ]; then
    echo "--- slof"
    KERNEL=${GUEST_KERNEL:-build/guest/vmlinux}
    INITRD=${GUEST_INITRD:-build/guest/initramfs.cpio.gz}
    if [ ! -r "$SLOF" ]; then
        echo "SKIP: no $SLOF (Debian's qemu-system-data)"
    elif ! guest_fetch; then
        echo "SKIP: no guest kernel/initramfs ($KERNEL, $INITRD)"
    else
        guest_cmdline console=hvc0 -bios "$SLOF" -rtc "base=$RTC_DATE"
        console_start "$CON_TMP/slof.log" "${EMU[@]}"
        for m in 'SLOF' 'Booting from memory' 'Booting Linux via __start'; do
            if console_wait "$m"; then
                pass "slof: '$m' at $(console_elapsed) s"
            else
                fail "slof: no '$m' within $STAGE_TIMEOUT s"
                console_dump
                break
            fi
        done
        if [ "$CHECK_FAILED" = 0 ] && boot_to_shell "slof"; then
            console_run 'date -u +%Y-%m-%d'
            if [ "$(head -n 1 <<<"$CON_OUT" | tr -d '\r')" = "${RTC_DATE%T*}" ]; then
                pass "slof: the guest's date is the -rtc base date"
            else
                fail "slof: date says '$CON_OUT', expected ${RTC_DATE%T*}"
            fi
            # a reset enters the firmware again, which boots the kernel again
            console_type $'reboot -f\r'
            if console_wait 'Booting from memory' && boot_to_shell "slof, after reboot -f"; then
                pass "slof: reboot -f ran SLOF and the kernel again"
            else
                fail "slof: no second boot after reboot -f"
                console_dump
            fi
            console_type $'poweroff -f\r'
            console_exit "$STAGE_TIMEOUT"
            if [ "$CON_STATUS" = 0 ]; then
                pass "slof: poweroff -f ends the emulator with status 0"
            else
                fail "slof: emulator exit status $CON_STATUS after poweroff -f"
            fi
        fi
    fi
fi

[ "$CHECK_FAILED" = 0 ]
