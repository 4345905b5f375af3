/*
 * target-ppc/mmu.c: effective -> real address translation.
 *
 * Only real mode exists so far (Power ISA 3.0 Book III 5.7.3): with MSR[IR]
 * (fetch) or MSR[DR] (data) off, an LPAR's real address is the EA with its
 * four high-order bits ignored.  A real address beyond guest RAM is a
 * machine check (pseries has no MMIO in real mode that we emulate).
 *
 * With translation on and LPCR[HR] = 1, the radix tree walker translates
 * (mmu-radix.c).  The hash page-table walker is not written yet: with
 * LPCR[HR] = 0 every translated access fails as if no translation
 * existed, i.e. ISI with SRR1[33] or DSI with DSISR[33] (+ DSISR[38] for a
 * store) and DAR = EA, which is what the ISA says for an EA the tables do
 * not map.  The MMU indexes keep real and translated accesses apart in the
 * softmmu TLB; what the radix walker's results depend on is flushed where
 * it changes (mmu-radix.c).
 *
 * prot_out uses PROT_READ/PROT_WRITE/PROT_EXEC (1, 2, 4).
 */
#include <sys/mman.h>

#include "internal.h"
#include "mmu-radix.h"

#define REAL_ADDR_MASK 0x0fffffffffffffffull

enum { ACCESS_LOAD = 0, ACCESS_STORE = 1, ACCESS_FETCH = 2 };

static bool fail(CPUPPCState *env, uint64_t ea, int access, bool may_raise,
                 uintptr_t ra)
{
    if (!may_raise) {
        return false;
    }
    if (access == ACCESS_FETCH) {
        ppc_raise_exception(env, EXCP_ISI, SRR1_ISI_NOPTE, ra);
    }
    env->spr[SPR_DAR] = ea;
    env->spr[SPR_DSISR] =
        DSISR_NOPTE | (access == ACCESS_STORE ? DSISR_STORE : 0);
    ppc_raise_exception(env, EXCP_DSI, 0, ra);
}

bool ppc_mmu_translate(CPUPPCState *env, uint64_t ea, int access, int mmu_idx,
                       uint64_t *ra_out, int *prot_out, bool may_raise,
                       uintptr_t ra)
{
    if (!(mmu_idx & MMU_IDX_REAL)) {
        /* the dispatch point: LPCR[HR] picks the radix tree (mmu-radix.c);
           the hash page table is not written yet */
        if (ppc_radix_enabled(env)) {
            return ppc_radix_translate(env, ea, access, mmu_idx, ra_out,
                                       prot_out, may_raise, ra);
        }
        return fail(env, ea, access, may_raise, ra);
    }
    uint64_t real = ea & REAL_ADDR_MASK;
    if (real >= env->ram_size) {
        if (!may_raise) {
            return false;
        }
        if (access != ACCESS_FETCH) {
            env->spr[SPR_DAR] = ea;
        }
        ppc_raise_exception(env, EXCP_MCHECK, 0, ra);
    }
    *ra_out = real;
    *prot_out = PROT_READ | PROT_WRITE | PROT_EXEC;
    return true;
}
