/*
 * Every IR op through the x86-64 JIT at its edge values: 0, +-1, the
 * INT_MIN/INT_MAX of both widths, shift counts 0/width-1/width/above,
 * division by 0 and INT_MIN / -1, i32 inputs with garbage in their upper
 * half.  Expected results are computed here in plain C from the op
 * definitions in tcg/ir-ops.def (not with tcg/eval.h, which the interpreter
 * shares), and each op runs with its operands in every shape the allocator
 * must handle: registers, an immediate, the output being an input, the same
 * temp twice, a temp output moved to a global.  Every test runs once with
 * all host features and once with none (bsr/bsf, shifts by cl, no movbe...).
 */
#include <glib.h>
#include <setjmp.h>

#include "accel/tcg/internal.h"
#include "tests/ir/jit-harness.h"
#include "tcg/x86_64/lower.h"

static JitHarness h;
static CPUPPCState *env;

static const uint64_t edge[] = {
    0, 1, 2, 3, 7, 31, 32, 33, 63, 64, 65, 0x7f, 0x80, 0xff, 0x7fff, 0x8000,
    0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
    0x7fffffffffffffffull, 0x8000000000000000ull, 0xffffffffffffffffull,
    0xfffffffffffffffeull, 0xdeadbeefcafebabeull, 0x1234567880000000ull,
    0xffffffff7fffffffull, 0xabcdef00ffffffffull, 0x5555555500000001ull,
};
#define NB_EDGE G_N_ELEMENTS(edge)

/* ------------------------------------------------------------ reference */

static uint64_t z32(uint64_t v) { return v & 0xffffffffu; }
static int64_t s32(uint64_t v) { return (int32_t)(uint32_t)v; }

static uint64_t rot64(uint64_t x, unsigned n)
{
    n %= 64;
    return n == 0 ? x : (x << n) | (x >> (64 - n));
}

static uint64_t rot32(uint64_t x, unsigned n)
{
    uint32_t v = (uint32_t)x;
    n %= 32;
    return n == 0 ? v : (uint32_t)((v << n) | (v >> (32 - n)));
}

static uint64_t count_lead(uint64_t v, int width)
{
    uint64_t n = 0;
    for (int i = width - 1; i >= 0 && !((v >> i) & 1); i--) {
        n++;
    }
    return n;
}

static uint64_t count_trail(uint64_t v, int width)
{
    uint64_t n = 0;
    for (int i = 0; i < width && !((v >> i) & 1); i++) {
        n++;
    }
    return n;
}

static uint64_t count_ones(uint64_t v)
{
    uint64_t n = 0;
    for (; v; v &= v - 1) {
        n++;
    }
    return n;
}

static uint64_t sdiv64(uint64_t a, uint64_t b)
{
    if (b == 0) {
        return 0;
    }
    if (a == 0x8000000000000000ull && b == ~0ull) {
        return a;
    }
    return (uint64_t)((int64_t)a / (int64_t)b);
}

static uint64_t srem64(uint64_t a, uint64_t b)
{
    if (b == 0 || b == ~0ull) {
        return 0;
    }
    return (uint64_t)((int64_t)a % (int64_t)b);
}

static uint64_t sdiv32(uint64_t a, uint64_t b)
{
    if (z32(b) == 0) {
        return 0;
    }
    if (z32(a) == 0x80000000u && z32(b) == 0xffffffffu) {
        return 0x80000000u;
    }
    return z32((uint64_t)(s32(a) / s32(b)));
}

static uint64_t srem32(uint64_t a, uint64_t b)
{
    if (z32(b) == 0 || z32(b) == 0xffffffffu) {
        return 0;
    }
    return z32((uint64_t)(s32(a) % s32(b)));
}

static uint64_t bswap(uint64_t v, int bytes)
{
    uint64_t r = 0;
    for (int i = 0; i < bytes; i++) {
        r = r << 8 | ((v >> (8 * i)) & 0xff);
    }
    return r;
}

/* the value of op(a, b) (b ignored by unary ops) */
static uint64_t ref(TCGOpcode opc, uint64_t a, uint64_t b)
{
    unsigned __int128 p;
    __int128 sp;

    switch (opc) {
    case INDEX_op_add_i32: return z32(a + b);
    case INDEX_op_add_i64: return a + b;
    case INDEX_op_sub_i32: return z32(a - b);
    case INDEX_op_sub_i64: return a - b;
    case INDEX_op_mul_i32: return z32(a * b);
    case INDEX_op_mul_i64: return a * b;
    case INDEX_op_neg_i32: return z32(-a);
    case INDEX_op_neg_i64: return -a;
    case INDEX_op_and_i32: return z32(a & b);
    case INDEX_op_and_i64: return a & b;
    case INDEX_op_or_i32: return z32(a | b);
    case INDEX_op_or_i64: return a | b;
    case INDEX_op_xor_i32: return z32(a ^ b);
    case INDEX_op_xor_i64: return a ^ b;
    case INDEX_op_andc_i32: return z32(a & ~b);
    case INDEX_op_andc_i64: return a & ~b;
    case INDEX_op_orc_i32: return z32(a | ~b);
    case INDEX_op_orc_i64: return a | ~b;
    case INDEX_op_eqv_i32: return z32(~(a ^ b));
    case INDEX_op_eqv_i64: return ~(a ^ b);
    case INDEX_op_nand_i32: return z32(~(a & b));
    case INDEX_op_nand_i64: return ~(a & b);
    case INDEX_op_nor_i32: return z32(~(a | b));
    case INDEX_op_nor_i64: return ~(a | b);
    case INDEX_op_not_i32: return z32(~a);
    case INDEX_op_not_i64: return ~a;
    case INDEX_op_shl_i32: return z32(z32(a) << (b % 32));
    case INDEX_op_shl_i64: return a << (b % 64);
    case INDEX_op_shr_i32: return z32(a) >> (b % 32);
    case INDEX_op_shr_i64: return a >> (b % 64);
    case INDEX_op_sar_i32: return z32((uint64_t)(s32(a) >> (b % 32)));
    case INDEX_op_sar_i64: return (uint64_t)((int64_t)a >> (b % 64));
    case INDEX_op_rotl_i32: return rot32(a, (unsigned)(b % 32));
    case INDEX_op_rotl_i64: return rot64(a, (unsigned)(b % 64));
    case INDEX_op_rotr_i32: return rot32(a, (unsigned)((32 - b % 32) % 32));
    case INDEX_op_rotr_i64: return rot64(a, (unsigned)((64 - b % 64) % 64));
    case INDEX_op_clz_i32: return count_lead(z32(a), 32);
    case INDEX_op_clz_i64: return count_lead(a, 64);
    case INDEX_op_ctz_i32: return count_trail(z32(a), 32);
    case INDEX_op_ctz_i64: return count_trail(a, 64);
    case INDEX_op_ctpop_i32: return count_ones(z32(a));
    case INDEX_op_ctpop_i64: return count_ones(a);
    case INDEX_op_divs_i32: return sdiv32(a, b);
    case INDEX_op_divs_i64: return sdiv64(a, b);
    case INDEX_op_divu_i32: return z32(b) ? z32(a) / z32(b) : 0;
    case INDEX_op_divu_i64: return b ? a / b : 0;
    case INDEX_op_rems_i32: return srem32(a, b);
    case INDEX_op_rems_i64: return srem64(a, b);
    case INDEX_op_remu_i32: return z32(b) ? z32(a) % z32(b) : 0;
    case INDEX_op_remu_i64: return b ? a % b : 0;
    case INDEX_op_muluh_i32: return (z32(a) * z32(b)) >> 32;
    case INDEX_op_muluh_i64:
        p = (unsigned __int128)a * b;
        return (uint64_t)(p >> 64);
    case INDEX_op_mulsh_i32: return z32((uint64_t)(s32(a) * s32(b)) >> 32);
    case INDEX_op_mulsh_i64:
        sp = (__int128)(int64_t)a * (int64_t)b;
        return (uint64_t)(sp >> 64);
    case INDEX_op_ext8s: return (uint64_t)(int64_t)(int8_t)a;
    case INDEX_op_ext8u: return a & 0xff;
    case INDEX_op_ext16s: return (uint64_t)(int64_t)(int16_t)a;
    case INDEX_op_ext16u: return a & 0xffff;
    case INDEX_op_ext32s: return (uint64_t)s32(a);
    case INDEX_op_ext32u: return z32(a);
    case INDEX_op_bswap16: return bswap(a, 2);
    case INDEX_op_bswap32: return bswap(a, 4);
    case INDEX_op_bswap64: return bswap(a, 8);
    default:
        g_assert_not_reached();
    }
}

static bool ref_cond(TCGCond c, bool is32, uint64_t a, uint64_t b)
{
    int64_t sa = is32 ? s32(a) : (int64_t)a, sb = is32 ? s32(b) : (int64_t)b;
    uint64_t ua = is32 ? z32(a) : a, ub = is32 ? z32(b) : b;

    switch (c) {
    case TCG_COND_NEVER: return false;
    case TCG_COND_ALWAYS: return true;
    case TCG_COND_EQ: return ua == ub;
    case TCG_COND_NE: return ua != ub;
    case TCG_COND_LT: return sa < sb;
    case TCG_COND_GE: return sa >= sb;
    case TCG_COND_LE: return sa <= sb;
    case TCG_COND_GT: return sa > sb;
    case TCG_COND_LTU: return ua < ub;
    case TCG_COND_GEU: return ua >= ub;
    case TCG_COND_LEU: return ua <= ub;
    case TCG_COND_GTU: return ua > ub;
    case TCG_COND_TSTEQ: return (ua & ub) == 0;
    case TCG_COND_TSTNE: return (ua & ub) != 0;
    }
    g_assert_not_reached();
}

/* ------------------------------------------------------------ running */

static const TCGOpcode binops[] = {
#define B(x) INDEX_op_##x##_i32, INDEX_op_##x##_i64
    B(add), B(sub), B(mul), B(and), B(or), B(xor), B(andc), B(orc), B(eqv),
    B(nand), B(nor), B(shl), B(shr), B(sar), B(rotl), B(rotr), B(divs),
    B(divu), B(rems), B(remu), B(muluh), B(mulsh),
#undef B
};

static const TCGOpcode unops[] = {
    INDEX_op_neg_i32, INDEX_op_neg_i64, INDEX_op_not_i32, INDEX_op_not_i64,
    INDEX_op_clz_i32, INDEX_op_clz_i64, INDEX_op_ctz_i32, INDEX_op_ctz_i64,
    INDEX_op_ctpop_i32, INDEX_op_ctpop_i64, INDEX_op_ext8s, INDEX_op_ext8u,
    INDEX_op_ext16s, INDEX_op_ext16u, INDEX_op_ext32s, INDEX_op_ext32u,
    INDEX_op_bswap16, INDEX_op_bswap32, INDEX_op_bswap64,
};

/* the shapes an op's operands take */
enum {
    SHAPE_REGS,       /* r0 = op(r1, r2) */
    SHAPE_IMM,        /* r0 = op(r1, $b) */
    SHAPE_OUT_IN0,    /* r1 = op(r1, r2) */
    SHAPE_OUT_IN1,    /* r2 = op(r1, r2) */
    SHAPE_SAME,       /* r0 = op(r1, r1) */
    SHAPE_TEMPS,      /* t0 = r1; t1 = r2; t2 = op(t0, t1); r0 = t2 */
    SHAPE_IMM_FIRST,  /* r0 = op($a, r2) */
    NB_SHAPES,
};

static bool use_liveness;

static void emit(TCGOpcode opc, TCGv ret, TCGv a, TCGv b)
{
    const TCGOpDef *d = &tcg_op_defs[opc];
    int64_t args[3] = {ret, a, b};
    tcg_emit_op(h.s, opc, 1, d->nb_iargs, 0, args);
}

static uint8_t *finish_tb(TranslationBlock *tb)
{
    tcg_gen_exit_tb(h.s, 0);
    if (use_liveness) {
        tcg_liveness(h.s);
    }
    return harness_compile(&h, tb);
}

static void run(uint8_t *code)
{
    uintptr_t ret = tcg_exec_tb(env, code);
    g_assert_cmpuint(ret, ==, 0);
}

static void check(const char *what, TCGOpcode opc, int shape, uint64_t a,
                  uint64_t b, uint64_t got, uint64_t want)
{
    if (got != want) {
        g_test_message("%s %s shape %d a=0x%" G_GINT64_MODIFIER
                       "x b=0x%" G_GINT64_MODIFIER "x: got 0x%" G_GINT64_MODIFIER
                       "x, want 0x%" G_GINT64_MODIFIER "x (features 0x%x%s)",
                       what, tcg_op_defs[opc].name, shape, a, b, got, want,
                       tcg_x86_64_features(),
                       use_liveness ? ", liveness" : "");
        g_test_fail();
    }
}

static void test_binop_shape(TCGOpcode opc, int shape)
{
    TranslationBlock tb;
    bool unary = tcg_op_defs[opc].nb_iargs == 1;
    size_t nb_imm = (shape == SHAPE_IMM || shape == SHAPE_IMM_FIRST) ? NB_EDGE
                                                                     : 1;

    for (size_t ki = 0; ki < nb_imm; ki++) {
        uint64_t k = edge[ki];
        TCGv r0 = h.gpr[0], r1 = h.gpr[1], r2 = h.gpr[2];
        uint8_t *code;

        tcg_func_start(h.s);
        switch (shape) {
        case SHAPE_REGS:
            emit(opc, r0, r1, r2);
            break;
        case SHAPE_IMM:
            emit(opc, r0, r1, tcg_constant(h.s, (int64_t)k));
            break;
        case SHAPE_IMM_FIRST:
            emit(opc, r0, tcg_constant(h.s, (int64_t)k), r2);
            break;
        case SHAPE_OUT_IN0:
            emit(opc, r1, r1, r2);
            break;
        case SHAPE_OUT_IN1:
            emit(opc, r2, r1, r2);
            break;
        case SHAPE_SAME:
            emit(opc, r0, r1, r1);
            break;
        default: {
            TCGv t0 = tcg_temp_new(h.s), t1 = tcg_temp_new(h.s);
            TCGv t2 = tcg_temp_new(h.s);
            tcg_gen_mov(h.s, t0, r1);
            tcg_gen_mov(h.s, t1, r2);
            emit(opc, t2, t0, t1);
            tcg_gen_mov(h.s, r0, t2);
            break;
        }
        }
        code = finish_tb(&tb);
        for (size_t i = 0; i < NB_EDGE; i++) {
            for (size_t j = 0; j < (unary ? 1 : NB_EDGE); j++) {
                uint64_t a = edge[i], b = edge[j], want, got;
                int out = 0;

                switch (shape) {
                case SHAPE_IMM:
                    b = k;
                    break;
                case SHAPE_IMM_FIRST:
                    b = edge[i];
                    a = k;
                    break;
                case SHAPE_SAME:
                    b = a;
                    break;
                case SHAPE_OUT_IN0:
                    out = 1;
                    break;
                case SHAPE_OUT_IN1:
                    out = 2;
                    break;
                default:
                    break;
                }
                env->gpr[0] = 0x0badc0de0badc0deull;
                env->gpr[1] = a;
                env->gpr[2] = b;
                run(code);
                got = env->gpr[out];
                want = ref(opc, a, b);
                check("op", opc, shape, a, b, got, want);
                /* inputs that are not the output are left alone */
                if (out != 1 && shape != SHAPE_IMM_FIRST) {
                    check("input r1 kept", opc, shape, a, b, env->gpr[1], a);
                }
            }
        }
        harness_tb_free(&tb);
    }
}

static void test_all_ops(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(binops); i++) {
        for (int shape = 0; shape < NB_SHAPES; shape++) {
            test_binop_shape(binops[i], shape);
        }
    }
    for (size_t i = 0; i < G_N_ELEMENTS(unops); i++) {
        test_binop_shape(unops[i], SHAPE_REGS);
        test_binop_shape(unops[i], SHAPE_OUT_IN0);
        test_binop_shape(unops[i], SHAPE_TEMPS);
    }
}

/* setcond, brcond, movcond over all conditions */
static void test_conds(void)
{
    for (int is64 = 0; is64 < 2; is64++) {
        for (TCGCond c = TCG_COND_NEVER; c <= TCG_COND_TSTNE; c++) {
            for (int imm = 0; imm < 2; imm++) {
                for (size_t ki = 0; ki < (imm ? NB_EDGE : 1); ki++) {
                    TranslationBlock tb_set, tb_br, tb_mov;
                    TCGv b2;
                    uint8_t *set, *br, *mov;
                    TCGLabel l;

                    tcg_func_start(h.s);
                    b2 = imm ? tcg_constant(h.s, (int64_t)edge[ki]) : h.gpr[2];
                    if (is64) {
                        tcg_gen_setcond_i64(h.s, c, h.gpr[0], h.gpr[1], b2);
                    } else {
                        tcg_gen_setcond_i32(h.s, c, h.gpr[0], h.gpr[1], b2);
                    }
                    set = finish_tb(&tb_set);

                    tcg_func_start(h.s);
                    b2 = imm ? tcg_constant(h.s, (int64_t)edge[ki]) : h.gpr[2];
                    l = tcg_label_new(h.s);
                    tcg_gen_movi(h.s, h.gpr[0], 1);
                    if (is64) {
                        tcg_gen_brcond_i64(h.s, c, h.gpr[1], b2, l);
                    } else {
                        tcg_gen_brcond_i32(h.s, c, h.gpr[1], b2, l);
                    }
                    tcg_gen_movi(h.s, h.gpr[0], 0);
                    tcg_gen_set_label(h.s, l);
                    br = finish_tb(&tb_br);

                    tcg_func_start(h.s);
                    b2 = imm ? tcg_constant(h.s, (int64_t)edge[ki]) : h.gpr[2];
                    if (is64) {
                        tcg_gen_movcond_i64(h.s, c, h.gpr[0], h.gpr[1], b2,
                                            h.gpr[3], h.gpr[4]);
                    } else {
                        tcg_gen_movcond_i32(h.s, c, h.gpr[0], h.gpr[1], b2,
                                            h.gpr[3], h.gpr[4]);
                    }
                    mov = finish_tb(&tb_mov);

                    for (size_t i = 0; i < NB_EDGE; i++) {
                        for (size_t j = 0; j < (imm ? 1 : NB_EDGE); j++) {
                            uint64_t a = edge[i], b = imm ? edge[ki] : edge[j];
                            bool t = ref_cond(c, !is64, a, b);
                            uint64_t v1 = 0xaaaaaaaa11111111ull;
                            uint64_t v2 = 0x5555555522222222ull;
                            uint64_t want = t ? v1 : v2;
                            TCGOpcode so = is64 ? INDEX_op_setcond_i64
                                                : INDEX_op_setcond_i32;

                            env->gpr[1] = a;
                            env->gpr[2] = b;
                            env->gpr[3] = v1;
                            env->gpr[4] = v2;
                            run(set);
                            check(tcg_cond_name(c), so, imm, a, b,
                                  env->gpr[0], t);
                            run(br);
                            check(tcg_cond_name(c),
                                  is64 ? INDEX_op_brcond_i64
                                       : INDEX_op_brcond_i32,
                                  imm, a, b, env->gpr[0], t);
                            run(mov);
                            check(tcg_cond_name(c),
                                  is64 ? INDEX_op_movcond_i64
                                       : INDEX_op_movcond_i32,
                                  imm, a, b, env->gpr[0],
                                  is64 ? want : z32(want));
                        }
                    }
                    harness_tb_free(&tb_set);
                    harness_tb_free(&tb_br);
                    harness_tb_free(&tb_mov);
                }
            }
        }
    }
}

/* ld/st between env fields and temps */
static void test_env_ldst(void)
{
    static const TCGOpcode lds[] = {
        INDEX_op_ld8u, INDEX_op_ld8s, INDEX_op_ld16u, INDEX_op_ld16s,
        INDEX_op_ld32u, INDEX_op_ld32s, INDEX_op_ld64,
    };
    static const TCGOpcode sts[] = {INDEX_op_st8, INDEX_op_st16,
                                    INDEX_op_st32, INDEX_op_st64};
    int32_t off = (int32_t)offsetof(CPUPPCState, spr[100]);

    for (size_t i = 0; i < G_N_ELEMENTS(lds); i++) {
        TranslationBlock tb;
        uint8_t *code;

        tcg_func_start(h.s);
        tcg_gen_ld(h.s, lds[i], h.gpr[0], off);
        code = finish_tb(&tb);
        for (size_t v = 0; v < NB_EDGE; v++) {
            uint64_t x = edge[v], want;
            env->spr[100] = x;
            run(code);
            switch (lds[i]) {
            case INDEX_op_ld8u: want = x & 0xff; break;
            case INDEX_op_ld8s: want = (uint64_t)(int64_t)(int8_t)x; break;
            case INDEX_op_ld16u: want = x & 0xffff; break;
            case INDEX_op_ld16s: want = (uint64_t)(int64_t)(int16_t)x; break;
            case INDEX_op_ld32u: want = z32(x); break;
            case INDEX_op_ld32s: want = (uint64_t)s32(x); break;
            default: want = x; break;
            }
            check("env load", lds[i], 0, x, 0, env->gpr[0], want);
        }
        harness_tb_free(&tb);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(sts); i++) {
        for (int imm = 0; imm < 2; imm++) {
            for (size_t v = 0; v < NB_EDGE; v++) {
                TranslationBlock tb;
                uint8_t *code;
                uint64_t x = edge[v], mask = sts[i] == INDEX_op_st64
                                                 ? ~0ull
                                                 : (1ull << (8 << i)) - 1;

                tcg_func_start(h.s);
                tcg_gen_st(h.s, sts[i],
                           imm ? tcg_constant(h.s, (int64_t)x) : h.gpr[1],
                           off);
                code = finish_tb(&tb);
                env->spr[100] = 0x1122334455667788ull;
                env->gpr[1] = x;
                run(code);
                check("env store", sts[i], imm, x, 0, env->spr[100],
                      (0x1122334455667788ull & ~mask) | (x & mask));
                harness_tb_free(&tb);
            }
        }
    }
}

/* ------------------------------------------------------------ guest memory */

static uint64_t ram_read(const uint8_t *ram, uint64_t addr, unsigned memop)
{
    int bytes = 1 << (memop & MO_SIZE);
    uint64_t v = 0;

    for (int i = 0; i < bytes; i++) {
        v |= (uint64_t)ram[addr + i] << (8 * i);
    }
    if (memop & MO_BSWAP) {
        v = bswap(v, bytes);
    }
    if ((memop & MO_SIGN) && bytes < 8) {
        int sh = 64 - 8 * bytes;
        v = (uint64_t)((int64_t)(v << sh) >> sh);
    }
    return v;
}

static void test_guest_memory(void)
{
    /* aligned, unaligned in a page, crossing a page, in the page that is
       not in the TLB, crossing into it */
    static const uint64_t addrs[] = {
        0x100, 0x101, 0x2ff9, 0xffd, 0xe008, 0xeffd, 0xf010, 0xfff8,
    };

    for (unsigned memop = 0; memop < 16; memop++) {
        bool align_too = true;
        for (int align = 0; align < 2 && align_too; align++) {
            unsigned mo = memop | (align ? MO_ALIGN : 0);
            TranslationBlock tb_ld, tb_st, tb_sti;
            uint8_t *ld, *st, *sti;
            TCGMemOpIdx oi = make_memop_idx(mo, H_MMU);
            const uint64_t imm = 0x8877665544332211ull;
            int bytes = 1 << (mo & MO_SIZE);

            if ((mo & MO_SIGN) && (mo & MO_SIZE) == MO_64) {
                continue;
            }
            tcg_func_start(h.s);
            tcg_gen_qemu_ld(h.s, h.gpr[0], h.gpr[1], oi);
            ld = finish_tb(&tb_ld);
            tcg_func_start(h.s);
            tcg_gen_qemu_st(h.s, h.gpr[2], h.gpr[1], oi);
            st = finish_tb(&tb_st);
            tcg_func_start(h.s);
            tcg_gen_qemu_st(h.s, tcg_constant(h.s, (int64_t)imm), h.gpr[1],
                            oi);
            sti = finish_tb(&tb_sti);

            for (size_t i = 0; i < G_N_ELEMENTS(addrs); i++) {
                uint64_t addr = addrs[i], want;
                uint8_t before[H_RAM_SIZE];

                if (align && (addr & (uint64_t)(bytes - 1))) {
                    continue;
                }
                for (size_t k = 0; k < H_RAM_SIZE; k++) {
                    env->ram[k] = (uint8_t)(k * 7 + 3 + (k >> 8));
                }
                /* the slow path fills the last page's entry: forget it */
                memset(&env->tlb[H_MMU][(H_RAM_SIZE >> TARGET_PAGE_BITS) - 1],
                       0xff, sizeof(TLBEntry));
                env->gpr[1] = addr;
                want = ram_read(env->ram, addr, mo);
                run(ld);
                check("qemu_ld", INDEX_op_qemu_ld, (int)mo, addr, 0,
                      env->gpr[0], want);

                memcpy(before, env->ram, H_RAM_SIZE);
                env->gpr[2] = 0xf0e1d2c3b4a59687ull;
                run(st);
                for (int k = 0; k < bytes; k++) {
                    uint64_t v = (mo & MO_BSWAP) ? bswap(env->gpr[2], bytes)
                                                 : env->gpr[2];
                    before[addr + k] = (uint8_t)(v >> (8 * k));
                }
                check("qemu_st", INDEX_op_qemu_st, (int)mo, addr, 0,
                      memcmp(before, env->ram, H_RAM_SIZE), 0);

                run(sti);
                for (int k = 0; k < bytes; k++) {
                    uint64_t v = (mo & MO_BSWAP) ? bswap(imm, bytes) : imm;
                    before[addr + k] = (uint8_t)(v >> (8 * k));
                }
                check("qemu_st imm", INDEX_op_qemu_st, (int)mo, addr, 1,
                      memcmp(before, env->ram, H_RAM_SIZE), 0);
            }
            harness_tb_free(&tb_ld);
            harness_tb_free(&tb_st);
            harness_tb_free(&tb_sti);
        }
    }
}

/*
 * The IR of a relaxed atomic increment inside a counted loop, as
 * target-ppc translates "1: lwarx r9,0,r8; addi r9,r9,1; stwcx. r9,0,r8;
 * bne- 1b; addic. r10,r10,-1; bne 1b" when the TB starts at 1: (issue 12):
 * a TB loop with two back edges, the stwcx. retry and the outer loop, and
 * two guest loads the allocator holds TLB entries for in registers.  It
 * used to free those registers at the first back edge; the outer loop's
 * code then put its count and a flag into them, and the next iteration
 * loaded through that "addend" once the count equalled the held page's
 * tag (SIGSEGV in the generated code).  The count passes the tag here.
 */
static void test_loop_two_back_edges(void)
{
    const uint64_t word = 0x1100, start = 41, n = 0x1801;
    TranslationBlock tb;
    TCGv t, cur, stored, dec, cmp;
    TCGLabel skip, on, out;
    TCGMemOpIdx oi = make_memop_idx(MO_32 | MO_ALIGN, H_MMU);
    uint8_t *code;
    uint32_t v;

    tcg_func_start(h.s);
    t = tcg_temp_new(h.s);
    cur = tcg_temp_new(h.s);
    stored = tcg_temp_new_local(h.s);
    dec = tcg_temp_new(h.s);
    cmp = tcg_temp_new(h.s);
    skip = tcg_label_new(h.s);
    on = tcg_label_new(h.s);
    out = tcg_label_new(h.s);
    h.s->loop_label = tcg_label_new(h.s);
    tcg_gen_set_label(h.s, h.s->loop_label);
    /* lwarx */
    tcg_gen_qemu_ld(h.s, t, h.gpr[8], oi);
    tcg_gen_mov(h.s, h.gpr[20], h.gpr[8]);   /* reserve_addr */
    tcg_gen_mov(h.s, h.gpr[21], t);          /* reserve_val */
    /* addi */
    tcg_gen_addi_i64(h.s, h.gpr[9], t, 1);
    /* stwcx. */
    tcg_gen_qemu_ld(h.s, cur, h.gpr[8], oi);
    tcg_gen_setcond_i64(h.s, TCG_COND_EQ, stored, cur, h.gpr[21]);
    tcg_gen_brcondi_i64(h.s, TCG_COND_EQ, stored, 0, skip);
    tcg_gen_qemu_st(h.s, h.gpr[9], h.gpr[8], oi);
    tcg_gen_set_label(h.s, skip);
    tcg_gen_shli_i64(h.s, h.gpr[22], stored, 1); /* cr0 */
    tcg_gen_movi(h.s, h.gpr[20], -1);
    /* bne- 1b */
    tcg_gen_brcondi_i64(h.s, TCG_COND_TSTNE, h.gpr[22], 2, on);
    tcg_gen_br(h.s, h.s->loop_label);
    tcg_gen_set_label(h.s, on);
    /* addic. r10,r10,-1 */
    tcg_gen_addi_i64(h.s, dec, h.gpr[10], -1);
    tcg_gen_setcond_i64(h.s, TCG_COND_LTU, h.gpr[23], dec, h.gpr[10]);
    tcg_gen_mov(h.s, h.gpr[10], dec);
    tcg_gen_movcond_i64(h.s, TCG_COND_GT, cmp, dec, tcg_constant(h.s, 0),
                        tcg_constant(h.s, 4), tcg_constant(h.s, 2));
    tcg_gen_movcond_i64(h.s, TCG_COND_LT, cmp, dec, tcg_constant(h.s, 0),
                        tcg_constant(h.s, 8), cmp);
    tcg_gen_mov(h.s, h.gpr[22], cmp);
    /* bne 1b */
    tcg_gen_brcondi_i64(h.s, TCG_COND_EQ, dec, 0, out);
    tcg_gen_br(h.s, h.s->loop_label);
    tcg_gen_set_label(h.s, out);
    tcg_gen_exit_tb(h.s, 0);
    tcg_optimize(h.s);
    tcg_liveness(h.s);
    code = harness_compile(&h, &tb);

    v = (uint32_t)start;
    memcpy(env->ram + word, &v, 4);
    env->gpr[8] = word;
    env->gpr[10] = n;
    run(code);
    memcpy(&v, env->ram + word, 4);
    check("atomic increment loop: the word", INDEX_op_qemu_ld, 0, n, 0, v,
          start + n);
    check("atomic increment loop: r10", INDEX_op_qemu_ld, 0, n, 0,
          env->gpr[10], 0);
    check("atomic increment loop: r9", INDEX_op_qemu_ld, 0, n, 0,
          env->gpr[9], start + n);
    check("atomic increment loop: cr0 (EQ of addic.)", INDEX_op_qemu_ld, 0,
          n, 0, env->gpr[22], 2);
    harness_tb_free(&tb);
}

/* ------------------------------------------------------------ helper calls */

static uint64_t helper_mix6(CPUPPCState *e, uint64_t a, uint64_t b,
                            uint64_t c, uint64_t d, uint64_t f, uint64_t g)
{
    g_assert(e == env);
    return a * 3 + b * 5 + c * 7 + d * 11 + f * 13 + g * 17 + e->gpr[9];
}

static uint64_t helper_set_r5(CPUPPCState *e, uint64_t v)
{
    e->gpr[5] = v;
    return v + 1;
}

static void test_calls(void)
{
    static const TCGHelperInfo mix = {
        .func = (void *)helper_mix6, .name = "mix6", .nb_iargs = 6,
        .has_ret = 1, .flags = TCG_CALL_NO_WRITE_GLOBALS | TCG_CALL_NO_RAISE};
    static const TCGHelperInfo set5 = {
        .func = (void *)helper_set_r5, .name = "set_r5", .nb_iargs = 1,
        .has_ret = 1, .flags = 0};
    int hm = tcg_helper_register(&mix), hs = tcg_helper_register(&set5);
    TranslationBlock tb;
    uint8_t *code;
    TCGv args[6], t;

    /* r9 dirty before a call that reads globals; arguments in permuted
       registers, a constant, a temp that lives across the call */
    tcg_func_start(h.s);
    t = tcg_temp_new(h.s);
    tcg_gen_addi_i64(h.s, t, h.gpr[1], 1000);
    tcg_gen_addi_i64(h.s, h.gpr[9], h.gpr[2], 1);
    args[0] = h.gpr[6];
    args[1] = h.gpr[5];
    args[2] = h.gpr[4];
    args[3] = tcg_constant(h.s, 0x123456789ll);
    args[4] = t;
    args[5] = h.gpr[1];
    tcg_gen_call(h.s, hm, h.gpr[0], 6, args);
    tcg_gen_add_i64(h.s, h.gpr[7], t, h.gpr[6]);
    /* a helper that writes r5: the cached r5 must be reloaded */
    tcg_gen_addi_i64(h.s, h.gpr[5], h.gpr[5], 1);
    args[0] = h.gpr[3];
    tcg_gen_call(h.s, hs, h.gpr[8], 1, args);
    tcg_gen_add_i64(h.s, h.gpr[10], h.gpr[5], h.gpr[8]);
    code = finish_tb(&tb);
    for (size_t i = 0; i + 6 < NB_EDGE; i++) {
        uint64_t v[7];
        for (int k = 0; k < 7; k++) {
            v[k] = edge[i + k];
        }
        for (int k = 0; k < 7; k++) {
            env->gpr[1 + k] = v[k];
        }
        run(code);
        {
            uint64_t r9 = v[1] + 1;
            uint64_t want0 = v[5] * 3 + v[4] * 5 + v[3] * 7 +
                             0x123456789ull * 11 + (v[0] + 1000) * 13 +
                             v[0] * 17 + r9;
            check("call6", INDEX_op_call, 0, v[0], v[1], env->gpr[0], want0);
            check("call6 r9", INDEX_op_call, 0, v[0], v[1], env->gpr[9], r9);
            check("temp across call", INDEX_op_call, 0, v[0], v[1],
                  env->gpr[7], v[0] + 1000 + v[5]);
            check("helper wrote r5", INDEX_op_call, 1, v[2], 0, env->gpr[5],
                  v[2]);
            check("call ret", INDEX_op_call, 1, v[2], 0, env->gpr[8],
                  v[2] + 1);
            check("reload r5", INDEX_op_call, 1, v[2], 0, env->gpr[10],
                  2 * v[2] + 1);
        }
    }
    harness_tb_free(&tb);
}

/* ------------------------------------------------------------ goto_tb */

/*
 * A goto_tb to another page (tcg_gen_goto_tb_checked) goes through its
 * link only while the fetch TLB entry of the destination page holds that
 * page with the addend the link was made for (accel/tcg/chain.c).
 * Unchained it takes its exit path; chained, a failed check goes through
 * the jump cache instead (here to a third TB, `via`, so that the two ways
 * to the destination differ).  Page 2 of the harness's RAM is mapped
 * (real-mode TLB: host = ram + ea), as a linked TB would have been
 * translated from.
 */
static void test_goto_tb_checked(void)
{
    TranslationBlock src, dst, via;
    uint8_t *src_code, *dst_code, *via_code;
    uint64_t dest = 2 * TARGET_PAGE_SIZE + 0x40;
    TLBEntry *e = &env->tlb[H_MMU][(dest >> TARGET_PAGE_BITS) & (TLB_SIZE - 1)];
    uint64_t addend = (uintptr_t)env->ram; /* the harness's mapping */
    TLBEntry saved = *e;
    AccelCPU *ac = g_new0(AccelCPU, 1);

    /* the destination: r1 = 7, exit value 0x70; the one the jump cache
       knows for dest: r1 = 6, exit value 0x61 */
    tcg_func_start(h.s);
    tcg_gen_movi(h.s, h.gpr[1], 7);
    tcg_gen_exit_tb(h.s, 0x70);
    dst_code = harness_compile(&h, &dst);
    tcg_func_start(h.s);
    tcg_gen_movi(h.s, h.gpr[1], 6);
    tcg_gen_exit_tb(h.s, 0x61);
    via_code = harness_compile(&h, &via);
    g_assert(via.tc_ptr == via_code);
    via.pc = dest;
    via.flags = 0; /* the flags of the TB that jumps (src: 0) */
    ac->jc[tb_jc_hash(dest)] = &via;
    env->accel = ac;

    /* the source: r1 = 1, then slot 2 to dest on another page; its exit
       path returns 0x52 */
    tcg_func_start(h.s);
    tcg_gen_movi(h.s, h.gpr[1], 1);
    tcg_gen_goto_tb_checked(h.s, 2, dest, H_MMU);
    tcg_gen_exit_tb(h.s, 0x52);
    src_code = harness_compile(&h, &src);
    src.flags = 0;
    g_assert_cmpuint(src.jmp_check_offset[2], !=, 0xffff);
    g_assert_cmpuint(src.jmp_gate_offset[2], !=, 0xffff);
    g_assert_cmpuint((uintptr_t)(src_code + src.jmp_check_offset[2]) % 8,
                     ==, 0);

    /* not linked: the exit path */
    g_assert_cmphex(tcg_exec_tb(env, src_code), ==, 0x52);
    g_assert_cmphex(env->gpr[1], ==, 1);

    /* linked, and the TLB maps dest's page as the link says: dst runs */
    tcg_x86_64_set_jmp_check(&src, 2, addend);
    tcg_x86_64_set_jmp_target(&src, 2, (uintptr_t)dst_code);
    g_assert_cmphex(tcg_exec_tb(env, src_code), ==, 0x70);
    g_assert_cmphex(env->gpr[1], ==, 7);

    /* the page flushed from the TLB: through the jump cache, nip = dest */
    e->addr_code = UINT64_MAX;
    env->nip = 0;
    g_assert_cmphex(tcg_exec_tb(env, src_code), ==, 0x61);
    g_assert_cmphex(env->gpr[1], ==, 6);
    g_assert_cmphex(env->nip, ==, dest);

    /* another page in the entry (same index), same addend */
    *e = saved;
    e->addr_code = (dest & TARGET_PAGE_MASK) + TLB_SIZE * TARGET_PAGE_SIZE;
    g_assert_cmphex(tcg_exec_tb(env, src_code), ==, 0x61);

    /* the page mapped elsewhere (another addend) */
    *e = saved;
    e->addend += TARGET_PAGE_SIZE;
    g_assert_cmphex(tcg_exec_tb(env, src_code), ==, 0x61);

    /* back as linked: dst again */
    *e = saved;
    g_assert_cmphex(tcg_exec_tb(env, src_code), ==, 0x70);

    /* unlinked again: the exit path */
    tcg_x86_64_set_jmp_target(&src, 2,
                              (uintptr_t)src_code + src.jmp_reset_offset[2]);
    tcg_x86_64_set_jmp_check(&src, 2, 1);
    g_assert_cmphex(tcg_exec_tb(env, src_code), ==, 0x52);

    env->accel = NULL;
    g_free(ac);
    harness_tb_free(&src);
    harness_tb_free(&dst);
    harness_tb_free(&via);
}

/* ------------------------------------------------------------ main */

static void run_feature_sets(void (*fn)(void))
{
    static const unsigned masks[] = {~0u, 0};

    for (size_t m = 0; m < G_N_ELEMENTS(masks); m++) {
        for (int lv = 0; lv < 2; lv++) {
            tcg_x86_64_set_features(masks[m]);
            use_liveness = lv;
            fn();
        }
    }
    tcg_x86_64_set_features(~0u);
}

static void t_ops(void) { run_feature_sets(test_all_ops); }
static void t_conds(void) { run_feature_sets(test_conds); }
static void t_env(void) { run_feature_sets(test_env_ldst); }
static void t_mem(void) { run_feature_sets(test_guest_memory); }
static void t_calls(void) { run_feature_sets(test_calls); }
static void t_loop2(void) { run_feature_sets(test_loop_two_back_edges); }

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    harness_init(&h);
    env = harness_env_new();
    g_test_add_func("/jit-ops/alu", t_ops);
    g_test_add_func("/jit-ops/conditions", t_conds);
    g_test_add_func("/jit-ops/env-ld-st", t_env);
    g_test_add_func("/jit-ops/guest-memory", t_mem);
    g_test_add_func("/jit-ops/calls", t_calls);
    g_test_add_func("/jit-ops/loop-two-back-edges", t_loop2);
    g_test_add_func("/jit-ops/goto-tb-checked", test_goto_tb_checked);
    return g_test_run();
}
