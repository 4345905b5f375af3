/*
 * The VMX/VSX instructions that trans-vmx.c and trans-vsx.c now emit as
 * 128-bit IR vector ops (include/tcg-vec.h) instead of helper calls,
 * differentially: each op through the x86-64 JIT and the interpreter
 * against the C helper it replaced (target-ppc/helper-vmx.c,
 * helper-vsx.c), on random and edge operands, results and VSCR[SAT] bit
 * for bit, with SAT clear and already set, with all host features and
 * without SSSE3.  The ISA's own values for the
 * same instructions are checked by tests/isa/vmx.c and vsx.c.
 */
#include <glib.h>

#include "accel/tcg/internal.h"
#include "tcg-vec.h"
#include "tests/ir/jit-harness.h"
#include "tcg/x86_64/lower.h"
#include "target-ppc/trans-vec.h"

static JitHarness h;
static CPUPPCState *env, *ienv, *henv;

typedef void (*Vx3Fn)(CPUPPCState *e, uint64_t t, uint64_t a, uint64_t b);
typedef void (*VaFn)(CPUPPCState *e, uint64_t t, uint64_t a, uint64_t b,
                     uint64_t c);

/* the operand VSRs: T, A, B, C */
enum { VT = 40, VA_ = 41, VB = 42, VC = 43 };

typedef struct Row {
    const TCGHelperInfo *info;
    TCGOpcode opc;
    int64_t x;   /* pattern; -1 SAT word; -2 three operands; -3 VA (c) */
    bool xx;     /* xxperm shape: helper (t, a, b) reads XA||XT under XB */
} Row;

#define OFF(n) ((int32_t)offsetof(CPUPPCState, vsr[n]))

static const Row rows[] = {
#define SAT(n, op) {&helper_info_##n, INDEX_op_v128_##op, -1, false},
#define SHUF(n, p) {&helper_info_##n, INDEX_op_v128_shuf, TCG_VEC_SHUF_##p, false},
#define OP3(n, op) {&helper_info_##n, INDEX_op_v128_##op, -2, false},
    SAT(vaddubs, addsatu8) SAT(vadduhs, addsatu16) SAT(vaddsbs, addsats8)
    SAT(vaddshs, addsats16) SAT(vsububs, subsatu8) SAT(vsubuhs, subsatu16)
    SAT(vsubsbs, subsats8) SAT(vsubshs, subsats16)
    SHUF(vmrghb, MRGHB) SHUF(vmrglb, MRGLB) SHUF(vmrghh, MRGHH)
    SHUF(vmrglh, MRGLH) SHUF(vmrghw, MRGHW) SHUF(vmrglw, MRGLW)
    SHUF(vmrgew, MRGEW) SHUF(vmrgow, MRGOW) SHUF(vpkuhum, PKUHUM)
    SHUF(vpkuwum, PKUWUM) SHUF(vpkudum, PKUDUM)
    OP3(vrlw, rotl32) OP3(vslw, shl32) OP3(vsrw, shr32) OP3(vsraw, sar32)
    OP3(vsld, shl64) OP3(vsrd, shr64) OP3(vmulouw, mulou32)
    OP3(vmuleuw, muleu32)
    {&helper_info_vperm, INDEX_op_v128_perm, -3, false},
    {&helper_info_vpermr, INDEX_op_v128_permr, -3, false},
    {&helper_info_xxperm, INDEX_op_v128_perm, 0, true},
    {&helper_info_xxpermr, INDEX_op_v128_permr, 0, true},
#undef SAT
#undef SHUF
#undef OP3
};

static uint64_t rng_state = 0x452821e638d01377ull;

static uint64_t rng(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* lanes near the saturation edges now and then */
static uint64_t operand(int k)
{
    static const uint64_t edge[] = {
        0x7f7f7f7f7f7f7f7full, 0x8080808080808080ull, 0xffffffffffffffffull,
        0x0101010101010101ull, 0x7fff80007fff8000ull, 0x0000ffff0000ffffull,
    };
    return k % 4 == 3 ? edge[rng() % G_N_ELEMENTS(edge)] : rng();
}

static void set_inputs(CPUPPCState *e, const uint64_t *in, uint64_t vscr)
{
    for (int r = 0; r < 4; r++) {
        e->vsr[VT + r][0] = in[2 * r];
        e->vsr[VT + r][1] = in[2 * r + 1];
    }
    e->vscr = vscr;
}

static void run_row(const Row *row)
{
    TranslationBlock tb;
    uint8_t *code;
    int32_t t = OFF(VT), a = OFF(VA_), b = OFF(VB), c = OFF(VC);

    tcg_func_start(h.s);
    if (row->xx) {
        tcg_gen_vec4(h.s, row->opc, t, a, t, b);
    } else if (row->x == -2) {
        tcg_gen_vec3(h.s, row->opc, t, a, b);
    } else {
        tcg_gen_vec4(h.s, row->opc, t, a, b,
                     row->x == -3 ? c : row->x == -1 ? (int64_t)VSCR_OFF
                                                     : row->x);
    }
    tcg_gen_exit_tb(h.s, 0);
    tcg_liveness(h.s);
    g_assert_true(tcg_validate(h.s, "vmx-vec"));
    code = harness_compile(&h, &tb);
    tb.prog = tcg_program_copy(h.s);

    for (int k = 0; k < 4000; k++) {
        uint64_t in[8], vscr = (k & 1) ? VSCR_SAT : 0;

        for (int i = 0; i < 8; i++) {
            in[i] = operand(k);
        }
        set_inputs(henv, in, vscr);
        if (row->x == -3) {
            ((VaFn)row->info->func)(henv, VT, VA_, VB, VC);
        } else {
            ((Vx3Fn)row->info->func)(henv, VT, VA_, VB);
        }
        for (int pass = 0; pass < 2; pass++) {
            CPUPPCState *e = pass ? ienv : env;

            set_inputs(e, in, vscr);
            if (pass) {
                g_assert_cmpuint(tcg_interp_exec(e, &tb), ==, 0);
            } else {
                g_assert_cmpuint(tcg_exec_tb(e, code), ==, 0);
            }
            if (e->vsr[VT][0] != henv->vsr[VT][0] ||
                e->vsr[VT][1] != henv->vsr[VT][1] || e->vscr != henv->vscr) {
                g_test_message("%s %s: helper %016" G_GINT64_MODIFIER
                               "x%016" G_GINT64_MODIFIER "x vscr %x, op %016"
                               G_GINT64_MODIFIER "x%016" G_GINT64_MODIFIER
                               "x vscr %x", row->info->name,
                               pass ? "interp" : "jit", henv->vsr[VT][0],
                               henv->vsr[VT][1], (unsigned)henv->vscr,
                               e->vsr[VT][0], e->vsr[VT][1],
                               (unsigned)e->vscr);
                g_test_fail();
                harness_tb_free(&tb);
                return;
            }
        }
    }
    harness_tb_free(&tb);
}

/* with every host feature, and without SSSE3 (the byte fallbacks) */
static void test_row(gconstpointer data)
{
    tcg_x86_64_set_features(~0u);
    run_row(data);
    tcg_x86_64_set_features(~(unsigned)X86_FEAT_SSSE3);
    run_row(data);
    tcg_x86_64_set_features(~0u);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    harness_init(&h);
    env = harness_env_new();
    ienv = harness_env_new();
    henv = harness_env_new();
    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
        char *path = g_strdup_printf("/vmx-vec/%s", rows[i].info->name);
        g_test_add_data_func(path, &rows[i], test_row);
        g_free(path);
    }
    return g_test_run();
}
