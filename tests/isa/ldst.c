/*
 * Fixed-point loads and stores (Power ISA 3.0B Book I 3.3.2 - 3.3.5):
 * every width in its D/DS, update, indexed and update-indexed forms, the
 * algebraic (sign-extending) loads, the byte-reversed forms, lq/stq, the EA
 * truncation of 32-bit mode, and the interrupts of invalid forms and
 * misaligned quadwords.
 *
 * Expected values come from the ISA's definition of storage byte order
 * (Book I 1.10.1): the bytes b0 b1 b2 ... at EA read as a big-endian number
 * in big-endian mode and as a little-endian one in little-endian mode; a
 * byte-reversed access does the opposite.  Memory is set and inspected byte
 * by byte (lbz/stb, tested first), never through the access under test.
 */
#include "isatest.h"

#define BIG_ENDIAN_BUILD (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)

/* the n bytes at p as the ISA reads them in this program's byte order */
static uint64_t native(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++) {
        int b = BIG_ENDIAN_BUILD ? i : n - 1 - i;
        v = v << 8 | p[b];
    }
    return v;
}

/* ... and in the other byte order */
static uint64_t reversed(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++) {
        int b = BIG_ENDIAN_BUILD ? n - 1 - i : i;
        v = v << 8 | p[b];
    }
    return v;
}

static uint64_t sext(uint64_t v, int bits)
{
    uint64_t sign = 1ull << (bits - 1);
    return (v ^ sign) - sign;
}

/* memory under test: 0x01 0x02 ... 0x20, then a scratch area */
static uint8_t mem[64] __attribute__((aligned(16)));
static uint8_t neg[16] __attribute__((aligned(16)));

static void fill(void)
{
    for (int i = 0; i < 32; i++)
        mem[i] = (uint8_t)(i + 1);
    for (int i = 32; i < 64; i++)
        mem[i] = 0xee;
    /* sign bits set in every width */
    for (int i = 0; i < 16; i++)
        neg[i] = (uint8_t)(0x80 | i);
}

/* ------------------------------------------------------------ interrupts */


#define SRR1_ILLEGAL (1ull << 19) /* SRR1 bit 44: illegal instruction */

/* ---------------------------------------------------------------- loads */

#define LD_D(insn, base, d)                                                   \
    ({                                                                        \
        uint64_t v_;                                                          \
        __asm__ volatile(insn " %0, %2(%1)"                                   \
                         : "=r"(v_)                                           \
                         : "b"(base), "i"(d)                                  \
                         : "memory");                                         \
        v_;                                                                   \
    })
#define LD_X(insn, base, idx)                                                 \
    ({                                                                        \
        uint64_t v_;                                                          \
        __asm__ volatile(insn " %0, %1, %2"                                   \
                         : "=r"(v_)                                           \
                         : "b"(base), "r"(idx)                                \
                         : "memory");                                         \
        v_;                                                                   \
    })
/* update forms: the base register receives the EA */
#define LD_DU(insn, base, d)                                                  \
    ({                                                                        \
        uint64_t v_;                                                          \
        __asm__ volatile(insn " %0, %2(%1)"                                   \
                         : "=r"(v_), "+b"(base)                               \
                         : "i"(d)                                             \
                         : "memory");                                         \
        v_;                                                                   \
    })
#define LD_XU(insn, base, idx)                                                \
    ({                                                                        \
        uint64_t v_;                                                          \
        __asm__ volatile(insn " %0, %1, %2"                                   \
                         : "=r"(v_), "+b"(base)                               \
                         : "r"(idx)                                           \
                         : "memory");                                         \
        v_;                                                                   \
    })

/* RT is preset to all ones so that "zero-extended" is really checked */
static void test_loads(void)
{
    uint8_t *b = mem;
    uint64_t base, v;

    /* D-form, from offset 3 (unaligned for every width but bytes) */
    __asm__ volatile("li %0, -1\n\tlbz %0, 3(%1)" : "=&r"(v) : "b"(b) : "memory");
    CHECK_EQ("lbz", v, 0x04);
    CHECK_EQ("lhz", LD_D("lhz", b, 3), native(b + 3, 2));
    CHECK_EQ("lwz", LD_D("lwz", b, 3), native(b + 3, 4));
    CHECK_EQ("ld", LD_D("ld", b, 8), native(b + 8, 8));
    CHECK_EQ("ld unaligned via ldx", LD_X("ldx", b, 5), native(b + 5, 8));
    CHECK_EQ("lha positive", LD_D("lha", b, 6), native(b + 6, 2));
    CHECK_EQ("lwa positive", LD_D("lwa", b, 4), native(b + 4, 4));
    CHECK_EQ("lha negative", LD_D("lha", neg, 2), sext(native(neg + 2, 2), 16));
    CHECK_EQ("lwa negative", LD_D("lwa", neg, 4), sext(native(neg + 4, 4), 32));
    CHECK("lha sign bits", LD_D("lha", neg, 2) >> 15 == 0x1ffffffffffffull);
    /* negative displacement */
    CHECK_EQ("lwz -4", LD_D("lwz", b + 12, -4), native(b + 8, 4));
    CHECK_EQ("ld -8 (DS)", LD_D("ld", b + 16, -8), native(b + 8, 8));

    /* X-form */
    CHECK_EQ("lbzx", LD_X("lbzx", b, 7), 0x08);
    CHECK_EQ("lhzx", LD_X("lhzx", b, 9), native(b + 9, 2));
    CHECK_EQ("lhax", LD_X("lhax", neg, 1), sext(native(neg + 1, 2), 16));
    CHECK_EQ("lwzx", LD_X("lwzx", b, 10), native(b + 10, 4));
    CHECK_EQ("lwax", LD_X("lwax", neg, 8), sext(native(neg + 8, 4), 32));
    CHECK_EQ("ldx", LD_X("ldx", b, 16), native(b + 16, 8));

    /* update forms */
    base = (uintptr_t)b;
    CHECK_EQ("lbzu value", LD_DU("lbzu", base, 5), 0x06);
    CHECK_EQ("lbzu RA", base, (uintptr_t)b + 5);
    base = (uintptr_t)b;
    CHECK_EQ("lhzu value", LD_DU("lhzu", base, 2), native(b + 2, 2));
    CHECK_EQ("lhzu RA", base, (uintptr_t)b + 2);
    base = (uintptr_t)neg;
    CHECK_EQ("lhau value", LD_DU("lhau", base, 6), sext(native(neg + 6, 2), 16));
    CHECK_EQ("lhau RA", base, (uintptr_t)neg + 6);
    base = (uintptr_t)b + 8;
    CHECK_EQ("lwzu value", LD_DU("lwzu", base, -4), native(b + 4, 4));
    CHECK_EQ("lwzu RA", base, (uintptr_t)b + 4);
    base = (uintptr_t)b;
    CHECK_EQ("ldu value", LD_DU("ldu", base, 16), native(b + 16, 8));
    CHECK_EQ("ldu RA", base, (uintptr_t)b + 16);

    base = (uintptr_t)b;
    CHECK_EQ("lbzux value", LD_XU("lbzux", base, 11), 0x0c);
    CHECK_EQ("lbzux RA", base, (uintptr_t)b + 11);
    base = (uintptr_t)b;
    CHECK_EQ("lhzux value", LD_XU("lhzux", base, 12), native(b + 12, 2));
    CHECK_EQ("lhzux RA", base, (uintptr_t)b + 12);
    base = (uintptr_t)neg;
    CHECK_EQ("lhaux value", LD_XU("lhaux", base, 10), sext(native(neg + 10, 2), 16));
    CHECK_EQ("lhaux RA", base, (uintptr_t)neg + 10);
    base = (uintptr_t)b;
    CHECK_EQ("lwzux value", LD_XU("lwzux", base, 20), native(b + 20, 4));
    CHECK_EQ("lwzux RA", base, (uintptr_t)b + 20);
    base = (uintptr_t)neg;
    CHECK_EQ("lwaux value", LD_XU("lwaux", base, 12), sext(native(neg + 12, 4), 32));
    CHECK_EQ("lwaux RA", base, (uintptr_t)neg + 12);
    base = (uintptr_t)b + 24;
    CHECK_EQ("ldux value", LD_XU("ldux", base, -16), native(b + 8, 8));
    CHECK_EQ("ldux RA", base, (uintptr_t)b + 8);

    /* RA=0 means 0, not r0: (RA|0) + RB */
    CHECK_EQ("lwzx RA=0", ({
                 uint64_t v_;
                 __asm__ volatile("lwzx %0, 0, %1" : "=r"(v_) : "r"(b + 4) : "memory");
                 v_;
             }),
             native(b + 4, 4));

    /* lwz into its own base register */
    __asm__ volatile("mr %0, %1\n\tlwz %0, 4(%0)" : "=&b"(v) : "r"(b) : "memory");
    CHECK_EQ("lwz RT=RA", v, native(b + 4, 4));
}

/* --------------------------------------------------------------- stores */

#define ST_D(insn, val, base, d)                                              \
    __asm__ volatile(insn " %0, %2(%1)" : : "r"(val), "b"(base), "i"(d) : "memory")
#define ST_X(insn, val, base, idx)                                            \
    __asm__ volatile(insn " %0, %1, %2" : : "r"(val), "b"(base), "r"(idx) : "memory")
#define ST_DU(insn, val, base, d)                                             \
    __asm__ volatile(insn " %1, %2(%0)" : "+b"(base) : "r"(val), "i"(d) : "memory")
#define ST_XU(insn, val, base, idx)                                           \
    __asm__ volatile(insn " %1, %0, %2" : "+b"(base) : "r"(val), "r"(idx) : "memory")

/* the n bytes at p are the value v in this program's byte order, and the
   bytes around them are untouched (0xee) */
static void check_stored(const char *name, const uint8_t *p, int n, uint64_t v)
{
    CHECK_EQ(name, native(p, n), v & (n == 8 ? ~0ull : (1ull << (8 * n)) - 1));
    CHECK_EQ(name, p[-1], 0xee);
    CHECK_EQ(name, p[n], 0xee);
}

static void scratch_reset(void)
{
    for (int i = 32; i < 64; i++)
        mem[i] = 0xee;
}

static void test_stores(void)
{
    uint8_t *s = mem + 32;
    const uint64_t v = 0x8877665544332211ull;
    uint64_t base;

    scratch_reset();
    ST_D("stb", v, s, 1);
    check_stored("stb", s + 1, 1, v);
    scratch_reset();
    ST_D("sth", v, s, 3);
    check_stored("sth", s + 3, 2, v);
    scratch_reset();
    ST_D("stw", v, s, 5);
    check_stored("stw", s + 5, 4, v);
    scratch_reset();
    ST_D("std", v, s, 8);
    check_stored("std", s + 8, 8, v);
    scratch_reset();
    ST_D("std", v, s + 16, -12); /* DS displacement -12, unaligned EA */
    check_stored("std -12", s + 4, 8, v);

    scratch_reset();
    ST_X("stbx", v, s, 2);
    check_stored("stbx", s + 2, 1, v);
    scratch_reset();
    ST_X("sthx", v, s, 7);
    check_stored("sthx", s + 7, 2, v);
    scratch_reset();
    ST_X("stwx", v, s, 9);
    check_stored("stwx", s + 9, 4, v);
    scratch_reset();
    ST_X("stdx", v, s, 13);
    check_stored("stdx", s + 13, 8, v);

    scratch_reset();
    base = (uintptr_t)s;
    ST_DU("stbu", v, base, 4);
    check_stored("stbu", s + 4, 1, v);
    CHECK_EQ("stbu RA", base, (uintptr_t)s + 4);
    scratch_reset();
    base = (uintptr_t)s;
    ST_DU("sthu", v, base, 6);
    check_stored("sthu", s + 6, 2, v);
    CHECK_EQ("sthu RA", base, (uintptr_t)s + 6);
    scratch_reset();
    base = (uintptr_t)s + 16;
    ST_DU("stwu", v, base, -8);
    check_stored("stwu", s + 8, 4, v);
    CHECK_EQ("stwu RA", base, (uintptr_t)s + 8);
    scratch_reset();
    base = (uintptr_t)s;
    ST_DU("stdu", v, base, 8);
    check_stored("stdu", s + 8, 8, v);
    CHECK_EQ("stdu RA", base, (uintptr_t)s + 8);

    scratch_reset();
    base = (uintptr_t)s;
    ST_XU("stbux", v, base, 3);
    check_stored("stbux", s + 3, 1, v);
    CHECK_EQ("stbux RA", base, (uintptr_t)s + 3);
    scratch_reset();
    base = (uintptr_t)s;
    ST_XU("sthux", v, base, 5);
    check_stored("sthux", s + 5, 2, v);
    CHECK_EQ("sthux RA", base, (uintptr_t)s + 5);
    scratch_reset();
    base = (uintptr_t)s;
    ST_XU("stwux", v, base, 10);
    check_stored("stwux", s + 10, 4, v);
    CHECK_EQ("stwux RA", base, (uintptr_t)s + 10);
    scratch_reset();
    base = (uintptr_t)s;
    ST_XU("stdux", v, base, 16);
    check_stored("stdux", s + 16, 8, v);
    CHECK_EQ("stdux RA", base, (uintptr_t)s + 16);

    /* stwu with RS=RA stores the old RA, then RA <- EA (Book I 3.3.3) */
    scratch_reset();
    base = (uintptr_t)s;
    __asm__ volatile("stdu %0, 8(%0)" : "+b"(base) : : "memory");
    CHECK_EQ("stdu RS=RA stored", native(s + 8, 8), (uintptr_t)s);
    CHECK_EQ("stdu RS=RA RA", base, (uintptr_t)s + 8);
}

/* -------------------------------------------------------- byte reversal */

static void test_byte_reversed(void)
{
    uint8_t *b = mem, *s = mem + 32;
    const uint64_t v = 0x0102030405060708ull;

    /* bytes 01 02 03 04 read the other way round */
    CHECK_EQ("lwbrx", LD_X("lwbrx", b, 0),
             BIG_ENDIAN_BUILD ? 0x04030201 : 0x01020304);
    CHECK_EQ("lhbrx", LD_X("lhbrx", b, 1), reversed(b + 1, 2));
    CHECK_EQ("lwbrx unaligned", LD_X("lwbrx", b, 3), reversed(b + 3, 4));
    CHECK_EQ("ldbrx", LD_X("ldbrx", b, 8), reversed(b + 8, 8));
    CHECK_EQ("lhbrx zero-extends", LD_X("lhbrx", neg, 0), reversed(neg, 2));
    CHECK_EQ("lwbrx zero-extends", LD_X("lwbrx", neg, 4), reversed(neg + 4, 4));

    scratch_reset();
    ST_X("sthbrx", v, s, 1);
    CHECK_EQ("sthbrx", reversed(s + 1, 2), 0x0708);
    CHECK_EQ("sthbrx after", s[3], 0xee);
    scratch_reset();
    ST_X("stwbrx", v, s, 4);
    CHECK_EQ("stwbrx", reversed(s + 4, 4), 0x05060708);
    /* the reversed store lays the word out in the other byte order */
    CHECK_EQ("stwbrx first byte", s[4], BIG_ENDIAN_BUILD ? 0x08 : 0x05);
    CHECK_EQ("stwbrx after", s[8], 0xee);
    scratch_reset();
    ST_X("stdbrx", v, s, 9);
    CHECK_EQ("stdbrx", reversed(s + 9, 8), v);
    CHECK_EQ("stdbrx first byte", s[9], BIG_ENDIAN_BUILD ? 0x08 : 0x01);
}

/* ------------------------------------------------------------- quadword */

static void lq_at(const void *p, uint64_t *hi, uint64_t *lo)
{
    register uint64_t r10 __asm__("r10");
    register uint64_t r11 __asm__("r11");

    __asm__ volatile("lq 10, 0(%2)" : "=&r"(r10), "=&r"(r11) : "b"(p) : "memory");
    *hi = r10;
    *lo = r11;
}

static void test_quadword(void)
{
    uint8_t *b = mem, *s = mem + 32;
    uint64_t hi, lo;

    /* Book I 3.3.4: big-endian RTp <- MEM(EA, 8), RTp+1 <- MEM(EA+8, 8);
       little-endian RTp <- byte-reversed MEM(EA+8, 8), RTp+1 <- MEM(EA) */
    lq_at(b + 16, &hi, &lo);
    CHECK_EQ("lq even", hi, BIG_ENDIAN_BUILD ? 0x1112131415161718ull
                                              : 0x201f1e1d1c1b1a19ull);
    CHECK_EQ("lq odd", lo, BIG_ENDIAN_BUILD ? 0x191a1b1c1d1e1f20ull
                                             : 0x1817161514131211ull);
    {
        register uint64_t r8 __asm__("r8") = 0x0102030405060708ull;
        register uint64_t r9 __asm__("r9") = 0x1112131415161718ull;

        scratch_reset();
        __asm__ volatile("stq 8, 16(%2)" : : "r"(r8), "r"(r9), "b"(s) : "memory");
    }
    CHECK_EQ("stq bytes 0-7", native(s + 16, 8),
             BIG_ENDIAN_BUILD ? 0x0102030405060708ull : 0x1112131415161718ull);
    CHECK_EQ("stq bytes 8-15", native(s + 24, 8),
             BIG_ENDIAN_BUILD ? 0x1112131415161718ull : 0x0102030405060708ull);
    CHECK_EQ("stq before", s[15], 0xee);

    /* misaligned quadword: alignment interrupt, DAR = EA (Book III 6.5.8;
       Linux emulates such lq/stq in its alignment handler.  QEMU 7.2 performs
       the access instead, so these checks fail there.) */
    rt_catch_traps();
    lq_at(b + 8, &hi, &lo);
    CHECK_EQ("lq misaligned vector", rt_trap.vector, 0x600);
    CHECK_EQ("lq misaligned DAR", rt_trap.dar, (uintptr_t)b + 8);
    rt_catch_traps();
    {
        register uint64_t r8 __asm__("r8") = 1;
        register uint64_t r9 __asm__("r9") = 2;

        scratch_reset();
        __asm__ volatile("stq 8, 4(%2)" : : "r"(r8), "r"(r9), "b"(s) : "memory");
    }
    CHECK_EQ("stq misaligned vector", rt_trap.vector, 0x600);
    CHECK_EQ("stq misaligned DAR", rt_trap.dar, (uintptr_t)s + 4);
    CHECK_EQ("stq misaligned stored nothing", s[4], 0xee);
    rt_catch_traps();
}

/* -------------------------------------------------------- invalid forms */

/* runs one instruction word (an invalid form the assembler refuses) with
   r3 = 0 and r4 = p; the vector it raised, or 0 */
#define RUN_WORD(word, p)                                                     \
    ({                                                                        \
        register void *r4_ __asm__("r4") = (p);                               \
        rt_catch_traps();                                                         \
        __asm__ volatile("li 3, 0\n\t.long %1"                                \
                         : "+r"(r4_)                                          \
                         : "i"(word)                                          \
                         : "r3", "r5", "memory");                             \
        rt_trap.vector;                                                          \
    })

static void test_invalid_forms(void)
{
    uint8_t *b = mem;

    /* lbzu r4,1(r4): RA=RT */
    CHECK_EQ("lbzu RA=RT", RUN_WORD(0x8c840001, b), 0x700);
    CHECK("lbzu RA=RT illegal", rt_trap.srr1 & SRR1_ILLEGAL);
    /* lwzu r3,0(r0): RA=0 */
    CHECK_EQ("lwzu RA=0", RUN_WORD(0x84600000, b), 0x700);
    CHECK("lwzu RA=0 illegal", rt_trap.srr1 & SRR1_ILLEGAL);
    /* ldux r4,r4,r5: RA=RT */
    CHECK_EQ("ldux RA=RT", RUN_WORD(0x7c84286a, b), 0x700);
    /* stwu r3,0(r0): RA=0 */
    CHECK_EQ("stwu RA=0", RUN_WORD(0x94600000, b), 0x700);
    /* lq r4,0(r4): RTp=RA */
    CHECK_EQ("lq RTp=RA", RUN_WORD(0xe0840000, b), 0x700);
    CHECK("lq RTp=RA illegal", rt_trap.srr1 & SRR1_ILLEGAL);
    /* a valid update form does not trap: lbzu r3,1(r4) */
    CHECK_EQ("lbzu valid", RUN_WORD(0x8c640001, b), 0);
}

/* ---------------------------------------------------------- 32-bit mode */

/* Book I 1.10.3: in 32-bit mode the high 32 bits of the EA are ignored */
static void test_32bit_mode(void)
{
    uint64_t hi_garbage = 0xdeadbeef00000000ull | (uintptr_t)mem;
    uint64_t v, base = hi_garbage;

    __asm__ volatile("mfmsr 9\n\t"
                     "rldicl 10, 9, 0, 1\n\t" /* SF (bit 0) cleared */
                     "mtmsrd 10\n\t"
                     "isync\n\t"
                     "lwz %0, 4(%2)\n\t"
                     "lbzu 11, 2(%1)\n\t"
                     "mtmsrd 9\n\t"
                     "isync"
                     : "=&r"(v), "+b"(base)
                     : "b"(hi_garbage)
                     : "r9", "r10", "r11", "memory");
    CHECK_EQ("lwz in 32-bit mode", v, native(mem + 4, 4));
    CHECK_EQ("lbzu in 32-bit mode RA", base & 0xffffffffull, (uintptr_t)mem + 2);
}

int main(void)
{
    fill();
    rt_catch_traps();
    test_loads();
    test_stores();
    test_byte_reversed();
    CHECK_EQ("no interrupt from valid accesses", rt_trap.count, 0);
    test_quadword();
    test_invalid_forms();
    rt_catch_traps();
    test_32bit_mode();
    CHECK_EQ("no interrupt in 32-bit mode", rt_trap.count, 0);
    return 0;
}
