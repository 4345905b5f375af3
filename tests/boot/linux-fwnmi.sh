#!/bin/bash
# FWNMI (LoPAPR 7.3.14) with Debian's kernel: Linux registers its handlers
# with ibm,nmi-register at boot (no complaint in dmesg), and a load from a
# real address beyond RAM in a user program (busybox devmem 0x40000000
# under -m 1G) is a machine check delivered to the registered handler with
# the RTAS error log in r3: Linux's handler reports the uncorrectable
# load/store error at that real address and kills the task with SIGBUS
# (exit status 135), the partition running on, and again the second time
# (ibm,nmi-interlock released the save area).  With -machine cap-fwnmi=off
# ibm,nmi-register fails and the machine check arrives at 0x200 without a
# log, which Linux takes as an Oops ("Machine check, sig: 7").
# Expected texts are Linux's own messages (arch/powerpc/kernel/mce.c,
# platforms/pseries/ras.c).  QEMU 7.2's TCG differs: it reads zeroes there
# (tests/diff/KNOWN-DIFFERENCES.md).
# Exit status: 0 pass, 1 fail, 77 skip.
set -u
cd "$(dirname "$0")/../.."
. tests/boot/console.bash
boot_test_setup
if [ "$(boot_emulator)" = qemu ]; then
    echo "SKIP: QEMU's TCG pseries reads zeroes beyond RAM (no machine check)"
    exit 77
fi

# has NAME TEXT: CON_OUT contains TEXT
has() {
    if grep -qF -- "$2" <<<"$CON_OUT"; then
        pass "$1"
    else
        fail "$1: no '$2' in:"
        sed 's/^/    | /' <<<"$CON_OUT" | tail -n 15
    fi
}
hasnt() {
    if grep -qF -- "$2" <<<"$CON_OUT"; then
        fail "$1: '$2' in:"
        sed 's/^/    | /' <<<"$CON_OUT" | tail -n 15
    else
        pass "$1"
    fi
}

guest_cmdline "console=hvc0"
console_start "$CON_TMP/console" "${EMU[@]}"
boot_to_shell fwnmi || exit 1

console_run 'dmesg | grep -i -e fwnmi -e nmi-interlock -e "machine check"; echo done'
if [ "$CON_OUT" = done ]; then
    pass "no FWNMI or machine check message at boot"
else
    fail "boot messages: $CON_OUT"
fi
for round in 1 2; do
    console_run 'dmesg -c >/dev/null; devmem 0x40000000 64'
    if [ "$CON_RC" = 135 ]; then
        pass "$round: devmem beyond RAM: SIGBUS (status 135)"
    else
        fail "$round: devmem beyond RAM: status '$CON_RC', output '$CON_OUT'"
    fi
    console_run 'dmesg'
    has "$round: Linux's handler: a UE on a load at the real address" \
        "UE Load/Store DAR: "
    has "$round: the error log's real address 0x40000000" "paddr: 0000000040000000 [Not recovered]"
    has "$round: the task named" "Comm: devmem"
    has "$round: killed by SIGBUS" "bus error (7)"
    hasnt "$round: no Oops" "Oops"
    hasnt "$round: r3 pointed at the save area" "FWNMI: corrupt r3"
done
console_run 'echo still @@alive'
if [ "$CON_OUT" = "still @@alive" ]; then pass "the partition runs on"; else fail "after: '$CON_OUT'"; fi
console_type $'poweroff -f\r'
console_exit 60
[ "$CON_STATUS" = 0 ] && pass "poweroff: exit status 0" || fail "poweroff: exit status $CON_STATUS"

# cap-fwnmi=off: the machine check at 0x200, which Linux cannot analyse
guest_cmdline "console=hvc0"
EMU[2]="pseries,cap-fwnmi=off"
console_start "$CON_TMP/console2" "${EMU[@]}"
boot_to_shell "cap-fwnmi=off" || exit 1
console_run 'devmem 0x40000000 64'
[ "$CON_RC" = 135 ] && pass "cap-fwnmi=off: SIGBUS" || fail "cap-fwnmi=off: status '$CON_RC'"
console_run 'dmesg'
has "cap-fwnmi=off: Linux's 0x200 handler (an Oops)" "Oops: Machine check, sig: 7"
hasnt "cap-fwnmi=off: no error log" "UE Load/Store"

if [ "$CHECK_FAILED" -ne 0 ]; then
    echo "$CHECK_FAILED check(s) failed"
    exit 1
fi
echo "all checks passed"
