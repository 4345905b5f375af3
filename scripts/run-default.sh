#!/bin/sh
# `make run`: fetches the default guest (scripts/fetch-guest: Debian 12's
# ppc64el kernel and a busybox initramfs, into build/guest/) and boots it on
# the terminal:
#     build/powerjit -M pseries -cpu POWER9 -m 1G -nographic \
#         -kernel build/guest/vmlinux -initrd build/guest/initramfs.cpio.gz \
#         -append console=hvc0
# The busybox shell comes up on the console; `poweroff -f` ends it, and so
# does Ctrl-A x.  Extra arguments go to powerjit (e.g. -accel tcg,interp=on).
#
# When the guest cannot be fetched (no Debian mirror, not root the first
# time), it says so and boots the bare-metal demo instead
# (tests/demo/hello.c: prints through the pseries console and powers off;
# DEMO_ORDER=be runs its big-endian build).
set -eu
cd "$(dirname "$0")/.."
POWERJIT=${POWERJIT:-build/powerjit}
GUEST=${GUEST_DIR:-build/guest}
KERNEL=$GUEST/vmlinux
INITRD=$GUEST/initramfs.cpio.gz

if scripts/fetch-guest && [ -f "$KERNEL" ] && [ -f "$INITRD" ]; then
    echo "run: booting $(cut -d' ' -f1 "$GUEST/VERSION" 2>/dev/null || echo Linux) with busybox;" \
        "poweroff -f or Ctrl-A x to quit"
    exec "$POWERJIT" -M pseries -cpu POWER9 -m 1G -nographic \
        -kernel "$KERNEL" -initrd "$INITRD" -append console=hvc0 "$@"
fi

ORDER=${DEMO_ORDER:-le}
echo "run: the Linux guest could not be fetched (see above);" \
    "booting the bare-metal demo tests/demo/hello.c instead" >&2
make -s -f tests/demo/demo.mk "build/demo/hello-$ORDER.elf"
exec "$POWERJIT" -M pseries -nographic -kernel "build/demo/hello-$ORDER.elf" "$@"
