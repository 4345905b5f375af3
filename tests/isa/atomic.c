/*
 * Load And Reserve / Store Conditional (Power ISA 3.0B Book II 4.4.2) of
 * every width: lbarx lharx lwarx ldarx lqarx, stbcx. sthcx. stwcx. stdcx.
 * stqcx.
 *
 * What the ISA fixes and is checked here: larx loads like the plain load of
 * its width (zero-extended) and creates a reservation; a stcx. with a
 * reservation for its own address and length stores and sets
 * CR0 = 0b001 || XER[SO], one with no reservation does not store and sets
 * CR0 = 0b000 || XER[SO]; every stcx. clears the reservation; a stcx. to a
 * different page than the reservation's fails; misaligned operands take the
 * alignment interrupt with DAR = EA, reservation or not.  And our model of
 * the reservation (single-threaded, see target-ppc/trans-atomic.c): a store
 * by this CPU elsewhere keeps it, one that changes the reserved value makes
 * the stcx. fail.
 *
 * QEMU 7.2, as a reference, differs on two points: a misaligned stcx.
 * without a reservation completes (failing) instead of taking the alignment
 * interrupt, and its stqcx. fails after lqarx here.
 */
#include "isatest.h"

#define BIG_ENDIAN_BUILD (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)

/* two cells a page apart, both quadword-aligned */
static uint8_t area[8192] __attribute__((aligned(4096)));
#define CELL (area + 256)
#define NEAR (area + 1024) /* same page, another cache block */
#define FAR (area + 4096 + 256)

static uint64_t native(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = v << 8 | p[BIG_ENDIAN_BUILD ? i : n - 1 - i];
    return v;
}


static void set_xer(uint64_t v)
{
    __asm__ volatile("mtxer %0" : : "r"(v));
}

static void fill(uint8_t *p, uint8_t first)
{
    for (int i = 0; i < 16; i++)
        p[i] = (uint8_t)(first + i);
}

/* ----------------------------------------------------- one width at a time */

typedef struct {
    const char *name;
    int bytes;
    uint64_t (*larx)(void *p);
    unsigned (*stcx)(uint64_t v, void *p); /* returns CR0 */
    void (*store)(uint64_t v, void *p);    /* the plain store */
} AtomicWidth;

#define DEFINE_WIDTH(sfx, ldi, sti, pst)                                      \
    static uint64_t larx_##sfx(void *p)                                       \
    {                                                                         \
        uint64_t v;                                                           \
        __asm__ volatile("li %0, -1\n\t" ldi " %0, 0, %1"                     \
                         : "=&r"(v)                                           \
                         : "r"(p)                                             \
                         : "memory");                                         \
        return v;                                                             \
    }                                                                         \
    static unsigned stcx_##sfx(uint64_t v, void *p)                           \
    {                                                                         \
        uint64_t cr;                                                          \
        __asm__ volatile(sti " %1, 0, %2\n\tmfcr %0"                          \
                         : "=r"(cr)                                           \
                         : "r"(v), "r"(p)                                     \
                         : "cr0", "memory");                                  \
        return (unsigned)(cr >> 28) & 0xf;                                    \
    }                                                                         \
    static void store_##sfx(uint64_t v, void *p)                              \
    {                                                                         \
        __asm__ volatile(pst " %0, 0, %1" : : "r"(v), "r"(p) : "memory");     \
    }

DEFINE_WIDTH(b, "lbarx", "stbcx.", "stbx")
DEFINE_WIDTH(h, "lharx", "sthcx.", "sthx")
DEFINE_WIDTH(w, "lwarx", "stwcx.", "stwx")
DEFINE_WIDTH(d, "ldarx", "stdcx.", "stdx")

static const AtomicWidth widths[] = {
    { "b", 1, larx_b, stcx_b, store_b },
    { "h", 2, larx_h, stcx_h, store_h },
    { "w", 4, larx_w, stcx_w, store_w },
    { "d", 8, larx_d, stcx_d, store_d },
};

static uint64_t width_mask(int bytes)
{
    return bytes == 8 ? ~0ull : (1ull << (8 * bytes)) - 1;
}

static void test_width(const AtomicWidth *w)
{
    char name[64];
    uint64_t mask = width_mask(w->bytes);
    const uint64_t v1 = 0x8192a3b4c5d6e7f8ull & mask;
    const uint64_t v2 = 0x1122334455667788ull & mask;

#define NAMED(what) (rt_snprintf(name, sizeof(name), "l%sarx/st%scx. %s", \
                                 w->name, w->name, what), name)

    fill(CELL, 0x80);
    fill(NEAR, 0x40);
    fill(FAR, 0x20);

    /* load, then a successful store conditional */
    CHECK_EQ(NAMED("larx value"), w->larx(CELL), native(CELL, w->bytes));
    CHECK_EQ(NAMED("stcx. success CR0"), w->stcx(v1, CELL), 0x2);
    CHECK_EQ(NAMED("stcx. success stored"), native(CELL, w->bytes), v1);
    CHECK_EQ(NAMED("stcx. next byte"), CELL[w->bytes], 0x80 + w->bytes);

    /* that stcx. ended the reservation */
    CHECK_EQ(NAMED("stcx. without reservation CR0"), w->stcx(v2, CELL), 0x0);
    CHECK_EQ(NAMED("stcx. without reservation no store"),
             native(CELL, w->bytes), v1);

    /* XER[SO] is copied into CR0 */
    set_xer(1ull << 31);
    w->larx(CELL);
    CHECK_EQ(NAMED("stcx. success CR0 with SO"), w->stcx(v2, CELL), 0x3);
    CHECK_EQ(NAMED("stcx. failure CR0 with SO"), w->stcx(v1, CELL), 0x1);
    set_xer(0);
    CHECK_EQ(NAMED("stcx. with SO stored once"), native(CELL, w->bytes), v2);

    /* a store elsewhere keeps the reservation */
    w->larx(CELL);
    w->store(v1, NEAR);
    CHECK_EQ(NAMED("stcx. after store elsewhere"), w->stcx(v1, CELL), 0x2);
    CHECK_EQ(NAMED("stcx. after store elsewhere stored"),
             native(CELL, w->bytes), v1);

    /* a store that changes the reserved location: the stcx. fails */
    w->larx(CELL);
    w->store(v2, CELL);
    CHECK_EQ(NAMED("stcx. after store to it"), w->stcx(v1, CELL), 0x0);
    CHECK_EQ(NAMED("stcx. after store to it kept"), native(CELL, w->bytes), v2);

    /* a stcx. to another page than the reservation: fails, no store */
    w->larx(CELL);
    CHECK_EQ(NAMED("stcx. other page"), w->stcx(v1, FAR), 0x0);
    CHECK_EQ(NAMED("stcx. other page no store"), native(FAR, w->bytes),
             native((const uint8_t[]){ 0x20, 0x21, 0x22, 0x23, 0x24, 0x25,
                                       0x26, 0x27 },
                    w->bytes));
    CHECK_EQ(NAMED("stcx. other page ended it"), w->stcx(v1, CELL), 0x0);

    /* misaligned: alignment interrupt, DAR = EA, with or without a
       reservation */
    if (w->bytes > 1) {
        rt_catch_traps();
        w->larx(CELL + 1);
        CHECK_EQ(NAMED("larx misaligned"), rt_trap.vector, 0x600);
        CHECK_EQ(NAMED("larx misaligned DAR"), rt_trap.dar, (uintptr_t)CELL + 1);
        rt_catch_traps();
        w->stcx(v1, CELL + w->bytes / 2);
        CHECK_EQ(NAMED("stcx. misaligned"), rt_trap.vector, 0x600);
        CHECK_EQ(NAMED("stcx. misaligned DAR"), rt_trap.dar,
                 (uintptr_t)CELL + w->bytes / 2);
        CHECK_EQ(NAMED("stcx. misaligned no store"), native(CELL, w->bytes), v2);
        rt_catch_traps();
    }
#undef NAMED
}

/* ---------------------------------------------------------------- quadword */

static void lqarx_at(void *p, uint64_t *hi, uint64_t *lo)
{
    register uint64_t r10 __asm__("r10");
    register uint64_t r11 __asm__("r11");

    __asm__ volatile("lqarx 10, 0, %2" : "=&r"(r10), "=&r"(r11) : "r"(p) : "memory");
    *hi = r10;
    *lo = r11;
}

static unsigned stqcx_at(uint64_t hi, uint64_t lo, void *p)
{
    register uint64_t r8 __asm__("r8") = hi;
    register uint64_t r9 __asm__("r9") = lo;
    uint64_t cr;

    __asm__ volatile("stqcx. 8, 0, %3\n\tmfcr %0"
                     : "=r"(cr)
                     : "r"(r8), "r"(r9), "r"(p)
                     : "cr0", "memory");
    return (unsigned)(cr >> 28) & 0xf;
}

static void test_quadword(void)
{
    uint64_t hi, lo;

    fill(CELL, 0x01);
    lqarx_at(CELL, &hi, &lo);
    /* as lq (Book I 3.3.4): the pair is the quadword in our byte order */
    CHECK_EQ("lqarx even", hi, BIG_ENDIAN_BUILD ? 0x0102030405060708ull
                                                 : 0x100f0e0d0c0b0a09ull);
    CHECK_EQ("lqarx odd", lo, BIG_ENDIAN_BUILD ? 0x090a0b0c0d0e0f10ull
                                                : 0x0807060504030201ull);
    CHECK_EQ("stqcx. success", stqcx_at(0xa1a2a3a4a5a6a7a8ull,
                                        0xb1b2b3b4b5b6b7b8ull, CELL), 0x2);
    CHECK_EQ("stqcx. even half", native(CELL + (BIG_ENDIAN_BUILD ? 0 : 8), 8),
             0xa1a2a3a4a5a6a7a8ull);
    CHECK_EQ("stqcx. odd half", native(CELL + (BIG_ENDIAN_BUILD ? 8 : 0), 8),
             0xb1b2b3b4b5b6b7b8ull);
    CHECK_EQ("stqcx. without reservation", stqcx_at(1, 2, CELL), 0x0);
    CHECK_EQ("stqcx. no store", native(CELL + (BIG_ENDIAN_BUILD ? 8 : 0), 8),
             0xb1b2b3b4b5b6b7b8ull);

    /* one changed half is enough to fail */
    lqarx_at(CELL, &hi, &lo);
    CELL[BIG_ENDIAN_BUILD ? 15 : 0] ^= 0xff;
    CHECK_EQ("stqcx. after store to odd half", stqcx_at(1, 2, CELL), 0x0);

    rt_catch_traps();
    lqarx_at(CELL + 8, &hi, &lo);
    CHECK_EQ("lqarx misaligned", rt_trap.vector, 0x600);
    CHECK_EQ("lqarx misaligned DAR", rt_trap.dar, (uintptr_t)CELL + 8);
    rt_catch_traps();
    stqcx_at(1, 2, CELL + 4);
    CHECK_EQ("stqcx. misaligned", rt_trap.vector, 0x600);
    CHECK_EQ("stqcx. misaligned DAR", rt_trap.dar, (uintptr_t)CELL + 4);

    /* lqarx r10,r10,r0: RTp=RA is illegal (Book II 4.4.2) */
    rt_catch_traps();
    __asm__ volatile("mr 10, %0\n\tli 0, 0\n\t.long 0x7d4a0228"
                     : : "r"(CELL) : "r0", "r10", "r11", "memory");
    CHECK_EQ("lqarx RTp=RA", rt_trap.vector, 0x700);
    CHECK("lqarx RTp=RA illegal", rt_trap.srr1 & (1ull << 19));
    rt_catch_traps();
}

/* the classic atomic increment loop, as compilers emit it */
static void test_increment_loop(void)
{
    uint32_t *counter = (uint32_t *)(void *)CELL;
    unsigned tries = 0;

    *counter = 41;
    for (int i = 0; i < 1000 && tries < 2000; i++) {
        uint32_t old, fail;
        do {
            tries++;
            __asm__ volatile("lwarx %0, 0, %2\n\t"
                             "addi %0, %0, 1\n\t"
                             "stwcx. %0, 0, %2\n\t"
                             "mfcr %1\n\t"
                             "rlwinm %1, %1, 3, 31, 31" /* CR0[EQ] */
                             : "=&r"(old), "=&r"(fail)
                             : "r"(counter)
                             : "cr0", "memory");
        } while (!fail && tries < 2000);
    }
    CHECK_EQ("increment loop result", *counter, 1041);
    CHECK_EQ("increment loop never retried", tries, 1000);
}

int main(void)
{
    rt_catch_traps();
    for (unsigned i = 0; i < sizeof(widths) / sizeof(widths[0]); i++)
        test_width(&widths[i]);
    test_quadword();
    test_increment_loop();
    CHECK_EQ("no unexpected interrupt", rt_trap.count, 0);
    return 0;
}
