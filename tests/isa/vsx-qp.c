/*
 * VSX scalar quad precision (Power ISA 3.0B Book I 7.6.1, the ISA 3.0
 * binary128 instructions): xsaddqp[o], xssubqp[o], xsmulqp[o], xsdivqp[o],
 * xssqrtqp[o], xs[n]m{add,sub}qp[o] against vsx-qp-vectors.h (the host's
 * binary128 arithmetic in every rounding mode, tests/isa/gen/qp-vectors.c),
 * results and FPSCR; then the conversions, compares, data-class test,
 * round-to-integral and the sign and exponent moves with values worked
 * out from the ISA's definitions (exact values: each is noted).
 *
 * Quad operands go into VRs with mtvsrdd (doubleword 0 = bits 0:63 of the
 * value, the sign end) and come back with mfvsrd/mfvsrld, which does not
 * depend on the byte order.  VR n is VSR 32 + n.
 */
#include "fpvec.h"

struct qp_vec {
    uint8_t op, mode;
    uint64_t ah, al, bh, bl, ch, cl, rh, rl;
    uint32_t fpscr;
};

#include "vsx-qp-vectors.h"




/* v2 = a, v3 = b, v4 = c; runs INSN 4,2,3; result from v4 */
#define QP3(insn, r)                                                          \
    __asm__ volatile("mtvsrdd 34, %2, %3\n\tmtvsrdd 35, %4, %5\n\t"           \
                     "mtvsrdd 36, %6, %7\n\t" insn " 4, 2, 3\n\t"             \
                     "mfvsrd %0, 36\n\tmfvsrld %1, 36"                        \
                     : "=&r"(r[0]), "=&r"(r[1])                               \
                     : "b"(v->ah), "r"(v->al), "b"(v->bh), "r"(v->bl),        \
                       "b"(v->ch), "r"(v->cl)                                 \
                     : "memory")
#define QP2(insn, r)                                                          \
    __asm__ volatile("mtvsrdd 35, %2, %3\n\tmtvsrdd 36, %4, %5\n\t"           \
                     insn " 4, 3\n\tmfvsrd %0, 36\n\tmfvsrld %1, 36"          \
                     : "=&r"(r[0]), "=&r"(r[1])                               \
                     : "b"(v->bh), "r"(v->bl), "b"(v->ch), "r"(v->cl)         \
                     : "memory")

static void run_vec(const struct qp_vec *v, uint64_t *r)
{
    int odd = v->mode == 4;

    switch (v->op * 2 + odd) {
    case 0: QP3("xsaddqp", r); break;
    case 1: QP3("xsaddqpo", r); break;
    case 2: QP3("xssubqp", r); break;
    case 3: QP3("xssubqpo", r); break;
    case 4: QP3("xsmulqp", r); break;
    case 5: QP3("xsmulqpo", r); break;
    case 6: QP3("xsdivqp", r); break;
    case 7: QP3("xsdivqpo", r); break;
    case 8: QP2("xssqrtqp", r); break;
    case 9: QP2("xssqrtqpo", r); break;
    case 10: QP3("xsmaddqp", r); break;
    case 11: QP3("xsmaddqpo", r); break;
    case 12: QP3("xsmsubqp", r); break;
    case 13: QP3("xsmsubqpo", r); break;
    case 14: QP3("xsnmaddqp", r); break;
    case 15: QP3("xsnmaddqpo", r); break;
    case 16: QP3("xsnmsubqp", r); break;
    default: QP3("xsnmsubqpo", r); break;
    }
}

static const char *const op_names[] = {
    "add", "sub", "mul", "div", "sqrt", "madd", "msub", "nmadd", "nmsub",
};

static void test_arith_table(void)
{
    unsigned bad = 0;

    for (unsigned i = 0; i < N_ELEMS(qp_vecs); i++) {
        const struct qp_vec *v = &qp_vecs[i];
        uint64_t r[2], f, want = v->fpscr | (v->mode & 3);
        uint64_t mask = ~0ull;

        if (v->mode == 4) {
            want = v->fpscr;
            mask = ~(uint64_t)FPSCR_FR; /* FR under round-to-odd: see below */
        }
        set_fpscr(v->mode & 3);
        run_vec(v, r);
        f = get_fpscr() & 0xffffffffull;
        if (r[0] != v->rh || r[1] != v->rl || (f & mask) != (want & mask)) {
            if (bad++ < 20) {
                rt_printf("FAIL %s%s a=%016llx%016llx b=%016llx%016llx "
                          "c=%016llx%016llx mode %u: r=%016llx%016llx "
                          "(want %016llx%016llx) fpscr=%08llx (want %08llx)\n",
                          op_names[v->op], v->mode == 4 ? "o" : "",
                          (unsigned long long)v->ah, (unsigned long long)v->al,
                          (unsigned long long)v->bh, (unsigned long long)v->bl,
                          (unsigned long long)v->ch, (unsigned long long)v->cl,
                          v->mode, (unsigned long long)r[0],
                          (unsigned long long)r[1], (unsigned long long)v->rh,
                          (unsigned long long)v->rl, (unsigned long long)f,
                          (unsigned long long)want);
            }
        }
    }
    set_fpscr(0);
    CHECK_EQ("quad arithmetic vectors failing", bad, 0);
}

/* ------------------------------------------------------------ the rest */

/* one-operand conversion: v3 = (bh, bl); INSN 4,3; returns v4 */
#define CVT(insn, bh, bl, rh, rl)                                             \
    __asm__ volatile("mtvsrdd 35, %2, %3\n\t" insn " 4, 3\n\t"                \
                     "mfvsrd %0, 36\n\tmfvsrld %1, 36"                        \
                     : "=&r"(rh), "=&r"(rl) : "b"(bh), "r"(bl) : "memory")

#define Q1 0x3fff000000000000ull /* 1.0, doubleword 0 */

static void test_conversions(void)
{
    uint64_t h, l, f;

    /* xscvdpqp: 1.5 (0x3ff8...) is 0x3fff8000... exactly */
    set_fpscr(0);
    CVT("xscvdpqp", 0x3ff8000000000000ull, 0ull, h, l);
    CHECK_EQ("xscvdpqp 1.5 hi", h, 0x3fff800000000000ull);
    CHECK_EQ("xscvdpqp 1.5 lo", l, 0);
    /* xscvqpdp: 1 + 2^-60 rounds to 1.0 in RN, inexact (FI, XX, FX) */
    CVT("xscvqpdp", 0x3fff000000000000ull, 1ull << 52, h, l);
    f = get_fpscr();
    CHECK_EQ("xscvqpdp 1+2^-60", h, 0x3ff0000000000000ull);
    CHECK_EQ("xscvqpdp doubleword 1", l, 0);
    CHECK_EQ("xscvqpdp fpscr", f & 0xffffffffull,
             (1u << 31) | (1u << 25) | (1u << 17) | (0x04 << 12));
    /* xscvqpdpo: the same in round to odd: the last bit is set */
    set_fpscr(0);
    CVT("xscvqpdpo", 0x3fff000000000000ull, 1ull << 52, h, l);
    CHECK_EQ("xscvqpdpo 1+2^-60", h, 0x3ff0000000000001ull);
    /* xscvqpsdz: -2.75 -> -2, inexact; 2^63 saturates with VXCVI */
    set_fpscr(0);
    CVT("xscvqpsdz", 0xc000600000000000ull, 0ull, h, l);
    CHECK_EQ("xscvqpsdz -2.75", h, (uint64_t)-2);
    CVT("xscvqpsdz", 0x403e000000000000ull, 0ull, h, l);
    CHECK_EQ("xscvqpsdz 2^63", h, 0x7fffffffffffffffull);
    CHECK("xscvqpsdz 2^63 VXCVI", get_fpscr() & (1u << 8));
    /* xscvqpudz: -1 -> 0 with VXCVI; xscvqpuwz: 2^32 saturates */
    set_fpscr(0);
    CVT("xscvqpudz", 0xbfff000000000000ull, 0ull, h, l);
    CHECK_EQ("xscvqpudz -1", h, 0);
    CVT("xscvqpuwz", 0x401f000000000000ull, 0ull, h, l);
    CHECK_EQ("xscvqpuwz 2^32", h, 0xffffffffull);
    /* xscvqpswz: -3 (sign-extended word) */
    CVT("xscvqpswz", 0xc000800000000000ull, 0ull, h, l);
    CHECK_EQ("xscvqpswz -3", h, (uint64_t)-3);
    /* xscvsdqp: -1 is 0xbfff0...; xscvudqp: 2^64-1 is 0x403efff...fe */
    __asm__ volatile("mtvsrdd 35, %2, %3\n\txscvsdqp 4, 3\n\t"
                     "mfvsrd %0, 36\n\tmfvsrld %1, 36"
                     : "=&r"(h), "=&r"(l) : "b"(-1ll), "r"(0ll));
    CHECK_EQ("xscvsdqp -1", h, 0xbfff000000000000ull);
    __asm__ volatile("mtvsrdd 35, %2, %3\n\txscvudqp 4, 3\n\t"
                     "mfvsrd %0, 36\n\tmfvsrld %1, 36"
                     : "=&r"(h), "=&r"(l) : "b"(-1ll), "r"(0ll));
    CHECK_EQ("xscvudqp 2^64-1 hi", h, 0x403effffffffffffull);
    CHECK_EQ("xscvudqp 2^64-1 lo", l, 0xfffe000000000000ull);
    /* xsrqpi R=0 RMC=0 (nearest, ties away): 2.5 -> 3; R=1 RMC=0: 2 */
    __asm__ volatile("mtvsrdd 35, %2, %3\n\txsrqpi 0, 4, 3, 0\n\t"
                     "mfvsrd %0, 36\n\tmfvsrld %1, 36"
                     : "=&r"(h), "=&r"(l) : "b"(0x4000400000000000ull), "r"(0ll));
    CHECK_EQ("xsrqpi 2.5 away", h, 0x4000800000000000ull);
    __asm__ volatile("mtvsrdd 35, %2, %3\n\txsrqpi 1, 4, 3, 0\n\t"
                     "mfvsrd %0, 36\n\tmfvsrld %1, 36"
                     : "=&r"(h), "=&r"(l) : "b"(0x4000400000000000ull), "r"(0ll));
    CHECK_EQ("xsrqpi 2.5 even", h, 0x4000000000000000ull);
    /* xsrqpxp R=1 RMC=1 (toward zero): 1 + 2^-100 -> 1 */
    __asm__ volatile("mtvsrdd 35, %2, %3\n\txsrqpxp 1, 4, 3, 1\n\t"
                     "mfvsrd %0, 36\n\tmfvsrld %1, 36"
                     : "=&r"(h), "=&r"(l) : "b"(Q1), "r"(1ull << 12));
    CHECK_EQ("xsrqpxp 1+2^-100 hi", h, Q1);
    CHECK_EQ("xsrqpxp 1+2^-100 lo", l, 0);
    set_fpscr(0);
}

static unsigned cmp_cr(int ord, uint64_t ah, uint64_t bh)
{
    uint64_t cr;

    if (ord) {
        __asm__ volatile("mtvsrdd 34, %1, %3\n\tmtvsrdd 35, %2, %3\n\t"
                         "xscmpoqp 5, 2, 3\n\tmfcr %0"
                         : "=r"(cr) : "b"(ah), "b"(bh), "r"(0ll));
    } else {
        __asm__ volatile("mtvsrdd 34, %1, %3\n\tmtvsrdd 35, %2, %3\n\t"
                         "xscmpuqp 5, 2, 3\n\tmfcr %0"
                         : "=r"(cr) : "b"(ah), "b"(bh), "r"(0ll));
    }
    return (cr >> 8) & 15;
}

static void test_compares(void)
{
    set_fpscr(0);
    CHECK_EQ("xscmpuqp 1 < 2", cmp_cr(0, Q1, 0x4000000000000000ull), 8);
    CHECK_EQ("xscmpuqp -0 == +0", cmp_cr(0, 1ull << 63, 0), 2);
    CHECK_EQ("xscmpuqp 2 > -inf", cmp_cr(0, 0x4000000000000000ull,
                                          0xffff000000000000ull), 4);
    CHECK_EQ("xscmpuqp qNaN: unordered",
             cmp_cr(0, 0x7fff800000000000ull, Q1), 1);
    CHECK("xscmpuqp qNaN: no VXVC", !(get_fpscr() & (1u << 19)));
    CHECK_EQ("xscmpoqp qNaN: unordered",
             cmp_cr(1, 0x7fff800000000000ull, Q1), 1);
    CHECK("xscmpoqp qNaN: VXVC", get_fpscr() & (1u << 19));
    set_fpscr(0);
}

static void test_moves(void)
{
    uint64_t h, l, cr;

    /* xsnegqp, xsabsqp, xsnabsqp, xscpsgnqp: the sign bit only */
    CVT("xsnegqp", Q1, 5ull, h, l);
    CHECK_EQ("xsnegqp", h, Q1 | 1ull << 63);
    CHECK_EQ("xsnegqp lo", l, 5);
    CVT("xsabsqp", Q1 | 1ull << 63, 5ull, h, l);
    CHECK_EQ("xsabsqp", h, Q1);
    CVT("xsnabsqp", Q1, 5ull, h, l);
    CHECK_EQ("xsnabsqp", h, Q1 | 1ull << 63);
    __asm__ volatile("mtvsrdd 34, %2, %3\n\tmtvsrdd 35, %4, %3\n\t"
                     "xscpsgnqp 4, 2, 3\n\tmfvsrd %0, 36\n\tmfvsrld %1, 36"
                     : "=&r"(h), "=&r"(l)
                     : "b"(1ull << 63), "r"(7ll), "b"(Q1));
    CHECK_EQ("xscpsgnqp", h, Q1 | 1ull << 63);
    /* xsxexpqp: 0x3fff; xsxsigqp of 1.0: the implicit bit 2^112 */
    CVT("xsxexpqp", Q1, 0ull, h, l);
    CHECK_EQ("xsxexpqp", h, 0x3fff);
    CVT("xsxsigqp", Q1 | 0x1234, 9ull, h, l);
    CHECK_EQ("xsxsigqp hi", h, 0x0001000000001234ull);
    CHECK_EQ("xsxsigqp lo", l, 9);
    /* xsiexpqp: 1.0's sign and fraction with exponent 0x4000: 2.0 */
    __asm__ volatile("mtvsrdd 34, %2, %3\n\tmtvsrdd 35, %4, %3\n\t"
                     "xsiexpqp 4, 2, 3\n\tmfvsrd %0, 36\n\tmfvsrld %1, 36"
                     : "=&r"(h), "=&r"(l) : "b"(Q1), "r"(0ll), "b"(0x4000ll));
    CHECK_EQ("xsiexpqp", h, 0x4000000000000000ull);
    /* xststdcqp: -inf matches DCMX 0x10 (-inf): CR = 0b1010 */
    __asm__ volatile("mtvsrdd 35, %1, %2\n\txststdcqp 5, 3, 0x10\n\tmfcr %0"
                     : "=r"(cr) : "b"(0xffff000000000000ull), "r"(0ll));
    CHECK_EQ("xststdcqp -inf", (cr >> 8) & 15, 0xa);
    __asm__ volatile("mtvsrdd 35, %1, %2\n\txststdcqp 5, 3, 0x40\n\tmfcr %0"
                     : "=r"(cr) : "b"(Q1), "r"(0ll));
    CHECK_EQ("xststdcqp 1.0 no NaN", (cr >> 8) & 15, 0);
}

int main(void)
{
    test_arith_table();
    test_conversions();
    test_compares();
    test_moves();
    return 0;
}
