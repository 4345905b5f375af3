/*
 * target-ppc/helper-fp-fast.c: the common case of the scalar binary
 * floating-point arithmetic (fadd... fsqrt, fmadd... fnmsub and their
 * single forms fadds..., xsadddp..., xsaddsp..., xsmadd[am][sd]p...,
 * Power ISA 3.0B Book I 4.6.6-4.6.7 and 7.6.1) computed by the host in
 * its own mode, without touching MXCSR, and its FPSCR exactly.
 *
 * Taken only with no exception enabled and RN = round to nearest (the
 * host's own mode).  The host computes r, the result rounded to double,
 * and the sign of the exact error (exact - r) and whether it is 0, with
 * error-free transformations (exact when nothing underflows or
 * overflows, which the bounds below ensure):
 *   add/sub  Knuth's TwoSum: a + b - r is a double;
 *   mul      a * c - r = fma(a, c, -r);
 *   div/sqrt the remainders a - r * b and b - r * r, one fma each (the
 *            sign of (a / b - r) is that of the remainder over b);
 *   fused    Boldo and Muller's ErrFma ("Exact and approximated error of
 *            the FMA", IEEE Trans. Computers 60(2), 2011): with u1 + u2 =
 *            a * c (TwoProduct), alpha1 + alpha2 = b + u2 and beta1 +
 *            beta2 = u1 + alpha1 (TwoSum), gamma = (beta1 - r) + beta2
 *            is exact and a * c + b - r = gamma + alpha2 exactly; the
 *            sign of that sum is the sign of its rounding.
 * When r is a normal number comfortably inside the range (2^-900 <
 * |r| < 2^1000; for divide and square root the dividend/radicand too;
 * for the fused forms the product and the addend below 2^1000 and the
 * product above 2^-900), the operation raised no invalid, zero-divide,
 * overflow or underflow exception (those give a NaN, an infinity or a
 * tiny result), every intermediate is a multiple of 2^-1005 (so that
 * the transformations see no underflow) and none overflows.
 *
 * Double results: FI = the error is nonzero, FR = the magnitude was
 * incremented (the exact value lies between 0 and r), XX |= FI (4.3.6).
 * Single results (rounded once to single, 4.3.5): r with its last bit
 * made odd toward the exact value when inexact ("round to odd") holds
 * the exact value's rounding information in 53 >= 24 + 2 bits, so its
 * rounding to single is the correctly rounded single result, for the
 * fused forms too; the single s is kept when it is a normal single
 * (FLT_MIN < |s| < inf), and then FI = s != r_odd, FR = |s| > |r_odd|
 * (r_odd is exact or odd, never a single value when inexact, and lies
 * on the same side of s as the exact value).  FPRF is +/- normal.
 *
 * The fused forms need a host FMA: with it (CPUID, tested once at
 * start-up through libgcc's CPU model) the whole path is compiled for
 * it, fma() becoming vfmadd; without it they take the exact path of
 * helper-fp.c, and the other operations use the C library's fma() for
 * their residuals.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "internal.h"
#include "trans-vec.h"
#include "vsx-fp.h"
#include "fp-bits.h"

/* keeps the compiler from contracting a product into a later sum (GCC
   contracts by default, -ffp-contract=fast, where it may use an FMA) */
#if defined(__x86_64__)
#define FP_OPAQUE(x) __asm__("" : "+x"(x))
#else
#define FP_OPAQUE(x) __asm__("" : "+m"(x))
#endif


/* x + y = s + e exactly (Knuth's TwoSum; any magnitudes, no overflow) */
static inline __attribute__((always_inline)) double two_sum(double x, double y,
                                                            double *e)
{
    double s = x + y, yv = s - x, xv = s - yv;

    *e = (x - xv) + (y - yv);
    return s;
}

/*
 * r = a * c + b rounded to nearest and the sign of the exact a * c + b -
 * r (-1, 0, 1) in *dir; false when the operands are outside the bounds
 * of the head comment.
 */
static inline __attribute__((always_inline)) bool
fma_with_error(double a, double c, double b, double *r, int *dir)
{
    const double lo = 0x1p-900, hi = 0x1p1000;
    double r1, u1, u2, al1, al2, be1, be2, g, r2;

    u1 = a * c;
    FP_OPAQUE(u1);
    r1 = __builtin_fma(a, c, b);
    if (!(fabs(u1) > lo && fabs(u1) < hi && fabs(b) < hi &&
          fabs(r1) > lo && fabs(r1) < hi)) {
        return false;
    }
    u2 = __builtin_fma(a, c, -u1);
    al1 = two_sum(b, u2, &al2);
    be1 = two_sum(u1, al1, &be2);
    g = (be1 - r1) + be2;
    r2 = g + al2;
    *r = r1;
    *dir = (r2 > 0) - (r2 < 0);
    return true;
}

/*
 * r = op(a, b, c) rounded to nearest (the fused forms: a * c +- b, not
 * negated) and the sign of its error; false outside the bounds.
 */
static inline __attribute__((always_inline)) bool
arith_with_error(int op, double A, double B, double C, bool fused_ok,
                 double *out, int *dir)
{
    const double lo = 0x1p-900;
    double r, e;

    switch (op) {
    case FPA_SUB:
        B = -B;
        /* fall through */
    case FPA_ADD:
        r = two_sum(A, B, &e);
        if (!(fabs(r) > DBL_MIN && fabs(r) < INFINITY)) {
            return false;
        }
        break;
    case FPA_MUL:
        r = A * C;
        FP_OPAQUE(r);
        if (!(fabs(r) > lo && fabs(r) < INFINITY)) {
            return false;
        }
        e = __builtin_fma(A, C, -r);
        break;
    case FPA_DIV:
        r = A / B;
        if (!(fabs(r) > lo && fabs(r) < INFINITY && fabs(A) > lo)) {
            return false;
        }
        e = __builtin_fma(-r, B, A); /* the sign of (a / b - r) x b */
        if (signbit(B)) {
            e = -e;
        }
        break;
    case FPA_SQRT:
        if (!(B > lo && B < INFINITY)) {
            return false;
        }
        r = sqrt(B);
        e = __builtin_fma(-r, r, B);
        break;
    case FPA_MADD:
    case FPA_NMADD:
        return fused_ok && fma_with_error(A, C, B, out, dir);
    case FPA_MSUB:
    case FPA_NMSUB:
        return fused_ok && fma_with_error(A, C, -B, out, dir);
    default:
        return false;
    }
    *out = r;
    *dir = (e > 0) - (e < 0);
    return true;
}

static inline __attribute__((always_inline)) bool
fast_body(CPUPPCState *env, int op, bool single, uint64_t a, uint64_t b,
          uint64_t c, uint64_t t, bool vsx, bool fused_ok)
{
    uint64_t f = env->fpscr, res;
    double r;
    int dir;
    bool fi, up;

    if (f & (FPSCR_ENABLES | FPSCR_RN)) {
        return false;
    }
    if (!arith_with_error(op, u2d(a), u2d(b), u2d(c), fused_ok, &r, &dir)) {
        return false;
    }
    if (!single) {
        fi = dir != 0;
        /* rounded up in magnitude: the exact value is nearer to zero */
        up = fi && (dir < 0) != (signbit(r) != 0);
    } else {
        uint64_t odd = d2u(r);
        float s;

        if (dir != 0 && !(odd & 1)) {
            odd += (dir > 0) != (signbit(r) != 0) ? 1 : (uint64_t)-1;
        }
        r = u2d(odd);
        s = (float)r;
        if (!(fabsf(s) > FLT_MIN && fabsf(s) < INFINITY)) {
            return false;
        }
        fi = (double)s != r;
        up = fabsf(s) > fabs(r);
        r = s;
    }
    res = d2u(r);
    if (op == FPA_NMADD || op == FPA_NMSUB) {
        res ^= F64_SIGN;
    }
    f &= ~(FPSCR_FR | FPSCR_FI | FPSCR_FPRF);
    f |= (uint64_t)(f64_neg(res) ? FPRF_NNORM : FPRF_PNORM)
         << FPSCR_FPRF_SHIFT;
    if (fi) {
        f |= FPSCR_FI | (up ? FPSCR_FR : 0);
        if (!(f & FPSCR_XX)) {
            f |= FPSCR_XX | FPSCR_FX;
        }
    }
    env->vsr[t & 63][0] = res;
    if (vsx) {
        env->vsr[t & 63][1] = 0;
    }
    env->fpscr = f;
    return true;
}

#if defined(__x86_64__)
__attribute__((target("fma"))) static bool
fast_with_fma(CPUPPCState *env, int op, bool single, uint64_t a, uint64_t b,
              uint64_t c, uint64_t t, bool vsx)
{
    return fast_body(env, op, single, a, b, c, t, vsx, true);
}

static bool fast_without_fma(CPUPPCState *env, int op, bool single,
                             uint64_t a, uint64_t b, uint64_t c, uint64_t t,
                             bool vsx)
{
    return fast_body(env, op, single, a, b, c, t, vsx, false);
}

bool fp_arith_fast(CPUPPCState *env, int op, bool single, uint64_t a,
                   uint64_t b, uint64_t c, uint64_t t, bool vsx)
{
    if (__builtin_cpu_supports("fma")) {
        return fast_with_fma(env, op, single, a, b, c, t, vsx);
    }
    return fast_without_fma(env, op, single, a, b, c, t, vsx);
}
#else
/* other hosts: fma() is the C library's, exact wherever it comes from */
bool fp_arith_fast(CPUPPCState *env, int op, bool single, uint64_t a,
                   uint64_t b, uint64_t c, uint64_t t, bool vsx)
{
    return fast_body(env, op, single, a, b, c, t, vsx, true);
}
#endif
