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
 * Only RAM is mapped: a real address outside RAM is a machine check.
 *
 * A store tag carries TLB_NOTDIRTY while its real page holds translated
 * code (tb-maint.c).  The slow path then invalidates the page's TBs before
 * storing, and drops the flag from the entry.
 *
 * The per-vCPU jump cache maps EAs to TBs without looking at the mapping,
 * so it is flushed with the TLB: all of it, or the TBs of one page.
 */
#include <string.h>

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
    e->addr_read = e->addr_write = e->addr_code = UINT64_MAX;
    e->addend = 0;
}

/* ------------------------------------------------------------ flushes */

void tb_jc_clear(AccelCPU *ac)
{
    if (ac->jc_all) {
        memcpy(ac->jc_old, ac->jc, sizeof(ac->jc));
        memset(ac->jc, 0, sizeof(ac->jc));
    } else {
        for (unsigned k = 0; k < ac->nb_jc_used; k++) {
            unsigned h = ac->jc_used[k];
            if (ac->jc[h]) {
                ac->jc_old[h] = ac->jc[h];
                ac->jc[h] = NULL;
            }
        }
    }
    ac->nb_jc_used = 0;
    ac->jc_all = false;
}

TranslationBlock *tb_jc_find(AccelCPU *ac, uint64_t phys, uint64_t pc,
                             uint32_t flags)
{
    TranslationBlock *tb = ac->jc_old[tb_jc_hash(pc)];

    if (tb && tb->pc == pc && tb->phys_pc == phys && tb->flags == flags) {
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
        ac->nb_tlb_used = 0;
        ac->tlb_all = false;
        tb_jc_clear(ac);
    }
}

void tlb_flush_page(CPUPPCState *env, uint64_t ea)
{
    uint64_t page = ea & TARGET_PAGE_MASK;

    for (int m = 0; m < NB_MMU_MODES; m++) {
        TLBEntry *e = tlb_entry(env, m, ea);
        if (tlb_hit(e->addr_read, page) || tlb_hit(e->addr_write, page) ||
            tlb_hit(e->addr_code, page)) {
            tlb_entry_clear(e);
        }
    }
    if (env->accel) {
        /* the page's window of the jump cache, but only the TBs of that
           page: its other pages' (a data page being flushed, say, shares
           the window with code pages) stay */
        TranslationBlock **w = &accel_cpu(env)->jc[tb_jc_window(ea)];
        for (unsigned i = 0; i < TB_JC_PAGE_SLOTS; i++) {
            if (w[i] && ((w[i]->pc ^ ea) & TARGET_PAGE_MASK) == 0) {
                w[i] = NULL;
            }
        }
    }
}

/* ------------------------------------------------------------ fills */

static uint64_t tlb_entry_phys(CPUPPCState *env, const TLBEntry *e,
                               uint64_t page)
{
    return (uint64_t)(page + e->addend - (uintptr_t)env->ram);
}

static bool phys_is_ram(CPUPPCState *env, uint64_t pa)
{
    return env->ram != NULL && pa < env->ram_size;
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

    /* an empty entry becomes used: the next full flush must clear it */
    if (ac && e->addr_read == UINT64_MAX && e->addr_write == UINT64_MAX &&
        e->addr_code == UINT64_MAX) {
        if (ac->nb_tlb_used < G_N_ELEMENTS(ac->tlb_used)) {
            ac->tlb_used[ac->nb_tlb_used++] =
                (uint16_t)(e - &env->tlb[0][0]);
        } else {
            ac->tlb_all = true;
        }
    }
    if (e->addend != addend) {
        tlb_entry_clear(e);
    } else {
        for (int k = ACCESS_LOAD; k <= ACCESS_FETCH; k++) {
            if (!tlb_hit(*tlb_tag(e, k), page)) {
                *tlb_tag(e, k) = UINT64_MAX;
            }
        }
    }
    if (access == ACCESS_STORE && tb_page_has_code(pa)) {
        tag |= TLB_NOTDIRTY;
    }
    e->addend = addend;
    *tlb_tag(e, access) = tag;
}

/* data access: translates or raises (DSI/DSEG from the MMU, machine check
   outside RAM) */
static void tlb_fill(CPUPPCState *env, uint64_t ea, int access, int mmu_idx,
                     uintptr_t ra)
{
    uint64_t pa = 0;
    int prot = 0;

    ppc_mmu_translate(env, ea, access, mmu_idx, &pa, &prot, true, ra);
    if (!phys_is_ram(env, pa)) {
        ppc_raise_exception(env, EXCP_MCHECK, 0, ra);
    }
    tlb_set(env, ea, pa, access, mmu_idx);
}

void tlb_set_notdirty_page(uint64_t phys_page)
{
    for (unsigned c = 0; c < accel_cpu_count(); c++) {
        CPUPPCState *env = accel_cpu_nth(c)->env;
        for (int m = 0; m < NB_MMU_MODES; m++) {
            for (int i = 0; i < TLB_SIZE; i++) {
                TLBEntry *e = &env->tlb[m][i];
                uint64_t page = e->addr_write & TARGET_PAGE_MASK;
                if (!(e->addr_write & TLB_INVALID_MASK) &&
                    tlb_entry_phys(env, e, page) == phys_page) {
                    /* another vCPU's entry may be changing under us: an
                       extra flag only costs a slow path */
                    __atomic_fetch_or(&e->addr_write, TLB_NOTDIRTY,
                                      __ATOMIC_RELAXED);
                }
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
        ppc_raise_exception(env, EXCP_MCHECK, 0, 0);
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

/* the host address of ea for an access that stays in ea's page */
static uint8_t *tlb_host(CPUPPCState *env, uint64_t ea, int access,
                         int mmu_idx, uintptr_t ra)
{
    TLBEntry *e = tlb_entry(env, mmu_idx, ea);
    uint64_t page = ea & TARGET_PAGE_MASK;
    uint64_t *tag = tlb_tag(e, access);

    if (!tlb_hit(*tag, page)) {
        tlb_fill(env, ea, access, mmu_idx, ra);
    }
    if (*tag & TLB_NOTDIRTY) {
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
   pages are translated before anything is accessed */
static unsigned tlb_host_pieces(CPUPPCState *env, uint64_t ea, unsigned size,
                                int access, int mmu_idx, uintptr_t ra,
                                uint8_t *host[2])
{
    unsigned first = (unsigned)(TARGET_PAGE_SIZE - (ea & ~TARGET_PAGE_MASK));

    host[0] = tlb_host(env, ea, access, mmu_idx, ra);
    if (__builtin_expect(size <= first, 1)) {
        return size;
    }
    host[1] = tlb_host(env, next_page(env, ea), access, mmu_idx, ra);
    return first;
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
    uint64_t v = 0;

    check_mmu_idx(mmu_idx);
    if ((memop & MO_ALIGN) && (ea & (size - 1))) {
        raise_unaligned(env, ea, false, ra);
    }
    first = tlb_host_pieces(env, ea, size, ACCESS_LOAD, mmu_idx, ra, host);
    memcpy(&v, host[0], first);
    if (first < size) {
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

    check_mmu_idx(mmu_idx);
    if ((memop & MO_ALIGN) && (ea & (size - 1))) {
        raise_unaligned(env, ea, true, ra);
    }
    if (memop & MO_BSWAP) {
        val = bswap_bytes(val, size);
    }
    first = tlb_host_pieces(env, ea, size, ACCESS_STORE, mmu_idx, ra, host);
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
    return tlb_host(env, ea, write ? ACCESS_STORE : ACCESS_LOAD, mmu_idx, ra);
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
