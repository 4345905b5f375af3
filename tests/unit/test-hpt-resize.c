/*
 * HPT resizing (hw-spapr/hcall-hpt-resize.c, target-ppc/mmu-hash.c's
 * ppc_hash_pte_rehash): H_RESIZE_HPT_PREPARE / H_RESIZE_HPT_COMMIT on a
 * bare machine with 32 MiB of RAM (an HPT of 2^18 bytes, 2048 PTEGs;
 * PREPARE may go up to 2^19).
 *
 * Expected values come from the ISA and from Linux, not from the code
 * under test:
 *   - HPTEs as Linux encodes them (hpte_encode_avpn/hpte_encode_r: V 1,
 *     H 2, L 4, bolted 0x10, AVPN = (VPN >> 11) << 7 less the bits inside
 *     a 16M page) with the LP encodings POWER8 advertises (4K base: 64K
 *     0x7, 16M 0x38; 64K base: 64K 0x1, 16M 0x8; 16M base: 0), SLB words
 *     as mmu-hash.h builds them;
 *   - the PTEG an entry must be in after the resize: Linux's hpt_hash()
 *     from the VPN with the new mask (htab_hash_mask = (2^shift >> 7) - 1,
 *     pseries_lpar_resize_hpt_commit), the slot within the PTEG and the H
 *     bit kept (Linux's hidx), and the walker finding the EA there;
 *   - return codes from Linux's hvcall.h: H_SUCCESS 0, H_CLOSED 2,
 *     H_NOT_AVAILABLE 3, H_PARAMETER -4, H_PTEG_FULL -6, H_AUTHORITY -10,
 *     H_RESOURCE -16; the shift bounds QEMU 7.2 gives (18..46, at most one
 *     above the size for the RAM).
 */
#include <string.h>
#include <sys/mman.h>

#include <glib.h>

#include "exec.h"
#include "spapr.h"
#include "target-ppc/mmu-hash.h"
#include "hash-test.h"

#define RAM_SIZE (32u << 20)

#define LLP_64K 0x110ull
#define LLP_16M 0x100ull
#define PV 1ull
#define PH 2ull
#define PL 4ull
#define BOLTED 0x10ull
#define M_BIT 0x10ull
#define C_BIT 0x80ull

enum { LOAD = 0 };

static SpaprConfig cfg;
static SpaprMachine m;
static CPUPPCState *env;

static void setup(void)
{
    memset(&cfg, 0, sizeof(cfg));
    memset(&m, 0, sizeof(m));
    cfg.cpu_model = PPC_MODEL_POWER8;
    cfg.resize_hpt = SPAPR_RESIZE_HPT_ENABLED;
    cfg.caps.val[SPAPR_CAP_HPT_MAXPAGESIZE] = 24;
    m.cfg = &cfg;
    m.ram_size = RAM_SIZE;
    m.ram = g_malloc0(RAM_SIZE);
    g_assert_true(spapr_hpt_init(&m, &(char *){ NULL }));
    g_assert_cmpuint(m.hpt_shift, ==, 18);
    env = ppc_cpu_new(PPC_MODEL_POWER8, m.ram, RAM_SIZE);
    m.cpu = env;
    m.cpus[0] = env;
    m.nr_cpus = 1;
    ppc_set_hpt(env, m.hpt, m.hpt_shift);
}

static void teardown(void)
{
    ppc_cpu_free(env);
    spapr_hpt_free(&m);
    g_assert_null(m.hpt_pending);
    g_free(m.ram);
}

static int64_t prepare(uint64_t flags, uint64_t shift)
{
    uint64_t a[8] = { flags, shift };
    return h_resize_hpt_prepare(&m, env, a);
}

static int64_t commit(uint64_t flags, uint64_t shift)
{
    uint64_t a[8] = { flags, shift };
    return h_resize_hpt_commit(&m, env, a);
}

/* the PTEG Linux computes for the VPN in a table of 2^shift bytes */
static uint64_t linux_pteg(uint64_t vpn, unsigned base, bool t1,
                           bool secondary, unsigned shift)
{
    uint64_t h = linux_hash(vpn, base, t1);
    return (secondary ? ~h : h) & (((1ull << shift) >> 7) - 1);
}

static void put_hpte(uint64_t ptex, uint64_t v, uint64_t r)
{
    uint64_t *p = (uint64_t *)(void *)(m.hpt + ptex * 16);
    p[0] = __builtin_bswap64(v);
    p[1] = __builtin_bswap64(r);
}

/* one base/actual page size pair and its LP encoding (-1: 4K, L=0) */
typedef struct PageSize {
    unsigned base, actual;
    int lp;
    uint64_t llp; /* the segment's L||LP */
} PageSize;

static const PageSize page_sizes[] = {
    { 12, 12, -1, 0 },         { 12, 16, 0x7, 0 },
    { 12, 24, 0x38, 0 },       { 16, 16, 0x1, LLP_64K },
    { 16, 24, 0x8, LLP_64K },  { 24, 24, 0x0, LLP_16M },
};

/* an HPTE for ea in the current table (Linux's hash at its mask), in
   slot `slot`; returns its PTEX */
static uint64_t map(const PageSize *ps, uint64_t vsid, bool t1, uint64_t ea,
                    uint64_t pa, bool secondary, int slot, uint64_t vflags)
{
    uint64_t vpn = vpn_of(vsid, ea, t1);
    uint64_t avpnm = ps->actual == 24 ? 1 : 0;
    uint64_t v = (((vpn >> 11) & ~avpnm) << 7) | (t1 ? SSIZE_1T : 0) | PV |
                 vflags;
    uint64_t r = (pa & ~((1ull << ps->actual) - 1)) | M_BIT | C_BIT | 2;
    uint64_t ptex = linux_pteg(vpn, ps->base, t1, secondary, m.hpt_shift) *
                        8 + (uint64_t)slot;

    if (ps->lp >= 0) {
        v |= PL;
        r |= (uint64_t)ps->lp << 12;
    }
    if (secondary) {
        v |= PH;
    }
    put_hpte(ptex, v, r);
    return ptex;
}

/* the EA translates to pa, through the HPTE in slot `slot` of the PTEG
   Linux computes at the current size */
static void check_walk(const PageSize *ps, uint64_t vsid, bool t1,
                       uint64_t ea, uint64_t pa, bool secondary, int slot)
{
    PPCHashResult r;
    uint64_t size = 1ull << ps->actual;
    uint64_t pteg = linux_pteg(vpn_of(vsid, ea, t1), ps->base, t1, secondary,
                               m.hpt_shift);

    g_assert_cmpint(ppc_hash_walk(env, ea, LOAD, MMU_IDX_KERNEL, &r), ==,
                    HASH_OK);
    g_assert_cmphex(r.raddr, ==, (pa & ~(size - 1)) | (ea & (size - 1)));
    g_assert_cmpuint(r.page_shift, ==, ps->actual);
    g_assert_cmphex(r.ptex, ==, pteg * 8 + (uint64_t)slot);
}

/* every page size the walker has, both segment sizes, both hashes: an
   HPTE survives growing to 2^19 and shrinking back to 2^18, where Linux
   would look for it */
static void test_rehash_page_sizes(void)
{
    /* EAs with bits set across the page index (above and below 2^23,
       where the AVPN takes over from the PTEG index) */
    static const uint64_t eas_256m[] = { 0x0fedc123ull, 0x0a5a5a5aull,
                                         0x07ffffffull };
    static const uint64_t eas_1t[] = { 0xabcdef12345ull & ((1ull << 40) - 1),
                                       0x5a5a5a5a5a5ull & ((1ull << 40) - 1) };

    for (size_t p = 0; p < G_N_ELEMENTS(page_sizes); p++) {
        const PageSize *ps = &page_sizes[p];

        for (int t1 = 0; t1 < 2; t1++) {
            const uint64_t *eas = t1 ? eas_1t : eas_256m;
            size_t n = t1 ? G_N_ELEMENTS(eas_1t) : G_N_ELEMENTS(eas_256m);

            for (size_t e = 0; e < n; e++) {
                for (int sec = 0; sec < 2; sec++) {
                    uint64_t seg = t1 ? 0xc00a000000000000ull
                                      : 0xc000000030000000ull;
                    uint64_t ea = seg | eas[e], pa = 0x01000000;
                    uint64_t vsid = t1 ? 0x2abcdefull + e : 0x123456789ull;
                    int slot = (int)(p + e + (size_t)sec) % 8;

                    /* a 16M page in a 4K segment hashes EA bit 23,
                       which neither Linux's AVPN (it lies inside the
                       page) nor a 2^11-PTEG index holds: after the
                       resize only the EAs with the AVPN's bit (0) find
                       the entry, the others refault */
                    if (ps->base == 12 && ps->actual == 24) {
                        ea &= ~(1ull << 23);
                    }

                    setup();
                    hash_segment(env, 0, ea, vsid, t1, ps->llp);
                    map(ps, vsid, t1, ea, pa, sec, slot, 0);
                    check_walk(ps, vsid, t1, ea, pa, sec, slot);
                    g_assert_cmpint(prepare(0, 19), ==, H_SUCCESS);
                    g_assert_cmpint(commit(0, 19), ==, H_SUCCESS);
                    g_assert_cmpuint(m.hpt_shift, ==, 19);
                    g_assert_true(env->hash.hpt == m.hpt);
                    check_walk(ps, vsid, t1, ea, pa, sec, slot);
                    g_assert_cmpint(prepare(0, 18), ==, H_SUCCESS);
                    g_assert_cmpint(commit(0, 18), ==, H_SUCCESS);
                    g_assert_cmpuint(m.hpt_shift, ==, 18);
                    check_walk(ps, vsid, t1, ea, pa, sec, slot);
                    teardown();
                }
            }
        }
    }
}

/* argument checks, in QEMU 7.2's order */
static void test_bad_arguments(void)
{
    setup();
    g_assert_cmpint(prepare(1, 19), ==, H_PARAMETER);
    g_assert_cmpint(prepare(0, 17), ==, H_PARAMETER);
    g_assert_cmpint(prepare(0, 47), ==, H_PARAMETER);
    g_assert_cmpint(prepare(0, 1ull << 40), ==, H_PARAMETER);
    /* 32 MiB of RAM: 2^18, at most one more */
    g_assert_cmpint(prepare(0, 20), ==, H_RESOURCE);
    g_assert_null(m.hpt_pending);
    /* COMMIT without a PREPARE, or of another shift */
    g_assert_cmpint(commit(0, 19), ==, H_CLOSED);
    g_assert_cmpint(prepare(0, 19), ==, H_SUCCESS);
    g_assert_cmpint(commit(1, 19), ==, H_PARAMETER);
    g_assert_cmpint(commit(0, 18), ==, H_CLOSED);
    /* a PREPARE of 0 cancels */
    g_assert_cmpint(prepare(0, 0), ==, H_SUCCESS);
    g_assert_null(m.hpt_pending);
    g_assert_cmpint(commit(0, 19), ==, H_CLOSED);
    g_assert_cmpuint(m.hpt_shift, ==, 18);

    /* resize-hpt=disabled: H_AUTHORITY before anything else */
    cfg.resize_hpt = SPAPR_RESIZE_HPT_DISABLED;
    g_assert_cmpint(prepare(0, 19), ==, H_AUTHORITY);
    g_assert_cmpint(prepare(1, 99), ==, H_AUTHORITY);
    g_assert_cmpint(commit(0, 19), ==, H_AUTHORITY);
    /* a radix partition has no HPT to resize */
    cfg.resize_hpt = SPAPR_RESIZE_HPT_REQUIRED;
    m.cas = (SpaprCasResult){ .done = true, .radix = true };
    g_assert_cmpint(prepare(0, 19), ==, H_NOT_AVAILABLE);
    g_assert_cmpint(commit(0, 19), ==, H_NOT_AVAILABLE);
    m.cas.radix = false;
    g_assert_cmpint(prepare(0, 19), ==, H_SUCCESS);
    g_assert_cmpint(commit(0, 19), ==, H_SUCCESS);
    teardown();
}

/* PREPARE twice: the same shift again is the same table; another shift
   replaces it; a COMMIT that moves the entries ends it */
static void test_prepare_twice(void)
{
    uint8_t *first;

    setup();
    g_assert_cmpint(prepare(0, 19), ==, H_SUCCESS);
    first = m.hpt_pending;
    g_assert_nonnull(first);
    g_assert_cmpint(prepare(0, 19), ==, H_SUCCESS);
    g_assert_true(m.hpt_pending == first);
    g_assert_cmpint(prepare(0, 18), ==, H_SUCCESS);
    g_assert_cmpuint(m.hpt_pending_shift, ==, 18);
    /* a COMMIT of another shift leaves it pending */
    g_assert_cmpint(commit(0, 19), ==, H_CLOSED);
    g_assert_cmpuint(m.hpt_pending_shift, ==, 18);
    g_assert_cmpint(commit(0, 18), ==, H_SUCCESS);
    g_assert_null(m.hpt_pending);
    g_assert_cmpint(commit(0, 18), ==, H_CLOSED);
    teardown();
}

/* shrinking folds PTEG p and p + 2048 of a 2^19 table into PTEG p: two
   bolted entries in the same slot cannot both stay (H_PTEG_FULL, the old
   table stays in use); a bolted one wins over a non-bolted one */
static void test_shrink_collision(void)
{
    const PageSize *ps = &page_sizes[0];
    uint64_t vsid = 0x5555, ea1 = 0x10001000ull;
    uint64_t ea2 = ea1 ^ (0x800ull << 12); /* hash bit 11 flipped */
    uint8_t *hpt19;
    PPCHashResult r;

    setup();
    g_assert_cmpint(prepare(0, 19), ==, H_SUCCESS);
    g_assert_cmpint(commit(0, 19), ==, H_SUCCESS);
    hash_segment(env, 0, ea1, vsid, false, 0);
    map(ps, vsid, false, ea1, 0x100000, false, 3, BOLTED);
    map(ps, vsid, false, ea2, 0x200000, false, 3, BOLTED);
    g_assert_cmpuint(linux_pteg(vpn_of(vsid, ea1, false), 12, false, false,
                                18),
                     ==, linux_pteg(vpn_of(vsid, ea2, false), 12, false,
                                    false, 18));
    hpt19 = m.hpt;
    g_assert_cmpint(prepare(0, 18), ==, H_SUCCESS);
    g_assert_cmpint(commit(0, 18), ==, H_PTEG_FULL);
    g_assert_true(m.hpt == hpt19);
    g_assert_cmpuint(m.hpt_shift, ==, 19);
    g_assert_null(m.hpt_pending);
    check_walk(ps, vsid, false, ea1, 0x100000, false, 3);
    check_walk(ps, vsid, false, ea2, 0x200000, false, 3);

    /* the second one not bolted: it goes, the first stays */
    map(ps, vsid, false, ea2, 0x200000, false, 3, 0);
    g_assert_cmpint(prepare(0, 18), ==, H_SUCCESS);
    g_assert_cmpint(commit(0, 18), ==, H_SUCCESS);
    check_walk(ps, vsid, false, ea1, 0x100000, false, 3);
    g_assert_cmpint(ppc_hash_walk(env, ea2, LOAD, MMU_IDX_KERNEL, &r), ==,
                    HASH_FAULT_NOPTE);
    /* in the other order too */
    g_assert_cmpint(prepare(0, 19), ==, H_SUCCESS);
    g_assert_cmpint(commit(0, 19), ==, H_SUCCESS);
    memset(m.hpt, 0, 1u << 19);
    map(ps, vsid, false, ea1, 0x100000, false, 3, 0);
    map(ps, vsid, false, ea2, 0x200000, false, 3, BOLTED);
    g_assert_cmpint(prepare(0, 18), ==, H_SUCCESS);
    g_assert_cmpint(commit(0, 18), ==, H_SUCCESS);
    check_walk(ps, vsid, false, ea2, 0x200000, false, 3);
    g_assert_cmpint(ppc_hash_walk(env, ea1, LOAD, MMU_IDX_KERNEL, &r), ==,
                    HASH_FAULT_NOPTE);
    teardown();
}

/* a COMMIT leaves nothing of the old table in the TLB */
static void test_commit_flushes(void)
{
    const PageSize *ps = &page_sizes[0];
    uint64_t ea = 0xc000000000123000ull;
    TLBEntry *e;

    setup();
    e = &env->tlb[MMU_IDX_KERNEL][(ea >> TARGET_PAGE_BITS) & (TLB_SIZE - 1)];
    env->msr |= MSR_BIT(MSR_DR) | MSR_BIT(MSR_IR);
    hash_segment(env, 0, ea, 0x1000, true, 0);
    map(ps, 0x1000, true, ea, 0x10000, false, 0, BOLTED);
    g_assert_nonnull(cpu_probe_access(env, ea, 8, false, MMU_IDX_KERNEL, 0));
    g_assert_cmphex(e->addr_read, ==, ea);
    g_assert_cmpint(prepare(0, 19), ==, H_SUCCESS);
    g_assert_cmpint(commit(0, 19), ==, H_SUCCESS);
    g_assert_cmphex(e->addr_read, !=, ea);
    g_assert_cmphex(env->hash.hpt_mask, ==, 4095);
    /* and the access translates again through the new table */
    g_assert_nonnull(cpu_probe_access(env, ea, 8, false, MMU_IDX_KERNEL, 0));
    g_assert_cmphex(e->addr_read, ==, ea);
    teardown();
}

/* a reset gives the next boot the table ibm,pft-size says */
static void test_reset(void)
{
    setup();
    g_assert_cmpint(prepare(0, 19), ==, H_SUCCESS);
    g_assert_cmpint(commit(0, 19), ==, H_SUCCESS);
    g_assert_cmpint(prepare(0, 18), ==, H_SUCCESS);
    spapr_hpt_reset(&m);
    g_assert_cmpuint(m.hpt_shift, ==, 18);
    g_assert_null(m.hpt_pending);
    teardown();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/hpt-resize/rehash-page-sizes", test_rehash_page_sizes);
    g_test_add_func("/hpt-resize/bad-arguments", test_bad_arguments);
    g_test_add_func("/hpt-resize/prepare-twice", test_prepare_twice);
    g_test_add_func("/hpt-resize/shrink-collision", test_shrink_collision);
    g_test_add_func("/hpt-resize/commit-flushes", test_commit_flushes);
    g_test_add_func("/hpt-resize/reset", test_reset);
    return g_test_run();
}
