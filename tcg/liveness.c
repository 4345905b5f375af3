/*
 * tcg: liveness.  One backward pass over a TB's ops that fills TCGOp.life
 * and deletes (turns into nop) every op without side effects whose outputs
 * are all unused.
 *
 * ==== What the life bits tell the register allocator (tcg/regalloc.c) ====
 *
 * For an op with arguments args[0 .. nb_oargs+nb_iargs-1] (outputs first):
 *
 *   TCG_LIFE_DEAD(i), i an input: no later op reads this value of the temp,
 *       and (a global) no later point needs it in memory.  Once the op has
 *       consumed its inputs the register holding the temp can be released
 *       WITHOUT writing it anywhere.  If a temp is in several input slots,
 *       every slot carries the same bit.  If a temp is both input and
 *       output, input bits describe the value read, output bits the value
 *       written (so "add g, g, $1" typically has the input g dead).
 *
 *   TCG_LIFE_DEAD(i), i an output: no later op reads the value written
 *       (nor needs it in memory).  Put it in a register for the op, store
 *       it if SYNC says so, then release the register.
 *
 *   TCG_LIFE_SYNC(i), i an output (only ever on locals): right after the
 *       op, store the value to the local's frame slot.  The register copy
 *       stays valid (unless DEAD is set too).
 *
 * Constants (TEMP_CONST) may appear in any input slot; their DEAD bits are
 * computed like an EBB temp's and only say when a register copy of the
 * constant may be dropped.
 *
 * Globals never get SYNC bits: the allocator itself writes every dirty
 * global back wherever env must hold them all, so liveness only keeps
 * their values alive up to those points.  Where that is, and what the
 * allocator does there:
 *
 *   set_label   every global and local in memory, no EBB temp live: the
 *               allocator stores the dirty globals, then starts the label
 *               with an empty register file.  (Except a label that takes
 *               over its one brcond's state: tcg_find_single_branch_labels.)
 *   br          every global and local in memory.
 *   exit_tb, goto_ptr, goto_tb
 *               every global in env.  (goto_tb falls through to the
 *               exit_tb that follows it when the slot is not chained.)
 *   brcond      every local in memory.  Globals: stored on the taken edge
 *               only (an out-of-line stub), so the fall-through path keeps
 *               them in registers, dirty; there register contents remain
 *               valid and EBB temps stay live.  A brcond to a label that
 *               takes over its state stores nothing: liveness merges what
 *               the label's code needs into the state at the brcond.
 *   call        helper without TCG_CALL_NO_WRITE_GLOBALS: every global in
 *               env before the call, and after it every register copy of a
 *               global is stale and must be forgotten.  Helper without
 *               TCG_CALL_NO_READ_GLOBALS or without TCG_CALL_NO_RAISE: every
 *               global in env before the call; register copies stay valid.
 *               (Saving live temps in caller-saved registers around the
 *               call is the allocator's own business.)
 *   qemu_ld, qemu_st (TCG_OPF_MAY_RAISE)
 *               every global in env on the slow path, before the helper
 *               that may raise (a fault longjmps out and the exception code
 *               reads env).  The fast path stores nothing.
 *
 * So a global written in a TB is stored once, where it is needed, and on
 * a side path when only a side path needs it; in a loop (below) that is
 * never on the loop's own path.
 *
 * ==== Loops ====
 *
 * s->loop_label, when some `br` after it jumps back to it, makes the ops
 * between the label and the last such `br` a loop.  The globals the loop
 * references (up to TCG_MAX_LOOP_CARRIED, the most used first) are its
 * carried globals, listed in s->loop_carried.  At a `br` back to the loop
 * label the allocator moves them into the registers they had at the label
 * and jumps; every other global it stores.  A loop whose body calls no
 * helper stores no global on its own path: its exits do.
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
#include <string.h>

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
    uint32_t use_time;    /* last "every temp of the class &= ~TS_DEAD" */
} ClassEvents;

typedef struct Liveness {
    TCGContext *s;
    uint8_t *state;   /* per temp, valid as of stamp[t] */
    uint32_t *stamp;
    uint32_t now;     /* event clock; events take ++now */
    ClassEvents cls[NB_CLASSES];
    /* labels that start with their one brcond's state, and that state
       (globals and locals) as the label's code needs it */
    uint8_t *single;
    uint8_t **label_state;
    uint8_t *label_pool; /* a state for each such label, kept across TBs */
    int label_pool_left;
    /* the globals and locals, the temps a saved label state holds (in
       this order: a TB has hundreds of temps, mostly EBB temps and
       constants, but only some 60 globals and a few locals) */
    int *gl;
    int nb_gl;
    /* per temp, its class: get_state runs for every argument of every
       op, and a byte array stays in cache where TCGTemp.kind does not */
    uint8_t *cls_of;
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

/* a soft sync point: every temp of the class is live (tcg/liveness.c
   header) */
static void class_use(Liveness *l, int c)
{
    l->cls[c].use_time = ++l->now;
}

static inline __attribute__((always_inline)) uint8_t get_state(Liveness *l,
                                                               int t)
{
    const ClassEvents *e = &l->cls[l->cls_of[t]];
    uint8_t st = l->state[t];
    uint32_t since = l->stamp[t];

    if (e->reset_time > since) {
        st = e->reset_state;
        since = e->reset_time;
    }
    /* the two events touch different bits: their order does not matter */
    if (e->sync_time > since) {
        st |= TS_MEM;
    }
    if (e->use_time > since) {
        st &= ~TS_DEAD;
    }
    return st;
}

static void set_state(Liveness *l, int t, uint8_t st)
{
    l->state[t] = st;
    l->stamp[t] = l->now;
}

/* after the last op, and after exit_tb/goto_ptr: only env matters, and
   the allocator stores globals there itself */
static void at_tb_exit(Liveness *l)
{
    class_reset(l, CLASS_GLOBAL, 0);
    class_reset(l, CLASS_LOCAL, TS_DEAD);
    class_reset(l, CLASS_EBB, TS_DEAD);
}

/* before a set_label and after a br: globals and locals in memory (the
   allocator stores the globals) */
static void at_bb_end(Liveness *l)
{
    class_reset(l, CLASS_GLOBAL, 0);
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

    /* the allocator stores every global before such a call; one that
       writes them makes the values before it matter only for that */
    if (!(flags & TCG_CALL_NO_WRITE_GLOBALS)) {
        class_reset(l, CLASS_GLOBAL, 0);
    } else if (!(flags & TCG_CALL_NO_READ_GLOBALS) ||
               !(flags & TCG_CALL_NO_RAISE)) {
        class_use(l, CLASS_GLOBAL);
    }
}

static bool is_global_or_local(const TCGContext *s, int t)
{
    return s->temps[t].kind == TEMP_GLOBAL || s->temps[t].kind == TEMP_LOCAL;
}

/* set_label of a label that inherits its brcond's state: remember what the
   code after it needs */
static void save_label_state(Liveness *l, int label)
{
    uint8_t *st = l->label_pool;

    g_assert(l->label_pool_left > 0);
    l->label_pool += l->nb_gl;
    l->label_pool_left--;
    for (int i = 0; i < l->nb_gl; i++) {
        st[i] = get_state(l, l->gl[i]);
    }
    l->label_state[label] = st;
}

/* the brcond to such a label: what either path needs */
static void merge_label_state(Liveness *l, int label)
{
    uint8_t *st = l->label_state[label];

    if (!st) {
        return;
    }
    for (int i = 0; i < l->nb_gl; i++) {
        int t = l->gl[i];
        uint8_t a = get_state(l, t), b = st[i];
        set_state(l, t, (uint8_t)((a & b & TS_DEAD) | ((a | b) & TS_MEM)));
    }
    l->label_state[label] = NULL;
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
    bool inherit = (flags & TCG_OPF_COND_BRANCH) && l->single[op->args[3]];

    /* the state after the op, seen from its successors */
    if (flags & TCG_OPF_BB_END) {
        if (inherit) {
            /* the target starts with this very state: no soft point */
            merge_label_state(l, (int)op->args[3]);
        } else if (flags & TCG_OPF_COND_BRANCH) {
            class_sync(l, CLASS_LOCAL); /* globals: a soft point, below */
        } else if (flags & TCG_OPF_NORETURN) {
            at_tb_exit(l);
        } else if (op->opc == INDEX_op_goto_tb) {
            class_use(l, CLASS_GLOBAL);
        } else {
            at_bb_end(l); /* a br back to the loop label too */
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
    }

    for (int i = no; i < nt; i++) {
        if (get_state(l, (int)op->args[i]) & TS_DEAD) {
            life |= TCG_LIFE_DEAD(i);
        }
    }
    /* a soft point's side path runs within the op, with the inputs it
       reads: so an input may still die here */
    if (((flags & TCG_OPF_COND_BRANCH) && !inherit) ||
        ((flags & TCG_OPF_MAY_RAISE) && op->opc != INDEX_op_call)) {
        class_use(l, CLASS_GLOBAL);
    }
    for (int i = no; i < nt; i++) {
        int t = (int)op->args[i];
        set_state(l, t, get_state(l, t) & ~TS_DEAD);
    }

    /* the state before a label: the same as at the end of a block */
    if (flags & TCG_OPF_BB_START) {
        if (l->single[op->args[0]]) {
            save_label_state(l, (int)op->args[0]);
        }
        at_bb_end(l);
    }
    op->life = life;
}

/*
 * Fills s->loop_carried (see the header): nothing if the loop label is not
 * set, is reached by a brcond, or by a br before it.
 */
static void find_loop(TCGContext *s)
{
    int start = -1, end = -1, n = 0;
    uint16_t *count;
    bool *written;

    s->nb_loop_carried = 0;
    if (s->loop_label < 0) {
        return;
    }
    for (int i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        if (op->opc == INDEX_op_set_label && op->args[0] == s->loop_label) {
            start = i;
        } else if (op->opc == INDEX_op_br && op->args[0] == s->loop_label) {
            if (start < 0) {
                return;
            }
            end = i;
        } else if ((op->opc == INDEX_op_brcond_i32 ||
                    op->opc == INDEX_op_brcond_i64) &&
                   op->args[3] == s->loop_label) {
            return;
        }
    }
    if (end < 0) {
        return;
    }

    count = tcg_scratch0(s, TCG_SCRATCH_LIVE_MISC,
                         (s->nb_globals + 1) * (sizeof(*count) +
                                                sizeof(*written)));
    written = (bool *)(count + s->nb_globals + 1);
    for (int i = start + 1; i < end; i++) {
        const TCGOp *op = &s->ops[i];
        for (int k = 0; k < op->nb_oargs + op->nb_iargs; k++) {
            int t = (int)op->args[k];
            if (t <= s->nb_globals && count[t] < UINT16_MAX) {
                count[t]++;
                written[t] |= k < op->nb_oargs;
            }
        }
    }
    /* the most used first; ties in global order */
    while (n < TCG_MAX_LOOP_CARRIED) {
        int best = 0;
        for (int t = 1; t <= s->nb_globals; t++) {
            if (count[t] > count[best]) {
                best = t;
            }
        }
        if (!best) {
            break;
        }
        s->loop_carried[n] = best;
        s->loop_written[n] = written[best];
        count[best] = 0;
        n++;
    }
    s->nb_loop_carried = n;
}

static int branch_label(const TCGOp *op)
{
    switch (op->opc) {
    case INDEX_op_br:
        return (int)op->args[0];
    case INDEX_op_brcond_i32:
    case INDEX_op_brcond_i64:
        return (int)op->args[3];
    default:
        return -1;
    }
}

/*
 * Ops that never run: after an unconditional jump or exit, up to a label
 * that a branch which runs jumps to.  A backward branch can make a label
 * reachable that an earlier scan passed as dead, so scan until nothing
 * changes (once more per loop nesting level at most).
 */
static void remove_unreachable(TCGContext *s)
{
    bool *reached = tcg_scratch0(s, TCG_SCRATCH_LIVE_MISC, s->nb_labels + 1);
    bool changed = true;

    while (changed) {
        bool live = true;
        changed = false;
        for (int i = 0; i < s->nb_ops; i++) {
            const TCGOp *op = &s->ops[i];
            int l;
            if (op->opc == INDEX_op_set_label) {
                live |= reached[op->args[0]];
            } else if (live && (l = branch_label(op)) >= 0 && !reached[l]) {
                reached[l] = true;
                changed = true;
            }
            if (op->opc == INDEX_op_br ||
                (tcg_op_defs[op->opc].flags & TCG_OPF_NORETURN)) {
                live = false;
            }
        }
    }
    for (int i = 0, live = 1; i < s->nb_ops; i++) {
        TCGOp *op = &s->ops[i];
        if (op->opc == INDEX_op_set_label) {
            live |= reached[op->args[0]];
        }
        if (!live && op->opc != INDEX_op_insn_start) {
            remove_op(op);
        } else if (op->opc == INDEX_op_br ||
                   (tcg_op_defs[op->opc].flags & TCG_OPF_NORETURN)) {
            live = 0;
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
    find_loop(s);
    /* state and stamp need no clearing: the clock goes on from the last
       TB, so every stamp left in them predates at_tb_exit's reset below */
    if (s->live_clock > UINT32_MAX / 2) {
        s->live_clock = 0;
        memset(tcg_scratch(s, TCG_SCRATCH_LIVE_STAMP,
                           TCG_MAX_TEMPS * sizeof(uint32_t)),
               0, TCG_MAX_TEMPS * sizeof(uint32_t));
    }
    l.now = s->live_clock;
    l.state = tcg_scratch(s, TCG_SCRATCH_LIVE_STATE, s->nb_temps);
    l.stamp = tcg_scratch(s, TCG_SCRATCH_LIVE_STAMP,
                          TCG_MAX_TEMPS * sizeof(uint32_t));
    l.single = tcg_scratch0(s, TCG_SCRATCH_LIVE_LABELS, s->nb_labels + 1);
    l.label_state = tcg_scratch0(s, TCG_SCRATCH_LIVE_LABEL_STATE,
                                 (s->nb_labels + 1) * sizeof(uint8_t *));
    tcg_find_single_branch_labels(s, l.single);
    s->single_labels = l.single;
    l.gl = tcg_scratch(s, TCG_SCRATCH_LIVE_GL,
                       s->nb_temps * (sizeof(int) + 1));
    l.cls_of = (uint8_t *)(l.gl + s->nb_temps);
    l.cls_of[0] = CLASS_EBB;
    for (int t = 1; t < s->nb_temps; t++) {
        l.cls_of[t] = (uint8_t)temp_class(s, t);
        if (is_global_or_local(s, t)) {
            l.gl[l.nb_gl++] = t;
        }
    }
    for (int k = 0; k <= s->nb_labels; k++) {
        l.label_pool_left += l.single[k] != 0;
    }
    l.label_pool = tcg_scratch(s, TCG_SCRATCH_LIVE_LABEL_POOL,
                               (size_t)(l.label_pool_left + 1) *
                                   (size_t)(l.nb_gl + 1));
    at_tb_exit(&l);

    for (int i = s->nb_ops - 1; i >= 0; i--) {
        TCGOp *op = &s->ops[i];
        if (op->opc == INDEX_op_nop) {
            continue;
        }
        op_liveness(&l, op);
    }

    s->live_clock = l.now;
}
