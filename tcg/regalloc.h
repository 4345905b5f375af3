/*
 * tcg/regalloc: the register allocator that sits between the IR and a host
 * backend, and the interface each backend implements for it.
 *
 * The allocator walks the ops of a TB once, front to back.  For every op it
 * asks the backend for the op's constraints (which host registers each
 * operand may live in, which constants the instruction can take as
 * immediates, whether the output must share an input's register as in
 * x86's two-address forms, which registers the lowering destroys or needs
 * as scratch), puts every input where the constraint says, picks the
 * output's register, and calls the backend to emit the op with plain
 * register numbers and constants.  It never emits an instruction itself:
 * moves, loads, stores and calls go through the tcg_target_* hooks below.
 *
 * What it keeps in registers: guest globals are loaded lazily and stay in
 * host registers for the rest of the basic block; a dirty one is written
 * back at every BB end and before a helper call unless the helper's flags
 * say it neither reads nor writes globals nor raises; a helper that may
 * write globals drops every cached copy.  At a brcond and at a guest memory
 * access (which may fault) the dirty globals are written back on the side
 * path only (TCGSideStore: the taken edge, the slow path) and stay dirty in
 * their registers on the main path.  Temps live in registers, and in a
 * frame slot only when registers run out or a call would clobber them.  At
 * a brcond the branch target sees globals and TEMP_LOCAL temps in memory,
 * but the fall-through path (the only place an EBB temp can still be used)
 * keeps every register as it was.  Call-clobbered registers are only saved
 * around a call when they hold something live.
 *
 * A label that only one brcond jumps to, and that the code before it does
 * not fall into (the not-taken side of a guest branch that the TB goes on
 * translating past, once the taken side has exited), starts with the
 * register state the brcond had: no store on the edge, no reload after.
 *
 * A loop inside the TB (TCGContext.loop_label, with the carried globals
 * liveness chose): at the label the carried globals are loaded into
 * registers, and every `br` back to it moves them into those same
 * registers again, so an iteration reads and writes them in registers
 * only.
 *
 * The liveness bits of TCGOp.life (tcg/liveness.c explains them) free
 * registers at a temp's last use without a store, and SYNC bits store an
 * output right after the op that made it, where memory will need it.  The
 * write-backs above therefore find nothing dirty after a liveness pass; they
 * are what keeps the code correct when life == 0 everywhere (no liveness
 * pass: slower code, same results).
 */
#ifndef POWERJIT_TCG_REGALLOC_H
#define POWERJIT_TCG_REGALLOC_H

#include <stdbool.h>
#include <stdint.h>

#include "exec.h"
#include "tcg.h"

typedef uint32_t TCGRegSet; /* bit r = host register r */

#define TCG_REG_NONE (-1)
#define TCG_MAX_HOST_REGS 32
#define TCG_MAX_SCRATCH 2
#define TCG_MAX_OP_IARGS 4 /* non-call ops: movcond has the most */

/* where one operand may go */
typedef struct TCGArgCons {
    TCGRegSet regs; /* registers it may occupy */
    uint16_t ct;    /* immediate classes accepted (backend-defined; 0: none) */
    int8_t alias;   /* output only: index of the input whose register it
                       reuses (the input is copied first if it stays live);
                       -1: none */
    bool newreg;    /* output only: may not share any input's register */
} TCGArgCons;

typedef struct TCGOpCons {
    TCGArgCons out;                    /* ops have at most one output */
    TCGArgCons in[TCG_MAX_OP_IARGS];
    TCGRegSet clobber;                 /* destroyed besides the output */
    TCGRegSet scratch_regs;            /* where scratch registers may be */
    uint8_t nb_scratch;                /* handed to the backend after cargs */
} TCGOpCons;

/* the host's registers and frame, as the allocator sees them */
typedef struct TCGTargetRegs {
    int nb_regs;
    TCGRegSet allocatable;     /* everything the allocator may hand out */
    TCGRegSet call_clobbered;  /* not preserved by a C call */
    const int8_t *alloc_order; /* preference order of allocatable registers */
    int nb_alloc_order;
    const int8_t *call_arg_regs; /* C argument registers; [0] gets env */
    int nb_call_arg_regs;
    int call_ret_reg;
    int env_reg;                 /* holds env for the whole TB */
    int frame_reg;               /* base of the frame (stack pointer) */
    int32_t frame_stack_args;    /* frame offset of outgoing stack args */
    int32_t frame_spill_start;   /* spill slots: [start, end), 8 bytes each */
    int32_t frame_spill_end;
    int scratch_reg;             /* never allocated; free between ops */
    /* where a loop may keep a value of its own for its whole run: no op
       constraint ever pins these (a guest memory access's TLB entry, see
       TCGRegAlloc.site_tag) */
    TCGRegSet loop_hold_regs;
} TCGTargetRegs;

typedef struct RATemp RATemp;

/*
 * A dirty global that the side path of the op being lowered must store
 * before it leaves: the taken edge of a brcond, the slow path of a guest
 * memory access (see "soft sync points" in tcg/liveness.c).  The register
 * still holds the value when the side path starts.
 */
typedef struct TCGSideStore {
    int32_t offset; /* in env */
    int8_t reg;     /* TCG_REG_NONE: store the constant val */
    int64_t val;
} TCGSideStore;

#define TCG_MAX_SIDE_STORES 32
#define TCG_MAX_LOOP_SITES 2

/*
 * The allocator's state for one TB.  A backend embeds it in its own code
 * generation context and gets back to that context from the pointer the
 * hooks receive.
 */
typedef struct TCGRegAlloc {
    TCGContext *s;
    const TCGTargetRegs *regs;
    RATemp *temps;                       /* [s->nb_temps] */
    int16_t reg_temp[TCG_MAX_HOST_REGS]; /* temp bound to a register, or 0 */
    TCGRegSet bound;                     /* the registers with a temp */
    /* the globals this TB has loaded or written so far: the only ones
       that can be anywhere but in env, which is all a write-back needs
       to look at */
    int16_t *touched;
    int nb_touched;
    uint32_t reg_stamp[TCG_MAX_HOST_REGS]; /* last use, for eviction */
    uint32_t clock;
    TCGRegSet locked;                    /* held by the op being allocated */
    int32_t *free_slots;                 /* freed frame slots (a stack) */
    int nb_free_slots;
    int32_t next_slot;
    const TCGOp *op;                     /* the op being lowered */
    /* for the op being lowered (brcond, qemu_ld, qemu_st) */
    TCGSideStore side[TCG_MAX_SIDE_STORES];
    int nb_side;
    /* a brcond whose target label takes over the register state as it is
       (ra->side then lists the dirty globals, but nothing is stored) */
    bool side_inherit;
    /* per label: the register state a brcond handed over (regalloc.c),
       and whether it is one (only that brcond leads to the label) */
    RATemp **label_state;
    RATemp *label_pool;  /* where the next saved state goes */
    int label_pool_left;
    uint8_t *label_inherits;
    /* the globals and locals, in temp order: all a label state keeps
       (a TB has hundreds of temps, mostly EBB temps and constants) */
    int *gl;
    int nb_gl;
    /* the loop (TCGContext.loop_label): where each carried global is at
       the label; loop_active once the label has been allocated */
    int8_t loop_reg[TCG_MAX_LOOP_CARRIED];
    bool loop_active;
    TCGRegSet loop_regs; /* the loop_reg[] set: other values avoid it */
    int loop_end;        /* the op index of the last br back to the label */
    /*
     * Guest memory accesses in a loop that keep the TLB entry they last
     * used in two registers: the page tag it matched (-1 at first) and its
     * addend, held for the loop's whole run (`reserved`, which nothing
     * else gets).  For the op being lowered, site_tag/site_addend name
     * them (TCG_REG_NONE: an ordinary access).  The backend compares the
     * access's page with the tag and only looks at the TLB when they
     * differ.  Only a loop that calls no helper does this: nothing in it
     * can change a translation the registers hold.
     */
    int nb_sites;
    int site_op[TCG_MAX_LOOP_SITES];
    int8_t site_reg[TCG_MAX_LOOP_SITES][2];
    int8_t site_tag, site_addend;
    TCGRegSet reserved;
} TCGRegAlloc;

/*
 * Runs the allocator over s->ops and lowers every op through the hooks.
 * Returns false as soon as tcg_target_stop() says so (code buffer full).
 */
bool tcg_regalloc_run(TCGRegAlloc *ra, TCGContext *s,
                      const TCGTargetRegs *regs);

/*
 * For backends: emits register-to-register moves dst[i] <- src[i] as if
 * they all happened at once (the scratch register breaks cycles).
 */
void tcg_ra_parallel_move(TCGRegAlloc *ra, const int *dst, const int *src,
                          int n);

/* ---------------------------------------------------------------- hooks
 * Implemented by the host backend (tcg/x86_64/). */

/* the constraints of a (non-call, non-mov) op */
const TCGOpCons *tcg_target_op_cons(const TCGOp *op);
/* may the constant val be an immediate of class ct for this op? */
bool tcg_target_const_match(const TCGOp *op, int64_t val, unsigned ct);

/* 64-bit register moves, constant loads, and loads/stores at base + off */
void tcg_target_mov(TCGRegAlloc *ra, int dst, int src);
void tcg_target_movi(TCGRegAlloc *ra, int dst, int64_t val);
void tcg_target_ld(TCGRegAlloc *ra, int dst, int base, int32_t off);
void tcg_target_st(TCGRegAlloc *ra, int src, int base, int32_t off);
/* stores a constant directly if the host can; false: nothing emitted */
bool tcg_target_sti(TCGRegAlloc *ra, int64_t val, int base, int32_t off);

/*
 * Emits one op.  args[] has the op's layout (outputs, inputs, cargs): a
 * temp operand is replaced by its host register, or by its value when
 * is_const[i]; after the cargs come the op's scratch registers.  live: the
 * registers that hold values still needed after the op (the output's
 * register excluded), for out-of-line code that must preserve them.
 */
void tcg_target_op(TCGRegAlloc *ra, const TCGOp *op, const int64_t *args,
                   const bool *is_const, TCGRegSet live);
/*
 * Emits "if ((int32_t)env[off] cond imm) goto label" for the pair
 * "ld32s/ld32u t, off; brcond_i32 t, $imm, cond, label" when t dies at the
 * brcond (the exit-request check at every TB entry); ra->nb_side says what
 * the taken edge stores first, as for a brcond.
 */
void tcg_target_brcond_env32(TCGRegAlloc *ra, TCGCond cond, int32_t off,
                             int64_t imm, int label);
/* emits the call instruction itself (arguments are already in place) */
void tcg_target_call(TCGRegAlloc *ra, const TCGHelperInfo *info);
/* true when code generation must be abandoned (buffer full) */
bool tcg_target_stop(TCGRegAlloc *ra);

#endif
