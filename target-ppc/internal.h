/*
 * target-ppc internals shared between the CPU's own files (cpu.c, excp.c,
 * mmu.c, timebase.c, trans-system.c) but not part of the CPU's public face
 * (include/cpu.h) nor of the translator contract (translate.h): register bit
 * layouts, the MSR write rules, the decrementer.
 */
#ifndef POWERJIT_TARGET_PPC_INTERNAL_H
#define POWERJIT_TARGET_PPC_INTERNAL_H

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "cpu.h"

/* an ISA (MSB = bit 0) bit number of a 64-bit register, as a mask */
#define PPC_BIT(n) (1ull << (63 - (n)))
/* ISA bits first..last of a 64-bit register, as a mask */
#define PPC_BITS(first, last)                                                 \
    ((~0ull >> (first)) & (~0ull << (63 - (last))))

/* MSR bits not named in cpu.h (Book III 4.2.1) */
#define MSR_S 22   /* secure (ISA bit 41): never set for us */
#define MSR_TS1 34 /* transaction state, ISA bits 29:30 */
#define MSR_TS0 33
#define MSR_TM 32  /* ISA bit 31 */

/* LPCR (Book III 2.2): the fields an LPAR interrupt depends on */
#define LPCR_ILE PPC_BIT(38)          /* interrupt little-endian */
#define LPCR_AIL_SHIFT (63 - 40)      /* AIL: ISA bits 39:40 */
#define LPCR_AIL_MASK (3ull << LPCR_AIL_SHIFT)
#define LPCR_LD PPC_BIT(46)           /* large decrementer */

/* ISI: SRR1 bits; DSI: DSISR bits (Book III 6.5.3, 6.5.4) */
#define SRR1_ISI_NOPTE PPC_BIT(33)    /* no translation found */
#define DSISR_NOPTE PPC_BIT(33)       /* (DSISR is bits 32:63) */
#define DSISR_STORE PPC_BIT(38)

/* mmu.c: the interrupt for a failed translation of ea, shared by the
   walkers: a segment interrupt (0x380 with DAR = EA, DSISR = the store
   bit / 0x480), a DSI/ISI with cause in DSISR (| DSISR[38] for a store)
   or SRR1 and DAR = EA, or a machine check */
typedef enum PPCMmuFaultKind {
    PPC_MMU_FAULT_STORAGE,
    PPC_MMU_FAULT_SEGMENT,
    PPC_MMU_FAULT_MCHECK,
} PPCMmuFaultKind;
_Noreturn void ppc_mmu_fault(CPUPPCState *env, uint64_t ea, int access,
                             PPCMmuFaultKind kind, uint64_t cause,
                             uintptr_t ra);

/* XER bits (Book I 3.2.2) as positions from the LSB */
#define XER_SO_BIT 31
#define XER_OV_BIT 30
#define XER_CA_BIT 29
#define XER_OV32_BIT 19
#define XER_CA32_BIT 18
#define XER_REST_MASK 0x7full         /* the string byte count */

/* PPR default: medium priority (ISA bits 11:13 = 0b100) */
#define PPR_DEFAULT (4ull << (63 - 13))

/* cpu.c */
/* the MSR after an mtmsr/mtmsrd/rfid-style write of new_msr: keeps what an
   LPAR cannot change (HV, S), forces EE/IR/DR on when PR is set */
void ppc_store_msr(CPUPPCState *env, uint64_t new_msr);
uint64_t ppc_load_xer(const CPUPPCState *env);
void ppc_store_xer(CPUPPCState *env, uint64_t val);

/* timebase.c: the decrementer of one vCPU and the thread that wakes it */
void ppc_timebase_init(CPUPPCState *env);
void ppc_timebase_cleanup(CPUPPCState *env);
uint64_t ppc_load_dec(CPUPPCState *env);
void ppc_store_dec(CPUPPCState *env, uint64_t val);
bool ppc_dec_pending(CPUPPCState *env); /* DEC's sign bit is 1 */

/* trans-system.c, trans-spr.c: register the helpers their generated code
   calls (from ppc_translate_init) */
void ppc_system_helpers_init(void);
void ppc_spr_helpers_init(void);
/* trans-msg.c: DPDES, the doorbells pending in env's core (bit t = the
   thread whose TIR is t) */
uint64_t ppc_helper_dpdes(CPUPPCState *env);
struct DisasContext;
/* ret = the timebase (mftb, mfspr 268/269) */
void gen_load_tb(struct DisasContext *ctx, int ret);
/* -icount: a read (ret) or a DEC write (val) of the clock at the current
   instruction (trans-system.c) */
enum { PPC_ICOUNT_LOAD_TB, PPC_ICOUNT_LOAD_DEC, PPC_ICOUNT_STORE_DEC };
void gen_icount_time(struct DisasContext *ctx, int what, int ret, int val);

#endif
