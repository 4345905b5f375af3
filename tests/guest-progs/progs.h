/*
 * tests/guest-progs/progs.h: what the whole-program tests share.  Each
 * program is built three ways (tests/guest-progs/build.sh): natively on the
 * host, and for ppc64le at -O2 and at -O3 -mcpu=power9, and prints one line
 * "NAME CHECKSUM" that must be the same in all three.  Only operations
 * IEEE 754 rounds correctly are used (+ - * / sqrt, conversions), with
 * -ffp-contract=off, so any correct implementation prints the same bits.
 * The first argument scales the work (default 1; the benchmark passes more).
 */
#ifndef GUEST_PROGS_H
#define GUEST_PROGS_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline long prog_scale(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 0) : 1;

    return n > 0 ? n : 1;
}

static inline uint64_t prog_dbits(double d)
{
    uint64_t u;

    memcpy(&u, &d, 8);
    return u;
}

/* FNV-1a over 64-bit words */
static inline uint64_t prog_mix(uint64_t h, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        h ^= (v >> (8 * i)) & 0xff;
        h *= 0x100000001b3ull;
    }
    return h;
}

#define PROG_FNV0 0xcbf29ce484222325ull

#endif
