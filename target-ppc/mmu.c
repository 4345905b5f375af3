/*
 * target-ppc/mmu.c: effective -> real address translation.
 *
 * Only real mode exists so far (Power ISA 3.0 Book III 5.7.3): with MSR[IR]
 * (fetch) or MSR[DR] (data) off, an LPAR's real address is the EA with its
 * four high-order bits ignored.  A real address beyond guest RAM is a
 * machine check (pseries has no MMIO in real mode that we emulate).
 *
 * With translation on, LPCR[HR] = 1 selects the radix tree walker
 * (mmu-radix.c), LPCR[HR] = 0 the hashed page table walker (mmu-hash.c).
 * Both fill the same softmmu TLB (accel/tcg/softmmu.c) through this entry
 * point and deliver faults through ppc_mmu_fault (mmu-fault.c).  The MMU indexes
 * keep real and translated accesses apart in the TLB; what each walker's
 * results depend on is flushed where it changes (see each walker).
 *
 * prot_out uses PROT_READ/PROT_WRITE/PROT_EXEC (1, 2, 4).
 */
#include <sys/mman.h>

#include "internal.h"
#include "mmu-hash.h"
#include "mmu-radix.h"

#define REAL_ADDR_MASK 0x0fffffffffffffffull

enum { ACCESS_LOAD = 0, ACCESS_STORE = 1, ACCESS_FETCH = 2 };

bool ppc_mmu_translate(CPUPPCState *env, uint64_t ea, int access, int mmu_idx,
                       uint64_t *ra_out, int *prot_out, bool may_raise,
                       uintptr_t ra)
{
    if (!(mmu_idx & MMU_IDX_REAL)) {
        /* the dispatch point: LPCR[HR] picks the radix tree (mmu-radix.c),
           else the hashed page table (mmu-hash.c) */
        if (ppc_radix_enabled(env)) {
            return ppc_radix_translate(env, ea, access, mmu_idx, ra_out,
                                       prot_out, may_raise, ra);
        }
        return ppc_hash_translate(env, ea, access, mmu_idx, ra_out,
                                  prot_out, may_raise, ra);
    }
    uint64_t real = ea & REAL_ADDR_MASK;
    if (real >= env->ram_size) {
        if (!may_raise) {
            return false;
        }
        ppc_mmu_fault(env, ea, access, PPC_MMU_FAULT_MCHECK, 0, ra);
    }
    *ra_out = real;
    *prot_out = PROT_READ | PROT_WRITE | PROT_EXEC;
    return true;
}

/* a debugger's view (monitor x, gdbstub m/M): the vCPU's own data
   translation first; where that refuses, a privileged one with the AMR
   open, so that a vCPU stopped in problem state still shows the kernel's
   memory and a kernel under KUAP still shows user memory; then a fetch,
   for execute-only pages.  The vCPU is stopped: the AMR is put back
   before anything runs. */
bool ppc_mmu_debug_translate(CPUPPCState *env, uint64_t ea, uint64_t *ra_out)
{
    int prot;
    int idx = ppc_mmu_idx_data(env);

    if (ppc_mmu_translate(env, ea, ACCESS_LOAD, idx, ra_out, &prot, false,
                          0)) {
        return true;
    }
    if (idx & MMU_IDX_REAL) {
        return false;
    }
    uint64_t amr = env->spr[SPR_AMR];
    env->spr[SPR_AMR] = 0;
    bool ok = ppc_mmu_translate(env, ea, ACCESS_LOAD, MMU_IDX_KERNEL, ra_out,
                                &prot, false, 0) ||
              ppc_mmu_translate(env, ea, ACCESS_FETCH, MMU_IDX_KERNEL, ra_out,
                                &prot, false, 0);
    env->spr[SPR_AMR] = amr;
    return ok;
}

/* what an overflowing queue of cross-vCPU TLB work becomes (accel/tcg
   threads.c): every cached translation of either MMU */
void cpu_tlb_flush_all(CPUPPCState *env)
{
    ppc_radix_flush_all(env);
    env->hash.tlb_keys = 0; /* the keys of the entries flushed with them */
}
