/*
 * target-ppc/mmu-fault.c: how a failed translation is delivered, shared by
 * real mode (mmu.c) and the radix and hash walkers (Power ISA 3.0 Book III
 * 6.5: DSI/ISI with DSISR and SRR1 causes, the segment interrupts of the
 * hash MMU, and the machine check of a real address beyond RAM).
 *
 * A file of its own so that code which only raises MMU faults does not
 * pull the translation entry point (mmu.c) into a test that stubs it.
 */
#include "internal.h"

enum { ACCESS_LOAD = 0, ACCESS_STORE = 1, ACCESS_FETCH = 2 };

_Noreturn void ppc_mmu_fault(CPUPPCState *env, uint64_t ea, int access,
                             PPCMmuFaultKind kind, uint64_t cause,
                             uintptr_t ra)
{
    uint64_t store = access == ACCESS_STORE ? DSISR_STORE : 0;

    switch (kind) {
    case PPC_MMU_FAULT_MCHECK:
        if (access != ACCESS_FETCH) {
            env->spr[SPR_DAR] = ea;
        }
        ppc_raise_exception(env, EXCP_MCHECK, 0, ra);
    case PPC_MMU_FAULT_SEGMENT:
        if (access == ACCESS_FETCH) {
            ppc_raise_exception(env, EXCP_ISEG, 0, ra);
        }
        env->spr[SPR_DAR] = ea;
        env->spr[SPR_DSISR] = store;
        ppc_raise_exception(env, EXCP_DSEG, 0, ra);
    default:
        if (access == ACCESS_FETCH) {
            ppc_raise_exception(env, EXCP_ISI, cause, ra);
        }
        env->spr[SPR_DAR] = ea;
        env->spr[SPR_DSISR] = cause | store;
        ppc_raise_exception(env, EXCP_DSI, 0, ra);
    }
}
