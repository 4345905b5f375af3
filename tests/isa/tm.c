/*
 * Transactional memory as this machine presents it (target-ppc/trans-tm.c):
 * not available, MSR[TM] = 0, so every TM instruction raises the Facility
 * Unavailable interrupt (Power ISA 3.0B Book III 7.5.19: vector 0xf60,
 * SRR0 = the instruction, FSCR[IC] (bits 0:7) = 5 "Transactional Memory"),
 * which Linux turns into SIGILL (glibc only elides locks with
 * AT_HWCAP2 htm, which the guest does not get).
 */
#include "isatest.h"

static uint64_t fscr(void)
{
    uint64_t v;
    __asm__ volatile("mfspr %0, 153" : "=r"(v));
    return v;
}

#define TRY(name, insn)                                                      \
    do {                                                                     \
        uint64_t at;                                                         \
        rt_catch_traps();                                                    \
        __asm__ volatile("bl 1f\n1:\tmflr %0\n\taddi %0,%0,8\n\t" insn       \
                         : "=&b"(at) : : "lr", "cr0", "memory");            \
        CHECK_EQ(name ": one interrupt", rt_trap.count, 1);                 \
        CHECK_EQ(name ": vector", rt_trap.vector, 0xf60);                   \
        CHECK_EQ(name ": srr0", rt_trap.srr0, at);                          \
        CHECK_EQ(name ": FSCR[IC]", fscr() >> 56, 5);                       \
    } while (0)

int main(void)
{
    TRY("tbegin.", "tbegin. 0");
    TRY("tend.", "tend. 0");
    TRY("tabort.", "tabort. 3");
    TRY("tcheck", "tcheck 0");
    TRY("tsuspend.", "tsuspend.");
    TRY("tabortdci.", "tabortdci. 0,3,0");
    /* privileged state: treclaim. raises the same interrupt */
    TRY("treclaim.", "treclaim. 3");
    return 0;
}
