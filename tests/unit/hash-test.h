/*
 * tests/unit/hash-test.h: what the hash-MMU unit tests (test-hash.c,
 * test-hpt-resize.c) both need: an SLB entry set up as slbmte would
 * (Power ISA 3.0B Book III 5.7.7.2: ESID | V | index in RB, VSID, B and
 * the flags in RS), and the page hash and VPN computed as Linux computes
 * them (arch/powerpc hpt_hash(): the expected values, independent of
 * target-ppc/mmu-hash.c).
 */
#ifndef TESTS_UNIT_HASH_TEST_H
#define TESTS_UNIT_HASH_TEST_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include "target-ppc/mmu-hash.h"

#define ESID_V 0x08000000ull
#define SSIZE_1T (1ull << 62)

/* SLB entry index for ea with vsid and flags (t1: a 1 TB segment) */
static inline void hash_segment(CPUPPCState *env, int index, uint64_t ea,
                                uint64_t vsid, bool t1, uint64_t flags)
{
    uint64_t esid = t1 ? ea & ~((1ull << 40) - 1) : ea & ~((1ull << 28) - 1);
    uint64_t v = t1 ? (vsid << 24) | SSIZE_1T : vsid << 12;

    g_assert_true(ppc_slb_store(env, esid | ESID_V | (uint64_t)index,
                                v | flags));
}

/* Linux's hpt_hash() from the VPN (VA >> 12) */
static inline uint64_t linux_hash(uint64_t vpn, unsigned shift, bool t1)
{
    unsigned sid = t1 ? 40 : 28;
    uint64_t mask = (1ull << (sid - 12)) - 1, vsid = vpn >> (sid - 12);
    uint64_t h = vsid ^ ((vpn & mask) >> (shift - 12));

    if (t1) {
        h ^= vsid << 25;
    }
    return h & 0x7fffffffffull;
}

static inline uint64_t vpn_of(uint64_t vsid, uint64_t ea, bool t1)
{
    unsigned sid = t1 ? 40 : 28;
    return (vsid << (sid - 12)) | ((ea & ((1ull << sid) - 1)) >> 12);
}

#endif
