/*
 * Every IR op, both widths, run through the interpreter on edge values and
 * compared with results computed here independently of tcg/eval.h (loops
 * for bit counts and rotates, wider arithmetic for division and high
 * products, byte loops for swaps): the op semantics of tcg/ir-ops.def,
 * including the zero-extension of i32 results, shift counts modulo the
 * width, clz/ctz of 0, division by 0 and INT_MIN / -1.
 *
 * Each program reads its inputs from globals (env->gpr[]) or constants and
 * writes its result to a global, so no optimizer is involved.  Memory ops
 * (qemu_ld/st) need the softmmu and are tested with it, not here.
 */
#include <glib.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "tcg.h"

/* the interpreter links against the softmmu slow paths; none is used here */
__attribute__((weak)) uint64_t helper_ld_mmu(CPUPPCState *env, uint64_t addr,
                                             uint64_t oi, uint64_t ra)
{
    g_error("helper_ld_mmu called in a tcg unit test");
}

__attribute__((weak)) void helper_st_mmu(CPUPPCState *env, uint64_t addr,
                                         uint64_t val, uint64_t oi,
                                         uint64_t ra)
{
    g_error("helper_st_mmu called in a tcg unit test");
}

static const uint64_t edge[] = {
    0,
    1,
    2,
    3,
    (uint64_t)-1,
    (uint64_t)-2,
    0x7fffffffu,
    0x80000000u,
    0xffffffffu,
    0x100000000ull,
    (uint64_t)(int64_t)INT32_MIN,       /* 0xffffffff80000000 */
    0x7fffffffffffffffull,
    0x8000000000000000ull,
    0x8000000000000001ull,
    0xffffffff00000001ull,               /* i32: 1, high garbage */
    0x00000001ffffffffull,               /* i32: -1, high garbage */
    31, 32, 33, 63, 64, 65,
    0xdeadbeef12345678ull,
    0x0123456789abcdefull,
    0x8080808080808080ull,
};
#define NB_EDGE G_N_ELEMENTS(edge)

/* ------------------------------------------------------------ references */

static uint64_t bits_rotl(uint64_t x, uint64_t n, int width)
{
    uint64_t mask = width == 32 ? 0xffffffffu : ~0ull;
    x &= mask;
    for (uint64_t i = 0; i < n % width; i++) {
        uint64_t top = (x >> (width - 1)) & 1;
        x = ((x << 1) | top) & mask;
    }
    return x;
}

static uint64_t bits_rotr(uint64_t x, uint64_t n, int width)
{
    uint64_t mask = width == 32 ? 0xffffffffu : ~0ull;
    x &= mask;
    for (uint64_t i = 0; i < n % width; i++) {
        x = (x >> 1) | ((x & 1) << (width - 1));
    }
    return x;
}

static uint64_t bits_sar(uint64_t x, uint64_t n, int width)
{
    uint64_t sign = 1ull << (width - 1);
    uint64_t mask = width == 32 ? 0xffffffffu : ~0ull;
    x &= mask;
    for (uint64_t i = 0; i < n % width; i++) {
        x = (x >> 1) | (x & sign);
    }
    return x;
}

static uint64_t bits_clz(uint64_t x, int width)
{
    uint64_t n = 0;
    for (int i = width - 1; i >= 0 && !((x >> i) & 1); i--) {
        n++;
    }
    return n;
}

static uint64_t bits_ctz(uint64_t x, int width)
{
    uint64_t n = 0;
    for (int i = 0; i < width && !((x >> i) & 1); i++) {
        n++;
    }
    return n;
}

static uint64_t bits_pop(uint64_t x, int width)
{
    uint64_t n = 0;
    for (int i = 0; i < width; i++) {
        n += (x >> i) & 1;
    }
    return n;
}

static uint64_t bytes_swap(uint64_t x, int nbytes)
{
    uint64_t r = 0;
    for (int i = 0; i < nbytes; i++) {
        r = (r << 8) | ((x >> (8 * i)) & 0xff);
    }
    return r;
}

/* high half of the unsigned 128-bit product, from 32-bit pieces */
static uint64_t mulhu64(uint64_t a, uint64_t b)
{
    uint64_t al = (uint32_t)a, ah = a >> 32, bl = (uint32_t)b, bh = b >> 32;
    uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
    uint64_t mid = (ll >> 32) + (uint32_t)lh + (uint32_t)hl;
    return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

/* signed high half: the unsigned one corrected for negative operands */
static uint64_t mulhs64(uint64_t a, uint64_t b)
{
    uint64_t r = mulhu64(a, b);
    if ((int64_t)a < 0) {
        r -= b;
    }
    if ((int64_t)b < 0) {
        r -= a;
    }
    return r;
}

static int32_t s32(uint64_t x) { return (int32_t)(uint32_t)x; }

/* division through a wider type: INT_MIN / -1 needs no special case there,
   and truncating the quotient gives the defined result */
static uint64_t ref_divs(uint64_t a, uint64_t b, int width)
{
    if (width == 32) {
        if (!(uint32_t)b) {
            return 0;
        }
        return (uint32_t)((int64_t)s32(a) / (int64_t)s32(b));
    }
    if (!b) {
        return 0;
    }
    return (uint64_t)(__int128)((__int128)(int64_t)a / (__int128)(int64_t)b);
}

static uint64_t ref_rems(uint64_t a, uint64_t b, int width)
{
    if (width == 32) {
        if (!(uint32_t)b) {
            return 0;
        }
        return (uint32_t)((int64_t)s32(a) % (int64_t)s32(b));
    }
    if (!b) {
        return 0;
    }
    return (uint64_t)(__int128)((__int128)(int64_t)a % (__int128)(int64_t)b);
}

typedef enum RefOp {
    R_ADD, R_SUB, R_MUL, R_AND, R_OR, R_XOR, R_ANDC, R_ORC, R_EQV, R_NAND,
    R_NOR, R_SHL, R_SHR, R_SAR, R_ROTL, R_ROTR, R_DIVS, R_DIVU, R_REMS,
    R_REMU, R_MULUH, R_MULSH,
    R_NEG, R_NOT, R_CLZ, R_CTZ, R_CTPOP,
} RefOp;

/* the op at the given width; i32 inputs are the low halves, the result is
   truncated to the width (i.e. zero-extended) at the end */
static uint64_t ref_op(RefOp r, uint64_t a, uint64_t b, int width)
{
    uint64_t mask = width == 32 ? 0xffffffffu : ~0ull;
    uint64_t v;
    a &= mask;
    b &= mask;
    switch (r) {
    case R_ADD: v = a + b; break;
    case R_SUB: v = a - b; break;
    case R_MUL: v = a * b; break;
    case R_AND: v = a & b; break;
    case R_OR: v = a | b; break;
    case R_XOR: v = a ^ b; break;
    case R_ANDC: v = a & ~b; break;
    case R_ORC: v = a | ~b; break;
    case R_EQV: v = ~(a ^ b); break;
    case R_NAND: v = ~(a & b); break;
    case R_NOR: v = ~(a | b); break;
    case R_SHL: v = a << (b % width); break;
    case R_SHR: v = a >> (b % width); break;
    case R_SAR: v = bits_sar(a, b, width); break;
    case R_ROTL: v = bits_rotl(a, b, width); break;
    case R_ROTR: v = bits_rotr(a, b, width); break;
    case R_DIVS: v = ref_divs(a, b, width); break;
    case R_DIVU: v = b ? a / b : 0; break;
    case R_REMS: v = ref_rems(a, b, width); break;
    case R_REMU: v = b ? a % b : 0; break;
    case R_MULUH:
        v = width == 32 ? (a * b) >> 32 : mulhu64(a, b);
        break;
    case R_MULSH:
        v = width == 32 ? (uint64_t)((int64_t)s32(a) * s32(b)) >> 32
                        : mulhs64(a, b);
        break;
    case R_NEG: v = 0 - a; break;
    case R_NOT: v = ~a; break;
    case R_CLZ: v = bits_clz(a, width); break;
    case R_CTZ: v = bits_ctz(a, width); break;
    case R_CTPOP: v = bits_pop(a, width); break;
    default: g_assert_not_reached();
    }
    return v & mask;
}

/* (a c b) at the width, written without tcg's cond helpers */
static bool ref_cond(TCGCond c, uint64_t a, uint64_t b, int width)
{
    int64_t sa, sb;
    if (width == 32) {
        a = (uint32_t)a;
        b = (uint32_t)b;
        sa = s32(a);
        sb = s32(b);
    } else {
        sa = (int64_t)a;
        sb = (int64_t)b;
    }
    switch (c) {
    case TCG_COND_NEVER: return false;
    case TCG_COND_ALWAYS: return true;
    case TCG_COND_EQ: return a == b;
    case TCG_COND_NE: return a != b;
    case TCG_COND_LT: return sa < sb;
    case TCG_COND_GE: return sa >= sb;
    case TCG_COND_LE: return sa <= sb;
    case TCG_COND_GT: return sa > sb;
    case TCG_COND_LTU: return a < b;
    case TCG_COND_GEU: return a >= b;
    case TCG_COND_LEU: return a <= b;
    case TCG_COND_GTU: return a > b;
    case TCG_COND_TSTEQ: return (a & b) == 0;
    case TCG_COND_TSTNE: return (a & b) != 0;
    }
    g_assert_not_reached();
}

/* ---------------------------------------------------------------- harness */

typedef struct Fixture {
    TCGContext *s;
    CPUPPCState *env;
    TCGv r[8]; /* globals on env->gpr[0..7] */
} Fixture;

static Fixture fx;

static void fixture_init(void)
{
    fx.s = tcg_context_new();
    fx.env = calloc(1, sizeof(CPUPPCState));
    static const char *const names[] = {"r0", "r1", "r2", "r3",
                                        "r4", "r5", "r6", "r7"};
    for (int i = 0; i < 8; i++) {
        fx.r[i] = tcg_global_new(fx.s, offsetof(CPUPPCState, gpr[i]),
                                 names[i]);
    }
}

/* ends the TB being built and snapshots it */
static TranslationBlock *tb_finish(uintptr_t exit_val)
{
    tcg_gen_exit_tb(fx.s, exit_val);
    g_assert_false(fx.s->overflow);
    g_assert_true(tcg_validate(fx.s, "test"));
    TranslationBlock *tb = g_new0(TranslationBlock, 1);
    tb->prog = tcg_program_copy(fx.s);
    return tb;
}

static void tb_free(TranslationBlock *tb)
{
    tcg_program_free(tb->prog);
    g_free(tb);
}

typedef struct BinCase {
    TCGOpcode op32, op64;
    RefOp ref;
    const char *name;
} BinCase;

#define BC(x, r) {INDEX_op_##x##_i32, INDEX_op_##x##_i64, r, #x}
static const BinCase binary_cases[] = {
    BC(add, R_ADD),     BC(sub, R_SUB),     BC(mul, R_MUL),
    BC(and, R_AND),     BC(or, R_OR),       BC(xor, R_XOR),
    BC(andc, R_ANDC),   BC(orc, R_ORC),     BC(eqv, R_EQV),
    BC(nand, R_NAND),   BC(nor, R_NOR),     BC(shl, R_SHL),
    BC(shr, R_SHR),     BC(sar, R_SAR),     BC(rotl, R_ROTL),
    BC(rotr, R_ROTR),   BC(divs, R_DIVS),   BC(divu, R_DIVU),
    BC(rems, R_REMS),   BC(remu, R_REMU),   BC(muluh, R_MULUH),
    BC(mulsh, R_MULSH),
};
static const BinCase unary_cases[] = {
    BC(neg, R_NEG), BC(not, R_NOT), BC(clz, R_CLZ), BC(ctz, R_CTZ),
    BC(ctpop, R_CTPOP),
};
#undef BC

static void emit_binary(TCGOpcode opc, TCGv ret, TCGv a, TCGv b)
{
    int64_t args[] = {ret, a, b};
    tcg_emit_op(fx.s, opc, 1, 2, 0, args);
}

static void emit_unary(TCGOpcode opc, TCGv ret, TCGv a)
{
    int64_t args[] = {ret, a};
    tcg_emit_op(fx.s, opc, 1, 1, 0, args);
}

static void check_value(const char *what, uint64_t a, uint64_t b,
                        uint64_t got, uint64_t want)
{
    if (got != want) {
        g_test_message("%s(0x%016" G_GINT64_MODIFIER "x, 0x%016"
                       G_GINT64_MODIFIER "x) = 0x%016" G_GINT64_MODIFIER
                       "x, expected 0x%016" G_GINT64_MODIFIER "x",
                       what, a, b, got, want);
        g_test_fail();
    }
}

/* r2 = op(r0, r1), through an EBB temp so both temp kinds are exercised */
static void test_binary_regs(void)
{
    for (size_t k = 0; k < G_N_ELEMENTS(binary_cases); k++) {
        for (int w = 32; w <= 64; w += 32) {
            const BinCase *c = &binary_cases[k];
            TCGOpcode opc = w == 32 ? c->op32 : c->op64;
            tcg_func_start(fx.s);
            TCGv t = tcg_temp_new(fx.s);
            emit_binary(opc, t, fx.r[0], fx.r[1]);
            tcg_gen_mov(fx.s, fx.r[2], t);
            TranslationBlock *tb = tb_finish(0);

            for (size_t i = 0; i < NB_EDGE; i++) {
                for (size_t j = 0; j < NB_EDGE; j++) {
                    fx.env->gpr[0] = edge[i];
                    fx.env->gpr[1] = edge[j];
                    fx.env->gpr[2] = 0x5555555555555555ull;
                    g_assert_cmpuint(tcg_interp_exec(fx.env, tb), ==, 0);
                    check_value(tcg_op_defs[opc].name, edge[i], edge[j],
                                fx.env->gpr[2],
                                ref_op(c->ref, edge[i], edge[j], w));
                }
            }
            tb_free(tb);
        }
    }
}

/* r2 = op(r0, $b): the second input is a constant temp */
static void test_binary_const(void)
{
    for (size_t k = 0; k < G_N_ELEMENTS(binary_cases); k++) {
        for (int w = 32; w <= 64; w += 32) {
            const BinCase *c = &binary_cases[k];
            TCGOpcode opc = w == 32 ? c->op32 : c->op64;
            for (size_t j = 0; j < NB_EDGE; j++) {
                tcg_func_start(fx.s);
                emit_binary(opc, fx.r[2], fx.r[0],
                            tcg_constant(fx.s, (int64_t)edge[j]));
                TranslationBlock *tb = tb_finish(0);
                for (size_t i = 0; i < NB_EDGE; i++) {
                    fx.env->gpr[0] = edge[i];
                    tcg_interp_exec(fx.env, tb);
                    check_value(tcg_op_defs[opc].name, edge[i], edge[j],
                                fx.env->gpr[2],
                                ref_op(c->ref, edge[i], edge[j], w));
                }
                tb_free(tb);
            }
        }
    }
}

/* the output is also an input: r0 = op(r0, r0) */
static void test_binary_same_temp(void)
{
    for (size_t k = 0; k < G_N_ELEMENTS(binary_cases); k++) {
        for (int w = 32; w <= 64; w += 32) {
            const BinCase *c = &binary_cases[k];
            TCGOpcode opc = w == 32 ? c->op32 : c->op64;
            tcg_func_start(fx.s);
            emit_binary(opc, fx.r[0], fx.r[0], fx.r[0]);
            TranslationBlock *tb = tb_finish(0);
            for (size_t i = 0; i < NB_EDGE; i++) {
                fx.env->gpr[0] = edge[i];
                tcg_interp_exec(fx.env, tb);
                check_value(tcg_op_defs[opc].name, edge[i], edge[i],
                            fx.env->gpr[0], ref_op(c->ref, edge[i], edge[i], w));
            }
            tb_free(tb);
        }
    }
}

static void test_unary(void)
{
    for (size_t k = 0; k < G_N_ELEMENTS(unary_cases); k++) {
        for (int w = 32; w <= 64; w += 32) {
            const BinCase *c = &unary_cases[k];
            TCGOpcode opc = w == 32 ? c->op32 : c->op64;
            tcg_func_start(fx.s);
            emit_unary(opc, fx.r[2], fx.r[0]);
            TranslationBlock *tb = tb_finish(0);
            for (size_t i = 0; i < NB_EDGE; i++) {
                fx.env->gpr[0] = edge[i];
                tcg_interp_exec(fx.env, tb);
                check_value(tcg_op_defs[opc].name, edge[i], 0, fx.env->gpr[2],
                            ref_op(c->ref, edge[i], 0, w));
            }
            tb_free(tb);
        }
    }
}

/* extensions, byte swaps and mov: whole 64-bit results */
static void test_ext_bswap_mov(void)
{
    static const struct {
        TCGOpcode opc;
        int bits;     /* field width */
        bool sign;    /* sign- (else zero-) extended */
        bool swap;    /* a byte swap of the field */
    } cases[] = {
        {INDEX_op_ext8s, 8, true, false},   {INDEX_op_ext8u, 8, false, false},
        {INDEX_op_ext16s, 16, true, false}, {INDEX_op_ext16u, 16, false, false},
        {INDEX_op_ext32s, 32, true, false}, {INDEX_op_ext32u, 32, false, false},
        {INDEX_op_bswap16, 16, false, true}, {INDEX_op_bswap32, 32, false, true},
        {INDEX_op_bswap64, 64, false, true}, {INDEX_op_mov, 64, false, false},
    };
    for (size_t k = 0; k < G_N_ELEMENTS(cases); k++) {
        tcg_func_start(fx.s);
        emit_unary(cases[k].opc, fx.r[2], fx.r[0]);
        TranslationBlock *tb = tb_finish(0);
        for (size_t i = 0; i < NB_EDGE; i++) {
            uint64_t x = edge[i], want;
            int bits = cases[k].bits;
            uint64_t field = bits == 64 ? x : x & ((1ull << bits) - 1);
            if (cases[k].swap) {
                want = bytes_swap(field, bits / 8);
            } else if (cases[k].sign && ((field >> (bits - 1)) & 1)) {
                want = field | ~((1ull << bits) - 1);
            } else {
                want = field;
            }
            fx.env->gpr[0] = x;
            tcg_interp_exec(fx.env, tb);
            check_value(tcg_op_defs[cases[k].opc].name, x, 0, fx.env->gpr[2],
                        want);
        }
        tb_free(tb);
    }
}

static void test_setcond_movcond_brcond(void)
{
    static const uint64_t v1 = 0x1111111122222222ull;
    static const uint64_t v2 = 0x3333333344444444ull;

    for (int w = 32; w <= 64; w += 32) {
        for (TCGCond c = TCG_COND_NEVER; c <= TCG_COND_TSTNE; c++) {
            tcg_func_start(fx.s);
            TCGLabel l = tcg_label_new(fx.s);
            if (w == 32) {
                tcg_gen_setcond_i32(fx.s, c, fx.r[2], fx.r[0], fx.r[1]);
                tcg_gen_movcond_i32(fx.s, c, fx.r[3], fx.r[0], fx.r[1],
                                    fx.r[4], fx.r[5]);
            } else {
                tcg_gen_setcond_i64(fx.s, c, fx.r[2], fx.r[0], fx.r[1]);
                tcg_gen_movcond_i64(fx.s, c, fx.r[3], fx.r[0], fx.r[1],
                                    fx.r[4], fx.r[5]);
            }
            /* r6 = taken ? 0 : 1 */
            tcg_gen_movi(fx.s, fx.r[6], 0);
            if (w == 32) {
                tcg_gen_brcond_i32(fx.s, c, fx.r[0], fx.r[1], l);
            } else {
                tcg_gen_brcond_i64(fx.s, c, fx.r[0], fx.r[1], l);
            }
            tcg_gen_movi(fx.s, fx.r[6], 1);
            tcg_gen_set_label(fx.s, l);
            TranslationBlock *tb = tb_finish(0);

            for (size_t i = 0; i < NB_EDGE; i++) {
                for (size_t j = 0; j < NB_EDGE; j++) {
                    uint64_t a = edge[i], b = edge[j];
                    bool want = ref_cond(c, a, b, w);
                    uint64_t mask = w == 32 ? 0xffffffffu : ~0ull;
                    fx.env->gpr[0] = a;
                    fx.env->gpr[1] = b;
                    fx.env->gpr[4] = v1;
                    fx.env->gpr[5] = v2;
                    tcg_interp_exec(fx.env, tb);
                    const char *cn = tcg_cond_name(c);
                    check_value(cn, a, b, fx.env->gpr[2], want);
                    check_value(cn, a, b, fx.env->gpr[3],
                                (want ? v1 : v2) & mask);
                    check_value(cn, a, b, fx.env->gpr[6], !want);
                }
            }
            tb_free(tb);
        }
    }
}

/* the cond utilities, against the reference compare */
static void test_cond_utils(void)
{
    for (TCGCond c = TCG_COND_NEVER; c <= TCG_COND_TSTNE; c++) {
        TCGCond inv = tcg_invert_cond(c), sw = tcg_swap_cond(c);
        g_assert_cmpstr(tcg_cond_name(c), !=, "?");
        for (size_t i = 0; i < NB_EDGE; i++) {
            for (size_t j = 0; j < NB_EDGE; j++) {
                uint64_t a = edge[i], b = edge[j];
                g_assert_cmpint(tcg_eval_cond64(c, a, b), ==,
                                ref_cond(c, a, b, 64));
                g_assert_cmpint(tcg_eval_cond32(c, (uint32_t)a, (uint32_t)b),
                                ==, ref_cond(c, a, b, 32));
                g_assert_cmpint(ref_cond(inv, a, b, 64), ==,
                                !ref_cond(c, a, b, 64));
                g_assert_cmpint(ref_cond(sw, b, a, 64), ==,
                                ref_cond(c, a, b, 64));
            }
        }
    }
}

/* ld/st on env, at each size and extension */
static void test_env_ld_st(void)
{
    static const struct {
        TCGOpcode ld;
        int size;
        bool sign;
    } lds[] = {
        {INDEX_op_ld8u, 1, false},  {INDEX_op_ld8s, 1, true},
        {INDEX_op_ld16u, 2, false}, {INDEX_op_ld16s, 2, true},
        {INDEX_op_ld32u, 4, false}, {INDEX_op_ld32s, 4, true},
        {INDEX_op_ld64, 8, false},
    };
    static const TCGOpcode sts[] = {INDEX_op_st8, INDEX_op_st16, INDEX_op_st32,
                                    INDEX_op_st64};
    int32_t off = offsetof(CPUPPCState, spr[100]) + 3; /* unaligned too */

    for (size_t k = 0; k < G_N_ELEMENTS(lds); k++) {
        tcg_func_start(fx.s);
        tcg_gen_ld(fx.s, lds[k].ld, fx.r[2], off);
        TranslationBlock *tb = tb_finish(0);
        for (size_t i = 0; i < NB_EDGE; i++) {
            uint8_t *p = (uint8_t *)fx.env + off;
            memcpy(p, &edge[i], 8);
            uint64_t want = 0;
            memcpy(&want, p, lds[k].size);
            int bits = lds[k].size * 8;
            if (lds[k].sign && bits < 64 && ((want >> (bits - 1)) & 1)) {
                want |= ~((1ull << bits) - 1);
            }
            tcg_interp_exec(fx.env, tb);
            check_value(tcg_op_defs[lds[k].ld].name, edge[i], 0,
                        fx.env->gpr[2], want);
        }
        tb_free(tb);
    }
    for (size_t k = 0; k < G_N_ELEMENTS(sts); k++) {
        int size = 1 << k;
        tcg_func_start(fx.s);
        tcg_gen_st(fx.s, sts[k], fx.r[0], off);
        TranslationBlock *tb = tb_finish(0);
        for (size_t i = 0; i < NB_EDGE; i++) {
            uint8_t *p = (uint8_t *)fx.env + off;
            uint8_t want[16], got[16];
            memset(p - 4, 0xa5, 16);
            memcpy(want, p - 4, 16);
            memcpy(want + 4, &edge[i], size);
            fx.env->gpr[0] = edge[i];
            tcg_interp_exec(fx.env, tb);
            memcpy(got, p - 4, 16);
            g_assert_cmpmem(got, 16, want, 16);
        }
        tb_free(tb);
    }
}

/* ------------------------------------------------------------------ calls */

static uint64_t helper_test_mix6(CPUPPCState *env, uint64_t a, uint64_t b,
                                 uint64_t c, uint64_t d, uint64_t e,
                                 uint64_t f)
{
    return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + env->gpr[7];
}

static void helper_test_set_r5(CPUPPCState *env, uint64_t v)
{
    env->gpr[5] = v ^ 0xff;
}

static uint64_t helper_test_get_r6(CPUPPCState *env)
{
    return env->gpr[6];
}

static void test_calls(void)
{
    static const TCGHelperInfo mix6 = {
        .func = (void *)helper_test_mix6, .name = "test_mix6", .nb_iargs = 6,
        .has_ret = 1, .flags = TCG_CALL_NO_WRITE_GLOBALS | TCG_CALL_NO_RAISE};
    static const TCGHelperInfo set_r5 = {
        .func = (void *)helper_test_set_r5, .name = "test_set_r5",
        .nb_iargs = 1, .has_ret = 0, .flags = 0};
    static const TCGHelperInfo get_r6 = {
        .func = (void *)helper_test_get_r6, .name = "test_get_r6",
        .nb_iargs = 0, .has_ret = 1, .flags = TCG_CALL_NO_WRITE_GLOBALS};
    int h_mix = tcg_helper_register(&mix6);
    int h_set = tcg_helper_register(&set_r5);
    int h_get = tcg_helper_register(&get_r6);
    g_assert_cmpint(tcg_helper_register(&mix6), ==, h_mix);
    g_assert_cmpint(tcg_helper_count(), >=, 3);
    g_assert_true(tcg_helper_get(h_set)->func == (void *)helper_test_set_r5);
    g_assert_null(tcg_helper_get(tcg_helper_count()));

    tcg_func_start(fx.s);
    TCGv t = tcg_temp_new(fx.s);
    TCGv args[6] = {fx.r[0], fx.r[1], tcg_constant(fx.s, 100), fx.r[2], t,
                    fx.r[3]};
    tcg_gen_movi(fx.s, t, 1000);
    tcg_gen_call(fx.s, h_mix, fx.r[4], 6, args);
    tcg_gen_call(fx.s, h_set, 0, 1, &fx.r[0]);
    tcg_gen_call(fx.s, h_get, fx.r[1], 0, NULL);
    TranslationBlock *tb = tb_finish(0);
    fx.env->gpr[0] = 1;
    fx.env->gpr[1] = 10;
    fx.env->gpr[2] = 7;
    fx.env->gpr[3] = 9;
    fx.env->gpr[6] = 0x66;
    fx.env->gpr[7] = 0x10000;
    tcg_interp_exec(fx.env, tb);
    g_assert_cmpuint(fx.env->gpr[4], ==,
                     1 + 2 * 10 + 3 * 100 + 4 * 7 + 5 * 1000 + 6 * 9 + 0x10000);
    g_assert_cmpuint(fx.env->gpr[5], ==, 1 ^ 0xff);
    g_assert_cmpuint(fx.env->gpr[1], ==, 0x66);
    tb_free(tb);
}

/* ---------------------------------------------------------- control flow */

static void test_exit_and_insn_start(void)
{
    tcg_func_start(fx.s);
    tcg_gen_insn_start(fx.s, 0x1000);
    tcg_gen_addi_i64(fx.s, fx.r[0], fx.r[0], 1);
    tcg_gen_insn_start(fx.s, 0x1004);
    TranslationBlock *tb = tb_finish(0x1230);
    fx.env->gpr[0] = 5;
    fx.env->nip = 0;
    g_assert_cmpuint(tcg_interp_exec(fx.env, tb), ==, 0x1230);
    g_assert_cmpuint(fx.env->gpr[0], ==, 6);
    g_assert_cmpuint(fx.env->nip, ==, 0x1004);

    /* an exit request stops the TB before its first op */
    fx.env->exit_request = 1;
    g_assert_cmpuint(tcg_interp_exec(fx.env, tb), ==,
                     (uintptr_t)tb | TB_EXIT_REQUESTED);
    g_assert_cmpuint(fx.env->gpr[0], ==, 6);
    fx.env->exit_request = 0;
    tb_free(tb);
}

/* a: r0 += 1, goto_tb 0 -> b: r0 += 10, exit 0x40 */
static void test_goto_tb_chain(void)
{
    tcg_func_start(fx.s);
    tcg_gen_addi_i64(fx.s, fx.r[0], fx.r[0], 10);
    TranslationBlock *b = tb_finish(0x40);

    TranslationBlock *a = g_new0(TranslationBlock, 1);
    tcg_func_start(fx.s);
    tcg_gen_addi_i64(fx.s, fx.r[0], fx.r[0], 1);
    tcg_gen_goto_tb(fx.s, 0);
    tcg_gen_exit_tb(fx.s, (uintptr_t)a | TB_EXIT_IDX0);
    g_assert_true(tcg_validate(fx.s, "test"));
    a->prog = tcg_program_copy(fx.s);

    fx.env->gpr[0] = 0;
    g_assert_cmpuint(tcg_interp_exec(fx.env, a), ==, (uintptr_t)a);
    g_assert_cmpuint(fx.env->gpr[0], ==, 1);

    a->jmp_dest[0] = b;
    fx.env->gpr[0] = 0;
    g_assert_cmpuint(tcg_interp_exec(fx.env, a), ==, 0x40);
    g_assert_cmpuint(fx.env->gpr[0], ==, 11);

    /* an invalidated destination is not followed */
    b->invalid = true;
    fx.env->gpr[0] = 0;
    g_assert_cmpuint(tcg_interp_exec(fx.env, a), ==, (uintptr_t)a);
    g_assert_cmpuint(fx.env->gpr[0], ==, 1);

    /* the exit request is checked when a chained TB is entered too */
    b->invalid = false;
    tcg_func_start(fx.s);
    TCGv one = tcg_constant(fx.s, 1);
    tcg_gen_st(fx.s, INDEX_op_st32, one, offsetof(CPUPPCState, exit_request));
    tcg_gen_goto_tb(fx.s, 0);
    TranslationBlock *c = tb_finish(0x99);
    c->jmp_dest[0] = b;
    fx.env->gpr[0] = 0;
    g_assert_cmpuint(tcg_interp_exec(fx.env, c), ==,
                     (uintptr_t)b | TB_EXIT_REQUESTED);
    g_assert_cmpuint(fx.env->gpr[0], ==, 0);
    fx.env->exit_request = 0;
    tb_free(c);

    tb_free(a);
    tb_free(b);
}

static void test_goto_ptr(void)
{
    tcg_func_start(fx.s);
    tcg_gen_addi_i64(fx.s, fx.r[1], fx.r[1], 3);
    TranslationBlock *b = tb_finish(0x80);

    tcg_func_start(fx.s);
    tcg_gen_goto_ptr(fx.s, fx.r[0]);
    TranslationBlock *a = g_new0(TranslationBlock, 1);
    g_assert_true(tcg_validate(fx.s, "test"));
    a->prog = tcg_program_copy(fx.s);

    fx.env->gpr[0] = 0;
    fx.env->gpr[1] = 0;
    g_assert_cmpuint(tcg_interp_exec(fx.env, a), ==, 0);
    g_assert_cmpuint(fx.env->gpr[1], ==, 0);

    fx.env->gpr[0] = (uint64_t)(uintptr_t)b;
    g_assert_cmpuint(tcg_interp_exec(fx.env, a), ==, 0x80);
    g_assert_cmpuint(fx.env->gpr[1], ==, 3);
    tb_free(a);
    tb_free(b);
}

/* a backward branch: r1 = sum of 1..r0, with a local counter */
static void test_loop_with_local(void)
{
    tcg_func_start(fx.s);
    TCGv i = tcg_temp_new_local(fx.s);
    TCGLabel top = tcg_label_new(fx.s), done = tcg_label_new(fx.s);
    tcg_gen_mov(fx.s, i, fx.r[0]);
    tcg_gen_movi(fx.s, fx.r[1], 0);
    tcg_gen_set_label(fx.s, top);
    tcg_gen_brcondi_i64(fx.s, TCG_COND_EQ, i, 0, done);
    tcg_gen_add_i64(fx.s, fx.r[1], fx.r[1], i);
    tcg_gen_addi_i64(fx.s, i, i, -1);
    tcg_gen_br(fx.s, top);
    tcg_gen_set_label(fx.s, done);
    TranslationBlock *tb = tb_finish(0);
    fx.env->gpr[0] = 100;
    tcg_interp_exec(fx.env, tb);
    g_assert_cmpuint(fx.env->gpr[1], ==, 5050);
    tb_free(tb);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    fixture_init();
    g_test_add_func("/tcg/ops/binary-regs", test_binary_regs);
    g_test_add_func("/tcg/ops/binary-const", test_binary_const);
    g_test_add_func("/tcg/ops/binary-same-temp", test_binary_same_temp);
    g_test_add_func("/tcg/ops/unary", test_unary);
    g_test_add_func("/tcg/ops/ext-bswap-mov", test_ext_bswap_mov);
    g_test_add_func("/tcg/ops/conds", test_setcond_movcond_brcond);
    g_test_add_func("/tcg/ops/cond-utils", test_cond_utils);
    g_test_add_func("/tcg/ops/env-ld-st", test_env_ld_st);
    g_test_add_func("/tcg/ops/calls", test_calls);
    g_test_add_func("/tcg/ops/exit-insn-start", test_exit_and_insn_start);
    g_test_add_func("/tcg/ops/goto-tb-chain", test_goto_tb_chain);
    g_test_add_func("/tcg/ops/goto-ptr", test_goto_ptr);
    g_test_add_func("/tcg/ops/loop-local", test_loop_with_local);
    int r = g_test_run();
    tcg_context_free(fx.s);
    free(fx.env);
    return r;
}
