/*
 * The decrementer interrupt: taken from a loop of chained blocks once DEC
 * goes negative with MSR[EE]=1, held off while EE=0, and taken as soon as
 * EE is set again while DEC is still negative.  Expected behaviour: Power
 * ISA 3.0 Book III 7.3 (a Decrementer exception exists while DEC bit 0 of
 * the 32-bit decrementer is 1) and 6.5.11 (Decrementer interrupt at 0x900
 * when MSR[EE]=1; SRR0 = the next instruction to execute, SRR1 = the MSR,
 * so EE=1).
 */
#include "isatest.h"

#define MSR_EE (1ull << 15)

static volatile unsigned dec_taken;
static volatile uint64_t dec_srr1;

static int dec_handler(struct rt_trap_frame *f)
{
    if (f->vector != 0x900)
        return 0;
    dec_taken++;
    dec_srr1 = f->srr1;
    /* the exception lasts while DEC is negative: make it positive */
    __asm__ volatile("mtdec %0" : : "r"(0x7fffffffull));
    return 1;
}

static uint64_t mfmsr(void)
{
    uint64_t v;
    __asm__ volatile("mfmsr %0" : "=r"(v));
    return v;
}

static void set_ee(int on)
{
    uint64_t msr = mfmsr();
    msr = on ? msr | MSR_EE : msr & ~MSR_EE;
    __asm__ volatile("mtmsrd %0, 1" : : "r"(msr) : "memory");
}

static uint32_t mfdec(void)
{
    uint64_t v;
    __asm__ volatile("mfdec %0" : "=r"(v));
    return (uint32_t)v;
}

int main(void)
{
    rt_set_trap_handler(dec_handler);

    /* 1: with EE=1, a loop runs until the interrupt comes */
    __asm__ volatile("mtdec %0" : : "r"(0x7fffffffull));
    set_ee(1);
    dec_taken = 0;
    __asm__ volatile("mtdec %0" : : "r"(20000ull)); /* ~40 us at 512 MHz */
    for (unsigned long i = 0; i < 4000000000ul && !dec_taken; i++) {
    }
    set_ee(0);
    CHECK_EQ("DEC interrupt taken once", dec_taken, 1);
    CHECK("SRR1 has EE=1", dec_srr1 & MSR_EE);

    /* 2: with EE=0 nothing happens, even long after DEC went negative */
    dec_taken = 0;
    __asm__ volatile("mtdec %0" : : "r"(1000ull));
    unsigned long spins = 0;
    while (!(mfdec() & 0x80000000u) && spins < 4000000000ul)
        spins++;
    CHECK("DEC went negative", mfdec() & 0x80000000u);
    for (volatile int i = 0; i < 100000; i++) {
    }
    CHECK_EQ("EE=0: no interrupt", dec_taken, 0);

    /* 3: setting EE lets the pending exception in at once */
    set_ee(1);
    unsigned after_ee = dec_taken;
    set_ee(0);
    CHECK_EQ("EE=1: interrupt right after mtmsrd", after_ee, 1);

    rt_set_trap_handler(NULL);
    return 0;
}
