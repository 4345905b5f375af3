/*
 * target-ppc/mmu-hash.h: the hashed page table MMU of the 64-bit Power ISA
 * (2.07 Book III-S ch. 5.7.7-5.7.10; 3.0B keeps it beside radix), as a
 * partition sees it with us as its hypervisor.  Bit numbers are the ISA's
 * (bit 0 = MSB of a doubleword); HPTEs are big-endian in the table.  The
 * HPTE layout is 2.07's for POWER9 too: under PAPR the guest only reaches
 * the table through hcalls, in that format.
 */
#ifndef POWERJIT_TARGET_PPC_MMU_HASH_H
#define POWERJIT_TARGET_PPC_MMU_HASH_H

#include "internal.h"

/* slbmte RB / SLB ESID word */
#define SLB_ESID_256M PPC_BITS(0, 35)
#define SLB_ESID_1T PPC_BITS(0, 23)
#define SLB_ESID_V PPC_BIT(36)
#define SLB_INDEX_MASK UINT64_C(0xfff)         /* RB bits 52:63 */

/* slbmte RS / SLB VSID word */
#define SLB_VSID_B PPC_BITS(0, 1)        /* 00: 256 MiB, 01: 1 TiB */
#define SLB_VSID_B_1T PPC_BIT(1)
#define SLB_VSID_VSID PPC_BITS(2, 51)
#define SLB_VSID_KS PPC_BIT(52)          /* privileged-state key */
#define SLB_VSID_KP PPC_BIT(53)          /* problem-state key */
#define SLB_VSID_N PPC_BIT(54)           /* no-execute segment */
#define SLB_VSID_L PPC_BIT(55)           /* large base page */
#define SLB_VSID_C PPC_BIT(56)           /* class */
#define SLB_VSID_LP PPC_BITS(58, 59)
#define SLB_VSID_LLP (SLB_VSID_L | SLB_VSID_LP)
#define SLB_VSID_MASK PPC_BITS(0, 59)    /* what slbmte keeps */

/* HPTE doubleword 0 */
#define HPTE0_B PPC_BITS(0, 1)
#define HPTE0_B_SHIFT 62
#define HPTE0_AVPN PPC_BITS(2, 56)
#define HPTE0_AVPN_SHIFT 7
#define HPTE0_SW PPC_BITS(57, 60)
#define HPTE0_L PPC_BIT(61)              /* large page: LP in the RPN */
#define HPTE0_H PPC_BIT(62)              /* in the secondary PTEG */
#define HPTE0_V PPC_BIT(63)

/* HPTE doubleword 1 */
#define HPTE1_PP0 PPC_BIT(0)
#define HPTE1_KEY_HI PPC_BITS(2, 3)      /* key bits 0:1 */
#define HPTE1_RPN PPC_BITS(4, 51)        /* real page number (with LP) */
#define HPTE1_KEY_LO PPC_BITS(52, 54)    /* key bits 2:4 */
#define HPTE1_R PPC_BIT(55)
#define HPTE1_C PPC_BIT(56)
#define HPTE1_WIMG PPC_BITS(57, 60)
#define HPTE1_W PPC_BIT(57)
#define HPTE1_I PPC_BIT(58)
#define HPTE1_M PPC_BIT(59)
#define HPTE1_G PPC_BIT(60)              /* guarded: no fetches */
#define HPTE1_N PPC_BIT(61)              /* no-execute */
#define HPTE1_PP PPC_BITS(62, 63)

#define HPTE_SIZE 16
#define HPTEG_SIZE 128
#define HPTES_PER_GROUP 8

/* DSISR / SRR1 bits of hash faults not in internal.h or mmu-radix.h */
#define DSISR_KEYFAULT PPC_BIT(42)       /* AMR/IAMR refused the key */

/* why a translation failed */
typedef enum PPCHashFault {
    HASH_OK = 0,
    HASH_FAULT_SEGMENT, /* no SLB entry: data/instruction segment int. */
    HASH_FAULT_NOPTE,   /* no HPTE in either PTEG */
    HASH_FAULT_PROT,    /* PP and the segment's key say no */
    HASH_FAULT_KEY,     /* the AMR/IAMR say no for the page's key */
    HASH_FAULT_NOEXEC,  /* fetch: N or G page, or N segment */
} PPCHashFault;

/* what a walk found */
typedef struct PPCHashResult {
    uint64_t raddr;      /* real address of the EA */
    uint64_t pte0, pte1; /* the HPTE, pte1 with the R/C this access set */
    uint64_t ptex;       /* its index in the HPT */
    unsigned page_shift; /* actual page size: 12, 16 or 24 */
    unsigned key;        /* the storage key, 0..31 */
    int prot;            /* PROT_READ/WRITE/EXEC allowed (write only once
                            C is set, so that a store sets it) */
} PPCHashResult;

/* a base/actual page size pair the HPTE can encode (Book III 5.7.7.1) */
typedef struct PPCHashPageSize {
    uint8_t base_shift;   /* the segment's base page size */
    uint8_t actual_shift; /* the page's */
    uint16_t slb_llp;     /* the SLB's L||LP for this base size */
    uint8_t lp;           /* HPTE0[L]=1: RPN bits LP (0xff: L=0) */
} PPCHashPageSize;

#define PPC_HASH_NB_PAGE_SIZES 6
extern const PPCHashPageSize ppc_hash_page_sizes[PPC_HASH_NB_PAGE_SIZES];

/* the actual page shift of an HPTE in a segment with base page base_shift
   (0 if pte0/pte1 encode no supported size) */
unsigned ppc_hash_pte_page_shift(unsigned base_shift, uint64_t pte0,
                                 uint64_t pte1);
/* the base page shift an SLB VSID word selects (0: not supported) */
unsigned ppc_hash_slb_base_shift(uint64_t slb_vsid);

/* the primary hash of a VSID and an EA (Book III 5.7.7.3), 39 bits */
uint64_t ppc_hash_hash(uint64_t vsid, uint64_t ea, bool seg_1t,
                       unsigned base_shift);

/* the PTEG an HPTE found at ptex of a table of 2^old_bits PTEGs belongs
   in within a table of 2^new_bits PTEGs (same hash, primary or
   secondary as its H bit says; both tables at least 2^11 PTEGs); false
   if it encodes no page size or segment size the walker has */
bool ppc_hash_pte_rehash(uint64_t pte0, uint64_t pte1, uint64_t ptex,
                         unsigned old_bits, unsigned new_bits,
                         uint64_t *pteg);

/* translates ea for access (0 load, 1 store, 2 fetch) in mmu_idx; sets R
   (and C for a store) in the HPTE */
PPCHashFault ppc_hash_walk(CPUPPCState *env, uint64_t ea, int access,
                           int mmu_idx, PPCHashResult *res);

/* ppc_mmu_translate for hash mode (same contract) */
bool ppc_hash_translate(CPUPPCState *env, uint64_t ea, int access,
                        int mmu_idx, uint64_t *ra_out, int *prot_out,
                        bool may_raise, uintptr_t ra);

/* SLB instructions (trans-mmu.c's helpers); return false for a guest
   error the caller turns into an illegal-instruction interrupt */
bool ppc_slb_store(CPUPPCState *env, uint64_t rb, uint64_t rs);
uint64_t ppc_slb_load_esid(CPUPPCState *env, uint64_t rb);
uint64_t ppc_slb_load_vsid(CPUPPCState *env, uint64_t rb);
void ppc_slb_invalidate(CPUPPCState *env, uint64_t rb);
void ppc_slb_invalidate_all(CPUPPCState *env, unsigned ih);
/* slbfee.: the VSID word of the entry translating rb, found or not */
bool ppc_slb_find(CPUPPCState *env, uint64_t rb, uint64_t *vsid);

/* the AMR/IAMR took rights away from the keys in the mask (bit k = key
   k): flushes what the TLB holds of such pages */
void ppc_hash_keys_restricted(CPUPPCState *env, uint32_t keys);
/* tlbie/tlbiel in hash mode (R=0): RB holds the VPN */
void ppc_hash_tlbie(CPUPPCState *env, uint64_t rb);

#endif
