/*
 * target-ppc: fixed-point compare (Power ISA 3.0B Book I 3.3.10): cmp cmpi
 * cmpl cmpli (L=0 word, L=1 doubleword), cmprb, cmpeqb, and setb.
 *
 * A CR field is a 0..15 value in its own global (LT=8 GT=4 EQ=2 SO=1), so
 * a compare is two conditional moves of constants and an OR of SO: no
 * branches, no shifts.
 */
#include "trans-fixed.h"

enum { CRF_LT = 8, CRF_GT = 4, CRF_EQ = 2, CRF_SO = 1 };

/* CR[bf] = (x <  y ? LT : x > y ? GT : EQ) | SO, signed or unsigned, on
   the low words (sign- or zero-extended by the compare itself) when word */
static void gen_cmp_common(DisasContext *ctx, int bf, TCGv x, TCGv y,
                           bool sign, bool word)
{
    TCGContext *s = ctx->s;
    TCGv crf = ppc_g.crf[bf];
    TCGCond lt = sign ? TCG_COND_LT : TCG_COND_LTU;
    TCGv c_lt = tcg_constant(s, CRF_LT), c_gt = tcg_constant(s, CRF_GT);
    TCGv c_eq = tcg_constant(s, CRF_EQ);

    if (word) {
        tcg_gen_movcond_i32(s, lt, crf, x, y, c_lt, c_gt);
        tcg_gen_movcond_i32(s, TCG_COND_EQ, crf, x, y, c_eq, crf);
    } else {
        tcg_gen_movcond_i64(s, lt, crf, x, y, c_lt, c_gt);
        tcg_gen_movcond_i64(s, TCG_COND_EQ, crf, x, y, c_eq, crf);
    }
    tcg_gen_or_i64(s, crf, crf, ppc_g.so);
}

/* cmp BF,L,RA,RB: signed; L=0 compares EXTS((RA)32:63) and EXTS((RB)32:63),
   L=1 the whole registers (in either computation mode) */
bool trans_cmp(DisasContext *ctx, const PPCArgs *a)
{
    gen_cmp_common(ctx, a->bf, ppc_g.gpr[a->ra], ppc_g.gpr[a->rb], true,
                   a->l == 0);
    return true;
}

/* cmpl BF,L,RA,RB: unsigned */
bool trans_cmpl(DisasContext *ctx, const PPCArgs *a)
{
    gen_cmp_common(ctx, a->bf, ppc_g.gpr[a->ra], ppc_g.gpr[a->rb], false,
                   a->l == 0);
    return true;
}

/* cmpi BF,L,RA,SI: signed against EXTS(SI) (whose low word is EXTS(SI)
   too) */
bool trans_cmpi(DisasContext *ctx, const PPCArgs *a)
{
    gen_cmp_common(ctx, a->bf, ppc_g.gpr[a->ra], tcg_constant(ctx->s, a->imm),
                   true, a->l == 0);
    return true;
}

/* cmpli BF,L,RA,UI: unsigned against EXTZ(UI) */
bool trans_cmpli(DisasContext *ctx, const PPCArgs *a)
{
    gen_cmp_common(ctx, a->bf, ppc_g.gpr[a->ra],
                   tcg_constant(ctx->s, (int64_t)a->uimm), false, a->l == 0);
    return true;
}

/*
 * cmprb BF,L,RA,RB (ISA 3.0): is the byte (RA)56:63 in the range
 * [(RB)56:63, (RB)48:55], or (L=1) in that one or in
 * [(RB)40:47, (RB)32:39]?  CR[BF] = 0b0 || in_range || 0b00 (SO not
 * copied).  Each range test is two conditional moves: in = lo <= c ?
 * (c <= hi ? GT : previous) : previous.
 */
bool trans_cmprb(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv crf = ppc_g.crf[a->bf];
    TCGv rb = ppc_g.gpr[a->rb];
    TCGv c = tcg_temp_new(s), lo = tcg_temp_new(s), hi = tcg_temp_new(s);
    TCGv prev = tcg_constant(s, 0);
    int ranges = a->l ? 2 : 1;

    tcg_gen_ext8u(s, c, ppc_g.gpr[a->ra]);
    for (int i = 0; i < ranges; i++) {
        /* range 0: bytes 7 (lo) and 6 (hi); range 1: bytes 5 and 4 */
        int shift = 16 * i;
        TCGv in = tcg_temp_new(s);
        TCGv out = i == ranges - 1 ? crf : tcg_temp_new(s);

        if (shift) {
            tcg_gen_shri_i64(s, lo, rb, shift);
            tcg_gen_ext8u(s, lo, lo);
        } else {
            tcg_gen_ext8u(s, lo, rb);
        }
        tcg_gen_shri_i64(s, hi, rb, shift + 8);
        tcg_gen_ext8u(s, hi, hi);
        tcg_gen_movcond_i64(s, TCG_COND_LEU, in, c, hi,
                            tcg_constant(s, CRF_GT), prev);
        tcg_gen_movcond_i64(s, TCG_COND_LEU, out, lo, c, in, prev);
        prev = out;
    }
    return true;
}

/*
 * cmpeqb BF,RA,RB (ISA 3.0): does any byte of (RB) equal (RA)56:63?
 * CR[BF] = 0b0 || match || 0b00.  v = RB ^ (byte * 0x0101..01) has a zero
 * byte exactly when one matches, and (v - 0x01..01) & ~v & 0x80..80 is
 * nonzero exactly when v has a zero byte (without a zero byte no borrow
 * crosses a byte, and a byte's bit 7 survives the & ~v only if it was
 * 0x00 before the decrement).
 */
bool trans_cmpeqb(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv v = tcg_temp_new(s), t = tcg_temp_new(s);

    tcg_gen_ext8u(s, v, ppc_g.gpr[a->ra]);
    tcg_gen_mul_i64(s, v, v, tcg_constant(s, 0x0101010101010101ll));
    tcg_gen_xor_i64(s, v, v, ppc_g.gpr[a->rb]);
    tcg_gen_addi_i64(s, t, v, -0x0101010101010101ll);
    tcg_gen_andc_i64(s, t, t, v);
    tcg_gen_movcond_i64(s, TCG_COND_TSTNE, ppc_g.crf[a->bf], t,
                        tcg_constant(s, (int64_t)0x8080808080808080ull),
                        tcg_constant(s, CRF_GT), tcg_constant(s, 0));
    return true;
}

/* setb RT,BFA (ISA 3.0): RT = -1 if CR[BFA].LT, else 1 if CR[BFA].GT,
   else 0 */
bool trans_setb(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv crf = ppc_g.crf[a->bfa];
    TCGv dst = ppc_g.gpr[a->rt];
    TCGv t = tcg_temp_new(s);

    tcg_gen_movcond_i64(s, TCG_COND_TSTNE, t, crf, tcg_constant(s, CRF_GT),
                        tcg_constant(s, 1), tcg_constant(s, 0));
    tcg_gen_movcond_i64(s, TCG_COND_TSTNE, dst, crf, tcg_constant(s, CRF_LT),
                        tcg_constant(s, -1), t);
    return true;
}
