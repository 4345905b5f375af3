#!/bin/sh
# `make run`: builds the bare-metal demo (tests/demo/hello.c) and boots it
# on powerjit's pseries machine.  Until a Linux guest boots, this is the
# default guest.  Extra arguments go to powerjit; DEMO_ORDER=be runs the
# big-endian build.
set -eu
cd "$(dirname "$0")/.."
ORDER=${DEMO_ORDER:-le}
POWERJIT=${POWERJIT:-build/powerjit}
make -s -f tests/demo/demo.mk "build/demo/hello-$ORDER.elf"
exec "$POWERJIT" -M pseries -nographic -kernel "build/demo/hello-$ORDER.elf" "$@"
