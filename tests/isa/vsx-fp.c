/*
 * VSX vector and newer scalar floating point (Power ISA 3.0B Book I
 * 7.6.1): vector arithmetic and FMA, compares with CR6, the three min/max
 * flavours, conversions with their NaN and saturation rules, half
 * precision, test-for-divide, data class, exponent/significand moves,
 * and the vector rule that an enabled invalid operation leaves XT
 * unchanged.  Registers move through 16-byte buffers in the ISA's byte
 * numbering (lxvb16x/stxvb16x); every expected value is exact and worked
 * out from the ISA's definitions (noted where not obvious).
 */
#include "fpvec.h"






#define XX2(insn, r, b)                                                       \
    __asm__ volatile("lxvb16x 36, 0, %1\n\txxlxor 34, 34, 34\n\t"             \
                     insn " 34, 36\n\tstxvb16x 34, 0, %0"                     \
                     : : "r"(r), "r"(b) : "memory")

#define D_1 0x3ff0000000000000ull
#define D_2 0x4000000000000000ull
#define D_3 0x4008000000000000ull
#define D_1_5 0x3ff8000000000000ull
#define D_NAN 0x7ff8000000000000ull
#define D_SNAN 0x7ff4000000000000ull
#define D_INF 0x7ff0000000000000ull
#define D_NEG (1ull << 63)


static void test_arith(void)
{
    vec t, a, b, r;

    set_fpscr(0);
    mk(t, 0, 0);
    /* 1.5 + 2.25 = 3.75; 2^53 + 1 rounds to 2^53 (even), inexact */
    mk(a, D_1_5, 0x4340000000000000ull);
    mk(b, 0x4002000000000000ull, D_1);
    XX3("xvadddp", r, t, a, b);
    CHECK_EQ("xvadddp 1.5+2.25", get(r, 8, 0), 0x400e000000000000ull);
    CHECK_EQ("xvadddp 2^53+1", get(r, 8, 1), 0x4340000000000000ull);
    CHECK("xvadddp XX", get_fpscr() & FPSCR_XX);
    CHECK("xvadddp leaves FI", !(get_fpscr() & (1u << 17)));
    /* 3 - 1 = 2, 1 - 1.5 = -0.5 */
    mk(a, D_3, D_1);
    mk(b, D_1, D_1_5);
    XX3("xvsubdp", r, t, a, b);
    CHECK_EQ("xvsubdp 0", get(r, 8, 0), D_2);
    CHECK_EQ("xvsubdp 1", get(r, 8, 1), 0xbfe0000000000000ull);
    /* 1.5 * 2 = 3; 6 / 3 = 2, 1 / 0 = +inf with ZX */
    mk(a, D_1_5, D_1);
    mk(b, D_2, D_2);
    XX3("xvmuldp", r, t, a, b);
    CHECK_EQ("xvmuldp", get(r, 8, 0), D_3);
    set_fpscr(0);
    mk(a, 0x4018000000000000ull, D_1);
    mk(b, D_3, 0);
    XX3("xvdivdp", r, t, a, b);
    CHECK_EQ("xvdivdp 6/3", get(r, 8, 0), D_2);
    CHECK_EQ("xvdivdp 1/0", get(r, 8, 1), D_INF);
    CHECK("xvdivdp ZX", get_fpscr() & FPSCR_ZX);
    /* sqrt 4 = 2; sqrt -1 = the default NaN with VXSQRT */
    set_fpscr(0);
    mk(b, 0x4010000000000000ull, D_1 | D_NEG);
    XX2("xvsqrtdp", r, b);
    CHECK_EQ("xvsqrtdp 4", get(r, 8, 0), D_2);
    CHECK_EQ("xvsqrtdp -1", get(r, 8, 1), D_NAN);
    CHECK("xvsqrtdp VXSQRT", get_fpscr() & FPSCR_VXSQRT);
    /* with VE=1 the invalid element keeps the whole target unchanged */
    set_fpscr(FPSCR_VE);
    {
        vec keep;

        mk(keep, 0x1111111111111111ull, 0x2222222222222222ull);
        __asm__ volatile("lxvb16x 34, 0, %1\n\tlxvb16x 36, 0, %2\n\t"
                         "xvsqrtdp 34, 36\n\tstxvb16x 34, 0, %0"
                         : : "r"(r), "r"(keep), "r"(b) : "memory");
        CHECK_EQ("xvsqrtdp VE=1 keeps dw0", get(r, 8, 0), 0x1111111111111111ull);
        CHECK_EQ("xvsqrtdp VE=1 keeps dw1", get(r, 8, 1), 0x2222222222222222ull);
    }
    set_fpscr(0);
    /* a NaN operand: the first one (XA before XB), quieted, VXSNAN */
    mk(a, D_SNAN, D_1);
    mk(b, D_NAN | 5, D_SNAN | 7);
    XX3("xvadddp", r, t, a, b);
    CHECK_EQ("xvadddp snan a", get(r, 8, 0), D_SNAN | (1ull << 51));
    CHECK_EQ("xvadddp snan b", get(r, 8, 1), D_SNAN | 7 | (1ull << 51));
    CHECK("xvadddp VXSNAN", get_fpscr() & FPSCR_VXSNAN);
    set_fpscr(0);

    /* the FMA forms: a: XT = XA*XB + XT; m: XT = XA*XT + XB */
    mk(t, D_1, D_1);
    mk(a, D_2, D_2);
    mk(b, D_3, D_3);
    XX3("xvmaddadp", r, t, a, b);
    CHECK_EQ("xvmaddadp 2*3+1", get(r, 8, 0), 0x401c000000000000ull);
    XX3("xvmaddmdp", r, t, a, b);
    CHECK_EQ("xvmaddmdp 2*1+3", get(r, 8, 0), 0x4014000000000000ull);
    XX3("xvnmsubadp", r, t, a, b);
    CHECK_EQ("xvnmsubadp -(2*3-1)", get(r, 8, 0), 0xc014000000000000ull);
    XX3("xvmsubmdp", r, t, a, b);
    CHECK_EQ("xvmsubmdp 2*1-3", get(r, 8, 0), 0xbff0000000000000ull);

    /* single: 1.5f + 2.25f = 3.75f in every word; 2^24 + 1 rounds to even */
    mkw(a, 0x3fc00000u, 0x3fc00000u, 0x4b800000u, 0xbf800000u);
    mkw(b, 0x40100000u, 0x40100000u, 0x3f800000u, 0x3f800000u);
    XX3("xvaddsp", r, t, a, b);
    CHECK_EQ("xvaddsp 0", get(r, 4, 0), 0x40700000u);
    CHECK_EQ("xvaddsp 2", get(r, 4, 2), 0x4b800000u);
    CHECK_EQ("xvaddsp 3 (-1+1)", get(r, 4, 3), 0);
    XX3("xvmulsp", r, t, a, b);
    CHECK_EQ("xvmulsp 1.5*2.25", get(r, 4, 0), 0x40580000u);
    mk(t, 0, 0);
    mkw(t, 0x3f800000u, 0, 0, 0);
    mkw(a, 0x40000000u, 0, 0, 0);
    mkw(b, 0x40400000u, 0, 0, 0);
    XX3("xvmaddasp", r, t, a, b);
    CHECK_EQ("xvmaddasp 2*3+1", get(r, 4, 0), 0x40e00000u);
    set_fpscr(0);
}

static uint64_t cmp_cr6(uint8_t *r, const uint8_t *a, const uint8_t *b,
                        int which)
{
    uint64_t cr;

    if (which == 0) {
        __asm__ volatile("lxvb16x 35, 0, %2\n\tlxvb16x 36, 0, %3\n\t"
                         "xvcmpgtdp. 34, 35, 36\n\tmfcr %0\n\t"
                         "stxvb16x 34, 0, %1"
                         : "=r"(cr) : "r"(r), "r"(a), "r"(b) : "memory", "cr6");
    } else {
        __asm__ volatile("lxvb16x 35, 0, %2\n\tlxvb16x 36, 0, %3\n\t"
                         "xvcmpeqsp. 34, 35, 36\n\tmfcr %0\n\t"
                         "stxvb16x 34, 0, %1"
                         : "=r"(cr) : "r"(r), "r"(a), "r"(b) : "memory", "cr6");
    }
    return (cr >> 4) & 15;
}

static void test_compare_minmax(void)
{
    vec t, a, b, r;

    set_fpscr(0);
    mk(a, D_2, D_1);
    mk(b, D_1, D_2);
    CHECK_EQ("xvcmpgtdp. CR6 mixed", cmp_cr6(r, a, b, 0), 0);
    CHECK_EQ("xvcmpgtdp. 0", get(r, 8, 0), ~0ull);
    CHECK_EQ("xvcmpgtdp. 1", get(r, 8, 1), 0);
    mk(b, D_1, 0);
    CHECK_EQ("xvcmpgtdp. CR6 all", cmp_cr6(r, a, b, 0), 8);
    mk(b, D_3, D_NAN);
    CHECK_EQ("xvcmpgtdp. CR6 none", cmp_cr6(r, a, b, 0), 2);
    CHECK("xvcmpgtdp NaN: VXVC", get_fpscr() & (1u << 19));
    set_fpscr(0);
    mkw(a, 0x3f800000u, 0x80000000u, 0x7fc00000u, 0x40000000u);
    mkw(b, 0x3f800000u, 0x00000000u, 0x7fc00000u, 0x40000001u);
    CHECK_EQ("xvcmpeqsp. CR6", cmp_cr6(r, a, b, 1), 0);
    CHECK_EQ("xvcmpeqsp. 1 == 1", get(r, 4, 0), 0xffffffffu);
    CHECK_EQ("xvcmpeqsp. -0 == +0", get(r, 4, 1), 0xffffffffu);
    CHECK_EQ("xvcmpeqsp. NaN", get(r, 4, 2), 0);
    CHECK("xvcmpeqsp qNaN: no VXVC", !(get_fpscr() & (1u << 19)));

    mk(t, 0, 0);
    /* xvmaxdp: a NaN loses to a number; max(-0, +0) = +0 */
    mk(a, D_NAN, D_NEG);
    mk(b, D_2, 0);
    XX3("xvmaxdp", r, t, a, b);
    CHECK_EQ("xvmaxdp NaN,2", get(r, 8, 0), D_2);
    CHECK_EQ("xvmaxdp -0,+0", get(r, 8, 1), 0);
    XX3("xvmindp", r, t, a, b);
    CHECK_EQ("xvmindp -0,+0", get(r, 8, 1), D_NEG);
    /* xsmaxcdp: a NaN operand gives XB; -0 vs +0 gives XB */
    XX3("xsmaxcdp", r, t, a, b);
    CHECK_EQ("xsmaxcdp NaN -> XB", get(r, 8, 0), D_2);
    mk(a, D_1, 0);
    mk(b, D_NAN | 3, 0);
    XX3("xsmaxcdp", r, t, a, b);
    CHECK_EQ("xsmaxcdp XB NaN -> XB", get(r, 8, 0), D_NAN | 3);
    /* xsmaxjdp: the first NaN, unchanged */
    mk(a, D_SNAN, 0);
    XX3("xsmaxjdp", r, t, a, b);
    CHECK_EQ("xsmaxjdp SNaN XA kept", get(r, 8, 0), D_SNAN);
    CHECK("xsmaxjdp VXSNAN", get_fpscr() & FPSCR_VXSNAN);
    set_fpscr(0);
    mk(a, D_NEG, 0);
    mk(b, 0, 0);
    XX3("xsminjdp", r, t, a, b);
    CHECK_EQ("xsminjdp -0,+0", get(r, 8, 0), D_NEG);
    mk(a, D_3, 0x1234);
    mk(b, D_2, 0x5678);
    XX3("xsmaxdp", r, t, a, b);
    CHECK_EQ("xsmaxdp", get(r, 8, 0), D_3);
    CHECK_EQ("xsmaxdp doubleword 1", get(r, 8, 1), 0);
    set_fpscr(0);
}

static void test_conversions(void)
{
    vec b, r;

    set_fpscr(0);
    /* xvcvsxwdp: words 0 and 2; xvcvuxwdp: unsigned */
    mkw(b, (uint32_t)-5, 99, 7, 99);
    XX2("xvcvsxwdp", r, b);
    CHECK_EQ("xvcvsxwdp -5", get(r, 8, 0), 0xc014000000000000ull);
    CHECK_EQ("xvcvsxwdp 7", get(r, 8, 1), 0x401c000000000000ull);
    mkw(b, 0xffffffffu, 0, 1, 0);
    XX2("xvcvuxwdp", r, b);
    CHECK_EQ("xvcvuxwdp 2^32-1", get(r, 8, 0), 0x41efffffffe00000ull);
    CHECK_EQ("xvcvuxwdp 1", get(r, 8, 1), D_1);
    /* xvcvdpsxws: 1e10 saturates (VXCVI), -2.5 truncates to -2 (XX); the
       result fills both words of each doubleword */
    mk(b, 0x4202a05f20000000ull, 0xc004000000000000ull);
    XX2("xvcvdpsxws", r, b);
    CHECK_EQ("xvcvdpsxws 1e10 w0", get(r, 4, 0), 0x7fffffffu);
    CHECK_EQ("xvcvdpsxws 1e10 w1", get(r, 4, 1), 0x7fffffffu);
    CHECK_EQ("xvcvdpsxws -2.5 w2", get(r, 4, 2), 0xfffffffeu);
    CHECK("xvcvdpsxws VXCVI", get_fpscr() & FPSCR_VXCVI);
    CHECK("xvcvdpsxws XX", get_fpscr() & FPSCR_XX);
    set_fpscr(0);
    /* xvcvdpuxws: NaN -> 0 with VXCVI; 3.7 -> 3 */
    mk(b, D_NAN, 0x400d99999999999aull);
    XX2("xvcvdpuxws", r, b);
    CHECK_EQ("xvcvdpuxws NaN", get(r, 4, 0), 0);
    CHECK_EQ("xvcvdpuxws 3.7", get(r, 4, 2), 3);
    CHECK("xvcvdpuxws VXCVI", get_fpscr() & FPSCR_VXCVI);
    set_fpscr(0);
    /* xvcvdpsxds: -inf -> the most negative; xvcvdpuxds: -1 -> 0 */
    mk(b, D_INF | D_NEG, 0x41dfffffffc00000ull); /* 2^31 - 1 */
    XX2("xvcvdpsxds", r, b);
    CHECK_EQ("xvcvdpsxds -inf", get(r, 8, 0), 0x8000000000000000ull);
    CHECK_EQ("xvcvdpsxds 2^31-1", get(r, 8, 1), 0x7fffffffull);
    mk(b, D_1 | D_NEG, D_3);
    XX2("xvcvdpuxds", r, b);
    CHECK_EQ("xvcvdpuxds -1", get(r, 8, 0), 0);
    CHECK_EQ("xvcvdpuxds 3", get(r, 8, 1), 3);
    set_fpscr(0);
    /* xvcvsxddp: 2^53 + 1 rounds to even in RN, up in RN=2 */
    mk(b, (1ull << 53) + 1, (uint64_t)-3);
    XX2("xvcvsxddp", r, b);
    CHECK_EQ("xvcvsxddp 2^53+1 RN", get(r, 8, 0), 0x4340000000000000ull);
    CHECK_EQ("xvcvsxddp -3", get(r, 8, 1), 0xc008000000000000ull);
    set_fpscr(2);
    XX2("xvcvsxddp", r, b);
    CHECK_EQ("xvcvsxddp 2^53+1 RU", get(r, 8, 0), 0x4340000000000001ull);
    set_fpscr(0);
    /* xvcvsxwsp: words to singles; xvcvspsxws: back, truncating */
    mkw(b, (uint32_t)-2, 3, 0, 16777217);
    XX2("xvcvsxwsp", r, b);
    CHECK_EQ("xvcvsxwsp -2", get(r, 4, 0), 0xc0000000u);
    CHECK_EQ("xvcvsxwsp 2^24+1", get(r, 4, 3), 0x4b800000u);
    mkw(b, 0xc0200000u, 0x4f000000u, 0x7fc00000u, 0x3f000000u);
    XX2("xvcvspsxws", r, b);
    CHECK_EQ("xvcvspsxws -2.5", get(r, 4, 0), 0xfffffffeu);
    CHECK_EQ("xvcvspsxws 2^31", get(r, 4, 1), 0x7fffffffu);
    CHECK_EQ("xvcvspsxws NaN", get(r, 4, 2), 0x80000000u);
    CHECK_EQ("xvcvspsxws 0.5", get(r, 4, 3), 0);
    set_fpscr(0);
    /* double <-> single */
    mk(b, D_1_5, 0x3ff0000010000000ull); /* 1 + 2^-24: a tie, to even 1.0 */
    XX2("xvcvdpsp", r, b);
    CHECK_EQ("xvcvdpsp 1.5 w0", get(r, 4, 0), 0x3fc00000u);
    CHECK_EQ("xvcvdpsp 1.5 w1", get(r, 4, 1), 0x3fc00000u);
    CHECK_EQ("xvcvdpsp 1+2^-24", get(r, 4, 2), 0x3f800000u);
    mkw(b, 0x3fc00000u, 0, 0x7f800001u, 0);
    XX2("xvcvspdp", r, b);
    CHECK_EQ("xvcvspdp 1.5", get(r, 8, 0), D_1_5);
    CHECK_EQ("xvcvspdp sNaN quieted", get(r, 8, 1), 0x7ff8000020000000ull);
    CHECK("xvcvspdp VXSNAN", get_fpscr() & FPSCR_VXSNAN);
    set_fpscr(0);
    /* round to integral: xvrdpi ties away, xvrdpiz toward zero */
    mk(b, 0x4004000000000000ull, 0xc00599999999999aull); /* 2.5, -2.7 */
    XX2("xvrdpi", r, b);
    CHECK_EQ("xvrdpi 2.5", get(r, 8, 0), D_3);
    CHECK_EQ("xvrdpi -2.7", get(r, 8, 1), 0xc008000000000000ull);
    XX2("xvrdpiz", r, b);
    CHECK_EQ("xvrdpiz 2.5", get(r, 8, 0), D_2);
    CHECK_EQ("xvrdpiz -2.7", get(r, 8, 1), 0xc000000000000000ull);
    XX2("xvrdpim", r, b);
    CHECK_EQ("xvrdpim -2.7", get(r, 8, 1), 0xc008000000000000ull);

    /* half precision: 1.0 is 0x3c00; 65520 is the tie between 65504 and
       65536, which rounds to even (65536) and overflows to +inf */
    mk(b, 0x3c00, 0);
    XX2("xscvhpdp", r, b);
    CHECK_EQ("xscvhpdp 1.0", get(r, 8, 0), D_1);
    mk(b, 0x40effe0000000000ull, 0);
    set_fpscr(0);
    XX2("xscvdphp", r, b);
    CHECK_EQ("xscvdphp 65520", get(r, 8, 0), 0x7c00);
    CHECK("xscvdphp OX", get_fpscr() & (1u << 28));
    mk(b, 0xbff8000000000000ull, 0);
    XX2("xscvdphp", r, b);
    CHECK_EQ("xscvdphp -1.5", get(r, 8, 0), 0xbe00);
    /* xvcvsphp/xvcvhpsp: the odd halfword of each word */
    mkw(b, 0x3f800000u, 0xc0000000u, 0x33800000u, 0x7f800000u);
    XX2("xvcvsphp", r, b);
    CHECK_EQ("xvcvsphp 1.0", get(r, 4, 0), 0x3c00);
    CHECK_EQ("xvcvsphp -2.0", get(r, 4, 1), 0xc000);
    CHECK_EQ("xvcvsphp 2^-24 (denormal)", get(r, 4, 2), 0x0001);
    CHECK_EQ("xvcvsphp inf", get(r, 4, 3), 0x7c00);
    mkw(b, 0xffff3c00u, 0x0001u, 0x7e00u, 0x8000u);
    XX2("xvcvhpsp", r, b);
    CHECK_EQ("xvcvhpsp 1.0", get(r, 4, 0), 0x3f800000u);
    CHECK_EQ("xvcvhpsp 2^-24", get(r, 4, 1), 0x33800000u);
    CHECK_EQ("xvcvhpsp NaN", get(r, 4, 2), 0x7fc00000u);
    CHECK_EQ("xvcvhpsp -0", get(r, 4, 3), 0x80000000u);
    set_fpscr(0);
}

static void test_class_exp(void)
{
    vec a, b, r;
    uint64_t cr, g;

    /* xststdcdp: -inf is DCMX bit 0x10; CR = sign || 0 || match || 0 */
    mk(b, D_INF | D_NEG, 0);
    __asm__ volatile("lxvb16x 36, 0, %1\n\txststdcdp 3, 36, 0x10\n\tmfcr %0"
                     : "=r"(cr) : "r"(b) : "memory", "cr3");
    CHECK_EQ("xststdcdp -inf", (cr >> 16) & 15, 0xa);
    /* a double denormal: 0x02 (+denormal) */
    mk(b, 1, 0);
    __asm__ volatile("lxvb16x 36, 0, %1\n\txststdcdp 3, 36, 0x02\n\tmfcr %0"
                     : "=r"(cr) : "r"(b) : "memory", "cr3");
    CHECK_EQ("xststdcdp +denormal", (cr >> 16) & 15, 0x2);
    /* xvtstdcdp with DCMX 0x40 (NaN) */
    mk(b, D_NAN, D_1);
    __asm__ volatile("lxvb16x 36, 0, %1\n\txvtstdcdp 34, 36, 0x40\n\t"
                     "stxvb16x 34, 0, %0" : : "r"(r), "r"(b) : "memory");
    CHECK_EQ("xvtstdcdp NaN", get(r, 8, 0), ~0ull);
    CHECK_EQ("xvtstdcdp 1.0", get(r, 8, 1), 0);
    /* exponent and significand */
    mk(b, 0xc00921fb54442d18ull, 0);
    __asm__ volatile("lxvb16x 36, 0, %1\n\txsxexpdp %0, 36"
                     : "=r"(g) : "r"(b) : "memory");
    CHECK_EQ("xsxexpdp", g, 0x400);
    __asm__ volatile("lxvb16x 36, 0, %1\n\txsxsigdp %0, 36"
                     : "=r"(g) : "r"(b) : "memory");
    CHECK_EQ("xsxsigdp", g, 0x1921fb54442d18ull);
    __asm__ volatile("xsiexpdp 34, %1, %2\n\tstxvb16x 34, 0, %0"
                     : : "r"(r), "r"(D_NEG | 0x8000000000000ull), "r"(0x3ffull)
                     : "memory");
    CHECK_EQ("xsiexpdp", get(r, 8, 0), 0xbff8000000000000ull);
    mk(a, D_1_5, D_NEG | D_3);
    mk(b, 0x401, 0x3fe);
    XX3("xviexpdp", r, a, a, b);
    CHECK_EQ("xviexpdp 0", get(r, 8, 0), 0x4018000000000000ull);
    CHECK_EQ("xviexpdp 1", get(r, 8, 1), 0xbfe8000000000000ull);
    XX2("xvxexpdp", r, a);
    CHECK_EQ("xvxexpdp", get(r, 8, 0), 0x3ff);
    XX2("xvxsigdp", r, a);
    CHECK_EQ("xvxsigdp", get(r, 8, 0), 0x18000000000000ull);
    /* xstdivdp: 1/0 needs software (fe) and has a zero divisor (fg) */
    mk(a, D_1, 0);
    mk(b, 0, 0);
    __asm__ volatile("lxvb16x 35, 0, %1\n\tlxvb16x 36, 0, %2\n\t"
                     "xstdivdp 3, 35, 36\n\tmfcr %0"
                     : "=r"(cr) : "r"(a), "r"(b) : "memory", "cr3");
    CHECK_EQ("xstdivdp 1/0", (cr >> 16) & 15, 0xe);
    mk(b, D_3, 0);
    __asm__ volatile("lxvb16x 35, 0, %1\n\tlxvb16x 36, 0, %2\n\t"
                     "xstdivdp 3, 35, 36\n\tmfcr %0"
                     : "=r"(cr) : "r"(a), "r"(b) : "memory", "cr3");
    CHECK_EQ("xstdivdp 1/3", (cr >> 16) & 15, 0x8);
    mk(b, 0x4010000000000000ull, 0);
    __asm__ volatile("lxvb16x 36, 0, %1\n\txstsqrtdp 3, 36\n\tmfcr %0"
                     : "=r"(cr) : "r"(b) : "memory", "cr3");
    CHECK_EQ("xstsqrtdp 4", (cr >> 16) & 15, 0x8);
}

int main(void)
{
    test_arith();
    test_compare_minmax();
    test_conversions();
    test_class_exp();
    set_fpscr(0);
    return 0;
}
