/*
 * Generator of the floating-point differential runner: random sequences
 * of Power ISA 3.0B Book I chapter 4 instructions (arithmetic, fused
 * multiply-add, single precision, rounding and conversions, compare,
 * select, moves, test for software divide/sqrt, and the FPSCR moves:
 * mffs and its ISA 3.0 variants, mtfsf with L and W, mtfsfi, mtfsb0/1,
 * mcrfs), encoded from the instruction formats (Book I 1.6), with FPR
 * inputs weighted toward the special values (+-0, denormals, +-inf, quiet
 * and signalling NaNs, the edges of every integer conversion) and an
 * FPSCR with a random rounding mode (all four), DRN, enables and sticky
 * bits (never the enables, Q8), set with mtfsf L=1 by the harness
 * (run-case-fp.S).
 *
 *     gen-fp SEED FIRST COUNT OUT.S [--full] [--list LISTING]
 *
 * The command line and output are gen-common.h's, as for gen.c; the
 * values compared are f0-f31, the FPSCR and the CR (harness.c built with
 * -DDIFF_FP).
 *
 * Cases where the reference (QEMU 7.2) departs from the ISA are masked
 * right after the instruction, as KNOWN-DIFFERENCES.md (section 4) lists:
 * FPSCR[FR] is cleared before every read of the FPSCR and at the end (Q2),
 * FPRF is cleared after single-precision results and fcfidu[s] (Q3, Q4)
 * and FPRF[C] after fcmpo (Q5); mtfsb1 never sets an exception bit and
 * NI is never set (Q6); the estimates (fre, frsqrte...) are not generated
 * (Q7); no exception is ever enabled (Q8); fnmadd[s]/fnmsub[s] run in
 * round to nearest (Q9); FX is kept 1 (Q10); FI is cleared after
 * fcmpu/fcmpo (Q11).  Results the ISA leaves undefined: FRT[0:31] of fctiw* (U9) is
 * overwritten with FRT[32:63] (fmrgow), FPRF after a conversion to
 * integer (U10) is cleared.
 */
#include <stdint.h>
#include <stdio.h>

#include "gen-common.h"

#define NVALS 34 /* f0-f31, FPSCR, CR */
#define MAX_LEN 16

static int pick_reg(Seq *s)
{
    if (rng_chance(&s->rng, 40))
        return s->recent[rng_below(&s->rng, 4)];
    return (int)rng_below(&s->rng, 32);
}

static int pick_dest(Seq *s)
{
    return seq_written(s, pick_reg(s));
}

/* ---- values */

static const uint64_t special[] = {
    0x0000000000000000ull, 0x8000000000000000ull, /* +-0 */
    0x0000000000000001ull, 0x8000000000000001ull, /* +-min denormal */
    0x000fffffffffffffull, 0x800fffffffffffffull, /* +-max denormal */
    0x0010000000000000ull, 0x8010000000000000ull, /* +-DBL_MIN */
    0x7fefffffffffffffull, 0xffefffffffffffffull, /* +-DBL_MAX */
    0x7ff0000000000000ull, 0xfff0000000000000ull, /* +-inf */
    0x7ff8000000000000ull, 0xfff8000000000000ull, /* default QNaN, - */
    0x7ff0000000000001ull, 0xfff4000000000000ull, /* SNaNs */
    0x3ff0000000000000ull, 0xbff0000000000000ull, /* +-1 */
    0x4000000000000000ull, 0x3fe0000000000000ull, /* 2, 0.5 */
    0x3ff8000000000000ull, 0xc004000000000000ull, /* 1.5, -2.5 */
    0x3fdfffffffffffffull, 0xbfe0000000000001ull, /* just below/above .5 */
    0x41dfffffffc00000ull, 0x41e0000000000000ull, /* 2^31-1, 2^31 */
    0xc1e0000000000000ull, 0xc1e0000000200000ull, /* -2^31, -2^31-1 */
    0x41efffffffe00000ull, 0x41f0000000000000ull, /* 2^32-1, 2^32 */
    0x43e0000000000000ull, 0xc3e0000000000000ull, /* +-2^63 */
    0x43dfffffffffffffull, 0x43efffffffffffffull, /* below 2^63, 2^64 */
    0x43f0000000000000ull, 0x4330000000000000ull, /* 2^64, 2^52 */
    0x4340000000000000ull, 0x4340000000000001ull, /* 2^53, 2^53+2 */
    0x47efffffe0000000ull, 0x3810000000000000ull, /* FLT_MAX, FLT_MIN */
    0x36a0000000000000ull, 0x3800000000000000ull, /* single denormals */
    0x47f0000000000000ull, 0x3690000000000000ull, /* 2^128, 2^-150 */
    0x7fe0000000000000ull, 0x0020000000000000ull, /* 2^1023, 2^-1021 */
};

#define N_SPECIAL (sizeof(special) / sizeof(special[0]))

static uint64_t random_fpr(Rng *r)
{
    uint64_t v = rng_next(r);

    switch (rng_below(r, 12)) {
    case 0:
    case 1:
    case 2:
    case 3:
        return special[rng_below(r, N_SPECIAL)];
    case 4: /* a special with its last bits changed */
        return special[rng_below(r, N_SPECIAL)] ^ (v & 3);
    case 5: /* a NaN with a random payload */
        return (v & 0x800fffffffffffffull) | 0x7ff0000000000000ull | 1;
    case 6: /* a denormal */
        return v & 0x800fffffffffffffull;
    case 7: /* a single value: exponent in single's range, 24 bits */
        return (v & 0x800fffffe0000000ull) |
               (uint64_t)(1023 - 126 + rng_below(r, 254)) << 52;
    case 8: /* a small integer, as a double */
        return 0x4330000000000000ull + rng_below(r, 1000); /* 2^52 + n */
    case 9: /* an integer bit pattern (fcfid input) */
        return rng_chance(r, 50) ? (uint64_t)(int64_t)(int32_t)v : v >> rng_below(r, 64);
    case 10: /* moderate exponents */
        return (v & 0x800fffffffffffffull) |
               (uint64_t)(1023 - 40 + rng_below(r, 80)) << 52;
    default:
        return v;
    }
}

/* FPSCR bits, ISA bit n = 1 << (63 - n) */
#define FPSCR_FR (1ull << 18)
#define FPSCR_NI (1ull << 2)

static uint64_t random_fpscr(Rng *r)
{
    uint64_t f = rng_below(r, 4);               /* RN */

    f |= (uint64_t)rng_below(r, 8) << 32;       /* DRN */
    /* no enables: Q8 */
    /* sticky exception bits: OX UX ZX XX, VXSNAN..VXVC, VXSOFT.. */
    if (rng_chance(r, 30))
        f |= rng_next(r) & 0x1ff80700ull;
    /* FI, FPRF */
    f |= rng_next(r) & 0x0003f000ull;
    /* Q10: FX is always 1 */
    return (f | 1ull << 31) & ~(FPSCR_FR | FPSCR_NI);
}

/* ---- encodings */

#define OP(p) ((uint32_t)(p) << 26)
#define F_T(r) ((uint32_t)(r) << 21)
#define F_A(r) ((uint32_t)(r) << 16)
#define F_B(r) ((uint32_t)(r) << 11)
#define F_C(r) ((uint32_t)(r) << 6)

static uint32_t enc_a(unsigned op, unsigned xo, int t, int a, int b, int c, int rc)
{
    return OP(op) | F_T(t) | F_A(a) | F_B(b) | F_C(c) | (xo << 1) | (uint32_t)rc;
}

static uint32_t enc_x(unsigned op, unsigned xo, int t, int a, int b, int rc)
{
    return OP(op) | F_T(t) | F_A(a) | F_B(b) | (xo << 1) | (uint32_t)rc;
}

/* ---- masks for the reference's departures (KNOWN-DIFFERENCES.md) */

static void clear_fr(Seq *s) /* Q2 */
{
    emit(s, enc_x(63, 70, 13, 0, 0, 0), "mtfsb0 13");
}

static void set_fx(Seq *s) /* Q10: FX stays 1 */
{
    emit(s, enc_x(63, 38, 0, 0, 0, 0), "mtfsb1 0");
}

static void clear_fprf(Seq *s) /* Q3, Q4, U10: C and FPCC */
{
    emit(s, enc_x(63, 70, 15, 0, 0, 0), "mtfsb0 15");
    emit(s, OP(63) | (4u << 23) | (134u << 1), "mtfsfi 4,0");
}

/* ---- instruction classes */

typedef struct AOp {
    const char *name;
    unsigned op, xo;
    int uses_a, uses_b, uses_c;
} AOp;

static const AOp a_ops[] = {
    { "fdiv", 63, 18, 1, 1, 0 },   { "fsub", 63, 20, 1, 1, 0 },
    { "fadd", 63, 21, 1, 1, 0 },   { "fsqrt", 63, 22, 0, 1, 0 },
    { "fsel", 63, 23, 1, 1, 1 },   { "fmul", 63, 25, 1, 0, 1 },
    { "fmsub", 63, 28, 1, 1, 1 },  { "fmadd", 63, 29, 1, 1, 1 },
    { "fnmsub", 63, 30, 1, 1, 1 }, { "fnmadd", 63, 31, 1, 1, 1 },
    { "fdivs", 59, 18, 1, 1, 0 },  { "fsubs", 59, 20, 1, 1, 0 },
    { "fadds", 59, 21, 1, 1, 0 },  { "fsqrts", 59, 22, 0, 1, 0 },
    { "fmuls", 59, 25, 1, 0, 1 },  { "fmsubs", 59, 28, 1, 1, 1 },
    { "fmadds", 59, 29, 1, 1, 1 }, { "fnmsubs", 59, 30, 1, 1, 1 },
    { "fnmadds", 59, 31, 1, 1, 1 },
};

/* Book I 4.6.6-4.6.7, 4.6.12 */
static void gen_arith(Seq *s)
{
    const AOp *o = &a_ops[rng_below(&s->rng, sizeof(a_ops) / sizeof(a_ops[0]))];
    int rc = rng_chance(&s->rng, 30);
    int a = o->uses_a ? pick_reg(s) : 0, b = o->uses_b ? pick_reg(s) : 0;
    int c = o->uses_c ? pick_reg(s) : 0, t = pick_dest(s);
    char ops[32];

    if (o->xo >= 30) /* Q9: fnmadd[s], fnmsub[s] in round to nearest */
        emit(s, OP(63) | (7u << 23) | (134u << 1), "mtfsfi 7,0");
    if (o->uses_a && o->uses_c && o->uses_b)
        snprintf(ops, sizeof(ops), "f%d,f%d,f%d,f%d", t, a, c, b);
    else if (o->uses_c)
        snprintf(ops, sizeof(ops), "f%d,f%d,f%d", t, a, c);
    else if (o->uses_a)
        snprintf(ops, sizeof(ops), "f%d,f%d,f%d", t, a, b);
    else
        snprintf(ops, sizeof(ops), "f%d,f%d", t, b);
    emit(s, enc_a(o->op, o->xo, t, a, b, c, rc), "%s%s %s", o->name, dot(rc), ops);
    if (o->op == 59)
        clear_fprf(s); /* Q3 */
}

typedef struct XOp {
    const char *name;
    unsigned op, xo;
    int kind; /* 0 plain, 1 to 32-bit integer, 2 to 64-bit integer,
                 3 single result, 4 fcfidu[s] */
} XOp;

static const XOp x_ops[] = {
    { "frsp", 63, 12, 3 },     { "fctiw", 63, 14, 1 },    { "fctiwz", 63, 15, 1 },
    { "fctiwu", 63, 142, 1 },  { "fctiwuz", 63, 143, 1 }, { "fctid", 63, 814, 2 },
    { "fctidz", 63, 815, 2 },  { "fctidu", 63, 942, 2 },  { "fctiduz", 63, 943, 2 },
    { "fcfid", 63, 846, 0 },   { "fcfidu", 63, 974, 4 },  { "fcfids", 59, 846, 3 },
    { "fcfidus", 59, 974, 4 }, { "frin", 63, 392, 0 },    { "friz", 63, 424, 0 },
    { "frip", 63, 456, 0 },    { "frim", 63, 488, 0 },    { "fmr", 63, 72, 0 },
    { "fneg", 63, 40, 0 },     { "fabs", 63, 264, 0 },    { "fnabs", 63, 136, 0 },
};

/* Book I 4.6.5, 4.6.9, 4.6.10 */
static void gen_convert(Seq *s)
{
    const XOp *o = &x_ops[rng_below(&s->rng, sizeof(x_ops) / sizeof(x_ops[0]))];
    int rc = rng_chance(&s->rng, 30), b = pick_reg(s), t = pick_dest(s);

    emit(s, enc_x(o->op, o->xo, t, 0, b, rc), "%s%s f%d,f%d", o->name, dot(rc), t, b);
    if (o->kind == 1) /* U9: FRT[0:31] undefined */
        emit(s, enc_x(63, 838, t, t, t, 0), "fmrgow f%d,f%d,f%d", t, t, t);
    if (o->kind != 0)
        clear_fprf(s); /* U10, Q3, Q4 */
}

/* fcpsgn, fmrgew, fmrgow (4.6.5) */
static void gen_merge(Seq *s)
{
    static const struct {
        const char *name;
        unsigned xo;
        int rc_ok;
    } ops[] = { { "fcpsgn", 8, 1 }, { "fmrgew", 966, 0 }, { "fmrgow", 838, 0 } };
    int i = (int)rng_below(&s->rng, 3);
    int rc = ops[i].rc_ok ? rng_chance(&s->rng, 30) : 0;
    int a = pick_reg(s), b = pick_reg(s), t = pick_dest(s);

    emit(s, enc_x(63, ops[i].xo, t, a, b, rc), "%s%s f%d,f%d,f%d", ops[i].name, dot(rc), t,
         a, b);
}

/* fcmpu/fcmpo (4.6.8), ftdiv/ftsqrt (4.6.6.1) */
static void gen_compare(Seq *s)
{
    int bf = (int)rng_below(&s->rng, 8), a = pick_reg(s), b = pick_reg(s);

    switch (rng_below(&s->rng, 4)) {
    case 0:
        emit(s, OP(63) | ((uint32_t)bf << 23) | F_A(a) | F_B(b), "fcmpu cr%d,f%d,f%d", bf, a,
             b);
        emit(s, enc_x(63, 70, 14, 0, 0, 0), "mtfsb0 14"); /* Q11 */
        break;
    case 1:
        emit(s, OP(63) | ((uint32_t)bf << 23) | F_A(a) | F_B(b) | (32u << 1),
             "fcmpo cr%d,f%d,f%d", bf, a, b);
        emit(s, enc_x(63, 70, 15, 0, 0, 0), "mtfsb0 15"); /* Q5 */
        emit(s, enc_x(63, 70, 14, 0, 0, 0), "mtfsb0 14"); /* Q11 */
        break;
    case 2:
        emit(s, OP(63) | ((uint32_t)bf << 23) | F_A(a) | F_B(b) | (128u << 1),
             "ftdiv cr%d,f%d,f%d", bf, a, b);
        break;
    default:
        emit(s, OP(63) | ((uint32_t)bf << 23) | F_B(b) | (160u << 1), "ftsqrt cr%d,f%d", bf, b);
        break;
    }
}

/* the FPSCR moves (4.6.11) */
static void gen_fpscr(Seq *s)
{
    int t, b, rc = rng_chance(&s->rng, 30);

    switch (rng_below(&s->rng, 10)) {
    case 0: { /* mffs and the ISA 3.0 variants (the RA field) */
        static const struct {
            const char *name;
            unsigned ra;
            int operand; /* 0 none, 1 FRB, 2 DRM (3 bits), 3 RM (2 bits) */
        } v[] = { { "mffs", 0, 0 },     { "mffsce", 1, 0 },   { "mffscdrn", 20, 1 },
                  { "mffscdrni", 21, 2 }, { "mffscrn", 22, 1 }, { "mffscrni", 23, 3 },
                  { "mffsl", 24, 0 } };
        int i = (int)rng_below(&s->rng, 7);
        clear_fr(s);
        t = pick_dest(s);
        if (v[i].operand == 1) {
            b = pick_reg(s);
            emit(s, enc_x(63, 583, t, (int)v[i].ra, b, 0), "%s f%d,f%d", v[i].name, t, b);
        } else if (v[i].operand) {
            int imm = (int)rng_below(&s->rng, v[i].operand == 2 ? 8 : 4);
            emit(s, enc_x(63, 583, t, (int)v[i].ra, imm, 0), "%s f%d,%d", v[i].name, t, imm);
        } else if (i == 0) {
            emit(s, enc_x(63, 583, t, 0, 0, rc), "mffs%s f%d", dot(rc), t);
        } else {
            emit(s, enc_x(63, 583, t, (int)v[i].ra, 0, 0), "%s f%d", v[i].name, t);
        }
        break;
    }
    case 1:
    case 2: { /* mtfsf FLM,FRB,L,W */
        int l = 0, w = rng_chance(&s->rng, 30);
        unsigned flm = rng_below(&s->rng, 256);
        /* Q8: never the enables (field 6, XE in field 7 of the low word);
           L=1 would write them too */
        if (!w)
            flm &= ~3u;
        if (!flm)
            flm = 0x80; /* L=0, FLM=0 is an invalid form */
        b = pick_reg(s);
        emit(s, OP(63) | ((uint32_t)l << 25) | (flm << 17) | ((uint32_t)w << 16) | F_B(b) |
                    (711u << 1) | (uint32_t)rc,
             "mtfsf%s 0x%x,f%d,%d,%d", dot(rc), flm, b, l, w);
        emit(s, enc_x(63, 70, 29, 0, 0, 0), "mtfsb0 29"); /* Q6: NI */
        if (w == 0 && (flm & 0x80))
            set_fx(s);
        break;
    }
    case 3:
    case 4: { /* mtfsfi BF,U,W */
        int bf = (int)rng_below(&s->rng, 8), w = rng_chance(&s->rng, 20);
        unsigned u = rng_below(&s->rng, 16);
        if (bf == 6 && !w)
            u = 0; /* Q8: the enables VE OE UE ZE */
        if (bf == 7 && !w)
            u &= 3; /* Q8: XE; Q6: NI */
        emit(s, OP(63) | ((uint32_t)bf << 23) | ((uint32_t)w << 16) | (u << 12) | (134u << 1) |
                    (uint32_t)rc,
             "mtfsfi%s %d,%u,%d", dot(rc), bf, u, w);
        if (bf == 0 && !w)
            set_fx(s);
        break;
    }
    case 5:
    case 6: { /* mtfsb0 any bit; mtfsb1 of a control or status bit (Q6) */
        static const int set_ok[] = { 13, 14, 15, 16, 17, 18, 19, 30, 31 }; /* Q6, Q8 */
        int one = rng_chance(&s->rng, 50);
        int bt = one ? set_ok[rng_below(&s->rng, sizeof(set_ok) / sizeof(set_ok[0]))]
                     : (int)rng_below(&s->rng, 32);
        emit(s, enc_x(63, one ? 38 : 70, bt, 0, 0, rc), "mtfsb%d%s %d", one, dot(rc), bt);
        if (bt == 0)
            set_fx(s);
        break;
    }
    case 7: { /* mcrfs BF,BFA */
        int bf = (int)rng_below(&s->rng, 8), bfa = (int)rng_below(&s->rng, 8);
        if (bfa == 3)
            clear_fr(s);
        emit(s, OP(63) | ((uint32_t)bf << 23) | ((uint32_t)bfa << 18) | (64u << 1),
             "mcrfs cr%d,%d", bf, bfa);
        if (bfa == 0)
            set_fx(s);
        break;
    }
    default: { /* a rounding mode change */
        unsigned rn = rng_below(&s->rng, 4);
        emit(s, OP(63) | (7u << 23) | (rn << 12) | (134u << 1), "mtfsfi 7,%u", rn);
        break;
    }
    }
}

static const GenClass classes[] = {
    { gen_arith, 40 }, { gen_convert, 25 }, { gen_merge, 5 },
    { gen_compare, 12 }, { gen_fpscr, 14 },
};

/* ---- one case */

static void fill_case(GenCase *c)
{
    Seq *s = &c->seq;
    int k, len;

    for (k = 0; k < 32; k++)
        c->in[k] = random_fpr(&s->rng);
    c->in[32] = random_fpscr(&s->rng);
    c->in[33] = rng_next(&s->rng) & 0xffffffffull;
    for (k = 0; k < 4; k++)
        s->recent[k] = (int)rng_below(&s->rng, 32);
    len = 1 + (int)rng_below(&s->rng, MAX_LEN);
    for (k = 0; k < len; k++)
        gen_one(s, classes, sizeof(classes) / sizeof(classes[0]));
    clear_fr(s); /* Q2: the FPSCR is compared at the end */
}

static const char *const value_names[NVALS] = {
    "f0",  "f1",  "f2",  "f3",  "f4",  "f5",  "f6",  "f7",  "f8",  "f9",  "f10", "f11",
    "f12", "f13", "f14", "f15", "f16", "f17", "f18", "f19", "f20", "f21", "f22", "f23",
    "f24", "f25", "f26", "f27", "f28", "f29", "f30", "f31", "fpscr", "cr",
};

static const GenKind kind = {
    "gen-fp", "tests/diff/gen-fp.c", NVALS, value_names, 0x9fb21c651e98df25ull, fill_case,
};

int main(int argc, char **argv)
{
    return gen_main(&kind, argc, argv);
}
