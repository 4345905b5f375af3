/*
 * target-ppc/trans-dfp.c: decimal floating point (Power ISA 3.0B Book I
 * chapter 5): the compare, test, exponent, shift and DPD/BCD instructions
 * (helper-dfp.c has the list and the formats).  Opcode 59 holds the DFP
 * long forms, opcode 63 the extended (q) forms, whose FRT/FRA/FRB name an
 * even/odd FPR pair (an odd register is an invalid form).  Every one
 * needs MSR[FP] (Book III 6.5.10).
 */
#include "trans-ldst.h"
#include "trans-vec.h"

static bool is_q(const PPCArgs *a)
{
    return (a->insn >> 26) == 63;
}

/* a q form naming an odd register of a pair */
static bool odd_pair(const PPCArgs *a, int r)
{
    return is_q(a) && (r & 1);
}

static unsigned dfp_desc(const PPCArgs *a, unsigned extra)
{
    return (is_q(a) ? DFPD_Q : 0) | extra;
}

static bool gen_dfp_crf(DisasContext *ctx, const PPCArgs *a,
                        const TCGHelperInfo *info, unsigned extra,
                        uint64_t x, uint64_t y)
{
    TCGContext *s = ctx->s;
    TCGv args[3];

    if (!gen_require_fp(ctx)) {
        return true;
    }
    args[0] = tcg_constant(s, dfp_desc(a, extra));
    args[1] = tcg_constant(s, (int64_t)x);
    args[2] = tcg_constant(s, (int64_t)y);
    gen_vec_call(ctx, info, ppc_g.crf[a->bf], 3, args);
    return true;
}

/* dcmpu[q], dcmpo[q] BF,FRA,FRB (5.6.3) */
static bool do_dcmp(DisasContext *ctx, const PPCArgs *a, unsigned extra)
{
    if (odd_pair(a, a->ra) || odd_pair(a, a->rb)) {
        return invalid_form(ctx, "DFP extended operand in an odd FPR");
    }
    return gen_dfp_crf(ctx, a, &helper_info_dfp_cmp, extra, a->ra, a->rb);
}

bool trans_dcmpu(DisasContext *ctx, const PPCArgs *a)
{
    return do_dcmp(ctx, a, 0);
}

bool trans_dcmpo(DisasContext *ctx, const PPCArgs *a)
{
    return do_dcmp(ctx, a, DFPD_ORDERED);
}

/* dtstdc[q], dtstdg[q] BF,FRA,DCM/DGM (Z22: the mask in bits 16:21) */
bool trans_dtstdc(DisasContext *ctx, const PPCArgs *a)
{
    if (odd_pair(a, a->ra)) {
        return invalid_form(ctx, "DFP extended operand in an odd FPR");
    }
    return gen_dfp_crf(ctx, a, &helper_info_dfp_tstdc, 0, a->ra,
                       (a->insn >> 10) & 0x3f);
}

bool trans_dtstdg(DisasContext *ctx, const PPCArgs *a)
{
    if (odd_pair(a, a->ra)) {
        return invalid_form(ctx, "DFP extended operand in an odd FPR");
    }
    return gen_dfp_crf(ctx, a, &helper_info_dfp_tstdg, 0, a->ra,
                       (a->insn >> 10) & 0x3f);
}

/* dtstex[q] BF,FRA,FRB */
bool trans_dtstex(DisasContext *ctx, const PPCArgs *a)
{
    if (odd_pair(a, a->ra) || odd_pair(a, a->rb)) {
        return invalid_form(ctx, "DFP extended operand in an odd FPR");
    }
    return gen_dfp_crf(ctx, a, &helper_info_dfp_tstex, 0, a->ra, a->rb);
}

/* dtstsf[q] BF,FRA,FRB (FRA is a plain FPR); dtstsfi[q] BF,UIM,FRB (UIM:
   bits 10:15) */
bool trans_dtstsf(DisasContext *ctx, const PPCArgs *a)
{
    if (odd_pair(a, a->rb)) {
        return invalid_form(ctx, "DFP extended operand in an odd FPR");
    }
    return gen_dfp_crf(ctx, a, &helper_info_dfp_tstsf, 0, a->ra, a->rb);
}

bool trans_dtstsfi(DisasContext *ctx, const PPCArgs *a)
{
    if (odd_pair(a, a->rb)) {
        return invalid_form(ctx, "DFP extended operand in an odd FPR");
    }
    return gen_dfp_crf(ctx, a, &helper_info_dfp_tstsf, DFPD_IMM,
                       (a->insn >> 16) & 0x3f, a->rb);
}

static bool gen_dfp_call(DisasContext *ctx, const PPCArgs *a,
                         const TCGHelperInfo *info, unsigned extra, int n,
                         uint64_t x, uint64_t y, uint64_t z)
{
    TCGContext *s = ctx->s;
    TCGv args[4];

    if (!gen_require_fp(ctx)) {
        return true;
    }
    args[0] = tcg_constant(s, dfp_desc(a, extra));
    args[1] = tcg_constant(s, (int64_t)x);
    args[2] = tcg_constant(s, (int64_t)y);
    args[3] = tcg_constant(s, (int64_t)z);
    gen_vec_call(ctx, info, 0, n, args);
    if (a->rc_bit) {
        gen_fp_set_cr1(ctx);
    }
    return true;
}

/* dxex[q] FRT,FRB (FRT a plain FPR) */
bool trans_dxex(DisasContext *ctx, const PPCArgs *a)
{
    if (odd_pair(a, a->rb)) {
        return invalid_form(ctx, "DFP extended operand in an odd FPR");
    }
    return gen_dfp_call(ctx, a, &helper_info_dfp_xex, 0, 3, a->rt, a->rb, 0);
}

/* diex[q] FRT,FRA,FRB (FRA a plain FPR) */
bool trans_diex(DisasContext *ctx, const PPCArgs *a)
{
    if (odd_pair(a, a->rt) || odd_pair(a, a->rb)) {
        return invalid_form(ctx, "DFP extended operand in an odd FPR");
    }
    return gen_dfp_call(ctx, a, &helper_info_dfp_iex, 0, 4, a->rt, a->ra,
                        a->rb);
}

/* ddedpd[q] SP,FRT,FRB (SP: bits 11:12); denbcd[q] S,FRT,FRB (S: bit 11) */
bool trans_ddedpd(DisasContext *ctx, const PPCArgs *a)
{
    if (odd_pair(a, a->rt) || odd_pair(a, a->rb)) {
        return invalid_form(ctx, "DFP extended operand in an odd FPR");
    }
    return gen_dfp_call(ctx, a, &helper_info_dfp_dedpd,
                        ((a->insn >> 19) & 3) << DFPD_ARG_SHIFT, 3, a->rt,
                        a->rb, 0);
}

bool trans_denbcd(DisasContext *ctx, const PPCArgs *a)
{
    if (odd_pair(a, a->rt) || odd_pair(a, a->rb)) {
        return invalid_form(ctx, "DFP extended operand in an odd FPR");
    }
    return gen_dfp_call(ctx, a, &helper_info_dfp_enbcd,
                        ((a->insn >> 20) & 1) << DFPD_ARG_SHIFT, 3, a->rt,
                        a->rb, 0);
}

/* dscli[q], dscri[q] FRT,FRA,SH (Z22: SH in bits 16:21) */
static bool do_dsc(DisasContext *ctx, const PPCArgs *a, unsigned extra)
{
    if (odd_pair(a, a->rt) || odd_pair(a, a->ra)) {
        return invalid_form(ctx, "DFP extended operand in an odd FPR");
    }
    return gen_dfp_call(ctx, a, &helper_info_dfp_shift, extra, 4, a->rt,
                        a->ra, (a->insn >> 10) & 0x3f);
}

bool trans_dscli(DisasContext *ctx, const PPCArgs *a)
{
    return do_dsc(ctx, a, 0);
}

bool trans_dscri(DisasContext *ctx, const PPCArgs *a)
{
    return do_dsc(ctx, a, DFPD_RIGHT);
}
