/*
 * hw-spapr/hcall-hpt.c: the partition's hashed page table and the hcalls
 * that manage it (LoPAPR 14.5.4.1, function sets hcall-pft and
 * hcall-bulk): H_ENTER, H_REMOVE, H_READ, H_CLEAR_MOD, H_CLEAR_REF,
 * H_PROTECT, H_BULK_REMOVE.  Resizing it (hcall-hpt-resize) is in
 * hcall-hpt-resize.c.
 *
 * The table is the hypervisor's memory, not the guest's: 2^hpt_shift
 * bytes (ibm,pft-size; 1/128 of RAM rounded up, at least 256 KiB) of
 * 16-byte HPTEs in the Power ISA 2.07 format, big-endian, which the vCPUs'
 * hash walker (target-ppc/mmu-hash.c) reads.  The guest names entries by
 * index (PTEX) and supplies both doublewords (PTEH, PTEL); every argument
 * is checked: a PTEX beyond the table or an HPTE whose page size, real
 * address or storage attributes this machine cannot give is H_PARAMETER,
 * a full PTEG H_PTEG_FULL, an entry that is not there (or not the one the
 * AVPN/ANDCOND flags describe) H_NOT_FOUND.
 *
 * The softmmu TLB is flushed exactly for what changes: H_ENTER flushes
 * nothing (the TLB caches only successful translations, and the slot was
 * empty); H_REMOVE, H_PROTECT, H_CLEAR_REF/MOD and each H_BULK_REMOVE
 * entry flush the pages the old HPTE mapped (ppc_hash_flush_hpte).
 * H_CLEAR_REF/MOD must flush too: a TLB entry would let accesses through
 * without setting R or C again.
 */
#include <inttypes.h>
#include <string.h>
#include <sys/mman.h>

#include <glib.h>

#include "exec.h"
#include "log.h"
#include "pci.h"
#include "spapr.h"
#include "../target-ppc/mmu-hash.h"

/* H_ENTER, H_REMOVE... flags (LoPAPR, bit numbers of r4) */
#define H_EXACT PPC_BIT(37)              /* the very PTEX, not its PTEG */
#define H_R_XLATE PPC_BIT(25)            /* H_READ: real RPNs */
#define H_READ_4 PPC_BIT(26)             /* H_READ: four entries */
#define H_AVPN PPC_BIT(32)               /* match the AVPN */
#define H_ANDCOND PPC_BIT(33)            /* (PTEH & arg) must be 0 */
#define H_ICACHE_INVALIDATE PPC_BIT(40)
#define H_ICACHE_SYNCHRONIZE PPC_BIT(41)
#define H_ZERO_PAGE PPC_BIT(48)
#define H_COPY_PAGE PPC_BIT(49)
#define H_PROTECT_PP0 PPC_BIT(55)        /* H_PROTECT: the new PP0 */
#define H_PROTECT_KEY_HI PPC_BITS(50, 51) /* ... key bits 0:1 */

/* H_BULK_REMOVE translation specifier high doubleword */
#define HBR_TYPE PPC_BITS(0, 1)
#define HBR_REQUEST PPC_BIT(1)           /* 01 */
#define HBR_RESPONSE PPC_BIT(0)          /* 10 */
#define HBR_END PPC_BITS(0, 1)           /* 11 */
#define HBR_RC_SHIFT (63 - 3)            /* response code, bits 2:3 */
#define HBR_REF_CHG_SHIFT (63 - 5)       /* R and C, bits 4:5 */
#define HBR_FLAGS PPC_BITS(6, 7)         /* 00 absolute, 01 andcond, 10 avpn */
#define HBR_FLAG_ANDCOND PPC_BIT(7)
#define HBR_FLAG_AVPN PPC_BIT(6)
#define HBR_PTEX PPC_BITS(8, 63)
#define HBR_MAX 4

/* ------------------------------------------------------------ the table */

unsigned spapr_hpt_shift(uint64_t ram_size)
{
    unsigned shift = 18;

    while (shift < 46 && (1ull << (shift + 7)) < ram_size) {
        shift++;
    }
    return shift;
}

bool spapr_hpt_init(SpaprMachine *m, char **err)
{
    size_t size;

    m->hpt_shift = spapr_hpt_shift(m->ram_size);
    size = (size_t)1 << m->hpt_shift;
    m->hpt = mmap(NULL, size, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m->hpt == MAP_FAILED) {
        m->hpt = NULL;
        *err = g_strdup_printf("cannot allocate the %zu-byte hash page "
                               "table", size);
        return false;
    }
    return true;
}

void spapr_hpt_reset(SpaprMachine *m)
{
    size_t size = (size_t)1 << m->hpt_shift;
    char *err = NULL;

    spapr_hpt_resize_cancel(m);
    /* a table the guest resized (hcall-hpt-resize.c) goes back to the
       size ibm,pft-size gives the next boot */
    if (m->hpt && m->hpt_shift != spapr_hpt_shift(m->ram_size)) {
        uint8_t *old = m->hpt;
        unsigned old_shift = m->hpt_shift;

        if (spapr_hpt_init(m, &err)) {
            munmap(old, size);
            return;
        }
        g_free(err);
        m->hpt = old; /* no memory: keep the resized table */
        m->hpt_shift = old_shift;
    }
    if (m->hpt && madvise(m->hpt, size, MADV_DONTNEED) != 0) {
        memset(m->hpt, 0, size);
    }
}

void spapr_hpt_free(SpaprMachine *m)
{
    spapr_hpt_resize_cancel(m);
    if (m->hpt) {
        munmap(m->hpt, (size_t)1 << m->hpt_shift);
        m->hpt = NULL;
    }
}

/* cap-hpt-max-page-size (caps.c; 0 in a config built without the
   options, e.g. by a unit test: QEMU's default), capped at the largest page
   the walker has (16M: the versions up to 2.12 allow 16G) */
unsigned spapr_hpt_max_page_shift(const SpaprMachine *m)
{
    unsigned shift = spapr_caps_hpt_max_page_shift(&m->cfg->caps);

    if (shift == 0) {
        return SPAPR_HPT_MAX_PAGE_SHIFT_DEFAULT;
    }
    return shift > 24 ? 24 : shift;
}

static uint64_t hpt_entries(const SpaprMachine *m)
{
    return m->hpt ? (1ull << m->hpt_shift) / HPTE_SIZE : 0;
}

static uint64_t *hpte_ptr(SpaprMachine *m, uint64_t ptex)
{
    return (uint64_t *)(void *)(m->hpt + ptex * HPTE_SIZE);
}

static uint64_t hpte_get(const uint64_t *p)
{
    return __builtin_bswap64(__atomic_load_n(p, __ATOMIC_ACQUIRE));
}

static void hpte_set(uint64_t *p, uint64_t v)
{
    __atomic_store_n(p, __builtin_bswap64(v), __ATOMIC_RELEASE);
}

static bool bad_arg(const char *call, const char *what, uint64_t val)
{
    if (log_enabled(LOG_GUEST_ERROR)) {
        log_printf("%s: %s 0x%" PRIx64 "\n", call, what, val);
    }
    return false;
}

/* another vCPU's share of hpt_flush (args: ptex, pte0, pte1) */
static void hpt_flush_remote(CPUPPCState *env, const uint64_t *a)
{
    ppc_hash_flush_hpte(env, a[0], a[1], a[2]);
}

/* every vCPU drops what it holds of the page the old HPTE mapped (each
   through its own SLB).  With a thread per vCPU the others do it
   themselves, and the exec loop waits for them before the hcall returns
   to the guest (accel/tcg/cpu-exec.c), so the hcall's effect is seen by
   every vCPU when it completes */
static void hpt_flush(SpaprMachine *m, CPUPPCState *caller, uint64_t ptex,
                      uint64_t pte0, uint64_t pte1)
{
    if (m->threaded) {
        const uint64_t args[CPU_TLB_WORK_ARGS] = { ptex, pte0, pte1 };
        ppc_hash_flush_hpte(caller, ptex, pte0, pte1);
        cpu_tlb_post(caller, hpt_flush_remote, args);
        return;
    }
    bool caller_seen = false;
    for (uint32_t i = 0; i < m->nr_cpus; i++) {
        if (m->cpus[i]) {
            ppc_hash_flush_hpte(m->cpus[i], ptex, pte0, pte1);
            caller_seen |= m->cpus[i] == caller;
        }
    }
    if (!caller_seen && caller) {
        ppc_hash_flush_hpte(caller, ptex, pte0, pte1);
    }
}

/* the base and actual page shift an HPTE encodes within the machine's
   limit, or false */
static bool hpte_page_size(const SpaprMachine *m, uint64_t pte0,
                           uint64_t pte1, unsigned *base, unsigned *actual)
{
    unsigned max = spapr_hpt_max_page_shift(m);

    for (int i = 0; i < PPC_HASH_NB_PAGE_SIZES; i++) {
        const PPCHashPageSize *ps = &ppc_hash_page_sizes[i];
        unsigned a = ppc_hash_pte_page_shift(ps->base_shift, pte0, pte1);

        if (a && a <= max && ps->base_shift <= max) {
            *base = ps->base_shift;
            *actual = a;
            return true;
        }
    }
    return false;
}

/* ------------------------------------------------------------ H_ENTER */

/*
 * H_ENTER (LoPAPR 14.5.4.1.1): r4 flags, r5 PTEX, r6 PTEH, r7 PTEL; the
 * entry goes into the first free slot of PTEX's PTEG, or exactly at PTEX
 * with H_EXACT; r4 returns the PTEX used.  H_ZERO_PAGE clears the page
 * first.  H_ICACHE_INVALIDATE/SYNCHRONIZE need nothing: translated code
 * is kept coherent with every store by the TB cache.
 */
static bool enter_check(SpaprMachine *m, uint64_t flags, uint64_t ptex,
                        uint64_t pteh, uint64_t ptel, unsigned *actual)
{
    unsigned base;
    uint64_t raddr, size;

    if (ptex >= hpt_entries(m)) {
        return bad_arg("H_ENTER", "PTEX beyond the table", ptex);
    }
    if ((pteh & HPTE0_B) > (1ull << HPTE0_B_SHIFT)) {
        return bad_arg("H_ENTER", "reserved segment size in", pteh);
    }
    if (!hpte_page_size(m, pteh, ptel, &base, actual)) {
        return bad_arg("H_ENTER", "page size not offered, PTEL", ptel);
    }
    size = 1ull << *actual;
    raddr = ptel & HPTE1_RPN & ~(size - 1);
    /* a PCI host bridge's window (hw-pci): I/O, so caching inhibited and
       not write-through */
    if (spapr_pci_window(m, raddr, size)) {
        if ((ptel & (HPTE1_W | HPTE1_I)) != HPTE1_I) {
            return bad_arg("H_ENTER", "I/O page not caching-inhibited, PTEL",
                           ptel);
        }
        if (flags & H_ZERO_PAGE) {
            return bad_arg("H_ENTER", "H_ZERO_PAGE on an I/O page at",
                           raddr);
        }
        return true;
    }
    if (!spapr_ram_valid(m, raddr, size)) {
        return bad_arg("H_ENTER", "page outside RAM at", raddr);
    }
    /* memory is memory: no caching-inhibited or write-through mapping */
    if (ptel & (HPTE1_W | HPTE1_I)) {
        return bad_arg("H_ENTER", "W/I storage attributes on RAM, PTEL",
                       ptel);
    }
    return true;
}

int64_t h_enter(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    uint64_t flags = args[0], ptex = args[1], pteh = args[2], ptel = args[3];
    unsigned actual;
    uint64_t slot;
    uint64_t *p = NULL;

    if (!enter_check(m, flags, ptex, pteh, ptel, &actual)) {
        return H_PARAMETER;
    }
    if (flags & H_EXACT) {
        p = hpte_ptr(m, ptex);
        if (hpte_get(p) & HPTE0_V) {
            return H_PTEG_FULL;
        }
        slot = ptex;
    } else {
        slot = ptex & ~(uint64_t)(HPTES_PER_GROUP - 1);
        for (int i = 0; i < HPTES_PER_GROUP; i++, slot++) {
            if (!(hpte_get(hpte_ptr(m, slot)) & HPTE0_V)) {
                p = hpte_ptr(m, slot);
                break;
            }
        }
        if (!p) {
            return H_PTEG_FULL;
        }
    }
    if (flags & H_ZERO_PAGE) {
        uint64_t size = 1ull << actual;
        memset(m->ram + (ptel & HPTE1_RPN & ~(size - 1)), 0, size);
    }
    /* PTEH bits 57:58 are the hypervisor's own (lock, absent): the
       guest's are dropped; its software bits 59:60 (Linux: bolted) stay */
    hpte_set(p + 1, ptel);
    hpte_set(p, (pteh | HPTE0_V) & ~PPC_BITS(57, 58));
    args[0] = slot;
    return H_SUCCESS;
}

/* ------------------------------------------------------------ removal */

/* the entry at ptex if it is valid and matches flags/avpn (H_AVPN: PTEH
   bits 0:56 = avpn's; H_ANDCOND: PTEH & avpn = 0) */
static int64_t hpte_lookup(SpaprMachine *m, const char *call, uint64_t ptex,
                           uint64_t flags, uint64_t avpn, uint64_t **p,
                           uint64_t *pte0)
{
    if (ptex >= hpt_entries(m)) {
        bad_arg(call, "PTEX beyond the table", ptex);
        return H_PARAMETER;
    }
    *p = hpte_ptr(m, ptex);
    *pte0 = hpte_get(*p);
    if (!(*pte0 & HPTE0_V) ||
        ((flags & H_AVPN) && ((*pte0 ^ avpn) & ~0x7full)) ||
        ((flags & H_ANDCOND) && (*pte0 & avpn))) {
        return H_NOT_FOUND;
    }
    return H_SUCCESS;
}

/* H_REMOVE (14.5.4.1.2): r4 flags, r5 PTEX, r6 AVPN; returns the old
   PTEH and PTEL in r4, r5 */
int64_t h_remove(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    uint64_t *p, pte0, pte1;
    int64_t rc = hpte_lookup(m, "H_REMOVE", args[1], args[0], args[2], &p,
                             &pte0);

    if (rc != H_SUCCESS) {
        return rc;
    }
    pte1 = hpte_get(p + 1);
    hpte_set(p, 0);
    hpt_flush(m, env, args[1], pte0, pte1);
    args[0] = pte0;
    args[1] = pte1;
    return H_SUCCESS;
}

/*
 * H_BULK_REMOVE (14.5.4.1.7): up to four (translation specifier high,
 * low) pairs in r4..r11.  High: type (bits 0:1: 01 request, 11 end of
 * list), flags (6:7: 00 absolute, 01 andcond, 10 AVPN), PTEX (8:63); low:
 * the AVPN or the andcond mask.  Each request is answered in place: type
 * 10, a code in bits 2:3 (0 done, 1 not found, 2 bad parameter) and the
 * removed entry's R and C in bits 4:5.  A type other than request or end
 * is H_PARAMETER for the call.
 */
int64_t h_bulk_remove(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    for (int i = 0; i < HBR_MAX; i++) {
        uint64_t *tsh = &args[2 * i], avpn = args[2 * i + 1];
        uint64_t type = *tsh & HBR_TYPE, ptex = *tsh & HBR_PTEX, flags = 0;
        uint64_t *p, pte0, pte1, code;
        int64_t rc;

        if (type == HBR_END) {
            break;
        }
        if (type != HBR_REQUEST) {
            bad_arg("H_BULK_REMOVE", "bad translation specifier", *tsh);
            return H_PARAMETER;
        }
        switch (*tsh & HBR_FLAGS) {
        case HBR_FLAG_ANDCOND:
            flags = H_ANDCOND;
            break;
        case HBR_FLAG_AVPN:
            flags = H_AVPN;
            break;
        case 0:
            break;
        default:
            bad_arg("H_BULK_REMOVE", "bad flags in", *tsh);
            return H_PARAMETER;
        }
        rc = hpte_lookup(m, "H_BULK_REMOVE", ptex, flags, avpn, &p, &pte0);
        *tsh &= ~(HBR_TYPE | PPC_BITS(2, 5));
        *tsh |= HBR_RESPONSE;
        if (rc == H_SUCCESS) {
            pte1 = hpte_get(p + 1);
            hpte_set(p, 0);
            hpt_flush(m, env, ptex, pte0, pte1);
            code = 0;
            *tsh |= ((pte1 & HPTE1_R) ? 2ull : 0) << HBR_REF_CHG_SHIFT;
            *tsh |= ((pte1 & HPTE1_C) ? 1ull : 0) << HBR_REF_CHG_SHIFT;
        } else {
            code = rc == H_NOT_FOUND ? 1 : 2;
        }
        *tsh |= code << HBR_RC_SHIFT;
    }
    return H_SUCCESS;
}

/* ------------------------------------------------------------ reading */

/* H_READ (14.5.4.1.4): r4 flags, r5 PTEX; the entry in r4, r5, or with
   H_READ_4 the four entries from PTEX rounded down to 4 in r4..r11.
   RPNs are real addresses already (H_R_XLATE changes nothing). */
int64_t h_read(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    uint64_t flags = args[0], ptex = args[1];
    int n = 1;

    if (ptex >= hpt_entries(m)) {
        bad_arg("H_READ", "PTEX beyond the table", ptex);
        return H_PARAMETER;
    }
    if (flags & H_READ_4) {
        ptex &= ~3ull;
        n = 4;
    }
    for (int i = 0; i < n; i++) {
        uint64_t *p = hpte_ptr(m, ptex + (uint64_t)i);
        args[2 * i] = hpte_get(p);
        args[2 * i + 1] = hpte_get(p + 1);
    }
    return H_SUCCESS;
}

/* ------------------------------------------------------------ changes */

/* H_CLEAR_REF / H_CLEAR_MOD (14.5.4.1.5-6): r4 flags, r5 PTEX; clears R
   or C and returns the old PTEL in r4 */
static int64_t clear_bit(SpaprMachine *m, CPUPPCState *env, const char *call,
                         uint64_t *args,
                         uint64_t bit)
{
    uint64_t *p, pte0, pte1;
    int64_t rc = hpte_lookup(m, call, args[1], 0, 0, &p, &pte0);

    if (rc != H_SUCCESS) {
        return rc;
    }
    pte1 = __builtin_bswap64(__atomic_fetch_and(p + 1,
                                                ~__builtin_bswap64(bit),
                                                __ATOMIC_ACQ_REL));
    if (pte1 & bit) {
        hpt_flush(m, env, args[1], pte0, pte1);
    }
    args[0] = pte1;
    return H_SUCCESS;
}

int64_t h_clear_ref(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    return clear_bit(m, env, "H_CLEAR_REF", args, HPTE1_R);
}

int64_t h_clear_mod(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    return clear_bit(m, env, "H_CLEAR_MOD", args, HPTE1_C);
}

/*
 * H_PROTECT (14.5.4.1.3): r4 flags, r5 PTEX, r6 AVPN.  The flags carry
 * the new protection in the places of PTEL: PP1:2 (bits 62:63), N (61),
 * key bits 2:4 (52:54), and in bit 55 PP0 and bits 50:51 key bits 0:1.
 */
int64_t h_protect(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    uint64_t flags = args[0];
    uint64_t *p, pte0, pte1, new1;
    int64_t rc = hpte_lookup(m, "H_PROTECT", args[1], flags, args[2], &p,
                             &pte0);

    if (rc != H_SUCCESS) {
        return rc;
    }
    pte1 = hpte_get(p + 1);
    new1 = pte1 & ~(HPTE1_PP0 | HPTE1_PP | HPTE1_N | HPTE1_KEY_HI |
                    HPTE1_KEY_LO);
    new1 |= flags & (HPTE1_PP | HPTE1_N | HPTE1_KEY_LO);
    new1 |= (flags & H_PROTECT_PP0) ? HPTE1_PP0 : 0;
    new1 |= (flags & H_PROTECT_KEY_HI) << 48;
    /* the table drops the entry while it changes, as the hardware
       sequence (invalidate, tlbie, rewrite) does */
    hpte_set(p, pte0 & ~HPTE0_V);
    hpte_set(p + 1, new1);
    hpte_set(p, pte0);
    hpt_flush(m, env, args[1], pte0, pte1);
    return H_SUCCESS;
}
