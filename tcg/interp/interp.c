/*
 * tcg/interp: runs a TB's IR directly.  It is the oracle the x86-64 JIT is
 * tested against, so it favours being obviously right over being fast:
 *
 *   - every temp is a 64-bit slot in a local array; globals are read and
 *     written straight in env (env + mem_offset) every time, so helpers
 *     and faults always see the current guest state;
 *   - the arithmetic is tcg/eval.h, the one statement of the op semantics
 *     (the optimizer folds with the same code);
 *   - insn_start stores its pc into env->nip, so when a guest memory access
 *     faults inside helper_ld_mmu/helper_st_mmu (called with ra = 0: "state
 *     already precise") the exception sees the faulting instruction;
 *   - goto_tb follows the chain link in tb->jmp_dest[n] itself and goto_ptr
 *     receives a TranslationBlock * (from helper_lookup_tb_ptr), so a chain
 *     of TBs runs without returning to the exec loop; env->exit_request is
 *     checked each time a TB is entered.
 *
 * A TB keeps its IR in a TCGProgram: a snapshot of the context's ops (nops
 * dropped), temps and label positions taken after the passes.
 */
#include <glib.h>
#include <string.h>

#include "exec.h"
#include "tcg/eval.h"
#include "tcg-vec.h"

TCGProgram *tcg_program_copy(TCGContext *s)
{
    TCGProgram *p = g_new0(TCGProgram, 1);

    p->ops = g_new(TCGOp, s->nb_ops > 0 ? s->nb_ops : 1);
    p->nb_labels = s->nb_labels;
    p->label_op = g_new(int, s->nb_labels > 0 ? s->nb_labels : 1);
    for (int l = 0; l < s->nb_labels; l++) {
        p->label_op[l] = -1;
    }
    for (int i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        if (op->opc == INDEX_op_nop) {
            continue;
        }
        if (op->opc == INDEX_op_set_label) {
            p->label_op[op->args[0]] = p->nb_ops;
        }
        p->ops[p->nb_ops++] = *op;
    }

    p->nb_temps = s->nb_temps;
    p->temps = g_new(TCGTemp, s->nb_temps);
    memcpy(p->temps, s->temps, s->nb_temps * sizeof(TCGTemp));
    return p;
}

void tcg_program_free(TCGProgram *p)
{
    if (!p) {
        return;
    }
    g_free(p->ops);
    g_free(p->temps);
    g_free(p->label_op);
    g_free(p);
}

/* ----------------------------------------------------------------- values */

typedef struct Frame {
    CPUPPCState *env;
    const TCGTemp *temps;
    uint64_t *regs;
} Frame;

static inline uint64_t env_read(const CPUPPCState *env, int64_t off, int size)
{
    const uint8_t *p = (const uint8_t *)env + off;
    switch (size) {
    case 1:
        return *p;
    case 2: {
        uint16_t v;
        memcpy(&v, p, 2);
        return v;
    }
    case 4: {
        uint32_t v;
        memcpy(&v, p, 4);
        return v;
    }
    default: {
        uint64_t v;
        memcpy(&v, p, 8);
        return v;
    }
    }
}

static inline void env_write(CPUPPCState *env, int64_t off, int size,
                             uint64_t v)
{
    uint8_t *p = (uint8_t *)env + off;
    switch (size) {
    case 1:
        *p = (uint8_t)v;
        break;
    case 2: {
        uint16_t w = (uint16_t)v;
        memcpy(p, &w, 2);
        break;
    }
    case 4: {
        uint32_t w = (uint32_t)v;
        memcpy(p, &w, 4);
        break;
    }
    default:
        memcpy(p, &v, 8);
        break;
    }
}

static inline uint64_t rd(const Frame *f, int64_t t)
{
    const TCGTemp *ts = &f->temps[t];
    switch (ts->kind) {
    case TEMP_GLOBAL:
        return env_read(f->env, ts->mem_offset, 8);
    case TEMP_CONST:
        return (uint64_t)ts->val;
    default:
        return f->regs[t];
    }
}

static inline void wr(const Frame *f, int64_t t, uint64_t v)
{
    const TCGTemp *ts = &f->temps[t];
    if (ts->kind == TEMP_GLOBAL) {
        env_write(f->env, ts->mem_offset, 8, v);
    } else {
        f->regs[t] = v;
    }
}

/* ------------------------------------------------------------------ calls */

typedef uint64_t (*HelperRet0)(CPUPPCState *);
typedef uint64_t (*HelperRet1)(CPUPPCState *, uint64_t);
typedef uint64_t (*HelperRet2)(CPUPPCState *, uint64_t, uint64_t);
typedef uint64_t (*HelperRet3)(CPUPPCState *, uint64_t, uint64_t, uint64_t);
typedef uint64_t (*HelperRet4)(CPUPPCState *, uint64_t, uint64_t, uint64_t,
                               uint64_t);
typedef uint64_t (*HelperRet5)(CPUPPCState *, uint64_t, uint64_t, uint64_t,
                               uint64_t, uint64_t);
typedef uint64_t (*HelperRet6)(CPUPPCState *, uint64_t, uint64_t, uint64_t,
                               uint64_t, uint64_t, uint64_t);
typedef void (*HelperVoid0)(CPUPPCState *);
typedef void (*HelperVoid1)(CPUPPCState *, uint64_t);
typedef void (*HelperVoid2)(CPUPPCState *, uint64_t, uint64_t);
typedef void (*HelperVoid3)(CPUPPCState *, uint64_t, uint64_t, uint64_t);
typedef void (*HelperVoid4)(CPUPPCState *, uint64_t, uint64_t, uint64_t,
                            uint64_t);
typedef void (*HelperVoid5)(CPUPPCState *, uint64_t, uint64_t, uint64_t,
                            uint64_t, uint64_t);
typedef void (*HelperVoid6)(CPUPPCState *, uint64_t, uint64_t, uint64_t,
                            uint64_t, uint64_t, uint64_t);

/* calls through a pointer of the helper's own shape (count, void or not) */
static uint64_t call_helper(CPUPPCState *env, const TCGHelperInfo *h,
                            const uint64_t *a)
{
    void *fn = h->func;
    if (h->has_ret) {
        switch (h->nb_iargs) {
        case 0:
            return ((HelperRet0)fn)(env);
        case 1:
            return ((HelperRet1)fn)(env, a[0]);
        case 2:
            return ((HelperRet2)fn)(env, a[0], a[1]);
        case 3:
            return ((HelperRet3)fn)(env, a[0], a[1], a[2]);
        case 4:
            return ((HelperRet4)fn)(env, a[0], a[1], a[2], a[3]);
        case 5:
            return ((HelperRet5)fn)(env, a[0], a[1], a[2], a[3], a[4]);
        default:
            return ((HelperRet6)fn)(env, a[0], a[1], a[2], a[3], a[4], a[5]);
        }
    }
    switch (h->nb_iargs) {
    case 0:
        ((HelperVoid0)fn)(env);
        break;
    case 1:
        ((HelperVoid1)fn)(env, a[0]);
        break;
    case 2:
        ((HelperVoid2)fn)(env, a[0], a[1]);
        break;
    case 3:
        ((HelperVoid3)fn)(env, a[0], a[1], a[2]);
        break;
    case 4:
        ((HelperVoid4)fn)(env, a[0], a[1], a[2], a[3]);
        break;
    case 5:
        ((HelperVoid5)fn)(env, a[0], a[1], a[2], a[3], a[4]);
        break;
    default:
        ((HelperVoid6)fn)(env, a[0], a[1], a[2], a[3], a[4], a[5]);
        break;
    }
    return 0;
}

static void exec_call(const Frame *f, const TCGOp *op)
{
    int no = op->nb_oargs, ni = op->nb_iargs;
    const TCGHelperInfo *h = tcg_helper_get((int)op->args[no + ni]);
    uint64_t a[TCG_MAX_CALL_IARGS] = {0};

    if (!h) {
        g_error("tcg interp: call of unregistered helper %d",
                (int)op->args[no + ni]);
    }
    for (int i = 0; i < ni; i++) {
        a[i] = rd(f, op->args[no + i]);
    }
    uint64_t r = call_helper(f->env, h, a);
    if (no) {
        wr(f, op->args[0], r);
    }
}

/* ------------------------------------------------------------------- loop */

/*
 * Runs one TB.  Returns the TB to continue with (a chained goto_tb or a
 * goto_ptr hit), or NULL with *exit_val set.
 */
static TranslationBlock *run_tb(CPUPPCState *env, TranslationBlock *tb,
                                uint64_t *regs, uintptr_t *exit_val)
{
    const TCGProgram *p = tb->prog;
    const Frame fr = {.env = env, .temps = p->temps, .regs = regs};
    const Frame *f = &fr;

    for (int pc = 0; pc < p->nb_ops; pc++) {
        const TCGOp *op = &p->ops[pc];
        const int64_t *a = op->args;
        uint64_t r = 0;

        switch ((TCGOpcode)op->opc) {
        case INDEX_op_nop:
        case INDEX_op_set_label:
            break;
        case INDEX_op_mov:
            wr(f, a[0], rd(f, a[1]));
            break;

#define BINARY(x)                                                              \
    case INDEX_op_##x:                                                         \
        tcg_eval_op(INDEX_op_##x, rd(f, a[1]), rd(f, a[2]), &r);               \
        wr(f, a[0], r);                                                        \
        break;
#define UNARY(x)                                                               \
    case INDEX_op_##x:                                                         \
        tcg_eval_op(INDEX_op_##x, rd(f, a[1]), 0, &r);                         \
        wr(f, a[0], r);                                                        \
        break;
#define BINARY2(x) BINARY(x##_i32) BINARY(x##_i64)
#define UNARY2(x) UNARY(x##_i32) UNARY(x##_i64)
        BINARY2(add) BINARY2(sub) BINARY2(mul) BINARY2(and) BINARY2(or)
        BINARY2(xor) BINARY2(andc) BINARY2(orc) BINARY2(eqv) BINARY2(nand)
        BINARY2(nor) BINARY2(shl) BINARY2(shr) BINARY2(sar) BINARY2(rotl)
        BINARY2(rotr) BINARY2(divs) BINARY2(divu) BINARY2(rems)
        BINARY2(remu) BINARY2(muluh) BINARY2(mulsh)
        UNARY2(neg) UNARY2(not) UNARY2(clz) UNARY2(ctz) UNARY2(ctpop)
        UNARY(ext8s) UNARY(ext8u) UNARY(ext16s) UNARY(ext16u) UNARY(ext32s)
        UNARY(ext32u) UNARY(bswap16) UNARY(bswap32) UNARY(bswap64)
#undef BINARY
#undef UNARY
#undef BINARY2
#undef UNARY2

        case INDEX_op_setcond_i32:
        case INDEX_op_setcond_i64:
            r = tcg_eval_cond_op(op->opc, (TCGCond)a[3], rd(f, a[1]),
                                 rd(f, a[2]));
            wr(f, a[0], r);
            break;
        case INDEX_op_movcond_i32:
            r = tcg_eval_cond_op(op->opc, (TCGCond)a[5], rd(f, a[1]),
                                 rd(f, a[2])) ? rd(f, a[3]) : rd(f, a[4]);
            wr(f, a[0], (uint32_t)r);
            break;
        case INDEX_op_movcond_i64:
            r = tcg_eval_cond_op(op->opc, (TCGCond)a[5], rd(f, a[1]),
                                 rd(f, a[2])) ? rd(f, a[3]) : rd(f, a[4]);
            wr(f, a[0], r);
            break;
        case INDEX_op_brcond_i32:
        case INDEX_op_brcond_i64:
            if (tcg_eval_cond_op(op->opc, (TCGCond)a[2], rd(f, a[0]),
                                 rd(f, a[1]))) {
                pc = p->label_op[a[3]];
            }
            break;
        case INDEX_op_br:
            pc = p->label_op[a[0]];
            break;

        case INDEX_op_ld8u:
            wr(f, a[0], env_read(env, a[1], 1));
            break;
        case INDEX_op_ld8s:
            wr(f, a[0], (uint64_t)(int64_t)(int8_t)env_read(env, a[1], 1));
            break;
        case INDEX_op_ld16u:
            wr(f, a[0], env_read(env, a[1], 2));
            break;
        case INDEX_op_ld16s:
            wr(f, a[0], (uint64_t)(int64_t)(int16_t)env_read(env, a[1], 2));
            break;
        case INDEX_op_ld32u:
            wr(f, a[0], env_read(env, a[1], 4));
            break;
        case INDEX_op_ld32s:
            wr(f, a[0], (uint64_t)(int64_t)(int32_t)env_read(env, a[1], 4));
            break;
        case INDEX_op_ld64:
            wr(f, a[0], env_read(env, a[1], 8));
            break;
        case INDEX_op_st8:
            env_write(env, a[1], 1, rd(f, a[0]));
            break;
        case INDEX_op_st16:
            env_write(env, a[1], 2, rd(f, a[0]));
            break;
        case INDEX_op_st32:
            env_write(env, a[1], 4, rd(f, a[0]));
            break;
        case INDEX_op_st64:
            env_write(env, a[1], 8, rd(f, a[0]));
            break;

        case INDEX_op_qemu_ld:
            wr(f, a[0], helper_ld_mmu(env, rd(f, a[1]), (uint64_t)a[2], 0));
            break;
        case INDEX_op_qemu_st:
            helper_st_mmu(env, rd(f, a[1]), rd(f, a[0]), (uint64_t)a[2], 0);
            break;

        case INDEX_op_call:
            exec_call(f, op);
            break;
        case INDEX_op_insn_start:
            env->nip = (uint64_t)a[0];
            break;

        case INDEX_op_goto_tb: {
            TranslationBlock *dest = tb->jmp_dest[a[0] % TB_NB_JMP];
            if (dest && !dest->invalid) {
                return dest;
            }
            break; /* not chained: the exit_tb that follows returns */
        }
        case INDEX_op_exit_tb:
            *exit_val = (uintptr_t)a[0];
            return NULL;
        case INDEX_op_goto_ptr:
            r = rd(f, a[0]);
            if (!r) {
                *exit_val = 0;
                return NULL;
            }
            return (TranslationBlock *)(uintptr_t)r;

        case NB_TCG_OPS:
        default:
            if (tcg_op_is_vec((TCGOpcode)op->opc)) {
                tcg_eval_vec_op((TCGOpcode)op->opc, (uint8_t *)env, a,
                                op->nb_cargs);
                break;
            }
            g_error("tcg interp: bad opcode %u", op->opc);
        }
    }
    /* a TB always ends with an exit; if it does not, ask for a lookup */
    *exit_val = 0;
    return NULL;
}

uintptr_t tcg_interp_exec(CPUPPCState *env, TranslationBlock *tb)
{
    uint64_t regs[TCG_MAX_TEMPS];
    uintptr_t exit_val = 0;

    while (tb) {
        if (env->exit_request) {
            return (uintptr_t)tb | TB_EXIT_REQUESTED;
        }
        tb = run_tb(env, tb, regs, &exit_val);
    }
    return exit_val;
}
