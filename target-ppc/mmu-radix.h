/*
 * target-ppc/mmu-radix.h: the radix tree MMU of Power ISA 3.0B (Book III
 * ch. 5, "Radix Tree Translation"), as a guest partition sees it with us as
 * its hypervisor.  The layouts below use the ISA's bit numbers (bit 0 is
 * the most significant bit of a doubleword); tables in storage are always
 * big-endian.
 */
#ifndef POWERJIT_TARGET_PPC_MMU_RADIX_H
#define POWERJIT_TARGET_PPC_MMU_RADIX_H

#include "internal.h"

/* LPCR bits for the MMU (Book III 2.2) */
#define LPCR_UPRT PPC_BIT(41) /* use the process table */
#define LPCR_HR PPC_BIT(43)   /* radix tree translation */
#define LPCR_GTSE PPC_BIT(53) /* guest translation shootdown enable */

/* process table (PPCRadixState.proc_tbl): base and size */
#define PRTB_BASE_MASK PPC_BITS(4, 51)
#define PRTB_SIZE_MASK PPC_BITS(59, 63)
#define PRTB_ENTRY_SIZE 16

/* process table entry, doubleword 0 (radix) */
#define PRTE0_RTS1 PPC_BITS(1, 2)   /* radix tree size, high 2 bits */
#define PRTE0_RPDB PPC_BITS(4, 55)  /* root page directory base */
#define PRTE0_RTS2 PPC_BITS(56, 58) /* radix tree size, low 3 bits */
#define PRTE0_RPDS PPC_BITS(59, 63) /* root page directory size (log2) */

/* page directory entry (non-leaf) and page table entry (leaf) */
#define RADIX_V PPC_BIT(0)               /* valid */
#define RADIX_L PPC_BIT(1)               /* leaf */
#define RADIX_NLB PPC_BITS(4, 55)        /* next level base */
#define RADIX_NLS PPC_BITS(59, 63)       /* next level size (log2) */
#define RADIX_RPN PPC_BITS(7, 51)        /* real page number */
#define RADIX_R PPC_BIT(55)              /* reference */
#define RADIX_C PPC_BIT(56)              /* change */
#define RADIX_ATT PPC_BITS(58, 59)       /* attributes */
#define RADIX_ATT_NI_IO PPC_BIT(58)      /* 0b10: non-idempotent I/O */
#define RADIX_EAA_PRIV PPC_BIT(60)       /* privileged-only page */
#define RADIX_EAA_READ PPC_BIT(61)
#define RADIX_EAA_RW PPC_BIT(62)         /* read and write */
#define RADIX_EAA_EXEC PPC_BIT(63)

/* AMR/IAMR key 0 (Book III ch. 5, "Storage Protection"): what guards
   privileged accesses to non-privileged radix pages */
#define AMR_KEY0_NO_STORE PPC_BIT(0)
#define AMR_KEY0_NO_LOAD PPC_BIT(1)
#define IAMR_KEY0_NO_EXEC PPC_BIT(1)

/* DSI: DSISR bits; ISI: the same numbers in SRR1 (Book III 6.5.3, 6.5.5) */
#define DSISR_PROTFAULT PPC_BIT(36)      /* storage protection */
#define SRR1_ISI_NOEXEC PPC_BIT(35)      /* no-execute or guarded */
#define DSISR_BADCONFIG PPC_BIT(44)      /* unsupported radix tree */

/* why a translation failed */
typedef enum PPCRadixFault {
    RADIX_OK = 0,
    RADIX_FAULT_SEGMENT,   /* quadrant 1/2, or EA beyond the tree: DSEG/ISEG */
    RADIX_FAULT_NOPTE,     /* an entry with V=0, or PID beyond the table */
    RADIX_FAULT_PROT,      /* EAA, privilege, AMR or IAMR says no */
    RADIX_FAULT_NOEXEC,    /* fetch from a no-execute or guarded page */
    RADIX_FAULT_BADCONFIG, /* a tree shape the ISA does not allow */
    RADIX_FAULT_NO_RAM,    /* a table entry outside RAM: machine check */
} PPCRadixFault;

/* what a walk found */
typedef struct PPCRadixResult {
    uint64_t raddr;      /* real address of the EA */
    uint64_t pte;        /* the leaf, with the R/C bits this access set */
    uint64_t pte_addr;   /* its real address */
    unsigned page_shift; /* 12, 16, 21 or 30 */
    int prot;            /* PROT_READ/WRITE/EXEC this context may do */
} PPCRadixResult;

/* LPCR[HR]: EAs are translated by the radix tree when MSR[IR]/[DR] say so */
static inline bool ppc_radix_enabled(const CPUPPCState *env)
{
    return (env->spr[SPR_LPCR] & LPCR_HR) != 0;
}

/*
 * Translates ea for access (0 load, 1 store, 2 fetch) in mmu_idx
 * (MMU_IDX_KERNEL or MMU_IDX_USER).  On success sets R (and C for a
 * store) in the leaf PTE as the hardware does, and fills *res.
 */
PPCRadixFault ppc_radix_walk(CPUPPCState *env, uint64_t ea, int access,
                             int mmu_idx, PPCRadixResult *res);

/* ppc_mmu_translate for radix mode (same contract): on failure raises the
   architected interrupt if may_raise */
bool ppc_radix_translate(CPUPPCState *env, uint64_t ea, int access,
                         int mmu_idx, uint64_t *ra_out, int *prot_out,
                         bool may_raise, uintptr_t ra);

/* the softmmu flush that tlbie/tlbiel (Book III 5.9.3) with these
   operands needs */
void ppc_radix_tlbie(CPUPPCState *env, uint64_t rb, uint64_t rs,
                     unsigned ric, bool prs, bool r);
/* the TLB, the page walk cache and the process table cache, all of them */
void ppc_radix_flush_all(CPUPPCState *env);
/* mtspr PIDR: flushes what the old PID translated (quadrant 0) */
void ppc_radix_store_pidr(CPUPPCState *env, uint64_t val);

/* mtspr AMR / IAMR: store the value and flush the translations it takes
   permission away from.  trans-spr.c's writes should come here. */
void ppc_store_amr(CPUPPCState *env, uint64_t val);
void ppc_store_iamr(CPUPPCState *env, uint64_t val);

#endif
