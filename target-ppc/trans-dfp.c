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

/* ---------------------------------------------- the rounding operations */

/* helper-dfp-arith.c's operation numbers */
enum {
    DOP_ADD, DOP_SUB, DOP_MUL, DOP_DIV, DOP_QUA, DOP_QUAI, DOP_RRND,
    DOP_RINTX, DOP_RINTN, DOP_CTDP, DOP_RSP, DOP_CFFIX, DOP_CTFIX,
};

/* which operands of a q form are even/odd pairs */
#define QP_T 1
#define QP_A 2
#define QP_B 4

static bool gen_dfp_arith(DisasContext *ctx, const PPCArgs *a, int op,
                          unsigned pairs, unsigned rmode, int64_t x)
{
    unsigned t = (a->insn >> 21) & 31, rb = (a->insn >> 11) & 31;
    unsigned ra = (a->insn >> 16) & 31;

    if (is_q(a) && (((pairs & QP_T) && (t & 1)) ||
                    ((pairs & QP_A) && (ra & 1)) ||
                    ((pairs & QP_B) && (rb & 1)))) {
        return invalid_form(ctx, "DFP extended operand in an odd FPR");
    }
    return gen_dfp_call(ctx, a, &helper_info_dfp_arith,
                        (unsigned)op | rmode << DFPD_ARG_SHIFT, 4, t,
                        (uint64_t)x, rb);
}

/* X form: dadd dsub dmul ddiv [q] FRT,FRA,FRB (5.6.1, 5.6.2) */
static bool do_darith(DisasContext *ctx, const PPCArgs *a, int op)
{
    return gen_dfp_arith(ctx, a, op, QP_T | QP_A | QP_B, 0,
                         (a->insn >> 16) & 31);
}

bool trans_dadd(DisasContext *ctx, const PPCArgs *a)
{
    return do_darith(ctx, a, DOP_ADD);
}

bool trans_dsub(DisasContext *ctx, const PPCArgs *a)
{
    return do_darith(ctx, a, DOP_SUB);
}

bool trans_dmul(DisasContext *ctx, const PPCArgs *a)
{
    return do_darith(ctx, a, DOP_MUL);
}

bool trans_ddiv(DisasContext *ctx, const PPCArgs *a)
{
    return do_darith(ctx, a, DOP_DIV);
}

/* Z23 form: RMC in bits 21:22; R (drintx, drintn) in bit 15 */
static unsigned z23_rmc(const PPCArgs *a)
{
    return (a->insn >> 9) & 3;
}

/* dqua[q] FRT,FRA,FRB,RMC; drrnd[q] FRT,FRA,FRB,RMC (FRA a plain FPR) */
bool trans_dqua(DisasContext *ctx, const PPCArgs *a)
{
    return gen_dfp_arith(ctx, a, DOP_QUA, QP_T | QP_A | QP_B, z23_rmc(a),
                         (a->insn >> 16) & 31);
}

bool trans_drrnd(DisasContext *ctx, const PPCArgs *a)
{
    return gen_dfp_arith(ctx, a, DOP_RRND, QP_T | QP_B, z23_rmc(a),
                         (a->insn >> 16) & 31);
}

/* dquai[q] TE,FRT,FRB,RMC: TE a signed 5-bit exponent in bits 11:15 */
bool trans_dquai(DisasContext *ctx, const PPCArgs *a)
{
    int64_t te = (int64_t)((a->insn >> 16) & 31);

    return gen_dfp_arith(ctx, a, DOP_QUAI, QP_T | QP_B, z23_rmc(a),
                         te >= 16 ? te - 32 : te);
}

/* drintx[q], drintn[q] R,FRT,FRB,RMC */
bool trans_drintx(DisasContext *ctx, const PPCArgs *a)
{
    return gen_dfp_arith(ctx, a, DOP_RINTX, QP_T | QP_B,
                         ((a->insn >> 16) & 1) << 2 | z23_rmc(a), 0);
}

bool trans_drintn(DisasContext *ctx, const PPCArgs *a)
{
    return gen_dfp_arith(ctx, a, DOP_RINTN, QP_T | QP_B,
                         ((a->insn >> 16) & 1) << 2 | z23_rmc(a), 0);
}

/* 5.6.5: dctdp FRT,FRB (short in FRB[32:63] to long), dctqpq FRTp,FRB;
   drsp FRT,FRB (long to short in FRT[32:63]), drdpq FRTp,FRBp */
bool trans_dctdp(DisasContext *ctx, const PPCArgs *a)
{
    return gen_dfp_arith(ctx, a, DOP_CTDP, QP_T, 0, 0);
}

bool trans_drsp(DisasContext *ctx, const PPCArgs *a)
{
    return gen_dfp_arith(ctx, a, DOP_RSP, QP_T | QP_B, 0, 0);
}

/* 5.6.6: dcffix FRT,FRB, dcffixq FRTp,FRB; dctfix FRT,FRB, dctfixq
   FRT,FRBp */
bool trans_dcffix(DisasContext *ctx, const PPCArgs *a)
{
    return gen_dfp_arith(ctx, a, DOP_CFFIX, QP_T, 0, 0);
}

bool trans_dctfix(DisasContext *ctx, const PPCArgs *a)
{
    return gen_dfp_arith(ctx, a, DOP_CTFIX, QP_B, 0, 0);
}
