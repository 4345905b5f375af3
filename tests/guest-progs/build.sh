#!/bin/bash
# tests/guest-progs/build.sh OUT: builds the whole-program tests.  Each
# program (PROGS below) is compiled natively with the host's gcc and
# statically for ppc64le with Debian's powerpc64le-linux-gnu-gcc in two
# flavours: o2 (-O2, Debian's default -mcpu=power8) and p9 (-O3
# -mcpu=power9, where GCC vectorises and uses ISA 3.0 and quad precision).
# Writes
#   OUT/native/NAME, OUT/o2/NAME, OUT/p9/NAME  the binaries
#   OUT/expected                                "NAME CHECKSUM" per program,
#                                               from the native run
#   OUT/progs.cpio                              /progs/{o2,p9}/NAME as a newc
#                                               archive, to append to an
#                                               initramfs (Linux unpacks
#                                               concatenated archives)
# Exit status 77 when the cross compiler or its static C library
# (libc6-dev-ppc64el-cross) is missing.
set -eu
OUT=$1
SRC=$(cd "$(dirname "$0")" && pwd)
PROGS="intmix matmul nbody memmix float128"
CROSS=${CROSS_CC:-powerpc64le-linux-gnu-gcc}
CFLAGS_ALL="-std=gnu11 -ffp-contract=off -fno-builtin-sqrt -Wall"

if ! command -v "$CROSS" >/dev/null; then
    echo "build.sh: $CROSS not installed (scripts/install-deps)" >&2
    exit 77
fi
if ! echo 'int main(void){return 0;}' | "$CROSS" -static -x c -o /dev/null - 2>/dev/null; then
    echo "build.sh: $CROSS cannot link statically (apt-get install libc6-dev-ppc64el-cross)" >&2
    exit 77
fi
mkdir -p "$OUT/native" "$OUT/root/progs/o2" "$OUT/root/progs/p9"
: >"$OUT/expected.tmp"
for p in $PROGS; do
    gcc $CFLAGS_ALL -O2 -o "$OUT/native/$p" "$SRC/$p.c" -lm
    "$CROSS" $CFLAGS_ALL -O2 -static -o "$OUT/root/progs/o2/$p" "$SRC/$p.c" -lm
    "$CROSS" $CFLAGS_ALL -O3 -mcpu=power9 -static -o "$OUT/root/progs/p9/$p" "$SRC/$p.c" -lm
    "$OUT/native/$p" >>"$OUT/expected.tmp"
done
mv "$OUT/expected.tmp" "$OUT/expected"
rm -rf "$OUT/o2" "$OUT/p9"
ln -s root/progs/o2 "$OUT/o2"
ln -s root/progs/p9 "$OUT/p9"
(cd "$OUT/root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$OUT/progs.cpio"
