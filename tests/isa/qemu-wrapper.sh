#!/bin/sh
# Stands in for build/powerjit with Debian's qemu-system-ppc64, to check a
# test's expectations against an independent implementation:
#     POWERJIT=tests/isa/qemu-wrapper.sh tests/run-tests.sh
# Maps "-M pseries" to "-M pseries,x-vof=on" and "-accel tcg,interp=on" (a
# powerjit backend choice) to plain "-accel tcg".
set -eu
for a in "$@"; do
    shift
    case "$a" in
    pseries) a=pseries,x-vof=on ;;
    tcg,*) a=tcg ;;
    esac
    set -- "$@" "$a"
done
exec qemu-system-ppc64 "$@" 2>/dev/null
