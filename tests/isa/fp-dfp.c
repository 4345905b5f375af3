/*
 * Decimal floating point (Power ISA 3.0B Book I chapter 5): the compare,
 * test, exponent, shift and DPD/BCD instructions, in the long (64-bit) and
 * extended (128-bit, an even/odd FPR pair) formats.
 *
 * The operands and expected DFP values are _Decimal64/_Decimal128
 * constants encoded by GCC (which uses the DPD encoding on Power), so the
 * encoding under test is independent of powerjit's; the CR, FPSCR and
 * integer results are worked out from the ISA text next to each check.
 * No C decimal arithmetic is used (it would compile to DFP instructions).
 * Debian's QEMU 7.2 (qemu-system-ppc64 -M pseries,x-vof=on -vga none)
 * passes every check but three, where it departs from the ISA:
 *   - denbcd with S=0 does not check the digits: 0x12a4 becomes 1304
 *     (nibble a read as ten), where 5.6.8 makes an invalid digit an
 *     invalid operation (VXCVI, the default QNaN): two checks;
 *   - dscri leaves FPRF unchanged, where dscli/dscri set it (5.6.8,
 *     "Special Registers Altered: FPRF FX VXSNAN").
 */
#include "fpvec.h"


static uint64_t d64(_Decimal64 x)
{
    uint64_t u;
    memcpy(&u, &x, 8);
    return u;
}



static unsigned cr3(void)
{
    uint64_t cr;
    __asm__ volatile("mfcr %0" : "=r"(cr));
    return (cr >> 16) & 0xf;
}

/* the FPSCR's FPCC (bits 48:51) */
static unsigned fpcc(void)
{
    return (get_fpscr() >> 12) & 0xf;
}

#define INF64 d64(__builtin_infd64())
#define QNAN64 d64(__builtin_nand64(""))
#define SNAN64 d64(__builtin_nansd64(""))

/* ----------------------------------------------------------- long */

static unsigned dcmpu(uint64_t a, uint64_t b)
{
    __asm__ volatile("dcmpu 3, %0, %1" : : "d"(dbl(a)), "d"(dbl(b)) : "cr3");
    return cr3();
}

static unsigned dcmpo(uint64_t a, uint64_t b)
{
    __asm__ volatile("dcmpo 3, %0, %1" : : "d"(dbl(a)), "d"(dbl(b)) : "cr3");
    return cr3();
}

static void test_compare(void)
{
    set_fpscr(0);
    CHECK_EQ("dcmpu 1.5<2.5", dcmpu(d64(1.5DD), d64(2.5DD)), 8);
    CHECK_EQ("dcmpu FPCC", fpcc(), 8);
    CHECK_EQ("dcmpu 2.5>1.5", dcmpu(d64(2.5DD), d64(1.5DD)), 4);
    CHECK_EQ("dcmpu 1.50=1.5", dcmpu(d64(1.50DD), d64(1.5DD)), 2);
    CHECK_EQ("dcmpu -0=0E5", dcmpu(d64(-0.DD), d64(0E5DD)), 2);
    CHECK_EQ("dcmpu 1E300>2E-300", dcmpu(d64(1E300DD), d64(2E-300DD)), 4);
    CHECK_EQ("dcmpu 999<1000", dcmpu(d64(999.DD), d64(1.000E3DD)), 8);
    CHECK_EQ("dcmpu -1<-0.9", dcmpu(d64(-1.DD), d64(-0.9DD)), 8);
    CHECK_EQ("dcmpu -2<1", dcmpu(d64(-2.DD), d64(1.DD)), 8);
    CHECK_EQ("dcmpu 0<1E-398", dcmpu(d64(0.DD), d64(1E-398DD)), 8);
    CHECK_EQ("dcmpu -inf<1", dcmpu(INF64 | 1ull << 63, d64(1.DD)), 8);
    CHECK_EQ("dcmpu inf=inf", dcmpu(INF64, INF64), 2);
    CHECK_EQ("dcmpu 9E384<inf", dcmpu(d64(9.999999999999999E384DD), INF64), 8);
    CHECK_EQ("dcmpu fpscr", get_fpscr(), 8 << 12);
    /* unordered: QNaN no exception for dcmpu, VXVC for dcmpo; SNaN
       VXSNAN (and VXVC for dcmpo with VE=0) */
    CHECK_EQ("dcmpu qnan", dcmpu(QNAN64, d64(1.DD)), 1);
    CHECK_EQ("dcmpu qnan fpscr", get_fpscr(), 1 << 12);
    CHECK_EQ("dcmpo qnan", dcmpo(d64(1.DD), QNAN64), 1);
    CHECK_EQ("dcmpo qnan fpscr", get_fpscr(),
             FPSCR_FX | FPSCR_VX | FPSCR_VXVC | 1 << 12);
    set_fpscr(0);
    CHECK_EQ("dcmpu snan", dcmpu(SNAN64, d64(1.DD)), 1);
    CHECK_EQ("dcmpu snan fpscr", get_fpscr(),
             FPSCR_FX | FPSCR_VX | FPSCR_VXSNAN | 1 << 12);
    set_fpscr(0);
    CHECK_EQ("dcmpo snan", dcmpo(SNAN64, d64(1.DD)), 1);
    CHECK_EQ("dcmpo snan fpscr", get_fpscr(),
             FPSCR_FX | FPSCR_VX | FPSCR_VXSNAN | FPSCR_VXVC | 1 << 12);
    set_fpscr(0);
}

/* dtstdc BF,FRA,DCM: DCM 0x20 zero, 0x10 subnormal, 0x08 normal, 0x04
   infinity, 0x02 QNaN, 0x01 SNaN; CR = sign || 0 || match || 0 */
#define TSTDC(x, dcm)                                                         \
    ({                                                                        \
        __asm__ volatile("dtstdc 3, %0, " #dcm : : "d"(dbl(x)) : "cr3");       \
        cr3();                                                                \
    })
/* dtstdg: 0x20 zero non-extreme exponent, 0x10 zero extreme, 0x08
   subnormal or normal extreme, 0x04 normal non-extreme with leftmost digit
   0, 0x02 ... leftmost digit nonzero, 0x01 special */
#define TSTDG(x, dgm)                                                         \
    ({                                                                        \
        __asm__ volatile("dtstdg 3, %0, " #dgm : : "d"(dbl(x)) : "cr3");       \
        cr3();                                                                \
    })

static void test_class(void)
{
    set_fpscr(0);
    CHECK_EQ("dtstdc normal", TSTDC(d64(1.23DD), 0x08), 2);
    CHECK_EQ("dtstdc FPCC", fpcc(), 2);
    CHECK_EQ("dtstdc normal not zero", TSTDC(d64(1.23DD), 0x37), 0);
    CHECK_EQ("dtstdc -1.23 zero?", TSTDC(d64(-1.23DD), 0x20), 8);
    CHECK_EQ("dtstdc -0", TSTDC(d64(-0.DD), 0x20), 10);
    CHECK_EQ("dtstdc subnormal", TSTDC(d64(1E-398DD), 0x10), 2);
    /* 1E-383 is the smallest normal (Emin = -383) */
    CHECK_EQ("dtstdc 1E-383", TSTDC(d64(1E-383DD), 0x08), 2);
    CHECK_EQ("dtstdc 10E-384", TSTDC(d64(10E-384DD), 0x08), 2);
    CHECK_EQ("dtstdc 9E-384", TSTDC(d64(9E-384DD), 0x10), 2);
    CHECK_EQ("dtstdc inf", TSTDC(INF64, 0x04), 2);
    CHECK_EQ("dtstdc qnan", TSTDC(QNAN64, 0x02), 2);
    CHECK_EQ("dtstdc snan", TSTDC(SNAN64, 0x01), 2);
    CHECK_EQ("dtstdc snan as qnan", TSTDC(SNAN64, 0x02), 0);

    CHECK_EQ("dtstdg zero", TSTDG(d64(0.DD), 0x20), 2);
    CHECK_EQ("dtstdg zero extreme", TSTDG(d64(0E-398DD), 0x10), 2);
    CHECK_EQ("dtstdg zero extreme (max)", TSTDG(d64(0E369DD), 0x10), 2);
    CHECK_EQ("dtstdg subnormal", TSTDG(d64(1E-398DD), 0x08), 2);
    CHECK_EQ("dtstdg leftmost 0", TSTDG(d64(1.23DD), 0x04), 2);
    CHECK_EQ("dtstdg leftmost nonzero", TSTDG(d64(1234567890123456.DD), 0x02),
             2);
    CHECK_EQ("dtstdg -leftmost nonzero",
             TSTDG(d64(-1234567890123456.DD), 0x04), 8);
    CHECK_EQ("dtstdg special", TSTDG(INF64, 0x01), 2);
    CHECK_EQ("dtstdg fpscr", get_fpscr(), 2 << 12);
    set_fpscr(0);
}

static unsigned dtstex(uint64_t a, uint64_t b)
{
    __asm__ volatile("dtstex 3, %0, %1" : : "d"(dbl(a)), "d"(dbl(b)) : "cr3");
    return cr3();
}

static unsigned dtstsf(uint64_t k, uint64_t b)
{
    __asm__ volatile("dtstsf 3, %0, %1" : : "d"(dbl(k)), "d"(dbl(b)) : "cr3");
    return cr3();
}

static void test_exp_sig(void)
{
    double d;

    /* dtstex compares the exponents */
    CHECK_EQ("dtstex eq", dtstex(d64(1.23DD), d64(4.56DD)), 2);
    CHECK_EQ("dtstex lt", dtstex(d64(1.23DD), d64(1.2DD)), 8);
    CHECK_EQ("dtstex gt", dtstex(d64(5E3DD), d64(-7.DD)), 4);
    CHECK_EQ("dtstex inf inf", dtstex(INF64, INF64 | 1ull << 63), 2);
    CHECK_EQ("dtstex nan nan", dtstex(QNAN64, SNAN64), 2);
    CHECK_EQ("dtstex inf nan", dtstex(INF64, QNAN64), 1);
    CHECK_EQ("dtstex 1 inf", dtstex(d64(1.DD), INF64), 1);
    /* dtstsf: reference significance K = FRA[58:63] against the number
       of significant digits of FRB (123: 3) */
    CHECK_EQ("dtstsf 2<3", dtstsf(2, d64(1.23DD)), 8);
    CHECK_EQ("dtstsf 3=3", dtstsf(3, d64(1.23DD)), 2);
    CHECK_EQ("dtstsf 4>3", dtstsf(4 | 0x40, d64(1.23DD)), 4);
    CHECK_EQ("dtstsf K=0", dtstsf(0, d64(1.23DD)), 4);
    CHECK_EQ("dtstsf zero", dtstsf(5, d64(0.DD)), 4);
    CHECK_EQ("dtstsf inf", dtstsf(5, INF64), 1);
    __asm__ volatile("dtstsfi 3, 16, %0" : : "d"(dbl(d64(1234567890123456.DD)))
                     : "cr3");
    CHECK_EQ("dtstsfi 16=16", cr3(), 2);
    __asm__ volatile("dtstsfi 3, 1, %0" : : "d"(dbl(d64(2E5DD))) : "cr3");
    CHECK_EQ("dtstsfi 1=1", cr3(), 2);

    /* dxex: the biased exponent (bias 398); -1 inf, -2 QNaN, -3 SNaN */
    __asm__ volatile("dxex %0, %1" : "=d"(d) : "d"(dbl(d64(1.23DD))));
    CHECK_EQ("dxex 1.23", bits(d), 396);
    __asm__ volatile("dxex %0, %1" : "=d"(d) : "d"(dbl(d64(1E-398DD))));
    CHECK_EQ("dxex 1E-398", bits(d), 0);
    __asm__ volatile("dxex %0, %1" : "=d"(d) : "d"(dbl(d64(0E369DD))));
    CHECK_EQ("dxex 0E369", bits(d), 767);
    __asm__ volatile("dxex %0, %1" : "=d"(d) : "d"(dbl(INF64)));
    CHECK_EQ("dxex inf", bits(d), (uint64_t)-1);
    __asm__ volatile("dxex %0, %1" : "=d"(d) : "d"(dbl(QNAN64)));
    CHECK_EQ("dxex qnan", bits(d), (uint64_t)-2);
    __asm__ volatile("dxex %0, %1" : "=d"(d) : "d"(dbl(SNAN64)));
    CHECK_EQ("dxex snan", bits(d), (uint64_t)-3);

    /* diex: 1.23 with biased exponent 400 is 123E2 */
    __asm__ volatile("diex %0, %1, %2"
                     : "=d"(d) : "d"(dbl(400)), "d"(dbl(d64(1.23DD))));
    CHECK_EQ("diex 400", bits(d), d64(123E2DD));
    __asm__ volatile("diex %0, %1, %2"
                     : "=d"(d) : "d"(dbl(0)), "d"(dbl(d64(-7.DD))));
    CHECK_EQ("diex 0", bits(d), d64(-7E-398DD));
    /* -1: an infinity, -2 a QNaN, -3 an SNaN (the coefficient
       continuation kept: 1.23's last declet 0x0a3) */
    __asm__ volatile("diex %0, %1, %2"
                     : "=d"(d) : "d"(dbl(-1ull)), "d"(dbl(d64(1.23DD))));
    CHECK_EQ("diex -1", bits(d), 0x78000000000000a3ull);
    __asm__ volatile("diex %0, %1, %2"
                     : "=d"(d) : "d"(dbl(-2ull)), "d"(dbl(d64(-1.23DD))));
    CHECK_EQ("diex -2", bits(d), 0xfc000000000000a3ull);
    __asm__ volatile("diex %0, %1, %2"
                     : "=d"(d) : "d"(dbl(-3ull)), "d"(dbl(d64(1.23DD))));
    CHECK_EQ("diex -3", bits(d), 0x7e000000000000a3ull);
    set_fpscr(0);
}

static void test_bcd(void)
{
    double d;

    /* ddedpd SP=0: the 16 digits unsigned; SP=2: 15 digits and sign (C
       plus, D minus); SP=3: plus F */
    __asm__ volatile("ddedpd 0, %0, %1"
                     : "=d"(d) : "d"(dbl(d64(1234567890123456.DD))));
    CHECK_EQ("ddedpd 0", bits(d), 0x1234567890123456ull);
    __asm__ volatile("ddedpd 2, %0, %1" : "=d"(d) : "d"(dbl(d64(-123.DD))));
    CHECK_EQ("ddedpd 2 minus", bits(d), 0x123dull);
    __asm__ volatile("ddedpd 2, %0, %1" : "=d"(d) : "d"(dbl(d64(98.7DD))));
    CHECK_EQ("ddedpd 2 plus", bits(d), 0x987cull);
    __asm__ volatile("ddedpd 3, %0, %1" : "=d"(d) : "d"(dbl(d64(98.7DD))));
    CHECK_EQ("ddedpd 3 plus", bits(d), 0x987full);
    /* denbcd S=0: 16 digits, exponent 0; S=1: signed */
    set_fpscr(0);
    __asm__ volatile("denbcd 0, %0, %1" : "=d"(d) : "d"(dbl(0x123ull)));
    CHECK_EQ("denbcd 0", bits(d), d64(123.DD));
    CHECK_EQ("denbcd FPRF", (get_fpscr() >> 12) & 0x1f, 0x04);
    __asm__ volatile("denbcd 1, %0, %1" : "=d"(d) : "d"(dbl(0x9876543210dull)));
    CHECK_EQ("denbcd 1 minus", bits(d), d64(-9876543210.DD));
    __asm__ volatile("denbcd 1, %0, %1" : "=d"(d) : "d"(dbl(0x5aull)));
    CHECK_EQ("denbcd 1 plus A", bits(d), d64(5.DD));
    __asm__ volatile("denbcd 0, %0, %1"
                     : "=d"(d) : "d"(dbl(0x9999999999999999ull)));
    CHECK_EQ("denbcd all 9", bits(d), d64(9999999999999999.DD));
    /* an invalid digit: VXCVI and the default QNaN */
    __asm__ volatile("denbcd 0, %0, %1" : "=d"(d) : "d"(dbl(0x12a4ull)));
    CHECK_EQ("denbcd invalid", bits(d), 0x7c00000000000000ull);
    CHECK_EQ("denbcd invalid fpscr", get_fpscr(),
             FPSCR_FX | FPSCR_VX | FPSCR_VXCVI | 0x11 << 12);
    set_fpscr(0);

    /* dscli/dscri: the coefficient shifted, the exponent kept */
    __asm__ volatile("dscli %0, %1, 2" : "=d"(d) : "d"(dbl(d64(1.23DD))));
    CHECK_EQ("dscli 2", bits(d), d64(123.00DD));
    __asm__ volatile("dscri %0, %1, 1" : "=d"(d) : "d"(dbl(d64(-1.23DD))));
    CHECK_EQ("dscri 1", bits(d), d64(-0.12DD));
    __asm__ volatile("dscli %0, %1, 14"
                     : "=d"(d) : "d"(dbl(d64(1234567890123456.DD))));
    CHECK_EQ("dscli 14", bits(d), d64(5600000000000000.DD));
    __asm__ volatile("dscri %0, %1, 16" : "=d"(d) : "d"(dbl(d64(9.87DD))));
    CHECK_EQ("dscri 16", bits(d), d64(0.00DD));
    CHECK_EQ("dscri FPRF +0", (get_fpscr() >> 12) & 0x1f, 0x02);
}

/* ------------------------------------------------------ extended */

static void test_quad(void)
{
    _Decimal128 a = 1.23DL, b = 1.230DL, big = 9.999999999999999999999999999999999E6144DL;
    _Decimal128 r;
    uint64_t cr;
    double d;

    /* dcmpuq on pairs f10:f11, f12:f13 */
    __asm__ volatile("lfdp 10, 0(%1)\n\tlfdp 12, 0(%2)\n\tdcmpuq 3, 10, 12\n\t"
                     "mfcr %0"
                     : "=r"(cr) : "b"(&a), "b"(&b) : "fr10", "fr11", "fr12",
                       "fr13", "cr3", "memory");
    CHECK_EQ("dcmpuq 1.23=1.230", (cr >> 16) & 0xf, 2);
    __asm__ volatile("lfdp 10, 0(%1)\n\tlfdp 12, 0(%2)\n\tdcmpuq 3, 10, 12\n\t"
                     "mfcr %0"
                     : "=r"(cr) : "b"(&a), "b"(&big) : "fr10", "fr11", "fr12",
                       "fr13", "cr3", "memory");
    CHECK_EQ("dcmpuq 1.23<big", (cr >> 16) & 0xf, 8);
    /* dxexq: bias 6176 */
    __asm__ volatile("lfdp 10, 0(%1)\n\tdxexq %0, 10"
                     : "=d"(d) : "b"(&b) : "fr10", "fr11", "memory");
    CHECK_EQ("dxexq 1.230", bits(d), 6173);
    /* dtstdcq normal, dtstexq */
    __asm__ volatile("lfdp 10, 0(%1)\n\tdtstdcq 3, 10, 0x08\n\tmfcr %0"
                     : "=r"(cr) : "b"(&big) : "fr10", "fr11", "cr3", "memory");
    CHECK_EQ("dtstdcq", (cr >> 16) & 0xf, 2);
    /* ddedpdq SP=0: the rightmost 32 of the 34 digits */
    {
        _Decimal128 x = 1234567890123456789012345678901234.DL;
        uint64_t hi, lo;

        __asm__ volatile("lfdp 10, 0(%2)\n\tddedpdq 0, 12, 10\n\t"
                         "stfd 12, %0\n\tstfd 13, %1"
                         : "=m"(hi), "=m"(lo) : "b"(&x)
                         : "fr10", "fr11", "fr12", "fr13", "memory");
        CHECK_EQ("ddedpdq hi", hi, 0x3456789012345678ull);
        CHECK_EQ("ddedpdq lo", lo, 0x9012345678901234ull);
        /* and back: denbcdq S=0 of those 32 digits is x without its two
           leading digits */
        __asm__ volatile("lfd 12, %1\n\tlfd 13, %2\n\tdenbcdq 0, 10, 12\n\t"
                         "stfdp 10, 0(%0)"
                         : : "b"(&r), "m"(hi), "m"(lo)
                         : "fr10", "fr11", "fr12", "fr13", "memory");
        x = 34567890123456789012345678901234.DL;
        CHECK("denbcdq", !memcmp(&r, &x, 16));
    }
    /* dscliq by 33 leaves the last digit first */
    __asm__ volatile("lfdp 10, 0(%1)\n\tdscliq 12, 10, 33\n\tstfdp 12, 0(%0)"
                     : : "b"(&r), "b"(&a) : "fr10", "fr11", "fr12", "fr13",
                       "memory");
    {
        _Decimal128 want = 3000000000000000000000000000000000E-2DL;

        CHECK("dscliq 33", !memcmp(&r, &want, 16));
    }
    /* diexq: 1.23 with biased exponent 6176 + 1 is 123E1 */
    __asm__ volatile("lfdp 10, 0(%1)\n\tdiexq 12, %2, 10\n\tstfdp 12, 0(%0)"
                     : : "b"(&r), "b"(&a), "d"(dbl(6177)) : "fr10", "fr11",
                       "fr12", "fr13", "memory");
    {
        _Decimal128 want = 123E1DL;

        CHECK("diexq", !memcmp(&r, &want, 16));
    }
}

int main(void)
{
    test_compare();
    test_class();
    test_exp_sig();
    test_bcd();
    test_quad();
    return 0;
}
