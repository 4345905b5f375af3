/*
 * target-ppc: fixed-point multiply, divide and modulo (Power ISA 3.0B
 * Book I 3.3.9): mulli, mullw mulhw mulhwu, mulld mulhd mulhdu, maddhd
 * maddhdu maddld, divw divwu divwe divweu, divd divdu divde divdeu, modsw
 * moduw modsd modud.
 *
 * The IR's own division never traps: a divisor of 0 gives 0, INT_MIN / -1
 * gives INT_MIN and INT_MIN % -1 gives 0 (tcg/ir-ops.def).  The ISA leaves
 * RT undefined in exactly those cases (and, for the extended divides, when
 * the quotient does not fit); POWER9's user manual does not document what
 * the hardware returns, so we return what Debian's qemu-ppc64le 7.2 (the
 * differential reference) returns, measured with -cpu power9:
 *   divw divwu divd divdu, divisor 0:      RT = the dividend (a divide
 *                                           by 1); word forms zero-extend
 *   divw, 0x8000_0000 / -1:                 RT = 0x0000_0000_8000_0000
 *   divd, 0x8000_0000_0000_0000 / -1:       RT = 0x8000_0000_0000_0000
 *   divwe divweu divde divdeu, overflow:    RT = 0
 *   modsw moduw modsd modud, divisor 0 or
 *   INT_MIN % -1:                           RT = 0
 *   defined word results: RT0:31 (undefined) = 0, except divwe (the
 *   64-bit quotient, i.e. sign-extended) and modsw (sign-extended).
 * OV with OE=1 is exactly the ISA's; OV32 = OV for these (ISA 3.0B 3.2.2).
 */
#include "trans-fixed.h"

/* ------------------------------------------------------------- multiply */

/* mulli: RT = low 64 bits of (RA) * EXTS(SI) */
bool trans_mulli(DisasContext *ctx, const PPCArgs *a)
{
    tcg_gen_mul_i64(ctx->s, ppc_g.gpr[a->rt], ppc_g.gpr[a->ra],
                    tcg_constant(ctx->s, a->imm));
    return true;
}

/* mullw[o][.]: RT = EXTS((RA)32:63) * EXTS((RB)32:63), the whole 64-bit
   product; OV when it does not fit in 32 signed bits */
bool trans_mullw(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv dst = ppc_g.gpr[a->rt];
    TCGv x = tcg_temp_new(s);
    TCGv y = tcg_temp_new(s);

    tcg_gen_ext32s(s, x, ppc_g.gpr[a->ra]);
    tcg_gen_ext32s(s, y, ppc_g.gpr[a->rb]);
    tcg_gen_mul_i64(s, dst, x, y);
    if (a->oe) {
        TCGv ov = tcg_temp_new(s);

        tcg_gen_ext32s(s, x, dst);
        tcg_gen_setcond_i64(s, TCG_COND_NE, ov, dst, x);
        gen_set_ov_muldiv(ctx, ov);
    }
    gen_rc(ctx, a, dst);
    return true;
}

/* mulld[o][.]: RT = low 64 bits of (RA) * (RB); OV when the 128-bit
   product is not the sign extension of its low half */
bool trans_mulld(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv dst = ppc_g.gpr[a->rt];

    if (a->oe) {
        TCGv lo = tcg_temp_new(s);
        TCGv hi = tcg_temp_new(s);

        tcg_gen_mul_i64(s, lo, ppc_g.gpr[a->ra], ppc_g.gpr[a->rb]);
        tcg_gen_mulsh_i64(s, hi, ppc_g.gpr[a->ra], ppc_g.gpr[a->rb]);
        tcg_gen_mov(s, dst, lo);
        tcg_gen_sari_i64(s, lo, lo, 63);
        tcg_gen_setcond_i64(s, TCG_COND_NE, hi, hi, lo);
        gen_set_ov_muldiv(ctx, hi);
    } else {
        tcg_gen_mul_i64(s, dst, ppc_g.gpr[a->ra], ppc_g.gpr[a->rb]);
    }
    gen_rc(ctx, a, dst);
    return true;
}

/* mulhw[.]: RT32:63 = high word of the signed 32x32 product; RT0:31 = 0 */
bool trans_mulhw(DisasContext *ctx, const PPCArgs *a)
{
    tcg_gen_mulsh_i32(ctx->s, ppc_g.gpr[a->rt], ppc_g.gpr[a->ra],
                      ppc_g.gpr[a->rb]);
    gen_rc(ctx, a, ppc_g.gpr[a->rt]);
    return true;
}

/* mulhwu[.]: the same, unsigned */
bool trans_mulhwu(DisasContext *ctx, const PPCArgs *a)
{
    tcg_gen_muluh_i32(ctx->s, ppc_g.gpr[a->rt], ppc_g.gpr[a->ra],
                      ppc_g.gpr[a->rb]);
    gen_rc(ctx, a, ppc_g.gpr[a->rt]);
    return true;
}

/* mulhd[.]: RT = high 64 bits of the signed 128-bit product */
bool trans_mulhd(DisasContext *ctx, const PPCArgs *a)
{
    tcg_gen_mulsh_i64(ctx->s, ppc_g.gpr[a->rt], ppc_g.gpr[a->ra],
                      ppc_g.gpr[a->rb]);
    gen_rc(ctx, a, ppc_g.gpr[a->rt]);
    return true;
}

/* mulhdu[.]: the same, unsigned */
bool trans_mulhdu(DisasContext *ctx, const PPCArgs *a)
{
    tcg_gen_muluh_i64(ctx->s, ppc_g.gpr[a->rt], ppc_g.gpr[a->ra],
                      ppc_g.gpr[a->rb]);
    gen_rc(ctx, a, ppc_g.gpr[a->rt]);
    return true;
}

/* maddld (ISA 3.0): RT = low 64 bits of (RA) * (RB) + (RC) */
bool trans_maddld(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv t = tcg_temp_new(s);

    tcg_gen_mul_i64(s, t, ppc_g.gpr[a->ra], ppc_g.gpr[a->rb]);
    tcg_gen_add_i64(s, ppc_g.gpr[a->rt], t, ppc_g.gpr[a->rc]);
    return true;
}

/*
 * maddhd / maddhdu (ISA 3.0): RT = high 64 bits of the 128-bit
 * (RA) * (RB) + EXTS(RC) (EXTZ for maddhdu): the high product, plus the
 * carry out of the low half, plus the high half of the extended RC (-1 or
 * 0 when signed, 0 when unsigned).
 */
static void gen_maddh(DisasContext *ctx, const PPCArgs *a, bool sign)
{
    TCGContext *s = ctx->s;
    TCGv ra = ppc_g.gpr[a->ra], rb = ppc_g.gpr[a->rb], rc = ppc_g.gpr[a->rc];
    TCGv lo = tcg_temp_new(s);
    TCGv hi = tcg_temp_new(s);
    TCGv sum = tcg_temp_new(s);

    tcg_gen_mul_i64(s, lo, ra, rb);
    if (sign) {
        tcg_gen_mulsh_i64(s, hi, ra, rb);
    } else {
        tcg_gen_muluh_i64(s, hi, ra, rb);
    }
    tcg_gen_add_i64(s, sum, lo, rc);
    tcg_gen_setcond_i64(s, TCG_COND_LTU, lo, sum, lo);
    if (sign) {
        tcg_gen_add_i64(s, hi, hi, lo);
        tcg_gen_sari_i64(s, lo, rc, 63);
        tcg_gen_add_i64(s, ppc_g.gpr[a->rt], hi, lo);
    } else {
        tcg_gen_add_i64(s, ppc_g.gpr[a->rt], hi, lo);
    }
}

bool trans_maddhd(DisasContext *ctx, const PPCArgs *a)
{
    gen_maddh(ctx, a, true);
    return true;
}

bool trans_maddhdu(DisasContext *ctx, const PPCArgs *a)
{
    gen_maddh(ctx, a, false);
    return true;
}

/* --------------------------------------------------------------- divide */

/*
 * ov = (divisor == 0) | (dividend == INT_MIN & divisor == -1), at the
 * width of the operation (low 32 bits when word)
 */
static TCGv gen_divs_overflow(TCGContext *s, TCGv dividend, TCGv divisor,
                              bool word)
{
    TCGv ov = tcg_temp_new(s);
    TCGv t = tcg_temp_new(s);

    if (word) {
        tcg_gen_setcondi_i32(s, TCG_COND_EQ, ov, dividend, INT32_MIN);
        tcg_gen_setcondi_i32(s, TCG_COND_EQ, t, divisor, -1);
        tcg_gen_and_i64(s, ov, ov, t);
        tcg_gen_setcondi_i32(s, TCG_COND_EQ, t, divisor, 0);
    } else {
        tcg_gen_setcondi_i64(s, TCG_COND_EQ, ov, dividend, INT64_MIN);
        tcg_gen_setcondi_i64(s, TCG_COND_EQ, t, divisor, -1);
        tcg_gen_and_i64(s, ov, ov, t);
        tcg_gen_setcondi_i64(s, TCG_COND_EQ, t, divisor, 0);
    }
    tcg_gen_or_i64(s, ov, ov, t);
    return ov;
}

/*
 * divw divwu divd divdu [o][.]: RT = (RA) / (RB) at the given width.  A
 * zero divisor is replaced by 1 (qemu's result, see the top of the file);
 * INT_MIN / -1 is already INT_MIN in the IR.
 */
static void gen_div(DisasContext *ctx, const PPCArgs *a, bool word,
                    bool sign)
{
    TCGContext *s = ctx->s;
    TCGv ra = ppc_g.gpr[a->ra], rb = ppc_g.gpr[a->rb];
    TCGv one = tcg_constant(s, 1), zero = tcg_constant(s, 0);
    TCGv d = tcg_temp_new(s);
    TCGv ov = 0;

    if (a->oe) {
        /* before RT is written: RT may be RA or RB */
        if (sign) {
            ov = gen_divs_overflow(s, ra, rb, word);
        } else {
            ov = tcg_temp_new(s);
            if (word) {
                tcg_gen_setcondi_i32(s, TCG_COND_EQ, ov, rb, 0);
            } else {
                tcg_gen_setcondi_i64(s, TCG_COND_EQ, ov, rb, 0);
            }
        }
    }
    if (word) {
        tcg_gen_movcond_i32(s, TCG_COND_EQ, d, rb, zero, one, rb);
        if (sign) {
            tcg_gen_divs_i32(s, ppc_g.gpr[a->rt], ra, d);
        } else {
            tcg_gen_divu_i32(s, ppc_g.gpr[a->rt], ra, d);
        }
    } else {
        tcg_gen_movcond_i64(s, TCG_COND_EQ, d, rb, zero, one, rb);
        if (sign) {
            tcg_gen_divs_i64(s, ppc_g.gpr[a->rt], ra, d);
        } else {
            tcg_gen_divu_i64(s, ppc_g.gpr[a->rt], ra, d);
        }
    }
    if (a->oe) {
        gen_set_ov_muldiv(ctx, ov);
    }
    gen_rc(ctx, a, ppc_g.gpr[a->rt]);
}

bool trans_divw(DisasContext *ctx, const PPCArgs *a)
{
    gen_div(ctx, a, true, true);
    return true;
}

bool trans_divwu(DisasContext *ctx, const PPCArgs *a)
{
    gen_div(ctx, a, true, false);
    return true;
}

bool trans_divd(DisasContext *ctx, const PPCArgs *a)
{
    gen_div(ctx, a, false, true);
    return true;
}

bool trans_divdu(DisasContext *ctx, const PPCArgs *a)
{
    gen_div(ctx, a, false, false);
    return true;
}

/*
 * divwe[o][.]: dividend (RA)32:63 || 0^32, divisor EXTS((RB)32:63); the
 * 64-bit division is exact in the IR, and the quotient is valid when the
 * divisor is not 0 and the quotient fits in 32 signed bits (INT64_MIN / -1
 * yields INT64_MIN in the IR, which does not fit either).  RT = 0 on
 * overflow.
 */
bool trans_divwe(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv n = tcg_temp_new(s), d = tcg_temp_new(s), q = tcg_temp_new(s);
    TCGv ov = tcg_temp_new(s);

    tcg_gen_shli_i64(s, n, ppc_g.gpr[a->ra], 32);
    tcg_gen_ext32s(s, d, ppc_g.gpr[a->rb]);
    tcg_gen_divs_i64(s, q, n, d);
    tcg_gen_ext32s(s, n, q);
    tcg_gen_setcond_i64(s, TCG_COND_NE, ov, q, n);
    tcg_gen_setcondi_i64(s, TCG_COND_EQ, d, d, 0);
    tcg_gen_or_i64(s, ov, ov, d);
    tcg_gen_movcond_i64(s, TCG_COND_NE, ppc_g.gpr[a->rt], ov,
                        tcg_constant(s, 0), tcg_constant(s, 0), q);
    if (a->oe) {
        gen_set_ov_muldiv(ctx, ov);
    }
    gen_rc(ctx, a, ppc_g.gpr[a->rt]);
    return true;
}

/*
 * divweu[o][.]: dividend (RA)32:63 || 0^32, divisor (RB)32:63, unsigned;
 * the quotient fits in 32 bits exactly when (RA)32:63 <u (RB)32:63, which
 * also rules out a zero divisor.  RT = 0 on overflow.
 */
bool trans_divweu(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv n = tcg_temp_new(s), d = tcg_temp_new(s), ov = tcg_temp_new(s);

    tcg_gen_setcond_i32(s, TCG_COND_GEU, ov, ppc_g.gpr[a->ra],
                        ppc_g.gpr[a->rb]);
    tcg_gen_shli_i64(s, n, ppc_g.gpr[a->ra], 32);
    tcg_gen_ext32u(s, d, ppc_g.gpr[a->rb]);
    tcg_gen_divu_i64(s, n, n, d);
    tcg_gen_movcond_i64(s, TCG_COND_NE, ppc_g.gpr[a->rt], ov,
                        tcg_constant(s, 0), tcg_constant(s, 0), n);
    if (a->oe) {
        gen_set_ov_muldiv(ctx, ov);
    }
    gen_rc(ctx, a, ppc_g.gpr[a->rt]);
    return true;
}

/*
 * divde[o][.]: (RA) || 0^64 divided by EXTS(RB), in a helper that returns
 * 0 on overflow.  A valid quotient is never 0 unless (RA) = 0 (|dividend|
 * >= 2^64 > 2 * |divisor| otherwise), so OV = (q == 0) & ((RA) != 0 |
 * (RB) == 0), without a second call.
 */
bool trans_divde(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv ra = ppc_g.gpr[a->ra], rb = ppc_g.gpr[a->rb];
    TCGv q = tcg_temp_new(s);

    gen_helper_2(s, &helper_info_divde, q, ra, rb);
    if (a->oe) {
        TCGv ov = tcg_temp_new(s), t = tcg_temp_new(s);

        tcg_gen_setcondi_i64(s, TCG_COND_NE, ov, ra, 0);
        tcg_gen_setcondi_i64(s, TCG_COND_EQ, t, rb, 0);
        tcg_gen_or_i64(s, ov, ov, t);
        tcg_gen_setcondi_i64(s, TCG_COND_EQ, t, q, 0);
        tcg_gen_and_i64(s, ov, ov, t);
        gen_set_ov_muldiv(ctx, ov);
    }
    tcg_gen_mov(s, ppc_g.gpr[a->rt], q);
    gen_rc(ctx, a, ppc_g.gpr[a->rt]);
    return true;
}

/* divdeu[o][.]: (RA) || 0^64 divided by (RB), unsigned; overflow exactly
   when (RA) >=u (RB) */
bool trans_divdeu(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv ra = ppc_g.gpr[a->ra], rb = ppc_g.gpr[a->rb];

    if (a->oe) {
        TCGv ov = tcg_temp_new(s);

        tcg_gen_setcond_i64(s, TCG_COND_GEU, ov, ra, rb);
        gen_helper_2(s, &helper_info_divdeu, ppc_g.gpr[a->rt], ra, rb);
        gen_set_ov_muldiv(ctx, ov);
    } else {
        gen_helper_2(s, &helper_info_divdeu, ppc_g.gpr[a->rt], ra, rb);
    }
    gen_rc(ctx, a, ppc_g.gpr[a->rt]);
    return true;
}

/* --------------------------------------------------------------- modulo */

/* modsw (ISA 3.0): RT = EXTS((RA)32:63 % (RB)32:63), the remainder having
   the sign of the dividend */
bool trans_modsw(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;

    tcg_gen_rems_i32(s, ppc_g.gpr[a->rt], ppc_g.gpr[a->ra], ppc_g.gpr[a->rb]);
    tcg_gen_ext32s(s, ppc_g.gpr[a->rt], ppc_g.gpr[a->rt]);
    return true;
}

/* moduw: RT32:63 = (RA)32:63 % (RB)32:63 unsigned, RT0:31 = 0 */
bool trans_moduw(DisasContext *ctx, const PPCArgs *a)
{
    tcg_gen_remu_i32(ctx->s, ppc_g.gpr[a->rt], ppc_g.gpr[a->ra],
                     ppc_g.gpr[a->rb]);
    return true;
}

/* modsd: RT = (RA) % (RB) signed */
bool trans_modsd(DisasContext *ctx, const PPCArgs *a)
{
    tcg_gen_rems_i64(ctx->s, ppc_g.gpr[a->rt], ppc_g.gpr[a->ra],
                     ppc_g.gpr[a->rb]);
    return true;
}

/* modud: RT = (RA) % (RB) unsigned */
bool trans_modud(DisasContext *ctx, const PPCArgs *a)
{
    tcg_gen_remu_i64(ctx->s, ppc_g.gpr[a->rt], ppc_g.gpr[a->ra],
                     ppc_g.gpr[a->rb]);
    return true;
}
