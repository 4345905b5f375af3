/*
 * tcg: the IR context and its builder API.
 *
 * A TCGContext holds one TB's IR at a time: fixed-size arrays of ops, temps
 * and labels, allocated once and reset by tcg_func_start().  Globals (the
 * guest registers) are registered once and survive every reset; everything
 * else is per TB.  Constants are interned per TB, so "$0x10" is one temp
 * however often it is used, which lets the passes compare constants by
 * temp index.
 *
 * Nothing here crashes when an array fills up: the context raises
 * s->overflow and swallows further ops, and the translator retries with
 * fewer guest instructions.  The sink op/temp slots at the end of each array
 * give callers something valid to write to meanwhile.
 *
 * Also here: the op table (from ir-ops.def), the condition utilities, the
 * helper registry, the passes' scratch buffers (tcg_scratch: a TB's passes
 * allocate nothing) and analyses more than one pass uses.
 */
#include <glib.h>
#include <string.h>

#include "tcg.h"
#include "tcg/eval.h"

const TCGOpDef tcg_op_defs[NB_TCG_OPS] = {
#define DEF(name, oargs, iargs, cargs, flags)                                  \
    [INDEX_op_##name] = {#name, oargs, iargs, cargs, flags},
#include "tcg/ir-ops.def"
#undef DEF
};

/* ------------------------------------------------------------- conditions */

static const char *const cond_names[] = {
    [TCG_COND_NEVER] = "never", [TCG_COND_ALWAYS] = "always",
    [TCG_COND_EQ] = "eq",       [TCG_COND_NE] = "ne",
    [TCG_COND_LT] = "lt",       [TCG_COND_GE] = "ge",
    [TCG_COND_LE] = "le",       [TCG_COND_GT] = "gt",
    [TCG_COND_LTU] = "ltu",     [TCG_COND_GEU] = "geu",
    [TCG_COND_LEU] = "leu",     [TCG_COND_GTU] = "gtu",
    [TCG_COND_TSTEQ] = "tsteq", [TCG_COND_TSTNE] = "tstne",
};

const char *tcg_cond_name(TCGCond c)
{
    if ((unsigned)c >= G_N_ELEMENTS(cond_names)) {
        return "?";
    }
    return cond_names[c];
}

/* !(a c b) */
static const TCGCond cond_inverse[] = {
    [TCG_COND_NEVER] = TCG_COND_ALWAYS, [TCG_COND_ALWAYS] = TCG_COND_NEVER,
    [TCG_COND_EQ] = TCG_COND_NE,        [TCG_COND_NE] = TCG_COND_EQ,
    [TCG_COND_LT] = TCG_COND_GE,        [TCG_COND_GE] = TCG_COND_LT,
    [TCG_COND_LE] = TCG_COND_GT,        [TCG_COND_GT] = TCG_COND_LE,
    [TCG_COND_LTU] = TCG_COND_GEU,      [TCG_COND_GEU] = TCG_COND_LTU,
    [TCG_COND_LEU] = TCG_COND_GTU,      [TCG_COND_GTU] = TCG_COND_LEU,
    [TCG_COND_TSTEQ] = TCG_COND_TSTNE,  [TCG_COND_TSTNE] = TCG_COND_TSTEQ,
};

/* (a c b) == (b c' a) */
static const TCGCond cond_swapped[] = {
    [TCG_COND_NEVER] = TCG_COND_NEVER, [TCG_COND_ALWAYS] = TCG_COND_ALWAYS,
    [TCG_COND_EQ] = TCG_COND_EQ,       [TCG_COND_NE] = TCG_COND_NE,
    [TCG_COND_LT] = TCG_COND_GT,       [TCG_COND_GE] = TCG_COND_LE,
    [TCG_COND_LE] = TCG_COND_GE,       [TCG_COND_GT] = TCG_COND_LT,
    [TCG_COND_LTU] = TCG_COND_GTU,     [TCG_COND_GEU] = TCG_COND_LEU,
    [TCG_COND_LEU] = TCG_COND_GEU,     [TCG_COND_GTU] = TCG_COND_LTU,
    [TCG_COND_TSTEQ] = TCG_COND_TSTEQ, [TCG_COND_TSTNE] = TCG_COND_TSTNE,
};

TCGCond tcg_invert_cond(TCGCond c)
{
    g_assert((unsigned)c < G_N_ELEMENTS(cond_inverse));
    return cond_inverse[c];
}

TCGCond tcg_swap_cond(TCGCond c)
{
    g_assert((unsigned)c < G_N_ELEMENTS(cond_swapped));
    return cond_swapped[c];
}

bool tcg_eval_cond64(TCGCond c, uint64_t a, uint64_t b)
{
    return tcg_cond_holds64(c, a, b);
}

bool tcg_eval_cond32(TCGCond c, uint32_t a, uint32_t b)
{
    return tcg_cond_holds32(c, a, b);
}

/* ---------------------------------------------------------------- helpers */

/*
 * The helper table is filled at start-up (accel_init and the translator's
 * init) and read-only afterwards; an index is baked into call ops, so it
 * must stay the same for the life of the process.
 */
#define TCG_MAX_HELPERS 512

static TCGHelperInfo helper_table[TCG_MAX_HELPERS];
static int nb_helpers;

int tcg_helper_register(const TCGHelperInfo *info)
{
    for (int i = 0; i < nb_helpers; i++) {
        if (helper_table[i].func == info->func) {
            return i;
        }
    }
    if (nb_helpers >= TCG_MAX_HELPERS) {
        g_error("tcg: more than %d helpers registered", TCG_MAX_HELPERS);
    }
    if (info->nb_iargs > TCG_MAX_CALL_IARGS) {
        g_error("tcg: helper %s takes %d arguments (max %d)", info->name,
                info->nb_iargs, TCG_MAX_CALL_IARGS);
    }
    helper_table[nb_helpers] = *info;
    return nb_helpers++;
}

const TCGHelperInfo *tcg_helper_get(int idx)
{
    if (idx < 0 || idx >= nb_helpers) {
        return NULL;
    }
    return &helper_table[idx];
}

int tcg_helper_count(void)
{
    return nb_helpers;
}

/* ---------------------------------------------------------------- constants */

/*
 * The per-TB constant table: open addressing with linear probing, sized
 * for twice the temps a TB can have.  An entry belongs to the current TB
 * when its generation is the table's: starting a TB is one increment.
 */
#define CONST_TABLE_SIZE (2 * TCG_MAX_TEMPS)

typedef struct ConstEntry {
    int64_t val;
    uint32_t gen;
    int32_t temp;
} ConstEntry;

typedef struct ConstTable {
    uint32_t gen;
    ConstEntry e[CONST_TABLE_SIZE];
} ConstTable;

static unsigned const_hash(int64_t val)
{
    uint64_t h = (uint64_t)val * 0x9e3779b97f4a7c15ull;
    return (unsigned)(h >> 40) & (CONST_TABLE_SIZE - 1);
}

_Static_assert((CONST_TABLE_SIZE & (CONST_TABLE_SIZE - 1)) == 0,
               "the constant table's size is a power of two");

static void const_table_reset(ConstTable *ct)
{
    if (++ct->gen == 0) { /* wrapped: no entry may look current */
        memset(ct->e, 0, sizeof(ct->e));
        ct->gen = 1;
    }
}

/* ---------------------------------------------------------------- context */

void *tcg_scratch(TCGContext *s, int which, size_t size)
{
    g_assert(which >= 0 && which < TCG_NB_SCRATCH);
    if (s->scratch_size[which] < size) {
        g_free(s->scratch[which]);
        s->scratch_size[which] = MAX(size, 2 * s->scratch_size[which]);
        /* zeroed: a pass's "left by an earlier TB" is never garbage */
        s->scratch[which] = g_malloc0(s->scratch_size[which]);
    }
    return s->scratch[which];
}

void *tcg_scratch0(TCGContext *s, int which, size_t size)
{
    void *p = tcg_scratch(s, which, size);
    memset(p, 0, size);
    return p;
}

void *tcg_array(TCGContext *s, int which, unsigned elem_size)
{
    GArray *a;

    g_assert(which >= 0 && which < TCG_NB_ARRAY);
    a = s->arrays[which];
    if (a == NULL) {
        a = g_array_sized_new(FALSE, FALSE, elem_size, 64);
        s->arrays[which] = a;
    }
    g_assert(g_array_get_element_size(a) == elem_size);
    g_array_set_size(a, 0);
    return a;
}

TCGContext *tcg_context_new(void)
{
    TCGContext *s = g_new0(TCGContext, 1);

    /* one extra slot each: the sink used once the array is full */
    s->ops = g_new0(TCGOp, TCG_MAX_OPS + 1);
    s->temps = g_new0(TCGTemp, TCG_MAX_TEMPS + 1);
    s->nb_temps = 1;
    s->temps[TCG_MAX_TEMPS].kind = TEMP_EBB;
    s->loop_label = -1;
    s->const_table = g_new0(ConstTable, 1);
    ((ConstTable *)s->const_table)->gen = 1;
    return s;
}

void tcg_context_free(TCGContext *s)
{
    if (!s) {
        return;
    }
    g_free(s->const_table);
    for (int i = 0; i < TCG_NB_SCRATCH; i++) {
        g_free(s->scratch[i]);
    }
    for (int i = 0; i < TCG_NB_ARRAY; i++) {
        if (s->arrays[i]) {
            g_array_free(s->arrays[i], TRUE);
        }
    }
    g_free(s->ops);
    g_free(s->temps);
    g_free(s);
}

TCGv tcg_global_new(TCGContext *s, int32_t env_offset, const char *name)
{
    /* globals are indices 1..nb_globals: no TB may be open yet */
    g_assert(s->nb_temps == s->nb_globals + 1);
    if (s->nb_temps >= TCG_MAX_TEMPS) {
        g_error("tcg: too many globals");
    }
    TCGv t = s->nb_temps++;
    s->temps[t] = (TCGTemp){.kind = TEMP_GLOBAL,
                            .mem_offset = env_offset,
                            .name = name,
                            .bits = ~(uint64_t)0};
    s->nb_globals++;
    return t;
}

void tcg_global_set_bits(TCGContext *s, TCGv g, uint64_t bits)
{
    g_assert(g >= 1 && g <= s->nb_globals);
    s->temps[g].bits = bits;
}

void tcg_func_start(TCGContext *s)
{
    s->nb_ops = 0;
    s->nb_temps = s->nb_globals + 1;
    s->nb_labels = 0;
    s->overflow = false;
    s->loop_label = -1;
    s->nb_loop_carried = 0;
    s->single_labels = NULL;
    const_table_reset(s->const_table);
}

static TCGv temp_alloc(TCGContext *s, TCGTempKind kind)
{
    if (s->nb_temps >= TCG_MAX_TEMPS) {
        s->overflow = true;
        return TCG_MAX_TEMPS;
    }
    TCGv t = s->nb_temps++;
    s->temps[t] = (TCGTemp){.kind = kind};
    return t;
}

TCGv tcg_temp_new(TCGContext *s)
{
    return temp_alloc(s, TEMP_EBB);
}

TCGv tcg_temp_new_local(TCGContext *s)
{
    return temp_alloc(s, TEMP_LOCAL);
}

TCGv tcg_constant(TCGContext *s, int64_t val)
{
    ConstTable *ct = s->const_table;
    unsigned h = const_hash(val);
    TCGv t;

    while (ct->e[h].gen == ct->gen) {
        if (ct->e[h].val == val) {
            return ct->e[h].temp;
        }
        h = (h + 1) & (CONST_TABLE_SIZE - 1);
    }
    t = temp_alloc(s, TEMP_CONST);
    if (t == TCG_MAX_TEMPS) {
        return t;
    }
    s->temps[t].val = val;
    ct->e[h] = (ConstEntry){.val = val, .gen = ct->gen, .temp = t};
    return t;
}

TCGv tcg_constant_late(TCGContext *s)
{
    TCGv t = temp_alloc(s, TEMP_CONST);

    if (t != TCG_MAX_TEMPS) {
        s->temps[t].val = 0;
    }
    return t;
}

void tcg_constant_set_late(TCGContext *s, TCGv t, int64_t val)
{
    s->temps[t].val = val;
}

TCGLabel tcg_label_new(TCGContext *s)
{
    if (s->nb_labels >= TCG_MAX_LABELS) {
        s->overflow = true;
        return TCG_MAX_LABELS - 1;
    }
    return s->nb_labels++;
}

TCGOp *tcg_emit_op(TCGContext *s, TCGOpcode opc, int nb_oargs, int nb_iargs,
                   int nb_cargs, const int64_t *args)
{
    int n = nb_oargs + nb_iargs + nb_cargs;
    g_assert(n <= TCG_MAX_OP_ARGS);

    TCGOp *op;
    if (s->overflow || s->nb_ops >= TCG_MAX_OPS) {
        s->overflow = true;
        op = &s->ops[TCG_MAX_OPS];
    } else {
        op = &s->ops[s->nb_ops++];
    }
    op->opc = opc;
    op->nb_oargs = nb_oargs;
    op->nb_iargs = nb_iargs;
    op->nb_cargs = nb_cargs;
    op->life = 0;
    memcpy(op->args, args, n * sizeof(args[0]));
    return op;
}

/* ---------------------------------------------------------------- builders */

static void emit1(TCGContext *s, TCGOpcode opc, TCGv ret, TCGv a)
{
    int64_t args[] = {ret, a};
    tcg_emit_op(s, opc, 1, 1, 0, args);
}

static void emit2(TCGContext *s, TCGOpcode opc, TCGv ret, TCGv a, TCGv b)
{
    int64_t args[] = {ret, a, b};
    tcg_emit_op(s, opc, 1, 2, 0, args);
}

#define GEN_BINOP(name)                                                        \
    void tcg_gen_##name(TCGContext *s, TCGv ret, TCGv a, TCGv b)               \
    {                                                                          \
        emit2(s, INDEX_op_##name, ret, a, b);                                  \
    }
#define GEN_UNOP(name)                                                         \
    void tcg_gen_##name(TCGContext *s, TCGv ret, TCGv a)                       \
    {                                                                          \
        emit1(s, INDEX_op_##name, ret, a);                                     \
    }
#define GEN_BOTH_BIN(name) GEN_BINOP(name##_i32) GEN_BINOP(name##_i64)
#define GEN_BOTH_UN(name) GEN_UNOP(name##_i32) GEN_UNOP(name##_i64)

GEN_BOTH_BIN(add) GEN_BOTH_BIN(sub) GEN_BOTH_BIN(mul)
GEN_BOTH_BIN(and) GEN_BOTH_BIN(or) GEN_BOTH_BIN(xor)
GEN_BOTH_BIN(andc) GEN_BOTH_BIN(orc) GEN_BOTH_BIN(eqv)
GEN_BOTH_BIN(nand) GEN_BOTH_BIN(nor)
GEN_BOTH_BIN(shl) GEN_BOTH_BIN(shr) GEN_BOTH_BIN(sar)
GEN_BOTH_BIN(rotl) GEN_BOTH_BIN(rotr)
GEN_BOTH_BIN(divs) GEN_BOTH_BIN(divu) GEN_BOTH_BIN(rems)
GEN_BOTH_BIN(remu) GEN_BOTH_BIN(muluh) GEN_BOTH_BIN(mulsh)
GEN_BOTH_UN(neg) GEN_BOTH_UN(not) GEN_BOTH_UN(clz)
GEN_BOTH_UN(ctz) GEN_BOTH_UN(ctpop)
GEN_UNOP(mov) GEN_UNOP(ext8s) GEN_UNOP(ext8u)
GEN_UNOP(ext16s) GEN_UNOP(ext16u) GEN_UNOP(ext32s)
GEN_UNOP(ext32u) GEN_UNOP(bswap16) GEN_UNOP(bswap32)
GEN_UNOP(bswap64)

#undef GEN_BINOP
#undef GEN_UNOP
#undef GEN_BOTH_BIN
#undef GEN_BOTH_UN

void tcg_gen_movi(TCGContext *s, TCGv ret, int64_t val)
{
    emit1(s, INDEX_op_mov, ret, tcg_constant(s, val));
}

#define GEN_IMM(name, opc)                                                     \
    void tcg_gen_##name(TCGContext *s, TCGv ret, TCGv a, int64_t val)          \
    {                                                                          \
        emit2(s, INDEX_op_##opc, ret, a, tcg_constant(s, val));                \
    }
GEN_IMM(addi_i64, add_i64)
GEN_IMM(addi_i32, add_i32)
GEN_IMM(andi_i64, and_i64)
GEN_IMM(andi_i32, and_i32)
GEN_IMM(ori_i64, or_i64)
GEN_IMM(xori_i64, xor_i64)
GEN_IMM(shli_i64, shl_i64)
GEN_IMM(shri_i64, shr_i64)
GEN_IMM(sari_i64, sar_i64)
GEN_IMM(shli_i32, shl_i32)
GEN_IMM(shri_i32, shr_i32)
GEN_IMM(sari_i32, sar_i32)
GEN_IMM(rotli_i64, rotl_i64)
GEN_IMM(rotli_i32, rotl_i32)
#undef GEN_IMM

static void gen_setcond(TCGContext *s, TCGOpcode opc, TCGCond c, TCGv ret,
                        TCGv a, TCGv b)
{
    int64_t args[] = {ret, a, b, c};
    tcg_emit_op(s, opc, 1, 2, 1, args);
}

void tcg_gen_setcond_i32(TCGContext *s, TCGCond c, TCGv ret, TCGv a, TCGv b)
{
    gen_setcond(s, INDEX_op_setcond_i32, c, ret, a, b);
}

void tcg_gen_setcond_i64(TCGContext *s, TCGCond c, TCGv ret, TCGv a, TCGv b)
{
    gen_setcond(s, INDEX_op_setcond_i64, c, ret, a, b);
}

void tcg_gen_setcondi_i64(TCGContext *s, TCGCond c, TCGv ret, TCGv a,
                          int64_t b)
{
    gen_setcond(s, INDEX_op_setcond_i64, c, ret, a, tcg_constant(s, b));
}

void tcg_gen_setcondi_i32(TCGContext *s, TCGCond c, TCGv ret, TCGv a,
                          int64_t b)
{
    gen_setcond(s, INDEX_op_setcond_i32, c, ret, a, tcg_constant(s, b));
}

static void gen_movcond(TCGContext *s, TCGOpcode opc, TCGCond c, TCGv ret,
                        TCGv c1, TCGv c2, TCGv v1, TCGv v2)
{
    int64_t args[] = {ret, c1, c2, v1, v2, c};
    tcg_emit_op(s, opc, 1, 4, 1, args);
}

void tcg_gen_movcond_i32(TCGContext *s, TCGCond c, TCGv ret, TCGv c1, TCGv c2,
                         TCGv v1, TCGv v2)
{
    gen_movcond(s, INDEX_op_movcond_i32, c, ret, c1, c2, v1, v2);
}

void tcg_gen_movcond_i64(TCGContext *s, TCGCond c, TCGv ret, TCGv c1, TCGv c2,
                         TCGv v1, TCGv v2)
{
    gen_movcond(s, INDEX_op_movcond_i64, c, ret, c1, c2, v1, v2);
}

static void gen_brcond(TCGContext *s, TCGOpcode opc, TCGCond c, TCGv a, TCGv b,
                       TCGLabel l)
{
    int64_t args[] = {a, b, c, l};
    tcg_emit_op(s, opc, 0, 2, 2, args);
}

void tcg_gen_brcond_i32(TCGContext *s, TCGCond c, TCGv a, TCGv b, TCGLabel l)
{
    gen_brcond(s, INDEX_op_brcond_i32, c, a, b, l);
}

void tcg_gen_brcond_i64(TCGContext *s, TCGCond c, TCGv a, TCGv b, TCGLabel l)
{
    gen_brcond(s, INDEX_op_brcond_i64, c, a, b, l);
}

void tcg_gen_brcondi_i64(TCGContext *s, TCGCond c, TCGv a, int64_t b,
                         TCGLabel l)
{
    gen_brcond(s, INDEX_op_brcond_i64, c, a, tcg_constant(s, b), l);
}

void tcg_gen_brcondi_i32(TCGContext *s, TCGCond c, TCGv a, int64_t b,
                         TCGLabel l)
{
    gen_brcond(s, INDEX_op_brcond_i32, c, a, tcg_constant(s, b), l);
}

void tcg_gen_ld(TCGContext *s, TCGOpcode ld_op, TCGv ret, int32_t offset)
{
    int64_t args[] = {ret, offset};
    tcg_emit_op(s, ld_op, 1, 0, 1, args);
}

void tcg_gen_st(TCGContext *s, TCGOpcode st_op, TCGv val, int32_t offset)
{
    int64_t args[] = {val, offset};
    tcg_emit_op(s, st_op, 0, 1, 1, args);
}

void tcg_gen_qemu_ld(TCGContext *s, TCGv ret, TCGv addr, TCGMemOpIdx oi)
{
    int64_t args[] = {ret, addr, oi};
    tcg_emit_op(s, INDEX_op_qemu_ld, 1, 1, 1, args);
}

void tcg_gen_qemu_st(TCGContext *s, TCGv val, TCGv addr, TCGMemOpIdx oi)
{
    int64_t args[] = {val, addr, oi};
    tcg_emit_op(s, INDEX_op_qemu_st, 0, 2, 1, args);
}

void tcg_gen_set_label(TCGContext *s, TCGLabel l)
{
    int64_t args[] = {l};
    tcg_emit_op(s, INDEX_op_set_label, 0, 0, 1, args);
}

void tcg_gen_br(TCGContext *s, TCGLabel l)
{
    int64_t args[] = {l};
    tcg_emit_op(s, INDEX_op_br, 0, 0, 1, args);
}

void tcg_gen_call(TCGContext *s, int helper_idx, TCGv ret, int nargs,
                  const TCGv *args)
{
    const TCGHelperInfo *info = tcg_helper_get(helper_idx);
    g_assert(info && nargs == info->nb_iargs);
    g_assert(!ret || info->has_ret);

    int64_t a[TCG_MAX_OP_ARGS];
    int n = 0;
    if (ret) {
        a[n++] = ret;
    }
    for (int i = 0; i < nargs; i++) {
        a[n++] = args[i];
    }
    a[n] = helper_idx;
    tcg_emit_op(s, INDEX_op_call, ret ? 1 : 0, nargs, 1, a);
}

void tcg_gen_goto_tb(TCGContext *s, int n)
{
    int64_t args[] = {n, -1, -1};
    tcg_emit_op(s, INDEX_op_goto_tb, 0, 0, 3, args);
}

void tcg_gen_goto_tb_checked(TCGContext *s, int n, uint64_t dest,
                             int mmu_idx)
{
    int64_t args[] = {n, (int64_t)dest, mmu_idx};
    tcg_emit_op(s, INDEX_op_goto_tb, 0, 0, 3, args);
}

void tcg_gen_exit_tb(TCGContext *s, uintptr_t val)
{
    int64_t args[] = {(int64_t)val};
    tcg_emit_op(s, INDEX_op_exit_tb, 0, 0, 1, args);
}

void tcg_gen_goto_ptr(TCGContext *s, TCGv ptr)
{
    int64_t args[] = {ptr};
    tcg_emit_op(s, INDEX_op_goto_ptr, 0, 1, 0, args);
}

/* ------------------------------------------------------------- analyses */

void tcg_find_single_branch_labels(TCGContext *s, uint8_t *out)
{
    uint16_t *refs = tcg_scratch0(s, TCG_SCRATCH_ANALYSIS,
                                  (s->nb_labels + 1) * sizeof(uint16_t));
    bool falls = true;

    for (int i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        if (op->opc == INDEX_op_br) {
            refs[op->args[0]] = UINT16_MAX; /* never: a br brings no state */
        } else if ((op->opc == INDEX_op_brcond_i32 ||
                    op->opc == INDEX_op_brcond_i64) &&
                   refs[op->args[3]] < UINT16_MAX) {
            refs[op->args[3]]++;
        }
    }
    for (int i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        switch (op->opc) {
        case INDEX_op_nop:
        case INDEX_op_insn_start:
            break;
        case INDEX_op_set_label: {
            int l = (int)op->args[0];
            out[l] = !falls && refs[l] == 1 && l != s->loop_label;
            falls = true;
            break;
        }
        default:
            falls = op->opc != INDEX_op_br &&
                    !(tcg_op_defs[op->opc].flags & TCG_OPF_NORETURN);
            break;
        }
    }
}

void tcg_gen_insn_start(TCGContext *s, uint64_t pc)
{
    int64_t args[] = {(int64_t)pc};
    tcg_emit_op(s, INDEX_op_insn_start, 0, 0, 1, args);
}
