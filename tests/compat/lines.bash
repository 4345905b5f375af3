# tests/compat/lines.bash: real qemu-system-ppc64 command lines from CI and
# test harnesses, as tests/compat/run.sh runs them under powerjit.
#
# Each case is one call:
#   line NAME EXPECT ARGS...
# NAME      a short name
# EXPECT    boot          boots our kernel to the busybox shell; the
#                         harness's success point is the prompt answering a
#                         command and `poweroff -f` ending with status 0
#           quick-boot    the same, and also run by `make check`
#           xfail:WHAT    blocked by WHAT (a missing feature): must fail
#                         with one clear message (exit 1), never hang
# ARGS      the harness's arguments after the binary name, with only the
#           file names replaced: @KERNEL@ (build/guest/vmlinux), @INITRD@
#           (the busybox initramfs), @DIR@ (a scratch directory), @DISK@ (a
#           scratch file standing in for the harness's root disk).  Where a
#           harness boots from a disk we add -initrd @INITRD@ and keep its
#           disk options, so the line is blocked exactly where the disk is.
#           The kernel arguments become "console=hvc0" where the harness's
#           kernel has its own console argument (ttyS0 is not a pseries
#           console; our kernel reads hvc0).

# torvalds/linux tools/testing/kunit/qemu_configs/powerpc.py
# (extra_qemu_params '-M pseries', '-cpu power8') with the fixed part of
# tools/testing/kunit/kunit_kernel.py (LinuxSourceTreeOperationsQemu:
# -nodefaults -m 1024 -kernel ... -append ... -no-reboot -nographic
# -serial stdio)
line kunit-powerpc boot \
    -nodefaults -m 1024 -kernel @KERNEL@ -initrd @INITRD@ \
    -append console=hvc0 -no-reboot -nographic -serial stdio \
    -M pseries -cpu power8

# kvm-unit-tests powerpc/run: "$qemu -nodefaults $M -bios $FIRMWARE" with
# M='-machine pseries,accel=tcg,cap-cfpc=broken,cap-sbbc=broken,
# cap-ibs=broken,cap-ccf-assist=off' and "-display none -serial stdio
# -kernel"; its firmware (powerpc/boot_rom.bin) and test ELF are replaced
# by our kernel (no -bios: the built-in client interface boots it)
line kvm-unit-tests-run quick-boot \
    -nodefaults -machine pseries,accel=tcg,cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,cap-ccf-assist=off \
    -display none -serial stdio -kernel @KERNEL@ -initrd @INITRD@ \
    -append console=hvc0 -smp 1

# xen automation/scripts/qemu-smoke-ppc64le.sh (found by excerpt: "-bios
# skiboot.lid -M $machine -m 2g -smp 1 -vga none -monitor none -nographic
# -serial ... -kernel binaries/xen"), run there with machine=pseries-5.2;
# skiboot is powernv firmware, dropped for pseries.  -serial stdio instead
# of its file:smoke.serial so that the shell can be driven.
line xen-smoke-pseries quick-boot \
    -M pseries-5.2 -m 2g -smp 1 -vga none -monitor none -nographic \
    -serial stdio -kernel @KERNEL@ -initrd @INITRD@ -append console=hvc0

# the issue 7 guide lines (QEMU's and distributions' pseries guides)
line hpt-max-page-size-4096 boot \
    -M pseries,cap-hpt-max-page-size=4096 -cpu POWER9 -m 1G -nographic \
    -kernel @KERNEL@ -initrd @INITRD@ -append console=hvc0
line mem-path-hpt boot \
    -m 2048 -machine pseries,cap-hpt-max-page-size=4096 -mem-path @DIR@ \
    -nographic -kernel @KERNEL@ -initrd @INITRD@ -append console=hvc0
line nested-hv boot \
    -machine pseries,cap-hpt-max-page-size=4096,cap-nested-hv=on -nographic \
    -kernel @KERNEL@ -initrd @INITRD@ -append console=hvc0
line pseries-2.11 xfail:"HTM: pseries-2.11 defaults to cap-htm=on, which TCG refuses (QEMU too)" \
    -M pseries-2.11 -nographic -kernel @KERNEL@ -initrd @INITRD@ \
    -append console=hvc0
line disable-radix boot \
    -M pseries -cpu POWER9 -m 1G -nographic -kernel @KERNEL@ \
    -initrd @INITRD@ -append "console=hvc0 disable_radix"
line kvm-hv xfail:"KVM (needs a POWER host)" \
    -machine pseries,accel=kvm,kvm-type=HV -nographic -kernel @KERNEL@ \
    -initrd @INITRD@ -append console=hvc0

# buildroot board/qemu/ppc64le-pseries/readme.txt (qemu_ppc64le_pseries):
# -M pseries -cpu POWER8 -m 1G -kernel vmlinux -append "console=hvc0
# rootwait root=/dev/sda" -drive file=rootfs.ext2,if=scsi,index=0,format=raw
# -serial stdio -display curses
line buildroot-ppc64le-pseries boot \
    -M pseries -cpu POWER8 -m 1G -kernel @KERNEL@ -initrd @INITRD@ \
    -append "console=hvc0 rootwait root=/dev/sda" \
    -drive file=@DISK@,if=scsi,index=0,format=raw -serial stdio \
    -display curses

# libvirt tests/qemuxml2argvdata (ppc64 pseries, TCG): libvirt's generated
# line for a POWER9 pseries-5.0 guest (first lines of the .args file)
line libvirt-pseries-5.0 xfail:"the JSON form of -object (then -chardev socket and -mon for its QMP)" \
    -name guest=TPM-VM,debug-threads=on -S \
    -machine pseries-5.0,usb=off,dump-guest-core=off,memory-backend=ppc_spapr.ram \
    -accel tcg -cpu POWER9 -m 2048 \
    -object '{"qom-type":"memory-backend-ram","id":"ppc_spapr.ram","size":2147483648}' \
    -overcommit mem-lock=off -smp 1,sockets=1,cores=1,threads=1 \
    -no-user-config -nodefaults -kernel @KERNEL@ -initrd @INITRD@ \
    -append console=hvc0

# iamjpn/kvm-powervm-test run_L1.sh (nested KVM test rig)
line kvm-powervm-test-L1 xfail:"POWER10 (ISA 3.1), QEMU 9's cap-nested-papr, SMP, -virtfs" \
    -nographic -machine pseries,cap-nested-papr=true -cpu POWER10 \
    -display none -vga none -m 4G -accel tcg,thread=multi \
    -serial mon:stdio -smp cores=2,maxcpus=2,threads=1 \
    -kernel @KERNEL@ -initrd @INITRD@ \
    -virtfs local,path=@DIR@,mount_tag=host0,security_model=mapped-xattr,id=host0
