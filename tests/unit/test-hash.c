/*
 * The hash MMU (target-ppc/mmu-hash.c) on HPTEs and SLB entries built by
 * hand, and the HPT hcalls (hw-spapr/hcall-hpt.c) with their argument
 * checks.
 *
 * Expected values come from the ISA and from Linux, not from the code
 * under test:
 *   - SLB words as Linux's book3s/64 mmu-hash.h builds them: ESID V
 *     0x08000000, VSID shifted by 12 (256M) or 24 (1T, B = 1 << 62), Ks
 *     0x800, Kp 0x400, N 0x200, L 0x100, LP 0x010 (64K base = 0x110), C
 *     0x080;
 *   - HPTEs as Linux encodes them (hpte_encode_avpn/hpte_encode_r): V 1,
 *     H 2, L 4, AVPN = (VPN >> 11) << 7 less the bits inside a 16M page;
 *     R 0x100, C 0x80, N 4, G 8, M 0x10, PP 3, PP0 1 << 63, key bits
 *     0x3000000000000000 and 0xe00; the LP encodings POWER8 advertises in
 *     ibm,segment-page-sizes (4K base: 64K 0x7, 16M 0x38; 64K base: 64K
 *     0x1, 16M 0x8; 16M base: 0);
 *   - the hash written as Linux's hpt_hash(), from the VPN;
 *   - PAPR return codes from Linux's hvcall.h: H_PARAMETER -4,
 *     H_PTEG_FULL -6, H_NOT_FOUND -7; H_EXACT 1 << 26, H_AVPN 1 << 31,
 *     H_READ_4 1 << 37; the DSISR bits of mmu-radix's test.
 */
#include <string.h>
#include <sys/mman.h>

#include <glib.h>

#include "exec.h"
#include "spapr.h"
#include "target-ppc/mmu-hash.h"
#include "hash-test.h"
#include "target-ppc/mmu-radix.h"

#define RAM_SIZE (32u << 20) /* HPT: 256 KiB, 2048 PTEGs */

#define KS 0x800ull
#define KP 0x400ull
#define SEG_N 0x200ull
#define LLP_64K 0x110ull
#define LLP_16M 0x100ull
#define SEG_C 0x080ull

#define PV 1ull
#define PH 2ull
#define PL 4ull
#define R_BIT 0x100ull
#define C_BIT 0x80ull
#define N_BIT 4ull
#define G_BIT 8ull
#define M_BIT 0x10ull

#define P_EXACT (1ull << 26)
#define P_AVPN (1ull << 31)
#define P_READ_4 (1ull << 37)

enum { LOAD = 0, STORE_ACC = 1, FETCH = 2 };

static SpaprConfig cfg;
static SpaprMachine m;
static CPUPPCState *env;

static void setup(void)
{
    memset(&cfg, 0, sizeof(cfg));
    memset(&m, 0, sizeof(m));
    cfg.cpu_model = PPC_MODEL_POWER8;
    m.cfg = &cfg;
    m.ram_size = RAM_SIZE;
    m.ram = g_malloc0(RAM_SIZE);
    g_assert_true(spapr_hpt_init(&m, &(char *){ NULL }));
    g_assert_cmpuint(m.hpt_shift, ==, 18);
    env = ppc_cpu_new(PPC_MODEL_POWER8, m.ram, RAM_SIZE);
    m.cpu = env;
    ppc_set_hpt(env, m.hpt, m.hpt_shift);
}

static void teardown(void)
{
    ppc_cpu_free(env);
    spapr_hpt_free(&m);
    g_free(m.ram);
}

static void put_hpte(uint64_t ptex, uint64_t v, uint64_t r)
{
    uint64_t *p = (uint64_t *)(void *)(m.hpt + ptex * 16);
    p[0] = __builtin_bswap64(v);
    p[1] = __builtin_bswap64(r);
}

static uint64_t hpte_r(uint64_t ptex)
{
    return __builtin_bswap64(((uint64_t *)(void *)(m.hpt + ptex * 16))[1]);
}

/*
 * An HPTE for ea in the segment (vsid, t1) with base page shift `base`
 * and actual `actual`, mapping real address pa; slot within the PTEG;
 * returns its PTEX.  lp = the LP encoding (-1: a small 4K page).
 */
static uint64_t map(uint64_t vsid, bool t1, uint64_t ea, unsigned base,
                    unsigned actual, int lp, uint64_t pa, uint64_t rflags,
                    bool secondary, int slot)
{
    uint64_t vpn = vpn_of(vsid, ea, t1);
    uint64_t hash = linux_hash(vpn, base, t1);
    uint64_t avpnm = actual == 24 ? 1 : 0;
    uint64_t v = (((vpn >> 11) & ~avpnm) << 7) | (t1 ? SSIZE_1T : 0) | PV;
    uint64_t r = (pa & ~((1ull << actual) - 1)) | rflags;
    uint64_t pteg = (secondary ? ~hash : hash) & 2047;

    if (lp >= 0) {
        v |= PL;
        r |= (uint64_t)lp << 12;
    }
    if (secondary) {
        v |= PH;
    }
    put_hpte(pteg * 8 + (uint64_t)slot, v, r);
    return pteg * 8 + (uint64_t)slot;
}

static PPCHashFault walk(uint64_t ea, int access, int idx, PPCHashResult *r)
{
    return ppc_hash_walk(env, ea, access, idx, r);
}

static void test_4k_primary(void)
{
    PPCHashResult r;
    uint64_t ea = 0xc000000001234567ull, ptex;

    setup();
    hash_segment(env, 1, ea, 0x123456, false, KP);
    ptex = map(0x123456, false, ea, 12, 12, -1, 0x00abc000, M_BIT | 2, false,
               3);
    g_assert_cmpint(walk(ea, LOAD, MMU_IDX_KERNEL, &r), ==, HASH_OK);
    g_assert_cmphex(r.raddr, ==, 0x00abc567);
    g_assert_cmpuint(r.page_shift, ==, 12);
    g_assert_cmphex(hpte_r(ptex) & (R_BIT | C_BIT), ==, R_BIT);
    /* C clear: no write permission for the TLB yet */
    g_assert_false(r.prot & PROT_WRITE);
    g_assert_cmpint(walk(ea, STORE_ACC, MMU_IDX_KERNEL, &r), ==, HASH_OK);
    g_assert_cmphex(hpte_r(ptex) & (R_BIT | C_BIT), ==, R_BIT | C_BIT);
    g_assert_true(r.prot & PROT_WRITE);
    /* the next 4K page has no HPTE */
    g_assert_cmpint(walk(ea + 0x1000, LOAD, MMU_IDX_KERNEL, &r), ==,
                    HASH_FAULT_NOPTE);
    /* no SLB entry for another segment */
    g_assert_cmpint(walk(0xd000000000000000ull, LOAD, MMU_IDX_KERNEL, &r),
                    ==, HASH_FAULT_SEGMENT);
    teardown();
}

static void test_64k_secondary_1t(void)
{
    PPCHashResult r;
    uint64_t ea = 0x00003fff12345678ull;

    setup();
    hash_segment(env, 5, ea, 0x2abcdef, true, LLP_64K | KP);
    map(0x2abcdef, true, ea, 16, 16, 0x1, 0x01230000, M_BIT | 2, true, 7);
    g_assert_cmpint(walk(ea, LOAD, MMU_IDX_USER, &r), ==, HASH_OK);
    g_assert_cmphex(r.raddr, ==, 0x01235678);
    g_assert_cmpuint(r.page_shift, ==, 16);
    g_assert_cmpuint(r.ptex & 7, ==, 7);
    teardown();
}

static void test_16m_and_mpss(void)
{
    PPCHashResult r;
    uint64_t ea16 = 0xc000000013456789ull, ea = 0x10000000ull + 0x7abcd;

    setup();
    /* a 16M segment of 16M pages */
    hash_segment(env, 2, ea16, 0x777, false, LLP_16M);
    map(0x777, false, ea16, 24, 24, 0x0, 0x01000000, M_BIT, false, 0);
    g_assert_cmpint(walk(ea16, LOAD, MMU_IDX_KERNEL, &r), ==, HASH_OK);
    g_assert_cmphex(r.raddr, ==, 0x01456789);
    g_assert_cmpuint(r.page_shift, ==, 24);
    /* a 64K page in a 4K segment (base 4K hashes, actual 64K maps) */
    hash_segment(env, 3, ea, 0x999, false, 0);
    map(0x999, false, ea, 12, 16, 0x7, 0x00ab0000, M_BIT, false, 1);
    g_assert_cmpint(walk(ea, LOAD, MMU_IDX_KERNEL, &r), ==, HASH_OK);
    g_assert_cmphex(r.raddr, ==, 0x00ababcd); /* 0xab0000 + (0x7abcd & 0xffff) */
    g_assert_cmpuint(r.page_shift, ==, 16);
    /* a 16M page in a 64K segment */
    hash_segment(env, 4, 0x20000000ull, 0x555, false, LLP_64K);
    map(0x555, false, 0x20123456ull, 16, 24, 0x8, 0x01000000, M_BIT, false,
        2);
    g_assert_cmpint(walk(0x20123456ull, LOAD, MMU_IDX_KERNEL, &r), ==,
                    HASH_OK);
    g_assert_cmphex(r.raddr, ==, 0x01123456);
    teardown();
}

static void test_protection(void)
{
    PPCHashResult r;
    uint64_t ea = 0x40000000ull;

    setup();
    /* problem state uses Kp = 1, privileged Ks = 0 */
    hash_segment(env, 0, ea, 0x42, false, KP);
    map(0x42, false, ea, 12, 12, -1, 0x10000, M_BIT | C_BIT | 1, false, 0);
    /* key 1, PP 001: read-only; key 0: read/write */
    g_assert_cmpint(walk(ea, LOAD, MMU_IDX_USER, &r), ==, HASH_OK);
    g_assert_cmpint(walk(ea, STORE_ACC, MMU_IDX_USER, &r), ==,
                    HASH_FAULT_PROT);
    g_assert_cmpint(walk(ea, STORE_ACC, MMU_IDX_KERNEL, &r), ==, HASH_OK);
    /* PP 000: none for key 1 */
    map(0x42, false, ea + 0x1000, 12, 12, -1, 0x11000, M_BIT, false, 1);
    g_assert_cmpint(walk(ea + 0x1000, LOAD, MMU_IDX_USER, &r), ==,
                    HASH_FAULT_PROT);
    /* PP0 = 1, PP 10 (110): read-only even for key 0 */
    map(0x42, false, ea + 0x2000, 12, 12, -1, 0x12000,
        (1ull << 63) | M_BIT | 2, false, 2);
    g_assert_cmpint(walk(ea + 0x2000, STORE_ACC, MMU_IDX_KERNEL, &r), ==,
                    HASH_FAULT_PROT);
    /* no-execute page, guarded page, no-execute segment */
    map(0x42, false, ea + 0x3000, 12, 12, -1, 0x13000, M_BIT | N_BIT | 2,
        false, 3);
    g_assert_cmpint(walk(ea + 0x3000, FETCH, MMU_IDX_KERNEL, &r), ==,
                    HASH_FAULT_NOEXEC);
    map(0x42, false, ea + 0x4000, 12, 12, -1, 0x14000, M_BIT | G_BIT | 2,
        false, 4);
    g_assert_cmpint(walk(ea + 0x4000, FETCH, MMU_IDX_KERNEL, &r), ==,
                    HASH_FAULT_NOEXEC);
    g_assert_cmpint(walk(ea, FETCH, MMU_IDX_KERNEL, &r), ==, HASH_OK);
    hash_segment(env, 0, ea, 0x42, false, KP | SEG_N);
    g_assert_cmpint(walk(ea, FETCH, MMU_IDX_KERNEL, &r), ==,
                    HASH_FAULT_NOEXEC);
    teardown();
}

static void test_keys(void)
{
    PPCHashResult r;
    uint64_t ea = 0x50000000ull;

    setup();
    hash_segment(env, 0, ea, 0x43, false, 0);
    /* storage key 0b01011 = 11: key bits 0:1 = 01, 2:4 = 011 */
    map(0x43, false, ea, 12, 12, -1, 0x20000,
        0x1000000000000000ull | (3ull << 9) | M_BIT | C_BIT | 2, false, 0);
    g_assert_cmpint(walk(ea, STORE_ACC, MMU_IDX_KERNEL, &r), ==, HASH_OK);
    g_assert_cmpuint(r.key, ==, 11);
    /* AMR bit 2k: no stores; 2k+1: no loads (ISA bit numbers) */
    ppc_store_amr(env, 1ull << (63 - 22));
    g_assert_cmpint(walk(ea, STORE_ACC, MMU_IDX_KERNEL, &r), ==,
                    HASH_FAULT_KEY);
    g_assert_cmpint(walk(ea, LOAD, MMU_IDX_USER, &r), ==, HASH_OK);
    ppc_store_amr(env, 1ull << (63 - 23));
    g_assert_cmpint(walk(ea, LOAD, MMU_IDX_USER, &r), ==, HASH_FAULT_KEY);
    ppc_store_amr(env, 0);
    ppc_store_iamr(env, 1ull << (63 - 23));
    g_assert_cmpint(walk(ea, FETCH, MMU_IDX_KERNEL, &r), ==, HASH_FAULT_KEY);
    /* another key's bits change nothing */
    ppc_store_iamr(env, 1ull << (63 - 1));
    g_assert_cmpint(walk(ea, FETCH, MMU_IDX_KERNEL, &r), ==, HASH_OK);
    teardown();
}

static void test_slb(void)
{
    uint64_t vsid;

    setup();
    hash_segment(env, 1, 0xc000000000000000ull, 0x1000, true, KS | SEG_C);
    hash_segment(env, 2, 0x10000000ull, 0x2000, false, KP | SEG_C);
    hash_segment(env, 3, 0x20000000ull, 0x3000, false, KP);
    g_assert_cmphex(ppc_slb_load_esid(env, 2), ==, 0x10000000ull | ESID_V);
    g_assert_cmphex(ppc_slb_load_vsid(env, 2), ==, (0x2000ull << 12) | KP |
                                                       SEG_C);
    g_assert_true(ppc_slb_find(env, 0xc000001234567890ull, &vsid));
    g_assert_cmphex(vsid, ==, (0x1000ull << 24) | SSIZE_1T | KS | SEG_C);
    g_assert_false(ppc_slb_find(env, 0x30000000ull, &vsid));
    /* slbie with the wrong segment size leaves the entry */
    ppc_slb_invalidate(env, 0x20000000ull | (1ull << (63 - 38)));
    g_assert_true(ppc_slb_find(env, 0x20000000ull, &vsid));
    ppc_slb_invalidate(env, 0x20000000ull);
    g_assert_false(ppc_slb_find(env, 0x20000000ull, &vsid));
    /* slbia IH=3: class 1 only */
    hash_segment(env, 3, 0x20000000ull, 0x3000, false, KP);
    ppc_slb_invalidate_all(env, 3);
    g_assert_false(ppc_slb_find(env, 0x10000000ull, &vsid));
    g_assert_false(ppc_slb_find(env, 0xc000000000000000ull, &vsid));
    g_assert_true(ppc_slb_find(env, 0x20000000ull, &vsid));
    /* IH=0: all but entry 0 */
    hash_segment(env, 0, 0x30000000ull, 0x4000, false, 0);
    ppc_slb_invalidate_all(env, 0);
    g_assert_true(ppc_slb_find(env, 0x30000000ull, &vsid));
    g_assert_false(ppc_slb_find(env, 0x20000000ull, &vsid));
    /* an index beyond the 32 entries */
    g_assert_false(ppc_slb_store(env, ESID_V | 32, 0));
    teardown();
}

/* ------------------------------------------------------------ hcalls */

static int64_t hcall(int64_t (*fn)(SpaprMachine *, CPUPPCState *,
                                   uint64_t *),
                     uint64_t *args)
{
    return fn(&m, env, args);
}

static uint64_t v_4k(uint64_t vsid, uint64_t ea)
{
    return ((vpn_of(vsid, ea, false) >> 11) << 7) | PV;
}

static void test_h_enter(void)
{
    uint64_t a[8];

    setup();
    /* PTEX beyond the 16384 entries */
    memcpy(a, (uint64_t[]){ 0, 16384, v_4k(1, 0), M_BIT }, 32);
    g_assert_cmpint(hcall(h_enter, a), ==, -4);
    /* page beyond RAM */
    memcpy(a, (uint64_t[]){ 0, 8, v_4k(1, 0), RAM_SIZE | M_BIT }, 32);
    g_assert_cmpint(hcall(h_enter, a), ==, -4);
    /* cache-inhibited RAM */
    memcpy(a, (uint64_t[]){ 0, 8, v_4k(1, 0), 0x1000 | 0x20 }, 32);
    g_assert_cmpint(hcall(h_enter, a), ==, -4);
    /* a 16M page is beyond the default cap-hpt-max-page-size (64K) */
    memcpy(a, (uint64_t[]){ 0, 8, v_4k(1, 0) | PL, 0x1000000 | M_BIT }, 32);
    g_assert_cmpint(hcall(h_enter, a), ==, -4);
    cfg.caps.val[SPAPR_CAP_HPT_MAXPAGESIZE] = 24;
    memcpy(a, (uint64_t[]){ 0, 8, v_4k(1, 0) | PL, 0x1000000 | M_BIT }, 32);
    g_assert_cmpint(hcall(h_enter, a), ==, 0);
    g_assert_cmpuint(a[0], ==, 8);
    /* the next free slot of the PTEG, then full */
    for (uint64_t i = 1; i < 8; i++) {
        memcpy(a, (uint64_t[]){ 0, 13, v_4k(2, i << 12), M_BIT }, 32);
        g_assert_cmpint(hcall(h_enter, a), ==, 0);
        g_assert_cmpuint(a[0], ==, 8 + i);
    }
    memcpy(a, (uint64_t[]){ 0, 8, v_4k(3, 0), M_BIT }, 32);
    g_assert_cmpint(hcall(h_enter, a), ==, -6);
    /* H_EXACT on a used slot; on a free one */
    memcpy(a, (uint64_t[]){ P_EXACT, 9, v_4k(3, 0), M_BIT }, 32);
    g_assert_cmpint(hcall(h_enter, a), ==, -6);
    memcpy(a, (uint64_t[]){ P_EXACT, 21, v_4k(3, 0), 0x5000 | M_BIT }, 32);
    g_assert_cmpint(hcall(h_enter, a), ==, 0);
    g_assert_cmpuint(a[0], ==, 21);
    teardown();
}

static void test_h_remove_read_protect(void)
{
    uint64_t a[8], v = v_4k(7, 0x3000), r = 0x7000 | M_BIT | 2;
    uint64_t vx;

    setup();
    memcpy(a, (uint64_t[]){ P_EXACT, 42, v, r }, 32);
    g_assert_cmpint(hcall(h_enter, a), ==, 0);
    /* H_READ, one and four entries */
    memcpy(a, (uint64_t[]){ 0, 42 }, 16);
    g_assert_cmpint(hcall(h_read, a), ==, 0);
    g_assert_cmphex(a[0], ==, v);
    g_assert_cmphex(a[1], ==, r);
    memcpy(a, (uint64_t[]){ P_READ_4, 43 }, 16);
    g_assert_cmpint(hcall(h_read, a), ==, 0);
    g_assert_cmphex(a[4], ==, v);
    g_assert_cmphex(a[0], ==, 0);
    memcpy(a, (uint64_t[]){ 0, 1u << 20 }, 16);
    g_assert_cmpint(hcall(h_read, a), ==, -4);
    /* H_PROTECT: new PP 01 and N, AVPN checked */
    memcpy(a, (uint64_t[]){ P_AVPN | N_BIT | 1, 42, (v ^ 0x80) & ~0x7full },
           24);
    g_assert_cmpint(hcall(h_protect, a), ==, -7);
    memcpy(a, (uint64_t[]){ P_AVPN | N_BIT | 1, 42, v & ~0x7full }, 24);
    g_assert_cmpint(hcall(h_protect, a), ==, 0);
    g_assert_cmphex(hpte_r(42), ==, 0x7000 | M_BIT | N_BIT | 1);
    /* H_CLEAR_REF returns the old PTEL */
    put_hpte(42, v, hpte_r(42) | R_BIT | C_BIT);
    memcpy(a, (uint64_t[]){ 0, 42 }, 16);
    g_assert_cmpint(hcall(h_clear_ref, a), ==, 0);
    g_assert_true(a[0] & R_BIT);
    g_assert_cmphex(hpte_r(42) & (R_BIT | C_BIT), ==, C_BIT);
    memcpy(a, (uint64_t[]){ 0, 42 }, 16);
    g_assert_cmpint(hcall(h_clear_mod, a), ==, 0);
    g_assert_cmphex(hpte_r(42) & (R_BIT | C_BIT), ==, 0);
    /* H_REMOVE: not found on an empty slot, then the entry back */
    memcpy(a, (uint64_t[]){ 0, 41, 0 }, 24);
    g_assert_cmpint(hcall(h_remove, a), ==, -7);
    memcpy(a, (uint64_t[]){ 0, 1u << 20, 0 }, 24);
    g_assert_cmpint(hcall(h_remove, a), ==, -4);
    memcpy(a, (uint64_t[]){ 0, 42, 0 }, 24);
    g_assert_cmpint(hcall(h_remove, a), ==, 0);
    vx = a[0];
    g_assert_cmphex(vx, ==, v);
    memcpy(a, (uint64_t[]){ 0, 42, 0 }, 24);
    g_assert_cmpint(hcall(h_remove, a), ==, -7);
    teardown();
}

static void test_h_bulk_remove(void)
{
    uint64_t a[8];
    const uint64_t req = 1ull << 62, end = 3ull << 62, avpn = 1ull << 57;

    setup();
    memcpy(a, (uint64_t[]){ P_EXACT, 64, v_4k(9, 0), 0x9000 | M_BIT }, 32);
    g_assert_cmpint(hcall(h_enter, a), ==, 0);
    put_hpte(64, v_4k(9, 0), 0x9000 | M_BIT | R_BIT);
    memcpy(a, (uint64_t[]){ req | avpn | 64, v_4k(9, 0) & ~0x7full,
                            req | 65, 0, end, 0 }, 48);
    g_assert_cmpint(hcall(h_bulk_remove, a), ==, 0);
    /* response 10, code 0, R set; then response 10, code 1 (not found) */
    g_assert_cmphex(a[0] >> 56, ==, 0x88 | 0x02);
    g_assert_cmphex(a[0] & 0xffffff, ==, 64);
    g_assert_cmphex(a[2] >> 60, ==, 0x9);
    /* a response where a request must be */
    memcpy(a, (uint64_t[]){ 2ull << 62 | 64, 0 }, 16);
    g_assert_cmpint(hcall(h_bulk_remove, a), ==, -4);
    teardown();
}

/* the TLB keeps a translation until the hcall that changes its HPTE */
static void test_tlb_flush(void)
{
    uint64_t ea = 0x60005000ull, ra, a[8];
    int prot;
    TLBEntry *e;

    setup();
    hash_segment(env, 6, ea, 0x66, false, 0);
    env->msr |= MSR_BIT(MSR_DR) | MSR_BIT(MSR_IR);
    uint64_t ptex = map(0x66, false, ea, 12, 12, -1, 0x30000, M_BIT | C_BIT |
                        2, false, 0);
    g_assert_true(ppc_mmu_translate(env, ea, LOAD, MMU_IDX_KERNEL, &ra,
                                    &prot, false, 0));
    g_assert_cmphex(ra, ==, 0x30000);
    g_assert_nonnull(cpu_probe_access(env, ea, 8, false, MMU_IDX_KERNEL, 0));
    e = &env->tlb[MMU_IDX_KERNEL][(ea >> TARGET_PAGE_BITS) & (TLB_SIZE - 1)];
    g_assert_cmphex(e->addr_read, ==, ea);
    /* removing another page's HPTE keeps it */
    memcpy(a, (uint64_t[]){ P_EXACT, 5000, v_4k(0x67, 0x60000000ull),
                            0x40000 | M_BIT }, 32);
    g_assert_cmpint(hcall(h_enter, a), ==, 0);
    memcpy(a, (uint64_t[]){ 0, 5000, 0 }, 24);
    g_assert_cmpint(hcall(h_remove, a), ==, 0);
    g_assert_cmphex(e->addr_read, ==, ea);
    /* removing its own drops it */
    memcpy(a, (uint64_t[]){ 0, ptex, 0 }, 24);
    g_assert_cmpint(hcall(h_remove, a), ==, 0);
    g_assert_cmphex(e->addr_read, !=, ea);
    teardown();
}

/* the TLB entry of ea in the kernel index, filled through the SLB; true
   if it is (still) there */
static bool tlb_has(uint64_t ea)
{
    TLBEntry *e =
        &env->tlb[MMU_IDX_KERNEL][(ea >> TARGET_PAGE_BITS) & (TLB_SIZE - 1)];
    return e->addr_read == ea;
}

static void fill(uint64_t ea)
{
    g_assert_nonnull(cpu_probe_access(env, ea, 8, false, MMU_IDX_KERNEL, 0));
    g_assert_true(tlb_has(ea));
}

/* slbie, slbia and slbmte over a valid entry drop what the TLB holds
   through the entries they invalidate (Book III 5.9.3.2-4: the entry and
   its lookaside copies), and only that: a context switch (slbia IH=3 or
   slbie of the user segments) keeps the kernel's translations */
static void test_slb_flush(void)
{
    uint64_t kea = 0xc000000000123000ull, uea = 0x10004000ull;
    uint64_t uea2 = 0x20008000ull;

    setup();
    env->msr |= MSR_BIT(MSR_DR) | MSR_BIT(MSR_IR);
    hash_segment(env, 0, kea, 0x1000, true, 0);            /* the kernel's, class 0 */
    hash_segment(env, 2, uea, 0x2000, false, SEG_C);       /* user, class 1 */
    hash_segment(env, 3, uea2, 0x3000, false, SEG_C);
    map(0x1000, true, kea, 12, 12, -1, 0x10000, M_BIT | C_BIT | 2, false, 0);
    map(0x2000, false, uea, 12, 12, -1, 0x20000, M_BIT | C_BIT | 2, false, 0);
    map(0x3000, false, uea2, 12, 12, -1, 0x30000, M_BIT | C_BIT | 2, false,
        0);
    fill(kea);
    fill(uea);
    fill(uea2);

    /* slbie of the first user segment: only its page goes */
    ppc_slb_invalidate(env, uea);
    g_assert_false(tlb_has(uea));
    g_assert_true(tlb_has(uea2));
    g_assert_true(tlb_has(kea));
    /* an access there now takes a segment fault: nothing cached */
    g_assert_cmpint(walk(uea, LOAD, MMU_IDX_KERNEL, &(PPCHashResult){ 0 }),
                    ==, HASH_FAULT_SEGMENT);

    /* slbia IH=3 drops the class-1 segments and their pages */
    hash_segment(env, 2, uea, 0x2000, false, SEG_C);
    fill(uea);
    ppc_slb_invalidate_all(env, 3);
    g_assert_false(tlb_has(uea));
    g_assert_false(tlb_has(uea2));
    g_assert_true(tlb_has(kea));

    /* slbmte over a valid entry: the old segment's pages go; a new
       mapping of the same EA then translates through the new VSID */
    hash_segment(env, 2, uea, 0x2000, false, SEG_C);
    fill(uea);
    map(0x2222, false, uea, 12, 12, -1, 0x50000, M_BIT | C_BIT | 2, false,
        1);
    hash_segment(env, 2, uea, 0x2222, false, SEG_C);
    g_assert_false(tlb_has(uea));
    g_assert_true(tlb_has(kea));
    uint8_t *host = cpu_probe_access(env, uea, 8, false, MMU_IDX_KERNEL, 0);
    g_assert_true(host == m.ram + 0x50000 + (uea & 0xfff));

    /* slbia IH=0 (all but entry 0) keeps entry 0's kernel page; IH=4
       drops it too */
    ppc_slb_invalidate_all(env, 0);
    g_assert_false(tlb_has(uea));
    g_assert_true(tlb_has(kea));
    ppc_slb_invalidate_all(env, 4);
    g_assert_false(tlb_has(kea));

    /* segments at both ends of the EA space: the range is all of it */
    uint64_t top = 0xfffffffff0005000ull;
    hash_segment(env, 0, kea, 0x1000, true, 0);
    hash_segment(env, 4, 0, 0x4000, false, 0);
    hash_segment(env, 5, top, 0x5000, false, 0);
    map(0x5000, false, top, 12, 12, -1, 0x60000, M_BIT | C_BIT | 2, false,
        2);
    fill(kea);
    fill(top);
    ppc_slb_invalidate_all(env, 4);
    g_assert_false(tlb_has(kea));
    g_assert_false(tlb_has(top));
    teardown();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/hash/page/4k-primary", test_4k_primary);
    g_test_add_func("/hash/page/64k-secondary-1t", test_64k_secondary_1t);
    g_test_add_func("/hash/page/16m-mpss", test_16m_and_mpss);
    g_test_add_func("/hash/fault/protection", test_protection);
    g_test_add_func("/hash/fault/keys", test_keys);
    g_test_add_func("/hash/slb", test_slb);
    g_test_add_func("/hash/hcall/enter", test_h_enter);
    g_test_add_func("/hash/hcall/remove-read-protect",
                    test_h_remove_read_protect);
    g_test_add_func("/hash/hcall/bulk-remove", test_h_bulk_remove);
    g_test_add_func("/hash/flush/hcall", test_tlb_flush);
    g_test_add_func("/hash/flush/slb", test_slb_flush);
    return g_test_run();
}
