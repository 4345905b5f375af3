/*
 * target-ppc: the counting and byte-wise logical instructions (Power ISA
 * 3.0B Book I 3.3.12 - 3.3.12.2): cntlzw cntlzd cnttzw cnttzd, popcntb
 * popcntw popcntd, prtyw prtyd, cmpb, bpermd.
 *
 * The IR has clz/ctz (of 0: the width, as the ISA wants) and ctpop at both
 * widths; the per-byte forms are branch-free SWAR sequences on the whole
 * register.  Only bpermd goes to a helper.
 */
#include "trans-fixed.h"

/* cntlzw[.] cnttzw[.]: counts in (RS)32:63, 32 when zero */
bool trans_cntlzw(DisasContext *ctx, const PPCArgs *a)
{
    tcg_gen_clz_i32(ctx->s, ppc_g.gpr[a->ra], ppc_g.gpr[a->rt]);
    gen_rc(ctx, a, ppc_g.gpr[a->ra]);
    return true;
}

bool trans_cnttzw(DisasContext *ctx, const PPCArgs *a)
{
    tcg_gen_ctz_i32(ctx->s, ppc_g.gpr[a->ra], ppc_g.gpr[a->rt]);
    gen_rc(ctx, a, ppc_g.gpr[a->ra]);
    return true;
}

/* cntlzd[.] cnttzd[.]: 64 when zero */
bool trans_cntlzd(DisasContext *ctx, const PPCArgs *a)
{
    tcg_gen_clz_i64(ctx->s, ppc_g.gpr[a->ra], ppc_g.gpr[a->rt]);
    gen_rc(ctx, a, ppc_g.gpr[a->ra]);
    return true;
}

bool trans_cnttzd(DisasContext *ctx, const PPCArgs *a)
{
    tcg_gen_ctz_i64(ctx->s, ppc_g.gpr[a->ra], ppc_g.gpr[a->rt]);
    gen_rc(ctx, a, ppc_g.gpr[a->ra]);
    return true;
}

/* popcntb: each byte of RA = the number of ones in that byte of RS
   (pairs, then nibbles, then bytes summed in place) */
bool trans_popcntb(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv x = tcg_temp_new(s), t = tcg_temp_new(s);

    tcg_gen_shri_i64(s, t, ppc_g.gpr[a->rt], 1);
    tcg_gen_andi_i64(s, t, t, 0x5555555555555555ll);
    tcg_gen_sub_i64(s, x, ppc_g.gpr[a->rt], t);
    tcg_gen_shri_i64(s, t, x, 2);
    tcg_gen_andi_i64(s, t, t, 0x3333333333333333ll);
    tcg_gen_andi_i64(s, x, x, 0x3333333333333333ll);
    tcg_gen_add_i64(s, x, x, t);
    tcg_gen_shri_i64(s, t, x, 4);
    tcg_gen_add_i64(s, x, x, t);
    tcg_gen_andi_i64(s, ppc_g.gpr[a->ra], x, 0x0f0f0f0f0f0f0f0fll);
    return true;
}

/* popcntw: each word of RA = the number of ones in that word of RS */
bool trans_popcntw(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv lo = tcg_temp_new(s), hi = tcg_temp_new(s);

    tcg_gen_ctpop_i32(s, lo, ppc_g.gpr[a->rt]);
    tcg_gen_shri_i64(s, hi, ppc_g.gpr[a->rt], 32);
    tcg_gen_ctpop_i64(s, hi, hi);
    tcg_gen_shli_i64(s, hi, hi, 32);
    tcg_gen_or_i64(s, ppc_g.gpr[a->ra], hi, lo);
    return true;
}

bool trans_popcntd(DisasContext *ctx, const PPCArgs *a)
{
    tcg_gen_ctpop_i64(ctx->s, ppc_g.gpr[a->ra], ppc_g.gpr[a->rt]);
    return true;
}

/* prtyw: bit 63 (and 31) of RA = XOR of the least significant bits of the
   four bytes of the low (high) word of RS; the rest 0 */
bool trans_prtyw(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv x = tcg_temp_new(s), t = tcg_temp_new(s);

    tcg_gen_andi_i64(s, x, ppc_g.gpr[a->rt], 0x0101010101010101ll);
    tcg_gen_shri_i64(s, t, x, 16);
    tcg_gen_xor_i64(s, x, x, t);
    tcg_gen_shri_i64(s, t, x, 8);
    tcg_gen_xor_i64(s, x, x, t);
    tcg_gen_andi_i64(s, ppc_g.gpr[a->ra], x, 0x0000000100000001ll);
    return true;
}

/* prtyd: RA = XOR of the least significant bits of the eight bytes */
bool trans_prtyd(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv x = tcg_temp_new(s), t = tcg_temp_new(s);

    tcg_gen_andi_i64(s, x, ppc_g.gpr[a->rt], 0x0101010101010101ll);
    for (int sh = 32; sh >= 8; sh /= 2) {
        tcg_gen_shri_i64(s, t, x, sh);
        tcg_gen_xor_i64(s, x, x, t);
    }
    tcg_gen_andi_i64(s, ppc_g.gpr[a->ra], x, 1);
    return true;
}

/*
 * cmpb RA,RS,RB: each byte of RA = 0xff where the bytes of RS and RB are
 * equal, else 0x00.  With v = RS ^ RB, ((v & 0x7f..) + 0x7f..) | v has
 * bit 7 of a byte set exactly when that byte of v is nonzero (no carry
 * leaves a byte); 0x80 & ~that marks the equal bytes, and (m >> 7) * 0xff
 * widens each 0x01 to 0xff without crossing bytes.
 */
bool trans_cmpb(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv v = tcg_temp_new(s), t = tcg_temp_new(s);

    tcg_gen_xor_i64(s, v, ppc_g.gpr[a->rt], ppc_g.gpr[a->rb]);
    tcg_gen_andi_i64(s, t, v, 0x7f7f7f7f7f7f7f7fll);
    tcg_gen_addi_i64(s, t, t, 0x7f7f7f7f7f7f7f7fll);
    tcg_gen_or_i64(s, t, t, v);
    tcg_gen_andc_i64(s, t, tcg_constant(s, (int64_t)0x8080808080808080ull),
                     t);
    tcg_gen_shri_i64(s, t, t, 7);
    tcg_gen_mul_i64(s, ppc_g.gpr[a->ra], t, tcg_constant(s, 0xff));
    return true;
}

/* bpermd RA,RS,RB (ISA 3.0B 3.3.12.2): a helper, see helper-arith.c */
bool trans_bpermd(DisasContext *ctx, const PPCArgs *a)
{
    gen_helper_2(ctx->s, &helper_info_bpermd, ppc_g.gpr[a->ra],
                 ppc_g.gpr[a->rt], ppc_g.gpr[a->rb]);
    return true;
}
