/*
 * target-ppc: what the fixed-point translators (Power ISA 3.0B Book I
 * 3.3.9 - 3.3.14: trans-arith.c, trans-muldiv.c, trans-compare.c,
 * trans-logic.c, trans-count.c, trans-rotate.c) share: (RA|0), the Rc and
 * OE epilogues, the ISA's MASK(), and the few C helpers they call.
 *
 * XER lives in split globals (ppc_g.so/ov/ca/ov32/ca32), each holding 0 or
 * 1, so setting a flag is one setcond and never a read-modify-write of XER.
 */
#ifndef POWERJIT_TARGET_PPC_TRANS_FIXED_H
#define POWERJIT_TARGET_PPC_TRANS_FIXED_H

#include <stddef.h>

#include "translate.h"

/* (RA|0): register RA, or the constant 0 when the RA field is 0 */
static inline TCGv gen_ra_or_zero(DisasContext *ctx, int ra)
{
    return ra ? ppc_g.gpr[ra] : tcg_constant(ctx->s, 0);
}

/* Rc=1: CR0 from the result just written */
static inline void gen_rc(DisasContext *ctx, const PPCArgs *a, TCGv result)
{
    if (a->rc_bit) {
        gen_set_cr0(ctx, result);
    }
}

/*
 * OE=1 of Multiply Low and Divide (ISA 3.0B 3.2.2 XER): OV and OV32 both
 * take the overflow of the operation's own width, in either mode; SO
 * accumulates it.  ov holds 0 or 1.
 */
static inline void gen_set_ov_muldiv(DisasContext *ctx, TCGv ov)
{
    TCGContext *s = ctx->s;

    tcg_gen_mov(s, ppc_g.ov, ov);
    tcg_gen_mov(s, ppc_g.ov32, ov);
    tcg_gen_or_i64(s, ppc_g.so, ppc_g.so, ov);
}

/*
 * MASK(mb, me) of ISA 3.0B 1.3.2 in 64-bit big-endian bit numbering: ones
 * from bit mb to bit me, wrapping around past bit 63 when mb > me.
 */
static inline uint64_t ppc_mask64(unsigned mb, unsigned me)
{
    uint64_t from_mb = ~0ull >> mb;        /* bits mb..63 */
    uint64_t to_me = ~0ull << (63 - me);   /* bits 0..me */

    return mb <= me ? (from_mb & to_me) : (from_mb | to_me);
}

/*
 * dst = src & m, choosing a zero-extension when the mask is one (cheaper
 * on the host than an AND with a 64-bit immediate).
 */
void gen_andi_mask(TCGContext *s, TCGv dst, TCGv src, uint64_t m);

/* helper-arith.c: pure C helpers (no guest state read or written) */
uint64_t helper_divde(CPUPPCState *env, uint64_t ra, uint64_t rb);
uint64_t helper_divdeu(CPUPPCState *env, uint64_t ra, uint64_t rb);
uint64_t helper_bpermd(CPUPPCState *env, uint64_t rs, uint64_t rb);
extern const TCGHelperInfo helper_info_divde;
extern const TCGHelperInfo helper_info_divdeu;
extern const TCGHelperInfo helper_info_bpermd;

/* emits a call of a two-argument helper: ret = fn(env, a0, a1) */
static inline void gen_helper_2(TCGContext *s, const TCGHelperInfo *info,
                                TCGv ret, TCGv a0, TCGv a1)
{
    TCGv args[2] = { a0, a1 };

    tcg_gen_call(s, tcg_helper_register(info), ret, 2, args);
}

#endif
