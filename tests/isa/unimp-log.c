/*
 * An illegal instruction that is translated but never executed (on the
 * untaken side of a branch that is always taken) and one that executes:
 * the second takes the Illegal Instruction program interrupt (Book III
 * 6.5.9, SRR0 = it, SRR1 bit 44).  tests/boot/unimp-log.sh runs this with
 * -d unimp and checks that the log names the executed one only; the
 * addresses are printed for it.
 */
#include "isatest.h"

#define SRR1_ILLEGAL (1ull << (63 - 44))

int main(void)
{
    uint64_t base;

    rt_catch_traps();
    __asm__ volatile("bl 1f\n"
                     "1:\tmflr %0\n\t"
                     "cmpd %0, %0\n\t"
                     "beq 2f\n\t"
                     ".long 0\n"        /* 1f + 12: never executed */
                     "2:\t.long 0\n\t"  /* 1f + 16: executed */
                     "nop"
                     : "=&b"(base)
                     :
                     : "lr", "cr0", "memory");
    CHECK_EQ("one interrupt", rt_trap.count, 1);
    CHECK_EQ("program interrupt", rt_trap.vector, 0x700);
    CHECK_EQ("at the executed word", rt_trap.srr0, base + 16);
    CHECK("illegal instruction", rt_trap.srr1 & SRR1_ILLEGAL);
    rt_printf("unimp-log: never 0x%016lx executed 0x%016lx\n",
              (unsigned long)(base + 12), (unsigned long)(base + 16));
    return 0;
}
