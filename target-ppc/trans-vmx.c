/*
 * target-ppc/trans-vmx.c: the vector facility (VMX) of Power ISA 3.0B
 * Book I chapter 6: vector loads and stores (6.7), the VSCR moves (6.6),
 * the integer, floating-point, crypto and decimal vector instructions
 * (6.8-6.11).
 *
 * VR n is VSR 32 + n (trans-vec.h).  What the IR's 128-bit vector ops
 * can say is one op on the VRs' slots (include/tcg-vec.h): the logical
 * operations, the modulo add/subtract, the byte/halfword/word max/min,
 * the compares without Rc, the saturating byte/halfword add/subtract
 * (with VSCR[SAT]), the merges, modulo packs, vsldoi and vperm (byte
 * shuffles), vrlw/vslw/vsrw/vsraw/vsld/vsrd and vmulouw/vmuleuw.  What is a few
 * 64-bit operations is inline IR on the two doublewords of each register:
 * the 16-byte loads and stores, lvsl/lvsr, vsel and the splats.
 * Everything else is one helper call (helper-vmx*.c, helper-bcd.c),
 * declared by shape in trans-vec.h's lists, from which this file also
 * generates the trans_ functions through one table of shapes; on an
 * x86-64 host with AES-NI/PCLMULQDQ the crypto helpers are the host-
 * instruction versions (helper-vmx-crypto.c).  Every instruction first
 * checks MSR[VEC] (Book III 6.5.11).
 */
#include "trans-ldst.h"
#include "trans-vec.h"
#include "tcg-vec.h"

/* ----------------------------------------------------- shared generators */

TCGv gen_load_vsr(DisasContext *ctx, int vsr, int dw)
{
    TCGv t = tcg_temp_new(ctx->s);

    tcg_gen_ld64(ctx->s, t, vsr_off(vsr, dw));
    return t;
}

void gen_store_vsr(DisasContext *ctx, int vsr, int dw, TCGv v)
{
    tcg_gen_st64(ctx->s, v, vsr_off(vsr, dw));
}

/* ea + 8, wrapping at 4 GiB in 32-bit mode (Book I 1.10.3) */
TCGv gen_ea_plus8(DisasContext *ctx, TCGv ea)
{
    TCGv t = tcg_temp_new(ctx->s);

    tcg_gen_addi_i64(ctx->s, t, ea, 8);
    if (!ctx->sf) {
        tcg_gen_ext32u(ctx->s, t, t);
    }
    return t;
}

/*
 * The 16 bytes at ea as lvx and lxv see them (trans-vec.h): in big-endian
 * mode byte i is MEM(ea+i); in little-endian mode the quadword is reversed
 * as a whole, so doubleword 0 is the little-endian doubleword at ea+8.
 * Both halves are loaded before the register is written.
 */
void gen_vec_ld16(DisasContext *ctx, int vsr, TCGv ea)
{
    TCGContext *s = ctx->s;
    TCGv ea8 = gen_ea_plus8(ctx, ea);
    TCGv hi = tcg_temp_new(s), lo = tcg_temp_new(s);

    gen_ld(ctx, ctx->le ? lo : hi, ea, MO_64);
    gen_ld(ctx, ctx->le ? hi : lo, ea8, MO_64);
    gen_store_vsr(ctx, vsr, 0, hi);
    gen_store_vsr(ctx, vsr, 1, lo);
}

void gen_vec_st16(DisasContext *ctx, int vsr, TCGv ea)
{
    TCGv ea8 = gen_ea_plus8(ctx, ea);
    TCGv hi = gen_load_vsr(ctx, vsr, 0), lo = gen_load_vsr(ctx, vsr, 1);

    gen_st(ctx, ctx->le ? lo : hi, ea, MO_64);
    gen_st(ctx, ctx->le ? hi : lo, ea8, MO_64);
}

/* ------------------------------------------------- loads, stores 6.7 */

/* EA = ((RA|0) + (RB)) with its low bits cleared to the access size */
static TCGv gen_vec_ea_aligned(DisasContext *ctx, const PPCArgs *a,
                               unsigned size)
{
    TCGv ea = gen_ea_reg(ctx, a->ra, a->rb);

    tcg_gen_andi_i64(ctx->s, ea, ea, -(int64_t)size);
    return ea;
}

/* lvx, lvxl (the LRU hint means nothing to us) */
static bool do_lvx(DisasContext *ctx, const PPCArgs *a)
{
    if (!gen_require_vec(ctx)) {
        return true;
    }
    gen_vec_ld16(ctx, 32 + a->rt, gen_vec_ea_aligned(ctx, a, 16));
    return true;
}

static bool do_stvx(DisasContext *ctx, const PPCArgs *a)
{
    if (!gen_require_vec(ctx)) {
        return true;
    }
    gen_vec_st16(ctx, 32 + a->rt, gen_vec_ea_aligned(ctx, a, 16));
    return true;
}

/* one trans_ function per row: (name, worker, its extra arguments) */
#define TRANS_ROW(name, fn, ...)                                              \
    bool trans_##name(DisasContext *ctx, const PPCArgs *a)                    \
    {                                                                         \
        return fn(ctx, a __VA_OPT__(, ) __VA_ARGS__);                         \
    }

TRANS_ROW(lvx, do_lvx)
TRANS_ROW(lvxl, do_lvx)
TRANS_ROW(stvx, do_stvx)
TRANS_ROW(stvxl, do_stvx)

/* lve[bhw]x, stve[bhw]x: one element (helper-vmx.c) */
static bool do_vec_elem(DisasContext *ctx, const PPCArgs *a, unsigned lg,
                        bool store)
{
    TCGContext *s = ctx->s;
    TCGv args[3];

    if (!gen_require_vec(ctx)) {
        return true;
    }
    args[0] = tcg_constant(s, 32 + a->rt);
    args[1] = gen_vec_ea_aligned(ctx, a, 1u << lg);
    args[2] = tcg_constant(s, lg | (ctx->le ? VEC_ELEM_LE : 0) |
                                  ctx->mem_idx << 8);
    gen_vec_call(ctx, store ? &helper_info_stvex : &helper_info_lvex, 0, 3,
                 args);
    return true;
}

TRANS_ROW(lvebx, do_vec_elem, 0, false)
TRANS_ROW(lvehx, do_vec_elem, 1, false)
TRANS_ROW(lvewx, do_vec_elem, 2, false)
TRANS_ROW(stvebx, do_vec_elem, 0, true)
TRANS_ROW(stvehx, do_vec_elem, 1, true)
TRANS_ROW(stvewx, do_vec_elem, 2, true)

/*
 * lvsl, lvsr (6.7.4): the permute control vector for sh = EA[60:63]:
 * bytes sh..sh+15 (lvsl) or 16-sh..31-sh (lvsr), i.e. the identity
 * pattern with sh added to (subtracted from) every byte.
 */
static bool do_lvs(DisasContext *ctx, const PPCArgs *a, bool right)
{
    TCGContext *s = ctx->s;
    const int64_t ones = 0x0101010101010101ll;
    TCGv sh, d0 = tcg_temp_new(s), d1 = tcg_temp_new(s);

    if (!gen_require_vec(ctx)) {
        return true;
    }
    sh = gen_ea_reg(ctx, a->ra, a->rb);
    tcg_gen_andi_i64(s, sh, sh, 15);
    tcg_gen_mul_i64(s, sh, sh, tcg_constant(s, ones));
    if (right) {
        tcg_gen_sub_i64(s, d0, tcg_constant(s, 0x1011121314151617ll), sh);
        tcg_gen_sub_i64(s, d1, tcg_constant(s, 0x18191a1b1c1d1e1fll), sh);
    } else {
        tcg_gen_addi_i64(s, d0, sh, 0x0001020304050607ll);
        tcg_gen_addi_i64(s, d1, sh, 0x08090a0b0c0d0e0fll);
    }
    gen_store_vsr(ctx, 32 + a->rt, 0, d0);
    gen_store_vsr(ctx, 32 + a->rt, 1, d1);
    return true;
}

TRANS_ROW(lvsl, do_lvs, false)
TRANS_ROW(lvsr, do_lvs, true)

/* ---------------------------------------------------------- VSCR 6.6 */

/* mfvscr VRT: 96 zeros || VSCR */
bool trans_mfvscr(DisasContext *ctx, const PPCArgs *a)
{
    TCGv t;

    if (!gen_require_vec(ctx)) {
        return true;
    }
    t = tcg_temp_new(ctx->s);
    tcg_gen_ld64(ctx->s, t, VSCR_OFF);
    tcg_gen_ext32u(ctx->s, t, t);
    gen_store_vsr(ctx, 32 + a->rt, 0, tcg_constant(ctx->s, 0));
    gen_store_vsr(ctx, 32 + a->rt, 1, t);
    return true;
}

/* mtvscr VRB: VSCR <- VRB[96:127] */
bool trans_mtvscr(DisasContext *ctx, const PPCArgs *a)
{
    TCGv v;

    if (!gen_require_vec(ctx)) {
        return true;
    }
    v = gen_load_vsr(ctx, 32 + a->rb, 1);
    tcg_gen_ext32u(ctx->s, v, v);
    tcg_gen_st64(ctx->s, v, VSCR_OFF);
    return true;
}

/* ------------------------------------------------------- logical 6.10 */

/* vt = op(va, vb) doubleword by doubleword (VSR numbers) */
void gen_vec_logic(DisasContext *ctx, int vt, int va, int vb, GenBinop op)
{
    TCGv r[2];

    for (int dw = 0; dw < 2; dw++) {
        TCGv x = gen_load_vsr(ctx, va, dw), y = gen_load_vsr(ctx, vb, dw);

        r[dw] = tcg_temp_new(ctx->s);
        op(ctx->s, r[dw], x, y);
    }
    gen_store_vsr(ctx, vt, 0, r[0]);
    gen_store_vsr(ctx, vt, 1, r[1]);
}

/*
 * The lane-wise VX instructions that are one IR vector op on the VRs'
 * slots in env (include/tcg-vec.h): the logical ones (6.10), the modulo
 * add/subtract of every width and the max/min of bytes, halfwords and
 * words (6.9.1), and the compares without Rc (6.9.3; the Rc=1 forms go to
 * the helpers, which also return CR6).
 */
static bool do_vop(DisasContext *ctx, const PPCArgs *a, TCGOpcode opc)
{
    if (!gen_require_vec(ctx)) {
        return true;
    }
    tcg_gen_vec3(ctx->s, opc, avr_off(a->rt, 0), avr_off(a->ra, 0),
                 avr_off(a->rb, 0));
    return true;
}

#define VMX_VOPS(X)                                                           \
    X(vand, and) X(vandc, andc) X(vor, or) X(vxor, xor) X(vnor, nor)          \
    X(vorc, orc) X(vnand, nand) X(veqv, eqv)                                  \
    X(vaddubm, add8) X(vadduhm, add16) X(vadduwm, add32) X(vaddudm, add64)    \
    X(vsububm, sub8) X(vsubuhm, sub16) X(vsubuwm, sub32) X(vsubudm, sub64)    \
    X(vmaxub, maxu8) X(vmaxuh, maxu16) X(vmaxuw, maxu32)                      \
    X(vmaxsb, maxs8) X(vmaxsh, maxs16) X(vmaxsw, maxs32)                      \
    X(vminub, minu8) X(vminuh, minu16) X(vminuw, minu32)                      \
    X(vminsb, mins8) X(vminsh, mins16) X(vminsw, mins32)
#define TRANS_VOP(name, op)                                                   \
    bool trans_##name(DisasContext *ctx, const PPCArgs *a)                    \
    {                                                                         \
        return do_vop(ctx, a, INDEX_op_v128_##op);                            \
    }
VMX_VOPS(TRANS_VOP)

/* the compares whose Rc=0 form is a vector op */
static TCGOpcode vcmp_op(const TCGHelperInfo *info)
{
    static const struct {
        const TCGHelperInfo *info;
        TCGOpcode opc;
    } map[] = {
        {&helper_info_vcmpequb, INDEX_op_v128_cmpeq8},
        {&helper_info_vcmpequh, INDEX_op_v128_cmpeq16},
        {&helper_info_vcmpequw, INDEX_op_v128_cmpeq32},
        {&helper_info_vcmpequd, INDEX_op_v128_cmpeq64},
        {&helper_info_vcmpgtub, INDEX_op_v128_cmpgtu8},
        {&helper_info_vcmpgtuh, INDEX_op_v128_cmpgtu16},
        {&helper_info_vcmpgtuw, INDEX_op_v128_cmpgtu32},
        {&helper_info_vcmpgtud, INDEX_op_v128_cmpgtu64},
        {&helper_info_vcmpgtsb, INDEX_op_v128_cmpgts8},
        {&helper_info_vcmpgtsh, INDEX_op_v128_cmpgts16},
        {&helper_info_vcmpgtsw, INDEX_op_v128_cmpgts32},
        {&helper_info_vcmpgtsd, INDEX_op_v128_cmpgts64},
    };

    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
        if (map[i].info == info) {
            return map[i].opc;
        }
    }
    return NB_TCG_OPS;
}

/* vt = (va & ~vc) | (vb & vc): vsel (6.8.3) and xxsel (7.6.2) */
void gen_vec_select(DisasContext *ctx, int vt, int va, int vb, int vc)
{
    TCGContext *s = ctx->s;
    TCGv r[2];

    for (int dw = 0; dw < 2; dw++) {
        TCGv x = gen_load_vsr(ctx, va, dw), y = gen_load_vsr(ctx, vb, dw);
        TCGv m = gen_load_vsr(ctx, vc, dw);

        r[dw] = tcg_temp_new(s);
        tcg_gen_andc_i64(s, x, x, m);
        tcg_gen_and_i64(s, y, y, m);
        tcg_gen_or_i64(s, r[dw], x, y);
    }
    gen_store_vsr(ctx, vt, 0, r[0]);
    gen_store_vsr(ctx, vt, 1, r[1]);
}

/* vsel VRT,VRA,VRB,VRC */
bool trans_vsel(DisasContext *ctx, const PPCArgs *a)
{
    if (!gen_require_vec(ctx)) {
        return true;
    }
    gen_vec_select(ctx, 32 + a->rt, 32 + a->ra, 32 + a->rb, 32 + a->rc);
    return true;
}

/* ------------------------------------------------ shifts, splats 6.8 */

/* vt = bytes shb..shb+15 of va||vb: one v128_shuf (pshufb) */
void gen_vec_shift_bytes(DisasContext *ctx, int vt, int va, int vb,
                         unsigned shb)
{
    tcg_gen_vec4(ctx->s, INDEX_op_v128_shuf, vsr_off(vt, 0), vsr_off(va, 0),
                 vsr_off(vb, 0), TCG_VEC_SHUF_SLDOI0 + (shb & 15));
}

/* vsldoi VRT,VRA,VRB,SHB (6.8.5): bytes SHB..SHB+15 of VRA||VRB */
bool trans_vsldoi(DisasContext *ctx, const PPCArgs *a)
{
    if (!gen_require_vec(ctx)) {
        return true;
    }
    gen_vec_shift_bytes(ctx, 32 + a->rt, 32 + a->ra, 32 + a->rb, a->rc & 15);
    return true;
}

/* vt's two doublewords <- the constant v */
void gen_vec_splat_const(DisasContext *ctx, int vt, uint64_t v)
{
    TCGv c = tcg_constant(ctx->s, (int64_t)v);

    gen_store_vsr(ctx, vt, 0, c);
    gen_store_vsr(ctx, vt, 1, c);
}

/* vspltis[bhw] VRT,SIM (6.8.3): EXTS(SIM) in every element */
static bool do_vspltis(DisasContext *ctx, const PPCArgs *a, uint64_t mask,
                       uint64_t ones)
{
    if (!gen_require_vec(ctx)) {
        return true;
    }
    gen_vec_splat_const(ctx, 32 + a->rt, ((uint64_t)a->imm & mask) * ones);
    return true;
}

TRANS_ROW(vspltisb, do_vspltis, 0xff, 0x0101010101010101ull)
TRANS_ROW(vspltish, do_vspltis, 0xffff, 0x0001000100010001ull)
TRANS_ROW(vspltisw, do_vspltis, 0xffffffff, 0x0000000100000001ull)

/*
 * vspltb/vsplth/vspltw VRT,VRB,UIM (6.8.3): element UIM of VRB in every
 * element: the element loaded from its place in the slot (ISA element k
 * of a doubleword is counted from the left, the slot's doublewords are
 * host order), multiplied by 0x01..01 of its width, stored twice.
 */
static bool do_vsplt(DisasContext *ctx, const PPCArgs *a, unsigned size)
{
    static const TCGOpcode ld[] = {INDEX_op_ld8u, INDEX_op_ld16u, 0,
                                   INDEX_op_ld32u};
    static const uint64_t ones[] = {0x0101010101010101ull,
                                    0x0001000100010001ull, 0,
                                    0x0000000100000001ull};
    TCGContext *s = ctx->s;
    unsigned per_dw = 8 / size, k = a->uimm & (16 / size - 1);
    int32_t off = avr_off(a->rb, (int)(k / per_dw)) +
                  (int32_t)((per_dw - 1 - k % per_dw) * size);
    TCGv v;

    if (!gen_require_vec(ctx)) {
        return true;
    }
    v = tcg_temp_new(s);
    tcg_gen_ld(s, ld[size - 1], v, off);
    tcg_gen_mul_i64(s, v, v, tcg_constant(s, (int64_t)ones[size - 1]));
    gen_store_vsr(ctx, 32 + a->rt, 0, v);
    gen_store_vsr(ctx, 32 + a->rt, 1, v);
    return true;
}

TRANS_ROW(vspltb, do_vsplt, 1)
TRANS_ROW(vsplth, do_vsplt, 2)
TRANS_ROW(vspltw, do_vsplt, 4)

/* ------------------------------------------------ helpers, by shape */

/*
 * The helper-shaped instructions that are one four-operand IR vector op
 * instead (include/tcg-vec.h): the saturating byte and halfword
 * add/subtract (6.9.1; the op sets VSCR[SAT], the helpers' rule), the
 * merges and modulo packs (6.8.1, 6.8.2) as fixed byte patterns, vrlw,
 * vslw, vsrw, vsraw, vsld, vsrd and the byte and halfword ones (vrlb,
 * vrlh, vslb, vslh, vsrb, vsrh, vsrab, vsrah) (6.9.2, 6.9.4) and vmulouw, vmuleuw (6.9.1; three
 * operands), and vperm, vpermr (6.8.4, in gen_vmx_vec_op).  Their rows are keyed by the helper that
 * VMX_VX3_HELPERS lists, which is no longer called for them.
 */
typedef struct VmxVecRow {
    const TCGHelperInfo *info;
    TCGOpcode opc;
    int64_t x; /* the pattern (v128_shuf); -1: VSCR (saturating); -2: a
                  three-operand op */
} VmxVecRow;

static const VmxVecRow *vmx_vec_row(const TCGHelperInfo *info)
{
    static const VmxVecRow rows[] = {
#define SAT(name, op) {&helper_info_##name, INDEX_op_v128_##op, -1},
#define SHUF(name, p) {&helper_info_##name, INDEX_op_v128_shuf, TCG_VEC_SHUF_##p},
        SAT(vaddubs, addsatu8) SAT(vadduhs, addsatu16)
        SAT(vaddsbs, addsats8) SAT(vaddshs, addsats16)
        SAT(vsububs, subsatu8) SAT(vsubuhs, subsatu16)
        SAT(vsubsbs, subsats8) SAT(vsubshs, subsats16)
        SHUF(vmrghb, MRGHB) SHUF(vmrglb, MRGLB) SHUF(vmrghh, MRGHH)
        SHUF(vmrglh, MRGLH) SHUF(vmrghw, MRGHW) SHUF(vmrglw, MRGLW)
        SHUF(vmrgew, MRGEW) SHUF(vmrgow, MRGOW)
        SHUF(vpkuhum, PKUHUM) SHUF(vpkuwum, PKUWUM) SHUF(vpkudum, PKUDUM)
        {&helper_info_vrlw, INDEX_op_v128_rotl32, -2},
        {&helper_info_vslw, INDEX_op_v128_shl32, -2},
        {&helper_info_vsrw, INDEX_op_v128_shr32, -2},
        {&helper_info_vsraw, INDEX_op_v128_sar32, -2},
        {&helper_info_vrlb, INDEX_op_v128_rotl8, -2},
        {&helper_info_vrlh, INDEX_op_v128_rotl16, -2},
        {&helper_info_vslb, INDEX_op_v128_shl8, -2},
        {&helper_info_vslh, INDEX_op_v128_shl16, -2},
        {&helper_info_vsrb, INDEX_op_v128_shr8, -2},
        {&helper_info_vsrh, INDEX_op_v128_shr16, -2},
        {&helper_info_vsrab, INDEX_op_v128_sar8, -2},
        {&helper_info_vsrah, INDEX_op_v128_sar16, -2},
        {&helper_info_vsld, INDEX_op_v128_shl64, -2},
        {&helper_info_vsrd, INDEX_op_v128_shr64, -2},
        {&helper_info_vmulouw, INDEX_op_v128_mulou32, -2},
        {&helper_info_vmuleuw, INDEX_op_v128_muleu32, -2},
#undef SAT
#undef SHUF
    };

    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        if (rows[i].info == info) {
            return &rows[i];
        }
    }
    return NULL;
}

/*
 * The helper shapes of trans-vec.h as table rows: what each argument of
 * the helper is (a VR number from a field, an immediate field, a GPR) and
 * where its result goes.  One worker, do_vmx_call(), emits every one of
 * them, after the rows that are IR vector ops instead.
 */
typedef enum VmxArg {
    ARG_VRT, ARG_VRA, ARG_VRB, ARG_VRC, /* VSR numbers 32 + the field */
    ARG_UIM,                            /* the VRA field as an immediate */
    ARG_RBF,                            /* the VRB field as an immediate */
    ARG_PS,                             /* bit 22 (the bcd* PS bit) */
    ARG_GPR_RA,                         /* the GPR value */
} VmxArg;

typedef enum VmxRet {
    RET_NONE, RET_CR6, RET_CR6_IF_RC, RET_GPR_RT,
} VmxRet;

typedef enum VmxShape {
    SHAPE_VX3, SHAPE_VX2, SHAPE_VXI, SHAPE_VA, SHAPE_VC, SHAPE_VXR,
    SHAPE_VX2A, SHAPE_VXS, SHAPE_BCD,
} VmxShape;

static const struct {
    uint8_t n;
    uint8_t arg[4];
    uint8_t ret;
} vmx_shapes[] = {
    [SHAPE_VX3] = {3, {ARG_VRT, ARG_VRA, ARG_VRB}, RET_NONE},
    [SHAPE_VX2] = {2, {ARG_VRT, ARG_VRB}, RET_NONE},
    [SHAPE_VXI] = {3, {ARG_VRT, ARG_VRB, ARG_UIM}, RET_NONE},
    [SHAPE_VA] = {4, {ARG_VRT, ARG_VRA, ARG_VRB, ARG_VRC}, RET_NONE},
    /* compares: with Rc=1 (bit 21) CR6 gets the all/none summary */
    [SHAPE_VC] = {3, {ARG_VRT, ARG_VRA, ARG_VRB}, RET_CR6_IF_RC},
    /* RT <- f(GPR RA, VRB): vext*[lr]x, vc[lt]zlsbb (RA unused) */
    [SHAPE_VXR] = {2, {ARG_GPR_RA, ARG_VRB}, RET_GPR_RT},
    /* (VRT, VRA): vsbox, vmul10uq, vmul10cuq */
    [SHAPE_VX2A] = {2, {ARG_VRT, ARG_VRA}, RET_NONE},
    /* (VRT, VRA, ST||SIX in the VRB field): vshasigma[wd] */
    [SHAPE_VXS] = {3, {ARG_VRT, ARG_VRA, ARG_RBF}, RET_NONE},
    /* the decimal ones (6.9.5) -> CR6; in the forms with an opcode in
       the VRA field the helper ignores VRA */
    [SHAPE_BCD] = {4, {ARG_VRT, ARG_VRA, ARG_VRB, ARG_PS}, RET_CR6},
};

static TCGv vmx_arg(DisasContext *ctx, const PPCArgs *a, VmxArg k)
{
    TCGContext *s = ctx->s;

    switch (k) {
    case ARG_VRT: return tcg_constant(s, 32 + a->rt);
    case ARG_VRA: return tcg_constant(s, 32 + a->ra);
    case ARG_VRB: return tcg_constant(s, 32 + a->rb);
    case ARG_VRC: return tcg_constant(s, 32 + a->rc);
    case ARG_UIM: return tcg_constant(s, (int64_t)a->uimm);
    case ARG_RBF: return tcg_constant(s, a->rb);
    case ARG_PS: return tcg_constant(s, (a->insn >> 9) & 1);
    default: return ppc_g.gpr[a->ra];
    }
}

/* the IR vector op forms of a helper-shaped instruction; false if none */
static bool gen_vmx_vec_op(DisasContext *ctx, const PPCArgs *a,
                           const TCGHelperInfo *info, VmxShape shape)
{
    TCGContext *s = ctx->s;
    const VmxVecRow *row;

    if (shape == SHAPE_VC) {
        if (a->rc_bit || vcmp_op(info) == NB_TCG_OPS) {
            return false;
        }
        tcg_gen_vec3(s, vcmp_op(info), avr_off(a->rt, 0), avr_off(a->ra, 0),
                     avr_off(a->rb, 0));
        return true;
    }
    if (shape == SHAPE_VA &&
        (info == &helper_info_vperm || info == &helper_info_vpermr)) {
        tcg_gen_vec4(s, info == &helper_info_vperm ? INDEX_op_v128_perm
                                                   : INDEX_op_v128_permr,
                     avr_off(a->rt, 0), avr_off(a->ra, 0), avr_off(a->rb, 0),
                     avr_off(a->rc, 0));
        return true;
    }
    row = shape == SHAPE_VX3 ? vmx_vec_row(info) : NULL;
    if (!row) {
        return false;
    }
    if (row->x == -2) {
        tcg_gen_vec3(s, row->opc, avr_off(a->rt, 0), avr_off(a->ra, 0),
                     avr_off(a->rb, 0));
    } else {
        tcg_gen_vec4(s, row->opc, avr_off(a->rt, 0), avr_off(a->ra, 0),
                     avr_off(a->rb, 0), row->x < 0 ? VSCR_OFF : row->x);
    }
    return true;
}

static bool do_vmx_call(DisasContext *ctx, const PPCArgs *a,
                        const TCGHelperInfo *info, VmxShape shape)
{
    TCGv args[4], ret = 0;
    unsigned n = vmx_shapes[shape].n;

    if (!gen_require_vec(ctx)) {
        return true;
    }
    if (gen_vmx_vec_op(ctx, a, info, shape)) {
        return true;
    }
    for (unsigned i = 0; i < n; i++) {
        args[i] = vmx_arg(ctx, a, (VmxArg)vmx_shapes[shape].arg[i]);
    }
    switch (vmx_shapes[shape].ret) {
    case RET_CR6: ret = ppc_g.crf[6]; break;
    case RET_CR6_IF_RC: ret = a->rc_bit ? ppc_g.crf[6] : 0; break;
    case RET_GPR_RT: ret = ppc_g.gpr[a->rt]; break;
    default: break;
    }
    gen_vec_call(ctx, vmx_host_crypto_helper(info), ret, (int)n, args);
    return true;
}

#define TRANS_SHAPE(shape, name)                                              \
    bool trans_##name(DisasContext *ctx, const PPCArgs *a)                    \
    {                                                                         \
        return do_vmx_call(ctx, a, &helper_info_##name, SHAPE_##shape);       \
    }
#define TRANS_VX3(name) TRANS_SHAPE(VX3, name)
#define TRANS_VX2(name) TRANS_SHAPE(VX2, name)
#define TRANS_VXI(name) TRANS_SHAPE(VXI, name)
#define TRANS_VA(name) TRANS_SHAPE(VA, name)
#define TRANS_VC(name) TRANS_SHAPE(VC, name)
#define TRANS_VXR(name) TRANS_SHAPE(VXR, name)
#define TRANS_VX2A(name) TRANS_SHAPE(VX2A, name)
#define TRANS_VXS(name) TRANS_SHAPE(VXS, name)
#define TRANS_BCD(name) TRANS_SHAPE(BCD, name)
VMX_VX3_HELPERS(TRANS_VX3)
VMX_VX2_HELPERS(TRANS_VX2)
VMX_VXI_HELPERS(TRANS_VXI)
VMX_VA_HELPERS(TRANS_VA)
VMX_VC_HELPERS(TRANS_VC)
VMX_VXR_HELPERS(TRANS_VXR)
VMX_VX2A_HELPERS(TRANS_VX2A)
VMX_VXS_HELPERS(TRANS_VXS)
VMX_BCD_HELPERS(TRANS_BCD)

/*
 * dst, dstt, dstst, dststt, dss, dssall: the data stream touch hints of
 * the VMX category (ISA 2.07 Book II 4.3.3, phased out in 3.0).  POWER8
 * and POWER9 execute them as no-ops, with no facility check, and Linux
 * still issues dssall when switching address spaces.
 */
bool trans_dst(DisasContext *ctx, const PPCArgs *a)
{
    return true;
}

bool trans_dss(DisasContext *ctx, const PPCArgs *a)
{
    return true;
}
