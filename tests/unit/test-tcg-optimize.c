/*
 * The optimizer and liveness passes.
 *
 * Directed tests build small TBs and inspect the op array afterwards: folds
 * (two constants give a mov of the folded constant), identities, brcond of
 * constants, copy and constant propagation and what invalidates them
 * (redefinition, set_label, calls that write globals), dead-op removal and
 * the life bits, as liveness.c documents them.
 *
 * A differential test then builds random valid TBs (all pure ops of both
 * widths, conditions, forward branches, locals, env ld/st, helper calls)
 * and runs each one through the interpreter before and after
 * tcg_optimize + tcg_liveness on random inputs: the guest state must come
 * out the same.  The optimized TB is also run through a model of the
 * register allocator contract written in liveness.c (values live in
 * "registers"; memory is written only on SYNC; registers are dropped,
 * never written back, on DEAD and at labels, branches and calls that
 * write globals), so missing life bits show up as wrong results.
 */
#include <glib.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "tcg.h"
#include "tcg/eval.h"

/* the interpreter links against the softmmu slow paths; none is used here */
__attribute__((weak)) uint64_t helper_ld_mmu(CPUPPCState *env, uint64_t addr,
                                             uint64_t oi, uint64_t ra)
{
    g_error("helper_ld_mmu called in a tcg unit test");
}

__attribute__((weak)) void helper_st_mmu(CPUPPCState *env, uint64_t addr,
                                         uint64_t val, uint64_t oi,
                                         uint64_t ra)
{
    g_error("helper_st_mmu called in a tcg unit test");
}

#define NB_G 8

static TCGContext *s;
static CPUPPCState *env;
static TCGv r[NB_G]; /* globals on env->gpr[0..7] */

/* helpers for the tests: one that reads and writes globals, one pure */
static uint64_t helper_t_bump(CPUPPCState *e, uint64_t v)
{
    e->gpr[1] += v;
    return e->gpr[2] ^ v;
}

static uint64_t helper_t_hash(CPUPPCState *e, uint64_t a, uint64_t b)
{
    return (a * 0x9e3779b97f4a7c15ull) ^ (b >> 3);
}

static int h_bump, h_hash;

static void setup(void)
{
    static const char *const names[NB_G] = {"r0", "r1", "r2", "r3",
                                            "r4", "r5", "r6", "r7"};
    s = tcg_context_new();
    env = calloc(1, sizeof(CPUPPCState));
    for (int i = 0; i < NB_G; i++) {
        r[i] = tcg_global_new(s, offsetof(CPUPPCState, gpr[i]), names[i]);
    }
    static const TCGHelperInfo bump = {.func = (void *)helper_t_bump,
                                       .name = "t_bump", .nb_iargs = 1,
                                       .has_ret = 1, .flags = 0};
    static const TCGHelperInfo hash = {.func = (void *)helper_t_hash,
                                       .name = "t_hash", .nb_iargs = 2,
                                       .has_ret = 1, .flags = TCG_CALL_PURE};
    h_bump = tcg_helper_register(&bump);
    h_hash = tcg_helper_register(&hash);
}

/* the live ops (nops skipped) */
static int live_ops(TCGOp **out, int max)
{
    int n = 0;
    for (int i = 0; i < s->nb_ops; i++) {
        if (s->ops[i].opc != INDEX_op_nop && n < max) {
            out[n++] = &s->ops[i];
        }
    }
    return n;
}

static bool is_const_val(TCGv t, int64_t v)
{
    return s->temps[t].kind == TEMP_CONST && s->temps[t].val == v;
}

static void optimize_and_check(void)
{
    tcg_optimize(s);
    g_assert_true(tcg_validate(s, "optimize"));
}

static void dump_on_failure(void)
{
    if (g_test_failed()) {
        tcg_dump_ops(s, stderr);
    }
}

/* ----------------------------------------------------------------- folds */

static void test_fold_add_consts(void)
{
    tcg_func_start(s);
    tcg_gen_add_i64(s, r[0], tcg_constant(s, 40), tcg_constant(s, 2));
    tcg_gen_exit_tb(s, 0);
    optimize_and_check();
    TCGOp *ops[4];
    g_assert_cmpint(live_ops(ops, 4), ==, 2);
    g_assert_cmpint(ops[0]->opc, ==, INDEX_op_mov);
    g_assert_cmpint(ops[0]->args[0], ==, r[0]);
    g_assert_true(is_const_val((TCGv)ops[0]->args[1], 42));
}

/* i32 results are zero-extended, the high input halves are ignored */
static void test_fold_i32(void)
{
    tcg_func_start(s);
    tcg_gen_add_i32(s, r[0], tcg_constant(s, 0x12345678ffffffffll),
                    tcg_constant(s, 2));
    tcg_gen_sub_i32(s, r[1], tcg_constant(s, 0), tcg_constant(s, 1));
    tcg_gen_divs_i32(s, r[2], tcg_constant(s, INT32_MIN),
                     tcg_constant(s, -1));
    tcg_gen_clz_i64(s, r[3], tcg_constant(s, 0));
    tcg_gen_shl_i32(s, r[4], tcg_constant(s, 1), tcg_constant(s, 33));
    tcg_gen_exit_tb(s, 0);
    optimize_and_check();
    TCGOp *ops[8];
    g_assert_cmpint(live_ops(ops, 8), ==, 6);
    static const int64_t want[] = {1, 0xffffffff, 0x80000000, 64, 2};
    for (int i = 0; i < 5; i++) {
        g_assert_cmpint(ops[i]->opc, ==, INDEX_op_mov);
        g_assert_true(is_const_val((TCGv)ops[i]->args[1], want[i]));
    }
}

/* movi t, c; then t's uses read the constant; the chain folds through */
static void test_constant_propagation(void)
{
    tcg_func_start(s);
    TCGv t = tcg_temp_new(s), u = tcg_temp_new(s);
    tcg_gen_movi(s, t, 5);
    tcg_gen_shli_i64(s, u, t, 4);        /* 0x50 */
    tcg_gen_add_i64(s, r[0], r[1], u);   /* r1 + $0x50 */
    tcg_gen_exit_tb(s, 0);
    optimize_and_check();
    tcg_liveness(s);
    TCGOp *ops[8];
    g_assert_cmpint(live_ops(ops, 8), ==, 2);
    g_assert_cmpint(ops[0]->opc, ==, INDEX_op_add_i64);
    g_assert_cmpint(ops[0]->args[1], ==, r[1]);
    g_assert_true(is_const_val((TCGv)ops[0]->args[2], 0x50));
    dump_on_failure();
}

static void test_identities(void)
{
    tcg_func_start(s);
    tcg_gen_addi_i64(s, r[0], r[1], 0);             /* mov r0, r1 */
    tcg_gen_addi_i32(s, r[2], r[1], 0);             /* ext32u r2, r1 */
    tcg_gen_andi_i64(s, r[3], r[1], 0);             /* mov r3, $0 */
    tcg_gen_xor_i64(s, r[4], r[1], r[1]);           /* mov r4, $0 */
    tcg_gen_mul_i64(s, r[5], tcg_constant(s, 1), r[6]); /* mov r5, r6 */
    tcg_gen_or_i32(s, r[7], r[2], tcg_constant(s, 0)); /* r2 is zext: mov */
    tcg_gen_exit_tb(s, 0);
    optimize_and_check();
    TCGOp *ops[8];
    g_assert_cmpint(live_ops(ops, 8), ==, 7);
    g_assert_cmpint(ops[0]->opc, ==, INDEX_op_mov);
    g_assert_cmpint(ops[0]->args[1], ==, r[1]);
    g_assert_cmpint(ops[1]->opc, ==, INDEX_op_ext32u);
    g_assert_cmpint(ops[1]->args[1], ==, r[1]);
    g_assert_cmpint(ops[2]->opc, ==, INDEX_op_mov);
    g_assert_true(is_const_val((TCGv)ops[2]->args[1], 0));
    g_assert_cmpint(ops[3]->opc, ==, INDEX_op_mov);
    g_assert_true(is_const_val((TCGv)ops[3]->args[1], 0));
    g_assert_cmpint(ops[4]->opc, ==, INDEX_op_mov);
    g_assert_cmpint(ops[4]->args[1], ==, r[6]);
    g_assert_cmpint(ops[5]->opc, ==, INDEX_op_mov);
    g_assert_cmpint(ops[5]->args[1], ==, r[2]);
    dump_on_failure();
}

/* a brcond that is always taken becomes br; never taken: gone, and its
   label with it */
static void test_brcond_consts(void)
{
    tcg_func_start(s);
    TCGLabel l1 = tcg_label_new(s), l2 = tcg_label_new(s);
    TCGv t = tcg_temp_new(s);
    tcg_gen_movi(s, t, 7);
    tcg_gen_brcondi_i64(s, TCG_COND_GTU, t, 3, l1);  /* taken */
    tcg_gen_brcondi_i32(s, TCG_COND_LT, t, 3, l2);   /* not taken */
    tcg_gen_movi(s, r[0], 1);
    tcg_gen_set_label(s, l2);
    tcg_gen_movi(s, r[1], 1);
    tcg_gen_set_label(s, l1);
    tcg_gen_exit_tb(s, 0);
    optimize_and_check();
    tcg_liveness(s);
    g_assert_true(tcg_validate(s, "liveness"));

    /* optimize: br l1; mov r0; (label l2 gone) mov r1; set_label l1;
       liveness then deletes the two movs, which the br made unreachable */
    TCGOp *ops[8];
    int n = live_ops(ops, 8);
    g_assert_cmpint(n, ==, 3);
    g_assert_cmpint(ops[0]->opc, ==, INDEX_op_br);
    g_assert_cmpint(ops[0]->args[0], ==, l1);
    g_assert_cmpint(ops[1]->opc, ==, INDEX_op_set_label);
    g_assert_cmpint(ops[1]->args[0], ==, l1);
    dump_on_failure();
}

static void test_copy_propagation(void)
{
    tcg_func_start(s);
    TCGv t = tcg_temp_new(s);
    tcg_gen_mov(s, t, r[0]);
    tcg_gen_add_i64(s, r[1], t, t);
    tcg_gen_exit_tb(s, 0);
    optimize_and_check();
    tcg_liveness(s);
    TCGOp *ops[4];
    g_assert_cmpint(live_ops(ops, 4), ==, 2);
    g_assert_cmpint(ops[0]->opc, ==, INDEX_op_add_i64);
    g_assert_cmpint(ops[0]->args[1], ==, r[0]);
    g_assert_cmpint(ops[0]->args[2], ==, r[0]);
}

/* t = r0; r0 changes; t must keep the old value */
static void test_copy_invalidated_by_write(void)
{
    tcg_func_start(s);
    TCGv t = tcg_temp_new(s);
    tcg_gen_mov(s, t, r[0]);
    tcg_gen_addi_i64(s, r[0], r[0], 1);
    tcg_gen_mov(s, r[1], t);
    tcg_gen_exit_tb(s, 0);
    optimize_and_check();
    TCGOp *ops[4];
    g_assert_cmpint(live_ops(ops, 4), ==, 4);
    g_assert_cmpint(ops[2]->opc, ==, INDEX_op_mov);
    g_assert_cmpint(ops[2]->args[1], ==, t);
}

/* what is known is forgotten at a label that is branched to */
static void test_label_forgets(void)
{
    tcg_func_start(s);
    TCGLabel l = tcg_label_new(s);
    TCGv loc = tcg_temp_new_local(s);
    tcg_gen_movi(s, loc, 5);
    tcg_gen_brcondi_i64(s, TCG_COND_EQ, r[0], 0, l);
    tcg_gen_movi(s, loc, 6);
    tcg_gen_set_label(s, l);
    tcg_gen_addi_i64(s, r[1], loc, 1);
    tcg_gen_exit_tb(s, 0);
    optimize_and_check();
    TCGOp *ops[8];
    int n = live_ops(ops, 8);
    g_assert_cmpint(ops[n - 2]->opc, ==, INDEX_op_add_i64);
    g_assert_cmpint(ops[n - 2]->args[1], ==, loc);
}

/* a call that may write globals invalidates what is known of them; one
   that may not keeps it */
static void test_call_clobbers_globals(void)
{
    tcg_func_start(s);
    TCGv a[2] = {r[3], r[4]};
    tcg_gen_movi(s, r[1], 5);
    tcg_gen_movi(s, r[2], 9);
    tcg_gen_call(s, h_hash, r[5], 2, a);        /* pure */
    tcg_gen_addi_i64(s, r[6], r[2], 1);         /* folds: 10 */
    tcg_gen_call(s, h_bump, r[3], 1, &r[0]);    /* writes globals */
    tcg_gen_addi_i64(s, r[7], r[1], 1);         /* must not fold */
    tcg_gen_exit_tb(s, 0);
    optimize_and_check();
    TCGOp *ops[8];
    g_assert_cmpint(live_ops(ops, 8), ==, 7);
    g_assert_cmpint(ops[3]->opc, ==, INDEX_op_mov);
    g_assert_true(is_const_val((TCGv)ops[3]->args[1], 10));
    g_assert_cmpint(ops[5]->opc, ==, INDEX_op_add_i64);
    g_assert_cmpint(ops[5]->args[1], ==, r[1]);

    /* and running it gives what the helpers say */
    TranslationBlock tb = {.prog = tcg_program_copy(s)};
    env->gpr[0] = 100;
    env->gpr[1] = 0;
    tcg_interp_exec(env, &tb);
    g_assert_cmpuint(env->gpr[1], ==, 105);
    g_assert_cmpuint(env->gpr[7], ==, 106);
    g_assert_cmpuint(env->gpr[3], ==, 9 ^ 100);
    g_assert_cmpuint(env->gpr[6], ==, 10);
    tcg_program_free(tb.prog);
}

/* ---------------------------------------------------------------- liveness */

static void test_liveness_bits(void)
{
    tcg_func_start(s);
    TCGv t = tcg_temp_new(s), dead = tcg_temp_new(s);
    TCGv a[2] = {r[0], r[1]};
    tcg_gen_add_i64(s, t, r[0], r[1]);         /* 0 */
    tcg_gen_sub_i64(s, dead, r[0], r[1]);      /* unused: removed */
    tcg_gen_call(s, h_hash, dead, 2, a);       /* pure, unused: removed */
    tcg_gen_mov(s, r[2], t);                   /* 3 */
    tcg_gen_mov(s, r[2], r[3]);                /* 4: overwritten, so 3 ... */
    tcg_gen_exit_tb(s, 0);
    tcg_liveness(s);
    g_assert_true(tcg_validate(s, "liveness"));

    g_assert_cmpint(s->ops[1].opc, ==, INDEX_op_nop);
    g_assert_cmpint(s->ops[2].opc, ==, INDEX_op_nop);
    /* ... is dead code too: r2 is written again before being read */
    g_assert_cmpint(s->ops[3].opc, ==, INDEX_op_nop);
    g_assert_cmpint(s->ops[0].opc, ==, INDEX_op_nop);
    /* globals are never synced by the op that writes them: r2 and r3 stay
       live up to the exit, where the allocator stores what is dirty */
    g_assert_cmpuint(s->ops[4].life, ==, 0);
}

static void test_liveness_sync_points(void)
{
    tcg_func_start(s);
    TCGv t = tcg_temp_new(s);
    TCGLabel l = tcg_label_new(s);
    tcg_gen_addi_i64(s, r[0], r[0], 1);         /* 0: synced (exit) */
    tcg_gen_qemu_ld(s, t, r[1], make_memop_idx(MO_64, 0)); /* 1 */
    tcg_gen_addi_i64(s, r[1], t, 1);            /* 2: synced (brcond) */
    tcg_gen_brcondi_i64(s, TCG_COND_EQ, r[1], 0, l); /* 3 */
    tcg_gen_mov(s, r[2], t);                    /* 4: t used after brcond */
    tcg_gen_set_label(s, l);                    /* 5 */
    tcg_gen_exit_tb(s, 0);
    tcg_liveness(s);
    g_assert_true(tcg_validate(s, "liveness"));

    /* r0 is read by nothing later but stays live: the load's slow path and
       the exit store it (the allocator does, no SYNC bit); the old r0 the
       add reads dies */
    g_assert_cmpuint(s->ops[0].life, ==, TCG_LIFE_DEAD(1));
    /* the load's address r1 is overwritten at op 2: dead once the load
       (and its slow path) has read it; t lives on */
    g_assert_cmpuint(s->ops[1].life, ==, TCG_LIFE_DEAD(1));
    /* $1 is not read again (op 0 comes before) */
    g_assert_cmpuint(s->ops[2].life, ==, TCG_LIFE_DEAD(2));
    /* brcond: r1 stays live for the exits; the constant is not read
       again */
    g_assert_cmpuint(s->ops[3].life, ==, TCG_LIFE_DEAD(1));
    /* t is read for the last time; r2 lives up to the exit */
    g_assert_cmpuint(s->ops[4].life, ==, TCG_LIFE_DEAD(1));
}

/* a local is synced at the end of its block; a global written before a call
   that reads globals stays live up to it */
static void test_liveness_locals_calls(void)
{
    tcg_func_start(s);
    TCGv loc = tcg_temp_new_local(s);
    TCGLabel l = tcg_label_new(s);
    tcg_gen_movi(s, loc, 3);                    /* 0 */
    tcg_gen_mov(s, r[2], r[4]);                 /* 1 */
    tcg_gen_call(s, h_bump, 0, 1, &loc);        /* 2 */
    tcg_gen_br(s, l);                           /* 3 */
    tcg_gen_set_label(s, l);                    /* 4 */
    tcg_gen_mov(s, r[0], loc);                  /* 5 */
    tcg_gen_exit_tb(s, 0);
    tcg_liveness(s);
    g_assert_true(tcg_validate(s, "liveness"));
    g_assert_cmpuint(s->ops[0].life, ==, TCG_LIFE_SYNC(0) | TCG_LIFE_DEAD(1));
    /* r2 and r4 live on to the call, which the allocator stores the
       globals for */
    g_assert_cmpuint(s->ops[1].life, ==, 0);
    /* the call's input is the last read of loc in this block */
    g_assert_cmpuint(s->ops[2].life, ==, TCG_LIFE_DEAD(0));
    g_assert_cmpuint(s->ops[5].life, ==, TCG_LIFE_DEAD(1));
}

/* ---------------------------------------------------------- differential */

static const int64_t rand_consts[] = {
    0, 1, -1, 0xffffffff, 32, 2, 31, 33, 63, 64, 65, 0x7fffffff, INT32_MIN,
    INT64_MAX, INT64_MIN, 0x100000000ll, 0xff, 0x8000, -0x10000,
    0x123456789abcdefll,
};

static const TCGOpcode rand_ops[] = {
#define B(x) INDEX_op_##x##_i32, INDEX_op_##x##_i64,
    B(add) B(sub) B(mul) B(neg) B(and) B(or) B(xor) B(andc) B(orc) B(eqv)
    B(nand) B(nor) B(not) B(shl) B(shr) B(sar) B(rotl) B(rotr) B(clz) B(ctz)
    B(ctpop) B(divs) B(divu) B(rems) B(remu) B(muluh) B(mulsh)
#undef B
    INDEX_op_mov, INDEX_op_ext8s, INDEX_op_ext8u, INDEX_op_ext16s,
    INDEX_op_ext16u, INDEX_op_ext32s, INDEX_op_ext32u, INDEX_op_bswap16,
    INDEX_op_bswap32, INDEX_op_bswap64,
};

typedef struct Gen {
    TCGv ebb[32];
    int nb_ebb;
    TCGv loc[2];
    TCGLabel labels[4];
} Gen;

static uint32_t rnd(uint32_t n)
{
    return (uint32_t)g_test_rand_int_range(0, (gint32)n);
}

static TCGv rand_src(Gen *g)
{
    switch (rnd(5)) {
    case 0:
        /* the values the identities look for, half of the time */
        if (rnd(2)) {
            return tcg_constant(s, rand_consts[rnd(5)]);
        }
        return tcg_constant(s, rand_consts[rnd(G_N_ELEMENTS(rand_consts))]);
    case 1:
        return g->loc[rnd(2)];
    case 2:
    case 3:
        if (g->nb_ebb) {
            return g->ebb[rnd(g->nb_ebb)];
        }
        /* fall through */
    default:
        return r[rnd(NB_G)];
    }
}

static TCGv rand_dst(Gen *g)
{
    switch (rnd(6)) {
    case 0:
    case 1:
        if (g->nb_ebb < (int)G_N_ELEMENTS(g->ebb)) {
            TCGv t = tcg_temp_new(s);
            g->ebb[g->nb_ebb++] = t;
            return t;
        }
        /* fall through */
    case 2:
        if (g->nb_ebb) {
            return g->ebb[rnd(g->nb_ebb)];
        }
        /* fall through */
    case 3:
        return g->loc[rnd(2)];
    default:
        return r[rnd(NB_G)];
    }
}

static void rand_op(Gen *g, int seg)
{
    uint32_t kind = rnd(20);
    TCGCond c = (TCGCond)rnd(TCG_COND_TSTNE + 1);
    bool w32 = rnd(2);

    if (kind < 12) {
        TCGOpcode opc = rand_ops[rnd(G_N_ELEMENTS(rand_ops))];
        TCGv a = rand_src(g), b = rand_src(g);
        TCGv d = rand_dst(g);
        int64_t args[] = {d, a, b};
        tcg_emit_op(s, opc, 1, tcg_op_defs[opc].nb_iargs, 0, args);
    } else if (kind == 12) {
        TCGv a = rand_src(g), b = rand_src(g);
        if (w32) {
            tcg_gen_setcond_i32(s, c, rand_dst(g), a, b);
        } else {
            tcg_gen_setcond_i64(s, c, rand_dst(g), a, b);
        }
    } else if (kind == 13) {
        TCGv a = rand_src(g), b = rand_src(g), v1 = rand_src(g);
        TCGv v2 = rand_src(g);
        if (w32) {
            tcg_gen_movcond_i32(s, c, rand_dst(g), a, b, v1, v2);
        } else {
            tcg_gen_movcond_i64(s, c, rand_dst(g), a, b, v1, v2);
        }
    } else if (kind == 14 && seg < 4) {
        TCGLabel l = g->labels[seg + rnd(4 - seg)];
        if (w32) {
            tcg_gen_brcond_i32(s, c, rand_src(g), rand_src(g), l);
        } else {
            tcg_gen_brcond_i64(s, c, rand_src(g), rand_src(g), l);
        }
    } else if (kind == 15) {
        tcg_gen_st64(s, rand_src(g), offsetof(CPUPPCState, spr[rnd(4)]));
    } else if (kind == 16) {
        tcg_gen_ld64(s, rand_dst(g), offsetof(CPUPPCState, spr[rnd(4)]));
    } else if (kind == 17) {
        TCGv a = rand_src(g);
        tcg_gen_call(s, h_bump, rnd(2) ? rand_dst(g) : 0, 1, &a);
    } else if (kind == 18) {
        TCGv a[2] = {rand_src(g), rand_src(g)};
        tcg_gen_call(s, h_hash, rand_dst(g), 2, a);
    } else {
        tcg_gen_insn_start(s, 0x1000 + 4 * rnd(64));
    }
}

static void build_random_tb(void)
{
    Gen g = {.nb_ebb = 0};
    tcg_func_start(s);
    for (int i = 0; i < 2; i++) {
        g.loc[i] = tcg_temp_new_local(s);
        tcg_gen_mov(s, g.loc[i], r[i]);
    }
    for (int i = 0; i < 4; i++) {
        g.labels[i] = tcg_label_new(s);
    }
    for (int seg = 0; seg <= 4; seg++) {
        if (seg > 0) {
            if (rnd(4) == 0) {
                /* an exit first: only branches reach the label, and if
                   just one does, it hands its registers over */
                tcg_gen_exit_tb(s, 0x80 | seg);
            }
            tcg_gen_set_label(s, g.labels[seg - 1]);
            g.nb_ebb = 0; /* EBB temps die at the label */
        }
        int n = 1 + rnd(25);
        for (int i = 0; i < n; i++) {
            rand_op(&g, seg);
        }
    }
    /* make the locals observable */
    tcg_gen_st64(s, g.loc[0], offsetof(CPUPPCState, spr[4]));
    tcg_gen_st64(s, g.loc[1], offsetof(CPUPPCState, spr[5]));
    tcg_gen_exit_tb(s, 0x40);
}

static void random_state(CPUPPCState *e)
{
    for (int i = 0; i < NB_G; i++) {
        uint64_t v = ((uint64_t)g_test_rand_int() << 32) | g_test_rand_int();
        if (rnd(3) == 0) {
            v = (uint64_t)rand_consts[rnd(G_N_ELEMENTS(rand_consts))];
        }
        e->gpr[i] = v;
    }
    for (int i = 0; i < 6; i++) {
        e->spr[i] = ((uint64_t)g_test_rand_int() << 32) | g_test_rand_int();
    }
}

static bool same_state(const CPUPPCState *a, const CPUPPCState *b)
{
    return !memcmp(a->gpr, b->gpr, sizeof(a->gpr)) &&
           !memcmp(a->spr, b->spr, 6 * sizeof(a->spr[0])) &&
           a->nip == b->nip;
}

/* ------------------------------------------ the allocator contract, modelled */

#define POISON 0xbadbadbadbadbad0ull

typedef struct Model {
    CPUPPCState *env;
    const TCGProgram *p;
    /* labels their one brcond hands its registers to (no write-back, no
       drop on that edge) */
    const uint8_t *single;
    uint64_t reg[TCG_MAX_TEMPS];
    bool in_reg[TCG_MAX_TEMPS];
    uint64_t frame[TCG_MAX_TEMPS]; /* locals' memory slots */
} Model;

static uint64_t *mem_slot(Model *m, int64_t t)
{
    const TCGTemp *ts = &m->p->temps[t];
    if (ts->kind == TEMP_GLOBAL) {
        return (uint64_t *)((uint8_t *)m->env + ts->mem_offset);
    }
    g_assert(ts->kind == TEMP_LOCAL);
    return &m->frame[t];
}

static uint64_t model_read(Model *m, int64_t t)
{
    const TCGTemp *ts = &m->p->temps[t];
    if (ts->kind == TEMP_CONST) {
        return (uint64_t)ts->val;
    }
    if (!m->in_reg[t]) {
        if (ts->kind == TEMP_EBB) {
            return POISON; /* a dead EBB temp has no value anywhere */
        }
        m->reg[t] = *mem_slot(m, t); /* load a clean copy */
        m->in_reg[t] = true;
    }
    return m->reg[t];
}

static void model_drop_all(Model *m, bool globals_only)
{
    for (int t = 1; t < m->p->nb_temps; t++) {
        if (!globals_only || m->p->temps[t].kind == TEMP_GLOBAL) {
            m->in_reg[t] = false;
        }
    }
}

/* the globals still in registers to env: a brcond's taken edge does it,
   with the values the brcond itself reads (before its inputs die) */
static void model_write_back(Model *m)
{
    for (int t = 1; t < m->p->nb_temps; t++) {
        if (m->in_reg[t] && m->p->temps[t].kind == TEMP_GLOBAL) {
            *mem_slot(m, t) = m->reg[t];
        }
    }
}

/* runs one op's inputs through the bits: in[] gets the values */
static void model_inputs(Model *m, const TCGOp *op, uint64_t *in)
{
    int no = op->nb_oargs, ni = op->nb_iargs;
    for (int i = 0; i < ni; i++) {
        in[i] = model_read(m, op->args[no + i]);
    }
    if ((op->opc == INDEX_op_brcond_i32 || op->opc == INDEX_op_brcond_i64) &&
        !m->single[op->args[no + ni + 1]] &&
        tcg_eval_cond_op(op->opc, op->args[no + ni], in[0], in[1])) {
        model_write_back(m);
    }
    for (int i = 0; i < ni; i++) {
        if (op->life & TCG_LIFE_DEAD(no + i)) {
            m->in_reg[op->args[no + i]] = false;
        }
    }
}

static void model_output(Model *m, const TCGOp *op, uint64_t v)
{
    int64_t t = op->args[0];
    m->reg[t] = v;
    m->in_reg[t] = true;
    if (op->life & TCG_LIFE_SYNC(0)) {
        *mem_slot(m, t) = v;
    }
    if (op->life & TCG_LIFE_DEAD(0)) {
        m->in_reg[t] = false;
    }
}

static uintptr_t model_exec(CPUPPCState *e, const TCGProgram *p,
                            const uint8_t *single)
{
    Model *m = g_new0(Model, 1);
    uintptr_t ret = 0;
    m->env = e;
    m->p = p;
    m->single = single;
    for (int pc = 0; pc < p->nb_ops; pc++) {
        const TCGOp *op = &p->ops[pc];
        const int64_t *c = &op->args[op->nb_oargs + op->nb_iargs];
        uint64_t in[TCG_MAX_CALL_IARGS] = {0}, v = 0;

        if (op->opc == INDEX_op_set_label) {
            /* falling into a label: the allocator stores the globals */
            model_write_back(m);
            model_drop_all(m, false);
            continue;
        }
        model_inputs(m, op, in);
        switch (op->opc) {
        case INDEX_op_insn_start:
            e->nip = (uint64_t)c[0];
            break;
        case INDEX_op_setcond_i32:
        case INDEX_op_setcond_i64:
            model_output(m, op, tcg_eval_cond_op(op->opc, c[0], in[0], in[1]));
            break;
        case INDEX_op_movcond_i32:
        case INDEX_op_movcond_i64:
            v = tcg_eval_cond_op(op->opc, c[0], in[0], in[1]) ? in[2] : in[3];
            model_output(m, op, op->opc == INDEX_op_movcond_i32 ? (uint32_t)v
                                                               : v);
            break;
        case INDEX_op_brcond_i32:
        case INDEX_op_brcond_i64:
            if (tcg_eval_cond_op(op->opc, c[0], in[0], in[1])) {
                if (!m->single[c[1]]) {
                    model_drop_all(m, false);
                }
                pc = p->label_op[c[1]];
            }
            break;
        case INDEX_op_br:
            model_write_back(m);
            model_drop_all(m, false);
            pc = p->label_op[c[0]];
            break;
        case INDEX_op_ld64:
            memcpy(&v, (uint8_t *)e + c[0], 8);
            model_output(m, op, v);
            break;
        case INDEX_op_st64:
            memcpy((uint8_t *)e + c[0], &in[0], 8);
            break;
        case INDEX_op_call: {
            const TCGHelperInfo *h = tcg_helper_get((int)c[0]);
            if ((h->flags & TCG_CALL_PURE) != TCG_CALL_PURE) {
                model_write_back(m); /* the allocator stores the globals */
            }
            if (h->nb_iargs == 1) {
                v = ((uint64_t(*)(CPUPPCState *, uint64_t))h->func)(e, in[0]);
            } else {
                v = ((uint64_t(*)(CPUPPCState *, uint64_t, uint64_t))h->func)(
                    e, in[0], in[1]);
            }
            if (!(h->flags & TCG_CALL_NO_WRITE_GLOBALS)) {
                model_drop_all(m, true);
            }
            if (op->nb_oargs) {
                model_output(m, op, v);
            }
            break;
        }
        case INDEX_op_exit_tb:
            model_write_back(m);
            ret = (uintptr_t)c[0];
            pc = p->nb_ops;
            break;
        default:
            g_assert_true(tcg_eval_op(op->opc, in[0], in[1], &v));
            model_output(m, op, v);
            break;
        }
    }
    g_free(m);
    return ret;
}

static void test_random_differential(void)
{
    int iterations = g_test_slow() ? 20000 : 2000;
    CPUPPCState *e1 = calloc(1, sizeof(CPUPPCState));
    CPUPPCState *e2 = calloc(1, sizeof(CPUPPCState));
    CPUPPCState *e3 = calloc(1, sizeof(CPUPPCState));
    int removed = 0, total = 0;

    for (int it = 0; it < iterations; it++) {
        build_random_tb();
        g_assert_true(tcg_validate(s, "random generation"));
        TranslationBlock before = {.prog = tcg_program_copy(s)};
        tcg_optimize(s);
        g_assert_true(tcg_validate(s, "optimize"));
        char *opt_text = NULL;
        size_t opt_len = 0;
        FILE *mf = open_memstream(&opt_text, &opt_len);
        tcg_dump_ops(s, mf);
        fclose(mf);
        tcg_liveness(s);
        if (!tcg_validate(s, "liveness")) {
            fputs(opt_text, stderr);
            g_assert_not_reached();
        }
        free(opt_text);
        TranslationBlock after = {.prog = tcg_program_copy(s)};
        uint8_t single[TCG_MAX_LABELS + 1] = {0};
        tcg_find_single_branch_labels(s, single);
        total += before.prog->nb_ops;
        removed += before.prog->nb_ops - after.prog->nb_ops;

        for (int run = 0; run < 4; run++) {
            random_state(e1);
            memcpy(e2, e1, sizeof(*e1));
            memcpy(e3, e1, sizeof(*e1));
            uintptr_t x1 = tcg_interp_exec(e1, &before);
            uintptr_t x2 = tcg_interp_exec(e2, &after);
            uintptr_t x3 = model_exec(e3, after.prog, single);
            if (x1 != x2 || !same_state(e1, e2) || x1 != x3 ||
                !same_state(e1, e3)) {
                g_test_message("iteration %d: results differ", it);
                for (int i = 0; i < NB_G; i++) {
                    g_test_message("r%d: 0x%" G_GINT64_MODIFIER
                                   "x, optimized 0x%" G_GINT64_MODIFIER
                                   "x, allocator model 0x%"
                                   G_GINT64_MODIFIER "x",
                                   i, e1->gpr[i], e2->gpr[i], e3->gpr[i]);
                }
                tcg_dump_ops(s, stderr);
                g_test_fail();
                break;
            }
        }
        tcg_program_free(before.prog);
        tcg_program_free(after.prog);
        if (g_test_failed()) {
            break;
        }
    }
    g_test_message("ops removed: %d of %d", removed, total);
    g_assert_cmpint(removed, >, 0);
    free(e1);
    free(e2);
    free(e3);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    setup();
    g_test_add_func("/tcg/optimize/fold-add-consts", test_fold_add_consts);
    g_test_add_func("/tcg/optimize/fold-i32", test_fold_i32);
    g_test_add_func("/tcg/optimize/const-prop", test_constant_propagation);
    g_test_add_func("/tcg/optimize/identities", test_identities);
    g_test_add_func("/tcg/optimize/brcond-consts", test_brcond_consts);
    g_test_add_func("/tcg/optimize/copy-prop", test_copy_propagation);
    g_test_add_func("/tcg/optimize/copy-invalidated",
                    test_copy_invalidated_by_write);
    g_test_add_func("/tcg/optimize/label-forgets", test_label_forgets);
    g_test_add_func("/tcg/optimize/call-clobbers", test_call_clobbers_globals);
    g_test_add_func("/tcg/liveness/bits", test_liveness_bits);
    g_test_add_func("/tcg/liveness/sync-points", test_liveness_sync_points);
    g_test_add_func("/tcg/liveness/locals-calls", test_liveness_locals_calls);
    g_test_add_func("/tcg/optimize/random-differential",
                    test_random_differential);
    int rc = g_test_run();
    tcg_context_free(s);
    free(env);
    return rc;
}
