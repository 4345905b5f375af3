/*
 * target-ppc/helper-ldst.c: the storage instructions that are C rather than
 * inline IR: load/store multiple and the string instructions (Power ISA
 * 3.0B Book I 3.3.6-3.3.7), quadword alignment checks, dcbz and icbi
 * (Book II 4.3).  Each is called from generated code through the
 * TCGHelperInfo exported in trans-ldst.h.
 *
 * Guest memory is reached through cpu_ld_mmu/cpu_st_mmu/cpu_probe_access,
 * which translate and raise exactly like the inline accesses; every helper
 * passes its own GETPC() so that an interrupt is precise to the guest
 * instruction.  All registers are read and written in env: the helpers are
 * declared as touching guest state, so the IR globals are synced around the
 * call.
 */
#include <inttypes.h>
#include <string.h>

#include "exec.h"
#include "log.h"
#include "trans-ldst.h"

/* in 32-bit mode effective addresses wrap at 2^32 (Book I 1.10.3) */
static uint64_t ea_mask(CPUPPCState *env)
{
    return (env->msr & MSR_BIT(MSR_SF)) ? UINT64_MAX : UINT32_MAX;
}

_Noreturn void ppc_raise_alignment(CPUPPCState *env, uint64_t ea,
                                   uintptr_t ra)
{
    /* Book III 6.5.8: DAR <- EA, DSISR undefined (we clear it) */
    env->spr[SPR_DAR] = ea;
    env->spr[SPR_DSISR] = 0;
    ppc_raise_exception(env, EXCP_ALIGN, 0, ra);
}

static void helper_check_align(CPUPPCState *env, uint64_t ea, uint64_t mask)
{
    if (ea & mask) {
        ppc_raise_alignment(env, ea, GETPC());
    }
}

/* ---------------------------------------------- load/store multiple 3.3.6 */

/* both exist only in big-endian mode (the translator raises otherwise) */
static void helper_lmw(CPUPPCState *env, uint64_t ea, uint64_t rt,
                       uint64_t mmu_idx)
{
    uintptr_t ra = GETPC();
    TCGMemOpIdx oi = make_memop_idx(MO_32 | MO_BSWAP, mmu_idx);
    uint64_t mask = ea_mask(env);

    for (unsigned r = rt; r < 32; r++) {
        env->gpr[r] = cpu_ld_mmu(env, ea, oi, ra);
        ea = (ea + 4) & mask;
    }
}

static void helper_stmw(CPUPPCState *env, uint64_t ea, uint64_t rs,
                        uint64_t mmu_idx)
{
    uintptr_t ra = GETPC();
    TCGMemOpIdx oi = make_memop_idx(MO_32 | MO_BSWAP, mmu_idx);
    uint64_t mask = ea_mask(env);

    for (unsigned r = rs; r < 32; r++) {
        cpu_st_mmu(env, ea, (uint32_t)env->gpr[r], oi, ra);
        ea = (ea + 4) & mask;
    }
}

/* ------------------------------------------------------ move assist 3.3.7 */

static bool reg_in_range(unsigned r, unsigned first, unsigned n)
{
    return ((r - first) & 31) < n;
}

/*
 * The string instructions see the bytes as a big-endian stream through the
 * low words of RT, RT+1, ... (wrapping from r31 to r0): byte i is bits
 * 32+8*(i%4)..39+8*(i%4) of register RT + i/4.  A register that receives
 * fewer than 4 bytes has its remaining low bytes, and every register its
 * high word, set to zero.
 */
static unsigned string_count(CPUPPCState *env, uint64_t nb)
{
    /* XER[57:63], the low 7 bits of the XER, for the X forms */
    return nb == LSW_NB_FROM_XER ? (unsigned)(env->xer_rest & 0x7f)
                                 : (unsigned)nb;
}

static void helper_lsw(CPUPPCState *env, uint64_t ea, uint64_t regs,
                       uint64_t nb, uint64_t mmu_idx)
{
    uintptr_t ra = GETPC();
    unsigned rt = regs & 31, ra_reg = (regs >> 8) & 31;
    unsigned rb = (regs >> 16) & 31;
    unsigned n = string_count(env, nb), nr = (n + 3) / 4;
    TCGMemOpIdx oi = make_memop_idx(MO_8, mmu_idx);
    uint64_t mask = ea_mask(env);
    uint8_t bytes[128];

    /* lswx: RA or RB in the range loaded is an invalid form (lswi's range
       is known at translation and checked there); RA=0 is no register
       (trans-ldst-multi.c) */
    if (nb == LSW_NB_FROM_XER && n > 0 &&
        ((ra_reg != 0 && reg_in_range(ra_reg, rt, nr)) ||
         reg_in_range(rb, rt, nr))) {
        if (log_enabled(LOG_GUEST_ERROR)) {
            cpu_restore_state(env, ra); /* env->nip names the lswx */
            log_printf("lswx at 0x%016" PRIx64
                       ": RA or RB in the range of registers loaded\n",
                       env->nip);
        }
        ppc_raise_exception(env, EXCP_PROGRAM, SRR1_PROG_ILLEGAL, ra);
    }
    /* all bytes first, so a storage interrupt leaves the registers alone */
    for (unsigned i = 0; i < n; i++) {
        bytes[i] = (uint8_t)cpu_ld_mmu(env, ea, oi, ra);
        ea = (ea + 1) & mask;
    }
    for (unsigned i = 0; i < n; i++) {
        unsigned r = (rt + i / 4) & 31;

        if (i % 4 == 0) {
            env->gpr[r] = 0;
        }
        env->gpr[r] |= (uint64_t)bytes[i] << (24 - 8 * (i % 4));
    }
}

static void helper_stsw(CPUPPCState *env, uint64_t ea, uint64_t regs,
                        uint64_t nb, uint64_t mmu_idx)
{
    uintptr_t ra = GETPC();
    unsigned rs = regs & 31;
    unsigned n = string_count(env, nb);
    TCGMemOpIdx oi = make_memop_idx(MO_8, mmu_idx);
    uint64_t mask = ea_mask(env);

    for (unsigned i = 0; i < n; i++) {
        unsigned r = (rs + i / 4) & 31;

        cpu_st_mmu(env, ea, (env->gpr[r] >> (24 - 8 * (i % 4))) & 0xff, oi,
                   ra);
        ea = (ea + 1) & mask;
    }
}

/* ------------------------------------------------ cache management (II 4.3) */

/*
 * dcbz: the block containing ea becomes zeros, as a store (DSI on a
 * protection fault, with DAR = the EA).  The probe covers ea to the end of
 * its block; the block never crosses a page, so the start of the block is
 * in the same host mapping.
 */
static void helper_dcbz(CPUPPCState *env, uint64_t ea, uint64_t mmu_idx)
{
    uint64_t off = ea & (PPC_CACHE_BLOCK - 1);
    uint8_t *p = cpu_probe_access(env, ea, (int)(PPC_CACHE_BLOCK - off), true,
                                  (int)mmu_idx, GETPC());

    memset(p - off, 0, PPC_CACHE_BLOCK);
}

/*
 * icbi: translated as a load (it may take a DSI), then every TB translated
 * from that real page is dropped.  Stores to pages holding translated code
 * already invalidate them; this makes the ISA's dcbst/sync/icbi/isync
 * sequence work even for code written by another agent (DMA).
 */
static void helper_icbi(CPUPPCState *env, uint64_t ea, uint64_t mmu_idx)
{
    uint64_t real;
    int prot;

    ppc_mmu_translate(env, ea, 0, (int)mmu_idx, &real, &prot, true, GETPC());
    tb_invalidate_phys_page(real);
}

/* --------------------------------------------------------------- registry */

const TCGHelperInfo helper_info_check_align = {
    .func = (void *)helper_check_align, .name = "check_align",
    .nb_iargs = 2, .has_ret = 0, .flags = 0,
};
const TCGHelperInfo helper_info_lmw = {
    .func = (void *)helper_lmw, .name = "lmw",
    .nb_iargs = 3, .has_ret = 0, .flags = 0,
};
const TCGHelperInfo helper_info_stmw = {
    .func = (void *)helper_stmw, .name = "stmw",
    .nb_iargs = 3, .has_ret = 0, .flags = 0,
};
const TCGHelperInfo helper_info_lsw = {
    .func = (void *)helper_lsw, .name = "lsw",
    .nb_iargs = 4, .has_ret = 0, .flags = 0,
};
const TCGHelperInfo helper_info_stsw = {
    .func = (void *)helper_stsw, .name = "stsw",
    .nb_iargs = 4, .has_ret = 0, .flags = 0,
};
const TCGHelperInfo helper_info_dcbz = {
    /* writes guest memory only: register copies of the guest registers
       stay valid across it (it may raise, so they are still stored) */
    .func = (void *)helper_dcbz, .name = "dcbz",
    .nb_iargs = 2, .has_ret = 0, .flags = TCG_CALL_NO_WRITE_GLOBALS,
};
const TCGHelperInfo helper_info_icbi = {
    .func = (void *)helper_icbi, .name = "icbi",
    .nb_iargs = 2, .has_ret = 0, .flags = 0,
};
