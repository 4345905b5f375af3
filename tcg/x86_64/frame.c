/*
 * tcg/x86_64: the frame around generated code, and the TB's entry and exits.
 *
 * tcg_exec_tb(env, code) is a stub at the start of the code buffer: it
 * saves the callee-saved registers, keeps env in rbp for the whole time
 * generated code runs, allocates one fixed frame (X86_FRAME_SIZE, see
 * lower.h) and jumps to the TB.  TBs jump to each other (goto_tb, goto_ptr)
 * without touching the stack; an exit_tb puts its value in rax and jumps to
 * the stub's epilogue, which undoes the frame and returns.
 *
 * goto_tb n is a 5-byte `jmp rel32` whose displacement is 4-byte aligned,
 * so tcg_x86_64_set_jmp_target can retarget it with one atomic store while
 * other threads may be executing it.  Unchained, it jumps to the next
 * instruction: the exit_tb the translator always puts after it.
 *
 * This file also probes the host CPU (CPUID) once and owns the entry point
 * tcg_x86_64_gen_code.
 */
#include <cpuid.h>
#include <string.h>

#include "tcg/x86_64/lower.h"

uintptr_t (*tcg_exec_tb)(CPUPPCState *env, const uint8_t *code);
const uint8_t *tcg_code_gen_epilogue;
/* the epilogue after the "return 0" instruction: returns rax */
static const uint8_t *epilogue_ret;

/* ------------------------------------------------------------ features */

static bool features_probed;
static unsigned host_features;
static unsigned active_features;

static void probe_features(void)
{
    unsigned a, b, c, d;

    host_features = 0;
    if (__get_cpuid(1, &a, &b, &c, &d)) {
        if (c & (1u << 23)) {
            host_features |= X86_FEAT_POPCNT;
        }
        if (c & (1u << 22)) {
            host_features |= X86_FEAT_MOVBE;
        }
    }
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
        if (b & (1u << 3)) {
            host_features |= X86_FEAT_BMI1;
        }
        if (b & (1u << 8)) {
            host_features |= X86_FEAT_BMI2;
        }
    }
    if (__get_cpuid(0x80000001, &a, &b, &c, &d) && (c & (1u << 5))) {
        host_features |= X86_FEAT_LZCNT;
    }
    active_features = host_features;
    features_probed = true;
}

unsigned tcg_x86_64_features(void)
{
    if (!features_probed) {
        probe_features();
    }
    return active_features;
}

unsigned tcg_x86_64_set_features(unsigned mask)
{
    if (!features_probed) {
        probe_features();
    }
    active_features = host_features & mask;
    return active_features;
}

/* ------------------------------------------------------------ registers */

static const int8_t alloc_order[] = {
    /* callee-saved first: values there survive calls and slow paths */
    X86_RBX, X86_R12, X86_R13, X86_R14, X86_R15,
    X86_R10, X86_R9, X86_R8, X86_RDI, X86_RSI, X86_RDX, X86_RCX, X86_RAX,
};

static const int8_t call_arg_regs[] = {
    X86_RDI, X86_RSI, X86_RDX, X86_RCX, X86_R8, X86_R9,
};

static const TCGTargetRegs x86_regs = {
    .nb_regs = X86_NB_REGS,
    .allocatable = X86_ALLOCATABLE,
    .call_clobbered = X86_CALL_CLOBBERED,
    .alloc_order = alloc_order,
    .nb_alloc_order = sizeof(alloc_order),
    .call_arg_regs = call_arg_regs,
    .nb_call_arg_regs = sizeof(call_arg_regs),
    .call_ret_reg = X86_RAX,
    .env_reg = X86_ENV,
    .frame_reg = X86_RSP,
    .frame_stack_args = X86_FRAME_STACK_ARGS,
    .frame_spill_start = X86_FRAME_SPILL,
    .frame_spill_end = X86_FRAME_SPILL_END,
    .scratch_reg = X86_TMP,
};

/* helper calls take env plus at most 5 register and the rest stack args */
_Static_assert(TCG_MAX_CALL_IARGS - 5 <= 2, "outgoing stack area is 16 bytes");

/* ------------------------------------------------------------ prologue */

static const X86Reg saved_regs[] = {
    X86_RBP, X86_RBX, X86_R12, X86_R13, X86_R14, X86_R15,
};

int tcg_x86_64_prologue(uint8_t *buf, size_t size)
{
    X86Buf b;
    size_t zero_at, ret_at;

    tcg_x86_64_features();
    x86_buf_init(&b, buf, size);
    for (size_t i = 0; i < G_N_ELEMENTS(saved_regs); i++) {
        x86_push(&b, saved_regs[i]);
    }
    x86_mov_rr(&b, 1, X86_ENV, X86_RDI);
    x86_alu_ri(&b, X86_SUB, 1, X86_RSP, X86_FRAME_SIZE);
    x86_jmp_reg(&b, X86_RSI);

    zero_at = b.pos;
    x86_alu_rr(&b, X86_XOR, 0, X86_RAX, X86_RAX);
    ret_at = b.pos;
    x86_alu_ri(&b, X86_ADD, 1, X86_RSP, X86_FRAME_SIZE);
    for (size_t i = G_N_ELEMENTS(saved_regs); i-- > 0;) {
        x86_pop(&b, saved_regs[i]);
    }
    x86_ret(&b);
    if (x86_overflowed(&b)) {
        return -1;
    }
    tcg_exec_tb = (uintptr_t(*)(CPUPPCState *, const uint8_t *))(void *)buf;
    tcg_code_gen_epilogue = buf + zero_at;
    epilogue_ret = buf + ret_at;
    return (int)b.pos;
}

/* ------------------------------------------------------------ calls, jumps */

void x86_call_far(X86Buf *b, uintptr_t target)
{
    if (x86_rel32_ok(b, 5, target)) {
        x86_call_abs(b, target);
    } else {
        x86_movabs(b, X86_TMP, target);
        x86_call_reg(b, X86_TMP);
    }
}

void x86_jmp_far(X86Buf *b, uintptr_t target)
{
    if (x86_rel32_ok(b, 5, target)) {
        x86_jmp_abs(b, target);
    } else {
        x86_movabs(b, X86_TMP, target);
        x86_jmp_reg(b, X86_TMP);
    }
}

void tcg_target_call(TCGRegAlloc *ra, const TCGHelperInfo *info)
{
    x86_call_far(&x86_gen(ra)->buf, (uintptr_t)info->func);
}

bool tcg_target_stop(TCGRegAlloc *ra)
{
    return x86_overflowed(&x86_gen(ra)->buf);
}

void tcg_x86_64_set_jmp_target(TranslationBlock *tb, int n, uintptr_t addr)
{
    uint8_t *disp = tb->tc_ptr + tb->jmp_insn_offset[n];
    uint32_t rel = (uint32_t)(addr - (uintptr_t)(disp + 4));

    /* aligned by the goto_tb lowering: one atomic store */
    __atomic_store_n((uint32_t *)(void *)disp, rel, __ATOMIC_RELEASE);
}

/* ------------------------------------------------------------ control ops */

static void jump_to_label(X86Gen *g, int cc, int label)
{
    X86Buf *b = &g->buf;
    X86Reloc r;

    if (g->label_pos[label] >= 0) {
        if (cc < 0) {
            x86_jmp_to(b, (size_t)g->label_pos[label]);
        } else {
            x86_jcc_to(b, (X86Cond)cc, (size_t)g->label_pos[label]);
        }
        return;
    }
    r.label = label;
    r.disp_at = (uint32_t)(cc < 0 ? x86_jmp32_fwd(b)
                                  : x86_jcc32_fwd(b, (X86Cond)cc));
    g_array_append_val(g->relocs, r);
}

static void lower_goto_tb(X86Gen *g, int n)
{
    X86Buf *b = &g->buf;
    int pad = (int)((4 - ((x86_addr(b, b->pos) + 1) & 3)) & 3);

    x86_nops(b, pad);
    x86_out8(b, 0xe9);
    g->tb->jmp_insn_offset[n] = (uint16_t)b->pos;
    x86_out32(b, 0);
    g->tb->jmp_reset_offset[n] = (uint16_t)b->pos;
}

static void lower_exit_tb(X86Gen *g, uintptr_t val)
{
    if (val == 0) {
        x86_jmp_far(&g->buf, (uintptr_t)tcg_code_gen_epilogue);
    } else {
        x86_movi(&g->buf, X86_RAX, (int64_t)val);
        x86_jmp_far(&g->buf, (uintptr_t)epilogue_ret);
    }
}

static void lower_insn_start(X86Gen *g)
{
    if (g->nb_insns > 0 && g->nb_insns <= g->insn_cap) {
        g->insn_end[g->nb_insns - 1] = (uint16_t)g->buf.pos;
    }
    g->nb_insns++;
}

void x86_lower_control(X86Gen *g, const TCGOp *op, const int64_t *a,
                       const bool *k)
{
    X86Buf *b = &g->buf;

    switch (op->opc) {
    case INDEX_op_set_label:
        g->label_pos[a[0]] = (int32_t)b->pos;
        break;
    case INDEX_op_br:
        jump_to_label(g, -1, (int)a[0]);
        break;
    case INDEX_op_brcond_i32:
    case INDEX_op_brcond_i64: {
        TCGCond c = (TCGCond)a[2];
        if (c == TCG_COND_ALWAYS) {
            jump_to_label(g, -1, (int)a[3]);
        } else if (c != TCG_COND_NEVER) {
            x86_emit_cmp(b, op->opc == INDEX_op_brcond_i64, c, (int)a[0], a[1],
                         k[1]);
            jump_to_label(g, x86_cond(c), (int)a[3]);
        }
        break;
    }
    case INDEX_op_goto_tb:
        lower_goto_tb(g, (int)a[0]);
        break;
    case INDEX_op_exit_tb:
        lower_exit_tb(g, (uintptr_t)a[0]);
        break;
    case INDEX_op_goto_ptr:
        x86_jmp_reg(b, (int)a[0]);
        break;
    case INDEX_op_insn_start:
        lower_insn_start(g);
        break;
    default:
        g_error("x86_64: %s is not a control op", tcg_op_defs[op->opc].name);
    }
}

/* ------------------------------------------------------------ gen_code */

static int count_insns(const TCGContext *s)
{
    int n = 0;
    for (int i = 0; i < s->nb_ops; i++) {
        n += s->ops[i].opc == INDEX_op_insn_start;
    }
    return n;
}

int tcg_x86_64_gen_code(TCGContext *s, TranslationBlock *tb, uint8_t *buf,
                        size_t size)
{
    X86Gen g;
    bool own_insn_end = false, ok;
    int n_insns = count_insns(s);

    memset(&g, 0, sizeof(g));
    /* a TB records its offsets in 16 bits */
    x86_buf_init(&g.buf, buf, size < 0xffff ? size : 0xffff);
    g.tb = tb;
    g.label_pos = g_new(int32_t, s->nb_labels + 1);
    memset(g.label_pos, 0xff, sizeof(int32_t) * (s->nb_labels + 1));
    g.relocs = g_array_new(FALSE, FALSE, sizeof(X86Reloc));
    g.slow_paths = g_array_new(FALSE, FALSE, sizeof(X86SlowPath));
    if (tb->insn_end) {
        g.insn_end = tb->insn_end;
        g.insn_cap = tb->icount ? (int)tb->icount : 1;
    } else {
        g.insn_cap = n_insns ? n_insns : 1;
        g.insn_end = g_new0(uint16_t, g.insn_cap);
        tb->insn_end = g.insn_end;
        own_insn_end = true;
    }
    for (int n = 0; n < 2; n++) {
        tb->jmp_insn_offset[n] = 0xffff;
        tb->jmp_reset_offset[n] = 0xffff;
    }

    ok = tcg_regalloc_run(&g.ra, s, &x86_regs);
    if (ok) {
        lower_insn_start(&g); /* closes the last instruction */
        x86_emit_slow_paths(&g);
        for (guint i = 0; i < g.relocs->len; i++) {
            X86Reloc *r = &g_array_index(g.relocs, X86Reloc, i);
            if (g.label_pos[r->label] < 0) {
                g_error("x86_64: branch to label %d, which is never set",
                        r->label);
            }
            x86_patch_rel32(&g.buf, r->disp_at, (size_t)g.label_pos[r->label]);
        }
        ok = !x86_overflowed(&g.buf);
    }
    g_free(g.label_pos);
    g_array_free(g.relocs, TRUE);
    g_array_free(g.slow_paths, TRUE);
    if (!ok) {
        if (own_insn_end) {
            g_free(tb->insn_end);
            tb->insn_end = NULL;
        }
        return -1;
    }
    tb->tc_ptr = buf;
    tb->tc_size = (uint32_t)g.buf.pos;
    return (int)g.buf.pos;
}
