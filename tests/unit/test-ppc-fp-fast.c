/*
 * Unit tests of the scalar fast path (target-ppc/helper-fp-fast.c) through
 * helper-fp.c's fp_arith entry, on random operands weighted toward its
 * edges: results near the bounds 2^-900 / 2^1000, exact and inexact
 * results, ties, products cancelled by the addend (where only the fused
 * result's low part is left), for the double and single add, subtract,
 * multiply, divide, square root and the four fused multiply-adds.
 *
 * Two oracles:
 *   - the host's IEEE arithmetic (x86-64 SSE, the C library's correctly
 *     rounded fma/fmaf/sqrt) in round to nearest and toward zero, through
 *     <fenv.h>: FI = the host's inexact flag, FR = the nearest result's
 *     magnitude exceeds the toward-zero one, XX = FI, FPRF the class
 *     (Power ISA 3.0B Book I 4.3.6, 4.2.2); single operations on single
 *     operands, whose double result converted to float is the correctly
 *     rounded single one (53 >= 2 * 24 + 2), and fmaf for the fused ones.
 *     Only for results the host computed with no exception but inexact
 *     and that are normal;
 *   - every case once more with FPSCR[XE] = 1 (MSR[FE0 FE1] = 0, so no
 *     interrupt), which makes helper-fp.c take its exact path through
 *     MXCSR: the result and FPSCR must be the same but for XE and FEX.
 *     This one covers single operations on any double operands too.
 */
#include <fenv.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib.h>

#include "target-ppc/fp-bits.h"
#include "target-ppc/internal.h"
#include "target-ppc/trans-vec.h"

#define RAM_SIZE (1u << 20)

typedef void (*ArithFn)(CPUPPCState *env, uint64_t desc, uint64_t t,
                        uint64_t a, uint64_t b, uint64_t c);

static uint8_t *ram;
static GRand *rng;

static uint64_t next(void)
{
    return (uint64_t)g_rand_int(rng) << 32 | g_rand_int(rng);
}


/* a random double: exponent mostly moderate, sometimes near the fast
   path's bounds or the format's ends; fraction sometimes short (exact
   results) */
static double rnd_double(void)
{
    uint64_t x = next(), r = next() % 16;
    int e;
    uint64_t frac = x & 0x000fffffffffffffull;

    if (r < 9) {
        e = (int)(next() % 120) - 60;
    } else if (r < 11) {
        e = (int)(next() % 40) - 470 + (r & 1) * 940; /* products at bounds */
    } else if (r < 13) {
        e = (int)(next() % 60) + (r & 1 ? 960 : -1020);
    } else {
        e = (int)(next() % 20) - 10;
        frac &= 0xfff0000000000ull; /* few bits */
    }
    return u2d((x & (1ull << 63)) | (uint64_t)(e + 1023) << 52 | frac);
}

enum { NOPS = 9 }; /* add sub mul div sqrt madd msub nmadd nmsub */
static const int ops[NOPS] = {FPA_ADD,  FPA_SUB,  FPA_MUL,   FPA_DIV,
                              FPA_SQRT, FPA_MADD, FPA_MSUB,  FPA_NMADD,
                              FPA_NMSUB};

/* the host's op in the current rounding mode; single: on floats */
static double host(int op, bool single, double a, double b, double c)
{
    volatile double va = a, vb = b, vc = c, r;

    if (single && op >= FPA_MADD) {
        volatile float fa = (float)va, fb = (float)vb, fc = (float)vc;
        float add = op == FPA_MADD || op == FPA_NMADD ? fb : -fb;
        return fmaf(fa, fc, add);
    }
    switch (op) {
    case FPA_ADD: r = va + vb; break;
    case FPA_SUB: r = va - vb; break;
    case FPA_MUL: r = va * vc; break;
    case FPA_DIV: r = va / vb; break;
    case FPA_SQRT: r = sqrt(vb); break;
    case FPA_MADD: case FPA_NMADD: r = fma(va, vc, vb); break;
    default: r = fma(va, vc, -vb); break;
    }
    if (single) {
        volatile float f = (float)r;
        return f;
    }
    return r;
}

static unsigned checked_host, checked_paths;

static void run(CPUPPCState *env, int op, bool single, uint64_t fpscr,
                uint64_t a, uint64_t b, uint64_t c, uint64_t *res,
                uint64_t *f)
{
    ArithFn fn = (ArithFn)helper_info_fp_arith.func;

    env->fpscr = fpscr;
    env->vsr[1][0] = a;
    env->vsr[2][0] = b;
    env->vsr[3][0] = c;
    env->vsr[4][0] = 0x7ff8deaddeaddeadull;
    fn(env, (unsigned)op | (single ? FPD_SINGLE : 0), 4, 1, 2, 3);
    *res = env->vsr[4][0];
    *f = env->fpscr;
}

static void one(CPUPPCState *env, int op, bool single, double a, double b,
                double c)
{
    uint64_t res, f, res2, f2;
    double rn, rz;
    int fl;
    /* single operations on double operands: only against the exact path
       (the ISA leaves such inputs undefined; the exact path rounds once) */
    bool any_operands = single && next() % 4 == 0;

    if (single && !any_operands) {
        a = (float)a;
        b = (float)b;
        c = (float)c;
    }
    run(env, op, single, 0, d2u(a), d2u(b), d2u(c), &res, &f);

    /* the exact path (XE=1): the same but for XE and FEX */
    run(env, op, single, FPSCR_XE, d2u(a), d2u(b), d2u(c), &res2, &f2);
    checked_paths++;
    if (res != res2 || f != (f2 & ~(FPSCR_XE | FPSCR_FEX))) {
        g_test_message("op %d single %d a=%a b=%a c=%a: fast %016" PRIx64
                       " fpscr %08" PRIx64 ", exact %016" PRIx64
                       " fpscr %08" PRIx64, op, single, a, b, c, res, f,
                       res2, f2);
        g_test_fail();
    }

    /* the host's arithmetic */
    if (any_operands) {
        return;
    }
    feclearexcept(FE_ALL_EXCEPT);
    rn = host(op, single, a, b, c);
    fl = fetestexcept(FE_ALL_EXCEPT);
    fesetround(FE_TOWARDZERO);
    rz = host(op, single, a, b, c);
    fesetround(FE_TONEAREST);
    if ((fl & ~FE_INEXACT) ||
        !(fabs(rn) >= (single ? FLT_MIN : DBL_MIN) && isfinite(rn))) {
        return;
    }
    {
        uint64_t want_f = 0, want = d2u(op == FPA_NMADD || op == FPA_NMSUB
                                        ? -rn : rn);

        if (fl & FE_INEXACT) {
            want_f |= FPSCR_FX | FPSCR_XX | FPSCR_FI;
            if (fabs(rn) > fabs(rz)) {
                want_f |= FPSCR_FR;
            }
        }
        want_f |= (uint64_t)(want >> 63 ? 0x08 : 0x04) << FPSCR_FPRF_SHIFT;
        checked_host++;
        if (res != want || f != want_f) {
            g_test_message("op %d single %d a=%a b=%a c=%a: got %016" PRIx64
                           " fpscr %08" PRIx64 ", host %016" PRIx64
                           " fpscr %08" PRIx64, op, single, a, b, c, res, f,
                           want, want_f);
            g_test_fail();
        }
    }
}

static void test_random(void)
{
    CPUPPCState *env;

    if (!ram) {
        ram = g_malloc0(RAM_SIZE);
    }
    rng = g_rand_new_with_seed(0x243f6a88);
    env = ppc_cpu_new(PPC_MODEL_POWER9, ram, RAM_SIZE);
    for (int i = 0; i < 60000; i++) {
        int op = ops[i % NOPS];
        bool single = (i / NOPS) & 1;
        double a = rnd_double(), b = rnd_double(), c = rnd_double();

        if (op == FPA_SQRT) {
            b = fabs(b);
        }
        if (op >= FPA_MADD && next() % 2) {
            /* the addend cancels the product: -(a * c) rounded, moved by
               a few units in its last place or scaled */
            double p = -(a * c) * (op == FPA_MSUB || op == FPA_NMSUB ? -1
                                                                      : 1);
            uint64_t pu = d2u(p) + (int64_t)(next() % 9) - 4;

            b = u2d(pu);
            if (single) {
                b = (float)b;
            }
        }
        one(env, op, single, a, b, c);
    }
    /* ties and exact halfway cases of the single rounding: 1 + k 2^-24 */
    for (int k = 0; k < 64; k++) {
        double x = 1.0 + k * 0x1p-24, y = 0x1p-30 * (k - 32);

        for (int o = 0; o < NOPS; o++) {
            one(env, ops[o], true, x, y, 1.0 + 0x1p-23);
            one(env, ops[o], false, x, y * 0x1p-29, 1.0 + 0x1p-52);
        }
    }
    g_assert_cmpuint(checked_host, >, 40000);
    g_test_message("%u cases against the host, %u fast vs exact",
                   checked_host, checked_paths);
    ppc_cpu_free(env);
    g_rand_free(rng);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ppc-fp-fast/random", test_random);
    return g_test_run();
}
