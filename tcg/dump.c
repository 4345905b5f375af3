/*
 * tcg: the text form of the IR, as printed by -d op and -d op_opt.
 *
 * One op per line, arguments separated by commas: outputs, then inputs,
 * then constants.  Temps print as their global name ("r3", "lr"), "tmpN"
 * (EBB), "locN" (local) or "$0x10" (constant); labels as "L3"; conditions
 * by name.  A guest instruction boundary prints as " ---- 0x<pc>".  After
 * liveness, an op whose life bits are set gets "  dead: i,j  sync: k"
 * (argument positions).
 */
#include <inttypes.h>

#include "tcg.h"

static void dump_temp(const TCGContext *s, FILE *f, int64_t t)
{
    if (t <= 0 || t >= s->nb_temps) {
        fprintf(f, "<bad temp %" PRId64 ">", t);
        return;
    }
    const TCGTemp *ts = &s->temps[t];
    switch (ts->kind) {
    case TEMP_GLOBAL:
        fputs(ts->name ? ts->name : "global", f);
        break;
    case TEMP_LOCAL:
        fprintf(f, "loc%" PRId64, t);
        break;
    case TEMP_EBB:
        fprintf(f, "tmp%" PRId64, t);
        break;
    case TEMP_CONST:
        if (ts->val < 0) {
            fprintf(f, "$-0x%" PRIx64, -(uint64_t)ts->val);
        } else {
            fprintf(f, "$0x%" PRIx64, (uint64_t)ts->val);
        }
        break;
    }
}

/* e.g. "al+besq,1": alignment, byte order, sign, size, then the MMU index */
static void dump_memop(FILE *f, int64_t oi)
{
    static const char size_ch[] = "bwlq";
    unsigned mo = get_memop((TCGMemOpIdx)oi);
    fprintf(f, "%s%s%c%c,%u", mo & MO_ALIGN ? "al+" : "",
            mo & MO_BSWAP ? "be" : "le", mo & MO_SIGN ? 's' : 'u',
            size_ch[mo & MO_SIZE], get_mmuidx((TCGMemOpIdx)oi));
}

static void dump_life(FILE *f, uint32_t life, int n)
{
    const char *sep = "  dead: ";
    for (int i = 0; i < n; i++) {
        if (life & TCG_LIFE_DEAD(i)) {
            fprintf(f, "%s%d", sep, i);
            sep = ",";
        }
    }
    sep = "  sync: ";
    for (int i = 0; i < n; i++) {
        if (life & TCG_LIFE_SYNC(i)) {
            fprintf(f, "%s%d", sep, i);
            sep = ",";
        }
    }
}

static void dump_op(const TCGContext *s, FILE *f, const TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];
    int nt = op->nb_oargs + op->nb_iargs;
    const int64_t *c = &op->args[nt];

    switch (op->opc) {
    case INDEX_op_insn_start:
        fprintf(f, " ---- 0x%" PRIx64 "\n", (uint64_t)c[0]);
        return;
    case INDEX_op_call: {
        const TCGHelperInfo *h = tcg_helper_get((int)c[0]);
        fprintf(f, " call %s", h && h->name ? h->name : "?");
        if (!op->nb_oargs) {
            fputs(" -", f);
        }
        break;
    }
    default:
        fprintf(f, " %s", def->name);
        break;
    }

    for (int i = 0; i < nt; i++) {
        fputs(i ? "," : " ", f);
        dump_temp(s, f, op->args[i]);
    }

    /* the constants, decoded by kind */
    const char *sep = nt ? "," : " ";
    switch (op->opc) {
    case INDEX_op_setcond_i32:
    case INDEX_op_setcond_i64:
    case INDEX_op_movcond_i32:
    case INDEX_op_movcond_i64:
        fprintf(f, "%s%s", sep, tcg_cond_name((TCGCond)c[0]));
        break;
    case INDEX_op_brcond_i32:
    case INDEX_op_brcond_i64:
        fprintf(f, "%s%s,L%" PRId64, sep, tcg_cond_name((TCGCond)c[0]), c[1]);
        break;
    case INDEX_op_set_label:
    case INDEX_op_br:
        fprintf(f, "%sL%" PRId64, sep, c[0]);
        break;
    case INDEX_op_qemu_ld:
    case INDEX_op_qemu_st:
        fputs(sep, f);
        dump_memop(f, c[0]);
        break;
    case INDEX_op_call:
        break;
    default:
        for (int i = 0; i < op->nb_cargs; i++) {
            fprintf(f, "%s$0x%" PRIx64, i ? "," : sep, (uint64_t)c[i]);
        }
        break;
    }
    if (op->life) {
        dump_life(f, op->life, nt);
    }
    fputc('\n', f);
}

void tcg_dump_ops(TCGContext *s, FILE *f)
{
    for (int i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        if (op->opc == INDEX_op_nop) {
            continue;
        }
        if (op->opc >= NB_TCG_OPS) {
            fprintf(f, " <bad opcode %u>\n", op->opc);
            continue;
        }
        dump_op(s, f, op);
    }
}
