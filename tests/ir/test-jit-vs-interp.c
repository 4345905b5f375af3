/*
 * Random IR run two ways: through the x86-64 JIT and through the IR
 * interpreter (tcg/interp), which must leave the same guest state.
 *
 * Each program is built with the tcg_gen_* API from a seeded generator:
 * random ops of every kind on a few globals (env->gpr[]), EBB and local
 * temps and constants (edge values included), env loads and stores, guest
 * memory accesses of every size, sign, byte order and alignment (some cross
 * a page, some hit the page the TLB does not map, so both the inline fast
 * path and the slow path run), forward branches, counted loops, side exits
 * (a brcond over an exit, the shape of a TB that goes on past a guest
 * branch), whole-TB loops through TCGContext.loop_label (globals carried
 * in registers; some jump back to the label from several places, as the
 * retry of a "lwarx; stwcx.; bne-" inside an outer loop does, and some call
 * no helper and so hold their accesses' TLB entries in registers), the IR
 * of load-and-reserve / store-conditional pairs (trans-atomic.c's shape:
 * an aligned load that records address and value in globals, a reload,
 * compares and a conditional store), and calls to helpers that are pure,
 * read globals, write globals, or take six arguments.  Many temps are kept
 * live at once so the allocator has to spill.  The passes run as in the
 * product (optimize, liveness), and every fourth program also runs without
 * them.
 *
 * A mismatch prints the seed, the IR and the host code.  JIT_SEED=n runs
 * that one program; JIT_COUNT=n changes how many run.
 */
#include <glib.h>
#include <stdlib.h>

#include "tests/ir/jit-harness.h"
#include "tcg/x86_64/disas.h"
#include "tcg/x86_64/lower.h"

#define NB_GLOBALS_USED 8
#define NB_EBB 24
#define NB_LOCAL 3
#define SCRATCH_SPR 200 /* env->spr[200..207]: room for env ld/st */
/* the reservation of the larx/stcx. shapes: globals past the ones the
   random ops use (compared with the other GPRs) */
#define RES_ADDR 29
#define RES_VAL 30
#define RES_CR 31

static JitHarness h;

/* ------------------------------------------------------------ helpers */

static uint64_t helper_pure(CPUPPCState *env, uint64_t a, uint64_t b)
{
    return (a * 31) ^ (b >> 3) ^ 0x5bd1e995;
}

static uint64_t helper_reader(CPUPPCState *env, uint64_t a)
{
    return a + env->gpr[3] * 7 + env->gpr[6];
}

static uint64_t helper_writer(CPUPPCState *env, uint64_t a, uint64_t b)
{
    env->gpr[a & 7] = b;
    return env->gpr[(a >> 3) & 7] + 1;
}

static uint64_t helper_six(CPUPPCState *env, uint64_t a, uint64_t b,
                           uint64_t c, uint64_t d, uint64_t e, uint64_t f)
{
    return a - 2 * b + 3 * c - 5 * d + 7 * e - 11 * f;
}

static void helper_store_only(CPUPPCState *env, uint64_t a)
{
    env->spr[SCRATCH_SPR + 7] ^= a;
}

static const TCGHelperInfo helper_infos[] = {
    {.func = (void *)helper_pure, .name = "pure", .nb_iargs = 2,
     .has_ret = 1, .flags = TCG_CALL_PURE},
    {.func = (void *)helper_reader, .name = "reader", .nb_iargs = 1,
     .has_ret = 1, .flags = TCG_CALL_NO_WRITE_GLOBALS | TCG_CALL_NO_RAISE},
    {.func = (void *)helper_writer, .name = "writer", .nb_iargs = 2,
     .has_ret = 1, .flags = 0},
    {.func = (void *)helper_six, .name = "six", .nb_iargs = 6, .has_ret = 1,
     .flags = TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS},
    {.func = (void *)helper_store_only, .name = "store_only", .nb_iargs = 1,
     .has_ret = 0, .flags = TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_RAISE},
};
static int helper_idx[G_N_ELEMENTS(helper_infos)];

/* ------------------------------------------------------------ generator */

typedef struct Gen {
    uint64_t rng;
    TCGContext *s;
    TCGv ebb[NB_EBB];
    bool ebb_defined[NB_EBB];
    TCGv local[NB_LOCAL];
    TCGLabel pending[8];
    int nb_pending;
    int loop_depth;
    int side_slots; /* goto_tb slots the side exits took */
    bool no_calls;  /* a TB loop that holds its TLB entries in registers */
    /* memory and reservation ops much more often, few globals (the loop
       then has registers left to hold TLB entries in) */
    bool mem_heavy;
    /* a TB loop's counter and exit, for the extra back edges */
    TCGv loop_counter;
    TCGLabel loop_out;
} Gen;

static uint64_t rnd(Gen *g)
{
    /* xorshift64* */
    g->rng ^= g->rng >> 12;
    g->rng ^= g->rng << 25;
    g->rng ^= g->rng >> 27;
    return g->rng * 0x2545f4914f6cdd1dull;
}

static unsigned rn(Gen *g, unsigned n) { return (unsigned)(rnd(g) % n); }

static const uint64_t edge[] = {
    0, 1, 2, 3, 31, 32, 33, 63, 64, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff,
    0x80000000, 0xffffffff, 0x100000000ull, 0x7fffffffffffffffull,
    0x8000000000000000ull, ~0ull, ~1ull, 0xfffffffffffff000ull,
    0xffffffff80000000ull,
};

static uint64_t rnd_value(Gen *g)
{
    if (g->mem_heavy && rn(g, 3) == 0) {
        /* a page address of RAM: what an access's held TLB tag is */
        return (uint64_t)rn(g, H_RAM_SIZE / TARGET_PAGE_SIZE) *
               TARGET_PAGE_SIZE;
    }
    switch (rn(g, 4)) {
    case 0:
        return edge[rn(g, G_N_ELEMENTS(edge))];
    case 1:
        return rn(g, 256);
    case 2:
        return (uint64_t)-(int64_t)rn(g, 256);
    default:
        return rnd(g);
    }
}

static TCGv src(Gen *g)
{
    for (;;) {
        unsigned k = rn(g, 10);
        if (k < 4) {
            return h.gpr[rn(g, g->mem_heavy ? 3 : NB_GLOBALS_USED)];
        } else if (k < 7) {
            unsigned i = rn(g, NB_EBB);
            if (g->ebb_defined[i]) {
                return g->ebb[i];
            }
        } else if (k < 8) {
            return g->local[rn(g, NB_LOCAL)];
        } else {
            return tcg_constant(g->s, (int64_t)rnd_value(g));
        }
    }
}

/* a non-constant source (for ops that read a temp as such) */
static TCGv src_reg(Gen *g)
{
    TCGv t;
    do {
        t = src(g);
    } while (g->s->temps[t].kind == TEMP_CONST);
    return t;
}

static TCGv dst(Gen *g)
{
    unsigned k = rn(g, 10);
    if (k < 5) {
        return h.gpr[rn(g, g->mem_heavy ? 3 : NB_GLOBALS_USED)];
    } else if (k < 9) {
        unsigned i = rn(g, NB_EBB);
        g->ebb_defined[i] = true;
        return g->ebb[i];
    }
    return g->local[rn(g, NB_LOCAL)];
}

static void forget_ebb(Gen *g)
{
    memset(g->ebb_defined, 0, sizeof(g->ebb_defined));
}

static void set_label(Gen *g, TCGLabel l)
{
    tcg_gen_set_label(g->s, l);
    forget_ebb(g);
}

static void flush_pending(Gen *g)
{
    while (g->nb_pending) {
        set_label(g, g->pending[--g->nb_pending]);
    }
}

static TCGv fresh_ebb(Gen *g)
{
    unsigned i = rn(g, NB_EBB);
    g->ebb_defined[i] = true;
    return g->ebb[i];
}

static const TCGOpcode binops[] = {
#define B(x) INDEX_op_##x##_i32, INDEX_op_##x##_i64
    B(add), B(sub), B(mul), B(and), B(or), B(xor), B(andc), B(orc), B(eqv),
    B(nand), B(nor), B(shl), B(shr), B(sar), B(rotl), B(rotr), B(divs),
    B(divu), B(rems), B(remu), B(muluh), B(mulsh),
#undef B
};

static const TCGOpcode unops[] = {
    INDEX_op_neg_i32, INDEX_op_neg_i64, INDEX_op_not_i32, INDEX_op_not_i64,
    INDEX_op_clz_i32, INDEX_op_clz_i64, INDEX_op_ctz_i32, INDEX_op_ctz_i64,
    INDEX_op_ctpop_i32, INDEX_op_ctpop_i64, INDEX_op_ext8s, INDEX_op_ext8u,
    INDEX_op_ext16s, INDEX_op_ext16u, INDEX_op_ext32s, INDEX_op_ext32u,
    INDEX_op_bswap16, INDEX_op_bswap32, INDEX_op_bswap64, INDEX_op_mov,
};

/*
 * An address mask: all of RAM, or in a memory-heavy loop often the first
 * page only, so that an access hits the TLB entry its loop holds again and
 * again, and a register that wrongly lost it (and now holds a small value:
 * 0, a flag) looks like that page's tag.
 */
static uint64_t addr_mask(Gen *g, uint64_t mask)
{
    return g->mem_heavy && rn(g, 2) ? mask & (TARGET_PAGE_SIZE - 1) : mask;
}

static void gen_memory(Gen *g)
{
    unsigned size = rn(g, 4), memop = size;
    bool align = rn(g, 4) == 0;
    TCGv base = src_reg(g), addr = fresh_ebb(g);
    /* leaves room for 8 bytes below the end of RAM */
    uint64_t mask = addr_mask(g, align ? (0xfff8 & ~(uint64_t)((1 << size) - 1))
                                       : 0xffe7);

    if (rn(g, 2)) {
        memop |= MO_BSWAP;
    }
    if (align) {
        memop |= MO_ALIGN;
    }
    tcg_gen_andi_i64(g->s, addr, base, (int64_t)mask);
    if (!align && rn(g, 8) == 0) {
        /* 0xeffc..0xefff: straddles into the page the TLB does not map */
        tcg_gen_andi_i64(g->s, addr, addr, 3);
        tcg_gen_ori_i64(g->s, addr, addr, 0xeffc);
    }
    if (rn(g, 2)) {
        if (size != MO_64 && rn(g, 2)) {
            memop |= MO_SIGN;
        }
        tcg_gen_qemu_ld(g->s, dst(g), addr, make_memop_idx(memop, H_MMU));
    } else {
        tcg_gen_qemu_st(g->s, src(g), addr, make_memop_idx(memop, H_MMU));
    }
}

/* an EBB temp other than a and b (which must keep their values) */
static TCGv fresh_ebb_other(Gen *g, TCGv a, TCGv b)
{
    unsigned i;

    do {
        i = rn(g, NB_EBB);
    } while (g->ebb[i] == a || g->ebb[i] == b);
    g->ebb_defined[i] = true;
    return g->ebb[i];
}

/* an address in RAM aligned to its size (all of RAM: the last page, which
   the TLB does not map, included) */
static TCGv aligned_addr(Gen *g, unsigned size)
{
    TCGv base = src_reg(g), addr = fresh_ebb(g);
    uint64_t mask =
        addr_mask(g, (H_RAM_SIZE - 8) & ~(uint64_t)((1 << size) - 1));

    tcg_gen_andi_i64(g->s, addr, base, (int64_t)mask);
    return addr;
}

/* lwarx and friends (trans-atomic.c do_larx): an aligned load whose
   address and value become the reservation */
static void gen_larx(Gen *g)
{
    unsigned memop = rn(g, 4) | MO_ALIGN | (rn(g, 2) ? MO_BSWAP : 0);
    TCGv addr = aligned_addr(g, memop & MO_SIZE);
    TCGv val = fresh_ebb_other(g, addr, 0);

    tcg_gen_qemu_ld(g->s, val, addr, make_memop_idx(memop, H_MMU));
    tcg_gen_mov(g->s, h.gpr[RES_ADDR], addr);
    tcg_gen_mov(g->s, h.gpr[RES_VAL], val);
    tcg_gen_mov(g->s, dst(g), val);
}

/*
 * stwcx. and friends (trans-atomic.c do_stcx): reload (aligned), the
 * store only if address and value still match, the outcome in a global,
 * the reservation gone.  The address is the reservation's half the time.
 */
static void gen_stcx(Gen *g)
{
    unsigned memop = rn(g, 4) | MO_ALIGN | (rn(g, 2) ? MO_BSWAP : 0);
    TCGv addr, cur, t, ok = tcg_temp_new_local(g->s);
    TCGLabel skip = tcg_label_new(g->s);

    if (rn(g, 2)) {
        addr = fresh_ebb(g);
        tcg_gen_andi_i64(g->s, addr, h.gpr[RES_ADDR],
                         (int64_t)((H_RAM_SIZE - 8) &
                                   ~(uint64_t)((1 << (memop & MO_SIZE)) - 1)));
    } else {
        addr = aligned_addr(g, memop & MO_SIZE);
    }
    cur = fresh_ebb_other(g, addr, 0);
    tcg_gen_qemu_ld(g->s, cur, addr, make_memop_idx(memop, H_MMU));
    tcg_gen_setcond_i64(g->s, TCG_COND_EQ, ok, h.gpr[RES_ADDR], addr);
    t = fresh_ebb_other(g, addr, cur);
    tcg_gen_setcond_i64(g->s, TCG_COND_EQ, t, cur, h.gpr[RES_VAL]);
    tcg_gen_and_i64(g->s, ok, ok, t);
    tcg_gen_brcondi_i64(g->s, TCG_COND_EQ, ok, 0, skip);
    tcg_gen_qemu_st(g->s, src(g), addr, make_memop_idx(memop, H_MMU));
    set_label(g, skip);
    t = fresh_ebb(g);
    tcg_gen_shli_i64(g->s, t, ok, 1);
    tcg_gen_or_i64(g->s, h.gpr[RES_CR], t, h.gpr[RES_CR]);
    tcg_gen_movi(g->s, h.gpr[RES_ADDR], -1);
}

static void gen_env_access(Gen *g)
{
    static const TCGOpcode lds[] = {
        INDEX_op_ld8u, INDEX_op_ld8s, INDEX_op_ld16u, INDEX_op_ld16s,
        INDEX_op_ld32u, INDEX_op_ld32s, INDEX_op_ld64,
    };
    static const TCGOpcode sts[] = {INDEX_op_st8, INDEX_op_st16,
                                    INDEX_op_st32, INDEX_op_st64};
    int32_t off = (int32_t)offsetof(CPUPPCState, spr[SCRATCH_SPR]) +
                  (int32_t)rn(g, 56);

    if (rn(g, 2)) {
        tcg_gen_ld(g->s, lds[rn(g, G_N_ELEMENTS(lds))], dst(g), off);
    } else {
        tcg_gen_st(g->s, sts[rn(g, G_N_ELEMENTS(sts))], src(g), off);
    }
}

static void gen_call(Gen *g)
{
    unsigned k = rn(g, G_N_ELEMENTS(helper_infos));
    const TCGHelperInfo *info = &helper_infos[k];
    TCGv args[6];

    for (int i = 0; i < info->nb_iargs; i++) {
        args[i] = src(g);
    }
    tcg_gen_call(g->s, helper_idx[k], info->has_ret ? dst(g) : 0,
                 info->nb_iargs, args);
}

static void gen_one(Gen *g);

/*
 * brcond to a label right after an exit: the label is reached from that
 * brcond only, so the allocator hands the brcond's registers over to it
 */
static void gen_side_exit(Gen *g, TCGCond c, bool is64)
{
    TCGLabel l = tcg_label_new(g->s);
    TCGv a, b;
    int n = (int)rn(g, 3);

    flush_pending(g);
    /* a condition the optimizer cannot decide (env contents are unknown
       to it): the code after the exit must stay reachable */
    a = fresh_ebb(g);
    tcg_gen_ld64(g->s, a, (int32_t)offsetof(CPUPPCState,
                                            spr[SCRATCH_SPR + rn(g, 7)]));
    do {
        b = src_reg(g);
    } while (b == a);
    if (c < TCG_COND_EQ || c > TCG_COND_GTU) {
        c = TCG_COND_NE;
    }
    (is64 ? tcg_gen_brcond_i64 : tcg_gen_brcond_i32)(g->s, c, a, b, l);
    for (int i = 0; i < n; i++) {
        gen_one(g);
    }
    flush_pending(g);
    if (g->side_slots < TB_NB_JMP - 2 && rn(g, 2)) {
        /* slots 0 and 1 are the program's own final exit's */
        tcg_gen_goto_tb(g->s, 2 + g->side_slots++);
    }
    tcg_gen_exit_tb(g->s, 0x2000 | rn(g, 64) << 4);
    set_label(g, l);
}

static void gen_back_edge(Gen *g);

static void gen_one(Gen *g)
{
    unsigned k = rn(g, 100);
    TCGCond c = (TCGCond)rn(g, TCG_COND_TSTNE + 1);
    bool is64 = rn(g, 2);

    if (g->mem_heavy && rn(g, 3) == 0) {
        switch (rn(g, 4)) {
        case 0:
            gen_larx(g);
            break;
        case 1:
            gen_stcx(g);
            break;
        default:
            gen_memory(g);
            break;
        }
        return;
    }
    if (g->loop_counter && rn(g, 12) == 0) {
        gen_back_edge(g);
        return;
    }
    if (k >= 78 && k < 84 && g->no_calls) {
        k = 60; /* a memory access instead */
    }
    if (k < 40) {
        TCGOpcode opc = binops[rn(g, G_N_ELEMENTS(binops))];
        int64_t args[3];
        args[1] = src(g);
        args[2] = src(g);
        args[0] = dst(g);
        tcg_emit_op(g->s, opc, 1, 2, 0, args);
    } else if (k < 52) {
        TCGOpcode opc = unops[rn(g, G_N_ELEMENTS(unops))];
        int64_t args[2];
        args[1] = src(g);
        args[0] = dst(g);
        tcg_emit_op(g->s, opc, 1, 1, 0, args);
    } else if (k < 56) {
        TCGv a = src(g), b = src(g);
        (is64 ? tcg_gen_setcond_i64 : tcg_gen_setcond_i32)(g->s, c, dst(g), a,
                                                           b);
    } else if (k < 60) {
        TCGv a = src(g), b = src(g), v1 = src(g), v2 = src(g);
        (is64 ? tcg_gen_movcond_i64 : tcg_gen_movcond_i32)(g->s, c, dst(g), a,
                                                           b, v1, v2);
    } else if (k < 70) {
        gen_memory(g);
    } else if (k < 71) {
        gen_larx(g);
    } else if (k < 72) {
        gen_stcx(g);
    } else if (k < 78) {
        gen_env_access(g);
    } else if (k < 84) {
        gen_call(g);
    } else if (k < 88) {
        tcg_gen_movi(g->s, dst(g), (int64_t)rnd_value(g));
    } else if (k < 90 && g->loop_depth == 0) {
        gen_side_exit(g, c, is64);
    } else if (k < 96 && g->nb_pending < 8) {
        /* a forward branch, its label set a little later */
        TCGLabel l = tcg_label_new(g->s);
        TCGv a = src(g), b = src(g);
        if (rn(g, 8) == 0) {
            tcg_gen_br(g->s, l);
        } else {
            (is64 ? tcg_gen_brcond_i64 : tcg_gen_brcond_i32)(g->s, c, a, b,
                                                             l);
        }
        g->pending[g->nb_pending++] = l;
    } else if (g->nb_pending) {
        set_label(g, g->pending[--g->nb_pending]);
    }
}

/* a counted loop: the counter is a local, the body straight-line code */
static void gen_loop(Gen *g)
{
    TCGv counter = tcg_temp_new_local(g->s);
    TCGLabel top = tcg_label_new(g->s);
    int n = 4 + (int)rn(g, 12);

    flush_pending(g);
    tcg_gen_movi(g->s, counter, 1 + rn(g, 4));
    set_label(g, top);
    g->loop_depth++;
    for (int i = 0; i < n; i++) {
        gen_one(g);
    }
    flush_pending(g);
    g->loop_depth--;
    tcg_gen_addi_i64(g->s, counter, counter, -1);
    tcg_gen_brcondi_i64(g->s, TCG_COND_NE, counter, 0, top);
    forget_ebb(g);
}

/*
 * The whole TB as a loop, as the translator makes one out of a branch back
 * to the TB's start: the loop label, n ops, a counter, a br back; liveness
 * picks the carried globals.
 */
/*
 * Another jump back to the loop label from inside the body, taken or not
 * as the guest's data says, with the code after it still reached (the
 * "bne- retry" of an atomic increment inside an outer loop):
 *     counter -= 1; if (counter == 0) goto out;
 *     if (cond) goto on; br loop_label; on: ...
 * Every edge counts the counter down, so the loop ends.
 */
static void gen_back_edge(Gen *g)
{
    TCGLabel on = tcg_label_new(g->s);
    TCGv a = fresh_ebb(g);

    flush_pending(g);
    tcg_gen_addi_i64(g->s, g->loop_counter, g->loop_counter, -1);
    tcg_gen_brcondi_i64(g->s, TCG_COND_EQ, g->loop_counter, 0, g->loop_out);
    /* a condition the optimizer cannot decide */
    tcg_gen_ld64(g->s, a, (int32_t)offsetof(CPUPPCState,
                                            spr[SCRATCH_SPR + rn(g, 7)]));
    tcg_gen_brcond_i64(g->s, rn(g, 2) ? TCG_COND_TSTNE : TCG_COND_TSTEQ, a,
                       tcg_constant(g->s, (int64_t)(1ull << rn(g, 64))), on);
    tcg_gen_br(g->s, g->s->loop_label);
    set_label(g, on);
}

static void gen_tb_loop(Gen *g, int n)
{
    TCGv counter = tcg_temp_new_local(g->s);
    TCGLabel out = tcg_label_new(g->s);

    tcg_gen_movi(g->s, counter, 1 + rn(g, 5));
    g->s->loop_label = tcg_label_new(g->s);
    /* half the loops call no helper (their memory accesses then hold
       TLB entries in registers), half of all are memory-heavy, and most
       have more than one back edge */
    g->no_calls = rn(g, 2);
    g->mem_heavy = rn(g, 2);
    if (rn(g, 4)) {
        g->loop_counter = counter;
        g->loop_out = out;
        tcg_gen_movi(g->s, counter, 2 + rn(g, 12));
    }
    set_label(g, g->s->loop_label);
    g->loop_depth++;
    for (int i = 0; i < n; i++) {
        gen_one(g);
    }
    flush_pending(g);
    g->loop_depth--;
    g->loop_counter = 0;
    g->no_calls = g->mem_heavy = false;
    tcg_gen_addi_i64(g->s, counter, counter, -1);
    tcg_gen_brcondi_i64(g->s, TCG_COND_EQ, counter, 0, out);
    tcg_gen_br(g->s, g->s->loop_label);
    set_label(g, out);
}

static void gen_program(Gen *g, uint64_t seed, int *exit_slot)
{
    int n;

    memset(g, 0, sizeof(*g));
    g->rng = seed * 0x9e3779b97f4a7c15ull + 1;
    g->s = h.s;
    tcg_func_start(g->s);
    for (int i = 0; i < NB_EBB; i++) {
        g->ebb[i] = tcg_temp_new(g->s);
    }
    for (int i = 0; i < NB_LOCAL; i++) {
        g->local[i] = tcg_temp_new_local(g->s);
        tcg_gen_movi(g->s, g->local[i], (int64_t)rnd_value(g));
    }
    n = 5 + (int)rn(g, 60);
    if (rn(g, 4) == 0) {
        gen_tb_loop(g, n);
    } else {
        for (int i = 0; i < n; i++) {
            if (rn(g, 40) == 0) {
                gen_loop(g);
            } else {
                gen_one(g);
            }
        }
    }
    flush_pending(g);
    *exit_slot = -1;
    if (rn(g, 4) == 0) {
        *exit_slot = (int)rn(g, 2);
        tcg_gen_goto_tb(g->s, *exit_slot);
        tcg_gen_exit_tb(g->s, 0x1000 | (uintptr_t)*exit_slot);
    } else {
        tcg_gen_exit_tb(g->s, 0);
    }
}

/* ------------------------------------------------------------ running */

static void init_state(CPUPPCState *env, uint64_t seed)
{
    Gen g = {.rng = seed ^ 0xabcdef12345ull};

    for (int i = 0; i < H_NB_GPR; i++) {
        env->gpr[i] = rnd_value(&g);
    }
    for (int i = 0; i < 8; i++) {
        env->spr[SCRATCH_SPR + i] = rnd(&g);
    }
    for (size_t i = 0; i < H_RAM_SIZE; i += 8) {
        uint64_t v = rnd(&g);
        memcpy(env->ram + i, &v, 8);
    }
    memset(&env->tlb[H_MMU][(H_RAM_SIZE >> TARGET_PAGE_BITS) - 1], 0xff,
           sizeof(TLBEntry));
}

static bool same_state(const CPUPPCState *a, const CPUPPCState *b)
{
    return !memcmp(a->gpr, b->gpr, sizeof(a->gpr)) &&
           !memcmp(&a->spr[SCRATCH_SPR], &b->spr[SCRATCH_SPR],
                   8 * sizeof(uint64_t)) &&
           !memcmp(a->ram, b->ram, H_RAM_SIZE);
}

static void report(uint64_t seed, const CPUPPCState *jit,
                   const CPUPPCState *ref, const TranslationBlock *tb,
                   uintptr_t rj, uintptr_t ri)
{
    g_test_message("JIT and interpreter differ: seed %" G_GUINT64_FORMAT
                   " (JIT_SEED=%" G_GUINT64_FORMAT " reproduces it)",
                   seed, seed);
    if (rj != ri) {
        g_test_message("  exit value: jit 0x%" G_GINT64_MODIFIER
                       "x, interp 0x%" G_GINT64_MODIFIER "x",
                       (uint64_t)rj, (uint64_t)ri);
    }
    for (int i = 0; i < H_NB_GPR; i++) {
        if (jit->gpr[i] != ref->gpr[i]) {
            g_test_message("  r%d: jit 0x%016" G_GINT64_MODIFIER
                           "x, interp 0x%016" G_GINT64_MODIFIER "x",
                           i, jit->gpr[i], ref->gpr[i]);
        }
    }
    for (int i = 0; i < 8; i++) {
        if (jit->spr[SCRATCH_SPR + i] != ref->spr[SCRATCH_SPR + i]) {
            g_test_message("  spr[%d] differs", SCRATCH_SPR + i);
        }
    }
    for (size_t i = 0; i < H_RAM_SIZE; i++) {
        if (jit->ram[i] != ref->ram[i]) {
            g_test_message("  ram[0x%zx]: jit 0x%02x, interp 0x%02x", i,
                           jit->ram[i], ref->ram[i]);
        }
    }
    if (g_test_verbose() || getenv("JIT_SEED")) {
        tcg_dump_ops(h.s, stderr);
        tcg_x86_64_disas(stderr, tb->tc_ptr, tb->tc_size);
    }
}

static bool run_one(uint64_t seed, CPUPPCState *ej, CPUPPCState *ei)
{
    TranslationBlock tb;
    Gen g;
    int slot;
    uintptr_t rj, ri;
    bool passes = seed % 4 != 3, ok;

    gen_program(&g, seed, &slot);
    if (getenv("JIT_DUMP")) {
        tcg_dump_ops(h.s, stderr);
    }
    if (passes) {
        tcg_optimize(h.s);
        tcg_liveness(h.s);
    }
    if (!tcg_validate(h.s, "test")) {
        if (getenv("JIT_SEED")) {
            tcg_dump_ops(h.s, stderr);
        }
        g_test_message("seed %" G_GUINT64_FORMAT ": the generator made "
                       "invalid IR", seed);
        g_test_fail();
        return false;
    }
    harness_compile(&h, &tb);
    tb.prog = tcg_program_copy(h.s);

    init_state(ej, seed);
    init_state(ei, seed);
    rj = tcg_exec_tb(ej, tb.tc_ptr);
    ri = tcg_interp_exec(ei, &tb);
    ok = rj == ri && same_state(ej, ei);
    if (!ok) {
        report(seed, ej, ei, &tb, rj, ri);
        g_test_fail();
    }
    harness_tb_free(&tb);
    return ok;
}

static void run_many(unsigned features)
{
    CPUPPCState *ej = harness_env_new(), *ei = harness_env_new();
    const char *one = getenv("JIT_SEED"), *count = getenv("JIT_COUNT");
    uint64_t n = count ? g_ascii_strtoull(count, NULL, 10) : 3000;
    int failures = 0;

    tcg_x86_64_set_features(features);
    if (one) {
        run_one(g_ascii_strtoull(one, NULL, 10), ej, ei);
    } else {
        for (uint64_t seed = 1; seed <= n && failures < 5; seed++) {
            failures += !run_one(seed + (features ? 0 : 1000000), ej, ei);
        }
    }
    tcg_x86_64_set_features(~0u);
    harness_env_free(ej);
    harness_env_free(ei);
}

static void test_host_features(void) { run_many(~0u); }
static void test_no_features(void) { run_many(0); }

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    harness_init(&h);
    for (size_t i = 0; i < G_N_ELEMENTS(helper_infos); i++) {
        helper_idx[i] = tcg_helper_register(&helper_infos[i]);
    }
    g_test_add_func("/jit-vs-interp/host-features", test_host_features);
    g_test_add_func("/jit-vs-interp/no-features", test_no_features);
    return g_test_run();
}
