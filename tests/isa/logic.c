/*
 * Fixed-point logical instructions (Power ISA 3.0B Book I 3.3.12): andi.
 * andis. ori oris xori xoris, and or xor nand nor eqv andc orc (Rc),
 * extsb extsh extsw, cntlzw cntlzd cnttzw cnttzd, popcntb popcntw popcntd,
 * prtyw prtyd, cmpb, bpermd, and the "or Rx,Rx,Rx" hints, which must act
 * as plain ors.
 *
 * Expected values: hand-worked edges, then sweeps against the definitions
 * written out bit by bit in C.
 */
#include "fixed-point.h"

static const uint64_t edge[] = {
    0, 1, 0x80, 0xff, 0x8000, 0x7fffffff, 0x80000000, 0xffffffff,
    0x100000000, 0x8000000000000000, 0xffffffffffffffff, 0x0123456789abcdef,
    0xf0f0f0f00f0f0f0f, 0x8040201008040201, 0x00ff00ff00ff00ff,
};
#define NEDGE (sizeof(edge) / sizeof(edge[0]))

static unsigned cr0_of(int64_t v, int so)
{
    return (v < 0 ? LT : v > 0 ? GT : EQ) | (so ? CR_SO : 0);
}

/* ---------------------------------------------------- references */

static uint64_t ref_clz(uint64_t v, int bits)
{
    int n = 0;
    for (int i = bits - 1; i >= 0 && !((v >> i) & 1); i--) {
        n++;
    }
    return n;
}

static uint64_t ref_ctz(uint64_t v, int bits)
{
    int n = 0;
    for (int i = 0; i < bits && !((v >> i) & 1); i++) {
        n++;
    }
    return n;
}

static unsigned ones(uint64_t v, int from, int count)
{
    unsigned n = 0;
    for (int i = from; i < from + count; i++) {
        n += (v >> i) & 1;
    }
    return n;
}

static uint64_t ref_popcntb(uint64_t v)
{
    uint64_t r = 0;
    for (int b = 0; b < 8; b++) {
        r |= (uint64_t)ones(v, 8 * b, 8) << (8 * b);
    }
    return r;
}

static uint64_t ref_popcntw(uint64_t v)
{
    return (uint64_t)ones(v, 32, 32) << 32 | ones(v, 0, 32);
}

/* prtyw: bits 31 and 63 (big-endian numbering) = the parity of the least
   significant bits of the bytes of each word */
static uint64_t ref_prtyw(uint64_t v)
{
    unsigned lo = 0, hi = 0;
    for (int b = 0; b < 4; b++) {
        lo ^= (v >> (8 * b)) & 1;
        hi ^= (v >> (32 + 8 * b)) & 1;
    }
    return (uint64_t)hi << 32 | lo;
}

static uint64_t ref_prtyd(uint64_t v)
{
    return (ref_prtyw(v) >> 32) ^ (ref_prtyw(v) & 1);
}

static uint64_t ref_cmpb(uint64_t a, uint64_t b)
{
    uint64_t r = 0;
    for (int i = 0; i < 8; i++) {
        if (((a >> (8 * i)) & 0xff) == ((b >> (8 * i)) & 0xff)) {
            r |= 0xffull << (8 * i);
        }
    }
    return r;
}

/* bpermd: byte i of RS (i = 0 the most significant) is a bit number of RB
   (0 = most significant); bit i of the result's low byte (0x80 for i = 0)
   is that bit, or 0 if the number is 64 or more */
static uint64_t ref_bpermd(uint64_t rs, uint64_t rb)
{
    uint64_t r = 0;
    for (int i = 0; i < 8; i++) {
        unsigned idx = (rs >> (8 * (7 - i))) & 0xff;
        unsigned bit = idx < 64 ? (rb >> (63 - idx)) & 1 : 0;
        r |= (uint64_t)bit << (7 - i);
    }
    return r;
}

/* --------------------------------------------------------- tests */

#define LOGIC_RR(insn, a, b)                                                   \
    ({                                                                         \
        struct fx r_;                                                          \
        __asm__ volatile("mtxer %3\n\t" insn " %0,%4,%5\n\t"                   \
                         "mfxer %1\n\tmfcr %2"                                 \
                         : "=&r"(r_.rt), "=&r"(r_.xer), "=&r"(r_.cr)           \
                         : "r"(0ull), "r"((uint64_t)(a)), "r"((uint64_t)(b))   \
                         : "xer", "cr0");                                      \
        r_;                                                                    \
    })

static void immediate_cases(void)
{
    uint64_t v = opaque(0xfedcba9876543210);

    FX_CHECK("andi.", FXI("andi.", v, 0xffff, SO), 0x3210, SO, GT | CR_SO);
    FX_CHECK("andi. zero", FXI("andi.", v, 0x000f, 0), 0, 0, EQ);
    FX_CHECK("andis.", FXI("andis.", v, 0xff00, 0), 0x76000000, 0, GT);
    FX_CHECK("andis. high", FXI("andis.", 0x80000000, 0x8000, 0),
             0x80000000, 0, GT);
    FX_CHECK("ori", FXI("ori", v, 0xffff, 0), 0xfedcba987654ffff, 0, NO_CR);
    FX_CHECK("oris", FXI("oris", v, 0x8001, 0), 0xfedcba98f6553210, 0,
             NO_CR);
    FX_CHECK("xori", FXI("xori", v, 0xffff, 0), 0xfedcba987654cdef, 0,
             NO_CR);
    FX_CHECK("xoris", FXI("xoris", v, 0xffff, 0), 0xfedcba9889ab3210, 0,
             NO_CR);
    FX_CHECK("ori 0", FXI("ori", v, 0, 0), v, 0, NO_CR);
    /* the immediates are zero-extended: no sign bits above them */
    FX_CHECK("oris zero-extended", FXI("oris", 0, 0x8000, 0), 0x80000000, 0,
             NO_CR);
}

static void register_cases(void)
{
    uint64_t a = opaque(0xff00ff00f0f0f0f0), b = opaque(0x0ff00ff0ff00ff00);

    FX_CHECK("and", LOGIC_RR("and", a, b), a & b, 0, NO_CR);
    FX_CHECK("or", LOGIC_RR("or", a, b), a | b, 0, NO_CR);
    FX_CHECK("xor", LOGIC_RR("xor", a, b), a ^ b, 0, NO_CR);
    FX_CHECK("nand", LOGIC_RR("nand", a, b), ~(a & b), 0, NO_CR);
    FX_CHECK("nor", LOGIC_RR("nor", a, b), ~(a | b), 0, NO_CR);
    FX_CHECK("eqv", LOGIC_RR("eqv", a, b), ~(a ^ b), 0, NO_CR);
    FX_CHECK("andc", LOGIC_RR("andc", a, b), a & ~b, 0, NO_CR);
    FX_CHECK("orc", LOGIC_RR("orc", a, b), a | ~b, 0, NO_CR);
    FX_CHECK("and.", LOGIC_RR("and.", a, b), a & b, 0, cr0_of(a & b, 0));
    FX_CHECK("or.", LOGIC_RR("or.", a, b), a | b, 0, LT);
    FX_CHECK("xor. zero", LOGIC_RR("xor.", a, a), 0, 0, EQ);
    FX_CHECK("nand.", LOGIC_RR("nand.", a, a), ~a, 0, GT);
    FX_CHECK("nor.", LOGIC_RR("nor.", 0, 0), ~0ull, 0, LT);
    FX_CHECK("eqv.", LOGIC_RR("eqv.", a, ~a), 0, 0, EQ);
    FX_CHECK("andc.", LOGIC_RR("andc.", a, a), 0, 0, EQ);
    FX_CHECK("orc.", LOGIC_RR("orc.", 0, a), ~a, 0, GT);
    /* "or RA,RS,RS" is mr */
    FX_CHECK("mr.", LOGIC_RR("or.", a, a), a, 0, LT);

    FX_CHECK("extsb", FX2("extsb", 0x1234567890abcd80, 0), 0xffffffffffffff80,
             0, NO_CR);
    FX_CHECK("extsb. pos", FX2("extsb.", 0xffffffffffffff7f, 0), 0x7f, 0,
             GT);
    FX_CHECK("extsh.", FX2("extsh.", 0x18000, 0), 0xffffffffffff8000, 0, LT);
    FX_CHECK("extsh", FX2("extsh", 0xffff7fff, 0), 0x7fff, 0, NO_CR);
    FX_CHECK("extsw.", FX2("extsw.", 0x1234567800000000, 0), 0, 0, EQ);
    FX_CHECK("extsw", FX2("extsw", 0x80000000, 0), 0xffffffff80000000, 0,
             NO_CR);

    /* Rc=1 in 32-bit mode compares the low word */
    FX_CHECK("and. 32-bit", FX3_32("and.", 0xffffffff00000000, ~0ull, SO),
             0xffffffff00000000, SO, EQ | CR_SO);
    FX_CHECK("or. 32-bit", FX3_32("or.", 0x80000000, 0, 0), 0x80000000, 0,
             LT);
}

static void count_cases(void)
{
    /* counts of zero are the width (the loop stops at the width) */
    FX_CHECK("cntlzw 0", FX2("cntlzw", 0xffffffff00000000, 0), 32, 0,
             NO_CR);
    FX_CHECK("cntlzw.", FX2("cntlzw.", 0x8000, 0), 16, 0, GT);
    FX_CHECK("cntlzw. msb", FX2("cntlzw.", 0x80000000, 0), 0, 0, EQ);
    FX_CHECK("cntlzd 0", FX2("cntlzd", 0, 0), 64, 0, NO_CR);
    FX_CHECK("cntlzd", FX2("cntlzd", 0x80000000, 0), 32, 0, NO_CR);
    FX_CHECK("cnttzw 0", FX2("cnttzw", 0x100000000, 0), 32, 0, NO_CR);
    FX_CHECK("cnttzw.", FX2("cnttzw.", 0x80000000, 0), 31, 0, GT);
    FX_CHECK("cnttzd 0", FX2("cnttzd", 0, 0), 64, 0, NO_CR);
    FX_CHECK("cnttzd.", FX2("cnttzd.", 0x8000000000000000, SO), 63, SO,
             GT | CR_SO);

    FX_CHECK("popcntb", FX2("popcntb", 0xff7f030100fe8001, 0),
             0x0807020100070101, 0, NO_CR);
    FX_CHECK("popcntw", FX2("popcntw", 0xffffffff00010001, 0),
             0x0000002000000002, 0, NO_CR);
    FX_CHECK("popcntd", FX2("popcntd", ~0ull, 0), 64, 0, NO_CR);
    /* prtyw: low bits of the bytes of each word: 1^0^1^1 = 1; 0^0^0^1 = 1 */
    FX_CHECK("prtyw", FX2("prtyw", 0x0000000101000101, 0),
             0x0000000100000001, 0, NO_CR);
    FX_CHECK("prtyw other bits", FX2("prtyw", 0xfefefefefefefefe, 0), 0, 0,
             NO_CR);
    FX_CHECK("prtyd", FX2("prtyd", 0x0100000000000101, 0), 1, 0, NO_CR);
    FX_CHECK("prtyd even", FX2("prtyd", 0x0100000000000001, 0), 0, 0, NO_CR);

    /* cmpb: 0xff for equal bytes */
    FX_CHECK("cmpb", FX3("cmpb", 0x1122334455667788, 0x1100330055007700, 0),
             0xff00ff00ff00ff00, 0, NO_CR);
    FX_CHECK("cmpb 0x80/0x00", FX3("cmpb", 0x8000800080008000, 0, 0),
             0x00ff00ff00ff00ff, 0, NO_CR);

    /* bpermd: indexes 0, 63, 64 (out of range), 1, ... */
    FX_CHECK("bpermd", FX3("bpermd", 0x003f40017f3e0203, 0x8000000000000003, 0),
             0xc4, 0, NO_CR);
    FX_CHECK("bpermd all out of range", FX3("bpermd", ~0ull, ~0ull, 0), 0, 0,
             NO_CR);
}

static void sweep(void)
{
    char name[48];

    for (unsigned i = 0; i < NEDGE; i++) {
        uint64_t v = opaque(edge[i]);

        rt_snprintf(name, sizeof(name), "cntlzw %u", i);
        FX_CHECK(name, FX2("cntlzw", v, 0), ref_clz(v & 0xffffffff, 32), 0,
                 NO_CR);
        rt_snprintf(name, sizeof(name), "cntlzd %u", i);
        FX_CHECK(name, FX2("cntlzd", v, 0), ref_clz(v, 64), 0, NO_CR);
        rt_snprintf(name, sizeof(name), "cnttzw %u", i);
        FX_CHECK(name, FX2("cnttzw", v, 0), ref_ctz(v, 32), 0, NO_CR);
        rt_snprintf(name, sizeof(name), "cnttzd %u", i);
        FX_CHECK(name, FX2("cnttzd", v, 0), ref_ctz(v, 64), 0, NO_CR);
        rt_snprintf(name, sizeof(name), "popcntb %u", i);
        FX_CHECK(name, FX2("popcntb", v, 0), ref_popcntb(v), 0, NO_CR);
        rt_snprintf(name, sizeof(name), "popcntw %u", i);
        FX_CHECK(name, FX2("popcntw", v, 0), ref_popcntw(v), 0, NO_CR);
        rt_snprintf(name, sizeof(name), "popcntd %u", i);
        FX_CHECK(name, FX2("popcntd", v, 0), ones(v, 0, 64), 0, NO_CR);
        rt_snprintf(name, sizeof(name), "prtyw %u", i);
        FX_CHECK(name, FX2("prtyw", v, 0), ref_prtyw(v), 0, NO_CR);
        rt_snprintf(name, sizeof(name), "prtyd %u", i);
        FX_CHECK(name, FX2("prtyd", v, 0), ref_prtyd(v), 0, NO_CR);
        rt_snprintf(name, sizeof(name), "extsw. %u", i);
        FX_CHECK(name, FX2("extsw.", v, 0), (uint64_t)(int64_t)(int32_t)v, 0,
                 cr0_of((int32_t)v, 0));
        for (unsigned j = 0; j < NEDGE; j++) {
            uint64_t w = opaque(edge[j]);

            rt_snprintf(name, sizeof(name), "cmpb %u,%u", i, j);
            FX_CHECK(name, FX3("cmpb", v, w, 0), ref_cmpb(v, w), 0, NO_CR);
            rt_snprintf(name, sizeof(name), "bpermd %u,%u", i, j);
            FX_CHECK(name, FX3("bpermd", v, w, 0), ref_bpermd(v, w), 0,
                     NO_CR);
            rt_snprintf(name, sizeof(name), "eqv. %u,%u", i, j);
            FX_CHECK(name, LOGIC_RR("eqv.", v, w), ~(v ^ w), 0,
                     cr0_of(~(v ^ w), 0));
        }
    }
}

/*
 * The PPR hints and other "or Rx,Rx,Rx" forms change no register; the
 * preferred nop (ori 0,0,0) and xnop (xori 0,0,0) neither.
 */
static void hint_cases(void)
{
    uint64_t r1, r1_after, v[6];

    __asm__ volatile("mr %0, 1\n\t"
                     "or 1,1,1\n\tor 6,6,6\n\tor 2,2,2\n\tor 31,31,31\n\t"
                     "or 5,5,5\n\tor 3,3,3\n\tor 7,7,7\n\tor 26,26,26\n\t"
                     "or 27,27,27\n\tor 29,29,29\n\tor 30,30,30\n\t"
                     "mr %1, 1"
                     : "=&r"(r1), "=&r"(r1_after));
    CHECK_EQ("or 1,1,1 keeps r1", r1_after, r1);
    __asm__ volatile("li 26, 0x126\n\tli 27, 0x127\n\tli 31, 0x131\n\t"
                     "li 6, 0x106\n\tli 0, 0x100\n\tli 5, 0x105\n\t"
                     "or 26,26,26\n\tor 27,27,27\n\tor 31,31,31\n\t"
                     "or 6,6,6\n\tori 0,0,0\n\txori 0,0,0\n\tor 5,5,5\n\t"
                     "mr %0, 26\n\tmr %1, 27\n\tmr %2, 31\n\tmr %3, 6\n\t"
                     "mr %4, 0\n\tmr %5, 5"
                     : "=&r"(v[0]), "=&r"(v[1]), "=&r"(v[2]), "=&r"(v[3]),
                       "=&r"(v[4]), "=&r"(v[5])
                     : : "r0", "r5", "r6", "r26", "r27", "r31");
    CHECK_EQ("or 26,26,26", v[0], 0x126);
    CHECK_EQ("or 27,27,27", v[1], 0x127);
    CHECK_EQ("or 31,31,31", v[2], 0x131);
    CHECK_EQ("or 6,6,6", v[3], 0x106);
    CHECK_EQ("nop", v[4], 0x100);
    CHECK_EQ("or 5,5,5", v[5], 0x105);
    /* or. Rx,Rx,Rx still records */
    FX_CHECK("or. x,x,x", LOGIC_RR("or.", 0, 0), 0, 0, EQ);
}

int main(void)
{
    immediate_cases();
    register_cases();
    count_cases();
    sweep();
    hint_cases();
    return 0;
}
