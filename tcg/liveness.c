/*
 * tcg: liveness.  One backward pass over a TB's ops that fills TCGOp.life
 * and deletes (turns into nop) every op without side effects whose outputs
 * are all unused.
 *
 * ==== What the life bits tell the register allocator (tcg/regalloc.c) ====
 *
 * For an op with arguments args[0 .. nb_oargs+nb_iargs-1] (outputs first):
 *
 *   TCG_LIFE_DEAD(i), i an input: no later op reads this value of the temp.
 *       Once the op has consumed its inputs the register holding the temp
 *       can be released WITHOUT writing it anywhere: whenever the value of
 *       a global or local is needed in memory, the op that produced it
 *       carried a SYNC bit (below).  If a temp is in several input slots,
 *       every slot carries the same bit.  If a temp is both input and
 *       output, input bits describe the value read, output bits the value
 *       written (so "add g, g, $1" typically has the input g dead).
 *
 *   TCG_LIFE_DEAD(i), i an output: no later op reads the value written.
 *       Put it in a register for the op, store it if SYNC says so, then
 *       release the register.
 *
 *   TCG_LIFE_SYNC(i), i an output (only ever on globals and locals): right
 *       after the op, store the value to its memory slot: env + mem_offset
 *       for a global, the local's frame slot for a TEMP_LOCAL.  The register
 *       copy stays valid (unless DEAD is set too).  Never set on inputs and
 *       never on EBB temps.
 *
 * Constants (TEMP_CONST) may appear in any input slot; their DEAD bits are
 * computed like an EBB temp's and only say when a register copy of the
 * constant may be dropped.
 *
 * Because every value needed in memory is stored by the op that made it, the
 * allocator never has to write back a register at the points below; it
 * only has to forget what it holds:
 *
 *   set_label   entered with every global and local in memory and no EBB
 *               temp live: start the label with an empty register file (so
 *               before emitting the label, drop every register; nothing in
 *               them is needed).
 *   br          every global and local is in memory; nothing is live in
 *               registers afterwards.
 *   exit_tb, goto_ptr, goto_tb
 *               every global is in env.  (goto_tb falls through to the
 *               exit_tb that follows it when the slot is not chained.)
 *   brcond      every global and local is in memory (the target starts with
 *               an empty register file); on the fall-through path register
 *               contents remain valid and EBB temps stay live.
 *   call        helper without TCG_CALL_NO_WRITE_GLOBALS: every global is in
 *               env before the call, and after it every register copy of a
 *               global is stale and must be forgotten.  Helper without
 *               TCG_CALL_NO_READ_GLOBALS or without TCG_CALL_NO_RAISE: every
 *               global is in env before the call; register copies stay
 *               valid.  (Saving live temps in caller-saved registers around
 *               the call is the allocator's own business.)
 *   qemu_ld, qemu_st (TCG_OPF_MAY_RAISE)
 *               every global is in env before the op (a fault longjmps out
 *               and the exception code reads env); register copies stay
 *               valid.
 *
 * ==== How ====
 *
 * Each temp has a state: DEAD (no later read of the current value) and MEM
 * (the current value is needed in its memory slot).  Walking backward, an
 * output takes its bits from the state and becomes DEAD; an input becomes
 * live.  Block boundaries reset whole classes of temps (all globals become
 * DEAD|MEM at a set_label, say).  So that such a reset costs O(1) rather than
 * O(temps), a reset or "add MEM" event only records its time per class
 * (globals, locals, EBB temps and constants); a temp's state is brought up
 * to date lazily, when an op touches it, by comparing its own time stamp
 * with the class's last events.  The whole pass is linear in the ops.
 */
#include <glib.h>

#include "tcg.h"

enum {
    TS_DEAD = 1,
    TS_MEM = 2,
};

enum { CLASS_GLOBAL, CLASS_LOCAL, CLASS_EBB, NB_CLASSES };

typedef struct ClassEvents {
    uint32_t reset_time;  /* last "every temp of the class := reset_state" */
    uint8_t reset_state;
    uint32_t sync_time;   /* last "every temp of the class |= TS_MEM" */
} ClassEvents;

typedef struct Liveness {
    TCGContext *s;
    uint8_t *state;   /* per temp, valid as of stamp[t] */
    uint32_t *stamp;
    uint32_t now;     /* event clock; events take ++now */
    ClassEvents cls[NB_CLASSES];
} Liveness;

static int temp_class(const TCGContext *s, int t)
{
    switch (s->temps[t].kind) {
    case TEMP_GLOBAL:
        return CLASS_GLOBAL;
    case TEMP_LOCAL:
        return CLASS_LOCAL;
    default:
        return CLASS_EBB;
    }
}

static void class_reset(Liveness *l, int c, uint8_t st)
{
    l->cls[c].reset_time = ++l->now;
    l->cls[c].reset_state = st;
}

static void class_sync(Liveness *l, int c)
{
    l->cls[c].sync_time = ++l->now;
}

static uint8_t get_state(Liveness *l, int t)
{
    const ClassEvents *e = &l->cls[temp_class(l->s, t)];
    uint8_t st = l->state[t];
    if (e->reset_time > l->stamp[t]) {
        st = e->reset_state;
    }
    if (e->sync_time > l->stamp[t] && e->sync_time > e->reset_time) {
        st |= TS_MEM;
    }
    return st;
}

static void set_state(Liveness *l, int t, uint8_t st)
{
    l->state[t] = st;
    l->stamp[t] = l->now;
}

/* after the last op, and after exit_tb/goto_ptr: only env matters */
static void at_tb_exit(Liveness *l)
{
    class_reset(l, CLASS_GLOBAL, TS_DEAD | TS_MEM);
    class_reset(l, CLASS_LOCAL, TS_DEAD);
    class_reset(l, CLASS_EBB, TS_DEAD);
}

/* before a set_label and after a br: globals and locals in memory */
static void at_bb_end(Liveness *l)
{
    class_reset(l, CLASS_GLOBAL, TS_DEAD | TS_MEM);
    class_reset(l, CLASS_LOCAL, TS_DEAD | TS_MEM);
    class_reset(l, CLASS_EBB, TS_DEAD);
}

static bool call_is_pure(const TCGOp *op)
{
    const TCGHelperInfo *h =
        tcg_helper_get((int)op->args[op->nb_oargs + op->nb_iargs]);
    return h && (h->flags & TCG_CALL_PURE) == TCG_CALL_PURE;
}

/* the effect of a call on globals, between its outputs and its inputs */
static void call_globals(Liveness *l, const TCGOp *op)
{
    const TCGHelperInfo *h =
        tcg_helper_get((int)op->args[op->nb_oargs + op->nb_iargs]);
    unsigned flags = h ? h->flags : 0;

    if (!(flags & TCG_CALL_NO_WRITE_GLOBALS)) {
        class_reset(l, CLASS_GLOBAL, TS_DEAD | TS_MEM);
    } else if (!(flags & TCG_CALL_NO_READ_GLOBALS) ||
               !(flags & TCG_CALL_NO_RAISE)) {
        class_sync(l, CLASS_GLOBAL);
    }
}

/* no side effects and every output unused (and not needed in memory) */
static bool op_is_removable(Liveness *l, const TCGOp *op, unsigned flags)
{
    if (op->opc == INDEX_op_call) {
        if (!call_is_pure(op)) {
            return false;
        }
    } else if ((flags & (TCG_OPF_SIDE_EFFECTS | TCG_OPF_BB_END |
                         TCG_OPF_BB_START)) ||
               op->nb_oargs == 0) {
        return false;
    }
    for (int i = 0; i < op->nb_oargs; i++) {
        if (get_state(l, (int)op->args[i]) != TS_DEAD) {
            return false;
        }
    }
    return true;
}

static void remove_op(TCGOp *op)
{
    op->opc = INDEX_op_nop;
    op->nb_oargs = op->nb_iargs = op->nb_cargs = 0;
    op->life = 0;
}

static void op_liveness(Liveness *l, TCGOp *op)
{
    unsigned flags = tcg_op_defs[op->opc].flags;
    int no = op->nb_oargs, nt = op->nb_oargs + op->nb_iargs;
    uint32_t life = 0;

    /* the state after the op, seen from its successors */
    if (flags & TCG_OPF_BB_END) {
        if (flags & TCG_OPF_COND_BRANCH) {
            class_sync(l, CLASS_GLOBAL);
            class_sync(l, CLASS_LOCAL);
        } else if (flags & TCG_OPF_NORETURN) {
            at_tb_exit(l);
        } else if (op->opc == INDEX_op_goto_tb) {
            class_sync(l, CLASS_GLOBAL);
        } else {
            at_bb_end(l);
        }
    }

    if (op_is_removable(l, op, flags)) {
        remove_op(op);
        return;
    }

    for (int i = 0; i < no; i++) {
        int t = (int)op->args[i];
        uint8_t st = get_state(l, t);
        if (st & TS_DEAD) {
            life |= TCG_LIFE_DEAD(i);
        }
        if (st & TS_MEM) {
            life |= TCG_LIFE_SYNC(i);
        }
        set_state(l, t, TS_DEAD);
    }

    if (op->opc == INDEX_op_call) {
        call_globals(l, op);
    } else if (flags & TCG_OPF_MAY_RAISE) {
        class_sync(l, CLASS_GLOBAL);
    }

    for (int i = no; i < nt; i++) {
        if (get_state(l, (int)op->args[i]) & TS_DEAD) {
            life |= TCG_LIFE_DEAD(i);
        }
    }
    for (int i = no; i < nt; i++) {
        int t = (int)op->args[i];
        set_state(l, t, get_state(l, t) & ~TS_DEAD);
    }

    /* the state before a label: the same as at the end of a block */
    if (flags & TCG_OPF_BB_START) {
        at_bb_end(l);
    }
    op->life = life;
}

/* ops after an unconditional jump and before the next label never run */
static void remove_unreachable(TCGContext *s)
{
    bool unreachable = false;
    for (int i = 0; i < s->nb_ops; i++) {
        TCGOp *op = &s->ops[i];
        if (op->opc == INDEX_op_set_label) {
            unreachable = false;
        } else if (unreachable) {
            if (op->opc != INDEX_op_insn_start) {
                remove_op(op);
            }
        } else if (op->opc == INDEX_op_br ||
                   (tcg_op_defs[op->opc].flags & TCG_OPF_NORETURN)) {
            unreachable = true;
        }
    }
}

void tcg_liveness(TCGContext *s)
{
    Liveness l = {.s = s};

    if (s->overflow) {
        return;
    }
    remove_unreachable(s);
    l.state = g_new0(uint8_t, s->nb_temps);
    l.stamp = g_new0(uint32_t, s->nb_temps);
    at_tb_exit(&l);

    for (int i = s->nb_ops - 1; i >= 0; i--) {
        TCGOp *op = &s->ops[i];
        if (op->opc == INDEX_op_nop) {
            continue;
        }
        op_liveness(&l, op);
    }

    g_free(l.stamp);
    g_free(l.state);
}
