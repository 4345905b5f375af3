/*
 * target-ppc/excp.c: interrupt delivery (Power ISA 3.0 Book III ch. 6).
 *
 * One routine, driven by a per-vector table.  Our vCPU is always an LPAR
 * (MSR[HV]=0) and every interrupt it takes is a non-hypervisor one, so the
 * rules are those of Book III 6.5 for HV=0:
 *   SRR0   the causing instruction (env->nip at delivery), or the next one
 *          for sc and for program interrupts that set SRR1_PROG_ADDR;
 *          asynchronous interrupts get the instruction not yet executed;
 *   SRR1   bits 33:36 and 42:47 from the cause (env->error_code), every
 *          other bit from the MSR;
 *   MSR    SF=1, HV and ME kept, LE from
 *          LPCR[ILE], everything else cleared (EE PR FP FE0/1 SE BE IR DR
 *          PMM RI VEC VSX TM...);
 *   AIL    LPCR[AIL] relocates the vector and keeps IR/DR on when the
 *          interrupted context had both IR and DR on (6.5: "Interrupt
 *          Location"), except for machine check;
 *   NIP    vector offset (+ AIL offset).
 * Machine check: the ISA's machine check is a hypervisor interrupt that
 * clears ME; for a pseries partition the hypervisor reports it to the
 * partition (LoPAPR 7.3.14: at 0x200, or through the FWNMI handler) and
 * the partition goes on running with ME still 1 -- an LPAR cannot set ME
 * again (mtmsrd and rfid keep it when MSR[HV]=0), so clearing it would
 * turn the next one into a checkstop.  A machine check with MSR[ME]=0 is
 * a checkstop: the vCPU stops for good (env->checkstop) and the machine
 * ends the emulator with an error.  Once delivered, a machine check or
 * system reset goes to the hypervisor's nmi_delivered hook, which sends
 * it on to the partition's FWNMI handler if it registered one
 * (hw-spapr/fwnmi.c).
 * Delivery also drops any reservation.
 *
 * System Call Vectored (Book III 6.5.18, ISA 3.0) is the odd one out: its
 * vectors are 0x17000 + LEV*0x20 (AIL=3: 0xc000000000003000 + LEV*0x20),
 * it saves the return address in LR and the MSR in CTR instead of SRR0/1,
 * and it leaves EE, RI and ME as they were.  deliver_scv() does that.
 *
 * EXCP_HCALL is not an interrupt: sc 1 hands the call to the hypervisor
 * side (env->vhyp) and the guest resumes at env->nip, already past the sc.
 */
#include <stdio.h>

#include "exec.h"
#include "internal.h"
#include "log.h"

typedef struct PPCVector {
    const char *name;
    uint16_t offset;
    bool srr0_next; /* SRR0 = address of the next instruction */
    bool ail;       /* relocated by LPCR[AIL] */
} PPCVector;

static const PPCVector vectors[EXCP_NB_VECTORS] = {
    [EXCP_MCHECK] = {"machine check", 0x200, false, false},
    [EXCP_DSI] = {"data storage", 0x300, false, true},
    [EXCP_DSEG] = {"data segment", 0x380, false, true},
    [EXCP_ISI] = {"instruction storage", 0x400, false, true},
    [EXCP_ISEG] = {"instruction segment", 0x480, false, true},
    [EXCP_EXTERNAL] = {"external", 0x500, false, true},
    [EXCP_ALIGN] = {"alignment", 0x600, false, true},
    [EXCP_PROGRAM] = {"program", 0x700, false, true},
    [EXCP_FPU] = {"floating-point unavailable", 0x800, false, true},
    [EXCP_DECR] = {"decrementer", 0x900, false, true},
    [EXCP_SYSCALL] = {"system call", 0xc00, true, true},
    [EXCP_TRACE] = {"trace", 0xd00, false, true},
    [EXCP_PERFM] = {"performance monitor", 0xf00, false, true},
    [EXCP_VPU] = {"vector unavailable", 0xf20, false, true},
    [EXCP_VSXU] = {"VSX unavailable", 0xf40, false, true},
    [EXCP_FU] = {"facility unavailable", 0xf60, false, true},
    [EXCP_SCV] = {"system call vectored", 0, true, true}, /* deliver_scv */
    [EXCP_SRESET] = {"system reset", 0x100, false, false},
    [EXCP_SDOOR] = {"directed privileged doorbell", 0xa00, false, true},
};

/* SRR1 bits that carry the cause instead of the MSR */
#define SRR1_CAUSE_MASK (PPC_BITS(33, 36) | PPC_BITS(42, 47))

/* Book III 6.5 "Interrupt Location": the AIL offsets for HV=0 interrupts */
static uint64_t ail_offset(int ail)
{
    switch (ail) {
    case 2:
        return 0x18000;
    case 3:
        return 0xc000000000004000ull;
    default: /* 0: none; 1: reserved, treated as none */
        return 0;
    }
}

static void deliver_scv(CPUPPCState *env, uint64_t lev)
{
    uint64_t msr = env->msr, lpcr = env->spr[SPR_LPCR];
    /* kept: EE, RI, ME, HV; SF set; LE from LPCR[ILE]; the rest cleared */
    uint64_t new_msr = (msr & (MSR_BIT(MSR_EE) | MSR_BIT(MSR_RI) |
                               MSR_BIT(MSR_ME) | MSR_BIT(MSR_HV))) |
                       MSR_BIT(MSR_SF);
    uint64_t vector = 0x17000 + (lev & 0x7f) * 0x20;

    if (lpcr & LPCR_ILE) {
        new_msr |= MSR_BIT(MSR_LE);
    }
    if (((lpcr & LPCR_AIL_MASK) >> LPCR_AIL_SHIFT) == 3 &&
        (msr & MSR_BIT(MSR_IR)) && (msr & MSR_BIT(MSR_DR))) {
        vector = 0xc000000000003000ull + (lev & 0x7f) * 0x20;
        new_msr |= MSR_BIT(MSR_IR) | MSR_BIT(MSR_DR);
    }
    env->lr = env->nip + 4;
    env->ctr = msr & ~SRR1_CAUSE_MASK;
    env->msr = new_msr;
    env->nip = vector;
    env->reserve_addr = (uint64_t)-1;
    if (log_enabled(LOG_INT)) {
        log_printf("ppc: CPU#%u interrupt system call vectored LEV %" PRIu64
                   " at 0x%016" PRIx64 " -> nip 0x%016" PRIx64 " msr 0x%016"
                   PRIx64 "\n", env->cpu_index, lev & 0x7f, env->lr - 4,
                   env->nip, env->msr);
    }
}

static void deliver(CPUPPCState *env, int excp, uint64_t error_code)
{
    if (excp == EXCP_SCV) {
        deliver_scv(env, error_code);
        return;
    }
    const PPCVector *v = &vectors[excp];
    uint64_t msr = env->msr;
    uint64_t lpcr = env->spr[SPR_LPCR];
    uint64_t nip = env->nip, srr0 = nip;

    if (excp == EXCP_MCHECK && !(msr & MSR_BIT(MSR_ME))) {
        if (log_enabled(LOG_INT | LOG_GUEST_ERROR)) {
            log_printf("ppc: CPU#%u checkstop: machine check with MSR[ME]=0 "
                       "at 0x%016" PRIx64 "\n", env->cpu_index, env->nip);
        }
        env->halted = true;
        env->checkstop = true;
        return;
    }
    if (v->srr0_next ||
        (excp == EXCP_PROGRAM && (error_code & SRR1_PROG_ADDR))) {
        srr0 += 4;
    }

    uint64_t new_msr = (msr & (MSR_BIT(MSR_HV) | MSR_BIT(MSR_ME))) |
                       MSR_BIT(MSR_SF);
    if (lpcr & LPCR_ILE) {
        new_msr |= MSR_BIT(MSR_LE);
    }
    uint64_t vector = v->offset;
    if (v->ail && (msr & MSR_BIT(MSR_IR)) && (msr & MSR_BIT(MSR_DR))) {
        uint64_t off = ail_offset((int)((lpcr & LPCR_AIL_MASK) >>
                                        LPCR_AIL_SHIFT));
        if (off) {
            vector += off;
            new_msr |= MSR_BIT(MSR_IR) | MSR_BIT(MSR_DR);
        }
    }

    env->spr[SPR_SRR0] = srr0;
    env->spr[SPR_SRR1] = (msr & ~SRR1_CAUSE_MASK) |
                         (error_code & SRR1_CAUSE_MASK);
    env->msr = new_msr;
    env->nip = vector;
    env->reserve_addr = (uint64_t)-1;
    env->halted = false;
    if ((excp == EXCP_MCHECK || excp == EXCP_SRESET) && env->vhyp &&
        env->vhyp->nmi_delivered) {
        /* FWNMI: the hypervisor may send it to the partition's handler */
        env->vhyp->nmi_delivered(env->vhyp_opaque, env, excp);
    }
    env->mce_info = false;

    if (log_enabled(LOG_INT)) {
        log_printf("ppc: CPU#%u interrupt %s (0x%x) at 0x%016" PRIx64
                   ": SRR0 0x%016" PRIx64 " SRR1 0x%016" PRIx64
                   " -> nip 0x%016" PRIx64 " msr 0x%016" PRIx64 "\n",
                   env->cpu_index, v->name, v->offset, nip, srr0,
                   env->spr[SPR_SRR1], env->nip, env->msr);
        if (excp == EXCP_DSI || excp == EXCP_ALIGN) {
            log_printf("ppc:   DAR 0x%016" PRIx64 " DSISR 0x%08" PRIx64 "\n",
                       env->spr[SPR_DAR], env->spr[SPR_DSISR]);
        }
    }
}

void ppc_cpu_do_interrupt(CPUPPCState *env)
{
    int excp = env->exception_index;
    env->exception_index = EXCP_NONE;

    if (excp == EXCP_HCALL) {
        if (log_enabled(LOG_INT)) {
            log_printf("ppc: CPU#%u hcall 0x%" PRIx64 " from 0x%016" PRIx64
                       "\n", env->cpu_index, env->gpr[3], env->nip - 4);
        }
        if (env->vhyp && env->vhyp->hcall) {
            env->vhyp->hcall(env->vhyp_opaque, env);
        }
        return;
    }
    if (excp < 0 || excp >= EXCP_NB_VECTORS) {
        return; /* EXCP_NONE and the exec loop's own requests */
    }
    deliver(env, excp, env->error_code);
}

static bool external_pending(CPUPPCState *env)
{
    return env->vhyp && env->vhyp->irq_pending &&
           env->vhyp->irq_pending(env->vhyp_opaque, env);
}

void ppc_cpu_nmi(CPUPPCState *env)
{
    __atomic_store_n(&env->sreset_pending, true, __ATOMIC_SEQ_CST);
}

/* Book III 6.8: external before decrementer before doorbell; all need
   MSR[EE]=1 */
bool ppc_cpu_exec_interrupt(CPUPPCState *env)
{
    /* system reset is not maskable (Book III 6.5.1) */
    if (__atomic_load_n(&env->sreset_pending, __ATOMIC_RELAXED) &&
        __atomic_exchange_n(&env->sreset_pending, false, __ATOMIC_SEQ_CST)) {
        env->halted = false;
        deliver(env, EXCP_SRESET, 0);
        return true;
    }
    if (!(env->msr & MSR_BIT(MSR_EE))) {
        return false;
    }
    if (external_pending(env)) {
        deliver(env, EXCP_EXTERNAL, 0);
        return true;
    }
    if (ppc_dec_pending(env)) {
        deliver(env, EXCP_DECR, 0);
        return true;
    }
    /* Book III 6.5.22: below the decrementer; the exception is cleared
       when the interrupt occurs (an edge: Linux's soft-masked handler only
       notes it and returns) */
    if (__atomic_load_n(&env->dbell_pending, __ATOMIC_RELAXED) &&
        __atomic_exchange_n(&env->dbell_pending, false, __ATOMIC_SEQ_CST)) {
        deliver(env, EXCP_SDOOR, 0);
        return true;
    }
    return false;
}

bool ppc_cpu_has_work(CPUPPCState *env)
{
    if (env->checkstop) {
        return false;
    }
    if (__atomic_load_n(&env->sreset_pending, __ATOMIC_RELAXED)) {
        return true;
    }
    return (env->msr & MSR_BIT(MSR_EE)) &&
           (external_pending(env) || ppc_dec_pending(env) ||
            __atomic_load_n(&env->dbell_pending, __ATOMIC_ACQUIRE));
}

_Noreturn void ppc_raise_exception(CPUPPCState *env, int excp,
                                   uint64_t error_code, uintptr_t ra)
{
    if (ra) {
        cpu_restore_state(env, ra);
    }
    env->exception_index = excp;
    env->error_code = error_code;
    cpu_loop_exit(env);
}
