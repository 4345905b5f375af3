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
#           slow:WHY      boot, known to be slow because of WHY (a bug
#                         to fix): five times the stage time
#           console:RE    QEMU's Python harness (QMP on fd 3, the console
#                         on @DIR@/console.sock): the console line RE,
#                         then QMP quit and exit status 0
#           xfail:WHAT    blocked by WHAT (a missing feature): must fail
#                         with one clear message (exit 1), never hang
# ARGS      the harness's arguments after the binary name, with only the
#           file names replaced: @KERNEL@ (build/guest/vmlinux), @INITRD@
#           (the busybox initramfs), @DIR@ (a scratch directory), @DISK@ (a
#           scratch file standing in for the harness's root disk).  Where a
#           harness boots from a disk we add -initrd @INITRD@ and keep its
#           disk options, so the line is blocked exactly where the disk is.
#           @PORT@ and @PORT2@ are free TCP ports for a harness's sockets.
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

# libvirt tests/qemuxml2argvdata/tpm-emulator-spapr.ppc64-latest.args
# (commit 0046e0b): libvirt's whole generated line for a TCG POWER9
# pseries-5.0 guest.  Its QMP socket, which libvirt listens on and passes
# as fd=1729, is the listening socket @DIR@/qmp.sock (server=on,wait=off
# as libvirt's own line says); its key, disk and TPM files are ours, and
# it boots our kernel (libvirt's guest boots its disk through SLOF).
line libvirt-tpm-spapr xfail:"USB (pci-ohci), then the TPM (-tpmdev, tpm-spapr)" \
    -name guest=TPM-VM,debug-threads=on -S \
    -object secret,id=masterKey0,format=raw,file=@DIR@/master-key.aes \
    -machine pseries-5.0,accel=tcg,usb=off,dump-guest-core=off,memory-backend=ppc_spapr.ram \
    -cpu POWER9 -m 2048 \
    -object memory-backend-ram,id=ppc_spapr.ram,size=2147483648 \
    -overcommit mem-lock=off -smp 1,sockets=1,cores=1,threads=1 \
    -uuid 11d7cd22-da89-3094-6212-079a48a309a1 -display none \
    -no-user-config -nodefaults \
    -chardev socket,id=charmonitor,path=@DIR@/qmp.sock,server=on,wait=off \
    -mon chardev=charmonitor,id=monitor,mode=control -rtc base=utc \
    -no-shutdown -boot menu=on,strict=on \
    -device pci-ohci,id=usb,bus=pci.0,addr=0x1 \
    -device spapr-vscsi,id=scsi0,reg=0x00002000 \
    -device spapr-vscsi,id=scsi1,reg=0x00003000 \
    -blockdev '{"driver":"file","filename":"@DISK@","node-name":"libvirt-1-storage","auto-read-only":true,"discard":"unmap"}' \
    -blockdev '{"node-name":"libvirt-1-format","read-only":false,"driver":"raw","file":"libvirt-1-storage"}' \
    -device scsi-hd,bus=scsi1.0,channel=0,scsi-id=0,lun=0,device_id=drive-scsi1-0-0-0,drive=libvirt-1-format,id=scsi1-0-0-0,bootindex=1 \
    -chardev pty,id=charserial0 \
    -device spapr-vty,chardev=charserial0,id=serial0,reg=0x30000000 \
    -chardev pty,id=charserial1 \
    -device spapr-vty,chardev=charserial1,id=serial1,reg=0x30001000 \
    -tpmdev emulator,id=tpm-tpm0,chardev=chrtpm \
    -chardev socket,id=chrtpm,path=@DIR@/tpm.sock \
    -device tpm-spapr,tpmdev=tpm-tpm0,id=tpm0,reg=0x00005000 \
    -audiodev id=audio1,driver=none -global spapr-nvram.reg=0x4000 \
    -sandbox on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny \
    -msg timestamp=on -kernel @KERNEL@ -initrd @INITRD@ -append console=hvc0

# iamjpn/kvm-powervm-test run_L1.sh (nested KVM test rig)
line kvm-powervm-test-L1 xfail:"POWER10 (ISA 3.1), QEMU 9's cap-nested-papr, SMP, -virtfs" \
    -nographic -machine pseries,cap-nested-papr=true -cpu POWER10 \
    -display none -vga none -m 4G -accel tcg,thread=multi \
    -serial mon:stdio -smp cores=2,maxcpus=2,threads=1 \
    -kernel @KERNEL@ -initrd @INITRD@ \
    -virtfs local,path=@DIR@,mount_tag=host0,security_model=mapped-xattr,id=host0

# Linaro tuxrun (the LKFT runner): tuxrun/devices/qemu.py QemuPPC64LE
# (machine pseries, cpu POWER8, -smp 2, console hvc0, rootfs_arg
# "-drive file={rootfs},format=raw,if=scsi,index=0") rendered by LAVA's
# qemu device template tuxrun/templates/devices/qemu.jinja2 (-cpu,
# -machine, -nographic, -nic none without a network, -m 4G, -monitor none)
# and the job template tuxrun/templates/jobs/qemu.yaml.jinja2 (-no-reboot,
# the kernel's image_arg); read in linux-riscv/tuxrun at 050d16e / e701dd2
# / 23fd373
line tuxrun-ppc64le boot \
    -cpu POWER8 -machine pseries -nographic -nic none -m 4G -monitor none \
    -no-reboot -smp 2 -kernel @KERNEL@ -initrd @INITRD@ \
    -append "console=hvc0,115200 rootwait root=/dev/sda debug verbose console_msg_format=syslog systemd.log_level=warning earlycon" \
    -drive file=@DISK@,format=raw,if=scsi,index=0

# buildroot's start-qemu.sh for qemu_ppc64le_pseries (what buildroot's CI
# and its readme's users run; board/qemu/start-qemu.sh.in filled in from
# the defconfig's comment), as generated in legoater/qemu-ppc-boot
# buildroot/qemu_ppc64le_pseries-2023.11-8-gdcd9f0f6eb-20240104/
# start-qemu.sh (commit e89b61e), without --serial-only (EXTRA_ARGS
# '-serial stdio')
line buildroot-start-qemu boot \
    -M pseries,x-vof=on -cpu POWER8 -m 256 -kernel @KERNEL@ -initrd @INITRD@ \
    -append "console=hvc0 rootwait root=/dev/sda" \
    -drive file=@DISK@,if=scsi,index=0,format=raw -display curses \
    -serial stdio

# groeck/linux-build-test rootfs/ppc64/run-qemu-ppc64.sh (commit 0185b5e)
# runkernel for pseries_defconfig, with the fixups of
# rootfs/scripts/common.sh (commit 0017eba): __common_fixups' initcli
# ("panic=-1 kunit.stats_enabled=2 kunit.filter=speed>slow"), the initrd
# case (-initrd rootfs.cpio, rdinit=/sbin/init), __common_scsicmd (scsi:
# -drive ...,if=scsi), __common_usbcmd (usb: -usb -device usb-storage),
# __common_diskcmd (nvme: -device nvme,serial=foo).  rdinit= names the
# initramfs's init: ours is /init.
line groeck-pseries-initrd boot \
    -M pseries -cpu POWER8 -m 1G -kernel @KERNEL@ -initrd @INITRD@ \
    -nographic -vga none -monitor null -no-reboot \
    --append "rdinit=/init panic=-1 kunit.stats_enabled=2 kunit.filter=speed>slow console=tty console=hvc0"
line groeck-pseries-scsi boot \
    -M pseries -cpu POWER9 -m 1G -kernel @KERNEL@ -initrd @INITRD@ \
    -snapshot -drive file=@DISK@,format=raw,if=scsi -nographic -vga none \
    -monitor null -no-reboot \
    --append "panic=-1 kunit.stats_enabled=2 kunit.filter=speed>slow root=/dev/sda console=tty console=hvc0"
line groeck-pseries-usb xfail:"USB (no USB controller: -usb, usb-storage)" \
    -M pseries -cpu POWER9 -m 1G -kernel @KERNEL@ -initrd @INITRD@ \
    -snapshot -usb -device usb-storage,drive=d0 \
    -drive file=@DISK@,if=none,id=d0,format=raw -nographic -vga none \
    -monitor null -no-reboot \
    --append "panic=-1 kunit.stats_enabled=2 kunit.filter=speed>slow root=/dev/sda rootwait console=tty console=hvc0"
line groeck-pseries-nvme xfail:"NVMe (no NVMe controller: -device nvme)" \
    -M pseries -cpu POWER9 -m 1G -kernel @KERNEL@ -initrd @INITRD@ \
    -snapshot -device nvme,serial=foo,drive=d0 \
    -drive file=@DISK@,if=none,format=raw,id=d0 -nographic -vga none \
    -monitor null -no-reboot \
    --append "panic=-1 kunit.stats_enabled=2 kunit.filter=speed>slow root=/dev/nvme0n1 rootwait console=tty console=hvc0"

# legoater/qemu-ppc-boot ppc-boot.sh (commit 0046d57): machines
# pseriesle9 and pseriesle-vof (machine_args, kernel_args, hd_args,
# net_args, then "-serial mon:stdio -nographic -snapshot")
line legoater-pseriesle9 boot \
    -m 1G -M pseries -cpu POWER9 -nodefaults -kernel @KERNEL@ \
    -initrd @INITRD@ -append "root=/dev/sda" \
    -drive file=@DISK@,if=scsi,format=raw -net nic -net user \
    -serial mon:stdio -nographic -snapshot
line legoater-pseriesle-vof boot \
    -m 1G -M pseries,x-vof=on -cpu POWER9 -nodefaults -kernel @KERNEL@ \
    -initrd @INITRD@ -append "root=/dev/sda" \
    -drive file=@DISK@,if=scsi,format=raw -net nic -net user \
    -serial mon:stdio -nographic -snapshot

# google/syzkaller vm/qemu/qemu.go (commit 1e72964): buildQemuArgs with
# the linux/ppc64le defaults (QemuArgs "-enable-kvm -vga none", NetDev
# virtio-net-pci, RngDev virtio-rng-pci, mem 1024, cpu 1, image_device
# hda, snapshot); the QMP port and the ssh forward are @PORT@/@PORT2@
line syzkaller-ppc64le xfail:"KVM (syzkaller's ppc64le default is -enable-kvm)" \
    -m 1024 -smp 1 \
    -chardev socket,id=SOCKSYZ,server=on,wait=off,host=localhost,port=@PORT@ \
    -mon chardev=SOCKSYZ,mode=control -display none -serial stdio \
    -no-reboot -name VM-0 -device virtio-rng-pci -enable-kvm -vga none \
    -device virtio-net-pci,netdev=net0 \
    -netdev user,id=net0,restrict=on,hostfwd=tcp:127.0.0.1:@PORT2@-:22 \
    -hda @DISK@ -snapshot -initrd @INITRD@ -kernel @KERNEL@ \
    -append "console=hvc0"
# the same with the qemu_args a TCG host's config gives instead
# ("qemu_args": "-machine pseries -vga none")
line syzkaller-ppc64le-tcg boot \
    -m 1024 -smp 1 \
    -chardev socket,id=SOCKSYZ,server=on,wait=off,host=localhost,port=@PORT@ \
    -mon chardev=SOCKSYZ,mode=control -display none -serial stdio \
    -no-reboot -name VM-0 -device virtio-rng-pci -machine pseries -vga none \
    -device virtio-net-pci,netdev=net0 \
    -netdev user,id=net0,restrict=on,hostfwd=tcp:127.0.0.1:@PORT2@-:22 \
    -hda @DISK@ -snapshot -initrd @INITRD@ -kernel @KERNEL@ \
    -append "console=hvc0"

# arighi/virtme-ng virtme/commands/run.py and virtme/architectures.py
# (commit 4d9dc4d): vng on an x86 host for ppc64le (no KVM): -name, -m,
# the root filesystem exported with -fsdev/virtio-9p-pci (export_virtfs),
# Arch_ppc's -M pseries, -parallel none, -net none, -echr 1, the stderr
# console (virtio-serial-pci + virtconsole), the mux stdio console with
# its monitor, qemu_nodisplay_args, -smp
line virtme-ng-ppc64le boot \
    -name virtme-ng -m 1G \
    -fsdev local,id=virtfs3,path=/,security_model=none,readonly=on,multidevs=remap \
    -device virtio-9p-pci,fsdev=virtfs3,mount_tag=/dev/root \
    -M pseries -parallel none -net none -echr 1 \
    -chardev file,path=/proc/self/fd/2,id=dmesg -device virtio-serial-pci \
    -device virtconsole,chardev=dmesg \
    -chardev stdio,id=console,signal=off,mux=on -serial chardev:console \
    -mon chardev=console -vga none -display none -smp 2 \
    -kernel @KERNEL@ -initrd @INITRD@ -append "console=hvc0"

# QEMU's functional tests: python/qemu/machine/machine.py _base_args
# (commit 026817f: -display none -vga none, the QMP socket as fd= of a
# socketpair, -machine, the console as a listening socket) with
# tests/functional/ppc64/test_pseries.py test_ppc64_linux_boot (commit
# 32b41c5) and test_tuxrun.py (commit 5fc03d4) + qemu_test/tuxruntest.py
# prepare_run (commit 1c491b7).  test_pseries's success message, "VFS:
# Cannot open root device", is where Fedora's kernel gives up on its root;
# Debian's kernel (no root= here) says "No filesystem could mount root" at
# the same point, so either line counts.
line qemu-functional-pseries console:"VFS: Cannot open root device|No filesystem could mount root" \
    -display none -vga none -chardev socket,id=mon,fd=3 \
    -mon chardev=mon,mode=control -machine pseries \
    -chardev socket,id=console,path=@DIR@/console.sock,server=on,wait=off \
    -serial chardev:console -kernel @KERNEL@ \
    -append "printk.time=0 console=hvc0 "
line qemu-functional-tuxrun-ppc64le xfail:"POWER10 (ISA 3.1), then USB, VGA, virtio-balloon, virtio-crypto, pc-dimm" \
    -display none -vga none -chardev socket,id=mon,fd=3 \
    -mon chardev=mon,mode=control -machine pseries \
    -chardev socket,id=console,path=@DIR@/console.sock,server=on,wait=off \
    -serial chardev:console -cpu POWER10 \
    -netdev user,id=vnet,hostfwd=:127.0.0.1:0-:22 \
    -device virtio-net,netdev=vnet \
    -netdev '{"type":"user","id":"hostnet0"}' \
    -device '{"driver":"virtio-net-pci","netdev":"hostnet0","id":"net0","mac":"52:54:00:4c:e3:86","bus":"pci.0","addr":"0x9"}' \
    -device '{"driver":"qemu-xhci","p2":15,"p3":15,"id":"usb","bus":"pci.0","addr":"0x2"}' \
    -device '{"driver":"virtio-scsi-pci","id":"scsi0","bus":"pci.0","addr":"0x3"}' \
    -device '{"driver":"virtio-serial-pci","id":"virtio-serial0","bus":"pci.0","addr":"0x4"}' \
    -device '{"driver":"scsi-cd","bus":"scsi0.0","channel":0,"scsi-id":0,"lun":0,"device_id":"drive-scsi0-0-0-0","id":"scsi0-0-0-0"}' \
    -device '{"driver":"virtio-balloon-pci","id":"balloon0","bus":"pci.0","addr":"0x6"}' \
    -audiodev '{"id":"audio1","driver":"none"}' \
    -device '{"driver":"usb-tablet","id":"input0","bus":"usb.0","port":"1"}' \
    -device '{"driver":"usb-kbd","id":"input1","bus":"usb.0","port":"2"}' \
    -device '{"driver":"VGA","id":"video0","vgamem_mb":16,"bus":"pci.0","addr":"0x7"}' \
    -object '{"qom-type":"rng-random","id":"objrng0","filename":"/dev/urandom"}' \
    -device '{"driver":"virtio-rng-pci","rng":"objrng0","id":"rng0","bus":"pci.0","addr":"0x8"}' \
    -object '{"qom-type":"cryptodev-backend-builtin","id":"objcrypto0","queues":1}' \
    -device '{"driver":"virtio-crypto-pci","cryptodev":"objcrypto0","id":"crypto0","bus":"pci.0","addr":"0xa"}' \
    -device '{"driver":"spapr-pci-host-bridge","index":1,"id":"pci.1"}' \
    -device '{"driver":"spapr-vscsi","id":"scsi1","reg":12288}' \
    -m 1G,slots=32,maxmem=2G -object memory-backend-ram,id=ram1,size=1G \
    -device pc-dimm,id=dimm1,memdev=ram1 \
    -drive file=@DISK@,format=qcow2,if=none,id=drive-virtio-disk1 \
    -device virtio-blk-pci,bus=pci.0,addr=0xb,drive=drive-virtio-disk1,id=virtio-disk1,bootindex=2 \
    -kernel @KERNEL@ -append "printk.time=0 root=/dev/sda console=hvc0" \
    -blockdev driver=raw,file.driver=file,file.filename=@DISK@,node-name=hd0 \
    -device spapr-vscsi -device scsi-hd,drive=hd0
