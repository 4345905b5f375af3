/*
 * tcg/regalloc: one forward pass that maps IR temps onto host registers
 * (the rules are in regalloc.h).
 *
 * Every temp is in one of four states: DEAD (no value), REG (in a host
 * register, and in memory too when `coherent`), MEM (only in memory: env
 * for a global, a frame slot otherwise) or CONST (a known constant, not
 * materialised until an instruction needs it in a register).  Registers are
 * handed out in the backend's preference order; when none is free the least
 * recently used value is moved to another free register if there is one,
 * and otherwise spilled.  Nothing here knows x86: the backend's hooks emit
 * every instruction.
 */
#include "tcg/regalloc.h"

#include <assert.h>
#include <glib.h>
#include <string.h>

enum { VAL_DEAD, VAL_REG, VAL_MEM, VAL_CONST };

struct RATemp {
    uint8_t val;     /* VAL_* */
    uint8_t kind;    /* TCGTempKind */
    int8_t reg;      /* VAL_REG */
    bool coherent;   /* memory (env or frame slot) holds the value */
    bool has_slot;   /* non-globals: a frame slot is allocated */
    bool listed;     /* globals: in ra->touched */
    int32_t mem_offset; /* env offset, or frame offset when has_slot */
    int64_t cval;    /* VAL_CONST */
};

static TCGRegSet reg_bit(int r) { return (TCGRegSet)1 << r; }
static bool reg_in(TCGRegSet set, int r) { return (set >> r) & 1; }

static bool is_memory_backed(const RATemp *ts)
{
    return ts->kind == TEMP_GLOBAL || ts->kind == TEMP_LOCAL;
}

static TCGRegSet bound_regs(const TCGRegAlloc *ra)
{
    return ra->bound;
}

/* binds register r to temp idx (0: frees it) */
static void reg_set(TCGRegAlloc *ra, int r, int idx)
{
    ra->reg_temp[r] = (int16_t)idx;
    if (idx) {
        ra->bound |= reg_bit(r);
    } else {
        ra->bound &= ~reg_bit(r);
    }
}

static void reg_clear_all(TCGRegAlloc *ra)
{
    memset(ra->reg_temp, 0, sizeof(ra->reg_temp));
    ra->bound = 0;
}

static void reg_touch(TCGRegAlloc *ra, int r) { ra->reg_stamp[r] = ++ra->clock; }

/* a global leaves env's keeping: remember it for the write-backs */
static void temp_touch(TCGRegAlloc *ra, int idx)
{
    RATemp *ts = &ra->temps[idx];

    if (ts->kind == TEMP_GLOBAL && !ts->listed) {
        ts->listed = true;
        ra->touched[ra->nb_touched++] = (int16_t)idx;
    }
}

static void reg_bind(TCGRegAlloc *ra, int r, int idx)
{
    RATemp *ts = &ra->temps[idx];
    temp_touch(ra, idx);
    ts->val = VAL_REG;
    ts->reg = (int8_t)r;
    reg_set(ra, r, idx);
    reg_touch(ra, r);
}

/* ------------------------------------------------------------ memory */

static int32_t slot_alloc(TCGRegAlloc *ra)
{
    int32_t off;

    if (ra->nb_free_slots) {
        return ra->free_slots[--ra->nb_free_slots];
    }
    off = ra->next_slot;
    ra->next_slot += 8;
    /* one slot per temp at most, and the frame has room for all temps */
    assert(ra->next_slot <= ra->regs->frame_spill_end);
    return off;
}

static int temp_base(const TCGRegAlloc *ra, const RATemp *ts)
{
    return ts->kind == TEMP_GLOBAL ? ra->regs->env_reg : ra->regs->frame_reg;
}

static int32_t temp_offset(TCGRegAlloc *ra, RATemp *ts)
{
    if (ts->kind != TEMP_GLOBAL && !ts->has_slot) {
        ts->mem_offset = slot_alloc(ra);
        ts->has_slot = true;
    }
    return ts->mem_offset;
}

static void store_const(TCGRegAlloc *ra, int64_t val, int base, int32_t off)
{
    if (!tcg_target_sti(ra, val, base, off)) {
        tcg_target_movi(ra, ra->regs->scratch_reg, val);
        tcg_target_st(ra, ra->regs->scratch_reg, base, off);
    }
}

/* makes memory hold the temp's value; the register copy stays */
static void temp_sync(TCGRegAlloc *ra, int idx)
{
    RATemp *ts = &ra->temps[idx];
    int32_t off;

    if (ts->coherent || (ts->val != VAL_REG && ts->val != VAL_CONST) ||
        ts->kind == TEMP_CONST) {
        return;
    }
    off = temp_offset(ra, ts);
    if (ts->val == VAL_REG) {
        tcg_target_st(ra, ts->reg, temp_base(ra, ts), off);
    } else {
        store_const(ra, ts->cval, temp_base(ra, ts), off);
    }
    ts->coherent = true;
}

/* takes the temp out of its register, keeping the value in memory */
static void temp_spill(TCGRegAlloc *ra, int idx)
{
    RATemp *ts = &ra->temps[idx];

    temp_sync(ra, idx);
    reg_set(ra, ts->reg, 0);
    ts->val = VAL_MEM;
}

/* the temp's value is not needed by the IR any more */
static void temp_dead(TCGRegAlloc *ra, int idx)
{
    RATemp *ts = &ra->temps[idx];

    if (ts->kind == TEMP_CONST) {
        return;
    }
    if (is_memory_backed(ts)) {
        /* liveness put a SYNC bit on the op that made any value memory
           still needs, so nothing is written here */
        if (ts->val == VAL_REG) {
            reg_set(ra, ts->reg, 0);
        }
        if (ts->val != VAL_DEAD) {
            ts->val = ts->coherent ? VAL_MEM : VAL_DEAD;
        }
        return;
    }
    if (ts->val == VAL_REG) {
        reg_set(ra, ts->reg, 0);
    }
    if (ts->has_slot) {
        ra->free_slots[ra->nb_free_slots++] = ts->mem_offset;
        ts->has_slot = false;
    }
    ts->val = VAL_DEAD;
    ts->coherent = false;
}

/* the temp is about to be overwritten: its old value can go */
static void temp_overwrite(TCGRegAlloc *ra, int idx)
{
    RATemp *ts = &ra->temps[idx];

    temp_touch(ra, idx);
    if (ts->val == VAL_REG) {
        reg_set(ra, ts->reg, 0);
    }
    ts->val = VAL_DEAD;
    ts->coherent = false;
}

/* ------------------------------------------------------------ registers */

static int first_in_order(const TCGRegAlloc *ra, TCGRegSet set)
{
    for (int i = 0; i < ra->regs->nb_alloc_order; i++) {
        int r = ra->regs->alloc_order[i];
        if (reg_in(set, r)) {
            return r;
        }
    }
    return TCG_REG_NONE;
}

static TCGRegSet free_regs(const TCGRegAlloc *ra)
{
    return ra->regs->allocatable & ~ra->locked & ~ra->reserved &
           ~bound_regs(ra);
}

/* frees register r: its temp moves to a register outside `avoid`, or to
   memory when none is free */
static void reg_evict(TCGRegAlloc *ra, int r, TCGRegSet avoid)
{
    int idx = ra->reg_temp[r];
    int dst;

    if (!idx) {
        return;
    }
    dst = first_in_order(ra, free_regs(ra) & ~avoid & ~reg_bit(r));
    if (dst != TCG_REG_NONE) {
        tcg_target_mov(ra, dst, r);
        reg_set(ra, r, 0);
        reg_bind(ra, dst, idx);
    } else {
        temp_spill(ra, idx);
    }
}

/*
 * A free register of `allowed` outside `exclude` and the locked ones (but
 * those of `reuse` may be taken), `prefer` first; if all are taken, the
 * least recently used one is evicted.  Evicted values never go to a locked
 * register.
 */
static int reg_alloc_reuse(TCGRegAlloc *ra, TCGRegSet allowed,
                           TCGRegSet exclude, TCGRegSet reuse, int prefer)
{
    TCGRegSet cand = allowed & ra->regs->allocatable & ~ra->reserved &
                     ~(ra->locked & ~reuse) & ~exclude;
    TCGRegSet free = cand & ~bound_regs(ra);
    int best = TCG_REG_NONE;

    assert(cand);
    if (prefer != TCG_REG_NONE && reg_in(free, prefer)) {
        return prefer;
    }
    if (free & ~ra->loop_regs) {
        /* a loop's carried global will want its register back */
        return first_in_order(ra, free & ~ra->loop_regs);
    }
    if (free) {
        return first_in_order(ra, free);
    }
    for (int i = 0; i < ra->regs->nb_alloc_order; i++) {
        int r = ra->regs->alloc_order[i];
        if (reg_in(cand, r) &&
            (best == TCG_REG_NONE || ra->reg_stamp[r] < ra->reg_stamp[best])) {
            best = r;
        }
    }
    reg_evict(ra, best, cand | exclude);
    return best;
}

static int reg_alloc(TCGRegAlloc *ra, TCGRegSet allowed, TCGRegSet exclude,
                     int prefer)
{
    return reg_alloc_reuse(ra, allowed, exclude, 0, prefer);
}

/* a carried global's register at the loop label, else TCG_REG_NONE */
static int loop_pref(const TCGRegAlloc *ra, int idx)
{
    if (ra->loop_active && idx <= ra->s->nb_globals) {
        for (int i = 0; i < ra->s->nb_loop_carried; i++) {
            if (ra->s->loop_carried[i] == idx) {
                return ra->loop_reg[i];
            }
        }
    }
    return TCG_REG_NONE;
}

/* puts the temp's current value into register r (r is not bound) */
static void temp_copy_to(TCGRegAlloc *ra, int idx, int r)
{
    RATemp *ts = &ra->temps[idx];

    switch (ts->val) {
    case VAL_REG:
        if (ts->reg != r) {
            tcg_target_mov(ra, r, ts->reg);
        }
        break;
    case VAL_MEM:
        tcg_target_ld(ra, r, temp_base(ra, ts), temp_offset(ra, ts));
        break;
    case VAL_CONST:
        tcg_target_movi(ra, r, ts->cval);
        break;
    default:
        break; /* undefined value: any content will do */
    }
}

/* the temp in a register of `allowed`; binds it there (constants of the
   IR excepted: they are copied) */
static int temp_load(TCGRegAlloc *ra, int idx, TCGRegSet allowed)
{
    RATemp *ts = &ra->temps[idx];
    int r;

    if (ts->val == VAL_REG && reg_in(allowed, ts->reg)) {
        reg_touch(ra, ts->reg);
        return ts->reg;
    }
    r = reg_alloc(ra, allowed, 0, loop_pref(ra, idx));
    temp_copy_to(ra, idx, r);
    if (ts->kind == TEMP_CONST) {
        return r;
    }
    if (ts->val == VAL_REG) {
        if (reg_in(ra->locked, ts->reg)) {
            return r; /* an earlier operand of this op uses it there */
        }
        reg_set(ra, ts->reg, 0);
    } else if (ts->val == VAL_MEM) {
        ts->coherent = true;
    }
    reg_bind(ra, r, idx);
    return r;
}

void tcg_ra_parallel_move(TCGRegAlloc *ra, const int *dst, const int *src,
                          int n)
{
    int d[TCG_MAX_HOST_REGS], s[TCG_MAX_HOST_REGS], m = 0;

    for (int i = 0; i < n; i++) {
        if (dst[i] != src[i]) {
            d[m] = dst[i];
            s[m] = src[i];
            m++;
        }
    }
    while (m > 0) {
        int i, j;
        for (i = 0; i < m; i++) {
            for (j = 0; j < m && s[j] != d[i]; j++) {
            }
            if (j == m) {
                break; /* nobody still needs d[i]'s old value */
            }
        }
        if (i == m) {
            /* only cycles remain: park d[0]'s value in the scratch */
            int scratch = ra->regs->scratch_reg;
            tcg_target_mov(ra, scratch, d[0]);
            for (j = 0; j < m; j++) {
                if (s[j] == d[0]) {
                    s[j] = scratch;
                }
            }
            i = 0;
        }
        tcg_target_mov(ra, d[i], s[i]);
        d[i] = d[m - 1];
        s[i] = s[m - 1];
        m--;
    }
}

/* ------------------------------------------------------------ block ends */

static void sync_globals(TCGRegAlloc *ra)
{
    for (int i = 0; i < ra->nb_touched; i++) {
        temp_sync(ra, ra->touched[i]);
    }
}

static void sync_locals(TCGRegAlloc *ra)
{
    for (int idx = ra->s->nb_globals + 1; idx < ra->s->nb_temps; idx++) {
        if (ra->temps[idx].kind == TEMP_LOCAL) {
            temp_sync(ra, idx);
        }
    }
}

/*
 * The dirty globals a side path must store (ra->side); if there are too
 * many, they are stored here, on the main path, instead.
 */
static void collect_side_stores(TCGRegAlloc *ra)
{
    ra->nb_side = 0;
    for (int i = 0; i < ra->nb_touched; i++) {
        const RATemp *ts = &ra->temps[ra->touched[i]];
        TCGSideStore *st;

        if (ts->coherent || (ts->val != VAL_REG && ts->val != VAL_CONST)) {
            continue;
        }
        if (ra->nb_side == TCG_MAX_SIDE_STORES) {
            ra->nb_side = 0;
            sync_globals(ra);
            return;
        }
        st = &ra->side[ra->nb_side++];
        st->offset = ts->mem_offset;
        st->reg = ts->val == VAL_REG ? ts->reg : TCG_REG_NONE;
        st->val = ts->cval;
    }
}

static bool has_side_path(TCGOpcode opc)
{
    switch (opc) {
    case INDEX_op_brcond_i32:
    case INDEX_op_brcond_i64:
    case INDEX_op_qemu_ld:
    case INDEX_op_qemu_st:
        return true;
    default:
        return false;
    }
}

/* at a label every path meets: values are in memory, EBB temps are gone */
static void reset_at_label(TCGRegAlloc *ra)
{
    reg_clear_all(ra);
    for (int idx = 1; idx < ra->s->nb_temps; idx++) {
        RATemp *ts = &ra->temps[idx];
        switch (ts->kind) {
        case TEMP_GLOBAL:
            ts->val = VAL_MEM;
            ts->coherent = true;
            break;
        case TEMP_LOCAL:
            ts->val = ts->has_slot ? VAL_MEM : VAL_DEAD;
            ts->coherent = ts->has_slot;
            break;
        case TEMP_EBB:
            temp_dead(ra, idx);
            break;
        default:
            break;
        }
    }
}

/* ------------------------------------------------------------ ops */

static void emit_plain(TCGRegAlloc *ra, const TCGOp *op)
{
    int64_t args[TCG_MAX_OP_ARGS + TCG_MAX_SCRATCH];
    bool is_const[TCG_MAX_OP_ARGS + TCG_MAX_SCRATCH] = {false};

    memcpy(args, op->args, sizeof(op->args));
    tcg_target_op(ra, op, args, is_const, bound_regs(ra) | ra->reserved);
}

static void finish_output(TCGRegAlloc *ra, const TCGOp *op, int idx)
{
    if (op->life & TCG_LIFE_SYNC(0)) {
        temp_sync(ra, idx);
    }
    if (op->life & TCG_LIFE_DEAD(0)) {
        temp_dead(ra, idx);
    }
}

static void alloc_mov(TCGRegAlloc *ra, const TCGOp *op)
{
    int out = (int)op->args[0], in = (int)op->args[1];
    RATemp *to = &ra->temps[out], *ti = &ra->temps[in];
    bool in_dies = op->life & TCG_LIFE_DEAD(1);

    if (out == in) {
        return;
    }
    ra->locked = 0;
    if (ti->val == VAL_MEM && !in_dies && ti->kind != TEMP_CONST) {
        /* the input stays live: keep the copy we load */
        temp_load(ra, in, ra->regs->allocatable);
    }
    if (ti->val == VAL_REG && !in_dies && (op->life & TCG_LIFE_DEAD(0)) &&
        (op->life & TCG_LIFE_SYNC(0)) && is_memory_backed(to)) {
        /* only memory wants the value: store it from where it is */
        temp_overwrite(ra, out);
        tcg_target_st(ra, ti->reg, temp_base(ra, to), temp_offset(ra, to));
        to->val = VAL_MEM;
        to->coherent = true;
        reg_touch(ra, ti->reg);
        return;
    }
    switch (ti->val) {
    case VAL_CONST:
        temp_overwrite(ra, out);
        to->val = VAL_CONST;
        to->cval = ti->cval;
        break;
    case VAL_REG:
        if (in_dies) {
            /* hand the register over */
            int r = ti->reg;
            temp_dead(ra, in);
            temp_overwrite(ra, out);
            reg_bind(ra, r, out);
        } else {
            int prefer = to->val == VAL_REG ? to->reg : loop_pref(ra, out), r;
            temp_overwrite(ra, out);
            ra->locked = reg_bit(ti->reg);
            r = reg_alloc(ra, ra->regs->allocatable, 0, prefer);
            tcg_target_mov(ra, r, ti->reg);
            reg_bind(ra, r, out);
            reg_touch(ra, ti->reg);
        }
        break;
    case VAL_MEM: {
        int prefer = to->val == VAL_REG ? to->reg : loop_pref(ra, out), r;
        temp_overwrite(ra, out);
        r = reg_alloc(ra, ra->regs->allocatable, 0, prefer);
        temp_copy_to(ra, in, r);
        reg_bind(ra, r, out);
        break;
    }
    default:
        temp_overwrite(ra, out); /* copying an undefined value */
        break;
    }
    to->coherent = false;
    if (in_dies) {
        temp_dead(ra, in);
    }
    ra->locked = 0;
    finish_output(ra, op, out);
}

static bool input_dies(const TCGOp *op, int k)
{
    return op->life & TCG_LIFE_DEAD(op->nb_oargs + k);
}

static bool temp_used_twice(const TCGOp *op, int k)
{
    int64_t t = op->args[op->nb_oargs + k];
    for (int j = 0; j < op->nb_iargs; j++) {
        if (j != k && op->args[op->nb_oargs + j] == t) {
            return true;
        }
    }
    return false;
}

/* input k in a register the op may destroy (it becomes the output's) */
static int load_clobberable(TCGRegAlloc *ra, const TCGOp *op, int k,
                            const TCGArgCons *ac)
{
    int idx = (int)op->args[op->nb_oargs + k];
    RATemp *ts = &ra->temps[idx];
    bool dies = input_dies(op, k) || (op->nb_oargs && op->args[0] == idx);
    int r;

    if (dies && !temp_used_twice(op, k) && ts->val == VAL_REG &&
        reg_in(ac->regs, ts->reg) && !reg_in(ra->locked, ts->reg)) {
        reg_touch(ra, ts->reg);
        return ts->reg;
    }
    r = reg_alloc(ra, ac->regs, 0,
                  op->nb_oargs ? loop_pref(ra, (int)op->args[0])
                               : TCG_REG_NONE);
    temp_copy_to(ra, idx, r);
    return r;
}

static void alloc_op(TCGRegAlloc *ra, const TCGOp *op)
{
    const TCGOpCons *c = tcg_target_op_cons(op);
    int nb_o = op->nb_oargs, nb_i = op->nb_iargs, nb_c = op->nb_cargs;
    int64_t args[TCG_MAX_OP_ARGS + TCG_MAX_SCRATCH];
    bool is_const[TCG_MAX_OP_ARGS + TCG_MAX_SCRATCH] = {false};
    int alias_in = nb_o && c->out.alias >= 0 ? c->out.alias : -1;
    int out = nb_o ? (int)op->args[0] : 0;
    TCGRegSet in_regs = 0, live_in;
    int out_reg = TCG_REG_NONE, prefer = TCG_REG_NONE;

    memcpy(args, op->args, sizeof(op->args));
    ra->locked = 0;

    /* inputs, those pinned to one register first */
    for (int pass = 0; pass < 2; pass++) {
        for (int k = 0; k < nb_i; k++) {
            const TCGArgCons *ac = &c->in[k];
            int idx = (int)op->args[nb_o + k];
            RATemp *ts = &ra->temps[idx];
            bool pinned = (ac->regs & (ac->regs - 1)) == 0;
            int r;

            if (pinned != (pass == 0)) {
                continue;
            }
            if (ts->val == VAL_CONST && ac->ct &&
                tcg_target_const_match(op, ts->cval, ac->ct)) {
                args[nb_o + k] = ts->cval;
                is_const[nb_o + k] = true;
                continue;
            }
            if (k == alias_in) {
                r = load_clobberable(ra, op, k, ac);
            } else {
                r = temp_load(ra, idx, ac->regs);
            }
            args[nb_o + k] = r;
            ra->locked |= reg_bit(r);
            in_regs |= reg_bit(r);
        }
    }

    /* registers the lowering destroys, and its scratch registers */
    for (int r = 0; r < ra->regs->nb_regs; r++) {
        if (reg_in(c->clobber, r) && !reg_in(ra->locked, r)) {
            reg_evict(ra, r, c->clobber);
        }
    }
    ra->locked |= c->clobber;
    for (int k = 0; k < c->nb_scratch; k++) {
        int r = reg_alloc(ra, c->scratch_regs, 0, TCG_REG_NONE);
        args[nb_o + nb_i + nb_c + k] = r;
        ra->locked |= reg_bit(r);
    }
    ra->site_tag = ra->site_addend = TCG_REG_NONE;
    for (int k = 0; k < ra->nb_sites; k++) {
        if (op == &ra->s->ops[ra->site_op[k]]) {
            ra->site_tag = ra->site_reg[k][0];
            ra->site_addend = ra->site_reg[k][1];
        }
    }
    /* before the output's old value is dropped: a fault must see it */
    ra->nb_side = 0;
    if (has_side_path((TCGOpcode)op->opc)) {
        collect_side_stores(ra);
    }

    /* inputs that die here, and the value the output replaces */
    for (int k = 0; k < nb_i; k++) {
        int idx = (int)op->args[nb_o + k];
        if (input_dies(op, k) && idx != out) {
            temp_dead(ra, idx);
        }
    }
    if (nb_o) {
        temp_overwrite(ra, out);
    }
    live_in = in_regs & bound_regs(ra);

    if (nb_o) {
        const TCGArgCons *oc = &c->out;
        if (alias_in >= 0) {
            out_reg = (int)args[nb_o + alias_in];
        } else {
            prefer = loop_pref(ra, out);
            if (prefer == TCG_REG_NONE && nb_i && !is_const[nb_o] &&
                !reg_in(live_in, (int)args[nb_o])) {
                prefer = (int)args[nb_o]; /* the first input's, now free */
            }
            /* the op reads its inputs before it writes the output, so the
               output may take the register of an input that dies */
            out_reg = reg_alloc_reuse(ra, oc->regs,
                                      oc->newreg ? in_regs : live_in,
                                      in_regs & ~live_in, prefer);
        }
        ra->locked |= reg_bit(out_reg);
        args[0] = out_reg;
    }

    tcg_target_op(ra, op, args, is_const,
                  (bound_regs(ra) | ra->reserved) &
                  ~(out_reg >= 0 ? reg_bit(out_reg) : 0));

    if (nb_o) {
        reg_bind(ra, out_reg, out);
        finish_output(ra, op, out);
    }
    ra->locked = 0;
}

/* stores argument idx into the outgoing stack area */
static void store_stack_arg(TCGRegAlloc *ra, int idx, int32_t off)
{
    RATemp *ts = &ra->temps[idx];
    int base = ra->regs->frame_reg, scratch = ra->regs->scratch_reg;

    switch (ts->val) {
    case VAL_REG:
        tcg_target_st(ra, ts->reg, base, off);
        break;
    case VAL_CONST:
        store_const(ra, ts->cval, base, off);
        break;
    case VAL_MEM:
        temp_copy_to(ra, idx, scratch);
        tcg_target_st(ra, scratch, base, off);
        break;
    default:
        break;
    }
}

static bool is_call_input(const TCGOp *op, int idx, bool *dies)
{
    bool found = false;

    *dies = false;
    for (int k = 0; k < op->nb_iargs; k++) {
        if (op->args[op->nb_oargs + k] == idx) {
            found = true;
            *dies |= input_dies(op, k);
        }
    }
    return found;
}

static void alloc_call(TCGRegAlloc *ra, const TCGOp *op)
{
    const TCGTargetRegs *R = ra->regs;
    int nb_o = op->nb_oargs, nb_i = op->nb_iargs;
    const TCGHelperInfo *info = tcg_helper_get((int)op->args[nb_o + nb_i]);
    bool syncs = (info->flags & TCG_CALL_PURE) != TCG_CALL_PURE;
    bool writes = !(info->flags & TCG_CALL_NO_WRITE_GLOBALS);
    int nb_reg_args = R->nb_call_arg_regs - 1;
    int dst[TCG_MAX_CALL_IARGS], src[TCG_MAX_CALL_IARGS], n = 0;

    ra->locked = 0;
    if (syncs) {
        sync_globals(ra);
    }

    /* nothing live may stay in a call-clobbered register */
    for (int r = 0; r < R->nb_regs; r++) {
        int idx = ra->reg_temp[r];
        RATemp *ts = &ra->temps[idx];
        bool arg, dies;

        if (!idx || !reg_in(R->call_clobbered, r)) {
            continue;
        }
        arg = is_call_input(op, idx, &dies);
        if (is_memory_backed(ts)) {
            temp_sync(ra, idx);
            if (arg || (writes && ts->kind == TEMP_GLOBAL)) {
                continue; /* memory has it; dropped after the call */
            }
        } else if (arg && dies) {
            continue; /* read as an argument, then gone */
        }
        reg_evict(ra, r, R->call_clobbered);
    }

    /* arguments: the stack ones, then the register moves, then the rest */
    for (int k = nb_reg_args; k < nb_i; k++) {
        store_stack_arg(ra, (int)op->args[nb_o + k],
                        R->frame_stack_args + 8 * (k - nb_reg_args));
    }
    for (int k = 0; k < nb_i && k < nb_reg_args; k++) {
        RATemp *ts = &ra->temps[op->args[nb_o + k]];
        if (ts->val == VAL_REG) {
            dst[n] = R->call_arg_regs[1 + k];
            src[n] = ts->reg;
            n++;
        }
    }
    tcg_ra_parallel_move(ra, dst, src, n);
    for (int k = 0; k < nb_i && k < nb_reg_args; k++) {
        int idx = (int)op->args[nb_o + k];
        if (ra->temps[idx].val != VAL_REG) {
            temp_copy_to(ra, idx, R->call_arg_regs[1 + k]);
        }
    }
    tcg_target_mov(ra, R->call_arg_regs[0], R->env_reg);
    tcg_target_call(ra, info);

    /* what was left in call-clobbered registers is gone or in memory */
    for (int r = 0; r < R->nb_regs; r++) {
        int idx = ra->reg_temp[r];
        if (idx && reg_in(R->call_clobbered, r)) {
            RATemp *ts = &ra->temps[idx];
            reg_set(ra, r, 0);
            ts->val = ts->coherent ? VAL_MEM : VAL_DEAD;
        }
    }
    for (int k = 0; k < nb_i; k++) {
        if (input_dies(op, k)) {
            temp_dead(ra, (int)op->args[nb_o + k]);
        }
    }
    if (writes) {
        for (int i = 0; i < ra->nb_touched; i++) {
            RATemp *ts = &ra->temps[ra->touched[i]];
            if (ts->val == VAL_REG) {
                reg_set(ra, ts->reg, 0);
            }
            ts->val = VAL_MEM;
            ts->coherent = true;
        }
    }
    if (nb_o) {
        int out = (int)op->args[0];
        temp_overwrite(ra, out);
        reg_bind(ra, R->call_ret_reg, out);
        finish_output(ra, op, out);
    }
}

/* ------------------------------------------------------------ loops */

static int loop_index(const TCGRegAlloc *ra, int idx)
{
    for (int i = 0; i < ra->s->nb_loop_carried; i++) {
        if (ra->s->loop_carried[i] == idx) {
            return i;
        }
    }
    return -1;
}

/*
 * The memory accesses of the loop that keep their TLB entry in registers
 * (TCGRegAlloc.site_tag): the first ones, if the loop calls no helper and
 * registers are left over once the carried globals have theirs.  The tags
 * start as -1, which no page matches.
 */
static void loop_sites(TCGRegAlloc *ra, int label_op, TCGRegSet taken)
{
    const TCGContext *s = ra->s;
    int end = ra->loop_end, n = 0;
    int ops[TCG_MAX_LOOP_SITES];

    for (int i = label_op + 1; i < end; i++) {
        const TCGOp *op = &s->ops[i];
        if (op->opc == INDEX_op_call) {
            return; /* a helper might change a translation */
        }
        if ((op->opc == INDEX_op_qemu_ld || op->opc == INDEX_op_qemu_st) &&
            n < TCG_MAX_LOOP_SITES) {
            ops[n++] = i;
        }
    }
    for (int k = 0; k < n; k++) {
        TCGRegSet avail = ra->regs->loop_hold_regs & ~taken & ~ra->reserved &
                          ~bound_regs(ra);
        int r[2];
        for (int j = 0; j < 2; j++) {
            r[j] = first_in_order(ra, avail);
            if (r[j] == TCG_REG_NONE) {
                return;
            }
            avail &= ~reg_bit(r[j]);
        }
        /* the registers hold nothing of the IR's (temp 0): keep them so */
        ra->reserved |= reg_bit(r[0]) | reg_bit(r[1]);
        ra->site_op[k] = ops[k];
        ra->site_reg[k][0] = (int8_t)r[0];
        ra->site_reg[k][1] = (int8_t)r[1];
        ra->nb_sites = k + 1;
        tcg_target_movi(ra, r[0], -1);
    }
}

/*
 * The loop label: as any label, except that the carried globals are in
 * registers (loaded here, on the way in) and, when the loop writes them,
 * possibly dirty (the back edges bring them so).
 */
static void loop_head(TCGRegAlloc *ra, const TCGOp *op)
{
    TCGContext *s = ra->s;
    TCGRegSet keep = 0;

    sync_globals(ra);
    sync_locals(ra);
    ra->locked = 0;
    for (int i = 0; i < s->nb_loop_carried; i++) {
        int r = temp_load(ra, s->loop_carried[i], ra->regs->allocatable);
        ra->loop_reg[i] = (int8_t)r;
        ra->locked |= reg_bit(r);
    }
    keep = ra->locked;
    ra->locked = 0;
    for (int r = 0; r < ra->regs->nb_regs; r++) {
        if (!reg_in(keep, r)) {
            reg_set(ra, r, 0);
        }
    }
    /* the loop ends at its last back edge (tcg/liveness.c) */
    ra->loop_end = -1;
    for (int i = (int)(op - s->ops) + 1; i < s->nb_ops; i++) {
        if (s->ops[i].opc == INDEX_op_br && s->ops[i].args[0] == s->loop_label) {
            ra->loop_end = i;
        }
    }
    loop_sites(ra, (int)(op - s->ops), keep);
    for (int idx = 1; idx < s->nb_temps; idx++) {
        RATemp *ts = &ra->temps[idx];
        switch (ts->kind) {
        case TEMP_GLOBAL:
            if (ts->val == VAL_REG && reg_in(keep, ts->reg)) {
                break;
            }
            ts->val = VAL_MEM;
            ts->coherent = true;
            break;
        case TEMP_LOCAL:
            ts->val = ts->has_slot ? VAL_MEM : VAL_DEAD;
            ts->coherent = ts->has_slot;
            break;
        case TEMP_EBB:
            temp_dead(ra, idx);
            break;
        default:
            break;
        }
    }
    for (int i = 0; i < s->nb_loop_carried; i++) {
        if (s->loop_written[i]) {
            ra->temps[s->loop_carried[i]].coherent = false;
        }
    }
    ra->loop_active = true;
    ra->loop_regs = keep;
    emit_plain(ra, op);
}

/* a br back to the loop label: carried globals into their registers, the
   rest in memory */
static void loop_back_edge(TCGRegAlloc *ra, const TCGOp *op)
{
    TCGContext *s = ra->s;
    int dst[TCG_MAX_LOOP_CARRIED], src[TCG_MAX_LOOP_CARRIED], n = 0;

    sync_locals(ra);
    for (int i = 0; i < ra->nb_touched; i++) {
        if (loop_index(ra, ra->touched[i]) < 0) {
            temp_sync(ra, ra->touched[i]);
        }
    }
    for (int i = 0; i < s->nb_loop_carried; i++) {
        RATemp *ts = &ra->temps[s->loop_carried[i]];
        if (ts->val == VAL_REG) {
            dst[n] = ra->loop_reg[i];
            src[n] = ts->reg;
            n++;
        }
    }
    tcg_ra_parallel_move(ra, dst, src, n);
    for (int i = 0; i < s->nb_loop_carried; i++) {
        RATemp *ts = &ra->temps[s->loop_carried[i]];
        if (ts->val == VAL_MEM || ts->val == VAL_CONST) {
            temp_copy_to(ra, s->loop_carried[i], ra->loop_reg[i]);
        }
    }
    emit_plain(ra, op);
    /* nothing after the jump is reached but through a label */
    reset_at_label(ra);
    /*
     * The held TLB entries stay reserved up to the LAST back edge: the ops
     * between an earlier back edge and it (the rest of the loop body, e.g.
     * the outer loop of "lwarx; stwcx.; bne- retry; addic.; bne- top")
     * are reached from inside the loop and jump back to the label, where
     * the held-entry checks trust the registers.
     */
    if (op == &s->ops[ra->loop_end]) {
        ra->reserved = 0;
        ra->nb_sites = 0;
    }
}

static bool is_loop_back_edge(const TCGRegAlloc *ra, const TCGOp *op)
{
    return ra->loop_active && op->opc == INDEX_op_br &&
           op->args[0] == ra->s->loop_label;
}

/*
 * A brcond's taken edge stores the dirty globals out of line; but when the
 * fall-through path stores them all at once right away, storing before the
 * brcond is as fast and smaller.
 */
static bool falls_into_sync(const TCGRegAlloc *ra, int i)
{
    const TCGContext *s = ra->s;

    for (int j = i + 1; j < s->nb_ops; j++) {
        const TCGOp *op = &s->ops[j];
        switch (op->opc) {
        case INDEX_op_nop:
        case INDEX_op_insn_start:
            continue;
        case INDEX_op_goto_tb:
        case INDEX_op_exit_tb:
        case INDEX_op_goto_ptr:
        case INDEX_op_set_label:
            return true;
        case INDEX_op_br:
            return !is_loop_back_edge(ra, op);
        default:
            return false;
        }
    }
    return true;
}

/* the ops right after the set_label of `label`, at or after op i, leave
   the TB (so store every global first) */
static bool label_exits(const TCGRegAlloc *ra, int i, int label)
{
    const TCGContext *s = ra->s;

    for (int j = i + 1; j < s->nb_ops; j++) {
        const TCGOp *op = &s->ops[j];
        if (op->opc == INDEX_op_set_label && op->args[0] == label) {
            for (j++; j < s->nb_ops; j++) {
                op = &s->ops[j];
                if (op->opc != INDEX_op_nop && op->opc != INDEX_op_insn_start) {
                    return op->opc == INDEX_op_goto_tb ||
                           op->opc == INDEX_op_exit_tb;
                }
            }
            return true;
        }
    }
    return false;
}

/*
 * Whether to store the dirty globals before brcond op i: when both its
 * paths store them all right away (a TB's last branch, whose two sides
 * exit), once is as fast and smaller.  A brcond to a label that takes over
 * its registers otherwise keeps them (the code after it may never need
 * them in env).
 */
static bool sync_before_brcond(const TCGRegAlloc *ra, int i)
{
    const TCGOp *op = &ra->s->ops[i];

    if (!falls_into_sync(ra, i)) {
        return false;
    }
    return !ra->side_inherit || label_exits(ra, i, (int)op->args[3]);
}

/* ------------------------------------------------------------ inheritance */

/* which labels take over the state of the one brcond that jumps there */
static void find_inheriting_labels(TCGRegAlloc *ra)
{
    TCGContext *s = ra->s;

    int n = 0;

    ra->label_state = tcg_scratch0(s, TCG_SCRATCH_RA_LABEL_STATE,
                                   (s->nb_labels + 1) * sizeof(RATemp *));
    if (s->single_labels) {
        ra->label_inherits = s->single_labels; /* liveness found them */
    } else {
        ra->label_inherits = tcg_scratch0(s, TCG_SCRATCH_RA_LABELS,
                                          s->nb_labels + 1);
        tcg_find_single_branch_labels(s, ra->label_inherits);
    }
    /* one saved state per such label at most: taken from a pool kept
       from one TB to the next (a malloc per label was ~1.5% of the
       translation-heavy steps of bench-progs) */
    for (int l = 0; l <= s->nb_labels; l++) {
        n += ra->label_inherits[l] != 0;
    }
    ra->label_pool = tcg_scratch(s, TCG_SCRATCH_RA_LABEL_POOL,
                                 (size_t)(n ? n : 1) *
                                     (size_t)(ra->nb_gl ? ra->nb_gl : 1) *
                                     sizeof(RATemp));
    ra->label_pool_left = n;
}

static bool brcond_inherits(const TCGRegAlloc *ra, const TCGOp *op)
{
    return ra->label_inherits[op->args[3]];
}

/* after the brcond: what its target label will start with */
static void save_label_state(TCGRegAlloc *ra, int label)
{
    RATemp *st = ra->label_pool;

    g_assert(ra->label_state[label] == NULL && ra->label_pool_left > 0);
    ra->label_pool += ra->nb_gl;
    ra->label_pool_left--;
    for (int i = 0; i < ra->nb_gl; i++) {
        st[i] = ra->temps[ra->gl[i]];
    }
    ra->label_state[label] = st;
}

/* at the label: the brcond's state, with the EBB temps gone */
static void restore_label_state(TCGRegAlloc *ra, int label)
{
    RATemp *saved = ra->label_state[label];
    TCGContext *s = ra->s;

    for (int idx = s->nb_globals + 1; idx < s->nb_temps; idx++) {
        if (ra->temps[idx].kind == TEMP_EBB) {
            temp_dead(ra, idx); /* returns its frame slot, if any */
        }
    }
    reg_clear_all(ra);
    for (int i = 0; i < ra->nb_gl; i++) {
        int idx = ra->gl[i];
        RATemp *ts = &ra->temps[idx];
        switch (ts->kind) {
        case TEMP_GLOBAL: {
            bool listed = ts->listed; /* the list only grows */
            *ts = saved[i];
            ts->listed = listed;
            break;
        }
        case TEMP_LOCAL:
            if (saved[i].has_slot || !ts->has_slot) {
                *ts = saved[i];
            } else {
                /* its frame slot came later: keep it, the value is dead */
                ts->val = VAL_DEAD;
                ts->coherent = false;
            }
            break;
        default:
            continue;
        }
        if (ts->val == VAL_REG) {
            reg_bind(ra, ts->reg, idx);
        }
    }
    ra->label_state[label] = NULL;
}

/* a 32-bit env load only a brcond reads: the brcond reads env itself */
static bool alloc_env_brcond(TCGRegAlloc *ra, int i)
{
    const TCGContext *s = ra->s;
    const TCGOp *ld = &s->ops[i], *br = &s->ops[i + 1];
    TCGCond c;

    if (i + 1 >= s->nb_ops || br->opc != INDEX_op_brcond_i32 ||
        br->args[0] != ld->args[0] || !(br->life & TCG_LIFE_DEAD(0)) ||
        ra->temps[ld->args[0]].kind == TEMP_GLOBAL ||
        s->temps[br->args[1]].kind != TEMP_CONST) {
        return false;
    }
    c = (TCGCond)br->args[2];
    if (c < TCG_COND_EQ || c > TCG_COND_GTU) {
        return false;
    }
    ra->op = br;
    sync_locals(ra);
    ra->side_inherit = brcond_inherits(ra, br);
    if (sync_before_brcond(ra, i + 1)) {
        sync_globals(ra);
    }
    ra->locked = 0;
    collect_side_stores(ra);
    tcg_target_brcond_env32(ra, c, (int32_t)ld->args[1],
                            s->temps[br->args[1]].val, (int)br->args[3]);
    if (ra->side_inherit) {
        save_label_state(ra, (int)br->args[3]);
        ra->side_inherit = false;
    }
    return true;
}

/* ------------------------------------------------------------ the pass */

static void temps_init(TCGRegAlloc *ra)
{
    TCGContext *s = ra->s;

    for (int idx = 1; idx < s->nb_temps; idx++) {
        const TCGTemp *t = &s->temps[idx];
        RATemp *ts = &ra->temps[idx];

        memset(ts, 0, sizeof(*ts));
        ts->kind = (uint8_t)t->kind;
        switch (t->kind) {
        case TEMP_GLOBAL:
            ts->val = VAL_MEM;
            ts->coherent = true;
            ts->mem_offset = t->mem_offset;
            break;
        case TEMP_CONST:
            ts->val = VAL_CONST;
            ts->cval = t->val;
            break;
        default:
            ts->val = VAL_DEAD;
            break;
        }
    }
}

bool tcg_regalloc_run(TCGRegAlloc *ra, TCGContext *s,
                      const TCGTargetRegs *regs)
{
    bool ok = true;

    memset(ra, 0, sizeof(*ra));
    ra->s = s;
    ra->regs = regs;
    ra->temps = tcg_scratch(s, TCG_SCRATCH_RA_TEMPS,
                            (s->nb_temps + 1) * sizeof(RATemp));
    ra->free_slots = tcg_scratch(s, TCG_SCRATCH_RA_SLOTS,
                                 (s->nb_temps + 1) * sizeof(int32_t));
    ra->touched = tcg_scratch(s, TCG_SCRATCH_RA_TOUCHED,
                              (s->nb_globals + 1) * sizeof(int16_t));
    ra->next_slot = regs->frame_spill_start;
    assert(regs->frame_spill_end - regs->frame_spill_start >=
           8 * s->nb_temps);
    temps_init(ra);
    ra->gl = tcg_scratch(s, TCG_SCRATCH_RA_GL, (s->nb_temps + 1) * sizeof(int));
    for (int idx = 1; idx < s->nb_temps; idx++) {
        if (ra->temps[idx].kind == TEMP_GLOBAL ||
            ra->temps[idx].kind == TEMP_LOCAL) {
            ra->gl[ra->nb_gl++] = idx;
        }
    }
    find_inheriting_labels(ra);

    for (int i = 0; i < s->nb_ops && ok; i++) {
        const TCGOp *op = &s->ops[i];
        uint16_t flags = tcg_op_defs[op->opc].flags;

        ra->op = op;
        if (flags & TCG_OPF_NOT_PRESENT) {
            continue;
        }
        switch (op->opc) {
        case INDEX_op_mov:
            alloc_mov(ra, op);
            break;
        case INDEX_op_call:
            alloc_call(ra, op);
            break;
        case INDEX_op_set_label:
            if (op->args[0] == s->loop_label && s->nb_loop_carried) {
                loop_head(ra, op);
                break;
            }
            if (ra->label_state[op->args[0]]) {
                restore_label_state(ra, (int)op->args[0]);
                emit_plain(ra, op);
                break;
            }
            sync_globals(ra);
            sync_locals(ra);
            reset_at_label(ra);
            emit_plain(ra, op);
            break;
        case INDEX_op_br:
            if (is_loop_back_edge(ra, op)) {
                loop_back_edge(ra, op);
                break;
            }
            sync_globals(ra);
            sync_locals(ra);
            emit_plain(ra, op);
            break;
        case INDEX_op_brcond_i32:
        case INDEX_op_brcond_i64:
            sync_locals(ra);
            ra->side_inherit = brcond_inherits(ra, op);
            if (sync_before_brcond(ra, i)) {
                sync_globals(ra);
            }
            alloc_op(ra, op);
            if (ra->side_inherit) {
                save_label_state(ra, (int)op->args[3]);
                ra->side_inherit = false;
            }
            break;
        case INDEX_op_qemu_ld:
        case INDEX_op_qemu_st:
            alloc_op(ra, op);
            break;
        case INDEX_op_ld32s:
        case INDEX_op_ld32u:
            if (alloc_env_brcond(ra, i)) {
                i++;
            } else {
                alloc_op(ra, op);
            }
            break;
        case INDEX_op_goto_tb:
        case INDEX_op_exit_tb:
            sync_globals(ra);
            emit_plain(ra, op);
            break;
        case INDEX_op_insn_start:
            emit_plain(ra, op);
            break;
        default:
            if (flags & (TCG_OPF_BB_END | TCG_OPF_MAY_RAISE)) {
                sync_globals(ra);
            }
            if (flags & TCG_OPF_COND_BRANCH) {
                sync_locals(ra);
            }
            alloc_op(ra, op);
            break;
        }
        ok = !tcg_target_stop(ra);
    }
    ra->temps = NULL;
    ra->free_slots = NULL;
    ra->label_state = NULL;
    ra->label_inherits = NULL;
    return ok;
}
