/*
 * The VSX vector add, subtract, multiply, divide and square root
 * (xv{add,sub,mul,div,sqrt}{dp,sp}, Power ISA 3.0B Book I 7.6.1) across
 * the boundary of the JIT's inline fast path (trans-vsx-fp.c: host SSE
 * when FPSCR has no enable, RN = nearest and XX already set, kept only
 * for results above the smallest normal; everything else through the
 * exact helper).
 *
 * The operands and expected results are the table of tests/isa/gen/
 * fp-vectors.c (the host's IEEE arithmetic in each rounding mode: ±0,
 * denormals, the smallest normal, ±max, ±inf, QNaN, SNaN, values whose
 * results overflow, underflow, round to the smallest normal, are exact
 * or inexact).  Each vector runs in one element of a vector instruction
 * (the others hold an exact, normal operation: 1.5 op 0.5), with FPSCR
 * = RN and XX (with FX) either clear or already set, so the same element
 * goes through both paths.  Expected FPSCR by the vector rules of 7.4:
 * the element's exception bits (OX UX ZX XX and the VX causes) are
 * ORed in, FX is set when one of them is new, VX summarizes, and FPRF,
 * FR and FI are left unchanged (here 0).  A group runs with XE = 1
 * (MSR[FE0 FE1] = 0: no interrupt, 4.4): when the element was inexact
 * FEX is set (4.2.2: FEX summarizes the enabled exceptions) and XT is
 * not written (7.6.1: ex_flag includes XE & xx_flag), else XT is
 * written; another with VE = 1 for the vectors that raise no invalid
 * operation (the exact path, the same result).  The fused forms run in
 * their "a" and "m" forms alternately.  Then the VSX scalar forms of the
 * table (scalar_table).
 */
#include "fpvec.h"

#include "fp-vectors.h"


/* OX UX ZX XX, VXSNAN VXISI VXIDI VXZDZ VXIMZ VXVC, VXSOFT VXSQRT VXCVI */
#define EXC_BITS 0x1ff80700u
#define VX_CAUSES 0x01f80700u

/* the table's op numbers: 0-8 double, 9-17 single */
enum { T_ADD, T_SUB, T_MUL, T_DIV, T_SQRT, T_MADD, T_MSUB, T_NMADD, T_NMSUB,
       T_NB };





#define XX2(insn, r, t, b)                                                    \
    __asm__ volatile("lxvb16x 34, 0, %1\n\tlxvb16x 36, 0, %2\n\t"             \
                     insn " 34, 36\n\tstxvb16x 34, 0, %0"                     \
                     : : "r"(r), "r"(t), "r"(b) : "memory")

/* the fused forms: "a" XT = +-(XA * XB +- XT), "m" XT = +-(XA * XT +- XB) */
static void run_fma(int op, int sp, int mform, uint8_t *r, const uint8_t *t,
                    const uint8_t *a, const uint8_t *b)
{
    switch ((sp * 2 + mform) * 4 + op - T_MADD) {
#define F(k, i) case k: XX3(i, r, t, a, b); break;
    F(0, "xvmaddadp") F(1, "xvmsubadp") F(2, "xvnmaddadp") F(3, "xvnmsubadp")
    F(4, "xvmaddmdp") F(5, "xvmsubmdp") F(6, "xvnmaddmdp") F(7, "xvnmsubmdp")
    F(8, "xvmaddasp") F(9, "xvmsubasp") F(10, "xvnmaddasp")
    F(11, "xvnmsubasp") F(12, "xvmaddmsp") F(13, "xvmsubmsp")
    F(14, "xvnmaddmsp") F(15, "xvnmsubmsp")
#undef F
    }
}

static void run(int op, int sp, uint8_t *r, const uint8_t *t,
                const uint8_t *a, const uint8_t *b)
{
    switch (op + (sp ? T_NB : 0)) {
    case T_ADD: XX3("xvadddp", r, t, a, b); break;
    case T_SUB: XX3("xvsubdp", r, t, a, b); break;
    case T_MUL: XX3("xvmuldp", r, t, a, b); break;
    case T_DIV: XX3("xvdivdp", r, t, a, b); break;
    case T_SQRT: XX2("xvsqrtdp", r, t, b); break;
    case T_NB + T_ADD: XX3("xvaddsp", r, t, a, b); break;
    case T_NB + T_SUB: XX3("xvsubsp", r, t, a, b); break;
    case T_NB + T_MUL: XX3("xvmulsp", r, t, a, b); break;
    case T_NB + T_DIV: XX3("xvdivsp", r, t, a, b); break;
    default: XX2("xvsqrtsp", r, t, b); break;
    }
}

/* a single value held as a double (the table's form) as binary32 bits:
   exact for every value and NaN the table holds */
static uint32_t to_sp(uint64_t d)
{
    uint32_t sign = (uint32_t)(d >> 32) & 0x80000000u;
    int e = (int)((d >> 52) & 0x7ff);
    uint64_t f = d & 0xfffffffffffffull;

    if (e == 0x7ff) {
        return sign | 0x7f800000u | (uint32_t)(f >> 29);
    }
    if (e == 0) {
        return sign; /* zero: single values are never double denormals */
    }
    e -= 1023 - 127;
    if (e <= 0) { /* a single denormal: 1.f >> (1 - e) */
        return sign | (uint32_t)((f | 1ull << 52) >> (29 + 1 - e));
    }
    return sign | (uint32_t)e << 23 | (uint32_t)(f >> 29);
}

/* the other elements: 1.5 op 0.5 (sqrt: of 2.25; fused: 1.5 * 0.5 +-
   0.5, negated), exact and normal */
static const uint64_t benign_a = 0x3ff8000000000000ull;   /* 1.5 */
static const uint64_t half = 0x3fe0000000000000ull;       /* 0.5 */
static const uint64_t benign_b[T_NB] = {
    0x3fe0000000000000ull, 0x3fe0000000000000ull, 0x3fe0000000000000ull,
    0x3fe0000000000000ull, 0x4002000000000000ull, /* 0.5 x4, 2.25 */
    half, half, half, half,
};
static const uint64_t benign_r[T_NB] = {
    0x4000000000000000ull, 0x3ff0000000000000ull, 0x3fe8000000000000ull,
    0x4008000000000000ull, 0x3ff8000000000000ull, /* 2, 1, 0.75, 3, 1.5 */
    0x3ff4000000000000ull, 0x3fd0000000000000ull, /* 1.25, 0.25 */
    0xbff4000000000000ull, 0xbfd0000000000000ull,
};

static unsigned checked, failed_vecs;

/* one table vector in element `at` of the vector instruction, with FPSCR
   = rn | pre before it; returns false on a mismatch */
static int one(const struct fp_vec *v, int at, uint32_t pre)
{
    int sp = v->op >= T_NB, op = v->op % T_NB, n = sp ? 4 : 2;
    int size = sp ? 4 : 8, fused = op >= T_MADD, mform = at & 1;
    uint64_t a = v->a, b = op == T_MUL ? v->c : v->b;
    vec va, vb, vt, vr;
    uint32_t want_f, exc, got_f;
    int ok = 1;

    for (int i = 0; i < n; i++) {
        uint64_t x = i == at ? a : benign_a, y = i == at ? b : benign_b[op];
        uint64_t t = sp ? 0x7fc0dead : 0x7ff8deaddeaddeadull;

        if (fused) {
            /* a: XB the multiplier, XT the addend; m: the other way */
            uint64_t m = i == at ? v->c : half;
            t = mform ? m : y;
            y = mform ? y : m;
        }
        put(va, size, i, sp ? to_sp(x) : x);
        put(vb, size, i, sp ? to_sp(y) : y);
        put(vt, size, i, sp && fused ? to_sp(t) : t);
    }
    set_fpscr(v->rn | pre);
    if (fused) {
        run_fma(op, sp, mform, vr, vt, va, vb);
    } else {
        run(op, sp, vr, vt, va, vb);
    }
    got_f = (uint32_t)get_fpscr();
    set_fpscr(0);

    exc = v->fpscr & EXC_BITS;
    want_f = v->rn | pre | exc;
    if (exc & ~pre) {
        want_f |= FPSCR_FX;
    }
    if (want_f & VX_CAUSES) {
        want_f |= FPSCR_VX;
    }
    if ((pre & FPSCR_XE) && (want_f & FPSCR_XX)) {
        want_f |= FPSCR_FEX;
    }
    for (int i = 0; i < n; i++) {
        uint64_t want = i == at ? v->r : benign_r[op];
        uint64_t got = get(vr, size, i);

        if (sp) {
            want = to_sp(want);
        }
        if ((pre & FPSCR_XE) && (exc & FPSCR_XX)) {
            want = get(vt, size, i); /* ex_flag: XT not written */
        }
        ok &= got == want;
        if (got != want && failed_vecs < 20) {
            rt_printf("FAIL op %d rn %d pre %x elem %d: a=%llx b=%llx "
                      "got %llx want %llx\n", v->op, v->rn, pre, i,
                      (unsigned long long)a, (unsigned long long)b,
                      (unsigned long long)got, (unsigned long long)want);
        }
    }
    if (got_f != want_f) {
        ok = 0;
        if (failed_vecs < 20) {
            rt_printf("FAIL op %d rn %d pre %x: a=%llx b=%llx fpscr %x "
                      "want %x\n", v->op, v->rn, pre,
                      (unsigned long long)a, (unsigned long long)b, got_f,
                      want_f);
        }
    }
    checked++;
    if (!ok) {
        failed_vecs++;
    }
    return ok;
}

/*
 * Enabled overflow and underflow in a vector element (Book I 7.4.4,
 * 7.4.5, with 4.4.4-4.4.5 for the adjustment): the element is rounded
 * with its exponent less 1536 (double) or 192 (single) with OE=1, plus
 * 1536 / 192 with UE=1; OX / UX are set (UX even when exact: enabled
 * underflow is tininess alone), XX only when that adjusted rounding was
 * inexact, FEX because the exception is enabled, FPRF FR FI unchanged;
 * and XT is not written at all: the 7.6.1 pseudocode of xvmuldp...
 * writes VSR[XT] only when ex_flag, the OR over the elements of each
 * enable ANDed with its exception (OE & ox_flag, UE & ux_flag...), is 0.
 * MSR[FE0 FE1] = 0: no interrupt.  XT holds zeros before; the other
 * element's product is 1.5 * 0.5 = 0.75, exact.  When the enabled
 * exception does not happen (OE=1 with a disabled underflow) XT is
 * written as usual.
 */

/* want: the adjusted element, which XT receives only when no enabled
   exception happened (the values document the rounding that sets XX) */
static void check_enabled(const char *name, int op, int sp, uint64_t a,
                          uint64_t b, uint32_t pre, uint64_t want,
                          uint32_t want_f)
{
    vec va, vb, vt, vr;
    int n = sp ? 4 : 2, size = sp ? 4 : 8;
    uint64_t benign = sp ? 0x3f400000u : 0x3fe8000000000000ull;

    for (int i = 0; i < n; i++) {
        put(va, size, i, i == 1 ? a : (sp ? 0x3fc00000u : benign_a));
        put(vb, size, i, i == 1 ? b : (sp ? 0x3f000000u : benign_b[0]));
        put(vt, size, i, 0);
    }
    set_fpscr(pre);
    if (op == T_MUL) {
        run(T_MUL, sp, vr, vt, va, vb);
    } else {
        run_fma(op, sp, 0, vr, vt, va, vb); /* the addend XT is 0 */
    }
    CHECK_EQ(name, get_fpscr(), want_f);
    set_fpscr(0);
    if (want_f & FPSCR_FEX) {
        want = benign = 0; /* XT unchanged */
    }
    CHECK_EQ(name, get(vr, size, 1), want);
    CHECK_EQ(name, get(vr, size, 0), benign);
}

static void enabled_ox_ux(void)
{
    const uint32_t ox = FPSCR_FX | FPSCR_FEX | FPSCR_OX | FPSCR_OE;
    const uint32_t ux = FPSCR_FX | FPSCR_FEX | FPSCR_UX | FPSCR_UE;

    /* 2^1000 * 2^1000 = 2^2000 -> 2^464 (biased 1487 = 0x5cf), exact */
    check_enabled("xvmuldp OE=1 overflow", T_MUL, 0, 0x7e70000000000000ull,
                  0x7e70000000000000ull, FPSCR_OE, 0x5cf0000000000000ull,
                  ox);
    /* (1 + 2^-52)^2 x 2^2000 = (1 + 2^-51 + 2^-104) x 2^2000 -> rounded
       to nearest 1 + 2^-51, inexact: 0x5cf0000000000002 */
    check_enabled("xvmuldp OE=1 overflow, inexact", T_MUL, 0,
                  0x7e70000000000001ull, 0x7e70000000000001ull, FPSCR_OE,
                  0x5cf0000000000002ull, ox | FPSCR_XX);
    /* 2^-1000 * 2^-100 = 2^-1100 -> 2^436 (biased 1459 = 0x5b3), exact:
       UX without XX */
    check_enabled("xvmuldp UE=1 underflow", T_MUL, 0, 0x0170000000000000ull,
                  0x39b0000000000000ull, FPSCR_UE, 0x5b30000000000000ull,
                  ux);
    /* OE=1 alone leaves an underflow disabled: the default (denormal)
       result 2^-1050 = bit 1074 - 1050 = 24 of the fraction, exact: no
       exception at all */
    check_enabled("xvmuldp OE=1, disabled underflow", T_MUL, 0,
                  0x0170000000000000ull, 0x3cd0000000000000ull, FPSCR_OE,
                  0x0000000001000000ull, FPSCR_OE);
    /* single: 2^100 * 2^100 = 2^200 -> 2^8 = 0x43800000 */
    check_enabled("xvmulsp OE=1 overflow", T_MUL, 1, 0x71800000u,
                  0x71800000u, FPSCR_OE, 0x43800000u, ox);
    /* 2^-100 * 2^-50 = 2^-150 -> 2^42 (biased 169 = 0xa9) */
    check_enabled("xvmulsp UE=1 underflow", T_MUL, 1, 0x0d800000u,
                  0x26800000u, FPSCR_UE, 0x54800000u, ux);
    /* the fused forms round the same product (+ 0) the same way */
    check_enabled("xvmaddadp OE=1 overflow", T_MADD, 0,
                  0x7e70000000000000ull, 0x7e70000000000000ull, FPSCR_OE,
                  0x5cf0000000000000ull, ox);
    check_enabled("xvnmsubasp UE=1 underflow", T_NMSUB, 1, 0x0d800000u,
                  0x26800000u, FPSCR_UE, 0xd4800000u, ux);
}

/*
 * The VSX scalar forms of the same table (7.6.1: xs{add,sub,mul,div,sqrt}
 * [ds]p, xs[n]m{add,sub}[am][ds]p), in every rounding mode, through
 * helper-fp.c's fast path where the mode, the enables and the result
 * allow (helper-fp-fast.c) and its exact path otherwise: the scalar rules,
 * so the whole FPSCR is the table's (FR FI FPRF included).  In round to
 * nearest the same vectors run again with XE = 1 (the exact path; MSR[FE0
 * FE1] = 0, no interrupt): the target is written, FEX is set when the
 * result was inexact.
 */
#define XS(insn, t, a, b)                                                     \
    __asm__ volatile("mtvsrd 34, %0\n\tmtvsrd 35, %1\n\tmtvsrd 36, %2\n\t"  \
                     insn " 34, 35, 36\n\tmfvsrd %0, 34"                      \
                     : "+r"(t) : "r"(a), "r"(b))
#define XS2(insn, t, b)                                                       \
    __asm__ volatile("mtvsrd 36, %1\n\t" insn " 34, 36\n\tmfvsrd %0, 34"     \
                     : "=r"(t) : "r"(b))

static uint64_t run_xs(int op, int sp, int mform, uint64_t a, uint64_t b,
                       uint64_t c)
{
    uint64_t t = mform ? c : b, x = mform ? b : c;

    switch ((op + sp * T_NB) * 2 + mform) {
#define P(k, i, y) case 2 * (k): case 2 * (k) + 1: XS(i, t, a, y); break;
#define Q(k, ia, im) case 2 * (k): XS(ia, t, a, x); break;                    \
    case 2 * (k) + 1: XS(im, t, a, x); break;
    P(T_ADD, "xsadddp", b) P(T_SUB, "xssubdp", b) P(T_MUL, "xsmuldp", c)
    P(T_DIV, "xsdivdp", b)
    Q(T_MADD, "xsmaddadp", "xsmaddmdp") Q(T_MSUB, "xsmsubadp", "xsmsubmdp")
    Q(T_NMADD, "xsnmaddadp", "xsnmaddmdp")
    Q(T_NMSUB, "xsnmsubadp", "xsnmsubmdp")
    P(T_NB + T_ADD, "xsaddsp", b) P(T_NB + T_SUB, "xssubsp", b)
    P(T_NB + T_MUL, "xsmulsp", c) P(T_NB + T_DIV, "xsdivsp", b)
    Q(T_NB + T_MADD, "xsmaddasp", "xsmaddmsp")
    Q(T_NB + T_MSUB, "xsmsubasp", "xsmsubmsp")
    Q(T_NB + T_NMADD, "xsnmaddasp", "xsnmaddmsp")
    Q(T_NB + T_NMSUB, "xsnmsubasp", "xsnmsubmsp")
#undef P
#undef Q
    case 2 * T_SQRT: case 2 * T_SQRT + 1: XS2("xssqrtdp", t, b); break;
    default: XS2("xssqrtsp", t, b); break;
    }
    return t;
}

static void scalar_table(void)
{
    unsigned bad = 0, n = 0;

    for (size_t i = 0; i < N_ELEMS(fp_arith_vecs); i++) {
        const struct fp_vec *v = &fp_arith_vecs[i];
        int sp = v->op >= T_NB, op = v->op % T_NB;

        for (int xe = 0; xe < (v->rn == 0 ? 2 : 1); xe++) {
            uint32_t pre = v->rn | (xe ? FPSCR_XE : 0), want_f = v->fpscr | pre;
            uint64_t r, f;

            if (xe && (want_f & FPSCR_XX)) {
                want_f |= FPSCR_FEX;
            }
            set_fpscr(pre);
            r = run_xs(op, sp, (int)(i & 1), v->a, v->b, v->c);
            f = get_fpscr();
            set_fpscr(0);
            n++;
            if (r != v->r || f != want_f) {
                if (bad++ < 20) {
                    rt_printf("FAIL xs op %d rn %d xe %d a=%llx b=%llx "
                              "c=%llx: %llx fpscr %llx, want %llx %x\n",
                              v->op, v->rn, xe, (unsigned long long)v->a,
                              (unsigned long long)v->b,
                              (unsigned long long)v->c,
                              (unsigned long long)r, (unsigned long long)f,
                              (unsigned long long)v->r, want_f);
                }
            }
        }
    }
    CHECK_EQ("xs scalar vectors failing", bad, 0);
    CHECK_EQ("xs scalar vectors run", n > 1000, 1);
}

int main(void)
{
    unsigned k = 0;

    enabled_ox_ux();
    scalar_table();

    for (size_t i = 0; i < N_ELEMS(fp_arith_vecs); i++) {
        const struct fp_vec *v = &fp_arith_vecs[i];
        int n = v->op >= T_NB ? 4 : 2;

        /* the same element with XX clear (slow path), then with XX
           already set (the fast path where the result allows it), in
           alternating element positions */
        CHECK("xv arith, XX clear", one(v, k % n, 0));
        CHECK("xv arith, XX set", one(v, (k + 1) % n, FPSCR_XX | FPSCR_FX));
        if (v->rn == 0 && k % 4 == 0) {
            CHECK("xv arith, XE=1",
                  one(v, k % n, FPSCR_XX | FPSCR_FX | FPSCR_XE));
        }
        /* an enable whose exception does not happen: the exact path,
           the same result */
        if (v->rn == 0 && k % 4 == 1 && !(v->fpscr & VX_CAUSES)) {
            CHECK("xv arith, VE=1",
                  one(v, k % n, FPSCR_XX | FPSCR_FX | FPSCR_VE));
        }
        k++;
    }
    CHECK_EQ("vectors run", checked > 1000, 1);
    return 0;
}
