/*
 * target-ppc/helper-vmx-fp.c: the vector floating-point instructions of
 * Power ISA 3.0B Book I 6.11 (single precision, four words at a time).
 *
 * The VMX FP rules differ from the scalar FPU's (6.3):
 *   - there is no FPSCR: no status bits, no exceptions, and the rounding is
 *     always round to nearest even (the host's mode inside a helper: the
 *     FP helpers restore it after each operation), except for the vrfi*
 *     and vct* instructions, which name their own rounding;
 *   - VSCR[NJ] (non-Java mode) = 1: denormal operands are taken as zeros
 *     of the same sign and denormal results are replaced by zeros of the
 *     same sign; NJ = 0: IEEE denormals (6.3.1);
 *   - NaNs (6.3.2): the result is the first NaN operand in the order VRA,
 *     VRB, VRC (by field, whatever role the operand plays), quieted; an
 *     invalid operation on non-NaNs gives the default QNaN 0x7fc00000;
 *   - the conversions to integer saturate and set VSCR[SAT] (6.11.3).
 * The estimates (vrefp, vrsqrtefp, vexptefp, vlogefp) are computed exactly
 * and rounded to single, which is within the accuracy the ISA demands of
 * an estimate (6.11.2); POWER9's own estimate tables are not modelled.
 */
#include <math.h>
#include <string.h>

#include "helper-vmx.h"

#define SP_QNAN 0x7fc00000u
#define SP_QUIET 0x00400000u

static bool sp_is_nan(uint32_t w)
{
    return (w & 0x7fffffffu) > 0x7f800000u;
}

static bool sp_is_denormal(uint32_t w)
{
    return (w & 0x7f800000u) == 0 && (w & 0x007fffffu) != 0;
}

static float sp_float(uint32_t w)
{
    float f;

    memcpy(&f, &w, 4);
    return f;
}

static uint32_t sp_bits(float f)
{
    uint32_t w;

    memcpy(&w, &f, 4);
    return w;
}

/* an operand as the instruction sees it under VSCR[NJ] */
static float vin(const CPUPPCState *env, uint32_t w)
{
    if ((env->vscr & VSCR_NJ) && sp_is_denormal(w)) {
        w &= 0x80000000u;
    }
    return sp_float(w);
}

/* a result: the default QNaN for an invalid operation, NJ flushing */
static uint32_t vout(const CPUPPCState *env, float f)
{
    uint32_t w = sp_bits(f);

    if (sp_is_nan(w)) {
        return SP_QNAN;
    }
    if ((env->vscr & VSCR_NJ) && sp_is_denormal(w)) {
        w &= 0x80000000u;
    }
    return w;
}

/* the first NaN among n operands, quieted, or 0 when there is none (0 is
   never a NaN) */
static uint32_t first_nan(const uint32_t *w, int n)
{
    for (int k = 0; k < n; k++) {
        if (sp_is_nan(w[k])) {
            return w[k] | SP_QUIET;
        }
    }
    return 0;
}

/* element loops: x, y, z are VRA's, VRB's and VRC's words as floats; a NaN
   operand decides the result before expr is evaluated */
#define FP_EACH3(expr)                                                        \
    for (int i = 0; i < 4; i++) {                                             \
        uint32_t w[3] = {VW(a, i), VW(b, i), VW(c, i)};                       \
        uint32_t nan = first_nan(w, 3);                                       \
        float x = vin(env, w[0]), y = vin(env, w[1]), z = vin(env, w[2]);    \
        (void)x, (void)y, (void)z;                                            \
        VW(r, i) = nan ? nan : vout(env, (expr));                             \
    }

#define DEF_VFP3(name, expr)                                                  \
    DEF_VX3(name, {                                                           \
        PPCVec c = {{0, 0}};                                                  \
        FP_EACH3(expr)                                                        \
    })
#define DEF_VFP_VA(name, expr) DEF_VA(name, FP_EACH3(expr))
#define DEF_VFP2(name, expr)                                                  \
    DEF_VX2(name, {                                                           \
        PPCVec a = {{0, 0}}, c = {{0, 0}};                                    \
        for (int i = 0; i < 4; i++) {                                         \
            uint32_t w = VW(b, i);                                            \
            float y = vin(env, w);                                            \
            VW(r, i) = sp_is_nan(w) ? w | SP_QUIET : vout(env, (expr));       \
        }                                                                     \
        (void)a, (void)c;                                                     \
    })

/* ------------------------------------------------ arithmetic 6.11.1 */

/* sums and products of two singles are exact in double: one rounding */
DEF_VFP3(vaddfp, (float)((double)x + y))
DEF_VFP3(vsubfp, (float)((double)x - y))
/* vmaddfp VRT,VRA,VRC,VRB = VRA * VRC + VRB, fused; vnmsubfp negates
   VRA * VRC - VRB */
DEF_VFP_VA(vmaddfp, fmaf(x, z, y))
DEF_VFP_VA(vnmsubfp, -fmaf(x, z, -y))

/* max/min: +0 is greater than -0 (6.11.1) */
static float fmax_pz(float x, float y)
{
    if (x == y) {
        return signbit(x) ? y : x;
    }
    return x > y ? x : y;
}

static float fmin_nz(float x, float y)
{
    if (x == y) {
        return signbit(x) ? x : y;
    }
    return x < y ? x : y;
}

DEF_VFP3(vmaxfp, fmax_pz(x, y))
DEF_VFP3(vminfp, fmin_nz(x, y))

/* ------------------------------------------------- estimates 6.11.2 */

/* 1/x: 1/+-0 = +-inf, 1/+-inf = +-0 */
DEF_VFP2(vrefp, (float)(1.0 / y))
/* 1/sqrt(x): negative (non-zero) operands are invalid, +-0 gives +-inf */
DEF_VFP2(vrsqrtefp, y == 0 ? copysignf(INFINITY, y)
                  : y < 0 ? NAN : (float)(1.0 / sqrt(y)))
/* 2^x; log2(x) with log2(+-0) = -inf and negative operands invalid */
DEF_VFP2(vexptefp, (float)exp2((double)y))
DEF_VFP2(vlogefp, y == 0 ? -INFINITY : y < 0 ? NAN : (float)log2((double)y))

/* ------------------------------------------------ rounding 6.11.3 */

DEF_VFP2(vrfin, rintf(y)) /* nearest even: the host mode */
DEF_VFP2(vrfiz, truncf(y))
DEF_VFP2(vrfip, ceilf(y))
DEF_VFP2(vrfim, floorf(y))

/* ----------------------------------------------- conversions 6.11.3 */

/* vcfux/vcfsx VRT,VRB,UIM: the word as an integer / 2^UIM, rounded once
   (a 32-bit integer and the power of two are exact in double) */
DEF_VXI(vcfux, {
    for (int i = 0; i < 4; i++) {
        VW(r, i) = sp_bits((float)ldexp((double)VW(b, i), -(int)(uim & 31)));
    }
})
DEF_VXI(vcfsx, {
    for (int i = 0; i < 4; i++) {
        VW(r, i) = sp_bits(
            (float)ldexp((double)(int32_t)VW(b, i), -(int)(uim & 31)));
    }
})

/* vctuxs/vctsxs VRT,VRB,UIM: the word * 2^UIM truncated to an integer,
   saturated (VSCR[SAT]); a NaN converts to 0 */
static uint32_t cvt_sat(const CPUPPCState *env, uint32_t w, unsigned uim,
                        bool sgn, bool *sat)
{
    double v, lo = sgn ? -2147483648.0 : 0.0;
    double hi = sgn ? 2147483647.0 : 4294967295.0;

    if (sp_is_nan(w)) {
        return 0;
    }
    v = trunc(ldexp((double)vin(env, w), (int)uim));
    if (v < lo) {
        *sat = true;
        v = lo;
    } else if (v > hi) {
        *sat = true;
        v = hi;
    }
    return sgn ? (uint32_t)(int32_t)v : (uint32_t)v;
}

#define DEF_VCT(name, sgn)                                                    \
    static void helper_##name(CPUPPCState *env, uint64_t t, uint64_t ib,     \
                              uint64_t uim)                                   \
    {                                                                         \
        PPCVec b = vec_get(env, ib), r;                                       \
        bool sat = false;                                                     \
        for (int i = 0; i < 4; i++) {                                         \
            VW(r, i) = cvt_sat(env, VW(b, i), uim & 31, (sgn), &sat);         \
        }                                                                     \
        if (sat) {                                                            \
            env->vscr |= VSCR_SAT;                                            \
        }                                                                     \
        vec_put(env, t, &r);                                                  \
    }                                                                         \
    INFO(name, 3, 0, VEC_HELPER_WRITES)
DEF_VCT(vctuxs, false)
DEF_VCT(vctsxs, true)

/* ----------------------------------------------- compares 6.11.4 */

/*
 * All ones where the relation holds (never with a NaN), else zeros; the
 * return value is CR6 for the Rc=1 form as for the integer compares.
 * vcmpbfp sets bit 0 of a word when VRA > VRB and bit 1 when VRA < -VRB
 * (both for a NaN); its CR6 has only bit 2, "all within bounds".
 */
#define DEF_VCFP(name, pred)                                                  \
    static uint64_t helper_##name(CPUPPCState *env, uint64_t t, uint64_t ia, \
                                  uint64_t ib)                                \
    {                                                                         \
        PPCVec a = vec_get(env, ia), b = vec_get(env, ib), r;                 \
        bool all = true, none = true;                                         \
        for (int i = 0; i < 4; i++) {                                         \
            float x = vin(env, VW(a, i)), y = vin(env, VW(b, i));             \
            bool p = (pred);                                                  \
            VW(r, i) = p ? 0xffffffffu : 0;                                   \
            all &= p;                                                         \
            none &= !p;                                                       \
        }                                                                     \
        vec_put(env, t, &r);                                                  \
        return (all ? 8 : 0) | (none ? 2 : 0);                                \
    }                                                                         \
    INFO(name, 3, 1, VEC_HELPER_WRITES)
DEF_VCFP(vcmpeqfp, x == y)
DEF_VCFP(vcmpgefp, x >= y)
DEF_VCFP(vcmpgtfp, x > y)

static uint64_t helper_vcmpbfp(CPUPPCState *env, uint64_t t, uint64_t ia,
                               uint64_t ib)
{
    PPCVec a = vec_get(env, ia), b = vec_get(env, ib), r;
    bool in_bounds = true;

    for (int i = 0; i < 4; i++) {
        float x = vin(env, VW(a, i)), y = vin(env, VW(b, i));
        uint32_t v = (x <= y ? 0 : 1u << 31) | (x >= -y ? 0 : 1u << 30);

        VW(r, i) = v;
        in_bounds &= v == 0;
    }
    vec_put(env, t, &r);
    return in_bounds ? 2 : 0;
}
INFO(vcmpbfp, 3, 1, VEC_HELPER_WRITES)
