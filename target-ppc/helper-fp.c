/*
 * target-ppc/helper-fp.c: binary floating-point arithmetic with the FPSCR
 * of Power ISA 3.0B Book I chapter 4 (and the VSX scalar double and single
 * operations of chapter 7, which share its rules).
 *
 * The host FPU does the IEEE arithmetic; this file supplies what the ISA
 * adds around it:
 *   - the rounding mode: FPSCR[RN] is installed in the host FPU around
 *     each operation and the host's state restored after it (on x86-64
 *     directly in MXCSR, since all float and double arithmetic is SSE
 *     there; through <fenv.h> elsewhere, which is several times slower);
 *   - NaNs: the host's choice of NaN and its default NaN differ from the
 *     ISA's, so NaN operands and invalid operations are resolved here
 *     before the host sees the operands: the first NaN in the ISA's order
 *     (FRA, FRB, FRC), quieted, or the default QNaN 0x7ff8000000000000;
 *   - the status bits: VX* from the operands' classes, OX/ZX/XX from the
 *     host's exception flags, FR (the fraction was incremented) by
 *     comparing the result with the same operation rounded toward zero,
 *     and UX with tininess detected before rounding, as the ISA does (the
 *     host detects it after rounding: the two differ only when the result
 *     rounds up to the smallest normal, which the toward-zero result
 *     tells);
 *   - single precision: the exact result is first rounded toward zero to
 *     double with the inexact bit ORed into the last place ("round to
 *     odd"), then to single in FPSCR[RN]; 53 >= 24 + 2 bits make that one
 *     correct rounding, also for the fused multiply-add;
 *   - FPRF, FX, FEX, VX, and the floating-point enabled exception program
 *     interrupt when MSR[FE0 FE1] != 0 and an enabled exception occurred.
 *
 * Enabled-exception results follow Book I 4.4: with VE=1 an invalid
 * operation, and with ZE=1 a zero divide, leave the target and FPRF
 * unchanged; with OE=1 an overflowing and with UE=1 a tiny result is
 * delivered with its exponent adjusted by -1536 / +1536 (-192 / +192 for
 * single), rounded once: the operands are scaled exactly so that the host
 * computes the adjusted result directly (fp_round_scaled), which costs
 * nothing on the common path.  The estimates (fre, frsqrte...) come from
 * a table-based estimate documented at estimate().  FPSCR[NI] is ignored:
 * its effect is implementation-defined (4.2.2) and with NI=1 results stay
 * the IEEE ones, which the ISA allows.
 *
 * The common case (no enable, RN = nearest, an ordinary result) never
 * gets here: helper_fp_arith first tries helper-fp-fast.c, which gives
 * the same result and FPSCR without touching the host's FP state.
 */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "internal.h"
#include "trans-vec.h"
#include "vsx-fp.h"
#include "fp-bits.h"

/* keeps the compiler from moving FP arithmetic across the fenv calls */
#if defined(__x86_64__)
#define FP_FORCE(x) __asm__ volatile("" : "+x"(x))
#else
#define FP_FORCE(x) __asm__ volatile("" : "+m"(x))
#endif


/* ------------------------------------------------------- the host FPU */

/* FPSCR[RN] values: nearest, toward zero, toward +inf, toward -inf */
enum { RN_NEAREST, RN_ZERO, RN_UP, RN_DOWN };

/* host exception flags, as hostfp_flags() reports them */
enum {
    HF_INVALID = 1, HF_DIVZERO = 2, HF_OVERFLOW = 4, HF_UNDERFLOW = 8,
    HF_INEXACT = 16,
};

/*
 * hostfp_save() returns the host FPU state to restore at the end;
 * hostfp_start(saved, rn) installs rounding mode rn with no exception
 * flags raised; hostfp_flags() reports the flags raised since.
 */
#if defined(__x86_64__)
#define MXCSR_FLAGS 0x3fu           /* IE DE ZE OE UE PE */
#define MXCSR_RC (3u << 13)
/* MXCSR[RC] for each FPSCR[RN]: 00 nearest, 11 zero, 10 up, 01 down */
static const unsigned mxcsr_rc[4] = {0u << 13, 3u << 13, 2u << 13, 1u << 13};

typedef unsigned HostFPState;

static HostFPState hostfp_save(void)
{
    return __builtin_ia32_stmxcsr();
}

static void hostfp_start(HostFPState saved, int rn)
{
    __builtin_ia32_ldmxcsr((saved & ~(MXCSR_FLAGS | MXCSR_RC)) |
                           mxcsr_rc[rn & 3]);
}

static int hostfp_flags(void)
{
    unsigned m = __builtin_ia32_stmxcsr();

    return ((m & 0x01) ? HF_INVALID : 0) | ((m & 0x04) ? HF_DIVZERO : 0) |
           ((m & 0x08) ? HF_OVERFLOW : 0) | ((m & 0x10) ? HF_UNDERFLOW : 0) |
           ((m & 0x20) ? HF_INEXACT : 0);
}

static void hostfp_restore(HostFPState saved)
{
    __builtin_ia32_ldmxcsr(saved);
}
#else
static const int host_round[4] = {
    FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD,
};

typedef int HostFPState;

static HostFPState hostfp_save(void)
{
    return fegetround();
}

static void hostfp_start(HostFPState saved, int rn)
{
    (void)saved;
    fesetround(host_round[rn & 3]);
    feclearexcept(FE_ALL_EXCEPT);
}

static int hostfp_flags(void)
{
    int e = fetestexcept(FE_ALL_EXCEPT);

    return ((e & FE_INVALID) ? HF_INVALID : 0) |
           ((e & FE_DIVBYZERO) ? HF_DIVZERO : 0) |
           ((e & FE_OVERFLOW) ? HF_OVERFLOW : 0) |
           ((e & FE_UNDERFLOW) ? HF_UNDERFLOW : 0) |
           ((e & FE_INEXACT) ? HF_INEXACT : 0);
}

static void hostfp_restore(HostFPState saved)
{
    fesetround(saved);
    feclearexcept(FE_ALL_EXCEPT);
}
#endif



/* a NaN in the FPR, as single-precision arithmetic delivers it: quieted,
   the fraction cut to single's 23 bits */
static uint64_t nan_result(uint64_t x, bool single)
{
    x |= F64_QUIET;
    return single ? x & ~0x1fffffffull : x;
}

/* ----------------------------------------------------------- FPSCR */

/* the class of a double-format result; single: of its value as a single
   (a single denormal is a double normal) */
static unsigned fprf_class(uint64_t x, bool single)
{
    bool neg = f64_neg(x);
    double m = fabs(u2d(x));

    if (f64_is_nan(x)) {
        return FPRF_QNAN;
    }
    if (f64_is_inf(x)) {
        return neg ? FPRF_NINF : FPRF_PINF;
    }
    if (f64_is_zero(x)) {
        return neg ? FPRF_NZERO : FPRF_PZERO;
    }
    if (m < (single ? (double)FLT_MIN : DBL_MIN)) {
        return neg ? FPRF_NDENORM : FPRF_PDENORM;
    }
    return neg ? FPRF_NNORM : FPRF_PNORM;
}

/* VX and FEX from the other bits (they cannot be set directly) */
static uint64_t fpscr_summaries(uint64_t f)
{
    f &= ~(FPSCR_VX | FPSCR_FEX);
    if (f & FPSCR_VX_ALL) {
        f |= FPSCR_VX;
    }
    if (((f & FPSCR_VX) && (f & FPSCR_VE)) ||
        ((f & FPSCR_OX) && (f & FPSCR_OE)) ||
        ((f & FPSCR_UX) && (f & FPSCR_UE)) ||
        ((f & FPSCR_ZX) && (f & FPSCR_ZE)) ||
        ((f & FPSCR_XX) && (f & FPSCR_XE))) {
        f |= FPSCR_FEX;
    }
    return f;
}

/* exceptions of exc whose enable bit is set in f */
static bool exc_enabled(uint64_t exc, uint64_t f)
{
    return ((exc & FPSCR_VX_ALL) && (f & FPSCR_VE)) ||
           ((exc & FPSCR_OX) && (f & FPSCR_OE)) ||
           ((exc & FPSCR_UX) && (f & FPSCR_UE)) ||
           ((exc & FPSCR_ZX) && (f & FPSCR_ZE)) ||
           ((exc & FPSCR_XX) && (f & FPSCR_XE));
}

/* MSR[FE0 FE1] != 0: enabled exceptions interrupt (Book I 4.4) */
static bool fe_mode(const CPUPPCState *env)
{
    return env->msr & (MSR_BIT(MSR_FE0) | MSR_BIT(MSR_FE1));
}

/*
 * Commits the status of one instruction: the sticky exception bits exc
 * (with FX if any of them is new), then the summaries; raises the
 * floating-point enabled exception program interrupt (Book III 6.5.9,
 * SRR0 = this instruction, which has completed) when one of exc is
 * enabled and MSR[FE0 FE1] != 0.
 */
static void fpscr_commit(CPUPPCState *env, uint64_t f, uint64_t exc,
                         uintptr_t ra)
{
    if (exc & ~f & FPSCR_EXC_ALL) {
        f |= FPSCR_FX;
    }
    f = fpscr_summaries(f | exc);
    env->fpscr = f;
    if (exc_enabled(exc, f) && fe_mode(env)) {
        ppc_raise_exception(env, EXCP_PROGRAM, SRR1_PROG_FP, ra);
    }
}

/* ----------------------------------------------------- host arithmetic */

typedef struct FPRound {
    uint64_t bits;  /* the rounded result (double format) */
    bool inexact;   /* FI */
    bool rounded_up; /* FR: the magnitude was incremented */
    bool overflow;
    bool tiny;      /* tiny before rounding, nonzero */
    bool divzero;
} FPRound;

static double host_op(int op, double a, double b, double c)
{
    double r;

    FP_FORCE(a);
    FP_FORCE(b);
    FP_FORCE(c);
    switch (op) {
    case FPA_ADD:
        r = a + b;
        break;
    case FPA_SUB:
        r = a - b;
        break;
    case FPA_MUL:
        r = a * c;
        break;
    case FPA_DIV:
        r = a / b;
        break;
    case FPA_SQRT:
        r = sqrt(b);
        break;
    case FPA_RE:
        r = 1.0 / b;
        break;
    case FPA_RSQRTE:
        /* two roundings: close enough for an estimate (the ISA asks for
           a relative error below 2^-14) */
        r = 1.0 / sqrt(b);
        break;
    case FPA_MADD:
    case FPA_NMADD:
        r = fma(a, c, b);
        break;
    default: /* FPA_MSUB, FPA_NMSUB */
        r = fma(a, c, -b);
        break;
    }
    FP_FORCE(r);
    return r;
}

static double host_op_mode(HostFPState saved, int op, double a, double b,
                           double c, int rn, int *flags)
{
    double r;

    hostfp_start(saved, rn);
    r = host_op(op, a, b, c);
    FP_FORCE(r);
    *flags = hostfp_flags();
    return r;
}

static float host_to_single(HostFPState saved, double t, int rn, int *flags)
{
    float r;

    hostfp_start(saved, rn);
    FP_FORCE(t);
    r = (float)t;
    FP_FORCE(r);
    *flags = hostfp_flags();
    return r;
}

/* op on non-NaN operands, rounded to double or single in FPSCR[RN] */
static FPRound fp_round(CPUPPCState *env, int op, bool single, double a,
                        double b, double c)
{
    HostFPState saved = hostfp_save();
    int rn = env->fpscr & FPSCR_RN, fl, flz;
    FPRound r = {0};

    if (!single) {
        double x = host_op_mode(saved, op, a, b, c, rn, &fl), z = x;

        if (fl & HF_INEXACT) {
            z = host_op_mode(saved, op, a, b, c, RN_ZERO, &flz);
        }
        r.bits = d2u(x);
        r.inexact = fl & HF_INEXACT;
        r.rounded_up = fabs(x) > fabs(z);
        r.overflow = fl & HF_OVERFLOW;
        r.divzero = fl & HF_DIVZERO;
        r.tiny = (x != 0 && fabs(x) < DBL_MIN) ||
                 (r.inexact && fabs(z) < DBL_MIN);
    } else {
        /* round to odd at double precision, then once to single */
        double t = host_op_mode(saved, op, a, b, c, RN_ZERO, &flz);
        float x, z;

        if (flz & HF_INEXACT) {
            t = u2d(d2u(t) | 1);
        } else if (t == 0) {
            /* an exact zero takes its sign from the rounding mode */
            t = host_op_mode(saved, op, a, b, c, rn, &flz);
        }
        x = host_to_single(saved, t, rn, &fl);
        z = x;
        fl |= flz & HF_INEXACT;
        if (fl & HF_INEXACT) {
            int ignored;
            z = host_to_single(saved, t, RN_ZERO, &ignored);
        }
        r.bits = d2u((double)x);
        r.inexact = fl & HF_INEXACT;
        r.rounded_up = fabsf(x) > fabsf(z);
        r.overflow = fl & HF_OVERFLOW;
        r.divzero = flz & HF_DIVZERO;
        r.tiny = (x != 0 && fabsf(x) < FLT_MIN) ||
                 (r.inexact && fabsf(z) < FLT_MIN);
    }
    hostfp_restore(saved);
    return r;
}

/* ---------------------------------------------------------- estimates */

/*
 * fre[s], frsqrte[s] (Book I 4.6.7) and xsredp, xsrsqrtedp: the ISA asks
 * for an estimate with a relative error below 2^-14 ("one part in 16384")
 * and leaves its exact bits to the implementation.  POWER9's own tables
 * are not public, so this one is documented here and tested against the
 * bound (tests/isa/fp-est.c, with the host's exact arithmetic):
 *
 *   the significand 1.f (or 2 x 1.f for an odd exponent in frsqrte) is cut
 *   into intervals of 2^-8 (reciprocal) or 2^-7 (reciprocal square root);
 *   at each interval's ends the function takes the table value
 *       R[i] = 2^32 / (256 + i)              (1/x, x = 1 + i/256)
 *       S[j] = isqrt(2^55 / (128 + j))       (1/sqrt(x), x = 1 + j/128)
 *   (integer division and square root, truncated), and the next 12 bits
 *   of the operand interpolate linearly between the two ends, truncated.
 *   The chord's error on an interval of width h is at most h^2/4 (1/x) or
 *   3h^2/32 (1/sqrt(x)) relative, i.e. below 2^-17; with the truncations
 *   the estimate stays within 2^-16 of the exact value.
 *
 * The estimate, a 25-bit number, is then rounded to the target format in
 * FPSCR[RN] like any result (overflow, underflow and the OE/UE exponent
 * adjustment of 4.4.4-4.4.5 apply).  FR, FI and XX, which the ISA leaves
 * undefined for the estimates, are left 0 / unchanged.
 */

/* floor(sqrt(x)) */
static uint64_t isqrt64(uint64_t x)
{
    uint64_t r = 0, bit = 1ull << 62;

    while (bit > x) {
        bit >>= 2;
    }
    while (bit) {
        if (x >= r + bit) {
            x -= r + bit;
            r = (r >> 1) + bit;
        } else {
            r >>= 1;
        }
        bit >>= 2;
    }
    return r;
}

/* the estimate of 1/x or 1/sqrt(x) for finite nonzero positive x (sign
   ignored), as *m x 2^*k with *m < 2^26 */
static void estimate(uint64_t x, bool rsqrt, uint64_t *m, int *k)
{
    int e = (int)((x >> 52) & 0x7ff);
    uint64_t frac = x & F64_FRAC;

    if (e == 0) { /* denormal: normalize */
        int sh = __builtin_clzll(frac) - 11;
        frac = (frac << sh) & F64_FRAC;
        e = 1 - sh;
    }
    e -= 1023; /* x = 1.frac x 2^e */
    if (!rsqrt) {
        uint64_t i = frac >> 44, t = (frac >> 32) & 0xfff;
        uint64_t r0 = (1ull << 32) / (256 + i), r1 = (1ull << 32) / (257 + i);

        /* 1/x = (r / 2^24) x 2^-e */
        *m = r0 - (((r0 - r1) * t) >> 12);
        *k = -24 - e;
    } else {
        /* x = v x 2^(2h), v = 1.frac or 2 x 1.frac, in [1, 4) */
        uint64_t v = (1ull << 52 | frac) << (e & 1); /* v x 2^52 */
        uint64_t j = (v >> 45) - 128, t = (v >> 33) & 0xfff;
        uint64_t s0 = isqrt64((1ull << 55) / (128 + j));
        uint64_t s1 = isqrt64((1ull << 55) / (129 + j));
        int h = (e - (e & 1)) / 2;

        /* S[j] = 2^24 x sqrt(2 / (1 + j/128)) / sqrt(2)... scaled so that
           1/sqrt(v) = S / 2^24 x 2^-0.5 x ... : S[j]^2 = 2^55 / (128 + j)
           = 2^48 / v, so 1/sqrt(v) = S / 2^24 */
        *m = s0 - (((s0 - s1) * t) >> 12);
        *k = -24 - h;
    }
}

/*
 * m x 2^k (m != 0) with sign neg, rounded to double or single in rn as the
 * ISA rounds (4.3.6): tininess before rounding, overflow after it.  With
 * oe (ue) set an overflowing (tiny) result is delivered with its exponent
 * adjusted by -bias (+bias): 1536 for double, 192 for single (4.4.4-5).
 */
static FPRound fp_pack(bool neg, uint64_t m, int k, bool single, int rn,
                       bool oe, bool ue)
{
    int prec = single ? 24 : 53, emin = single ? -126 : -1022;
    int emax = single ? 127 : 1023, bias = single ? 192 : 1536;
    int e = 63 - __builtin_clzll(m) + k; /* m x 2^k in [2^e, 2^(e+1)) */
    int q, sh;
    uint64_t r, rem, half;
    bool up, odd_tie;
    FPRound res = {0};

    if (e < emin) {
        res.tiny = true;
        if (ue) {
            k += bias;
            e += bias;
        }
    }
    q = (e < emin ? emin : e) - prec + 1; /* the quantum is 2^q */
    sh = q - k;
    if (sh <= 0) {
        r = m << -sh;
        rem = 0;
        half = 1;
    } else if (sh < 64) {
        r = m >> sh;
        rem = m & ((1ull << sh) - 1);
        half = 1ull << (sh - 1);
    } else {
        r = 0;
        rem = m;
        half = ~0ull; /* m < 2^63 < half: below the midpoint */
    }
    res.inexact = rem != 0;
    switch (rn) {
    case RN_NEAREST:
        odd_tie = rem == half && sh > 0 && sh < 64 && (r & 1);
        up = rem > half || odd_tie;
        if (rem == half && sh >= 64) {
            up = false;
        }
        break;
    case RN_ZERO:
        up = false;
        break;
    case RN_UP:
        up = rem && !neg;
        break;
    default:
        up = rem && neg;
        break;
    }
    if (up) {
        r++;
        res.rounded_up = true;
        if (r >> prec) { /* carried into a new binade */
            r >>= 1;
            q++;
        }
    }
    if (r && 63 - __builtin_clzll(r) + q > emax) {
        res.overflow = true;
        if (oe) {
            q -= bias;
        } else {
            bool to_inf = rn == RN_NEAREST || (rn == RN_UP && !neg) ||
                          (rn == RN_DOWN && neg);
            double big = single ? (double)FLT_MAX : DBL_MAX;

            res.inexact = true;
            res.rounded_up = to_inf;
            res.bits = d2u(to_inf ? INFINITY : big) | (neg ? F64_SIGN : 0);
            return res;
        }
    }
    /* r < 2^53 and 2^q within double's range: exact */
    res.bits = d2u(ldexp((double)r, q)) | (neg ? F64_SIGN : 0);
    return res;
}

/* the exponent of finite nonzero x (as if normalized) */
static int f64_exp(double x)
{
    return ilogb(x);
}

/* x x 2^s, known to be exact */
static double scale(double x, int s)
{
    return ldexp(x, s);
}

/* can x x 2^s be computed exactly, staying a normal number */
static bool scale_ok(double x, int s)
{
    int e = f64_exp(x) + s;

    return x == 0 || isinf(x) || (e >= -1022 && e <= 1023);
}

/* the scalings t with x x 2^t exact and normal: [*lo, *hi] */
static void scale_range(double x, int *lo, int *hi)
{
    if (x == 0 || isinf(x)) {
        *lo = -100000;
        *hi = 100000;
    } else {
        *lo = -1022 - f64_exp(x);
        *hi = 1023 - f64_exp(x);
    }
}

/* splits 2^s between the factors of x * y (div: x / y) so that each
   scaling is exact: x x 2^sx, y x 2^sy; false if there is no such split */
static bool split_scale(double x, double y, int s, bool div, int *sx, int *sy)
{
    int lox, hix, loy, hiy, lo, hi;

    scale_range(x, &lox, &hix);
    scale_range(y, &loy, &hiy);
    /* mul: sy = s - sx; div: sy = sx - s */
    lo = div ? s + loy : s - hiy;
    hi = div ? s + hiy : s - loy;
    if (lox > lo) {
        lo = lox;
    }
    if (hix < hi) {
        hi = hix;
    }
    if (lo > hi) {
        return false;
    }
    *sx = s / 2 < lo ? lo : s / 2 > hi ? hi : s / 2;
    *sy = div ? *sx - s : s - *sx;
    return true;
}

/* a stand-in for a term far below the other's last place: the same sign,
   2^e, so that rounding the sum comes out the same */
static double surrogate(double like, int e)
{
    return copysign(ldexp(1.0, e), like);
}

/*
 * The same operation as fp_round with the exact result multiplied by 2^s
 * (the OE=1 / UE=1 exponent adjustment, s = -+1536 or -+192): the
 * operands are scaled so that the scaled operation is exact, terms too
 * small to scale standing in as surrogates.  Returns false when no exact
 * scaling exists (only for operands the ISA leaves undefined).
 */
static bool fp_round_scaled(CPUPPCState *env, int op, bool single, double a,
                            double b, double c, int s, FPRound *out)
{
    int sa, sb;

    switch (op) {
    case FPA_MUL:
        if (!split_scale(a, c, s, false, &sa, &sb)) {
            return false;
        }
        a = scale(a, sa);
        c = scale(c, sb);
        break;
    case FPA_DIV:
        if (!split_scale(a, b, s, true, &sa, &sb)) {
            return false;
        }
        a = scale(a, sa);
        b = scale(b, sb);
        break;
    case FPA_ADD:
    case FPA_SUB: {
        int big = f64_exp(fabs(a) > fabs(b) ? a : b);

        a = scale_ok(a, s) ? scale(a, s) : surrogate(a, big + s - 60);
        b = scale_ok(b, s) ? scale(b, s) : surrogate(b, big + s - 60);
        break;
    }
    case FPA_MADD:
    case FPA_MSUB:
    case FPA_NMADD:
    case FPA_NMSUB: {
        bool prod_zero = a == 0 || c == 0;
        int ep = prod_zero ? 0 : f64_exp(a) + f64_exp(c);

        if (prod_zero || split_scale(a, c, s, false, &sa, &sb)) {
            if (!prod_zero) {
                a = scale(a, sa);
                c = scale(c, sb);
            }
            if (scale_ok(b, s)) {
                b = scale(b, s);
            } else if (!prod_zero && f64_exp(b) < ep - 110) {
                b = surrogate(b, ep + s - 112);
            } else {
                return false;
            }
        } else if (b != 0 && scale_ok(b, s) && ep < f64_exp(b) - 110) {
            /* the product is far below b's last place */
            a = surrogate(copysign(1.0, a) * copysign(1.0, c),
                          f64_exp(b) + s - 60);
            c = 1.0;
            b = scale(b, s);
        } else {
            return false;
        }
        break;
    }
    default:
        return false;
    }
    *out = fp_round(env, op, single, a, b, c);
    return !out->overflow && !out->tiny;
}

/* --------------------------------------------------------- arithmetic */

/* the invalid-operation cause of op on non-NaN operands, or 0 */
static uint64_t invalid_cause(int op, uint64_t a, uint64_t b, uint64_t c)
{
    switch (op) {
    case FPA_ADD:
    case FPA_SUB:
        if (f64_is_inf(a) && f64_is_inf(b) &&
            (f64_neg(a) ^ f64_neg(b)) == (op == FPA_ADD)) {
            return FPSCR_VXISI;
        }
        return 0;
    case FPA_MUL:
        if ((f64_is_inf(a) && f64_is_zero(c)) ||
            (f64_is_zero(a) && f64_is_inf(c))) {
            return FPSCR_VXIMZ;
        }
        return 0;
    case FPA_DIV:
        if (f64_is_inf(a) && f64_is_inf(b)) {
            return FPSCR_VXIDI;
        }
        if (f64_is_zero(a) && f64_is_zero(b)) {
            return FPSCR_VXZDZ;
        }
        return 0;
    case FPA_SQRT:
    case FPA_RSQRTE:
        return f64_neg(b) && !f64_is_zero(b) ? FPSCR_VXSQRT : 0;
    case FPA_RE:
        return 0;
    default: { /* the fused forms: a * c +- b */
        bool psign = f64_neg(a) ^ f64_neg(c);
        bool bsign = f64_neg(b) ^ (op == FPA_MSUB || op == FPA_NMSUB);

        if ((f64_is_inf(a) && f64_is_zero(c)) ||
            (f64_is_zero(a) && f64_is_inf(c))) {
            return FPSCR_VXIMZ;
        }
        if ((f64_is_inf(a) || f64_is_inf(c)) && f64_is_inf(b) &&
            psign != bsign) {
            return FPSCR_VXISI;
        }
        return 0;
    }
    }
}

static bool op_reads_a(int op)
{
    return op != FPA_SQRT && op != FPA_RE && op != FPA_RSQRTE;
}

static bool op_reads_b(int op) { return op != FPA_MUL; }

static bool op_reads_c(int op) { return op == FPA_MUL || op >= FPA_MADD; }

static bool op_is_fused(int op) { return op >= FPA_MADD; }

/*
 * op on non-NaN, valid operands in FPSCR f's mode: the estimates for
 * finite nonzero operands, the host's IEEE result otherwise; an overflow
 * with OE=1 or a tiny result with UE=1 is delivered exponent-adjusted
 * (Book I 4.4.4, 4.4.5).
 */
static FPRound fp_arith_round(CPUPPCState *env, int op, bool single,
                              uint64_t a, uint64_t b, uint64_t c, uint64_t f)
{
    bool oe = f & FPSCR_OE, ue = f & FPSCR_UE;
    int bias = single ? 192 : 1536;
    FPRound r, s;

    if ((op == FPA_RE || op == FPA_RSQRTE) && !f64_is_zero(b) &&
        !f64_is_inf(b)) {
        uint64_t m;
        int k;

        estimate(b, op == FPA_RSQRTE, &m, &k);
        r = fp_pack(f64_neg(b), m, k, single, f & FPSCR_RN, oe, ue);
        /* FR, FI and XX are undefined for the estimates: left alone */
        r.inexact = false;
        r.rounded_up = false;
        return r;
    }
    r = fp_round(env, op, single, u2d(a), u2d(b), u2d(c));
    if (r.overflow && oe) {
        if (fp_round_scaled(env, op, single, u2d(a), u2d(b), u2d(c), -bias,
                            &s)) {
            s.overflow = true;
            return s;
        }
    } else if (r.tiny && ue) {
        if (fp_round_scaled(env, op, single, u2d(a), u2d(b), u2d(c), bias,
                            &s)) {
            s.tiny = true;
            return s;
        }
    }
    return r;
}

uint64_t vsx_fp_adjusted(CPUPPCState *env, int op, bool single, uint64_t a,
                         uint64_t b, uint64_t c, bool *inexact)
{
    FPRound r = fp_arith_round(env, op, single, a, b, c, env->fpscr);

    *inexact = r.inexact;
    return r.bits;
}

/*
 * One arithmetic instruction (Book I 4.6.6-4.6.7, 7.6.1): computes, sets
 * FPSCR, writes VSR t unless an enabled exception forbids it, and raises
 * the enabled exception interrupt if due.
 */
static void helper_fp_arith(CPUPPCState *env, uint64_t desc, uint64_t t,
                            uint64_t ia, uint64_t ib, uint64_t ic)
{
    int op = desc & 0xff;
    bool single = desc & FPD_SINGLE, vsx = desc & FPD_VSX;
    uint64_t a = env->vsr[ia & 63][0], b = env->vsr[ib & 63][0];
    uint64_t c = env->vsr[ic & 63][0];
    uint64_t f = env->fpscr & ~(FPSCR_FR | FPSCR_FI);
    uint64_t exc = 0, res;
    bool write = true, nan_in;

    if (fp_arith_fast(env, op, single, a, b, c, t, vsx)) {
        return;
    }
    if ((op_reads_a(op) && f64_is_snan(a)) || (op_reads_b(op) &&
        f64_is_snan(b)) || (op_reads_c(op) && f64_is_snan(c))) {
        exc |= FPSCR_VXSNAN;
    }
    nan_in = (op_reads_a(op) && f64_is_nan(a)) ||
             (op_reads_b(op) && f64_is_nan(b)) ||
             (op_reads_c(op) && f64_is_nan(c));
    if (op_is_fused(op) && !f64_is_nan(a) && !f64_is_nan(c) &&
        ((f64_is_inf(a) && f64_is_zero(c)) ||
         (f64_is_zero(a) && f64_is_inf(c)))) {
        /* inf * 0 is invalid even when the addend is a NaN */
        exc |= FPSCR_VXIMZ;
    }
    if (nan_in) {
        if (op_reads_a(op) && f64_is_nan(a)) {
            res = a;
        } else if (op_reads_b(op) && f64_is_nan(b)) {
            res = b;
        } else {
            res = c;
        }
        res = nan_result(res, single);
    } else {
        exc |= invalid_cause(op, a, b, c);
        if (exc) {
            res = F64_DEFAULT_NAN;
        } else {
            FPRound r = fp_arith_round(env, op, single, a, b, c, f);

            res = r.bits;
            if (r.divzero) {
                exc |= FPSCR_ZX;
                write = !(f & FPSCR_ZE);
            } else {
                if (r.overflow) {
                    exc |= FPSCR_OX;
                }
                if (r.tiny && (r.inexact || (f & FPSCR_UE))) {
                    exc |= FPSCR_UX;
                }
                if (r.inexact) {
                    exc |= FPSCR_XX;
                    f |= FPSCR_FI;
                }
                if (r.rounded_up) {
                    f |= FPSCR_FR;
                }
            }
            /* the negative forms negate a number, never a NaN */
            if (op == FPA_NMADD || op == FPA_NMSUB) {
                res ^= F64_SIGN;
            }
        }
    }
    if ((exc & FPSCR_VX_ALL) && (f & FPSCR_VE)) {
        write = false;
    }
    if (write) {
        f = (f & ~FPSCR_FPRF) |
            (uint64_t)fprf_class(res, single) << FPSCR_FPRF_SHIFT;
        env->vsr[t & 63][0] = res;
        if (vsx) {
            env->vsr[t & 63][1] = 0;
        }
    }
    fpscr_commit(env, f, exc, GETPC());
}

const TCGHelperInfo helper_info_fp_arith = {
    .func = (void *)helper_fp_arith, .name = "fp_arith",
    .nb_iargs = 5, .has_ret = 0, .flags = VEC_HELPER_READS_MSR,
};

/* ------------------------------------------------------------ compare */

/*
 * fcmpu/fcmpo (4.6.8), xscmpudp/xscmpodp (7.6.1): the CR field and
 * FPSCR[FPCC] get LT GT EQ or UN.  An SNaN is VXSNAN; the ordered forms
 * also report VXVC for any NaN (for an SNaN only when VE=0).
 */
static uint64_t helper_fp_cmp(CPUPPCState *env, uint64_t desc, uint64_t ia,
                              uint64_t ib)
{
    uint64_t a = env->vsr[ia & 63][0], b = env->vsr[ib & 63][0];
    uint64_t f = env->fpscr, exc = 0;
    unsigned crf;

    if (f64_is_nan(a) || f64_is_nan(b)) {
        crf = CRF_SO;
        if (f64_is_snan(a) || f64_is_snan(b)) {
            exc |= FPSCR_VXSNAN;
            if ((desc & FPD_ORDERED) && !(f & FPSCR_VE)) {
                exc |= FPSCR_VXVC;
            }
        } else if (desc & FPD_ORDERED) {
            exc |= FPSCR_VXVC;
        }
    } else if (u2d(a) < u2d(b)) {
        crf = CRF_LT;
    } else if (u2d(a) > u2d(b)) {
        crf = CRF_GT;
    } else {
        crf = CRF_EQ;
    }
    f = (f & ~FPSCR_FPCC) | (uint64_t)crf << FPSCR_FPRF_SHIFT;
    fpscr_commit(env, f, exc, GETPC());
    return crf;
}

const TCGHelperInfo helper_info_fp_cmp = {
    .func = (void *)helper_fp_cmp, .name = "fp_cmp",
    .nb_iargs = 3, .has_ret = 1, .flags = VEC_HELPER_READS_MSR,
};

/* --------------------------------------------------------- conversions */

typedef struct IntFormat {
    bool is_unsigned;
    bool is_64;
} IntFormat;

/* the integer results of a NaN or out-of-range operand (VXCVI) */
static uint64_t int_saturate(IntFormat fmt, bool nan, bool neg)
{
    if (fmt.is_unsigned) {
        return nan || neg ? 0 : fmt.is_64 ? UINT64_MAX : UINT32_MAX;
    }
    if (nan || neg) {
        return fmt.is_64 ? 0x8000000000000000ull : 0xffffffff80000000ull;
    }
    return fmt.is_64 ? INT64_MAX : INT32_MAX;
}

/* x rounded to an integral value as RN (0..3) says */
static double round_integral(double x, int rn)
{
    switch (rn) {
    case 0:
        return roundeven(x);
    case 1:
        return trunc(x);
    case 2:
        return ceil(x);
    default:
        return floor(x);
    }
}

/*
 * fcti* (4.6.9) and xscvdp[su]x[dw]s (7.6.1): b to a 32- or 64-bit
 * integer, rounded by rn.  Returns the result bits (32-bit results sign-
 * or zero-extended, which is what the ISA's undefined upper word holds on
 * qemu too); exc and f get the status.
 */
static uint64_t cvt_to_int(uint64_t b, IntFormat fmt, int rn, uint64_t *exc,
                           uint64_t *f)
{
    double x = u2d(b), r;
    double lo, hi; /* the representable range is [lo, hi) */

    if (f64_is_nan(b)) {
        *exc |= FPSCR_VXCVI | (f64_is_snan(b) ? FPSCR_VXSNAN : 0);
        return int_saturate(fmt, true, false);
    }
    if (fmt.is_unsigned) {
        lo = 0.0;
        hi = fmt.is_64 ? 18446744073709551616.0 : 4294967296.0;
    } else {
        lo = fmt.is_64 ? -9223372036854775808.0 : -2147483648.0;
        hi = fmt.is_64 ? 9223372036854775808.0 : 2147483648.0;
    }
    r = round_integral(x, rn);
    if (r >= hi || (r < lo && r != 0)) {
        *exc |= FPSCR_VXCVI;
        return int_saturate(fmt, false, r < 0);
    }
    if (r != x) {
        *exc |= FPSCR_XX;
        *f |= FPSCR_FI;
        if (fabs(r) > fabs(x)) {
            *f |= FPSCR_FR;
        }
    }
    if (fmt.is_unsigned) {
        return fmt.is_64 ? (uint64_t)r : (uint64_t)(uint32_t)r;
    }
    return fmt.is_64 ? (uint64_t)(int64_t)r
                     : (uint64_t)(int64_t)(int32_t)r;
}

/* an integer to double or single in the host's current rounding mode;
   the barrier keeps the compiler from reusing a conversion made in
   another mode */
static double host_from_int(uint64_t b, bool is_unsigned, bool single)
{
    double x;

    __asm__ volatile("" : "+r"(b));
    if (single) {
        float y = is_unsigned ? (float)b : (float)(int64_t)b;
        FP_FORCE(y);
        x = y;
    } else {
        x = is_unsigned ? (double)b : (double)(int64_t)b;
    }
    FP_FORCE(x);
    return x;
}

/* fcfid[u][s] (4.6.9), xscv[su]xd[ds]p: an integer to double or single in
   FPSCR[RN]; sets FR FI XX */
static uint64_t cvt_from_int(CPUPPCState *env, uint64_t b, bool is_unsigned,
                             bool single, uint64_t *exc, uint64_t *f)
{
    HostFPState saved = hostfp_save();
    double x, z;

    hostfp_start(saved, env->fpscr & FPSCR_RN);
    x = host_from_int(b, is_unsigned, single);
    if (hostfp_flags() & HF_INEXACT) {
        hostfp_start(saved, RN_ZERO);
        z = host_from_int(b, is_unsigned, single);
        *exc |= FPSCR_XX;
        *f |= FPSCR_FI;
        if (fabs(x) > fabs(z)) {
            *f |= FPSCR_FR;
        }
    }
    hostfp_restore(saved);
    return d2u(x);
}

/* frsp (4.6.9), xsrsp, xscvdpsp: b rounded to single in FPSCR[RN] */
static uint64_t cvt_round_single(CPUPPCState *env, uint64_t b, uint64_t *exc,
                                 uint64_t *f)
{
    FPRound r;

    if (f64_is_nan(b)) {
        if (f64_is_snan(b)) {
            *exc |= FPSCR_VXSNAN;
        }
        return nan_result(b, true);
    }
    /* b + 0 is b, in any mode, for every b but -0 (whose +0 would
       vanish); rounding it to single is exactly frsp */
    if (f64_is_zero(b)) {
        return b;
    }
    r = fp_arith_round(env, FPA_ADD, true, b, 0, 0, env->fpscr);
    if (r.overflow) {
        *exc |= FPSCR_OX;
    }
    if (r.tiny && (r.inexact || (env->fpscr & FPSCR_UE))) {
        *exc |= FPSCR_UX;
    }
    if (r.inexact) {
        *exc |= FPSCR_XX;
        *f |= FPSCR_FI;
    }
    if (r.rounded_up) {
        *f |= FPSCR_FR;
    }
    return r.bits;
}

/* fri[nzpm] (4.6.10), xsrdpi*: round to an integral value; FR and FI are
   cleared; only xsrdpic reports inexactness */
static uint64_t cvt_round_integral(uint64_t b, int kind, int rn,
                                   uint64_t *exc, uint64_t *f)
{
    double x = u2d(b), r;

    if (f64_is_nan(b)) {
        if (f64_is_snan(b)) {
            *exc |= FPSCR_VXSNAN;
        }
        return nan_result(b, false);
    }
    switch (kind) {
    case FPC_RIN:
        r = round(x); /* nearest, ties away from zero */
        break;
    case FPC_RIZ:
        r = trunc(x);
        break;
    case FPC_RIP:
        r = ceil(x);
        break;
    case FPC_RIM:
        r = floor(x);
        break;
    default: /* FPC_RIC */
        r = round_integral(x, rn);
        if (r != x) {
            *exc |= FPSCR_XX;
            *f |= FPSCR_FI;
            if (fabs(r) > fabs(x)) {
                *f |= FPSCR_FR;
            }
        }
        break;
    }
    return d2u(r);
}

static const IntFormat cvt_int_format[8] = {
    [FPC_CTIW] = {false, false},  [FPC_CTIWZ] = {false, false},
    [FPC_CTIWU] = {true, false},  [FPC_CTIWUZ] = {true, false},
    [FPC_CTID] = {false, true},   [FPC_CTIDZ] = {false, true},
    [FPC_CTIDU] = {true, true},   [FPC_CTIDUZ] = {true, true},
};

/*
 * The conversion and rounding instructions: t <- conversion of VSR b's
 * doubleword 0.  FPRF is set for floating-point results and left alone for
 * integer ones (where the ISA makes it undefined).
 */
static void helper_fp_cvt(CPUPPCState *env, uint64_t desc, uint64_t t,
                          uint64_t ib)
{
    int kind = desc & 0xff, rn = env->fpscr & FPSCR_RN;
    bool vsx = desc & FPD_VSX, single = false, fp_result = true;
    uint64_t b = env->vsr[ib & 63][0];
    uint64_t f = env->fpscr & ~(FPSCR_FR | FPSCR_FI), exc = 0, res;
    bool write = true;

    switch (kind) {
    case FPC_CTIW ... FPC_CTIDUZ: {
        IntFormat fmt = cvt_int_format[kind];
        /* the odd kinds are the round-toward-zero ("z") forms */
        res = cvt_to_int(b, fmt, (kind & 1) ? 1 : rn, &exc, &f);
        if (vsx && !fmt.is_64) {
            res = (res & 0xffffffffull) * 0x100000001ull;
        }
        fp_result = false;
        break;
    }
    case FPC_CFID:
    case FPC_CFIDU:
        res = cvt_from_int(env, b, kind == FPC_CFIDU, false, &exc, &f);
        break;
    case FPC_CFIDS:
    case FPC_CFIDUS:
        single = true;
        res = cvt_from_int(env, b, kind == FPC_CFIDUS, true, &exc, &f);
        break;
    case FPC_RSP:
    case FPC_DPSP:
        single = true;
        res = cvt_round_single(env, b, &exc, &f);
        break;
    case FPC_SPDP: {
        /* xscvspdp: the single in word 0; an SNaN is quieted */
        uint32_t w = (uint32_t)(b >> 32);

        res = ppc_fp_single_to_double(w);
        if ((w & ~F32_SIGN) > F32_EXP && !(w & F32_QUIET)) {
            exc |= FPSCR_VXSNAN;
            res |= F64_QUIET;
        }
        break;
    }
    default: /* FPC_RIN .. FPC_RIC */
        res = cvt_round_integral(b, kind, rn, &exc, &f);
        if (kind != FPC_RIC) {
            f &= ~(FPSCR_FR | FPSCR_FI);
        }
        break;
    }
    if ((exc & FPSCR_VX_ALL) && (f & FPSCR_VE)) {
        write = false;
        f &= ~(FPSCR_FR | FPSCR_FI);
    }
    if (write) {
        if (fp_result) {
            f = (f & ~FPSCR_FPRF) |
                (uint64_t)fprf_class(res, single) << FPSCR_FPRF_SHIFT;
        }
        if (kind == FPC_DPSP) {
            res = (uint64_t)ppc_fp_double_to_single(res) * 0x100000001ull;
        }
        env->vsr[t & 63][0] = res;
        if (vsx) {
            env->vsr[t & 63][1] = 0;
        }
    }
    fpscr_commit(env, f, exc, GETPC());
}

const TCGHelperInfo helper_info_fp_cvt = {
    .func = (void *)helper_fp_cvt, .name = "fp_cvt",
    .nb_iargs = 3, .has_ret = 0, .flags = VEC_HELPER_READS_MSR,
};

/* ------------------------------------------------------- FPSCR moves */

/*
 * mtfsf, mtfsfi (4.6.11): the bits of mask take val's.  FX is written like
 * any bit; FEX and VX are recomputed.  An enabled exception newly made
 * pending interrupts when MSR[FE0 FE1] != 0.
 */
static void helper_mtfsf(CPUPPCState *env, uint64_t mask, uint64_t val)
{
    uint64_t old = env->fpscr;
    uint64_t f = ((old & ~mask) | (val & mask)) & FPSCR_VALID;

    f = fpscr_summaries(f);
    env->fpscr = f;
    if ((f & FPSCR_FEX) && !(old & FPSCR_FEX) && fe_mode(env)) {
        ppc_raise_exception(env, EXCP_PROGRAM, SRR1_PROG_FP, GETPC());
    }
}

const TCGHelperInfo helper_info_mtfsf = {
    .func = (void *)helper_mtfsf, .name = "mtfsf",
    .nb_iargs = 2, .has_ret = 0, .flags = VEC_HELPER_READS_MSR,
};

/* mtfsb0/mtfsb1 (4.6.11): bit is a mask (never FEX or VX); setting an
   exception bit that was 0 sets FX */
static void helper_mtfsb(CPUPPCState *env, uint64_t bit, uint64_t set)
{
    uint64_t old = env->fpscr, f;

    if (!set) {
        f = old & ~bit;
    } else {
        f = old | bit;
        if ((bit & FPSCR_EXC_ALL) && !(old & bit)) {
            f |= FPSCR_FX;
        }
    }
    f = fpscr_summaries(f);
    env->fpscr = f;
    if ((f & FPSCR_FEX) && !(old & FPSCR_FEX) && fe_mode(env)) {
        ppc_raise_exception(env, EXCP_PROGRAM, SRR1_PROG_FP, GETPC());
    }
}

const TCGHelperInfo helper_info_mtfsb = {
    .func = (void *)helper_mtfsb, .name = "mtfsb",
    .nb_iargs = 2, .has_ret = 0, .flags = VEC_HELPER_READS_MSR,
};

/* mcrfs BF,BFA (4.6.11): returns FPSCR field BFA (of bits 32:63) and
   clears the exception bits in it (FX, OX, UX, ZX, XX, VX*) */
static uint64_t helper_mcrfs(CPUPPCState *env, uint64_t bfa)
{
    unsigned shift = 28 - 4 * (unsigned)(bfa & 7);
    uint64_t field_mask = 0xfull << shift;
    uint64_t val = (env->fpscr >> shift) & 0xf;

    env->fpscr = fpscr_summaries(
        env->fpscr & ~(field_mask & (FPSCR_FX | FPSCR_EXC_ALL)));
    return val;
}

const TCGHelperInfo helper_info_mcrfs = {
    .func = (void *)helper_mcrfs, .name = "mcrfs",
    .nb_iargs = 1, .has_ret = 1, .flags = VEC_HELPER_WRITES,
};
