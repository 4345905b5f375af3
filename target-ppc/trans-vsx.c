/*
 * target-ppc/trans-vsx.c: the vector-scalar facility (VSX) of Power ISA
 * 3.0B Book I chapter 7: VSX loads and stores (7.6.1 "VSX Storage Access"),
 * the moves between GPRs and VSRs (3.3.18/7.6), the logical and permute
 * instructions (7.6.2), and the scalar double and single arithmetic,
 * compare and conversions (7.6.1), which share helper-fp.c with the FPRs.
 * The VSX vector floating-point instructions, the newer scalar ones and
 * quad precision are in trans-vsx-fp.c.
 *
 * The register layout and the byte order of each load and store are
 * described in trans-vec.h.  Scalar results go to doubleword 0 with
 * doubleword 1 zeroed; the ISA 3.0 scalar loads zero doubleword 1 too, the
 * older scalar loads and the GPR moves leave it as it was (the ISA makes
 * it undefined).
 *
 * Facility checks (Book III 6.5.12): the ISA 2.06/2.07 instructions need
 * MSR[VSX]; mfvsrd and the word moves need MSR[FP] or MSR[VEC] for the
 * half of the file they touch; the ISA 3.0 instructions need MSR[VSX] for
 * VSR 0-31 and MSR[VEC] for VSR 32-63 (lxsd, lxssp and their stores always
 * MSR[VEC]).
 */
#include "trans-ldst.h"
#include "trans-vec.h"
#include "tcg-vec.h"

/* the XT/XS operand of the DQ-form lxv/stxv: T || TX (bit 28) */
static int dq_xt(const PPCArgs *a)
{
    return a->rt | (int)((a->insn >> 3) & 1) << 5;
}

/* a doubleword in big-endian order, whatever the guest's */
static void gen_ld_be64(DisasContext *ctx, TCGv ret, TCGv ea)
{
    tcg_gen_qemu_ld(ctx->s, ret, ea,
                    make_memop_idx(MO_64 | MO_BSWAP, ctx->mem_idx));
}

static void gen_st_be64(DisasContext *ctx, TCGv val, TCGv ea)
{
    tcg_gen_qemu_st(ctx->s, val, ea,
                    make_memop_idx(MO_64 | MO_BSWAP, ctx->mem_idx));
}

/* swaps the bytes inside each halfword of v */
static void gen_swap_half_bytes(TCGContext *s, TCGv v)
{
    const int64_t m = 0x00ff00ff00ff00ffll;
    TCGv t = tcg_temp_new(s);

    tcg_gen_shri_i64(s, t, v, 8);
    tcg_gen_andi_i64(s, t, t, m);
    tcg_gen_andi_i64(s, v, v, m);
    tcg_gen_shli_i64(s, v, v, 8);
    tcg_gen_or_i64(s, v, v, t);
}

/* -------------------------------------------------- vector loads, stores */

/* how the two doublewords of a 16-byte access are formed */
typedef enum VecOrder {
    VO_D2,  /* lxvd2x: guest-order doublewords at EA, EA+8 */
    VO_W4,  /* lxvw4x: guest-order words */
    VO_H8,  /* lxvh8x: guest-order halfwords */
    VO_B16, /* lxvb16x: bytes in memory order */
} VecOrder;

/* doubleword v as loaded big-endian becomes the register's order o, for
   a little-endian guest; rotations of words/halfwords are their own
   inverses, so the same fixes a store */
static void gen_vec_order_le(TCGContext *s, TCGv v, VecOrder o)
{
    switch (o) {
    case VO_D2:
        tcg_gen_bswap64(s, v, v);
        break;
    case VO_W4:
        tcg_gen_bswap64(s, v, v);
        tcg_gen_rotli_i64(s, v, v, 32);
        break;
    case VO_H8:
        gen_swap_half_bytes(s, v);
        break;
    case VO_B16:
        break;
    }
}

static bool do_lxv_order(DisasContext *ctx, const PPCArgs *a, VecOrder o,
                         bool isa300)
{
    TCGContext *s = ctx->s;
    TCGv ea, ea8, hi, lo;

    if (!(isa300 ? gen_require_vsr(ctx, a->rt) : gen_require_vsx(ctx))) {
        return true;
    }
    ea = gen_ea_reg(ctx, a->ra, a->rb);
    ea8 = gen_ea_plus8(ctx, ea);
    hi = tcg_temp_new(s);
    lo = tcg_temp_new(s);
    gen_ld_be64(ctx, hi, ea);
    gen_ld_be64(ctx, lo, ea8);
    if (ctx->le) {
        gen_vec_order_le(s, hi, o);
        gen_vec_order_le(s, lo, o);
    }
    gen_store_vsr(ctx, a->rt, 0, hi);
    gen_store_vsr(ctx, a->rt, 1, lo);
    return true;
}

static bool do_stxv_order(DisasContext *ctx, const PPCArgs *a, VecOrder o,
                          bool isa300)
{
    TCGContext *s = ctx->s;
    TCGv ea, ea8, hi, lo;

    if (!(isa300 ? gen_require_vsr(ctx, a->rt) : gen_require_vsx(ctx))) {
        return true;
    }
    ea = gen_ea_reg(ctx, a->ra, a->rb);
    ea8 = gen_ea_plus8(ctx, ea);
    hi = gen_load_vsr(ctx, a->rt, 0);
    lo = gen_load_vsr(ctx, a->rt, 1);
    if (ctx->le) {
        gen_vec_order_le(s, hi, o);
        gen_vec_order_le(s, lo, o);
    }
    gen_st_be64(ctx, hi, ea);
    gen_st_be64(ctx, lo, ea8);
    return true;
}

bool trans_lxvd2x(DisasContext *ctx, const PPCArgs *a)
{
    return do_lxv_order(ctx, a, VO_D2, false);
}

bool trans_lxvw4x(DisasContext *ctx, const PPCArgs *a)
{
    return do_lxv_order(ctx, a, VO_W4, false);
}

bool trans_lxvh8x(DisasContext *ctx, const PPCArgs *a)
{
    return do_lxv_order(ctx, a, VO_H8, true);
}

bool trans_lxvb16x(DisasContext *ctx, const PPCArgs *a)
{
    return do_lxv_order(ctx, a, VO_B16, true);
}

bool trans_stxvd2x(DisasContext *ctx, const PPCArgs *a)
{
    return do_stxv_order(ctx, a, VO_D2, false);
}

bool trans_stxvw4x(DisasContext *ctx, const PPCArgs *a)
{
    return do_stxv_order(ctx, a, VO_W4, false);
}

bool trans_stxvh8x(DisasContext *ctx, const PPCArgs *a)
{
    return do_stxv_order(ctx, a, VO_H8, true);
}

bool trans_stxvb16x(DisasContext *ctx, const PPCArgs *a)
{
    return do_stxv_order(ctx, a, VO_B16, true);
}

/* lxvx/stxvx (X form) and lxv/stxv (DQ form): the lvx byte order */
bool trans_lxvx(DisasContext *ctx, const PPCArgs *a)
{
    if (!gen_require_vsr(ctx, a->rt)) {
        return true;
    }
    gen_vec_ld16(ctx, a->rt, gen_ea_reg(ctx, a->ra, a->rb));
    return true;
}

bool trans_stxvx(DisasContext *ctx, const PPCArgs *a)
{
    if (!gen_require_vsr(ctx, a->rt)) {
        return true;
    }
    gen_vec_st16(ctx, a->rt, gen_ea_reg(ctx, a->ra, a->rb));
    return true;
}

bool trans_lxv(DisasContext *ctx, const PPCArgs *a)
{
    int xt = dq_xt(a);

    if (!gen_require_vsr(ctx, xt)) {
        return true;
    }
    gen_vec_ld16(ctx, xt, gen_ea_imm(ctx, a->ra, a->imm));
    return true;
}

bool trans_stxv(DisasContext *ctx, const PPCArgs *a)
{
    int xs = dq_xt(a);

    if (!gen_require_vsr(ctx, xs)) {
        return true;
    }
    gen_vec_st16(ctx, xs, gen_ea_imm(ctx, a->ra, a->imm));
    return true;
}

/* lxvdsx: the doubleword at EA in both halves; lxvwsx (3.0): the word in
   all four words */
bool trans_lxvdsx(DisasContext *ctx, const PPCArgs *a)
{
    TCGv v;

    if (!gen_require_vsx(ctx)) {
        return true;
    }
    v = tcg_temp_new(ctx->s);
    gen_ld(ctx, v, gen_ea_reg(ctx, a->ra, a->rb), MO_64);
    gen_store_vsr(ctx, a->rt, 0, v);
    gen_store_vsr(ctx, a->rt, 1, v);
    return true;
}

bool trans_lxvwsx(DisasContext *ctx, const PPCArgs *a)
{
    TCGv v;

    if (!gen_require_vsr(ctx, a->rt)) {
        return true;
    }
    v = tcg_temp_new(ctx->s);
    gen_ld(ctx, v, gen_ea_reg(ctx, a->ra, a->rb), MO_32);
    tcg_gen_mul_i64(ctx->s, v, v, tcg_constant(ctx->s, 0x100000001ll));
    gen_store_vsr(ctx, a->rt, 0, v);
    gen_store_vsr(ctx, a->rt, 1, v);
    return true;
}

/* lxvl/lxvll/stxvl/stxvll (3.0): nb = RB[0:7] bytes (helper-vsx.c) */
static bool do_vec_len(DisasContext *ctx, const PPCArgs *a, bool store,
                       bool left)
{
    TCGContext *s = ctx->s;
    TCGv args[4];

    if (!gen_require_vsr(ctx, a->rt)) {
        return true;
    }
    args[0] = tcg_constant(s, a->rt);
    args[1] = gen_ea_imm(ctx, a->ra, 0);
    args[2] = ppc_g.gpr[a->rb];
    args[3] = tcg_constant(s, ctx->mem_idx | (ctx->le ? VSX_LEN_LE : 0) |
                                  (left ? VSX_LEN_LEFT : 0));
    gen_vec_call(ctx, store ? &helper_info_stxvl : &helper_info_lxvl, 0, 4,
                 args);
    return true;
}

bool trans_lxvl(DisasContext *ctx, const PPCArgs *a)
{
    return do_vec_len(ctx, a, false, false);
}

bool trans_lxvll(DisasContext *ctx, const PPCArgs *a)
{
    return do_vec_len(ctx, a, false, true);
}

bool trans_stxvl(DisasContext *ctx, const PPCArgs *a)
{
    return do_vec_len(ctx, a, true, false);
}

bool trans_stxvll(DisasContext *ctx, const PPCArgs *a)
{
    return do_vec_len(ctx, a, true, true);
}

/* -------------------------------------------------- scalar loads, stores */

typedef enum ScalarKind {
    SK_D,    /* the doubleword */
    SK_WA,   /* a word, sign-extended */
    SK_WZ,   /* a word, zero-extended */
    SK_H,    /* a halfword, zero-extended */
    SK_B,    /* a byte, zero-extended */
    SK_S,    /* a single, as DOUBLE() / SINGLE() */
} ScalarKind;

static const unsigned scalar_memop[] = {
    [SK_D] = MO_64, [SK_WA] = MO_32 | MO_SIGN, [SK_WZ] = MO_32,
    [SK_H] = MO_16, [SK_B] = MO_8, [SK_S] = MO_32,
};

/* doubleword 0 of VSR xt <- the scalar at ea; the ISA 3.0 loads (lxsd,
   lxssp, lxsibzx, lxsihzx) also set doubleword 1 to 0, where the 2.06 and
   2.07 ones leave it undefined (we leave it as it was) */
static void gen_ld_scalar(DisasContext *ctx, int xt, TCGv ea, ScalarKind k,
                          bool zero_dw1)
{
    TCGv v = tcg_temp_new(ctx->s);

    gen_ld(ctx, v, ea, scalar_memop[k]);
    if (k == SK_S) {
        gen_vec_call(ctx, &helper_info_fp_s2d, v, 1, &v);
    }
    gen_store_vsr(ctx, xt, 0, v);
    if (zero_dw1) {
        gen_store_vsr(ctx, xt, 1, tcg_constant(ctx->s, 0));
    }
}

static void gen_st_scalar(DisasContext *ctx, int xs, TCGv ea, ScalarKind k)
{
    TCGv v = gen_load_vsr(ctx, xs, 0);

    if (k == SK_S) {
        gen_vec_call(ctx, &helper_info_fp_d2s, v, 1, &v);
    }
    gen_st(ctx, v, ea, scalar_memop[k]);
}

/* X forms: ISA 2.06/2.07 ones need VSX, the 3.0 byte/halfword ones the
   VSX-or-VEC rule */
static bool do_scalar_x(DisasContext *ctx, const PPCArgs *a, ScalarKind k,
                        bool store)
{
    bool ok = (k == SK_H || k == SK_B) ? gen_require_vsr(ctx, a->rt)
                                       : gen_require_vsx(ctx);
    TCGv ea;

    if (!ok) {
        return true;
    }
    ea = gen_ea_reg(ctx, a->ra, a->rb);
    if (store) {
        gen_st_scalar(ctx, a->rt, ea, k);
    } else {
        gen_ld_scalar(ctx, a->rt, ea, k, k == SK_H || k == SK_B);
    }
    return true;
}

#define TRANS_SCALAR_X(name, kind, store)                                     \
    bool trans_##name(DisasContext *ctx, const PPCArgs *a)                    \
    {                                                                         \
        return do_scalar_x(ctx, a, kind, store);                              \
    }
TRANS_SCALAR_X(lxsdx, SK_D, false)
TRANS_SCALAR_X(lxsiwax, SK_WA, false)
TRANS_SCALAR_X(lxsiwzx, SK_WZ, false)
TRANS_SCALAR_X(lxsspx, SK_S, false)
TRANS_SCALAR_X(lxsihzx, SK_H, false)
TRANS_SCALAR_X(lxsibzx, SK_B, false)
TRANS_SCALAR_X(stxsdx, SK_D, true)
TRANS_SCALAR_X(stxsiwx, SK_WZ, true)
TRANS_SCALAR_X(stxsspx, SK_S, true)
TRANS_SCALAR_X(stxsihx, SK_H, true)
TRANS_SCALAR_X(stxsibx, SK_B, true)

/* DS forms (3.0): lxsd/lxssp VRT,DS(RA), stxsd/stxssp */
static bool do_scalar_ds(DisasContext *ctx, const PPCArgs *a, ScalarKind k,
                         bool store)
{
    TCGv ea;

    if (!gen_require_vec(ctx)) {
        return true;
    }
    ea = gen_ea_imm(ctx, a->ra, a->imm);
    if (store) {
        gen_st_scalar(ctx, 32 + a->rt, ea, k);
    } else {
        gen_ld_scalar(ctx, 32 + a->rt, ea, k, true);
    }
    return true;
}

bool trans_lxsd(DisasContext *ctx, const PPCArgs *a)
{
    return do_scalar_ds(ctx, a, SK_D, false);
}

bool trans_lxssp(DisasContext *ctx, const PPCArgs *a)
{
    return do_scalar_ds(ctx, a, SK_S, false);
}

bool trans_stxsd(DisasContext *ctx, const PPCArgs *a)
{
    return do_scalar_ds(ctx, a, SK_D, true);
}

bool trans_stxssp(DisasContext *ctx, const PPCArgs *a)
{
    return do_scalar_ds(ctx, a, SK_S, true);
}

/* ------------------------------------------------- GPR <-> VSR moves */

/* mfvsrd, mfvsrwz, mtvsrd, mtvsrwa, mtvsrwz (2.07): FP for VSR 0-31,
   VEC for VSR 32-63 */
static bool gen_require_fp_or_vec(DisasContext *ctx, int vsr)
{
    return vsr < 32 ? gen_require_fp(ctx) : gen_require_vec(ctx);
}

bool trans_mfvsrd(DisasContext *ctx, const PPCArgs *a)
{
    if (!gen_require_fp_or_vec(ctx, a->rt)) {
        return true;
    }
    tcg_gen_ld64(ctx->s, ppc_g.gpr[a->ra], vsr_off(a->rt, 0));
    return true;
}

bool trans_mfvsrwz(DisasContext *ctx, const PPCArgs *a)
{
    if (!gen_require_fp_or_vec(ctx, a->rt)) {
        return true;
    }
    /* word 1: the low half of doubleword 0 */
    tcg_gen_ld(ctx->s, INDEX_op_ld32u, ppc_g.gpr[a->ra],
               vsr_off(a->rt, 0) + (__BYTE_ORDER__ ==
                                    __ORDER_LITTLE_ENDIAN__ ? 0 : 4));
    return true;
}

static bool do_mtvsr(DisasContext *ctx, const PPCArgs *a, TCGOpcode ext)
{
    TCGv v;

    if (!gen_require_fp_or_vec(ctx, a->rt)) {
        return true;
    }
    v = ppc_g.gpr[a->ra];
    if (ext != INDEX_op_mov) {
        v = tcg_temp_new(ctx->s);
        if (ext == INDEX_op_ext32s) {
            tcg_gen_ext32s(ctx->s, v, ppc_g.gpr[a->ra]);
        } else {
            tcg_gen_ext32u(ctx->s, v, ppc_g.gpr[a->ra]);
        }
    }
    gen_store_vsr(ctx, a->rt, 0, v);
    return true;
}

bool trans_mtvsrd(DisasContext *ctx, const PPCArgs *a)
{
    return do_mtvsr(ctx, a, INDEX_op_mov);
}

bool trans_mtvsrwa(DisasContext *ctx, const PPCArgs *a)
{
    return do_mtvsr(ctx, a, INDEX_op_ext32s);
}

bool trans_mtvsrwz(DisasContext *ctx, const PPCArgs *a)
{
    return do_mtvsr(ctx, a, INDEX_op_ext32u);
}

/* mfvsrld RA,XS (3.0): doubleword 1 */
bool trans_mfvsrld(DisasContext *ctx, const PPCArgs *a)
{
    if (!gen_require_vsr(ctx, a->rt)) {
        return true;
    }
    tcg_gen_ld64(ctx->s, ppc_g.gpr[a->ra], vsr_off(a->rt, 1));
    return true;
}

/* mtvsrdd XT,RA,RB (3.0): (RA|0) || (RB) */
bool trans_mtvsrdd(DisasContext *ctx, const PPCArgs *a)
{
    if (!gen_require_vsr(ctx, a->rt)) {
        return true;
    }
    gen_store_vsr(ctx, a->rt, 0,
                  a->ra ? ppc_g.gpr[a->ra] : tcg_constant(ctx->s, 0));
    gen_store_vsr(ctx, a->rt, 1, ppc_g.gpr[a->rb]);
    return true;
}

/* mtvsrws XT,RA (3.0): the low word of RA in all four words */
bool trans_mtvsrws(DisasContext *ctx, const PPCArgs *a)
{
    TCGv v;

    if (!gen_require_vsr(ctx, a->rt)) {
        return true;
    }
    v = tcg_temp_new(ctx->s);
    tcg_gen_ext32u(ctx->s, v, ppc_g.gpr[a->ra]);
    tcg_gen_mul_i64(ctx->s, v, v, tcg_constant(ctx->s, 0x100000001ll));
    gen_store_vsr(ctx, a->rt, 0, v);
    gen_store_vsr(ctx, a->rt, 1, v);
    return true;
}

/* ---------------------------------------------- logical, permute 7.6.2 */

static bool do_xxlogic(DisasContext *ctx, const PPCArgs *a, GenBinop op)
{
    if (!gen_require_vsx(ctx)) {
        return true;
    }
    gen_vec_logic(ctx, a->rt, a->ra, a->rb, op);
    return true;
}

#define TRANS_XXLOGIC(name, op)                                               \
    bool trans_##name(DisasContext *ctx, const PPCArgs *a)                    \
    {                                                                         \
        return do_xxlogic(ctx, a, op);                                        \
    }
TRANS_XXLOGIC(xxland, tcg_gen_and_i64)
TRANS_XXLOGIC(xxlandc, tcg_gen_andc_i64)
TRANS_XXLOGIC(xxlor, tcg_gen_or_i64)
TRANS_XXLOGIC(xxlxor, tcg_gen_xor_i64)
TRANS_XXLOGIC(xxlnor, tcg_gen_nor_i64)
TRANS_XXLOGIC(xxlorc, tcg_gen_orc_i64)
TRANS_XXLOGIC(xxlnand, tcg_gen_nand_i64)
TRANS_XXLOGIC(xxleqv, tcg_gen_eqv_i64)

/* xxsel XT,XA,XB,XC */
bool trans_xxsel(DisasContext *ctx, const PPCArgs *a)
{
    if (!gen_require_vsx(ctx)) {
        return true;
    }
    gen_vec_select(ctx, a->rt, a->ra, a->rb, a->rc);
    return true;
}

/* xxpermdi XT,XA,XB,DM: XA's doubleword DM[0], XB's doubleword DM[1] */
bool trans_xxpermdi(DisasContext *ctx, const PPCArgs *a)
{
    unsigned dm = (a->insn >> 8) & 3; /* bits 22:23 */
    TCGv hi, lo;

    if (!gen_require_vsx(ctx)) {
        return true;
    }
    hi = gen_load_vsr(ctx, a->ra, dm >> 1);
    lo = gen_load_vsr(ctx, a->rb, dm & 1);
    gen_store_vsr(ctx, a->rt, 0, hi);
    gen_store_vsr(ctx, a->rt, 1, lo);
    return true;
}

/* xxsldwi XT,XA,XB,SHW: words SHW..SHW+3 of XA||XB */
bool trans_xxsldwi(DisasContext *ctx, const PPCArgs *a)
{
    if (!gen_require_vsx(ctx)) {
        return true;
    }
    gen_vec_shift_bytes(ctx, a->rt, a->ra, a->rb,
                        4 * ((a->insn >> 8) & 3));
    return true;
}

/* xxmrghw/xxmrglw: words 0,1 (2,3) of XA and XB interleaved */
static bool do_xxmrgw(DisasContext *ctx, const PPCArgs *a, int dw)
{
    TCGContext *s = ctx->s;
    TCGv x, y, hi = tcg_temp_new(s), lo = tcg_temp_new(s);

    if (!gen_require_vsx(ctx)) {
        return true;
    }
    x = gen_load_vsr(ctx, a->ra, dw);
    y = gen_load_vsr(ctx, a->rb, dw);
    tcg_gen_andi_i64(s, hi, x, (int64_t)0xffffffff00000000ull);
    tcg_gen_shri_i64(s, lo, y, 32);
    tcg_gen_or_i64(s, hi, hi, lo);
    tcg_gen_shli_i64(s, x, x, 32);
    tcg_gen_ext32u(s, y, y);
    tcg_gen_or_i64(s, lo, x, y);
    gen_store_vsr(ctx, a->rt, 0, hi);
    gen_store_vsr(ctx, a->rt, 1, lo);
    return true;
}

bool trans_xxmrghw(DisasContext *ctx, const PPCArgs *a)
{
    return do_xxmrgw(ctx, a, 0);
}

bool trans_xxmrglw(DisasContext *ctx, const PPCArgs *a)
{
    return do_xxmrgw(ctx, a, 1);
}

/* xxspltw XT,XB,UIM: word UIM (bits 14:15) of XB in all four words */
bool trans_xxspltw(DisasContext *ctx, const PPCArgs *a)
{
    TCGContext *s = ctx->s;
    unsigned uim = (a->insn >> 16) & 3;
    TCGv v;

    if (!gen_require_vsx(ctx)) {
        return true;
    }
    v = gen_load_vsr(ctx, a->rb, uim >> 1);
    if (uim & 1) {
        tcg_gen_ext32u(s, v, v);
    } else {
        tcg_gen_shri_i64(s, v, v, 32);
    }
    tcg_gen_mul_i64(s, v, v, tcg_constant(s, 0x100000001ll));
    gen_store_vsr(ctx, a->rt, 0, v);
    gen_store_vsr(ctx, a->rt, 1, v);
    return true;
}

/* xxspltib XT,IMM8 (3.0): the byte in all sixteen */
bool trans_xxspltib(DisasContext *ctx, const PPCArgs *a)
{
    uint64_t imm8 = (a->insn >> 11) & 0xff; /* bits 13:20 */

    if (!gen_require_vsr(ctx, a->rt)) {
        return true;
    }
    gen_vec_splat_const(ctx, a->rt, imm8 * 0x0101010101010101ull);
    return true;
}

/* xxbrh, xxbrw, xxbrd, xxbrq (3.0): reverse the bytes of each element */
static bool do_xxbr(DisasContext *ctx, const PPCArgs *a, unsigned size)
{
    TCGContext *s = ctx->s;
    TCGv d[2];

    if (!gen_require_vsx(ctx)) {
        return true;
    }
    for (int dw = 0; dw < 2; dw++) {
        d[dw] = gen_load_vsr(ctx, a->rb, dw);
        if (size == 2) {
            gen_swap_half_bytes(s, d[dw]);
        } else {
            tcg_gen_bswap64(s, d[dw], d[dw]);
            if (size == 4) {
                tcg_gen_rotli_i64(s, d[dw], d[dw], 32);
            }
        }
    }
    gen_store_vsr(ctx, a->rt, 0, d[size == 16]);
    gen_store_vsr(ctx, a->rt, 1, d[size != 16]);
    return true;
}

bool trans_xxbrh(DisasContext *ctx, const PPCArgs *a)
{
    return do_xxbr(ctx, a, 2);
}

bool trans_xxbrw(DisasContext *ctx, const PPCArgs *a)
{
    return do_xxbr(ctx, a, 4);
}

bool trans_xxbrd(DisasContext *ctx, const PPCArgs *a)
{
    return do_xxbr(ctx, a, 8);
}

bool trans_xxbrq(DisasContext *ctx, const PPCArgs *a)
{
    return do_xxbr(ctx, a, 16);
}

/* the helper shapes of helper-vsx.c; xxperm/xxpermr (7.6.2) are the
   IR's v128_perm/permr of XA||XT under the control XB */
static bool do_xx3(DisasContext *ctx, const PPCArgs *a,
                   const TCGHelperInfo *info)
{
    TCGContext *s = ctx->s;
    TCGv args[3];

    if (!gen_require_vsx(ctx)) {
        return true;
    }
    if (info == &helper_info_xxperm || info == &helper_info_xxpermr) {
        tcg_gen_vec4(s, info == &helper_info_xxperm ? INDEX_op_v128_perm
                                                    : INDEX_op_v128_permr,
                     vsr_off(a->rt, 0), vsr_off(a->ra, 0), vsr_off(a->rt, 0),
                     vsr_off(a->rb, 0));
        return true;
    }
    args[0] = tcg_constant(s, a->rt);
    args[1] = tcg_constant(s, a->ra);
    args[2] = tcg_constant(s, a->rb);
    gen_vec_call(ctx, info, 0, 3, args);
    return true;
}

/* (XT, XB, UIM in bits 12:15) */
static bool do_xxi(DisasContext *ctx, const PPCArgs *a,
                   const TCGHelperInfo *info)
{
    TCGContext *s = ctx->s;
    TCGv args[3];

    if (!gen_require_vsx(ctx)) {
        return true;
    }
    args[0] = tcg_constant(s, a->rt);
    args[1] = tcg_constant(s, a->rb);
    args[2] = tcg_constant(s, (a->insn >> 16) & 15);
    gen_vec_call(ctx, info, 0, 3, args);
    return true;
}

#define TRANS_XX3(name)                                                       \
    bool trans_##name(DisasContext *ctx, const PPCArgs *a)                    \
    {                                                                         \
        return do_xx3(ctx, a, &helper_info_##name);                           \
    }
#define TRANS_XXI(name)                                                       \
    bool trans_##name(DisasContext *ctx, const PPCArgs *a)                    \
    {                                                                         \
        return do_xxi(ctx, a, &helper_info_##name);                           \
    }
VSX_XX3_HELPERS(TRANS_XX3)
VSX_XXI_HELPERS(TRANS_XXI)

/* -------------------------------------------- scalar FP arithmetic 7.6.1 */

/* (desc, t, a, b, c) as helper_fp_arith takes them; see trans-vec.h */
static bool do_xs_arith(DisasContext *ctx, unsigned desc, int t, int fa,
                        int fb, int fc)
{
    TCGContext *s = ctx->s;
    TCGv args[5];

    if (!gen_require_vsx(ctx)) {
        return true;
    }
    args[0] = tcg_constant(s, desc | FPD_VSX);
    args[1] = tcg_constant(s, t);
    args[2] = tcg_constant(s, fa);
    args[3] = tcg_constant(s, fb);
    args[4] = tcg_constant(s, fc);
    gen_vec_call(ctx, &helper_info_fp_arith, 0, 5, args);
    return true;
}

/* XT = XA op XB; mul multiplies "a" by "c"; sqrt/re/rsqrte take "b" */
#define TRANS_XS_BIN(name, op)                                                \
    bool trans_##name(DisasContext *ctx, const PPCArgs *a)                    \
    {                                                                         \
        return do_xs_arith(ctx, op, a->rt, a->ra, a->rb, a->rb);              \
    }
TRANS_XS_BIN(xsadddp, FPA_ADD)
TRANS_XS_BIN(xssubdp, FPA_SUB)
TRANS_XS_BIN(xsmuldp, FPA_MUL)
TRANS_XS_BIN(xsdivdp, FPA_DIV)
TRANS_XS_BIN(xssqrtdp, FPA_SQRT)
TRANS_XS_BIN(xsredp, FPA_RE)
TRANS_XS_BIN(xsrsqrtedp, FPA_RSQRTE)
TRANS_XS_BIN(xsaddsp, FPA_ADD | FPD_SINGLE)
TRANS_XS_BIN(xssubsp, FPA_SUB | FPD_SINGLE)
TRANS_XS_BIN(xsmulsp, FPA_MUL | FPD_SINGLE)
TRANS_XS_BIN(xsdivsp, FPA_DIV | FPD_SINGLE)
TRANS_XS_BIN(xssqrtsp, FPA_SQRT | FPD_SINGLE)

/*
 * The fused forms: the "a" forms compute XT = +-(XA * XB +- XT) (XT the
 * addend), the "m" forms XT = +-(XA * XT +- XB) (XT the multiplicand).
 */
#define TRANS_XS_FMA(base, op)                                                \
    bool trans_##base##adp(DisasContext *ctx, const PPCArgs *a)               \
    {                                                                         \
        return do_xs_arith(ctx, op, a->rt, a->ra, a->rt, a->rb);              \
    }                                                                         \
    bool trans_##base##mdp(DisasContext *ctx, const PPCArgs *a)               \
    {                                                                         \
        return do_xs_arith(ctx, op, a->rt, a->ra, a->rb, a->rt);              \
    }                                                                         \
    bool trans_##base##asp(DisasContext *ctx, const PPCArgs *a)               \
    {                                                                         \
        return do_xs_arith(ctx, (op) | FPD_SINGLE, a->rt, a->ra, a->rt,       \
                           a->rb);                                            \
    }                                                                         \
    bool trans_##base##msp(DisasContext *ctx, const PPCArgs *a)               \
    {                                                                         \
        return do_xs_arith(ctx, (op) | FPD_SINGLE, a->rt, a->ra, a->rb,       \
                           a->rt);                                            \
    }
TRANS_XS_FMA(xsmadd, FPA_MADD)
TRANS_XS_FMA(xsmsub, FPA_MSUB)
TRANS_XS_FMA(xsnmadd, FPA_NMADD)
TRANS_XS_FMA(xsnmsub, FPA_NMSUB)

/* xscmpudp, xscmpodp BF,XA,XB */
static bool do_xscmp(DisasContext *ctx, const PPCArgs *a, unsigned desc)
{
    TCGContext *s = ctx->s;
    TCGv args[3];

    if (!gen_require_vsx(ctx)) {
        return true;
    }
    args[0] = tcg_constant(s, desc);
    args[1] = tcg_constant(s, a->ra);
    args[2] = tcg_constant(s, a->rb);
    gen_vec_call(ctx, &helper_info_fp_cmp, ppc_g.crf[a->bf], 3, args);
    return true;
}

bool trans_xscmpudp(DisasContext *ctx, const PPCArgs *a)
{
    return do_xscmp(ctx, a, 0);
}

bool trans_xscmpodp(DisasContext *ctx, const PPCArgs *a)
{
    return do_xscmp(ctx, a, FPD_ORDERED);
}

/* conversions and rounding: XT <- cvt(XB) */
static bool do_xs_cvt(DisasContext *ctx, const PPCArgs *a, unsigned desc)
{
    TCGContext *s = ctx->s;
    TCGv args[3];

    if (!gen_require_vsx(ctx)) {
        return true;
    }
    args[0] = tcg_constant(s, desc | FPD_VSX);
    args[1] = tcg_constant(s, a->rt);
    args[2] = tcg_constant(s, a->rb);
    gen_vec_call(ctx, &helper_info_fp_cvt, 0, 3, args);
    return true;
}

#define TRANS_XS_CVT(name, kind)                                              \
    bool trans_##name(DisasContext *ctx, const PPCArgs *a)                    \
    {                                                                         \
        return do_xs_cvt(ctx, a, kind);                                       \
    }
TRANS_XS_CVT(xscvdpsxds, FPC_CTIDZ)
TRANS_XS_CVT(xscvdpsxws, FPC_CTIWZ)
TRANS_XS_CVT(xscvdpuxds, FPC_CTIDUZ)
TRANS_XS_CVT(xscvdpuxws, FPC_CTIWUZ)
TRANS_XS_CVT(xscvsxddp, FPC_CFID)
TRANS_XS_CVT(xscvuxddp, FPC_CFIDU)
TRANS_XS_CVT(xscvsxdsp, FPC_CFIDS)
TRANS_XS_CVT(xscvuxdsp, FPC_CFIDUS)
TRANS_XS_CVT(xscvdpsp, FPC_DPSP)
TRANS_XS_CVT(xscvspdp, FPC_SPDP)
TRANS_XS_CVT(xsrsp, FPC_RSP)
TRANS_XS_CVT(xsrdpi, FPC_RIN)
TRANS_XS_CVT(xsrdpiz, FPC_RIZ)
TRANS_XS_CVT(xsrdpip, FPC_RIP)
TRANS_XS_CVT(xsrdpim, FPC_RIM)
TRANS_XS_CVT(xsrdpic, FPC_RIC)

/* xscvdpspn, xscvspdpn: format changes without FPSCR effects */
static bool do_xs_pure(DisasContext *ctx, const PPCArgs *a,
                       const TCGHelperInfo *info)
{
    TCGv v;

    if (!gen_require_vsx(ctx)) {
        return true;
    }
    v = gen_load_vsr(ctx, a->rb, 0);
    gen_vec_call(ctx, info, v, 1, &v);
    gen_store_vsr(ctx, a->rt, 0, v);
    gen_store_vsr(ctx, a->rt, 1, tcg_constant(ctx->s, 0));
    return true;
}

bool trans_xscvdpspn(DisasContext *ctx, const PPCArgs *a)
{
    return do_xs_pure(ctx, a, &helper_info_xscvdpspn);
}

bool trans_xscvspdpn(DisasContext *ctx, const PPCArgs *a)
{
    return do_xs_pure(ctx, a, &helper_info_xscvspdpn);
}

/* ------------------------------------------------------ sign operations */

typedef enum XSign { XS_ABS, XS_NABS, XS_NEG, XS_CPSGN } XSign;

/* the sign bit(s) of mask in each doubleword: abs clears, nabs sets, neg
   flips, cpsgn takes XA's */
static void gen_sign_op(DisasContext *ctx, TCGv v, TCGv from, XSign op,
                        uint64_t mask)
{
    TCGContext *s = ctx->s;

    switch (op) {
    case XS_ABS:
        tcg_gen_andi_i64(s, v, v, (int64_t)~mask);
        break;
    case XS_NABS:
        tcg_gen_ori_i64(s, v, v, (int64_t)mask);
        break;
    case XS_NEG:
        tcg_gen_xori_i64(s, v, v, (int64_t)mask);
        break;
    case XS_CPSGN:
        tcg_gen_andi_i64(s, v, v, (int64_t)~mask);
        tcg_gen_andi_i64(s, from, from, (int64_t)mask);
        tcg_gen_or_i64(s, v, v, from);
        break;
    }
}

/* xsabsdp, xsnabsdp, xsnegdp, xscpsgndp: doubleword 0, doubleword 1 <- 0 */
static bool do_xs_sign(DisasContext *ctx, const PPCArgs *a, XSign op)
{
    TCGv v, from = 0;

    if (!gen_require_vsx(ctx)) {
        return true;
    }
    v = gen_load_vsr(ctx, a->rb, 0);
    if (op == XS_CPSGN) {
        from = gen_load_vsr(ctx, a->ra, 0);
    }
    gen_sign_op(ctx, v, from, op, 1ull << 63);
    gen_store_vsr(ctx, a->rt, 0, v);
    gen_store_vsr(ctx, a->rt, 1, tcg_constant(ctx->s, 0));
    return true;
}

/* xv{abs,nabs,neg,cpsgn}{dp,sp}: every element */
static bool do_xv_sign(DisasContext *ctx, const PPCArgs *a, XSign op,
                       uint64_t mask)
{
    TCGv v[2];

    if (!gen_require_vsx(ctx)) {
        return true;
    }
    for (int dw = 0; dw < 2; dw++) {
        TCGv from = op == XS_CPSGN ? gen_load_vsr(ctx, a->ra, dw) : 0;

        v[dw] = gen_load_vsr(ctx, a->rb, dw);
        gen_sign_op(ctx, v[dw], from, op, mask);
    }
    gen_store_vsr(ctx, a->rt, 0, v[0]);
    gen_store_vsr(ctx, a->rt, 1, v[1]);
    return true;
}

#define SIGN_DP (1ull << 63)
#define SIGN_SP 0x8000000080000000ull
#define TRANS_XS_SIGN(name, op)                                               \
    bool trans_##name(DisasContext *ctx, const PPCArgs *a)                    \
    {                                                                         \
        return do_xs_sign(ctx, a, op);                                        \
    }
#define TRANS_XV_SIGN(name, op, mask)                                         \
    bool trans_##name(DisasContext *ctx, const PPCArgs *a)                    \
    {                                                                         \
        return do_xv_sign(ctx, a, op, mask);                                  \
    }
TRANS_XS_SIGN(xsabsdp, XS_ABS)
TRANS_XS_SIGN(xsnabsdp, XS_NABS)
TRANS_XS_SIGN(xsnegdp, XS_NEG)
TRANS_XS_SIGN(xscpsgndp, XS_CPSGN)
TRANS_XV_SIGN(xvabsdp, XS_ABS, SIGN_DP)
TRANS_XV_SIGN(xvnabsdp, XS_NABS, SIGN_DP)
TRANS_XV_SIGN(xvnegdp, XS_NEG, SIGN_DP)
TRANS_XV_SIGN(xvcpsgndp, XS_CPSGN, SIGN_DP)
TRANS_XV_SIGN(xvabssp, XS_ABS, SIGN_SP)
TRANS_XV_SIGN(xvnabssp, XS_NABS, SIGN_SP)
TRANS_XV_SIGN(xvnegsp, XS_NEG, SIGN_SP)
TRANS_XV_SIGN(xvcpsgnsp, XS_CPSGN, SIGN_SP)
