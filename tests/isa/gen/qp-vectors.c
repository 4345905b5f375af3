/*
 * Host program that writes vsx-qp-vectors.h, the expected results of the
 * quad-precision ISA test (tests/isa/vsx-qp.c).  The build runs it (gen.mk):
 *
 *     make -f tests/isa/Makefile.inc build/isa/gen/vsx-qp-vectors.h
 *
 * The numbers come from the host's binary128 arithmetic: GCC's __float128
 * (libgcc's soft-fp on x86-64, which honours fesetround and raises the
 * IEEE flags) and glibc's sqrtf128/fmaf128, in each of the four rounding
 * modes.  Round-to-odd results (the "o" forms) are the toward-zero result
 * with its last bit set when inexact, which is the definition of the mode.
 * The FPSCR bits follow Power ISA 3.0B Book I 4.3-4.4 written out here:
 * FI = inexact, FR = the rounded magnitude exceeds the toward-zero one,
 * XX = FI, OX = overflow, ZX = divide by zero, UX = tiny before rounding
 * (the toward-zero result is below 2^-16382) and inexact; NaN operands
 * give the first NaN in the ISA's order (VRA, VRB; for the multiply-adds
 * VRA, VRT, VRB), quieted; invalid operations the default QNaN; FPRF the
 * class of the result.  The host only says "invalid"; which VX cause it is
 * comes from the operand classes by the ISA's definitions.
 */
#define _GNU_SOURCE
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef unsigned __int128 u128;
typedef __float128 q;

static q qf(u128 u) { q x; memcpy(&x, &u, 16); return x; }
static u128 qu(q x) { u128 u; memcpy(&u, &x, 16); return u; }

static const int modes[4] = {FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD,
                             FE_DOWNWARD};

enum { ADD, SUB, MUL, DIV, SQRT, MADD, MSUB, NMADD, NMSUB, NB_OPS };

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
#define FR (1u << 18)
#define FI (1u << 17)
#define VXSQRT (1u << 9)

#define SIGN ((u128)1 << 127)
#define EXPM ((u128)0x7fff << 112)
#define FRACM (((u128)1 << 112) - 1)
#define QUIET ((u128)1 << 111)
#define DNAN (EXPM | QUIET)

static int is_nan(u128 x) { return (x & EXPM) == EXPM && (x & FRACM); }
static int is_snan(u128 x) { return is_nan(x) && !(x & QUIET); }
static int is_inf(u128 x) { return (x & ~SIGN) == EXPM; }
static int is_zero(u128 x) { return (x & ~SIGN) == 0; }
static int neg(u128 x) { return x >> 127; }

static unsigned fprf(u128 x)
{
    if (is_nan(x)) {
        return 0x11;
    }
    if (is_inf(x)) {
        return neg(x) ? 0x09 : 0x05;
    }
    if (is_zero(x)) {
        return neg(x) ? 0x12 : 0x02;
    }
    if (!(x & EXPM)) {
        return neg(x) ? 0x18 : 0x14;
    }
    return neg(x) ? 0x08 : 0x04;
}

static q host(int op, q a, q b, q c)
{
    switch (op) {
    case ADD: return a + b;
    case SUB: return a - b;
    case MUL: return a * b;
    case DIV: return a / b;
    case SQRT: return sqrtf128(b);
    case MADD: return fmaf128(a, b, c);
    case MSUB: return fmaf128(a, b, -c);
    case NMADD: return -fmaf128(a, b, c);
    default: return -fmaf128(a, b, -c);
    }
}

static q run(int op, q a, q b, q c, int mode, int *flags)
{
    volatile q va = a, vb = b, vc = c, r;

    fesetround(mode);
    feclearexcept(FE_ALL_EXCEPT);
    r = host(op, va, vb, vc);
    *flags = fetestexcept(FE_ALL_EXCEPT);
    fesetround(FE_TONEAREST);
    return r;
}

/* the invalid cause of op on non-NaN operands (c is the addend) */
static unsigned invalid(int op, u128 a, u128 b, u128 c)
{
    switch (op) {
    case ADD:
    case SUB:
        return is_inf(a) && is_inf(b) && ((neg(a) ^ neg(b)) == (op == ADD))
                   ? VXISI : 0;
    case MUL:
        return (is_inf(a) && is_zero(b)) || (is_zero(a) && is_inf(b)) ? VXIMZ
                                                                       : 0;
    case DIV:
        if (is_inf(a) && is_inf(b)) {
            return VXIDI;
        }
        return is_zero(a) && is_zero(b) ? VXZDZ : 0;
    case SQRT:
        return neg(b) && !is_zero(b) ? VXSQRT : 0;
    default: {
        int ps = neg(a) ^ neg(b), cs = neg(c) ^ (op == MSUB || op == NMSUB);

        if ((is_inf(a) && is_zero(b)) || (is_zero(a) && is_inf(b))) {
            return VXIMZ;
        }
        return (is_inf(a) || is_inf(b)) && is_inf(c) && ps != cs ? VXISI : 0;
    }
    }
}

/* mode 0-3: FPSCR[RN]; 4: round to odd */
static void vector(int op, int mode, u128 a, u128 b, u128 c)
{
    u128 r;
    unsigned f = 0;
    int nops = op == SQRT ? 1 : op >= MADD ? 3 : 2;
    u128 order[3];

    /* the ISA's NaN order */
    if (op == SQRT) {
        order[0] = b;
    } else if (op >= MADD) {
        order[0] = a, order[1] = c, order[2] = b;
    } else {
        order[0] = a, order[1] = b;
    }
    for (int i = 0; i < nops; i++) {
        if (is_snan(order[i])) {
            f |= VXSNAN;
        }
    }
    if (op >= MADD && !is_nan(a) && !is_nan(b) &&
        ((is_inf(a) && is_zero(b)) || (is_zero(a) && is_inf(b)))) {
        f |= VXIMZ;
    }
    r = 0;
    for (int i = 0; i < nops; i++) {
        if (is_nan(order[i])) {
            r = order[i] | QUIET;
            break;
        }
    }
    if (!r) {
        unsigned inv = invalid(op, a, b, c);

        if (inv) {
            f |= inv;
            r = DNAN;
        } else {
            int fl, flz;
            q x = run(op, qf(a), qf(b), qf(c), mode == 4 ? FE_TOWARDZERO
                                                        : modes[mode], &fl);
            q z = run(op, qf(a), qf(b), qf(c), FE_TOWARDZERO, &flz);
            u128 zu = qu(z) & ~SIGN;
            int tiny = (zu < ((u128)1 << 112)) && (zu != 0 || (flz & FE_INEXACT));

            r = qu(x);
            if (mode == 4 && (fl & FE_INEXACT)) {
                r |= 1;
            }
            if (fl & FE_DIVBYZERO) {
                f |= ZX;
            }
            if (fl & FE_OVERFLOW) {
                f |= OX;
            }
            if (tiny && (fl & FE_INEXACT)) {
                f |= UX;
            }
            if (fl & FE_INEXACT) {
                f |= XX | FI;
            }
            if (mode != 4 && (qu(x) & ~SIGN) > zu) {
                f |= FR;
            }
        }
    }
    if (f & (VX - 1) & ~(FR | FI)) {
        f |= FX;
    }
    if (f & (VXSNAN | VXISI | VXIDI | VXZDZ | VXIMZ | VXSQRT)) {
        f |= VX;
    }
    f |= fprf(r) << 12;
    printf("    {%d, %d, 0x%016llxull, 0x%016llxull, 0x%016llxull, "
           "0x%016llxull, 0x%016llxull, 0x%016llxull, 0x%016llxull, "
           "0x%016llxull, 0x%08x},\n",
           op, mode, (unsigned long long)(a >> 64), (unsigned long long)a,
           (unsigned long long)(b >> 64), (unsigned long long)b,
           (unsigned long long)(c >> 64), (unsigned long long)c,
           (unsigned long long)(r >> 64), (unsigned long long)r, f);
}

static uint64_t rng = 0x2545f4914f6cdd1dull;

static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* a random finite value with an exponent near e0 (+- spread) */
static u128 rnd_q(int e0, int spread)
{
    int e = e0 + (int)(rnd() % (2 * spread + 1)) - spread;
    u128 m = ((u128)rnd() << 64 | rnd()) & FRACM;

    if (e < 1) {
        e = 0;
    }
    if (e > 0x7ffe) {
        e = 0x7ffe;
    }
    return (rnd() & 1 ? SIGN : 0) | (u128)e << 112 | m;
}

int main(void)
{
    const u128 one = (u128)0x3fff << 112;
    u128 sp[] = {
        0, SIGN, one, one | SIGN, one | 1, (u128)0x4000 << 112 | QUIET,
        qu((q)1 / 3), (u128)0x4070 << 112,        /* 2^113 */
        1, SIGN | 1, FRACM, (u128)1 << 112,       /* denormals, min normal */
        (u128)0x7ffe << 112 | FRACM,              /* max */
        EXPM, EXPM | SIGN, DNAN | 0x1234, EXPM | 0x5678, /* inf, qNaN, sNaN */
        (u128)0x3ffe << 112 | FRACM,              /* 1 - 2^-113 */
    };
    int nsp = sizeof(sp) / sizeof(sp[0]);

    printf("/* generated by tests/isa/gen/qp-vectors.c: do not edit */\n");
    printf("/* {op, mode, a, b, c, result, fpscr}: op add sub mul div sqrt "
           "madd msub nmadd nmsub; mode FPSCR[RN], 4 = round to odd */\n");
    printf("static const struct qp_vec qp_vecs[] = {\n");
    for (int op = ADD; op <= DIV; op++) {
        for (int mode = 0; mode < 5; mode++) {
            for (int i = 0; i < nsp; i++) {
                for (int j = 0; j < nsp; j++) {
                    if (mode && (i + j) % 3) {
                        continue; /* every pair in RN, a third elsewhere */
                    }
                    vector(op, mode, sp[i], sp[j], 0);
                }
            }
            for (int k = 0; k < 15; k++) {
                /* ordinary values, near each other (cancellation), near
                   the overflow and underflow thresholds */
                vector(op, mode, rnd_q(0x3fff, 8), rnd_q(0x3fff, 120), 0);
                vector(op, mode, rnd_q(0x3fff, 2), rnd_q(0x3fff, 2), 0);
                vector(op, mode, rnd_q(0x7ff0, 16), rnd_q(0x3fff + 64, 64), 0);
                vector(op, mode, rnd_q(0x0040, 64), rnd_q(0x3fff - 60, 60), 0);
            }
        }
    }
    for (int mode = 0; mode < 5; mode++) {
        for (int i = 0; i < nsp; i++) {
            vector(SQRT, mode, 0, sp[i], 0);
        }
        for (int k = 0; k < 30; k++) {
            u128 x = rnd_q(0x3fff, 16000) & ~SIGN;
            vector(SQRT, mode, 0, x, 0);
        }
    }
    for (int op = MADD; op <= NMSUB; op++) {
        for (int mode = 0; mode < 5; mode++) {
            for (int k = 0; k < 30; k++) {
                vector(op, mode, rnd_q(0x3fff, 10), rnd_q(0x3fff, 10),
                       rnd_q(0x3fff, 24));
                /* the addend cancels most of the product */
                {
                    u128 a = rnd_q(0x3fff, 3), b = rnd_q(0x3fff, 3);
                    q p = qf(a) * qf(b);
                    vector(op, mode, a, b, qu(op == MADD || op == NMADD ? -p : p));
                }
            }
            for (int i = 0; i < nsp; i += 2) {
                for (int j = 1; j < nsp; j += 3) {
                    vector(op, mode, sp[i], sp[j], sp[(i + j) % nsp]);
                }
            }
        }
    }
    printf("};\n");
    return 0;
}
