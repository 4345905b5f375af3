/*
 * target-ppc/trans-amo.c: the atomic memory operations of Power ISA 3.0B
 * Book II 4.5: lwat, ldat (load and do a function) and stwat, stdat
 * (store and do a function).  EA = (RA|0), aligned to the operand size
 * (else the alignment interrupt); FC (bits 16:20) selects the function.
 *
 *   lwat/ldat RT,RA,FC: RT gets the old value (zero-extended); the operand
 *   is RT+1, the second operand RT+2 (register numbers modulo 32):
 *     0 add, 1 xor, 2 or, 3 and, 4 max unsigned, 5 max signed,
 *     6 min unsigned, 7 min signed, 8 swap (store RT+1),
 *     16 compare and swap not equal (old != RT+1: store RT+2),
 *     24 fetch and increment bounded (old != the next operand in storage,
 *        at EA + size: store old + 1; else RT = the value 1 << (8*size-1)
 *        and storage unchanged), 25 fetch and increment equal (the same
 *        when old == the next operand), 28 fetch and decrement bounded
 *        (old != the operand before, at EA - size: store old - 1).
 *   stwat/stdat RS,RA,FC: storage op= RS: 0 add, 1 xor, 2 or, 3 and,
 *     4-7 max/min unsigned/signed, 24 store twin (the operands at EA and
 *     EA + size equal: RS to both).
 *   Any other FC: the illegal instruction program interrupt (the ISA
 *   leaves them invalid).
 *
 * The read-modify-write of the operand is one host compare-and-swap on
 * guest RAM, so it is atomic against the other vCPUs' threads; the
 * neighbour read by the bounded/equal/twin forms is a plain load (the
 * second store of store twin is not atomic with the first).  The operand
 * must be in RAM (cpu_probe_access raises the storage interrupts).
 */
#include <string.h>

#include "trans-ldst.h"

#define AMO_STORE 0x100   /* stwat/stdat */
#define AMO_SIZE_SHIFT 9  /* log2 of the size */

static uint64_t mem_get(const void *p, unsigned size, bool bswap)
{
    uint64_t v;

    if (size == 4) {
        uint32_t w;

        memcpy(&w, p, 4);
        v = bswap ? __builtin_bswap32(w) : w;
    } else {
        memcpy(&v, p, 8);
        v = bswap ? __builtin_bswap64(v) : v;
    }
    return v;
}

static uint64_t to_host_order(uint64_t v, unsigned size, bool bswap)
{
    if (!bswap) {
        return v;
    }
    return size == 4 ? __builtin_bswap32((uint32_t)v) : __builtin_bswap64(v);
}

/* one compare-and-swap of the operand: true if it held old */
static bool mem_cas(void *p, unsigned size, bool bswap, uint64_t old,
                    uint64_t new)
{
    if (size == 4) {
        uint32_t e = (uint32_t)to_host_order(old, 4, bswap);

        return __atomic_compare_exchange_n((uint32_t *)p, &e,
                                           (uint32_t)to_host_order(new, 4, bswap),
                                           false, __ATOMIC_SEQ_CST,
                                           __ATOMIC_SEQ_CST);
    }
    uint64_t e = to_host_order(old, 8, bswap);

    return __atomic_compare_exchange_n((uint64_t *)p, &e,
                                       to_host_order(new, 8, bswap), false,
                                       __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

static bool amo_fc_valid(unsigned fc, bool store)
{
    return fc <= 7 || fc == 24 || (!store && (fc == 8 || fc == 16 ||
                                              fc == 25 || fc == 28));
}

/* desc: FC | AMO_STORE | log2(size) << AMO_SIZE_SHIFT | le << 12 |
   mmu_idx << 16.  Returns the new RT (loads). */
static uint64_t helper_amo(CPUPPCState *env, uint64_t ea, uint64_t desc,
                           uint64_t v1, uint64_t v2)
{
    unsigned fc = desc & 31, size = 1u << ((desc >> AMO_SIZE_SHIFT) & 7);
    bool store = desc & AMO_STORE, bswap = !((desc >> 12) & 1);
    int mmu_idx = (int)(desc >> 16);
    uint64_t mask = size == 4 ? 0xffffffffull : ~0ull;
    uint64_t sign = 1ull << (8 * size - 1);
    void *p, *q = NULL;
    uint64_t old, new = 0, ret;

    if (ea & (size - 1)) {
        ppc_raise_alignment(env, ea, GETPC());
    }
    p = cpu_probe_access(env, ea, (int)size, true, mmu_idx, GETPC());
    if (fc == 24 || fc == 25) {
        q = cpu_probe_access(env, ea + size, (int)size, store, mmu_idx,
                             GETPC());
    } else if (fc == 28) {
        q = cpu_probe_access(env, ea - size, (int)size, false, mmu_idx,
                             GETPC());
    }
    v1 &= mask;
    v2 &= mask;
    for (;;) {
        bool write = true;

        old = mem_get(p, size, bswap);
        ret = old;
        switch (fc) {
        case 0:
            new = old + v1;
            break;
        case 1:
            new = old ^ v1;
            break;
        case 2:
            new = old | v1;
            break;
        case 3:
            new = old & v1;
            break;
        case 4:
            new = old > v1 ? old : v1;
            break;
        case 5:
            new = (old ^ sign) > (v1 ^ sign) ? old : v1;
            break;
        case 6:
            new = old < v1 ? old : v1;
            break;
        case 7:
            new = (old ^ sign) < (v1 ^ sign) ? old : v1;
            break;
        case 8:
            new = v1;
            break;
        case 16:
            new = v2;
            write = old != v1;
            break;
        case 24:
            if (store) {
                /* store twin */
                write = old == mem_get(q, size, bswap);
                new = v1;
                break;
            }
            /* fall through */
        case 25:
        case 28: {
            uint64_t other = mem_get(q, size, bswap);

            write = fc == 25 ? old == other : old != other;
            new = fc == 28 ? old - 1 : old + 1;
            if (!write) {
                ret = sign;
            }
            break;
        }
        default:
            ppc_raise_exception(env, EXCP_PROGRAM, SRR1_PROG_ILLEGAL, GETPC());
        }
        if (!write) {
            break;
        }
        if (mem_cas(p, size, bswap, old, new & mask)) {
            if (store && fc == 24) {
                uint64_t v = to_host_order(new & mask, size, bswap);

                memcpy(q, &v, size); /* host little-endian: low bytes */
            }
            break;
        }
    }
    return ret;
}

static const TCGHelperInfo helper_info_amo = {
    .func = (void *)helper_amo, .name = "amo",
    .nb_iargs = 4, .has_ret = 1, .flags = TCG_CALL_NO_WRITE_GLOBALS,
};

static bool do_amo(DisasContext *ctx, const PPCArgs *a, unsigned lg,
                   bool store)
{
    TCGContext *s = ctx->s;
    unsigned fc = a->rb; /* FC: the RB field */
    unsigned rt = a->rt;
    TCGv ea, args[4];

    if (!amo_fc_valid(fc, store)) {
        return false;
    }
    ea = gen_ea_imm(ctx, a->ra, 0);
    args[0] = ea;
    args[1] = tcg_constant(s, (int64_t)(fc | (store ? AMO_STORE : 0) |
                                        lg << AMO_SIZE_SHIFT |
                                        (ctx->le ? 1u << 12 : 0) |
                                        (unsigned)ctx->mem_idx << 16));
    args[2] = ppc_g.gpr[store ? rt : (rt + 1) & 31];
    args[3] = ppc_g.gpr[(rt + 2) & 31];
    if (store) {
        TCGv junk = tcg_temp_new(s);

        tcg_gen_call(s, tcg_helper_register(&helper_info_amo), junk, 4, args);
    } else {
        tcg_gen_call(s, tcg_helper_register(&helper_info_amo),
                     ppc_g.gpr[rt], 4, args);
    }
    return true;
}

bool trans_lwat(DisasContext *ctx, const PPCArgs *a)
{
    return do_amo(ctx, a, 2, false);
}

bool trans_ldat(DisasContext *ctx, const PPCArgs *a)
{
    return do_amo(ctx, a, 3, false);
}

bool trans_stwat(DisasContext *ctx, const PPCArgs *a)
{
    return do_amo(ctx, a, 2, true);
}

bool trans_stdat(DisasContext *ctx, const PPCArgs *a)
{
    return do_amo(ctx, a, 3, true);
}
