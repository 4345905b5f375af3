/*
 * Host program that writes fp-vectors.h, the expected results of the
 * floating-point ISA test (tests/isa/fp.c).  The build runs it (gen.mk):
 *
 *     make -f tests/isa/Makefile.inc build/isa/gen/fp-vectors.h
 *
 * The numbers come from the host's IEEE 754 arithmetic (x86-64 SSE and
 * glibc's correctly rounded fma/fmaf/sqrt) in each of the four rounding
 * modes; the FPSCR bits are derived from them by the definitions of Power
 * ISA 3.0B Book I 4.3-4.4 written out here:
 *   FI = inexact, FR = the rounded magnitude exceeds the one rounded
 *   toward zero, XX = FI, OX = overflow, ZX = divide by zero, UX = tiny
 *   before rounding (the result rounded toward zero is below the smallest
 *   normal) and inexact; NaN operands give the first NaN of FRA, FRB, FRC,
 *   quieted; invalid operations the default QNaN 0x7ff8000000000000; FPRF
 *   the class of the result (of its single value for single operations).
 * Single-precision operands are single values (the ISA leaves other inputs
 * undefined); for them the host's double result converted to float is the
 * correctly rounded single result (53 >= 2*24+2), and fmaf is exact.
 */
#include <fenv.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static double d(uint64_t u) { double x; memcpy(&x, &u, 8); return x; }
static uint64_t u(double x) { uint64_t v; memcpy(&v, &x, 8); return v; }

static const int modes[4] = {FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD,
                             FE_DOWNWARD};

enum { ADD, SUB, MUL, DIV, SQRT, MADD, MSUB, NMADD, NMSUB, NB_ARITH };
static const char *const names[NB_ARITH] = {
    "add", "sub", "mul", "div", "sqrt", "madd", "msub", "nmadd", "nmsub",
};

/* FPSCR bit masks (ISA bit n = 1 << (63 - n)) */
#define FX (1u << 31)
#define VX (1u << 29)
#define OX (1u << 28)
#define UX (1u << 27)
#define ZX (1u << 26)
#define XX (1u << 25)
#define VXSNAN (1u << 24)
#define VXISI (1u << 23)
#define VXIDI (1u << 22)
#define VXZDZ (1u << 21)
#define VXIMZ (1u << 20)
#define VXVC (1u << 19)
#define FR (1u << 18)
#define FI (1u << 17)
#define VXSQRT (1u << 9)
#define VXCVI (1u << 8)

static int is_nan(uint64_t x) { return isnan(d(x)); }
static int is_snan(uint64_t x) { return is_nan(x) && !(x & (1ull << 51)); }

static unsigned fprf(double x, int single)
{
    double m = fabs(x);
    int neg = signbit(x) != 0;
    if (isnan(x)) return 0x11;
    if (isinf(x)) return neg ? 0x09 : 0x05;
    if (x == 0) return neg ? 0x12 : 0x02;
    if (m < (single ? FLT_MIN : DBL_MIN)) return neg ? 0x18 : 0x14;
    return neg ? 0x08 : 0x04;
}

static double host(int op, int single, double a, double b, double c)
{
    volatile double va = a, vb = b, vc = c, r;
    if (single) {
        volatile float fa = (float)va, fb = (float)vb, fc = (float)vc, fr;
        switch (op) {
        case ADD: fr = (float)(va + vb); break;
        case SUB: fr = (float)(va - vb); break;
        case MUL: fr = (float)(va * vc); break;
        case DIV: fr = (float)(va / vb); break;
        case SQRT: fr = (float)sqrt(vb); break;
        case MADD: case NMADD: fr = fmaf(fa, fc, fb); break;
        default: fr = fmaf(fa, fc, -fb); break;
        }
        return fr;
    }
    switch (op) {
    case ADD: r = va + vb; break;
    case SUB: r = va - vb; break;
    case MUL: r = va * vc; break;
    case DIV: r = va / vb; break;
    case SQRT: r = sqrt(vb); break;
    case MADD: case NMADD: r = fma(va, vc, vb); break;
    default: r = fma(va, vc, -vb); break;
    }
    return r;
}

static int uses_a(int op) { return op != SQRT; }
static int uses_b(int op) { return op != MUL; }
static int uses_c(int op) { return op == MUL || op >= MADD; }

/* the expected result and FPSCR (less RN) of op in rounding mode rn */
static void expect(int op, int single, int rn, uint64_t a, uint64_t b,
                   uint64_t c, uint64_t *res, uint32_t *fpscr)
{
    uint32_t f = 0;
    double A = d(a), B = d(b), C = d(c);
    int fused = op >= MADD;

    if ((uses_a(op) && is_snan(a)) || (uses_b(op) && is_snan(b)) ||
        (uses_c(op) && is_snan(c)))
        f |= VXSNAN;
    if ((op == MUL || fused) && !isnan(A) && !isnan(C) &&
        ((isinf(A) && C == 0) || (A == 0 && isinf(C))))
        f |= VXIMZ;
    if ((uses_a(op) && is_nan(a)) || (uses_b(op) && is_nan(b)) ||
        (uses_c(op) && is_nan(c))) {
        uint64_t n = uses_a(op) && is_nan(a) ? a
                   : uses_b(op) && is_nan(b) ? b : c;
        n |= 1ull << 51;
        if (single) n &= ~0x1fffffffull;
        *res = n;
        f |= 0x11 << 12;
    } else {
        if ((op == ADD || op == SUB) && isinf(A) && isinf(B) &&
            ((signbit(A) != signbit(B)) == (op == ADD)))
            f |= VXISI;
        if (op == DIV && isinf(A) && isinf(B)) f |= VXIDI;
        if (op == DIV && A == 0 && B == 0) f |= VXZDZ;
        if (op == SQRT && signbit(B) && B != 0) f |= VXSQRT;
        if (fused && (isinf(A) || isinf(C)) && A != 0 && C != 0 &&
            isinf(B) &&
            ((signbit(A) != signbit(C)) !=
             ((signbit(B) != 0) != (op == MSUB || op == NMSUB))))
            f |= VXISI;
        if (f & (VXISI | VXIDI | VXZDZ | VXSQRT | VXIMZ)) {
            *res = 0x7ff8000000000000ull;
            f |= 0x11 << 12;
        } else {
            double r, z;
            int fl;
            fesetround(modes[rn]);
            feclearexcept(FE_ALL_EXCEPT);
            r = host(op, single, A, B, C);
            fl = fetestexcept(FE_ALL_EXCEPT);
            fesetround(FE_TOWARDZERO);
            z = host(op, single, A, B, C);
            fesetround(FE_TONEAREST);
            if (fl & FE_DIVBYZERO) f |= ZX;
            if (fl & FE_OVERFLOW) f |= OX;
            if (fl & FE_INEXACT) {
                f |= XX | FI;
                if (fabs(z) < (single ? FLT_MIN : DBL_MIN)) f |= UX;
            }
            if (fabs(r) > fabs(z)) f |= FR;
            if (op == NMADD || op == NMSUB) r = -r;
            *res = u(r);
            f |= fprf(r, single) << 12;
        }
    }
    if (f & 0x01f80700u) f |= VX;
    if (f & 0x1ff80700u) f |= FX;
    *fpscr = f;
}

/* ---- operands */

static const uint64_t dvals[] = {
    0x0000000000000000ull, 0x8000000000000000ull, /* +-0 */
    0x3ff0000000000000ull, 0xbff0000000000000ull, /* +-1 */
    0x3ff8000000000000ull,                        /* 1.5 */
    0x4008000000000000ull,                        /* 3 */
    0x3fb999999999999aull,                        /* 0.1 */
    0xc004000000000000ull,                        /* -2.5 */
    0x3fd5555555555555ull,                        /* 1/3 */
    0x3ff0000000000001ull,                        /* 1 + ulp */
    0x4340000000000001ull,                        /* 2^53 + 2 */
    0x7fefffffffffffffull, 0xffefffffffffffffull, /* +-max */
    0x7fe0000000000000ull,                        /* 2^1023 */
    0x0010000000000000ull, 0x8010000000000000ull, /* +-min normal */
    0x0008000000000000ull,                        /* denormal */
    0x0000000000000001ull,                        /* smallest denormal */
    0x7ff0000000000000ull, 0xfff0000000000000ull, /* +-inf */
    0x7ff8000000000123ull,                        /* QNaN */
    0xfff4000000000456ull,                        /* SNaN, negative */
    0x3cb0000000000000ull,                        /* 2^-52 */
    0x0018000000000000ull,                        /* 1.5 min normal */
    0x43e0000000000000ull,                        /* 2^63 */
    0xc1e0000000000000ull,                        /* -2^31 */
    0x41dfffffffc00000ull,                        /* 2^31 - 1 */
    0x400921fb54442d18ull,                        /* pi */
    0xc0e86a0000000000ull,                        /* -50000 */
    0x4004000000000000ull,                        /* 2.5 */
    0x3fe0000000000000ull,                        /* 0.5 */
    0xbfe8000000000000ull,                        /* -0.75 */
};
#define NDVALS (sizeof(dvals) / sizeof(dvals[0]))

/* single values (as doubles) */
static const uint64_t svals[] = {
    0x0000000000000000ull, 0x8000000000000000ull,
    0x3ff0000000000000ull, 0xbff0000000000000ull,
    0x3fb99999a0000000ull,                        /* 0.1f */
    0x3fd5555560000000ull,                        /* 1/3 f */
    0x3ff0000020000000ull,                        /* 1 + ulp f */
    0x47efffffe0000000ull, 0xc7efffffe0000000ull, /* +-FLT_MAX */
    0x3810000000000000ull,                        /* FLT_MIN */
    0x36a0000000000000ull,                        /* smallest denormal f */
    0x3800000000000000ull,                        /* FLT_MIN/2 */
    0x7ff0000000000000ull, 0xfff0000000000000ull,
    0x7ff8000020000000ull,                        /* QNaN */
    0x7ff4000000000000ull,                        /* SNaN */
    0x400921fb60000000ull,                        /* pi f */
    0x4008000000000000ull,                        /* 3 */
    0xc004000000000000ull,                        /* -2.5 */
    0x3e70000000000000ull,                        /* 2^-24 */
};
#define NSVALS (sizeof(svals) / sizeof(svals[0]))

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next(void)
{
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return rng;
}

/* a random double of moderate exponent, or a single if single */
static uint64_t rnd(int single)
{
    uint64_t x = next();
    uint64_t e = 1023 - 40 + (x >> 56) % 80;
    uint64_t v = (x & 0x800fffffffffffffull) | e << 52;
    return single ? v & ~0x1fffffffull : v;
}

static int count;

static void emit(int op, int single, int rn, uint64_t a, uint64_t b,
                 uint64_t c)
{
    uint64_t r;
    uint32_t f;
    expect(op, single, rn, a, b, c, &r, &f);
    printf("    {%d, %d, 0x%016" PRIx64 "ull, 0x%016" PRIx64 "ull, "
           "0x%016" PRIx64 "ull, 0x%016" PRIx64 "ull, 0x%08x},\n",
           op + (single ? NB_ARITH : 0), rn, a, b, c, r, f);
    count++;
}

/* ---- conversions: to and from integer, frsp, round to integral */

enum { CTIW, CTIWZ, CTIWU, CTIWUZ, CTID, CTIDZ, CTIDU, CTIDUZ, CFID, CFIDU,
       CFIDS, CFIDUS, RSP, RIN, RIZ, RIP, RIM, NB_CVT };

static void expect_cvt(int op, int rn, uint64_t b, uint64_t *res,
                       uint32_t *fpscr)
{
    uint32_t f = 0;
    double B = d(b);

    fesetround(modes[rn]);
    if (op <= CTIDUZ) {
        int is64 = op >= CTID, uns = (op & 2) != 0, z = op & 1;
        double lo = uns ? 0 : is64 ? -0x1p63 : -0x1p31;
        double hi = uns ? (is64 ? 0x1p64 : 0x1p32) : (is64 ? 0x1p63 : 0x1p31);
        double r;
        if (z) fesetround(FE_TOWARDZERO);
        r = nearbyint(B);
        fesetround(FE_TONEAREST);
        if (isnan(B)) {
            f |= VXCVI | (is_snan(b) ? VXSNAN : 0);
            *res = uns ? 0 : is64 ? 0x8000000000000000ull
                                  : 0xffffffff80000000ull;
        } else if (r >= hi || r < lo) {
            f |= VXCVI;
            *res = r < 0 ? (uns ? 0 : is64 ? 0x8000000000000000ull
                                           : 0xffffffff80000000ull)
                         : (uns ? (is64 ? ~0ull : 0xffffffffull)
                                : (is64 ? 0x7fffffffffffffffull
                                        : 0x7fffffffull));
        } else {
            if (r != B) {
                f |= XX | FI;
                if (fabs(r) > fabs(B)) f |= FR;
            }
            *res = uns ? (uint64_t)r
                       : is64 ? (uint64_t)(int64_t)r
                              : (uint64_t)(int64_t)(int32_t)r;
        }
    } else if (op <= CFIDUS) {
        int uns = op == CFIDU || op == CFIDUS, single = op >= CFIDS;
        volatile uint64_t vb = b;
        volatile double r, z;
        int fl;
        feclearexcept(FE_ALL_EXCEPT);
        if (single) r = uns ? (float)vb : (float)(int64_t)vb;
        else r = uns ? (double)vb : (double)(int64_t)vb;
        fl = fetestexcept(FE_ALL_EXCEPT);
        fesetround(FE_TOWARDZERO);
        if (single) z = uns ? (float)vb : (float)(int64_t)vb;
        else z = uns ? (double)vb : (double)(int64_t)vb;
        fesetround(FE_TONEAREST);
        if (fl & FE_INEXACT) f |= XX | FI;
        if (fabs(r) > fabs(z)) f |= FR;
        *res = u(r);
        f |= fprf(r, single) << 12;
    } else if (op == RSP) {
        if (isnan(B)) {
            if (is_snan(b)) f |= VXSNAN;
            *res = (b | 1ull << 51) & ~0x1fffffffull;
            f |= 0x11 << 12;
        } else {
            volatile float r, z;
            volatile double vb = B;
            int fl;
            feclearexcept(FE_ALL_EXCEPT);
            r = (float)vb;
            fl = fetestexcept(FE_ALL_EXCEPT);
            fesetround(FE_TOWARDZERO);
            z = (float)vb;
            fesetround(FE_TONEAREST);
            if (fl & FE_OVERFLOW) f |= OX;
            if (fl & FE_INEXACT) {
                f |= XX | FI;
                if (fabsf(z) < FLT_MIN) f |= UX;
            }
            if (fabsf(r) > fabsf(z)) f |= FR;
            *res = u(r);
            f |= fprf(r, 1) << 12;
        }
    } else {
        fesetround(FE_TONEAREST);
        if (isnan(B)) {
            if (is_snan(b)) f |= VXSNAN;
            *res = b | 1ull << 51;
            f |= 0x11 << 12;
        } else {
            double r = op == RIN ? round(B) : op == RIZ ? trunc(B)
                     : op == RIP ? ceil(B) : floor(B);
            *res = u(r);
            f |= fprf(r, 0) << 12;
        }
    }
    fesetround(FE_TONEAREST);
    if (f & 0x01f80700u) f |= VX;
    if (f & 0x1ff80700u) f |= FX;
    *fpscr = f;
}

static const uint64_t cvals[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x3ff8000000000000ull,
    0xc004000000000000ull, 0x4004000000000000ull, 0x400c000000000000ull,
    0xbfe8000000000000ull, 0xbfd0000000000000ull, 0x41dfffffffc00000ull,
    0x41e0000000000000ull, 0xc1e0000000000000ull, 0xc1e0000000200000ull,
    0x43e0000000000000ull, 0xc3e0000000000000ull, 0x43f0000000000000ull,
    0x41efffffffe00000ull, 0x41f0000000000000ull, 0x7ff0000000000000ull,
    0xfff0000000000000ull, 0x7ff8000000000000ull, 0x7ff0000000000001ull,
    0x3fe0000000000000ull, 0x3fe0000000000001ull, 0x400921fb54442d18ull,
    0x3810000000000000ull, 0x47efffffe0000001ull, 0x47efffffffffffffull,
    0x3690000000000000ull, 0x0000000000000001ull, 0x3ff0000010000000ull,
    0x3ff0000030000000ull, 0xbff0000010000001ull,
};
static const uint64_t ivals[] = {
    0, 1, 3, 0xffffffffffffffffull, 0x8000000000000000ull,
    0x7fffffffffffffffull, 0x0020000000000001ull, 0x0020000000000003ull,
    0x1000001, 0x1000003, 0xfffffffffefffffdull, 0x123456789abcdefull,
    0xfedcba9876543210ull,
};

int main(void)
{
    printf("/* generated by tests/isa/gen/fp-vectors.c: do not edit */\n");
    printf("/* {op, rn, a, b, c, result, fpscr}: op 0-8 double, 9-17 single "
           "(add sub mul div sqrt madd msub nmadd nmsub) */\n");
    printf("static const struct fp_vec fp_arith_vecs[] = {\n");
    for (int op = 0; op < NB_ARITH; op++) {
        for (int rn = 0; rn < 4; rn++) {
            /* all pairs would be too many: a fifth of them in
               round-to-nearest, a different seventeenth per other mode */
            for (unsigned i = 0; i < NDVALS; i++) {
                for (unsigned j = 0; j < NDVALS; j++) {
                    unsigned k = i * NDVALS + j;
                    if (op == SQRT ? j > 0 || (rn && i % 3 != (unsigned)rn % 3)
                                   : rn ? k % 17 != (unsigned)rn * 5
                                        : k % 5 != 0)
                        continue;
                    emit(op, 0, rn, dvals[i], dvals[op == SQRT ? i : j],
                         op >= MADD ? dvals[(i * 7 + j * 3) % NDVALS]
                                    : dvals[j]);
                }
            }
            for (int k = 0; k < 8; k++) {
                emit(op, 0, rn, rnd(0), rnd(0), rnd(0));
            }
            for (unsigned i = 0; i < NSVALS; i++) {
                for (unsigned j = 0; j < NSVALS; j++) {
                    unsigned k = i * NSVALS + j;
                    if (op == SQRT ? j > 0
                                   : rn ? k % 13 != (unsigned)rn * 3
                                        : k % 4 != 0)
                        continue;
                    emit(op, 1, rn, svals[i], svals[op == SQRT ? i : j],
                         op >= MADD ? svals[(i * 5 + j * 3) % NSVALS]
                                    : svals[j]);
                }
            }
            for (int k = 0; k < 6; k++) {
                emit(op, 1, rn, rnd(1), rnd(1), rnd(1));
            }
        }
    }
    printf("};\n\n/* {op, rn, b, result, fpscr}: op = ctiw ctiwz ctiwu ctiwuz "
           "ctid ctidz ctidu ctiduz cfid cfidu cfids cfidus rsp rin riz rip "
           "rim */\n");
    printf("static const struct fp_cvt_vec fp_cvt_vecs[] = {\n");
    for (int op = 0; op < NB_CVT; op++) {
        const uint64_t *v = op >= CFID && op <= CFIDUS ? ivals : cvals;
        unsigned n = op >= CFID && op <= CFIDUS
                         ? sizeof(ivals) / sizeof(ivals[0])
                         : sizeof(cvals) / sizeof(cvals[0]);
        for (int rn = 0; rn < 4; rn++) {
            for (unsigned i = 0; i < n; i++) {
                uint64_t r;
                uint32_t f;
                expect_cvt(op, rn, v[i], &r, &f);
                printf("    {%d, %d, 0x%016" PRIx64 "ull, 0x%016" PRIx64
                       "ull, 0x%08x},\n", op, rn, v[i], r, f);
                count++;
            }
        }
    }
    printf("};\n");
    fprintf(stderr, "%d vectors\n", count);
    (void)names;
    return 0;
}
