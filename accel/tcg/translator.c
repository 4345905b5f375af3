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
 * A jump to another page is a goto_tb whose link checks that page's
 * mapping at every jump (chain.c says why it must); slots are handed out
 * as the exits come (TB_NB_JMP of them), and an exit that finds none left
 * goes through the jump cache (gen_lookup_and_goto_ptr), as do all jumps
 * to another page under the interpreter and while chaining is off.
 *
 * A TB goes on past a conditional branch: the jump to the next
 * instruction on its not-taken side (s->fallthrough_pc, set by the
 * translator loop while there is room for it) emits nothing, and the
 * translation continues there.  The branch's taken side exits through
 * its own slot; the not-taken side is then a label that only the branch's
 * brcond reaches, so the code after it keeps the registers (liveness and
 * the register allocator hand the brcond's state over).  The instructions
 * stay contiguous (but for arms, below: tb_insn_pc).  The translator
 * stops going on once two slots are all that remain (the end of the TB
 * may need both).
 *
 * A traced instruction (s->trace_cia set by the guest translator under
 * MSR[SE] or MSR[BE]) has none of this: each of its exits stores nip and
 * raises the trace interrupt (ppc_gen_trace_exit).  Only TBs translated
 * with SE or BE in their flags have such exits.
 *
 * A jump back to the TB's own first instruction (a tight loop: bdnz,
 * a compare-and-branch back) is no TB exit at all: it is a `br` to a label
 * set at the very top, before the exit-request check, so every iteration
 * still checks the flag and the exit still finds nip = tb->pc.  The
 * register allocator keeps the loop's globals in host registers across
 * iterations (TCGContext.loop_label).  A loop that stores into its own
 * code page keeps running the code it was translated from until it
 * leaves; the ISA lets it, since only a context-synchronizing instruction
 * (which ends a TB) must make modified instructions visible.  Loops are
 * off while every TB execution is logged.
 *
 * Under -icount (accel/tcg/icount.c) the translator adds, right after the
 * exit-request check (so inside the TB's own loop too):
 *            ld64 t, budget; sub t, t, N; brcond lt t, 0 -> L_exit;
 *            st64 t, budget
 * N being the TB's length (a late constant), and never goes on past a
 * conditional branch, so that a TB runs all its instructions or leaves
 * through an exception.  Without -icount none of this is emitted.
 *
 * Arms: a loop whose body is an if/else (`beq else; ...; bdnz top;
 * else: ...; bdnz top`) would leave the TB through an exit slot on every
 * iteration that takes the branch, storing every dirty global and
 * loading them again in the other TB.  So a conditional branch forward
 * to an address in the TB's page (not the next instruction) branches
 * instead to a label (gen_arm_label; at most TCG_MAX_ARMS per TB) that
 * the translator places after the main path, where only that brcond
 * reaches it: the code there starts with the brcond's registers.  Once
 * the main path is done, a TB that loops (a `br` back to its top was
 * made) gets the guest code at the target translated there, as a second
 * path with its own exits and its own jump back to the top; any other
 * TB just exits there to the target, through a slot as before.  The
 * arm's instructions follow the main path's in the TB's insn order (and
 * host code), so tb->arm_first/arm_off say where they are (tb_insn_pc),
 * and tb->size covers them (they are in the same page).
 */
#include <stddef.h>

#include <glib.h>

#include "accel/tcg/internal.h"
#include "log.h"
#include "target-ppc/translate.h"

int helper_idx_lookup_tb_ptr = -1;

static const TCGHelperInfo accel_helpers[] = {
    /* reads nip and msr (ppc_tb_flags), writes nothing; raises ISI when
       the target cannot be fetched */
    {
        .func = (void *)helper_lookup_tb_ptr,
        .name = "lookup_tb_ptr",
        .nb_iargs = 0,
        .has_ret = 1,
        .flags = TCG_CALL_NO_WRITE_GLOBALS,
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

/* as the exec loop: no shortcut while every TB execution is logged */
static bool chaining_on(void)
{
    return !log_enabled(LOG_NOCHAIN | LOG_EXEC | LOG_CPU);
}

void gen_tb_start(TCGContext *s, TranslationBlock *tb)
{
    TCGv flag;

    s->loop_label = -1;
    s->loop_used = false;
    s->nb_arms = 0;
    s->fallthrough_pc = (uint64_t)-1;
    s->fell_through = false;
    s->goto_tb_used = 0;
    s->trace_cia = (uint64_t)-1;
    if (chaining_on()) {
        /* dropped by the optimizer unless a jump comes back to it */
        s->loop_label = tcg_label_new(s);
        tcg_gen_set_label(s, s->loop_label);
    }
    flag = tcg_temp_new(s);
    s->exitreq_label = tcg_label_new(s);
    tcg_gen_ld(s, INDEX_op_ld32s, flag,
               (int32_t)offsetof(CPUPPCState, exit_request));
    tcg_gen_brcondi_i32(s, TCG_COND_NE, flag, 0, s->exitreq_label);
}

TCGv gen_icount_start(TCGContext *s)
{
    TCGv n = tcg_constant_late(s), t = tcg_temp_new(s);
    int32_t off = (int32_t)offsetof(CPUPPCState, icount.budget);

    tcg_gen_ld64(s, t, off);
    tcg_gen_sub_i64(s, t, t, n);
    tcg_gen_brcondi_i64(s, TCG_COND_LT, t, 0, s->exitreq_label);
    tcg_gen_st64(s, t, off);
    return n;
}

void gen_tb_end(TCGContext *s, TranslationBlock *tb)
{
    tcg_gen_set_label(s, s->exitreq_label);
    tcg_gen_exit_tb(s, (uintptr_t)tb | TB_EXIT_REQUESTED);
}

/* the slot for an exit that asked for n: n if free, else any free one */
static int take_slot(TCGContext *s, int n)
{
    if (s->goto_tb_used & (1u << n)) {
        for (n = 0; n < TB_NB_JMP && (s->goto_tb_used & (1u << n)); n++) {
        }
        if (n == TB_NB_JMP) {
            return -1;
        }
    }
    s->goto_tb_used |= (uint8_t)(1u << n);
    return n;
}

void gen_goto_tb(TCGContext *s, TranslationBlock *tb, int n, uint64_t dest)
{
    if (__builtin_expect(s->trace_cia != (uint64_t)-1, 0)) {
        tcg_gen_movi(s, ppc_g.nip, (int64_t)dest);
        ppc_gen_trace_exit(s);
        return;
    }
    /* the arms not placed yet may each need a slot */
    if (dest == s->fallthrough_pc &&
        __builtin_popcount(s->goto_tb_used) + s->nb_arms <= TB_NB_JMP - 2) {
        s->fell_through = true;
        return;
    }
    if (dest == tb->pc && s->loop_label >= 0) {
        tcg_gen_br(s, s->loop_label);
        s->loop_used = true;
    } else if (((dest ^ tb->pc) & TARGET_PAGE_MASK) == 0 &&
               (n = take_slot(s, n)) >= 0) {
        tcg_gen_goto_tb(s, n);
        tcg_gen_movi(s, ppc_g.nip, (int64_t)dest);
        tcg_gen_exit_tb(s, (uintptr_t)tb | (uintptr_t)n);
    } else if (!tb_interp_mode() && chaining_on() &&
               (n = take_slot(s, n)) >= 0) {
        /* another page: a link that checks the page's mapping (chain.c) */
        tcg_gen_goto_tb_checked(s, n, dest,
                                (int)(tb->flags >> PPC_TBF_IMMU_SHIFT) & 3);
        tcg_gen_movi(s, ppc_g.nip, (int64_t)dest);
        tcg_gen_exit_tb(s, (uintptr_t)tb | (uintptr_t)n);
    } else {
        tcg_gen_movi(s, ppc_g.nip, (int64_t)dest);
        gen_lookup_and_goto_ptr(s);
    }
}

TCGLabel gen_arm_label(TCGContext *s, TranslationBlock *tb, uint64_t dest)
{
    TCGLabel l;

    /* loop_label < 0: loops are off (singlestep, every TB logged) */
    if (s->loop_label < 0 || s->trace_cia != (uint64_t)-1 ||
        s->nb_arms >= TCG_MAX_ARMS || dest <= tb->pc ||
        ((dest ^ tb->pc) & TARGET_PAGE_MASK) != 0) {
        return -1;
    }
    l = tcg_label_new(s);
    s->arm_pc[s->nb_arms] = dest;
    s->arm_label[s->nb_arms] = l;
    s->nb_arms++;
    return l;
}

void gen_lookup_and_goto_ptr(TCGContext *s)
{
    if (__builtin_expect(s->trace_cia != (uint64_t)-1, 0)) {
        ppc_gen_trace_exit(s);
        return;
    }
    TCGv ptr = tcg_temp_new(s);

    tcg_gen_call(s, helper_idx_lookup_tb_ptr, ptr, 0, NULL);
    tcg_gen_goto_ptr(s, ptr);
}
