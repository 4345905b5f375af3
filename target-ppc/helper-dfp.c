/*
 * target-ppc/helper-dfp.c: decimal floating point (Power ISA 3.0B Book I
 * chapter 5), the instructions that inspect, compare and re-encode DFP
 * values without decimal rounding:
 *   dcmpu[q], dcmpo[q]                    compare (5.6.3)
 *   dtstdc[q], dtstdg[q], dtstex[q],      test data class / group /
 *   dtstsf[q], dtstsfi[q]                 exponent / significance (5.6.3)
 *   ddedpd[q], denbcd[q]                  DPD <-> BCD (5.6.8)
 *   dxex[q], diex[q]                      exponent extract / insert (5.6.8)
 *   dscli[q], dscri[q]                    coefficient shifts (5.6.8)
 * The arithmetic (dadd, dmul, ddiv, quantize, rounding, conversions),
 * which rounds per FPSCR[DRN], is not here yet.
 *
 * Formats (5.5.1): DFP long is 64 bits (16 digits, exponent bias 398,
 * biased exponents 0..767), DFP extended 128 bits in an even/odd FPR pair
 * (34 digits, bias 6176, 0..12287).  A value is the sign, the combination
 * field G0:4 (two exponent bits and the leftmost digit, or the special
 * codes 11110 infinity, 11111 NaN with the next bit 1 for an SNaN), the
 * exponent continuation and the coefficient continuation: declets of three
 * digits in Densely Packed Decimal (5.5.1.1, the encoding of IEEE
 * 754-2008 3.5.2), decoded and encoded here from its definition.
 */
#include <string.h>

#include "dfp.h"

/* DFP short (32 bits, 7 digits) is only converted to and from */
const DecFormat dfp_short = {32, 6, 2, 7, 101, 191};
const DecFormat dfp_long = {64, 8, 5, 16, 398, 767};
const DecFormat dfp_ext = {128, 12, 11, 34, 6176, 12287};

/* ----------------------------------------------- densely packed decimal */

/* one declet (10 bits, p = bit 9 ... y = bit 0) to three digits; the
   non-canonical declets decode as the ISA says (the don't-care bits are
   ignored) */
void dpd_decode(unsigned dl, uint8_t *d)
{
    unsigned p = dl >> 9 & 1, q = dl >> 8 & 1, r = dl >> 7 & 1;
    unsigned s = dl >> 6 & 1, t = dl >> 5 & 1, u = dl >> 4 & 1;
    unsigned v = dl >> 3 & 1, w = dl >> 2 & 1, x = dl >> 1 & 1, y = dl & 1;
    unsigned pqr = p << 2 | q << 1 | r, stu = s << 2 | t << 1 | u;
    unsigned wxy = w << 2 | x << 1 | y;

    if (!v) {
        d[0] = (uint8_t)pqr, d[1] = (uint8_t)stu, d[2] = (uint8_t)wxy;
        return;
    }
    switch (w << 1 | x) {
    case 0: /* only the units digit is 8 or 9 */
        d[0] = (uint8_t)pqr, d[1] = (uint8_t)stu, d[2] = (uint8_t)(8 + y);
        return;
    case 1: /* the tens digit */
        d[0] = (uint8_t)pqr, d[1] = (uint8_t)(8 + u);
        d[2] = (uint8_t)(s << 2 | t << 1 | y);
        return;
    case 2: /* the hundreds digit */
        d[0] = (uint8_t)(8 + r), d[1] = (uint8_t)stu;
        d[2] = (uint8_t)(p << 2 | q << 1 | y);
        return;
    }
    switch (s << 1 | t) {
    case 0: /* hundreds and tens */
        d[0] = (uint8_t)(8 + r), d[1] = (uint8_t)(8 + u);
        d[2] = (uint8_t)(p << 2 | q << 1 | y);
        return;
    case 1: /* hundreds and units */
        d[0] = (uint8_t)(8 + r), d[1] = (uint8_t)(p << 2 | q << 1 | u);
        d[2] = (uint8_t)(8 + y);
        return;
    case 2: /* tens and units */
        d[0] = (uint8_t)pqr, d[1] = (uint8_t)(8 + u), d[2] = (uint8_t)(8 + y);
        return;
    default: /* all three */
        d[0] = (uint8_t)(8 + r), d[1] = (uint8_t)(8 + u), d[2] = (uint8_t)(8 + y);
        return;
    }
}

/* three digits (0-9) to their canonical declet */
unsigned dpd_encode(const uint8_t *dg)
{
    unsigned a = dg[0] >> 3, e = dg[1] >> 3, i = dg[2] >> 3;
    unsigned bcd = dg[0] & 7, fgh = dg[1] & 7, jkm = dg[2] & 7;
    unsigned d = dg[0] & 1, h = dg[1] & 1, m = dg[2] & 1;
    unsigned fg = (dg[1] >> 1) & 3, jk = (dg[2] >> 1) & 3;

    switch (a << 2 | e << 1 | i) {
    case 0:
        return bcd << 7 | fgh << 4 | jkm;
    case 1:
        return bcd << 7 | fgh << 4 | 0x8 | m;
    case 2:
        return bcd << 7 | jk << 5 | h << 4 | 0xa | m;
    case 3:
        return bcd << 7 | 2u << 5 | h << 4 | 0xe | m;
    case 4:
        return jk << 8 | d << 7 | fgh << 4 | 0xc | m;
    case 5:
        return fg << 8 | d << 7 | 1u << 5 | h << 4 | 0xe | m;
    case 6:
        return jk << 8 | d << 7 | 0u << 5 | h << 4 | 0xe | m;
    default:
        return d << 7 | 3u << 5 | h << 4 | 0xe | m;
    }
}

/* ------------------------------------------------------------ formats */

u128 dfp_read(const CPUPPCState *env, uint64_t r, const DecFormat *f)
{
    if (f->width == 32) {
        return (uint32_t)env->vsr[r & 31][0]; /* FRB[32:63] */
    }
    if (f->width == 64) {
        return env->vsr[r & 31][0];
    }
    return (u128)env->vsr[r & 30][0] << 64 | env->vsr[(r & 30) + 1][0];
}

void dfp_write(CPUPPCState *env, uint64_t r, const DecFormat *f, u128 v)
{
    if (f->width <= 64) { /* short: FRT[32:63], FRT[0:31] zero */
        env->vsr[r & 31][0] = (uint64_t)v;
        return;
    }
    env->vsr[r & 30][0] = (uint64_t)(v >> 64);
    env->vsr[(r & 30) + 1][0] = (uint64_t)v;
}

void dfp_unpack(u128 v, const DecFormat *f, Dec *x)
{
    unsigned comb = (unsigned)(v >> (f->width - 6)) & 0x1f;
    unsigned ec = (unsigned)(v >> (f->width - 6 - f->ecbits)) &
                  ((1u << f->ecbits) - 1);
    unsigned emsb, lead;

    memset(x, 0, sizeof(*x));
    x->neg = (unsigned)(v >> (f->width - 1)) & 1;
    x->tail = v & (((u128)1 << (10 * f->declets)) - 1);
    if ((comb >> 1) == 0xf) {
        x->cls = !(comb & 1) ? DC_INF
                 : (ec >> (f->ecbits - 1)) & 1 ? DC_SNAN : DC_QNAN;
        lead = 0; /* the coefficient of a special: the trailing digits */
        emsb = 0;
    } else if ((comb >> 3) == 3) {
        emsb = (comb >> 1) & 3;
        lead = 8 + (comb & 1);
    } else {
        emsb = comb >> 3;
        lead = comb & 7;
    }
    x->bexp = (int)(emsb << f->ecbits | ec);
    x->dig[0] = (uint8_t)lead;
    for (int k = 0; k < f->declets; k++) {
        dpd_decode((unsigned)(x->tail >> (10 * (f->declets - 1 - k))) & 0x3ff,
                   &x->dig[1 + 3 * k]);
    }
}

/* a finite value's encoding (bexp in range, digits 0-9) */
u128 dfp_pack(const Dec *x, const DecFormat *f)
{
    unsigned emsb = (unsigned)x->bexp >> f->ecbits;
    unsigned ec = (unsigned)x->bexp & ((1u << f->ecbits) - 1);
    unsigned comb = x->dig[0] < 8 ? emsb << 3 | x->dig[0]
                                  : 0x18 | emsb << 1 | (x->dig[0] & 1);
    u128 v = (u128)x->neg << (f->width - 1) |
             (u128)comb << (f->width - 6) |
             (u128)ec << (f->width - 6 - f->ecbits);

    for (int k = 0; k < f->declets; k++) {
        v |= (u128)dpd_encode(&x->dig[1 + 3 * k])
             << (10 * (f->declets - 1 - k));
    }
    return v;
}

/* the number of significant digits of the coefficient (0 for zero) */
int dec_nsd(const Dec *x, const DecFormat *f)
{
    for (int i = 0; i < f->digits; i++) {
        if (x->dig[i]) {
            return f->digits - i;
        }
    }
    return 0;
}

static bool dec_is_zero(const Dec *x, const DecFormat *f)
{
    return x->cls == DC_FINITE && dec_nsd(x, f) == 0;
}

static bool dec_is_nan(const Dec *x)
{
    return x->cls == DC_QNAN || x->cls == DC_SNAN;
}

/* subnormal (5.5.1): nonzero, with an adjusted exponent (the exponent of
   the leftmost significant digit) below Emin: -383 long, -6143 extended */
bool dec_is_subnormal(const Dec *x, const DecFormat *f)
{
    int emin = f->digits - 1 - f->bias; /* Etiny + p - 1 */
    int nsd = dec_nsd(x, f);

    return x->cls == DC_FINITE && nsd && x->bexp - f->bias + nsd - 1 < emin;
}

static const DecFormat *dfp_format(uint64_t desc)
{
    return (desc & DFPD_Q) ? &dfp_ext : &dfp_long;
}

/* the CR field (and FPCC) of the test instructions: sign || 0 || match
   || 0 (5.6.3) */
static uint64_t dfp_set_fpcc(CPUPPCState *env, unsigned crf)
{
    env->fpscr = (env->fpscr & ~FPSCR_FPCC) | (uint64_t)crf << FPSCR_FPRF_SHIFT;
    return crf;
}

/* VX summary and FX when an exception bit goes from 0 to 1 */
static void dfp_raise(CPUPPCState *env, uint64_t exc)
{
    uint64_t f = env->fpscr;

    if (exc & ~f) {
        f |= FPSCR_FX;
    }
    f |= exc;
    if (f & FPSCR_VX_ALL) {
        f |= FPSCR_VX;
    }
    if (((f & FPSCR_VX) && (f & FPSCR_VE)) || ((f & FPSCR_XX) && (f & FPSCR_XE))) {
        f |= FPSCR_FEX;
    }
    env->fpscr = f;
    if ((exc & FPSCR_VX_ALL) && (f & FPSCR_VE) &&
        (env->msr & (MSR_BIT(MSR_FE0) | MSR_BIT(MSR_FE1)))) {
        ppc_raise_exception(env, EXCP_PROGRAM, SRR1_PROG_FP, GETPC());
    }
}

/* ---------------------------------------------------------- compares */

/* -1, 0, 1: the order of two finite values */
static int dec_cmp_finite(const Dec *a, const Dec *b, const DecFormat *f)
{
    int na = dec_nsd(a, f), nb = dec_nsd(b, f), s;

    if (!na && !nb) {
        return 0;
    }
    if (!na || !nb || a->neg != b->neg) {
        /* zero against nonzero, or opposite signs */
        int sa = na ? (a->neg ? -1 : 1) : 0, sb = nb ? (b->neg ? -1 : 1) : 0;
        return sa < sb ? -1 : sa > sb;
    }
    s = a->neg ? -1 : 1;
    /* adjusted exponents: the place of the leftmost digit */
    {
        int ea = a->bexp + na, eb = b->bexp + nb;

        if (ea != eb) {
            return ea < eb ? -s : s;
        }
    }
    /* same leading place: the digits, left-aligned */
    for (int i = 0; i < (na > nb ? na : nb); i++) {
        int da = i < na ? a->dig[f->digits - na + i] : 0;
        int db = i < nb ? b->dig[f->digits - nb + i] : 0;

        if (da != db) {
            return da < db ? -s : s;
        }
    }
    return 0;
}

/* dcmpu/dcmpo[q] BF,FRA,FRB: LT GT EQ or UN (0b0001) in the CR field and
   FPCC; SNaN: VXSNAN; dcmpo: any NaN VXVC (an SNaN only when VE=0) */
static uint64_t helper_dfp_cmp(CPUPPCState *env, uint64_t desc, uint64_t ra,
                               uint64_t rb)
{
    const DecFormat *f = dfp_format(desc);
    Dec a, b;
    unsigned crf;
    uint64_t exc = 0;

    dfp_unpack(dfp_read(env, ra, f), f, &a);
    dfp_unpack(dfp_read(env, rb, f), f, &b);
    if (dec_is_nan(&a) || dec_is_nan(&b)) {
        crf = CRF_SO;
        if (a.cls == DC_SNAN || b.cls == DC_SNAN) {
            exc |= FPSCR_VXSNAN;
            if ((desc & DFPD_ORDERED) && !(env->fpscr & FPSCR_VE)) {
                exc |= FPSCR_VXVC;
            }
        } else if (desc & DFPD_ORDERED) {
            exc |= FPSCR_VXVC;
        }
    } else {
        int c;

        if (a.cls == DC_INF || b.cls == DC_INF) {
            /* infinities beyond every finite value */
            int va = a.cls == DC_INF ? 2 : dec_is_zero(&a, f) ? 0 : 1;
            int vb = b.cls == DC_INF ? 2 : dec_is_zero(&b, f) ? 0 : 1;

            va = a.neg ? -va : va;
            vb = b.neg ? -vb : vb;
            c = va < vb ? -1 : va > vb;
        } else {
            c = dec_cmp_finite(&a, &b, f);
        }
        crf = c < 0 ? CRF_LT : c > 0 ? CRF_GT : CRF_EQ;
    }
    dfp_set_fpcc(env, crf);
    if (exc) {
        dfp_raise(env, exc);
    }
    return crf;
}

/* dtstdc[q] BF,FRA,DCM (5.6.3): DCM bits 0-5 select zero, subnormal,
   normal, infinity, QNaN, SNaN */
static uint64_t helper_dfp_tstdc(CPUPPCState *env, uint64_t desc, uint64_t ra,
                                 uint64_t dcm)
{
    const DecFormat *f = dfp_format(desc);
    Dec a;
    unsigned bit;

    dfp_unpack(dfp_read(env, ra, f), f, &a);
    switch (a.cls) {
    case DC_INF:
        bit = 3;
        break;
    case DC_QNAN:
        bit = 4;
        break;
    case DC_SNAN:
        bit = 5;
        break;
    default:
        bit = dec_is_zero(&a, f) ? 0 : dec_is_subnormal(&a, f) ? 1 : 2;
        break;
    }
    return dfp_set_fpcc(env, (a.neg ? 8 : 0) |
                             ((dcm >> (5 - bit)) & 1 ? 2 : 0));
}

/* dtstdg[q] BF,FRA,DGM: DGM bits 0-5 select zero with a non-extreme
   exponent, zero with an extreme exponent, subnormal or normal with an
   extreme exponent, normal with a non-extreme exponent and leftmost digit
   0, the same with leftmost digit nonzero, a special value; extreme: the
   biased exponent 0 or the largest */
static uint64_t helper_dfp_tstdg(CPUPPCState *env, uint64_t desc, uint64_t ra,
                                 uint64_t dgm)
{
    const DecFormat *f = dfp_format(desc);
    Dec a;
    unsigned bit;
    bool extreme;

    dfp_unpack(dfp_read(env, ra, f), f, &a);
    extreme = a.bexp == 0 || a.bexp == f->max_bexp;
    if (a.cls != DC_FINITE) {
        bit = 5;
    } else if (dec_is_zero(&a, f)) {
        bit = extreme ? 1 : 0;
    } else if (dec_is_subnormal(&a, f) || extreme) {
        bit = 2;
    } else {
        bit = a.dig[0] ? 4 : 3;
    }
    return dfp_set_fpcc(env, (a.neg ? 8 : 0) |
                             ((dgm >> (5 - bit)) & 1 ? 2 : 0));
}

/* dtstex[q] BF,FRA,FRB: the biased exponents compared (LT GT EQ); two
   infinities or two NaNs are EQ, any other pair with a special UN */
static uint64_t helper_dfp_tstex(CPUPPCState *env, uint64_t desc, uint64_t ra,
                                 uint64_t rb)
{
    const DecFormat *f = dfp_format(desc);
    Dec a, b;
    unsigned crf;

    dfp_unpack(dfp_read(env, ra, f), f, &a);
    dfp_unpack(dfp_read(env, rb, f), f, &b);
    if (a.cls == DC_FINITE && b.cls == DC_FINITE) {
        crf = a.bexp < b.bexp ? CRF_LT : a.bexp > b.bexp ? CRF_GT : CRF_EQ;
    } else if ((a.cls == DC_INF && b.cls == DC_INF) ||
               (dec_is_nan(&a) && dec_is_nan(&b))) {
        crf = CRF_EQ;
    } else {
        crf = CRF_SO;
    }
    return dfp_set_fpcc(env, crf);
}

/* dtstsf[q] BF,FRA,FRB / dtstsfi[q] BF,UIM,FRB: the reference
   significance K (FRA[58:63] or UIM) against the number of significant
   digits of FRB: K < NSD LT, K > NSD GT, equal EQ; K = 0 is GT against
   any number (zero included); a zero has NSD 0 (so GT for K > 0);
   infinity and NaN: UN.  desc bit DFPD_IMM: K is the immediate in k */
static uint64_t helper_dfp_tstsf(CPUPPCState *env, uint64_t desc, uint64_t k,
                                 uint64_t rb)
{
    const DecFormat *f = dfp_format(desc);
    Dec b;
    unsigned crf;
    int nsd;

    if (!(desc & DFPD_IMM)) {
        k = env->vsr[k & 31][0] & 63;
    }
    dfp_unpack(dfp_read(env, rb, f), f, &b);
    nsd = dec_nsd(&b, f);
    if (b.cls != DC_FINITE) {
        crf = CRF_SO;
    } else if (k == 0 || nsd == 0) {
        crf = CRF_GT;
    } else {
        crf = (int)k < nsd ? CRF_LT : (int)k > nsd ? CRF_GT : CRF_EQ;
    }
    return dfp_set_fpcc(env, crf);
}

/* ------------------------------------------------------ re-encoding */

/* dxex[q] FRT,FRB: the biased exponent; -1 infinity, -2 QNaN, -3 SNaN */
static void helper_dfp_xex(CPUPPCState *env, uint64_t desc, uint64_t t,
                           uint64_t rb)
{
    const DecFormat *f = dfp_format(desc);
    Dec b;
    static const int64_t special[] = {0, -1, -2, -3};

    dfp_unpack(dfp_read(env, rb, f), f, &b);
    env->vsr[t & 31][0] = b.cls == DC_FINITE ? (uint64_t)b.bexp
                                             : (uint64_t)special[b.cls];
}

/*
 * diex[q] FRT,FRA,FRB: FRB's sign and coefficient with the exponent the
 * signed integer FRA says: 0..max biased exponent as it is, -1 an
 * infinity, -2 a QNaN, -3 an SNaN, anything else a QNaN.  For the
 * specials the coefficient continuation of FRB is kept and the exponent
 * continuation is 0 (but for the SNaN bit); for a finite result from an
 * infinity or NaN, the leftmost digit is 0.
 */
static void helper_dfp_iex(CPUPPCState *env, uint64_t desc, uint64_t t,
                           uint64_t ra, uint64_t rb)
{
    const DecFormat *f = dfp_format(desc);
    int64_t e = (int64_t)env->vsr[ra & 31][0];
    Dec b;
    u128 v;

    dfp_unpack(dfp_read(env, rb, f), f, &b);
    if (e >= 0 && e <= f->max_bexp) {
        b.bexp = (int)e;
        v = dfp_pack(&b, f);
    } else {
        /* 11110 infinity, 11111 0 QNaN, 11111 1 SNaN */
        unsigned comb = e == -1 ? 0x1e : 0x1f;

        v = (u128)b.neg << (f->width - 1) | (u128)comb << (f->width - 6) |
            b.tail;
        if (e == -3) {
            v |= (u128)1 << (f->width - 7);
        }
    }
    dfp_write(env, t, f, v);
}

/* the BCD sign codes of 5.6.8: plus C (or F with SP=11 / any of A C E F
   accepted), minus D (B D accepted) */
static bool bcd_sign_ok(unsigned s, bool *neg)
{
    *neg = s == 0xb || s == 0xd;
    return s >= 0xa;
}

/*
 * ddedpd[q] SP,FRT,FRB: the coefficient (specials: the trailing digits,
 * leftmost 0) as BCD: SP=0x unsigned, the rightmost 16 (32) digits;
 * SP=1x signed, the rightmost 15 (31) digits and a sign code (plus C for
 * SP=10, F for SP=11; minus D).
 */
static void helper_dfp_dedpd(CPUPPCState *env, uint64_t desc, uint64_t t,
                             uint64_t rb)
{
    const DecFormat *f = dfp_format(desc);
    unsigned sp = (desc >> DFPD_ARG_SHIFT) & 3;
    int nout = f->width / 4; /* BCD nibbles in the target */
    Dec b;
    u128 v = 0;
    int first;

    dfp_unpack(dfp_read(env, rb, f), f, &b);
    first = f->digits - (sp & 2 ? nout - 1 : nout);
    for (int i = first; i < f->digits; i++) {
        v = v << 4 | b.dig[i];
    }
    if (sp & 2) {
        v = v << 4 | (b.neg ? 0xd : (sp & 1) ? 0xf : 0xc);
    }
    dfp_write(env, t, f, v);
}

/*
 * denbcd[q] S,FRT,FRB: BCD to a DFP value with exponent 0 (biased: the
 * bias): S=0 unsigned, all 16 (32) nibbles digits; S=1 signed, 15 (31)
 * digits and a sign nibble.  An invalid digit or sign: VXCVI, the default
 * QNaN (unless VE=1, which leaves FRT unchanged).  FPRF is set.
 */
static void helper_dfp_enbcd(CPUPPCState *env, uint64_t desc, uint64_t t,
                             uint64_t rb)
{
    const DecFormat *f = dfp_format(desc);
    bool s = (desc >> DFPD_ARG_SHIFT) & 1, ok = true;
    int nin = f->width / 4;
    u128 in = dfp_read(env, rb, f);
    Dec x = {0};
    int ndig = s ? nin - 1 : nin;

    if (s) {
        ok = bcd_sign_ok((unsigned)in & 0xf, &x.neg);
        in >>= 4;
    }
    for (int i = 0; i < ndig; i++) {
        unsigned d = (unsigned)(in >> (4 * (ndig - 1 - i))) & 0xf;

        ok = ok && d <= 9;
        x.dig[f->digits - ndig + i] = (uint8_t)(d <= 9 ? d : 0);
    }
    if (!ok) {
        /* the default QNaN: 0 11111 0 ... */
        if (!(env->fpscr & FPSCR_VE)) {
            dfp_write(env, t, f, (u128)0x1f << (f->width - 6));
            env->fpscr = (env->fpscr & ~FPSCR_FPRF) |
                         (uint64_t)0x11 << FPSCR_FPRF_SHIFT;
        }
        dfp_raise(env, FPSCR_VXCVI);
        return;
    }
    x.bexp = f->bias;
    dfp_write(env, t, f, dfp_pack(&x, f));
    env->fpscr = (env->fpscr & ~FPSCR_FPRF) |
                 (uint64_t)(dec_nsd(&x, f) ? (x.neg ? 0x08 : 0x04)
                                           : (x.neg ? 0x12 : 0x02))
                 << FPSCR_FPRF_SHIFT;
}

/* dscli[q], dscri[q] FRT,FRA,SH: the coefficient shifted left / right by
   SH digits (digits shifted out are lost, zeros come in); sign and
   exponent kept.  Infinities and NaNs: the trailing digits are shifted,
   the leftmost digit and the exponent continuation are 0 but for an
   SNaN, which becomes a QNaN with VXSNAN.  FPRF is set. */
static void helper_dfp_shift(CPUPPCState *env, uint64_t desc, uint64_t t,
                             uint64_t ra, uint64_t sh)
{
    const DecFormat *f = dfp_format(desc);
    bool right = desc & DFPD_RIGHT;
    Dec a, r;
    int n = f->digits, first = 0;
    unsigned fprf;

    dfp_unpack(dfp_read(env, ra, f), f, &a);
    r = a;
    if (a.cls != DC_FINITE) {
        first = 1; /* only the trailing digits move */
        r.dig[0] = 0;
    }
    for (int i = first; i < n; i++) {
        int from = right ? i - (int)sh : i + (int)sh;

        r.dig[i] = from >= first && from < n ? a.dig[from] : 0;
    }
    if (a.cls == DC_FINITE) {
        dfp_write(env, t, f, dfp_pack(&r, f));
        fprf = dec_nsd(&r, f) == 0 ? (r.neg ? 0x12 : 0x02)
               : dec_is_subnormal(&r, f) ? (r.neg ? 0x18 : 0x14)
               : (r.neg ? 0x08 : 0x04);
    } else {
        unsigned comb = a.cls == DC_INF ? 0x1e : 0x1f;
        u128 v = (u128)a.neg << (f->width - 1) | (u128)comb << (f->width - 6);

        r.bexp = 0;
        r.dig[0] = 0;
        v |= dfp_pack(&r, f) & (((u128)1 << (10 * f->declets)) - 1);
        if (a.cls == DC_SNAN && (env->fpscr & FPSCR_VE)) {
            dfp_raise(env, FPSCR_VXSNAN);
            return;
        }
        dfp_write(env, t, f, v);
        fprf = a.cls == DC_INF ? (a.neg ? 0x09 : 0x05) : 0x11;
        if (a.cls == DC_SNAN) {
            env->fpscr = (env->fpscr & ~FPSCR_FPRF) |
                         (uint64_t)fprf << FPSCR_FPRF_SHIFT;
            dfp_raise(env, FPSCR_VXSNAN);
            return;
        }
    }
    env->fpscr = (env->fpscr & ~FPSCR_FPRF) | (uint64_t)fprf << FPSCR_FPRF_SHIFT;
}

const TCGHelperInfo helper_info_dfp_cmp = {
    .func = (void *)helper_dfp_cmp, .name = "dfp_cmp",
    .nb_iargs = 3, .has_ret = 1, .flags = VEC_HELPER_READS_MSR,
};
const TCGHelperInfo helper_info_dfp_tstdc = {
    .func = (void *)helper_dfp_tstdc, .name = "dfp_tstdc",
    .nb_iargs = 3, .has_ret = 1, .flags = VEC_HELPER_WRITES,
};
const TCGHelperInfo helper_info_dfp_tstdg = {
    .func = (void *)helper_dfp_tstdg, .name = "dfp_tstdg",
    .nb_iargs = 3, .has_ret = 1, .flags = VEC_HELPER_WRITES,
};
const TCGHelperInfo helper_info_dfp_tstex = {
    .func = (void *)helper_dfp_tstex, .name = "dfp_tstex",
    .nb_iargs = 3, .has_ret = 1, .flags = VEC_HELPER_WRITES,
};
const TCGHelperInfo helper_info_dfp_tstsf = {
    .func = (void *)helper_dfp_tstsf, .name = "dfp_tstsf",
    .nb_iargs = 3, .has_ret = 1, .flags = VEC_HELPER_WRITES,
};
const TCGHelperInfo helper_info_dfp_xex = {
    .func = (void *)helper_dfp_xex, .name = "dfp_xex",
    .nb_iargs = 3, .has_ret = 0, .flags = VEC_HELPER_WRITES,
};
const TCGHelperInfo helper_info_dfp_iex = {
    .func = (void *)helper_dfp_iex, .name = "dfp_iex",
    .nb_iargs = 4, .has_ret = 0, .flags = VEC_HELPER_WRITES,
};
const TCGHelperInfo helper_info_dfp_dedpd = {
    .func = (void *)helper_dfp_dedpd, .name = "dfp_dedpd",
    .nb_iargs = 3, .has_ret = 0, .flags = VEC_HELPER_WRITES,
};
const TCGHelperInfo helper_info_dfp_enbcd = {
    .func = (void *)helper_dfp_enbcd, .name = "dfp_enbcd",
    .nb_iargs = 3, .has_ret = 0, .flags = VEC_HELPER_READS_MSR,
};
const TCGHelperInfo helper_info_dfp_shift = {
    .func = (void *)helper_dfp_shift, .name = "dfp_shift",
    .nb_iargs = 4, .has_ret = 0, .flags = VEC_HELPER_READS_MSR,
};
