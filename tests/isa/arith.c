/*
 * Fixed-point add and subtract (Power ISA 3.0B Book I 3.3.9): addi addis
 * addpcis addic addic. subfic, add addc adde addme addze subf subfc subfe
 * subfme subfze neg with their OE and Rc forms, and addex, in 64-bit and
 * 32-bit mode.
 *
 * The hand-worked cases give the reasoning from the ISA's definitions
 * (RT = x + y + carry-in; CA/CA32 the carries out of bits 0/32; OV/OV32
 * the signed overflows of the 64-bit/low 32-bit results; SO sticky).  The
 * sweeps then compare every pair of a set of edge values against the same
 * definitions computed by the C compiler in 128-bit arithmetic.
 */
#include "fixed-point.h"

static const uint64_t edge[] = {
    0, 1, 2, 0x7f, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000,
    0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000001,
    0xfffffffeffffffff, 0xffffffff7fffffff, 0xffffffff80000000,
    0xfffffffffffffffe, 0xffffffffffffffff, 0x123456789abcdef0,
};
#define NEDGE (sizeof(edge) / sizeof(edge[0]))

/* the XER flags of x + y + c by definition (x already ~RA for subtracts) */
static uint64_t flags_of(uint64_t x, uint64_t y, unsigned c, int mode32)
{
    unsigned __int128 u = (unsigned __int128)x + y + c;
    __int128 s = (__int128)(int64_t)x + (int64_t)y + c;
    uint64_t u32 = (uint64_t)(uint32_t)x + (uint32_t)y + c;
    int64_t s32 = (int64_t)(int32_t)x + (int32_t)y + c;
    int ca = (int)(u >> 64), ca32 = (int)(u32 >> 32);
    int ov = s != (int64_t)s, ov32 = s32 != (int32_t)s32;
    uint64_t f = 0;

    if (mode32) {
        ca = ca32;
        ov = ov32;
    }
    f |= ca ? CA : 0;
    f |= ca32 ? CA32 : 0;
    f |= ov ? (OV | SO) : 0;
    f |= ov32 ? OV32 : 0;
    return f;
}

static void hand_cases(void)
{
    /* add: no flags without OE */
    FX_CHECK("add", FX3("add", 1, 2, 0), 3, 0, NO_CR);
    /* 0x7fff_ffff_ffff_ffff + 1: positive + positive = negative: OV, SO;
       low words 0xffffffff + 1 (negative + positive): no OV32 */
    FX_CHECK("addo max+1", FX3("addo", 0x7fffffffffffffff, 1, 0),
             0x8000000000000000, SO | OV, NO_CR);
    /* 0x7fffffff + 1: fits in 64 bits, but the low word overflows:
       OV32 only; SO follows OV, not OV32 */
    FX_CHECK("addo low word", FX3("addo", 0x7fffffff, 1, 0), 0x80000000,
             OV32, NO_CR);
    /* OE=1 without overflow clears OV but leaves SO */
    FX_CHECK("addo. keeps SO", FX3("addo.", 1, 1, SO | OV | OV32), 2, SO,
             GT | CR_SO);
    FX_CHECK("add. negative", FX3("add.", -5, 2, 0), -3, 0, LT);
    FX_CHECK("add. zero", FX3("add.", 5, -5, 0), 0, 0, EQ);
    FX_CHECK("add. positive", FX3("add.", 5, 2, SO), 7, SO, GT | CR_SO);
    /* add does not touch CA */
    FX_CHECK("add keeps CA", FX3("add", -1, 1, CA | CA32), 0, CA | CA32,
             NO_CR);

    /* carries: out of bit 0 (CA) and out of bit 32 (CA32) */
    FX_CHECK("addc all ones+1", FX3("addc", -1, 1, 0), 0, CA | CA32, NO_CR);
    FX_CHECK("addc low carry", FX3("addc", 0xffffffff, 1, 0), 0x100000000,
             CA32, NO_CR);
    FX_CHECK("addc high carry",
             FX3("addc", 0x8000000000000000, 0x8000000000000000, 0), 0, CA,
             NO_CR);
    FX_CHECK("addc clears CA", FX3("addc", 1, 1, CA | CA32), 2, 0, NO_CR);
    /* negative + negative = 0: OV; low words 0 + 0: no OV32 */
    FX_CHECK("addco.",
             FX3("addco.", 0x8000000000000000, 0x8000000000000000, 0), 0,
             CA | OV | SO, EQ | CR_SO);

    /* adde: RT = RA + RB + CA */
    FX_CHECK("adde CA=1 wrap", FX3("adde", -1, 0, CA), 0, CA | CA32, NO_CR);
    FX_CHECK("adde CA=1", FX3("adde", 1, 2, CA), 4, 0, NO_CR);
    FX_CHECK("adde CA=0", FX3("adde", -1, -1, 0), 0xfffffffffffffffe,
             CA | CA32, NO_CR);
    /* 0x7fff..ff + 0 + 1: OV; the low word 0xffffffff + 1 carries */
    FX_CHECK("addeo", FX3("addeo", 0x7fffffffffffffff, 0, CA),
             0x8000000000000000, SO | OV | CA32, NO_CR);
    /* CA32 alone is not the carry-in */
    FX_CHECK("adde CA32 is no input", FX3("adde", 1, 1, CA32), 2, 0, NO_CR);

    /* addme: RT = RA + CA - 1 = RA + 0xffff_ffff_ffff_ffff + CA */
    FX_CHECK("addme 0 CA=0", FX2("addme", 0, 0), -1, 0, NO_CR);
    FX_CHECK("addme 0 CA=1", FX2("addme", 0, CA), 0, CA | CA32, NO_CR);
    FX_CHECK("addme 5 CA=0", FX2("addme", 5, 0), 4, CA | CA32, NO_CR);
    /* 0x8000..00 - 1: negative + negative = positive: OV; low word
       0 + 0xffffffff: no carry, no OV32 */
    FX_CHECK("addmeo", FX2("addmeo", 0x8000000000000000, 0),
             0x7fffffffffffffff, SO | OV | CA, NO_CR);
    FX_CHECK("addme.", FX2("addme.", 0, 0), -1, 0, LT);

    /* addze: RT = RA + CA */
    FX_CHECK("addze wrap", FX2("addze", -1, CA), 0, CA | CA32, NO_CR);
    FX_CHECK("addze CA=0", FX2("addze", 7, 0), 7, 0, NO_CR);
    FX_CHECK("addzeo", FX2("addzeo", 0x7fffffffffffffff, CA),
             0x8000000000000000, SO | OV | CA32, NO_CR);
    FX_CHECK("addzeo. low word", FX2("addzeo.", 0x7fffffff, CA), 0x80000000,
             OV32, GT);

    /* subf: RT = ~RA + RB + 1 = RB - RA */
    FX_CHECK("subf", FX3("subf", 3, 5, 0), 2, 0, NO_CR);
    FX_CHECK("subf. negative", FX3("subf.", 5, 3, 0), -2, 0, LT);
    /* 0x8000..00 - 1: OV; low words 0 - 1 do not overflow */
    FX_CHECK("subfo min-1", FX3("subfo", 1, 0x8000000000000000, 0),
             0x7fffffffffffffff, SO | OV, NO_CR);
    /* 0x80000000 - 1 in the low word: OV32 only */
    FX_CHECK("subfo low word", FX3("subfo", 1, 0x80000000, 0), 0x7fffffff,
             OV32, NO_CR);
    /* 0 - 0x8000..00: positive - negative = negative: OV */
    FX_CHECK("subfo 0-min", FX3("subfo", 0x8000000000000000, 0, 0),
             0x8000000000000000, SO | OV, NO_CR);

    /* subfc: CA = no borrow (RB >=u RA), CA32 the same on the low words */
    FX_CHECK("subfc no borrow", FX3("subfc", 3, 5, 0), 2, CA | CA32, NO_CR);
    FX_CHECK("subfc borrow", FX3("subfc", 5, 3, CA | CA32), -2, 0, NO_CR);
    FX_CHECK("subfc high borrow", FX3("subfc", 0x100000000, 1, 0),
             0xffffffff00000001, CA32, NO_CR);
    FX_CHECK("subfc 0-0", FX3("subfc", 0, 0, 0), 0, CA | CA32, NO_CR);
    FX_CHECK("subfco.", FX3("subfco.", 1, 0x8000000000000000, 0),
             0x7fffffffffffffff, CA | SO | OV, GT | CR_SO);

    /* subfe: RT = ~RA + RB + CA */
    FX_CHECK("subfe CA=1", FX3("subfe", 3, 5, CA), 2, CA | CA32, NO_CR);
    FX_CHECK("subfe CA=0", FX3("subfe", 3, 5, 0), 1, CA | CA32, NO_CR);
    FX_CHECK("subfe 0,0 CA=0", FX3("subfe", 0, 0, 0), -1, 0, NO_CR);
    FX_CHECK("subfe 0,0 CA=1", FX3("subfe", 0, 0, CA), 0, CA | CA32, NO_CR);
    FX_CHECK("subfe low borrow", FX3("subfe", 1, 0x100000000, CA),
             0xffffffff, CA, NO_CR);
    FX_CHECK("subfeo", FX3("subfeo", 0, 0x8000000000000000, 0),
             0x7fffffffffffffff, SO | OV | CA, NO_CR);

    /* subfme: RT = ~RA + CA - 1 */
    FX_CHECK("subfme 0 CA=0", FX2("subfme", 0, 0), 0xfffffffffffffffe,
             CA | CA32, NO_CR);
    FX_CHECK("subfme -1 CA=1", FX2("subfme", -1, CA), 0, CA | CA32, NO_CR);
    FX_CHECK("subfme -1 CA=0", FX2("subfme", -1, 0), -1, 0, NO_CR);
    /* ~0x7fff..ff = 0x8000..00, - 1: OV */
    FX_CHECK("subfmeo", FX2("subfmeo", 0x7fffffffffffffff, 0),
             0x7fffffffffffffff, SO | OV | CA, NO_CR);

    /* subfze: RT = ~RA + CA */
    FX_CHECK("subfze 0 CA=1", FX2("subfze", 0, CA), 0, CA | CA32, NO_CR);
    FX_CHECK("subfze 5 CA=0", FX2("subfze", 5, 0), 0xfffffffffffffffa, 0,
             NO_CR);
    /* ~0x8000..00 + 1 = 0x8000..00: OV */
    FX_CHECK("subfzeo", FX2("subfzeo", 0x8000000000000000, CA),
             0x8000000000000000, SO | OV | CA32, NO_CR);
    FX_CHECK("subfze.", FX2("subfze.", 0, 0), -1, 0, LT);

    /* neg: RT = ~RA + 1.  OV for the most negative doubleword; OV32 when
       the low word is the most negative word (ISA 3.0B neg) */
    FX_CHECK("neg", FX2("neg", 5, 0), -5, 0, NO_CR);
    FX_CHECK("neg 0", FX2("neg", 0, CA), 0, CA, NO_CR);
    FX_CHECK("nego min", FX2("nego", 0x8000000000000000, 0),
             0x8000000000000000, SO | OV, NO_CR);
    FX_CHECK("nego min word", FX2("nego", 0x80000000, 0), 0xffffffff80000000,
             OV32, NO_CR);
    FX_CHECK("nego.", FX2("nego.", 0x8000000000000000, 0),
             0x8000000000000000, SO | OV, LT | CR_SO);
    FX_CHECK("neg. 1", FX2("neg.", 1, 0), -1, 0, LT);
}

/* addex RT,RA,RB,0: RT = RA + RB + OV; OV/OV32 = the carries out of bit 0
   (bit 32 in 32-bit mode) and bit 32; SO, CA, CA32 untouched */
static void addex_cases(void)
{
    FX_CHECK("addex carry", FX3X("addex", ",0", -1, 0, OV), 0, OV | OV32,
             NO_CR);
    FX_CHECK("addex low carry", FX3X("addex", ",0", 0xffffffff, 1, SO),
             0x100000000, SO | OV32, NO_CR);
    FX_CHECK("addex OV in", FX3X("addex", ",0", 1, 2, OV | OV32 | CA), 4, CA,
             NO_CR);
    FX_CHECK("addex high carry",
             FX3X("addex", ",0", 0x8000000000000000, 0x8000000000000000,
                  CA32),
             0, OV | CA32, NO_CR);
    FX_CHECK("addex 32-bit", FX3X_32("addex", ",0", 0xffffffff, 1, 0),
             0x100000000, OV | OV32, NO_CR);
    FX_CHECK("addex 32-bit high carry",
             FX3X_32("addex", ",0", 0x8000000000000000, 0x8000000000000000,
                     0),
             0, 0, NO_CR);
}

static void immediate_cases(void)
{
    uint64_t r;

    /* addi with RA=0 is li: (RA|0) */
    __asm__ volatile("li 0, 77\n\taddi %0, 0, -3" : "=r"(r) : : "r0");
    CHECK_EQ("addi RA=0", r, (uint64_t)-3);
    __asm__ volatile("addi %0, %1, -3" : "=r"(r) : "b"(opaque(10)));
    CHECK_EQ("addi", r, 7);
    __asm__ volatile("li 0, 77\n\taddis %0, 0, -2" : "=r"(r) : : "r0");
    CHECK_EQ("addis RA=0", r, 0xfffffffffffe0000);
    __asm__ volatile("addis %0, %1, 0x7fff" : "=r"(r) : "b"(opaque(1)));
    CHECK_EQ("addis", r, 0x7fff0001);
    __asm__ volatile("addis %0, %1, -0x8000" : "=r"(r) : "b"(opaque(0)));
    CHECK_EQ("addis min", r, 0xffffffff80000000);

    FX_CHECK("addic wrap", FXI("addic", -1, 1, 0), 0, CA | CA32, NO_CR);
    FX_CHECK("addic -1", FXI("addic", 5, -1, 0), 4, CA | CA32, NO_CR);
    FX_CHECK("addic no carry", FXI("addic", 5, 1, CA | CA32), 6, 0, NO_CR);
    FX_CHECK("addic keeps OV", FXI("addic", 0x7fffffffffffffff, 1, SO | OV),
             0x8000000000000000, SO | OV | CA32, NO_CR);
    FX_CHECK("addic. zero", FXI("addic.", -1, 1, 0), 0, CA | CA32, EQ);
    FX_CHECK("addic. neg", FXI("addic.", 0, -1, SO), -1, SO, LT | CR_SO);

    /* subfic: RT = ~RA + EXTS(SI) + 1 */
    FX_CHECK("subfic", FXI("subfic", 3, 5, 0), 2, CA | CA32, NO_CR);
    FX_CHECK("subfic borrow", FXI("subfic", 5, 3, 0), -2, 0, NO_CR);
    FX_CHECK("subfic 0", FXI("subfic", 0, 0, 0), 0, CA | CA32, NO_CR);
    FX_CHECK("subfic -1", FXI("subfic", 1, -1, 0), 0xfffffffffffffffe,
             CA | CA32, NO_CR);
    FX_CHECK("subfic high", FXI("subfic", 0x100000000, 0, 0),
             0xffffffff00000000, CA32, NO_CR);
}

/* addpcis RT,D: RT = NIA + EXTS(D || 0x0000); the next instruction's
   address is found with bcl 20,31 (LR = its own address + 4) */
static void addpcis_cases(void)
{
    uint64_t r0, r1, r2, lr;

    __asm__ volatile("addpcis %0, 0\n\t"
                     "bcl 20, 31, 1f\n"
                     "1:\tmflr %1"
                     : "=&r"(r0), "=&r"(lr) : : "lr");
    CHECK_EQ("addpcis 0", r0, lr - 4);
    __asm__ volatile("addpcis %0, 1\n\t"
                     "addpcis %1, -1\n\t"
                     "addpcis %2, 0x7fff\n\t"
                     "bcl 20, 31, 1f\n"
                     "1:\tmflr %3"
                     : "=&r"(r0), "=&r"(r1), "=&r"(r2), "=&r"(lr) : : "lr");
    CHECK_EQ("addpcis 1", r0, lr - 12 + 0x10000);
    CHECK_EQ("addpcis -1", r1, lr - 8 - 0x10000);
    CHECK_EQ("addpcis max", r2, lr - 4 + 0x7fff0000);
}

/* 32-bit mode: CA is the carry out of bit 32, OV the low word's overflow,
   CR0 compares the low word; results are still 64 bits wide */
static void mode32_cases(void)
{
    FX_CHECK("addc 32-bit", FX3_32("addc", 0xffffffff, 1, 0), 0x100000000,
             CA | CA32, NO_CR);
    FX_CHECK("addc 32-bit high carry",
             FX3_32("addc", 0x8000000000000000, 0x8000000000000000, 0), 0, 0,
             NO_CR);
    FX_CHECK("addc 32-bit all ones", FX3_32("addc", -1, 1, 0), 0, CA | CA32,
             NO_CR);
    FX_CHECK("addo 32-bit", FX3_32("addo", 0x7fffffff, 1, 0), 0x80000000,
             SO | OV | OV32, NO_CR);
    FX_CHECK("addo 32-bit no ov", FX3_32("addo", 0x7fffffffffffffff, 1, 0),
             0x8000000000000000, 0, NO_CR);
    FX_CHECK("add. 32-bit negative word", FX3_32("add.", 0x7fffffff, 1, 0),
             0x80000000, 0, LT);
    FX_CHECK("add. 32-bit zero word", FX3_32("add.", 0xffffffff, 1, 0),
             0x100000000, 0, EQ);
    FX_CHECK("add. 32-bit positive word",
             FX3_32("add.", 0x8000000000000000, 1, 0), 0x8000000000000001, 0,
             GT);
    FX_CHECK("adde 32-bit", FX3_32("adde", 0xffffffff, 0, CA), 0x100000000,
             CA | CA32, NO_CR);
    FX_CHECK("subfc 32-bit", FX3_32("subfc", 0x100000000, 1, 0),
             0xffffffff00000001, CA | CA32, NO_CR);
    FX_CHECK("subfe 32-bit", FX3_32("subfe", 1, 0x100000000, CA),
             0xffffffff, 0, NO_CR);
    FX_CHECK("nego 32-bit min word", FX2_32("nego", 0x80000000, 0),
             0xffffffff80000000, SO | OV | OV32, NO_CR);
    FX_CHECK("nego 32-bit min dword", FX2_32("nego", 0x8000000000000000, 0),
             0x8000000000000000, 0, NO_CR);
    FX_CHECK("addme 32-bit", FX2_32("addme", 0x100000000, 0), 0xffffffff,
             0, NO_CR);
    FX_CHECK("addze. 32-bit", FX2_32("addze.", 0xffffffff, CA), 0x100000000,
             CA | CA32, EQ);
}

/* every pair of edge values against the definitions, both modes */
static void sweep(void)
{
    char name[64];

    for (unsigned i = 0; i < NEDGE; i++) {
        for (unsigned j = 0; j < NEDGE; j++) {
            uint64_t a = opaque(edge[i]), b = opaque(edge[j]);
            struct fx g;

            rt_snprintf(name, sizeof(name), "addco %u,%u", i, j);
            g = FX3("addco", a, b, 0);
            FX_CHECK(name, g, a + b, flags_of(a, b, 0, 0), NO_CR);

            rt_snprintf(name, sizeof(name), "addeo %u,%u CA=1", i, j);
            g = FX3("addeo", a, b, CA);
            FX_CHECK(name, g, a + b + 1, flags_of(a, b, 1, 0), NO_CR);

            rt_snprintf(name, sizeof(name), "subfco %u,%u", i, j);
            g = FX3("subfco", a, b, 0);
            FX_CHECK(name, g, b - a, flags_of(~a, b, 1, 0), NO_CR);

            rt_snprintf(name, sizeof(name), "subfeo %u,%u CA=0", i, j);
            g = FX3("subfeo", a, b, 0);
            FX_CHECK(name, g, b - a - 1, flags_of(~a, b, 0, 0), NO_CR);

            rt_snprintf(name, sizeof(name), "subfeo %u,%u CA=1", i, j);
            g = FX3("subfeo", a, b, CA);
            FX_CHECK(name, g, b - a, flags_of(~a, b, 1, 0), NO_CR);

            rt_snprintf(name, sizeof(name), "addo %u,%u", i, j);
            g = FX3("addo", a, b, 0);
            FX_CHECK(name, g, a + b,
                     flags_of(a, b, 0, 0) & ~(CA | CA32), NO_CR);

            {
                /* addex: the carries of a + b + 1 land in OV and OV32 */
                uint64_t f = flags_of(a, b, 1, 0);

                rt_snprintf(name, sizeof(name), "addex %u,%u OV=1", i, j);
                g = FX3X("addex", ",0", a, b, OV);
                FX_CHECK(name, g, a + b + 1,
                         (f & CA ? OV : 0) | (f & CA32 ? OV32 : 0), NO_CR);
            }

            rt_snprintf(name, sizeof(name), "addco 32-bit %u,%u", i, j);
            g = FX3_32("addco", a, b, 0);
            FX_CHECK(name, g, a + b, flags_of(a, b, 0, 1), NO_CR);

            rt_snprintf(name, sizeof(name), "subfeo 32-bit %u,%u CA=1", i,
                        j);
            g = FX3_32("subfeo", a, b, CA);
            FX_CHECK(name, g, b - a, flags_of(~a, b, 1, 1), NO_CR);
        }
        {
            uint64_t a = opaque(edge[i]);
            struct fx g;

            rt_snprintf(name, sizeof(name), "addmeo %u CA=0", i);
            g = FX2("addmeo", a, 0);
            FX_CHECK(name, g, a - 1, flags_of(a, ~0ull, 0, 0), NO_CR);
            rt_snprintf(name, sizeof(name), "addzeo %u CA=1", i);
            g = FX2("addzeo", a, CA);
            FX_CHECK(name, g, a + 1, flags_of(a, 0, 1, 0), NO_CR);
            rt_snprintf(name, sizeof(name), "subfmeo %u CA=1", i);
            g = FX2("subfmeo", a, CA);
            FX_CHECK(name, g, ~a, flags_of(~a, ~0ull, 1, 0), NO_CR);
            rt_snprintf(name, sizeof(name), "subfzeo %u CA=0", i);
            g = FX2("subfzeo", a, 0);
            FX_CHECK(name, g, ~a, flags_of(~a, 0, 0, 0), NO_CR);
            rt_snprintf(name, sizeof(name), "nego %u", i);
            g = FX2("nego", a, 0);
            FX_CHECK(name, g, -a, flags_of(~a, 0, 1, 0) & ~(CA | CA32),
                     NO_CR);
            rt_snprintf(name, sizeof(name), "nego 32-bit %u", i);
            g = FX2_32("nego", a, 0);
            FX_CHECK(name, g, -a, flags_of(~a, 0, 1, 1) & ~(CA | CA32),
                     NO_CR);
        }
    }
}

int main(void)
{
    hand_cases();
    addex_cases();
    immediate_cases();
    addpcis_cases();
    mode32_cases();
    sweep();
    return 0;
}
