/*
 * Load/Store Multiple Word and the Move Assist (string) instructions (Power
 * ISA 3.0B Book I 3.3.6, 3.3.7).
 *
 * Big-endian: lmw/stmw move words between storage and the low halves of
 * RT..r31 (high halves of loaded registers zeroed); the string instructions
 * move a big-endian byte stream through the low words of RT, RT+1, ...
 * wrapping from r31 to r0, a partly filled last register padded with zero
 * bytes.  Invalid forms with RA (or RB) among the registers loaded raise the
 * illegal-instruction program interrupt here.
 * Little-endian: every one of them invokes the alignment interrupt with
 * DAR = EA.  (binutils refuses to assemble them for little-endian, hence the
 * raw words there.)
 */
#include "isatest.h"

static uint8_t src[64] __attribute__((aligned(16)));
static uint8_t dst[64] __attribute__((aligned(16)));

/* the big-endian word of the 4 bytes at p */
static inline uint64_t be32_at(const uint8_t *p)
{
    return (uint64_t)p[0] << 24 | (uint64_t)p[1] << 16 | (uint64_t)p[2] << 8 |
           p[3];
}


static void dst_reset(void)
{
    for (int i = 0; i < 64; i++)
        dst[i] = 0xee;
}

#define SRR1_ILLEGAL (1ull << 19)

#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__

static void set_xer(uint64_t v)
{
    __asm__ volatile("mtxer %0" : : "r"(v));
}

static void test_lmw_stmw(void)
{
    uint64_t r28, r29, r30, r31;

    __asm__ volatile("li 28, -1\n\tli 29, -1\n\tli 30, -1\n\tli 31, -1\n\t"
                     "lmw 28, 4(%4)\n\t"
                     "mr %0, 28\n\tmr %1, 29\n\tmr %2, 30\n\tmr %3, 31"
                     : "=&r"(r28), "=&r"(r29), "=&r"(r30), "=&r"(r31)
                     : "b"(src)
                     : "r28", "r29", "r30", "r31", "memory");
    CHECK_EQ("lmw r28", r28, be32_at(src + 4));
    CHECK_EQ("lmw r29", r29, be32_at(src + 8));
    CHECK_EQ("lmw r30", r30, be32_at(src + 12));
    CHECK_EQ("lmw r31", r31, be32_at(src + 16));

    dst_reset();
    __asm__ volatile("mr 29, %0\n\tmr 30, %1\n\tmr 31, %2\n\t"
                     "stmw 29, 8(%3)"
                     :
                     : "r"(0xdeadbeef11223344ull), "r"(0x55667788ull),
                       "r"(0xffffffff99aabbccull), "b"(dst)
                     : "r29", "r30", "r31", "memory");
    CHECK_EQ("stmw r29", be32_at(dst + 8), 0x11223344);
    CHECK_EQ("stmw r30", be32_at(dst + 12), 0x55667788);
    CHECK_EQ("stmw r31", be32_at(dst + 16), 0x99aabbcc);
    CHECK_EQ("stmw before", dst[7], 0xee);
    CHECK_EQ("stmw after", dst[20], 0xee);
}

static void test_load_string(void)
{
    uint64_t a, b, c;

    /* 7 bytes: r5 = bytes 0-3, r6 = bytes 4-6 and a zero byte */
    __asm__ volatile("li 5, -1\n\tli 6, -1\n\tlswi 5, %2, 7\n\t"
                     "mr %0, 5\n\tmr %1, 6"
                     : "=&r"(a), "=&r"(b)
                     : "b"(src)
                     : "r5", "r6", "memory");
    CHECK_EQ("lswi 7 first", a, be32_at(src));
    CHECK_EQ("lswi 7 last", b,
             (uint64_t)src[4] << 24 | (uint64_t)src[5] << 16 |
                 (uint64_t)src[6] << 8);

    /* NB=0 means 32 bytes: r20..r27 */
    {
        uint64_t r20, r27;
        __asm__ volatile("lswi 20, %2, 0\n\tmr %0, 20\n\tmr %1, 27"
                         : "=&r"(r20), "=&r"(r27)
                         : "b"(src + 8)
                         : "r20", "r21", "r22", "r23", "r24", "r25", "r26",
                           "r27", "memory");
        CHECK_EQ("lswi 32 first", r20, be32_at(src + 8));
        CHECK_EQ("lswi 32 last", r27, be32_at(src + 36));
    }

    /* the register range wraps from r31 to r0 */
    __asm__ volatile("li 0, -1\n\tlswi 31, %2, 6\n\tmr %0, 31\n\tmr %1, 0"
                     : "=&r"(a), "=&r"(b)
                     : "b"(src + 1)
                     : "r0", "r31", "memory");
    CHECK_EQ("lswi wrap r31", a, be32_at(src + 1));
    CHECK_EQ("lswi wrap r0", b, (uint64_t)src[5] << 24 | (uint64_t)src[6] << 16);

    /* lswx: EA = (RA|0) + (RB), byte count in XER[57:63] */
    set_xer(9);
    __asm__ volatile("lswx 5, %3, %4\n\tmr %0, 5\n\tmr %1, 6\n\tmr %2, 7"
                     : "=&r"(a), "=&r"(b), "=&r"(c)
                     : "b"(src), "r"(3ull)
                     : "r5", "r6", "r7", "memory");
    set_xer(0);
    CHECK_EQ("lswx first", a, be32_at(src + 3));
    CHECK_EQ("lswx second", b, be32_at(src + 7));
    CHECK_EQ("lswx last", c, (uint64_t)src[11] << 24);
}

static void test_store_string(void)
{
    dst_reset();
    __asm__ volatile("mr 5, %0\n\tmr 6, %1\n\tstswi 5, %2, 6"
                     :
                     : "r"(0xffffffff41424344ull), "r"(0x4546474849ull),
                       "b"(dst + 1)
                     : "r5", "r6", "memory");
    CHECK_EQ("stswi word", be32_at(dst + 1), 0x41424344);
    CHECK_EQ("stswi byte 4", dst[5], 0x46);
    CHECK_EQ("stswi byte 5", dst[6], 0x47);
    CHECK_EQ("stswi after", dst[7], 0xee);
    CHECK_EQ("stswi before", dst[0], 0xee);

    dst_reset();
    set_xer(3);
    __asm__ volatile("mr 9, %0\n\tstswx 9, %1, %2"
                     :
                     : "r"(0x61626364ull), "b"(dst), "r"(10ull)
                     : "r9", "memory");
    set_xer(0);
    CHECK_EQ("stswx 0", dst[10], 0x61);
    CHECK_EQ("stswx 1", dst[11], 0x62);
    CHECK_EQ("stswx 2", dst[12], 0x63);
    CHECK_EQ("stswx after", dst[13], 0xee);

    /* byte count 0 stores nothing */
    dst_reset();
    __asm__ volatile("mr 9, %0\n\tstswx 9, %1, %2"
                     :
                     : "r"(0x61626364ull), "b"(dst), "r"(10ull)
                     : "r9", "memory");
    CHECK_EQ("stswx 0 bytes", dst[10], 0xee);
}

static void test_invalid_forms(void)
{
    /* lmw r31,0(r31): RA in the range loaded */
    rt_catch_traps();
    __asm__ volatile("mr 31, %0\n\t.long 0xbbff0000" : : "r"(src) : "r31", "memory");
    CHECK_EQ("lmw RA in range", rt_trap.vector, 0x700);
    CHECK("lmw RA in range illegal", rt_trap.srr1 & SRR1_ILLEGAL);

    /* lswi r5,r6,8: RA=r6 is the second register loaded */
    rt_catch_traps();
    __asm__ volatile("mr 6, %0\n\t.long 0x7ca644aa" : : "r"(src) : "r5", "r6", "memory");
    CHECK_EQ("lswi RA in range", rt_trap.vector, 0x700);

    /* lswx r5,r4,r6 with 8 bytes: RB=r6 is loaded */
    rt_catch_traps();
    set_xer(8);
    __asm__ volatile("mr 4, %0\n\tli 6, 0\n\t.long 0x7ca4342a"
                     : : "r"(src) : "r4", "r5", "r6", "memory");
    CHECK_EQ("lswx RB in range", rt_trap.vector, 0x700);
    CHECK("lswx RB in range illegal", rt_trap.srr1 & SRR1_ILLEGAL);
    /* ... but valid with 4 bytes (r5 only) */
    rt_catch_traps();
    set_xer(4);
    __asm__ volatile("mr 4, %0\n\tli 6, 0\n\t.long 0x7ca4342a"
                     : : "r"(src) : "r4", "r5", "r6", "memory");
    set_xer(0);
    CHECK_EQ("lswx 4 bytes valid", rt_trap.count, 0);

    /* lswx r31,0,r4 with 8 bytes: r31 then r0; RA=0 is no base register,
       so the load is done (EA = (RB)) */
    uint64_t a = 0, b = 0;
    rt_catch_traps();
    set_xer(8);
    __asm__ volatile("mr 4, %2\n\tli 0, -1\n\t.long 0x7fe0242a\n\t"
                     "mr %0, 31\n\tmr %1, 0"
                     : "=&r"(a), "=&r"(b)
                     : "r"(src)
                     : "r0", "r4", "r31", "memory");
    set_xer(0);
    CHECK_EQ("lswx RA=0 wrapping into r0: no interrupt", rt_trap.count, 0);
    CHECK_EQ("lswx RA=0 r31", a, be32_at(src));
    CHECK_EQ("lswx RA=0 r0", b, be32_at(src + 4));
    /* lswx r5,0,r4 with 4 bytes */
    rt_catch_traps();
    set_xer(4);
    __asm__ volatile("mr 4, %1\n\t.long 0x7ca0242a\n\tmr %0, 5"
                     : "=&r"(a)
                     : "r"(src + 8)
                     : "r4", "r5", "memory");
    set_xer(0);
    CHECK_EQ("lswx RA=0: no interrupt", rt_trap.count, 0);
    CHECK_EQ("lswx RA=0 r5", a, be32_at(src + 8));
    /* lmw r0,0(0): RA=0=RT is in the range (the ISA's "including the case
       in which RA=0") */
    rt_catch_traps();
    __asm__ volatile(".long 0xb8000000" : : : "memory");
    CHECK_EQ("lmw r0,0(0) invalid", rt_trap.vector, 0x700);
    /* lswi r31,0,8: r31 and r0 loaded with RA=0: invalid */
    rt_catch_traps();
    __asm__ volatile(".long 0x7fe044aa" : : : "r0", "r31", "memory");
    CHECK_EQ("lswi RA=0 in range invalid", rt_trap.vector, 0x700);
}

static void run_tests(void)
{
    test_lmw_stmw();
    test_load_string();
    test_store_string();
    CHECK_EQ("no interrupt from valid forms", rt_trap.count, 0);
    test_invalid_forms();
}

#else /* little-endian */

/* one instruction word with r3 = 16, r4 = p, r5 preset to 77: the
   interrupt must leave r5 alone */
#define RUN_LE(word, p)                                                       \
    ({                                                                        \
        uint64_t r5_;                                                         \
        rt_catch_traps();                                                         \
        __asm__ volatile("li 3, 16\n\tmr 4, %1\n\tli 5, 77\n\t.long %2\n\t"   \
                         "mr %0, 5"                                           \
                         : "=r"(r5_)                                          \
                         : "r"(p), "i"(word)                                  \
                         : "r3", "r4", "r5", "r6", "r28", "r29", "r30",       \
                           "r31", "memory");                                  \
        r5_;                                                                  \
    })

static void check_le(const char *name, uint64_t r5, uint64_t ea)
{
    CHECK_EQ(name, rt_trap.vector, 0x600);
    CHECK_EQ(name, rt_trap.dar, ea);
    CHECK_EQ(name, r5, 77);
}

static void run_tests(void)
{
    uintptr_t p = (uintptr_t)src;

    /* lmw r28,8(r4) */
    check_le("lmw LE", RUN_LE(0xbb840008, src), p + 8);
    /* stmw r28,8(r4) */
    dst_reset();
    check_le("stmw LE", RUN_LE(0xbf840008, dst), (uintptr_t)dst + 8);
    CHECK_EQ("stmw LE stored nothing", dst[8], 0xee);
    /* lswi r5,r4,4 */
    check_le("lswi LE", RUN_LE(0x7ca424aa, src), p);
    /* lswx r5,r4,r3 */
    check_le("lswx LE", RUN_LE(0x7ca41c2a, src), p + 16);
    /* stswi r5,r4,4 */
    check_le("stswi LE", RUN_LE(0x7ca425aa, dst), (uintptr_t)dst);
    /* stswx r5,r4,r3 */
    check_le("stswx LE", RUN_LE(0x7ca41d2a, dst), (uintptr_t)dst + 16);
    /* lmw r4,0(r4) is an invalid form too, but in little-endian mode the
       alignment interrupt comes first */
    check_le("lmw LE, invalid form", RUN_LE(0xb8840000, src), p);
    /* lswi r4,r4,4 likewise */
    check_le("lswi LE, invalid form", RUN_LE(0x7c8424aa, src), p);
    rt_catch_traps();
}

#endif

int main(void)
{
    for (int i = 0; i < 64; i++)
        src[i] = (uint8_t)(0xa0 + i);
    rt_catch_traps();
    run_tests();
    return 0;
}
