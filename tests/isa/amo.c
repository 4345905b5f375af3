/*
 * The atomic memory operations (Power ISA 3.0B Book II 4.5): lwat, ldat,
 * stwat, stdat with every function code.  RT+1 and RT+2 are r9 and r10
 * (RT = r8).  Expected values: the function's definition in 4.5.1/4.5.2
 * computed in C next to each check.  QEMU 7.2 fails 8 checks (A1-A3 in
 * tests/diff/KNOWN-DIFFERENCES.md).
 */
#include "isatest.h"

static volatile uint32_t w[8] __attribute__((aligned(32)));
static volatile uint64_t d[8] __attribute__((aligned(64)));

#define LWAT(fc, ea, a1, a2)                                                 \
    ({                                                                       \
        uint64_t _r;                                                         \
        __asm__ volatile("mr 9,%2\n\tmr 10,%3\n\tlwat 8,%1," #fc "\n\tmr %0,8" \
                         : "=r"(_r) : "b"(ea), "r"(a1), "r"(a2)              \
                         : "r8", "r9", "r10", "memory");                    \
        _r;                                                                  \
    })
#define LDAT(fc, ea, a1, a2)                                                 \
    ({                                                                       \
        uint64_t _r;                                                         \
        __asm__ volatile("mr 9,%2\n\tmr 10,%3\n\tldat 8,%1," #fc "\n\tmr %0,8" \
                         : "=r"(_r) : "b"(ea), "r"(a1), "r"(a2)              \
                         : "r8", "r9", "r10", "memory");                    \
        _r;                                                                  \
    })
#define STWAT(fc, ea, v)                                                     \
    __asm__ volatile("stwat %1,%0," #fc : : "b"(ea), "r"(v) : "memory")
#define STDAT(fc, ea, v)                                                     \
    __asm__ volatile("stdat %1,%0," #fc : : "b"(ea), "r"(v) : "memory")

static void test_lwat(void)
{
    uint32_t *p = (uint32_t *)&w[0];

    w[0] = 0xfffffff0u;
    CHECK_EQ("lwat add: old", LWAT(0, p, 0x20ull, 0), 0xfffffff0u);
    CHECK_EQ("lwat add: mem (32-bit wrap)", w[0], 0x10u);
    w[0] = 0xf0f0;
    CHECK_EQ("lwat xor", LWAT(1, p, 0xffffull, 0), 0xf0f0);
    CHECK_EQ("lwat xor mem", w[0], 0x0f0f);
    LWAT(2, p, 0x10000ull, 0);
    CHECK_EQ("lwat or mem", w[0], 0x10f0f);
    LWAT(3, p, 0xff00ull, 0);
    CHECK_EQ("lwat and mem", w[0], 0x0f00);
    w[0] = 0x80000000u;
    LWAT(4, p, 5ull, 0);
    CHECK_EQ("lwat max unsigned", w[0], 0x80000000u);
    LWAT(5, p, 5ull, 0);
    CHECK_EQ("lwat max signed", w[0], 5);
    w[0] = 0x80000000u;
    LWAT(6, p, 5ull, 0);
    CHECK_EQ("lwat min unsigned", w[0], 5);
    w[0] = 0x80000000u;
    LWAT(7, p, 5ull, 0);
    CHECK_EQ("lwat min signed", w[0], 0x80000000u);
    CHECK_EQ("lwat swap: old", LWAT(8, p, 0x1234ull, 0), 0x80000000u);
    CHECK_EQ("lwat swap: mem", w[0], 0x1234);
    /* compare and swap not equal: stores RT+2 when old != RT+1 */
    CHECK_EQ("lwat csne equal: old", LWAT(16, p, 0x1234ull, 0x99ull), 0x1234);
    CHECK_EQ("lwat csne equal: unchanged", w[0], 0x1234);
    LWAT(16, p, 0x1ull, 0x99ull);
    CHECK_EQ("lwat csne not equal: stored", w[0], 0x99);
    /* fetch and increment bounded: the bound is the next word */
    w[0] = 7, w[1] = 9;
    CHECK_EQ("lwat inc bounded: old", LWAT(24, p, 0ull, 0ull), 7);
    CHECK_EQ("lwat inc bounded: mem", w[0], 8);
    w[0] = 9;
    CHECK_EQ("lwat inc bounded at bound", LWAT(24, p, 0ull, 0ull), 0x80000000u);
    CHECK_EQ("lwat inc bounded at bound: mem", w[0], 9);
    /* fetch and increment equal */
    CHECK_EQ("lwat inc equal", LWAT(25, p, 0ull, 0ull), 9);
    CHECK_EQ("lwat inc equal: mem", w[0], 10);
    CHECK_EQ("lwat inc equal, not", LWAT(25, p, 0ull, 0ull), 0x80000000u);
    /* fetch and decrement bounded: the bound is the word before */
    w[2] = 5, w[3] = 6;
    CHECK_EQ("lwat dec bounded", LWAT(28, &w[3], 0ull, 0ull), 6);
    CHECK_EQ("lwat dec bounded: mem", w[3], 5);
    CHECK_EQ("lwat dec bounded at bound", LWAT(28, &w[3], 0ull, 0ull),
             0x80000000u);
}

static void test_ldat(void)
{
    uint64_t *p = (uint64_t *)&d[0];

    d[0] = ~0ull;
    CHECK_EQ("ldat add: old", LDAT(0, p, 2ull, 0), ~0ull);
    CHECK_EQ("ldat add: mem", d[0], 1);
    d[0] = 1ull << 63;
    LDAT(5, p, 3ull, 0);
    CHECK_EQ("ldat max signed", d[0], 3);
    LDAT(7, p, 1ull << 63, 0);
    CHECK_EQ("ldat min signed", d[0], 1ull << 63);
    LDAT(6, p, 4ull, 0);
    CHECK_EQ("ldat min unsigned", d[0], 4);
    CHECK_EQ("ldat swap", LDAT(8, p, 0x123456789ull, 0), 4);
    CHECK_EQ("ldat swap mem", d[0], 0x123456789ull);
    d[0] = 3, d[1] = 3;
    CHECK_EQ("ldat inc bounded at bound", LDAT(24, p, 0ull, 0ull), 1ull << 63);
    CHECK_EQ("ldat inc equal", LDAT(25, p, 0ull, 0ull), 3);
    CHECK_EQ("ldat inc equal: mem", d[0], 4);
}

static void test_stat(void)
{
    uint32_t *p = (uint32_t *)&w[4];
    uint64_t *q = (uint64_t *)&d[2];

    w[4] = 10;
    STWAT(0, p, 5ull);
    CHECK_EQ("stwat add", w[4], 15);
    STWAT(1, p, 0xffull);
    CHECK_EQ("stwat xor", w[4], 15 ^ 0xff);
    STWAT(2, p, 0x100ull);
    CHECK_EQ("stwat or", w[4], (15 ^ 0xff) | 0x100);
    STWAT(3, p, 0x1f0ull);
    CHECK_EQ("stwat and", w[4], ((15 ^ 0xff) | 0x100) & 0x1f0);
    w[4] = 0xffffffffu;
    STWAT(5, p, 1ull);
    CHECK_EQ("stwat max signed", w[4], 1);
    STWAT(4, p, 0xfffffffeull);
    CHECK_EQ("stwat max unsigned", w[4], 0xfffffffeu);
    STWAT(7, p, 1ull);
    CHECK_EQ("stwat min signed", w[4], 0xfffffffeu);
    STWAT(6, p, 1ull);
    CHECK_EQ("stwat min unsigned", w[4], 1);
    /* store twin: both words equal -> RS to both */
    w[4] = 7, w[5] = 7;
    STWAT(24, p, 0x42ull);
    CHECK_EQ("stwat twin 0", w[4], 0x42);
    CHECK_EQ("stwat twin 1", w[5], 0x42);
    w[5] = 1;
    STWAT(24, p, 0x43ull);
    CHECK_EQ("stwat twin unequal", w[4], 0x42);
    d[2] = 100;
    STDAT(0, q, ~0ull);
    CHECK_EQ("stdat add", d[2], 99);
    d[2] = 5, d[3] = 5;
    STDAT(24, q, 0x1122334455667788ull);
    CHECK_EQ("stdat twin 0", d[2], 0x1122334455667788ull);
    CHECK_EQ("stdat twin 1", d[3], 0x1122334455667788ull);
}

static void test_align(void)
{
    rt_catch_traps();
    LWAT(0, (uint32_t *)((uintptr_t)&w[0] + 2), 1ull, 0);
    CHECK_EQ("lwat unaligned: alignment interrupt", rt_trap.vector, 0x600);
    rt_catch_traps();
    __asm__ volatile(".long 0x7d034c8c" : : : "r8", "memory"); /* lwat 8,3,9 */
    CHECK_EQ("lwat FC=9: illegal instruction", rt_trap.vector, 0x700);
    rt_set_trap_handler(NULL);
}

int main(void)
{
    test_lwat();
    test_ldat();
    test_stat();
    test_align();
    return 0;
}
