/*
 * The runtime's interrupt path: program interrupts (illegal instruction,
 * trap) and system call, taken and resumed through rt_set_trap_handler.
 * Expected values: Power ISA 3.0 Book III 6.5.9 (program interrupt: SRR0 =
 * the instruction, SRR1 bit 44 illegal instruction, bit 46 trap) and 6.5.14
 * (system call: SRR0 = the next instruction).
 */
#include "isatest.h"

#define SRR1_ILLEGAL (1ull << (63 - 44))
#define SRR1_TRAP (1ull << (63 - 46))

static uint64_t seen_vector, seen_srr0, seen_srr1, seen_r3;

static int handler(struct rt_trap_frame *f)
{
    seen_vector = f->vector;
    seen_srr0 = f->srr0;
    seen_srr1 = f->srr1;
    seen_r3 = f->gpr[3];
    f->gpr[3] = 0x5a5a;
    if (f->vector == 0x700)
        f->srr0 += 4;
    return 1;
}

int main(void)
{
    uint64_t r3, at;

    rt_set_trap_handler(handler);

    __asm__ volatile("li 3, 77\n\t"
                     "bl 1f\n"
                     "1:\tmflr %1\n\t"
                     "addi %1, %1, 8\n\t"
                     ".long 0\n\t"
                     "mr %0, 3"
                     : "=r"(r3), "=&b"(at)
                     :
                     : "r3", "lr", "memory");
    CHECK_EQ("illegal: vector", seen_vector, 0x700);
    CHECK_EQ("illegal: srr0", seen_srr0, at);
    CHECK("illegal: srr1 bit 44", seen_srr1 & SRR1_ILLEGAL);
    CHECK_EQ("illegal: r3 seen", seen_r3, 77);
    CHECK_EQ("illegal: r3 changed", r3, 0x5a5a);

    __asm__ volatile("li 3, 5\n\t"
                     "tw 4, 3, 3\n\t"
                     "mr %0, 3"
                     : "=r"(r3)
                     :
                     : "r3", "memory");
    CHECK_EQ("tw eq: vector", seen_vector, 0x700);
    CHECK("tw eq: srr1 bit 46", seen_srr1 & SRR1_TRAP);
    CHECK_EQ("tw eq: r3", r3, 0x5a5a);

    seen_vector = 0;
    __asm__ volatile("li 3, 9\n\t"
                     "bl 2f\n"
                     "2:\tmflr %1\n\t"
                     "addi %1, %1, 12\n\t"
                     "sc\n\t"
                     "mr %0, 3"
                     : "=r"(r3), "=&b"(at)
                     :
                     : "r0", "r3", "lr", "memory");
    CHECK_EQ("sc: vector", seen_vector, 0xc00);
    CHECK_EQ("sc: srr0", seen_srr0, at);
    CHECK_EQ("sc: r3", r3, 0x5a5a);

    rt_set_trap_handler(NULL);
    return 0;
}
