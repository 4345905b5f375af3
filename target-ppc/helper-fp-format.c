/*
 * target-ppc/helper-fp-format.c: the floating-point operations of Power
 * ISA 3.0B Book I chapter 4 that do not round: the single <-> double
 * formats of lfs/stfs (4.6.2, 4.6.3), fsel, and the software divide and
 * square root tests ftdiv/ftsqrt.  None of them changes the FPSCR.
 */
#include "internal.h"
#include "trans-vec.h"
#include "fp-bits.h"

/* ------------------------------------------- load/store formats, fsel */

/*
 * DOUBLE(): a single-format word as the double lfs puts in an FPR (Book I
 * 4.6.2).  Exact for every value, SNaNs included (they stay signalling).
 */
uint64_t ppc_fp_single_to_double(uint32_t w)
{
    uint64_t sign = (uint64_t)(w >> 31) << 63;
    unsigned exp = (w >> 23) & 0xff;
    uint64_t frac = w & 0x7fffff;

    if (exp == 0xff) {
        return sign | F64_EXP | frac << 29;
    }
    if (exp == 0) {
        int shift;

        if (frac == 0) {
            return sign;
        }
        /* denormal: normalize so the leading 1 lands on bit 23 */
        shift = __builtin_clzll(frac) - 40;
        frac = (frac << shift) & 0x7fffff;
        return sign | (uint64_t)(1023 - 126 - shift) << 52 | frac << 29;
    }
    return sign | (uint64_t)(exp - 127 + 1023) << 52 | frac << 29;
}

/*
 * SINGLE(): the word stfs stores (Book I 4.6.3): bits taken, not rounded.
 * Values in single's denormal range are denormalized; those below it are
 * undefined in the ISA and stored as a signed zero (as POWER9 does).
 */
uint32_t ppc_fp_double_to_single(uint64_t d)
{
    unsigned exp = (d >> 52) & 0x7ff;
    uint32_t sign = (uint32_t)(d >> 63) << 31;

    if (exp > 896 || (d & ~F64_SIGN) == 0) {
        return sign | (uint32_t)((d >> 32) & 0x40000000u) |
               (uint32_t)((d >> 29) & 0x3fffffffu);
    }
    if (exp >= 874) {
        /* 1.frac * 2^(exp-1023), with 2^-149 as the unit */
        uint64_t m = (d & F64_FRAC) | (1ull << 52);
        return sign | (uint32_t)(m >> (52 - 149 + 1023 - (int)exp));
    }
    return sign;
}

static uint64_t helper_fp_s2d(CPUPPCState *env, uint64_t w)
{
    return ppc_fp_single_to_double((uint32_t)w);
}

static uint64_t helper_fp_d2s(CPUPPCState *env, uint64_t d)
{
    return ppc_fp_double_to_single(d);
}

/* fsel (4.6.12): FRA >= 0 (and not a NaN; -0 counts as 0) ? FRC : FRB */
static uint64_t helper_fsel(CPUPPCState *env, uint64_t a, uint64_t b,
                            uint64_t c)
{
    bool ge0 = !f64_is_nan(a) && (!f64_neg(a) || f64_is_zero(a));

    return ge0 ? c : b;
}

const TCGHelperInfo helper_info_fp_s2d = {
    .func = (void *)helper_fp_s2d, .name = "fp_s2d",
    .nb_iargs = 1, .has_ret = 1, .flags = TCG_CALL_PURE,
};

const TCGHelperInfo helper_info_fp_d2s = {
    .func = (void *)helper_fp_d2s, .name = "fp_d2s",
    .nb_iargs = 1, .has_ret = 1, .flags = TCG_CALL_PURE,
};

const TCGHelperInfo helper_info_fsel = {
    .func = (void *)helper_fsel, .name = "fsel",
    .nb_iargs = 3, .has_ret = 1, .flags = TCG_CALL_PURE,
};

/* ------------------------------------------- test for software divide */

/* the unbiased exponent field of x (denormals: -1023, which the tests
   below treat like -1022: both are below every threshold that matters) */
static int f64_uexp(uint64_t x)
{
    return (int)((x >> 52) & 0x7ff) - 1023;
}

static bool f64_is_denormal(uint64_t x)
{
    return (x & F64_EXP) == 0 && !f64_is_zero(x);
}

/*
 * ftdiv BF,FRA,FRB (Book I 4.6.6.1) and xstdivdp: CR field 0b1 || fg ||
 * fe || 0b0.  fe: a/b may need the software path (an operand special,
 * or exponents where a Newton-Raphson quotient could over- or underflow);
 * fg: FRA infinite or FRB zero, infinite or denormal.  No FPSCR change.
 */
static uint64_t helper_ftdiv(CPUPPCState *env, uint64_t a, uint64_t b)
{
    int ea = f64_uexp(a), eb = f64_uexp(b);
    bool fe, fg;

    fe = f64_is_nan(a) || f64_is_inf(a) || f64_is_nan(b) || f64_is_inf(b) ||
         f64_is_zero(b) || eb <= -1022 || eb >= 1021 ||
         (!f64_is_zero(a) &&
          (ea - eb >= 1023 || ea - eb <= -1021 || ea <= -970));
    fg = f64_is_inf(a) || f64_is_inf(b) || f64_is_zero(b) ||
         f64_is_denormal(b);
    return 8 | (fg ? 4 : 0) | (fe ? 2 : 0);
}

/* ftsqrt BF,FRB (4.6.6.1), xstsqrtdp: fe: FRB zero, infinite, NaN,
   negative or with exponent <= -970; fg: FRB zero, infinite or
   denormal */
static uint64_t helper_ftsqrt(CPUPPCState *env, uint64_t b)
{
    bool fe, fg;

    fe = f64_is_zero(b) || f64_is_inf(b) || f64_is_nan(b) || f64_neg(b) ||
         f64_uexp(b) <= -970;
    fg = f64_is_zero(b) || f64_is_inf(b) || f64_is_denormal(b);
    return 8 | (fg ? 4 : 0) | (fe ? 2 : 0);
}

const TCGHelperInfo helper_info_ftdiv = {
    .func = (void *)helper_ftdiv, .name = "ftdiv",
    .nb_iargs = 2, .has_ret = 1, .flags = TCG_CALL_PURE,
};

const TCGHelperInfo helper_info_ftsqrt = {
    .func = (void *)helper_ftsqrt, .name = "ftsqrt",
    .nb_iargs = 1, .has_ret = 1, .flags = TCG_CALL_PURE,
};
