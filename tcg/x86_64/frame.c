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
 * A brcond whose target label starts with goto_tb n (the taken side of a
 * guest conditional branch) takes slot n over: its own `jcc rel32`, with
 * the displacement aligned the same way, is the patchable jump, and the
 * goto_tb emits nothing.  Unchained the jcc goes to the label, where the
 * exit path starts; chained it goes straight to the next TB, one taken
 * jump instead of two.  A goto_tb to another page checks the page's
 * mapping first (lower_goto_tb_checked).
 *
 * Next to the stub sit the code every TB shares: the jump-cache probe in
 * front of helper_lookup_tb_ptr (lookup_thunk: every goto_ptr and every
 * failed cross-page check goes through it) and the guest memory slow
 * paths' thunks (softmmu.c).
 *
 * This file also probes the host CPU (CPUID) once and owns the entry point
 * tcg_x86_64_gen_code.
 */
#include <cpuid.h>
#include <string.h>

#include "log.h"
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
        if (c & (1u << 9)) {
            host_features |= X86_FEAT_SSSE3;
        }
        if (c & (1u << 19)) {
            host_features |= X86_FEAT_SSE41;
        }
        if (c & (1u << 20)) {
            host_features |= X86_FEAT_SSE42;
        }
        /* VEX instructions on xmm need FMA (bit 12) and an OS that
           enabled the SSE and AVX state in XCR0 (OSXSAVE, bit 27) */
        if ((c & (1u << 12)) && (c & (1u << 27))) {
            unsigned lo, hi;

            __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
            if ((lo & 6) == 6) {
                host_features |= X86_FEAT_FMA;
            }
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
    /* no constraint pins these (rax/rdx: divide, rcx: shift count) */
    .loop_hold_regs = X86_ALLOCATABLE & ~(X86_REG_BIT(X86_RAX) |
                                          X86_REG_BIT(X86_RCX) |
                                          X86_REG_BIT(X86_RDX)),
};

/* helper calls take env plus at most 5 register and the rest stack args */
_Static_assert(TCG_MAX_CALL_IARGS - 5 <= 2, "outgoing stack area is 16 bytes");

/* ------------------------------------------------------------ prologue */

/*
 * helper_lookup_tb_ptr's first step, shared by every lookup site: the jump
 * cache probed for env->nip and the calling TB's flags (in r10d; the
 * calling instruction did not change them: include/exec.h), rax = the TB's
 * code on a hit; the helper only on a miss.  Called with a return address
 * pushed; touches only call-clobbered registers.
 */
static const uint8_t *lookup_thunk;

static void emit_lookup_thunk(X86Buf *b)
{
    size_t miss[3];

    lookup_thunk = (const uint8_t *)x86_addr(b, b->pos);
    x86_load(b, X86_LD64, X86_RAX, X86_ENV, X86_NOREG, 0,
             (int32_t)offsetof(CPUPPCState, nip));
    /* tb_jc_hash: the page's window, then the slot in it */
    x86_mov_rr(b, 1, X86_RCX, X86_RAX);
    x86_shift_ri(b, X86_SHR, 1, X86_RCX, TARGET_PAGE_BITS - TB_JC_WINDOW_BITS);
    x86_alu_ri(b, X86_AND, 0, X86_RCX,
               (int32_t)((TB_JC_SIZE - 1) & ~(TB_JC_PAGE_SLOTS - 1)));
    x86_mov_rr(b, 1, X86_RDX, X86_RAX);
    x86_shift_ri(b, X86_SHR, 1, X86_RDX, TB_JC_HASH_LO);
    x86_mov_rr(b, 1, X86_RSI, X86_RAX);
    x86_shift_ri(b, X86_SHR, 1, X86_RSI, TB_JC_HASH_HI);
    x86_alu_rr(b, X86_XOR, 0, X86_RDX, X86_RSI);
    x86_alu_ri(b, X86_AND, 0, X86_RDX, TB_JC_PAGE_SLOTS - 1);
    x86_alu_rr(b, X86_OR, 0, X86_RCX, X86_RDX);
    /* the jump cache is the first thing env->accel points to */
    x86_load(b, X86_LD64, X86_RSI, X86_ENV, X86_NOREG, 0,
             (int32_t)offsetof(CPUPPCState, accel));
    x86_load(b, X86_LD64, X86_RSI, X86_RSI, X86_RCX, 3, 0);
    x86_test_rr(b, 1, X86_RSI, X86_RSI);
    miss[0] = x86_jcc8_fwd(b, X86_CC_E);
    x86_alu_rm(b, X86_CMP, 1, X86_RAX, X86_RSI, X86_NOREG, 0,
               (int32_t)offsetof(TranslationBlock, pc));
    miss[1] = x86_jcc8_fwd(b, X86_CC_NE);
    x86_alu_rm(b, X86_CMP, 0, X86_R10, X86_RSI, X86_NOREG, 0,
               (int32_t)offsetof(TranslationBlock, flags));
    miss[2] = x86_jcc8_fwd(b, X86_CC_NE);
    x86_load(b, X86_LD64, X86_RAX, X86_RSI, X86_NOREG, 0,
             (int32_t)offsetof(TranslationBlock, tc_ptr));
    x86_ret(b);
    for (int i = 0; i < 3; i++) {
        x86_patch_rel8(b, miss[i], b->pos);
    }
    x86_mov_rr(b, 1, X86_RDI, X86_ENV);
    x86_alu_ri(b, X86_SUB, 1, X86_RSP, 8); /* 16-byte aligned calls */
    x86_call_far(b, (uintptr_t)helper_lookup_tb_ptr);
    x86_alu_ri(b, X86_ADD, 1, X86_RSP, 8);
    x86_ret(b);
}


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
    emit_lookup_thunk(&b);
    if (x86_emit_mmu_thunks(&b) < 0 || x86_overflowed(&b)) {
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

/* rax = where env->nip's TB is (the epilogue if none): the thunk, or the
   helper alone while every TB is logged */
static void emit_lookup_tb_ptr(X86Gen *g)
{
    X86Buf *b = &g->buf;

    if (g->inline_lookup) {
        x86_movi(b, X86_R10, (int64_t)g->tb->flags);
        x86_call_far(b, (uintptr_t)lookup_thunk);
    } else {
        x86_mov_rr(b, 1, X86_RDI, X86_ENV);
        x86_call_far(b, (uintptr_t)helper_lookup_tb_ptr);
    }
}

void tcg_target_call(TCGRegAlloc *ra, const TCGHelperInfo *info)
{
    X86Gen *g = x86_gen(ra);

    g->nb_lowered++; /* the helper clobbers the flags */
    if (info->func == (void *)helper_lookup_tb_ptr) {
        emit_lookup_tb_ptr(g);
        return;
    }
    x86_call_far(&g->buf, (uintptr_t)info->func);
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

void tcg_x86_64_set_jmp_check(TranslationBlock *tb, int n, uint64_t addend)
{
    uint8_t *imm = tb->tc_ptr + tb->jmp_check_offset[n];
    uint8_t *gate = tb->tc_ptr + tb->jmp_gate_offset[n];
    /* open: on to the check right after the gate; shut: to the exit path
       right after the linked jump */
    uint8_t *to = addend != 1 ? gate + 4
                              : tb->tc_ptr + tb->jmp_insn_offset[n] + 4;

    /* 8 and 4-byte aligned by lower_goto_tb_checked; whatever order
       another thread sees the stores in, a check that fails or a jump not
       set yet leads to the jump cache, which is always right */
    if (addend != 1) {
        __atomic_store_n((uint64_t *)(void *)imm, addend, __ATOMIC_RELEASE);
    }
    __atomic_store_n((uint32_t *)(void *)gate,
                     (uint32_t)((uintptr_t)to - (uintptr_t)(gate + 4)),
                     __ATOMIC_RELEASE);
    if (addend == 1) {
        __atomic_store_n((uint64_t *)(void *)imm, addend, __ATOMIC_RELEASE);
    }
}

/* ------------------------------------------------------------ side paths */

uint32_t x86_keep_side_stores(X86Gen *g)
{
    uint32_t first = g->side_stores->len;

    g_array_append_vals(g->side_stores, g->ra.side, (guint)g->ra.nb_side);
    return first;
}

static void emit_stores(X86Buf *b, const TCGSideStore *stores, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        const TCGSideStore *st = &stores[i];
        if (st->reg != TCG_REG_NONE) {
            x86_store(b, 64, st->reg, X86_ENV, X86_NOREG, 0, st->offset);
        } else if (st->val == (int32_t)st->val) {
            x86_store_imm(b, 64, st->val, X86_ENV, X86_NOREG, 0, st->offset);
        } else {
            x86_movi(b, X86_TMP, st->val);
            x86_store(b, 64, X86_TMP, X86_ENV, X86_NOREG, 0, st->offset);
        }
    }
}

void x86_emit_side_stores(X86Gen *g, uint32_t first, uint32_t n)
{
    if (n) {
        emit_stores(&g->buf,
                    &g_array_index(g->side_stores, TCGSideStore, first), n);
    }
}

/* a brcond whose taken edge stores globals: jcc to a stub after the code */
static void jump_to_edge_stub(X86Gen *g, X86Cond cc, int label)
{
    X86EdgeStub st = {
        .jump_at = (uint32_t)x86_jcc32_fwd(&g->buf, cc),
        .label = label,
        .nb_side = (uint32_t)g->ra.nb_side,
    };

    st.side_first = x86_keep_side_stores(g);
    g_array_append_val(g->edge_stubs, st);
}

static void emit_edge_stubs(X86Gen *g)
{
    X86Buf *b = &g->buf;

    for (guint i = 0; i < g->edge_stubs->len; i++) {
        const X86EdgeStub *st = &g_array_index(g->edge_stubs, X86EdgeStub, i);
        if (g->label_pos[st->label] < 0) {
            g_error("x86_64: branch to label %d, which is never set",
                    st->label);
        }
        x86_patch_rel32(b, st->jump_at, b->pos);
        x86_emit_side_stores(g, st->side_first, st->nb_side);
        x86_jmp_to(b, (size_t)g->label_pos[st->label]);
        if (x86_overflowed(b)) {
            return;
        }
    }
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

/* the slot a brcond to `label` may take over, or -1 (see the header) */
static int brcond_tb_slot(X86Gen *g, int label)
{
    const TCGContext *s = g->ra.s;

    /* only the brcond may lead there: a path falling into the label
       could bring stores before the goto_tb, which the jcc would skip */
    if (g->label_refs[label] != 1 || g->label_op[label] < 0 ||
        !g->ra.label_inherits[label]) {
        return -1;
    }
    for (int i = g->label_op[label] + 1; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        if (op->opc == INDEX_op_nop || op->opc == INDEX_op_insn_start) {
            continue;
        }
        /* (not one to another page: its check must run first) */
        if (op->opc == INDEX_op_goto_tb && op->args[2] < 0 &&
            g->slot_label[op->args[0]] < 0 &&
            g->tb->jmp_insn_offset[op->args[0]] == 0xffff) {
            return (int)op->args[0];
        }
        return -1;
    }
    return -1;
}

/* brcond (x cond y) to a label that starts with goto_tb n */
static void lower_brcond_tb(X86Gen *g, const TCGOp *op, const int64_t *a,
                            const bool *k, int n)
{
    X86Buf *b = &g->buf;
    TCGCond c = (TCGCond)a[2];
    X86Flags flags = g->flags;
    size_t start = b->pos;
    int w = op->opc == INDEX_op_brcond_i64, pad;
    X86Reloc r = {.label = (int)a[3]};

    /* the jcc's displacement must be 4-byte aligned: pad before the
       compare, which is emitted once to learn its length */
    x86_emit_cmp_op(g, op, 0, w, c, (int)a[0], a[1], k[1]);
    pad = (int)((4 - ((x86_addr(b, b->pos) + 2) & 3)) & 3);
    if (pad) {
        b->pos = start;
        g->flags = flags;
        x86_nops(b, pad);
        x86_emit_cmp_op(g, op, 0, w, c, (int)a[0], a[1], k[1]);
    }
    r.disp_at = (uint32_t)x86_jcc32_fwd(b, x86_cond(c));
    g_array_append_val(g->relocs, r);
    g->tb->jmp_insn_offset[n] = (uint16_t)r.disp_at;
    g->slot_label[n] = r.label;
}

/* a 5-byte jmp rel32 whose displacement is 4-byte aligned (patchable with
   one atomic store); returns the displacement's offset */
static size_t emit_patchable_jmp(X86Buf *b)
{
    int pad = (int)((4 - ((x86_addr(b, b->pos) + 1) & 3)) & 3);
    size_t disp;

    x86_nops(b, pad);
    x86_out8(b, 0xe9);
    disp = b->pos;
    x86_out32(b, 0);
    return disp;
}

/*
 * goto_tb to another page (accel/tcg/chain.c says why the check):
 *
 *       jmp   gate            ; unchained: exit (below); linked: check
 *   check:
 *       movabs r11, page      ; the fetch TLB entry of dest's page...
 *       cmp   r11, [env + tlb entry tag]
 *       jne   stub
 *       movabs r11, addend    ; ...with the addend the link was made for
 *       cmp   r11, [env + tlb entry addend]
 *       jne   stub
 *       jmp   next TB         ; tb->jmp_insn_offset: linked, the next TB
 *   exit:                     ; the IR's exit path (nip, exit_tb tb | n)
 *   ...
 *   stub:                     ; out of line: nip = dest, the jump cache
 *
 * Unchained (the gate shut, addend 1, which no addend is, the jump at the
 * stub) the exit path returns tb | n and the exec loop links the slot.
 * Linked, a check that fails (the TLB lost the page, or maps it elsewhere
 * now) goes through the jump cache probe and helper_lookup_tb_ptr, which
 * refills the TLB, rather than out to the exec loop: a TLB flush costs one
 * lookup per hot jump.  tcg_x86_64_set_jmp_check opens and shuts the gate.
 */
static void lower_goto_tb_checked(X86Gen *g, int n, uint64_t dest,
                                  int mmu_idx)
{
    X86Buf *b = &g->buf;
    unsigned idx = (unsigned)(dest >> TARGET_PAGE_BITS) & (TLB_SIZE - 1);
    int32_t entry = (int32_t)(offsetof(CPUPPCState, tlb) +
                              ((size_t)mmu_idx * TLB_SIZE + idx) *
                                  sizeof(TLBEntry));
    X86GotoStub st = {.dest = dest, .slot = n};
    size_t gate = emit_patchable_jmp(b);
    int pad;

    g->tb->jmp_gate_offset[n] = (uint16_t)gate;
    x86_movi(b, X86_TMP, (int64_t)(dest & TARGET_PAGE_MASK));
    x86_alu_rm(b, X86_CMP, 1, X86_TMP, X86_ENV, X86_NOREG, 0,
               entry + (int32_t)offsetof(TLBEntry, addr_code));
    st.fail_at[0] = (uint32_t)x86_jcc32_fwd(b, X86_CC_NE);
    pad = (int)((8 - ((x86_addr(b, b->pos) + 2) & 7)) & 7);
    x86_nops(b, pad);
    g->tb->jmp_check_offset[n] = (uint16_t)(b->pos + 2);
    x86_movabs(b, X86_TMP, 1);
    x86_alu_rm(b, X86_CMP, 1, X86_TMP, X86_ENV, X86_NOREG, 0,
               entry + (int32_t)offsetof(TLBEntry, addend));
    st.fail_at[1] = (uint32_t)x86_jcc32_fwd(b, X86_CC_NE);
    st.jmp_at = (uint32_t)emit_patchable_jmp(b);
    g->tb->jmp_insn_offset[n] = (uint16_t)st.jmp_at;
    /* the gate starts shut: to the exit path, right here */
    x86_patch_rel32(b, gate, b->pos);
    g_array_append_val(g->goto_stubs, st);
}

static void emit_goto_stubs(X86Gen *g)
{
    X86Buf *b = &g->buf;

    for (guint i = 0; i < g->goto_stubs->len; i++) {
        const X86GotoStub *st = &g_array_index(g->goto_stubs, X86GotoStub, i);
        x86_patch_rel32(b, st->fail_at[0], b->pos);
        x86_patch_rel32(b, st->fail_at[1], b->pos);
        x86_patch_rel32(b, st->jmp_at, b->pos);
        g->tb->jmp_reset_offset[st->slot] = (uint16_t)b->pos;
        /* every global is in env at a goto_tb: all registers are free */
        x86_movi(b, X86_TMP, (int64_t)st->dest);
        x86_store(b, 64, X86_TMP, X86_ENV, X86_NOREG, 0,
                  (int32_t)offsetof(CPUPPCState, nip));
        emit_lookup_tb_ptr(g);
        x86_jmp_reg(b, X86_RAX);
        if (x86_overflowed(b)) {
            return;
        }
    }
}

static void lower_goto_tb(X86Gen *g, int n, uint64_t dest, int mmu_idx)
{
    X86Buf *b = &g->buf;

    if (g->slot_label[n] >= 0 &&
        g->label_pos[g->slot_label[n]] == (int32_t)b->pos) {
        /* the brcond's jcc is the jump; this is where it goes unchained */
        g->tb->jmp_reset_offset[n] = (uint16_t)b->pos;
        return;
    }
    /* (a second goto_tb of a slot takes it back: the jcc stays unchained) */
    g->slot_label[n] = -1;

    if (mmu_idx >= 0) {
        lower_goto_tb_checked(g, n, dest, mmu_idx);
        return;
    }
    g->tb->jmp_insn_offset[n] = (uint16_t)emit_patchable_jmp(b);
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
            if (!g->ra.side_inherit) {
                emit_stores(b, g->ra.side, (uint32_t)g->ra.nb_side);
            }
            jump_to_label(g, -1, (int)a[3]);
        } else if (c != TCG_COND_NEVER) {
            int n = g->ra.nb_side ? -1 : brcond_tb_slot(g, (int)a[3]);
            if (n >= 0) {
                lower_brcond_tb(g, op, a, k, n);
                break;
            }
            x86_emit_cmp_op(g, op, 0, op->opc == INDEX_op_brcond_i64, c,
                            (int)a[0], a[1], k[1]);
            if (g->ra.nb_side && !g->ra.side_inherit) {
                jump_to_edge_stub(g, x86_cond(c), (int)a[3]);
            } else {
                jump_to_label(g, x86_cond(c), (int)a[3]);
            }
        }
        break;
    }
    case INDEX_op_goto_tb:
        lower_goto_tb(g, (int)a[0], (uint64_t)a[1], (int)a[2]);
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

void tcg_target_brcond_env32(TCGRegAlloc *ra, TCGCond cond, int32_t off,
                             int64_t imm, int label)
{
    X86Gen *g = x86_gen(ra);

    g->nb_lowered++;
    x86_alu_mi(&g->buf, X86_CMP, 0, X86_ENV, X86_NOREG, 0, off, (int32_t)imm);
    if (ra->nb_side && !ra->side_inherit) {
        jump_to_edge_stub(g, x86_cond(cond), label);
    } else {
        jump_to_label(g, x86_cond(cond), label);
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
    x86_buf_init(&g.buf, buf, size < TB_MAX_CODE ? size : TB_MAX_CODE);
    g.tb = tb;
    /* as helper_lookup_tb_ptr: no shortcut while every TB is logged */
    g.inline_lookup = !log_enabled(LOG_NOCHAIN | LOG_EXEC | LOG_CPU);
    g.label_pos = tcg_scratch(s, TCG_SCRATCH_BACKEND_LABELS,
                              sizeof(int32_t) * (s->nb_labels + 1));
    memset(g.label_pos, 0xff, sizeof(int32_t) * (s->nb_labels + 1));
    g.label_op = tcg_scratch(s, TCG_SCRATCH_BACKEND_LABEL_OP,
                             sizeof(int) * (s->nb_labels + 1));
    memset(g.label_op, 0xff, sizeof(int) * (s->nb_labels + 1));
    g.label_refs = tcg_scratch0(s, TCG_SCRATCH_BACKEND_LABEL_REFS,
                                sizeof(int) * (s->nb_labels + 1));
    for (int i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        if (op->opc == INDEX_op_set_label) {
            g.label_op[op->args[0]] = i;
        } else if (op->opc == INDEX_op_br) {
            g.label_refs[op->args[0]]++;
        } else if (op->opc == INDEX_op_brcond_i32 ||
                   op->opc == INDEX_op_brcond_i64) {
            g.label_refs[op->args[3]]++;
        }
    }
    for (int n = 0; n < TB_NB_JMP; n++) {
        g.slot_label[n] = -1;
    }
    g.relocs = tcg_array(s, TCG_ARRAY_BACKEND_RELOCS, sizeof(X86Reloc));
    g.slow_paths =
        tcg_array(s, TCG_ARRAY_BACKEND_SLOW_PATHS, sizeof(X86SlowPath));
    g.edge_stubs =
        tcg_array(s, TCG_ARRAY_BACKEND_EDGE_STUBS, sizeof(X86EdgeStub));
    g.goto_stubs =
        tcg_array(s, TCG_ARRAY_BACKEND_GOTO_STUBS, sizeof(X86GotoStub));
    g.side_stores =
        tcg_array(s, TCG_ARRAY_BACKEND_SIDE_STORES, sizeof(TCGSideStore));
    if (tb->insn_end) {
        g.insn_end = tb->insn_end;
        g.insn_cap = tb->icount ? (int)tb->icount : 1;
    } else {
        g.insn_cap = n_insns ? n_insns : 1;
        g.insn_end = g_new0(uint16_t, g.insn_cap);
        tb->insn_end = g.insn_end;
        own_insn_end = true;
    }
    for (int n = 0; n < TB_NB_JMP; n++) {
        tb->jmp_insn_offset[n] = 0xffff;
        tb->jmp_reset_offset[n] = 0xffff;
        tb->jmp_check_offset[n] = 0xffff;
        tb->jmp_gate_offset[n] = 0xffff;
    }

    ok = tcg_regalloc_run(&g.ra, s, &x86_regs);
    if (ok) {
        lower_insn_start(&g); /* closes the last instruction */
        x86_emit_slow_paths(&g);
        emit_edge_stubs(&g);
        emit_goto_stubs(&g);
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
