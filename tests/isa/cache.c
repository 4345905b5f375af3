/*
 * Cache management instructions (Power ISA 3.0B Book II 4.3).
 *
 * dcbz sets the whole aligned cache block holding the EA to zero: 128 bytes
 * on POWER8/POWER9, and nothing outside it.  dcbt, dcbtst, icbt, dcbst and
 * dcbf change no storage and, on mapped storage, raise nothing.  icbi (with
 * the dcbst; sync; icbi; isync sequence of Book II 1.9) makes rewritten code
 * run.
 *
 * (QEMU 7.2, as a reference, rejects icbt and dcbf with L=3 as illegal;
 * ISA 3.0B Book II 4.3 defines both.)
 */
#include "isatest.h"

#define BLOCK 128

static uint8_t area[4 * BLOCK] __attribute__((aligned(BLOCK)));
static uint32_t code[BLOCK / 4] __attribute__((aligned(BLOCK)));

static volatile unsigned traps;

static int count_trap(struct rt_trap_frame *f)
{
    traps++;
    f->srr0 += 4;
    return 1;
}

static void fill(uint8_t v)
{
    for (unsigned i = 0; i < sizeof(area); i++)
        area[i] = v;
}

/* the number of bytes in [from, to) of area that are not v */
static unsigned count_not(unsigned from, unsigned to, uint8_t v)
{
    unsigned n = 0;
    for (unsigned i = from; i < to; i++)
        n += area[i] != v;
    return n;
}

static void test_dcbz(void)
{
    fill(0xaa);
    /* an EA in the middle of the second block */
    __asm__ volatile("dcbz %0, %1" : : "b"(area + BLOCK), "r"(37ull) : "memory");
    CHECK_EQ("dcbz block zeroed", count_not(BLOCK, 2 * BLOCK, 0), 0);
    CHECK_EQ("dcbz block before untouched", count_not(0, BLOCK, 0xaa), 0);
    CHECK_EQ("dcbz block after untouched", count_not(2 * BLOCK, 4 * BLOCK, 0xaa), 0);

    /* RA=0: EA = (RB), the last byte of the fourth block */
    fill(0x55);
    __asm__ volatile("dcbz 0, %0" : : "r"(area + 4 * BLOCK - 1) : "memory");
    CHECK_EQ("dcbz RA=0 block zeroed", count_not(3 * BLOCK, 4 * BLOCK, 0), 0);
    CHECK_EQ("dcbz RA=0 rest untouched", count_not(0, 3 * BLOCK, 0x55), 0);
}

static void test_hints(void)
{
    uint8_t *p = area + BLOCK + 5;

    fill(0x3c);
    traps = 0;
    __asm__ volatile("dcbt 0, %0\n\t"
                     "dcbtst 0, %0\n\t"
                     "dcbt 0, %0, 16\n\t" /* dcbtt: the transactional hint */
                     "icbt 0, 0, %0\n\t"
                     "dcbst 0, %0\n\t"
                     "dcbf 0, %0\n\t"
                     "dcbf 0, %0, 1\n\t" /* dcbfl */
                     "dcbf 0, %0, 3\n\t" /* dcbflp */
                     "sync"
                     :
                     : "r"(p)
                     : "memory");
    CHECK_EQ("hints and flushes change nothing", count_not(0, sizeof(area), 0x3c), 0);
    CHECK_EQ("hints and flushes raise nothing", traps, 0);
}

/* li r3,v ; blr (Book I 3.3.9 addi, 2.4 bclr) */
static void write_function(uint32_t v)
{
    code[0] = 0x38600000u | (v & 0xffff);
    code[1] = 0x4e800020u;
}

static uint64_t call_code(void)
{
    uint64_t r;
    __asm__ volatile("mtctr %1\n\tbctrl\n\tmr %0, 3"
                     : "=r"(r)
                     : "r"(code)
                     : "r3", "lr", "ctr", "memory");
    return r;
}

static void sync_code(void)
{
    __asm__ volatile("dcbst 0, %0\n\tsync\n\ticbi 0, %0\n\tsync\n\tisync"
                     :
                     : "r"(code)
                     : "memory");
}

static void test_icbi(void)
{
    write_function(1);
    sync_code();
    CHECK_EQ("first code", call_code(), 1);
    write_function(2);
    sync_code();
    CHECK_EQ("rewritten code", call_code(), 2);
    for (uint32_t i = 3; i < 10; i++) {
        write_function(i);
        sync_code();
        CHECK_EQ("code rewritten again", call_code(), i);
    }
}

int main(void)
{
    rt_set_trap_handler(count_trap);
    test_dcbz();
    test_hints();
    test_icbi();
    CHECK_EQ("no interrupt", traps, 0);
    return 0;
}
