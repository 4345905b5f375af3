/*
 * target-ppc/helper-dfp-arith.c: the decimal floating point instructions
 * that round (Power ISA 3.0B Book I chapter 5):
 *   dadd[q] dsub[q] dmul[q] ddiv[q]            arithmetic (5.6.1)
 *   dqua[q] dquai[q] drrnd[q] drintx[q] drintn[q]  quantum adjustment
 *                                              (5.6.4)
 *   dctdp dctqpq drsp drdpq                    format conversion (5.6.5)
 *   dcffix[q] dctfix[q]                        integer conversion (5.6.6)
 *
 * Values are worked on as a sign, a decimal coefficient of any length
 * (Big: digits, least significant first) and the exponent of its last
 * digit; every operation computes its exact result (or, for divide and
 * for an addend far below the other, a result with a sticky digit that
 * rounds the same way) and dec_finish() delivers it (5.5.6-5.5.10): the
 * exponent nearest the ideal one when exact, rounding to the precision p
 * and to the smallest exponent Etiny in the rounding mode, fold-down
 * (clamping) of an exponent above Etop when zeros can be appended,
 * overflow, underflow (tininess detected before rounding: the exact
 * result's adjusted exponent below Emin) and inexact.
 *
 * The rounding modes (FPSCR[DRN], 5.5.5; the RMC field, Table 5.4):
 *   0 nearest, ties to even   1 toward zero   2 toward +inf   3 toward -inf
 *   4 nearest, ties away      5 nearest, ties toward zero
 *   6 away from zero          7 prepare for shorter precision (toward
 *     zero, but a last digit of 0 or 5 that discarded a nonzero part is
 *     incremented)
 *
 * NaN operands (5.5.10.1 and the individual instructions): an SNaN sets
 * VXSNAN; the result is the first SNaN made quiet, else the first QNaN,
 * keeping its sign and trailing digits (re-encoded canonically).  The
 * default QNaN is 0 11111 0 then zeros.
 *
 * Enabled exceptions (5.5.10): VE or ZE leave FRT unchanged; OE or UE
 * deliver the rounded result with the exponent decreased (overflow) or
 * increased (underflow) by 576 (DFP long) or 9216 (extended), 3/4 of
 * the exponent range; then the program interrupt when MSR[FE0 FE1] != 0.
 */
#include <string.h>

#include "dfp.h"
#include "vsx-fp.h"

/* ----------------------------------------------------- wide decimals */

#define BIG_DIGITS 128

typedef struct Big {
    int n;                  /* digits in use (d[n..] are 0) */
    uint8_t d[BIG_DIGITS];  /* least significant first */
} Big;

static void big_norm(Big *x)
{
    while (x->n > 0 && x->d[x->n - 1] == 0) {
        x->n--;
    }
}

static void big_from_dec(Big *x, const Dec *v, const DecFormat *f)
{
    memset(x, 0, sizeof(*x));
    for (int i = 0; i < f->digits; i++) {
        x->d[i] = v->dig[f->digits - 1 - i];
    }
    x->n = f->digits;
    big_norm(x);
}

static void big_from_u64(Big *x, uint64_t v)
{
    memset(x, 0, sizeof(*x));
    while (v) {
        x->d[x->n++] = (uint8_t)(v % 10);
        v /= 10;
    }
}

/* x *= 10^k (the caller keeps n + k within BIG_DIGITS) */
static void big_shl(Big *x, int k)
{
    if (k <= 0 || x->n == 0) {
        return;
    }
    memmove(x->d + k, x->d, (size_t)x->n);
    memset(x->d, 0, (size_t)k);
    x->n += k;
}

static int big_cmp(const Big *a, const Big *b)
{
    if (a->n != b->n) {
        return a->n < b->n ? -1 : 1;
    }
    for (int i = a->n - 1; i >= 0; i--) {
        if (a->d[i] != b->d[i]) {
            return a->d[i] < b->d[i] ? -1 : 1;
        }
    }
    return 0;
}

/* r = a + b */
static void big_add(Big *r, const Big *a, const Big *b)
{
    int n = a->n > b->n ? a->n : b->n, c = 0;
    Big t = {0};

    for (int i = 0; i < n; i++) {
        int s = a->d[i] + b->d[i] + c;

        c = s >= 10;
        t.d[i] = (uint8_t)(s - 10 * c);
    }
    t.n = n;
    if (c) {
        t.d[t.n++] = 1;
    }
    *r = t;
}

/* r = a - b, a >= b */
static void big_sub(Big *r, const Big *a, const Big *b)
{
    int c = 0;
    Big t = {0};

    for (int i = 0; i < a->n; i++) {
        int s = a->d[i] - b->d[i] - c;

        c = s < 0;
        t.d[i] = (uint8_t)(s + 10 * c);
    }
    t.n = a->n;
    big_norm(&t);
    *r = t;
}

static void big_mul(Big *r, const Big *a, const Big *b)
{
    unsigned acc[BIG_DIGITS] = {0};
    Big t = {0};

    for (int i = 0; i < a->n; i++) {
        for (int j = 0; j < b->n; j++) {
            acc[i + j] += (unsigned)a->d[i] * b->d[j];
        }
    }
    t.n = a->n + b->n;
    for (int i = 0, c = 0; i < t.n; i++) {
        unsigned v = acc[i] + (unsigned)c;

        t.d[i] = (uint8_t)(v % 10);
        c = (int)(v / 10);
    }
    big_norm(&t);
    *r = t;
}

/* q = a / b, rem = a % b (b nonzero): long division, one quotient digit
   per position by repeated subtraction */
static void big_divmod(Big *q, Big *rem, const Big *a, const Big *b)
{
    Big r = {0}, t = {0};

    for (int i = a->n - 1; i >= 0; i--) {
        int digit = 0;

        big_shl(&r, 1);
        r.d[0] = a->d[i];
        if (r.n == 0 && r.d[0]) {
            r.n = 1;
        }
        while (big_cmp(&r, b) >= 0) {
            big_sub(&r, &r, b);
            digit++;
        }
        t.d[i] = (uint8_t)digit;
    }
    t.n = a->n;
    big_norm(&t);
    *q = t;
    *rem = r;
}

/* ---------------------------------------------------------- rounding */

typedef struct DecCtx {
    CPUPPCState *env;
    const DecFormat *f;   /* the result's format */
    int mode;             /* 0-7, see the top */
    uint64_t exc;         /* exception bits raised */
    bool inexact, incr;   /* FI, FR */
} DecCtx;

static bool round_up(int mode, bool neg, unsigned lsd, unsigned rd, bool rest)
{
    bool inexact = rd || rest;

    switch (mode) {
    case 0:
        return rd > 5 || (rd == 5 && (rest || (lsd & 1)));
    case 1:
        return false;
    case 2:
        return inexact && !neg;
    case 3:
        return inexact && neg;
    case 4:
        return rd >= 5;
    case 5:
        return rd > 5 || (rd == 5 && rest);
    case 6:
        return inexact;
    default:
        return inexact && (lsd == 0 || lsd == 5);
    }
}

/* drops the k lowest digits of x (k may exceed x->n) in the rounding
   mode; sticky: a nonzero part below x.  Returns whether the result is
   inexact; sets *up when the kept coefficient was incremented */
static bool big_round(Big *x, int k, bool sticky, int mode, bool neg,
                      bool *up)
{
    unsigned rd = 0;
    bool rest = sticky;

    *up = false;
    if (k <= 0) {
        rd = 0;
    } else {
        for (int i = 0; i < k && i < x->n; i++) {
            if (i < k - 1) {
                rest = rest || x->d[i];
            } else {
                rd = x->d[i];
            }
        }
        if (k >= x->n) {
            memset(x, 0, sizeof(*x));
        } else {
            memmove(x->d, x->d + k, (size_t)(x->n - k));
            memset(x->d + x->n - k, 0, (size_t)k);
            x->n -= k;
        }
    }
    if (!rd && !rest) {
        return false;
    }
    if (round_up(mode, neg, x->d[0], rd, rest)) {
        Big one = {.n = 1, .d = {1}};

        big_add(x, x, &one);
        *up = true;
    }
    return true;
}

static int etiny(const DecFormat *f)
{
    return -f->bias;
}

static int etop(const DecFormat *f)
{
    return f->max_bexp - f->bias;
}

static int emin(const DecFormat *f)
{
    return f->digits - 1 - f->bias;
}

/* the exponent adjustment of an enabled overflow or underflow */
static int exp_adjust(const DecFormat *f)
{
    return f->width == 128 ? 9216 : f->width == 64 ? 576 : 144;
}

/* the encoding of sign, coefficient x (at most p digits), exponent e */
static u128 dec_encode(const DecFormat *f, bool neg, const Big *x, int e)
{
    Dec r = {0};

    r.neg = neg;
    r.cls = DC_FINITE;
    r.bexp = e + f->bias;
    for (int i = 0; i < f->digits; i++) {
        r.dig[f->digits - 1 - i] = x->d[i];
    }
    return dfp_pack(&r, f);
}

static u128 dec_inf(const DecFormat *f, bool neg)
{
    return (u128)neg << (f->width - 1) | (u128)0x1e << (f->width - 6);
}

static u128 dec_default_qnan(const DecFormat *f)
{
    return (u128)0x1f << (f->width - 6);
}

static u128 dec_zero(const DecFormat *f, bool neg, int e)
{
    Big z = {0};

    if (e < etiny(f)) {
        e = etiny(f);
    }
    if (e > etop(f)) {
        e = etop(f);
    }
    return dec_encode(f, neg, &z, e);
}

/*
 * Delivers sign neg, coefficient x, exponent e (of x's last digit), with
 * sticky a nonzero part below x; ideal: the exponent an exact result
 * takes when it can (5.5.6).
 */
static u128 dec_finish(DecCtx *c, bool neg, Big *x, int e, bool sticky,
                       int ideal)
{
    const DecFormat *f = c->f;
    int p = f->digits, drop = 0, adj;
    uint64_t fpscr = c->env->fpscr;
    bool tiny, inexact, up;

    big_norm(x);
    if (x->n == 0 && !sticky) {
        return dec_zero(f, neg, ideal);
    }
    if (!sticky && e > ideal && x->n < p) {
        int k = e - ideal < p - x->n ? e - ideal : p - x->n;

        big_shl(x, k);
        e -= k;
    }
    adj = e + x->n - 1;
    tiny = adj < emin(f);
    if (x->n > p) {
        drop = x->n - p;
    }
    if (tiny && (fpscr & FPSCR_UE)) {
        /* enabled underflow: rounded to p digits, then scaled up */
    } else if (e + drop < etiny(f)) {
        drop = etiny(f) - e;
    }
    inexact = big_round(x, drop, sticky, c->mode, neg, &up);
    e += drop > 0 ? drop : 0;
    if (x->n > p) {
        /* the increment carried into a new digit: 10^p, one zero off */
        memmove(x->d, x->d + 1, (size_t)(x->n - 1));
        x->d[--x->n] = 0;
        e++;
    }
    c->inexact = inexact;
    c->incr = up;
    if (inexact) {
        c->exc |= FPSCR_XX;
    }
    if (tiny && (fpscr & FPSCR_UE)) {
        c->exc |= FPSCR_UX;
        e += exp_adjust(f);
    } else if (tiny && inexact) {
        c->exc |= FPSCR_UX;
    }
    if (x->n && e > etop(f)) {
        if (x->n + (e - etop(f)) <= p) {
            big_shl(x, e - etop(f)); /* fold-down: exact */
            e = etop(f);
        } else if (fpscr & FPSCR_OE) {
            c->exc |= FPSCR_OX;
            e -= exp_adjust(f);
        } else {
            int m = c->mode;
            bool to_inf = m == 0 || m == 4 || m == 5 || m == 6 ||
                          (m == 2 && !neg) || (m == 3 && neg);

            c->exc |= FPSCR_OX | FPSCR_XX;
            c->inexact = true;
            c->incr = to_inf;
            if (to_inf) {
                return dec_inf(f, neg);
            }
            memset(x, 0, sizeof(*x));
            for (int i = 0; i < p; i++) {
                x->d[i] = 9;
            }
            x->n = p;
            e = etop(f);
        }
    }
    if (x->n == 0 && e > etop(f)) {
        e = etop(f);
    }
    return dec_encode(f, neg, x, e);
}

/* ------------------------------------------------------- the operands */

static bool is_nan(const Dec *x)
{
    return x->cls == DC_QNAN || x->cls == DC_SNAN;
}

/* the quiet NaN a NaN operand gives: its sign and trailing digits in
   the format f (a shorter format keeps the rightmost of them) */
static u128 dec_quiet(const Dec *x, const DecFormat *src, const DecFormat *f)
{
    Dec r = {0};
    u128 tail;

    for (int i = 1; i < f->digits; i++) {
        int from = src->digits - f->digits + i;

        r.dig[i] = from >= 1 ? x->dig[from] : 0;
    }
    tail = dfp_pack(&r, f) & (((u128)1 << (10 * f->declets)) - 1);
    return (u128)x->neg << (f->width - 1) | (u128)0x1f << (f->width - 6) |
           tail;
}

/* NaN operands (b may be NULL): the result in *out and true */
static bool dec_nan_operands(DecCtx *c, const Dec *a, const Dec *b,
                             const DecFormat *src, u128 *out)
{
    const Dec *pick = NULL;

    if ((a && a->cls == DC_SNAN) || (b && b->cls == DC_SNAN)) {
        c->exc |= FPSCR_VXSNAN;
        pick = a && a->cls == DC_SNAN ? a : b;
    } else if (a && is_nan(a)) {
        pick = a;
    } else if (b && is_nan(b)) {
        pick = b;
    }
    if (!pick) {
        return false;
    }
    *out = dec_quiet(pick, src, c->f);
    return true;
}

static int dec_exp(const Dec *x, const DecFormat *f)
{
    return x->bexp - f->bias;
}

static bool dec_iszero(const Dec *x, const DecFormat *f)
{
    return x->cls == DC_FINITE && dec_nsd(x, f) == 0;
}

/* ------------------------------------------------------- operations */

enum {
    DOP_ADD, DOP_SUB, DOP_MUL, DOP_DIV, DOP_QUA, DOP_QUAI, DOP_RRND,
    DOP_RINTX, DOP_RINTN, DOP_CTDP, DOP_RSP, DOP_CFFIX, DOP_CTFIX,
};

/* 5.6.1 add and subtract (b already negated for subtract) */
static u128 dec_add(DecCtx *c, const Dec *a, const Dec *b)
{
    const DecFormat *f = c->f;
    int ea = dec_exp(a, f), eb = dec_exp(b, f), p = f->digits;
    int ideal = ea < eb ? ea : eb, e;
    const Dec *hi = ea >= eb ? a : b, *lo = ea >= eb ? b : a;
    int shift = (ea >= eb ? ea - eb : eb - ea);
    Big x, y, r;
    bool neg;

    if (a->cls == DC_INF || b->cls == DC_INF) {
        if (a->cls == DC_INF && b->cls == DC_INF && a->neg != b->neg) {
            c->exc |= FPSCR_VXISI;
            return dec_default_qnan(f);
        }
        return dec_inf(f, a->cls == DC_INF ? a->neg : b->neg);
    }
    big_from_dec(&x, hi, f);
    big_from_dec(&y, lo, f);
    if (x.n == 0) {
        /* hi is zero: lo's value, at lo's (the ideal) exponent */
        e = ideal;
    } else if (y.n == 0 || shift <= 2 * p + 4) {
        big_shl(&x, y.n ? shift : 0);
        e = y.n ? ideal : dec_exp(hi, f);
    } else {
        /* lo lies below a unit of the digit p + 4 places under hi's
           last one: any positive value there rounds the same */
        big_shl(&x, p + 5);
        memset(&y, 0, sizeof(y));
        y.n = 1;
        y.d[0] = 1;
        e = dec_exp(hi, f) - p - 5;
    }
    if (hi->neg == lo->neg) {
        big_add(&r, &x, &y);
        neg = hi->neg;
    } else if (big_cmp(&x, &y) >= 0) {
        big_sub(&r, &x, &y);
        neg = hi->neg;
    } else {
        big_sub(&r, &y, &x);
        neg = lo->neg;
    }
    big_norm(&r);
    if (r.n == 0) {
        /* an exact zero: +0, or -0 when both were negative or in round
           toward -inf */
        neg = (a->neg && b->neg) || (a->neg != b->neg && c->mode == 3);
        return dec_zero(f, neg, ideal);
    }
    return dec_finish(c, neg, &r, e, false, ideal);
}

/* 5.6.2 multiply */
static u128 dec_mul(DecCtx *c, const Dec *a, const Dec *b)
{
    const DecFormat *f = c->f;
    bool neg = a->neg != b->neg;
    int e = dec_exp(a, f) + dec_exp(b, f);
    Big x, y, r;

    if (a->cls == DC_INF || b->cls == DC_INF) {
        if (dec_iszero(a, f) || dec_iszero(b, f)) {
            c->exc |= FPSCR_VXIMZ;
            return dec_default_qnan(f);
        }
        return dec_inf(f, neg);
    }
    big_from_dec(&x, a, f);
    big_from_dec(&y, b, f);
    big_mul(&r, &x, &y);
    return dec_finish(c, neg, &r, e, false, e);
}

/* 5.6.2 divide */
static u128 dec_div(DecCtx *c, const Dec *a, const Dec *b, bool *suppress)
{
    const DecFormat *f = c->f;
    bool neg = a->neg != b->neg;
    int ideal = dec_exp(a, f) - dec_exp(b, f), p = f->digits, s, e;
    Big x, y, q, rem;

    if (a->cls == DC_INF) {
        if (b->cls == DC_INF) {
            c->exc |= FPSCR_VXIDI;
            return dec_default_qnan(f);
        }
        return dec_inf(f, neg);
    }
    if (b->cls == DC_INF) {
        return dec_zero(f, neg, etiny(f));
    }
    big_from_dec(&x, a, f);
    big_from_dec(&y, b, f);
    if (y.n == 0) {
        if (x.n == 0) {
            c->exc |= FPSCR_VXZDZ;
            return dec_default_qnan(f);
        }
        c->exc |= FPSCR_ZX;
        *suppress = c->env->fpscr & FPSCR_ZE;
        return dec_inf(f, neg);
    }
    if (x.n == 0) {
        return dec_zero(f, neg, ideal);
    }
    /* at least p + 1 quotient digits */
    s = p + 1 + y.n - x.n;
    if (s < 0) {
        s = 0;
    }
    big_shl(&x, s);
    e = ideal - s;
    big_divmod(&q, &rem, &x, &y);
    big_norm(&rem);
    if (rem.n == 0) {
        /* exact: trailing zeros off toward the ideal exponent */
        while (e < ideal && q.n > 0 && q.d[0] == 0) {
            memmove(q.d, q.d + 1, (size_t)(q.n - 1));
            q.d[--q.n] = 0;
            e++;
        }
    }
    return dec_finish(c, neg, &q, e, rem.n != 0, ideal);
}

/*
 * 5.6.4 quantize: FRB's value with exponent te, rounded in the mode.
 * Invalid (VXCVI, the default QNaN): an infinity with a finite
 * reference, or a result of more than p digits.  No overflow or
 * underflow.
 */
static u128 dec_quantize(DecCtx *c, const Dec *b, int te, bool ref_inf)
{
    const DecFormat *f = c->f;
    int eb = dec_exp(b, f);
    Big x;
    bool up;

    if (b->cls == DC_INF || ref_inf) {
        if (b->cls == DC_INF && ref_inf) {
            return dec_inf(f, b->neg);
        }
        c->exc |= FPSCR_VXCVI;
        return dec_default_qnan(f);
    }
    big_from_dec(&x, b, f);
    if (te < eb && x.n) {
        if (x.n + (eb - te) > f->digits) {
            c->exc |= FPSCR_VXCVI;
            return dec_default_qnan(f);
        }
        big_shl(&x, eb - te);
    } else if (te > eb) {
        c->inexact = big_round(&x, te - eb, false, c->mode, b->neg, &up);
        c->incr = up;
        if (c->inexact) {
            c->exc |= FPSCR_XX;
        }
        big_norm(&x);
        if (x.n > f->digits) {
            c->exc |= FPSCR_VXCVI;
            c->inexact = c->incr = false;
            return dec_default_qnan(f);
        }
    }
    return dec_encode(f, b->neg, &x, te);
}

/* 5.6.4 reround: to k significant digits (k = 0 or k >= NSD: FRB as it
   is); an exponent above the largest: VXCVI */
static u128 dec_reround(DecCtx *c, const Dec *b, int k)
{
    const DecFormat *f = c->f;
    int nsd = dec_nsd(b, f), e = dec_exp(b, f), drop;
    Big x;
    bool up;

    if (b->cls == DC_INF) {
        return dec_inf(f, b->neg);
    }
    big_from_dec(&x, b, f);
    if (k == 0 || nsd <= k) {
        return dec_encode(f, b->neg, &x, e);
    }
    drop = nsd - k;
    c->inexact = big_round(&x, drop, false, c->mode, b->neg, &up);
    c->incr = up;
    e += drop;
    big_norm(&x);
    if (x.n > k) {
        memmove(x.d, x.d + 1, (size_t)(x.n - 1));
        x.d[--x.n] = 0;
        e++;
    }
    if (e > etop(f)) {
        c->exc |= FPSCR_VXCVI;
        c->inexact = c->incr = false;
        return dec_default_qnan(f);
    }
    if (c->inexact) {
        c->exc |= FPSCR_XX;
    }
    return dec_encode(f, b->neg, &x, e);
}

/* 5.6.4 round to an integer (exponent 0 for an exponent below 0) */
static u128 dec_rint(DecCtx *c, const Dec *b)
{
    const DecFormat *f = c->f;
    int e = dec_exp(b, f);
    Big x;
    bool up;

    if (b->cls == DC_INF) {
        return dec_inf(f, b->neg);
    }
    big_from_dec(&x, b, f);
    if (e < 0) {
        c->inexact = big_round(&x, -e, false, c->mode, b->neg, &up);
        c->incr = up;
        if (c->inexact) {
            c->exc |= FPSCR_XX;
        }
        e = 0;
    }
    return dec_encode(f, b->neg, &x, e);
}

/* 5.6.6 dctfix[q]: to a signed doubleword, rounded in FPSCR[DRN];
   NaN, infinity, out of range: VXCVI, 0x8000... (NaN, negative) or
   0x7fff... */
static uint64_t dec_ctfix(DecCtx *c, const Dec *b, const DecFormat *src)
{
    int e = dec_exp(b, src);
    Big x;
    bool up;
    unsigned __int128 v = 0;

    if (is_nan(b) || b->cls == DC_INF) {
        if (b->cls == DC_SNAN) {
            c->exc |= FPSCR_VXSNAN;
        }
        c->exc |= FPSCR_VXCVI;
        return is_nan(b) || b->neg ? 1ull << 63 : ~(1ull << 63);
    }
    big_from_dec(&x, b, src);
    if (e < 0) {
        c->inexact = big_round(&x, -e, false, c->mode, b->neg, &up);
        c->incr = up;
        big_norm(&x);
    } else if (x.n && x.n + e > 20) {
        x.n = 99; /* far out of range */
    } else {
        big_shl(&x, e);
    }
    if (x.n > 20) {
        v = (unsigned __int128)1 << 64;
    } else {
        for (int i = x.n - 1; i >= 0; i--) {
            v = v * 10 + x.d[i];
        }
    }
    if (v > (b->neg ? (unsigned __int128)1 << 63 : ((unsigned __int128)1 << 63) - 1)) {
        c->exc |= FPSCR_VXCVI;
        c->inexact = c->incr = false;
        return b->neg ? 1ull << 63 : ~(1ull << 63);
    }
    if (c->inexact) {
        c->exc |= FPSCR_XX;
    }
    return b->neg ? -(uint64_t)v : (uint64_t)v;
}

/* FPRF of a DFP value (5.5.2, the classes of 4.2.2's table) */
static unsigned dec_fprf(u128 v, const DecFormat *f)
{
    Dec x;

    dfp_unpack(v, f, &x);
    switch (x.cls) {
    case DC_INF:
        return x.neg ? 0x09 : 0x05;
    case DC_QNAN:
    case DC_SNAN:
        return 0x11;
    }
    if (dec_nsd(&x, f) == 0) {
        return x.neg ? 0x12 : 0x02;
    }
    if (dec_is_subnormal(&x, f)) {
        return x.neg ? 0x18 : 0x14;
    }
    return x.neg ? 0x08 : 0x04;
}

/* the rounding mode of the RMC forms (Table 5.4, R || RMC) */
static int rmc_mode(uint64_t desc, uint64_t fpscr)
{
    static const int modes[8] = {0, 1, 4, -1, 2, 3, 6, 5};
    int m = modes[(desc >> DFPD_ARG_SHIFT) & 7];

    return m < 0 ? (int)((fpscr & FPSCR_DRN) >> FPSCR_DRN_SHIFT) : m;
}

/*
 * One entry for every rounding DFP instruction: desc = the DOP_ number
 * | DFPD_Q | (R << 2 | RMC) << DFPD_ARG_SHIFT; t, a, b: FPR numbers (a:
 * the TE immediate for dquai, sign-extended).
 */
static void helper_dfp_arith(CPUPPCState *env, uint64_t desc, uint64_t t,
                             uint64_t ra, uint64_t rb)
{
    int op = (int)(desc & 0xff);
    bool q = desc & DFPD_Q;
    const DecFormat *f = q ? &dfp_ext : &dfp_long, *src = f;
    DecCtx c = {.env = env, .f = f};
    uint64_t fpscr = env->fpscr;
    bool suppress = false, alter_frfi = true, alter_fprf = true;
    bool has_b = true;
    Dec a = {0}, b = {0};
    u128 r = 0;

    c.mode = (int)((fpscr & FPSCR_DRN) >> FPSCR_DRN_SHIFT);
    switch (op) {
    case DOP_QUA: case DOP_QUAI: case DOP_RRND: case DOP_RINTX:
    case DOP_RINTN:
        c.mode = rmc_mode(desc, fpscr);
        break;
    case DOP_CTDP: /* dctdp: short to long; dctqpq: long to extended */
        src = q ? &dfp_long : &dfp_short;
        break;
    case DOP_RSP: /* drsp: long to short; drdpq: extended to long */
        src = f;
        c.f = f = q ? &dfp_long : &dfp_short;
        break;
    case DOP_CFFIX:
        has_b = false;
        break;
    }
    if (has_b) {
        dfp_unpack(dfp_read(env, rb, src), src, &b);
    }
    switch (op) {
    case DOP_ADD: case DOP_SUB: case DOP_MUL: case DOP_DIV:
        dfp_unpack(dfp_read(env, ra, f), f, &a);
        if (dec_nan_operands(&c, &a, &b, f, &r)) {
            break;
        }
        if (op == DOP_SUB) {
            b.neg = !b.neg;
        }
        r = op == DOP_MUL ? dec_mul(&c, &a, &b)
            : op == DOP_DIV ? dec_div(&c, &a, &b, &suppress)
                            : dec_add(&c, &a, &b);
        break;
    case DOP_QUA:
        dfp_unpack(dfp_read(env, ra, f), f, &a);
        alter_frfi = true;
        if (dec_nan_operands(&c, &a, &b, f, &r)) {
            break;
        }
        r = dec_quantize(&c, &b, dec_exp(&a, f), a.cls == DC_INF);
        break;
    case DOP_QUAI:
        if (dec_nan_operands(&c, NULL, &b, f, &r)) {
            break;
        }
        r = dec_quantize(&c, &b, (int)(int64_t)ra, false);
        break;
    case DOP_RRND:
        if (dec_nan_operands(&c, NULL, &b, f, &r)) {
            break;
        }
        r = dec_reround(&c, &b, (int)(env->vsr[ra & 31][0] & 63));
        break;
    case DOP_RINTX:
    case DOP_RINTN:
        alter_frfi = op == DOP_RINTX;
        if (dec_nan_operands(&c, NULL, &b, f, &r)) {
            break;
        }
        r = dec_rint(&c, &b);
        if (op == DOP_RINTN) {
            c.exc &= ~FPSCR_XX;
        }
        break;
    case DOP_CTDP:
        alter_frfi = false;
        if (dec_nan_operands(&c, NULL, &b, src, &r)) {
            break;
        }
        if (b.cls == DC_INF) {
            r = dec_inf(f, b.neg);
        } else {
            Big x;

            big_from_dec(&x, &b, src);
            r = dec_encode(f, b.neg, &x, dec_exp(&b, src));
        }
        break;
    case DOP_RSP:
        if (dec_nan_operands(&c, NULL, &b, src, &r)) {
            break;
        }
        if (b.cls == DC_INF) {
            r = dec_inf(f, b.neg);
        } else {
            Big x;
            int e = dec_exp(&b, src);

            big_from_dec(&x, &b, src);
            r = dec_finish(&c, b.neg, &x, e, false, e);
        }
        break;
    case DOP_CFFIX: {
        int64_t v = (int64_t)env->vsr[rb & 31][0];
        Big x;

        big_from_u64(&x, v < 0 ? -(uint64_t)v : (uint64_t)v);
        r = dec_finish(&c, v < 0, &x, 0, false, 0);
        break;
    }
    case DOP_CTFIX: {
        /* dctfixq: the extended operand, an integer result */
        uint64_t v = dec_ctfix(&c, &b, f);

        alter_fprf = false;
        suppress = (c.exc & FPSCR_VX_ALL) && (fpscr & FPSCR_VE);
        if (!suppress) {
            env->vsr[t & 31][0] = v;
        }
        goto commit;
    }
    }
    if ((c.exc & FPSCR_VX_ALL) && (fpscr & FPSCR_VE)) {
        suppress = true;
    }
    if (!suppress) {
        dfp_write(env, t, f, r);
    }
commit:
    if (suppress) {
        /* FRT and FPRF unchanged; FR, FI cleared */
        c.inexact = c.incr = false;
        alter_fprf = false;
    } else if (c.exc & FPSCR_VX_ALL) {
        c.inexact = c.incr = false;
    }
    if (alter_frfi) {
        fpscr &= ~(FPSCR_FR | FPSCR_FI);
        fpscr |= (c.inexact ? FPSCR_FI : 0) | (c.incr ? FPSCR_FR : 0);
    }
    if (alter_fprf) {
        fpscr = (fpscr & ~FPSCR_FPRF) |
                (uint64_t)dec_fprf(r, f) << FPSCR_FPRF_SHIFT;
    }
    vsx_fpscr_commit(env, fpscr, c.exc, GETPC());
}

const TCGHelperInfo helper_info_dfp_arith = {
    .func = (void *)helper_dfp_arith, .name = "dfp_arith",
    .nb_iargs = 4, .has_ret = 0, .flags = VEC_HELPER_READS_MSR,
};
