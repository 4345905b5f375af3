/*
 * target-ppc/helper-vsx-cvt.c: the VSX conversions of Power ISA 3.0B Book
 * I 7.6.1 that helper-fp.c does not do: every vector conversion between
 * double, single and integers (with the ISA's NaN and saturation rules),
 * vector round-to-integral, half precision (xscvhpdp, xscvdphp,
 * xvcvhpsp, xvcvsphp), the exponent and significand moves and the
 * data-class tests.
 *
 * Vector conversions follow the vector rules of helper-vsx-fp.c (FPRF, FR,
 * FI unchanged; an enabled invalid operation leaves XT unchanged).
 * Conversions to integers round toward zero; a NaN gives the most negative
 * integer (0 for unsigned), a value out of range saturates, both with
 * VXCVI (and VXSNAN for an SNaN); an inexact result sets XX.  ISA 3.0
 * puts a word or single result of a doubleword element in both words of
 * that doubleword (POWER9 does so; 2.07 left the other word undefined).
 */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "internal.h"
#include "trans-vec.h"
#include "vsx-fp.h"

#if defined(__x86_64__)
#define CV_FORCE(x) __asm__ volatile("" : "+x"(x))
#else
#define CV_FORCE(x) __asm__ volatile("" : "+m"(x))
#endif

#define INFO(fn, n, ret, fl)                                                  \
    const TCGHelperInfo helper_info_##fn = {                                  \
        .func = (void *)helper_##fn, .name = #fn,                             \
        .nb_iargs = (n), .has_ret = (ret), .flags = (fl),                     \
    };

static const int cv_fe_round[4] = {FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD,
                                   FE_DOWNWARD};

static double cv_u2d(uint64_t u)
{
    double d;
    memcpy(&d, &u, 8);
    return d;
}
static uint64_t cv_d2u(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}
static float cv_u2f(uint32_t u)
{
    float f;
    memcpy(&f, &u, 4);
    return f;
}
static uint32_t cv_f2u(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static bool d_nan(uint64_t x) { return (x & ~(1ull << 63)) > 0x7ff0000000000000ull; }
static bool d_snan(uint64_t x) { return d_nan(x) && !(x & (1ull << 51)); }
static bool s_nan(uint32_t x) { return (x & 0x7fffffffu) > 0x7f800000u; }
static bool s_snan(uint32_t x) { return s_nan(x) && !(x & 0x400000u); }

/* ---------------------------------------------------- to integers */

/* v (not a NaN) truncated to a signed or unsigned integer of bits bits */
static uint64_t cv_to_int(double v, bool is_signed, int bits, uint64_t *exc)
{
    double t = trunc(v);
    double lim = ldexp(1.0, is_signed ? bits - 1 : bits);

    if (is_signed) {
        if (t < -lim || t >= lim) {
            *exc |= FPSCR_VXCVI;
            return t < 0 ? 1ull << (bits - 1)
                         : (bits == 64 ? ~0ull >> 1
                                       : (1ull << (bits - 1)) - 1);
        }
    } else if (t <= -1.0 || t >= lim) {
        *exc |= FPSCR_VXCVI;
        return t < 0 ? 0 : (bits == 64 ? ~0ull : (1ull << bits) - 1);
    }
    if (t != v) {
        *exc |= FPSCR_XX;
    }
    if (is_signed) {
        int64_t i = (int64_t)t;
        return bits == 64 ? (uint64_t)i : (uint64_t)i & 0xffffffffu;
    }
    return (uint64_t)t;
}

static uint64_t cv_nan_int(bool snan, bool is_signed, int bits,
                           uint64_t *exc)
{
    *exc |= FPSCR_VXCVI | (snan ? FPSCR_VXSNAN : 0);
    return is_signed ? 1ull << (bits - 1) : 0;
}

/* ----------------------------------------------- rounded host conversions */

typedef struct CvHost {
    int saved_round;
    fexcept_t saved_flags;
} CvHost;

static void cv_begin(CvHost *h, int rn)
{
    h->saved_round = fegetround();
    fegetexceptflag(&h->saved_flags, FE_ALL_EXCEPT);
    fesetround(cv_fe_round[rn & 3]);
    feclearexcept(FE_ALL_EXCEPT);
}

/* the FPSCR bits of the host's flags since cv_begin (tiny is given) */
static uint64_t cv_flags(bool tiny, uint64_t fpscr)
{
    int e = fetestexcept(FE_ALL_EXCEPT);
    uint64_t exc = 0;

    if (e & FE_OVERFLOW) {
        exc |= FPSCR_OX;
    }
    if (e & FE_INEXACT) {
        exc |= FPSCR_XX;
    }
    if (tiny && ((e & FE_INEXACT) || (fpscr & FPSCR_UE))) {
        exc |= FPSCR_UX;
    }
    return exc;
}

static void cv_end(CvHost *h)
{
    fesetround(h->saved_round);
    fesetexceptflag(&h->saved_flags, FE_ALL_EXCEPT);
}

static uint64_t cv_int_to_dp(uint64_t x, bool is_signed, int rn,
                             uint64_t *exc)
{
    CvHost h;
    double d;

    cv_begin(&h, rn);
    if (is_signed) {
        int64_t s = (int64_t)x;
        CV_FORCE(s);
        d = (double)s;
    } else {
        CV_FORCE(x);
        d = (double)x;
    }
    CV_FORCE(d);
    *exc |= cv_flags(false, 0);
    cv_end(&h);
    return cv_d2u(d);
}

static uint32_t cv_int_to_sp(uint64_t x, bool is_signed, int rn,
                             uint64_t *exc)
{
    CvHost h;
    float f;

    cv_begin(&h, rn);
    if (is_signed) {
        int64_t s = (int64_t)x;
        CV_FORCE(s);
        f = (float)s;
    } else {
        CV_FORCE(x);
        f = (float)x;
    }
    CV_FORCE(f);
    *exc |= cv_flags(false, 0);
    cv_end(&h);
    return cv_f2u(f);
}

/* double -> single (xvcvdpsp), rounded in rn */
static uint32_t cv_dp_to_sp(uint64_t x, int rn, uint64_t fpscr,
                            uint64_t *exc)
{
    CvHost h;
    double d = cv_u2d(x);
    float f, z;

    if (d_nan(x)) {
        if (d_snan(x)) {
            *exc |= FPSCR_VXSNAN;
        }
        return ppc_fp_double_to_single(x | (1ull << 51));
    }
    cv_begin(&h, rn);
    CV_FORCE(d);
    f = (float)d;
    CV_FORCE(f);
    {
        int e = fetestexcept(FE_INEXACT);
        bool tiny = f != 0 && fabsf(f) < FLT_MIN;

        if ((e & FE_INEXACT) && fabsf(f) <= FLT_MIN) {
            fesetround(FE_TOWARDZERO);
            z = (float)d;
            CV_FORCE(z);
            fesetround(cv_fe_round[rn & 3]);
            tiny = fabsf(z) < FLT_MIN;
        }
        *exc |= cv_flags(tiny, fpscr);
    }
    cv_end(&h);
    return cv_f2u(f);
}

/* round to an integral value in double or single format */
static uint64_t cv_round_int(uint64_t x, bool sp, int kind, int rn,
                             uint64_t *exc)
{
    double v;

    if (sp ? s_nan((uint32_t)x) : d_nan(x)) {
        if (sp ? s_snan((uint32_t)x) : d_snan(x)) {
            *exc |= FPSCR_VXSNAN;
        }
        return x | (sp ? 0x400000u : 1ull << 51);
    }
    v = sp ? cv_u2f((uint32_t)x) : cv_u2d(x);
    switch (kind) {
    case 0: v = round(v); break;  /* nearest, ties away from zero */
    case 1: v = trunc(v); break;
    case 2: v = ceil(v); break;
    case 3: v = floor(v); break;
    default: {                    /* the current mode; inexact counts */
        CvHost h;
        double r;

        cv_begin(&h, rn);
        CV_FORCE(v);
        r = nearbyint(v);
        CV_FORCE(r);
        cv_end(&h);
        if (r != v) {
            *exc |= FPSCR_XX;
        }
        v = r;
        break;
    }
    }
    return sp ? cv_f2u((float)v) : cv_d2u(v);
}

/* -------------------------------------------------- half precision */

static const VsxFmt cv_half = {11, 15, 5};

/* binary16 bits -> double bits (exact); an SNaN is quieted */
static uint64_t cv_hp_to_dp(uint16_t h, uint64_t *exc)
{
    uint64_t s = (uint64_t)(h >> 15) << 63;
    int e = (h >> 10) & 31;
    uint64_t m = h & 0x3ff;

    if (e == 31) {
        if (m && !(m & 0x200)) {
            *exc |= FPSCR_VXSNAN;
            m |= 0x200;
        }
        return s | 0x7ff0000000000000ull | m << 42;
    }
    if (e == 0) {
        double d = ldexp((double)m, -24);
        return s | cv_d2u(d);
    }
    return s | (uint64_t)(e - 15 + 1023) << 52 | m << 42;
}

/* double bits -> binary16 bits rounded in rn (or a NaN, quieted) */
static uint16_t cv_dp_to_hp(uint64_t x, int rn, uint64_t fpscr,
                            uint64_t *exc, bool *up)
{
    bool neg = x >> 63;
    int e = (int)((x >> 52) & 0x7ff);
    uint64_t m = x & ((1ull << 52) - 1);
    VsxRound r;

    *up = false;
    if (e == 0x7ff) {
        if (m) {
            if (!(m & (1ull << 51))) {
                *exc |= FPSCR_VXSNAN;
            }
            return (uint16_t)((neg ? 0x8000 : 0) | 0x7e00 | ((m >> 42) & 0x1ff));
        }
        return neg ? 0xfc00 : 0x7c00;
    }
    if (e == 0 && m == 0) {
        return neg ? 0x8000 : 0;
    }
    if (e) {
        m |= 1ull << 52;
    } else {
        e = 1;
    }
    r = vsx_round(&cv_half, neg, m, e - 1075, rn);
    if (r.overflow) {
        *exc |= FPSCR_OX;
    }
    if (r.inexact) {
        *exc |= FPSCR_XX;
    }
    if (r.tiny && (r.inexact || (fpscr & FPSCR_UE))) {
        *exc |= FPSCR_UX;
    }
    *up = r.up;
    return (uint16_t)r.bits;
}

/* ---------------------------------------------------- the dispatcher */

static void helper_xv_cvt(CPUPPCState *env, uint64_t kind, uint64_t t,
                          uint64_t ib)
{
    PPCVec b = vec_get(env, ib), r = {{0, 0}};
    uint64_t fpscr = env->fpscr, exc = 0;
    int rn = fpscr & FPSCR_RN;
    bool scalar = false;

    switch (kind) {
    case XCV_SXWDP:
    case XCV_UXWDP:
        for (int i = 0; i < 2; i++) {
            uint32_t w = VW(b, 2 * i);
            VD(r, i) = cv_d2u(kind == XCV_SXWDP ? (double)(int32_t)w
                                                : (double)w);
        }
        break;
    case XCV_SXDDP:
    case XCV_UXDDP:
        for (int i = 0; i < 2; i++) {
            VD(r, i) = cv_int_to_dp(VD(b, i), kind == XCV_SXDDP, rn, &exc);
        }
        break;
    case XCV_SXDSP:
    case XCV_UXDSP:
        for (int i = 0; i < 2; i++) {
            uint32_t s = cv_int_to_sp(VD(b, i), kind == XCV_SXDSP, rn, &exc);
            VW(r, 2 * i) = VW(r, 2 * i + 1) = s;
        }
        break;
    case XCV_SXWSP:
    case XCV_UXWSP:
        for (int i = 0; i < 4; i++) {
            uint64_t w = kind == XCV_SXWSP ? (uint64_t)(int64_t)(int32_t)VW(b, i)
                                           : VW(b, i);
            VW(r, i) = cv_int_to_sp(w, kind == XCV_SXWSP, rn, &exc);
        }
        break;
    case XCV_DPSXDS:
    case XCV_DPUXDS:
    case XCV_DPSXWS:
    case XCV_DPUXWS: {
        bool sg = kind == XCV_DPSXDS || kind == XCV_DPSXWS;
        int bits = kind <= XCV_DPUXDS ? 64 : 32;

        for (int i = 0; i < 2; i++) {
            uint64_t x = VD(b, i), v;

            v = d_nan(x) ? cv_nan_int(d_snan(x), sg, bits, &exc)
                         : cv_to_int(cv_u2d(x), sg, bits, &exc);
            if (bits == 64) {
                VD(r, i) = v;
            } else {
                VW(r, 2 * i) = VW(r, 2 * i + 1) = (uint32_t)v;
            }
        }
        break;
    }
    case XCV_SPSXWS:
    case XCV_SPUXWS:
        for (int i = 0; i < 4; i++) {
            uint32_t x = VW(b, i);
            bool sg = kind == XCV_SPSXWS;

            VW(r, i) = (uint32_t)(s_nan(x) ? cv_nan_int(s_snan(x), sg, 32, &exc)
                                           : cv_to_int(cv_u2f(x), sg, 32, &exc));
        }
        break;
    case XCV_SPSXDS:
    case XCV_SPUXDS:
        for (int i = 0; i < 2; i++) {
            uint32_t x = VW(b, 2 * i);
            bool sg = kind == XCV_SPSXDS;

            VD(r, i) = s_nan(x) ? cv_nan_int(s_snan(x), sg, 64, &exc)
                                : cv_to_int(cv_u2f(x), sg, 64, &exc);
        }
        break;
    case XCV_DPSP:
        for (int i = 0; i < 2; i++) {
            uint32_t s = cv_dp_to_sp(VD(b, i), rn, fpscr, &exc);
            VW(r, 2 * i) = VW(r, 2 * i + 1) = s;
        }
        break;
    case XCV_SPDP:
        for (int i = 0; i < 2; i++) {
            uint32_t s = VW(b, 2 * i);

            if (s_snan(s)) {
                exc |= FPSCR_VXSNAN;
                s |= 0x400000u;
            }
            VD(r, i) = ppc_fp_single_to_double(s);
        }
        break;
    case XCV_RDPI: case XCV_RDPIZ: case XCV_RDPIP: case XCV_RDPIM:
    case XCV_RDPIC:
        for (int i = 0; i < 2; i++) {
            VD(r, i) = cv_round_int(VD(b, i), false, (int)(kind - XCV_RDPI),
                                    rn, &exc);
        }
        break;
    case XCV_RSPI: case XCV_RSPIZ: case XCV_RSPIP: case XCV_RSPIM:
    case XCV_RSPIC:
        for (int i = 0; i < 4; i++) {
            VW(r, i) = (uint32_t)cv_round_int(VW(b, i), true,
                                              (int)(kind - XCV_RSPI), rn,
                                              &exc);
        }
        break;
    case XCV_HPSP:
        /* halfword 2i+1 of each word -> the word as a single */
        for (int i = 0; i < 4; i++) {
            VW(r, i) = ppc_fp_double_to_single(cv_hp_to_dp(VH(b, 2 * i + 1),
                                                           &exc));
        }
        break;
    case XCV_SPHP:
        for (int i = 0; i < 4; i++) {
            bool up;
            VH(r, 2 * i + 1) = cv_dp_to_hp(ppc_fp_single_to_double(VW(b, i)),
                                           rn, fpscr, &exc, &up);
        }
        break;
    case XCV_HPDP:
    case XCV_DPHP: {
        /* the scalars set FPRF, FR and FI (7.6.1) */
        uint64_t res;
        bool up = false;

        scalar = true;
        if (kind == XCV_HPDP) {
            res = cv_hp_to_dp(VH(b, 3), &exc);
            fpscr = (fpscr & ~FPSCR_FPRF) |
                    (uint64_t)vsx_fprf_dp(res, false) << FPSCR_FPRF_SHIFT;
        } else {
            res = cv_dp_to_hp(VD(b, 0), rn, fpscr, &exc, &up);
            /* the class of the half result */
            fpscr = (fpscr & ~FPSCR_FPRF) |
                    (uint64_t)vsx_fprf_dp(cv_hp_to_dp((uint16_t)res,
                                                      &(uint64_t){0}),
                                          false) << FPSCR_FPRF_SHIFT;
            if ((res & 0x7c00) == 0 && (res & 0x3ff)) {
                /* a half denormal is a double normal: FPRF says denormal */
                fpscr = (fpscr & ~FPSCR_FPRF) |
                        (uint64_t)((res & 0x8000) ? 0x18 : 0x14)
                            << FPSCR_FPRF_SHIFT;
            }
        }
        fpscr &= ~(FPSCR_FR | FPSCR_FI);
        if (exc & FPSCR_XX) {
            fpscr |= FPSCR_FI;
        }
        if (up) {
            fpscr |= FPSCR_FR;
        }
        VD(r, 0) = res;
        VD(r, 1) = 0;
        break;
    }
    default:
        break;
    }
    if (!vsx_fp_suppress(exc, fpscr)) {
        vec_put(env, t, &r);
    } else if (scalar) {
        fpscr = (fpscr & ~(FPSCR_FR | FPSCR_FI | FPSCR_FPRF)) |
                (env->fpscr & FPSCR_FPRF);
    }
    vsx_fpscr_commit(env, fpscr, exc, GETPC());
}
INFO(xv_cvt, 3, 0, VEC_HELPER_READS_MSR)

/* ----------------------------------------------------- data class */

/* DCMX bits (7.6.1 xststdcdp): 0x40 NaN, 0x20 +inf, 0x10 -inf, 0x08 +0,
   0x04 -0, 0x02 +denormal, 0x01 -denormal */
static unsigned cv_class_dp(uint64_t x, bool as_single)
{
    bool neg = x >> 63;
    uint64_t m = x & ~(1ull << 63);

    if (m > 0x7ff0000000000000ull) {
        return 0x40;
    }
    if (m == 0x7ff0000000000000ull) {
        return neg ? 0x10 : 0x20;
    }
    if (m == 0) {
        return neg ? 0x04 : 0x08;
    }
    if (m < (as_single ? 0x3810000000000000ull : 0x0010000000000000ull)) {
        return neg ? 0x01 : 0x02;
    }
    return 0;
}

static unsigned cv_class_sp(uint32_t x)
{
    bool neg = x >> 31;
    uint32_t m = x & 0x7fffffffu;

    if (m > 0x7f800000u) {
        return 0x40;
    }
    if (m == 0x7f800000u) {
        return neg ? 0x10 : 0x20;
    }
    if (m == 0) {
        return neg ? 0x04 : 0x08;
    }
    if (m < 0x00800000u) {
        return neg ? 0x01 : 0x02;
    }
    return 0;
}

/* xststdcdp, xststdcsp BF,XB,DCMX: CR[BF] = sign || 0 || match || 0,
   FPCC the same; xststdcsp classifies the double value as a single */
static uint64_t helper_xststdc(CPUPPCState *env, uint64_t desc, uint64_t ib,
                               uint64_t dcmx)
{
    uint64_t x = env->vsr[ib & 63][0];
    bool match = cv_class_dp(x, desc & XVD_SP) & dcmx;
    unsigned crf = (x >> 63 ? CRF_LT : 0) | (match ? CRF_EQ : 0);

    env->fpscr = (env->fpscr & ~FPSCR_FPCC) |
                 (uint64_t)crf << FPSCR_FPRF_SHIFT;
    return crf;
}
INFO(xststdc, 3, 1, VEC_HELPER_WRITES)

/* xvtstdcdp, xvtstdcsp XT,XB,DCMX: each element all ones on a match */
static void helper_xvtstdc(CPUPPCState *env, uint64_t desc, uint64_t t,
                           uint64_t ib, uint64_t dcmx)
{
    PPCVec b = vec_get(env, ib), r;

    if (desc & XVD_SP) {
        for (int i = 0; i < 4; i++) {
            VW(r, i) = (cv_class_sp(VW(b, i)) & dcmx) ? 0xffffffffu : 0;
        }
    } else {
        for (int i = 0; i < 2; i++) {
            VD(r, i) = (cv_class_dp(VD(b, i), false) & dcmx) ? ~0ull : 0;
        }
    }
    vec_put(env, t, &r);
}
INFO(xvtstdc, 4, 0, VEC_HELPER_WRITES)

/* xscmpexpdp BF,XA,XB (3.0): compares the exponent fields; a NaN operand
   gives UN.  CR[BF] and FPCC get the result; no exception */
static uint64_t helper_xscmpexpdp(CPUPPCState *env, uint64_t ia, uint64_t ib)
{
    uint64_t a = env->vsr[ia & 63][0], b = env->vsr[ib & 63][0];
    uint64_t ea = (a >> 52) & 0x7ff, eb = (b >> 52) & 0x7ff;
    unsigned crf;

    if (d_nan(a) || d_nan(b)) {
        crf = CRF_SO;
    } else {
        crf = ea < eb ? CRF_LT : ea > eb ? CRF_GT : CRF_EQ;
    }
    env->fpscr = (env->fpscr & ~FPSCR_FPCC) |
                 (uint64_t)crf << FPSCR_FPRF_SHIFT;
    return crf;
}
INFO(xscmpexpdp, 2, 1, VEC_HELPER_WRITES)

/* ------------------------------------------ exponent and significand */

/* xviexpdp/sp XT,XA,XB: sign and fraction of XA, exponent field from the
   low bits of XB; xvxexp[sd]p: the exponent field; xvxsig[sd]p: the
   fraction with the implicit bit (1 unless the exponent field is 0 or
   all ones) */
static void helper_xv_exp(CPUPPCState *env, uint64_t desc, uint64_t t,
                          uint64_t ia, uint64_t ib)
{
    PPCVec a = vec_get(env, ia), b = vec_get(env, ib), r;
    bool sp = desc & XVD_SP;
    int op = desc & 0xff;

    for (int i = 0; i < (sp ? 4 : 2); i++) {
        uint64_t x = sp ? VW(b, i) : VD(b, i), y = sp ? VW(a, i) : VD(a, i);
        int fb = sp ? 23 : 52;
        uint64_t emask = sp ? 0xff : 0x7ff, fmask = (1ull << fb) - 1;
        uint64_t e = (x >> fb) & emask, v;

        switch (op) {
        case XVX_IEXP:
            v = (y & ~(emask << fb)) | (x & emask) << fb;
            break;
        case XVX_XEXP:
            v = e;
            break;
        default:
            v = (x & fmask) | ((e != 0 && e != emask) ? 1ull << fb : 0);
            break;
        }
        if (sp) {
            VW(r, i) = (uint32_t)v;
        } else {
            VD(r, i) = v;
        }
    }
    vec_put(env, t, &r);
}
INFO(xv_exp, 4, 0, VEC_HELPER_WRITES)

/* xsxsigdp (3.0): the fraction of doubleword d with the implicit bit */
static uint64_t helper_xsxsigdp(CPUPPCState *env, uint64_t d)
{
    uint64_t e = (d >> 52) & 0x7ff;

    return (d & ((1ull << 52) - 1)) | (e != 0 && e != 0x7ff ? 1ull << 52 : 0);
}
INFO(xsxsigdp, 1, 1, TCG_CALL_PURE)

/* xsxsigqp (3.0): doubleword 0 of the quad significand from doubleword 0
   of the operand (16 bits of sign and exponent, 48 of fraction) */
static uint64_t helper_xsxsigqp(CPUPPCState *env, uint64_t hi)
{
    uint64_t e = (hi >> 48) & 0x7fff;

    return (hi & ((1ull << 48) - 1)) |
           (e != 0 && e != 0x7fff ? 1ull << 48 : 0);
}
INFO(xsxsigqp, 1, 1, TCG_CALL_PURE)
