/*
 * The softmmu TLB and slow paths (accel/tcg/softmmu.c).
 *
 * The MMU is the stub of accel-test-stubs.h: a table EA page -> real page
 * that counts its calls, so a test can tell a TLB hit (no call) from a
 * fill (one call).  Expected data values are computed here by the host
 * from the bytes placed in RAM (little-endian host order, as the design
 * keeps guest RAM), never taken from the code under test.
 */
#include <sys/mman.h>

#include "accel-test-stubs.h"

#define KERNEL make_memop_idx(0, MMU_IDX_KERNEL)
#define EA_A 0x10000000ull /* maps to PA_A */
#define EA_B 0x10001000ull /* maps to PA_B */
#define PA_A 0x5000ull
#define PA_B 0x9000ull

static CPUPPCState *env;

static void setup(void)
{
    env = test_cpu_new();
    stub_map_reset();
    stub_map_set(EA_A, PA_A);
    stub_map_set(EA_B, PA_B);
}

static void teardown(void)
{
    test_cpu_free(env);
    env = NULL;
}

static void put_bytes(uint64_t pa, const uint8_t *b, size_t n)
{
    memcpy(env->ram + pa, b, n);
}

static uint64_t ld(uint64_t ea, unsigned memop, int mmu_idx)
{
    return cpu_ld_mmu(env, ea, make_memop_idx(memop, mmu_idx), 0);
}

static void st(uint64_t ea, uint64_t v, unsigned memop, int mmu_idx)
{
    cpu_st_mmu(env, ea, v, make_memop_idx(memop, mmu_idx), 0);
}

/* runs stmt and gives the exception it raised (EXCP_NONE if none) */
#define RAISED(stmt)                                                           \
    ({                                                                         \
        volatile int excp_ = EXCP_NONE;                                        \
        env->exception_index = EXCP_NONE;                                      \
        if (sigsetjmp(env->jmp_env, 0) == 0) {                                 \
            stmt;                                                              \
        } else {                                                               \
            excp_ = env->exception_index;                                      \
        }                                                                      \
        excp_;                                                                 \
    })

/* a fill on the first access, hits afterwards, anywhere in the page */
static void test_fill_then_hit(void)
{
    static const uint8_t b[4] = {0x11, 0x22, 0x33, 0x44};

    setup();
    put_bytes(PA_A + 0x10, b, 4);
    g_assert_cmphex(ld(EA_A + 0x10, MO_32, 0), ==, 0x44332211);
    g_assert_cmpuint(stub_mmu_calls[0], ==, 1);
    g_assert_cmphex(ld(EA_A + 0x11, MO_16, 0), ==, 0x3322);
    g_assert_cmphex(ld(EA_A + 0xffc, MO_32, 0), ==, 0);
    g_assert_cmpuint(stub_mmu_calls[0], ==, 1);
    ld(EA_B, MO_8, 0);
    g_assert_cmpuint(stub_mmu_calls[0], ==, 2);
    teardown();
}

/* the entry layout the JIT's inline path relies on (include/cpu.h) */
static void test_entry_layout(void)
{
    TLBEntry *e;

    setup();
    ld(EA_A + 8, MO_64, 0);
    e = &env->tlb[0][(EA_A >> TARGET_PAGE_BITS) & (TLB_SIZE - 1)];
    g_assert_cmphex(e->addr_read, ==, EA_A);
    g_assert_cmphex(e->addr_write, ==, UINT64_MAX);
    g_assert_cmphex(e->addr_code, ==, UINT64_MAX);
    g_assert(EA_A + 8 + e->addend == (uintptr_t)env->ram + PA_A + 8);

    /* a store fill keeps the load tag of the same page */
    st(EA_A, 1, MO_8, 0);
    g_assert_cmpuint(stub_mmu_calls[1], ==, 1);
    g_assert_cmphex(e->addr_read, ==, EA_A);
    g_assert_cmphex(e->addr_write, ==, EA_A);
    teardown();
}

/* flush_page drops one page (in every MMU mode), and only it */
static void test_flush_page(void)
{
    setup();
    ld(EA_A, MO_8, 0);
    ld(EA_B, MO_8, 0);
    ld(EA_A, MO_8, MMU_IDX_USER);
    g_assert_cmpuint(stub_mmu_calls[0], ==, 3);

    /* a remapping is not seen until the page is flushed */
    stub_map_set(EA_A, PA_B);
    env->ram[PA_B] = 0x5a;
    g_assert_cmphex(ld(EA_A, MO_8, 0), ==, 0);
    tlb_flush_page(env, EA_A + 0x123);
    g_assert_cmphex(ld(EA_A, MO_8, 0), ==, 0x5a);
    g_assert_cmpuint(stub_mmu_calls[0], ==, 4);
    ld(EA_A, MO_8, MMU_IDX_USER);
    g_assert_cmpuint(stub_mmu_calls[0], ==, 5);
    ld(EA_B, MO_8, 0);
    g_assert_cmpuint(stub_mmu_calls[0], ==, 5);

    /* flushing a page that shares A's TLB slot but is not A's keeps A */
    tlb_flush_page(env, EA_A + (uint64_t)TLB_SIZE * TARGET_PAGE_SIZE);
    ld(EA_A, MO_8, 0);
    g_assert_cmpuint(stub_mmu_calls[0], ==, 5);
    teardown();
}

static void test_flush_all(void)
{
    setup();
    ld(EA_A, MO_8, 0);
    st(EA_B, 0, MO_8, 0);
    ld(0x2000, MO_8, MMU_IDX_REAL);
    g_assert_cmpuint(stub_mmu_calls[0] + stub_mmu_calls[1], ==, 3);
    tlb_flush(env);
    for (int m = 0; m < NB_MMU_MODES; m++) {
        for (int i = 0; i < TLB_SIZE; i++) {
            g_assert_cmphex(env->tlb[m][i].addr_read, ==, UINT64_MAX);
            g_assert_cmphex(env->tlb[m][i].addr_write, ==, UINT64_MAX);
            g_assert_cmphex(env->tlb[m][i].addr_code, ==, UINT64_MAX);
        }
    }
    ld(EA_A, MO_8, 0);
    st(EA_B, 0, MO_8, 0);
    ld(0x2000, MO_8, MMU_IDX_REAL);
    g_assert_cmpuint(stub_mmu_calls[0] + stub_mmu_calls[1], ==, 6);
    teardown();
}

/* the jump cache maps EAs without looking at the mapping: it is flushed
   with the TLB (one page's TBs, or all) */
static void test_flush_jump_cache(void)
{
    AccelCPU *ac;
    /* never run: only their pc matters */
    TranslationBlock a1 = {.pc = EA_A + 0x10}, a2 = {.pc = EA_A + 0xff0};
    TranslationBlock b = {.pc = EA_B + 0x10};
    /* a page that shares EA_A's window of the jump cache */
    uint64_t ea_w = EA_A + ((uint64_t)TB_JC_SIZE / TB_JC_PAGE_SLOTS
                            << TARGET_PAGE_BITS);
    TranslationBlock w = {.pc = ea_w + 0x20};

    g_assert_cmpuint(tb_jc_window(ea_w), ==, tb_jc_window(EA_A));
    setup();
    ac = accel_cpu(env);
    tb_jc_set(ac, tb_jc_hash(a1.pc), &a1);
    tb_jc_set(ac, tb_jc_hash(a2.pc), &a2);
    tb_jc_set(ac, tb_jc_hash(b.pc), &b);
    tb_jc_set(ac, tb_jc_hash(w.pc), &w);
    tlb_flush_page(env, EA_A);
    g_assert(ac->jc[tb_jc_hash(a1.pc)] == NULL);
    g_assert(ac->jc[tb_jc_hash(a2.pc)] == NULL);
    g_assert(ac->jc[tb_jc_hash(b.pc)] == &b);
    g_assert(ac->jc[tb_jc_hash(w.pc)] == &w);
    tlb_flush(env);
    g_assert(ac->jc[tb_jc_hash(b.pc)] == NULL);
    g_assert(ac->jc[tb_jc_hash(w.pc)] == NULL);
    for (unsigned i = 0; i < TB_JC_SIZE; i++) {
        g_assert(ac->jc[i] == NULL);
    }
    /* the page flush goes by each slot's page tag (jc_page), then the
       TB's own pc: a slot taken over by another page's TB belongs to that
       page, and so does one of a page 2^32 pages away (same window, same
       slot) */
    {
        TranslationBlock w2 = {.pc = ea_w + 0x10};
        TranslationBlock far = {.pc = a1.pc +
                                      (1ull << (32 + TARGET_PAGE_BITS))};
        g_assert_cmpuint(tb_jc_hash(w2.pc), ==, tb_jc_hash(a1.pc));
        g_assert_cmpuint(tb_jc_hash(far.pc), ==, tb_jc_hash(a1.pc));
        tb_jc_set(ac, tb_jc_hash(a1.pc), &a1);
        tb_jc_set(ac, tb_jc_hash(w2.pc), &w2);
        tlb_flush_page(env, EA_A);
        g_assert(ac->jc[tb_jc_hash(w2.pc)] == &w2);
        tlb_flush_page(env, ea_w);
        g_assert(ac->jc[tb_jc_hash(w2.pc)] == NULL);
        tb_jc_set(ac, tb_jc_hash(far.pc), &far);
        tlb_flush_page(env, EA_A);
        g_assert(ac->jc[tb_jc_hash(far.pc)] == &far);
        tlb_flush_page(env, far.pc);
        g_assert(ac->jc[tb_jc_hash(far.pc)] == NULL);
        /* a page's targets spread over its whole window */
        unsigned used = 0;
        uint8_t seen[TB_JC_PAGE_SLOTS] = {0};
        for (uint64_t off = 0; off < TARGET_PAGE_SIZE; off += 16) {
            unsigned h = tb_jc_hash(EA_A + off);
            g_assert_cmpuint(h - tb_jc_window(EA_A), <, TB_JC_PAGE_SLOTS);
            used += !seen[h - tb_jc_window(EA_A)]++;
        }
        g_assert_cmpuint(used, ==, TB_JC_PAGE_SLOTS);
    }
    teardown();
}

/* the same EA in two MMU modes: two translations */
static void test_mmu_modes_apart(void)
{
    setup();
    env->ram[PA_A] = 0xaa;
    env->ram[0x1000] = 0xbb;
    stub_map_set(0x1000, PA_A);
    g_assert_cmphex(ld(0x1000, MO_8, MMU_IDX_KERNEL), ==, 0xaa);
    g_assert_cmphex(ld(0x1000, MO_8, MMU_IDX_REAL), ==, 0xbb);
    g_assert_cmphex(ld(0x1000, MO_8, MMU_IDX_KERNEL), ==, 0xaa);
    teardown();
}

/* sign extension and byte reversal, per memop */
static void test_memops(void)
{
    static const uint8_t b[8] = {0x80, 0x01, 0x02, 0x83,
                                 0x04, 0x05, 0x06, 0x87};

    setup();
    put_bytes(PA_A, b, 8);
    g_assert_cmphex(ld(EA_A, MO_8, 0), ==, 0x80);
    g_assert_cmphex(ld(EA_A, MO_8 | MO_SIGN, 0), ==, 0xffffffffffffff80ull);
    g_assert_cmphex(ld(EA_A, MO_16, 0), ==, 0x0180);
    g_assert_cmphex(ld(EA_A, MO_16 | MO_SIGN, 0), ==, 0x0180);
    g_assert_cmphex(ld(EA_A, MO_16 | MO_BSWAP, 0), ==, 0x8001);
    g_assert_cmphex(ld(EA_A, MO_16 | MO_BSWAP | MO_SIGN, 0), ==,
                    0xffffffffffff8001ull);
    g_assert_cmphex(ld(EA_A, MO_32 | MO_SIGN, 0), ==, 0xffffffff83020180ull);
    g_assert_cmphex(ld(EA_A, MO_32 | MO_BSWAP, 0), ==, 0x80010283);
    g_assert_cmphex(ld(EA_A, MO_64, 0), ==, 0x8706050483020180ull);
    g_assert_cmphex(ld(EA_A, MO_64 | MO_BSWAP, 0), ==, 0x8001028304050687ull);

    st(EA_A + 16, 0x1122334455667788ull, MO_32 | MO_BSWAP, 0);
    g_assert_cmpmem(env->ram + PA_A + 16, 4, "\x55\x66\x77\x88", 4);
    st(EA_A + 24, 0x1122334455667788ull, MO_16, 0);
    g_assert_cmpmem(env->ram + PA_A + 24, 3, "\x88\x77\x00", 3);
    teardown();
}

/* an access that crosses a page goes through both translations */
static void test_cross_page(void)
{
    static const uint8_t lo[3] = {0xa1, 0xa2, 0xa3};
    static const uint8_t hi[5] = {0xb1, 0xb2, 0xb3, 0xb4, 0xb5};

    setup();
    put_bytes(PA_A + 0xffd, lo, 3);
    put_bytes(PA_B, hi, 5);
    g_assert_cmphex(ld(EA_A + 0xffd, MO_64, 0), ==, 0xb5b4b3b2b1a3a2a1ull);
    g_assert_cmphex(ld(EA_A + 0xfff, MO_16 | MO_BSWAP, 0), ==, 0xa3b1);

    st(EA_A + 0xffe, 0x0102030405060708ull, MO_64, 0);
    g_assert_cmpmem(env->ram + PA_A + 0xffe, 2, "\x08\x07", 2);
    g_assert_cmpmem(env->ram + PA_B, 6, "\x06\x05\x04\x03\x02\x01", 6);

    /* the second page faults: nothing of the store lands on the first */
    memset(env->ram + PA_A + 0xff8, 0xee, 8);
    g_assert_cmpint(RAISED(st(0x20000ffcull, 0, MO_64, 0)), ==, EXCP_DSI);
    stub_map_set(0x20000000ull, PA_A);
    g_assert_cmpint(RAISED(st(0x20000ffcull, 0, MO_64, 0)), ==, EXCP_DSI);
    g_assert_cmphex(env->ram[PA_A + 0xffc], ==, 0xee);
    teardown();
}

static void test_alignment(void)
{
    setup();
    g_assert_cmpint(RAISED(ld(EA_A + 2, MO_32 | MO_ALIGN, 0)), ==,
                    EXCP_ALIGN);
    g_assert_cmphex(env->spr[SPR_DAR], ==, EA_A + 2);
    g_assert_cmpint(RAISED(st(EA_A + 4, 0, MO_64 | MO_ALIGN, 0)), ==,
                    EXCP_ALIGN);
    g_assert_cmphex(env->spr[SPR_DAR], ==, EA_A + 4);
    /* aligned, or unaligned without MO_ALIGN: fine */
    g_assert_cmpint(RAISED(ld(EA_A + 4, MO_32 | MO_ALIGN, 0)), ==, EXCP_NONE);
    g_assert_cmpint(RAISED(ld(EA_A + 3, MO_32, 0)), ==, EXCP_NONE);
    teardown();
}

static void test_faults(void)
{
    setup();
    /* no translation: the MMU's DSI, and nothing cached */
    g_assert_cmpint(RAISED(ld(0x30000000ull, MO_8, 0)), ==, EXCP_DSI);
    g_assert_cmpint(RAISED(ld(0x30000000ull, MO_8, 0)), ==, EXCP_DSI);
    g_assert_cmpuint(stub_mmu_calls[0], ==, 2);
    /* a real address beyond RAM: machine check */
    g_assert_cmpint(RAISED(ld(TEST_RAM_SIZE + 8, MO_8, MMU_IDX_REAL)), ==,
                    EXCP_MCHECK);
    g_assert_cmpint(RAISED(st(TEST_RAM_SIZE, 0, MO_8, MMU_IDX_REAL)), ==,
                    EXCP_MCHECK);
    teardown();
}

static void test_fetch(void)
{
    static const uint8_t mflr_be[4] = {0x7c, 0x08, 0x02, 0xa6};
    uint64_t phys = 0;

    setup();
    put_bytes(0x3004, mflr_be, 4);
    env->msr &= ~MSR_BIT(MSR_LE);
    g_assert_cmphex(cpu_fetch_insn(env, 0x3004, &phys), ==, 0x7c0802a6);
    g_assert_cmphex(phys, ==, 0x3004);
    env->msr |= MSR_BIT(MSR_LE);
    g_assert_cmphex(cpu_fetch_insn(env, 0x3004, NULL), ==, 0xa602087c);
    g_assert_cmpuint(stub_mmu_calls[2], ==, 1);

    /* translation on, through the map */
    env->msr |= MSR_BIT(MSR_IR);
    put_bytes(PA_B + 0x40, mflr_be, 4);
    g_assert_cmphex(cpu_fetch_insn(env, EA_B + 0x40, &phys), ==, 0xa602087c);
    g_assert_cmphex(phys, ==, PA_B + 0x40);

    /* a failing fetch is an ISI at the fetched address */
    env->nip = 0x1234;
    g_assert_cmpint(RAISED(cpu_fetch_insn(env, 0x40000000ull, NULL)), ==,
                    EXCP_ISI);
    g_assert_cmphex(env->nip, ==, 0x40000000ull);
    teardown();
}

static void test_probe(void)
{
    uint8_t *p;

    setup();
    p = cpu_probe_access(env, EA_A + 0x80, 128, true, 0, 0);
    g_assert(p == env->ram + PA_A + 0x80);
    g_assert_cmpint(RAISED(cpu_probe_access(env, 0x30000000ull, 8, false, 0,
                                            0)),
                    ==, EXCP_DSI);
    teardown();
}

/* a TB on a page makes stores to the page slow; the first such store
   invalidates the TB and makes them fast again */
static void test_notdirty(void)
{
    TranslationBlock *tb1, *tb2;
    TLBEntry *e;

    setup();
    st(EA_A, 0, MO_8, 0); /* a write entry before the page holds code */
    e = &env->tlb[0][(EA_A >> TARGET_PAGE_BITS) & (TLB_SIZE - 1)];
    g_assert_cmphex(e->addr_write, ==, EA_A);

    tb1 = fake_tb(0x7000, PA_A + 0x100, 0, 1);
    g_assert(tb_page_has_code(PA_A));
    g_assert_cmphex(e->addr_write, ==, EA_A | TLB_NOTDIRTY);

    /* loads do not disturb the code */
    ld(EA_A + 0x100, MO_32, 0);
    g_assert(!tb1->invalid);

    /* a store through a new entry (another EA of the page) */
    stub_map_set(0x50000000ull, PA_A);
    st(0x50000000ull, 0, MO_8, 0);
    g_assert(tb1->invalid);
    g_assert(!tb_page_has_code(PA_A));

    /* the old entry still has its flag: one slow store clears it */
    st(EA_A + 8, 0, MO_8, 0);
    g_assert_cmphex(e->addr_write, ==, EA_A);

    /* and through the swept entry */
    tb2 = fake_tb(0x7000, PA_A + 0x100, 0, 1);
    g_assert_cmphex(e->addr_write, ==, EA_A | TLB_NOTDIRTY);
    st(EA_A + 0x104, 0x60000000, MO_32, 0);
    g_assert(tb2->invalid);
    g_assert(tb_htable_lookup(tb2->phys_pc, tb2->pc, tb2->flags) == NULL);
    g_assert(!tb_page_has_code(PA_A));
    g_assert_cmphex(e->addr_write, ==, EA_A);
    g_assert_cmphex(ld(EA_A + 0x104, MO_32, 0), ==, 0x60000000);
    teardown();
    tb_flush();
}

/* runs stmt; true if it left by cpu_loop_exit */
#define JUMPED(stmt)                                                           \
    ({                                                                         \
        volatile bool j_ = false;                                              \
        if (sigsetjmp(env->jmp_env, 0) == 0) {                                 \
            stmt;                                                              \
        } else {                                                               \
            j_ = true;                                                         \
        }                                                                      \
        j_;                                                                    \
    })

/* debugger watchpoints (accel/tcg/watch.c): the watched page's store tag
   carries TLB_WATCH (its load tag not, for a write watchpoint), an access
   overlapping the bytes leaves before anything is stored, with the hit
   recorded and a single step asked for; its re-execution (watch_hit set)
   goes through; removing the watchpoint gives the page its fast path */
static void test_watchpoint(void)
{
    TLBEntry *e;
    uint32_t v;

    setup();
    g_assert_true(cpu_watch_insert(env, EA_A + 0x20, 4, PPC_WATCH_WRITE));
    g_assert_false(JUMPED(st(EA_A + 0x10, 0x1111, MO_64, 0)));
    g_assert_false(JUMPED(ld(EA_A + 0x20, MO_32, 0)));
    e = &env->tlb[0][(EA_A >> TARGET_PAGE_BITS) & (TLB_SIZE - 1)];
    g_assert_cmphex(e->addr_write & TLB_WATCH, ==, TLB_WATCH);
    g_assert_cmphex(e->addr_read & TLB_WATCH, ==, 0);
    /* bytes 0x1e..0x21 meet 0x20..0x23 */
    g_assert_true(JUMPED(st(EA_A + 0x1e, 0xaabbccdd, MO_32, 0)));
    g_assert_cmpuint(env->watch_hit, ==, PPC_WATCH_WRITE);
    g_assert_cmphex(env->watch_hit_addr, ==, EA_A + 0x20);
    g_assert_cmpuint(env->singlestep, ==, 1);
    memcpy(&v, env->ram + PA_A + 0x1e, 4);
    g_assert_cmphex(v, ==, 0);
    /* the step re-executes it: no second hit */
    g_assert_false(JUMPED(st(EA_A + 0x1e, 0xaabbccdd, MO_32, 0)));
    memcpy(&v, env->ram + PA_A + 0x1e, 4);
    g_assert_cmphex(v, ==, 0xaabbccdd);
    env->watch_hit = 0;
    env->singlestep = 0;
    /* the byte after the range: no hit */
    g_assert_false(JUMPED(st(EA_A + 0x24, 1, MO_8, 0)));
    /* an access watchpoint sees loads too */
    g_assert_true(cpu_watch_insert(env, EA_B + 8, 8,
                                   PPC_WATCH_READ | PPC_WATCH_WRITE));
    g_assert_true(JUMPED(ld(EA_B + 0xc, MO_16, 0)));
    g_assert_cmpuint(env->watch_hit, ==, PPC_WATCH_READ | PPC_WATCH_WRITE);
    g_assert_cmphex(env->watch_hit_addr, ==, EA_B + 0xc);
    cpu_watch_remove_all(env);
    g_assert_cmpuint(env->watch_hit, ==, 0);
    env->singlestep = 0;
    g_assert_false(JUMPED(st(EA_A + 0x20, 2, MO_32, 0)));
    g_assert_cmphex(e->addr_write & TLB_WATCH, ==, 0);
    /* bad ranges */
    g_assert_false(cpu_watch_insert(env, 0, 0, PPC_WATCH_READ));
    g_assert_false(cpu_watch_insert(env, UINT64_MAX, 2, PPC_WATCH_READ));
    g_assert_true(cpu_watch_insert(env, UINT64_MAX, 1, PPC_WATCH_READ));
    g_assert_false(cpu_watch_remove(env, 4, 4, PPC_WATCH_READ));
    teardown();
}

/*
 * The first fill in a 64 KiB chunk of RAM makes the whole chunk resident
 * (softmmu.c's header), and nothing beyond it: mincore(2) on a fresh
 * anonymous mapping standing in for RAM.  Skipped where the kernel cannot
 * populate (before Linux 5.14).
 */
#define CHUNK 0x10000ul
static unsigned resident_pages(const uint8_t *p, size_t len)
{
    unsigned char vec[CHUNK / 4096];
    unsigned n = 0;

    g_assert_cmpuint(len, <=, CHUNK);
    g_assert_cmpint(mincore((void *)p, len, vec), ==, 0);
    for (size_t i = 0; i < len / 4096; i++) {
        n += vec[i] & 1;
    }
    return n;
}

static void test_populate_chunk(void)
{
    uint8_t *ram, *probe, *malloced;

    probe = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    g_assert(probe != MAP_FAILED);
    if (madvise(probe, 4096, 23 /* MADV_POPULATE_WRITE */) != 0) {
        munmap(probe, 4096);
        g_test_skip("the kernel has no MADV_POPULATE_WRITE");
        return;
    }
    munmap(probe, 4096);
    setup();
    ram = mmap(NULL, TEST_RAM_SIZE, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    g_assert(ram != MAP_FAILED);
    malloced = env->ram;
    env->ram = ram;
    g_assert_cmpuint(resident_pages(ram, CHUNK), ==, 0);
    /* PA_A (0x5000) is in the first chunk: a load fills its entry */
    g_assert_cmphex(ld(EA_A + 8, MO_64, 0), ==, 0);
    g_assert_cmpuint(resident_pages(ram, CHUNK), ==, CHUNK / 4096);
    g_assert_cmpuint(resident_pages(ram + CHUNK, CHUNK), ==, 0);
    /* PA_B (0x9000) shares it: nothing more */
    st(EA_B, 0x1234, MO_32, 0);
    g_assert_cmpuint(resident_pages(ram + CHUNK, CHUNK), ==, 0);
    g_assert_cmphex(ram[PA_B], ==, 0x34);
    env->ram = malloced;
    munmap(ram, TEST_RAM_SIZE);
    teardown();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    accel_init(1 << 20, false);
    g_test_add_func("/accel/tlb/fill-then-hit", test_fill_then_hit);
    g_test_add_func("/accel/tlb/entry-layout", test_entry_layout);
    g_test_add_func("/accel/tlb/flush-page", test_flush_page);
    g_test_add_func("/accel/tlb/flush-all", test_flush_all);
    g_test_add_func("/accel/tlb/flush-jump-cache", test_flush_jump_cache);
    g_test_add_func("/accel/tlb/mmu-modes-apart", test_mmu_modes_apart);
    g_test_add_func("/accel/tlb/memops", test_memops);
    g_test_add_func("/accel/tlb/cross-page", test_cross_page);
    g_test_add_func("/accel/tlb/alignment", test_alignment);
    g_test_add_func("/accel/tlb/faults", test_faults);
    g_test_add_func("/accel/tlb/fetch", test_fetch);
    g_test_add_func("/accel/tlb/probe", test_probe);
    g_test_add_func("/accel/tlb/notdirty", test_notdirty);
    g_test_add_func("/accel/tlb/watchpoint", test_watchpoint);
    g_test_add_func("/accel/tlb/populate-chunk", test_populate_chunk);
    return g_test_run();
}
