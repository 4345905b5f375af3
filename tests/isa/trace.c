/*
 * Trace interrupts (Power ISA 3.0B Book III 6.5.15): with MSR[SE] = 1 every
 * instruction that completes (except rfid, rfscv, mtmsr[d], sc and those
 * that cause an interrupt) is followed by a trace interrupt at 0xd00; with
 * MSR[BE] = 1 every branch, taken or not.  SRR0 = the address of the next
 * instruction to execute (the branch target if taken), SRR1[33] = 1, SIAR
 * = the traced instruction's address.  The interrupt clears SE and BE, so
 * the handler runs untraced; it turns them off in SRR1 when done.
 */
#include "isatest.h"

#define MSR_SE 0x400ull
#define MSR_BE 0x200ull
#define SRR1_TRACE (1ull << (63 - 33))

static struct {
    unsigned count, stop_after;
    uint64_t srr0[8], srr1[8], siar[8], msr[8];
} tr;

static int trace_handler(struct rt_trap_frame *f)
{
    uint64_t siar, msr;

    if (f->vector != 0xd00 || tr.count >= 8)
        return 0;
    __asm__ volatile("mfspr %0, 796" : "=r"(siar));
    __asm__ volatile("mfmsr %0" : "=r"(msr));
    tr.srr0[tr.count] = f->srr0;
    tr.srr1[tr.count] = f->srr1;
    tr.siar[tr.count] = siar;
    tr.msr[tr.count] = msr;
    if (++tr.count >= tr.stop_after)
        f->srr1 &= ~(MSR_SE | MSR_BE);
    return 1;
}

static void start(unsigned stop_after)
{
    memset(&tr, 0, sizeof(tr));
    tr.stop_after = stop_after;
    rt_set_trap_handler(trace_handler);
}

/* single step: mtmsrd is not traced; the three addi are, one by one */
static void check_single_step(void)
{
    uint64_t base, v = 0;

    start(3);
    __asm__ volatile("bl 1f\n"
                     "1:\tmflr %0\n\t"
                     "mfmsr 9\n\t"
                     "ori 9, 9, %2\n\t"
                     "mtmsrd 9\n\t"       /* 1f + 12 */
                     "addi %1, %1, 1\n\t" /* 1f + 16: traced */
                     "addi %1, %1, 2\n\t" /* 1f + 20: traced */
                     "addi %1, %1, 4\n\t" /* 1f + 24: traced, then off */
                     "addi %1, %1, 8\n\t" /* 1f + 28 */
                     : "=&b"(base), "+r"(v)
                     : "i"(MSR_SE)
                     : "r9", "lr", "memory");
    rt_set_trap_handler(NULL);
    CHECK_EQ("SE: three traces", tr.count, 3);
    CHECK_EQ("SE: the instructions all ran", v, 15);
    for (unsigned i = 0; i < 3; i++) {
        CHECK_EQ("SE: SRR0 = the next instruction", tr.srr0[i],
                 base + 20 + 4 * i);
        CHECK_EQ("SE: SIAR = the traced instruction", tr.siar[i],
                 base + 16 + 4 * i);
        CHECK("SE: SRR1[33] = 1", tr.srr1[i] & SRR1_TRACE);
        CHECK("SE: SRR1 has SE (the MSR)", tr.srr1[i] & MSR_SE);
        CHECK_EQ("SE: handler runs with SE = BE = 0",
                 tr.msr[i] & (MSR_SE | MSR_BE), 0);
    }
}

/* single step over a taken branch: SRR0 = its target */
static void check_single_step_branch(void)
{
    uint64_t base;

    start(1);
    __asm__ volatile("bl 1f\n"
                     "1:\tmflr %0\n\t"
                     "mfmsr 9\n\t"
                     "ori 9, 9, %1\n\t"
                     "mtmsrd 9\n\t" /* 1f + 12 */
                     "b 2f\n\t"     /* 1f + 16: traced */
                     "nop\n\t"
                     "nop\n"
                     "2:\tnop"      /* 1f + 28 */
                     : "=&b"(base)
                     : "i"(MSR_SE)
                     : "r9", "lr", "memory");
    rt_set_trap_handler(NULL);
    CHECK_EQ("SE branch: one trace", tr.count, 1);
    CHECK_EQ("SE branch: SRR0 = the target", tr.srr0[0], base + 28);
    CHECK_EQ("SE branch: SIAR = the branch", tr.siar[0], base + 16);
}

/* branch trace: the addi are not traced, the branches are, taken or not */
static void check_branch_trace(void)
{
    uint64_t base, v = 0;

    start(2);
    __asm__ volatile("bl 1f\n"
                     "1:\tmflr %0\n\t"
                     "mfmsr 9\n\t"
                     "ori 9, 9, %2\n\t"
                     "mtmsrd 9\n\t"       /* 1f + 12 */
                     "addi %1, %1, 1\n\t" /* 1f + 16 */
                     "cmpdi %1, 0\n\t"    /* 1f + 20 */
                     "beq 3f\n\t"         /* 1f + 24: not taken, traced */
                     "addi %1, %1, 2\n\t" /* 1f + 28 */
                     "b 2f\n\t"           /* 1f + 32: traced, then off */
                     "3:\taddi %1, %1, 64\n" /* 1f + 36 */
                     "2:\taddi %1, %1, 4" /* 1f + 40 */
                     : "=&b"(base), "+r"(v)
                     : "i"(MSR_BE)
                     : "r9", "lr", "cr0", "memory");
    rt_set_trap_handler(NULL);
    CHECK_EQ("BE: two traces", tr.count, 2);
    CHECK_EQ("BE: the instructions ran", v, 7);
    CHECK_EQ("BE: not-taken bc, SRR0 = the next instruction", tr.srr0[0],
             base + 28);
    CHECK_EQ("BE: not-taken bc, SIAR", tr.siar[0], base + 24);
    CHECK_EQ("BE: taken b, SRR0 = the target", tr.srr0[1], base + 40);
    CHECK_EQ("BE: taken b, SIAR", tr.siar[1], base + 32);
    CHECK("BE: SRR1[33] = 1", tr.srr1[1] & SRR1_TRACE);
    CHECK("BE: SRR1 has BE", tr.srr1[1] & MSR_BE);
}

int main(void)
{
    check_single_step();
    check_single_step_branch();
    check_branch_trace();
    return 0;
}
