/*
 * Unit tests of target-ppc/helper-fp.c called directly on a vCPU:
 *   - the reciprocal and reciprocal-square-root estimates (fre, fres,
 *     frsqrte, frsqrtes): every result within the ISA's bound, relative
 *     error below 2^-14 (Power ISA 3.0B Book I 4.6.7, "one part in
 *     16384"), against the host's exact quotient and square root in
 *     binary128 (__float128, 113 bits), over random operands of every
 *     binade, denormals included, in all four rounding modes;
 *   - results with OE=1 / UE=1 (Book I 4.4.4, 4.4.5): the exponent
 *     adjusted by -1536 / +1536 (double) or -192 / +192 (single), rounded
 *     in FPSCR[RN] and with FR, FI, XX, OX, UX and FPRF set from that
 *     rounding; expected values from binary128 arithmetic, exact for the
 *     products and close sums used (the one rounding is the host's
 *     binary128 -> double or float conversion in the same mode).
 */
#include <fenv.h>
#include <float.h>
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

static CPUPPCState *new_cpu(void)
{
    if (!ram) {
        ram = g_malloc0(RAM_SIZE);
    }
    return ppc_cpu_new(PPC_MODEL_POWER9, ram, RAM_SIZE);
}


/* FRT <- op(FRA=1, FRB=2, FRC=3) with the given FPSCR; returns FRT */
static uint64_t run(CPUPPCState *env, unsigned desc, uint64_t fpscr,
                    uint64_t a, uint64_t b, uint64_t c)
{
    ArithFn fn = (ArithFn)helper_info_fp_arith.func;

    env->vsr[1][0] = a;
    env->vsr[2][0] = b;
    env->vsr[3][0] = c;
    env->vsr[4][0] = 0x5a5a5a5a5a5a5a5aull;
    env->fpscr = fpscr;
    fn(env, desc, 4, 1, 2, 3);
    return env->vsr[4][0];
}

static uint64_t rng_state = 0x243f6a8885a308d3ull;

static uint64_t rng(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* a random finite nonzero positive double: any binade, denormals too */
static uint64_t random_positive(bool single_range)
{
    uint64_t x = rng() & ~(1ull << 63);

    if (single_range) {
        /* exponents of single's normal range, low fraction bits 0 */
        uint64_t e = 1023 - 126 + rng() % 254;
        return e << 52 | (x & 0x000fffffe0000000ull);
    }
    switch (rng() % 4) {
    case 0: /* denormal */
        x &= 0x000fffffffffffffull;
        return x ? x : 1;
    case 1: /* near 1 */
        return (0x3ffull << 52) | (x & 0x000fffffffffffffull);
    default:
        if ((x >> 52) == 0x7ff) {
            x ^= 1ull << 62;
        }
        return x ? x : 1;
    }
}

static void check_estimate(bool rsqrt, bool single)
{
    CPUPPCState *env = new_cpu();
    unsigned desc = (rsqrt ? FPA_RSQRTE : FPA_RE) | (single ? FPD_SINGLE : 0);
    unsigned bad = 0, checked = 0, checked_limits = 0;

    for (int i = 0; i < 20000; i++) {
        uint64_t b = random_positive(single), r;
        int rn = i & 3;
        bool neg = !rsqrt && (rng() & 1);
        __float128 x = (__float128)u2d(b), got, p, lo, hi;
        const __float128 eps = (__float128)1 / 16384;

        r = run(env, desc, (uint64_t)rn, 0, b | (neg ? 1ull << 63 : 0), 0);
        got = (__float128)u2d(r);
        if (single) {
            /* the value must be a single */
            float f = (float)u2d(r);
            if ((double)f != u2d(r)) {
                bad++;
                continue;
            }
        }
        /* results that are not finite normal numbers of the target format
           are outside the bound's scope (overflow, underflow) */
        if (env->fpscr & (FPSCR_OX | FPSCR_UX)) {
            /* only where 1/x is near or beyond the format's limits; 1/sqrt
               of a double stays in double's range */
            double lim = single ? 0x1p126 : 0x1p1022;
            bool ok = !rsqrt || single;

            ok = ok && ((env->fpscr & FPSCR_OX) ? u2d(b) < 2 / lim
                                                : u2d(b) > lim / 2);
            bad += !ok;
            checked_limits++;
            continue;
        }
        if (fabs(u2d(r)) < (single ? FLT_MIN : DBL_MIN)) {
            /* a denormal result (no UX: exact) has less precision */
            continue;
        }
        checked++;
        /* relative error e of got against 1/x: got x = 1 + e; against
           1/sqrt(x): got^2 x = (1 + e)^2 (both exact in binary128 up to
           2^-112) */
        if (rsqrt) {
            p = got * got * x;
            lo = (1 - eps) * (1 - eps);
            hi = (1 + eps) * (1 + eps);
        } else {
            p = (neg ? -got : got) * x;
            lo = 1 - eps;
            hi = 1 + eps;
        }
        if (!(p > lo && p < hi) || (env->fpscr & ~3ull & ~FPSCR_FPRF)) {
            if (bad < 5) {
                g_test_message("%s%s(%016llx) = %016llx fpscr %llx",
                               rsqrt ? "frsqrte" : "fre", single ? "s" : "",
                               (unsigned long long)b, (unsigned long long)r,
                               (unsigned long long)env->fpscr);
            }
            bad++;
        }
        /* FPRF: a normal number of the result's sign */
        if (((env->fpscr >> 12) & 0x1f) != (neg ? 0x08u : 0x04u)) {
            bad++;
        }
    }
    g_test_message("%u within the bound, %u overflow/underflow", checked,
                   checked_limits);
    g_assert_cmpuint(bad, ==, 0);
    g_assert_cmpuint(checked, >, 10000);
    ppc_cpu_free(env);
}

static void test_fre(void) { check_estimate(false, false); }
static void test_fres(void) { check_estimate(false, true); }
static void test_frsqrte(void) { check_estimate(true, false); }
static void test_frsqrtes(void) { check_estimate(true, true); }

/* ------------------------------------------- exponent-adjusted results */

static const int host_modes[4] = {
    FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD,
};

/* a double with a random significand and exponent e (normal) */
static double with_exp(int e, bool single_bits)
{
    uint64_t frac = rng() & 0x000fffffffffffffull;

    if (single_bits) {
        frac &= 0x000fffffe0000000ull;
    }
    return ldexp(u2d(0x3ff0000000000000ull | frac), e) *
           ((rng() & 1) ? -1 : 1);
}

static __float128 pow2q(int e)
{
    __float128 r = 1;
    __float128 step = e < 0 ? (__float128)0.5 : 2;

    for (int i = 0; i < (e < 0 ? -e : e); i++) {
        r *= step;
    }
    return r;
}

enum { K_MUL, K_DIV, K_ADD, K_FMA, K_RSP };

static unsigned adjusted_checked;

/*
 * One adjusted-result case: the exact value x (binary128, exact for the
 * kinds used) overflows (ovf) or is tiny; the expected FRT is x x 2^-+bias
 * rounded by the host in mode rn, FPSCR from that rounding.
 */
static unsigned check_adjusted(CPUPPCState *env, int kind, bool single,
                               bool ovf, double a, double b, double c, int rn)
{
    static const unsigned descs[] = {
        [K_MUL] = FPA_MUL, [K_DIV] = FPA_DIV, [K_ADD] = FPA_ADD,
        [K_FMA] = FPA_MADD,
    };
    int bias = single ? 192 : 1536;
    __float128 x, y, back;
    uint64_t want, got, want_fpscr, enable = ovf ? FPSCR_OE : FPSCR_UE;
    double w;
    bool inexact;

    switch (kind) {
    case K_MUL:
        x = (__float128)a * c;
        break;
    case K_DIV:
        x = (__float128)a / b;
        break;
    case K_ADD:
        x = (__float128)a + b;
        break;
    case K_FMA:
        x = (__float128)a * c + b;
        break;
    default:
        x = (__float128)b;
        break;
    }
    if (x == 0) {
        return 0;
    }
    y = x * pow2q(ovf ? -bias : bias);
    fesetround(host_modes[rn]);
    w = single ? (double)(float)y : (double)y;
    fesetround(FE_TONEAREST);
    back = (__float128)w;
    /* was it really an overflow / tiny case? */
    {
        __float128 m = back < 0 ? -back : back, xm = x < 0 ? -x : x;
        __float128 lim = single ? (__float128)FLT_MIN : (__float128)DBL_MIN;

        if (ovf && m < pow2q(single ? 128 - 192 : 1024 - 1536)) {
            return 0;
        }
        if (!ovf && xm >= lim) {
            return 0;
        }
    }
    adjusted_checked++;
    inexact = back != y;
    want = d2u(w);
    want_fpscr = FPSCR_FX | FPSCR_FEX | (ovf ? FPSCR_OX : FPSCR_UX) |
                 (inexact ? FPSCR_XX | FPSCR_FI : 0) |
                 ((back < 0 ? -back : back) > (y < 0 ? -y : y) ? FPSCR_FR : 0) |
                 (uint64_t)(w < 0 ? 0x08 : 0x04) << FPSCR_FPRF_SHIFT |
                 enable | (uint64_t)rn;
    if (kind == K_RSP) {
        typedef void (*CvtFn)(CPUPPCState *, uint64_t, uint64_t, uint64_t);
        CvtFn fn = (CvtFn)helper_info_fp_cvt.func;

        env->vsr[2][0] = d2u(b);
        env->fpscr = enable | (uint64_t)rn;
        fn(env, FPC_RSP, 4, 2);
        got = env->vsr[4][0];
    } else {
        got = run(env, descs[kind] | (single ? FPD_SINGLE : 0),
                  enable | (uint64_t)rn, d2u(a), d2u(b), d2u(c));
    }
    if (got != want || env->fpscr != want_fpscr) {
        g_test_message("kind %d single %d ovf %d rn %d: a=%a b=%a c=%a: "
                       "got %016llx fpscr %08llx, want %016llx %08llx",
                       kind, single, ovf, rn, a, b, c,
                       (unsigned long long)got,
                       (unsigned long long)env->fpscr,
                       (unsigned long long)want,
                       (unsigned long long)want_fpscr);
        return 1;
    }
    return 0;
}

static void test_adjusted(void)
{
    CPUPPCState *env = new_cpu();
    unsigned bad = 0, i;

    for (i = 0; i < 4000; i++) {
        int rn = i & 3, ea, eb;
        bool s = (i >> 2) & 1;
        int emax = s ? 127 : 1023, emin = s ? -126 : -1022;

        /* products: overflow and tiny */
        ea = emax / 2 + (int)(rng() % (unsigned)(emax / 2 + 1));
        eb = emax - ea + (int)(rng() % 4);
        bad += check_adjusted(env, K_MUL, s, true, with_exp(ea, s), 0,
                              with_exp(eb, s), rn);
        ea = emin / 2 - (int)(rng() % (unsigned)(-emin / 2));
        eb = emin - ea - (int)(rng() % 40);
        if (eb >= emin) {
            bad += check_adjusted(env, K_MUL, s, false, with_exp(ea, s), 0,
                                  with_exp(eb, s), rn);
        }
        /* quotients */
        ea = emax - (int)(rng() % 8);
        eb = -(int)(rng() % 8);
        bad += check_adjusted(env, K_DIV, s, true, with_exp(ea, s),
                              with_exp(eb, s), 0, rn);
        ea = emin + (int)(rng() % 8);
        eb = (int)(rng() % 30);
        bad += check_adjusted(env, K_DIV, s, false, with_exp(ea, s),
                              with_exp(eb, s), 0, rn);
        /* sums near the top, fused multiply-add near the top */
        {
            double a = fabs(with_exp(emax, s)), b = fabs(with_exp(emax - (int)(rng() % 50), s));

            bad += check_adjusted(env, K_ADD, s, true, a, b, 0, rn);
            bad += check_adjusted(env, K_FMA, s, true,
                                  fabs(with_exp(emax / 2, s)), b,
                                  fabs(with_exp(emax - emax / 2, s)), rn);
        }
        /* frsp of doubles out of single's range */
        if (s) {
            bad += check_adjusted(env, K_RSP, true, true, 0,
                                  with_exp(128 + (int)(rng() % 60), false), 0,
                                  rn);
            bad += check_adjusted(env, K_RSP, true, false, 0,
                                  with_exp(-127 - (int)(rng() % 60), false),
                                  0, rn);
        }
    }
    g_test_message("%u adjusted results checked", adjusted_checked);
    g_assert_cmpuint(bad, ==, 0);
    g_assert_cmpuint(adjusted_checked, >, 10000);
    ppc_cpu_free(env);
}

/* OE=0 and UE=0 keep the default results: +inf and a denormal */
static void test_default_results(void)
{
    CPUPPCState *env = new_cpu();
    uint64_t r;

    r = run(env, FPA_MUL, 0, d2u(0x1p1000), 0, d2u(0x1p100));
    g_assert_cmphex(r, ==, 0x7ff0000000000000ull);
    g_assert_cmphex(env->fpscr, ==, FPSCR_FX | FPSCR_OX | FPSCR_XX |
                    FPSCR_FI | FPSCR_FR | 0x05ull << FPSCR_FPRF_SHIFT);
    r = run(env, FPA_MUL, 0, d2u(0x1p-1000), 0, d2u(0x1p-60));
    g_assert_cmphex(r, ==, d2u(0x1p-1060));
    /* exact denormal: UX only when UE=1 (4.4.5) */
    g_assert_cmphex(env->fpscr, ==, 0x14ull << FPSCR_FPRF_SHIFT);
    r = run(env, FPA_MUL, FPSCR_UE, d2u(0x1p-1000), 0, d2u(0x1p-60));
    g_assert_cmphex(r, ==, d2u(0x1p476));
    g_assert_cmphex(env->fpscr, ==, FPSCR_FX | FPSCR_FEX | FPSCR_UX |
                    FPSCR_UE | 0x04ull << FPSCR_FPRF_SHIFT);
    /* the fre estimate of a denormal overflows: adjusted with OE=1 */
    r = run(env, FPA_RE, FPSCR_OE, 0, 1, 0);
    g_assert_cmphex(env->fpscr & FPSCR_OX, ==, FPSCR_OX);
    /* 1 / 2^-1074 = 2^1074, adjusted: 2^-462 */
    g_assert_true(fabs(u2d(r) * 0x1p462 - 1) < 1.0 / 16384);
    ppc_cpu_free(env);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ppc-fp/estimate/fre", test_fre);
    g_test_add_func("/ppc-fp/estimate/fres", test_fres);
    g_test_add_func("/ppc-fp/estimate/frsqrte", test_frsqrte);
    g_test_add_func("/ppc-fp/estimate/frsqrtes", test_frsqrtes);
    g_test_add_func("/ppc-fp/adjusted", test_adjusted);
    g_test_add_func("/ppc-fp/default-results", test_default_results);
    return g_test_run();
}
