/*
 * target-ppc/helper-vsx-fp.c: the VSX vector floating-point instructions
 * of Power ISA 3.0B Book I 7.6.1 (xv* on two doubles or four singles) and
 * the VSX scalar ones that helper-fp.c does not do (min/max in their three
 * flavours, the test instructions, half precision, exponent and
 * significand moves).
 *
 * Each element is computed as its scalar counterpart, with the vector
 * rules of 7.4 (the "VSX Floating-Point Execution Models"):
 *   - FPRF, FR and FI are not changed by vector instructions;
 *   - the exception bits of all elements are ORed into the FPSCR once;
 *   - an enabled invalid-operation or zero-divide exception in any element
 *     leaves the whole target unchanged (7.4.1, 7.4.3);
 *   - for the arithmetic and fused forms (xvadddp... xvnmsubmsp) so does
 *     an enabled overflow, underflow or inexact exception: their
 *     pseudocode in 7.6.1 ORs into ex_flag, element by element, VE with
 *     each invalid cause, ZE & zx_flag, OE & ox_flag, UE & ux_flag and
 *     XE & xx_flag, and writes VSR[XT] only if ex_flag = 0 (an interrupt
 *     handler then sees every source, XT included for the "a" forms of
 *     the multiply-adds, unmodified).  The status bits are those of the
 *     scalar rounding (4.4.4-4.4.5): with OE=1 (UE=1) the element is
 *     rounded with its exponent adjusted by -1536/+1536 (-192/+192 for
 *     single) through helper-fp.c's exact scaling (vsx_fp_adjusted), and
 *     XX tells whether that rounding was inexact; with UE=1 a tiny
 *     element is UX even when exact.
 * Single-precision elements are computed in host single precision, which
 * is exact IEEE binary32 with one rounding (the host's fmaf is fused).
 * The host FPU runs in FPSCR[RN] through MXCSR (x86-64) or <fenv.h>.
 * Tininess is detected before rounding as the ISA does: a result that
 * rounds to the smallest normal is tiny when its toward-zero rounding is
 * below it.
 */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "internal.h"
#include "trans-vec.h"
#include "vsx-fp.h"

#if defined(__x86_64__)
#define XV_FORCE(x) __asm__ volatile("" : "+x"(x))
#else
#define XV_FORCE(x) __asm__ volatile("" : "+m"(x))
#endif

#define INFO(fn, n, ret, fl)                                                  \
    const TCGHelperInfo helper_info_##fn = {                                  \
        .func = (void *)helper_##fn, .name = #fn,                             \
        .nb_iargs = (n), .has_ret = (ret), .flags = (fl),                     \
    };

/* ------------------------------------------------------ the host FPU */

enum { XRN_NEAREST, XRN_ZERO, XRN_UP, XRN_DOWN };
enum { XF_INVALID = 1, XF_DIVZERO = 2, XF_OVERFLOW = 4, XF_UNDERFLOW = 8,
       XF_INEXACT = 16 };

#if defined(__x86_64__)
typedef unsigned XvHost;
static const unsigned xv_mxcsr_rc[4] = {0u << 13, 3u << 13, 2u << 13,
                                        1u << 13};

static XvHost xv_host_save(void) { return __builtin_ia32_stmxcsr(); }

static void xv_host_mode(XvHost saved, int rn)
{
    __builtin_ia32_ldmxcsr((saved & ~(0x3fu | (3u << 13))) |
                           xv_mxcsr_rc[rn & 3]);
}

static int xv_host_flags(void)
{
    unsigned m = __builtin_ia32_stmxcsr();

    return ((m & 1) ? XF_INVALID : 0) | ((m & 4) ? XF_DIVZERO : 0) |
           ((m & 8) ? XF_OVERFLOW : 0) | ((m & 16) ? XF_UNDERFLOW : 0) |
           ((m & 32) ? XF_INEXACT : 0);
}

static void xv_host_restore(XvHost saved) { __builtin_ia32_ldmxcsr(saved); }
#else
typedef int XvHost;
static const int xv_fe_round[4] = {FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD,
                                   FE_DOWNWARD};

static XvHost xv_host_save(void) { return fegetround(); }

static void xv_host_mode(XvHost saved, int rn)
{
    (void)saved;
    fesetround(xv_fe_round[rn & 3]);
    feclearexcept(FE_ALL_EXCEPT);
}

static int xv_host_flags(void)
{
    int e = fetestexcept(FE_ALL_EXCEPT);

    return ((e & FE_INVALID) ? XF_INVALID : 0) |
           ((e & FE_DIVBYZERO) ? XF_DIVZERO : 0) |
           ((e & FE_OVERFLOW) ? XF_OVERFLOW : 0) |
           ((e & FE_UNDERFLOW) ? XF_UNDERFLOW : 0) |
           ((e & FE_INEXACT) ? XF_INEXACT : 0);
}

static void xv_host_restore(XvHost saved)
{
    fesetround(saved);
    feclearexcept(FE_ALL_EXCEPT);
}
#endif

/* ------------------------------------------------------- formats */

/* binary64 and binary32 as bit patterns (the element in the low bits) */
typedef struct XvFmt {
    uint64_t sign, exp, quiet, frac;
    int fbits, bias, emax;
} XvFmt;

static const XvFmt xv_dp = {1ull << 63, 0x7ffull << 52, 1ull << 51,
                            (1ull << 52) - 1, 52, 1023, 2047};
static const XvFmt xv_sp = {1u << 31, 0xffull << 23, 1u << 22,
                            (1u << 23) - 1, 23, 127, 255};

static bool xf_nan(const XvFmt *f, uint64_t x)
{
    return (x & ~f->sign) > f->exp;
}
static bool xf_snan(const XvFmt *f, uint64_t x)
{
    return xf_nan(f, x) && !(x & f->quiet);
}
static bool xf_inf(const XvFmt *f, uint64_t x)
{
    return (x & ~f->sign) == f->exp;
}
static bool xf_zero(const XvFmt *f, uint64_t x)
{
    return (x & ~f->sign) == 0;
}
static bool xf_neg(const XvFmt *f, uint64_t x) { return x & f->sign; }
static bool xf_denorm(const XvFmt *f, uint64_t x)
{
    return !(x & f->exp) && (x & f->frac);
}
static uint64_t xf_default_nan(const XvFmt *f) { return f->exp | f->quiet; }

static double xv_u2d(uint64_t u)
{
    double d;
    memcpy(&d, &u, 8);
    return d;
}
static uint64_t xv_d2u(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}
static float xv_u2f(uint32_t u)
{
    float f;
    memcpy(&f, &u, 4);
    return f;
}
static uint32_t xv_f2u(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

/* -------------------------------------------------------- the FPSCR */

static uint64_t xv_summaries(uint64_t f)
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

static bool xv_enabled(uint64_t exc, uint64_t f)
{
    return ((exc & FPSCR_VX_ALL) && (f & FPSCR_VE)) ||
           ((exc & FPSCR_OX) && (f & FPSCR_OE)) ||
           ((exc & FPSCR_UX) && (f & FPSCR_UE)) ||
           ((exc & FPSCR_ZX) && (f & FPSCR_ZE)) ||
           ((exc & FPSCR_XX) && (f & FPSCR_XE));
}

/* the vector rule: an enabled VX or ZX in any element suppresses the
   write of the whole target */
bool vsx_fp_suppress(uint64_t exc, uint64_t f)
{
    return ((exc & FPSCR_VX_ALL) && (f & FPSCR_VE)) ||
           ((exc & FPSCR_ZX) && (f & FPSCR_ZE));
}

/* sets the sticky bits exc (FX when one is new) and the summaries into
   FPSCR value f, stores it, and raises the floating-point enabled
   exception program interrupt (Book III 6.5.9) when one of exc is
   enabled and MSR[FE0 FE1] != 0 */
void vsx_fpscr_commit(CPUPPCState *env, uint64_t f, uint64_t exc,
                      uintptr_t ra)
{
    if (exc & ~f & FPSCR_EXC_ALL) {
        f |= FPSCR_FX;
    }
    f = xv_summaries(f | exc);
    env->fpscr = f;
    if (xv_enabled(exc, f) &&
        (env->msr & (MSR_BIT(MSR_FE0) | MSR_BIT(MSR_FE1)))) {
        ppc_raise_exception(env, EXCP_PROGRAM, SRR1_PROG_FP, ra);
    }
}

/* ------------------------------------------------- element arithmetic */

static bool xop_reads_a(int op)
{
    return op != FPA_SQRT && op != FPA_RE && op != FPA_RSQRTE;
}
static bool xop_reads_b(int op) { return op != FPA_MUL; }
static bool xop_reads_c(int op) { return op == FPA_MUL || op >= FPA_MADD; }

static double xv_host_dp(int op, double a, double b, double c)
{
    double r;

    XV_FORCE(a);
    XV_FORCE(b);
    XV_FORCE(c);
    switch (op) {
    case FPA_ADD: r = a + b; break;
    case FPA_SUB: r = a - b; break;
    case FPA_MUL: r = a * c; break;
    case FPA_DIV: r = a / b; break;
    case FPA_SQRT: r = sqrt(b); break;
    case FPA_RE: r = 1.0 / b; break;
    case FPA_RSQRTE: r = 1.0 / sqrt(b); break;
    case FPA_MADD: case FPA_NMADD: r = fma(a, c, b); break;
    default: r = fma(a, c, -b); break;
    }
    XV_FORCE(r);
    return r;
}

static float xv_host_sp(int op, float a, float b, float c)
{
    float r;

    XV_FORCE(a);
    XV_FORCE(b);
    XV_FORCE(c);
    switch (op) {
    case FPA_ADD: r = a + b; break;
    case FPA_SUB: r = a - b; break;
    case FPA_MUL: r = a * c; break;
    case FPA_DIV: r = a / b; break;
    case FPA_SQRT: r = sqrtf(b); break;
    case FPA_RE: r = 1.0f / b; break;
    case FPA_RSQRTE: r = (float)(1.0 / sqrt((double)b)); break;
    case FPA_MADD: case FPA_NMADD: r = fmaf(a, c, b); break;
    default: r = fmaf(a, c, -b); break;
    }
    XV_FORCE(r);
    return r;
}

/* the invalid-operation cause of op on non-NaN operands, or 0 */
static uint64_t xv_invalid(const XvFmt *f, int op, uint64_t a, uint64_t b,
                           uint64_t c)
{
    switch (op) {
    case FPA_ADD:
    case FPA_SUB:
        return xf_inf(f, a) && xf_inf(f, b) &&
               (xf_neg(f, a) ^ xf_neg(f, b)) == (op == FPA_ADD)
                   ? FPSCR_VXISI : 0;
    case FPA_MUL:
        return (xf_inf(f, a) && xf_zero(f, c)) ||
               (xf_zero(f, a) && xf_inf(f, c)) ? FPSCR_VXIMZ : 0;
    case FPA_DIV:
        if (xf_inf(f, a) && xf_inf(f, b)) {
            return FPSCR_VXIDI;
        }
        return xf_zero(f, a) && xf_zero(f, b) ? FPSCR_VXZDZ : 0;
    case FPA_SQRT:
    case FPA_RSQRTE:
        return xf_neg(f, b) && !xf_zero(f, b) ? FPSCR_VXSQRT : 0;
    case FPA_RE:
        return 0;
    default: {
        bool ps = xf_neg(f, a) ^ xf_neg(f, c);
        bool bs = xf_neg(f, b) ^ (op == FPA_MSUB || op == FPA_NMSUB);

        if ((xf_inf(f, a) || xf_inf(f, c)) && xf_inf(f, b) && ps != bs) {
            return FPSCR_VXISI;
        }
        return 0;
    }
    }
}

/*
 * One element of an arithmetic instruction in format f (binary64 or
 * binary32 bits), rounding mode rn; ORs its exception bits into *exc.
 * fpscr gives UE.  NaN operands are taken in the order a, b, c (the FPR
 * naming: FRA, FRB, FRC; see trans-vec.h).
 */
static uint64_t vsx_fp_elem(CPUPPCState *env, const XvFmt *f, int op,
                            uint64_t a, uint64_t b, uint64_t c, int rn,
                            uint64_t fpscr, uint64_t *exc)
{
    bool ra = xop_reads_a(op), rb = xop_reads_b(op), rc = xop_reads_c(op);
    bool sp = f == &xv_sp;
    XvHost saved;
    uint64_t res;
    int fl;

    if ((ra && xf_snan(f, a)) || (rb && xf_snan(f, b)) ||
        (rc && xf_snan(f, c))) {
        *exc |= FPSCR_VXSNAN;
    }
    /* inf * 0 in this element (the ORed *exc holds the others' too) */
    bool imz = op >= FPA_MADD && !xf_nan(f, a) && !xf_nan(f, c) &&
               ((xf_inf(f, a) && xf_zero(f, c)) ||
                (xf_zero(f, a) && xf_inf(f, c)));

    if (imz) {
        *exc |= FPSCR_VXIMZ;
    }
    if (ra && xf_nan(f, a)) {
        return a | f->quiet;
    }
    if (rb && xf_nan(f, b)) {
        return b | f->quiet;
    }
    if (rc && xf_nan(f, c)) {
        return c | f->quiet;
    }
    if (imz) {
        return xf_default_nan(f);
    }
    {
        uint64_t inv = xv_invalid(f, op, a, b, c);

        if (inv) {
            *exc |= inv;
            return xf_default_nan(f);
        }
    }
    saved = xv_host_save();
    xv_host_mode(saved, rn);
    if (sp) {
        float r = xv_host_sp(op, xv_u2f(a), xv_u2f(b), xv_u2f(c));

        fl = xv_host_flags();
        res = xv_f2u(r);
        if ((fl & XF_INEXACT) && fabsf(r) <= FLT_MIN) {
            float z;
            xv_host_mode(saved, XRN_ZERO);
            z = xv_host_sp(op, xv_u2f(a), xv_u2f(b), xv_u2f(c));
            if (fabsf(z) < FLT_MIN) {
                fl |= XF_UNDERFLOW;
            }
        } else if (r != 0 && fabsf(r) < FLT_MIN) {
            fl |= XF_UNDERFLOW;
        }
    } else {
        double r = xv_host_dp(op, xv_u2d(a), xv_u2d(b), xv_u2d(c));

        fl = xv_host_flags();
        res = xv_d2u(r);
        if ((fl & XF_INEXACT) && fabs(r) <= DBL_MIN) {
            double z;
            xv_host_mode(saved, XRN_ZERO);
            z = xv_host_dp(op, xv_u2d(a), xv_u2d(b), xv_u2d(c));
            if (fabs(z) < DBL_MIN) {
                fl |= XF_UNDERFLOW;
            }
        } else if (r != 0 && fabs(r) < DBL_MIN) {
            fl |= XF_UNDERFLOW;
        }
    }
    xv_host_restore(saved);
    if (((fl & XF_OVERFLOW) && (fpscr & FPSCR_OE)) ||
        ((fl & XF_UNDERFLOW) && (fpscr & FPSCR_UE))) {
        /* enabled overflow or underflow: the exponent-adjusted result,
           whose own rounding says XX */
        bool inexact;

        if (sp) {
            uint64_t r = vsx_fp_adjusted(
                env, op, true, xv_d2u((double)xv_u2f(a)),
                xv_d2u((double)xv_u2f(b)), xv_d2u((double)xv_u2f(c)),
                &inexact);
            res = xv_f2u((float)xv_u2d(r));
        } else {
            res = vsx_fp_adjusted(env, op, false, a, b, c, &inexact);
        }
        fl = (fl & ~XF_INEXACT) | (inexact ? XF_INEXACT : 0);
    }
    if (fl & XF_DIVZERO) {
        *exc |= FPSCR_ZX;
    }
    if (fl & XF_OVERFLOW) {
        *exc |= FPSCR_OX;
    }
    if ((fl & XF_UNDERFLOW) && ((fl & XF_INEXACT) || (fpscr & FPSCR_UE))) {
        *exc |= FPSCR_UX;
    }
    if (fl & XF_INEXACT) {
        *exc |= FPSCR_XX;
    }
    if (op == FPA_NMADD || op == FPA_NMSUB) {
        res ^= f->sign;
    }
    return res;
}

/* element i of a vector of doubles (n = 2) or singles (n = 4) */
static uint64_t xv_get(const PPCVec *v, bool sp, int i)
{
    return sp ? VW(*v, i) : VD(*v, i);
}

static void xv_set(PPCVec *v, bool sp, int i, uint64_t x)
{
    if (sp) {
        VW(*v, i) = (uint32_t)x;
    } else {
        VD(*v, i) = x;
    }
}

/* xv{add,sub,mul,div,sqrt,re,rsqrte,madd,msub,nmadd,nmsub}{dp,sp}
   (7.6.1): (desc = FPA_* | XVD_SP, t, a, b, c) as helper_fp_arith */
static void helper_xv_arith(CPUPPCState *env, uint64_t desc, uint64_t t,
                            uint64_t ia, uint64_t ib, uint64_t ic)
{
    bool sp = desc & XVD_SP;
    const XvFmt *f = sp ? &xv_sp : &xv_dp;
    PPCVec a = vec_get(env, ia), b = vec_get(env, ib), c = vec_get(env, ic);
    PPCVec r;
    uint64_t exc = 0, fpscr = env->fpscr;
    int rn = fpscr & FPSCR_RN;

    for (int i = 0; i < (sp ? 4 : 2); i++) {
        xv_set(&r, sp, i, vsx_fp_elem(env, f, desc & 0xff, xv_get(&a, sp, i),
                                      xv_get(&b, sp, i), xv_get(&c, sp, i),
                                      rn, fpscr, &exc));
    }
    /* ex_flag of the 7.6.1 pseudocode: any enabled exception */
    if (!xv_enabled(exc, fpscr)) {
        vec_put(env, t, &r);
    }
    vsx_fpscr_commit(env, fpscr, exc, GETPC());
}
INFO(xv_arith, 5, 0, VEC_HELPER_READS_MSR)

/* ------------------------------------------------------------ compares */

/*
 * xvcmp{eq,gt,ge}{dp,sp}[.] (7.6.1): each element all ones where the
 * relation holds; returns the CR6 value (all true: 0b1000, none: 0b0010).
 * An SNaN is VXSNAN; gt and ge also report VXVC for any NaN (for an SNaN
 * only when VE=0).  3.0's xscmp{eq,gt,ge}dp are the scalar form (element
 * 0, doubleword 1 of XT zeroed).
 */
static uint64_t helper_xv_cmp(CPUPPCState *env, uint64_t desc, uint64_t t,
                              uint64_t ia, uint64_t ib)
{
    bool sp = desc & XVD_SP, scalar = desc & XVD_SCALAR;
    const XvFmt *f = sp ? &xv_sp : &xv_dp;
    PPCVec a = vec_get(env, ia), b = vec_get(env, ib), r = {{0, 0}};
    uint64_t exc = 0, fpscr = env->fpscr, ones = sp ? 0xffffffffu : ~0ull;
    int n = scalar ? 1 : sp ? 4 : 2, all = 1, none = 1;
    int rel = desc & 3;

    for (int i = 0; i < n; i++) {
        uint64_t x = xv_get(&a, sp, i), y = xv_get(&b, sp, i);
        bool hold = false;

        if (xf_nan(f, x) || xf_nan(f, y)) {
            bool s = xf_snan(f, x) || xf_snan(f, y);

            if (s) {
                exc |= FPSCR_VXSNAN;
            }
            if (rel != XVC_EQ && (!s || !(fpscr & FPSCR_VE))) {
                exc |= FPSCR_VXVC;
            }
        } else {
            double dx = sp ? xv_u2f(x) : xv_u2d(x);
            double dy = sp ? xv_u2f(y) : xv_u2d(y);

            hold = rel == XVC_EQ ? dx == dy : rel == XVC_GT ? dx > dy
                                                            : dx >= dy;
        }
        xv_set(&r, sp, i, hold ? ones : 0);
        all &= hold;
        none &= !hold;
    }
    if (!vsx_fp_suppress(exc, fpscr)) {
        vec_put(env, t, &r);
    }
    vsx_fpscr_commit(env, fpscr, exc, GETPC());
    return (all ? CRF_LT : 0) | (none ? CRF_EQ : 0);
}
INFO(xv_cmp, 4, 1, VEC_HELPER_READS_MSR)

/* -------------------------------------------------------- min and max */

/*
 * The three flavours (7.6.1):
 *   xsmaxdp/xsmindp, xvmax/xvmin (ISA 2.06): IEEE 754-2008 maxNum: a
 *     NaN loses to a number; two NaNs give the first, quieted; +0 > -0.
 *   xsmaxcdp/xsmincdp (3.0): as C's (a > b) ? a : b: a NaN operand gives
 *     XB unchanged, and so does -0 vs +0.
 *   xsmaxjdp/xsminjdp (3.0): as Java: the first NaN (XA before XB),
 *     unchanged; +0 > -0.
 * An SNaN is VXSNAN in every flavour.
 */
static uint64_t xv_minmax_elem(const XvFmt *f, unsigned kind, uint64_t a,
                               uint64_t b, uint64_t *exc)
{
    bool max = kind & XVM_MAX, an = xf_nan(f, a), bn = xf_nan(f, b);
    bool agtb;

    if (xf_snan(f, a) || xf_snan(f, b)) {
        *exc |= FPSCR_VXSNAN;
    }
    switch (kind & XVM_FLAVOUR) {
    case XVM_C:
        if (an || bn) {
            return b;
        }
        break;
    case XVM_J:
        if (an) {
            return a;
        }
        if (bn) {
            return b;
        }
        break;
    default:
        if (an && bn) {
            return a | f->quiet;
        }
        if (an) {
            return b;
        }
        if (bn) {
            return a;
        }
        break;
    }
    if (xf_zero(f, a) && xf_zero(f, b)) {
        if ((kind & XVM_FLAVOUR) == XVM_C) {
            return b;
        }
        /* +0 is the larger */
        return (xf_neg(f, a) == max) ? b : a;
    }
    {
        double da = f == &xv_sp ? xv_u2f(a) : xv_u2d(a);
        double db = f == &xv_sp ? xv_u2f(b) : xv_u2d(b);

        agtb = da > db;
        if ((kind & XVM_FLAVOUR) == XVM_C) {
            return max ? (da > db ? a : b) : (da < db ? a : b);
        }
    }
    return agtb == max ? a : b;
}

static void helper_xv_minmax(CPUPPCState *env, uint64_t desc, uint64_t t,
                             uint64_t ia, uint64_t ib)
{
    bool sp = desc & XVD_SP, scalar = desc & XVD_SCALAR;
    const XvFmt *f = sp ? &xv_sp : &xv_dp;
    PPCVec a = vec_get(env, ia), b = vec_get(env, ib), r = {{0, 0}};
    uint64_t exc = 0, fpscr = env->fpscr;
    int n = scalar ? 1 : sp ? 4 : 2;

    for (int i = 0; i < n; i++) {
        xv_set(&r, sp, i, xv_minmax_elem(f, desc & 0xff, xv_get(&a, sp, i),
                                         xv_get(&b, sp, i), &exc));
    }
    if (!vsx_fp_suppress(exc, fpscr)) {
        vec_put(env, t, &r);
    }
    vsx_fpscr_commit(env, fpscr, exc, GETPC());
}
INFO(xv_minmax, 4, 0, VEC_HELPER_READS_MSR)

/* ----------------------------------------------- test for divide, sqrt */

/*
 * xstdivdp/xvtdiv[sd]p, xstsqrtdp/xvtsqrt[sd]p (7.6.1): no FPSCR change;
 * a CR field 0b1 || fg || fe || 0 ORed over the elements, where fe says
 * the operation may need software help (an operand NaN, infinity, a zero
 * divisor, or exponents that could overflow, underflow or lose precision)
 * and fg says an operand is infinite, or the divisor is zero or
 * denormal (for sqrt: the operand zero, infinite or denormal).
 */
/* the unbiased exponent: the field less the bias (a denormal or zero has
   field 0) */
static int xf_exp(const XvFmt *f, uint64_t x)
{
    return (int)((x & f->exp) >> f->fbits) - f->bias;
}

/* Book I 4.6.8 ftdiv, 7.6.1 xstdivdp: emin = 1 - bias, emax = bias */
static unsigned xv_tdiv_elem(const XvFmt *f, uint64_t a, uint64_t b)
{
    int emin = 1 - f->bias, emax = f->bias;
    int ea = xf_exp(f, a), eb = xf_exp(f, b);
    bool fg = xf_inf(f, a) || xf_inf(f, b) || xf_zero(f, b) ||
              xf_denorm(f, b);
    bool fe = xf_nan(f, a) || xf_inf(f, a) || xf_nan(f, b) ||
              xf_inf(f, b) || xf_zero(f, b) || eb <= emin ||
              eb >= emax - 2;

    if (!fe && !xf_zero(f, a)) {
        fe = ea - eb >= emax || ea - eb <= emin + 1 ||
             ea <= emin + f->fbits;
    }
    return CRF_LT | (fg ? CRF_GT : 0) | (fe ? CRF_EQ : 0);
}

/* ftsqrt, xstsqrtdp */
static unsigned xv_tsqrt_elem(const XvFmt *f, uint64_t b)
{
    int emin = 1 - f->bias;
    bool fg = xf_inf(f, b) || xf_zero(f, b) || xf_denorm(f, b);
    bool fe = xf_nan(f, b) || xf_inf(f, b) || xf_zero(f, b) ||
              xf_neg(f, b) || xf_exp(f, b) <= emin + f->fbits;

    return CRF_LT | (fg ? CRF_GT : 0) | (fe ? CRF_EQ : 0);
}

static uint64_t helper_xv_tdiv(CPUPPCState *env, uint64_t desc,
                               uint64_t ia, uint64_t ib)
{
    bool sp = desc & XVD_SP, scalar = desc & XVD_SCALAR;
    const XvFmt *f = sp ? &xv_sp : &xv_dp;
    PPCVec a = vec_get(env, ia), b = vec_get(env, ib);
    unsigned crf = CRF_LT;

    for (int i = 0; i < (scalar ? 1 : sp ? 4 : 2); i++) {
        crf |= (desc & XVT_SQRT) ? xv_tsqrt_elem(f, xv_get(&b, sp, i))
                                 : xv_tdiv_elem(f, xv_get(&a, sp, i),
                                                xv_get(&b, sp, i));
    }
    return crf;
}
INFO(xv_tdiv, 3, 1, TCG_CALL_PURE)

/* FPRF class codes (Book I 4.2.2, Figure 42): C || FL FG FE FU */
unsigned vsx_fprf_dp(uint64_t x, bool single)
{
    const XvFmt *f = &xv_dp;
    bool neg = xf_neg(f, x);
    double m = fabs(xv_u2d(x));

    if (xf_nan(f, x)) {
        return 0x11;
    }
    if (xf_inf(f, x)) {
        return neg ? 0x09 : 0x05;
    }
    if (xf_zero(f, x)) {
        return neg ? 0x12 : 0x02;
    }
    if (m < (single ? (double)FLT_MIN : DBL_MIN)) {
        return neg ? 0x18 : 0x14;
    }
    return neg ? 0x08 : 0x04;
}
