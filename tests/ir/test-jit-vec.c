/*
 * The 128-bit vector ops (the v128_* section of tcg/ir-ops.def, include/
 * tcg-vec.h) through the x86-64 JIT and the interpreter.  Expected results
 * are computed here lane by lane from the op definitions (not with
 * tcg_eval_vec, which the interpreter uses), on edge and random values,
 * with the operands in distinct slots and aliased (d = a, d = b, a = b),
 * and with every feature set the lowering distinguishes: all host
 * features, SSE2 only (no SSE4.1/4.2: the compare-and-select max/min, the
 * scalar 64-bit compares), and none.  A few known values are spelled out.
 * The four-operand ops (saturating add/subtract with the SAT word, the
 * merges and modulo packs of v128_shuf, v128_perm) against the ISA's
 * element definitions (Book I 6.8, 6.9.1), with and without SSSE3.  The
 * lane-wise FP ops (v128_f*) against the host's arithmetic and the
 * ops' rule for keeping a result (test_fp).
 */
#include <float.h>
#include <glib.h>
#include <math.h>

#include "accel/tcg/internal.h"
#include "tcg-vec.h"
#include "tests/ir/jit-harness.h"
#include "tcg/x86_64/lower.h"

static JitHarness h;
static CPUPPCState *env, *ienv;

#define SLOT(n) ((int32_t)offsetof(CPUPPCState, vsr[40 + (n)]))

/* ------------------------------------------------------------ reference */

static uint64_t lane_get(const uint8_t *v, unsigned bits, unsigned i)
{
    uint64_t x = 0;

    for (unsigned k = 0; k < bits / 8; k++) {
        x |= (uint64_t)v[i * bits / 8 + k] << (8 * k); /* host order */
    }
    return x;
}

static void lane_put(uint8_t *v, unsigned bits, unsigned i, uint64_t x)
{
    for (unsigned k = 0; k < bits / 8; k++) {
        v[i * bits / 8 + k] = (uint8_t)(x >> (8 * k));
    }
}

static int64_t sx(uint64_t x, unsigned bits)
{
    return bits == 64 ? (int64_t)x
                      : (int64_t)(x << (64 - bits)) >> (64 - bits);
}

typedef enum { K_BIT, K_ADD, K_SUB, K_EQ, K_GTS, K_GTU, K_MAXS, K_MAXU,
               K_MINS, K_MINU, K_ROTL, K_SHL, K_SHR, K_SAR, K_MULO,
               K_MULE } Kind;

typedef struct VecCase {
    TCGOpcode opc;
    Kind kind;
    unsigned bits;
} VecCase;

static const VecCase cases[] = {
#define C4(n, k) {INDEX_op_v128_##n##8, k, 8}, {INDEX_op_v128_##n##16, k, 16}, \
                 {INDEX_op_v128_##n##32, k, 32}
    {INDEX_op_v128_mov, K_BIT, 0}, {INDEX_op_v128_not, K_BIT, 0},
    {INDEX_op_v128_and, K_BIT, 0}, {INDEX_op_v128_or, K_BIT, 0},
    {INDEX_op_v128_xor, K_BIT, 0}, {INDEX_op_v128_andc, K_BIT, 0},
    {INDEX_op_v128_orc, K_BIT, 0}, {INDEX_op_v128_nand, K_BIT, 0},
    {INDEX_op_v128_nor, K_BIT, 0}, {INDEX_op_v128_eqv, K_BIT, 0},
    C4(add, K_ADD), {INDEX_op_v128_add64, K_ADD, 64},
    C4(sub, K_SUB), {INDEX_op_v128_sub64, K_SUB, 64},
    C4(cmpeq, K_EQ), {INDEX_op_v128_cmpeq64, K_EQ, 64},
    C4(cmpgts, K_GTS), {INDEX_op_v128_cmpgts64, K_GTS, 64},
    C4(cmpgtu, K_GTU), {INDEX_op_v128_cmpgtu64, K_GTU, 64},
    C4(maxs, K_MAXS), C4(maxu, K_MAXU), C4(mins, K_MINS), C4(minu, K_MINU),
    {INDEX_op_v128_rotl32, K_ROTL, 32}, {INDEX_op_v128_shl32, K_SHL, 32},
    {INDEX_op_v128_shr32, K_SHR, 32}, {INDEX_op_v128_sar32, K_SAR, 32},
    {INDEX_op_v128_shl64, K_SHL, 64}, {INDEX_op_v128_shr64, K_SHR, 64},
    {INDEX_op_v128_rotl8, K_ROTL, 8}, {INDEX_op_v128_shl8, K_SHL, 8},
    {INDEX_op_v128_shr8, K_SHR, 8}, {INDEX_op_v128_sar8, K_SAR, 8},
    {INDEX_op_v128_rotl16, K_ROTL, 16}, {INDEX_op_v128_shl16, K_SHL, 16},
    {INDEX_op_v128_shr16, K_SHR, 16}, {INDEX_op_v128_sar16, K_SAR, 16},
    {INDEX_op_v128_mulou32, K_MULO, 64}, {INDEX_op_v128_muleu32, K_MULE, 64},
#undef C4
};

static void reference(const VecCase *c, uint8_t *r, const uint8_t *a,
                      const uint8_t *b)
{
    if (c->kind == K_BIT) {
        for (int i = 0; i < 16; i++) {
            uint8_t x = a[i], y = b[i], v;
            switch (c->opc) {
            case INDEX_op_v128_mov: v = x; break;
            case INDEX_op_v128_not: v = (uint8_t)~x; break;
            case INDEX_op_v128_and: v = x & y; break;
            case INDEX_op_v128_or: v = x | y; break;
            case INDEX_op_v128_xor: v = x ^ y; break;
            case INDEX_op_v128_andc: v = x & (uint8_t)~y; break;
            case INDEX_op_v128_orc: v = x | (uint8_t)~y; break;
            case INDEX_op_v128_nand: v = (uint8_t)~(x & y); break;
            case INDEX_op_v128_nor: v = (uint8_t)~(x | y); break;
            default: v = (uint8_t)~(x ^ y); break;
            }
            r[i] = v;
        }
        return;
    }
    for (unsigned i = 0; i < 128 / c->bits; i++) {
        uint64_t x = lane_get(a, c->bits, i), y = lane_get(b, c->bits, i);
        uint64_t all = c->bits == 64 ? ~0ull : (1ull << c->bits) - 1, v;
        int64_t p = sx(x, c->bits), q = sx(y, c->bits);
        switch (c->kind) {
        case K_ADD: v = x + y; break;
        case K_SUB: v = x - y; break;
        case K_EQ: v = x == y ? all : 0; break;
        case K_GTS: v = p > q ? all : 0; break;
        case K_GTU: v = x > y ? all : 0; break;
        case K_MAXS: v = p >= q ? x : y; break;
        case K_MAXU: v = x >= y ? x : y; break;
        case K_MINS: v = p <= q ? x : y; break;
        case K_ROTL: /* bit by bit: bit i of the result is bit i - n */
            v = 0;
            for (unsigned i = 0; i < c->bits; i++) {
                v |= ((x >> ((i - (y & (c->bits - 1))) & (c->bits - 1))) &
                      1) << i;
            }
            break;
        case K_SHL: v = x << (y & (c->bits - 1)); break;
        case K_SHR: v = x >> (y & (c->bits - 1)); break;
        case K_SAR: v = (uint64_t)(p >> (y & (c->bits - 1))); break;
        case K_MULO: v = (uint64_t)(uint32_t)x * (uint32_t)y; break;
        case K_MULE: v = (x >> 32) * (y >> 32); break;
        default: v = x <= y ? x : y; break;
        }
        lane_put(r, c->bits, i, v);
    }
}

/* ------------------------------------------------------------ operands */

static const uint64_t edge[] = {
    0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000,
    0xffffffff, 0x7fffffffffffffffull, 0x8000000000000000ull, ~0ull,
    0x8080808080808080ull, 0x7f7f7f7f7f7f7f7full, 0x0001000100010001ull,
    0xfffefffefffefffeull,
};

static void fill(uint8_t *v, uint64_t *rng, int k)
{
    uint64_t d[2];

    for (int i = 0; i < 2; i++) {
        *rng ^= *rng << 13;
        *rng ^= *rng >> 7;
        *rng ^= *rng << 17;
        d[i] = k % 3 == 0 ? edge[(*rng >> 8) % G_N_ELEMENTS(edge)] : *rng;
    }
    memcpy(v, d, 16);
}

/* ------------------------------------------------------------ runs */

/* shapes: 0 distinct slots, 1 d = a, 2 d = b, 3 a = b */
static void one(const VecCase *c, int shape, const uint8_t *va,
                const uint8_t *vb)
{
    int32_t d = SLOT(0), a = SLOT(1), b = SLOT(2);
    uint8_t want[16], ra[16], rb[16], gotj[16], goti[16];
    TranslationBlock tb;
    uint8_t *code;

    if (shape == 1) {
        d = a;
    } else if (shape == 2) {
        d = b;
    } else if (shape == 3) {
        b = a;
    }
    memcpy(ra, va, 16);
    memcpy(rb, shape == 3 ? va : vb, 16);
    reference(c, want, ra, rb);

    tcg_func_start(h.s);
    tcg_gen_vec3(h.s, c->opc, d, a, b);
    tcg_gen_exit_tb(h.s, 0);
    tcg_liveness(h.s);
    g_assert_true(tcg_validate(h.s, "vec"));
    code = harness_compile(&h, &tb);
    tb.prog = tcg_program_copy(h.s);

    for (int pass = 0; pass < 2; pass++) {
        CPUPPCState *e = pass ? ienv : env;
        memset(e->vsr[40], 0x5a, 3 * 16);
        memcpy((uint8_t *)e + a, ra, 16);
        if (b != a) {
            memcpy((uint8_t *)e + b, rb, 16);
        }
        if (pass) {
            g_assert_cmpuint(tcg_interp_exec(e, &tb), ==, 0);
            memcpy(goti, (uint8_t *)e + d, 16);
        } else {
            g_assert_cmpuint(tcg_exec_tb(e, code), ==, 0);
            memcpy(gotj, (uint8_t *)e + d, 16);
        }
    }
    if (memcmp(gotj, want, 16) || memcmp(goti, want, 16)) {
        uint64_t w[2], j[2], i[2], x[2], y[2];
        memcpy(w, want, 16);
        memcpy(j, gotj, 16);
        memcpy(i, goti, 16);
        memcpy(x, ra, 16);
        memcpy(y, rb, 16);
        g_test_message("%s shape %d features 0x%x: a=%016" G_GINT64_MODIFIER
                       "x%016" G_GINT64_MODIFIER "x b=%016" G_GINT64_MODIFIER
                       "x%016" G_GINT64_MODIFIER "x jit=%016"
                       G_GINT64_MODIFIER "x%016" G_GINT64_MODIFIER
                       "x interp=%016" G_GINT64_MODIFIER "x%016"
                       G_GINT64_MODIFIER "x want=%016" G_GINT64_MODIFIER
                       "x%016" G_GINT64_MODIFIER "x",
                       tcg_op_defs[c->opc].name, shape,
                       tcg_x86_64_features(), x[1], x[0], y[1], y[0], j[1],
                       j[0], i[1], i[0], w[1], w[0]);
        g_test_fail();
    }
    harness_tb_free(&tb);
}

static void test_all(void)
{
    static const unsigned masks[] = {
        ~0u, ~(unsigned)(X86_FEAT_SSE41 | X86_FEAT_SSE42), 0,
    };

    for (size_t m = 0; m < G_N_ELEMENTS(masks); m++) {
        tcg_x86_64_set_features(masks[m]);
        for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
            uint64_t rng = 0x2545f4914f6cdd1dull + c;
            for (int k = 0; k < 24; k++) {
                uint8_t a[16], b[16];
                fill(a, &rng, k);
                fill(b, &rng, k + 1);
                if (k % 4 == 1) {
                    memcpy(b, a, 8); /* equal lanes */
                }
                one(&cases[c], k % 4, a, b);
            }
        }
    }
    tcg_x86_64_set_features(~0u);
}

/* a few results written out by hand */
static void test_known(void)
{
    static const struct {
        TCGOpcode opc;
        uint64_t a[2], b[2], r[2];
    } k[] = {
        {INDEX_op_v128_add32, {0xffffffff00000001ull, 0x7fffffff80000000ull},
         {0x0000000100000001ull, 0x0000000180000000ull},
         {0x0000000000000002ull, 0x8000000000000000ull}},
        {INDEX_op_v128_sub8, {0x0000000000000000ull, 0x0102030405060708ull},
         {0x0101010101010101ull, 0x0101010101010101ull},
         {0xffffffffffffffffull, 0x0001020304050607ull}},
        {INDEX_op_v128_cmpgtu16, {0x8000000100020003ull, 0},
         {0x7fff000100030000ull, 0},
         {0xffff00000000ffffull, 0}},
        {INDEX_op_v128_cmpgts64, {0x8000000000000000ull, 5},
         {0x7fffffffffffffffull, 4},
         {0, ~0ull}},
        {INDEX_op_v128_minu32, {0x80000000ffffffffull, 3},
         {0x7fffffff00000000ull, 2},
         {0x7fffffff00000000ull, 2}},
        {INDEX_op_v128_andc, {0xff00ff00ff00ff00ull, ~0ull},
         {0xf0f0f0f0f0f0f0f0ull, 0},
         {0x0f000f000f000f00ull, ~0ull}},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(k); i++) {
        const VecCase *c = NULL;
        for (size_t j = 0; j < G_N_ELEMENTS(cases); j++) {
            if (cases[j].opc == k[i].opc) {
                c = &cases[j];
            }
        }
        g_assert_nonnull(c);
        uint8_t a[16], b[16], r[16];
        memcpy(a, k[i].a, 16);
        memcpy(b, k[i].b, 16);
        reference(c, r, a, b);
        g_assert_cmpmem(r, 16, k[i].r, 16); /* the reference itself */
        one(c, 0, a, b);                     /* JIT and interpreter */
    }
}

/* ------------------------------------ saturating ops, byte permutes */

/* the SAT word: a slot of its own after the operands */
#define SAT_OFF SLOT(4)

/* byte k of a slot in the ISA's numbering (this host is little-endian:
   byte 0 is the top byte of the first uint64_t) */
static uint8_t *isa_byte(uint8_t *v, unsigned k)
{
    return &v[(k & 8) | (7 - (k & 7))];
}

typedef enum { S_MRGH, S_MRGL, S_MRGE, S_MRGO, S_PACK, S_PERM,
               S_SAT, S_SLDOI, S_PERMR } Shape;

typedef struct Vec4Case {
    TCGOpcode opc;
    Shape shape;
    unsigned size;  /* element bytes (merges: of the sources; packs: of
                       the sources, the result's are half) */
    int64_t pattern;
    bool sgn, sub;  /* saturating ops */
} Vec4Case;

static const Vec4Case cases4[] = {
    {INDEX_op_v128_shuf, S_MRGH, 1, TCG_VEC_SHUF_MRGHB},
    {INDEX_op_v128_shuf, S_MRGL, 1, TCG_VEC_SHUF_MRGLB},
    {INDEX_op_v128_shuf, S_MRGH, 2, TCG_VEC_SHUF_MRGHH},
    {INDEX_op_v128_shuf, S_MRGL, 2, TCG_VEC_SHUF_MRGLH},
    {INDEX_op_v128_shuf, S_MRGH, 4, TCG_VEC_SHUF_MRGHW},
    {INDEX_op_v128_shuf, S_MRGL, 4, TCG_VEC_SHUF_MRGLW},
    {INDEX_op_v128_shuf, S_MRGE, 4, TCG_VEC_SHUF_MRGEW},
    {INDEX_op_v128_shuf, S_MRGO, 4, TCG_VEC_SHUF_MRGOW},
    {INDEX_op_v128_shuf, S_PACK, 2, TCG_VEC_SHUF_PKUHUM},
    {INDEX_op_v128_shuf, S_PACK, 4, TCG_VEC_SHUF_PKUWUM},
    {INDEX_op_v128_shuf, S_PACK, 8, TCG_VEC_SHUF_PKUDUM},
    {INDEX_op_v128_perm, S_PERM, 1, 0},
    {INDEX_op_v128_permr, S_PERMR, 1, 0},
    {INDEX_op_v128_shuf, S_SLDOI, 1, TCG_VEC_SHUF_SLDOI0},
    {INDEX_op_v128_shuf, S_SLDOI, 1, TCG_VEC_SHUF_SLDOI0 + 1},
    {INDEX_op_v128_shuf, S_SLDOI, 1, TCG_VEC_SHUF_SLDOI0 + 7},
    {INDEX_op_v128_shuf, S_SLDOI, 1, TCG_VEC_SHUF_SLDOI0 + 8},
    {INDEX_op_v128_shuf, S_SLDOI, 1, TCG_VEC_SHUF_SLDOI0 + 12},
    {INDEX_op_v128_shuf, S_SLDOI, 1, TCG_VEC_SHUF_SLDOI0 + 15},
    {INDEX_op_v128_addsats8, S_SAT, 1, 0, true, false},
    {INDEX_op_v128_addsats16, S_SAT, 2, 0, true, false},
    {INDEX_op_v128_addsatu8, S_SAT, 1, 0, false, false},
    {INDEX_op_v128_addsatu16, S_SAT, 2, 0, false, false},
    {INDEX_op_v128_subsats8, S_SAT, 1, 0, true, true},
    {INDEX_op_v128_subsats16, S_SAT, 2, 0, true, true},
    {INDEX_op_v128_subsatu8, S_SAT, 1, 0, false, true},
    {INDEX_op_v128_subsatu16, S_SAT, 2, 0, false, true},
};

/* element e (ISA order, size bytes) of v, as a number */
static uint64_t elem_get(uint8_t *v, unsigned size, unsigned e)
{
    uint64_t x = 0;

    for (unsigned k = 0; k < size; k++) {
        x = x << 8 | *isa_byte(v, e * size + k);
    }
    return x;
}

static void elem_put(uint8_t *v, unsigned size, unsigned e, uint64_t x)
{
    for (unsigned k = 0; k < size; k++) {
        *isa_byte(v, e * size + k) = (uint8_t)(x >> (8 * (size - 1 - k)));
    }
}

/* Power ISA 3.0B Book I 6.8 (merges, vperm, the modulo packs) and 6.9.1
   (saturating add/subtract, VSCR[SAT]): r from a, b (and c) */
static bool reference4(const Vec4Case *c, uint8_t *r, uint8_t *a, uint8_t *b,
                       uint8_t *m)
{
    unsigned s = c->size, n = 16 / s;
    bool sat = false;

    for (unsigned e = 0; e < n; e++) {
        switch (c->shape) {
        case S_MRGH:
        case S_MRGL: {
            unsigned from = e / 2 + (c->shape == S_MRGL ? n / 2 : 0);
            elem_put(r, s, e, elem_get(e & 1 ? b : a, s, from));
            break;
        }
        case S_MRGE:
        case S_MRGO:
            elem_put(r, s, e, elem_get(e & 1 ? b : a, s,
                                       (e & 2) + (c->shape == S_MRGO)));
            break;
        case S_PACK: {
            /* result element e (s/2 bytes) of 2n: source element e of a||b */
            for (unsigned half = 0; half < 2; half++) {
                unsigned re = e + half * n;
                uint64_t x = elem_get(half ? b : a, s, e);
                elem_put(r, s / 2, re, x & ((1ull << (4 * s)) - 1));
            }
            break;
        }
        case S_SLDOI: {
            unsigned j = e + (unsigned)(c->pattern - TCG_VEC_SHUF_SLDOI0);
            *isa_byte(r, e) = j < 16 ? *isa_byte(a, j) : *isa_byte(b, j - 16);
            break;
        }
        case S_PERM:
        case S_PERMR: {
            unsigned j = *isa_byte(m, e) & 31;
            if (c->shape == S_PERMR) {
                j = 31 - j;
            }
            *isa_byte(r, e) = j < 16 ? *isa_byte(a, j) : *isa_byte(b, j - 16);
            break;
        }
        case S_SAT: {
            unsigned bits = 8 * s;
            uint64_t x = elem_get(a, s, e), y = elem_get(b, s, e);
            int64_t v, lo = 0, hi = (1ll << bits) - 1;
            if (c->sgn) {
                int64_t p = (int64_t)(x << (64 - bits)) >> (64 - bits);
                int64_t q = (int64_t)(y << (64 - bits)) >> (64 - bits);
                v = c->sub ? p - q : p + q;
                lo = -(1ll << (bits - 1));
                hi = (1ll << (bits - 1)) - 1;
            } else {
                v = c->sub ? (int64_t)x - (int64_t)y : (int64_t)(x + y);
            }
            if (v < lo || v > hi) {
                sat = true;
                v = v < lo ? lo : hi;
            }
            elem_put(r, s, e, (uint64_t)v);
            break;
        }
        }
    }
    return sat;
}

/* shapes: 0 distinct, 1 d = a, 2 d = b, 3 a = b, 4 d = c (perm) */
static void one4(const Vec4Case *c, int shape, const uint8_t *va,
                 const uint8_t *vb, const uint8_t *vc, uint32_t sat0)
{
    int32_t d = SLOT(0), a = SLOT(1), b = SLOT(2), m = SLOT(3);
    uint8_t want[16], ra[16], rb[16], rm[16], got[2][16];
    uint32_t sat_got[2], sat_want;
    TranslationBlock tb;
    uint8_t *code;

    if (shape == 1) {
        d = a;
    } else if (shape == 2) {
        d = b;
    } else if (shape == 3) {
        b = a;
    } else if (shape == 4 && (c->shape == S_PERM || c->shape == S_PERMR)) {
        d = m;
    }
    memcpy(ra, va, 16);
    memcpy(rb, shape == 3 ? va : vb, 16);
    memcpy(rm, vc, 16);
    sat_want = sat0 | (reference4(c, want, ra, rb, rm) ? 1 : 0);

    tcg_func_start(h.s);
    tcg_gen_vec4(h.s, c->opc, d, a, b,
                 c->shape == S_PERM || c->shape == S_PERMR ? m
                 : c->shape == S_SAT ? SAT_OFF : c->pattern);
    tcg_gen_exit_tb(h.s, 0);
    tcg_liveness(h.s);
    g_assert_true(tcg_validate(h.s, "vec4"));
    code = harness_compile(&h, &tb);
    tb.prog = tcg_program_copy(h.s);

    for (int pass = 0; pass < 2; pass++) {
        CPUPPCState *e = pass ? ienv : env;
        memset(e->vsr[40], 0x5a, 5 * 16);
        memcpy((uint8_t *)e + m, rm, 16);
        memcpy((uint8_t *)e + a, ra, 16);
        if (b != a) {
            memcpy((uint8_t *)e + b, rb, 16);
        }
        memcpy((uint8_t *)e + SAT_OFF, &sat0, 4);
        if (pass) {
            g_assert_cmpuint(tcg_interp_exec(e, &tb), ==, 0);
        } else {
            g_assert_cmpuint(tcg_exec_tb(e, code), ==, 0);
        }
        memcpy(got[pass], (uint8_t *)e + d, 16);
        memcpy(&sat_got[pass], (uint8_t *)e + SAT_OFF, 4);
    }
    for (int pass = 0; pass < 2; pass++) {
        if (memcmp(got[pass], want, 16) ||
            (c->shape == S_SAT && sat_got[pass] != sat_want) ||
            (c->shape != S_SAT && sat_got[pass] != sat0)) {
            uint64_t w[2], g2[2];
            memcpy(w, want, 16);
            memcpy(g2, got[pass], 16);
            g_test_message("%s pattern %d shape %d features 0x%x %s: got "
                           "%016" G_GINT64_MODIFIER "x%016" G_GINT64_MODIFIER
                           "x sat %u want %016" G_GINT64_MODIFIER "x%016"
                           G_GINT64_MODIFIER "x sat %u",
                           tcg_op_defs[c->opc].name, (int)c->pattern, shape,
                           tcg_x86_64_features(), pass ? "interp" : "jit",
                           g2[0], g2[1], sat_got[pass], w[0], w[1], sat_want);
            g_test_fail();
        }
    }
    harness_tb_free(&tb);
}

static void test_bytes_sat(void)
{
    static const unsigned masks[] = {
        ~0u, ~(unsigned)X86_FEAT_SSSE3, 0,
    };

    for (size_t mk = 0; mk < G_N_ELEMENTS(masks); mk++) {
        tcg_x86_64_set_features(masks[mk]);
        for (size_t c = 0; c < G_N_ELEMENTS(cases4); c++) {
            uint64_t rng = 0x9e3779b97f4a7c15ull + c;
            for (int k = 0; k < 40; k++) {
                uint8_t a[16], b[16], m[16];
                fill(a, &rng, k);
                fill(b, &rng, k + 1);
                fill(m, &rng, 1);
                if (k % 5 == 1) {
                    memset(b, 0, 16); /* no saturation */
                }
                one4(&cases4[c], k % 5, a, b, m, k & 8 ? 0x10001u : 0);
            }
        }
    }
    tcg_x86_64_set_features(~0u);
}

/* vaddsbs 0x7f + 1 saturates, 0x10 + 0x10 does not (6.9.1) */
static void test_known_sat(void)
{
    uint8_t a[16] = {0}, b[16] = {0}, m[16] = {0};
    const Vec4Case *c = NULL;

    for (size_t i = 0; i < G_N_ELEMENTS(cases4); i++) {
        if (cases4[i].opc == INDEX_op_v128_addsats8) {
            c = &cases4[i];
        }
    }
    g_assert_nonnull(c);
    *isa_byte(a, 3) = 0x7f;
    *isa_byte(b, 3) = 0x01;
    one4(c, 0, a, b, m, 0);
    *isa_byte(a, 3) = 0x10;
    *isa_byte(b, 3) = 0x10;
    one4(c, 0, a, b, m, 0);
}

/*
 * The lane-wise FP ops (v128_f*): the host's IEEE arithmetic in round to
 * nearest, kept only when every lane's result is a normal number above
 * the smallest one.  Operands: pairs from special values (zeros,
 * denormals, the smallest normal and numbers whose products, quotients
 * or sums land on it, max, infinities, NaNs) and ordinary numbers, in
 * both lanes and mixed with an ordinary lane.
 */
#define ST_OFF ((int32_t)offsetof(CPUPPCState, fp_fast_status))

static const uint64_t fp64_vals[] = {
    0, 0x8000000000000000ull, 0x0000000000000001ull, 0x000fffffffffffffull,
    0x0010000000000000ull, 0x0010000000000001ull, 0x0020000000000000ull,
    0x3fe0000000000000ull, 0x3ff0000000000000ull, 0xbff8000000000000ull,
    0x3fd5555555555555ull, 0x4340000000000001ull, 0x7fefffffffffffffull,
    0x7fe0000000000000ull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
    0x7ff8000000000000ull, 0x7ff4000000000001ull, 0x1ff0000000000000ull,
    0x2000000000000000ull, 0x5ff0000000000000ull, 0xc000000000000000ull,
};
static const uint32_t fp32_vals[] = {
    0, 0x80000000u, 0x00000001u, 0x007fffffu, 0x00800000u, 0x00800001u,
    0x01000000u, 0x3f000000u, 0x3f800000u, 0xbfc00000u, 0x3eaaaaabu,
    0x7f7fffffu, 0x7f000000u, 0x7f800000u, 0xff800000u, 0x7fc00000u,
    0x7fa00001u, 0x1f800000u, 0x20000000u, 0x5f800000u, 0xc0000000u,
};

/* the reference lanes: the host's IEEE arithmetic, fma()/fmaf() for the
   fused ops (negated after the rounding for the n forms) */
static double fp_ref64(TCGOpcode opc, double x, double y, double z)
{
    volatile double vx = x, vy = y, vz = z;

    switch (opc) {
    case INDEX_op_v128_fadd64: return vx + vy;
    case INDEX_op_v128_fsub64: return vx - vy;
    case INDEX_op_v128_fmul64: return vx * vy;
    case INDEX_op_v128_fdiv64: return vx / vy;
    case INDEX_op_v128_fsqrt64: return __builtin_sqrt(vx);
    case INDEX_op_v128_fmadd64: return fma(vx, vy, vz);
    case INDEX_op_v128_fmsub64: return fma(vx, vy, -vz);
    case INDEX_op_v128_fnmadd64: return -fma(vx, vy, vz);
    default: return -fma(vx, vy, -vz);
    }
}

static float fp_ref32(TCGOpcode opc, float x, float y, float z)
{
    volatile float vx = x, vy = y, vz = z;

    switch (opc) {
    case INDEX_op_v128_fadd32: return vx + vy;
    case INDEX_op_v128_fsub32: return vx - vy;
    case INDEX_op_v128_fmul32: return vx * vy;
    case INDEX_op_v128_fdiv32: return vx / vy;
    case INDEX_op_v128_fsqrt32: return __builtin_sqrtf(vx);
    case INDEX_op_v128_fmadd32: return fmaf(vx, vy, vz);
    case INDEX_op_v128_fmsub32: return fmaf(vx, vy, -vz);
    case INDEX_op_v128_fnmadd32: return -fmaf(vx, vy, vz);
    default: return -fmaf(vx, vy, -vz);
    }
}

static bool fp_is_fused(TCGOpcode opc)
{
    return opc >= INDEX_op_v128_fmadd64 && opc <= INDEX_op_v128_fnmsub32;
}

static bool fp_is_64(TCGOpcode opc)
{
    return opc <= INDEX_op_v128_fsqrt64 ||
           (opc >= INDEX_op_v128_fmadd64 && opc <= INDEX_op_v128_fnmsub64);
}

/* d = opc(va, vb[, vc]) through the JIT and the interpreter; the JIT keeps
   nothing when jit_keeps is false (a fused op without FMA3) */
static void one_fp(TCGOpcode opc, const uint8_t *va, const uint8_t *vb,
                   const uint8_t *vc, bool jit_keeps)
{
    int32_t d = SLOT(0), a = SLOT(1), b = SLOT(2), c = SLOT(3);
    bool dp = fp_is_64(opc), fused = fp_is_fused(opc), kept = true;
    uint8_t want[16], untouched[16], got[2][16];
    uint32_t st[2];
    TranslationBlock tb;
    uint8_t *code;
    int64_t args[5] = {d, a, b, fused ? c : ST_OFF, ST_OFF};
    uint8_t zero[16] = {0};

    if (!vc) {
        vc = zero;
    }
    memset(want, 0x5a, 16);
    memset(untouched, 0x5a, 16);
    if (dp) {
        double x[2], y[2], z[2], r[2];
        memcpy(x, va, 16);
        memcpy(y, vb, 16);
        memcpy(z, vc, 16);
        for (int i = 0; i < 2; i++) {
            r[i] = fp_ref64(opc, x[i], y[i], z[i]);
            kept &= fabs(r[i]) > DBL_MIN && fabs(r[i]) < INFINITY;
        }
        if (kept) {
            memcpy(want, r, 16);
        }
    } else {
        float x[4], y[4], z[4], r[4];
        memcpy(x, va, 16);
        memcpy(y, vb, 16);
        memcpy(z, vc, 16);
        for (int i = 0; i < 4; i++) {
            r[i] = fp_ref32(opc, x[i], y[i], z[i]);
            kept &= fabsf(r[i]) > FLT_MIN && fabsf(r[i]) < INFINITY;
        }
        if (kept) {
            memcpy(want, r, 16);
        }
    }
    tcg_func_start(h.s);
    tcg_emit_op(h.s, opc, 0, 0, fused ? 5 : 4, args);
    tcg_gen_exit_tb(h.s, 0);
    tcg_liveness(h.s);
    g_assert_true(tcg_validate(h.s, "vec-fp"));
    code = harness_compile(&h, &tb);
    tb.prog = tcg_program_copy(h.s);
    for (int pass = 0; pass < 2; pass++) {
        CPUPPCState *e = pass ? ienv : env;
        memset(e->vsr[40], 0x5a, 4 * 16);
        e->fp_fast_status = 7;
        memcpy((uint8_t *)e + a, va, 16);
        memcpy((uint8_t *)e + b, vb, 16);
        memcpy((uint8_t *)e + c, vc, 16);
        if (pass) {
            g_assert_cmpuint(tcg_interp_exec(e, &tb), ==, 0);
        } else {
            g_assert_cmpuint(tcg_exec_tb(e, code), ==, 0);
        }
        memcpy(got[pass], (uint8_t *)e + d, 16);
        st[pass] = e->fp_fast_status;
    }
    for (int pass = 0; pass < 2; pass++) {
        bool k = kept && (pass || jit_keeps);

        if (memcmp(got[pass], k ? want : untouched, 16) || st[pass] != !k) {
            uint64_t x[2], y[2], g[2];
            memcpy(x, va, 16);
            memcpy(y, vb, 16);
            memcpy(g, got[pass], 16);
            g_test_message("%s (%s): a=%016" G_GINT64_MODIFIER "x %016"
                           G_GINT64_MODIFIER "x b=%016" G_GINT64_MODIFIER
                           "x %016" G_GINT64_MODIFIER "x: d=%016"
                           G_GINT64_MODIFIER "x %016" G_GINT64_MODIFIER
                           "x status %u, want kept=%d",
                           tcg_op_defs[opc].name, pass ? "interp" : "jit",
                           x[0], x[1], y[0], y[1], g[0], g[1], st[pass], k);
            g_test_fail();
        }
    }
    harness_tb_free(&tb);
}

static void test_fp(void)
{
    static const TCGOpcode ops[] = {
        INDEX_op_v128_fadd64, INDEX_op_v128_fsub64, INDEX_op_v128_fmul64,
        INDEX_op_v128_fdiv64, INDEX_op_v128_fsqrt64, INDEX_op_v128_fadd32,
        INDEX_op_v128_fsub32, INDEX_op_v128_fmul32, INDEX_op_v128_fdiv32,
        INDEX_op_v128_fsqrt32,
    };
    const uint64_t one64 = 0x3ff8000000000000ull; /* 1.5 */
    const uint32_t one32 = 0x3fc00000u;

    for (size_t o = 0; o < G_N_ELEMENTS(ops); o++) {
        bool dp = ops[o] <= INDEX_op_v128_fsqrt64;
        size_t n = dp ? G_N_ELEMENTS(fp64_vals) : G_N_ELEMENTS(fp32_vals);

        for (size_t i = 0; i < n; i++) {
            for (size_t j = 0; j < n; j++) {
                uint8_t a[16], b[16];
                if (dp) {
                    uint64_t x[2] = {fp64_vals[i], j & 1 ? one64
                                                         : fp64_vals[i]};
                    uint64_t y[2] = {fp64_vals[j], j & 1 ? one64
                                                         : fp64_vals[j]};
                    memcpy(a, x, 16);
                    memcpy(b, y, 16);
                } else {
                    uint32_t x[4] = {one32, fp32_vals[i], one32, one32};
                    uint32_t y[4] = {one32, fp32_vals[j], one32, one32};
                    if (j & 1) {
                        x[3] = fp32_vals[i];
                        y[3] = fp32_vals[j];
                    }
                    memcpy(a, x, 16);
                    memcpy(b, y, 16);
                }
                one_fp(ops[o], a, b, NULL, true);
            }
        }
    }
}

/*
 * The fused ops (v128_f{madd,msub,nmadd,nmsub}{64,32} d, a, b, c, st):
 * the C library's correctly rounded fma()/fmaf() (the host's IEEE fused
 * operation), negated for the n forms, kept by the same rule.  With the
 * backend's FMA3 masked off (or absent) the JIT keeps nothing: status 1,
 * d unchanged; the interpreter computes in every case.  Operand triples
 * from the special values above and cancelling ones (c = -(a * b)
 * rounded, where only a fused result is nonzero).
 */
static void test_fma(void)
{
    unsigned masks[2] = {~0u, ~(unsigned)X86_FEAT_FMA};

    for (int m = 0; m < 2; m++) {
        bool jit_fma = tcg_x86_64_set_features(masks[m]) & X86_FEAT_FMA;

        for (TCGOpcode opc = INDEX_op_v128_fmadd64;
             opc <= INDEX_op_v128_fnmsub32; opc++) {
            bool dp = opc <= INDEX_op_v128_fnmsub64;
            size_t n = dp ? G_N_ELEMENTS(fp64_vals) : G_N_ELEMENTS(fp32_vals);

            for (size_t i = 0; i < n; i++) {
                for (size_t j = 0; j < n; j += 3) {
                    uint8_t a[16], b[16], c[16];
                    size_t kk = (i * 7 + j * 5) % n;
                    if (dp) {
                        double x = 1.0 + 0x1p-30 * (double)(i + 1);
                        double y = 3.0 - 0x1p-29 * (double)(j + 1);
                        uint64_t xa[2] = {fp64_vals[i], 0}, xb[2] = {
                            fp64_vals[j], 0}, xc[2] = {fp64_vals[kk], 0};
                        double cancel = -(x * y);
                        memcpy(&xa[1], &x, 8);
                        memcpy(&xb[1], &y, 8);
                        memcpy(&xc[1], &cancel, 8);
                        if (j & 1) {
                            xa[0] = xa[1];
                            xb[0] = xb[1];
                            xc[0] = xc[1];
                        }
                        memcpy(a, xa, 16);
                        memcpy(b, xb, 16);
                        memcpy(c, xc, 16);
                    } else {
                        float x = 1.0f + 0x1p-12f * (float)(i + 1);
                        float y = 3.0f - 0x1p-11f * (float)(j + 1);
                        float cancel = -(x * y);
                        uint32_t ua, ub, uc;
                        uint32_t xa[4], xb[4], xc[4];
                        memcpy(&ua, &x, 4);
                        memcpy(&ub, &y, 4);
                        memcpy(&uc, &cancel, 4);
                        for (int l = 0; l < 4; l++) {
                            bool sp = l == 2 && !(j & 1);
                            xa[l] = sp ? fp32_vals[i] : ua;
                            xb[l] = sp ? fp32_vals[j] : ub;
                            xc[l] = sp ? fp32_vals[kk] : uc;
                        }
                        memcpy(a, xa, 16);
                        memcpy(b, xb, 16);
                        memcpy(c, xc, 16);
                    }
                    one_fp(opc, a, b, c, jit_fma);
                }
            }
        }
    }
    tcg_x86_64_set_features(~0u);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    harness_init(&h);
    env = harness_env_new();
    ienv = harness_env_new();
    g_test_add_func("/jit-vec/known", test_known);
    g_test_add_func("/jit-vec/all", test_all);
    g_test_add_func("/jit-vec/bytes-sat", test_bytes_sat);
    g_test_add_func("/jit-vec/known-sat", test_known_sat);
    g_test_add_func("/jit-vec/fp", test_fp);
    g_test_add_func("/jit-vec/fma", test_fma);
    return g_test_run();
}
