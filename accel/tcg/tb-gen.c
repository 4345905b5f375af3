/*
 * The translation pipeline: from a guest address to a linked TB.
 *
 *   ppc_translate_block   guest code -> IR (logs -d in_asm and -d op)
 *   tcg_optimize          (-d op_opt after it)
 *   tcg_liveness
 *   tcg_x86_64_gen_code   host code in the code buffer (-d out_asm), or
 *   tcg_program_copy      the IR kept for the interpreter
 *
 * With --enable-debug every pass is followed by tcg_validate.
 *
 * Two things can go wrong, and both are retried rather than reported: the
 * IR arrays overflow (the translator shortens the block itself; if it still
 * reports overflow we halve the limit), or the code buffer is full (flush
 * everything, translate again; a block that does not fit an empty buffer
 * is halved).  The flush runs in an exclusive section (other vCPU threads
 * may be inside the buffer), with the TB lock dropped meanwhile.
 *
 * The TranslationBlock is allocated before translating, because the IR
 * embeds its address (exit_tb values).  Translation runs under the TB lock
 * (threads.c): one TCGContext serves every vCPU thread.  If translation longjmps out (a
 * fault while reading the code), the struct is kept for the next attempt.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "accel/tcg/internal.h"
#include "log.h"
#include "tcg/x86_64/disas.h"

static TCGContext *tcg_ctx;
static TranslationBlock *spare_tb;
/* what the backend writes a TB's insn_end into before it is copied after
   the TB's code (under the TB lock, as tcg_ctx) */
static uint16_t *insn_end_scratch;
/* -perfmap: /tmp/perf-PID.map, one line per TB, opened once at start-up */
static FILE *perfmap;

/*
 * The perf map (the format Linux's perf reads for JIT code: "START SIZE
 * NAME", hexadecimal, one symbol a line, in /tmp/perf-PID.map): every TB's
 * host code, with its out-of-line slow paths, named tb_ and the guest pc.
 * A code-buffer flush reuses addresses; perf takes the latest line for an
 * address, which is the TB that lived there last.
 */
bool tb_gen_perfmap_open(char **err)
{
    char *path = g_strdup_printf("/tmp/perf-%d.map", (int)getpid());

    perfmap = fopen(path, "w");
    if (perfmap == NULL) {
        *err = g_strdup_printf("-perfmap: cannot create %s: %s", path,
                               g_strerror(errno));
        g_free(path);
        return false;
    }
    g_free(path);
    /* written when the buffer fills and at exit: a line per TB would cost
       a system call per translation */
    setvbuf(perfmap, NULL, _IOFBF, 1 << 16);
    return true;
}

static void tb_perfmap_write(const TranslationBlock *tb)
{
    fprintf(perfmap, "%" PRIxPTR " %" PRIx32 " tb_%016" PRIx64 "\n",
            (uintptr_t)tb->tc_ptr, tb->tc_size, tb->pc);
}

void tb_gen_init(void)
{
    tcg_ctx = tcg_context_new();
    ppc_translate_init(tcg_ctx);
}

static void tb_check_ir(TCGContext *s, const char *after_pass)
{
#ifdef CONFIG_DEBUG_TCG
    if (!tcg_validate(s, after_pass)) {
        g_error("accel/tcg: malformed IR after %s", after_pass);
    }
#else
    (void)s;
    (void)after_pass;
#endif
}

static void tb_log_ops(TCGContext *s, const char *title)
{
    FILE *f = log_stream();

    fprintf(f, "%s:\n", title);
    tcg_dump_ops(s, f);
    fprintf(f, "\n");
}

static void tb_log_out_asm(TranslationBlock *tb)
{
    FILE *f = log_stream();

    fprintf(f, "OUT: [size=%" PRIu32 "] pc 0x%016" PRIx64 "\n", tb->tc_size,
            tb->pc);
    tcg_x86_64_disas(f, tb->tc_ptr, tb->tc_size);
    fprintf(f, "\n");
}

static int tb_count_insns(TCGContext *s)
{
    int n = 0;

    for (int i = 0; i < s->nb_ops; i++) {
        n += s->ops[i].opc == INDEX_op_insn_start;
    }
    return n;
}

static void tb_reset(TranslationBlock *tb, uint64_t pc, uint64_t phys_pc,
                     uint32_t flags)
{
    *tb = (TranslationBlock){
        .pc = pc,
        .phys_pc = phys_pc,
        .flags = flags,
    };
    for (int n = 0; n < TB_NB_JMP; n++) {
        tb->jmp_insn_offset[n] = 0xffff;
        tb->jmp_reset_offset[n] = 0xffff;
        tb->jmp_check_offset[n] = 0xffff;
        tb->jmp_gate_offset[n] = 0xffff;
    }
}

/* guest code -> optimized IR with liveness; false if the IR overflowed */
static bool tb_translate(CPUPPCState *env, TranslationBlock *tb,
                         int max_insns)
{
    TCGContext *s = tcg_ctx;
    int insns;

    tcg_func_start(s);
    ppc_translate_block(s, env, tb, max_insns);
    if (s->overflow) {
        return false;
    }
    insns = tb_count_insns(s);
    g_assert(tb->icount == 0 || tb->icount == (uint32_t)insns);
    tb->icount = (uint32_t)insns;
    if (tb->size == 0) {
        tb->size = 4u * tb->icount;
    }
    tb_check_ir(s, "translation");
    tcg_optimize(s);
    tb_check_ir(s, "optimize");
    tcg_liveness(s);
    tb_check_ir(s, "liveness");
    if (log_enabled(LOG_OP_OPT)) {
        tb_log_ops(s, "OP after optimization and liveness analysis");
    }
    return true;
}

static size_t tb_program_bytes(const TCGProgram *p)
{
    return sizeof(*p) + (size_t)p->nb_ops * sizeof(TCGOp) +
           (size_t)p->nb_temps * sizeof(TCGTemp) +
           (size_t)p->nb_labels * sizeof(int);
}

/* the IR becomes the TB's program; false (nothing kept) if the budget is
   spent */
static bool tb_emit_interp(TranslationBlock *tb)
{
    tb->prog = tcg_program_copy(tcg_ctx);
    if (!tb_interp_charge(tb_program_bytes(tb->prog))) {
        tcg_program_free(tb->prog);
        tb->prog = NULL;
        return false;
    }
    return true;
}

/* the buffer (or the interpreter's budget) is full: everything goes, in an
   exclusive section since other vCPUs may be running TBs.  The lock is
   dropped meanwhile, so another thread may translate (and take spare_tb)
   before we go on */
static void tb_gen_flush(void)
{
    uint64_t seen = tb_flush_count();

    tb_unlock();
    tb_flush_exclusive(seen);
    tb_lock();
}

/* host code into the buffer, its insn_end table right after it (the
   backend fills a scratch table, as long as a TB may be); false if it did
   not fit */
static bool tb_emit_host(TranslationBlock *tb)
{
    uint8_t *code = codebuf_ptr();
    size_t table, avail = codebuf_avail();
    int size;

    if (insn_end_scratch == NULL) {
        insn_end_scratch = g_new(uint16_t, TB_MAX_INSNS);
    }
    g_assert(tb->icount <= TB_MAX_INSNS);
    tb->insn_end = insn_end_scratch;
    size = tcg_x86_64_gen_code(tcg_ctx, tb, code, avail);
    table = (size_t)tb->icount * sizeof(uint16_t);
    if (size < 0 || ((size_t)size + 1) / 2 * 2 + table > avail) {
        tb->insn_end = NULL;
        return false;
    }
    tb->tc_ptr = code;
    tb->tc_size = (uint32_t)size;
    tb->insn_end = (uint16_t *)(void *)(code + ((size_t)size + 1) / 2 * 2);
    memcpy(tb->insn_end, insn_end_scratch, table);
    codebuf_commit(tb_code_extent(tb));
    codebuf_ref(code, tb_code_extent(tb));
    tb->code_counted = true;
    return true;
}

/* once > 0: a TB of at most that many instructions that no lookup finds
   (tb_link_step): a debugger's step (1), the rest of an -icount budget */
static TranslationBlock *tb_gen(CPUPPCState *env, uint64_t pc,
                                uint64_t phys_pc, uint32_t flags, int once)
{
    TranslationBlock *tb;
    int max_insns = once > 0 && once < TB_MAX_INSNS ? once : TB_MAX_INSNS;

    for (;;) {
        /* kept for the next attempt if translation longjmps out */
        if (spare_tb == NULL) {
            spare_tb = g_new(TranslationBlock, 1);
        }
        tb = spare_tb;
        tb_reset(tb, pc, phys_pc, flags);
        if (!tb_translate(env, tb, max_insns)) {
            if (max_insns == 1) {
                g_error("accel/tcg: one instruction at 0x%016" PRIx64
                        " overflows the IR", pc);
            }
            max_insns /= 2;
            continue;
        }
        if (tb_interp_mode()) {
            if (tb_emit_interp(tb)) {
                break;
            }
            tb_gen_flush();
            continue;
        }
        if (tb_emit_host(tb)) {
            break;
        }
        /* either the buffer is full, or the TB's code alone is more than
           a TB can hold (TB_MAX_CODE: its offsets are 16-bit); the second
           is no reason to throw every other TB away */
        if (!codebuf_is_empty() && codebuf_avail() < TB_MAX_CODE) {
            tb_gen_flush();
        } else if (max_insns > 1) {
            max_insns /= 2;
        } else {
            g_error("accel/tcg: the code for 0x%016" PRIx64
                    " does not fit an empty code buffer", pc);
        }
    }
    spare_tb = NULL;
    if (!tb_interp_mode() && log_enabled(LOG_OUT_ASM)) {
        tb_log_out_asm(tb);
    }
    if (perfmap && !tb_interp_mode()) {
        tb_perfmap_write(tb);
    }
    if (once > 0) {
        tb_link_step(tb);
    } else {
        tb_link(tb);
    }
    return tb;
}

/* under the TB lock (taken here if the caller, a unit test, has not) */
static TranslationBlock *tb_gen_locked(CPUPPCState *env, uint64_t pc,
                                       uint64_t phys_pc, uint32_t flags,
                                       int once)
{
    bool locked = tb_lock_is_held();
    TranslationBlock *tb;

    if (!locked) {
        tb_lock();
    }
    tb = tb_gen(env, pc, phys_pc, flags, once);
    if (!locked) {
        tb_unlock();
    }
    return tb;
}

TranslationBlock *tb_gen_code(CPUPPCState *env, uint64_t pc,
                              uint64_t phys_pc, uint32_t flags)
{
    return tb_gen_locked(env, pc, phys_pc, flags, 0);
}

TranslationBlock *tb_gen_step(CPUPPCState *env, uint64_t pc,
                              uint64_t phys_pc, uint32_t flags)
{
    return tb_gen_locked(env, pc, phys_pc, flags, 1);
}

TranslationBlock *tb_gen_count(CPUPPCState *env, uint64_t pc,
                               uint64_t phys_pc, uint32_t flags, int n)
{
    return tb_gen_locked(env, pc, phys_pc, flags, n > 0 ? n : 1);
}
