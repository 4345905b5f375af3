/*
 * The translation-block cache: which TBs exist, how to find one, and how
 * they die.
 *
 * A TB is found by its key (phys_pc, pc, flags): the real address says
 * which bytes were translated, the effective address and the flags say in
 * which context (MSR bits, MMU mode) they were.  Three views of the same
 * set of TBs are kept:
 *
 *   the hash        key -> TB, chained through tb->hash_next; only valid
 *                   TBs are in it
 *   the page lists  real page -> its TBs, chained through tb->page_next
 *                   (a TB never crosses a page).  A page with a list is a
 *                   "code page": softmmu gives every TLB write entry for it
 *                   TLB_NOTDIRTY, so a guest store to it takes the slow path
 *                   and calls tb_invalidate_phys_page first.  That is how
 *                   self-modifying code and code loaded over old code work.
 *   the TB list     every TB since the last flush, valid or not, in creation
 *                   order = host address order (codebuf.c rule 2); an
 *                   invalidated TB may still be running and faulting, so
 *                   cpu_restore_state must still find it.
 *
 * Invalidation (one page) takes TBs out of the hash, out of every vCPU's
 * jump cache and out of every chained jump, and marks them invalid; their
 * memory lives until the next flush.  A flush frees everything at once.
 *
 * Threads: everything here runs under the TB lock (threads.c), except the
 * flush, which runs in an exclusive section (no vCPU in generated code)
 * or on the one thread of a machine whose vCPUs are between runs.  Another
 * vCPU may be running an invalidated TB: it is marked invalid before it
 * leaves the jump caches and the links are undone under the lock, so that
 * vCPU leaves it at its next exit and never finds it again.  The guest
 * must synchronize cross-modified code anyway (isync on the CPU that runs
 * it, Book II 1.8), and isync ends the TB.
 */
#include <string.h>

#include <glib.h>

#include "accel/tcg/internal.h"

#define TB_HASH_INIT_BITS 14

static struct {
    bool interp;
    size_t interp_budget; /* bytes of TB programs before a flush */
    size_t interp_used;

    TranslationBlock **htab;
    size_t hmask;
    size_t hcount;

    GHashTable *pages;    /* real page number -> first TB on it */
    GPtrArray *tbs;       /* every TB since the last flush, in host order */
    uint64_t flush_count;
    bool flush_pending;   /* atomic */

    GPtrArray *cpus;      /* AccelCPU of every vCPU */

    /* invalid TBs on the TB list that tb_reap_dead may free; reap_wanted
       once they are many (read without the lock) */
    unsigned nb_dead;
    bool reap_wanted;
} tbc;

void tb_maint_init(bool interp, size_t interp_budget)
{
    g_assert(tbc.htab == NULL);
    tbc.interp = interp;
    tbc.interp_budget = interp_budget;
    tbc.hmask = (1u << TB_HASH_INIT_BITS) - 1;
    tbc.htab = g_new0(TranslationBlock *, tbc.hmask + 1);
    tbc.pages = g_hash_table_new(g_direct_hash, g_direct_equal);
    tbc.tbs = g_ptr_array_new();
    tbc.cpus = g_ptr_array_new();
}

bool tb_interp_mode(void) { return tbc.interp; }

/* ------------------------------------------------------------ vCPUs */

void accel_cpu_register(AccelCPU *ac) { g_ptr_array_add(tbc.cpus, ac); }

void accel_cpu_unregister(AccelCPU *ac) { g_ptr_array_remove(tbc.cpus, ac); }

unsigned accel_cpu_count(void) { return tbc.cpus ? tbc.cpus->len : 0; }

AccelCPU *accel_cpu_nth(unsigned i) { return g_ptr_array_index(tbc.cpus, i); }

/* ------------------------------------------------------------ hash */

static size_t tb_hash(uint64_t phys_pc, uint64_t pc, uint32_t flags)
{
    uint64_t h = (phys_pc >> 2) * 0x9e3779b97f4a7c15ull;

    h ^= (pc >> 2) * 0xc2b2ae3d27d4eb4full;
    h ^= (uint64_t)flags * 0x165667b19e3779f9ull;
    return (size_t)(h ^ (h >> 31));
}

static void tb_htable_grow(void)
{
    size_t old_size = tbc.hmask + 1;
    TranslationBlock **old = tbc.htab;

    tbc.hmask = old_size * 2 - 1;
    tbc.htab = g_new0(TranslationBlock *, tbc.hmask + 1);
    for (size_t i = 0; i < old_size; i++) {
        TranslationBlock *tb = old[i];
        while (tb) {
            TranslationBlock *next = tb->hash_next;
            size_t h = tb_hash(tb->phys_pc, tb->pc, tb->flags) & tbc.hmask;
            tb->hash_next = tbc.htab[h];
            tbc.htab[h] = tb;
            tb = next;
        }
    }
    g_free(old);
}

TranslationBlock *tb_htable_lookup(uint64_t phys_pc, uint64_t pc,
                                   uint32_t flags)
{
    size_t h = tb_hash(phys_pc, pc, flags) & tbc.hmask;

    for (TranslationBlock *tb = tbc.htab[h]; tb; tb = tb->hash_next) {
        if (tb->pc == pc && tb->phys_pc == phys_pc && tb->flags == flags) {
            return tb;
        }
    }
    return NULL;
}

static void tb_htable_remove(TranslationBlock *tb)
{
    size_t h = tb_hash(tb->phys_pc, tb->pc, tb->flags) & tbc.hmask;

    for (TranslationBlock **p = &tbc.htab[h]; *p; p = &(*p)->hash_next) {
        if (*p == tb) {
            *p = tb->hash_next;
            tb->hash_next = NULL;
            tbc.hcount--;
            return;
        }
    }
}

/* ------------------------------------------------------------ pages */

static gpointer page_key(uint64_t phys_addr)
{
    return (gpointer)(uintptr_t)(phys_addr >> TARGET_PAGE_BITS);
}

bool tb_page_has_code(uint64_t phys_addr)
{
    return g_hash_table_lookup(tbc.pages, page_key(phys_addr)) != NULL;
}

void tb_link(TranslationBlock *tb)
{
    gpointer key = page_key(tb->phys_pc);
    TranslationBlock *first = g_hash_table_lookup(tbc.pages, key);
    size_t h;

    g_assert(((tb->phys_pc + (tb->size ? tb->size - 1 : 0)) ^ tb->phys_pc) <
             TARGET_PAGE_SIZE);
    tb->page_next = first;
    g_hash_table_insert(tbc.pages, key, tb);
    if (first == NULL) {
        tlb_set_notdirty_page(tb->phys_pc & TARGET_PAGE_MASK);
    }

    /* at most one TB per bucket on average: a lookup follows few links */
    if (tbc.hcount >= tbc.hmask + 1) {
        tb_htable_grow();
    }
    h = tb_hash(tb->phys_pc, tb->pc, tb->flags) & tbc.hmask;
    tb->hash_next = tbc.htab[h];
    tbc.htab[h] = tb;
    tbc.hcount++;

    g_assert(tbc.tbs->len == 0 || tbc.interp ||
             ((TranslationBlock *)g_ptr_array_index(
                  tbc.tbs, tbc.tbs->len - 1))->tc_ptr < tb->tc_ptr);
    g_ptr_array_add(tbc.tbs, tb);
}

/* a single-step TB (accel/tcg/debug.c): on the TB list only, so that
   cpu_restore_state finds it and the next flush frees it; invalid, so
   nothing chains to it or finds it */
void tb_link_step(TranslationBlock *tb)
{
    tb->invalid = true;
    g_ptr_array_add(tbc.tbs, tb);
}

/* ------------------------------------------------------------ invalidation */

static void tb_jc_remove(TranslationBlock *tb)
{
    unsigned h = tb_jc_hash(tb->pc);

    for (unsigned i = 0; i < tbc.cpus->len; i++) {
        AccelCPU *ac = g_ptr_array_index(tbc.cpus, i);
        /* a slot the vCPU's own thread may be filling (tb_jc_set) */
        __atomic_compare_exchange_n(&ac->jc[h], &(TranslationBlock *){ tb },
                                    NULL, false, __ATOMIC_SEQ_CST,
                                    __ATOMIC_RELAXED);
        __atomic_compare_exchange_n(&ac->jc_old[h],
                                    &(TranslationBlock *){ tb }, NULL, false,
                                    __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
    }
}

static void tb_invalidate_phys_page_locked(uint64_t phys_addr)
{
    gpointer key = page_key(phys_addr);
    TranslationBlock *tb = g_hash_table_lookup(tbc.pages, key);

    if (tb == NULL) {
        return;
    }
    g_hash_table_remove(tbc.pages, key);
    for (; tb; tb = tb->page_next) {
        __atomic_store_n(&tb->invalid, true, __ATOMIC_SEQ_CST);
        tb_htable_remove(tb);
        tb_jc_remove(tb);
        tb_unchain(tb);
        if (tb->code_counted && !accel_parallel()) {
            /* its code pages may go back to the host (codebuf.c 3a);
               with vCPU threads they never do, so they are not counted
               down either */
            tb->code_counted = false;
            codebuf_unref(tb->tc_ptr, tb_code_extent(tb));
            /* and the struct may go too (tb_reap_dead) */
            if (++tbc.nb_dead >= 1024 && tbc.nb_dead >= tbc.tbs->len / 8) {
                __atomic_store_n(&tbc.reap_wanted, true, __ATOMIC_RELAXED);
            }
        }
    }
}

void tb_invalidate_phys_page(uint64_t phys_addr)
{
    bool locked = tb_lock_is_held();

    if (!locked) {
        tb_lock();
    }
    tb_invalidate_phys_page_locked(phys_addr);
    if (!locked) {
        tb_unlock();
    }
}

void tb_invalidate_phys_range(uint64_t start, uint64_t len)
{
    uint64_t page, last;

    if (len == 0) {
        return;
    }
    tb_lock();
    if (g_hash_table_size(tbc.pages) == 0) {
        tb_unlock();
        return;
    }
    page = start & TARGET_PAGE_MASK;
    last = (start + len - 1) & TARGET_PAGE_MASK;
    if (last < page) { /* wrapped around the address space */
        last = TARGET_PAGE_MASK;
    }
    for (;; page += TARGET_PAGE_SIZE) {
        tb_invalidate_phys_page_locked(page);
        if (page == last) {
            break;
        }
    }
    tb_unlock();
}

/* every TB whose guest code covers effective address pc, with the rest of
   its page: a new debugger breakpoint must be seen by the next execution
   of pc, and the TBs of other addresses stay (no flush per breakpoint) */
void tb_invalidate_pc(uint64_t pc)
{
    tb_lock();
    for (guint i = 0; i < tbc.tbs->len; i++) {
        TranslationBlock *tb = g_ptr_array_index(tbc.tbs, i);
        if (!tb->invalid && pc - tb->pc < tb->size) {
            tb_invalidate_phys_page_locked(tb->phys_pc);
        }
    }
    tb_unlock();
}

/*
 * The structs of invalid TBs: only the TB list still holds them (for
 * cpu_restore_state, while such a TB may still be running), so where no
 * TB runs (the exec loop between two TBs, one thread) they can go.  Done
 * when they are an eighth of the list, so that the pass over the list
 * costs a few steps per dead TB.  The caller forgets its own TB pointers
 * (the loop's last TB) when this returns true.
 */
bool tb_reap_wanted(void)
{
    return __atomic_load_n(&tbc.reap_wanted, __ATOMIC_RELAXED);
}

bool tb_reap_dead(void)
{
    guint n = 0;

    if (!tbc.reap_wanted) {
        return false;
    }
    for (guint i = 0; i < tbc.tbs->len; i++) {
        TranslationBlock *tb = g_ptr_array_index(tbc.tbs, i);
        if (tb->invalid && tb->prog == NULL) {
            g_free(tb);
        } else {
            tbc.tbs->pdata[n++] = tb;
        }
    }
    g_ptr_array_set_size(tbc.tbs, n);
    tbc.nb_dead = 0;
    __atomic_store_n(&tbc.reap_wanted, false, __ATOMIC_RELAXED);
    return true;
}

/* ------------------------------------------------------------ lookup by host */

TranslationBlock *tb_find_by_host(uintptr_t host)
{
    guint lo = 0, hi = tbc.tbs->len;
    TranslationBlock *tb;

    if (tbc.interp) {
        return NULL;
    }
    /* the last TB whose code starts strictly before host */
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        tb = g_ptr_array_index(tbc.tbs, mid);
        if ((uintptr_t)tb->tc_ptr < host) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo == 0) {
        return NULL;
    }
    tb = g_ptr_array_index(tbc.tbs, lo - 1);
    return host <= (uintptr_t)tb->tc_ptr + tb->tc_size ? tb : NULL;
}

/* ------------------------------------------------------------ flush */

bool tb_interp_charge(size_t bytes)
{
    if (tbc.interp_used + bytes > tbc.interp_budget && tbc.interp_used) {
        return false;
    }
    tbc.interp_used += bytes;
    return true;
}

void tb_flush_now(void)
{
    for (guint i = 0; i < tbc.tbs->len; i++) {
        TranslationBlock *tb = g_ptr_array_index(tbc.tbs, i);
        if (tb->prog) {
            tcg_program_free(tb->prog);
        }
        g_free(tb);
    }
    g_ptr_array_set_size(tbc.tbs, 0);
    tbc.nb_dead = 0;
    __atomic_store_n(&tbc.reap_wanted, false, __ATOMIC_RELAXED);
    memset(tbc.htab, 0, (tbc.hmask + 1) * sizeof(*tbc.htab));
    tbc.hcount = 0;
    g_hash_table_remove_all(tbc.pages);
    for (guint i = 0; i < tbc.cpus->len; i++) {
        AccelCPU *ac = g_ptr_array_index(tbc.cpus, i);
        tb_jc_clear(ac);
        memset(ac->jc_old, 0, sizeof(ac->jc_old));
    }
    if (codebuf_ready()) {
        codebuf_reset();
    }
    tbc.interp_used = 0;
    __atomic_store_n(&tbc.flush_pending, false, __ATOMIC_RELAXED);
    __atomic_store_n(&tbc.flush_count, tbc.flush_count + 1, __ATOMIC_RELEASE);
}

void tb_flush_exclusive(uint64_t seen)
{
    start_exclusive();
    /* another vCPU may have flushed while we waited */
    if (tb_flush_count() == seen) {
        tb_lock();
        tb_flush_now();
        tb_unlock();
    }
    end_exclusive();
}

void tb_flush(void)
{
    if (cpu_exec_current() != NULL) {
        /* a helper or an hcall of a vCPU: the exec loop flushes before
           its next TB, in an exclusive section */
        __atomic_store_n(&tbc.flush_pending, true, __ATOMIC_RELEASE);
        cpu_exec_kick_self();
    } else {
        /* between runs of every vCPU (the one thread of thread=single, a
           reset inside an exclusive section) */
        tb_flush_now();
    }
}

bool tb_flush_is_pending(void)
{
    return __atomic_load_n(&tbc.flush_pending, __ATOMIC_ACQUIRE);
}

uint64_t tb_flush_count(void)
{
    return __atomic_load_n(&tbc.flush_count, __ATOMIC_ACQUIRE);
}
