/*
 * target-ppc: what the storage-access translators (trans-ldst.c,
 * trans-ldst-multi.c, trans-atomic.c, trans-cache.c) share with each other
 * and with their C helpers (helper-ldst.c).
 *
 * Most loads and stores are inlined as qemu_ld/qemu_st ops.  What is too big
 * or too rare to inline (load/store multiple, the move-assist string
 * instructions, quadword alignment checks, dcbz, icbi) is a helper; each is
 * described by a TCGHelperInfo here and called through gen_ldst_helper().
 */
#ifndef POWERJIT_TARGET_PPC_TRANS_LDST_H
#define POWERJIT_TARGET_PPC_TRANS_LDST_H

#include <stddef.h>

#include "translate.h"

/* ---------------------------------------------------------- generators */

/*
 * An invalid instruction form (Book I 1.8.2) that this implementation
 * rejects: logs why under -d guest_errors and returns false, which makes
 * the translator raise the illegal-instruction program interrupt (a trans_
 * function returning false must not have emitted anything).  Use as
 * `return invalid_form(ctx, "...")`.
 */
bool invalid_form(DisasContext *ctx, const char *why);

/*
 * Alignment interrupt for this instruction, decided at translation time
 * (lmw/string instructions in little-endian mode): DAR <- ea, then the
 * interrupt.  Ends the TB.
 */
void gen_alignment_exception(DisasContext *ctx, TCGv ea);

/* a guest access with the byte order opposite to the current one
   (the byte-reversed instructions, Book I 3.3.5) */
void gen_ld_reversed(DisasContext *ctx, TCGv ret, TCGv ea, unsigned memop);
void gen_st_reversed(DisasContext *ctx, TCGv val, TCGv ea, unsigned memop);

/* alignment interrupt (through helper_check_align) if ea & mask */
void gen_check_align(DisasContext *ctx, TCGv ea, uint64_t mask);

/* a quadword at ea (16-byte aligned) to/from the pair hi:lo, in the
   current byte order (Book I 3.3.4) */
void gen_ld_quad(DisasContext *ctx, TCGv hi, TCGv lo, TCGv ea);
void gen_st_quad(DisasContext *ctx, TCGv hi, TCGv lo, TCGv ea);

/* calls one of the helpers below with the given arguments; ret may be 0 */
void gen_ldst_helper(DisasContext *ctx, const TCGHelperInfo *info, TCGv ret,
                     int nargs, const TCGv *args);

/* -------------------------------------------------------------- helpers */

/*
 * Raises the alignment interrupt (Book III 6.5.8) for an access at ea from a
 * helper: DAR <- ea, DSISR <- 0 (the ISA leaves it undefined).
 */
_Noreturn void ppc_raise_alignment(CPUPPCState *env, uint64_t ea,
                                   uintptr_t ra);

/* (ea, mask): alignment interrupt if ea & mask */
extern const TCGHelperInfo helper_info_check_align;
/* (ea, rt, mmu_idx): lmw / stmw, big-endian words RT..31 */
extern const TCGHelperInfo helper_info_lmw;
extern const TCGHelperInfo helper_info_stmw;
/* (ea, regs, nb, mmu_idx): lswi/lswx and stswi/stswx.  regs packs
   RT | RA << 8 | RB << 16; nb is the byte count, or LSW_NB_FROM_XER to take
   it from XER[57:63] (the X forms, which check their invalid forms at run
   time since the register range depends on XER) */
extern const TCGHelperInfo helper_info_lsw;
extern const TCGHelperInfo helper_info_stsw;
#define LSW_NB_FROM_XER 0xffffffffu
/* (ea, mmu_idx): dcbz */
extern const TCGHelperInfo helper_info_dcbz;
/* (ea, mmu_idx): icbi */
extern const TCGHelperInfo helper_info_icbi;

/* the cache-block size of POWER8 and POWER9 (dcbz clears one block) */
#define PPC_CACHE_BLOCK 128

#endif
