/*
 * The vector floating-point instructions (Power ISA 3.0B Book I 6.11).
 *
 * References, computed here by the scalar FPU (single precision,
 * round to nearest: fadds, fmsubs... rounded once) on the same words:
 *   - NaNs (6.3.2): the first NaN among VRA, VRB, VRC (by field) quieted;
 *     an invalid operation's default QNaN is 0x7fc00000;
 *   - VSCR[NJ] = 1 (6.3.1): denormal operands taken as zeros of their
 *     sign, denormal results replaced by zeros of their sign;
 *   - +0 > -0 for vmaxfp/vminfp (6.11.1);
 *   - vrfin rounds to nearest even, vrfiz/vrfip/vrfim toward 0/+inf/-inf;
 *   - vcfux/vcfsx: integer / 2^UIM rounded; vctuxs/vctsxs: x * 2^UIM
 *     truncated, saturated with VSCR[SAT], a NaN gives 0 (6.11.3);
 *   - the estimates within the ISA's bounds (6.11.2): vrefp and
 *     vrsqrtefp relative error <= 1/4096, vexptefp <= 1/16 (relative) and
 *     vlogefp <= 1/32 (absolute, for operands not near 1), and their
 *     special values.
 * Operands are drawn from a table of special values (zeros, denormals,
 * infinities, quiet and signalling NaNs, extremes) and random words.
 */
#include "vmx-test.h"

static float f_of(uint32_t w)
{
    union { uint32_t w; float f; } u = {.w = w};
    return u.f;
}

static uint32_t w_of(float f)
{
    union { float f; uint32_t w; } u = {.f = f};
    return u.w;
}

static int is_nan(uint32_t w)
{
    return (w & 0x7fffffffu) > 0x7f800000u;
}

static int is_den(uint32_t w)
{
    return (w & 0x7f800000u) == 0 && (w & 0x7fffffu) != 0;
}

static int nj;

static uint32_t flush(uint32_t w)
{
    return nj && is_den(w) ? w & 0x80000000u : w;
}

static const uint32_t specials[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000,
    0x7fc00000, 0xffc12345, 0x7f800001, 0xff912345, 0x00000001, 0x807fffff,
    0x00412345, 0x7f7fffff, 0xff7fffff, 0x00800000, 0x4f000000, 0xcf000000,
    0x4f800000, 0x3f000000, 0x3fc00000, 0x40200000, 0xc0200000, 0x4b000001,
};

static uint32_t operand(void)
{
    uint64_t r = rnd();

    if ((r & 3) == 0) {
        return specials[(r >> 8) % (sizeof(specials) / 4)];
    }
    if ((r & 3) == 1) {
        /* moderate exponents, so sums and integer conversions matter */
        return (uint32_t)((r >> 16) & 0x807fffffu) |
               (uint32_t)(0x3c000000u + ((r >> 40) & 0x07800000u));
    }
    return (uint32_t)(r >> 20);
}

static void rnd_fp_vec(uint8_t *v)
{
    for (int i = 0; i < 4; i++) {
        put(v, 4, i, operand());
    }
}

/* rounding to an integer in single precision, from the FPU's own
   round-to-nearest-even addition */
static float rint_even(float x)
{
    const float big = 8388608.0f; /* 2^23: no fraction left beyond it */
    int neg = (w_of(x) & 0x80000000u) != 0;
    float ax = neg ? -x : x, r;

    if (!(ax < big)) {
        return x;
    }
    r = (ax + big) - big;
    return neg ? -r : r;
}

static float trunc_f(float x)
{
    int neg = (w_of(x) & 0x80000000u) != 0;
    float ax = neg ? -x : x, r;

    if (!(ax < 8388608.0f)) {
        return x;
    }
    r = (float)(int32_t)ax;
    return neg ? -r : r;
}

enum { ADD, SUB, MADD, NMSUB, MAX, MIN, RFIN, RFIZ, RFIP, RFIM };

/* the result word for element words x (VRA), y (VRB), z (VRC) */
static uint32_t ref_arith(int op, uint32_t x, uint32_t y, uint32_t z)
{
    int nargs = op <= SUB || op == MAX || op == MIN ? 2 : op <= NMSUB ? 3 : 1;
    uint32_t in[3] = {x, y, z};
    float a, b, c, r;

    if (nargs == 1) {
        in[0] = y;
    }
    for (int k = 0; k < nargs; k++) {
        if (is_nan(in[k])) {
            return in[k] | 0x00400000u;
        }
    }
    a = f_of(flush(x));
    b = f_of(flush(y));
    c = f_of(flush(z));
    switch (op) {
    case ADD: r = a + b; break;
    case SUB: r = a - b; break;
    case MADD: r = __builtin_fmaf(a, c, b); break;
    case NMSUB: r = -__builtin_fmaf(a, c, -b); break;
    case MAX:
        r = a > b ? a : b < a ? a : b;
        if (a == b) {
            r = (w_of(a) & 0x80000000u) ? b : a;
        }
        break;
    case MIN:
        r = a < b ? a : b;
        if (a == b) {
            r = (w_of(a) & 0x80000000u) ? a : b;
        }
        break;
    case RFIN: r = rint_even(b); break;
    case RFIZ: r = trunc_f(b); break;
    case RFIP:
        r = trunc_f(b);
        if (r < b) {
            r += 1.0f;
        }
        if (r == 0 && (w_of(b) & 0x80000000u)) {
            r = -0.0f;
        }
        break;
    default:
        r = trunc_f(b);
        if (r > b) {
            r -= 1.0f;
        }
        break;
    }
    if (is_nan(w_of(r))) {
        return 0x7fc00000u;
    }
    return flush(w_of(r));
}

/* vmaddfp VRT,VRA,VRC,VRB: the buffers a, b, c go to VRA, VRB, VRC */
VT_RUN(vmaddfp, "vmaddfp 3, 0, 2, 1")
VT_RUN(vnmsubfp, "vnmsubfp 3, 0, 2, 1")
RUN3(vaddfp) RUN3(vsubfp) RUN3(vmaxfp)
RUN3(vminfp) RUN2(vrfin) RUN2(vrfiz) RUN2(vrfip) RUN2(vrfim)

static const struct {
    const char *name;
    run_fn run;
    int op;
} arith[] = {
    {"vaddfp", run_vaddfp, ADD}, {"vsubfp", run_vsubfp, SUB},
    {"vmaddfp", run_vmaddfp, MADD}, {"vnmsubfp", run_vnmsubfp, NMSUB},
    {"vmaxfp", run_vmaxfp, MAX}, {"vminfp", run_vminfp, MIN},
    {"vrfin", run_vrfin, RFIN}, {"vrfiz", run_vrfiz, RFIZ},
    {"vrfip", run_vrfip, RFIP}, {"vrfim", run_vrfim, RFIM},
};

static void test_arith(void)
{
    unsigned bad = 0;

    for (nj = 0; nj < 2; nj++) {
        for (unsigned t = 0; t < sizeof(arith) / sizeof(arith[0]); t++) {
            for (int k = 0; k < 48; k++) {
                vec a, b, c, r, want;

                rnd_fp_vec(a);
                rnd_fp_vec(b);
                rnd_fp_vec(c);
                set_vscr(nj ? 0x10000 : 0);
                arith[t].run(r, a, b, c);
                for (int i = 0; i < 4; i++) {
                    put(want, 4, i,
                        ref_arith(arith[t].op, (uint32_t)get(a, 4, i),
                                  (uint32_t)get(b, 4, i),
                                  (uint32_t)get(c, 4, i)));
                }
                if (!vec_eq(r, want) || get_vscr() != (nj ? 0x10000u : 0)) {
                    fail_vec(arith[t].name, a, b, c, r, want);
                    bad++;
                }
            }
        }
    }
    set_vscr(0);
    nj = 0;
    CHECK_EQ("vector FP arithmetic failing", bad, 0);
}

/* ------------------------------------------------------ conversions */

#define RUNI(insn, uim) VT_RUN(insn##_##uim, #insn " 3, 1, " #uim)
RUNI(vcfux, 0) RUNI(vcfux, 5) RUNI(vcfux, 31) RUNI(vcfsx, 0) RUNI(vcfsx, 7)
RUNI(vcfsx, 31) RUNI(vctuxs, 0) RUNI(vctuxs, 3) RUNI(vctuxs, 31)
RUNI(vctsxs, 0) RUNI(vctsxs, 9) RUNI(vctsxs, 31)

static const struct {
    const char *name;
    run_fn run;
    int kind, uim; /* kind: 0 cfux 1 cfsx 2 ctuxs 3 ctsxs */
} cvts[] = {
    {"vcfux 0", run_vcfux_0, 0, 0}, {"vcfux 5", run_vcfux_5, 0, 5},
    {"vcfux 31", run_vcfux_31, 0, 31}, {"vcfsx 0", run_vcfsx_0, 1, 0},
    {"vcfsx 7", run_vcfsx_7, 1, 7}, {"vcfsx 31", run_vcfsx_31, 1, 31},
    {"vctuxs 0", run_vctuxs_0, 2, 0}, {"vctuxs 3", run_vctuxs_3, 2, 3},
    {"vctuxs 31", run_vctuxs_31, 2, 31}, {"vctsxs 0", run_vctsxs_0, 3, 0},
    {"vctsxs 9", run_vctsxs_9, 3, 9}, {"vctsxs 31", run_vctsxs_31, 3, 31},
};

static uint32_t ref_cvt(int kind, int uim, uint32_t w, int *sat)
{
    double scale = 1.0, v;

    for (int k = 0; k < uim; k++) {
        scale *= 2.0;
    }
    if (kind == 0) {
        return w_of((float)((double)w / scale));
    }
    if (kind == 1) {
        return w_of((float)((double)(int32_t)w / scale));
    }
    if (is_nan(w)) {
        return 0;
    }
    v = (double)f_of(w) * scale; /* exact */
    if (kind == 2) {
        if (v >= 4294967296.0) {
            *sat = 1;
            return 0xffffffffu;
        }
        if (v <= -1.0) {
            *sat = 1;
            return 0;
        }
        return v < 1.0 ? 0 : (uint32_t)v;
    }
    if (v >= 2147483648.0) {
        *sat = 1;
        return 0x7fffffffu;
    }
    if (v <= -2147483649.0) {
        *sat = 1;
        return 0x80000000u;
    }
    return (uint32_t)(int32_t)v;
}

static void test_cvt(void)
{
    unsigned bad = 0;

    for (unsigned t = 0; t < sizeof(cvts) / sizeof(cvts[0]); t++) {
        for (int k = 0; k < 64; k++) {
            vec a = {0}, b, c = {0}, r, want;
            int sat = 0;

            if (cvts[t].kind < 2) {
                rnd_vec(b);
            } else {
                rnd_fp_vec(b);
            }
            set_vscr(0);
            cvts[t].run(r, a, b, c);
            for (int i = 0; i < 4; i++) {
                put(want, 4, i, ref_cvt(cvts[t].kind, cvts[t].uim,
                                        (uint32_t)get(b, 4, i), &sat));
            }
            if (!vec_eq(r, want) || get_vscr() != (uint32_t)sat) {
                fail_vec(cvts[t].name, a, b, c, r, want);
                bad++;
            }
        }
    }
    set_vscr(0);
    CHECK_EQ("vector FP conversions failing", bad, 0);
}

/* -------------------------------------------------------- compares */

VT_RUN_CR6(vcmpeqfp_, "vcmpeqfp. 3, 0, 1")
VT_RUN_CR6(vcmpgefp_, "vcmpgefp. 3, 0, 1")
VT_RUN_CR6(vcmpgtfp_, "vcmpgtfp. 3, 0, 1")
VT_RUN_CR6(vcmpbfp_, "vcmpbfp. 3, 0, 1")

static void test_cmp(void)
{
    unsigned bad = 0;

    for (int k = 0; k < 4 * 64; k++) {
        vec a, b, r, want, zero = {0};
        int op = k & 3, all = 1, none = 1;
        unsigned cr6, want_cr6;

        rnd_fp_vec(a);
        if (k & 4) {
            memcpy(b, a, 16); /* equal elements */
            if (k & 8) {
                put(b, 4, k >> 4 & 3, operand());
            }
        } else {
            rnd_fp_vec(b);
        }
        cr6 = op == 0 ? run_vcmpeqfp_(r, a, b)
            : op == 1 ? run_vcmpgefp_(r, a, b)
            : op == 2 ? run_vcmpgtfp_(r, a, b) : run_vcmpbfp_(r, a, b);
        for (int i = 0; i < 4; i++) {
            float x = f_of((uint32_t)get(a, 4, i));
            float y = f_of((uint32_t)get(b, 4, i));
            uint32_t v;
            if (op < 3) {
                int p = op == 0 ? x == y : op == 1 ? x >= y : x > y;
                v = p ? 0xffffffffu : 0;
                all &= p;
                none &= !p;
            } else {
                v = (x <= y ? 0 : 0x80000000u) | (x >= -y ? 0 : 0x40000000u);
                all &= v == 0;
            }
            put(want, 4, i, v);
        }
        want_cr6 = op < 3 ? (all ? 8 : 0) | (none ? 2 : 0) : all ? 2 : 0;
        if (!vec_eq(r, want) || cr6 != want_cr6) {
            fail_vec("vcmp*fp.", a, b, zero, r, want);
            rt_printf("  op %d cr6 %x want %x\n", op, cr6, want_cr6);
            bad++;
        }
    }
    CHECK_EQ("vector FP compares failing", bad, 0);
}

/* -------------------------------------------------------- estimates */

RUN2(vrefp) RUN2(vrsqrtefp) RUN2(vexptefp) RUN2(vlogefp)

static double fabs_d(double x)
{
    return x < 0 ? -x : x;
}

static int est_bad(const char *name, uint32_t w, int bad)
{
    if (bad && vt_reported++ < 20) {
        rt_printf("FAIL %s of %08x out of bounds\n", name, w);
    }
    return bad;
}

/* one element of an estimate through the instruction */
static uint32_t estimate(run_fn run, uint32_t x)
{
    vec a = {0}, b, c = {0}, r;

    for (int i = 0; i < 4; i++) {
        put(b, 4, i, x);
    }
    run(r, a, b, c);
    return (uint32_t)get(r, 4, 2);
}

static void test_estimates(void)
{
    unsigned bad = 0;

    /* special values (6.11.2) */
    CHECK_EQ("vrefp +0", estimate(run_vrefp, 0x00000000), 0x7f800000);
    CHECK_EQ("vrefp -0", estimate(run_vrefp, 0x80000000), 0xff800000);
    CHECK_EQ("vrefp -inf", estimate(run_vrefp, 0xff800000), 0x80000000);
    CHECK_EQ("vrefp snan", estimate(run_vrefp, 0x7f800001), 0x7fc00001);
    CHECK_EQ("vrsqrtefp -0", estimate(run_vrsqrtefp, 0x80000000), 0xff800000);
    CHECK_EQ("vrsqrtefp +inf", estimate(run_vrsqrtefp, 0x7f800000), 0);
    CHECK_EQ("vrsqrtefp -1", estimate(run_vrsqrtefp, 0xbf800000), 0x7fc00000);
    CHECK_EQ("vexptefp -inf", estimate(run_vexptefp, 0xff800000), 0);
    CHECK_EQ("vexptefp +inf", estimate(run_vexptefp, 0x7f800000), 0x7f800000);
    CHECK_EQ("vlogefp +0", estimate(run_vlogefp, 0x00000000), 0xff800000);
    CHECK_EQ("vlogefp -0", estimate(run_vlogefp, 0x80000000), 0xff800000);
    CHECK_EQ("vlogefp -1", estimate(run_vlogefp, 0xbf800000), 0x7fc00000);
    CHECK_EQ("vlogefp +inf", estimate(run_vlogefp, 0x7f800000), 0x7f800000);

    /* accuracy on normal operands */
    for (int k = 0; k < 200; k++) {
        uint32_t w = (uint32_t)(rnd() & 0x007fffffu) |
                     (uint32_t)((0x3a + k % 12) << 23);
        double x = f_of(w), e;

        e = f_of(estimate(run_vrefp, w));
        bad += est_bad("vrefp", w, fabs_d(e * x - 1.0) > 1.0 / 4096);
        e = f_of(estimate(run_vrsqrtefp, w));
        bad += est_bad("vrsqrtefp", w,
                       fabs_d(e * e * x - 1.0) > 2.0 / 4096 + 1e-6);
        /* 2^x for x in [-8, 8): compare with 2^n * 2^f, f in [0, 1) from
           a short series; ISA bound 1/16 relative */
        {
            double v = (double)((int)(rnd() % 1600) - 800) / 100.0, p = 1.0;
            int n = v < 0 ? (int)v - 1 : (int)v;
            double f = v - n, term = 1.0, ln2 = 0.6931471805599453;
            double s = 1.0;
            for (int j = 1; j < 20; j++) {
                term *= f * ln2 / j;
                s += term;
            }
            for (int j = 0; j < (n < 0 ? -n : n); j++) {
                p = n < 0 ? p / 2 : p * 2;
            }
            e = f_of(estimate(run_vexptefp, w_of((float)v)));
            bad += est_bad("vexptefp", w_of((float)v),
                           fabs_d(e / (p * s) - 1.0) > 1.0 / 16);
        }
        /* log2 of 2^n * m: n + log2(m) with log2(m) in [0, 1) */
        {
            int n = (int)((w >> 23) & 0xff) - 127;
            double m = f_of((w & 0x007fffffu) | 0x3f800000u);
            double y = (m - 1) / (m + 1), y2 = y * y, s = 0, t = y;
            for (int j = 1; j < 40; j += 2) {
                s += t / j;
                t *= y2;
            }
            e = f_of(estimate(run_vlogefp, w));
            bad += est_bad("vlogefp", w,
                           fabs_d(e - (n + 2 * s / 0.6931471805599453)) >
                               1.0 / 32);
        }
    }
    CHECK_EQ("vector FP estimates out of bounds", bad, 0);
}

/* -------------------------------------------- facility: MSR[VEC] = 0 */

static int unavail_handler(struct rt_trap_frame *f)
{
    rt_trap.count++;
    rt_trap.vector = f->vector;
    f->srr1 |= 1ull << 25; /* MSR[VEC] on, retry */
    return 1;
}

static void test_unavailable(void)
{
    uint64_t msr;

    rt_trap.count = 0;
    rt_set_trap_handler(unavail_handler);
    __asm__ volatile("mfmsr %0" : "=r"(msr));
    __asm__ volatile("mtmsrd %0\n\tvaddfp 3, 3, 3\n\t" : : "r"(msr & ~(1ull << 25))
                     : "memory");
    CHECK_EQ("vaddfp with MSR[VEC]=0: interrupts", rt_trap.count, 1);
    CHECK_EQ("vaddfp with MSR[VEC]=0: vector", rt_trap.vector, 0xf20);
    rt_set_trap_handler(NULL);
}

int main(void)
{
    test_arith();
    test_cvt();
    test_cmp();
    test_estimates();
    test_unavailable();
    return 0;
}
