/*
 * The softmmu: the per-vCPU TLB and the slow paths of guest memory access.
 *
 * env->tlb[mmu_idx][i] is direct mapped by EA page number.  An entry holds
 * one addend for its page (host = ea + addend) and three tags, one per
 * access kind (load, store, fetch).  A tag is the page-aligned EA, with
 * flag bits in the page offset; the all-ones tag is empty.  Generated code
 * compares the EA's page with the tag: any flag makes the compare fail,
 * and the access comes here.
 *
 * A fill translates for one access kind only (ppc_mmu_translate with that
 * kind) and sets that kind's tag: the MMU itself decides what the access
 * may do, and sets reference and change bits as that kind of access
 * should.  The entry's other tags survive when they name the same page at
 * the same addend, so loads and stores to one page share an entry.
 *
 * Only RAM is mapped.  A real address outside RAM is offered to the
 * machine (PPCHypervisorOps.mmio: the PCI host bridges' windows); it gets
 * no TLB entry, so every access to it comes back here, and one nobody
 * claims is a machine check.  An MMIO access may not cross a page, and
 * helpers that want a host pointer (cpu_probe_access) get a machine check
 * there.
 *
 * A store tag carries TLB_NOTDIRTY while its real page holds translated
 * code (tb-maint.c).  The slow path then invalidates the page's TBs before
 * storing, and drops the flag from the entry.
 *
 * A load or store tag carries TLB_WATCH while a debugger watchpoint for
 * that kind of access lies in the page (watch.c): the slow path checks
 * the access's bytes against the watchpoints.
 *
 * The per-vCPU jump cache maps EAs to TBs without looking at the mapping,
 * so it is flushed with the TLB: all of it, or the TBs of one page.
 *
 * Other threads.  A vCPU's TLB and jump cache are its own thread's, but
 * for two cross-thread accesses (with -accel tcg,thread=multi), both made
 * under the TB lock: a translation on another vCPU flags this vCPU's
 * store entries for its page (tlb_set_notdirty_page: it reads the entry's
 * store tag and addend and the list of used entries, and ORs the flag
 * in), and an invalidation clears the slots of the dead TB in every jump
 * cache (tb-maint.c tb_jc_remove).  Those fields (addr_write, addend,
 * tlb_used, nb_tlb_used, tlb_all, jc, jc_old) are therefore read and
 * written here with relaxed atomics (plain moves on x86-64), and the one
 * change that could hide a live entry from the walker, the compaction of
 * the used list, is made under the TB lock.
 *
 * The first fill of a page in a RAM_POPULATE-sized chunk of guest RAM
 * faults the whole chunk in with one MADV_POPULATE_WRITE (Linux 5.14)
 * rather than letting the access fault page by page: on a virtualized
 * host a 4 KiB fault costs tens of microseconds, three times what the
 * same page costs populated with its neighbours (codebuf.c rule 3b), and
 * Linux guests zero and fill memory in 64 KiB pages (ppc64's page size),
 * so the chunk costs hardly any memory the guest was not about to touch.
 */
#include <string.h>
#include <sys/mman.h>

#include <glib.h>

#include "accel/tcg/internal.h"

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
               "guest RAM is kept in host order, which must be little endian");

/* access kinds, as ppc_mmu_translate numbers them */
enum { ACCESS_LOAD = 0, ACCESS_STORE = 1, ACCESS_FETCH = 2 };

/* DSISR bit 38: the access was a store (Power ISA 3.0 Book III 6.5.3) */
#define DSISR_STORE (1ull << (63 - 38))

static TLBEntry *tlb_entry(CPUPPCState *env, int mmu_idx, uint64_t ea)
{
    return &env->tlb[mmu_idx][(ea >> TARGET_PAGE_BITS) & (TLB_SIZE - 1)];
}

static bool tlb_hit(uint64_t tag, uint64_t page)
{
    return (tag & (TARGET_PAGE_MASK | TLB_INVALID_MASK)) == page;
}

/* a tag, or the addend, another thread may read or flag (see the top) */
static uint64_t tlb_get(const uint64_t *p)
{
    return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static void tlb_put(uint64_t *p, uint64_t v)
{
    __atomic_store_n(p, v, __ATOMIC_RELAXED);
}

static TranslationBlock *jc_get(TranslationBlock **slot)
{
    return __atomic_load_n(slot, __ATOMIC_RELAXED);
}

static void jc_put(TranslationBlock **slot, TranslationBlock *tb)
{
    __atomic_store_n(slot, tb, __ATOMIC_RELAXED);
}

/* the used list: its owner appends and rebuilds it, tlb_set_notdirty_page
   reads it from other threads */
static void tlb_used_set(AccelCPU *ac, unsigned n, bool all)
{
    __atomic_store_n(&ac->nb_tlb_used, n, __ATOMIC_RELAXED);
    __atomic_store_n(&ac->tlb_all, all, __ATOMIC_RELAXED);
}

static uint64_t *tlb_tag(TLBEntry *e, int access)
{
    switch (access) {
    case ACCESS_LOAD:
        return &e->addr_read;
    case ACCESS_STORE:
        return &e->addr_write;
    default:
        return &e->addr_code;
    }
}

static void tlb_entry_clear(TLBEntry *e)
{
    e->addr_read = e->addr_code = UINT64_MAX;
    tlb_put(&e->addr_write, UINT64_MAX);
    __atomic_store_n(&e->addend, 0, __ATOMIC_RELAXED);
}

/* ------------------------------------------------------------ flushes */

void tb_jc_clear(AccelCPU *ac)
{
    if (ac->jc_all) {
        for (unsigned h = 0; h < TB_JC_SIZE; h++) {
            jc_put(&ac->jc_old[h], jc_get(&ac->jc[h]));
            jc_put(&ac->jc[h], NULL);
        }
    } else {
        for (unsigned k = 0; k < ac->nb_jc_used; k++) {
            unsigned h = ac->jc_used[k];
            TranslationBlock *tb = jc_get(&ac->jc[h]);
            if (tb) {
                jc_put(&ac->jc_old[h], tb);
                jc_put(&ac->jc[h], NULL);
            }
        }
    }
    ac->nb_jc_used = 0;
    ac->jc_all = false;
}

TranslationBlock *tb_jc_find(AccelCPU *ac, uint64_t phys, uint64_t pc,
                             uint32_t flags)
{
    TranslationBlock *tb = jc_get(&ac->jc_old[tb_jc_hash(pc)]);

    /* a slot may keep a TB invalidated while its owner moved it here
       (tb_jc_remove cleared the slot it came from): called under the TB
       lock, which the invalidation held when it marked the TB */
    if (tb && tb->pc == pc && tb->phys_pc == phys && tb->flags == flags &&
        !__atomic_load_n(&tb->invalid, __ATOMIC_RELAXED)) {
        return tb;
    }
    return tb_htable_lookup(phys, pc, flags);
}

void tlb_flush(CPUPPCState *env)
{
    AccelCPU *ac = accel_cpu(env);

    if (ac && !ac->tlb_all) {
        for (unsigned k = 0; k < ac->nb_tlb_used; k++) {
            tlb_entry_clear(&env->tlb[0][0] + ac->tlb_used[k]);
        }
    } else {
        for (int m = 0; m < NB_MMU_MODES; m++) {
            for (int i = 0; i < TLB_SIZE; i++) {
                tlb_entry_clear(&env->tlb[m][i]);
            }
        }
    }
    if (ac) {
        tlb_used_set(ac, 0, false);
        tb_jc_clear(ac);
    }
}

static void jc_flush_page(CPUPPCState *env, uint64_t ea)
{
    if (env->accel) {
        /* the page's window of the jump cache, but only the TBs of that
           page: its other pages' (a data page being flushed, say, shares
           the window with code pages) stay */
        AccelCPU *ac = accel_cpu(env);
        unsigned h0 = tb_jc_window(ea);
        uint64_t tag = ea & TARGET_PAGE_MASK;
        for (unsigned h = h0; h < h0 + TB_JC_PAGE_SLOTS; h++) {
            if (ac->jc_page[h] != tag) {
                continue; /* not (or no longer) a TB of that page */
            }
            TranslationBlock *tb = jc_get(&ac->jc[h]);
            if (tb && ((tb->pc ^ ea) & TARGET_PAGE_MASK) == 0) {
                jc_put(&ac->jc_old[h], tb); /* tb_jc_find checks it */
                jc_put(&ac->jc[h], NULL);
            }
        }
    }
}

void tlb_flush_page(CPUPPCState *env, uint64_t ea)
{
    uint64_t page = ea & TARGET_PAGE_MASK;

    for (int m = 0; m < NB_MMU_MODES; m++) {
        TLBEntry *e = tlb_entry(env, m, ea);
        if (tlb_hit(e->addr_read, page) ||
            tlb_hit(tlb_get(&e->addr_write), page) ||
            tlb_hit(e->addr_code, page)) {
            tlb_entry_clear(e);
        }
    }
    jc_flush_page(env, ea);
}

/* the page an entry maps (any of its valid tags names it), or false if
   it is empty */
static bool tlb_entry_page(const TLBEntry *e, uint64_t *page)
{
    const uint64_t tags[] = {e->addr_read, tlb_get(&e->addr_write),
                             e->addr_code};

    for (unsigned k = 0; k < 3; k++) {
        if (!(tags[k] & TLB_INVALID_MASK)) {
            *page = tags[k] & TARGET_PAGE_MASK;
            return true;
        }
    }
    return false;
}

static bool in_range(uint64_t addr, uint64_t start, uint64_t len)
{
    return addr - start < len;
}

/* the jump-cache slots whose TB starts in [start, start + len), their
   TBs kept in jc_old as a full flush keeps them; the list of used slots
   keeps only those still filled */
static void jc_flush_range(AccelCPU *ac, uint64_t start, uint64_t len)
{
    unsigned n = 0;

    if (ac->jc_all) {
        for (unsigned h = 0; h < TB_JC_SIZE; h++) {
            TranslationBlock *tb = jc_get(&ac->jc[h]);
            if (tb && in_range(ac->jc_page[h], start, len)) {
                jc_put(&ac->jc_old[h], tb);
                jc_put(&ac->jc[h], NULL);
            } else if (tb) {
                ac->jc_used[n++] = (uint16_t)h;
            }
        }
        ac->jc_all = false;
    } else {
        for (unsigned k = 0; k < ac->nb_jc_used; k++) {
            unsigned h = ac->jc_used[k];
            TranslationBlock *tb = jc_get(&ac->jc[h]);
            if (tb && in_range(ac->jc_page[h], start, len)) {
                jc_put(&ac->jc_old[h], tb);
                jc_put(&ac->jc[h], NULL);
            } else if (tb) {
                ac->jc_used[n++] = (uint16_t)h;
            }
        }
    }
    ac->nb_jc_used = n;
}

/*
 * Flushes the entries of the MMU indexes in mmu_mask whose page lies in
 * [start, start + len), and the jump-cache slots of TBs there.  A few
 * pages are looked up one by one; a larger range goes through the list of
 * used entries (or, when it overflowed, the whole TLB), which it rebuilds
 * with the entries that survive.
 */
void tlb_flush_range(CPUPPCState *env, uint64_t start, uint64_t len,
                     unsigned mmu_mask)
{
    AccelCPU *ac = accel_cpu(env);

    start &= TARGET_PAGE_MASK;
    if (len <= 16 * TARGET_PAGE_SIZE) {
        for (uint64_t off = 0; off < len; off += TARGET_PAGE_SIZE) {
            uint64_t page = start + off;
            for (int m = 0; m < NB_MMU_MODES; m++) {
                TLBEntry *e = tlb_entry(env, m, page);
                if ((mmu_mask & (1u << m)) &&
                    (tlb_hit(e->addr_read, page) ||
                     tlb_hit(tlb_get(&e->addr_write), page) ||
                     tlb_hit(e->addr_code, page))) {
                    tlb_entry_clear(e);
                }
            }
            jc_flush_page(env, page);
        }
        return;
    }
    /* a walker on another thread must not miss an entry that moves
       down the list while it reads (see the top) */
    bool lock = ac && accel_parallel() && !tb_lock_is_held();
    if (lock) {
        tb_lock();
    }
    if (ac && !ac->tlb_all) {
        unsigned n = 0;
        for (unsigned k = 0; k < ac->nb_tlb_used; k++) {
            unsigned i = ac->tlb_used[k];
            TLBEntry *e = &env->tlb[0][0] + i;
            uint64_t page;
            if (!tlb_entry_page(e, &page)) {
                continue;
            }
            if ((mmu_mask & (1u << (i / TLB_SIZE))) &&
                in_range(page, start, len)) {
                tlb_entry_clear(e);
            } else {
                __atomic_store_n(&ac->tlb_used[n++], (uint16_t)i,
                                 __ATOMIC_RELAXED);
            }
        }
        tlb_used_set(ac, n, false);
    } else {
        unsigned n = 0;
        /* the list overflowed: everything, rebuilding it */
        for (unsigned i = 0; i < NB_MMU_MODES * TLB_SIZE; i++) {
            TLBEntry *e = &env->tlb[0][0] + i;
            uint64_t page;
            if (!tlb_entry_page(e, &page)) {
                continue;
            }
            if ((mmu_mask & (1u << (i / TLB_SIZE))) &&
                in_range(page, start, len)) {
                tlb_entry_clear(e);
            } else if (ac) {
                __atomic_store_n(&ac->tlb_used[n++], (uint16_t)i,
                                 __ATOMIC_RELAXED);
            }
        }
        if (ac) {
            tlb_used_set(ac, n, false);
        }
    }
    if (lock) {
        tb_unlock();
    }
    if (ac) {
        jc_flush_range(ac, start, len);
    }
}

/* ------------------------------------------------------------ fills */

static uint64_t tlb_entry_phys(CPUPPCState *env, const TLBEntry *e,
                               uint64_t page)
{
    return (uint64_t)(page + __atomic_load_n(&e->addend, __ATOMIC_RELAXED) -
                      (uintptr_t)env->ram);
}

static bool phys_is_ram(CPUPPCState *env, uint64_t pa)
{
    return env->ram != NULL && pa < env->ram_size;
}

#define RAM_POPULATE_BITS 16
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* include/uapi/asm-generic/mman-common.h */
#endif

/* the header's chunk of RAM around pa resident, once per vCPU (another
   vCPU populating it again costs a walk of the host page table) */
static void tlb_ram_populate(CPUPPCState *env, AccelCPU *ac, uint64_t pa)
{
    uint64_t chunk = pa >> RAM_POPULATE_BITS, bit = 1ull << (chunk % 64);
    uint64_t start = chunk << RAM_POPULATE_BITS;

    if (ac->no_populate) {
        return;
    }
    if (ac->ram_seen == NULL) {
        ac->ram_seen_words = (size_t)((env->ram_size >> RAM_POPULATE_BITS) /
                                      64 + 1);
        ac->ram_seen = g_new0(uint64_t, ac->ram_seen_words);
    }
    if (chunk / 64 >= ac->ram_seen_words || (ac->ram_seen[chunk / 64] & bit)) {
        return;
    }
    ac->ram_seen[chunk / 64] |= bit;
    if (((uintptr_t)env->ram & 0xfff) != 0) {
        ac->no_populate = true; /* not page aligned: not a mapping */
        return;
    }
    if (madvise(env->ram + start,
                (size_t)MIN(1ull << RAM_POPULATE_BITS, env->ram_size - start),
                MADV_POPULATE_WRITE) != 0) {
        ac->no_populate = true; /* an older kernel: faults, as before */
    }
}

/* installs a translation ea -> pa for one access kind */
static void tlb_set(CPUPPCState *env, uint64_t ea, uint64_t pa, int access,
                    int mmu_idx)
{
    TLBEntry *e = tlb_entry(env, mmu_idx, ea);
    uint64_t page = ea & TARGET_PAGE_MASK;
    uintptr_t addend =
        (uintptr_t)env->ram + (uintptr_t)(pa & TARGET_PAGE_MASK) -
        (uintptr_t)page;
    uint64_t tag = page;
    AccelCPU *ac = accel_cpu(env);

    if (ac) {
        tlb_ram_populate(env, ac, pa);
    }
    /* an empty entry becomes used: the next full flush must clear it */
    if (ac && e->addr_read == UINT64_MAX &&
        tlb_get(&e->addr_write) == UINT64_MAX &&
        e->addr_code == UINT64_MAX) {
        unsigned n = ac->nb_tlb_used;
        if (n < G_N_ELEMENTS(ac->tlb_used)) {
            __atomic_store_n(&ac->tlb_used[n],
                             (uint16_t)(e - &env->tlb[0][0]),
                             __ATOMIC_RELAXED);
            __atomic_store_n(&ac->nb_tlb_used, n + 1, __ATOMIC_RELAXED);
        } else {
            __atomic_store_n(&ac->tlb_all, true, __ATOMIC_RELAXED);
        }
    }
    if (e->addend != addend) {
        tlb_entry_clear(e);
    } else {
        for (int k = ACCESS_LOAD; k <= ACCESS_FETCH; k++) {
            if (!tlb_hit(tlb_get(tlb_tag(e, k)), page)) {
                tlb_put(tlb_tag(e, k), UINT64_MAX);
            }
        }
    }
    if (access == ACCESS_STORE && accel_parallel()) {
        /* the page table of code (a GHashTable another vCPU's translation
           may be growing) is read under the TB lock, and the entry is
           stored before it is dropped: a tb_link on another vCPU either
           ran before (we see the code, and flag the entry) or runs after
           and flags it in tlb_set_notdirty_page (it walks our TLB under
           the same lock).  Store fills are a slow path already. */
        bool locked = tb_lock_is_held();

        if (!locked) {
            tb_lock();
        }
        if (tb_page_has_code(pa)) {
            tag |= TLB_NOTDIRTY;
        }
        __atomic_store_n(&e->addend, addend, __ATOMIC_RELAXED);
        __atomic_store_n(tlb_tag(e, access), tag, __ATOMIC_RELAXED);
        if (!locked) {
            tb_unlock();
        }
        return;
    }
    if (access == ACCESS_STORE && tb_page_has_code(pa)) {
        tag |= TLB_NOTDIRTY;
    }
    if (__builtin_expect(env->nb_watchpoints != 0, 0) &&
        access != ACCESS_FETCH &&
        cpu_watch_page(env, page, access == ACCESS_STORE)) {
        tag |= TLB_WATCH; /* every access comes to the slow path */
    }
    __atomic_store_n(&e->addend, addend, __ATOMIC_RELAXED);
    tlb_put(tlb_tag(e, access), tag);
}

/* a machine check for an access to a real address nobody answers; the
   platform's error log (FWNMI) reports ea (0: not known) and pa */
static _Noreturn void raise_mcheck(CPUPPCState *env, uint64_t ea, uint64_t pa,
                                   int access, uintptr_t ra)
{
    env->mce_info = true;
    env->mce_access = (uint8_t)access;
    env->mce_ea = ea;
    env->mce_pa = pa;
    ppc_raise_exception(env, EXCP_MCHECK, 0, ra);
}

/* data access: translates or raises (DSI/DSEG from the MMU, machine check
   outside RAM when the machine has no MMIO); false for a real address
   outside RAM that may be a device's (*mmio_pa) */
static bool tlb_fill(CPUPPCState *env, uint64_t ea, int access, int mmu_idx,
                     uintptr_t ra, uint64_t *mmio_pa)
{
    uint64_t pa = 0;
    int prot = 0;

    ppc_mmu_translate(env, ea, access, mmu_idx, &pa, &prot, true, ra);
    if (!phys_is_ram(env, pa)) {
        if (mmio_pa && env->vhyp && env->vhyp->mmio) {
            *mmio_pa = pa;
            return false;
        }
        raise_mcheck(env, ea, pa, access, ra);
    }
    tlb_set(env, ea, pa, access, mmu_idx);
    return true;
}

static void tlb_entry_set_notdirty(CPUPPCState *env, TLBEntry *e,
                                   uint64_t phys_page)
{
    uint64_t tag = tlb_get(&e->addr_write), page = tag & TARGET_PAGE_MASK;

    if (!(tag & TLB_INVALID_MASK) &&
        tlb_entry_phys(env, e, page) == phys_page) {
        /* another vCPU's entry may be changing under us: an extra flag
           only costs a slow path */
        __atomic_fetch_or(&e->addr_write, TLB_NOTDIRTY, __ATOMIC_RELAXED);
    }
}

/* every vCPU's write entries for phys_page get TLB_NOTDIRTY: through the
   list of used entries when it is complete, else the whole TLB */
void tlb_set_notdirty_page(uint64_t phys_page)
{
    for (unsigned c = 0; c < accel_cpu_count(); c++) {
        AccelCPU *ac = accel_cpu_nth(c);
        CPUPPCState *env = ac->env;
        if (!__atomic_load_n(&ac->tlb_all, __ATOMIC_RELAXED)) {
            unsigned n = __atomic_load_n(&ac->nb_tlb_used, __ATOMIC_RELAXED);
            for (unsigned k = 0; k < n; k++) {
                uint16_t i = __atomic_load_n(&ac->tlb_used[k],
                                             __ATOMIC_RELAXED);
                tlb_entry_set_notdirty(env, &env->tlb[0][0] + i, phys_page);
            }
            continue;
        }
        for (int m = 0; m < NB_MMU_MODES; m++) {
            for (int i = 0; i < TLB_SIZE; i++) {
                tlb_entry_set_notdirty(env, &env->tlb[m][i], phys_page);
            }
        }
    }
}

/* ------------------------------------------------------------ code */

bool tlb_probe_code(CPUPPCState *env, uint64_t ea, uint64_t *phys_out)
{
    TLBEntry *e = tlb_entry(env, ppc_mmu_idx_fetch(env), ea);
    uint64_t page = ea & TARGET_PAGE_MASK;

    if (!tlb_hit(e->addr_code, page)) {
        return false;
    }
    *phys_out = tlb_entry_phys(env, e, page) | (ea & ~TARGET_PAGE_MASK);
    return true;
}

uint64_t tlb_get_code_phys(CPUPPCState *env, uint64_t ea)
{
    int mmu_idx = ppc_mmu_idx_fetch(env);
    uint64_t pa = 0;
    int prot = 0;

    if (tlb_probe_code(env, ea, &pa)) {
        return pa;
    }
    /* the fetch of ea faults: it is the next instruction to execute */
    if (!ppc_mmu_translate(env, ea, ACCESS_FETCH, mmu_idx, &pa, &prot, false,
                           0)) {
        env->nip = ea;
        ppc_mmu_translate(env, ea, ACCESS_FETCH, mmu_idx, &pa, &prot, true, 0);
    }
    if (!phys_is_ram(env, pa)) {
        env->nip = ea;
        raise_mcheck(env, ea, pa, ACCESS_FETCH, 0);
    }
    tlb_set(env, ea, pa, ACCESS_FETCH, mmu_idx);
    return pa;
}

uint32_t cpu_fetch_insn(CPUPPCState *env, uint64_t ea, uint64_t *phys_out)
{
    uint64_t pa = tlb_get_code_phys(env, ea);
    uint32_t insn;

    memcpy(&insn, env->ram + pa, sizeof(insn));
    if (!(env->msr & MSR_BIT(MSR_LE))) {
        insn = __builtin_bswap32(insn);
    }
    if (phys_out) {
        *phys_out = pa;
    }
    return insn;
}

/* ------------------------------------------------------------ data */

static unsigned memop_bytes(unsigned memop) { return 1u << (memop & MO_SIZE); }

/* the host address of ea for an access that stays in ea's page; NULL
   for a device's address (*mmio_pa; with mmio_pa NULL that is a machine
   check) */
static uint8_t *tlb_host(CPUPPCState *env, uint64_t ea, int access,
                         int mmu_idx, uintptr_t ra, uint64_t *mmio_pa)
{
    TLBEntry *e = tlb_entry(env, mmu_idx, ea);
    uint64_t page = ea & TARGET_PAGE_MASK;
    uint64_t *tag = tlb_tag(e, access);

    if (!tlb_hit(tlb_get(tag), page) &&
        !tlb_fill(env, ea, access, mmu_idx, ra, mmio_pa)) {
        return NULL;
    }
    if (tlb_get(tag) & TLB_NOTDIRTY) {
        /* flag off first: a TB another vCPU translates from the page
           after the invalidation sets it again (tlb_set_notdirty_page) */
        __atomic_fetch_and(tag, ~(uint64_t)TLB_NOTDIRTY, __ATOMIC_SEQ_CST);
        tb_invalidate_phys_page(tlb_entry_phys(env, e, page));
    }
    return (uint8_t *)(uintptr_t)(ea + e->addend);
}

/* the first byte of the page after ea's (EAs wrap at 4 GiB in 32-bit
   mode) */
static uint64_t next_page(CPUPPCState *env, uint64_t ea)
{
    uint64_t next = (ea & TARGET_PAGE_MASK) + TARGET_PAGE_SIZE;

    if (!(env->msr & MSR_BIT(MSR_SF))) {
        next &= UINT32_MAX;
    }
    return next;
}

/* host addresses of the bytes of [ea, ea+size): one or two pieces; both
   pages are translated before anything is accessed.  host[0] NULL: a
   device's address (*mmio_pa), inside one page. */
static unsigned tlb_host_pieces(CPUPPCState *env, uint64_t ea, unsigned size,
                                int access, int mmu_idx, uintptr_t ra,
                                uint8_t *host[2], uint64_t *mmio_pa)
{
    unsigned first = (unsigned)(TARGET_PAGE_SIZE - (ea & ~TARGET_PAGE_MASK));

    host[0] = tlb_host(env, ea, access, mmu_idx, ra, mmio_pa);
    if (__builtin_expect(size <= first, 1)) {
        return size;
    }
    if (!host[0]) {
        ppc_raise_exception(env, EXCP_MCHECK, 0, ra);
    }
    host[1] = tlb_host(env, next_page(env, ea), access, mmu_idx, ra, NULL);
    return first;
}

/* a device access; nobody there is a machine check */
static uint64_t mmio_access(CPUPPCState *env, uint64_t ea, uint64_t pa,
                            unsigned size, bool write, uint64_t val,
                            uintptr_t ra)
{
    if (!env->vhyp->mmio(env->vhyp_opaque, env, pa, size, write, &val)) {
        raise_mcheck(env, ea, pa, write ? ACCESS_STORE : ACCESS_LOAD, ra);
    }
    return val;
}

static _Noreturn void raise_unaligned(CPUPPCState *env, uint64_t ea,
                                      bool store, uintptr_t ra)
{
    /* DAR = the EA; the ISA leaves DSISR undefined for Alignment (Power ISA
       3.0 Book III 6.5.8): it gets the store bit, as a DSI would */
    env->spr[SPR_DAR] = ea;
    env->spr[SPR_DSISR] = store ? DSISR_STORE : 0;
    ppc_raise_exception(env, EXCP_ALIGN, 0, ra);
}

static uint64_t bswap_bytes(uint64_t v, unsigned size)
{
    switch (size) {
    case 2:
        return __builtin_bswap16((uint16_t)v);
    case 4:
        return __builtin_bswap32((uint32_t)v);
    case 8:
        return __builtin_bswap64(v);
    default:
        return v;
    }
}

static uint64_t sign_extend(uint64_t v, unsigned size)
{
    unsigned shift = 64 - 8 * size;

    return shift ? (uint64_t)((int64_t)(v << shift) >> shift) : v;
}

static void check_mmu_idx(unsigned mmu_idx)
{
    g_assert(mmu_idx < NB_MMU_MODES);
}

uint64_t cpu_ld_mmu(CPUPPCState *env, uint64_t ea, TCGMemOpIdx oi,
                    uintptr_t ra)
{
    unsigned memop = get_memop(oi), mmu_idx = get_mmuidx(oi);
    unsigned size = memop_bytes(memop), first;
    uint8_t *host[2];
    uint64_t v = 0, mmio_pa = 0;

    check_mmu_idx(mmu_idx);
    if ((memop & MO_ALIGN) && (ea & (size - 1))) {
        raise_unaligned(env, ea, false, ra);
    }
    first = tlb_host_pieces(env, ea, size, ACCESS_LOAD, mmu_idx, ra, host,
                            &mmio_pa);
    if (__builtin_expect(env->nb_watchpoints != 0, 0)) {
        cpu_watch_check(env, ea, size, false, ra);
    }
    if (!host[0]) {
        v = mmio_access(env, ea, mmio_pa, size, false, 0, ra);
    } else {
        memcpy(&v, host[0], first);
    }
    if (host[0] && first < size) {
        memcpy((uint8_t *)&v + first, host[1], size - first);
    }
    if (memop & MO_BSWAP) {
        v = bswap_bytes(v, size);
    }
    if (memop & MO_SIGN) {
        v = sign_extend(v, size);
    }
    return v;
}

void cpu_st_mmu(CPUPPCState *env, uint64_t ea, uint64_t val, TCGMemOpIdx oi,
                uintptr_t ra)
{
    unsigned memop = get_memop(oi), mmu_idx = get_mmuidx(oi);
    unsigned size = memop_bytes(memop), first;
    uint8_t *host[2];
    uint64_t mmio_pa = 0;

    check_mmu_idx(mmu_idx);
    if ((memop & MO_ALIGN) && (ea & (size - 1))) {
        raise_unaligned(env, ea, true, ra);
    }
    if (memop & MO_BSWAP) {
        val = bswap_bytes(val, size);
    }
    first = tlb_host_pieces(env, ea, size, ACCESS_STORE, mmu_idx, ra, host,
                            &mmio_pa);
    if (__builtin_expect(env->nb_watchpoints != 0, 0)) {
        cpu_watch_check(env, ea, size, true, ra);
    }
    if (!host[0]) {
        mmio_access(env, ea, mmio_pa, size, true,
                    size == 8 ? val : val & ((1ull << (8 * size)) - 1), ra);
        return;
    }
    memcpy(host[0], &val, first);
    if (first < size) {
        memcpy(host[1], (uint8_t *)&val + first, size - first);
    }
}

void *cpu_probe_access(CPUPPCState *env, uint64_t ea, int len, bool write,
                       int mmu_idx, uintptr_t ra)
{
    check_mmu_idx((unsigned)mmu_idx);
    g_assert(len > 0 &&
             (ea & ~TARGET_PAGE_MASK) + (uint64_t)len <= TARGET_PAGE_SIZE);
    void *p = tlb_host(env, ea, write ? ACCESS_STORE : ACCESS_LOAD, mmu_idx,
                       ra, NULL);
    if (__builtin_expect(env->nb_watchpoints != 0, 0)) {
        cpu_watch_check(env, ea, (uint64_t)len, write, ra);
    }
    return p;
}

uint64_t helper_ld_mmu(CPUPPCState *env, uint64_t addr, uint64_t oi,
                       uint64_t ra)
{
    return cpu_ld_mmu(env, addr, (TCGMemOpIdx)oi, (uintptr_t)ra);
}

void helper_st_mmu(CPUPPCState *env, uint64_t addr, uint64_t val, uint64_t oi,
                   uint64_t ra)
{
    cpu_st_mmu(env, addr, val, (TCGMemOpIdx)oi, (uintptr_t)ra);
}
