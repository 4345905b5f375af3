/*
 * tcg_validate() accepts well-formed IR and rejects each kind of malformed
 * IR it documents; tcg_dump_ops() writes the -d op format.
 */
#include <glib.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "tcg.h"

static TCGContext *s;
static TCGv r0, r1, lr;

static uint64_t helper_v_two(CPUPPCState *env, uint64_t a, uint64_t b)
{
    return a + b;
}

static int h_two;

static void setup(void)
{
    s = tcg_context_new();
    r0 = tcg_global_new(s, offsetof(CPUPPCState, gpr[0]), "r0");
    r1 = tcg_global_new(s, offsetof(CPUPPCState, gpr[1]), "r1");
    lr = tcg_global_new(s, offsetof(CPUPPCState, lr), "lr");
    static const TCGHelperInfo two = {.func = (void *)helper_v_two,
                                      .name = "v_two", .nb_iargs = 2,
                                      .has_ret = 1, .flags = TCG_CALL_PURE};
    h_two = tcg_helper_register(&two);
}

static void test_valid(void)
{
    tcg_func_start(s);
    TCGv t = tcg_temp_new(s), loc = tcg_temp_new_local(s);
    TCGLabel l = tcg_label_new(s);
    TCGv args[2] = {r0, t};
    tcg_gen_insn_start(s, 0x1000);
    tcg_gen_addi_i64(s, t, r0, 4);
    tcg_gen_mov(s, loc, t);
    tcg_gen_brcondi_i64(s, TCG_COND_EQ, t, 0, l);
    tcg_gen_mov(s, r1, t);          /* EBB temps live across a brcond */
    tcg_gen_call(s, h_two, r1, 2, args);
    tcg_gen_set_label(s, l);
    tcg_gen_mov(s, lr, loc);        /* locals live across labels */
    tcg_gen_ld64(s, t, offsetof(CPUPPCState, spr[8]));
    tcg_gen_exit_tb(s, 0);
    g_assert_true(tcg_validate(s, "test"));
}

/* each case below builds one malformed TB that must be rejected (the
   validator says why on stderr) */
static void test_bad_temp(void)
{
    tcg_func_start(s);
    int64_t args[] = {r0, 999, r1};
    tcg_emit_op(s, INDEX_op_add_i64, 1, 2, 0, args);
    g_assert_false(tcg_validate(s, "test"));

    tcg_func_start(s);
    int64_t zero[] = {0, r0};
    tcg_emit_op(s, INDEX_op_mov, 1, 1, 0, zero);
    g_assert_false(tcg_validate(s, "test"));
}

static void test_write_constant(void)
{
    tcg_func_start(s);
    tcg_gen_mov(s, tcg_constant(s, 5), r0);
    g_assert_false(tcg_validate(s, "test"));
}

static void test_ebb_across_label(void)
{
    tcg_func_start(s);
    TCGv t = tcg_temp_new(s);
    TCGLabel l = tcg_label_new(s);
    tcg_gen_mov(s, t, r0);
    tcg_gen_set_label(s, l);
    tcg_gen_mov(s, r1, t);
    g_assert_false(tcg_validate(s, "test"));
}

static void test_use_before_def(void)
{
    tcg_func_start(s);
    TCGv t = tcg_temp_new(s);
    tcg_gen_mov(s, r1, t);
    tcg_gen_mov(s, t, r0);
    g_assert_false(tcg_validate(s, "test"));

    tcg_func_start(s);
    TCGv loc = tcg_temp_new_local(s);
    tcg_gen_add_i64(s, loc, loc, r0);
    g_assert_false(tcg_validate(s, "test"));
}

static void test_labels(void)
{
    tcg_func_start(s);
    TCGLabel l = tcg_label_new(s);
    tcg_gen_set_label(s, l);
    tcg_gen_set_label(s, l);
    g_assert_false(tcg_validate(s, "set twice"));

    tcg_func_start(s);
    l = tcg_label_new(s);
    tcg_gen_br(s, l);
    g_assert_false(tcg_validate(s, "never set"));

    tcg_func_start(s);
    tcg_gen_br(s, 5);
    g_assert_false(tcg_validate(s, "out of range"));
}

static void test_bad_shapes(void)
{
    tcg_func_start(s);
    int64_t args[] = {r0, r1};
    tcg_emit_op(s, INDEX_op_add_i64, 1, 1, 0, args); /* one input short */
    g_assert_false(tcg_validate(s, "arg count"));

    tcg_func_start(s);
    tcg_gen_setcond_i64(s, (TCGCond)42, r0, r0, r1);
    g_assert_false(tcg_validate(s, "cond"));

    tcg_func_start(s);
    int64_t call[] = {r0, r1, h_two}; /* one argument, helper takes two */
    tcg_emit_op(s, INDEX_op_call, 1, 1, 1, call);
    g_assert_false(tcg_validate(s, "call args"));

    tcg_func_start(s);
    tcg_gen_goto_tb(s, TB_NB_JMP);
    g_assert_false(tcg_validate(s, "goto_tb slot"));
}

/* ld/st must not bypass a global that may live in a register */
static void test_env_access_overlaps_global(void)
{
    tcg_func_start(s);
    TCGv t = tcg_temp_new(s);
    tcg_gen_ld(s, INDEX_op_ld32u, t, offsetof(CPUPPCState, lr) + 4);
    g_assert_false(tcg_validate(s, "ld"));

    tcg_func_start(s);
    tcg_gen_st64(s, r0, offsetof(CPUPPCState, gpr[1]));
    g_assert_false(tcg_validate(s, "st"));
}

static void test_overflow(void)
{
    tcg_func_start(s);
    for (int i = 0; i < TCG_MAX_OPS + 10; i++) {
        tcg_gen_mov(s, r0, r1);
    }
    g_assert_true(s->overflow);
    g_assert_cmpint(s->nb_ops, ==, TCG_MAX_OPS);
    g_assert_false(tcg_validate(s, "overflow"));

    tcg_func_start(s);
    g_assert_false(s->overflow);
    for (int i = 0; i < TCG_MAX_TEMPS + 10; i++) {
        tcg_constant(s, i);
    }
    g_assert_true(s->overflow);
    g_assert_cmpint(s->nb_temps, ==, TCG_MAX_TEMPS);

    /* interning: the same value is the same temp, within a TB */
    tcg_func_start(s);
    TCGv c1 = tcg_constant(s, -7), c2 = tcg_constant(s, -7);
    g_assert_cmpint(c1, ==, c2);
    g_assert_cmpint(c1, !=, tcg_constant(s, 7));
    g_assert_cmpint(s->temps[c1].val, ==, -7);
}

static char *dump_to_string(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    tcg_dump_ops(s, f);
    fclose(f);
    return buf;
}

static void test_dump(void)
{
    tcg_func_start(s);
    TCGv t = tcg_temp_new(s), loc = tcg_temp_new_local(s);
    TCGLabel l = tcg_label_new(s);
    TCGv args[2] = {r0, t};
    tcg_gen_insn_start(s, 0x10000000);
    tcg_gen_addi_i64(s, t, r0, 0x10);
    tcg_gen_addi_i64(s, loc, t, -2);
    tcg_gen_brcondi_i64(s, TCG_COND_LTU, t, 0, l);
    tcg_gen_qemu_ld(s, r1, t, make_memop_idx(MO_32 | MO_SIGN | MO_BSWAP, 1));
    tcg_gen_call(s, h_two, lr, 2, args);
    tcg_gen_set_label(s, l);
    tcg_gen_exit_tb(s, 0);

    char *text = dump_to_string();
    g_assert_cmpstr(text, ==,
                    " ---- 0x10000000\n"
                    " add_i64 tmp4,r0,$0x10\n"
                    " add_i64 loc5,tmp4,$-0x2\n"
                    " brcond_i64 tmp4,$0x0,ltu,L0\n"
                    " qemu_ld r1,tmp4,besl,1\n"
                    " call v_two lr,r0,tmp4\n"
                    " set_label L0\n"
                    " exit_tb $0x0\n");
    free(text);

    /* after liveness the bits are shown by argument position: the local
       is stored for the label (its register copy dies there, as the
       label starts with none), the EBB temp dies */
    tcg_func_start(s);
    t = tcg_temp_new(s);
    loc = tcg_temp_new_local(s);
    l = tcg_label_new(s);
    tcg_gen_mov(s, t, r1);
    tcg_gen_mov(s, loc, t);
    tcg_gen_set_label(s, l);
    tcg_gen_st64(s, loc, (int32_t)offsetof(CPUPPCState, spr[0]));
    tcg_gen_exit_tb(s, 0);
    tcg_liveness(s);
    text = dump_to_string();
    char *want = g_strdup_printf(" mov tmp4,r1\n"
                                 " mov loc5,tmp4  dead: 0,1  sync: 0\n"
                                 " set_label L0\n"
                                 " st64 loc5,$0x%zx  dead: 0\n"
                                 " exit_tb $0x0\n",
                                 offsetof(CPUPPCState, spr[0]));
    g_assert_cmpstr(text, ==, want);
    g_free(want);
    free(text);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    setup();
    g_test_add_func("/tcg/validate/valid", test_valid);
    g_test_add_func("/tcg/validate/bad-temp", test_bad_temp);
    g_test_add_func("/tcg/validate/write-constant", test_write_constant);
    g_test_add_func("/tcg/validate/ebb-across-label", test_ebb_across_label);
    g_test_add_func("/tcg/validate/use-before-def", test_use_before_def);
    g_test_add_func("/tcg/validate/labels", test_labels);
    g_test_add_func("/tcg/validate/bad-shapes", test_bad_shapes);
    g_test_add_func("/tcg/validate/env-access", test_env_access_overlaps_global);
    g_test_add_func("/tcg/validate/overflow-interning", test_overflow);
    g_test_add_func("/tcg/dump/format", test_dump);
    int rc = g_test_run();
    tcg_context_free(s);
    return rc;
}
