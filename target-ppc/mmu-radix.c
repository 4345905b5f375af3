/*
 * target-ppc/mmu-radix.c: radix tree translation (Power ISA 3.0B Book III
 * ch. 5, "Radix Tree Translation"), for a guest partition whose
 * hypervisor is us.
 *
 * Two-level translation collapses to one.  The partition-scoped step
 * (guest real -> host real) is the identity within guest RAM: there is no
 * partition table of our own to walk.  The process-scoped step is the
 * guest's: the process table registered with H_REGISTER_PROC_TBL
 * (env->radix.proc_tbl), one 16-byte entry per PID whose doubleword 0
 * holds the tree's size (RTS = RTS1||RTS2, the tree maps 2^(RTS+31) bytes
 * of EA), root base (RPDB) and root size (RPDS, log2 of its entries).
 *
 * The EA: bits 0:1 pick the quadrant.  Quadrant 0 uses PIDR, quadrant 3
 * PID 0 (the kernel's own tree); 1 and 2 belong to the hypervisor, and a
 * guest access there is a segment interrupt, as is an EA with bits set
 * above the tree (bits 2:11 for the 52-bit tree Linux uses).  Each level
 * consumes NLS index bits from the top of what is left; an entry with V=0
 * ends the walk with "no translation", one with L=1 is the leaf and the
 * bits left are the page offset (4K, 64K, 2M or 1G pages).
 *
 * Protection (Book III ch. 5, "Storage Protection"), in this order:
 *   - problem state may not touch a page with EAA[0] (privileged) = 1;
 *   - EAA[1] read, EAA[2] read/write, EAA[3] execute;
 *   - privileged accesses to a non-privileged page are further limited by
 *     key 0 of the AMR (bit 0: no stores, bit 1: no loads) and of the IAMR
 *     (bit 1: no fetches).  This is how Linux's KUAP/KUEP keep the kernel
 *     off user memory.  Problem state is never limited by the AMR here;
 *   - a fetch from a page whose ATT is non-idempotent I/O (guarded) fails.
 * A permitted access sets R in the leaf, a store also C, with an atomic
 * update of the guest's PTE as the hardware does (Linux relies on it).
 *
 * Failures, with the ISA's bit numbers (DSISR is bits 32:63 of a
 * doubleword; an ISI puts the same numbers in SRR1):
 *   no translation          DSISR[33] / SRR1[33]
 *   protection (EAA, AMR)   DSISR[36] / SRR1[36]
 *   no-execute or guarded   SRR1[35]
 *   store                   DSISR[38], with any of the above
 *   unsupported tree        DSISR[44] / SRR1[44]: RTS beyond 52 bits, NLS
 *                           < 5, a table not aligned to its size, a level
 *                           leaving less than a 4K page, or a leaf whose
 *                           page size is not 4K/64K/2M/1G
 *   quadrant 1/2, EA beyond the tree: data/instruction segment interrupt
 *                           (0x380 with DAR = EA / 0x480)
 * DAR = EA for every data fault.  Choices where the ISA leaves room: a PID
 * beyond the process table is "no translation"; a table entry outside
 * guest RAM is a machine check, as every real address beyond RAM is on
 * this machine; a data segment interrupt sets DSISR to the store bit
 * alone; the AMR/IAMR refusal is reported as a protection fault, which is
 * what Linux's KUAP/KUEP fault paths recognise.
 *
 * The softmmu TLB is filled one 4K page per miss, whatever the guest page
 * size, and it is keyed by EA and MMU index only: a new PID, a new process
 * table or LPCR, and tlbie all flush it.  AMR/IAMR writes that take
 * permission away flush the non-privileged pages privileged code reached
 * under the old value (PPCRadixState.amr_pages).
 */
#include <sys/mman.h>

#include "exec.h"
#include "mmu-hash.h"
#include "mmu-radix.h"

enum { ACCESS_LOAD = 0, ACCESS_STORE = 1, ACCESS_FETCH = 2 };

/* ------------------------------------------------------ tables in RAM */

/* the 8-byte entry at real address addr, or false outside RAM; entries
   are 8-byte aligned (tables are aligned to their size) */
static bool entry_ptr(CPUPPCState *env, uint64_t addr, uint64_t **out)
{
    if (env->ram == NULL || env->ram_size < 8 || addr > env->ram_size - 8 ||
        (addr & 7)) {
        return false;
    }
    *out = (uint64_t *)(void *)(env->ram + addr);
    return true;
}

static uint64_t entry_load(const uint64_t *p)
{
    return __builtin_bswap64(__atomic_load_n(p, __ATOMIC_ACQUIRE));
}

/* replaces old by new unless another vCPU changed the entry meanwhile */
static bool entry_update(uint64_t *p, uint64_t old, uint64_t new)
{
    uint64_t expected = __builtin_bswap64(old);

    return __atomic_compare_exchange_n(p, &expected, __builtin_bswap64(new),
                                       false, __ATOMIC_ACQ_REL,
                                       __ATOMIC_ACQUIRE);
}

/* ------------------------------------------------------ the walk */

/* the PID that translates ea: quadrant 0 PIDR, quadrant 3 PID 0 */
static PPCRadixFault ea_pid(CPUPPCState *env, uint64_t ea, uint32_t *pid)
{
    switch (ea >> 62) {
    case 0:
        *pid = (uint32_t)env->spr[SPR_PIDR];
        break;
    case 3:
        *pid = 0;
        break;
    default:
        return RADIX_FAULT_SEGMENT;
    }
    /* no tree maps more than 52 bits */
    return (ea & PPC_BITS(2, 11)) ? RADIX_FAULT_SEGMENT : RADIX_OK;
}

/* doubleword 0 of the process table entry for pid, from the
   process-table cache when it has it */
static PPCRadixFault load_prte0(CPUPPCState *env, uint32_t pid,
                                uint64_t *prte0)
{
    uint64_t tbl = env->radix.proc_tbl;
    unsigned size_log2 = 12 + (unsigned)(tbl & PRTB_SIZE_MASK);
    uint64_t offset = (uint64_t)pid * PRTB_ENTRY_SIZE;
    uint64_t *p;
    __typeof__(env->radix.prtc[0]) *c =
        &env->radix.prtc[pid % PPC_PRTC_SIZE];

    if (c->valid && c->pid == pid) {
        *prte0 = c->prte0;
        return RADIX_OK;
    }
    if (offset >= (1ull << size_log2)) {
        return RADIX_FAULT_NOPTE;
    }
    if (!entry_ptr(env, (tbl & PRTB_BASE_MASK) + offset, &p)) {
        return RADIX_FAULT_NO_RAM;
    }
    *prte0 = entry_load(p);
    c->prte0 = *prte0;
    c->pid = pid;
    c->valid = true;
    return RADIX_OK;
}

/* the page walk cache slot of an EA: by its 2 MiB region, the span of a
   last-level table in Linux's trees (64K pages: 5 index bits; 4K: 9) */
static __typeof__(((PPCRadixState *)0)->pwc[0]) *pwc_slot(CPUPPCState *env,
                                                         uint64_t ea)
{
    return &env->radix.pwc[((ea >> 21) ^ (ea >> 62)) % PPC_PWC_SIZE];
}

static bool page_size_supported(unsigned shift)
{
    return shift == 12 || shift == 16 || shift == 21 || shift == 30;
}

/*
 * Walks the tree that prte0 describes down to the leaf for ea.  The page
 * walk cache remembers the table in which the last walk of a region found
 * its leaf (never the root), so the next walk there starts in it: one
 * load instead of four in Linux's trees.  An entry holds only what valid
 * directory entries said, and stays until tlbie RIC=1/2 (or a wider
 * flush) removes it, as the ISA allows a page walk cache to (Book III
 * 5.10.1: software changing a directory entry invalidates the cache).
 */
static PPCRadixFault tree_walk(CPUPPCState *env, uint64_t ea, uint32_t pid,
                               uint64_t prte0, PPCRadixResult *res)
{
    unsigned rts = (unsigned)(((prte0 & PRTE0_RTS1) >> (63 - 2)) << 3 |
                              (prte0 & PRTE0_RTS2) >> (63 - 58));
    unsigned shift = rts + 31;            /* EA bits the tree maps */
    uint64_t base = prte0 & PRTE0_RPDB;
    unsigned nls = (unsigned)(prte0 & PRTE0_RPDS);
    __typeof__(env->radix.pwc[0]) *c = pwc_slot(env, ea);
    bool at_root = true;

    if (shift > 52) {
        return RADIX_FAULT_BADCONFIG;
    }
    if ((ea & ~PPC_BITS(0, 1)) >> shift) {
        return RADIX_FAULT_SEGMENT;
    }
    if (c->valid && c->pid == pid && c->shift < 64 &&
        (ea >> c->shift) == c->region) {
        base = c->base;
        nls = c->nls;
        shift = c->shift;
        at_root = false;
    }
    for (;;) {
        uint64_t *p, entry;
        unsigned table_shift = shift;

        if (nls < 5 || nls + 12 > shift || (base & ((8ull << nls) - 1))) {
            return RADIX_FAULT_BADCONFIG;
        }
        shift -= nls;
        res->pte_addr = base + ((ea >> shift) & ((1ull << nls) - 1)) * 8;
        if (!entry_ptr(env, res->pte_addr, &p)) {
            return RADIX_FAULT_NO_RAM;
        }
        entry = entry_load(p);
        if (!(entry & RADIX_V)) {
            return RADIX_FAULT_NOPTE;
        }
        if (entry & RADIX_L) {
            if (!page_size_supported(shift)) {
                return RADIX_FAULT_BADCONFIG;
            }
            res->pte = entry;
            res->page_shift = shift;
            if (!at_root) {
                c->region = ea >> table_shift;
                c->base = base;
                c->pid = pid;
                c->shift = (uint8_t)table_shift;
                c->nls = (uint8_t)nls;
                c->valid = true;
            }
            return RADIX_OK;
        }
        base = entry & RADIX_NLB;
        nls = (unsigned)(entry & RADIX_NLS);
        at_root = false;
    }
}

/* what this context may do with the page pte maps */
static int leaf_prot(CPUPPCState *env, uint64_t pte, bool problem_state)
{
    int prot = 0;

    if (problem_state && (pte & RADIX_EAA_PRIV)) {
        return 0;
    }
    if (pte & RADIX_EAA_READ) {
        prot |= PROT_READ;
    }
    if (pte & RADIX_EAA_RW) {
        prot |= PROT_READ | PROT_WRITE;
    }
    if (pte & RADIX_EAA_EXEC) {
        prot |= PROT_EXEC;
    }
    if (!problem_state && !(pte & RADIX_EAA_PRIV)) {
        uint64_t amr = env->spr[SPR_AMR], iamr = env->spr[SPR_IAMR];
        if (amr & AMR_KEY0_NO_STORE) {
            prot &= ~PROT_WRITE;
        }
        if (amr & AMR_KEY0_NO_LOAD) {
            prot &= ~PROT_READ;
        }
        if (iamr & IAMR_KEY0_NO_EXEC) {
            prot &= ~PROT_EXEC;
        }
    }
    return prot;
}

static PPCRadixFault check_access(uint64_t pte, int prot, int access)
{
    static const int need[] = {
        [ACCESS_LOAD] = PROT_READ,
        [ACCESS_STORE] = PROT_WRITE,
        [ACCESS_FETCH] = PROT_EXEC,
    };

    if (access == ACCESS_FETCH &&
        (!(pte & RADIX_EAA_EXEC) ||
         (pte & RADIX_ATT) == RADIX_ATT_NI_IO)) {
        return RADIX_FAULT_NOEXEC;
    }
    return (prot & need[access]) ? RADIX_OK : RADIX_FAULT_PROT;
}

/* one attempt: walk, check, set R/C; false if the PTE changed under us */
static bool walk_once(CPUPPCState *env, uint64_t ea, int access, int mmu_idx,
                      PPCRadixResult *res, PPCRadixFault *fault)
{
    uint32_t pid;
    uint64_t prte0, *p, rc;
    uint64_t offset_mask;

    if ((*fault = ea_pid(env, ea, &pid)) != RADIX_OK ||
        (*fault = load_prte0(env, pid, &prte0)) != RADIX_OK ||
        (*fault = tree_walk(env, ea, pid, prte0, res)) != RADIX_OK) {
        return true;
    }
    res->prot = leaf_prot(env, res->pte, (mmu_idx & MMU_IDX_USER) != 0);
    if ((*fault = check_access(res->pte, res->prot, access)) != RADIX_OK) {
        return true;
    }
    offset_mask = (1ull << res->page_shift) - 1;
    res->raddr = ((res->pte & RADIX_RPN) & ~offset_mask) | (ea & offset_mask);
    rc = RADIX_R | (access == ACCESS_STORE ? RADIX_C : 0);
    if ((res->pte & rc) == rc) {
        return true;
    }
    if (!entry_ptr(env, res->pte_addr, &p)) {
        *fault = RADIX_FAULT_NO_RAM; /* the walk read it: not reached */
        return true;
    }
    if (!entry_update(p, res->pte, res->pte | rc)) {
        return false;
    }
    res->pte |= rc;
    return true;
}

PPCRadixFault ppc_radix_walk(CPUPPCState *env, uint64_t ea, int access,
                             int mmu_idx, PPCRadixResult *res)
{
    PPCRadixFault fault = RADIX_OK;

    /* another vCPU changing the PTE between our read and our R/C update
       makes us walk again: the new PTE may not allow the access any more */
    while (!walk_once(env, ea, access, mmu_idx, res, &fault)) {
    }
    return fault;
}

/* ------------------------------------------------------ faults */

/* the DSISR (data) or SRR1 (fetch) bit of each storage fault */
static const uint64_t fault_cause[] = {
    [RADIX_FAULT_NOPTE] = DSISR_NOPTE,
    [RADIX_FAULT_PROT] = DSISR_PROTFAULT,
    [RADIX_FAULT_NOEXEC] = SRR1_ISI_NOEXEC,
    [RADIX_FAULT_BADCONFIG] = DSISR_BADCONFIG,
};

static _Noreturn void raise_fault(CPUPPCState *env, uint64_t ea, int access,
                                  PPCRadixFault fault, uintptr_t ra)
{
    switch (fault) {
    case RADIX_FAULT_NO_RAM:
        ppc_mmu_fault(env, ea, access, PPC_MMU_FAULT_MCHECK, 0, ra);
    case RADIX_FAULT_SEGMENT:
        ppc_mmu_fault(env, ea, access, PPC_MMU_FAULT_SEGMENT, 0, ra);
    default:
        ppc_mmu_fault(env, ea, access, PPC_MMU_FAULT_STORAGE,
                      fault_cause[fault], ra);
    }
}

/* a privileged translation of a non-privileged page depends on AMR/IAMR:
   remember its page for ppc_store_amr/iamr */
static void note_amr_page(CPUPPCState *env, uint64_t ea)
{
    PPCRadixState *r = &env->radix;

    if (r->nb_amr_pages < PPC_AMR_PAGES) {
        r->amr_pages[r->nb_amr_pages] = ea & TARGET_PAGE_MASK;
    }
    if (r->nb_amr_pages <= PPC_AMR_PAGES) {
        r->nb_amr_pages++;
    }
}

bool ppc_radix_translate(CPUPPCState *env, uint64_t ea, int access,
                         int mmu_idx, uint64_t *ra_out, int *prot_out,
                         bool may_raise, uintptr_t ra)
{
    PPCRadixResult res;
    PPCRadixFault fault = ppc_radix_walk(env, ea, access, mmu_idx, &res);

    if (fault != RADIX_OK) {
        if (may_raise) {
            raise_fault(env, ea, access, fault, ra);
        }
        return false;
    }
    if (!(mmu_idx & MMU_IDX_USER) && !(res.pte & RADIX_EAA_PRIV)) {
        note_amr_page(env, ea);
    }
    *ra_out = res.raddr;
    *prot_out = res.prot;
    return true;
}

/* ------------------------------------------------------ flushes */

static void flush_amr_pages(CPUPPCState *env)
{
    PPCRadixState *r = &env->radix;

    if (r->nb_amr_pages > PPC_AMR_PAGES) {
        tlb_flush(env);
    } else {
        for (uint32_t i = 0; i < r->nb_amr_pages; i++) {
            tlb_flush_page(env, r->amr_pages[i]);
        }
    }
    r->nb_amr_pages = 0;
}

/* the page walk cache entries of one PID, or all (all_pids) */
static void pwc_flush(CPUPPCState *env, uint32_t pid, bool all_pids)
{
    for (unsigned i = 0; i < PPC_PWC_SIZE; i++) {
        if (all_pids || env->radix.pwc[i].pid == pid) {
            env->radix.pwc[i].valid = false;
        }
    }
}

/* the cached process table entries of one PID, or all */
static void prtc_flush(CPUPPCState *env, uint32_t pid, bool all_pids)
{
    for (unsigned i = 0; i < PPC_PRTC_SIZE; i++) {
        if (all_pids || env->radix.prtc[i].pid == pid) {
            env->radix.prtc[i].valid = false;
        }
    }
}

static void flush_all(CPUPPCState *env)
{
    tlb_flush(env);
    env->radix.nb_amr_pages = 0;
    pwc_flush(env, 0, true);
    prtc_flush(env, 0, true);
}

void ppc_radix_flush_all(CPUPPCState *env)
{
    flush_all(env);
}

/* bit k set for each key k whose rights the AMR/IAMR bits taken remove */
static uint32_t keys_of(uint64_t taken)
{
    uint32_t keys = 0;

    for (unsigned k = 0; k < 32; k++) {
        if (taken & PPC_BITS(2 * k, 2 * k + 1)) {
            keys |= 1u << k;
        }
    }
    return keys;
}

void ppc_store_amr(CPUPPCState *env, uint64_t val)
{
    uint64_t taken = val & ~env->spr[SPR_AMR];

    env->spr[SPR_AMR] = val;
    if (!ppc_radix_enabled(env)) {
        /* hash: every key is checked (mmu-hash.c) */
        if (taken) {
            ppc_hash_keys_restricted(env, keys_of(taken));
        }
        return;
    }
    if (taken & (AMR_KEY0_NO_STORE | AMR_KEY0_NO_LOAD)) {
        flush_amr_pages(env);
    }
}

void ppc_store_iamr(CPUPPCState *env, uint64_t val)
{
    uint64_t taken = val & ~env->spr[SPR_IAMR];

    env->spr[SPR_IAMR] = val;
    if (!ppc_radix_enabled(env)) {
        if (taken) {
            ppc_hash_keys_restricted(env, keys_of(taken));
        }
        return;
    }
    if (taken & IAMR_KEY0_NO_EXEC) {
        flush_amr_pages(env);
    }
}

/* RB[56:58] AP, the actual page size of a tlbie with IS=0 (Book III
   5.9.3): log2 of the size, 0 for an encoding with no size */
static unsigned ap_page_shift(unsigned ap)
{
    static const uint8_t shift[8] = {[0] = 12, [5] = 16, [1] = 21, [2] = 30};

    return shift[ap & 7];
}

/* the MMU indexes that hold process-scoped (translated) entries */
#define MMU_MASK_TRANSLATED ((1u << MMU_IDX_KERNEL) | (1u << MMU_IDX_USER))
#define QUADRANT_SIZE (1ull << 62)

/*
 * The TLB entries of PID pid in [start, start + len), inside one
 * quadrant.  Our TLB holds, for translated MMU indexes, quadrant 0
 * through the current PIDR and quadrant 3 through PID 0 (a PIDR write
 * flushes quadrant 0: ppc_radix_store_pidr), so a PID names the entries
 * of the quadrants it translates, and a PID that translates nothing here
 * names none.
 */
static void tlb_flush_pid(CPUPPCState *env, uint32_t pid, uint64_t start,
                          uint64_t len)
{
    unsigned q = (unsigned)(start >> 62);

    if ((q == 0 && pid == (uint32_t)env->spr[SPR_PIDR]) ||
        (q == 3 && pid == 0)) {
        tlb_flush_range(env, start, len, MMU_MASK_TRANSLATED);
    }
}

/*
 * tlbie/tlbiel (Power ISA 3.0B Book III 5.10.1; RB and RS as Linux's
 * radix_tlb.c builds them).  The fields:
 *   R    1: radix translations; 0: the hashed page table's
 *   PRS  1: process-scoped (EA -> guest real through a PID's tree);
 *        0: partition-scoped (guest real -> host real)
 *   RIC  0: the TLB; 1: the page walk cache; 2: both and the cached
 *        process/partition table entries; 3: those table entries only
 *   IS   (RB[52:53]) 0: the page RB[0:51] of size RB[56:58] (AP) in the
 *        PID RS[0:31]; 1: everything of that PID; 2: of the partition
 *        (LPID); 3: of every partition
 * What each flushes here, a superset of the ISA's scope where ours is
 * coarser:
 *   R=0 (hash forms, which under radix name nothing): everything, as the
 *     hash MMU's callers expect (mmu-hash.c owns that TLB);
 *   RIC=1, RIC=3: no TLB entry; the page walk cache / table cache of the
 *     PID (IS=0/1) or all of it (IS=2/3, and PRS=0);
 *   PRS=0 with RIC=0/2: everything (a partition-scoped translation is
 *     part of every translated entry, and of the real-mode ones);
 *   PRS=1 with RIC=0/2: IS=0 the page's 4K entries if the PID is the one
 *     translating the EA's quadrant; IS=1 the quadrant(s) the PID
 *     translates; IS=2/3 every translated entry (the real-mode ones are
 *     partition-scoped and stay).  An AP with no page size (reserved) is
 *     taken as the PID's whole scope.
 * The jump cache slots of the flushed pages go with them (tlb_flush_range).
 */
void ppc_radix_tlbie(CPUPPCState *env, uint64_t rb, uint64_t rs,
                     unsigned ric, bool prs, bool r)
{
    unsigned is = (unsigned)((rb & PPC_BITS(52, 53)) >> (63 - 53));
    unsigned shift = ap_page_shift((unsigned)((rb & PPC_BITS(56, 58)) >>
                                              (63 - 58)));
    uint32_t pid = (uint32_t)(rs >> 32);
    bool all_pids = is >= 2 || !prs;

    if (!r) {
        flush_all(env);
        return;
    }
    if (ric == 1 || ric == 2) {
        pwc_flush(env, pid, all_pids);
    }
    if (ric == 2 || ric == 3) {
        prtc_flush(env, pid, all_pids);
    }
    if (ric == 1 || ric == 3) {
        return;
    }
    if (!prs) {
        tlb_flush(env);
        env->radix.nb_amr_pages = 0;
        return;
    }
    if (is == 0 && shift != 0) {
        uint64_t size = 1ull << shift;
        tlb_flush_pid(env, pid, rb & PPC_BITS(0, 51) & ~(size - 1), size);
    } else if (is <= 1) {
        tlb_flush_pid(env, pid, 0, QUADRANT_SIZE);
        tlb_flush_pid(env, pid, 3 * QUADRANT_SIZE, QUADRANT_SIZE);
    } else {
        tlb_flush_range(env, 0, QUADRANT_SIZE, MMU_MASK_TRANSLATED);
        tlb_flush_range(env, 3 * QUADRANT_SIZE, QUADRANT_SIZE,
                        MMU_MASK_TRANSLATED);
    }
}

/* a new PID changes the translations of quadrant 0; quadrant 3 is PID
   0's and the real-mode entries are partition-scoped: they stay.  Under
   the hash MMU every translated entry goes, as before. */
void ppc_radix_store_pidr(CPUPPCState *env, uint64_t val)
{
    uint64_t old = env->spr[SPR_PIDR];

    env->spr[SPR_PIDR] = val & 0xfffff;
    if (!ppc_radix_enabled(env)) {
        tlb_flush(env);
    } else if (env->spr[SPR_PIDR] != old) {
        tlb_flush_range(env, 0, QUADRANT_SIZE, MMU_MASK_TRANSLATED);
    }
}

/* ------------------------------------------------------ the hypervisor */

void ppc_set_process_table(CPUPPCState *env, uint64_t proc_tbl)
{
    env->radix.proc_tbl = proc_tbl & (PRTB_BASE_MASK | PRTB_SIZE_MASK);
    flush_all(env);
}

void ppc_set_lpcr_mmu(CPUPPCState *env, bool radix, bool gtse)
{
    uint64_t lpcr = env->spr[SPR_LPCR] & ~(LPCR_HR | LPCR_UPRT | LPCR_GTSE);

    if (radix) {
        lpcr |= LPCR_HR | LPCR_UPRT;
    }
    if (gtse) {
        lpcr |= LPCR_GTSE;
    }
    env->spr[SPR_LPCR] = lpcr;
    flush_all(env);
}
