/*
 * tcg: structural checks of a TB's IR, run after translation and after
 * every pass in debug builds (./configure --enable-debug defines
 * CONFIG_DEBUG_TCG; accel/tcg/tb-gen.c calls tcg_validate() and stops on a
 * failure).
 *
 * What is checked, in one forward walk over the ops:
 *   - opcodes and argument counts agree with ir-ops.def (calls: with the
 *     helper table), conditions and goto_tb slots are in range;
 *   - every temp index is a real temp, every label index a real label;
 *   - no op writes a constant;
 *   - every non-global temp is written before (in op order) it is read, and
 *     an EBB temp is read only in the extended basic block that wrote it
 *     (no set_label in between);
 *   - each label is set at most once, and every branch target is set;
 *   - ld/st ops do not touch the env slot of a global: such an access would
 *     bypass the register that may hold the global's current value.
 */
#include <glib.h>
#include <inttypes.h>

#include "tcg.h"

typedef struct ValidateState {
    TCGContext *s;
    const char *pass;
    int op_idx;
    uint32_t *def_bb;  /* per temp: 1 + index of the EBB that wrote it last;
                          0 = never written */
    uint32_t bb;       /* current EBB: 1 + number of set_labels seen */
    bool ok;
} ValidateState;

static void G_GNUC_PRINTF(2, 3) fail(ValidateState *v, const char *fmt, ...)
{
    if (!v->ok) {
        return;
    }
    v->ok = false;
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    fprintf(stderr, "tcg: invalid IR after %s, op %d: %s\n", v->pass,
            v->op_idx, msg);
    g_free(msg);
}

static bool check_temp(ValidateState *v, int64_t t, const char *role)
{
    if (t <= 0 || t >= v->s->nb_temps) {
        fail(v, "%s temp %" PRId64 " out of range", role, t);
        return false;
    }
    return true;
}

static void check_input(ValidateState *v, int64_t t)
{
    if (!check_temp(v, t, "input")) {
        return;
    }
    switch (v->s->temps[t].kind) {
    case TEMP_GLOBAL:
    case TEMP_CONST:
        return;
    case TEMP_LOCAL:
        if (!v->def_bb[t]) {
            fail(v, "local loc%" PRId64 " read before any write", t);
        }
        return;
    case TEMP_EBB:
        if (!v->def_bb[t]) {
            fail(v, "tmp%" PRId64 " read before any write", t);
        } else if (v->def_bb[t] != v->bb) {
            fail(v, "tmp%" PRId64 " read across a set_label", t);
        }
        return;
    }
}

static void check_output(ValidateState *v, int64_t t)
{
    if (!check_temp(v, t, "output")) {
        return;
    }
    if (v->s->temps[t].kind == TEMP_CONST) {
        fail(v, "writes the constant temp %" PRId64, t);
        return;
    }
    v->def_bb[t] = v->bb;
}

static void check_label(ValidateState *v, int64_t l)
{
    if (l < 0 || l >= v->s->nb_labels) {
        fail(v, "label %" PRId64 " out of range", l);
    }
}

static void check_cond(ValidateState *v, int64_t c)
{
    if (c < TCG_COND_NEVER || c > TCG_COND_TSTNE) {
        fail(v, "bad condition %" PRId64, c);
    }
}

static void check_counts(ValidateState *v, const TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];

    if (op->opc != INDEX_op_call) {
        if (op->nb_oargs != def->nb_oargs || op->nb_iargs != def->nb_iargs ||
            op->nb_cargs != def->nb_cargs) {
            fail(v, "%s has %d/%d/%d args, expected %d/%d/%d", def->name,
                 op->nb_oargs, op->nb_iargs, op->nb_cargs, def->nb_oargs,
                 def->nb_iargs, def->nb_cargs);
        }
        return;
    }
    if (op->nb_cargs != 1 || op->nb_oargs > 1 ||
        op->nb_iargs > TCG_MAX_CALL_IARGS) {
        fail(v, "call has %d/%d/%d args", op->nb_oargs, op->nb_iargs,
             op->nb_cargs);
        return;
    }
    const TCGHelperInfo *h = tcg_helper_get((int)op->args[op->nb_iargs +
                                                          op->nb_oargs]);
    if (!h) {
        fail(v, "call of an unregistered helper");
    } else if (h->nb_iargs != op->nb_iargs) {
        fail(v, "call %s with %d arguments, it takes %d", h->name,
             op->nb_iargs, h->nb_iargs);
    } else if (op->nb_oargs && !h->has_ret) {
        fail(v, "call %s uses the result of a void helper", h->name);
    }
}

/* ld/st offsets must stay clear of every global's 8-byte env slot */
static void check_env_access(ValidateState *v, const TCGOp *op, int size)
{
    int64_t off = op->args[op->nb_oargs + op->nb_iargs];
    for (int g = 1; g <= v->s->nb_globals; g++) {
        int64_t goff = v->s->temps[g].mem_offset;
        if (off < goff + 8 && goff < off + size) {
            fail(v, "%s at env+0x%" PRIx64 " overlaps global %s",
                 tcg_op_defs[op->opc].name, off, v->s->temps[g].name);
            return;
        }
    }
}

static int env_access_size(TCGOpcode opc)
{
    switch (opc) {
    case INDEX_op_ld8u:
    case INDEX_op_ld8s:
    case INDEX_op_st8:
        return 1;
    case INDEX_op_ld16u:
    case INDEX_op_ld16s:
    case INDEX_op_st16:
        return 2;
    case INDEX_op_ld32u:
    case INDEX_op_ld32s:
    case INDEX_op_st32:
        return 4;
    case INDEX_op_ld64:
    case INDEX_op_st64:
        return 8;
    default:
        return 0;
    }
}

static void check_op(ValidateState *v, const TCGOp *op, uint8_t *label_set,
                     uint8_t *label_used)
{
    if (op->opc >= NB_TCG_OPS) {
        fail(v, "bad opcode %u", op->opc);
        return;
    }
    if (op->opc == INDEX_op_nop) {
        return;
    }
    check_counts(v, op);
    if (!v->ok) {
        return;
    }

    int no = op->nb_oargs, ni = op->nb_iargs;
    const int64_t *c = &op->args[no + ni];
    for (int i = no; i < no + ni; i++) {
        check_input(v, op->args[i]);
    }
    for (int i = 0; i < no; i++) {
        check_output(v, op->args[i]);
    }

    switch (op->opc) {
    case INDEX_op_setcond_i32:
    case INDEX_op_setcond_i64:
    case INDEX_op_movcond_i32:
    case INDEX_op_movcond_i64:
        check_cond(v, c[0]);
        break;
    case INDEX_op_brcond_i32:
    case INDEX_op_brcond_i64:
        check_cond(v, c[0]);
        check_label(v, c[1]);
        if (v->ok) {
            label_used[c[1]] = 1;
        }
        break;
    case INDEX_op_br:
        check_label(v, c[0]);
        if (v->ok) {
            label_used[c[0]] = 1;
        }
        break;
    case INDEX_op_set_label:
        check_label(v, c[0]);
        if (!v->ok) {
            break;
        }
        if (label_set[c[0]]) {
            fail(v, "label L%" PRId64 " set twice", c[0]);
        }
        label_set[c[0]] = 1;
        v->bb++;
        break;
    case INDEX_op_goto_tb:
        if (c[0] < 0 || c[0] >= TB_NB_JMP) {
            fail(v, "goto_tb slot %" PRId64, c[0]);
        }
        if (c[2] < -1 || c[2] > 15) {
            fail(v, "goto_tb MMU index %" PRId64, c[2]);
        }
        break;
    case INDEX_op_qemu_ld:
    case INDEX_op_qemu_st:
        if (get_memop((TCGMemOpIdx)c[0]) & ~(MO_SIZE | MO_SIGN | MO_BSWAP |
                                              MO_ALIGN)) {
            fail(v, "bad memop 0x%" PRIx64, c[0]);
        }
        break;
    default:
        if (env_access_size(op->opc)) {
            check_env_access(v, op, env_access_size(op->opc));
        }
        break;
    }
}

bool tcg_validate(TCGContext *s, const char *after_pass)
{
    ValidateState v = {.s = s, .pass = after_pass, .bb = 1, .ok = true};

    if (s->overflow) {
        v.op_idx = s->nb_ops;
        fail(&v, "the op, temp or label array overflowed");
        return false;
    }
    v.def_bb = g_new0(uint32_t, s->nb_temps);
    uint8_t *label_set = g_new0(uint8_t, s->nb_labels + 1);
    uint8_t *label_used = g_new0(uint8_t, s->nb_labels + 1);

    for (int i = 0; i < s->nb_ops && v.ok; i++) {
        v.op_idx = i;
        check_op(&v, &s->ops[i], label_set, label_used);
    }
    v.op_idx = s->nb_ops;
    for (int l = 0; l < s->nb_labels && v.ok; l++) {
        if (label_used[l] && !label_set[l]) {
            fail(&v, "branch to L%d, which is never set", l);
        }
    }

    g_free(label_used);
    g_free(label_set);
    g_free(v.def_bb);
    return v.ok;
}
