/*
 * tcg: the optimizer.  One forward pass over a TB's ops that rewrites them
 * in place (ops only change into cheaper ops, mov or nop; nothing is
 * inserted):
 *   - constant folding of every pure op, with the semantics of tcg/eval.h
 *     (the same code the interpreter runs);
 *   - constant and copy propagation: an input that is known to hold the
 *     same value as a constant or as another temp is replaced by it;
 *   - cheap algebraic identities (x+0, x&0, x|-1, x*1, x^x, x-x, x/1, ...);
 *   - setcond/movcond/brcond with a decidable condition become a constant,
 *     a copy, a br or a nop; constants are moved to the second operand;
 *   - a set_label no branch refers to any more is deleted, which merges the
 *     blocks around it;
 *   - a branch on bits of a compare result branches on the compare: after
 *         movcond crf, x, y, $8, $4, lt ; movcond crf, x, y, $2, crf, eq
 *         or crf, crf, so ; and t, crf, $4 ; brcond t, $0, ne
 *     (a guest compare into a CR field, then a branch on its GT bit) the
 *     brcond becomes "brcond x, y, gt" (the CR field is still computed
 *     for whoever reads it later, but not on the branch's path), and
 *     "and t, x, $m ; brcond t, $0, eq" becomes "brcond x, $m, tsteq".
 * Dead ops are left for tcg_liveness(), which deletes them.
 *
 * What is known about a temp (the copy it equals, whether its high 32 bits
 * are zero) holds within an extended basic block: everything is forgotten
 * at a set_label, and a call to a helper that may write globals forgets
 * what was known about globals.  i32 ops zero-extend their result, so an
 * identity like "add_i32 x, $0" is a plain copy only when x's high half is
 * known to be zero; otherwise it becomes ext32u.
 *
 * Every forget is O(1): facts carry a tag compared against a per-pass
 * counter, and "is t still a copy of src" compares src's write count with
 * the one recorded when the copy was made.  The pass is linear in the ops.
 *
 * The compare facts (FACT_ORDER) say that a temp's value is a function of
 * how two operands compare: map[LT], map[EQ] or map[GT], plus possibly
 * some bits of `mask` whose value is not known (an OR with a global such as
 * the SO flag, whose possible bits tcg_global_set_bits declared).  They
 * are only used while both operands keep the values they had.
 */
#include <glib.h>
#include <string.h>

#include "tcg.h"
#include "tcg/eval.h"

/* how a temp's value was made (TempInfo.fact) */
enum {
    FACT_NONE,
    FACT_AND,   /* a & mask */
    FACT_ORDER, /* map[how a compares with b] | (some bits of mask) */
};

/* the outcomes of comparing a with b, indexing TempInfo.map */
enum { ORD_LT, ORD_EQ, ORD_GT, NB_ORD };

/* how the compare of a FACT_ORDER is made */
enum { SIGN_ANY, SIGN_SIGNED, SIGN_UNSIGNED };

typedef struct TempInfo {
    uint64_t tag;      /* the facts below hold iff tag == current tag */
    int src;           /* 0, or a temp holding the same 64-bit value */
    uint64_t src_ver;  /* version of src when the copy was made */
    bool z32;          /* bits 63..32 are known to be zero */
    uint8_t fact;      /* FACT_*; a and b are resolved, with their versions */
    uint8_t sign;      /* FACT_ORDER */
    bool is32;         /* FACT_ORDER: a and b compared as 32-bit values */
    int a, b;
    uint64_t a_ver, b_ver;
    uint64_t mask;
    uint64_t map[NB_ORD];
} TempInfo;

typedef struct Optimizer {
    TCGContext *s;
    int nb_info;       /* temps at entry; later ones are new constants */
    TempInfo *info;
    uint32_t *writes;  /* per temp: how many times it has been written */
    uint64_t tag;      /* bumped at every set_label */
    uint64_t gtag;     /* the same for globals, also bumped by clobbers */
    uint32_t clobbers; /* calls that wrote globals so far */
    int *label_refs;   /* per label: branches still targeting it */
} Optimizer;

static bool is_const(const Optimizer *o, int t)
{
    return o->s->temps[t].kind == TEMP_CONST;
}

static uint64_t const_val(const Optimizer *o, int t)
{
    return (uint64_t)o->s->temps[t].val;
}

static bool is_global(const Optimizer *o, int t)
{
    return t <= o->s->nb_globals;
}

/* a global's version also changes when a call clobbers all globals */
static uint64_t version(const Optimizer *o, int t)
{
    uint64_t v = o->writes[t];
    if (is_global(o, t)) {
        v |= (uint64_t)o->clobbers << 32;
    }
    return v;
}

static TempInfo *valid_info(Optimizer *o, int t)
{
    if (t >= o->nb_info || is_const(o, t)) {
        return NULL;
    }
    TempInfo *ti = &o->info[t];
    return ti->tag == (is_global(o, t) ? o->gtag : o->tag) ? ti : NULL;
}

/* the temp that t's current value is best read from */
static int resolve(Optimizer *o, int t)
{
    TempInfo *ti = valid_info(o, t);
    if (!ti || !ti->src) {
        return t;
    }
    if (is_const(o, ti->src) || version(o, ti->src) == ti->src_ver) {
        return ti->src;
    }
    return t;
}

static bool known_z32(Optimizer *o, int t)
{
    if (is_const(o, t)) {
        return (const_val(o, t) >> 32) == 0;
    }
    TempInfo *ti = valid_info(o, t);
    return ti && ti->z32;
}

/* t is written with a value about which z32 is all we know */
static void define(Optimizer *o, int t, bool z32)
{
    o->writes[t]++;
    o->info[t] = (TempInfo){
        .tag = is_global(o, t) ? o->gtag : o->tag, .z32 = z32};
}

static void define_copy(Optimizer *o, int t, int src)
{
    bool z32 = known_z32(o, src);
    define(o, t, z32);
    o->info[t].src = src;
    o->info[t].src_ver = is_const(o, src) ? 0 : version(o, src);
}

/* the interned constant temp, or 0 if the temp array is full */
static int const_temp(Optimizer *o, uint64_t val)
{
    bool overflow = o->s->overflow;
    int t = tcg_constant(o->s, (int64_t)val);
    if (t >= TCG_MAX_TEMPS) {
        o->s->overflow = overflow;
        return 0;
    }
    return t;
}

static void op_to_nop(TCGOp *op)
{
    op->opc = INDEX_op_nop;
    op->nb_oargs = op->nb_iargs = op->nb_cargs = 0;
}

/* op becomes "mov out, src" */
static void op_to_mov(Optimizer *o, TCGOp *op, int src)
{
    int dst = (int)op->args[0];
    if (dst == src) {
        op_to_nop(op);
        return;
    }
    op->opc = INDEX_op_mov;
    op->nb_oargs = 1;
    op->nb_iargs = 1;
    op->nb_cargs = 0;
    op->args[1] = src;
    define_copy(o, dst, src);
}

static void op_to_const(Optimizer *o, TCGOp *op, uint64_t val)
{
    int c = const_temp(o, val);
    if (!c) {
        define(o, (int)op->args[0], (val >> 32) == 0);
        return;
    }
    op_to_mov(o, op, c);
}

/* op becomes "out = src" at its width: an i32 result is zero-extended */
static void op_to_copy(Optimizer *o, TCGOp *op, int src, bool is32)
{
    if (!is32 || known_z32(o, src)) {
        op_to_mov(o, op, src);
    } else if (is_const(o, src)) {
        op_to_const(o, op, (uint32_t)const_val(o, src));
    } else {
        op->opc = INDEX_op_ext32u;
        op->nb_oargs = 1;
        op->nb_iargs = 1;
        op->nb_cargs = 0;
        op->args[1] = src;
        define(o, (int)op->args[0], true);
    }
}

static void op_to_unary(Optimizer *o, TCGOp *op, TCGOpcode opc, int src,
                        bool z32)
{
    op->opc = opc;
    op->nb_iargs = 1;
    op->args[1] = src;
    define(o, (int)op->args[0], z32);
}

#define CASE2(x) case INDEX_op_##x##_i32: case INDEX_op_##x##_i64

static bool is_commutative(TCGOpcode opc)
{
    switch (opc) {
    CASE2(add): CASE2(mul): CASE2(and): CASE2(or): CASE2(xor): CASE2(eqv):
    CASE2(nand): CASE2(nor): CASE2(muluh): CASE2(mulsh):
        return true;
    default:
        return false;
    }
}

/* what is known about the high half of a pure op's result */
static bool result_z32(Optimizer *o, const TCGOp *op)
{
    TCGOpcode opc = op->opc;
    if (tcg_op_is_i32(opc)) {
        return true;
    }
    switch (opc) {
    case INDEX_op_ext8u:
    case INDEX_op_ext16u:
    case INDEX_op_ext32u:
    case INDEX_op_bswap16:
    case INDEX_op_bswap32:
    case INDEX_op_clz_i64:
    case INDEX_op_ctz_i64:
    case INDEX_op_ctpop_i64:
    case INDEX_op_setcond_i64:
    case INDEX_op_ld8u:
    case INDEX_op_ld16u:
    case INDEX_op_ld32u:
        return true;
    case INDEX_op_and_i64:
        return known_z32(o, (int)op->args[1]) || known_z32(o, (int)op->args[2]);
    case INDEX_op_or_i64:
    case INDEX_op_xor_i64:
        return known_z32(o, (int)op->args[1]) && known_z32(o, (int)op->args[2]);
    case INDEX_op_shr_i64:
        return known_z32(o, (int)op->args[1]);
    case INDEX_op_qemu_ld: {
        unsigned mo = get_memop((TCGMemOpIdx)op->args[2]);
        return (mo & MO_SIZE) != MO_64 && !(mo & MO_SIGN);
    }
    default:
        return false;
    }
}

/*
 * Identities of a binary op whose inputs are not both constant (a constant,
 * if any, is already in b for commutative ops).  Returns true if the op was
 * rewritten.
 */
static bool simplify_binary(Optimizer *o, TCGOp *op)
{
    TCGOpcode opc = op->opc;
    bool is32 = tcg_op_is_i32(opc);
    uint64_t mask = is32 ? 0xffffffffu : ~(uint64_t)0;
    unsigned width = is32 ? 32 : 64;
    int a = (int)op->args[1], b = (int)op->args[2];

    if (a == b) {
        switch (opc) {
        CASE2(sub): CASE2(xor): CASE2(andc):
            op_to_const(o, op, 0);
            return true;
        CASE2(and): CASE2(or):
            op_to_copy(o, op, a, is32);
            return true;
        CASE2(eqv): CASE2(orc):
            op_to_const(o, op, mask);
            return true;
        case INDEX_op_nand_i32:
        case INDEX_op_nor_i32:
            op_to_unary(o, op, INDEX_op_not_i32, a, true);
            return true;
        case INDEX_op_nand_i64:
        case INDEX_op_nor_i64:
            op_to_unary(o, op, INDEX_op_not_i64, a, false);
            return true;
        default:
            return false;
        }
    }

    if (is_const(o, b)) {
        uint64_t bv = const_val(o, b) & mask;
        switch (opc) {
        CASE2(add): CASE2(sub): CASE2(or): CASE2(xor): CASE2(andc):
            if (bv == 0) {
                op_to_copy(o, op, a, is32);
                return true;
            }
            if (bv == mask && (opc == INDEX_op_or_i32 ||
                               opc == INDEX_op_or_i64)) {
                op_to_const(o, op, mask);
                return true;
            }
            if (bv == mask && (opc == INDEX_op_andc_i32 ||
                               opc == INDEX_op_andc_i64)) {
                op_to_const(o, op, 0);
                return true;
            }
            return false;
        CASE2(shl): CASE2(shr): CASE2(sar): CASE2(rotl): CASE2(rotr):
            if ((bv & (width - 1)) == 0) {
                op_to_copy(o, op, a, is32);
                return true;
            }
            return false;
        CASE2(and):
            if (bv == 0) {
                op_to_const(o, op, 0);
                return true;
            }
            if (bv == mask) {
                op_to_copy(o, op, a, is32);
                return true;
            }
            return false;
        CASE2(orc):
            if (bv == mask) {
                op_to_copy(o, op, a, is32);
                return true;
            }
            if (bv == 0) {
                op_to_const(o, op, mask);
                return true;
            }
            return false;
        CASE2(eqv):
            if (bv == mask) {
                op_to_copy(o, op, a, is32);
                return true;
            }
            return false;
        CASE2(mul):
            if (bv == 1) {
                op_to_copy(o, op, a, is32);
                return true;
            }
            if (bv == 0) {
                op_to_const(o, op, 0);
                return true;
            }
            return false;
        CASE2(muluh): CASE2(mulsh):
            if (bv == 0) {
                op_to_const(o, op, 0);
                return true;
            }
            return false;
        CASE2(divs): CASE2(divu):
            if (bv == 1) {
                op_to_copy(o, op, a, is32);
                return true;
            }
            if (bv == 0) {
                op_to_const(o, op, 0);
                return true;
            }
            return false;
        CASE2(rems): CASE2(remu):
            if (bv == 1 || bv == 0) {
                op_to_const(o, op, 0);
                return true;
            }
            return false;
        default:
            return false;
        }
    }

    if (is_const(o, a) && (const_val(o, a) & mask) == 0) {
        switch (opc) {
        CASE2(shl): CASE2(shr): CASE2(sar): CASE2(rotl): CASE2(rotr):
        CASE2(andc): CASE2(divs): CASE2(divu): CASE2(rems): CASE2(remu):
            op_to_const(o, op, 0);
            return true;
        case INDEX_op_sub_i32:
            op_to_unary(o, op, INDEX_op_neg_i32, b, true);
            return true;
        case INDEX_op_sub_i64:
            op_to_unary(o, op, INDEX_op_neg_i64, b, false);
            return true;
        default:
            return false;
        }
    }
    return false;
}

/* 1 or 0 if (a cond b) is decided at this width, -1 if not */
static int decide_cond(Optimizer *o, TCGOpcode opc, TCGCond c, int a, int b)
{
    bool is32 = tcg_op_is_i32(opc);
    uint64_t mask = is32 ? 0xffffffffu : ~(uint64_t)0;

    switch (c) {
    case TCG_COND_NEVER:
        return 0;
    case TCG_COND_ALWAYS:
        return 1;
    default:
        break;
    }
    if (is_const(o, a) && is_const(o, b)) {
        return tcg_eval_cond_op(opc, c, const_val(o, a), const_val(o, b));
    }
    if (a == b) {
        switch (c) {
        case TCG_COND_EQ:
        case TCG_COND_GE:
        case TCG_COND_LE:
        case TCG_COND_GEU:
        case TCG_COND_LEU:
            return 1;
        case TCG_COND_NE:
        case TCG_COND_LT:
        case TCG_COND_GT:
        case TCG_COND_LTU:
        case TCG_COND_GTU:
            return 0;
        default:
            return -1;
        }
    }
    if (is_const(o, b) && (const_val(o, b) & mask) == 0) {
        switch (c) {
        case TCG_COND_LTU:
        case TCG_COND_TSTNE:
            return 0;
        case TCG_COND_GEU:
        case TCG_COND_TSTEQ:
            return 1;
        default:
            return -1;
        }
    }
    return -1;
}

/* setcond/movcond/brcond: put a lone constant in the second operand */
static void canonicalize_cond(Optimizer *o, TCGOp *op, int ai, int ci)
{
    int a = (int)op->args[ai], b = (int)op->args[ai + 1];
    if (is_const(o, a) && !is_const(o, b)) {
        op->args[ai] = b;
        op->args[ai + 1] = a;
        op->args[ci] = tcg_swap_cond((TCGCond)op->args[ci]);
    }
}

/* ------------------------------------------------------ compare facts */

static uint64_t operand_ver(Optimizer *o, int t)
{
    return is_const(o, t) ? 0 : version(o, t);
}

/* t's fact of the given kind, if its operands still hold their values */
static const TempInfo *get_fact(Optimizer *o, int t, int kind)
{
    const TempInfo *ti = valid_info(o, t);

    if (!ti || ti->fact != kind || operand_ver(o, ti->a) != ti->a_ver ||
        (kind == FACT_ORDER && operand_ver(o, ti->b) != ti->b_ver)) {
        return NULL;
    }
    return ti;
}

static int cond_sign(TCGCond c)
{
    switch (c) {
    case TCG_COND_EQ:
    case TCG_COND_NE:
        return SIGN_ANY;
    case TCG_COND_LT:
    case TCG_COND_GE:
    case TCG_COND_LE:
    case TCG_COND_GT:
        return SIGN_SIGNED;
    case TCG_COND_LTU:
    case TCG_COND_GEU:
    case TCG_COND_LEU:
    case TCG_COND_GTU:
        return SIGN_UNSIGNED;
    default:
        return -1;
    }
}

static bool cond_holds_for(TCGCond c, int ord)
{
    switch (c) {
    case TCG_COND_EQ:
        return ord == ORD_EQ;
    case TCG_COND_NE:
        return ord != ORD_EQ;
    case TCG_COND_LT:
    case TCG_COND_LTU:
        return ord == ORD_LT;
    case TCG_COND_GE:
    case TCG_COND_GEU:
        return ord != ORD_LT;
    case TCG_COND_LE:
    case TCG_COND_LEU:
        return ord != ORD_GT;
    default:
        return ord == ORD_GT;
    }
}

/* the condition that holds for exactly the outcomes in `set` (bit ORD_*),
   or -1 if it needs a signedness that `sign` does not give */
static int cond_for_set(unsigned set, int sign)
{
    static const TCGCond by_set[8][2] = {
        [0] = {TCG_COND_NEVER, TCG_COND_NEVER},
        [1 << ORD_LT] = {TCG_COND_LT, TCG_COND_LTU},
        [1 << ORD_EQ] = {TCG_COND_EQ, TCG_COND_EQ},
        [1 << ORD_GT] = {TCG_COND_GT, TCG_COND_GTU},
        [(1 << ORD_LT) | (1 << ORD_EQ)] = {TCG_COND_LE, TCG_COND_LEU},
        [(1 << ORD_GT) | (1 << ORD_EQ)] = {TCG_COND_GE, TCG_COND_GEU},
        [(1 << ORD_LT) | (1 << ORD_GT)] = {TCG_COND_NE, TCG_COND_NE},
        [7] = {TCG_COND_ALWAYS, TCG_COND_ALWAYS},
    };
    TCGCond c = by_set[set][0];

    if (c != by_set[set][1]) {
        if (sign == SIGN_ANY) {
            return -1;
        }
        c = by_set[set][sign == SIGN_UNSIGNED];
    }
    return (int)c;
}

/*
 * Out of the value v of a movcond on (a, b): its value for each outcome
 * of comparing a with b into vals[], the bits it may have besides into
 * *mask; false if v is neither a constant nor such a function of (a, b).
 */
static bool order_values(Optimizer *o, int v, const TempInfo *f,
                         uint64_t *vals, uint64_t *mask, uint8_t *sign)
{
    const TempInfo *vf;
    bool swapped;

    if (is_const(o, v)) {
        uint64_t c = const_val(o, v) & (f->is32 ? 0xffffffffu : ~0ull);
        vals[ORD_LT] = vals[ORD_EQ] = vals[ORD_GT] = c;
        return true;
    }
    vf = get_fact(o, v, FACT_ORDER);
    if (!vf || vf->is32 != f->is32) {
        return false;
    }
    swapped = vf->a == f->b && vf->b == f->a;
    if (!swapped && (vf->a != f->a || vf->b != f->b)) {
        return false;
    }
    if (vf->sign != SIGN_ANY) {
        if (*sign != SIGN_ANY && *sign != vf->sign) {
            return false;
        }
        *sign = vf->sign;
    }
    for (int ord = 0; ord < NB_ORD; ord++) {
        vals[ord] = vf->map[swapped ? NB_ORD - 1 - ord : ord];
    }
    *mask |= vf->mask;
    return true;
}

/* movcond out, a, b, v1, v2: the compare fact of out, if it has one */
static bool movcond_fact(Optimizer *o, const TCGOp *op, TempInfo *f)
{
    TCGCond c = (TCGCond)op->args[5];
    uint64_t v1[NB_ORD], v2[NB_ORD];
    int sign = cond_sign(c);

    if (sign < 0) {
        return false;
    }
    *f = (TempInfo){
        .fact = FACT_ORDER,
        .sign = (uint8_t)sign,
        .is32 = op->opc == INDEX_op_movcond_i32,
        .a = (int)op->args[1],
        .b = (int)op->args[2],
        .a_ver = operand_ver(o, (int)op->args[1]),
        .b_ver = operand_ver(o, (int)op->args[2]),
    };
    if (!order_values(o, (int)op->args[3], f, v1, &f->mask, &f->sign) ||
        !order_values(o, (int)op->args[4], f, v2, &f->mask, &f->sign)) {
        return false;
    }
    for (int ord = 0; ord < NB_ORD; ord++) {
        f->map[ord] = cond_holds_for(c, ord) ? v1[ord] : v2[ord];
    }
    return true;
}

/* the bits a temp may have set, as far as is known */
static uint64_t possible_bits(Optimizer *o, int t)
{
    if (is_const(o, t)) {
        return const_val(o, t);
    }
    if (is_global(o, t) && o->s->temps[t].bits != ~(uint64_t)0) {
        return o->s->temps[t].bits;
    }
    return known_z32(o, t) ? 0xffffffffu : ~(uint64_t)0;
}

/* and/or of a compare fact with a constant (and) or anything (or) */
static bool logic_fact(Optimizer *o, const TCGOp *op, TempInfo *f)
{
    bool is_and = op->opc == INDEX_op_and_i32 || op->opc == INDEX_op_and_i64;
    uint64_t width = tcg_op_is_i32((TCGOpcode)op->opc) ? 0xffffffffu
                                                       : ~(uint64_t)0;
    int a = (int)op->args[1], b = (int)op->args[2];
    const TempInfo *af = get_fact(o, a, FACT_ORDER);

    if (!af && (af = get_fact(o, b, FACT_ORDER)) != NULL) {
        b = a; /* and/or commute */
    }
    if (!af) {
        if (!is_and || !is_const(o, b) || is_const(o, a)) {
            return false;
        }
        *f = (TempInfo){.fact = FACT_AND,
                        .a = a,
                        .a_ver = operand_ver(o, a),
                        .mask = const_val(o, b) & width};
        return true;
    }
    *f = *af;
    if (is_and) {
        uint64_t m = is_const(o, b) ? const_val(o, b) : possible_bits(o, b);
        m &= width;
        for (int ord = 0; ord < NB_ORD; ord++) {
            f->map[ord] &= m;
        }
        f->mask &= m;
    } else {
        uint64_t m = possible_bits(o, b) & width;
        if (is_const(o, b)) {
            for (int ord = 0; ord < NB_ORD; ord++) {
                f->map[ord] |= m;
            }
        } else if (m == width) {
            return false;
        } else {
            f->mask |= m;
        }
    }
    return true;
}

/* records f (made before the op wrote t) as t's fact */
static void set_fact(Optimizer *o, int t, const TempInfo *f)
{
    TempInfo *ti = &o->info[t];

    ti->fact = f->fact;
    ti->sign = f->sign;
    ti->is32 = f->is32;
    ti->a = f->a;
    ti->b = f->b;
    ti->a_ver = f->a_ver;
    ti->b_ver = f->b_ver;
    ti->mask = f->mask;
    memcpy(ti->map, f->map, sizeof(ti->map));
}

/* brcond t, $0, eq|ne where t = a & $m: brcond a, $m, tsteq|tstne */
static bool brcond_on_and(Optimizer *o, TCGOp *op)
{
    TCGCond c = (TCGCond)op->args[2];
    int b = (int)op->args[1];
    uint64_t width = op->opc == INDEX_op_brcond_i32 ? 0xffffffffu
                                                    : ~(uint64_t)0;
    const TempInfo *f;
    int mt;

    if ((c != TCG_COND_EQ && c != TCG_COND_NE) || !is_const(o, b) ||
        (const_val(o, b) & width) != 0) {
        return false;
    }
    f = get_fact(o, (int)op->args[0], FACT_AND);
    if (!f || !(mt = const_temp(o, f->mask))) {
        return false;
    }
    op->args[0] = f->a;
    op->args[1] = mt;
    op->args[2] = c == TCG_COND_EQ ? TCG_COND_TSTEQ : TCG_COND_TSTNE;
    return true;
}

/*
 * brcond t, $0, eq|ne or brcond t, $m, tsteq|tstne where t is a compare
 * fact: the branch on the compare itself.  Returns true if op changed.
 */
static bool brcond_on_order(Optimizer *o, TCGOp *op)
{
    TCGCond c = (TCGCond)op->args[2];
    int b = (int)op->args[1];
    bool tst = c == TCG_COND_TSTEQ || c == TCG_COND_TSTNE;
    uint64_t width = op->opc == INDEX_op_brcond_i32 ? 0xffffffffu
                                                    : ~(uint64_t)0;
    const TempInfo *f;
    uint64_t m;
    unsigned set = 0;
    int nc;

    if (!is_const(o, b) ||
        (!tst && ((c != TCG_COND_EQ && c != TCG_COND_NE) ||
                  (const_val(o, b) & width) != 0))) {
        return false;
    }
    f = get_fact(o, (int)op->args[0], FACT_ORDER);
    m = (tst ? const_val(o, b) : ~(uint64_t)0) & width;
    if (!f || (f->mask & m)) {
        return false;
    }
    for (int ord = 0; ord < NB_ORD; ord++) {
        if (((f->map[ord] & m) != 0) ==
            (c == TCG_COND_NE || c == TCG_COND_TSTNE)) {
            set |= 1u << ord;
        }
    }
    nc = cond_for_set(set, f->sign);
    if (nc < 0) {
        return false;
    }
    op->opc = f->is32 ? INDEX_op_brcond_i32 : INDEX_op_brcond_i64;
    op->args[0] = f->a;
    op->args[1] = f->b;
    op->args[2] = nc;
    return true;
}

static void opt_setcond(Optimizer *o, TCGOp *op)
{
    canonicalize_cond(o, op, 1, 3);
    int r = decide_cond(o, op->opc, (TCGCond)op->args[3], (int)op->args[1],
                        (int)op->args[2]);
    if (r >= 0) {
        op_to_const(o, op, (uint64_t)r);
        return;
    }
    define(o, (int)op->args[0], true);
}

static void opt_movcond(Optimizer *o, TCGOp *op)
{
    bool is32 = op->opc == INDEX_op_movcond_i32;
    canonicalize_cond(o, op, 1, 5);
    int v1 = (int)op->args[3], v2 = (int)op->args[4];
    int r = decide_cond(o, op->opc, (TCGCond)op->args[5], (int)op->args[1],
                        (int)op->args[2]);
    if (r >= 0 || v1 == v2) {
        op_to_copy(o, op, r == 0 ? v2 : v1, is32);
        return;
    }
    /* what out is made of, from its inputs' facts, before out is written */
    TempInfo f;
    bool has_fact = movcond_fact(o, op, &f);
    define(o, (int)op->args[0], is32 || (known_z32(o, v1) && known_z32(o, v2)));
    if (has_fact) {
        set_fact(o, (int)op->args[0], &f);
    }
}

static void opt_brcond(Optimizer *o, TCGOp *op)
{
    canonicalize_cond(o, op, 0, 2);
    brcond_on_and(o, op);
    if (brcond_on_order(o, op)) {
        canonicalize_cond(o, op, 0, 2);
    }
    int label = (int)op->args[3];
    int r = decide_cond(o, op->opc, (TCGCond)op->args[2], (int)op->args[0],
                        (int)op->args[1]);
    if (r == 0) {
        o->label_refs[label]--;
        op_to_nop(op);
    } else if (r == 1) {
        op->opc = INDEX_op_br;
        op->nb_iargs = 0;
        op->nb_cargs = 1;
        op->args[0] = label;
    }
}

/* a pure op of one or two inputs: fold, simplify, or just record it */
static void opt_arith(Optimizer *o, TCGOp *op)
{
    int a = (int)op->args[1];
    int b = op->nb_iargs > 1 ? (int)op->args[2] : a;
    uint64_t r;

    if (is_const(o, a) && is_const(o, b) &&
        tcg_eval_op(op->opc, const_val(o, a), const_val(o, b), &r)) {
        op_to_const(o, op, r);
        return;
    }
    if (op->nb_iargs == 2) {
        if (is_commutative(op->opc) && is_const(o, a) && !is_const(o, b)) {
            op->args[1] = b;
            op->args[2] = a;
        }
        if (simplify_binary(o, op)) {
            return;
        }
    } else if (op->opc == INDEX_op_ext32u && known_z32(o, a)) {
        op_to_mov(o, op, a);
        return;
    }
    TempInfo f;
    bool has_fact = false;
    switch (op->opc) {
    CASE2(and): CASE2(or):
        has_fact = logic_fact(o, op, &f);
        break;
    default:
        break;
    }
    define(o, (int)op->args[0], result_z32(o, op));
    if (has_fact) {
        set_fact(o, (int)op->args[0], &f);
    }
}

/* a call to a helper that may write globals: forget what we knew of them */
static void clobber_globals(Optimizer *o)
{
    o->clobbers++;
    o->gtag++;
}

static void opt_call(Optimizer *o, TCGOp *op)
{
    const TCGHelperInfo *h =
        tcg_helper_get((int)op->args[op->nb_oargs + op->nb_iargs]);
    if (!h || !(h->flags & TCG_CALL_NO_WRITE_GLOBALS)) {
        clobber_globals(o);
    }
    if (op->nb_oargs) {
        define(o, (int)op->args[0], false);
    }
}

static void opt_op(Optimizer *o, TCGOp *op)
{
    int no = op->nb_oargs, nt = no + op->nb_iargs;

    for (int i = no; i < nt; i++) {
        op->args[i] = resolve(o, (int)op->args[i]);
    }

    switch (op->opc) {
    case INDEX_op_mov:
        op_to_mov(o, op, (int)op->args[1]);
        return;
    CASE2(setcond):
        opt_setcond(o, op);
        return;
    CASE2(movcond):
        opt_movcond(o, op);
        return;
    CASE2(brcond):
        opt_brcond(o, op);
        return;
    case INDEX_op_call:
        opt_call(o, op);
        return;
    default:
        break;
    }

    if (tcg_op_is_foldable(op->opc)) {
        opt_arith(o, op);
        return;
    }
    for (int i = 0; i < no; i++) {
        define(o, (int)op->args[i], result_z32(o, op));
    }
}

void tcg_optimize(TCGContext *s)
{
    if (s->overflow) {
        return;
    }

    /* info and writes need no clearing: tags start above every tag an
       earlier TB used, and write counts are only ever compared with each
       other within this TB */
    Optimizer o = {
        .s = s,
        .nb_info = s->nb_temps,
        .info = tcg_scratch(s, TCG_SCRATCH_OPT_INFO,
                            s->nb_temps * sizeof(TempInfo)),
        .writes = tcg_scratch(s, TCG_SCRATCH_OPT_WRITES,
                              s->nb_temps * sizeof(uint32_t)),
        .tag = s->opt_tag + 1,
        .gtag = s->opt_tag + 1,
        .label_refs = tcg_scratch0(s, TCG_SCRATCH_OPT_LABELS,
                                   (s->nb_labels + 1) * sizeof(int)),
    };

    for (int i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        if (op->opc == INDEX_op_br) {
            o.label_refs[op->args[0]]++;
        } else if (op->opc == INDEX_op_brcond_i32 ||
                   op->opc == INDEX_op_brcond_i64) {
            o.label_refs[op->args[3]]++;
        }
    }

    for (int i = 0; i < s->nb_ops; i++) {
        TCGOp *op = &s->ops[i];
        switch (op->opc) {
        case INDEX_op_nop:
        case INDEX_op_insn_start:
            break;
        case INDEX_op_set_label:
            if (o.label_refs[op->args[0]] == 0) {
                op_to_nop(op);
            } else {
                o.tag++;
                o.gtag++;
            }
            break;
        default:
            opt_op(&o, op);
            break;
        }
    }

    s->opt_tag = MAX(o.tag, o.gtag);
}
