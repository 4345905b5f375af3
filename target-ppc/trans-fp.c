/*
 * target-ppc/trans-fp.c: the floating-point facility of Power ISA 3.0B
 * Book I chapter 4: FP loads and stores (4.6.2-4.6.4), moves (4.6.5),
 * arithmetic (4.6.6-4.6.7), rounding and conversion (4.6.9-4.6.10),
 * compare (4.6.8), select (4.6.12) and the FPSCR moves (4.6.11).
 *
 * FPR i is doubleword 0 of VSR i (trans-vec.h).  Loads, stores, moves and
 * the sign operations are inline IR on env->vsr; everything that rounds or
 * touches the FPSCR status bits is one call of helper-fp.c's helpers, which
 * write the target register themselves (an enabled invalid-operation or
 * zero-divide exception leaves it unchanged).  Every instruction first
 * checks MSR[FP] (Book III 6.5.10).
 */
#include "trans-ldst.h"
#include "trans-vec.h"

/* ----------------------------------------------------- shared generators */

void gen_fp_set_cr1(DisasContext *ctx)
{
    TCGContext *s = ctx->s;
    TCGv t = tcg_temp_new(s);

    tcg_gen_ld64(s, t, FPSCR_OFF);
    tcg_gen_shri_i64(s, t, t, 28);
    tcg_gen_andi_i64(s, ppc_g.crf[1], t, 0xf);
}

static void gen_fp_rc(DisasContext *ctx, const PPCArgs *a)
{
    if (a->rc_bit) {
        gen_fp_set_cr1(ctx);
    }
}

static TCGv gen_load_fpr(DisasContext *ctx, int n)
{
    TCGv t = tcg_temp_new(ctx->s);

    tcg_gen_ld64(ctx->s, t, fpr_off(n));
    return t;
}

static void gen_store_fpr(DisasContext *ctx, int n, TCGv v)
{
    tcg_gen_st64(ctx->s, v, fpr_off(n));
}

/* ------------------------------------------------ loads/stores 4.6.2-4 */

typedef enum FPAddr {
    FA_D,        /* (RA|0) + D */
    FA_D_UPDATE, /* (RA) + D; RA <- EA */
    FA_X,        /* (RA|0) + (RB) */
    FA_X_UPDATE, /* (RA) + (RB); RA <- EA */
} FPAddr;

/* the update forms with RA=0 are invalid (Book I 4.6.2, 4.6.3) */
static bool fp_update_ra0(const PPCArgs *a, FPAddr m)
{
    return (m == FA_D_UPDATE || m == FA_X_UPDATE) && a->ra == 0;
}

static TCGv gen_fp_ea(DisasContext *ctx, const PPCArgs *a, FPAddr m)
{
    if (m == FA_D || m == FA_D_UPDATE) {
        return gen_ea_imm(ctx, a->ra, a->imm);
    }
    return gen_ea_reg(ctx, a->ra, a->rb);
}

static void gen_fp_update(DisasContext *ctx, const PPCArgs *a, FPAddr m,
                          TCGv ea)
{
    if (m == FA_D_UPDATE || m == FA_X_UPDATE) {
        tcg_gen_mov(ctx->s, ppc_g.gpr[a->ra], ea);
    }
}

/* lfs*: the single at EA, as DOUBLE(); lfd*: the doubleword at EA */
static bool do_fp_load(DisasContext *ctx, const PPCArgs *a, FPAddr m,
                       bool single)
{
    TCGContext *s = ctx->s;
    TCGv ea, v;

    if (fp_update_ra0(a, m)) {
        return invalid_form(ctx, "FP load with update and RA=0");
    }
    if (!gen_require_fp(ctx)) {
        return true;
    }
    ea = gen_fp_ea(ctx, a, m);
    v = tcg_temp_new(s);
    gen_ld(ctx, v, ea, single ? MO_32 : MO_64);
    if (single) {
        gen_vec_call(ctx, &helper_info_fp_s2d, v, 1, &v);
    }
    gen_store_fpr(ctx, a->rt, v);
    gen_fp_update(ctx, a, m, ea);
    return true;
}

/* stfs*: SINGLE(FRS); stfd*: FRS */
static bool do_fp_store(DisasContext *ctx, const PPCArgs *a, FPAddr m,
                        bool single)
{
    TCGv ea, v;

    if (fp_update_ra0(a, m)) {
        return invalid_form(ctx, "FP store with update and RA=0");
    }
    if (!gen_require_fp(ctx)) {
        return true;
    }
    ea = gen_fp_ea(ctx, a, m);
    v = gen_load_fpr(ctx, a->rt);
    if (single) {
        gen_vec_call(ctx, &helper_info_fp_d2s, v, 1, &v);
    }
    gen_st(ctx, v, ea, single ? MO_32 : MO_64);
    gen_fp_update(ctx, a, m, ea);
    return true;
}

#define TRANS_FP_LDST(name, fn, mode, single)                                 \
    bool trans_##name(DisasContext *ctx, const PPCArgs *a)                    \
    {                                                                         \
        return fn(ctx, a, mode, single);                                      \
    }
TRANS_FP_LDST(lfs, do_fp_load, FA_D, true)
TRANS_FP_LDST(lfsu, do_fp_load, FA_D_UPDATE, true)
TRANS_FP_LDST(lfsx, do_fp_load, FA_X, true)
TRANS_FP_LDST(lfsux, do_fp_load, FA_X_UPDATE, true)
TRANS_FP_LDST(lfd, do_fp_load, FA_D, false)
TRANS_FP_LDST(lfdu, do_fp_load, FA_D_UPDATE, false)
TRANS_FP_LDST(lfdx, do_fp_load, FA_X, false)
TRANS_FP_LDST(lfdux, do_fp_load, FA_X_UPDATE, false)
TRANS_FP_LDST(stfs, do_fp_store, FA_D, true)
TRANS_FP_LDST(stfsu, do_fp_store, FA_D_UPDATE, true)
TRANS_FP_LDST(stfsx, do_fp_store, FA_X, true)
TRANS_FP_LDST(stfsux, do_fp_store, FA_X_UPDATE, true)
TRANS_FP_LDST(stfd, do_fp_store, FA_D, false)
TRANS_FP_LDST(stfdu, do_fp_store, FA_D_UPDATE, false)
TRANS_FP_LDST(stfdx, do_fp_store, FA_X, false)
TRANS_FP_LDST(stfdux, do_fp_store, FA_X_UPDATE, false)

/* lfiwax, lfiwzx (4.6.2): the word at EA, sign- or zero-extended */
static bool do_lfiw(DisasContext *ctx, const PPCArgs *a, unsigned memop)
{
    TCGv v;

    if (!gen_require_fp(ctx)) {
        return true;
    }
    v = tcg_temp_new(ctx->s);
    gen_ld(ctx, v, gen_ea_reg(ctx, a->ra, a->rb), memop);
    gen_store_fpr(ctx, a->rt, v);
    return true;
}

bool trans_lfiwax(DisasContext *ctx, const PPCArgs *a)
{
    return do_lfiw(ctx, a, MO_32 | MO_SIGN);
}

bool trans_lfiwzx(DisasContext *ctx, const PPCArgs *a)
{
    return do_lfiw(ctx, a, MO_32);
}

/* stfiwx (4.6.4): the low word of FRS */
bool trans_stfiwx(DisasContext *ctx, const PPCArgs *a)
{
    if (!gen_require_fp(ctx)) {
        return true;
    }
    gen_st(ctx, gen_load_fpr(ctx, a->rt), gen_ea_reg(ctx, a->ra, a->rb),
           MO_32);
    return true;
}

/*
 * lfdp FRTp,DS(RA), lfdpx; stfdp FRSp,DS(RA), stfdpx (4.6.2, 4.6.3): the
 * quadword at EA to/from the pair FRp (even), FRp+1, in the current byte
 * order (in little-endian mode FRp+1 is the doubleword at EA, as for lq).
 * An odd FRp is an invalid form.
 */
static bool do_fp_pair(DisasContext *ctx, const PPCArgs *a, bool indexed,
                       bool store)
{
    TCGContext *s = ctx->s;
    TCGv ea, hi, lo;

    if (a->rt & 1) {
        return invalid_form(ctx, "FP double pair with an odd register");
    }
    if (!gen_require_fp(ctx)) {
        return true;
    }
    ea = indexed ? gen_ea_reg(ctx, a->ra, a->rb)
                 : gen_ea_imm(ctx, a->ra, a->imm);
    if (store) {
        gen_st_quad(ctx, gen_load_fpr(ctx, a->rt),
                    gen_load_fpr(ctx, a->rt + 1), ea);
        return true;
    }
    hi = tcg_temp_new(s);
    lo = tcg_temp_new(s);
    gen_ld_quad(ctx, hi, lo, ea);
    gen_store_fpr(ctx, a->rt, hi);
    gen_store_fpr(ctx, a->rt + 1, lo);
    return true;
}

bool trans_lfdp(DisasContext *ctx, const PPCArgs *a)
{
    return do_fp_pair(ctx, a, false, false);
}

bool trans_lfdpx(DisasContext *ctx, const PPCArgs *a)
{
    return do_fp_pair(ctx, a, true, false);
}

bool trans_stfdp(DisasContext *ctx, const PPCArgs *a)
{
    return do_fp_pair(ctx, a, false, true);
}

bool trans_stfdpx(DisasContext *ctx, const PPCArgs *a)
{
    return do_fp_pair(ctx, a, true, true);
}

/* ----------------------------------------------------------- moves 4.6.5 */

typedef enum FPSignOp { SIGN_KEEP, SIGN_NEG, SIGN_CLEAR, SIGN_SET } FPSignOp;

static bool do_fp_sign(DisasContext *ctx, const PPCArgs *a, FPSignOp op)
{
    TCGContext *s = ctx->s;
    TCGv v;

    if (!gen_require_fp(ctx)) {
        return true;
    }
    v = gen_load_fpr(ctx, a->rb);
    switch (op) {
    case SIGN_KEEP:
        break;
    case SIGN_NEG:
        tcg_gen_xori_i64(s, v, v, INT64_MIN);
        break;
    case SIGN_CLEAR:
        tcg_gen_andi_i64(s, v, v, INT64_MAX);
        break;
    case SIGN_SET:
        tcg_gen_ori_i64(s, v, v, INT64_MIN);
        break;
    }
    gen_store_fpr(ctx, a->rt, v);
    gen_fp_rc(ctx, a);
    return true;
}

bool trans_fmr(DisasContext *ctx, const PPCArgs *a)
{
    return do_fp_sign(ctx, a, SIGN_KEEP);
}

bool trans_fneg(DisasContext *ctx, const PPCArgs *a)
{
    return do_fp_sign(ctx, a, SIGN_NEG);
}

bool trans_fabs(DisasContext *ctx, const PPCArgs *a)
{
    return do_fp_sign(ctx, a, SIGN_CLEAR);
}

bool trans_fnabs(DisasContext *ctx, const PPCArgs *a)
{
    return do_fp_sign(ctx, a, SIGN_SET);
}

/* fcpsgn: FRA's sign, FRB's magnitude */
bool trans_fcpsgn(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    TCGv va, vb;

    if (!gen_require_fp(ctx)) {
        return true;
    }
    va = gen_load_fpr(ctx, a->ra);
    vb = gen_load_fpr(ctx, a->rb);
    tcg_gen_andi_i64(s, va, va, INT64_MIN);
    tcg_gen_andi_i64(s, vb, vb, INT64_MAX);
    tcg_gen_or_i64(s, va, va, vb);
    gen_store_fpr(ctx, a->rt, va);
    gen_fp_rc(ctx, a);
    return true;
}

/* fmrgew, fmrgow (4.6.5): the even (high) or odd (low) words of FRA and
   FRB side by side */
static bool do_fmrg(DisasContext *ctx, const PPCArgs *a, bool even)
{
    TCGContext *s = ctx->s;
    TCGv va, vb;

    if (!gen_require_fp(ctx)) {
        return true;
    }
    va = gen_load_fpr(ctx, a->ra);
    vb = gen_load_fpr(ctx, a->rb);
    if (even) {
        tcg_gen_andi_i64(s, va, va, (int64_t)0xffffffff00000000ull);
        tcg_gen_shri_i64(s, vb, vb, 32);
    } else {
        tcg_gen_shli_i64(s, va, va, 32);
        tcg_gen_ext32u(s, vb, vb);
    }
    tcg_gen_or_i64(s, va, va, vb);
    gen_store_fpr(ctx, a->rt, va);
    return true;
}

bool trans_fmrgew(DisasContext *ctx, const PPCArgs *a)
{
    return do_fmrg(ctx, a, true);
}

bool trans_fmrgow(DisasContext *ctx, const PPCArgs *a)
{
    return do_fmrg(ctx, a, false);
}

/* ------------------------------------------------- arithmetic 4.6.6-7 */

static bool do_fp_arith(DisasContext *ctx, const PPCArgs *a, unsigned desc)
{
    TCGContext *s = ctx->s;
    TCGv args[5];

    if (!gen_require_fp(ctx)) {
        return true;
    }
    args[0] = tcg_constant(s, desc);
    args[1] = tcg_constant(s, a->rt);
    args[2] = tcg_constant(s, a->ra);
    args[3] = tcg_constant(s, a->rb);
    args[4] = tcg_constant(s, a->rc);
    gen_vec_call(ctx, &helper_info_fp_arith, 0, 5, args);
    gen_fp_rc(ctx, a);
    return true;
}

#define TRANS_FP_ARITH(name, desc)                                            \
    bool trans_##name(DisasContext *ctx, const PPCArgs *a)                    \
    {                                                                         \
        return do_fp_arith(ctx, a, desc);                                     \
    }
TRANS_FP_ARITH(fadd, FPA_ADD)
TRANS_FP_ARITH(fsub, FPA_SUB)
TRANS_FP_ARITH(fmul, FPA_MUL)
TRANS_FP_ARITH(fdiv, FPA_DIV)
TRANS_FP_ARITH(fsqrt, FPA_SQRT)
TRANS_FP_ARITH(fre, FPA_RE)
TRANS_FP_ARITH(frsqrte, FPA_RSQRTE)
TRANS_FP_ARITH(fmadd, FPA_MADD)
TRANS_FP_ARITH(fmsub, FPA_MSUB)
TRANS_FP_ARITH(fnmadd, FPA_NMADD)
TRANS_FP_ARITH(fnmsub, FPA_NMSUB)
TRANS_FP_ARITH(fadds, FPA_ADD | FPD_SINGLE)
TRANS_FP_ARITH(fsubs, FPA_SUB | FPD_SINGLE)
TRANS_FP_ARITH(fmuls, FPA_MUL | FPD_SINGLE)
TRANS_FP_ARITH(fdivs, FPA_DIV | FPD_SINGLE)
TRANS_FP_ARITH(fsqrts, FPA_SQRT | FPD_SINGLE)
TRANS_FP_ARITH(fres, FPA_RE | FPD_SINGLE)
TRANS_FP_ARITH(frsqrtes, FPA_RSQRTE | FPD_SINGLE)
TRANS_FP_ARITH(fmadds, FPA_MADD | FPD_SINGLE)
TRANS_FP_ARITH(fmsubs, FPA_MSUB | FPD_SINGLE)
TRANS_FP_ARITH(fnmadds, FPA_NMADD | FPD_SINGLE)
TRANS_FP_ARITH(fnmsubs, FPA_NMSUB | FPD_SINGLE)

/* ------------------------------------------------ conversions 4.6.9-10 */

static bool do_fp_cvt(DisasContext *ctx, const PPCArgs *a, unsigned desc)
{
    TCGContext *s = ctx->s;
    TCGv args[3];

    if (!gen_require_fp(ctx)) {
        return true;
    }
    args[0] = tcg_constant(s, desc);
    args[1] = tcg_constant(s, a->rt);
    args[2] = tcg_constant(s, a->rb);
    gen_vec_call(ctx, &helper_info_fp_cvt, 0, 3, args);
    gen_fp_rc(ctx, a);
    return true;
}

#define TRANS_FP_CVT(name, desc)                                              \
    bool trans_##name(DisasContext *ctx, const PPCArgs *a)                    \
    {                                                                         \
        return do_fp_cvt(ctx, a, desc);                                       \
    }
TRANS_FP_CVT(frsp, FPC_RSP)
TRANS_FP_CVT(fctiw, FPC_CTIW)
TRANS_FP_CVT(fctiwz, FPC_CTIWZ)
TRANS_FP_CVT(fctiwu, FPC_CTIWU)
TRANS_FP_CVT(fctiwuz, FPC_CTIWUZ)
TRANS_FP_CVT(fctid, FPC_CTID)
TRANS_FP_CVT(fctidz, FPC_CTIDZ)
TRANS_FP_CVT(fctidu, FPC_CTIDU)
TRANS_FP_CVT(fctiduz, FPC_CTIDUZ)
TRANS_FP_CVT(fcfid, FPC_CFID)
TRANS_FP_CVT(fcfidu, FPC_CFIDU)
TRANS_FP_CVT(fcfids, FPC_CFIDS)
TRANS_FP_CVT(fcfidus, FPC_CFIDUS)
TRANS_FP_CVT(frin, FPC_RIN)
TRANS_FP_CVT(friz, FPC_RIZ)
TRANS_FP_CVT(frip, FPC_RIP)
TRANS_FP_CVT(frim, FPC_RIM)

/* -------------------------------------------------- compare, select */

/* fcmpu, fcmpo BF,FRA,FRB (4.6.8) */
static bool do_fcmp(DisasContext *ctx, const PPCArgs *a, unsigned desc)
{
    TCGContext *s = ctx->s;
    TCGv args[3];

    if (!gen_require_fp(ctx)) {
        return true;
    }
    args[0] = tcg_constant(s, desc);
    args[1] = tcg_constant(s, a->ra);
    args[2] = tcg_constant(s, a->rb);
    gen_vec_call(ctx, &helper_info_fp_cmp, ppc_g.crf[a->bf], 3, args);
    return true;
}

bool trans_fcmpu(DisasContext *ctx, const PPCArgs *a)
{
    return do_fcmp(ctx, a, 0);
}

bool trans_fcmpo(DisasContext *ctx, const PPCArgs *a)
{
    return do_fcmp(ctx, a, FPD_ORDERED);
}

/* ftdiv BF,FRA,FRB; ftsqrt BF,FRB (4.6.6.1) */
bool trans_ftdiv(DisasContext *ctx, const PPCArgs *a)
{
    TCGv args[2];

    if (!gen_require_fp(ctx)) {
        return true;
    }
    args[0] = gen_load_fpr(ctx, a->ra);
    args[1] = gen_load_fpr(ctx, a->rb);
    gen_vec_call(ctx, &helper_info_ftdiv, ppc_g.crf[a->bf], 2, args);
    return true;
}

bool trans_ftsqrt(DisasContext *ctx, const PPCArgs *a)
{
    TCGv arg;

    if (!gen_require_fp(ctx)) {
        return true;
    }
    arg = gen_load_fpr(ctx, a->rb);
    gen_vec_call(ctx, &helper_info_ftsqrt, ppc_g.crf[a->bf], 1, &arg);
    return true;
}

/* fsel FRT,FRA,FRC,FRB (4.6.12) */
bool trans_fsel(DisasContext *ctx, const PPCArgs *a)
{
    TCGv args[3], r;

    if (!gen_require_fp(ctx)) {
        return true;
    }
    args[0] = gen_load_fpr(ctx, a->ra);
    args[1] = gen_load_fpr(ctx, a->rb);
    args[2] = gen_load_fpr(ctx, a->rc);
    r = tcg_temp_new(ctx->s);
    gen_vec_call(ctx, &helper_info_fsel, r, 3, args);
    gen_store_fpr(ctx, a->rt, r);
    gen_fp_rc(ctx, a);
    return true;
}

/* ------------------------------------------------------- FPSCR 4.6.11 */

/* mffs FRT: the whole FPSCR */
bool trans_mffs(DisasContext *ctx, const PPCArgs *a)
{
    TCGv t;

    if (!gen_require_fp(ctx)) {
        return true;
    }
    t = tcg_temp_new(ctx->s);
    tcg_gen_ld64(ctx->s, t, FPSCR_OFF);
    gen_store_fpr(ctx, a->rt, t);
    gen_fp_rc(ctx, a);
    return true;
}

/*
 * The ISA 3.0 variants: FRT gets FPSCR & keep, then FPSCR & ~clear |
 * set_val (set_val a temp or 0).  With the enables cleared FEX is 0 too.
 */
static bool do_mffs_var(DisasContext *ctx, uint64_t keep, uint64_t clear,
                        TCGv set_val, int rt)
{
    TCGContext *s = ctx->s;
    TCGv f = tcg_temp_new(s), t = tcg_temp_new(s);

    tcg_gen_ld64(s, f, FPSCR_OFF);
    tcg_gen_andi_i64(s, t, f, (int64_t)keep);
    gen_store_fpr(ctx, rt, t);
    if (clear) {
        tcg_gen_andi_i64(s, f, f, (int64_t)~clear);
        if (set_val) {
            tcg_gen_or_i64(s, f, f, set_val);
        }
        tcg_gen_st64(s, f, FPSCR_OFF);
    }
    return true;
}

/* mffsce: FPSCR, then the enables cleared */
bool trans_mffsce(DisasContext *ctx, const PPCArgs *a)
{
    if (!gen_require_fp(ctx)) {
        return true;
    }
    return do_mffs_var(ctx, ~0ull, FPSCR_ENABLES | FPSCR_FEX, 0, a->rt);
}

/* mffsl: the control bits and FR FI FPRF */
bool trans_mffsl(DisasContext *ctx, const PPCArgs *a)
{
    if (!gen_require_fp(ctx)) {
        return true;
    }
    return do_mffs_var(ctx, FPSCR_CONTROL | FPSCR_FR | FPSCR_FI | FPSCR_FPRF,
                       0, 0, a->rt);
}

/* mffscrn FRB / mffscrni RM: the control bits; RN <- FRB[62:63] or RM */
static bool do_mffscrn(DisasContext *ctx, const PPCArgs *a, TCGv rn)
{
    tcg_gen_andi_i64(ctx->s, rn, rn, FPSCR_RN);
    return do_mffs_var(ctx, FPSCR_CONTROL, FPSCR_RN, rn, a->rt);
}

bool trans_mffscrn(DisasContext *ctx, const PPCArgs *a)
{
    if (!gen_require_fp(ctx)) {
        return true;
    }
    return do_mffscrn(ctx, a, gen_load_fpr(ctx, a->rb));
}

bool trans_mffscrni(DisasContext *ctx, const PPCArgs *a)
{
    TCGv rn;

    if (!gen_require_fp(ctx)) {
        return true;
    }
    rn = tcg_temp_new(ctx->s);
    tcg_gen_movi(ctx->s, rn, (a->insn >> 11) & 3); /* RM: bits 19:20 */
    return do_mffscrn(ctx, a, rn);
}

/* mffscdrn FRB / mffscdrni DRM: the control bits; DRN <- FRB[29:31] or
   DRM */
bool trans_mffscdrn(DisasContext *ctx, const PPCArgs *a)
{
    TCGv drn;

    if (!gen_require_fp(ctx)) {
        return true;
    }
    drn = gen_load_fpr(ctx, a->rb);
    tcg_gen_andi_i64(ctx->s, drn, drn, (int64_t)FPSCR_DRN);
    return do_mffs_var(ctx, FPSCR_CONTROL, FPSCR_DRN, drn, a->rt);
}

bool trans_mffscdrni(DisasContext *ctx, const PPCArgs *a)
{
    TCGv drn;

    if (!gen_require_fp(ctx)) {
        return true;
    }
    drn = tcg_temp_new(ctx->s);
    /* DRM: bits 18:20 */
    tcg_gen_movi(ctx->s, drn, (int64_t)((uint64_t)((a->insn >> 11) & 7)
                                        << FPSCR_DRN_SHIFT));
    return do_mffs_var(ctx, FPSCR_CONTROL, FPSCR_DRN, drn, a->rt);
}

static void gen_mtfsf_call(DisasContext *ctx, uint64_t mask, TCGv val)
{
    TCGv args[2] = { tcg_constant(ctx->s, (int64_t)mask), val };

    gen_vec_call(ctx, &helper_info_mtfsf, 0, 2, args);
}

/* the mask of 4-bit FPSCR field i (0..15, of the 64-bit FPSCR) */
static uint64_t fpscr_field_mask(unsigned i)
{
    return 0xfull << (60 - 4 * i);
}

/*
 * mtfsf FLM,FRB,L,W: L=1 writes the whole FPSCR; otherwise FLM bit i
 * selects field i + 8(1-W).  The invalid form L=0, FLM=0 is accepted and
 * changes nothing.
 */
bool trans_mtfsf(DisasContext *ctx, const PPCArgs *a)
{
    uint64_t mask = 0;
    unsigned w = (a->insn >> 16) & 1; /* bit 15 */

    if (!gen_require_fp(ctx)) {
        return true;
    }
    if (a->l) {
        mask = ~0ull;
    } else {
        for (unsigned i = 0; i < 8; i++) {
            if (a->fxm & (0x80 >> i)) {
                mask |= fpscr_field_mask(i + 8 * (1 - w));
            }
        }
    }
    gen_mtfsf_call(ctx, mask, gen_load_fpr(ctx, a->rb));
    gen_fp_rc(ctx, a);
    return true;
}

/* mtfsfi BF,U,W: field BF + 8(1-W) <- U */
bool trans_mtfsfi(DisasContext *ctx, const PPCArgs *a)
{
    unsigned w = (a->insn >> 16) & 1, u = (a->insn >> 12) & 0xf;
    unsigned field = a->bf + 8 * (1 - w);

    if (!gen_require_fp(ctx)) {
        return true;
    }
    gen_mtfsf_call(ctx, fpscr_field_mask(field),
                   tcg_constant(ctx->s,
                                (int64_t)((uint64_t)u << (60 - 4 * field))));
    gen_fp_rc(ctx, a);
    return true;
}

/* mtfsb0/mtfsb1 BT: FPSCR bit 32+BT; FEX and VX (BT 1, 2) cannot be
   altered */
static bool do_mtfsb(DisasContext *ctx, const PPCArgs *a, bool set)
{
    TCGContext *s = ctx->s;
    TCGv args[2];

    if (!gen_require_fp(ctx)) {
        return true;
    }
    if (a->rt != 1 && a->rt != 2) {
        args[0] = tcg_constant(s, (int64_t)(1ull << (31 - a->rt)));
        args[1] = tcg_constant(s, set);
        gen_vec_call(ctx, &helper_info_mtfsb, 0, 2, args);
    }
    gen_fp_rc(ctx, a);
    return true;
}

bool trans_mtfsb0(DisasContext *ctx, const PPCArgs *a)
{
    return do_mtfsb(ctx, a, false);
}

bool trans_mtfsb1(DisasContext *ctx, const PPCArgs *a)
{
    return do_mtfsb(ctx, a, true);
}

/* mcrfs BF,BFA */
bool trans_mcrfs(DisasContext *ctx, const PPCArgs *a)
{
    TCGv arg;

    if (!gen_require_fp(ctx)) {
        return true;
    }
    arg = tcg_constant(ctx->s, a->bfa);
    gen_vec_call(ctx, &helper_info_mcrfs, ppc_g.crf[a->bf], 1, &arg);
    return true;
}
