/*
 * tcg/x86_64: the constraints of every op and the lowering of the
 * computational ones (the IR semantics are in tcg/ir-ops.def).
 *
 * *_i32 ops use the 32-bit instruction forms, which zero-extend their
 * register result: the IR's value model for free.  x86 masks variable
 * shift and rotate counts to the operand width, as the IR wants.  The cases
 * where x86 faults or leaves a result undefined are handled inline:
 * division by zero and INT_MIN / -1 branch around the divide; bsr/bsf of
 * zero (when lzcnt/tzcnt are absent) are fixed with a cmov.
 *
 * Two-address instructions get their output in the register of their
 * first input (constraint alias 0, the allocator copies the input if it
 * stays live); where a three-operand form exists (lea for add, andn, BMI2
 * shifts, rorx, imul by an immediate) the output is free.
 */
#include "tcg/x86_64/lower.h"

#include <assert.h>

#include "tcg/eval.h"
#include "tcg-vec.h"

/* immediate classes (TCGArgCons.ct) */
enum {
    CT_S32 = 1,   /* fits a sign-extended imm32 (i32 ops: anything) */
    CT_ANY = 2,   /* any value (the lowering reduces it itself) */
    CT_STORE = 4, /* a store's value: storable as an immediate */
};

#define R_ALL X86_ALLOCATABLE
#define R(x) X86_REG_BIT(X86_##x)
#define OUT(set) {.regs = (set), .alias = -1}
#define OUT_ALIAS(set, k) {.regs = (set), .alias = (k)}
#define IN(set) {.regs = (set), .alias = -1}
#define IN_CT(set, c) {.regs = (set), .ct = (c), .alias = -1}

static const TCGOpCons c_none = {.out = OUT(0)};
static const TCGOpCons c_r_r = {.out = OUT(R_ALL), .in = {IN(R_ALL)}};
static const TCGOpCons c_r_r_ri = {
    .out = OUT(R_ALL), .in = {IN(R_ALL), IN_CT(R_ALL, CT_S32)}};
static const TCGOpCons c_0_r_ri = {
    .out = OUT_ALIAS(R_ALL, 0), .in = {IN(R_ALL), IN_CT(R_ALL, CT_S32)}};
static const TCGOpCons c_shiftx = {
    .out = OUT(R_ALL), .in = {IN(R_ALL), IN_CT(R_ALL, CT_ANY)}};
static const TCGOpCons c_shift_cl = {
    .out = OUT(R_ALL & ~R(RCX)), .in = {IN(R_ALL), IN_CT(R(RCX), CT_ANY)}};
static const TCGOpCons c_div = {
    .out = OUT_ALIAS(R(RAX), 0),
    .in = {IN(R(RAX)), IN(R_ALL & ~(R(RAX) | R(RDX)))},
    .clobber = R(RDX)};
static const TCGOpCons c_movcond = {
    .out = OUT_ALIAS(R_ALL, 3),
    .in = {IN(R_ALL), IN_CT(R_ALL, CT_S32), IN(R_ALL), IN(R_ALL)}};
static const TCGOpCons c_brcond = {
    .out = OUT(0), .in = {IN(R_ALL), IN_CT(R_ALL, CT_S32)}};
static const TCGOpCons c_ld = {.out = OUT(R_ALL)};
static const TCGOpCons c_st = {.out = OUT(0),
                               .in = {IN_CT(R_ALL, CT_STORE)}};
static const TCGOpCons c_r_r_scratch = {
    .out = OUT(R_ALL), .in = {IN(R_ALL)}, .scratch_regs = R_ALL,
    .nb_scratch = 1};
static const TCGOpCons c_qemu_ld = {
    .out = OUT(R_ALL), .in = {IN(R_ALL)}, .scratch_regs = R_ALL,
    .nb_scratch = 1};
static const TCGOpCons c_qemu_st = {
    .out = OUT(0), .in = {IN_CT(R_ALL, CT_STORE), IN(R_ALL)},
    .scratch_regs = R_ALL, .nb_scratch = 1};
static const TCGOpCons c_goto_ptr = {.out = OUT(0), .in = {IN(R_ALL)}};

#define BOTH(x) case INDEX_op_##x##_i32: case INDEX_op_##x##_i64

const TCGOpCons *tcg_target_op_cons(const TCGOp *op)
{
    switch ((TCGOpcode)op->opc) {
    BOTH(add):
    BOTH(setcond):
        return &c_r_r_ri;
    BOTH(sub):
    BOTH(mul):
    BOTH(and):
    BOTH(or):
    BOTH(xor):
    BOTH(orc):
    BOTH(eqv):
    BOTH(nand):
    BOTH(nor):
        return &c_0_r_ri;
    BOTH(andc):
        return have_feat(X86_FEAT_BMI1) ? &c_r_r_ri : &c_0_r_ri;
    BOTH(shl):
    BOTH(shr):
    BOTH(sar):
        return have_feat(X86_FEAT_BMI2) ? &c_shiftx : &c_shift_cl;
    BOTH(rotl):
    BOTH(rotr):
        return &c_shift_cl;
    BOTH(divs):
    BOTH(divu):
    BOTH(rems):
    BOTH(remu):
    BOTH(muluh):
    BOTH(mulsh):
        return &c_div;
    BOTH(movcond):
        return &c_movcond;
    BOTH(brcond):
        return &c_brcond;
    BOTH(ctpop):
        return have_feat(X86_FEAT_POPCNT) ? &c_r_r : &c_r_r_scratch;
    BOTH(neg):
    BOTH(not):
    BOTH(clz):
    BOTH(ctz):
    case INDEX_op_ext8s:
    case INDEX_op_ext8u:
    case INDEX_op_ext16s:
    case INDEX_op_ext16u:
    case INDEX_op_ext32s:
    case INDEX_op_ext32u:
    case INDEX_op_bswap16:
    case INDEX_op_bswap32:
    case INDEX_op_bswap64:
        return &c_r_r;
    case INDEX_op_ld8u:
    case INDEX_op_ld8s:
    case INDEX_op_ld16u:
    case INDEX_op_ld16s:
    case INDEX_op_ld32u:
    case INDEX_op_ld32s:
    case INDEX_op_ld64:
        return &c_ld;
    case INDEX_op_st8:
    case INDEX_op_st16:
    case INDEX_op_st32:
    case INDEX_op_st64:
        return &c_st;
    case INDEX_op_qemu_ld:
        return &c_qemu_ld;
    case INDEX_op_qemu_st:
        return &c_qemu_st;
    case INDEX_op_goto_ptr:
        return &c_goto_ptr;
    default:
        return &c_none;
    }
}

static bool fits_s32(int64_t v) { return v == (int32_t)v; }

bool tcg_target_const_match(const TCGOp *op, int64_t val, unsigned ct)
{
    if (ct & CT_ANY) {
        return true;
    }
    if (ct & CT_S32) {
        return tcg_op_is_i32((TCGOpcode)op->opc) || fits_s32(val);
    }
    if (ct & CT_STORE) {
        if (op->opc == INDEX_op_qemu_st) {
            return x86_qemu_st_const_ok(op, val);
        }
        return op->opc != INDEX_op_st64 || fits_s32(val);
    }
    return false;
}

/* ------------------------------------------------------------ allocator hooks */

void tcg_target_mov(TCGRegAlloc *ra, int dst, int src)
{
    if (dst != src) {
        x86_mov_rr(&x86_gen(ra)->buf, 1, dst, src);
    }
}

void tcg_target_movi(TCGRegAlloc *ra, int dst, int64_t val)
{
    /* never xor: moves may sit between a compare and its user */
    x86_movi(&x86_gen(ra)->buf, dst, val);
}

void tcg_target_ld(TCGRegAlloc *ra, int dst, int base, int32_t off)
{
    x86_load(&x86_gen(ra)->buf, X86_LD64, dst, base, X86_NOREG, 0, off);
}

void tcg_target_st(TCGRegAlloc *ra, int src, int base, int32_t off)
{
    x86_store(&x86_gen(ra)->buf, 64, src, base, X86_NOREG, 0, off);
}

bool tcg_target_sti(TCGRegAlloc *ra, int64_t val, int base, int32_t off)
{
    if (!fits_s32(val)) {
        return false;
    }
    x86_store_imm(&x86_gen(ra)->buf, 64, val, base, X86_NOREG, 0, off);
    return true;
}

/* ------------------------------------------------------------ conditions */

static const X86Cond cond_map[] = {
    [TCG_COND_EQ] = X86_CC_E,     [TCG_COND_NE] = X86_CC_NE,
    [TCG_COND_LT] = X86_CC_L,     [TCG_COND_GE] = X86_CC_GE,
    [TCG_COND_LE] = X86_CC_LE,    [TCG_COND_GT] = X86_CC_G,
    [TCG_COND_LTU] = X86_CC_B,    [TCG_COND_GEU] = X86_CC_AE,
    [TCG_COND_LEU] = X86_CC_BE,   [TCG_COND_GTU] = X86_CC_A,
    [TCG_COND_TSTEQ] = X86_CC_E,  [TCG_COND_TSTNE] = X86_CC_NE,
};

X86Cond x86_cond(TCGCond c)
{
    assert(c >= TCG_COND_EQ && c <= TCG_COND_TSTNE);
    return cond_map[c];
}

void x86_emit_cmp(X86Buf *b, int w, TCGCond c, int x, int64_t y,
                  bool y_const)
{
    if (c == TCG_COND_TSTEQ || c == TCG_COND_TSTNE) {
        if (y_const) {
            x86_test_ri(b, w, x, y);
        } else {
            x86_test_rr(b, w, x, (int)y);
        }
    } else if (y_const && (w ? y : (uint32_t)y) == 0) {
        /* test sets ZF and SF as cmp with 0 would, and CF = OF = 0 */
        x86_test_rr(b, w, x, x);
    } else if (y_const) {
        x86_alu_ri(b, X86_CMP, w, x, y);
    } else {
        x86_alu_rr(b, X86_CMP, w, x, (int)y);
    }
}

static bool flags_hold(const X86Gen *g, const X86Flags *want)
{
    const X86Flags *f = &g->flags;

    return g->nb_lowered > 1 && f->serial == g->nb_lowered - 1 &&
           f->ta == want->ta && f->tb == want->tb && f->out != want->ta &&
           f->out != want->tb && f->w == want->w && f->x == want->x &&
           f->y == want->y && f->yk == want->yk && f->tst == want->tst;
}

bool x86_emit_cmp_op(X86Gen *g, const TCGOp *op, int ai, int w, TCGCond c,
                     int x, int64_t y, bool y_const)
{
    X86Flags want = {
        .serial = g->nb_lowered,
        .ta = op->args[ai],
        .tb = op->args[ai + 1],
        .out = op->nb_oargs ? op->args[0] : 0,
        .w = w,
        .x = x,
        .y = y,
        .yk = y_const,
        .tst = c == TCG_COND_TSTEQ || c == TCG_COND_TSTNE,
    };
    bool reuse = flags_hold(g, &want);

    if (!reuse) {
        x86_emit_cmp(&g->buf, w, c, x, y, y_const);
    }
    g->flags = want;
    return reuse;
}

/* ------------------------------------------------------------ lowering */

static void mov_if(X86Buf *b, int w, int dst, int src)
{
    if (dst != src) {
        x86_mov_rr(b, w, dst, src);
    }
}

/* the value of a 32-bit op is its register zero-extended */
static void zext_if(X86Buf *b, int w, int r)
{
    if (!w) {
        x86_mov_rr(b, 0, r, r);
    }
}

static void lower_add(X86Buf *b, int w, int o, int x, int64_t y, bool yk)
{
    if (yk) {
        if (o == x) {
            x86_alu_ri(b, X86_ADD, w, o, y);
        } else {
            x86_lea(b, w, o, x, X86_NOREG, 0, (int32_t)y);
        }
    } else if (o == x) {
        x86_alu_rr(b, X86_ADD, w, o, (int)y);
    } else if (o == y) {
        x86_alu_rr(b, X86_ADD, w, o, x);
    } else {
        x86_lea(b, w, o, x, (int)y, 0, 0);
    }
}

/* o (== x) op= y, y register or S32 immediate */
static void alu2(X86Buf *b, X86AluOp op, int w, int o, int64_t y, bool yk)
{
    if (yk) {
        x86_alu_ri(b, op, w, o, y);
    } else {
        x86_alu_rr(b, op, w, o, (int)y);
    }
}

/* o (== x) op= ~y */
static void alu2_not(X86Buf *b, X86AluOp op, int w, int o, int64_t y, bool yk)
{
    if (yk) {
        x86_alu_ri(b, op, w, o, ~y);
    } else {
        x86_mov_rr(b, w, X86_TMP, (int)y);
        x86_unary(b, X86_NOT, w, X86_TMP);
        x86_alu_rr(b, op, w, o, X86_TMP);
    }
}

static void lower_shift(X86Buf *b, X86ShiftOp sop, int w, int o, int x,
                        int64_t y, bool yk)
{
    if (yk) {
        int n = (int)(y & (w ? 63 : 31));
        if (n == 0) {
            if (o != x || !w) {
                x86_mov_rr(b, w, o, x);
            }
            return;
        }
        if (have_feat(X86_FEAT_BMI2) && o != x &&
            (sop == X86_ROL || sop == X86_ROR)) {
            x86_rorx(b, w, o, x, sop == X86_ROR ? n : (w ? 64 : 32) - n);
            return;
        }
        mov_if(b, w, o, x);
        x86_shift_ri(b, sop, w, o, n);
    } else if (sop != X86_ROL && sop != X86_ROR &&
               have_feat(X86_FEAT_BMI2)) {
        x86_shiftx(b, sop, w, o, x, (int)y);
    } else {
        /* y is rcx and o is not; a 32-bit shift by 0 still rewrites o
           zero-extended only if we make it so */
        assert(y == X86_RCX && o != X86_RCX);
        mov_if(b, w, o, x);
        x86_shift_cl(b, sop, w, o);
        if (!w && o == x) {
            zext_if(b, w, o);
        }
    }
}

/* divide family: rax = x (copy), divisor d, rdx free */
static void lower_div(X86Buf *b, TCGOpcode opc, int w, int d)
{
    bool is_signed, is_rem;
    size_t to_zero[2], to_done[2];
    int nz = 0, nd = 0;

    switch (opc) {
    BOTH(divs):
        is_signed = true, is_rem = false;
        break;
    BOTH(rems):
        is_signed = true, is_rem = true;
        break;
    BOTH(divu):
        is_signed = false, is_rem = false;
        break;
    default:
        is_signed = false, is_rem = true;
        break;
    }
    if (is_signed) {
        /* d == -1: quotient -x (wrapping at INT_MIN), remainder 0 */
        x86_alu_ri(b, X86_CMP, w, d, -1);
        if (is_rem) {
            to_zero[nz++] = x86_jcc8_fwd(b, X86_CC_E);
        } else {
            size_t not_m1 = x86_jcc8_fwd(b, X86_CC_NE);
            x86_unary(b, X86_NEG, w, X86_RAX);
            to_done[nd++] = x86_jmp8_fwd(b);
            x86_patch_rel8(b, not_m1, b->pos);
        }
    }
    x86_test_rr(b, w, d, d);
    to_zero[nz++] = x86_jcc8_fwd(b, X86_CC_E);
    if (is_signed) {
        x86_cqo(b, w);
        x86_unary(b, X86_IDIV, w, d);
    } else {
        x86_alu_rr(b, X86_XOR, 0, X86_RDX, X86_RDX);
        x86_unary(b, X86_DIV, w, d);
    }
    if (is_rem) {
        x86_mov_rr(b, w, X86_RAX, X86_RDX);
    }
    to_done[nd++] = x86_jmp8_fwd(b);
    for (int i = 0; i < nz; i++) {
        x86_patch_rel8(b, to_zero[i], b->pos);
    }
    x86_alu_rr(b, X86_XOR, 0, X86_RAX, X86_RAX);
    for (int i = 0; i < nd; i++) {
        x86_patch_rel8(b, to_done[i], b->pos);
    }
}

static void lower_clz(X86Buf *b, int w, int o, int x)
{
    int width = w ? 64 : 32;

    if (have_feat(X86_FEAT_LZCNT)) {
        x86_bitop(b, X86_LZCNT, w, o, x);
        return;
    }
    /* clz = bsr ^ (width - 1); for 0, (2 * width - 1) ^ (width - 1) */
    x86_movi(b, X86_TMP, 2 * width - 1);
    x86_bitop(b, X86_BSR, w, o, x);
    x86_cmov(b, X86_CC_E, w, o, X86_TMP);
    x86_alu_ri(b, X86_XOR, w, o, width - 1);
}

static void lower_ctz(X86Buf *b, int w, int o, int x)
{
    if (have_feat(X86_FEAT_BMI1)) {
        x86_bitop(b, X86_TZCNT, w, o, x);
        return;
    }
    x86_movi(b, X86_TMP, w ? 64 : 32);
    x86_bitop(b, X86_BSF, w, o, x);
    x86_cmov(b, X86_CC_E, w, o, X86_TMP);
}

/* "and o, mask" with mask in a register when it is wider than an imm32 */
static void and_mask(X86Buf *b, int w, int o, uint64_t mask)
{
    if (w) {
        x86_movi(b, X86_TMP, (int64_t)mask);
        x86_alu_rr(b, X86_AND, 1, o, X86_TMP);
    } else {
        x86_alu_ri(b, X86_AND, 0, o, (int32_t)(uint32_t)mask);
    }
}

/* the classic SWAR population count, for hosts without popcnt */
static void lower_ctpop(X86Buf *b, int w, int o, int x, int t)
{
    if (have_feat(X86_FEAT_POPCNT)) {
        x86_bitop(b, X86_POPCNT, w, o, x);
        return;
    }
    mov_if(b, w, o, x);
    /* o -= (o >> 1) & 0x55..; pairs of bits hold their counts */
    x86_mov_rr(b, w, t, o);
    x86_shift_ri(b, X86_SHR, w, t, 1);
    and_mask(b, w, t, 0x5555555555555555ull);
    x86_alu_rr(b, X86_SUB, w, o, t);
    /* nibbles */
    x86_mov_rr(b, w, t, o);
    x86_shift_ri(b, X86_SHR, w, t, 2);
    and_mask(b, w, t, 0x3333333333333333ull);
    and_mask(b, w, o, 0x3333333333333333ull);
    x86_alu_rr(b, X86_ADD, w, o, t);
    /* bytes */
    x86_mov_rr(b, w, t, o);
    x86_shift_ri(b, X86_SHR, w, t, 4);
    x86_alu_rr(b, X86_ADD, w, o, t);
    and_mask(b, w, o, 0x0f0f0f0f0f0f0f0full);
    /* sum the bytes into the top one */
    if (w) {
        x86_movi(b, X86_TMP, 0x0101010101010101ll);
        x86_imul_rr(b, 1, o, X86_TMP);
        x86_shift_ri(b, X86_SHR, 1, o, 56);
    } else {
        x86_imul_rri(b, 0, o, o, 0x01010101);
        x86_shift_ri(b, X86_SHR, 0, o, 24);
    }
}

static void lower_setcond(X86Gen *g, const TCGOp *op, int w, TCGCond c,
                          int o, int x, int64_t y, bool yk)
{
    X86Buf *b = &g->buf;
    X86Flags want = {.serial = g->nb_lowered, .ta = op->args[1],
                     .tb = op->args[2], .out = op->args[0], .w = w, .x = x,
                     .y = y, .yk = yk,
                     .tst = c == TCG_COND_TSTEQ || c == TCG_COND_TSTNE};

    if (c == TCG_COND_NEVER || c == TCG_COND_ALWAYS) {
        x86_movi(b, o, c == TCG_COND_ALWAYS);
        return;
    }
    if (o != x && (yk || o != y) && !flags_hold(g, &want)) {
        /* clear first: no movzx, no partial-register merge */
        x86_alu_rr(b, X86_XOR, 0, o, o);
        x86_emit_cmp_op(g, op, 1, w, c, x, y, yk);
        x86_setcc(b, x86_cond(c), o);
    } else {
        x86_emit_cmp_op(g, op, 1, w, c, x, y, yk);
        x86_setcc(b, x86_cond(c), o);
        x86_movzx_rr(b, 8, o, o);
    }
}

static void lower_movcond(X86Gen *g, const TCGOp *op, int w, TCGCond c,
                          const int64_t *a, const bool *k)
{
    X86Buf *b = &g->buf;
    int o = (int)a[0], v1 = (int)a[3];

    assert(o == a[4]);
    if (c == TCG_COND_NEVER) {
        zext_if(b, w, o);
    } else if (c == TCG_COND_ALWAYS) {
        x86_mov_rr(b, w, o, v1);
    } else {
        x86_emit_cmp_op(g, op, 1, w, c, (int)a[1], a[2], k[2]);
        x86_cmov(b, x86_cond(c), w, o, v1);
    }
}

static const X86LoadKind ld_kind[] = {
    [INDEX_op_ld8u - INDEX_op_ld8u] = X86_LD8U,
    [INDEX_op_ld8s - INDEX_op_ld8u] = X86_LD8S,
    [INDEX_op_ld16u - INDEX_op_ld8u] = X86_LD16U,
    [INDEX_op_ld16s - INDEX_op_ld8u] = X86_LD16S,
    [INDEX_op_ld32u - INDEX_op_ld8u] = X86_LD32U,
    [INDEX_op_ld32s - INDEX_op_ld8u] = X86_LD32S,
    [INDEX_op_ld64 - INDEX_op_ld8u] = X86_LD64,
};

static int st_bits(TCGOpcode opc)
{
    switch (opc) {
    case INDEX_op_st8:
        return 8;
    case INDEX_op_st16:
        return 16;
    case INDEX_op_st32:
        return 32;
    default:
        return 64;
    }
}

void x86_lower_alu(X86Gen *g, const TCGOp *op, const int64_t *a,
                   const bool *k)
{
    X86Buf *b = &g->buf;
    TCGOpcode opc = (TCGOpcode)op->opc;
    int w = !tcg_op_is_i32(opc);
    int o = (int)a[0], x = (int)a[1];

    switch (opc) {
    BOTH(add):
        lower_add(b, w, o, x, a[2], k[2]);
        break;
    BOTH(sub):
        alu2(b, X86_SUB, w, o, a[2], k[2]);
        break;
    BOTH(and):
        alu2(b, X86_AND, w, o, a[2], k[2]);
        break;
    BOTH(or):
        alu2(b, X86_OR, w, o, a[2], k[2]);
        break;
    BOTH(xor):
        if (k[2] && (w ? a[2] == -1 : (uint32_t)a[2] == 0xffffffffu)) {
            x86_unary(b, X86_NOT, w, o);
        } else {
            alu2(b, X86_XOR, w, o, a[2], k[2]);
        }
        break;
    BOTH(mul):
        if (k[2]) {
            x86_imul_rri(b, w, o, o, (int32_t)a[2]);
        } else {
            x86_imul_rr(b, w, o, (int)a[2]);
        }
        break;
    BOTH(andc):
        if (have_feat(X86_FEAT_BMI1) && !k[2]) {
            x86_andn(b, w, o, (int)a[2], x);
        } else {
            mov_if(b, w, o, x);
            alu2_not(b, X86_AND, w, o, a[2], k[2]);
        }
        break;
    BOTH(orc):
        alu2_not(b, X86_OR, w, o, a[2], k[2]);
        break;
    BOTH(eqv):
        alu2_not(b, X86_XOR, w, o, a[2], k[2]);
        break;
    BOTH(nand):
        alu2(b, X86_AND, w, o, a[2], k[2]);
        x86_unary(b, X86_NOT, w, o);
        break;
    BOTH(nor):
        alu2(b, X86_OR, w, o, a[2], k[2]);
        x86_unary(b, X86_NOT, w, o);
        break;
    BOTH(neg):
        mov_if(b, w, o, x);
        x86_unary(b, X86_NEG, w, o);
        break;
    BOTH(not):
        mov_if(b, w, o, x);
        x86_unary(b, X86_NOT, w, o);
        break;
    BOTH(shl):
        lower_shift(b, X86_SHL, w, o, x, a[2], k[2]);
        break;
    BOTH(shr):
        lower_shift(b, X86_SHR, w, o, x, a[2], k[2]);
        break;
    BOTH(sar):
        lower_shift(b, X86_SAR, w, o, x, a[2], k[2]);
        break;
    BOTH(rotl):
        lower_shift(b, X86_ROL, w, o, x, a[2], k[2]);
        break;
    BOTH(rotr):
        lower_shift(b, X86_ROR, w, o, x, a[2], k[2]);
        break;
    BOTH(clz):
        lower_clz(b, w, o, x);
        break;
    BOTH(ctz):
        lower_ctz(b, w, o, x);
        break;
    BOTH(ctpop):
        lower_ctpop(b, w, o, x, (int)a[2]);
        break;
    BOTH(divs):
    BOTH(divu):
    BOTH(rems):
    BOTH(remu):
        lower_div(b, opc, w, (int)a[2]);
        break;
    BOTH(muluh):
        x86_unary(b, X86_MUL, w, (int)a[2]);
        x86_mov_rr(b, w, X86_RAX, X86_RDX);
        break;
    BOTH(mulsh):
        x86_unary(b, X86_IMUL1, w, (int)a[2]);
        x86_mov_rr(b, w, X86_RAX, X86_RDX);
        break;
    BOTH(setcond):
        lower_setcond(g, op, w, (TCGCond)a[3], o, x, a[2], k[2]);
        break;
    BOTH(movcond):
        lower_movcond(g, op, w, (TCGCond)a[5], a, k);
        break;
    case INDEX_op_ext8s:
        x86_movsx_rr(b, 8, o, x);
        break;
    case INDEX_op_ext8u:
        x86_movzx_rr(b, 8, o, x);
        break;
    case INDEX_op_ext16s:
        x86_movsx_rr(b, 16, o, x);
        break;
    case INDEX_op_ext16u:
        x86_movzx_rr(b, 16, o, x);
        break;
    case INDEX_op_ext32s:
        x86_movsx_rr(b, 32, o, x);
        break;
    case INDEX_op_ext32u:
        x86_mov_rr(b, 0, o, x);
        break;
    case INDEX_op_bswap16:
        mov_if(b, 0, o, x);
        x86_bswap(b, 0, o);
        x86_shift_ri(b, X86_SHR, 0, o, 16);
        break;
    case INDEX_op_bswap32:
        mov_if(b, 0, o, x);
        x86_bswap(b, 0, o);
        break;
    case INDEX_op_bswap64:
        mov_if(b, 1, o, x);
        x86_bswap(b, 1, o);
        break;
    case INDEX_op_ld8u:
    case INDEX_op_ld8s:
    case INDEX_op_ld16u:
    case INDEX_op_ld16s:
    case INDEX_op_ld32u:
    case INDEX_op_ld32s:
    case INDEX_op_ld64:
        x86_load(b, ld_kind[opc - INDEX_op_ld8u], o, X86_ENV, X86_NOREG, 0,
                 (int32_t)a[1]);
        break;
    case INDEX_op_st8:
    case INDEX_op_st16:
    case INDEX_op_st32:
    case INDEX_op_st64:
        if (k[0]) {
            x86_store_imm(b, st_bits(opc), a[0], X86_ENV, X86_NOREG, 0,
                          (int32_t)a[1]);
        } else {
            x86_store(b, st_bits(opc), (int)a[0], X86_ENV, X86_NOREG, 0,
                      (int32_t)a[1]);
        }
        break;
    default:
        g_error("x86_64: no lowering for op %s", tcg_op_defs[opc].name);
    }
}

void tcg_target_op(TCGRegAlloc *ra, const TCGOp *op, const int64_t *args,
                   const bool *is_const, TCGRegSet live)
{
    X86Gen *g = x86_gen(ra);

    if (op->opc != INDEX_op_insn_start) {
        g->nb_lowered++;
    }

    switch (op->opc) {
    case INDEX_op_qemu_ld:
        x86_lower_qemu_ld(g, op, args, is_const, live);
        break;
    case INDEX_op_qemu_st:
        x86_lower_qemu_st(g, op, args, is_const, live);
        break;
    case INDEX_op_set_label:
    case INDEX_op_br:
    case INDEX_op_brcond_i32:
    case INDEX_op_brcond_i64:
    case INDEX_op_goto_tb:
    case INDEX_op_exit_tb:
    case INDEX_op_goto_ptr:
    case INDEX_op_insn_start:
        x86_lower_control(g, op, args, is_const);
        break;
    default:
        if (tcg_op_is_vec((TCGOpcode)op->opc)) {
            x86_lower_vec(g, op);
            break;
        }
        x86_lower_alu(g, op, args, is_const);
        break;
    }
}
