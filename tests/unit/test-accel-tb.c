/*
 * The TB cache (accel/tcg/tb-maint.c), chaining (chain.c) and the mapping
 * from host return addresses to guest instructions (cpu_restore_state).
 *
 * TBs here are made by hand (fake_tb in accel-test-stubs.h).  Where a slot
 * jumps is read back
 * from the displacement bytes as the x86 defines a rel32 jump (target =
 * address after the displacement + displacement), so the check holds for
 * the stub patcher and the real backend alike.
 */
#include <sys/mman.h>

#include "accel-test-stubs.h"

#include "log.h"

/* where slot n's jmp goes, decoded from its bytes */
static uint8_t *jump_target(TranslationBlock *tb, int n)
{
    uint8_t *site = tb->tc_ptr + tb->jmp_insn_offset[n];
    int32_t disp;

    memcpy(&disp, site, 4);
    return site + 4 + disp;
}

static bool unchained(TranslationBlock *tb, int n)
{
    return tb->jmp_dest[n] == NULL &&
           jump_target(tb, n) == tb->tc_ptr + tb->jmp_reset_offset[n];
}

static unsigned incoming_count(TranslationBlock *tb)
{
    unsigned k = 0;

    for (uintptr_t l = tb->jmp_list_head; l;) {
        TranslationBlock *src = (TranslationBlock *)(l & ~(uintptr_t)3);
        l = src->jmp_list_next[l & 3];
        k++;
    }
    return k;
}

static void test_lookup(void)
{
    TranslationBlock *a = fake_tb(0x1000, 0x21000, 1, 4);
    TranslationBlock *b = fake_tb(0x1000, 0x21000, 2, 4);

    g_assert(tb_htable_lookup(0x21000, 0x1000, 1) == a);
    g_assert(tb_htable_lookup(0x21000, 0x1000, 2) == b);
    g_assert(tb_htable_lookup(0x21000, 0x1000, 3) == NULL);
    g_assert(tb_htable_lookup(0x22000, 0x1000, 1) == NULL);
    g_assert(tb_htable_lookup(0x21000, 0x2000, 1) == NULL);
    tb_flush();
    g_assert(tb_htable_lookup(0x21000, 0x1000, 1) == NULL);
}

/* many TBs: the hash grows and still finds every one */
static void test_lookup_many(void)
{
    enum { N = 40000 };
    static TranslationBlock *tbs[N];

    for (int i = 0; i < N; i++) {
        tbs[i] = fake_tb(0x100000 + 4 * (uint64_t)i, 0x300000 + 4 * (uint64_t)i,
                         7, 1);
    }
    for (int i = 0; i < N; i++) {
        g_assert(tb_htable_lookup(0x300000 + 4 * (uint64_t)i,
                                  0x100000 + 4 * (uint64_t)i, 7) == tbs[i]);
    }
    tb_flush();
}

static void test_chain_and_invalidate(void)
{
    CPUPPCState *env = test_cpu_new();
    AccelCPU *ac = accel_cpu(env);
    /* A and B on real page 0x21000, C on 0x22000 */
    TranslationBlock *a = fake_tb(0x1000, 0x21000, 0, 4);
    TranslationBlock *b = fake_tb(0x1100, 0x21100, 0, 4);
    TranslationBlock *c = fake_tb(0x2000, 0x22000, 0, 4);

    g_assert(unchained(a, 0) && unchained(a, 1));
    tb_add_jump(a, 0, b);
    tb_add_jump(b, 1, c);
    tb_add_jump(c, 0, a);
    tb_add_jump(c, 1, c);
    g_assert(a->jmp_dest[0] == b && jump_target(a, 0) == b->tc_ptr);
    g_assert(b->jmp_dest[1] == c && jump_target(b, 1) == c->tc_ptr);
    g_assert(jump_target(c, 0) == a->tc_ptr);
    g_assert(jump_target(c, 1) == c->tc_ptr);
    g_assert_cmpuint(incoming_count(c), ==, 2);

    /* linking a linked slot again does nothing */
    tb_add_jump(a, 0, c);
    g_assert(a->jmp_dest[0] == b);

    ac->jc[tb_jc_hash(a->pc)] = a;
    ac->jc[tb_jc_hash(c->pc)] = c;

    tb_invalidate_phys_page(0x21abc);
    g_assert(a->invalid && b->invalid && !c->invalid);
    g_assert(tb_htable_lookup(a->phys_pc, a->pc, 0) == NULL);
    g_assert(tb_htable_lookup(b->phys_pc, b->pc, 0) == NULL);
    g_assert(tb_htable_lookup(c->phys_pc, c->pc, 0) == c);
    g_assert(ac->jc[tb_jc_hash(a->pc)] == NULL);
    g_assert(ac->jc[tb_jc_hash(c->pc)] == c);
    /* links into the dead TBs are undone, and so are their own */
    g_assert(unchained(c, 0));
    g_assert(unchained(a, 0) && unchained(b, 1));
    g_assert(a->jmp_list_head == 0 && b->jmp_list_head == 0);
    /* C's self link survives; B's link into C is gone from C's list */
    g_assert(c->jmp_dest[1] == c && jump_target(c, 1) == c->tc_ptr);
    g_assert_cmpuint(incoming_count(c), ==, 1);

    /* nothing links to or from an invalid TB */
    tb_add_jump(c, 0, a);
    tb_add_jump(a, 1, c);
    g_assert(unchained(c, 0) && unchained(a, 1));

    test_cpu_free(env);
    tb_flush();
}

/* removing one link from the middle of an incoming list */
static void test_incoming_list(void)
{
    TranslationBlock *d = fake_tb(0x5000, 0x25000, 0, 1);
    TranslationBlock *s1 = fake_tb(0x6000, 0x26000, 0, 1);
    TranslationBlock *s2 = fake_tb(0x7000, 0x27000, 0, 1);
    TranslationBlock *s3 = fake_tb(0x8000, 0x28000, 0, 1);

    tb_add_jump(s1, 0, d);
    tb_add_jump(s2, 1, d);
    tb_add_jump(s3, 0, d);
    g_assert_cmpuint(incoming_count(d), ==, 3);
    tb_invalidate_phys_page(0x27000);
    g_assert_cmpuint(incoming_count(d), ==, 2);
    g_assert(s1->jmp_dest[0] == d && s3->jmp_dest[0] == d);
    tb_invalidate_phys_page(0x25000);
    g_assert(unchained(s1, 0) && unchained(s3, 0));
    tb_flush();
}

static void test_invalidate_range(void)
{
    TranslationBlock *a = fake_tb(0x1000, 0x31ff0, 0, 1);
    TranslationBlock *b = fake_tb(0x2000, 0x32000, 0, 1);
    TranslationBlock *c = fake_tb(0x3000, 0x33000, 0, 1);

    tb_invalidate_phys_range(0x31ffc, 8); /* touches pages 0x31 and 0x32 */
    g_assert(a->invalid && b->invalid && !c->invalid);
    tb_invalidate_phys_range(0x34000, 0);
    g_assert(!c->invalid);
    tb_flush();
}

static void test_nochain(void)
{
    TranslationBlock *a = fake_tb(0x1000, 0x21000, 0, 1);
    TranslationBlock *b = fake_tb(0x1100, 0x21100, 0, 1);
    uint32_t saved = log_mask;

    log_mask |= LOG_NOCHAIN;
    tb_add_jump(a, 0, b);
    log_mask = saved;
    g_assert(unchained(a, 0));
    tb_flush();
}

static void test_flush(void)
{
    CPUPPCState *env = test_cpu_new();
    uint64_t flushes = tb_flush_count();
    TranslationBlock *a = fake_tb(0x1000, 0x21000, 0, 1);

    tb_jc_set(accel_cpu(env), tb_jc_hash(0x1000), a);
    g_assert(!codebuf_is_empty());
    tb_flush();
    g_assert(codebuf_is_empty());
    g_assert_cmpuint(tb_flush_count(), ==, flushes + 1);
    g_assert(tb_htable_lookup(0x21000, 0x1000, 0) == NULL);
    g_assert(!tb_page_has_code(0x21000));
    g_assert(accel_cpu(env)->jc[tb_jc_hash(0x1000)] == NULL);
    test_cpu_free(env);
}

/* a host return address maps to the guest insn whose code holds it:
   insn i covers (tc_ptr + end[i-1], tc_ptr + end[i]] */
/* codebuf.c rule 3a: the pages that only dead TBs' code touches go back
   to the host (they read as zeros after), a page a live TB touches
   stays, and so does the page the next TB goes to */
static void test_dead_pages(void)
{
    uintptr_t pg = 4096, first_full;
    TranslationBlock *a[200], *live, *last;
    uint8_t *in[2] = {NULL, NULL};
    unsigned n = 0;
    size_t released;

    tb_flush();
    /* TBs of real page 0x24000 until two whole buffer pages hold only
       them, then one of 0x25000 (live), then 0x24000 again */
    first_full = ((uintptr_t)codebuf_ptr() + pg - 1) & ~(pg - 1);
    while ((uintptr_t)codebuf_ptr() < first_full + 2 * pg) {
        g_assert(n < G_N_ELEMENTS(a));
        a[n] = fake_tb(0x4000 + 0x10 * n, 0x24000 + 0x10 * n, 0, 1);
        n++;
    }
    live = fake_tb(0x5000, 0x25000, 0, 1);
    last = fake_tb(0x4f00, 0x24f00, 0, 1);
    g_assert_false(codebuf_has_dead());
    /* a TB's code inside each of the two pages */
    for (unsigned i = 0; i < n; i++) {
        uintptr_t p = (uintptr_t)a[i]->tc_ptr;
        if (p >= first_full && p + FAKE_CODE_SIZE <= first_full + pg) {
            in[0] = a[i]->tc_ptr;
        } else if (p >= first_full + pg &&
                   p + FAKE_CODE_SIZE <= first_full + 2 * pg) {
            in[1] = a[i]->tc_ptr;
        }
    }
    g_assert(in[0] && in[1]);
    g_assert_cmpint(in[0][20], ==, 0xcc);
    g_assert_cmpint(in[1][20], ==, 0xcc);

    tb_invalidate_phys_page(0x24000);
    g_assert(a[0]->invalid && last->invalid && !live->invalid);
    g_assert_true(codebuf_has_dead());
    released = codebuf_release_dead();
    /* the two full pages at least; not the pages of live's code, nor
       the one the pointer is in */
    g_assert_cmpuint(released, >=, 2);
    g_assert_false(codebuf_has_dead());
    g_assert_cmpint(in[0][20], ==, 0);
    g_assert_cmpint(in[1][20], ==, 0);
    g_assert_cmpint(live->tc_ptr[0], ==, 0xe9);
    g_assert_cmpint(live->tc_ptr[20], ==, 0xcc);
    g_assert_cmpint(live->insn_end[0], ==, 10);
    g_assert(tb_htable_lookup(0x25000, 0x5000, 0) == live);
    /* nothing is counted twice: the live TB's death frees its pages too
       (unless the pointer is in them) */
    tb_invalidate_phys_page(0x25000);
    codebuf_release_dead();
    tb_flush();
    g_assert_false(codebuf_has_dead());
}

/* the structs of invalid TBs go once they are many (tb_reap_dead); the
   live ones stay findable, by key and by host address */
static void test_reap_dead(void)
{
    enum { N = 2048 };
    TranslationBlock *live[4];

    tb_flush();
    for (int i = 0; i < 4; i++) {
        live[i] = fake_tb(0x7000 + 0x10 * (uint64_t)i,
                          0x27000 + 0x10 * (uint64_t)i, 0, 2);
    }
    for (int i = 0; i < N; i++) {
        fake_tb(0x6000 + 4 * (uint64_t)(i % 1024), 0x26000 + 4 * (i % 1024),
                (uint32_t)(i / 1024), 1);
    }
    g_assert_false(tb_reap_wanted());
    g_assert_false(tb_reap_dead());
    tb_invalidate_phys_page(0x26000);
    g_assert_true(tb_reap_wanted());
    g_assert_true(tb_reap_dead());
    g_assert_false(tb_reap_wanted());
    g_assert_false(tb_reap_dead());
    for (int i = 0; i < 4; i++) {
        g_assert(tb_htable_lookup(live[i]->phys_pc, live[i]->pc, 0) ==
                 live[i]);
        g_assert(tb_find_by_host((uintptr_t)live[i]->tc_ptr + 15) ==
                 live[i]);
    }
    tb_flush();
}

static void test_restore_state(void)
{
    CPUPPCState *env = test_cpu_new();
    TranslationBlock *a = fake_tb(0x4000, 0x24000, 0, 3);
    TranslationBlock *b = fake_tb(0x8000, 0x28000, 0, 2);
    uintptr_t ta = (uintptr_t)a->tc_ptr, tb = (uintptr_t)b->tc_ptr;
    static const struct {
        int which;
        uintptr_t off;
        uint64_t nip;
    } cases[] = {
        {0, 1, 0x4000},  {0, 10, 0x4000}, {0, 11, 0x4004}, {0, 20, 0x4004},
        {0, 21, 0x4008}, {0, 30, 0x4008}, {1, 5, 0x8000},  {1, 19, 0x8004},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        env->nip = 0xdead;
        cpu_restore_state(env, (cases[i].which ? tb : ta) + cases[i].off);
        g_assert_cmphex(env->nip, ==, cases[i].nip);
    }

    /* nothing to do: 0, outside the code buffer, the prologue, past the
       last TB */
    env->nip = 0xdead;
    cpu_restore_state(env, 0);
    cpu_restore_state(env, (uintptr_t)&env);
    cpu_restore_state(env, (uintptr_t)codebuf_base() + 1);
    cpu_restore_state(env, tb + FAKE_CODE_SIZE + 1);
    g_assert_cmphex(env->nip, ==, 0xdead);

    /* invalid TBs still map (they may be running) */
    tb_invalidate_phys_page(0x24000);
    cpu_restore_state(env, ta + 15);
    g_assert_cmphex(env->nip, ==, 0x4004);

    test_cpu_free(env);
    tb_flush();
}

/* codebuf.c rule 3b: the pages ahead of the pointer are resident before
   the backend writes them, after a flush too (a flush used to pass
   madvise an unaligned start, which turned populating off for good) */
static void test_populate(void)
{
    uint8_t vec[64];
    uintptr_t pg = 4096, start;

    void *probe = mmap(NULL, pg, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int ok;

    g_assert(probe != MAP_FAILED);
    ok = madvise(probe, pg, 23 /* MADV_POPULATE_WRITE */) == 0;
    munmap(probe, pg);
    if (!ok) {
        g_test_skip("the kernel has no MADV_POPULATE_WRITE");
        return;
    }
    tb_flush();
    for (int round = 0; round < 3; round++) {
        /* at least half a populate step (128 KiB) is always ahead */
        g_assert_cmpuint(codebuf_populated_ahead(), >=, 32 * pg);
        start = (uintptr_t)codebuf_ptr() & ~(pg - 1);
        g_assert_cmpint(mincore((void *)start, 32 * pg, vec), ==, 0);
        for (int i = 0; i < 32; i++) {
            g_assert_cmpint(vec[i] & 1, ==, 1);
        }
        /* some TBs, then a flush */
        for (int i = 0; i < 50; i++) {
            fake_tb(0x6000 + 0x10 * (uint64_t)i, 0x26000 + 0x10 * (uint64_t)i,
                    0, 1);
        }
        g_assert_cmpuint(codebuf_populated_ahead(), >=, 32 * pg);
        tb_flush();
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    accel_init(4 << 20, false);
    g_test_add_func("/accel/tb/lookup", test_lookup);
    g_test_add_func("/accel/tb/lookup-many", test_lookup_many);
    g_test_add_func("/accel/tb/chain-and-invalidate",
                    test_chain_and_invalidate);
    g_test_add_func("/accel/tb/incoming-list", test_incoming_list);
    g_test_add_func("/accel/tb/invalidate-range", test_invalidate_range);
    g_test_add_func("/accel/tb/nochain", test_nochain);
    g_test_add_func("/accel/tb/flush", test_flush);
    g_test_add_func("/accel/tb/restore-state", test_restore_state);
    g_test_add_func("/accel/tb/dead-pages", test_dead_pages);
    g_test_add_func("/accel/tb/reap-dead", test_reap_dead);
    g_test_add_func("/accel/tb/populate", test_populate);
    return g_test_run();
}
