/*
 * target-ppc/helper-vsx.c: the VSX instructions of Power ISA 3.0B Book I
 * chapter 7 that are not inline IR and not floating-point arithmetic
 * (which helper-fp.c does for FPRs and VSX scalars alike): the
 * variable-length loads and stores, the permutes that read the old target,
 * word extract/insert, and the non-signalling scalar format conversions.
 */
#include "exec.h"
#include "trans-vec.h"

#define INFO(fn, n, ret, fl)                                                  \
    const TCGHelperInfo helper_info_##fn = {                                  \
        .func = (void *)helper_##fn, .name = #fn,                             \
        .nb_iargs = (n), .has_ret = (ret), .flags = (fl),                     \
    };

/* ---------------------------------------------- permute 7.6.2 (3.0) */

/* xxperm XT,XA,XB: byte i <- (XA||XT).byte[XB.byte[i] & 31]; xxpermr
   counts the index from the right */
static void do_xxperm(CPUPPCState *env, uint64_t t, uint64_t ia,
                      uint64_t ib, bool right)
{
    PPCVec a = vec_get(env, ia), old = vec_get(env, t), c = vec_get(env, ib);
    PPCVec r = {{0, 0}};

    for (int i = 0; i < 16; i++) {
        unsigned idx = VB(c, i) & 31;

        if (right) {
            idx = 31 - idx;
        }
        VB(r, i) = idx < 16 ? VB(a, idx) : VB(old, idx - 16);
    }
    vec_put(env, t, &r);
}

static void helper_xxperm(CPUPPCState *env, uint64_t t, uint64_t ia,
                          uint64_t ib)
{
    do_xxperm(env, t, ia, ib, false);
}
INFO(xxperm, 3, 0, VEC_HELPER_WRITES)

static void helper_xxpermr(CPUPPCState *env, uint64_t t, uint64_t ia,
                           uint64_t ib)
{
    do_xxperm(env, t, ia, ib, true);
}
INFO(xxpermr, 3, 0, VEC_HELPER_WRITES)

/* xxextractuw XT,XB,UIM (3.0): XB's bytes UIM..UIM+3 as word 1 of XT,
   every other byte 0 */
static void helper_xxextractuw(CPUPPCState *env, uint64_t t, uint64_t ib,
                               uint64_t uim)
{
    PPCVec b = vec_get(env, ib), r = {{0, 0}};

    VD(r, 0) = vec_bytes_at(&b, uim & 15, 4);
    vec_put(env, t, &r);
}
INFO(xxextractuw, 3, 0, VEC_HELPER_WRITES)

/* xxinsertw XT,XB,UIM (3.0): word 1 of XB into XT's bytes UIM..UIM+3 */
static void helper_xxinsertw(CPUPPCState *env, uint64_t t, uint64_t ib,
                             uint64_t uim)
{
    PPCVec b = vec_get(env, ib), r = vec_get(env, t);

    vec_set_bytes_at(&r, uim & 15, 4, VW(b, 1));
    vec_put(env, t, &r);
}
INFO(xxinsertw, 3, 0, VEC_HELPER_WRITES)

/* ------------------------------------------ load/store with length 7.6 */

/*
 * lxvl, lxvll, stxvl, stxvll (3.0): nb = RB[0:7] bytes (at most 16).  The
 * "ll" forms and big-endian lxvl/stxvl put byte i of memory in byte i of
 * the register; little-endian lxvl/stxvl in byte 15-i.  Loads zero the
 * bytes not loaded.  Accesses go byte by byte through the MMU, so a fault
 * is precise; a store that faults part way has stored its first bytes,
 * which the ISA allows for a storage interrupt.
 */
static unsigned vec_len_pos(unsigned i, uint64_t flags)
{
    return (flags & VSX_LEN_LE) && !(flags & VSX_LEN_LEFT) ? 15 - i : i;
}

static uint64_t vec_len_nb(uint64_t rb)
{
    uint64_t nb = rb >> 56;

    return nb > 16 ? 16 : nb;
}

static uint64_t vec_ea_mask(const CPUPPCState *env)
{
    return (env->msr & MSR_BIT(MSR_SF)) ? UINT64_MAX : UINT32_MAX;
}

static void helper_lxvl(CPUPPCState *env, uint64_t t, uint64_t ea,
                        uint64_t rb, uint64_t flags)
{
    uintptr_t ra = GETPC();
    TCGMemOpIdx oi = make_memop_idx(MO_8, flags & 3);
    uint64_t nb = vec_len_nb(rb), mask = vec_ea_mask(env);
    PPCVec r = {{0, 0}};

    for (unsigned i = 0; i < nb; i++) {
        VB(r, vec_len_pos(i, flags)) =
            (uint8_t)cpu_ld_mmu(env, (ea + i) & mask, oi, ra);
    }
    vec_put(env, t, &r);
}
INFO(lxvl, 4, 0, VEC_HELPER_READS_MSR)

static void helper_stxvl(CPUPPCState *env, uint64_t s, uint64_t ea,
                         uint64_t rb, uint64_t flags)
{
    uintptr_t ra = GETPC();
    TCGMemOpIdx oi = make_memop_idx(MO_8, flags & 3);
    uint64_t nb = vec_len_nb(rb), mask = vec_ea_mask(env);
    PPCVec v = vec_get(env, s);

    for (unsigned i = 0; i < nb; i++) {
        cpu_st_mmu(env, (ea + i) & mask, VB(v, vec_len_pos(i, flags)), oi,
                   ra);
    }
}
INFO(stxvl, 4, 0, VEC_HELPER_READS_MSR)

/* --------------------------------------- non-signalling conversions */

/* xscvdpspn (7.6.1): SINGLE() of doubleword 0, in words 0 and 1 */
static uint64_t helper_xscvdpspn(CPUPPCState *env, uint64_t d)
{
    return (uint64_t)ppc_fp_double_to_single(d) * 0x100000001ull;
}
INFO(xscvdpspn, 1, 1, TCG_CALL_PURE)

/* xscvspdpn: DOUBLE() of word 0 (an SNaN stays signalling) */
static uint64_t helper_xscvspdpn(CPUPPCState *env, uint64_t d)
{
    return ppc_fp_single_to_double((uint32_t)(d >> 32));
}
INFO(xscvspdpn, 1, 1, TCG_CALL_PURE)
