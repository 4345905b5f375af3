/*
 * The IR frame of every TB: what the exec loop needs from each block,
 * whatever the guest instructions in it.
 *
 *   entry    ld32s exit_request; brcond ne 0 -> L_exit
 *            Every TB checks the flag on entry, chained or not, so that a
 *            cpu_exit() (a timer, the monitor, a deferred flush) is seen
 *            after at most one TB, even in a loop of chained TBs.
 *   ...      the guest instructions
 *   L_exit:  exit_tb(tb | TB_EXIT_REQUESTED)
 *            Nothing has executed yet: the exec loop resets nip to tb->pc.
 *
 * A direct jump (gen_goto_tb) is goto_tb n; nip = dest; exit_tb(tb | n).
 * Chained, goto_tb jumps to the next TB and the store is skipped: nip is
 * stale inside a chain of TBs, which is harmless because nip is only read
 * at exits that store it themselves (exit_tb(0), lookups, exceptions,
 * cpu_restore_state) and at the exit-request exit, which the loop fixes.
 * Only jumps within the TB's own guest page are chainable (chain.c); a
 * jump elsewhere goes through the jump cache (gen_lookup_and_goto_ptr).
 */
#include <stddef.h>

#include <glib.h>

#include "accel/tcg/internal.h"
#include "target-ppc/translate.h"

int helper_idx_lookup_tb_ptr = -1;

static const TCGHelperInfo accel_helpers[] = {
    /* reads nip and msr (ppc_tb_flags), writes nothing, never raises */
    {
        .func = (void *)helper_lookup_tb_ptr,
        .name = "lookup_tb_ptr",
        .nb_iargs = 0,
        .has_ret = 1,
        .flags = TCG_CALL_NO_WRITE_GLOBALS | TCG_CALL_NO_RAISE,
    },
    /* the memory slow paths: raise DSI, alignment, machine check */
    {
        .func = (void *)helper_ld_mmu,
        .name = "ld_mmu",
        .nb_iargs = 3,
        .has_ret = 1,
        .flags = TCG_CALL_NO_WRITE_GLOBALS,
    },
    {
        .func = (void *)helper_st_mmu,
        .name = "st_mmu",
        .nb_iargs = 4,
        .has_ret = 0,
        .flags = TCG_CALL_NO_WRITE_GLOBALS,
    },
};

void translator_register_helpers(void)
{
    helper_idx_lookup_tb_ptr = tcg_helper_register(&accel_helpers[0]);
    for (size_t i = 1; i < G_N_ELEMENTS(accel_helpers); i++) {
        tcg_helper_register(&accel_helpers[i]);
    }
}

void gen_tb_start(TCGContext *s, TranslationBlock *tb)
{
    TCGv flag = tcg_temp_new(s);

    s->exitreq_label = tcg_label_new(s);
    tcg_gen_ld(s, INDEX_op_ld32s, flag,
               (int32_t)offsetof(CPUPPCState, exit_request));
    tcg_gen_brcondi_i32(s, TCG_COND_NE, flag, 0, s->exitreq_label);
}

void gen_tb_end(TCGContext *s, TranslationBlock *tb)
{
    tcg_gen_set_label(s, s->exitreq_label);
    tcg_gen_exit_tb(s, (uintptr_t)tb | TB_EXIT_REQUESTED);
}

void gen_goto_tb(TCGContext *s, TranslationBlock *tb, int n, uint64_t dest)
{
    if (((dest ^ tb->pc) & TARGET_PAGE_MASK) == 0) {
        tcg_gen_goto_tb(s, n);
        tcg_gen_movi(s, ppc_g.nip, (int64_t)dest);
        tcg_gen_exit_tb(s, (uintptr_t)tb | (uintptr_t)n);
    } else {
        tcg_gen_movi(s, ppc_g.nip, (int64_t)dest);
        gen_lookup_and_goto_ptr(s);
    }
}

void gen_lookup_and_goto_ptr(TCGContext *s)
{
    TCGv ptr = tcg_temp_new(s);

    tcg_gen_call(s, helper_idx_lookup_tb_ptr, ptr, 0, NULL);
    tcg_gen_goto_ptr(s, ptr);
}
