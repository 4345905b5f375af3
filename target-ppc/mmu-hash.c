/*
 * target-ppc/mmu-hash.c: hashed page table translation (Power ISA 2.07
 * Book III-S 5.7.7-5.7.13; 3.0B "Hashed Page Table Translation"), for a
 * guest partition whose hypervisor is us.
 *
 * EA -> VA: the SLB (32 entries, PPCHashState.slb) maps a 256 MiB (B=00)
 * or 1 TiB (B=01) segment to a VSID and gives its keys Ks/Kp, its
 * no-execute bit N and its base page size (L||LP: 000 4K, 101 64K, 100
 * 16M).  No entry: data/instruction segment interrupt (0x380/0x480).
 *
 * VA -> RA: the hash of the VSID and the page index within the segment
 * (at the base page size; a 1T segment folds VSID<<25 in too), masked by
 * the table size, picks the primary PTEG; its ones' complement the
 * secondary (HPTE0[H]=1).  An HPTE matches on V, H, B and the AVPN (VA
 * bits 0:54, less the bits inside a page larger than 8 MiB).  A large
 * HPTE (L=1) carries its actual page size in the low RPN bits (LP), one
 * encoding per base/actual pair (ppc_hash_page_sizes; the same numbers
 * ibm,segment-page-sizes gives the guest), which is how a 4K or 64K
 * segment holds 64K or 16M pages (MPSS).
 *
 * Protection (5.7.13): key = MSR[PR] ? Kp : Ks, with PP0||PP:
 *     key 0: 000 001 010 read/write, 011 110 read-only
 *     key 1: 010 read/write, 001 011 read-only, 000 110 none
 * (other PP values are reserved: no access).  Fetches need read access
 * and N=0, G=0 in the HPTE and N=0 in the segment.  Then the page's
 * 5-bit storage key (HPTE1 bits 2:3 || 52:54) indexes the AMR (bit 2k:
 * no stores, 2k+1: no loads) and the IAMR (2k+1: no fetches), in both
 * privileged and problem state.  An allowed access sets R in the HPTE, a
 * store also C (an atomic OR on the big-endian doubleword).
 *
 * Faults, as mmu-radix.c's (ISA bit numbers; an ISI puts them in SRR1):
 * no HPTE DSISR[33], PP DSISR[36], key DSISR[42], no-execute SRR1[35],
 * DSISR[38] for a store; DAR = EA.
 *
 * Real mode (MSR[IR/DR]=0) stays in mmu.c: the RMA our hypervisor backs
 * is the first memory node, mapped one to one, which is what the VRMA's
 * HPTEs a PAPR hypervisor makes amount to.
 *
 * The softmmu TLB only holds translations through valid SLB entries: an
 * slbmte over a valid entry, slbie and slbia flush the EA range of the
 * entries they drop (one range spanning them all: a context switch drops
 * the user segments, low EAs, and the kernel's 0xc... pages stay);
 * slbia IH=7 drops no entry but all of the lookaside, so all of it.  An HPTE the
 * hypervisor changes is flushed page by page (ppc_hash_flush_hpte): its
 * EA is rebuilt from the AVPN and the PTEG index (the hash reversed) for
 * every SLB entry with its VSID.  A write is only put into the TLB once
 * C is set, so that the first store reaches the walker.
 */
#include <sys/mman.h>

#include "exec.h"
#include "mmu-hash.h"

enum { ACCESS_LOAD = 0, ACCESS_STORE = 1, ACCESS_FETCH = 2 };

/* Book III 5.7.7.1 and the LP encodings of POWER8/POWER9 */
const PPCHashPageSize ppc_hash_page_sizes[PPC_HASH_NB_PAGE_SIZES] = {
    { 12, 12, 0x000, 0xff },
    { 12, 16, 0x000, 0x07 },
    { 12, 24, 0x000, 0x38 },
    { 16, 16, 0x110, 0x01 },
    { 16, 24, 0x110, 0x08 },
    { 24, 24, 0x100, 0x00 },
};

unsigned ppc_hash_slb_base_shift(uint64_t slb_vsid)
{
    switch (slb_vsid & SLB_VSID_LLP) {
    case 0x000:
        return 12;
    case 0x110:
        return 16;
    case 0x100:
        return 24;
    default:
        return 0;
    }
}

unsigned ppc_hash_pte_page_shift(unsigned base_shift, uint64_t pte0,
                                 uint64_t pte1)
{
    unsigned lp = (unsigned)(pte1 >> 12) & 0xff;

    if (!(pte0 & HPTE0_L)) {
        return base_shift == 12 ? 12 : 0;
    }
    for (int i = 0; i < PPC_HASH_NB_PAGE_SIZES; i++) {
        const PPCHashPageSize *ps = &ppc_hash_page_sizes[i];
        unsigned mask = (1u << (ps->actual_shift - 12)) - 1;

        if (ps->base_shift == base_shift && ps->lp != 0xff &&
            (lp & mask & 0xff) == ps->lp) {
            return ps->actual_shift;
        }
    }
    return 0;
}

/* the base and actual size of a large HPTE whatever its segment (the
   encodings never collide); false if none */
static bool pte_sizes(uint64_t pte0, uint64_t pte1, unsigned *base,
                      unsigned *actual)
{
    static const uint8_t bases[] = { 12, 16, 24 };

    for (size_t i = 0; i < sizeof(bases); i++) {
        unsigned a = ppc_hash_pte_page_shift(bases[i], pte0, pte1);
        if (a) {
            *base = bases[i];
            *actual = a;
            return true;
        }
    }
    return false;
}

/* ------------------------------------------------------ the SLB */

static bool slb_1t(const PPCSLBEntry *e)
{
    return (e->vsid & SLB_VSID_B) == SLB_VSID_B_1T;
}

/* the VSID value (bits 2:51 for 256M, 2:39 for 1T) */
static uint64_t slb_vsid_value(const PPCSLBEntry *e)
{
    return slb_1t(e) ? (e->vsid & PPC_BITS(2, 39)) >> 24
                     : (e->vsid & SLB_VSID_VSID) >> 12;
}

static bool slb_matches(const PPCSLBEntry *e, uint64_t ea)
{
    uint64_t mask;

    if (!(e->esid & SLB_ESID_V)) {
        return false;
    }
    switch (e->vsid & SLB_VSID_B) {
    case 0:
        mask = SLB_ESID_256M;
        break;
    case SLB_VSID_B_1T:
        mask = SLB_ESID_1T;
        break;
    default:
        return false; /* reserved segment sizes translate nothing */
    }
    return ((e->esid ^ ea) & mask) == 0;
}

static PPCSLBEntry *slb_lookup(CPUPPCState *env, uint64_t ea)
{
    for (int i = 0; i < PPC_SLB_SIZE; i++) {
        if (slb_matches(&env->hash.slb[i], ea)) {
            return &env->hash.slb[i];
        }
    }
    return NULL;
}

static void flush_all(CPUPPCState *env)
{
    tlb_flush(env);
    env->hash.tlb_keys = 0;
}

/* the EAs a set of SLB entries translated, as one range (start, end
   inclusive); empty while start > end */
typedef struct SegRange {
    uint64_t start, end;
} SegRange;

#define SEG_RANGE_EMPTY ((SegRange){ UINT64_MAX, 0 })

static void seg_range_add(SegRange *r, const PPCSLBEntry *e)
{
    uint64_t mask = slb_1t(e) ? SLB_ESID_1T : SLB_ESID_256M;
    uint64_t base = e->esid & mask;

    if (base < r->start) {
        r->start = base;
    }
    if ((base | ~mask) > r->end) {
        r->end = base | ~mask;
    }
}

/* flushes what the TLB holds through the segments of r: only translated
   accesses went through the SLB, and only within their segment, so the
   real-mode indexes and every other segment's pages stay (a context
   switch drops the user segments, not the kernel's) */
static void flush_seg_range(CPUPPCState *env, const SegRange *r)
{
    if (r->start > r->end) {
        return;
    }
    if (r->start == 0 && r->end == UINT64_MAX) {
        flush_all(env); /* the whole EA space: no length to give */
        return;
    }
    tlb_flush_range(env, r->start, r->end - r->start + 1,
                    (1u << MMU_IDX_KERNEL) | (1u << MMU_IDX_USER));
}

/* Book III 5.9.3.4 slbmte: RB = ESID || V || index, RS = the VSID word */
bool ppc_slb_store(CPUPPCState *env, uint64_t rb, uint64_t rs)
{
    uint64_t index = rb & SLB_INDEX_MASK;
    PPCSLBEntry *e;

    if (index >= PPC_SLB_SIZE) {
        return false;
    }
    e = &env->hash.slb[index];
    if (e->esid & SLB_ESID_V) {
        /* what the old entry translated may be in the TLB */
        SegRange r = SEG_RANGE_EMPTY;

        seg_range_add(&r, e);
        flush_seg_range(env, &r);
    }
    e->esid = rb & (SLB_ESID_256M | SLB_ESID_V);
    e->vsid = rs & SLB_VSID_MASK;
    return true;
}

/* slbmfee / slbmfev (5.9.3.5-6): the entry RB[52:63] names; an index
   beyond the SLB reads as an invalid entry */
uint64_t ppc_slb_load_esid(CPUPPCState *env, uint64_t rb)
{
    uint64_t index = rb & SLB_INDEX_MASK;

    return index < PPC_SLB_SIZE ? env->hash.slb[index].esid : 0;
}

uint64_t ppc_slb_load_vsid(CPUPPCState *env, uint64_t rb)
{
    uint64_t index = rb & SLB_INDEX_MASK;

    return index < PPC_SLB_SIZE ? env->hash.slb[index].vsid : 0;
}

/* slbie / slbieg (5.9.3.2): the entry translating ESID RB[0:35] with
   segment size RB[37:38] */
void ppc_slb_invalidate(CPUPPCState *env, uint64_t rb)
{
    uint64_t b = (rb >> (63 - 38)) & 3;
    SegRange r = SEG_RANGE_EMPTY;

    for (int i = 0; i < PPC_SLB_SIZE; i++) {
        PPCSLBEntry *e = &env->hash.slb[i];
        if (slb_matches(e, rb) && ((e->vsid & SLB_VSID_B) >> 62) == b) {
            seg_range_add(&r, e);
            e->esid &= ~SLB_ESID_V;
        }
    }
    /* the TLB holds nothing through an entry that was not valid */
    flush_seg_range(env, &r);
}

/*
 * slbia IH (5.9.3.3): 0b011 invalidates the entries of class 1 (Linux's
 * user segments, on a context switch), 0b100 every entry, 0b111 none (only
 * the lookaside: our TLB), the other values every entry but entry 0.
 */
void ppc_slb_invalidate_all(CPUPPCState *env, unsigned ih)
{
    SegRange r = SEG_RANGE_EMPTY;

    if (ih == 7) {
        flush_all(env);
        return;
    }
    for (int i = 0; i < PPC_SLB_SIZE; i++) {
        PPCSLBEntry *e = &env->hash.slb[i];
        bool drop;

        switch (ih) {
        case 3:
            drop = (e->vsid & SLB_VSID_C) != 0;
            break;
        case 4:
            drop = true;
            break;
        default:
            drop = i != 0;
            break;
        }
        if (drop && (e->esid & SLB_ESID_V)) {
            seg_range_add(&r, e);
            e->esid &= ~SLB_ESID_V;
        }
    }
    flush_seg_range(env, &r);
}

/* slbfee. (5.9.3.7) */
bool ppc_slb_find(CPUPPCState *env, uint64_t rb, uint64_t *vsid)
{
    const PPCSLBEntry *e = slb_lookup(env, rb);

    *vsid = e ? e->vsid : 0;
    return e != NULL;
}

/* ------------------------------------------------------ the table */

void ppc_set_hpt(CPUPPCState *env, uint8_t *hpt, unsigned shift)
{
    env->hash.hpt = hpt;
    env->hash.hpt_mask = hpt ? (1ull << (shift - 7)) - 1 : 0;
    flush_all(env);
}

static uint64_t *hpte_ptr(CPUPPCState *env, uint64_t ptex)
{
    return (uint64_t *)(void *)(env->hash.hpt + ptex * HPTE_SIZE);
}

static uint64_t hpte_load(const uint64_t *p)
{
    return __builtin_bswap64(__atomic_load_n(p, __ATOMIC_ACQUIRE));
}

uint64_t ppc_hash_hash(uint64_t vsid, uint64_t ea, bool seg_1t,
                       unsigned base_shift)
{
    uint64_t h;

    if (seg_1t) {
        h = vsid ^ (vsid << 25) ^ ((ea & ((1ull << 40) - 1)) >> base_shift);
    } else {
        h = vsid ^ ((ea & ((1ull << 28) - 1)) >> base_shift);
    }
    return h & ((1ull << 39) - 1);
}

/* VA bits 0:54 of ea in the segment e */
static uint64_t ea_avpn(const PPCSLBEntry *e, uint64_t ea)
{
    uint64_t vsid = slb_vsid_value(e);

    if (slb_1t(e)) {
        return (vsid << 17) | ((ea & ((1ull << 40) - 1)) >> 23);
    }
    return (vsid << 5) | ((ea & ((1ull << 28) - 1)) >> 23);
}

#define AVPN_MASK ((1ull << 55) - 1)

/* searches one PTEG for the VA; false if no HPTE matches */
static bool pteg_search(CPUPPCState *env, uint64_t pteg, bool secondary,
                        const PPCSLBEntry *e, uint64_t avpn,
                        unsigned base_shift, PPCHashResult *res)
{
    uint64_t want_b = (e->vsid & SLB_VSID_B) >> 62;

    for (int i = 0; i < HPTES_PER_GROUP; i++) {
        uint64_t ptex = pteg * HPTES_PER_GROUP + (uint64_t)i;
        uint64_t *p = hpte_ptr(env, ptex);
        uint64_t pte0 = hpte_load(p), pte1, mask = AVPN_MASK;
        unsigned actual;

        if (!(pte0 & HPTE0_V) || ((pte0 & HPTE0_H) != 0) != secondary ||
            (pte0 >> HPTE0_B_SHIFT) != want_b) {
            continue;
        }
        pte1 = hpte_load(p + 1);
        actual = ppc_hash_pte_page_shift(base_shift, pte0, pte1);
        if (!actual) {
            continue;
        }
        if (actual > 23) {
            mask &= ~((1ull << (actual - 23)) - 1);
        }
        if (((pte0 >> HPTE0_AVPN_SHIFT) ^ avpn) & mask) {
            continue;
        }
        res->pte0 = pte0;
        res->pte1 = pte1;
        res->ptex = ptex;
        res->page_shift = actual;
        return true;
    }
    return false;
}

/* PP with the segment key (5.7.13.1) */
static int pp_prot(unsigned key, unsigned pp)
{
    static const int prot[2][8] = {
        { PROT_READ | PROT_WRITE, PROT_READ | PROT_WRITE,
          PROT_READ | PROT_WRITE, PROT_READ, 0, 0, PROT_READ, 0 },
        { 0, PROT_READ, PROT_READ | PROT_WRITE, PROT_READ, 0, 0, 0, 0 },
    };

    return prot[key][pp];
}

static unsigned pte_key(uint64_t pte1)
{
    return (unsigned)(((pte1 & HPTE1_KEY_HI) >> (63 - 3)) << 3 |
                      (pte1 & HPTE1_KEY_LO) >> (63 - 54));
}

/* what the AMR/IAMR leave of prot for storage key k */
static int key_prot(CPUPPCState *env, unsigned k, int prot)
{
    uint64_t amr = env->spr[SPR_AMR], iamr = env->spr[SPR_IAMR];

    if (amr & PPC_BIT(2 * k)) {
        prot &= ~PROT_WRITE;
    }
    if (amr & PPC_BIT(2 * k + 1)) {
        prot &= ~PROT_READ;
    }
    if (iamr & PPC_BIT(2 * k + 1)) {
        prot &= ~PROT_EXEC;
    }
    return prot;
}

PPCHashFault ppc_hash_walk(CPUPPCState *env, uint64_t ea, int access,
                           int mmu_idx, PPCHashResult *res)
{
    static const int need[] = {
        [ACCESS_LOAD] = PROT_READ,
        [ACCESS_STORE] = PROT_WRITE,
        [ACCESS_FETCH] = PROT_EXEC,
    };
    const PPCSLBEntry *e = slb_lookup(env, ea);
    unsigned base_shift;
    uint64_t hash, avpn, size, rc;
    bool problem = (mmu_idx & MMU_IDX_USER) != 0;
    int prot;

    if (!e) {
        return HASH_FAULT_SEGMENT;
    }
    base_shift = ppc_hash_slb_base_shift(e->vsid);
    if (!base_shift || !env->hash.hpt) {
        return HASH_FAULT_NOPTE;
    }
    hash = ppc_hash_hash(slb_vsid_value(e), ea, slb_1t(e), base_shift);
    avpn = ea_avpn(e, ea) & AVPN_MASK;
    if (!pteg_search(env, hash & env->hash.hpt_mask, false, e, avpn,
                     base_shift, res) &&
        !pteg_search(env, ~hash & env->hash.hpt_mask, true, e, avpn,
                     base_shift, res)) {
        return HASH_FAULT_NOPTE;
    }

    prot = pp_prot(problem ? (e->vsid & SLB_VSID_KP) != 0
                           : (e->vsid & SLB_VSID_KS) != 0,
                   (unsigned)(((res->pte1 & HPTE1_PP0) >> 61) |
                              (res->pte1 & HPTE1_PP)));
    if ((prot & PROT_READ) && !(res->pte1 & (HPTE1_N | HPTE1_G)) &&
        !(e->vsid & SLB_VSID_N)) {
        prot |= PROT_EXEC;
    }
    if (!(prot & need[access])) {
        if (access == ACCESS_FETCH && (prot & PROT_READ)) {
            return HASH_FAULT_NOEXEC;
        }
        return HASH_FAULT_PROT;
    }
    res->key = pte_key(res->pte1);
    prot = key_prot(env, res->key, prot);
    if (!(prot & need[access])) {
        return HASH_FAULT_KEY;
    }

    size = 1ull << res->page_shift;
    res->raddr = ((res->pte1 & HPTE1_RPN) & ~(size - 1)) | (ea & (size - 1));
    rc = HPTE1_R | (access == ACCESS_STORE ? HPTE1_C : 0);
    if ((res->pte1 & rc) != rc) {
        __atomic_fetch_or(hpte_ptr(env, res->ptex) + 1,
                          __builtin_bswap64(rc), __ATOMIC_ACQ_REL);
        res->pte1 |= rc;
    }
    if (!(res->pte1 & HPTE1_C)) {
        prot &= ~PROT_WRITE;
    }
    res->prot = prot;
    return HASH_OK;
}

/*
 * The hash of an HPTE whose EA is not known (H_RESIZE_HPT_COMMIT moving
 * it to a table of another size).  The hash is VSID (1T: VSID ^ VSID <<
 * 25) XOR the page index within the segment at the base page size.  The
 * AVPN holds the VSID and the EA bits from 2^23 up to the segment size;
 * the index bits below 2^23, and those the AVPN leaves out inside a 16M
 * page, come from the PTEG the entry sits in: its index is the low
 * old_bits bits of the hash (complemented for H=1), at least 11 of them,
 * which reach 2^23 for every base page size.
 */
bool ppc_hash_pte_rehash(uint64_t pte0, uint64_t pte1, uint64_t ptex,
                         unsigned old_bits, unsigned new_bits,
                         uint64_t *pteg)
{
    unsigned base = 12, actual = 12, width, lo;
    uint64_t avpn = (pte0 >> HPTE0_AVPN_SHIFT) & AVPN_MASK;
    uint64_t b = pte0 >> HPTE0_B_SHIFT;
    uint64_t vsid, off, vterm, old_hash, index, lo_mask, hash;

    if ((pte0 & HPTE0_L) && !pte_sizes(pte0, pte1, &base, &actual)) {
        return false;
    }
    if (b > 1) {
        return false; /* reserved segment size: never translated */
    }
    if (b == 1) {
        vsid = avpn >> 17;
        off = (avpn & 0x1ffff) << 23;
        vterm = vsid ^ (vsid << 25);
        width = 40 - base;
    } else {
        vsid = avpn >> 5;
        off = (avpn & 0x1f) << 23;
        vterm = vsid;
        width = 28 - base;
    }
    old_hash = (pte0 & HPTE0_H) ? ~(ptex / HPTES_PER_GROUP)
                                : ptex / HPTES_PER_GROUP;
    lo = old_bits < width ? old_bits : width;
    lo_mask = (1ull << lo) - 1;
    index = ((off >> base) & ~lo_mask) | ((old_hash ^ vterm) & lo_mask);
    hash = ppc_hash_hash(vsid, index << base, b == 1, base);
    if (pte0 & HPTE0_H) {
        hash = ~hash;
    }
    *pteg = hash & ((1ull << new_bits) - 1);
    return true;
}

/* ------------------------------------------------------ faults, fills */

static const uint64_t fault_cause[] = {
    [HASH_FAULT_NOPTE] = DSISR_NOPTE,
    [HASH_FAULT_PROT] = PPC_BIT(36),
    [HASH_FAULT_KEY] = DSISR_KEYFAULT,
    [HASH_FAULT_NOEXEC] = PPC_BIT(35),
};

bool ppc_hash_translate(CPUPPCState *env, uint64_t ea, int access,
                        int mmu_idx, uint64_t *ra_out, int *prot_out,
                        bool may_raise, uintptr_t ra)
{
    PPCHashResult res;
    PPCHashFault fault = ppc_hash_walk(env, ea, access, mmu_idx, &res);

    if (fault == HASH_OK && res.raddr >= env->ram_size &&
        !(env->vhyp && env->vhyp->mmio)) {
        /* H_ENTER checks the RPN (RAM, or the machine's MMIO windows,
           which the softmmu hands to vhyp->mmio); without MMIO a table
           the guest cannot have made */
        if (!may_raise) {
            return false;
        }
        ppc_mmu_fault(env, ea, access, PPC_MMU_FAULT_MCHECK, 0, ra);
    }
    if (fault != HASH_OK) {
        if (may_raise) {
            ppc_mmu_fault(env, ea, access,
                          fault == HASH_FAULT_SEGMENT ? PPC_MMU_FAULT_SEGMENT
                                                      : PPC_MMU_FAULT_STORAGE,
                          fault_cause[fault], ra);
        }
        return false;
    }
    env->hash.tlb_keys |= 1u << res.key;
    *ra_out = res.raddr;
    *prot_out = res.prot;
    return true;
}

/* ------------------------------------------------------ flushes */

void ppc_hash_keys_restricted(CPUPPCState *env, uint32_t keys)
{
    if (env->hash.tlb_keys & keys) {
        flush_all(env);
    }
}

void ppc_hash_flush_hpte(CPUPPCState *env, uint64_t ptex, uint64_t pte0,
                         uint64_t pte1)
{
    unsigned base = 12, actual = 12;
    uint64_t avpn = (pte0 >> HPTE0_AVPN_SHIFT) & AVPN_MASK;
    uint64_t b = pte0 >> HPTE0_B_SHIFT;
    uint64_t pteg = ptex / HPTES_PER_GROUP, hash, vsid, off, vterm;

    if ((pte0 & HPTE0_L) && !pte_sizes(pte0, pte1, &base, &actual)) {
        return; /* never translated anything */
    }
    if (actual > 16 || b > 1) {
        flush_all(env);
        return;
    }
    if (b == 1) {
        vsid = avpn >> 17;
        off = (avpn & 0x1ffff) << 23;
        vterm = vsid ^ (vsid << 25);
    } else {
        vsid = avpn >> 5;
        off = (avpn & 0x1f) << 23;
        vterm = vsid;
    }
    /* the hash's low bits are VSID ^ page index (the table has at least
       2^11 PTEGs, enough for the index bits below VA bit 55) */
    hash = (pte0 & HPTE0_H) ? ~pteg : pteg;
    off |= ((hash ^ vterm) & ((1ull << (23 - base)) - 1)) << base;
    off &= ~((1ull << actual) - 1);

    for (int i = 0; i < PPC_SLB_SIZE; i++) {
        const PPCSLBEntry *e = &env->hash.slb[i];
        uint64_t ea;

        if (!(e->esid & SLB_ESID_V) || (e->vsid & SLB_VSID_B) >> 62 != b ||
            slb_vsid_value(e) != vsid) {
            continue;
        }
        ea = (e->esid & (b ? SLB_ESID_1T : SLB_ESID_256M)) | off;
        for (uint64_t o = 0; o < (1ull << actual); o += TARGET_PAGE_SIZE) {
            tlb_flush_page(env, ea + o);
        }
    }
}
