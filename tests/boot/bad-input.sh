#!/bin/bash
# Bad command lines and bad kernel images: each must make powerjit print
# exactly one line on stderr, nothing on stdout, and exit with status 1
# (never crash, hang or start the guest).  Prints one PASS/FAIL line per
# case; exits 0 when every case passed.
#
# POWERJIT names the binary (default build/powerjit, as tests/run-tests.sh
# sets it).
set -u
cd "$(dirname "$0")/../.."
POWERJIT=${POWERJIT:-build/powerjit}

if [ ! -x "$POWERJIT" ]; then
    echo "FAIL: $POWERJIT is not built"
    exit 1
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# a little-endian ppc64 ELF header (ET_EXEC, EM_PPC64 = 21) announcing one
# program header at offset 64, in a file that ends right after the header
{
    printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000'
    printf '\002\000\025\000\001\000\000\000'   # type, machine, version
    printf '\000\000\001\000\000\000\000\000'   # entry 0x10000
    printf '\100\000\000\000\000\000\000\000'   # phoff 64
    printf '\000\000\000\000\000\000\000\000'   # shoff
    printf '\000\000\000\000\100\000\070\000'   # flags, ehsize, phentsize
    printf '\001\000\000\000\000\000\000\000'   # phnum 1, no sections
} >"$TMP/trunc.elf"
head -c 40 "$TMP/trunc.elf" >"$TMP/short.elf"
echo "this is not an ELF file" >"$TMP/text.elf"
: >"$TMP/empty.elf"
HOST_ELF=$(type -P true)

failed=0
# check NAME ARGS...: expects status 1, one stderr line, empty stdout
check() {
    local name=$1 rc lines out
    shift
    timeout 20 "$POWERJIT" "$@" </dev/null >"$TMP/out" 2>"$TMP/err"
    rc=$?
    lines=$(wc -l <"$TMP/err")
    out=$(wc -c <"$TMP/out")
    if [ $rc -eq 1 ] && [ "$lines" -eq 1 ] && [ "$out" -eq 0 ]; then
        echo "PASS: $name: $(cat "$TMP/err")"
    else
        echo "FAIL: $name (exit $rc, $lines lines on stderr," \
            "$out bytes on stdout)"
        sed 's/^/    | /' "$TMP/err" "$TMP/out" | head -n 10
        failed=$((failed + 1))
    fi
}

check "missing ELF" -M pseries -nographic -kernel "$TMP/does-not-exist.elf"
check "truncated ELF" -M pseries -nographic -kernel "$TMP/trunc.elf"
check "ELF shorter than its header" -nographic -kernel "$TMP/short.elf"
check "empty file" -M pseries -nographic -kernel "$TMP/empty.elf"
check "not an ELF" -M pseries -nographic -kernel "$TMP/text.elf"
check "non-ppc64 ELF ($HOST_ELF)" -M pseries -nographic -kernel "$HOST_ELF"
check "directory as kernel" -M pseries -nographic -kernel "$TMP"
check "missing initrd" -M pseries -nographic -kernel "$TMP/trunc.elf" \
    -initrd "$TMP/nope"
check "unknown option" -foo
check "unknown long option" --foo
check "option without its argument" -kernel
check "unknown machine" -M foo -nographic
check "unknown cpu" -M pseries -cpu foo -nographic
check "kvm accelerator" -M pseries -accel kvm -nographic
check "kvm through -machine" -M pseries,accel=kvm -nographic
check "unknown accelerator" -accel xen
check "bad memory size" -m 1x
check "memory not a multiple of 256M" -m 300M -kernel "$TMP/trunc.elf"
check "SMP without a kernel" -M pseries,x-vof=on -smp 4
# issue 8: SMT limits of the CPU models (POWER9 SMT4, POWER8 SMT8), powers
# of 2, whole cores (QEMU's words from its KVM path: its TCG refuses any
# threads > 1); the -smp check comes before the kernel is read
check_says() {
    local want=$1
    shift
    check "$@"
    if ! grep -qF -- "$want" "$TMP/err"; then
        echo "FAIL: $1: stderr does not say '$want'"
        failed=$((failed + 1))
    fi
}
check_says "more than 4 threads/core" "8 threads per POWER9 core" \
    -cpu POWER9 -smp 8,threads=8 -kernel "$TMP/trunc.elf"
check_says "more than 8 threads/core" "16 threads per POWER8 core" \
    -cpu POWER8 -smp 16,threads=16 -kernel "$TMP/trunc.elf"
check_says "because it must be a power of 2" "3 threads per core" \
    -smp 6,threads=3 -kernel "$TMP/trunc.elf"
check_says "smp_cpus (3) must be multiple of threads (2)" \
    "CPUs in part of a core" -smp 3,threads=2,maxcpus=4 -kernel "$TMP/trunc.elf"
# QEMU 7.2: "Invalid SMP CPUs 100000. The max CPUs supported by machine
# 'pseries-7.2' is 4096" -- ours names our own limit
check_says "The max CPUs supported by machine" "SMP beyond the machine's limit" \
    -smp 100000
check_says "Invalid SMP CPUs" "a topology whose product overflows" \
    -smp sockets=4294967295,cores=4294967295,threads=4294967295
# without -kernel SLOF boots from disk, as in QEMU; x-vof=on has none
check_says "x-vof=on the built-in client interface boots only a -kernel" \
    "no kernel with x-vof=on" -M pseries,x-vof=on -nographic
check_says "Could not find LPAR firmware 'nothere.bin'" "missing firmware" \
    -M pseries -nographic -L "$TMP" -bios nothere.bin
check "empty -d list" -d ""
check "more RAM than the host can back" -m 1E -kernel "$TMP/trunc.elf"
check "bad -serial" -serial tcp:localhost:4444
check "bad -d item" -d in_asm,bogus
check "unwritable -D file" -D /nonexistent/dir/log -kernel "$TMP/trunc.elf"
check "unknown capability" -M pseries,cap-foo=on
check "-append without -kernel" -append console=hvc0
check "malformed -gdb" -gdb bogus
check "bad -monitor" -monitor bogus
check "-monitor stdio with the console on stdio" -monitor stdio -nographic
# issue 7: machine versions, capabilities, memory, KVM (QEMU 7.2's messages)
check "unknown machine version" -M pseries-2.0 -nographic
check "pseries-2.11 offers HTM, TCG has none" -M pseries-2.11 -nographic
check "pseries-2.7 defaults to POWER7" -M pseries-2.7,cap-htm=off
check "bad cap-hpt-max-page-size" -M pseries,cap-hpt-max-page-size=5000
check "cap-hpt-max-page-size not a size" -M pseries,cap-hpt-max-page-size=x
check "bad cap mode" -M pseries,cap-cfpc=bogus
check "bad cap boolean" -M pseries,cap-vsx=maybe
check "cap-rpt-invalidate under TCG" -M pseries,cap-rpt-invalidate=on
check "nested-hv on POWER8" -M pseries,cap-nested-hv=on -cpu POWER8
check "-enable-kvm" -enable-kvm -nographic
check "kvm-type=HV" -M pseries,accel=kvm,kvm-type=HV -nographic
check "-m slots without maxmem" -m 1G,slots=2
check "-m maxmem below the size" -m 1G,maxmem=512M
check "-mem-path in a missing directory" -mem-path "$TMP/nodir/x" \
    -kernel "$TMP/trunc.elf"
check "memory backend not found" -M pseries,memory-backend=ram0
check "memory backend without size" -object memory-backend-ram,id=m
# issue 15: options of real harness lines
check "-vga std" -vga std -nographic
check "-vga unknown" -vga foo
check "-display gtk" -display gtk
check "-usb" -usb -nographic
check "-device usb-storage" -device usb-storage,drive=d
check "-device nvme" -device nvme,serial=1,drive=d
check "-cpu POWER10" -cpu POWER10
check "x86-only -no-hpet" -no-hpet
check "bad -uuid" -uuid not-a-uuid
check "bad -boot order" -boot order=z
check "bad -echr" -echr x
check "bad -msg" -msg timestamp=maybe
check "bad -sandbox" -sandbox maybe
check "-icount bad shift" -icount shift=11
check "-icount unknown key" -icount 5,foo=1
check "-icount with -smp 2" -icount shift=5 -smp 2
check "-icount with thread=multi" -icount 5 -accel tcg,thread=multi
check "-icount rr=" -icount shift=5,rr=record,rrfile=x
check "bad -name parameter" -name vm,bogus=1
check "bad -overcommit" -overcommit bogus=on
check "bad -audiodev" -audiodev bogus,id=a

if [ $failed -ne 0 ]; then
    echo "$failed case(s) failed"
    exit 1
fi
echo "all cases passed"
