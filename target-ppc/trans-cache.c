/*
 * target-ppc/trans-cache.c: the cache management instructions of Power ISA
 * 3.0B Book II 4.3: dcbz, dcbst, dcbf, dcbt, dcbtst, icbi, icbt.
 *
 * The emulated machine has no caches, so most of these only keep their
 * architected side effects:
 *  - dcbt, dcbtst, icbt are hints that never cause an interrupt (4.3.1,
 *    4.3.2): nothing to do, whatever their TH/CT fields say (the
 *    transactional and stream variants, dcbtt/dcbtstt, included).
 *  - dcbst and dcbf are "treated as a Load" (4.3.2): they may take a DSI,
 *    so they probe the byte at EA and discard it.
 *  - dcbz writes zeros over the 128-byte block containing EA (helper).
 *  - icbi drops the translated code of the page holding EA and ends the TB,
 *    so that the ISA's dcbst; sync; icbi; isync sequence runs new code.
 * dcbi does not exist in ISA 3.0 (it was Book III-E), so it stays illegal.
 */
#include "trans-ldst.h"

/* dcbz RA,RB (4.3.2) */
bool trans_dcbz(DisasContext *ctx, const PPCArgs *a)
{
    TCGv args[2] = {
        gen_ea_reg(ctx, a->ra, a->rb),
        tcg_constant(ctx->s, ctx->mem_idx),
    };

    gen_ldst_helper(ctx, &helper_info_dcbz, 0, 2, args);
    return true;
}

/* dcbst RA,RB and dcbf RA,RB,L (4.3.2): a load's translation and
   protection checks, no data */
static bool do_flush(DisasContext *ctx, const PPCArgs *a)
{
    TCGv t = tcg_temp_new(ctx->s);

    gen_ld(ctx, t, gen_ea_reg(ctx, a->ra, a->rb), MO_8);
    return true;
}

bool trans_dcbst(DisasContext *ctx, const PPCArgs *a)
{
    return do_flush(ctx, a);
}

bool trans_dcbf(DisasContext *ctx, const PPCArgs *a)
{
    return do_flush(ctx, a);
}

/* dcbt, dcbtst (4.3.2) and icbt (4.3.1): hints */
bool trans_dcbt(DisasContext *ctx, const PPCArgs *a)
{
    return true;
}

bool trans_dcbtst(DisasContext *ctx, const PPCArgs *a)
{
    return true;
}

bool trans_icbt(DisasContext *ctx, const PPCArgs *a)
{
    return true;
}

/* icbi RA,RB (4.3.1) */
bool trans_icbi(DisasContext *ctx, const PPCArgs *a)
{
    TCGv args[2] = {
        gen_ea_reg(ctx, a->ra, a->rb),
        tcg_constant(ctx->s, ctx->mem_idx),
    };

    /* this TB may be among those dropped: the row's INSN_ENDS_TB makes it
       the last instruction of the TB, and the next is looked up afresh */
    gen_ldst_helper(ctx, &helper_info_icbi, 0, 2, args);
    return true;
}
