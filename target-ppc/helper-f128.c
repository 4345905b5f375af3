/*
 * target-ppc/helper-f128.c: IEEE 754 binary128 ("quad precision") for the
 * VSX scalar quad-precision instructions of Power ISA 3.0B Book I 7.6.1
 * (xsaddqp ... xsnmsubqp, xsdivqp, xssqrtqp, their round-to-odd forms,
 * the compares, conversions and round-to-integral), written here in
 * integer arithmetic: the host has no binary128 unit.
 *
 * A quad value lives in a VSR as the ISA draws it: doubleword 0 holds
 * bits 0:63 (sign, 15-bit exponent, the top 48 fraction bits).  Finite
 * operands are unpacked to m * 2^ex with m an unsigned __int128 holding
 * the 113-bit significand.  Each operation forms its exact result, or a
 * value with enough extra bits and a sticky bit (the OR of everything
 * below) that one rounding of it is the correctly rounded result:
 *   add/sub: both significands moved up to bit 125, the smaller shifted
 *     right with sticky;
 *   mul: the 226-bit product in 256 bits, cut to 126 bits with sticky;
 *   div: 116 quotient bits by restoring division, the remainder sticky;
 *   sqrt: 116 root bits digit by digit, the remainder sticky;
 *   fma: product and addend aligned in 256 bits, then cut with sticky.
 * vsx_round() rounds such a value to any binary format (quad, double,
 * half, the 64-bit precision of xsrqpxp) in the four FPSCR[RN] modes and
 * round-to-odd, and reports inexact, overflow and tininess (before
 * rounding, as the ISA detects it).
 *
 * FPSCR: the quad instructions set FPRF, FR, FI and the exception bits as
 * the scalar double ones do (Book I 4.3-4.4 with the quad format); an
 * enabled invalid or zero-divide exception leaves the target unchanged.
 * NaN operands: the first NaN (in the order src1, src2, src3 of the ISA's
 * description: VRA, VRB, or for the multiply-adds VRA, VRT, VRB), quieted;
 * an invalid operation gives the default QNaN 0x7fff8000...0.
 */
#include <string.h>

#include "internal.h"
#include "trans-vec.h"
#include "vsx-fp.h"

typedef unsigned __int128 u128;

#define INFO(fn, n, ret, fl)                                                  \
    const TCGHelperInfo helper_info_##fn = {                                  \
        .func = (void *)helper_##fn, .name = #fn,                             \
        .nb_iargs = (n), .has_ret = (ret), .flags = (fl),                     \
    };

#define Q_SIGN ((u128)1 << 127)
#define Q_EXP_SHIFT 112
#define Q_EXP_MAX 0x7fff
#define Q_FRAC (((u128)1 << 112) - 1)
#define Q_QUIET ((u128)1 << 111)
#define Q_DEFAULT_NAN ((u128)0x7fff8000ull << 96)
#define Q_BIAS 16383

static const VsxFmt fmt_quad = {113, 16383, 15};
static const VsxFmt fmt_double = {53, 1023, 11};
static const VsxFmt fmt_xp = {64, 16383, 15}; /* xsrqpxp */

static int clz128(u128 x)
{
    uint64_t hi = (uint64_t)(x >> 64);

    return hi ? __builtin_clzll(hi) : 64 + __builtin_clzll((uint64_t)x);
}

static int msb128(u128 x) { return 127 - clz128(x); }

/* x >> n, with the bits shifted out ORed into bit 0 */
static u128 shr_sticky(u128 x, int n)
{
    if (n <= 0) {
        return x;
    }
    if (n >= 128) {
        return x != 0;
    }
    return (x >> n) | ((x & (((u128)1 << n) - 1)) != 0);
}

/* ----------------------------------------------------------- rounding */

VsxRound vsx_round(const VsxFmt *f, bool neg, u128 m, int ex, int rn)
{
    VsxRound r = {0};
    int emin = 1 - f->emax, p = f->p;
    int signpos = f->ebits + p - 1;
    u128 sign = neg ? (u128)1 << signpos : 0, q, rem, half;
    int msb, e, qe, sh;
    bool rbit, sticky, inc = false;

    if (m == 0) {
        r.bits = sign;
        return r;
    }
    msb = msb128(m);
    e = ex + msb;                       /* 2^e <= value < 2^(e+1) */
    r.tiny = e < emin;
    qe = (e < emin ? emin : e) - (p - 1); /* the exponent of the last place */
    sh = qe - ex;
    if (sh <= 0) {
        q = m << -sh;
        rbit = sticky = false;
    } else if (sh > msb + 1) {
        q = 0;
        rbit = false;
        sticky = true;
    } else if (sh == 128) {
        q = 0;
        rbit = m >> 127;
        sticky = (m << 1) != 0;
    } else {
        q = m >> sh;
        rem = m & (((u128)1 << sh) - 1);
        half = (u128)1 << (sh - 1);
        rbit = rem & half;
        sticky = (rem & (half - 1)) != 0;
    }
    r.inexact = rbit || sticky;
    switch (rn) {
    case 0:
        inc = rbit && (sticky || (q & 1));
        break;
    case 1:
        break;
    case 2:
        inc = r.inexact && !neg;
        break;
    case 3:
        inc = r.inexact && neg;
        break;
    case 5: /* nearest, ties away from zero (xsrqpxp) */
        inc = rbit;
        break;
    default: /* round to odd */
        if (r.inexact && !(q & 1)) {
            q |= 1;
            r.up = true;
        }
        break;
    }
    if (inc) {
        q++;
        r.up = true;
        if (q >> p) {
            q >>= 1;
            qe++;
        }
    }
    if (qe + p - 1 > f->emax) {
        bool to_inf = rn == 0 || rn == 5 || (rn == 2 && !neg) ||
                      (rn == 3 && neg);
        u128 maxexp = ((u128)1 << f->ebits) - 1;

        r.overflow = r.inexact = true;
        if (to_inf) {
            r.bits = sign | maxexp << (p - 1);
            r.up = true;
        } else {
            r.bits = sign | (((maxexp - 1) << (p - 1)) |
                             (((u128)1 << (p - 1)) - 1));
            r.up = false;
        }
        return r;
    }
    if (q >> (p - 1)) {
        u128 biased = (u128)(qe + p - 1 + f->emax);

        r.bits = sign | biased << (p - 1) | (q & (((u128)1 << (p - 1)) - 1));
    } else {
        r.bits = sign | q;              /* a denormal, or zero */
    }
    return r;
}

/* ------------------------------------------------------ quad values */

static u128 q_get(const CPUPPCState *env, uint64_t n)
{
    return (u128)env->vsr[n & 63][0] << 64 | env->vsr[n & 63][1];
}

static void q_put(CPUPPCState *env, uint64_t n, u128 x)
{
    env->vsr[n & 63][0] = (uint64_t)(x >> 64);
    env->vsr[n & 63][1] = (uint64_t)x;
}

static bool q_neg(u128 x) { return x >> 127; }
static int q_expf(u128 x) { return (int)((x >> Q_EXP_SHIFT) & Q_EXP_MAX); }
static bool q_nan(u128 x) { return q_expf(x) == Q_EXP_MAX && (x & Q_FRAC); }
static bool q_snan(u128 x) { return q_nan(x) && !(x & Q_QUIET); }
static bool q_inf(u128 x) { return q_expf(x) == Q_EXP_MAX && !(x & Q_FRAC); }
static bool q_zero(u128 x) { return (x & ~Q_SIGN) == 0; }

/* a finite nonzero x as m * 2^ex */
static u128 q_unpack(u128 x, int *ex)
{
    int e = q_expf(x);
    u128 m = x & Q_FRAC;

    if (e) {
        m |= (u128)1 << 112;
    } else {
        e = 1;
    }
    *ex = e - Q_BIAS - 112;
    return m;
}

static u128 q_inf_of(bool neg)
{
    return (neg ? Q_SIGN : 0) | (u128)Q_EXP_MAX << Q_EXP_SHIFT;
}

/* FPRF of a quad value (Book I 4.2.2, Figure 42) */
static unsigned q_fprf(u128 x)
{
    bool neg = q_neg(x);

    if (q_nan(x)) {
        return 0x11;
    }
    if (q_inf(x)) {
        return neg ? 0x09 : 0x05;
    }
    if (q_zero(x)) {
        return neg ? 0x12 : 0x02;
    }
    if (q_expf(x) == 0) {
        return neg ? 0x18 : 0x14;
    }
    return neg ? 0x08 : 0x04;
}

/* the status of one rounding */
typedef struct QStatus {
    uint64_t exc;
    bool fi, fr;
} QStatus;

static u128 q_round(bool neg, u128 m, int ex, int rn, uint64_t fpscr,
                    QStatus *st)
{
    VsxRound r = vsx_round(&fmt_quad, neg, m, ex, rn);

    if (r.overflow) {
        st->exc |= FPSCR_OX;
    }
    if (r.tiny && (r.inexact || (fpscr & FPSCR_UE))) {
        st->exc |= FPSCR_UX;
    }
    if (r.inexact) {
        st->exc |= FPSCR_XX;
        st->fi = true;
    }
    st->fr = r.up;
    return r.bits;
}

/* ------------------------------------------------------ 256-bit parts */

typedef struct U256 {
    u128 hi, lo;
} U256;

static U256 mul_128(u128 a, u128 b)
{
    uint64_t a0 = (uint64_t)a, a1 = (uint64_t)(a >> 64);
    uint64_t b0 = (uint64_t)b, b1 = (uint64_t)(b >> 64);
    u128 p00 = (u128)a0 * b0, p01 = (u128)a0 * b1, p10 = (u128)a1 * b0;
    u128 p11 = (u128)a1 * b1, mid = (p00 >> 64) + (uint64_t)p01 + (uint64_t)p10;
    U256 r;

    r.lo = (mid << 64) | (uint64_t)p00;
    r.hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    return r;
}

static int msb256(U256 x)
{
    return x.hi ? 128 + msb128(x.hi) : x.lo ? msb128(x.lo) : -1;
}

static U256 shl256(U256 x, int n)
{
    U256 r;

    if (n <= 0) {
        return x;
    }
    if (n >= 128) {
        r.hi = x.lo << (n - 128);
        r.lo = 0;
    } else {
        r.hi = x.hi << n | x.lo >> (128 - n);
        r.lo = x.lo << n;
    }
    return r;
}

/* x >> n with sticky into bit 0 */
static U256 shr256_sticky(U256 x, int n)
{
    U256 r;

    if (n <= 0) {
        return x;
    }
    if (n >= 256) {
        r.hi = 0;
        r.lo = (x.hi | x.lo) != 0;
        return r;
    }
    if (n >= 128) {
        r.lo = shr_sticky(x.hi, n - 128) | (x.lo != 0);
        r.hi = 0;
        return r;
    }
    r.lo = x.lo >> n | x.hi << (128 - n) |
           ((x.lo & (((u128)1 << n) - 1)) != 0);
    r.hi = x.hi >> n;
    return r;
}

static U256 add256(U256 a, U256 b)
{
    U256 r;

    r.lo = a.lo + b.lo;
    r.hi = a.hi + b.hi + (r.lo < a.lo);
    return r;
}

static U256 sub256(U256 a, U256 b)
{
    U256 r;

    r.lo = a.lo - b.lo;
    r.hi = a.hi - b.hi - (a.lo < b.lo);
    return r;
}

static bool lt256(U256 a, U256 b)
{
    return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo);
}

/* a 256-bit value cut to 126 significant bits with sticky: m * 2^ex */
static u128 cut256(U256 x, int *ex)
{
    int top = msb256(x);

    if (top > 125) {
        x = shr256_sticky(x, top - 125);
        *ex += top - 125;
    }
    return x.lo;
}

/* ------------------------------------------------------ arithmetic */

/* the first NaN among the n operands, quieted; VXSNAN for any SNaN */
static bool q_pick_nan(const u128 *v, int n, u128 *res, uint64_t *exc)
{
    bool found = false;

    for (int i = 0; i < n; i++) {
        if (q_snan(v[i])) {
            *exc |= FPSCR_VXSNAN;
        }
    }
    for (int i = 0; i < n && !found; i++) {
        if (q_nan(v[i])) {
            *res = v[i] | Q_QUIET;
            found = true;
        }
    }
    return found;
}

/* a + b (b's sign already flipped for subtraction) on non-NaN operands */
static u128 q_add(u128 a, u128 b, int rn, uint64_t fpscr, QStatus *st)
{
    bool sa = q_neg(a), sb = q_neg(b), s;
    int ea, eb;
    u128 ma, mb, m;

    if (q_inf(a) || q_inf(b)) {
        if (q_inf(a) && q_inf(b) && sa != sb) {
            st->exc |= FPSCR_VXISI;
            return Q_DEFAULT_NAN;
        }
        return q_inf(a) ? a : b;
    }
    if (q_zero(a) && q_zero(b)) {
        return (sa == sb) ? a : (rn == 3 ? Q_SIGN : 0);
    }
    if (q_zero(a)) {
        return b;
    }
    if (q_zero(b)) {
        return a;
    }
    ma = q_unpack(a, &ea);
    mb = q_unpack(b, &eb);
    ea -= 125 - msb128(ma);
    ma <<= 125 - msb128(ma);
    eb -= 125 - msb128(mb);
    mb <<= 125 - msb128(mb);
    if (ea < eb || (ea == eb && ma < mb)) {
        u128 tm = ma;
        int te = ea;
        bool ts = sa;

        ma = mb, ea = eb, sa = sb;
        mb = tm, eb = te, sb = ts;
    }
    mb = shr_sticky(mb, ea - eb);
    s = sa;
    if (sa == sb) {
        m = ma + mb;
    } else {
        m = ma - mb;
        if (m == 0) {
            return rn == 3 ? Q_SIGN : 0;
        }
    }
    return q_round(s, m, ea, rn, fpscr, st);
}

static u128 q_mul(u128 a, u128 b, int rn, uint64_t fpscr, QStatus *st)
{
    bool s = q_neg(a) ^ q_neg(b);
    int ea, eb, ex;
    u128 m;

    if (q_inf(a) || q_inf(b)) {
        if (q_zero(a) || q_zero(b)) {
            st->exc |= FPSCR_VXIMZ;
            return Q_DEFAULT_NAN;
        }
        return q_inf_of(s);
    }
    if (q_zero(a) || q_zero(b)) {
        return s ? Q_SIGN : 0;
    }
    m = q_unpack(a, &ea);
    ex = ea;
    m = cut256(mul_128(m, q_unpack(b, &eb)), &ex);
    return q_round(s, m, ex + eb, rn, fpscr, st);
}

static u128 q_div(u128 a, u128 b, int rn, uint64_t fpscr, QStatus *st)
{
    bool s = q_neg(a) ^ q_neg(b);
    int ea, eb;
    u128 ma, mb, q = 0, r;

    if (q_inf(a)) {
        if (q_inf(b)) {
            st->exc |= FPSCR_VXIDI;
            return Q_DEFAULT_NAN;
        }
        return q_inf_of(s);
    }
    if (q_inf(b)) {
        return s ? Q_SIGN : 0;
    }
    if (q_zero(b)) {
        if (q_zero(a)) {
            st->exc |= FPSCR_VXZDZ;
            return Q_DEFAULT_NAN;
        }
        st->exc |= FPSCR_ZX;
        return q_inf_of(s);
    }
    if (q_zero(a)) {
        return s ? Q_SIGN : 0;
    }
    ma = q_unpack(a, &ea);
    mb = q_unpack(b, &eb);
    ea -= 112 - msb128(ma);
    ma <<= 112 - msb128(ma);
    eb -= 112 - msb128(mb);
    mb <<= 112 - msb128(mb);
    r = ma;
    for (int i = 0; i < 116; i++) {
        q <<= 1;
        if (r >= mb) {
            r -= mb;
            q |= 1;
        }
        r <<= 1;
    }
    q = q << 1 | (r != 0);
    return q_round(s, q, ea - eb - 116, rn, fpscr, st);
}

static u128 q_sqrt(u128 b, int rn, uint64_t fpscr, QStatus *st)
{
    int ex, sh;
    u128 m, root = 0, rem = 0;
    U256 x;

    if (q_zero(b)) {
        return b;
    }
    if (q_neg(b)) {
        st->exc |= FPSCR_VXSQRT;
        return Q_DEFAULT_NAN;
    }
    if (q_inf(b)) {
        return b;
    }
    m = q_unpack(b, &ex);
    sh = 230 - msb128(m);
    if ((ex - sh) & 1) {
        sh++;
    }
    x.hi = 0;
    x.lo = m;
    x = shl256(x, sh);
    for (int i = 127; i >= 0; i--) {
        unsigned two = (unsigned)((i >= 64 ? x.hi >> (2 * (i - 64))
                                           : x.lo >> (2 * i)) & 3);
        u128 t;

        rem = rem << 2 | two;
        t = root << 2 | 1;
        root <<= 1;
        if (rem >= t) {
            rem -= t;
            root |= 1;
        }
    }
    root = root << 1 | (rem != 0);
    return q_round(false, root, (ex - sh) / 2 - 1, rn, fpscr, st);
}

/* +-(a * b +- c) on non-NaN operands */
static u128 q_fma(int op, u128 a, u128 b, u128 c, int rn, uint64_t fpscr,
                  QStatus *st)
{
    bool sp = q_neg(a) ^ q_neg(b);
    bool sc = q_neg(c) ^ (op == QPA_MSUB || op == QPA_NMSUB);
    int ea, eb, ec, ep;
    U256 p, cc;
    u128 m;
    bool s;

    if ((q_inf(a) && q_zero(b)) || (q_zero(a) && q_inf(b))) {
        st->exc |= FPSCR_VXIMZ;
        return Q_DEFAULT_NAN;
    }
    if (q_inf(a) || q_inf(b)) {
        if (q_inf(c) && sc != sp) {
            st->exc |= FPSCR_VXISI;
            return Q_DEFAULT_NAN;
        }
        return q_inf_of(sp);
    }
    if (q_inf(c)) {
        return q_inf_of(sc);
    }
    if (q_zero(a) || q_zero(b)) {
        if (q_zero(c)) {
            return (sp == sc) ? (sp ? Q_SIGN : 0) : (rn == 3 ? Q_SIGN : 0);
        }
        return (c & ~Q_SIGN) | (sc ? Q_SIGN : 0);
    }
    m = q_unpack(a, &ea);
    p = mul_128(m, q_unpack(b, &eb));
    ep = ea + eb;
    if (q_zero(c)) {
        m = cut256(p, &ep);
        return q_round(sp, m, ep, rn, fpscr, st);
    }
    /* both to bit 253 of 256, then align the smaller with sticky */
    {
        int sh = 253 - msb256(p);

        p = shl256(p, sh);
        ep -= sh;
    }
    cc.hi = 0;
    cc.lo = q_unpack(c, &ec);
    {
        int sh = 253 - msb256(cc);

        cc = shl256(cc, sh);
        ec -= sh;
    }
    if (ep < ec || (ep == ec && lt256(p, cc))) {
        U256 t = p;
        int te = ep;
        bool ts = sp;

        p = cc, ep = ec, sp = sc;
        cc = t, ec = te, sc = ts;
    }
    cc = shr256_sticky(cc, ep - ec);
    s = sp;
    if (sp == sc) {
        p = add256(p, cc);
    } else {
        p = sub256(p, cc);
        if (p.hi == 0 && p.lo == 0) {
            return rn == 3 ? Q_SIGN : 0;
        }
    }
    m = cut256(p, &ep);
    return q_round(s, m, ep, rn, fpscr, st);
}

/*
 * xsaddqp[o], xssubqp[o], xsmulqp[o], xsdivqp[o], xssqrtqp[o],
 * xs[n]m{add,sub}qp[o] VRT,VRA,VRB (ISA 3.0): (desc, t, a, b) with VSR
 * numbers; the multiply-adds use VRT as the addend.
 */
static void helper_qp_arith(CPUPPCState *env, uint64_t desc, uint64_t t,
                            uint64_t ia, uint64_t ib)
{
    int op = desc & 0xff;
    int rn = (desc & QPD_ODD) ? VSX_RN_ODD : (int)(env->fpscr & FPSCR_RN);
    uint64_t f = env->fpscr & ~(FPSCR_FR | FPSCR_FI);
    u128 a = q_get(env, ia), b = q_get(env, ib), c = q_get(env, t), res;
    QStatus st = {0};
    bool write = true;

    if (op == QPA_SQRT) {
        u128 v[1] = {b};

        if (!q_pick_nan(v, 1, &res, &st.exc)) {
            res = q_sqrt(b, rn, f, &st);
        }
    } else if (op >= QPA_MADD) {
        u128 v[3] = {a, c, b};
        bool nan = q_pick_nan(v, 3, &res, &st.exc);

        if (!q_nan(a) && !q_nan(b) &&
            ((q_inf(a) && q_zero(b)) || (q_zero(a) && q_inf(b)))) {
            st.exc |= FPSCR_VXIMZ;
        }
        if (!nan) {
            res = q_fma(op, a, b, c, rn, f, &st);
            if ((op == QPA_NMADD || op == QPA_NMSUB) && !q_nan(res)) {
                res ^= Q_SIGN;
            }
        }
    } else {
        u128 v[2] = {a, b};

        if (!q_pick_nan(v, 2, &res, &st.exc)) {
            switch (op) {
            case QPA_ADD:
                res = q_add(a, b, rn, f, &st);
                break;
            case QPA_SUB:
                res = q_add(a, b ^ Q_SIGN, rn, f, &st);
                break;
            case QPA_MUL:
                res = q_mul(a, b, rn, f, &st);
                break;
            default:
                res = q_div(a, b, rn, f, &st);
                break;
            }
        }
    }
    if (vsx_fp_suppress(st.exc, f)) {
        write = false;
    }
    if (write) {
        f = (f & ~FPSCR_FPRF) | (uint64_t)q_fprf(res) << FPSCR_FPRF_SHIFT;
        f |= (st.fi ? FPSCR_FI : 0) | (st.fr ? FPSCR_FR : 0);
        q_put(env, t, res);
    }
    vsx_fpscr_commit(env, f, st.exc, GETPC());
}
INFO(qp_arith, 4, 0, VEC_HELPER_READS_MSR)

/* ------------------------------------------------------------ compares */

/*
 * xscmpuqp, xscmpoqp BF,VRA,VRB: CR[BF] and FPCC <- LT GT EQ or UN; an
 * SNaN is VXSNAN, the ordered form adds VXVC for any NaN (for an SNaN
 * only when VE=0).  xscmpexpqp: the exponent fields, UN for a NaN, no
 * exception.
 */
static int q_cmp_values(u128 a, u128 b)
{
    bool sa = q_neg(a), sb = q_neg(b);
    u128 ma = a & ~Q_SIGN, mb = b & ~Q_SIGN;

    if (ma == 0 && mb == 0) {
        return 0;
    }
    if (sa != sb) {
        return sa ? -1 : 1;
    }
    if (ma == mb) {
        return 0;
    }
    return ((ma < mb) ^ sa) ? -1 : 1;
}

static uint64_t helper_qp_cmp(CPUPPCState *env, uint64_t desc, uint64_t ia,
                              uint64_t ib)
{
    u128 a = q_get(env, ia), b = q_get(env, ib);
    uint64_t f = env->fpscr, exc = 0;
    unsigned crf;

    if (desc == QPC_EXP) {
        if (q_nan(a) || q_nan(b)) {
            crf = CRF_SO;
        } else {
            int x = q_expf(a), y = q_expf(b);
            crf = x < y ? CRF_LT : x > y ? CRF_GT : CRF_EQ;
        }
    } else if (q_nan(a) || q_nan(b)) {
        crf = CRF_SO;
        if (q_snan(a) || q_snan(b)) {
            exc |= FPSCR_VXSNAN;
            if (desc == QPC_ORD && !(f & FPSCR_VE)) {
                exc |= FPSCR_VXVC;
            }
        } else if (desc == QPC_ORD) {
            exc |= FPSCR_VXVC;
        }
    } else {
        int c = q_cmp_values(a, b);
        crf = c < 0 ? CRF_LT : c > 0 ? CRF_GT : CRF_EQ;
    }
    f = (f & ~FPSCR_FPCC) | (uint64_t)crf << FPSCR_FPRF_SHIFT;
    vsx_fpscr_commit(env, f, exc, GETPC());
    return crf;
}
INFO(qp_cmp, 3, 1, VEC_HELPER_READS_MSR)

/* xststdcqp BF,VRB,DCMX: CR[BF] = sign || 0 || match || 0, and FPCC */
static uint64_t helper_qp_tstdc(CPUPPCState *env, uint64_t ib, uint64_t dcmx)
{
    u128 x = q_get(env, ib);
    bool neg = q_neg(x);
    unsigned cls;
    unsigned crf;

    if (q_nan(x)) {
        cls = 0x40;
    } else if (q_inf(x)) {
        cls = neg ? 0x10 : 0x20;
    } else if (q_zero(x)) {
        cls = neg ? 0x04 : 0x08;
    } else if (q_expf(x) == 0) {
        cls = neg ? 0x01 : 0x02;
    } else {
        cls = 0;
    }
    crf = (neg ? CRF_LT : 0) | ((cls & dcmx) ? CRF_EQ : 0);
    env->fpscr = (env->fpscr & ~FPSCR_FPCC) |
                 (uint64_t)crf << FPSCR_FPRF_SHIFT;
    return crf;
}
INFO(qp_tstdc, 2, 1, VEC_HELPER_WRITES)

/* --------------------------------------------------------- conversions */

/* x (not a NaN) truncated to an integer of bits bits */
static uint64_t q_to_int(u128 x, bool is_signed, int bits, uint64_t *exc,
                         bool *inexact)
{
    bool neg = q_neg(x);
    u128 lim = (u128)1 << (is_signed ? bits - 1 : bits), m, v;
    int ex;

    *inexact = false;
    if (q_inf(x)) {
        m = 0;
        v = lim + 1;   /* out of range */
    } else if (q_zero(x)) {
        return 0;
    } else {
        m = q_unpack(x, &ex);
        if (ex >= 0) {
            v = lim + 1;   /* at least 2^112 */
        } else if (ex <= -128) {
            v = 0;
            *inexact = true;
        } else {
            v = m >> -ex;
            *inexact = (m & (((u128)1 << -ex) - 1)) != 0;
        }
    }
    if (neg && v != 0) {
        if (!is_signed || v > lim) {
            *exc |= FPSCR_VXCVI;
            *inexact = false;
            return is_signed ? (uint64_t)1 << (bits - 1) : 0;
        }
        return (0 - (uint64_t)v) & (bits == 64 ? ~0ull : (1ull << bits) - 1);
    }
    if (v >= lim) {
        *exc |= FPSCR_VXCVI;
        *inexact = false;
        return (uint64_t)(lim - 1);
    }
    return (uint64_t)v;
}

/* a nonnegative or signed 64-bit integer to quad, exactly */
static u128 q_from_int(uint64_t x, bool is_signed)
{
    bool neg = is_signed && (int64_t)x < 0;
    uint64_t mag = neg ? -x : x;

    return vsx_round(&fmt_quad, neg, mag, 0, 0).bits;
}

/* the rounding mode of xsrqpi[x]/xsrqpxp's R and RMC fields; 4 is
   nearest with ties away from zero (R=0, RMC=0) */
static int q_rmc_mode(unsigned r, unsigned rmc, uint64_t fpscr)
{
    if (r) {
        return (int)rmc;        /* 0 even, 1 zero, 2 +inf, 3 -inf */
    }
    return rmc == 3 ? (int)(fpscr & FPSCR_RN) : 5;
}

/* x rounded to an integral value in mode (0-3, or 5: ties away) */
static u128 q_round_int(u128 x, int mode, bool *inexact)
{
    bool neg = q_neg(x);
    int ex;
    u128 m, q, rem, half;

    *inexact = false;
    if (q_zero(x) || q_inf(x)) {
        return x;
    }
    m = q_unpack(x, &ex);
    if (ex >= 0) {
        return x;
    }
    if (ex < -114) {
        q = 0;
        rem = 1;
        half = 2;           /* below one half */
    } else {
        q = m >> -ex;
        rem = m & (((u128)1 << -ex) - 1);
        half = (u128)1 << (-ex - 1);
    }
    if (rem) {
        bool inc;

        *inexact = true;
        switch (mode) {
        case 0:
            inc = rem > half || (rem == half && (q & 1));
            break;
        case 1:
            inc = false;
            break;
        case 2:
            inc = !neg;
            break;
        case 3:
            inc = neg;
            break;
        default:
            inc = rem >= half;
            break;
        }
        q += inc;
    }
    return vsx_round(&fmt_quad, neg, q, 0, 0).bits;
}

/*
 * xscvqpdp[o], xscvdpqp, xscvqp{s,u}{d,w}z, xscv{s,u}dqp, xsrqpi[x],
 * xsrqpxp (ISA 3.0): (kind, t, b).  Results that are not quad go to
 * doubleword 0 of VRT with doubleword 1 zeroed.
 */
static void helper_qp_cvt(CPUPPCState *env, uint64_t kind, uint64_t t,
                          uint64_t ib)
{
    int op = kind & 0xff;
    int rn = (kind & QPD_ODD) ? VSX_RN_ODD : (int)(env->fpscr & FPSCR_RN);
    uint64_t f = env->fpscr & ~(FPSCR_FR | FPSCR_FI), exc = 0;
    u128 b = q_get(env, ib), res = 0;
    unsigned fprf = 0;
    bool fi = false, fr = false, set_fprf = true;
    unsigned r = (kind >> 16) & 1, rmc = (kind >> 17) & 3;

    switch (op) {
    case QCV_QPDP:
        if (q_nan(b)) {
            if (q_snan(b)) {
                exc |= FPSCR_VXSNAN;
            }
            res = (uint64_t)(q_neg(b) ? 1ull << 63 : 0) |
                  0x7ff8000000000000ull |
                  (uint64_t)((b & Q_FRAC) >> 60);
        } else if (q_inf(b) || q_zero(b)) {
            res = (q_neg(b) ? 1ull << 63 : 0) |
                  (q_inf(b) ? 0x7ff0000000000000ull : 0);
        } else {
            int ex;
            u128 m = q_unpack(b, &ex);
            VsxRound v = vsx_round(&fmt_double, q_neg(b), m, ex, rn);

            res = v.bits;
            if (v.overflow) {
                exc |= FPSCR_OX;
            }
            if (v.tiny && (v.inexact || (f & FPSCR_UE))) {
                exc |= FPSCR_UX;
            }
            if (v.inexact) {
                exc |= FPSCR_XX;
            }
            fi = v.inexact;
            fr = v.up;
        }
        fprf = vsx_fprf_dp((uint64_t)res, false);
        res <<= 64;
        break;
    case QCV_DPQP: {
        uint64_t d = env->vsr[ib & 63][0];
        int e = (int)((d >> 52) & 0x7ff);
        uint64_t frac = d & ((1ull << 52) - 1);
        bool neg = d >> 63;

        if (e == 0x7ff) {
            if (frac && !(frac & (1ull << 51))) {
                exc |= FPSCR_VXSNAN;
                frac |= 1ull << 51;
            }
            res = q_inf_of(neg) | (u128)frac << 60;
        } else if (e == 0 && frac == 0) {
            res = neg ? Q_SIGN : 0;
        } else {
            uint64_t m = e ? frac | 1ull << 52 : frac;
            res = vsx_round(&fmt_quad, neg, m, (e ? e : 1) - 1075, 0).bits;
        }
        fprf = q_fprf(res);
        break;
    }
    case QCV_QPSDZ:
    case QCV_QPUDZ:
    case QCV_QPSWZ:
    case QCV_QPUWZ: {
        bool sg = op == QCV_QPSDZ || op == QCV_QPSWZ;
        int bits = (op == QCV_QPSDZ || op == QCV_QPUDZ) ? 64 : 32;
        uint64_t v;

        set_fprf = false;
        if (q_nan(b)) {
            exc |= FPSCR_VXCVI | (q_snan(b) ? FPSCR_VXSNAN : 0);
            v = sg ? 1ull << (bits - 1) : 0;
        } else {
            v = q_to_int(b, sg, bits, &exc, &fi);
            if (fi) {
                exc |= FPSCR_XX;
            }
        }
        if (bits == 32 && sg) {
            v = (uint64_t)(int64_t)(int32_t)v;
        }
        res = (u128)v << 64;
        break;
    }
    case QCV_SDQP:
    case QCV_UDQP:
        res = q_from_int(env->vsr[ib & 63][0], op == QCV_SDQP);
        fprf = q_fprf(res);
        break;
    case QCV_RQPI:
    case QCV_RQPIX:
        if (q_nan(b)) {
            if (q_snan(b)) {
                exc |= FPSCR_VXSNAN;
            }
            res = b | Q_QUIET;
        } else {
            bool inexact;

            res = q_round_int(b, q_rmc_mode(r, rmc, f), &inexact);
            if (inexact && op == QCV_RQPIX) {
                exc |= FPSCR_XX;
            }
        }
        fprf = q_fprf(res);
        break;
    case QCV_RQPXP:
        if (q_nan(b)) {
            if (q_snan(b)) {
                exc |= FPSCR_VXSNAN;
            }
            res = b | Q_QUIET;
        } else if (q_zero(b) || q_inf(b)) {
            res = b;
        } else {
            int ex, mode = q_rmc_mode(r, rmc, f);
            u128 m = q_unpack(b, &ex);
            VsxRound v;

            v = vsx_round(&fmt_xp, q_neg(b), m, ex, mode);
            if (v.overflow) {
                exc |= FPSCR_OX;
            }
            if (v.tiny && (v.inexact || (f & FPSCR_UE))) {
                exc |= FPSCR_UX;
            }
            if (v.inexact) {
                exc |= FPSCR_XX;
            }
            fi = v.inexact;
            fr = v.up;
            /* the 79-bit encoding: sign 78, exponent 77:63, fraction */
            res = (u128)((v.bits >> 78) & 1) << 127 |
                  ((v.bits >> 63) & Q_EXP_MAX) << Q_EXP_SHIFT |
                  (v.bits & ((((u128)1) << 63) - 1)) << 49;
        }
        fprf = q_fprf(res);
        break;
    default:
        break;
    }
    if (!vsx_fp_suppress(exc, f)) {
        if (set_fprf) {
            f = (f & ~FPSCR_FPRF) | (uint64_t)fprf << FPSCR_FPRF_SHIFT;
        }
        f |= (fi ? FPSCR_FI : 0) | (fr ? FPSCR_FR : 0);
        q_put(env, t, res);
    }
    vsx_fpscr_commit(env, f, exc, GETPC());
}
INFO(qp_cvt, 3, 0, VEC_HELPER_READS_MSR)
