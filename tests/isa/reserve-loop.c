/*
 * The reservation program of issue 12 that killed the JIT: reservations
 * (Power ISA 3.0B Book II 4.4.2), the alignment interrupt a misaligned
 * larx/stcx. takes and the return from its handler (Book III 6.5.8), then
 * ten million relaxed atomic increments of one word, as the compiler
 * emits them:
 *     1: lwarx r9,0,r8 ; addi r9,r9,1 ; stwcx. r9,0,r8 ; bne- 1b
 *        addic. r10,r10,-1 ; bne 1b
 * A TB that starts at 1: jumps back to its own start from two places (the
 * stwcx. retry and the outer loop).  The JIT held the lwarx's TLB entry
 * in two registers for the loop (tcg/regalloc.c loop_sites) but gave them
 * back at the FIRST back edge, so the outer loop's code reused them and
 * the next iteration loaded through a bogus addend: SIGSEGV inside the
 * generated code once the outer counter happened to equal the page tag.
 * tests/boot/bios.sh also enters this program through -bios, as reported.
 *
 * Expected values: Book II 4.4.2 (a stcx. stores and sets CR0 = 0b001 ||
 * XER[SO] only with a reservation; every stcx. ends the reservation; a
 * larx that takes an interrupt does not complete, so creates none), Book
 * III 6.5.8 (alignment: SRR0 = the instruction, SRR1 bits 33:36 and 42:47
 * = 0 and the rest = the MSR, DAR = the EA; DSISR is undefined, so it is
 * printed, not checked), and the C compiler counting the increments.
 */
#include "isatest.h"

#define INCREMENTS 10000000u
#define SRR1_CLEARED 0x783f0000ull /* MSR bits 33:36 and 42:47 */

/*
 * The accesses that fault, each at a known address (the symbol's, plus
 * the offset given) so that SRR0 can be checked; all leaf functions of
 * the ELFv2 ABI that use only volatile registers.  stcx. returns CR.
 */
uint64_t t_lwarx(void *p);
uint64_t t_stwcx(void *p, uint64_t v);
void t_lqarx(void *p);
uint64_t t_stqcx(void *p, uint64_t hi, uint64_t lo);
__asm__(".text\n"
        ".globl t_lwarx\n.type t_lwarx,@function\n"
        "t_lwarx:\n\tlwarx 3, 0, 3\n\tblr\n"
        ".globl t_stwcx\n.type t_stwcx,@function\n"
        "t_stwcx:\n\tstwcx. 4, 0, 3\n\tmfcr 3\n\tblr\n"
        ".globl t_lqarx\n.type t_lqarx,@function\n"
        "t_lqarx:\n\tlqarx 10, 0, 3\n\tblr\n"
        ".globl t_stqcx\n.type t_stqcx,@function\n"
        "t_stqcx:\n\tmr 8, 4\n\tmr 9, 5\n\tstqcx. 8, 0, 3\n\tmfcr 3\n\tblr\n");
#define T_STQCX_AT 8 /* the stqcx. is the third instruction */

static uint8_t area[64] __attribute__((aligned(16)));
static uint32_t counter;
static uint32_t counter2;

static struct {
    unsigned count;
    uint64_t vector, srr0, srr1, dar, dsisr;
} seen;

static int on_trap(struct rt_trap_frame *f)
{
    seen.count++;
    seen.vector = f->vector;
    seen.srr0 = f->srr0;
    seen.srr1 = f->srr1;
    seen.dar = f->dar;
    seen.dsisr = f->dsisr;
    f->srr0 += 4; /* resume after the access */
    return 1;
}

static uint64_t mfmsr(void)
{
    uint64_t msr;
    __asm__ volatile("mfmsr %0" : "=r"(msr));
    return msr;
}

static unsigned cr0(uint64_t cr)
{
    return (unsigned)(cr >> 28) & 0xf;
}

static uint32_t lwarx(uint32_t *p)
{
    uint32_t v;
    __asm__ volatile("lwarx %0, 0, %1" : "=r"(v) : "r"(p) : "memory");
    return v;
}

static unsigned stwcx(uint32_t *p, uint32_t v)
{
    uint64_t cr;
    __asm__ volatile("stwcx. %1, 0, %2\n\tmfcr %0"
                     : "=r"(cr)
                     : "r"(v), "r"(p)
                     : "cr0", "memory");
    return cr0(cr);
}

/* a stcx. to a scratch word: whatever reservation there was is gone */
static void drop_reservation(void)
{
    static uint32_t scratch __attribute__((aligned(16)));
    stwcx(&scratch, 0);
}

static void expect_alignment(const char *what, uintptr_t insn, uintptr_t ea,
                             uint64_t msr)
{
    char name[80];

    rt_snprintf(name, sizeof(name), "%s: one interrupt", what);
    CHECK_EQ(name, seen.count, 1);
    rt_snprintf(name, sizeof(name), "%s: vector 0x600", what);
    CHECK_EQ(name, seen.vector, 0x600);
    rt_snprintf(name, sizeof(name), "%s: SRR0 = the instruction", what);
    CHECK_EQ(name, seen.srr0, insn);
    rt_snprintf(name, sizeof(name), "%s: SRR1 = MSR", what);
    CHECK_EQ(name, seen.srr1 & ~SRR1_CLEARED, msr & ~SRR1_CLEARED);
    rt_snprintf(name, sizeof(name), "%s: SRR1 33:36, 42:47 = 0", what);
    CHECK_EQ(name, seen.srr1 & SRR1_CLEARED, 0);
    rt_snprintf(name, sizeof(name), "%s: DAR = EA", what);
    CHECK_EQ(name, seen.dar, ea);
    rt_printf("%s: DSISR 0x%llx (undefined by the ISA)\n", what,
              (unsigned long long)seen.dsisr);
    seen.count = 0;
}

static void test_reservations(void)
{
    uint32_t *w = (uint32_t *)(void *)area;
    uint64_t msr = mfmsr();
    uint64_t cr;

    /* a simple update */
    *w = 100;
    CHECK_EQ("lwarx value", lwarx(w), 100);
    CHECK_EQ("stwcx. with reservation: CR0 = 0b0010", stwcx(w, 101), 0x2);
    CHECK_EQ("stwcx. with reservation: stored", *w, 101);

    /* the stcx. ended it */
    CHECK_EQ("stwcx. without reservation: CR0 = 0b0000", stwcx(w, 102), 0x0);
    CHECK_EQ("stwcx. without reservation: not stored", *w, 101);

    /* a store by this CPU that changes the reserved word */
    lwarx(w);
    *(volatile uint32_t *)w = 200;
    CHECK_EQ("stwcx. after a store to it: fails", stwcx(w, 201), 0x0);
    CHECK_EQ("stwcx. after a store to it: kept", *w, 200);

    /* misaligned lwarx: alignment interrupt, no reservation */
    drop_reservation();
    seen.count = 0;
    t_lwarx(area + 2);
    expect_alignment("lwarx misaligned", (uintptr_t)t_lwarx,
                     (uintptr_t)(area + 2), msr);
    CHECK_EQ("stwcx. after a faulting lwarx: fails", stwcx(w, 300), 0x0);
    CHECK_EQ("stwcx. after a faulting lwarx: not stored", *w, 200);

    /* misaligned stwcx. with a reservation: interrupt, no store */
    lwarx(w);
    cr = t_stwcx(area + 1, 0xdeadbeef);
    expect_alignment("stwcx. misaligned", (uintptr_t)t_stwcx,
                     (uintptr_t)(area + 1), msr);
    (void)cr;
    CHECK_EQ("stwcx. misaligned: nothing stored", *w, 200);
    drop_reservation();

    /* the same with the quadword pair */
    t_lqarx(area + 8);
    expect_alignment("lqarx misaligned", (uintptr_t)t_lqarx,
                     (uintptr_t)(area + 8), msr);
    t_stqcx(area + 4, 1, 2);
    expect_alignment("stqcx. misaligned", (uintptr_t)t_stqcx + T_STQCX_AT,
                     (uintptr_t)(area + 4), msr);
    CHECK_EQ("stqcx. misaligned: nothing stored", *w, 200);

    /* and the handler's return leaves a working reservation machinery */
    CHECK_EQ("lwarx after the interrupts", lwarx(w), 200);
    CHECK_EQ("stwcx. after the interrupts", stwcx(w, 201), 0x2);
    CHECK_EQ("stwcx. after the interrupts: stored", *w, 201);
}

/* the exact loop shape, written out: independent of the compiler */
static void increment_asm(uint32_t *p, uint64_t n)
{
    uint64_t t;
    __asm__ volatile("1:\tlwarx %0, 0, %2\n\t"
                     "addi %0, %0, 1\n\t"
                     "stwcx. %0, 0, %2\n\t"
                     "bne- 1b\n\t"
                     "addic. %1, %1, -1\n\t"
                     "bne 1b"
                     : "=&r"(t), "+r"(n)
                     : "r"(p)
                     : "cr0", "xer", "memory");
}

int main(void)
{
    rt_set_trap_handler(on_trap);
    test_reservations();
    rt_set_trap_handler(NULL);

    /* the outer count runs down over every page address of the image,
       the counter's included: what the stale registers matched */
    CHECK("the counter lies below the loop count",
          (uintptr_t)&counter < INCREMENTS);
    for (unsigned i = 0; i < INCREMENTS; i++)
        __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED);
    CHECK_EQ("ten million __atomic_fetch_add", counter, INCREMENTS);

    counter2 = 7;
    increment_asm(&counter2, INCREMENTS);
    CHECK_EQ("ten million lwarx/stwcx. increments", counter2,
             INCREMENTS + 7);
    return 0;
}
